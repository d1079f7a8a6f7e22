-- provenance-audit.lua — answers: what does one source support? Lists every
-- entity, relation and claim that cites the source given as arg[1]
-- (default: dos-tip, the US State Department's trafficking reports).
-- Usage: kg run -g examples/dprk-trafficking queries/provenance-audit.lua [SOURCE-ID]
local R = dofile((arg[0]:gsub("[^/]*$", "")) .. "../lib/report.lua")

local id = arg[1] or "dos-tip"
local src = graph:get(id)
if not src then
	io.stderr:write("provenance-audit: no entity '" .. id .. "'\n")
	os.exit(1)
end
if not src:is("source") then
	io.stderr:write("provenance-audit: '" .. id .. "' is a " .. src.type .. ", not a source\n")
	os.exit(1)
end

print(src.name .. " (" .. src.id .. ", " .. src.type .. "): " .. src.title)
for r in src:outgoing("published_by") do print("  published by " .. r.to.name) end
for r in src:outgoing("part_of") do print("  part of " .. r.to.name) end

local ents, rels, claims = {}, {}, {}
for e in graph:entities{} do
	if R.cites(e.sources, id) then ents[#ents + 1] = {text = e.name .. " (" .. e.type .. ")"} end
	for k in pairs(e:attributes()) do
		for _, c in ipairs(e:claims(k)) do
			if R.cites(c.sources, id) then
				claims[#claims + 1] = {text = e.name .. ": " .. k .. " = " .. R.value(c.value)}
			end
		end
	end
end
for r in graph:relations{} do
	if R.cites(r.sources, id) then
		rels[#rels + 1] = {text = R.rel(r) .. R.detail(r)}
	end
	for k in pairs(r:attributes()) do
		for _, c in ipairs(r:claims(k)) do
			if R.cites(c.sources, id) then
				claims[#claims + 1] = {text = R.rel(r) .. ": " .. k .. " = " .. R.value(c.value)
					.. (c.as_of and (" as of " .. c.as_of) or "")}
			end
		end
	end
end

local function section(title, rows)
	print()
	print(title .. " (" .. #rows .. "):")
	if #rows == 0 then print("  none") end
	for _, row in ipairs(R.sort(rows, "text")) do print("  " .. row.text) end
end
section("Entities it supports", ents)
section("Relations it supports", rels)
section("Claims it supports", claims)
