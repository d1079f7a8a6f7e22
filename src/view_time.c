/* view_time.c — validity in time: the span of a relation (its since and
 * till) and of an entity (its type's existence attributes), and the view
 * of a graph at a date (g:at, --as-of; doc/time.md). */
#include "kg.h"
#include "schema_model.h"

/* The date strings of the attributes numbered since_ix and till_ix among
 * a[0..n) (their best claims' when they have several). */
static kg_span span_of_attrs(const kg_attr *a, size_t n, uint16_t since_ix, uint16_t till_ix)
{
	const char *d[2] = {NULL, NULL};
	if (!since_ix && !till_ix)
		return (kg_span){KG_DAY_MIN, KG_DAY_MAX};
	for (size_t i = 0; i < n; i++) {
		uint16_t name = a[i].value.name;
		int k = name == since_ix ? 0 : name == till_ix ? 1 : -1;
		if (k < 0 || !name)
			continue;
		const kg_value *v = kg_value_best(&a[i].value);
		if (v->kind == KG_V_DATE)
			d[k] = v->u.s;
	}
	return kg_span_of(d[0], d[1]);
}

kg_span kg_rel_span(const kg_graph *g, kg_rid r)
{
	const kgsc_rtype *rt = kgsc_get_rtype(kg_graph_schema(g), kg_rel_type(g, r));
	size_t n;
	const kg_attr *a = kg_rel_attrs(g, r, &n);
	if (!rt || !n)
		return (kg_span){KG_DAY_MIN, KG_DAY_MAX};
	return span_of_attrs(a, n, rt->since_ix, rt->till_ix);
}

kg_span kg_entity_span(const kg_graph *g, kg_eid e)
{
	const kgsc_etype *et = kgsc_get_etype(kg_graph_schema(g), kg_entity_type(g, e));
	if (!et || (!et->since_ix && !et->till_ix))
		return (kg_span){KG_DAY_MIN, KG_DAY_MAX};
	size_t n;
	const kg_attr *a = kg_entity_attrs(g, e, &n);
	return span_of_attrs(a, n, et->since_ix, et->till_ix);
}

kg_view *kg_view_at(const kg_graph *g, kg_date d)
{
	kg_view *v = kg_view_new(g, false);
	if (!v)
		return NULL;
	size_t ne = kg_graph_entity_count(g), nr = kg_graph_relation_count(g);
	for (kg_eid e = 0; e < ne; e++)
		if (kg_span_meets(kg_entity_span(g, e), d))
			kg_view_add_entity(v, e);
	for (kg_rid r = 0; r < nr; r++)
		if (kg_view_has_entity(v, kg_rel_from(g, r)) && kg_view_has_entity(v, kg_rel_to(g, r)) &&
		    kg_span_meets(kg_rel_span(g, r), d))
			kg_view_add_rel(v, r);
	return v;
}
