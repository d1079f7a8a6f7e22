/* cmd_sources.c — `kg sources`: everything one source supports (the
 * entities, relations and claims that cite it), so a retracted report's
 * reach is one command; text or one JSON object. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "draw.h"
#include "prov.h"

static int run(int argc, char **argv);

const kgc_cmd kgc_cmd_sources = {
	"sources", run, "List everything one source supports: entities, relations, claims.",
	"kg sources -g PATH [--format text|json] [--as-of DATE] SOURCE-ID",
	"Lists every fact whose own sources include SOURCE-ID: entities,\n"
	"relations, and the claims of attributes (a claim's sources are its own,\n"
	"not its record's), in the order written, each with where it was written;\n"
	"\"alone\" marks a fact that cites no other source (it would lose all\n"
	"support were SOURCE-ID retracted). The same in Lua: g:supported_by(id).\n"
	"With --as-of DATE, the facts valid then (g:at(DATE):supported_by(id)).\n"
	"\n"
	"options:\n"
	"  -g, --graph PATH      a graph file, directory or snapshot (repeatable)\n"
	KGC_SCHEMA_HELP
	"      --format FORMAT   text (default) or json\n"
	KGC_AS_OF_HELP
	"  -h, --help            this help\n"
	"\nlimits against hostile input (see README, Limits):\n"
	KGC_LIMITS_HELP
	"\n"
	"Exit status: 0 (also when nothing cites it), 1 on bad data or when\n"
	"SOURCE-ID names no entity, 2 on wrong usage.\n"
	"\n"
	"examples:\n"
	"  kg sources -g examples/dprk-trafficking dos-tip-2019\n"
	"  kg sources -g graph.kgs --format json src-retracted | jq '.facts | length'\n",
};

static const char *const kind_names[KGP_N_KINDS] = {"entities", "relations", "claims"};

static int kind_of(const kgp_fact *f)
{
	return f->kind == KGP_ENTITY ? KGP_N_ENTITIES : f->kind == KGP_RELATION ? KGP_N_RELATIONS : KGP_N_CLAIMS;
}

static void text(const kg_graph *g, kg_eid src, const kgp_support *s, const char *as_of)
{
	kgd_buf b = {0};
	if (as_of)
		printf("as of %s: the facts valid then\n", as_of);
	kgc_text_clean(&b, kg_entity_name(g, src));
	printf("%s (%s, %s): supports %zu entities, %zu relations, %zu claims; %zu rest on it alone\n",
	       b.p ? b.p : "", kg_entity_id(g, src),
	       kg_schema_type_name(kg_graph_schema(g), kg_entity_type(g, src)),
	       s->count[KGP_N_ENTITIES], s->count[KGP_N_RELATIONS], s->count[KGP_N_CLAIMS], s->nalone);
	for (int k = 0; k < KGP_N_KINDS; k++) {
		if (!s->count[k])
			continue;
		printf("%s:\n", kind_names[k]);
		for (size_t i = 0; i < s->n; i++) {
			if (kind_of(&s->facts[i]) != k)
				continue;
			b.len = 0;
			if (b.p)
				b.p[0] = '\0';
			kgd_buf_puts(&b, "  ");
			kgc_fact_label(&b, g, &s->facts[i]);
			kgd_buf_puts(&b, "  ");
			kgc_loc_text(&b, kgp_fact_loc(g, &s->facts[i]));
			if (s->alone[i])
				kgd_buf_puts(&b, "  alone");
			puts(b.p ? b.p : "");
		}
	}
	free(b.p);
}

static void json(const kg_graph *g, kg_eid src, const kgp_support *s, const char *as_of)
{
	if (as_of)
		printf("{\"as_of\": \"%s\",\n \"source\": {\"id\": ", as_of);
	else
		fputs("{\"source\": {\"id\": ", stdout);
	kgc_json_str(stdout, kg_entity_id(g, src));
	fputs(", \"name\": ", stdout);
	kgc_json_str(stdout, kg_entity_name(g, src));
	fputs(", \"type\": ", stdout);
	kgc_json_str(stdout, kg_schema_type_name(kg_graph_schema(g), kg_entity_type(g, src)));
	printf("},\n \"counts\": {\"entities\": %zu, \"relations\": %zu, \"claims\": %zu, \"alone\": %zu},\n"
	       " \"facts\": [",
	       s->count[KGP_N_ENTITIES], s->count[KGP_N_RELATIONS], s->count[KGP_N_CLAIMS], s->nalone);
	for (size_t i = 0; i < s->n; i++) {
		fputs(i ? ",\n  {" : "\n  {", stdout);
		kgc_fact_json(stdout, g, &s->facts[i]);
		printf(", \"alone\": %s}", s->alone[i] ? "true" : "false");
	}
	fputs(s->n ? "\n ]}\n" : "]}\n", stdout);
}

static int run(int argc, char **argv)
{
	kgc_prov_args o;
	int status;
	kg_graph *g = kgc_prov_graph(&kgc_cmd_sources, false, argc, argv, &o, &status);
	if (!g)
		return status;
	kg_eid src = kg_graph_find(g, o.source);
	if (src == KG_NONE) {
		kgc_no_entity("sources", g, o.source);
		kg_view_free(&o.view);
		kg_graph_free(&g);
		return KG_EXIT_INVALID;
	}
	kgp_at at = {o.at, o.view};
	kgp_support *s = kgp_supported_by(g, src, o.view ? &at : NULL);
	if (!s) {
		fprintf(stderr, "kg sources: out of memory\n");
		kg_view_free(&o.view);
		kg_graph_free(&g);
		return KG_EXIT_INVALID;
	}
	char date[16];
	const char *as_of = o.view ? kg_date_format(o.at, date, sizeof date) : NULL;
	if (o.json)
		json(g, src, s, as_of);
	else
		text(g, src, s, as_of);
	kgp_support_free(&s);
	kg_view_free(&o.view);
	kg_graph_free(&g);
	return kgc_finish_stdout(KG_EXIT_OK);
}
