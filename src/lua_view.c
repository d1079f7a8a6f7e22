/* lua_view.c — the methods graphs and views share (get, entities,
 * relations, count, stats, path, neighborhood, view), filters, and the
 * kg.View handle. A graph behaves as the view of all of itself. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "lua_kg.h"

/* ------------------------------------------------------------------ */
/* View handles                                                        */
/* ------------------------------------------------------------------ */

/* The view behind the graph or view handle at idx, without pushing. */
static const kg_view *view_at(lua_State *L, int idx, kgl_graph **gh)
{
	kgl_graph *g = luaL_testudata(L, idx, KGL_GRAPH);
	if (g) {
		kgl_graph_of(L, g);
		*gh = g;
		return g->full;
	}
	kgl_view *vh = luaL_checkudata(L, idx, KGL_VIEW);
	kgl_graph_of(L, vh->gh);
	*gh = vh->gh;
	return vh->v;
}

kgl_view *kgl_new_view_handle(lua_State *L, int gidx)
{
	gidx = lua_absindex(L, gidx);
	kgl_view *vh = lua_newuserdatauv(L, sizeof *vh, 1);
	vh->v = NULL;
	vh->gh = lua_touserdata(L, gidx);
	luaL_setmetatable(L, KGL_VIEW);
	lua_pushvalue(L, gidx);
	lua_setiuservalue(L, -2, 1);
	return vh;
}

static void check_made(lua_State *L, kgl_view *vh)
{
	if (!vh->v)
		luaL_error(L, "not enough memory");
}

/* Once a view is filled: a view's sets live outside Lua's heap, where the
 * collector does not see them, so it is told of them as if they had been
 * allocated there. Without this a loop that makes views runs far ahead of
 * the collector, each view in fresh memory: 1,000 2-hop neighbourhoods
 * took 31 ms, 9 ms with it. */
void kgl_view_made(lua_State *L, kgl_view *vh)
{
	check_made(L, vh);
	size_t kb = kg_view_memory(vh->v) / 1024;
	if (kb && lua_gc(L, LUA_GCISRUNNING))
		lua_gc(L, LUA_GCSTEP, kb > INT_MAX ? INT_MAX : (int)kb);
}

static int view_gc(lua_State *L)
{
	kgl_view *vh = luaL_checkudata(L, 1, KGL_VIEW);
	kg_view_free(&vh->v);
	return 0;
}

static int view_tostring(lua_State *L)
{
	kgl_view *vh = luaL_checkudata(L, 1, KGL_VIEW);
	if (!vh->gh->g || !vh->v)
		lua_pushliteral(L, "kg.View (closed graph)");
	else
		lua_pushfstring(L, "kg.View: %I entities, %I relations",
				(lua_Integer)kg_view_entity_count(vh->v),
				(lua_Integer)kg_view_rel_count(vh->v));
	return 1;
}

static int view_len(lua_State *L)
{
	kgl_graph *gh;
	lua_pushinteger(L, (lua_Integer)kg_view_entity_count(view_at(L, 1, &gh)));
	return 1;
}

/* A userdata that frees the malloc'd pointer it holds when collected, so
 * a Lua error cannot leak it. */
static int box_gc(lua_State *L)
{
	void **p = luaL_checkudata(L, 1, "kg.box");
	free(*p);
	*p = NULL;
	return 0;
}

static void **new_box(lua_State *L)
{
	void **p = lua_newuserdatauv(L, sizeof *p, 0);
	*p = NULL;
	if (luaL_newmetatable(L, "kg.box")) {
		lua_pushcfunction(L, box_gc);
		lua_setfield(L, -2, "__gc");
	}
	lua_setmetatable(L, -2);
	return p;
}

/* ------------------------------------------------------------------ */
/* Filters and scans                                                   */
/* ------------------------------------------------------------------ */

enum { SRC_VIEW, SRC_TYPE, SRC_OUT, SRC_IN };

/* A filter compiled into a walk over candidates; the where function is
 * kept apart (on the stack or in an upvalue). */
