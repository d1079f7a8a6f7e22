-- query_match.lua — g:match: patterns, options, views, rows as sequences, errors.
local T = dofile((arg[0]:match("^(.*)/") or ".") .. "/data/check.lua")
local g = graph

-- ids(rows, var): the ids bound to var in each row, joined by " "
local function ids(rows, var)
	local out = {}
	for i, row in ipairs(rows) do out[i] = row[var].id or tostring(row[var]) end
	return table.concat(out, " ")
end

-- 1. one relation: handles in the rows, the same handles as elsewhere
local rows = g:match("(a {id: 'alpha'})-[s:sends_workers_to]->(c:country)")
T.eq(#rows, 1, "one row")
T.eq(rows:count(), 1, "count")
T.eq(rows[1].a, g:get("alpha"), "entity handle")
T.eq(rows[1].c.name, "Gammaland", "fields through the handle")
T.eq(rows[1].s.workers.approx, 500, "relation handle")
T.eq(tostring(rows), "kg.Rows: 1 rows (a, s, c)", "tostring")
T.eq(T.seq(rows:header()), "a s c", "header")

-- 2. iteration: ipairs and rows:iter() give the same rows
local n = 0
for row in g:match("(c:country)"):iter() do n = n + 1; T.ok(row.c:is("country")) end
T.eq(n, 5, "iter")
T.eq(ids(g:match("(c:country)"), "c"), "alpha beta gamma delta epsilon", "ipairs, index order")

-- 3. subtypes, symmetric relations, variable lengths
T.eq(ids(g:match("(x:actor)-[:member_of]->(:organization)"), "x"), "alpha beta", "is_a")
T.eq(ids(g:match("(a {id: 'gamma'})-[:borders]->(b)"), "b"), "beta", "symmetric: as e:outgoing sees it")
T.eq(ids(g:match("(a {id: 'alpha'})-[:sends_workers_to*1..2]->(c)"), "c"), "gamma delta", "*1..2")
T.eq(ids(g:match("(d {id: 'delta'})<-[:sends_workers_to*1..3]-(c)"), "c"), "gamma alpha", "backwards")

-- 4. joins and the same variable twice
T.eq(ids(g:match("(a:country)-[:member_of]->(u), (b)-[:member_of]->(u), (a)-[:borders]->(b)"), "a"),
	"alpha beta", "a join on u")
T.eq(#g:match("(a)-[:borders]->(a)"), 0, "a loop: none")

-- 5. options: where, limit; errors from where propagate
T.eq(ids(g:match("(c:country)", {where = function(r) return r.c.iso3 end}), "c"), "alpha beta", "where")
T.eq(#g:match("(c:country)", {limit = 2}), 2, "limit")
T.eq(#g:match("(c:country)", {limit = 0}), 0, "limit 0")
T.eq(#g:match("(c:country)", {where = function(r) return r.c.iso3 end, limit = 1}), 1, "where and limit")
T.checkerr("boom", function() return g:match("(c:country)", {where = function() error("boom") end}) end)
T.checkerr("unknown option 'wher'", function() return g:match("(c)", {wher = print}) end)
T.checkerr("limit must be an integer of at least 0", function() return g:match("(c)", {limit = -1}) end)
T.checkerr("more than 3 rows", function() return g:match("(c)", {max_rows = 3}) end)
T.checkerr("the match did more than 10 steps", function() return g:match("(a)--(b)--(c)", {max_steps = 10}) end)

-- 6. a view restricts the match
local v = g:view{type = "country", where = function(e) return e.id ~= "gamma" end}
T.eq(ids(v:match("(a)-[:sends_workers_to]->(b)"), "a"), "", "relations outside the view")
T.eq(ids(v:match("(a)-[:borders]->(b)"), "a"), "alpha beta", "inside the view")

-- 7. errors: located, with the caret line, and suggestions
T.checkerr("pattern:1:15: expected ')' to close the node opened at 1:1, got '-'\n  (d {id:'dprk'}-[s]->(c)\n                ^",
	function() return g:match("(d {id:'dprk'}-[s]->(c)") end)
T.checkerr("unknown relation type 'membr_of' (did you mean 'member_of'?)", function() return g:match("(a)-[:membr_of]->(b)") end)
T.checkerr("relation type 'sends_workers_to' has no attribute 'worker' (did you mean 'workers'?)",
	function() return g:match("(a)-[:sends_workers_to {worker: 1}]->(b)") end)
T.checkerr("variable 's' is an entity at 1:2 and a relation here", function() return g:match("(s)-[s]->(b)") end)
T.checkerr("pattern of 10000 bytes; at most 4096", function() return g:match(string.rep("(a)", 3334):sub(1, 10000)) end)
T.checkerr("bad argument #1 to 'match' (string expected", function() return g:match() end)

-- 8. a closed graph
local g2 = kg.load("tests/lua/data")
local r2 = g2:match("(c:country)")
g2:close()
T.checkerr("attempt to use a closed graph", function() return g2:match("(c)") end)
T.checkerr("attempt to use a closed graph", function() return r2:view() end)
local g3 = kg.load("tests/lua/data")
T.checkerr("attempt to use a closed graph", function()
	return g3:match("(c)-->(d)", {where = function() g3:close() return true end})
end)
local g4 = kg.load("tests/lua/data")
T.checkerr("attempt to use a closed graph", function()
	return g4:match("(c)", {where = function() g4:close() return false end})
end)
