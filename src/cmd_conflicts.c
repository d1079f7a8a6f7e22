/* cmd_conflicts.c — `kg conflicts`: the claims that disagree at the same
 * date, side by side, and the one that wins; and what it shares with
 * `kg report` (cmd_report.c): options, and facts as text and JSON. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "draw.h"
#include "json.h"
#include "prov.h"

static int run(int argc, char **argv);

const kgc_cmd kgc_cmd_conflicts = {
	"conflicts", run, "List the claims that disagree at the same date, and the one that wins.",
	"kg conflicts -g PATH [--format text|json] [--strict] [--as-of DATE]",
	"Finds every attribute, of an entity or a relation, whose claims give\n"
	"different values for the same time: both undated, or times that overlap\n"
	"(a claim's since..till span, till exclusive, else the days of its as_of:\n"
	"2016 overlaps 2016-07; 2000..2005 and 2005..2010 only touch).\n"
	"Deprecated claims are shown but never make a conflict on their own, and\n"
	"quantities that differ only in their note agree. Each conflict is printed\n"
	"with its claims side by side (rank, as_of, value, sources, place, note)\n"
	"and the claim that wins marked '*': preferred over normal, deprecated\n"
	"never, then the latest as_of, then the first written. A conflict is\n"
	"resolved when the winner is preferred and no other preferred claim of\n"
	"it says otherwise; else it is unresolved, and an analyst should rank it.\n"
	"With --as-of DATE, only the claims valid then (g:at(DATE):conflicts()):\n"
	"of the entities and relations valid then, the claims whose since..till\n"
	"meets DATE and whose as_of is not after it, grouped as above (two claims\n"
	"as of 2016 that disagree are still listed at 2019: an as_of is no end).\n"
	"\n"
	"options:\n"
	"  -g, --graph PATH      a graph file, directory or snapshot (repeatable)\n"
	KGC_SCHEMA_HELP
	"      --format FORMAT   text (default) or json (one object: conflicts, counts)\n"
	"      --strict          exit 1 when a conflict is unresolved (for CI)\n"
	KGC_AS_OF_HELP
	"  -h, --help            this help\n"
	"\nlimits against hostile input (see README, Limits):\n"
	KGC_LIMITS_HELP
	"\n"
	"Exit status: 0 (also with conflicts, unless --strict), 1 on bad data or,\n"
	"with --strict, an unresolved conflict, 2 on wrong usage.\n"
	"\n"
	"examples:\n"
	"  kg conflicts -g examples/dprk-trafficking\n"
	"  kg conflicts -g graph.kgs --format json --strict\n",
};

/* ---------------------------------------------------------------- */
/* Shared with kg report (cli.h)                                     */
/* ---------------------------------------------------------------- */

/* The options of kgc_prov_graph into *o and ga; -1 when the command is
 * to exit with *status. */
