/* store.c — the immutable graph store: entity and relation arrays, the id
 * hash, type indexes and adjacency (compressed rows), and their readers. */
#include <stdlib.h>
#include <string.h>

#include "schema_model.h"
#include "spell.h"
#include "store.h"

/* ---------------------------------------------------------------- */
/* Building                                                          */
/* ---------------------------------------------------------------- */

kg_graph *kgs_new(void)
{
	kg_graph *g = calloc(1, sizeof *g);
	if (!g)
		return NULL;
	kga_arena_init(&g->arena);
	if (kga_intern_init(&g->strings, &g->arena) < 0) {
		free(g);
		return NULL;
	}
	return g;
}

void kg_graph_free(kg_graph **pg)
{
	if (!pg || !*pg)
		return;
	kg_graph *g = *pg;
	kgsc_free(&g->schema);
	if (g->map) {
		g->unmap(g->map, g->maplen);
	} else {
		free(g->ents);
		free(g->rels);
		kgs_pool *pools[] = {&g->eattrs, &g->rattrs, &g->esrcs, &g->rsrcs,
				     &g->ealiases, &g->xstrs, &g->ecols, &g->rcols, &g->relx};
		for (size_t i = 0; i < sizeof pools / sizeof *pools; i++)
			free(pools[i]->items);
		free(g->files);
		free(g->file_ents);
		free(g->file_rels);
		free(g->idx);
		kgs_csr *csrs[] = {&g->by_type, &g->by_rtype, &g->out, &g->in};
		for (size_t i = 0; i < sizeof csrs / sizeof *csrs; i++) {
			free(csrs[i]->offsets);
			free(csrs[i]->items);
		}
	}
	kga_intern_free(&g->strings);
	kga_arena_free(&g->arena);
	free(g);
	*pg = NULL;
}

/* Grows *arr (of elements of size sz, capacity *cap) to hold n + 1. */
static int reserve(void **arr, size_t *cap, size_t n, size_t sz)
{
	if (n < *cap)
		return 0;
	size_t ncap = *cap ? *cap * 2 : 64;
	if (ncap > SIZE_MAX / sz)
		return -1;
	void *p = realloc(*arr, ncap * sz);
	if (!p)
		return -1;
	*arr = p;
	*cap = ncap;
	return 0;
}

int kgs_index_ids(kg_graph *g)
{
	/* filled to at most 80%: a probe compares the hashes beside the
	 * slots, eight to a cache line, before any string */
	size_t cap = 16;
	while (cap - cap / 5 < g->nents)
		cap *= 2;
	uint64_t *idx = calloc(cap, sizeof *idx);
	if (!idx)
		return -1;
	for (size_t e = 0; e < g->nents; e++) {
		const char *id = g->ents[e].id;
		uint32_t h = kga_hash(id, strlen(id));
		size_t j = h & (cap - 1);
		while (idx[j])
			j = (j + 1) & (cap - 1);
		idx[j] = ((uint64_t)h << 32) | (e + 1);
	}
	free(g->idx);
	g->idx = idx;
	g->idxcap = cap;
	return 0;
}

kg_eid kgs_find_n(const kg_graph *g, const char *id, size_t len)
{
	if (!g->idxcap)
		return KG_NONE;
	uint32_t h = kga_hash(id, len);
	size_t mask = g->idxcap - 1, j = h & mask;
	for (uint64_t v; (v = g->idx[j]) != 0; j = (j + 1) & mask) {
		if ((uint32_t)(v >> 32) != h)
			continue;
		const char *s = g->ents[(uint32_t)v - 1].id;
		if (strncmp(s, id, len) == 0 && s[len] == '\0')
			return (uint32_t)v - 1;
	}
	return KG_NONE;
}

kg_eid kgs_add_entity(kg_graph *g, const char *id)
{
	if (g->nents >= KGS_MAX_ENTITIES)
		return KG_NONE;
	if (reserve((void **)&g->ents, &g->capents, g->nents, sizeof *g->ents) < 0)
		return KG_NONE;
	kg_eid e = (kg_eid)g->nents++;
	memset(&g->ents[e], 0, sizeof g->ents[e]);
	g->ents[e].id = id;
	g->ents[e].name = id;
	g->ents[e].attr0 = g->eattrs.n;
	g->ents[e].src0 = g->esrcs.n;
	g->ents[e].alias0 = g->ealiases.n;
	kga_set_tag(id, (kga_tag(id) & KGS_TAG_RELID) | (e + 1));
	return e;
}

