/* import_json.c — kg's JSON export (doc/json-format.md) back to kg YAML:
 * a streaming JSON reader that holds one node or link at a time (a small
 * located tree in an arena, within limits), and the conversion of each. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "import_int.h"
#include "json.h"

enum { J_NULL, J_TRUE, J_FALSE, J_NUM, J_STR, J_ARR, J_OBJ };

typedef struct jnode jnode;
struct jnode {
	uint8_t kind;
	uint32_t line, col;
	const char *s; /* J_STR, J_NUM: the text (NUL-terminated) */
	size_t len;
	jnode **items; /* J_ARR: values; J_OBJ: key, value, key, value... */
	size_t n;      /* J_ARR: items; J_OBJ: pairs */
};

/* One node or link takes at most this many bytes of tree (doc/limits.md). */
#define KGI_JSON_ITEM_BYTES ((size_t)64 << 20)

typedef struct jreader {
	kgi_ctx *c;
	FILE *f;
	int ch;             /* the next byte, or EOF */
	uint32_t line, col; /* its place */
	kga_arena a;
	char *buf;          /* a string being read: malloc'd */
	size_t cap;
	size_t nodes;
	bool failed;
} jreader;

static const char *in_name(const jreader *r)
{
	return r->c->o->inputs[r->c->in];
}

