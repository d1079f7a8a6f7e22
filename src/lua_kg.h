/* lua_kg.h — the Lua binding's internal interface, shared by the binding
 * files (lua_*.c), drawing's Lua functions, the batch runner and the
 * commands that run scripts. Metatables: kg.Graph, kg.Entity, kg.Relation,
 * kg.View. */
#ifndef KG_LUA_KG_H
#define KG_LUA_KG_H

#include <lua.h>
#include <lauxlib.h>

#include "kg.h"

/* The module opener: require "kg" from the stock interpreter finds it. */
int luaopen_kg(lua_State *L);

/* Pushes a graph handle for g. When `owned` the handle frees g when it is
 * collected or closed; otherwise g is borrowed and must outlive the state
 * (kg run, kg batch: the command owns the graph). */
void kgl_push_graph(lua_State *L, kg_graph *g, int owned);

/* The view behind a graph or view handle at idx (a graph gives its full
 * view). Raises a Lua argument error for anything else or a closed graph.
 * The pointer is valid while the handle is. */
const kg_view *kgl_checkview(lua_State *L, int idx);

/* Adds kg.dot and kg.render to the module table at idx (defined by the
 * drawing code in lua_draw.c, called by luaopen_kg). */
void kgl_open_draw(lua_State *L, int idx);

/* Monotonic seconds (the clock of every time limit). */
double kgl_now(void);

/* Options for a fresh state that runs user scripts. */
typedef struct kgl_state_opts {
	int sandbox;              /* no io/os escape, no C modules, no bytecode, no debug */
	const char *output_dir;   /* sandbox: the only directory scripts may open files in; NULL: none */
	size_t memory_limit;      /* bytes, 0 = none: a counting allocator refuses past it */
	double timeout;           /* seconds per kgl_run_chunk, 0 = none: count hook + wall clock */
	kg_date at;               /* `graph` is g:at(at) (--as-of); year 0: the whole graph */
} kgl_state_opts;

/* A new state with the standard libraries (or the sandboxed set), the
 * module `kg` loaded and preloaded for require, and the global `graph`
 * bound to g (borrowed; NULL for no graph). o may be NULL (no limits).
 * NULL when out of memory. Close with kgl_close_state. */
lua_State *kgl_new_state(kg_graph *g, const kgl_state_opts *o);
void kgl_close_state(lua_State **L);

/* Loads the text chunk buf[0..len) (never bytecode; a first line starting
 * with '#' is skipped as the stock interpreter does) under chunkname (as
 * for lua_load: "@file" or "=name"), sets the global `arg` from argv as the
 * stock `lua` does (arg[0] = argv[0], the script name) and calls it with
 * argv[1..argc-1] as `...` under a traceback handler and the state's time
 * limit (counted from this call). On success returns 0, leaves the
 * chunk's results on the stack and sets *nresults. On error returns
 * non-zero and leaves one string: "SCRIPT:LINE: message" plus the
 * traceback. argv may be NULL when argc is 0. */
int kgl_run_chunk(lua_State *L, const char *buf, size_t len, const char *chunkname,
		  int argc, char **argv, int *nresults);

/* Replaces the value at idx by a string as `kg eval` prints it: strings
 * raw at the top level, entities as type:id, tables readably with sorted
 * keys (inline when short, else indented), cycles shown as <cycle>. May
 * raise an error (a __tostring that fails). */
void kgl_format_value(lua_State *L, int idx);
/* A lua_CFunction: prints each argument formatted so, one a line, on
 * stdout, and flushes it (kg eval and the repl print results with it). */
int kgl_print_values(lua_State *L);
/* Marks the function at idx as an iterator of kg's (g:entities,
 * e:outgoing, rows:iter, ...): kgl_print_values shows what it gives. */
void kgl_mark_iterator(lua_State *L, int idx);

/* Whether a script may open `path` with io.open or write it with
 * kg.render: always true outside the sandbox; inside, only paths inside
 * the output directory (relative paths are taken relative to it). On
 * success pushes the path to use and returns 1; otherwise pushes an error
 * message and returns 0. */