typedef struct scan {
	int rel;         /* 0: entities, 1: relations */
	int src;         /* SRC_*: where candidates come from */
	uint32_t one;    /* SRC_TYPE: the type whose index is walked */
	kg_eid from, to; /* relations: endpoints asked, KG_NONE for any */
	size_t pos;      /* next position in a list source */
	uint32_t last;   /* SRC_VIEW: last index given, KG_NONE at the start */
	int hasmask;     /* mask is meaningful */
	uint8_t mask[];  /* one byte per (relation) type: allowed */
} scan;

/* Whether relation r has the endpoints asked; a symmetric relation is
 * seen from both ends, as kg_entity_out and kg_entity_in see it. */
static bool ends_match(const kg_graph *g, const scan *sc, kg_rid r)
{
	if (sc->from == KG_NONE && sc->to == KG_NONE)
		return true;
	kg_eid f = kg_rel_from(g, r), t = kg_rel_to(g, r);
	if ((sc->from == KG_NONE || sc->from == f) && (sc->to == KG_NONE || sc->to == t))
		return true;
	return kg_schema_rtype_symmetric(kg_graph_schema(g), kg_rel_type(g, r)) &&
	       (sc->from == KG_NONE || sc->from == t) && (sc->to == KG_NONE || sc->to == f);
}

/* The next candidate passing every test but `where`, or KG_NONE. */
static uint32_t scan_next(const kg_graph *g, const kg_view *v, scan *sc)
{
	for (;;) {
		uint32_t i;
		if (sc->src == SRC_VIEW) {
			i = sc->rel ? kg_view_next_rel(v, sc->last) : kg_view_next_entity(v, sc->last);
			if (i == KG_NONE)
				return KG_NONE;
			sc->last = i;
		} else {
			size_t n;
			const uint32_t *list =
				sc->src == SRC_OUT ? kg_entity_out(g, sc->from, &n) :
				sc->src == SRC_IN ? kg_entity_in(g, sc->to, &n) :
				sc->rel ? kg_graph_relations_of(g, sc->one, &n) :
				kg_graph_entities_of(g, sc->one, &n);
			if (sc->pos >= n)
				return KG_NONE;
			i = list[sc->pos++];
			if (!(sc->rel ? kg_view_has_rel(v, i) : kg_view_has_entity(v, i)))
				continue;
		}
		/* a type index holds only its one type: no mask to check */
		bool typed = !sc->hasmask || sc->src == SRC_TYPE;
		if (!sc->rel) {
			if (typed || sc->mask[kg_entity_type(g, i)])
				return i;
		} else if ((typed || sc->mask[kg_rel_type(g, i)]) && ends_match(g, sc, i)) {
			return i;
		}
	}
}

/* Sets mask bits for the type named by the string at top (subtypes too
 * for entity types); returns the type. Raises an argument error on an
 * unknown name. */
static uint32_t mark_type(lua_State *L, int arg, const kg_schema *s, int rel, uint8_t *mask)
{
	if (lua_type(L, -1) != LUA_TSTRING)
		luaL_argerror(L, arg, "type must be a string or a list of strings");
	const char *name = lua_tostring(L, -1);
	if (rel) {
		kg_rtid rt = kg_schema_rtype_find(s, name);
		if (rt == KG_NONE)
			kgl_unknown_type(L, arg, s, name, true);
		mask[rt] = 1;
		return rt;
	}
	kg_tid t = kg_schema_type_find(s, name);
	if (t == KG_NONE)
		kgl_unknown_type(L, arg, s, name, false);
	size_t n = kg_schema_type_count(s);
	for (kg_tid u = 0; u < n; u++)
		if (kg_schema_type_is(s, u, t))
			mask[u] = 1;
	return t;
}

/* Fills the mask from the value at top: a type name or a list of them. */
static void parse_types(lua_State *L, int arg, const kg_schema *s, scan *sc)
{
	sc->hasmask = 1;
	if (lua_type(L, -1) == LUA_TTABLE) {
		lua_Integer n = luaL_len(L, -1);
		for (lua_Integer i = 1; i <= n; i++) {
			lua_rawgeti(L, -1, i);
			sc->one = mark_type(L, arg, s, sc->rel, sc->mask);
			lua_pop(L, 1);
		}
		if (n != 1)
			sc->one = KG_NONE;
	} else {
		sc->one = mark_type(L, arg, s, sc->rel, sc->mask);
	}
}

