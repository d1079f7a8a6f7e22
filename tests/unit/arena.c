/* arena.c — unit tests of the arena allocator and string interning. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "t.h"

static void test_alloc(void)
{
	kga_arena a;
	kga_arena_init(&a);
	/* 1. 8-byte alignment of every block handed out */
	for (size_t i = 1; i < 200; i++) {
		void *p = kga_alloc(&a, i);
		CHECK(p != NULL);
		CHECK(((uintptr_t)p % 8) == 0);
		memset(p, 0xab, i);
	}
	/* 2. a block larger than the default block size */
	char *big = kga_alloc(&a, (size_t)1 << 20);
	CHECK(big != NULL);
	memset(big, 1, (size_t)1 << 20);
	/* 3. small allocations still work after a big one */
	CHECK(kga_alloc(&a, 8) != NULL);
	/* 4. calloc zeroes and refuses overflow */
	int *z = kga_calloc(&a, 100, sizeof *z);
	CHECK(z && z[0] == 0 && z[99] == 0);
	CHECK(kga_calloc(&a, SIZE_MAX / 2, 4) == NULL);
	/* 5. strndup copies and terminates */
	char *s = kga_strndup(&a, "hello world", 5);
	CHECK(s && strcmp(s, "hello") == 0);
	CHECK(a.total > ((size_t)1 << 20));
	kga_arena_free(&a);
	CHECK(a.head == NULL && a.total == 0);
	kga_arena_free(&a); /* twice is harmless */
}

static void test_intern(void)
{
	kga_arena a;
	kga_strtab t;
	kga_arena_init(&a);
	CHECK(kga_intern_init(&t, &a) == 0);
	const char *x = kga_intern(&t, "country");
	const char *y = kga_intern_n(&t, "country-code", 7);
	/* 1. equal strings share one copy */
	CHECK(x == y);
	CHECK(strcmp(x, "country") == 0);
	/* 2. a prefix is a different string */
	const char *z = kga_intern(&t, "count");
	CHECK(z != x && strcmp(z, "count") == 0);
	/* 3. lookup never adds */
	CHECK(kga_intern_lookup(&t, "country", 7) == x);
	CHECK(kga_intern_lookup(&t, "absent", 6) == NULL);
	size_t before = t.count;
	/* 4. growth keeps every string findable */
	char buf[32];
	const char *first = NULL;
	for (int i = 0; i < 50000; i++) {
		snprintf(buf, sizeof buf, "id-%d", i);
		const char *p = kga_intern(&t, buf);
		if (i == 0)
			first = p;
		CHECK(p != NULL);
	}
	CHECK(t.count == before + 50000);
	CHECK(kga_intern(&t, "id-0") == first);
	CHECK(kga_intern_lookup(&t, "id-49999", 8) != NULL);
	/* 5. the empty string interns too */
	CHECK(kga_intern(&t, "") == kga_intern_n(&t, "x", 0));
	/* 6. byte count of distinct strings */
	CHECK(t.bytes > 50000 * 5);
	/* 7. NULs inside strings: compared as bytes, a prefix is still another string */
	const char *n1 = kga_intern_n(&t, "a\0b", 3), *n2 = kga_intern_n(&t, "a\0b", 3);
	CHECK(n1 && n1 == n2 && memcmp(n1, "a\0b", 4) == 0);
	CHECK(kga_intern_n(&t, "a", 1) != n1 && kga_intern_n(&t, "a\0", 2) != n1);
	CHECK(kga_intern_n(&t, "a\0", 2) == kga_intern_n(&t, "a\0", 2));
	/* 8. a string longer than a block of strings gets one of its own, and
	 * the strings after it go on */
	size_t big = ((size_t)16 << 20) + 100;
	char *bs = malloc(big);
	CHECK(bs != NULL);
	if (bs) {
		memset(bs, 'q', big);
		const char *b1 = kga_intern_n(&t, bs, big);
		CHECK(b1 && b1[0] == 'q' && b1[big - 1] == 'q' && b1[big] == '\0');
		CHECK(kga_intern_n(&t, bs, big) == b1);
		CHECK(kga_intern_n(&t, bs, big - 1) != b1);
		kga_set_tag(b1, 77);
		CHECK(kga_tag(b1) == 77);
		free(bs);
	}
	/* 9. strings of one hash (forced: every compare runs) that differ in
	 * one byte, at every place of every length to 24, are told apart,
	 * and each is found again from an unaligned copy */
	const char *forced[25][25];
	char src[40], copy[41];
	for (size_t len = 0; len <= 24; len++) {
		for (size_t i = 0; i < len; i++)
			src[i] = (char)('a' + i);
		forced[len][len] = kga_intern_h(&t, src, len, 7);
		for (size_t pos = 0; pos < len; pos++) {
			src[pos] = 'Z';
			forced[len][pos] = kga_intern_h(&t, src, len, 7);
			src[pos] = (char)('a' + pos);
			CHECK(forced[len][pos] && forced[len][pos] != forced[len][len]);
		}
	}
	for (size_t len = 0; len <= 24; len++) {
		for (size_t pos = 0; pos <= len; pos++) {
			for (size_t i = 0; i < len; i++)
				copy[1 + i] = (char)(i == pos ? 'Z' : 'a' + i);
			CHECK(kga_intern_h(&t, copy + 1, len, 7) == forced[len][pos]);
			CHECK(forced[len][pos] && memcmp(forced[len][pos], copy + 1, len) == 0 &&
			      forced[len][pos][len] == '\0');
		}
	}
	const char *after = kga_intern(&t, "after-the-big-one");
	CHECK(after && strcmp(after, "after-the-big-one") == 0 && kga_tag(after) == 0);
	CHECK(kga_intern(&t, "id-12345") != NULL && kga_intern_lookup(&t, "id-12345", 8) != NULL);
	kga_intern_free(&t);
	kga_arena_free(&a);
}

int main(void)
{
	test_alloc();
	test_intern();
	return T_DONE();
}
