/* cmd_batch.c — `kg batch`: run many scripts over one loaded graph, in
 * parallel, each in its own limited Lua state, and report for CI. */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "cli.h"
#include "cli_progress.h"
#include "lua_kg.h"

static int run(int argc, char **argv);

const kgc_cmd kgc_cmd_batch = {
	"batch", run, "Run many Lua scripts over one graph, in parallel, with a report.",
	"kg batch -g PATH [-g PATH...] [-j N] [-o DIR] [--timeout S] [--memory MB] [--as-of DATE]\n"
	"                [--sandbox] [--lib DIR] [--format text|tap|junit|json] [--report FILE]\n"
	"                [--no-times] [-v] SCRIPT|DIR...",
	"Loads and validates the graph once (every -g PATH together; problems are\n"
	"printed and exit 1), then runs every SCRIPT against it. A DIR means every\n"
	"*.lua file directly in it, in sorted order. Each script runs in a fresh Lua\n"
	"state of its own (globals `graph`, `kg`, `arg`), N at a time.\n"
	"A script that fails, runs too long, allocates too much or calls os.exit\n"
	"ends alone; the others go on and the report lists every script in the\n"
	"order given, whatever -j is.\n"
	"\n"
	"A script passes when it returns (its return values are formatted as by\n"
	"`kg eval` into the report) or calls os.exit(0) / os.exit(true). It fails on\n"
	"an error, os.exit(N) with N other than 0 (or false), a limit, or when its\n"
	"outputs cannot be written. In a batch, os.exit ends only that script.\n"
	"\n"
	"Standard output: print and io.write go to DIR/NAME.out with -o DIR (NAME:\n"
	"the script's file name without .lua), written whole when the script ends,\n"
	"pass or fail (a temporary file renamed into place). Without -o it goes\n"
	"into the report (its first 1 MB) with tap, junit and json, and with -v;\n"
	"text drops it otherwise. Scripts read an empty standard input; io.stderr\n"
	"is the real one, shared by all. With tap, junit or json the report is\n"
	"alone on stdout: what a program run by a script writes there goes to\n"
	"stderr.\n"
	"\n"
	"--lib DIR (repeatable): a read-only library folder. require \"NAME\" loads\n"
	"DIR/NAME.lua (dots as folders) from the first folder that has it, also in\n"
	"the sandbox, where dofile and loadfile may read the files below DIR too.\n"
	"kg.output(NAME) opens DIR/NAME for writing and returns a Lua file: a plain\n"
	"name (no '/', not starting with '.', not a NAME.out of the batch). It is\n"
	"renamed into place when the script ends, only if the script passed.\n"
	"\n"
	"Scripts run in -j worker processes forked after the load, one script at\n"
	"a time each; a worker closes the files a script left open before the\n"
	"next, and one that dies is replaced.\n"
	"\n"
	"Limits: --timeout stops a script after S seconds of wall-clock time (checked\n"
	"every 1,000 Lua instructions; a pcall cannot catch it); a script still in\n"
	"a C call (a drawing, a finalizer) one second later has its worker killed.\n"
	"--memory stops a script when its Lua state holds more than MB megabytes;\n"
	"the worker's whole data (kg's views, drawing) is capped by the kernel at\n"
	"its start + MB + 64 MB. A worker that crashes fails its script with the\n"
	"signal's name (outcome \"crash\"). In a batch, setmetatable refuses __gc,\n"
	"the metatables of files and kg handles are protected, and os.setlocale\n"
	"may only query.\n"
	"\n"
	"Outputs: a file in -o DIR belongs to the first script that writes it\n"
	"(NAME.out to its script from the start); kg.output refuses another\n"
	"script's file, and so do io.open/io.output (to write), os.remove and\n"
	"os.rename in the sandbox.\n"
	"\n"
	"--sandbox: no os.execute, os.getenv, io.popen, io.tmpfile, os.tmpname, package.loadlib,\n"
	"C modules or modules from files, string.dump, binary chunks, debug library\n"
	"or kg.load. io.open, io.lines, io.input, io.output, dofile, loadfile,\n"
	"os.remove and os.rename reach only files inside -o DIR (and dofile and\n"
	"loadfile those below a --lib DIR; relative paths are\n"
	"taken from DIR; '..' and symbolic links are refused); without -o, no files.\n"
	"Each refusal raises an error (io.open returns nil, message) naming it.\n"
	"\n"
	"Report (stdout): text prints \"ok NAME (0.12 s): VALUE\" or \"FAIL NAME:\n"
	"MESSAGE\" per script; tap is TAP 13 with a YAML block per script; junit\n"
	"is JUnit XML; json one object {passed, failed, scripts: [{name, ok,\n"
	"outcome, message, exit, value, output, seconds}]} where value is the\n"
	"script's return value as JSON (kg.json; several values: an array). Text\n"
	"and tap end with the line \"N passed, N failed\"; junit and json stay one\n"
	"document and that line goes to stderr. --report FILE writes the report\n"
	"there (whole or not at all) instead of stdout. A graph that does not\n"
	"validate gives, in tap, junit and json (and with --report), a report of\n"
	"one failing case named \"load\" holding the located problems. While it runs, a progress line is shown on stderr when stderr\n"
	"is a terminal. Exit status: 0 all passed, 1 a script failed or the graph\n"
	"is invalid, 2 wrong usage.\n"
	"\n"
	"options:\n"
	"  -g, --graph PATH      a graph file or directory (repeatable; required)\n"
	KGC_SCHEMA_HELP
	KGC_AS_OF_HELP
	"  -j, --jobs N          scripts run at once (default: the online CPUs)\n"
	"  -o, --output DIR      where outputs go (made if missing)\n"
	"      --timeout S       seconds per script, 0 = none (default 60)\n"
	"      --memory MB       megabytes per script, 0 = none (default 512)\n"
	"      --sandbox         run the scripts sandboxed (see above)\n"
	"      --lib DIR         a library folder for require and dofile (repeatable)\n"
	"      --format F        text (default), tap, junit or json\n"
	"      --report FILE     write the report to FILE instead of stdout\n"
	"      --no-times        leave timings out of the report\n"
	"  -v, --verbose         report tracebacks and standard output too (and,\n"
	"                        unless --no-times, the load and run times on stderr)\n"
	"  -h, --help            this help\n"
	"\n"
	"examples:\n"
	"  kg batch -g examples/dprk-trafficking examples/dprk-trafficking/checks\n"
	"  kg batch -g data -j 4 --sandbox --timeout 10 -o out --format junit checks/ > junit.xml\n"
	"  kg batch -g examples/dprk-trafficking --sandbox --lib examples/dprk-trafficking/lib \\\n"
	"      --format junit --report report.xml examples/dprk-trafficking/queries\n",
};

