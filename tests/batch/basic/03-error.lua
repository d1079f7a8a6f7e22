-- fails with error()
local x = graph:get("dprk")
error("boom: " .. x.id)
