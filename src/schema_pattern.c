/* schema_pattern.c — a schema `pattern`: what kg allows, compiled and
 * matched by PCRE2 within limits on steps, depth and memory.
 *
 * PCRE2's match limit counts backtracking steps from one starting point;
 * an unanchored search restarts at every character, so a 1 MiB value would
 * get a million fresh budgets. kg therefore matches "(?s:.*?)(?:PAT)"
 * anchored: one start, every later start a counted step of the lazy
 * prefix. A step must not do unbounded uncounted work, so PCRE2's
 * auto-possessification is off (a repeat gives back its characters one
 * counted step at a time) and the constructs that scan or compare without
 * counting are refused here: possessive repeats ('a*+', also a stacked
 * repetition), atomic groups, back-references and verbs. The other checks
 * keep compiled patterns small (PCRE2 copies a group once per bounded
 * repeat) and refuse what means one thing in POSIX ERE, kg's syntax before
 * PCRE2, and another in PCRE2 ('\<', '{,n}', 'a+?'). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema_pattern.h"

/* ---------------------------------------------------------------- */
/* What kg allows: a scan before PCRE2 sees the pattern              */
/* ---------------------------------------------------------------- */

typedef struct pscan {
	const char *s;     /* the pattern */
	size_t i, len;
	const char *why;   /* the first reason it is refused, or NULL */
	int depth;
} pscan;

static double alt(pscan *p);

/* One character class from '[': skipped; its size is 1. The scan never
 * ends a class later than PCRE2 does (PCRE2 also honours '\]'), so nothing
 * PCRE2 reads as pattern is skipped: a '[:' runs to ':]' only when no ']'
 * comes first, as in PCRE2's check for POSIX class names. */
static void bracket(pscan *p)
{
	p->i++; /* '[' */
	if (p->i < p->len && p->s[p->i] == '^')
		p->i++;
	if (p->i < p->len && p->s[p->i] == ']')
		p->i++;
	while (p->i < p->len && p->s[p->i] != ']') {
		if (p->s[p->i] == '[' && p->i + 1 < p->len && strchr(":.=", p->s[p->i + 1])) {
			char term = p->s[p->i + 1];
			size_t j = p->i + 2;
			while (j + 1 < p->len && p->s[j] != ']' && !(p->s[j] == term && p->s[j + 1] == ']'))
				j++;
			if (j + 1 < p->len && p->s[j] == term) {
				p->i = j + 2;
				continue;
			}
		}
		p->i++;
	}
	if (p->i < p->len)
		p->i++; /* ']' */
}

/* A repetition's factor: how many copies of its atom PCRE2 may compile. */
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

/* One escape from '\'. Escapes with a braced argument ('\x{263A}',
 * '\p{Lu}') are skipped whole: PCRE2 refuses anything but a number or a
 * name inside the braces. */
static void escape(pscan *p)
{
	char c = p->i + 1 < p->len ? p->s[p->i + 1] : '\0';
	if ((c >= '1' && c <= '9') || c == 'g' || c == 'k')
		p->why = "a back-reference (its comparisons are not counted by the match limit)";
	else if (c == '<' || c == '>' || c == '`' || c == '\'')
		p->why = "a GNU regex escape ('\\<', '\\>', '\\`' or '\\''); "
			 "PCRE2 reads it as a plain character: use '\\b', '^' or '$'";
	else if (c == 'G')
		p->why = "'\\G' (kg searches the whole value)";
	p->i += c ? 2 : 1;
	if (strchr("xopPN", c) && c && p->i < p->len && p->s[p->i] == '{') {
		const char *end = memchr(p->s + p->i, '}', p->len - p->i);
		p->i = end ? (size_t)(end - p->s) + 1 : p->len;
	}
}

/* After "(?": the kinds of group kg allows. Returns 1 for a group whose
 * body follows, 0 for a flag setting such as "(?i)" (consumed whole). */
static int group_head(pscan *p)
{
	const char *h = p->s + p->i; /* at '?' */
	if (h[1] == ':' || h[1] == '=' || h[1] == '!') {
		p->i += 2;
		return 1;
	}
	if (h[1] == '<' && (h[2] == '=' || h[2] == '!')) {
		p->i += 3;
		return 1;
	}
	size_t n = strspn(h + 1, "imns-");
	if (n > 0 && (h[1 + n] == ')' || h[1 + n] == ':')) {
		p->i += 2 + n;
		return h[1 + n] == ':';
	}
	p->why = "a PCRE2 group kg does not allow (kg allows '(?:', lookarounds "
		 "'(?=', '(?!', '(?<=', '(?<!' and the flags i, m, n, s)";
	return 0;
}

