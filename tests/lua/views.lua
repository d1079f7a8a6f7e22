-- views.lua — views: from filters and lists, views of views, neighborhoods.
local T = dofile((arg[0]:match("^(.*)/") or ".") .. "/data/check.lua")
local g = graph

-- 1. a view of a type: its entities and the relations among them
local c = g:view("country")
T.eq(tostring(c), "kg.View: 5 entities, 4 relations", "view(type)")
T.eq(#c, 5, "#view")
T.eq(T.list(c:relations()), "borders:alpha->beta borders:beta->gamma sends_workers_to:alpha->gamma sends_workers_to:gamma->delta",
	"induced relations")
T.eq(c:get("union"), nil, "get outside the view")
T.eq(c:get("alpha"), g:get("alpha"), "get inside the view")
T.eq(T.flat(c:stats().types), "country=5", "stats of a view")
T.eq(c:stats().relations, 4, "stats relations")

-- 2. views of views keep narrowing; the same methods work
local v2 = c:view{where = function(e) return e.name ~= e.id end}
T.eq(T.list(v2:entities()), "country:alpha country:gamma country:epsilon", "view of a view")
T.eq(T.list(v2:relations()), "sends_workers_to:alpha->gamma", "relations among them in the parent")
T.eq(v2:count("country"), 3, "count in a view")
T.eq(v2:view("actor"):count(), 3, "view of a view of a view")
T.eq(#c:view(), 5, "view() copies")

-- 3. relation filters make views of relations and their endpoints
local sw = g:view("sends_workers_to")
T.eq(tostring(sw), "kg.View: 3 entities, 2 relations", "view(relation type)")
local fa = g:view{from = "alpha"}
T.eq(fa:count(), 4, "from alpha: alpha and its three neighbours")

-- 4. lists: entities alone take the relations among them; relations exactly
local l = g:view{"alpha", g:get("beta"), "union"}
T.eq(tostring(l), "kg.View: 3 entities, 3 relations", "view(list of entities)")
local path = g:path("alpha", "delta")
local pv = g:view(path)
T.eq(tostring(pv), "kg.View: 3 entities, 2 relations", "view(path)")
T.eq(tostring(g:view({"alpha", "beta"}, {induced = false})), "kg.View: 2 entities, 0 relations", "induced = false")
T.eq(tostring(g:view(path, {induced = true})), "kg.View: 3 entities, 2 relations", "induced = true")
T.checkerr("item 2: no entity 'nowhere' in the view", function() return g:view{"alpha", "nowhere"} end)
T.checkerr("item 1: no entity 'union' in the view", function() return c:view{"union"} end)
T.checkerr("unknown option 'inducd'", function() return g:view({"alpha"}, {inducd = true}) end)

-- 5. neighborhoods: depth, direction, types; inside views
local function ids(v) return T.list(v:entities()) end
T.eq(ids(g:neighborhood("gamma")), "country:alpha country:beta country:gamma country:delta", "depth 1 both")
T.eq(ids(g:neighborhood("gamma", {direction = "out"})), "country:beta country:gamma country:delta",
	"out (symmetric borders count both ways)")
T.eq(ids(g:neighborhood("gamma", {direction = "in"})), "country:alpha country:beta country:gamma", "in")
T.eq(ids(g:neighborhood("gamma", {depth = 0})), "country:gamma", "depth 0")
T.eq(g:neighborhood("alpha", {depth = 2, direction = "out"}):count(), 5, "depth 2 out")
T.eq(ids(g:neighborhood("alpha", {types = "member_of"})), "country:alpha organization:union", "types")
T.eq(ids(g:neighborhood("alpha", {types = {"borders", "member_of"}, depth = 5})),
	"country:alpha country:beta country:gamma organization:union", "several types")
T.eq(ids(c:neighborhood("alpha", {depth = 10})), "country:alpha country:beta country:gamma country:delta",
	"neighborhood within a view")
T.eq(ids(g:neighborhood("epsilon", {depth = 3})), "country:epsilon", "isolated")
T.eq(g:view("source"):neighborhood("alpha"):count(), 0, "seed outside the view: empty")
local nb = g:neighborhood("gamma", {depth = 1})
T.eq(T.list(nb:relations()), "borders:beta->gamma sends_workers_to:alpha->gamma sends_workers_to:gamma->delta",
	"relations followed")
T.checkerr("depth must be a non-negative integer", function() return g:neighborhood("alpha", {depth = -1}) end)
T.checkerr("depth must be a non-negative integer", function() return g:neighborhood("alpha", {depth = 1.5}) end)
T.checkerr('direction must be "out", "in" or "both"', function() return g:neighborhood("alpha", {direction = "up"}) end)
T.checkerr("unknown relation type 'x'", function() return g:neighborhood("alpha", {types = {"x"}}) end)
T.checkerr("no entity 'zz'", function() return g:neighborhood("zz") end)
