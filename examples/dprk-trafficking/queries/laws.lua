-- laws.lua — answers: which laws, treaties, resolutions and standards touch
-- trafficking in North Korea, what does each cover, and where does the
-- state stand towards it?
-- Usage: kg run -g examples/dprk-trafficking queries/laws.lua
local R = dofile((arg[0]:gsub("[^/]*$", "")) .. "../lib/report.lua")

local covers = {criminalizes = true, prohibits = true, requires = true,
	sanctions = true, targets = true}
local stance = {party_to = true, complies_with = true, enacts = true,
	circumvents = true}

local laws = {}
for e in graph:entities("instrument") do laws[#laws + 1] = e end
table.sort(laws, function(a, b) return a.name < b.name end)

for _, e in ipairs(laws) do
	local head = e.name .. " (" .. e.type
	if e.adopted then head = head .. ", adopted " .. e.adopted end
	if e.article then head = head .. ", article " .. e.article end
	print(head .. ") " .. R.srcs(e.sources))
	local lines = {}
	if e.text then lines[#lines + 1] = "text: " .. e.text end
	if e.description then lines[#lines + 1] = "about: " .. e.description end
	if e.deadline then lines[#lines + 1] = "deadline: " .. e.deadline end
	for r in e:outgoing() do
		if covers[r.type] then
			local t = r.type .. " " .. r.to.name
			if r.negated then t = "NOT " .. t end
			local a = R.attrs(r, {negated = true})
			if a ~= "" then t = t .. " (" .. a .. ")" end
			if r.notes then t = t .. " - " .. r.notes end
			lines[#lines + 1] = t .. " " .. R.srcs(r.sources)
		elseif r.type == "part_of" then
			lines[#lines + 1] = "part of " .. r.to.name .. " " .. R.srcs(r.sources)
		end
	end
	for r in e:incoming() do
		if stance[r.type] then
			local t = r.from.name .. (r.negated and " NOT " or " ") .. r.type
			local a = R.attrs(r, {negated = true})
			if a ~= "" then t = t .. " (" .. a .. ")" end
			if r.notes then t = t .. " - " .. r.notes end
			lines[#lines + 1] = t .. " " .. R.srcs(r.sources)
		elseif r.type == "part_of" then
			lines[#lines + 1] = "has part " .. r.from.name .. " " .. R.srcs(r.sources)
		end
	end
	table.sort(lines)
	for _, l in ipairs(lines) do print("  " .. l) end
end
