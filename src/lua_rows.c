/* lua_rows.c — kg.Rows, the result of g:match: a Lua table of row tables
 * (so `#rows`, `rows[i]` and `ipairs(rows)` work as on any sequence) with
 * named columns, and the methods that shape rows: count, iter, header,
 * sort, group, columns (projection, count(*)) and view. */
#include <stdlib.h>
#include <string.h>

#include "lua_kg.h"

/* Private fields of a kg.Rows, keyed by these addresses (never reachable
 * by a string key): the column names, and the graph handle. */
static const char key_header, key_graph;
const char kgl_rows_walked = 0;

void kgl_rows_new(lua_State *L, const char *const *names, size_t n, int gidx)
{
	gidx = lua_absindex(L, gidx);
	lua_createtable(L, 0, 0);
	lua_createtable(L, (int)n, 0);
	for (size_t i = 0; i < n; i++) {
		lua_pushstring(L, names[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_rawsetp(L, -2, &key_header);
	lua_pushvalue(L, gidx);
	lua_rawsetp(L, -2, &key_graph);
	luaL_setmetatable(L, KGL_ROWS);
}

/* A new kg.Rows like the one at idx (same graph) with the header table at hidx. */
static void rows_like(lua_State *L, int idx, int hidx)
{
	idx = lua_absindex(L, idx);
	hidx = lua_absindex(L, hidx);
	lua_createtable(L, 0, 0);
	lua_pushvalue(L, hidx);
	lua_rawsetp(L, -2, &key_header);
	lua_rawgetp(L, idx, &key_graph);
	lua_rawsetp(L, -2, &key_graph);
	luaL_setmetatable(L, KGL_ROWS);
}

void kgl_rows_header(lua_State *L, int idx)
{
	idx = lua_absindex(L, idx);
	if (lua_type(L, idx) != LUA_TTABLE || !lua_getmetatable(L, idx))
		luaL_typeerror(L, idx, KGL_ROWS);
	luaL_getmetatable(L, KGL_ROWS);
	if (!lua_rawequal(L, -1, -2))
		luaL_typeerror(L, idx, KGL_ROWS);
	lua_pop(L, 2);
	lua_rawgetp(L, idx, &key_header);
}

/* The part of key before its first '.', and its length. */
static size_t head_len(const char *key)
{
	const char *dot = strchr(key, '.');
	return dot ? (size_t)(dot - key) : strlen(key);
}

void kgl_rows_check_key(lua_State *L, int hidx, int arg, const char *key)
{
	size_t hl = head_len(key);
	lua_Integer n = (lua_Integer)lua_rawlen(L, hidx);
	luaL_Buffer b;
	for (lua_Integer i = 1; i <= n; i++) {
		lua_rawgeti(L, hidx, i);
		size_t len;
		const char *c = lua_tolstring(L, -1, &len);
		lua_pop(L, 1);
		if (c && (strcmp(c, key) == 0 || (len == hl && memcmp(c, key, hl) == 0)))
			return;
	}
	luaL_buffinit(L, &b);
	for (lua_Integer i = 1; i <= n; i++) {
		if (i > 1)
			luaL_addstring(&b, ", ");
		lua_rawgeti(L, hidx, i);
		luaL_addvalue(&b);
	}
	luaL_pushresult(&b);
	luaL_argerror(L, arg, lua_pushfstring(L, "no column '%s' (the columns: %s)", key, lua_tostring(L, -1)));
}

void kgl_rows_value(lua_State *L, int ridx, const char *key)
{
	ridx = lua_absindex(L, ridx);
	if (lua_getfield(L, ridx, key) != LUA_TNIL || !strchr(key, '.'))
		return;
	lua_pop(L, 1);
	size_t hl = head_len(key);
	lua_pushlstring(L, key, hl);
	lua_rawget(L, ridx);
	for (const char *k = key + hl; *k == '.' && !lua_isnil(L, -1);) {
		k++;
		size_t fl = head_len(k);
		int t = lua_type(L, -1);
		if (t != LUA_TTABLE && t != LUA_TUSERDATA) {
			lua_pop(L, 1);
			lua_pushnil(L);
			break;
		}
		lua_pushlstring(L, k, fl);
		lua_gettable(L, -2);
		lua_remove(L, -2);
		k += fl;
	}
}

/* ------------------------------------------------------------------ */
/* count, iter, header                                                 */
/* ------------------------------------------------------------------ */

static int rows_count(lua_State *L)
{
	kgl_rows_header(L, 1);
	lua_pushinteger(L, (lua_Integer)lua_rawlen(L, 1));
	return 1;
}

static int iter_step(lua_State *L)
{
	lua_Integer i = lua_tointeger(L, lua_upvalueindex(2)) + 1;
	if (lua_rawgeti(L, lua_upvalueindex(1), i) == LUA_TNIL)
		return 1;
	lua_pushinteger(L, i);
	lua_replace(L, lua_upvalueindex(2));
	return 1;
}

static int rows_iter(lua_State *L)
{
	kgl_rows_header(L, 1);
	lua_settop(L, 1);
	lua_pushinteger(L, 0);
	lua_pushcclosure(L, iter_step, 2);
	return 1;
}

static int rows_header(lua_State *L)
{
	kgl_rows_header(L, 1);
	lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
	lua_createtable(L, (int)n, 0); /* a copy: the rows' own stays unchanged */
	for (lua_Integer i = 1; i <= n; i++) {
		lua_rawgeti(L, -2, i);
		lua_rawseti(L, -2, i);
	}
	return 1;
}

static int rows_tostring(lua_State *L)
{
	kgl_rows_header(L, 1);
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	lua_pushfstring(L, "kg.Rows: %I rows (", (lua_Integer)lua_rawlen(L, 1));
	luaL_addvalue(&b);
	for (lua_Integer i = 1; i <= (lua_Integer)lua_rawlen(L, 2); i++) {
		if (i > 1)
			luaL_addstring(&b, ", ");
		lua_rawgeti(L, 2, i);
		luaL_addvalue(&b);
	}
	luaL_addchar(&b, ')');
	luaL_pushresult(&b);
	return 1;
}

/* ------------------------------------------------------------------ */
/* sort                                                                */
/* ------------------------------------------------------------------ */

/* A sort key's value, compared without calling Lua: nil sorts last, then
 * numbers < strings < booleans < the rest (by their tostring). */
enum { K_NUM, K_STR, K_BOOL, K_OTHER, K_NIL };

typedef struct skey {
	int kind;
	double d;
	const char *s; /* K_STR, K_OTHER: pinned by the keys table on the stack */
	size_t len;
} skey;

typedef struct sort_ctx {
	const skey *keys;  /* nrows x nk */
	size_t nk;
	const bool *desc;  /* per key */
} sort_ctx;

static int cmp_key(const skey *a, const skey *b)
{
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	switch (a->kind) {
	case K_NUM:
	case K_BOOL: return a->d < b->d ? -1 : a->d > b->d;
	case K_STR:
	case K_OTHER: {
		size_t n = a->len < b->len ? a->len : b->len;
		int c = memcmp(a->s, b->s, n);
		return c ? (c < 0 ? -1 : 1) : a->len < b->len ? -1 : a->len > b->len;
	}
	default: return 0;
	}
}

static int cmp_rows(const void *pa, const void *pb, void *arg)
{
	const sort_ctx *c = arg;
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
	for (size_t k = 0; k < c->nk; k++) {
		const skey *ka = &c->keys[a * c->nk + k], *kb = &c->keys[b * c->nk + k];
		int r = cmp_key(ka, kb);
		if (r && !(ka->kind == K_NIL || kb->kind == K_NIL)) /* nil last either way */
			return c->desc[k] ? -r : r;
		if (r)
			return r;
	}
	return a < b ? -1 : a > b; /* stable */
}

/* A userdata holding n bytes, freed with it (so an error cannot leak it). */
static void *scratch(lua_State *L, size_t n)
{
	return lua_newuserdatauv(L, n ? n : 1, 0);
}

static int rows_sort(lua_State *L)
{
	int nk = lua_gettop(L) - 1;
	kgl_rows_header(L, 1);
	int hidx = lua_gettop(L);
	if (nk < 1)
		return luaL_error(L, "sort: name at least one key, e.g. rows:sort(\"c.name\")");
	bool *desc = scratch(L, (size_t)nk * sizeof *desc);
	for (int k = 0; k < nk; k++) {
		const char *key = luaL_checkstring(L, k + 2);
		desc[k] = key[0] == '-';
		kgl_rows_check_key(L, hidx, k + 2, key + desc[k]);
	}
	size_t n = lua_rawlen(L, 1);
	if (n > UINT32_MAX)
		return luaL_error(L, "sort: too many rows");
	skey *keys = scratch(L, n * (size_t)nk * sizeof *keys);
	uint32_t *order = scratch(L, n * sizeof *order);
	lua_createtable(L, (int)(n * (size_t)nk), 0); /* pins the strings */
	int pin = lua_gettop(L);
	for (size_t i = 0; i < n; i++) {
		order[i] = (uint32_t)i;
		lua_rawgeti(L, 1, (lua_Integer)i + 1);
		for (int k = 0; k < nk; k++) {
			const char *key = lua_tostring(L, k + 2);
			skey *sk = &keys[i * (size_t)nk + (size_t)k];
			kgl_rows_value(L, -1, key + (key[0] == '-'));
			int t = lua_type(L, -1);
			sk->kind = t == LUA_TNIL ? K_NIL : t == LUA_TNUMBER ? K_NUM : t == LUA_TSTRING ? K_STR :
				   t == LUA_TBOOLEAN ? K_BOOL : K_OTHER;
			if (sk->kind == K_NUM)
				sk->d = lua_tonumber(L, -1);
			else if (sk->kind == K_BOOL)
				sk->d = lua_toboolean(L, -1);
			else if (sk->kind == K_STR || sk->kind == K_OTHER) {
				sk->s = luaL_tolstring(L, -1, &sk->len);
				lua_rawseti(L, pin, (lua_Integer)(i * (size_t)nk + (size_t)k) + 1);
			}
			lua_pop(L, 1);
		}
		lua_pop(L, 1);
	}
	sort_ctx c = {keys, (size_t)nk, desc};
	qsort_r(order, n, sizeof *order, cmp_rows, &c);
	rows_like(L, 1, hidx);
	for (size_t i = 0; i < n; i++) {
		lua_rawgeti(L, 1, (lua_Integer)order[i] + 1);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	return 1;
}

/* ------------------------------------------------------------------ */
/* group and columns                                                   */
/* ------------------------------------------------------------------ */

/* Pushes a string that is equal for equal key values (type and text):
 * handles by their tostring, which names the entity or relation. */
static void push_identity(lua_State *L, int idx)
{
	idx = lua_absindex(L, idx);
	int t = lua_type(L, idx);
	if (t == LUA_TNUMBER && lua_isinteger(L, idx))
		lua_pushfstring(L, "n%I", lua_tointeger(L, idx));
	else if (t == LUA_TNUMBER)
		lua_pushfstring(L, "n%f", lua_tonumber(L, idx));
	else if (t == LUA_TTABLE)
		lua_pushfstring(L, "t%p", lua_topointer(L, idx)); /* tables: by identity */
	else {
		luaL_tolstring(L, idx, NULL);
		lua_pushfstring(L, "%d%s", t, lua_tostring(L, -1));
		lua_remove(L, -2);
	}
}

/* The projection of the rows at 1 on the keys at key0..key0+nk-1; when
 * `count` names a column, rows with equal keys are grouped and that
 * column counts them (in order of first appearance). */
static int project(lua_State *L, int key0, int nk, const char *count)
{
	kgl_rows_header(L, 1);
	int hidx = lua_gettop(L);
	lua_createtable(L, nk + (count != NULL), 0);
	int nh = 0;
	for (int k = 0; k < nk; k++) {
		const char *key = lua_tostring(L, key0 + k);
		if (!count || strcmp(key, count) != 0)
			kgl_rows_check_key(L, hidx, key0 + k, key);
		lua_pushvalue(L, key0 + k);
		lua_rawseti(L, -2, ++nh);
	}
	if (count && nh == nk && strcmp(count, "count") == 0) {
		lua_pushstring(L, count);
		lua_rawseti(L, -2, ++nh);
	}
	int nhidx = lua_gettop(L);
	rows_like(L, 1, nhidx);
	int out = lua_gettop(L);
	lua_newtable(L); /* identity -> output row */
	int seen = lua_gettop(L);
	lua_Integer nout = 0, n = (lua_Integer)lua_rawlen(L, 1);
	luaL_checkstack(L, 2 * nk + 8, "too many keys");
	for (lua_Integer i = 1; i <= n; i++) {
		lua_rawgeti(L, 1, i);
		int row = lua_gettop(L);
		lua_createtable(L, 0, nh);
		int nrow = lua_gettop(L);
		int pieces = 0; /* the group's identity, in parts on the stack */
		for (int k = 0; k < nk; k++) {
			const char *key = lua_tostring(L, key0 + k);
			if (count && strcmp(key, count) == 0)
				continue;
			kgl_rows_value(L, row, key);
			if (count) {
				lua_pushvalue(L, -1);
				lua_setfield(L, nrow, key);
				push_identity(L, -1);
				lua_remove(L, -2);
				lua_pushliteral(L, "\x1f");
				pieces += 2;
			} else {
				lua_setfield(L, nrow, key);
			}
		}
		if (!count) {
			lua_pushvalue(L, nrow);
			lua_rawseti(L, out, ++nout);
			lua_settop(L, seen);
			continue;
		}
		lua_concat(L, pieces);
		int id = lua_gettop(L);
		lua_pushvalue(L, id);
		if (lua_rawget(L, seen) == LUA_TTABLE) { /* a group seen before */
			lua_getfield(L, -1, count);
			lua_Integer c = lua_tointeger(L, -1);
			lua_pop(L, 1);
			lua_pushinteger(L, c + 1);
			lua_setfield(L, -2, count);
		} else {
			lua_pushinteger(L, 1);
			lua_setfield(L, nrow, count);
			lua_settop(L, id);
			lua_pushvalue(L, nrow);
			lua_rawset(L, seen);
			lua_pushvalue(L, nrow);
			lua_rawseti(L, out, ++nout);
		}
		lua_settop(L, seen);
	}
	lua_settop(L, out);
	return 1;
}

static int rows_columns(lua_State *L)
{
	int nk = lua_gettop(L) - 1;
	if (nk < 1)
		return luaL_error(L, "columns: name at least one, e.g. rows:columns(\"c.name\")");
	const char *count = NULL;
	for (int k = 2; k <= nk + 1; k++)
		if (strcmp(luaL_checkstring(L, k), "count(*)") == 0)
			count = "count(*)";
	return project(L, 2, nk, count);
}

static int rows_group(lua_State *L)
{
	int nk = lua_gettop(L) - 1;
	if (nk < 1)
		return luaL_error(L, "group: name at least one key, e.g. rows:group(\"c.type\")");
	for (int k = 2; k <= nk + 1; k++)
		luaL_checkstring(L, k);
	return project(L, 2, nk, "count");
}

/* ------------------------------------------------------------------ */
/* view                                                                */
/* ------------------------------------------------------------------ */

static int rows_view(lua_State *L)
{
	kgl_rows_header(L, 1);
	lua_rawgetp(L, 1, &key_graph);
	int gidx = lua_gettop(L);
	kgl_graph *gh = luaL_checkudata(L, gidx, KGL_GRAPH);
	kg_graph *g = kgl_graph_of(L, gh);
	kgl_view *vh = kgl_new_view_handle(L, gidx);
	vh->v = kg_view_new(g, false);
	if (!vh->v)
		return luaL_error(L, "not enough memory");
	lua_Integer n = (lua_Integer)lua_rawlen(L, 1);
	for (lua_Integer i = 1; i <= n; i++) {
		lua_rawgeti(L, 1, i);
		if (lua_type(L, -1) == LUA_TTABLE) {
			if (lua_rawgetp(L, -1, &kgl_rows_walked) == LUA_TTABLE) {
				for (lua_Integer k = 1; lua_rawgeti(L, -1, k) != LUA_TNIL; k++) {
					kgl_item *it = luaL_testudata(L, -1, KGL_RELATION);
					if (it && it->gh == gh)
						kg_view_add_rel(vh->v, it->i);
					lua_pop(L, 1);
				}
				lua_pop(L, 1); /* the nil that ended the list */
			}
			lua_pop(L, 1);
			lua_pushnil(L);
			while (lua_next(L, -2)) {
				kgl_item *it = luaL_testudata(L, -1, KGL_ENTITY);
				if (it && it->gh == gh)
					kg_view_add_entity(vh->v, it->i);
				else if ((it = luaL_testudata(L, -1, KGL_RELATION)) && it->gh == gh)
					kg_view_add_rel(vh->v, it->i);
				lua_pop(L, 1);
			}
		}
		lua_pop(L, 1);
	}
	lua_settop(L, gidx + 1);
	kgl_view_made(L, vh);
	return 1;
}

/* ------------------------------------------------------------------ */
/* Registration                                                        */
/* ------------------------------------------------------------------ */

static const luaL_Reg methods[] = {
	{"count", rows_count}, {"iter", rows_iter}, {"header", rows_header}, {"sort", rows_sort},
	{"group", rows_group}, {"columns", rows_columns}, {"view", rows_view}, {NULL, NULL},
};

void kgl_open_rows(lua_State *L)
{
	if (luaL_newmetatable(L, KGL_ROWS)) {
		lua_createtable(L, 0, 12);
		luaL_setfuncs(L, methods, 0);
		lua_setfield(L, -2, "__index");
		lua_pushcfunction(L, rows_tostring);
		lua_setfield(L, -2, "__tostring");
	}
	lua_pop(L, 1);
}
