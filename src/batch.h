/* batch.h — the batch runner: many scripts over one loaded graph, each in a
 * fresh Lua state, several at a time on worker threads, with limits, and
 * the reports of a run (text, TAP, JUnit XML, JSON). Internal prefix kgb_.
 *
 * Ownership: kgb_run fills an array of kgb_result that the caller gives;
 * every string in a result is malloc'd and owned by that result until
 * kgb_results_free. Script paths and the graph are borrowed. */
#ifndef KG_BATCH_H
#define KG_BATCH_H

#include <stdio.h>

#include "kg.h"

/* How one script ended. */
typedef enum kgb_outcome {
	KGB_PASS,    /* returned, or called os.exit(0 / true) */
	KGB_ERROR,   /* raised an error (syntax errors included) */
	KGB_EXIT,    /* called os.exit with a non-zero status */
	KGB_TIMEOUT, /* ran past --timeout */
	KGB_MEMORY,  /* allocated past --memory (or the machine ran out) */
	KGB_IO,      /* the script could not be read or its outputs not written */
	KGB_CRASH    /* its process died (a signal) or sent no result */
} kgb_outcome;

typedef struct kgb_result {
	const char *path;     /* the script, as listed (borrowed) */
	kgb_outcome outcome;
	int exit_status;      /* os.exit's status; -1 when os.exit was not called */
	char *message;        /* why it failed: first line, then the traceback; NULL on a pass */
	char *value;          /* its return values formatted (", " between; JSON text with
			       * kgb_opts.json_values), NULL when none */
	char *output;         /* its standard output when kept (kgb_opts.keep_output), else NULL */
	size_t output_len;
	size_t output_dropped; /* bytes of standard output past the kept part */
	double seconds;       /* wall-clock time of the run */
} kgb_result;

/* Called on the runner's threads, one call at a time, after each script:
 * done scripts out of total, and the one that just ended. */
typedef void (*kgb_progress_fn)(void *ud, size_t done, size_t total, const kgb_result *r);

typedef struct kgb_opts {
	unsigned jobs;          /* scripts run at once; 0 = 1 */
	const char *output_dir; /* NAME.out and kg.output files go here; NULL: no files */
	double timeout;         /* seconds per script; 0 = none */
	size_t memory_limit;    /* bytes per script's Lua state; 0 = none */
	int sandbox;            /* the sandboxed library set (kgl_new_state) */
	int keep_output;        /* keep up to KGB_KEEP_OUTPUT bytes of stdout in the result */
	int json_values;        /* result values as JSON text (kg.json), not Lua-literal text */
	const char *const *libs; /* --lib folders, resolved (realpath): require and dofile read there */
	size_t nlibs;
	kg_date at;             /* --as-of: `graph` is graph:at(at); year 0: the whole graph */
	kgb_progress_fn progress;
	void *progress_ud;
} kgb_opts;

#define KGB_KEEP_OUTPUT ((size_t)1 << 20)
#define KGB_MAX_JOBS 256
#define KGB_MAX_SCRIPT_BYTES ((size_t)64 << 20)
#define KGB_MAX_OUTPUT_FILES 1000 /* kg.output files per script */

/* The file name a script's standard output goes to in the output
 * directory: its base name without ".lua", plus ".out". malloc'd; NULL
 * when out of memory. */
char *kgb_output_name(const char *script);

/* Runs scripts[0..n) against g (borrowed, immutable) and fills
 * results[0..n) in the order given, whatever the number of jobs. The
 * output directory, when given, must exist. Returns 0, or -1 when the
 * worker threads could not be started (nothing ran; errno set). */
int kgb_run(kg_graph *g, const char *const *scripts, size_t n, const kgb_opts *o,
	    kgb_result *results);
/* Frees what results[0..n) own and clears them. */
void kgb_results_free(kgb_result *results, size_t n);

/* A one-line reason for a failed result: what kgb_report prints after
 * "FAIL NAME: ". Points into r->message (up to its first newline). */
size_t kgb_first_line(const kgb_result *r, const char **start);

typedef enum kgb_format { KGB_TEXT, KGB_TAP, KGB_JUNIT, KGB_JSON } kgb_format;

/* Parses "text", "tap", "junit" or "json"; -1 for anything else. */
int kgb_format_parse(const char *s);

typedef struct kgb_report_opts {
	kgb_format format;
	int times;   /* show each script's time */
	int verbose; /* text: tracebacks and kept standard output too */
} kgb_report_opts;

/* Writes the report of results[0..n) to f. Text and TAP end with the line
 * "N passed, N failed"; JUnit and JSON are one document each. */
void kgb_report(FILE *f, const kgb_result *results, size_t n, const kgb_report_opts *o);
/* How many results passed. */
size_t kgb_passed(const kgb_result *results, size_t n);

#endif