/* The entity named by the value at top (id or handle) for filter key k. */
static kg_eid filter_entity(lua_State *L, int arg, kgl_graph *gh, const char *k)
{
	if (lua_type(L, -1) == LUA_TSTRING) {
		kg_eid e = kg_graph_find(gh->g, lua_tostring(L, -1));
		if (e == KG_NONE)
			kgl_no_entity(L, arg, gh->g, k, lua_tostring(L, -1));
		return e;
	}
	kgl_item *it = luaL_testudata(L, -1, KGL_ENTITY);
	if (!it || it->gh != gh)
		luaL_argerror(L, arg, lua_pushfstring(L, "%s must be an entity id or entity", k));
	return it->i;
}

/* Whether the filter at arg selects relations (for count and view): a
 * relation type name (that is no entity type), or a table with from/to or
 * such a type. */
static int is_rel_filter(lua_State *L, int arg, const kg_schema *s)
{
	int top = lua_gettop(L), rel = 0;
	arg = lua_absindex(L, arg);
	const char *name = NULL;
	if (lua_type(L, arg) == LUA_TSTRING) {
		name = lua_tostring(L, arg);
	} else if (lua_type(L, arg) == LUA_TTABLE) {
		if (lua_getfield(L, arg, "from") != LUA_TNIL)
			rel = 1;
		if (lua_getfield(L, arg, "to") != LUA_TNIL)
			rel = 1;
		if (lua_getfield(L, arg, "type") == LUA_TTABLE)
			lua_rawgeti(L, -1, 1);
		if (lua_type(L, -1) == LUA_TSTRING)
			name = lua_tostring(L, -1);
	}
	if (!rel && name)
		rel = kg_schema_type_find(s, name) == KG_NONE && kg_schema_rtype_find(s, name) != KG_NONE;
	lua_settop(L, top);
	return rel;
}

/* Compiles the filter at arg into a scan userdata pushed on the stack,
 * then pushes the where function (or nil). */
static scan *parse_filter(lua_State *L, int arg, kgl_graph *gh, int rel)
{
	const kg_schema *s = kg_graph_schema(gh->g);
	size_t ntypes = rel ? kg_schema_rtype_count(s) : kg_schema_type_count(s);
	scan *sc = lua_newuserdatauv(L, sizeof *sc + ntypes + 1, 0);
	memset(sc, 0, sizeof *sc + ntypes + 1);
	sc->rel = rel;
	sc->src = SRC_VIEW;
	sc->one = KG_NONE;
	sc->from = sc->to = sc->last = KG_NONE;
	int t = lua_type(L, arg);
	if (t == LUA_TNONE || t == LUA_TNIL) {
		lua_pushnil(L);
		return sc;
	}
	if (t == LUA_TSTRING) {
		lua_pushvalue(L, arg);
		parse_types(L, arg, s, sc);
		lua_pop(L, 1);
		if (sc->one != KG_NONE)
			sc->src = SRC_TYPE;
		lua_pushnil(L);
		return sc;
	}
	if (t != LUA_TTABLE)
		luaL_typeerror(L, arg, "type name or filter table");
	lua_pushnil(L);
	while (lua_next(L, arg)) {
		const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
		if (!k || !(strcmp(k, "type") == 0 || strcmp(k, "where") == 0 ||
			    (rel && (strcmp(k, "from") == 0 || strcmp(k, "to") == 0))))
			luaL_argerror(L, arg, lua_pushfstring(L, "unknown filter key '%s'",
							     luaL_tolstring(L, -2, NULL)));
		lua_pop(L, 1);
	}
	if (lua_getfield(L, arg, "type") != LUA_TNIL)
		parse_types(L, arg, s, sc);
	lua_pop(L, 1);
	if (rel) {
		if (lua_getfield(L, arg, "from") != LUA_TNIL)
			sc->from = filter_entity(L, arg, gh, "from");
		if (lua_getfield(L, arg, "to") != LUA_TNIL)
			sc->to = filter_entity(L, arg, gh, "to");
		lua_pop(L, 2);
	}
	sc->src = sc->from != KG_NONE ? SRC_OUT : sc->to != KG_NONE ? SRC_IN :
		  sc->one != KG_NONE ? SRC_TYPE : SRC_VIEW;
	int wt = lua_getfield(L, arg, "where");
	if (wt != LUA_TNIL && wt != LUA_TFUNCTION)
		luaL_argerror(L, arg, "where must be a function");
	return sc;
}

