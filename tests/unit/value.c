/* value.c — unit tests of kgv_convert: every attribute type accepted and
 * rejected, patterns, enums, ranges, dates, quantities, lists and claims. */
#include <string.h>

#include "schema.h"
#include "schema_value.h"
#include "t.h"

static const char *const SCHEMA =
	"kg_schema: 1\n"
	"entity_types:\n"
	"  entity: {abstract: true}\n"
	"  country: {is_a: entity}\n"
	"  source: {is_a: entity}\n"
	"  thing:\n"
	"    is_a: entity\n"
	"    attributes:\n"
	"      name2: string\n"
	"      iso3: {type: string, pattern: '^[A-Z]{3}$'}\n"
	"      body: text\n"
	"      year: {type: int, min: 1000, max: 2100}\n"
	"      share: {type: number, min: 0, max: 1}\n"
	"      flag: bool\n"
	"      when: date\n"
	"      workers: {type: quantity, min: 0}\n"
	"      level: {type: enum, values: [low, high]}\n"
	"      land: {type: ref, to: country}\n"
	"      tags: {type: list, of: string, max: 2}\n"
	"      counts: {type: list, of: quantity}\n";

static kg_schema *S;
static kga_arena A;
static kga_strtab T;
static kgv_ctx C;
static struct {
	char id[32];
	uint32_t line, col;
	kg_eid *slot;
	kg_tid must;
} refs[16];
static size_t nrefs;

static void on_ref(void *ud, const char *id, uint32_t line, uint32_t col, kg_eid *slot,
		   kg_tid must_be)
{
	(void)ud;
	if (nrefs < 16) {
		snprintf(refs[nrefs].id, sizeof refs[nrefs].id, "%s", id);
		refs[nrefs].line = line, refs[nrefs].col = col;
		refs[nrefs].slot = slot, refs[nrefs].must = must_be;
	}
	nrefs++;
}

typedef struct job {
	const kgsc_attr *a;
	kg_value *out;
	bool ok, ran;
} job;

static int on_doc(void *ud, const char *file, size_t docno, const kgy_node *root)
{
	job *j = ud;
	(void)file, (void)docno;
	j->ok = kgv_convert(&C, j->a, root, j->out);
	j->ran = true;
	return 0;
}

/* Converts YAML `text` for attribute `name` of type thing. */
static bool conv(const char *name, const char *text, kg_value *out)
{
	kg_diags_free(&C.diags);
	C.diags = kg_diags_new();
	nrefs = 0;
	job j = {kgsc_entity_attr(S, kg_schema_type_find(S, "thing"), name), out, false, false};
	if (!j.a)
		return fprintf(stderr, "no attribute %s\n", name), false;
	static const kg_limits lim = {
		KG_DEFAULT_MAX_FILE_BYTES, KG_DEFAULT_MAX_DEPTH, KG_DEFAULT_MAX_ALIAS_NODES,
		KG_DEFAULT_MAX_SCALAR_BYTES, KG_DEFAULT_MAX_DOCUMENTS,
	};
	kgy_parse_buffer("v.yaml", text, strlen(text), &lim, C.diags, on_doc, &j);
	if (!j.ran)
		fprintf(stderr, "  %s did not parse\n", text);
	bool errs = kg_diags_errors(C.diags) > 0;
	if (j.ok == errs)
		fprintf(stderr, "  %s: result %d but %zu errors\n", text, j.ok,
			kg_diags_errors(C.diags));
	return j.ran && j.ok && !errs;
}

/* Whether the last conversion failed with exactly n errors, one of them at
 * line:col holding `msg`. */
static bool failed(size_t n, unsigned line, unsigned col, const char *msg)
{
	for (size_t i = 0; i < kg_diags_count(C.diags); i++) {
		const kg_diag *g = kg_diags_get(C.diags, i);
		if (g->loc.line == line && g->loc.col == col && strstr(g->msg, msg) &&
		    kg_diags_errors(C.diags) == n)
			return true;
	}
	for (size_t i = 0; i < kg_diags_count(C.diags); i++) {
		const kg_diag *g = kg_diags_get(C.diags, i);
		fprintf(stderr, "  have %u:%u: %s\n", g->loc.line, g->loc.col, g->msg);
	}
	return false;
}

