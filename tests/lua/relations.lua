-- relations.lua — relation handles and g:relations with its filters.
local T = dofile((arg[0]:match("^(.*)/") or ".") .. "/data/check.lua")
local g = graph
local a = g:get("alpha")

-- 1. fields
local r = g:relations{from = "alpha", type = "sends_workers_to"}()
T.eq(r.id, "alpha-gamma", "id")
T.eq(r.type, "sends_workers_to", "type")
T.eq(r.from, a, "from is the entity")
T.eq(r.to, g:get("gamma"), "to is the entity")
T.eq(T.seq(r.sources), "source:src-1", "sources")
T.eq(r.notes, "seasonal", "notes")
T.ok(r.loc:match("^tests/lua/data/rest%.yaml:%d+:%d+$"), "loc " .. tostring(r.loc))
T.eq(tostring(r), "sends_workers_to:alpha->gamma", "tostring")
local b = g:relations{type = "borders", from = "alpha"}()
T.eq(b.id, nil, "no id given")
T.eq(b.notes, nil, "no notes")
T.eq(#b.sources, 0, "no sources")
T.eq(next(b:attributes()), nil, "no attributes")
T.checkerr("kg.Relation is read-only", function() r.to = a end)

-- 2. all relations, in order; by type name
T.eq(g:count("borders"), 2, "count(relation type)")
local n = 0
for _ in g:relations() do n = n + 1 end
T.eq(n, 8, "every relation")
T.eq(T.list(g:relations("member_of")), "member_of:alpha->union member_of:beta->union", "by type")
T.eq(T.list(g:relations{type = {"cites", "located_in"}}), "located_in:alpha-city->alpha cites:src-2->src-1",
	"several types")

-- 3. from / to: ids or handles; symmetric relations match from either end
T.eq(T.list(g:relations{to = "union"}), "member_of:alpha->union member_of:beta->union", "to")
T.eq(T.list(g:relations{to = g:get("delta")}), "sends_workers_to:gamma->delta", "to handle")
T.eq(T.list(g:relations{from = "gamma", type = "borders"}), "borders:beta->gamma", "symmetric from the far end")
T.eq(T.list(g:relations{from = "beta", to = "alpha"}), "borders:alpha->beta", "symmetric reversed")
T.eq(T.list(g:relations{from = "delta", to = "gamma"}), "", "directed relations are not reversed")
T.eq(T.list(g:relations{from = "alpha", to = "gamma"}), "sends_workers_to:alpha->gamma", "from and to")

-- 4. where
T.eq(T.list(g:relations{where = function(x) local w = x:attributes().workers return w and w.value == 40 end}),
	"sends_workers_to:gamma->delta", "where")
T.eq(g:count{type = "sends_workers_to", where = function(x) return x.from.id == "alpha" end}, 1,
	"count with a relation filter")

-- 5. errors name the function and the argument
T.checkerr("bad argument #1 to 'relations' (unknown relation type 'country')",
	function() return g:relations("country") end)
T.checkerr("bad argument #1 to 'relations' (unknown filter key 'form')",
	function() return g:relations{form = "alpha"} end)
T.checkerr("from: no entity 'nowhere'", g.relations, g, {from = "nowhere"})
T.checkerr("to must be an entity id or entity", g.relations, g, {to = 5})
T.checkerr("where must be a function", g.relations, g, {where = 1})
