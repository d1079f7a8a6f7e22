/* prov.c — provenance analysis (prov.h): claims that disagree at the same
 * date, and how a graph's facts rest on its sources. Reads the graph
 * through kg.h only; every result is a plain array the caller prints. */
#include <stdlib.h>
#include <string.h>

#include "prov.h"

/* ---------------------------------------------------------------- */
/* Facts                                                             */
/* ---------------------------------------------------------------- */

static const kg_attr *rec_attrs(const kg_graph *g, bool rel, uint32_t rec, size_t *n)
{
	return rel ? kg_rel_attrs(g, rec, n) : kg_entity_attrs(g, rec, n);
}

/* Whether an entity or relation is looked at (kgp_at). */
static bool rec_in(const kgp_at *at, bool rel, uint32_t rec)
{
	if (!at)
		return true;
	return rel ? kg_view_has_rel(at->view, rec) : kg_view_has_entity(at->view, rec);
}

/* Whether a claim is looked at: valid at the date, any rank. */
static bool claim_in(const kgp_at *at, const kg_claim *c)
{
	return !at || kg_claim_meets(c, at->date);
}

const kg_attr *kgp_fact_attr(const kg_graph *g, const kgp_fact *f)
{
	if (f->kind != KGP_ENTITY_CLAIM && f->kind != KGP_RELATION_CLAIM)
		return NULL;
	size_t n;
	const kg_attr *a = rec_attrs(g, kgp_fact_on_rel(f), f->rec, &n);
	return f->attr < n ? &a[f->attr] : NULL;
}

const kg_claim *kgp_fact_claim(const kg_graph *g, const kgp_fact *f)
{
	const kg_attr *a = kgp_fact_attr(g, f);
	if (!a || a->value.kind != KG_V_CLAIMS || f->claim >= a->value.n)
		return NULL;
	return &a->value.u.claims[f->claim];
}

kg_loc kgp_fact_loc(const kg_graph *g, const kgp_fact *f)
{
	const kg_claim *c = kgp_fact_claim(g, f);
	if (c && c->loc.line)
		return c->loc;
	return kgp_fact_on_rel(f) ? kg_rel_loc(g, f->rec) : kg_entity_loc(g, f->rec);
}

const kg_eid *kgp_fact_sources(const kg_graph *g, const kgp_fact *f, size_t *n)
{
	switch (f->kind) {
	case KGP_ENTITY: return kg_entity_sources(g, f->rec, n);
	case KGP_RELATION: return kg_rel_sources(g, f->rec, n);
	default: {
		const kg_claim *c = kgp_fact_claim(g, f);
		*n = c ? c->nsources : 0;
		return c ? c->sources : NULL;
	}
	}
}

const char *kgp_fact_date(const kg_graph *g, const kgp_fact *f)
{
	if (f->kind == KGP_ENTITY_CLAIM || f->kind == KGP_RELATION_CLAIM) {
		const kg_claim *c = kgp_fact_claim(g, f);
		return c ? c->as_of : NULL;
	}
	const kg_value *v = f->kind == KGP_RELATION ? kg_rel_attr(g, f->rec, "as_of")
						     : kg_entity_attr(g, f->rec, "as_of");
	v = kg_value_best(v);
	return v && v->kind == KG_V_DATE ? v->u.s : NULL;
}

