/* yaml_node.c — reading YAML nodes: key lookup, quoting for messages, and
 * resolution of scalars by the YAML 1.2 core schema. */
#include "yaml_tree.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


const char *kgy_intern(kga_strtab *t, const kgy_node *n)
{
	const char *s = n->u.scalar.s;
	size_t len = n->u.scalar.len;
	return n->hash ? kga_intern_h(t, s, len, n->hash) : kga_intern_n(t, s, len);
}

void kgy_prefetch(const kga_strtab *t, const kgy_batch *b, size_t i, size_t n, int depth)
{
	if (i >= b->n)
		return;
	if (n > b->n - i)
		n = b->n - i;
	size_t from = i ? b->entries[i - 1].hend : 0, to = b->entries[i + n - 1].hend;
	for (size_t k = from; k < to; k++)
		kga_intern_prefetch(t, b->hashes[k], depth);
}

const kgy_node *kgy_map_get(const kgy_node *map, const char *key)
{
	if (!map || map->kind != KGY_MAP)
		return NULL;
	size_t len = strlen(key);
	for (size_t i = 0; i < map->u.map.n; i++) {
		const kgy_node *k = map->u.map.pairs[i].key;
		if (k->u.scalar.len == len && memcmp(k->u.scalar.s, key, len) == 0)
			return map->u.map.pairs[i].value;
	}
	return NULL;
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t k = s[0] >= 0xC2 && s[0] <= 0xDF ? 2 : s[0] >= 0xE0 && s[0] <= 0xEF ? 3
		 : s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : 0;
	if (k > n)
		return 0;
	for (size_t i = 1; i < k; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	return k;
}

/* The escaped form of the character at u[i] into e (at least 8 bytes);
 * returns its length and sets *adv to the bytes it covers. */
static size_t escape_at(const unsigned char *u, size_t len, size_t i, char *e, size_t *adv)
{
	unsigned c = u[i];
	*adv = 1;
	if (c == '\\' || c == '\'') {
		e[0] = '\\', e[1] = (char)c;
		return 2;
	}
	if (c == '\n' || c == '\t' || c == '\r') {
		e[0] = '\\', e[1] = c == '\n' ? 'n' : c == '\t' ? 't' : 'r';
		return 2;
	}
	if (c >= 0x80 && (*adv = utf8_len(u + i, len - i)) != 0) {
		memcpy(e, u + i, *adv);
		return *adv;
	}
	*adv = 1;
	if (c < 0x20 || c >= 0x7F)
		return (size_t)snprintf(e, 8, "\\x%02x", c);
	e[0] = (char)c;
	return 1;
}

const char *kgy_quote(const char *s, size_t len, char *buf, size_t bufsz)
{
	if (bufsz < 8) {
		if (bufsz)
			buf[0] = '\0';
		return buf;
	}
	const unsigned char *u = (const unsigned char *)s;
	char e[8];
	size_t adv, full = 3; /* two quotes and the NUL */
	for (size_t i = 0; i < len && full <= bufsz; i += adv)
		full += escape_at(u, len, i, e, &adv);
	/* Cut text leaves room for "...", the closing quote and the NUL. */
	size_t room = full <= bufsz ? bufsz - 2 : bufsz - 5, o = 0;
	buf[o++] = '\'';
	for (size_t i = 0; i < len; i += adv) {
		size_t el = escape_at(u, len, i, e, &adv);
		if (o + el > room) {
			memcpy(buf + o, "...", 3);
			o += 3;
			break;
		}
		memcpy(buf + o, e, el);
		o += el;
	}
	buf[o++] = '\'';
	buf[o] = '\0';
	return buf;
}

/* Whether n's text is read as a value of core tag t: plain untagged
 * scalars by their text, tagged ones only with their own tag. */
static bool resolves(const kgy_node *n, kgy_tag t, kgy_tag t2)
{
	if (!n || n->kind != KGY_SCALAR)
		return false;
	if (n->tag)
		return n->tag == t || (t2 && n->tag == t2);
	return n->style == KGY_PLAIN;
}

static bool text_is(const kgy_node *n, const char *const *words)
{
	/* most scalars differ in their first byte from every word */
	for (; *words; words++)
		if (n->u.scalar.s[0] == (*words)[0] && strcmp(n->u.scalar.s, *words) == 0)
			return true;
	return false;
}

bool kgy_is_null(const kgy_node *n)
{
	/* "", "~", "null", "Null", "NULL": scalars hold no NUL (on_scalar) */
	if (!resolves(n, KGY_TAG_NULL, KGY_TAG_NONE))
		return false;
	const char *s = n->u.scalar.s;
	switch (n->u.scalar.len) {
	case 0:
		return true;
	case 1:
		return s[0] == '~';
	case 4:
		return memcmp(s, "null", 4) == 0 || memcmp(s, "Null", 4) == 0 ||
		       memcmp(s, "NULL", 4) == 0;
	default:
		return false;
	}
}

bool kgy_as_bool(const kgy_node *n, bool *out)
{
	static const char *const t[] = {"true", "True", "TRUE", NULL};
	static const char *const f[] = {"false", "False", "FALSE", NULL};
	if (!resolves(n, KGY_TAG_BOOL, KGY_TAG_NONE))
		return false;
	if (text_is(n, t))
		return *out = true, true;
	if (text_is(n, f))
		return *out = false, true;
	return false;
}

static int digit(char c, int base)
{
	int d = c >= '0' && c <= '9' ? c - '0'
	      : c >= 'a' && c <= 'f' ? c - 'a' + 10
	      : c >= 'A' && c <= 'F' ? c - 'A' + 10 : 99;
	return d < base ? d : -1;
}

/* YAML 1.2 core integers: [-+]?[0-9]+, 0o[0-7]+, 0x[0-9a-fA-F]+. */
static bool parse_int(const char *s, size_t len, int64_t *out)
{
	size_t i = 0;
	int base = 10;
	bool neg = false;
	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o')) {
		base = s[1] == 'x' ? 16 : 8;
		i = 2;
	} else if (len && (s[0] == '-' || s[0] == '+')) {
		neg = s[0] == '-';
		i = 1;
	}
	if (i == len)
		return false;
	uint64_t v = 0, max = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; i < len; i++) {
		int d = digit(s[i], base);
		if (d < 0 || v > (max - (uint64_t)d) / (uint64_t)base)
			return false;
		v = v * (uint64_t)base + (uint64_t)d;
	}
	*out = neg ? (v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v) : (int64_t)v;
	return true;
}

