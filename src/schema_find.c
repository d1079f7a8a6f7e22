/* schema_find.c — the schema a graph's files name, found before the data
 * is read; and the check of every document's `schema` key (schema_find.h). */
#include "schema_find.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

char *kgsf_resolve(const char *file, const char *s, size_t len)
{
	const char *slash = strrchr(file, '/');
	size_t dlen = (s[0] == '/' || !slash) ? 0 : (size_t)(slash - file) + 1;
	char *p = malloc(dlen + len + 1);
	if (!p)
		return NULL;
	memcpy(p, file, dlen);
	memcpy(p + dlen, s, len);
	p[dlen + len] = '\0';
	return p;
}

static int is_path(const kgy_node *v)
{
	return v->kind == KGY_SCALAR && !kgy_is_null(v) && v->u.scalar.len > 0;
}

static void not_a_path(kg_diags *d, const char *file, const kgy_node *v)
{
	kg_diags_add(d, KG_ERROR, file, v->line, v->col,
		     "'schema' must be the path of a schema file, got %s", kgy_describe(v));
}

/* Keeps the schema named by s[0..len) at file:line:col; -1 on OOM. */
static int keep(kgsf_schema *out, const char *file, const char *s, size_t len, uint32_t line,
		uint32_t col)
{
	char where[64];
	snprintf(where, sizeof where, ":%u:%u", line, col);
	out->path = kgsf_resolve(file, s, len);
	out->where = malloc(strlen(file) + strlen(where) + 1);
	out->file = strdup(file);
	if (!out->path || !out->where || !out->file)
		return -1;
	strcpy(out->where, file);
	strcat(out->where, where);
	out->line = line;
	out->col = col;
	return 0;
}

/* ---- the slow way: a file's trees ---------------------------------- */

typedef struct tree_find {
	kg_diags *d;
	kgsf_schema *out;
	int found, oom;
} tree_find;

static int on_doc(void *ud, const char *file, size_t docno, const kgy_node *root)
{
	tree_find *tf = ud;
	(void)docno;
	const kgy_node *v = kgy_map_get(root, "schema");
	if (!v)
		return 0;
	tf->found = 1;
	if (!is_path(v))
		not_a_path(tf->d, file, v);
	else if (keep(tf->out, file, v->u.scalar.s, v->u.scalar.len, v->line, v->col) < 0)
		tf->oom = 1;
	return 1; /* the first is the one; the loader checks the others */
}

/* ---- the quick way: events up to the key ---------------------------- */

enum { SCAN_NONE, SCAN_FOUND, SCAN_UNSURE };

/* Reads the events of path until the value of the first top-level key
 * `schema` of a document. SCAN_FOUND with that value when it is a plain
 * path (ev holds it; the caller deletes it), SCAN_NONE when the file has no
 * such key, SCAN_UNSURE when anything is unusual (a YAML error, a limit, a
 * tag or alias where it matters, a value that is not a path): the file's
 * trees then tell, with the parser's own messages. */
static int scan(const char *path, const kg_limits *lim, yaml_event_t *ev)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return SCAN_UNSURE;
	struct stat st;
	if (fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode) ||
	    (uint64_t)st.st_size > lim->max_file_bytes) {
		fclose(f);
		return SCAN_UNSURE;
	}
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p)) {
		fclose(f);
		return SCAN_UNSURE;
	}
	yaml_parser_set_input_file(&p, f);
	int rc = SCAN_UNSURE;
	size_t depth = 0;       /* collections open */
	int topmap = 0;         /* the document's root is a mapping */
	int keynext = 0;        /* at depth 1 of it, the next node is a key */
	int schema_next = 0;    /* the next node at depth 1 is the value of `schema` */
	for (int done = 0; !done;) {
		if (!yaml_parser_parse(&p, ev))
			break;
		int at_top = topmap && depth == 1;
		int keep_ev = 0;
		switch (ev->type) {
		case YAML_STREAM_END_EVENT:
			rc = SCAN_NONE;
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			depth = 0;
			topmap = keynext = schema_next = 0;
			break;
		case YAML_SCALAR_EVENT:
			if (ev->data.scalar.length > lim->max_scalar_bytes) {
				done = 1;
			} else if (at_top && keynext) {
				if (ev->data.scalar.tag) {
					done = 1; /* a tagged key: let the trees say */
					break;
				}
				schema_next = ev->data.scalar.length == 6 &&
					      memcmp(ev->data.scalar.value, "schema", 6) == 0;
				keynext = 0;
			} else if (at_top && schema_next) {
				const char *s = (const char *)ev->data.scalar.value;
				size_t n = ev->data.scalar.length;
				int plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
				int null = plain && (n == 0 || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
						     strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0);
				if (!ev->data.scalar.tag && n > 0 && !null && !memchr(s, '\0', n)) {
					rc = SCAN_FOUND;
					keep_ev = 1;
				}
				done = 1;
			} else if (at_top) {
				keynext = 1;
			}
			break;
		case YAML_ALIAS_EVENT:
			if (at_top && (keynext || schema_next))
				done = 1;
			else if (at_top)
				keynext = 1;
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (at_top && (keynext || schema_next)) {
				done = 1; /* a complex key, or a schema that is no path */
				break;
			}
			if (depth == 0 && ev->type == YAML_MAPPING_START_EVENT)
				topmap = keynext = 1;
			if (++depth > lim->max_depth)
				done = 1;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (depth > 0 && --depth == 1 && topmap)
				keynext = 1;
			break;
		default:
			break;
		}
		if (!keep_ev)
			yaml_event_delete(ev);
	}
	yaml_parser_delete(&p);
	fclose(f);
	return rc;
}

