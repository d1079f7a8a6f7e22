/* lua_entity.c — kg.Entity and kg.Relation handles: fields, attributes,
 * claims, type tests and the adjacency iterators; how values map to Lua. */
#include <string.h>

#include "lua_kg.h"
#include "schema_model.h"
#include "spell.h"

/* Field codes: what a name means on a handle when it is not a method. */
enum { F_ID = 1, F_TYPE, F_NAME, F_ALIASES, F_SOURCES, F_NOTES, F_LOC, F_FROM, F_TO };

typedef struct field_code {
	const char *name;
	int code;
} field_code;

/* ------------------------------------------------------------------ */
/* Handles                                                             */
/* ------------------------------------------------------------------ */

/* Pushes the cached handle for index i, making it on a miss. cache: the
 * graph's weak table for this kind; the new handle pins the graph. */
static void push_item(lua_State *L, int gidx, int cacheno, const char *mt, uint32_t i)
{
	gidx = lua_absindex(L, gidx);
	lua_getiuservalue(L, gidx, cacheno);
	if (lua_rawgeti(L, -1, (lua_Integer)i + 1) == LUA_TUSERDATA) {
		lua_remove(L, -2);
		return;
	}
	lua_pop(L, 1);
	kgl_item *it = lua_newuserdatauv(L, sizeof *it, 1);
	it->gh = lua_touserdata(L, gidx);
	it->i = i;
	luaL_setmetatable(L, mt);
	lua_pushvalue(L, gidx);
	lua_setiuservalue(L, -2, 1);
	lua_pushvalue(L, -1);
	lua_rawseti(L, -3, (lua_Integer)i + 1);
	lua_remove(L, -2);
}

void kgl_push_entity(lua_State *L, int gidx, kg_eid e)
{
	push_item(L, gidx, 1, KGL_ENTITY, e);
}

void kgl_push_rel(lua_State *L, int gidx, kg_rid r)
{
	push_item(L, gidx, 2, KGL_RELATION, r);
}

/* The handle at idx with its open graph. */
static kgl_item *check_item(lua_State *L, int idx, const char *mt, kg_graph **g)
{
	kgl_item *it = luaL_checkudata(L, idx, mt);
	*g = kgl_graph_of(L, it->gh);
	return it;
}

int kgl_unknown_type(lua_State *L, int arg, const kg_schema *s, const char *name, bool rel)
{
	const char *near = kg_schema_type_near(s, name, rel);
	const char *kind = rel ? "relation" : "entity";
	if (near)
		return luaL_argerror(L, arg, lua_pushfstring(L, "unknown %s type '%s' (did you mean '%s'?)", kind,
							      name, near));
	return luaL_argerror(L, arg, lua_pushfstring(L, "unknown %s type '%s'", kind, name));
}

int kgl_no_entity(lua_State *L, int arg, const kg_graph *g, const char *what, const char *id)
{
	const char *near = kg_graph_id_near(g, id);
	return luaL_argerror(L, arg, lua_pushfstring(L, "%s%sno entity '%s'%s%s%s", what ? what : "", what ? ": " : "",
						      id, near ? " (did you mean '" : "", near ? near : "",
						      near ? "'?)" : ""));
}

kg_eid kgl_checkentity(lua_State *L, int idx, kgl_graph *gh)
{
	kg_graph *g = kgl_graph_of(L, gh);
	if (lua_type(L, idx) == LUA_TSTRING) {
		const char *id = lua_tostring(L, idx);
		kg_eid e = kg_graph_find(g, id);
		if (e == KG_NONE)
			kgl_no_entity(L, idx, g, NULL, id);
		return e;
	}
	kgl_item *it = luaL_testudata(L, idx, KGL_ENTITY);
	if (!it)
		luaL_typeerror(L, idx, "entity id or kg.Entity");
	if (it->gh != gh)
		luaL_argerror(L, idx, "entity of another graph");
	return it->i;
}

static void push_loc(lua_State *L, kg_loc loc)
{
	if (!loc.file)
		lua_pushnil(L);
	else
		lua_pushfstring(L, "%s:%d:%d", loc.file, (int)loc.line, (int)loc.col);
}

/* ------------------------------------------------------------------ */
/* Values                                                              */
/* ------------------------------------------------------------------ */

