/* fuzz_load.c — fuzz target: loading and validating a graph file against
 * the built-in core schema (kg_graph_load), then reading the graph back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "kg.h"

/* schema/core.yaml as compiled into libkg (build/core_schema.c). */
extern const char kg_core_schema[];
extern const unsigned long kg_core_schema_len;

static fz_file data_file, schema_file;

/* Reads every value the way a script would, best claims included. */
static void read_value(const kg_value *v, unsigned depth)
{
	if (!v || depth > 1000)
		return;
	const kg_value *b = kg_value_best(v);
	if (!b || b->kind == KG_V_CLAIMS)
		abort();
	switch (v->kind) {
	case KG_V_STRING:
	case KG_V_DATE:
		if (!v->u.s)
			abort();
		(void)strlen(v->u.s);
		break;
	case KG_V_LIST:
		for (uint32_t i = 0; i < v->n; i++)
			read_value(&v->u.items[i], depth + 1);
		break;
	case KG_V_CLAIMS:
		for (uint32_t i = 0; i < v->n; i++) {
			read_value(&v->u.claims[i].value, depth + 1);
			(void)kg_rank_name(v->u.claims[i].rank);
		}
		break;
	case KG_V_QUANTITY: {
		kg_quantity q;
		kg_value_quantity(v, &q);
		if (!q.has || (q.unit && strlen(q.unit) > SIZE_MAX / 2) ||
		    (q.note && strlen(q.note) > SIZE_MAX / 2))
			abort();
		break;
	}
	default:
		break;
	}
}

static void read_graph(const kg_graph *g)
{
	size_t ne = kg_graph_entity_count(g), nr = kg_graph_relation_count(g), n;
	for (kg_eid e = 0; e < ne; e++) {
		const char *id = kg_entity_id(g, e);
		if (!id || kg_graph_find(g, id) != e || !kg_entity_name(g, e))
			abort();
		(void)kg_entity_notes(g, e);
		(void)kg_entity_aliases(g, e, &n);
		const kg_eid *src = kg_entity_sources(g, e, &n);
		for (size_t i = 0; i < n; i++)
			if (src[i] >= ne)
				abort();
		const kg_attr *a = kg_entity_attrs(g, e, &n);
		for (size_t i = 0; i < n; i++) {
			if (!kg_attr_name(g, &a[i]) || kg_entity_attr(g, e, kg_attr_name(g, &a[i])) == NULL)
				abort();
			read_value(&a[i].value, 0);
		}
		const kg_rid *out = kg_entity_out(g, e, &n);
		for (size_t i = 0; i < n; i++)
			if (out[i] >= nr)
				abort();
		(void)kg_entity_in(g, e, &n);
	}
	for (kg_rid r = 0; r < nr; r++) {
		if (kg_rel_from(g, r) >= ne || kg_rel_to(g, r) >= ne)
			abort();
		(void)kg_rel_id(g, r);
		(void)kg_rel_notes(g, r);
		const kg_attr *a = kg_rel_attrs(g, r, &n);
		for (size_t i = 0; i < n; i++)
			read_value(&a[i].value, 0);
	}
	const kg_schema *s = kg_graph_schema(g);
	for (kg_tid t = 0; t < kg_schema_type_count(s); t++)
		(void)kg_graph_entities_of(g, t, &n);
	for (kg_rtid rt = 0; rt < kg_schema_rtype_count(s); rt++)
		(void)kg_graph_relations_of(g, rt, &n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fz_write(&data_file, ".yaml", data, size);
	if (!path)
		abort();
	kg_load_opts o;
	kg_load_opts_init(&o);
	/* A `schema:` key would make the loader read whatever file it names;
	 * an explicit schema wins over it (the key is still parsed as data). */
	if (memmem(data, size, "schema:", 7)) {
		o.schema_path = fz_write(&schema_file, ".yaml", kg_core_schema, kg_core_schema_len);
		if (!o.schema_path)
			abort();
	}
	kg_diags *d = kg_diags_new();
	if (!d)
		return 0;
	kg_graph *g = kg_graph_load(&path, 1, &o, d);
	if (g) {
		if (kg_diags_errors(d) != 0)
			abort(); /* never a graph with errors */
		read_graph(g);
	} else if (kg_diags_errors(d) == 0) {
		abort(); /* refused without saying why */
	}
	kg_graph_free(&g);
	kg_diags_free(&d);
	return 0;
}
