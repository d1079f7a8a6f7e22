/* draw_style.c — the words and looks of a drawing: labels, tooltips, value
 * formatting, merged styles, and atomic file output (no Graphviz calls). */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "draw.h"
#include "schema_style.h"
#include "schema_model.h"

/* Tooltips stop growing here: a browser shows no more anyway. */
#define TOOLTIP_MAX 2000

/* ================================================================ */
/* Strings                                                           */
/* ================================================================ */

static bool buf_grow(kgd_buf *b, size_t extra)
{
	if (b->oom)
		return false;
	if (b->len + extra + 1 <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + extra + 1) {
		if (cap > SIZE_MAX / 2) {
			b->oom = true;
			return false;
		}
		cap *= 2;
	}
	char *p = realloc(b->p, cap);
	if (!p) {
		b->oom = true;
		return false;
	}
	b->p = p;
	b->cap = cap;
	return true;
}

void kgd_buf_put(kgd_buf *b, const char *s, size_t n)
{
	if (!buf_grow(b, n))
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void kgd_buf_puts(kgd_buf *b, const char *s)
{
	kgd_buf_put(b, s, strlen(s));
}

void kgd_buf_printf(kgd_buf *b, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof small) {
		kgd_buf_put(b, small, (size_t)n);
		return;
	}
	if (!buf_grow(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

const char *kgd_buf_str(kgd_buf *b)
{
	return b->p && !b->oom ? b->p : "";
}

void kgd_buf_free(kgd_buf *b)
{
	free(b->p);
	*b = (kgd_buf){0};
}

void kgd_escape(kgd_buf *b, const char *s, bool record)
{
	for (const char *p = s; *p; p++) {
		char c = *p;
		if (c == '\\')
			kgd_buf_puts(b, "\\\\");
		else if (c == '\n')
			kgd_buf_puts(b, "\\n");
		else if (c == '\r')
			continue;
		else if (record && strchr("{}|<>", c)) {
			char esc[2] = {'\\', c};
			kgd_buf_put(b, esc, 2);
		} else
			kgd_buf_put(b, p, 1);
	}
}

/* ================================================================ */
/* Values                                                            */
/* ================================================================ */

/* A number for an edge label: integers with thousands separators below
 * ten million, big ones as "2.3e9", the rest with four digits. */
static void fmt_compact(kgd_buf *b, double x)
{
	if (!isfinite(x)) {
		kgd_buf_puts(b, isnan(x) ? "nan" : x < 0 ? "-inf" : "inf");
		return;
	}
	double ax = fabs(x);
	if (ax >= 1e7) {
		char m[32];
		int ex = 0;
		snprintf(m, sizeof m, "%.1e", x); /* "2.3e+09" */
		char *e = strchr(m, 'e');
		if (e) {
			ex = atoi(e + 1);
			*e = '\0';
			size_t n = strlen(m);
			if (n >= 2 && m[n - 1] == '0' && m[n - 2] == '.')
				m[n - 2] = '\0';
		}
		kgd_buf_printf(b, "%se%d", m, ex);
	} else if (x == floor(x)) {
		char d[32];
		int n = snprintf(d, sizeof d, "%.0f", ax);
		if (x < 0)
			kgd_buf_puts(b, "-");
		for (int i = 0; i < n; i++) {
			if (i > 0 && (n - i) % 3 == 0)
				kgd_buf_puts(b, ",");
			kgd_buf_put(b, d + i, 1);
		}
	} else {
		kgd_buf_printf(b, "%.4g", x);
	}
}

static void fmt_quantity(kgd_buf *b, const kg_value *v, bool compact)
{
	kg_quantity qs, *q = &qs;
	kg_value_quantity(v, q);
	bool any = false;
	if (q->has & KG_Q_VALUE) {
		compact ? fmt_compact(b, q->value) : kgd_buf_printf(b, "%.15g", q->value);
		any = true;
	} else if (q->has & KG_Q_APPROX) {
		kgd_buf_puts(b, "~");
		compact ? fmt_compact(b, q->approx) : kgd_buf_printf(b, "%.15g", q->approx);
		any = true;
	}
	if (q->has & (KG_Q_MIN | KG_Q_MAX)) {
		/* "10-20", "10+" (a floor only), "up to 20" (a ceiling only) */
		if (any)
			kgd_buf_puts(b, " ");
		if (!(q->has & KG_Q_MIN))
			kgd_buf_puts(b, "up to ");
		if (q->has & KG_Q_MIN)
			compact ? fmt_compact(b, q->min) : kgd_buf_printf(b, "%.15g", q->min);
		kgd_buf_puts(b, !(q->has & KG_Q_MAX) ? "+" : (q->has & KG_Q_MIN) ? "-" : "");
		if (q->has & KG_Q_MAX)
			compact ? fmt_compact(b, q->max) : kgd_buf_printf(b, "%.15g", q->max);
		any = true;
	}
	if (q->unit)
		kgd_buf_printf(b, "%s%s", any ? " " : "", q->unit);
	if (!compact && q->note)
		kgd_buf_printf(b, " (%s)", q->note);
}

static void source_names(kgd_buf *b, const kg_graph *g, const kg_eid *src, size_t n)
{
	for (size_t i = 0; i < n; i++)
		kgd_buf_printf(b, "%s%s", i ? "; " : "", kg_entity_name(g, src[i]));
}

void kgd_fmt_value(kgd_buf *b, const kg_graph *g, const kg_value *v)
{
	switch (v->kind) {
	case KG_V_STRING:
	case KG_V_DATE:
		kgd_buf_puts(b, v->u.s ? v->u.s : "");
		break;
	case KG_V_INT:
		kgd_buf_printf(b, "%lld", (long long)v->u.i);
		break;
	case KG_V_NUMBER:
		kgd_buf_printf(b, "%.15g", v->u.d);
		break;
	case KG_V_BOOL:
		kgd_buf_puts(b, v->u.b ? "true" : "false");
		break;
	case KG_V_QUANTITY:
		fmt_quantity(b, v, false);
		break;
	case KG_V_LIST:
		for (uint32_t i = 0; i < v->n; i++) {
			if (i)
				kgd_buf_puts(b, ", ");
			kgd_fmt_value(b, g, &v->u.items[i]);
		}
		break;
	case KG_V_CLAIMS:
		for (uint32_t i = 0; i < v->n; i++) {
			const kg_claim *c = &v->u.claims[i];
			kgd_buf_puts(b, i ? " | " : "");
			kgd_fmt_value(b, g, &c->value);
			if (c->as_of || c->nsources || c->rank != KG_RANK_NORMAL) {
				kgd_buf_puts(b, " (");
				const char *sep = "";
				if (c->as_of) {
					kgd_buf_puts(b, c->as_of);
					sep = "; ";
				}
				if (c->nsources) {
					kgd_buf_puts(b, sep);
					source_names(b, g, c->sources, c->nsources);
					sep = "; ";
				}
				if (c->rank != KG_RANK_NORMAL)
					kgd_buf_printf(b, "%s%s", sep, kg_rank_name(c->rank));
				kgd_buf_puts(b, ")");
			}
		}
		break;
	default:
		break;
	}
}

/* One value for an edge label; false when it has no compact form. */
static bool fmt_label_value(kgd_buf *b, const kg_value *v)
{
	switch (v->kind) {
	case KG_V_INT:
		fmt_compact(b, (double)v->u.i);
		return true;
	case KG_V_NUMBER:
		fmt_compact(b, v->u.d);
		return true;
	case KG_V_QUANTITY:
		fmt_quantity(b, v, true);
		return true;
	default:
		return false;
	}
}

/* ================================================================ */
/* Labels and tooltips                                               */
/* ================================================================ */

void kgd_rel_words(kgd_buf *b, const kg_schema *s, kg_rtid rt)
{
	const kgsc_rtype *t = kgsc_get_rtype(s, rt);
	if (t && t->label && *t->label) {
		kgd_buf_puts(b, t->label);
		return;
	}
	for (const char *p = kg_schema_rtype_name(s, rt); *p; p++)
		kgd_buf_put(b, *p == '_' ? " " : p, 1);
}

/* Claims of numbers: each non-deprecated value, and the date once when
 * they share it ("2.3e9 | 1.3e9 (2016)") or each its own otherwise. */
static bool fmt_label_claims(kgd_buf *b, const kg_value *v)
{
	const char *date = NULL;
	bool same = true, any = false;
	for (uint32_t i = 0; i < v->n; i++) {
		const kg_claim *c = &v->u.claims[i];
		if (c->rank == KG_RANK_DEPRECATED)
			continue;
		if (!any)
			date = c->as_of;
		else if (!(date == c->as_of || (date && c->as_of && strcmp(date, c->as_of) == 0)))
			same = false;
		any = true;
	}
	if (!any)
		return false;
	bool first = true;
	for (uint32_t i = 0; i < v->n; i++) {
		const kg_claim *c = &v->u.claims[i];
		if (c->rank == KG_RANK_DEPRECATED)
			continue;
		kgd_buf_puts(b, first ? "" : " | ");
		first = false;
		if (!fmt_label_value(b, &c->value))
			kgd_buf_puts(b, c->value.kind == KG_V_STRING ? c->value.u.s : "?");
		if (!same && c->as_of)
			kgd_buf_printf(b, " (%s)", c->as_of);
	}
	if (same && date)
		kgd_buf_printf(b, " (%s)", date);
	return true;
}

/* The date string of relation r's attribute `name` at date at, or NULL. */
static const char *rel_date(const kg_graph *g, kg_rid r, const char *name, kg_date at)
{
	const kg_value *v = kg_rel_attr(g, r, name);
	if (v && (v = kgd_value_at(v, at)) && v->kind == KG_V_CLAIMS)
		v = kg_value_best(v);
	return v && v->kind == KG_V_DATE ? v->u.s : NULL;
}

void kgd_rel_details(kgd_buf *b, const kg_graph *g, kg_rid r, kg_date at)
{
	size_t n;
	const kg_attr *a = kg_rel_attrs(g, r, &n);
	const char *date = NULL;
	bool any = false;
	/* its span, said as written (till exclusive, doc/time.md) */
	const char *since = rel_date(g, r, "since", at), *till = rel_date(g, r, "till", at);
	for (size_t i = 0; i < n; i++) {
		const kg_value *v = kgd_value_at(&a[i].value, at);
		if (!v)
			continue;
		if (v->kind == KG_V_DATE) {
			if (!date)
				date = v->u.s;
			continue;
		}
		size_t mark = b->len;
		if (any)
			kgd_buf_puts(b, ", ");
		bool shown;
		if (v->kind == KG_V_CLAIMS)
			shown = fmt_label_claims(b, v);
		else if (v->kind == KG_V_BOOL) {
			/* `negated` is said by the label's "not" */
			shown = v->u.b && strcmp(kg_attr_name(g, &a[i]), "negated") != 0;
			if (shown)
				kgd_buf_puts(b, kg_attr_name(g, &a[i]));
		} else
			shown = fmt_label_value(b, v);
		if (shown)
			any = true;
		else if (!b->oom) {
			b->len = mark;
			if (b->p)
				b->p[mark] = '\0';
		}
	}
	const char *sp = any ? " (" : "(";
	if (till)
		kgd_buf_printf(b, "%s%s\xe2\x80\x93%s)", sp, since ? since : "", till);
	else if (since)
		kgd_buf_printf(b, "%ssince %s)", sp, since);
	else if (date)
		kgd_buf_printf(b, "%s%s)", sp, date);
}

static void tooltip_attrs(kgd_buf *b, const kg_graph *g, const kg_attr *a, size_t n,
			  kg_date at)
{
	for (size_t i = 0; i < n && b->len < TOOLTIP_MAX; i++) {
		const kg_value *v = kgd_value_at(&a[i].value, at);
		if (!v)
			continue;
		kgd_buf_printf(b, "\n%s: ", kg_attr_name(g, &a[i]));
		kgd_fmt_value(b, g, v);
	}
}

static void tooltip_end(kgd_buf *b, const kg_graph *g, const kg_eid *src, size_t nsrc,
			const char *notes)
{
	if (nsrc) {
		kgd_buf_puts(b, "\nsources: ");
		source_names(b, g, src, nsrc);
	}
	if (notes)
		kgd_buf_printf(b, "\nnotes: %s", notes);
	if (b->len > TOOLTIP_MAX && !b->oom) {
		size_t cut = TOOLTIP_MAX;
		while (cut > 0 && ((unsigned char)b->p[cut] & 0xC0) == 0x80)
			cut--; /* not inside a UTF-8 sequence */
		b->len = cut;
		b->p[cut] = '\0';
		kgd_buf_puts(b, "...");
	}
}

void kgd_entity_tooltip(kgd_buf *b, const kg_graph *g, kg_eid e, kg_date at)
{
	const kg_schema *s = kg_graph_schema(g);
	kgd_buf_printf(b, "%s (%s: %s)", kg_entity_name(g, e),
		       kg_schema_type_name(s, kg_entity_type(g, e)), kg_entity_id(g, e));
	size_t n;
	const char *const *al = kg_entity_aliases(g, e, &n);
	for (size_t i = 0; i < n; i++)
		kgd_buf_printf(b, "%s%s", i ? "; " : "\naliases: ", al[i]);
	const kg_attr *a = kg_entity_attrs(g, e, &n);
	tooltip_attrs(b, g, a, n, at);
	const kg_eid *src = kg_entity_sources(g, e, &n);
	tooltip_end(b, g, src, n, kg_entity_notes(g, e));
}

void kgd_rel_tooltip(kgd_buf *b, const kg_graph *g, kg_rid r, kg_date at)
{
	const kg_schema *s = kg_graph_schema(g);
	kgd_buf_printf(b, "%s ", kg_entity_name(g, kg_rel_from(g, r)));
	if (kgd_rel_negated(g, r))
		kgd_buf_puts(b, "not ");
	kgd_rel_words(b, s, kg_rel_type(g, r));
	kgd_buf_printf(b, " %s", kg_entity_name(g, kg_rel_to(g, r)));
	if (kg_rel_id(g, r))
		kgd_buf_printf(b, " (%s)", kg_rel_id(g, r));
	size_t n;
	const kg_attr *a = kg_rel_attrs(g, r, &n);
	tooltip_attrs(b, g, a, n, at);
	const kg_eid *src = kg_rel_sources(g, r, &n);
	tooltip_end(b, g, src, n, kg_rel_notes(g, r));
}

/* ================================================================ */
/* Styles                                                            */
/* ================================================================ */

static void kvs_set(kgd_kvs *k, const char *key, const char *value)
{
	for (size_t i = 0; i < k->n; i++)
		if (strcmp(k->kv[i].key, key) == 0) {
			k->kv[i].value = value;
			return;
		}
	if (k->oom)
		return;
	if (k->n == k->cap) {
		size_t cap = k->cap ? k->cap * 2 : 8;
		kg_style_kv *kv = realloc(k->kv, cap * sizeof *kv);
		if (!kv) {
			k->oom = true;
			return;
		}
		k->kv = kv;
		k->cap = cap;
	}
	k->kv[k->n++] = (kg_style_kv){key, value};
}

static void kvs_apply(kgd_kvs *k, const kg_schema *s, const char *type, const kgd_opts *o,
		      bool schema)
{
	if (schema) {
		size_t n;
		const kg_style_kv *kv = kg_schema_style(s, type, &n);
		for (size_t i = 0; kv && i < n; i++)
			kvs_set(k, kv[i].key, kv[i].value);
		return;
	}
	for (size_t i = 0; i < o->nstyles; i++)
		if (strcmp(o->styles[i].type, type) == 0)
			kvs_set(k, o->styles[i].key, o->styles[i].value);
}

/* t and its ancestors, the root last; their number. */
static size_t type_chain(const kg_schema *s, kg_tid t, kg_tid chain[64])
{
	size_t n = 0;
	for (kg_tid u = t; u != KG_NONE && n < 64; u = kg_schema_type_parent(s, u))
		chain[n++] = u;
	return n;
}

/* Whether value v (an attribute's, its best claim taken) meets c. */
static bool cond_holds(const kgss_cond *c, const kg_value *v)
{
	if (!v)
		return false;
	if (v->kind == KG_V_CLAIMS)
		v = kg_value_best(v);
	if (!v)
		return false;
	for (size_t i = 0; i < c->n; i++) {
		switch (c->kind) {
		case KGSS_COND_BOOL:
			if (v->kind == KG_V_BOOL && (strcmp(c->text[i], "true") == 0) == v->u.b)
				return true;
			break;
		case KGSS_COND_NUM:
			if ((v->kind == KG_V_INT && (double)v->u.i == c->num[i]) ||
			    (v->kind == KG_V_NUMBER && v->u.d == c->num[i]))
				return true;
			break;
		default:
			if ((v->kind == KG_V_STRING || v->kind == KG_V_DATE) && v->u.s &&
			    strcmp(v->u.s, c->text[i]) == 0)
				return true;
			break;
		}
	}
	return false;
}

/* What a relation's conditions test besides its attributes: `ended`
 * (when its type declares no attribute of that name: schema_style.c lets a
 * condition name it) and, for a legend row, `negated`. */
typedef struct rel_facts {
	bool row;           /* a legend row: only `negated` and `ended` are known */
	bool derived_ended; /* `ended` is the derived fact, not an attribute */
	bool negated, ended;
} rel_facts;

static bool fact_holds(const kgss_cond *c, bool fact)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->kind == KGSS_COND_BOOL && (strcmp(c->text[i], "true") == 0) == fact)
			return true;
	return false;
}

/* Whether condition c holds for entity e (or, with e == KG_NONE, relation
 * r with facts f); for a legend row, whether it is known to hold. */
static bool rule_cond_holds(const kgss_cond *c, const kg_graph *g, kg_eid e, kg_rid r,
			    const rel_facts *f)
{
	if (f && f->derived_ended && strcmp(c->attr, "ended") == 0)
		return fact_holds(c, f->ended);
	if (f && f->row)
		return strcmp(c->attr, "negated") == 0 && fact_holds(c, f->negated);
	return cond_holds(c, e != KG_NONE ? kg_entity_attr(g, e, c->attr)
					  : kg_rel_attr(g, r, c->attr));
}

/* The rules of one type whose conditions all hold for entity e (or, with
 * e == KG_NONE, relation r and its facts f), applied in the order written;
 * with neither g nor a legend row's facts, only those without conditions
 * (the type's look); with `conditional`, only those with conditions. */
static void rules_apply(kgd_kvs *k, const kgss_rule *rules, size_t nrules, const kg_graph *g,
			kg_eid e, kg_rid r, const rel_facts *f, bool conditional)
{
	for (size_t i = 0; i < nrules; i++) {
		const kgss_rule *ru = &rules[i];
		if (conditional && ru->nwhen == 0)
			continue;
		bool holds = ru->nwhen == 0 || g || (f && f->row);
		for (size_t j = 0; j < ru->nwhen && holds; j++)
			holds = rule_cond_holds(&ru->when[j], g, e, r, f);
		for (size_t j = 0; holds && j < ru->nkv; j++)
			kvs_set(k, ru->kv[j].key, ru->kv[j].value);
	}
}

/* The chain root first, so the nearest type's keys win; then the rules
 * that hold for e (when given), root first; then the overrides, so an
 * override always wins. */
static void entity_style(kgd_kvs *out, const kg_graph *g, const kg_schema *s, kg_tid t,
			 kg_eid e, const kgd_opts *o)
{
	kg_tid chain[64];
	size_t n = type_chain(s, t, chain);
	for (size_t i = n; i-- > 0;)
		kvs_apply(out, s, kg_schema_type_name(s, chain[i]), o, true);
	for (size_t i = n; i-- > 0;) {
		size_t nr;
		const kgss_rule *ru = kgss_type_rules(s, chain[i], &nr);
		rules_apply(out, ru, nr, e != KG_NONE ? g : NULL, e, KG_NONE, NULL, false);
	}
	for (size_t i = n; i-- > 0;)
		kvs_apply(out, s, kg_schema_type_name(s, chain[i]), o, false);
}

void kgd_entity_style(kgd_kvs *out, const kg_schema *s, kg_tid t, const kgd_opts *o)
{
	entity_style(out, NULL, s, t, KG_NONE, o);
}

bool kgd_entity_varies(const kg_schema *s, kg_tid t)
{
	kg_tid chain[64];
	size_t n = type_chain(s, t, chain), nr = 0;
	for (size_t i = 0; i < n && !nr; i++)
		kgss_type_rules(s, chain[i], &nr);
	return nr > 0;
}

void kgd_entity_style_of(kgd_kvs *out, const kg_graph *g, kg_eid e, const kgd_opts *o)
{
	const kg_schema *s = kg_graph_schema(g);
	entity_style(out, g, s, kg_entity_type(g, e), e, o);
}

void kgd_rtype_style(kgd_kvs *out, const kg_schema *s, kg_rtid rt, const kgd_opts *o)
{
	const char *name = kg_schema_rtype_name(s, rt);
	kvs_apply(out, s, name, o, true);
	size_t nr;
	const kgss_rule *ru = kgss_rtype_rules(s, rt, &nr);
	rules_apply(out, ru, nr, NULL, KG_NONE, KG_NONE, NULL, false);
	kvs_apply(out, s, name, o, false);
}

bool kgd_rel_negated(const kg_graph *g, kg_rid r)
{
	const kg_value *v = kg_rel_attr(g, r, "negated");
	if (v && v->kind == KG_V_CLAIMS)
		v = kg_value_best(v);
	return v && v->kind == KG_V_BOOL && v->u.b;
}

bool kgd_rtype_varies(const kg_schema *s, kg_rtid rt)
{
	size_t nr;
	kgss_rtype_rules(s, rt, &nr);
	const kgsc_attr *a = kgsc_rel_attr(s, rt, "negated");
	return nr > 0 || (a && a->type == KG_AT_BOOL);
}

kg_date kgd_today(void)
{
	time_t t = time(NULL);
	int32_t epoch = kg_date_first((kg_date){1970, 1, 1});
	return kg_date_of_day(epoch + (int32_t)(t > 0 ? t / 86400 : 0));
}

bool kgd_rel_ended(const kg_graph *g, kg_rid r, const kgd_opts *o)
{
	if (o->at.year)
		return false; /* a drawing at a date holds only what is valid then */
	kg_span sp = kg_rel_span(g, r);
	return sp.to != KG_DAY_MAX && sp.to <= kg_date_first(o->now.year ? o->now : kgd_today());
}

static void negated_look(kgd_kvs *out)
{
	kvs_set(out, "style", "dashed");
	kvs_set(out, "color", KGD_NEGATED_COLOR);
	kvs_set(out, "fontcolor", KGD_NEGATED_COLOR);
	kvs_set(out, "arrowhead", "tee");
}

/* Dotted and faded; a negated relation keeps its tee, so the two stay
 * apart: dashed tee (not), dotted open arrow (ended), dotted tee (both). */
static void ended_look(kgd_kvs *out, bool negated)
{
	kvs_set(out, "style", "dotted");
	kvs_set(out, "color", KGD_ENDED_COLOR);
	kvs_set(out, "fontcolor", KGD_ENDED_FONTCOLOR);
	if (!negated)
		kvs_set(out, "arrowhead", "onormal");
}

/* Schema style, rules without conditions, the negated and ended looks,
 * the conditional rules that hold (for relation r of graph g, or by the
 * facts alone for a legend row), the overrides. */
static void rel_style(kgd_kvs *out, const kg_schema *s, kg_rtid rt, const kgd_opts *o,
		      const kg_graph *g, kg_rid r, const rel_facts *f)
{
	const char *name = kg_schema_rtype_name(s, rt);
	kvs_apply(out, s, name, o, true);
	size_t nr;
	const kgss_rule *ru = kgss_rtype_rules(s, rt, &nr);
	rules_apply(out, ru, nr, NULL, KG_NONE, KG_NONE, NULL, false);
	if (f->negated)
		negated_look(out);
	if (f->ended)
		ended_look(out, f->negated);
	rules_apply(out, ru, nr, g, KG_NONE, r, f, true);
	kvs_apply(out, s, name, o, false);
}

/* `ended` in a condition is the derived fact unless the type declares an
 * attribute of that name (then the condition tests the attribute). */
static bool derived_ended(const kg_schema *s, kg_rtid rt)
{
	return kgsc_rel_attr(s, rt, "ended") == NULL;
}

void kgd_rel_style(kgd_kvs *out, const kg_graph *g, kg_rid r, const kgd_opts *o)
{
	const kg_schema *s = kg_graph_schema(g);
	kg_rtid rt = kg_rel_type(g, r);
	rel_facts f = {.derived_ended = derived_ended(s, rt), .negated = kgd_rel_negated(g, r),
		       .ended = kgd_rel_ended(g, r, o)};
	rel_style(out, s, rt, o, g, r, &f);
}

void kgd_rtype_look(kgd_kvs *out, const kg_schema *s, kg_rtid rt, const kgd_opts *o,
		    bool negated, bool ended)
{
	rel_facts f = {.row = true, .derived_ended = derived_ended(s, rt), .negated = negated,
		       .ended = ended};
	rel_style(out, s, rt, o, NULL, KG_NONE, &f);
}

const char *kgd_kvs_get(const kgd_kvs *k, const char *key)
{
	for (size_t i = 0; i < k->n; i++)
		if (strcmp(k->kv[i].key, key) == 0)
			return k->kv[i].value;
	return NULL;
}

void kgd_kvs_free(kgd_kvs *k)
{
	free(k->kv);
	*k = (kgd_kvs){0};
}

/* Every attribute a style sets reaches cgraph through apply() in draw.c,
 * from the merged styles built above; kgd_draw checks them all here first,
 * whatever their source: a schema read from YAML (checked there too, with
 * locations), a snapshot's schema, or the caller's overrides. */
static int check_key(const char *type, unsigned on, const char *key, const char *value,
		     kgd_msg *m)
{
	char why[sizeof m->error - 64];
	if (kgss_attr_check(key, value, on, why, sizeof why) == KGSS_ATTR_OK)
		return 0;
	if (on == KGSS_ON_GRAPH)
		snprintf(m->error, sizeof m->error, "graph attributes: %s", why);
	else
		snprintf(m->error, sizeof m->error, "style of '%s': %s", type, why);
	return -1;
}

static int check_kvs(const char *type, unsigned on, const kg_style_kv *kv, size_t n,
		     kgd_msg *m)
{
	for (size_t i = 0; kv && i < n; i++)
		if (check_key(type, on, kv[i].key, kv[i].value, m) < 0)
			return -1;
	return 0;
}

static int check_schema_style(const kg_schema *s, const char *type, unsigned on,
			      const kgss_rule *ru, size_t nr, kgd_msg *m)
{
	size_t n;
	const kg_style_kv *kv = kg_schema_style(s, type, &n);
	if (check_kvs(type, on, kv, n, m) < 0)
		return -1;
	for (size_t i = 0; i < nr; i++)
		if (check_kvs(type, on, ru[i].kv, ru[i].nkv, m) < 0)
			return -1;
	return 0;
}

int kgd_check_style(const kg_schema *s, const kgd_style *st, kgd_msg *m)
{
	unsigned on = kg_schema_type_find(s, st->type) != KG_NONE ? KGSS_ON_NODE
		      : kg_schema_rtype_find(s, st->type) != KG_NONE ? KGSS_ON_EDGE
								     : 0;
	if (!on) {
		snprintf(m->error, sizeof m->error, "styles: no entity or relation type '%s'",
			 st->type);
		return -1;
	}
	return check_key(st->type, on, st->key, st->value, m);
}

int kgd_check_graph_attr(const kg_style_kv *kv, kgd_msg *m)
{
	return check_key("graph", KGSS_ON_GRAPH, kv->key, kv->value, m);
}

int kgd_check_styles(const kg_schema *s, const kgd_opts *o, kgd_msg *m)
{
	size_t nr;
	for (kg_tid t = 0; t < kg_schema_type_count(s); t++) {
		const kgss_rule *ru = kgss_type_rules(s, t, &nr);
		if (check_schema_style(s, kg_schema_type_name(s, t), KGSS_ON_NODE, ru, nr, m) < 0)
			return -1;
	}
	for (kg_rtid rt = 0; rt < kg_schema_rtype_count(s); rt++) {
		const kgss_rule *ru = kgss_rtype_rules(s, rt, &nr);
		if (check_schema_style(s, kg_schema_rtype_name(s, rt), KGSS_ON_EDGE, ru, nr, m) < 0)
			return -1;
	}
	const kg_style_kv *gs = kgss_graph_style(s, &nr);
	if (check_kvs("graph", KGSS_ON_GRAPH, gs, nr, m) < 0)
		return -1;
	for (size_t i = 0; i < o->nstyles; i++)
		if (kgd_check_style(s, &o->styles[i], m) < 0)
			return -1;
	for (size_t i = 0; i < o->ngraph_attrs; i++)
		if (kgd_check_graph_attr(&o->graph_attrs[i], m) < 0)
			return -1;
	return 0;
}

/* ================================================================ */
/* Output files                                                      */
/* ================================================================ */

int kgd_write_file(const char *path, const char *data, size_t len, kgd_msg *m)
{
	int err = kg_out_write_file(path, data, len, 0);
	if (err)
		snprintf(m->error, sizeof m->error, "cannot write %s: %s", path, strerror(err));
	return err ? -1 : 0;
}

/* ================================================================ */
/* Text for labels                                                   */
/* ================================================================ */

void kgd_html_escape(kgd_buf *b, const char *s)
{
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '&')
			kgd_buf_puts(b, "&amp;");
		else if (c == '<')
			kgd_buf_puts(b, "&lt;");
		else if (c == '>')
			kgd_buf_puts(b, "&gt;");
		else if (c == '"')
			kgd_buf_puts(b, "&quot;");
		else if (c == '\'')
			kgd_buf_puts(b, "&#39;");
		else if (c < 0x20 || c == 0x7f)
			kgd_buf_puts(b, c == '\n' || c == '\t' ? " " : "");
		else
			kgd_buf_put(b, p, 1);
	}
}

/* Characters (UTF-8 sequences) in s[0..n). */
static size_t chars(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

void kgd_wrap(kgd_buf *b, const char *s, size_t width)
{
	size_t line = 0; /* characters on the current line */
	while (*s) {
		size_t word = strcspn(s, " \n"), wchars = chars(s, word);
		if (line > 0 && line + 1 + wchars > width) {
			kgd_buf_puts(b, "\n");
			line = 0;
		} else if (line > 0) {
			kgd_buf_puts(b, " ");
			line++;
		}
		kgd_buf_put(b, s, word);
		line += wchars;
		s += word;
		if (*s == '\n') {
			kgd_buf_puts(b, "\n");
			line = 0;
			s++;
		}
		while (*s == ' ')
			s++;
	}
}
