/* fuzz_snapshot.c — fuzz target: loading a compiled snapshot (`kg compile`)
 * and reading every part of the graph back. The input's checksum is made
 * to match first, so the fuzzer reaches the structure checks behind it
 * (tests/unit/snapshot.c shows that a wrong checksum is refused). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "kg.h"
#include "snapshot.h"

static fz_file snap_file;

static void read_str(const char *s)
{
	if (s)
		(void)strlen(s);
}

static void read_value(const kg_value *v, size_t ne, unsigned depth)
{
	if (depth > 1000)
		abort(); /* the loader bounds nesting */
	const kg_value *b = kg_value_best(v);
	if (!b || b->kind == KG_V_CLAIMS)
		abort();
	switch (v->kind) {
	case KG_V_STRING:
	case KG_V_DATE:
		(void)strlen(v->u.s);
		break;
	case KG_V_QUANTITY: {
		kg_quantity q;
		kg_value_quantity(v, &q);
		read_str(q.unit);
		read_str(q.note);
		break;
	}
	case KG_V_LIST:
		for (uint32_t i = 0; i < v->n; i++)
			read_value(&v->u.items[i], ne, depth + 1);
		break;
	case KG_V_CLAIMS:
		for (uint32_t i = 0; i < v->n; i++) {
			const kg_claim *c = &v->u.claims[i];
			read_value(&c->value, ne, depth + 1);
			for (uint32_t k = 0; k < c->nsources; k++)
				if (c->sources[k] >= ne)
					abort();
			read_str(c->as_of);
			read_str(c->note);
			read_str(c->loc.file);
			(void)kg_rank_name(c->rank);
		}
		break;
	default:
		break;
	}
}

static void read_attrs(const kg_graph *g, const kg_attr *a, size_t n, size_t ne)
{
	for (size_t i = 0; i < n; i++) {
		(void)strlen(kg_attr_name(g, &a[i]));
		read_value(&a[i].value, ne, 0);
	}
}

static void read_ids(const uint32_t *ids, size_t n, size_t limit)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] >= limit)
			abort();
}

static void read_graph(const kg_graph *g)
{
	size_t ne = kg_graph_entity_count(g), nr = kg_graph_relation_count(g), n;
	for (size_t i = 0; i < kg_graph_file_count(g); i++)
		(void)strlen(kg_graph_file(g, i));
	for (kg_eid e = 0; e < ne; e++) {
		(void)kg_graph_find(g, kg_entity_id(g, e));
		read_str(kg_entity_name(g, e));
		read_str(kg_entity_notes(g, e));
		read_str(kg_entity_loc(g, e).file);
		const char *const *al = kg_entity_aliases(g, e, &n);
		for (size_t i = 0; i < n; i++)
			(void)strlen(al[i]);
		const kg_eid *src = kg_entity_sources(g, e, &n);
		read_ids(src, n, ne);
		const kg_attr *a = kg_entity_attrs(g, e, &n);
		read_attrs(g, a, n, ne);
		const kg_rid *r = kg_entity_out(g, e, &n);
		read_ids(r, n, nr);
		r = kg_entity_in(g, e, &n);
		read_ids(r, n, nr);
	}
	for (kg_rid r = 0; r < nr; r++) {
		if (kg_rel_from(g, r) >= ne || kg_rel_to(g, r) >= ne)
			abort();
		read_str(kg_rel_id(g, r));
		read_str(kg_rel_notes(g, r));
		read_str(kg_rel_loc(g, r).file);
		const kg_eid *src = kg_rel_sources(g, r, &n);
		read_ids(src, n, ne);
		const kg_attr *a = kg_rel_attrs(g, r, &n);
		read_attrs(g, a, n, ne);
	}
	(void)kg_graph_find(g, "no such id");
	const kg_schema *s = kg_graph_schema(g);
	for (kg_tid t = 0; t < kg_schema_type_count(s); t++) {
		const kg_eid *ids = kg_graph_entities_of(g, t, &n);
		read_ids(ids, n, ne);
	}
	for (kg_rtid rt = 0; rt < kg_schema_rtype_count(s); rt++) {
		const kg_rid *ids = kg_graph_relations_of(g, rt, &n);
		read_ids(ids, n, nr);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	if (size)
		memcpy(copy, data, size);
	if (size >= sizeof(kgsn_header)) {
		kgsn_header h;
		memcpy(&h, copy, sizeof h);
		h.checksum = kgsn_checksum(copy + sizeof h, size - sizeof h);
		memcpy(copy, &h, sizeof h);
	}
	const char *path = fz_write(&snap_file, ".kgs", copy, size);
	free(copy);
	if (!path)
		abort();
	kg_diags *d = kg_diags_new();
	if (!d)
		return 0;
	kg_graph *g = kg_graph_load(&path, 1, NULL, d);
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
