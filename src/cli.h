/* cli.h — the command table and what the subcommands share (internal to
 * the command line: main.c, cli*.c, cmd_*.c). Only this layer prints. */
#ifndef KG_CLI_H
#define KG_CLI_H

#include <stdio.h>

#include "kg.h"

/* One subcommand. `run` gets argv with argv[0] = the command's name and
 * returns an exit status (enum kg_exit). */
typedef struct kgc_cmd {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary; /* one line for `kg help` */
	const char *usage;   /* "kg validate [-s SCHEMA] PATH..." */
	const char *help;    /* the rest of `kg help NAME` / `--help`: options, examples */
} kgc_cmd;

/* Each cmd_*.c defines one of these. */
extern const kgc_cmd kgc_cmd_validate, kgc_cmd_stats, kgc_cmd_run, kgc_cmd_eval,
	kgc_cmd_repl, kgc_cmd_render, kgc_cmd_batch, kgc_cmd_help;
extern const kgc_cmd kgc_cmd_compile; /* cmd_compile.c */
extern const kgc_cmd kgc_cmd_query;   /* cmd_query.c */
extern const kgc_cmd kgc_cmd_export;  /* cmd_export.c */
extern const kgc_cmd kgc_cmd_import;  /* cmd_import.c */
extern const kgc_cmd kgc_cmd_conflicts, kgc_cmd_report; /* cmd_conflicts.c, cmd_report.c */
extern const kgc_cmd kgc_cmd_sources; /* cmd_sources.c */
extern const kgc_cmd kgc_cmd_timeline; /* cmd_timeline.c */

/* All commands, NULL-terminated, in the order `kg help` lists them: main
 * sets it before running any (so that `kg help`, which lists itself, is
 * no cycle between files). */
extern const kgc_cmd *const *kgc_commands;
/* The command of that name, or NULL. */
const kgc_cmd *kgc_find(const char *name);

/* Prints "kg NAME: no entity 'ID'" with "did you mean" when an id of g
 * is near; returns KG_EXIT_INVALID. */
int kgc_no_entity(const char *name, const kg_graph *g, const char *id);
/* Prints "kg CMD: MESSAGE" and a pointer to --help on stderr; returns
 * KG_EXIT_USAGE, so handlers can `return kgc_usage_error(...)`. */
