/* lua_rows_out.c — kg.Rows written for people and for other programs:
 * rows:print() (an aligned text table), rows:csv() (RFC 4180),
 * rows:tsv() (backslash escapes), rows:json() (an array of objects), each
 * to stdout or a file handle; kg.json(value), any Lua value as JSON
 * text; kg.rows(list), rows from plain tables, and kg.csv(rows), their
 * CSV text. Values as SPEC maps them: entities as type:id in text and
 * {id, type, name} in JSON, quantities as objects in JSON. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "lua_kg.h"

#define CELL_MAX 60   /* characters of a cell rows:print() shows; longer ends in "..." */
#define JSON_DEPTH 32 /* deeper tables (or cycles) are an error */

/* The FILE of the optional file handle at idx, else stdout. */
static FILE *out_file(lua_State *L, int idx)
{
	if (lua_isnoneornil(L, idx))
		return stdout;
	luaL_Stream *p = luaL_checkudata(L, idx, LUA_FILEHANDLE);
	if (!p->closef)
		luaL_argerror(L, idx, "attempt to use a closed file");
	return p->f;
}

static int finish(lua_State *L, FILE *f)
{
	if (ferror(f))
		return luaL_error(L, "cannot write the rows");
	return 0;
}

/* ------------------------------------------------------------------ */
/* Text of a value                                                     */
/* ------------------------------------------------------------------ */

static bool is_handle(lua_State *L, int idx)
{
	return luaL_testudata(L, idx, KGL_ENTITY) || luaL_testudata(L, idx, KGL_RELATION);
}

/* Whether the table at idx is a quantity (only value/approx/min/max/unit/note keys). */
static bool is_quantity(lua_State *L, int idx)
{
	static const char *const keys[] = {"value", "approx", "min", "max", "unit", "note", NULL};
	bool any = false;
	idx = lua_absindex(L, idx);
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		lua_pop(L, 1);
		const char *k = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
		size_t i = 0;
		while (k && keys[i] && strcmp(keys[i], k) != 0)
			i++;
		if (!k || !keys[i]) {
			lua_pop(L, 1);
			return false;
		}
		any = true;
	}
	return any;
}

static void push_text(lua_State *L, int idx);

/* A quantity as text: "30000", "~30000", "10..20.5", ">=10", "<=20",
 * then " unit". */
static void push_quantity_text(lua_State *L, int idx)
{
	luaL_Buffer b;
	idx = lua_absindex(L, idx);
	luaL_buffinit(L, &b);
	if (lua_getfield(L, idx, "value") != LUA_TNIL) {
		luaL_addvalue(&b);
	} else if (lua_pop(L, 1), lua_getfield(L, idx, "approx") != LUA_TNIL) {
		luaL_addchar(&b, '~');
		luaL_addvalue(&b);
	} else {
		lua_pop(L, 1);
		int hasmin = lua_getfield(L, idx, "min") != LUA_TNIL;
		int hasmax = lua_getfield(L, idx, "max") != LUA_TNIL;
		if (hasmin && hasmax) { /* stack: min, max */
			lua_insert(L, -2);
			luaL_addvalue(&b);
			luaL_addstring(&b, "..");
			luaL_addvalue(&b);
		} else if (hasmin || hasmax) {
			luaL_addstring(&b, hasmin ? ">=" : "<=");
			lua_remove(L, hasmin ? -1 : -2); /* the nil one */
			luaL_addvalue(&b);
		} else {
			lua_pop(L, 2);
		}
	}
	if (lua_getfield(L, idx, "unit") == LUA_TSTRING) {
		luaL_addchar(&b, ' ');
		luaL_addvalue(&b);
	} else {
		lua_pop(L, 1);
	}
	luaL_pushresult(&b);
}

/* Pushes the text of the value at idx: nil is "", strings as they are,
 * handles as type:id (tostring), quantities compactly, sequences as their
 * items joined by ", ", other tables as `kg eval` prints them. */
