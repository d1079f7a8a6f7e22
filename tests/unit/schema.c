/* schema.c — unit tests of schema parsing: types, is_a, attributes, styles,
 * every schema error, and the built-in core schema. */
#include <string.h>

#include "schema.h"
#include "t.h"

static kg_diags *D;

static kg_schema *load(const char *text)
{
	kg_diags_free(&D);
	D = kg_diags_new();
	return kgsc_load_buffer("s.yaml", text, strlen(text), NULL, D);
}

/* Whether some diagnostic sits at line:col (0: any) and contains `part`. */
static int has(unsigned line, unsigned col, const char *part)
{
	for (size_t i = 0; i < kg_diags_count(D); i++) {
		const kg_diag *g = kg_diags_get(D, i);
		if ((!line || g->loc.line == line) && (!col || g->loc.col == col) &&
		    strstr(g->msg, part) && strcmp(g->loc.file, "s.yaml") == 0)
			return 1;
	}
	for (size_t i = 0; i < kg_diags_count(D); i++) {
		const kg_diag *g = kg_diags_get(D, i);
		fprintf(stderr, "  have %u:%u: %s\n", g->loc.line, g->loc.col, g->msg);
	}
	return 0;
}

/* A schema that must fail with exactly `nerr` errors, one matching. */
static int fails(const char *text, size_t nerr, unsigned line, unsigned col, const char *part)
{
	kg_schema *s = load(text);
	int ok = s == NULL && kg_diags_errors(D) == nerr && has(line, col, part);
	if (!ok)
		fprintf(stderr, "  (%zu errors)\n", kg_diags_errors(D));
	kgsc_free(&s);
	return ok;
}

static const char *const SPEC_SCHEMA =
	"kg_schema: 1\n"
	"entity_types:\n"
	"  entity:  {abstract: true, doc: Anything., attributes: {wikidata: {type: string, pattern: '^Q[0-9]+$'}, note2: text}}\n"
	"  actor:   {is_a: entity, abstract: true}\n"
	"  country: {is_a: actor, attributes: {iso3: {type: string, pattern: '^[A-Z]{3}$'}, wikidata: {type: string, required: true}}}\n"
	"  region:  {is_a: entity}\n"
	"  treaty:  {is_a: entity}\n"
	"  source:  {is_a: entity, attributes: {title: {type: string, required: true}, year: {type: int}}}\n"
	"relation_types:\n"
	"  sends_workers_to: {from: country, to: [country, region],\n"
	"                     attributes: {workers: {type: quantity}, as_of: {type: date}}}\n"
	"  borders:  {from: country, to: country, symmetric: true, label: shares a border with}\n"
	"  party_to: {from: country, to: treaty, attributes: {negated: {type: bool}}}\n"
	"  part_of:\n"
	"style:\n"
	"  country: {shape: box, fillcolor: \"#dbe9f6\", penwidth: 2}\n"
	"  sends_workers_to: {color: \"#b22222\"}\n";

