/* snapshot.c — loading a compiled snapshot: map, check, relocate in one
 * pass (the format is in snapshot.h; writing is in snapshot_write.c). */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "quantity.h"
#include "schema.h"
#include "snapshot.h"
#include "store.h"

/* ---------------------------------------------------------------- */
/* The checksum: four independent lanes of multiply-rotate, so the   */
/* processor overlaps them; a gigabyte takes a fraction of a second. */
/* ---------------------------------------------------------------- */

#define K1 0x9E3779B185EBCA87ull
#define K2 0xC2B2AE3D27D4EB4Full
#define K3 0x165667B19E3779F9ull

static inline uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }
static inline uint64_t mix(uint64_t acc, uint64_t w) { return rotl(acc + w * K2, 31) * K1; }

uint64_t kgsn_checksum(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t a0 = K1 + K2, a1 = K2, a2 = 0, a3 = 0 - K1, w[4];
	size_t i = 0;
	for (; i + 32 <= n; i += 32) {
		memcpy(w, b + i, 32);
		a0 = mix(a0, w[0]);
		a1 = mix(a1, w[1]);
		a2 = mix(a2, w[2]);
		a3 = mix(a3, w[3]);
	}
	uint64_t h = rotl(a0, 1) + rotl(a1, 7) + rotl(a2, 12) + rotl(a3, 18) + n;
	for (; i + 8 <= n; i += 8) {
		memcpy(w, b + i, 8);
		h = rotl(h ^ mix(0, w[0]), 27) * K1 + K3;
	}
	for (; i < n; i++)
		h = rotl(h ^ (b[i] * K3), 11) * K1;
	h ^= h >> 33;
	h *= K2;
	h ^= h >> 29;
	h *= K3;
	return h ^ (h >> 32);
}

bool kgsn_is_snapshot(const char *path)
{
	size_t n = strlen(path);
	if (n > 4 && strcmp(path + n - 4, ".kgs") == 0)
		return true;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return false;
	struct stat st;
	char m[KGSN_MAGIC_LEN];
	bool yes = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
		   pread(fd, m, sizeof m, 0) == (ssize_t)sizeof m &&
		   memcmp(m, KGSN_MAGIC, KGSN_MAGIC_LEN) == 0;
	close(fd);
	return yes;
}

/* ---------------------------------------------------------------- */
/* Relocation: each pointer checked, then moved when mapped elsewhere */
/* ---------------------------------------------------------------- */

typedef struct sn_loader {
	char *base;                    /* the mapping */
	size_t len;
	const kgsn_table *t;
	size_t cnt[KGSN_NSECTIONS];    /* elements in each pool */
	size_t cur[KGSN_NSECTIONS];    /* elements referenced so far */
	uint64_t sbeg, send;           /* the strings section */
	size_t ntypes, nrtypes, nanames;
	const char *why;               /* the first damage found, NULL if none */
	bool moved;                    /* not mapped at KGSN_BASE: pointers are moved */
} sn_loader;

/* Stores a checked pointer back only when it moved: a snapshot mapped
 * where it was meant to be is read-only. */
#define SET(field, value)                        \
	do {                                     \
		__typeof__(field) set_v_ = (value); \
		if (L->moved)                    \
			(field) = set_v_;        \
	} while (0)

static void *damaged(sn_loader *L, const char *why)
{
	if (!L->why)
		L->why = why;
	return NULL;
}

/* A string field: KGSN_BASE plus an offset into the strings section,
 * whose last byte is a NUL, so every string in it ends inside the file. */
static const char *str(sn_loader *L, const void *field, bool nullable)
{
	uintptr_t o = (uintptr_t)field;
	if (!o)
		return nullable ? NULL : damaged(L, "a required string is missing");
	o -= (uintptr_t)KGSN_BASE; /* below it: wraps, out of range */
	if (o < L->sbeg || o >= L->send)
		return damaged(L, "a string lies outside the string section");
	return L->base + o;
}

/* An array of n elements of size sz in pool s: it must start where the
 * previous reference to that pool ended (see snapshot.h). */
