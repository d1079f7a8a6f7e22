-- gc.lua — handle lifetimes: handles outlive the graph variable, closed
-- graphs raise a plain error, closing twice is harmless.
local T = dofile((arg[0]:match("^(.*)/") or ".") .. "/data/check.lua")
local dir = arg[0]:match("^(.*)/") or "."

-- 1. entity, relation, view and iterator handles keep a loaded graph alive
local e, r, v, it
do
	local g = kg.load(dir .. "/data")
	e, r, v = g:get("alpha"), g:relations("cites")(), g:view("country")
	it = g:entities("source")
end
for _ = 1, 3 do collectgarbage() end
T.eq(e.name, "Alphaland", "entity after the graph variable is gone")
T.eq(r.from.id, "src-2", "relation after the graph variable is gone")
T.eq(v:count(), 5, "view after the graph variable is gone")
T.eq(tostring(it()), "source:src-1", "iterator after the graph variable is gone")

-- 2. handles are cached while alive and remade after collection
local g = kg.load(dir .. "/data")
local id1 = tostring(g:get("beta"):incoming()) -- any use
local h = g:get("beta")
collectgarbage()
T.ok(rawequal(g:get("beta"), h), "cached while referenced")
h = nil
collectgarbage()
T.eq(g:get("beta").id, "beta", "remade after collection")
T.ok(id1, "iterator made")

-- 3. a closed graph: every use raises "attempt to use a closed graph"
local a, rel, view = g:get("alpha"), g:relations()(), g:view("country")
local iter = g:entities()
g:close()
g:close() -- idempotent
T.eq(tostring(g), "kg.Graph (closed)", "tostring of a closed graph")
T.eq(tostring(a), "kg.Entity (closed graph)", "tostring of its entity")
T.checkerr("attempt to use a closed graph", function() return g:get("alpha") end)
T.checkerr("attempt to use a closed graph", function() return g:count() end)
T.checkerr("attempt to use a closed graph", function() return a.name end)
T.checkerr("attempt to use a closed graph", function() return rel.to end)
T.checkerr("attempt to use a closed graph", function() return view:count() end)
T.checkerr("attempt to use a closed graph", function() return iter() end)
T.checkerr("attempt to use a closed graph", function() return #g end)

-- 4. <close> closes at the end of the scope
local kept
do
	local g2 <close> = kg.load(dir .. "/data")
	kept = g2:get("gamma")
	T.eq(kept.name, "Gammaland", "usable inside the scope")
end
T.checkerr("attempt to use a closed graph", function() return kept.name end)

-- 5. a where function that closes the graph mid-scan is caught
local g3 = kg.load(dir .. "/data")
T.checkerr("attempt to use a closed graph", function()
	for _ in g3:entities{where = function() g3:close() return true end} do end
end)

-- 6. many handles: creation and collection stay bounded
local g4 = kg.load(dir .. "/data")
for _ = 1, 20000 do
	for x in g4:relations() do local _ = x.from end
end
collectgarbage()
T.ok(collectgarbage("count") < 10000, "memory stays bounded")
