local v = graph:neighborhood("dprk", {depth = 2, direction = "out"})
local w = graph:view(function(e) return e:is("country") end)
local l = graph:view({"dprk", "russia"})
local n = 0
for e in v:entities() do n = n + 1 end
for r in w:relations() do n = n + 1 end
return n, v:get("russia"), l:get("china"), kg.dot(v, {})
