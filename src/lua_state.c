/* lua_state.c — states that run user scripts: the counting allocator,
 * the sandbox (the Redis model), the time limit and running a chunk. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <lualib.h>

#include "lua_kg.h"

/* What a state made here carries beside Lua's own data: its allocator's
 * user data, found again through lua_getallocf. Owned by the state's
 * creator, freed by kgl_close_state after lua_close. */
typedef struct kgl_ctl {
	size_t used;      /* bytes the state holds */
	size_t limit;     /* 0: none */
	double timeout;   /* seconds per run, 0: none */
	double deadline;  /* monotonic seconds at which the running chunk stops; 0: not running */
	lua_State *L;     /* the main thread, for the allocator to arm the hook */
	int tripped;      /* the time limit fired: every line raises again */
	int sandbox;
	char *outdir;     /* sandbox: real path of the only writable directory, or NULL */
	int warn_on;      /* warn("@on") was called */
	int warn_cont;    /* a warning is being continued (tocont) */
	kg_date at;       /* `graph` is the graph at this date (--as-of); year 0: whole */
} kgl_ctl;

/* Out-of-memory policy: past the limit the allocator refuses, Lua raises
 * "not enough memory" in the script, and freeing or shrinking always
 * succeeds (Lua requires it). */
static void time_hook(lua_State *L, lua_Debug *ar);

/* A big allocation past the deadline arms the hook to raise at the next
 * instruction: one instruction (string.rep of megabytes) can outlast
 * thousands of cheap ones, so the count hook alone is not enough. */
static void check_deadline(kgl_ctl *c, size_t nsize)
{
	if (c->deadline > 0 && !c->tripped && c->L && nsize >= ((size_t)64 << 10) &&
	    kgl_now() >= c->deadline) {
		c->tripped = 1;
		lua_sethook(c->L, time_hook, LUA_MASKLINE | LUA_MASKCOUNT, 1);
	}
}

static void *ctl_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	kgl_ctl *c = ud;
	check_deadline(c, nsize);
	size_t old = ptr ? osize : 0;
	if (nsize == 0) {
		free(ptr);
		c->used -= old;
		return NULL;
	}
	if (c->limit && nsize > old && c->used - old + nsize > c->limit)
		return NULL;
	void *p = realloc(ptr, nsize);
	if (p)
		c->used = c->used - old + nsize;
	return p;
}

/* Our control block, or NULL for a state made elsewhere (kg.so loaded by
 * the stock interpreter). */
static kgl_ctl *ctl_of(lua_State *L)
{
	void *ud;
	return lua_getallocf(L, &ud) == ctl_alloc ? ud : NULL;
}

static int on_panic(lua_State *L)
{
	const char *msg = lua_tostring(L, -1);
	fprintf(stderr, "kg: unprotected Lua error: %s\n", msg ? msg : "(not a string)");
	fflush(stderr);
	return 0; /* Lua aborts */
}

/* warn(): off until "@on", as in the stock interpreter. */
static void on_warn(void *ud, const char *msg, int tocont)
{
	kgl_ctl *c = ctl_of(ud);
	if (!c)
		return;
	if (!c->warn_cont && *msg == '@') {
		if (strcmp(msg, "@on") == 0)
			c->warn_on = 1;
		else if (strcmp(msg, "@off") == 0)
			c->warn_on = 0;
		return;
	}
	if (c->warn_on) {
		if (!c->warn_cont)
			fputs("Lua warning: ", stderr);
		fputs(msg, stderr);
		if (!tocont)
			fputc('\n', stderr);
	}
	c->warn_cont = tocont;
}

double kgl_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ------------------------------------------------------------------ */
/* The sandbox                                                         */
/* ------------------------------------------------------------------ */

int kgl_check_path(lua_State *L, const char *path)
{
	kgl_ctl *c = ctl_of(L);
	if (!c || !c->sandbox) {
		lua_pushstring(L, path);
		return 1;
	}
	if (!c->outdir) {
		lua_pushfstring(L, "%s: file access is not allowed in the sandbox", path);
		return 0;
	}
	for (const char *p = path; *p;) { /* no ".." component anywhere */
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			lua_pushfstring(L, "%s: '..' is not allowed in the sandbox", path);
			return 0;
		}
		p += n + (e != NULL);
	}
	size_t dl = strlen(c->outdir);
	if (path[0] == '/') {
		if (strncmp(path, c->outdir, dl) != 0 || (path[dl] != '/' && path[dl] != '\0')) {
			lua_pushfstring(L, "%s: outside the output directory", path);
			return 0;
		}
		lua_pushstring(L, path);
	} else {
		lua_pushfstring(L, "%s/%s", c->outdir, path);
	}
	/* a symlink planted in the directory must not lead outside it */
	const char *full = lua_tostring(L, -1);
	struct stat st;
	if (lstat(full, &st) == 0 && S_ISLNK(st.st_mode)) {
		lua_pop(L, 1);
		lua_pushfstring(L, "%s: symbolic links are not followed in the sandbox", path);
		return 0;
	}
	char *slash = strrchr(full, '/'), real[PATH_MAX];
	lua_pushlstring(L, full, (size_t)(slash - full));
	const char *dir = lua_tostring(L, -1);
	int inside = realpath(dir, real) && strncmp(real, c->outdir, dl) == 0 &&
		     (real[dl] == '/' || real[dl] == '\0');
	lua_pop(L, 1);
	if (!inside) {
		lua_pop(L, 1);
		lua_pushfstring(L, "%s: outside the output directory", path);
		return 0;
	}
	return 1;
}

