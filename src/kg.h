/* kg.h — the public API of kg's core: load a graph, read it, make views of it.
 *
 * Ownership, once for the whole API: a kg_graph owns every entity, relation,
 * value, schema and string reachable from it. Getters return borrowed
 * pointers, valid until kg_graph_free. A kg_view and a kg_diags are owned by
 * whoever created them. Every *_free takes T ** , frees, and clears the
 * caller's pointer; *_free of NULL (or of a pointer to NULL) does nothing.
 *
 * A loaded graph is immutable: any number of threads may read it at once.
 * The library never prints; problems travel as kg_diags entries.
 */
#ifndef KG_H
#define KG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#define KG_VERSION "0.1.0"

typedef struct kg_graph kg_graph;   /* a loaded, validated, immutable graph */
typedef struct kg_schema kg_schema; /* entity and relation types */
typedef struct kg_diags kg_diags;   /* a list of located problems */
typedef struct kg_view kg_view;     /* a subset of one graph */

typedef uint32_t kg_eid;  /* entity index, 0 .. entity count - 1 */
typedef uint32_t kg_rid;  /* relation index, 0 .. relation count - 1 */
typedef uint32_t kg_tid;  /* entity type index in the schema */
typedef uint32_t kg_rtid; /* relation type index in the schema */
#define KG_NONE UINT32_MAX /* "no such index" for all four */

/* Exit status of every command. */
enum kg_exit { KG_EXIT_OK = 0, KG_EXIT_INVALID = 1, KG_EXIT_USAGE = 2 };

/* A place in an input file; line and col are 1-based, 0 when unknown. */
typedef struct kg_loc {
	const char *file; /* borrowed; NULL when unknown */
	uint32_t line, col;
} kg_loc;

/* ------------------------------------------------------------------ */
/* Diagnostics: errors as values, printed by the command line only.    */
/* ------------------------------------------------------------------ */

typedef enum kg_severity { KG_ERROR, KG_WARNING } kg_severity;

typedef struct kg_diag {
	kg_severity sev;
	kg_loc loc;      /* file string owned by the kg_diags */
	const char *msg; /* owned by the kg_diags */
	int unreadable;  /* the file (document) could not be read: sorts first */
} kg_diag;

kg_diags *kg_diags_new(void);
void kg_diags_free(kg_diags **d);
/* Adds a problem; file may be NULL. Copies file and the formatted message.
 * Past KG_DIAGS_KEEP entries only the counts grow (bounded memory). */
