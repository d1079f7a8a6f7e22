-- graph.lua — the graph handle: kg.version, kg.load, counts, stats, get.
local T = dofile((arg[0]:match("^(.*)/") or ".") .. "/data/check.lua")
local g = graph

-- 1. the module and the global graph
T.eq(type(kg.version), "string", "kg.version")
T.ok(kg.version:match("^%d+%.%d+%.%d+"), "version format")
T.eq(tostring(g), "kg.Graph: 9 entities, 8 relations", "tostring")
T.eq(#g, 9, "#graph")
T.eq(g:count(), 9, "count()")
T.eq(require("kg"), kg, "require returns the module")

-- 2. get: ids and handles, nil for unknown ids
local a = g:get("alpha")
T.eq(tostring(a), "country:alpha", "get")
T.eq(g:get(a), a, "get(entity)")
T.eq(g:get("no-such"), nil, "get unknown")

-- 3. stats by direct type
local s = g:stats()
T.eq(s.entities, 9, "stats.entities")
T.eq(s.relations, 8, "stats.relations")
T.eq(T.flat(s.types), "city=1 country=5 organization=1 source=2", "stats.types")
T.eq(T.flat(s.relation_types), "borders=2 cites=1 located_in=1 member_of=2 sends_workers_to=2",
	"stats.relation_types")

-- 4. kg.load: a string, a list, a schema option; same graph as `graph`
local dir = arg[0]:match("^(.*)/") or "."
local g2 = kg.load(dir .. "/data")
T.eq(tostring(g2), tostring(g), "kg.load dir")
local g3 = kg.load({dir .. "/data/countries.yaml", dir .. "/data/rest.yaml"},
	{schema = dir .. "/data/schema.yaml"})
T.eq(g3:count(), 9, "kg.load list")
T.ok(g2:get("alpha") ~= g:get("alpha"), "handles of different graphs differ")

-- 5. kg.load errors: FILE:LINE:COL: message (and N more problems)
local ok, err = pcall(kg.load, "tests/bad/load-dup-id.yaml")
T.eq(ok, false, "bad data fails")
T.ok(err:match("^tests/bad/load%-dup%-id%.yaml:%d+:%d+: "), "located message: " .. err)
ok, err = pcall(kg.load, "tests/bad/load-many-sorted.yaml")
T.ok(err:match("%(and %d+ more problems?%)$"), "more problems: " .. err)
ok, err = pcall(kg.load, dir .. "/no-such-dir")
T.eq(ok, false, "missing path fails")
T.checkerr("unknown option 'schemas'", kg.load, dir .. "/data", {schemas = "x"})
T.checkerr("bad argument #1 to 'kg.load'", kg.load, 42)
T.checkerr("no paths given", kg.load, {})

-- 6. graphs are read-only too: methods only through the handle
T.checkerr("kg.Graph or kg.View expected, got number", g.count, 42)
