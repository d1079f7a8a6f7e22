local d = graph:get("dprk")
local out = {}
for r in d:outgoing("sends_workers_to") do out[#out + 1] = r.to.name .. " " .. tostring(r.workers.approx) end
for r in d:incoming() do out[#out + 1] = tostring(r) end
for r in d:outgoing() do out[#out + 1] = r:claims("workers") end
return out
