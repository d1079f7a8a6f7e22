-- unsourced.lua — answers: which facts have no source? Lists every entity
-- (other than the sources themselves), relation and multi-claim attribute
-- claim that cites no source. A well-kept graph prints "none".
-- (`kg report -g PATH` gives the same counts for every source.)
-- Usage: kg run -g examples/dprk-trafficking queries/unsourced.lua
local R = dofile((arg[0]:gsub("[^/]*$", "")) .. "../lib/report.lua")

local rows = {}
local function scan(x, what, name, sep)
	if #x.sources == 0 and not (what == "entity" and x:is("source")) then
		rows[#rows + 1] = {text = what .. " " .. name .. " (" .. x.loc .. ")"}
	end
	for k in pairs(x:attributes()) do
		local cs = x:claims(k)
		for _, c in ipairs(#cs > 1 and cs or {}) do
			if #c.sources == 0 then rows[#rows + 1] = {text = "claim " .. name .. sep .. k .. " (" .. (c.loc or x.loc) .. ")"} end
		end
	end
end
for e in graph:entities{} do scan(e, "entity", e.id, ".") end
for r in graph:relations{} do scan(r, "relation", R.rel(r), " ") end
print("Facts without sources:")
if #rows == 0 then print("  none") end
R.lines(rows)
