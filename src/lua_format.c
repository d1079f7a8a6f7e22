/* lua_format.c — how `kg eval` and `kg repl` print Lua values: raw strings
 * at the top, handles by their __tostring, tables readably with sorted keys
 * (inline when short, indented when not), cycles marked. */
#include <string.h>

#include "lua_kg.h"

#define INLINE_MAX 72   /* longest table printed on one line */
#define DEPTH_MAX 64    /* deeper tables print as {...} */

static const char *const keywords[] = {
	"and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if",
	"in", "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while", NULL,
};

static int is_name(const char *s, size_t n)
{
	if (n == 0 || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') || s[0] == '_'))
		return 0;
	for (size_t i = 1; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	for (const char *const *k = keywords; *k; k++)
		if (strlen(*k) == n && memcmp(*k, s, n) == 0)
			return 0;
	return 1;
}

/* Pushes the string at idx in double quotes with Lua escapes. */
static void push_quoted(lua_State *L, int idx)
{
	size_t n;
	const char *s = lua_tolstring(L, idx, &n);
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	luaL_addchar(&b, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"': luaL_addstring(&b, "\\\""); break;
		case '\\': luaL_addstring(&b, "\\\\"); break;
		case '\n': luaL_addstring(&b, "\\n"); break;
		case '\t': luaL_addstring(&b, "\\t"); break;
		case '\r': luaL_addstring(&b, "\\r"); break;
		default:
			if (c < 0x20 || c == 0x7f) {
				char e[8];
				int k = i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9';
				snprintf(e, sizeof e, k ? "\\%03u" : "\\%u", c);
				luaL_addstring(&b, e);
			} else {
				luaL_addchar(&b, (char)c);
			}
		}
	}
	luaL_addchar(&b, '"');
	luaL_pushresult(&b);
}

/* ------------------------------------------------------------------ */
/* Sorting keys: numbers, then strings, then booleans, then the rest     */
/* ------------------------------------------------------------------ */

static int type_rank(int t)
{
	return t == LUA_TNUMBER ? 0 : t == LUA_TSTRING ? 1 : t == LUA_TBOOLEAN ? 2 : 3;
}

/* Whether key a sorts before key b (stack indices). */
static int key_less(lua_State *L, int a, int b)
{
	int ta = type_rank(lua_type(L, a)), tb = type_rank(lua_type(L, b));
	if (ta != tb)
		return ta < tb;
	if (ta == 0 || ta == 1)
		return lua_compare(L, a, b, LUA_OPLT);
	if (ta == 2)
		return !lua_toboolean(L, a) && lua_toboolean(L, b);
	return 0;
}

static int less_at(lua_State *L, int kt, lua_Integer i, lua_Integer j)
{
	lua_rawgeti(L, kt, i);
	lua_rawgeti(L, kt, j);
	int r = key_less(L, -2, -1);
	lua_pop(L, 2);
	return r;
}

static void swap_at(lua_State *L, int kt, lua_Integer i, lua_Integer j)
{
	lua_rawgeti(L, kt, i);
	lua_rawgeti(L, kt, j);
	lua_rawseti(L, kt, i);
	lua_rawseti(L, kt, j);
}

/* Heapsort of kt[1..n]: O(n log n) whatever the keys. */
static void sort_keys(lua_State *L, int kt, lua_Integer n)
{
	for (lua_Integer start = n / 2; start >= 1; start--)
		for (lua_Integer r = start, c; (c = 2 * r) <= n; r = c) {
			if (c < n && less_at(L, kt, c, c + 1))
				c++;
			if (!less_at(L, kt, r, c))
				break;
			swap_at(L, kt, r, c);
		}
	for (lua_Integer end = n; end > 1; end--) {
		swap_at(L, kt, 1, end);
		for (lua_Integer r = 1, c; (c = 2 * r) <= end - 1; r = c) {
			if (c < end - 1 && less_at(L, kt, c, c + 1))
				c++;
			if (!less_at(L, kt, r, c))
				break;
			swap_at(L, kt, r, c);
		}
	}
}

