-- timeline.lua — answers: what happened when? Every dated fact of the graph
-- (any attribute the schema declares a date, and the date of every claim)
-- in date order, with its sources.
-- Usage: kg run -g examples/dprk-trafficking queries/timeline.lua
local R = dofile((arg[0]:gsub("[^/]*$", "")) .. "../lib/report.lua")

-- What a dated attribute says, in words.
local words = {start = "begins", ["end"] = "ends", adopted = "adopted",
	deadline = "deadline", since = "since", as_of = "as of", date = "date", year = "year"}
local schema = graph.schema
local rows = {}
local function scan(x, label, sources, decl, detail)
	for k, v in pairs(x:attributes()) do
		local cs, t = x:claims(k), decl.attributes[k].type
		if #cs > 1 then
			for _, c in ipairs(cs) do
				if c.as_of then rows[#rows + 1] = {date = c.as_of, text = label .. ": " .. k .. " = " .. R.value(c.value) .. " " .. R.srcs(c.sources)} end
			end
		elseif t == "date" or (k == "year" and t == "int") then
			rows[#rows + 1] = {date = tostring(v), text = label .. " (" .. (words[k] or k) .. ")" .. detail .. " " .. R.srcs(sources)}
		end
	end
end
for e in graph:entities{} do scan(e, e.name, e.sources, schema.entity_types[e.type], "") end
for r in graph:relations{} do scan(r, R.rel(r), r.sources, schema.relation_types[r.type], R.detail(r)) end
for _, row in ipairs(kg.rows(rows):sort("date", "text")) do
	print(string.format("%-10s %s", row.date, row.text))
end
