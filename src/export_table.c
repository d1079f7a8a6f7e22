/* export_table.c — a graph as two plain CSV tables for spreadsheets
 * (entities.csv, relations.csv): a column per attribute name, values as
 * text, and no cell a spreadsheet would run as a formula: one that
 * starts with = + - @, a tab or CR gets a leading apostrophe. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "schema_model.h"

typedef struct tab {
	kgx_job *j;
	kgx_out *o;
	const kg_graph *g;
	size_t nattr;
	const char **cols;       /* attribute names of the columns */
	size_t ncols;
	uint32_t *col_of;        /* by attribute number: its column */
	uint32_t *canon;         /* kgx_attr_canon */
	uint8_t *seen, pass;     /* names given a column in this pass */
	const kg_value **slot;   /* by column: this row's value */
	uint64_t rows;
} tab;

static bool formula_start(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

/* The first character a value's text starts with. */
static char first_char(const kg_value *v)
{
	switch (v->kind) {
	case KG_V_STRING: case KG_V_DATE: return v->u.s[0];
	case KG_V_INT: return v->u.i < 0 ? '-' : '0';
	case KG_V_NUMBER: return v->u.d < 0 ? '-' : '0';
	case KG_V_QUANTITY: {
		kg_quantity q;
		kg_value_quantity(v, &q);
		/* as kgx_put_quantity_text starts it */
		if (q.has & KG_Q_VALUE)
			return q.value < 0 ? '-' : '0';
		if (q.has & KG_Q_APPROX)
			return '~';
		if ((q.has & KG_Q_MIN) && (q.has & KG_Q_MAX))
			return q.min < 0 ? '-' : '0';
		return q.has & KG_Q_MIN ? '>' : q.has & KG_Q_MAX ? '<' : '0';
	}
	case KG_V_LIST: return v->n ? first_char(&v->u.items[0]) : '0';
	default: return '0';
	}
}

static void text_cell(kgx_out *o, const char *s)
{
	kgx_putc(o, '"');
	if (formula_start(s[0]))
		kgx_putc(o, '\'');
	kgx_escape(o, KGX_CSV);
	kgx_puts(o, s);
	kgx_escape(o, KGX_RAW);
	kgx_putc(o, '"');
}

static void item_text(kgx_out *o, const kg_value *v)
{
	char b[48];
	switch (v->kind) {
	case KG_V_STRING: case KG_V_DATE: kgx_puts(o, v->u.s); break;
	case KG_V_INT:
		snprintf(b, sizeof b, "%lld", (long long)v->u.i);
		kgx_puts(o, b);
		break;
	case KG_V_NUMBER: kgx_puts(o, kgx_number(v->u.d, b)); break;
	case KG_V_BOOL: kgx_puts(o, v->u.b ? "true" : "false"); break;
	case KG_V_QUANTITY: kgx_put_quantity_text(o, v); break;
	case KG_V_LIST:
		for (uint32_t k = 0; k < v->n; k++) {
			if (k)
				kgx_puts(o, "; ");
			item_text(o, &v->u.items[k]);
		}
		break;
	default: break;
	}
}

/* A value's cell: numbers as they are, the rest as guarded text; claims
 * give their best value (with --as-of, the one holding then: none leaves
 * the cell empty). */
static void value_cell(const kgx_job *j, kgx_out *o, const kg_value *v)
{
	v = kgx_best(j, v);
	if (!v)
		return;
	if (v->kind == KG_V_INT || v->kind == KG_V_NUMBER || v->kind == KG_V_BOOL) {
		item_text(o, v);
		return;
	}
	kgx_putc(o, '"');
	if (formula_start(first_char(v)))
		kgx_putc(o, '\'');
	kgx_escape(o, KGX_CSV);
	item_text(o, v);
	kgx_escape(o, KGX_RAW);
	kgx_putc(o, '"');
}

static void ids_cell(tab *t, const kg_eid *ids, size_t n)
{
	kgx_putc(t->o, ',');
	for (size_t k = 0; k < n; k++) {
		if (k)
			kgx_puts(t->o, "; ");
		kgx_puts(t->o, kg_entity_id(t->g, ids[k]));
	}
}

static void header(tab *t, const char *fixed)
{
	kgx_puts(t->o, fixed);
	for (size_t c = 0; c < t->ncols; c++) {
		kgx_putc(t->o, ',');
		kgx_put_csv(t->o, t->cols[c], strlen(t->cols[c]), false);
	}
	kgx_putc(t->o, '\n');
}

static void attr_cells(tab *t, const kg_attr *as, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (as[k].value.name < t->nattr)
			t->slot[t->col_of[as[k].value.name]] = &as[k].value;
	for (size_t c = 0; c < t->ncols; c++) {
		kgx_putc(t->o, ',');
		if (t->slot[c])
			value_cell(t->j, t->o, t->slot[c]);
		t->slot[c] = NULL;
	}
}

/* The columns: every attribute name the schema declares for entities (or
 * for relations), in the schema's order, each once. */
static void columns(tab *t, const kg_schema *sc, bool rel)
{
	t->ncols = 0;
	size_t n = rel ? kg_schema_rtype_count(sc) : kg_schema_type_count(sc);
	for (size_t i = 0; i < n; i++) {
		const kgsc_attr *as;
		size_t na;
		if (rel) {
			as = kgsc_get_rtype(sc, (kg_rtid)i)->attrs;
			na = kgsc_get_rtype(sc, (kg_rtid)i)->nattrs;
		} else {
			as = kgsc_get_etype(sc, (kg_tid)i)->own;
			na = kgsc_get_etype(sc, (kg_tid)i)->nown;
		}
		for (size_t k = 0; k < na; k++) {
			uint32_t ix = as[k].ix, first = ix < t->nattr ? t->canon[ix] : 0;
			if (!first)
				continue;
			if (t->seen[first] != t->pass) { /* the first declaration of this name */
				t->seen[first] = t->pass;
				t->col_of[first] = (uint32_t)t->ncols;
				t->cols[t->ncols++] = as[k].name;
			}
			t->col_of[ix] = t->col_of[first];
		}
	}
}

int kgx_write_csv(kgx_job *j)
{
	const kg_graph *g = j->g;
	const kg_schema *sc = kg_graph_schema(g);
	tab t = {.j = j, .g = g, .nattr = kgsc_attr_count(sc) + 1};
	t.cols = calloc(t.nattr, sizeof *t.cols);
	t.slot = calloc(t.nattr, sizeof *t.slot);
	t.col_of = calloc(t.nattr, sizeof *t.col_of);
	t.canon = kgx_attr_canon(sc);
	t.seen = calloc(t.nattr, 1);
	if (!t.cols || !t.slot || !t.col_of || !t.canon || !t.seen) {
		free(t.cols);
		free(t.slot);
		free(t.col_of);
		free(t.canon);
		free(t.seen);
		kg_diags_add(j->d, KG_ERROR, NULL, 0, 0, "out of memory");
		return -1;
	}
	size_t n;
	t.pass = 1;
	columns(&t, sc, false);
	if ((t.o = kgx_open(j->sink, "entities.csv"))) {
		header(&t, "id,type,name,aliases,notes,sources");
		for (kg_eid e = 0; e < kg_graph_entity_count(g) && kgx_ok(t.o); e++) {
			if (!kgx_has_entity(j, e))
				continue;
			kgx_puts(t.o, kg_entity_id(g, e));
			kgx_putc(t.o, ',');
			kgx_puts(t.o, kg_schema_type_name(sc, kg_entity_type(g, e)));
			kgx_putc(t.o, ',');
			text_cell(t.o, kg_entity_name(g, e));
			kgx_putc(t.o, ',');
			const char *const *al = kg_entity_aliases(g, e, &n);
			if (n) {
				kgx_putc(t.o, '"');
				if (formula_start(al[0][0]))
					kgx_putc(t.o, '\'');
				kgx_escape(t.o, KGX_CSV);
				for (size_t k = 0; k < n; k++) {
					if (k)
						kgx_puts(t.o, "; ");
					kgx_puts(t.o, al[k]);
				}
				kgx_escape(t.o, KGX_RAW);
				kgx_putc(t.o, '"');
			}
			kgx_putc(t.o, ',');
			if (kg_entity_notes(g, e))
				text_cell(t.o, kg_entity_notes(g, e));
			const kg_eid *src = kg_entity_sources(g, e, &n);
			ids_cell(&t, src, n);
			const kg_attr *as = kg_entity_attrs(g, e, &n);
			attr_cells(&t, as, n);
			kgx_putc(t.o, '\n');
			t.rows++;
		}
	}
	t.pass = 2;
	columns(&t, sc, true);
	if ((t.o = kgx_open(j->sink, "relations.csv"))) {
		header(&t, "id,type,from,to,notes,sources");
		for (kg_rid r = 0; r < kg_graph_relation_count(g) && kgx_ok(t.o); r++) {
			if (!kgx_has_rel(j, r))
				continue;
			if (kg_rel_id(g, r))
				kgx_puts(t.o, kg_rel_id(g, r));
			kgx_putc(t.o, ',');
			kgx_puts(t.o, kg_schema_rtype_name(sc, kg_rel_type(g, r)));
			kgx_putc(t.o, ',');
			kgx_puts(t.o, kg_entity_id(g, kg_rel_from(g, r)));
			kgx_putc(t.o, ',');
			kgx_puts(t.o, kg_entity_id(g, kg_rel_to(g, r)));
			kgx_putc(t.o, ',');
			if (kg_rel_notes(g, r))
				text_cell(t.o, kg_rel_notes(g, r));
			const kg_eid *src = kg_rel_sources(g, r, &n);
			ids_cell(&t, src, n);
			const kg_attr *as = kg_rel_attrs(g, r, &n);
			attr_cells(&t, as, n);
			kgx_putc(t.o, '\n');
			t.rows++;
		}
	}
	free(t.cols);
	free(t.slot);
	free(t.col_of);
	free(t.canon);
	free(t.seen);
	j->count = t.rows;
	j->count_what = "rows";
	return 0;
}