/* Calls the where function at widx on the handle at top; pops nothing,
 * returns its verdict. */
static int call_where(lua_State *L, int widx)
{
	lua_pushvalue(L, widx);
	lua_pushvalue(L, -2);
	lua_call(L, 1, 1);
	int ok = lua_toboolean(L, -1);
	lua_pop(L, 1);
	return ok;
}

static void push_item(lua_State *L, int gidx, int rel, uint32_t i)
{
	if (rel)
		kgl_push_rel(L, gidx, i);
	else
		kgl_push_entity(L, gidx, i);
}

/* ------------------------------------------------------------------ */
/* Iteration: upvalues graph handle, graph-or-view handle, scan, where   */
/* ------------------------------------------------------------------ */

static int scan_step(lua_State *L)
{
	kgl_graph *gh;
	const kg_view *v = view_at(L, lua_upvalueindex(2), &gh);
	scan *sc = lua_touserdata(L, lua_upvalueindex(3));
	int haswhere = !lua_isnil(L, lua_upvalueindex(4));
	for (;;) {
		uint32_t i = scan_next(gh->g, v, sc);
		if (i == KG_NONE)
			return 0;
		push_item(L, lua_upvalueindex(1), sc->rel, i);
		if (!haswhere || call_where(L, lua_upvalueindex(4)))
			return 1;
		lua_pop(L, 1);
		v = view_at(L, lua_upvalueindex(2), &gh); /* where may close the graph */
	}
}

static int iterate(lua_State *L, int rel)
{
	kgl_graph *gh;
	lua_settop(L, 2); /* the handle kgl_toview pushes goes above the arguments */
	kgl_toview(L, 1, &gh); /* pushes the graph handle */
	lua_pushvalue(L, 1);
	parse_filter(L, 2, gh, rel); /* pushes scan, where */
	lua_pushcclosure(L, scan_step, 4);
	kgl_mark_iterator(L, -1);
	return 1;
}

static int m_entities(lua_State *L) { return iterate(L, 0); }
static int m_relations(lua_State *L) { return iterate(L, 1); }

/* ------------------------------------------------------------------ */
/* get, count, stats                                                   */
/* ------------------------------------------------------------------ */

static int m_get(lua_State *L)
{
	kgl_graph *gh;
	lua_settop(L, 2); /* the handle kgl_toview pushes goes above the arguments */
	const kg_view *v = kgl_toview(L, 1, &gh);
	kg_eid e;
	if (lua_type(L, 2) == LUA_TSTRING) {
		e = kg_graph_find(gh->g, lua_tostring(L, 2));
	} else {
		kgl_item *it = luaL_testudata(L, 2, KGL_ENTITY);
		if (!it)
			return luaL_typeerror(L, 2, "entity id");
		e = it->gh == gh ? it->i : KG_NONE;
	}
	if (e == KG_NONE || !kg_view_has_entity(v, e))
		return 0;
	kgl_push_entity(L, -1, e);
	return 1;
}

static int m_count(lua_State *L)
{
	kgl_graph *gh;
	lua_settop(L, 2); /* the handle kgl_toview pushes goes above the arguments */
	const kg_view *v = kgl_toview(L, 1, &gh);
	int gidx = lua_gettop(L);
	int rel = is_rel_filter(L, 2, kg_graph_schema(gh->g));
	scan *sc = parse_filter(L, 2, gh, rel);
	int widx = lua_gettop(L);
	lua_Integer n = 0;
	if (lua_isnoneornil(L, 2)) {
		n = (lua_Integer)kg_view_entity_count(v);
	} else if (lua_isnil(L, widx)) {
		while (scan_next(gh->g, v, sc) != KG_NONE)
			n++;
	} else {
		for (uint32_t i; (i = scan_next(gh->g, v, sc)) != KG_NONE;) {
			push_item(L, gidx, rel, i);
			n += call_where(L, widx);
			lua_pop(L, 1);
			v = view_at(L, 1, &gh);
		}
	}
	lua_pushinteger(L, n);
	return 1;
}

