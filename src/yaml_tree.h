/* yaml_tree.h — YAML files to located node trees, within fixed limits (internal).
 *
 * The parser reads libyaml events and builds, one document at a time, a tree
 * of nodes in an arena, each with its line and column (1-based). Aliases
 * point at their anchored node (the tree is a DAG; nothing is copied), merge
 * keys (`<<`) are already applied, duplicate keys and unsupported tags are
 * errors. A document's tree lives until its callback returns.
 */
#ifndef KG_YAML_TREE_H
#define KG_YAML_TREE_H

#include "arena.h"
#include "kg.h"

typedef enum kgy_kind { KGY_SCALAR, KGY_SEQ, KGY_MAP } kgy_kind;

/* How a scalar was written: plain scalars are resolved to null, bool, int
 * and float by their text; quoted and block scalars are always strings. */
typedef enum kgy_style { KGY_PLAIN, KGY_QUOTED, KGY_BLOCK } kgy_style;

typedef struct kgy_node kgy_node;

typedef struct kgy_pair {
	kgy_node *key;   /* always a scalar */
	kgy_node *value;
} kgy_pair;

struct kgy_node {
	uint8_t kind;   /* kgy_kind */
	uint8_t style;  /* kgy_style, scalars only */
	uint8_t tagged; /* 1 when an explicit core tag (!!str, !!int, ...) was given */
	uint32_t line, col;
	const char *tag;  /* explicit tag as resolved ("tag:yaml.org,2002:str") or NULL */
	union {
		struct {
			const char *s; /* NUL-terminated, never contains NUL */
			size_t len;
		} scalar;
		struct {
			kgy_node **items;
			size_t n;
		} seq;
		struct {
			kgy_pair *pairs; /* in the order written, merged keys after */
			size_t n;
		} map;
	} u;
};

/* Called once for each document of a file, in order; docno counts from 0.
 * `file` is the name diagnostics use. Return 0 to go on, non-zero to stop
 * reading the file. */
typedef int (*kgy_doc_fn)(void *ud, const char *file, size_t docno,
			  const kgy_node *root);

/* Reads one regular file; refuses directories, devices, FIFOs, files over
 * the size limit, NUL bytes, invalid UTF-8. Every problem goes to diags as
 * an error located at FILE:LINE:COL. Returns the number of errors added
 * (0 when the whole file was read). A document with errors is not passed
 * to fn. */
size_t kgy_parse_file(const char *path, const kg_limits *lim, kg_diags *diags,
		      kgy_doc_fn fn, void *ud);
/* Like kgy_doc_fn, for kgy_parse_file_take: the callback may take the
 * document's memory by moving *arena into its own kga_arena and calling
 * kga_arena_init(arena); the tree then lives until the taker frees it.
 * This lets another thread convert one document while the next is read. */
typedef int (*kgy_take_fn)(void *ud, const char *file, size_t docno,
			   const kgy_node *root, kga_arena *arena);
size_t kgy_parse_file_take(const char *path, const kg_limits *lim, kg_diags *diags,
			   kgy_take_fn fn, void *ud);

/* The same over a buffer already in memory; `name` is used in diagnostics. */
size_t kgy_parse_buffer(const char *name, const char *buf, size_t len,
			const kg_limits *lim, kg_diags *diags, kgy_doc_fn fn, void *ud);

/* Lookup of a key (a scalar) in a mapping; NULL when absent or not a map. */
const kgy_node *kgy_map_get(const kgy_node *map, const char *key);
/* Short printable form of a scalar for messages: quoted, escaped, cut to
 * about `max` bytes with "...". Writes into buf (size bufsz) and returns it. */
const char *kgy_quote(const char *s, size_t len, char *buf, size_t bufsz);
/* "a string", "a sequence", "a mapping", "an integer", ... for messages. */
const char *kgy_describe(const kgy_node *n);

/* Plain-scalar resolution (YAML 1.2 core schema). */
bool kgy_is_null(const kgy_node *n);
bool kgy_as_bool(const kgy_node *n, bool *out);      /* true/false, True, TRUE... */
bool kgy_as_int(const kgy_node *n, int64_t *out);    /* decimal, 0x, 0o; no overflow */
bool kgy_as_number(const kgy_node *n, double *out);  /* int or float forms, .inf, .nan */

#endif
