/* export_json.c — the node-link JSON export (doc/json-format.md): a
 * document {"directed", "multigraph", "graph", "nodes", "links"} that
 * NetworkX's node_link_graph reads, with kg's whole model kept: types,
 * names, aliases, notes, sources, relation ids, attributes with every
 * claim (value, sources, rank, as_of, since, till, note) and where each
 * was written; with --as-of, the graph at that date (the entities and
 * relations valid then, of each attribute the claims valid then).
 * Streams from the store: one node or link a line, nothing held. */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "export_json.h"
#include "export.h"
#include "json.h"

static void str(FILE *f, const char *s)
{
	kg_json_string(f, s, strlen(s));
}

void kgx_json_number(FILE *f, double d)
{
	if (isnan(d)) {
		fputs("\".nan\"", f);
		return;
	}
	if (isinf(d)) {
		fputs(d > 0 ? "\".inf\"" : "\"-.inf\"", f);
		return;
	}
	char buf[40];
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, sizeof buf, "%.*g", prec, d);
		if (strtod(buf, NULL) == d)
			break;
	}
	fputs(buf, f);
}

/* A number written as an integer in YAML, as an integer again. */
static void qnum(FILE *f, double d, int isint)
{
	if (isint && d == floor(d) && fabs(d) < 9.2e18)
		fprintf(f, "%" PRId64, (int64_t)d);
	else
		kgx_json_number(f, d);
}

static void loc(FILE *f, kg_loc l, unsigned flags)
{
	if ((flags & KGX_JSON_NO_LOC) || !l.file)
		return;
	fputs(", \"loc\": ", f);
	char buf[32];
	snprintf(buf, sizeof buf, ":%" PRIu32 ":%" PRIu32, l.line, l.col);
	size_t n = strlen(l.file), m = strlen(buf);
	char small[512], *s = n + m < sizeof small ? small : malloc(n + m + 1);
	if (!s) { /* the file alone rather than nothing */
		str(f, l.file);
		return;
	}
	memcpy(s, l.file, n);
	memcpy(s + n, buf, m + 1);
	kg_json_string(f, s, n + m);
	if (s != small)
		free(s);
}

static void ids(FILE *f, const kg_graph *g, const kg_eid *e, size_t n)
{
	fputc('[', f);
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputs(", ", f);
		str(f, kg_entity_id(g, e[i]));
	}
	fputc(']', f);
}

static void value(FILE *f, const kgx_job *j, const kg_value *v, unsigned flags);

static void claims(FILE *f, const kgx_job *j, const kg_value *v, unsigned flags)
{
	const kg_graph *g = j->g;
	fputs("{\"claims\": [", f);
	const char *sep = "{\"value\": ";
	for (uint32_t i = 0; i < v->n; i++) {
		const kg_claim *c = &v->u.claims[i];
		if (!kgx_claim_in(j, c))
			continue;
		fputs(sep, f);
		sep = ", {\"value\": ";
		value(f, j, &c->value, flags);
		if (c->nsources) {
			fputs(", \"sources\": ", f);
			ids(f, g, c->sources, c->nsources);
		}
		fputs(", \"rank\": ", f);
		str(f, kg_rank_name(c->rank));
		if (c->as_of) {
			fputs(", \"as_of\": ", f);
			str(f, c->as_of);
		}
		if (c->since) {
			fputs(", \"since\": ", f);
			str(f, c->since);
		}
		if (c->till) {
			fputs(", \"till\": ", f);
			str(f, c->till);
		}
		if (c->note) {
			fputs(", \"note\": ", f);
			str(f, c->note);
		}
		loc(f, c->loc, flags);
		fputc('}', f);
	}
	fputs("]}", f);
}

static void quantity(FILE *f, const kg_value *v)
{
	kg_quantity q;
	kg_value_quantity(v, &q);
	static const char *const names[] = {"value", "approx", "min", "max"};
	const double nums[] = {q.value, q.approx, q.min, q.max};
	const char *sep = "{";
	for (int k = 0; k < 4; k++) {
		if (!(q.has & (1 << k)))
			continue;
		fprintf(f, "%s\"%s\": ", sep, names[k]);
		qnum(f, nums[k], q.isint & (1 << k));
		sep = ", ";
	}
	if (q.unit) {
		fprintf(f, "%s\"unit\": ", sep);
		str(f, q.unit);
		sep = ", ";
	}
	if (q.note) {
		fprintf(f, "%s\"note\": ", sep);
		str(f, q.note);
		sep = ", ";
	}
	fputs(*sep == '{' ? "{}" : "}", f);
}

static void value(FILE *f, const kgx_job *j, const kg_value *v, unsigned flags)
{
	switch (v->kind) {
	case KG_V_STRING:
	case KG_V_DATE: str(f, v->u.s); break;
	case KG_V_INT: fprintf(f, "%" PRId64, v->u.i); break;
	case KG_V_NUMBER: kgx_json_number(f, v->u.d); break;
	case KG_V_BOOL: fputs(v->u.b ? "true" : "false", f); break;
	case KG_V_QUANTITY: quantity(f, v); break;
	case KG_V_LIST:
		fputc('[', f);
		for (uint32_t i = 0; i < v->n; i++) {
			if (i)
				fputs(", ", f);
			value(f, j, &v->u.items[i], flags);
		}
		fputc(']', f);
		break;
	case KG_V_CLAIMS: claims(f, j, v, flags); break;
	default: fputs("null", f); break;
	}
}

/* Whether attribute value v is written: with --as-of, an attribute with
 * claims only when one of them is valid then. */
static bool attr_in(const kgx_job *j, const kg_value *v)
{
	if (v->kind != KG_V_CLAIMS)
		return true;
	for (uint32_t i = 0; i < v->n; i++)
		if (kgx_claim_in(j, &v->u.claims[i]))
			return true;
	return false;
}

