/* batch.c — the batch runner: a queue of scripts served by worker threads,
 * each script in a fresh Lua state over the same borrowed graph, with its
 * own standard output, os.exit that ends only the script, kg.output files
 * written atomically, and the sandbox's last gaps closed. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <lualib.h>

#include "batch.h"
#include "lua_kg.h"

/* One output file of a script: written under a temporary name, renamed
 * into place when the script ends (kg.output files: only if it passed). */
typedef struct outfile {
	char *tmp;   /* the temporary path, O_EXCL-created */
	char *final; /* where it goes */
	int err;     /* errno of a failed write or close; 0 when fine */
} outfile;

typedef struct runner runner;

/* The state of one script while it runs; lives on its worker's stack.
 * Reached from Lua through the registry (job_key). */
typedef struct job {
	const runner *r;
	const char *path;   /* the script */
	kgb_result *res;
	FILE *out;          /* standard output: a cookie stream (out_write) */
	int out_fd;         /* the temporary NAME.out file, or -1 */
	outfile stdout_file; /* NAME.out when there is an output directory */
	char *kept;         /* kept standard output (keep_output), malloc'd */
	size_t kept_len, kept_cap, dropped;
	outfile *files;     /* kg.output files */
	size_t nfiles, files_cap;
	int exiting;        /* os.exit was called: every instruction raises */
	int exit_status;
	double deadline;    /* for batch_hook while formatting; 0 = none */
	int hook_timed_out; /* batch_hook stopped the formatting */
} job;

struct runner {
	kg_graph *g;
	const char *const *scripts;
	size_t n;
	kgb_result *results;
	const kgb_opts *o;
	char **outnames;       /* NAME.out of every script, when there is an output dir */
	pthread_mutex_t lock;  /* guards next, done and the progress callback */
	size_t next, done;
};

static const char job_key = 'j'; /* registry key of the running job */

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static job *job_of(lua_State *L)
{
	lua_rawgetp(L, LUA_REGISTRYINDEX, &job_key);
	job *j = lua_touserdata(L, -1);
	lua_pop(L, 1);
	return j;
}

/* A malloc'd "a/b" (or copy of a when b is NULL); NULL when out of memory. */
static char *path_join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = b ? strlen(b) : 0;
	char *p = malloc(la + lb + 2);
	if (!p)
		return NULL;
	memcpy(p, a, la);
	if (b) {
		p[la] = '/';
		memcpy(p + la + 1, b, lb);
		la += lb + 1;
	}
	p[la] = '\0';
	return p;
}

char *kgb_output_name(const char *script)
{
	const char *base = strrchr(script, '/');
	base = base ? base + 1 : script;
	size_t n = strlen(base);
	if (n > 4 && strcmp(base + n - 4, ".lua") == 0)
		n -= 4;
	char *s = malloc(n + 5);
	if (s) {
		memcpy(s, base, n);
		memcpy(s + n, ".out", 5);
	}
	return s;
}

/* Creates a fresh temporary file beside `final` for writing; returns its
 * fd and sets *tmp (malloc'd), or -1 with errno set. */
static int open_temp(const char *final, char **tmp)
{
	static unsigned counter; /* only makes names differ; O_EXCL guards */
	const char *slash = strrchr(final, '/');
	size_t dl = slash ? (size_t)(slash - final) + 1 : 0, len = strlen(final) + 64;
	char *t = malloc(len);
	if (!t) {
		errno = ENOMEM;
		return -1;
	}
	for (int try = 0; try < 100; try++) {
		snprintf(t, len, "%.*s.%s.tmp.%ld.%u", (int)dl, final, final + dl, (long)getpid(),
			 __atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED));
		int fd = open(t, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd >= 0) {
			*tmp = t;
			return fd;
		}
		if (errno != EEXIST)
			break;
	}
	int e = errno;
	free(t);
	errno = e;
	return -1;
}