/* ------------------------------------------------------------------ */
/* Formatting                                                          */
/* ------------------------------------------------------------------ */

static void fmt(lua_State *L, int idx, int top, int depth, int visiting);

/* Pushes "KEY = " for the key at idx. */
static void push_key(lua_State *L, int idx, int visiting, int depth)
{
	size_t n = 0;
	idx = lua_absindex(L, idx);
	const char *s = lua_type(L, idx) == LUA_TSTRING ? lua_tolstring(L, idx, &n) : NULL;
	if (s && is_name(s, n)) {
		lua_pushvalue(L, idx);
		lua_pushliteral(L, " = ");
		lua_concat(L, 2);
		return;
	}
	lua_pushliteral(L, "[");
	fmt(L, idx, 0, depth, visiting);
	lua_pushliteral(L, "] = ");
	lua_concat(L, 3);
}

/* Pushes the form of the table at idx (not on the visiting path). */
static void fmt_table(lua_State *L, int idx, int depth, int visiting)
{
	lua_Integer seq = (lua_Integer)lua_rawlen(L, idx);
	lua_newtable(L); /* the other keys */
	int kt = lua_gettop(L);
	lua_Integer nk = 0;
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		lua_pop(L, 1);
		if (lua_isinteger(L, -1) && lua_tointeger(L, -1) >= 1 && lua_tointeger(L, -1) <= seq)
			continue;
		lua_pushvalue(L, -1);
		lua_rawseti(L, kt, ++nk);
	}
	sort_keys(L, kt, nk);
	lua_newtable(L); /* the formatted entries */
	int parts = lua_gettop(L);
	size_t total = 0;
	int multiline = 0;
	for (lua_Integer i = 1; i <= seq + nk; i++) {
		if (i <= seq) {
			lua_rawgeti(L, idx, i);
			fmt(L, lua_gettop(L), 0, depth + 1, visiting);
		} else {
			lua_rawgeti(L, kt, i - seq);
			push_key(L, -1, visiting, depth + 1);
			lua_pushvalue(L, -2);
			lua_rawget(L, idx);
			fmt(L, lua_gettop(L), 0, depth + 1, visiting);
			lua_remove(L, -2);
			lua_concat(L, 2);
		}
		size_t n;
		const char *s = lua_tolstring(L, -1, &n);
		total += n + 2;
		multiline |= memchr(s, '\n', n) != NULL;
		lua_rawseti(L, parts, i);
		lua_pop(L, 1);
	}
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	if (seq + nk == 0) {
		luaL_addstring(&b, "{}");
	} else if (!multiline && total <= INLINE_MAX) {
		luaL_addchar(&b, '{');
		for (lua_Integer i = 1; i <= seq + nk; i++) {
			if (i > 1)
				luaL_addstring(&b, ", ");
			lua_rawgeti(L, parts, i);
			luaL_addvalue(&b);
		}
		luaL_addchar(&b, '}');
	} else {
		luaL_addstring(&b, "{\n");
		for (lua_Integer i = 1; i <= seq + nk; i++) {
			lua_rawgeti(L, parts, i);
			luaL_addstring(&b, "  ");
			luaL_gsub(L, lua_tostring(L, -1), "\n", "\n  ");
			lua_remove(L, -2);
			luaL_addvalue(&b);
			luaL_addstring(&b, ",\n");
		}
		luaL_addchar(&b, '}');
	}
	luaL_pushresult(&b);
	lua_replace(L, kt);
	lua_settop(L, kt);
}

