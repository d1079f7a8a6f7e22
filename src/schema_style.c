/* schema_style.c — the allow list of drawing attributes a style may set, with
 * the form and range of each value (see schema_style.h for why; the table is
 * documented in doc/drawing-attributes.md: keep the two in step), and the
 * reader of a schema's `style:` section (plain and conditional styles, the
 * graph's own attributes). */
#include "schema_style.h"
#include "kg.h"
#include "schema_int.h"
#include "schema_layers.h"
#include "spell.h"
#include "yaml_tree.h"

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
	K_SIZE,   /* "W,H" or "W" in inches, each in [min, max], optionally then '!' */
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
/* Graph attributes. overlap: the removal methods of 2.43 that finish in
 * bounded time on kg's drawings (ortho* and voronoi leave overlaps or crawl
 * on a few hundred nodes). */
static const char *const rankdirs[] = {"TB", "LR", "BT", "RL", NULL};
static const char *const overlaps[] = {"true", "false", "prism", "scale", "scalexy",
				       "compress", "vpsc", NULL};
static const char *const splines_words[] = {"true", "false", "none", "line", "polyline",
					    "ortho", "curved", "spline", NULL};
static const char *const ratios[] = {"fill", "compress", "expand", "auto", NULL};
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
#define GRAPH KGSS_ON_GRAPH
#define ALL (BOTH | GRAPH)

/* Looked up by scan. Ranges: see doc/drawing-attributes.md for the measure
 * behind each. dot 2.43 corrupts its heap (frees memory twice) when edges
 * with labels end up within one rank, so nothing here may make an edge
 * flat: minlen starts at 1 and `constraint` is left out (both found by
 * drawing random allowed styles). Graph attributes come from the style
 * section's `graph` entry, Lua's `graph` option and --graph-attr; cluster
 * attributes are kg's own. */