static int write_all(int fd, const char *buf, size_t size)
{
	while (size) {
		ssize_t w = write(fd, buf, size);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		buf += w;
		size -= (size_t)w;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Standard streams of a script                                        */
/* ------------------------------------------------------------------ */

/* The script's stdout: to its NAME.out file, and the first
 * KGB_KEEP_OUTPUT bytes into memory when the report shows them. */
static ssize_t out_write(void *cookie, const char *buf, size_t size)
{
	job *j = cookie;
	if (j->out_fd >= 0 && !j->stdout_file.err && write_all(j->out_fd, buf, size) < 0)
		j->stdout_file.err = errno ? errno : EIO;
	if (j->stdout_file.err) {
		errno = j->stdout_file.err;
		return 0;
	}
	if (j->r->o->keep_output) {
		size_t room = KGB_KEEP_OUTPUT - j->kept_len, take = size < room ? size : room;
		if (take && j->kept_len + take > j->kept_cap) {
			size_t cap = j->kept_cap ? j->kept_cap : 4096;
			while (cap < j->kept_len + take)
				cap *= 2;
			char *k = realloc(j->kept, cap);
			if (!k)
				take = 0;
			else {
				j->kept = k;
				j->kept_cap = cap;
			}
		}
		memcpy(j->kept + j->kept_len, buf, take);
		j->kept_len += take;
		j->dropped += size - take;
	}
	return (ssize_t)size;
}

/* A batch script has no standard input: it reads as empty, never blocks. */
static ssize_t in_read(void *cookie, char *buf, size_t size)
{
	(void)cookie;
	(void)buf;
	(void)size;
	return 0;
}

/* closef of io.stdin / io.stdout: they stay open, as in liolib. */
static int std_noclose(lua_State *L)
{
	luaL_Stream *p = luaL_checkudata(L, 1, LUA_FILEHANDLE);
	p->closef = std_noclose;
	luaL_pushfail(L);
	lua_pushliteral(L, "cannot close standard file");
	return 2;
}

/* Pushes a Lua file handle for f, made closed first so that a failure to
 * set it up leaves nothing to close. */
static luaL_Stream *push_stream(lua_State *L, size_t size, FILE *f, lua_CFunction closef)
{
	luaL_Stream *p = lua_newuserdatauv(L, size, 0);
	p->closef = NULL;
	p->f = NULL;
	luaL_setmetatable(L, LUA_FILEHANDLE);
	p->f = f;
	p->closef = closef;
	return p;
}

/* print() into the script's stdout, formatted as the stock print. */
static int batch_print(lua_State *L)
{
	job *j = job_of(L);
	int n = lua_gettop(L);
	for (int i = 1; i <= n; i++) {
		size_t len;
		const char *s = luaL_tolstring(L, i, &len);
		if (i > 1)
			fputc('\t', j->out);
		fwrite(s, 1, len, j->out);
		lua_pop(L, 1);
	}
	fputc('\n', j->out);
	if (ferror(j->out))
		return luaL_error(L, "print: cannot write the standard output: %s",
				  strerror(j->stdout_file.err ? j->stdout_file.err : EIO));
	return 0;
}

/* ------------------------------------------------------------------ */
/* os.exit and the runner's hook                                        */
/* ------------------------------------------------------------------ */

/* Once os.exit was called it raises on every instruction, so no pcall in
 * the script can swallow the exit; while the return values are being
 * formatted it also enforces the time limit. */
static void batch_hook(lua_State *L, lua_Debug *ar)
{
	(void)ar;
	job *j = job_of(L);
	if (!j)
		return;
	if (j->exiting)
		luaL_error(L, "os.exit(%d)", j->exit_status);
	if (j->deadline > 0 && now() >= j->deadline) {
		j->hook_timed_out = 1;
		lua_sethook(L, batch_hook, LUA_MASKLINE | LUA_MASKCOUNT, 1);
		luaL_error(L, "script timed out");
	}
}

/* os.exit([code [, close]]) ends the script, never the batch. */
static int batch_exit(lua_State *L)
{
	job *j = job_of(L);
	int status;
	if (lua_isboolean(L, 1))
		status = lua_toboolean(L, 1) ? 0 : 1;
	else
		status = (int)luaL_optinteger(L, 1, 0);
	j->exiting = 1;
	j->exit_status = status;
	lua_sethook(L, batch_hook, LUA_MASKLINE | LUA_MASKCOUNT, 1);
	lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_MAINTHREAD);
	lua_State *main = lua_tothread(L, -1);
	if (main && main != L)
		lua_sethook(main, batch_hook, LUA_MASKLINE | LUA_MASKCOUNT, 1);
	return luaL_error(L, "os.exit(%d)", status);
}

/* ------------------------------------------------------------------ */
/* kg.output                                                           */
/* ------------------------------------------------------------------ */

/* A kg.output handle: a standard Lua file whose close records errors. */
typedef struct outstream {
	luaL_Stream s; /* first: liolib sees only this */
	job *j;
	size_t idx;    /* in j->files */
} outstream;

static int outstream_close(lua_State *L)
{
	outstream *p = luaL_checkudata(L, 1, LUA_FILEHANDLE);
	errno = 0;
	int ok = fclose(p->s.f) == 0;
	if (!ok && !p->j->files[p->idx].err)
		p->j->files[p->idx].err = errno ? errno : EIO;
	return luaL_fileresult(L, ok, NULL);
}

/* kg.output(name): a file in the output directory, opened for writing;
 * it appears there (atomically) only if the script passes. */
static int kg_output(lua_State *L)
{
	job *j = job_of(L);
	size_t len;
	const char *name = luaL_checklstring(L, 1, &len);
	const char *dir = j->r->o->output_dir;
	if (!dir)
		return luaL_error(L, "kg.output: no output directory (run kg batch with -o DIR)");
	if (len == 0 || len > 255 || strlen(name) != len || strchr(name, '/') || name[0] == '.')
		return luaL_argerror(L, 1, "a plain file name (no '/', not starting with '.')");
	for (size_t i = 0; i < j->r->n; i++)
		if (strcmp(name, j->r->outnames[i]) == 0)
			return luaL_argerror(L, 1, lua_pushfstring(L,
				"'%s' is the standard output of %s", name, j->r->scripts[i]));
	for (size_t i = 0; i < j->nfiles; i++)
		if (strcmp(strrchr(j->files[i].final, '/') + 1, name) == 0)
			return luaL_argerror(L, 1, lua_pushfstring(L, "'%s' is already open", name));
	if (j->nfiles >= KGB_MAX_OUTPUT_FILES)
		return luaL_error(L, "kg.output: more than %d files", KGB_MAX_OUTPUT_FILES);
	outstream *p = (outstream *)push_stream(L, sizeof *p, NULL, NULL);
	p->j = j;
	if (j->nfiles == j->files_cap) {
		size_t cap = j->files_cap ? 2 * j->files_cap : 4;
		outfile *f = realloc(j->files, cap * sizeof *f);
		if (!f)
			return luaL_error(L, "not enough memory");
		j->files = f;
		j->files_cap = cap;
	}
	outfile *of = &j->files[j->nfiles];
	of->err = 0;
	of->tmp = NULL;
	of->final = path_join(dir, name);
	if (!of->final)
		return luaL_error(L, "not enough memory");
	int fd = open_temp(of->final, &of->tmp);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		int e = errno;
		if (fd >= 0) {
			close(fd);
			unlink(of->tmp);
		}
		free(of->tmp);
		free(of->final);
		luaL_pushfail(L);
		lua_pushfstring(L, "%s/%s: %s", dir, name, strerror(e));
		lua_pushinteger(L, e);
		return 3;
	}
	p->idx = j->nfiles++;
	p->s.f = f;
	p->s.closef = outstream_close;
	return 1;
}

