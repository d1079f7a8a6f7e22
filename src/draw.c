/* draw.c — every Graphviz call of kg: builds a cgraph graph from a view and
 * lays it out and renders it through gvc, in process. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include "draw.h"
#include "draw_disc.h"
#include "schema_style.h"

const char kgd_formats[] = "svg, png, pdf, dot, canon, xdot, json";
const char kgd_layouts[] = "dot, neato, fdp, sfdp, circo, twopi";

static const char *const formats[] = {"svg", "png", "pdf", "dot", "canon", "xdot", "json", NULL};
static const char *const layouts[] = {"dot", "neato", "fdp", "sfdp", "circo", "twopi", NULL};

/* What to install when Graphviz lacks a plugin (Debian names). */
#define PLUGIN_HINT                                                                    \
	"Graphviz's renderers and layouts are plugins; on Debian they come with the "  \
	"package libgvc6 (apt-get install libgvc6; libgvc6-config-update -c registers " \
	"them)"

static bool in_list(const char *const *l, const char *s)
{
	for (size_t i = 0; s && l[i]; i++)
		if (strcmp(l[i], s) == 0)
			return true;
	return false;
}

void kgd_opts_init(kgd_opts *o)
{
	*o = (kgd_opts){.legend = true, .edge_labels = KGD_LABELS_AUTO};
}

bool kgd_format_known(const char *format)
{
	return in_list(formats, format);
}

bool kgd_layout_known(const char *layout)
{
	return in_list(layouts, layout);
}

const char *kgd_format_for_path(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash : path, '.');
	if (!dot)
		return NULL;
	if (strcmp(dot + 1, "gv") == 0)
		return "dot";
	for (size_t i = 0; formats[i]; i++)
		if (strcmp(dot + 1, formats[i]) == 0)
			return formats[i];
	return NULL;
}

/* ================================================================ */
/* The process-wide Graphviz state                                   */
/* ================================================================ */

/* Graphviz keeps global state (error handler, plugin tables), so one lock
 * guards every call. One context serves the whole process: each
 * gvContext() in 2.43 leaks its copy of the plugin configuration. */
static pthread_mutex_t gv_lock = PTHREAD_MUTEX_INITIALIZER;
static GVC_t *gv_ctx;
static kgd_buf gv_said; /* Graphviz's messages during the current call */

static int gv_collect(char *text)
{
	kgd_buf_puts(&gv_said, text);
	return 0;
}

static void gv_free_context(void)
{
	if (gv_ctx)
		gvFreeContext(gv_ctx);
	gv_ctx = NULL;
	kgd_buf_free(&gv_said);
}

static GVC_t *gv_context(void)
{
	if (!gv_ctx) {
		gv_ctx = gvContext();
		if (gv_ctx)
			atexit(gv_free_context);
	}
	return gv_ctx;
}

/* Graphviz's messages as warning lines: "Warning: x\n" -> "Graphviz: x\n". */
static void said_to(char *dst, size_t dstsz, const char *said)
{
	size_t used = strlen(dst);
	const char *p = said;
	while (*p && used + 1 < dstsz) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (strncmp(p, "Warning: ", 9) == 0 || strncmp(p, "Error: ", 7) == 0) {
			size_t skip = p[0] == 'W' ? 9 : 7;
			p += skip;
			n -= skip;
		}
		if (n > 0)
			used += (size_t)snprintf(dst + used, dstsz - used, "Graphviz: %.*s\n", (int)n, p);
		if (used >= dstsz)
			used = dstsz - 1;
		p += n + (nl ? 1 : 0);
	}
}

static void add_warning(kgd_msg *m, const char *text)
{
	size_t used = strlen(m->warning);
	snprintf(m->warning + used, sizeof m->warning - used, "%s\n", text);
}

/* ================================================================ */
/* gvRenderData's length type: unsigned int * in Graphviz 2.43,      */
/* size_t * from 3.0 on. _Generic picks the call that fits.          */
/* ================================================================ */

typedef int (*render_uint_fn)(GVC_t *, graph_t *, const char *, char **, unsigned int *);
typedef int (*render_size_fn)(GVC_t *, graph_t *, const char *, char **, size_t *);
typedef void (*any_fn)(void);

static int render_uint(GVC_t *c, graph_t *g, const char *f, char **out, size_t *len)
{
	unsigned int n = 0;
	render_uint_fn fn = (render_uint_fn)(any_fn)gvRenderData; /* the type it has here */
	int rc = fn(c, g, f, out, &n);
	*len = n;
	return rc;
}

static int render_size(GVC_t *c, graph_t *g, const char *f, char **out, size_t *len)
{
	size_t n = 0;
	render_size_fn fn = (render_size_fn)(any_fn)gvRenderData; /* the type it has here */
	int rc = fn(c, g, f, out, &n);
	*len = n;
	return rc;
}

