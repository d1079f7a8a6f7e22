-- views/workers-abroad.lua — the workers-abroad network: where North Korea
-- sends workers, who employs and watches them, what is done to them, what
-- the state earns, and the Security Council sanctions it evades.
local kinds = {sends_workers_to = true, employs = true, recruits = true, monitors = true,
	earns_from = true, circumvents = true}
local sanctions = graph:get("unsc-sanctions-2017")
local picked = {}
for r in graph:relations{} do
	local keep = kinds[r.type]
		or (r.type == "subjects_to" and (r.victims == "workers-abroad" or r.victims == "students-abroad"))
		or (r.type == "involved_in" and r.to.id == "visa-loophole")
		or (r.from == sanctions and r.type ~= "part_of" and r.type ~= "responds_to")
		or (r.type == "located_in" and (r.from.id == "russian-logging-camps" or r.from.id == "mongolia"
			or r.from.id == "joint-ventures"))
		or (r.type == "victim_of" and r.from.id == "workers-abroad")
		or (r.type == "leads" and r.from.id == "kim-jong-un")
	if keep then picked[#picked + 1] = r end
end
return graph:view(picked, {induced = false})
