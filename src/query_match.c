/* query_match.c — pattern matching (query.h): a plan that starts from the
 * most selective node and grows along the adjacency, run depth first with
 * every test made as soon as its entities are bound; variable lengths as
 * bounded breadth-first reachability. Nothing is materialised but the
 * current binding and, per variable-length step, the ends it reaches. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query.h"

enum { S_SCAN, S_EXPAND };

/* One step of the plan. */
typedef struct step {
	uint8_t kind;      /* S_SCAN a node, or S_EXPAND an edge */
	uint8_t dir;       /* S_EXPAND: kg_dir as walked, from `from` */
	bool to_bound;     /* S_EXPAND: `to` was bound by an earlier step */
	uint16_t node;     /* S_SCAN: the node */
	uint16_t edge;     /* S_EXPAND: the edge, walked from node `from` to `to` */
	uint16_t from, to;
	int same_as;       /* S_EXPAND: an earlier step of the same relation variable, or -1 */
	uint64_t estimate; /* candidates expected (for kgq_exec_plan) */
} step;

/* A hash table from entity to stamp (a stamp older than the walk's means
 * absent), open addressing; at most half full. */
typedef struct stamps {
	uint32_t *keys;    /* KG_NONE: free (malloc'd, owned by the exec) */
	uint32_t *vals;
	size_t cap, n;     /* cap a power of two, or 0 */
} stamps;

/* Where a variable-length step keeps the ends it reached. */
typedef struct ends {
	uint32_t *items;   /* malloc'd, owned by the exec */
	size_t n, cap;
} ends;

struct kgq_exec {
	const kgq_pattern *p;      /* borrowed */
	const kg_view *v;          /* borrowed */
	const kg_graph *g;
	const kg_schema *s;
	bool full;                 /* v is the whole graph: no membership tests */
	size_t nsteps;
	step steps[2 * KGQ_MAX_ELEMS];
	kg_eid id_of[KGQ_MAX_ELEMS];  /* a node's {id: ...} entity; KG_NONE: none asked */
	bool dead[KGQ_MAX_ELEMS];     /* a node that can match nothing */
	uint8_t *rtmask;           /* nedges rows of nrt bytes: the types an edge follows; owned */
	size_t nrt;
	uint32_t bind[KGQ_MAX_ELEMS];  /* the entity of each node */
	uint32_t rel_of[KGQ_MAX_ELEMS]; /* the relation of each plain edge, KG_NONE when unbound */
	uint32_t vals[KGQ_MAX_VARS];
	/* variable lengths: stamps of the entities met (seen at this level,
	 * expanded, an end), in hash tables that grow with the walk, so
	 * that a walk costs what it visits, not the size of the graph */
	stamps level, expanded, reached;
	uint32_t *front, *next;    /* frontiers (malloc'd, owned) */
	size_t capfront;
	uint32_t gen;
	ends ends[2 * KGQ_MAX_ELEMS];
	/* one run */
	uint64_t work, max_work;
	kgq_row_fn fn;
	void *ud;
	int stop;                  /* fn's verdict, or -1 past max_work / out of memory */
	kgq_error *err;
};

/* ------------------------------------------------------------------ */
/* Tests                                                               */
/* ------------------------------------------------------------------ */

static bool lit_eq(const kg_value *v, const kgq_prop *pr)
{
	v = kg_value_best(v);
	switch (v->kind) {
	case KG_V_STRING:
	case KG_V_DATE: return pr->kind == KGQ_L_STRING && strcmp(v->u.s, pr->s) == 0;
	case KG_V_INT:
		return pr->kind == KGQ_L_INT ? v->u.i == pr->i :
		       pr->kind == KGQ_L_NUMBER && (double)v->u.i == pr->d;
	case KG_V_NUMBER: return (pr->kind == KGQ_L_INT || pr->kind == KGQ_L_NUMBER) && v->u.d == pr->d;
	case KG_V_BOOL: return pr->kind == KGQ_L_BOOL && (int64_t)v->u.b == pr->i;
	case KG_V_QUANTITY: {
		kg_quantity q;
		kg_value_quantity(v, &q);
		double x = q.has & KG_Q_VALUE ? q.value : q.approx;
		return (q.has & (KG_Q_VALUE | KG_Q_APPROX)) &&
		       (pr->kind == KGQ_L_INT || pr->kind == KGQ_L_NUMBER) && x == pr->d;
	}
	case KG_V_LIST:
		for (uint32_t i = 0; i < v->n; i++)
			if (lit_eq(&v->u.items[i], pr))
				return true;
		return false;
	default: return false;
	}
}