bool kgy_as_int(const kgy_node *n, int64_t *out)
{
	return resolves(n, KGY_TAG_INT, KGY_TAG_NONE) && parse_int(n->u.scalar.s, n->u.scalar.len, out);
}

/* [-+]? ( \.[0-9]+ | [0-9]+ ( \.[0-9]* )? ) ( [eE][-+]?[0-9]+ )? */
static bool float_syntax(const char *s)
{
	size_t i = 0, d = 0;
	if (s[i] == '-' || s[i] == '+')
		i++;
	while (s[i] >= '0' && s[i] <= '9')
		i++, d++;
	if (s[i] == '.') {
		i++;
		while (s[i] >= '0' && s[i] <= '9')
			i++, d++;
	}
	if (!d)
		return false;
	if (s[i] == 'e' || s[i] == 'E') {
		i++;
		if (s[i] == '-' || s[i] == '+')
			i++;
		if (!(s[i] >= '0' && s[i] <= '9'))
			return false;
		while (s[i] >= '0' && s[i] <= '9')
			i++;
	}
	return s[i] == '\0';
}

bool kgy_as_number(const kgy_node *n, double *out)
{
	static const char *const inf[] = {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", NULL};
	static const char *const ninf[] = {"-.inf", "-.Inf", "-.INF", NULL};
	static const char *const nan_[] = {".nan", ".NaN", ".NAN", NULL};
	if (!resolves(n, KGY_TAG_FLOAT, KGY_TAG_INT))
		return false;
	const char *s = n->u.scalar.s;
	int64_t i;
	if (parse_int(s, n->u.scalar.len, &i))
		return *out = (double)i, true;
	if (text_is(n, inf))
		return *out = HUGE_VAL, true;
	if (text_is(n, ninf))
		return *out = -HUGE_VAL, true;
	if (text_is(n, nan_))
		return *out = NAN, true;
	if (!float_syntax(s))
		return false;
	errno = 0;
	double d = strtod(s, NULL);
	if (errno == ERANGE && isinf(d))
		return false;
	*out = d;
	return true;
}

const char *kgy_describe(const kgy_node *n)
{
	int64_t i;
	double d;
	bool b;
	if (!n)
		return "nothing";
	if (n->kind == KGY_MAP)
		return "a mapping";
	if (n->kind == KGY_SEQ)
		return "a sequence";
	if (kgy_is_null(n))
		return "null";
	if (kgy_as_bool(n, &b))
		return "a boolean";
	if (kgy_as_int(n, &i))
		return "an integer";
	if (kgy_as_number(n, &d))
		return "a number";
	return "a string";
}
