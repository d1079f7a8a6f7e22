/* lua_rows.c — kg.Rows, the result of g:match: a Lua table of row tables
 * (so `#rows`, `rows[i]` and `ipairs(rows)` work as on any sequence) with
 * named columns, and the methods that shape rows: count, iter, header,
 * sort, group, columns (projection, count(*)) and view. The rows of a
 * match are held in C (kgl_rowdata) until one is read, and count, view,
 * and columns and group of variables, types and ids never make them. */
#include <stdlib.h>
#include <string.h>

#include "lua_kg.h"

/* Private fields of a kg.Rows, keyed by these addresses (never reachable
 * by a string key): the column names, and the graph handle. */
static const char key_header, key_graph, key_data;
const char kgl_rows_walked = 0;

kgl_rowdata *kgl_rows_attach(lua_State *L, int ridx, size_t n, uint32_t nvars, uint32_t nwalk,
			     uint32_t relmask)
{
	ridx = lua_absindex(L, ridx);
	size_t w = (size_t)nvars + nwalk;
	if (w && n > (SIZE_MAX / 2 - sizeof(kgl_rowdata)) / sizeof(uint32_t) / w)
		luaL_error(L, "not enough memory");
	kgl_rowdata *d = lua_newuserdatauv(L, sizeof *d + n * w * sizeof(uint32_t), 0);
	d->n = n;
	d->nvars = nvars;
	d->nwalk = nwalk;
	d->relmask = relmask;
	lua_rawsetp(L, ridx, &key_data);
	return d;
}

/* The rows held in C of the kg.Rows at idx; NULL once they are tables.
 * The userdata stays anchored in the rows table until materialize. */
static kgl_rowdata *data_of(lua_State *L, int idx)
{
	lua_rawgetp(L, idx, &key_data);
	kgl_rowdata *d = lua_touserdata(L, -1);
	lua_pop(L, 1);
	return d;
}

/* Pushes entity or relation i of the graph handle at gidx. */
static void push_handle(lua_State *L, int gidx, bool rel, uint32_t i)
{
	if (rel)
		kgl_push_rel(L, gidx, i);
	else
		kgl_push_entity(L, gidx, i);
}

/* Makes the rows held in C of the kg.Rows at idx into its row tables:
 * each {variable = handle, ...}, with the relations walked by unnamed
 * relation patterns under kgl_rows_walked. Raises when the graph is
 * closed. An error part way leaves the rows held, to be made again. */
static void materialize(lua_State *L, int idx)
{
	idx = lua_absindex(L, idx);
	int top = lua_gettop(L);
	if (lua_rawgetp(L, idx, &key_data) != LUA_TUSERDATA) {
		lua_settop(L, top);
		return;
	}
	const kgl_rowdata *d = lua_touserdata(L, -1);
	lua_rawgetp(L, idx, &key_graph);
	int gidx = lua_gettop(L);
	kgl_graph_of(L, luaL_checkudata(L, gidx, KGL_GRAPH));
	lua_rawgetp(L, idx, &key_header);
	int hidx = lua_gettop(L);
	luaL_checkstack(L, (int)d->nvars + 8, "too many columns");
	int name0 = lua_gettop(L) + 1;
	for (uint32_t j = 0; j < d->nvars; j++)
		lua_rawgeti(L, hidx, (lua_Integer)j + 1);
	size_t w = (size_t)d->nvars + d->nwalk;
	for (size_t i = 0; i < d->n; i++) {
		const uint32_t *v = d->v + i * w;
		lua_createtable(L, 0, (int)d->nvars);
		for (uint32_t j = 0; j < d->nvars; j++) {
			lua_pushvalue(L, name0 + (int)j);
			push_handle(L, gidx, (d->relmask >> j) & 1, v[j]);
			lua_rawset(L, -3);
		}
		if (d->nwalk) {
			lua_createtable(L, (int)d->nwalk, 0);
			for (uint32_t k = 0; k < d->nwalk; k++) {
				kgl_push_rel(L, gidx, v[d->nvars + k]);
				lua_rawseti(L, -2, (lua_Integer)k + 1);
			}
			lua_rawsetp(L, -2, &kgl_rows_walked);
		}
		lua_rawseti(L, idx, (lua_Integer)i + 1);
	}
	lua_pushnil(L);
	lua_rawsetp(L, idx, &key_data);
	lua_settop(L, top);
}

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

