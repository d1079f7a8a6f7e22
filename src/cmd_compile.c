/* cmd_compile.c — `kg compile`: write a graph as a snapshot that loads
 * without parsing. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "cli.h"
#include "cli_progress.h"

static int run(int argc, char **argv);

const kgc_cmd kgc_cmd_compile = {
	"compile", run, "Compile a graph into a snapshot that loads at once.",
	"kg compile -g PATH... [-s SCHEMA] [-v] -o FILE",
	"Loads and validates the graph (every -g PATH together, as `kg validate`\n"
	"does; problems are printed and exit 1), then writes it to FILE as a\n"
	"snapshot: the entities, relations, indexes and the schema's text, laid\n"
	"out to be mapped into memory and used without parsing. Every command\n"
	"and kg.load accept the snapshot wherever they accept a graph path, given\n"
	"alone. FILE is written whole or not at all. A snapshot is for the kg\n"
	"that wrote it and machines like it (byte order, pointer size); a damaged\n"
	"one is refused with a message. Quiet on success unless -v. The snapshot\n"
	"holds the whole graph, every date in it, so it takes no --as-of (refused,\n"
	"exit 2): give --as-of to the command that reads the snapshot.\n"
	"\n"
	"options:\n"
	"  -g, --graph PATH      a graph file or directory (repeatable)\n"
	KGC_SCHEMA_HELP
	"  -o, --output FILE     the snapshot to write (by convention FILE.kgs)\n"
	"  -v, --verbose         print what was written\n"
	"  -h, --help            this help\n"
	"\n"
	"example:\n"
	"  kg compile -g examples/dprk-trafficking -o dprk.kgs\n"
	"  kg stats dprk.kgs\n",
};

/* kg_graph_save, with a progress line on a terminal when it takes long. */
static int save(const kg_graph *g, const char *out, kg_diags *d)
{
	kgc_progress_begin("writing the snapshot");
	int r = kg_graph_save(g, out, d);
	kgc_progress_end();
	return r;
}

static int run(int argc, char **argv)
{
	static const struct option longs[] = {
		{"graph", required_argument, NULL, 'g'},
		{"schema", required_argument, NULL, 's'},
		{"output", required_argument, NULL, 'o'},
		{"verbose", no_argument, NULL, 'v'},
		{"as-of", required_argument, NULL, 'a'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const kgc_cmd *cmd = &kgc_cmd_compile;
	const char **paths = calloc((size_t)argc + 1, sizeof *paths);
	const char *schema = NULL, *out = NULL;
	size_t npaths = 0;
	int verbose = 0, c, status = KG_EXIT_OK;
	if (!paths) {
		fprintf(stderr, "kg compile: out of memory\n");
		return KG_EXIT_INVALID;
	}
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:g:s:o:vh", longs, NULL)) != -1) {
		switch (c) {
		case 'g': paths[npaths++] = optarg; break;
		case 's': status = kgc_schema_option(cmd, &schema, optarg); break;
		case 'o': out = optarg; break;
		case 'v': verbose = 1; break;
		case 'a':
			status = kgc_usage_error(cmd, "--as-of: a snapshot holds the whole graph, every date "
						 "in it, and takes no date (give --as-of to the command "
						 "that reads the snapshot)");
			break;
		case 'h':
			kgc_print_help(cmd, stdout);
			free(paths);
			return kgc_finish_stdout(KG_EXIT_OK);
		case ':':
			status = kgc_usage_error(cmd, "option '%s' needs a value", argv[optind - 1]);
			break;
		default:
			status = kgc_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
			break;
		}
		if (status != KG_EXIT_OK)
			break;
	}
	if (status == KG_EXIT_OK && optind < argc)
		status = kgc_usage_error(cmd, "unexpected argument '%s'; give graphs with -g", argv[optind]);
	else if (status == KG_EXIT_OK && !npaths)
		status = kgc_usage_error(cmd, "no graph given (-g PATH)");
	else if (status == KG_EXIT_OK && !out)
		status = kgc_usage_error(cmd, "no output file given (-o FILE)");
	if (status != KG_EXIT_OK) {
		free(paths);
		return status;
	}
	kg_graph *g = kgc_load(paths, npaths, schema, KGC_DEFAULT_MAX_ERRORS, &status);
	kg_diags *d = g ? kg_diags_new() : NULL;
	if (g && !d) {
		fprintf(stderr, "kg compile: out of memory\n");
		status = KG_EXIT_INVALID;
	} else if (g && save(g, out, d) < 0) {
		kgc_print_diags(d, KGC_DEFAULT_MAX_ERRORS);
		status = KG_EXIT_INVALID;
	} else if (g && verbose) {
		struct stat st;
		long long bytes = stat(out, &st) == 0 ? (long long)st.st_size : -1;
		printf("wrote %s: %zu entities, %zu relations, %lld bytes\n", out,
		       kg_graph_entity_count(g), kg_graph_relation_count(g), bytes);
	}
	kg_diags_free(&d);
	kg_graph_free(&g);
	free(paths);
	return kgc_finish_stdout(status);
}
