-- kg_patterns.lua — the pattern benchmark on g:match, run by
-- `kg run -g DATA kg_patterns.lua QUERIES [DUMP_DIR]`.
--
-- Times (CPU seconds, os.clock, after the graph is loaded) the four pattern
-- queries of scripts/bench-pattern.sh and prints key=value lines with result
-- checksums that nx_patterns.py and kuzu_patterns.js must match. With
-- DUMP_DIR, first writes the graph there as TSV for NetworkX (entities.tsv:
-- id type sector; relations.tsv: from type to symmetric) and as CSV for
-- Kùzu's COPY FROM (kuzu/node-TYPE.csv: a header, then id and, for
-- companies, sector; kuzu/rel-RTYPE-FROM-TO.csv: from,to; symmetric
-- relations both ways, as kg's out-adjacency sees them), so that neither
-- parses YAML.
local g = graph
local qfile = assert(arg[1], "usage: kg run -g DATA kg_patterns.lua QUERIES [DUMP_DIR]")

-- a CSV field as RFC 4180 quotes it
local function field(s)
	s = tostring(s)
	if s:find('[,"\r\n]') then return '"' .. s:gsub('"', '""') .. '"' end
	return s
end

-- kuzu_csv(DIR): one CSV per entity type and per (relation type, from
-- type, to type), the tables kuzu_patterns.js creates from the file names.
local function kuzu_csv(dir)
	assert(os.execute("mkdir -p '" .. dir .. "'"))
	local files = {}
	local function out(name, header)
		local f = files[name]
		if not f then
			f = assert(io.open(dir .. "/" .. name .. ".csv", "w"))
			f:write(header, "\n")
			files[name] = f
		end
		return f
	end
	for e in g:entities() do
		if e.type == "company" then
			out("node-company", "id,sector"):write(field(e.id), ",", field(e.sector), "\n")
		else
			out("node-" .. e.type, "id"):write(field(e.id), "\n")
		end
	end
	for r in g:relations() do
		local a, b = r.from, r.to
		out("rel-" .. r.type .. "-" .. a.type .. "-" .. b.type, "from,to"):write(field(a.id), ",", field(b.id), "\n")
		if r.type == "borders" then
			out("rel-" .. r.type .. "-" .. b.type .. "-" .. a.type, "from,to"):write(field(b.id), ",", field(a.id), "\n")
		end
	end
	for _, f in pairs(files) do f:close() end
end

if arg[2] then
	local f = assert(io.open(arg[2] .. "/entities.tsv", "w"))
	for e in g:entities() do f:write(e.id, "\t", e.type, "\t", e.type == "company" and e.sector or "-", "\n") end
	f:close()
	f = assert(io.open(arg[2] .. "/relations.tsv", "w"))
	for r in g:relations() do
		f:write(r.from.id, "\t", r.type, "\t", r.to.id, "\t", r.type == "borders" and "1" or "0", "\n")
	end
	f:close()
	kuzu_csv(arg[2] .. "/kuzu")
end

local seeds = {}
for line in io.lines(qfile) do
	local id = line:match("^n (%S+)")
	if id then seeds[#seeds + 1] = id end
end

-- the number in an id ("per-0024321" -> 24321): checksums sum them
local function num(e) return tonumber(e.id:match("(%d+)$")) end

local function q(name, f)
	local c0 = os.clock()
	local rows, sum = f()
	print(string.format("%s_s=%.6f", name, os.clock() - c0))
	print(string.format("%s_rows=%d", name, rows))
	print(string.format("%s_sum=%d", name, sum))
end

-- 1. a typed 2-hop with a property filter on the far end
q("p_2hop", function()
	local rows = g:match("(p:person)-[:knows]->(q:person)-[:employed_by]->(c:company {sector: 'mining'})")
	local sum = 0
	for _, r in ipairs(rows) do sum = sum + num(r.p) + num(r.q) + num(r.c) end
	return #rows, sum
end)

-- 2. a 3-node join: two typed relations meeting at one node
q("p_join", function()
	local rows = g:match("(a:agency)-[:regulates]->(c:company)<-[:sanctions]-(k:country)")
	local sum = 0
	for _, r in ipairs(rows) do sum = sum + num(r.a) + num(r.c) + num(r.k) end
	return #rows, sum
end)

-- 3. *1..3 reachability from 1,000 seeds (each end once per seed)
q("p_reach", function()
	local n, sum = 0, 0
	for _, id in ipairs(seeds) do
		local rows = g:match("(s {id: '" .. id .. "'})-[*1..3]->(x)")
		n = n + #rows
		for _, r in ipairs(rows) do sum = sum + num(r.x) end
	end
	return n, sum
end)

-- 4. a count grouped by type
q("p_group", function()
	local rows = g:match("(p:person)-[:employed_by]->(c)"):columns("c.type", "count(*)")
	local n, sum = 0, 0
	for _, r in ipairs(rows) do n = n + 1; sum = sum + r["count(*)"] * #r["c.type"] end
	return n, sum
end)