static int m_stats(lua_State *L)
{
	kgl_graph *gh;
	lua_settop(L, 1); /* the handle kgl_toview pushes goes above the arguments */
	const kg_view *v = kgl_toview(L, 1, &gh);
	const kg_graph *g = gh->g;
	const kg_schema *s = kg_graph_schema(g);
	lua_createtable(L, 0, 4);
	lua_pushinteger(L, (lua_Integer)kg_view_entity_count(v));
	lua_setfield(L, -2, "entities");
	lua_pushinteger(L, (lua_Integer)kg_view_rel_count(v));
	lua_setfield(L, -2, "relations");
	lua_newtable(L);
	for (kg_eid e = kg_view_next_entity(v, KG_NONE); e != KG_NONE; e = kg_view_next_entity(v, e)) {
		const char *t = kg_schema_type_name(s, kg_entity_type(g, e));
		lua_Integer c = lua_getfield(L, -1, t) == LUA_TNUMBER ? lua_tointeger(L, -1) : 0;
		lua_pop(L, 1);
		lua_pushinteger(L, c + 1);
		lua_setfield(L, -2, t);
	}
	lua_setfield(L, -2, "types");
	lua_newtable(L);
	for (kg_rid r = kg_view_next_rel(v, KG_NONE); r != KG_NONE; r = kg_view_next_rel(v, r)) {
		const char *t = kg_schema_rtype_name(s, kg_rel_type(g, r));
		lua_Integer c = lua_getfield(L, -1, t) == LUA_TNUMBER ? lua_tointeger(L, -1) : 0;
		lua_pop(L, 1);
		lua_pushinteger(L, c + 1);
		lua_setfield(L, -2, t);
	}
	lua_setfield(L, -2, "relation_types");
	return 1;
}

/* ------------------------------------------------------------------ */
/* path and neighborhood                                               */
/* ------------------------------------------------------------------ */

/* g:paths: how many paths it gives unless `max` says otherwise, the most
 * `max` may ask for, and the most relations all of them may hold (each
 * becomes a handle and a step table: about 20 MB of Lua memory). */
#define KGL_PATHS_DEFAULT 1000
#define KGL_PATHS_MAX 10000
#define KGL_PATHS_MAX_RELS 100000

typedef struct walkopts {
	kg_dir dir;
	lua_Integer depth;
	lua_Integer max;       /* g:paths */
	const uint8_t *rtmask; /* NULL: every relation type */
} walkopts;

enum { WANT_DEPTH = 1, WANT_PATHS = 2 };

/* Reads {direction =, types =} at arg, with depth (WANT_DEPTH) or
 * all_shortest and max (WANT_PATHS); the relation type mask is left on
 * the stack. */
