-- workers-abroad.lua — answers: where does North Korea send its workers, how
-- many, when, under what conditions, and what does it earn from them?
-- Usage: kg run -g examples/dprk-trafficking queries/workers-abroad.lua
local R = dofile((arg[0]:gsub("[^/]*$", "")) .. "../lib/report.lua")

print("Where North Korea sends workers (sends_workers_to), undated first:")
local rows = {}
for _, m in ipairs(graph:match("({id: 'dprk'})-[r:sends_workers_to]->(c)")) do
	local r = m.r
	local what = m.c.name .. (r.workers and ": " .. R.qty(r.workers) .. " workers" or "")
		.. (r.countries and " in " .. R.qty(r.countries) or "") .. (r.sector and ", sector " .. r.sector or "")
		.. (r.notes and " - " .. r.notes or "")
	rows[#rows + 1] = {date = r.as_of or "", text = what .. " " .. R.srcs(r.sources)}
end
local growth = graph:get("workers-abroad-growth")
rows[#rows + 1] = {date = growth.start, text = growth.name .. " - " .. growth.description .. " " .. R.srcs(growth.sources)}
for _, row in ipairs(kg.rows(rows):sort("date", "text")) do
	print(string.format("  %-8s %s", row.date ~= "" and row.date or "-", row.text))
end

print()
print("Who employs them, and where:")
rows = {}
for _, m in ipairs(graph:match("()-[r:employs]->()")) do
	local a = R.attrs(m.r)
	rows[#rows + 1] = {text = R.rel(m.r) .. (a ~= "" and " (" .. a .. ")" or "")
		.. (m.r.notes and " - " .. m.r.notes or "") .. " " .. R.srcs(m.r.sources)}
end
R.lines(rows)
for _, m in ipairs(graph:match("(e:facility)-[:employs]->()"):group("e")) do
	print("  " .. m.e.name .. " conditions: " .. R.value(m.e.conditions or {}) .. " " .. R.srcs(m.e.sources))
end

print()
print("What is done to workers sent abroad:")
rows = {}
for _, p in ipairs{"()-[r:subjects_to {victims: 'workers-abroad'}]->()",
		"()-[r:monitors|recruits]->({id: 'workers-abroad'})", "({id: 'workers-abroad'})-[r:victim_of]->()"} do
	for _, m in ipairs(graph:match(p)) do
		local a = m.r:attributes()
		rows[#rows + 1] = {text = R.rel(m.r) .. (a["for"] and " for " .. a["for"] or "")
			.. (a.as_of and " (as of " .. a.as_of .. ")" or "") .. (m.r.notes and " - " .. m.r.notes or "")
			.. " " .. R.srcs(m.r.sources)}
	end
end
R.lines(rows)

print()
print("What North Korea earns from them (claims, each with its sources):")
for _, m in ipairs(graph:match("({id: 'dprk'})-[r:earns_from]->()")) do
	print("  " .. R.rel(m.r) .. (m.r.notes and (" - " .. m.r.notes) or ""))
	for _, attr in ipairs{"amount", "amount_usd"} do
		for _, c in ipairs(m.r:claims(attr)) do
			print(string.format("    %-10s %s as of %s %s", attr, R.qty(c.value), c.as_of or "-", R.srcs(c.sources)))
		end
	end
end

print()
print("The Security Council's order to bring them home, and its evasion:")
rows = {}
for _, m in ipairs(graph:match("()-[r:requires]->({id: 'workers-abroad'})")) do
	rows[#rows + 1] = {text = R.rel(m.r) .. ": " .. m.r.detail .. " within " .. R.qty(m.r.period)
		.. ", deadline " .. m.r.deadline .. " " .. R.srcs(m.r.sources)}
end
for _, m in ipairs(graph:match("({id: 'dprk'})-[r:circumvents]->()")) do
	rows[#rows + 1] = {text = R.rel(m.r) .. ": " .. m.r.means .. " " .. R.srcs(m.r.sources)}
end
R.lines(rows)
