/* fuzz_yaml.c — fuzz target: the YAML tree builder (kgy_parse_buffer) over
 * arbitrary bytes, checking the shape of every tree it hands out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "yaml_tree.h"

/* Smaller than the defaults so that one input stays cheap to walk. */
#define ALIAS_LIMIT 100000

typedef struct walk {
	size_t nodes;  /* nodes visited, aliases expanded */
	size_t budget; /* the most the limits allow */
} walk;

static void fail(const char *what, const kgy_node *n)
{
	fprintf(stderr, "fuzz_yaml: %s at %u:%u\n", what, n->line, n->col);
	abort();
}

/* Visits n and below as a reader would (aliases followed), checking the
 * invariants yaml_tree.h promises. Stops at the budget: going past it means
 * the alias limit did not hold. */
static void visit(walk *w, const kgy_node *n)
{
	if (++w->nodes > w->budget)
		fail("tree larger than the alias limit allows", n);
	if (n->line == 0 || n->col == 0)
		fail("node without a location", n);
	char q[64];
	switch (n->kind) {
	case KGY_SCALAR: {
		if (!n->u.scalar.s || strlen(n->u.scalar.s) != n->u.scalar.len)
			fail("scalar length differs from its text", n);
		if (n->style > KGY_BLOCK)
			fail("bad scalar style", n);
		int64_t i;
		double d;
		bool b;
		(void)kgy_is_null(n);
		(void)kgy_as_int(n, &i);
		(void)kgy_as_number(n, &d);
		(void)kgy_as_bool(n, &b);
		const char *s = kgy_quote(n->u.scalar.s, n->u.scalar.len, q, sizeof q);
		if (strlen(s) >= sizeof q)
			fail("kgy_quote overran its buffer", n);
		break;
	}
	case KGY_SEQ:
		for (size_t i = 0; i < n->u.seq.n && w->nodes <= w->budget; i++)
			visit(w, n->u.seq.items[i]);
		break;
	case KGY_MAP:
		for (size_t i = 0; i < n->u.map.n && w->nodes <= w->budget; i++) {
			const kgy_pair *p = &n->u.map.pairs[i];
			if (p->key->kind != KGY_SCALAR)
				fail("mapping key that is not a scalar", p->key);
			if (kgy_map_get(n, p->key->u.scalar.s) == NULL)
				fail("kgy_map_get misses a key of the mapping", p->key);
			visit(w, p->key);
			visit(w, p->value);
		}
		(void)kgy_map_get(n, "id");
		break;
	default:
		fail("bad node kind", n);
	}
	(void)kgy_describe(n);
}

static int on_doc(void *ud, const char *file, size_t docno, const kgy_node *root)
{
	(void)file;
	(void)docno;
	walk *w = ud;
	w->nodes = 0; /* the alias limit is per document */
	visit(w, root);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	kg_load_opts o;
	kg_load_opts_init(&o);
	o.limits.max_alias_nodes = ALIAS_LIMIT;
	kg_diags *d = kg_diags_new();
	if (!d)
		return 0;
	/* Every node of a document comes from at least one byte of it, and
	 * aliases add at most the limit. */
	walk w = {0, ALIAS_LIMIT + 4 * size + 16};
	size_t errors = kgy_parse_buffer("fuzz.yaml", (const char *)data, size, &o.limits, d,
					 on_doc, &w);
	if (errors != kg_diags_errors(d))
		abort();
	kg_diags_sort(d);
	for (size_t i = 0; i < kg_diags_count(d); i++) {
		const kg_diag *g = kg_diags_get(d, i);
		if (!g->msg || !g->msg[0])
			abort();
	}
	kg_diags_free(&d);
	return 0;
}
