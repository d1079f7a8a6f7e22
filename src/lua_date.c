/* lua_date.c — time in the Lua binding: kg.date and the kg.Date values
 * (compared as intervals of days, doc/time.md), g:at (a graph as it was
 * at a date) and e:history / r:history (an attribute's claims over time). */
#include <stdlib.h>
#include <string.h>

#include "lua_kg.h"

/* ------------------------------------------------------------------ */
/* kg.Date                                                             */
/* ------------------------------------------------------------------ */

static void push_date(lua_State *L, kg_date d)
{
	kg_date *u = lua_newuserdatauv(L, sizeof *u, 0);
	*u = d;
	luaL_setmetatable(L, KGL_DATE);
}

/* The date at idx: a kg.Date, an ISO string ("2019", "2019-07",
 * "2019-07-22") or an integer year. Raises an argument error naming what
 * is wrong ("February 2019 has 28 days"). */
static kg_date check_date(lua_State *L, int idx)
{
	kg_date *u = luaL_testudata(L, idx, KGL_DATE);
	if (u)
		return *u;
	kg_date d;
	char why[96];
	if (lua_type(L, idx) == LUA_TNUMBER) {
		lua_Integer y;
		if (!lua_isinteger(L, idx) || (y = lua_tointeger(L, idx)) < 1 || y > 9999)
			luaL_argerror(L, idx, "a year must be a whole number from 1 to 9999");
		return (kg_date){(int16_t)lua_tointeger(L, idx), 0, 0};
	}
	if (lua_type(L, idx) != LUA_TSTRING)
		luaL_typeerror(L, idx, "date (kg.Date, \"2019\", \"2019-07\" or \"2019-07-22\")");
	size_t len;
	const char *s = lua_tolstring(L, idx, &len);
	if (kg_date_parse(s, len, &d, why, sizeof why) < 0) {
		char q[80];
		kg_quoted(s, len, '"', 40, q, sizeof q);
		if (why[0])
			luaL_argerror(L, idx, lua_pushfstring(L, "%s is not a date: %s", q, why));
		luaL_argerror(L, idx, lua_pushfstring(L, "expected a date (2019, 2019-07 or "
							 "2019-07-22), got %s", q));
	}
	return d;
}

static int l_date(lua_State *L)
{
	push_date(L, check_date(L, 1));
	return 1;
}

static int date_tostring(lua_State *L)
{
	char buf[16];
	lua_pushstring(L, kg_date_format(check_date(L, 1), buf, sizeof buf));
	return 1;
}

static int date_concat(lua_State *L)
{
	for (int i = 1; i <= 2; i++)
		if (luaL_testudata(L, i, KGL_DATE)) {
			char buf[16];
			lua_pushstring(L, kg_date_format(*(kg_date *)lua_touserdata(L, i), buf, sizeof buf));
			lua_replace(L, i);
		} else if (!lua_isstring(L, i)) {
			return luaL_error(L, "attempt to concatenate a %s value with a date",
					  luaL_typename(L, i));
		}
	lua_concat(L, 2);
	return 1;
}

static bool same(kg_date a, kg_date b)
{
	return a.year == b.year && a.month == b.month && a.day == b.day;
}

/* a < b: every day of a comes before every day of b. */
static int date_lt(lua_State *L)
{
	kg_date a = check_date(L, 1), b = check_date(L, 2);
	lua_pushboolean(L, kg_date_last(a) < kg_date_first(b));
	return 1;
}

static int date_le(lua_State *L)
{
	kg_date a = check_date(L, 1), b = check_date(L, 2);
	lua_pushboolean(L, same(a, b) || kg_date_last(a) < kg_date_first(b));
	return 1;
}

static int date_eq(lua_State *L)
{
	kg_date *a = luaL_testudata(L, 1, KGL_DATE), *b = luaL_testudata(L, 2, KGL_DATE);
	lua_pushboolean(L, a && b && same(*a, *b));
	return 1;
}

static int date_year(lua_State *L)
{
	lua_pushinteger(L, check_date(L, 1).year);
	return 1;
}