/* 1. The SPEC's example schema: types, is_a, flattening, lookups. */
static void test_spec_schema(void)
{
	kg_schema *s = load(SPEC_SCHEMA);
	CHECK(s != NULL);
	if (!s)
		return;
	CHECK(strcmp(kg_schema_origin(s), "s.yaml") == 0);
	CHECK(kg_schema_type_count(s) == 6);
	CHECK(kg_schema_rtype_count(s) == 4);
	kg_tid ent = kg_schema_type_find(s, "entity"), act = kg_schema_type_find(s, "actor");
	kg_tid cty = kg_schema_type_find(s, "country"), reg = kg_schema_type_find(s, "region");
	kg_tid src = kg_schema_type_find(s, "source"), tre = kg_schema_type_find(s, "treaty");
	CHECK(ent == 0 && act == 1 && cty == 2 && reg == 3 && tre == 4 && src == 5);
	CHECK(kg_schema_type_find(s, "nation") == KG_NONE);
	CHECK(kg_schema_type_find(s, "") == KG_NONE);
	CHECK(strcmp(kg_schema_type_name(s, cty), "country") == 0);
	CHECK(kg_schema_type_parent(s, cty) == act);
	CHECK(kg_schema_type_parent(s, ent) == KG_NONE);
	CHECK(kg_schema_type_is(s, cty, cty));
	CHECK(kg_schema_type_is(s, cty, act));
	CHECK(kg_schema_type_is(s, cty, ent));
	CHECK(!kg_schema_type_is(s, act, cty));
	CHECK(!kg_schema_type_is(s, reg, act));
	CHECK(!kg_schema_type_is(s, cty, KG_NONE));
	CHECK(kg_schema_type_abstract(s, ent) && kg_schema_type_abstract(s, act));
	CHECK(!kg_schema_type_abstract(s, cty));
	CHECK(strcmp(kg_schema_type_doc(s, ent), "Anything.") == 0);
	CHECK(kg_schema_type_doc(s, cty) == NULL);

	/* Flattening: own first, then inherited; an override replaces. */
	const kgsc_etype *e = kgsc_get_etype(s, cty);
	CHECK(e->nown == 2 && e->nall == 3);
	CHECK(strcmp(e->all[0]->name, "iso3") == 0);
	CHECK(strcmp(e->all[1]->name, "wikidata") == 0 && e->all[1]->required);
	CHECK(strcmp(e->all[2]->name, "note2") == 0 && e->all[2]->type == KG_AT_TEXT);
	const kgsc_attr *w = kgsc_entity_attr(s, reg, "wikidata");
	CHECK(w && !w->required && w->re != NULL);
	CHECK(kgsc_entity_attr(s, cty, "wikidata")->required);
	CHECK(kgsc_entity_attr(s, cty, "title") == NULL);
	CHECK(kgsc_entity_attr(s, src, "year")->type == KG_AT_INT);

	kg_rtid swt = kg_schema_rtype_find(s, "sends_workers_to");
	kg_rtid bor = kg_schema_rtype_find(s, "borders"), po = kg_schema_rtype_find(s, "part_of");
	CHECK(swt == 0 && bor == 1 && po == 3);
	CHECK(kg_schema_rtype_find(s, "country") == KG_NONE);
	CHECK(kg_schema_rtype_symmetric(s, bor) && !kg_schema_rtype_symmetric(s, swt));
	CHECK(strcmp(kgsc_get_rtype(s, swt)->label, "sends workers to") == 0);
	CHECK(strcmp(kgsc_get_rtype(s, bor)->label, "shares a border with") == 0);
	CHECK(kgsc_rtype_allows_from(s, swt, cty) && !kgsc_rtype_allows_from(s, swt, reg));
	CHECK(kgsc_rtype_allows_to(s, swt, reg) && !kgsc_rtype_allows_to(s, swt, src));
	CHECK(kgsc_rtype_allows_from(s, po, src) && kgsc_rtype_allows_to(s, po, act));
	char buf[64];
	CHECK(strcmp(kgsc_rtype_endpoints(s, swt, true, buf, sizeof buf), "country or region") == 0);
	CHECK(strcmp(kgsc_rtype_endpoints(s, swt, false, buf, sizeof buf), "country") == 0);
	CHECK(strcmp(kgsc_rtype_endpoints(s, po, true, buf, sizeof buf), "any entity") == 0);
	CHECK(kgsc_rel_attr(s, swt, "workers")->type == KG_AT_QUANTITY);
	CHECK(kgsc_rel_attr(s, swt, "negated") == NULL);

	size_t n;
	const kg_style_kv *kv = kg_schema_style(s, "country", &n);
	CHECK(n == 3 && strcmp(kv[0].key, "shape") == 0 && strcmp(kv[0].value, "box") == 0);
	CHECK(strcmp(kv[1].value, "#dbe9f6") == 0 && strcmp(kv[2].value, "2") == 0);
	kv = kg_schema_style(s, "sends_workers_to", &n);
	CHECK(n == 1 && strcmp(kv[0].key, "color") == 0);
	CHECK(kg_schema_style(s, "region", &n) == NULL && n == 0);
	CHECK(kg_schema_style(s, "nothing", &n) == NULL && n == 0);
	kgsc_free(&s);
	CHECK(s == NULL);
	kgsc_free(&s);
	kgsc_free(NULL);
}

