/* lua_schema.c — the schema as a Lua table: kg.schema(g) and graph.schema
 * (entity types with supertypes and attributes, relation types with their
 * endpoints), built once per graph handle and kept in its user value 3. */
#include <string.h>

#include "lua_kg.h"
#include "schema_model.h"

static const char *const atype_names[] = {"string", "text", "int", "number", "bool",
					  "date", "quantity", "enum", "ref", "list"};

static void set_str(lua_State *L, const char *k, const char *v)
{
	if (!v)
		return;
	lua_pushstring(L, v);
	lua_setfield(L, -2, k);
}

static void set_bool(lua_State *L, const char *k, int v)
{
	lua_pushboolean(L, v);
	lua_setfield(L, -2, k);
}

static void set_num(lua_State *L, const char *k, double v)
{
	if (v == (double)(lua_Integer)v)
		lua_pushinteger(L, (lua_Integer)v);
	else
		lua_pushnumber(L, v);
	lua_setfield(L, -2, k);
}

static void push_loc(lua_State *L, kg_loc loc)
{
	if (loc.file) {
		lua_pushfstring(L, "%s:%d:%d", loc.file, (int)loc.line, (int)loc.col);
		lua_setfield(L, -2, "loc");
	}
}

/* An attribute definition: {name, type, required, min, max, pattern,
 * values, to, of, doc, loc}; declared_in names the entity type that
 * declares it (NULL for relation attributes and list items). */
static void push_attr(lua_State *L, const kg_schema *s, const kgsc_attr *a, const char *declared_in)
{
	luaL_checkstack(L, 4, "schema too deeply nested");
	lua_createtable(L, 0, 8);
	set_str(L, "name", a->name);
	set_str(L, "type", (unsigned)a->type < sizeof atype_names / sizeof atype_names[0] ?
				   atype_names[a->type] : "value");
	set_bool(L, "required", a->required);
	if (a->has_min)
		set_num(L, "min", a->min);
	if (a->has_max)
		set_num(L, "max", a->max);
	set_str(L, "pattern", a->pattern);
	if (a->type == KG_AT_ENUM) {
		lua_createtable(L, (int)a->nvalues, 0);
		for (size_t i = 0; i < a->nvalues; i++) {
			lua_pushstring(L, a->values[i]);
			lua_rawseti(L, -2, (lua_Integer)i + 1);
		}
		lua_setfield(L, -2, "values");
	}
	if (a->type == KG_AT_REF && a->ref_to != KG_NONE)
		set_str(L, "to", kg_schema_type_name(s, a->ref_to));
	if (a->type == KG_AT_LIST && a->of) {
		push_attr(L, s, a->of, NULL);
		lua_setfield(L, -2, "of");
	}
	set_str(L, "doc", a->doc);
	set_str(L, "declared_in", declared_in);
	push_loc(L, a->loc);
}

