/* export_neo4j.c — a graph as bulk-import CSV for the property-graph
 * engines: Neo4j (neo4j-admin database import: typed headers, a file per
 * entity type and relation type, README.md with the command) and Kùzu
 * (a node table per entity type, a relationship table per relation type
 * with a FROM/TO pair per endpoint types met, load.cypher with the DDL and
 * COPY FROM). The columns are the schema's; doc/export.md lists them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "schema_model.h"

enum { NEO, KUZU };

typedef struct tw {
	kgx_job *j;
	const kg_graph *g;
	const kg_schema *sc;
	int dialect;
	uint64_t rows;
	uint64_t split;      /* Neo4j: array items holding the delimiter ';' */
	bool newline;        /* Kùzu: a string of this file holds a newline */
	FILE *ddl, *copy;    /* README.md (Neo4j) or load.cypher (Kùzu), in memory */
	char *ddlbuf, *copybuf;
	size_t ddllen, copylen;
	bool *claims;        /* by attribute number: some record of this type has claims */
	size_t nattr;
} tw;

/* ---------------------------------------------------------------- */
/* Cells                                                             */
/* ---------------------------------------------------------------- */

static void str_cell(tw *w, kgx_out *o, const char *s)
{
	if (w->dialect == KUZU && strchr(s, '\n'))
		w->newline = true;
	kgx_put_csv(o, s, strlen(s), true);
}

static void date_text(tw *w, kgx_out *o, const char *d)
{
	kgx_puts(o, d);
	if (w->dialect == KUZU) { /* DATE needs a day: 2019 -> 2019-01-01 */
		size_t dashes = 0;
		for (const char *p = d + (d[0] == '-'); *p; p++)
			dashes += *p == '-';
		kgx_puts(o, dashes == 0 ? "-01-01" : dashes == 1 ? "-01" : "");
	}
}

static void num_text(kgx_out *o, double d, bool isint)
{
	char b[48];
	if (isint && d >= -9.2e18 && d <= 9.2e18)
		snprintf(b, sizeof b, "%lld", (long long)d);
	else
		kgx_number(d, b);
	kgx_puts(o, b);
}

/* One scalar value as text inside a cell (not quoted). */
static void scalar_text(tw *w, kgx_out *o, const kg_value *v)
{
	char b[32];
	switch (v->kind) {
	case KG_V_STRING: kgx_puts(o, v->u.s); break;
	case KG_V_INT:
		snprintf(b, sizeof b, "%lld", (long long)v->u.i);
		kgx_puts(o, b);
		break;
	case KG_V_NUMBER: kgx_puts(o, kgx_number(v->u.d, b)); break;
	case KG_V_BOOL: kgx_puts(o, v->u.b ? "true" : "false"); break;
	case KG_V_DATE: date_text(w, o, v->u.s); break;
	case KG_V_QUANTITY: kgx_put_quantity_text(o, v); break;
	default: break;
	}
}

/* A whole value as JSON text in a quoted cell. */
static void json_cell(tw *w, kgx_out *o, const kg_value *v)
{
	kgx_putc(o, '"');
	kgx_escape(o, KGX_CSV);
	kgx_put_json_value(o, w->g, v);
	kgx_escape(o, KGX_RAW);
	kgx_putc(o, '"');
}

/* A list of ids as an array cell: Neo4j a;b, Kùzu [a,b]. */
static void ids_cell(tw *w, kgx_out *o, const kg_eid *ids, size_t n)
{
	if (!n)
		return;
	kgx_puts(o, w->dialect == KUZU ? "\"[" : "\"");
	for (size_t k = 0; k < n; k++) {
		if (k)
			kgx_putc(o, w->dialect == KUZU ? ',' : ';');
		kgx_puts(o, kg_entity_id(w->g, ids[k]));
	}
	kgx_puts(o, w->dialect == KUZU ? "]\"" : "\"");
}

