-- every global and library field a sandboxed script can reach is on this
-- list, and nothing on it is missing: the sandbox is an allow list
local allowed = {
	_G = "table", _VERSION = "string", arg = "table", graph = "userdata",
	assert = "function", collectgarbage = "function", error = "function",
	getmetatable = "function", ipairs = "function", load = "function", next = "function",
	pairs = "function", pcall = "function", print = "function", rawequal = "function",
	rawget = "function", rawlen = "function", rawset = "function", select = "function",
	setmetatable = "function", tonumber = "function", tostring = "function",
	type = "function", warn = "function", xpcall = "function", require = "function",
	-- confined to the output directory
	dofile = "function", loadfile = "function",
	coroutine = {"close", "create", "isyieldable", "resume", "running", "status", "wrap", "yield"},
	table = {"concat", "insert", "move", "pack", "remove", "sort", "unpack"},
	io = {"close", "flush", "input", "lines", "open", "output", "read", "stderr", "stdin",
		"stdout", "type", "write", "popen", "tmpfile"},
	os = {"clock", "date", "difftime", "exit", "time", "remove", "rename",
		"execute", "tmpname", "getenv"},
	string = {"byte", "char", "find", "format", "gmatch", "gsub", "len", "lower", "match",
		"pack", "packsize", "rep", "reverse", "sub", "unpack", "upper", "dump"},
	math = {"abs", "acos", "asin", "atan", "ceil", "cos", "deg", "exp", "floor", "fmod", "huge",
		"log", "max", "maxinteger", "min", "mininteger", "modf", "pi", "rad", "random",
		"randomseed", "sin", "sqrt", "tan", "tointeger", "type", "ult"},
	utf8 = {"char", "charpattern", "codepoint", "codes", "len", "offset"},
	package = {"loaded", "preload", "loadlib"},
	debug = {},
	kg = "table",
}
-- stand-ins that only raise "... is not allowed in the sandbox"
local refusals = {["io.popen"] = 1, ["io.tmpfile"] = 1, ["os.execute"] = 1, ["os.tmpname"] = 1,
	["os.getenv"] = 1, ["string.dump"] = 1, ["package.loadlib"] = 1}

local problems = {}
for k, v in pairs(_G) do
	local want = allowed[k]
	if want == nil then
		problems[#problems + 1] = "global " .. tostring(k) .. " is not on the list"
	elseif type(want) == "string" then
		if type(v) ~= want then problems[#problems + 1] = k .. " is a " .. type(v) end
	else
		local set = {}
		for _, f in ipairs(want) do set[f] = true end
		for f in pairs(v) do
			if not set[f] then problems[#problems + 1] = k .. "." .. tostring(f) .. " is not on the list" end
		end
	end
end
for k, want in pairs(allowed) do
	if _G[k] == nil then problems[#problems + 1] = "global " .. k .. " is missing" end
	if type(want) == "table" and k ~= "package" and k ~= "debug" then
		for _, f in ipairs(want) do
			if _G[k][f] == nil then problems[#problems + 1] = k .. "." .. f .. " is missing" end
		end
	end
end
for name in pairs(refusals) do
	local lib, f = name:match("(%a+)%.(%a+)")
	local ok, e = pcall(_G[lib][f])
	if ok or not e:find("not allowed in the sandbox", 1, true) then
		problems[#problems + 1] = name .. " is not refused: " .. tostring(e)
	end
end
-- the string methods are the allowed table, and only its entries
assert(getmetatable("").__index == string, "string methods are not the allowed table")
-- require finds the allowed libraries, never the stock ones
assert(require("string") == string and require("kg") == kg)
-- package.loaded holds only allowed tables
for name, t in pairs(package.loaded) do
	if _G[name] ~= t then problems[#problems + 1] = "package.loaded." .. name .. " is not the global" end
end
table.sort(problems)
assert(#problems == 0, table.concat(problems, "; "))
return "allow list ok"
