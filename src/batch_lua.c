/* batch_lua.c — what a batch script's Lua state has that `kg run`'s has
 * not: print and io.stdout into the script's own output, an empty stdin,
 * os.exit that ends only the script, kg.output, setmetatable without __gc,
 * and the sandbox's remaining gaps closed with errors that name them. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lualib.h>

#include "batch_job.h"

static const char job_key = 'j'; /* registry key of the running job */

static job *job_of(lua_State *L)
{
	lua_rawgetp(L, LUA_REGISTRYINDEX, &job_key);
	job *j = lua_touserdata(L, -1);
	lua_pop(L, 1);
	return j;
}

/* Whether the script may write `full` (a path in the output directory):
 * the first script to write a file owns it for the run. Otherwise pushes
 * a message naming `shown` and returns 0. */
static int may_write(lua_State *L, job *j, const char *full, const char *shown, int take)
{
	if (!j->claims)
		return 1;
	long o = kgb_claim(j->claims, full, j->index, take);
	if (o == KGB_CLAIM_OURS)
		return 1;
	if (o >= 0)
		lua_pushfstring(L, "%s: an output of %s in this run (a script writes only its own files)",
				shown, j->scripts[o]);
	else if (o == KGB_CLAIM_FULL)
		lua_pushfstring(L, "%s: more than %d output files in this run", shown, KGB_MAX_CLAIMS);
	else
		lua_pushliteral(L, "not enough memory");
	return 0;
}