#define render_data(c, g, f, out, len)                                                 \
	_Generic(&gvRenderData, render_uint_fn: render_uint, default: render_size)(c, g, f, \
										   out, len)

/* ================================================================ */
/* Building the graph                                                */
/* ================================================================ */

typedef struct build {
	const kg_graph *g;
	const kg_schema *s;
	const kg_view *v;
	const kgd_opts *o;
	const char *format;
	const char *layout; /* NULL: the graph is written unlaid */
	const char *made_for; /* the layout whose attributes the graph carries:
			       * `layout`, or for unlaid DOT the one asked (-K) */
	bool labels;        /* edge labels */
	bool xlabels;       /* ... placed after layout (see kgd_draw) */
	Agraph_t *G;
	Agnode_t **node;    /* by entity index; NULL when not drawn */
	bool *linked;       /* by entity index: a drawn relation touches it */
	kg_eid focus;       /* drawn highlighted, or KG_NONE */
	kgd_kvs *tstyle;    /* merged style by entity type, filled on first use */
	bool *tdone;
	kgd_buf b, t;       /* scratch */
	bool oom;
} build;

static void set(void *obj, const char *key, const char *value)
{
	agsafeset(obj, (char *)key, (char *)value, "");
}

static const kgd_kvs *type_style(build *bd, kg_tid t)
{
	if (!bd->tdone[t]) {
		kgd_entity_style(&bd->tstyle[t], bd->s, t, bd->o);
		bd->tdone[t] = true;
		if (bd->tstyle[t].oom)
			bd->oom = true;
	}
	return &bd->tstyle[t];
}

static void apply(void *obj, const kgd_kvs *k)
{
	for (size_t i = 0; i < k->n; i++)
		set(obj, k->kv[i].key, k->kv[i].value);
}

static bool is_record(const kgd_kvs *k)
{
	const char *shape = kgd_kvs_get(k, "shape");
	return shape && (strcmp(shape, "record") == 0 || strcmp(shape, "Mrecord") == 0);
}

/* Sets obj's label to text, escaped so Graphviz shows it as written. */
static void set_label(build *bd, void *obj, const char *key, const char *text, bool record)
{
	bd->b.len = 0;
	kgd_escape(&bd->b, text, record);
	/* Graphviz 2.43's image-map code reads past the end of a tooltip that
	 * ends in a backslash (found by fuzz_render): never end in one. */
	if (bd->b.len && kgd_buf_str(&bd->b)[bd->b.len - 1] == '\\')
		kgd_buf_puts(&bd->b, " ");
	set(obj, key, kgd_buf_str(&bd->b));
	bd->oom |= bd->b.oom;
}

/* A graph attribute's value as set so far, or NULL. */
static const char *graph_attr(build *bd, const char *key)
{
	Agsym_t *sym = agattr(bd->G, AGRAPH, (char *)key, NULL);
	return sym ? agxget(bd->G, sym) : NULL;
}

/* The schema's `graph` style, then the caller's graph attributes; then, for
 * a PNG, a size that keeps its longest side within max_pixels (Graphviz
 * scales a drawing down to `size`, never up without '!'). */
static void graph_attrs(build *bd)
{
	size_t n;
	const kg_style_kv *kv = kgss_graph_style(bd->s, &n);
	for (size_t i = 0; i < n; i++)
		agattr(bd->G, AGRAPH, (char *)kv[i].key, (char *)kv[i].value);
	for (size_t i = 0; i < bd->o->ngraph_attrs; i++)
		agattr(bd->G, AGRAPH, (char *)bd->o->graph_attrs[i].key,
		       (char *)bd->o->graph_attrs[i].value);
	if (!bd->format || strcmp(bd->format, "png") != 0)
		return;
	const char *dpis = graph_attr(bd, "dpi"), *size = graph_attr(bd, "size");
	double dpi = dpis && *dpis ? strtod(dpis, NULL) : 96;
	long maxpx = bd->o->max_pixels > 0 ? bd->o->max_pixels : KGD_MAX_PIXELS;
	double cap = (double)maxpx / (dpi > 0 ? dpi : 96);
	if (size && *size) {
		char *end;
		double w = strtod(size, &end), h = *end == ',' ? strtod(end + 1, NULL) : w;
		if (w <= cap && h <= cap)
			return;
	}
	char v[64];
	snprintf(v, sizeof v, "%.2f,%.2f", cap, cap);
	agattr(bd->G, AGRAPH, "size", v);
}