static void push_text(lua_State *L, int idx)
{
	idx = lua_absindex(L, idx);
	luaL_checkstack(L, 8, "value too deeply nested");
	switch (lua_type(L, idx)) {
	case LUA_TNIL: lua_pushliteral(L, ""); return;
	case LUA_TSTRING: lua_pushvalue(L, idx); return;
	case LUA_TTABLE: break;
	default: luaL_tolstring(L, idx, NULL); return;
	}
	if (is_quantity(L, idx)) {
		push_quantity_text(L, idx);
		return;
	}
	lua_Integer n = (lua_Integer)lua_rawlen(L, idx);
	if (n > 0) {
		luaL_Buffer b;
		luaL_buffinit(L, &b);
		for (lua_Integer i = 1; i <= n; i++) {
			if (i > 1)
				luaL_addstring(&b, ", ");
			lua_rawgeti(L, idx, i);
			if (lua_type(L, -1) == LUA_TTABLE) {
				lua_pop(L, 1);
				luaL_addstring(&b, "{...}");
				continue;
			}
			push_text(L, -1);
			lua_remove(L, -2);
			luaL_addvalue(&b);
		}
		luaL_pushresult(&b);
		return;
	}
	lua_pushvalue(L, idx);
	kgl_format_value(L, -1);
}

/* ------------------------------------------------------------------ */
/* JSON                                                                */
/* ------------------------------------------------------------------ */

static void json_value(lua_State *L, int idx, FILE *f, int depth);

static void json_str(FILE *f, const char *s)
{
	kg_json_string(f, s, strlen(s));
}

/* An entity as {"id", "type", "name"}; a relation as {"type", "from",
 * "to"} (ids) and "id" when it has one. */
static void json_handle(lua_State *L, int idx, FILE *f)
{
	bool ent = luaL_testudata(L, idx, KGL_ENTITY) != NULL;
	static const char *const ekeys[] = {"id", "type", "name", NULL};
	static const char *const rkeys[] = {"type", "from", "to", "id", NULL};
	const char *const *keys = ent ? ekeys : rkeys;
	fputc('{', f);
	int n = 0;
	for (size_t i = 0; keys[i]; i++) {
		lua_getfield(L, idx, keys[i]);
		if (lua_type(L, -1) == LUA_TUSERDATA) { /* from, to: by id */
			lua_getfield(L, -1, "id");
			lua_remove(L, -2);
		}
		if (lua_type(L, -1) == LUA_TSTRING) {
			fputs(n++ ? ", " : "", f);
			json_str(f, keys[i]);
			fputs(": ", f);
			size_t len;
			const char *s = lua_tolstring(L, -1, &len);
			kg_json_string(f, s, len);
		}
		lua_pop(L, 1);
	}
	fputc('}', f);
}

/* A key of a table as text, and where the key itself is kept. */
typedef struct tkey {
	const char *s;
	lua_Integer at; /* the key is keys[at], its text keys[at + 1] */
} tkey;

static int cmp_tkey(const void *a, const void *b)
{
	return strcmp(((const tkey *)a)->s, ((const tkey *)b)->s);
}

static void json_table(lua_State *L, int idx, FILE *f, int depth)
{
	lua_Integer n = (lua_Integer)lua_rawlen(L, idx);
	lua_Integer count = 0;
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		lua_pop(L, 1);
		count++;
	}
	if (n > 0 && n == count) { /* a sequence */
		fputc('[', f);
		for (lua_Integer i = 1; i <= n; i++) {
			fputs(i > 1 ? ", " : "", f);
			lua_rawgeti(L, idx, i);
			json_value(L, lua_gettop(L), f, depth + 1);
			lua_pop(L, 1);
		}
		fputc(']', f);
		return;
	}
	if (count == 0) {
		fputs("{}", f);
		return;
	}
	/* an object, keys as text in sorted order (keys and texts pinned) */
	lua_createtable(L, (int)(2 * count), 0);
	int keys = lua_gettop(L);
	tkey *ks = lua_newuserdatauv(L, (size_t)count * sizeof *ks, 0);
	lua_Integer k = 0;
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		lua_pop(L, 1);
		lua_pushvalue(L, -1);
		lua_rawseti(L, keys, 2 * k + 1);
		ks[k].s = luaL_tolstring(L, -1, NULL);
		ks[k].at = 2 * k + 1;
		lua_rawseti(L, keys, 2 * k + 2);
		k++;
	}
	qsort(ks, (size_t)count, sizeof *ks, cmp_tkey);
	fputc('{', f);
	for (lua_Integer i = 0; i < count; i++) {
		fputs(i ? ", " : "", f);
		json_str(f, ks[i].s);
		fputs(": ", f);
		lua_rawgeti(L, keys, ks[i].at);
		lua_rawget(L, idx);
		json_value(L, lua_gettop(L), f, depth + 1);
		lua_pop(L, 1);
	}
	fputc('}', f);
	lua_settop(L, keys - 1);
}

