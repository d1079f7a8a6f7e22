/* schema.c — reads a schema (entity types, relation types, attribute
 * definitions, styles) from YAML into the model of schema_model.c: the
 * layers schema_layers.c reads (a schema and those it extends) combined,
 * each type defined once, add_attributes appended to extended types. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "schema_int.h"
#include "schema_layers.h"
#include "schema_parse.h"
#include "yaml_tree.h"
#include "schema_style.h" /* the allow list of style attributes: libc only */
#include "spell.h"

/* State of one load. */

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

#define err(p, n, ...) kgsc_err((p)->d, (p)->file, (n), __VA_ARGS__)

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
	uint32_t *idx = kgsc_alloc(p, cap, sizeof *idx);
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
	sc_regex *r = kgsc_alloc(p, 1, sizeof *r);
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
	const char **v = kgsc_alloc(p, n->u.seq.n, sizeof *v);
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
		} else if ((a->of = kgsc_alloc(p, 1, sizeof *a->of))) {
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
		const char **na = kgsc_alloc(p, ncap, sizeof *na);
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
	kgsc_attr *as = kgsc_alloc(p, n->u.map.n, sizeof *as);
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
/* Attributes added to the types of an extended schema               */
/* ---------------------------------------------------------------- */

/* Checks the keys of every layer's `add_attributes`: each a type defined
 * in a schema the layer extends. */
static void check_additions(sc_parse *p)
{
	const kg_schema *s = p->s;
	for (size_t l = 0; l < p->nlayers; l++) {
		const kgy_node *v = kgy_map_get(p->layers[l].root, "add_attributes");
		p->file = p->layers[l].file;
		if (!v || kgy_is_null(v))
			continue;
		if (!is_map(v)) {
			err(p, v, "'add_attributes' must be a mapping of type names to attributes, "
				  "got %s", kgy_describe(v));
			continue;
		}
		for (size_t i = 0; i < v->u.map.n; i++) {
			kgy_node key = kgy_key_at(&v->u.map.pairs[i]);
			const char *name = key.u.scalar.s;
			kg_tid t = kg_schema_type_find(s, name);
			kg_rtid r = kg_schema_rtype_find(s, name);
			char q[80];
			kgy_quote(name, key.u.scalar.len, q, sizeof q);
			if (t == KG_NONE && r == KG_NONE) {
				kgsp_near near;
				kgsp_near_init(&near, name);
				for (kg_tid u = 0; u < s->ntypes; u++)
					kgsp_near_try(&near, s->types[u].name);
				for (kg_rtid u = 0; u < s->nrtypes; u++)
					kgsp_near_try(&near, s->rtypes[u].name);
				if (near.word)
					err(p, &key, "'add_attributes': unknown type %s (did you mean "
						     "'%s'?)", q, near.word);
				else
					err(p, &key, "'add_attributes': unknown type %s", q);
				continue;
			}
			size_t dl = t != KG_NONE ? p->tlayer[t] : p->rlayer[r];
			if (dl == l)
				err(p, &key, "'add_attributes': %s is defined in this schema; declare "
					     "its attributes there", q);
			else if (!(p->layers[l].reach >> dl & 1))
				err(p, &key, "'add_attributes': %s is defined in %s, which this schema "
					     "does not extend", q, p->layers[dl].file);
		}
	}
}

/* Appends to *out the attributes that later layers, extending layer tl
 * (where type `name` is defined), add to it. */
static void added_attrs(sc_parse *p, const char *name, size_t tl, const char *const *reserved,
			const char *where, kgsc_attr **out, size_t *nout)
{
	const char *file = p->file;
	for (size_t l = tl + 1; l < p->nlayers && !p->oom; l++) {
		const kgy_node *v = kgy_map_get(kgy_map_get(p->layers[l].root, "add_attributes"),
						name);
		if (!v || !(p->layers[l].reach >> tl & 1))
			continue;
		p->file = p->layers[l].file;
		kgsc_attr *more = NULL;
		size_t nmore = 0;
		parse_attrs(p, v, reserved, where, &more, &nmore);
		kgsc_attr *all = kgsc_alloc(p, *nout + nmore, sizeof *all);
		if (!all)
			break;
		if (*nout)
			memcpy(all, *out, *nout * sizeof *all);
		for (size_t i = 0; i < nmore; i++) {
			const kgsc_attr *a = &more[i];
			for (size_t j = 0; j < *nout; j++)
				if (strcmp(all[j].name, a->name) == 0)
					kg_diags_add(p->d, KG_ERROR, a->loc.file, a->loc.line, a->loc.col,
						     "attribute '%s' of %s is declared twice: here and "
						     "at %s:%u:%u", a->name, where, all[j].loc.file,
						     all[j].loc.line, all[j].loc.col);
			all[(*nout)++] = *a;
		}
		*out = all;
	}
	p->file = file;
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

/* First pass over a types section of every layer: names only, so that
 * references may point forward and across layers. Records are `stride`
 * bytes with the name first; defs and lay say where each was defined. A
 * name defined in two layers is an error naming both places. */
static void *collect_names(sc_parse *p, const char *section, size_t stride, size_t *count,
			   const kgy_pair ***defs, uint8_t **lay)
{
	const char *what = section[0] == 'e' ? "entity type" : "relation type";
	size_t total = 0;
	*count = 0;
	for (size_t l = 0; l < p->nlayers; l++) {
		const kgy_node *n = kgy_map_get(p->layers[l].root, section);
		p->file = p->layers[l].file;
		if (!n || kgy_is_null(n))
			continue;
		if (!is_map(n))
			err(p, n, "'%s' must be a mapping, got %s", section, kgy_describe(n));
		else if (n->u.map.n > KGSC_MAX_TYPES)
			err(p, n, "'%s' declares %zu types; at most %d are allowed", section,
			    n->u.map.n, KGSC_MAX_TYPES);
		else
			total += n->u.map.n;
	}
	if (total > KGSC_MAX_TYPES) {
		kgsc_err(p->d, p->layers[p->nlayers - 1].file, NULL,
			 "the schemas combined declare %zu %ss; at most %d are allowed", total,
			 what, KGSC_MAX_TYPES);
		return NULL;
	}
	char *recs = kgsc_alloc(p, total, stride);
	*defs = kgsc_alloc(p, total, sizeof **defs);
	*lay = kgsc_alloc(p, total, 1);
	if (!recs || !*defs || !*lay || total == 0)
		return NULL;
	size_t k = 0;
	for (size_t l = 0; l < p->nlayers; l++) {
		const kgy_node *n = kgy_map_get(p->layers[l].root, section);
		p->file = p->layers[l].file;
		for (size_t i = 0; is_map(n) && i < n->u.map.n; i++, k++) {
			const kgy_pair *pr = &n->u.map.pairs[i];
			const char **name = (const char **)(void *)(recs + k * stride);
			(*defs)[k] = pr;
			(*lay)[k] = (uint8_t)l;
			kgy_node key = kgy_key_at(pr);
			if (check_name(p, &key, what))
				*name = dup(p, key.u.scalar.s, key.u.scalar.len);
		}
	}
	/* a name in two layers: the later one is reported and dropped */
	size_t cap = kgsc_index_cap(total);
	uint32_t *seen = calloc(cap, sizeof *seen);
	if (!seen) {
		err(p, NULL, "out of memory reading the schema");
		return NULL;
	}
	for (k = 0; k < total; k++) {
		const char **name = (const char **)(void *)(recs + k * stride);
		if (!*name)
			continue;
		size_t i = kga_hash(*name, strlen(*name)) & (cap - 1);
		while (seen[i] && strcmp(*(const char *const *)(void *)(recs + (seen[i] - 1) * stride),
					 *name) != 0)
			i = (i + 1) & (cap - 1);
		if (!seen[i]) {
			seen[i] = (uint32_t)k + 1;
			continue;
		}
		const kgy_pair *was = (*defs)[seen[i] - 1], *pr = (*defs)[k];
		kgy_node key = kgy_key_at(pr);
		kgsc_err(p->d, p->layers[(*lay)[k]].file, &key,
			 "%s '%s' is defined twice: here and at %s:%u:%u", what, *name,
			 p->layers[(*lay)[seen[i] - 1]].file, was->line, was->col);
		*name = NULL;
	}
	free(seen);
	*count = total;
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
	kg_tid *ts = kgsc_alloc(p, cnt, sizeof *ts);
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
		kgsc_attr *as = kgsc_alloc(p, r->nattrs + add, sizeof *as);
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
	kg_rtid rt = (kg_rtid)(r - p->s->rtypes);
	added_attrs(p, r->name, p->rlayer[rt], rel_reserved, where, &r->attrs, &r->nattrs);
	validity_attrs(p, r);
	if (!r->label) {
		char *l = (char *)dup(p, r->name, strlen(r->name));
		for (char *c = l; c && *c; c++)
			if (*c == '_')
				*c = ' ';
		r->label = l;
	}
}

/* ---------------------------------------------------------------- */
/* The document                                                      */
/* ---------------------------------------------------------------- */

static const char *const top_keys[] = {
	"kg_schema", "extends", "entity_types", "relation_types", "add_attributes", "style", NULL,
};

/* A layer's own checks: a mapping, its keys, its version. */
static bool check_root(sc_parse *p, const kgy_node *root)
{
	if (!is_map(root)) {
		err(p, root, "a schema must be a mapping with 'kg_schema: 1', got %s",
		    kgy_describe(root));
		return false;
	}
	check_keys(p, root, top_keys, "the schema");
	const kgy_node *v = kgy_map_get(root, "kg_schema");
	int64_t version;
	if (!v)
		err(p, root, "missing 'kg_schema: 1' (the schema format version)");
	else if (!kgy_as_int(v, &version) || version != 1)
		err(p, v, "unsupported kg_schema version %s; expected 1",
		    is_scalar(v) ? v->u.scalar.s : kgy_describe(v));
	return true;
}

/* Keeps the layers' names and reach in the schema (kgsc_layer_file). */
static bool keep_layers(sc_parse *p, const kgsl_layer *layers, size_t n)
{
	kg_schema *s = p->s;
	kgsl_layer *own = kgsc_alloc(p, n, sizeof *own);
	s->lfiles = kgsc_alloc(p, n, sizeof *s->lfiles);
	s->lreach = kgsc_alloc(p, n, sizeof *s->lreach);
	if (!own || !s->lfiles || !s->lreach)
		return false;
	for (size_t l = 0; l < n; l++) {
		own[l] = layers[l];
		if (!(own[l].file = s->lfiles[l] = dup(p, layers[l].file, strlen(layers[l].file))))
			return false;
		s->lreach[l] = layers[l].reach;
	}
	p->layers = own; /* their names now live as long as the schema */
	p->nlayers = s->nlayers = n;
	s->origin = s->lfiles[n - 1];
	return true;
}

static void parse_layers(void *ud, const kgsl_layer *layers, size_t n)
{
	sc_parse *p = ud;
	kg_schema *s = p->s;
	if (!keep_layers(p, layers, n))
		return;
	layers = p->layers;
	bool ok = true;
	for (size_t l = 0; l < n; l++) {
		p->file = layers[l].file;
		ok &= check_root(p, layers[l].root);
	}
	if (!ok || p->oom)
		return;
	s->types = collect_names(p, "entity_types", sizeof(kgsc_etype), &s->ntypes, &p->tdef,
				 &p->tlayer);
	s->rtypes = collect_names(p, "relation_types", sizeof(kgsc_rtype), &s->nrtypes, &p->rdef,
				  &p->rlayer);
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
		p->file = layers[p->rlayer[r]].file;
		kgy_node key = kgy_key_at(p->rdef[r]);
		kg_tid t = nm ? kg_schema_type_find(s, nm) : KG_NONE;
		if (t != KG_NONE)
			err(p, &key, "'%s' is both an entity type and a relation type (the entity "
				     "type is at %s:%u:%u)", nm, layers[p->tlayer[t]].file,
			    p->tdef[t]->line, p->tdef[t]->col);
	}
	p->isa = kgsc_alloc(p, s->ntypes, sizeof *p->isa);
	s->tstyle = kgsc_alloc(p, s->ntypes, sizeof *s->tstyle);
	s->rstyle = kgsc_alloc(p, s->nrtypes, sizeof *s->rstyle);
	if (p->oom)
		return;
	check_additions(p);
	for (kg_tid t = 0; t < s->ntypes; t++) {
		p->file = layers[p->tlayer[t]].file;
		if (s->types[t].name) {
			char where[160];
			snprintf(where, sizeof where, "entity type '%s'", s->types[t].name);
			parse_etype(p, t, p->tdef[t]->value);
			added_attrs(p, s->types[t].name, p->tlayer[t], entity_reserved, where,
				    &s->types[t].own, &s->types[t].nown);
		} else
			s->types[t].parent = KG_NONE;
	}
	for (kg_rtid r = 0; r < s->nrtypes; r++) {
		p->file = layers[p->rlayer[r]].file;
		if (s->rtypes[r].name)
			parse_rtype(p, &s->rtypes[r], p->rdef[r]->value);
	}
	for (size_t l = 0; l < n; l++) {
		const kgy_node *v = kgy_map_get(layers[l].root, "style");
		if (v)
			kgss_parse_section(s, p->d, layers[l].file, v, (unsigned)l, layers[l].reach,
					   &p->oom);
	}
	p->file = layers[n - 1].file;
	kgsc_derive(p);
}

extern const char kg_core_schema[];
extern const unsigned long kg_core_schema_len;

/* Reads the roots (a bundle: its layers) into a new schema; NULL when
 * there is any error (all reported to diags). */
static kg_schema *load(const kgsl_source *roots, size_t nroots, const kg_limits *lim,
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
		kg_diags_add(diags, KG_ERROR, NULL, 0, 0, "out of memory reading the schema");
		return NULL;
	}
	kga_arena_init(&s->arena);
	size_t before = kg_diags_errors(diags);
	sc_parse p = {.s = s, .d = diags};
	kgsl_bundle b;
	if (nroots == 1 && roots[0].buf && kgsl_bundle_read(&b, roots, lim, diags)) {
		kgsl_read_fixed(b.layers, b.reach, b.n, lim, diags, parse_layers, &p);
		kgsl_bundle_free(&b);
	} else if (kg_diags_errors(diags) == before) {
		kgsl_read(roots, nroots, kg_core_schema, kg_core_schema_len, lim, diags,
			  parse_layers, &p);
	}
	if (kg_diags_errors(diags) != before || !s->nlayers)
		kgsc_free(&s);
	return s;
}