/* Pushes the printed form of the value at idx (an absolute index). */
static void fmt(lua_State *L, int idx, int top, int depth, int visiting)
{
	luaL_checkstack(L, 12, "value too deeply nested");
	switch (lua_type(L, idx)) {
	case LUA_TSTRING:
		if (top)
			lua_pushvalue(L, idx);
		else
			push_quoted(L, idx);
		return;
	case LUA_TTABLE:
		if (luaL_getmetafield(L, idx, "__tostring") != LUA_TNIL ||
		    luaL_getmetafield(L, idx, "__name") != LUA_TNIL) {
			lua_pop(L, 1);
			break;
		}
		lua_pushvalue(L, idx);
		if (lua_rawget(L, visiting) != LUA_TNIL) {
			lua_pop(L, 1);
			lua_pushliteral(L, "<cycle>");
			return;
		}
		lua_pop(L, 1);
		if (depth >= DEPTH_MAX) {
			lua_pushliteral(L, "{...}");
			return;
		}
		lua_pushvalue(L, idx);
		lua_pushboolean(L, 1);
		lua_rawset(L, visiting);
		fmt_table(L, idx, depth, visiting);
		lua_pushvalue(L, idx);
		lua_pushnil(L);
		lua_rawset(L, visiting);
		return;
	default:
		break;
	}
	luaL_tolstring(L, idx, NULL);
}

void kgl_format_value(lua_State *L, int idx)
{
	idx = lua_absindex(L, idx);
	lua_newtable(L);
	fmt(L, idx, 1, 0, lua_gettop(L));
	lua_replace(L, idx);
	lua_pop(L, 1);
}

/* Registry key of the weak set of kg's iterators (kgl_mark_iterator). */
static const char iterators_key = 'i';

void kgl_mark_iterator(lua_State *L, int idx)
{
	idx = lua_absindex(L, idx);
	if (lua_rawgetp(L, LUA_REGISTRYINDEX, &iterators_key) != LUA_TTABLE) {
		lua_pop(L, 1);
		lua_createtable(L, 0, 4);
		lua_createtable(L, 0, 1);
		lua_pushliteral(L, "k");
		lua_setfield(L, -2, "__mode");
		lua_setmetatable(L, -2);
		lua_pushvalue(L, -1);
		lua_rawsetp(L, LUA_REGISTRYINDEX, &iterators_key);
	}
	lua_pushvalue(L, idx);
	lua_pushboolean(L, 1);
	lua_rawset(L, -3);
	lua_pop(L, 1);
}

/* Replaces a kg iterator at idx by a sequence of what it gives, at most
 * ITER_SHOWN items and then the string "... (more)"; anything else stays. */
#define ITER_SHOWN 50
static void expand_iterator(lua_State *L, int idx)
{
	if (lua_type(L, idx) != LUA_TFUNCTION)
		return;
	int top = lua_gettop(L), marked = 0;
	if (lua_rawgetp(L, LUA_REGISTRYINDEX, &iterators_key) == LUA_TTABLE) {
		lua_pushvalue(L, idx);
		marked = lua_rawget(L, -2) != LUA_TNIL;
	}
	lua_settop(L, top);
	if (!marked)
		return;
	lua_createtable(L, 16, 0);
	for (int k = 1;; k++) {
		lua_pushvalue(L, idx);
		lua_call(L, 0, 1);
		if (lua_isnil(L, -1)) {
			lua_pop(L, 1);
			break;
		}
		if (k > ITER_SHOWN) {
			lua_pop(L, 1);
			lua_pushliteral(L, "... (more)");
			lua_rawseti(L, -2, k);
			break;
		}
		lua_rawseti(L, -2, k);
	}
	lua_replace(L, idx);
}

int kgl_print_values(lua_State *L)
{
	int n = lua_gettop(L);
	for (int i = 1; i <= n; i++) {
		expand_iterator(L, i);
		kgl_format_value(L, i);
		size_t len;
		const char *s = lua_tolstring(L, i, &len);
		fwrite(s, 1, len, stdout);
		fputc('\n', stdout);
	}
	fflush(stdout);
	return 0;
}
