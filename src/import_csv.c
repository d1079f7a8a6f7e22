/* import_csv.c — CSV tables (RFC 4180: quoted fields with commas, doubled
 * quotes and line breaks; CRLF or LF) to kg entities and relations, a row
 * at a time: one row is held, within limits (doc/limits.md), so a CSV of
 * any size streams. The columns are the mapping's (import_map.c), or read
 * from the header: id, type, name, aliases, notes, sources, from, to, and
 * every other column an attribute. */
#include <stdlib.h>
#include <string.h>

#include "import_int.h"
#include "json.h"

/* Bounds of one row (doc/limits.md). */
#define KGI_CSV_MAX_FIELDS 4096
#define KGI_CSV_MAX_ROW ((size_t)16 << 20)

typedef struct csvrow {
	char *buf;           /* every field's bytes, each NUL-terminated */
	size_t len, cap;
	size_t *off;         /* field i starts at buf + off[i] */
	uint32_t *line, *col;
	size_t n, capf;
	uint32_t at_line;    /* the row's first line */
} csvrow;

typedef struct csvin {
	kgi_ctx *c;
	FILE *f;
	int ch;
	uint32_t line, col;
	unsigned char pend[3];
	int npend, ipend;
} csvin;

static const char *in_name(const csvin *r)
{
	return r->c->o->inputs[r->c->in];
}

static void adv(csvin *r)
{
	if (r->ch == '\n') {
		r->line++;
		r->col = 1;
	} else if (r->ch != EOF) {
		r->col++;
	}
	r->ch = r->ipend < r->npend ? r->pend[r->ipend++] : getc_unlocked(r->f);
}

static int put(csvrow *w, char b)
{
	if (w->len + 1 >= w->cap) {
		size_t cap = w->cap ? 2 * w->cap : 1024;
		char *nb = realloc(w->buf, cap);
		if (!nb)
			return -1;
		w->buf = nb;
		w->cap = cap;
	}
	w->buf[w->len++] = b;
	return 0;
}

static int new_field(csvrow *w, uint32_t line, uint32_t col)
{
	if (w->n == w->capf) {
		size_t cap = w->capf ? 2 * w->capf : 16;
		size_t *o = realloc(w->off, cap * sizeof *o);
		if (o)
			w->off = o;
		uint32_t *l = o ? realloc(w->line, cap * sizeof *l) : NULL;
		if (l)
			w->line = l;
		uint32_t *c = l ? realloc(w->col, cap * sizeof *c) : NULL;
		if (!c)
			return -1;
		w->col = c;
		w->capf = cap;
	}
	w->off[w->n] = w->len;
	w->line[w->n] = line;
	w->col[w->n++] = col;
	return 0;
}

static int fail(csvin *r, uint32_t line, uint32_t col, const char *msg)
{
	kg_diags_add(r->c->d, KG_ERROR, in_name(r), line, col, "%s", msg);
	return -1;
}

/* Reads the next row: 1, 0 at the end, -1 on an error (reported; the rest
 * of the file is not read: after a broken quote no row can be trusted). */
static int next_row(csvin *r, csvrow *w)
{
	w->len = w->n = 0;
	w->at_line = r->line;
	if (r->ch == EOF)
		return 0;
	const size_t max = r->c->o->limits.max_scalar_bytes;
	for (;;) {
		uint32_t fl = r->line, fc = r->col;
		if (w->n >= KGI_CSV_MAX_FIELDS)
			return fail(r, fl, fc, "more than 4096 fields in a row (doc/limits.md)");
		if (new_field(w, fl, fc) < 0)
			return fail(r, fl, fc, "out of memory");
		size_t start = w->len;
		bool quoted = r->ch == '"';
		if (quoted)
			adv(r);
		for (;;) {
			int ch = r->ch;
			if (ch == '\0')
				return fail(r, r->line, r->col, "a NUL byte");
			if (w->len - start > max)
				return fail(r, fl, fc, "a field longer than the scalar limit (--max-scalar)");
			if (w->len > KGI_CSV_MAX_ROW)
				return fail(r, w->at_line, 1, "a row longer than 16 MiB (doc/limits.md)");
			if (quoted) {
				if (ch == EOF)
					return fail(r, fl, fc, "a quoted field without its closing quote");
				adv(r);
				if (ch == '"') {
					if (r->ch != '"')
						break;
					adv(r);
				}
			} else {
				if (ch == EOF || ch == ',' || ch == '\n')
					break;
				if (ch == '"')
					return fail(r, r->line, r->col,
						    "a quote inside a field that does not start with one "
						    "(quote the field and double the quote)");
				adv(r);
				if (ch == '\r' && r->ch == '\n')
					break;
			}
			if (put(w, (char)ch) < 0)
				return fail(r, fl, fc, "out of memory");
		}
		if (quoted && r->ch == '\r') {
			adv(r);
			if (r->ch != '\n')
				return fail(r, r->line, r->col - 1, "a quoted field must end at a comma or a line end");
		}
		if (quoted && r->ch != ',' && r->ch != '\n' && r->ch != EOF)
			return fail(r, r->line, r->col, "a quoted field must end at a comma or a line end");
		if (put(w, '\0') < 0)
			return fail(r, fl, fc, "out of memory");
		const char *s = w->buf + start;
		for (size_t i = 0, n = w->len - 1 - start; i < n;) {
			size_t k = (unsigned char)s[i] < 0x80 ? 1 : kg_utf8_len((const unsigned char *)s + i, n - i);
			if (!k)
				return fail(r, fl, fc, "a field that is not valid UTF-8");
			i += k;
		}
		int end = r->ch;
		adv(r);
		if (end != ',')
			return 1;
	}
}

