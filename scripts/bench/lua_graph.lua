-- lua_graph.lua — the plain-Lua comparison: loads a kg graph with lua-yaml (lyaml) into Lua tables, then runs the query benchmark.
--
-- lua5.4 lua_graph.lua [--queries FILE] SCHEMA DATA_DIR
--
-- Loads every *.yaml/*.yml file below DATA_DIR (sorted, as kg reads them)
-- with lyaml.load and builds plain tables: entity by id, out and in
-- adjacency lists of relation tables, and the list of every relation.
-- Relations of symmetric types (from SCHEMA) are followed from both ends.
-- Prints key=value lines: load_s (CPU seconds), nodes, edges, and with
-- --queries the query times and result checksums, as nx_graph.py does.

-- Debian's lua-yaml is lyaml: `require "lyaml"` (its C part is the module "yaml").
local lyaml = require "lyaml"

local qfile
local args = {}
do
	local i = 1
	while i <= #arg do
		if arg[i] == "--queries" and arg[i + 1] then
			qfile = arg[i + 1]
			i = i + 1
		else
			args[#args + 1] = arg[i]
		end
		i = i + 1
	end
	if #args ~= 2 then
		io.stderr:write("usage: lua5.4 lua_graph.lua [--queries FILE] SCHEMA DATA_DIR\n")
		os.exit(2)
	end
end

local function slurp(path)
	local f = assert(io.open(path, "rb"))
	local s = f:read("a")
	f:close()
	return s
end

local function yaml_files(top)
	local q = "'" .. top:gsub("'", "'\\''") .. "'"
	local p = assert(io.popen("find " .. q .. " -name '.*' -prune -o -type f \\( -name '*.yaml' -o -name '*.yml' \\) -print"))
	local out = {}
	for line in p:lines() do out[#out + 1] = line end
	p:close()
	table.sort(out)
	return out
end

-- ---------------------------------------------------------------- load

local t0 = os.clock()
local schema = lyaml.load(slurp(args[1]))
local symmetric = {}
for name, def in pairs(schema.relation_types or {}) do
	if type(def) == "table" and def.symmetric then symmetric[name] = true end
end

local entities, out, inn, rels = {}, {}, {}, {}
local nnodes = 0
local function push(t, k, v)
	local l = t[k]
	if not l then l = {} t[k] = l end
	l[#l + 1] = v
end
local function add_rel(r, from)
	r.from = from
	rels[#rels + 1] = r
	push(out, from, r)
	push(inn, r.to, r)
	if symmetric[r.type] then
		push(out, r.to, r)
		push(inn, from, r)
	end
end

for _, path in ipairs(yaml_files(args[2])) do
	local docs = lyaml.load(slurp(path), { all = true })
	for _, doc in ipairs(docs) do
		if type(doc) == "table" then
			for _, e in ipairs(doc.entities or {}) do
				entities[e.id] = e
				nnodes = nnodes + 1
				for _, r in ipairs(e.relations or {}) do add_rel(r, e.id) end
			end
			for _, r in ipairs(doc.relations or {}) do add_rel(r, r.from) end
		end
	end
end
print(string.format("load_s=%.6f", os.clock() - t0))
print(string.format("nodes=%d edges=%d", nnodes, #rels))

if not qfile then os.exit(0) end

-- ---------------------------------------------------------------- queries

local neigh, pairs_, scans = {}, {}, {}
for line in io.lines(qfile) do
	local w = {}
	for x in line:gmatch("%S+") do w[#w + 1] = x end
	if w[1] == "n" then neigh[#neigh + 1] = w[2]
	elseif w[1] == "p" then pairs_[#pairs_ + 1] = { w[2], w[3] }
	elseif w[1] == "s" then scans[#scans + 1] = { w[2], w[3], tonumber(w[4]) } end
end

-- The other end of relation r seen from entity id.
local function other(r, id) if r.from == id then return r.to end return r.from end

-- Entities within depth hops of seed along outgoing relations (seed included).
local function out_ball(seed, depth)
	local seen, frontier, n = { [seed] = true }, { seed }, 1
	for _ = 1, depth do
		local nxt = {}
		for _, id in ipairs(frontier) do
			for _, r in ipairs(out[id] or {}) do
				local o = other(r, id)
				if not seen[o] then
					seen[o] = true
					n = n + 1
					nxt[#nxt + 1] = o
				end
			end
		end
		frontier = nxt
	end
	return n
end

-- Hops of a shortest undirected path from a to b (bidirectional BFS), or nil.
local function path_hops(a, b)
	if not entities[a] or not entities[b] then return nil end
	if a == b then return 0 end
	local dist = { { [a] = 0 }, { [b] = 0 } }
	local front = { { a }, { b } }
	local function expand(side)
		local mine, theirs, nxt = dist[side], dist[3 - side], {}
		for _, id in ipairs(front[side]) do
			local d = mine[id] + 1
			for k = 1, 2 do
				local adj = (k == 1 and out or inn)[id]
				for j = 1, adj and #adj or 0 do
					local o = other(adj[j], id)
					if mine[o] == nil then
						mine[o] = d
						nxt[#nxt + 1] = o
						-- Whole levels alternate, so every meeting found in one
						-- level has the same length: the first is a shortest.
						local t = theirs[o]
						if t then return d + t end
					end
				end
			end
		end
		front[side] = nxt
		return nil
	end
	while #front[1] > 0 and #front[2] > 0 do
		local side = (#front[1] <= #front[2]) and 1 or 2
		local best = expand(side)
		if best then return best end
	end
	return nil
end

local c0 = os.clock()
local nsum = 0
for _, id in ipairs(neigh) do nsum = nsum + out_ball(id, 2) end
local c1 = os.clock()
local pfound, psum = 0, 0
for _, p in ipairs(pairs_) do
	local h = path_hops(p[1], p[2])
	if h then pfound, psum = pfound + 1, psum + h end
end
local c2 = os.clock()
local scount = 0
for _, s in ipairs(scans) do
	local rtype, attr, x = s[1], s[2], s[3]
	for _, r in ipairs(rels) do
		if r.type == rtype then
			local v = r[attr]
			if type(v) == "number" and v > x then scount = scount + 1 end
		end
	end
end
local c3 = os.clock()
print(string.format("q_neigh_s=%.6f", c1 - c0))
print(string.format("q_path_s=%.6f", c2 - c1))
print(string.format("q_scan_s=%.6f", c3 - c2))
print(string.format("neigh_sum=%d path_found=%d path_hops=%d scan_count=%d", nsum, pfound, psum, scount))