/* d:month(), d:day(): the part, nil past the date's precision. */
static int date_part(lua_State *L, int day)
{
	kg_date d = check_date(L, 1);
	int v = day ? d.day : d.month;
	if (v)
		lua_pushinteger(L, v);
	else
		lua_pushnil(L);
	return 1;
}

static int date_month(lua_State *L) { return date_part(L, 0); }
static int date_day(lua_State *L) { return date_part(L, 1); }

static int date_first(lua_State *L)
{
	push_date(L, kg_date_of_day(kg_date_first(check_date(L, 1))));
	return 1;
}

static int date_last(lua_State *L)
{
	push_date(L, kg_date_of_day(kg_date_last(check_date(L, 1))));
	return 1;
}

static int date_precision(lua_State *L)
{
	static const char *const names[] = {"", "year", "month", "day"};
	lua_pushstring(L, names[kg_date_precision(check_date(L, 1))]);
	return 1;
}

/* Every day of b is a day of a. */
static int date_contains(lua_State *L)
{
	kg_date a = check_date(L, 1), b = check_date(L, 2);
	lua_pushboolean(L, kg_date_first(a) <= kg_date_first(b) && kg_date_last(b) <= kg_date_last(a));
	return 1;
}

/* a and b share a day. */
static int date_overlaps(lua_State *L)
{
	kg_date a = check_date(L, 1), b = check_date(L, 2);
	lua_pushboolean(L, kg_date_first(a) <= kg_date_last(b) && kg_date_first(b) <= kg_date_last(a));
	return 1;
}

static const luaL_Reg date_methods[] = {
	{"year", date_year}, {"month", date_month}, {"day", date_day},
	{"first", date_first}, {"last", date_last}, {"precision", date_precision},
	{"contains", date_contains}, {"overlaps", date_overlaps}, {NULL, NULL},
};

static const luaL_Reg date_meta[] = {
	{"__tostring", date_tostring}, {"__concat", date_concat}, {"__lt", date_lt},
	{"__le", date_le}, {"__eq", date_eq}, {NULL, NULL},
};

/* ------------------------------------------------------------------ */
/* g:at                                                                */
/* ------------------------------------------------------------------ */

void kgl_graph_at(lua_State *L, int idx, kg_date d)
{
	idx = lua_absindex(L, idx);
	kgl_graph *from = luaL_checkudata(L, idx, KGL_GRAPH);
	kgl_graph_of(L, from);
	if (from->base) { /* a slice of a slice is cut from the whole graph */
		lua_getiuservalue(L, idx, 4);
		lua_replace(L, idx);
		from = from->base;
	}
	/* user values: 1, 2 handle caches, 3 the schema table (lua_schema.c),
	 * 4 the whole graph's handle */
	kgl_graph *gh = lua_newuserdatauv(L, sizeof *gh, 4);
	memset(gh, 0, sizeof *gh);
	luaL_setmetatable(L, KGL_GRAPH);
	for (int i = 1; i <= 2; i++) {
		lua_createtable(L, 0, 0);
		if (luaL_newmetatable(L, "kg.cache_mt")) {
			lua_pushliteral(L, "v");
			lua_setfield(L, -2, "__mode");
		}
		lua_setmetatable(L, -2);
		lua_setiuservalue(L, -2, i);
	}
	lua_pushvalue(L, idx);
	lua_setiuservalue(L, -2, 4);
	if (!(gh->full = kg_view_at(from->g, d)))
		luaL_error(L, "not enough memory");
	gh->g = from->g;
	gh->at = d;
	gh->base = from;
	from->nslices++;
	lua_replace(L, idx);
}

static int m_at(lua_State *L)
{
	luaL_checkudata(L, 1, KGL_GRAPH);
	kg_date d = check_date(L, 2);
	lua_settop(L, 1);
	kgl_graph_at(L, 1, d);
	return 1;
}

