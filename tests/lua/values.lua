-- values.lua — how attribute values map to Lua, and claims.
local T = dofile((arg[0]:match("^(.*)/") or ".") .. "/data/check.lua")
local g = graph
local a, b, d = g:get("alpha"), g:get("beta"), g:get("delta")

-- 1. scalar types
T.eq(a.iso3, "ALP", "string")
T.eq(a.summary, 'A "test" country\nwith two lines.', "text")
T.eq(math.type(a.population), "integer", "int is an integer")
T.eq(a.population, 1000, "int value")
T.eq(math.type(a.gdp_per_capita), "float", "number is a float")
T.eq(a.gdp_per_capita, 12.5, "number value")
T.eq(a.landlocked, false, "bool false (not nil)")
T.eq(a.founded, "1990-05", "date as ISO string")
T.eq(a.regime, "democracy", "enum as string")
T.eq(a.capital, "alpha-city", "ref as the id string")

-- 2. lists
T.eq(type(a.languages), "table", "list is a table")
T.eq(T.seq(a.languages), "alphan betan", "list items")

-- 3. quantities: only the fields written; integers stay integers
local q = a.workers_abroad
T.eq(q.approx, 30000, "approx")
T.eq(math.type(q.approx), "integer", "approx written as integer")
T.eq(q.note, "tens of thousands", "note")
T.eq(q.value, nil, "value absent")
T.eq(q.min, nil, "min absent")
local r = b.workers_abroad
T.eq(math.type(r.min), "integer", "min integer")
T.eq(r.max, 20.5, "max float")
T.eq(math.type(r.max), "float", "max float type")
T.eq(r.unit, "people", "unit")
local plain = d.workers_abroad
T.eq(plain.value, 12, "a plain number quantity is {value = n}")

-- 4. claims: the plain field is the best claim
T.eq(a.earnings, 200, "first preferred claim")
T.eq(g:get("gamma").earnings, 8, "first normal claim over a deprecated one")
local cs = a:claims("earnings")
T.eq(#cs, 3, "every claim")
T.eq(cs[1].value, 100, "claim 1 value")
T.eq(cs[1].rank, "normal", "claim 1 rank")
T.eq(cs[1].as_of, "2016", "claim 1 as_of")
T.eq(T.seq(cs[1].sources), "source:src-1", "claim 1 sources are entities")
T.eq(cs[2].rank, "preferred", "claim 2 rank")
T.eq(cs[2].note, "revised", "claim 2 note")
T.eq(cs[3].rank, "deprecated", "claim 3 rank")
T.eq(#cs[3].sources, 0, "claim without sources")
T.ok(cs[1].loc:match("^tests/lua/data/countries%.yaml:%d+:%d+$"), "claim loc")
T.eq(a:attributes().earnings, 200, "attributes() gives the best claim")

-- 5. a plain attribute is one normal claim; an absent one none
local one = a:claims("iso3")
T.eq(#one, 1, "plain attribute: one claim")
T.eq(one[1].value, "ALP", "its value")
T.eq(one[1].rank, "normal", "its rank")
T.eq(#a:claims("nothing"), 0, "absent: no claims")

-- 6. relations carry values the same way
local rel = g:relations{type = "sends_workers_to", from = "alpha"}()
T.eq(rel.as_of, "2019-12-22", "relation date")
T.eq(rel.workers.approx, 500, "relation quantity")
T.eq(#rel:claims("workers"), 1, "relation claims")
T.eq(rel:attributes().as_of, "2019-12-22", "relation attributes()")
