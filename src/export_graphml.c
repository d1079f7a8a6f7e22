/* export_graphml.c — a graph as GraphML (NetworkX, Gephi, yEd): a node
 * per entity, an edge per relation, a <key> per attribute name with the
 * type the schema gives it (string where types differ); lists, quantities
 * and claims as text (doc/export.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "schema_model.h"

static void xml_text(kgx_out *o, const char *s)
{
	kgx_escape(o, KGX_XML);
	kgx_puts(o, s);
	kgx_escape(o, KGX_RAW);
}

/* GraphML types of attribute keys, by attribute number: 0 unused. */
enum { K_NONE, K_STRING, K_LONG, K_DOUBLE, K_BOOL };
static const char *const ktype[] = {"", "string", "long", "double", "boolean"};

typedef struct gm {
	kgx_job *j;
	kgx_out *o;
	const kg_graph *g;
	const kg_schema *sc;
	size_t nattr;
	uint8_t *nkey, *ekey;   /* key types of node and edge attributes */
	uint8_t *nclaims, *eclaims; /* attribute has claims somewhere */
	uint32_t *canon;        /* kgx_attr_canon: a key per name */
} gm;

static uint8_t key_of(const kgsc_attr *a)
{
	switch (a->type) {
	case KG_AT_INT: return K_LONG;
	case KG_AT_NUMBER: return K_DOUBLE;
	case KG_AT_BOOL: return K_BOOL;
	default: return K_STRING;
	}
}

static void merge(uint8_t *keys, const kgsc_attr *a, const uint32_t *canon, size_t nattr)
{
	if (a->ix >= nattr || !canon[a->ix])
		return;
	uint8_t k = key_of(a);
	uint32_t c = canon[a->ix];
	keys[c] = keys[c] == K_NONE || keys[c] == k ? k : K_STRING;
}

static void declare(gm *m, const char *id, const char *forwhat, const char *name, uint8_t type)
{
	kgx_puts(m->o, "  <key id=\"");
	kgx_puts(m->o, id);
	kgx_puts(m->o, "\" for=\"");
	kgx_puts(m->o, forwhat);
	kgx_puts(m->o, "\" attr.name=\"");
	xml_text(m->o, name);
	kgx_puts(m->o, "\" attr.type=\"");
	kgx_puts(m->o, ktype[type]);
	kgx_puts(m->o, "\"/>\n");
}

static void keys(gm *m)
{
	static const char *const fixed[] = {"type", "name", "aliases", "notes", "sources"};
	char id[40];
	for (int k = 0; k < 5; k++) {
		snprintf(id, sizeof id, "n_%s", fixed[k]);
		declare(m, id, "node", fixed[k], K_STRING);
	}
	static const char *const efixed[] = {"type", "id", "notes", "sources"};
	for (int k = 0; k < 4; k++) {
		snprintf(id, sizeof id, "e_%s", efixed[k]);
		declare(m, id, "edge", efixed[k], K_STRING);
	}
	char name[300];
	for (size_t ix = 1; ix < m->nattr; ix++) {
		const char *an = kgsc_attr_name(m->sc, (uint32_t)ix);
		if (!an)
			continue;
		if (m->nkey[ix]) {
			snprintf(id, sizeof id, "n%zu", ix);
			declare(m, id, "node", an, m->nkey[ix]);
		}
		if (m->nclaims[ix]) {
			snprintf(id, sizeof id, "nc%zu", ix);
			snprintf(name, sizeof name, "%s_claims", an);
			declare(m, id, "node", name, K_STRING);
		}
		if (m->ekey[ix]) {
			snprintf(id, sizeof id, "e%zu", ix);
			declare(m, id, "edge", an, m->ekey[ix]);
		}
		if (m->eclaims[ix]) {
			snprintf(id, sizeof id, "ec%zu", ix);
			snprintf(name, sizeof name, "%s_claims", an);
			declare(m, id, "edge", name, K_STRING);
		}
	}
}

static void data_text(gm *m, const char *key, const char *text)
{
	kgx_puts(m->o, "    <data key=\"");
	kgx_puts(m->o, key);
	kgx_puts(m->o, "\">");
	xml_text(m->o, text);
	kgx_puts(m->o, "</data>\n");
}

