-- views/overview.lua — the whole graph without its bibliography: every
-- entity but the sources, with every relation between them.
return graph:view({where = function(e) return not e:is("source") end}, {induced = true})
