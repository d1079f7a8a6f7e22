-- filters.lua — entity filters: type names with subtypes, lists, where, count.
local T = dofile((arg[0]:match("^(.*)/") or ".") .. "/data/check.lua")
local g = graph

-- 1. a type name includes its subtypes
T.eq(T.list(g:entities("actor")),
	"country:alpha country:beta country:gamma country:delta country:epsilon organization:union", "subtypes")
T.eq(g:count("entity"), 9, "the root type")
T.eq(g:count("country"), 5, "count(type)")

-- 2. tables: type (one or several), where, both
T.eq(T.list(g:entities{type = {"city", "source"}}), "city:alpha-city source:src-1 source:src-2", "several types")
T.eq(T.list(g:entities{type = {}}), "", "no types: nothing")
T.eq(T.list(g:entities{type = "country", where = function(e) return e.iso3 ~= nil end}),
	"country:alpha country:beta", "type and where")
T.eq(g:count{where = function(e) return e.name ~= e.id end}, 5, "where alone")
T.eq(g:count{}, 9, "empty filter: everything")

-- 3. where sees each candidate once, in order, and its errors propagate
local order = {}
for _ in g:entities{type = "source", where = function(e) order[#order + 1] = e.id return false end} do end
T.eq(table.concat(order, " "), "src-1 src-2", "where order")
T.checkerr("boom", function()
	for _ in g:entities{where = function() error("boom") end} do end
end)

-- 4. iterators keep their graph and view alive and stop cleanly
local it = g:view("country"):entities()
collectgarbage()
collectgarbage()
T.eq(tostring(it()), "country:alpha", "iterator holds the view")
local rest = 0
for _ in it do rest = rest + 1 end
T.eq(rest, 4, "iterator resumes")
T.eq(it(), nil, "exhausted iterator stays exhausted")

-- 5. bad filters are argument errors naming the function
T.checkerr("bad argument #1 to 'entities' (unknown entity type 'nation')",
	function() return g:entities("nation") end)
T.checkerr("bad argument #1 to 'entities' (unknown filter key 'tpye')",
	function() return g:entities{tpye = "country"} end)
T.checkerr("bad argument #1 to 'entities' (unknown filter key 'from')",
	function() return g:entities{from = "alpha"} end)
T.checkerr("bad argument #1 to 'entities' (type name or filter table expected, got number)",
	function() return g:entities(3) end)
T.checkerr("type must be a string or a list of strings", function() return g:entities{type = 3} end)
T.checkerr("bad argument #1 to 'count' (unknown entity type 'nation')", function() return g:count("nation") end)
