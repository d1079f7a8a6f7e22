/* yaml_tree.c — YAML files to located node trees, from libyaml events, within limits.
 * The parser's state is in yaml_tree_int.h; its errors are in yaml_errors.c,
 * its streamed batches in yaml_stream.c. */
#include "yaml_tree_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Maps of more keys than this find duplicates through a hash table. */
#define SMALL_MAP 16

/* ---------------------------------------------------------------- */
/* Parser state                                                      */
/* ---------------------------------------------------------------- */

/* Whether nodes being built belong to a streamed item (and so to the batch). */
static bool in_item(const yt *p)
{
	return p->item;
}

/* Sets p->item after the open collections changed. */
static void update_item(yt *p)
{
	p->item = p->stream && p->depth >= 2 && p->frames[1].stream;
}

/* Memory in the arena aligned for pointers only: nodes and their text are
 * packed tighter than kga_alloc's max_align_t, which saves a tenth of the
 * memory of a big document. */
static void *alloc8_in(kga_arena *a, char **cur, char **end, size_t size)
{
	enum { CHUNK = 64 << 10 };
	if (size > SIZE_MAX - 8)
		return NULL;
	size = (size + 7) & ~(size_t)7;
	if ((size_t)(*end - *cur) < size) {
		if (size > CHUNK / 8)
			return kga_alloc(a, size);
		char *c = kga_alloc(a, CHUNK);
		if (!c)
			return NULL;
		*cur = c;
		*end = c + CHUNK;
	}
	void *r = *cur;
	*cur += size;
	return r;
}

static void *alloc8(yt *p, size_t size)
{
	if (in_item(p))
		return alloc8_in(&p->batch.arena, &p->bcur, &p->bend, size);
	return alloc8_in(&p->arena, &p->cur, &p->end, size);
}

