-- query_rows_c.lua — rows of g:match held in C until read: #rows, :count(),
-- :view(), :columns() and :group() give the same from C as from the row
-- tables, and reading a row (rows[i], ipairs, pairs, any other method)
-- makes the tables.
local T = dofile((arg[0]:match("^(.*)/") or ".") .. "/data/check.lua")
local g = graph

-- a whole kg.Rows as text: header, then each row's cells in column order
local function dump(rows)
	local h = rows:header()
	local out = {table.concat(h, ",")}
	for _, row in ipairs(rows) do
		local cells = {}
		for i, k in ipairs(h) do cells[i] = tostring(row[k]) end
		out[#out + 1] = table.concat(cells, ",")
	end
	return table.concat(out, "\n")
end

-- fresh(p): the rows of p, held in C; made(p): the same, made into tables
local function fresh(p) return g:match(p) end
local function made(p)
	local rows = g:match(p)
	local _ = rows[1] -- reading one makes them all
	return rows
end

local patterns = {
	"(e)",
	"(x)-[r]->(y)",
	"(a)-->(b)",
	"(a:country)-[s:sends_workers_to|borders]-(b)",
	"(a)-[:borders*1..2]-(b)",
	"(c:country)<-[m:member_of]-()",
	"(s:source)",
}
local keysets = {
	{"e"}, {"e.type"}, {"e.id"}, {"e.type", "count(*)"}, {"count(*)", "e.id"},
	{"x", "r.type", "count(*)"}, {"r", "count(*)"}, {"r.type", "y.type"}, {"y.id", "x"},
	{"a.type", "b.type", "count(*)"}, {"s", "count(*)"}, {"s.type"}, {"b.id", "a.id", "count(*)"},
	{"c.name", "count(*)"}, {"m.as_of"}, {"c.population"},
}
local compared = 0
for _, p in ipairs(patterns) do
	local f, m = fresh(p), made(p)
	T.eq(#f, #m, "# " .. p)
	T.eq(f:count(), #m, "count " .. p)
	T.eq(tostring(fresh(p):view()), tostring(m:view()), "view " .. p)
	T.eq(tostring(fresh(p)), tostring(m), "tostring " .. p)
	local cols = {}
	for _, c in ipairs(m:header()) do cols[c] = true end
	for _, ks in ipairs(keysets) do
		local ok = true
		for _, k in ipairs(ks) do
			if k ~= "count(*)" and not cols[k:match("^[^.]+")] then ok = false end
		end
		if ok then
			T.eq(dump(fresh(p):columns(table.unpack(ks))), dump(m:columns(table.unpack(ks))),
				"columns " .. table.concat(ks, " ") .. " of " .. p)
			local gk = {}
			for _, k in ipairs(ks) do if k ~= "count(*)" then gk[#gk + 1] = k end end
			if #gk > 0 then
				T.eq(dump(fresh(p):group(table.unpack(gk))), dump(m:group(table.unpack(gk))),
					"group " .. table.concat(gk, " ") .. " of " .. p)
			end
			compared = compared + 1
		end
	end
end
T.ok(compared >= 20, "enough key sets compared: " .. compared)

-- reading: rows[i], ipairs, pairs, iter and sort all see the rows
local rows = fresh("(c:country)")
T.eq(#rows, 5, "# before any row is read")
T.eq(rows[6], nil, "past the end")
T.eq(rows[1].c.id, "alpha", "rows[1]")
local n = 0
for _, row in ipairs(fresh("(c:country)")) do n = n + 1 T.ok(row.c:is("country"), "ipairs row") end
T.eq(n, 5, "ipairs")
n = 0
for k, row in pairs(fresh("(c:country)")) do
	T.eq(math.type(k), "integer", "pairs: only the rows")
	n = n + 1
end
T.eq(n, 5, "pairs")
n = 0
for _ in fresh("(c:country)"):iter() do n = n + 1 end
T.eq(n, 5, "iter")
T.eq(fresh("(c:country)"):sort("-c.id")[1].c.id, "gamma", "sort")
T.eq(T.seq(fresh("(c:country)"):header()), "c", "header")
T.eq(fresh("(c:country)").count, rows.count, "methods through __index")

-- the relations unnamed patterns walk are in the view, from C or not
T.eq(tostring(fresh("(a {id: 'alpha'})-->(b)"):view()), "kg.View: 4 entities, 3 relations", "walked relations")

-- a limit and max_rows hold as before
T.eq(#g:match("(e)", {limit = 3}), 3, "limit")
T.checkerr("more than 2 rows", function() return g:match("(e)", {max_rows = 2}) end)
