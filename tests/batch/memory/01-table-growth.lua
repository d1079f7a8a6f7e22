-- allocates without bound: stopped by --memory
local t = {}
while true do t[#t + 1] = ("x"):rep(1000) .. #t end
