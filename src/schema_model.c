/* schema_model.c — the schema as kg holds it once read (schema.c reads
 * it from YAML): lookups of types and attributes, the public readers of
 * kg.h, and freeing it. Knows nothing of YAML. */
#include <stdlib.h>
#include <string.h>

#include "schema_int.h"
#include "spell.h"

size_t kgsc_index_cap(size_t n)
{
	size_t cap = 8;
	while (cap < n * 2)
		cap *= 2;
	return cap;
}

uint32_t kgsc_index_find(const uint32_t *idx, size_t cap, const char *const *names,
			 size_t stride, const char *name)
{
	if (!idx)
		return KG_NONE;
	size_t mask = cap - 1, i = kga_hash(name, strlen(name)) & mask;
	while (idx[i]) {
		uint32_t t = idx[i] - 1;
		const char *nm = *(const char *const *)((const char *)names + t * stride);
		if (nm && strcmp(nm, name) == 0)
			return t;
		i = (i + 1) & mask;
	}
	return KG_NONE;
}

kg_tid kg_schema_type_find(const kg_schema *s, const char *name)
{
	return s ? kgsc_index_find(s->tindex, s->tcap, (const char *const *)(const void *)s->types,
			      sizeof(kgsc_etype), name)
		 : KG_NONE;
}

kg_rtid kg_schema_rtype_find(const kg_schema *s, const char *name)
{
	return s ? kgsc_index_find(s->rindex, s->rcap, (const char *const *)(const void *)s->rtypes,
			      sizeof(kgsc_rtype), name)
		 : KG_NONE;
}

void kgsc_free(kg_schema **ps)
{
	if (!ps || !*ps)
		return;
	kg_schema *s = *ps;
	for (sc_regex *r = s->regexes; r; r = r->next)
		kgsc_pattern_free(&r->re);
	kga_arena_free(&s->arena);
	free(s);
	*ps = NULL;
}

/* ---------------------------------------------------------------- */
/* Readers                                                           */
/* ---------------------------------------------------------------- */

const kgsc_etype *kgsc_get_etype(const kg_schema *s, kg_tid t)
{ return t < s->ntypes ? &s->types[t] : NULL; }
const kgsc_rtype *kgsc_get_rtype(const kg_schema *s, kg_rtid rt)
{ return rt < s->nrtypes ? &s->rtypes[rt] : NULL; }

const char *kgsc_attr_name(const kg_schema *s, uint32_t ix)
{
	return ix && ix < s->nanames ? s->anames[ix] : NULL;
}

size_t kgsc_attr_count(const kg_schema *s) { return s->nanames ? s->nanames - 1 : 0; }

const kgsc_attr *kgsc_entity_attr(const kg_schema *s, kg_tid t, const char *name)
{
	if (t >= s->ntypes)
		return NULL;
	const kgsc_etype *e = &s->types[t];
	for (size_t i = 0; i < e->nall; i++)
		if (e->all[i]->name[0] == name[0] && strcmp(e->all[i]->name, name) == 0)
			return e->all[i];
	return NULL;
}

const kgsc_attr *kgsc_rel_attr(const kg_schema *s, kg_rtid rt, const char *name)
{
	if (rt >= s->nrtypes)
		return NULL;
	const kgsc_rtype *r = &s->rtypes[rt];
	for (size_t i = 0; i < r->nattrs; i++)
		if (r->attrs[i].name[0] == name[0] && strcmp(r->attrs[i].name, name) == 0)
			return &r->attrs[i];
	return NULL;
}

static bool allows(const kg_schema *s, const kg_tid *ts, size_t n, kg_tid t)
{
	if (n == 0)
		return true;
	for (size_t i = 0; i < n; i++)
		if (kg_schema_type_is(s, t, ts[i]))
			return true;
	return false;
}

bool kgsc_rtype_allows_from(const kg_schema *s, kg_rtid rt, kg_tid from)
{
	return rt < s->nrtypes && allows(s, s->rtypes[rt].from, s->rtypes[rt].nfrom, from);
}

