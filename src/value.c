/* value.c — reading values (kg.h): the claim that stands for an
 * attribute, the names of ranks. */
#include "kg.h"

/* ---------------------------------------------------------------- */
/* Reading values (kg.h)                                             */
/* ---------------------------------------------------------------- */

const kg_value *kg_value_best(const kg_value *v)
{
	if (!v || v->kind != KG_V_CLAIMS || v->n == 0)
		return v;
	for (uint32_t i = 0; i < v->n; i++)
		if (v->u.claims[i].rank == KG_RANK_PREFERRED)
			return &v->u.claims[i].value;
	for (uint32_t i = 0; i < v->n; i++)
		if (v->u.claims[i].rank == KG_RANK_NORMAL)
			return &v->u.claims[i].value;
	return &v->u.claims[0].value;
}

const char *kg_rank_name(uint32_t rank)
{
	switch (rank) {
	case KG_RANK_PREFERRED: return "preferred";
	case KG_RANK_DEPRECATED: return "deprecated";
	default: return "normal";
	}
}
