/* cmd_report.c — `kg report`: how a graph's facts rest on its sources, on
 * one page (text) or as one JSON object. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "draw.h"
#include "prov.h"

static int run(int argc, char **argv);

const kgc_cmd kgc_cmd_report = {
	"report", run, "Report how a graph's facts rest on their sources.",
	"kg report -g PATH [--format text|json] [--limit N] [--as-of DATE]",
	"Counts the facts (entities, relations, and the claims of attributes that\n"
	"have several) and how each rests on the sources: the facts citing no\n"
	"source (entities of type source need none), one source, or more; for each\n"
	"source the facts that cite it and those that cite it alone (what would\n"
	"lose all support were it retracted); the sources nothing cites; and for\n"
	"each entity and relation type its records, claims, unsourced and\n"
	"single-source facts, dated facts (an as_of) and the oldest of them. A\n"
	"claim's sources are its own: the record's do not count for it.\n"
	"With --as-of DATE, the facts valid then (g:at(DATE):report()): the\n"
	"entities in existence, the relations valid and the claims valid then\n"
	"(every rank), the source entities in existence then.\n"
	"\n"
	"options:\n"
	"  -g, --graph PATH      a graph file, directory or snapshot (repeatable)\n"
	KGC_SCHEMA_HELP
	"      --format FORMAT   text (default: one page) or json (every list whole)\n"
	"      --limit N         rows of each list in text (default 20; 0: all)\n"
	KGC_AS_OF_HELP
	"  -h, --help            this help\n"
	"\nlimits against hostile input (see README, Limits):\n"
	KGC_LIMITS_HELP
	"\n"
	"Exit status: 0, 1 on bad data, 2 on wrong usage.\n"
	"\n"
	"examples:\n"
	"  kg report -g examples/dprk-trafficking\n"
	"  kg report -g graph.kgs --format json | jq '.unsourced | length'\n"
	"  kg report -g examples/dprk-trafficking --as-of 2017\n",
};

static const char *const kind_names[KGP_N_KINDS] = {"entities", "relations", "claims"};

/* ---------------------------------------------------------------- */
/* Text                                                              */
/* ---------------------------------------------------------------- */

/* "... and N more" under a list cut at the limit. */
static void more(size_t shown, size_t n)
{
	if (shown < n)
		printf("  ... and %zu more (--limit 0 lists all)\n", n - shown);
}

/* Empties b for the next row, keeping its memory (and its oom). */
static void reuse(kgd_buf *b)
{
	b->len = 0;
	if (b->p)
		b->p[0] = '\0';
}

static size_t rows(long limit, size_t n)
{
	return limit == 0 || (size_t)limit > n ? n : (size_t)limit;
}

static void text_totals(const kgp_report *r)
{
	printf("%-10s %9s %10s %11s %12s\n", "facts", "total", "no source", "one source", "two or more");
	for (int k = 0; k < KGP_N_KINDS; k++)
		printf("%-10s %9zu %10zu %11zu %12zu\n", kind_names[k], r->facts[k], r->unsourced_n[k],
		       r->single[k], r->sourced[k] - r->single[k]);
	printf("(%zu of the entities are sources; the %zu citing none need none)\n",
	       r->nsource_entities, r->sources_unsourced);
}

static void text_sources(const kg_graph *g, const kgp_report *r, long limit)
{
	size_t n = rows(limit, r->nsources), w = 6;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(kg_entity_id(g, r->sources[i].id));
		w = len > w ? len : w;
	}
	printf("\n%-*s %9s %10s %7s %12s\n", (int)w + 2, "sources", "entities", "relations", "claims",
	       "only source");
	for (size_t i = 0; i < n; i++) {
		const kgp_source *s = &r->sources[i];
		printf("  %-*s %9u %10u %7u %12u\n", (int)w, kg_entity_id(g, s->id), s->cites[0],
		       s->cites[1], s->cites[2], s->sole);
	}
	more(n, r->nsources);
	printf("\nsources cited by nothing: %zu\n", r->nuncited);
	n = rows(limit, r->nuncited);
	kgd_buf b = {0};
	for (size_t i = 0; i < n; i++) {
		reuse(&b);
		kgc_text_clean(&b, kg_entity_name(g, r->uncited[i]));
		printf("  %s (%s)\n", kg_entity_id(g, r->uncited[i]), kgd_buf_str(&b));
	}
	kgd_buf_free(&b);
	more(n, r->nuncited);
}