kg_rid kgs_add_rel(kg_graph *g)
{
	if (g->nrels >= KG_NONE - 1)
		return KG_NONE;
	if (reserve((void **)&g->rels, &g->caprels, g->nrels, sizeof *g->rels) < 0)
		return KG_NONE;
	kg_rid r = (kg_rid)g->nrels++;
	memset(&g->rels[r], 0, sizeof g->rels[r]);
	g->rels[r].attr0 = g->rattrs.n;
	g->rels[r].src0 = g->rsrcs.n;
	return r;
}

void *kgs_pool_push(kgs_pool *p, size_t count, size_t sz)
{
	if (count > UINT32_MAX - 1 - p->n)
		return NULL;
	size_t need = p->n + count;
	if (need > p->cap) {
		size_t ncap = p->cap ? p->cap : 256;
		while (ncap < need)
			ncap *= 2;
		if (ncap > SIZE_MAX / sz)
			return NULL;
		void *np = realloc(p->items, ncap * sz);
		if (!np)
			return NULL;
		p->items = np;
		p->cap = ncap;
	}
	void *at = (char *)p->items + (size_t)p->n * sz;
	p->n = (uint32_t)need;
	return at;
}

uint32_t kgs_add_file(kg_graph *g, const char *path)
{
	if (g->nfiles >= UINT32_MAX - 1)
		return UINT32_MAX;
	size_t cap = g->capfiles;
	if (reserve((void **)&g->files, &g->capfiles, g->nfiles, sizeof *g->files) < 0)
		return UINT32_MAX;
	if (g->capfiles != cap) {
		/* the first records' arrays follow the names' capacity */
		uint32_t *fe = realloc(g->file_ents, g->capfiles * sizeof *fe);
		if (fe)
			g->file_ents = fe;
		uint32_t *fr = fe ? realloc(g->file_rels, g->capfiles * sizeof *fr) : NULL;
		if (!fr) {
			g->capfiles = cap; /* the names' array is merely roomier */
			return UINT32_MAX;
		}
		g->file_rels = fr;
	}
	const char *p = kga_intern(&g->strings, path);
	if (!p)
		return UINT32_MAX;
	g->files[g->nfiles] = p;
	return (uint32_t)g->nfiles++;
}

void kgs_begin_file(kg_graph *g, size_t f)
{
	for (; g->nbegun <= f && g->nbegun < g->nfiles; g->nbegun++) {
		g->file_ents[g->nbegun] = (uint32_t)g->nents;
		g->file_rels[g->nbegun] = (uint32_t)g->nrels;
	}
}

int kgs_set_place(kg_graph *g, int rel, uint32_t rec, uint32_t line, uint32_t col)
{
	uint16_t c = col < KGS_FAR_COL ? (uint16_t)col : KGS_FAR_COL;
	if (rel) {
		g->rels[rec].line = line;
		g->rels[rec].col = c;
	} else {
		g->ents[rec].line = line;
		g->ents[rec].col = c;
	}
	if (c != KGS_FAR_COL)
		return 0;
	kgs_side *fc = kgs_pool_push(rel ? &g->rcols : &g->ecols, 1, sizeof *fc);
	if (!fc)
		return -1;
	*fc = (kgs_side){rec, col};
	return 0;
}

const kgs_side *kgs_side_find(const kgs_pool *p, uint32_t rec)
{
	const kgs_side *s = p->items;
	size_t a = 0, b = p->n;
	while (a < b) {
		size_t mid = a + (b - a) / 2;
		if (s[mid].rec < rec)
			a = mid + 1;
		else
			b = mid;
	}
	return a < p->n && s[a].rec == rec ? &s[a] : NULL;
}

/* Fills a CSR from (key, item) pairs produced twice by `pairs`: once to
 * count, once to place, so no pair list is ever stored. Items of one key
 * come out in the order produced. */
typedef void (*pair_fn)(const kg_graph *g, void (*emit)(void *, uint32_t, uint32_t), void *ud);

struct csr_build {
	kgs_csr *c;
	uint32_t *fill;
	int placing;
};