static void set_num(lua_State *L, const kg_quantity *q, int bit, double x, const char *k)
{
	if (!(q->has & bit))
		return;
	if ((q->isint & bit) && x >= -9007199254740992.0 && x <= 9007199254740992.0)
		lua_pushinteger(L, (lua_Integer)x);
	else
		lua_pushnumber(L, x);
	lua_setfield(L, -2, k);
}

/* Pushes v as SPEC says; CLAIMS give their best claim's value. */
static void push_value(lua_State *L, const kg_value *v)
{
	luaL_checkstack(L, 4, "value too deeply nested");
	v = kg_value_best(v);
	switch (v->kind) {
	case KG_V_STRING:
	case KG_V_DATE: lua_pushstring(L, v->u.s); break;
	case KG_V_INT: lua_pushinteger(L, (lua_Integer)v->u.i); break;
	case KG_V_NUMBER: lua_pushnumber(L, v->u.d); break;
	case KG_V_BOOL: lua_pushboolean(L, v->u.b); break;
	case KG_V_QUANTITY: {
		kg_quantity qs, *q = &qs;
		kg_value_quantity(v, q);
		lua_createtable(L, 0, 3);
		set_num(L, q, KG_Q_VALUE, q->value, "value");
		set_num(L, q, KG_Q_APPROX, q->approx, "approx");
		set_num(L, q, KG_Q_MIN, q->min, "min");
		set_num(L, q, KG_Q_MAX, q->max, "max");
		if (q->unit) {
			lua_pushstring(L, q->unit);
			lua_setfield(L, -2, "unit");
		}
		if (q->note) {
			lua_pushstring(L, q->note);
			lua_setfield(L, -2, "note");
		}
		break;
	}
	case KG_V_LIST:
		lua_createtable(L, (int)v->n, 0);
		for (uint32_t i = 0; i < v->n; i++) {
			push_value(L, &v->u.items[i]);
			lua_rawseti(L, -2, (lua_Integer)i + 1);
		}
		break;
	default: lua_pushnil(L); break;
	}
}

