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
	const char *layout; /* NULL: the graph is written unlaid */
	const char *made_for; /* the layout whose attributes the graph carries:
			       * `layout`, or for unlaid DOT the one asked (-K) */
	bool labels;        /* edge labels */
	bool xlabels;       /* ... placed after layout (see kgd_draw) */
	Agraph_t *G;
	Agnode_t **node;    /* by entity index; NULL when not drawn */
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
	if (bd->made_for && strcmp(bd->made_for, "dot") != 0)
		agattr(G, AGRAPH, "overlap", "false");
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
		const kgd_kvs *st = type_style(bd, kg_entity_type(bd->g, e));
		apply(n, st);
		set_label(bd, n, "label", kg_entity_name(bd->g, e), is_record(st));
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
		apply(ed, &rstyle[rt]);
		if (kg_schema_rtype_symmetric(bd->s, rt))
			set(ed, "dir", "none");
		if (bd->labels) {
			bd->t.len = 0;
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

/* Types present in the view, as flags by index. */
static void types_present(build *bd, bool *tseen, bool *rseen)
{
	for (kg_eid e = kg_view_next_entity(bd->v, KG_NONE); e != KG_NONE;
	     e = kg_view_next_entity(bd->v, e))
		tseen[kg_entity_type(bd->g, e)] = true;
	for (kg_rid r = kg_view_next_rel(bd->v, KG_NONE); r != KG_NONE;
	     r = kg_view_next_rel(bd->v, r))
		rseen[kg_rel_type(bd->g, r)] = true;
}

/* A legend node's name, in bd->b (valid until the next use of bd->b). */
static char *legend_name(build *bd, const char *pre, const char *type, const char *post)
{
	bd->b.len = 0;
	kgd_buf_printf(&bd->b, "%s%s%s", pre, type, post);
	bd->oom |= bd->b.oom;
	return (char *)kgd_buf_str(&bd->b);
}

/* Legend node names start with '_', which no entity id can. Layouts with
 * clusters (dot, fdp) get a boxed legend with sample nodes and edges; the
 * others, which would scatter it, get one note listing the types. */
static void add_legend(build *bd)
{
	size_t nt = kg_schema_type_count(bd->s), nrt = kg_schema_rtype_count(bd->s);
	bool *tseen = calloc(nt + nrt + 1, sizeof *tseen);
	if (!tseen) {
		bd->oom = true;
		return;
	}
	bool *rseen = tseen + nt;
	types_present(bd, tseen, rseen);
	bool boxed = !bd->made_for || strcmp(bd->made_for, "dot") == 0 ||
		     strcmp(bd->made_for, "fdp") == 0;
	if (boxed) {
		Agraph_t *L = agsubg(bd->G, "cluster_legend", 1);
		if (!L) {
			bd->oom = true;
			free(tseen);
			return;
		}
		set(L, "label", "Legend");
		set(L, "style", "rounded");
		set(L, "color", "#999999");
		for (kg_tid t = 0; t < nt; t++) {
			if (!tseen[t])
				continue;
			Agnode_t *n = agnode(L, legend_name(bd, "_legend_type_",
							       kg_schema_type_name(bd->s, t), ""), 1);
			if (!n)
				break;
			const kgd_kvs *st = type_style(bd, t);
			apply(n, st);
			set_label(bd, n, "label", kg_schema_type_name(bd->s, t), is_record(st));
			set(n, "tooltip", "entity type");
		}
		for (kg_rtid rt = 0; rt < nrt; rt++) {
			if (!rseen[rt])
				continue;
			const char *rn = kg_schema_rtype_name(bd->s, rt);
			Agnode_t *a = agnode(L, legend_name(bd, "_legend_rel_", rn, "_a"), 1);
			Agnode_t *b = agnode(L, legend_name(bd, "_legend_rel_", rn, "_b"), 1);
			Agedge_t *ed = a && b ? agedge(L, a, b, NULL, 1) : NULL;
			if (!ed)
				break;
			set(a, "shape", "point");
			set(a, "width", "0.06");
			set(a, "label", "");
			set(b, "shape", "plaintext");
			set(b, "style", "");
			bd->t.len = 0;
			kgd_rel_words(&bd->t, bd->s, rt);
			set_label(bd, b, "label", kgd_buf_str(&bd->t), false);
			kgd_kvs k = {0};
			kgd_rtype_style(&k, bd->s, rt, bd->o);
			apply(ed, &k);
			kgd_kvs_free(&k);
			if (kg_schema_rtype_symmetric(bd->s, rt))
				set(ed, "dir", "none");
		}
	} else {
		bd->t.len = 0;
		kgd_buf_puts(&bd->t, "Legend\n");
		for (kg_tid t = 0; t < nt; t++)
			if (tseen[t])
				kgd_buf_printf(&bd->t, "[%s]\n", kg_schema_type_name(bd->s, t));
		for (kg_rtid rt = 0; rt < nrt; rt++)
			if (rseen[rt]) {
				kgd_buf_puts(&bd->t, "-> ");
				kgd_rel_words(&bd->t, bd->s, rt);
				kgd_buf_puts(&bd->t, "\n");
			}
		Agnode_t *n = agnode(bd->G, "_legend", 1);
		if (n) {
			set(n, "shape", "note");
			set(n, "style", "filled");
			set(n, "fillcolor", "#ffffff");
			set_label(bd, n, "label", kgd_buf_str(&bd->t), false);
		}
	}
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
	build bd = {.g = g, .s = kg_graph_schema(g), .v = v, .o = o};
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
	       "leak:libpangoft2-1.0.so\n"
	       "leak:libgvplugin_dot_layout.so\n"
	       "leak:libgvplugin_neato_layout.so\n";
}
#endif