/* 2. Attribute definitions: every type, shorthand, options. */
static void test_attributes(void)
{
	kg_schema *s = load(
		"kg_schema: 1\n"
		"entity_types:\n"
		"  thing:\n"
		"    attributes:\n"
		"      a: string\n"
		"      b: {type: text, pattern: 'x+', doc: Some text.}\n"
		"      c: {type: int, min: 1, max: 10}\n"
		"      d: {type: number, min: -1.5}\n"
		"      e: bool\n"
		"      f: date\n"
		"      g: {type: quantity, max: 100}\n"
		"      h: {type: enum, values: [low, high, 3]}\n"
		"      i: {type: ref, to: thing}\n"
		"      j: {type: list, of: string, max: 3}\n"
		"      k: {type: list, of: {type: enum, values: [x]}}\n"
		"      l: {type: list, of: {type: list, of: int}}\n");
	CHECK(s != NULL);
	if (!s)
		return;
	const kgsc_etype *e = kgsc_get_etype(s, 0);
	CHECK(e->nown == 12 && e->nall == 12);
	static const kg_atype want[] = {
		KG_AT_STRING, KG_AT_TEXT, KG_AT_INT, KG_AT_NUMBER, KG_AT_BOOL, KG_AT_DATE,
		KG_AT_QUANTITY, KG_AT_ENUM, KG_AT_REF, KG_AT_LIST, KG_AT_LIST, KG_AT_LIST,
	};
	for (size_t i = 0; i < 12 && i < e->nown; i++)
		CHECK(e->own[i].type == want[i]);
	CHECK(strcmp(e->own[1].pattern, "x+") == 0 && strcmp(e->own[1].doc, "Some text.") == 0);
	CHECK(e->own[2].has_min && e->own[2].min == 1 && e->own[2].has_max && e->own[2].max == 10);
	CHECK(e->own[3].has_min && e->own[3].min == -1.5 && !e->own[3].has_max);
	CHECK(e->own[7].nvalues == 3 && strcmp(e->own[7].values[2], "3") == 0);
	CHECK(e->own[8].ref_to == 0);
	CHECK(e->own[9].of && e->own[9].of->type == KG_AT_STRING && e->own[9].max == 3);
	CHECK(e->own[10].of->nvalues == 1);
	CHECK(e->own[11].of->of->type == KG_AT_INT);
	kgsc_free(&s);
}

#define HEAD "kg_schema: 1\nentity_types:\n"

/* 3. Errors in the document and the types, each located. */
static void test_type_errors(void)
{
	CHECK(fails("kg_schema: 2\n", 1, 1, 12, "unsupported kg_schema version 2; expected 1"));
	CHECK(fails("entity_types: {}\n", 1, 1, 1, "missing 'kg_schema: 1'"));
	CHECK(fails("kg_schema: one\n", 1, 1, 12, "unsupported kg_schema version one"));
	CHECK(fails("- 1\n", 1, 1, 1, "a schema must be a mapping"));
	CHECK(fails("", 1, 1, 1, "the schema is empty"));
	CHECK(fails("kg_schema: 1\n---\nkg_schema: 1\n", 1, 3, 1, "one YAML document"));
	CHECK(fails("kg_schema: 1\ntypes: {}\n", 1, 2, 1,
		    "unknown key 'types' in the schema; expected kg_schema, extends, "
		    "entity_types, relation_types, add_attributes, style"));
	CHECK(fails(HEAD "  country: {parent: x}\n", 1, 3, 13,
		    "unknown key 'parent' in entity type 'country'; expected is_a, abstract, "
		    "doc, attributes"));
	CHECK(fails(HEAD "  a: {is_a: b}\n", 1, 3, 13, "unknown entity type 'b' in 'is_a' of entity type 'a'"));
	CHECK(fails(HEAD "  a: {is_a: b}\n  b: {is_a: c}\n  c: {is_a: a}\n  d: {is_a: a}\n",
		    1, 3, 13, "is_a cycle: a -> b -> c -> a"));
	CHECK(fails(HEAD "  d: {is_a: a}\n  a: {is_a: a}\n", 1, 4, 13, "is_a cycle: a -> a"));
	CHECK(fails(HEAD "  a: {is_a: b}\n  b: {is_a: a}\n  c: {is_a: d}\n  d: {is_a: c}\n",
		    2, 5, 13, "is_a cycle: c -> d -> c"));
	CHECK(fails(HEAD "  a: {abstract: yes}\n", 1, 3, 17, "'abstract' must be true or false"));
	CHECK(fails(HEAD "  a: [1]\n", 1, 3, 6, "entity type 'a' must be a mapping"));
	CHECK(fails(HEAD "  9a: {}\n", 1, 3, 3, "bad entity type name '9a'"));
	CHECK(fails(HEAD "  a: {}\nrelation_types:\n  a: {}\n", 1, 5, 3,
		    "'a' is both an entity type and a relation type"));
	CHECK(fails("kg_schema: 1\nentity_types: [a]\n", 1, 2, 15, "'entity_types' must be a mapping"));
}

