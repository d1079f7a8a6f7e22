/* view_path.c — shortest paths inside a view: one by bidirectional BFS
 * (kg_view_path), every one by a BFS from a, a walk back from b marking
 * the entities on a shortest path, and a depth-first walk forward along
 * them (kg_view_all_paths). Both search over a small hash map, so a
 * search touches memory in proportion to what it visits, not to the
 * graph. */
#include <string.h>

#include "view_walk.h"

/* ------------------------------------------------------------------ */
/* Entities met                                                        */
/* ------------------------------------------------------------------ */

typedef struct seen {
	kg_eid e;      /* KG_NONE: an empty slot */
	uint32_t via;  /* kg_view_path: the relation it was reached by (KG_NONE for a and b);
	                * kg_view_all_paths: 1 when it is on a shortest path, else 0 */
	uint32_t tag;  /* kg_view_path: the side that reached it (0: from a, 1: from b);
	                * kg_view_all_paths: its hops from a */
} seen;

typedef struct seenmap {
	seen *s;
	size_t cap, n;   /* cap a power of two; at most half full */
	unsigned bits;   /* log2(cap) */
} seenmap;

static size_t seen_slot(const seenmap *m, kg_eid e)
{
	size_t i = (size_t)(((uint64_t)e * 0x9E3779B97F4A7C15ull) >> (64 - m->bits));
	while (m->s[i].e != KG_NONE && m->s[i].e != e)
		i = (i + 1) & (m->cap - 1);
	return i;
}

static bool seen_init(seenmap *m, unsigned bits)
{
	m->bits = bits;
	m->cap = (size_t)1 << bits;
	m->n = 0;
	m->s = malloc(m->cap * sizeof *m->s);
	if (!m->s)
		return false;
	for (size_t i = 0; i < m->cap; i++)
		m->s[i].e = KG_NONE;
	return true;
}

static seen *seen_get(const seenmap *m, kg_eid e)
{
	seen *s = &m->s[seen_slot(m, e)];
	return s->e == KG_NONE ? NULL : s;
}

/* The entry of e; when e was absent, adds it with via and tag and sets
 * *added. NULL when memory ran out. */
static seen *seen_add(seenmap *m, kg_eid e, uint32_t via, uint32_t tag, bool *added)
{
	size_t i = seen_slot(m, e);
	*added = m->s[i].e == KG_NONE;
	if (!*added)
		return &m->s[i];
	if ((m->n + 1) * 2 > m->cap) {
		seenmap bigger;
		if (!seen_init(&bigger, m->bits + 1))
			return NULL;
		for (size_t k = 0; k < m->cap; k++)
			if (m->s[k].e != KG_NONE)
				bigger.s[seen_slot(&bigger, m->s[k].e)] = m->s[k];
		bigger.n = m->n;
		free(m->s);
		*m = bigger;
		i = seen_slot(m, e);
	}
	m->s[i] = (seen){e, via, tag};
	m->n++;
	return &m->s[i];
}

/* A first table of 1,024 entries (12 KiB): a search in a graph of
 * 100,000 entities met about as many; fewer doublings than from 256. */
#define SEEN_BITS 10

/* ------------------------------------------------------------------ */
/* One shortest path: bidirectional BFS                                */
/* ------------------------------------------------------------------ */

typedef struct pathsearch {
	kgw_rules w;
	seenmap m;
	kgw_vec front[2]; /* the current frontier of each side */
	kg_dir dirs[2];   /* the direction each side walks */
	/* best meeting so far: side-0 entity, relation, side-1 entity */
	kg_eid meet0, meet1;
	kg_rid meetr;
	size_t best;      /* hops of the best meeting (SIZE_MAX: none) */
	size_t depth[2];  /* levels expanded on each side */
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
		t = seen_get(&ps->m, kg_rel_other(ps->w.g, t->via, t->e));
	}
	return t ? n : SIZE_MAX;
}

/* Expands one level of `side`, up to the first meeting with the other
 * side, which is a shortest path: every level before the other side's
 * last one is expanded, so an entity of those that a relation from this
 * side's frontier reaches would have found that frontier entity first and
 * met it then. Every meeting of this level is as long, and the search
 * stops at the first. */
