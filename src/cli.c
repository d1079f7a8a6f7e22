/* cli.c — what the subcommands share: usage errors, help, loading a graph,
 * and printing diagnostics (the one place problems are printed). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "cli_progress.h"
#include "lua_kg.h"

int kgc_usage_error(const kgc_cmd *c, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "kg %s: ", c->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: %s\n(`kg %s --help` for more)\n", c->usage, c->name);
	return KG_EXIT_USAGE;
}

void kgc_print_help(const kgc_cmd *c, FILE *f)
{
	fprintf(f, "usage: %s\n\n%s\n", c->usage, c->summary);
	if (c->help && *c->help)
		fprintf(f, "\n%s", c->help);
}

int kgc_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return 0;
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			return 1;
	}
	return 0;
}

int kgc_finish_stdout(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (errno != EPIPE)
			fprintf(stderr, "kg: cannot write the output: %s\n", strerror(errno));
		return status ? status : KG_EXIT_INVALID;
	}
	return status;
}

/* The text of line `line` of file, for the caret display; NULL if unreadable. */
static char *source_line(const char *file, uint32_t line, char *buf, size_t sz)
{
	FILE *f = fopen(file, "r");
	if (!f)
		return NULL;
	uint32_t n = 1;
	int c;
	while (n < line && (c = getc(f)) != EOF)
		if (c == '\n')
			n++;
	char *r = NULL;
	if (n == line && fgets(buf, (int)sz, f)) {
		buf[strcspn(buf, "\r\n")] = '\0';
		r = buf;
	}
	fclose(f);
	return r;
}

static void print_one(FILE *f, const kg_diag *d, int tty)
{
	const char *sev = d->sev == KG_ERROR ? "error" : "warning";
	if (!d->loc.file)
		fprintf(f, "kg: %s: %s\n", sev, d->msg);
	else if (!d->loc.line)
		fprintf(f, "%s: %s: %s\n", d->loc.file, sev, d->msg);
	else
		fprintf(f, "%s:%u:%u: %s: %s\n", d->loc.file, d->loc.line, d->loc.col, sev, d->msg);
	char buf[512];
	const char *text;
	if (!tty || !d->loc.file || !d->loc.line ||
	    !(text = source_line(d->loc.file, d->loc.line, buf, sizeof buf)))
		return;
	fprintf(f, " %5u | %s\n       | ", d->loc.line, text);
	/* Tabs stay tabs so the caret lines up under them. */
	for (uint32_t i = 1; i < d->loc.col && text[i - 1]; i++)
		fputc(text[i - 1] == '\t' ? '\t' : ' ', f);
	fputs("^\n", f);
}

/* The diagnostics on f (tty: with source lines and carets). */
static void write_diags(FILE *f, kg_diags *d, size_t max_errors, int tty)
{
	kg_diags_sort(d);
	size_t shown = 0, n = kg_diags_count(d);
	for (size_t i = 0; i < n; i++) {
		const kg_diag *x = kg_diags_get(d, i);
		if (x->sev == KG_ERROR && max_errors && shown >= max_errors)
			continue;
		print_one(f, x, tty);
		if (x->sev == KG_ERROR)
			shown++;
	}
	size_t errors = kg_diags_errors(d);
	if (errors > shown)
		fprintf(f, "kg: ... and %zu more error%s (--max-errors N shows more)\n",
			errors - shown, errors - shown == 1 ? "" : "s");
}

void kgc_print_diags(kg_diags *d, size_t max_errors)
{
	kgc_progress_end(); /* the progress line goes before anything is printed */
	write_diags(stderr, d, max_errors, isatty(STDERR_FILENO));
}

kg_graph *kgc_load(const char *const *paths, size_t npaths, const char *schema,
		   size_t max_errors, int *status)
{
	return kgc_load_text(paths, npaths, schema, max_errors, status, NULL);
}

