/* draw_html.c — `kg render -T html`: the view's SVG (kgd_draw's, from gvc's
 * core SVG renderer), its entities and relations as a JSON blob, the
 * vendored svg-pan-zoom and kg's page script and style (all embedded at
 * build time), written as one page that needs no network. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "draw_html.h"
#include "json.h"

/* Embedded by the Makefile (scripts/embed.sh). */
extern const char kgd_js_svg_pan_zoom[], kgd_js_page[], kgd_css_page[];
extern const unsigned long kgd_js_svg_pan_zoom_len, kgd_js_page_len, kgd_css_page_len;

bool kgd_html_format_known(const char *format)
{
	return kgd_format_known(format) || (format && strcmp(format, "html") == 0);
}

const char *kgd_html_format_for_path(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash : path, '.');
	if (dot && (strcmp(dot, ".html") == 0 || strcmp(dot, ".htm") == 0))
		return "html";
	return kgd_format_for_path(path);
}

/* ================================================================ */
/* The data: JSON written to a memory stream                         */
/* ================================================================ */

typedef struct data {
	const kg_graph *g;
	const kg_schema *s;
	FILE *f;
	uint32_t *eix;     /* graph entity -> index in "entities", KG_NONE if not in the view */
	uint32_t *six;     /* graph entity -> index in "sources", KG_NONE if not one yet */
	kg_eid *src;       /* "sources", in order of first use */
	size_t nsrc;
	uint32_t *tix, *rtix; /* type -> index in "types" / "rtypes", KG_NONE if absent */
	kgd_buf b;         /* scratch */
} data;

static void jstr(data *d, const char *s)
{
	if (s)
		kg_json_string(d->f, s, strlen(s));
	else
		fputs("null", d->f);
}

/* The scratch buffer as a JSON string. */
static void jbuf(data *d)
{
	kg_json_string(d->f, kgd_buf_str(&d->b), d->b.len);
}

static void jloc(data *d, kg_loc loc)
{
	d->b.len = 0;
	if (loc.file)
		kgd_buf_printf(&d->b, "%s:%u", loc.file, (unsigned)loc.line);
	jbuf(d);
}

/* A source's index in "sources", adding it on first use. */
static uint32_t source(data *d, kg_eid e)
{
	if (d->six[e] == KG_NONE) {
		d->six[e] = (uint32_t)d->nsrc;
		d->src[d->nsrc++] = e;
	}
	return d->six[e];
}

static void jsources(data *d, const kg_eid *s, size_t n)
{
	fputc('[', d->f);
	for (size_t i = 0; i < n; i++)
		fprintf(d->f, "%s%u", i ? "," : "", source(d, s[i]));
	fputc(']', d->f);
}

static void jclaim(data *d, const kg_value *v, const kg_claim *c)
{
	d->b.len = 0;
	kgd_fmt_value(&d->b, d->g, v);
	fputs("{\"v\":", d->f);
	jbuf(d);
	if (c) {
		if (c->rank != KG_RANK_NORMAL) {
			fputs(",\"rank\":", d->f);
			jstr(d, kg_rank_name(c->rank));
		}
		if (c->as_of) {
			fputs(",\"as_of\":", d->f);
			jstr(d, c->as_of);
		}
		if (c->note) {
			fputs(",\"note\":", d->f);
			jstr(d, c->note);
		}
		if (c->nsources) {
			fputs(",\"src\":", d->f);
			jsources(d, c->sources, c->nsources);
		}
		if (c->loc.file) {
			fputs(",\"loc\":", d->f);
			jloc(d, c->loc);
		}
	}
	fputc('}', d->f);
}

/* "attrs":[{"name":..,"claims":[{"v":..,"rank":..,"as_of":..,"note":..,"src":[..],"loc":..}]}] */
static void jattrs(data *d, const kg_attr *a, size_t n)
{
	fputs(",\"attrs\":[", d->f);
	for (size_t i = 0; i < n; i++) {
		fputs(i ? ",{\"name\":" : "{\"name\":", d->f);
		jstr(d, kg_attr_name(d->g, &a[i]));
		fputs(",\"claims\":[", d->f);
		const kg_value *v = &a[i].value;
		if (v->kind == KG_V_CLAIMS) {
			for (uint32_t k = 0; k < v->n; k++) {
				if (k)
					fputc(',', d->f);
				jclaim(d, &v->u.claims[k].value, &v->u.claims[k]);
			}
		} else {
			jclaim(d, v, NULL);
		}
		fputs("]}", d->f);
	}
	fputc(']', d->f);
}

