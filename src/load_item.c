/* load_item.c — one item of a document, an entity or a relation, checked
 * against the schema and added to the store: ids, types, attributes,
 * sources; references to entities not loaded yet kept for resolution
 * (load.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load_int.h"
#include "spell.h"

/* The nearest attribute of type t (rel: relation type) or item key to
 * name, or NULL. */
static const char *near_attr(const kg_schema *s, uint32_t t, const char *name, int rel)
{
	static const char *const ekeys[] = {"id", "type", "name", "aliases", "sources", "notes", "relations", NULL};
	static const char *const rkeys[] = {"id", "type", "from", "to", "sources", "notes", NULL};
	kgsp_near n;
	kgsp_near_init(&n, name);
	for (const char *const *k = rel ? rkeys : ekeys; *k; k++)
		kgsp_near_try(&n, *k);
	if (rel) {
		const kgsc_rtype *r = kgsc_get_rtype(s, t);
		for (size_t i = 0; r && i < r->nattrs; i++)
			kgsp_near_try(&n, r->attrs[i].name);
	} else {
		const kgsc_etype *e = kgsc_get_etype(s, t);
		for (size_t i = 0; e && i < e->nall; i++)
			kgsp_near_try(&n, e->all[i]->name);
	}
	return n.word;
}

static const char *q(const kgy_node *n, char *buf, size_t sz)
{
	if (n->kind != KGY_SCALAR)
		return kgy_describe(n);
	return kgy_quote(n->u.scalar.s, n->u.scalar.len, buf, sz);
}

/* "a" or "an" before a type name, for messages. */
static const char *article(const char *word)
{
	return strchr("aeiouAEIOU", word[0]) && word[0] ? "an" : "a";
}

/* Entity e, found for a reference written at f:line:col, must be of type
 * must_be (KG_NONE: any). */
void kgld_check_ref_type(loader *L, const char *f, uint32_t line, uint32_t col, const char *id,
			 kg_eid e, kg_tid must_be)
{
	const kg_schema *s = L->schema;
	kg_tid t = kgs_type_of(L->types[e]);
	if (must_be != KG_NONE && t != KG_NONE && !kg_schema_type_is(s, t, must_be))
		kg_diags_add(L->diags, KG_ERROR, f, line, col, "'%s' is %s %s, not %s %s", id,
			     article(kg_schema_type_name(s, t)), kg_schema_type_name(s, t),
			     article(kg_schema_type_name(s, must_be)), kg_schema_type_name(s, must_be));
}

/* Entity e may be end k (0 from, 1 to) of a relation of type rt. */
void kgld_check_endpoint(loader *L, const char *f, uint32_t line, uint32_t col, kg_rtid rt,
			 int k, const char *id, kg_eid e)
{
	const kg_schema *s = L->schema;
	kg_tid t = kgs_type_of(L->types[e]);
	if (rt == KG_NONE || t == KG_NONE)
		return;
	int ok = k ? kgsc_rtype_allows_to(s, rt, t) : kgsc_rtype_allows_from(s, rt, t);
	char buf[128];
	if (!ok)
		kg_diags_add(L->diags, KG_ERROR, f, line, col,
			     "relation '%s' cannot %s '%s' (%s %s): expected %s",
			     kg_schema_rtype_name(s, rt), k ? "go to" : "come from", id,
			     article(kg_schema_type_name(s, t)), kg_schema_type_name(s, t),
			     kgsc_rtype_endpoints(s, rt, k, buf, sizeof buf));
}

static bool types_reserve(loader *L, kg_eid e)
{
	if (e < L->captypes)
		return true;
	size_t ncap = L->captypes ? L->captypes * 2 : 1024;
	uint16_t *nt = realloc(L->types, ncap * sizeof *nt);
	if (!nt)
		return false;
	L->types = nt;
	L->captypes = ncap;
	return true;
}

/* The keys kg reads itself; every other key of an entity or a relation
 * is an attribute of its type. */