static size_t sat_add(size_t a, size_t b)
{
	return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

/* ---------------------------------------------------------------- */
/* Anchors                                                           */
/* ---------------------------------------------------------------- */

static anchor *anchor_slot(anchor *t, size_t cap, const char *name, uint32_t h)
{
	size_t mask = cap - 1, i = h & mask;
	while (t[i].name && (t[i].hash != h || strcmp(t[i].name, name) != 0))
		i = (i + 1) & mask;
	return &t[i];
}

/* Defines (or redefines) an anchor; returns its arena name, NULL on OOM. */
static const char *anchor_define(yt *p, const char *name, kgy_node *node, size_t size, bool open)
{
	if ((p->acount + 1) * 2 > p->acap) {
		size_t ncap = p->acap ? p->acap * 2 : 64;
		anchor *nt = calloc(ncap, sizeof *nt);
		if (!nt)
			return NULL;
		for (size_t i = 0; i < p->acap; i++)
			if (p->anchors[i].name)
				*anchor_slot(nt, ncap, p->anchors[i].name, p->anchors[i].hash) = p->anchors[i];
		free(p->anchors);
		p->anchors = nt;
		p->acap = ncap;
	}
	size_t len = strlen(name);
	uint32_t h = kga_hash(name, len);
	anchor *a = anchor_slot(p->anchors, p->acap, name, h);
	if (!a->name) {
		a->name = kga_strndup(&p->arena, name, len);
		if (!a->name)
			return NULL;
		a->hash = h;
		p->acount++;
	}
	a->node = node;
	a->size = size;
	a->open = open;
	if (in_item(p))
		p->batch.keep = true; /* later items may alias this node */
	return a->name;
}

static anchor *anchor_find(yt *p, const char *name)
{
	if (!p->acount)
		return NULL;
	anchor *a = anchor_slot(p->anchors, p->acap, name, kga_hash(name, strlen(name)));
	return a->name ? a : NULL;
}

/* ---------------------------------------------------------------- */
/* Building                                                          */
/* ---------------------------------------------------------------- */

/* Room on the item stack for k more. */
static bool items_room(yt *p, size_t k)
{
	if (p->icap - p->nitems < k) {
		size_t ncap = p->icap ? p->icap * 2 : 1024;
		item *ni = realloc(p->items, ncap * sizeof *ni);
		if (!ni) {
			kgyt_oom(p);
			return false;
		}
		p->items = ni;
		p->icap = ncap;
	}
	return true;
}

static bool push_item(yt *p, kgy_node *n, uint32_t line, uint32_t col)
{
	if (!items_room(p, 1))
		return false;
	p->items[p->nitems++] = (item){n, line, col};
	return true;
}

/* A node written at line:col; in the document's arena when doc, else
 * where alloc8 puts it. */
static kgy_node *new_node(yt *p, kgy_kind kind, uint32_t line, uint32_t col, size_t extra, bool doc)
{
	kgy_node *n = doc ? alloc8_in(&p->arena, &p->cur, &p->end, sizeof *n + extra)
			  : alloc8(p, sizeof *n + extra);
	if (!n) {
		kgyt_oom(p);
		return NULL;
	}
	*n = (kgy_node){.kind = (uint8_t)kind, .line = line, .col = col};
	return n;
}

static uint32_t line_of(yaml_mark_t m)
{
	return to_u32(m.line + 1);
}

static uint32_t col_of(yaml_mark_t m)
{
	return to_u32(m.column + 1);
}

static bool is_merge_key(const kgy_node *k)
{
	return k->kind == KGY_SCALAR && k->style == KGY_PLAIN && !k->tag &&
	       k->u.scalar.len == 2 && k->u.scalar.s[0] == '<' && k->u.scalar.s[1] == '<';
}

/* add_child's rare cases, kept out of its way. */
static __attribute__((noinline, cold)) void bad_key(yt *p, frame *f, kgy_node *n,
						      uint32_t line, uint32_t col)
{
	kgyt_err(p, line, col, "mapping keys must be scalars, not %s", kgy_describe(n));
	f->key_is_bad = 1;
}

static __attribute__((noinline, cold)) void merge_value(yt *p, frame *f, kgy_node *n)
{
	if (f->merge)
		kgyt_err(p, f->kline, f->kcol, "duplicate key '<<' (first at %u:%u)", f->mline, f->mcol);
	f->merge = n;
	f->mline = f->kline;
	f->mcol = f->kcol;
}

/* A finished node (of expanded size `size`, written at line:col) joins
 * its parent. */
static void add_child(yt *p, kgy_node *n, size_t size, uint32_t line, uint32_t col)
{
	if (p->depth == 0) {
		p->root = n;
		return;
	}
	frame *f = &p->frames[p->depth - 1];
	f->size = sat_add(f->size, size);
	if (f->node->kind == KGY_SEQ) {
		if (f->stream)
			kgyt_emit_item(p, n, f->relations);
		else
			push_item(p, n, line, col);
		return;
	}
	if (!f->key) {
		f->key = n;
		f->kline = line;
		f->kcol = col;
		f->key_is_merge = 0;
		f->key_is_bad = 0;
		if (n->kind != KGY_SCALAR)
			bad_key(p, f, n, line, col);
		else if (is_merge_key(n))
			f->key_is_merge = 1;
		return;
	}
	if (f->key_is_merge)
		merge_value(p, f, n);
	else if (!f->key_is_bad && items_room(p, 2)) {
		p->items[p->nitems++] = (item){f->key, f->kline, f->kcol};
		p->items[p->nitems++] = (item){n, line, col};
	}
	f->key = NULL;
}

static inline bool same_key(const kgy_node *a, const kgy_node *b)
{
	if (a == b || (a->shared && b->shared))
		return a == b;
	return a->u.scalar.len == b->u.scalar.len &&
	       memcmp(a->u.scalar.s, b->u.scalar.s, a->u.scalar.len) == 0;
}

/* Index (among the n pairs from base) of the pair whose key equals k, or
 * SIZE_MAX. With a hash table (hashed), only inserted pairs are found. */
static size_t find_key(yt *p, size_t base, size_t n, const kgy_node *k, bool hashed, uint32_t h)
{
	if (!hashed) {
		for (size_t i = 0; i < n; i++)
			if (same_key(p->items[base + 2 * i].n, k))
				return i;
		return SIZE_MAX;
	}
	size_t mask = p->kcap - 1;
	for (size_t s = h & mask; p->keyset[s]; s = (s + 1) & mask) {
		size_t i = p->keyset[s] - 1;
		if (same_key(p->items[base + 2 * i].n, k))
			return i;
	}
	return SIZE_MAX;
}

static void insert_key(yt *p, uint32_t h, size_t i)
{
	size_t mask = p->kcap - 1, s = h & mask;
	while (p->keyset[s])
		s = (s + 1) & mask;
	p->keyset[s] = (uint32_t)(i + 1);
}

/* Adds the pairs of merge source m that the map does not have yet. */
static bool merge_from(yt *p, size_t base, const kgy_node *m, bool hashed)
{
	for (size_t j = 0; j < m->u.map.n; j++) {
		const kgy_pair *pr = &m->u.map.pairs[j];
		size_t n = (p->nitems - base) / 2;
		uint32_t h = hashed ? kga_hash(pr->key->u.scalar.s, pr->key->u.scalar.len) : 0;
		if (find_key(p, base, n, pr->key, hashed, h) != SIZE_MAX)
			continue;
		if (!push_item(p, pr->key, pr->line, pr->col) ||
		    !push_item(p, pr->value, pr->value->line, pr->value->col))
			return false;
		if (hashed)
			insert_key(p, h, n);
	}
	return true;
}

/* Duplicate keys, then merge keys: explicit keys win, then earlier sources. */
static void finish_map(yt *p, frame *f)
{
	kgy_node *m = f->node, *mv = f->merge;
	size_t base = f->base, n = (p->nitems - base) / 2, total = n;
	if (mv && mv->kind == KGY_MAP) {
		total += mv->u.map.n;
	} else if (mv && mv->kind == KGY_SEQ) {
		for (size_t i = 0; i < mv->u.seq.n; i++) {
			const kgy_node *s = mv->u.seq.items[i];
			if (s->kind != KGY_MAP) {
				kgyt_err(p, f->mline, f->mcol,
				    "merge key '<<' needs mappings, but item %zu is %s", i + 1,
				    kgy_describe(s));
				mv = NULL;
				break;
			}
			total = sat_add(total, s->u.map.n);
		}
	} else if (mv) {
		kgyt_err(p, f->mline, f->mcol,
		    "merge key '<<' needs a mapping or a sequence of mappings, not %s",
		    kgy_describe(mv));
		mv = NULL;
	}
	bool hashed = total > SMALL_MAP;
	if (hashed) {
		size_t cap = 64;
		while (cap < total * 2 && cap < ((size_t)1 << 40))
			cap *= 2;
		if (cap > p->kcap) {
			free(p->keyset);
			p->keyset = malloc(cap * sizeof *p->keyset);
			p->kcap = p->keyset ? cap : 0;
			if (!p->keyset) {
				kgyt_oom(p);
				return;
			}
		}
		memset(p->keyset, 0, p->kcap * sizeof *p->keyset);
	}
	for (size_t i = 0; i < n; i++) {
		const item *ki = &p->items[base + 2 * i];
		const kgy_node *k = ki->n;
		size_t j = SIZE_MAX;
		uint32_t h = 0;
		if (hashed) {
			h = kga_hash(k->u.scalar.s, k->u.scalar.len);
			j = find_key(p, base, i, k, hashed, h);
		} else {
			/* a small map: the earlier keys, by pointer for the
			 * shared ones (most keys of streamed items) */
			for (size_t e = 0; e < i && j == SIZE_MAX; e++)
				if (same_key(p->items[base + 2 * e].n, k))
					j = e;
		}
		if (j != SIZE_MAX) {
			char q[80];
			const item *first = &p->items[base + 2 * j];
			kgyt_err(p, ki->line, ki->col, "duplicate key %s (first at %u:%u)",
			    kgy_quote(k->u.scalar.s, k->u.scalar.len, q, sizeof q), first->line,
			    first->col);
		} else if (hashed) {
			insert_key(p, h, i);
		}
	}
	if (mv && mv->kind == KGY_MAP && !merge_from(p, base, mv, hashed))
		return;
	for (size_t i = 0; mv && mv->kind == KGY_SEQ && i < mv->u.seq.n; i++)
		if (!merge_from(p, base, mv->u.seq.items[i], hashed))
			return;
	n = (p->nitems - base) / 2;
	if (n) {
		kgy_pair *pairs = n <= SIZE_MAX / sizeof *pairs ? alloc8(p, n * sizeof *pairs) : NULL;
		if (!pairs) {
			kgyt_oom(p);
			return;
		}
		for (size_t i = 0; i < n; i++) {
			const item *k = &p->items[base + 2 * i];
			pairs[i] = (kgy_pair){k->n, p->items[base + 2 * i + 1].n, k->line, k->col};
		}
		m->u.map.pairs = pairs;
	}
	m->u.map.n = n;
}

/* Whether the scalar of ev, about to become the key of a streamed item's
 * mapping, may share a node with the same key elsewhere in the document:
 * plain, untagged, unanchored, short, and the table not full. */
static bool shareable_key(const yt *p, const yaml_event_t *ev, bool bad)
{
	if (!in_item(p) || bad || p->nkeys >= KEY_CACHE_MAX || ev->data.scalar.tag ||
	    ev->data.scalar.anchor || ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE ||
	    ev->data.scalar.length > KEY_SHARE_LEN)
		return false;
	const frame *f = &p->frames[p->depth - 1];
	return f->node->kind == KGY_MAP && !f->key;
}

/* The cache slot of key s[0..len) (hash h): its node, or an empty slot
 * to put it in; NULL when out of memory. */
static kgy_node **key_slot(yt *p, const char *s, size_t len, uint32_t h)
{
	if (!p->keys && !(p->keys = calloc(KEY_CACHE, sizeof *p->keys)))
		return NULL;
	size_t i = h & (KEY_CACHE - 1);
	for (kgy_node *k; (k = p->keys[i]) != NULL; i = (i + 1) & (KEY_CACHE - 1))
		if (k->hash == h && k->u.scalar.len == len && kga_equal(k->u.scalar.s, s, len))
			break;
	return &p->keys[i];
}

/* Keys whose values the loader copies or looks up in the schema, never
 * interns: their values' hashes would be computed for nothing. */
static bool not_interned(const kgy_node *k)
{
	const char *s = k->u.scalar.s;
	switch (k->u.scalar.len) {
	case 4: return memcmp(s, "name", 4) == 0 || memcmp(s, "type", 4) == 0;
	case 5: return memcmp(s, "notes", 5) == 0;
	case 7: return memcmp(s, "aliases", 7) == 0;
	default: return false;
	}
}

/* Whether a node starting now in a streamed item is under a key whose
 * values are not interned (frame f, the innermost open collection). */
static bool under_not_interned(const frame *f)
{
	if (f->no_hash)
		return true;
	const kgy_node *k = f->node->kind == KGY_MAP ? f->key : NULL;
	return k && (k->shared ? k->no_intern : not_interned(k));
}

/* Computes the hash of scalar n of a streamed item, which the loader may
 * intern, while its text is in the cache, and notes it for kgy_prefetch
 * (the list is a hint: it is cut short when memory runs out). */
static void hash_value(yt *p, kgy_node *n)
{
	const frame *f = &p->frames[p->depth - 1];
	if ((f->node->kind == KGY_MAP && !f->key) || under_not_interned(f))
		return; /* a key, or a name, a note, a type */
	n->hash = kga_hash(n->u.scalar.s, n->u.scalar.len);
	kgy_batch *b = &p->batch;
	if (b->nh == b->caph) {
		size_t ncap = b->caph ? b->caph * 2 : 1024;
		uint32_t *nh = ncap < UINT32_MAX ? realloc(b->hashes, ncap * sizeof *nh) : NULL;
		if (!nh)
			return;
		b->hashes = nh;
		b->caph = ncap;
	}
	b->hashes[b->nh++] = n->hash;
}

static void on_scalar(yt *p, const yaml_event_t *ev)
{
	const char *s = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	yaml_mark_t m = ev->start_mark;
	bool bad = false;
	if (len > p->lim->max_scalar_bytes) {
		kgyt_err(p, to_u32(m.line + 1), to_u32(m.column + 1),
		    "scalar of %zu bytes is over the limit of %zu bytes", len,
		    p->lim->max_scalar_bytes);
		bad = true;
	} else if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE && memchr(s, 0, len)) {
		/* only an escape ("\0") makes a NUL: the file has none (check_text) */
		kgyt_err(p, to_u32(m.line + 1), to_u32(m.column + 1),
		    "scalar contains a NUL character");
		bad = true;
	}
	if (bad)
		len = 0;
	uint32_t line = to_u32(m.line + 1), col = to_u32(m.column + 1);
	kgy_node **slot = NULL;
	uint32_t h = 0;
	if (shareable_key(p, ev, bad)) {
		h = kga_hash(s, len);
		slot = key_slot(p, s, len, h);
		if (slot && *slot) {
			add_child(p, *slot, 1, line, col);
			return;
		}
	}
	kgy_node *n = new_node(p, KGY_SCALAR, line, col, len + 1, slot != NULL);
	if (!n)
		return;
	if (slot) {
		n->hash = h;
		n->shared = 1;
		*slot = n;
		p->nkeys++;
	}
	char *text = (char *)(n + 1);
	memcpy(text, s, len);
	text[len] = '\0';
	n->u.scalar.s = text;
	n->u.scalar.len = len;
	if (slot)
		n->no_intern = not_interned(n);
	switch (ev->data.scalar.style) {
	case YAML_SINGLE_QUOTED_SCALAR_STYLE:
	case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
		n->style = KGY_QUOTED;
		break;
	case YAML_LITERAL_SCALAR_STYLE:
	case YAML_FOLDED_SCALAR_STYLE:
		n->style = KGY_BLOCK;
		break;
	default:
		n->style = KGY_PLAIN;
		break;
	}
	if (!slot && !bad && in_item(p))
		hash_value(p, n);
	if (ev->data.scalar.tag && !bad)
		kgyt_apply_tag(p, n, (const char *)ev->data.scalar.tag);
	if (ev->data.scalar.anchor &&
	    !anchor_define(p, (const char *)ev->data.scalar.anchor, n, 1, false)) {
		kgyt_oom(p);
		return;
	}
	add_child(p, n, 1, line, col);
}