static bool attr_eq(const kg_attr *a, size_t n, const kgq_prop *pr)
{
	for (size_t i = 0; i < n; i++)
		if (a[i].value.name == pr->attr)
			return lit_eq(&a[i].value, pr);
	return false;
}

static bool node_ok(const kgq_exec *x, uint16_t ni, kg_eid e)
{
	const kgq_node *nd = &x->p->nodes[ni];
	if (x->dead[ni] || (x->id_of[ni] != KG_NONE && x->id_of[ni] != e))
		return false;
	if (!x->full && !kg_view_has_entity(x->v, e))
		return false;
	if (nd->type != KG_NONE && !kg_schema_type_is(x->s, kg_entity_type(x->g, e), nd->type))
		return false;
	for (size_t i = nd->prop0; i < (size_t)nd->prop0 + nd->nprops; i++) {
		const kgq_prop *pr = &x->p->props[i];
		if (pr->field == KGQ_F_ID)
			continue; /* id_of */
		if (pr->field == KGQ_F_NAME) {
			if (strcmp(kg_entity_name(x->g, e), pr->s) != 0)
				return false;
			continue;
		}
		size_t n;
		const kg_attr *a = kg_entity_attrs(x->g, e, &n);
		if (!attr_eq(a, n, pr))
			return false;
	}
	return true;
}

/* Whether relation r may stand for edge ei: type, view, {key: value}. */
static bool rel_ok(const kgq_exec *x, uint16_t ei, kg_rid r)
{
	const kgq_edge *ed = &x->p->edges[ei];
	kg_rtid rt = kg_rel_type(x->g, r);
	if (ed->nrt && (rt >= x->nrt || !x->rtmask[(size_t)ei * x->nrt + rt]))
		return false;
	if (!x->full && !kg_view_has_rel(x->v, r))
		return false;
	for (size_t i = ed->prop0; i < (size_t)ed->prop0 + ed->nprops; i++) {
		const kgq_prop *pr = &x->p->props[i];
		if (pr->field == KGQ_F_ID) {
			const char *id = kg_rel_id(x->g, r);
			if (!id || strcmp(id, pr->s) != 0)
				return false;
			continue;
		}
		size_t n;
		const kg_attr *a = kg_rel_attrs(x->g, r, &n);
		if (!attr_eq(a, n, pr))
			return false;
	}
	return true;
}

/* Counts a unit of work; false (and the run stopped) past the limit. */
static bool tick(kgq_exec *x)
{
	if (++x->work <= x->max_work)
		return true;
	if (!x->stop) {
		x->stop = -1;
		x->err->line = x->err->col = 0;
		snprintf(x->err->msg, sizeof x->err->msg,
			 "the match did more than %llu steps of work: narrow the pattern (an id, a type, "
			 "a shorter *range) or raise the step limit", (unsigned long long)x->max_work);
	}
	return false;
}

/* ------------------------------------------------------------------ */
/* Variable lengths                                                    */
/* ------------------------------------------------------------------ */

static bool grow(ends *e)
{
	if (e->n < e->cap)
		return true;
	size_t cap = e->cap ? e->cap * 2 : 64;
	uint32_t *it = realloc(e->items, cap * sizeof *it);
	if (!it)
		return false;
	e->items = it;
	e->cap = cap;
	return true;
}

static bool oom(kgq_exec *x)
{
	if (!x->stop) {
		x->stop = -1;
		x->err->line = x->err->col = 0;
		snprintf(x->err->msg, sizeof x->err->msg, "out of memory");
	}
	return false;
}

/* A walk over the relations of entity u in direction dir that edge ei
 * may follow, each with its far end. Both ways, a symmetric relation (in
 * both lists) and a loop are given once. */
typedef struct nbr_it {
	const kg_rid *rs;
	size_t n, i;
	int pass;          /* 0: the out list, 1: the in list, 2: done */
} nbr_it;

static void nbr_init(const kgq_exec *x, nbr_it *it, kg_eid u, uint8_t dir)
{
	it->i = 0;
	it->pass = dir & KG_DIR_OUT ? 0 : 1;
	it->rs = it->pass ? kg_entity_in(x->g, u, &it->n) : kg_entity_out(x->g, u, &it->n);
}

