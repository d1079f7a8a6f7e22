/* snapshot_check.c — a snapshot's four indexes checked against its records:
 * each must hold exactly what kgs_finish (store.c) builds from the entities
 * and relations, so that every walk over them (view.c, the Lua binding)
 * meets only relations that touch the entity they are listed under.
 *
 * The checks read the records and the indexes in order, never one through
 * the other: at a million entities and three million relations, looking up
 * the relation of every adjacency item costs 100-200 ms of cache and TLB
 * misses, more than the rest of the load, while these passes cost a
 * fraction of that. */
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "schema_model.h"
#include "snapshot.h"
#include "store.h"

static const char *const BAD_ADJ = "the relations of an entity are not those that touch it";
static const char *const BAD_RTYPE = "the relations of a type are not those of that type";
static const char *const BAD_TYPE = "the entities of a type are not those of that type";

/* ---------------------------------------------------------------- */
/* The type indexes: few keys, each row consumed in order            */
/* ---------------------------------------------------------------- */

/* The rows of a CSR index consumed in order: fill[k] is the next position
 * of key k's row. kgs_finish emits the pairs (key, item) by rising item, so
 * walking the records in the same order must meet each row's items one by
 * one, and at the end every row must be used up: the index is then exactly
 * the one built from the records. With few keys, each row is read in order. */
