/* schema_style.c — the allow list of drawing attributes a style may set, with
 * the form and range of each value (see schema_style.h for why; the table is
 * documented in doc/drawing-attributes.md: keep the two in step). */
#include "schema_style.h"
#include "kg.h"
#include "spell.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* No value needs more; URLs get more room. */
#define VALUE_MAX 256
#define URL_MAX 2048
/* Colours joined by ':' (striped, wedged, gradients, parallel edges). */
#define COLORS_MAX 16

enum kind {
	K_INT,    /* a whole number in [min, max] */
	K_NUM,    /* a decimal number in [min, max] (no exponent, no inf or nan) */
	K_BOOL,   /* true, false, yes, no */
	K_WORD,   /* one word of `words` */
	K_WORDS,  /* words of `words` joined by commas (style) */
	K_COLOR,  /* a colour or a list of them */
	K_ARROW,  /* an arrow shape */
	K_FONT,   /* a font name without path characters */
	K_URL,    /* http:, https: or a # anchor */
};

typedef struct attr {
	const char *name;
	unsigned on;               /* KGSS_ON_NODE and/or KGSS_ON_EDGE */
	enum kind kind;
	double min, max;           /* K_INT, K_NUM */
	const char *const *words;  /* K_WORD, K_WORDS */
} attr;

/* Graphviz's node shapes, less `custom` and `epsf`, which read files. */
static const char *const shapes[] = {
	"box", "polygon", "ellipse", "oval", "circle", "point", "egg", "triangle",
	"plaintext", "plain", "diamond", "trapezium", "parallelogram", "house",
	"pentagon", "hexagon", "septagon", "octagon", "doublecircle", "doubleoctagon",
	"tripleoctagon", "invtriangle", "invtrapezium", "invhouse", "Mdiamond", "Msquare",
	"Mcircle", "rect", "rectangle", "square", "star", "none", "underline", "cylinder",
	"note", "tab", "folder", "box3d", "component", "promoter", "cds", "terminator",
	"utr", "primersite", "restrictionsite", "fivepoverhang", "threepoverhang",
	"noverhang", "assembly", "signature", "insulator", "ribosite", "rnastab",
	"proteasesite", "proteinstab", "rpromoter", "rarrow", "larrow", "lpromoter",
	"record", "Mrecord", NULL,
};
/* Style words; setlinewidth(N) is left out (penwidth says it). */
static const char *const node_styles[] = {
	"filled", "rounded", "dashed", "dotted", "solid", "bold", "invis", "invisible",
	"diagonals", "striped", "wedged", "radial", NULL,
};
static const char *const edge_styles[] = {
	"solid", "dashed", "dotted", "bold", "invis", "tapered", NULL,
};
static const char *const dirs[] = {"forward", "back", "both", "none", NULL};
static const char *const fixedsizes[] = {"true", "false", "shape", NULL};
static const char *const labellocs[] = {"t", "c", "b", NULL};
/* Arrow shapes, each after an optional 'o' (open) and 'l' or 'r' (half). */
static const char *const arrows[] = {
	"normal", "inv", "dot", "none", "tee", "box", "diamond", "crow", "curve", "icurve",
	"vee", NULL,
};
/* Older whole-value arrow names Graphviz still reads. */
static const char *const old_arrows[] = {
	"ediamond", "open", "halfopen", "empty", "invempty", "invdot", "invodot", NULL,
};

#define NODE KGSS_ON_NODE
#define EDGE KGSS_ON_EDGE
#define BOTH (KGSS_ON_NODE | KGSS_ON_EDGE)

/* Looked up by scan. Ranges: see doc/drawing-attributes.md for the measure
 * behind each. dot 2.43 corrupts its heap (frees memory twice) when edges
 * with labels end up within one rank, so nothing here may make an edge
 * flat: minlen starts at 1 and `constraint` is left out (both found by
 * drawing random allowed styles). Graph and cluster attributes are left
 * out too: styles style nodes and edges only. */