static bool nbr_next(kgq_exec *x, nbr_it *it, uint16_t ei, kg_eid u, uint8_t dir, kg_rid *r, kg_eid *o)
{
	for (;;) {
		if (it->i == it->n) {
			if (it->pass == 1 || !(dir & KG_DIR_IN))
				return false;
			it->pass = 1;
			it->i = 0;
			it->rs = kg_entity_in(x->g, u, &it->n);
			continue;
		}
		kg_rid rr = it->rs[it->i++];
		if (!tick(x))
			return false;
		if (it->pass && dir == KG_DIR_BOTH &&
		    (kg_rel_from(x->g, rr) == kg_rel_to(x->g, rr) ||
		     kg_schema_rtype_symmetric(x->s, kg_rel_type(x->g, rr))))
			continue;
		if (!rel_ok(x, ei, rr))
			continue;
		*r = rr;
		*o = kg_rel_other(x->g, rr, u);
		return true;
	}
}

static size_t slot(const stamps *t, uint32_t k)
{
	size_t i = (size_t)((k * 0x9E3779B1u) & (t->cap - 1));
	while (t->keys[i] != KG_NONE && t->keys[i] != k)
		i = (i + 1) & (t->cap - 1);
	return i;
}

static uint32_t stamp_get(const stamps *t, uint32_t k)
{
	if (!t->cap)
		return 0;
	size_t i = slot(t, k);
	return t->keys[i] == k ? t->vals[i] : 0;
}

/* Sets k's stamp; false when out of memory. */
static bool stamp_set(stamps *t, uint32_t k, uint32_t v)
{
	if (2 * (t->n + 1) > t->cap) {
		stamps u = {NULL, NULL, t->cap ? 2 * t->cap : 256, 0};
		u.keys = malloc(u.cap * sizeof *u.keys);
		u.vals = malloc(u.cap * sizeof *u.vals);
		if (!u.keys || !u.vals) {
			free(u.keys);
			free(u.vals);
			return false;
		}
		memset(u.keys, 0xff, u.cap * sizeof *u.keys);
		for (size_t i = 0; i < t->cap; i++)
			if (t->keys[i] != KG_NONE) {
				size_t j = slot(&u, t->keys[i]);
				u.keys[j] = t->keys[i];
				u.vals[j] = t->vals[i];
				u.n++;
			}
		free(t->keys);
		free(t->vals);
		*t = u;
	}
	size_t i = slot(t, k);
	if (t->keys[i] == KG_NONE) {
		t->keys[i] = k;
		t->n++;
	}
	t->vals[i] = v;
	return true;
}

static void stamps_free(stamps *t)
{
	free(t->keys);
	free(t->vals);
	memset(t, 0, sizeof *t);
}

/* Next stamp generation: one per level of one walk. When they run out,
 * every table starts again empty. */
static uint32_t next_gen(kgq_exec *x)
{
	if (x->gen >= UINT32_MAX - 1) {
		stamps_free(&x->level);
		stamps_free(&x->expanded);
		stamps_free(&x->reached);
		x->gen = 0;
	}
	return ++x->gen;
}

/* Room for n entries in both frontiers. */
static bool front_room(kgq_exec *x, size_t n)
{
	if (n <= x->capfront)
		return true;
	size_t cap = x->capfront ? x->capfront : 256;
	while (cap < n)
		cap *= 2;
	uint32_t *a = realloc(x->front, cap * sizeof *a);
	if (a)
		x->front = a;
	uint32_t *b = a ? realloc(x->next, cap * sizeof *b) : NULL;
	if (b)
		x->next = b;
	if (!a || !b)
		return false;
	x->capfront = cap;
	return true;
}

/* The entities reachable from `from` by walks of min..max relations of
 * edge ei (intermediate entities in the view), each once, into out. A
 * level-by-level walk: an entity is expanded again at a later level only
 * while its earlier expansion fell short of min (only then can the later
 * one reach anything new). */