/* Free-text items as an array cell: Neo4j joins them with ';' (an item
 * holding one is counted: neo4j-admin splits it), Kùzu takes JSON text. */
static void texts_cell(tw *w, kgx_out *o, const char *const *items, size_t n)
{
	if (!n)
		return;
	kgx_putc(o, '"');
	kgx_escape(o, KGX_CSV);
	if (w->dialect == KUZU)
		kgx_putc(o, '[');
	for (size_t k = 0; k < n; k++) {
		if (k)
			kgx_putc(o, w->dialect == KUZU ? ',' : ';');
		if (w->dialect == KUZU) {
			kgx_put_json_string(o, items[k], strlen(items[k]));
		} else {
			kgx_puts(o, items[k]);
			w->split += strchr(items[k], ';') != NULL;
		}
	}
	if (w->dialect == KUZU)
		kgx_putc(o, ']');
	kgx_escape(o, KGX_RAW);
	kgx_putc(o, '"');
}

/* ---------------------------------------------------------------- */
/* Columns of an attribute                                           */
/* ---------------------------------------------------------------- */

enum { HEAD, DDL };

static const char *neo_type(kg_atype t)
{
	switch (t) {
	case KG_AT_INT: return ":long";
	case KG_AT_NUMBER: case KG_AT_QUANTITY: return ":double";
	case KG_AT_BOOL: return ":boolean";
	case KG_AT_DATE: return ":date";
	default: return "";
	}
}

static const char *kuzu_type(kg_atype t)
{
	switch (t) {
	case KG_AT_INT: return "INT64";
	case KG_AT_NUMBER: case KG_AT_QUANTITY: return "DOUBLE";
	case KG_AT_BOOL: return "BOOLEAN";
	case KG_AT_DATE: return "DATE";
	default: return "STRING";
	}
}

/* One column: in a CSV header, or a DDL column. */
static void column(tw *w, kgx_out *o, int mode, const char *name, const char *suffix, kg_atype t, bool list)
{
	if (mode == DDL) {
		fprintf(w->ddl, ", `%s%s` %s", name, suffix, list ? "STRING" : kuzu_type(t));
		return;
	}
	kgx_putc(o, ',');
	kgx_puts(o, name);
	kgx_puts(o, suffix);
	if (w->dialect == NEO) {
		kgx_puts(o, neo_type(t));
		if (list)
			kgx_puts(o, *neo_type(t) ? "[]" : ":string[]");
	}
}

static void attr_columns(tw *w, kgx_out *o, int mode, const kgsc_attr *a)
{
	if (a->type == KG_AT_QUANTITY) {
		column(w, o, mode, a->name, "", KG_AT_NUMBER, false);
		column(w, o, mode, a->name, "_approx", KG_AT_NUMBER, false);
		column(w, o, mode, a->name, "_min", KG_AT_NUMBER, false);
		column(w, o, mode, a->name, "_max", KG_AT_NUMBER, false);
		column(w, o, mode, a->name, "_unit", KG_AT_STRING, false);
		column(w, o, mode, a->name, "_note", KG_AT_STRING, false);
	} else if (a->type == KG_AT_LIST) {
		kg_atype of = a->of ? a->of->type : KG_AT_STRING;
		if (of == KG_AT_QUANTITY)
			of = KG_AT_STRING;
		if (w->dialect == KUZU && of == KG_AT_REF) {
			if (mode == DDL)
				fprintf(w->ddl, ", `%s` STRING[]", a->name);
			else
				column(w, o, mode, a->name, "", KG_AT_STRING, false);
		} else {
			column(w, o, mode, a->name, "", of, true);
		}
	} else {
		column(w, o, mode, a->name, "", a->type, false);
	}
	if (a->ix < w->nattr && w->claims[a->ix])
		column(w, o, mode, a->name, "_claims", KG_AT_STRING, false);
}