typedef struct rows {
	const kgs_csr *c;
	uint32_t *fill; /* [nkeys]: the next position of each row */
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

static const char *check_by_type(const kg_graph *g, uint32_t *fill, size_t ntypes)
{
	rows w;
	rows_start(&w, &g->by_type, ntypes, fill);
	for (size_t e = 0; e < g->nents; e++)
		for (kg_tid t = g->ents[e].type; t != KG_NONE; t = kg_schema_type_parent(g->schema, t))
			if (t >= ntypes || !take(&w, t, (uint32_t)e))
				return BAD_TYPE;
	return rows_done(&w) ? NULL : BAD_TYPE;
}

/* ---------------------------------------------------------------- */
/* The adjacency: a fingerprint of the pairs (entity, relation)      */
/* ---------------------------------------------------------------- */

/* Arithmetic modulo the prime P = 2^61 - 1. Two multisets of n numbers
 * below P are told apart by the product of (z - x) over each, for z drawn
 * at random after the numbers are fixed: the two products are polynomials
 * in z of degree n, equal at at most n points unless the multisets are
 * equal (Lipton's fingerprint), so a forged index passes with probability
 * at most 2n / 2^61 (z is drawn from 2^61 values, P and 0 being one),
 * below 2^-28 for n = 2^32 items and 2^-36 for ten million. */
#define P ((UINT64_C(1) << 61) - 1)

/* a * b mod P, for a, b <= P; the result is <= P too (P stands for 0). */
static inline uint64_t mulmod(uint64_t a, uint64_t b)
{
#ifdef __SIZEOF_INT128__
	__extension__ typedef unsigned __int128 u128;
	u128 m = (u128)a * b;
	uint64_t s = ((uint64_t)m & P) + (uint64_t)(m >> 61);
#else
	/* In 32-bit halves, with 2^61 = 1 (mod P): a1, b1 < 2^29. */
	uint64_t a0 = a & 0xffffffffu, a1 = a >> 32, b0 = b & 0xffffffffu, b1 = b >> 32;
	uint64_t lo = a0 * b0, mid = a1 * b0 + a0 * b1; /* mid < 2^62 */
	uint64_t s = (a1 * b1 << 3) + (mid >> 29) + ((mid & ((1u << 29) - 1)) << 32) +
		     (lo & P) + (lo >> 61);
	s = (s & P) + (s >> 61);
#endif
	return s >= P ? s - P : s;
}

static inline uint64_t term(uint64_t z, uint64_t x) { return z >= x ? z - x : z + P - x; }

/* The adjacency's pairs as numbers below P: entity * nrels + relation,
 * one to one while nents * nrels < P (graphs past that are checked item
 * by item, below). */
static inline uint64_t pair(uint64_t e, uint64_t r, uint64_t nrels) { return e * nrels + r; }

/* Rows rising and in range, as kgs_finish makes them (kg.h promises them
 * rising; walks index the relations by them). */
static bool rising(const kg_graph *g, const kgs_csr *c)
{
	for (size_t e = 0; e < g->nents; e++) {
		uint32_t end = c->offsets[e + 1];
		int64_t prev = -1;
		for (uint32_t p = c->offsets[e]; p < end; p++) {
			if (c->items[p] <= prev || c->items[p] >= g->nrels)
				return false;
			prev = c->items[p];
		}
	}
	return true;
}

/* The fingerprint of the pairs (entity, relation) the rows list: four
 * products in turn, so that the multiplications overlap. */
static uint64_t listed(const kg_graph *g, const kgs_csr *c, uint64_t z)
{
	uint64_t a[4] = {1, 1, 1, 1}, nr = g->nrels;
	size_t e = 0, n = c->offsets[g->nents];
	for (size_t p = 0; p < n; p += 4) {
		for (int i = 0; i < 4; i++) { /* unrolled: a[i] stays in a register */
			if (p + i >= n)
				break;
			while (c->offsets[e + 1] <= p + i)
				e++;
			a[i] = mulmod(a[i], term(z, pair(e, c->items[p + i], nr)));
		}
	}
	uint64_t v = mulmod(mulmod(a[0], a[1]), mulmod(a[2], a[3]));
	return v == P ? 0 : v;
}

/* Item by item: each relation listed touches its entity at the right end
 * (out: leaves it; in: arrives; symmetric: either), and the rows hold as
 * many as kgs_finish lists; rows rising, so none twice: exactly the same.
 * Exact, but a random read of a record per item. */
static bool touches(const kg_graph *g, const kgs_csr *c, bool in, const uint8_t *sym)
{
	for (size_t e = 0; e < g->nents; e++)
		for (uint32_t p = c->offsets[e]; p < c->offsets[e + 1]; p++) {
			const kgs_rel *x = &g->rels[c->items[p]];
			kg_eid near = in ? x->to : x->from, far = in ? x->from : x->to;
			if (near != e && (far != e || !sym[x->type]))
				return false;
		}
	return true;
}

/* by_rtype, out and in, in one pass over the relations. */
static const char *check_relations(const kg_graph *g, uint32_t *fill, size_t nrtypes,
				   const uint8_t *sym, bool exact)
{
	uint64_t z = 0;
	bool fast = !exact && (g->nents == 0 || g->nrels == 0 ||
			       ((uint64_t)g->nents <= (P - 1) / g->nrels &&
				getrandom(&z, sizeof z, GRND_NONBLOCK) == (ssize_t)sizeof z));
	z &= P; /* uniform enough: P = 2^61 - 1 has one value past it */
	/* Products of what out and in should list: of even relations, of odd
	 * ones, of the other ends of symmetric ones (as in listed()). */
	uint64_t o[3] = {1, 1, 1}, in[3] = {1, 1, 1};
	rows w;
	rows_start(&w, &g->by_rtype, nrtypes, fill);
	uint64_t nr = g->nrels, both = 0;
	for (size_t r = 0; r < g->nrels; r++) {
		const kgs_rel *x = &g->rels[r];
		if (!take(&w, x->type, (uint32_t)r))
			return BAD_RTYPE;
		bool two = x->from != x->to && sym[x->type];
		both += two;
		if (!fast)
			continue;
		o[r & 1] = mulmod(o[r & 1], term(z, pair(x->from, r, nr)));
		in[r & 1] = mulmod(in[r & 1], term(z, pair(x->to, r, nr)));
		if (two) {
			o[2] = mulmod(o[2], term(z, pair(x->to, r, nr)));
			in[2] = mulmod(in[2], term(z, pair(x->from, r, nr)));
		}
	}
	if (!rows_done(&w))
		return BAD_RTYPE;
	if (g->out.offsets[g->nents] != nr + both || g->in.offsets[g->nents] != nr + both ||
	    !rising(g, &g->out) || !rising(g, &g->in))
		return BAD_ADJ;
	if (!fast)
		return touches(g, &g->out, false, sym) && touches(g, &g->in, true, sym) ? NULL : BAD_ADJ;
	uint64_t want_out = mulmod(mulmod(o[0], o[1]), o[2]), want_in = mulmod(mulmod(in[0], in[1]), in[2]);
	want_out = want_out == P ? 0 : want_out;
	want_in = want_in == P ? 0 : want_in;
	if (listed(g, &g->out, z) != want_out || listed(g, &g->in, z) != want_in)
		return BAD_ADJ;
	return NULL;
}

int kgsn_check_indexes(const kg_graph *g, bool exact, const char **why)
{
	size_t ntypes = kg_schema_type_count(g->schema), nrtypes = kg_schema_rtype_count(g->schema);
	size_t nfill = ntypes > nrtypes ? ntypes : nrtypes;
	uint32_t *fill = malloc((nfill ? nfill : 1) * sizeof *fill);
	uint8_t *sym = malloc(nrtypes ? nrtypes : 1);
	if (!fill || !sym) {
		free(fill);
		free(sym);
		return -1;
	}
	for (size_t t = 0; t < nrtypes; t++)
		sym[t] = kg_schema_rtype_symmetric(g->schema, (kg_rtid)t);
	*why = check_relations(g, fill, nrtypes, sym, exact);
	if (!*why)
		*why = check_by_type(g, fill, ntypes);
	free(fill);
	free(sym);
	return *why ? 1 : 0;
}
