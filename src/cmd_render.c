/* cmd_render.c — `kg render`: choose what to draw, draw it, write it. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "draw.h"
#include "draw_html.h"
#include "lua_kg.h"

static int run(int argc, char **argv);

const kgc_cmd kgc_cmd_render = {
	"render", run, "Draw a graph, or a part of it, with Graphviz.",
	"kg render -g PATH [-g PATH...] [-s SCHEMA] [-o FILE] [-T FORMAT] [-K LAYOUT]\n"
	"          [--focus ID] [--depth N] [--types T,...] [--relations R,...]\n"
	"          [--cluster-by type|ATTR] [--view SCRIPT] [--no-legend]\n"
	"          [--edge-labels auto|on|off] [--isolated] [--graph-attr K=V...]\n"
	"          [--rankdir D] [--overlap O] [--splines S] [--size W,H] [--max-pixels N]\n"
	"          [--as-of DATE]",
	"Draws the graph's entities as nodes (labelled with their names) and its\n"
	"relations as edges (labelled with the relation in words, plus numbers and\n"
	"dates: \"sends workers to\\n~30,000 (2019)\"), through Graphviz's libraries in\n"
	"this process. Looks come from the schema's `style` section (a type's style\n"
	"applies to its subtypes); SVG output carries every attribute and source in\n"
	"tooltips. Same input on the same day (see ended relations), same output,\n"
	"byte for byte.\n"
	"\n"
	"A relation whose `negated` is true is drawn dashed and grey with a tee\n"
	"arrow, labelled \"not ...\", with its own line in the legend. Without\n"
	"--as-of, a relation whose `till` is not after today has ended: it is drawn\n"
	"dotted and light grey with an open arrow (a tee when negated), labelled\n"
	"with its span (\"party to (2015\xe2\x80\x93" "2018)\"), with its own legend line;\n"
	"conditions may test `ended: true` (doc/drawing-attributes.md). With\n"
	"--as-of only what held then is drawn, as current. The legend is\n"
	"one table in the bottom left corner. A type's style may be a list of\n"
	"{when: {ATTR: VALUE}, style: {...}} items, applied when the entity's or\n"
	"relation's attributes match; `style: {graph: {...}}` sets graph attributes.\n"
	"\n"
	"A style may set only the attributes kg allows, each within a range\n"
	"(doc/drawing-attributes.md); anything else is an error naming the range:\n"
	"  entities and relations: color fontcolor fontname fontsize(1-72)\n"
	"                          penwidth(0-20) style URL href (http, https, #)\n"
	"  entities:  fillcolor shape peripheries(0-4) sides(3-32) regular\n"
	"             orientation(0-360) width height(0-10 in) fixedsize labelloc\n"
	"  relations: arrowhead arrowtail arrowsize(0-5) dir minlen(1-10)\n"
	"             weight(0-1000) decorate labelfloat\n"
	"  the graph: rankdir(TB LR BT RL) overlap splines size(W,H in, 0.1-100)\n"
	"             ratio ranksep nodesep(0.02-10) pad(0-10) dpi(36-300) bgcolor\n"
	"             fontcolor fontname fontsize\n"
	"\n"
	"options:\n"
	"  -g, --graph PATH      graph file or directory (repeatable)\n"
	KGC_SCHEMA_HELP
	"  -o, --output FILE     write here, whole or not at all (default: stdout)\n"
	"  -T, --format FORMAT   svg, png, pdf, dot, canon, xdot, json or html; default:\n"
	"                        from FILE's extension, else dot. `dot` is the graph as\n"
	"                        built for the -K layout, not laid out: the Graphviz\n"
	"                        program given it draws exactly what kg draws. `html`\n"
	"                        is one offline page (doc/html.md): the SVG with pan\n"
	"                        and zoom, search by name, id or alias, a panel of\n"
	"                        every attribute, claim and source, type filters and\n"
	"                        a year slider; it fetches nothing\n"
	"  -K, --layout LAYOUT   dot, neato, fdp, sfdp, circo or twopi (default: dot,\n"
	"                        or sfdp past 300 entities or 600 relations)\n"
	"      --focus ID        draw only ID (outlined bold) and its neighbours\n"
	"      --depth N         how many hops from --focus (default 1)\n"
	"      --types T,...     keep entities of these types (subtypes included)\n"
	"      --relations R,... keep relations of these types\n"
	"      --cluster-by type|ATTR  box entities by type, or by an attribute's value\n"
	"      --view SCRIPT     draw the view or graph a Lua script returns\n"
	"                        (the script sees `graph` and `kg`)\n"
	"      --no-legend       leave out the legend of types\n"
	"      --edge-labels auto|on|off  auto: on up to 150 relations\n"
	"      --isolated        keep entities no drawn relation touches (left out\n"
	"                        by default, unless nothing is linked at all)\n"
	"      --graph-attr K=V  a graph attribute (repeatable; after the schema's)\n"
	"      --rankdir D, --overlap O, --splines S, --size W,H\n"
	"                        the same for rankdir, overlap, splines and size\n"
	"      --max-pixels N    a PNG's longest side at most N pixels (default 4000)\n"
	KGC_AS_OF_HELP
	"  -h, --help            this help\n"
	"\n"
	"big graphs: dot needs seconds for 500 entities and minutes past 1,000, so\n"
	"past 300 entities or 600 relations kg draws with sfdp unless -K is given (a\n"
	"warning says so),\n"
	"and an explicit -K dot gets its effort capped. Past 150 relations edge\n"
	"labels are left out (they make layout 5-8 times slower) unless\n"
	"--edge-labels on. --focus ID --depth N draws a readable part.\n"
	"\n"
	"A missing Graphviz plugin (e.g. no png or pdf renderer) is an error naming\n"
	"the Debian package to install. Exit status: 0 drawn, 1 invalid data, an\n"
	"unknown --focus entity, a failed --view script or a failed render, 2 wrong\n"
	"usage.\n"
	"\n"
	"examples:\n"
	"  kg render -g examples/dprk-trafficking -o dprk.svg\n"
	"  kg render -g examples/dprk-trafficking -o dprk.html   # open it in a browser\n"
	"  kg render -g data --focus dprk --depth 2 --cluster-by type -T png -o dprk.png\n"
	"  kg render -g data --types country --relations borders -K neato -o borders.pdf\n",
};

#define ME (&kgc_cmd_render)

typedef struct args {
	const char **paths;
	size_t npaths;
	const char *schema, *output, *focus, *types, *relations, *view_script;
	long depth; /* -1: not given */
	kg_date at; /* --as-of; year 0: none */
	kgd_opts o;
	kg_style_kv *gattrs; /* --graph-attr and the named flags, in order */
} args;

