/* yaml_tree.h — YAML files to located node trees, within fixed limits (internal).
 *
 * The parser reads libyaml events and builds, one document at a time, a tree
 * of nodes in an arena, each with its line and column (1-based). Aliases
 * point at their anchored node (the tree is a DAG; nothing is copied), merge
 * keys (`<<`) are already applied, duplicate keys and unsupported tags are
 * errors. A document's tree lives until its callback returns (or, when
 * streamed, as kgy_batch says).
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

/* A key and its value. Within the streamed items of a document, plain
 * keys of the same text share one node (most keys repeat on every item),
 * so the key's own line and column are those of its first use: the
 * pair's line and col say where this key was written. */
typedef struct kgy_pair {
	kgy_node *key;   /* always a scalar */
	kgy_node *value;
	uint32_t line, col; /* of the key, as written here */
} kgy_pair;

/* The explicit tags kg accepts, the YAML core schema's (!!str, ...). */
typedef enum kgy_tag {
	KGY_TAG_NONE, KGY_TAG_STR, KGY_TAG_INT, KGY_TAG_FLOAT, KGY_TAG_BOOL,
	KGY_TAG_NULL, KGY_TAG_MAP, KGY_TAG_SEQ
} kgy_tag;

/* 32 bytes: a big file's tree is mostly nodes. */
struct kgy_node {
	uint8_t kind;   /* kgy_kind */
	uint8_t style;  /* kgy_style, scalars only */
	uint8_t tag;    /* kgy_tag: the explicit tag given, KGY_TAG_NONE when none */
	uint8_t streamed : 1; /* a list whose items were streamed (kgy_parse_file_stream) */
	uint8_t shared : 1;   /* a key node shared by text (kgy_pair): two shared
			       * keys (of one document) are equal exactly when
			       * they are one node */
	uint8_t no_intern : 1; /* a shared key whose values the loader never
				* interns (name, notes, aliases, type) */
	uint32_t line, col;
	uint32_t hash;  /* scalars: kga_hash of the text, or 0 when not computed:
			 * the parser computes it for shared keys and for the
			 * values of streamed items that the loader may intern */
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
/* Streaming a data file. The items of a list under a document's root key
 * `entities` or `relations` are handed over in batches as soon as they are
 * built, so a big document never lives whole in memory; such a list stays
 * in the root's tree empty, with `streamed` set. Lists with an anchor or a
 * tag, and everything else, are built as usual and come with the root at
 * the document's end. A batch holds items of one document only; items
 * built after an error in their document are left out. */
typedef struct kgy_entry {
	const kgy_node *node;
	uint32_t hend;      /* its hashes end here in the batch's hashes (they
			     * start where the previous item's end, or at 0) */
	uint8_t relation;   /* 1: an item of `relations`; 0: of `entities` */
} kgy_entry;

typedef struct kgy_batch {
	kga_arena arena;      /* the items' nodes */
	kgy_entry *entries;   /* malloc'd, owned by the batch */
	size_t n, cap;
	uint32_t *hashes;     /* malloc'd, owned by the batch: the hashes of
			       * the items' scalars that may be interned, in
			       * the order written (for kgy_prefetch) */
	size_t nh, caph;
	uint32_t docno;
	bool keep;            /* defines an anchor: later items of the document
			       * may point into this batch's nodes, so keep its
			       * arena until the document's end */
	bool doc_end;         /* the last batch of a document; it carries the
			       * document's own memory, which earlier batches
			       * may point into, and its root */
	const kgy_node *root; /* with doc_end: the root, or NULL (empty or errors) */
} kgy_batch;

/* The interned copy of scalar n's text (NULL on OOM), using its hash when
 * the parser has computed it. */
const char *kgy_intern(kga_strtab *t, const kgy_node *n);
/* Warms the cache for interning into t the scalars of items i..i+n-1
 * of batch b (those there are), by their hashes, computed by the parser:
 * depth 0 fetches their slots in the table, depth 1 (once those have
 * arrived) the strings the slots point to. Interning is a table probe and
 * a string compare, two cache misses each, which this overlaps for groups
 * of items instead of taking them one after the other. */
void kgy_prefetch(const kga_strtab *t, const kgy_batch *b, size_t i, size_t n, int depth);

void kgy_batch_init(kgy_batch *b);
void kgy_batch_free(kgy_batch *b);
/* Empties b for reuse (keeps some memory). */
void kgy_batch_reset(kgy_batch *b);

/* Called with each full batch. The callee owns what *b holds from then
 * on and must leave *b an empty batch (kgy_batch_reset or kgy_batch_init
 * after moving it away). Return non-zero to stop reading. */
typedef int (*kgy_batch_fn)(void *ud, kgy_batch *b);
size_t kgy_parse_file_stream(const char *path, const kg_limits *lim, kg_diags *diags,
			     kgy_batch_fn fn, void *ud);

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

/* The pair's key, placed where this pair wrote it: for messages. */
static inline kgy_node kgy_key_at(const kgy_pair *p)
{
	kgy_node k = *p->key;
	k.line = p->line;
	k.col = p->col;
	return k;
}

#endif