typedef enum key_kind {
	K_ATTR, K_ID, K_TYPE, K_NAME, K_NOTES, K_ALIASES, K_SOURCES, K_RELATIONS, K_FROM, K_TO
} key_kind;

static key_kind key_of(const kgy_node *k)
{
	const char *s = k->u.scalar.s;
#define IS(lit) (memcmp(s, lit, sizeof lit - 1) == 0)
	switch (k->u.scalar.len) {
	case 2:
		return IS("id") ? K_ID : IS("to") ? K_TO : K_ATTR;
	case 4:
		return IS("type") ? K_TYPE : IS("name") ? K_NAME : IS("from") ? K_FROM : K_ATTR;
	case 5:
		return IS("notes") ? K_NOTES : K_ATTR;
	case 7:
		return IS("aliases") ? K_ALIASES : IS("sources") ? K_SOURCES : K_ATTR;
	case 9:
		return IS("relations") ? K_RELATIONS : K_ATTR;
	default:
		return K_ATTR;
	}
#undef IS
}

/* The type (rel: relation type) named by scalar n, or KG_NONE. */
static uint32_t type_named(loader *L, const kgy_node *n, int rel)
{
	const char *s = n->u.scalar.s;
	size_t len = n->u.scalar.len;
	type_cache *c = rel ? &L->rtypes : &L->etypes;
	size_t k = len ? (len * 7 + (unsigned char)s[0] + (unsigned char)s[len - 1]) % TYPE_CACHE : 0;
	if (c->name[k] && c->len[k] == len && memcmp(c->name[k], s, len) == 0)
		return c->id[k];
	uint32_t t = rel ? kg_schema_rtype_find(L->schema, s) : kg_schema_type_find(L->schema, s);
	if (t != KG_NONE && len < UINT32_MAX) {
		c->name[k] = rel ? kg_schema_rtype_name(L->schema, t) : kg_schema_type_name(L->schema, t);
		c->len[k] = (uint32_t)len;
		c->id[k] = t;
	}
	return t;
}

static const char *intern_scalar(loader *L, const kgy_node *n)
{
	const char *s = kgy_intern(&L->g->strings, n);
	if (!s)
		L->oom = 1;
	return s;
}

/* What byte c may be in an id: 1 anywhere (a letter or a digit), 2 after
 * the first byte only (_ . : -), 0 nowhere; a table of all 256. */
#define ID_BYTE(c) ((((c) | 0x20) >= 'a' && ((c) | 0x20) <= 'z') || ((c) >= '0' && (c) <= '9') ? 1 \
		    : (c) == '-' || (c) == '_' || (c) == '.' || (c) == ':' ? 2 : 0)
#define ID4(c) ID_BYTE(c), ID_BYTE((c) + 1), ID_BYTE((c) + 2), ID_BYTE((c) + 3)
#define ID16(c) ID4(c), ID4((c) + 4), ID4((c) + 8), ID4((c) + 12)
#define ID64(c) ID16(c), ID16((c) + 16), ID16((c) + 32), ID16((c) + 48)
static const uint8_t id_bytes[256] = {ID64(0), ID64(64), ID64(128), ID64(192)};
#undef ID64
#undef ID16
#undef ID4
#undef ID_BYTE

static int valid_id(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	if (len == 0 || id_bytes[u[0]] != 1)
		return 0;
	for (size_t i = 1; i < len; i++)
		if (!id_bytes[u[i]])
			return 0;
	return 1;
}

/* Whether n is an id: a scalar matching the id pattern; reports it when
 * not. `what` names the key for messages. */
static int id_node(loader *L, const kgy_node *n, const char *what)
{
	char buf[96];
	if (n->kind != KGY_SCALAR || kgy_is_null(n)) {
		ERR(L, n, "'%s' must be an id, got %s", what, kgy_describe(n));
		return 0;
	}
	if (!valid_id(n->u.scalar.s, n->u.scalar.len)) {
		ERR(L, n, "bad id %s in '%s': ids are letters, digits and _.:- and start with a letter or digit",
		    q(n, buf, sizeof buf), what);
		return 0;
	}
	return 1;
}

