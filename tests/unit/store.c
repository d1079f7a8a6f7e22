/* store.c — unit tests of the store: id hash, type indexes, adjacency,
 * symmetric relations, through a graph loaded from files and the builder. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kg.h"
#include "schema_model.h"
#include "store.h"
#include "t.h"

static const char *schema_text =
	"kg_schema: 1\n"
	"entity_types:\n"
	"  entity: {abstract: true}\n"
	"  actor: {is_a: entity, abstract: true}\n"
	"  country: {is_a: actor, attributes: {iso3: {type: string, pattern: '^[A-Z]{3}$'}}}\n"
	"  agency: {is_a: actor}\n"
	"  source: {is_a: entity, attributes: {title: {type: string, required: true}}}\n"
	"relation_types:\n"
	"  borders: {from: country, to: country, symmetric: true}\n"
	"  reports_on: {from: agency, to: actor, attributes: {as_of: {type: date}}}\n";

static const char *data_text =
	"schema: schema.yaml\n"
	"entities:\n"
	"  - {id: a, type: country, iso3: AAA, sources: [s]}\n"
	"  - {id: b, type: country, name: Bee}\n"
	"  - {id: c, type: agency}\n"
	"  - {id: s, type: source, title: T}\n"
	"relations:\n"
	"  - {from: a, type: borders, to: b, sources: [s]}\n"
	"  - {from: c, type: reports_on, to: a, as_of: 2019-12}\n"
	"  - {from: c, type: reports_on, to: b}\n";

static char dir[] = "/tmp/kg-store-test-XXXXXX";

static void put(const char *name, const char *text)
{
	char p[256];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	FILE *f = fopen(p, "w");
	CHECK(f != NULL);
	if (!f)
		return;
	fputs(text, f);
	fclose(f);
}

static void test_loaded(void)
{
	put("schema.yaml", schema_text);
	put("data.yaml", data_text);
	kg_diags *d = kg_diags_new();
	const char *paths[] = {dir};
	kg_graph *g = kg_graph_load(paths, 1, NULL, d);
	for (size_t i = 0; i < kg_diags_count(d); i++)
		fprintf(stderr, "%s:%u: %s\n", kg_diags_get(d, i)->loc.file,
			kg_diags_get(d, i)->loc.line, kg_diags_get(d, i)->msg);
	CHECK(g != NULL);
	CHECK(kg_diags_errors(d) == 0);
	if (!g) {
		kg_diags_free(&d);
		return;
	}
	const kg_schema *s = kg_graph_schema(g);
	/* 1. counts and the id hash */
	CHECK(kg_graph_entity_count(g) == 4);
	CHECK(kg_graph_relation_count(g) == 3);
	kg_eid a = kg_graph_find(g, "a"), b = kg_graph_find(g, "b"), c = kg_graph_find(g, "c");
	CHECK(a == 0 && b == 1 && c == 2);
	CHECK(kg_graph_find(g, "zz") == KG_NONE);
	CHECK(kg_graph_find(g, "") == KG_NONE);
	/* 2. names default to the id */
	CHECK(strcmp(kg_entity_name(g, a), "a") == 0);
	CHECK(strcmp(kg_entity_name(g, b), "Bee") == 0);
	/* 3. the type index includes subtypes */
	size_t n;
	const kg_eid *actors = kg_graph_entities_of(g, kg_schema_type_find(s, "actor"), &n);
	CHECK(n == 3 && actors[0] == a && actors[2] == c);
	kg_graph_entities_of(g, kg_schema_type_find(s, "entity"), &n);
	CHECK(n == 4);
	kg_graph_entities_of(g, kg_schema_type_find(s, "source"), &n);
	CHECK(n == 1);
	/* 4. relation type index */
	const kg_rid *rs = kg_graph_relations_of(g, kg_schema_rtype_find(s, "reports_on"), &n);
	CHECK(n == 2 && rs[0] == 1 && rs[1] == 2);
	/* 5. adjacency: a symmetric relation is seen from both ends */
	const kg_rid *out = kg_entity_out(g, b, &n);
	CHECK(n == 1 && out[0] == 0);
	kg_entity_in(g, a, &n);
	CHECK(n == 2); /* borders (symmetric) and reports_on */
	kg_entity_out(g, c, &n);
	CHECK(n == 2);
	kg_entity_in(g, c, &n);
	CHECK(n == 0);
	/* 6. attributes and sources */
	const kg_value *iso = kg_entity_attr(g, a, "iso3");
	CHECK(iso && iso->kind == KG_V_STRING && strcmp(iso->u.s, "AAA") == 0);
	CHECK(kg_entity_attr(g, b, "iso3") == NULL);
	const kg_eid *src = kg_entity_sources(g, a, &n);
	CHECK(n == 1 && src[0] == 3);
	const kg_value *asof = kg_rel_attr(g, 1, "as_of");
	CHECK(asof && asof->kind == KG_V_DATE && strcmp(asof->u.s, "2019-12") == 0);
	/* 7. locations */
	kg_loc l = kg_entity_loc(g, b);
	CHECK(l.line == 4 && l.col == 5 && l.file && strstr(l.file, "data.yaml"));
	l = kg_rel_loc(g, 2);
	CHECK(l.line == 10 && l.col == 5);
	CHECK(kg_graph_memory(g) > 0);
	kg_graph_free(&g);
	CHECK(g == NULL);
	kg_graph_free(&g);
	kg_diags_free(&d);
}

static void test_builder_hash(void)
{
	/* The id hash through many inserts and growth. */
	kg_graph *g = kgs_new();
	CHECK(g != NULL);
	char buf[32];
	for (int i = 0; i < 20000; i++) {
		snprintf(buf, sizeof buf, "e%d", i);
		const char *id = kga_intern(&g->strings, buf);
		CHECK(kgs_add_entity(g, id) == (kg_eid)i);
		CHECK(kgs_entity_of(id) == (kg_eid)i);
	}
	/* a relation's id shares the tag with an entity's */
	const char *r = kga_intern(&g->strings, "e7");
	CHECK(kgs_mark_relid(r) == 1 && kgs_mark_relid(r) == 0 && kgs_entity_of(r) == 7);
	const char *r2 = kga_intern(&g->strings, "r-only");
	CHECK(kgs_mark_relid(r2) == 1 && kgs_entity_of(r2) == KG_NONE);
	CHECK(kgs_add_entity(g, r2) == 20000 && kgs_entity_of(r2) == 20000);
	CHECK(kgs_mark_relid(r2) == 0);
	CHECK(kgs_index_ids(g) == 0);
	int ok = 1;
	for (int i = 0; i < 20000; i++) {
		snprintf(buf, sizeof buf, "e%d", i);
		ok &= kgs_find_n(g, buf, strlen(buf)) == (kg_eid)i;
	}
	CHECK(ok);
	CHECK(kgs_find_n(g, "e200000", 7) == KG_NONE);
	CHECK(kgs_find_n(g, "r-only", 6) == 20000);
	CHECK(kgs_find_n(g, "e1x", 2) == 1); /* length-bounded lookup */
	kg_graph_free(&g);
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	test_loaded();
	test_builder_hash();
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return T_DONE();
}
