local n = 0
for e in graph:entities("country") do n = n + 1 end
for e in graph:entities{type = "entity", where = function(e) return e.name:find("a") end} do n = n + 1 end
return n
