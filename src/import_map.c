/* import_map.c — the mapping file of a CSV import (doc/import.md): which
 * column of each table gives an entity's or relation's id, type, name,
 * aliases, notes, sources, ends and attributes, read from YAML. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_int.h"
#include "spell.h"
#include "yaml_tree.h"

const char *const kgi_field_names[KGI_NFIELDS] = {"id", "type", "name", "aliases", "notes",
						  "sources", "from", "to"};

typedef struct mapread {
	struct kgi_map *m;
	kg_diags *d;
	const char *file;
	bool bad;
} mapread;

static void merr(mapread *r, const kgy_node *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void merr(mapread *r, const kgy_node *n, const char *fmt, ...)
{
	char b[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(b, sizeof b, fmt, ap);
	va_end(ap);
	kg_diags_add(r->d, KG_ERROR, r->file, n ? n->line : 0, n ? n->col : 0, "%s", b);
	r->bad = true;
}

static char *dup(mapread *r, const kgy_node *n)
{
	char *s = strdup(n->u.scalar.s);
	if (!s)
		merr(r, n, "%s", "out of memory");
	return s;
}

/* A column name, or {value: TEXT}. */
static void field(mapread *r, kgi_field *f, const kgy_node *v)
{
	f->line = v->line;
	f->col = v->col;
	if (v->kind == KGY_SCALAR && !kgy_is_null(v)) {
		f->column = dup(r, v);
		return;
	}
	const kgy_node *c = kgy_map_get(v, "value");
	if (v->kind == KGY_MAP && v->u.map.n == 1 && c && c->kind == KGY_SCALAR) {
		f->value = dup(r, c);
		return;
	}
	merr(r, v, "%s", "expected a column name or {value: TEXT}");
}

static void table(mapread *r, kgi_table *t, const kgy_pair *p)
{
	const kgy_node *v = p->value;
	t->line = p->line;
	t->col = p->col;
	if (!(t->file = dup(r, p->key)))
		return;
	if (v->kind != KGY_MAP) {
		merr(r, v, "%s", "a table's mapping must be a mapping of fields to columns");
		return;
	}
	for (size_t i = 0; i < v->u.map.n; i++) {
		const kgy_pair *q = &v->u.map.pairs[i];
		const char *k = q->key->u.scalar.s;
		kgy_node key = kgy_key_at(q);
		int f = 0;
		while (f < KGI_NFIELDS && strcmp(kgi_field_names[f], k) != 0)
			f++;
		if (f < KGI_NFIELDS) {
			field(r, &t->f[f], q->value);
			continue;
		}
		if (strcmp(k, "attributes") != 0) {
			char msg[200];
			kgsp_near n;
			kgsp_near_init(&n, k);
			for (int j = 0; j < KGI_NFIELDS; j++)
				kgsp_near_try(&n, kgi_field_names[j]);
			kgsp_near_try(&n, "attributes");
			snprintf(msg, sizeof msg, "unknown key '%.60s'%s%s%s", k,
				 n.word ? " (did you mean '" : "", n.word ? n.word : "", n.word ? "'?)" : "");
			merr(r, &key, "%s", msg);
			continue;
		}
		const kgy_node *a = q->value;
		if (a->kind != KGY_MAP) {
			merr(r, a, "%s", "'attributes' must map attribute names to columns");
			continue;
		}
		t->attrs_given = true;
		t->anames = calloc(a->u.map.n + 1, sizeof *t->anames);
		t->attrs = calloc(a->u.map.n + 1, sizeof *t->attrs);
		if (!t->anames || !t->attrs) {
			merr(r, a, "%s", "out of memory");
			continue;
		}
		for (size_t j = 0; j < a->u.map.n; j++) {
			const kgy_pair *ap = &a->u.map.pairs[j];
			if (!(t->anames[j] = dup(r, ap->key)))
				break;
			t->nattrs = j + 1;
			field(r, &t->attrs[j], ap->value);
		}
	}
	bool from = t->f[KGI_F_FROM].column || t->f[KGI_F_FROM].value;
	bool to = t->f[KGI_F_TO].column || t->f[KGI_F_TO].value;
	if (from != to)
		merr(r, p->key, "table '%s' maps only one of from and to", t->file);
}

static int on_doc(void *ud, const char *file, size_t docno, const kgy_node *root)
{
	mapread *r = ud;
	r->file = file;
	if (docno > 0) {
		merr(r, root, "%s", "a mapping file holds one document");
		return 1;
	}
	if (!root || root->kind != KGY_MAP) {
		merr(r, root, "%s", "a mapping file is a mapping with 'tables' (doc/import.md)");
		return 1;
	}
	for (size_t i = 0; i < root->u.map.n; i++) {
		const kgy_pair *p = &root->u.map.pairs[i];
		const char *k = p->key->u.scalar.s;
		kgy_node key = kgy_key_at(p);
		if (strcmp(k, "separator") == 0) {
			const kgy_node *v = p->value;
			if (v->kind != KGY_SCALAR || v->u.scalar.len != 1)
				merr(r, v, "%s", "'separator' must be one character");
			else
				r->m->sep = v->u.scalar.s[0];
		} else if (strcmp(k, "tables") == 0) {
			const kgy_node *v = p->value;
			if (v->kind != KGY_MAP) {
				merr(r, v, "%s", "'tables' must map file names to tables");
				continue;
			}
			r->m->t = calloc(v->u.map.n + 1, sizeof *r->m->t);
			if (!r->m->t) {
				merr(r, v, "%s", "out of memory");
				continue;
			}
			for (size_t j = 0; j < v->u.map.n; j++) {
				r->m->n = j + 1;
				table(r, &r->m->t[j], &v->u.map.pairs[j]);
			}
		} else {
			merr(r, &key, "unknown key '%s' (expected separator or tables)", k);
		}
	}
	return 0;
}

struct kgi_map *kgi_map_load(const char *path, const kg_limits *lim, kg_diags *d)
{
	struct kgi_map *m = calloc(1, sizeof *m);
	mapread r = {.m = m, .d = d, .file = path};
	if (!m || !(m->path = strdup(path))) {
		kg_diags_add(d, KG_ERROR, path, 0, 0, "out of memory");
		kgi_map_free(&m);
		return NULL;
	}
	m->sep = ';';
	if (kgy_parse_file(path, lim, d, on_doc, &r) || r.bad)
		kgi_map_free(&m);
	return m;
}

static void field_free(kgi_field *f)
{
	free(f->column);
	free(f->value);
}

void kgi_map_free(struct kgi_map **mp)
{
	struct kgi_map *m = mp ? *mp : NULL;
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++) {
		kgi_table *t = &m->t[i];
		free(t->file);
		for (int f = 0; f < KGI_NFIELDS; f++)
			field_free(&t->f[f]);
		for (size_t j = 0; j < t->nattrs; j++) {
			free(t->anames[j]);
			field_free(&t->attrs[j]);
		}
		free(t->anames);
		free(t->attrs);
	}
	free(m->t);
	free(m->path);
	free(m);
	*mp = NULL;
}
