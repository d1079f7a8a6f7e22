-- io in a sandbox with no output directory must not create files.
pcall(function() local f = io.open("escape.txt", "w"); f:write("x"); f:close() end)
pcall(function() io.output("escape2.txt"); io.write("x") end)
pcall(function() for l in io.lines("escape3.txt") do end end)
