/* fuzz_pattern.c — fuzz target: the pattern parser and matcher (query.h)
 * over arbitrary bytes, against a small graph with every attribute type,
 * a symmetric relation, a loop and a dense clique: a pattern either parses
 * or gets a located error; one that parses runs on the whole graph and on
 * a view of it, within a step budget, and every row it gives holds. */
#include "fuzz.h"
#include "query.h"

static const char graph_yaml[] =
	"schema: {file}\n"
	"entities:\n"
	"  - {id: a, type: country, name: Aland, n: 3, x: 1.5, ok: true, d: 2019-12, q: {approx: 30}, "
	"e: red, l: [u, v]}\n"
	"  - {id: b, type: country, n: 4}\n"
	"  - {id: o, type: organization}\n"
	"  - {id: c1, type: city}\n  - {id: c2, type: city}\n  - {id: c3, type: city}\n"
	"  - {id: c4, type: city}\n  - {id: c5, type: city}\n"
	"relations:\n"
	"  - {from: a, type: borders, to: b}\n"
	"  - {from: a, type: member_of, to: o, id: m1, since: 2001}\n"
	"  - {from: b, type: member_of, to: o}\n"
	"  - {from: a, type: link, to: a}\n";

static const char schema_yaml[] =
	"kg_schema: 1\n"
	"entity_types:\n"
	"  entity: {abstract: true}\n"
	"  actor: {is_a: entity, abstract: true}\n"
	"  country: {is_a: actor, attributes: {n: {type: int}, x: {type: number}, ok: {type: bool},\n"
	"    d: {type: date}, q: {type: quantity}, e: {type: enum, values: [red, blue]},\n"
	"    l: {type: list, of: {type: string}}}}\n"
	"  organization: {is_a: actor}\n"
	"  city: {is_a: entity}\n"
	"relation_types:\n"
	"  borders: {from: country, to: country, symmetric: true}\n"
	"  member_of: {from: actor, to: organization, attributes: {since: {type: date}}}\n"
	"  link: {}\n"
	"  near: {symmetric: true}\n";

static kg_graph *graph;
static kg_view *full, *part;

/* The graph, made once: the cities form a clique of `near` relations. */
static void setup(void)
{
	static fz_file sf, gf;
	const char *sp = fz_write(&sf, ".yaml", schema_yaml, sizeof schema_yaml - 1);
	if (!sp)
		abort();
	char buf[4096];
	const char *at = strstr(graph_yaml, "{file}");
	int n = snprintf(buf, sizeof buf, "%.*s%s%s", (int)(at - graph_yaml), graph_yaml, sp, at + 6);
	for (int i = 1; i <= 5; i++)
		for (int j = i + 1; j <= 5; j++)
			n += snprintf(buf + n, sizeof buf - (size_t)n, "  - {from: c%d, type: near, to: c%d}\n", i, j);
	const char *gp = fz_write(&gf, ".yaml", buf, (size_t)n);
	kg_diags *d = kg_diags_new();
	graph = kg_graph_load(&gp, 1, NULL, d);
	kg_diags_free(&d);
	if (!graph)
		abort();
	full = kg_view_new(graph, true);
	part = kg_view_new(graph, false);
	kg_view_add_entity(part, kg_graph_find(graph, "a"));
	kg_view_add_entity(part, kg_graph_find(graph, "c1"));
	kg_view_add_entity(part, kg_graph_find(graph, "c2"));
	kg_view_add_induced(part, full);
}

typedef struct ctx {
	const kgq_pattern *p;
	const kg_view *v;
	size_t rows;
} ctx;

/* Every value bound is an entity (or relation) of the view. */
static int on_row(void *ud, const uint32_t *vals, const uint32_t *rels)
{
	ctx *c = ud;
	(void)rels;
	for (size_t i = 0; i < kgq_var_count(c->p); i++)
		if (kgq_var_is_rel(c->p, i) ? !kg_view_has_rel(c->v, vals[i]) : !kg_view_has_entity(c->v, vals[i]))
			abort();
	return ++c->rows == 5000;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!graph)
		setup();
	kgq_error err;
	char text[2048];
	kgq_pattern *p = kgq_parse(kg_graph_schema(graph), (const char *)data, size, &err);
	if (!p) {
		if (!err.msg[0])
			abort(); /* refused without saying why */
		kgq_error_format(&err, (const char *)data, size, text, sizeof text);
		if (strncmp(text, "pattern:", 8) != 0)
			abort();
		return 0;
	}
	for (int k = 0; k < 2; k++) {
		ctx c = {p, k ? part : full, 0};
		kgq_exec *x = kgq_exec_new(p, c.v);
		if (!x)
			abort();
		kgq_exec_plan(x, text, sizeof text);
		int rc = kgq_exec_run(x, 200000, on_row, &c, &err);
		if (rc < 0 && !err.msg[0])
			abort();
		kgq_exec_free(&x);
	}
	kgq_pattern_free(&p);
	return 0;
}
