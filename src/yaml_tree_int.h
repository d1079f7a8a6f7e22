/* yaml_tree_int.h — what the YAML reader's files share (internal to
 * yaml_tree.c, yaml_errors.c and yaml_stream.c): the parser's state and
 * the functions one file calls in another. Prefix kgyt_. */
#ifndef KG_YAML_TREE_INT_H
#define KG_YAML_TREE_INT_H

#include <stdint.h>
#include <yaml.h>

#include "arena.h"
#include "yaml_input.h"
#include "yaml_tree.h"

/* One collection being built. */
typedef struct frame {
	kgy_node *node;      /* the collection; its children come at its end */
	size_t base;         /* its first child on the item stack */
	size_t size;         /* expanded size so far: 1 + children's, saturating */
	const char *anchor;  /* its anchor (in the arena) or NULL */
	kgy_node *key;       /* map: the key waiting for its value, or NULL */
	uint32_t kline, kcol;        /* where that key was written */
	kgy_node *merge;     /* map: the value of `<<`, or NULL */
	uint32_t mline, mcol;        /* where the `<<` key was written */
	uint8_t key_is_merge, key_is_bad;
	uint8_t stream;      /* a root list whose items are streamed (frames[1] only) */
	uint8_t no_hash;     /* in a streamed item, under a key whose values the
			      * loader does not intern (not_interned) */
	uint8_t relations;   /* with stream: the list of `relations` */
} frame;

_Static_assert(sizeof(kgy_node) == 32, "kgy_node is 32 bytes: a big file's tree is mostly nodes");

/* A child on the stack of open collections, and where it was written
 * (for a shared key node, not its own place). */
typedef struct item {
	kgy_node *n;
	uint32_t line, col;
} item;

/* Plain keys of a document's streamed items, shared by text (kgy_pair). */
#define KEY_CACHE 512        /* slots, a power of two */
#define KEY_CACHE_MAX 256    /* distinct keys shared, at most */
#define KEY_SHARE_LEN 32     /* longer keys are not shared */

/* An anchor of the current document. */
typedef struct anchor {
	const char *name; /* in the arena; NULL: empty slot */
	uint32_t hash;
	uint8_t open;     /* its collection is still being built */
	kgy_node *node;
	size_t size;      /* expanded size of node */
} anchor;

typedef struct yt {
	const char *name;      /* file name for diagnostics */
	const char *buf;       /* the input in memory (kgy_parse_buffer), or NULL */
	size_t len;
	kgy_input *in;         /* else the file being read */
	const kg_limits *lim;
	kg_diags *diags;
	size_t errors;         /* errors added for this file */
	size_t doc_errors;     /* errors added for the current document */
	bool stop;             /* stop reading the file */
	kga_arena arena;       /* the current document's nodes */
	char *cur, *end;       /* the arena chunk being cut up by alloc8 */
	kgy_batch_fn stream;   /* when set: streaming (kgy_parse_file_stream) */
	void *ud;              /* stream's */
	kgy_batch batch;       /* the streamed items not yet handed over */
	char *bcur, *bend;     /* the batch's arena chunk being cut up */
	bool docopen;          /* a document has started and not been handed over */
	uint32_t docno;
	kgy_node *root;
	size_t alias_nodes;    /* nodes the document's aliases add */
	frame *frames;         /* open collections, innermost last */
	size_t depth, fcap;
	bool item;             /* in_item(): building a streamed item */
	item *items;           /* children of open collections; maps: key, value, ... */
	size_t nitems, icap;
	anchor *anchors;       /* open addressing; cap a power of two */
	size_t acap, acount;
	uint32_t *keyset;      /* scratch hash of pair indexes + 1 for big maps */
	kgy_node **keys;       /* KEY_CACHE slots: shared key nodes, in the document's arena */
	size_t nkeys;
	size_t kcap;
} yt;

static inline uint32_t to_u32(size_t v)
{
	return v >= UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

/* ---- yaml_errors.c: every problem goes to diags, located -------- */

/* An error at line:col (0:0: the whole file), counted for the file and
 * the document. */
void kgyt_err(yt *p, uint32_t line, uint32_t col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Out of memory: reported, and reading stops. */
void kgyt_oom(yt *p);
/* Reading stopped at a byte that is no UTF-8 text, or at a read error. */
void kgyt_input_error(yt *p, const kgy_input *in);
/* libyaml's error, located and explained. */
void kgyt_libyaml_error(yt *p, const yaml_parser_t *yp);
/* Checks an explicit tag and records it on n; false after an error. */
bool kgyt_apply_tag(yt *p, kgy_node *n, const char *tag);

/* ---- yaml_stream.c: the streamed items of a data file ------------ */

/* Item n of the streamed list (relation: of `relations`) joins the batch,
 * which goes out when full. */
void kgyt_emit_item(yt *p, const kgy_node *n, bool relation);
/* The document's end: its memory and root go out with the last batch. */
void kgyt_stream_doc_end(yt *p);
/* Whether a list starting under the root's pending key is streamed: 0
 * (`entities`), 1 (`relations`) or -1 (not streamed). */
int kgyt_stream_list(const yt *p, const char *tag, const yaml_char_t *anc);

#endif