static void jerr(jreader *r, uint32_t line, uint32_t col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void jerr(jreader *r, uint32_t line, uint32_t col, const char *fmt, ...)
{
	char b[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(b, sizeof b, fmt, ap);
	va_end(ap);
	if (!r->failed)
		kg_diags_add(r->c->d, KG_ERROR, in_name(r), line, col, "%s", b);
	r->failed = true;
}

static void adv(jreader *r)
{
	if (r->ch == '\n') {
		r->line++;
		r->col = 1;
	} else if (r->ch != EOF) {
		r->col++;
	}
	r->ch = getc_unlocked(r->f);
}

static void ws(jreader *r)
{
	while (r->ch == ' ' || r->ch == '\t' || r->ch == '\n' || r->ch == '\r')
		adv(r);
}

static void unexpected(jreader *r, const char *what)
{
	char b[8];
	if (r->failed)
		return;
	if (r->ch == EOF)
		jerr(r, r->line, r->col, "the JSON ends early; expected %s", what);
	else {
		snprintf(b, sizeof b, (r->ch > 0x20 && r->ch < 0x7f) ? "'%c'" : "byte %d", r->ch);
		kg_diags_add(r->c->d, KG_ERROR, in_name(r), r->line, r->col, "expected %s, not %s", what,
			     b);
		r->failed = true;
	}
}

static jnode *mk(jreader *r, int kind, uint32_t line, uint32_t col)
{
	jnode *n = kga_calloc(&r->a, 1, sizeof *n);
	if (!n || r->a.total > KGI_JSON_ITEM_BYTES ||
	    ++r->nodes > r->c->o->limits.max_alias_nodes) {
		jerr(r, line, col, "%s", n ? "a node or link too big (doc/limits.md)" : "out of memory");
		return NULL;
	}
	n->kind = (uint8_t)kind;
	n->line = line;
	n->col = col;
	return n;
}

static int push(jreader *r, char b, size_t len)
{
	if (len + 1 >= r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 256;
		char *nb = realloc(r->buf, cap);
		if (!nb)
			return -1;
		r->buf = nb;
		r->cap = cap;
	}
	r->buf[len] = b;
	return 0;
}

static int hex4(jreader *r)
{
	int v = 0;
	for (int i = 0; i < 4; i++, adv(r)) {
		int ch = r->ch, d = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
				  : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

static jnode *string(jreader *r)
{
	uint32_t line = r->line, col = r->col;
	size_t len = 0, max = r->c->o->limits.max_scalar_bytes;
	adv(r); /* the quote */
	for (;;) {
		int ch = r->ch;
		if (ch == EOF || ch == '\n') {
			jerr(r, line, col, "%s", "a string without its closing quote");
			return NULL;
		}
		if (ch == '"')
			break;
		if (ch < 0x20) {
			jerr(r, r->line, r->col, "%s", "a control character in a string (write it \\uXXXX)");
			return NULL;
		}
		if (len > max) {
			jerr(r, line, col, "%s", "a string longer than the scalar limit (--max-scalar)");
			return NULL;
		}
		adv(r);
		if (ch != '\\') {
			if (push(r, (char)ch, len++) < 0)
				goto oom;
			continue;
		}
		const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t", *p = r->ch > 0 ? strchr(from, r->ch) : NULL;
		if (p && *p) {
			adv(r);
			if (push(r, to[p - from], len++) < 0)
				goto oom;
			continue;
		}
		if (r->ch != 'u') {
			jerr(r, r->line, r->col, "%s", "an unknown escape in a string");
			return NULL;
		}
		uint32_t eline = r->line, ecol = r->col - 1;
		adv(r);
		long u = hex4(r);
		if (u >= 0xd800 && u < 0xdc00 && r->ch == '\\') {
			adv(r);
			long lo = r->ch == 'u' ? (adv(r), hex4(r)) : -1;
			u = lo >= 0xdc00 && lo < 0xe000 ? 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00) : -1;
		} else if (u >= 0xd800 && u < 0xe000) {
			u = -1;
		}
		if (u <= 0) {
			jerr(r, eline, ecol, "%s", u == 0 ? "a NUL character (\\u0000) in a string"
						       : "a bad \\u escape in a string");
			return NULL;
		}
		char b[4];
		int k = u < 0x80 ? (b[0] = (char)u, 1)
		      : u < 0x800 ? (b[0] = (char)(0xc0 | u >> 6), b[1] = (char)(0x80 | (u & 63)), 2)
		      : u < 0x10000 ? (b[0] = (char)(0xe0 | u >> 12), b[1] = (char)(0x80 | (u >> 6 & 63)),
				       b[2] = (char)(0x80 | (u & 63)), 3)
				    : (b[0] = (char)(0xf0 | u >> 18), b[1] = (char)(0x80 | (u >> 12 & 63)),
				       b[2] = (char)(0x80 | (u >> 6 & 63)), b[3] = (char)(0x80 | (u & 63)), 4);
		for (int i = 0; i < k; i++)
			if (push(r, b[i], len++) < 0)
				goto oom;
	}
	adv(r);
	for (size_t i = 0; i < len;) {
		size_t k = (unsigned char)r->buf[i] < 0x80 ? 1 : kg_utf8_len((unsigned char *)r->buf + i, len - i);
		if (!k) {
			jerr(r, line, col, "%s", "a string that is not valid UTF-8");
			return NULL;
		}
		i += k;
	}
	jnode *n = mk(r, J_STR, line, col);
	if (n && !(n->s = kga_strndup(&r->a, len ? r->buf : "", len)))
		goto oom;
	if (n)
		n->len = len;
	return n;
oom:
	jerr(r, line, col, "%s", "out of memory");
	return NULL;
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)? */
static bool number_text(const char *s)
{
	size_t i = s[0] == '-';
	if (s[i] == '0')
		i++;
	else if (s[i] >= '1' && s[i] <= '9')
		while (s[i] >= '0' && s[i] <= '9')
			i++;
	else
		return false;
	if (s[i] == '.') {
		if (!(s[++i] >= '0' && s[i] <= '9'))
			return false;
		while (s[i] >= '0' && s[i] <= '9')
			i++;
	}
	if (s[i] == 'e' || s[i] == 'E') {
		i++;
		if (s[i] == '-' || s[i] == '+')
			i++;
		if (!(s[i] >= '0' && s[i] <= '9'))
			return false;
		while (s[i] >= '0' && s[i] <= '9')
			i++;
	}
	return !s[i];
}

static jnode *value(jreader *r, size_t depth);

static jnode *collection(jreader *r, size_t depth, bool obj)
{
	uint32_t line = r->line, col = r->col;
	if (depth > r->c->o->limits.max_depth) {
		jerr(r, line, col, "%s", "nesting deeper than the limit (--max-depth)");
		return NULL;
	}
	jnode *n = mk(r, obj ? J_OBJ : J_ARR, line, col), **v = NULL;
	size_t cnt = 0, cap = 0;
	adv(r);
	ws(r);
	if (r->ch == (obj ? '}' : ']')) {
		adv(r);
		return n;
	}
	while (n && !r->failed) {
		if (cnt + 2 > cap) {
			cap = cap ? 2 * cap : 8;
			jnode **nv = realloc(v, cap * sizeof *nv);
			if (!nv) {
				jerr(r, line, col, "%s", "out of memory");
				break;
			}
			v = nv;
		}
		ws(r);
		if (obj) {
			if (r->ch != '"') {
				unexpected(r, "a key in quotes");
				break;
			}
			if (!(v[cnt++] = string(r)))
				break;
			ws(r);
			if (r->ch != ':') {
				unexpected(r, "':'");
				break;
			}
			adv(r);
		}
		if (!(v[cnt++] = value(r, depth + 1)))
			break;
		ws(r);
		if (r->ch == ',') {
			adv(r);
			continue;
		}
		if (r->ch == (obj ? '}' : ']')) {
			adv(r);
			n->items = kga_alloc(&r->a, cnt * sizeof *v);
			if (!n->items) {
				jerr(r, line, col, "%s", "out of memory");
				break;
			}
			memcpy(n->items, v, cnt * sizeof *v);
			n->n = obj ? cnt / 2 : cnt;
			free(v);
			return n;
		}
		unexpected(r, obj ? "',' or '}'" : "',' or ']'");
	}
	free(v);
	return NULL;
}

static jnode *value(jreader *r, size_t depth)
{
	ws(r);
	uint32_t line = r->line, col = r->col;
	if (r->ch == '"')
		return string(r);
	if (r->ch == '{' || r->ch == '[')
		return collection(r, depth, r->ch == '{');
	char b[72];
	size_t k = 0;
	while (k + 1 < sizeof b && ((r->ch >= 'a' && r->ch <= 'z') || (r->ch >= '0' && r->ch <= '9') ||
				    r->ch == '-' || r->ch == '+' || r->ch == '.' || r->ch == 'E')) {
		b[k++] = (char)r->ch;
		adv(r);
	}
	b[k] = '\0';
	int kind = strcmp(b, "null") == 0 ? J_NULL : strcmp(b, "true") == 0 ? J_TRUE
		 : strcmp(b, "false") == 0 ? J_FALSE : number_text(b) ? J_NUM : -1;
	if (kind < 0) {
		if (k)
			jerr(r, line, col, "'%s' is not a JSON value", b);
		else
			unexpected(r, "a value");
		return NULL;
	}
	jnode *n = mk(r, kind, line, col);
	if (n && !(n->s = kga_strndup(&r->a, b, k)))
		jerr(r, line, col, "%s", "out of memory");
	if (n)
		n->len = k;
	return r->failed ? NULL : n;
}

/* ---------------------------------------------------------------- */
/* Nodes and links to YAML                                           */
/* ---------------------------------------------------------------- */

static const jnode *get(const jnode *o, const char *key)
{
	for (size_t i = 0; o && o->kind == J_OBJ && i < o->n; i++)
		if (strcmp(o->items[2 * i]->s, key) == 0)
			return o->items[2 * i + 1];
	return NULL;
}

static void emit(kgi_sink *s, const jnode *v, const kgsc_attr *def)
{
	switch (v->kind) {
	case J_STR: kgi_scalar(s, v->s, v->len, kgi_plain_type(def)); break;
	case J_ARR:
		kgi_raw(s, "[");
		for (size_t i = 0; i < v->n; i++) {
			if (i)
				kgi_raw(s, ", ");
			emit(s, v->items[i], def && def->type == KG_AT_LIST ? def->of : NULL);
		}
		kgi_raw(s, "]");
		break;
	case J_OBJ:
		kgi_raw(s, "{");
		for (size_t i = 0; i < v->n; i++) {
			const jnode *k = v->items[2 * i];
			if (i)
				kgi_raw(s, ", ");
			kgi_str(s, k->s, k->len);
			kgi_raw(s, ": ");
			bool num = def && def->type == KG_AT_QUANTITY &&
				   (!strcmp(k->s, "value") || !strcmp(k->s, "approx") ||
				    !strcmp(k->s, "min") || !strcmp(k->s, "max"));
			emit(s, v->items[2 * i + 1], num ? def : NULL);
		}
		kgi_raw(s, "}");
		break;
	default: kgi_raw(s, v->s); break;
	}
}

/* An attribute's value: {"claims": [...]} as kg's list of claims (each
 * claim's "loc" left out), anything else as it is. */
static void emit_attr(kgi_sink *s, const jnode *v, const kgsc_attr *def)
{
	const jnode *cl = get(v, "claims");
	if (!cl || v->n != 1 || cl->kind != J_ARR) {
		emit(s, v, def);
		return;
	}
	kgi_raw(s, "[");
	for (size_t i = 0; i < cl->n; i++) {
		const jnode *c = cl->items[i];
		if (i)
			kgi_raw(s, ", ");
		if (c->kind != J_OBJ) {
			emit(s, c, NULL);
			continue;
		}
		kgi_raw(s, "{");
		const char *sep = "";
		for (size_t k = 0; k < c->n; k++) {
			const jnode *key = c->items[2 * k];
			if (strcmp(key->s, "loc") == 0)
				continue;
			kgi_raw(s, sep);
			sep = ", ";
			kgi_str(s, key->s, key->len);
			kgi_raw(s, ": ");
			emit(s, c->items[2 * k + 1], strcmp(key->s, "value") == 0 ? def : NULL);
		}
		kgi_raw(s, "}");
	}
	kgi_raw(s, "]");
}

static bool is_str(jreader *r, const jnode *v, const char *key)
{
	if (v->kind == J_STR)
		return true;
	jerr(r, v->line, v->col, "'%s' must be a string", key);
	r->failed = false; /* go on with the next item */
	return false;
}

static void kv(kgi_sink *s, const char *key, const jnode *v)
{
	kgi_at(s, v->line, v->col);
	kgi_key(s, key, strlen(key));
	emit(s, v, NULL);
	kgi_nl(s);
}

/* A node (rel false) or a link, checked and written. */
static void item(jreader *r, const jnode *o, bool rel)
{
	static const char *const node_keys[] = {"id", "type", "name", "aliases", "notes", "sources",
						"attributes", "loc", NULL};
	static const char *const link_keys[] = {"source", "target", "type", "id", "notes", "sources",
						"attributes", "loc", "key", NULL};
	const char *const *keys = rel ? link_keys : node_keys;
	const char *what = rel ? "a link" : "a node";
	kgi_ctx *c = r->c;
	char hint[128];
	if (o->kind != J_OBJ) {
		kg_diags_add(c->d, KG_ERROR, in_name(r), o->line, o->col, "%s must be an object", what);
		return;
	}
	for (size_t i = 0; i < o->n; i++) {
		const jnode *k = o->items[2 * i];
		size_t j = 0;
		while (keys[j] && strcmp(keys[j], k->s) != 0)
			j++;
		if (!keys[j]) {
			char b[80];
			kg_diags_add(c->d, KG_ERROR, in_name(r), k->line, k->col, "unknown key %s in %s",
				     kg_quoted(k->s, k->len, '\'', 60, b, sizeof b), what);
			return;
		}
	}
	const char *req[] = {rel ? "source" : "id", rel ? "target" : "type", "type"};
	for (int i = 0; i < 3; i++) {
		const jnode *v = get(o, req[i]);
		if (!v) {
			kg_diags_add(c->d, KG_ERROR, in_name(r), o->line, o->col, "%s without '%s'", what,
				     req[i]);
			return;
		}
		if (!is_str(r, v, req[i]))
			return;
	}
	const jnode *t = get(o, "type");
	uint32_t tid = rel ? kg_schema_rtype_find(c->schema, t->s) : kg_schema_type_find(c->schema, t->s);
	if (tid == KG_NONE) {
		char b[80];
		kg_diags_add(c->d, KG_ERROR, in_name(r), t->line, t->col, "unknown %s type %s%s",
			     rel ? "relation" : "entity", kg_quoted(t->s, t->len, '\'', 60, b, sizeof b),
			     kgi_type_hint(c->schema, rel, t->s, hint, sizeof hint));
		return;
	}
	kgi_sink *s = rel ? &c->rels : &c->ents;
	kgi_at(s, o->line, o->col);
	if (kgi_item(s) < 0)
		return;
	if (rel) {
		kv(s, "from", get(o, "source"));
		kv(s, "type", t);
		kv(s, "to", get(o, "target"));
	} else {
		kv(s, "id", get(o, "id"));
		kv(s, "type", t);
	}
	static const char *const plain[] = {"id", "name", "aliases", "notes", "sources", NULL};
	for (int i = rel ? 0 : 1; plain[i]; i++) {
		const jnode *v = get(o, plain[i]);
		if (v)
			kv(s, plain[i], v);
	}
	const jnode *at = get(o, "attributes");
	if (at && at->kind != J_OBJ) {
		kg_diags_add(c->d, KG_ERROR, in_name(r), at->line, at->col, "'attributes' must be an object");
		return;
	}
	for (size_t i = 0; at && i < at->n; i++) {
		const jnode *k = at->items[2 * i], *v = at->items[2 * i + 1];
		const kgsc_attr *def = rel ? kgsc_rel_attr(c->schema, tid, k->s)
					   : kgsc_entity_attr(c->schema, tid, k->s);
		kgi_at(s, v->line, v->col);
		kgi_key(s, k->s, k->len);
		emit_attr(s, v, def);
		kgi_nl(s);
	}
}

/* The elements of the array at r, each handed to item(). */
static void items(jreader *r, bool rel)
{
	ws(r);
	if (r->ch != '[') {
		unexpected(r, "'['");
		return;
	}
	adv(r);
	ws(r);
	if (r->ch == ']') {
		adv(r);
		return;
	}
	while (!r->failed) {
		jnode *n = value(r, 2);
		if (!n)
			return;
		item(r, n, rel);
		kga_arena_reset(&r->a);
		r->nodes = 0;
		ws(r);
		if (r->ch == ']') {
			adv(r);
			return;
		}
		if (r->ch != ',') {
			unexpected(r, "',' or ']'");
			return;
		}
		adv(r);
	}
}

int kgi_read_json(kgi_ctx *c, FILE *in)
{
	jreader r = {.c = c, .f = in, .line = 1, .col = 1};
	kga_arena_init(&r.a);
	size_t errs = kg_diags_errors(c->d);
	r.ch = getc_unlocked(in);
	ws(&r);
	if (r.ch != '{')
		unexpected(&r, "'{' (kg's JSON export)");
	else
		adv(&r);
	while (!r.failed) {
		ws(&r);
		if (r.ch == '}') {
			adv(&r);
			ws(&r);
			if (r.ch != EOF)
				unexpected(&r, "the end of the input");
			break;
		}
		if (r.ch != '"') {
			unexpected(&r, "a key in quotes");
			break;
		}
		jnode *k = string(&r);
		ws(&r);
		if (!k || r.ch != ':') {
			if (k)
				unexpected(&r, "':'");
			break;
		}
		adv(&r);
		if (strcmp(k->s, "nodes") == 0 || strcmp(k->s, "links") == 0 || strcmp(k->s, "edges") == 0) {
			bool rel = k->s[0] != 'n';
			kga_arena_reset(&r.a);
			items(&r, rel);
		} else {
			bool graph = strcmp(k->s, "graph") == 0;
			jnode *v = value(&r, 1);
			const jnode *sc = graph ? get(v, "schema") : NULL;
			if (sc && sc->kind == J_STR && strcmp(sc->s, "<core>") != 0 && !c->o->schema_path)
				kg_diags_add(c->d, KG_WARNING, c->o->inputs[c->in], sc->line, sc->col,
					     "exported with the schema '%s'; checking against the core "
					     "schema (give -s SCHEMA)", sc->s);
		}
		kga_arena_reset(&r.a);
		r.nodes = 0;
		ws(&r);
		if (r.ch == ',')
			adv(&r);
		else if (r.ch != '}')
			unexpected(&r, "',' or '}'");
	}
	kga_arena_free(&r.a);
	free(r.buf);
	return kg_diags_errors(c->d) > errs ? -1 : 0;
}
