/* draw.h — drawing a view as a relationship diagram with Graphviz (cgraph +
 * gvc, in process): options, the render call, atomic file output (internal:
 * used by cmd_render.c and lua_draw.c).
 *
 * Ownership: kgd_draw hands back a malloc'd buffer the caller frees; every
 * string in kgd_opts is borrowed for the call. Nothing here prints: problems
 * and warnings come back in a kgd_msg. Graphviz itself is not thread-safe, so
 * every Graphviz call is made under one process-wide lock.
 */
#ifndef KG_DRAW_H
#define KG_DRAW_H

#include <stdbool.h>
#include <stddef.h>

#include "kg.h"

/* Past this many entities or relations an unchosen layout is sfdp rather
 * than dot, and an explicitly chosen dot gets its effort capped (nslimit,
 * mclimit): dot's crossing minimization takes minutes on a few hundred
 * densely linked nodes. */
#define KGD_BIG_NODES 300
#define KGD_BIG_RELS 600
/* Past this many relations edge labels are dropped unless asked for. */
#define KGD_BIG_EDGES 150

enum kgd_labels { KGD_LABELS_AUTO, KGD_LABELS_ON, KGD_LABELS_OFF };

/* One style override: Graphviz attribute key = value for an entity or
 * relation type name (entity types pass it on to their subtypes). */
typedef struct kgd_style {
	const char *type, *key, *value;
} kgd_style;

typedef struct kgd_opts {
	const char *format;     /* see kgd_formats; NULL: "dot" (the graph as built, unlaid) */
	const char *layout;     /* see kgd_layouts; NULL: dot, or sfdp past KGD_BIG_NODES */
	const char *cluster_by; /* NULL: none; "type", or an attribute name */
	bool legend;            /* a cluster with one sample per type present */
	int edge_labels;        /* enum kgd_labels */
	const kgd_style *styles; /* applied after the schema's styles, in order */
	size_t nstyles;
	kg_date at;             /* --as-of, g:at: values are read at this date (the claim
				 * that holds then); year 0: every claim */
} kgd_opts;

/* What a call has to say: error is set when it failed, warning holds zero
 * or more lines (each ending in '\n') either way. */
typedef struct kgd_msg {
	char error[1024];
	char warning[1024];
} kgd_msg;

void kgd_opts_init(kgd_opts *o); /* defaults: DOT, auto layout, legend, auto labels */

/* "svg, png, pdf, dot, canon, xdot, json" and "dot, neato, fdp, sfdp, circo,
 * twopi": for messages and help. */
extern const char kgd_formats[], kgd_layouts[];
bool kgd_format_known(const char *format);
bool kgd_layout_known(const char *layout);
/* The format a file name's extension asks for ("x.svg" -> "svg"), or NULL. */
const char *kgd_format_for_path(const char *path);

/* Draws v. On success sets *out (malloc'd, the caller frees) and *len and
 * returns 0; on failure returns -1 with m->error set. */
int kgd_draw(const kg_view *v, const kgd_opts *o, char **out, size_t *len, kgd_msg *m);

/* Writes data to path whole or not at all: a temporary file in the same
 * directory, then rename; the temporary is removed on failure. 0 or -1. */
int kgd_write_file(const char *path, const char *data, size_t len, kgd_msg *m);

/* ---------------------------------------------------------------- */
/* Between draw.c (Graphviz) and draw_style.c (text and styles).     */
/* ---------------------------------------------------------------- */

/* A growing string; on out of memory it stops growing and sets oom. */
typedef struct kgd_buf {
	char *p;
	size_t len, cap;
	bool oom;
} kgd_buf;

void kgd_buf_put(kgd_buf *b, const char *s, size_t n);
void kgd_buf_puts(kgd_buf *b, const char *s);
void kgd_buf_printf(kgd_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *kgd_buf_str(kgd_buf *b); /* NUL-terminated; "" when empty or out of memory */
void kgd_buf_free(kgd_buf *b);

/* Appends s so that Graphviz shows it literally as a label or tooltip:
 * backslashes doubled, newlines as \n; with `record`, also the record
 * field characters {}|<> escaped. */
void kgd_escape(kgd_buf *b, const char *s, bool record);
/* Plain text (not escaped) for a tooltip or an edge label. */
void kgd_entity_tooltip(kgd_buf *b, const kg_graph *g, kg_eid e, kg_date at);
void kgd_rel_tooltip(kgd_buf *b, const kg_graph *g, kg_rid r, kg_date at);
void kgd_rel_words(kgd_buf *b, const kg_schema *s, kg_rtid rt); /* "sends workers to" */
/* The compact second line of an edge label ("~30,000 (2019)"); may be empty. */
void kgd_rel_details(kgd_buf *b, const kg_graph *g, kg_rid r, kg_date at);
/* The value of v drawn at date at (year 0: v itself); NULL when no claim
 * holds then. */
static inline const kg_value *kgd_value_at(const kg_value *v, kg_date at)
{
	return at.year ? kg_value_at(v, at) : v;
}
/* A value as a tooltip or cluster label shows it. */
void kgd_fmt_value(kgd_buf *b, const kg_graph *g, const kg_value *v);

/* A merged style: later keys replace earlier ones. */
typedef struct kgd_kvs {
	kg_style_kv *kv;
	size_t n, cap;
	bool oom;
} kgd_kvs;

/* The schema styles of type t and its ancestors (nearest wins), then the
 * overrides in o for the same types. */
void kgd_entity_style(kgd_kvs *out, const kg_schema *s, kg_tid t, const kgd_opts *o);
void kgd_rtype_style(kgd_kvs *out, const kg_schema *s, kg_rtid rt, const kgd_opts *o);
const char *kgd_kvs_get(const kgd_kvs *k, const char *key); /* NULL if unset */
void kgd_kvs_free(kgd_kvs *k);
/* Checks the schema's styles and the overrides: known type names, and
 * attributes and values from the allow list of schema_style.h. 0, or -1 with
 * m->error set ("style of 'country': 'sides' must be ..."). */
int kgd_check_styles(const kg_schema *s, const kgd_opts *o, kgd_msg *m);
/* The same for one override, as the Lua binding checks each it reads. */
int kgd_check_style(const kg_schema *s, const kgd_style *st, kgd_msg *m);

#endif