int kgp_date_cmp(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static bool str_same(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static bool is_num(const kg_value *v, double *d)
{
	if (v->kind == KG_V_INT)
		*d = (double)v->u.i;
	else if (v->kind == KG_V_NUMBER)
		*d = v->u.d;
	else
		return false;
	return true;
}

bool kgp_value_same(const kg_value *a, const kg_value *b)
{
	double x, y;
	if (a->kind == KG_V_INT && b->kind == KG_V_INT)
		return a->u.i == b->u.i;
	if (is_num(a, &x) && is_num(b, &y))
		return x == y;
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case KG_V_NULL: return true;
	case KG_V_STRING:
	case KG_V_DATE: return str_same(a->u.s, b->u.s);
	case KG_V_BOOL: return a->u.b == b->u.b;
	case KG_V_QUANTITY: {
		kg_quantity p, q;
		kg_value_quantity(a, &p);
		kg_value_quantity(b, &q);
		return p.has == q.has && (!(p.has & KG_Q_VALUE) || p.value == q.value) &&
		       (!(p.has & KG_Q_APPROX) || p.approx == q.approx) &&
		       (!(p.has & KG_Q_MIN) || p.min == q.min) &&
		       (!(p.has & KG_Q_MAX) || p.max == q.max) && str_same(p.unit, q.unit);
	}
	case KG_V_LIST:
		if (a->n != b->n)
			return false;
		for (uint32_t i = 0; i < a->n; i++)
			if (!kgp_value_same(&a->u.items[i], &b->u.items[i]))
				return false;
		return true;
	default: return false; /* claims inside claims do not occur */
	}
}

/* ---------------------------------------------------------------- */
/* Conflicts                                                         */
/* ---------------------------------------------------------------- */

/* A claim's time: false when it has none (no as_of, since or till), else
 * the days [from, to) of its span of validity, or of its as_of. */
static bool claim_span(const kg_claim *c, kg_span *s)
{
	if (c->since || c->till) {
		*s = kg_span_of(c->since, c->till);
		return true;
	}
	if (!c->as_of)
		return false;
	kg_date d = kg_date_of(c->as_of);
	s->from = kg_date_first(d);
	s->to = kg_date_last(d) + 1;
	return true;
}

bool kgp_claims_overlap(const kg_claim *a, const kg_claim *b)
{
	kg_span x, y;
	bool dx = claim_span(a, &x), dy = claim_span(b, &y);
	if (!dx || !dy)
		return !dx && !dy;
	return x.from < y.to && y.from < x.to;
}

const kg_attr *kgp_conflict_attr(const kg_graph *g, const kgp_conflict *c)
{
	size_t n;
	const kg_attr *a = rec_attrs(g, c->rel, c->rec, &n);
	return c->attr < n ? &a[c->attr] : NULL;
}

/* A claim and where it was written, for sorting by date. */
typedef struct ord {
	const kg_claim *c;
	uint32_t i;
} ord;

/* Claims without a time first, then by the day their time begins. */
static int ord_cmp(const void *pa, const void *pb)
{
	const ord *a = pa, *b = pb;
	kg_span x, y;
	bool dx = claim_span(a->c, &x), dy = claim_span(b->c, &y);
	if (dx != dy)
		return dx ? 1 : -1;
	if (dx && x.from != y.from)
		return x.from < y.from ? -1 : 1;
	return (a->i > b->i) - (a->i < b->i);
}

static int u32_cmp(const void *pa, const void *pb)
{
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
	return (a > b) - (a < b);
}

/* Whether claim a beats claim b (prov.h, kgp_conflict.winner). */
static bool beats(const kg_claim *a, uint32_t ai, const kg_claim *b, uint32_t bi)
{
	static const int weight[] = {1, 2, 0}; /* normal, preferred, deprecated */
	int wa = weight[a->rank <= KG_RANK_DEPRECATED ? a->rank : 0];
	int wb = weight[b->rank <= KG_RANK_DEPRECATED ? b->rank : 0];
	if (wa != wb)
		return wa > wb;
	int d = kgp_date_cmp(a->as_of, b->as_of);
	return d ? d > 0 : ai < bi;
}

typedef struct finder {
	const kg_graph *g;
	const kgp_at *at;
	kgp_conflicts *out;
	size_t capitems, capclaims;
	ord *ords; /* scratch, one per claim of the attribute at hand */
	size_t capords;
} finder;

static int grow(void **p, size_t *cap, size_t need, size_t sz)
{
	if (need <= *cap)
		return 0;
	size_t n = *cap ? *cap : 16;
	while (n < need)
		n *= 2;
	void *q = realloc(*p, n * sz);
	if (!q)
		return -1;
	*p = q;
	*cap = n;
	return 0;
}

/* The group ords[0 .. n) of one attribute's claims, which overlap in time:
 * a conflict when two claims not deprecated differ in value. */
static int group(finder *f, bool rel, uint32_t rec, uint32_t attr, const ord *o, size_t n)
{
	const kg_claim *ref = NULL;
	bool differ = false;
	for (size_t k = 0; k < n && !differ; k++) {
		if (o[k].c->rank == KG_RANK_DEPRECATED)
			continue;
		if (!ref)
			ref = o[k].c;
		else
			differ = !kgp_value_same(&ref->value, &o[k].c->value);
	}
	if (!differ)
		return 0;
	kgp_conflicts *out = f->out;
	if (grow((void **)&out->items, &f->capitems, out->n + 1, sizeof *out->items) < 0 ||
	    grow((void **)&out->claims, &f->capclaims, out->nclaims + n, sizeof *out->claims) < 0)
		return -1;
	kgp_conflict *c = &out->items[out->n++];
	*c = (kgp_conflict){.rel = rel, .rec = rec, .attr = attr, .first = (uint32_t)out->nclaims,
			    .n = (uint32_t)n};
	size_t w = 0;
	for (size_t k = 1; k < n; k++)
		if (beats(o[k].c, o[k].i, o[w].c, o[w].i))
			w = k;
	c->winner = o[w].i;
	c->resolved = o[w].c->rank == KG_RANK_PREFERRED;
	for (size_t k = 0; k < n && c->resolved; k++)
		if (o[k].c->rank == KG_RANK_PREFERRED && !kgp_value_same(&o[k].c->value, &o[w].c->value))
			c->resolved = false;
	out->unresolved += !c->resolved;
	uint32_t *dst = out->claims + out->nclaims;
	for (size_t k = 0; k < n; k++)
		dst[k] = o[k].i;
	qsort(dst, n, sizeof *dst, u32_cmp);
	out->nclaims += n;
	return 0;
}

/* The claims of one attribute, sorted by date and cut into runs of claims
 * whose times overlap (kgp_claims_overlap), chained. */
static int attr_conflicts(finder *f, bool rel, uint32_t rec, uint32_t attr, const kg_value *v)
{
	if (v->kind != KG_V_CLAIMS || v->n < 2)
		return 0;
	if (grow((void **)&f->ords, &f->capords, v->n, sizeof *f->ords) < 0)
		return -1;
	uint32_t n = 0; /* the claims looked at (at a date: those valid then) */
	for (uint32_t i = 0; i < v->n; i++)
		if (claim_in(f->at, &v->u.claims[i]))
			f->ords[n++] = (ord){&v->u.claims[i], i};
	if (n < 2)
		return 0;
	f->out->attrs++;
	qsort(f->ords, n, sizeof *f->ords, ord_cmp);
	for (size_t s = 0, e; s < n; s = e) {
		/* a run: the claims without a time, or claims whose times chain
		 * into one stretch (sorted by start: each begins before the
		 * run's latest end) */
		kg_span run, x;
		bool dated = claim_span(f->ords[s].c, &run);
		for (e = s + 1; e < n; e++) {
			bool d = claim_span(f->ords[e].c, &x);
			if (d != dated || (d && x.from >= run.to))
				break;
			if (d && x.to > run.to)
				run.to = x.to;
		}
		if (e - s > 1 && group(f, rel, rec, attr, f->ords + s, e - s) < 0)
			return -1;
	}
	return 0;
}

kgp_conflicts *kgp_conflicts_find(const kg_graph *g, const kgp_at *at)
{
	finder f = {.g = g, .at = at, .out = calloc(1, sizeof *f.out)};
	if (!f.out)
		return NULL;
	int bad = 0;
	for (int rel = 0; rel < 2 && !bad; rel++) {
		size_t nrec = rel ? kg_graph_relation_count(g) : kg_graph_entity_count(g);
		for (uint32_t r = 0; r < nrec && !bad; r++) {
			if (!rec_in(at, rel, r))
				continue;
			size_t na;
			const kg_attr *a = rec_attrs(g, rel, r, &na);
			for (uint32_t i = 0; i < na && !bad; i++)
				bad = attr_conflicts(&f, rel, r, i, &a[i].value) < 0;
		}
	}
	free(f.ords);
	if (bad)
		kgp_conflicts_free(&f.out);
	return f.out;
}

void kgp_conflicts_free(kgp_conflicts **pc)
{
	if (!pc || !*pc)
		return;
	free((*pc)->items);
	free((*pc)->claims);
	free(*pc);
	*pc = NULL;
}

/* ---------------------------------------------------------------- */
/* Source coverage                                                   */
/* ---------------------------------------------------------------- */

typedef struct counter {
	const kg_graph *g;
	const kgp_at *at;
	kgp_report *r;
	uint32_t *row;   /* entity -> 1 + its index in r->sources, 0 for none */
	size_t capunsourced;
	size_t keep;     /* unsourced facts to list */
	kg_tid source_t; /* KG_NONE when the schema has no type `source` */
	uint8_t *asof;   /* [65536] by attribute name number: 0 not yet known,
			  * 1 `as_of`, 2 another name (saves a strcmp per attribute) */
} counter;

/* Whether attribute a is named as_of. */
static bool is_as_of(counter *k, const kg_attr *a)
{
	uint8_t *x = &k->asof[a->value.name];
	if (!*x)
		*x = strcmp(kg_attr_name(k->g, a), "as_of") == 0 ? 1 : 2;
	return *x == 1;
}

static bool is_source(const counter *k, kg_eid e)
{
	return k->source_t != KG_NONE &&
	       kg_schema_type_is(kg_graph_schema(k->g), kg_entity_type(k->g, e), k->source_t);
}

/* The source row of entity e, made on first sight (rows hold at most the
 * graph's entities, allocated whole up front). */
static kgp_source *source_row(counter *k, kg_eid e)
{
	if (!k->row[e]) {
		k->r->sources[k->r->nsources] = (kgp_source){.id = e};
		k->row[e] = (uint32_t)++k->r->nsources;
	}
	return &k->r->sources[k->row[e] - 1];
}

/* Counts one fact: its sources, its date d (kgp_fact_date, or NULL), and
 * its place in the lists. */
static int count_fact(counter *k, const kgp_fact *f, kgp_type *t, bool exempt, const char *d)
{
	kgp_report *r = k->r;
	int kind = f->kind == KGP_ENTITY ? KGP_N_ENTITIES :
		   f->kind == KGP_RELATION ? KGP_N_RELATIONS : KGP_N_CLAIMS;
	size_t ns;
	const kg_eid *src = kgp_fact_sources(k->g, f, &ns);
	r->facts[kind]++;
	for (size_t i = 0; i < ns; i++) {
		if (src[i] == KG_NONE)
			continue;
		kgp_source *s = source_row(k, src[i]);
		s->cites[kind]++;
		s->sole += ns == 1;
	}
	if (ns) {
		r->sourced[kind]++;
		r->single[kind] += ns == 1;
		t->single += ns == 1;
	} else if (exempt) {
		r->sources_unsourced++;
	} else {
		if (r->nunsourced < k->keep) {
			if (grow((void **)&r->unsourced, &k->capunsourced, r->nunsourced + 1,
				 sizeof *r->unsourced) < 0)
				return -1;
			r->unsourced[r->nunsourced++] = *f;
		}
		r->unsourced_n[kind]++;
		t->unsourced++;
	}
	if (d) {
		t->dated++;
		/* dates are interned: most are the oldest's own string */
		if (d != t->oldest && (!t->oldest || kgp_date_cmp(d, t->oldest) < 0)) {
			t->oldest = d;
			t->oldest_fact = *f;
		}
	}
	return 0;
}

/* A record (entity or relation) and the claims of its attributes. */
static int count_record(counter *k, bool rel, uint32_t rec, kgp_type *t, bool exempt)
{
	kgp_fact f = {.kind = rel ? KGP_RELATION : KGP_ENTITY, .rec = rec};
	size_t na;
	const kg_attr *a = rec_attrs(k->g, rel, rec, &na);
	const char *date = NULL;
	for (uint32_t i = 0; i < na && !date; i++)
		if (is_as_of(k, &a[i])) {
			const kg_value *v = k->at ? kg_value_at(&a[i].value, k->at->date)
						  : kg_value_best(&a[i].value);
			date = v && v->kind == KG_V_DATE ? v->u.s : NULL;
			break;
		}
	t->count++;
	if (count_fact(k, &f, t, exempt, date) < 0)
		return -1;
	for (uint32_t i = 0; i < na; i++) {
		if (a[i].value.kind != KG_V_CLAIMS)
			continue;
		for (uint32_t c = 0; c < a[i].value.n; c++) {
			if (!claim_in(k->at, &a[i].value.u.claims[c]))
				continue;
			kgp_fact cf = {.kind = rel ? KGP_RELATION_CLAIM : KGP_ENTITY_CLAIM,
				       .rec = rec, .attr = i, .claim = c};
			t->claims++;
			if (count_fact(k, &cf, t, false, a[i].value.u.claims[c].as_of) < 0)
				return -1;
		}
	}
	return 0;
}

static uint32_t total(const kgp_source *s)
{
	return s->cites[0] + s->cites[1] + s->cites[2];
}

/* Most cited first, then by id (qsort_r: the graph is the context). */
static int source_cmp(const void *pa, const void *pb, void *g)
{
	const kgp_source *a = pa, *b = pb;
	uint32_t ta = total(a), tb = total(b);
	if (ta != tb)
		return ta < tb ? 1 : -1;
	return strcmp(kg_entity_id(g, a->id), kg_entity_id(g, b->id));
}

static int eid_cmp(const void *pa, const void *pb, void *g)
{
	kg_eid a = *(const kg_eid *)pa, b = *(const kg_eid *)pb;
	return strcmp(kg_entity_id(g, a), kg_entity_id(g, b));
}

static int finish(counter *k)
{
	kgp_report *r = k->r;
	const kg_graph *g = k->g;
	size_t ne = kg_graph_entity_count(g);
	for (kg_eid e = 0; e < ne; e++)
		if (is_source(k, e) && rec_in(k->at, false, e)) {
			r->nsource_entities++;
			source_row(k, e);
		}
	r->uncited = malloc((r->nsources + 1) * sizeof *r->uncited);
	if (!r->uncited)
		return -1;
	for (size_t i = 0; i < r->nsources; i++)
		if (!total(&r->sources[i]))
			r->uncited[r->nuncited++] = r->sources[i].id;
	qsort_r(r->sources, r->nsources, sizeof *r->sources, source_cmp, (void *)g);
	qsort_r(r->uncited, r->nuncited, sizeof *r->uncited, eid_cmp, (void *)g);
	return 0;
}

kgp_report *kgp_report_build(const kg_graph *g, size_t keep, const kgp_at *at)
{
	const kg_schema *s = kg_graph_schema(g);
	size_t ne = kg_graph_entity_count(g), nr = kg_graph_relation_count(g);
	counter k = {.g = g, .at = at, .r = calloc(1, sizeof *k.r), .row = calloc(ne + 1, sizeof *k.row),
		     .source_t = kg_schema_type_find(s, "source"), .asof = calloc(65536, 1), .keep = keep};
	kgp_report *r = k.r;
	int bad = !r || !k.row || !k.asof;
	if (!bad) {
		r->sources = malloc((ne + 1) * sizeof *r->sources);
		r->etypes = calloc(kg_schema_type_count(s) + 1, sizeof *r->etypes);
		r->rtypes = calloc(kg_schema_rtype_count(s) + 1, sizeof *r->rtypes);
		bad = !r->sources || !r->etypes || !r->rtypes;
	}
	for (kg_eid e = 0; e < ne && !bad; e++) {
		if (!rec_in(at, false, e))
			continue;
		kg_tid t = kg_entity_type(g, e);
		bad = count_record(&k, false, e, &r->etypes[t], is_source(&k, e)) < 0;
	}
	for (kg_rid i = 0; i < nr && !bad; i++)
		if (rec_in(at, true, i))
			bad = count_record(&k, true, i, &r->rtypes[kg_rel_type(g, i)], false) < 0;
	if (!bad)
		bad = finish(&k) < 0;
	free(k.row);
	free(k.asof);
	if (bad)
		kgp_report_free(&k.r);
	return k.r;
}

void kgp_report_free(kgp_report **pr)
{
	if (!pr || !*pr)
		return;
	kgp_report *r = *pr;
	free(r->sources);
	free(r->unsourced);
	free(r->uncited);
	free(r->etypes);
	free(r->rtypes);
	free(r);
	*pr = NULL;
}

/* ------------------------------------------------------------------ */
/* What one source supports                                            */
/* ------------------------------------------------------------------ */

/* Whether the fact cites src; *alone when it cites no other source. */
static bool cites(const kg_graph *g, const kgp_fact *f, kg_eid src, bool *alone)
{
	size_t n;
	const kg_eid *s = kgp_fact_sources(g, f, &n);
	bool hit = false;
	for (size_t i = 0; i < n; i++)
		hit |= s[i] == src;
	*alone = hit && n == 1;
	return hit;
}

static int support_add(kgp_support *out, size_t *cap, const kgp_fact *f, bool alone)
{
	if (grow((void **)&out->facts, cap, out->n + 1, sizeof *out->facts) < 0 ||
	    grow((void **)&out->alone, &out->alone_cap, out->n + 1, sizeof *out->alone) < 0)
		return -1;
	out->facts[out->n] = *f;
	out->alone[out->n++] = alone;
	out->count[f->kind == KGP_ENTITY ? KGP_N_ENTITIES
		   : f->kind == KGP_RELATION ? KGP_N_RELATIONS : KGP_N_CLAIMS]++;
	out->nalone += alone;
	return 0;
}

kgp_support *kgp_supported_by(const kg_graph *g, kg_eid src, const kgp_at *at)
{
	kgp_support *out = calloc(1, sizeof *out);
	size_t cap = 0;
	if (!out)
		return NULL;
	for (int rel = 0; rel < 2; rel++) {
		size_t nrec = rel ? kg_graph_relation_count(g) : kg_graph_entity_count(g);
		for (uint32_t r = 0; r < nrec; r++) {
			if (!rec_in(at, rel, r))
				continue;
			bool alone;
			kgp_fact f = {rel ? KGP_RELATION : KGP_ENTITY, r, 0, 0};
			if (cites(g, &f, src, &alone) && support_add(out, &cap, &f, alone) < 0)
				goto oom;
			size_t na;
			const kg_attr *a = rec_attrs(g, rel, r, &na);
			for (uint32_t i = 0; i < na; i++) {
				if (a[i].value.kind != KG_V_CLAIMS)
					continue;
				for (uint32_t c = 0; c < a[i].value.n; c++) {
					if (!claim_in(at, &a[i].value.u.claims[c]))
						continue;
					kgp_fact cf = {rel ? KGP_RELATION_CLAIM : KGP_ENTITY_CLAIM, r, i, c};
					if (cites(g, &cf, src, &alone) && support_add(out, &cap, &cf, alone) < 0)
						goto oom;
				}
			}
		}
	}
	return out;
oom:
	kgp_support_free(&out);
	return NULL;
}

void kgp_support_free(kgp_support **ps)
{
	if (!ps || !*ps)
		return;
	free((*ps)->facts);
	free((*ps)->alone);
	free(*ps);
	*ps = NULL;
}