/* ------------------------------------------------------------------ */
/* The sandbox's remaining gaps                                         */
/* ------------------------------------------------------------------ */

/* Stands in for what the sandbox leaves out; upvalue 1 names it. */
static int not_allowed(lua_State *L)
{
	return luaL_error(L, "%s is not allowed in the sandbox (--sandbox)",
			  lua_tostring(L, lua_upvalueindex(1)));
}

/* debug.ANY: the debug library is left out of the sandbox. */
static int debug_index(lua_State *L)
{
	return luaL_error(L, "debug.%s is not allowed in the sandbox (--sandbox)",
			  luaL_optstring(L, 2, "?"));
}

/* require of what is not already loaded or preloaded: refused by name
 * (the sandbox's package.searchers look nowhere else). Upvalue 1: the
 * original require. */
static int sb_require(lua_State *L)
{
	const char *name = luaL_checkstring(L, 1);
	lua_settop(L, 1);
	luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
	luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
	if (lua_getfield(L, 2, name) == LUA_TNIL && lua_getfield(L, 3, name) == LUA_TNIL)
		return luaL_error(L, "require '%s': modules from files and C libraries are not "
				  "allowed in the sandbox (--sandbox)", name);
	lua_settop(L, 1);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, 1, LUA_MULTRET);
	return lua_gettop(L);
}

/* io.lines, io.input, io.output: a path the sandbox refuses raises (as a
 * file that cannot be opened does in the stock library) instead of the
 * nil, message of the checked version. Upvalue 1: that version; 2: the
 * name. */