/* ------------------------------------------------------------------ */
/* Standard streams of a script                                        */
/* ------------------------------------------------------------------ */

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
void kgb_hook(lua_State *L, lua_Debug *ar)
{
	(void)ar;
	job *j = job_of(L);
	if (!j)
		return;
	if (j->exiting)
		luaL_error(L, "os.exit(%d)", j->exit_status);
	if (j->deadline > 0 && kgl_now() >= j->deadline) {
		j->hook_timed_out = 1;
		lua_sethook(L, kgb_hook, LUA_MASKLINE | LUA_MASKCOUNT, 1);
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
	lua_sethook(L, kgb_hook, LUA_MASKLINE | LUA_MASKCOUNT, 1);
	lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_MAINTHREAD);
	lua_State *main = lua_tothread(L, -1);
	if (main && main != L)
		lua_sethook(main, kgb_hook, LUA_MASKLINE | LUA_MASKCOUNT, 1);
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
	const char *dir = j->o->output_dir;
	if (!dir)
		return luaL_error(L, "kg.output: no output directory (run kg batch with -o DIR)");
	if (len == 0 || len > 255 || strlen(name) != len || strchr(name, '/') || name[0] == '.')
		return luaL_argerror(L, 1, "a plain file name (no '/', not starting with '.')");
	for (size_t i = 0; i < j->nscripts; i++)
		if (strcmp(name, j->outnames[i]) == 0)
			return luaL_argerror(L, 1, lua_pushfstring(L,
				"'%s' is the standard output of %s", name, j->scripts[i]));
	for (size_t i = 0; i < j->nfiles; i++)
		if (strcmp(strrchr(j->files[i].final, '/') + 1, name) == 0)
			return luaL_argerror(L, 1, lua_pushfstring(L, "'%s' is already open", name));
	if (j->nfiles >= KGB_MAX_OUTPUT_FILES)
		return luaL_error(L, "kg.output: more than %d files", KGB_MAX_OUTPUT_FILES);
	{
		char *full = kgb_path_join(dir, name);
		int ok = full && may_write(L, j, full, name, 1);
		free(full);
		if (!full)
			return luaL_error(L, "not enough memory");
		if (!ok)
			return luaL_argerror(L, 1, lua_tostring(L, -1));
	}
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
	of->final = kgb_path_join(dir, name);
	if (!of->final)
		return luaL_error(L, "not enough memory");
	int fd = kg_out_open(of->final, &of->tmp);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		int e = errno;
		if (fd >= 0)
			kg_out_close(fd, of->tmp, of->final, e, 0);
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

/* require in a batch: what is loaded or preloaded (kg), else NAME.lua
 * from the --lib folders, else (outside the sandbox) the stock search;
 * the sandbox refuses the rest by name. Upvalue 1: the original require. */
static int batch_require(lua_State *L)
{
	const char *name = luaL_checkstring(L, 1);
	lua_settop(L, 1);
	luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
	luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
	int known = lua_getfield(L, 2, name) != LUA_TNIL || lua_getfield(L, 3, name) != LUA_TNIL;
	lua_settop(L, 1);
	const kgb_opts *o = job_of(L)->o;
	if (!known && kgb_lib_require(L, o, name))
		return 1;
	if (!known && o->sandbox)
		return luaL_error(L, "require '%s': no %s.lua in the --lib folders, and modules from "
				  "other files and C libraries are not allowed in the sandbox (--sandbox)",
				  name, name);
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

/* Raises unless the script may change the file at arg (a path
 * checked_path made): it must not be another script's; with take it
 * becomes the script's own. `shown` is the path as the script gave it. */
static void own_path(lua_State *L, int arg, const char *shown, const char *what, int take)
{
	if (!may_write(L, job_of(L), lua_tostring(L, arg), shown, take))
		luaL_error(L, "%s: %s", what, lua_tostring(L, -1));
}

/* io.open and io.output in the sandbox: a file opened to be written must
 * be the script's own (upvalue 1: the path-checked version). */
static int sb_open(lua_State *L)
{
	int n = lua_gettop(L);
	const char *mode = lua_type(L, 2) == LUA_TSTRING ? lua_tostring(L, 2) : "r";
	int writes = lua_toboolean(L, lua_upvalueindex(2)) || strpbrk(mode, "wa+");
	if (lua_type(L, 1) == LUA_TSTRING && writes) {
		const char *shown = lua_tostring(L, 1);
		if (kgl_check_path(L, shown) && !may_write(L, job_of(L), lua_tostring(L, -1), shown, 1)) {
			luaL_pushfail(L);
			lua_insert(L, -2);
			lua_pushinteger(L, EACCES);
			return 3;
		}
		lua_settop(L, n); /* a refused path: the wrapped function says why */
	}
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, n, LUA_MULTRET);
	return lua_gettop(L);
}

static int sb_remove(lua_State *L)
{
	lua_settop(L, 1);
	lua_pushvalue(L, 1);
	const char *p = checked_path(L, 1, "os.remove");
	own_path(L, 1, lua_tostring(L, 2), "os.remove", 0);
	return luaL_fileresult(L, remove(p) == 0, p);
}

static int sb_rename(lua_State *L)
{
	lua_settop(L, 2);
	lua_pushvalue(L, 1);
	lua_pushvalue(L, 2);
	const char *a = checked_path(L, 1, "os.rename");
	const char *b = checked_path(L, 2, "os.rename");
	own_path(L, 1, lua_tostring(L, 3), "os.rename", 0);
	own_path(L, 2, lua_tostring(L, 4), "os.rename", 1);
	return luaL_fileresult(L, rename(a, b) == 0, NULL);
}

/* The path at arg for reading a chunk: one below a --lib folder as it
 * is, else checked against the output directory. */
static const char *chunk_path(lua_State *L, int arg, const char *what)
{
	const char *p = luaL_checkstring(L, arg);
	return kgb_lib_contains(job_of(L)->o, p) ? p : checked_path(L, arg, what);
}

static int sb_loadfile(lua_State *L)
{
	const char *p = chunk_path(L, 1, "loadfile");
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
	const char *p = chunk_path(L, 1, "dofile");
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
	/* the environment of a CI job holds its secrets (tokens, keys) */
	set_refusal(L, lua_gettop(L), "getenv", "os.getenv");
	lua_pop(L, 1);
	lua_getglobal(L, "io");
	set_refusal(L, lua_gettop(L), "popen", "io.popen");
	set_refusal(L, lua_gettop(L), "tmpfile", "io.tmpfile");
	for (int out = 0; out < 2; out++) { /* io.output opens to write */
		lua_getfield(L, -1, out ? "output" : "open");
		lua_pushboolean(L, out);
		lua_pushcclosure(L, sb_open, 2);
		lua_setfield(L, -2, out ? "output" : "open");
	}
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
	/* kg.render's output is checked by the binding's own sandbox */
	lua_pop(L, 1);
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

/* Every metatable made by luaL_newmetatable (the registry names it, and
 * its __name is that name: io's files, kg's handles) gets a __metatable
 * field, so a script can neither read nor change it: a finalizer put on
 * io.stdout's metatable would run at close with no hook to stop it. */
static void protect_metatables(lua_State *L)
{
	lua_pushnil(L);
	while (lua_next(L, LUA_REGISTRYINDEX)) {
		if (lua_type(L, -2) == LUA_TSTRING && lua_type(L, -1) == LUA_TTABLE) {
			lua_pushliteral(L, "__name");
			if (lua_rawget(L, -2) == LUA_TSTRING && lua_rawequal(L, -1, -3)) {
				lua_pushliteral(L, "__metatable");
				lua_pushboolean(L, 0);
				lua_rawset(L, -4);
			}
			lua_pop(L, 1);
		}
		lua_pop(L, 1);
	}
}

/* ------------------------------------------------------------------ */
/* Setting up a state                                                  */
/* ------------------------------------------------------------------ */

/* Run under lua_pcall: binds the job, redirects the standard streams,
 * replaces print and os.exit, adds kg.output, closes sandbox gaps. */
int kgb_setup_state(lua_State *L)
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
	wrap_field(L, lua_gettop(L), "require", batch_require);
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
	if (j->o->sandbox)
		close_sandbox_gaps(L);
	protect_metatables(L);
	return 0;
}
