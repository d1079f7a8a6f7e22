/* quantity.c — packs quantities into values and reads them back (the
 * layout is in quantity.h). */
#include <string.h>

#include "quantity.h"

static unsigned numbers(uint32_t n)
{
	unsigned has = n & 0xf, c = 0;
	for (; has; has &= has - 1)
		c++;
	return c;
}

unsigned kgq_words(uint32_t n)
{
	unsigned c = numbers(n) + !!(n & KGQ_UNIT) + !!(n & KGQ_NOTE);
	return c == 1 && !(n & (KGQ_UNIT | KGQ_NOTE)) ? 0 : c;
}

bool kgq_layout_ok(uint32_t n)
{
	unsigned has = n & 0xf, isint = (n >> 4) & 0xf;
	return has && (isint & ~has) == 0 && (n & ~(0xffu | KGQ_UNIT | KGQ_NOTE)) == 0;
}

int kgq_pack(kga_arena *arena, const kg_quantity *q, kg_value *out)
{
	const double num[4] = {q->value, q->approx, q->min, q->max};
	uint32_t n = (uint32_t)(q->has & 0xf) | (uint32_t)(q->isint & q->has & 0xf) << 4 |
		     (q->unit ? KGQ_UNIT : 0) | (q->note ? KGQ_NOTE : 0);
	out->kind = KG_V_QUANTITY;
	out->n = n;
	unsigned nw = kgq_words(n);
	if (!nw) {
		for (int j = 0; j < 4; j++)
			if (n & (1u << j))
				out->u.d = num[j];
		return 0;
	}
	union kg_qword *w = kga_alloc(arena, nw * sizeof *w);
	if (!w)
		return -1;
	out->u.q = w;
	for (int j = 0; j < 4; j++)
		if (n & (1u << j))
			(w++)->d = num[j];
	if (q->unit)
		(w++)->s = q->unit;
	if (q->note)
		w->s = q->note;
	return 0;
}

void kg_value_quantity(const kg_value *v, kg_quantity *q)
{
	memset(q, 0, sizeof *q);
	if (v->kind != KG_V_QUANTITY)
		return;
	uint32_t n = v->n;
	double *num[4] = {&q->value, &q->approx, &q->min, &q->max};
	q->has = (uint8_t)(n & 0xf);
	q->isint = (uint8_t)((n >> 4) & 0xf);
	if (!kgq_words(n)) {
		for (int j = 0; j < 4; j++)
			if (n & (1u << j))
				*num[j] = v->u.d;
		return;
	}
	const union kg_qword *w = v->u.q;
	for (int j = 0; j < 4; j++)
		if (n & (1u << j))
			*num[j] = (w++)->d;
	if (n & KGQ_UNIT)
		q->unit = (w++)->s;
	if (n & KGQ_NOTE)
		q->note = w->s;
}