static int prov_options(const kgc_cmd *c, bool report, int argc, char **argv, kgc_prov_args *o,
			kgc_graph_args *ga, int *status)
{
	static const struct option longs[] = {
		{"graph", required_argument, NULL, 'g'},
		{"schema", required_argument, NULL, 's'},
		{"format", required_argument, NULL, 'f'},
		{"strict", no_argument, NULL, 'S'},
		{"limit", required_argument, NULL, 'l'},
		{"as-of", required_argument, NULL, 'a'},
		{"help", no_argument, NULL, 'h'},
		KGC_LIMIT_OPTIONS,
		{NULL, 0, NULL, 0},
	};
	*o = (kgc_prov_args){.limit = 20};
	if (!(ga->paths = calloc((size_t)argc + 1, sizeof *ga->paths))) {
		fprintf(stderr, "kg %s: out of memory\n", c->name);
		*status = KG_EXIT_INVALID;
		return -1;
	}
	int ch;
	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":g:s:h", longs, NULL)) != -1) {
		switch (ch) {
		case 'g': ga->paths[ga->npaths++] = optarg; break;
		case 's':
			if ((*status = kgc_schema_option(c, &ga->schema, optarg)) != KG_EXIT_OK)
				return -1;
			break;
		case 'f':
			if (strcmp(optarg, "text") != 0 && strcmp(optarg, "json") != 0) {
				*status = kgc_usage_error(c, "--format must be text or json, not '%s'", optarg);
				return -1;
			}
			o->json = optarg[0] == 'j';
			break;
		case 'S':
			if (report) {
				*status = kgc_usage_error(c, "unknown option '--strict'");
				return -1;
			}
			o->strict = 1;
			break;
		case 'l':
			if (!report) {
				*status = kgc_usage_error(c, "unknown option '--limit'");
				return -1;
			}
			if ((o->limit = kgc_parse_count(optarg)) < 0) {
				*status = kgc_usage_error(c, "--limit must be a whole number, not '%s'", optarg);
				return -1;
			}
			break;
		case 'a':
			if ((*status = kgc_as_of(c, optarg, &o->at)) != KG_EXIT_OK)
				return -1;
			break;
		case 'h':
			kgc_print_help(c, stdout);
			*status = kgc_finish_stdout(KG_EXIT_OK);
			return -1;
		case ':':
			*status = kgc_usage_error(c, "option '%s' needs a value", argv[optind - 1]);
			return -1;
		default:
			if (ch >= 0x1000 && ch < 0x1005) {
				if (kgc_limit_flag(kgc_limit_names[ch - 0x1000], optarg) < 0) {
					*status = kgc_usage_error(c, "--%s takes a whole number above 0 (K, M, G allowed), got '%s'",
								  kgc_limit_names[ch - 0x1000], optarg);
					return -1;
				}
				break;
			}
			*status = kgc_usage_error(c, "unknown option '%s'", argv[optind - 1]);
			return -1;
		}
	}
	if (strcmp(c->name, "sources") == 0 && optind == argc - 1) {
		o->source = argv[optind];
	} else if (optind < argc) {
		*status = kgc_usage_error(c, "unexpected argument '%s' (the graph comes with -g)", argv[optind]);
		return -1;
	} else if (strcmp(c->name, "sources") == 0) {
		*status = kgc_usage_error(c, "no SOURCE-ID given");
		return -1;
	}
	if (!ga->npaths) {
		*status = kgc_usage_error(c, "no graph given (-g PATH)");
		return -1;
	}
	return 0;
}

kg_graph *kgc_prov_graph(const kgc_cmd *c, bool report, int argc, char **argv, kgc_prov_args *o,
			 int *status)
{
	kgc_graph_args ga = {0};
	kg_graph *g = NULL;
	if (prov_options(c, report, argc, argv, o, &ga, status) == 0)
		g = kgc_load(ga.paths, ga.npaths, ga.schema, KGC_DEFAULT_MAX_ERRORS, status);
	free(ga.paths);
	if (g && o->at.year && !(o->view = kg_view_at(g, o->at))) {
		fprintf(stderr, "kg %s: out of memory\n", c->name);
		*status = KG_EXIT_INVALID;
		kg_graph_free(&g);
	}
	return g;
}

void kgc_text_clean(kgd_buf *b, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		size_t len = u[i] < 0x80 ? 1 : kg_utf8_len(u + i, n - i);
		unsigned char c = u[i];
		if (len == 0 || c < 0x20 || c == 0x7f) {
			if (c == '\n' || c == '\t' || c == '\r')
				kgd_buf_printf(b, "\\%c", c == '\n' ? 'n' : c == '\t' ? 't' : 'r');
			else
				kgd_buf_printf(b, "\\x%02x", c);
			i++;
		} else {
			kgd_buf_put(b, s + i, len);
			i += len;
		}
	}
}

void kgc_loc_text(kgd_buf *b, kg_loc loc)
{
	kgc_text_clean(b, loc.file ? loc.file : "?");
	if (loc.line)
		kgd_buf_printf(b, ":%u:%u", loc.line, loc.col);
}

static void rel_label(kgd_buf *b, const kg_graph *g, kg_rid r)
{
	const char *id = kg_rel_id(g, r);
	kgd_buf_printf(b, "%s --%s--> %s", kg_entity_id(g, kg_rel_from(g, r)),
		       kg_schema_rtype_name(kg_graph_schema(g), kg_rel_type(g, r)),
		       kg_entity_id(g, kg_rel_to(g, r)));
	if (id)
		kgd_buf_printf(b, " [%s]", id);
}

void kgc_fact_label(kgd_buf *b, const kg_graph *g, const kgp_fact *f)
{
	if (kgp_fact_on_rel(f))
		rel_label(b, g, f->rec);
	else
		kgd_buf_puts(b, kg_entity_id(g, f->rec));
	const kg_attr *a = kgp_fact_attr(g, f);
	if (a)
		kgd_buf_printf(b, ": %s #%u", kg_attr_name(g, a), f->claim + 1);
}

