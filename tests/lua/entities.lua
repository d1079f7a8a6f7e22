-- entities.lua — entity handles: fields, type tests, adjacency, identity.
local T = dofile((arg[0]:match("^(.*)/") or ".") .. "/data/check.lua")
local g = graph
local a, b, d = g:get("alpha"), g:get("beta"), g:get("delta")

-- 1. fixed fields
T.eq(a.id, "alpha", "id")
T.eq(a.type, "country", "type")
T.eq(a.name, "Alphaland", "name")
T.eq(b.name, "beta", "name defaults to the id")
T.eq(a.notes, "the first country", "notes")
T.eq(b.notes, nil, "notes absent")
T.eq(T.seq(a.aliases), "Alpha The Alpha Republic", "aliases")
T.eq(#b.aliases, 0, "no aliases")
T.eq(T.seq(a.sources), "source:src-1", "sources are entities")
T.eq(a.sources[1].title, "First report", "source fields")
T.ok(a.loc:match("^tests/lua/data/countries%.yaml:%d+:%d+$"), "loc " .. tostring(a.loc))

-- 2. attributes as fields, absent ones nil, attributes()
T.eq(a.iso3, "ALP", "attribute")
T.eq(b.population, nil, "absent attribute")
T.checkerr("entity type 'country' has no attribute 'no_such_thing'", function() return a.no_such_thing end)
local attrs = b:attributes()
T.eq(attrs.iso3, "BET", "attributes().iso3")
T.eq(attrs.workers_abroad.max, 20.5, "attributes() quantity")
local n = 0
for _ in pairs(attrs) do n = n + 1 end
T.eq(n, 2, "attributes() has every attribute")
T.eq(next(g:get("epsilon"):attributes()), nil, "no attributes")

-- 3. is: through is_a; unknown types are errors
T.ok(a:is("country") and a:is("actor") and a:is("entity"), "is ancestors")
T.ok(not a:is("source"), "is other")
T.checkerr("unknown entity type 'nation'", a.is, a, "nation")

-- 4. outgoing and incoming, with and without a type; symmetric both ways
T.eq(T.list(a:outgoing()), "borders:alpha->beta member_of:alpha->union sends_workers_to:alpha->gamma",
	"outgoing")
T.eq(T.list(a:outgoing("borders")), "borders:alpha->beta", "outgoing(type)")
T.eq(T.list(a:outgoing{"borders", "sends_workers_to"}), "borders:alpha->beta sends_workers_to:alpha->gamma",
	"outgoing{types}, as graph:relations takes a list")
T.eq(T.list(a:outgoing{}), "", "outgoing{}: no type, nothing")
T.checkerr("unknown relation type 'border' (did you mean 'borders'?)", function() return a:incoming{"member_of", "border"} end)
T.eq(T.list(b:outgoing("borders")), "borders:alpha->beta borders:beta->gamma", "symmetric seen from both ends")
T.eq(T.list(b:incoming("borders")), "borders:alpha->beta borders:beta->gamma", "symmetric incoming")
T.eq(T.list(d:outgoing()), "", "no outgoing")
T.eq(T.list(d:incoming()), "sends_workers_to:gamma->delta", "incoming")
T.eq(T.list(a:incoming("located_in")), "located_in:alpha-city->alpha", "incoming(type)")
T.checkerr("unknown relation type 'bordrs'", a.outgoing, a, "bordrs")
for r in a:outgoing("sends_workers_to") do
	T.eq(r.to.name, "Gammaland", "r.to.name")
	T.eq(r.workers.approx, 500, "r.workers.approx")
end

-- 5. identity: == and table keys; tostring
T.ok(g:get("alpha") == a, "same entity ==")
T.ok(rawequal(g:get("alpha"), a), "same handle while it lives")
T.ok(a ~= b, "different entities")
local seen = {}
for e in g:entities("country") do seen[e] = true end
T.ok(seen[a] and seen[b], "handles as table keys")
T.eq(tostring(a), "country:alpha", "tostring")
T.eq(T.list(g:entities("source")), "source:src-1 source:src-2", "entities in index order")

-- 6. read-only
T.checkerr("kg.Entity is read-only", function() a.name = "x" end)
T.checkerr("kg.Entity is read-only", function() a.new_field = 1 end)
T.eq(getmetatable(a), false, "metatable is protected")
