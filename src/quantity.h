/* quantity.h — how a QUANTITY value is packed into a kg_value, for the
 * code that makes (value.c) and stores (snapshot*.c) them; everything else
 * reads one through kg_value_quantity.
 *
 * The value's n says which numbers it has (bits 0-3, KG_Q_*), which of
 * them were written as integers (bits 4-7) and whether a unit (bit 8) and a
 * note (bit 9) follow. A quantity whose only part is one number keeps it in
 * u.d and has no words; any other points u.q at words in the graph's arena
 * holding the numbers present (in the order value, approx, min, max), then
 * the unit, then the note. A plain `workers: 30000` thus takes the 16 bytes
 * of its attribute and nothing more; the widest, 48 more.
 */
#ifndef KG_QUANTITY_H
#define KG_QUANTITY_H

#include <stdbool.h>

#include "arena.h"
#include "kg.h"

union kg_qword {
	double d;
	const char *s;
};

#define KGQ_UNIT 0x100u
#define KGQ_NOTE 0x200u

/* Words behind a quantity of layout n (0: its number is u.d). */
unsigned kgq_words(uint32_t n);
/* Whether n is a layout kgq_pack makes: at least one number, integers
 * among those present, no other bits. */
bool kgq_layout_ok(uint32_t n);
/* Packs q into out (kind, n, u); the words, if any, from arena. -1 on OOM. */
int kgq_pack(kga_arena *arena, const kg_quantity *q, kg_value *out);

#endif