/* kgl_rows_header without making the rows held in C into tables. */
static void rows_header_raw(lua_State *L, int idx)
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

void kgl_rows_header(lua_State *L, int idx)
{
	rows_header_raw(L, idx);
	materialize(L, idx);
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
		if (luaL_getmetafield(L, -1, "__kg_lenient") != LUA_TNIL) {
			/* an entity or relation: an attribute another type declares reads nil */
			lua_insert(L, -2);
			lua_pushlstring(L, k, fl);
			lua_call(L, 2, 1);
		} else {
			lua_pushlstring(L, k, fl);
			lua_gettable(L, -2);
			lua_remove(L, -2);
		}
		k += fl;
	}
}

/* ------------------------------------------------------------------ */
/* count, iter, header                                                 */
/* ------------------------------------------------------------------ */

/* The number of rows of the kg.Rows at idx, held in C or not. */
static lua_Integer nrows(lua_State *L, int idx)
{
	const kgl_rowdata *d = data_of(L, idx);
	return d ? (lua_Integer)d->n : (lua_Integer)lua_rawlen(L, idx);
}

static int rows_count(lua_State *L)
{
	rows_header_raw(L, 1);
	lua_pushinteger(L, nrows(L, 1));
	return 1;
}

/* __len: #rows */
static int rows_len(lua_State *L)
{
	lua_pushinteger(L, nrows(L, 1));
	return 1;
}

/* __index(rows, key): a method (upvalue 1: the methods table), or a row
 * not yet made (the raw table had none). */
static int rows_index(lua_State *L)
{
	if (lua_type(L, 2) == LUA_TSTRING) {
		lua_pushvalue(L, 2);
		lua_rawget(L, lua_upvalueindex(1));
		return 1;
	}
	if (!data_of(L, 1)) {
		lua_pushnil(L);
		return 1;
	}
	materialize(L, 1);
	lua_pushvalue(L, 2);
	lua_rawget(L, 1);
	return 1;
}

/* The iterator __pairs gives: next, skipping the private keys. */
static int rows_next(lua_State *L)
{
	lua_settop(L, 2);
	while (lua_next(L, 1)) {
		if (lua_type(L, -2) != LUA_TLIGHTUSERDATA)
			return 2;
		lua_pop(L, 1);
	}
	lua_pushnil(L);
	return 1;
}

/* __pairs: the rows, made first. */
static int rows_pairs(lua_State *L)
{
	rows_header_raw(L, 1);
	materialize(L, 1);
	lua_pushcfunction(L, rows_next);
	lua_pushvalue(L, 1);
	lua_pushnil(L);
	return 3;
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
	kgl_mark_iterator(L, -1);
	return 1;
}