static void csr_emit(void *ud, uint32_t key, uint32_t item)
{
	struct csr_build *b = ud;
	if (!b->placing)
		b->c->offsets[key + 1]++;
	else
		b->c->items[b->fill[key]++] = item;
}

static int csr_build(const kg_graph *g, kgs_csr *c, size_t nkeys, pair_fn pairs)
{
	c->offsets = calloc(nkeys + 1, sizeof *c->offsets);
	if (!c->offsets)
		return -1;
	struct csr_build b = {c, NULL, 0};
	pairs(g, csr_emit, &b);
	for (size_t k = 0; k < nkeys; k++)
		c->offsets[k + 1] += c->offsets[k];
	c->items = malloc((c->offsets[nkeys] ? c->offsets[nkeys] : 1) * sizeof *c->items);
	b.fill = malloc((nkeys ? nkeys : 1) * sizeof *b.fill);
	if (!c->items || !b.fill) {
		free(b.fill);
		return -1;
	}
	memcpy(b.fill, c->offsets, nkeys * sizeof *b.fill);
	b.placing = 1;
	pairs(g, csr_emit, &b);
	free(b.fill);
	return 0;
}

static void pairs_by_type(const kg_graph *g, void (*emit)(void *, uint32_t, uint32_t), void *ud)
{
	for (size_t e = 0; e < g->nents; e++)
		for (kg_tid t = kgs_type_of(g->ents[e].type); t != KG_NONE; t = kg_schema_type_parent(g->schema, t))
			emit(ud, t, (uint32_t)e);
}

static void pairs_by_rtype(const kg_graph *g, void (*emit)(void *, uint32_t, uint32_t), void *ud)
{
	for (size_t r = 0; r < g->nrels; r++)
		emit(ud, g->rels[r].type, (uint32_t)r);
}

static void pairs_out(const kg_graph *g, void (*emit)(void *, uint32_t, uint32_t), void *ud)
{
	for (size_t r = 0; r < g->nrels; r++) {
		const kgs_rel *x = &g->rels[r];
		emit(ud, x->from, (uint32_t)r);
		if (x->to != x->from && kg_schema_rtype_symmetric(g->schema, x->type))
			emit(ud, x->to, (uint32_t)r);
	}
}

static void pairs_in(const kg_graph *g, void (*emit)(void *, uint32_t, uint32_t), void *ud)
{
	for (size_t r = 0; r < g->nrels; r++) {
		const kgs_rel *x = &g->rels[r];
		emit(ud, x->to, (uint32_t)r);
		if (x->to != x->from && kg_schema_rtype_symmetric(g->schema, x->type))
			emit(ud, x->from, (uint32_t)r);
	}
}

/* Gives back the unused tail of a grown array. */
static void shrink(void **arr, size_t *cap, size_t n, size_t sz)
{
	if (n == 0 || n == *cap)
		return;
	void *p = realloc(*arr, n * sz);
	if (p) {
		*arr = p;
		*cap = n;
	}
}

int kgs_finish(kg_graph *g)
{
	const kg_schema *s = g->schema;
	shrink((void **)&g->ents, &g->capents, g->nents, sizeof *g->ents);
	shrink((void **)&g->rels, &g->caprels, g->nrels, sizeof *g->rels);
	shrink(&g->eattrs.items, &g->eattrs.cap, g->eattrs.n, sizeof(kg_attr));
	shrink(&g->rattrs.items, &g->rattrs.cap, g->rattrs.n, sizeof(kg_attr));
	shrink(&g->esrcs.items, &g->esrcs.cap, g->esrcs.n, sizeof(kg_eid));
	shrink(&g->rsrcs.items, &g->rsrcs.cap, g->rsrcs.n, sizeof(kg_eid));
	shrink(&g->ealiases.items, &g->ealiases.cap, g->ealiases.n, sizeof(char *));
	shrink(&g->xstrs.items, &g->xstrs.cap, g->xstrs.n, sizeof(char *));
	if (kgs_index_ids(g) < 0 ||
	    csr_build(g, &g->by_type, kg_schema_type_count(s), pairs_by_type) < 0 ||
	    csr_build(g, &g->by_rtype, kg_schema_rtype_count(s), pairs_by_rtype) < 0 ||
	    csr_build(g, &g->out, g->nents, pairs_out) < 0 ||
	    csr_build(g, &g->in, g->nents, pairs_in) < 0)
		return -1;
	return 0;
}