/* An id node's interned text, or NULL (reported) when it is no id. */
static const char *check_id(loader *L, const kgy_node *n, const char *what)
{
	return id_node(L, n, what) ? intern_scalar(L, n) : NULL;
}

/* Where a reference's entity goes: a fixed slot (in the arena), an item
 * of a growing pool, or nowhere (both NULL). */
typedef struct ref_slot {
	kg_eid *slot;
	kgs_pool *pool;
	uint32_t at;
} ref_slot;

static void add_ref(loader *L, const char *id, uint32_t line, uint32_t col, ref_slot rs,
		    kg_tid must_be)
{
	if (L->nrefs == L->caprefs) {
		size_t ncap = L->caprefs ? L->caprefs * 2 : 256;
		pending_ref *nr = realloc(L->refs, ncap * sizeof *nr);
		if (!nr) {
			L->oom = 1;
			return;
		}
		L->refs = nr;
		L->caprefs = ncap;
	}
	pending_ref *p = &L->refs[L->nrefs++];
	p->id = id;
	p->slot = rs.slot;
	p->pool = rs.pool;
	p->at = rs.at;
	p->must_be = must_be;
	p->file = L->file;
	p->line = line;
	p->col = col;
}

/* A reference to the entity whose id is s (interned): checked and filled
 * in now when the entity is already loaded (most are: kgs_entity_of),
 * else remembered for resolve(). */
static void ref_now_or_later(loader *L, const char *s, uint32_t line, uint32_t col,
			     ref_slot rs, kg_tid must_be)
{
	kg_eid e = kgs_entity_of(s);
	if (e != KG_NONE) {
		kgld_check_ref_type(L, L->fname, line, col, s, e, must_be);
		if (rs.pool)
			((kg_eid *)rs.pool->items)[rs.at] = e;
		else if (rs.slot)
			*rs.slot = e;
		return;
	}
	add_ref(L, s, line, col, rs, must_be);
}

/* The kgv_ref_fn the value checker calls for claim sources and refs. */
void kgld_on_value_ref(void *ud, const char *id, uint32_t line, uint32_t col, kg_eid *slot,
		       kg_tid must_be)
{
	ref_now_or_later(ud, id, line, col, (ref_slot){slot, NULL, 0}, must_be);
}

/* `sources: [id, ...]` (or one id), appended to pool (esrcs or rsrcs);
 * items whose entity is not loaded yet are filled at resolution. */
/* The items of `sources` or `aliases`: one scalar or a list of them. Sets
 * *items (*one holds a lone scalar) and returns how many; 0 for null, and
 * 0 with the error reported for anything else (`wants` says what). */
static size_t one_or_list(loader *L, const kgy_node *n, const kgy_node **one,
			  kgy_node *const **items, const char *what, const char *wants)
{
	*one = n;
	*items = (kgy_node *const *)one;
	if (kgy_is_null(n))
		return 0;
	if (n->kind == KGY_SEQ) {
		*items = n->u.seq.items;
		return n->u.seq.n;
	}
	if (n->kind != KGY_SCALAR) {
		ERR(L, n, "'%s' must be %s, got %s", what, wants, kgy_describe(n));
		return 0;
	}
	return 1;
}