static const char *cell(const csvrow *w, size_t i)
{
	return w->buf + w->off[i];
}

/* Writes "  KEY: " and the items of text between separators (spaces
 * around them trimmed), as a YAML flow sequence. */
static void list(kgi_sink *s, const char *t, char sep, const kgsc_attr *item)
{
	kgi_raw(s, "[");
	for (const char *p = t, *end;; p = end + 1) {
		end = strchr(p, sep);
		if (!end)
			end = p + strlen(p);
		const char *a = p, *b = end;
		while (a < b && *a == ' ')
			a++;
		while (b > a && b[-1] == ' ')
			b--;
		if (p != t)
			kgi_raw(s, ", ");
		kgi_scalar(s, a, (size_t)(b - a), kgi_plain_type(item));
		if (!*end)
			break;
	}
	kgi_raw(s, "]");
}

/* The table of an input: the mapping's, else one read from the header. */
static int header(csvin *r, const csvrow *w, kgi_table *t, const struct kgi_map *m, bool *owned)
{
	kgi_ctx *c = r->c;
	*owned = false;
	const char *name = strrchr(in_name(r), '/');
	name = name ? name + 1 : in_name(r);
	for (size_t i = 0; i < w->n; i++)
		for (size_t j = 0; j < i; j++)
			if (strcmp(cell(w, i), cell(w, j)) == 0) {
				kg_diags_add(c->d, KG_ERROR, in_name(r), w->line[i], w->col[i],
					     "column '%s' is named twice in the header", cell(w, i));
				return -1;
			}
	const kgi_table *mt = NULL;
	for (size_t i = 0; m && i < m->n; i++)
		if (strcmp(m->t[i].file, name) == 0)
			mt = &m->t[i];
	if (m && !mt) {
		kg_diags_add(c->d, KG_ERROR, m->path, 0, 0, "no table for the input '%s'", name);
		return -1;
	}
	if (mt) {
		*t = *mt; /* borrowed: the mapping owns the strings */
	} else {
		memset(t, 0, sizeof *t);
		*owned = true;
		t->anames = calloc(w->n + 1, sizeof *t->anames);
		t->attrs = calloc(w->n + 1, sizeof *t->attrs);
		if (!t->anames || !t->attrs)
			return fail(r, 1, 1, "out of memory");
		for (size_t i = 0; i < w->n; i++) {
			int f = 0;
			while (f < KGI_NFIELDS && strcmp(kgi_field_names[f], cell(w, i)) != 0)
				f++;
			kgi_field *x = f < KGI_NFIELDS ? &t->f[f] : &t->attrs[t->nattrs];
			if (f == KGI_NFIELDS)
				t->anames[t->nattrs++] = (char *)cell(w, i);
			x->column = (char *)cell(w, i);
			x->line = w->line[i];
			x->col = w->col[i];
		}
	}
	/* every column named is in the header */
	const char *where = mt ? m->path : in_name(r);
	for (size_t k = 0; k < KGI_NFIELDS + t->nattrs; k++) {
		kgi_field *x = k < KGI_NFIELDS ? &t->f[k] : &t->attrs[k - KGI_NFIELDS];
		if (!x->column)
			continue;
		size_t i = 0;
		while (i < w->n && strcmp(cell(w, i), x->column) != 0)
			i++;
		if (i == w->n) {
			kg_diags_add(c->d, KG_ERROR, where, x->line, x->col,
				     "column '%s' is not in the header of %s", x->column, in_name(r));
			return -1;
		}
		x->ix = i;
	}
	bool rel = t->f[KGI_F_FROM].column || t->f[KGI_F_FROM].value;
	static const int need_e[] = {KGI_F_ID, KGI_F_TYPE}, need_r[] = {KGI_F_FROM, KGI_F_TO, KGI_F_TYPE};
	const int *need = rel ? need_r : need_e;
	for (int k = 0; k < (rel ? 3 : 2); k++)
		if (!t->f[need[k]].column && !t->f[need[k]].value) {
			kg_diags_add(c->d, KG_ERROR, where, mt ? mt->line : 1, mt ? mt->col : 1,
				     "no '%s' column for %s", kgi_field_names[need[k]], name);
			return -1;
		}
	return 0;
}

static const char *text(const kgi_field *x, const csvrow *w)
{
	return x->value ? x->value : x->column ? cell(w, x->ix) : "";
}