int kgl_check_path(lua_State *L, const char *path);

/* ------------------------------------------------------------------ */
/* Shared by the binding files (lua_kg.c, lua_entity.c, lua_view.c).    */
/* ------------------------------------------------------------------ */

#define KGL_GRAPH "kg.Graph"
#define KGL_ENTITY "kg.Entity"
#define KGL_RELATION "kg.Relation"
#define KGL_VIEW "kg.View"

/* The body of a kg.Graph userdata. User values: 1 = weak cache of entity
 * handles by index + 1, 2 = the same for relations; a slice (g:at, made
 * by lua_date.c) has a 3rd: the handle it was cut from, pinned. */
typedef struct kgl_graph {
	kg_graph *g;     /* NULL once closed */
	kg_view *full;   /* every entity and relation (a slice: those valid then); owned */
	int owned;       /* close frees g */
	kg_date at;      /* a slice: its date (attributes read at it); year 0: none */
	struct kgl_graph *base; /* a slice: the handle it was cut from; else NULL */
	size_t nslices;  /* slices cut from this handle and not closed */
	kg_graph *closing; /* closed while slices still read it: freed with the last */
} kgl_graph;

/* The value an attribute has through graph handle gh: at a slice's date
 * (NULL when no claim holds then), else v itself. */
static inline const kg_value *kgl_value_at(const kgl_graph *gh, const kg_value *v)
{
	return gh->at.year ? kg_value_at(v, gh->at) : v;
}

/* The body of a kg.View userdata; user value 1 pins the graph handle. */
typedef struct kgl_view {
	kg_view *v;      /* owned; NULL once freed */
	kgl_graph *gh;   /* the graph handle's body (pinned) */
} kgl_view;

/* The body of an entity or relation handle; user value 1 pins the graph
 * handle, so gh stays valid as long as the handle lives. */
typedef struct kgl_item {
	kgl_graph *gh;
	uint32_t i;      /* kg_eid or kg_rid */
} kgl_item;

/* The open graph of a graph handle body; raises "attempt to use a closed
 * graph" when closed. */
kg_graph *kgl_graph_of(lua_State *L, kgl_graph *gh);
/* Pushes the handle of entity e / relation r of the graph handle at
 * gidx (cached: the same index gives the same userdata while it lives). */
void kgl_push_entity(lua_State *L, int gidx, kg_eid e);
void kgl_push_rel(lua_State *L, int gidx, kg_rid r);
/* The entity at idx: a kg.Entity of the graph of gh, or an id string;
 * raises an argument error naming what is wrong. */
kg_eid kgl_checkentity(lua_State *L, int idx, kgl_graph *gh);
/* Raise the argument errors for an unknown type name (rel: relation
 * type) and for an id no entity has (what: the option that named it, or
 * NULL), each with "did you mean" when a name is near. Never return. */
int kgl_unknown_type(lua_State *L, int arg, const kg_schema *s, const char *name, bool rel);
int kgl_no_entity(lua_State *L, int arg, const kg_graph *g, const char *what, const char *id);
/* The openers luaopen_kg (lua_open.c) calls, in this order: the
 * metatables of kg.Entity and kg.Relation (lua_entity.c), of kg.Graph with
 * its own methods (lua_kg.c), then the methods graphs share with views and
 * kg.View's (lua_view.c). */
void kgl_open_entity(lua_State *L);
void kgl_open_graph(lua_State *L);
void kgl_open_view(lua_State *L);
/* g:conflicts() and g:report() on kg.Graph (lua_prov.c). */
void kgl_open_prov(lua_State *L);
/* Pushes a new, empty-handed view handle pinning the graph handle at
 * gidx; the caller then stores the kg_view in it (owned from then on) and
 * raises "not enough memory" if it could not make one (lua_view.c). */
