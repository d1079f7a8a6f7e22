/* yamlscan.c — the benchmark floor: reads YAML files with a bare libyaml event loop, building nothing. */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

static const char usage[] =
	"usage: yamlscan [--strings] PATH...\n"
	"Parses every file (a directory means each *.yaml and *.yml below it, in\n"
	"sorted path order, as kg reads it) with a bare yaml_parser_parse loop and\n"
	"prints the counts of files, bytes and events. --strings also counts the\n"
	"distinct scalar strings and their bytes (with a NUL each), the least a\n"
	"store that interns its strings must hold. Exits 1 on a YAML error.\n";

/* ---------------------------------------------------------------- file list */

typedef struct paths {
	char **v;  /* owned strings */
	size_t n, cap;
} paths;

static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n);
	if (!q) {
		fputs("yamlscan: out of memory\n", stderr);
		exit(1);
	}
	return q;
}

static void paths_add(paths *p, const char *s)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 64;
		p->v = xrealloc(p->v, p->cap * sizeof *p->v);
	}
	size_t len = strlen(s) + 1;
	p->v[p->n] = xrealloc(NULL, len);
	memcpy(p->v[p->n++], s, len);
}

static int has_yaml_ext(const char *name)
{
	size_t n = strlen(name);
	return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
	       (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds the YAML files below dir; depth bounds symlink loops. */
static int walk(paths *out, const char *dir, int depth)
{
	if (depth > 64) {
		fprintf(stderr, "yamlscan: %s: directories nested too deep\n", dir);
		return -1;
	}
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(stderr, "yamlscan: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	struct dirent *de;
	int rc = 0;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		size_t len = strlen(dir) + strlen(de->d_name) + 2;
		char *p = xrealloc(NULL, len);
		snprintf(p, len, "%s/%s", dir, de->d_name);
		struct stat st;
		if (stat(p, &st) == 0 && S_ISDIR(st.st_mode))
			rc |= walk(out, p, depth + 1);
		else if (has_yaml_ext(de->d_name))
			paths_add(out, p);
		free(p);
	}
	closedir(d);
	return rc;
}

/* ---------------------------------------------------------------- strings */

/* An open-addressing set of scalar strings (FNV-1a hashes). */
typedef struct strset {
	char **slot;
	size_t cap, n, bytes;
} strset;

static uint64_t fnv(const unsigned char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ s[i]) * 1099511628211ull;
	return h;
}

static void strset_put(strset *s, const unsigned char *v, size_t n);

static void strset_grow(strset *s)
{
	strset t = { NULL, s->cap ? 2 * s->cap : 1024, 0, 0 };
	t.slot = calloc(t.cap, sizeof *t.slot);
	if (!t.slot) {
		fputs("yamlscan: out of memory\n", stderr);
		exit(1);
	}
	for (size_t i = 0; i < s->cap; i++) {
		if (s->slot[i]) {
			strset_put(&t, (const unsigned char *)s->slot[i], strlen(s->slot[i]));
			free(s->slot[i]);
		}
	}
	free(s->slot);
	t.bytes = s->bytes;
	*s = t;
}

/* Scalars with a NUL inside are counted up to it, like a C string store. */
static void strset_put(strset *s, const unsigned char *v, size_t n)
{
	if (2 * (s->n + 1) > s->cap)
		strset_grow(s);
	n = strnlen((const char *)v, n);
	size_t i = fnv(v, n) & (s->cap - 1);
	while (s->slot[i]) {
		if (strlen(s->slot[i]) == n && memcmp(s->slot[i], v, n) == 0)
			return;
		i = (i + 1) & (s->cap - 1);
	}
	s->slot[i] = xrealloc(NULL, n + 1);
	memcpy(s->slot[i], v, n);
	s->slot[i][n] = '\0';
	s->n++;
	s->bytes += n + 1;
}

static void strset_free(strset *s)
{
	for (size_t i = 0; i < s->cap; i++)
		free(s->slot[i]);
	free(s->slot);
	s->slot = NULL;
}

/* ---------------------------------------------------------------- scan */

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "yamlscan: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	size_t cap = 1 << 16, n = 0, got;
	char *buf = xrealloc(NULL, cap);
	while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap)
			buf = xrealloc(buf, cap *= 2);
	}
	int err = ferror(f);
	fclose(f);
	if (err) {
		fprintf(stderr, "yamlscan: %s: read error\n", path);
		free(buf);
		return NULL;
	}
	*len = n;
	return buf;
}

/* Parses one file; adds its events to *events. Returns 0, or -1 on error. */
static int scan(const char *path, strset *strings, size_t *bytes, size_t *events)
{
	size_t len = 0;
	char *buf = read_file(path, &len);
	if (!buf)
		return -1;
	*bytes += len;
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p)) {
		free(buf);
		fputs("yamlscan: out of memory\n", stderr);
		return -1;
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
	int rc = 0;
	for (;;) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&p, &ev)) {
			fprintf(stderr, "%s:%lu:%lu: error: %s\n", path,
				(unsigned long)p.problem_mark.line + 1,
				(unsigned long)p.problem_mark.column + 1,
				p.problem ? p.problem : "YAML error");
			rc = -1;
			break;
		}
		(*events)++;
		if (strings && ev.type == YAML_SCALAR_EVENT)
			strset_put(strings, ev.data.scalar.value, ev.data.scalar.length);
		int done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
		if (done)
			break;
	}
	yaml_parser_delete(&p);
	free(buf);
	return rc;
}

int main(int argc, char **argv)
{
	int want_strings = 0, i = 1;
	if (i < argc && strcmp(argv[i], "--strings") == 0) {
		want_strings = 1;
		i++;
	}
	if (i >= argc || argv[i][0] == '-') {
		fputs(usage, i < argc && (strcmp(argv[i], "-h") == 0 ||
					  strcmp(argv[i], "--help") == 0) ? stdout : stderr);
		return i < argc && argv[i][0] == '-' && argv[i][1] == 'h' ? 0 : 2;
	}
	paths files = { NULL, 0, 0 };
	int rc = 0;
	for (; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "yamlscan: %s: %s\n", argv[i], strerror(errno));
			rc = 2;
		} else if (S_ISDIR(st.st_mode)) {
			paths sub = { NULL, 0, 0 };
			if (walk(&sub, argv[i], 0) != 0)
				rc = 2;
			qsort(sub.v, sub.n, sizeof *sub.v, cmp_str);
			for (size_t k = 0; k < sub.n; k++) {
				paths_add(&files, sub.v[k]);
				free(sub.v[k]);
			}
			free(sub.v);
		} else {
			paths_add(&files, argv[i]);
		}
	}
	strset strings = { NULL, 0, 0, 0 };
	size_t bytes = 0, events = 0;
	for (size_t k = 0; k < files.n && rc == 0; k++)
		if (scan(files.v[k], want_strings ? &strings : NULL, &bytes, &events) != 0)
			rc = 1;
	if (rc == 0) {
		printf("files %zu bytes %zu events %zu\n", files.n, bytes, events);
		if (want_strings)
			printf("distinct_strings %zu string_bytes %zu\n", strings.n, strings.bytes);
	}
	for (size_t k = 0; k < files.n; k++)
		free(files.v[k]);
	free(files.v);
	strset_free(&strings);
	if (fflush(stdout) != 0 && rc == 0)
		rc = 1;
	return rc;
}
