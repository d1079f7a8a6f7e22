-- every way out of the sandbox that kgl_new_state closes (kg batch --sandbox)
local function try(name, f, ...)
	local ok, a, b = pcall(f, ...)
	print(name, ok and "ran" or "error", a ~= nil and (type(a) == "string" and a:gsub("^.-: ", "") or type(a)) or "nil", b)
end
try("binary chunk", load, string.char(27) .. "Lua")
try("text chunk", function() return load("return 'text'")() end)
try("io.open outside", io.open, "/etc/passwd")
try("io.open ..", io.open, "../escape.txt", "w")
try("io.lines outside", function() return io.lines("/etc/passwd") end)
try("kg.render outside", kg.render, graph, {output = "/tmp/escape.svg"})
package.loaded.kg = nil
try("fresh kg module", require, "kg")