static void *ref(sn_loader *L, int s, size_t sz, const void *field, size_t n)
{
	uintptr_t o = (uintptr_t)field;
	if (!n)
		return o ? damaged(L, "an empty array has an address") : NULL;
	o -= (uintptr_t)KGSN_BASE;
	if (n > L->cnt[s] - L->cur[s] || o != L->t->sect[s].off + L->cur[s] * sz)
		return damaged(L, "an array is out of place");
	L->cur[s] += n;
	return L->base + o;
}

static void fix_value(sn_loader *L, kg_value *v, bool claims_ok)
{
	switch (v->kind) {
	case KG_V_NULL:
	case KG_V_INT:
	case KG_V_NUMBER:
		break;
	case KG_V_BOOL: {
		unsigned char b;
		memcpy(&b, &v->u, 1);
		if (b > 1)
			damaged(L, "a boolean is neither true nor false");
		break;
	}
	case KG_V_STRING:
	case KG_V_DATE:
		SET(v->u.s, str(L, v->u.s, false));
		break;
	case KG_V_QUANTITY: {
		if (!kgq_layout_ok(v->n)) {
			damaged(L, "a quantity's layout is unknown");
			break;
		}
		unsigned nw = kgq_words(v->n), nstr = !!(v->n & KGQ_UNIT) + !!(v->n & KGQ_NOTE);
		if (!nw)
			break; /* its one number is u.d */
		union kg_qword *w = ref(L, KGSN_QUANTS, sizeof *w, v->u.q, nw);
		if (!w)
			break;
		SET(v->u.q, w);
		for (unsigned k = nw - nstr; k < nw && !L->why; k++)
			SET(w[k].s, str(L, w[k].s, false));
		break;
	}
	case KG_V_LIST:
		SET(v->u.items, ref(L, KGSN_VALUES, sizeof(kg_value), v->u.items, v->n));
		break;
	case KG_V_CLAIMS:
		if (!claims_ok || v->n == 0)
			damaged(L, "claims are out of place");
		else
			SET(v->u.claims, ref(L, KGSN_CLAIMS, sizeof(kg_claim), v->u.claims, v->n));
		break;
	default:
		damaged(L, "a value of unknown kind");
	}
}

/* A record's start index into a pool of total items: never below the
 * previous record's (*prev), never past the end; the first record's is 0. */
static void check_start(sn_loader *L, uint32_t start, uint32_t *prev, uint64_t total, bool first)
{
	if ((first ? start != 0 : start < *prev) || start > total)
		damaged(L, "a record's attributes, sources or aliases are out of place");
	*prev = start;
}

/* An index (1 + position, 0 for none) into the notes-and-ids strings;
 * pair: the string after it is read too. */
static void check_xstr(sn_loader *L, uint32_t x, bool pair)
{
	if (x && (uint64_t)x - 1 + pair >= L->cnt[KGSN_XSTRS])
		damaged(L, "a note or relation id is out of range");
}

static void fix_entities(sn_loader *L, kgs_entity *ents)
{
	uint32_t pa = 0, ps = 0, pl = 0;
	const kgsn_table *t = L->t;
	if (!t->nents && (t->neattrs || t->nesrcs || L->cnt[KGSN_ALIASES]))
		damaged(L, "parts of entities belong to no entity");
	for (size_t e = 0; e < t->nents && !L->why; e++) {
		kgs_entity *x = &ents[e];
		SET(x->id, str(L, x->id, false));
		SET(x->name, str(L, x->name, false));
		check_start(L, x->attr0, &pa, t->neattrs, e == 0);
		check_start(L, x->src0, &ps, t->nesrcs, e == 0);
		check_start(L, x->alias0, &pl, L->cnt[KGSN_ALIASES], e == 0);
		check_xstr(L, x->notes, false);
		if (x->type >= L->ntypes)
			damaged(L, "an entity's type is out of range");
	}
}

