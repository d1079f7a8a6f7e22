-- paths_steps.lua — g:path's steps (each relation with the way it was
-- walked) and nodes, on the hand-checked test graph (tests/lua/data):
-- borders alpha-beta and beta-gamma (symmetric), sends_workers_to
-- alpha->gamma and gamma->delta, member_of alpha->union and beta->union.
local T = dofile((arg[0]:match("^(.*)/") or ".") .. "/data/check.lua")
local g = graph

-- a step as text: "from dir to via rel"
local function steps(p)
	local out = {}
	for i, s in ipairs(p.steps) do
		out[i] = string.format("%s %s %s via %s", s.from.id, s.dir, s.to.id, tostring(s.rel))
	end
	return table.concat(out, ", ")
end
local function nodes(p)
	local out = {}
	for i, e in ipairs(p.nodes) do out[i] = e.id end
	return table.concat(out, " ")
end

-- 1. forward along relations: every step "out"
local p = g:path("alpha", "delta")
T.eq(steps(p), "alpha out gamma via sends_workers_to:alpha->gamma, gamma out delta via sends_workers_to:gamma->delta", "out steps")
T.eq(nodes(p), "alpha gamma delta", "out nodes")

-- 2. against the direction: every step "in", from and to as walked
p = g:path("delta", "alpha", {direction = "in"})
T.eq(steps(p), "delta in gamma via sends_workers_to:gamma->delta, gamma in alpha via sends_workers_to:alpha->gamma", "in steps")
T.eq(nodes(p), "delta gamma alpha", "in nodes")

-- 3. symmetric relations walked from their `to`: "in", even with direction "out"
p = g:path("gamma", "alpha")
T.eq(steps(p), "gamma in beta via borders:beta->gamma, beta in alpha via borders:alpha->beta", "symmetric steps")
T.eq(nodes(p), "gamma beta alpha", "symmetric nodes")

-- 4. both ways, mixed: union <-member_of- alpha -sends-> gamma
p = g:path("union", "gamma", {direction = "both"})
T.eq(#p, 2, "both: two hops")
T.eq(p.steps[1].dir, "in", "both: first step against member_of")
T.eq(p.steps[2].dir, "out", "both: second step along its relation")
T.eq(p.nodes[1].id .. " " .. p.nodes[3].id, "union gamma", "both: ends")

-- 5. the same entity: no step, one node
p = g:path("alpha", "alpha")
T.eq(#p, 0, "a == b: no relation")
T.eq(#p.steps, 0, "a == b: no step")
T.eq(nodes(p), "alpha", "a == b: the one node")

-- 6. a path is still a list of relations: length, ipairs, g:view
p = g:path("alpha", "delta")
T.eq(T.seq(p), "sends_workers_to:alpha->gamma sends_workers_to:gamma->delta", "still the relations")
local v = g:view(p)
T.eq(v:count(), 3, "view of a path: its entities")
T.eq(v:count("sends_workers_to"), 2, "view of a path: its relations")
T.eq(p.steps[1].rel, p[1], "step rel is the list's relation (the same handle)")

-- 7. on every pair, every direction: steps chain from a to b, each
-- relation's ends are the step's (dir says which way round), and nodes
-- are the entities the steps pass
local ents = {}
for e in g:entities() do ents[#ents + 1] = e end
local checked = 0
for _, dir in ipairs{"out", "in", "both"} do
	for _, a in ipairs(ents) do
		for _, b in ipairs(ents) do
			p = g:path(a, b, {direction = dir})
			if p then
				checked = checked + 1
				T.eq(#p.steps, #p, "a step per relation")
				T.eq(#p.nodes, #p + 1, "a node more than relations")
				T.eq(p.nodes[1], a, "nodes start at a")
				T.eq(p.nodes[#p.nodes], b, "nodes end at b")
				for i, s in ipairs(p.steps) do
					T.eq(s.rel, p[i], "step " .. i .. " rel")
					T.eq(s.from, p.nodes[i], "step " .. i .. " from")
					T.eq(s.to, p.nodes[i + 1], "step " .. i .. " to")
					if s.dir == "out" then
						T.ok(s.rel.from == s.from and s.rel.to == s.to, "out: walked from from to to")
					else
						T.eq(s.dir, "in", "dir is out or in")
						T.ok(s.rel.to == s.from and s.rel.from == s.to, "in: walked from to to from")
					end
					-- walking "out", only a symmetric relation is walked backwards
					if dir == "out" and s.dir == "in" then T.eq(s.rel.type, "borders", "out: in only on borders") end
					if dir == "in" and s.dir == "out" then T.eq(s.rel.type, "borders", "in: out only on borders") end
				end
			end
		end
	end
end
T.ok(checked > 20, "enough paths checked")
