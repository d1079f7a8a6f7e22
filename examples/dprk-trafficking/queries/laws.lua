-- laws.lua — answers: which laws, treaties, resolutions and standards touch
-- trafficking in North Korea, what does each cover, and where does the
-- state stand towards it?
-- Usage: kg run -g examples/dprk-trafficking queries/laws.lua
local R = dofile((arg[0]:gsub("[^/]*$", "")) .. "../lib/report.lua")

-- One line of a relation: "PREFIX [NOT ]WORDS (attributes) - notes [sources]".
local function line(prefix, r, words)
	local a = R.attrs(r, {negated = true})
	return prefix .. (r:attributes().negated and "NOT " or "") .. words .. (a ~= "" and " (" .. a .. ")" or "")
		.. (r.notes and " - " .. r.notes or "") .. " " .. R.srcs(r.sources)
end

for _, m in ipairs(graph:match("(e:instrument)"):sort("e.name")) do
	local e, a = m.e, m.e:attributes()
	print(e.name .. " (" .. e.type .. (a.adopted and ", adopted " .. a.adopted or "")
		.. (a.article and ", article " .. a.article or "") .. ") " .. R.srcs(e.sources))
	local lines = {}
	for _, k in ipairs{"text", "description", "deadline"} do
		if a[k] then lines[#lines + 1] = ({text = "text: ", description = "about: ", deadline = "deadline: "})[k] .. a[k] end
	end
	for _, c in ipairs(graph:match(("(e {id: %q})-[r:criminalizes|prohibits|requires|sanctions|targets]->(x)"):format(e.id))) do
		lines[#lines + 1] = line("", c.r, c.r.type .. " " .. c.x.name)
	end
	for _, c in ipairs(graph:match(("(e {id: %q})<-[r:party_to|complies_with|enacts|circumvents]-(x)"):format(e.id))) do
		lines[#lines + 1] = line(c.x.name .. " ", c.r, c.r.type)
	end
	for r in e:outgoing("part_of") do lines[#lines + 1] = "part of " .. r.to.name .. " " .. R.srcs(r.sources) end
	for r in e:incoming("part_of") do lines[#lines + 1] = "has part " .. r.from.name .. " " .. R.srcs(r.sources) end
	table.sort(lines)
	for _, l in ipairs(lines) do print("  " .. l) end
end