static void fix_relations(sn_loader *L, kgs_rel *rels)
{
	uint32_t pa = 0, ps = 0;
	const kgsn_table *t = L->t;
	uint64_t nrattrs = L->cnt[KGSN_ATTRS] - t->neattrs;
	if (!t->nrels && (nrattrs || t->nrsrcs))
		damaged(L, "parts of relations belong to no relation");
	for (size_t r = 0; r < t->nrels && !L->why; r++) {
		kgs_rel *x = &rels[r];
		if (x->from >= t->nents || x->to >= t->nents || x->type >= L->nrtypes)
			damaged(L, "a relation's ends or type are out of range");
		check_start(L, x->attr0, &pa, nrattrs, r == 0);
		check_start(L, x->src0, &ps, t->nrsrcs, r == 0);
	}
}

/* Attributes, claims, then list items breadth first: the order in which
 * the writer handed out their arrays. */
static void fix_pools(sn_loader *L, size_t max_levels)
{
	kg_attr *attrs = (kg_attr *)(void *)(L->base + L->t->sect[KGSN_ATTRS].off);
	for (size_t i = 0; i < L->cnt[KGSN_ATTRS] && !L->why; i++) {
		if (attrs[i].value.name == 0 || attrs[i].value.name > L->nanames)
			damaged(L, "an attribute's name is not in the schema");
		fix_value(L, &attrs[i].value, true);
	}
	kg_claim *claims = (kg_claim *)(void *)(L->base + L->t->sect[KGSN_CLAIMS].off);
	for (size_t i = 0; i < L->cnt[KGSN_CLAIMS] && !L->why; i++) {
		kg_claim *c = &claims[i];
		SET(c->sources, ref(L, KGSN_SOURCES, sizeof(kg_eid), c->sources, c->nsources));
		SET(c->as_of, str(L, c->as_of, true));
		SET(c->since, str(L, c->since, true));
		SET(c->till, str(L, c->till, true));
		SET(c->note, str(L, c->note, true));
		SET(c->loc.file, str(L, c->loc.file, true));
		if (c->rank > KG_RANK_DEPRECATED)
			damaged(L, "a claim's rank is unknown");
		fix_value(L, &c->value, false);
	}
	kg_value *values = (kg_value *)(void *)(L->base + L->t->sect[KGSN_VALUES].off);
	size_t level_end = L->cur[KGSN_VALUES];
	uint64_t levels = L->cnt[KGSN_VALUES] ? 1 : 0;
	for (size_t i = 0; i < L->cnt[KGSN_VALUES] && !L->why; i++) {
		if (i >= L->cur[KGSN_VALUES]) {
			damaged(L, "a list item belongs to no list");
			break;
		}
		if (i == level_end) {
			levels++;
			level_end = L->cur[KGSN_VALUES];
		}
		if (levels > max_levels) {
			damaged(L, "lists nest too deep");
			break;
		}
		fix_value(L, &values[i], false);
	}
	if (!L->why && levels != L->t->levels)
		damaged(L, "the nesting of lists is not as recorded");
	const char **al = (const char **)(void *)(L->base + L->t->sect[KGSN_ALIASES].off);
	for (size_t i = 0; i < L->cnt[KGSN_ALIASES] && !L->why; i++)
		SET(al[i], str(L, al[i], false));
	const char **xs = (const char **)(void *)(L->base + L->t->sect[KGSN_XSTRS].off);
	for (size_t i = 0; i < L->cnt[KGSN_XSTRS] && !L->why; i++)
		SET(xs[i], str(L, xs[i], true));
	const kg_eid *src = (const kg_eid *)(void *)(L->base + L->t->sect[KGSN_SOURCES].off);
	for (size_t i = 0; i < L->cnt[KGSN_SOURCES] && !L->why; i++)
		if (src[i] >= L->t->nents)
			damaged(L, "a source is not an entity");
	static const int pools[] = {KGSN_ATTRS, KGSN_CLAIMS, KGSN_VALUES, KGSN_QUANTS,
				    KGSN_ALIASES, KGSN_SOURCES};
	for (size_t i = 0; i < sizeof pools / sizeof *pools && !L->why; i++)
		if (L->cur[pools[i]] != L->cnt[pools[i]])
			damaged(L, "a pool holds data nothing refers to");
}

/* A CSR index of nkeys keys: its rows in order and of the right total.
 * What the rows hold is checked against the records once every index is
 * in place (kgsn_check_indexes). */
