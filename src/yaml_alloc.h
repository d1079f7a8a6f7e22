/* yaml_alloc.h — the allocator libyaml's malloc, realloc, free and strdup
 * are renamed to in the plain build (see yaml_alloc.c and the Makefile).
 * Same contracts as the C library's; a block is freed by kgy_free only. */
#ifndef KG_YAML_ALLOC_H
#define KG_YAML_ALLOC_H

#include <stddef.h>

void *kgy_malloc(size_t n);
void *kgy_realloc(void *p, size_t n);
void kgy_free(void *p);
char *kgy_strdup(const char *s);

/* Slabs of small blocks cut so far (for the tests). */
size_t kgy_alloc_slabs(void);

#endif
