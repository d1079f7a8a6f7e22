-- finalizers cannot be stopped by --timeout, so setmetatable refuses __gc
local ok, e = pcall(setmetatable, {}, {__gc = function() while true do end end})
assert(not ok and e:find("__gc metamethods are not allowed", 1, true), e)
assert(getmetatable(setmetatable({}, {__index = {a = 1}})).__index.a == 1)
assert(not pcall(os.setlocale, "C"))
assert(os.setlocale() ~= nil)
return "no __gc"
