/* lua_draw.c — kg.dot and kg.render: drawing from Lua (the binding calls
 * drawing, never the other way round). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "draw_html.h"
#include "lua_kg.h"

/* graph = {rankdir = "LR", ...}: an array in a userdata anchored at
 * scratch[0], sorted by key so the table's order cannot change the output;
 * numbers become strings anchored in scratch too. */
static void read_graph(lua_State *L, int idx, int scratch, kgd_opts *o)
{
	if (lua_getfield(L, idx, "graph") != LUA_TTABLE) {
		lua_pop(L, 1);
		return;
	}
	int gt = lua_gettop(L);
	size_t n = 0;
	lua_pushnil(L);
	while (lua_next(L, gt)) {
		if (lua_type(L, -2) != LUA_TSTRING ||
		    (lua_type(L, -1) != LUA_TSTRING && lua_type(L, -1) != LUA_TNUMBER))
			luaL_argerror(L, idx, "option 'graph' must map attribute names to strings or numbers");
		n++;
		lua_pop(L, 1);
	}
	kg_style_kv *kv = lua_newuserdatauv(L, (n ? n : 1) * sizeof *kv, 0);
	lua_rawseti(L, scratch, 0);
	size_t i = 0;
	lua_pushnil(L);
	while (lua_next(L, gt)) {
		lua_pushvalue(L, -1);
		const char *v = lua_tostring(L, -1); /* a copy: lua_next needs the key unchanged */
		lua_rawseti(L, scratch, -(lua_Integer)i - 1);
		kv[i] = (kg_style_kv){lua_tostring(L, -2), v};
		kgd_msg m;
		if (kgd_check_graph_attr(&kv[i], &m) < 0)
			luaL_argerror(L, idx, lua_pushstring(L, m.error));
		i++;
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	for (size_t a = 1; a < n; a++) { /* insertion sort by key */
		kg_style_kv x = kv[a];
		size_t b = a;
		for (; b > 0 && strcmp(kv[b - 1].key, x.key) > 0; b--)
			kv[b] = kv[b - 1];
		kv[b] = x;
	}
	o->graph_attrs = kv;
	o->ngraph_attrs = n;
}

/* Reads the options table at idx into o. Strings stay owned by Lua: the
 * table is on the stack for the whole call, and strings made from numbers
 * are anchored in a scratch table pushed by this function (left on top).
 * `render` allows output and format. Raises argument errors naming the
 * option, or the style attribute that schema's types or schema_style.h refuse.
 * Returns the output path or NULL. */
static const char *check_opts(lua_State *L, int idx, kgd_opts *o, bool render,
			      const kg_schema *schema)
{
	kgd_opts_init(o);
	lua_newtable(L); /* scratch: anchors converted strings and the styles array */
	int scratch = lua_gettop(L);
	if (lua_isnoneornil(L, idx))
		return NULL;
	luaL_checktype(L, idx, LUA_TTABLE);
	const char *output = NULL;
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		if (lua_type(L, -2) != LUA_TSTRING)
			luaL_argerror(L, idx, "option names must be strings");
		const char *k = lua_tostring(L, -2);
		int t = lua_type(L, -1);
		if (render && strcmp(k, "output") == 0) {
			if (t != LUA_TSTRING)
				luaL_argerror(L, idx, "option 'output' must be a file name");
			output = lua_tostring(L, -1);
		} else if (render && strcmp(k, "format") == 0) {
			if (t != LUA_TSTRING || !kgd_html_format_known(lua_tostring(L, -1)))
				luaL_argerror(L, idx, lua_pushfstring(L, "option 'format' must be one of %s, html",
								      kgd_formats));
			o->format = lua_tostring(L, -1);
		} else if (strcmp(k, "layout") == 0) {
			if (t != LUA_TSTRING || !kgd_layout_known(lua_tostring(L, -1)))
				luaL_argerror(L, idx, lua_pushfstring(L, "option 'layout' must be one of %s",
								      kgd_layouts));
			o->layout = lua_tostring(L, -1);
		} else if (strcmp(k, "cluster_by") == 0) {
			if (t != LUA_TSTRING || !*lua_tostring(L, -1))
				luaL_argerror(L, idx, "option 'cluster_by' must be \"type\" or an attribute name");
			o->cluster_by = lua_tostring(L, -1);
		} else if (strcmp(k, "legend") == 0) {
			if (t != LUA_TBOOLEAN)
				luaL_argerror(L, idx, "option 'legend' must be a boolean");
			o->legend = lua_toboolean(L, -1);
		} else if (strcmp(k, "edge_labels") == 0) {
			const char *s = t == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
			if (t == LUA_TBOOLEAN)
				o->edge_labels = lua_toboolean(L, -1) ? KGD_LABELS_ON : KGD_LABELS_OFF;
			else if (s && strcmp(s, "auto") == 0)
				o->edge_labels = KGD_LABELS_AUTO;
			else if (s && strcmp(s, "on") == 0)
				o->edge_labels = KGD_LABELS_ON;
			else if (s && strcmp(s, "off") == 0)
				o->edge_labels = KGD_LABELS_OFF;
			else
				luaL_argerror(L, idx, "option 'edge_labels' must be \"auto\", \"on\", \"off\" or a boolean");
		} else if (strcmp(k, "styles") == 0) {
			if (t != LUA_TTABLE)
				luaL_argerror(L, idx, "option 'styles' must be a table {type = {key = value}}");
		} else if (strcmp(k, "graph") == 0) {
			if (t != LUA_TTABLE)
				luaL_argerror(L, idx, "option 'graph' must be a table {attribute = value}");
		} else if (strcmp(k, "isolated") == 0) {
			if (t != LUA_TBOOLEAN)
				luaL_argerror(L, idx, "option 'isolated' must be a boolean");
			o->isolated = lua_toboolean(L, -1);
		} else if (strcmp(k, "focus") == 0) {
			if (t != LUA_TSTRING)
				luaL_argerror(L, idx, "option 'focus' must be an entity id");
			o->focus = lua_tostring(L, -1);
		} else if (strcmp(k, "max_pixels") == 0) {
			lua_Integer px = lua_isinteger(L, -1) ? lua_tointeger(L, -1) : 0;
			if (px < 100 || px > 32767)
				luaL_argerror(L, idx, "option 'max_pixels' must be a whole number from 100 to 32767");
			o->max_pixels = (long)px;
		} else if (strcmp(k, "warn") == 0) {
			if (t != LUA_TFUNCTION)
				luaL_argerror(L, idx, "option 'warn' must be a function(message)");
		} else {
			luaL_argerror(L, idx, lua_pushfstring(L, "unknown option '%s'", k));
		}
		lua_pop(L, 1);
	}

	read_graph(L, idx, scratch, o);

	/* styles = {country = {fillcolor = "..."}}: count, then fill an array
	 * kept in a userdata (so an error part-way frees it), then sort it so
	 * the table's traversal order cannot change the output. */
	if (lua_getfield(L, idx, "styles") != LUA_TTABLE) {
		lua_pop(L, 1);
		return output;
	}
	int styles = lua_gettop(L);
	size_t n = 0;
	lua_pushnil(L);
	while (lua_next(L, styles)) {
		if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TTABLE)
			luaL_argerror(L, idx, "option 'styles' must map type names to tables");
		lua_pushnil(L);
		while (lua_next(L, -2)) {
			if (lua_type(L, -2) != LUA_TSTRING)
				luaL_argerror(L, idx, "option 'styles': attribute names must be strings");
			if (lua_type(L, -1) != LUA_TSTRING && lua_type(L, -1) != LUA_TNUMBER)
				luaL_argerror(L, idx, lua_pushfstring(L, "option 'styles': '%s' must be a string or a number",
								      lua_tostring(L, -2)));
			n++;
			lua_pop(L, 1);
		}
		lua_pop(L, 1);
	}
	kgd_style *st = lua_newuserdatauv(L, (n ? n : 1) * sizeof *st, 0);
	lua_rawseti(L, scratch, 1);
	size_t i = 0;
	lua_pushnil(L);
	while (lua_next(L, styles)) {
		const char *type = lua_tostring(L, -2);
		lua_pushnil(L);
		while (lua_next(L, -2)) {
			const char *v = lua_tostring(L, -1); /* a number becomes a string here */
			lua_pushvalue(L, -1);
			lua_rawseti(L, scratch, (lua_Integer)i + 2);
			st[i] = (kgd_style){type, lua_tostring(L, -2), v};
			kgd_msg m;
			if (kgd_check_style(schema, &st[i], &m) < 0)
				luaL_argerror(L, idx, lua_pushstring(L, m.error));
			i++;
			lua_pop(L, 1);
		}
		lua_pop(L, 1);
	}
	lua_pop(L, 1); /* styles */
	for (size_t a = 1; a < n; a++) { /* insertion sort by type, then key */
		kgd_style x = st[a];
		size_t b = a;
		while (b > 0) {
			int c = strcmp(st[b - 1].type, x.type);
			if (c < 0 || (c == 0 && strcmp(st[b - 1].key, x.key) <= 0))
				break;
			st[b] = st[b - 1];
			b--;
		}
		st[b] = x;
	}
	o->styles = st;
	o->nstyles = n;
	return output;
}