/* The year a date-like value starts with ("2019-12" -> 2019, 2017 -> 2017). */
static bool year_of(const kg_value *v, long *year)
{
	if (!v)
		return false;
	v = kg_value_best(v);
	if (v->kind == KG_V_INT) {
		if (v->u.i < -99999 || v->u.i > 99999)
			return false;
		*year = (long)v->u.i;
		return true;
	}
	if ((v->kind != KG_V_DATE && v->kind != KG_V_STRING) || !v->u.s)
		return false;
	const char *p = v->u.s;
	bool neg = *p == '-';
	p += neg;
	long y = 0;
	int digits = 0;
	while (isdigit((unsigned char)*p) && digits < 5) {
		y = y * 10 + (*p++ - '0');
		digits++;
	}
	if (digits == 0 || isdigit((unsigned char)*p))
		return false;
	*year = neg ? -y : y;
	return true;
}

/* Years a relation holds: from its since (else its as_of) to its till
 * (exclusive, doc/time.md). */
static void jyears(data *d, kg_rid r)
{
	long y;
	if (year_of(kg_rel_attr(d->g, r, "since"), &y) || year_of(kg_rel_attr(d->g, r, "as_of"), &y))
		fprintf(d->f, ",\"y0\":%ld", y);
	const kg_value *till = kg_rel_attr(d->g, r, "till");
	if (year_of(till, &y)) {
		/* y1: the last year with a valid day; till itself is not one, so a
		 * till on the first day of a year (2011, 2011-01, 2011-01-01) ends
		 * the year before */
		const kg_value *t = kg_value_best(till);
		const char *iso = t->kind == KG_V_DATE || t->kind == KG_V_STRING ? t->u.s : NULL;
		if (!iso || strlen(iso) == 4 || strcmp(iso + 4, "-01") == 0 || strcmp(iso + 4, "-01-01") == 0)
			y--;
		fprintf(d->f, ",\"y1\":%ld", y);
	}
}

/* What entities and relations share, up to the closing brace:
 * ,"loc":..,"notes":..,"src":[..],"attrs":[..]} */
static void jtail(data *d, kg_loc loc, const char *notes, const kg_eid *src, size_t nsrc,
		  const kg_attr *a, size_t na)
{
	fputs(",\"loc\":", d->f);
	jloc(d, loc);
	if (notes) {
		fputs(",\"notes\":", d->f);
		jstr(d, notes);
	}
	fputs(",\"src\":", d->f);
	jsources(d, src, nsrc);
	jattrs(d, a, na);
	fputc('}', d->f);
}

static void jentity(data *d, kg_eid e)
{
	const kg_graph *g = d->g;
	fputs("{\"id\":", d->f);
	jstr(d, kg_entity_id(g, e));
	fputs(",\"name\":", d->f);
	jstr(d, kg_entity_name(g, e));
	fprintf(d->f, ",\"t\":%u,\"aliases\":[", d->tix[kg_entity_type(g, e)]);
	size_t n;
	const char *const *al = kg_entity_aliases(g, e, &n);
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputc(',', d->f);
		jstr(d, al[i]);
	}
	fputc(']', d->f);
	size_t na;
	const kg_eid *s = kg_entity_sources(g, e, &n);
	const kg_attr *a = kg_entity_attrs(g, e, &na);
	jtail(d, kg_entity_loc(g, e), kg_entity_notes(g, e), s, n, a, na);
}

static void jrel(data *d, kg_rid r)
{
	const kg_graph *g = d->g;
	fprintf(d->f, "{\"f\":%u,\"to\":%u,\"t\":%u", d->eix[kg_rel_from(g, r)],
		d->eix[kg_rel_to(g, r)], d->rtix[kg_rel_type(g, r)]);
	if (kg_rel_id(g, r)) {
		fputs(",\"id\":", d->f);
		jstr(d, kg_rel_id(g, r));
	}
	jyears(d, r);
	if (kgd_rel_negated(g, r))
		fputs(",\"neg\":true", d->f); /* read "not WORDS", as the drawing says */
	size_t n, na;
	const kg_eid *s = kg_rel_sources(g, r, &n);
	const kg_attr *a = kg_rel_attrs(g, r, &na);
	jtail(d, kg_rel_loc(g, r), kg_rel_notes(g, r), s, n, a, na);
}

