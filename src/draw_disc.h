/* draw_disc.h — graphs for drawing whose object IDs, and so whose subgraph
 * order, do not depend on the state of the heap (draw_disc.c; internal).
 * Call with Graphviz's lock held, as every Graphviz call. */
#ifndef KG_DRAW_DISC_H
#define KG_DRAW_DISC_H

#include <stddef.h>

#include <graphviz/cgraph.h>

/* A new directed graph; NULL when out of memory. */
Agraph_t *kgd_graph_open(const char *name);
/* The graph a DOT text of len bytes describes; NULL when it does not read. */
Agraph_t *kgd_graph_read(const char *text, size_t len);

#endif