static bool bad(const char *name, const char *text, size_t n, unsigned line, unsigned col,
		const char *msg)
{
	kg_value v;
	return !conv(name, text, &v) && failed(n, line, col, msg);
}

/* 1. Strings, patterns, enums, refs. */
static void test_strings(void)
{
	kg_value v;
	CHECK(conv("name2", "hello", &v) && v.kind == KG_V_STRING && strcmp(v.u.s, "hello") == 0);
	CHECK(conv("name2", "'quoted'", &v) && strcmp(v.u.s, "quoted") == 0);
	CHECK(v.u.s == kga_intern(&T, "quoted"));
	CHECK(conv("name2", "42", &v) && strcmp(v.u.s, "42") == 0);
	CHECK(bad("name2", "[a]", 1, 1, 1, "attribute 'name2': expected a string, got a sequence"));
	CHECK(bad("name2", "~", 1, 1, 1, "expected a string, got null"));
	CHECK(conv("iso3", "PRK", &v) && strcmp(v.u.s, "PRK") == 0);
	CHECK(bad("iso3", "PRKX", 1, 1, 1,
		  "attribute 'iso3': \"PRKX\" does not match pattern '^[A-Z]{3}$'"));
	CHECK(bad("iso3", "prk", 1, 1, 1, "does not match pattern"));
	CHECK(conv("body", "|\n  line one\n  line two\n", &v) &&
	      strcmp(v.u.s, "line one\nline two\n") == 0);
	CHECK(conv("level", "high", &v) && strcmp(v.u.s, "high") == 0);
	CHECK(bad("level", "medium", 1, 1, 1, "attribute 'level': \"medium\" is not one of low, high"));
	CHECK(conv("land", "dprk", &v) && v.kind == KG_V_STRING && strcmp(v.u.s, "dprk") == 0);
	CHECK(nrefs == 1 && strcmp(refs[0].id, "dprk") == 0 && refs[0].slot == NULL &&
	      refs[0].must == kg_schema_type_find(S, "country") && refs[0].line == 1);
	CHECK(bad("land", "{id: x}", 1, 1, 1, "expected an entity id, got a mapping"));
}

/* 2. Numbers and booleans, with ranges. */
static void test_numbers(void)
{
	kg_value v;
	CHECK(conv("year", "2019", &v) && v.kind == KG_V_INT && v.u.i == 2019);
	CHECK(conv("year", "!!int 2000", &v) && v.u.i == 2000);
	CHECK(bad("year", "nineteen", 1, 1, 1, "attribute 'year': expected an integer, got \"nineteen\""));
	CHECK(bad("year", "'2019'", 1, 1, 1, "expected an integer, got \"2019\""));
	CHECK(bad("year", "2019.5", 1, 1, 1, "expected an integer"));
	CHECK(bad("year", "999", 1, 1, 1, "attribute 'year': 999 is less than the minimum 1000"));
	CHECK(bad("year", "2101", 1, 1, 1, "2101 is greater than the maximum 2100"));
	CHECK(bad("year", "99999999999999999999", 1, 1, 1, "expected an integer"));
	CHECK(conv("share", "0.25", &v) && v.kind == KG_V_NUMBER && v.u.d == 0.25);
	CHECK(conv("share", "1", &v) && v.kind == KG_V_NUMBER && v.u.d == 1.0);
	CHECK(bad("share", "1.5", 1, 1, 1, "1.5 is greater than the maximum 1"));
	CHECK(bad("share", ".nan", 1, 1, 1, "expected a number, got \".nan\""));
	CHECK(bad("share", "half", 1, 1, 1, "expected a number"));
	CHECK(conv("flag", "true", &v) && v.kind == KG_V_BOOL && v.u.b);
	CHECK(conv("flag", "false", &v) && !v.u.b);
	CHECK(bad("flag", "yes", 1, 1, 1, "attribute 'flag': expected true or false, got \"yes\""));
	CHECK(bad("flag", "'true'", 1, 1, 1, "expected true or false"));
}