/* g.date: a slice's date (a kg.Date), nil for a whole graph. */
static int m_date(lua_State *L)
{
	kgl_graph *gh = luaL_checkudata(L, 1, KGL_GRAPH);
	if (!gh->at.year)
		return 0;
	push_date(L, gh->at);
	return 1;
}

/* ------------------------------------------------------------------ */
/* e:history, r:history                                                */
/* ------------------------------------------------------------------ */

/* Where a claim sits in time: the first day of its since, else of its
 * as_of; KG_DAY_MIN for a claim with neither (it holds at any time). */
static int32_t claim_day(const kg_claim *c)
{
	const char *s = c->since ? c->since : c->as_of;
	return s ? kg_date_first(kg_date_of(s)) : KG_DAY_MIN;
}

typedef struct hist_item {
	int32_t day;
	uint32_t i;
} hist_item;

static int hist_cmp(const void *a, const void *b)
{
	const hist_item *x = a, *y = b;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

static int history(lua_State *L, const char *mt)
{
	kgl_item *it = luaL_checkudata(L, 1, mt);
	kg_graph *g = kgl_graph_of(L, it->gh);
	const char *name = luaL_checkstring(L, 2);
	lua_settop(L, 2);
	int rel = strcmp(mt, KGL_RELATION) == 0;
	const kg_value *v = rel ? kg_rel_attr(g, it->i, name) : kg_entity_attr(g, it->i, name);
	/* the claims as e:claims gives them, then picked in time order */
	luaL_getmetafield(L, 1, "__index");
	lua_getupvalue(L, -1, 1);
	lua_getfield(L, -1, "claims");
	lua_pushvalue(L, 1);
	lua_pushvalue(L, 2);
	lua_call(L, 2, 1);
	int all = lua_gettop(L);
	if (!v || v->kind != KG_V_CLAIMS)
		return 1;
	hist_item *h = lua_newuserdatauv(L, v->n * sizeof *h, 0);
	size_t n = 0;
	for (uint32_t i = 0; i < v->n; i++)
		if (v->u.claims[i].rank != KG_RANK_DEPRECATED)
			h[n++] = (hist_item){claim_day(&v->u.claims[i]), i};
	qsort(h, n, sizeof *h, hist_cmp);
	lua_createtable(L, (int)n, 0);
	for (size_t k = 0; k < n; k++) {
		lua_rawgeti(L, all, (lua_Integer)h[k].i + 1);
		lua_rawseti(L, -2, (lua_Integer)k + 1);
	}
	return 1;
}

static int entity_history(lua_State *L) { return history(L, KGL_ENTITY); }
static int rel_history(lua_State *L) { return history(L, KGL_RELATION); }

/* Adds method f as `name` to the methods of the item metatable mt (the
 * first upvalue of its __index). */
static void add_item_method(lua_State *L, const char *mt, const char *name, lua_CFunction f)
{
	luaL_getmetatable(L, mt);
	lua_getfield(L, -1, "__index");
	lua_getupvalue(L, -1, 1);
	lua_pushcfunction(L, f);
	lua_setfield(L, -2, name);
	lua_pop(L, 3);
}

void kgl_open_date(lua_State *L, int idx)
{
	idx = lua_absindex(L, idx);
	if (luaL_newmetatable(L, KGL_DATE)) {
		luaL_setfuncs(L, date_meta, 0);
		lua_createtable(L, 0, 8);
		luaL_setfuncs(L, date_methods, 0);
		lua_setfield(L, -2, "__index");
		lua_pushboolean(L, 0);
		lua_setfield(L, -2, "__metatable");
	}
	lua_pop(L, 1);
	lua_pushcfunction(L, l_date);
	lua_setfield(L, idx, "date");
	luaL_getmetatable(L, KGL_GRAPH);
	lua_getfield(L, -1, "__index");
	lua_pushcfunction(L, m_at);
	lua_setfield(L, -2, "at");
	lua_pushcfunction(L, m_date);
	lua_setfield(L, -2, "date");
	lua_pop(L, 2);
	add_item_method(L, KGL_ENTITY, "history", entity_history);
	add_item_method(L, KGL_RELATION, "history", rel_history);
}