static void defaults(build *bd)
{
	Agraph_t *G = bd->G;
	size_t nodes = kg_view_entity_count(bd->v);
	agattr(G, AGRAPH, "fontname", "Helvetica");
	agattr(G, AGRAPH, "fontsize", "12");
	if (bd->made_for == NULL || strcmp(bd->made_for, "dot") == 0)
		agattr(G, AGRAPH, "rankdir", "LR");
	if (bd->made_for && strcmp(bd->made_for, "dot") == 0 &&
	    (nodes > KGD_BIG_NODES || kg_view_rel_count(bd->v) > KGD_BIG_RELS)) {
		/* dot's network simplex and crossing minimization grow worse than
		 * quadratically; these caps bring 2,000 nodes from hours to a minute. */
		agattr(G, AGRAPH, "nslimit", "2");
		agattr(G, AGRAPH, "nslimit1", "2");
		agattr(G, AGRAPH, "mclimit", "0.5");
		agattr(G, AGRAPH, "searchsize", "10");
	}
	if (bd->made_for && strcmp(bd->made_for, "dot") != 0) {
		/* node overlaps removed (prism), with room for the outlines */
		agattr(G, AGRAPH, "overlap", "prism");
		agattr(G, AGRAPH, "sep", "+6");
	}
	graph_attrs(bd);
	agattr(G, AGNODE, "shape", "box");
	agattr(G, AGNODE, "style", "rounded,filled");
	agattr(G, AGNODE, "fillcolor", "#f2f2f2");
	agattr(G, AGNODE, "fontname", "Helvetica");
	agattr(G, AGNODE, "fontsize", "11");
	agattr(G, AGEDGE, "fontname", "Helvetica");
	agattr(G, AGEDGE, "fontsize", "9");
	agattr(G, AGEDGE, "color", "#555555");
	agattr(G, AGEDGE, "fontcolor", "#333333");
}

/* ---------------- clusters ---------------- */

typedef struct cluster {
	char *key;     /* owned */
	Agraph_t *sub;
} cluster;

typedef struct clusters {
	cluster *c;
	size_t n, cap;
} clusters;

static void clusters_free(clusters *cs)
{
	for (size_t i = 0; i < cs->n; i++)
		free(cs->c[i].key);
	free(cs->c);
	*cs = (clusters){0};
}

/* The cluster entity e goes in, made on first use; G when it has none. */
static Agraph_t *cluster_of(build *bd, clusters *cs, kg_eid e)
{
	const char *by = bd->o->cluster_by;
	if (!by)
		return bd->G;
	bd->t.len = 0;
	if (strcmp(by, "type") == 0) {
		kgd_buf_puts(&bd->t, kg_schema_type_name(bd->s, kg_entity_type(bd->g, e)));
	} else {
		const kg_value *v = kg_entity_attr(bd->g, e, by);
		if (!v || !(v = kgd_value_at(v, bd->o->at)))
			return bd->G;
		kgd_fmt_value(&bd->t, bd->g, kg_value_best(v));
	}
	const char *key = kgd_buf_str(&bd->t);
	if (!*key)
		return bd->G;
	for (size_t i = 0; i < cs->n; i++)
		if (strcmp(cs->c[i].key, key) == 0)
			return cs->c[i].sub;
	if (cs->n == cs->cap) {
		size_t cap = cs->cap ? cs->cap * 2 : 8;
		cluster *c = realloc(cs->c, cap * sizeof *c);
		if (!c) {
			bd->oom = true;
			return bd->G;
		}
		cs->c = c;
		cs->cap = cap;
	}
	char name[48];
	snprintf(name, sizeof name, "cluster_%zu", cs->n);
	char *k = strdup(key);
	Agraph_t *sub = k ? agsubg(bd->G, name, 1) : NULL;
	if (!sub) {
		free(k);
		bd->oom = true;
		return bd->G;
	}
	cs->c[cs->n++] = (cluster){k, sub};
	set_label(bd, sub, "label", k, false);
	set(sub, "labelloc", "t");
	set(sub, "labeljust", "c");
	set(sub, "style", "rounded");
	set(sub, "color", "#999999");
	return sub;
}

/* ---------------- nodes and edges ---------------- */

