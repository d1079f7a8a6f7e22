/* batch.c — the batch runner: each script in a fresh Lua state over the
 * same borrowed graph (set up by batch_lua.c), in a process of its own
 * (batch_proc.c), its standard output captured, its result classified,
 * its output files put in place atomically. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "batch_job.h"

/* What every script of a run shares. */
typedef struct runner {
	kg_graph *g;
	const char *const *scripts;
	size_t n;
	kgb_result *results;
	const kgb_opts *o;
	char **outnames;       /* NAME.out of every script, when there is an output dir */
	kgb_claims *claims;    /* who writes which file there (shared with the processes) */
} runner;

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

/* ------------------------------------------------------------------ */
/* Standard streams of a script                                        */
/* ------------------------------------------------------------------ */

/* The script's stdout: to its NAME.out file, and the first
 * KGB_KEEP_OUTPUT bytes into memory when the report shows them. */
static ssize_t out_write(void *cookie, const char *buf, size_t size)
{
	job *j = cookie;
	if (j->out_fd >= 0 && !j->stdout_file.err)
		j->stdout_file.err = kg_out_write(j->out_fd, buf, size);
	if (j->stdout_file.err) {
		errno = j->stdout_file.err;
		return 0;
	}
	if (j->o->keep_output) {
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
		if (take)
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

/* Run under lua_pcall: the chunk's results as JSON text (kg.json's
 * mapping): one value as itself, several as an array. */
static int format_results_json(lua_State *L)
{
	int n = lua_gettop(L);
	if (n > 1) {
		lua_createtable(L, n, 0);
		for (int i = 1; i <= n; i++) {
			lua_pushvalue(L, i);
			lua_rawseti(L, -2, i);
		}
	}
	kgl_json_push(L, n > 1 ? -1 : 1);
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
	char *buf = kg_read_all(f, KGB_MAX_SCRIPT_BYTES, len);
	int e = errno;
	fclose(f);
	errno = e;
	return buf;
}

/* Classifies a failed kgl_run_chunk (message on top of L). */
static void classify_failure(lua_State *L, job *j, int st, double elapsed)
{
	const kgb_opts *o = j->o;
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
	/* kg's own allocations (views, paths) fail under the process's limit */
	if (o->memory_limit && strstr(msg, "not enough memory")) {
		fail(j->res, KGB_MEMORY, "out of memory: more than %g MB (--memory)",
		     (double)o->memory_limit / (1024.0 * 1024.0));
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
		of->err = kg_out_close(-1, of->tmp, of->final, of->err, 0);
		of->tmp = NULL;
		if (of->err && res->outcome == KGB_PASS)
			fail(res, KGB_IO, "cannot write %s: %s", of->final, strerror(of->err));
	}
	for (size_t i = 0; i < j->nfiles; i++) {
		outfile *of = &j->files[i];
		int pass = res->outcome == KGB_PASS;
		of->err = kg_out_close(-1, of->tmp, of->final, pass ? of->err : ECANCELED, 0);
		of->tmp = NULL;
		if (of->err && pass)
			fail(res, KGB_IO, "cannot write %s: %s", of->final, strerror(of->err));
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
	const kgb_opts *o = j->o;
	kgb_result *res = j->res;
	if (!lua_checkstack(L, 2)) {
		fail(res, KGB_MEMORY, "out of memory");
		return;
	}
	lua_pushcfunction(L, o->json_values ? format_results_json : format_results);
	lua_insert(L, -nres - 1);
	if (o->timeout > 0) {
		j->deadline = t0 + o->timeout;
		lua_sethook(L, kgb_hook, LUA_MASKCOUNT, 1000);
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
	else if (o->json_values && vl > KGB_KEEP_OUTPUT) {
		/* cut JSON is no JSON: say how big it was instead */
		char note[96];
		snprintf(note, sizeof note, "{\"kg_value_too_large\": %zu}", vl);
		if (!(res->value = strdup(note)))
			fail(res, KGB_MEMORY, "out of memory");
	} else if (!(res->value = copy_text(v, vl)))
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
	double t0 = kgl_now();
	lua_pushcfunction(L, protected_run);
	lua_pushlightuserdata(L, &a);
	int st = lua_pcall(L, 1, LUA_MULTRET, 0);
	if (st == LUA_OK)
		st = a.st;
	if (st != LUA_OK && !j->exiting)
		classify_failure(L, j, st, kgl_now() - t0);
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
	res->seconds = kgl_now() - t0;
	free(a.chunkname);
}

static void run_one(runner *r, size_t i)
{
	const kgb_opts *o = r->o;
	kgb_result *res = &r->results[i];
	job j;
	memset(&j, 0, sizeof j);
	j.o = r->o;
	j.scripts = r->scripts;
	j.outnames = r->outnames;
	j.nscripts = r->n;
	j.path = r->scripts[i];
	j.index = i;
	j.claims = r->claims;
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
		j.stdout_file.final = kgb_path_join(o->output_dir, r->outnames[i]);
		if (!j.stdout_file.final) {
			fail(res, KGB_MEMORY, "out of memory");
			goto done;
		}
		j.out_fd = kg_out_open(j.stdout_file.final, &j.stdout_file.tmp);
		if (j.out_fd < 0) {
			fail(res, KGB_IO, "cannot write %s: %s", j.stdout_file.final, strerror(errno));
			goto done;
		}
	}
	j.out = fopencookie(&j, "w", (cookie_io_functions_t){NULL, out_write, NULL, NULL});
	in = fopencookie(NULL, "r", (cookie_io_functions_t){in_read, NULL, NULL, NULL});
	kgl_state_opts so = {o->sandbox, o->output_dir, o->memory_limit, o->timeout, o->at};
	if (!j.out || !in || !(L = kgl_new_state(r->g, &so))) {
		if (o->memory_limit)
			fail(res, KGB_MEMORY, "out of memory: cannot make a Lua state in %g MB (--memory)",
			     (double)o->memory_limit / (1024.0 * 1024.0));
		else
			fail(res, KGB_MEMORY, "out of memory: cannot make a Lua state");
		goto done;
	}
	lua_pushcfunction(L, kgb_setup_state);
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
	/* every temporary file is renamed or removed by now */
	for (size_t k = 0; k < j.nfiles; k++)
		free(j.files[k].final);
	free(j.files);
	free(j.stdout_file.final);
	free(buf);
}

/* ------------------------------------------------------------------ */
/* The run                                                             */
/* ------------------------------------------------------------------ */

/* kgb_pool's task: one script, in its own process. */
static void run_task(void *ctx, size_t i)
{
	run_one(ctx, i);
}

int kgb_run(kg_graph *g, const char *const *scripts, size_t n, const kgb_opts *o,
	    kgb_result *results)
{
	runner r = {g, scripts, n, results, o, NULL, NULL};
	memset(results, 0, n * sizeof *results);
	for (size_t i = 0; i < n; i++) {
		results[i].path = scripts[i];
		results[i].exit_status = -1;
	}
	if (o->output_dir) {
		r.outnames = calloc(n ? n : 1, sizeof *r.outnames);
		for (size_t i = 0; r.outnames && i < n; i++)
			if (!(r.outnames[i] = kgb_output_name(scripts[i]))) {
				for (size_t k = 0; k < i; k++)
					free(r.outnames[k]);
				free(r.outnames);
				r.outnames = NULL;
			}
		r.claims = r.outnames ? kgb_claims_new() : NULL;
		/* every script's NAME.out is its own from the start */
		for (size_t i = 0; r.claims && i < n; i++) {
			char *p = kgb_path_join(o->output_dir, r.outnames[i]);
			long c = p ? kgb_claim(r.claims, p, i, 1) : KGB_CLAIM_NOMEM;
			free(p);
			if (c != KGB_CLAIM_OURS) {
				kgb_claims_free(r.claims);
				r.claims = NULL;
			}
		}
		if (!r.claims) {
			for (size_t i = 0; r.outnames && i < n; i++)
				free(r.outnames[i]);
			free(r.outnames);
			errno = ENOMEM;
			return -1;
		}
	}
	kgb_pool pool = {o, results, n, run_task, &r};
	int st = kgb_run_pool(&pool);
	kgb_claims_free(r.claims);
	for (size_t i = 0; r.outnames && i < n; i++)
		free(r.outnames[i]);
	free(r.outnames);
	return st;
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
