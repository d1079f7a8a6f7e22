/* yamlcheck.c — runs YAML files through kg's loader (src/yaml_tree.c) for the shell tests and benchmarks.
 *
 * yamlcheck [LIMIT OPTIONS] [-v] FILE...   load each file, print problems as
 *                                          FILE:LINE:COL: error: MESSAGE; exit 1 on any
 * yamlcheck --bare FILE...                 a bare libyaml event scan, for comparison
 * yamlcheck -l FILE...                     one line per file on stdout: "ok FILE" or
 *                                          "error bare-ok|bare-error FILE:LINE:COL: MESSAGE"
 *                                          (its first error; whether a bare libyaml scan
 *                                          accepts the file); exit 0
 * Limit options: --max-file-bytes N, --max-depth N, --max-alias-nodes N,
 * --max-scalar-bytes N, --max-documents N. -v prints documents and nodes seen.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "kg.h"
#include "yaml_tree.h"

typedef struct counts {
	size_t docs, nodes;
} counts;

/* Visits every node (aliases included, as the loader bounds them). */
static size_t walk(const kgy_node *n)
{
	size_t c = 1;
	if (n->kind == KGY_SEQ) {
		for (size_t i = 0; i < n->u.seq.n; i++)
			c += walk(n->u.seq.items[i]);
	} else if (n->kind == KGY_MAP) {
		for (size_t i = 0; i < n->u.map.n; i++)
			c += walk(n->u.map.pairs[i].key) + walk(n->u.map.pairs[i].value);
	} else if (strlen(n->u.scalar.s) != n->u.scalar.len) {
		fprintf(stderr, "yamlcheck: scalar length mismatch at %u:%u\n", n->line, n->col);
		abort();
	}
	return c;
}

static int on_doc(void *ud, const char *file, size_t docno, const kgy_node *root)
{
	counts *c = ud;
	(void)file;
	(void)docno;
	c->docs++;
	c->nodes += walk(root);
	return 0;
}

/* The baseline: every event of the file, nothing kept. */
static int bare(const char *path, int quiet)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		if (!quiet)
			perror(path);
		return 1;
	}
	size_t cap = 1 << 16, len = 0, r;
	unsigned char *buf = malloc(cap);
	while (buf && (r = fread(buf + len, 1, cap - len, f)) > 0) {
		len += r;
		if (len == cap) {
			unsigned char *nb = realloc(buf, cap *= 2);
			if (!nb)
				free(buf);
			buf = nb;
		}
	}
	fclose(f);
	if (!buf) {
		fprintf(stderr, "%s: out of memory\n", path);
		return 1;
	}
	yaml_parser_t p;
	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, buf, len);
	int rc = 0;
	for (;;) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&p, &ev)) {
			if (!quiet)
				fprintf(stderr, "%s: %s\n", path, p.problem ? p.problem : "error");
			rc = 1;
			break;
		}
		int end = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
		if (end)
			break;
	}
	yaml_parser_delete(&p);
	free(buf);
	return rc;
}

static int limit_opt(const char *opt, const char *val, kg_limits *l)
{
	static const struct {
		const char *name;
		size_t off;
	} opts[] = {
		{"--max-file-bytes", offsetof(kg_limits, max_file_bytes)},
		{"--max-depth", offsetof(kg_limits, max_depth)},
		{"--max-alias-nodes", offsetof(kg_limits, max_alias_nodes)},
		{"--max-scalar-bytes", offsetof(kg_limits, max_scalar_bytes)},
		{"--max-documents", offsetof(kg_limits, max_documents)},
	};
	for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++) {
		if (strcmp(opt, opts[i].name) != 0)
			continue;
		char *end;
		unsigned long long v = val ? strtoull(val, &end, 10) : 0;
		if (!val || *end || !*val)
			return -1;
		*(size_t *)((char *)l + opts[i].off) = (size_t)v;
		return 1;
	}
	return 0;
}

/* -l: each file on its own, one line of verdict each. */
static int list_files(int n, char **files, const kg_limits *lim)
{
	for (int i = 0; i < n; i++) {
		kg_diags *d = kg_diags_new();
		if (!d)
			return 2;
		counts c = {0, 0};
		kgy_parse_file(files[i], lim, d, on_doc, &c);
		if (kg_diags_count(d)) {
			const kg_diag *g = kg_diags_get(d, 0);
			printf("error %s %s:%u:%u: %s\n", bare(files[i], 1) ? "bare-error" : "bare-ok",
			       files[i], g->loc.line, g->loc.col, g->msg);
		} else {
			printf("ok %s\n", files[i]);
		}
		kg_diags_free(&d);
	}
	return fflush(stdout) == 0 ? 0 : 2;
}

int main(int argc, char **argv)
{
	kg_limits lim = {KG_DEFAULT_MAX_FILE_BYTES, KG_DEFAULT_MAX_DEPTH,
			 KG_DEFAULT_MAX_ALIAS_NODES, KG_DEFAULT_MAX_SCALAR_BYTES,
			 KG_DEFAULT_MAX_DOCUMENTS};
	int verbose = 0, use_bare = 0, list = 0, i = 1, status = 0;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "-v") == 0) {
			verbose = 1;
		} else if (strcmp(argv[i], "-l") == 0) {
			list = 1;
		} else if (strcmp(argv[i], "--bare") == 0) {
			use_bare = 1;
		} else {
			int r = limit_opt(argv[i], i + 1 < argc ? argv[i + 1] : NULL, &lim);
			if (r <= 0) {
				fprintf(stderr, "yamlcheck: bad option %s\n", argv[i]);
				return 2;
			}
			i++;
		}
	}
	if (i == argc) {
		fprintf(stderr, "usage: yamlcheck [--bare] [-v] [--max-... N] FILE...\n");
		return 2;
	}
	if (list)
		return list_files(argc - i, argv + i, &lim);
	kg_diags *d = kg_diags_new();
	if (!d)
		return 2;
	for (; i < argc; i++) {
		if (use_bare) {
			status |= bare(argv[i], 0);
			continue;
		}
		counts c = {0, 0};
		if (kgy_parse_file(argv[i], &lim, d, on_doc, &c))
			status = 1;
		if (verbose)
			printf("%s: %zu documents, %zu nodes\n", argv[i], c.docs, c.nodes);
	}
	for (size_t k = 0; k < kg_diags_count(d); k++) {
		const kg_diag *g = kg_diags_get(d, k);
		if (g->loc.line)
			fprintf(stderr, "%s:%u:%u: error: %s\n", g->loc.file, g->loc.line,
				g->loc.col, g->msg);
		else
			fprintf(stderr, "%s: error: %s\n", g->loc.file, g->msg);
	}
	if (kg_diags_errors(d))
		status = 1;
	kg_diags_free(&d);
	return status;
}
