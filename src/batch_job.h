/* batch_job.h — what the batch runner's files share (batch.c runs the
 * queue, batch_lua.c sets up each script's Lua state); internal to them. */
#ifndef KG_BATCH_JOB_H
#define KG_BATCH_JOB_H

#include <stdio.h>

#include <lua.h>
#include <lauxlib.h>

#include "batch.h"
#include "lua_kg.h"

/* The output namespace of a run (batch_claim.c): memory shared by every
 * script's process. kgb_claim claims path (a file of the output
 * directory, any spelling) for script `owner` (with take; without, only
 * asks whether it may be changed): KGB_CLAIM_OURS when it is that
 * script's (now or already) or nobody's, the index of the script that has
 * it, or KGB_CLAIM_FULL past KGB_MAX_CLAIMS claims / KGB_CLAIM_NOMEM. */
typedef struct kgb_claims kgb_claims;
#define KGB_CLAIM_OURS (-1)
#define KGB_CLAIM_FULL (-2)
#define KGB_CLAIM_NOMEM (-3)
#define KGB_MAX_CLAIMS 500000 /* about: the table is refused past half full */
kgb_claims *kgb_claims_new(void);
void kgb_claims_free(kgb_claims *c);
long kgb_claim(kgb_claims *c, const char *path, size_t owner, int take);

/* One output file of a script: written under a temporary name, renamed
 * into place when the script ends (kg.output files: only if it passed). */
typedef struct outfile {
	char *tmp;   /* the temporary path, O_EXCL-created */
	char *final; /* where it goes */
	int err;     /* errno of a failed write or close; 0 when fine */
} outfile;

/* The state of one script while it runs; lives on its worker's stack.
 * Reached from Lua through the registry (job_key). */
typedef struct job {
	const kgb_opts *o;
	const char *const *scripts; /* every script of the run */
	char *const *outnames;      /* their NAME.out, when there is an output dir */
	size_t nscripts;
	const char *path;   /* the script */
	size_t index;       /* its place in scripts */
	kgb_claims *claims; /* the run's output namespace, when there is an output dir */
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
	double deadline;    /* for kgb_hook while formatting; 0 = none */
	int hook_timed_out; /* kgb_hook stopped the formatting */
} job;

/* The library folders (batch_lib.c, kgb_opts.libs). kgb_lib_contains:
 * whether path, resolved, lies below one of them. kgb_lib_require: loads
 * NAME.lua (dots as folders) from the first folder that has it, stores
 * the result in package.loaded and pushes it (returns 1); 0 with nothing
 * pushed when no folder has it or name is no plain module name. */
int kgb_lib_contains(const kgb_opts *o, const char *path);
int kgb_lib_require(lua_State *L, const kgb_opts *o, const char *name);

/* A malloc'd "a/b" (a copy of a when b is NULL); NULL when out of memory. */
char *kgb_path_join(const char *a, const char *b);

/* Runs n tasks in o->jobs worker processes (batch_proc.c): run(ctx, i)
 * fills results[i] in a worker, which sends it back. The parent kills a
 * worker past o->timeout (plus a second), bounds its memory by
 * o->memory_limit, describes a worker that died in its task's result and
 * forks another for the tasks left. Returns 0, or -1 with errno set when
 * waiting failed. */
typedef struct kgb_pool {
	const kgb_opts *o;
	kgb_result *results;
	size_t n;
	void (*run)(void *ctx, size_t i);
	void *ctx;
} kgb_pool;
int kgb_run_pool(kgb_pool *p);

/* A lua_CFunction run under lua_pcall with the job (light userdata) and
 * the FILE * of the script's empty stdin: binds the job to the state,
 * redirects the standard streams, replaces print and os.exit, adds
 * kg.output, guards setmetatable, closes the sandbox's gaps. */
int kgb_setup_state(lua_State *L);
/* The runner's hook: once os.exit was called it raises on every
 * instruction (no pcall can swallow the exit); while j->deadline is set it
 * raises past it and sets j->hook_timed_out. */
void kgb_hook(lua_State *L, lua_Debug *ar);

#endif