/* Only http(s) addresses become links (the page script checks again). */
static const char *web_url(const kg_graph *g, kg_eid e)
{
	const kg_value *v = kg_entity_attr(g, e, "url");
	v = v ? kg_value_best(v) : NULL;
	if (!v || v->kind != KG_V_STRING || !v->u.s)
		return NULL;
	if (strncasecmp(v->u.s, "http://", 7) == 0 || strncasecmp(v->u.s, "https://", 8) == 0)
		return v->u.s;
	return NULL;
}

static void write_data(data *d, const kg_view *v)
{
	const kg_graph *g = d->g;
	const kg_schema *s = d->s;
	size_t nt = kg_schema_type_count(s), nrt = kg_schema_rtype_count(s);
	uint32_t ne = 0, ntp = 0, nrtp = 0;
	for (kg_eid e = kg_view_next_entity(v, KG_NONE); e != KG_NONE; e = kg_view_next_entity(v, e)) {
		d->eix[e] = ne++;
		d->tix[kg_entity_type(g, e)] = 0;
	}
	for (kg_rid r = kg_view_next_rel(v, KG_NONE); r != KG_NONE; r = kg_view_next_rel(v, r))
		d->rtix[kg_rel_type(g, r)] = 0;

	fputs("{\"types\":[", d->f);
	for (kg_tid t = 0; t < nt; t++)
		if (d->tix[t] != KG_NONE) {
			d->tix[t] = ntp;
			fputs(ntp++ ? "," : "", d->f);
			jstr(d, kg_schema_type_name(s, t));
		}
	fputs("],\"rtypes\":[", d->f);
	for (kg_rtid rt = 0; rt < nrt; rt++)
		if (d->rtix[rt] != KG_NONE) {
			d->rtix[rt] = nrtp;
			fputs(nrtp++ ? ",{\"name\":" : "{\"name\":", d->f);
			jstr(d, kg_schema_rtype_name(s, rt));
			d->b.len = 0;
			kgd_rel_words(&d->b, s, rt);
			fputs(",\"words\":", d->f);
			jbuf(d);
			fputc('}', d->f);
		}
	fputs("],\"entities\":[", d->f);
	for (kg_eid e = kg_view_next_entity(v, KG_NONE); e != KG_NONE; e = kg_view_next_entity(v, e)) {
		if (d->eix[e])
			fputc(',', d->f);
		jentity(d, e);
	}
	fputs("],\"rels\":[", d->f);
	bool first = true;
	for (kg_rid r = kg_view_next_rel(v, KG_NONE); r != KG_NONE; r = kg_view_next_rel(v, r)) {
		if (!first)
			fputc(',', d->f);
		first = false;
		jrel(d, r);
	}
	fputs("],\"sources\":[", d->f);
	for (size_t i = 0; i < d->nsrc; i++) {
		kg_eid e = d->src[i];
		fputs(i ? ",{\"id\":" : "{\"id\":", d->f);
		jstr(d, kg_entity_id(g, e));
		fputs(",\"name\":", d->f);
		jstr(d, kg_entity_name(g, e));
		const char *url = web_url(g, e);
		if (url) {
			fputs(",\"url\":", d->f);
			jstr(d, url);
		}
		fputc('}', d->f);
	}
	fputs("]}", d->f);
}

/* The view's data as JSON in a malloc'd buffer, or NULL out of memory. */
static char *view_json(const kg_view *v, size_t *len)
{
	const kg_graph *g = kg_view_graph(v);
	data d = {.g = g, .s = kg_graph_schema(g)};
	size_t ne = kg_graph_entity_count(g);
	size_t nt = kg_schema_type_count(d.s), nrt = kg_schema_rtype_count(d.s);
	d.eix = malloc((ne ? ne : 1) * sizeof *d.eix);
	d.six = malloc((ne ? ne : 1) * sizeof *d.six);
	d.src = malloc((ne ? ne : 1) * sizeof *d.src);
	d.tix = malloc((nt + nrt + 1) * sizeof *d.tix);
	char *p = NULL;
	*len = 0;
	if (d.eix && d.six && d.src && d.tix) {
		memset(d.eix, 0xff, (ne ? ne : 1) * sizeof *d.eix); /* KG_NONE */
		memset(d.six, 0xff, (ne ? ne : 1) * sizeof *d.six);
		memset(d.tix, 0xff, (nt + nrt + 1) * sizeof *d.tix);
		d.rtix = d.tix + nt;
		d.f = open_memstream(&p, len);
	}
	if (d.f) {
		write_data(&d, v);
		if (fclose(d.f) != 0 || d.b.oom) {
			free(p);
			p = NULL;
		}
	}
	kgd_buf_free(&d.b);
	free(d.eix);
	free(d.six);
	free(d.src);
	free(d.tix);
	return p;
}