void kgc_json_str(FILE *f, const char *s)
{
	if (!s) {
		fputs("null", f);
		return;
	}
	size_t n = 0;
	while (s[n] >= 0x20 && s[n] < 0x7f && s[n] != '"' && s[n] != '\\')
		n++;
	if (s[n]) {
		kg_json_string(f, s, n + strlen(s + n));
		return;
	}
	/* kg_json_string writes byte by byte: a whole report's ids and paths
	 * through it took 40% of `kg report --format json` on the benchmark graph. */
	fputc('"', f);
	fwrite(s, 1, n, f);
	fputc('"', f);
}

/* The record's members of a fact or conflict (no braces). */
static void record_json(FILE *f, const kg_graph *g, bool rel, uint32_t rec)
{
	if (rel) {
		fputs("\"relation\": ", f);
		kgc_json_str(f, kg_rel_id(g, rec));
		fputs(", \"type\": ", f);
		kgc_json_str(f, kg_schema_rtype_name(kg_graph_schema(g), kg_rel_type(g, rec)));
		fputs(", \"from\": ", f);
		kgc_json_str(f, kg_entity_id(g, kg_rel_from(g, rec)));
		fputs(", \"to\": ", f);
		kgc_json_str(f, kg_entity_id(g, kg_rel_to(g, rec)));
	} else {
		fputs("\"entity\": ", f);
		kgc_json_str(f, kg_entity_id(g, rec));
		fputs(", \"type\": ", f);
		kgc_json_str(f, kg_schema_type_name(kg_graph_schema(g), kg_entity_type(g, rec)));
	}
}

static void loc_json(FILE *f, kg_loc loc)
{
	fputs("\"file\": ", f);
	kgc_json_str(f, loc.file);
	fprintf(f, ", \"line\": %u, \"col\": %u", loc.line, loc.col);
}

void kgc_fact_json(FILE *f, const kg_graph *g, const kgp_fact *fact)
{
	static const char *const kinds[] = {"entity", "relation", "claim", "claim"};
	fprintf(f, "\"kind\": \"%s\", ", kinds[fact->kind & 3]);
	record_json(f, g, kgp_fact_on_rel(fact), fact->rec);
	const kg_attr *a = kgp_fact_attr(g, fact);
	if (a) {
		fputs(", \"attribute\": ", f);
		kgc_json_str(f, kg_attr_name(g, a));
		fprintf(f, ", \"claim\": %u", fact->claim + 1);
	}
	fputs(", ", f);
	loc_json(f, kgp_fact_loc(g, fact));
}

/* ---------------------------------------------------------------- */
/* Text                                                              */
/* ---------------------------------------------------------------- */

static void sources_text(kgd_buf *b, const kg_graph *g, const kg_claim *c)
{
	if (!c->nsources)
		kgd_buf_puts(b, "(no source)");
	for (uint32_t i = 0; i < c->nsources; i++)
		kgd_buf_printf(b, "%s%s", i ? ", " : "", kg_entity_id(g, c->sources[i]));
}

/* The columns of one claim's line. */
enum { COL_RANK, COL_DATE, COL_VALUE, COL_SRC, COL_AT, NCOLS };

static void claim_cols(kgd_buf *col, const kg_graph *g, const kg_claim *c)
{
	kgd_buf v = {0};
	kgd_buf_puts(&col[COL_RANK], kg_rank_name(c->rank));
	if (c->since || c->till) /* its span of validity, till exclusive */
		kgd_buf_printf(&col[COL_DATE], "%s..%s", c->since ? c->since : "", c->till ? c->till : "");
	else
		kgd_buf_puts(&col[COL_DATE], c->as_of ? c->as_of : "-");
	kgd_fmt_value(&v, g, &c->value);
	kgc_text_clean(&col[COL_VALUE], kgd_buf_str(&v));
	col[COL_VALUE].oom |= v.oom;
	kgd_buf_free(&v);
	sources_text(&col[COL_SRC], g, c);
	kgc_loc_text(&col[COL_AT], c->loc);
}