static void check_csr(sn_loader *L, int s, size_t nkeys, kgs_csr *c)
{
	c->offsets = (uint32_t *)(void *)(L->base + L->t->sect[s].off);
	c->items = (uint32_t *)(void *)(L->base + L->t->sect[s + 1].off);
	if (L->cnt[s] != nkeys + 1 || c->offsets[0] != 0 || c->offsets[nkeys] != L->cnt[s + 1]) {
		damaged(L, "an index has the wrong size");
		return;
	}
	for (size_t k = 0; k < nkeys; k++)
		if (c->offsets[k] > c->offsets[k + 1]) {
			damaged(L, "an index is out of order");
			return;
		}
}

/* The id hash: slots name entities in range, and one slot at least is
 * empty, so that every probe ends. */
static void check_idx(sn_loader *L, const uint64_t *idx)
{
	size_t cap = L->t->idxcap, used = 0;
	if (cap & (cap - 1) || (cap == 0 && L->t->nents)) {
		damaged(L, "the id hash has the wrong size");
		return;
	}
	for (size_t i = 0; i < cap; i++) {
		if (!idx[i])
			continue;
		used++;
		uint32_t e = (uint32_t)idx[i];
		if (e == 0 || e - 1 >= L->t->nents) {
			damaged(L, "the id hash names no entity");
			return;
		}
	}
	if (cap && used >= cap)
		damaged(L, "the id hash is full");
}

/* ---------------------------------------------------------------- */
/* Loading                                                           */
/* ---------------------------------------------------------------- */

static size_t elem_size(int s)
{
	switch (s) {
	case KGSN_FILES: case KGSN_ALIASES: case KGSN_XSTRS: return sizeof(char *);
	case KGSN_ENTS: return sizeof(kgs_entity);
	case KGSN_ECOLS: case KGSN_RCOLS: case KGSN_RELX: return sizeof(kgs_side);
	case KGSN_RELS: return sizeof(kgs_rel);
	case KGSN_ATTRS: return sizeof(kg_attr);
	case KGSN_CLAIMS: return sizeof(kg_claim);
	case KGSN_VALUES: return sizeof(kg_value);
	case KGSN_QUANTS: return sizeof(union kg_qword);
	case KGSN_IDX: return sizeof(uint64_t);
	case KGSN_ORIGIN: case KGSN_SCHEMA: case KGSN_STRINGS: return 1;
	default: return sizeof(uint32_t); /* the CSR arrays and sources */
	}
}

/* The section table: every section inside the file, after the table,
 * aligned, and a whole number of elements. */
static void check_table(sn_loader *L)
{
	const kgsn_table *t = L->t;
	/* In order and apart: relocating one section never writes another. */
	uint64_t first = sizeof(kgsn_header) + sizeof(kgsn_table);
	for (int s = 0; s < KGSN_NSECTIONS; s++) {
		const kgsn_section *x = &t->sect[s];
		if (x->off % 8 || x->off < first || x->off > L->len || x->size > L->len - x->off ||
		    x->size % elem_size(s)) {
			damaged(L, "the section table is wrong");
			return;
		}
		L->cnt[s] = x->size / elem_size(s);
		first = x->off + x->size;
	}
	L->sbeg = t->sect[KGSN_STRINGS].off;
	L->send = L->sbeg + t->sect[KGSN_STRINGS].size;
	if (L->cnt[KGSN_ENTS] != t->nents || L->cnt[KGSN_RELS] != t->nrels ||
	    L->cnt[KGSN_FILES] != t->nfiles || L->cnt[KGSN_IDX] != t->idxcap ||
	    L->cnt[KGSN_FILE_FIRST] != 2 * t->nfiles ||
	    t->nents >= KG_NONE || t->nrels >= KG_NONE || t->neattrs > L->cnt[KGSN_ATTRS] ||
	    t->nesrcs > L->cnt[KGSN_SOURCES] || t->nrsrcs > L->cnt[KGSN_SOURCES] - t->nesrcs ||
	    L->cnt[KGSN_ATTRS] >= UINT32_MAX || L->cnt[KGSN_SOURCES] >= UINT32_MAX ||
	    L->cnt[KGSN_ALIASES] >= UINT32_MAX || L->cnt[KGSN_XSTRS] >= UINT32_MAX ||
	    L->cnt[KGSN_ECOLS] >= UINT32_MAX || L->cnt[KGSN_RCOLS] >= UINT32_MAX ||
	    L->cnt[KGSN_RELX] >= UINT32_MAX)
		damaged(L, "the counts disagree with the sections");
	else if (!L->cnt[KGSN_STRINGS] || L->base[L->send - 1] != '\0' ||
		 !L->cnt[KGSN_ORIGIN] || L->base[t->sect[KGSN_ORIGIN].off + L->cnt[KGSN_ORIGIN] - 1])
		damaged(L, "a string runs past its section");
}