static bool text_unsourced(const kg_graph *g, const kgp_report *r, long limit)
{
	static const char *const kinds[] = {"entity", "relation", "claim", "claim"};
	size_t total = r->unsourced_n[0] + r->unsourced_n[1] + r->unsourced_n[2];
	printf("\nfacts without a source: %zu\n", total);
	size_t n = rows(limit, r->nunsourced);
	kgd_buf b = {0};
	for (size_t i = 0; i < n; i++) {
		const kgp_fact *f = &r->unsourced[i];
		reuse(&b);
		kgd_buf_printf(&b, "%s ", kinds[f->kind & 3]);
		kgc_fact_label(&b, g, f);
		kgd_buf_puts(&b, "  ");
		kgc_loc_text(&b, kgp_fact_loc(g, f));
		printf("  %s\n", kgd_buf_str(&b));
	}
	bool ok = !b.oom;
	kgd_buf_free(&b);
	more(n, total);
	return ok;
}

/* The table of entity types (rel false) or relation types. */
static bool text_types(const kg_graph *g, const kgp_report *r, bool rel)
{
	const kg_schema *s = kg_graph_schema(g);
	size_t nt = rel ? kg_schema_rtype_count(s) : kg_schema_type_count(s), w = 13;
	const kgp_type *ts = rel ? r->rtypes : r->etypes;
	for (size_t t = 0; t < nt; t++) {
		const char *name = rel ? kg_schema_rtype_name(s, t) : kg_schema_type_name(s, t);
		if (ts[t].count && strlen(name) > w)
			w = strlen(name);
	}
	printf("\n%-*s %6s %6s %9s %10s %5s  %s\n", (int)w, rel ? "relation type" : "entity type",
	       "count", "claims", "no source", "one source", "dated", "oldest as_of");
	kgd_buf b = {0};
	for (size_t t = 0; t < nt; t++) {
		const kgp_type *x = &ts[t];
		if (!x->count)
			continue;
		printf("%-*s %6u %6u %9u %10u %5u  ", (int)w,
		       rel ? kg_schema_rtype_name(s, t) : kg_schema_type_name(s, t), x->count, x->claims,
		       x->unsourced, x->single, x->dated);
		if (x->oldest) {
			reuse(&b);
			kgc_fact_label(&b, g, &x->oldest_fact);
			printf("%s  %s\n", x->oldest, kgd_buf_str(&b));
		} else {
			printf("-\n");
		}
	}
	bool ok = !b.oom;
	kgd_buf_free(&b);
	return ok;
}

static bool print_text(const kg_graph *g, const kgp_report *r, long limit)
{
	text_totals(r);
	text_sources(g, r, limit);
	return text_unsourced(g, r, limit) && text_types(g, r, false) && text_types(g, r, true);
}

/* ---------------------------------------------------------------- */
/* JSON                                                              */
/* ---------------------------------------------------------------- */

static void json_counts(const char *name, const size_t *n)
{
	printf(" \"%s\": {", name);
	for (int k = 0; k < KGP_N_KINDS; k++)
		printf("%s\"%s\": %zu", k ? ", " : "", kind_names[k], n[k]);
	printf("},\n");
}

