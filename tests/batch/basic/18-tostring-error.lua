-- the return value cannot be formatted
return setmetatable({}, {__tostring = function() error("no tostring") end})