/* Each file's first record: from 0, never falling, never past n. */
static void check_first(sn_loader *L, const uint32_t *first, uint64_t n)
{
	for (size_t i = 0; i < L->t->nfiles; i++)
		if (first[i] > n || (i ? first[i] < first[i - 1] : first[i] != 0)) {
			damaged(L, "the files' first records are out of place");
			return;
		}
}

/* Far columns: by rising record, each of a record marked far, each far. */
static void check_farcols(sn_loader *L, int s, const uint16_t *col0, size_t stride, uint64_t n)
{
	const kgs_side *fc = (const kgs_side *)(const void *)(L->base + L->t->sect[s].off);
	for (size_t i = 0; i < L->cnt[s]; i++) {
		uint16_t c = 0;
		if (fc[i].rec < n)
			memcpy(&c, (const char *)col0 + fc[i].rec * stride, sizeof c);
		if (fc[i].rec >= n || (i && fc[i].rec <= fc[i - 1].rec) || fc[i].val < KGS_FAR_COL ||
		    c != KGS_FAR_COL) {
			damaged(L, "a far column is out of place");
			return;
		}
	}
}

/* Relocates and checks the records and the indexes' shapes (not what the
 * indexes hold: kgsn_check_indexes, nor the values: relocate_values); the
 * graph's arrays then point into the mapping. */