/* A value as text: scalars as they read (a string where the key is one),
 * quantities as one line, lists and claims as JSON. */
static void value_text(gm *m, const kg_value *v)
{
	char b[48];
	kgx_escape(m->o, KGX_XML);
	switch (v->kind) {
	case KG_V_STRING: case KG_V_DATE: kgx_puts(m->o, v->u.s); break;
	case KG_V_INT:
		snprintf(b, sizeof b, "%lld", (long long)v->u.i);
		kgx_puts(m->o, b);
		break;
	case KG_V_NUMBER: kgx_puts(m->o, kgx_number(v->u.d, b)); break;
	case KG_V_BOOL: kgx_puts(m->o, v->u.b ? "true" : "false"); break;
	case KG_V_QUANTITY: kgx_put_quantity_text(m->o, v); break;
	default: kgx_put_json_value(m->o, m->g, v); break;
	}
	kgx_escape(m->o, KGX_RAW);
}

/* <data key="KEY">v</data>, KEY being PREFIX and the key's number. */
static void data_value(gm *m, const char *prefix, uint32_t c, const kg_value *v)
{
	char key[40];
	snprintf(key, sizeof key, "%s%u", prefix, c);
	kgx_puts(m->o, "    <data key=\"");
	kgx_puts(m->o, key);
	kgx_puts(m->o, "\">");
	value_text(m, v);
	kgx_puts(m->o, "</data>\n");
}

static void attr_data(gm *m, const kg_attr *as, size_t n, bool edge)
{
	for (size_t k = 0; k < n; k++) {
		const kg_value *v = kgx_value(m->j, &as[k].value); /* --as-of: claims valid then */
		if (!v)
			continue;
		const kg_value *b = kgx_best(m->j, v); /* NULL: none holds at the date */
		uint32_t c = v->name < m->nattr ? m->canon[v->name] : 0;
		if (b)
			data_value(m, edge ? "e" : "n", c, b);
		if (v->kind == KG_V_CLAIMS)
			data_value(m, edge ? "ec" : "nc", c, v);
	}
}

static void ids_data(gm *m, const char *key, const kg_eid *ids, size_t n)
{
	if (!n)
		return;
	kgx_puts(m->o, "    <data key=\"");
	kgx_puts(m->o, key);
	kgx_puts(m->o, "\">");
	for (size_t k = 0; k < n; k++) {
		if (k)
			kgx_putc(m->o, ' ');
		kgx_puts(m->o, kg_entity_id(m->g, ids[k]));
	}
	kgx_puts(m->o, "</data>\n");
}

static void node(gm *m, kg_eid e)
{
	const kg_graph *g = m->g;
	size_t n;
	kgx_puts(m->o, "  <node id=\"");
	kgx_puts(m->o, kg_entity_id(g, e));
	kgx_puts(m->o, "\">\n");
	data_text(m, "n_type", kg_schema_type_name(m->sc, kg_entity_type(g, e)));
	data_text(m, "n_name", kg_entity_name(g, e));
	const char *const *al = kg_entity_aliases(g, e, &n);
	if (n) {
		kgx_puts(m->o, "    <data key=\"n_aliases\">");
		kgx_escape(m->o, KGX_XML);
		kgx_putc(m->o, '[');
		for (size_t k = 0; k < n; k++) {
			if (k)
				kgx_putc(m->o, ',');
			kgx_put_json_string(m->o, al[k], strlen(al[k]));
		}
		kgx_putc(m->o, ']');
		kgx_escape(m->o, KGX_RAW);
		kgx_puts(m->o, "</data>\n");
	}
	if (kg_entity_notes(g, e))
		data_text(m, "n_notes", kg_entity_notes(g, e));
	const kg_eid *src = kg_entity_sources(g, e, &n);
	ids_data(m, "n_sources", src, n);
	const kg_attr *as = kg_entity_attrs(g, e, &n);
	attr_data(m, as, n, false);
	kgx_puts(m->o, "  </node>\n");
}