static void json_types(const kg_graph *g, const kgp_report *r, bool rel)
{
	const kg_schema *s = kg_graph_schema(g);
	size_t nt = rel ? kg_schema_rtype_count(s) : kg_schema_type_count(s);
	const kgp_type *ts = rel ? r->rtypes : r->etypes;
	const char *sep = "";
	printf(" \"%s\": {", rel ? "relation_types" : "entity_types");
	for (size_t t = 0; t < nt; t++) {
		const kgp_type *x = &ts[t];
		if (!x->count)
			continue;
		printf("%s\n  ", sep);
		kgc_json_str(stdout, rel ? kg_schema_rtype_name(s, t) : kg_schema_type_name(s, t));
		printf(": {\"count\": %u, \"claims\": %u, \"unsourced\": %u, \"single_source\": %u, "
		       "\"dated\": %u, \"oldest_as_of\": ", x->count, x->claims, x->unsourced, x->single,
		       x->dated);
		if (x->oldest) {
			kgc_json_str(stdout, x->oldest);
			printf(", \"oldest\": {");
			kgc_fact_json(stdout, g, &x->oldest_fact);
			printf("}}");
		} else {
			printf("null, \"oldest\": null}");
		}
		sep = ",";
	}
	printf("%s}", *sep ? "\n " : "");
}

static void print_json(const kg_graph *g, const kgp_report *r, const char *as_of)
{
	printf("{\n");
	if (as_of)
		printf(" \"as_of\": \"%s\",\n", as_of);
	json_counts("facts", r->facts);
	json_counts("unsourced_counts", r->unsourced_n);
	json_counts("single_source", r->single);
	json_counts("sourced", r->sourced);
	printf(" \"source_entities\": %zu, \"source_entities_unsourced\": %zu,\n \"sources\": [",
	       r->nsource_entities, r->sources_unsourced);
	for (size_t i = 0; i < r->nsources; i++) {
		const kgp_source *s = &r->sources[i];
		printf("%s\n  {\"id\": ", i ? "," : "");
		kgc_json_str(stdout, kg_entity_id(g, s->id));
		printf(", \"entities\": %u, \"relations\": %u, \"claims\": %u, \"sole\": %u}",
		       s->cites[0], s->cites[1], s->cites[2], s->sole);
	}
	printf("%s],\n \"uncited\": [", r->nsources ? "\n " : "");
	for (size_t i = 0; i < r->nuncited; i++) {
		printf("%s", i ? ", " : "");
		kgc_json_str(stdout, kg_entity_id(g, r->uncited[i]));
	}
	printf("],\n \"unsourced\": [");
	for (size_t i = 0; i < r->nunsourced; i++) {
		printf("%s\n  {", i ? "," : "");
		kgc_fact_json(stdout, g, &r->unsourced[i]);
		printf("}");
	}
	printf("%s],\n", r->nunsourced ? "\n " : "");
	json_types(g, r, false);
	printf(",\n");
	json_types(g, r, true);
	printf("}\n");
}

static int run(int argc, char **argv)
{
	kgc_prov_args o;
	int status;
	kg_graph *g = kgc_prov_graph(&kgc_cmd_report, true, argc, argv, &o, &status);
	if (!g)
		return status;
	kgp_at at = {o.at, o.view};
	kgp_report *r = kgp_report_build(g, o.json || !o.limit ? SIZE_MAX : (size_t)o.limit,
					 o.view ? &at : NULL);
	bool ok = r != NULL;
	char date[16];
	const char *as_of = o.view ? kg_date_format(o.at, date, sizeof date) : NULL;
	if (ok && o.json) {
		print_json(g, r, as_of);
	} else if (ok) {
		if (as_of)
			printf("as of %s: the facts valid then\n\n", as_of);
		ok = print_text(g, r, o.limit);
	}
	if (ok) {
		status = kgc_finish_stdout(KG_EXIT_OK);
	} else {
		fprintf(stderr, "kg report: out of memory\n");
		status = KG_EXIT_INVALID;
	}
	kgp_report_free(&r);
	kg_view_free(&o.view);
	kg_graph_free(&g);
	return status;
}