kg_graph *kgc_load_text(const char *const *paths, size_t npaths, const char *schema,
			size_t max_errors, int *status, char **text)
{
	if (text)
		*text = NULL;
	struct stat st;
	for (size_t i = 0; i < npaths; i++)
		if (stat(paths[i], &st) < 0) {
			fprintf(stderr, "kg: %s: %s\n", paths[i], strerror(errno));
			*status = KG_EXIT_USAGE;
			return NULL;
		}
	if (schema && stat(schema, &st) < 0) {
		fprintf(stderr, "kg: %s: %s\n", schema, strerror(errno));
		*status = KG_EXIT_USAGE;
		return NULL;
	}
	kg_diags *d = kg_diags_new();
	if (!d) {
		fprintf(stderr, "kg: out of memory\n");
		*status = KG_EXIT_INVALID;
		return NULL;
	}
	kg_load_opts o;
	kg_load_opts_init(&o);
	o.limits = kgc_limits;
	o.schema_path = schema;
	o.progress = kgc_progress_begin("loading the graph");
	kg_graph *g = kg_graph_load(paths, npaths, &o, d);
	kgc_progress_end();
	kgc_print_diags(d, max_errors);
	if (text && !g) {
		size_t len;
		FILE *m = open_memstream(text, &len);
		if (m) {
			write_diags(m, d, max_errors, 0);
			if (fclose(m) != 0) {
				free(*text);
				*text = NULL;
			}
		}
	}
	kg_diags_free(&d);
	*status = g ? KG_EXIT_OK : KG_EXIT_INVALID;
	return g;
}

long kgc_parse_count(const char *s)
{
	if (!s || !*s)
		return -1;
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (*end || errno || v < 0)
		return -1;
	return v;
}

/* ---------------------------------------------------------------- */
/* Limits                                                            */
/* ---------------------------------------------------------------- */

kg_limits kgc_limits = {
	KG_DEFAULT_MAX_FILE_BYTES, KG_DEFAULT_MAX_DEPTH, KG_DEFAULT_MAX_ALIAS_NODES,
	KG_DEFAULT_MAX_SCALAR_BYTES, KG_DEFAULT_MAX_DOCUMENTS,
};

const char *const kgc_limit_names[5] = {
	"max-file-size", "max-depth", "max-alias-nodes", "max-scalar", "max-documents",
};

static size_t *limit_field(int i)
{
	size_t *f[5] = {&kgc_limits.max_file_bytes, &kgc_limits.max_depth,
			&kgc_limits.max_alias_nodes, &kgc_limits.max_scalar_bytes,
			&kgc_limits.max_documents};
	return i >= 0 && i < 5 ? f[i] : NULL;
}

/* A whole number >= 1, with an optional K, M or G (powers of 1024). */
static int parse_size(const char *s, size_t *out)
{
	if (!s || !*s || *s == '-')
		return -1;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s)
		return -1;
	unsigned shift = 0;
	if (*end == 'K' || *end == 'k')
		shift = 10;
	else if (*end == 'M' || *end == 'm')
		shift = 20;
	else if (*end == 'G' || *end == 'g')
		shift = 30;
	if (shift)
		end++;
	if (*end || v == 0 || v > (SIZE_MAX >> shift))
		return -1;
	*out = (size_t)(v << shift);
	return 0;
}

int kgc_limit_flag(const char *name, const char *value)
{
	for (int i = 0; i < 5; i++)
		if (strcmp(name, kgc_limit_names[i]) == 0)
			return parse_size(value, limit_field(i)) == 0 ? 1 : -1;
	return 0;
}

int kgc_limits_from_env(void)
{
	static const char *const vars[5] = {
		"KG_MAX_FILE_SIZE", "KG_MAX_DEPTH", "KG_MAX_ALIAS_NODES", "KG_MAX_SCALAR",
		"KG_MAX_DOCUMENTS",
	};
	for (int i = 0; i < 5; i++) {
		const char *v = getenv(vars[i]);
		if (v && parse_size(v, limit_field(i)) < 0) {
			fprintf(stderr, "kg: %s must be a whole number above 0 (K, M, G allowed), got '%s'\n",
				vars[i], v);
			return KG_EXIT_USAGE;
		}
	}
	return KG_EXIT_OK;
}

int kgc_as_of(const kgc_cmd *c, const char *s, kg_date *d)
{
	char why[96], q[80];
	if (kg_date_parse(s, strlen(s), d, why, sizeof why) == 0)
		return KG_EXIT_OK;
	kg_quoted(s, strlen(s), '"', 40, q, sizeof q);
	if (why[0])
		return kgc_usage_error(c, "--as-of: %s is not a date: %s", q, why);
	return kgc_usage_error(c, "--as-of: expected a date (2019, 2019-07 or 2019-07-22), got %s", q);
}