static void add_nodes(build *bd)
{
	clusters cs = {0};
	for (kg_eid e = kg_view_next_entity(bd->v, KG_NONE); e != KG_NONE && !bd->oom;
	     e = kg_view_next_entity(bd->v, e)) {
		if (bd->linked && !bd->linked[e] && e != bd->focus)
			continue;
		Agraph_t *parent = cluster_of(bd, &cs, e);
		/* Made in the root, then placed in its cluster. */
		Agnode_t *n = agnode(bd->G, (char *)kg_entity_id(bd->g, e), 1);
		if (n && parent != bd->G)
			n = agsubnode(parent, n, 1);
		if (!n) {
			bd->oom = true;
			break;
		}
		bd->node[e] = n;
		kg_tid t = kg_entity_type(bd->g, e);
		const kgd_kvs *st = type_style(bd, t);
		kgd_kvs own = {0};
		if (kgd_entity_varies(bd->s, t)) {
			kgd_entity_style_of(&own, bd->g, e, bd->o);
			bd->oom |= own.oom;
			st = &own;
		}
		apply(n, st);
		if (e == bd->focus) {
			set(n, "penwidth", "3");
			set(n, "fontname", "Helvetica-Bold");
		}
		bd->t.len = 0;
		kgd_wrap(&bd->t, kg_entity_name(bd->g, e), KGD_WRAP);
		set_label(bd, n, "label", kgd_buf_str(&bd->t), is_record(st));
		kgd_kvs_free(&own);
		bd->t.len = 0;
		kgd_entity_tooltip(&bd->t, bd->g, e, bd->o->at);
		set_label(bd, n, "tooltip", kgd_buf_str(&bd->t), false);
	}
	clusters_free(&cs);
}

static void add_edges(build *bd)
{
	size_t nrt = kg_schema_rtype_count(bd->s);
	kgd_kvs *rstyle = calloc(nrt ? nrt : 1, sizeof *rstyle);
	bool *rdone = calloc(nrt ? nrt : 1, sizeof *rdone);
	if (!rstyle || !rdone)
		bd->oom = true;
	for (kg_rid r = kg_view_next_rel(bd->v, KG_NONE); r != KG_NONE && !bd->oom;
	     r = kg_view_next_rel(bd->v, r)) {
		Agnode_t *a = bd->node[kg_rel_from(bd->g, r)], *b = bd->node[kg_rel_to(bd->g, r)];
		if (!a || !b)
			continue;
		Agedge_t *ed = agedge(bd->G, a, b, NULL, 1);
		if (!ed) {
			bd->oom = true;
			break;
		}
		kg_rtid rt = kg_rel_type(bd->g, r);
		if (!rdone[rt]) {
			kgd_rtype_style(&rstyle[rt], bd->s, rt, bd->o);
			rdone[rt] = true;
		}
		bool negated = kgd_rel_negated(bd->g, r), ended = kgd_rel_ended(bd->g, r, bd->o);
		if (ended || kgd_rtype_varies(bd->s, rt)) {
			kgd_kvs own = {0};
			kgd_rel_style(&own, bd->g, r, bd->o);
			bd->oom |= own.oom;
			apply(ed, &own);
			kgd_kvs_free(&own);
		} else {
			apply(ed, &rstyle[rt]);
		}
		if (kg_schema_rtype_symmetric(bd->s, rt))
			set(ed, "dir", "none");
		if (ended)
			set(ed, "class", KGD_ENDED_CLASS); /* the SVG's, for the HTML page */
		if (bd->labels) {
			bd->t.len = 0;
			if (negated)
				kgd_buf_puts(&bd->t, "not ");
			kgd_rel_words(&bd->t, bd->s, rt);
			size_t mark = bd->t.len;
			kgd_buf_puts(&bd->t, "\n");
			kgd_rel_details(&bd->t, bd->g, r, bd->o->at);
			if (bd->t.len == mark + 1 && !bd->t.oom)
				bd->t.p[mark] = '\0'; /* no details: one line */
			set_label(bd, ed, bd->xlabels ? "xlabel" : "label", kgd_buf_str(&bd->t), false);
		}
		bd->t.len = 0;
		kgd_rel_tooltip(&bd->t, bd->g, r, bd->o->at);
		set_label(bd, ed, "tooltip", kgd_buf_str(&bd->t), false);
	}
	for (size_t i = 0; rstyle && i < nrt; i++)
		kgd_kvs_free(&rstyle[i]);
	free(rstyle);
	free(rdone);
}

/* ---------------- the legend ---------------- */

/* The first colour of a colour list ("red;0.3:blue" -> "red"), into out. */
static const char *first_color(const char *list, const char *dflt, char *out, size_t outsz)
{
	if (!list || !*list)
		list = dflt;
	size_t n = strcspn(list, ":;");
	snprintf(out, outsz, "%.*s", (int)(n < outsz ? n : outsz - 1), list);
	return out;
}

static bool has_word(const char *list, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = list; p && (p = strstr(p, word)); p += n)
		if ((p == list || p[-1] == ',' || p[-1] == ' ') && (p[n] == '\0' || p[n] == ',' || p[n] == ' '))
			return true;
	return false;
}

/* An entity type's swatch: a cell drawn as its nodes are (fill, outline,
 * text colour, dashed or rounded), holding the type's name. */