static void attrs(FILE *f, const kgx_job *j, const kg_attr *a, size_t n, unsigned flags)
{
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		if (!attr_in(j, &a[i].value))
			continue;
		fputs(any ? ", " : ", \"attributes\": {", f);
		any = true;
		str(f, kg_attr_name(j->g, &a[i]));
		fputs(": ", f);
		value(f, j, &a[i].value, flags);
	}
	if (any)
		fputc('}', f);
}

/* What nodes and links end with: notes, sources, attributes, loc. */
static void rest(FILE *f, const kgx_job *j, const char *notes, const kg_eid *src, size_t ns,
		 const kg_attr *a, size_t na, kg_loc l, unsigned flags)
{
	if (notes) {
		fputs(", \"notes\": ", f);
		str(f, notes);
	}
	if (ns) {
		fputs(", \"sources\": ", f);
		ids(f, j->g, src, ns);
	}
	attrs(f, j, a, na, flags);
	loc(f, l, flags);
	fputc('}', f);
}

static void node(FILE *f, const kgx_job *j, kg_eid e, unsigned flags)
{
	const kg_graph *g = j->g;
	const kg_schema *s = kg_graph_schema(g);
	size_t n, ns;
	fputs("{\"id\": ", f);
	str(f, kg_entity_id(g, e));
	kg_tid t = kg_entity_type(g, e);
	fputs(", \"type\": ", f);
	if (t == KG_NONE)
		fputs("null", f);
	else
		str(f, kg_schema_type_name(s, t));
	fputs(", \"name\": ", f);
	str(f, kg_entity_name(g, e));
	const char *const *al = kg_entity_aliases(g, e, &n);
	if (n) {
		fputs(", \"aliases\": [", f);
		for (size_t i = 0; i < n; i++) {
			if (i)
				fputs(", ", f);
			str(f, al[i]);
		}
		fputc(']', f);
	}
	const kg_eid *src = kg_entity_sources(g, e, &ns);
	const kg_attr *a = kg_entity_attrs(g, e, &n);
	rest(f, j, kg_entity_notes(g, e), src, ns, a, n, kg_entity_loc(g, e), flags);
}

static void link(FILE *f, const kgx_job *j, kg_rid r, unsigned flags)
{
	const kg_graph *g = j->g;
	const kg_schema *s = kg_graph_schema(g);
	size_t n, ns;
	fputs("{\"source\": ", f);
	str(f, kg_entity_id(g, kg_rel_from(g, r)));
	fputs(", \"target\": ", f);
	str(f, kg_entity_id(g, kg_rel_to(g, r)));
	kg_rtid t = kg_rel_type(g, r);
	fputs(", \"type\": ", f);
	if (t == KG_NONE)
		fputs("null", f);
	else
		str(f, kg_schema_rtype_name(s, t));
	const char *id = kg_rel_id(g, r);
	if (id) {
		fputs(", \"id\": ", f);
		str(f, id);
	}
	const kg_eid *src = kg_rel_sources(g, r, &ns);
	const kg_attr *a = kg_rel_attrs(g, r, &n);
	rest(f, j, kg_rel_notes(g, r), src, ns, a, n, kg_rel_loc(g, r), flags);
}

/* The document, of the graph at j->at with --as-of; *count gets the
 * nodes and links written. */
static int write_json(const kgx_job *j, FILE *f, unsigned flags, uint64_t *count)
{
	const kg_graph *g = j->g;
	size_t ne = kg_graph_entity_count(g), nr = kg_graph_relation_count(g);
	size_t we = j->at_view ? kg_view_entity_count(j->at_view) : ne;
	size_t wr = j->at_view ? kg_view_rel_count(j->at_view) : nr;
	fputs("{\"directed\": true, \"multigraph\": true, \"graph\": {\"format\": \"kg\", "
	      "\"version\": 1, \"schema\": ", f);
	str(f, kg_schema_origin(kg_graph_schema(g)));
	if (j->at.year) {
		char d[16];
		fputs(", \"as_of\": ", f);
		str(f, kg_date_format(j->at, d, sizeof d));
	}
	fprintf(f, ", \"entities\": %zu, \"relations\": %zu},\n\"nodes\": [", we, wr);
	size_t k = 0;
	for (size_t e = 0; e < ne; e++) {
		if (!kgx_has_entity(j, (kg_eid)e))
			continue;
		fputs(k++ ? ",\n" : "\n", f);
		node(f, j, (kg_eid)e, flags);
		if (ferror(f))
			return -1;
	}
	fputs(k ? "\n],\n\"links\": [" : "],\n\"links\": [", f);
	*count = k;
	k = 0;
	for (size_t r = 0; r < nr; r++) {
		if (!kgx_has_rel(j, (kg_rid)r))
			continue;
		fputs(k++ ? ",\n" : "\n", f);
		link(f, j, (kg_rid)r, flags);
		if (ferror(f))
			return -1;
	}
	*count += k;
	fputs(k ? "\n]}\n" : "]}\n", f);
	return fflush(f) == 0 && !ferror(f) ? 0 : -1;
}

int kgx_write_json(const kg_graph *g, FILE *f, unsigned flags)
{
	kgx_job j = {.g = g};
	uint64_t n;
	return write_json(&j, f, flags, &n);
}

int kgx_write_json_job(kgx_job *j)
{
	kgx_out *o = kgx_open(j->sink, NULL);
	FILE *f = o ? kgx_stream(o) : NULL;
	if (!f)
		return -1; /* the sink keeps the problem */
	int rc = write_json(j, f, 0, &j->count);
	if (fflush(f) != 0)
		rc = -1;
	j->count_what = "nodes and links";
	return rc;
}