static bool expand(pathsearch *ps, int side)
{
	const kg_graph *g = ps->w.g;
	kgw_vec next = {.ok = true};
	kgw_vec *cur = &ps->front[side];
	for (size_t i = 0; i < cur->n; i++) {
		kg_eid e = cur->a[i];
		for (int way = 0; way < 2; way++) {
			size_t n;
			const kg_rid *rs = kgw_list(g, e, ps->dirs[side], way, &n);
			for (size_t k = 0; k < n; k++) {
				kg_rid r = rs[k];
				if (!kgw_may_follow(&ps->w, r))
					continue;
				kg_eid o = kg_rel_other(g, r, e);
				bool added;
				const seen *s = seen_add(&ps->m, o, r, (uint32_t)side, &added);
				if (!s)
					goto fail;
				if (added) {
					kgw_push(&next, o);
					continue;
				}
				if ((int)s->tag == side)
					continue;
				size_t back = walk_back(ps, o, NULL, SIZE_MAX);
				if (back == SIZE_MAX)
					goto fail;
				ps->best = ps->depth[side] + 1 + back;
				ps->meetr = r;
				ps->meet0 = side == 0 ? e : o;
				ps->meet1 = side == 0 ? o : e;
				free(next.a);
				return true;
			}
		}
	}
	if (!next.ok)
		goto fail;
	free(cur->a);
	*cur = next;
	ps->depth[side]++;
	return true;
fail:
	free(next.a);
	return false;
}