/* io.open, io.lines, io.input, io.output with a path checked first;
 * upvalue 1 is the original function. Non-string first arguments (files,
 * nothing) pass through. */
static int io_checked(lua_State *L)
{
	int n = lua_gettop(L);
	if (lua_type(L, 1) == LUA_TSTRING) {
		if (!kgl_check_path(L, lua_tostring(L, 1))) {
			lua_pushnil(L);
			lua_insert(L, -2);
			lua_pushinteger(L, EACCES);
			return 3;
		}
		lua_replace(L, 1);
	}
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, n, LUA_MULTRET);
	return lua_gettop(L);
}

/* kg.render with its `output` file checked like io.open; upvalue 1 is the
 * original. The options table is copied, never changed in place. */
static int render_checked(lua_State *L)
{
	lua_settop(L, 2);
	if (lua_type(L, 2) == LUA_TTABLE && lua_getfield(L, 2, "output") == LUA_TSTRING) {
		if (!kgl_check_path(L, lua_tostring(L, 3)))
			return luaL_error(L, "kg.render: %s", lua_tostring(L, -1));
		lua_newtable(L);
		lua_pushnil(L);
		while (lua_next(L, 2)) {
			lua_pushvalue(L, -2);
			lua_insert(L, -2);
			lua_rawset(L, -4);
		}
		lua_insert(L, -2);
		lua_setfield(L, -2, "output");
		lua_replace(L, 2);
	}
	lua_settop(L, 2);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, 2, LUA_MULTRET);
	return lua_gettop(L);
}

/* load() that refuses binary chunks whatever mode is asked. */
static int load_text(lua_State *L)
{
	int n = lua_gettop(L);
	if (n < 2) /* so that index 2 below is the chunk name, not the pushed load */
		lua_settop(L, n = 2);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_pushvalue(L, 1);
	lua_pushvalue(L, 2);
	lua_pushliteral(L, "t");
	if (n >= 4)
		lua_pushvalue(L, 4);
	lua_call(L, n >= 4 ? 4 : 3, LUA_MULTRET);
	return lua_gettop(L) - n;
}

static void wrap(lua_State *L, int tidx, const char *name, lua_CFunction f)
{
	lua_getfield(L, tidx, name);
	lua_pushcclosure(L, f, 1);
	lua_setfield(L, tidx, name);
}

/* ------------------------------------------------------------------ */
/* The sandbox's library set: an allow list                            */
/* ------------------------------------------------------------------ */

/* What a sandboxed script gets of each library: exactly these fields, in
 * fresh tables (the Redis model: never a full library with parts cut
 * out, so that a function a future Lua adds is not allowed by default).
 * The package library is never opened. Batch adds its own functions on
 * top (print, os.exit, confined dofile/loadfile/os.remove/os.rename,
 * kg.output, and stand-ins that name what is refused). */
static const char *const base_ok[] = {
	"_VERSION", "assert", "collectgarbage", "error", "getmetatable", "ipairs", "load", "next",
	"pairs", "pcall", "print", "rawequal", "rawget", "rawlen", "rawset", "select",
	"setmetatable", "tonumber", "tostring", "type", "warn", "xpcall", NULL};
static const char *const coroutine_ok[] = {
	"close", "create", "isyieldable", "resume", "running", "status", "wrap", "yield", NULL};
static const char *const table_ok[] = {
	"concat", "insert", "move", "pack", "remove", "sort", "unpack", NULL};
static const char *const io_ok[] = {
	"close", "flush", "input", "lines", "open", "output", "read", "stderr", "stdin", "stdout",
	"type", "write", NULL};
static const char *const os_ok[] = {"clock", "date", "difftime", "exit", "time", NULL};
static const char *const string_ok[] = {
	"byte", "char", "find", "format", "gmatch", "gsub", "len", "lower", "match", "pack",
	"packsize", "rep", "reverse", "sub", "unpack", "upper", NULL};
