/* store.h — the layout of a loaded graph, shared by the store's readers
 * (store.c) and the loader that fills it (load.c). Internal: everything
 * else reads a graph through kg.h.
 *
 * Ownership: the graph's arena holds every string (interned once in
 * `strings`) and value; the entity, relation, pool, index and adjacency
 * arrays are malloc'd and owned by the graph; the schema is owned by the
 * graph.
 */
#ifndef KG_STORE_H
#define KG_STORE_H

#include "arena.h"
#include "kg.h"

/* A growing array of the parts of records (attributes, sources, aliases)
 * in record order: the parts of record i run from its start index to the
 * next record's start (or to n for the last). Indexes are 32-bit, so the
 * records stay small; more than UINT32_MAX - 1 parts is out of memory. */
typedef struct kgs_pool {
	void *items;   /* malloc'd, owned by the graph (or in a snapshot's mapping) */
	uint32_t n;
	size_t cap;
} kgs_pool;

/* Records keep their type in 16 bits (a schema declares at most
 * KGSC_MAX_TYPES of each kind) and their column in 16 bits: from
 * KGS_FAR_COL on, the column is in a side table (g->ecols, g->rcols). Their
 * file is found from the first record of each file: records are added file
 * by file (kgs_begin_file). */
#define KGS_NO_TYPE 0xffffu /* a type not in the schema: only in a graph with errors */
#define KGS_FAR_COL 0xffffu

typedef struct kgs_entity {
	const char *id;               /* interned */
	const char *name;             /* the id when unnamed */
	uint32_t line;
	uint16_t type, col;           /* see KGS_NO_TYPE, KGS_FAR_COL */
	uint32_t attr0, src0, alias0; /* starts in g->eattrs, g->esrcs, g->ealiases */
	uint32_t notes;               /* 0, or 1 + the index of its notes in g->xstrs */
} kgs_entity;

typedef struct kgs_rel {
	kg_eid from, to;
	uint32_t line;
	uint16_t type, col;
	uint32_t attr0, src0;         /* starts in g->rattrs, g->rsrcs */
} kgs_rel;

/* A value kept beside record rec, for the few records that have one (a
 * column from KGS_FAR_COL on; a relation's id and notes); side tables hold
 * them by ascending record (kgs_side_find). */
typedef struct kgs_side {
	uint32_t rec, val;
} kgs_side;

/* A compressed adjacency or index: items of key k are
 * items[offsets[k] .. offsets[k+1]). */
typedef struct kgs_csr {
	uint32_t *offsets; /* nkeys + 1 */
	uint32_t *items;
} kgs_csr;

struct kg_graph {
	kga_arena arena;
	kga_strtab strings;
	kg_schema *schema;
	kgs_entity *ents;
	size_t nents, capents;
	kgs_rel *rels;
	size_t nrels, caprels;
	kgs_pool eattrs, rattrs;      /* kg_attr: of entities, of relations */
	kgs_pool esrcs, rsrcs;        /* kg_eid: sources of entities, of relations */
	kgs_pool ealiases;            /* const char *: aliases of entities */
	kgs_pool xstrs;               /* const char *: notes and relation ids, rarely set */
	const char **files;           /* interned paths, in load order */
	size_t nfiles, capfiles;
	uint32_t *file_ents;          /* [capfiles] the first entity of each file, then */
	uint32_t *file_rels;          /* the first relation; malloc'd (or in the mapping) */
	size_t nbegun;                /* files whose first records are set */
	kgs_pool ecols, rcols;        /* kgs_side: far columns of entities, of relations */
	kgs_pool relx;                /* kgs_side: relations with an id or notes: 1 + the
				       * index in xstrs of the id (or NULL), then the notes */
	uint64_t *idx;                /* id hash: (hash << 32) | (entity index + 1), 0 = empty;
				       * built by kgs_finish (the loader finds ids by tags) */
	size_t idxcap;                /* a power of two */
	kgs_csr by_type;              /* entity type -> entities of it or a subtype */
	kgs_csr by_rtype;             /* relation type -> relations */
	kgs_csr out, in;              /* entity -> relations (see kg_entity_out) */
	/* A graph loaded from a snapshot (snapshot.c): the arrays and indexes
	 * above point into this private mapping, which the graph owns. */
	void *map;                    /* NULL for a graph read from YAML */
	size_t maplen;
	void (*unmap)(void *map, size_t len); /* how kg_graph_free lets go of map
	                                       * (the snapshot loader's: it is guarded) */
	const char *schema_text;      /* the schema's source, in the mapping */
	size_t schema_textlen;
};

