/* cmd_validate.c — `kg validate`: check a graph against its schema. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static int run(int argc, char **argv);

const kgc_cmd kgc_cmd_validate = {
	"validate", run, "Check a graph against its schema and print every problem.",
	"kg validate [-s SCHEMA] [-v] [--max-errors N] PATH...",
	"Reads every PATH (a YAML file, or a directory: every *.yaml and *.yml below\n"
	"it, in sorted path order) and checks it against the schema: SCHEMA, else the\n"
	"one the data names with `schema:`, else the built-in schema/core.yaml.\n"
	"\n"
	"Every problem is printed as FILE:LINE:COL: error: MESSAGE, sorted by file\n"
	"and line; on a terminal the source line follows with a caret under the\n"
	"column. Quiet when the graph is valid. It checks the whole graph, every\n"
	"date in it, so it takes no --as-of (refused, exit 2): to look at the graph\n"
	"at a date, give --as-of to stats, query, export, report and the others.\n"
	"\n"
	"options:\n"
	"  -g, --graph PATH      a PATH, as the operands are (like the other commands)\n"
	KGC_SCHEMA_HELP
	"  -v, --verbose         on success, print the counts of what was loaded\n"
	"      --max-errors N    print at most N errors (default 50; 0: all)\n"
	"  -h, --help            this help\n"
	"\nlimits against hostile input (see README, Limits):\n"
	KGC_LIMITS_HELP
	"\n"
	"exit status: 0 valid, 1 invalid data, 2 wrong usage or missing file\n"
	"\n"
	"example:\n"
	"  kg validate examples/dprk-trafficking\n",
};

static int run(int argc, char **argv)
{
	static const struct option longs[] = {
		{"schema", required_argument, NULL, 's'},
		{"verbose", no_argument, NULL, 'v'},
		{"max-errors", required_argument, NULL, 'E'},
		{"as-of", required_argument, NULL, 'a'},
		{"help", no_argument, NULL, 'h'},
		KGC_LIMIT_OPTIONS,
		{NULL, 0, NULL, 0},
	};
	const char *schema = NULL;
	int verbose = 0;
	long max_errors = KGC_DEFAULT_MAX_ERRORS;
	int c;
	argc = kgc_graph_flags_as_operands(argc, argv);
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":s:vh", longs, NULL)) != -1) {
		switch (c) {
		case 's': if (kgc_schema_option(&kgc_cmd_validate, &schema, optarg)) return KG_EXIT_USAGE; break;
		case 'v': verbose = 1; break;
		case 'E':
			if ((max_errors = kgc_parse_count(optarg)) < 0)
				return kgc_usage_error(&kgc_cmd_validate, "--max-errors takes a number, got '%s'", optarg);
			break;
		case 'a':
			return kgc_usage_error(&kgc_cmd_validate, "--as-of: validate checks the whole graph, "
					       "every date in it, and takes no date (kg stats --as-of DATE "
					       "shows the graph at one)");
		case 'h': kgc_print_help(&kgc_cmd_validate, stdout); return kgc_finish_stdout(KG_EXIT_OK);
		case ':': return kgc_usage_error(&kgc_cmd_validate, "option '%s' needs a value", argv[optind - 1]);
		default:
			if (c >= 0x1000 && c < 0x1005) {
				if (kgc_limit_flag(kgc_limit_names[c - 0x1000], optarg) < 0)
					return kgc_usage_error(&kgc_cmd_validate, "--%s takes a whole number above 0 (K, M, G allowed), got '%s'",
							       kgc_limit_names[c - 0x1000], optarg);
				break;
			}
			return kgc_usage_error(&kgc_cmd_validate, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return kgc_usage_error(&kgc_cmd_validate, "no PATH given");
	int status;
	kg_graph *g = kgc_load((const char *const *)argv + optind, (size_t)(argc - optind), schema,
			       (size_t)max_errors, &status);
	if (!g)
		return status;
	if (verbose)
		printf("ok: %zu entities, %zu relations in %zu files (schema %s)\n",
		       kg_graph_entity_count(g), kg_graph_relation_count(g), kg_graph_file_count(g),
		       kg_schema_origin(kg_graph_schema(g)));
	kg_graph_free(&g);
	return kgc_finish_stdout(KG_EXIT_OK);
}