static void legend_type(build *bd, kgd_buf *h, kg_tid t)
{
	const kgd_kvs *st = type_style(bd, t);
	const char *style = kgd_kvs_get(st, "style"), *shape = kgd_kvs_get(st, "shape");
	if (!style)
		style = "rounded,filled"; /* the node default of defaults() */
	char fill[64], line[64], font[64];
	first_color(has_word(style, "filled") ? kgd_kvs_get(st, "fillcolor") : "white",
		    has_word(style, "filled") ? "#f2f2f2" : "white", fill, sizeof fill);
	first_color(kgd_kvs_get(st, "color"), "black", line, sizeof line);
	first_color(kgd_kvs_get(st, "fontcolor"), "black", font, sizeof font);
	bool round = has_word(style, "rounded") ||
		     (shape && (strstr(shape, "ellipse") || strstr(shape, "circle") ||
				strcmp(shape, "oval") == 0));
	const char *cell = has_word(style, "dashed") ? " STYLE=\"dashed\""
			   : has_word(style, "dotted") ? " STYLE=\"dotted\""
			   : round ? " STYLE=\"rounded\"" : "";
	kgd_buf_printf(h, "<TD BORDER=\"1\" BGCOLOR=\"%s\" COLOR=\"%s\"%s><FONT COLOR=\"%s\">", fill,
		       line, cell, font);
	kgd_html_escape(h, kg_schema_type_name(bd->s, t));
	kgd_buf_puts(h, "</FONT></TD>");
}

/* A relation type's sample: a short line in its colour and style, an
 * arrowhead unless it has none, then its words ("not ..." when negated,
 * "... (ended)" when ended). */
static void legend_rel(build *bd, kgd_buf *h, kg_rtid rt, bool negated, bool ended)
{
	kgd_kvs k = {0};
	kgd_rtype_look(&k, bd->s, rt, bd->o, negated, ended);
	bd->oom |= k.oom;
	const char *style = kgd_kvs_get(&k, "style"), *head = kgd_kvs_get(&k, "arrowhead");
	const char *dir = kgd_kvs_get(&k, "dir"), *pw = kgd_kvs_get(&k, "penwidth");
	if (!style)
		style = "";
	char color[64];
	first_color(kgd_kvs_get(&k, "color"), "#555555", color, sizeof color);
	bool bold = has_word(style, "bold") || (pw && strtod(pw, NULL) >= 2);
	const char *sample = has_word(style, "invis")    ? "    "
			     : has_word(style, "dashed") ? "\xe2\x80\x93 \xe2\x80\x93 \xe2\x80\x93"
			     : has_word(style, "dotted") ? "\xc2\xb7 \xc2\xb7 \xc2\xb7 \xc2\xb7"
			     : bold ? "\xe2\x94\x81\xe2\x94\x81\xe2\x94\x81\xe2\x94\x81"
				    : "\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80";
	bool none = kg_schema_rtype_symmetric(bd->s, rt) || (dir && strcmp(dir, "none") == 0) ||
		    (head && strcmp(head, "none") == 0);
	const char *arrow = none ? "" : head && strstr(head, "tee") ? "\xe2\x94\xa4"
				      : head && strstr(head, "diamond") ? "\xe2\x97\x87"
				      : head && head[0] == 'o' ? "\xe2\x96\xb9" /* open */
									 : "\xe2\x96\xb8";
	kgd_buf_printf(h, "<TD ALIGN=\"RIGHT\"><FONT COLOR=\"%s\">%s%s%s%s</FONT></TD><TD ALIGN=\"LEFT\">",
		       color, bold ? "<B>" : "", sample, arrow, bold ? "</B>" : "");
	if (negated)
		kgd_buf_puts(h, "not ");
	bd->t.len = 0;
	kgd_rel_words(&bd->t, bd->s, rt);
	kgd_html_escape(h, kgd_buf_str(&bd->t));
	kgd_buf_puts(h, ended ? " (ended)</TD>" : "</TD>");
	kgd_kvs_free(&k);
}

/* The legend: the graph's own label, an HTML-like table placed by every
 * layout in the drawing's bottom left corner, beside nothing and crossed by
 * no edge: the entity types drawn, as swatches, then the relation types
 * drawn (a negated or ended kind on a row of its own), each with a line
 * sample. All
 * text goes through kgd_html_escape; colours and words come from checked
 * styles (schema_style.h), which hold no quote or angle bracket. */
