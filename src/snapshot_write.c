/* snapshot_write.c — kg_graph_save: writes a loaded graph as a snapshot
 * (the format is in snapshot.h), whole or not at all. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "quantity.h"
#include "schema.h"
#include "snapshot.h"
#include "store.h"

/* schema/core.yaml as compiled into libkg (build/core_schema.c). */
extern const char kg_core_schema[];
extern const unsigned long kg_core_schema_len;

/* Strings by address: each distinct pointer is copied once into the blob.
 * Interned strings share one pointer, so they share one copy too. */
typedef struct sn_strmap {
	const char **keys;  /* open addressing, NULL = empty */
	uint64_t *offs;     /* the string's offset in blob */
	size_t cap, n;
	char *blob;
	size_t blen, bcap;
} sn_strmap;

typedef struct sn_writer {
	const kg_graph *g;
	kgsn_table t;
	char *buf;                     /* the whole file, zeroed first */
	size_t len;
	size_t count[KGSN_NSECTIONS];  /* elements of each pool */
	size_t cur[KGSN_NSECTIONS];    /* elements handed out while writing */
	sn_strmap sm;
	const char *schema;            /* the schema's source text */
	size_t schemalen;
	char *schema_owned;            /* when it was read from its file */
	uint64_t levels;
	bool oom, nested;              /* out of memory; claims inside claims */
} sn_writer;

/* ---------------------------------------------------------------- */
/* Strings                                                           */
/* ---------------------------------------------------------------- */

static size_t ptr_hash(const char *p, size_t mask)
{
	uint64_t x = (uint64_t)(uintptr_t)p;
	x ^= x >> 29;
	x *= 0xBF58476D1CE4E5B9ull;
	return (size_t)(x >> 17) & mask;
}

static int sm_grow(sn_strmap *m)
{
	size_t ncap = m->cap ? m->cap * 2 : 4096;
	const char **nk = calloc(ncap, sizeof *nk);
	uint64_t *no = malloc(ncap * sizeof *no);
	if (!nk || !no) {
		free(nk);
		free(no);
		return -1;
	}
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->keys[i])
			continue;
		size_t j = ptr_hash(m->keys[i], ncap - 1);
		while (nk[j])
			j = (j + 1) & (ncap - 1);
		nk[j] = m->keys[i];
		no[j] = m->offs[i];
	}
	free(m->keys);
	free(m->offs);
	m->keys = nk;
	m->offs = no;
	m->cap = ncap;
	return 0;
}

/* Adds s (when not NULL and not yet there) to the blob. */
static void str_add(sn_writer *W, const char *s)
{
	sn_strmap *m = &W->sm;
	if (!s || W->oom)
		return;
	if ((m->n + 1) * 2 > m->cap && sm_grow(m) < 0) {
		W->oom = true;
		return;
	}
	size_t j = ptr_hash(s, m->cap - 1);
	for (; m->keys[j]; j = (j + 1) & (m->cap - 1))
		if (m->keys[j] == s)
			return;
	size_t len = strlen(s) + 1;
	if (m->blen + len > m->bcap) {
		size_t ncap = m->bcap ? m->bcap : 1 << 16;
		while (ncap < m->blen + len)
			ncap *= 2;
		char *nb = realloc(m->blob, ncap);
		if (!nb) {
			W->oom = true;
			return;
		}
		m->blob = nb;
		m->bcap = ncap;
	}
	memcpy(m->blob + m->blen, s, len);
	m->keys[j] = s;
	m->offs[j] = m->blen;
	m->blen += len;
	m->n++;
}

/* The file offset of s, as a pointer-sized field (plus KGSN_BASE); NULL stays 0. */
static const char *str_at(const sn_writer *W, const char *s)
{
	const sn_strmap *m = &W->sm;
	if (!s)
		return NULL;
	for (size_t j = ptr_hash(s, m->cap - 1); m->keys[j]; j = (j + 1) & (m->cap - 1))
		if (m->keys[j] == s)
			return (const char *)(uintptr_t)(KGSN_BASE + W->t.sect[KGSN_STRINGS].off +
							 m->offs[j]);
	return NULL;
}