static void on_start(yt *p, const yaml_event_t *ev, kgy_kind kind)
{
	yaml_mark_t m = ev->start_mark;
	if (p->depth >= p->lim->max_depth) {
		kgyt_err(p, to_u32(m.line + 1), to_u32(m.column + 1),
		    "nesting deeper than %zu levels", p->lim->max_depth);
		p->stop = true;
		return;
	}
	kgy_node *n = new_node(p, kind, line_of(m), col_of(m), 0, false);
	if (!n)
		return;
	const yaml_char_t *tag = kind == KGY_MAP ? ev->data.mapping_start.tag
						 : ev->data.sequence_start.tag;
	const yaml_char_t *anc = kind == KGY_MAP ? ev->data.mapping_start.anchor
						 : ev->data.sequence_start.anchor;
	if (tag)
		kgyt_apply_tag(p, n, (const char *)tag);
	if (p->depth == p->fcap) {
		size_t ncap = p->fcap ? p->fcap * 2 : 32;
		frame *nf = realloc(p->frames, ncap * sizeof *nf);
		if (!nf) {
			kgyt_oom(p);
			return;
		}
		p->frames = nf;
		p->fcap = ncap;
	}
	int rel = kind == KGY_SEQ ? kgyt_stream_list(p, (const char *)tag, anc) : -1;
	bool no_hash = in_item(p) && under_not_interned(&p->frames[p->depth - 1]);
	frame *f = &p->frames[p->depth++];
	memset(f, 0, sizeof *f);
	f->no_hash = no_hash;
	f->node = n;
	f->base = p->nitems;
	f->size = 1;
	if (rel >= 0) {
		f->stream = 1;
		f->relations = (uint8_t)rel;
		n->streamed = 1;
	}
	update_item(p);
	if (anc && !(f->anchor = anchor_define(p, (const char *)anc, n, 1, true)))
		kgyt_oom(p);
}