static int sb_raise_on_fail(lua_State *L)
{
	int n = lua_gettop(L);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, n, LUA_MULTRET);
	if (lua_gettop(L) >= 2 && lua_isnil(L, 1) && lua_type(L, 2) == LUA_TSTRING)
		return luaL_error(L, "%s: %s", lua_tostring(L, lua_upvalueindex(2)), lua_tostring(L, 2));
	return lua_gettop(L);
}

/* kg.render with its `output` checked against the output directory (the
 * drawing code writes wherever it is told). Upvalue 1: kg.render. */
static int sb_render(lua_State *L)
{
	lua_settop(L, 2);
	if (lua_type(L, 2) == LUA_TTABLE && lua_getfield(L, 2, "output") == LUA_TSTRING) {
		if (!kgl_check_path(L, lua_tostring(L, -1)))
			return luaL_error(L, "kg.render: %s", lua_tostring(L, -1));
		lua_createtable(L, 0, 8); /* a copy of the options with the checked path */
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

/* The path at arg, checked against the output directory; raises when not
 * allowed (kgl_check_path's message). Returns the path to use. */
static const char *checked_path(lua_State *L, int arg, const char *what)
{
	const char *path = luaL_checkstring(L, arg);
	if (!kgl_check_path(L, path))
		return luaL_error(L, "%s: %s", what, lua_tostring(L, -1)), NULL;
	lua_replace(L, arg);
	return lua_tostring(L, arg);
}

static int sb_remove(lua_State *L)
{
	const char *p = checked_path(L, 1, "os.remove");
	return luaL_fileresult(L, remove(p) == 0, p);
}

static int sb_rename(lua_State *L)
{
	const char *a = checked_path(L, 1, "os.rename");
	const char *b = checked_path(L, 2, "os.rename");
	return luaL_fileresult(L, rename(a, b) == 0, NULL);
}

static int sb_loadfile(lua_State *L)
{
	const char *p = checked_path(L, 1, "loadfile");
	int env = !lua_isnone(L, 3) ? 3 : 0;
	if (luaL_loadfilex(L, p, "t") != LUA_OK) {
		luaL_pushfail(L);
		lua_insert(L, -2);
		return 2;
	}
	if (env) {
		lua_pushvalue(L, env);
		if (!lua_setupvalue(L, -2, 1))
			lua_pop(L, 1);
	}
	return 1;
}

static int sb_dofile(lua_State *L)
{
	const char *p = checked_path(L, 1, "dofile");
	lua_settop(L, 1);
	if (luaL_loadfilex(L, p, "t") != LUA_OK)
		return lua_error(L);
	lua_call(L, 0, LUA_MULTRET);
	return lua_gettop(L) - 1;
}

/* setmetatable that refuses __gc: finalizers run with hooks off, so one
 * that loops could never be stopped by --timeout. Upvalue 1: the original. */
static int guarded_setmetatable(lua_State *L)
{
	lua_pushliteral(L, "__gc");
	if (lua_type(L, 2) == LUA_TTABLE && lua_rawget(L, 2) != LUA_TNIL)
		return luaL_error(L, "setmetatable: __gc metamethods are not allowed in kg batch "
				  "(a finalizer cannot be stopped by --timeout)");
	lua_settop(L, 2);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, 2, 1);
	return 1;
}

/* os.setlocale may only ask: the locale is shared by every script. */
static int query_setlocale(lua_State *L)
{
	if (!lua_isnoneornil(L, 1))
		return luaL_error(L, "os.setlocale: changing the locale is not allowed in kg batch "
				  "(it is shared by every script)");
	lua_settop(L, 2);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, 2, 1);
	return 1;
}

static void set_refusal(lua_State *L, int tidx, const char *field, const char *name)
{
	lua_pushstring(L, name);
	lua_pushcclosure(L, not_allowed, 1);
	lua_setfield(L, tidx, field);
}

static void wrap_field(lua_State *L, int tidx, const char *field, lua_CFunction f)
{
	lua_getfield(L, tidx, field);
	lua_pushcclosure(L, f, 1);
	lua_setfield(L, tidx, field);
}

