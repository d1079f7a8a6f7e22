/* query.c — unit test of the pattern parser and matcher (query.h) on the
 * Lua API test graph (tests/lua/data): rows, plans, errors, limits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query.h"
#include "t.h"

static const kg_graph *G;

/* Every row of pattern pat as "a=id b=id ...;" (relations as their
 * type), sorted by the order found; "ERR: message" on an error. */
static char out[8192];

static int add_row(void *ud, const uint32_t *vals, const uint32_t *rels)
{
	(void)rels;
	const kgq_pattern *p = ud;
	size_t n = strlen(out);
	if (n > sizeof out - 512)
		return 0; /* enough to compare */
	for (size_t i = 0; i < kgq_var_count(p); i++) {
		const char *v = kgq_var_is_rel(p, i) ?
			kg_schema_rtype_name(kg_graph_schema(G), kg_rel_type(G, vals[i])) :
			kg_entity_id(G, vals[i]);
		n += (size_t)snprintf(out + n, sizeof out - n, "%s%s=%s", i ? " " : "", kgq_var_name(p, i), v);
	}
	snprintf(out + n, sizeof out - n, ";");
	return 0;
}

static const char *match_in(const char *pat, const kg_view *v, uint64_t max)
{
	kgq_error err;
	out[0] = '\0';
	kgq_pattern *p = kgq_parse(kg_graph_schema(G), pat, strlen(pat), &err);
	if (!p) {
		snprintf(out, sizeof out, "ERR: %s", err.msg);
		return out;
	}
	kgq_exec *x = kgq_exec_new(p, v);
	if (kgq_exec_run(x, max, add_row, p, &err) < 0)
		snprintf(out, sizeof out, "ERR: %s", err.msg);
	kgq_exec_free(&x);
	CHECK(x == NULL);
	kgq_pattern_free(&p);
	return out;
}

static kg_view *FULL;
static const char *match(const char *pat) { return match_in(pat, FULL, KGQ_DEFAULT_MAX_STEPS); }

#define IS(pat, want) do { const char *got_ = match(pat); CHECK(strcmp(got_, want) == 0); \
	if (strcmp(got_, want) != 0) fprintf(stderr, "  %s\n  got  %s\n  want %s\n", pat, got_, want); } while (0)

static void plan_of(const char *pat, char *buf, size_t n)
{
	kgq_error err;
	kgq_pattern *p = kgq_parse(kg_graph_schema(G), pat, strlen(pat), &err);
	kgq_exec *x = kgq_exec_new(p, FULL);
	kgq_exec_plan(x, buf, n);
	kgq_exec_free(&x);
	kgq_pattern_free(&p);
}