static void relocate(sn_loader *L, kg_graph *g)
{
	const kgsn_section *S = L->t->sect;
	const char **files = (const char **)(void *)(L->base + S[KGSN_FILES].off);
	for (size_t i = 0; i < L->t->nfiles && !L->why; i++)
		SET(files[i], str(L, files[i], false));
	g->ents = (kgs_entity *)(void *)(L->base + S[KGSN_ENTS].off);
	g->rels = (kgs_rel *)(void *)(L->base + S[KGSN_RELS].off);
	g->idx = (uint64_t *)(void *)(L->base + S[KGSN_IDX].off);
	fix_entities(L, g->ents);
	fix_relations(L, g->rels);
	uint32_t *first = (uint32_t *)(void *)(L->base + S[KGSN_FILE_FIRST].off);
	if (!L->why)
		check_first(L, first, L->t->nents);
	if (!L->why)
		check_first(L, first + L->t->nfiles, L->t->nrels);
	if (!L->why)
		check_farcols(L, KGSN_ECOLS, &g->ents[0].col, sizeof(kgs_entity), L->t->nents);
	if (!L->why)
		check_farcols(L, KGSN_RCOLS, &g->rels[0].col, sizeof(kgs_rel), L->t->nrels);
	g->file_ents = first;
	g->file_rels = first + L->t->nfiles;
	g->nbegun = L->t->nfiles;
	g->ecols = (kgs_pool){L->base + S[KGSN_ECOLS].off, (uint32_t)L->cnt[KGSN_ECOLS],
			      L->cnt[KGSN_ECOLS]};
	g->rcols = (kgs_pool){L->base + S[KGSN_RCOLS].off, (uint32_t)L->cnt[KGSN_RCOLS],
			      L->cnt[KGSN_RCOLS]};
	const kgs_side *rx = (const kgs_side *)(const void *)(L->base + S[KGSN_RELX].off);
	for (size_t i = 0; i < L->cnt[KGSN_RELX] && !L->why; i++) {
		if (rx[i].rec >= L->t->nrels || (i && rx[i].rec <= rx[i - 1].rec) || !rx[i].val)
			damaged(L, "a relation's id or notes are out of place");
		check_xstr(L, rx[i].val, true);
	}
	g->relx = (kgs_pool){(void *)(uintptr_t)rx, (uint32_t)L->cnt[KGSN_RELX], L->cnt[KGSN_RELX]};
	/* The records' parts are placed by start index: the pools' cursors
	 * move past them, so claims' sources are checked after them. */
	L->cur[KGSN_ATTRS] = L->cnt[KGSN_ATTRS];
	L->cur[KGSN_SOURCES] = L->t->nesrcs + L->t->nrsrcs;
	L->cur[KGSN_ALIASES] = L->cnt[KGSN_ALIASES];
	L->cur[KGSN_XSTRS] = L->cnt[KGSN_XSTRS];
	char *at = L->base + S[KGSN_ATTRS].off, *so = L->base + S[KGSN_SOURCES].off;
	g->eattrs = (kgs_pool){at, (uint32_t)L->t->neattrs, L->t->neattrs};
	g->rattrs = (kgs_pool){at + L->t->neattrs * sizeof(kg_attr),
			       (uint32_t)(L->cnt[KGSN_ATTRS] - L->t->neattrs),
			       L->cnt[KGSN_ATTRS] - L->t->neattrs};
	g->esrcs = (kgs_pool){so, (uint32_t)L->t->nesrcs, L->t->nesrcs};
	g->rsrcs = (kgs_pool){so + L->t->nesrcs * sizeof(kg_eid), (uint32_t)L->t->nrsrcs,
			      L->t->nrsrcs};
	g->ealiases = (kgs_pool){L->base + S[KGSN_ALIASES].off, (uint32_t)L->cnt[KGSN_ALIASES],
				 L->cnt[KGSN_ALIASES]};
	g->xstrs = (kgs_pool){L->base + S[KGSN_XSTRS].off, (uint32_t)L->cnt[KGSN_XSTRS],
			      L->cnt[KGSN_XSTRS]};
	if (!L->why)
		check_csr(L, KGSN_BYTYPE_OFF, L->ntypes, &g->by_type);
	if (!L->why)
		check_csr(L, KGSN_BYRTYPE_OFF, L->nrtypes, &g->by_rtype);
	if (!L->why)
		check_csr(L, KGSN_OUT_OFF, L->t->nents, &g->out);
	if (!L->why)
		check_csr(L, KGSN_IN_OFF, L->t->nents, &g->in);
	g->files = files;
	g->nents = g->capents = L->t->nents;
	g->nrels = g->caprels = L->t->nrels;
	g->nfiles = g->capfiles = L->t->nfiles;
	g->idxcap = L->t->idxcap;
}

/* The values of attributes and claims, aliases, notes, sources, the id
 * hash: what kgsn_check_indexes does not read, so the two may run at once. */
static void relocate_values(sn_loader *L, kg_graph *g, size_t max_levels)
{
	if (!L->why)
		fix_pools(L, max_levels);
	if (!L->why)
		check_idx(L, g->idx);
}

/* kgsn_check_indexes on a thread of its own beside relocate_values, for a
 * graph big enough to pay for the thread (at 1M entities / 3M relations
 * each takes about half the checking). */
typedef struct sn_check {
	const kg_graph *g;
	const char *why; /* the damage found, when bad is 1 */
	int bad;         /* kgsn_check_indexes' answer */
	bool threaded;   /* th runs it; else index_check_end does */
	pthread_t th;
} sn_check;

#define SN_THREAD_RELS 65536

static void *run_check(void *arg)
{
	sn_check *c = arg;
	c->bad = kgsn_check_indexes(c->g, false, &c->why);
	return NULL;
}

static void index_check_start(sn_check *c, const kg_graph *g)
{
	memset(c, 0, sizeof *c);
	c->g = g;
	c->threaded = g->nrels >= SN_THREAD_RELS && pthread_create(&c->th, NULL, run_check, c) == 0;
}

