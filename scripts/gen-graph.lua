-- gen-graph.lua — writes a synthetic, seeded, deterministic kg graph (SPEC format) for benchmarks.
--
-- lua5.4 scripts/gen-graph.lua --entities N --relations M --seed S --out DIR [--files K]
--
-- Writes DIR/schema.yaml (a copy of scripts/bench/schema.yaml), the graph in
-- DIR/data/part-NNNN.yaml (the first file names the schema with `schema:`),
-- DIR/queries.txt (seeded query inputs shared by every benchmark program) and
-- DIR/meta.txt (counts). The graph path to load is DIR/data. The same
-- arguments always give the same bytes: the generator uses its own PRNG
-- (splitmix64), never math.random.
--
-- Time and sources (doc/time.md, doc/provenance.md): a share of the
-- relations carry a validity span (`since`, `till`; an `as_of` always meets
-- it), laws may be `repealed` (the schema bounds a law's existence by
-- `enacted`..`repealed`), and some attributes are lists of claims over time
-- with ranks: countries' population by census period, companies'
-- employees from disagreeing sources, people's role history, some of them
-- overlapping with other values so that `kg conflicts` finds resolved and
-- unresolved conflicts. These come from a second PRNG stream of their own,
-- so the rest of the graph is the same bytes as before they were added.

local USAGE = "usage: lua5.4 gen-graph.lua --entities N --relations M --seed S --out DIR [--files K]"

local function die(msg, code)
	io.stderr:write("gen-graph: ", msg, "\n")
	os.exit(code or 2)
end

-- ---------------------------------------------------------------- options

local opt = { entities = 100000, relations = 300000, seed = 1 }
do
	local i = 1
	while i <= #arg do
		local k, v = arg[i], arg[i + 1]
		local name = k:match("^%-%-(%a+)$")
		if k == "-h" or k == "--help" then print(USAGE) os.exit(0) end
		if not name or v == nil then die(USAGE) end
		if name == "out" then
			opt.out = v
		elseif name == "entities" or name == "relations" or name == "seed" or name == "files" then
			local n = math.tointeger(tonumber(v))
			if not n or n < 0 then die("--" .. name .. " wants a non-negative integer, got " .. v) end
			opt[name] = n
		else
			die("unknown option " .. k .. "\n" .. USAGE)
		end
		i = i + 2
	end
	if not opt.out then die(USAGE) end
	if opt.entities < 100 and opt.relations > 0 then die("--entities must be at least 100") end
end

-- ---------------------------------------------------------------- PRNG

