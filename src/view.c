/* view.c — views (subgraphs as membership bitsets) and neighborhoods by
 * BFS; shortest paths are in view_path.c. */
#include <stdlib.h>
#include <string.h>

#include "view_walk.h"

/* A membership set over 0..nbits-1, two-level so that a small view (a
 * neighborhood of a few dozen entities in a graph of 100,000) costs memory
 * and time in proportion to its members, while a large one is a plain
 * bitset: `top` maps each block of BLOCK_BITS indexes to its words in
 * `words` (0: no block yet, every bit clear). */
#define BLOCK_BITS 1024u
#define BLOCK_WORDS (BLOCK_BITS / 64u)

typedef struct bset {
	size_t nbits;
	uint32_t *top;     /* per block: 0, or 1 + its number in words */
	uint64_t *words;   /* blocks of BLOCK_WORDS words, in order of creation */
	size_t nblocks, cap;
	size_t count;      /* members */
} bset;

struct kg_view {
	const kg_graph *g; /* borrowed; outlives the view */
	bset ents, rels;
	bool oom;          /* an add ran out of memory: the view is incomplete */
};

static size_t ntop(size_t nbits) { return (nbits + BLOCK_BITS - 1) / BLOCK_BITS; }

static bool bset_init(bset *b, size_t nbits)
{
	memset(b, 0, sizeof *b);
	b->nbits = nbits;
	b->top = calloc(ntop(nbits) + 1, sizeof *b->top);
	return b->top != NULL;
}

static void bset_free(bset *b)
{
	free(b->top);
	free(b->words);
	memset(b, 0, sizeof *b);
}

static bool bset_get(const bset *b, uint32_t i)
{
	if (i >= b->nbits)
		return false;
	uint32_t blk = b->top[i / BLOCK_BITS];
	if (!blk)
		return false;
	const uint64_t *w = b->words + (size_t)(blk - 1) * BLOCK_WORDS;
	return (w[(i % BLOCK_BITS) >> 6] >> (i & 63)) & 1u;
}

/* The words of block k, made when absent; NULL when memory ran out. */
static uint64_t *bset_block(bset *b, size_t k)
{
	if (!b->top[k]) {
		if (b->nblocks == b->cap) {
			size_t cap = b->cap ? b->cap * 2 : 4;
			uint64_t *w = realloc(b->words, cap * BLOCK_WORDS * sizeof *w);
			if (!w)
				return NULL;
			b->words = w;
			b->cap = cap;
		}
		memset(b->words + b->nblocks * BLOCK_WORDS, 0, BLOCK_WORDS * sizeof *b->words);
		b->top[k] = (uint32_t)++b->nblocks;
	}
	return b->words + (size_t)(b->top[k] - 1) * BLOCK_WORDS;
}

/* Sets bit i: 1 when it was clear, 0 when already set, -1 out of memory. */
static int bset_set(bset *b, uint32_t i)
{
	if (i >= b->nbits)
		return 0;
	uint64_t *w = bset_block(b, i / BLOCK_BITS);
	if (!w)
		return -1;
	uint64_t m = (uint64_t)1 << (i & 63);
	w += (i % BLOCK_BITS) >> 6;
	if (*w & m)
		return 0;
	*w |= m;
	b->count++;
	return 1;
}

/* Every bit set; the tail of the last block stays clear so iteration
 * never runs past nbits. */
static bool bset_fill(bset *b)
{
	size_t nt = ntop(b->nbits);
	uint64_t *w = malloc((nt ? nt : 1) * BLOCK_WORDS * sizeof *w);
	if (!w)
		return false;
	free(b->words);
	b->words = w;
	b->cap = b->nblocks = nt;
	for (size_t k = 0; k < nt; k++)
		b->top[k] = (uint32_t)k + 1;
	memset(w, 0xff, nt * BLOCK_WORDS * sizeof *w);
	size_t last = b->nbits % BLOCK_BITS;
	if (last) {
		uint64_t *lw = w + (nt - 1) * BLOCK_WORDS;
		for (size_t j = 0; j < BLOCK_WORDS; j++) {
			size_t lo = j * 64;
			lw[j] = lo >= last ? 0 : last - lo >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << (last - lo)) - 1;
		}
	}
	b->count = b->nbits;
	return true;
}

static bool bset_copy(bset *d, const bset *s)
{
	if (!bset_init(d, s->nbits))
		return false;
	memcpy(d->top, s->top, ntop(s->nbits) * sizeof *d->top);
	if (s->nblocks) {
		d->words = malloc(s->nblocks * BLOCK_WORDS * sizeof *d->words);
		if (!d->words) {
			bset_free(d);
			return false;
		}
		memcpy(d->words, s->words, s->nblocks * BLOCK_WORDS * sizeof *d->words);
	}
	d->nblocks = d->cap = s->nblocks;
	d->count = s->count;
	return true;
}

/* The first member after `after` (KG_NONE: from the start), or KG_NONE. */
static uint32_t bset_next(const bset *b, uint32_t after)
{
	size_t i = after == KG_NONE ? 0 : (size_t)after + 1;
	size_t nt = ntop(b->nbits);
	for (size_t k = i / BLOCK_BITS; k < nt; k++, i = k * BLOCK_BITS) {
		if (!b->top[k])
			continue;
		const uint64_t *w = b->words + (size_t)(b->top[k] - 1) * BLOCK_WORDS;
		size_t j = (i % BLOCK_BITS) >> 6;
		uint64_t cur = w[j] & (~(uint64_t)0 << (i & 63));
		for (;;) {
			if (cur)
				return (uint32_t)(k * BLOCK_BITS + j * 64 + (size_t)__builtin_ctzll(cur));
			if (++j >= BLOCK_WORDS)
				break;
			cur = w[j];
		}
	}
	return KG_NONE;
}