/* 3. Dates, leap years included. */
static void test_dates(void)
{
	kg_value v;
	CHECK(conv("when", "2019", &v) && v.kind == KG_V_DATE && strcmp(v.u.s, "2019") == 0);
	CHECK(conv("when", "2019-12", &v) && strcmp(v.u.s, "2019-12") == 0);
	CHECK(conv("when", "2019-12-22", &v) && strcmp(v.u.s, "2019-12-22") == 0);
	CHECK(conv("when", "'2019-12-22'", &v) && strcmp(v.u.s, "2019-12-22") == 0);
	CHECK(conv("when", "2020-02-29", &v));
	CHECK(conv("when", "2000-02-29", &v));
	CHECK(conv("when", "800", &v) && strcmp(v.u.s, "0800") == 0);
	CHECK(conv("when", "7", &v) && strcmp(v.u.s, "0007") == 0);
	CHECK(conv("when", "9999", &v) && strcmp(v.u.s, "9999") == 0);
	CHECK(conv("when", "0x7e3", &v) && strcmp(v.u.s, "2019") == 0);
	CHECK(bad("when", "2019-02-29", 1, 1, 1,
		  "attribute 'when': \"2019-02-29\" is not a date: February 2019 has 28 days"));
	CHECK(bad("when", "1900-02-29", 1, 1, 1, "February 1900 has 28 days"));
	CHECK(bad("when", "2019-13", 1, 1, 1, "\"2019-13\" is not a date: there is no month 13"));
	CHECK(bad("when", "2019-00", 1, 1, 1, "there is no month 00"));
	CHECK(bad("when", "2019-04-31", 1, 1, 1, "April 2019 has 30 days"));
	CHECK(bad("when", "2019-04-00", 1, 1, 1, "there is no day 00"));
	CHECK(bad("when", "10000-01-01", 1, 1, 1, "year 10000 is out of range 1..9999"));
	CHECK(bad("when", "2019-4-1", 1, 1, 1, "expected a date"));
	CHECK(bad("when", "2019-12-22T10:00", 1, 1, 1, "expected a date"));
	CHECK(bad("when", "0000-01", 1, 1, 1, "year 0000 is out of range 1..9999"));
	CHECK(bad("when", "12345", 1, 1, 1, "year 12345 is out of range 1..9999"));
	CHECK(bad("when", "{year: 2019}", 1, 1, 1, "expected a date (2019, 2019-12 or 2019-12-22), got a mapping"));
}

/* 4. Quantities. */
static void test_quantities(void)
{
	kg_value v;
	kg_quantity q;
	CHECK(conv("workers", "30000", &v) && v.kind == KG_V_QUANTITY);
	kg_value_quantity(&v, &q);
	CHECK(q.has == KG_Q_VALUE && q.isint == KG_Q_VALUE && q.value == 30000 && !q.unit);
	CHECK(conv("workers", "2.5", &v));
	kg_value_quantity(&v, &q);
	CHECK(q.has == KG_Q_VALUE && q.isint == 0 && q.value == 2.5);
	CHECK(conv("workers", "{approx: 30000, note: tens of thousands, unit: people}", &v));
	kg_value_quantity(&v, &q);
	CHECK(q.has == KG_Q_APPROX && q.isint == KG_Q_APPROX && q.approx == 30000 && q.value == 0);
	CHECK(strcmp(q.note, "tens of thousands") == 0 && strcmp(q.unit, "people") == 0);
	CHECK(conv("workers", "{min: 150000, max: 200000.0}", &v));
	kg_value_quantity(&v, &q);
	CHECK(q.has == (KG_Q_MIN | KG_Q_MAX) && q.isint == KG_Q_MIN);
	CHECK(q.min == 150000 && q.max == 200000 && q.unit == NULL && q.note == NULL);
	/* every combination of parts comes back as it went in */
	for (unsigned has = 1; has < 16; has++)
		for (unsigned extra = 0; extra < 4; extra++) {
			char y[160];
			int n = snprintf(y, sizeof y, "{");
			static const char *const key[] = {"value", "approx", "min", "max"};
			for (unsigned j = 0; j < 4; j++)
				if (has & (1u << j))
					n += snprintf(y + n, sizeof y - (size_t)n, "%s: %u.5, ", key[j], j + 1);
			n += snprintf(y + n, sizeof y - (size_t)n, "%s%s}", extra & 1 ? "unit: u, " : "",
				      extra & 2 ? "note: n" : "");
			CHECK(conv("workers", y, &v));
			kg_value_quantity(&v, &q);
			CHECK(q.has == has && q.isint == 0);
			CHECK(q.value == (has & 1 ? 1.5 : 0) && q.approx == (has & 2 ? 2.5 : 0));
			CHECK(q.min == (has & 4 ? 3.5 : 0) && q.max == (has & 8 ? 4.5 : 0));
			CHECK(!!q.unit == !!(extra & 1) && !!q.note == !!(extra & 2));
		}
	CHECK(bad("workers", "{approx: many}", 1, 1, 10, "attribute 'workers': 'approx' must be a number, got \"many\""));
	CHECK(bad("workers", "{note: x}", 1, 1, 1, "a quantity needs at least one of value, approx, min, max"));
	CHECK(bad("workers", "{min: 5, max: 3}", 1, 1, 7, "attribute 'workers': min 5 is greater than max 3"));
	CHECK(bad("workers", "{value: 1, about: 2}", 1, 1, 12, "unknown key 'about' in a quantity"));
	CHECK(bad("workers", "{value: -1}", 1, 1, 9, "-1 is less than the minimum 0"));
	CHECK(bad("workers", "{value: 1, unit: [a]}", 1, 1, 18, "'unit' must be a string"));
	CHECK(bad("workers", "lots", 1, 1, 1, "expected a number or a mapping"));
	/* Several problems in one quantity are all reported. */
	CHECK(bad("workers", "{approx: x, min: y, z: 1}", 3, 1, 18, "'min' must be a number"));
}

