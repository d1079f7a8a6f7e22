/* schema_value.c — checks a YAML node against an attribute definition and
 * turns it into a kg_value (claims, quantities, dates, lists included). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "quantity.h"
#include "schema_value.h"

static void verr(kgv_ctx *c, const kgy_node *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void verr(kgv_ctx *c, const kgy_node *n, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	kg_diags_add(c->diags, KG_ERROR, c->file, n ? n->line : 0, n ? n->col : 0, "%s", buf);
}

static void oom(kgv_ctx *c, const kgy_node *n)
{
	if (!c->oom)
		verr(c, n, "out of memory");
	c->oom = true;
}

/* What n is, for messages: a scalar's text in double quotes (escaped, cut
 * to about 60 bytes), else "a mapping", "a sequence", "null". */
static const char *shown(const kgy_node *n, char *buf, size_t bufsz)
{
	if (!n || n->kind != KGY_SCALAR || kgy_is_null(n))
		return kgy_describe(n);
	return kg_quoted(n->u.scalar.s, n->u.scalar.len, '"', 60, buf, bufsz);
}

static const char *str(kgv_ctx *c, const kgy_node *n)
{
	const char *s = kgy_intern(c->strings, n);
	if (!s)
		oom(c, n);
	return s;
}

static bool is_text(const kgy_node *n)
{
	return n && n->kind == KGY_SCALAR && !kgy_is_null(n);
}

/* ---------------------------------------------------------------- */
/* Dates                                                             */
/* ---------------------------------------------------------------- */

static const char *conv_date(kgv_ctx *c, const kgsc_attr *a, const kgy_node *n)
{
	char b[80];
	int64_t y;
	if (kgy_as_int(n, &y)) {
		if (y < 1 || y > 9999) {
			verr(c, n, "attribute '%s': year %lld is out of range 1..9999", a->name,
			     (long long)y);
			return NULL;
		}
		char t[5] = {(char)('0' + y / 1000), (char)('0' + y / 100 % 10),
			     (char)('0' + y / 10 % 10), (char)('0' + y % 10), '\0'};
		const char *s = kga_intern(c->strings, t);
		if (!s)
			oom(c, n);
		return s;
	}
	kg_date d;
	char why[96] = "";
	if (is_text(n) && kg_date_parse(n->u.scalar.s, n->u.scalar.len, &d, why, sizeof why) == 0)
		return str(c, n);
	if (why[0])
		verr(c, n, "attribute '%s': %s is not a date: %s", a->name, shown(n, b, sizeof b), why);
	else
		verr(c, n, "attribute '%s': expected a date (2019, 2019-12 or 2019-12-22), got %s",
		     a->name, shown(n, b, sizeof b));
	return NULL;
}

/* ---------------------------------------------------------------- */
/* Numbers and quantities                                            */
/* ---------------------------------------------------------------- */

/* n is a number already checked, so its text is printed as written. */
static bool in_range(kgv_ctx *c, const kgsc_attr *a, const kgy_node *n, double v)
{
	if (a->has_min && v < a->min) {
		verr(c, n, "attribute '%s': %s is less than the minimum %g", a->name,
		     n->u.scalar.s, a->min);
		return false;
	}
	if (a->has_max && v > a->max) {
		verr(c, n, "attribute '%s': %s is greater than the maximum %g", a->name,
		     n->u.scalar.s, a->max);
		return false;
	}
	return true;
}

/* A finite number; *isint when written as an integer. */
static bool number(const kgy_node *n, double *d, bool *isint)
{
	int64_t i;
	if (kgy_as_int(n, &i)) {
		*d = (double)i;
		*isint = true;
		return true;
	}
	*isint = false;
	return kgy_as_number(n, d) && isfinite(*d);
}

static const char *const qty_keys[] = { "value", "approx", "min", "max", "unit", "note", NULL };