static const char *const math_ok[] = {
	"abs", "acos", "asin", "atan", "ceil", "cos", "deg", "exp", "floor", "fmod", "huge", "log",
	"max", "maxinteger", "min", "mininteger", "modf", "pi", "rad", "random", "randomseed",
	"sin", "sqrt", "tan", "tointeger", "type", "ult", NULL};
static const char *const utf8_ok[] = {
	"char", "charpattern", "codepoint", "codes", "len", "offset", NULL};

static const struct sandbox_lib {
	const char *name;
	lua_CFunction open;
	const char *const *fields;
} sandbox_libs[] = {
	{LUA_COLIBNAME, luaopen_coroutine, coroutine_ok}, {LUA_TABLIBNAME, luaopen_table, table_ok},
	{LUA_IOLIBNAME, luaopen_io, io_ok}, {LUA_OSLIBNAME, luaopen_os, os_ok},
	{LUA_STRLIBNAME, luaopen_string, string_ok}, {LUA_MATHLIBNAME, luaopen_math, math_ok},
	{LUA_UTF8LIBNAME, luaopen_utf8, utf8_ok}, {NULL, NULL, NULL},
};

/* Copies the listed fields of the table at from into a new table, which
 * is left on the stack. */
static void copy_allowed(lua_State *L, int from, const char *const *fields)
{
	from = lua_absindex(L, from);
	lua_newtable(L);
	for (; *fields; fields++) {
		lua_getfield(L, from, *fields);
		lua_setfield(L, -2, *fields);
	}
}

/* require in the sandbox: what is loaded or preloaded (kg), nothing from
 * files or C libraries. */
static int sandbox_require(lua_State *L)
{
	const char *name = luaL_checkstring(L, 1);
	lua_settop(L, 1);
	luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
	if (lua_getfield(L, 2, name) != LUA_TNIL)
		return 1;
	luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
	if (lua_getfield(L, 4, name) == LUA_TNIL)
		return luaL_error(L, "module '%s' not found (the sandbox loads no files)", name);
	lua_pushvalue(L, 1);
	lua_call(L, 1, 1);
	if (lua_isnil(L, -1)) {
		lua_pop(L, 1);
		lua_pushboolean(L, 1);
	}
	lua_pushvalue(L, -1);
	lua_setfield(L, 2, name);
	return 1;
}

/* Builds the sandbox's globals from the allow lists and makes them the
 * state's globals (what every chunk loaded from now on sees). */
static void open_sandboxed(lua_State *L)
{
	luaL_requiref(L, LUA_GNAME, luaopen_base, 0); /* the stock globals */
	int stock = lua_gettop(L);
	copy_allowed(L, stock, base_ok);
	int G = lua_gettop(L);
	wrap(L, G, "load", load_text);
	lua_pushvalue(L, G);
	lua_setfield(L, G, LUA_GNAME);
	luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
	int loaded = lua_gettop(L);
	for (const struct sandbox_lib *l = sandbox_libs; l->name; l++) {
		luaL_requiref(L, l->name, l->open, 0);
		copy_allowed(L, -1, l->fields);
		lua_pushvalue(L, -1);
		lua_setfield(L, G, l->name);
		lua_setfield(L, loaded, l->name); /* require "string" gives the allowed one */
		lua_pop(L, 1);
	}
	lua_pushvalue(L, G);
	lua_setfield(L, loaded, LUA_GNAME);
	lua_getfield(L, G, LUA_IOLIBNAME);
	static const char *const io_paths[] = {"open", "lines", "input", "output", NULL};
	for (const char *const *f = io_paths; *f; f++)
		wrap(L, lua_gettop(L), *f, io_checked);
	lua_pop(L, 1);
	/* methods of strings ("x"):rep() come from the allowed table */
	lua_pushliteral(L, "");
	if (lua_getmetatable(L, -1)) {
		lua_getfield(L, G, LUA_STRLIBNAME);
		lua_setfield(L, -2, "__index");
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	lua_pushcfunction(L, sandbox_require);
	lua_setfield(L, G, "require");
	lua_newtable(L); /* package: only where require looks */
	lua_pushvalue(L, loaded);
	lua_setfield(L, -2, "loaded");
	luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
	lua_setfield(L, -2, "preload");
	lua_setfield(L, G, "package");
	lua_pushvalue(L, G);
	lua_rawseti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
	lua_settop(L, stock - 1);
}

static int setup(lua_State *L)
{
	kg_graph *g = lua_touserdata(L, 1);
	kgl_ctl *c = ctl_of(L);
	if (c->sandbox)
		open_sandboxed(L);
	else
		luaL_openlibs(L);
	if (!c->sandbox) { /* in the sandbox a fresh copy would undo the cuts below */
		luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
		lua_pushcfunction(L, luaopen_kg);
		lua_setfield(L, -2, "kg");
		lua_pop(L, 1);
	}
	luaL_requiref(L, "kg", luaopen_kg, 1);
	lua_pop(L, 1);
	if (c->sandbox) { /* the graph comes from the runner, not from files */
		lua_getglobal(L, "kg");
		lua_pushnil(L);
		lua_setfield(L, -2, "load");
		if (lua_getfield(L, -1, "render") == LUA_TFUNCTION) {
			lua_pushcclosure(L, render_checked, 1);
			lua_setfield(L, -2, "render");
		} else {
			lua_pop(L, 1);
		}
		lua_pop(L, 1);
	}
	if (g) {
		kgl_push_graph(L, g, 0);
		if (c->at.year)
			kgl_graph_at(L, -1, c->at);
		lua_setglobal(L, "graph");
	}
	return 0;
}

lua_State *kgl_new_state(kg_graph *g, const kgl_state_opts *o)
{
	kgl_ctl *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	if (o) {
		c->limit = o->memory_limit;
		c->timeout = o->timeout;
		c->sandbox = o->sandbox;
		c->at = o->at;
		if (o->sandbox && o->output_dir) {
			c->outdir = realpath(o->output_dir, NULL);
			if (!c->outdir) {
				free(c);
				return NULL;
			}
		}
	}
	lua_State *L = lua_newstate(ctl_alloc, c);
	if (!L) {
		free(c->outdir);
		free(c);
		return NULL;
	}
	c->L = L;
	lua_atpanic(L, on_panic);
	lua_setwarnf(L, on_warn, L);
	lua_pushcfunction(L, setup);
	lua_pushlightuserdata(L, g);
	if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
		kgl_close_state(&L);
		return NULL;
	}
	return L;
}

