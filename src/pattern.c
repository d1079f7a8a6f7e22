/* pattern.c — what a schema `pattern` may be before regcomp sees it.
 * glibc's regcomp expands repetitions into a tree, so stacked repetitions
 * ('a++++') and large nested bounds ('((a{100}){100}){100}') take memory
 * without bound: fuzz_schema found a 100-byte pattern that took 2.5 GB.
 * Patterns are kept to a size whose expansion is estimated here, and
 * back-references, which regexec may match in exponential time, are out. */
#include <stdlib.h>
#include <string.h>

#include "schema.h"

typedef struct pscan {
	const char *s;     /* the pattern */
	size_t i, len;
	const char *why;   /* the first reason it is refused, or NULL */
	int depth;
} pscan;

static double alt(pscan *p);

/* One bracket expression from '[': skipped; its size is 1. */
static void bracket(pscan *p)
{
	p->i++; /* '[' */
	if (p->i < p->len && p->s[p->i] == '^')
		p->i++;
	if (p->i < p->len && p->s[p->i] == ']')
		p->i++;
	while (p->i < p->len && p->s[p->i] != ']') {
		if (p->s[p->i] == '[' && p->i + 1 < p->len && strchr(":.=", p->s[p->i + 1])) {
			const char *end = strstr(p->s + p->i + 2, p->s[p->i + 1] == ':' ? ":]" :
							 p->s[p->i + 1] == '.' ? ".]" : "=]");
			p->i = end ? (size_t)(end - p->s) + 2 : p->len;
			continue;
		}
		p->i++;
	}
	if (p->i < p->len)
		p->i++; /* ']' */
}

/* A repetition's factor: how many copies of its atom regcomp may build. */
static double repeat(pscan *p)
{
	char c = p->s[p->i];
	if (c == '*' || c == '?') {
		p->i++;
		return 1;
	}
	if (c == '+') {
		p->i++;
		return 2;
	}
	/* '{m}', '{m,}' or '{m,n}' */
	char *end;
	p->i++;
	long m = strtol(p->s + p->i, &end, 10), n = m;
	p->i = (size_t)(end - p->s);
	if (p->i < p->len && p->s[p->i] == ',') {
		p->i++;
		n = m + 1;
		if (p->i < p->len && p->s[p->i] >= '0' && p->s[p->i] <= '9') {
			n = strtol(p->s + p->i, &end, 10);
			p->i = (size_t)(end - p->s);
		}
	}
	if (p->i < p->len && p->s[p->i] == '}')
		p->i++;
	if (m > KGSC_PATTERN_MAX_REPEAT || n > KGSC_PATTERN_MAX_REPEAT)
		p->why = "a repetition bound over 100";
	return (double)(m > n ? m : n) + 1;
}

static int is_repeat(const pscan *p)
{
	if (p->i >= p->len)
		return 0;
	char c = p->s[p->i];
	return c == '*' || c == '+' || c == '?' ||
	       (c == '{' && p->i + 1 < p->len && p->s[p->i + 1] >= '0' && p->s[p->i + 1] <= '9');
}

/* A sequence of atoms, each with at most one repetition. */
static double seq(pscan *p)
{
	double total = 0;
	while (p->i < p->len && p->s[p->i] != '|' && p->s[p->i] != ')' && !p->why) {
		double atom = 1;
		char c = p->s[p->i];
		if (c == '(') {
			if (++p->depth > 32) {
				p->why = "groups nested deeper than 32";
				return total;
			}
			p->i++;
			atom = alt(p);
			if (p->i < p->len && p->s[p->i] == ')')
				p->i++;
			p->depth--;
		} else if (c == '[') {
			bracket(p);
		} else if (c == '\\') {
			if (p->i + 1 < p->len && p->s[p->i + 1] >= '1' && p->s[p->i + 1] <= '9') {
				p->why = "a back-reference (matching one can take exponential time)";
				return total;
			}
			p->i += p->i + 1 < p->len ? 2 : 1;
		} else {
			p->i++;
		}
		if (is_repeat(p)) {
			atom *= repeat(p);
			if (is_repeat(p))
				p->why = "a repetition of a repetition (such as '++' or '*{2}')";
		}
		total += atom;
	}
	return total;
}

static double alt(pscan *p)
{
	double total = seq(p);
	while (p->i < p->len && p->s[p->i] == '|' && !p->why) {
		p->i++;
		total += seq(p);
	}
	return total;
}

const char *kgsc_pattern_unsafe(const char *pat)
{
	pscan p = {pat, 0, strlen(pat), NULL, 0};
	if (p.len > KGSC_PATTERN_MAX_LEN)
		return "longer than 256 bytes";
	double size = 0;
	while (p.i < p.len && !p.why) {
		size += alt(&p);
		if (p.i < p.len && p.s[p.i] == ')')
			p.i++; /* an unmatched ')': regcomp judges it */
	}
	if (p.why)
		return p.why;
	if (size > KGSC_PATTERN_MAX_EXPANSION)
		return "repetitions that expand past 10,000 nodes";
	return NULL;
}
