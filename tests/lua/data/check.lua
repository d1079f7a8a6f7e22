-- check.lua — helpers shared by the Lua API tests (tests/lua/*.lua):
-- local T = dofile((arg[0]:match("^(.*)/") or ".") .. "/data/check.lua")

local T = {}

local function show(v)
	if type(v) == "string" then return string.format("%q", v) end
	return tostring(v)
end

-- eq(got, want, what): raw equality (or == for handles)
function T.eq(got, want, what)
	if got ~= want then
		error(string.format("%s: got %s, want %s", what or "value", show(got), show(want)), 2)
	end
end

function T.ok(cond, what)
	if not cond then error((what or "check") .. " failed", 2) end
end

-- checkerr(pattern, f, ...): f(...) must raise an error matching pattern (plain find)
function T.checkerr(pattern, f, ...)
	local ok, err = pcall(f, ...)
	if ok then error("no error; wanted one matching '" .. pattern .. "'", 2) end
	if not tostring(err):find(pattern, 1, true) then
		error("error '" .. tostring(err) .. "' does not contain '" .. pattern .. "'", 2)
	end
end

-- ids(iterator...): the tostring of every value an iterator gives, joined by " "
function T.list(...)
	local out = {}
	for x in ... do out[#out + 1] = tostring(x) end
	return table.concat(out, " ")
end

-- seq(t): the tostring of every item of a sequence, joined by " "
function T.seq(t)
	local out = {}
	for i, x in ipairs(t) do out[i] = tostring(x) end
	return table.concat(out, " ")
end

-- sorted keys of a table "k=v ..." (one level)
function T.flat(t)
	local keys = {}
	for k in pairs(t) do keys[#keys + 1] = k end
	table.sort(keys)
	for i, k in ipairs(keys) do keys[i] = k .. "=" .. tostring(t[k]) end
	return table.concat(keys, " ")
end

return T
