-- disagreeing-claims.lua — answers: which facts do the sources disagree on?
-- Finds every attribute, of any entity or relation, that carries more than
-- one claim, and prints the claims side by side with their sources. Claims
-- with the same date (as_of) but different values are marked as disagreeing.
-- (`kg conflicts -g PATH` gives the disagreeing ones, with the claim that wins.)
-- Usage: kg run -g examples/dprk-trafficking queries/disagreeing-claims.lua
local R = dofile((arg[0]:gsub("[^/]*$", "")) .. "../lib/report.lua")

local found = {}
local function scan(x, label)
	for k in pairs(x:attributes()) do
		local cs = x:claims(k)
		if #cs > 1 then found[#found + 1] = {label = label, attr = k, claims = cs} end
	end
end
for e in graph:entities{} do scan(e, e.name .. " (" .. e.id .. ")") end
for r in graph:relations{} do scan(r, R.rel(r) .. (r.id and (" (" .. r.id .. ")") or "")) end

if #found == 0 then print("No attribute carries more than one claim.") end
for _, f in ipairs(kg.rows(found):sort("label", "attr")) do
	local seen, verdict = {}, "claims differ in date only"
	for _, c in ipairs(f.claims) do
		local key, v = c.as_of or "-", R.value(c.value)
		if seen[key] and seen[key] ~= v then verdict = "DISAGREE" end
		seen[key] = seen[key] or v
	end
	print(f.label .. ", attribute " .. f.attr .. ": " .. #f.claims .. " claims, " .. verdict)
	for _, c in ipairs(f.claims) do
		print(string.format("  %-45s as of %-6s rank %-9s %s%s", R.value(c.value), c.as_of or "-",
			c.rank, R.srcs(c.sources), c.note and (" - " .. c.note) or ""))
	end
end
