/* query.h — pattern queries: a Cypher-like path pattern, parsed against a
 * graph's schema (query_parse.c) and matched over a view (query_match.c).
 * Core layer: the store, views and the schema; never Lua or YAML.
 *
 *   (d:country {id: 'dprk'})-[s:sends_workers_to]->(c:country),
 *   (c)-[:member_of|party_to*1..3]-(o {name: "The Union"})
 *
 * Ownership: a kgq_pattern and a kgq_exec belong to their creator
 * (kgq_pattern_free, kgq_exec_free: T **, NULL-safe). A pattern copies
 * every string it keeps and refers to its schema's types by number, so it
 * is matched only against graphs of the schema it was parsed with. An
 * exec borrows its pattern and its view, which must outlive it.
 *
 * Errors are values (kgq_error): a message with the line and column of the
 * pattern it is about; kgq_error_format makes the text a person reads.
 */
#ifndef KG_QUERY_H
#define KG_QUERY_H

#include "kg.h"

/* Limits: every one keeps a hostile or mistaken pattern bounded. */
#define KGQ_MAX_TEXT 4096        /* bytes of pattern text */
#define KGQ_MAX_VARS 32          /* named variables */
#define KGQ_MAX_ELEMS 64         /* node and relation patterns together */
#define KGQ_MAX_PROPS 64         /* {key: value} pairs in the whole pattern */
#define KGQ_MAX_RTYPES 64        /* relation types named in the whole pattern */
#define KGQ_MAX_HOPS 10          /* the upper bound of a variable length (*1..N) */
/* Work (candidates and adjacency entries looked at) a match may do before
 * it stops with an error: about a second on a laptop. */
#define KGQ_DEFAULT_MAX_STEPS 100000000ull

typedef struct kgq_error {
	uint32_t line, col; /* 1-based, col in characters; 0 when not about a place */
	char msg[240];
} kgq_error;

/* ------------------------------------------------------------------ */
/* The parsed form (made by query_parse.c, read by query_match.c)       */
/* ------------------------------------------------------------------ */

enum kgq_lkind { KGQ_L_STRING, KGQ_L_INT, KGQ_L_NUMBER, KGQ_L_BOOL };
enum kgq_field { KGQ_F_ID, KGQ_F_NAME, KGQ_F_ATTR };

/* One {key: value} test. */
typedef struct kgq_prop {
	uint8_t field;   /* kgq_field */
	uint8_t kind;    /* kgq_lkind of the literal */
	uint16_t attr;   /* KGQ_F_ATTR: the attribute's number (kg_value.name) */
	const char *key; /* as written (in the pattern's string space) */
	const char *s;   /* KGQ_L_STRING (in the pattern's string space) */
	int64_t i;       /* KGQ_L_INT, and KGQ_L_BOOL as 0/1 */
	double d;        /* KGQ_L_NUMBER, and KGQ_L_INT as a double */
} kgq_prop;

/* A node of the pattern: every occurrence of one variable merged, or one
 * anonymous (). Its props are props[prop0 .. prop0 + nprops). */
typedef struct kgq_node {
	int var;             /* variable number, -1 when anonymous */
	kg_tid type;         /* the narrowest type named, KG_NONE for any */
	bool never;          /* two unrelated types were named: matches nothing */
	uint16_t prop0, nprops;
} kgq_node;

/* A relation of the pattern, written between nodes a and b. */
typedef struct kgq_edge {
	int var;             /* variable number, -1 when anonymous */
	uint16_t a, b;       /* nodes, in the order written */
	uint8_t dir;         /* kg_dir: OUT a->b, IN a<-b, BOTH a-b */
	bool varlen;         /* written with *: min..max hops, reachability */
	uint8_t min, max;    /* hops (1, 1 for a plain relation) */
	uint16_t rt0, nrt;   /* relation types: rtypes[rt0 .. rt0 + nrt), 0: any */
	uint16_t prop0, nprops;
} kgq_edge;

typedef struct kgq_pattern {
	const kg_schema *schema;
	size_t nvars, nnodes, nedges, nprops, nrtypes;
	const char *vars[KGQ_MAX_VARS];       /* names, in the string space */
	bool var_is_rel[KGQ_MAX_VARS];
	kgq_node nodes[KGQ_MAX_ELEMS];
	kgq_edge edges[KGQ_MAX_ELEMS];
	kgq_prop props[KGQ_MAX_PROPS];
	kg_rtid rtypes[KGQ_MAX_RTYPES];
	size_t nstr;                           /* bytes used in str */
	char str[2 * KGQ_MAX_TEXT]; /* every string kept */
} kgq_pattern;

/* ------------------------------------------------------------------ */
/* Parsing                                                             */
/* ------------------------------------------------------------------ */

/* Parses text[0..len) against schema s. Returns the pattern, or NULL with
 * *err set (a syntax error, an unknown type, relation type or attribute
 * with a suggestion, a limit passed, or out of memory). */
kgq_pattern *kgq_parse(const kg_schema *s, const char *text, size_t len, kgq_error *err);
void kgq_pattern_free(kgq_pattern **p);

/* Named variables, numbered in order of first appearance. */
size_t kgq_var_count(const kgq_pattern *p);
const char *kgq_var_name(const kgq_pattern *p, size_t i);
bool kgq_var_is_rel(const kgq_pattern *p, size_t i);

/* The text of err for a person, into buf (always terminated):
 * "pattern:LINE:COL: MSG", then, for an error with a place, the line of
 * text it is on (a window of it when long) and a caret under the column. */
void kgq_error_format(const kgq_error *err, const char *text, size_t len, char *buf, size_t bufsz);

/* ------------------------------------------------------------------ */
/* Matching                                                            */
/* ------------------------------------------------------------------ */

typedef struct kgq_exec kgq_exec;

/* Called once per match: vals[i] is the entity (or, for a relation
 * variable, the relation) bound to variable i; rels[e] the relation that
 * edge e of the pattern matched (named or not; KG_NONE for a variable
 * length). Returns 0 to go on; any other value stops the match, and
 * kgq_exec_run returns it. */
typedef int (*kgq_row_fn)(void *ud, const uint32_t *vals, const uint32_t *rels);

/* Plans the match of p over `within` (a view of a graph of p's schema):
 * starts from the most selective node (an id, else the smallest type,
 * else every entity) and grows along the adjacency. NULL when out of
 * memory. */
kgq_exec *kgq_exec_new(const kgq_pattern *p, const kg_view *within);
/* Runs it: calls fn for every match, in plan order; once fn has stopped
 * it, nothing of the graph is read again (fn may have freed it). Returns 0 when every
 * match was given, fn's non-zero value when fn stopped it, or -1 with *err
 * set when the match did more than max_steps steps of work. May be run
 * again. */
int kgq_exec_run(kgq_exec *x, uint64_t max_steps, kgq_row_fn fn, void *ud, kgq_error *err);
void kgq_exec_free(kgq_exec **x);
/* The plan, for tests and `--explain`-like output: "scan c:country (12),
 * expand s ..." into buf (always terminated). */
void kgq_exec_plan(const kgq_exec *x, char *buf, size_t bufsz);

#endif
