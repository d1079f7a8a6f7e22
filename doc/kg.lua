---@meta kg
-- kg.lua — LuaCATS annotations of kg's Lua API, for lua-language-server:
-- put doc/ on `workspace.library` and scripts get completion and checks.
-- The reference with examples is doc/lua-api.md.

---The module: `local kg = require "kg"` (in kg run/eval/repl/batch it is
---also the global `kg`).
---@class kglib
---@field version string the kg version, "MAJOR.MINOR.PATCH"
local kg = {}

---A loaded, validated, immutable graph. `tostring(g)` is
---"kg.Graph: N entities, M relations"; `#g` is the entity count.
---A graph can be closed (`g:close()`, or `local g <close> = kg.load(...)`);
---any later use of it or its handles raises "attempt to use a closed graph".
---@class kg.Graph : kg.View
---@field schema kg.Schema the graph's schema as a table (the same as kg.schema(g))
local Graph = {}

---A subgraph of one graph: some entities and some relations among them.
---It has every reading method of a graph, restricted to its members.
---`tostring(v)` is "kg.View: N entities, M relations"; `#v` counts entities.
---@class kg.View
local View = {}

---An entity (read-only). Besides the fields below, every attribute of the
---entity reads as a field (nil when declared but absent): `e.iso3`; a name
---the schema does not declare for its type raises
---"entity type 'country' has no attribute 'iso' (did you mean 'iso3'?)". Two handles of the
---same entity are `==` (and the same table key); `tostring(e)` is "type:id".
---@class kg.Entity
---@field id string
---@field type string its entity type
---@field name string its name, else its id
---@field aliases string[]
---@field sources kg.Entity[] the source entities it cites
---@field notes string|nil
---@field loc string where it was written: "FILE:LINE:COL"
---@field [string] kg.Value attributes (the best claim of each)
local Entity = {}

---A relation (read-only). Its attributes read as fields too (`r.workers`),
---checked against the relation type as entities' are.
---`tostring(r)` is "type:from->to".
---@class kg.Relation
---@field id string|nil the id given in the data, if any
---@field type string its relation type
---@field from kg.Entity
---@field to kg.Entity
---@field sources kg.Entity[]
---@field notes string|nil
---@field loc string "FILE:LINE:COL"
---@field [string] kg.Value attributes
local Relation = {}

---A quantity: only the fields written are present; numbers written as
---integers are Lua integers.
---@class kg.Quantity
---@field value number|nil
---@field approx number|nil
---@field min number|nil
---@field max number|nil
---@field unit string|nil
---@field note string|nil

---An attribute value: int -> integer, number -> float, bool -> boolean,
---string/text/enum/ref -> string (a ref is the id), date -> "2019",
---"2019-12" or "2019-12-22", quantity -> kg.Quantity, list -> sequence.
---@alias kg.Value integer|number|boolean|string|kg.Quantity|kg.Value[]

---One claim of an attribute.
---@class kg.Claim
---@field value kg.Value
---@field sources kg.Entity[]
---@field rank "preferred"|"normal"|"deprecated"
---@field as_of string|nil when it was observed (ISO date)
---@field since string|nil it holds from this date on (inclusive)
---@field till string|nil it holds until this date (exclusive)
---@field note string|nil
---@field loc string|nil where the claim was written (absent for a plain value)

---A date at its precision: a year, a month or a day, standing for the days
---it covers (doc/time.md). `a < b` when every day of a comes before every
---day of b; `a == b` for the same date at the same precision; a string on
---one side of `<` or `<=` is read as a date. `tostring(d)` and `..` give
---ISO text ("2019-07").
---@class kg.Date
local Date = {}

