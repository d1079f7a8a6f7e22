-- lib/report.lua — formatting helpers shared by the dprk-trafficking queries:
-- numbers, quantities, values, source lists and one-line relation texts.
-- Loaded with dofile from the queries (see load_lib at the top of each).
local M = {}

-- 150000 -> "150,000"; floats keep their decimals.
function M.num(x)
	if math.type(x) == "float" and x ~= math.floor(x) then
		return tostring(x)
	end
	local s = string.format("%d", math.floor(x))
	local sign, digits = s:match("^(-?)(%d+)$")
	digits = digits:reverse():gsub("(%d%d%d)", "%1,"):reverse():gsub("^,", "")
	return sign .. digits
end

-- A quantity table as words: "about 100,000", "60,000-65,000",
-- "at least 10,000 (tens of thousands)", with its unit.
function M.qty(q)
	if type(q) ~= "table" then
		return M.num(q)
	end
	local s
	if q.value then
		s = M.num(q.value)
	elseif q.approx then
		s = "about " .. M.num(q.approx)
	elseif q.min and q.max then
		s = M.num(q.min) .. "-" .. M.num(q.max)
	elseif q.min then
		s = "at least " .. M.num(q.min)
	elseif q.max then
		s = "at most " .. M.num(q.max)
	else
		s = "?"
	end
	if q.unit then s = s .. " " .. q.unit end
	if q.note then s = s .. " (" .. q.note .. ")" end
	return s
end

-- Any attribute value as text: quantities, lists, booleans, strings.
function M.value(v)
	local t = type(v)
	if t == "table" then
		if #v > 0 or next(v) == nil then
			local parts = {}
			for i, x in ipairs(v) do parts[i] = M.value(x) end
			return table.concat(parts, "; ")
		end
		return M.qty(v)
	elseif t == "number" then
		return M.num(v)
	end
	return tostring(v)
end

-- The ids of a list of source entities, sorted, as "[a, b]".
function M.srcs(list)
	local ids = {}
	for i, s in ipairs(list or {}) do ids[i] = s.id end
	table.sort(ids)
	return "[" .. table.concat(ids, ", ") .. "]"
end

-- Whether a list of source entities holds the one with this id.
function M.cites(list, id)
	for _, s in ipairs(list or {}) do
		if s.id == id then return true end
	end
	return false
end

-- "North Korea --sends_workers_to--> Russia"; a negated relation reads
-- "North Korea --NOT party_to--> 2000 UN TIP Protocol".
function M.rel(r)
	return r.from.name .. " --" .. (r.negated and "NOT " or "") .. r.type .. "--> " .. r.to.name
end

-- The detail worth printing beside a relation: what was found, how, who
-- the victims are, how many workers; "" when there is none.
function M.detail(r)
	local d = r.finding or r.means or r.detail or r.measures or r.role or r.reason or r["for"]
	if r.workers then d = M.qty(r.workers) .. " workers" .. (r.sector and (", " .. r.sector) or "") end
	if r.victims then d = "victims: " .. r.victims .. (r.forms and ("; forms: " .. M.value(r.forms)) or "") end
	if not d then d = r.notes end
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
	local parts = {}
	for i, k in ipairs(names) do parts[i] = k .. "=" .. M.value(a[k]) end
	return table.concat(parts, "; ")
end

-- Sorts a list of rows (tables) by the given keys in order; missing
-- values sort first.
function M.sort(rows, ...)
	local keys = {...}
	table.sort(rows, function(a, b)
		for _, k in ipairs(keys) do
			local x, y = a[k] or "", b[k] or ""
			if x ~= y then return x < y end
		end
		return false
	end)
	return rows
end

return M