-- splitmix64 over Lua 5.4's 64-bit integers (wrap-around arithmetic).
local function new_rng(seed)
	local s = seed * 0x632BE59BD9B4E019 + 0x9E3779B97F4A7C15
	local r = {}
	local function next64()
		s = s + 0x9E3779B97F4A7C15
		local z = s
		z = (z ~ (z >> 30)) * 0xBF58476D1CE4E5B9
		z = (z ~ (z >> 27)) * 0x94D049BB133111EB
		return z ~ (z >> 31)
	end
	function r.int(n) return (next64() >> 11) % n + 1 end         -- 1 .. n
	function r.range(a, b) return a + (next64() >> 11) % (b - a + 1) end
	function r.float() return (next64() >> 11) * (1.0 / 9007199254740992.0) end
	function r.chance(p) return r.float() < p end
	function r.pick(t) return t[r.int(#t)] end
	return r
end

-- A stateless hash of (seed, i): decisions that must be known before the
-- sequential stream reaches them (how many inline relations an entity has).
local function hash01(seed, i)
	local z = seed * 0x9E3779B97F4A7C15 + i * 0xD1B54A32D192ED03
	z = (z ~ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ~ (z >> 27)) * 0x94D049BB133111EB
	z = z ~ (z >> 31)
	return (z >> 11) * (1.0 / 9007199254740992.0)
end

local rng = new_rng(opt.seed)
-- The validity spans and claims over time: their own stream (see the top).
local trng = new_rng(opt.seed * 0x2545F4914F6CDD1D + 0x5851F42D)

-- ---------------------------------------------------------------- entity plan

-- Entity types in write order, with their share of the entities and id prefix.
local ETYPES = {
	{ name = "source",       share = 0.02, prefix = "src" },
	{ name = "country",      share = 0.01, prefix = "cty" },
	{ name = "agency",       share = 0.05, prefix = "agy" },
	{ name = "organization", share = 0.08, prefix = "org" },
	{ name = "company",      share = 0.30, prefix = "com" },
	{ name = "law",          share = 0.09, prefix = "law" },
	{ name = "person",       share = 0.45, prefix = "per" },
}
local ET = {} -- name -> type record with first, count (global index range)
do
	local N, next_first, left = opt.entities, 1, opt.entities
	for i, t in ipairs(ETYPES) do
		local c = (i == #ETYPES) and left or math.max(N > 0 and 2 or 0, math.floor(N * t.share))
		if c > left then c = left end
		t.first, t.count = next_first, c
		next_first, left = next_first + c, left - c
		ET[t.name] = t
	end
end

local function eid(t, k) return string.format("%s-%07d", t.prefix, k) end
-- Global index -> (type, id)
local function global_type(g)
	for _, t in ipairs(ETYPES) do
		if g < t.first + t.count then return t end
	end
end
local function gid(g) local t = global_type(g) return eid(t, g - t.first + 1), t end

-- Picks an entity of type t; skewed picks favour low indices (hubs).
local function pick_in(t, skewed)
	local u = rng.float()
	if skewed then u = u ^ 2.2 end
	return t.first + math.floor(u * t.count)
end
-- Picks among several types, weighted by their sizes.
local function pick_of(types, skewed)
	local total = 0
	for _, n in ipairs(types) do total = total + ET[n].count end
	local x = rng.int(total)
	for _, n in ipairs(types) do
		local t = ET[n]
		if x <= t.count then return pick_in(t, skewed) end
		x = x - t.count
	end
end

-- ---------------------------------------------------------------- words

local SYL = { "ka", "lo", "mi", "ren", "sa", "to", "vel", "an", "bor", "dri", "ek", "fa",
	"gon", "hal", "ix", "ju", "kor", "lin", "mar", "nes", "ol", "pra", "qui", "ros", "sun",
	"tar", "ul", "vin", "wen", "yar", "zed" }
local function word(n)
	local t = {}
	for i = 1, n do t[i] = SYL[rng.int(#SYL)] end
	local w = table.concat(t)
	return w:sub(1, 1):upper() .. w:sub(2)
end
local ROLES = { "analyst", "director", "officer", "inspector", "broker", "engineer",
	"accountant", "captain", "recruiter", "adviser", "clerk", "manager" }
local SECTORS = { "mining", "shipping", "finance", "textiles", "fishing", "construction",
	"software", "logistics" }
local KINDS = { "ngo", "union", "church", "party", "club", "network" }
local STATUS = { "draft", "in_force", "repealed", "amended" }
local SUFFIX = { "Holdings", "Trading", "Group", "Industries", "Partners", "Shipping Co", "Logistics" }
local PUBLISHERS = { "Global Monitor", "Rights Watch Review", "The Daily Ledger", "State Gazette",
	"Open Data Office", "Maritime Bulletin" }
local TAGS = { "finance", "security", "labour", "shipping", "diplomacy", "tech", "media" }

local function year() return rng.range(1950, 2023) end
local function date()
	local f = rng.int(10)
	if f <= 4 then return tostring(year()) end
	if f <= 7 then return string.format("%d-%02d", year(), rng.range(1, 12)) end
	return string.format("%d-%02d-%02d", year(), rng.range(1, 12), rng.range(1, 28))
end
-- ---------------------------------------------------------------- time

-- A date in year y at a random precision (year, month or day), from the
-- time stream.
local function tdate(y)
	local f = trng.int(10)
	if f <= 4 then return tostring(y) end
	if f <= 7 then return string.format("%d-%02d", y, trng.range(1, 12)) end
	return string.format("%d-%02d-%02d", y, trng.range(1, 12), trng.range(1, 28))
end
local function year_of(d) return math.tointeger(tonumber(d:sub(1, 4))) end

-- For each relation type, the share of its relations given a `since` (when
-- they have none yet) and a `till`; OTHER for the rest.
local SPAN = {
	employed_by = { 0.10, 0.35 }, sanctions = { 0.30, 0.25 }, owns = { 0.20, 0.15 },
	trades_with = { 0.25, 0.20 }, enforces = { 0.10, 0.15 }, knows = { 0.10, 0.10 },
}
local SPAN_OTHER = { 0.08, 0.05 }

-- A validity span for the fields of one relation (a, "k: v" strings), on a
-- share of them. It always holds a day (`till`'s year is after every year
-- named), and meets the relation's `as_of`: `since` begins no later than
-- the as_of's first day (an earlier year, or the same year as a year).
local function add_span(a, rtype)
	local p = SPAN[rtype] or SPAN_OTHER
	local since, as_of
	for _, f in ipairs(a) do
		if f:sub(1, 7) == "since: " then since = f:sub(8) end
		if f:sub(1, 7) == "as_of: " then as_of = f:sub(8) end
	end
	if not since and trng.chance(p[1]) then
		if as_of then
			local y = year_of(as_of) - trng.range(0, 8)
			since = y == year_of(as_of) and tostring(y) or tdate(y)
		else
			since = tdate(trng.range(1950, 2023))
		end
		a[#a + 1] = "since: " .. since
	end
	if trng.chance(p[2]) then
		local y = since and year_of(since) or trng.range(1950, 2020)
		if as_of and year_of(as_of) > y then y = year_of(as_of) end
		a[#a + 1] = "till: " .. tdate(y + trng.range(1, 12))
	end
end

local function amount()
	local f = rng.int(4)
	local base = rng.range(1, 999) * 10 ^ rng.range(3, 8)
	base = math.tointeger(base) or base
	if f == 1 then return tostring(base) end
	if f == 2 then return string.format("{approx: %d, note: estimate %d}", base, rng.int(99)) end
	if f == 3 then return string.format("{min: %d, max: %d, unit: USD}", base, base * 2) end
	return string.format("{value: %d, unit: USD}", base)
end
local function iso3(k)
	k = k - 1
	local a, b, c = k // 676 % 26, k // 26 % 26, k % 26
	return string.char(65 + a, 65 + b, 65 + c)
end

-- A flow list of 1-3 source ids.
local function sources_list()
	local st, n = ET.source, rng.int(3)
	local t = {}
	for i = 1, n do t[i] = eid(st, rng.int(st.count)) end
	return "[" .. table.concat(t, ", ") .. "]"
end

-- ---------------------------------------------------------------- relations

-- Relation types: weight, allowed from and to entity types, attribute writer.
local RTYPES = {
	{ "employed_by", 20, { "person" }, { "company", "agency", "organization" }, function(a)
		if rng.chance(0.6) then a[#a + 1] = "role: " .. rng.pick(ROLES) end
		local since = rng.chance(0.5) and date() or nil
		local as_of = rng.chance(0.2) and date() or nil
		-- as_of must meet the span since opens (ISO text sorts as the days do)
		if since and as_of and as_of < since then since, as_of = as_of, since end
		if since then a[#a + 1] = "since: " .. since end
		if as_of then a[#a + 1] = "as_of: " .. as_of end
	end },
	{ "owns", 12, { "company", "person", "country" }, { "company" }, function(a)
		if rng.chance(0.9) then a[#a + 1] = string.format("share_pct: %.1f", rng.range(1, 1000) / 10) end
		if rng.chance(0.5) then a[#a + 1] = "as_of: " .. date() end
	end },
	{ "funds", 10, { "organization", "company", "country", "agency", "person" },
		{ "organization", "company", "person", "agency" }, function(a, q)
		if rng.chance(0.85) then a[#a + 1] = "amount_usd: " .. q(amount) end
		if rng.chance(0.8) then a[#a + 1] = "as_of: " .. date() end
	end },
	{ "regulates", 8, { "agency" }, { "company" }, function(a)
		if rng.chance(0.3) then a[#a + 1] = "as_of: " .. date() end
	end },
	{ "located_in", 10, { "company", "agency", "organization" }, { "country" }, function() end },
	{ "enforces", 5, { "agency" }, { "law" }, function(a)
		if rng.chance(0.5) then a[#a + 1] = "since: " .. date() end
	end },
	{ "cites", 5, { "law", "source" }, { "law", "source" }, function() end },
	{ "sanctions", 6, { "country", "agency" }, { "person", "company", "organization" }, function(a)
		if rng.chance(0.9) then a[#a + 1] = "as_of: " .. date() end
		if rng.chance(0.3) then a[#a + 1] = "lifted: " .. (rng.chance(0.5) and "true" or "false") end
	end },
	{ "knows", 12, { "person" }, { "person" }, function(a)
		if rng.chance(0.2) then a[#a + 1] = "as_of: " .. date() end
	end },
	{ "trades_with", 4, { "country" }, { "country" }, function(a, q)
		a[#a + 1] = "volume_usd: " .. q(amount)
		a[#a + 1] = "as_of: " .. tostring(year())
	end },
	{ "borders", 1, { "country" }, { "country" }, function() end },
	{ "enacted_by", 7, { "law" }, { "country" }, function(a)
		if rng.chance(0.5) then a[#a + 1] = "as_of: " .. date() end
	end },
}
local RT_TOTAL = 0
for _, r in ipairs(RTYPES) do RT_TOTAL = RT_TOTAL + r[2] end
-- Relation types that may leave an entity of a given type (for inline relations).
local RT_FROM = {}
for _, t in ipairs(ETYPES) do
	RT_FROM[t.name] = {}
	for _, r in ipairs(RTYPES) do
		for _, f in ipairs(r[3]) do
			if f == t.name then table.insert(RT_FROM[t.name], r) end
		end
	end
end

local function pick_rtype()
	local x = rng.int(RT_TOTAL)
	for _, r in ipairs(RTYPES) do
		if x <= r[2] then return r end
		x = x - r[2]
	end
end

-- Per-file writer state: anchors are per YAML document, so they reset with
-- every file.
local file_state
local function new_file_state() return { srcs_anchor = nil, q_anchor = nil, nanchor = 0 } end

-- A quantity, sometimes through an anchor defined earlier in the file.
local function quantity(gen)
	local fs = file_state
	if fs.q_anchor and rng.chance(0.01) then return "*" .. fs.q_anchor end
	if not fs.q_anchor and rng.chance(0.05) then
		fs.nanchor = fs.nanchor + 1
		fs.q_anchor = "q" .. fs.nanchor
		return "&" .. fs.q_anchor .. " " .. gen()
	end
	return gen()
end

local nrelid = 0
-- The fields of one relation (without `from` when inline), as "k: v" strings.
local function relation_fields(r, from_g, with_from)
	local to_g = pick_of(r[4], true)
	if to_g == from_g then to_g = pick_of(r[4], false) end
	if to_g == from_g then return nil end
	local a = {}
	if with_from then a[#a + 1] = "from: " .. gid(from_g) end
	a[#a + 1] = "type: " .. r[1]
	a[#a + 1] = "to: " .. gid(to_g)
	if rng.chance(0.2) then
		nrelid = nrelid + 1
		a[#a + 1] = string.format("id: rel-%08d", nrelid)
	end
	if rng.chance(0.5) then a[#a + 1] = "sources: " .. sources_list() end
	r[5](a, quantity)
	add_span(a, r[1])
	return a
end

local function write_relation(out, a, indent)
	if rng.chance(0.7) then
		out[#out + 1] = indent .. "- {" .. table.concat(a, ", ") .. "}\n"
	else
		out[#out + 1] = indent .. "- " .. a[1] .. "\n"
		for i = 2, #a do out[#out + 1] = indent .. "  " .. a[i] .. "\n" end
	end
end

-- ---------------------------------------------------------------- entities

-- Inline relations per entity: decided by hash so the totals are known
-- before writing. About 10% of the relations are written inline.
local INLINE_SEED = opt.seed * 7919 + 17
local function ninline(g)
	if opt.relations == 0 then return 0 end
	local p = opt.relations * 0.1 / math.max(1, opt.entities)
	local u = hash01(INLINE_SEED, g)
	if u < p / 2 then return 2 elseif u < p * 0.75 then return 1 end
	return 0
end

local ENTITY_ATTRS = {
	source = function(a, k)
		a[#a + 1] = string.format("title: Report %d on %s %s", k, word(2), word(3))
		a[#a + 1] = "year: " .. rng.range(1990, 2024)
		if rng.chance(0.7) then a[#a + 1] = "publisher: " .. rng.pick(PUBLISHERS) end
		if rng.chance(0.5) then a[#a + 1] = string.format("url: https://example.org/reports/%d", k) end
	end,
	country = function(a, k)
		a[#a + 1] = "iso3: " .. iso3(k)
		a[#a + 1] = "population: " .. rng.range(10000, 300000000)
		a[#a + 1] = string.format("area_km2: %.1f", rng.range(100, 9000000) + rng.int(9) / 10)
		if rng.chance(0.6) then a[#a + 1] = "independence: " .. date() end
	end,
	agency = function(a)
		a[#a + 1] = "acronym: " .. word(1):upper() .. rng.int(99)
		a[#a + 1] = "jurisdiction: " .. gid(pick_in(ET.country, true))
		if rng.chance(0.6) then a[#a + 1] = "budget_usd: " .. quantity(amount) end
		if rng.chance(0.5) then a[#a + 1] = "established: " .. date() end
	end,
	organization = function(a)
		a[#a + 1] = "kind: " .. rng.pick(KINDS)
		if rng.chance(0.5) then a[#a + 1] = string.format("members: {approx: %d}", rng.range(10, 90000)) end
		if rng.chance(0.5) then a[#a + 1] = "founded: " .. date() end
	end,
	company = function(a)
		a[#a + 1] = "sector: " .. rng.pick(SECTORS)
		if rng.chance(0.5) then a[#a + 1] = "employees: " .. rng.range(1, 50000) end
		if rng.chance(0.1) then
			-- disagreeing claims, each with its provenance
			a[#a + 1] = "revenue_usd:"
			a[#a + 1] = string.format("  - {value: %d, sources: %s, as_of: %d, rank: preferred}",
				rng.range(1000, 900000000), sources_list(), year())
			a[#a + 1] = string.format("  - {value: %d, sources: %s, as_of: %d}",
				rng.range(1000, 900000000), sources_list(), year())
		elseif rng.chance(0.4) then
			a[#a + 1] = "revenue_usd: " .. rng.range(1000, 900000000)
		end
		if rng.chance(0.6) then a[#a + 1] = "founded: " .. date() end
		if rng.chance(0.3) then a[#a + 1] = "listed: " .. (rng.chance(0.5) and "true" or "false") end
		a[#a + 1] = "registered_in: " .. gid(pick_in(ET.country, true))
	end,
	law = function(a)
		a[#a + 1] = "enacted: " .. date()
		a[#a + 1] = "jurisdiction: " .. gid(pick_in(ET.country, true))
		a[#a + 1] = "status: " .. rng.pick(STATUS)
		if rng.chance(0.7) then a[#a + 1] = "articles: " .. rng.range(1, 400) end
	end,
	person = function(a)
		if rng.chance(0.7) then a[#a + 1] = "born: " .. date() end
		a[#a + 1] = "nationality: " .. gid(pick_in(ET.country, true))
		if rng.chance(0.5) then a[#a + 1] = "role: " .. rng.pick(ROLES) end
		if rng.chance(0.3) then a[#a + 1] = string.format("tags: [%s, %s]", rng.pick(TAGS), rng.pick(TAGS)) end
		if rng.chance(0.05) then a[#a + 1] = "sanctioned: true" end
	end,
}

-- Claims over time, from the time stream, rewriting some of what
-- ENTITY_ATTRS wrote ("k: v" strings in a). A claim is a flow mapping
-- under its attribute, as in SPEC.

-- The index in a of the field named key, or nil.
local function field(a, key)
	local pre = key .. ": "
	for i, f in ipairs(a) do
		if f:sub(1, #pre) == pre then return i end
	end
end
-- One source id, or a flow list of one or two.
local function tsource() return eid(ET.source, trng.int(ET.source.count)) end
local function tsources()
	if trng.chance(0.6) then return "[" .. tsource() .. "]" end
	return "[" .. tsource() .. ", " .. tsource() .. "]"
end
-- Replaces field i of a by the attribute key with the claims cs (flow
-- mapping bodies).
local function put_claims(a, i, key, cs)
	local lines = { key .. ":" }
	for _, c in ipairs(cs) do lines[#lines + 1] = "  - {" .. c .. "}" end
	table.remove(a, i)
	for j = #lines, 1, -1 do table.insert(a, i, lines[j]) end
end

local TIME_ATTRS = {
	-- population by census period: consecutive spans, each observed within
	-- it; sometimes a second figure for one period from another source,
	-- ranked below the first (resolved), unranked (unresolved) or deprecated.
	country = function(a)
		local i = field(a, "population")
		if not i or not trng.chance(0.6) then return end
		local pop = math.tointeger(tonumber(a[i]:sub(#"population: " + 1)))
		local cs, y = {}, trng.range(1950, 1995)
		local n, rival = trng.range(2, 4), nil
		if trng.chance(0.4) then rival = trng.range(1, n) end
		local how = trng.int(10)
		for k = 1, n do
			local len = trng.range(5, 12)
			local as_of = tdate(y + trng.range(0, len - 1))
			local v = pop * (90 + 5 * k + trng.int(9)) // 100
			local c = string.format("value: %d, sources: %s, since: %d, till: %d, as_of: %s",
				v, tsources(), y, y + len, as_of)
			if k == rival and how <= 5 then c = c .. ", rank: preferred" end
			cs[#cs + 1] = c
			if k == rival then
				local r = string.format("value: %d, sources: [%s], as_of: %s",
					v * (103 + trng.int(9)) // 100, tsource(), as_of)
				if how >= 9 then r = r .. ", rank: deprecated" end
				cs[#cs + 1] = r
			end
			y = y + len
		end
		put_claims(a, i, "population", cs)
	end,
	-- headcounts that disagree: two or three sources, the same year
	-- (2016 overlaps 2016-07), one preferred, none, or one deprecated.
	company = function(a)
		local i = field(a, "employees")
		if not i or not trng.chance(0.15) then return end
		local n, y, how = trng.range(2, 3), trng.range(1995, 2023), trng.int(20)
		local base = trng.range(10, 50000)
		local cs = {}
		for k = 1, n do
			local c = string.format("value: %d, sources: [%s], as_of: %s",
				base + (k - 1) * trng.range(1, 500), tsource(), tdate(y))
			if k == 1 and how <= 10 then c = c .. ", rank: preferred" end
			if k == n and how >= 18 then c = c .. ", rank: deprecated" end
			cs[k] = c
		end
		put_claims(a, i, "employees", cs)
	end,
	-- a role history: consecutive spans, the last open; one in five
	-- overlaps the one before (a conflict, half of them with the later
	-- role preferred).
	person = function(a)
		local i = field(a, "role")
		if not i or not trng.chance(0.12) then return end
		local n, y = trng.range(2, 3), trng.range(1970, 2015)
		local overlap, pref = trng.chance(0.2), trng.chance(0.5)
		local cs = {}
		for k = 1, n do
			local len = trng.range(2, 8)
			local c = "value: " .. ROLES[trng.int(#ROLES)]
			if trng.chance(0.6) then c = c .. ", sources: " .. tsources() end
			c = c .. ", since: " .. y
			if k < n then c = c .. ", till: " .. (y + len) end
			if k == n and overlap and pref then c = c .. ", rank: preferred" end
			cs[k] = c
			y = y + len
			if k == n - 1 and overlap then y = y - 1 end
		end
		put_claims(a, i, "role", cs)
	end,
	-- a repealed law's date of repeal, after its enactment: the schema
	-- bounds a law's existence by enacted..repealed.
	law = function(a)
		local st, en = field(a, "status"), field(a, "enacted")
		if not st or not en or a[st] ~= "status: repealed" or not trng.chance(0.8) then return end
		table.insert(a, st + 1, "repealed: " .. tdate(year_of(a[en]:sub(#"enacted: " + 1)) + trng.range(1, 30)))
	end,
}

local function entity_name(t, k)
	local n = t.name
	if n == "person" then return word(2) .. " " .. word(rng.range(2, 3)) end
	if n == "company" then return word(2) .. " " .. rng.pick(SUFFIX) end
	if n == "country" then return "Republic of " .. word(3) end
	if n == "agency" then return "Office of " .. word(2) .. " Affairs" end
	if n == "organization" then return word(2) .. " " .. rng.pick({ "Foundation", "Union", "Network", "Society" }) end
	if n == "law" then return string.format("%s Act No. %d", word(2), k) end
	return nil
end

local function write_entity(out, g)
	local id, t = gid(g)
	local k = g - t.first + 1
	out[#out + 1] = "  - id: " .. id .. "\n    type: " .. t.name .. "\n"
	local nm = entity_name(t, k)
	if nm and rng.chance(0.95) then out[#out + 1] = "    name: " .. nm .. "\n" end
	if t.name ~= "source" and rng.chance(0.2) then
		out[#out + 1] = string.format("    aliases: [%s, %s %d]\n", word(2), word(1), k)
	end
	if t.name ~= "source" and ET.source.count > 0 and rng.chance(0.3) then
		local fs = file_state
		if fs.srcs_anchor and rng.chance(0.02) then
			out[#out + 1] = "    sources: *" .. fs.srcs_anchor .. "\n"
		elseif not fs.srcs_anchor then
			fs.nanchor = fs.nanchor + 1
			fs.srcs_anchor = "s" .. fs.nanchor
			out[#out + 1] = "    sources: &" .. fs.srcs_anchor .. " " .. sources_list() .. "\n"
		else
			out[#out + 1] = "    sources: " .. sources_list() .. "\n"
		end
	end
	if rng.chance(0.1) then
		out[#out + 1] = string.format("    notes: Synthetic record %d, generated for benchmarks\n", k)
	end
	local a = {}
	ENTITY_ATTRS[t.name](a, k)
	if TIME_ATTRS[t.name] then TIME_ATTRS[t.name](a) end
	for _, s in ipairs(a) do out[#out + 1] = "    " .. s .. "\n" end
	local ni = ninline(g)
	if ni > 0 then
		local rs = RT_FROM[t.name]
		local lines = {}
		for _ = 1, ni do
			if #rs > 0 then
				local f = relation_fields(rs[rng.int(#rs)], g, false)
				if f then lines[#lines + 1] = f end
			end
		end
		if #lines > 0 then
			out[#out + 1] = "    relations:\n"
			for _, f in ipairs(lines) do write_relation(out, f, "      ") end
		end
		return #lines
	end
	return 0
end

-- ---------------------------------------------------------------- files

local function sh_quote(s) return "'" .. s:gsub("'", "'\\''") .. "'" end
local function mkdir_p(d)
	if not os.execute("mkdir -p " .. sh_quote(d)) then die("cannot create " .. d, 1) end
end
local function open_w(path)
	local f, err = io.open(path, "wb")
	if not f then die(err, 1) end
	return f
end

local here = (arg[0]:match("^(.*)/[^/]*$") or ".")
local schema_src = here .. "/bench/schema.yaml"
mkdir_p(opt.out .. "/data")
do
	local f, err = io.open(schema_src, "rb")
	if not f then die(err, 1) end
	local text = f:read("a")
	f:close()
	local o = open_w(opt.out .. "/schema.yaml")
	o:write(text)
	o:close()
end

-- Relations written inline, known before the sequential pass.
local total_inline = 0
for g = 1, opt.entities do total_inline = total_inline + ninline(g) end
if total_inline > opt.relations then total_inline = opt.relations end
local top_rel = opt.relations - total_inline

local K = opt.files
if not K or K < 1 then
	local est = opt.entities * 260 + opt.relations * 110
	K = math.max(1, math.ceil(est / (3 << 20)))
end

local written_rel = 0
for k = 1, K do
	file_state = new_file_state()
	local path = string.format("%s/data/part-%04d.yaml", opt.out, k)
	local f = open_w(path)
	local out = { string.format("# part %d of %d: synthetic kg benchmark graph, seed %d\n", k, K, opt.seed) }
	if k == 1 then out[#out + 1] = "schema: ../schema.yaml\n" end
	local e0 = (k - 1) * opt.entities // K + 1
	local e1 = k * opt.entities // K
	if e1 >= e0 then
		out[#out + 1] = "entities:\n"
		for g = e0, e1 do
			written_rel = written_rel + write_entity(out, g)
			if #out > 4000 then f:write(table.concat(out)) out = {} end
		end
	end
	local r0 = (k - 1) * top_rel // K + 1
	local r1 = k * top_rel // K
	if r1 >= r0 then
		out[#out + 1] = "relations:\n"
		local j = r0
		while j <= r1 do
			local r = pick_rtype()
			local a = relation_fields(r, pick_of(r[3], false), true)
			if a then
				write_relation(out, a, "  ")
				j = j + 1
				written_rel = written_rel + 1
			end
			if #out > 4000 then f:write(table.concat(out)) out = {} end
		end
	end
	if e1 < e0 and r1 < r0 and k ~= 1 then out[#out + 1] = "{}\n" end
	if k == 1 and e1 < e0 and r1 < r0 then out[#out + 1] = "entities: []\n" end
	f:write(table.concat(out))
	f:close()
end

-- ---------------------------------------------------------------- queries

-- Seeded inputs for the query benchmark, read by every implementation:
--   n ID          a 2-hop out-neighbourhood from ID
--   p A B         an undirected shortest path from A to B
--   s TYPE ATTR X scan relations of TYPE whose number ATTR is > X
do
	local q = new_rng(opt.seed * 31 + 7)
	local o = open_w(opt.out .. "/queries.txt")
	local nonsrc = opt.entities - ET.source.count
	local function any_entity() return gid(ET.source.count + q.int(nonsrc)) end
	if nonsrc > 0 then
		for _ = 1, 1000 do o:write("n ", any_entity(), "\n") end
		for _ = 1, 200 do o:write("p ", any_entity(), " ", any_entity(), "\n") end
	end
	o:write("s owns share_pct 50\n")
	o:close()
	local m = open_w(opt.out .. "/meta.txt")
	m:write(string.format("entities %d\nrelations %d\nfiles %d\nseed %d\n",
		opt.entities, written_rel, K, opt.seed))
	m:close()
end
