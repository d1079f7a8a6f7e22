-- victim-path.lua — answers: what is the path of a North Korean who flees to
-- China and is forcibly repatriated, and what happens to them on return?
-- Uses g:path over the relations that carry a person along that way.
-- Usage: kg run -g examples/dprk-trafficking queries/victim-path.lua [FROM TO]
local R = dofile((arg[0]:gsub("[^/]*$", "")) .. "../lib/report.lua")

local from = arg[1] or "fleeing-north-koreans"
local to = arg[2] or "repatriated-north-koreans"
local steps = graph:path(from, to, {direction = "out",
	types = {"migrates_to", "repatriates_to", "operates", "detains"}})
if not steps then
	print("no path from " .. from .. " to " .. to)
	os.exit(1)
end

print("The path of a repatriated victim (" .. #steps .. " steps):")
for i, r in ipairs(steps) do
	local t = string.format("  %d. %s", i, R.rel(r))
	if r.notes then t = t .. " - " .. r.notes end
	print(t .. " " .. R.srcs(r.sources))
end

-- The group at the end of the path and every group that is part of it.
local last = graph:get(to)
local groups = {last}
for r in last:incoming("part_of") do groups[#groups + 1] = r.from end

print()
print("What happens to them on return:")
local rows = {}
for _, g in ipairs(groups) do
	for r in g:outgoing("victim_of") do
		rows[#rows + 1] = {text = g.name .. " may suffer " .. r.to.name .. " " .. R.srcs(r.sources)}
	end
	for r in g:incoming() do
		if r.type == "punishes" then
			rows[#rows + 1] = {text = r.from.name .. " punishes " .. g.name
				.. (r.reason and (" for " .. r.reason) or "") .. " " .. R.srcs(r.sources)}
		elseif r.type == "detains" then
			rows[#rows + 1] = {text = r.from.name .. " detains " .. g.name .. " " .. R.srcs(r.sources)}
		end
	end
end
for r in graph:relations{type = "subjects_to"} do
	for _, g in ipairs(groups) do
		if r.victims == g.id then
			rows[#rows + 1] = {text = r.from.name .. " subjects " .. g.name .. " to "
				.. r.to.name .. " " .. R.srcs(r.sources)}
		end
	end
end
for _, row in ipairs(R.sort(rows, "text")) do print("  " .. row.text) end
for _, g in ipairs(groups) do
	if g.description then print("  note: " .. g.name .. ": " .. g.description) end
end

print()
print("What the State Department finds about returnees and victims:")
rows = {}
for r in graph:relations{type = "finds"} do
	local f = r.finding
	if f:find("victim") or f:find("repatriated") or f:find("return") or f:find("leav") then
		rows[#rows + 1] = {text = f .. " " .. R.srcs(r.sources)}
	end
end
for _, row in ipairs(R.sort(rows, "text")) do print("  " .. row.text) end
