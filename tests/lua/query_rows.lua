-- query_rows.lua — kg.Rows: sort, group, columns, count(*), view, and the
-- text, CSV, TSV and JSON they write (to a file handle here).
local T = dofile((arg[0]:match("^(.*)/") or ".") .. "/data/check.lua")
local g = graph

local function col(rows, key)
	local out = {}
	for i, row in ipairs(rows) do out[i] = tostring(row[key]) end
	return table.concat(out, " ")
end

-- written(f, rows...): what method f of rows writes to a file
local function written(method, rows)
	local f = io.tmpfile()
	rows[method](rows, f)
	f:seek("set")
	local s = f:read("a")
	f:close()
	return s
end

-- 1. sort: ascending, "-key" descending, nil last, stable, several keys
local all = g:match("(e)")
T.eq(col(all:sort("e.name"):columns("e.id"), "e.id"),
	"alpha-city alpha epsilon gamma union beta delta src-1 src-2", "by name (bytes)")
local s = all:columns("e.type", "e.id"):sort("e.type", "-e.id")
T.eq(col(s, "e.id"), "alpha-city gamma epsilon delta beta alpha union src-2 src-1", "two keys")
T.eq(col(g:match("(c:country)"):sort("c.population"):columns("c.id"), "c.id"),
	"alpha beta gamma delta epsilon", "nil last, stable")
T.eq(col(g:match("(c:country)"):sort("-c.population"):columns("c.id"), "c.id"),
	"alpha beta gamma delta epsilon", "nil last descending too")
T.checkerr("no column 'x.name' (the columns: e)", function() return all:sort("x.name") end)
T.checkerr("name at least one key", function() return all:sort() end)

-- 2. group and count(*)
local grp = all:group("e.type"):sort("-count", "e.type")
T.eq(T.seq(grp:header()), "e.type count", "group header")
T.eq(col(grp, "e.type") .. " / " .. col(grp, "count"), "country source city organization / 5 2 1 1", "group")
local cs = g:match("(x)-[r]->(y)"):columns("r.type", "count(*)"):sort("r.type")
T.eq(col(cs, "r.type") .. " / " .. col(cs, "count(*)"), "borders cites located_in member_of sends_workers_to / 4 1 1 2 2",
	"count(*): symmetric relations from both ends")

-- 3. columns: projection, paths into values
local p = g:match("(a)-[s:sends_workers_to]->(c)"):columns("a.id", "s.workers.approx", "s.as_of")
T.eq(T.seq(p:header()), "a.id s.workers.approx s.as_of", "header")
T.eq(p[1]["s.workers.approx"], 500, "an integer stays an integer")
T.eq(p[2]["s.as_of"], nil, "absent")

-- 4. view: entities, named and anonymous relations
local v = g:match("(a {id: 'alpha'})-[:borders|member_of]->(b)"):view()
T.eq(tostring(v), "kg.View: 3 entities, 2 relations", "view")
T.eq(#g:match("(a {id: 'nobody'})"):view(), 0, "empty view")

-- 5. text, CSV, TSV, JSON
local r = g:match("(c:country {id: 'alpha'})"):columns("c.id", "c.summary", "c.workers_abroad", "c.languages", "c")
T.eq(written("print", r),
	"c.id   c.summary                         c.workers_abroad  c.languages    c\n" ..
	"-----  --------------------------------  ----------------  -------------  -------------\n" ..
	"alpha  A \"test\" country with two lines.  ~30000            alphan, betan  country:alpha\n" ..
	"(1 row)\n", "print")
T.eq(written("csv", r), "c.id,c.summary,c.workers_abroad,c.languages,c\r\n" ..
	"alpha,\"A \"\"test\"\" country\nwith two lines.\",~30000,\"alphan, betan\",country:alpha\r\n", "csv")
T.eq(written("tsv", r), "c.id\tc.summary\tc.workers_abroad\tc.languages\tc\n" ..
	"alpha\tA \"test\" country\\nwith two lines.\t~30000\talphan, betan\tcountry:alpha\n", "tsv")
T.eq(written("json", r), '[\n  {"c.id": "alpha", "c.summary": "A \\"test\\" country\\nwith two lines.", ' ..
	'"c.workers_abroad": {"approx": 30000, "note": "tens of thousands"}, "c.languages": ["alphan", "betan"], ' ..
	'"c": {"id": "alpha", "type": "country", "name": "Alphaland"}}\n]\n', "json")
local none = g:match("(c {id: 'nobody'})"):columns("c.id", "c.name")
T.eq(written("csv", none), "c.id,c.name\r\n", "empty csv: the header")
T.eq(written("json", none), "[]\n", "empty json")
T.eq(written("print", none), "c.id  c.name\n----  ------\n(0 rows)\n", "empty table")

-- 6. kg.json for any value
T.eq(kg.json({1, 2.5, "x", true}), '[1, 2.5, "x", true]', "a sequence")
T.eq(kg.json({b = 1, a = {}}), '{"a": {}, "b": 1}', "sorted keys")
T.eq(kg.json(0/0), "null", "NaN")
T.eq(kg.json("\1\"é"), '"\\u0001\\"é"', "escapes")
local cyc = {}; cyc.self = cyc
T.checkerr("nested more than 32 deep (or a cycle)", function() return kg.json(cyc) end)
T.checkerr("kg.Rows expected", function() return g.match(g, "(c)").print({}) end)
