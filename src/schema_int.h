/* schema_int.h — the schema's own layout, shared by its reader (schema.c)
 * and its model (schema_model.c); internal to them. */
#ifndef KG_SCHEMA_INT_H
#define KG_SCHEMA_INT_H

#include "schema_model.h"

struct kgss_rule; /* schema_style.h: the schema layer, above the model */

/* A compiled pattern; the list lets kgsc_free free every one. */
typedef struct sc_regex {
	kgsc_pattern *re;
	struct sc_regex *next;
} sc_regex;

/* The style section's entry for one type: pairs in the order written,
 * and the items of its list form (schema_style.h). */
typedef struct sc_style {
	kg_style_kv *kv;
	size_t n;
	struct kgss_rule *rules;
	size_t nrules;
	kg_loc at;     /* where it was given (file NULL: not given) */
	unsigned layer; /* in which of the schemas combined */
} sc_style;

struct kg_schema {
	kga_arena arena;    /* owns everything below */
	const char *origin; /* a path or "<core>": the last of the layers */
	const char **lfiles; /* the schemas combined, extended ones first (schema_layers.h) */
	uint64_t *lreach;    /* bit i of lreach[l]: layer l extends layer i */
	size_t nlayers;
	kgsc_etype *types;
	size_t ntypes;
	kgsc_rtype *rtypes;
	size_t nrtypes;
	uint32_t *tindex, *rindex; /* open addressing: index + 1, 0 = empty */
	size_t tcap, rcap;         /* powers of two */
	uint64_t *anc;             /* ancestor bitsets, awords per type (self included) */
	size_t awords;
	sc_style *tstyle, *rstyle; /* per entity type, per relation type */
	sc_style gstyle;           /* the style section's `graph` entry */
	sc_regex *regexes;
	const char **anames;       /* attribute number -> name; [0] unused */
	size_t nanames, capanames;
};

/* Open-addressing name indexes (index + 1, 0 = empty): the capacity for
 * n names (a power of two), and the index of `name` among the names that
 * are the first field of each stride-sized record, or KG_NONE. */
size_t kgsc_index_cap(size_t n);
uint32_t kgsc_index_find(const uint32_t *idx, size_t cap, const char *const *names,
			 size_t stride, const char *name);

#endif
