-- lib/report.lua — formatting helpers shared by the dprk-trafficking queries:
-- numbers, quantities, values, source lists and one-line relation texts.
-- Loaded with dofile from the queries (see load_lib at the top of each).
-- Sorting, grouping and tables are kg.rows' and g:match's own.
local M = {}

-- 150000 -> "150,000"; floats keep their decimals.
function M.num(x)
	if math.type(x) == "float" and x ~= math.floor(x) then return tostring(x) end
	local sign, digits = string.format("%d", math.floor(x)):match("^(-?)(%d+)$")
	return sign .. digits:reverse():gsub("(%d%d%d)", "%1,"):reverse():gsub("^,", "")
end

-- A quantity table as words: "about 100,000", "60,000-65,000",
-- "at least 10,000 (tens of thousands)", with its unit.
function M.qty(q)
	if type(q) ~= "table" then return M.num(q) end
	local s = q.value and M.num(q.value) or q.approx and "about " .. M.num(q.approx)
		or q.min and q.max and M.num(q.min) .. "-" .. M.num(q.max)
		or q.min and "at least " .. M.num(q.min) or q.max and "at most " .. M.num(q.max) or "?"
	return s .. (q.unit and " " .. q.unit or "") .. (q.note and " (" .. q.note .. ")" or "")
end

-- Any attribute value as text: quantities, lists, booleans, strings.
function M.value(v)
	if type(v) == "number" then return M.num(v) end
	if type(v) ~= "table" then return tostring(v) end
	if #v == 0 and next(v) ~= nil then return M.qty(v) end
	local parts = {}
	for i, x in ipairs(v) do parts[i] = M.value(x) end
	return table.concat(parts, "; ")
end

-- The ids of a list of source entities, sorted, as "[a, b]".
function M.srcs(list)
	local ids = {}
	for i, s in ipairs(list or {}) do ids[i] = s.id end
	table.sort(ids)
	return "[" .. table.concat(ids, ", ") .. "]"
end

-- "North Korea --sends_workers_to--> Russia"; a negated relation reads
-- "North Korea --NOT party_to--> 2000 UN TIP Protocol". (attributes():
-- relations of every type come here, and only some declare `negated`.)
function M.rel(r)
	return r.from.name .. " --" .. (r:attributes().negated and "NOT " or "") .. r.type .. "--> " .. r.to.name
end

-- The detail worth printing beside a relation: what was found, how, who
-- the victims are, how many workers; "" when there is none.
function M.detail(r)
	local a = r:attributes()
	local d = a.finding or a.means or a.detail or a.measures or a.role or a.reason or a["for"]
	if a.workers then d = M.qty(a.workers) .. " workers" .. (a.sector and (", " .. a.sector) or "") end
	if a.victims then d = "victims: " .. a.victims .. (a.forms and ("; forms: " .. M.value(a.forms)) or "") end
	d = d or r.notes
	return d and (": " .. d) or ""
end

-- The attributes of an entity or relation as "k=v; k=v", sorted by name,
-- leaving out the names in `skip` (a set).
function M.attrs(x, skip)
	local a, names = x:attributes(), {}
	for k in pairs(a) do
		if not (skip and skip[k]) then names[#names + 1] = k end
	end
	table.sort(names)
	for i, k in ipairs(names) do names[i] = k .. "=" .. M.value(a[k]) end
	return table.concat(names, "; ")
end

-- Prints "  " .. row.text for each row (tables with `text`), sorted by text.
function M.lines(rows)
	for _, row in ipairs(kg.rows(rows, {"text"}):sort("text")) do print("  " .. row.text) end
end

return M