/* 4. Errors in attribute definitions. */
static void test_attr_errors(void)
{
	CHECK(fails(HEAD "  a: {attributes: {x: {type: float}}}\n", 1, 3, 30,
		    "attribute 'x': unknown type 'float'; expected one of string, text"));
	CHECK(fails(HEAD "  a: {attributes: {x: strin}}\n", 1, 3, 23, "unknown type 'strin'"));
	CHECK(fails(HEAD "  a: {attributes: {x: {required: true}}}\n", 1, 3, 23, "attribute 'x': missing 'type'"));
	CHECK(fails(HEAD "  a: {attributes: {x: {type: string, pattern: '[a-'}}}\n", 1, 3, 47,
		    "attribute 'x': bad pattern '[a-': "));
	CHECK(fails(HEAD "  a: {attributes: {x: {type: int, pattern: 'a'}}}\n", 1, 3, 44,
		    "'pattern' applies only to string and text, not int"));
	CHECK(fails(HEAD "  a: {attributes: {x: {type: enum}}}\n", 1, 3, 23, "attribute 'x': an enum needs 'values'"));
	CHECK(fails(HEAD "  a: {attributes: {x: enum}}\n", 1, 3, 23, "an enum needs 'values'"));
	CHECK(fails(HEAD "  a: {attributes: {x: {type: enum, values: []}}}\n", 1, 3, 44, "non-empty sequence"));
	CHECK(fails(HEAD "  a: {attributes: {x: {type: enum, values: [p, p]}}}\n", 1, 3, 48, "enum value 'p' given twice"));
	CHECK(fails(HEAD "  a: {attributes: {x: {type: string, values: [p]}}}\n", 1, 3, 46, "'values' applies only to enum"));
	CHECK(fails(HEAD "  a: {attributes: {x: {type: ref, to: b}}}\n", 1, 3, 39,
		    "unknown entity type 'b' in 'to' of attribute 'x'"));
	CHECK(fails(HEAD "  a: {attributes: {x: {type: ref}}}\n", 1, 3, 23, "a ref needs 'to'"));
	CHECK(fails(HEAD "  a: {attributes: {x: {type: list}}}\n", 1, 3, 23, "a list needs 'of'"));
	CHECK(fails(HEAD "  a: {attributes: {x: {type: list, of: {type: int, required: true}}}}\n",
		    1, 3, 62, "'required' does not apply to list items"));
	CHECK(fails(HEAD "  a: {attributes: {x: {type: list, of: nope}}}\n", 1, 3, 40, "unknown type 'nope'"));
	CHECK(fails(HEAD "  a: {attributes: {x: {type: int, min: 5, max: 3}}}\n", 1, 3, 48,
		    "attribute 'x': min 5 is greater than max 3"));
	CHECK(fails(HEAD "  a: {attributes: {x: {type: int, min: low}}}\n", 1, 3, 40, "'min' must be a number"));
	CHECK(fails(HEAD "  a: {attributes: {x: {type: list, of: int, max: 1.5}}}\n", 1, 3, 50,
		    "'max' of a list is a length"));
	CHECK(fails(HEAD "  a: {attributes: {x: {type: date, min: 1}}}\n", 1, 3, 41,
		    "'min' applies only to int, number, quantity and list, not date"));
	CHECK(fails(HEAD "  a: {attributes: {x: {type: int, default: 1}}}\n", 1, 3, 35,
		    "unknown key 'default' in attribute 'x'"));
	CHECK(fails(HEAD "  a: {attributes: {x: {type: int, required: maybe}}}\n", 1, 3, 45,
		    "'required' must be true or false"));
	CHECK(fails(HEAD "  a: {attributes: {id: string, name: string}}\n", 2, 3, 20,
		    "'id' is reserved and cannot be declared as an attribute of entity type 'a'"));
	CHECK(fails(HEAD "  a: {attributes: {relations: string}}\n", 1, 3, 20, "'relations' is reserved"));
	CHECK(fails("kg_schema: 1\nrelation_types:\n  r: {attributes: {from: date}}\n", 1, 3, 20,
		    "'from' is reserved and cannot be declared as an attribute of relation type 'r'"));
	CHECK(fails(HEAD "  a: {attributes: [x]}\n", 1, 3, 19, "'attributes' of entity type 'a' must be a mapping"));
	/* Several problems are all reported. */
	CHECK(fails(HEAD "  a: {is_a: z, attributes: {x: {type: enum}, y: {type: ref, to: q}}}\n"
		    "style: {nope: {color: red}}\n", 4, 4, 9, "style for unknown type 'nope'"));
}