/* ---------------------------------------------------------------- */
/* Counting: how big each pool is, and every string                  */
/* ---------------------------------------------------------------- */

static void count_value(sn_writer *W, const kg_value *v)
{
	switch (v->kind) {
	case KG_V_STRING:
	case KG_V_DATE:
		str_add(W, v->u.s);
		break;
	case KG_V_QUANTITY: {
		kg_quantity q;
		kg_value_quantity(v, &q);
		W->count[KGSN_QUANTS] += kgq_words(v->n);
		str_add(W, q.unit);
		str_add(W, q.note);
		break;
	}
	case KG_V_LIST:
		W->count[KGSN_VALUES] += v->n;
		for (uint32_t i = 0; i < v->n; i++)
			count_value(W, &v->u.items[i]);
		break;
	case KG_V_CLAIMS:
		W->count[KGSN_CLAIMS] += v->n;
		for (uint32_t i = 0; i < v->n; i++) {
			const kg_claim *c = &v->u.claims[i];
			W->count[KGSN_SOURCES] += c->nsources;
			str_add(W, c->as_of);
			str_add(W, c->since);
			str_add(W, c->till);
			str_add(W, c->note);
			str_add(W, c->loc.file);
			count_value(W, &c->value);
		}
		break;
	default:
		break;
	}
}

static void count_attrs(sn_writer *W, const kg_attr *a, size_t n)
{
	W->count[KGSN_ATTRS] += n;
	for (size_t i = 0; i < n; i++)
		count_value(W, &a[i].value);
}

static void count_all(sn_writer *W)
{
	const kg_graph *g = W->g;
	for (size_t i = 0; i < g->nfiles; i++)
		str_add(W, g->files[i]);
	for (size_t e = 0; e < g->nents; e++) {
		str_add(W, g->ents[e].id);
		str_add(W, g->ents[e].name);
	}
	const char *const *al = g->ealiases.items, *const *xs = g->xstrs.items;
	W->count[KGSN_ALIASES] = g->ealiases.n;
	for (size_t i = 0; i < g->ealiases.n; i++)
		str_add(W, al[i]);
	W->count[KGSN_XSTRS] = g->xstrs.n;
	for (size_t i = 0; i < g->xstrs.n; i++)
		str_add(W, xs[i]);
	W->count[KGSN_SOURCES] += g->esrcs.n + g->rsrcs.n;
	count_attrs(W, g->eattrs.items, g->eattrs.n);
	count_attrs(W, g->rattrs.items, g->rattrs.n);
}

/* ---------------------------------------------------------------- */
/* Layout and emission                                               */
/* ---------------------------------------------------------------- */

static size_t align8(size_t n) { return (n + 7) & ~(size_t)7; }