static const attr table[] = {
	{"color", BOTH, K_COLOR, 0, 0, NULL},
	{"fillcolor", NODE, K_COLOR, 0, 0, NULL},
	{"fontcolor", BOTH, K_COLOR, 0, 0, NULL},
	{"fontname", BOTH, K_FONT, 0, 0, NULL},
	{"fontsize", BOTH, K_NUM, 1, 72, NULL},
	{"penwidth", BOTH, K_NUM, 0, 20, NULL},
	{"style", NODE, K_WORDS, 0, 0, node_styles},
	{"style", EDGE, K_WORDS, 0, 0, edge_styles},
	{"URL", BOTH, K_URL, 0, 0, NULL},
	{"href", BOTH, K_URL, 0, 0, NULL},
	/* nodes */
	{"shape", NODE, K_WORD, 0, 0, shapes},
	{"peripheries", NODE, K_INT, 0, 4, NULL},
	{"sides", NODE, K_INT, 3, 32, NULL},
	{"regular", NODE, K_BOOL, 0, 0, NULL},
	{"orientation", NODE, K_NUM, 0, 360, NULL},
	{"width", NODE, K_NUM, 0, 10, NULL},
	{"height", NODE, K_NUM, 0, 10, NULL},
	{"fixedsize", NODE, K_WORD, 0, 0, fixedsizes},
	{"labelloc", NODE, K_WORD, 0, 0, labellocs},
	/* edges */
	{"arrowhead", EDGE, K_ARROW, 0, 0, NULL},
	{"arrowtail", EDGE, K_ARROW, 0, 0, NULL},
	{"arrowsize", EDGE, K_NUM, 0, 5, NULL},
	{"dir", EDGE, K_WORD, 0, 0, dirs},
	{"minlen", EDGE, K_INT, 1, 10, NULL},
	{"weight", EDGE, K_INT, 0, 1000, NULL},
	{"decorate", EDGE, K_BOOL, 0, 0, NULL},
	{"labelfloat", EDGE, K_BOOL, 0, 0, NULL},
};
#define NATTR (sizeof table / sizeof table[0])

/* Refused with their own reason rather than as unknown. */
static const char *const file_keys[] = {"image", "imagepath", "shapefile", "fontpath", NULL};
static const char *const kg_keys[] = {"label", "xlabel", "tooltip", NULL};

/* ================================================================ */
/* Messages                                                          */
/* ================================================================ */

static int say(char *why, size_t whysz, int verdict, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int say(char *why, size_t whysz, int verdict, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, whysz, fmt, ap);
	va_end(ap);
	return verdict;
}

/* s quoted for a message: at most 40 bytes, "..." when cut. */
static const char *quote(const char *s, char *buf, size_t bufsz)
{
	return kg_quoted(s, strlen(s), '\'', 40, buf, bufsz);
}

/* The nearest of the candidates to s, if near enough to be a slip. */
static const char *nearest(const char *s, const char *const *words)
{
	kgsp_near n;
	kgsp_near_init(&n, s);
	for (size_t i = 0; words[i]; i++)
		kgsp_near_try(&n, words[i]);
	return n.word;
}

static const char *nearest_attr(const char *s, unsigned on)
{
	const char *names[NATTR + 1];
	size_t n = 0;
	for (size_t i = 0; i < NATTR; i++)
		if (table[i].on & on)
			names[n++] = table[i].name;
	names[n] = NULL;
	return nearest(s, names);
}

static const char *what(unsigned on)
{
	return on == KGSS_ON_NODE ? "entity types" : "relation types";
}

/* "shape, style, ...": the names allowed for `on`, for a message. */
static void list_names(char *buf, size_t bufsz, unsigned on)
{
	size_t n = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < NATTR && n < bufsz; i++) {
		if (!(table[i].on & on))
			continue;
		bool dup = false;
		for (size_t j = 0; j < i && !dup; j++)
			dup = (table[j].on & on) && strcmp(table[j].name, table[i].name) == 0;
		if (!dup)
			n += (size_t)snprintf(buf + n, bufsz - n, "%s%s", n ? ", " : "",
					      table[i].name);
	}
}