/* The scripts to run, malloc'd paths in order. */
typedef struct script_list {
	char **v;
	size_t n, cap;
} script_list;

static int list_add(script_list *l, char *s)
{
	if (!s)
		return -1;
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		char **v = realloc(l->v, cap * sizeof *v);
		if (!v) {
			free(s);
			return -1;
		}
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = s;
	return 0;
}

static void list_free(script_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds every *.lua file directly in dir, sorted. Returns 0, or an exit
 * status after printing the problem. */
static int add_dir(script_list *l, const char *dir)
{
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(stderr, "kg batch: %s: %s\n", dir, strerror(errno));
		return KG_EXIT_USAGE;
	}
	size_t first = l->n, dl = strlen(dir);
	int slash = dl && dir[dl - 1] == '/';
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t nl = strlen(e->d_name);
		if (nl < 5 || strcmp(e->d_name + nl - 4, ".lua") != 0)
			continue;
		char *p = malloc(dl + nl + 2);
		if (p)
			snprintf(p, dl + nl + 2, "%s%s%s", dir, slash ? "" : "/", e->d_name);
		struct stat st;
		if (p && (stat(p, &st) != 0 || !S_ISREG(st.st_mode))) {
			free(p);
			continue;
		}
		if (list_add(l, p) < 0) {
			closedir(d);
			fprintf(stderr, "kg batch: out of memory\n");
			return KG_EXIT_INVALID;
		}
	}
	closedir(d);
	if (l->n > first)
		qsort(l->v + first, l->n - first, sizeof *l->v, cmp_str);
	return 0;
}

