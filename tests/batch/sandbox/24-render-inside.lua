-- allowed: kg.render inside the output directory
local path = kg.render(graph:neighborhood("dprk", {depth = 1}), {output = "dprk.dot"})
local f = assert(io.open("dprk.dot"))
local text = f:read("a")
f:close()
assert(text:find("digraph"), text)
return "rendered"
