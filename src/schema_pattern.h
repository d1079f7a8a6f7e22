/* schema_pattern.h — a schema `pattern`: checked, compiled and matched by
 * PCRE2 within kg's limits on steps, depth and memory (schema_pattern.c).
 *
 * A kgsc_pattern is immutable once compiled and may be matched from any
 * number of threads at once; kgsc_pattern_free(NULL) does nothing.
 */
#ifndef KG_SCHEMA_PATTERN_H
#define KG_SCHEMA_PATTERN_H

#include <stddef.h>

/* Compile-time limits (the README's limits table). */
#define KGSC_PATTERN_MAX_LEN 256
#define KGSC_PATTERN_MAX_REPEAT 100
#define KGSC_PATTERN_MAX_EXPANSION 10000
/* Match-time limits, for one value: backtracking steps, nested
 * backtracking points, and PCRE2's backtracking memory in KiB. */
#define KGSC_PATTERN_MATCH_LIMIT 1000000
#define KGSC_PATTERN_DEPTH_LIMIT 100000
#define KGSC_PATTERN_HEAP_KIB 4096

typedef struct kgsc_pattern kgsc_pattern;

/* Why pat is refused before PCRE2 sees it, or NULL. */
const char *kgsc_pattern_unsafe(const char *pat);

/* Compiles pat. NULL when refused, bad or out of memory: then msg (msglen
 * bytes) says why, as "pattern refused: ..." or "bad pattern '...': ...". */
kgsc_pattern *kgsc_pattern_compile(const char *pat, char *msg, size_t msglen);
void kgsc_pattern_free(kgsc_pattern **p);

typedef enum kgsc_match {
	KGSC_NO_MATCH,
	KGSC_MATCH,
	KGSC_MATCH_FAILED   /* a limit was hit or memory ran out: see msg */
} kgsc_match;

/* Whether s (len bytes of valid UTF-8) contains a match of p anywhere,
 * as POSIX regexec answered before. On KGSC_MATCH_FAILED, msg names the
 * limit, e.g. "kg's match limit (1,000,000 steps)". */
kgsc_match kgsc_pattern_match(const kgsc_pattern *p, const char *s, size_t len,
			      char *msg, size_t msglen);

#endif
