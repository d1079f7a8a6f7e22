/* schema.c — reads a schema (entity types, relation types, attribute
 * definitions, styles) from YAML into the model of schema_model.c. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "schema_int.h"
#include "yaml_tree.h"
#include "schema_style.h" /* the allow list of style attributes: libc only */

/* State of one load. */
typedef struct sc_parse {
	kg_schema *s;
	kg_diags *d;
	const char *file;
	size_t docs;   /* documents seen */
	bool oom;      /* reported once */
	/* While parsing: the YAML node of each type's definition and is_a. */
	const kgy_node **tnode, **isa;
	uint16_t validity_ix[2]; /* the numbers of the since and till added to relation types */
} sc_parse;

static const char *const atype_names[] = {
	"string", "text", "int", "number", "bool", "date",
	"quantity", "enum", "ref", "list",
};
#define NATYPES (sizeof atype_names / sizeof atype_names[0])

static const char *const entity_reserved[] = {
	"id", "type", "name", "aliases", "sources", "notes", "relations", NULL,
};
static const char *const rel_reserved[] = {
	"from", "to", "type", "id", "sources", "notes", NULL,
};

/* ---------------------------------------------------------------- */
/* Diagnostics and small helpers                                     */
/* ---------------------------------------------------------------- */

__attribute__((format(printf, 3, 4)))
static void err(sc_parse *p, const kgy_node *n, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	kg_diags_add(p->d, KG_ERROR, p->file, n ? n->line : 0, n ? n->col : 0, "%s", buf);
}

static void *alloc(sc_parse *p, size_t n, size_t size)
{
	void *m = kga_calloc(&p->s->arena, n ? n : 1, size);
	if (!m && !p->oom) {
		p->oom = true;
		kg_diags_add(p->d, KG_ERROR, p->file, 0, 0, "out of memory reading the schema");
	}
	return m;
}

static const char *dup(sc_parse *p, const char *s, size_t len)
{
	char *c = kga_strndup(&p->s->arena, s, len);
	if (!c && !p->oom) {
		p->oom = true;
		kg_diags_add(p->d, KG_ERROR, p->file, 0, 0, "out of memory reading the schema");
	}
	return c;
}

static bool is_scalar(const kgy_node *n) { return n && n->kind == KGY_SCALAR && !kgy_is_null(n); }

static bool is_map(const kgy_node *n) { return n && n->kind == KGY_MAP; }

/* A scalar's text, copied into the schema; NULL (reported) otherwise. */
static const char *text_of(sc_parse *p, const kgy_node *n, const char *what)
{
	if (!is_scalar(n)) {
		err(p, n, "%s must be a string, got %s", what, kgy_describe(n));
		return NULL;
	}
	return dup(p, n->u.scalar.s, n->u.scalar.len);
}

static bool bool_of(sc_parse *p, const kgy_node *n, const char *what, bool *out)
{
	if (kgy_as_bool(n, out))
		return true;
	err(p, n, "%s must be true or false, got %s", what, kgy_describe(n));
	return false;
}

