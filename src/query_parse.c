/* query_parse.c — the pattern parser (query.h): Cypher-like paths read by
 * recursive descent straight from the text, names checked against the
 * schema as they are read, every error located with a suggestion. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query.h"
#include "schema_model.h"
#include "spell.h"

/* A {key: value} pair while parsing: whose it is (a node, or an edge when
 * `edge`); the pattern's props are grouped by owner at the end. */
typedef struct tmp_prop {
	kgq_prop prop;
	uint16_t owner;
	bool edge;
} tmp_prop;

typedef struct parser {
	const char *t;               /* the text */
	size_t len, pos;
	kgq_pattern *p;
	const kg_schema *s;
	kgq_error *err;
	bool failed;
	tmp_prop props[KGQ_MAX_PROPS];
	size_t nprops;
	int var_node[KGQ_MAX_VARS];  /* a node variable's node, -1 for a relation variable */
	size_t var_pos[KGQ_MAX_VARS]; /* where each variable first appears */
} parser;

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

/* Line and column (characters, 1-based) of byte offset pos of t. */
static void place(const char *t, size_t pos, uint32_t *line, uint32_t *col)
{
	uint32_t l = 1, c = 1;
	for (size_t i = 0; i < pos; i++) {
		if (t[i] == '\n') {
			l++;
			c = 1;
		} else if (((unsigned char)t[i] & 0xc0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}

static bool fail(parser *ps, size_t pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static bool fail(parser *ps, size_t pos, const char *fmt, ...)
{
	if (ps->failed)
		return false;
	ps->failed = true;
	place(ps->t, pos, &ps->err->line, &ps->err->col);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(ps->err->msg, sizeof ps->err->msg, fmt, ap);
	va_end(ap);
	return false;
}

/* What is at pos, for "got ...": a quoted word or character, or the end. */
static const char *got(const parser *ps, size_t pos, char *buf, size_t bufsz)
{
	if (pos >= ps->len)
		return "the end of the pattern";
	size_t n = 1;
	unsigned char c = (unsigned char)ps->t[pos];
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')
		while (n < 24 && pos + n < ps->len &&
		       ((ps->t[pos + n] >= 'a' && ps->t[pos + n] <= 'z') ||
			(ps->t[pos + n] >= 'A' && ps->t[pos + n] <= 'Z') ||
			(ps->t[pos + n] >= '0' && ps->t[pos + n] <= '9') || ps->t[pos + n] == '_'))
			n++;
	if (c < 0x20 || c >= 0x7f)
		snprintf(buf, bufsz, "byte 0x%02x", c);
	else
		snprintf(buf, bufsz, "'%.*s'", (int)n, ps->t + pos);
	return buf;
}

/* ------------------------------------------------------------------ */
/* Characters and words                                                */
/* ------------------------------------------------------------------ */

static bool is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
static bool is_digit(int c) { return c >= '0' && c <= '9'; }

static int peek(const parser *ps) { return ps->pos < ps->len ? (unsigned char)ps->t[ps->pos] : -1; }

static void skip_ws(parser *ps)
{
	while (ps->pos < ps->len && (ps->t[ps->pos] == ' ' || ps->t[ps->pos] == '\t' ||
				     ps->t[ps->pos] == '\n' || ps->t[ps->pos] == '\r'))
		ps->pos++;
}

/* Consumes c (after blanks) or fails with "expected C what, got X". */
static bool expect(parser *ps, char c, const char *what)
{
	skip_ws(ps);
	if (peek(ps) == c) {
		ps->pos++;
		return true;
	}
	char buf[40];
	return fail(ps, ps->pos, "expected '%c'%s%s, got %s", c, *what ? " " : "", what,
		    got(ps, ps->pos, buf, sizeof buf));
}

/* Copies s[0..n) into the pattern's string space; NULL (and failed) when full. */
static const char *keep(parser *ps, const char *s, size_t n)
{
	kgq_pattern *p = ps->p;
	if (p->nstr + n + 1 > sizeof p->str) {
		fail(ps, ps->pos, "pattern too complex");
		return NULL;
	}
	char *d = p->str + p->nstr;
	memcpy(d, s, n);
	d[n] = '\0';
	p->nstr += n + 1;
	return d;
}

/* A name: a letter or '_', then letters, digits, '_' (and '-' when
 * `dashes`, as type and attribute names allow). */
static const char *word(parser *ps, bool dashes, size_t *at)
{
	skip_ws(ps);
	*at = ps->pos;
	if (!is_alpha(peek(ps)))
		return NULL;
	size_t b = ps->pos;
	/* a '-' belongs to a name only inside it: (c:x)-->, [:y->(c) end it */
	while (ps->pos < ps->len && (is_alpha(peek(ps)) || is_digit(peek(ps)) ||
				     (dashes && peek(ps) == '-' && ps->pos + 1 < ps->len &&
				      (is_alpha((unsigned char)ps->t[ps->pos + 1]) ||
				       is_digit((unsigned char)ps->t[ps->pos + 1])))))
		ps->pos++;
	if (ps->pos - b > 64) {
		fail(ps, b, "name longer than 64 characters");
		return NULL;
	}
	return keep(ps, ps->t + b, ps->pos - b);
}

/* ------------------------------------------------------------------ */
/* Names of the schema                                                 */
/* ------------------------------------------------------------------ */

static kg_tid entity_type(parser *ps, const char *name, size_t at)
{
	kg_tid t = kg_schema_type_find(ps->s, name);
	if (t != KG_NONE)
		return t;
	if (kg_schema_rtype_find(ps->s, name) != KG_NONE) {
		fail(ps, at, "'%s' is a relation type, not an entity type", name);
		return KG_NONE;
	}
	const char *near = kg_schema_type_near(ps->s, name, false);
	if (near)
		fail(ps, at, "unknown entity type '%s' (did you mean '%s'?)", name, near);
	else
		fail(ps, at, "unknown entity type '%s'", name);
	return KG_NONE;
}

static kg_rtid relation_type(parser *ps, const char *name, size_t at)
{
	kg_rtid rt = kg_schema_rtype_find(ps->s, name);
	if (rt != KG_NONE)
		return rt;
	if (kg_schema_type_find(ps->s, name) != KG_NONE) {
		fail(ps, at, "'%s' is an entity type, not a relation type", name);
		return KG_NONE;
	}
	const char *near = kg_schema_type_near(ps->s, name, true);
	if (near)
		fail(ps, at, "unknown relation type '%s' (did you mean '%s'?)", name, near);
	else
		fail(ps, at, "unknown relation type '%s'", name);
	return KG_NONE;
}

/* The definition of attribute `key` for a node of type t (KG_NONE: any
 * type) or an edge of relation types rts[0..nrt) (none: any); NULL and
 * failed when no such type declares it. */
static const kgsc_attr *find_attr(parser *ps, bool edge, kg_tid t, const kg_rtid *rts, size_t nrt,
				  const char *key, size_t at)
{
	const kg_schema *s = ps->s;
	kgsp_near n;
	kgsp_near_init(&n, key);
	kgsp_near_try(&n, "id");
	if (!edge) {
		kgsp_near_try(&n, "name");
		for (kg_tid u = 0; u < kg_schema_type_count(s); u++) {
			if (t != KG_NONE && u != t)
				continue;
			const kgsc_attr *a = kgsc_entity_attr(s, u, key);
			if (a)
				return a;
			const kgsc_etype *et = kgsc_get_etype(s, u);
			for (size_t i = 0; et && i < et->nall; i++)
				kgsp_near_try(&n, et->all[i]->name);
		}
	} else {
		for (kg_rtid u = 0; u < kg_schema_rtype_count(s); u++) {
			bool named = nrt == 0;
			for (size_t i = 0; i < nrt && !named; i++)
				named = rts[i] == u;
			if (!named)
				continue;
			const kgsc_attr *a = kgsc_rel_attr(s, u, key);
			if (a)
				return a;
			const kgsc_rtype *rt = kgsc_get_rtype(s, u);
			for (size_t i = 0; rt && i < rt->nattrs; i++)
				kgsp_near_try(&n, rt->attrs[i].name);
		}
	}
	char who[96];
	if (!edge && t != KG_NONE)
		snprintf(who, sizeof who, "entity type '%s' has", kg_schema_type_name(s, t));
	else if (edge && nrt == 1)
		snprintf(who, sizeof who, "relation type '%s' has", kg_schema_rtype_name(s, rts[0]));
	else if (edge && nrt > 1)
		snprintf(who, sizeof who, "none of the relation types named has");
	else
		snprintf(who, sizeof who, "no %s type has", edge ? "relation" : "entity");
	if (n.word)
		fail(ps, at, "%s no attribute '%s' (did you mean '%s'?)", who, key, n.word);
	else
		fail(ps, at, "%s no attribute '%s'", who, key);
	return NULL;
}

static const char *atype_name(kg_atype t)
{
	static const char *const names[] = {"string", "text", "int", "number", "bool", "date",
					    "quantity", "enum", "ref", "list"};
	return (unsigned)t < sizeof names / sizeof names[0] ? names[t] : "value";
}

/* Whether the literal fits the attribute's type (a list: its items'). */
static bool check_literal(parser *ps, const kgsc_attr *a, const kgq_prop *pr, size_t at)
{
	const kgsc_attr *d = a->type == KG_AT_LIST && a->of ? a->of : a;
	bool ok;
	const char *want;
	switch (d->type) {
	case KG_AT_INT:
	case KG_AT_NUMBER:
	case KG_AT_QUANTITY: ok = pr->kind == KGQ_L_INT || pr->kind == KGQ_L_NUMBER; want = "a number"; break;
	case KG_AT_BOOL: ok = pr->kind == KGQ_L_BOOL; want = "true or false"; break;
	default: ok = pr->kind == KGQ_L_STRING; want = "a string"; break;
	}
	if (!ok)
		return fail(ps, at, "attribute '%s' is a%s %s: compare it with %s", a->name,
			    d->type == KG_AT_INT || d->type == KG_AT_ENUM ? "n" : "", atype_name(d->type), want);
	if (d->type == KG_AT_ENUM) {
		kgsp_near n;
		kgsp_near_init(&n, pr->s);
		for (size_t i = 0; i < d->nvalues; i++) {
			if (strcmp(d->values[i], pr->s) == 0)
				return true;
			kgsp_near_try(&n, d->values[i]);
		}
		if (n.word)
			return fail(ps, at, "'%s' is not a value of '%s' (did you mean '%s'?)", pr->s, a->name, n.word);
		return fail(ps, at, "'%s' is not a value of '%s'", pr->s, a->name);
	}
	return true;
}

/* ------------------------------------------------------------------ */
/* Literals and {key: value}                                           */
/* ------------------------------------------------------------------ */

static bool string_literal(parser *ps, kgq_prop *pr)
{
	char q = ps->t[ps->pos];
	size_t start = ps->pos++;
	char *d = ps->p->str + ps->p->nstr, *d0 = d;
	char *end = ps->p->str + sizeof ps->p->str - 1;
	for (;;) {
		if (ps->pos >= ps->len)
			return fail(ps, start, "unterminated string");
		char c = ps->t[ps->pos++];
		if (c == q)
			break;
		if (c == '\\') {
			if (ps->pos >= ps->len)
				return fail(ps, start, "unterminated string");
			char e = ps->t[ps->pos++];
			c = e == 'n' ? '\n' : e == 't' ? '\t' : e;
			if (!strchr("nt\\'\"", e))
				return fail(ps, ps->pos - 2, "unknown escape '\\%c' (\\\\, \\', \\\", \\n and \\t are)", e);
		}
		if (d >= end)
			return fail(ps, start, "pattern too complex");
		*d++ = c;
	}
	*d++ = '\0';
	ps->p->nstr += (size_t)(d - d0);
	pr->kind = KGQ_L_STRING;
	pr->s = d0;
	return true;
}

static bool number_literal(parser *ps, kgq_prop *pr)
{
	size_t b = ps->pos;
	if (peek(ps) == '-')
		ps->pos++;
	bool isint = true;
	while (is_digit(peek(ps)))
		ps->pos++;
	if (peek(ps) == '.' && ps->pos + 1 < ps->len && is_digit((unsigned char)ps->t[ps->pos + 1])) {
		isint = false;
		ps->pos++;
		while (is_digit(peek(ps)))
			ps->pos++;
	}
	if (peek(ps) == 'e' || peek(ps) == 'E') {
		isint = false;
		ps->pos++;
		if (peek(ps) == '+' || peek(ps) == '-')
			ps->pos++;
		if (!is_digit(peek(ps)))
			return fail(ps, b, "malformed number");
		while (is_digit(peek(ps)))
			ps->pos++;
	}
	char buf[64];
	size_t n = ps->pos - b;
	if (n >= sizeof buf || (n == 1 && ps->t[b] == '-'))
		return fail(ps, b, n == 1 ? "malformed number" : "number too long");
	memcpy(buf, ps->t + b, n);
	buf[n] = '\0';
	pr->d = strtod(buf, NULL);
	if (isint) {
		char *e;
		long long v = strtoll(buf, &e, 10);
		if (v == -9223372036854775807LL - 1 || v == 9223372036854775807LL)
			return fail(ps, b, "integer out of range");
		pr->i = v;
		pr->kind = KGQ_L_INT;
	} else {
		pr->kind = KGQ_L_NUMBER;
	}
	return true;
}

static bool literal(parser *ps, kgq_prop *pr)
{
	skip_ws(ps);
	int c = peek(ps);
	if (c == '\'' || c == '"')
		return string_literal(ps, pr);
	if (is_digit(c) || c == '-')
		return number_literal(ps, pr);
	size_t at;
	const char *w = is_alpha(c) ? word(ps, false, &at) : NULL;
	if (w && (strcmp(w, "true") == 0 || strcmp(w, "false") == 0)) {
		pr->kind = KGQ_L_BOOL;
		pr->i = w[0] == 't';
		pr->d = (double)pr->i;
		return true;
	}
	char buf[40];
	return fail(ps, w ? at : ps->pos, "expected a value ('text', a number, true or false), got %s",
		    got(ps, w ? at : ps->pos, buf, sizeof buf));
}

/* {key: value, ...} for a node of type t or an edge of types rts. */
static bool props(parser *ps, bool edge, uint16_t owner, kg_tid t, const kg_rtid *rts, size_t nrt)
{
	size_t open = ps->pos++;
	skip_ws(ps);
	if (peek(ps) == '}') {
		ps->pos++;
		return true;
	}
	for (;;) {
		size_t at;
		const char *key = word(ps, true, &at);
		char buf[40];
		if (!key)
			return fail(ps, at, "expected an attribute name, got %s", got(ps, at, buf, sizeof buf));
		if (!expect(ps, ':', "after the attribute name"))
			return false;
		if (ps->nprops == KGQ_MAX_PROPS)
			return fail(ps, at, "more than %d {key: value} tests", KGQ_MAX_PROPS);
		tmp_prop *tp = &ps->props[ps->nprops];
		memset(tp, 0, sizeof *tp);
		tp->owner = owner;
		tp->edge = edge;
		kgq_prop *pr = &tp->prop;
		pr->key = key;
		skip_ws(ps);
		size_t vat = ps->pos;
		if (!literal(ps, pr))
			return false;
		if (strcmp(key, "id") == 0 || (!edge && strcmp(key, "name") == 0)) {
			pr->field = key[0] == 'i' ? KGQ_F_ID : KGQ_F_NAME;
			if (pr->kind != KGQ_L_STRING)
				return fail(ps, vat, "'%s' is a string: compare it with 'text'", key);
		} else {
			const kgsc_attr *a = find_attr(ps, edge, t, rts, nrt, key, at);
			if (!a || !check_literal(ps, a, pr, vat))
				return false;
			pr->field = KGQ_F_ATTR;
			pr->attr = a->ix;
		}
		ps->nprops++;
		skip_ws(ps);
		if (peek(ps) == ',') {
			ps->pos++;
			continue;
		}
		if (peek(ps) == '}') {
			ps->pos++;
			return true;
		}
		uint32_t l, c;
		place(ps->t, open, &l, &c);
		return fail(ps, ps->pos, "expected ',' or '}' to close the {...} opened at %u:%u, got %s",
			    l, c, got(ps, ps->pos, buf, sizeof buf));
	}
}

/* ------------------------------------------------------------------ */
/* Variables                                                           */
/* ------------------------------------------------------------------ */

/* The number of variable `name` (a new one when unseen), or -1 (failed). */
static int variable(parser *ps, const char *name, size_t at, bool rel)
{
	kgq_pattern *p = ps->p;
	for (size_t i = 0; i < p->nvars; i++) {
		if (strcmp(p->vars[i], name) != 0)
			continue;
		if (p->var_is_rel[i] != rel) {
			uint32_t l, c;
			place(ps->t, ps->var_pos[i], &l, &c);
			fail(ps, at, "variable '%s' is %s at %u:%u and %s here", name,
			     rel ? "an entity" : "a relation", l, c, rel ? "a relation" : "an entity");
			return -1;
		}
		return (int)i;
	}
	if (p->nvars == KGQ_MAX_VARS) {
		fail(ps, at, "more than %d variables", KGQ_MAX_VARS);
		return -1;
	}
	p->vars[p->nvars] = name;
	p->var_is_rel[p->nvars] = rel;
	ps->var_node[p->nvars] = -1;
	ps->var_pos[p->nvars] = at;
	return (int)p->nvars++;
}

/* ------------------------------------------------------------------ */
/* Nodes and relations                                                 */
/* ------------------------------------------------------------------ */

/* (var:type {props}): the node's number, or -1. */
static int node(parser *ps)
{
	kgq_pattern *p = ps->p;
	skip_ws(ps);
	size_t open = ps->pos;
	char buf[40];
	if (peek(ps) != '(') {
		fail(ps, open, "expected '(' to start a node, got %s", got(ps, open, buf, sizeof buf));
		return -1;
	}
	ps->pos++;
	size_t at;
	const char *name = word(ps, false, &at);
	int var = -1, ni = -1;
	if (name) {
		if ((var = variable(ps, name, at, false)) < 0)
			return -1;
		ni = ps->var_node[var];
	}
	if (ni < 0) {
		if (p->nnodes + p->nedges >= KGQ_MAX_ELEMS) {
			fail(ps, open, "more than %d nodes and relations", KGQ_MAX_ELEMS);
			return -1;
		}
		ni = (int)p->nnodes++;
		p->nodes[ni] = (kgq_node){.var = var, .type = KG_NONE};
		if (var >= 0)
			ps->var_node[var] = ni;
	}
	kgq_node *nd = &p->nodes[ni];
	kg_tid t = KG_NONE;
	skip_ws(ps);
	if (peek(ps) == ':') {
		ps->pos++;
		const char *tn = word(ps, true, &at);
		if (!tn) {
			fail(ps, at, "expected an entity type after ':', got %s", got(ps, at, buf, sizeof buf));
			return -1;
		}
		if ((t = entity_type(ps, tn, at)) == KG_NONE)
			return -1;
		if (nd->type == KG_NONE || kg_schema_type_is(ps->s, t, nd->type))
			nd->type = t;
		else if (!kg_schema_type_is(ps->s, nd->type, t))
			nd->never = true;
	}
	skip_ws(ps);
	if (peek(ps) == '{' && !props(ps, false, (uint16_t)ni, t, NULL, 0))
		return -1;
	uint32_t l, c;
	place(ps->t, open, &l, &c);
	char what[48];
	snprintf(what, sizeof what, "to close the node opened at %u:%u", l, c);
	return expect(ps, ')', what) ? ni : -1;
}

/* *min..max after the '*' (at star). */
static bool range(parser *ps, kgq_edge *e, size_t star)
{
	long v[2] = {-1, -1};
	int k = 0;
	skip_ws(ps);
	for (;;) {
		if (is_digit(peek(ps))) {
			long x = 0; /* saturates: any bound past the cap is refused anyway */
			while (is_digit(peek(ps))) {
				if (x < 1000000)
					x = x * 10 + (peek(ps) - '0');
				ps->pos++;
			}
			v[k] = x;
		}
		if (k == 0 && ps->pos + 1 < ps->len && ps->t[ps->pos] == '.' && ps->t[ps->pos + 1] == '.') {
			ps->pos += 2;
			k = 1;
			skip_ws(ps);
			continue;
		}
		break;
	}
	if (k == 0 && v[0] < 0)
		return fail(ps, star, "a variable length needs bounds, e.g. *1..3 (at most %d hops)", KGQ_MAX_HOPS);
	if (k == 0)
		v[1] = v[0];
	if (v[0] < 0)
		v[0] = 1;
	if (v[1] < 0)
		return fail(ps, star, "a variable length needs an upper bound, e.g. *%ld..3 (at most %d hops)",
			    v[0], KGQ_MAX_HOPS);
	if (v[1] > KGQ_MAX_HOPS)
		return fail(ps, star, "at most %d hops in a variable length, got %.*s", KGQ_MAX_HOPS,
			    (int)(ps->pos - star > 40 ? 40 : ps->pos - star), ps->t + star);
	if (v[0] > v[1])
		return fail(ps, star, "the lower bound is above the upper one in *%ld..%ld", v[0], v[1]);
	e->varlen = true;
	e->min = (uint8_t)v[0];
	e->max = (uint8_t)v[1];
	return true;
}

/* [var:type|type*min..max {props}] after the '['. */
static bool rel_body(parser *ps, kgq_edge *e, uint16_t ei, size_t open)
{
	kgq_pattern *p = ps->p;
	char buf[40];
	size_t at, var_at = 0;
	const char *name = word(ps, false, &at);
	if (name) {
		if ((e->var = variable(ps, name, at, true)) < 0)
			return false;
		var_at = at;
	}
	skip_ws(ps);
	e->rt0 = (uint16_t)p->nrtypes;
	if (peek(ps) == ':') {
		do {
			ps->pos++;
			skip_ws(ps);
			if (peek(ps) == ':')
				ps->pos++;
			const char *tn = word(ps, true, &at);
			if (!tn)
				return fail(ps, at, "expected a relation type, got %s", got(ps, at, buf, sizeof buf));
			kg_rtid rt = relation_type(ps, tn, at);
			if (rt == KG_NONE)
				return false;
			if (p->nrtypes == KGQ_MAX_RTYPES)
				return fail(ps, at, "more than %d relation types named", KGQ_MAX_RTYPES);
			p->rtypes[p->nrtypes++] = rt;
			e->nrt++;
			skip_ws(ps);
		} while (peek(ps) == '|');
	}
	if (peek(ps) == '*') {
		size_t star = ps->pos++;
		if (e->var >= 0)
			return fail(ps, var_at, "a variable-length relation cannot be named (it stands for "
				    "paths, not one relation): drop '%s'", name);
		if (!range(ps, e, star))
			return false;
		skip_ws(ps);
	}
	if (peek(ps) == '{' && !props(ps, true, ei, KG_NONE, p->rtypes + e->rt0, e->nrt))
		return false;
	uint32_t l, c;
	place(ps->t, open, &l, &c);
	char what[56];
	snprintf(what, sizeof what, "to close the relation opened at %u:%u", l, c);
	return expect(ps, ']', what);
}

/* -[...]->, <-[...]-, -[...]-, -->, <--, --: the edge (its ends unset). */
static bool relation(parser *ps, kgq_edge *e, uint16_t ei)
{
	char buf[40];
	skip_ws(ps);
	size_t start = ps->pos;
	bool left = false, right = false;
	if (peek(ps) == '<') {
		left = true;
		ps->pos++;
	}
	if (peek(ps) != '-')
		return fail(ps, ps->pos, "expected '-' in a relation, got %s", got(ps, ps->pos, buf, sizeof buf));
	ps->pos++;
	skip_ws(ps);
	if (peek(ps) == '[') {
		size_t open = ps->pos++;
		if (!rel_body(ps, e, ei, open))
			return false;
		skip_ws(ps);
	}
	if (peek(ps) != '-')
		return fail(ps, ps->pos, "expected '-' to end the relation, got %s",
			    got(ps, ps->pos, buf, sizeof buf));
	ps->pos++;
	if (peek(ps) == '>') {
		right = true;
		ps->pos++;
	}
	if (left && right)
		return fail(ps, start, "a relation points one way or neither: '<-...->' cannot match");
	e->dir = (uint8_t)(left ? KG_DIR_IN : right ? KG_DIR_OUT : KG_DIR_BOTH);
	return true;
}

/* node (relation node)* */
static bool path(parser *ps)
{
	kgq_pattern *p = ps->p;
	int a = node(ps);
	if (a < 0)
		return false;
	for (;;) {
		skip_ws(ps);
		if (peek(ps) != '-' && peek(ps) != '<')
			return true;
		if (p->nnodes + p->nedges >= KGQ_MAX_ELEMS)
			return fail(ps, ps->pos, "more than %d nodes and relations", KGQ_MAX_ELEMS);
		uint16_t ei = (uint16_t)p->nedges++;
		kgq_edge *e = &p->edges[ei];
		*e = (kgq_edge){.var = -1, .min = 1, .max = 1};
		if (!relation(ps, e, ei))
			return false;
		int b = node(ps);
		if (b < 0)
			return false;
		e->a = (uint16_t)a;
		e->b = (uint16_t)b;
		a = b;
	}
}

/* Groups the props by owner: every node's, then every edge's. */
static void group_props(parser *ps)
{
	kgq_pattern *p = ps->p;
	p->nprops = 0;
	for (int edge = 0; edge < 2; edge++) {
		size_t n = edge ? p->nedges : p->nnodes;
		for (size_t o = 0; o < n; o++) {
			uint16_t start = (uint16_t)p->nprops;
			for (size_t i = 0; i < ps->nprops; i++)
				if (ps->props[i].edge == (bool)edge && ps->props[i].owner == o)
					p->props[p->nprops++] = ps->props[i].prop;
			if (edge) {
				p->edges[o].prop0 = start;
				p->edges[o].nprops = (uint16_t)(p->nprops - start);
			} else {
				p->nodes[o].prop0 = start;
				p->nodes[o].nprops = (uint16_t)(p->nprops - start);
			}
		}
	}
}

kgq_pattern *kgq_parse(const kg_schema *s, const char *text, size_t len, kgq_error *err)
{
	memset(err, 0, sizeof *err);
	if (len > KGQ_MAX_TEXT) {
		snprintf(err->msg, sizeof err->msg, "pattern of %zu bytes; at most %d", len, KGQ_MAX_TEXT);
		return NULL;
	}
	if (memchr(text, '\0', len)) {
		place(text, (size_t)((const char *)memchr(text, '\0', len) - text), &err->line, &err->col);
		snprintf(err->msg, sizeof err->msg, "NUL byte in the pattern");
		return NULL;
	}
	kgq_pattern *p = calloc(1, sizeof *p);
	if (!p) {
		snprintf(err->msg, sizeof err->msg, "out of memory");
		return NULL;
	}
	p->schema = s;
	parser ps = {.t = text, .len = len, .p = p, .s = s, .err = err};
	skip_ws(&ps);
	if (ps.pos == len)
		fail(&ps, ps.pos, "empty pattern: expected a node such as (c:country)");
	while (!ps.failed) {
		if (!path(&ps))
			break;
		skip_ws(&ps);
		if (peek(&ps) == ',') {
			ps.pos++;
			continue;
		}
		if (ps.pos < len) {
			char buf[40];
			fail(&ps, ps.pos, "expected a relation, ',' or the end of the pattern, got %s",
			     got(&ps, ps.pos, buf, sizeof buf));
		}
		break;
	}
	if (ps.failed) {
		free(p);
		return NULL;
	}
	group_props(&ps);
	return p;
}

void kgq_pattern_free(kgq_pattern **p)
{
	if (!p || !*p)
		return;
	free(*p);
	*p = NULL;
}

size_t kgq_var_count(const kgq_pattern *p) { return p->nvars; }
const char *kgq_var_name(const kgq_pattern *p, size_t i) { return i < p->nvars ? p->vars[i] : NULL; }
bool kgq_var_is_rel(const kgq_pattern *p, size_t i) { return i < p->nvars && p->var_is_rel[i]; }

/* ------------------------------------------------------------------ */
/* Error text                                                          */
/* ------------------------------------------------------------------ */

#define WINDOW 60 /* characters of a long line shown each side of the column */

/* Appends to buf (n bytes used); a full buffer keeps what fitted. */
static void add(char *buf, size_t bufsz, size_t *n, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void add(char *buf, size_t bufsz, size_t *n, const char *fmt, ...)
{
	if (*n + 1 >= bufsz)
		return;
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(buf + *n, bufsz - *n, fmt, ap);
	va_end(ap);
	*n = k < 0 ? *n : *n + (size_t)k >= bufsz ? bufsz - 1 : *n + (size_t)k;
}

void kgq_error_format(const kgq_error *err, const char *text, size_t len, char *buf, size_t bufsz)
{
	size_t n = 0;
	if (bufsz == 0)
		return;
	buf[0] = '\0';
	if (err->line == 0) {
		add(buf, bufsz, &n, "pattern: %s", err->msg);
		return;
	}
	add(buf, bufsz, &n, "pattern:%u:%u: %s\n", err->line, err->col, err->msg);
	/* the line, by characters */
	size_t b = 0;
	for (uint32_t l = 1; l < err->line && b < len; b++)
		if (text[b] == '\n')
			l++;
	size_t e = b;
	while (e < len && text[e] != '\n')
		e++;
	/* a window of it around the column: from character `first` on */
	size_t first = err->col > WINDOW ? err->col - WINDOW : 1, c = 1, from = b;
	while (from < e && c < first) {
		from++;
		while (from < e && ((unsigned char)text[from] & 0xc0) == 0x80)
			from++;
		c++;
	}
	size_t to = from;
	for (size_t shown = 0; to < e && shown < 2 * WINDOW; shown++) {
		to++;
		while (to < e && ((unsigned char)text[to] & 0xc0) == 0x80)
			to++;
	}
	const char *pre = from > b ? "..." : "", *post = to < e ? "..." : "";
	add(buf, bufsz, &n, "  %s", pre);
	for (size_t i = from; i < to; i++)
		add(buf, bufsz, &n, "%c", (unsigned char)text[i] < 0x20 && text[i] != '\t' ? ' ' : text[i]);
	add(buf, bufsz, &n, "%s\n  %s", post, pre);
	for (size_t i = from; i < to && c < err->col; i++) {
		if (((unsigned char)text[i] & 0xc0) == 0x80)
			continue;
		add(buf, bufsz, &n, "%c", text[i] == '\t' ? '\t' : ' ');
		c++;
	}
	add(buf, bufsz, &n, "^");
}