/* Places the sections; false when the sizes overflow. */
static bool layout(sn_writer *W)
{
	const kg_graph *g = W->g;
	size_t ntypes = kg_schema_type_count(g->schema), nrt = kg_schema_rtype_count(g->schema);
	size_t origin = strlen(kg_schema_origin(g->schema)) + 1;
	size_t size[KGSN_NSECTIONS] = {
		[KGSN_ORIGIN] = origin,
		[KGSN_SCHEMA] = W->schemalen,
		[KGSN_FILES] = g->nfiles * sizeof(char *),
		[KGSN_ENTS] = g->nents * sizeof(kgs_entity),
		[KGSN_RELS] = g->nrels * sizeof(kgs_rel),
		[KGSN_ATTRS] = W->count[KGSN_ATTRS] * sizeof(kg_attr),
		[KGSN_CLAIMS] = W->count[KGSN_CLAIMS] * sizeof(kg_claim),
		[KGSN_VALUES] = W->count[KGSN_VALUES] * sizeof(kg_value),
		[KGSN_QUANTS] = W->count[KGSN_QUANTS] * sizeof(union kg_qword),
		[KGSN_ALIASES] = W->count[KGSN_ALIASES] * sizeof(char *),
		[KGSN_XSTRS] = W->count[KGSN_XSTRS] * sizeof(char *),
		[KGSN_FILE_FIRST] = 2 * g->nfiles * sizeof(uint32_t),
		[KGSN_ECOLS] = g->ecols.n * sizeof(kgs_side),
		[KGSN_RCOLS] = g->rcols.n * sizeof(kgs_side),
		[KGSN_RELX] = g->relx.n * sizeof(kgs_side),
		[KGSN_SOURCES] = W->count[KGSN_SOURCES] * sizeof(kg_eid),
		[KGSN_IDX] = g->idxcap * sizeof(uint64_t),
		[KGSN_BYTYPE_OFF] = (ntypes + 1) * sizeof(uint32_t),
		[KGSN_BYTYPE_ITEMS] = g->by_type.offsets[ntypes] * sizeof(uint32_t),
		[KGSN_BYRTYPE_OFF] = (nrt + 1) * sizeof(uint32_t),
		[KGSN_BYRTYPE_ITEMS] = g->by_rtype.offsets[nrt] * sizeof(uint32_t),
		[KGSN_OUT_OFF] = (g->nents + 1) * sizeof(uint32_t),
		[KGSN_OUT_ITEMS] = g->out.offsets[g->nents] * sizeof(uint32_t),
		[KGSN_IN_OFF] = (g->nents + 1) * sizeof(uint32_t),
		[KGSN_IN_ITEMS] = g->in.offsets[g->nents] * sizeof(uint32_t),
		[KGSN_STRINGS] = W->sm.blen,
	};
	size_t at = align8(sizeof(kgsn_header) + sizeof(kgsn_table));
	for (int s = 0; s < KGSN_NSECTIONS; s++) {
		W->t.sect[s].off = at;
		W->t.sect[s].size = size[s];
		if (size[s] > SIZE_MAX / 2 - at)
			return false;
		at = align8(at + size[s]);
	}
	W->len = at;
	W->t.nents = g->nents;
	W->t.nrels = g->nrels;
	W->t.nfiles = g->nfiles;
	W->t.idxcap = g->idxcap;
	W->t.ntypes = ntypes;
	W->t.nrtypes = nrt;
	W->t.neattrs = g->eattrs.n;
	W->t.nesrcs = g->esrcs.n;
	W->t.nrsrcs = g->rsrcs.n;
	return true;
}

/* Hands out n elements of size sz of pool s; their file offset, 0 when n is 0. */
static uint64_t take(sn_writer *W, int s, size_t n, size_t sz)
{
	if (!n)
		return 0;
	uint64_t off = W->t.sect[s].off + W->cur[s] * sz;
	W->cur[s] += n;
	return off;
}

#define AT(W, T, off) ((T *)(void *)((W)->buf + (off)))
#define OFFPTR(T, off) ((T)(uintptr_t)((off) ? KGSN_BASE + (off) : 0)) /* 0 stays NULL */

/* Copies v's fields (not padding), pointers as they are, fixed later. */
static void copy_value(kg_value *o, const kg_value *v)
{
	o->kind = v->kind;
	o->name = v->name;
	o->n = v->n;
	switch (v->kind) {
	case KG_V_STRING: case KG_V_DATE: o->u.s = v->u.s; break;
	case KG_V_INT: o->u.i = v->u.i; break;
	case KG_V_NUMBER: o->u.d = v->u.d; break;
	case KG_V_BOOL: o->u.b = v->u.b; break;
	case KG_V_QUANTITY: o->u = v->u; break;
	case KG_V_LIST: o->u.items = v->u.items; break;
	case KG_V_CLAIMS: o->u.claims = v->u.claims; break;
	default: break;
	}
}

/* Turns the graph pointers of a copied value into file offsets, copying
 * what it points to into the pools (its own items stay to be fixed). */
