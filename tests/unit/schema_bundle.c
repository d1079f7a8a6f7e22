/* schema_bundle.c — unit tests of the text a snapshot keeps of a schema
 * that extends others (a bundle): read back with its layers, its errors
 * located in each layer, damaged headers refused, and a bundle made from
 * files (extends core and a path) giving the same types. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "schema.h"
#include "t.h"

static kg_diags *D;

static kg_schema *load(const char *text)
{
	kg_diags_free(&D);
	D = kg_diags_new();
	return kgsc_load_buffer("snap", text, strlen(text), NULL, D);
}

/* Whether some diagnostic is in file at line and contains part. */
static int has(const char *file, unsigned line, const char *part)
{
	for (size_t i = 0; i < kg_diags_count(D); i++) {
		const kg_diag *g = kg_diags_get(D, i);
		if (g->loc.file && strcmp(g->loc.file, file) == 0 && g->loc.line == line &&
		    strstr(g->msg, part))
			return 1;
	}
	for (size_t i = 0; i < kg_diags_count(D); i++) {
		const kg_diag *g = kg_diags_get(D, i);
		fprintf(stderr, "  have %s:%u: %s\n", g->loc.file ? g->loc.file : "-", g->loc.line,
			g->msg);
	}
	return 0;
}

#define A "kg_schema: 1\nentity_types:\n  t: {}\n"                         /* 35 bytes */
#define B "kg_schema: 1\nextends: a.yaml\nentity_types:\n  u: {is_a: t}\n" /* 58 bytes */
#define HEAD "# kg schema bundle: test\nkg_bundle:\n"

static void test_read(void)
{
	CHECK(strlen(A) == 35 && strlen(B) == 58);
	kg_schema *s = load(HEAD "  - [a.yaml, 0, 0, 35]\n  - [b.yaml, 1, 35, 58]\n...\n" A B);
	CHECK(s != NULL);
	if (s) {
		CHECK(kgsc_layer_count(s) == 2);
		CHECK(strcmp(kgsc_layer_file(s, 0), "a.yaml") == 0);
		CHECK(strcmp(kg_schema_origin(s), "b.yaml") == 0);
		kg_tid u = kg_schema_type_find(s, "u");
		CHECK(u != KG_NONE && kg_schema_type_parent(s, u) == kg_schema_type_find(s, "t"));
	}
	kgsc_free(&s);
	/* an error in a layer: located in it, at its own line */
	s = load(HEAD "  - [a.yaml, 0, 0, 35]\n  - [b.yaml, 1, 35, 58]\n...\n" A
		 "kg_schema: 1\nextends: a.yaml\nentity_types:\n  u: {is_a: x}\n");
	CHECK(s == NULL && has("b.yaml", 4, "unknown entity type 'x'"));
	kgsc_free(&s);
	/* the second layer styles t without extending the first: both named */
	s = load(HEAD "  - [a.yaml, 0, 0, 50]\n  - [b.yaml, 0, 50, 35]\n...\n"
		 "kg_schema: 1\nentity_types:\n  t: {}\nstyle: {t: {}}\n"
		 "kg_schema: 1\nstyle: {t: {}}\n      \n");
	CHECK(s == NULL && has("b.yaml", 2, "style of 't' is given twice: here and at a.yaml:4:9"));
	kgsc_free(&s);
}

static void test_damaged(void)
{
	static const char *const bad[] = {
		HEAD "  - [a.yaml, 0, 0, 99]\n...\n" A,             /* past the end */
		HEAD "  - [a.yaml, 0, 40, 0]\n...\n" A,             /* offset past the end */
		HEAD "  - [a.yaml, 1, 0, 35]\n...\n" A,             /* reaches itself */
		HEAD "  - [a.yaml, 0, 0]\n...\n" A,                 /* three fields */
		HEAD "  - [a.yaml, 0, -1, 35]\n...\n" A,            /* negative */
		HEAD "  - [a.yaml, 0, 0, 35]\n" A,                  /* no end of header */
		"# kg schema bundle\nkg_bundle: []\n...\n" A,      /* no layers */
		"# kg schema bundle\nother: 1\n...\n" A,           /* no kg_bundle */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		kg_schema *s = load(bad[i]);
		int ok = s == NULL && kg_diags_errors(D) >= 1;
		for (size_t k = 0; ok && k < kg_diags_count(D); k++)
			ok = strstr(kg_diags_get(D, k)->msg, "damaged schema bundle") != NULL;
		if (!ok)
			fprintf(stderr, "  damaged bundle %zu was not refused as such\n", i);
		CHECK(ok);
		kgsc_free(&s);
	}
}

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	CHECK(f && fputs(text, f) >= 0 && fclose(f) == 0);
}

/* A bundle made from files reads back to the same types, in order. */
static void test_roundtrip(void)
{
	char dir[] = "/tmp/kg-bundle-XXXXXX", a[64], b[64];
	CHECK(mkdtemp(dir) != NULL);
	snprintf(a, sizeof a, "%s/a.yaml", dir);
	snprintf(b, sizeof b, "%s/b.yaml", dir);
	put(a, "kg_schema: 1\nextends: core\nentity_types:\n  shelter: {is_a: facility}\n");
	put(b, "kg_schema: 1\nextends: [a.yaml, core]\nadd_attributes:\n  shelter: {beds: int}\n");
	kg_diags_free(&D);
	D = kg_diags_new();
	kg_schema *s = kgsc_load_file(b, NULL, D);
	CHECK(s != NULL && kgsc_layer_count(s) == 3);
	size_t len = 0;
	const char *badf = NULL;
	char *text = s ? kgsc_bundle(s, &len, &badf) : NULL;
	CHECK(text != NULL && badf == NULL);
	unlink(a);
	unlink(b);
	rmdir(dir);
	kg_diags *d2 = kg_diags_new();
	kg_schema *r = text ? kgsc_load_buffer("snap", text, len, NULL, d2) : NULL;
	CHECK(r != NULL && kg_diags_errors(d2) == 0);
	if (s && r) {
		CHECK(kg_schema_type_count(s) == kg_schema_type_count(r));
		for (kg_tid t = 0; t < kg_schema_type_count(s); t++)
			CHECK(strcmp(kg_schema_type_name(s, t), kg_schema_type_name(r, t)) == 0);
		CHECK(strcmp(kgsc_layer_file(r, 0), "<core>") == 0);
		CHECK(strcmp(kg_schema_origin(r), b) == 0);
		kg_tid sh = kg_schema_type_find(r, "shelter");
		CHECK(sh != KG_NONE && kgsc_entity_attr(r, sh, "beds") != NULL);
	}
	kgsc_free(&s);
	kgsc_free(&r);
	kg_diags_free(&d2);
	free(text);
}

int main(void)
{
	test_read();
	test_damaged();
	test_roundtrip();
	kg_diags_free(&D);
	return T_DONE();
}