int main(void)
{
	const char *paths[] = {"tests/lua/data"};
	kg_diags *d = kg_diags_new();
	kg_graph *g = kg_graph_load(paths, 1, NULL, d);
	kg_diags_free(&d);
	if (!g) {
		fprintf(stderr, "cannot load tests/lua/data\n");
		return 1;
	}
	G = g;
	FULL = kg_view_new(g, true);

	/* 1. one relation, typed ends, an id */
	IS("(a {id: 'alpha'})-[s:sends_workers_to]->(c:country)", "a=alpha s=sends_workers_to c=gamma;");
	IS("(c:country)<-[:sends_workers_to]-(a {id: \"alpha\"})", "c=gamma a=alpha;");
	/* 2. symmetric relations both ways, as e:outgoing sees them */
	IS("(a {id:'beta'})-[:borders]->(b)", "a=beta b=alpha;a=beta b=gamma;");
	IS("(a {id:'beta'})-[:borders]-(b)", "a=beta b=alpha;a=beta b=gamma;");
	/* 3. subtypes: actor holds countries and organizations */
	IS("(x:actor)-[:member_of]->(o:organization)", "x=alpha o=union;x=beta o=union;");
	/* 4. attributes: int, quantity, date, bool, list, enum, name */
	IS("(c:country {population: 1000})", "c=alpha;");
	IS("(c {landlocked: false, regime: 'democracy'})", "c=alpha;");
	IS("(c {languages: 'betan'})", "c=alpha;");
	IS("(c {name: 'Gammaland'})", "c=gamma;");
	IS("()-[s:sends_workers_to {workers: 40}]->(d)", "s=sends_workers_to d=delta;");
	IS("()-[s {as_of: '2019-12-22'}]->(d)", "s=sends_workers_to d=gamma;");
	IS("(c:country {earnings: 200})", "c=alpha;"); /* the preferred claim */
	/* 5. variable length: reachability, each end once */
	IS("(a {id:'alpha'})-[:sends_workers_to*1..2]->(c)", "a=alpha c=gamma;a=alpha c=delta;");
	IS("(a {id:'alpha'})-[:sends_workers_to*2..2]->(c)", "a=alpha c=delta;");
	IS("(a {id:'alpha'})-[:sends_workers_to*0..1]->(c)", "a=alpha c=alpha;a=alpha c=gamma;");
	IS("(a {id:'alpha'})-[:borders*2..2]-(c)", "a=alpha c=alpha;a=alpha c=gamma;");
	/* 6. joins: shared variables, the same variable twice */
	IS("(a:country)-[:member_of]->(u), (b:country)-[:member_of]->(u), (a)-[:borders]->(b)",
	   "a=alpha u=union b=beta;a=beta u=union b=alpha;");
	IS("(a)-[:borders]-(b)-[:borders]-(a)", "");  /* one relation is not matched twice */
	IS("(a {id:'alpha'})-[r:borders]-(b), (b)-[r]-(a)", "a=alpha r=borders b=beta;");
	/* 7. nothing: an unknown id, two unrelated types on one variable */
	IS("(x {id: 'nobody'})", "");
	IS("(x:country), (x:city)", "");
	/* 8. a view restricts the match */
	kg_view *v = kg_view_new(g, false);
	kg_view_add_entity(v, kg_graph_find(g, "alpha"));
	kg_view_add_entity(v, kg_graph_find(g, "beta"));
	kg_view *all = kg_view_new(g, true);
	kg_view_add_induced(v, all);
	kg_view_free(&all);
	const char *r = match_in("(a:country)-[:borders]->(b)", v, KGQ_DEFAULT_MAX_STEPS);
	CHECK(strcmp(r, "a=beta b=alpha;a=alpha b=beta;") == 0 || !fprintf(stderr, "%s\n", r));
	kg_view_free(&v);
	/* 9. the plan starts from the id, then the smaller type */
	char plan[512];
	plan_of("(c:country)<-[:sends_workers_to]-(a {id: 'alpha'})", plan, sizeof plan);
	CHECK(strncmp(plan, "scan a {id} (1); expand a {id} -> c:country", 43) == 0 || !fprintf(stderr, "%s\n", plan));
	plan_of("(c:country)-[:member_of]->(o:organization)", plan, sizeof plan);
	CHECK(strncmp(plan, "scan o:organization", 19) == 0);
	/* 10. the step limit stops a match with an error */
	r = match_in("(a)-[*1..10]-(b), (c)-[*1..10]-(d)", FULL, 1000);
	CHECK(strncmp(r, "ERR: the match did more than 1000 steps", 39) == 0);
	/* 11. errors, located, with suggestions */
	IS("(c:countri)", "ERR: unknown entity type 'countri' (did you mean 'country'?)");
	IS("(c)-[:border]->(d)", "ERR: unknown relation type 'border' (did you mean 'borders'?)");
	IS("(c:country {iso: 'X'})", "ERR: entity type 'country' has no attribute 'iso' (did you mean 'iso3'?)");
	IS("(c:country {population: 'many'})", "ERR: attribute 'population' is an int: compare it with a number");
	IS("(c {regime: 'democrazy'})", "ERR: 'democrazy' is not a value of 'regime' (did you mean 'democracy'?)");
	IS("(a)-[:borders*]-(b)", "ERR: a variable length needs bounds, e.g. *1..3 (at most 10 hops)");
	IS("(a)-[:borders*1..]-(b)", "ERR: a variable length needs an upper bound, e.g. *1..3 (at most 10 hops)");
	IS("(a)-[:borders*1..99]-(b)", "ERR: at most 10 hops in a variable length, got *1..99");
	IS("(a)-[a]-(b)", "ERR: variable 'a' is an entity at 1:2 and a relation here");
	IS("(a:borders)", "ERR: 'borders' is a relation type, not an entity type");
	IS("(a", "ERR: expected ')' to close the node opened at 1:1, got the end of the pattern");
	IS("(a)<-[:borders]->(b)", "ERR: a relation points one way or neither: '<-...->' cannot match");
	IS("", "ERR: empty pattern: expected a node such as (c:country)");
	kgq_error err;
	const char *bad = "(d {id:'dprk'}-[s]->(c)";
	kgq_pattern *p = kgq_parse(kg_graph_schema(g), bad, strlen(bad), &err);
	CHECK(!p && err.line == 1 && err.col == 15);
	char text[1024];
	kgq_error_format(&err, bad, strlen(bad), text, sizeof text);
	CHECK(strcmp(text, "pattern:1:15: expected ')' to close the node opened at 1:1, got '-'\n"
		      "  (d {id:'dprk'}-[s]->(c)\n"
		      "                ^") == 0);
	/* 12. limits: a long pattern, many variables */
	char *big = malloc(10001);
	memset(big, '(', 10000);
	big[10000] = '\0';
	p = kgq_parse(kg_graph_schema(g), big, 10000, &err);
	CHECK(!p && strcmp(err.msg, "pattern of 10000 bytes; at most 4096") == 0);
	size_t n = 0;
	for (int i = 0; i < 40; i++)
		n += (size_t)sprintf(big + n, "%s(v%d)", i ? "," : "", i);
	p = kgq_parse(kg_graph_schema(g), big, n, &err);
	CHECK(!p && strcmp(err.msg, "more than 32 variables") == 0);
	free(big);

	kg_view_free(&FULL);
	kg_graph_free(&g);
	return T_DONE();
}