static void json_value(lua_State *L, int idx, FILE *f, int depth)
{
	if (depth > JSON_DEPTH)
		luaL_error(L, "json: a table nested more than %d deep (or a cycle)", JSON_DEPTH);
	luaL_checkstack(L, 8, "value too deeply nested");
	switch (lua_type(L, idx)) {
	case LUA_TNIL: fputs("null", f); return;
	case LUA_TBOOLEAN: fputs(lua_toboolean(L, idx) ? "true" : "false", f); return;
	case LUA_TNUMBER:
		if (lua_isinteger(L, idx)) {
			fprintf(f, "%lld", (long long)lua_tointeger(L, idx));
		} else {
			double d = lua_tonumber(L, idx);
			if (isfinite(d))
				fprintf(f, "%.17g", d);
			else
				fputs("null", f);
		}
		return;
	case LUA_TSTRING: {
		size_t len;
		const char *s = lua_tolstring(L, idx, &len);
		kg_json_string(f, s, len);
		return;
	}
	case LUA_TTABLE: json_table(L, idx, f, depth); return;
	default:
		if (is_handle(L, idx)) {
			json_handle(L, idx, f);
		} else {
			size_t len;
			const char *s = luaL_tolstring(L, idx, &len);
			kg_json_string(f, s, len);
			lua_pop(L, 1);
		}
	}
}

/* The memory stream kg.json writes to, owned by a userdata so that a
 * value that raises (a cycle) does not leak it. */
typedef struct mem_out {
	FILE *f;      /* NULL once closed */
	char *buf;    /* open_memstream's buffer: valid after fclose */
	size_t len;
} mem_out;

static int mem_out_gc(lua_State *L)
{
	mem_out *m = lua_touserdata(L, 1);
	if (m->f)
		fclose(m->f);
	m->f = NULL;
	free(m->buf);
	m->buf = NULL;
	return 0;
}

/* A memory stream owned by a new userdata pushed on the stack. */
static FILE *mem_open(lua_State *L, mem_out **mp)
{
	mem_out *m = lua_newuserdatauv(L, sizeof *m, 0);
	memset(m, 0, sizeof *m);
	if (luaL_newmetatable(L, "kg.MemOut")) {
		lua_pushcfunction(L, mem_out_gc);
		lua_setfield(L, -2, "__gc");
	}
	lua_setmetatable(L, -2);
	m->f = open_memstream(&m->buf, &m->len);
	if (!m->f)
		luaL_error(L, "not enough memory");
	*mp = m;
	return m->f;
}

/* Closes the stream and pushes what was written. */
static int mem_result(lua_State *L, mem_out *m)
{
	int bad = fclose(m->f);
	m->f = NULL;
	if (bad)
		return luaL_error(L, "not enough memory");
	lua_pushlstring(L, m->buf, m->len);
	free(m->buf);
	m->buf = NULL;
	return 1;
}

void kgl_json_push(lua_State *L, int idx)
{
	idx = lua_absindex(L, idx);
	mem_out *m;
	FILE *f = mem_open(L, &m);
	json_value(L, idx, f, 0);
	mem_result(L, m);
	lua_remove(L, -2); /* the stream's userdata */
}

/* kg.json(value): the JSON text of any Lua value. */
static int kg_json(lua_State *L)
{
	luaL_checkany(L, 1);
	kgl_json_push(L, 1);
	return 1;
}

/* ------------------------------------------------------------------ */
/* Rows                                                                */
/* ------------------------------------------------------------------ */

/* The cells of rows at 1 as text, into a table t[i][k] pushed on the
 * stack (row 0 the header); the header table is pushed below it. */