kg_schema *kgsc_load_file(const char *path, const kg_limits *lim, kg_diags *diags)
{
	kgsl_source src = {.path = path};
	return load(&src, 1, lim, diags);
}

kg_schema *kgsc_load_files(const char *const *paths, size_t n, const kg_limits *lim,
			   kg_diags *diags)
{
	kgsl_source src[KGSL_MAX_LAYERS];
	if (n > KGSL_MAX_LAYERS)
		n = KGSL_MAX_LAYERS;
	for (size_t i = 0; i < n; i++)
		src[i] = (kgsl_source){.path = paths[i]};
	return load(src, n, lim, diags);
}

kg_schema *kgsc_load_buffer(const char *name, const char *buf, size_t len,
			    const kg_limits *lim, kg_diags *diags)
{
	kgsl_source src = {.name = name, .buf = buf ? buf : "", .len = len};
	return load(&src, 1, lim, diags);
}

kg_schema *kgsc_load_core(const kg_limits *lim, kg_diags *diags)
{
	return kgsc_load_buffer("<core>", kg_core_schema, kg_core_schema_len, lim, diags);
}


char *kgsc_bundle(const kg_schema *s, size_t *len, const char **bad)
{
	return kgsl_bundle_text(s->lfiles, s->lreach, s->nlayers, kg_core_schema,
				kg_core_schema_len, len, bad);
}
