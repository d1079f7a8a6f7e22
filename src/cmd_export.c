/* cmd_export.c — `kg export`: a graph in the formats other programs load
 * (RDF, Neo4j and Kùzu bulk CSV, GraphML, plain CSV), through the writers
 * of export.h. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "cli_progress.h"
#include "export.h"

/* The formats: one line each. `dir`: the output is a folder (-o DIR). */
static const struct format {
	const char *name;
	kgx_writer write;
	bool dir;
	const char *what;
} formats[] = {
	{"nquads", kgx_write_nquads, false, "RDF N-Quads, every triple in the graph named --base"},
	{"ntriples", kgx_write_ntriples, false, "RDF N-Triples"},
	{"turtle", kgx_write_turtle, false, "RDF Turtle"},
	{"neo4j", kgx_write_neo4j, true, "neo4j-admin bulk import CSV, a file per type, README.md"},
	{"kuzu", kgx_write_kuzu, true, "Kùzu CSV with load.cypher (CREATE tables, COPY FROM)"},
	{"graphml", kgx_write_graphml, false, "GraphML (NetworkX, Gephi, yEd)"},
	{"csv", kgx_write_csv, true, "entities.csv and relations.csv for spreadsheets"},
	{"json", kgx_write_json_job, false, "node-link JSON with every claim (doc/json-format.md; kg import reads it)"},
};
#define NFORMATS (sizeof formats / sizeof *formats)

static int run(int argc, char **argv);

const kgc_cmd kgc_cmd_export = {
	"export", run, "Write a graph in a format other tools load (RDF, Neo4j, GraphML, CSV).",
	"kg export -g PATH... -f FORMAT [-o FILE|DIR] [--as-of DATE] [--base IRI] [--force] [-v]",
	"Loads and validates the graph (every -g PATH together: YAML, or a snapshot\n"
	"given alone; problems are printed and exit 1), then writes it in FORMAT,\n"
	"streaming from the store. The output is written whole or not at all: to\n"
	"temporary files, renamed into place once every file is complete. An\n"
	"existing -o is never replaced without --force; -o in a folder that does\n"
	"not exist is an error (exit 2). doc/export.md describes every format.\n"
	"With --as-of DATE the export is the graph graph:at(DATE) gives: the\n"
	"entities in existence then, the relations valid then, and of each\n"
	"attribute the claims valid then (every rank; the direct RDF triple, the\n"
	"plain column and the best value are the claim that holds then).\n"
	"\n"
	"formats:\n"
	"  nquads    RDF N-Quads: the Wikidata statement shape (claims, ranks,\n"
	"            qualifiers, sources), in the named graph <IRI> of --base\n"
	"  ntriples  the same triples as N-Triples\n"
	"  turtle    the same triples as Turtle, with prefixes\n"
	"  neo4j     -o DIR: neo4j-admin bulk import CSV, a file per entity and\n"
	"            relation type, and DIR/README.md with the import command\n"
	"  kuzu      -o DIR: Kùzu CSV and DIR/load.cypher (CREATE, COPY FROM)\n"
	"  graphml   GraphML for NetworkX, Gephi, yEd\n"
	"  csv       -o DIR: entities.csv and relations.csv for spreadsheets (a\n"
	"            cell that starts with = + - @ gets a leading ')\n"
	"\n"
	"options:\n"
	"  -g, --graph PATH      a graph file, directory or snapshot (repeatable)\n"
	KGC_SCHEMA_HELP
	"  -f, --format FORMAT   one of the formats above\n"
	"  -o, --output FILE|DIR where to write (files: default standard output;\n"
	"                        the folder formats need it)\n"
	KGC_AS_OF_HELP
	"      --base IRI        the IRI every RDF name starts with (default\n"
	"                        " KGX_DEFAULT_BASE "); end it with / or #\n"
	"      --force           replace an existing output\n"
	"  -v, --verbose         print on stderr what was written (triples, rows, bytes)\n"
	"  -h, --help            this help\n"
	"\n"
	"examples:\n"
	"  kg export -g examples/dprk-trafficking -f turtle -o dprk.ttl\n"
	"  kg export -g graph.kgs -f nquads --base https://data.example.org/ -o graph.nq\n"
	"  kg export -g examples/dprk-trafficking -f neo4j -o neo4j-import\n"
	"  kg export -g examples/dprk-trafficking -f ntriples --as-of 2018 -o dprk-2018.nt\n",
};