/* Hands each line of warnings to opts.warn when the options table at
 * `opts` has one, else writes it to stderr as "WHO: warning: LINE". */
static void give_warnings(lua_State *L, int opts, const char *who, const char *w)
{
	bool fn = lua_istable(L, opts) && lua_getfield(L, opts, "warn") == LUA_TFUNCTION;
	if (lua_istable(L, opts))
		lua_pop(L, 1);
	while (*w) {
		const char *nl = strchr(w, '\n');
		size_t n = nl ? (size_t)(nl - w) : strlen(w);
		if (fn) {
			lua_getfield(L, opts, "warn");
			lua_pushlstring(L, w, n);
			lua_call(L, 1, 0);
		} else {
			fprintf(stderr, "%s: warning: %.*s\n", who, (int)n, w);
		}
		w += n + (nl ? 1 : 0);
	}
}

/* Runs the drawing; on success pushes the bytes (or true after writing
 * output) and nothing else, so that io.write(kg.dot(v)) works; warnings go
 * to give_warnings. On failure pushes nil and the message. */
static int draw(lua_State *L, const kg_view *v, const kgd_opts *o, const char *output,
		const char *who)
{
	kgd_msg m;
	char *data = NULL;
	size_t len = 0;
	int rc = kgd_html_draw(v, o, &data, &len, &m); /* kgd_draw, and html */
	if (rc == 0 && output)
		rc = kgd_write_file(output, data, len, &m);
	if (rc != 0) {
		free(data);
		lua_pushnil(L);
		lua_pushstring(L, m.error);
		return 2;
	}
	if (output) {
		free(data);
		lua_pushboolean(L, 1);
	} else {
		/* lua_pushlstring may raise on out of memory: free first. */
		luaL_Buffer b;
		char *p = luaL_buffinitsize(L, &b, len);
		memcpy(p, data, len);
		free(data);
		luaL_pushresultsize(&b, len);
	}
	int result = lua_gettop(L);
	give_warnings(L, 2, who, m.warning);
	lua_settop(L, result);
	return 1;
}

