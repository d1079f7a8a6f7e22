local t = {}
for r in graph:relations{type = "sends_workers_to", from = "dprk"} do
  t[#t + 1] = {r.id, r.type, r.from.id, r.to.name, r.workers, r.sources, r.loc, r:attributes()}
end
return t
