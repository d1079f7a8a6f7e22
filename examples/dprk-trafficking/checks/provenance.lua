-- checks/provenance.lua — proves the graph's provenance is complete: every
-- relation cites a source, every entity but the sources cites one, every
-- claim of a multi-claim attribute cites one, and everything cited is an
-- entity of type source (or a subtype). Raises an error listing each
-- problem, so `kg run` exits 1; prints a one-line summary when all is well.
local problems = {}
local function bad(fmt, ...) problems[#problems + 1] = string.format(fmt, ...) end

local function check_cited(list, where)
	for _, s in ipairs(list) do
		if graph:get(s.id) ~= s then bad("%s cites %s, which is not in the graph", where, s.id) end
		if not s:is("source") then bad("%s cites %s, a %s, not a source", where, s.id, s.type) end
	end
end

local function check_claims(x, where)
	for k in pairs(x:attributes()) do
		local cs = x:claims(k)
		if #cs > 1 then
			for i, c in ipairs(cs) do
				if #c.sources == 0 then bad("%s: claim %d of %s has no source", where, i, k) end
				check_cited(c.sources, where .. " claim " .. k)
			end
		end
	end
end

local ne, nr, ncite = 0, 0, 0
for e in graph:entities{} do
	ne = ne + 1
	local where = tostring(e) .. " at " .. e.loc
	if #e.sources == 0 and not e:is("source") then bad("%s has no source", where) end
	ncite = ncite + #e.sources
	check_cited(e.sources, where)
	check_claims(e, where)
end
for r in graph:relations{} do
	nr = nr + 1
	local where = r.type .. " " .. r.from.id .. " -> " .. r.to.id .. " at " .. r.loc
	if #r.sources == 0 then bad("%s has no source", where) end
	ncite = ncite + #r.sources
	check_cited(r.sources, where)
	check_claims(r, where)
end

if ne == 0 or nr == 0 then bad("the graph is empty (%d entities, %d relations)", ne, nr) end
if #problems > 0 then
	table.sort(problems)
	error(#problems .. " provenance problem(s):\n  " .. table.concat(problems, "\n  "), 0)
end
print(string.format("provenance ok: %d entities, %d relations, %d citations", ne, nr, ncite))