kgl_view *kgl_new_view_handle(lua_State *L, int gidx);
/* Once the view of vh is made and filled: raises "not enough memory" when
 * there is none, and paces the collector by the view's size (lua_view.c). */
void kgl_view_made(lua_State *L, kgl_view *vh);
/* Pattern queries and their rows, opened after kgl_open_view:
 * g:match on graphs and views (lua_query.c); the kg.Rows methods that
 * shape rows (lua_rows.c) and those that write them, with kg.json
 * (lua_rows_out.c, which adds to the module table at idx). */
void kgl_open_query(lua_State *L);
void kgl_open_rows(lua_State *L);
void kgl_open_rows_out(lua_State *L, int idx);
/* Pushes the JSON text of the value at idx (as kg.json); raises on a
 * cycle or nesting deeper than 32. */
void kgl_json_push(lua_State *L, int idx);
/* kg.schema into the module table at idx, and the field graph.schema. */
void kgl_open_schema(lua_State *L, int idx);
#define KGL_ROWS "kg.Rows"
/* Pushes a new kg.Rows (a table of row tables) with the columns named by
 * the strings names[0..n) and the graph handle at gidx (for :view()). */
void kgl_rows_new(lua_State *L, const char *const *names, size_t n, int gidx);
/* The matches of g:match held in C until a row is read: row i is
 * v[i * (nvars + nwalk) ...], the entity or relation of each variable (a
 * relation where relmask has bit i) in column order, then the relations
 * the pattern's unnamed relation patterns walked. */
typedef struct kgl_rowdata {
	size_t n;
	uint32_t nvars, nwalk;
	uint32_t relmask;
	uint32_t v[];
} kgl_rowdata;
/* Gives the kg.Rows at ridx (new, empty, its columns the nvars variables)
 * n rows held in C, to be filled by the caller; a row table is made for
 * each only once a row is read (rows[i], ipairs, any method that needs
 * them), and never for :count(), #rows, :view(), or :columns()/:group()
 * of variables, their type and their id. */
kgl_rowdata *kgl_rows_attach(lua_State *L, int ridx, size_t n, uint32_t nvars, uint32_t nwalk,
			     uint32_t relmask);
/* The key (by address, lua_rawsetp) under which a row of g:match keeps
 * the relations its anonymous edges walked, for rows:view(). */
extern const char kgl_rows_walked;
/* Pushes the column names of the kg.Rows at idx (a sequence), raising an
 * argument error when idx is not a kg.Rows; its rows held in C (if any)
 * are made into row tables first, so that a caller may read them raw. */
void kgl_rows_header(lua_State *L, int idx);
/* Pushes the value of key (a column name, or "var.field.field...") in the
 * row table at ridx: a column's value, else the field read through the
 * variable's handle or table; nil when absent, and nil for an attribute
 * the row's entity (relation) type lacks but another type declares (as
 * Cypher reads a missing property); a name no type declares raises. */
void kgl_rows_value(lua_State *L, int ridx, const char *key);
/* Raises an argument error (for argument arg) when key names no column
 * nor a field of one of the columns in the header table at hidx. */
void kgl_rows_check_key(lua_State *L, int hidx, int arg, const char *key);

/* Dates and time (lua_date.c): kg.date and kg.Date in the module table at
 * idx, g:at on graphs, e:history and r:history on entities and relations.
 * Opened after every metatable. */
void kgl_open_date(lua_State *L, int idx);
#define KGL_DATE "kg.Date"
/* Replaces the graph handle at idx by its slice at date d (the graph as
 * it was then: kg_view_at), for g:at and --as-of. */
void kgl_graph_at(lua_State *L, int idx, kg_date d);

/* kg.load(path [, opts]): a graph handle, or nil, message (lua_kg.c). */
int kgl_load(lua_State *L);
/* The graph handle (its stack index after the call: pushed on top) and
 * the view of the graph or view handle at idx. */
const kg_view *kgl_toview(lua_State *L, int idx, kgl_graph **gh);

#endif
