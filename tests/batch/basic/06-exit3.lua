-- os.exit(3) fails this script only; pcall cannot swallow it
print("before")
local ok = pcall(os.exit, 3)
print("never printed", ok)
while true do end