static bool reach(kgq_exec *x, const step *st, kg_eid from, ends *out)
{
	const kgq_edge *ed = &x->p->edges[st->edge];
	if (!front_room(x, 1))
		return oom(x);
	out->n = 0;
	uint32_t walk = next_gen(x); /* stamps of this walk: expanded and reached */
	size_t nf = 1, nn;
	x->front[0] = from;
	for (unsigned lv = 0;; lv++) {
		if (lv >= ed->min)
			for (size_t i = 0; i < nf; i++)
				if (stamp_get(&x->reached, x->front[i]) != walk) {
					if (!stamp_set(&x->reached, x->front[i], walk))
						return oom(x);
					if (!grow(out))
						return oom(x);
					out->items[out->n++] = x->front[i];
				}
		if (lv == ed->max)
			break;
		uint32_t lg = next_gen(x); /* this level's stamp */
		nn = 0;
		for (size_t i = 0; i < nf && !x->stop; i++) {
			kg_eid u = x->front[i];
			if (stamp_get(&x->expanded, u) == walk)
				continue;
			if (lv + 1 >= ed->min && !stamp_set(&x->expanded, u, walk))
				return oom(x);
			nbr_it it;
			kg_rid r;
			kg_eid o;
			nbr_init(x, &it, u, st->dir);
			while (nbr_next(x, &it, st->edge, u, st->dir, &r, &o))
				if (stamp_get(&x->level, o) != lg && (x->full || kg_view_has_entity(x->v, o))) {
					if (!stamp_set(&x->level, o, lg) || !front_room(x, nn + 1))
						return oom(x);
					x->next[nn++] = o;
				}
		}
		if (x->stop)
			return false;
		uint32_t *t = x->front;
		x->front = x->next;
		x->next = t;
		nf = nn;
		if (nf == 0)
			break;
	}
	/* later walks (of deeper steps) reuse the stamps: this walk's
	 * generation must not be reused while out is read, and it is not:
	 * generations only grow */
	return true;
}

/* ------------------------------------------------------------------ */
/* Running the plan                                                    */
/* ------------------------------------------------------------------ */

static void run_step(kgq_exec *x, size_t k);

static void set_var(kgq_exec *x, int var, uint32_t val)
{
	if (var >= 0)
		x->vals[var] = val;
}

/* Binds node ni to e (when not bound before) and runs the rest. */
static void enter(kgq_exec *x, size_t k, const step *st, kg_eid o)
{
	if (st->to_bound) {
		if (x->bind[st->to] != o)
			return;
	} else {
		if (!node_ok(x, st->to, o))
			return;
		x->bind[st->to] = o;
		set_var(x, x->p->nodes[st->to].var, o);
	}
	run_step(x, k + 1);
}

/* Whether relation r is free for plain edge ei: no other plain edge bound
 * so far holds it (a relation is matched once per row, as in Cypher),
 * unless it is the same variable, which must hold the same one. */
static bool rel_free(const kgq_exec *x, size_t k, kg_rid r)
{
	const step *st = &x->steps[k];
	if (st->same_as >= 0)
		return x->rel_of[x->steps[st->same_as].edge] == r;
	for (size_t j = 0; j < k; j++) {
		const step *sj = &x->steps[j];
		if (sj->kind == S_EXPAND && !x->p->edges[sj->edge].varlen && x->rel_of[sj->edge] == r)
			return false;
	}
	return true;
}

static void run_step(kgq_exec *x, size_t k)
{
	if (x->stop)
		return;
	if (k == x->nsteps) {
		int rc = x->fn(x->ud, x->vals, x->rel_of);
		if (rc)
			x->stop = rc;
		return;
	}
	const step *st = &x->steps[k];
	if (st->kind == S_SCAN) {
		uint16_t ni = st->node;
		const kgq_node *nd = &x->p->nodes[ni];
		int var = nd->var;
		if (x->dead[ni])
			return;
		if (x->id_of[ni] != KG_NONE) {
			if (tick(x) && node_ok(x, ni, x->id_of[ni])) {
				x->bind[ni] = x->id_of[ni];
				set_var(x, var, x->id_of[ni]);
				run_step(x, k + 1);
			}
			return;
		}
		if (nd->type != KG_NONE) {
			size_t n;
			const kg_eid *es = kg_graph_entities_of(x->g, nd->type, &n);
			for (size_t i = 0; i < n && !x->stop && tick(x); i++)
				if (node_ok(x, ni, es[i])) {
					x->bind[ni] = es[i];
					set_var(x, var, es[i]);
					run_step(x, k + 1);
				}
			return;
		}
		/* once stopped, the view is not read again: the callback may have
		 * closed the graph */
		for (kg_eid e = kg_view_next_entity(x->v, KG_NONE); e != KG_NONE && tick(x);
		     e = x->stop ? KG_NONE : kg_view_next_entity(x->v, e))
			if (node_ok(x, ni, e)) {
				x->bind[ni] = e;
				set_var(x, var, e);
				run_step(x, k + 1);
			}
		return;
	}
	const kgq_edge *ed = &x->p->edges[st->edge];
	kg_eid u = x->bind[st->from];
	if (ed->varlen) {
		ends *out = &x->ends[k];
		if (!reach(x, st, u, out))
			return;
		for (size_t i = 0; i < out->n && !x->stop; i++)
			enter(x, k, st, out->items[i]);
		return;
	}
	nbr_it it;
	kg_rid r;
	kg_eid o;
	nbr_init(x, &it, u, st->dir);
	while (!x->stop && nbr_next(x, &it, st->edge, u, st->dir, &r, &o)) {
		if (!rel_free(x, k, r))
			continue;
		x->rel_of[st->edge] = r;
		set_var(x, ed->var, r);
		enter(x, k, st, o);
		x->rel_of[st->edge] = KG_NONE;
	}
}