int kgc_schema_option(const kgc_cmd *c, const char **slot, const char *arg)
{
	if (*slot && strcmp(*slot, arg) != 0)
		return kgc_usage_error(c, "-s given twice ('%s', then '%s'); to combine schemas, "
				       "write one that extends both (doc/schema.md)", *slot, arg);
	*slot = arg;
	return KG_EXIT_OK;
}

int kgc_graph_options(const kgc_cmd *c, int argc, char **argv, kgc_graph_args *o, int *status)
{
	o->npaths = 0;
	o->schema = NULL;
	o->at = (kg_date){0, 0, 0};
	if (!(o->paths = calloc((size_t)argc + 1, sizeof *o->paths))) {
		fprintf(stderr, "kg %s: out of memory\n", c->name);
		*status = KG_EXIT_INVALID;
		return -1;
	}
	int i = 1;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--") == 0)
			return i + 1;
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			kgc_print_help(c, stdout);
			*status = kgc_finish_stdout(KG_EXIT_OK);
			return -1;
		}
		int isg = strcmp(a, "-g") == 0 || strcmp(a, "--graph") == 0;
		int iss = strcmp(a, "-s") == 0 || strcmp(a, "--schema") == 0;
		int isd = strcmp(a, "--as-of") == 0;
		if (strncmp(a, "--as-of=", 8) == 0) {
			if ((*status = kgc_as_of(c, a + 8, &o->at)) != KG_EXIT_OK)
				return -1;
			continue;
		}
		if (!isg && !iss && !isd) {
			*status = kgc_usage_error(c, "unknown option '%s'", a);
			return -1;
		}
		if (i + 1 >= argc) {
			*status = kgc_usage_error(c, "option '%s' needs an argument", a);
			return -1;
		}
		if (isd) {
			if ((*status = kgc_as_of(c, argv[++i], &o->at)) != KG_EXIT_OK)
				return -1;
		} else if (isg) {
			o->paths[o->npaths++] = argv[++i];
		} else if ((*status = kgc_schema_option(c, &o->schema, argv[++i])) != KG_EXIT_OK) {
			return -1;
		}
	}
	return i;
}

int kgc_graph_flags_as_operands(int argc, char **argv)
{
	int n = 1;
	for (int i = 1; i < argc; i++) {
		char *a = argv[i];
		if (strcmp(a, "--") == 0) {
			while (i < argc)
				argv[n++] = argv[i++];
			break;
		}
		if ((strcmp(a, "-g") == 0 || strcmp(a, "--graph") == 0) && i + 1 < argc)
			argv[n++] = argv[++i];
		else if (strncmp(a, "--graph=", 8) == 0)
			argv[n++] = a + 8;
		else if (a[0] == '-' && a[1] == 'g' && a[2])
			argv[n++] = a + 2;
		else
			argv[n++] = a;
	}
	argv[n] = NULL;
	return n;
}

lua_State *kgc_lua_state(const kgc_cmd *c, const kgc_graph_args *ga, kg_graph **g, int *status)
{
	*g = NULL;
	if (ga->at.year && !ga->npaths) {
		*status = kgc_usage_error(c, "--as-of needs a graph (-g PATH)");
		return NULL;
	}
	if (ga->npaths) {
		*g = kgc_load(ga->paths, ga->npaths, ga->schema, KGC_DEFAULT_MAX_ERRORS, status);
		if (!*g)
			return NULL;
	}
	kgl_state_opts so = {0};
	so.at = ga->at;
	lua_State *L = kgl_new_state(*g, &so);
	if (!L) {
		fprintf(stderr, "kg %s: out of memory\n", c->name);
		*status = KG_EXIT_INVALID;
	}
	return L;
}

const kgc_cmd *const *kgc_commands;

const kgc_cmd *kgc_find(const char *name)
{
	for (size_t i = 0; kgc_commands[i]; i++)
		if (strcmp(kgc_commands[i]->name, name) == 0)
			return kgc_commands[i];
	return NULL;
}

int kgc_no_entity(const char *name, const kg_graph *g, const char *id)
{
	const char *near = kg_graph_id_near(g, id);
	if (near)
		fprintf(stderr, "kg %s: no entity '%s' (did you mean '%s'?)\n", name, id, near);
	else
		fprintf(stderr, "kg %s: no entity '%s'\n", name, id);
	return KG_EXIT_INVALID;
}