/* One graph attribute from the command line, checked now: a bad one is
 * wrong usage. `kv` is "K=V" (key NULL) or the value of the named flag. */
static int graph_attr(args *a, const char *key, char *kv)
{
	char *value = kv;
	if (!key) {
		char *eq = strchr(kv, '=');
		if (!eq || eq == kv)
			return kgc_usage_error(ME, "--graph-attr wants KEY=VALUE, not '%s'", kv);
		*eq = '\0';
		key = kv;
		value = eq + 1;
	}
	kg_style_kv *g = &a->gattrs[a->o.ngraph_attrs];
	*g = (kg_style_kv){key, value};
	kgd_msg m;
	if (kgd_check_graph_attr(g, &m) < 0)
		return kgc_usage_error(ME, "%s", m.error);
	a->o.ngraph_attrs++;
	return KG_EXIT_OK;
}

static int parse_labels(const char *s, int *out)
{
	if (strcmp(s, "auto") == 0)
		*out = KGD_LABELS_AUTO;
	else if (strcmp(s, "on") == 0)
		*out = KGD_LABELS_ON;
	else if (strcmp(s, "off") == 0)
		*out = KGD_LABELS_OFF;
	else
		return -1;
	return 0;
}

static int parse(int argc, char **argv, args *a)
{
	static const struct option longs[] = {
		{"graph", required_argument, NULL, 'g'},
		{"schema", required_argument, NULL, 's'},
		{"output", required_argument, NULL, 'o'},
		{"format", required_argument, NULL, 'T'},
		{"layout", required_argument, NULL, 'K'},
		{"focus", required_argument, NULL, 'f'},
		{"depth", required_argument, NULL, 'd'},
		{"types", required_argument, NULL, 't'},
		{"relations", required_argument, NULL, 'r'},
		{"cluster-by", required_argument, NULL, 'c'},
		{"view", required_argument, NULL, 'v'},
		{"no-legend", no_argument, NULL, 'n'},
		{"edge-labels", required_argument, NULL, 'e'},
		{"isolated", no_argument, NULL, 'i'},
		{"graph-attr", required_argument, NULL, 'G'},
		{"rankdir", required_argument, NULL, 'R'},
		{"overlap", required_argument, NULL, 'O'},
		{"splines", required_argument, NULL, 'S'},
		{"size", required_argument, NULL, 'Z'},
		{"max-pixels", required_argument, NULL, 'P'},
		{"as-of", required_argument, NULL, 'a'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c, rc;
	char *end;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:g:s:o:T:K:h", longs, NULL)) != -1) {
		switch (c) {
		case 'g': a->paths[a->npaths++] = optarg; break;
		case 's': if (kgc_schema_option(ME, &a->schema, optarg)) return KG_EXIT_USAGE; break;
		case 'o': a->output = optarg; break;
		case 'T': a->o.format = optarg; break;
		case 'K': a->o.layout = optarg; break;
		case 'f': a->focus = optarg; break;
		case 't': a->types = optarg; break;
		case 'r': a->relations = optarg; break;
		case 'c': a->o.cluster_by = optarg; break;
		case 'v': a->view_script = optarg; break;
		case 'n': a->o.legend = false; break;
		case 'i': a->o.isolated = true; break;
		case 'G':
		case 'R':
		case 'O':
		case 'S':
		case 'Z':
			rc = graph_attr(a, c == 'G' ? NULL : c == 'R' ? "rankdir" : c == 'O' ? "overlap"
					 : c == 'S' ? "splines" : "size", optarg);
			if (rc != KG_EXIT_OK)
				return rc;
			break;
		case 'P':
			a->o.max_pixels = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || a->o.max_pixels < 100 ||
			    a->o.max_pixels > 32767)
				return kgc_usage_error(ME, "--max-pixels wants a whole number from 100 to 32767, not '%s'", optarg);
			break;
		case 'a':
			if (kgc_as_of(ME, optarg, &a->at) != KG_EXIT_OK)
				return KG_EXIT_USAGE;
			break;
		case 'd':
			a->depth = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || a->depth < 0 || a->depth > 1000000)
				return kgc_usage_error(ME, "--depth wants a whole number >= 0, not '%s'", optarg);
			break;
		case 'e':
			if (parse_labels(optarg, &a->o.edge_labels) < 0)
				return kgc_usage_error(ME, "--edge-labels wants auto, on or off, not '%s'", optarg);
			break;
		case ':': return kgc_usage_error(ME, "option '%s' needs a value", argv[optind - 1]);
		default: return kgc_usage_error(ME, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return kgc_usage_error(ME, "unexpected argument '%s' (graphs are given with -g)", argv[optind]);
	if (a->npaths == 0)
		return kgc_usage_error(ME, "no graph given (-g PATH)");
	if (a->o.format && !kgd_html_format_known(a->o.format))
		return kgc_usage_error(ME, "unknown format '%s' (use one of %s, html)", a->o.format, kgd_formats);
	if (!a->o.format && a->output) {
		a->o.format = kgd_html_format_for_path(a->output);
		if (!a->o.format)
			return kgc_usage_error(ME, "cannot tell the format from '%s'; give -T (%s, html)",
					       a->output, kgd_formats);
	}
	if (a->o.layout && !kgd_layout_known(a->o.layout))
		return kgc_usage_error(ME, "unknown layout '%s' (use one of %s)", a->o.layout, kgd_layouts);
	if (a->depth >= 0 && !a->focus)
		return kgc_usage_error(ME, "--depth needs --focus ID");
	a->o.focus = a->focus;
	a->o.graph_attrs = a->gattrs;
	if (a->o.cluster_by && !*a->o.cluster_by)
		return kgc_usage_error(ME, "--cluster-by wants type or an attribute name");
	bool binary = a->o.format && (strcmp(a->o.format, "png") == 0 || strcmp(a->o.format, "pdf") == 0);
	if (binary && !a->output && isatty(STDOUT_FILENO))
		return kgc_usage_error(ME, "not writing %s to a terminal; give -o FILE", a->o.format);
	return KG_EXIT_OK;
}

/* ---------------- what to draw ---------------- */

/* Says so; the status to exit with. */
static int oom(void)
{
	fprintf(stderr, "kg render: out of memory\n");
	return KG_EXIT_INVALID;
}

/* In a protected call: the view behind the script's result, copied. */
static int take_view(lua_State *L)
{
	kg_view **out = lua_touserdata(L, 1);
	*out = kg_view_copy(kgl_checkview(L, 2));
	return 0;
}

static kg_view *script_view(kg_graph *g, const char *script, kg_date at, int *status)
{
	FILE *f = fopen(script, "rb");
	if (!f) {
		*status = kgc_usage_error(ME, "cannot open --view script %s", script);
		return NULL;
	}
	size_t len = 0;
	char *buf = kg_read_all(f, (size_t)1 << 30, &len);
	fclose(f);
	if (!buf) {
		*status = oom();
		return NULL;
	}
	kg_view *v = NULL;
	*status = KG_EXIT_INVALID;
	kgl_state_opts so = {0};
	so.at = at;
	lua_State *L = kgl_new_state(g, &so);
	if (!L) {
		oom();
		free(buf);
		return NULL;
	}
	char *sargv[] = {(char *)script, NULL};
	int nres = 0;
	char name[4096];
	snprintf(name, sizeof name, "@%s", script);
	if (kgl_run_chunk(L, buf ? buf : "", len, name, 1, sargv, &nres) != 0) {
		fprintf(stderr, "kg render: %s\n", lua_tostring(L, -1));
	} else if (nres < 1) {
		fprintf(stderr, "kg render: %s returned nothing; it must return a view or a graph\n", script);
	} else {
		int res = lua_absindex(L, -nres); /* the first result */
		lua_pushcfunction(L, take_view);
		lua_pushlightuserdata(L, &v);
		lua_pushvalue(L, res);
		if (lua_pcall(L, 2, 0, 0) != LUA_OK)
			fprintf(stderr, "kg render: %s must return a view or a graph, not a %s\n",
				script, luaL_typename(L, res));
		else if (!v)
			oom();
		else
			*status = KG_EXIT_OK;
	}
	kgl_close_state(&L);
	free(buf);
	return v;
}

/* A byte per type, set for each name in the comma list (and, for entity
 * types, each subtype); exit 2 for an unknown name. */
static int type_mask(const kg_schema *s, const char *list, bool rel, uint8_t *mask)
{
	size_t nt = rel ? kg_schema_rtype_count(s) : kg_schema_type_count(s);
	const char *p = list;
	while (1) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		char name[256];
		if (n == 0 || n >= sizeof name)
			return kgc_usage_error(ME, "bad %s list '%s'", rel ? "--relations" : "--types", list);
		memcpy(name, p, n);
		name[n] = '\0';
		uint32_t t = rel ? kg_schema_rtype_find(s, name) : kg_schema_type_find(s, name);
		if (t == KG_NONE)
			return kgc_usage_error(ME, "no %s type '%s' in the schema", rel ? "relation" : "entity", name);
		for (uint32_t u = 0; u < nt; u++)
			if (u == t || (!rel && kg_schema_type_is(s, u, t)))
				mask[u] = 1;
		if (!comma)
			break;
		p = comma + 1;
	}
	return KG_EXIT_OK;
}

/* The entities of v whose type is in tmask (NULL: all), and the relations
 * between them whose type is in rmask (NULL: all). */
static kg_view *filter(const kg_view *v, const uint8_t *tmask, const uint8_t *rmask)
{
	const kg_graph *g = kg_view_graph(v);
	kg_view *out = kg_view_new(g, false);
	if (!out)
		return NULL;
	for (kg_eid e = kg_view_next_entity(v, KG_NONE); e != KG_NONE; e = kg_view_next_entity(v, e))
		if (!tmask || tmask[kg_entity_type(g, e)])
			kg_view_add_entity(out, e);
	for (kg_rid r = kg_view_next_rel(v, KG_NONE); r != KG_NONE; r = kg_view_next_rel(v, r))
		if ((!rmask || rmask[kg_rel_type(g, r)]) && kg_view_has_entity(out, kg_rel_from(g, r)) &&
		    kg_view_has_entity(out, kg_rel_to(g, r)))
			kg_view_add_rel(out, r);
	return out;
}

static kg_view *choose(kg_graph *g, const args *a, int *status)
{
	const kg_schema *s = kg_graph_schema(g);
	uint8_t *tmask = NULL, *rmask = NULL;
	kg_view *base = NULL, *out = NULL;
	*status = KG_EXIT_OK;
	if (a->types && (tmask = calloc(kg_schema_type_count(s) + 1, 1)))
		*status = type_mask(s, a->types, false, tmask);
	if (*status == KG_EXIT_OK && a->relations &&
	    (rmask = calloc(kg_schema_rtype_count(s) + 1, 1)))
		*status = type_mask(s, a->relations, true, rmask);
	if (*status != KG_EXIT_OK || (a->types && !tmask) || (a->relations && !rmask))
		goto done;
	base = a->view_script ? script_view(g, a->view_script, a->at, status)
	       : a->at.year ? kg_view_at(g, a->at) : kg_view_new(g, true);
	if (!base)
		goto done;
	if (a->focus) {
		kg_eid e = kg_graph_find(g, a->focus);
		if (e == KG_NONE || !kg_view_has_entity(base, e)) {
			char d[16];
			const char *near = e == KG_NONE ? kg_graph_id_near(g, a->focus) : NULL;
			fprintf(stderr, "kg render: no entity '%s'%s%s%s%s%s\n", a->focus,
				e == KG_NONE ? "" : a->view_script ? " in the --view script's view"
				: " in existence on ", e == KG_NONE || a->view_script ? ""
				: kg_date_format(a->at, d, sizeof d), near ? " (did you mean '" : "",
				near ? near : "", near ? "'?)" : "");
			*status = KG_EXIT_INVALID;
			goto done;
		}
		kg_view *nb = kg_view_neighborhood(base, e, a->depth < 0 ? 1 : (unsigned)a->depth,
						   KG_DIR_BOTH, rmask);
		kg_view_free(&base);
		base = nb;
		if (!base)
			goto done;
	}
	out = (tmask || rmask) ? filter(base, tmask, rmask) : kg_view_copy(base);
done:
	if (!out && *status == KG_EXIT_OK)
		*status = oom();
	kg_view_free(&base);
	free(tmask);
	free(rmask);
	return out;
}

/* ---------------- the command ---------------- */

static void print_warnings(const char *w)
{
	while (*w) {
		const char *nl = strchr(w, '\n');
		size_t n = nl ? (size_t)(nl - w) : strlen(w);
		fprintf(stderr, "kg render: warning: %.*s\n", (int)n, w);
		w += n + (nl ? 1 : 0);
	}
}

static int run(int argc, char **argv)
{
	if (kgc_wants_help(argc, argv)) {
		kgc_print_help(ME, stdout);
		return kgc_finish_stdout(KG_EXIT_OK);
	}
	args a = {.depth = -1};
	kgd_opts_init(&a.o);
	a.paths = calloc((size_t)argc + 1, sizeof *a.paths);
	a.gattrs = calloc((size_t)argc + 1, sizeof *a.gattrs);
	if (!a.paths || !a.gattrs) {
		free(a.paths);
		free(a.gattrs);
		return oom();
	}
	int status = parse(argc, argv, &a);
	kg_graph *g = NULL;
	kg_view *v = NULL;
	char *data = NULL;
	size_t len = 0;
	if (status != KG_EXIT_OK)
		goto done;
	g = kgc_load(a.paths, a.npaths, a.schema, KGC_DEFAULT_MAX_ERRORS, &status);
	if (!g)
		goto done;
	v = choose(g, &a, &status);
	if (!v)
		goto done;
	a.o.at = a.at;
	kgd_msg m;
	int rc = kgd_html_draw(v, &a.o, &data, &len, &m); /* kgd_draw, and html */
	print_warnings(m.warning);
	if (rc == 0 && a.output)
		rc = kgd_write_file(a.output, data, len, &m);
	if (rc != 0) {
		fprintf(stderr, "kg render: %s\n", m.error);
		status = KG_EXIT_INVALID;
	} else if (!a.output) {
		fwrite(data, 1, len, stdout);
		status = kgc_finish_stdout(KG_EXIT_OK);
	}
done:
	free(data);
	kg_view_free(&v);
	kg_graph_free(&g);
	free(a.paths);
	free(a.gattrs);
	return status;
}