/* kg.dot(view [, opts]) -> DOT text | nil, message */
/* The date a drawing of the graph or view at idx reads values at: its
 * slice's (g:at), else none. */
static kg_date view_date(lua_State *L, int idx)
{
	kgl_graph *gh;
	kgl_toview(L, idx, &gh);
	lua_pop(L, 1);
	return gh->at;
}

static int kg_dot(lua_State *L)
{
	const kg_view *v = kgl_checkview(L, 1);
	kgd_opts o;
	check_opts(L, 2, &o, false, kg_graph_schema(kg_view_graph(v)));
	o.at = view_date(L, 1);
	o.format = "dot";
	return draw(L, v, &o, NULL, "kg.dot");
}

/* kg.render(view [, opts]) -> bytes or true | nil, message */
static int kg_render(lua_State *L)
{
	const kg_view *v = kgl_checkview(L, 1);
	kgd_opts o;
	const char *output = check_opts(L, 2, &o, true, kg_graph_schema(kg_view_graph(v)));
	o.at = view_date(L, 1);
	if (!o.format && output) {
		o.format = kgd_html_format_for_path(output);
		if (!o.format)
			luaL_argerror(L, 2, lua_pushfstring(L, "cannot tell the format from '%s'; give option 'format' (%s, html)",
							    output, kgd_formats));
	}
	if (!o.format)
		o.format = "svg";
	return draw(L, v, &o, output, "kg.render");
}

void kgl_open_draw(lua_State *L, int idx)
{
	idx = lua_absindex(L, idx);
	lua_pushcfunction(L, kg_dot);
	lua_setfield(L, idx, "dot");
	lua_pushcfunction(L, kg_render);
	lua_setfield(L, idx, "render");
}