bool kgsc_rtype_allows_to(const kg_schema *s, kg_rtid rt, kg_tid to)
{
	return rt < s->nrtypes && allows(s, s->rtypes[rt].to, s->rtypes[rt].nto, to);
}

const char *kgsc_rtype_endpoints(const kg_schema *s, kg_rtid rt, bool to, char *buf,
				 size_t bufsz)
{
	if (bufsz == 0)
		return buf;
	buf[0] = '\0';
	if (rt >= s->nrtypes)
		return buf;
	const kgsc_rtype *r = &s->rtypes[rt];
	const kg_tid *ts = to ? r->to : r->from;
	size_t n = to ? r->nto : r->nfrom, len = 0;
	if (n == 0) {
		snprintf(buf, bufsz, "any entity");
		return buf;
	}
	for (size_t i = 0; i < n && len < bufsz; i++)
		len += (size_t)snprintf(buf + len, bufsz - len, "%s%s",
					i == 0 ? "" : i + 1 == n ? " or " : ", ",
					s->types[ts[i]].name);
	return buf;
}

const char *kg_schema_origin(const kg_schema *s) { return s->origin; }
size_t kgsc_layer_count(const kg_schema *s) { return s->nlayers; }
const char *kgsc_layer_file(const kg_schema *s, size_t i)
{ return i < s->nlayers ? s->lfiles[i] : NULL; }

const char *kg_schema_type_near(const kg_schema *s, const char *name, bool rel)
{
	kgsp_near n;
	kgsp_near_init(&n, name);
	size_t nt = rel ? kg_schema_rtype_count(s) : kg_schema_type_count(s);
	for (size_t t = 0; t < nt; t++)
		kgsp_near_try(&n, rel ? kg_schema_rtype_name(s, (kg_rtid)t) : kg_schema_type_name(s, (kg_tid)t));
	return n.word;
}

size_t kg_schema_type_count(const kg_schema *s) { return s->ntypes; }
const char *kg_schema_type_name(const kg_schema *s, kg_tid t)
{ return t < s->ntypes ? s->types[t].name : NULL; }
kg_tid kg_schema_type_parent(const kg_schema *s, kg_tid t)
{ return t < s->ntypes ? s->types[t].parent : KG_NONE; }

bool kg_schema_type_is(const kg_schema *s, kg_tid t, kg_tid ancestor)
{
	if (t >= s->ntypes || ancestor >= s->ntypes)
		return false;
	return (s->anc[t * s->awords + ancestor / 64] >> (ancestor % 64)) & 1;
}

bool kg_schema_type_abstract(const kg_schema *s, kg_tid t)
{ return t < s->ntypes && s->types[t].abstract; }
const char *kg_schema_type_doc(const kg_schema *s, kg_tid t)
{ return t < s->ntypes ? s->types[t].doc : NULL; }
size_t kg_schema_rtype_count(const kg_schema *s) { return s->nrtypes; }
const char *kg_schema_rtype_name(const kg_schema *s, kg_rtid rt)
{ return rt < s->nrtypes ? s->rtypes[rt].name : NULL; }
bool kg_schema_rtype_symmetric(const kg_schema *s, kg_rtid rt)
{ return rt < s->nrtypes && s->rtypes[rt].symmetric; }
const char *kg_schema_rtype_doc(const kg_schema *s, kg_rtid rt)
{ return rt < s->nrtypes ? s->rtypes[rt].doc : NULL; }

const kg_style_kv *kg_schema_style(const kg_schema *s, const char *type_name, size_t *n)
{
	const sc_style *st = NULL;
	kg_tid t = kg_schema_type_find(s, type_name);
	if (t != KG_NONE) {
		st = &s->tstyle[t];
	} else {
		kg_rtid rt = kg_schema_rtype_find(s, type_name);
		if (rt != KG_NONE)
			st = &s->rstyle[rt];
	}
	*n = st ? st->n : 0;
	return st && st->n ? st->kv : NULL;
}