static int index_check_end(sn_check *c)
{
	if (c->threaded)
		pthread_join(c->th, NULL);
	else
		run_check(c);
	return c->bad;
}

/* Checks the header; a message for d, or NULL when it is good. */
static const char *check_header(const kgsn_header *h, size_t size, char *buf, size_t bufsz)
{
	if (memcmp(h->magic, KGSN_MAGIC, KGSN_MAGIC_LEN) != 0)
		return "not a kg snapshot";
	if (h->version > KGSN_VERSION) {
		snprintf(buf, bufsz, "made by a newer kg (format %u); this kg reads format %u",
			 h->version, KGSN_VERSION);
		return buf;
	}
	if (h->version != KGSN_VERSION) {
		snprintf(buf, bufsz, "unknown snapshot format %u; compile the graph again", h->version);
		return buf;
	}
	if (h->byteorder != KGSN_BYTEORDER)
		return "made on a machine of another byte order; compile the graph again";
	if (h->ptrsize != sizeof(void *)) {
		snprintf(buf, bufsz, "made for %u-bit pointers, this kg has %u-bit ones; compile the graph again",
			 h->ptrsize * 8, (unsigned)sizeof(void *) * 8);
		return buf;
	}
	if (h->reserved != 0)
		return "the file is damaged: the header is wrong";
	if (h->length > size) {
		snprintf(buf, bufsz, "truncated: expected %llu bytes, found %zu",
			 (unsigned long long)h->length, size);
		return buf;
	}
	if (h->length < size || size < sizeof *h + sizeof(kgsn_table)) {
		snprintf(buf, bufsz, "the file is damaged: expected %llu bytes, found %zu",
			 (unsigned long long)h->length, size);
		return buf;
	}
	return NULL;
}

