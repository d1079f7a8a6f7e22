/* fuzz_snapshot.c — fuzz target: loading a compiled snapshot (`kg compile`),
 * reading every part of the graph back and walking it: every entity's
 * relations both ways (each must touch it at the right end), paths both
 * ways between several pairs (each a real walk from one to the other),
 * neighbourhoods, and a DOT drawing of a small view. The input's checksum
 * is made to match first, so the fuzzer reaches the structure checks
 * behind it (tests/unit/snapshot.c shows that a wrong checksum is
 * refused); every graph the loader's fingerprint accepts must pass the
 * exact, item-by-item check too. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "fuzz.h"
#include "kg.h"
#include "snapshot.h"

static fz_file snap_file;

static void read_str(const char *s)
{
	if (s)
		(void)strlen(s);
}

static void read_value(const kg_value *v, size_t ne, unsigned depth)
{
	if (depth > 1000)
		abort(); /* the loader bounds nesting */
	const kg_value *b = kg_value_best(v);
	if (!b || b->kind == KG_V_CLAIMS)
		abort();
	switch (v->kind) {
	case KG_V_STRING:
	case KG_V_DATE:
		(void)strlen(v->u.s);
		break;
	case KG_V_QUANTITY: {
		kg_quantity q;
		kg_value_quantity(v, &q);
		read_str(q.unit);
		read_str(q.note);
		break;
	}
	case KG_V_LIST:
		for (uint32_t i = 0; i < v->n; i++)
			read_value(&v->u.items[i], ne, depth + 1);
		break;
	case KG_V_CLAIMS:
		for (uint32_t i = 0; i < v->n; i++) {
			const kg_claim *c = &v->u.claims[i];
			read_value(&c->value, ne, depth + 1);
			for (uint32_t k = 0; k < c->nsources; k++)
				if (c->sources[k] >= ne)
					abort();
			read_str(c->as_of);
			read_str(c->note);
			read_str(c->loc.file);
			(void)kg_rank_name(c->rank);
		}
		break;
	default:
		break;
	}
}

static void read_attrs(const kg_graph *g, const kg_attr *a, size_t n, size_t ne)
{
	for (size_t i = 0; i < n; i++) {
		(void)strlen(kg_attr_name(g, &a[i]));
		read_value(&a[i].value, ne, 0);
	}
}

static void read_ids(const uint32_t *ids, size_t n, size_t limit)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] >= limit)
			abort();
}

static void read_graph(const kg_graph *g)
{
	size_t ne = kg_graph_entity_count(g), nr = kg_graph_relation_count(g), n;
	for (size_t i = 0; i < kg_graph_file_count(g); i++)
		(void)strlen(kg_graph_file(g, i));
	for (kg_eid e = 0; e < ne; e++) {
		(void)kg_graph_find(g, kg_entity_id(g, e));
		read_str(kg_entity_name(g, e));
		read_str(kg_entity_notes(g, e));
		read_str(kg_entity_loc(g, e).file);
		const char *const *al = kg_entity_aliases(g, e, &n);
		for (size_t i = 0; i < n; i++)
			(void)strlen(al[i]);
		const kg_eid *src = kg_entity_sources(g, e, &n);
		read_ids(src, n, ne);
		const kg_attr *a = kg_entity_attrs(g, e, &n);
		read_attrs(g, a, n, ne);
		const kg_rid *r = kg_entity_out(g, e, &n);
		read_ids(r, n, nr);
		r = kg_entity_in(g, e, &n);
		read_ids(r, n, nr);
	}
	for (kg_rid r = 0; r < nr; r++) {
		if (kg_rel_from(g, r) >= ne || kg_rel_to(g, r) >= ne)
			abort();
		read_str(kg_rel_id(g, r));
		read_str(kg_rel_notes(g, r));
		read_str(kg_rel_loc(g, r).file);
		const kg_eid *src = kg_rel_sources(g, r, &n);
		read_ids(src, n, ne);
		const kg_attr *a = kg_rel_attrs(g, r, &n);
		read_attrs(g, a, n, ne);
	}
	(void)kg_graph_find(g, "no such id");
	const kg_schema *s = kg_graph_schema(g);
	for (kg_tid t = 0; t < kg_schema_type_count(s); t++) {
		const kg_eid *ids = kg_graph_entities_of(g, t, &n);
		read_ids(ids, n, ne);
	}
	for (kg_rtid rt = 0; rt < kg_schema_rtype_count(s); rt++) {
		const kg_rid *ids = kg_graph_relations_of(g, rt, &n);
		read_ids(ids, n, nr);
	}
}

/* Whether r may be followed from e in direction dir, as the walks do
 * (kg_entity_out: leaving e, or symmetric; kg_entity_in: arriving). */
