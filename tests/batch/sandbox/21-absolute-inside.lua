-- allowed: files inside the output directory, by relative path
local f = assert(io.open("inside.txt", "w"))
f:write("return 6 * 7\n")
f:close()
local v = dofile("inside.txt")
local chunk = assert(loadfile("inside.txt"))
assert(chunk() == 42)
for l in io.lines("inside.txt") do assert(l == "return 6 * 7") end
assert(os.rename("inside.txt", "moved.txt"))
assert(os.remove("moved.txt"))
assert(not io.open("moved.txt"))
assert(not pcall(os.getenv, "HOME")) -- refused: CI secrets live in the environment
return v