static void read_sources(loader *L, const kgy_node *n, kgs_pool *pool)
{
	const kgy_node *one;
	kgy_node *const *items;
	size_t k = one_or_list(L, n, &one, &items, "sources", "a list of source ids");
	if (L->source_t == KG_NONE && k) {
		ERR(L, n, "the schema has no 'source' type, so nothing can cite sources");
		return;
	}
	for (size_t i = 0; i < k; i++) {
		const kgy_node *it = items[i];
		if (!id_node(L, it, "sources"))
			continue;
		const char *s = intern_scalar(L, it);
		kg_eid *slot = s ? kgs_pool_push(pool, 1, sizeof *slot) : NULL;
		if (!slot) {
			L->oom = 1;
			return;
		}
		*slot = KG_NONE;
		ref_now_or_later(L, s, it->line, it->col,
				 (ref_slot){NULL, pool, (uint32_t)(slot - (kg_eid *)pool->items)},
				 L->source_t);
	}
}

/* A name, note or alias: copied, not interned, since such texts rarely
 * repeat and nothing looks them up (the intern table stays half as big). */
static const char *read_text(loader *L, const kgy_node *n, const char *what)
{
	if (n->kind != KGY_SCALAR || kgy_is_null(n)) {
		ERR(L, n, "'%s' must be a string, got %s", what, kgy_describe(n));
		return NULL;
	}
	if (L->vc.no_text)
		return "";
	const char *s = kga_strndup(&L->g->arena, n->u.scalar.s, n->u.scalar.len);
	if (!s)
		L->oom = 1;
	return s;
}

static int push_attr(loader *L, size_t i, uint16_t name, const kg_value *v)
{
	if (i == L->capattrs) {
		size_t ncap = L->capattrs ? L->capattrs * 2 : 16;
		kg_attr *na = realloc(L->attrs, ncap * sizeof *na);
		if (!na) {
			L->oom = 1;
			return -1;
		}
		L->attrs = na;
		L->capattrs = ncap;
	}
	L->attrs[i].value = *v;
	L->attrs[i].value.name = name;
	return 0;
}

/* Appends the n scratch attributes to pool (eattrs or rattrs). */
static void keep_attrs(loader *L, size_t n, kgs_pool *pool)
{
	if (!n)
		return;
	kg_attr *a = kgs_pool_push(pool, n, sizeof *a);
	if (!a) {
		L->oom = 1;
		return;
	}
	memcpy(a, L->attrs, n * sizeof *a);
}

/* Appends strings to g->xstrs; 1 + the index of the first, or 0 on OOM. */
static uint32_t keep_xstrs(loader *L, const char *a, const char *b, size_t n)
{
	const char **x = kgs_pool_push(&L->g->xstrs, n, sizeof *x);
	if (!x) {
		L->oom = 1;
		return 0;
	}
	x[0] = a;
	if (n > 1)
		x[1] = b;
	return (uint32_t)(x - (const char **)L->g->xstrs.items) + 1;
}

/* Checks one attribute and appends it to the scratch list; returns the new count. */
static size_t read_attr(loader *L, const kgsc_attr *def, const kgy_pair *p, size_t nattrs)
{
	kg_value v;
	memset(&v, 0, sizeof v);
	if (!kgv_convert(&L->vc, def, p->value, &v))
		return nattrs;
	if (push_attr(L, nattrs, def->ix, &v) < 0)
		return nattrs;
	return nattrs + 1;
}

static int has_key(const kgy_node *map, const char *name)
{
	return kgy_map_get(map, name) != NULL;
}

/* Every required attribute of `all` must be among the keys of n. */
static void check_required(loader *L, const kgy_node *n, const kgsc_attr *const *all, size_t nall,
			   const char *what, const char *tname)
{
	for (size_t i = 0; i < nall; i++)
		if (all[i]->required && !has_key(n, all[i]->name))
			ERR(L, n, "%s of type '%s' lacks the required attribute '%s'", what, tname,
			    all[i]->name);
}

/* The date string of the scratch attribute numbered ix (its best claim's
 * when it has several), or NULL. */
static const char *scratch_date(const loader *L, size_t nattrs, uint16_t ix)
{
	for (size_t i = 0; ix && i < nattrs; i++)
		if (L->attrs[i].value.name == ix) {
			const kg_value *v = kg_value_best(&L->attrs[i].value);
			return v->kind == KG_V_DATE ? v->u.s : NULL;
		}
	return NULL;
}

