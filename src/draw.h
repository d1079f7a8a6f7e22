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
	/* Graph attributes (--graph-attr, Lua's `graph`), after the schema's
	 * `graph` style, in order; checked like styles. */
	const kg_style_kv *graph_attrs;
	size_t ngraph_attrs;
	const char *focus;      /* an entity id drawn highlighted; NULL: none */
	bool isolated;          /* keep entities no drawn relation touches */
	long max_pixels;        /* png: the longest side at most this; 0: KGD_MAX_PIXELS */
	kg_date at;             /* --as-of, g:at: values are read at this date (the claim
				 * that holds then); year 0: every claim */
	kg_date now;            /* without `at`: a relation whose till is not after this
				 * date is drawn ended; year 0: today (UTC) */
} kgd_opts;

/* A PNG's longest side by default, in pixels: image viewers refuse much
 * bigger bitmaps (circo drew 13,609 x 13,565). */
#define KGD_MAX_PIXELS 4000
/* Names wrap past this many characters (at spaces). */
#define KGD_WRAP 24
/* Negated relations: dashed, this muted colour, a tee arrow, "not" said. */
#define KGD_NEGATED_COLOR "#9a9a9a"
/* Ended relations (a drawing of the whole graph, not at a date): dotted,
 * a lighter grey, an open arrow (a negated one keeps its tee), the span in
 * the label, and the SVG class kg-ended. */
#define KGD_ENDED_COLOR "#b0b0b0"
#define KGD_ENDED_FONTCOLOR "#808080"
#define KGD_ENDED_CLASS "kg-ended"

/* What a call has to say: error is set when it failed, warning holds zero
 * or more lines (each ending in '\n') either way. */
typedef struct kgd_msg {
	char error[1024];
	char warning[1024];
} kgd_msg;

/* Defaults: DOT, auto layout, legend, auto labels, isolated entities left
 * out (unless no relation is drawn at all), PNGs capped at KGD_MAX_PIXELS. */
void kgd_opts_init(kgd_opts *o);

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
/* The compact second line of an edge label ("~30,000 (2019)"); may be empty.
 * Its date: the span "(2015–2018)", "(–2018)" or "(since 2015)" when the
 * relation has a since or till, else its first date attribute "(2019)". */
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
/* Whether entities of type t (relations of type rt) may each look
 * different: the schema has conditional styles for them (or rt has a bool
 * `negated`). Then each gets its own style: */
bool kgd_entity_varies(const kg_schema *s, kg_tid t);
bool kgd_rtype_varies(const kg_schema *s, kg_rtid rt);
/* schema style, conditional rules that hold, overrides; for a relation the
 * negated look, then the ended look, come after its type's schema style and
 * before its conditional rules (which may test `ended`). */
void kgd_entity_style_of(kgd_kvs *out, const kg_graph *g, kg_eid e, const kgd_opts *o);
void kgd_rel_style(kgd_kvs *out, const kg_graph *g, kg_rid r, const kgd_opts *o);
/* The look of relation type rt drawn negated and/or ended, as its legend
 * row shows it: as kgd_rel_style, with the conditional rules that test only
 * `negated` and `ended` judged by those two. */
void kgd_rtype_look(kgd_kvs *out, const kg_schema *s, kg_rtid rt, const kgd_opts *o,
		    bool negated, bool ended);
bool kgd_rel_negated(const kg_graph *g, kg_rid r); /* its `negated` is true */
/* Relation r has ended: the drawing is not at a date (o->at), r has a till
 * and its first day is not after o->now (today when unset). */
bool kgd_rel_ended(const kg_graph *g, kg_rid r, const kgd_opts *o);
/* Today's date (UTC), as a day. */
kg_date kgd_today(void);
/* Appends s for an HTML-like label: & < > " ' as entities, control
 * characters left out. */
void kgd_html_escape(kgd_buf *b, const char *s);
/* Appends s with a line break at the last space before every `width`
 * characters (a word longer than that stays whole; runs of spaces become
 * one). */
void kgd_wrap(kgd_buf *b, const char *s, size_t width);
const char *kgd_kvs_get(const kgd_kvs *k, const char *key); /* NULL if unset */
void kgd_kvs_free(kgd_kvs *k);
/* Checks the schema's styles and the overrides: known type names, and
 * attributes and values from the allow list of schema_style.h. 0, or -1 with
 * m->error set ("style of 'country': 'sides' must be ..."). */
int kgd_check_styles(const kg_schema *s, const kgd_opts *o, kgd_msg *m);
/* The same for one override, as the Lua binding checks each it reads. */
int kgd_check_style(const kg_schema *s, const kgd_style *st, kgd_msg *m);
/* The same for one graph attribute. */
int kgd_check_graph_attr(const kg_style_kv *kv, kgd_msg *m);

#endif