static void list_words(char *buf, size_t bufsz, const char *const *words)
{
	size_t n = 0;
	buf[0] = '\0';
	for (size_t i = 0; words[i] && n < bufsz; i++)
		n += (size_t)snprintf(buf + n, bufsz - n, "%s%s", i ? ", " : "", words[i]);
}

/* ================================================================ */
/* Value forms                                                       */
/* ================================================================ */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool in_words(const char *s, size_t n, const char *const *words)
{
	for (size_t i = 0; words[i]; i++)
		if (strlen(words[i]) == n && strncmp(words[i], s, n) == 0)
			return true;
	return false;
}

/* A plain decimal number of s[0..n): [+-]digits[.digits], or [+-].digits;
 * with `whole`, digits only after the sign. Sets *x. */
static bool number(const char *s, size_t n, bool whole, double *x)
{
	size_t i = 0, digits = 0;
	char buf[40];
	if (n == 0 || n >= sizeof buf)
		return false;
	if (s[i] == '+' || s[i] == '-')
		i++;
	while (i < n && is_digit(s[i]))
		i++, digits++;
	if (!whole && i < n && s[i] == '.') {
		i++;
		while (i < n && is_digit(s[i]))
			i++, digits++;
	}
	if (i != n || digits == 0)
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	*x = strtod(buf, NULL);
	return true;
}

/* One colour of a list: a name, #rrggbb or #rrggbbaa, or "H,S,V" / "H S V"
 * with each part in [0, 1]; then optionally ";F", F in [0, 1]. */
static bool one_color(const char *s, size_t n)
{
	const char *semi = memchr(s, ';', n);
	double x;
	if (semi) {
		size_t fn = n - (size_t)(semi - s) - 1;
		if (!number(semi + 1, fn, false, &x) || x < 0 || x > 1)
			return false;
		n = (size_t)(semi - s);
	}
	if (n == 0)
		return false;
	if (s[0] == '#') {
		if (n != 7 && n != 9)
			return false;
		for (size_t i = 1; i < n; i++)
			if (!strchr("0123456789abcdefABCDEF", s[i]))
				return false;
		return true;
	}
	if (is_alpha(s[0])) {
		if (n > 40)
			return false;
		for (size_t i = 0; i < n; i++)
			if (!is_alpha(s[i]) && !is_digit(s[i]))
				return false;
		return true;
	}
	/* HSV: three numbers split by a comma or spaces */
	size_t i = 0;
	for (int part = 0; part < 3; part++) {
		if (part > 0) {
			size_t seps = 0;
			while (i < n && (s[i] == ',' || s[i] == ' '))
				i++, seps++;
			if (seps == 0)
				return false;
		}
		size_t start = i;
		while (i < n && s[i] != ',' && s[i] != ' ')
			i++;
		if (!number(s + start, i - start, false, &x) || x < 0 || x > 1)
			return false;
	}
	return i == n;
}

static bool color_list(const char *s)
{
	size_t count = 0;
	for (const char *p = s;; p++) {
		const char *colon = strchr(p, ':');
		size_t n = colon ? (size_t)(colon - p) : strlen(p);
		if (++count > COLORS_MAX || !one_color(p, n))
			return false;
		if (!colon)
			return true;
		p = colon;
	}
}

/* Words of `words` joined by commas (spaces around them allowed). */
static bool word_list(const char *s, const char *const *words)
{
	const char *p = s;
	for (;;) {
		while (*p == ' ')
			p++;
		const char *start = p;
		while (*p && *p != ',' && *p != ' ')
			p++;
		if (!in_words(start, (size_t)(p - start), words))
			return false;
		while (*p == ' ')
			p++;
		if (!*p)
			return true;
		if (*p++ != ',')
			return false;
	}
}

