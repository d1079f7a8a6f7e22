-- changes shared-looking things: the string metatable and a global
getmetatable("").__index = {upper = function() return "pwned" end}
leaked = true
return ("a"):upper()