static void attr_cells(tw *w, kgx_out *o, const kgsc_attr *a, const kg_value *v)
{
	v = kgx_value(w->j, v); /* --as-of: the claims valid then */
	const kg_value *b = v ? kgx_best(w->j, v) : NULL;
	if (a->type == KG_AT_QUANTITY) {
		kg_quantity q = {0};
		if (b && b->kind == KG_V_QUANTITY)
			kg_value_quantity(b, &q);
		const double nums[4] = {q.value, q.approx, q.min, q.max};
		for (int k = 0; k < 4; k++) {
			kgx_putc(o, ',');
			if (q.has & (1 << k))
				num_text(o, nums[k], false);
		}
		kgx_putc(o, ',');
		if (q.unit)
			str_cell(w, o, q.unit);
		kgx_putc(o, ',');
		if (q.note)
			str_cell(w, o, q.note);
	} else if (a->type == KG_AT_LIST) {
		kgx_putc(o, ',');
		if (b && b->kind == KG_V_LIST && b->n) {
			bool ref = a->of && a->of->type == KG_AT_REF;
			if (w->dialect == KUZU && !ref) {
				json_cell(w, o, b);
			} else {
				kgx_puts(o, w->dialect == KUZU ? "\"[" : "\"");
				kgx_escape(o, KGX_CSV);
				for (uint32_t k = 0; k < b->n; k++) {
					if (k)
						kgx_putc(o, w->dialect == KUZU ? ',' : ';');
					scalar_text(w, o, &b->u.items[k]);
					if (b->u.items[k].kind == KG_V_STRING && strchr(b->u.items[k].u.s, ';'))
						w->split++;
				}
				kgx_escape(o, KGX_RAW);
				kgx_puts(o, w->dialect == KUZU ? "]\"" : "\"");
			}
		}
	} else {
		kgx_putc(o, ',');
		if (b && b->kind == KG_V_STRING)
			str_cell(w, o, b->u.s);
		else if (b)
			scalar_text(w, o, b);
	}
	if (a->ix < w->nattr && w->claims[a->ix]) {
		kgx_putc(o, ',');
		if (v && v->kind == KG_V_CLAIMS)
			json_cell(w, o, v);
	}
}

/* Marks in w->claims the attributes that carry claims in some record. */
static void note_claims(tw *w, const kg_attr *a, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (a[k].value.kind == KG_V_CLAIMS && a[k].value.name < w->nattr)
			w->claims[a[k].value.name] = true;
}

/* The value of attribute def a among a record's attributes, or NULL. */
static const kg_value *find_attr(const kg_attr *as, size_t n, const kgsc_attr *a)
{
	for (size_t k = 0; k < n; k++)
		if (as[k].value.name == a->ix)
			return &as[k].value;
	return NULL;
}

/* ---------------------------------------------------------------- */
/* Node files                                                        */
/* ---------------------------------------------------------------- */

