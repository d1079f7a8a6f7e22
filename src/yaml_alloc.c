/* yaml_alloc.c — the allocator of libyaml's own memory in the plain build.
 *
 * libyaml mallocs and frees a few small blocks for every scalar it scans
 * (the value and three scratch strings of 16 bytes, grown by doubling), about
 * two million pairs for 4 MB of YAML; glibc's malloc and free took 22% of
 * the instructions of a bare libyaml scan. The Makefile links the plain kg
 * with a copy of Debian's static libyaml whose calls to malloc, realloc,
 * free and strdup are renamed (objcopy --redefine-sym) to the functions
 * here: blocks of up to 512 bytes come from per-thread free lists, larger
 * ones from malloc. Nothing else in kg allocates here, and the sanitizer
 * build links the shared libyaml, so that AddressSanitizer watches
 * libyaml's blocks one by one.
 *
 * Every block has a 16-byte header holding its size class (KGYA_LARGE for
 * a block malloc gave), so free needs no size and payloads keep malloc's
 * 16-byte alignment. Small blocks are carved from 64 KiB slabs that are
 * never given back: the memory held is bounded by the most small blocks
 * libyaml ever had live at once (parsing make bench's 100k graph, 19 files,
 * cuts five slabs: 320 KiB), and stays reachable from the slab list. A thread's free lists go to the shared pool
 * when it ends (a pthread key destructor) and are taken from there before a
 * new slab is cut, so loads on threads that come and go reuse the same
 * blocks. A block may be freed by another thread than the one that took it:
 * it joins that thread's list. A header that is neither a class nor
 * KGYA_LARGE (a block overrun) stops the process, as glibc's checks do.
 */
#include "yaml_alloc.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define HDR 16
#define NCLASS 10
#define KGYA_LARGE 0xffffu
#define SLAB ((size_t)64 << 10)

/* Payload bytes of each class. */
static const uint32_t class_size[NCLASS] = {16, 32, 48, 64, 96, 128, 192, 256, 384, 512};

typedef struct blk {
	struct blk *next; /* the next free block of the same class */
} blk;

/* The header before each payload. */
typedef struct hdr {
	uint32_t cls;     /* size class, or KGYA_LARGE */
	uint32_t pad[3];
} hdr;

/* A slab of small blocks, kept in one list for as long as the process. */
typedef struct slab {
	struct slab *next;
	uint32_t pad[2];
} slab;

static pthread_mutex_t pool_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;
static pthread_key_t exit_key;
static blk *pool[NCLASS];   /* free blocks given back by ended threads */
static slab *slabs;         /* every slab cut */

static _Thread_local blk *cache[NCLASS]; /* this thread's free blocks */
static _Thread_local int registered;     /* its exit hook is set */

/* The class of each size up to 512 in 16-byte steps: class_of[(n + 15) / 16]. */
static const uint8_t class_of[512 / 16 + 1] = {
	0, 0, 1, 2, 3, 4, 4, 5, 5, 6, 6, 6, 6, 7, 7, 7, 7,
	8, 8, 8, 8, 8, 8, 8, 8, 9, 9, 9, 9, 9, 9, 9, 9,
};

/* At thread exit: its free blocks go to the pool. */
static void thread_gone(void *unused)
{
	(void)unused;
	pthread_mutex_lock(&pool_mu);
	for (unsigned c = 0; c < NCLASS; c++) {
		blk *b = cache[c];
		if (!b)
			continue;
		blk *last = b;
		while (last->next)
			last = last->next;
		last->next = pool[c];
		pool[c] = b;
		cache[c] = NULL;
	}
	pthread_mutex_unlock(&pool_mu);
}

static void make_key(void)
{
	if (pthread_key_create(&exit_key, thread_gone) != 0)
		abort(); /* only with PTHREAD_KEYS_MAX keys taken: not in kg */
}

/* Fills this thread's empty list of class c from the pool or a new slab;
 * 0 when out of memory. It and the large case are called out of line
 * (tail calls), so that kgy_malloc's common path saves no registers. */
static int refill(unsigned c)
{
	if (!registered) {
		pthread_once(&key_once, make_key);
		pthread_setspecific(exit_key, &registered);
		registered = 1;
	}
	pthread_mutex_lock(&pool_mu);
	if (pool[c]) {
		cache[c] = pool[c];
		pool[c] = NULL;
		pthread_mutex_unlock(&pool_mu);
		return 1;
	}
	slab *s = malloc(SLAB);
	if (!s) {
		pthread_mutex_unlock(&pool_mu);
		return 0;
	}
	s->next = slabs;
	slabs = s;
	pthread_mutex_unlock(&pool_mu);
	size_t step = HDR + class_size[c];
	char *p = (char *)s + sizeof *s;
	char *end = (char *)s + SLAB;
	blk *list = NULL;
	for (; p + step <= end; p += step) {
		((hdr *)p)->cls = c;
		blk *b = (blk *)(p + HDR);
		b->next = list;
		list = b;
	}
	cache[c] = list;
	return 1;
}

__attribute__((noinline)) static void *malloc_large(size_t n)
{
	if (n > SIZE_MAX - HDR)
		return NULL;
	hdr *h = malloc(HDR + n);
	if (!h)
		return NULL;
	h->cls = KGYA_LARGE;
	return (char *)h + HDR;
}

/* kgy_malloc when this thread's list of class c is empty. */
__attribute__((noinline)) static void *malloc_refill(unsigned c)
{
	if (!refill(c))
		return NULL;
	blk *b = cache[c];
	cache[c] = b->next;
	return b;
}

void *kgy_malloc(size_t n)
{
	if (n > 512)
		return malloc_large(n);
	unsigned c = class_of[(n + 15) >> 4];
	blk *b = cache[c];
	if (!b)
		return malloc_refill(c);
	cache[c] = b->next;
	return b;
}

/* kgy_free of a block that is not small: malloc's, or a header overrun. */
__attribute__((noinline)) static void free_other(hdr *h)
{
	if (h->cls != KGYA_LARGE)
		abort(); /* a header overwritten: stop before a wild write */
	free(h);
}

void kgy_free(void *p)
{
	if (!p)
		return;
	hdr *h = (hdr *)((char *)p - HDR);
	uint32_t c = h->cls;
	if (c >= NCLASS) {
		free_other(h);
		return;
	}
	blk *b = p;
	b->next = cache[c];
	cache[c] = b;
}

void *kgy_realloc(void *p, size_t n)
{
	if (!p)
		return kgy_malloc(n);
	hdr *h = (hdr *)((char *)p - HDR);
	if (h->cls == KGYA_LARGE) {
		if (n > SIZE_MAX - HDR)
			return NULL;
		hdr *g = realloc(h, HDR + n);
		return g ? (char *)g + HDR : NULL;
	}
	if (h->cls >= NCLASS)
		abort();
	size_t old = class_size[h->cls];
	if (n <= old)
		return p;
	void *q = kgy_malloc(n);
	if (!q)
		return NULL;
	memcpy(q, p, old);
	kgy_free(p);
	return q;
}

char *kgy_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = kgy_malloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}

size_t kgy_alloc_slabs(void)
{
	size_t n = 0;
	pthread_mutex_lock(&pool_mu);
	for (slab *s = slabs; s; s = s->next)
		n++;
	pthread_mutex_unlock(&pool_mu);
	return n;
}
