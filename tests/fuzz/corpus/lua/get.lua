local d = graph:get("dprk")
return d.id, d.type, d.name, d.notes, d.iso3, d.loc, tostring(d), d:is("actor")