/* 5. Errors in relation types and styles. */
static void test_rtype_errors(void)
{
	const char *h = "kg_schema: 1\nentity_types: {a: {}}\nrelation_types:\n";
	char buf[512];
#define R(text) (snprintf(buf, sizeof buf, "%s%s", h, text), buf)
	CHECK(fails(R("  r: {from: b}\n"), 1, 4, 13, "unknown entity type 'b' in 'from' of relation type 'r'"));
	CHECK(fails(R("  r: {to: [a, c]}\n"), 1, 4, 15, "unknown entity type 'c' in 'to' of relation type 'r'"));
	CHECK(fails(R("  r: {from: [a, [a]]}\n"), 1, 4, 17, "must be an entity type name, got a sequence"));
	CHECK(fails(R("  r: {symmetric: 1}\n"), 1, 4, 18, "'symmetric' must be true or false"));
	CHECK(fails(R("  r: {directed: true}\n"), 1, 4, 7,
		    "unknown key 'directed' in relation type 'r'; expected from, to, symmetric, "
		    "doc, label, attributes"));
	CHECK(fails(R("  r: {label: [x]}\n"), 1, 4, 14, "'label' must be a string"));
	CHECK(fails(R("  r: {}\nstyle:\n  b: {shape: box}\n"), 1, 6, 3,
		    "style for unknown type 'b' (did you mean 'a'?)"));
	CHECK(fails(R("  r: {}\nstyle:\n  a: box\n"), 1, 6, 6, "style of 'a' must be a mapping"));
	CHECK(fails(R("  r: {}\nstyle:\n  r: {color: [red]}\n"), 1, 6, 14,
		    "style 'color' of 'r' must be a scalar"));
#undef R
}