/* Two scripts with the same NAME would write the same NAME.out. */
static int check_names(const script_list *l)
{
	char **names = calloc(l->n ? l->n : 1, sizeof *names);
	int st = 0;
	if (!names)
		return KG_EXIT_INVALID;
	for (size_t i = 0; i < l->n && !st; i++) {
		if (!(names[i] = kgb_output_name(l->v[i])))
			st = KG_EXIT_INVALID;
		for (size_t k = 0; k < i && !st; k++)
			if (strcmp(names[i], names[k]) == 0)
				st = kgc_usage_error(&kgc_cmd_batch, "%s and %s would both write %s",
						     l->v[k], l->v[i], names[i]);
	}
	for (size_t i = 0; i < l->n; i++)
		free(names[i]);
	free(names);
	return st;
}

static int prepare_outdir(const char *dir)
{
	struct stat st;
	if (stat(dir, &st) != 0 && mkdir(dir, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "kg batch: cannot make %s: %s\n", dir, strerror(errno));
		return KG_EXIT_USAGE;
	}
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "kg batch: %s is not a directory\n", dir);
		return KG_EXIT_USAGE;
	}
	return 0;
}


static void progress(void *ud, size_t done, size_t total, const kgb_result *r)
{
	(void)ud;
	char line[512];
	snprintf(line, sizeof line, "[%zu/%zu] %s", done, total, r->path);
	if (done < total)
		kgc_progress_draw(line);
	else
		kgc_progress_clear();
}

/* The options of one run. */
typedef struct batch_args {
	const char **graphs; /* -g paths (argv's strings) */
	size_t ngraphs;
	const char *schema;
	const char *report_file; /* --report FILE, or NULL: stdout */
	char **libs;             /* --lib folders, realpath'd (malloc'd, owned here) */
	size_t nlibs;
	kgb_opts run;
	kgb_report_opts report;
} batch_args;