/* The span of an item (a relation's since and till, an entity's
 * existence) must hold a day, and its as_of (as_ix, 0: none) must meet it;
 * reported at the key written in n. */
static void check_span(loader *L, const kgy_node *n, size_t nattrs, uint16_t since_ix,
		       uint16_t till_ix, uint16_t as_ix, const char *what)
{
	const char *since = scratch_date(L, nattrs, since_ix);
	const char *till = scratch_date(L, nattrs, till_ix);
	const char *as_of = scratch_date(L, nattrs, as_ix);
	if (!since && !till)
		return;
	char why[200];
	int bad = kg_span_check(since, till, as_of, why, sizeof why);
	if (!bad)
		return;
	const char *key = kgsc_attr_name(L->schema, bad == KG_SPAN_AS_OF ? as_ix : till_ix);
	const kgy_node *at = key ? kgy_map_get(n, key) : NULL;
	if (bad == KG_SPAN_REVERSED && strcmp(what, "existence") == 0)
		ERR(L, at ? at : n, "existence: %s %s is not before %s %s: the entity would "
		    "exist on no day (its type's existence runs from %s till %s)",
		    kgsc_attr_name(L->schema, since_ix), since, key, till,
		    kgsc_attr_name(L->schema, since_ix), key);
	else
		ERR(L, at ? at : n, "%s: %s", what, why);
}

/* ---------------------------------------------------------------- */
/* Relations                                                         */
/* ---------------------------------------------------------------- */

/* End k (0 from, 1 to) of relation x (number rid) is the entity id
 * (interned): set now when it is loaded, else when every entity is. */
static void end_now_or_later(loader *L, kgs_rel *x, kg_rid rid, int k, const char *id,
			     uint32_t line, uint32_t col)
{
	kg_eid e = kgs_entity_of(id);
	if (e != KG_NONE) {
		*(k ? &x->to : &x->from) = e;
		kgld_check_endpoint(L, L->fname, line, col, kgs_type_of(x->type), k, id, e);
		return;
	}
	if (L->nends == L->capends) {
		size_t ncap = L->capends ? L->capends * 2 : 256;
		pending_end *ne = realloc(L->ends, ncap * sizeof *ne);
		if (!ne) {
			L->oom = 1;
			return;
		}
		L->ends = ne;
		L->capends = ncap;
	}
	uint32_t where = (uint32_t)k;
	if (line >= x->line && line - x->line <= END_DLINE_MAX && col <= END_COL_MAX)
		where |= (line - x->line) << 1 | col << 8;
	L->ends[L->nends++] = (pending_end){id, rid, where};
}

/* The error for the unknown attribute of pair i of map, for `what` ("entity"
 * or "relation") type tname. A key with no value written on the line of a
 * plain value before it is what `{name: Bosnia, Herzegovina}` gives: the
 * comma ended the value, so the error says to quote it; else "did you mean"
 * when near is a name close to it. */
static void unknown_attr(loader *L, const kgy_node *map, size_t i, const char *what,
			 const char *tname, const char *near)
{
	const kgy_pair *p = &map->u.map.pairs[i];
	const char *k = p->key->u.scalar.s;
	const kgy_node *v = p->value, *pv = i ? map->u.map.pairs[i - 1].value : NULL;
	if (pv && v->kind == KGY_SCALAR && v->style == KGY_PLAIN && v->u.scalar.len == 0 &&
	    pv->kind == KGY_SCALAR && pv->style == KGY_PLAIN && pv->line == p->line)
		ERR_KEY(L, p,
			"unknown attribute '%s' for %s type '%s': inside {...} a ',' ends an unquoted value; "
			"if '%s' belongs to the value before it, quote that value: %s: \"%.60s, %.60s\"",
			k, what, tname, k, map->u.map.pairs[i - 1].key->u.scalar.s, pv->u.scalar.s, k);
	else if (near)
		ERR_KEY(L, p, "unknown attribute '%s' for %s type '%s' (did you mean '%s'?)", k, what, tname, near);
	else
		ERR_KEY(L, p, "unknown attribute '%s' for %s type '%s'", k, what, tname);
}