/* Up to four arrow shapes run together ("onormal", "lteeoldiamond"), or
 * one of the older names. */
static bool arrow(const char *s)
{
	if (in_words(s, strlen(s), old_arrows))
		return true;
	const char *p = s;
	for (int k = 0; k < 4 && *p; k++) {
		/* no shape starts with o, l or r */
		if (*p == 'o')
			p++;
		if (*p == 'l' || *p == 'r')
			p++;
		size_t best = 0;
		for (size_t i = 0; arrows[i]; i++) {
			size_t n = strlen(arrows[i]);
			if (n > best && strncmp(p, arrows[i], n) == 0)
				best = n;
		}
		if (best == 0)
			return false;
		p += best;
	}
	return *p == '\0' && p != s;
}

/* A font name for fontconfig or pango: letters, digits, spaces, '-', '_'
 * and ',' (a fallback list); nothing that reads as a path or a pattern. */
static bool font(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 64)
		return false;
	for (const char *p = s; *p; p++)
		if (!is_alpha(*p) && !is_digit(*p) && !strchr(" -_,", *p))
			return false;
	return true;
}

/* http://, https:// or #, then printable ASCII without spaces, quotes,
 * backslashes (Graphviz expands \N, \G in URLs) or angle brackets; '&'
 * only as "&amp;": Graphviz 2.43 copies a URL into SVG unescaped, so a
 * bare '&' makes the SVG invalid XML (later releases keep an entity). */
static bool url(const char *s)
{
	if (strncasecmp(s, "http://", 7) == 0)
		s += 7;
	else if (strncasecmp(s, "https://", 8) == 0)
		s += 8;
	else if (*s == '#')
		s++;
	else
		return false;
	for (; *s; s++) {
		if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f || strchr("\"'\\<>`", *s))
			return false;
		if (*s == '&' && strncmp(s, "&amp;", 5) != 0)
			return false;
	}
	return true;
}

/* ================================================================ */
/* The check                                                         */
/* ================================================================ */

static const attr *find(const char *key, unsigned on)
{
	for (size_t i = 0; i < NATTR; i++)
		if ((table[i].on & on) && strcmp(table[i].name, key) == 0)
			return &table[i];
	return NULL;
}

static int bad_key(const char *key, unsigned on, char *why, size_t whysz)
{
	char q[200], names[400];
	quote(key, q, sizeof q);
	for (size_t i = 0; file_keys[i]; i++)
		if (strcmp(key, file_keys[i]) == 0)
			return say(why, whysz, KGSS_ATTR_BAD_KEY,
				   "'%s' is not allowed (it makes Graphviz read files)", key);
	for (size_t i = 0; kg_keys[i]; i++)
		if (strcmp(key, kg_keys[i]) == 0)
			return say(why, whysz, KGSS_ATTR_BAD_KEY,
				   "'%s' is not allowed (kg writes labels and tooltips itself)", key);
	if (find(key, KGSS_ON_NODE | KGSS_ON_EDGE))
		return say(why, whysz, KGSS_ATTR_BAD_KEY, "'%s' applies to %s, not %s", key,
			   what((KGSS_ON_NODE | KGSS_ON_EDGE) & ~on), what(on));
	const char *near = nearest_attr(key, on);
	if (near)
		return say(why, whysz, KGSS_ATTR_BAD_KEY,
			   "unknown attribute %s (did you mean '%s'?)", q, near);
	list_names(names, sizeof names, on);
	return say(why, whysz, KGSS_ATTR_BAD_KEY, "unknown attribute %s; %s take: %s", q,
		   what(on), names);
}