/* Parses argv; returns 0, or the status to exit with. */
static int parse_args(int argc, char **argv, batch_args *a)
{
	enum { OPT_TIMEOUT = 256, OPT_MEMORY, OPT_SANDBOX, OPT_FORMAT, OPT_NO_TIMES, OPT_REPORT, OPT_LIB,
	       OPT_AS_OF };
	static const struct option longs[] = {
		{"graph", required_argument, NULL, 'g'},
		{"schema", required_argument, NULL, 's'},
		{"jobs", required_argument, NULL, 'j'},
		{"output", required_argument, NULL, 'o'},
		{"timeout", required_argument, NULL, OPT_TIMEOUT},
		{"memory", required_argument, NULL, OPT_MEMORY},
		{"sandbox", no_argument, NULL, OPT_SANDBOX},
		{"format", required_argument, NULL, OPT_FORMAT},
		{"no-times", no_argument, NULL, OPT_NO_TIMES},
		{"report", required_argument, NULL, OPT_REPORT},
		{"lib", required_argument, NULL, OPT_LIB},
		{"as-of", required_argument, NULL, OPT_AS_OF},
		{"verbose", no_argument, NULL, 'v'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const kgc_cmd *c = &kgc_cmd_batch;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	a->run.jobs = cpus > 0 ? (unsigned)(cpus < KGB_MAX_JOBS ? cpus : KGB_MAX_JOBS) : 1;
	a->run.timeout = 60;
	a->run.memory_limit = (size_t)512 << 20;
	a->report.format = KGB_TEXT;
	a->report.times = 1;
	int opt;
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":g:s:j:o:vh", longs, NULL)) != -1) {
		char *end;
		switch (opt) {
		case 'g': a->graphs[a->ngraphs++] = optarg; break;
		case 's': if (kgc_schema_option(c, &a->schema, optarg)) return KG_EXIT_USAGE; break;
		case 'o': a->run.output_dir = optarg; break;
		case 'v': a->report.verbose = 1; break;
		case OPT_SANDBOX: a->run.sandbox = 1; break;
		case OPT_NO_TIMES: a->report.times = 0; break;
		case OPT_REPORT: a->report_file = optarg; break;
		case OPT_LIB: {
			char *real = realpath(optarg, NULL);
			struct stat st;
			if (!real || stat(real, &st) != 0 || !S_ISDIR(st.st_mode)) {
				free(real);
				fprintf(stderr, "kg batch: --lib %s: %s\n", optarg,
					real ? "not a directory" : strerror(errno));
				return KG_EXIT_USAGE;
			}
			a->libs[a->nlibs++] = real;
			break;
		}
		case OPT_AS_OF:
			if (kgc_as_of(c, optarg, &a->run.at) != KG_EXIT_OK)
				return KG_EXIT_USAGE;
			break;
		case 'j': {
			long n = kgc_parse_count(optarg);
			if (n < 1 || n > KGB_MAX_JOBS)
				return kgc_usage_error(c, "-j wants a number of jobs from 1 to %d, not '%s'",
						       KGB_MAX_JOBS, optarg);
			a->run.jobs = (unsigned)n;
			break;
		}
		case OPT_TIMEOUT:
			errno = 0;
			a->run.timeout = strtod(optarg, &end);
			if (!*optarg || *end || errno || !isfinite(a->run.timeout) ||
			    a->run.timeout < 0 || a->run.timeout > 1e9)
				return kgc_usage_error(c, "--timeout wants seconds (0 for none), not '%s'", optarg);
			break;
		case OPT_MEMORY: {
			long mb = kgc_parse_count(optarg);
			if (mb < 0 || (unsigned long)mb > (SIZE_MAX >> 21))
				return kgc_usage_error(c, "--memory wants megabytes (0 for none), not '%s'", optarg);
			a->run.memory_limit = (size_t)mb << 20;
			break;
		}
		case OPT_FORMAT: {
			int f = kgb_format_parse(optarg);
			if (f < 0)
				return kgc_usage_error(c, "--format wants text, tap, junit or json, not '%s'", optarg);
			a->report.format = (kgb_format)f;
			break;
		}
		case 'h':
			kgc_print_help(c, stdout);
			return kgc_finish_stdout(KG_EXIT_OK) == KG_EXIT_OK ? -1 : KG_EXIT_INVALID;
		case ':':
			return kgc_usage_error(c, "option '%s' needs a value", argv[optind - 1]);
		default:
			return kgc_usage_error(c, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (!a->ngraphs)
		return kgc_usage_error(c, "no graph given (-g PATH)");
	if (optind >= argc)
		return kgc_usage_error(c, "no SCRIPT or DIR given");
	/* For CI formats the report is the only thing on its stream: each
	 * script's output goes to -o DIR, else into the report. */
	a->run.keep_output = a->report.verbose || (a->report.format != KGB_TEXT && !a->run.output_dir);
	a->run.json_values = a->report.format == KGB_JSON;
	a->run.libs = (const char *const *)a->libs;
	a->run.nlibs = a->nlibs;
	return 0;
}

/* Writes the report to --report FILE (whole or not at all) or to the
 * stream out; returns 0 or an errno value. */
static int write_report(const batch_args *a, FILE *out, const kgb_result *results, size_t n)
{
	if (!a->report_file) {
		kgb_report(out, results, n, &a->report);
		return fflush(out) == 0 && !ferror(out) ? 0 : (errno ? errno : EIO);
	}
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	if (!m)
		return errno ? errno : ENOMEM;
	kgb_report(m, results, n, &a->report);
	int err = fclose(m) != 0 ? (errno ? errno : ENOMEM) : 0;
	if (!err)
		err = kg_out_write_file(a->report_file, buf, len, 0);
	free(buf);
	return err;
}

/* Sends fd 1 to stderr for the rest of the run, so that nothing a script
 * or a program it runs writes can land in the report; returns the report's
 * stream (the real stdout), or NULL when that fails. */
static FILE *guard_stdout(void)
{
	fflush(stdout);
	int fd = dup(STDOUT_FILENO);
	if (fd < 0 || dup2(STDERR_FILENO, STDOUT_FILENO) < 0)
		return NULL;
	return fdopen(fd, "w");
}

static int run(int argc, char **argv)
{
	const kgc_cmd *c = &kgc_cmd_batch;
	batch_args a;
	memset(&a, 0, sizeof a);
	script_list l = {NULL, 0, 0};
	kg_graph *g = NULL;
	kgb_result *results = NULL;
	FILE *report = stdout;
	a.graphs = calloc((size_t)argc + 1, sizeof *a.graphs);
	a.libs = calloc((size_t)argc + 1, sizeof *a.libs);
	if (!a.graphs || !a.libs) {
		free(a.graphs);
		free(a.libs);
		return KG_EXIT_INVALID;
	}
	int status = parse_args(argc, argv, &a);
	if (status == -1) { /* --help was printed */
		status = KG_EXIT_OK;
		goto done;
	}
	if (status)
		goto done;
	for (int i = optind; i < argc && !status; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "kg batch: %s: %s\n", argv[i], strerror(errno));
			status = KG_EXIT_USAGE;
		} else if (S_ISDIR(st.st_mode)) {
			status = add_dir(&l, argv[i]);
		} else if (list_add(&l, strdup(argv[i])) < 0) {
			fprintf(stderr, "kg batch: out of memory\n");
			status = KG_EXIT_INVALID;
		}
	}
	if (status)
		goto done;
	if (!l.n) {
		status = kgc_usage_error(c, "no scripts to run (a DIR gives its *.lua files)");
		goto done;
	}
	if (a.run.output_dir && ((status = check_names(&l)) || (status = prepare_outdir(a.run.output_dir))))
		goto done;
	if (a.report.format != KGB_TEXT && !a.report_file && !(report = guard_stdout())) {
		fprintf(stderr, "kg batch: cannot set up the report's stream: %s\n", strerror(errno));
		status = KG_EXIT_INVALID;
		goto done;
	}
	double t0 = kgl_now();
	char *problems = NULL;
	g = kgc_load_text(a.graphs, a.ngraphs, a.schema, KGC_DEFAULT_MAX_ERRORS, &status, &problems);
	if (!g) {
		/* an invalid graph is one failing case, "load", in every format */
		if (status == KG_EXIT_INVALID && (a.report.format != KGB_TEXT || a.report_file)) {
			kgb_result load = {.path = "load", .outcome = KGB_ERROR, .exit_status = -1,
					   .message = problems};
			char fallback[] = "the graph does not validate";
			if (!load.message)
				load.message = fallback;
			int err = write_report(&a, report, &load, 1);
			if (err)
				fprintf(stderr, "kg batch: cannot write the report: %s\n", strerror(err));
		}
		free(problems);
		goto done;
	}
	results = calloc(l.n, sizeof *results);
	if (kgc_progress_wanted())
		a.run.progress = progress;
	double t1 = kgl_now();
	if (!results || kgb_run(g, (const char *const *)l.v, l.n, &a.run, results) != 0) {
		fprintf(stderr, "kg batch: cannot run the scripts: %s\n", strerror(errno));
		status = KG_EXIT_INVALID;
		goto done;
	}
	if (a.report.verbose && a.report.times)
		fprintf(stderr, "kg batch: graph loaded in %.3f s; %zu script%s run in %.3f s (-j %u)\n",
			t1 - t0, l.n, l.n == 1 ? "" : "s", kgl_now() - t1,
			a.run.jobs < l.n ? a.run.jobs : (unsigned)l.n);
	int err = write_report(&a, report, results, l.n);
	size_t passed = kgb_passed(results, l.n);
	if (a.report.format == KGB_JUNIT || a.report.format == KGB_JSON || a.report_file)
		fprintf(stderr, "%zu passed, %zu failed\n", passed, l.n - passed);
	if (err) {
		fprintf(stderr, "kg batch: cannot write the report: %s\n", strerror(err));
		status = KG_EXIT_INVALID;
	} else {
		status = passed == l.n ? KG_EXIT_OK : KG_EXIT_INVALID;
	}
done:
	if (report && report != stdout)
		fclose(report);
	if (results)
		kgb_results_free(results, l.n);
	free(results);
	kg_graph_free(&g);
	list_free(&l);
	free(a.graphs);
	for (size_t i = 0; i < a.nlibs; i++)
		free(a.libs[i]);
	free(a.libs);
	return status;
}