/* 5. Lists. */
static void test_lists(void)
{
	kg_value v;
	CHECK(conv("tags", "[a, b]", &v) && v.kind == KG_V_LIST && v.n == 2);
	CHECK(strcmp(v.u.items[1].u.s, "b") == 0 && v.u.items[1].kind == KG_V_STRING);
	CHECK(conv("tags", "[]", &v) && v.n == 0);
	CHECK(bad("tags", "[a, b, c]", 1, 1, 1, "attribute 'tags': 3 items; expected at most 2"));
	CHECK(bad("tags", "a", 1, 1, 1, "attribute 'tags': expected a sequence, got a string"));
	CHECK(bad("tags", "[a, [b]]", 1, 1, 5, "expected a string, got a sequence"));
	CHECK(conv("counts", "[1, {approx: 2}]", &v) && v.n == 2);
	CHECK(v.u.items[1].kind == KG_V_QUANTITY);
	kg_quantity q;
	kg_value_quantity(&v.u.items[1], &q);
	CHECK(q.approx == 2);
	/* Items with only `value` are quantities, not claims. */
	CHECK(conv("counts", "[{value: 1}, {value: 2}]", &v) && v.kind == KG_V_LIST && v.n == 2);
	CHECK(conv("counts", "[{value: [1, 2], sources: [s1]}]", &v) && v.kind == KG_V_CLAIMS);
	CHECK(v.u.claims[0].value.kind == KG_V_LIST && v.u.claims[0].value.n == 2);
}