static void node_file(tw *w, kg_tid t, const kg_eid *es, size_t ne)
{
	const kg_graph *g = w->g;
	const kgsc_etype *et = kgsc_get_etype(w->sc, t);
	memset(w->claims, 0, w->nattr);
	size_t na, n;
	for (size_t i = 0; i < ne; i++)
		if (kg_entity_type(g, es[i]) == t) {
			const kg_attr *as = kg_entity_attrs(g, es[i], &na);
			note_claims(w, as, na);
		}
	char name[300];
	snprintf(name, sizeof name, "nodes_%s.csv", et->name);
	kgx_out *o = kgx_open(w->j->sink, name);
	if (!o)
		return;
	w->newline = false;
	if (w->dialect == NEO) {
		kgx_puts(o, "id:ID,:LABEL,name,aliases:string[],notes,sources:string[]");
		fprintf(w->ddl, " \\\n  --nodes=%s", name);
	} else {
		kgx_puts(o, "id,labels,name,aliases,notes,sources");
		fprintf(w->ddl, "CREATE NODE TABLE `%s`(id STRING PRIMARY KEY, labels STRING[], name STRING, "
			"aliases STRING, notes STRING, sources STRING[]", et->name);
	}
	for (size_t k = 0; k < et->nall; k++)
		attr_columns(w, o, HEAD, et->all[k]);
	if (w->dialect == KUZU) {
		for (size_t k = 0; k < et->nall; k++)
			attr_columns(w, o, DDL, et->all[k]);
		fprintf(w->ddl, ");\n");
	}
	kgx_putc(o, '\n');
	for (size_t i = 0; i < ne && kgx_ok(o); i++) {
		kg_eid e = es[i];
		if (kg_entity_type(g, e) != t || !kgx_has_entity(w->j, e))
			continue;
		kgx_put_csv(o, kg_entity_id(g, e), strlen(kg_entity_id(g, e)), true);
		kgx_puts(o, w->dialect == KUZU ? ",\"[" : ",\"");
		for (kg_tid p = t; p != KG_NONE; p = kg_schema_type_parent(w->sc, p)) {
			if (p != t)
				kgx_putc(o, w->dialect == KUZU ? ',' : ';');
			kgx_puts(o, kg_schema_type_name(w->sc, p));
		}
		kgx_puts(o, w->dialect == KUZU ? "]\"," : "\",");
		str_cell(w, o, kg_entity_name(g, e));
		kgx_putc(o, ',');
		const char *const *al = kg_entity_aliases(g, e, &n);
		texts_cell(w, o, al, n);
		kgx_putc(o, ',');
		if (kg_entity_notes(g, e))
			str_cell(w, o, kg_entity_notes(g, e));
		kgx_putc(o, ',');
		const kg_eid *src = kg_entity_sources(g, e, &n);
		ids_cell(w, o, src, n);
		const kg_attr *as = kg_entity_attrs(g, e, &na);
		for (size_t k = 0; k < et->nall; k++)
			attr_cells(w, o, et->all[k], find_attr(as, na, et->all[k]));
		kgx_putc(o, '\n');
		w->rows++;
	}
	if (w->dialect == KUZU)
		fprintf(w->copy, "COPY `%s` FROM '%s' (header=true%s);\n", et->name, name,
			w->newline ? ", parallel=false" : "");
}

/* ---------------------------------------------------------------- */
/* Relationship files                                                */
/* ---------------------------------------------------------------- */

/* The relations rs[0..n) of type rt (all of one FROM/TO pair for Kùzu). */
static void rel_rows(tw *w, kgx_out *o, const kgsc_rtype *rd, const kg_rid *rs, const uint64_t *keys,
		     size_t n)
{
	const kg_graph *g = w->g;
	size_t na, ns;
	for (size_t i = 0; i < n && kgx_ok(o); i++) {
		kg_rid r = keys ? (kg_rid)(keys[i] & 0xffffffffu) : rs[i];
		if (!kgx_has_rel(w->j, r))
			continue;
		const char *f = kg_entity_id(g, kg_rel_from(g, r)), *t = kg_entity_id(g, kg_rel_to(g, r));
		kgx_put_csv(o, f, strlen(f), true);
		kgx_putc(o, ',');
		kgx_put_csv(o, t, strlen(t), true);
		if (w->dialect == NEO) {
			kgx_putc(o, ',');
			kgx_puts(o, rd->name);
		}
		kgx_putc(o, ',');
		if (kg_rel_id(g, r))
			str_cell(w, o, kg_rel_id(g, r));
		kgx_putc(o, ',');
		if (kg_rel_notes(g, r))
			str_cell(w, o, kg_rel_notes(g, r));
		kgx_putc(o, ',');
		const kg_eid *src = kg_rel_sources(g, r, &ns);
		ids_cell(w, o, src, ns);
		const kg_attr *as = kg_rel_attrs(g, r, &na);
		for (size_t k = 0; k < rd->nattrs; k++)
			attr_cells(w, o, &rd->attrs[k], find_attr(as, na, &rd->attrs[k]));
		kgx_putc(o, '\n');
		w->rows++;
	}
}