static void close_sandbox_gaps(lua_State *L)
{
	lua_pushglobaltable(L);
	int G = lua_gettop(L);
	lua_pushcfunction(L, sb_dofile);
	lua_setfield(L, G, "dofile");
	lua_pushcfunction(L, sb_loadfile);
	lua_setfield(L, G, "loadfile");
	lua_getglobal(L, "os");
	lua_pushcfunction(L, sb_remove);
	lua_setfield(L, -2, "remove");
	lua_pushcfunction(L, sb_rename);
	lua_setfield(L, -2, "rename");
	set_refusal(L, lua_gettop(L), "execute", "os.execute");
	set_refusal(L, lua_gettop(L), "tmpname", "os.tmpname");
	lua_pop(L, 1);
	lua_getglobal(L, "io");
	set_refusal(L, lua_gettop(L), "popen", "io.popen");
	set_refusal(L, lua_gettop(L), "tmpfile", "io.tmpfile");
	static const char *const raising[] = {"lines", "input", "output", NULL};
	for (const char *const *f = raising; *f; f++) {
		lua_getfield(L, -1, *f);
		lua_pushfstring(L, "io.%s", *f);
		lua_pushcclosure(L, sb_raise_on_fail, 2);
		lua_setfield(L, -2, *f);
	}
	lua_pop(L, 1);
	lua_getglobal(L, "kg");
	set_refusal(L, lua_gettop(L), "load", "kg.load");
	wrap_field(L, lua_gettop(L), "render", sb_render);
	lua_pop(L, 1);
	wrap_field(L, G, "require", sb_require);
	lua_getglobal(L, "string");
	set_refusal(L, lua_gettop(L), "dump", "string.dump");
	lua_pop(L, 1);
	lua_getglobal(L, "package");
	set_refusal(L, lua_gettop(L), "loadlib", "package.loadlib");
	lua_pop(L, 1);
	lua_createtable(L, 0, 0); /* debug */
	lua_createtable(L, 0, 1);
	lua_pushcfunction(L, debug_index);
	lua_setfield(L, -2, "__index");
	lua_setmetatable(L, -2);
	lua_setfield(L, G, "debug");
	lua_pop(L, 1);
}

/* ------------------------------------------------------------------ */
/* Setting up a state                                                  */
/* ------------------------------------------------------------------ */

/* Run under lua_pcall: binds the job, redirects the standard streams,
 * replaces print and os.exit, adds kg.output, closes sandbox gaps. */
static int setup_state(lua_State *L)
{
	job *j = lua_touserdata(L, 1);
	FILE *in = lua_touserdata(L, 2);
	lua_pushlightuserdata(L, j);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &job_key);
	lua_getglobal(L, "io");
	int io = lua_gettop(L);
	push_stream(L, sizeof(luaL_Stream), j->out, std_noclose);
	lua_pushvalue(L, -1);
	lua_setfield(L, LUA_REGISTRYINDEX, "_IO_output"); /* liolib's default output */
	lua_setfield(L, io, "stdout");
	push_stream(L, sizeof(luaL_Stream), in, std_noclose);
	lua_pushvalue(L, -1);
	lua_setfield(L, LUA_REGISTRYINDEX, "_IO_input");
	lua_setfield(L, io, "stdin");
	lua_pop(L, 1);
	lua_pushcfunction(L, batch_print);
	lua_setglobal(L, "print");
	lua_pushglobaltable(L);
	wrap_field(L, lua_gettop(L), "setmetatable", guarded_setmetatable);
	lua_pop(L, 1);
	lua_getglobal(L, "os");
	lua_pushcfunction(L, batch_exit);
	lua_setfield(L, -2, "exit");
	if (lua_getfield(L, -1, "setlocale") != LUA_TNIL) {
		lua_pop(L, 1);
		wrap_field(L, lua_gettop(L), "setlocale", query_setlocale);
	} else {
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	lua_getglobal(L, "kg");
	lua_pushcfunction(L, kg_output);
	lua_setfield(L, -2, "output");
	lua_pop(L, 1);
	if (j->r->o->sandbox)
		close_sandbox_gaps(L);
	return 0;
}

/* Run under lua_pcall: the chunk's results formatted as one string. */
static int format_results(lua_State *L)
{
	int n = lua_gettop(L);
	for (int i = 1; i <= n; i++)
		kgl_format_value(L, i);
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	for (int i = 1; i <= n; i++) {
		if (i > 1)
			luaL_addstring(&b, ", ");
		lua_pushvalue(L, i);
		luaL_addvalue(&b);
	}
	luaL_pushresult(&b);
	return 1;
}

/* ------------------------------------------------------------------ */
/* Running one script                                                  */
/* ------------------------------------------------------------------ */

