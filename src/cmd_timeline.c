/* cmd_timeline.c — `kg timeline`: the dated events of a graph, or of one
 * entity, in date order (doc/time.md). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "draw.h"
#include "json.h"
#include "schema_model.h"

static int run(int argc, char **argv);

const kgc_cmd kgc_cmd_timeline = {
	"timeline", run, "List the dated events of a graph, or of one entity, in date order.",
	"kg timeline -g PATH [-g PATH...] [-s SCHEMA] [--format text|json] [--as-of DATE] [ID]",
	"Loads and validates the graph (problems are printed and exit 1), then lists\n"
	"every date it holds as an event, oldest first: an entity's existence\n"
	"beginning and ending (its type's `existence`), a relation's `since`\n"
	"(begins) and `till` (ends), every other date attribute (adopted,\n"
	"deadline, ...), and each claim's as_of, since and till with its value,\n"
	"rank and sources. With ID, only the events of that entity and of the\n"
	"relations from or to it. Dates of different precision sort by their first\n"
	"day, then their last (2019 before 2019-03), then as written.\n"
	"With --as-of DATE, the timeline up to and including DATE: the events\n"
	"whose date begins on or before DATE's last day (the rule g:at applies to\n"
	"as_of), so --as-of 2019 keeps 2019-12-22. It is history known by then,\n"
	"not g:at(DATE): a relation that ended before DATE still shows its end.\n"
	"\n"
	"text: one event a line, DATE SUBJECT WHAT, where SUBJECT is an entity id\n"
	"or a relation as TYPE:FROM->TO. json: an array of objects with date,\n"
	"entity or relation {type, from, to, id}, attribute, event (begins, ends,\n"
	"date, as_of, since, till) and, for claims, value, rank and sources.\n"
	"\n"
	"options:\n"
	"  -g, --graph PATH      a graph file or directory (repeatable)\n"
	KGC_SCHEMA_HELP
	"      --format FORMAT   text (default) or json\n"
	"      --as-of DATE      only the events up to and including DATE\n"
	"                        (2019, 2019-07 or 2019-07-22)\n"
	"  -h, --help            this help\n"
	"\n"
	"Exit status: 0 listed, 1 invalid data or no entity ID, 2 wrong usage.\n"
	"\n"
	"examples:\n"
	"  kg timeline -g examples/dprk-trafficking\n"
	"  kg timeline -g examples/dprk-trafficking --format json unsc-sanctions-2017\n",
};

/* One event: a date of an entity or a relation (item), from one of its
 * attributes, as a plain date or from a claim. */
typedef struct event {
	int32_t first, last; /* the date's days, for sorting */
	uint32_t seq;        /* the order found, for ties */
	int rel;             /* item is a kg_rid, else a kg_eid */
	uint32_t item;
	const char *date;    /* ISO text, the graph's */
	const char *attr;    /* the attribute's name */
	const char *kind;    /* begins, ends, date, as_of, since, till */
	const kg_claim *claim; /* or NULL */
} event;

typedef struct events {
	event *v;
	size_t n, cap;
	int oom;
} events;

static void add(events *ev, int rel, uint32_t item, const char *date, const char *attr,
		const char *kind, const kg_claim *c)
{
	if (!date)
		return;
	if (ev->n == ev->cap) {
		size_t cap = ev->cap ? ev->cap * 2 : 256;
		event *nv = realloc(ev->v, cap * sizeof *nv);
		if (!nv) {
			ev->oom = 1;
			return;
		}
		ev->v = nv;
		ev->cap = cap;
	}
	kg_date d = kg_date_of(date);
	ev->v[ev->n] = (event){kg_date_first(d), kg_date_last(d), (uint32_t)ev->n, rel, item, date,
			       attr, kind, c};
	ev->n++;
}

/* The events of one item's attributes; since_ix and till_ix number the
 * attributes whose dates begin and end it (0: none). */