static void on_end(yt *p)
{
	if (p->depth == 0)
		return;
	frame *f = &p->frames[--p->depth];
	update_item(p);
	kgy_node *n = f->node;
	if (n->kind == KGY_MAP) {
		finish_map(p, f);
	} else {
		size_t k = p->nitems - f->base;
		if (k) {
			n->u.seq.items = alloc8(p, k * sizeof *n->u.seq.items);
			if (!n->u.seq.items) {
				kgyt_oom(p);
				return;
			}
			for (size_t i = 0; i < k; i++)
				n->u.seq.items[i] = p->items[f->base + i].n;
		}
		n->u.seq.n = k;
	}
	p->nitems = f->base;
	if (f->anchor) {
		anchor *a = anchor_find(p, f->anchor);
		if (a && a->node == n) { /* unless redefined inside */
			a->open = 0;
			a->size = f->size;
		}
	}
	add_child(p, n, f->size, n->line, n->col);
}

static void on_alias(yt *p, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	uint32_t line = to_u32(ev->start_mark.line + 1), col = to_u32(ev->start_mark.column + 1);
	anchor *a = anchor_find(p, name);
	char q[80];
	if (!a || a->open) {
		if (!a)
			kgyt_err(p, line, col, "alias to unknown anchor %s",
			    kgy_quote(name, strlen(name), q, sizeof q));
		else
			kgyt_err(p, line, col, "alias %s refers to a node that contains it",
			    kgy_quote(name, strlen(name), q, sizeof q));
		kgy_node *n = new_node(p, KGY_SCALAR, line, col, 1, false);
		if (!n)
			return;
		n->u.scalar.s = (char *)(n + 1);
		((char *)(n + 1))[0] = '\0';
		add_child(p, n, 1, line, col);
		return;
	}
	p->alias_nodes = sat_add(p->alias_nodes, a->size);
	if (p->alias_nodes > p->lim->max_alias_nodes) {
		kgyt_err(p, line, col, "aliases expand to more than %zu nodes",
		    p->lim->max_alias_nodes);
		p->stop = true;
		return;
	}
	add_child(p, a->node, a->size, a->node->line, a->node->col);
}

