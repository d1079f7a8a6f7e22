-- then-and-now.lua — answers: what held at each turn of the story? The
-- graph at five dates (graph:at, doc/time.md): what exists then, which
-- relations hold, and what began or ended since the date before.
-- Usage: kg run -g examples/dprk-trafficking queries/then-and-now.lua
-- (with --as-of DATE, `graph` is already that date's slice: the dates
-- below are then cut from the whole graph all the same)
local R = dofile((arg[0]:gsub("[^/]*$", "")) .. "../lib/report.lua")

local dates = {"2009-06", "2010", "2016", "2018", "2020"}

-- The relations of a slice as a set of their texts.
local function held(g)
	local set = {}
	for r in g:relations{} do set[R.rel(r) .. R.detail(r)] = true end
	return set
end

local function sorted_keys(set)
	local t = {}
	for k in pairs(set) do t[#t + 1] = k end
	table.sort(t)
	return t
end

local before, before_ids = {}, {}
for i, d in ipairs(dates) do
	local g = graph:at(d)
	local ids = {}
	for e in g:entities{} do ids[e.id] = e.name end
	local now = held(g)
	local nrel = 0
	for _ in g:relations{} do nrel = nrel + 1 end
	print(string.format("%s: %d entities, %d relations", d, #g, nrel))
	if i > 1 then
		for _, id in ipairs(sorted_keys(ids)) do
			if not before_ids[id] then print("  + exists:  " .. ids[id]) end
		end
		for _, id in ipairs(sorted_keys(before_ids)) do
			if not ids[id] then print("  - gone:    " .. before_ids[id]) end
		end
		for _, t in ipairs(sorted_keys(now)) do
			if not before[t] then print("  + holds:   " .. t) end
		end
		for _, t in ipairs(sorted_keys(before)) do
			if not now[t] then print("  - ended:   " .. t) end
		end
	end
	before, before_ids = now, ids
end