/* The relations the next expansion of `side` would look at. */
static size_t frontier_cost(const pathsearch *ps, int side)
{
	size_t sum = 0, n;
	const kgw_vec *f = &ps->front[side];
	for (size_t i = 0; i < f->n; i++)
		for (int way = 0; way < 2; way++) {
			kgw_list(ps->w.g, f->a[i], ps->dirs[side], way, &n);
			sum += n;
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
		.w = kgw_rules_of(within, rtmask),
		.front = {{.ok = true}, {.ok = true}},
		.best = SIZE_MAX,
	};
	/* side 1 walks from b against the direction asked */
	ps.dirs[0] = dir;
	ps.dirs[1] = kgw_reverse(dir);
	bool added, ok = seen_init(&ps.m, SEEN_BITS);
	if (ok)
		ok = seen_add(&ps.m, a, KG_NONE, 0, &added) && seen_add(&ps.m, b, KG_NONE, 1, &added);
	kgw_push(&ps.front[0], a);
	kgw_push(&ps.front[1], b);
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

/* ------------------------------------------------------------------ */
/* Every shortest path                                                 */
/* ------------------------------------------------------------------ */

/* Where a depth-first step stands at one entity: the list it reads and
 * the next position in it. */
typedef struct hop {
	kg_eid u;
	int way;
	size_t j;
} hop;

/* The next relation a walk in direction dir takes from h->u, and the
 * entity it reaches; false when none is left. Both ways, a relation in
 * both lists is taken once. */
static bool next_hop(const kgw_rules *w, kg_dir dir, hop *h, kg_rid *r, kg_eid *o)
{
	for (; h->way < 2; h->way++, h->j = 0) {
		size_t n;
		const kg_rid *rs = kgw_list(w->g, h->u, dir, h->way, &n);
		while (h->j < n) {
			kg_rid x = rs[h->j++];
			if (!kgw_may_follow(w, x) || (h->way == 1 && dir == KG_DIR_BOTH && kgw_in_both(w->g, x)))
				continue;
			*r = x;
			*o = kg_rel_other(w->g, x, h->u);
			return true;
		}
	}
	return false;
}

/* Breadth first from a until b is met: every entity met gets its hops
 * from a as its tag. Returns b's hops, 0 when b cannot be reached, -1
 * when memory ran out. Levels before b's are complete when b is met, so
 * every entity one hop nearer to a than one on a shortest path is in m. */
static long long bfs_to(const kgw_rules *w, kg_dir dir, kg_eid a, kg_eid b, seenmap *m,
			kgw_vec *cur, kgw_vec *next)
{
	bool added;
	if (!seen_add(m, a, 0, 0, &added))
		return -1;
	cur->n = 0;
	kgw_push(cur, a);
	for (uint32_t k = 0; cur->n; k++) {
		next->n = 0;
		for (size_t i = 0; i < cur->n; i++) {
			hop h = {cur->a[i], 0, 0};
			kg_rid r;
			kg_eid o;
			while (next_hop(w, dir, &h, &r, &o)) {
				if (!seen_add(m, o, 0, k + 1, &added))
					return -1;
				if (!added)
					continue;
				if (o == b)
					return (long long)k + 1;
				kgw_push(next, o);
			}
		}
		if (!cur->ok || !next->ok)
			return -1;
		kgw_vec t = *cur;
		*cur = *next;
		*next = t;
	}
	return 0;
}

/* Marks (via = 1) b and every entity on a shortest path from a to b, d
 * hops long: walking back from b, an entity one hop nearer to a is on one
 * when it reaches a marked entity. Returns false when memory ran out. */
static bool mark_back(const kgw_rules *w, kg_dir dir, kg_eid a, kg_eid b, uint32_t d, seenmap *m,
		      kgw_vec *cur, kgw_vec *next)
{
	kg_dir back = kgw_reverse(dir);
	seen_get(m, a)->via = 1;
	seen_get(m, b)->via = 1;
	cur->n = 0;
	kgw_push(cur, b);
	for (uint32_t k = d; k > 1 && cur->ok; k--) {
		next->n = 0;
		for (size_t i = 0; i < cur->n; i++) {
			hop h = {cur->a[i], 0, 0};
			kg_rid r;
			kg_eid y;
			while (next_hop(w, back, &h, &r, &y)) {
				seen *s = seen_get(m, y);
				if (s && s->tag == k - 1 && !s->via) {
					s->via = 1;
					kgw_push(next, y);
				}
			}
		}
		kgw_vec t = *cur;
		*cur = *next;
		*next = t;
	}
	return cur->ok && next->ok;
}

int kg_view_all_paths(const kg_view *within, kg_eid a, kg_eid b, kg_dir dir,
		      const uint8_t *rtmask, size_t max, size_t max_rels,
		      kg_rid **paths, size_t *len, size_t *npaths, bool *more)
{
	*paths = NULL;
	*len = *npaths = 0;
	*more = false;
	if (!kg_view_has_entity(within, a) || !kg_view_has_entity(within, b))
		return 0;
	if (a == b) {
		*npaths = max ? 1 : 0;
		*more = !max;
		return 0;
	}
	kgw_rules w = kgw_rules_of(within, rtmask);
	seenmap m;
	kgw_vec cur = {.ok = true}, next = {.ok = true};
	hop *st = NULL;
	kg_rid *p = NULL, *out = NULL;
	size_t nout = 0, cap = 0;
	int rc = -1;
	if (!seen_init(&m, SEEN_BITS))
		return -1;
	long long dd = bfs_to(&w, dir, a, b, &m, &cur, &next);
	if (dd <= 0) {
		rc = (int)dd;
		goto done;
	}
	uint32_t d = (uint32_t)dd;
	if (!mark_back(&w, dir, a, b, d, &m, &cur, &next))
		goto done;
	st = malloc(d * sizeof *st);
	p = malloc(d * sizeof *p);
	if (!st || !p)
		goto done;
	/* forward from a along marked entities, one hop further each step:
	 * every marked entity leads on to b, so no walk is wasted */
	rc = 0;
	size_t k = 0;
	st[0] = (hop){a, 0, 0};
	for (;;) {
		kg_rid r;
		kg_eid o;
		if (!next_hop(&w, dir, &st[k], &r, &o)) {
			if (k-- == 0)
				break;
			continue;
		}
		const seen *s = seen_get(&m, o);
		if (!s || !s->via || s->tag != k + 1)
			continue;
		p[k] = r;
		if (k + 1 < d) {
			st[++k] = (hop){o, 0, 0};
			continue;
		}
		if (nout == max) {
			*more = true;
			break;
		}
		if ((nout + 1) > max_rels / d) {
			rc = -2;
			break;
		}
		if (nout == cap) {
			size_t ncap = cap ? 2 * cap : 8;
			kg_rid *x = realloc(out, ncap * d * sizeof *x);
			if (!x) {
				rc = -1;
				break;
			}
			out = x;
			cap = ncap;
		}
		memcpy(out + nout * d, p, d * sizeof *p);
		nout++;
	}
	if (rc == 0) {
		*paths = out;
		out = NULL;
		*len = d;
		*npaths = nout;
	}
done:
	free(out);
	free(st);
	free(p);
	free(m.s);
	free(cur.a);
	free(next.a);
	return rc;
}