static int bad_value(const attr *a, const char *value, char *why, size_t whysz)
{
	char q[200], words[600];
	quote(value, q, sizeof q);
	const char *near;
	switch (a->kind) {
	case K_INT:
		return say(why, whysz, KGSS_ATTR_BAD_VALUE,
			   "'%s' must be a whole number from %g to %g, got %s", a->name, a->min,
			   a->max, q);
	case K_NUM:
		return say(why, whysz, KGSS_ATTR_BAD_VALUE, "'%s' must be a number from %g to %g, got %s",
			   a->name, a->min, a->max, q);
	case K_BOOL:
		return say(why, whysz, KGSS_ATTR_BAD_VALUE,
			   "'%s' must be true, false, yes or no, got %s", a->name, q);
	case K_WORD:
		if ((near = nearest(value, a->words)))
			return say(why, whysz, KGSS_ATTR_BAD_VALUE,
				   "'%s' cannot be %s (did you mean '%s'?)", a->name, q, near);
		if (a->words == shapes)
			return say(why, whysz, KGSS_ATTR_BAD_VALUE,
				   "'%s' must be one of Graphviz's node shapes (custom and epsf "
				   "excepted), got %s", a->name, q);
		list_words(words, sizeof words, a->words);
		return say(why, whysz, KGSS_ATTR_BAD_VALUE, "'%s' must be one of %s, got %s", a->name,
			   words, q);
	case K_WORDS:
		list_words(words, sizeof words, a->words);
		return say(why, whysz, KGSS_ATTR_BAD_VALUE,
			   "'%s' takes words from %s, joined by commas, got %s", a->name, words, q);
	case K_COLOR:
		return say(why, whysz, KGSS_ATTR_BAD_VALUE,
			   "'%s' must be a colour name, #rrggbb, #rrggbbaa or \"H,S,V\" (or up to "
			   "%d of them joined by ':'), got %s", a->name, COLORS_MAX, q);
	case K_ARROW:
		return say(why, whysz, KGSS_ATTR_BAD_VALUE,
			   "'%s' must be up to four of the arrow shapes normal, inv, dot, none, "
			   "tee, box, diamond, crow, curve, icurve and vee, each after an optional "
			   "o and l or r (or empty, open, ediamond, halfopen, invempty, invdot, "
			   "invodot), got %s", a->name, q);
	case K_FONT:
		return say(why, whysz, KGSS_ATTR_BAD_VALUE,
			   "'%s' must be a font name of at most 64 letters, digits, spaces, '-', "
			   "'_' or ',', got %s", a->name, q);
	case K_URL:
		return say(why, whysz, KGSS_ATTR_BAD_VALUE,
			   "'%s' must start with http://, https:// or # and hold no spaces, "
			   "quotes, backslashes, angle brackets or control characters (write '&' "
			   "as '&amp;'), got %s", a->name, q);
	}
	return KGSS_ATTR_BAD_VALUE;
}

static bool value_ok(const attr *a, const char *v)
{
	double x;
	switch (a->kind) {
	case K_INT:
	case K_NUM:
		return number(v, strlen(v), a->kind == K_INT, &x) && x >= a->min && x <= a->max;
	case K_BOOL:
		return strcmp(v, "true") == 0 || strcmp(v, "false") == 0 || strcmp(v, "yes") == 0 ||
		       strcmp(v, "no") == 0;
	case K_WORD:
		return in_words(v, strlen(v), a->words);
	case K_WORDS:
		return word_list(v, a->words);
	case K_COLOR:
		return color_list(v);
	case K_ARROW:
		return arrow(v);
	case K_FONT:
		return font(v);
	case K_URL:
		return url(v);
	}
	return false;
}

int kgss_attr_check(const char *key, const char *value, unsigned on, char *why, size_t whysz)
{
	const attr *a = find(key, on);
	if (!a)
		return bad_key(key, on, why, whysz);
	if (!value)
		return say(why, whysz, KGSS_ATTR_BAD_VALUE, "'%s' has no value", key);
	size_t max = a->kind == K_URL ? URL_MAX : VALUE_MAX;
	if (strlen(value) > max)
		return say(why, whysz, KGSS_ATTR_BAD_VALUE, "'%s' is longer than %zu bytes", key, max);
	if (!value_ok(a, value))
		return bad_value(a, value, why, whysz);
	return KGSS_ATTR_OK;
}