static void push_names(lua_State *L, const kg_schema *s, const kg_tid *ts, size_t n)
{
	lua_createtable(L, (int)n, 0);
	for (size_t i = 0; i < n; i++) {
		lua_pushstring(L, kg_schema_type_name(s, ts[i]));
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
}

static void push_etype(lua_State *L, const kg_schema *s, kg_tid t)
{
	const kgsc_etype *et = kgsc_get_etype(s, t);
	lua_createtable(L, 0, 8);
	set_str(L, "name", et->name);
	set_bool(L, "abstract", et->abstract);
	if (et->parent != KG_NONE)
		set_str(L, "is_a", kg_schema_type_name(s, et->parent));
	lua_createtable(L, 4, 0); /* supertypes, nearest first */
	lua_Integer n = 0;
	for (kg_tid p = et->parent; p != KG_NONE; p = kg_schema_type_parent(s, p)) {
		lua_pushstring(L, kg_schema_type_name(s, p));
		lua_rawseti(L, -2, ++n);
	}
	lua_setfield(L, -2, "supertypes");
	lua_createtable(L, 4, 0); /* direct subtypes, in declaration order */
	n = 0;
	for (kg_tid u = 0; u < kg_schema_type_count(s); u++)
		if (kg_schema_type_parent(s, u) == t) {
			lua_pushstring(L, kg_schema_type_name(s, u));
			lua_rawseti(L, -2, ++n);
		}
	lua_setfield(L, -2, "subtypes");
	lua_createtable(L, 0, (int)et->nall);
	for (size_t i = 0; i < et->nall; i++) {
		const kgsc_attr *a = et->all[i];
		const char *owner = et->name;
		for (kg_tid p = t; p != KG_NONE; p = kg_schema_type_parent(s, p)) {
			const kgsc_etype *pt = kgsc_get_etype(s, p);
			if (a >= pt->own && a < pt->own + pt->nown) {
				owner = pt->name;
				break;
			}
		}
		push_attr(L, s, a, owner);
		lua_setfield(L, -2, a->name);
	}
	lua_setfield(L, -2, "attributes");
	set_str(L, "doc", et->doc);
	push_loc(L, et->loc);
}

static void push_rtype(lua_State *L, const kg_schema *s, kg_rtid rt)
{
	const kgsc_rtype *r = kgsc_get_rtype(s, rt);
	lua_createtable(L, 0, 8);
	set_str(L, "name", r->name);
	push_names(L, s, r->from, r->nfrom);
	lua_setfield(L, -2, "from");
	push_names(L, s, r->to, r->nto);
	lua_setfield(L, -2, "to");
	set_bool(L, "symmetric", r->symmetric);
	set_str(L, "label", r->label);
	lua_createtable(L, 0, (int)r->nattrs);
	for (size_t i = 0; i < r->nattrs; i++) {
		push_attr(L, s, &r->attrs[i], NULL);
		lua_setfield(L, -2, r->attrs[i].name);
	}
	lua_setfield(L, -2, "attributes");
	set_str(L, "doc", r->doc);
	push_loc(L, r->loc);
}

/* Pushes the schema table of the graph handle at gidx, building it on
 * the first call. */
static void push_schema(lua_State *L, int gidx)
{
	gidx = lua_absindex(L, gidx);
	if (lua_getiuservalue(L, gidx, 3) == LUA_TTABLE)
		return;
	lua_pop(L, 1);
	kg_graph *g = kgl_graph_of(L, lua_touserdata(L, gidx));
	const kg_schema *s = kg_graph_schema(g);
	lua_createtable(L, 0, 4);
	set_str(L, "origin", kg_schema_origin(s));
	lua_createtable(L, (int)kgsc_layer_count(s), 0); /* the files combined (extends) */
	for (size_t i = 0; i < kgsc_layer_count(s); i++) {
		lua_pushstring(L, kgsc_layer_file(s, i));
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_setfield(L, -2, "files");
	lua_createtable(L, 0, (int)kg_schema_type_count(s));
	for (kg_tid t = 0; t < kg_schema_type_count(s); t++) {
		push_etype(L, s, t);
		lua_setfield(L, -2, kg_schema_type_name(s, t));
	}
	lua_setfield(L, -2, "entity_types");
	lua_createtable(L, 0, (int)kg_schema_rtype_count(s));
	for (kg_rtid rt = 0; rt < kg_schema_rtype_count(s); rt++) {
		push_rtype(L, s, rt);
		lua_setfield(L, -2, kg_schema_rtype_name(s, rt));
	}
	lua_setfield(L, -2, "relation_types");
	lua_pushvalue(L, -1);
	lua_setiuservalue(L, gidx, 3);
}

/* kg.schema(graph or view) */
static int l_schema(lua_State *L)
{
	kgl_graph *gh;
	kgl_toview(L, 1, &gh); /* pushes the graph handle */
	push_schema(L, -1);
	return 1;
}

/* The graph's __index: the field `schema`, else the methods (upvalue 1). */
static int graph_index(lua_State *L)
{
	if (lua_type(L, 2) == LUA_TSTRING && strcmp(lua_tostring(L, 2), "schema") == 0) {
		push_schema(L, 1);
		return 1;
	}
	lua_pushvalue(L, 2);
	lua_rawget(L, lua_upvalueindex(1));
	return 1;
}

void kgl_open_schema(lua_State *L, int idx)
{
	idx = lua_absindex(L, idx);
	lua_pushcfunction(L, l_schema);
	lua_setfield(L, idx, "schema");
	luaL_getmetatable(L, KGL_GRAPH);
	if (lua_getfield(L, -1, "__index") == LUA_TTABLE) {
		lua_pushcclosure(L, graph_index, 1);
		lua_setfield(L, -2, "__index");
	} else {
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}
