-- prov_at.lua — g:at(d):conflicts(), :report() and :supported_by() look at
-- the graph at d as `kg conflicts/report/sources --as-of d` do (their
-- goldens: tests/cli/*-as-of), on the small graph in time (tests/asof).
local T = dofile((arg[0]:match("^(.*)/") or ".") .. "/data/check.lua")
local dir = arg[0]:match("^(.*)/") or "."
local g = kg.load(dir .. "/../asof/graph.yaml")

-- whether a claim is valid at d: its since..till meets d, its as_of not after d
local function valid(c, d)
	d = kg.date(d)
	if c.since and kg.date(c.since):first() > d:last() then return false end
	if c.till and kg.date(c.till):first() <= d:first() then return false end
	return not c.as_of or kg.date(c.as_of):first() <= d:last()
end

-- 1. conflicts: only claims valid then; none in 2015, the 2016 one after
T.eq(#g:conflicts(), 1, "whole graph")
T.eq(#g:at(2015):conflicts(), 0, "2015: only the 2010 claim is valid")
for _, d in ipairs({"2016", "2017-06", "2019"}) do
	local cs = g:at(d):conflicts()
	T.eq(#cs, 1, "conflicts at " .. d)
	local c = cs[1]
	T.eq(c.item.id, "alpha", d)
	T.eq(table.concat(c.claims, ","), "2,3", "the two claims as of 2016, at " .. d)
	for _, i in ipairs(c.claims) do
		T.ok(valid(c.item:claims("population")[i], d), "claim " .. i .. " valid at " .. d)
	end
end

-- 2. report: the facts valid then, as kg report --as-of counts them
local function facts(d)
	local f = g:at(d):report().facts
	return f.entities .. " " .. f.relations .. " " .. f.claims
end
T.eq(facts(2015), "6 2 1", "report 2015: no UN report yet, camp and pact")
T.eq(facts(2016), "7 3 3", "report 2016")
T.eq(facts(2019), "6 2 7", "report 2019: camp closed, Alpha left the Pact")
for _, d in ipairs({2015, 2016, 2019}) do
	local s = g:at(d)
	local r = s:report()
	T.eq(r.facts.entities, s:count(), "report entities = the slice's at " .. d)
	local n = 0
	for _ in s:relations() do n = n + 1 end
	T.eq(r.facts.relations, n, "report relations = the slice's at " .. d)
end
T.eq(g:at(2015):report().source_entities, 2, "the UN report exists from 2016")
T.eq(g:report().source_entities, 3, "whole graph: three sources")

-- 3. supported_by: the facts citing the source that are valid then
local function support(d)
	local s = (d and g:at(d) or g):supported_by("un-report")
	return #s.entities .. " " .. #s.relations .. " " .. #s.claims
end
T.eq(support(nil), "0 1 2", "whole graph")
T.eq(support(2016), "0 1 1", "2016: the Pact relation and the claim as of 2016")
T.eq(support(2019), "0 0 2", "2019: Alpha left the Pact; the 2018 claim is valid")
T.eq(g:at(2019):supported_by("un-report").claims[2].claim, 4, "claim #4")