static bool steps(const kg_graph *g, kg_rid r, kg_eid e, kg_dir dir)
{
	kg_eid f = kg_rel_from(g, r), t = kg_rel_to(g, r);
	bool sym = kg_schema_rtype_symmetric(kg_graph_schema(g), kg_rel_type(g, r));
	bool out = f == e || (sym && t == e), in = t == e || (sym && f == e);
	return ((dir & KG_DIR_OUT) && out) || ((dir & KG_DIR_IN) && in);
}

/* Each relation listed under e touches it at the end its list says. */
static void check_adjacency(const kg_graph *g)
{
	size_t n;
	for (kg_eid e = 0; e < kg_graph_entity_count(g); e++) {
		const kg_rid *r = kg_entity_out(g, e, &n);
		for (size_t i = 0; i < n; i++)
			if (!steps(g, r[i], e, KG_DIR_OUT) || (i && r[i] <= r[i - 1]))
				abort();
		r = kg_entity_in(g, e, &n);
		for (size_t i = 0; i < n; i++)
			if (!steps(g, r[i], e, KG_DIR_IN) || (i && r[i] <= r[i - 1]))
				abort();
	}
	const char *why = NULL;
	if (kgsn_check_indexes(g, true, &why) != 0)
		abort(); /* the fingerprint let through what the exact check refuses */
}

/* A path from a to b must be a walk from a to b in direction dir. */
static void path(const kg_view *all, kg_eid a, kg_eid b, kg_dir dir)
{
	const kg_graph *g = kg_view_graph(all);
	kg_rid *p = NULL;
	size_t n = 0;
	if (kg_view_path(all, a, b, dir, NULL, &p, &n)) {
		kg_eid at = a;
		for (size_t i = 0; i < n; i++) {
			if (p[i] >= kg_graph_relation_count(g) || !steps(g, p[i], at, dir))
				abort();
			at = kg_rel_other(g, p[i], at);
		}
		if (at != b || (a == b) != (n == 0))
			abort();
	}
	free(p);
}

static void draw(const kg_view *v)
{
	kgd_opts o;
	kgd_opts_init(&o); /* DOT as built: no layout, so any size is quick */
	char *out = NULL;
	size_t len = 0;
	kgd_msg m;
	if (kgd_draw(v, &o, &out, &len, &m) == 0 ? !out || strlen(out) != len : !m.error[0] || out)
		abort();
	free(out);
}

static void walk(const kg_graph *g)
{
	check_adjacency(g);
	size_t ne = kg_graph_entity_count(g);
	kg_view *all = kg_view_new(g, true);
	if (!all || !ne) {
		kg_view_free(&all);
		return;
	}
	/* The first entities, the last ones, and pairs across */
	kg_eid pick[6] = {0, 1, 2, (kg_eid)(ne / 2), (kg_eid)(ne - 2), (kg_eid)(ne - 1)};
	static const kg_dir dirs[] = {KG_DIR_OUT, KG_DIR_IN, KG_DIR_BOTH};
	for (int i = 0; i < 6; i++) {
		if (pick[i] >= ne)
			continue;
		for (int k = 0; k < 3; k++) {
			for (int j = 0; j < 6; j++)
				if (pick[j] < ne)
					path(all, pick[i], pick[j], dirs[k]);
			kg_view *nb = kg_view_neighborhood(all, pick[i], 2, dirs[k], NULL);
			if (nb && (kg_view_entity_count(nb) > ne ||
				   kg_view_rel_count(nb) > kg_graph_relation_count(g)))
				abort();
			if (nb && i == 0 && k == 2 && kg_view_entity_count(nb) <= 50)
				draw(nb);
			kg_view_free(&nb);
		}
	}
	kg_view_free(&all);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	if (size)
		memcpy(copy, data, size);
	if (size >= sizeof(kgsn_header)) {
		kgsn_header h;
		memcpy(&h, copy, sizeof h);
		h.checksum = kgsn_checksum(copy + sizeof h, size - sizeof h);
		memcpy(copy, &h, sizeof h);
	}
	const char *path = fz_write(&snap_file, ".kgs", copy, size);
	free(copy);
	if (!path)
		abort();
	kg_diags *d = kg_diags_new();
	if (!d)
		return 0;
	kg_graph *g = kg_graph_load(&path, 1, NULL, d);
	if (g) {
		if (kg_diags_errors(d) != 0)
			abort(); /* never a graph with errors */
		read_graph(g);
		walk(g);
	} else if (kg_diags_errors(d) == 0) {
		abort(); /* refused without saying why */
	}
	kg_graph_free(&g);
	kg_diags_free(&d);
	return 0;
}