/* ================================================================ */
/* The page                                                          */
/* ================================================================ */

/* s[0..n) with every '<' as \u003c: inside <script> no "</script" or
 * "<!--" can then end or bend the JSON ('<' only occurs in its strings). */
static void put_json(kgd_buf *b, const char *s, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '<') {
			kgd_buf_put(b, s + start, i - start);
			kgd_buf_puts(b, "\\u003c");
			start = i + 1;
		}
	kgd_buf_put(b, s + start, n - start);
}

/* FNV-1a: the script nonce is a hash of the page's data, so the same input
 * gives the same page byte for byte, and no name in the data can carry a
 * script the Content-Security-Policy lets run. */
static uint64_t fnv(uint64_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* The drawing s[0..n) without what the page never shows but the browser
 * would still parse into nodes: Graphviz's comments (one per node and
 * edge, names in them escaped) and the newlines between two tags (a text
 * node each, some 60,000 on a 2,000 / 5,000 graph). Text inside <text>
 * is kept as it is. */
static void put_lean_svg(kgd_buf *b, const char *s, size_t n)
{
	size_t i = 0, from = 0;
	int in_text = 0;
	while (i < n) {
		if (s[i] != '<' && !(s[i] == '\n' && i > 0 && s[i - 1] == '>' && i + 1 < n && s[i + 1] == '<')) {
			i++;
			continue;
		}
		if (s[i] == '\n') {
			if (!in_text) {
				kgd_buf_put(b, s + from, i - from);
				from = i + 1;
			}
			i++;
			continue;
		}
		if (n - i >= 5 && memcmp(s + i, "<text", 5) == 0 && (s[i + 5] == ' ' || s[i + 5] == '>'))
			in_text = 1;
		else if (n - i >= 7 && memcmp(s + i, "</text>", 7) == 0)
			in_text = 0;
		else if (!in_text && n - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
			const char *end = NULL;
			for (size_t k = i + 4; k + 3 <= n && !end; k++)
				if (memcmp(s + k, "-->", 3) == 0)
					end = s + k + 3;
			if (end) {
				kgd_buf_put(b, s + from, i - from);
				i = (size_t)(end - s);
				if (i < n && s[i] == '\n')
					i++;
				from = i;
				continue;
			}
		}
		i++;
	}
	kgd_buf_put(b, s + from, n - from);
}

static void put_script(kgd_buf *b, const char *nonce, const char *s, size_t n)
{
	kgd_buf_printf(b, "<script nonce=\"%s\">\n", nonce);
	kgd_buf_put(b, s, n);
	kgd_buf_puts(b, "\n</script>\n");
}

