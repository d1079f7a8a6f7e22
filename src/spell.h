/* spell.h — "did you mean": the nearest of some names to a misspelt one
 * (spell.c). Depends on the C library alone, so that every layer that
 * names things (drawing attributes, patterns) suggests them the same way. */
#ifndef KG_SPELL_H
#define KG_SPELL_H

/* Edit distance between a and b with transpositions, ignoring ASCII case;
 * it stops counting past 3 (only near misses matter) and gives 99 for
 * names over 31 bytes. */
int kgsp_distance(const char *a, const char *b);

/* A running search for the name nearest to `s`, near enough to be a slip:
 * one edit in a name of at most 4 bytes, two in a longer one. Start with
 * kgsp_near_init, offer each candidate to kgsp_near_try; `word` is then the
 * best (the first of equals), or NULL when none was near. Borrowed
 * pointers only: no allocation. */
typedef struct kgsp_near {
	const char *s;    /* the misspelt name */
	const char *word; /* the best candidate so far, or NULL */
	int bound;        /* a candidate must be nearer than this */
} kgsp_near;

void kgsp_near_init(kgsp_near *n, const char *s);
void kgsp_near_try(kgsp_near *n, const char *candidate);

#endif
