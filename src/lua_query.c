/* lua_query.c — g:match(pattern [, opts]) on graphs and views: the
 * pattern engine of query.h run from Lua, its matches made into kg.Rows. */
#include <stdlib.h>
#include <string.h>

#include "lua_kg.h"
#include "query.h"

/* Rows a match may make unless opts.max_rows says otherwise: a bound on
 * the memory a mistaken pattern takes (each row is a Lua table). */
#define KGL_DEFAULT_MAX_ROWS 1000000

/* The C side of one match, owned by a userdata (kg.Match) so that an
 * error raised by `where` while the match runs frees it all the same. */
typedef struct match_box {
	kgq_pattern *p;
	kgq_exec *x;
	uint32_t *buf;    /* the rows while matching without `where` (malloc'd) */
	size_t cap;       /* uint32s in buf */
} match_box;

static int box_gc(lua_State *L)
{
	match_box *b = luaL_checkudata(L, 1, "kg.Match");
	kgq_exec_free(&b->x);
	kgq_pattern_free(&b->p);
	free(b->buf);
	b->buf = NULL;
	return 0;
}

/* What the row callback needs: stack indexes and counts. */
typedef struct collect {
	lua_State *L;
	const kgq_pattern *p;
	int gidx;         /* the graph handle */
	int ridx;         /* the kg.Rows being filled */
	int widx;         /* the where function, or 0 */
	kgl_graph *gh;    /* where may close it: the match then stops */
	lua_Integer n;    /* rows kept */
	lua_Integer limit; /* stop after this many (-1: none) */
	lua_Integer max_rows;
	bool too_many;
	bool oom;
	/* without `where`: rows kept in C (kgl_rowdata), the variables then
	 * the relations of the unnamed relation patterns walked */
	match_box *b;
	uint32_t nvars, nwalk;
	uint16_t walk[KGQ_MAX_ELEMS]; /* those patterns: edges of the pattern */
} collect;

/* One match: a row table {var = handle, ...}, kept when `where` says so. */
static int on_row(void *ud, const uint32_t *vals, const uint32_t *rels)
{
	collect *c = ud;
	lua_State *L = c->L;
	size_t nv = kgq_var_count(c->p);
	lua_createtable(L, 0, (int)nv);
	for (size_t i = 0; i < nv; i++) {
		if (kgq_var_is_rel(c->p, i))
			kgl_push_rel(L, c->gidx, vals[i]);
		else
			kgl_push_entity(L, c->gidx, vals[i]);
		lua_setfield(L, -2, kgq_var_name(c->p, i));
	}
	/* the relations walked by anonymous edges, for rows:view() */
	int nw = 0;
	for (size_t e = 0; e < c->p->nedges; e++) {
		if (c->p->edges[e].var >= 0 || rels[e] == KG_NONE)
			continue;
		if (nw++ == 0)
			lua_createtable(L, 2, 0);
		kgl_push_rel(L, c->gidx, rels[e]);
		lua_rawseti(L, -2, nw);
	}
	if (nw)
		lua_rawsetp(L, -2, &kgl_rows_walked);
	if (c->widx) {
		lua_pushvalue(L, c->widx);
		lua_pushvalue(L, -2);
		lua_call(L, 1, 1);
		int keep = lua_toboolean(L, -1);
		lua_pop(L, 1);
		if (!c->gh->g) {
			lua_pop(L, 1);
			return 1;
		}
		if (!keep) {
			lua_pop(L, 1);
			return 0;
		}
	}
	if (c->n == c->max_rows) {
		lua_pop(L, 1);
		c->too_many = true;
		return 1;
	}
	lua_rawseti(L, c->ridx, ++c->n);
	return c->n == c->limit ? 1 : 0;
}

/* One match, without `where`: its values appended to the rows kept in C. */
static int on_row_c(void *ud, const uint32_t *vals, const uint32_t *rels)
{
	collect *c = ud;
	if (c->n == c->max_rows) {
		c->too_many = true;
		return 1;
	}
	size_t w = (size_t)c->nvars + c->nwalk, at = (size_t)c->n * w;
	if (at + w > c->b->cap) {
		size_t cap = c->b->cap ? 2 * c->b->cap : 64 * w;
		uint32_t *buf = cap <= SIZE_MAX / sizeof *buf ? realloc(c->b->buf, cap * sizeof *buf) : NULL;
		if (!buf) {
			c->oom = true;
			return 1;
		}
		c->b->buf = buf;
		c->b->cap = cap;
	}
	uint32_t *row = c->b->buf + at;
	memcpy(row, vals, c->nvars * sizeof *row);
	for (uint32_t k = 0; k < c->nwalk; k++)
		row[c->nvars + k] = rels[c->walk[k]];
	c->n++;
	return c->n == c->limit ? 1 : 0;
}

/* A whole number option at the top, >= lo; raises otherwise. */
static lua_Integer int_opt(lua_State *L, int arg, const char *k, lua_Integer lo)
{
	int isint;
	lua_Integer v = lua_tointegerx(L, -1, &isint);
	if (!isint || v < lo)
		luaL_argerror(L, arg, lua_pushfstring(L, "%s must be an integer of at least %d", k, (int)lo));
	return v;
}