int kgq_exec_run(kgq_exec *x, uint64_t max_steps, kgq_row_fn fn, void *ud, kgq_error *err)
{
	memset(err, 0, sizeof *err);
	x->work = 0;
	x->max_work = max_steps;
	x->fn = fn;
	x->ud = ud;
	x->stop = 0;
	x->err = err;
	for (size_t i = 0; i < KGQ_MAX_ELEMS; i++)
		x->rel_of[i] = KG_NONE;
	for (size_t i = 0; i < KGQ_MAX_VARS; i++)
		x->vals[i] = KG_NONE;
	run_step(x, 0);
	return x->stop;
}

/* ------------------------------------------------------------------ */
/* Planning                                                            */
/* ------------------------------------------------------------------ */

/* Candidates expected for node ni when scanned. */
static uint64_t estimate(const kgq_exec *x, uint16_t ni)
{
	const kgq_node *nd = &x->p->nodes[ni];
	if (x->dead[ni])
		return 0;
	if (x->id_of[ni] != KG_NONE)
		return 1;
	uint64_t n = kg_view_entity_count(x->v);
	if (nd->type != KG_NONE) {
		size_t c;
		kg_graph_entities_of(x->g, nd->type, &c);
		n = c;
	}
	/* a {key: value} test keeps a fraction: a guess, as a planner's */
	return nd->nprops ? n / 8 + 1 : n;
}

/* Orders the steps: the cheapest node first, then repeatedly the edge
 * from a bound node whose other end is cheapest (edges closing a cycle at
 * once: they only test); a new scan for each part not connected. */
static void plan(kgq_exec *x)
{
	const kgq_pattern *p = x->p;
	bool bound[KGQ_MAX_ELEMS] = {false}, placed[KGQ_MAX_ELEMS] = {false};
	size_t nbound = 0;
	int var_step[KGQ_MAX_VARS];
	for (size_t i = 0; i < KGQ_MAX_VARS; i++)
		var_step[i] = -1;
	while (nbound < p->nnodes || x->nsteps < p->nnodes + p->nedges) {
		/* edges whose two ends are bound: tests, placed first */
		int best = -1;
		uint16_t bfrom = 0, bto = 0;
		uint64_t bcost = UINT64_MAX;
		for (uint16_t e = 0; e < p->nedges; e++) {
			if (placed[e])
				continue;
			const kgq_edge *ed = &p->edges[e];
			bool ba = bound[ed->a], bb = bound[ed->b];
			if (!ba && !bb)
				continue;
			uint16_t from = ba ? ed->a : ed->b, to = ba ? ed->b : ed->a;
			uint64_t c = ba && bb ? 0 : estimate(x, to) + (ed->varlen ? 1 : 0);
			if (c < bcost) {
				bcost = c;
				best = e;
				bfrom = from;
				bto = to;
			}
		}
		step *st = &x->steps[x->nsteps];
		memset(st, 0, sizeof *st);
		if (best >= 0) {
			const kgq_edge *ed = &p->edges[best];
			st->kind = S_EXPAND;
			st->edge = (uint16_t)best;
			st->from = bfrom;
			st->to = bto;
			st->to_bound = bound[bto];
			uint8_t d = ed->dir;
			if (bfrom != ed->a && d != KG_DIR_BOTH)
				d = d == KG_DIR_OUT ? KG_DIR_IN : KG_DIR_OUT;
			st->dir = d;
			st->estimate = bcost;
			st->same_as = ed->var >= 0 ? var_step[ed->var] : -1;
			if (ed->var >= 0 && var_step[ed->var] < 0)
				var_step[ed->var] = (int)x->nsteps;
			placed[best] = true;
			if (!bound[bto]) {
				bound[bto] = true;
				nbound++;
			}
		} else {
			int bn = -1;
			for (uint16_t n = 0; n < p->nnodes; n++)
				if (!bound[n] && estimate(x, n) < bcost) {
					bcost = estimate(x, n);
					bn = n;
				}
			if (bn < 0)
				break; /* cannot happen: every edge has bound ends by now */
			st->kind = S_SCAN;
			st->node = (uint16_t)bn;
			st->estimate = bcost;
			bound[bn] = true;
			nbound++;
		}
		x->nsteps++;
	}
}