static void add_legend(build *bd)
{
	size_t nt = kg_schema_type_count(bd->s), nrt = kg_schema_rtype_count(bd->s);
	/* tseen by type; rseen by relation type, a bit per kind drawn: 1 plain,
	 * 2 negated, 4 ended, 8 negated and ended */
	uint8_t *tseen = calloc(nt + nrt + 1, 1);
	if (!tseen) {
		bd->oom = true;
		return;
	}
	uint8_t *rseen = tseen + nt;
	size_t ntypes = 0, nrows = 0;
	for (kg_eid e = kg_view_next_entity(bd->v, KG_NONE); e != KG_NONE;
	     e = kg_view_next_entity(bd->v, e))
		if (bd->node[e] && !tseen[kg_entity_type(bd->g, e)]) {
			tseen[kg_entity_type(bd->g, e)] = 1;
			ntypes++;
		}
	for (kg_rid r = kg_view_next_rel(bd->v, KG_NONE); r != KG_NONE;
	     r = kg_view_next_rel(bd->v, r)) {
		uint8_t bit = (uint8_t)((kgd_rel_negated(bd->g, r) ? 2 : 1)
					<< (kgd_rel_ended(bd->g, r, bd->o) ? 2 : 0));
		uint8_t *seen = &rseen[kg_rel_type(bd->g, r)];
		if (!(*seen & bit))
			nrows++;
		*seen |= bit;
	}
	kgd_buf h = {0};
	kgd_buf_puts(&h, "<FONT POINT-SIZE=\"9\"><TABLE BORDER=\"1\" COLOR=\"#999999\" CELLBORDER=\"0\" CELLSPACING=\"0\" "
			 "CELLPADDING=\"2\" BGCOLOR=\"white\">");
	size_t cols = ntypes <= 4 ? ntypes : ntypes <= 12 ? 4 : 6, at = 0;
	if (ntypes) {
		kgd_buf_puts(&h, "<TR><TD><TABLE BORDER=\"0\" CELLSPACING=\"3\" CELLPADDING=\"2\">");
		for (kg_tid t = 0; t < nt; t++) {
			if (!tseen[t])
				continue;
			kgd_buf_puts(&h, at % cols == 0 ? "<TR>" : "");
			legend_type(bd, &h, t);
			kgd_buf_puts(&h, ++at % cols == 0 || at == ntypes ? "</TR>" : "");
		}
		kgd_buf_puts(&h, "</TABLE></TD></TR>");
	}
	cols = nrows <= 3 ? 1 : nrows <= 12 ? 2 : 3;
	at = 0;
	if (nrows) {
		kgd_buf_puts(&h, "<TR><TD><TABLE BORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"1\">");
		for (kg_rtid rt = 0; rt < nrt; rt++)
			for (uint8_t bit = 1; bit <= 8; bit <<= 1) {
				if (!(rseen[rt] & bit))
					continue;
				kgd_buf_puts(&h, at % cols == 0 ? "<TR>" : "");
				legend_rel(bd, &h, rt, bit == 2 || bit == 8, bit >= 4);
				kgd_buf_puts(&h, ++at % cols == 0 || at == nrows ? "</TR>" : "");
			}
		kgd_buf_puts(&h, "</TABLE></TD></TR>");
	}
	kgd_buf_puts(&h, "</TABLE></FONT>");
	bd->oom |= h.oom;
	if (!bd->oom) {
		char *html = agstrdup_html(bd->G, (char *)kgd_buf_str(&h));
		Agsym_t *sym = agattr(bd->G, AGRAPH, "label", "");
		if (html && sym) {
			agxset(bd->G, sym, html);
			set(bd->G, "labelloc", "b");
			set(bd->G, "labeljust", "l");
		} else {
			bd->oom = true;
		}
		if (html)
			agstrfree(bd->G, html);
	}
	kgd_buf_free(&h);
	free(tseen);
}

/* ================================================================ */
/* Drawing                                                           */
/* ================================================================ */

/* The graph as built, written by cgraph (which quotes every name and
 * value) to a malloc'd buffer. */
static int write_dot(Agraph_t *G, char **out, size_t *len, kgd_msg *m)
{
	char *p = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&p, &n);
	if (!f) {
		snprintf(m->error, sizeof m->error, "out of memory");
		return -1;
	}
	int rc = agwrite(G, f);
	if (fclose(f) != 0 || rc != 0) {
		free(p);
		snprintf(m->error, sizeof m->error, "cannot write the DOT text");
		return -1;
	}
	*out = p;
	*len = n;
	return 0;
}

