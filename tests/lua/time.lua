-- time.lua — dates as values (kg.date), the graph at a date (g:at) and an
-- attribute's history (doc/time.md), over the dated graph in time/.
local dir = arg[0]:match("^(.*)/[^/]*$") or "."
local g = kg.load(dir .. "/time")
local D = kg.date

local function raises(f, want)
	local ok, err = pcall(f)
	assert(not ok, "expected an error: " .. want)
	assert(tostring(err):find(want, 1, true), "error was: " .. tostring(err))
end

-- kg.date: precisions, parts, ISO text
local d = D("2019-07")
assert(tostring(d) == "2019-07" and d:precision() == "month")
assert(d:year() == 2019 and d:month() == 7 and d:day() == nil)
assert(tostring(d:first()) == "2019-07-01" and tostring(d:last()) == "2019-07-31")
assert(d:first():precision() == "day")
assert(D(2019):precision() == "year" and tostring(D("2020-02"):last()) == "2020-02-29")
assert("as of " .. d == "as of 2019-07" and d .. "!" == "2019-07!")
assert(D(D("2019")) == D("2019"))
raises(function() return D("2019-02-29") end, "February 2019 has 28 days")
raises(function() return D("2019-13") end, "there is no month 13")
raises(function() return D("0000") end, "year 0000 is out of range")
raises(function() return D("19-07") end, "expected a date")
raises(function() return D(0) end, "a year must be a whole number")
raises(function() return D({}) end, "date (kg.Date")

-- comparisons: a date is the interval of its days
assert(D("2019-07-01") < D("2019-07-02") and D("2019-06") < D("2019-07-01"))
assert(D("2018") < D("2019-01-01") and D("2018") <= D("2019") and D("2019") <= D("2019"))
local y, day = D("2019"), D("2019-07-01")
assert(not (y < day) and not (day < y) and not (y <= day) and not (day <= y) and y ~= day)
assert(y:contains(day) and not day:contains(y) and y:overlaps(day) and day:overlaps(y))
assert(not D("2018"):overlaps("2019") and D("2019-12"):overlaps("2019"))
assert(D("2019") ~= D("2019-01") and D("2019-01") == D("2019-01"))
-- a string on one side is read as a date; == needs two kg.Date values
assert(D("2018") < "2019" and "2018-12-31" < D("2019") and not ("2019-03" < D("2019")))
raises(function() return D("2019") < "soon" end, "expected a date")
-- attribute dates stay ISO strings (SPEC); kg.date reads them
local a = g:get("a")
assert(type(a.founded) == "string" and D(a.founded) < D("1991"))

-- g:at: entities in existence (existence is inherited by decree)
local function ids(v)
	local t = {}
	for e in v:entities{} do t[#t + 1] = e.id end
	table.sort(t)
	return table.concat(t, ",")
end
local function rels(v)
	local t = {}
	for r in v:relations{} do t[#t + 1] = tostring(r) end
	table.sort(t)
	return table.concat(t, " ")
end
assert(ids(g) == "a,b,l,old,s1,s2")
assert(ids(g:at("1999")) == "a,b,old,s1,s2")
assert(ids(g:at("2011")) == "a,b,s1,s2")
assert(ids(g:at(2013)) == "a,b,l,s1,s2")
assert(ids(g:at("2018-06-01")) == "a,b,s1,s2")
assert(ids(g:at("2018-05-31")) == "a,b,l,s1,s2")
assert(ids(g:at("2018")) == "a,b,l,s1,s2") -- a coarse date: any of its days
-- relations valid then, between entities in existence then
assert(rels(g:at(2011)) == "")
assert(rels(g:at(2013)) == "knows:a->l knows:l->b party_to:b->l")
assert(rels(g:at("2016")) == "knows:a->b knows:a->l knows:l->b party_to:a->l party_to:b->l")
assert(rels(g:at("2017-03")) == "knows:a->b knows:a->l knows:l->b party_to:b->l")
assert(rels(g:at("2019")) == "") -- l repealed: its relations go with it
local s = g:at("2016")
assert(s:count("knows") == 3 and #s == 5 and tostring(s:date()) == "2016" and g:date() == nil)
assert(s:get("old") == nil and s:get("a") ~= nil)

-- attributes at the date: the best claim valid then
local function pop(at) return g:at(at):get("b").pop end
assert(pop("2009") == nil)            -- nothing known yet
assert(pop("2011") == 1)
assert(pop("2012-06") == 3)           -- preferred wins while it holds
assert(pop("2014") == 1)              -- it ended; 2015's is not known yet
assert(pop("2016") == 2)              -- deprecated never
assert(g:get("b").pop == 3)           -- the whole graph: the first preferred
assert(g:at(2011):get("b"):attributes().pop == 1)
assert(g:at(2009):get("b"):attributes().pop == nil)
-- claims keep every claim, with their dates
local cs = g:get("b"):claims("pop")
assert(#cs == 4 and cs[3].till == "2014" and cs[3].since == nil and cs[1].as_of == "2010")

-- walking a slice stays in it
local n = 0
for r in s:get("a"):outgoing() do n = n + 1; assert(r.to == s:get(r.to.id)) end
assert(n == 3)
n = 0
for _ in g:at(2013):get("a"):outgoing() do n = n + 1 end
assert(n == 1)
assert(#g:at(2013):neighborhood("a", {depth = 2}) == 3)
assert(g:at(2011):path("a", "b") == nil and #g:at(2016):path("a", "b") == 1)
local rows = g:at(2013):match("(x:thing)-[:party_to]->(y)")
assert(#rows == 1 and rows[1].x.id == "b")
assert(s:at(2013):date() == D(2013))  -- a slice of a slice is cut from the whole graph

-- history: oldest first, deprecated left out
local h = g:get("b"):history("pop")
assert(#h == 3 and h[1].value == 1 and h[2].value == 3 and h[3].value == 2)
assert(h[1].sources[1].id == "s1")
assert(#g:get("a"):history("founded") == 1 and #g:get("a"):history("pop") == 0)
local r = g:at(2016):get("a")
for x in r:outgoing("party_to") do assert(#x:history("since") == 1) end

-- a drawing of a slice reads values at its date too
assert(kg.dot(g:at(2013)):find('pop: 3"', 1, true) and kg.dot(g:at(2016)):find('pop: 2"', 1, true))
assert(kg.dot(g:at(2016):view{"a", "b"}):find('pop: 2"', 1, true))
assert(kg.dot(g):find("pop: 1 (2010; s1) | 2 (2015; s2) | 3 (2012; preferred)", 1, true))

-- a slice keeps the graph open after the graph is closed
local keep = g:at(2016)
g:close()
raises(function() return g:get("a") end, "closed graph")
assert(keep:get("b").pop == 2 and ids(keep) == "a,b,l,s1,s2")
keep:close()
raises(function() return keep:get("a") end, "closed graph")
print("ok")