/* 6. The built-in schema loads, and has what the docs promise. */
static void test_core(void)
{
	kg_diags_free(&D);
	D = kg_diags_new();
	kg_schema *s = kgsc_load_core(NULL, D);
	CHECK(s != NULL && kg_diags_count(D) == 0);
	for (size_t i = 0; i < kg_diags_count(D); i++)
		fprintf(stderr, "  core: %u:%u: %s\n", kg_diags_get(D, i)->loc.line,
			kg_diags_get(D, i)->loc.col, kg_diags_get(D, i)->msg);
	if (!s)
		return;
	CHECK(strcmp(kg_schema_origin(s), "<core>") == 0);
	for (kg_tid t = 0; t < kg_schema_type_count(s); t++)
		CHECK(kg_schema_type_doc(s, t) != NULL);
	for (kg_rtid r = 0; r < kg_schema_rtype_count(s); r++)
		CHECK(kg_schema_rtype_doc(s, r) != NULL);
	static const char *const types[] = {
		"entity", "actor", "country", "region", "government_body", "agency",
		"international_organization", "un_body", "ngo", "company", "person",
		"population_group", "law", "law_article", "treaty", "policy", "resolution",
		"facility", "camp", "prison", "program", "campaign", "event", "practice",
		"source", "report", "article", "news_report", "dataset", NULL,
	};
	for (size_t i = 0; types[i]; i++)
		CHECK(kg_schema_type_find(s, types[i]) != KG_NONE);
	static const char *const rels[] = {
		"sends_workers_to", "party_to", "enacts", "criminalizes", "prohibits",
		"reports_on", "finds", "sanctions", "repatriates_to", "detains", "leads",
		"located_in", "part_of", "published_by", "followed_by", "member_of", "borders",
		"cooperates_with", "subjects_to", "punishes", "employs", "recruits", "monitors",
		"earns_from", "circumvents", "requires", "targets", "victim_of", NULL,
	};
	for (size_t i = 0; rels[i]; i++)
		CHECK(kg_schema_rtype_find(s, rels[i]) != KG_NONE);
	kg_tid src = kg_schema_type_find(s, "source"), rep = kg_schema_type_find(s, "report");
	CHECK(kg_schema_type_is(s, rep, src));
	CHECK(kgsc_entity_attr(s, rep, "title")->required);
	CHECK(kg_schema_type_abstract(s, kg_schema_type_find(s, "entity")));
	kg_tid un = kg_schema_type_find(s, "un_body");
	CHECK(kg_schema_type_is(s, un, kg_schema_type_find(s, "actor")));
	CHECK(kgsc_entity_attr(s, un, "wikidata")->re != NULL);
	CHECK(kg_schema_rtype_symmetric(s, kg_schema_rtype_find(s, "borders")));
	CHECK(kgsc_rel_attr(s, kg_schema_rtype_find(s, "sends_workers_to"), "workers")->type ==
	      KG_AT_QUANTITY);
	size_t n;
	CHECK(kg_schema_style(s, "country", &n) != NULL && n > 0);
	kgsc_free(&s);
}

/* 7. Files: a missing file is an error, a real one loads. */
static void test_file(void)
{
	kg_diags_free(&D);
	D = kg_diags_new();
	kg_schema *s = kgsc_load_file("/nonexistent/schema.yaml", NULL, D);
	CHECK(s == NULL && kg_diags_errors(D) >= 1);
	kg_diags_free(&D);
	D = kg_diags_new();
	s = kgsc_load_file("schema/core.yaml", NULL, D);
	CHECK(s != NULL && kg_diags_errors(D) == 0);
	if (s)
		CHECK(strcmp(kg_schema_origin(s), "schema/core.yaml") == 0);
	kgsc_free(&s);
}

/* 8. Values: the best claim and rank names. */
static void test_best(void)
{
	kg_claim cl[3] = {0};
	cl[0].rank = KG_RANK_DEPRECATED, cl[0].value.kind = KG_V_INT, cl[0].value.u.i = 1;
	cl[1].rank = KG_RANK_NORMAL, cl[1].value.kind = KG_V_INT, cl[1].value.u.i = 2;
	cl[2].rank = KG_RANK_PREFERRED, cl[2].value.kind = KG_V_INT, cl[2].value.u.i = 3;
	kg_value v = {.kind = KG_V_CLAIMS, .n = 3, .u.claims = cl};
	CHECK(kg_value_best(&v)->u.i == 3);
	v.n = 2;
	CHECK(kg_value_best(&v)->u.i == 2);
	v.n = 1;
	CHECK(kg_value_best(&v)->u.i == 1);
	kg_value plain = {.kind = KG_V_INT, .u.i = 7};
	CHECK(kg_value_best(&plain) == &plain);
	CHECK(kg_value_best(NULL) == NULL);
	CHECK(strcmp(kg_rank_name(KG_RANK_NORMAL), "normal") == 0);
	CHECK(strcmp(kg_rank_name(KG_RANK_PREFERRED), "preferred") == 0);
	CHECK(strcmp(kg_rank_name(KG_RANK_DEPRECATED), "deprecated") == 0);
}

int main(void)
{
	test_spec_schema();
	test_attributes();
	test_type_errors();
	test_attr_errors();
	test_rtype_errors();
	test_core();
	test_file();
	test_best();
	kg_diags_free(&D);
	return T_DONE();
}