void kgl_close_state(lua_State **Lp)
{
	if (!Lp || !*Lp)
		return;
	kgl_ctl *c = ctl_of(*Lp);
	lua_close(*Lp);
	*Lp = NULL;
	if (c) {
		free(c->outdir);
		free(c);
	}
}

/* ------------------------------------------------------------------ */
/* Running a chunk                                                     */
/* ------------------------------------------------------------------ */

/* Fires every 1,000 instructions (one instruction may copy megabytes, so
 * 100,000 of them can take minutes; reading the clock this often costs
 * under 1%); once past the deadline it raises and
 * re-arms itself on every line, so a pcall in the script cannot swallow
 * the timeout. */
static void time_hook(lua_State *L, lua_Debug *ar)
{
	(void)ar;
	kgl_ctl *c = ctl_of(L);
	if (!c || !c->timeout)
		return;
	if (!c->tripped) {
		if (kgl_now() < c->deadline)
			return;
		c->tripped = 1;
		lua_sethook(L, time_hook, LUA_MASKLINE | LUA_MASKCOUNT, 1);
	}
	luaL_error(L, "script timed out (limit %f s)", c->timeout);
}

/* The message handler: the message (or a description of a non-string
 * error) plus the traceback, as the stock interpreter prints them. */
static int traceback(lua_State *L)
{
	const char *msg = lua_tostring(L, 1);
	if (!msg) {
		if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
			msg = lua_tostring(L, -1);
		else
			msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
	}
	luaL_traceback(L, L, msg, 1);
	return 1;
}

int kgl_run_chunk(lua_State *L, const char *buf, size_t len, const char *chunkname,
		  int argc, char **argv, int *nresults)
{
	int base = lua_gettop(L);
	*nresults = 0;
	if (len && buf[0] == '#') { /* skip a "#!" line, keeping its newline for line numbers */
		const char *nl = memchr(buf, '\n', len);
		len = nl ? len - (size_t)(nl - buf) : 0;
		buf = nl ? nl : buf + len;
	}
	if (!lua_checkstack(L, argc + 4))
		return LUA_ERRMEM;
	lua_pushcfunction(L, traceback);
	int st = luaL_loadbufferx(L, buf, len, chunkname, "t");
	if (st != LUA_OK) {
		lua_remove(L, base + 1);
		return st;
	}
	lua_createtable(L, argc, 0);
	for (int i = 0; i < argc; i++) {
		lua_pushstring(L, argv[i]);
		lua_rawseti(L, -2, i);
	}
	lua_setglobal(L, "arg");
	for (int i = 1; i < argc; i++)
		lua_pushstring(L, argv[i]);
	kgl_ctl *c = ctl_of(L);
	if (c && c->timeout > 0) {
		c->deadline = kgl_now() + c->timeout;
		c->tripped = 0;
		lua_sethook(L, time_hook, LUA_MASKCOUNT, 1000);
	}
	st = lua_pcall(L, argc > 0 ? argc - 1 : 0, LUA_MULTRET, base + 1);
	if (c && c->timeout > 0) {
		lua_sethook(L, NULL, 0, 0);
		c->deadline = 0;
	}
	lua_remove(L, base + 1);
	if (st == LUA_OK)
		*nresults = lua_gettop(L) - base;
	return st;
}
