/* view_walk.h — what the walks over a view share (view.c's neighborhoods,
 * view_path.c's shortest paths): which relations a step may take, in
 * which lists, and a growable array of indexes. Internal to the core. */
#ifndef KG_VIEW_WALK_H
#define KG_VIEW_WALK_H

#include <stdlib.h>

#include "kg.h"

/* The relations a walk may follow: those of `within` (NULL when the view
 * holds every relation of g, so that no step tests membership) of the
 * types in rtmask (NULL: every type). */
typedef struct kgw_rules {
	const kg_graph *g;
	const kg_view *within;
	const uint8_t *rtmask;
} kgw_rules;

static inline kgw_rules kgw_rules_of(const kg_view *within, const uint8_t *rtmask)
{
	const kg_graph *g = kg_view_graph(within);
	kgw_rules w = {g, within, rtmask};
	if (kg_view_rel_count(within) == kg_graph_relation_count(g))
		w.within = NULL;
	return w;
}

static inline bool kgw_may_follow(const kgw_rules *w, kg_rid r)
{
	if (w->within && !kg_view_has_rel(w->within, r))
		return false;
	if (!w->rtmask)
		return true;
	kg_rtid rt = kg_rel_type(w->g, r);
	return rt != KG_NONE && w->rtmask[rt];
}

/* The relations a step from e takes in way 0 (e's out list) or 1 (its in
 * list), when dir walks that way; none otherwise. */
static inline const kg_rid *kgw_list(const kg_graph *g, kg_eid e, kg_dir dir, int way, size_t *n)
{
	if (!(dir & (way ? KG_DIR_IN : KG_DIR_OUT))) {
		*n = 0;
		return NULL;
	}
	return way ? kg_entity_in(g, e, n) : kg_entity_out(g, e, n);
}

/* Whether relation r of e's in list is also in its out list (a symmetric
 * relation, or a loop): a walk both ways takes it from the out list only. */
static inline bool kgw_in_both(const kg_graph *g, kg_rid r)
{
	return kg_rel_from(g, r) == kg_rel_to(g, r) ||
	       kg_schema_rtype_symmetric(kg_graph_schema(g), kg_rel_type(g, r));
}

/* The direction that walks a path of direction dir backwards. */
static inline kg_dir kgw_reverse(kg_dir dir)
{
	return dir == KG_DIR_OUT ? KG_DIR_IN : dir == KG_DIR_IN ? KG_DIR_OUT : KG_DIR_BOTH;
}

/* A growable array of indexes; `ok` turns false once memory ran out. */
typedef struct kgw_vec {
	uint32_t *a;
	size_t n, cap;
	bool ok;
} kgw_vec;

static inline void kgw_push(kgw_vec *q, uint32_t x)
{
	if (q->n == q->cap) {
		size_t cap = q->cap ? q->cap * 2 : 64;
		uint32_t *a = realloc(q->a, cap * sizeof *a);
		if (!a) {
			q->ok = false;
			return;
		}
		q->a = a;
		q->cap = cap;
	}
	q->a[q->n++] = x;
}

#endif
