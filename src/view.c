/* view.c — views (subgraphs as membership bitsets), neighborhoods by BFS and
 * shortest paths by bidirectional BFS. */
#include <stdlib.h>
#include <string.h>

#include "kg.h"

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
/* Walking: which relations a step may take                            */
/* ------------------------------------------------------------------ */

static bool may_follow(const kg_view *within, kg_rid r, const uint8_t *rtmask)
{
	if (!kg_view_has_rel(within, r))
		return false;
	return !rtmask || rtmask[kg_rel_type(within->g, r)];
}

/* A growable array of indexes; `ok` turns false once memory ran out. */
typedef struct idvec {
	uint32_t *a;
	size_t n, cap;
	bool ok;
} idvec;

static void idvec_push(idvec *q, uint32_t x)
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
	kg_view *v = kg_view_new(g, false);
	if (!v)
		return NULL;
	if (!kg_view_has_entity(within, seed))
		return v;
	kg_view_add_entity(v, seed);
	idvec q = {.ok = true};
	idvec_push(&q, seed);
	size_t start = 0;
	for (unsigned level = 0; level < depth && start < q.n && q.ok && !v->oom; level++) {
		size_t end = q.n;
		for (size_t i = start; i < end; i++) {
			kg_eid e = q.a[i];
			for (int side = 0; side < 2; side++) {
				if (!(dir & (side ? KG_DIR_IN : KG_DIR_OUT)))
					continue;
				size_t n;
				const kg_rid *rs = side ? kg_entity_in(g, e, &n) : kg_entity_out(g, e, &n);
				for (size_t k = 0; k < n; k++) {
					kg_rid r = rs[k];
					if (!may_follow(within, r, rtmask))
						continue;
					kg_eid o = kg_rel_other(g, r, e);
					int added = bset_set(&v->rels, r);
					if (added >= 0)
						added = bset_set(&v->ents, o);
					if (added < 0)
						v->oom = true;
					else if (added)
						idvec_push(&q, o);
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

/* ------------------------------------------------------------------ */
/* Shortest path: bidirectional BFS over a small hash map, so a search   */
/* touches memory in proportion to what it visits, not to the graph.   */
/* ------------------------------------------------------------------ */

typedef struct seen {
	kg_eid e;     /* KG_NONE: empty slot */
	kg_rid via;   /* relation it was reached by; KG_NONE for a or b */
	uint32_t side; /* 0: reached from a, 1: reached from b */
} seen;

typedef struct seenmap {
	seen *s;
	size_t cap, n; /* cap is a power of two */
} seenmap;

static size_t seen_slot(const seenmap *m, kg_eid e)
{
	size_t i = ((size_t)e * 0x9E3779B1u) & (m->cap - 1);
	while (m->s[i].e != KG_NONE && m->s[i].e != e)
		i = (i + 1) & (m->cap - 1);
	return i;
}

static bool seen_init(seenmap *m, size_t cap)
{
	m->s = malloc(cap * sizeof *m->s);
	if (!m->s)
		return false;
	for (size_t i = 0; i < cap; i++)
		m->s[i].e = KG_NONE;
	m->cap = cap;
	m->n = 0;
	return true;
}

static const seen *seen_get(const seenmap *m, kg_eid e)
{
	const seen *s = &m->s[seen_slot(m, e)];
	return s->e == KG_NONE ? NULL : s;
}

/* Inserts e (absent); false when memory ran out. */
static bool seen_put(seenmap *m, kg_eid e, kg_rid via, uint32_t side)
{
	if ((m->n + 1) * 2 > m->cap) {
		seenmap bigger;
		if (!seen_init(&bigger, m->cap * 2))
			return false;
		for (size_t i = 0; i < m->cap; i++)
			if (m->s[i].e != KG_NONE)
				bigger.s[seen_slot(&bigger, m->s[i].e)] = m->s[i];
		bigger.n = m->n;
		free(m->s);
		*m = bigger;
	}
	seen *s = &m->s[seen_slot(m, e)];
	*s = (seen){e, via, side};
	m->n++;
	return true;
}

typedef struct pathsearch {
	const kg_view *within;
	const kg_graph *g;
	const uint8_t *rtmask;
	seenmap m;
	idvec front[2]; /* the current frontier of each side */
	kg_dir dirs[2]; /* the direction each side walks */
	/* best meeting so far: side-0 entity, relation, side-1 entity */
	kg_eid meet0, meet1;
	kg_rid meetr;
	size_t best; /* hops of the best meeting (SIZE_MAX: none) */
	size_t depth[2]; /* levels expanded on each side */
} pathsearch;

/* The relations from e back to its side's start: their count, each
 * stored in out[0..cap) when out is given. A graph whose adjacency is
 * right (the loader checks a snapshot's) steps back one level each time;
 * the walk still never takes more steps than entities were seen, nor
 * writes past out[cap], nor follows an entity not seen: SIZE_MAX then. */
static size_t walk_back(const pathsearch *ps, kg_eid e, kg_rid *out, size_t cap)
{
	size_t n = 0;
	const seen *t = seen_get(&ps->m, e);
	while (t && t->via != KG_NONE) {
		if (n == ps->m.n || (out && n == cap))
			return SIZE_MAX;
		if (out)
			out[n] = t->via;
		n++;
		t = seen_get(&ps->m, kg_rel_other(ps->g, t->via, t->e));
	}
	return t ? n : SIZE_MAX;
}

/* Expands one whole level of `side`. Meetings are collected over the whole
 * level and the shortest kept, since the first found need not be it. */
static bool expand(pathsearch *ps, int side)
{
	const kg_graph *g = ps->g;
	idvec next = {.ok = true};
	idvec *cur = &ps->front[side];
	for (size_t i = 0; i < cur->n; i++) {
		kg_eid e = cur->a[i];
		for (int way = 0; way < 2; way++) {
			if (!(ps->dirs[side] & (way ? KG_DIR_IN : KG_DIR_OUT)))
				continue;
			size_t n;
			const kg_rid *rs = way ? kg_entity_in(g, e, &n) : kg_entity_out(g, e, &n);
			for (size_t k = 0; k < n; k++) {
				kg_rid r = rs[k];
				if (!may_follow(ps->within, r, ps->rtmask))
					continue;
				kg_eid o = kg_rel_other(g, r, e);
				const seen *s = seen_get(&ps->m, o);
				if (!s) {
					if (!seen_put(&ps->m, o, r, (uint32_t)side))
						goto oom;
					idvec_push(&next, o);
					continue;
				}
				if ((int)s->side == side)
					continue;
				/* Met the other side. Hops: this side's depth + 1 + the
				 * other side's depth of o, which is at most its level
				 * count; the exact value is found by walking back. */
				size_t back = walk_back(ps, o, NULL, SIZE_MAX);
				if (back == SIZE_MAX)
					goto broken;
				size_t hops = ps->depth[side] + 1 + back;
				if (hops < ps->best) {
					ps->best = hops;
					ps->meetr = r;
					ps->meet0 = side == 0 ? e : o;
					ps->meet1 = side == 0 ? o : e;
				}
			}
		}
	}
	if (!next.ok)
		goto oom;
	free(cur->a);
	*cur = next;
	ps->depth[side]++;
	return true;
broken:
oom:
	free(next.a);
	return false;
}

/* The relations the next expansion of `side` would look at. */
static size_t frontier_cost(const pathsearch *ps, int side)
{
	size_t sum = 0, n;
	const idvec *f = &ps->front[side];
	for (size_t i = 0; i < f->n; i++) {
		if (ps->dirs[side] & KG_DIR_OUT) {
			kg_entity_out(ps->g, f->a[i], &n);
			sum += n;
		}
		if (ps->dirs[side] & KG_DIR_IN) {
			kg_entity_in(ps->g, f->a[i], &n);
			sum += n;
		}
	}
	return sum;
}


bool kg_view_path(const kg_view *within, kg_eid a, kg_eid b, kg_dir dir,
		  const uint8_t *rtmask, kg_rid **path, size_t *len)
{
	*path = NULL;
	*len = 0;
	if (!kg_view_has_entity(within, a) || !kg_view_has_entity(within, b))
		return false;
	if (a == b)
		return true;
	pathsearch ps = {
		.within = within, .g = within->g, .rtmask = rtmask,
		.front = {{.ok = true}, {.ok = true}},
		.best = SIZE_MAX,
	};
	/* side 1 walks from b against the direction asked */
	ps.dirs[0] = dir;
	ps.dirs[1] = dir == KG_DIR_OUT ? KG_DIR_IN : dir == KG_DIR_IN ? KG_DIR_OUT : KG_DIR_BOTH;
	bool ok = seen_init(&ps.m, 256);
	if (ok)
		ok = seen_put(&ps.m, a, KG_NONE, 0) && seen_put(&ps.m, b, KG_NONE, 1);
	idvec_push(&ps.front[0], a);
	idvec_push(&ps.front[1], b);
	ok = ok && ps.front[0].ok && ps.front[1].ok;
	while (ok && ps.best == SIZE_MAX && ps.front[0].n && ps.front[1].n) {
		/* grow the frontier with fewer relations to look at: the work of
		 * a level is its degree sum, and hubs make counts misleading */
		int side = frontier_cost(&ps, 1) < frontier_cost(&ps, 0);
		ok = expand(&ps, side);
	}
	bool found = ok && ps.best != SIZE_MAX;
	if (found) {
		kg_rid *p = malloc(ps.best * sizeof *p);
		size_t half = p ? walk_back(&ps, ps.meet0, p, ps.best - 1) : SIZE_MAX, rest = SIZE_MAX;
		if (half != SIZE_MAX) {
			for (size_t i = 0; i < half / 2; i++) { /* a-side walked backwards */
				kg_rid t = p[i];
				p[i] = p[half - 1 - i];
				p[half - 1 - i] = t;
			}
			p[half] = ps.meetr;
			rest = walk_back(&ps, ps.meet1, p + half + 1, ps.best - half - 1);
		}
		if (rest == SIZE_MAX) {
			free(p);
			found = false;
		} else {
			*path = p;
			*len = half + 1 + rest;
		}
	}
	free(ps.m.s);
	free(ps.front[0].a);
	free(ps.front[1].a);
	return found;
}
