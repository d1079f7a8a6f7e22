/* draw_html.h — `-T html`: one self-contained, offline page holding the SVG
 * drawing of a view, its data as JSON, svg-pan-zoom and kg's page script
 * (internal: used by cmd_render.c and lua_draw.c, in place of kgd_draw).
 *
 * Ownership as kgd_draw: the page is a malloc'd buffer the caller frees;
 * nothing here prints. doc/html.md says what the page does.
 */
#ifndef KG_DRAW_HTML_H
#define KG_DRAW_HTML_H

#include <stdbool.h>
#include <stddef.h>

#include "draw.h"

/* kgd_format_known, plus "html". */
bool kgd_html_format_known(const char *format);
/* kgd_format_for_path, plus "x.html" and "x.htm" -> "html". */
const char *kgd_html_format_for_path(const char *path);

/* kgd_draw for every format: "html" makes the page (from the SVG that
 * kgd_draw renders with o's other options), any other format is kgd_draw's.
 * Same contract as kgd_draw. */
int kgd_html_draw(const kg_view *v, const kgd_opts *o, char **out, size_t *len, kgd_msg *m);

#endif
