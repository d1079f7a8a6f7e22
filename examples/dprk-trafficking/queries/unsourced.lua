-- unsourced.lua — answers: which facts have no source? Lists every entity
-- (other than the sources themselves), relation and multi-claim attribute
-- claim that cites no source. A well-kept graph prints "none".
-- Usage: kg run -g examples/dprk-trafficking queries/unsourced.lua
local R = dofile((arg[0]:gsub("[^/]*$", "")) .. "../lib/report.lua")

local rows = {}
for e in graph:entities{} do
	if not e:is("source") and #e.sources == 0 then
		rows[#rows + 1] = {text = "entity " .. e.id .. " (" .. e.loc .. ")"}
	end
	for k in pairs(e:attributes()) do
		local cs = e:claims(k)
		if #cs > 1 then
			for _, c in ipairs(cs) do
				if #c.sources == 0 then
					rows[#rows + 1] = {text = "claim " .. e.id .. "." .. k .. " (" .. (c.loc or e.loc) .. ")"}
				end
			end
		end
	end
end
for r in graph:relations{} do
	if #r.sources == 0 then
		rows[#rows + 1] = {text = "relation " .. R.rel(r) .. " (" .. r.loc .. ")"}
	end
	for k in pairs(r:attributes()) do
		local cs = r:claims(k)
		if #cs > 1 then
			for _, c in ipairs(cs) do
				if #c.sources == 0 then
					rows[#rows + 1] = {text = "claim " .. R.rel(r) .. " " .. k .. " (" .. (c.loc or r.loc) .. ")"}
				end
			end
		end
	end
end

print("Facts without sources:")
if #rows == 0 then print("  none") end
for _, row in ipairs(R.sort(rows, "text")) do print("  " .. row.text) end