static void rows_text(lua_State *L)
{
	kgl_rows_header(L, 1);
	int hidx = lua_gettop(L);
	int nc = (int)lua_rawlen(L, hidx);
	lua_Integer n = (lua_Integer)lua_rawlen(L, 1);
	lua_createtable(L, (int)n + 1, 0);
	int t = lua_gettop(L);
	lua_pushvalue(L, hidx);
	lua_rawseti(L, t, 0);
	for (lua_Integer i = 1; i <= n; i++) {
		lua_createtable(L, nc, 0);
		lua_rawgeti(L, 1, i);
		for (int k = 1; k <= nc; k++) {
			lua_rawgeti(L, hidx, k);
			kgl_rows_value(L, -2, lua_tostring(L, -1));
			push_text(L, -1);
			lua_rawseti(L, -5, k);
			lua_pop(L, 2);
		}
		lua_pop(L, 1);
		lua_rawseti(L, t, i);
	}
}

/* Characters (UTF-8 code points) in s[0..n). */
static size_t chars(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xc0) != 0x80;
	return c;
}

/* Pushes s as one line of at most CELL_MAX characters: control
 * characters as spaces, "..." at the end when cut. */
static void push_cell(lua_State *L, const char *s, size_t n)
{
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	size_t c = 0, i = 0;
	for (; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if ((ch & 0xc0) != 0x80 && ++c > CELL_MAX - 3 && chars(s + i, n - i) > 3)
			break;
		luaL_addchar(&b, ch < 0x20 || ch == 0x7f ? ' ' : (char)ch);
	}
	if (i < n)
		luaL_addstring(&b, "...");
	luaL_pushresult(&b);
}

static int rows_print(lua_State *L)
{
	lua_settop(L, 2);
	FILE *f = out_file(L, 2);
	rows_text(L);
	int t = lua_gettop(L), hidx = t - 1;
	int nc = (int)lua_rawlen(L, hidx);
	lua_Integer n = (lua_Integer)lua_rawlen(L, t);
	size_t *w = lua_newuserdatauv(L, ((size_t)nc + 1) * sizeof *w, 0);
	bool *num = lua_newuserdatauv(L, (size_t)nc + 1, 0);
	for (int k = 1; k <= nc; k++) {
		w[k] = 0;
		num[k] = n > 0;
	}
	/* shorten every cell first, then measure */
	for (lua_Integer i = 0; i <= n; i++) {
		lua_rawgeti(L, t, i);
		for (int k = 1; k <= nc; k++) {
			size_t len;
			lua_rawgeti(L, -1, k);
			const char *s = lua_tolstring(L, -1, &len);
			if (i > 0 && len > 0) {
				if (lua_stringtonumber(L, s))
					lua_pop(L, 1);
				else
					num[k] = false;
			}
			push_cell(L, s, len);
			s = lua_tolstring(L, -1, &len);
			size_t c = chars(s, len);
			if (c > w[k])
				w[k] = c;
			lua_rawseti(L, -3, k);
			lua_pop(L, 1);
		}
		lua_pop(L, 1);
	}
	for (lua_Integer i = 0; i <= n; i++) {
		lua_rawgeti(L, t, i);
		size_t pend = 0; /* blanks owed */
		for (int k = 1; k <= nc; k++) {
			size_t len;
			lua_rawgeti(L, -1, k);
			const char *s = lua_tolstring(L, -1, &len);
			size_t pad = w[k] - chars(s, len);
			bool right = num[k] && i > 0;
			/* blanks are written only before text: no trailing ones */
			pend += (k > 1 ? 2 : 0) + (right ? pad : 0);
			if (len) {
				for (; pend; pend--)
					fputc(' ', f);
				fwrite(s, 1, len, f);
			}
			pend += right ? 0 : pad;
			lua_pop(L, 1);
		}
		fputc('\n', f);
		lua_pop(L, 1);
		if (i == 0) {
			for (int k = 1; k <= nc; k++) {
				if (k > 1)
					fputs("  ", f);
				for (size_t p = 0; p < w[k]; p++)
					fputc('-', f);
			}
			fputc('\n', f);
		}
	}
	fprintf(f, "(%lld row%s)\n", (long long)n, n == 1 ? "" : "s");
	return finish(L, f);
}

