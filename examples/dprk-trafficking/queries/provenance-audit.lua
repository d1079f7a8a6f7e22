-- provenance-audit.lua — answers: what does one source support? Lists every
-- entity, relation and claim that cites the source given as arg[1]
-- (default: dos-tip, the US State Department's trafficking reports).
-- Usage: kg run -g examples/dprk-trafficking queries/provenance-audit.lua [SOURCE-ID]
local R = dofile((arg[0]:gsub("[^/]*$", "")) .. "../lib/report.lua")

local id = arg[1] or "dos-tip"
local src = graph:get(id)
if not src or not src:is("source") then
	io.stderr:write("provenance-audit: '" .. id .. "' is " .. (src and "a " .. src.type .. ", not a source\n" or "no entity\n"))
	os.exit(1)
end
print(src.name .. " (" .. src.id .. ", " .. src.type .. "): " .. src.title)
for _, m in ipairs(graph:match(("({id: %q})-[r:published_by|part_of]->(x)"):format(id)):sort("-r.type")) do
	print("  " .. m.r.type:gsub("_", " ") .. " " .. m.x.name)
end

local function cites(x) for _, s in ipairs(x.sources) do if s == src then return true end end end
local ents, rels, claims = {}, {}, {}
local function scan(x, label, dated)
	for k in pairs(x:attributes()) do
		for _, c in ipairs(x:claims(k)) do
			if cites(c) then
				claims[#claims + 1] = {text = label .. ": " .. k .. " = " .. R.value(c.value)
					.. (dated and c.as_of and " as of " .. c.as_of or "")}
			end
		end
	end
end
for e in graph:entities{} do
	if cites(e) then ents[#ents + 1] = {text = e.name .. " (" .. e.type .. ")"} end
	scan(e, e.name)
end
for r in graph:relations{} do
	if cites(r) then rels[#rels + 1] = {text = R.rel(r) .. R.detail(r)} end
	scan(r, R.rel(r), true)
end
for _, s in ipairs{{"Entities it supports", ents}, {"Relations it supports", rels}, {"Claims it supports", claims}} do
	print()
	print(s[1] .. " (" .. #s[2] .. "):")
	if #s[2] == 0 then print("  none") end
	R.lines(s[2])
end