static int page(const kg_view *v, const char *svg, size_t svglen, char **out, size_t *len,
		kgd_msg *m)
{
	/* The SVG element itself, without the XML declaration and doctype. */
	const char *start = NULL;
	for (size_t i = 0; i + 4 <= svglen && !start; i++)
		if (memcmp(svg + i, "<svg", 4) == 0)
			start = svg + i;
	if (!start) {
		snprintf(m->error, sizeof m->error, "Graphviz's SVG has no <svg> element");
		return -1;
	}
	svglen -= (size_t)(start - svg);
	/* The end of the <svg ...> start tag (Graphviz escapes '>' in values)
	 * and the start of the last </svg>: kg's viewport group goes between. */
	const char *open_end = memchr(start, '>', svglen), *close = NULL;
	for (size_t i = svglen; i >= 6 && !close; i--)
		if (memcmp(start + i - 6, "</svg>", 6) == 0)
			close = start + i - 6;
	if (!open_end || !close || close < open_end) {
		snprintf(m->error, sizeof m->error, "Graphviz's SVG has no </svg> after its <svg>");
		return -1;
	}
	size_t jlen = 0;
	char *json = view_json(v, &jlen);
	if (!json) {
		snprintf(m->error, sizeof m->error, "out of memory");
		return -1;
	}
	uint64_t h = fnv(fnv(0xcbf29ce484222325ULL, start, svglen), json, jlen);
	char nonce[24];
	snprintf(nonce, sizeof nonce, "kg%016llx", (unsigned long long)h);

	kgd_buf b = {0};
	kgd_buf_printf(&b,
		       "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		       "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		       "script-src 'nonce-%s'; style-src 'unsafe-inline'\">\n"
		       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		       "<meta name=\"generator\" content=\"kg " KG_VERSION "\">\n"
		       "<title>kg: %zu entities, %zu relations</title>\n<style>\n",
		       nonce, kg_view_entity_count(v), kg_view_rel_count(v));
	kgd_buf_put(&b, kgd_css_page, kgd_css_page_len);
	kgd_buf_puts(&b,
		     "</style>\n</head>\n<body>\n<header id=\"kg-bar\">\n"
		     "<input id=\"kg-search\" type=\"search\" placeholder=\"Search: name, id or alias\" "
		     "list=\"kg-names\" autocomplete=\"off\" aria-label=\"Search\">\n"
		     "<datalist id=\"kg-names\"></datalist>\n<span id=\"kg-found\"></span>\n"
		     "<details id=\"kg-filters\"><summary>Types</summary>"
		     "<div id=\"kg-types\"></div></details>\n"
		     "<label id=\"kg-year-box\" hidden>Year <input id=\"kg-year\" type=\"range\"> "
		     "<output id=\"kg-year-out\"></output></label>\n"
		     "</header>\n<main id=\"kg-main\">\n<div id=\"kg-svg\"><noscript><p>The drawing "
		     "needs JavaScript here; <code>kg render -T svg</code> draws it without."
		     "</p></noscript></div>\n");
	/* The drawing is parsed inert, in a <template>: the browser neither
	 * styles nor lays out nor paints it while the page loads; the script
	 * moves it into #kg-svg once, ready (doc/html.md, "Speed"). The group
	 * is svg-pan-zoom's viewport, given here so that it need not move the
	 * drawing into one of its own. */
	kgd_buf_puts(&b, "<template id=\"kg-drawing\">");
	kgd_buf_put(&b, start, (size_t)(open_end + 1 - start));
	kgd_buf_puts(&b, "<g class=\"svg-pan-zoom_viewport\">");
	put_lean_svg(&b, open_end + 1, (size_t)(close - (open_end + 1)));
	kgd_buf_puts(&b, "</g>");
	kgd_buf_put(&b, close, svglen - (size_t)(close - start));
	kgd_buf_puts(&b, "</template>\n<aside id=\"kg-panel\" hidden></aside>\n</main>\n");
	kgd_buf_puts(&b, "<script id=\"kg-data\" type=\"application/json\">\n");
	put_json(&b, json, jlen);
	kgd_buf_puts(&b, "\n</script>\n");
	free(json);
	put_script(&b, nonce, kgd_js_svg_pan_zoom, kgd_js_svg_pan_zoom_len);
	put_script(&b, nonce, kgd_js_page, kgd_js_page_len);
	kgd_buf_puts(&b, "</body>\n</html>\n");
	if (b.oom) {
		kgd_buf_free(&b);
		snprintf(m->error, sizeof m->error, "out of memory");
		return -1;
	}
	*out = b.p; /* the caller owns it now */
	*len = b.len;
	return 0;
}

int kgd_html_draw(const kg_view *v, const kgd_opts *o, char **out, size_t *len, kgd_msg *m)
{
	if (!o->format || strcmp(o->format, "html") != 0)
		return kgd_draw(v, o, out, len, m);
	kgd_opts so = *o;
	so.format = "svg";
	/* the page's data holds what the drawing shows: without isolated,
	 * the entities its relations touch (kgd_draw's rule) */
	kg_view *drawn = NULL;
	if (!o->isolated && kg_view_next_rel(v, KG_NONE) != KG_NONE) {
		if (!(drawn = kg_view_new(kg_view_graph(v), false))) {
			snprintf(m->error, sizeof m->error, "out of memory");
			return -1;
		}
		for (kg_rid r = kg_view_next_rel(v, KG_NONE); r != KG_NONE; r = kg_view_next_rel(v, r))
			kg_view_add_rel(drawn, r);
		so.isolated = true;
	}
	char *svg = NULL;
	size_t svglen = 0;
	int rc = kgd_draw(drawn ? drawn : v, &so, &svg, &svglen, m);
	if (rc == 0)
		rc = page(drawn ? drawn : v, svg, svglen, out, len, m);
	free(svg);
	kg_view_free(&drawn);
	return rc;
}