static const struct format *find_format(const char *name)
{
	for (size_t i = 0; i < NFORMATS; i++)
		if (strcmp(formats[i].name, name) == 0)
			return &formats[i];
	return NULL;
}

/* An absolute IRI with nothing a term would need escaped. */
static bool good_base(const char *b)
{
	const char *p = b;
	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		return false;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
	       *p == '+' || *p == '-' || *p == '.')
		p++;
	if (*p != ':' || !p[1])
		return false;
	for (; *p; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p == 0x7f || strchr("<>\"{}|\\^`", *p))
			return false;
	return true;
}

/* Checks -o before the load: 0, or the exit status (message printed). */
static int check_output(const kgc_cmd *c, const char *out, bool dir, bool force)
{
	struct stat st;
	if (stat(out, &st) == 0) {
		if (dir && !S_ISDIR(st.st_mode)) {
			fprintf(stderr, "kg export: %s: exists and is not a folder (this format writes a folder)\n", out);
			return KG_EXIT_USAGE;
		}
		if (!dir && S_ISDIR(st.st_mode)) {
			fprintf(stderr, "kg export: %s: is a folder (this format writes one file)\n", out);
			return KG_EXIT_USAGE;
		}
		if (!force) {
			fprintf(stderr, "kg export: %s: exists; --force replaces it\n", out);
			return KG_EXIT_USAGE;
		}
		return 0;
	}
	if (errno != ENOENT) {
		fprintf(stderr, "kg export: %s: %s\n", out, strerror(errno));
		return KG_EXIT_USAGE;
	}
	/* the folder it goes in must exist */
	size_t len = strlen(out);
	while (len > 1 && out[len - 1] == '/')
		len--;
	const char *slash = NULL;
	for (size_t i = 0; i < len; i++)
		if (out[i] == '/')
			slash = out + i;
	if (slash && slash > out) {
		char *parent = strndup(out, (size_t)(slash - out));
		if (!parent)
			return KG_EXIT_INVALID;
		int bad = stat(parent, &st) < 0 || !S_ISDIR(st.st_mode);
		if (bad)
			fprintf(stderr, "kg export: cannot write %s: no folder %s\n", out, parent);
		free(parent);
		if (bad)
			return KG_EXIT_USAGE;
	}
	(void)c;
	return 0;
}

static int usage_formats(const kgc_cmd *c, const char *got)
{
	char list[256] = "";
	for (size_t i = 0; i < NFORMATS; i++) {
		strcat(list, i ? ", " : "");
		strcat(list, formats[i].name);
	}
	return got ? kgc_usage_error(c, "unknown format '%s'; formats: %s", got, list)
		   : kgc_usage_error(c, "no format given (-f FORMAT: %s)", list);
}

