-- timeline.lua — answers: what happened when? Every dated fact of the graph
-- (any attribute holding a date, and the date of every claim) in date
-- order, with its sources.
-- Usage: kg run -g examples/dprk-trafficking queries/timeline.lua
local R = dofile((arg[0]:gsub("[^/]*$", "")) .. "../lib/report.lua")

local function isdate(v)
	return type(v) == "string" and (v:match("^%d%d%d%d$") or v:match("^%d%d%d%d%-%d%d$")
		or v:match("^%d%d%d%d%-%d%d%-%d%d$")) ~= nil
end

-- What a dated attribute says, in words.
local words = {start = "begins", ["end"] = "ends", adopted = "adopted",
	deadline = "deadline", since = "since", as_of = "as of", date = "date", year = "year"}

local rows = {}
local function add(date, text, sources)
	rows[#rows + 1] = {date = date, text = text .. " " .. R.srcs(sources)}
end

for e in graph:entities{} do
	for k, v in pairs(e:attributes()) do
		local cs = e:claims(k)
		if #cs > 1 then
			for _, c in ipairs(cs) do
				if c.as_of then add(c.as_of, e.name .. ": " .. k .. " = " .. R.value(c.value), c.sources) end
			end
		elseif isdate(v) or (k == "year" and math.type(v) == "integer") then
			add(tostring(v), e.name .. " (" .. (words[k] or k) .. ")", e.sources)
		end
	end
end
for r in graph:relations{} do
	for k, v in pairs(r:attributes()) do
		local cs = r:claims(k)
		if #cs > 1 then
			for _, c in ipairs(cs) do
				if c.as_of then
					add(c.as_of, R.rel(r) .. ": " .. k .. " = " .. R.value(c.value), c.sources)
				end
			end
		elseif isdate(v) then
			add(v, R.rel(r) .. " (" .. (words[k] or k) .. ")" .. R.detail(r), r.sources)
		end
	end
end

for _, row in ipairs(R.sort(rows, "date", "text")) do
	print(string.format("%-10s %s", row.date, row.text))
end