static bool conv_quantity(kgv_ctx *c, const kgsc_attr *a, const kgy_node *n, kg_value *out)
{
	char b[80];
	kg_quantity qs, *q = &qs;
	memset(q, 0, sizeof *q);
	bool ok = true, isint;
	if (n->kind == KGY_SCALAR) {
		if (!number(n, &q->value, &isint)) {
			verr(c, n, "attribute '%s': expected a number or a mapping with value, "
				   "approx, min or max, got %s", a->name, shown(n, b, sizeof b));
			return false;
		}
		q->has = KG_Q_VALUE;
		q->isint = isint ? KG_Q_VALUE : 0;
		ok = in_range(c, a, n, q->value);
	} else if (n->kind == KGY_MAP) {
		double *field[] = { &q->value, &q->approx, &q->min, &q->max };
		bool given = false; /* a number field, valid or not */
		for (size_t i = 0; i < n->u.map.n; i++) {
			const kgy_node *k = n->u.map.pairs[i].key, *v = n->u.map.pairs[i].value;
			const kgy_node kat = kgy_key_at(&n->u.map.pairs[i]); /* for messages */
			size_t j;
			for (j = 0; qty_keys[j]; j++)
				if (strcmp(k->u.scalar.s, qty_keys[j]) == 0)
					break;
			if (!qty_keys[j]) {
				verr(c, &kat, "attribute '%s': unknown key %s in a quantity; expected "
					   "value, approx, min, max, unit, note", a->name,
				     kgy_quote(k->u.scalar.s, k->u.scalar.len, b, sizeof b));
				ok = false;
			} else if (j < 4) {
				given = true;
				if (!number(v, field[j], &isint)) {
					verr(c, v, "attribute '%s': '%s' must be a number, got %s",
					     a->name, qty_keys[j], shown(v, b, sizeof b));
					ok = false;
					continue;
				}
				q->has |= (uint8_t)(1u << j);
				q->isint |= isint ? (uint8_t)(1u << j) : 0;
				ok &= in_range(c, a, v, *field[j]);
			} else if (!is_text(v)) {
				verr(c, v, "attribute '%s': '%s' must be a string, got %s", a->name,
				     qty_keys[j], shown(v, b, sizeof b));
				ok = false;
			} else if (!(*(j == 4 ? &q->unit : &q->note) = str(c, v))) {
				return false;
			}
		}
		if (!given) {
			verr(c, n, "attribute '%s': a quantity needs at least one of value, approx, "
				   "min, max", a->name);
			ok = false;
		}
		if ((q->has & KG_Q_MIN) && (q->has & KG_Q_MAX) && q->min > q->max) {
			verr(c, kgy_map_get(n, "min"), "attribute '%s': min %g is greater than max %g",
			     a->name, q->min, q->max);
			ok = false;
		}
	} else {
		verr(c, n, "attribute '%s': expected a number or a mapping with value, approx, "
			   "min or max, got %s", a->name, kgy_describe(n));
		return false;
	}
	if (kgq_pack(c->arena, q, out) < 0)
		return oom(c, n), false;
	return ok;
}

/* ---------------------------------------------------------------- */
/* One value (no claims)                                             */
/* ---------------------------------------------------------------- */

static bool conv_one(kgv_ctx *c, const kgsc_attr *a, const kgy_node *n, kg_value *out);

/* Whether n's text matches a's pattern; reports when not, or when a
 * limit stopped the match. */
static bool match_pattern(kgv_ctx *c, const kgsc_attr *a, const kgy_node *n)
{
	char b[80], why[200];
	switch (kgsc_pattern_match(a->re, n->u.scalar.s, n->u.scalar.len, why, sizeof why)) {
	case KGSC_MATCH:
		return true;
	case KGSC_NO_MATCH:
		verr(c, n, "attribute '%s': %s does not match pattern '%s'", a->name,
		     shown(n, b, sizeof b), a->pattern);
		return false;
	default:
		verr(c, n, "attribute '%s': pattern '%s' could not be matched within %s",
		     a->name, a->pattern, why);
		return false;
	}
}

static bool conv_string(kgv_ctx *c, const kgsc_attr *a, const kgy_node *n, kg_value *out)
{
	char b[80];
	if (!is_text(n)) {
		verr(c, n, "attribute '%s': expected %s, got %s", a->name,
		     a->type == KG_AT_REF ? "an entity id" : "a string", kgy_describe(n));
		return false;
	}
	if (a->re && !match_pattern(c, a, n))
		return false;
	if (a->type == KG_AT_ENUM) {
		size_t i;
		for (i = 0; i < a->nvalues; i++)
			if (strcmp(a->values[i], n->u.scalar.s) == 0)
				break;
		if (i == a->nvalues) {
			char exp[400];
			size_t len = 0;
			for (i = 0; i < a->nvalues && len < sizeof exp; i++)
				len += (size_t)snprintf(exp + len, sizeof exp - len, "%s%s",
							i ? ", " : "", a->values[i]);
			verr(c, n, "attribute '%s': %s is not one of %s", a->name,
			     shown(n, b, sizeof b), exp);
			return false;
		}
	}
	if (c->no_text && a->type != KG_AT_REF && a->type != KG_AT_ENUM)
		out->u.s = "";
	else if (!(out->u.s = str(c, n)))
		return false;
	out->kind = KG_V_STRING;
	if (a->type == KG_AT_REF && c->ref)
		c->ref(c->ud, out->u.s, n->line, n->col, NULL, a->ref_to);
	return true;
}

