-- prov.lua — g:conflicts() and g:report(): the tables of kg conflicts and
-- kg report, on the crafted provenance graph (tests/prov/graph.yaml).
local T = dofile((arg[0]:match("^(.*)/") or ".") .. "/data/check.lua")
local dir = arg[0]:match("^(.*)/") or "."
local g = kg.load(dir .. "/../prov/graph.yaml")

-- 1. conflicts: one per attribute and date, claims numbered as item:claims
local cs = g:conflicts()
T.eq(#cs, 5, "conflicts")
local seen = {}
for _, c in ipairs(cs) do
	local claims = c.item:claims(c.attribute)
	local line = tostring(c.item) .. "." .. c.attribute .. "@" .. (c.as_of or "-") ..
		" win=" .. c.winner .. " " .. tostring(c.resolved) .. " [" .. table.concat(c.claims, ",") .. "]"
	seen[#seen + 1] = line
	T.ok(claims[c.winner] ~= nil, "winner is a claim of " .. line)
	for _, i in ipairs(c.claims) do
		T.eq(claims[i].as_of, c.as_of, "every claim of the group has its date: " .. line)
	end
end
T.eq(table.concat(seen, "\n"), table.concat({
	"place:alpha.population@2019 win=1 false [1,2]",
	"place:alpha.status@- win=1 true [1,2]",
	"place:beta.status@- win=1 false [1,2,3]",
	"place:gamma.tags@2018 win=2 true [1,2]",
	"links:alpha->gamma.amount@2015 win=2 true [1,2,3]",
}, "\n"), "conflicts")
T.eq(cs[5].item.from, g:get("alpha"), "a relation handle")
T.eq(cs[5].item.id, "alpha-gamma", "relation id")
T.eq(g:get("alpha").population, 10, "the plain read agrees with the winner")

-- 2. report: the counts kg report prints, handles for ids
local r = g:report()
T.eq(r.facts.entities, 8, "facts.entities")
T.eq(r.facts.relations, 4, "facts.relations")
T.eq(r.facts.claims, 19, "facts.claims")
T.eq(r.unsourced_counts.relations, 1, "unsourced relations")
T.eq(r.single_source.claims, 17, "single-source claims")
T.eq(r.source_entities, 4, "source entities")
T.eq(r.source_entities_unsourced, 3, "sources citing none")
T.eq(r.sources[1].source, g:get("s1"), "most cited source first")
T.eq(r.sources[1].sole, 13, "facts resting on s1 alone")
T.eq(#r.uncited, 1, "one uncited source")
T.eq(r.uncited[1], g:get("s-orphan"), "the uncited source")
local u = {}
for _, f in ipairs(r.unsourced) do
	u[#u + 1] = f.kind .. " " .. tostring(f.item) .. (f.attribute and ("." .. f.attribute .. "#" .. f.claim) or "")
end
T.eq(table.concat(u, "; "), "claim place:gamma.tags#2; entity place:delta; relation links:beta->gamma",
	"unsourced facts")
T.eq(r.entity_types.place.oldest_as_of, "2012-05", "oldest date of places")
T.eq(r.entity_types.place.oldest.item, g:get("alpha"), "the oldest fact")
T.eq(r.relation_types.links.oldest_as_of, "2010", "oldest date of links")
T.eq(r.entity_types.source.oldest_as_of, nil, "undated type")
T.eq(r.entity_types.place.count, 4, "places")

-- 3. the test graph has claims but no conflicts; a closed graph refuses
T.eq(#graph:conflicts(), 0, "no conflicts in tests/lua/data")
T.eq(graph:report().facts.entities, graph:stats().entities, "report counts as stats")
g:close()
T.checkerr("closed graph", g.conflicts, g)
T.checkerr("closed graph", g.report, g)
T.checkerr("kg.Graph expected", graph.report, "x")

-- g:supported_by(src): every entity, relation and claim citing it, the same
-- as scanning the graph by hand; `alone` the facts citing nothing else
do
local g = kg.load(dir .. "/../prov/graph.yaml")
local function cites(list, src)
	for _, s in ipairs(list or {}) do if s == src then return true end end
	return false
end
for src in g:entities("source") do
	local sup = g:supported_by(src)
	local ne, nr, nc, na = 0, 0, 0, 0
	for e in g:entities{} do
		if cites(e.sources, src) then ne = ne + 1; na = na + (#e.sources == 1 and 1 or 0) end
		for k in pairs(e:attributes()) do
			local cs = e:claims(k)
			for _, c in ipairs(#cs > 1 and cs or {}) do
				if cites(c.sources, src) then nc = nc + 1; na = na + (#c.sources == 1 and 1 or 0) end
			end
		end
	end
	for r in g:relations{} do
		if cites(r.sources, src) then nr = nr + 1; na = na + (#r.sources == 1 and 1 or 0) end
		for k in pairs(r:attributes()) do
			local cs = r:claims(k)
			for _, c in ipairs(#cs > 1 and cs or {}) do
				if cites(c.sources, src) then nc = nc + 1; na = na + (#c.sources == 1 and 1 or 0) end
			end
		end
	end
	T.eq(#sup.entities, ne, src.id .. ": entities")
	T.eq(#sup.relations, nr, src.id .. ": relations")
	T.eq(#sup.claims, nc, src.id .. ": claims")
	T.eq(#sup.alone, na, src.id .. ": alone")
end
T.checkerr("no entity 'nosuch'", g.supported_by, g, "nosuch")
g:close()
end