/* One relation: a mapping; `from_id` is set for inline relations. */
void kgld_relation(loader *L, const kgy_node *n, const char *from_id, const kgy_node *owner)
{
	char buf[96];
	if (n->kind != KGY_MAP) {
		ERR(L, n, "a relation must be a mapping with from, type and to, got %s", kgy_describe(n));
		return;
	}
	const kgy_node *tn = NULL;
	bool has_from = false, has_to = false;
	for (size_t i = 0; i < n->u.map.n; i++) {
		key_kind kk = key_of(n->u.map.pairs[i].key);
		if (kk == K_TYPE)
			tn = n->u.map.pairs[i].value;
		has_from |= kk == K_FROM;
		has_to |= kk == K_TO;
	}
	kg_rtid rt = KG_NONE;
	const char *tname = NULL;
	if (!tn) {
		ERR(L, n, "relation has no 'type'");
	} else if (tn->kind != KGY_SCALAR || kgy_is_null(tn)) {
		ERR(L, tn, "relation 'type' must be a relation type name, got %s", kgy_describe(tn));
	} else {
		rt = type_named(L, tn, 1);
		const char *near = rt == KG_NONE ? kg_schema_type_near(L->schema, tn->u.scalar.s, true) : NULL;
		if (rt == KG_NONE && near)
			ERR(L, tn, "unknown relation type %s (did you mean '%s'?)", q(tn, buf, sizeof buf), near);
		else if (rt == KG_NONE)
			ERR(L, tn, "unknown relation type %s", q(tn, buf, sizeof buf));
		else
			tname = kg_schema_rtype_name(L->schema, rt);
	}
	const kgy_node *endn[2] = {NULL, NULL}; /* from and to as written */
	const char *id = NULL, *notes = NULL;
	uint32_t src0 = L->g->rsrcs.n; /* its sources are appended as they are read */
	size_t nattrs = 0;
	for (size_t i = 0; i < n->u.map.n; i++) {
		const kgy_pair *p = &n->u.map.pairs[i];
		const char *k = p->key->u.scalar.s;
		key_kind kk = key_of(p->key);
		if (kk == K_TYPE) {
			continue;
		} else if (kk == K_FROM) {
			if (from_id) {
				ERR_KEY(L, p, "an inline relation takes 'from' from its entity; remove 'from'");
				continue;
			}
			if (id_node(L, p->value, "from"))
				endn[0] = p->value;
		} else if (kk == K_TO) {
			if (id_node(L, p->value, "to"))
				endn[1] = p->value;
		} else if (kk == K_ID) {
			id = check_id(L, p->value, "id");
			if (id && !kgs_mark_relid(id)) {
				ERR(L, p->value, "duplicate relation id '%s'", id);
				id = NULL;
			}
		} else if (kk == K_SOURCES) {
			read_sources(L, p->value, &L->g->rsrcs);
		} else if (kk == K_NOTES) {
			notes = read_text(L, p->value, "notes");
		} else if (rt != KG_NONE) {
			const kgsc_attr *def = kgsc_rel_attr(L->schema, rt, k);
			if (!def)
				unknown_attr(L, n, i, "relation", tname, near_attr(L->schema, rt, k, 1));
			else
				nattrs = read_attr(L, def, p, nattrs);
		}
	}
	if (!endn[0] && !from_id && !has_from)
		ERR(L, n, "relation has no 'from'");
	if (!has_to)
		ERR(L, n, "relation has no 'to'");
	if (rt != KG_NONE) {
		const kgsc_rtype *r = kgsc_get_rtype(L->schema, rt);
		for (size_t i = 0; i < r->nattrs; i++)
			if (r->attrs[i].required && !has_key(n, r->attrs[i].name))
				ERR(L, n, "relation of type '%s' lacks the required attribute '%s'", tname,
				    r->attrs[i].name);
		const kgsc_attr *as = kgsc_rel_attr(L->schema, rt, "as_of");
		char what[160];
		snprintf(what, sizeof what, "relation '%s'", tname);
		check_span(L, n, nattrs, r->since_ix, r->till_ix,
			   as && as->type == KG_AT_DATE ? as->ix : 0, what);
	}
	kg_rid rid = kgs_add_rel(L->g);
	if (rid == KG_NONE) {
		L->oom = 1;
		return;
	}
	kgs_rel *x = &L->g->rels[rid];
	x->type = kgs_type16(rt);
	x->from = x->to = KG_NONE;
	x->src0 = src0;
	if (kgs_set_place(L->g, 1, rid, n->line, n->col) < 0) {
		L->oom = 1;
		return;
	}
	/* Endpoints already loaded are settled now; the others wait for resolve(). */
	if (from_id && *from_id)
		end_now_or_later(L, x, rid, 0, from_id, owner->line, owner->col);
	for (int k = 0; k < 2; k++) {
		const kgy_node *en = endn[k];
		if (!en)
			continue;
		const char *eid = intern_scalar(L, en);
		if (!eid)
			return;
		end_now_or_later(L, x, rid, k, eid, en->line, en->col);
	}
	if (id || notes) {
		kgs_side *sx = kgs_pool_push(&L->g->relx, 1, sizeof *sx);
		if (!sx)
			L->oom = 1;
		else
			*sx = (kgs_side){rid, keep_xstrs(L, id, notes, 2)};
	}
	keep_attrs(L, nattrs, &L->g->rattrs);
}