static bool conv_list(kgv_ctx *c, const kgsc_attr *a, const kgy_node *n, kg_value *out)
{
	if (n->kind != KGY_SEQ) {
		verr(c, n, "attribute '%s': expected a sequence, got %s", a->name, kgy_describe(n));
		return false;
	}
	bool ok = true;
	size_t cnt = n->u.seq.n;
	if ((a->has_min && (double)cnt < a->min) || (a->has_max && (double)cnt > a->max)) {
		verr(c, n, "attribute '%s': %zu items; expected %s %g", a->name, cnt,
		     a->has_min && (double)cnt < a->min ? "at least" : "at most",
		     a->has_min && (double)cnt < a->min ? a->min : a->max);
		ok = false;
	}
	kg_value *items = kga_calloc(c->arena, cnt ? cnt : 1, sizeof *items);
	if (!items)
		return oom(c, n), false;
	for (size_t i = 0; i < cnt; i++)
		if (!conv_one(c, a->of, n->u.seq.items[i], &items[i]))
			ok = false;
	out->kind = KG_V_LIST;
	out->n = (uint32_t)cnt;
	out->u.items = items;
	return ok && !c->oom;
}

static bool conv_one(kgv_ctx *c, const kgsc_attr *a, const kgy_node *n, kg_value *out)
{
	char b[80];
	int64_t i;
	bool isint;
	memset(out, 0, sizeof *out);
	switch (a->type) {
	case KG_AT_STRING:
	case KG_AT_TEXT:
	case KG_AT_ENUM:
	case KG_AT_REF:
		return conv_string(c, a, n, out);
	case KG_AT_INT:
		if (!kgy_as_int(n, &i)) {
			verr(c, n, "attribute '%s': expected an integer, got %s", a->name,
			     shown(n, b, sizeof b));
			return false;
		}
		out->kind = KG_V_INT;
		out->u.i = i;
		return in_range(c, a, n, (double)i);
	case KG_AT_NUMBER:
		if (!number(n, &out->u.d, &isint)) {
			verr(c, n, "attribute '%s': expected a number, got %s", a->name,
			     shown(n, b, sizeof b));
			return false;
		}
		out->kind = KG_V_NUMBER;
		return in_range(c, a, n, out->u.d);
	case KG_AT_BOOL:
		if (!kgy_as_bool(n, &out->u.b)) {
			verr(c, n, "attribute '%s': expected true or false, got %s", a->name,
			     shown(n, b, sizeof b));
			return false;
		}
		out->kind = KG_V_BOOL;
		return true;
	case KG_AT_DATE:
		if (!(out->u.s = conv_date(c, a, n)))
			return false;
		out->kind = KG_V_DATE;
		return true;
	case KG_AT_QUANTITY:
		return conv_quantity(c, a, n, out);
	case KG_AT_LIST:
		return conv_list(c, a, n, out);
	}
	return false;
}

/* ---------------------------------------------------------------- */
/* Claims                                                            */
/* ---------------------------------------------------------------- */

/* A sequence of mappings with `value` is a list of claims, except for a
 * list whose items may be mappings themselves (a list of quantities):
 * there each item must also carry provenance. */
static bool is_claims(const kgsc_attr *a, const kgy_node *n)
{
	if (n->kind != KGY_SEQ || n->u.seq.n == 0)
		return false;
	bool strict = a->type == KG_AT_LIST && a->of && a->of->type == KG_AT_QUANTITY;
	for (size_t i = 0; i < n->u.seq.n; i++) {
		const kgy_node *it = n->u.seq.items[i];
		if (it->kind != KGY_MAP || !kgy_map_get(it, "value"))
			return false;
		if (strict && !kgy_map_get(it, "sources") && !kgy_map_get(it, "as_of") &&
		    !kgy_map_get(it, "since") && !kgy_map_get(it, "till") && !kgy_map_get(it, "rank"))
			return false;
	}
	return true;
}

static const char *const claim_keys[] = {
	"value", "sources", "as_of", "since", "till", "note", "rank", NULL,
};

