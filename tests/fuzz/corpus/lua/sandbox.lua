local r = {}
r[1] = pcall(function() return io.open("/etc/passwd") end)
r[2] = pcall(function() return os.execute("true") end)
r[3] = pcall(load, "\27Lua")
r[4] = pcall(require, "os")
r[5] = type(debug)
r[6] = pcall(function() return kg.load("/") end)
r[7] = pcall(string.rep, "x", 1 << 40)
return r
