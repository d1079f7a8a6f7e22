local t = {1, 2.5, "s", true, graph:get("wp"), nested = {a = {b = {}}}}
t.self = t
return t, setmetatable({}, {__tostring = function() error("boom") end})