static bool print_conflict(const kg_graph *g, const kgp_conflicts *cs, const kgp_conflict *c)
{
	const kg_attr *a = kgp_conflict_attr(g, c);
	const kg_claim *claims = a->value.u.claims;
	const kg_claim *win = &claims[c->winner];
	kgd_buf head = {0};
	if (c->rel)
		rel_label(&head, g, c->rec);
	else
		kgd_buf_puts(&head, kg_entity_id(g, c->rec));
	printf("%s: %s, %u claims", kgd_buf_str(&head), kg_attr_name(g, a), c->n);
	if (win->since || win->till)
		printf(" at overlapping times");
	else if (win->as_of)
		printf(" as of %s", win->as_of);
	else
		printf(", undated");
	if (c->resolved)
		printf(": resolved (preferred)\n");
	else if (win->rank == KG_RANK_PREFERRED)
		printf(": UNRESOLVED (preferred claims disagree)\n");
	else
		printf(": UNRESOLVED (no preferred claim)\n");
	kgd_buf_free(&head);

	/* Each column as wide as its widest cell of this conflict. */
	const uint32_t *idx = cs->claims + c->first;
	kgd_buf *cells = calloc((size_t)c->n * NCOLS, sizeof *cells);
	if (!cells)
		return false;
	int w[NCOLS] = {0};
	bool ok = true;
	for (uint32_t k = 0; k < c->n; k++) {
		kgd_buf *row = cells + (size_t)k * NCOLS;
		claim_cols(row, g, &claims[idx[k]]);
		for (int j = 0; j < NCOLS; j++) {
			ok &= !row[j].oom;
			int len = (int)strlen(kgd_buf_str(&row[j]));
			w[j] = len > w[j] ? len : w[j];
		}
	}
	for (uint32_t k = 0; k < c->n && ok; k++) {
		kgd_buf *row = cells + (size_t)k * NCOLS;
		const kg_claim *cl = &claims[idx[k]];
		printf("  %s %-*s  %-*s  %-*s  %-*s  %s", idx[k] == c->winner ? "*" : " ",
		       w[COL_RANK], kgd_buf_str(&row[COL_RANK]), w[COL_DATE], kgd_buf_str(&row[COL_DATE]),
		       w[COL_VALUE], kgd_buf_str(&row[COL_VALUE]), w[COL_SRC], kgd_buf_str(&row[COL_SRC]),
		       kgd_buf_str(&row[COL_AT]));
		if (cl->note) {
			kgd_buf note = {0};
			kgc_text_clean(&note, cl->note);
			printf("  (%s)", kgd_buf_str(&note));
			kgd_buf_free(&note);
		}
		printf("\n");
	}
	for (size_t k = 0; k < (size_t)c->n * NCOLS; k++)
		kgd_buf_free(&cells[k]);
	free(cells);
	return ok;
}

static bool print_text(const kg_graph *g, const kgp_conflicts *cs)
{
	for (size_t i = 0; i < cs->n; i++) {
		if (i)
			printf("\n");
		if (!print_conflict(g, cs, &cs->items[i]))
			return false;
	}
	if (cs->n)
		printf("\n%zu conflict%s, %zu unresolved (* marks the claim that wins); "
		       "%zu attribute%s with several claims\n", cs->n, cs->n == 1 ? "" : "s",
		       cs->unresolved, cs->attrs, cs->attrs == 1 ? "" : "s");
	else
		printf("no conflicts: the claims of %zu attribute%s with several claims agree at every date\n",
		       cs->attrs, cs->attrs == 1 ? "" : "s");
	return true;
}

/* ---------------------------------------------------------------- */
/* JSON                                                              */
/* ---------------------------------------------------------------- */

static void value_json(FILE *f, const kg_graph *g, const kg_value *v);

static void num_json(FILE *f, double d)
{
	if (d != d || d - d != 0) /* NaN or infinite: not JSON */
		fputs("null", f);
	else
		fprintf(f, "%.17g", d);
}

static void quantity_json(FILE *f, const kg_value *v)
{
	kg_quantity q;
	kg_value_quantity(v, &q);
	static const char *const names[] = {"value", "approx", "min", "max"};
	const double nums[] = {q.value, q.approx, q.min, q.max};
	const char *sep = "";
	fputs("{", f);
	for (int i = 0; i < 4; i++)
		if (q.has & (1 << i)) {
			fprintf(f, "%s\"%s\": ", sep, names[i]);
			if (q.isint & (1 << i))
				fprintf(f, "%.0f", nums[i]);
			else
				num_json(f, nums[i]);
			sep = ", ";
		}
	if (q.unit) {
		fprintf(f, "%s\"unit\": ", sep);
		kgc_json_str(f, q.unit);
		sep = ", ";
	}
	if (q.note) {
		fprintf(f, "%s\"note\": ", sep);
		kgc_json_str(f, q.note);
	}
	fputs("}", f);
}

