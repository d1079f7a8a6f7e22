-- a batch script has an empty standard input
assert(io.read("l") == nil)
assert(io.stdin:read("a") == "")
return "stdin empty"