static const attr table[] = {
	{"color", BOTH, K_COLOR, 0, 0, NULL},
	{"fillcolor", NODE, K_COLOR, 0, 0, NULL},
	{"fontcolor", ALL, K_COLOR, 0, 0, NULL},
	{"fontname", ALL, K_FONT, 0, 0, NULL},
	{"fontsize", ALL, K_NUM, 1, 72, NULL},
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
	/* the graph */
	{"rankdir", GRAPH, K_WORD, 0, 0, rankdirs},
	{"overlap", GRAPH, K_WORD, 0, 0, overlaps},
	{"splines", GRAPH, K_WORD, 0, 0, splines_words},
	{"size", GRAPH, K_SIZE, 0.1, 100, NULL},
	{"ratio", GRAPH, K_WORD, 0, 0, ratios},
	{"ranksep", GRAPH, K_NUM, 0.02, 10, NULL},
	{"nodesep", GRAPH, K_NUM, 0.02, 10, NULL},
	{"pad", GRAPH, K_NUM, 0, 10, NULL},
	{"dpi", GRAPH, K_NUM, 36, 300, NULL},
	{"bgcolor", GRAPH, K_COLOR, 0, 0, NULL},
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
	return on == KGSS_ON_NODE ? "entity types" : on == KGSS_ON_EDGE ? "relation types"
			       : on == KGSS_ON_GRAPH ? "the graph" : "entity and relation types";
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

/* "W,H" or "W", each a plain number in [min, max], then an optional '!'. */
static bool size_value(const char *s, double min, double max)
{
	size_t n = strlen(s);
	if (n && s[n - 1] == '!')
		n--;
	const char *comma = memchr(s, ',', n);
	size_t n1 = comma ? (size_t)(comma - s) : n;
	double x;
	if (!number(s, n1, false, &x) || x < min || x > max)
		return false;
	if (!comma)
		return true;
	return number(comma + 1, n - n1 - 1, false, &x) && x >= min && x <= max;
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
	unsigned other = 0;
	for (size_t i = 0; i < NATTR; i++)
		if (strcmp(table[i].name, key) == 0)
			other |= table[i].on;
	if (other)
		return say(why, whysz, KGSS_ATTR_BAD_KEY, "'%s' applies to %s, not %s", key,
			   what(other), what(on));
	const char *near = nearest_attr(key, on);
	if (near)
		return say(why, whysz, KGSS_ATTR_BAD_KEY,
			   "unknown attribute %s (did you mean '%s'?)", q, near);
	list_names(names, sizeof names, on);
	return say(why, whysz, KGSS_ATTR_BAD_KEY, "unknown attribute %s; %s take%s: %s", q,
		   what(on), on == KGSS_ON_GRAPH ? "s" : "", names);
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
	case K_SIZE:
		return say(why, whysz, KGSS_ATTR_BAD_VALUE,
			   "'%s' must be \"W,H\" or \"W\" in inches, each a number from %g to %g, "
			   "optionally followed by '!', got %s", a->name, a->min, a->max, q);
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
	case K_SIZE:
		return size_value(v, a->min, a->max);
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

/* ================================================================ */
/* The style section                                                 */
/* ================================================================ */

/* A `when` holds at most this many attributes, each at most this many
 * values: a style condition names a few cases, not a table. */
#define WHEN_MAX 16
#define WHEN_VALUES_MAX 64

typedef struct sec {
	kg_schema *s;
	kg_diags *d;
	const char *file;
	bool *oom;
} sec;

#define err(p, n, ...) kgsc_err((p)->d, (p)->file, (n), __VA_ARGS__)

static void *sec_alloc(sec *p, size_t n, size_t size)
{
	void *m = kga_calloc(&p->s->arena, n ? n : 1, size);
	if (!m && !*p->oom) {
		*p->oom = true;
		kg_diags_add(p->d, KG_ERROR, p->file, 0, 0, "out of memory reading the schema");
	}
	return m;
}

static const char *sec_dup(sec *p, const kgy_node *n)
{
	char *c = kga_strndup(&p->s->arena, n->u.scalar.s, n->u.scalar.len);
	if (!c && !*p->oom) {
		*p->oom = true;
		kg_diags_add(p->d, KG_ERROR, p->file, 0, 0, "out of memory reading the schema");
	}
	return c;
}

static bool sec_scalar(const kgy_node *n)
{
	return n && n->kind == KGY_SCALAR && !kgy_is_null(n);
}

/* The attributes of mapping `val` for `on`, checked against the allow list,
 * into kv[*n...]: `who` names the owner in messages. */
static void read_attrs(sec *p, const kgy_node *val, unsigned on, const char *who,
		       kg_style_kv **kvp, size_t *np)
{
	kg_style_kv *kv = sec_alloc(p, val->u.map.n, sizeof *kv);
	if (!kv)
		return;
	size_t n = 0;
	for (size_t j = 0; j < val->u.map.n; j++) {
		const kgy_node *k = val->u.map.pairs[j].key, *v = val->u.map.pairs[j].value;
		if (!v || v->kind != KGY_SCALAR) {
			err(p, v ? v : k, "style '%s' of '%s' must be a scalar, got %s",
			    k->u.scalar.s, who, kgy_describe(v));
			continue;
		}
		char why[512];
		int bad = kgss_attr_check(k->u.scalar.s, v->u.scalar.s, on, why, sizeof why);
		if (bad != KGSS_ATTR_OK) {
			err(p, bad == KGSS_ATTR_BAD_KEY ? k : v, "style of '%s': %s", who, why);
			continue;
		}
		kv[n].key = sec_dup(p, k);
		kv[n].value = sec_dup(p, v);
		if (!kv[n].key || !kv[n].value)
			return;
		n++;
	}
	*kvp = kv;
	*np = n;
}

/* A relation's derived fact a condition may test unless its type declares
 * an attribute of that name: whether it has ended (its till is not after
 * the drawing's date; draw_style.c judges it, doc/drawing-attributes.md). */
static const kgsc_attr ended_fact = {.name = "ended", .type = KG_AT_BOOL};

/* Attribute `name` of entity type t, own or inherited (the schema's
 * flattened lists are not built yet), or of relation type rt. */
static const kgsc_attr *cond_attr(const kg_schema *s, kg_tid t, kg_rtid rt, const char *name)
{
	if (rt != KG_NONE) {
		const kgsc_attr *a = kgsc_rel_attr(s, rt, name);
		return a || strcmp(name, ended_fact.name) != 0 ? a : &ended_fact;
	}
	for (int depth = 0; t != KG_NONE && depth < 64; depth++) {
		const kgsc_etype *e = kgsc_get_etype(s, t);
		if (!e)
			break;
		for (size_t i = 0; i < e->nown; i++)
			if (strcmp(e->own[i].name, name) == 0)
				return &e->own[i];
		t = e->parent;
	}
	return NULL;
}

/* "did you mean" among the attributes a condition may name. */
static const char *near_cond_attr(const kg_schema *s, kg_tid t, kg_rtid rt, const char *name)
{
	kgsp_near nr;
	kgsp_near_init(&nr, name);
	if (rt != KG_NONE) {
		const kgsc_rtype *r = kgsc_get_rtype(s, rt);
		for (size_t i = 0; r && i < r->nattrs; i++)
			kgsp_near_try(&nr, r->attrs[i].name);
		kgsp_near_try(&nr, ended_fact.name);
	}
	for (int depth = 0; rt == KG_NONE && t != KG_NONE && depth < 64; depth++) {
		const kgsc_etype *e = kgsc_get_etype(s, t);
		if (!e)
			break;
		for (size_t i = 0; i < e->nown; i++)
			kgsp_near_try(&nr, e->own[i].name);
		t = e->parent;
	}
	return nr.word;
}

static const char *const atype_words[] = {
	"string", "text", "int", "number", "bool", "date", "quantity", "enum", "ref", "list",
};

/* One value of a condition on attribute a into c (slot i); false (said)
 * when it does not fit a's type. */
static bool cond_value(sec *p, const kgsc_attr *a, const kgy_node *v, kgss_cond *c, size_t i,
		       const char *who)
{
	char q[80];
	if (!sec_scalar(v)) {
		err(p, v, "style of '%s': condition on '%s' wants a %s value, got %s", who, a->name,
		    atype_words[a->type], kgy_describe(v));
		return false;
	}
	const char *text = v->u.scalar.s;
	kgy_quote(text, v->u.scalar.len, q, sizeof q);
	switch (c->kind) {
	case KGSS_COND_BOOL: {
		bool b;
		if (!kgy_as_bool(v, &b)) {
			err(p, v, "style of '%s': '%s' is a bool; the condition wants true or false, "
				  "got %s", who, a->name, q);
			return false;
		}
		c->text[i] = b ? "true" : "false";
		return true;
	}
	case KGSS_COND_NUM: {
		double x;
		if (!kgy_as_number(v, &x) || x != x || x - x != 0) {
			err(p, v, "style of '%s': '%s' is a%s %s; the condition wants a number, got %s",
			    who, a->name, a->type == KG_AT_INT ? "n" : "", atype_words[a->type], q);
			return false;
		}
		((double *)c->num)[i] = x;
		return true;
	}
	default:
		if (a->type == KG_AT_ENUM) {
			size_t j;
			for (j = 0; j < a->nvalues; j++)
				if (strcmp(a->values[j], text) == 0)
					break;
			if (j == a->nvalues) {
				kgsp_near nr;
				kgsp_near_init(&nr, text);
				for (j = 0; j < a->nvalues; j++)
					kgsp_near_try(&nr, a->values[j]);
				if (nr.word)
					err(p, v, "style of '%s': %s is not a value of enum '%s' (did you "
						  "mean '%s'?)", who, q, a->name, nr.word);
				else
					err(p, v, "style of '%s': %s is not a value of enum '%s'", who, q,
					    a->name);
				return false;
			}
		}
		return (c->text[i] = sec_dup(p, v)) != NULL;
	}
}

/* One `attr: value` (or `attr: [values]`) of a when into c; false when bad
 * (said). */
static bool read_cond(sec *p, kg_tid t, kg_rtid rt, const kgy_pair *pr, kgss_cond *c,
		      const char *who)
{
	const kgy_node *k = pr->key, *v = pr->value;
	char q[80];
	const kgsc_attr *a = cond_attr(p->s, t, rt, k->u.scalar.s);
	if (!a) {
		const char *near = near_cond_attr(p->s, t, rt, k->u.scalar.s);
		kgy_quote(k->u.scalar.s, k->u.scalar.len, q, sizeof q);
		if (near)
			err(p, k, "style of '%s': no attribute %s on '%s' to test (did you mean "
				  "'%s'?)", who, q, who, near);
		else
			err(p, k, "style of '%s': no attribute %s on '%s' to test", who, q, who);
		return false;
	}
	switch (a->type) {
	case KG_AT_BOOL: c->kind = KGSS_COND_BOOL; break;
	case KG_AT_INT:
	case KG_AT_NUMBER: c->kind = KGSS_COND_NUM; break;
	case KG_AT_QUANTITY:
	case KG_AT_LIST:
		err(p, k, "style of '%s': '%s' is a %s; a condition tests bool, int, number, "
			  "string, text, enum, date and ref attributes", who, a->name,
		    atype_words[a->type]);
		return false;
	default: c->kind = KGSS_COND_TEXT; break;
	}
	c->attr = a->name;
	bool list = v && v->kind == KGY_SEQ;
	size_t n = list ? v->u.seq.n : 1;
	if (list && (n == 0 || n > WHEN_VALUES_MAX)) {
		err(p, v, "style of '%s': condition on '%s' wants 1 to %d values, got %zu", who,
		    a->name, WHEN_VALUES_MAX, n);
		return false;
	}
	c->n = n;
	c->text = sec_alloc(p, n, sizeof *c->text);
	c->num = sec_alloc(p, n, sizeof *c->num);
	if (!c->text || !c->num)
		return false;
	bool ok = true;
	for (size_t i = 0; i < n; i++)
		ok &= cond_value(p, a, list ? v->u.seq.items[i] : v, c, i, who);
	return ok;
}

static const char *const rule_keys[] = {"when", "style", NULL};

/* One item of a type's list form into r; false when bad (said). */
static bool read_rule(sec *p, kg_tid t, kg_rtid rt, const kgy_node *item, kgss_rule *r,
		      const char *who)
{
	unsigned on = rt != KG_NONE ? KGSS_ON_EDGE : KGSS_ON_NODE;
	if (!item || item->kind != KGY_MAP) {
		err(p, item, "style of '%s': each item of the list must be a mapping "
			     "{when: {ATTR: VALUE}, style: {...}}, got %s", who, kgy_describe(item));
		return false;
	}
	bool ok = true;
	for (size_t i = 0; i < item->u.map.n; i++) {
		const kgy_node *k = item->u.map.pairs[i].key;
		if (strcmp(k->u.scalar.s, "when") == 0 || strcmp(k->u.scalar.s, "style") == 0)
			continue;
		char q[80];
		const char *near = nearest(k->u.scalar.s, rule_keys);
		kgy_quote(k->u.scalar.s, k->u.scalar.len, q, sizeof q);
		err(p, k, "style of '%s': unknown key %s in a list item; expected when, style%s%s%s",
		    who, q, near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
		ok = false;
	}
	const kgy_node *when = kgy_map_get(item, "when"), *st = kgy_map_get(item, "style");
	if (!st || st->kind != KGY_MAP) {
		err(p, st ? st : item, "style of '%s': a list item needs 'style', a mapping of "
				       "Graphviz attributes, got %s", who,
		    st ? kgy_describe(st) : "none");
		return false;
	}
	if (when && !kgy_is_null(when)) {
		if (when->kind != KGY_MAP || when->u.map.n == 0 || when->u.map.n > WHEN_MAX) {
			err(p, when, "style of '%s': 'when' must map 1 to %d attribute names to "
				     "values, got %s", who, WHEN_MAX, kgy_describe(when));
			return false;
		}
		kgss_cond *c = sec_alloc(p, when->u.map.n, sizeof *c);
		if (!c)
			return false;
		for (size_t i = 0; i < when->u.map.n; i++)
			ok &= read_cond(p, t, rt, &when->u.map.pairs[i], &c[i], who);
		r->when = c;
		r->nwhen = when->u.map.n;
	}
	kg_style_kv *kv = NULL;
	read_attrs(p, st, on, who, &kv, &r->nkv);
	r->kv = kv;
	return ok;
}

/* Whether st may be given here (key, in layer `layer` that reaches the
 * layers in `reach`); then it is emptied and marked as given here. */
static bool style_once(sec *p, sc_style *st, const kgy_node *key, unsigned layer, uint64_t reach)
{
	if (st->at.file && !(reach >> st->layer & 1)) {
		err(p, key, "style of '%s' is given twice: here and at %s:%u:%u", key->u.scalar.s,
		    st->at.file, st->at.line, st->at.col);
		return false;
	}
	memset(st, 0, sizeof *st);
	st->at = (kg_loc){p->file, key->line, key->col};
	st->layer = layer;
	return true;
}

void kgss_parse_section(kg_schema *s, kg_diags *d, const char *file, const kgy_node *n,
			unsigned layer, uint64_t reach, bool *oom)
{
	sec p = {s, d, file, oom};
	if (kgy_is_null(n))
		return;
	if (n->kind != KGY_MAP) {
		err(&p, n, "'style' must be a mapping, got %s", kgy_describe(n));
		return;
	}
	for (size_t i = 0; i < n->u.map.n && !*oom; i++) {
		kgy_node keyat = kgy_key_at(&n->u.map.pairs[i]);
		const kgy_node *key = &keyat, *val = n->u.map.pairs[i].value;
		const char *name = key->u.scalar.s;
		kg_tid t = kg_schema_type_find(s, name);
		kg_rtid rt = kg_schema_rtype_find(s, name);
		char q[80];
		if (t == KG_NONE && rt == KG_NONE && strcmp(name, "graph") == 0) {
			if (!val || val->kind != KGY_MAP)
				err(&p, val ? val : key, "style 'graph' must be a mapping of Graphviz "
							 "graph attributes, got %s", kgy_describe(val));
			else if (style_once(&p, &s->gstyle, key, layer, reach))
				read_attrs(&p, val, KGSS_ON_GRAPH, "graph", &s->gstyle.kv,
					   &s->gstyle.n);
			continue;
		}
		if (t == KG_NONE && rt == KG_NONE) {
			kgsp_near near;
			kgsp_near_init(&near, name);
			kgsp_near_try(&near, "graph");
			for (kg_tid u = 0; u < kg_schema_type_count(s); u++)
				kgsp_near_try(&near, kg_schema_type_name(s, u));
			for (kg_rtid u = 0; u < kg_schema_rtype_count(s); u++)
				kgsp_near_try(&near, kg_schema_rtype_name(s, u));
			if (near.word)
				err(&p, key, "style for unknown type %s (did you mean '%s'?)",
				    kgy_quote(name, key->u.scalar.len, q, sizeof q), near.word);
			else
				err(&p, key, "style for unknown type %s; expected an entity or relation "
					     "type, or graph", kgy_quote(name, key->u.scalar.len, q, sizeof q));
			continue;
		}
		sc_style *st = t != KG_NONE ? &s->tstyle[t] : &s->rstyle[rt];
		if (!style_once(&p, st, key, layer, reach))
			continue;
		if (val && val->kind == KGY_SEQ) {
			kgss_rule *r = sec_alloc(&p, val->u.seq.n, sizeof *r);
			if (!r)
				return;
			size_t nr = 0;
			for (size_t j = 0; j < val->u.seq.n; j++)
				if (read_rule(&p, t, rt, val->u.seq.items[j], &r[nr], name))
					nr++;
			st->rules = r;
			st->nrules = nr;
			continue;
		}
		if (!val || val->kind != KGY_MAP) {
			err(&p, val ? val : key, "style of '%s' must be a mapping of Graphviz "
						 "attributes or a list of {when, style} items, got %s",
			    name, kgy_describe(val));
			continue;
		}
		read_attrs(&p, val, t != KG_NONE ? KGSS_ON_NODE : KGSS_ON_EDGE, name, &st->kv,
			   &st->n);
	}
}

const kgss_rule *kgss_type_rules(const kg_schema *s, kg_tid t, size_t *n)
{
	*n = t < kg_schema_type_count(s) ? s->tstyle[t].nrules : 0;
	return *n ? s->tstyle[t].rules : NULL;
}

const kgss_rule *kgss_rtype_rules(const kg_schema *s, kg_rtid rt, size_t *n)
{
	*n = rt < kg_schema_rtype_count(s) ? s->rstyle[rt].nrules : 0;
	return *n ? s->rstyle[rt].rules : NULL;
}

const kg_style_kv *kgss_graph_style(const kg_schema *s, size_t *n)
{
	*n = s->gstyle.n;
	return *n ? s->gstyle.kv : NULL;
}
