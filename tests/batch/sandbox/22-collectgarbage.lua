-- collectgarbage tricks change nothing: the state is small and its own
collectgarbage("generational")
collectgarbage("incremental", 1, 1000, 1)
collectgarbage("step", 1000)
local kb = collectgarbage("count")
assert(kb > 0 and kb < 16 * 1024)
return "collector ok"