/* ---------------------------------------------------------------- */
/* Documents                                                         */
/* ---------------------------------------------------------------- */

static void end_document(yt *p)
{
	if (p->stream)
		kgyt_stream_doc_end(p);
	kga_arena_free(&p->arena);
	p->cur = p->end = NULL;
	if (p->nkeys) { /* their nodes were in the document's arena */
		memset(p->keys, 0, KEY_CACHE * sizeof *p->keys);
		p->nkeys = 0;
	}
	if (p->acount) {
		memset(p->anchors, 0, p->acap * sizeof *p->anchors);
		p->acount = 0;
	}
	p->depth = p->nitems = 0;
	update_item(p);
	p->root = NULL;
	p->alias_nodes = 0;
	p->doc_errors = 0;
}

static void run(yt *p, kgy_doc_fn fn, void *ud)
{
	yaml_parser_t yp;
	if (!yaml_parser_initialize(&yp)) {
		kgyt_oom(p);
		return;
	}
	if (p->buf)
		yaml_parser_set_input_string(&yp, (const unsigned char *)p->buf, p->len);
	else
		yaml_parser_set_input(&yp, kgy_input_read, p->in);
	size_t docno = 0;
	while (!p->stop) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&yp, &ev)) {
			kgyt_libyaml_error(p, &yp);
			break;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			p->stop = true;
			break;
		case YAML_DOCUMENT_START_EVENT:
			p->docopen = true;
			p->docno = (uint32_t)docno;
			if (docno >= p->lim->max_documents) {
				kgyt_err(p, to_u32(ev.start_mark.line + 1), to_u32(ev.start_mark.column + 1),
				    "more than %zu documents in one file", p->lim->max_documents);
				p->stop = true;
			}
			break;
		case YAML_DOCUMENT_END_EVENT:
			if (!p->stream && !p->doc_errors && p->root && fn(ud, p->name, docno, p->root))
				p->stop = true;
			docno++;
			end_document(p);
			break;
		case YAML_SCALAR_EVENT:
			on_scalar(p, &ev);
			break;
		case YAML_SEQUENCE_START_EVENT:
			on_start(p, &ev, KGY_SEQ);
			break;
		case YAML_MAPPING_START_EVENT:
			on_start(p, &ev, KGY_MAP);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			on_end(p);
			break;
		case YAML_ALIAS_EVENT:
			on_alias(p, &ev);
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&yp);
}