/* CSV (RFC 4180): CRLF line ends; a field with a comma, quote, CR or LF
 * in double quotes, its quotes doubled. */
static void csv_field(FILE *f, const char *s, size_t n)
{
	if (!memchr(s, ',', n) && !memchr(s, '"', n) && !memchr(s, '\r', n) && !memchr(s, '\n', n)) {
		fwrite(s, 1, n, f);
		return;
	}
	fputc('"', f);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			fputc('"', f);
		fputc(s[i], f);
	}
	fputc('"', f);
}

/* TSV: tab, newline, CR and backslash written as \t, \n, \r, \\. */
static void tsv_field(FILE *f, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '\t': fputs("\\t", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\\': fputs("\\\\", f); break;
		default: fputc(s[i], f);
		}
	}
}

/* Writes the rows at 1 to f as CSV or TSV. */
static void write_sep_to(lua_State *L, FILE *f, bool csv)
{
	rows_text(L);
	int t = lua_gettop(L);
	int nc = (int)lua_rawlen(L, t - 1);
	lua_Integer n = (lua_Integer)lua_rawlen(L, t);
	for (lua_Integer i = 0; i <= n; i++) {
		lua_rawgeti(L, t, i);
		for (int k = 1; k <= nc; k++) {
			size_t len;
			lua_rawgeti(L, -1, k);
			const char *s = lua_tolstring(L, -1, &len);
			if (k > 1)
				fputc(csv ? ',' : '\t', f);
			if (csv)
				csv_field(f, s, len);
			else
				tsv_field(f, s, len);
			lua_pop(L, 1);
		}
		fputs(csv ? "\r\n" : "\n", f);
		lua_pop(L, 1);
	}
	lua_pop(L, 2);
}

static int write_sep(lua_State *L, bool csv)
{
	lua_settop(L, 2);
	FILE *f = out_file(L, 2);
	write_sep_to(L, f, csv);
	return finish(L, f);
}

static int rows_csv(lua_State *L) { return write_sep(L, true); }
static int rows_tsv(lua_State *L) { return write_sep(L, false); }

/* [{"col": value, ...}, ...] with the columns in header order, a row a line. */
static int rows_json(lua_State *L)
{
	lua_settop(L, 2);
	FILE *f = out_file(L, 2);
	kgl_rows_header(L, 1);
	int hidx = lua_gettop(L);
	int nc = (int)lua_rawlen(L, hidx);
	lua_Integer n = (lua_Integer)lua_rawlen(L, 1);
	fputs(n ? "[\n" : "[]\n", f);
	for (lua_Integer i = 1; i <= n; i++) {
		lua_rawgeti(L, 1, i);
		fputs("  {", f);
		for (int k = 1; k <= nc; k++) {
			lua_rawgeti(L, hidx, k);
			const char *key = lua_tostring(L, -1);
			fputs(k > 1 ? ", " : "", f);
			json_str(f, key);
			fputs(": ", f);
			kgl_rows_value(L, -2, key);
			json_value(L, lua_gettop(L), f, 1);
			lua_pop(L, 2);
		}
		fputs(i < n ? "},\n" : "}\n]\n", f);
		lua_pop(L, 1);
	}
	return finish(L, f);
}

/* ------------------------------------------------------------------ */
/* kg.rows, kg.csv                                                     */
/* ------------------------------------------------------------------ */

#define ROWS_MAX_COLUMNS 1000 /* kg.rows: columns found in the rows' keys */