static void fix_value(sn_writer *W, kg_value *o, bool claims_ok)
{
	switch (o->kind) {
	case KG_V_STRING:
	case KG_V_DATE:
		o->u.s = str_at(W, o->u.s);
		break;
	case KG_V_QUANTITY: {
		/* the numbers as they are, the unit and note as offsets */
		unsigned nw = kgq_words(o->n), nstr = !!(o->n & KGQ_UNIT) + !!(o->n & KGQ_NOTE);
		if (!nw)
			break;
		const union kg_qword *w = o->u.q;
		uint64_t off = take(W, KGSN_QUANTS, nw, sizeof *w);
		union kg_qword *d = AT(W, union kg_qword, off);
		for (unsigned k = 0; k < nw; k++) {
			if (k < nw - nstr)
				d[k].d = w[k].d;
			else
				d[k].s = str_at(W, w[k].s);
		}
		o->u.q = OFFPTR(const union kg_qword *, off);
		break;
	}
	case KG_V_LIST: {
		uint64_t off = take(W, KGSN_VALUES, o->n, sizeof(kg_value));
		for (uint32_t i = 0; i < o->n; i++)
			copy_value(AT(W, kg_value, off) + i, &o->u.items[i]);
		o->u.items = OFFPTR(const kg_value *, off);
		break;
	}
	case KG_V_CLAIMS: {
		if (!claims_ok) {
			W->nested = true;
			o->u.claims = NULL;
			break;
		}
		uint64_t off = take(W, KGSN_CLAIMS, o->n, sizeof(kg_claim));
		for (uint32_t i = 0; i < o->n; i++) {
			kg_claim *d = AT(W, kg_claim, off) + i;
			const kg_claim *c = &o->u.claims[i];
			copy_value(&d->value, &c->value);
			d->sources = c->sources;
			d->nsources = c->nsources;
			d->rank = c->rank;
			d->as_of = c->as_of;
			d->since = c->since;
			d->till = c->till;
			d->note = c->note;
			d->loc = c->loc;
		}
		o->u.claims = OFFPTR(const kg_claim *, off);
		break;
	}
	default:
		break;
	}
}

/* Copies n attributes into the attribute pool; their values are fixed later. */
static const kg_attr *emit_attrs(sn_writer *W, const kg_attr *a, size_t n)
{
	uint64_t off = take(W, KGSN_ATTRS, n, sizeof *a);
	for (size_t i = 0; i < n; i++) {
		copy_value(&AT(W, kg_attr, off)[i].value, &a[i].value);
	}
	return OFFPTR(const kg_attr *, off);
}

static const kg_eid *emit_sources(sn_writer *W, const kg_eid *s, size_t n)
{
	uint64_t off = take(W, KGSN_SOURCES, n, sizeof *s);
	if (n)
		memcpy(W->buf + off, s, n * sizeof *s);
	return OFFPTR(const kg_eid *, off);
}

static void emit_csr(sn_writer *W, const kgs_csr *c, int s)
{
	memcpy(W->buf + W->t.sect[s].off, c->offsets, W->t.sect[s].size);
	if (W->t.sect[s + 1].size)
		memcpy(W->buf + W->t.sect[s + 1].off, c->items, W->t.sect[s + 1].size);
}