static void push_sources(lua_State *L, int gidx, const kg_eid *s, size_t n)
{
	gidx = lua_absindex(L, gidx);
	lua_createtable(L, (int)n, 0);
	for (size_t i = 0; i < n; i++) {
		kgl_push_entity(L, gidx, s[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
}

static void push_claim(lua_State *L, int gidx, const kg_value *v, const kg_claim *c)
{
	lua_createtable(L, 0, 6);
	push_value(L, v);
	lua_setfield(L, -2, "value");
	push_sources(L, gidx, c ? c->sources : NULL, c ? c->nsources : 0);
	lua_setfield(L, -2, "sources");
	lua_pushstring(L, kg_rank_name(c ? c->rank : KG_RANK_NORMAL));
	lua_setfield(L, -2, "rank");
	const char *dates[3] = {c ? c->as_of : NULL, c ? c->since : NULL, c ? c->till : NULL};
	static const char *const keys[3] = {"as_of", "since", "till"};
	for (int k = 0; k < 3; k++)
		if (dates[k]) {
			lua_pushstring(L, dates[k]);
			lua_setfield(L, -2, keys[k]);
		}
	if (c && c->note) {
		lua_pushstring(L, c->note);
		lua_setfield(L, -2, "note");
	}
	if (c && c->loc.file) {
		push_loc(L, c->loc);
		lua_setfield(L, -2, "loc");
	}
}

/* Every claim of one attribute: a plain attribute is one normal claim
 * without sources; an absent one gives an empty sequence. */
static int push_claims(lua_State *L, int gidx, const kg_value *v)
{
	gidx = lua_absindex(L, gidx);
	if (!v) {
		lua_createtable(L, 0, 0);
	} else if (v->kind != KG_V_CLAIMS) {
		lua_createtable(L, 1, 0);
		push_claim(L, gidx, v, NULL);
		lua_rawseti(L, -2, 1);
	} else {
		lua_createtable(L, (int)v->n, 0);
		for (uint32_t i = 0; i < v->n; i++) {
			push_claim(L, gidx, &v->u.claims[i].value, &v->u.claims[i]);
			lua_rawseti(L, -2, (lua_Integer)i + 1);
		}
	}
	return 1;
}

static int push_attrs(lua_State *L, const kgl_graph *gh, const kg_attr *a, size_t n)
{
	lua_createtable(L, 0, (int)n);
	for (size_t i = 0; i < n; i++) {
		const char *name = kg_attr_name(gh->g, &a[i]);
		const kg_value *v = kgl_value_at(gh, &a[i].value); /* g:at: at its date */
		if (!name || !v)
			continue;
		push_value(L, v);
		lua_setfield(L, -2, name);
	}
	return 1;
}

/* ------------------------------------------------------------------ */
/* kg.Entity                                                           */
/* ------------------------------------------------------------------ */

static int entity_attributes(lua_State *L)
{
	kg_graph *g;
	kgl_item *it = check_item(L, 1, KGL_ENTITY, &g);
	size_t n;
	const kg_attr *a = kg_entity_attrs(g, it->i, &n);
	return push_attrs(L, it->gh, a, n);
}

static int entity_claims(lua_State *L)
{
	kg_graph *g;
	kgl_item *it = check_item(L, 1, KGL_ENTITY, &g);
	const char *name = luaL_checkstring(L, 2);
	lua_getiuservalue(L, 1, 1);
	return push_claims(L, -1, kg_entity_attr(g, it->i, name));
}

static int entity_is(lua_State *L)
{
	kg_graph *g;
	kgl_item *it = check_item(L, 1, KGL_ENTITY, &g);
	const char *name = luaL_checkstring(L, 2);
	const kg_schema *s = kg_graph_schema(g);
	kg_tid t = kg_schema_type_find(s, name);
	if (t == KG_NONE)
		return kgl_unknown_type(L, 2, s, name, false);
	lua_pushboolean(L, kg_schema_type_is(s, kg_entity_type(g, it->i), t));
	return 1;
}

/* Iterator over the relations of one entity: upvalues graph handle,
 * entity, 0 out / 1 in, relation type or -1, next position. */
static int adjacency_step(lua_State *L)
{
	kgl_graph *gh = lua_touserdata(L, lua_upvalueindex(1));
	kg_graph *g = kgl_graph_of(L, gh);
	kg_eid e = (kg_eid)lua_tointeger(L, lua_upvalueindex(2));
	int in = (int)lua_tointeger(L, lua_upvalueindex(3));
	int set = lua_type(L, lua_upvalueindex(4)) == LUA_TTABLE;
	lua_Integer rt = set ? -1 : lua_tointeger(L, lua_upvalueindex(4));
	size_t pos = (size_t)lua_tointeger(L, lua_upvalueindex(5)), n;
	const kg_rid *rs = in ? kg_entity_in(g, e, &n) : kg_entity_out(g, e, &n);
	for (; pos < n; pos++) {
		if (gh->at.year && !kg_view_has_rel(gh->full, rs[pos])) /* g:at: valid then */
			continue;
		if (set) {
			int hit = lua_rawgeti(L, lua_upvalueindex(4), (lua_Integer)kg_rel_type(g, rs[pos])) != LUA_TNIL;
			lua_pop(L, 1);
			if (hit)
				break;
		} else if (rt < 0 || kg_rel_type(g, rs[pos]) == (kg_rtid)rt) {
			break;
		}
	}
	if (pos >= n)
		return 0;
	lua_pushinteger(L, (lua_Integer)pos + 1);
	lua_replace(L, lua_upvalueindex(5));
	kgl_push_rel(L, lua_upvalueindex(1), rs[pos]);
	return 1;
}

/* The relation type named by the string at idx; an argument error (with
 * the nearest name) when the schema has none. */
static kg_rtid rtype_arg(lua_State *L, int idx, kg_graph *g)
{
	const char *name = lua_tostring(L, idx);
	if (!name)
		luaL_argerror(L, 2, lua_pushfstring(L, "relation type name expected, got %s", luaL_typename(L, idx)));
	const kg_schema *s = kg_graph_schema(g);
	kg_rtid t = kg_schema_rtype_find(s, name);
	if (t != KG_NONE)
		return t;
	kgl_unknown_type(L, 2, s, name, true);
	return KG_NONE;
}

static int adjacency(lua_State *L, int in)
{
	kg_graph *g;
	kgl_item *it = check_item(L, 1, KGL_ENTITY, &g);
	lua_settop(L, 2);
	if (lua_istable(L, 2)) { /* a list of type names: a set of type numbers */
		lua_Integer n = (lua_Integer)luaL_len(L, 2);
		lua_createtable(L, 0, (int)n);
		for (lua_Integer i = 1; i <= n; i++) {
			lua_rawgeti(L, 2, i);
			lua_pushinteger(L, 1);
			lua_rawseti(L, 3, (lua_Integer)rtype_arg(L, -2, g));
			lua_pop(L, 1);
		}
	} else if (lua_isnil(L, 2)) {
		lua_pushinteger(L, -1);
	} else {
		lua_pushinteger(L, (lua_Integer)rtype_arg(L, 2, g));
	}
	lua_getiuservalue(L, 1, 1);
	lua_pushinteger(L, it->i);
	lua_pushinteger(L, in);
	lua_pushvalue(L, 3);
	lua_pushinteger(L, 0);
	lua_pushcclosure(L, adjacency_step, 5);
	kgl_mark_iterator(L, -1);
	return 1;
}

static int entity_outgoing(lua_State *L) { return adjacency(L, 0); }
static int entity_incoming(lua_State *L) { return adjacency(L, 1); }

static int entity_field(lua_State *L, kg_graph *g, kg_eid e, int code)
{
	size_t n;
	switch (code) {
	case F_ID: lua_pushstring(L, kg_entity_id(g, e)); break;
	case F_TYPE:
		lua_pushstring(L, kg_schema_type_name(kg_graph_schema(g), kg_entity_type(g, e)));
		break;
	case F_NAME: lua_pushstring(L, kg_entity_name(g, e)); break;
	case F_NOTES: lua_pushstring(L, kg_entity_notes(g, e)); break;
	case F_LOC: push_loc(L, kg_entity_loc(g, e)); break;
	case F_ALIASES: {
		const char *const *a = kg_entity_aliases(g, e, &n);
		lua_createtable(L, (int)n, 0);
		for (size_t i = 0; i < n; i++) {
			lua_pushstring(L, a[i]);
			lua_rawseti(L, -2, (lua_Integer)i + 1);
		}
		break;
	}
	case F_SOURCES: {
		const kg_eid *s = kg_entity_sources(g, e, &n);
		lua_getiuservalue(L, 1, 1);
		push_sources(L, -1, s, n);
		break;
	}
	default: lua_pushnil(L); break;
	}
	return 1;
}

static const luaL_Reg entity_methods[] = {
	{"attributes", entity_attributes}, {"claims", entity_claims}, {"is", entity_is},
	{"outgoing", entity_outgoing}, {"incoming", entity_incoming}, {NULL, NULL},
};

static const field_code entity_fields[] = {
	{"id", F_ID}, {"type", F_TYPE}, {"name", F_NAME}, {"aliases", F_ALIASES},
	{"sources", F_SOURCES}, {"notes", F_NOTES}, {"loc", F_LOC}, {NULL, 0},
};


static int item_readonly(lua_State *L)
{
	const char *name = luaL_typename(L, 1);
	if (luaL_getmetafield(L, 1, "__name") == LUA_TSTRING)
		name = lua_tostring(L, -1);
	return luaL_error(L, "%s is read-only (cannot set field '%s')", name,
			  luaL_tolstring(L, 2, NULL));
}

static int item_eq(lua_State *L)
{
	kgl_item *a = lua_touserdata(L, 1), *b = lua_touserdata(L, 2);
	lua_getmetatable(L, 1);
	lua_getmetatable(L, 2);
	lua_pushboolean(L, a && b && lua_rawequal(L, -1, -2) && a->gh == b->gh && a->i == b->i);
	return 1;
}

static int entity_tostring(lua_State *L)
{
	kgl_item *it = luaL_checkudata(L, 1, KGL_ENTITY);
	kg_graph *g = it->gh->g;
	if (!g) {
		lua_pushliteral(L, "kg.Entity (closed graph)");
		return 1;
	}
	lua_pushfstring(L, "%s:%s", kg_schema_type_name(kg_graph_schema(g), kg_entity_type(g, it->i)),
			kg_entity_id(g, it->i));
	return 1;
}

/* ------------------------------------------------------------------ */
/* kg.Relation                                                         */
/* ------------------------------------------------------------------ */

static int rel_attributes(lua_State *L)
{
	kg_graph *g;
	kgl_item *it = check_item(L, 1, KGL_RELATION, &g);
	size_t n;
	const kg_attr *a = kg_rel_attrs(g, it->i, &n);
	return push_attrs(L, it->gh, a, n);
}

static int rel_claims(lua_State *L)
{
	kg_graph *g;
	kgl_item *it = check_item(L, 1, KGL_RELATION, &g);
	const char *name = luaL_checkstring(L, 2);
	lua_getiuservalue(L, 1, 1);
	return push_claims(L, -1, kg_rel_attr(g, it->i, name));
}

static int rel_field(lua_State *L, kg_graph *g, kg_rid r, int code)
{
	size_t n;
	switch (code) {
	case F_ID: lua_pushstring(L, kg_rel_id(g, r)); break;
	case F_TYPE:
		lua_pushstring(L, kg_schema_rtype_name(kg_graph_schema(g), kg_rel_type(g, r)));
		break;
	case F_NOTES: lua_pushstring(L, kg_rel_notes(g, r)); break;
	case F_LOC: push_loc(L, kg_rel_loc(g, r)); break;
	case F_FROM:
	case F_TO:
		lua_getiuservalue(L, 1, 1);
		kgl_push_entity(L, -1, code == F_FROM ? kg_rel_from(g, r) : kg_rel_to(g, r));
		break;
	case F_SOURCES: {
		const kg_eid *s = kg_rel_sources(g, r, &n);
		lua_getiuservalue(L, 1, 1);
		push_sources(L, -1, s, n);
		break;
	}
	default: lua_pushnil(L); break;
	}
	return 1;
}

static const luaL_Reg rel_methods[] = {
	{"attributes", rel_attributes}, {"claims", rel_claims}, {NULL, NULL},
};

static const field_code rel_fields[] = {
	{"id", F_ID}, {"type", F_TYPE}, {"from", F_FROM}, {"to", F_TO},
	{"sources", F_SOURCES}, {"notes", F_NOTES}, {"loc", F_LOC}, {NULL, 0},
};

/* A name that is no field, method or attribute of the handle at 1 (the
 * name at 2): nil when the schema declares the attribute for the type (it
 * is absent here), else an error naming the type with the nearest name.
 * Lenient (row columns, where types vary from row to row as in Cypher):
 * nil also when another type of the kind declares it. */
static int unknown_name(lua_State *L, kg_graph *g, int rel, uint32_t type, int lenient)
{
	const kg_schema *s = kg_graph_schema(g);
	const char *name = lua_tostring(L, 2);
	const kgsc_attr *const *all = NULL, *plain = NULL;
	size_t n = 0;
	if (rel) {
		const kgsc_rtype *rt = kgsc_get_rtype(s, type);
		plain = rt ? rt->attrs : NULL, n = rt ? rt->nattrs : 0;
	} else {
		const kgsc_etype *et = kgsc_get_etype(s, type);
		all = et ? et->all : NULL, n = et ? et->nall : 0;
	}
	kgsp_near near;
	kgsp_near_init(&near, name);
	for (size_t i = 0; i < n; i++) {
		const kgsc_attr *a = all ? all[i] : &plain[i];
		if (strcmp(a->name, name) == 0)
			return 0;
		kgsp_near_try(&near, a->name);
	}
	size_t nt = lenient ? (rel ? kg_schema_rtype_count(s) : kg_schema_type_count(s)) : 0;
	for (uint32_t t = 0; t < nt; t++) {
		const kgsc_rtype *rt = rel ? kgsc_get_rtype(s, t) : NULL;
		const kgsc_etype *et = rel ? NULL : kgsc_get_etype(s, t);
		size_t na = rt ? rt->nattrs : et ? et->nall : 0;
		for (size_t i = 0; i < na; i++) {
			const char *an = rt ? rt->attrs[i].name : et->all[i]->name;
			if (strcmp(an, name) == 0)
				return 0;
			kgsp_near_try(&near, an);
		}
	}
	for (const field_code *f = rel ? rel_fields : entity_fields; f->name; f++)
		kgsp_near_try(&near, f->name);
	for (const luaL_Reg *m = rel ? rel_methods : entity_methods; m->name; m++)
		kgsp_near_try(&near, m->name);
	const char *tname = rel ? kg_schema_rtype_name(s, type) : kg_schema_type_name(s, type);
	const char *what = rel ? "relation" : "entity";
	if (lenient && near.word)
		return luaL_error(L, "no %s type has an attribute '%s' (did you mean '%s'?)", what, name, near.word);
	if (lenient)
		return luaL_error(L, "no %s type has an attribute '%s'", what, name);
	if (near.word)
		return luaL_error(L, "%s type '%s' has no attribute '%s' (did you mean '%s'?)", what, tname,
				  name, near.word);
	return luaL_error(L, "%s type '%s' has no attribute '%s'", what, tname, name);
}

/* The value of name (at 2) on the handle at 1, whose metatable's field
 * table is at `fields`: a method, a fixed field, or an attribute. */
static int item_get(lua_State *L, int rel, int fields, int lenient)
{
	kg_graph *g;
	kgl_item *it = check_item(L, 1, rel ? KGL_RELATION : KGL_ENTITY, &g);
	lua_pushvalue(L, 2);
	int t = lua_rawget(L, fields);
	if (t == LUA_TFUNCTION)
		return 1;
	if (t == LUA_TNUMBER) {
		int code = (int)lua_tointeger(L, -1);
		return rel ? rel_field(L, g, it->i, code) : entity_field(L, g, it->i, code);
	}
	if (lua_type(L, 2) != LUA_TSTRING)
		return 0;
	const char *name = lua_tostring(L, 2);
	const kg_value *v = kgl_value_at(it->gh, rel ? kg_rel_attr(g, it->i, name) : kg_entity_attr(g, it->i, name));
	if (v) {
		push_value(L, v);
		return 1;
	}
	return unknown_name(L, g, rel, rel ? kg_rel_type(g, it->i) : kg_entity_type(g, it->i), lenient);
}

/* __index: methods and fixed fields by the table in upvalue 1, then
 * attributes (best claim); nil for a declared attribute that is absent,
 * an error for a name the schema does not declare for the type. */
static int entity_index(lua_State *L)
{
	return item_get(L, 0, lua_upvalueindex(1), 0);
}

static int rel_index(lua_State *L)
{
	return item_get(L, 1, lua_upvalueindex(1), 0);
}

/* The metatables' __kg_lenient: the same read for row columns. */
static int entity_lenient(lua_State *L)
{
	return item_get(L, 0, lua_upvalueindex(1), 1);
}

static int rel_lenient(lua_State *L)
{
	return item_get(L, 1, lua_upvalueindex(1), 1);
}

static int rel_tostring(lua_State *L)
{
	kgl_item *it = luaL_checkudata(L, 1, KGL_RELATION);
	kg_graph *g = it->gh->g;
	if (!g) {
		lua_pushliteral(L, "kg.Relation (closed graph)");
		return 1;
	}
	lua_pushfstring(L, "%s:%s->%s", kg_schema_rtype_name(kg_graph_schema(g), kg_rel_type(g, it->i)),
			kg_entity_id(g, kg_rel_from(g, it->i)), kg_entity_id(g, kg_rel_to(g, it->i)));
	return 1;
}

/* ------------------------------------------------------------------ */
/* Registration                                                        */
/* ------------------------------------------------------------------ */

static void new_item_meta(lua_State *L, const char *name, const luaL_Reg *methods,
			  const field_code *fields, lua_CFunction index, lua_CFunction lenient,
			  lua_CFunction tostr)
{
	if (!luaL_newmetatable(L, name)) {
		lua_pop(L, 1);
		return;
	}
	lua_createtable(L, 0, 16);
	luaL_setfuncs(L, methods, 0);
	for (const field_code *f = fields; f->name; f++) {
		lua_pushinteger(L, f->code);
		lua_setfield(L, -2, f->name);
	}
	lua_pushvalue(L, -1);
	lua_pushcclosure(L, lenient, 1);
	lua_setfield(L, -3, "__kg_lenient");
	lua_pushcclosure(L, index, 1);
	lua_setfield(L, -2, "__index");
	lua_pushcfunction(L, item_readonly);
	lua_setfield(L, -2, "__newindex");
	lua_pushcfunction(L, item_eq);
	lua_setfield(L, -2, "__eq");
	lua_pushcfunction(L, tostr);
	lua_setfield(L, -2, "__tostring");
	lua_pushboolean(L, 0);
	lua_setfield(L, -2, "__metatable"); /* getmetatable(e) cannot reach the methods */
	lua_pop(L, 1);
}

void kgl_open_entity(lua_State *L)
{
	new_item_meta(L, KGL_ENTITY, entity_methods, entity_fields, entity_index, entity_lenient,
		      entity_tostring);
	new_item_meta(L, KGL_RELATION, rel_methods, rel_fields, rel_index, rel_lenient, rel_tostring);
}
