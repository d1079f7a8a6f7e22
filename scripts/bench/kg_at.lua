-- kg_at.lua — times graph:at(date) alone (the slice's build), for scripts/bench-time.sh.
--
-- kg run -g GRAPH scripts/bench/kg_at.lua RUNS DATE...
--
-- For each DATE: one call to warm, then RUNS calls, each timed with
-- os.clock (CPU seconds of the process) around graph:at(DATE) alone, the
-- collector run before each so that no earlier slice is freed inside the
-- timing. Prints key=value lines: at_ms (the median over every date and
-- run), at_min_ms, at_max_ms, and per date at_DATE_ms, its entities and
-- relations (counted outside the timing).

local runs = math.tointeger(tonumber(arg[1] or "")) or error("usage: kg_at.lua RUNS DATE...")
local dates = {}
for i = 2, #arg do dates[#dates + 1] = arg[i] end
assert(#dates > 0, "usage: kg_at.lua RUNS DATE...")

local function median(t)
	table.sort(t)
	local n = #t
	if n % 2 == 1 then return t[(n + 1) // 2] end
	return (t[n // 2] + t[n // 2 + 1]) / 2
end

local all = {}
for _, d in ipairs(dates) do
	local s = graph:at(d)
	local ents, rels = s:count(), 0
	for _ in s:relations() do rels = rels + 1 end
	s = nil
	local mine = {}
	for _ = 1, runs do
		collectgarbage()
		collectgarbage()
		local t0 = os.clock()
		local v = graph:at(d)
		local t1 = os.clock()
		v = nil
		mine[#mine + 1] = (t1 - t0) * 1000
		all[#all + 1] = (t1 - t0) * 1000
	end
	local key = d:gsub("%-", "_")
	print(string.format("at_%s_ms=%.2f at_%s_entities=%d at_%s_relations=%d",
		key, median(mine), key, ents, key, rels))
end
table.sort(all)
print(string.format("at_ms=%.2f at_min_ms=%.2f at_max_ms=%.2f at_runs=%d",
	median(all), all[1], all[#all], #all))
print(string.format("entities=%d", graph:count()))