/* Fills W->buf, in the order the loader checks (snapshot.h). */
static void emit(sn_writer *W)
{
	const kg_graph *g = W->g;
	const kgsn_section *S = W->t.sect;
	memcpy(W->buf + S[KGSN_ORIGIN].off, kg_schema_origin(g->schema), S[KGSN_ORIGIN].size);
	if (W->schemalen)
		memcpy(W->buf + S[KGSN_SCHEMA].off, W->schema, W->schemalen);
	for (size_t i = 0; i < g->nfiles; i++)
		AT(W, const char *, S[KGSN_FILES].off)[i] = str_at(W, g->files[i]);
	for (size_t e = 0; e < g->nents; e++) {
		kgs_entity *d = AT(W, kgs_entity, S[KGSN_ENTS].off) + e;
		*d = g->ents[e];
		d->id = str_at(W, d->id);
		d->name = str_at(W, d->name);
	}
	if (g->nrels) /* no pointers in a relation */
		memcpy(W->buf + S[KGSN_RELS].off, g->rels, g->nrels * sizeof *g->rels);
	emit_attrs(W, g->eattrs.items, g->eattrs.n);
	emit_attrs(W, g->rattrs.items, g->rattrs.n);
	emit_sources(W, g->esrcs.items, g->esrcs.n);
	emit_sources(W, g->rsrcs.items, g->rsrcs.n);
	const char *const *al = g->ealiases.items, *const *xs = g->xstrs.items;
	for (size_t i = 0; i < g->ealiases.n; i++)
		AT(W, const char *, S[KGSN_ALIASES].off)[i] = str_at(W, al[i]);
	for (size_t i = 0; i < g->xstrs.n; i++)
		AT(W, const char *, S[KGSN_XSTRS].off)[i] = str_at(W, xs[i]);
	if (g->nfiles) {
		memcpy(W->buf + S[KGSN_FILE_FIRST].off, g->file_ents, g->nfiles * sizeof(uint32_t));
		memcpy(W->buf + S[KGSN_FILE_FIRST].off + g->nfiles * sizeof(uint32_t), g->file_rels,
		       g->nfiles * sizeof(uint32_t));
	}
	if (g->ecols.n)
		memcpy(W->buf + S[KGSN_ECOLS].off, g->ecols.items, S[KGSN_ECOLS].size);
	if (g->rcols.n)
		memcpy(W->buf + S[KGSN_RCOLS].off, g->rcols.items, S[KGSN_RCOLS].size);
	if (g->relx.n)
		memcpy(W->buf + S[KGSN_RELX].off, g->relx.items, S[KGSN_RELX].size);
	kg_attr *attrs = AT(W, kg_attr, S[KGSN_ATTRS].off);
	for (size_t i = 0; i < W->count[KGSN_ATTRS]; i++)
		fix_value(W, &attrs[i].value, true);
	kg_claim *claims = AT(W, kg_claim, S[KGSN_CLAIMS].off);
	for (size_t i = 0; i < W->count[KGSN_CLAIMS]; i++) {
		kg_claim *c = &claims[i];
		c->sources = emit_sources(W, c->sources, c->nsources);
		c->as_of = str_at(W, c->as_of);
		c->since = str_at(W, c->since);
		c->till = str_at(W, c->till);
		c->note = str_at(W, c->note);
		c->loc.file = str_at(W, c->loc.file);
		fix_value(W, &c->value, false);
	}
	/* Breadth first: the items of level k are written while level k - 1
	 * is fixed, so each level ends where the cursor stood when it began. */
	kg_value *values = AT(W, kg_value, S[KGSN_VALUES].off);
	size_t level_end = W->cur[KGSN_VALUES];
	W->levels = W->count[KGSN_VALUES] ? 1 : 0;
	for (size_t i = 0; i < W->count[KGSN_VALUES] && i < W->cur[KGSN_VALUES]; i++) {
		if (i == level_end) {
			W->levels++;
			level_end = W->cur[KGSN_VALUES];
		}
		fix_value(W, &values[i], false);
	}
	memcpy(W->buf + S[KGSN_IDX].off, g->idx, S[KGSN_IDX].size);
	emit_csr(W, &g->by_type, KGSN_BYTYPE_OFF);
	emit_csr(W, &g->by_rtype, KGSN_BYRTYPE_OFF);
	emit_csr(W, &g->out, KGSN_OUT_OFF);
	emit_csr(W, &g->in, KGSN_IN_OFF);
	memcpy(W->buf + S[KGSN_STRINGS].off, W->sm.blob, W->sm.blen);
	W->t.levels = W->levels;
}

/* ---------------------------------------------------------------- */
/* The schema's text                                                 */
/* ---------------------------------------------------------------- */

/* The text the graph's schema was parsed from: kept by a mapped graph,
 * built in for the core, else read again from the schema's file. */