/* ------------------------------------------------------------------ */
/* Making and reading views                                            */
/* ------------------------------------------------------------------ */

kg_view *kg_view_new(const kg_graph *g, bool full)
{
	kg_view *v = calloc(1, sizeof *v);
	if (!v)
		return NULL;
	v->g = g;
	bool ok = bset_init(&v->ents, kg_graph_entity_count(g)) &&
		  bset_init(&v->rels, kg_graph_relation_count(g));
	if (ok && full)
		ok = bset_fill(&v->ents) && bset_fill(&v->rels);
	if (!ok)
		kg_view_free(&v);
	return v;
}

kg_view *kg_view_copy(const kg_view *v)
{
	kg_view *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->g = v->g;
	c->oom = v->oom;
	if (!bset_copy(&c->ents, &v->ents)) {
		free(c);
		return NULL;
	}
	if (!bset_copy(&c->rels, &v->rels)) {
		bset_free(&c->ents);
		free(c);
		return NULL;
	}
	return c;
}

void kg_view_free(kg_view **v)
{
	if (!v || !*v)
		return;
	bset_free(&(*v)->ents);
	bset_free(&(*v)->rels);
	free(*v);
	*v = NULL;
}

const kg_graph *kg_view_graph(const kg_view *v) { return v->g; }

bool kg_view_has_entity(const kg_view *v, kg_eid e) { return bset_get(&v->ents, e); }
bool kg_view_has_rel(const kg_view *v, kg_rid r) { return bset_get(&v->rels, r); }

void kg_view_add_entity(kg_view *v, kg_eid e)
{
	if (bset_set(&v->ents, e) < 0)
		v->oom = true;
}

void kg_view_add_rel(kg_view *v, kg_rid r)
{
	if (r >= v->rels.nbits)
		return;
	if (bset_set(&v->rels, r) < 0)
		v->oom = true;
	kg_view_add_entity(v, kg_rel_from(v->g, r));
	kg_view_add_entity(v, kg_rel_to(v->g, r));
}

void kg_view_add_induced(kg_view *v, const kg_view *within)
{
	for (kg_eid e = kg_view_next_entity(v, KG_NONE); e != KG_NONE; e = kg_view_next_entity(v, e)) {
		size_t n;
		const kg_rid *rs = kg_entity_out(v->g, e, &n);
		for (size_t i = 0; i < n; i++)
			if (kg_view_has_rel(within, rs[i]) &&
			    kg_view_has_entity(v, kg_rel_from(v->g, rs[i])) &&
			    kg_view_has_entity(v, kg_rel_to(v->g, rs[i])))
				kg_view_add_rel(v, rs[i]);
	}
}

size_t kg_view_entity_count(const kg_view *v) { return v->ents.count; }
size_t kg_view_rel_count(const kg_view *v) { return v->rels.count; }

static size_t bset_memory(const bset *b)
{
	return (ntop(b->nbits) + 1) * sizeof *b->top + b->cap * BLOCK_WORDS * sizeof *b->words;
}

size_t kg_view_memory(const kg_view *v)
{
	return sizeof *v + bset_memory(&v->ents) + bset_memory(&v->rels);
}

kg_eid kg_view_next_entity(const kg_view *v, kg_eid after) { return bset_next(&v->ents, after); }
kg_rid kg_view_next_rel(const kg_view *v, kg_rid after) { return bset_next(&v->rels, after); }

/* ------------------------------------------------------------------ */
/* Neighborhood                                                        */
/* ------------------------------------------------------------------ */

/* Breadth-first from seed, level by level. The view gets every entity at
 * most `depth` steps away and every relation followed on the way (those
 * leaving an entity less than `depth` steps away), so the result is what a
 * drawing of "the neighborhood" should show. The result's own entity
 * bitset doubles as the visited set. */
kg_view *kg_view_neighborhood(const kg_view *within, kg_eid seed, unsigned depth,
			      kg_dir dir, const uint8_t *rtmask)
{
	const kg_graph *g = within->g;
	kgw_rules w = kgw_rules_of(within, rtmask);
	kg_view *v = kg_view_new(g, false);
	if (!v)
		return NULL;
	if (!kg_view_has_entity(within, seed))
		return v;
	kg_view_add_entity(v, seed);
	kgw_vec q = {.ok = true};
	kgw_push(&q, seed);
	size_t start = 0;
	for (unsigned level = 0; level < depth && start < q.n && q.ok && !v->oom; level++) {
		size_t end = q.n;
		for (size_t i = start; i < end; i++) {
			kg_eid e = q.a[i];
			for (int way = 0; way < 2; way++) {
				size_t n;
				const kg_rid *rs = kgw_list(g, e, dir, way, &n);
				for (size_t k = 0; k < n; k++) {
					kg_rid r = rs[k];
					if (!kgw_may_follow(&w, r))
						continue;
					kg_eid o = kg_rel_other(g, r, e);
					int added = bset_set(&v->rels, r);
					if (added >= 0)
						added = bset_set(&v->ents, o);
					if (added < 0)
						v->oom = true;
					else if (added)
						kgw_push(&q, o);
				}
			}
		}
		start = end;
	}
	bool ok = q.ok && !v->oom;
	free(q.a);
	if (!ok)
		kg_view_free(&v);
	return v;
}