static void edge(gm *m, kg_rid r)
{
	const kg_graph *g = m->g;
	size_t n;
	kgx_puts(m->o, "  <edge id=\"r");
	kgx_put_u64(m->o, r);
	kgx_puts(m->o, "\" source=\"");
	kgx_puts(m->o, kg_entity_id(g, kg_rel_from(g, r)));
	kgx_puts(m->o, "\" target=\"");
	kgx_puts(m->o, kg_entity_id(g, kg_rel_to(g, r)));
	kgx_puts(m->o, "\">\n");
	data_text(m, "e_type", kg_schema_rtype_name(m->sc, kg_rel_type(g, r)));
	if (kg_rel_id(g, r))
		data_text(m, "e_id", kg_rel_id(g, r));
	if (kg_rel_notes(g, r))
		data_text(m, "e_notes", kg_rel_notes(g, r));
	const kg_eid *src = kg_rel_sources(g, r, &n);
	ids_data(m, "e_sources", src, n);
	const kg_attr *as = kg_rel_attrs(g, r, &n);
	attr_data(m, as, n, true);
	kgx_puts(m->o, "  </edge>\n");
}

int kgx_write_graphml(kgx_job *j)
{
	gm m = {.j = j, .g = j->g, .sc = kg_graph_schema(j->g)};
	m.nattr = kgsc_attr_count(m.sc) + 1;
	uint8_t *all = calloc(m.nattr, 4);
	m.canon = kgx_attr_canon(m.sc);
	if (!all || !m.canon) {
		free(all);
		free(m.canon);
		kg_diags_add(j->d, KG_ERROR, NULL, 0, 0, "out of memory");
		return -1;
	}
	m.nkey = all;
	m.ekey = all + m.nattr;
	m.nclaims = all + 2 * m.nattr;
	m.eclaims = all + 3 * m.nattr;
	for (kg_tid t = 0; t < kg_schema_type_count(m.sc); t++) {
		const kgsc_etype *et = kgsc_get_etype(m.sc, t);
		for (size_t k = 0; k < et->nown; k++)
			merge(m.nkey, &et->own[k], m.canon, m.nattr);
	}
	for (kg_rtid rt = 0; rt < kg_schema_rtype_count(m.sc); rt++) {
		const kgsc_rtype *rd = kgsc_get_rtype(m.sc, rt);
		for (size_t k = 0; k < rd->nattrs; k++)
			merge(m.ekey, &rd->attrs[k], m.canon, m.nattr);
	}
	/* claims keys only where some record has claims (a pass over the
	 * attributes, no output) */
	size_t n;
	for (kg_eid e = 0; e < kg_graph_entity_count(j->g); e++) {
		const kg_attr *as = kg_entity_attrs(j->g, e, &n);
		for (size_t k = 0; k < n; k++)
			if (as[k].value.kind == KG_V_CLAIMS && as[k].value.name < m.nattr)
				m.nclaims[m.canon[as[k].value.name]] = 1;
	}
	for (kg_rid r = 0; r < kg_graph_relation_count(j->g); r++) {
		const kg_attr *as = kg_rel_attrs(j->g, r, &n);
		for (size_t k = 0; k < n; k++)
			if (as[k].value.kind == KG_V_CLAIMS && as[k].value.name < m.nattr)
				m.eclaims[m.canon[as[k].value.name]] = 1;
	}
	if ((m.o = kgx_open(j->sink, NULL))) {
		kgx_puts(m.o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			      "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n");
		keys(&m);
		kgx_puts(m.o, "  <graph id=\"G\" edgedefault=\"directed\">\n");
		for (kg_eid e = 0; e < kg_graph_entity_count(j->g) && kgx_ok(m.o); e++)
			if (kgx_has_entity(j, e)) {
				node(&m, e);
				j->count++;
			}
		for (kg_rid r = 0; r < kg_graph_relation_count(j->g) && kgx_ok(m.o); r++)
			if (kgx_has_rel(j, r)) {
				edge(&m, r);
				j->count++;
			}
		kgx_puts(m.o, "  </graph>\n</graphml>\n");
	}
	free(all);
	free(m.canon);
	j->count_what = "nodes and edges";
	return 0;
}
