/* arena.c — bump allocator and string interning for graph data. */
#include "arena.h"

#include <stdlib.h>
#include <string.h>

struct kga_block {
	kga_block *next;
	size_t size, used;
	max_align_t data[]; /* the bytes handed out */
};

#define BLOCK_MIN ((size_t)64 << 10)
/* Graph data holds nothing wider than 8 bytes; 16 would waste a quarter
 * of the arena on the many 4-byte source lists. */
#define ALIGN ((size_t)8)

void kga_arena_init(kga_arena *a)
{
	a->head = NULL;
	a->total = 0;
	a->used = 0;
	a->block_min = 0;
}

void kga_arena_free(kga_arena *a)
{
	kga_block *b = a->head;
	while (b) {
		kga_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
	a->total = 0;
	a->used = 0;
}

void kga_arena_reset(kga_arena *a)
{
	kga_block *b = a->head;
	if (!b)
		return;
	kga_block *rest = b->next;
	b->next = NULL;
	b->used = 0;
	a->head = rest;
	kga_arena_free(a);
	a->head = b;
	a->total = sizeof(kga_block) + b->size;
}

void kga_arena_adopt(kga_arena *dst, kga_arena *src)
{
	kga_block *b = src->head;
	if (!b)
		return;
	kga_block *last = b;
	while (last->next)
		last = last->next;
	/* behind dst's newest block, which keeps its free space */
	if (dst->head) {
		last->next = dst->head->next;
		dst->head->next = b;
	} else {
		dst->head = b;
	}
	dst->total += src->total;
	dst->used += src->used;
	size_t keep = src->block_min;
	kga_arena_init(src);
	src->block_min = keep;
}

void *kga_alloc(kga_arena *a, size_t size)
{
	size = (size + ALIGN - 1) & ~(ALIGN - 1);
	if (size == 0)
		size = ALIGN;
	kga_block *b = a->head;
	if (!b || b->size - b->used < size) {
		/* Blocks grow with the arena so that large graphs need few mallocs. */
		size_t want = a->total / 4;
		if (want < (a->block_min ? a->block_min : BLOCK_MIN))
			want = a->block_min ? a->block_min : BLOCK_MIN;
		if (want > ((size_t)16 << 20))
			want = (size_t)16 << 20;
		if (want < size)
			want = size;
		if (want > SIZE_MAX - sizeof(kga_block))
			return NULL;
		kga_block *nb = malloc(sizeof(kga_block) + want);
		if (!nb)
			return NULL;
		nb->size = want;
		nb->used = 0;
		a->total += sizeof(kga_block) + want;
		/* A big one-off block goes behind the current one, which keeps its
		 * free space for the small allocations that follow. */
		if (b && size > BLOCK_MIN && b->size - b->used > BLOCK_MIN / 4) {
			nb->next = b->next;
			b->next = nb;
			nb->used = size;
			a->used += size;
			return nb->data;
		}
		nb->next = b;
		a->head = b = nb;
	}
	void *p = (char *)b->data + b->used;
	b->used += size;
	a->used += size;
	return p;
}

void *kga_calloc(kga_arena *a, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	void *p = kga_alloc(a, n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

char *kga_strndup(kga_arena *a, const char *s, size_t len)
{
	if (len == SIZE_MAX)
		return NULL;
	char *p = kga_alloc(a, len + 1);
	if (!p)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

/* ---------------------------------------------------------------- */
/* Interning                                                         */
/* ---------------------------------------------------------------- */

uint32_t kga_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

#define SBLOCK_MIN ((size_t)64 << 10)
#define SBLOCK_MAX ((size_t)16 << 20) /* places in 4-byte steps fit 22 bits */
#define PLACE_BITS 22

int kga_intern_init(kga_strtab *t, kga_arena *a)
{
	memset(t, 0, sizeof *t);
	t->arena = a;
	t->cap = 1024;
	t->slots = calloc(t->cap, sizeof *t->slots);
	return t->slots ? 0 : -1;
}

void kga_intern_free(kga_strtab *t)
{
	free(t->slots);
	free(t->blocks);
	t->slots = NULL;
	t->blocks = NULL;
	t->cap = t->count = 0;
	t->nblocks = 0;
	t->room = 0;
}

#define PLACE(ref) ((size_t)((ref) & ((1u << PLACE_BITS) - 1)) << 2)

/* The string a slot refers to. */
static const char *at(const kga_strtab *t, uint64_t slot)
{
	uint32_t ref = (uint32_t)slot - 1;
	return t->blocks[ref >> PLACE_BITS].base + PLACE(ref) + 4;
}

/* Whether the string of slot x is s[0..len). Strings may hold NULs (a
 * YAML "\0"), so the bytes are compared, never past the block's written
 * part: a shorter string is followed by others or by the end. */
static int same(const kga_strtab *t, uint64_t x, const char *s, size_t len)
{
	uint32_t ref = (uint32_t)x - 1;
	const struct kga_strblock *b = &t->blocks[ref >> PLACE_BITS];
	size_t o = PLACE(ref) + 4;
	return len < b->fill - o && kga_equal(b->base + o, s, len) && b->base[o + len] == '\0';
}

static size_t find_slot(const kga_strtab *t, const char *s, size_t len, uint32_t h)
{
	size_t mask = t->cap - 1, i = h & mask;
	for (;;) {
		uint64_t x = t->slots[i];
		if (!x || ((uint32_t)(x >> 32) == h && same(t, x, s, len)))
			return i;
		i = (i + 1) & mask;
	}
}

static int grow(kga_strtab *t)
{
	size_t ncap = t->cap * 2;
	uint64_t *ns = calloc(ncap, sizeof *ns);
	if (!ns)
		return -1;
	for (size_t i = 0; i < t->cap; i++) {
		uint64_t x = t->slots[i];
		if (!x)
			continue;
		size_t j = (x >> 32) & (ncap - 1);
		while (ns[j])
			j = (j + 1) & (ncap - 1);
		ns[j] = x;
	}
	free(t->slots);
	t->slots = ns;
	t->cap = ncap;
	return 0;
}

/* Room for need bytes (a multiple of 4) in the newest block of strings, or
 * a new block; its reference + 1, 0 when out of memory or blocks. */
static uint32_t place(kga_strtab *t, size_t need)
{
	struct kga_strblock *last = t->nblocks ? &t->blocks[t->nblocks - 1] : NULL;
	if (last && t->room - last->fill >= need) {
		uint32_t ref = (t->nblocks - 1) << PLACE_BITS | (uint32_t)(last->fill >> 2);
		last->fill += need;
		return ref + 1;
	}
	if (t->nblocks == KGA_STR_BLOCKS)
		return 0;
	size_t size = t->nblocks < 8 ? SBLOCK_MIN << t->nblocks : SBLOCK_MAX;
	if (size < need)
		size = need; /* a block of its own: its place is 0 */
	struct kga_strblock *nb = realloc(t->blocks, (t->nblocks + 1) * sizeof *nb);
	if (!nb)
		return 0;
	t->blocks = nb;
	if (!(nb[t->nblocks].base = kga_alloc(t->arena, size)))
		return 0;
	nb[t->nblocks++].fill = need;
	t->room = size;
	return ((t->nblocks - 1) << PLACE_BITS) + 1;
}

const char *kga_intern_lookup(const kga_strtab *t, const char *s, size_t len)
{
	if (!t->slots || len > UINT32_MAX)
		return NULL;
	uint64_t x = t->slots[find_slot(t, s, len, kga_hash(s, len))];
	return x ? at(t, x) : NULL;
}

const char *kga_intern_n(kga_strtab *t, const char *s, size_t len)
{
	return kga_intern_h(t, s, len, kga_hash(s, len));
}

void kga_intern_prefetch(const kga_strtab *t, uint32_t h, int depth)
{
	if (!t->slots)
		return;
	size_t mask = t->cap - 1, i = h & mask;
	if (depth == 0) {
		__builtin_prefetch(&t->slots[i]);
		return;
	}
	/* the string may sit a few slots on (collisions): the probe's first
	 * slots are mostly in the cache line fetched at depth 0 */
	for (int k = 0; k < 4; k++, i = (i + 1) & mask) {
		uint64_t x = t->slots[i];
		if (!x)
			return;
		if ((uint32_t)(x >> 32) == h) {
			__builtin_prefetch(at(t, x) - 4);
			return;
		}
	}
}

const char *kga_intern_h(kga_strtab *t, const char *s, size_t len, uint32_t h)
{
	if (len > UINT32_MAX || !t->slots) /* too long, or the table was freed */
		return NULL;
	size_t i = find_slot(t, s, len, h);
	if (t->slots[i])
		return at(t, t->slots[i]);
	if ((t->count + 1) * 4 > t->cap * 3) {
		if (grow(t) < 0)
			return NULL;
		i = find_slot(t, s, len, h);
	}
	if (len > SIZE_MAX - 8)
		return NULL;
	size_t need = (len + 5 + 3) & ~(size_t)3;
	uint32_t ref = place(t, need);
	if (!ref)
		return NULL;
	t->slots[i] = (uint64_t)h << 32 | ref;
	char *p = (char *)at(t, t->slots[i]);
	memset(p - 4, 0, 4); /* the tag */
	memcpy(p, s, len);
	memset(p + len, 0, need - 4 - len); /* the NUL and the padding: written, for same() */
	t->count++;
	t->bytes += len + 1;
	return p;
}

const char *kga_intern(kga_strtab *t, const char *s)
{
	return kga_intern_n(t, s, strlen(s));
}