static int run(int argc, char **argv)
{
	static const struct option longs[] = {
		{"graph", required_argument, NULL, 'g'},
		{"schema", required_argument, NULL, 's'},
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"base", required_argument, NULL, 'b'},
		{"as-of", required_argument, NULL, 'a'},
		{"force", no_argument, NULL, 'F'},
		{"verbose", no_argument, NULL, 'v'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const kgc_cmd *cmd = &kgc_cmd_export;
	const char **paths = calloc((size_t)argc + 1, sizeof *paths);
	const char *schema = NULL, *out = NULL, *fname = NULL, *base = KGX_DEFAULT_BASE;
	size_t npaths = 0;
	kg_date at = {0};
	int verbose = 0, force = 0, c, status = KG_EXIT_OK;
	if (!paths) {
		fprintf(stderr, "kg export: out of memory\n");
		return KG_EXIT_INVALID;
	}
	optind = 0;
	opterr = 0;
	while (status == KG_EXIT_OK && (c = getopt_long(argc, argv, "+:g:s:f:o:vh", longs, NULL)) != -1) {
		switch (c) {
		case 'g': paths[npaths++] = optarg; break;
		case 's': status = kgc_schema_option(cmd, &schema, optarg); break;
		case 'f': fname = optarg; break;
		case 'o': out = optarg; break;
		case 'b': base = optarg; break;
		case 'a': status = kgc_as_of(cmd, optarg, &at); break;
		case 'F': force = 1; break;
		case 'v': verbose = 1; break;
		case 'h':
			kgc_print_help(cmd, stdout);
			free(paths);
			return kgc_finish_stdout(KG_EXIT_OK);
		case ':': status = kgc_usage_error(cmd, "option '%s' needs a value", argv[optind - 1]); break;
		default: status = kgc_usage_error(cmd, "unknown option '%s'", argv[optind - 1]); break;
		}
	}
	const struct format *f = fname ? find_format(fname) : NULL;
	if (status != KG_EXIT_OK)
		;
	else if (optind < argc)
		status = kgc_usage_error(cmd, "unexpected argument '%s'; give graphs with -g", argv[optind]);
	else if (!npaths)
		status = kgc_usage_error(cmd, "no graph given (-g PATH)");
	else if (!f)
		status = usage_formats(cmd, fname);
	else if (f->dir && (!out || strcmp(out, "-") == 0))
		status = kgc_usage_error(cmd, "format %s writes a folder: give it with -o DIR", f->name);
	else if (!good_base(base))
		status = kgc_usage_error(cmd, "--base needs an absolute IRI with no space, <, >, \", {, }, |, \\, ^ or `, got '%s'", base);
	if (status == KG_EXIT_OK && out && strcmp(out, "-") == 0)
		out = NULL;
	if (status == KG_EXIT_OK && out)
		status = check_output(cmd, out, f->dir, force);
	if (status != KG_EXIT_OK) {
		free(paths);
		return status;
	}
	kg_graph *g = kgc_load(paths, npaths, schema, KGC_DEFAULT_MAX_ERRORS, &status);
	free(paths);
	if (!g)
		return status;
	kg_diags *d = kg_diags_new();
	kgx_job job = {.g = g, .base = base, .d = d, .count_what = "items", .at = at};
	kg_view *view = at.year ? kg_view_at(g, at) : NULL;
	job.at_view = view;
	job.sink = d && (view || !at.year) ? kgx_sink_new(out, f->dir) : NULL;
	if (!job.sink) {
		fprintf(stderr, "kg export: out of memory\n");
		kg_view_free(&view);
		kg_diags_free(&d);
		kg_graph_free(&g);
		return KG_EXIT_INVALID;
	}
	/* a progress line, unless the export itself goes to the terminal */
	if (out || !isatty(STDOUT_FILENO))
		kgx_sink_progress(job.sink, kgc_progress_begin("exporting"));
	int ok = f->write(&job) == 0;
	if (job.at_oom) {
		kg_diags_add(d, KG_ERROR, NULL, 0, 0, "out of memory");
		ok = 0;
	}
	free(job.at_claims);
	kg_view_free(&view);
	uint64_t bytes = kgx_sink_bytes(job.sink);
	if (kgx_sink_end(&job.sink, ok, d) < 0)
		status = KG_EXIT_INVALID;
	kgc_progress_end();
	kgc_print_diags(d, KGC_DEFAULT_MAX_ERRORS);
	if (status == KG_EXIT_OK && verbose)
		fprintf(stderr, "kg export: wrote %llu %s, %llu bytes, to %s\n", (unsigned long long)job.count,
			job.count_what, (unsigned long long)bytes, out ? out : "standard output");
	kg_diags_free(&d);
	kg_graph_free(&g);
	return status;
}