kg_graph *kgsn_load(const char *path, const kg_load_opts *opts, kg_diags *d)
{
	/* kg.h's defaults, not kg_load_opts_init's: load.c calls this file,
	 * so this file does not call load.c */
	static const kg_load_opts defaults = {NULL, {KG_DEFAULT_MAX_FILE_BYTES,
		KG_DEFAULT_MAX_DEPTH, KG_DEFAULT_MAX_ALIAS_NODES, KG_DEFAULT_MAX_SCALAR_BYTES,
		KG_DEFAULT_MAX_DOCUMENTS}, NULL, false};
	if (!opts)
		opts = &defaults;
	if (opts->schema_path) {
		kg_diags_add(d, KG_ERROR, path, 0, 0,
			     "a snapshot keeps the schema it was compiled with; no other schema applies");
		return NULL;
	}
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		kg_diags_add(d, KG_ERROR, path, 0, 0, "cannot open: %s", strerror(errno));
		return NULL;
	}
	struct stat st;
	kgsn_header h;
	char buf[160];
	const char *msg = NULL;
	if (fstat(fd, &st) < 0) {
		snprintf(buf, sizeof buf, "cannot read: %s", strerror(errno));
		msg = buf;
	} else if (S_ISDIR(st.st_mode)) {
		msg = "not a kg snapshot: it is a directory";
	} else if (!S_ISREG(st.st_mode) || st.st_size < KGSN_MAGIC_LEN) {
		msg = "not a kg snapshot";
	} else {
		memset(&h, 0, sizeof h);
		ssize_t got = pread(fd, &h, sizeof h, 0);
		if (got < KGSN_MAGIC_LEN || memcmp(h.magic, KGSN_MAGIC, KGSN_MAGIC_LEN) != 0) {
			msg = "not a kg snapshot";
		} else if (got < (ssize_t)sizeof h) {
			snprintf(buf, sizeof buf, "truncated: expected at least %zu bytes, found %zu",
				 sizeof h + sizeof(kgsn_table), (size_t)got);
			msg = buf;
		} else {
			msg = check_header(&h, (size_t)st.st_size, buf, sizeof buf);
		}
	}
	if (msg) {
		kg_diags_add(d, KG_ERROR, path, 0, 0, "%s", msg);
		close(fd);
		return NULL;
	}
	size_t len = (size_t)st.st_size;
	/* Read-only first: populating a writable private mapping would copy
	 * every page; only the pages relocation writes are copied, and none
	 * when the file lands where it was written for. */
	char *want = (char *)(uintptr_t)KGSN_BASE;
	char *base = want ? mmap(want, len, PROT_READ, MAP_PRIVATE | MAP_POPULATE | MAP_FIXED_NOREPLACE,
				 fd, 0)
			  : MAP_FAILED;
	if (base != MAP_FAILED && base != want) { /* a kernel that took it as a hint */
		munmap(base, len);
		base = MAP_FAILED;
	}
	if (base == MAP_FAILED)
		base = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	int err = errno;
	close(fd);
	if (base == MAP_FAILED) {
		kg_diags_add(d, KG_ERROR, path, 0, 0, "cannot map: %s", strerror(err));
		return NULL;
	}
	/* Before the first read: the file may be cut short from now on. */
	if (!kgsn_guard(path, base, len)) {
		kg_diags_add(d, KG_ERROR, path, 0, 0, "too many snapshots in use at once (at most 128)");
		munmap(base, len);
		return NULL;
	}
	kg_graph *g = NULL;
	kg_schema *schema = NULL;
	sn_loader L;
	memset(&L, 0, sizeof L);
	L.base = base;
	L.len = len;
	L.moved = base != want;
	L.t = (const kgsn_table *)(void *)(base + sizeof h);
	if (kgsn_checksum(base + sizeof h, len - sizeof h) != h.checksum) {
		kg_diags_add(d, KG_ERROR, path, 0, 0, "checksum mismatch: the file is damaged");
		goto fail;
	}
	if (L.moved && mprotect(base, len, PROT_READ | PROT_WRITE) < 0) {
		kg_diags_add(d, KG_ERROR, path, 0, 0, "cannot map: %s", strerror(errno));
		goto fail;
	}
	check_table(&L);
	if (L.why)
		goto damage;
	size_t errors0 = kg_diags_errors(d);
	const kgsn_section *S = L.t->sect;
	schema = kgsc_load_buffer(base + S[KGSN_ORIGIN].off, base + S[KGSN_SCHEMA].off,
				  S[KGSN_SCHEMA].size, &opts->limits, d);
	if (!schema || kg_diags_errors(d) > errors0) {
		kg_diags_add(d, KG_ERROR, path, 0, 0, "the schema kept in the snapshot does not load");
		goto fail;
	}
	L.ntypes = kg_schema_type_count(schema);
	L.nanames = kgsc_attr_count(schema);
	L.nrtypes = kg_schema_rtype_count(schema);
	if (L.ntypes != L.t->ntypes || L.nrtypes != L.t->nrtypes) {
		damaged(&L, "the schema's types are not those recorded");
		goto damage;
	}
	g = kgs_new();
	if (!g) {
		kg_diags_add(d, KG_ERROR, path, 0, 0, "out of memory");
		goto fail;
	}
	relocate(&L, g);
	if (L.why)
		goto damage;
	g->schema = schema;
	schema = NULL;
	sn_check chk;
	index_check_start(&chk, g);
	relocate_values(&L, g, opts->limits.max_depth);
	int bad = index_check_end(&chk);
	if (L.why)
		goto damage;
	if (bad < 0) {
		kg_diags_add(d, KG_ERROR, path, 0, 0, "out of memory");
		goto fail;
	}
	L.why = chk.why;
	if (bad)
		goto damage;
	g->map = base;
	g->maplen = len;
	g->unmap = kgsn_unmap;
	g->schema_text = base + S[KGSN_SCHEMA].off;
	g->schema_textlen = S[KGSN_SCHEMA].size;
	return g;
damage:
	kg_diags_add(d, KG_ERROR, path, 0, 0, "the file is damaged: %s", L.why);
fail:
	if (g) {
		/* Its arrays point into the mapping: not its to free. */
		g->map = base;
		g->maplen = len;
		g->unmap = kgsn_unmap;
		base = NULL;
		kg_graph_free(&g);
	}
	kgsc_free(&schema);
	kgsn_unmap(base, len);
	return NULL;
}