/* ---------------------------------------------------------------- */
/* Readers                                                           */
/* ---------------------------------------------------------------- */

static const uint32_t *csr_row(const kgs_csr *c, uint32_t k, size_t *n)
{
	*n = c->offsets[k + 1] - c->offsets[k];
	return c->items + c->offsets[k];
}

size_t kg_graph_entity_count(const kg_graph *g) { return g->nents; }
size_t kg_graph_relation_count(const kg_graph *g) { return g->nrels; }
const kg_schema *kg_graph_schema(const kg_graph *g) { return g->schema; }
size_t kg_graph_file_count(const kg_graph *g) { return g->nfiles; }
const char *kg_graph_file(const kg_graph *g, size_t i) { return i < g->nfiles ? g->files[i] : NULL; }

kg_eid kg_graph_find(const kg_graph *g, const char *id)
{
	return id ? kgs_find_n(g, id, strlen(id)) : KG_NONE;
}

const char *kg_graph_id_near(const kg_graph *g, const char *id)
{
	if (g->nents > KG_NEAR_MAX_ENTITIES)
		return NULL;
	kgsp_near n;
	kgsp_near_init(&n, id);
	for (kg_eid e = 0; e < g->nents; e++)
		kgsp_near_try(&n, g->ents[e].id);
	return n.word;
}

const kg_eid *kg_graph_entities_of(const kg_graph *g, kg_tid t, size_t *n)
{
	if (t >= kg_schema_type_count(g->schema)) {
		*n = 0;
		return NULL;
	}
	return csr_row(&g->by_type, t, n);
}

const kg_rid *kg_graph_relations_of(const kg_graph *g, kg_rtid rt, size_t *n)
{
	if (rt >= kg_schema_rtype_count(g->schema)) {
		*n = 0;
		return NULL;
	}
	return csr_row(&g->by_rtype, rt, n);
}

size_t kg_graph_memory(const kg_graph *g)
{
	size_t ntypes = kg_schema_type_count(g->schema), nrt = kg_schema_rtype_count(g->schema);
	return g->arena.used + g->strings.cap * sizeof(uint64_t) +
	       g->capents * sizeof *g->ents + g->caprels * sizeof *g->rels +
	       (g->eattrs.cap + g->rattrs.cap) * sizeof(kg_attr) +
	       (g->esrcs.cap + g->rsrcs.cap) * sizeof(kg_eid) +
	       (g->ealiases.cap + g->xstrs.cap) * sizeof(char *) +
	       g->idxcap * sizeof *g->idx + g->capfiles * (sizeof *g->files + 2 * sizeof(uint32_t)) +
	       (g->ecols.cap + g->rcols.cap + g->relx.cap) * sizeof(kgs_side) +
	       (ntypes + 1 + g->by_type.offsets[ntypes]) * sizeof(uint32_t) +
	       (nrt + 1 + g->nrels) * sizeof(uint32_t) +
	       2 * (g->nents + 1) * sizeof(uint32_t) +
	       2 * (g->out.offsets[g->nents] + g->in.offsets[g->nents]) * sizeof(uint32_t);
}

/* Where record rec of the entities (first = g->file_ents, far = g->ecols)
 * or relations was written: its file is the last whose first record is at
 * or before it, its column a far one when so marked. */
static kg_loc loc_of(const kg_graph *g, const uint32_t *first, const kgs_pool *far, uint32_t rec,
		     uint32_t line, uint16_t col)
{
	size_t lo = 0, hi = g->nbegun; /* first[lo - 1] <= rec < first[hi] */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (first[mid] <= rec)
			lo = mid + 1;
		else
			hi = mid;
	}
	kg_loc l = {lo ? g->files[lo - 1] : NULL, line, col};
	const kgs_side *fc = col == KGS_FAR_COL ? kgs_side_find(far, rec) : NULL;
	if (fc)
		l.col = fc->val;
	return l;
}

/* The parts of record i of n: from start(i) to start(i + 1), the last to
 * the pool's end; NULL when there are none. */
#define PART(g, pool, T, recs, nrecs, field, i, n)                                     \
	part_of(&(g)->pool, sizeof(T), (recs)[i].field,                                 \
		(i) + 1 < (nrecs) ? (recs)[(i) + 1].field : (g)->pool.n, n)