static int lay_out_and_render(Agraph_t *G, const char *layout, const char *format, char **out,
			      size_t *len, kgd_msg *m)
{
	GVC_t *gvc = gv_context();
	if (!gvc) {
		snprintf(m->error, sizeof m->error, "cannot start Graphviz (out of memory?)");
		return -1;
	}
	if (gvLayout(gvc, G, layout) != 0) {
		if (strstr(kgd_buf_str(&gv_said), "not recognized"))
			snprintf(m->error, sizeof m->error,
				 "Graphviz cannot lay out with %s here: no plugin for it. " PLUGIN_HINT,
				 layout);
		else
			snprintf(m->error, sizeof m->error, "Graphviz failed to lay out with %s", layout);
		return -1;
	}
	char *data = NULL;
	size_t n = 0;
	int rc = render_data(gvc, G, format, &data, &n);
	if (rc == 0 && data) {
		*out = malloc(n ? n : 1);
		if (*out) {
			memcpy(*out, data, n);
			*len = n;
		}
	}
	if (data)
		gvFreeRenderData(data);
	gvFreeLayout(gvc, G);
	if (rc != 0) {
		if (strstr(kgd_buf_str(&gv_said), "not recognized"))
			snprintf(m->error, sizeof m->error,
				 "Graphviz cannot write %s here: no plugin for it. " PLUGIN_HINT, format);
		else
			snprintf(m->error, sizeof m->error, "Graphviz failed to render %s", format);
		return -1;
	}
	if (!*out) {
		snprintf(m->error, sizeof m->error, "out of memory");
		return -1;
	}
	return 0;
}

static int draw_locked(build *bd, const char *format, char **out, size_t *len, kgd_msg *m)
{
	bd->G = kgd_graph_open("kg");
	if (!bd->G) {
		snprintf(m->error, sizeof m->error, "out of memory");
		return -1;
	}
	defaults(bd);
	add_nodes(bd);
	add_edges(bd);
	if (bd->o->legend && kg_view_entity_count(bd->v) > 0 && !bd->oom)
		add_legend(bd);
	int rc;
	if (bd->oom) {
		snprintf(m->error, sizeof m->error, "out of memory");
		rc = -1;
	} else if (!bd->layout) {
		rc = write_dot(bd->G, out, len, m);
	} else {
		/* Lay out the graph as its DOT text reads back: the same graph the
		 * dot program would get from `kg render -T dot`, so that kg draws
		 * exactly what that text describes (an in-memory graph built in
		 * another order gets another, slower layout from 2.43). */
		char *text = NULL;
		size_t tlen = 0;
		rc = write_dot(bd->G, &text, &tlen, m);
		Agraph_t *R = rc == 0 ? kgd_graph_read(text, tlen) : NULL;
		free(text);
		if (rc == 0 && !R) {
			snprintf(m->error, sizeof m->error, "Graphviz could not read the graph back");
			rc = -1;
		}
		if (R) {
			rc = lay_out_and_render(R, bd->layout, format, out, len, m);
			agclose(R);
		}
	}
	agclose(bd->G);
	bd->G = NULL;
	return rc;
}

