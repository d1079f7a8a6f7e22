-- workers-abroad.lua — answers: where does North Korea send its workers, how
-- many, when, under what conditions, and what does it earn from them?
-- Usage: kg run -g examples/dprk-trafficking queries/workers-abroad.lua
local R = dofile((arg[0]:gsub("[^/]*$", "")) .. "../lib/report.lua")

print("Where North Korea sends workers (sends_workers_to), undated first:")
local rows = {}
for r in graph:relations{type = "sends_workers_to", from = "dprk"} do
	local what = r.to.name
	if r.workers then what = what .. ": " .. R.qty(r.workers) .. " workers" end
	if r.countries then what = what .. " in " .. R.qty(r.countries) end
	if r.sector then what = what .. ", sector " .. r.sector end
	if r.notes then what = what .. " - " .. r.notes end
	rows[#rows + 1] = {date = r.as_of, text = what, src = R.srcs(r.sources)}
end
local growth = graph:get("workers-abroad-growth")
rows[#rows + 1] = {date = growth.start, text = growth.name .. " - " .. growth.description,
	src = R.srcs(growth.sources)}
for _, row in ipairs(R.sort(rows, "date", "text")) do
	print(string.format("  %-8s %s %s", row.date or "-", row.text, row.src))
end

print()
print("Who employs them, and where:")
rows = {}
for r in graph:relations{type = "employs"} do
	local t = R.rel(r)
	local a = R.attrs(r)
	if a ~= "" then t = t .. " (" .. a .. ")" end
	if r.notes then t = t .. " - " .. r.notes end
	rows[#rows + 1] = {text = t .. " " .. R.srcs(r.sources)}
end
for _, row in ipairs(R.sort(rows, "text")) do print("  " .. row.text) end
for e in graph:entities("facility") do
	local facts = {}
	for r in e:outgoing("employs") do facts[#facts + 1] = r end
	if #facts > 0 then
		print("  " .. e.name .. " conditions: " .. R.value(e.conditions or {}) .. " " .. R.srcs(e.sources))
	end
end

print()
print("What is done to workers sent abroad:")
rows = {}
for r in graph:relations{} do
	local hit = (r.type == "subjects_to" and r.victims == "workers-abroad")
		or (r.to.id == "workers-abroad" and (r.type == "monitors" or r.type == "recruits"))
		or (r.from.id == "workers-abroad" and r.type == "victim_of")
	if hit then
		local t = R.rel(r)
		if r["for"] then t = t .. " for " .. r["for"] end
		if r.as_of then t = t .. " (as of " .. r.as_of .. ")" end
		if r.notes then t = t .. " - " .. r.notes end
		rows[#rows + 1] = {text = t .. " " .. R.srcs(r.sources)}
	end
end
for _, row in ipairs(R.sort(rows, "text")) do print("  " .. row.text) end

print()
print("What North Korea earns from them (claims, each with its sources):")
for r in graph:relations{type = "earns_from", from = "dprk"} do
	print("  " .. R.rel(r) .. (r.notes and (" - " .. r.notes) or ""))
	for _, attr in ipairs{"amount", "amount_usd"} do
		for _, c in ipairs(r:claims(attr)) do
			print(string.format("    %-10s %s as of %s %s", attr, R.qty(c.value), c.as_of or "-", R.srcs(c.sources)))
		end
	end
end

print()
print("The Security Council's order to bring them home, and its evasion:")
rows = {}
for r in graph:relations{} do
	if r.type == "requires" and r.to.id == "workers-abroad" then
		rows[#rows + 1] = {text = R.rel(r) .. ": " .. r.detail .. " within " .. R.qty(r.period)
			.. ", deadline " .. r.deadline .. " " .. R.srcs(r.sources)}
	elseif r.type == "circumvents" and r.from.id == "dprk" then
		rows[#rows + 1] = {text = R.rel(r) .. ": " .. r.means .. " " .. R.srcs(r.sources)}
	end
end
for _, row in ipairs(R.sort(rows, "text")) do print("  " .. row.text) end
