/* lua_kg.c — the kg.Graph handle of the Lua binding (ownership, closing,
 * the checks every method starts with) and kg.load. */
#include <stdlib.h>
#include <string.h>

#include "lua_kg.h"

/* ------------------------------------------------------------------ */
/* Graph handles                                                       */
/* ------------------------------------------------------------------ */

kg_graph *kgl_graph_of(lua_State *L, kgl_graph *gh)
{
	if (!gh->g)
		luaL_error(L, "attempt to use a closed graph");
	return gh->g;
}

/* The one close of a graph handle, shared by __gc, __close and g:close();
 * idempotent. Handles that pin the graph stay valid Lua values; using
 * them raises the closed-graph error. A graph closed while slices of it
 * (g:at) are open is freed when the last of them closes. */
static void graph_close(kgl_graph *gh)
{
	kg_view_free(&gh->full);
	kgl_graph *base = gh->base;
	if (base) {
		gh->base = NULL;
		if (--base->nslices == 0)
			kg_graph_free(&base->closing);
	} else if (gh->owned && gh->g) {
		if (gh->nslices)
			gh->closing = gh->g;
		else
			kg_graph_free(&gh->g);
	}
	gh->g = NULL;
}

static int graph_gc(lua_State *L)
{
	graph_close(luaL_checkudata(L, 1, KGL_GRAPH));
	return 0;
}

static int graph_tostring(lua_State *L)
{
	kgl_graph *gh = luaL_checkudata(L, 1, KGL_GRAPH);
	if (!gh->g)
		lua_pushliteral(L, "kg.Graph (closed)");
	else
		lua_pushfstring(L, "kg.Graph: %I entities, %I relations",
				(lua_Integer)kg_graph_entity_count(gh->g),
				(lua_Integer)kg_graph_relation_count(gh->g));
	return 1;
}

/* A fresh weak-valued table: the handle cache of one graph. */
static void push_cache(lua_State *L)
{
	lua_createtable(L, 0, 0);
	if (luaL_newmetatable(L, "kg.cache_mt")) {
		lua_pushliteral(L, "v");
		lua_setfield(L, -2, "__mode");
	}
	lua_setmetatable(L, -2);
}

void kgl_push_graph(lua_State *L, kg_graph *g, int owned)
{
	/* closed state first: if anything below fails, __gc has nothing to free */
	kgl_graph *gh = lua_newuserdatauv(L, sizeof *gh, 3); /* 3: the schema table (lua_schema.c) */
	memset(gh, 0, sizeof *gh);
	luaL_setmetatable(L, KGL_GRAPH);
	push_cache(L);
	lua_setiuservalue(L, -2, 1);
	push_cache(L);
	lua_setiuservalue(L, -2, 2);
	gh->g = g;
	gh->owned = owned;
	gh->full = kg_view_new(g, true);
	if (!gh->full)
		luaL_error(L, "not enough memory");
}

const kg_view *kgl_toview(lua_State *L, int idx, kgl_graph **ghp)
{
	idx = lua_absindex(L, idx);
	kgl_graph *gh = luaL_testudata(L, idx, KGL_GRAPH);
	if (gh) {
		kgl_graph_of(L, gh);
		lua_pushvalue(L, idx);
		*ghp = gh;
		return gh->full;
	}
	kgl_view *vh = luaL_testudata(L, idx, KGL_VIEW);
	if (!vh)
		luaL_typeerror(L, idx, "kg.Graph or kg.View");
	kgl_graph_of(L, vh->gh);
	lua_getiuservalue(L, idx, 1);
	*ghp = vh->gh;
	return vh->v;
}

const kg_view *kgl_checkview(lua_State *L, int idx)
{
	kgl_graph *gh;
	const kg_view *v = kgl_toview(L, idx, &gh);
	lua_pop(L, 1);
	return v;
}

/* ------------------------------------------------------------------ */
/* kg.load                                                             */
/* ------------------------------------------------------------------ */

/* The diagnostics of one load live in a box with __gc, so an error raised
 * while the message is built cannot leak them. */
static int diagbox_gc(lua_State *L)
{
	kg_diags **d = luaL_checkudata(L, 1, "kg.diags");
	kg_diags_free(d);
	return 0;
}

/* Raises the first error of d as "FILE:LINE:COL: message (and N more
 * problems)". */