static void value_json(FILE *f, const kg_graph *g, const kg_value *v)
{
	switch (v->kind) {
	case KG_V_STRING:
	case KG_V_DATE: kgc_json_str(f, v->u.s); break;
	case KG_V_INT: fprintf(f, "%lld", (long long)v->u.i); break;
	case KG_V_NUMBER: num_json(f, v->u.d); break;
	case KG_V_BOOL: fputs(v->u.b ? "true" : "false", f); break;
	case KG_V_QUANTITY: quantity_json(f, v); break;
	case KG_V_LIST:
		fputs("[", f);
		for (uint32_t i = 0; i < v->n; i++) {
			fputs(i ? ", " : "", f);
			value_json(f, g, &v->u.items[i]);
		}
		fputs("]", f);
		break;
	default: fputs("null", f); break;
	}
}

static void claim_json(FILE *f, const kg_graph *g, const kg_claim *c, uint32_t i, bool wins)
{
	fprintf(f, "{\"claim\": %u, \"wins\": %s, \"rank\": \"%s\", \"as_of\": ", i + 1,
		wins ? "true" : "false", kg_rank_name(c->rank));
	kgc_json_str(f, c->as_of);
	fputs(", \"since\": ", f);
	kgc_json_str(f, c->since);
	fputs(", \"till\": ", f);
	kgc_json_str(f, c->till);
	fputs(", \"value\": ", f);
	value_json(f, g, &c->value);
	fputs(", \"sources\": [", f);
	for (uint32_t s = 0; s < c->nsources; s++) {
		fputs(s ? ", " : "", f);
		kgc_json_str(f, kg_entity_id(g, c->sources[s]));
	}
	fputs("], \"note\": ", f);
	kgc_json_str(f, c->note);
	fputs(", ", f);
	loc_json(f, c->loc);
	fputs("}", f);
}

static void print_json(const kg_graph *g, const kgp_conflicts *cs, const char *as_of)
{
	if (as_of)
		printf("{\"as_of\": \"%s\", ", as_of);
	printf("%s\"conflicts\": %zu, \"unresolved\": %zu, \"attributes_with_claims\": %zu,\n \"items\": [",
	       as_of ? "" : "{", cs->n, cs->unresolved, cs->attrs);
	for (size_t i = 0; i < cs->n; i++) {
		const kgp_conflict *c = &cs->items[i];
		const kg_attr *a = kgp_conflict_attr(g, c);
		const kg_claim *claims = a->value.u.claims;
		printf("%s\n  {", i ? "," : "");
		record_json(stdout, g, c->rel, c->rec);
		printf(", \"attribute\": ");
		kgc_json_str(stdout, kg_attr_name(g, a));
		printf(", \"as_of\": ");
		kgc_json_str(stdout, claims[c->winner].as_of);
		printf(", \"resolved\": %s, \"winner\": %u,\n   \"claims\": [",
		       c->resolved ? "true" : "false", c->winner + 1);
		for (uint32_t k = 0; k < c->n; k++) {
			uint32_t ci = cs->claims[c->first + k];
			printf("%s\n    ", k ? "," : "");
			claim_json(stdout, g, &claims[ci], ci, ci == c->winner);
		}
		printf("]}");
	}
	printf("%s]}\n", cs->n ? "\n " : "");
}

static int run(int argc, char **argv)
{
	kgc_prov_args o;
	int status;
	kg_graph *g = kgc_prov_graph(&kgc_cmd_conflicts, false, argc, argv, &o, &status);
	if (!g)
		return status;
	kgp_at at = {o.at, o.view};
	kgp_conflicts *cs = kgp_conflicts_find(g, o.view ? &at : NULL);
	bool ok = cs != NULL;
	char date[16];
	const char *as_of = o.view ? kg_date_format(o.at, date, sizeof date) : NULL;
	if (ok && o.json) {
		print_json(g, cs, as_of);
	} else if (ok) {
		if (as_of)
			printf("as of %s: the claims valid then\n\n", as_of);
		ok = print_text(g, cs);
	}
	if (!ok) {
		fprintf(stderr, "kg conflicts: out of memory\n");
		status = KG_EXIT_INVALID;
	} else {
		status = kgc_finish_stdout(o.strict && cs->unresolved ? KG_EXIT_INVALID : KG_EXIT_OK);
		if (status == KG_EXIT_INVALID && o.strict && cs->unresolved)
			fprintf(stderr, "kg conflicts: %zu unresolved conflict%s (--strict): rank one claim "
				"of each 'preferred'\n", cs->unresolved, cs->unresolved == 1 ? "" : "s");
	}
	kgp_conflicts_free(&cs);
	kg_view_free(&o.view);
	kg_graph_free(&g);
	return status;
}