static const void *part_of(const kgs_pool *p, size_t sz, uint32_t start, uint32_t end, size_t *n)
{
	*n = end - start;
	return *n ? (const char *)p->items + (size_t)start * sz : NULL;
}

static const char *xstr(const kg_graph *g, uint32_t x)
{
	return x ? ((const char *const *)g->xstrs.items)[x - 1] : NULL;
}

const char *kg_entity_id(const kg_graph *g, kg_eid e) { return g->ents[e].id; }
kg_tid kg_entity_type(const kg_graph *g, kg_eid e) { return kgs_type_of(g->ents[e].type); }
const char *kg_entity_name(const kg_graph *g, kg_eid e) { return g->ents[e].name; }
const char *kg_entity_notes(const kg_graph *g, kg_eid e) { return xstr(g, g->ents[e].notes); }

const char *const *kg_entity_aliases(const kg_graph *g, kg_eid e, size_t *n)
{
	return PART(g, ealiases, char *, g->ents, g->nents, alias0, e, n);
}

const kg_eid *kg_entity_sources(const kg_graph *g, kg_eid e, size_t *n)
{
	return PART(g, esrcs, kg_eid, g->ents, g->nents, src0, e, n);
}

const kg_attr *kg_entity_attrs(const kg_graph *g, kg_eid e, size_t *n)
{
	return PART(g, eattrs, kg_attr, g->ents, g->nents, attr0, e, n);
}

const char *kg_attr_name(const kg_graph *g, const kg_attr *a)
{
	return kgsc_attr_name(g->schema, a->value.name);
}

static const kg_value *find_attr(const kg_graph *g, const kg_attr *a, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++) {
		const char *an = kg_attr_name(g, &a[i]);
		if (an && (an == name || strcmp(an, name) == 0))
			return &a[i].value;
	}
	return NULL;
}

const kg_value *kg_entity_attr(const kg_graph *g, kg_eid e, const char *name)
{
	size_t n;
	const kg_attr *a = kg_entity_attrs(g, e, &n);
	return find_attr(g, a, n, name);
}

kg_loc kg_entity_loc(const kg_graph *g, kg_eid e)
{
	const kgs_entity *x = &g->ents[e];
	return loc_of(g, g->file_ents, &g->ecols, e, x->line, x->col);
}

const kg_rid *kg_entity_out(const kg_graph *g, kg_eid e, size_t *n) { return csr_row(&g->out, e, n); }
const kg_rid *kg_entity_in(const kg_graph *g, kg_eid e, size_t *n) { return csr_row(&g->in, e, n); }

kg_eid kg_rel_other(const kg_graph *g, kg_rid r, kg_eid e)
{
	const kgs_rel *x = &g->rels[r];
	return x->from == e ? x->to : x->from;
}

kg_eid kg_rel_from(const kg_graph *g, kg_rid r) { return g->rels[r].from; }
kg_eid kg_rel_to(const kg_graph *g, kg_rid r) { return g->rels[r].to; }
kg_rtid kg_rel_type(const kg_graph *g, kg_rid r) { return kgs_type_of(g->rels[r].type); }
const char *kg_rel_id(const kg_graph *g, kg_rid r)
{
	const kgs_side *x = kgs_side_find(&g->relx, r);
	return x ? xstr(g, x->val) : NULL;
}
const char *kg_rel_notes(const kg_graph *g, kg_rid r)
{
	const kgs_side *x = kgs_side_find(&g->relx, r);
	return x ? xstr(g, x->val + 1) : NULL;
}

const kg_eid *kg_rel_sources(const kg_graph *g, kg_rid r, size_t *n)
{
	return PART(g, rsrcs, kg_eid, g->rels, g->nrels, src0, r, n);
}

const kg_attr *kg_rel_attrs(const kg_graph *g, kg_rid r, size_t *n)
{
	return PART(g, rattrs, kg_attr, g->rels, g->nrels, attr0, r, n);
}

const kg_value *kg_rel_attr(const kg_graph *g, kg_rid r, const char *name)
{
	size_t n;
	const kg_attr *a = kg_rel_attrs(g, r, &n);
	return find_attr(g, a, n, name);
}

kg_loc kg_rel_loc(const kg_graph *g, kg_rid r)
{
	const kgs_rel *x = &g->rels[r];
	return loc_of(g, g->file_rels, &g->rcols, r, x->line, x->col);
}