/* Type and attribute names are identifiers so that Lua reads them as fields. */
static bool good_name(const char *s, size_t len)
{
	if (len == 0 || !(s[0] == '_' || (s[0] >= 'a' && s[0] <= 'z') ||
			  (s[0] >= 'A' && s[0] <= 'Z')))
		return false;
	for (size_t i = 1; i < len; i++) {
		char c = s[i];
		if (!(c == '_' || c == '-' || (c >= 'a' && c <= 'z') ||
		      (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
			return false;
	}
	return true;
}

static bool check_name(sc_parse *p, const kgy_node *key, const char *what)
{
	if (good_name(key->u.scalar.s, key->u.scalar.len))
		return true;
	char q[80];
	err(p, key, "bad %s name %s; expected a letter or '_', then letters, digits, '_' or '-'",
	    what, kgy_quote(key->u.scalar.s, key->u.scalar.len, q, sizeof q));
	return false;
}

/* Reports every key of map n not in `allowed` (NULL-terminated). */
static void check_keys(sc_parse *p, const kgy_node *n, const char *const *allowed,
		       const char *where)
{
	for (size_t i = 0; i < n->u.map.n; i++) {
		const kgy_node *k = n->u.map.pairs[i].key;
		size_t j;
		for (j = 0; allowed[j]; j++)
			if (strcmp(k->u.scalar.s, allowed[j]) == 0)
				break;
		if (allowed[j])
			continue;
		char exp[256] = "", q[80];
		size_t len = 0;
		for (j = 0; allowed[j] && len < sizeof exp; j++)
			len += (size_t)snprintf(exp + len, sizeof exp - len, "%s%s",
						j ? ", " : "", allowed[j]);
		err(p, k, "unknown key %s in %s; expected %s",
		    kgy_quote(k->u.scalar.s, k->u.scalar.len, q, sizeof q), where, exp);
	}
}

/* ---------------------------------------------------------------- */
/* Name indexes                                                      */
/* ---------------------------------------------------------------- */

/* Builds the index of n names (the first field of each stride-sized record). */
static uint32_t *index_build(sc_parse *p, const void *recs, size_t n, size_t stride,
			     size_t *capp)
{
	size_t cap = kgsc_index_cap(n);
	uint32_t *idx = alloc(p, cap, sizeof *idx);
	if (!idx)
		return NULL;
	for (size_t t = 0; t < n; t++) {
		const char *nm = *(const char *const *)((const char *)recs + t * stride);
		if (!nm)
			continue;
		size_t i = kga_hash(nm, strlen(nm)) & (cap - 1);
		while (idx[i])
			i = (i + 1) & (cap - 1);
		idx[i] = (uint32_t)t + 1;
	}
	*capp = cap;
	return idx;
}

/* An entity type named by scalar n, or KG_NONE (reported, with `ctx`). */
static kg_tid type_ref(sc_parse *p, const kgy_node *n, const char *ctx)
{
	if (!is_scalar(n)) {
		err(p, n, "%s must be an entity type name, got %s", ctx, kgy_describe(n));
		return KG_NONE;
	}
	kg_tid t = kg_schema_type_find(p->s, n->u.scalar.s);
	if (t == KG_NONE) {
		char q[80];
		err(p, n, "unknown entity type %s in %s",
		    kgy_quote(n->u.scalar.s, n->u.scalar.len, q, sizeof q), ctx);
	}
	return t;
}

/* ---------------------------------------------------------------- */
/* Attribute definitions                                             */
/* ---------------------------------------------------------------- */

static const char *const attr_keys[] = {
	"type", "required", "pattern", "min", "max", "values", "to", "of", "doc", NULL,
};

static bool parse_atype(sc_parse *p, const kgy_node *n, const char *aname, kg_atype *out)
{
	if (is_scalar(n))
		for (size_t i = 0; i < NATYPES; i++)
			if (strcmp(n->u.scalar.s, atype_names[i]) == 0) {
				*out = (kg_atype)i;
				return true;
			}
	char q[80];
	err(p, n, "attribute '%s': unknown type %s; expected one of string, text, int, "
		  "number, bool, date, quantity, enum, ref, list",
	    aname, is_scalar(n) ? kgy_quote(n->u.scalar.s, n->u.scalar.len, q, sizeof q)
				: kgy_describe(n));
	return false;
}

static void parse_pattern(sc_parse *p, kgsc_attr *a, const kgy_node *n)
{
	const char *pat = text_of(p, n, "'pattern'");
	if (!pat)
		return;
	sc_regex *r = alloc(p, 1, sizeof *r);
	if (!r)
		return;
	char msg[600];
	if (!(r->re = kgsc_pattern_compile(pat, msg, sizeof msg))) {
		err(p, n, "attribute '%s': %s", a->name, msg);
		return;
	}
	r->next = p->s->regexes;
	p->s->regexes = r;
	a->pattern = pat;
	a->re = r->re;
}

static void parse_values(sc_parse *p, kgsc_attr *a, const kgy_node *n)
{
	if (!n || n->kind != KGY_SEQ || n->u.seq.n == 0) {
		err(p, n, "attribute '%s': 'values' must be a non-empty sequence of strings",
		    a->name);
		return;
	}
	const char **v = alloc(p, n->u.seq.n, sizeof *v);
	if (!v)
		return;
	size_t k = 0;
	for (size_t i = 0; i < n->u.seq.n; i++) {
		const kgy_node *it = n->u.seq.items[i];
		if (!is_scalar(it)) {
			err(p, it, "attribute '%s': enum values must be strings, got %s",
			    a->name, kgy_describe(it));
			continue;
		}
		bool seen = false;
		for (size_t j = 0; j < k; j++)
			seen |= strcmp(v[j], it->u.scalar.s) == 0;
		if (seen) {
			err(p, it, "attribute '%s': enum value '%s' given twice", a->name,
			    it->u.scalar.s);
			continue;
		}
		if (!(v[k] = dup(p, it->u.scalar.s, it->u.scalar.len)))
			return;
		k++;
	}
	a->values = v;
	a->nvalues = k;
}

static bool parse_bound(sc_parse *p, kgsc_attr *a, const kgy_node *n, const char *which,
			double *out)
{
	int64_t i;
	if (a->type == KG_AT_LIST) {
		if (kgy_as_int(n, &i) && i >= 0) {
			*out = (double)i;
			return true;
		}
		char q[80];
		err(p, n, "attribute '%s': '%s' of a list is a length and must be a "
			  "non-negative integer, got %s", a->name, which,
		    is_scalar(n) ? kgy_quote(n->u.scalar.s, n->u.scalar.len, q, sizeof q)
				 : kgy_describe(n));
		return false;
	}
	if (kgy_as_number(n, out) && *out == *out)
		return true;
	err(p, n, "attribute '%s': '%s' must be a number, got %s", a->name, which,
	    kgy_describe(n));
	return false;
}

/* Reads one attribute definition n (a mapping, or a bare type name) into a. */
static kgsc_attr *parse_attr_into(sc_parse *p, kgsc_attr *a, const char *name,
				  const kgy_node *n, bool item)
{
	a->name = name;
	a->ref_to = KG_NONE;
	a->loc = (kg_loc){p->file, n->line, n->col};
	const kgy_node *tn = n;
	if (is_map(n)) {
		char where[160];
		snprintf(where, sizeof where, "attribute '%s'", name);
		check_keys(p, n, attr_keys, where);
		tn = kgy_map_get(n, "type");
		if (!tn) {
			err(p, n, "attribute '%s': missing 'type'", name);
			return a;
		}
	}
	if (!parse_atype(p, tn, name, &a->type))
		return a;
	const kgy_node *v;
	if (!is_map(n)) {
		if (a->type == KG_AT_ENUM)
			err(p, n, "attribute '%s': an enum needs 'values'", name);
		else if (a->type == KG_AT_REF)
			err(p, n, "attribute '%s': a ref needs 'to' (an entity type)", name);
		else if (a->type == KG_AT_LIST)
			err(p, n, "attribute '%s': a list needs 'of' (the item type)", name);
		return a;
	}
	if ((v = kgy_map_get(n, "required"))) {
		if (item)
			err(p, v, "attribute '%s': 'required' does not apply to list items", name);
		else
			bool_of(p, v, "'required'", &a->required);
	}
	if ((v = kgy_map_get(n, "doc")))
		a->doc = text_of(p, v, "'doc'");
	if ((v = kgy_map_get(n, "pattern"))) {
		if (a->type == KG_AT_STRING || a->type == KG_AT_TEXT)
			parse_pattern(p, a, v);
		else
			err(p, v, "attribute '%s': 'pattern' applies only to string and text, "
				  "not %s", name, atype_names[a->type]);
	}
	bool ranged = a->type == KG_AT_INT || a->type == KG_AT_NUMBER ||
		      a->type == KG_AT_QUANTITY || a->type == KG_AT_LIST;
	const kgy_node *mn = kgy_map_get(n, "min"), *mx = kgy_map_get(n, "max");
	for (int b = 0; b < 2; b++) {
		const kgy_node *bn = b ? mx : mn;
		if (!bn)
			continue;
		const char *which = b ? "max" : "min";
		if (!ranged)
			err(p, bn, "attribute '%s': '%s' applies only to int, number, quantity "
				   "and list, not %s", name, which, atype_names[a->type]);
		else if (b)
			a->has_max = parse_bound(p, a, bn, which, &a->max);
		else
			a->has_min = parse_bound(p, a, bn, which, &a->min);
	}
	if (a->has_min && a->has_max && a->min > a->max)
		err(p, mx, "attribute '%s': min %g is greater than max %g", name, a->min, a->max);
	v = kgy_map_get(n, "values");
	if (a->type == KG_AT_ENUM) {
		if (v)
			parse_values(p, a, v);
		else
			err(p, n, "attribute '%s': an enum needs 'values'", name);
	} else if (v) {
		err(p, v, "attribute '%s': 'values' applies only to enum, not %s", name,
		    atype_names[a->type]);
	}
	v = kgy_map_get(n, "to");
	if (a->type == KG_AT_REF) {
		char ctx[160];
		snprintf(ctx, sizeof ctx, "'to' of attribute '%s'", name);
		if (v)
			a->ref_to = type_ref(p, v, ctx);
		else
			err(p, n, "attribute '%s': a ref needs 'to' (an entity type)", name);
	} else if (v) {
		err(p, v, "attribute '%s': 'to' applies only to ref, not %s", name,
		    atype_names[a->type]);
	}
	v = kgy_map_get(n, "of");
	if (a->type == KG_AT_LIST) {
		if (!v) {
			err(p, n, "attribute '%s': a list needs 'of' (the item type)", name);
		} else if ((a->of = alloc(p, 1, sizeof *a->of))) {
			parse_attr_into(p, a->of, name, v, true);
		}
	} else if (v) {
		err(p, v, "attribute '%s': 'of' applies only to list, not %s", name,
		    atype_names[a->type]);
	}
	return a;
}

/* Gives a declared attribute its number (kgsc_attr_name); false when out
 * of memory or numbers (reported). */
static bool number_attr(sc_parse *p, const kgy_node *key, kgsc_attr *a)
{
	kg_schema *s = p->s;
	if (s->nanames == 0)
		s->nanames = 1; /* 0: no attribute */
	if (s->nanames > KGSC_MAX_ATTRS) {
		err(p, key, "the schema declares more than %d attributes", KGSC_MAX_ATTRS);
		return false;
	}
	if (s->nanames >= s->capanames) {
		size_t ncap = s->capanames ? s->capanames * 2 : 64;
		const char **na = alloc(p, ncap, sizeof *na);
		if (!na)
			return false;
		if (s->nanames > 1)
			memcpy(na, s->anames, s->nanames * sizeof *na);
		s->anames = na; /* the old array stays in the arena */
		s->capanames = ncap;
	}
	a->ix = (uint16_t)s->nanames;
	s->anames[s->nanames++] = a->name;
	return true;
}

/* Reads the `attributes` mapping n into *out / *nout. */
static void parse_attrs(sc_parse *p, const kgy_node *n, const char *const *reserved,
			const char *where, kgsc_attr **out, size_t *nout)
{
	*out = NULL;
	*nout = 0;
	if (kgy_is_null(n))
		return;
	if (!is_map(n)) {
		err(p, n, "'attributes' of %s must be a mapping, got %s", where, kgy_describe(n));
		return;
	}
	kgsc_attr *as = alloc(p, n->u.map.n, sizeof *as);
	if (!as)
		return;
	size_t k = 0;
	for (size_t i = 0; i < n->u.map.n; i++) {
		const kgy_node *key = n->u.map.pairs[i].key, *val = n->u.map.pairs[i].value;
		if (!check_name(p, key, "attribute"))
			continue;
		size_t r;
		for (r = 0; reserved[r]; r++)
			if (strcmp(key->u.scalar.s, reserved[r]) == 0)
				break;
		if (reserved[r]) {
			err(p, key, "'%s' is reserved and cannot be declared as an attribute of %s",
			    reserved[r], where);
			continue;
		}
		const char *name = dup(p, key->u.scalar.s, key->u.scalar.len);
		if (!name)
			return;
		kgsc_attr *a = parse_attr_into(p, &as[k++], name, val, false);
		if (a && reserved == rel_reserved && a->type != KG_AT_DATE &&
		    (strcmp(name, "since") == 0 || strcmp(name, "till") == 0))
			err(p, key, "'%s' of %s bounds its relations' validity and must be a "
				    "date, not %s", name, where, atype_names[a->type]);
		if (a && !number_attr(p, key, a))
			return;
	}
	*out = as;
	*nout = k;
}

/* ---------------------------------------------------------------- */
/* Entity and relation types                                         */
/* ---------------------------------------------------------------- */

static const char *const etype_keys[] = {
	"is_a", "abstract", "doc", "attributes", "existence", NULL,
};
static const char *const rtype_keys[] = {
	"from", "to", "symmetric", "doc", "label", "attributes", NULL,
};

/* First pass over a types mapping: names only, so that references may
 * point forward. Records are `stride` bytes with the name first. */
static void *collect_names(sc_parse *p, const kgy_node *n, const char *section,
			   size_t stride, size_t *count)
{
	*count = 0;
	if (!n || kgy_is_null(n))
		return NULL;
	if (!is_map(n)) {
		err(p, n, "'%s' must be a mapping, got %s", section, kgy_describe(n));
		return NULL;
	}
	if (n->u.map.n > KGSC_MAX_TYPES) {
		err(p, n, "'%s' declares %zu types; at most %d are allowed", section, n->u.map.n,
		    KGSC_MAX_TYPES);
		return NULL;
	}
	char *recs = alloc(p, n->u.map.n, stride);
	if (!recs)
		return NULL;
	for (size_t i = 0; i < n->u.map.n; i++) {
		const kgy_node *key = n->u.map.pairs[i].key;
		const char **name = (const char **)(void *)(recs + i * stride);
		if (check_name(p, key, section[0] == 'e' ? "entity type" : "relation type"))
			*name = dup(p, key->u.scalar.s, key->u.scalar.len);
	}
	*count = n->u.map.n;
	return recs;
}

/* `existence: {since: ATTR, till: ATTR}`: the names, checked against the
 * type's attributes once they are flattened (resolve_existence). */
static void parse_existence(sc_parse *p, kgsc_etype *e, const kgy_node *n, const char *where)
{
	static const char *const keys[] = { "since", "till", NULL };
	char ctx[200];
	snprintf(ctx, sizeof ctx, "'existence' of %s", where);
	if (!is_map(n)) {
		err(p, n, "%s must be a mapping with since and/or till (date attributes), got %s",
		    ctx, kgy_describe(n));
		return;
	}
	check_keys(p, n, keys, ctx);
	e->exist_own = true;
	const kgy_node *v;
	for (int k = 0; k < 2; k++)
		if ((v = kgy_map_get(n, keys[k]))) {
			*(k ? &e->exist_till : &e->exist_since) =
				text_of(p, v, k ? "'till' of 'existence'" : "'since' of 'existence'");
			e->exist_at[k] = (kg_loc){p->file, v->line, v->col};
		}
	if (!e->exist_since && !e->exist_till)
		err(p, n, "%s names neither since nor till", ctx);
}

static void parse_etype(sc_parse *p, kg_tid t, const kgy_node *n)
{
	kgsc_etype *e = &p->s->types[t];
	char where[160];
	snprintf(where, sizeof where, "entity type '%s'", e->name);
	e->parent = KG_NONE;
	e->loc = (kg_loc){p->file, n->line, n->col};
	if (kgy_is_null(n))
		return;
	if (!is_map(n)) {
		err(p, n, "%s must be a mapping, got %s", where, kgy_describe(n));
		return;
	}
	check_keys(p, n, etype_keys, where);
	const kgy_node *v;
	if ((v = kgy_map_get(n, "is_a"))) {
		char ctx[200];
		snprintf(ctx, sizeof ctx, "'is_a' of %s", where);
		e->parent = type_ref(p, v, ctx);
		p->isa[t] = v;
	}
	if ((v = kgy_map_get(n, "abstract")))
		bool_of(p, v, "'abstract'", &e->abstract);
	if ((v = kgy_map_get(n, "doc")))
		e->doc = text_of(p, v, "'doc'");
	if ((v = kgy_map_get(n, "attributes")))
		parse_attrs(p, v, entity_reserved, where, &e->own, &e->nown);
	if ((v = kgy_map_get(n, "existence")))
		parse_existence(p, e, v, where);
}

/* `from` or `to`: one type name or a sequence of them. */
static void parse_ends(sc_parse *p, const kgy_node *n, const char *ctx, kg_tid **out,
		       size_t *nout)
{
	size_t cnt = n->kind == KGY_SEQ ? n->u.seq.n : 1;
	kg_tid *ts = alloc(p, cnt, sizeof *ts);
	if (!ts)
		return;
	size_t k = 0;
	for (size_t i = 0; i < cnt; i++) {
		const kgy_node *it = n->kind == KGY_SEQ ? n->u.seq.items[i] : n;
		kg_tid t = type_ref(p, it, ctx);
		if (t != KG_NONE)
			ts[k++] = t;
	}
	*out = ts;
	*nout = k;
}

/* Every relation type has the date attributes `since` and `till`, its
 * relations' span of validity (doc/time.md): declared (then as dates, to
 * document them or make them required) or added here. */
static void validity_attrs(sc_parse *p, kgsc_rtype *r)
{
	static const char *const names[2] = { "since", "till" };
	static const char *const docs[2] = {
		"Valid from this date on (inclusive).", "Valid until this date (exclusive).",
	};
	const kgsc_attr *have[2] = { NULL, NULL };
	for (size_t i = 0; i < r->nattrs; i++)
		for (int k = 0; k < 2; k++)
			if (strcmp(r->attrs[i].name, names[k]) == 0)
				have[k] = &r->attrs[i];
	size_t add = !have[0] + !have[1];
	if (add) {
		kgsc_attr *as = alloc(p, r->nattrs + add, sizeof *as);
		if (!as)
			return;
		if (r->nattrs)
			memcpy(as, r->attrs, r->nattrs * sizeof *as);
		for (int k = 0; k < 2; k++) {
			if (have[k])
				continue;
			kgsc_attr *a = &as[r->nattrs++];
			memset(a, 0, sizeof *a);
			a->name = names[k];
			a->type = KG_AT_DATE;
			a->ref_to = KG_NONE;
			a->doc = docs[k];
			a->loc = r->loc;
			/* one number for every type's: they add two names, not 2 per type */
			if (p->validity_ix[k])
				a->ix = p->validity_ix[k];
			else if (!number_attr(p, NULL, a))
				return;
			p->validity_ix[k] = a->ix;
		}
		r->attrs = as;
	}
	for (size_t i = 0; i < r->nattrs; i++)
		for (int k = 0; k < 2; k++)
			if (strcmp(r->attrs[i].name, names[k]) == 0)
				*(k ? &r->till_ix : &r->since_ix) = r->attrs[i].ix;
}

static void parse_rtype(sc_parse *p, kgsc_rtype *r, const kgy_node *n)
{
	char where[160];
	snprintf(where, sizeof where, "relation type '%s'", r->name);
	r->loc = (kg_loc){p->file, n->line, n->col};
	if (!kgy_is_null(n) && !is_map(n)) {
		err(p, n, "%s must be a mapping, got %s", where, kgy_describe(n));
		n = NULL;
	}
	const kgy_node *v;
	if (n) {
		check_keys(p, n, rtype_keys, where);
		for (int end = 0; end < 2; end++) {
			if (!(v = kgy_map_get(n, end ? "to" : "from")))
				continue;
			char ctx[200];
			snprintf(ctx, sizeof ctx, "'%s' of %s", end ? "to" : "from", where);
			if (end)
				parse_ends(p, v, ctx, &r->to, &r->nto);
			else
				parse_ends(p, v, ctx, &r->from, &r->nfrom);
		}
		if ((v = kgy_map_get(n, "symmetric")))
			bool_of(p, v, "'symmetric'", &r->symmetric);
		if ((v = kgy_map_get(n, "doc")))
			r->doc = text_of(p, v, "'doc'");
		if ((v = kgy_map_get(n, "label")))
			r->label = text_of(p, v, "'label'");
		if ((v = kgy_map_get(n, "attributes")))
			parse_attrs(p, v, rel_reserved, where, &r->attrs, &r->nattrs);
	}
	validity_attrs(p, r);
	if (!r->label) {
		char *l = (char *)dup(p, r->name, strlen(r->name));
		for (char *c = l; c && *c; c++)
			if (*c == '_')
				*c = ' ';
		r->label = l;
	}
}

/* Breaks and reports every is_a cycle, each once, at the is_a of its
 * first-declared member. */
static void check_cycles(sc_parse *p)
{
	kg_schema *s = p->s;
	uint32_t *mark = calloc(s->ntypes ? s->ntypes : 1, sizeof *mark);
	if (!mark) {
		err(p, NULL, "out of memory reading the schema");
		return;
	}
	for (kg_tid t = 0; t < s->ntypes; t++) {
		kg_tid u = t;
		while (u != KG_NONE && !mark[u]) {
			mark[u] = t + 1;
			u = s->types[u].parent;
		}
		if (u == KG_NONE || mark[u] != t + 1)
			continue;
		/* u is on a cycle first reached from t: name it from its first member. */
		kg_tid first = u;
		for (kg_tid w = s->types[u].parent; w != u; w = s->types[w].parent)
			if (w < first)
				first = w;
		char msg[900];
		size_t len = (size_t)snprintf(msg, sizeof msg, "%s", s->types[first].name);
		kg_tid w = first;
		do {
			w = s->types[w].parent;
			if (len < sizeof msg)
				len += (size_t)snprintf(msg + len, sizeof msg - len, " -> %s",
							s->types[w].name);
		} while (w != first);
		err(p, p->isa[first], "is_a cycle: %s", msg);
		w = first;
		do {
			kg_tid next = s->types[w].parent;
			s->types[w].parent = KG_NONE;
			w = next;
		} while (w != first);
	}
	free(mark);
}

/* Own attributes first, then the parent's flattened list minus overrides. */
static void flatten(sc_parse *p, kg_tid t, uint8_t *done)
{
	kg_schema *s = p->s;
	kgsc_etype *e = &s->types[t];
	if (done[t])
		return;
	done[t] = 1;
	const kgsc_etype *par = NULL;
	if (e->parent != KG_NONE) {
		flatten(p, e->parent, done);
		par = &s->types[e->parent];
	}
	size_t max = e->nown + (par ? par->nall : 0);
	const kgsc_attr **all = alloc(p, max, sizeof *all);
	if (!all)
		return;
	size_t k = 0;
	for (size_t i = 0; i < e->nown; i++)
		all[k++] = &e->own[i];
	for (size_t i = 0; par && i < par->nall; i++) {
		bool over = false;
		for (size_t j = 0; j < e->nown && !over; j++)
			over = strcmp(e->own[j].name, par->all[i]->name) == 0;
		if (!over)
			all[k++] = par->all[i];
	}
	e->all = all;
	e->nall = k;
}

/* The existence bounds of type t: its own `existence` checked against its
 * flattened attributes, else its parent's; their numbers for t. */
static void resolve_existence(sc_parse *p, kg_tid t, uint8_t *done)
{
	kg_schema *s = p->s;
	kgsc_etype *e = &s->types[t];
	if (done[t])
		return;
	done[t] = 1;
	if (!e->exist_own && e->parent != KG_NONE) {
		resolve_existence(p, e->parent, done);
		e->exist_since = s->types[e->parent].exist_since;
		e->exist_till = s->types[e->parent].exist_till;
	}
	for (int k = 0; k < 2; k++) {
		const char *name = k ? e->exist_till : e->exist_since;
		if (!name)
			continue;
		const kgsc_attr *a = NULL;
		for (size_t i = 0; i < e->nall && !a; i++)
			if (strcmp(e->all[i]->name, name) == 0)
				a = e->all[i];
		if (!a || a->type != KG_AT_DATE) {
			kg_loc at = e->exist_at[k];
			if (e->exist_own)
				kg_diags_add(p->d, KG_ERROR, at.file, at.line, at.col,
					     "'existence' of entity type '%s': '%s' is %s; since and "
					     "till name date attributes of the type", e->name, name,
					     a ? "not a date" : "not one of its attributes");
			*(k ? &e->exist_till : &e->exist_since) = NULL;
			continue;
		}
		*(k ? &e->till_ix : &e->since_ix) = a->ix;
	}
}

static void build_ancestors(sc_parse *p)
{
	kg_schema *s = p->s;
	s->awords = (s->ntypes + 63) / 64;
	if (!(s->anc = alloc(p, s->ntypes * (s->awords ? s->awords : 1), sizeof *s->anc)))
		return;
	for (kg_tid t = 0; t < s->ntypes; t++)
		for (kg_tid u = t; u != KG_NONE; u = s->types[u].parent)
			s->anc[t * s->awords + u / 64] |= (uint64_t)1 << (u % 64);
}

/* ---------------------------------------------------------------- */
/* Style                                                             */
/* ---------------------------------------------------------------- */

/* The section's reader is schema_style.c's, beside the allow list. */
static void parse_style(sc_parse *p, const kgy_node *n)
{
	kgss_parse_section(p->s, p->d, p->file, n, &p->oom);
}

/* ---------------------------------------------------------------- */
/* The document                                                      */
/* ---------------------------------------------------------------- */

static const char *const top_keys[] = {
	"kg_schema", "entity_types", "relation_types", "style", NULL,
};

static void parse_root(sc_parse *p, const kgy_node *root)
{
	kg_schema *s = p->s;
	if (!is_map(root)) {
		err(p, root, "a schema must be a mapping with 'kg_schema: 1', got %s",
		    kgy_describe(root));
		return;
	}
	check_keys(p, root, top_keys, "the schema");
	const kgy_node *v = kgy_map_get(root, "kg_schema");
	int64_t version;
	if (!v)
		err(p, root, "missing 'kg_schema: 1' (the schema format version)");
	else if (!kgy_as_int(v, &version) || version != 1)
		err(p, v, "unsupported kg_schema version %s; expected 1",
		    is_scalar(v) ? v->u.scalar.s : kgy_describe(v));

	const kgy_node *et = kgy_map_get(root, "entity_types");
	const kgy_node *rt = kgy_map_get(root, "relation_types");
	s->types = collect_names(p, et, "entity_types", sizeof(kgsc_etype), &s->ntypes);
	s->rtypes = collect_names(p, rt, "relation_types", sizeof(kgsc_rtype), &s->nrtypes);
	if (p->oom)
		return;
	if (s->ntypes && !(s->tindex = index_build(p, s->types, s->ntypes,
						    sizeof(kgsc_etype), &s->tcap)))
		return;
	if (s->nrtypes && !(s->rindex = index_build(p, s->rtypes, s->nrtypes,
						     sizeof(kgsc_rtype), &s->rcap)))
		return;
	for (kg_rtid r = 0; r < s->nrtypes; r++) {
		const char *nm = s->rtypes[r].name;
		if (nm && kg_schema_type_find(s, nm) != KG_NONE)
			err(p, rt->u.map.pairs[r].key,
			    "'%s' is both an entity type and a relation type", nm);
	}
	p->isa = alloc(p, s->ntypes, sizeof *p->isa);
	s->tstyle = alloc(p, s->ntypes, sizeof *s->tstyle);
	s->rstyle = alloc(p, s->nrtypes, sizeof *s->rstyle);
	if (p->oom)
		return;
	for (kg_tid t = 0; t < s->ntypes; t++)
		if (s->types[t].name)
			parse_etype(p, t, et->u.map.pairs[t].value);
		else
			s->types[t].parent = KG_NONE;
	for (kg_rtid r = 0; r < s->nrtypes; r++)
		if (s->rtypes[r].name)
			parse_rtype(p, &s->rtypes[r], rt->u.map.pairs[r].value);
	if ((v = kgy_map_get(root, "style")))
		parse_style(p, v);
	check_cycles(p);
	uint8_t *done = alloc(p, s->ntypes, 1);
	for (kg_tid t = 0; done && t < s->ntypes; t++)
		flatten(p, t, done);
	uint8_t *resolved = alloc(p, s->ntypes, 1);
	for (kg_tid t = 0; resolved && t < s->ntypes; t++)
		resolve_existence(p, t, resolved);
	build_ancestors(p);
}

static int on_doc(void *ud, const char *file, size_t docno, const kgy_node *root)
{
	sc_parse *p = ud;
	(void)file;
	(void)docno;
	if (p->docs++ > 0) {
		err(p, root, "a schema file holds one YAML document; this is another");
		return 1;
	}
	parse_root(p, root);
	return 0;
}

/* Where to read: path (a file), else buf[0..len). */
typedef struct sc_source { const char *path, *buf; size_t len; } sc_source;

static kg_schema *load(const char *name, const sc_source *src, const kg_limits *lim,
		       kg_diags *diags)
{
	kg_limits deflim = {
		KG_DEFAULT_MAX_FILE_BYTES, KG_DEFAULT_MAX_DEPTH, KG_DEFAULT_MAX_ALIAS_NODES,
		KG_DEFAULT_MAX_SCALAR_BYTES, KG_DEFAULT_MAX_DOCUMENTS,
	};
	if (!lim)
		lim = &deflim;
	kg_schema *s = calloc(1, sizeof *s);
	if (!s) {
		kg_diags_add(diags, KG_ERROR, name, 0, 0, "out of memory reading the schema");
		return NULL;
	}
	kga_arena_init(&s->arena);
	size_t before = kg_diags_errors(diags);
	sc_parse p = {.s = s, .d = diags};
	p.file = s->origin = dup(&p, name, strlen(name));
	if (p.file) {
		if (src->path)
			kgy_parse_file(src->path, lim, diags, on_doc, &p);
		else
			kgy_parse_buffer(name, src->buf, src->len, lim, diags, on_doc, &p);
	}
	if (p.file && p.docs == 0 && kg_diags_errors(diags) == before)
		kg_diags_add(diags, KG_ERROR, p.file, 1, 1,
			     "the schema is empty; expected a mapping with 'kg_schema: 1'");
	if (kg_diags_errors(diags) != before)
		kgsc_free(&s);
	return s;
}

kg_schema *kgsc_load_file(const char *path, const kg_limits *lim, kg_diags *diags)
{
	sc_source src = {.path = path};
	return load(path, &src, lim, diags);
}

kg_schema *kgsc_load_buffer(const char *name, const char *buf, size_t len,
			    const kg_limits *lim, kg_diags *diags)
{
	sc_source src = {.buf = buf, .len = len};
	return load(name, &src, lim, diags);
}

extern const char kg_core_schema[];
extern const unsigned long kg_core_schema_len;

kg_schema *kgsc_load_core(const kg_limits *lim, kg_diags *diags)
{
	return kgsc_load_buffer("<core>", kg_core_schema, kg_core_schema_len, lim, diags);
}