static void rel_header(tw *w, kgx_out *o, const kgsc_rtype *rd)
{
	kgx_puts(o, w->dialect == NEO ? ":START_ID,:END_ID,:TYPE,id,notes,sources:string[]"
				      : "from,to,id,notes,sources");
	for (size_t k = 0; k < rd->nattrs; k++)
		attr_columns(w, o, HEAD, &rd->attrs[k]);
	kgx_putc(o, '\n');
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static int rel_files(tw *w, kg_rtid rt, const kg_rid *rs, size_t n)
{
	const kg_graph *g = w->g;
	const kgsc_rtype *rd = kgsc_get_rtype(w->sc, rt);
	memset(w->claims, 0, w->nattr);
	size_t na;
	for (size_t i = 0; i < n; i++) {
		const kg_attr *as = kg_rel_attrs(g, rs[i], &na);
		note_claims(w, as, na);
	}
	char name[700];
	if (w->dialect == NEO) {
		snprintf(name, sizeof name, "rels_%s.csv", rd->name);
		kgx_out *o = kgx_open(w->j->sink, name);
		if (!o)
			return 0;
		fprintf(w->ddl, " \\\n  --relationships=%s", name);
		rel_header(w, o, rd);
		rel_rows(w, o, rd, rs, NULL, n);
		return 0;
	}
	/* Kùzu: a file per FROM/TO pair of entity types, the relations sorted
	 * by pair (8 bytes each while this type is written) */
	uint64_t *keys = malloc(n * sizeof *keys);
	if (!keys)
		return -1;
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (kgx_has_rel(w->j, rs[i]))
			keys[m++] = (uint64_t)kg_entity_type(g, kg_rel_from(g, rs[i])) << 48 |
				    (uint64_t)kg_entity_type(g, kg_rel_to(g, rs[i])) << 32 | rs[i];
	n = m;
	qsort(keys, n, sizeof *keys, cmp_u64);
	fprintf(w->ddl, "CREATE REL TABLE `%s`(", rd->name);
	for (size_t i = 0; i < n; i++)
		if (i == 0 || keys[i] >> 32 != keys[i - 1] >> 32)
			fprintf(w->ddl, "%sFROM `%s` TO `%s`", i ? ", " : "",
				kg_schema_type_name(w->sc, (kg_tid)(keys[i] >> 48)),
				kg_schema_type_name(w->sc, (kg_tid)(keys[i] >> 32 & 0xffff)));
	fprintf(w->ddl, ", id STRING, notes STRING, sources STRING[]");
	for (size_t k = 0; k < rd->nattrs; k++)
		attr_columns(w, NULL, DDL, &rd->attrs[k]);
	fprintf(w->ddl, ");\n");
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && keys[j] >> 32 == keys[i] >> 32; j++)
			;
		const char *ft = kg_schema_type_name(w->sc, (kg_tid)(keys[i] >> 48));
		const char *tt = kg_schema_type_name(w->sc, (kg_tid)(keys[i] >> 32 & 0xffff));
		snprintf(name, sizeof name, "rels_%s_%s_%s.csv", rd->name, ft, tt);
		kgx_out *o = kgx_open(w->j->sink, name);
		if (!o)
			break;
		w->newline = false;
		rel_header(w, o, rd);
		rel_rows(w, o, rd, NULL, keys + i, j - i);
		fprintf(w->copy, "COPY `%s` FROM '%s' (from='%s', to='%s', header=true%s);\n", rd->name, name,
			ft, tt, w->newline ? ", parallel=false" : "");
	}
	free(keys);
	return 0;
}