#define KG_DIAGS_KEEP 100000
void kg_diags_add(kg_diags *d, kg_severity sev, const char *file, uint32_t line,
		  uint32_t col, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* An error that kept a file or document from being read (YAML syntax, a
 * limit, bad bytes): what it held is missing, so these print first and
 * references into it are not reported one by one (kg_diags_unreadable). */
void kg_diags_add_unreadable(kg_diags *d, const char *file, uint32_t line, uint32_t col,
			     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
size_t kg_diags_unreadable(const kg_diags *d); /* such errors seen */
size_t kg_diags_count(const kg_diags *d);  /* entries kept */
size_t kg_diags_errors(const kg_diags *d); /* errors seen, kept or not */
const kg_diag *kg_diags_get(const kg_diags *d, size_t i);
/* s[0..len) for a message, in buf (at least 16 bytes): between q quotes,
 * cut after about max bytes ("..." marks the cut), q and backslash
 * escaped with a backslash, control bytes as \xNN. Returns buf. */
const char *kg_quoted(const char *s, size_t len, char q, size_t max, char *buf, size_t bufsz);
/* Appends every entry and count of src to dst (src is unchanged). */
void kg_diags_merge(kg_diags *dst, const kg_diags *src);
/* Stable sort: unreadable files' errors first, then by file, line, column. */
void kg_diags_sort(kg_diags *d);

/* ------------------------------------------------------------------ */
/* Values                                                              */
/* ------------------------------------------------------------------ */

typedef enum kg_vkind {
	KG_V_NULL,
	KG_V_STRING,   /* string, text, enum and ref attributes: u.s */
	KG_V_INT,      /* u.i */
	KG_V_NUMBER,   /* u.d */
	KG_V_BOOL,     /* u.b */
	KG_V_DATE,     /* u.s: "2019", "2019-12" or "2019-12-22" */
	KG_V_QUANTITY, /* packed in n and u.q: read with kg_value_quantity */
	KG_V_LIST,     /* u.items[0 .. n-1] */
	KG_V_CLAIMS    /* u.claims[0 .. n-1]: several claims of one attribute */
} kg_vkind;

/* Which fields of a quantity are set (has) and were written as integers (isint). */
enum { KG_Q_VALUE = 1, KG_Q_APPROX = 2, KG_Q_MIN = 4, KG_Q_MAX = 8 };

/* A quantity's parts, as kg_value_quantity gives them. */
typedef struct kg_quantity {
	uint8_t has;   /* KG_Q_* bits */
	uint8_t isint; /* KG_Q_* bits: the number was written as an integer */
	double value, approx, min, max;
	const char *unit; /* NULL when absent */
	const char *note; /* NULL when absent */
} kg_quantity;

typedef struct kg_claim kg_claim;

typedef struct kg_value {
	uint16_t kind; /* kg_vkind */
	uint16_t name; /* the value of an attribute: its name's number (kg_attr_name); else 0 */
	uint32_t n;    /* items of a LIST, claims of CLAIMS; the layout of a QUANTITY */
	union {
		const char *s;
		int64_t i;
		double d;
		bool b;
		const union kg_qword *q; /* a QUANTITY's words (none when its only part
					   * is one number, which is then u.d) */
		const struct kg_value *items;
		const kg_claim *claims;
	} u;
} kg_value;

enum kg_rank { KG_RANK_NORMAL = 0, KG_RANK_PREFERRED = 1, KG_RANK_DEPRECATED = 2 };

struct kg_claim {
	kg_value value;         /* never CLAIMS */
	const kg_eid *sources;  /* source entities */
	uint32_t nsources;
	uint32_t rank;          /* enum kg_rank */
	const char *as_of;      /* ISO date or NULL */
	const char *since;      /* ISO date or NULL: valid from (inclusive) */
	const char *till;       /* ISO date or NULL: valid until (exclusive) */
	const char *note;       /* or NULL */
	kg_loc loc;             /* where the claim was written */
};

/* An attribute: a value whose `name` field numbers its name in the
 * graph's schema (16 bytes: a big graph holds more attributes than
 * anything else). */
typedef struct kg_attr {
	kg_value value;
} kg_attr;
const char *kg_attr_name(const kg_graph *g, const kg_attr *a);

/* The value a plain read gives: for CLAIMS the first preferred claim's
 * value, else the first normal one, else the first; otherwise v itself. */
const kg_value *kg_value_best(const kg_value *v);
/* The parts of a QUANTITY value (the numbers absent are 0, unit and note
 * NULL when absent; the strings belong to the graph). */
void kg_value_quantity(const kg_value *v, kg_quantity *q);
const char *kg_rank_name(uint32_t rank); /* "normal", "preferred", "deprecated" */

/* ------------------------------------------------------------------ */
/* Dates and validity (value.c; doc/time.md)                           */
/* ------------------------------------------------------------------ */

/* A date as written in the data: a year (2019), a month (2019-12) or a
 * day (2019-12-22). It stands for the days it covers, [first, last]. */
typedef struct kg_date {
	int16_t year;  /* 1..9999; 0: no date */
	uint8_t month; /* 1..12; 0: a year */
	uint8_t day;   /* 1..31; 0: a year or a month */
} kg_date;

enum kg_date_prec { KG_DATE_NONE = 0, KG_DATE_YEAR, KG_DATE_MONTH, KG_DATE_DAY };

/* Parses s[0..len): 0 when it is a date (*d set); -1 when it is not one,
 * with why (at least 64 bytes) saying so: "February 2019 has 28 days",
 * "there is no month 13", "year 0 is out of range 1..9999", or "" when s
 * does not even look like one (YYYY, YYYY-MM, YYYY-MM-DD). */
int kg_date_parse(const char *s, size_t len, kg_date *d, char *why, size_t whysz);
/* The date of a stored date string (checked when loaded); no date (year 0)
 * for NULL or anything else. */
kg_date kg_date_of(const char *s);
enum kg_date_prec kg_date_precision(kg_date d);
/* Day numbers (0001-01-01 is day 1), so days compare as integers. */
int32_t kg_date_first(kg_date d);
int32_t kg_date_last(kg_date d);
/* The day whose number is n (1 ..= the last day of 9999). */
kg_date kg_date_of_day(int32_t n);
/* ISO text ("2019", "2019-12", "2019-12-22") in buf (at least 11 bytes). */
const char *kg_date_format(kg_date d, char *buf, size_t bufsz);
/* Days in month m of year y. */
int kg_date_month_days(int y, int m);

/* A span of validity: the days [from, to), open ends at KG_DAY_MIN and
 * KG_DAY_MAX. `since` starts it on its first day; `till` ends it on its
 * first day (till 2018 ends before 2018 begins). */
#define KG_DAY_MIN INT32_MIN
#define KG_DAY_MAX INT32_MAX
typedef struct kg_span {
	int32_t from, to;
} kg_span;
kg_span kg_span_of(const char *since, const char *till); /* NULL: open */
/* Whether the span holds a day of d (with a coarse d: any of its days). */
bool kg_span_meets(kg_span s, kg_date d);
/* Checks the dates of one fact (each NULL when absent): the span must hold
 * a day (since before till) and as_of must meet it. 0 when fine; else
 * KG_SPAN_REVERSED (the problem is at till) or KG_SPAN_AS_OF (at as_of),
 * with why saying so, e.g. "since 2019 is not before till 2018". */
enum { KG_SPAN_OK = 0, KG_SPAN_REVERSED = 1, KG_SPAN_AS_OF = 2 };
int kg_span_check(const char *since, const char *till, const char *as_of, char *why,
		  size_t whysz);

/* Whether claim c is valid at date d, whatever its rank: its since/till
 * meet d and its as_of is not after d (its first day not after d's last).
 * The claims g:at weighs, and those `--as-of` keeps in exports and
 * reports. */
bool kg_claim_meets(const kg_claim *c, kg_date d);
/* The claim of v that holds at date d (Wikidata's rule): among the claims
 * valid then (their since/till meet d, their as_of not after d) and not
 * deprecated, the preferred ones, else the normal ones; among those, the
 * latest as_of, else the first written. NULL when no claim holds then.
 * A value without claims is v itself. */
const kg_claim *kg_claim_at(const kg_value *v, kg_date d);
/* The value v has at date d: the value of kg_claim_at, v itself when it
 * has no claims, NULL when none holds. */
const kg_value *kg_value_at(const kg_value *v, kg_date d);

/* ------------------------------------------------------------------ */
/* Loading                                                             */
/* ------------------------------------------------------------------ */

/* Fixed limits against hostile input; every one has a default (README). */
typedef struct kg_limits {
	size_t max_file_bytes;   /* one input file */
	size_t max_depth;        /* nesting of YAML collections */
	size_t max_alias_nodes;  /* nodes of one document once aliases expand */
	size_t max_scalar_bytes; /* one scalar */
	size_t max_documents;    /* documents in one file */
} kg_limits;

#define KG_DEFAULT_MAX_FILE_BYTES ((size_t)512 << 20)
#define KG_DEFAULT_MAX_DEPTH 64
#define KG_DEFAULT_MAX_ALIAS_NODES ((size_t)1 << 20)
#define KG_DEFAULT_MAX_SCALAR_BYTES ((size_t)1 << 20)
#define KG_DEFAULT_MAX_DOCUMENTS 100000

/* How far a long piece of work has got, for a progress line. The work
 * updates it as it goes, from whichever thread does the work, with
 * __atomic stores; a display reads it from another thread with __atomic
 * loads (relaxed: each number alone is what matters). Zeroed to begin. */
enum kg_phase { KG_PHASE_NONE, KG_PHASE_READ, KG_PHASE_CHECK, KG_PHASE_INDEX, KG_PHASE_SNAPSHOT };
typedef struct kg_progress {
	int phase;                      /* enum kg_phase */
	uint64_t files, files_total;    /* input files read or outputs opened */
	uint64_t bytes, bytes_total;    /* of those files (total 0: unknown) */
	uint64_t items;                 /* entities and relations read so far */
} kg_progress;

typedef struct kg_load_opts {
	const char *schema_path; /* NULL: the graph's own `schema:`, else the built-in core */
	kg_limits limits;
	kg_progress *progress;   /* NULL, or updated while loading (not owned) */
	bool check_only;         /* check every text but keep none: names, notes,
				  * aliases and string values read "" in the graph
				  * returned, which is for counts only (kg import's
				  * check, whose memory is then ids, not texts) */
} kg_load_opts;

void kg_load_opts_init(kg_load_opts *o);

/* Loads and validates the graph in paths (files and directories). Returns
 * NULL when any error was found (all of them are in diags), never a graph
 * loaded half-way. Warnings may be added either way. */
kg_graph *kg_graph_load(const char *const *paths, size_t npaths,
			const kg_load_opts *opts, kg_diags *diags);
void kg_graph_free(kg_graph **g);
/* Writes g as a compiled snapshot (`kg compile`), which kg_graph_load reads
 * back without parsing when it is given as the only path. The file is
 * written whole or not at all. 0, or -1 with the problem in d. */
int kg_graph_save(const kg_graph *g, const char *path, kg_diags *d);

/* ------------------------------------------------------------------ */
/* Reading a graph                                                     */
/* ------------------------------------------------------------------ */

size_t kg_graph_entity_count(const kg_graph *g);
size_t kg_graph_relation_count(const kg_graph *g);
const kg_schema *kg_graph_schema(const kg_graph *g);
/* Every input file read, in load order (for stats and provenance). */
size_t kg_graph_file_count(const kg_graph *g);
const char *kg_graph_file(const kg_graph *g, size_t i);
kg_eid kg_graph_find(const kg_graph *g, const char *id); /* KG_NONE if absent */
/* "Did you mean": the entity id nearest to a misspelt one (spell.h's
 * rule), or NULL; NULL too past KG_NEAR_MAX_ENTITIES entities, where the
 * scan would cost more than the hint is worth. */
#define KG_NEAR_MAX_ENTITIES 200000
const char *kg_graph_id_near(const kg_graph *g, const char *id);
/* Entities whose type is t or a subtype of it, ascending. */
const kg_eid *kg_graph_entities_of(const kg_graph *g, kg_tid t, size_t *n);
/* Relations of type rt, ascending. */
const kg_rid *kg_graph_relations_of(const kg_graph *g, kg_rtid rt, size_t *n);
/* Bytes the graph holds (arena, arrays, indexes), for benchmarks. */
size_t kg_graph_memory(const kg_graph *g);

const char *kg_entity_id(const kg_graph *g, kg_eid e);
kg_tid kg_entity_type(const kg_graph *g, kg_eid e);
const char *kg_entity_name(const kg_graph *g, kg_eid e);  /* the id when unnamed */
const char *kg_entity_notes(const kg_graph *g, kg_eid e); /* NULL when absent */
const char *const *kg_entity_aliases(const kg_graph *g, kg_eid e, size_t *n);
const kg_eid *kg_entity_sources(const kg_graph *g, kg_eid e, size_t *n);
/* Attributes in the order written; every key but the reserved ones. */
const kg_attr *kg_entity_attrs(const kg_graph *g, kg_eid e, size_t *n);
const kg_value *kg_entity_attr(const kg_graph *g, kg_eid e, const char *name); /* NULL if absent */
kg_loc kg_entity_loc(const kg_graph *g, kg_eid e);
/* Relations leaving e (from == e) and, for symmetric types, arriving at e
 * too: a symmetric relation is seen from both ends. Ascending. */
const kg_rid *kg_entity_out(const kg_graph *g, kg_eid e, size_t *n);
/* Relations arriving at e (to == e) and symmetric ones leaving it. */
const kg_rid *kg_entity_in(const kg_graph *g, kg_eid e, size_t *n);
/* The end of relation r that is not e (e itself for a loop): the entity a
 * walk from e along r reaches. */
kg_eid kg_rel_other(const kg_graph *g, kg_rid r, kg_eid e);

kg_eid kg_rel_from(const kg_graph *g, kg_rid r);
kg_eid kg_rel_to(const kg_graph *g, kg_rid r);
kg_rtid kg_rel_type(const kg_graph *g, kg_rid r);
const char *kg_rel_id(const kg_graph *g, kg_rid r);    /* NULL when none was given */
const char *kg_rel_notes(const kg_graph *g, kg_rid r); /* NULL when absent */
const kg_eid *kg_rel_sources(const kg_graph *g, kg_rid r, size_t *n);
const kg_attr *kg_rel_attrs(const kg_graph *g, kg_rid r, size_t *n);
const kg_value *kg_rel_attr(const kg_graph *g, kg_rid r, const char *name);
kg_loc kg_rel_loc(const kg_graph *g, kg_rid r);

/* Validity in time (view_time.c; doc/time.md). A relation holds during
 * the span of its `since` and `till` attributes; an entity exists during
 * the span of the date attributes its type's `existence` names (open when
 * absent). */
kg_span kg_rel_span(const kg_graph *g, kg_rid r);
kg_span kg_entity_span(const kg_graph *g, kg_eid e);
/* The graph as it was at date d: the entities in existence then and the
 * relations valid then between two of them. NULL on out of memory. */
kg_view *kg_view_at(const kg_graph *g, kg_date d);

/* ------------------------------------------------------------------ */
/* The schema                                                          */
/* ------------------------------------------------------------------ */

/* Where the schema came from: a path, or "<core>" for the built-in one. */
const char *kg_schema_origin(const kg_schema *s);
size_t kg_schema_type_count(const kg_schema *s);
const char *kg_schema_type_name(const kg_schema *s, kg_tid t);
kg_tid kg_schema_type_find(const kg_schema *s, const char *name); /* KG_NONE if absent */
kg_tid kg_schema_type_parent(const kg_schema *s, kg_tid t);       /* KG_NONE for a root */
bool kg_schema_type_is(const kg_schema *s, kg_tid t, kg_tid ancestor); /* through is_a */
bool kg_schema_type_abstract(const kg_schema *s, kg_tid t);
const char *kg_schema_type_doc(const kg_schema *s, kg_tid t); /* NULL when none */

size_t kg_schema_rtype_count(const kg_schema *s);
const char *kg_schema_rtype_name(const kg_schema *s, kg_rtid rt);
kg_rtid kg_schema_rtype_find(const kg_schema *s, const char *name);
/* "Did you mean": the entity (rel: relation) type name nearest to a
 * misspelt name (spell.h's rule), or NULL. */
const char *kg_schema_type_near(const kg_schema *s, const char *name, bool rel);
bool kg_schema_rtype_symmetric(const kg_schema *s, kg_rtid rt);
const char *kg_schema_rtype_doc(const kg_schema *s, kg_rtid rt);

/* Drawing styles of the schema's `style` section for one entity or relation
 * type name, as written (not inherited): key/value pairs. */
typedef struct kg_style_kv {
	const char *key, *value;
} kg_style_kv;
const kg_style_kv *kg_schema_style(const kg_schema *s, const char *type_name, size_t *n);

/* ------------------------------------------------------------------ */
/* Views: subgraphs. A view borrows its graph (which must outlive it)   */
/* and owns its membership sets. Relations are members only with both  */
/* their endpoints.                                                    */
/* ------------------------------------------------------------------ */

typedef enum kg_dir { KG_DIR_OUT = 1, KG_DIR_IN = 2, KG_DIR_BOTH = 3 } kg_dir;

kg_view *kg_view_new(const kg_graph *g, bool full); /* NULL on out of memory */
kg_view *kg_view_copy(const kg_view *v);
void kg_view_free(kg_view **v);
const kg_graph *kg_view_graph(const kg_view *v);
bool kg_view_has_entity(const kg_view *v, kg_eid e);
bool kg_view_has_rel(const kg_view *v, kg_rid r);
void kg_view_add_entity(kg_view *v, kg_eid e);
void kg_view_add_rel(kg_view *v, kg_rid r); /* adds both endpoints too */
/* Adds every relation of `within` (a view of the same graph) whose two
 * endpoints are in v. */
void kg_view_add_induced(kg_view *v, const kg_view *within);
size_t kg_view_entity_count(const kg_view *v);
size_t kg_view_rel_count(const kg_view *v);
/* Bytes the view holds (its membership sets), for callers that pace a
 * collector by it. */
size_t kg_view_memory(const kg_view *v);
/* Iteration in ascending order: pass KG_NONE to start; KG_NONE at the end. */
kg_eid kg_view_next_entity(const kg_view *v, kg_eid after);
kg_rid kg_view_next_rel(const kg_view *v, kg_rid after);

/* rtmask: NULL for every relation type, else one byte per relation type,
 * non-zero where that type may be followed. */
kg_view *kg_view_neighborhood(const kg_view *within, kg_eid seed, unsigned depth,
			      kg_dir dir, const uint8_t *rtmask);
/* Shortest path by hops from a to b inside `within`. On success sets *path
 * (malloc'd, the caller frees) and *len (0 when a == b) and returns true;
 * returns false when b cannot be reached or memory ran out. */
bool kg_view_path(const kg_view *within, kg_eid a, kg_eid b, kg_dir dir,
		  const uint8_t *rtmask, kg_rid **path, size_t *len);
/* Every shortest path by hops from a to b inside `within`, in the order a
 * depth-first walk from a along the adjacency meets them: *paths
 * (malloc'd, the caller frees; NULL when no path has a relation) holds
 * *npaths paths of *len relations each, one after another. At most max
 * paths are given, *more set when there are more. Returns 0 (no path when
 * b cannot be reached; one of no relation when a == b), -1 when memory ran
 * out, -2 when the paths would hold more than max_rels relations in all. */
int kg_view_all_paths(const kg_view *within, kg_eid a, kg_eid b, kg_dir dir,
		      const uint8_t *rtmask, size_t max, size_t max_rels,
		      kg_rid **paths, size_t *len, size_t *npaths, bool *more);

/* ------------------------------------------------------------------ */
/* Temporary files: outputs are written to a temporary file and renamed  */
/* into place; tracked ones are removed if the process is interrupted.  */
/* ------------------------------------------------------------------ */

void kg_tmp_track(const char *path);   /* remove path if interrupted */
void kg_tmp_untrack(const char *path); /* after the rename, or the unlink */
/* Installs SIGINT, SIGTERM and SIGHUP handlers that remove every tracked
 * file and then die of the signal (for programs, not libraries). */
void kg_tmp_on_signals(void);
/* Removes every tracked file now; async-signal-safe (for a fatal-signal
 * handler that ends the process with _exit). */
void kg_tmp_remove_all(void);
/* Child processes (a batch run's) that those handlers pass the signal on
 * to, and wait for, before removing the files: at most 512 at once
 * (track returns -1 past that). A child forgets its parent's. */
int kg_tmp_track_child(pid_t pid);
void kg_tmp_untrack_child(pid_t pid);
void kg_tmp_forget_children(void);
/* fn(path) is called by kg_tmp_track before anything else: a batch
 * script's process tells its parent which temporary files it makes, so
 * that they are removed even when that process is killed. NULL: none. */
void kg_tmp_set_announce(void (*fn)(const char *path));

/* Every output file kg writes goes through these (one policy for all):
 * kg_out_open creates a fresh temporary file beside `final` (same
 * directory: the rename is atomic; O_EXCL; mode 0666 less the umask),
 * tracked before it exists, and returns its fd with *tmp set (malloc'd),
 * or -1 with errno set. kg_out_write writes all of buf: 0 or an errno.
 * kg_out_close ends it: when err is 0, fsyncs (with sync: for data that
 * must survive a crash, such as snapshots), closes fd (unless -1: already
 * closed) and renames tmp over final; otherwise, or when one of those
 * fails, removes tmp. It untracks and frees tmp, and returns 0 or the
 * errno. kg_out_write_file does the three for one buffer. */
int kg_out_open(const char *final, char **tmp);
int kg_out_write(int fd, const void *buf, size_t len);
int kg_out_close(int fd, char *tmp, const char *final, int err, int sync);
int kg_out_write_file(const char *final, const void *buf, size_t len, int sync);
/* Reads the rest of f into a malloc'd buffer (NUL-terminated, *len bytes
 * before the NUL): NULL with errno set when reading fails, memory runs out
 * or the data passes about `max` bytes (EFBIG). */
char *kg_read_all(FILE *f, size_t max, size_t *len);

#endif