static int load_error(lua_State *L, kg_diags *d)
{
	kg_diags_sort(d);
	const kg_diag *first = NULL;
	for (size_t i = 0; i < kg_diags_count(d) && !first; i++)
		if (kg_diags_get(d, i)->sev == KG_ERROR)
			first = kg_diags_get(d, i);
	if (!first)
		return luaL_error(L, "kg.load: cannot load the graph (out of memory)");
	if (first->loc.file && first->loc.line)
		lua_pushfstring(L, "%s:%d:%d: %s", first->loc.file, (int)first->loc.line,
				(int)first->loc.col, first->msg);
	else if (first->loc.file)
		lua_pushfstring(L, "%s: %s", first->loc.file, first->msg);
	else
		lua_pushstring(L, first->msg);
	size_t more = kg_diags_errors(d) - 1;
	if (more)
		lua_pushfstring(L, " (and %I more problem%s)", (lua_Integer)more,
				more == 1 ? "" : "s");
	else
		lua_pushliteral(L, "");
	lua_concat(L, 2);
	return lua_error(L);
}

int kgl_load(lua_State *L)
{
	size_t npaths;
	if (lua_type(L, 1) == LUA_TSTRING) {
		npaths = 1;
	} else {
		luaL_argexpected(L, lua_type(L, 1) == LUA_TTABLE, 1, "string or table of paths");
		npaths = (size_t)luaL_len(L, 1);
		luaL_argcheck(L, npaths > 0, 1, "no paths given");
	}
	kg_load_opts o;
	kg_load_opts_init(&o);
	if (!lua_isnoneornil(L, 2)) {
		luaL_checktype(L, 2, LUA_TTABLE);
		lua_pushnil(L);
		while (lua_next(L, 2)) {
			const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "?";
			if (strcmp(k, "schema") != 0)
				return luaL_argerror(L, 2, lua_pushfstring(L, "unknown option '%s'", k));
			lua_pop(L, 1);
		}
		lua_getfield(L, 2, "schema");
		if (!lua_isnil(L, -1)) {
			luaL_argexpected(L, lua_type(L, -1) == LUA_TSTRING, 2, "schema as a string");
			o.schema_path = lua_tostring(L, -1);
		} /* left on the stack: keeps the string alive */
	}
	const char **paths = lua_newuserdatauv(L, npaths * sizeof *paths, 0);
	if (lua_type(L, 1) == LUA_TSTRING) {
		paths[0] = lua_tostring(L, 1);
	} else {
		for (size_t i = 0; i < npaths; i++) {
			lua_rawgeti(L, 1, (lua_Integer)i + 1);
			if (lua_type(L, -1) != LUA_TSTRING)
				return luaL_argerror(L, 1, lua_pushfstring(L,
					"path %I is not a string", (lua_Integer)i + 1));
			paths[i] = lua_tostring(L, -1);
			lua_pop(L, 1); /* still referenced by the table */
		}
	}
	kg_diags **box = lua_newuserdatauv(L, sizeof *box, 0);
	*box = NULL;
	if (luaL_newmetatable(L, "kg.diags")) {
		lua_pushcfunction(L, diagbox_gc);
		lua_setfield(L, -2, "__gc");
	}
	lua_setmetatable(L, -2);
	*box = kg_diags_new();
	if (!*box)
		return luaL_error(L, "not enough memory");
	kg_graph *g = kg_graph_load(paths, npaths, &o, *box);
	if (!g)
		return load_error(L, *box);
	kg_diags_free(box);
	/* the graph is owned by the handle from here on; if pushing fails the
	 * graph leaks only when the handle could not even be made */
	kgl_push_graph(L, g, 1);
	return 1;
}

/* ------------------------------------------------------------------ */
/* The module                                                          */
/* ------------------------------------------------------------------ */

static int graph_close_m(lua_State *L)
{
	graph_close(luaL_checkudata(L, 1, KGL_GRAPH));
	return 0;
}

static const luaL_Reg graph_meta[] = {
	{"__gc", graph_gc},
	{"__close", graph_gc},
	{"__tostring", graph_tostring},
	{NULL, NULL},
};

void kgl_open_graph(lua_State *L)
{
	if (luaL_newmetatable(L, KGL_GRAPH)) {
		luaL_setfuncs(L, graph_meta, 0);
		lua_createtable(L, 0, 16); /* __index: kgl_open_view adds the rest */
		lua_pushcfunction(L, graph_close_m);
		lua_setfield(L, -2, "close");
		lua_setfield(L, -2, "__index");
	}
	lua_pop(L, 1);
}
