/* lua_prov.c — g:conflicts(), g:report() and g:supported_by(src): the provenance analysis of
 * prov.h as Lua tables, keyed as `kg conflicts` and `kg report` write
 * their JSON, with entity and relation handles where JSON has ids. */
#include "lua_kg.h"
#include "prov.h"

/* The C results live in a userdata while the tables are built, so that a
 * Lua error (out of memory) frees them all the same. */
typedef struct prov_box {
	kgp_conflicts *c;
	kgp_report *r;
	kgp_support *s;
} prov_box;

static int box_gc(lua_State *L)
{
	prov_box *b = luaL_checkudata(L, 1, "kg.Prov");
	kgp_conflicts_free(&b->c);
	kgp_report_free(&b->r);
	kgp_support_free(&b->s);
	return 0;
}

static prov_box *new_box(lua_State *L)
{
	prov_box *b = lua_newuserdatauv(L, sizeof *b, 0);
	*b = (prov_box){0};
	if (luaL_newmetatable(L, "kg.Prov")) {
		lua_pushcfunction(L, box_gc);
		lua_setfield(L, -2, "__gc");
	}
	lua_setmetatable(L, -2);
	return b;
}

/* What the analysis looks at: a slice (g:at) its date, as `--as-of`
 * does (the entities and relations valid then, the claims valid then);
 * NULL for a whole graph. */
static const kgp_at *slice_at(const kgl_graph *gh, kgp_at *buf)
{
	if (!gh->at.year)
		return NULL;
	*buf = (kgp_at){gh->at, gh->full};
	return buf;
}

static void set_int(lua_State *L, const char *k, lua_Integer v)
{
	lua_pushinteger(L, v);
	lua_setfield(L, -2, k);
}

static void push_record(lua_State *L, bool rel, uint32_t rec)
{
	if (rel)
		kgl_push_rel(L, 1, rec);
	else
		kgl_push_entity(L, 1, rec);
}

/* ---------------------------------------------------------------- */
/* g:conflicts()                                                     */
/* ---------------------------------------------------------------- */

