-- passes with return values, formatted as kg eval prints them
local names = {}
for r in graph:get("dprk"):outgoing("sends_workers_to") do names[#names + 1] = r.to.id end
table.sort(names)
return #names, names, graph:get("russia")