/* ---------------------------------------------------------------- */
/* The export                                                        */
/* ---------------------------------------------------------------- */

static const char neo_readme_head[] =
	"# A kg graph for Neo4j\n\n"
	"Written by `kg export -f neo4j`: a file of nodes per entity type (`:LABEL`\n"
	"holds the type and its `is_a` ancestors), a file of relationships per\n"
	"relation type. Claims of an attribute are in its `_claims` column as JSON\n"
	"text; the plain column holds the best claim's value. doc/export.md in kg's\n"
	"repository describes every column.\n\n"
	"Import into an empty database, from this folder (Neo4j 5; stop the\n"
	"database first):\n\n"
	"```sh\n"
	"neo4j-admin database import full neo4j --overwrite-destination \\\n"
	"  --array-delimiter=';' --multiline-fields=true";

static int write_tables(kgx_job *j, int dialect)
{
	tw w = {.j = j, .g = j->g, .sc = kg_graph_schema(j->g), .dialect = dialect};
	w.nattr = kgsc_attr_count(w.sc) + 1;
	w.claims = calloc(w.nattr, 1);
	w.ddl = open_memstream(&w.ddlbuf, &w.ddllen);
	w.copy = open_memstream(&w.copybuf, &w.copylen);
	int r = 0;
	if (!w.claims || !w.ddl || !w.copy) {
		r = -1;
		goto out;
	}
	if (dialect == NEO)
		fputs(neo_readme_head, w.ddl);
	for (kg_tid t = 0; t < kg_schema_type_count(w.sc); t++) {
		size_t n;
		const kg_eid *es = kg_graph_entities_of(j->g, t, &n);
		size_t own = 0;
		for (size_t i = 0; i < n && !own; i++)
			own = kg_entity_type(j->g, es[i]) == t && kgx_has_entity(j, es[i]);
		if (own)
			node_file(&w, t, es, n);
	}
	for (kg_rtid rt = 0; rt < kg_schema_rtype_count(w.sc) && r == 0; rt++) {
		size_t n;
		const kg_rid *rs = kg_graph_relations_of(j->g, rt, &n);
		size_t valid = 0; /* with --as-of, the type may have none then */
		for (size_t i = 0; i < n && !valid; i++)
			valid = kgx_has_rel(j, rs[i]);
		if (valid)
			r = rel_files(&w, rt, rs, n);
	}
	if (dialect == NEO)
		fputs("\n```\n\n"
		      "Partial dates (2019, 2019-12) are read by Neo4j as their first day.\n", w.ddl);
	if (fflush(w.ddl) || fflush(w.copy)) {
		r = -1;
		goto out;
	}
	kgx_out *o = kgx_open(j->sink, dialect == NEO ? "README.md" : "load.cypher");
	if (o) {
		if (dialect == KUZU)
			kgx_puts(o, "// Written by kg export -f kuzu: run in this folder (kuzu DB < load.cypher).\n");
		kgx_put(o, w.ddlbuf, w.ddllen);
		kgx_put(o, w.copybuf, w.copylen);
	}
	if (w.split)
		kg_diags_add(j->d, KG_WARNING, NULL, 0, 0,
			     "%llu array item%s hold ';', which neo4j-admin reads as a separator between items",
			     (unsigned long long)w.split, w.split == 1 ? "" : "s");
out:
	if (w.ddl)
		fclose(w.ddl);
	if (w.copy)
		fclose(w.copy);
	free(w.ddlbuf);
	free(w.copybuf);
	free(w.claims);
	if (r < 0)
		kg_diags_add(j->d, KG_ERROR, NULL, 0, 0, "out of memory");
	j->count = w.rows;
	j->count_what = "rows";
	return r;
}

int kgx_write_neo4j(kgx_job *j)
{
	return write_tables(j, NEO);
}

int kgx_write_kuzu(kgx_job *j)
{
	return write_tables(j, KUZU);
}