/* Store building (store.c), used by the loader. */
kg_graph *kgs_new(void);
/* Finds an entity by an id of len bytes; KG_NONE when absent. */
kg_eid kgs_find_n(const kg_graph *g, const char *id, size_t len);
/* While loading, the tag of an interned string (kga_tag) holds 1 + the
 * entity whose id it is (0: none yet) and, in its top bit, whether it is
 * a relation's id; so entities number at most 2^31 - 2. */
#define KGS_TAG_RELID 0x80000000u
#define KGS_MAX_ENTITIES (KGS_TAG_RELID - 2)
/* The entity whose id is this string, interned in the graph's strings;
 * KG_NONE when none (yet). Valid while loading (kgs_add_entity tags it). */
static inline kg_eid kgs_entity_of(const char *interned_id)
{
	return (kga_tag(interned_id) & ~KGS_TAG_RELID) - 1; /* 0, untagged: KG_NONE */
}
/* Marks an interned string as a relation's id: 0 when it already was. */
static inline int kgs_mark_relid(const char *interned_id)
{
	uint32_t t = kga_tag(interned_id);
	if (t & KGS_TAG_RELID)
		return 0;
	kga_set_tag(interned_id, t | KGS_TAG_RELID);
	return 1;
}
/* Appends an entity whose id is interned in g->strings and not yet
 * present (its parts start at the pools' ends); KG_NONE when out of
 * memory or past KGS_MAX_ENTITIES. */
kg_eid kgs_add_entity(kg_graph *g, const char *id);
/* Appends a relation (its parts start at the pools' ends); KG_NONE on OOM. */
kg_rid kgs_add_rel(kg_graph *g);
/* Room for count more items of size sz at the end of p (p->n grows by
 * count); NULL when out of memory or past the 32-bit indexes. */
void *kgs_pool_push(kgs_pool *p, size_t count, size_t sz);
/* Adds a file name; its index, or UINT32_MAX on OOM. */
uint32_t kgs_add_file(kg_graph *g, const char *path);
/* The records added from now on come from file f (and files before it
 * that added none are done); f == g->nfiles when every file is done. */
void kgs_begin_file(kg_graph *g, size_t f);
/* The value beside record rec in side table p; NULL when none. */
const kgs_side *kgs_side_find(const kgs_pool *p, uint32_t rec);
/* Where record rec (an entity, or a relation when rel) was written; -1 on OOM. */
int kgs_set_place(kg_graph *g, int rel, uint32_t rec, uint32_t line, uint32_t col);
/* A record's type as kg_tid / kg_rtid (KG_NONE for KGS_NO_TYPE); the
 * 16-bit form of t. */
static inline uint32_t kgs_type_of(uint16_t t) { return t == KGS_NO_TYPE ? KG_NONE : t; }
static inline uint16_t kgs_type16(uint32_t t) { return t < KGS_NO_TYPE ? (uint16_t)t : KGS_NO_TYPE; }
/* Builds the id hash (g->idx) of the entities in; -1 on OOM. */
int kgs_index_ids(kg_graph *g);
/* Builds the id hash, type indexes and adjacency once every entity and
 * relation is in and resolved; -1 on OOM. */
int kgs_finish(kg_graph *g);

#endif
