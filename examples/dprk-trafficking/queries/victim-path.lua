-- victim-path.lua — answers: what is the path of a North Korean who flees to
-- China and is forcibly repatriated, and what happens to them on return?
-- Uses g:path over the relations that carry a person along that way.
-- Usage: kg run -g examples/dprk-trafficking queries/victim-path.lua [FROM TO]
local R = dofile((arg[0]:gsub("[^/]*$", "")) .. "../lib/report.lua")

local from, to = arg[1] or "fleeing-north-koreans", arg[2] or "repatriated-north-koreans"
local steps = graph:path(from, to, {direction = "out", types = {"migrates_to", "repatriates_to", "operates", "detains"}})
if not steps then
	print("no path from " .. from .. " to " .. to)
	os.exit(1)
end
print("The path of a repatriated victim (" .. #steps .. " steps):")
for i, r in ipairs(steps) do
	print(string.format("  %d. %s%s %s", i, R.rel(r), r.notes and " - " .. r.notes or "", R.srcs(r.sources)))
end

-- The group at the end of the path and every group that is part of it.
local groups = graph:match(("(g {id: %q})"):format(to))
for _, m in ipairs(graph:match(("(g)-[:part_of]->({id: %q})"):format(to))) do groups[#groups + 1] = m end

print()
print("What happens to them on return:")
local rows = {}
for _, m in ipairs(groups) do
	local g, id = m.g, ("{id: %q}"):format(m.g.id)
	for _, x in ipairs(graph:match("(g " .. id .. ")-[r:victim_of]->(x)")) do
		rows[#rows + 1] = {text = g.name .. " may suffer " .. x.x.name .. " " .. R.srcs(x.r.sources)}
	end
	for _, x in ipairs(graph:match("(g " .. id .. ")<-[r:punishes|detains]-(x)")) do
		local reason = x.r:attributes().reason
		rows[#rows + 1] = {text = x.x.name .. " " .. x.r.type .. " " .. g.name .. (reason and " for " .. reason or "") .. " " .. R.srcs(x.r.sources)}
	end
	for _, x in ipairs(graph:match(("(x)-[r:subjects_to {victims: %q}]->(y)"):format(g.id))) do
		rows[#rows + 1] = {text = x.x.name .. " subjects " .. g.name .. " to " .. x.y.name .. " " .. R.srcs(x.r.sources)}
	end
end
R.lines(rows)
for _, m in ipairs(groups) do
	if m.g.description then print("  note: " .. m.g.name .. ": " .. m.g.description) end
end

print()
print("What the State Department finds about returnees and victims:")
rows = {}
for _, m in ipairs(graph:match("()-[r:finds]->()")) do
	local f = m.r.finding
	if f:find("victim") or f:find("repatriated") or f:find("return") or f:find("leav") then
		rows[#rows + 1] = {text = f .. " " .. R.srcs(m.r.sources)}
	end
end
R.lines(rows)