static void parse_walk(lua_State *L, int arg, kgl_graph *gh, int want, walkopts *w)
{
	const kg_schema *s = kg_graph_schema(gh->g);
	if (lua_isnoneornil(L, arg)) {
		lua_pushnil(L);
		return;
	}
	luaL_checktype(L, arg, LUA_TTABLE);
	lua_pushnil(L);
	while (lua_next(L, arg)) {
		const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
		if (!k || !(strcmp(k, "direction") == 0 || strcmp(k, "types") == 0 ||
			    ((want & WANT_DEPTH) && strcmp(k, "depth") == 0) ||
			    ((want & WANT_PATHS) && (strcmp(k, "all_shortest") == 0 || strcmp(k, "max") == 0))))
			luaL_argerror(L, arg, lua_pushfstring(L, "unknown option '%s'",
							     luaL_tolstring(L, -2, NULL)));
		lua_pop(L, 1);
	}
	if (lua_getfield(L, arg, "direction") != LUA_TNIL) {
		static const char *const names[] = {"out", "in", "both", NULL};
		static const kg_dir dirs[] = {KG_DIR_OUT, KG_DIR_IN, KG_DIR_BOTH};
		const char *d = lua_tostring(L, -1);
		int i = 0;
		while (d && names[i] && strcmp(names[i], d) != 0)
			i++;
		if (!d || !names[i])
			luaL_argerror(L, arg, "direction must be \"out\", \"in\" or \"both\"");
		w->dir = dirs[i];
	}
	lua_pop(L, 1);
	if ((want & WANT_DEPTH) && lua_getfield(L, arg, "depth") != LUA_TNIL) {
		int isint;
		lua_Integer d = lua_tointegerx(L, -1, &isint);
		if (!isint || d < 0)
			luaL_argerror(L, arg, "depth must be a non-negative integer");
		w->depth = d;
	}
	if (want & WANT_DEPTH)
		lua_pop(L, 1);
	if (want & WANT_PATHS) {
		int t = lua_getfield(L, arg, "all_shortest");
		if (t != LUA_TNIL && (t != LUA_TBOOLEAN || !lua_toboolean(L, -1)))
			luaL_argerror(L, arg, "all_shortest must be true (g:paths gives every shortest path)");
		if (lua_getfield(L, arg, "max") != LUA_TNIL) {
			int isint;
			lua_Integer m = lua_tointegerx(L, -1, &isint);
			if (!isint || m < 1 || m > KGL_PATHS_MAX)
				luaL_argerror(L, arg, lua_pushfstring(L, "max must be an integer from 1 to %d",
								     KGL_PATHS_MAX));
			w->max = m;
		}
		lua_pop(L, 2);
	}
	if (lua_getfield(L, arg, "types") == LUA_TNIL) {
		lua_pop(L, 1);
		lua_pushnil(L);
		return;
	}
	size_t n = kg_schema_rtype_count(s);
	scan *sc = lua_newuserdatauv(L, sizeof *sc + n + 1, 0);
	memset(sc, 0, sizeof *sc + n + 1);
	sc->rel = 1;
	lua_pushvalue(L, -2);
	parse_types(L, arg, s, sc);
	lua_pop(L, 1);
	lua_remove(L, -2);
	w->rtmask = sc->mask;
}

/* Pushes the path from a along rels[0..len) as g:path gives it: a list of
 * the relations, with `steps` (each {rel =, from =, to =, dir =}: the
 * entities as walked, dir "out" when the relation was walked from its
 * `from` to its `to`, else "in") and `nodes` (the entities from a to the
 * end, in order). */
static void push_path(lua_State *L, int gidx, const kg_graph *g, kg_eid a, const kg_rid *rels, size_t len)
{
	luaL_checkstack(L, 8, NULL);
	lua_createtable(L, (int)len, 2);
	int path = lua_gettop(L);
	lua_createtable(L, (int)len, 0);
	int steps = lua_gettop(L);
	lua_createtable(L, (int)len + 1, 0);
	int nodes = lua_gettop(L);
	kgl_push_entity(L, gidx, a);
	lua_rawseti(L, nodes, 1);
	kg_eid at = a;
	for (size_t i = 0; i < len; i++) {
		kg_rid r = rels[i];
		bool out = kg_rel_from(g, r) == at;
		kg_eid to = out ? kg_rel_to(g, r) : kg_rel_from(g, r);
		lua_Integer k = (lua_Integer)i + 1;
		lua_createtable(L, 0, 4);
		kgl_push_rel(L, gidx, r);
		lua_pushvalue(L, -1);
		lua_rawseti(L, path, k);
		lua_setfield(L, -2, "rel");
		kgl_push_entity(L, gidx, at);
		lua_setfield(L, -2, "from");
		kgl_push_entity(L, gidx, to);
		lua_pushvalue(L, -1);
		lua_rawseti(L, nodes, k + 1);
		lua_setfield(L, -2, "to");
		lua_pushstring(L, out ? "out" : "in");
		lua_setfield(L, -2, "dir");
		lua_rawseti(L, steps, k);
		at = to;
	}
	lua_setfield(L, path, "nodes");
	lua_setfield(L, path, "steps");
}

/* The arguments of g:path and g:paths, (graph or view, a, b, opts), read
 * with the options `want` allows; pushes the graph handle (gidx), the
 * type mask and a box for the C result. */
typedef struct pathargs {
	const kg_view *v;
	kgl_graph *gh;
	int gidx;
	kg_eid a, b;
	walkopts w;
	void **box;
} pathargs;