/* A sequence of atoms, each with at most one repetition. */
static double seq(pscan *p)
{
	double total = 0;
	while (p->i < p->len && p->s[p->i] != '|' && p->s[p->i] != ')' && !p->why) {
		double atom = 1;
		char c = p->s[p->i];
		if (c == '(') {
			if (p->i + 1 < p->len && p->s[p->i + 1] == '*') {
				p->why = "a PCRE2 verb or option such as '(*COMMIT)' or '(*UCP)'";
				return total;
			}
			if (++p->depth > 32) {
				p->why = "groups nested deeper than 32";
				return total;
			}
			p->i++;
			if (p->i < p->len && p->s[p->i] == '?' && !group_head(p)) {
				p->depth--;
				if (p->why)
					return total;
				continue; /* "(?i)" */
			}
			atom = alt(p);
			if (p->i < p->len && p->s[p->i] == ')')
				p->i++;
			p->depth--;
		} else if (c == '[') {
			bracket(p);
		} else if (c == '\\') {
			escape(p);
			if (p->why)
				return total;
		} else if (c == '{' && p->i + 1 < p->len && p->s[p->i + 1] == ',') {
			p->why = "'{,n}' (PCRE2 10.42 reads it as plain characters): write '{0,n}'";
			return total;
		} else {
			p->i++;
		}
		if (is_repeat(p)) {
			atom *= repeat(p);
			if (is_repeat(p))
				p->why = "a repetition of a repetition (such as '++' or '*{2}'; "
					 "in PCRE2 'a*+' is possessive and 'a*?' lazy)";
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
			p.i++; /* an unmatched ')': PCRE2 judges it */
	}
	if (p.why)
		return p.why;
	if (size > KGSC_PATTERN_MAX_EXPANSION)
		return "repetitions that expand past 10,000 nodes";
	return NULL;
}

/* ---------------------------------------------------------------- */
/* Compiling and matching                                            */
/* ---------------------------------------------------------------- */

struct kgsc_pattern {
	pcre2_code *code;           /* "(?s:.*?)(?:PAT)", matched anchored */
	pcre2_match_context *mctx;  /* kg's match, depth and heap limits */
};

/* PCRE2 options that keep the meaning POSIX regexec gave kg's patterns:
 * '.' matches a newline, '$' only the very end; values and patterns are
 * UTF-8 (the loader checks), so '.' is one character. Groups capture
 * nothing (only a yes or no is wanted); '\C' could split a character. */
#define PAT_OPTIONS (PCRE2_UTF | PCRE2_DOTALL | PCRE2_DOLLAR_ENDONLY | PCRE2_NO_AUTO_CAPTURE | \
		     PCRE2_NO_AUTO_POSSESS | PCRE2_NEVER_BACKSLASH_C)
#define WRAP_HEAD "(?s:.*?)(?:"
#define WRAP_TAIL ")"

/* v with thousands separators, as the README writes limits. */
static const char *commas(unsigned long v, char *b, size_t n)
{
	char d[32];
	int len = snprintf(d, sizeof d, "%lu", v);
	size_t o = 0;
	for (int i = 0; i < len && o + 2 < n; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			b[o++] = ',';
		b[o++] = d[i];
	}
	b[o] = '\0';
	return b;
}

/* Compiles src with kg's compile context; NULL with PCRE2's error. */
static pcre2_code *compile(const char *src, uint32_t opts, int *err, PCRE2_SIZE *off)
{
	pcre2_compile_context *cc = pcre2_compile_context_create(NULL);
	if (!cc) {
		*err = PCRE2_ERROR_NOMEMORY;
		*off = 0;
		return NULL;
	}
	/* Backstops of the scan's own limits (the wrapper adds 12 bytes, 2 groups). */
	pcre2_set_max_pattern_length(cc, KGSC_PATTERN_MAX_LEN + sizeof WRAP_HEAD WRAP_TAIL);
	pcre2_set_parens_nest_limit(cc, 32 + 2);
	pcre2_code *code = pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED, opts, err, off, cc);
	pcre2_compile_context_free(cc);
	return code;
}