---@return integer
function Date:year() end
---@return integer|nil month 1-12, nil for a year
function Date:month() end
---@return integer|nil day 1-31, nil for a year or a month
function Date:day() end
---@return "year"|"month"|"day"
function Date:precision() end
---Its first day, as a date.
---@return kg.Date
function Date:first() end
---Its last day, as a date.
---@return kg.Date
function Date:last() end
---Whether every day of `other` is a day of this date.
---@param other kg.Date|string|integer
---@return boolean
function Date:contains(other) end
---Whether the two dates share a day.
---@param other kg.Date|string|integer
---@return boolean
function Date:overlaps(other) end

---A date from "2019", "2019-07", "2019-07-22", an integer year or a date;
---raises an error naming why anything else is no date ("February 2019 has
---28 days").
---@param d string|integer|kg.Date
---@return kg.Date
function kg.date(d) end

---The graph as it was at a date: the entities in existence then, the
---relations valid then between them, and each attribute read as its claim
---that holds then (preferred over normal, deprecated never, the latest
---as_of not after the date). `--as-of DATE` gives scripts `graph:at(DATE)`.
---@param date kg.Date|string|integer
---@return kg.Graph
function Graph:at(date) end

---A slice's date (g:at), nil for a whole graph.
---@return kg.Date|nil
function Graph:date() end

---An entity filter: a type name (subtypes included) or a table.
---@class kg.EntityFilter
---@field type? string|string[] entity type names, subtypes included
---@field where? fun(e: kg.Entity): any keep e when it returns a true value

---A relation filter: a relation type name or a table. `from`/`to` match a
---symmetric relation from either end.
---@class kg.RelationFilter
---@field type? string|string[] relation type names
---@field from? string|kg.Entity
---@field to? string|kg.Entity
---@field where? fun(r: kg.Relation): any

---@class kg.PathOpts
---@field direction? "out"|"in"|"both" default "out" (symmetric relations go both ways)
---@field types? string|string[] relation types that may be followed (default all)

---@class kg.PathsOpts: kg.PathOpts
---@field all_shortest? true every shortest path (the only kind; true when given)
---@field max? integer at most this many paths, 1 to 10000; default 1000

---One relation of a path as walked.
---@class kg.Step
---@field rel kg.Relation
---@field from kg.Entity the entity the step leaves
---@field to kg.Entity the entity it reaches
---@field dir "out"|"in" "out" when rel was walked from its `from` to its `to`

---A path: the relations in order, with how it goes.
---@class kg.Path: kg.Relation[]
---@field steps kg.Step[] one per relation
---@field nodes kg.Entity[] the entities from a to b, in order (#path + 1)

---Every shortest path; `truncated` is true when `max` left some out.
---@class kg.Paths: kg.Path[]
---@field truncated boolean

---@class kg.NeighborhoodOpts
---@field depth? integer steps from the seed, default 1
---@field direction? "out"|"in"|"both" default "both"
---@field types? string|string[] relation types that may be followed

---@class kg.ViewOpts
---@field induced? boolean also take every relation among the entities taken

---@class kg.Stats
---@field entities integer
---@field relations integer
---@field types table<string, integer> entities by their own type
---@field relation_types table<string, integer>

---@class kg.LoadOpts
---@field schema? string a schema file; default: the one the data names, else the core schema

---Loads and validates a graph from a file or directory, or several.
---Raises "FILE:LINE:COL: message (and N more problems)" on bad data.
---@param paths string|string[]
---@param opts? kg.LoadOpts
---@return kg.Graph
function kg.load(paths, opts) end

---@class kg.DrawOpts
---@field layout? "dot"|"neato"|"fdp"|"sfdp"|"circo"|"twopi"
---@field cluster_by? string "type" or an attribute name
---@field legend? boolean
---@field edge_labels? "auto"|"on"|"off"|boolean
---@field styles? table<string, table<string, string|number>> Graphviz attributes by type name, from the allow list of doc/drawing-attributes.md (others raise an error)
---@field graph? table<string, string|number> graph attributes (rankdir, overlap, splines, size, ...; doc/drawing-attributes.md), after the schema's `graph` style
---@field isolated? boolean keep entities no drawn relation touches (default false: left out, unless no relation is drawn)
---@field focus? string an entity id to outline bold
---@field max_pixels? integer a PNG's longest side at most this (100 to 32767; default 4000)
---@field warn? fun(message: string) receives each warning line (a layout chosen for size, labels left out); without it they go to stderr

---@class kg.RenderOpts : kg.DrawOpts
---@field output? string file to write; its extension gives the format
---@field format? "svg"|"png"|"pdf"|"dot"|"canon"|"xdot"|"json"|"html" "html": one offline page (doc/html.md)

---The DOT text of a view (or a whole graph).
---@param view kg.View|kg.Graph
---@param opts? kg.DrawOpts
---One value on success (never a trailing nil: `io.write(kg.dot(v))` works);
---nil and the message on failure. Warnings go to `opts.warn` or stderr.
---@return string|nil dot, string? error
function kg.dot(view, opts) end

---Lays out and renders a view with Graphviz (in process). With `output`,
---writes the file and returns true; else returns the bytes.
---@param view kg.View|kg.Graph
---@param opts? kg.RenderOpts
---@return string|boolean|nil result, string? error
function kg.render(view, opts) end

---Closes the graph now (idempotent); also done by `<close>` and the GC.
function Graph:close() end

---One disagreement among the claims of an attribute (doc/provenance.md).
---@class kg.Conflict
---@field item kg.Entity|kg.Relation the record whose attribute it is
---@field attribute string
---@field as_of string|nil the date the claims share (nil: undated)
---@field claims integer[] the claims of the group: indexes into item:claims(attribute)
---@field winner integer the claim that wins: preferred over normal, deprecated never, then the latest as_of, then the first written
---@field resolved boolean the winner is preferred and no preferred claim says otherwise

---Every attribute whose claims disagree at the same time (as `kg conflicts`):
---both undated, or overlapping since..till spans or as_of days. On a slice
---(g:at(d)) only the claims valid then, as `kg conflicts --as-of d`.
---@return kg.Conflict[]
function Graph:conflicts() end

---A fact of a provenance report: an entity, a relation or one claim.
---@class kg.Fact
---@field kind "entity"|"relation"|"claim"
---@field item kg.Entity|kg.Relation
---@field attribute string|nil a claim's attribute
---@field claim integer|nil a claim's index in item:claims(attribute)

---How the facts rest on their sources (as `kg report --format json`, with
---handles for ids): counts `facts`, `sourced`, `single_source`,
---`unsourced_counts` ({entities =, relations =, claims =}),
---`source_entities`, `source_entities_unsourced`; lists `sources`
---({source =, entities =, relations =, claims =, sole =}, most cited first),
---`uncited` (sources), `unsourced` (kg.Fact); `entity_types` and
---`relation_types` by name ({count =, claims =, unsourced =, single_source =,
---dated =, oldest_as_of =, oldest = kg.Fact}). On a slice (g:at(d)) the
---facts valid then, as `kg report --as-of d`.
---@return table
function Graph:report() end

---Everything one source supports (as `kg sources`): {entities = kg.Entity[],
---relations = kg.Relation[], claims = kg.Fact[], alone = kg.Fact[]}, `alone`
---being the facts that cite no other source. On a slice (g:at(d)) the facts
---valid then, as `kg sources --as-of d`.
---@param source string|kg.Entity
---@return table
function Graph:supported_by(source) end

---The entity with this id, if it is in the view.
---@param id string|kg.Entity
---@return kg.Entity|nil
function View:get(id) end

---Iterates over the entities matching filter, in index order.
---@param filter? string|kg.EntityFilter
---@return fun(): kg.Entity
function View:entities(filter) end

---Iterates over the relations matching filter, in index order.
---@param filter? string|kg.RelationFilter
---@return fun(): kg.Relation
function View:relations(filter) end

---Counts entities matching an entity filter, or relations when the filter
---names a relation type or has from/to. No filter: every entity.
---@param filter? string|kg.EntityFilter|kg.RelationFilter
---@return integer
function View:count(filter) end

---Counts by type.
---@return kg.Stats
function View:stats() end

---A shortest path by hops from a to b: the relations in order (with
---`steps` and `nodes`), {} when a == b, nil when b cannot be reached.
---Unknown ids raise an error.
---@param a string|kg.Entity
---@param b string|kg.Entity
---@param opts? kg.PathOpts
---@return kg.Path|nil
function View:path(a, b, opts) end

---Every shortest path by hops from a to b (NetworkX's all_shortest_paths),
---each shaped as View:path's, in the order a walk from a along the
---adjacency meets them: one path of no relation when a == b, none when b
---cannot be reached. More than 100,000 relations in all is an error.
---@param a string|kg.Entity
---@param b string|kg.Entity
---@param opts? kg.PathsOpts
---@return kg.Paths
function View:paths(a, b, opts) end

---The entities at most `depth` steps from seed and the relations followed.
---@param seed string|kg.Entity
---@param opts? kg.NeighborhoodOpts
---@return kg.View
function View:neighborhood(seed, opts) end

---A view: from an entity filter (its entities and the relations among
---them), a relation filter (those relations and their endpoints), or a
---list of entities, entity ids and relations (entities only: with the
---relations among them; any relation: exactly what is listed). No argument:
---a copy.
---@param what? string|kg.EntityFilter|kg.RelationFilter|(kg.Entity|kg.Relation|string)[]
---@param opts? kg.ViewOpts
---@return kg.View
function View:view(what, opts) end

---Options of View:match.
---@class kg.MatchOpts
---@field where? fun(row: kg.Row): any keep the row when it returns a true value
---@field limit? integer stop after this many rows (0: none)
---@field max_rows? integer more rows than this (default 1,000,000) is an error
---@field max_steps? integer work (candidates and adjacency entries looked at) allowed before the match stops with an error (default 100,000,000)

---A row: each variable of the pattern mapped to its entity or relation; in
---projected rows (rows:columns, rows:group) each column key to its value.
---@alias kg.Row table<string, kg.Entity|kg.Relation|kg.Value>

---The result of View:match: a sequence of rows (`#rows`, `rows[i]`,
---`ipairs(rows)`) with named columns. Keys name a column or what is reached
---through it: "c", "c.name", "s.workers.approx". Methods return new rows.
---`tostring(rows)` is "kg.Rows: N rows (c, s)". The matches stay in C until
---a row is read; #rows, count, view, and columns/group of variables, their
---type and entity ids never make row tables.
---@class kg.Rows
---@field [integer] kg.Row
local Rows = {}

---Every match of a Cypher-like pattern, e.g.
---`(d {id: 'dprk'})-[s:sends_workers_to]->(c:country)`; on a view, only
---its members. A bad pattern raises "pattern:LINE:COL: message" with the
---pattern line and a caret; unknown names get a "did you mean".
---@param pattern string
---@param opts? kg.MatchOpts
---@return kg.Rows
function View:match(pattern, opts) end

---@return integer
function Rows:count() end

---Iterates over the rows.
---@return fun(): kg.Row
function Rows:iter() end

---The column names.
---@return string[]
function Rows:header() end

---Sorted by the keys ("-key": descending); nil last; stable.
---@param ... string
---@return kg.Rows
function Rows:sort(...) end

---One row per distinct value of the keys, with a column "count".
---@param ... string
---@return kg.Rows
function Rows:group(...) end

---A projection on the keys; "count(*)" among them groups by the others.
---@param ... string
---@return kg.Rows
function Rows:columns(...) end

---The matched subgraph (entities and relations in the rows, and those
---walked by unnamed relation patterns).
---@return kg.View
function Rows:view() end

---An aligned text table, to file (default stdout).
---@param file? file*
function Rows:print(file) end

---CSV (RFC 4180, CRLF line ends) with a header line.
---@param file? file*
function Rows:csv(file) end

---Tab-separated values with a header line (\t \n \r \\ escaped).
---@param file? file*
function Rows:tsv(file) end

---A JSON array of objects, one per row.
---@param file? file*
function Rows:json(file) end

---The JSON text of any Lua value: entities as {id, type, name}, sequences
---as arrays, other tables as objects with sorted keys, NaN as null.
---@param value any
---@return string
function kg.json(value) end

---Rows of plain tables (the same tables): columns as given, else every
---string key of the tables, sorted (at most 1,000).
---@param list table[]
---@param columns? string[]
---@return kg.Rows
function kg.rows(list, columns) end

---The CSV text (RFC 4180, CRLF) of rows or of a sequence of tables.
---@param rows kg.Rows|table[]
---@return string
function kg.csv(rows) end

---The schema of a graph, or of a view's graph (graph.schema is the same table).
---@param g kg.Graph|kg.View
---@return kg.Schema
function kg.schema(g) end

---@class kg.Schema
---@field origin string the schema's file
---@field files string[] every schema file combined into it (extends, -s), extended ones first; "<core>" for the built-in one
---@field entity_types table<string, kg.SchemaEntityType>
---@field relation_types table<string, kg.SchemaRelationType>

---@class kg.SchemaEntityType
---@field name string
---@field is_a string|nil the parent type; nil for a root
---@field abstract boolean
---@field supertypes string[] nearest first
---@field subtypes string[] the direct subtypes
---@field attributes table<string, kg.SchemaAttribute> own and inherited
---@field doc string|nil
---@field loc string|nil "FILE:LINE:COL"

---@class kg.SchemaRelationType
---@field name string
---@field from string[] allowed source types (empty: any)
---@field to string[] allowed target types (empty: any)
---@field symmetric boolean
---@field label string|nil
---@field attributes table<string, kg.SchemaAttribute>
---@field doc string|nil
---@field loc string|nil

---@class kg.SchemaAttribute
---@field name string
---@field type "string"|"text"|"int"|"number"|"bool"|"date"|"quantity"|"enum"|"ref"|"list"
---@field required boolean
---@field min number|nil
---@field max number|nil
---@field pattern string|nil
---@field values string[]|nil enum values
---@field to string|nil ref: the entity type referred to
---@field of kg.SchemaAttribute|nil list: the item definition
---@field declared_in string|nil entity attributes: the type that declares it
---@field doc string|nil
---@field loc string|nil

---Every attribute as a table (best claims).
---@return table<string, kg.Value>
function Entity:attributes() end

---Every claim of one attribute (a plain value is one normal claim; absent: {}).
---@param name string
---@return kg.Claim[]
function Entity:claims(name) end

---The claims of one attribute over time, oldest first (by since, else
---as_of; undated ones first), deprecated ones left out.
---@param name string
---@return kg.Claim[]
function Entity:history(name) end

---Whether the entity's type is `type` or a subtype of it.
---@param type string
---@return boolean
function Entity:is(type) end

---Iterates over the relations leaving the entity (and symmetric ones
---arriving), optionally of one type or of a list of types.
---@param type? string|string[]
---@return fun(): kg.Relation
function Entity:outgoing(type) end

---Iterates over the relations arriving at the entity (and symmetric ones
---leaving it), optionally of one type or of a list of types.
---@param type? string|string[]
---@return fun(): kg.Relation
function Entity:incoming(type) end

---@return table<string, kg.Value>
function Relation:attributes() end

---@param name string
---@return kg.Claim[]
function Relation:claims(name) end

---@param name string
---@return kg.Claim[]
function Relation:history(name) end

---The graph given with -g (nil when none was given).
---@type kg.Graph
graph = nil

return kg
