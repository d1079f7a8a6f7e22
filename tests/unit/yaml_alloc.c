/* yaml_alloc.c — unit tests of the allocator libyaml's calls are renamed to
 * in the plain build (src/yaml_alloc.c). */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "t.h"
#include "yaml_alloc.h"

#define NB 1500

/* 1. every size from 0 to 1,499 bytes: 16-byte aligned, writable to its
 * end, and no two blocks overlap (each keeps its own pattern) */
static void test_sizes(void)
{
	static unsigned char *b[NB];
	int ok_align = 1, ok_keep = 1;
	for (size_t i = 0; i < NB; i++) {
		b[i] = kgy_malloc(i);
		CHECK(b[i] != NULL);
		ok_align &= ((uintptr_t)b[i] % 16) == 0;
		memset(b[i], (int)(i & 0xff), i);
	}
	for (size_t i = 0; i < NB; i++)
		for (size_t k = 0; k < i; k++)
			ok_keep &= b[i][k] == (unsigned char)(i & 0xff);
	CHECK(ok_align);
	CHECK(ok_keep);
	for (size_t i = 0; i < NB; i++)
		kgy_free(b[i]);
	kgy_free(NULL);
	/* 2. a size no header can be added to */
	CHECK(kgy_malloc(SIZE_MAX) == NULL);
	CHECK(kgy_malloc(SIZE_MAX - 8) == NULL);
}

/* 3. freed blocks are taken again: a million rounds of malloc and free in
 * each class cut no new slab */
static void test_reuse(void)
{
	void *warm[10];
	static const size_t sz[10] = {1, 17, 40, 64, 90, 128, 150, 256, 300, 512};
	for (int c = 0; c < 10; c++)
		warm[c] = kgy_malloc(sz[c]);
	for (int c = 0; c < 10; c++)
		kgy_free(warm[c]);
	size_t before = kgy_alloc_slabs();
	for (int r = 0; r < 100000; r++)
		for (int c = 0; c < 10; c++) {
			char *p = kgy_malloc(sz[c]);
			p[0] = 1;
			kgy_free(p);
		}
	CHECK(kgy_alloc_slabs() == before);
	/* the block just freed is the next one given (the hot one) */
	void *p = kgy_malloc(20);
	kgy_free(p);
	CHECK(kgy_malloc(24) == p);
	kgy_free(p);
}

/* 4. realloc as libyaml grows a string: doubling from 16 bytes to 256 KiB
 * (through every class into malloc's blocks) keeps the content; a smaller
 * size keeps a small block in place; NULL reallocs like malloc */
static void test_realloc(void)
{
	size_t n = 16;
	unsigned char *s = kgy_realloc(NULL, n);
	CHECK(s != NULL);
	for (size_t i = 0; i < n; i++)
		s[i] = (unsigned char)(i * 7);
	int kept = 1;
	while (n < ((size_t)256 << 10)) {
		unsigned char *t = kgy_realloc(s, n * 2);
		CHECK(t != NULL);
		if (!t)
			break;
		s = t;
		for (size_t i = 0; i < n; i++)
			kept &= s[i] == (unsigned char)(i * 7);
		for (size_t i = n; i < n * 2; i++)
			s[i] = (unsigned char)(i * 7);
		n *= 2;
	}
	CHECK(kept);
	/* a large block shrunk to a small size keeps its first bytes */
	s = kgy_realloc(s, 10);
	CHECK(s && s[9] == 63);
	kgy_free(s);
	char *q = kgy_malloc(100);
	CHECK(kgy_realloc(q, 50) == q);
	CHECK(kgy_realloc(q, 128) == q); /* the class holds 128 */
	memset(q, 'x', 128);
	char *r = kgy_realloc(q, 129);
	CHECK(r && r[127] == 'x');
	CHECK(kgy_realloc(r, SIZE_MAX) == NULL);
	kgy_free(r);
	/* 5. strdup */
	char *d = kgy_strdup("tag:yaml.org,2002:str");
	CHECK(d && strcmp(d, "tag:yaml.org,2002:str") == 0);
	kgy_free(d);
	d = kgy_strdup("");
	CHECK(d && d[0] == 0);
	kgy_free(d);
}

typedef struct job {
	void *blocks[1000];
	int take;   /* allocate the blocks and leave them */
	int give;   /* free the blocks */
} job;

static void *run_job(void *ud)
{
	job *j = ud;
	if (j->take)
		for (int i = 0; i < 1000; i++) {
			j->blocks[i] = kgy_malloc(32);
			memset(j->blocks[i], i & 0xff, 32);
		}
	if (j->give)
		for (int i = 0; i < 1000; i++)
			kgy_free(j->blocks[i]);
	return NULL;
}

static void run_thread(job *j)
{
	pthread_t t;
	CHECK(pthread_create(&t, NULL, run_job, j) == 0);
	pthread_join(t, NULL);
}

/* 6. threads that come and go: each takes and frees 1,000 blocks; the
 * blocks of an ended thread go back to the pool and the next thread takes
 * them, so 50 threads cut no more slabs than one */
static void test_threads(void)
{
	static job j;
	j.take = j.give = 1;
	run_thread(&j);
	size_t after_one = kgy_alloc_slabs();
	for (int i = 0; i < 50; i++)
		run_thread(&j);
	CHECK(kgy_alloc_slabs() == after_one);
	/* 7. blocks taken on a thread and freed on this one, then taken here:
	 * intact until freed, and reused afterwards */
	j.give = 0;
	run_thread(&j);
	int intact = 1;
	for (int i = 0; i < 1000; i++)
		intact &= ((unsigned char *)j.blocks[i])[31] == (unsigned char)(i & 0xff);
	CHECK(intact);
	for (int i = 0; i < 1000; i++)
		kgy_free(j.blocks[i]);
	size_t before = kgy_alloc_slabs();
	void *mine[1000];
	for (int i = 0; i < 1000; i++)
		mine[i] = kgy_malloc(32);
	CHECK(kgy_alloc_slabs() == before);
	for (int i = 0; i < 1000; i++)
		kgy_free(mine[i]);
}

int main(void)
{
	test_sizes();
	test_reuse();
	test_realloc();
	test_threads();
	return T_DONE();
}