kgq_exec *kgq_exec_new(const kgq_pattern *p, const kg_view *within)
{
	kgq_exec *x = calloc(1, sizeof *x);
	if (!x)
		return NULL;
	x->p = p;
	x->v = within;
	x->g = kg_view_graph(within);
	x->s = kg_graph_schema(x->g);
	x->full = kg_view_entity_count(within) == kg_graph_entity_count(x->g) &&
		  kg_view_rel_count(within) == kg_graph_relation_count(x->g);
	x->nrt = kg_schema_rtype_count(x->s);
	x->rtmask = calloc(p->nedges * x->nrt + 1, 1);
	if (!x->rtmask) {
		free(x);
		return NULL;
	}
	for (size_t e = 0; e < p->nedges; e++)
		for (size_t i = 0; i < p->edges[e].nrt; i++) {
			kg_rtid rt = p->rtypes[p->edges[e].rt0 + i];
			if (rt < x->nrt)
				x->rtmask[e * x->nrt + rt] = 1;
		}
	for (size_t n = 0; n < p->nnodes; n++) {
		const kgq_node *nd = &p->nodes[n];
		x->id_of[n] = KG_NONE;
		x->dead[n] = nd->never;
		for (size_t i = nd->prop0; i < (size_t)nd->prop0 + nd->nprops; i++) {
			if (p->props[i].field != KGQ_F_ID)
				continue;
			kg_eid e = kg_graph_find(x->g, p->props[i].s);
			if (e == KG_NONE || (x->id_of[n] != KG_NONE && x->id_of[n] != e))
				x->dead[n] = true;
			x->id_of[n] = e;
		}
	}
	plan(x);
	return x;
}

void kgq_exec_free(kgq_exec **xp)
{
	if (!xp || !*xp)
		return;
	kgq_exec *x = *xp;
	free(x->rtmask);
	stamps_free(&x->level);
	stamps_free(&x->expanded);
	stamps_free(&x->reached);
	free(x->front);
	free(x->next);
	for (size_t i = 0; i < 2 * KGQ_MAX_ELEMS; i++)
		free(x->ends[i].items);
	free(x);
	*xp = NULL;
}

/* A node as the plan shows it: "c:country", "(anonymous):country". */
static void node_text(const kgq_exec *x, uint16_t ni, char *buf, size_t bufsz)
{
	const kgq_node *nd = &x->p->nodes[ni];
	snprintf(buf, bufsz, "%s%s%s%s", nd->var >= 0 ? x->p->vars[nd->var] : "()",
		 nd->type != KG_NONE ? ":" : "", nd->type != KG_NONE ? kg_schema_type_name(x->s, nd->type) : "",
		 x->id_of[ni] != KG_NONE ? " {id}" : "");
}

void kgq_exec_plan(const kgq_exec *x, char *buf, size_t bufsz)
{
	size_t n = 0;
	buf[0] = '\0';
	for (size_t k = 0; k < x->nsteps && n + 1 < bufsz; k++) {
		const step *st = &x->steps[k];
		char a[96], b[96];
		int w;
		if (st->kind == S_SCAN) {
			node_text(x, st->node, a, sizeof a);
			w = snprintf(buf + n, bufsz - n, "%sscan %s (%llu)", k ? "; " : "", a,
				     (unsigned long long)st->estimate);
		} else {
			const kgq_edge *ed = &x->p->edges[st->edge];
			node_text(x, st->from, a, sizeof a);
			node_text(x, st->to, b, sizeof b);
			w = snprintf(buf + n, bufsz - n, "%s%s %s %s%s %s", k ? "; " : "",
				     st->to_bound ? "check" : "expand", a,
				     st->dir == KG_DIR_OUT ? "->" : st->dir == KG_DIR_IN ? "<-" : "--",
				     ed->varlen ? "*" : "", b);
		}
		if (w < 0 || (size_t)w >= bufsz - n)
			break;
		n += (size_t)w;
	}
}
