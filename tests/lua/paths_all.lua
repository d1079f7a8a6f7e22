-- paths_all.lua — g:paths(a, b, {all_shortest = true, max =, direction =,
-- types =}): every shortest path, on the hand-checked test graph
-- (tests/lua/data; relations in load order: borders alpha-beta, member_of
-- alpha->union, borders beta-gamma, member_of beta->union, sends_workers_to
-- alpha->gamma and gamma->delta, located_in alpha-city->alpha, cites
-- src-2->src-1), then against a brute-force enumeration on every pair.
local T = dofile((arg[0]:match("^(.*)/") or ".") .. "/data/check.lua")
local g = graph

local function show(ps)
	local out = {}
	for i, p in ipairs(ps) do out[i] = "[" .. T.seq(p) .. "]" end
	return table.concat(out, " ")
end

-- 1. two shortest paths, in the order a walk from a along the adjacency
-- meets them: union's first member (alpha), then beta
local ps = g:paths("union", "gamma", {all_shortest = true, direction = "both"})
T.eq(show(ps), "[member_of:alpha->union sends_workers_to:alpha->gamma] [member_of:beta->union borders:beta->gamma]", "union to gamma")
T.eq(ps.truncated, false, "all given")
T.eq(T.seq(ps[2].nodes), "organization:union country:beta country:gamma", "each path has its nodes")
T.eq(ps[2].steps[1].dir .. " " .. ps[2].steps[2].dir, "in out", "and its steps")

-- 2. max: the first paths, and truncated says more were there
ps = g:paths("union", "gamma", {direction = "both", max = 1})
T.eq(show(ps), "[member_of:alpha->union sends_workers_to:alpha->gamma]", "max = 1")
T.eq(ps.truncated, true, "max = 1: truncated")
T.eq(g:paths("union", "gamma", {direction = "both", max = 2}).truncated, false, "max = 2: all")

-- 3. one path, directions, symmetric relations once (they sit in both
-- adjacency lists; walking both ways must not count them twice)
T.eq(show(g:paths("alpha", "delta")), "[sends_workers_to:alpha->gamma sends_workers_to:gamma->delta]", "out")
T.eq(show(g:paths("delta", "alpha", {direction = "in"})), "[sends_workers_to:gamma->delta sends_workers_to:alpha->gamma]", "in")
T.eq(show(g:paths("alpha", "gamma", {types = "borders", direction = "both"})), "[borders:alpha->beta borders:beta->gamma]", "borders both ways: once")
T.eq(show(g:paths("gamma", "alpha", {types = {"borders"}})), "[borders:beta->gamma borders:alpha->beta]", "symmetric against their direction")

-- 4. a == b: one path of no relation; unreachable: none
ps = g:paths("alpha", "alpha")
T.eq(#ps, 1, "a == b: one path")
T.eq(#ps[1], 0, "a == b: of no relation")
T.eq(ps[1].nodes[1].id, "alpha", "a == b: its one node")
ps = g:paths("delta", "alpha")
T.eq(#ps, 0, "unreachable: no path")
T.eq(ps.truncated, false, "unreachable: nothing left out")
T.eq(#g:paths("alpha", "epsilon", {direction = "both"}), 0, "isolated")

-- 5. on views: only their relations
local nob = g:view{where = function(e) return e.id ~= "beta" end}
T.eq(show(nob:paths("union", "gamma", {direction = "both"})), "[member_of:alpha->union sends_workers_to:alpha->gamma]", "view without beta")
T.eq(#g:view("organization"):paths("union", "gamma"), 0, "endpoint outside the view")

-- 6. bad options
T.checkerr("max must be an integer from 1 to 10000", function() return g:paths("alpha", "beta", {max = 0}) end)
T.checkerr("max must be an integer from 1 to 10000", function() return g:paths("alpha", "beta", {max = 10001}) end)
T.checkerr("max must be an integer from 1 to 10000", function() return g:paths("alpha", "beta", {max = 1.5}) end)
T.checkerr("all_shortest must be true", function() return g:paths("alpha", "beta", {all_shortest = false}) end)
T.checkerr("unknown option 'depth'", function() return g:paths("alpha", "beta", {depth = 2}) end)
T.checkerr("unknown option 'max'", function() return g:path("alpha", "beta", {max = 2}) end)
T.checkerr("bad argument #1 to 'paths' (no entity 'zz')", function() return g:paths("zz", "beta") end)

-- 7. every pair, every direction: the same set as a brute-force
-- enumeration (every relation sequence of the shortest length that chains
-- from a to b), each path with chained steps
local ents, rels = {}, {}
for e in g:entities() do ents[#ents + 1] = e end
for r in g:relations() do rels[#rels + 1] = r end
local function moves(e, dir) -- {rel, other end} a step from e may take
	local out = {}
	for _, r in ipairs(rels) do
		local sym = r.type == "borders"
		if (dir ~= "in" or sym) and r.from == e then out[#out + 1] = {r, r.to} end
		if (dir ~= "out" or sym) and r.to == e and r.from ~= e then out[#out + 1] = {r, r.from} end
	end
	return out
end
local function brute(a, b, dir)
	if a == b then return {""} end
	for len = 1, #ents do
		local found = {}
		local function walk(e, depth, acc)
			if depth == len then
				if e == b then found[#found + 1] = table.concat(acc, " ") end
				return
			end
			for _, m in ipairs(moves(e, dir)) do
				acc[#acc + 1] = tostring(m[1])
				walk(m[2], depth + 1, acc)
				acc[#acc] = nil
			end
		end
		walk(a, 0, {})
		-- a shortest path never visits an entity twice, so any walk of this
		-- length that reaches b is one, and no shorter one reached it
		if #found > 0 then table.sort(found) return found end
	end
	return {}
end
local compared, multi = 0, 0
for _, dir in ipairs{"out", "in", "both"} do
	for _, a in ipairs(ents) do
		for _, b in ipairs(ents) do
			local got = {}
			for i, p in ipairs(g:paths(a, b, {direction = dir})) do
				got[i] = T.seq(p)
				local at = a
				for k, s in ipairs(p.steps) do
					T.eq(s.from, at, "chain")
					T.eq(s.rel, p[k], "step rel")
					at = s.to
				end
				T.eq(at, b, "chain ends at b")
			end
			table.sort(got)
			local want = brute(a, b, dir)
			T.eq(table.concat(got, " | "), table.concat(want, " | "), "paths " .. dir .. " " .. a.id .. " " .. b.id)
			compared = compared + 1
			if #want > 1 then multi = multi + 1 end
		end
	end
end
T.ok(compared == 3 * #ents * #ents and multi >= 2, "every pair compared, some with several paths")
