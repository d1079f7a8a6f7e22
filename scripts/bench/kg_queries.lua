-- kg_queries.lua — the query benchmark on kg's Lua API, run by `kg run -g DATA kg_queries.lua QUERIES`.
--
-- Reads the seeded queries written by scripts/gen-graph.lua (queries.txt)
-- and times, after the graph is loaded, 2-hop out-neighbourhoods, undirected
-- shortest paths and a filtered scan of one relation type. Prints the same
-- key=value lines as nx_graph.py and lua_graph.lua (CPU seconds, os.clock),
-- with result checksums that must agree across the three.

local g = graph
local qfile = assert(arg[1], "usage: kg run -g DATA kg_queries.lua QUERIES")

local neigh, pairs_, scans = {}, {}, {}
for line in io.lines(qfile) do
	local w = {}
	for x in line:gmatch("%S+") do w[#w + 1] = x end
	if w[1] == "n" then neigh[#neigh + 1] = w[2]
	elseif w[1] == "p" then pairs_[#pairs_ + 1] = { w[2], w[3] }
	elseif w[1] == "s" then scans[#scans + 1] = { w[2], w[3], tonumber(w[4]) } end
end

local out_opts = { depth = 2, direction = "out" }
local both_opts = { direction = "both" }

local c0 = os.clock()
local nsum = 0
for _, id in ipairs(neigh) do
	local v = g:neighborhood(id, out_opts)
	nsum = nsum + v:count()
end
local c1 = os.clock()
local pfound, psum = 0, 0
for _, p in ipairs(pairs_) do
	local path = g:path(p[1], p[2], both_opts)
	if path then pfound, psum = pfound + 1, psum + #path end
end
local c2 = os.clock()
local scount = 0
for _, s in ipairs(scans) do
	local attr, x = s[2], s[3]
	for _ in g:relations{ type = s[1], where = function(r)
		local v = r[attr]
		return type(v) == "number" and v > x
	end } do
		scount = scount + 1
	end
end
local c3 = os.clock()
print(string.format("q_neigh_s=%.6f", c1 - c0))
print(string.format("q_path_s=%.6f", c2 - c1))
print(string.format("q_scan_s=%.6f", c3 - c2))
print(string.format("neigh_sum=%d path_found=%d path_hops=%d scan_count=%d", nsum, pfound, psum, scount))