static bool conv_claim(kgv_ctx *c, const kgsc_attr *a, const kgy_node *n, kg_claim *cl,
		       kg_tid source_type)
{
	char b[80];
	bool ok = true;
	cl->loc = (kg_loc){c->file, n->line, n->col};
	for (size_t i = 0; i < n->u.map.n; i++) {
		const kgy_node *k = n->u.map.pairs[i].key;
		const kgy_node kat = kgy_key_at(&n->u.map.pairs[i]); /* for messages */
		size_t j;
		for (j = 0; claim_keys[j]; j++)
			if (strcmp(k->u.scalar.s, claim_keys[j]) == 0)
				break;
		if (!claim_keys[j]) {
			verr(c, &kat, "attribute '%s': unknown key %s in a claim; expected value, "
				   "sources, as_of, since, till, note, rank", a->name,
			     kgy_quote(k->u.scalar.s, k->u.scalar.len, b, sizeof b));
			ok = false;
		}
	}
	ok &= conv_one(c, a, kgy_map_get(n, "value"), &cl->value);
	const kgy_node *v;
	if ((v = kgy_map_get(n, "sources"))) {
		if (v->kind != KGY_SEQ) {
			verr(c, v, "attribute '%s': a claim's 'sources' must be a sequence of "
				   "source ids, got %s", a->name, kgy_describe(v));
			ok = false;
		} else if (v->u.seq.n) {
			kg_eid *src = kga_calloc(c->arena, v->u.seq.n, sizeof *src);
			if (!src)
				return oom(c, v), false;
			cl->sources = src;
			cl->nsources = (uint32_t)v->u.seq.n;
			for (size_t i = 0; i < v->u.seq.n; i++) {
				const kgy_node *it = v->u.seq.items[i];
				src[i] = KG_NONE;
				if (!is_text(it)) {
					verr(c, it, "attribute '%s': expected a source id, got %s",
					     a->name, kgy_describe(it));
					ok = false;
					continue;
				}
				const char *id = str(c, it);
				if (!id)
					return false;
				if (c->ref)
					c->ref(c->ud, id, it->line, it->col, &src[i], source_type);
			}
		}
	}
	static const char *const dated[3] = { "as_of", "since", "till" };
	const char **dates[3] = { &cl->as_of, &cl->since, &cl->till };
	const kgy_node *at[3];
	for (int k = 0; k < 3; k++)
		if ((at[k] = kgy_map_get(n, dated[k]))) {
			kgsc_attr d = { .name = a->name, .type = KG_AT_DATE, .ref_to = KG_NONE };
			ok &= (*dates[k] = conv_date(c, &d, at[k])) != NULL;
		}
	char why[200];
	int bad = kg_span_check(cl->since, cl->till, cl->as_of, why, sizeof why);
	if (bad) {
		verr(c, at[bad == KG_SPAN_AS_OF ? 0 : 2], "attribute '%s': %s", a->name, why);
		ok = false;
	}
	if ((v = kgy_map_get(n, "note"))) {
		if (!is_text(v)) {
			verr(c, v, "attribute '%s': a claim's 'note' must be a string, got %s",
			     a->name, kgy_describe(v));
			ok = false;
		} else if (!(cl->note = str(c, v))) {
			return false;
		}
	}
	if ((v = kgy_map_get(n, "rank"))) {
		static const char *const ranks[] = { "normal", "preferred", "deprecated" };
		size_t r = 3;
		if (is_text(v))
			for (r = 0; r < 3 && strcmp(v->u.scalar.s, ranks[r]) != 0; r++)
				;
		if (r == 3) {
			verr(c, v, "attribute '%s': rank %s is not one of preferred, normal, "
				   "deprecated", a->name, shown(v, b, sizeof b));
			ok = false;
		} else {
			cl->rank = (uint32_t)r;
		}
	}
	return ok;
}

bool kgv_convert(kgv_ctx *c, const kgsc_attr *a, const kgy_node *n, kg_value *out)
{
	memset(out, 0, sizeof *out);
	if (!is_claims(a, n))
		return conv_one(c, a, n, out) && !c->oom;
	size_t cnt = n->u.seq.n;
	kg_claim *cl = kga_calloc(c->arena, cnt, sizeof *cl);
	if (!cl)
		return oom(c, n), false;
	kg_tid source_type = kg_schema_type_find(c->schema, "source");
	bool ok = true;
	for (size_t i = 0; i < cnt && !c->oom; i++)
		ok &= conv_claim(c, a, n->u.seq.items[i], &cl[i], source_type);
	out->kind = KG_V_CLAIMS;
	out->n = (uint32_t)cnt;
	out->u.claims = cl;
	return ok && !c->oom;
}