static int rows_header(lua_State *L)
{
	rows_header_raw(L, 1);
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
	rows_header_raw(L, 1);
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	lua_pushfstring(L, "kg.Rows: %I rows (", nrows(L, 1));
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

/* A key project_c reads from rows held in C: a variable, or its type or
 * (an entity's) id. */
enum { F_SELF, F_TYPE, F_ID };
typedef struct fkey {
	uint32_t var;
	uint8_t field;
	bool rel;
	bool count;     /* the count column: no value */
} fkey;

/* What identifies key k's value in row v, as push_identity does for the
 * value itself: an entity by its index (tostring names it by its unique
 * id), a relation by type and ends (as tostring names it), a type by its
 * number. Up to 3 parts into out; 0 when a type is unknown (a graph with
 * errors), which project_c leaves to the general path. */
static size_t key_parts(const kg_graph *g, const fkey *k, const uint32_t *v, uint32_t out[3])
{
	uint32_t x = v[k->var];
	if (k->field == F_TYPE || (k->rel && k->field == F_SELF)) {
		out[0] = k->rel ? kg_rel_type(g, x) : kg_entity_type(g, x);
		if (out[0] == KG_NONE)
			return 0;
		if (k->field == F_TYPE)
			return 1;
		out[1] = kg_rel_from(g, x);
		out[2] = kg_rel_to(g, x);
		return 3;
	}
	out[0] = x;
	return 1;
}

/* The identity of row v over the keys as one hash; false when a part is
 * unknown. */
static bool row_hash(const kg_graph *g, const fkey *ks, int nk, const uint32_t *v, uint64_t *h)
{
	uint64_t x = 0xcbf29ce484222325ull;
	for (int k = 0; k < nk; k++) {
		uint32_t parts[3];
		if (ks[k].count)
			continue;
		size_t np = key_parts(g, &ks[k], v, parts);
		if (!np)
			return false;
		for (size_t i = 0; i < np; i++)
			x = (x ^ parts[i]) * 0x100000001b3ull;
	}
	*h = x ^ (x >> 29);
	return true;
}

static bool row_same(const kg_graph *g, const fkey *ks, int nk, const uint32_t *a, const uint32_t *b)
{
	for (int k = 0; k < nk; k++) {
		uint32_t pa[3], pb[3];
		if (ks[k].count)
			continue;
		size_t n = key_parts(g, &ks[k], a, pa);
		if (n != key_parts(g, &ks[k], b, pb) || memcmp(pa, pb, n * sizeof *pa) != 0)
			return false;
	}
	return true;
}

/* Pushes key k's value in row v: the handle, its type name or its id. */
static void push_key(lua_State *L, int gidx, const kg_graph *g, const fkey *k, const uint32_t *v)
{
	uint32_t x = v[k->var];
	const kg_schema *s = kg_graph_schema(g);
	if (k->field == F_SELF)
		push_handle(L, gidx, k->rel, x);
	else if (k->field == F_ID)
		lua_pushstring(L, kg_entity_id(g, x));
	else
		lua_pushstring(L, k->rel ? kg_schema_rtype_name(s, kg_rel_type(g, x)) :
				   kg_schema_type_name(s, kg_entity_type(g, x)));
}

/* project() on rows still held in C, without making row tables, when
 * every key is a variable, its type, an entity variable's id or the count
 * column: pushes the result and returns 1; otherwise returns 0 and leaves
 * the stack as it was. The result is what project() gives on the rows
 * made. */
static int project_c(lua_State *L, int key0, int nk, const char *count)
{
	int top = lua_gettop(L);
	const kgl_rowdata *d = data_of(L, 1);
	if (!d || nk > 64)
		return 0;
	rows_header_raw(L, 1);
	int hidx = lua_gettop(L);
	fkey ks[64];
	for (int k = 0; k < nk; k++) {
		size_t len;
		const char *key = lua_tolstring(L, key0 + k, &len);
		ks[k].count = count && strcmp(key, count) == 0;
		if (ks[k].count)
			continue;
		size_t hl = head_len(key);
		const char *field = key[hl] ? key + hl + 1 : "";
		ks[k].field = !*field ? F_SELF : strcmp(field, "type") == 0 ? F_TYPE :
			      strcmp(field, "id") == 0 ? F_ID : 99;
		uint32_t j = 0;
		for (; j < d->nvars; j++) {
			size_t nl;
			lua_rawgeti(L, hidx, (lua_Integer)j + 1);
			const char *name = lua_tolstring(L, -1, &nl);
			lua_pop(L, 1);
			if (name && nl == hl && memcmp(name, key, hl) == 0)
				break;
		}
		ks[k].var = j;
		ks[k].rel = j < d->nvars && ((d->relmask >> j) & 1);
		if (j == d->nvars || ks[k].field == 99 || (ks[k].field == F_ID && ks[k].rel)) {
			lua_settop(L, top);
			return 0;
		}
	}
	lua_rawgetp(L, 1, &key_graph);
	int gidx = lua_gettop(L);
	const kg_graph *g = kgl_graph_of(L, luaL_checkudata(L, gidx, KGL_GRAPH));
	size_t w = (size_t)d->nvars + d->nwalk, n = d->n;
	/* groups: the first row of each (rows[g]) and its count, found by a
	 * table of 1 + group, open addressing, at most half full */
	uint32_t *first = NULL, *cnt = NULL, *slots = NULL;
	size_t ngroups = 0, cap = 0;
	if (count) {
		if (n > UINT32_MAX - 1) {
			lua_settop(L, top);
			return 0;
		}
		first = scratch(L, n * sizeof *first);
		cnt = scratch(L, n * sizeof *cnt);
		cap = 16;
		while (cap < 2 * n)
			cap *= 2;
		slots = scratch(L, cap * sizeof *slots);
		memset(slots, 0, cap * sizeof *slots);
		for (size_t i = 0; i < n; i++) {
			const uint32_t *v = d->v + i * w;
			uint64_t h;
			if (!row_hash(g, ks, nk, v, &h)) {
				lua_settop(L, top);
				return 0;
			}
			size_t at = (size_t)h & (cap - 1);
			for (; slots[at]; at = (at + 1) & (cap - 1))
				if (row_same(g, ks, nk, d->v + (size_t)first[slots[at] - 1] * w, v))
					break;
			if (slots[at]) {
				cnt[slots[at] - 1]++;
			} else {
				first[ngroups] = (uint32_t)i;
				cnt[ngroups] = 1;
				slots[at] = (uint32_t)++ngroups;
			}
		}
	}
	/* the header, as project() makes it */
	lua_createtable(L, nk + (count != NULL), 0);
	int nh = 0;
	for (int k = 0; k < nk; k++) {
		lua_pushvalue(L, key0 + k);
		lua_rawseti(L, -2, ++nh);
	}
	if (count && strcmp(count, "count") == 0) {
		lua_pushstring(L, count);
		lua_rawseti(L, -2, ++nh);
	}
	rows_like(L, 1, lua_gettop(L));
	int out = lua_gettop(L);
	size_t nout = count ? ngroups : n;
	for (size_t i = 0; i < nout; i++) {
		const uint32_t *v = d->v + (size_t)(count ? first[i] : i) * w;
		lua_createtable(L, 0, nh);
		for (int k = 0; k < nk; k++) {
			if (ks[k].count)
				continue;
			push_key(L, gidx, g, &ks[k], v);
			lua_setfield(L, -2, lua_tostring(L, key0 + k));
		}
		if (count) {
			lua_pushinteger(L, cnt[i]);
			lua_setfield(L, -2, count);
		}
		lua_rawseti(L, out, (lua_Integer)i + 1);
	}
	lua_replace(L, top + 1);
	lua_settop(L, top + 1);
	return 1;
}

/* The projection of the rows at 1 on the keys at key0..key0+nk-1; when
 * `count` names a column, rows with equal keys are grouped and that
 * column counts them (in order of first appearance). */
static int project(lua_State *L, int key0, int nk, const char *count)
{
	if (project_c(L, key0, nk, count))
		return 1;
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
	rows_header_raw(L, 1);
	lua_rawgetp(L, 1, &key_graph);
	int gidx = lua_gettop(L);
	kgl_graph *gh = luaL_testudata(L, gidx, KGL_GRAPH);
	if (!gh)
		return luaL_error(L, "rows:view(): these rows come from no graph (kg.rows)");
	kg_graph *g = kgl_graph_of(L, gh);
	kgl_view *vh = kgl_new_view_handle(L, gidx);
	vh->v = kg_view_new(g, false);
	if (!vh->v)
		return luaL_error(L, "not enough memory");
	const kgl_rowdata *d = data_of(L, 1);
	size_t w = d ? (size_t)d->nvars + d->nwalk : 0;
	for (size_t i = 0; d && i < d->n; i++) {
		const uint32_t *v = d->v + i * w;
		for (uint32_t j = 0; j < w; j++)
			if (j >= d->nvars || ((d->relmask >> j) & 1))
				kg_view_add_rel(vh->v, v[j]);
			else
				kg_view_add_entity(vh->v, v[j]);
	}
	lua_Integer n = d ? 0 : (lua_Integer)lua_rawlen(L, 1);
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

/* The metatable: __index finds methods in the table kept as __methods
 * (where lua_rows_out.c adds its own) and makes rows held in C on the
 * first read of one. */
void kgl_open_rows(lua_State *L)
{
	if (luaL_newmetatable(L, KGL_ROWS)) {
		lua_createtable(L, 0, 12);
		luaL_setfuncs(L, methods, 0);
		lua_pushvalue(L, -1);
		lua_setfield(L, -3, "__methods");
		lua_pushcclosure(L, rows_index, 1);
		lua_setfield(L, -2, "__index");
		lua_pushcfunction(L, rows_len);
		lua_setfield(L, -2, "__len");
		lua_pushcfunction(L, rows_pairs);
		lua_setfield(L, -2, "__pairs");
		lua_pushcfunction(L, rows_tostring);
		lua_setfield(L, -2, "__tostring");
	}
	lua_pop(L, 1);
}
