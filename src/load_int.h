/* load_int.h — what the loader's files share (internal to load.c,
 * load_item.c and load_paths.c): the loader's state and the functions one
 * file calls in another. Prefix kgld_. */
#ifndef KG_LOAD_INT_H
#define KG_LOAD_INT_H

#include "schema_value.h"
#include "schema_find.h"
#include "store.h"
#include "yaml_tree.h"

/* A reference by id, resolved once every entity is known. */
typedef struct pending_ref {
	const char *id;   /* interned */
	kg_eid *slot;     /* filled with the entity, or NULL (see pool) */
	kgs_pool *pool;   /* else item `at` of this pool of kg_eid is (it may move) */
	uint32_t at;
	kg_tid must_be;   /* KG_NONE: any type */
	uint32_t file, line, col;
} pending_ref;

/* A relation's end whose entity was not yet loaded when it was read: 16
 * bytes, as a big graph has hundreds of thousands. Its place is kept as
 * lines after the relation's own line and a column, when they fit (they
 * nearly always do); else the relation's place stands for it. */
typedef struct pending_end {
	const char *id;   /* interned */
	kg_rid rel;
	uint32_t where;   /* end (bit 0: 0 from, 1 to) | line delta << 1 (7 bits) | col << 8 (24 bits) */
} pending_end;
#define END_DLINE_MAX 127u
#define END_COL_MAX 0xFFFFFFu

/* Type names found last (direct-mapped; the names are the schema's):
 * most items name one of a few types, which this finds without hashing. */
#define TYPE_CACHE 16
typedef struct type_cache {
	const char *name[TYPE_CACHE];
	uint32_t len[TYPE_CACHE];
	uint32_t id[TYPE_CACHE];
} type_cache;

typedef struct loader {
	kg_graph *g;
	kg_diags *diags;
	const kg_schema *schema;
	kg_tid source_t;        /* the schema's `source` type, or KG_NONE */
	uint32_t file;          /* index of the file being read */
	const char *fname;
	const kgsf_schema *named; /* the schema the data names, checked in each
				  * document; NULL when -s gives it */
	pending_ref *refs;
	size_t nrefs, caprefs;
	pending_end *ends;
	size_t nends, capends;
	kg_attr *attrs;         /* scratch for one entity's or relation's attributes */
	size_t capattrs;
	kgv_ctx vc;
	kga_arena keep;         /* streamed batches that hold anchors, until their document ends */
	uint16_t *types;        /* entity -> type (kgs_type16), beside the graph's
				 * records: the reference checks read it at random,
				 * and at 2 bytes an entity it mostly stays in the cache */
	size_t captypes;
	type_cache etypes, rtypes; /* type names found last */
	int oom;
	kg_progress *pr;        /* kg_load_opts.progress, or NULL */
	uint64_t *sizes;        /* with pr: each file's bytes (malloc'd; NULL: unknown) */
	uint32_t pr_file;       /* with pr: the files before it are counted as read */
} loader;

#define ERR(L, n, ...) kg_diags_add((L)->diags, KG_ERROR, (L)->fname, (n)->line, (n)->col, __VA_ARGS__)
/* At the key of pair pr, where this pair wrote it (key nodes are shared). */
#define ERR_KEY(L, pr, ...) kg_diags_add((L)->diags, KG_ERROR, (L)->fname, (pr)->line, (pr)->col, __VA_ARGS__)

/* ---- load_item.c: one item of a document into the store ---------- */

/* One entity: a mapping, with its inline relations. */
void kgld_entity(loader *L, const kgy_node *n);
/* One relation: a mapping; `from_id` is set for inline relations (of the
 * entity `owner`). */
void kgld_relation(loader *L, const kgy_node *n, const char *from_id, const kgy_node *owner);
/* Entity e, found for a reference written at f:line:col, must be of type
 * must_be (KG_NONE: any). */
void kgld_check_ref_type(loader *L, const char *f, uint32_t line, uint32_t col, const char *id,
			 kg_eid e, kg_tid must_be);
/* Entity e may be end k (0 from, 1 to) of a relation of type rt. */
void kgld_check_endpoint(loader *L, const char *f, uint32_t line, uint32_t col, kg_rtid rt,
			 int k, const char *id, kg_eid e);
/* The kgv_ref_fn the value checker calls for claim sources and refs. */
void kgld_on_value_ref(void *ud, const char *id, uint32_t line, uint32_t col, kg_eid *slot,
		       kg_tid must_be);

/* ---- load_paths.c: the files to read ------------------------------ */

typedef struct file_list {
	char **paths; /* malloc'd */
	size_t n, cap;
} file_list;

/* Expands the paths given into the files to read: a directory into its
 * *.yaml and *.yml files, below it, sorted. Problems go to d; -1 when out
 * of memory. */
int kgld_collect_files(const char *const *paths, size_t npaths, file_list *fl, kg_diags *d);
void kgld_list_free(file_list *fl);

#endif
