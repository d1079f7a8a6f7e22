-- writes its standard output through print, io.write and io.stdout
print("hello", 1, nil, true)
io.write("written ", 2, "\n")
io.stdout:write("stdout:write\n")
io.output():write("default output\n")
assert(select(2, io.stdout:close()) == "cannot close standard file")
return "printed"
