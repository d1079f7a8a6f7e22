/* cmd_import.c — `kg import`: kg's JSON export or CSV tables to kg YAML
 * data files that load (src/import.c; doc/import.md). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_progress.h"
#include "import.h"

static int run(int argc, char **argv);

const kgc_cmd kgc_cmd_import = {
	"import", run, "Turn kg's JSON export or CSV tables into kg YAML files.",
	"kg import -f json|csv [--map MAP.yaml] [-s SCHEMA] [--force] -o DIR INPUT...",
	"Reads each INPUT (\"-\" is stdin) and writes DIR/entities.yaml and\n"
	"DIR/relations.yaml (DIR is made when missing). json reads kg's JSON export\n"
	"(node-link, doc/json-format.md): importing it and exporting again gives the\n"
	"same graph. csv reads RFC 4180 tables, one entity or relation a row: by\n"
	"default the header names the columns id, type, name, aliases, notes,\n"
	"sources (entities) or from, to, type, id, notes, sources (relations), and\n"
	"every other column is an attribute; --map says otherwise (doc/import.md).\n"
	"Lists (aliases, sources, list attributes) are split at ';'.\n"
	"The files written are loaded with the schema before they are kept: any\n"
	"problem is reported at its place in the input (FILE:LINE:COL) and nothing\n"
	"is left behind. Exit 1 on bad input, 2 on wrong usage.\n"
	"\n"
	"options:\n"
	"  -f, --format FORMAT   json or csv (default: from the first INPUT's extension)\n"
	"  -o, --output DIR      the directory to write to\n"
	"  -s, --schema SCHEMA   check against this schema (the files then name it)\n"
	"      --map MAP.yaml    csv: which columns are what\n"
	"      --force           replace entities.yaml and relations.yaml in DIR\n"
	"  -v, --verbose         print what was written\n"
	"  -h, --help            this help\n"
	KGC_LIMITS_HELP
	"\n"
	"examples:\n"
	"  kg import -f json -o imported graph.json\n"
	"  kg import -f csv --map map.yaml -s schema.yaml -o data people.csv links.csv\n",
};

static int run(int argc, char **argv)
{
	static const struct option longs[] = {
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"schema", required_argument, NULL, 's'},
		{"map", required_argument, NULL, 'm'},
		{"force", no_argument, NULL, 'F'},
		{"verbose", no_argument, NULL, 'v'},
		{"help", no_argument, NULL, 'h'},
		KGC_LIMIT_OPTIONS,
		{NULL, 0, NULL, 0},
	};
	const kgc_cmd *cmd = &kgc_cmd_import;
	kgi_opts o;
	memset(&o, 0, sizeof o);
	int verbose = 0, c, status = KG_EXIT_OK;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:f:o:s:vh", longs, NULL)) != -1) {
		switch (c) {
		case 'f': o.format = optarg; break;
		case 'o': o.out_dir = optarg; break;
		case 's': if (kgc_schema_option(cmd, &o.schema_path, optarg)) return KG_EXIT_USAGE; break;
		case 'm': o.map_path = optarg; break;
		case 'F': o.force = true; break;
		case 'v': verbose = 1; break;
		case 'h':
			kgc_print_help(cmd, stdout);
			return kgc_finish_stdout(KG_EXIT_OK);
		case ':':
			return kgc_usage_error(cmd, "option '%s' needs a value", argv[optind - 1]);
		default:
			if (c >= 0x1000 && c < 0x1005) {
				if (kgc_limit_flag(kgc_limit_names[c - 0x1000], optarg) < 0)
					return kgc_usage_error(cmd, "bad value '%s' for --%s", optarg,
							       kgc_limit_names[c - 0x1000]);
				break;
			}
			return kgc_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
		}
	}
	o.inputs = (const char *const *)argv + optind;
	o.ninputs = (size_t)(argc - optind);
	o.limits = kgc_limits;
	if (!o.ninputs)
		return kgc_usage_error(cmd, "no input given");
	if (!o.out_dir)
		return kgc_usage_error(cmd, "no output directory given (-o DIR)");
	if (!o.format) {
		const char *dot = strrchr(o.inputs[0], '.');
		o.format = dot && strcmp(dot, ".json") == 0 ? "json" : dot && strcmp(dot, ".csv") == 0 ? "csv" : NULL;
		if (!o.format)
			return kgc_usage_error(cmd, "give the format with -f json or -f csv");
	}
	if (strcmp(o.format, "json") != 0 && strcmp(o.format, "csv") != 0)
		return kgc_usage_error(cmd, "--format must be json or csv, not '%s'", o.format);
	if (o.map_path && strcmp(o.format, "csv") != 0)
		return kgc_usage_error(cmd, "--map is for -f csv");
	kg_diags *d = kg_diags_new();
	if (!d) {
		fprintf(stderr, "kg import: out of memory\n");
		return KG_EXIT_INVALID;
	}
	kgi_result r;
	o.progress = kgc_progress_begin("importing");
	status = kgi_import(&o, d, &r);
	kgc_progress_end();
	kgc_print_diags(d, KGC_DEFAULT_MAX_ERRORS);
	kg_diags_free(&d);
	if (status == KG_EXIT_OK && verbose)
		printf("wrote %s: %zu entities, %zu relations in %zu files\n", o.out_dir, r.entities,
		       r.relations, r.files);
	return kgc_finish_stdout(status);
}
