-- passes: reads the graph, returns nothing
local dprk = assert(graph:get("dprk"))
assert(dprk.name == "North Korea")
local n = 0
for _ in dprk:outgoing("sends_workers_to") do n = n + 1 end
assert(n == 2)
