-- schema_strict.lua — graph.schema / kg.schema, and attribute names checked
-- against the schema: a typo raises with a suggestion, a declared but
-- absent attribute reads nil; row columns read nil where another type
-- declares the name (as Cypher reads a missing property).
local T = dofile("tests/lua/data/check.lua")
local g = graph

-- 1. the schema as a table
local s = g.schema
T.ok(s == kg.schema(g), "graph.schema is kg.schema(graph), built once")
T.ok(kg.schema(g:view("country")) == s, "a view gives its graph's schema")
local c = s.entity_types.country
T.eq(c.name, "country", "type name")
T.eq(c.is_a, "actor", "is_a")
T.eq(table.concat(c.supertypes, ","), "actor,entity", "supertypes nearest first")
T.eq(c.abstract, false, "abstract")
T.eq(s.entity_types.entity.abstract, true, "abstract root")
T.eq(s.entity_types.entity.is_a, nil, "a root has no is_a")
T.eq(table.concat(s.entity_types.actor.subtypes, ","), "country,organization", "subtypes")
T.eq(c.attributes.iso3.type, "string", "attribute type")
T.eq(c.attributes.iso3.pattern, "^[A-Z]{3}$", "pattern")
T.eq(c.attributes.iso3.required, false, "required")
T.eq(c.attributes.population.min, 0, "min")
T.eq(table.concat(c.attributes.regime.values, ","), "democracy,autocracy", "enum values")
T.eq(c.attributes.capital.to, "city", "ref target")
T.eq(c.attributes.languages.of.type, "string", "list items")
T.eq(s.entity_types.source.attributes.title.required, true, "required true")
T.eq(c.attributes.iso3.declared_in, "country", "declared_in")
T.ok(c.attributes.iso3.loc:match("schema%.yaml:%d+:%d+$"), "attribute loc")
local r = s.relation_types.sends_workers_to
T.eq(table.concat(r.from, ","), "country", "from")
T.eq(table.concat(r.to, ","), "country", "to")
T.eq(r.symmetric, false, "not symmetric")
T.eq(s.relation_types.borders.symmetric, true, "symmetric")
T.eq(r.attributes.as_of.type, "date", "relation attribute")
local n = 0
for _ in pairs(s.entity_types) do n = n + 1 end
T.eq(n, 6, "every entity type")
T.checkerr("kg.Graph or kg.View", kg.schema, 42)

-- 2. strict attribute names
local a, b = g:get("alpha"), g:get("beta")
T.eq(a.iso3, "ALP", "declared and present")
T.eq(b.population, nil, "declared, absent: nil")
T.checkerr("entity type 'country' has no attribute 'iso' (did you mean 'iso3'?)", function() return a.iso end)
T.checkerr("entity type 'country' has no attribute 'nmae' (did you mean 'name'?)", function() return a.nmae end)
T.checkerr("entity type 'country' has no attribute 'xyzzy'", function() return a.xyzzy end)
T.checkerr("entity type 'source' has no attribute 'iso3'", function() return g:get("src-1").iso3 end)
local w = g:relations("sends_workers_to")()
T.eq(type(w.workers), "table", "relation attribute")
T.checkerr("relation type 'sends_workers_to' has no attribute 'worker' (did you mean 'workers'?)",
	function() return w.worker end)
local bo = g:relations("borders")()
T.checkerr("relation type 'borders' has no attribute 'as_of'", function() return bo.as_of end)
T.eq(bo:attributes().as_of, nil, "attributes() reads any name")

-- 3. row columns: nil where the row's type lacks a name another type declares
local rows = g:match("(x)-[r]->(y)"):columns("r.type", "r.as_of"):sort("r.type")
T.eq(rows[1]["r.type"], "borders", "first row")
T.eq(rows[1]["r.as_of"], nil, "missing property reads nil")
T.checkerr("no relation type has an attribute 'as_off' (did you mean 'as_of'?)", function()
	return g:match("(x)-[r]->(y)"):columns("r.as_off")
end)

-- 4. kg.rows and kg.csv
local t = kg.rows{{a = 2, b = "x,y"}, {a = 1, c = true}}
T.eq(table.concat(t:header(), ","), "a,b,c", "columns: the keys, sorted")
T.eq(t:sort("a")[1].a, 1, "rows methods")
T.eq(kg.csv(t), 'a,b,c\r\n2,"x,y",\r\n1,,true\r\n', "kg.csv text")
T.eq(kg.csv{{n = 'q"t'}}, 'n\r\n"q""t"\r\n', "kg.csv of a plain list")
T.eq(table.concat(kg.rows({{a = 1}}, {"a", "z"}):header(), ","), "a,z", "given columns")
T.eq(kg.csv(g:match("(c:country {id: 'alpha'})"):columns("c.id", "c.iso3")), "c.id,c.iso3\r\nalpha,ALP\r\n", "rows of a match")
T.checkerr("row 1 is a number", kg.rows, {1})
T.checkerr("come from no graph", function() return t:view() end)
print("ok")
