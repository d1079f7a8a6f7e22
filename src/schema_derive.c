/* schema_derive.c — what a schema derives once every type is read: is_a
 * cycles, attributes flattened along is_a (overrides must narrow), the
 * existence bounds, ancestor sets (schema_parse.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema_parse.h"

void *kgsc_alloc(sc_parse *p, size_t n, size_t size)
{
	void *m = kga_calloc(&p->s->arena, n ? n : 1, size);
	if (!m && !p->oom) {
		p->oom = true;
		kg_diags_add(p->d, KG_ERROR, p->file, 0, 0, "out of memory reading the schema");
	}
	return m;
}

static const char *const atype_words[] = {
	"a string", "a text", "an int", "a number", "a bool", "a date",
	"a quantity", "an enum", "a ref", "a list",
};

/* Why attribute a (declared on type e) does not narrow b, the definition
 * it inherits, into why; false when it narrows: the same type (and item
 * type), enum values among b's, a ref to b's type or below it, bounds
 * within b's, still required when b is. */
static bool widens(const kg_schema *s, const kgsc_attr *a, const kgsc_attr *b, char *why,
		   size_t whysz)
{
	if (a->type != b->type) {
		snprintf(why, whysz, "is %s, not %s", atype_words[a->type], atype_words[b->type]);
		return true;
	}
	if (b->required && !a->required) {
		snprintf(why, whysz, "is not required");
		return true;
	}
	if (b->has_min && (!a->has_min || a->min < b->min)) {
		snprintf(why, whysz, "allows less than the min %g", b->min);
		return true;
	}
	if (b->has_max && (!a->has_max || a->max > b->max)) {
		snprintf(why, whysz, "allows more than the max %g", b->max);
		return true;
	}
	for (size_t i = 0; i < a->nvalues; i++) {
		size_t j = 0;
		while (j < b->nvalues && strcmp(a->values[i], b->values[j]) != 0)
			j++;
		if (j == b->nvalues) {
			snprintf(why, whysz, "allows the value '%s'", a->values[i]);
			return true;
		}
	}
	if (a->type == KG_AT_REF && b->ref_to != KG_NONE) {
		kg_tid t = a->ref_to;
		while (t != KG_NONE && t != b->ref_to)
			t = s->types[t].parent;
		if (t == KG_NONE && a->ref_to != KG_NONE) {
			snprintf(why, whysz, "refers to '%s', not to '%s' or a type below it",
				 s->types[a->ref_to].name, s->types[b->ref_to].name);
			return true;
		}
	}
	if (a->type == KG_AT_LIST && a->of && b->of && a->of->type != b->of->type) {
		snprintf(why, whysz, "is a list of %s, not of %s", atype_words[a->of->type],
			 atype_words[b->of->type]);
		return true;
	}
	return false;
}

/* An attribute of e that overrides the inherited b may only narrow it. */
static void check_narrows(sc_parse *p, const kgsc_etype *e, const kgsc_attr *a,
			  const kgsc_attr *b)
{
	char why[200];
	if (!widens(p->s, a, b, why, sizeof why))
		return;
	kg_diags_add(p->d, KG_ERROR, a->loc.file, a->loc.line, a->loc.col,
		     "attribute '%s' of entity type '%s' %s; it overrides the one inherited "
		     "from %s:%u:%u and may only narrow it", a->name, e->name, why, b->loc.file,
		     b->loc.line, b->loc.col);
}

/* Breaks and reports every is_a cycle, each once, at the is_a of its
 * first-declared member. */
static void check_cycles(sc_parse *p)
{
	kg_schema *s = p->s;
	uint32_t *mark = calloc(s->ntypes ? s->ntypes : 1, sizeof *mark);
	if (!mark) {
		kgsc_err(p->d, p->file, NULL, "out of memory reading the schema");
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
		kgsc_err(p->d, p->layers[p->tlayer[first]].file, p->isa[first], "is_a cycle: %s", msg);
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
	const kgsc_attr **all = kgsc_alloc(p, max, sizeof *all);
	if (!all)
		return;
	size_t k = 0;
	for (size_t i = 0; i < e->nown; i++)
		all[k++] = &e->own[i];
	for (size_t i = 0; par && i < par->nall; i++) {
		const kgsc_attr *over = NULL;
		for (size_t j = 0; j < e->nown && !over; j++)
			if (strcmp(e->own[j].name, par->all[i]->name) == 0)
				over = &e->own[j];
		if (!over)
			all[k++] = par->all[i];
		else
			check_narrows(p, e, over, par->all[i]);
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
	if (!(s->anc = kgsc_alloc(p, s->ntypes * (s->awords ? s->awords : 1), sizeof *s->anc)))
		return;
	for (kg_tid t = 0; t < s->ntypes; t++)
		for (kg_tid u = t; u != KG_NONE; u = s->types[u].parent)
			s->anc[t * s->awords + u / 64] |= (uint64_t)1 << (u % 64);
}

void kgsc_derive(sc_parse *p)
{
	kg_schema *s = p->s;
	check_cycles(p);
	uint8_t *done = kgsc_alloc(p, s->ntypes, 1);
	for (kg_tid t = 0; done && t < s->ntypes; t++)
		flatten(p, t, done);
	uint8_t *resolved = kgsc_alloc(p, s->ntypes, 1);
	for (kg_tid t = 0; resolved && t < s->ntypes; t++)
		resolve_existence(p, t, resolved);
	build_ancestors(p);
}
