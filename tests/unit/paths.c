/* paths.c — unit tests of kg_view_all_paths (view_path.c) on a chain of
 * diamonds, whose shortest paths are counted by hand: K diamonds in a row
 * (n0 -> {ui, vi} -> n(i+1)) have 2^K shortest paths of 2K relations. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kg.h"
#include "t.h"

#define K 10 /* 1,024 paths of 20 relations */

static char dir[] = "/tmp/kg-paths-test-XXXXXX";

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

static kg_graph *diamonds(void)
{
	put("schema.yaml", "kg_schema: 1\nentity_types:\n  node: {}\nrelation_types:\n"
			   "  link: {from: node, to: node}\n  twin: {from: node, to: node, symmetric: true}\n");
	static char data[16384];
	size_t n = (size_t)snprintf(data, sizeof data, "schema: schema.yaml\nentities:\n");
	for (int i = 0; i <= K; i++)
		n += (size_t)snprintf(data + n, sizeof data - n, "  - {id: n%d, type: node}\n", i);
	for (int i = 0; i < K; i++)
		n += (size_t)snprintf(data + n, sizeof data - n,
				      "  - {id: u%d, type: node}\n  - {id: v%d, type: node}\n", i, i);
	n += (size_t)snprintf(data + n, sizeof data - n, "relations:\n");
	for (int i = 0; i < K; i++)
		n += (size_t)snprintf(data + n, sizeof data - n,
				      "  - {from: n%d, type: link, to: u%d}\n  - {from: n%d, type: link, to: v%d}\n"
				      "  - {from: u%d, type: link, to: n%d}\n  - {from: v%d, type: twin, to: n%d}\n",
				      i, i, i, i, i, i + 1, i, i + 1);
	put("data.yaml", data);
	kg_diags *d = kg_diags_new();
	const char *paths[] = {dir};
	kg_graph *g = kg_graph_load(paths, 1, NULL, d);
	CHECK(g != NULL && kg_diags_count(d) == 0);
	kg_diags_free(&d);
	return g;
}

/* Whether path p (len relations) chains from a to b walking dir. */
static int chains(const kg_graph *g, const kg_rid *p, size_t len, kg_eid a, kg_eid b)
{
	kg_eid at = a;
	for (size_t i = 0; i < len; i++) {
		if (kg_rel_from(g, p[i]) != at && kg_rel_to(g, p[i]) != at)
			return 0;
		at = kg_rel_other(g, p[i], at);
	}
	return at == b;
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	kg_graph *g = diamonds();
	if (!g)
		return T_DONE();
	kg_view *all = kg_view_new(g, true);
	kg_eid a = kg_graph_find(g, "n0"), b = kg_graph_find(g, "n10");
	kg_rid *p;
	size_t len, n;
	bool more;

	/* every path: 2^K, each chaining from a to b, no two the same */
	CHECK(kg_view_all_paths(all, a, b, KG_DIR_OUT, NULL, 10000, 100000, &p, &len, &n, &more) == 0);
	CHECK(len == 2 * K && n == 1u << K && !more);
	int ok = 1;
	for (size_t i = 0; i < n && ok; i++) {
		ok = chains(g, p + i * len, len, a, b);
		for (size_t j = 0; j < i && ok; j++)
			ok = memcmp(p + i * len, p + j * len, len * sizeof *p) != 0;
	}
	CHECK(ok);
	free(p);

	/* backwards, and both ways: the same count (the symmetric twin
	 * relations are walked once, though both lists hold them) */
	CHECK(kg_view_all_paths(all, b, a, KG_DIR_IN, NULL, 10000, 100000, &p, &len, &n, &more) == 0);
	CHECK(len == 2 * K && n == 1u << K && !more && chains(g, p, len, b, a));
	free(p);
	CHECK(kg_view_all_paths(all, b, a, KG_DIR_BOTH, NULL, 10000, 100000, &p, &len, &n, &more) == 0);
	CHECK(len == 2 * K && n == 1u << K && !more);
	free(p);

	/* only link relations: the u side of each diamond, one path */
	kg_rtid link = kg_schema_rtype_find(kg_graph_schema(g), "link");
	uint8_t mask[2] = {0, 0};
	mask[link] = 1;
	CHECK(kg_view_all_paths(all, a, b, KG_DIR_OUT, mask, 10000, 100000, &p, &len, &n, &more) == 0);
	CHECK(len == 2 * K && n == 1 && !more && chains(g, p, len, a, b));
	free(p);

	/* max: the first max, and more set */
	CHECK(kg_view_all_paths(all, a, b, KG_DIR_OUT, NULL, 100, 100000, &p, &len, &n, &more) == 0);
	CHECK(n == 100 && more);
	free(p);
	CHECK(kg_view_all_paths(all, a, b, KG_DIR_OUT, NULL, 1u << K, 100000, &p, &len, &n, &more) == 0);
	CHECK(n == 1u << K && !more);
	free(p);

	/* more relations in all than max_rels: -2, nothing given */
	CHECK(kg_view_all_paths(all, a, b, KG_DIR_OUT, NULL, 10000, 1000, &p, &len, &n, &more) == -2);
	CHECK(p == NULL && n == 0);

	/* a == b: one path of no relation; unreachable: none */
	CHECK(kg_view_all_paths(all, a, a, KG_DIR_OUT, NULL, 10, 100, &p, &len, &n, &more) == 0);
	CHECK(p == NULL && len == 0 && n == 1 && !more);
	CHECK(kg_view_all_paths(all, b, a, KG_DIR_OUT, NULL, 10, 100, &p, &len, &n, &more) == 0);
	CHECK(p == NULL && n == 0 && !more);

	/* the single shortest path agrees on the length */
	CHECK(kg_view_path(all, a, b, KG_DIR_OUT, NULL, &p, &len) && len == 2 * K && chains(g, p, len, a, b));
	free(p);

	kg_view_free(&all);
	kg_graph_free(&g);
	char f[256];
	snprintf(f, sizeof f, "%s/schema.yaml", dir);
	unlink(f);
	snprintf(f, sizeof f, "%s/data.yaml", dir);
	unlink(f);
	rmdir(dir);
	return T_DONE();
}