/* 6. Claims. */
static void test_claims(void)
{
	kg_value v;
	kg_tid src = kg_schema_type_find(S, "source");
	CHECK(conv("year",
		   "- {value: 2016, sources: [src-a, src-b], as_of: 2016-05, rank: preferred}\n"
		   "- {value: 2017, note: later estimate}\n"
		   "- value: 2018\n"
		   "  rank: deprecated\n", &v));
	CHECK(v.kind == KG_V_CLAIMS && v.n == 3);
	if (v.kind == KG_V_CLAIMS && v.n == 3) {
		const kg_claim *c = v.u.claims;
		CHECK(c[0].value.kind == KG_V_INT && c[0].value.u.i == 2016);
		CHECK(c[0].nsources == 2 && c[0].rank == KG_RANK_PREFERRED);
		CHECK(strcmp(c[0].as_of, "2016-05") == 0 && c[0].note == NULL);
		CHECK(c[0].loc.line == 1 && c[0].loc.col == 3 && strcmp(c[0].loc.file, "v.yaml") == 0);
		CHECK(c[1].rank == KG_RANK_NORMAL && strcmp(c[1].note, "later estimate") == 0);
		CHECK(c[1].nsources == 0 && c[1].sources == NULL && c[1].as_of == NULL);
		CHECK(c[2].rank == KG_RANK_DEPRECATED && c[2].loc.line == 3);
		CHECK(nrefs == 2 && strcmp(refs[1].id, "src-b") == 0 && refs[1].must == src);
		CHECK(refs[0].slot == &c[0].sources[0] && refs[1].slot == &c[0].sources[1]);
		CHECK(c[0].sources[0] == KG_NONE);
		CHECK(kg_value_best(&v)->u.i == 2016);
	}
	CHECK(bad("year", "- {value: 2016, source: [a]}\n", 1, 1, 17, "unknown key 'source' in a claim"));
	CHECK(bad("year", "- {value: 20x}\n", 1, 1, 11, "attribute 'year': expected an integer, got \"20x\""));
	CHECK(bad("year", "- {value: 2016, rank: best}\n", 1, 1, 23, "rank \"best\" is not one of preferred, normal, deprecated"));
	CHECK(bad("year", "- {value: 2016, as_of: 2016-02-30}\n", 1, 1, 24, "February 2016 has 29 days"));
	CHECK(bad("year", "- {value: 2016, since: 2019, till: 2018}\n", 1, 1, 36,
		  "since 2019 is not before till 2018"));
	CHECK(bad("year", "- {value: 2016, since: 2019, till: 2019}\n", 1, 1, 36, "the span holds no day"));
	CHECK(bad("year", "- {value: 2016, as_of: 2020, till: 2019-06}\n", 1, 1, 24,
		  "as_of 2020 is outside its own span (till 2019-06)"));
	CHECK(bad("year", "- {value: 2016, as_of: 2018, since: 2018-06, till: 2018-03}\n", 1, 1, 52,
		  "since 2018-06 is not before till 2018-03"));
	CHECK(bad("year", "- {value: 2016, since: 2019-02-29}\n", 1, 1, 24, "February 2019 has 28 days"));
	CHECK(bad("year", "- {value: 2016, sources: a}\n", 1, 1, 26, "'sources' must be a sequence"));
	CHECK(bad("year", "- {value: 2016, sources: [[a]]}\n", 1, 1, 27, "expected a source id"));
	CHECK(bad("year", "- {value: 2016, note: [a]}\n", 1, 1, 23, "'note' must be a string"));
	/* Every claim is checked. */
	CHECK(bad("year", "- {value: 1}\n- {value: 2}\n", 2, 2, 11, "2 is less than the minimum 1000"));
	/* A sequence that is not all claims is no claim list. */
	CHECK(bad("year", "- {value: 2016}\n- 2017\n", 1, 1, 1, "expected an integer, got a sequence"));
	CHECK(conv("tags", "- {value: [a, b], rank: preferred}\n- {value: [c]}\n", &v));
	CHECK(v.kind == KG_V_CLAIMS && v.n == 2 && v.u.claims[0].value.kind == KG_V_LIST);
	CHECK(conv("workers", "- {value: {approx: 5}, as_of: 2019}\n", &v));
	CHECK(v.kind == KG_V_CLAIMS);
	kg_quantity q;
	kg_value_quantity(&v.u.claims[0].value, &q);
	CHECK(q.approx == 5);
}

int main(void)
{
	kg_diags *d = kg_diags_new();
	S = kgsc_load_buffer("s.yaml", SCHEMA, strlen(SCHEMA), NULL, d);
	CHECK(S != NULL && kg_diags_errors(d) == 0);
	kg_diags_free(&d);
	if (!S)
		return T_DONE();
	kga_arena_init(&A);
	CHECK(kga_intern_init(&T, &A) == 0);
	C = (kgv_ctx){.schema = S, .arena = &A, .strings = &T, .file = "v.yaml", .ref = on_ref};
	test_strings();
	test_numbers();
	test_dates();
	test_quantities();
	test_lists();
	test_claims();
	CHECK(!C.oom);
	kg_diags_free(&C.diags);
	kga_intern_free(&T);
	kga_arena_free(&A);
	kgsc_free(&S);
	return T_DONE();
}
