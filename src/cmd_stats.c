/* cmd_stats.c — `kg stats`: counts by entity and relation type. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "json.h"

static void json_str(const char *s)
{
	kg_json_string(stdout, s, strlen(s));
}

static int run(int argc, char **argv);

const kgc_cmd kgc_cmd_stats = {
	"stats", run, "Count a graph's entities and relations by type.",
	"kg stats [-s SCHEMA] [--json] [--as-of DATE] PATH...",
	"Loads and validates the graph (as `kg validate` does; problems are printed\n"
	"and exit 1), then prints how many entities of each type and relations of\n"
	"each type it holds. Types with no members are left out. Counts are by the\n"
	"type written on each entity, not including subtypes.\n"
	"\n"
	"options:\n"
	"  -g, --graph PATH      a PATH, as the operands are (like the other commands)\n"
	KGC_SCHEMA_HELP
	"      --json            print one JSON object instead of a table\n"
	KGC_AS_OF_HELP
	"  -h, --help            this help\n"
	"\nlimits against hostile input (see README, Limits):\n"
	KGC_LIMITS_HELP
	"\n"
	"example:\n"
	"  kg stats --json examples/dprk-trafficking\n",
};

static void print_table(const kg_view *v, kg_date at, const size_t *ecount, const size_t *rcount)
{
	const kg_graph *g = kg_view_graph(v);
	const kg_schema *s = kg_graph_schema(g);
	size_t nt = kg_schema_type_count(s), nr = kg_schema_rtype_count(s), w = 13;
	for (size_t t = 0; t < nt; t++)
		if (ecount[t] && strlen(kg_schema_type_name(s, t)) > w)
			w = strlen(kg_schema_type_name(s, t));
	for (size_t r = 0; r < nr; r++)
		if (rcount[r] && strlen(kg_schema_rtype_name(s, r)) > w)
			w = strlen(kg_schema_rtype_name(s, r));
	int iw = (int)w;
	char d[16];
	if (at.year)
		printf("%-*s %8s\n", iw, "as of", kg_date_format(at, d, sizeof d));
	printf("%-*s %8zu\n%-*s %8zu\n%-*s %8zu\n", iw, "entities", kg_view_entity_count(v), iw,
	       "relations", kg_view_rel_count(v), iw, "files", kg_graph_file_count(g));
	printf("\n%-*s %8s\n", iw, "entity type", "count");
	for (size_t t = 0; t < nt; t++)
		if (ecount[t])
			printf("%-*s %8zu\n", iw, kg_schema_type_name(s, t), ecount[t]);
	printf("\n%-*s %8s\n", iw, "relation type", "count");
	for (size_t r = 0; r < nr; r++)
		if (rcount[r])
			printf("%-*s %8zu\n", iw, kg_schema_rtype_name(s, r), rcount[r]);
}

static void print_json(const kg_view *v, kg_date at, const size_t *ecount, const size_t *rcount)
{
	const kg_graph *g = kg_view_graph(v);
	const kg_schema *s = kg_graph_schema(g);
	size_t nt = kg_schema_type_count(s), nr = kg_schema_rtype_count(s);
	char d[16];
	if (at.year)
		printf("{\"as_of\": \"%s\", ", kg_date_format(at, d, sizeof d));
	else
		printf("{");
	printf("\"entities\": %zu, \"relations\": %zu, \"files\": %zu, \"memory_bytes\": %zu, \"schema\": ",
	       kg_view_entity_count(v), kg_view_rel_count(v), kg_graph_file_count(g),
	       kg_graph_memory(g));
	json_str(kg_schema_origin(s));
	printf(",\n \"entity_types\": {");
	const char *sep = "";
	for (size_t t = 0; t < nt; t++)
		if (ecount[t]) {
			printf("%s", sep);
			json_str(kg_schema_type_name(s, t));
			printf(": %zu", ecount[t]);
			sep = ", ";
		}
	printf("},\n \"relation_types\": {");
	sep = "";
	for (size_t r = 0; r < nr; r++)
		if (rcount[r]) {
			printf("%s", sep);
			json_str(kg_schema_rtype_name(s, r));
			printf(": %zu", rcount[r]);
			sep = ", ";
		}
	printf("}}\n");
}

static int run(int argc, char **argv)
{
	static const struct option longs[] = {
		{"schema", required_argument, NULL, 's'},
		{"json", no_argument, NULL, 'j'},
		{"as-of", required_argument, NULL, 'a'},
		{"help", no_argument, NULL, 'h'},
		KGC_LIMIT_OPTIONS,
		{NULL, 0, NULL, 0},
	};
	const char *schema = NULL;
	kg_date at = {0, 0, 0};
	int json = 0, c;
	argc = kgc_graph_flags_as_operands(argc, argv);
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":s:h", longs, NULL)) != -1) {
		switch (c) {
		case 's': if (kgc_schema_option(&kgc_cmd_stats, &schema, optarg)) return KG_EXIT_USAGE; break;
		case 'j': json = 1; break;
		case 'a':
			if (kgc_as_of(&kgc_cmd_stats, optarg, &at) != KG_EXIT_OK)
				return KG_EXIT_USAGE;
			break;
		case 'h': kgc_print_help(&kgc_cmd_stats, stdout); return kgc_finish_stdout(KG_EXIT_OK);
		case ':': return kgc_usage_error(&kgc_cmd_stats, "option '%s' needs a value", argv[optind - 1]);
		default:
			if (c >= 0x1000 && c < 0x1005) {
				if (kgc_limit_flag(kgc_limit_names[c - 0x1000], optarg) < 0)
					return kgc_usage_error(&kgc_cmd_stats, "--%s takes a whole number above 0 (K, M, G allowed), got '%s'",
							       kgc_limit_names[c - 0x1000], optarg);
				break;
			}
			return kgc_usage_error(&kgc_cmd_stats, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return kgc_usage_error(&kgc_cmd_stats, "no PATH given");
	int status;
	kg_graph *g = kgc_load((const char *const *)argv + optind, (size_t)(argc - optind), schema,
			       KGC_DEFAULT_MAX_ERRORS, &status);
	if (!g)
		return status;
	const kg_schema *s = kg_graph_schema(g);
	size_t *ecount = calloc(kg_schema_type_count(s) + 1, sizeof *ecount);
	size_t *rcount = calloc(kg_schema_rtype_count(s) + 1, sizeof *rcount);
	kg_view *v = at.year ? kg_view_at(g, at) : kg_view_new(g, true);
	if (!ecount || !rcount || !v) {
		fprintf(stderr, "kg: out of memory\n");
		status = KG_EXIT_INVALID;
	} else {
		for (kg_eid e = kg_view_next_entity(v, KG_NONE); e != KG_NONE; e = kg_view_next_entity(v, e))
			ecount[kg_entity_type(g, e)]++;
		for (kg_rid r = kg_view_next_rel(v, KG_NONE); r != KG_NONE; r = kg_view_next_rel(v, r))
			rcount[kg_rel_type(g, r)]++;
		if (json)
			print_json(v, at, ecount, rcount);
		else
			print_table(v, at, ecount, rcount);
		status = kgc_finish_stdout(KG_EXIT_OK);
	}
	free(ecount);
	free(rcount);
	kg_view_free(&v);
	kg_graph_free(&g);
	return status;
}