/* A malloc'd copy of s[0..len) cut to KGB_KEEP_OUTPUT bytes (marking
 * the cut); NULL when out of memory. */
static char *copy_text(const char *s, size_t len)
{
	char more[64] = "";
	if (len > KGB_KEEP_OUTPUT) {
		snprintf(more, sizeof more, "... (%zu more bytes)", len - KGB_KEEP_OUTPUT);
		len = KGB_KEEP_OUTPUT;
	}
	size_t ml = strlen(more);
	char *c = malloc(len + ml + 1);
	if (c) {
		memcpy(c, s, len);
		memcpy(c + len, more, ml + 1);
	}
	return c;
}

static void fail(kgb_result *res, kgb_outcome why, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void fail(kgb_result *res, kgb_outcome why, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	res->outcome = why;
	free(res->message);
	res->message = strdup(buf);
}

/* Reads the whole script; NULL with errno set on failure. */
static char *read_script(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 14, n = 0;
	char *buf = malloc(cap);
	while (buf) {
		n += fread(buf + n, 1, cap - n, f);
		if (n < cap || ferror(f))
			break;
		char *bigger = cap < KGB_MAX_SCRIPT_BYTES ? realloc(buf, cap * 2) : NULL;
		if (!bigger) {
			free(buf);
			buf = NULL;
			errno = cap < KGB_MAX_SCRIPT_BYTES ? ENOMEM : EFBIG;
			break;
		}
		buf = bigger;
		cap *= 2;
	}
	if (buf && ferror(f)) {
		free(buf);
		buf = NULL;
		errno = EIO;
	}
	int e = errno;
	fclose(f);
	errno = e;
	*len = n;
	return buf;
}

/* Classifies a failed kgl_run_chunk (message on top of L). */
static void classify_failure(lua_State *L, job *j, int st, double elapsed)
{
	const kgb_opts *o = j->r->o;
	size_t len;
	const char *msg = lua_tolstring(L, -1, &len);
	if (!msg) {
		msg = "(error object is not a string)";
		len = strlen(msg);
	}
	if (st == LUA_ERRMEM) {
		if (o->memory_limit)
			fail(j->res, KGB_MEMORY, "out of memory: more than %g MB (--memory)",
			     (double)o->memory_limit / (1024.0 * 1024.0));
		else
			fail(j->res, KGB_MEMORY, "out of memory");
		return;
	}
	if (o->timeout > 0 && elapsed >= o->timeout && strstr(msg, "script timed out")) {
		fail(j->res, KGB_TIMEOUT, "timed out after %g s (--timeout)", o->timeout);
		return;
	}
	j->res->outcome = KGB_ERROR;
	j->res->message = copy_text(msg, len);
}

/* Output files into place: NAME.out always, kg.output files only when the
 * script passed; otherwise their temporary files are removed. */
static void commit_outputs(job *j)
{
	kgb_result *res = j->res;
	if (j->stdout_file.tmp) {
		outfile *of = &j->stdout_file;
		if (!of->err && rename(of->tmp, of->final) != 0)
			of->err = errno;
		if (of->err) {
			unlink(of->tmp);
			if (res->outcome == KGB_PASS)
				fail(res, KGB_IO, "cannot write %s: %s", of->final, strerror(of->err));
		}
	}
	for (size_t i = 0; i < j->nfiles; i++) {
		outfile *of = &j->files[i];
		if (res->outcome == KGB_PASS && !of->err && rename(of->tmp, of->final) != 0)
			of->err = errno;
		if (of->err && res->outcome == KGB_PASS)
			fail(res, KGB_IO, "cannot write %s: %s", of->final, strerror(of->err));
		if (res->outcome != KGB_PASS || of->err)
			unlink(of->tmp);
	}
}

/* What protected_run needs and gives back. */
typedef struct run_args {
	const char *buf;
	size_t len;
	char *chunkname;
	char **argv;
	int st;   /* kgl_run_chunk's status */
	int nres; /* its results, on the stack when st is LUA_OK */
} run_args;

/* kgl_run_chunk under a pcall of our own: its set-up allocations (the arg
 * table) may fail under --memory, which must not panic the process. */
static int protected_run(lua_State *L)
{
	run_args *a = lua_touserdata(L, 1);
	lua_pop(L, 1);
	a->st = kgl_run_chunk(L, a->buf, a->len, a->chunkname, 1, a->argv, &a->nres);
	return a->st == LUA_OK ? a->nres : 1;
}

/* Formats the nres values on top of L into res->value, under the time
 * left to the script (a __tostring may loop) and its memory limit. */
static void format_value(lua_State *L, job *j, int nres, double t0)
{
	const kgb_opts *o = j->r->o;
	kgb_result *res = j->res;
	if (!lua_checkstack(L, 2)) {
		fail(res, KGB_MEMORY, "out of memory");
		return;
	}
	lua_pushcfunction(L, format_results);
	lua_insert(L, -nres - 1);
	if (o->timeout > 0) {
		j->deadline = t0 + o->timeout;
		lua_sethook(L, batch_hook, LUA_MASKCOUNT, 1000);
	}
	int st = lua_pcall(L, nres, 1, 0);
	lua_sethook(L, NULL, 0, 0);
	size_t vl;
	const char *v = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &vl) : NULL;
	if (j->exiting)
		return; /* a __tostring called os.exit: the caller reports it */
	if (j->hook_timed_out)
		fail(res, KGB_TIMEOUT, "timed out after %g s (--timeout)", o->timeout);
	else if (st == LUA_ERRMEM)
		classify_failure(L, j, st, 0);
	else if (st != LUA_OK)
		fail(res, KGB_ERROR, "cannot format the return value: %s", v ? v : "?");
	else if (!(res->value = copy_text(v, vl)))
		fail(res, KGB_MEMORY, "out of memory");
}

