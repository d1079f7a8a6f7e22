/* arena.h — bump allocator and string interning for graph data (internal).
 *
 * An arena owns every block it hands out; all of them are freed together by
 * kga_arena_free. Out of memory: every allocating call returns NULL and the
 * caller reports it; nothing here aborts or prints.
 */
#ifndef KG_ARENA_H
#define KG_ARENA_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct kga_block kga_block;

typedef struct kga_arena {
	kga_block *head;  /* newest block first */
	size_t total;     /* bytes obtained from malloc */
	size_t used;      /* bytes handed out, padding included, for benchmarks */
	size_t block_min; /* the least block to ask malloc for; 0: 64 KiB */
} kga_arena;

void kga_arena_init(kga_arena *a);
void kga_arena_free(kga_arena *a); /* frees every block; the arena may be reused */
/* Frees every block but the newest, which is kept empty for reuse. */
void kga_arena_reset(kga_arena *a);
/* Moves every block of src into dst (src is left empty): what was handed
 * out from src now lives until dst is freed. */
void kga_arena_adopt(kga_arena *dst, kga_arena *src);
/* Memory aligned to 8 bytes (enough for every graph object: pointers,
 * int64_t, double); NULL when out of memory. */
void *kga_alloc(kga_arena *a, size_t size);
void *kga_calloc(kga_arena *a, size_t n, size_t size); /* zeroed; checks n*size */
/* A NUL-terminated copy of s[0..len). */
char *kga_strndup(kga_arena *a, const char *s, size_t len);

/* A set of interned strings: equal strings share one copy, so interned
 * strings compare equal by pointer. The strings live in blocks of the
 * arena given at init (owned by it), each after its tag (kga_tag); the
 * table and its list of blocks are owned by the kga_strtab.
 *
 * A slot is 8 bytes: the string's hash and a 32-bit reference, its block
 * (10 bits) and its place in the block in 4-byte steps (22 bits); so the
 * blocks hold at most 16 MiB each, and there are at most KGA_STR_BLOCKS
 * of them: 16 GiB of distinct strings (a string longer than a block gets
 * one of its own). */
#define KGA_STR_BLOCKS 1023

typedef struct kga_strtab {
	kga_arena *arena;   /* borrowed */
	uint64_t *slots;    /* (hash << 32) | (reference + 1), 0 = empty; open
			     * addressing, eight slots to a cache line */
	size_t cap, count;
	size_t bytes;       /* bytes of distinct strings, NULs included */
	struct kga_strblock {
		char *base;  /* in the arena */
		size_t fill; /* bytes used (and written) */
	} *blocks;          /* malloc'd list of the blocks of strings */
	uint32_t nblocks;
	size_t room;        /* the newest block's size */
} kga_strtab;

int kga_intern_init(kga_strtab *t, kga_arena *a); /* 0, or -1 out of memory */
void kga_intern_free(kga_strtab *t); /* the table only; strings stay in the arena */
/* The interned copy of s[0..len) (s need not be NUL-terminated); NULL on OOM. */
const char *kga_intern_n(kga_strtab *t, const char *s, size_t len);
const char *kga_intern(kga_strtab *t, const char *s);
/* kga_intern_n with the hash already known: h is kga_hash(s, len). */
const char *kga_intern_h(kga_strtab *t, const char *s, size_t len, uint32_t h);
/* Asks the cache for the slot where s (of hash h) would be, and when the
 * slot is already cached, for its string: a hint, no effect on results. */
void kga_intern_prefetch(const kga_strtab *t, uint32_t h, int depth);
/* The interned copy if present, else NULL; never allocates. */
const char *kga_intern_lookup(const kga_strtab *t, const char *s, size_t len);

uint32_t kga_hash(const char *s, size_t len); /* FNV-1a */

/* Whether a[0..len) and b[0..len) are equal, reading no byte past either:
 * memcmp's 32-byte loads would read the next cache line after about half
 * the short strings, which in the table's blocks holds other strings,
 * seldom cached (an id is looked up at random); and short compares need
 * no call. */
static inline int kga_equal(const char *a, const char *b, size_t len)
{
	uint64_t x, y, u, v;
	if (len >= 8 && len <= 16) {
		memcpy(&x, a, 8), memcpy(&y, b, 8);
		memcpy(&u, a + len - 8, 8), memcpy(&v, b + len - 8, 8);
		return ((x ^ y) | (u ^ v)) == 0;
	}
	if (len >= 4 && len < 8) {
		uint32_t p, q, r, w;
		memcpy(&p, a, 4), memcpy(&q, b, 4);
		memcpy(&r, a + len - 4, 4), memcpy(&w, b + len - 4, 4);
		return ((p ^ q) | (r ^ w)) == 0;
	}
	return memcmp(a, b, len) == 0;
}

/* Every interned string carries a 32-bit tag just before its first byte,
 * 0 when interned, for the table owner's use: the loader keeps there the
 * entity whose id the string is, so that a reference, once interned,
 * needs no second lookup. */
static inline uint32_t kga_tag(const char *interned)
{
	return ((const uint32_t *)(const void *)interned)[-1];
}
static inline void kga_set_tag(const char *interned, uint32_t tag)
{
	((uint32_t *)(void *)(uintptr_t)interned)[-1] = tag;
}

#endif