kgsc_pattern *kgsc_pattern_compile(const char *pat, char *msg, size_t msglen)
{
	const char *why = kgsc_pattern_unsafe(pat);
	if (why) {
		snprintf(msg, msglen, "pattern refused: %s", why);
		return NULL;
	}
	int err;
	PCRE2_SIZE off;
	PCRE2_UCHAR text[160];
	/* The pattern alone first, so that an error's offset is in its terms. */
	pcre2_code *alone = compile(pat, PAT_OPTIONS, &err, &off);
	if (!alone) {
		pcre2_get_error_message(err, text, sizeof text);
		snprintf(msg, msglen, "bad pattern '%s': %s at offset %zu", pat, (char *)text, (size_t)off);
		return NULL;
	}
	pcre2_code_free(alone);
	char wrapped[KGSC_PATTERN_MAX_LEN + sizeof WRAP_HEAD WRAP_TAIL];
	snprintf(wrapped, sizeof wrapped, WRAP_HEAD "%s" WRAP_TAIL, pat);
	kgsc_pattern *p = calloc(1, sizeof *p);
	if (!p) {
		snprintf(msg, msglen, "out of memory compiling pattern '%s'", pat);
		return NULL;
	}
	p->code = compile(wrapped, PAT_OPTIONS | PCRE2_ANCHORED, &err, &off);
	if (!p->code) {
		/* Only an open '\Q' gets here: it quotes the closing ')'. */
		pcre2_get_error_message(err, text, sizeof text);
		snprintf(msg, msglen, "pattern refused: '%s' does not end where it seems to "
			 "(an unclosed '\\Q'?): %s", pat, (char *)text);
		kgsc_pattern_free(&p);
		return NULL;
	}
	p->mctx = pcre2_match_context_create(NULL);
	if (!p->mctx) {
		snprintf(msg, msglen, "out of memory compiling pattern '%s'", pat);
		kgsc_pattern_free(&p);
		return NULL;
	}
	pcre2_set_match_limit(p->mctx, KGSC_PATTERN_MATCH_LIMIT);
	pcre2_set_depth_limit(p->mctx, KGSC_PATTERN_DEPTH_LIMIT);
	pcre2_set_heap_limit(p->mctx, KGSC_PATTERN_HEAP_KIB);
	return p;
}

void kgsc_pattern_free(kgsc_pattern **pp)
{
	if (!pp || !*pp)
		return;
	pcre2_code_free((*pp)->code);
	pcre2_match_context_free((*pp)->mctx);
	free(*pp);
	*pp = NULL;
}

kgsc_match kgsc_pattern_match(const kgsc_pattern *p, const char *s, size_t len,
			      char *msg, size_t msglen)
{
	char n[32];
	/* A match data of its own per call: patterns are matched from several
	 * threads. PCRE2 keeps its backtracking frames in it (heap limit). */
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
	if (!md) {
		snprintf(msg, msglen, "the memory available (out of memory)");
		return KGSC_MATCH_FAILED;
	}
	int rc = pcre2_match(p->code, (PCRE2_SPTR)s, len, 0, 0, md, p->mctx);
	pcre2_match_data_free(md);
	if (rc >= 0)
		return KGSC_MATCH;
	switch (rc) {
	case PCRE2_ERROR_NOMATCH:
		return KGSC_NO_MATCH;
	case PCRE2_ERROR_MATCHLIMIT:
		snprintf(msg, msglen, "kg's match limit (%s steps)",
			 commas(KGSC_PATTERN_MATCH_LIMIT, n, sizeof n));
		break;
	case PCRE2_ERROR_DEPTHLIMIT:
		snprintf(msg, msglen, "kg's depth limit (%s nested backtracking points)",
			 commas(KGSC_PATTERN_DEPTH_LIMIT, n, sizeof n));
		break;
	case PCRE2_ERROR_HEAPLIMIT:
		snprintf(msg, msglen, "kg's memory limit for matching (%d MiB)",
			 KGSC_PATTERN_HEAP_KIB / 1024);
		break;
	default: {
		PCRE2_UCHAR text[160];
		pcre2_get_error_message(rc, text, sizeof text);
		snprintf(msg, msglen, "PCRE2's limits (%s)", (char *)text);
	}
	}
	return KGSC_MATCH_FAILED;
}