static int schema_text(sn_writer *W, const char *path, kg_diags *d)
{
	const kg_graph *g = W->g;
	const char *origin = kg_schema_origin(g->schema);
	if (g->schema_text) {
		W->schema = g->schema_text;
		W->schemalen = g->schema_textlen;
		return 0;
	}
	if (strcmp(origin, "<core>") == 0) {
		W->schema = kg_core_schema;
		W->schemalen = kg_core_schema_len;
		return 0;
	}
	/* a schema that extends others: their texts, bundled (schema.h) */
	size_t n = 0;
	const char *bad = origin;
	char *buf = NULL;
	if (kgsc_layer_count(g->schema) > 1) {
		buf = kgsc_bundle(g->schema, &n, &bad);
	} else {
		FILE *f = fopen(origin, "rb");
		buf = f ? kg_read_all(f, (size_t)1 << 30, &n) : NULL;
		if (f)
			fclose(f);
	}
	int err = errno;
	if (!buf) {
		kg_diags_add(d, KG_ERROR, path, 0, 0, "cannot read the schema %s: %s",
			     bad ? bad : origin, strerror(err));
		return -1;
	}
	W->schema = W->schema_owned = buf;
	W->schemalen = n;
	/* The loader parses this text again: it must give the same types. */
	kg_diags *tmp = kg_diags_new();
	kg_schema *s = tmp ? kgsc_load_buffer(origin, buf, n, NULL, tmp) : NULL;
	bool same = s && kg_schema_type_count(s) == kg_schema_type_count(g->schema) &&
		    kg_schema_rtype_count(s) == kg_schema_rtype_count(g->schema);
	for (kg_tid t = 0; same && t < kg_schema_type_count(s); t++)
		same = strcmp(kg_schema_type_name(s, t), kg_schema_type_name(g->schema, t)) == 0;
	for (kg_rtid t = 0; same && t < kg_schema_rtype_count(s); t++)
		same = strcmp(kg_schema_rtype_name(s, t), kg_schema_rtype_name(g->schema, t)) == 0;
	kgsc_free(&s);
	kg_diags_free(&tmp);
	if (!same) {
		kg_diags_add(d, KG_ERROR, path, 0, 0,
			     "the schema %s changed since the graph was loaded", origin);
		return -1;
	}
	return 0;
}

/* ---------------------------------------------------------------- */
/* Writing the file                                                  */
/* ---------------------------------------------------------------- */

/* Writes buf to a new file beside path, synced, then renames it over
 * path: a snapshot is whole or not there, even after a crash. */
static int write_whole(const char *path, const char *buf, size_t len, kg_diags *d)
{
	int err = kg_out_write_file(path, buf, len, 1);
	if (err)
		kg_diags_add(d, KG_ERROR, path, 0, 0, "cannot write: %s", strerror(err));
	return err ? -1 : 0;
}

int kg_graph_save(const kg_graph *g, const char *path, kg_diags *d)
{
	sn_writer W;
	memset(&W, 0, sizeof W);
	W.g = g;
	int status = -1;
	if (schema_text(&W, path, d) < 0)
		goto done;
	/* The blob starts with a NUL, so it is never empty and always ends in one. */
	str_add(&W, "");
	count_all(&W);
	if (W.oom || !layout(&W) || !(W.buf = calloc(1, W.len))) {
		kg_diags_add(d, KG_ERROR, path, 0, 0, "out of memory");
		goto done;
	}
	emit(&W);
	if (W.nested) {
		kg_diags_add(d, KG_ERROR, path, 0, 0, "cannot save claims inside claims or lists");
		goto done;
	}
	kgsn_header *h = (kgsn_header *)(void *)W.buf;
	memcpy(W.buf + sizeof *h, &W.t, sizeof W.t);
	memcpy(h->magic, KGSN_MAGIC, KGSN_MAGIC_LEN);
	h->version = KGSN_VERSION;
	h->byteorder = KGSN_BYTEORDER;
	h->ptrsize = sizeof(void *);
	h->length = W.len;
	h->checksum = kgsn_checksum(W.buf + sizeof *h, W.len - sizeof *h);
	status = write_whole(path, W.buf, W.len, d);
done:
	free(W.buf);
	free(W.sm.keys);
	free(W.sm.offs);
	free(W.sm.blob);
	free(W.schema_owned);
	return status;
}