/* Reads buf[0..len) when buf is set, else the file in `in`. */
static size_t parse(const char *name, const char *buf, size_t len, kgy_input *in,
		    const kg_limits *lim, kg_diags *diags, kgy_doc_fn fn, kgy_batch_fn stream,
		    void *ud)
{
	yt p;
	memset(&p, 0, sizeof p);
	p.stream = stream;
	p.ud = ud;
	kgy_batch_init(&p.batch);
	p.name = name;
	p.buf = buf;
	p.len = len;
	p.in = in;
	p.lim = lim;
	p.diags = diags;
	kga_arena_init(&p.arena);
	if (buf) {
		if (len > lim->max_file_bytes) {
			kgyt_err(&p, 0, 0, "file too large (%zu bytes; the limit is %zu)", len,
			    lim->max_file_bytes);
			return p.errors;
		}
		bool nul;
		size_t bad = kgy_check_text(buf, len, &nul);
		if (bad < len) {
			kgy_input bi = {.fail = KGY_IN_BAD, .bad_off = bad, .nul = nul,
					.bad_byte = (unsigned char)buf[bad]};
			kgyt_input_error(&p, &bi);
			return p.errors;
		}
	}
	run(&p, fn, ud);
	end_document(&p);
	kgy_batch_free(&p.batch);
	free(p.frames);
	free(p.items);
	free(p.anchors);
	free(p.keyset);
	free(p.keys);
	return p.errors;
}