static void at(kgi_sink *s, const kgi_field *x, const csvrow *w)
{
	if (x->column)
		kgi_at(s, w->line[x->ix], w->col[x->ix]);
}

/* One row as an entity or a relation. */
static void row(csvin *r, const csvrow *w, const kgi_table *t, const struct kgi_map *m)
{
	kgi_ctx *c = r->c;
	char sep = m ? m->sep : ';', hint[128], b[80];
	bool rel = t->f[KGI_F_FROM].column || t->f[KGI_F_FROM].value;
	const kgi_field *tf = &t->f[KGI_F_TYPE];
	const char *tn = text(tf, w);
	uint32_t tl = tf->column ? w->line[tf->ix] : tf->line, tc = tf->column ? w->col[tf->ix] : tf->col;
	const char *tfile = tf->column ? in_name(r) : m->path;
	uint32_t tid = rel ? kg_schema_rtype_find(c->schema, tn) : kg_schema_type_find(c->schema, tn);
	if (!*tn) {
		kg_diags_add(c->d, KG_ERROR, tfile, tl, tc, "an empty type");
		return;
	}
	if (tid == KG_NONE) {
		kg_diags_add(c->d, KG_ERROR, tfile, tl, tc, "unknown %s type %s%s",
			     rel ? "relation" : "entity", kg_quoted(tn, strlen(tn), '\'', 60, b, sizeof b),
			     kgi_type_hint(c->schema, rel, tn, hint, sizeof hint));
		return;
	}
	kgi_sink *s = rel ? &c->rels : &c->ents;
	kgi_at(s, w->at_line, 1);
	if (kgi_item(s) < 0)
		return;
	static const int order_e[] = {KGI_F_ID, KGI_F_TYPE, KGI_F_NAME, KGI_F_ALIASES, KGI_F_NOTES,
				      KGI_F_SOURCES, -1};
	static const int order_r[] = {KGI_F_FROM, KGI_F_TYPE, KGI_F_TO, KGI_F_ID, KGI_F_NOTES,
				      KGI_F_SOURCES, -1};
	for (const int *f = rel ? order_r : order_e; *f >= 0; f++) {
		const kgi_field *x = &t->f[*f];
		const char *v = text(x, w);
		if (!x->column && !x->value)
			continue;
		if (!*v && !((*f == KGI_F_ID && !rel) || *f == KGI_F_FROM || *f == KGI_F_TO))
			continue; /* an empty cell: nothing said */
		at(s, x, w);
		kgi_key(s, kgi_field_names[*f], strlen(kgi_field_names[*f]));
		if (*f == KGI_F_ALIASES || *f == KGI_F_SOURCES)
			list(s, v, sep, NULL);
		else
			kgi_str(s, v, strlen(v));
		kgi_nl(s);
	}
	for (size_t i = 0; i < t->nattrs; i++) {
		const kgi_field *x = &t->attrs[i];
		const char *v = text(x, w);
		if (!*v)
			continue;
		const kgsc_attr *def = rel ? kgsc_rel_attr(c->schema, tid, t->anames[i])
					   : kgsc_entity_attr(c->schema, tid, t->anames[i]);
		at(s, x, w);
		kgi_key(s, t->anames[i], strlen(t->anames[i]));
		if (def && def->type == KG_AT_LIST)
			list(s, v, sep, def->of);
		else
			kgi_scalar(s, v, strlen(v), kgi_plain_type(def));
		kgi_nl(s);
	}
}

int kgi_read_csv(kgi_ctx *c, FILE *in, const struct kgi_map *m)
{
	csvin r = {.c = c, .f = in, .line = 1, .col = 1};
	csvrow hdr = {0}, w = {0};
	size_t errs = kg_diags_errors(c->d);
	/* a UTF-8 byte order mark is skipped */
	r.npend = (int)fread(r.pend, 1, 3, in);
	if (r.npend == 3 && memcmp(r.pend, "\xef\xbb\xbf", 3) == 0)
		r.ipend = 3;
	r.ch = r.ipend < r.npend ? r.pend[r.ipend++] : getc_unlocked(in);
	kgi_table t;
	bool owned = false;
	int got = next_row(&r, &hdr);
	if (got == 0)
		fail(&r, 1, 1, "an empty file: a CSV table starts with its header");
	if (got > 0 && header(&r, &hdr, &t, m, &owned) == 0) {
		while ((got = next_row(&r, &w)) > 0) {
			if (w.n == 1 && !w.buf[0])
				continue; /* a blank line */
			if (w.n != hdr.n) {
				kg_diags_add(c->d, KG_ERROR, in_name(&r), w.at_line, 1,
					     "%zu fields in this row; the header has %zu", w.n, hdr.n);
				continue;
			}
			row(&r, &w, &t, m);
		}
	}
	if (owned) {
		free(t.anames);
		free(t.attrs);
	}
	free(hdr.buf), free(hdr.off), free(hdr.line), free(hdr.col);
	free(w.buf), free(w.off), free(w.line), free(w.col);
	return kg_diags_errors(c->d) > errs ? -1 : 0;
}