/* Runs the chunk and records how it ended, its value and timing. */
static void run_in_state(lua_State *L, job *j, const char *buf, size_t len)
{
	kgb_result *res = j->res;
	char *argv[] = {(char *)j->path, NULL};
	run_args a = {buf, len, NULL, argv, 0, 0};
	size_t pl = strlen(j->path);
	if (!(a.chunkname = malloc(pl + 2))) {
		fail(res, KGB_MEMORY, "out of memory");
		return;
	}
	a.chunkname[0] = '@';
	memcpy(a.chunkname + 1, j->path, pl + 1);
	double t0 = now();
	lua_pushcfunction(L, protected_run);
	lua_pushlightuserdata(L, &a);
	int st = lua_pcall(L, 1, LUA_MULTRET, 0);
	if (st == LUA_OK)
		st = a.st;
	if (st != LUA_OK && !j->exiting)
		classify_failure(L, j, st, now() - t0);
	else if (st == LUA_OK && a.nres > 0)
		format_value(L, j, a.nres, t0);
	if (j->exiting) {
		res->exit_status = j->exit_status;
		res->outcome = KGB_PASS;
		free(res->value);
		res->value = NULL;
		if (j->exit_status != 0)
			fail(res, KGB_EXIT, "os.exit(%d)", j->exit_status);
		else {
			free(res->message);
			res->message = NULL;
		}
	}
	res->seconds = now() - t0;
	free(a.chunkname);
}