size_t kgy_parse_buffer(const char *name, const char *buf, size_t len,
			const kg_limits *lim, kg_diags *diags, kgy_doc_fn fn, void *ud)
{
	return parse(name, buf ? buf : "", len, NULL, lim, diags, fn, NULL, ud);
}

/* Opens path and reads it in chunks (a file's text is never held whole). */
static size_t parse_file(const char *path, const kg_limits *lim, kg_diags *diags,
			 kgy_doc_fn fn, kgy_batch_fn stream, void *ud)
{
	const char *why = NULL;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		kg_diags_add(diags, KG_ERROR, path, 0, 0, "cannot open: %s", strerror(errno));
		return 1;
	}
	struct stat st;
	if (fstat(fd, &st) != 0)
		why = strerror(errno);
	else if (S_ISDIR(st.st_mode))
		why = "is a directory, not a YAML file";
	else if (S_ISFIFO(st.st_mode))
		why = "is a FIFO, not a regular file";
	else if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
		why = "is a device, not a regular file";
	else if (!S_ISREG(st.st_mode))
		why = "is not a regular file";
	if (why) {
		close(fd);
		kg_diags_add(diags, KG_ERROR, path, 0, 0, "%s", why);
		return 1;
	}
	if ((uintmax_t)st.st_size > lim->max_file_bytes) {
		close(fd);
		kg_diags_add(diags, KG_ERROR, path, 0, 0, "file too large (%jd bytes; the limit is %zu)",
			     (intmax_t)st.st_size, lim->max_file_bytes);
		return 1;
	}
	kgy_input in;
	kgy_input_init(&in, fd, lim->max_file_bytes);
	size_t n = parse(path, NULL, 0, &in, lim, diags, fn, stream, ud);
	close(fd);
	return n;
}

size_t kgy_parse_file(const char *path, const kg_limits *lim, kg_diags *diags,
		      kgy_doc_fn fn, void *ud)
{
	return parse_file(path, lim, diags, fn, NULL, ud);
}

size_t kgy_parse_file_stream(const char *path, const kg_limits *lim, kg_diags *diags,
			     kgy_batch_fn stream, void *ud)
{
	return parse_file(path, lim, diags, NULL, stream, ud);
}
