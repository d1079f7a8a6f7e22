-- stopping the collector does not lift the limit
collectgarbage("stop")
local n = 0
while true do local s = ("y"):rep(4096) .. n n = n + 1 end