int kgd_draw(const kg_view *v, const kgd_opts *o, char **out, size_t *len, kgd_msg *m)
{
	m->error[0] = m->warning[0] = '\0';
	*out = NULL;
	*len = 0;
	const char *format = o->format ? o->format : "dot";
	if (!kgd_format_known(format)) {
		snprintf(m->error, sizeof m->error, "unknown format '%s' (use one of %s)", format,
			 kgd_formats);
		return -1;
	}
	if (o->layout && !kgd_layout_known(o->layout)) {
		snprintf(m->error, sizeof m->error, "unknown layout '%s' (use one of %s)", o->layout,
			 kgd_layouts);
		return -1;
	}
	const kg_graph *g = kg_view_graph(v);
	kgd_opts oc = *o; /* with the date "ended" is judged at */
	if (!oc.now.year)
		oc.now = kgd_today();
	o = &oc;
	build bd = {.g = g, .s = kg_graph_schema(g), .v = v, .o = o, .format = format};
	if (kgd_check_styles(bd.s, o, m) < 0)
		return -1;

	size_t nodes = kg_view_entity_count(v), edges = kg_view_rel_count(v);
	char note[256];
	if (strcmp(format, "dot") != 0) {
		bd.layout = o->layout;
		bool big = nodes > KGD_BIG_NODES || edges > KGD_BIG_RELS;
		if (!bd.layout && big) {
			bd.layout = "sfdp";
			snprintf(note, sizeof note,
				 "%zu entities, %zu relations: drawn with sfdp, as dot could take "
				 "minutes; draw a part with --focus ID --depth N, or force -K dot",
				 nodes, edges);
			add_warning(m, note);
		} else if (!bd.layout) {
			bd.layout = "dot";
		} else if (strcmp(bd.layout, "dot") == 0 && big) {
			snprintf(note, sizeof note,
				 "%zu entities, %zu relations with dot: its effort is capped "
				 "(nslimit=2, mclimit=0.5), and it may still take minutes", nodes, edges);
			add_warning(m, note);
		}
	}
	bd.labels = o->edge_labels == KGD_LABELS_ON ||
		    (o->edge_labels == KGD_LABELS_AUTO && edges <= KGD_BIG_EDGES);
	if (o->edge_labels == KGD_LABELS_AUTO && edges > KGD_BIG_EDGES) {
		snprintf(note, sizeof note,
			 "%zu relations: edge labels left out (--edge-labels on keeps them)", edges);
		add_warning(m, note);
	}

	/* dot 2.43 ranks edge labels as nodes, and with clusters that fails
	 * ("trouble in init_rank") or frees memory twice; labels placed after
	 * layout (xlabel) avoid it. Unlaid DOT gets the same, for whoever lays
	 * it out with dot later. */
	bd.made_for = bd.layout ? bd.layout : o->layout;
	bd.xlabels = o->cluster_by && (!bd.made_for || strcmp(bd.made_for, "dot") == 0);

	size_t ne = kg_graph_entity_count(g), nt = kg_schema_type_count(bd.s);
	bd.focus = o->focus ? kg_graph_find(g, o->focus) : KG_NONE;
	if (!o->isolated && edges > 0) {
		/* entities no drawn relation touches are left out */
		if (!(bd.linked = calloc(ne ? ne : 1, sizeof *bd.linked))) {
			snprintf(m->error, sizeof m->error, "out of memory");
			return -1;
		}
		for (kg_rid r = kg_view_next_rel(v, KG_NONE); r != KG_NONE; r = kg_view_next_rel(v, r))
			bd.linked[kg_rel_from(g, r)] = bd.linked[kg_rel_to(g, r)] = true;
	}
	bd.node = calloc(ne ? ne : 1, sizeof *bd.node);
	bd.tstyle = calloc(nt ? nt : 1, sizeof *bd.tstyle);
	bd.tdone = calloc(nt ? nt : 1, sizeof *bd.tdone);
	int rc = -1;
	if (!bd.node || !bd.tstyle || !bd.tdone) {
		snprintf(m->error, sizeof m->error, "out of memory");
	} else {
		pthread_mutex_lock(&gv_lock);
		gv_said.len = 0;
		if (gv_said.p)
			gv_said.p[0] = '\0';
		gv_said.oom = false;
		agusererrf old = agseterrf(gv_collect);
		rc = draw_locked(&bd, format, out, len, m);
		agseterrf(old);
		if (gv_said.len)
			said_to(m->warning, sizeof m->warning, kgd_buf_str(&gv_said));
		pthread_mutex_unlock(&gv_lock);
	}
	for (size_t i = 0; bd.tstyle && i < nt; i++)
		kgd_kvs_free(&bd.tstyle[i]);
	free(bd.tstyle);
	free(bd.tdone);
	free(bd.node);
	free(bd.linked);
	kgd_buf_free(&bd.b);
	kgd_buf_free(&bd.t);
	return rc;
}

/* ================================================================ */
/* Graphviz's own allocations under LeakSanitizer                    */
/* ================================================================ */

#if defined(__SANITIZE_ADDRESS__)
#define KGD_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KGD_ASAN 1
#endif
#endif

#ifdef KGD_ASAN
/* The sanitizer build's leak checker reads these. Each is a cache or a copy
 * Graphviz 2.43 or its font stack makes once and never frees, not kg's:
 * - gvconfig: gvContext() keeps the plugin configuration text it read
 *   (kg makes one context per process);
 * - fontconfig, pango: the font list and font cache the text layout
 *   plugin builds on first use, kept for the life of the process;
 * - the layout plugins (dot, neato): 2.43's gvFreeLayout leaves some of
 *   dot's virtual nodes and edges (class2, build_skeleton) and neato's
 *   cluster labels behind. These are Graphviz bugs of a few hundred bytes
 *   per layout, fixed in later releases; kg allocates nothing there.
 * - glib: pango's text layout of an HTML-like label (the legend) keeps a
 *   few hundred bytes in glib arrays for the life of the process.
 * Graphviz is built without frame pointers, so the sanitizer's fast
 * unwinder often sees only Graphviz's allocator (gmalloc in libgvc) on
 * such stacks: libgvc as a whole is suppressed here. valgrind, which
 * unwinds fully, checks with the precise list in tests/valgrind.supp. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:gvconfig\n"
	       "leak:libgvc.so\n"
	       "leak:libfontconfig.so\n"
	       "leak:libpango-1.0.so\n"
	       "leak:libglib-2.0.so\n"
	       "leak:libpangoft2-1.0.so\n"
	       "leak:libgvplugin_dot_layout.so\n"
	       "leak:libgvplugin_neato_layout.so\n";
}
#endif