static int m_match(lua_State *L)
{
	kgl_graph *gh;
	lua_settop(L, 3);
	const kg_view *v = kgl_toview(L, 1, &gh); /* pushes the graph handle: 4 */
	size_t len;
	const char *text = luaL_checklstring(L, 2, &len);
	collect c = {.L = L, .gidx = 4, .gh = gh, .limit = -1, .max_rows = KGL_DEFAULT_MAX_ROWS};
	uint64_t max_steps = KGQ_DEFAULT_MAX_STEPS;
	if (!lua_isnoneornil(L, 3)) {
		luaL_checktype(L, 3, LUA_TTABLE);
		lua_pushnil(L);
		while (lua_next(L, 3)) {
			const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "";
			if (strcmp(k, "where") == 0) {
				if (!lua_isfunction(L, -1))
					luaL_argerror(L, 3, "where must be a function");
			} else if (strcmp(k, "limit") == 0) {
				c.limit = int_opt(L, 3, k, 0);
			} else if (strcmp(k, "max_rows") == 0) {
				c.max_rows = int_opt(L, 3, k, 1);
			} else if (strcmp(k, "max_steps") == 0) {
				max_steps = (uint64_t)int_opt(L, 3, k, 1);
			} else {
				luaL_argerror(L, 3, lua_pushfstring(L, "unknown option '%s'",
								     luaL_tolstring(L, -2, NULL)));
			}
			lua_pop(L, 1);
		}
		lua_getfield(L, 3, "where"); /* 5 */
	} else {
		lua_pushnil(L);
	}
	c.widx = lua_isnil(L, 5) ? 0 : 5;
	match_box *b = lua_newuserdatauv(L, sizeof *b, 0); /* 6 */
	b->p = NULL;
	b->x = NULL;
	b->buf = NULL;
	b->cap = 0;
	if (luaL_newmetatable(L, "kg.Match")) {
		lua_pushcfunction(L, box_gc);
		lua_setfield(L, -2, "__gc");
	}
	lua_setmetatable(L, -2);
	kgq_error err;
	b->p = kgq_parse(kg_graph_schema(gh->g), text, len, &err);
	if (!b->p) {
		char msg[1024];
		kgq_error_format(&err, text, len, msg, sizeof msg);
		return luaL_error(L, "%s", msg);
	}
	c.p = b->p;
	b->x = kgq_exec_new(b->p, v);
	if (!b->x)
		return luaL_error(L, "not enough memory");
	const char *names[KGQ_MAX_VARS];
	for (size_t i = 0; i < kgq_var_count(b->p); i++)
		names[i] = kgq_var_name(b->p, i);
	kgl_rows_new(L, names, kgq_var_count(b->p), c.gidx); /* 7 */
	c.ridx = lua_gettop(L);
	/* without `where`, no Lua runs while matching: the rows are kept in C
	 * and made into row tables only when read */
	c.b = b;
	c.nvars = (uint32_t)kgq_var_count(b->p);
	uint32_t relmask = 0;
	for (uint32_t i = 0; i < c.nvars; i++)
		if (kgq_var_is_rel(b->p, i))
			relmask |= (uint32_t)1 << i;
	for (size_t e = 0; e < b->p->nedges; e++)
		if (b->p->edges[e].var < 0 && !b->p->edges[e].varlen)
			c.walk[c.nwalk++] = (uint16_t)e;
	kgq_row_fn fn = c.widx ? on_row : on_row_c;
	if (c.limit != 0 && kgq_exec_run(b->x, max_steps, fn, &c, &err) < 0)
		return luaL_error(L, "pattern: %s", err.msg);
	kgl_graph_of(L, gh); /* raises when where closed the graph */
	if (c.oom)
		return luaL_error(L, "not enough memory");
	if (c.too_many)
		return luaL_error(L, "pattern: more than %I rows: ask for fewer (opts.limit) or raise "
				  "opts.max_rows", c.max_rows);
	if (!c.widx) {
		size_t w = (size_t)c.nvars + c.nwalk;
		kgl_rowdata *d = kgl_rows_attach(L, c.ridx, (size_t)c.n, c.nvars, c.nwalk, relmask);
		if (c.n && w)
			memcpy(d->v, b->buf, (size_t)c.n * w * sizeof *d->v);
		free(b->buf);
		b->buf = NULL;
		b->cap = 0;
	}
	lua_settop(L, c.ridx);
	return 1;
}

/* Adds match to the methods of kg.Graph and kg.View. */
void kgl_open_query(lua_State *L)
{
	const char *const mts[] = {KGL_GRAPH, KGL_VIEW};
	for (size_t i = 0; i < 2; i++) {
		luaL_getmetatable(L, mts[i]);
		lua_getfield(L, -1, "__index");
		lua_pushcfunction(L, m_match);
		lua_setfield(L, -2, "match");
		lua_pop(L, 2);
	}
}