int kgc_usage_error(const kgc_cmd *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Takes -s SCHEMA into *slot: KG_EXIT_OK, or a usage error when -s was
 * already given another (a graph's one schema and -s combine; more
 * schemas go through `extends`, doc/schema.md). */
int kgc_schema_option(const kgc_cmd *c, const char **slot, const char *arg);
/* Prints the full help of c on f. */
void kgc_print_help(const kgc_cmd *c, FILE *f);
/* True when argv holds -h or --help before a lone "--"; handlers call it
 * first and print help on stdout, exit 0. */
int kgc_wants_help(int argc, char **argv);

/* Prints diagnostics in the SPEC format: "FILE:LINE:COL: error: MESSAGE",
 * sorted, at most max_errors of them then "... and N more", with the
 * source line and a caret under the column when stderr is a terminal. */
void kgc_print_diags(kg_diags *d, size_t max_errors);
#define KGC_DEFAULT_MAX_ERRORS 50

/* The limits every command loads graphs with: the defaults, then the
 * environment (KG_MAX_FILE_SIZE, KG_MAX_DEPTH, KG_MAX_ALIAS_NODES,
 * KG_MAX_SCALAR, KG_MAX_DOCUMENTS), then a command's --max-* flags. */
extern kg_limits kgc_limits;
/* Reads the environment; prints and returns KG_EXIT_USAGE on a bad value. */
int kgc_limits_from_env(void);
/* Sets the limit of flag `name` (without the leading "--", e.g.
 * "max-depth") from `value`: a whole number, with K, M or G for sizes.
 * Returns 1 when set, 0 when name is not a limit flag, -1 on a bad value. */
int kgc_limit_flag(const char *name, const char *value);
/* The --max-* options, for getopt_long tables (ids 0x1000 + index). */
#define KGC_LIMIT_OPTIONS                                                 \
	{"max-file-size", required_argument, NULL, 0x1000},               \
	{"max-depth", required_argument, NULL, 0x1001},                   \
	{"max-alias-nodes", required_argument, NULL, 0x1002},             \
	{"max-scalar", required_argument, NULL, 0x1003},                  \
	{"max-documents", required_argument, NULL, 0x1004}
extern const char *const kgc_limit_names[5];
#define KGC_LIMITS_HELP                                                                     \
	"      --max-file-size BYTES  largest input file (default 512M; also KG_MAX_FILE_SIZE)\n" \
	"      --max-depth N          deepest YAML nesting (default 64; KG_MAX_DEPTH)\n"          \
	"      --max-alias-nodes N    nodes aliases may add to a document (default 1M; KG_MAX_ALIAS_NODES)\n" \
	"      --max-scalar BYTES     longest scalar (default 1M; KG_MAX_SCALAR)\n"                \
	"      --max-documents N      documents in one file (default 100000; KG_MAX_DOCUMENTS)\n"

/* Checks that each path exists (exit 2 with a message when one does not),
 * loads and validates the graph, prints every problem. Returns the graph,
 * or NULL with *status set to KG_EXIT_INVALID or KG_EXIT_USAGE. */
kg_graph *kgc_load(const char *const *paths, size_t npaths, const char *schema,
		   size_t max_errors, int *status);
/* kgc_load, and when the data is invalid *text gets the problems as
 * plain lines (malloc'd, the caller frees; NULL when none or no memory). */
kg_graph *kgc_load_text(const char *const *paths, size_t npaths, const char *schema,
			size_t max_errors, int *status, char **text);

/* The graph options kg run, eval and repl share: -g/--graph PATH
 * (repeatable), -s/--schema SCHEMA, --as-of DATE, -h/--help; `--` ends them. */
typedef struct kgc_graph_args {
	const char **paths; /* malloc'd by kgc_graph_options; the caller frees it */
	size_t npaths;
	const char *schema; /* or NULL */
	kg_date at;         /* --as-of DATE: `graph` is graph:at(DATE); year 0: none */
} kgc_graph_args;

/* Reads the date of --as-of: KG_EXIT_OK with *d set, or a usage error
 * printed ("--as-of: "2019-13" is not a date: there is no month 13") and
 * KG_EXIT_USAGE. */
int kgc_as_of(const kgc_cmd *c, const char *s, kg_date *d);
/* The -s line of every command that reads a graph (doc/schema.md). */
#define KGC_SCHEMA_HELP \
	"  -s, --schema SCHEMA   a schema, combined with the one the graph names\n"
#define KGC_AS_OF_HELP \
	"      --as-of DATE      the graph as it was on DATE (2019, 2019-07 or 2019-07-22):\n" \
	"                        exactly graph:at(DATE) (doc/time.md)\n"
/* Reads those options from argv[1..] up to the first operand. Returns the
 * index of the first operand (argc when none), or -1 when the command is
 * to exit with *status (help printed, usage error, out of memory). */
int kgc_graph_options(const kgc_cmd *c, int argc, char **argv, kgc_graph_args *o, int *status);

/* Loads the graph of ga (none without -g; problems printed) and makes a
 * Lua state for it with the standard libraries. Returns the state, or NULL
 * with *status set; *g gets the graph, which the caller frees after
 * closing the state (kgl_close_state). */
struct lua_State;
struct lua_State *kgc_lua_state(const kgc_cmd *c, const kgc_graph_args *ga, kg_graph **g,
				int *status);

/* What kg conflicts, kg report and kg sources share (cmd_conflicts.c): their options
 * -g/--graph PATH (repeatable), -s/--schema, --format text|json, --as-of DATE, the
 * --max-* limits, and --strict (conflicts) or, with `report`, --limit N
 * (20 unless given). Reads them into *o and loads the graph (problems
 * printed); NULL when the command is to exit with *status (help printed,
 * usage error, bad data, out of memory). */
typedef struct kgc_prov_args {
	int json;   /* --format json */
	int strict; /* --strict */
	long limit; /* --limit: rows of each list in text, 0 for all */
	const char *source; /* kg sources: its SOURCE-ID operand */
	kg_date at;         /* --as-of DATE; year 0: none */
	kg_view *view;      /* with --as-of: kg_view_at(graph, at), made by
			     * kgc_prov_graph; the caller frees it */
} kgc_prov_args;
kg_graph *kgc_prov_graph(const kgc_cmd *c, bool report, int argc, char **argv, kgc_prov_args *o,
			 int *status);
/* A fact as text: "dprk", "dprk --earns_from--> nk-workers [earnings-2016]",
 * "dprk: population #2" (a claim: its attribute and number, from 1). */
struct kgd_buf;
struct kgp_fact;
void kgc_fact_label(struct kgd_buf *b, const kg_graph *g, const struct kgp_fact *f);
/* Appends s for a terminal: newline, tab and carriage return as \n, \t,
 * \r, other control bytes and invalid UTF-8 as \xNN, the rest as is. */
void kgc_text_clean(struct kgd_buf *b, const char *s);
/* "FILE:LINE:COL" of a place (FILE alone when the line is unknown). */
void kgc_loc_text(struct kgd_buf *b, kg_loc loc);
/* s as a JSON string (kg_json_string), or null for NULL; a string of
 * printable ASCII with nothing to escape (ids, most paths) in one write. */
void kgc_json_str(FILE *f, const char *s);
/* A fact as a JSON object's members (no braces): kind, id or the
 * relation's type, from, to and id, a claim's attribute and number,
 * file, line, col. */
void kgc_fact_json(FILE *f, const kg_graph *g, const struct kgp_fact *fact);

/* fflush(stdout) and report a failed write (EPIPE, ENOSPC): returns the
 * status to exit with (KG_EXIT_INVALID on failure, else `status`). */
int kgc_finish_stdout(int status);

/* For commands whose operands are graph paths (validate, stats): turns
 * each -g PATH, -gPATH and --graph[=]PATH before a lone "--" into the
 * operand PATH, in place, so they read like the other commands. Returns
 * the new argc. */
int kgc_graph_flags_as_operands(int argc, char **argv);

/* Parses a whole non-negative number for an option; -1 when it is not one. */
long kgc_parse_count(const char *s);

#endif