static int by_string(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Replaces the value at idx with a kg.Rows: kept when it is one; a
 * sequence of tables gives rows of those tables (the same tables) with
 * the columns in `cols` (a sequence of names) or, when cols is 0, every
 * string key the tables have, sorted. */
static void to_rows(lua_State *L, int idx, int cols)
{
	idx = lua_absindex(L, idx);
	luaL_checktype(L, idx, LUA_TTABLE);
	if (lua_getmetatable(L, idx)) {
		luaL_getmetatable(L, KGL_ROWS);
		int same = lua_rawequal(L, -1, -2);
		lua_pop(L, 2);
		if (same)
			return;
		luaL_argerror(L, idx, "a kg.Rows or a sequence of tables expected");
	}
	lua_Integer n = (lua_Integer)lua_rawlen(L, idx);
	for (lua_Integer i = 1; i <= n; i++)
		if (lua_rawgeti(L, idx, i) != LUA_TTABLE)
			luaL_argerror(L, idx, lua_pushfstring(L, "row %I is a %s, not a table", i,
							      luaL_typename(L, -1)));
		else
			lua_pop(L, 1);
	/* the column names, anchored in a table at `names` */
	lua_createtable(L, 8, 0);
	int names = lua_gettop(L);
	size_t nc = 0;
	if (cols) {
		cols = lua_absindex(L, cols);
		luaL_checktype(L, cols, LUA_TTABLE);
		nc = (size_t)lua_rawlen(L, cols);
		for (size_t k = 1; k <= nc; k++) {
			if (lua_rawgeti(L, cols, (lua_Integer)k) != LUA_TSTRING)
				luaL_argerror(L, cols, "column names must be strings");
			lua_rawseti(L, names, (lua_Integer)k);
		}
	} else {
		lua_createtable(L, 0, 8); /* seen */
		for (lua_Integer i = 1; i <= n; i++) {
			lua_rawgeti(L, idx, i);
			for (lua_pushnil(L); lua_next(L, -2); lua_pop(L, 1)) {
				if (lua_type(L, -2) != LUA_TSTRING)
					continue;
				lua_pushvalue(L, -2);
				if (lua_rawget(L, -5) == LUA_TNIL) {
					if (nc >= ROWS_MAX_COLUMNS)
						luaL_error(L, "kg.rows: more than %d columns", ROWS_MAX_COLUMNS);
					lua_pushvalue(L, -3);
					lua_pushboolean(L, 1);
					lua_rawset(L, -7);
					lua_pushvalue(L, -3);
					lua_rawseti(L, names, (lua_Integer)++nc);
				}
				lua_pop(L, 1);
			}
			lua_pop(L, 1);
		}
		lua_pop(L, 1);
	}
	const char **v = lua_newuserdatauv(L, (nc ? nc : 1) * sizeof *v, 0);
	for (size_t k = 0; k < nc; k++) {
		lua_rawgeti(L, names, (lua_Integer)k + 1);
		v[k] = lua_tostring(L, -1); /* anchored in names */
		lua_pop(L, 1);
	}
	if (!cols)
		qsort(v, nc, sizeof *v, by_string);
	lua_pushnil(L); /* no graph: rows:view() has nothing to draw from */
	kgl_rows_new(L, v, nc, -1);
	lua_remove(L, -2);
	for (lua_Integer i = 1; i <= n; i++) {
		lua_rawgeti(L, idx, i);
		lua_rawseti(L, -2, i);
	}
	lua_replace(L, idx);
	lua_pop(L, 2);
}

/* kg.rows(list [, columns]) */
static int kg_rows(lua_State *L)
{
	lua_settop(L, 2);
	to_rows(L, 1, lua_isnil(L, 2) ? 0 : 2);
	lua_settop(L, 1);
	return 1;
}

/* kg.csv(rows or list): the CSV text (RFC 4180). */
static int kg_csv(lua_State *L)
{
	lua_settop(L, 1);
	to_rows(L, 1, 0);
	mem_out *m;
	FILE *f = mem_open(L, &m);
	int top = lua_gettop(L);
	write_sep_to(L, f, true);
	lua_settop(L, top);
	return mem_result(L, m);
}

static const luaL_Reg methods[] = {
	{"print", rows_print}, {"csv", rows_csv}, {"tsv", rows_tsv}, {"json", rows_json}, {NULL, NULL},
};

void kgl_open_rows_out(lua_State *L, int idx)
{
	idx = lua_absindex(L, idx);
	luaL_getmetatable(L, KGL_ROWS);
	lua_getfield(L, -1, "__methods");
	luaL_setfuncs(L, methods, 0);
	lua_pop(L, 2);
	lua_pushcfunction(L, kg_json);
	lua_setfield(L, idx, "json");
	lua_pushcfunction(L, kg_csv);
	lua_setfield(L, idx, "csv");
	lua_pushcfunction(L, kg_rows);
	lua_setfield(L, idx, "rows");
}
