-- fails two calls deep, with a located message and a traceback
local function check(e)
	if e.iso3 == nil then
		error("no iso3 on " .. tostring(e))
	end
end
local function all()
	for e in graph:entities("country") do check(e) end
end
all()
