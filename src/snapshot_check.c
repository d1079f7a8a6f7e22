/* snapshot_check.c — a snapshot's four indexes checked against its records:
 * each must hold exactly what kgs_finish (store.c) builds from the entities
 * and relations, so that every walk over them (view.c, the Lua binding)
 * meets only relations that touch the entity they are listed under. */
#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "snapshot.h"
#include "store.h"

/* The rows of a CSR index consumed in order: fill[k] is the next position
 * of key k's row. kgs_finish emits the pairs (key, item) by rising item, so
 * walking the records in the same order must meet each row's items one by
 * one; at the end every row must be used up. This checks that the index is
 * exactly the one built from the records (every entry in its right row,
 * none twice, none missing) in one linear pass, reading the records in
 * order; only fill and the rows are read out of order. */
typedef struct rows {
	const kgs_csr *c;
	uint32_t *fill;
	size_t nkeys;
} rows;

static void rows_start(rows *w, const kgs_csr *c, size_t nkeys, uint32_t *fill)
{
	w->c = c;
	w->fill = fill;
	w->nkeys = nkeys;
	memcpy(fill, c->offsets, nkeys * sizeof *fill);
}

/* Whether item is the next one of key k's row (and takes it). */
static inline bool take(const rows *w, uint32_t k, uint32_t item)
{
	uint32_t p = w->fill[k];
	if (p == w->c->offsets[k + 1] || w->c->items[p] != item)
		return false;
	w->fill[k] = p + 1;
	return true;
}

static bool rows_done(const rows *w)
{
	for (size_t k = 0; k < w->nkeys; k++)
		if (w->fill[k] != w->c->offsets[k + 1])
			return false;
	return true;
}

/* out and in: a relation is listed under its from end (out) and its to end
 * (in), and a symmetric one that is not a loop under the other end too. */
static const char *check_adjacency(const kg_graph *g, uint32_t *fill, const uint8_t *sym)
{
	rows out, in;
	rows_start(&out, &g->out, g->nents, fill);
	rows_start(&in, &g->in, g->nents, fill + g->nents);
	for (size_t r = 0; r < g->nrels; r++) {
		const kgs_rel *x = &g->rels[r];
		bool both = x->from != x->to && sym[x->type];
		if (!take(&out, x->from, (uint32_t)r) || (both && !take(&out, x->to, (uint32_t)r)) ||
		    !take(&in, x->to, (uint32_t)r) || (both && !take(&in, x->from, (uint32_t)r)))
			return "the relations of an entity are not those that touch it";
	}
	if (!rows_done(&out) || !rows_done(&in))
		return "the relations of an entity are not those that touch it";
	return NULL;
}

/* by_rtype: each relation under its type; by_type: each entity under its
 * type and every type above it. */
static const char *check_types(const kg_graph *g, uint32_t *fill, size_t ntypes, size_t nrtypes)
{
	rows w;
	rows_start(&w, &g->by_rtype, nrtypes, fill);
	for (size_t r = 0; r < g->nrels; r++)
		if (!take(&w, g->rels[r].type, (uint32_t)r))
			return "the relations of a type are not those of that type";
	if (!rows_done(&w))
		return "the relations of a type are not those of that type";
	rows_start(&w, &g->by_type, ntypes, fill);
	for (size_t e = 0; e < g->nents; e++)
		for (kg_tid t = g->ents[e].type; t != KG_NONE; t = kg_schema_type_parent(g->schema, t))
			if (t >= ntypes || !take(&w, t, (uint32_t)e))
				return "the entities of a type are not those of that type";
	if (!rows_done(&w))
		return "the entities of a type are not those of that type";
	return NULL;
}

int kgsn_check_indexes(const kg_graph *g, const char **why)
{
	size_t ntypes = kg_schema_type_count(g->schema), nrtypes = kg_schema_rtype_count(g->schema);
	size_t nfill = 2 * g->nents;
	if (nfill < ntypes)
		nfill = ntypes;
	if (nfill < nrtypes)
		nfill = nrtypes;
	uint32_t *fill = malloc((nfill ? nfill : 1) * sizeof *fill);
	uint8_t *sym = malloc(nrtypes ? nrtypes : 1);
	if (!fill || !sym) {
		free(fill);
		free(sym);
		return -1;
	}
	for (size_t t = 0; t < nrtypes; t++)
		sym[t] = kg_schema_rtype_symmetric(g->schema, (kg_rtid)t);
	*why = check_adjacency(g, fill, sym);
	if (!*why)
		*why = check_types(g, fill, ntypes, nrtypes);
	free(fill);
	free(sym);
	return *why ? 1 : 0;
}
