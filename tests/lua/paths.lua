-- paths.lua — shortest paths by hops: directions, types, views, unreachable.
local T = dofile((arg[0]:match("^(.*)/") or ".") .. "/data/check.lua")
local g = graph

-- 1. directed by default: follows relations forward (symmetric ones both ways)
T.eq(T.seq(g:path("alpha", "delta")), "sends_workers_to:alpha->gamma sends_workers_to:gamma->delta", "out")
T.eq(g:path("delta", "alpha"), nil, "against the direction: unreachable")
T.eq(T.seq(g:path("gamma", "alpha")), "borders:beta->gamma borders:alpha->beta", "symmetric relations both ways")

-- 2. in and both
T.eq(T.seq(g:path("delta", "alpha", {direction = "in"})),
	"sends_workers_to:gamma->delta sends_workers_to:alpha->gamma", "in walks relations backwards")
T.eq(#g:path("union", "gamma", {direction = "both"}), 2, "both: shortest either way")
T.eq(g:path("union", "gamma"), nil, "out from union: nowhere")
T.eq(#g:path("src-1", "src-2", {direction = "both"}), 1, "both over cites")

-- 3. types restrict the relations followed
T.eq(T.seq(g:path("alpha", "gamma", {types = {"borders"}})), "borders:alpha->beta borders:beta->gamma", "types")
T.eq(g:path("alpha", "delta", {types = "borders"}), nil, "types: unreachable")

-- 4. the same entity: an empty path; unknown ids: errors; unreachable: nil
T.eq(#g:path("alpha", "alpha"), 0, "a == b")
T.eq(g:path("alpha", "epsilon", {direction = "both"}), nil, "isolated")
T.checkerr("bad argument #2 to 'path' (no entity 'zz')", function() return g:path("alpha", "zz") end)
T.checkerr("unknown option 'dir'", function() return g:path("alpha", "beta", {dir = "out"}) end)

-- 5. inside a view: only its relations; endpoints outside: nil
local c = g:view{type = "country", where = function(e) return e.id ~= "gamma" end}
T.eq(c:path("alpha", "delta", {direction = "both"}), nil, "view without the middle entity")
T.eq(g:view("organization"):path("alpha", "union"), nil, "endpoint outside the view")
T.eq(#g:neighborhood("alpha", {depth = 1}):path("alpha", "gamma"), 1, "path in a neighborhood")

-- 6. paths are shortest: compare with a plain BFS over every pair
local ents = {}
for e in g:entities() do ents[#ents + 1] = e end
local function bfs(a, b, dir)
	local dist, queue = {[a] = 0}, {a}
	local i = 1
	while queue[i] do
		local e = queue[i]
		i = i + 1
		local function visit(r)
			local o = r.from == e and r.to or r.from
			if dist[o] == nil then dist[o] = dist[e] + 1 queue[#queue + 1] = o end
		end
		if dir ~= "in" then for r in e:outgoing() do visit(r) end end
		if dir ~= "out" then for r in e:incoming() do visit(r) end end
	end
	return dist[b]
end
for _, dir in ipairs{"out", "in", "both"} do
	for _, a in ipairs(ents) do
		for _, b in ipairs(ents) do
			local p, want = g:path(a, b, {direction = dir}), bfs(a, b, dir)
			T.eq(p and #p, want, "hops " .. dir .. " " .. a.id .. " " .. b.id)
			if p then -- consecutive relations chain from a to b
				local at = a
				for _, r in ipairs(p) do
					T.ok(r.from == at or r.to == at, "chain")
					at = r.from == at and r.to or r.from
				end
				T.eq(at, b, "chain ends at b")
			end
		end
	end
end