static void path_args(lua_State *L, int want, pathargs *pa)
{
	lua_settop(L, 4); /* the handle kgl_toview pushes goes above the arguments */
	pa->v = kgl_toview(L, 1, &pa->gh);
	pa->gidx = lua_gettop(L);
	pa->a = kgl_checkentity(L, 2, pa->gh);
	pa->b = kgl_checkentity(L, 3, pa->gh);
	pa->w = (walkopts){KG_DIR_OUT, 0, KGL_PATHS_DEFAULT, NULL};
	parse_walk(L, 4, pa->gh, want, &pa->w);
	pa->box = new_box(L);
}

static int m_path(lua_State *L)
{
	pathargs pa;
	path_args(L, 0, &pa);
	kg_rid *path;
	size_t len;
	if (!kg_view_path(pa.v, pa.a, pa.b, pa.w.dir, pa.w.rtmask, &path, &len))
		return 0;
	*pa.box = path;
	push_path(L, pa.gidx, pa.gh->g, pa.a, path, len);
	return 1;
}

static int m_paths(lua_State *L)
{
	pathargs pa;
	path_args(L, WANT_PATHS, &pa);
	kg_rid *paths;
	size_t len, n;
	bool more;
	int rc = kg_view_all_paths(pa.v, pa.a, pa.b, pa.w.dir, pa.w.rtmask, (size_t)pa.w.max,
				   KGL_PATHS_MAX_RELS, &paths, &len, &n, &more);
	*pa.box = paths;
	if (rc == -1)
		return luaL_error(L, "not enough memory");
	if (rc == -2)
		return luaL_error(L, "paths: the shortest paths from '%s' to '%s' hold more than %d "
				  "relations in all: ask for fewer (max)", kg_entity_id(pa.gh->g, pa.a),
				  kg_entity_id(pa.gh->g, pa.b), KGL_PATHS_MAX_RELS);
	lua_createtable(L, n > INT_MAX ? 0 : (int)n, 1);
	for (size_t i = 0; i < n; i++) {
		push_path(L, pa.gidx, pa.gh->g, pa.a, len ? paths + i * len : NULL, len);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_pushboolean(L, more);
	lua_setfield(L, -2, "truncated");
	return 1;
}

static int m_neighborhood(lua_State *L)
{
	kgl_graph *gh;
	lua_settop(L, 3); /* the handle kgl_toview pushes goes above the arguments */
	const kg_view *v = kgl_toview(L, 1, &gh);
	int gidx = lua_gettop(L);
	kg_eid seed = kgl_checkentity(L, 2, gh);
	walkopts w = {KG_DIR_BOTH, 1, 0, NULL};
	parse_walk(L, 3, gh, WANT_DEPTH, &w);
	kgl_view *vh = kgl_new_view_handle(L, gidx);
	unsigned depth = w.depth > (lua_Integer)kg_graph_entity_count(gh->g) ?
			 (unsigned)kg_graph_entity_count(gh->g) : (unsigned)w.depth;
	vh->v = kg_view_neighborhood(v, seed, depth, w.dir, w.rtmask);
	kgl_view_made(L, vh);
	return 1;
}

/* ------------------------------------------------------------------ */
/* view                                                                */
/* ------------------------------------------------------------------ */

/* Adds to nv every relation of parent whose endpoints are both in nv. */
/* g:view(list): entities, relations and entity ids, each in the parent. */
static int view_of_list(lua_State *L, const kg_view *v, kgl_graph *gh, kgl_view *vh, int *induced)
{
	lua_Integer n = luaL_len(L, 2);
	int anyrel = 0;
	for (lua_Integer i = 1; i <= n; i++) {
		lua_rawgeti(L, 2, i);
		kgl_item *it;
		if (lua_type(L, -1) == LUA_TSTRING) {
			kg_eid e = kg_graph_find(gh->g, lua_tostring(L, -1));
			if (e == KG_NONE || !kg_view_has_entity(v, e))
				return luaL_argerror(L, 2, lua_pushfstring(L, "item %I: no entity '%s' in the view",
									  i, lua_tostring(L, -1)));
			kg_view_add_entity(vh->v, e);
		} else if ((it = luaL_testudata(L, -1, KGL_ENTITY)) && it->gh == gh &&
			   kg_view_has_entity(v, it->i)) {
			kg_view_add_entity(vh->v, it->i);
		} else if ((it = luaL_testudata(L, -1, KGL_RELATION)) && it->gh == gh &&
			   kg_view_has_rel(v, it->i)) {
			kg_view_add_rel(vh->v, it->i);
			anyrel = 1;
		} else {
			return luaL_argerror(L, 2, lua_pushfstring(L,
				"item %I: not an entity, relation or entity id of the view", i));
		}
		lua_pop(L, 1);
	}
	if (*induced < 0)
		*induced = !anyrel;
	return 0;
}

static int m_view(lua_State *L)
{
	kgl_graph *gh;
	lua_settop(L, 3); /* the handle kgl_toview pushes goes above the arguments */
	const kg_view *v = kgl_toview(L, 1, &gh);
	int gidx = lua_gettop(L);
	int induced = -1; /* -1: as the argument implies */
	if (!lua_isnoneornil(L, 3)) {
		luaL_checktype(L, 3, LUA_TTABLE);
		lua_pushnil(L);
		while (lua_next(L, 3)) {
			if (lua_type(L, -2) != LUA_TSTRING || strcmp(lua_tostring(L, -2), "induced") != 0)
				luaL_argerror(L, 3, lua_pushfstring(L, "unknown option '%s'",
								     luaL_tolstring(L, -2, NULL)));
			induced = lua_toboolean(L, -1);
			lua_pop(L, 1);
		}
	}
	kgl_view *vh = kgl_new_view_handle(L, gidx);
	int vidx = lua_gettop(L);
	if (lua_isnoneornil(L, 2)) {
		vh->v = kg_view_copy(v);
		kgl_view_made(L, vh);
		return 1;
	}
	vh->v = kg_view_new(gh->g, false);
	check_made(L, vh);
	if (lua_type(L, 2) == LUA_TTABLE && lua_rawlen(L, 2) > 0) {
		view_of_list(L, v, gh, vh, &induced);
	} else {
		int rel = is_rel_filter(L, 2, kg_graph_schema(gh->g));
		scan *sc = parse_filter(L, 2, gh, rel);
		int widx = lua_gettop(L);
		for (uint32_t i; (i = scan_next(gh->g, v, sc)) != KG_NONE;) {
			if (!lua_isnil(L, widx)) {
				push_item(L, gidx, rel, i);
				int ok = call_where(L, widx);
				lua_pop(L, 1);
				v = view_at(L, 1, &gh);
				if (!ok)
					continue;
			}
			if (rel)
				kg_view_add_rel(vh->v, i);
			else
				kg_view_add_entity(vh->v, i);
		}
		if (induced < 0)
			induced = !rel;
	}
	if (induced)
		kg_view_add_induced(vh->v, v);
	lua_settop(L, vidx);
	kgl_view_made(L, vh);
	return 1;
}

/* ------------------------------------------------------------------ */
/* Registration                                                        */
/* ------------------------------------------------------------------ */

static const luaL_Reg shared_methods[] = {
	{"get", m_get}, {"entities", m_entities}, {"relations", m_relations},
	{"count", m_count}, {"stats", m_stats}, {"path", m_path}, {"paths", m_paths},
	{"neighborhood", m_neighborhood}, {"view", m_view}, {NULL, NULL},
};

/* Fills the metatable on top of the stack (kg.Graph) with __index and
 * __len, and registers kg.View with the same methods. */
void kgl_open_view(lua_State *L)
{
	luaL_getmetatable(L, KGL_GRAPH);
	lua_getfield(L, -1, "__index");
	luaL_setfuncs(L, shared_methods, 0);
	lua_pop(L, 1);
	lua_pushcfunction(L, view_len);
	lua_setfield(L, -2, "__len");
	lua_pop(L, 1);
	if (luaL_newmetatable(L, KGL_VIEW)) {
		lua_createtable(L, 0, 12);
		luaL_setfuncs(L, shared_methods, 0);
		lua_setfield(L, -2, "__index");
		lua_pushcfunction(L, view_len);
		lua_setfield(L, -2, "__len");
		lua_pushcfunction(L, view_gc);
		lua_setfield(L, -2, "__gc");
		lua_pushcfunction(L, view_tostring);
		lua_setfield(L, -2, "__tostring");
	}
	lua_pop(L, 1);
}