/* Whether a file's text has a line starting with "schema:" (a byte-order
 * mark may come first): the only files that may name a schema in block
 * style. Read in blocks until found. */
static int mentions_schema(const char *path)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return 0;
	struct stat st;
	int found = 0;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		static const char key[] = "\nschema:";
		enum { K = sizeof key - 1 };
		char buf[(1 << 16) + K];
		size_t have = 1;
		buf[0] = '\n'; /* the first line starts a line too */
		ssize_t r;
		while (!found && (r = read(fd, buf + have, sizeof buf - have)) > 0) {
			size_t n = have + (size_t)r;
			/* a byte-order mark before the first key */
			if (n >= 4 && memcmp(buf, "\n\xEF\xBB\xBF", 4) == 0) {
				memmove(buf + 1, buf + 4, n - 4);
				n -= 3;
			}
			found = memmem(buf, n, key, K) != NULL;
			have = n < K - 1 ? n : K - 1;
			memmove(buf, buf + n - have, have);
		}
	}
	close(fd);
	return found;
}

int kgsf_find(const char *const *paths, size_t n, const kg_limits *lim, kg_diags *d,
	      kgsf_schema *out)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < n; i++) {
		if (!mentions_schema(paths[i]))
			continue;
		yaml_event_t ev;
		int rc = scan(paths[i], lim, &ev);
		if (rc == SCAN_NONE)
			continue;
		if (rc == SCAN_FOUND) {
			int r = keep(out, paths[i], (const char *)ev.data.scalar.value,
				     ev.data.scalar.length, (uint32_t)ev.start_mark.line + 1,
				     (uint32_t)ev.start_mark.column + 1);
			yaml_event_delete(&ev);
			return r;
		}
		tree_find tf = {d, out, 0, 0};
		size_t errs = kgy_parse_file(paths[i], lim, d, on_doc, &tf);
		if (tf.oom)
			return -1;
		if (tf.found || errs)
			return 0;
	}
	return 0;
}

void kgsf_check(const kgsf_schema *s, const char *file, const kgy_node *v, kg_diags *d)
{
	if (!is_path(v)) {
		not_a_path(d, file, v);
		return;
	}
	if (!s->path) {
		kg_diags_add(d, KG_ERROR, file, v->line, v->col,
			     "kg reads 'schema' before the data only at the start of a line, as "
			     "'schema: PATH'; this one was not read");
		return;
	}
	char *p = kgsf_resolve(file, v->u.scalar.s, v->u.scalar.len);
	if (!p) {
		kg_diags_add(d, KG_ERROR, file, v->line, v->col, "out of memory");
		return;
	}
	char *a = realpath(s->path, NULL), *b = realpath(p, NULL);
	int same = (a && b) ? strcmp(a, b) == 0 : strcmp(s->path, p) == 0;
	if (!same)
		kg_diags_add(d, KG_ERROR, file, v->line, v->col,
			     "a graph names at most one schema; this is %s, but %s named %s", p,
			     s->where, s->path);
	free(a);
	free(b);
	free(p);
}

void kgsf_free(kgsf_schema *s)
{
	free(s->path);
	free(s->where);
	free(s->file);
	memset(s, 0, sizeof *s);
}
