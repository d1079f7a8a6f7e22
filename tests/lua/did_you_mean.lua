-- did_you_mean.lua — a misspelt type, relation type or id in a Lua call
-- raises an error naming the nearest name the schema or graph has.
local T = dofile((arg[0]:match("^(.*)/") or ".") .. "/data/check.lua")
local g = graph

T.checkerr("unknown entity type 'contry' (did you mean 'country'?)", function() return g:entities{type = "contry"} end)
T.checkerr("unknown entity type 'contry' (did you mean 'country'?)", function() return g:count("contry") end)
T.checkerr("unknown relation type 'sends_worker_to' (did you mean 'sends_workers_to'?)",
	function() return g:relations{type = "sends_worker_to"} end)
T.checkerr("unknown relation type 'sends_worker_to' (did you mean 'sends_workers_to'?)",
	function() return g:get("alpha"):outgoing("sends_worker_to") end)
T.checkerr("unknown entity type 'contry' (did you mean 'country'?)", function() return g:get("alpha"):is("contry") end)
T.checkerr("no entity 'alpah' (did you mean 'alpha'?)", function() return g:neighborhood("alpah") end)
T.checkerr("from: no entity 'btea' (did you mean 'beta'?)", function() return g:relations{from = "btea"} end)
-- nothing near: no suggestion
T.checkerr("unknown entity type 'zzzzzz')", function() return g:count("zzzzzz") end)
T.checkerr("no entity 'zzzzzz')", function() return g:neighborhood("zzzzzz") end)
print("did_you_mean.lua: ok")