static void run_one(const runner *r, size_t i)
{
	const kgb_opts *o = r->o;
	kgb_result *res = &r->results[i];
	job j;
	memset(&j, 0, sizeof j);
	j.r = r;
	j.path = r->scripts[i];
	j.res = res;
	j.out_fd = -1;
	res->path = j.path;
	res->outcome = KGB_PASS;
	res->exit_status = -1;

	size_t len = 0;
	char *buf = read_script(j.path, &len);
	FILE *in = NULL;
	lua_State *L = NULL;
	if (!buf) {
		fail(res, KGB_IO, "cannot read %s: %s", j.path, strerror(errno));
		goto done;
	}
	if (o->output_dir) {
		j.stdout_file.final = path_join(o->output_dir, r->outnames[i]);
		if (!j.stdout_file.final) {
			fail(res, KGB_MEMORY, "out of memory");
			goto done;
		}
		j.out_fd = open_temp(j.stdout_file.final, &j.stdout_file.tmp);
		if (j.out_fd < 0) {
			fail(res, KGB_IO, "cannot write %s: %s", j.stdout_file.final, strerror(errno));
			goto done;
		}
	}
	j.out = fopencookie(&j, "w", (cookie_io_functions_t){NULL, out_write, NULL, NULL});
	in = fopencookie(NULL, "r", (cookie_io_functions_t){in_read, NULL, NULL, NULL});
	kgl_state_opts so = {o->sandbox, o->output_dir, o->memory_limit, o->timeout};
	if (!j.out || !in || !(L = kgl_new_state(r->g, &so))) {
		if (o->memory_limit)
			fail(res, KGB_MEMORY, "out of memory: cannot make a Lua state in %g MB (--memory)",
			     (double)o->memory_limit / (1024.0 * 1024.0));
		else
			fail(res, KGB_MEMORY, "out of memory: cannot make a Lua state");
		goto done;
	}
	lua_pushcfunction(L, setup_state);
	lua_pushlightuserdata(L, &j);
	lua_pushlightuserdata(L, in);
	if (lua_pcall(L, 2, 0, 0) != LUA_OK) {
		fail(res, KGB_MEMORY, "cannot set up the Lua state: %s",
		     lua_tostring(L, -1) ? lua_tostring(L, -1) : "?");
		goto done;
	}
	run_in_state(L, &j, buf, len);
done:
	kgl_close_state(&L); /* closes kg.output handles left open */
	if (in)
		fclose(in);
	if (j.out && fclose(j.out) != 0 && !j.stdout_file.err)
		j.stdout_file.err = errno ? errno : EIO;
	if (j.out_fd >= 0 && close(j.out_fd) != 0 && !j.stdout_file.err)
		j.stdout_file.err = errno;
	commit_outputs(&j);
	if (j.kept) {
		res->output = j.kept;
		res->output_len = j.kept_len;
		res->output_dropped = j.dropped;
	}
	for (size_t k = 0; k < j.nfiles; k++) {
		free(j.files[k].tmp);
		free(j.files[k].final);
	}
	free(j.files);
	free(j.stdout_file.tmp);
	free(j.stdout_file.final);
	free(buf);
}

/* ------------------------------------------------------------------ */
/* The queue                                                           */
/* ------------------------------------------------------------------ */

static void *worker(void *arg)
{
	runner *r = arg;
	for (;;) {
		pthread_mutex_lock(&r->lock);
		size_t i = r->next < r->n ? r->next++ : r->n;
		pthread_mutex_unlock(&r->lock);
		if (i >= r->n)
			return NULL;
		run_one(r, i);
		pthread_mutex_lock(&r->lock);
		r->done++;
		if (r->o->progress)
			r->o->progress(r->o->progress_ud, r->done, r->n, &r->results[i]);
		pthread_mutex_unlock(&r->lock);
	}
}

int kgb_run(kg_graph *g, const char *const *scripts, size_t n, const kgb_opts *o,
	    kgb_result *results)
{
	runner r = {g, scripts, n, results, o, NULL, PTHREAD_MUTEX_INITIALIZER, 0, 0};
	memset(results, 0, n * sizeof *results);
	if (o->output_dir) {
		r.outnames = calloc(n ? n : 1, sizeof *r.outnames);
		for (size_t i = 0; r.outnames && i < n; i++)
			if (!(r.outnames[i] = kgb_output_name(scripts[i]))) {
				kgb_results_free(results, 0);
				for (size_t k = 0; k < i; k++)
					free(r.outnames[k]);
				free(r.outnames);
				r.outnames = NULL;
			}
		if (!r.outnames) {
			errno = ENOMEM;
			return -1;
		}
	}
	size_t want = o->jobs ? o->jobs : 1;
	if (want > KGB_MAX_JOBS)
		want = KGB_MAX_JOBS;
	if (want > n)
		want = n;
	pthread_t tid[KGB_MAX_JOBS];
	size_t started = 0;
	if (want > 1) {
		pthread_attr_t attr;
		int attr_ok = pthread_attr_init(&attr) == 0;
		/* room for deep Lua/C recursion even under the sanitizers */
		if (attr_ok)
			pthread_attr_setstacksize(&attr, (size_t)16 << 20);
		for (; started < want; started++)
			if (pthread_create(&tid[started], attr_ok ? &attr : NULL, worker, &r) != 0)
				break;
		if (attr_ok)
			pthread_attr_destroy(&attr);
	}
	if (started == 0) /* one job, or no thread could start: run here */
		worker(&r);
	for (size_t t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
	pthread_mutex_destroy(&r.lock);
	for (size_t i = 0; r.outnames && i < n; i++)
		free(r.outnames[i]);
	free(r.outnames);
	return 0;
}

void kgb_results_free(kgb_result *results, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(results[i].message);
		free(results[i].value);
		free(results[i].output);
		memset(&results[i], 0, sizeof results[i]);
	}
}