static int m_conflicts(lua_State *L)
{
	kgl_graph *gh = luaL_checkudata(L, 1, KGL_GRAPH);
	kg_graph *g = kgl_graph_of(L, gh);
	kgp_at at;
	lua_settop(L, 1);
	prov_box *b = new_box(L); /* 2 */
	if (!(b->c = kgp_conflicts_find(g, slice_at(gh, &at))))
		return luaL_error(L, "not enough memory");
	const kgp_conflicts *cs = b->c;
	lua_createtable(L, (int)cs->n, 0);
	for (size_t i = 0; i < cs->n; i++) {
		const kgp_conflict *c = &cs->items[i];
		const kg_attr *a = kgp_conflict_attr(g, c);
		lua_createtable(L, 0, 6);
		push_record(L, c->rel, c->rec);
		lua_setfield(L, -2, "item");
		lua_pushstring(L, kg_attr_name(g, a));
		lua_setfield(L, -2, "attribute");
		const char *as_of = a->value.u.claims[c->winner].as_of;
		if (as_of) {
			lua_pushstring(L, as_of);
			lua_setfield(L, -2, "as_of");
		}
		lua_createtable(L, (int)c->n, 0);
		for (uint32_t k = 0; k < c->n; k++) {
			lua_pushinteger(L, (lua_Integer)cs->claims[c->first + k] + 1);
			lua_rawseti(L, -2, (lua_Integer)k + 1);
		}
		lua_setfield(L, -2, "claims");
		set_int(L, "winner", (lua_Integer)c->winner + 1);
		lua_pushboolean(L, c->resolved);
		lua_setfield(L, -2, "resolved");
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	return 1;
}

/* ---------------------------------------------------------------- */
/* g:report()                                                        */
/* ---------------------------------------------------------------- */

static void set_counts(lua_State *L, const char *k, const size_t *n)
{
	static const char *const kinds[KGP_N_KINDS] = {"entities", "relations", "claims"};
	lua_createtable(L, 0, KGP_N_KINDS);
	for (int i = 0; i < KGP_N_KINDS; i++)
		set_int(L, kinds[i], (lua_Integer)n[i]);
	lua_setfield(L, -2, k);
}

/* {kind =, item =, attribute =, claim =} of a fact. */
static void push_fact(lua_State *L, const kg_graph *g, const kgp_fact *f)
{
	static const char *const kinds[] = {"entity", "relation", "claim", "claim"};
	lua_createtable(L, 0, 4);
	lua_pushstring(L, kinds[f->kind & 3]);
	lua_setfield(L, -2, "kind");
	push_record(L, kgp_fact_on_rel(f), f->rec);
	lua_setfield(L, -2, "item");
	const kg_attr *a = kgp_fact_attr(g, f);
	if (a) {
		lua_pushstring(L, kg_attr_name(g, a));
		lua_setfield(L, -2, "attribute");
		set_int(L, "claim", (lua_Integer)f->claim + 1);
	}
}

static void set_types(lua_State *L, const kg_graph *g, const kgp_report *r, bool rel)
{
	const kg_schema *s = kg_graph_schema(g);
	size_t nt = rel ? kg_schema_rtype_count(s) : kg_schema_type_count(s);
	const kgp_type *ts = rel ? r->rtypes : r->etypes;
	lua_newtable(L);
	for (size_t t = 0; t < nt; t++) {
		const kgp_type *x = &ts[t];
		if (!x->count)
			continue;
		lua_createtable(L, 0, 7);
		set_int(L, "count", x->count);
		set_int(L, "claims", x->claims);
		set_int(L, "unsourced", x->unsourced);
		set_int(L, "single_source", x->single);
		set_int(L, "dated", x->dated);
		if (x->oldest) {
			lua_pushstring(L, x->oldest);
			lua_setfield(L, -2, "oldest_as_of");
			push_fact(L, g, &x->oldest_fact);
			lua_setfield(L, -2, "oldest");
		}
		lua_setfield(L, -2, rel ? kg_schema_rtype_name(s, t) : kg_schema_type_name(s, t));
	}
	lua_setfield(L, -2, rel ? "relation_types" : "entity_types");
}

static int m_report(lua_State *L)
{
	kgl_graph *gh = luaL_checkudata(L, 1, KGL_GRAPH);
	kg_graph *g = kgl_graph_of(L, gh);
	kgp_at at;
	lua_settop(L, 1);
	prov_box *b = new_box(L); /* 2 */
	if (!(b->r = kgp_report_build(g, SIZE_MAX, slice_at(gh, &at))))
		return luaL_error(L, "not enough memory");
	const kgp_report *r = b->r;
	lua_createtable(L, 0, 12);
	set_counts(L, "facts", r->facts);
	set_counts(L, "sourced", r->sourced);
	set_counts(L, "single_source", r->single);
	set_counts(L, "unsourced_counts", r->unsourced_n);
	set_int(L, "source_entities", (lua_Integer)r->nsource_entities);
	set_int(L, "source_entities_unsourced", (lua_Integer)r->sources_unsourced);
	lua_createtable(L, (int)r->nsources, 0);
	for (size_t i = 0; i < r->nsources; i++) {
		const kgp_source *s = &r->sources[i];
		lua_createtable(L, 0, 5);
		kgl_push_entity(L, 1, s->id);
		lua_setfield(L, -2, "source");
		set_int(L, "entities", s->cites[KGP_N_ENTITIES]);
		set_int(L, "relations", s->cites[KGP_N_RELATIONS]);
		set_int(L, "claims", s->cites[KGP_N_CLAIMS]);
		set_int(L, "sole", s->sole);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_setfield(L, -2, "sources");
	lua_createtable(L, (int)r->nuncited, 0);
	for (size_t i = 0; i < r->nuncited; i++) {
		kgl_push_entity(L, 1, r->uncited[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_setfield(L, -2, "uncited");
	lua_createtable(L, (int)r->nunsourced, 0);
	for (size_t i = 0; i < r->nunsourced; i++) {
		push_fact(L, g, &r->unsourced[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_setfield(L, -2, "unsourced");
	set_types(L, g, r, false);
	set_types(L, g, r, true);
	return 1;
}

/* ---------------------------------------------------------------- */
/* g:supported_by(source)                                            */
/* ---------------------------------------------------------------- */

static int m_supported_by(lua_State *L)
{
	kgl_graph *gh = luaL_checkudata(L, 1, KGL_GRAPH);
	kg_graph *g = kgl_graph_of(L, gh);
	kg_eid src = kgl_checkentity(L, 2, gh);
	kgp_at at;
	lua_settop(L, 1);
	prov_box *b = new_box(L); /* 2 */
	if (!(b->s = kgp_supported_by(g, src, slice_at(gh, &at))))
		return luaL_error(L, "not enough memory");
	const kgp_support *s = b->s;
	static const char *const keys[KGP_N_KINDS] = {"entities", "relations", "claims"};
	lua_createtable(L, 0, 4);
	for (int k = 0; k < KGP_N_KINDS; k++) {
		lua_createtable(L, (int)s->count[k], 0);
		lua_setfield(L, -2, keys[k]);
	}
	lua_createtable(L, 0, 0);
	lua_setfield(L, -2, "alone");
	for (size_t i = 0; i < s->n; i++) {
		const kgp_fact *f = &s->facts[i];
		int k = f->kind == KGP_ENTITY ? KGP_N_ENTITIES
			: f->kind == KGP_RELATION ? KGP_N_RELATIONS : KGP_N_CLAIMS;
		lua_getfield(L, -1, keys[k]);
		if (k == KGP_N_CLAIMS)
			push_fact(L, g, f);
		else
			push_record(L, kgp_fact_on_rel(f), f->rec);
		lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
		lua_pop(L, 1);
		if (s->alone[i]) { /* alone: the facts resting on this source only */
			lua_getfield(L, -1, "alone");
			push_fact(L, g, f);
			lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
			lua_pop(L, 1);
		}
	}
	return 1;
}

void kgl_open_prov(lua_State *L)
{
	luaL_getmetatable(L, KGL_GRAPH);
	lua_getfield(L, -1, "__index");
	lua_pushcfunction(L, m_conflicts);
	lua_setfield(L, -2, "conflicts");
	lua_pushcfunction(L, m_report);
	lua_setfield(L, -2, "report");
	lua_pushcfunction(L, m_supported_by);
	lua_setfield(L, -2, "supported_by");
	lua_pop(L, 2);
}
