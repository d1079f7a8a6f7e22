-- a string doubling past the limit, its memory error caught by pcall first
local s = "x"
local ok = pcall(function() while true do s = s .. s end end)
assert(not ok)
s = nil
collectgarbage()
local t = {}
while true do t[#t + 1] = {} end