static void item_events(events *ev, const kg_graph *g, int rel, uint32_t item, uint16_t since_ix,
			uint16_t till_ix)
{
	size_t n;
	const kg_attr *a = rel ? kg_rel_attrs(g, item, &n) : kg_entity_attrs(g, item, &n);
	for (size_t i = 0; i < n; i++) {
		const kg_value *v = &a[i].value;
		const char *name = kg_attr_name(g, &a[i]);
		const char *kind = v->name == since_ix ? "begins" : v->name == till_ix ? "ends" : "date";
		if (v->kind == KG_V_DATE) {
			add(ev, rel, item, v->u.s, name, kind, NULL);
			continue;
		}
		if (v->kind != KG_V_CLAIMS)
			continue;
		for (uint32_t k = 0; k < v->n; k++) {
			const kg_claim *c = &v->u.claims[k];
			if (c->value.kind == KG_V_DATE)
				add(ev, rel, item, c->value.u.s, name, kind, c);
			add(ev, rel, item, c->since, name, "since", c);
			add(ev, rel, item, c->till, name, "till", c);
			add(ev, rel, item, c->as_of, name, "as_of", c);
		}
	}
}

static int cmp_event(const void *a, const void *b)
{
	const event *x = a, *y = b;
	if (x->first != y->first)
		return x->first < y->first ? -1 : 1;
	if (x->last != y->last)
		return x->last < y->last ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void collect(events *ev, const kg_graph *g, kg_eid only)
{
	const kg_schema *s = kg_graph_schema(g);
	size_t ne = kg_graph_entity_count(g), nr = kg_graph_relation_count(g);
	for (kg_eid e = 0; e < ne; e++) {
		if (only != KG_NONE && e != only)
			continue;
		const kgsc_etype *t = kgsc_get_etype(s, kg_entity_type(g, e));
		item_events(ev, g, 0, e, t ? t->since_ix : 0, t ? t->till_ix : 0);
	}
	for (kg_rid r = 0; r < nr; r++) {
		if (only != KG_NONE && kg_rel_from(g, r) != only && kg_rel_to(g, r) != only)
			continue;
		const kgsc_rtype *t = kgsc_get_rtype(s, kg_rel_type(g, r));
		item_events(ev, g, 1, r, t ? t->since_ix : 0, t ? t->till_ix : 0);
	}
	qsort(ev->v, ev->n, sizeof *ev->v, cmp_event);
}

/* The value, rank and sources of claim c, as text. */
static void claim_text(kgd_buf *b, const kg_graph *g, const kg_claim *c)
{
	kgd_fmt_value(b, g, &c->value);
	if (c->rank != KG_RANK_NORMAL)
		kgd_buf_printf(b, " [%s]", kg_rank_name(c->rank));
	for (uint32_t i = 0; i < c->nsources; i++)
		kgd_buf_printf(b, "%s%s", i ? ", " : " (", kg_entity_id(g, c->sources[i]));
	if (c->nsources)
		kgd_buf_puts(b, ")");
}

static void print_text(const kg_graph *g, const events *ev)
{
	const kg_schema *s = kg_graph_schema(g);
	kgd_buf b = {0};
	for (size_t i = 0; i < ev->n; i++) {
		const event *x = &ev->v[i];
		b.len = 0;
		if (x->rel)
			kgd_buf_printf(&b, "%s:%s->%s", kg_schema_rtype_name(s, kg_rel_type(g, x->item)),
				       kg_entity_id(g, kg_rel_from(g, x->item)),
				       kg_entity_id(g, kg_rel_to(g, x->item)));
		else
			kgd_buf_puts(&b, kg_entity_id(g, x->item));
		kgd_buf_puts(&b, "  ");
		bool bound = strcmp(x->kind, "begins") == 0 || strcmp(x->kind, "ends") == 0;
		if (bound)
			kgd_buf_printf(&b, "%s (%s)", x->kind, x->attr);
		else if (strcmp(x->kind, "date") == 0)
			kgd_buf_puts(&b, x->attr);
		else
			kgd_buf_printf(&b, "%s: %s = ", strcmp(x->kind, "as_of") == 0 ? "as of" : x->kind,
				       x->attr);
		if (x->claim) {
			if (bound || strcmp(x->kind, "date") == 0)
				kgd_buf_puts(&b, ": ");
			claim_text(&b, g, x->claim);
		}
		printf("%-10s  %s\n", x->date, kgd_buf_str(&b));
	}
	kgd_buf_free(&b);
}

static void json_str(const char *s)
{
	kg_json_string(stdout, s, strlen(s));
}

static void print_json(const kg_graph *g, const events *ev)
{
	const kg_schema *s = kg_graph_schema(g);
	kgd_buf b = {0};
	printf("[");
	for (size_t i = 0; i < ev->n; i++) {
		const event *x = &ev->v[i];
		printf("%s\n {\"date\": ", i ? "," : "");
		json_str(x->date);
		if (x->rel) {
			printf(", \"relation\": {\"type\": ");
			json_str(kg_schema_rtype_name(s, kg_rel_type(g, x->item)));
			printf(", \"from\": ");
			json_str(kg_entity_id(g, kg_rel_from(g, x->item)));
			printf(", \"to\": ");
			json_str(kg_entity_id(g, kg_rel_to(g, x->item)));
			if (kg_rel_id(g, x->item)) {
				printf(", \"id\": ");
				json_str(kg_rel_id(g, x->item));
			}
			printf("}");
		} else {
			printf(", \"entity\": ");
			json_str(kg_entity_id(g, x->item));
		}
		printf(", \"attribute\": ");
		json_str(x->attr);
		printf(", \"event\": ");
		json_str(x->kind);
		if (x->claim) {
			b.len = 0;
			kgd_fmt_value(&b, g, &x->claim->value);
			printf(", \"value\": ");
			json_str(kgd_buf_str(&b));
			printf(", \"rank\": ");
			json_str(kg_rank_name(x->claim->rank));
			printf(", \"sources\": [");
			for (uint32_t k = 0; k < x->claim->nsources; k++) {
				printf("%s", k ? ", " : "");
				json_str(kg_entity_id(g, x->claim->sources[k]));
			}
			printf("]");
		}
		printf("}");
	}
	printf("%s]\n", ev->n ? "\n" : "");
	kgd_buf_free(&b);
}

static int run(int argc, char **argv)
{
	static const struct option longs[] = {
		{"graph", required_argument, NULL, 'g'},
		{"schema", required_argument, NULL, 's'},
		{"format", required_argument, NULL, 'f'},
		{"as-of", required_argument, NULL, 'a'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const kgc_cmd *me = &kgc_cmd_timeline;
	const char **paths = calloc((size_t)argc + 1, sizeof *paths);
	const char *schema = NULL, *format = "text";
	size_t npaths = 0;
	kg_date at = {0};
	int c, status = KG_EXIT_OK;
	if (!paths)
		return KG_EXIT_INVALID;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":g:s:h", longs, NULL)) != -1) {
		switch (c) {
		case 'g': paths[npaths++] = optarg; break;
		case 's': if (kgc_schema_option(me, &schema, optarg)) return KG_EXIT_USAGE; break;
		case 'f': format = optarg; break;
		case 'a':
			if ((status = kgc_as_of(me, optarg, &at)) != KG_EXIT_OK) {
				free(paths);
				return status;
			}
			break;
		case 'h':
			free(paths);
			kgc_print_help(me, stdout);
			return kgc_finish_stdout(KG_EXIT_OK);
		case ':':
			free(paths);
			return kgc_usage_error(me, "option '%s' needs a value", argv[optind - 1]);
		default:
			free(paths);
			return kgc_usage_error(me, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0)
		status = kgc_usage_error(me, "--format must be text or json, not '%s'", format);
	else if (!npaths)
		status = kgc_usage_error(me, "no graph given (-g PATH)");
	else if (argc - optind > 1)
		status = kgc_usage_error(me, "one ID at most, got '%s' and '%s'", argv[optind],
					 argv[optind + 1]);
	if (status != KG_EXIT_OK) {
		free(paths);
		return status;
	}
	kg_graph *g = kgc_load(paths, npaths, schema, KGC_DEFAULT_MAX_ERRORS, &status);
	free(paths);
	if (!g)
		return status;
	kg_eid only = KG_NONE;
	if (optind < argc && (only = kg_graph_find(g, argv[optind])) == KG_NONE) {
		kgc_no_entity("timeline", g, argv[optind]);
		kg_graph_free(&g);
		return KG_EXIT_INVALID;
	}
	events ev = {0};
	collect(&ev, g, only);
	if (at.year) { /* up to and including the date */
		size_t k = 0;
		for (size_t i = 0; i < ev.n; i++)
			if (ev.v[i].first <= kg_date_last(at))
				ev.v[k++] = ev.v[i];
		ev.n = k;
	}
	if (ev.oom) {
		fprintf(stderr, "kg timeline: out of memory\n");
		status = KG_EXIT_INVALID;
	} else {
		if (strcmp(format, "json") == 0)
			print_json(g, &ev);
		else
			print_text(g, &ev);
		status = kgc_finish_stdout(KG_EXIT_OK);
	}
	free(ev.v);
	kg_graph_free(&g);
	return status;
}
