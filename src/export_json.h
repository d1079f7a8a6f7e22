/* export_json.h — a graph as node-link JSON (doc/json-format.md): every
 * entity and relation with its types, names, aliases, notes, sources,
 * attributes and every claim, written straight from the store. */
#ifndef KG_EXPORT_JSON_H
#define KG_EXPORT_JSON_H

#include <stdio.h>

#include "kg.h"

/* Leave out the "loc" of every node, link and claim (where each was
 * written), for comparing graphs read from different files. */
#define KGX_JSON_NO_LOC 1u

/* Writes g to f as one JSON document, an item at a time (nothing but f's
 * buffer is held). Returns 0, or -1 when writing to f failed (ferror). */
int kgx_write_json(const kg_graph *g, FILE *f, unsigned flags);

/* Writes d as a JSON number in the fewest digits that read back as d;
 * non-finite numbers as the strings ".inf", "-.inf" and ".nan". */
void kgx_json_number(FILE *f, double d);

#endif
