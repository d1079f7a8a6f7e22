-- views/victim-path.lua — the path of a repatriated victim: flight to China,
-- forced return, the prison camps, and what may happen to them there.
local path = graph:path("fleeing-north-koreans", "repatriated-north-koreans", {direction = "out",
	types = {"migrates_to", "repatriates_to", "operates", "detains"}})
assert(path, "no path from fleeing-north-koreans to repatriated-north-koreans")
local picked = {}
for _, r in ipairs(path) do picked[#picked + 1] = r end
local groups = {["repatriated-north-koreans"] = true, ["fleeing-north-koreans"] = true,
	["repatriated-women"] = true, ["pregnant-repatriated-victims"] = true,
	["babies-of-repatriated-victims"] = true}
for r in graph:relations{} do
	if (groups[r.from.id] and (r.type == "victim_of" or r.type == "part_of"))
		or (groups[r.to.id] and r.type == "punishes")
		or (r.type == "subjects_to" and groups[r.victims or ""]) then
		picked[#picked + 1] = r
	end
end
return graph:view(picked, {induced = false})