/* ---------------------------------------------------------------- */
/* Entities                                                          */
/* ---------------------------------------------------------------- */

/* `aliases: [text, ...]` (or one), appended to g->ealiases. */
static void read_aliases(loader *L, const kgy_node *n)
{
	const kgy_node *one;
	kgy_node *const *items;
	size_t k = one_or_list(L, n, &one, &items, "aliases", "a list of strings");
	for (size_t i = 0; i < k; i++) {
		const char *s = read_text(L, items[i], "aliases");
		const char **a = s ? kgs_pool_push(&L->g->ealiases, 1, sizeof *a) : NULL;
		if (a)
			*a = s;
		else if (s)
			L->oom = 1;
	}
}

void kgld_entity(loader *L, const kgy_node *n)
{
	char buf[96];
	if (n->kind != KGY_MAP) {
		ERR(L, n, "an entity must be a mapping with id and type, got %s", kgy_describe(n));
		return;
	}
	const kgy_node *idn = NULL, *tn = NULL;
	for (size_t i = 0; i < n->u.map.n; i++) {
		key_kind kk = key_of(n->u.map.pairs[i].key);
		if (kk == K_ID)
			idn = n->u.map.pairs[i].value;
		else if (kk == K_TYPE)
			tn = n->u.map.pairs[i].value;
	}
	const char *id = NULL;
	if (!idn)
		ERR(L, n, "entity has no 'id'");
	else
		id = check_id(L, idn, "id");
	kg_tid t = KG_NONE;
	if (!tn) {
		ERR(L, n, "entity %s%s%shas no 'type'", id ? "'" : "", id ? id : "", id ? "' " : "");
	} else if (tn->kind != KGY_SCALAR || kgy_is_null(tn)) {
		ERR(L, tn, "entity 'type' must be an entity type name, got %s", kgy_describe(tn));
	} else {
		t = type_named(L, tn, 0);
		const char *near;
		if (t == KG_NONE) {
			if (kg_schema_rtype_find(L->schema, tn->u.scalar.s) != KG_NONE)
				ERR(L, tn, "%s is a relation type, not an entity type", q(tn, buf, sizeof buf));
			else if ((near = kg_schema_type_near(L->schema, tn->u.scalar.s, false)))
				ERR(L, tn, "unknown entity type %s (did you mean '%s'?)", q(tn, buf, sizeof buf), near);
			else
				ERR(L, tn, "unknown entity type %s", q(tn, buf, sizeof buf));
		} else if (kg_schema_type_abstract(L->schema, t)) {
			ERR(L, tn, "entity type '%s' is abstract; use one of its subtypes",
			    kg_schema_type_name(L->schema, t));
			t = KG_NONE;
		}
	}
	kg_eid e = KG_NONE;
	if (id) {
		kg_eid prev = kgs_entity_of(id);
		if (prev != KG_NONE) {
			kg_loc pl = kg_entity_loc(L->g, prev);
			ERR(L, idn, "duplicate id '%s' (first defined at %s:%u:%u)", id,
			    pl.file ? pl.file : "?", pl.line, pl.col);
		} else if ((e = kgs_add_entity(L->g, id)) == KG_NONE || !types_reserve(L, e)) {
			L->oom = 1;
			return;
		} else {
			L->types[e] = kgs_type16(t); /* its references may be checked before it is done */
		}
	}
	const char *tname = t != KG_NONE ? kg_schema_type_name(L->schema, t) : NULL;
	/* Its parts are appended to the pools as they are read. An entity that
	 * is not added (no id, a duplicate: errors) leaves its parts to the one
	 * before it, harmless since a graph with errors is never handed on. */
	kgs_entity x;
	if (e != KG_NONE)
		x = L->g->ents[e];
	else
		memset(&x, 0, sizeof x);
	x.id = id;
	x.name = id;
	x.type = kgs_type16(t);
	size_t nattrs = 0;
	const kgy_node *rels = NULL;
	for (size_t i = 0; i < n->u.map.n; i++) {
		const kgy_pair *p = &n->u.map.pairs[i];
		const char *k = p->key->u.scalar.s;
		key_kind kk = key_of(p->key);
		if (kk == K_ID || kk == K_TYPE) {
			continue;
		} else if (kk == K_NAME) {
			const char *s = read_text(L, p->value, "name");
			if (s)
				x.name = s;
		} else if (kk == K_NOTES) {
			const char *s = read_text(L, p->value, "notes");
			if (s)
				x.notes = keep_xstrs(L, s, NULL, 1);
		} else if (kk == K_ALIASES) {
			read_aliases(L, p->value);
		} else if (kk == K_SOURCES) {
			read_sources(L, p->value, &L->g->esrcs);
		} else if (kk == K_RELATIONS) {
			rels = p->value;
		} else if (t != KG_NONE) {
			const kgsc_attr *def = kgsc_entity_attr(L->schema, t, k);
			if (!def)
				unknown_attr(L, n, i, "entity", tname, near_attr(L->schema, t, k, 0));
			else
				nattrs = read_attr(L, def, p, nattrs);
		}
	}
	if (t != KG_NONE) {
		const kgsc_etype *et = kgsc_get_etype(L->schema, t);
		check_required(L, n, et->all, et->nall, "entity", tname);
		check_span(L, n, nattrs, et->since_ix, et->till_ix, 0, "existence");
	}
	keep_attrs(L, nattrs, &L->g->eattrs);
	if (e != KG_NONE) {
		L->g->ents[e] = x;
		if (kgs_set_place(L->g, 0, e, n->line, n->col) < 0)
			L->oom = 1;
	}
	if (rels && !kgy_is_null(rels)) {
		if (rels->kind != KGY_SEQ) {
			ERR(L, rels, "'relations' must be a list of relations, got %s", kgy_describe(rels));
			return;
		}
		for (size_t i = 0; i < rels->u.seq.n && !L->oom; i++)
			kgld_relation(L, rels->u.seq.items[i], id ? id : "", idn ? idn : n);
	}
}
