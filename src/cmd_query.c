/* cmd_query.c — `kg query`: match a pattern against a graph and print the
 * rows as a table, CSV, TSV or JSON (the engine of g:match, run from a
 * small Lua driver so that --where is Lua as in scripts). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lua_kg.h"

static int run(int argc, char **argv);

const kgc_cmd kgc_cmd_query = {
	"query", run, "Match a pattern against a graph and print the rows.",
	"kg query -g PATH [--where 'LUA EXPR'] [--format table|csv|tsv|json] [--limit N]\n"
	"         [--as-of DATE] 'PATTERN' [COLUMN...]",
	"Finds every match of PATTERN (Cypher-like paths, as g:match takes them; see\n"
	"doc/lua-api.md) and prints one row per match. COLUMNs choose what to print:\n"
	"a variable (c), a field or attribute through it (c.name, s.workers.approx),\n"
	"or count(*), which groups the rows by the other columns and counts them.\n"
	"Without COLUMNs every variable is printed. Options may come before or\n"
	"after the pattern.\n"
	"\n"
	"pattern:\n"
	"  (v) (v:type) (v:type {attr: 'text', n: 3, id: 'dprk'}) ()   nodes; types match subtypes\n"
	"  -[r:type]->  <-[r:a|b]-  -[r]-  -->  --                   relations (- : either way)\n"
	"  -[:type*1..3]->         ends reachable in 1 to 3 hops (at most 10), each once\n"
	"  (a)-->(b), (b)-->(c)    paths sharing variables: a join\n"
	"\n"
	"options:\n"
	"  -g, --graph PATH      a graph file, directory or snapshot (repeatable)\n"
	KGC_SCHEMA_HELP
	KGC_AS_OF_HELP
	"      --where EXPR      keep the rows where the Lua expression is true; the\n"
	"                        pattern's variables are its globals (c.population > 1000)\n"
	"      --format FORMAT   table (default: aligned text), csv (RFC 4180), tsv, json\n"
	"      --limit N         stop after N rows\n"
	"  -h, --help            this help\n"
	"\n"
	"Exit status: 0 with rows or none (csv and tsv then print the header only),\n"
	"1 on a bad pattern (located: pattern:LINE:COL) or bad data, 2 on wrong usage.\n"
	"\n"
	"examples:\n"
	"  kg query -g examples/dprk-trafficking '(d {id:\"dprk\"})-[s:sends_workers_to]->(c:country)' \\\n"
	"      c.name s.workers s.as_of --format csv\n"
	"  kg query -g examples/dprk-trafficking '(e)' e.type 'count(*)'\n"
	"  kg query -g examples/dprk-trafficking '(d {id:\"dprk\"})-[*1..2]->(x:country)' x.name --format json\n",
};

/* The driver: arguments pattern, format, limit ("" for none), where ("" for
 * none), then the columns. Errors are raised with no position (level 0). */
static const char driver[] =
	"local pattern, format, limit, where = ...\n"
	"local cols = table.pack(select(5, ...))\n"
	"local opts = {limit = math.tointeger(limit)}\n"
	"if where ~= '' then\n"
	"  local row\n"
	"  local env = setmetatable({}, {__index = function(_, k)\n"
	"    local v = row[k]\n"
	"    if v ~= nil then return v end\n"
	"    return _G[k]\n"
	"  end})\n"
	"  local f, err = load('return (' .. where .. ')', '=where', 't', env)\n"
	"  if not f then error(err, 0) end\n"
	"  opts.where = function(r) row = r; return f() end\n"
	"end\n"
	"local ok, rows = pcall(graph.match, graph, pattern, opts)\n"
	"if not ok then error((tostring(rows):gsub('^query:%d+: ', '')), 0) end\n"
	"if cols.n > 0 then\n"
	"  local ok, r = pcall(rows.columns, rows, table.unpack(cols, 1, cols.n))\n"
	"  if not ok then error((tostring(r):gsub(\"^bad argument #%d+ to '[^']+' %((.*)%)$\", '%1')), 0) end\n"
	"  rows = r\n"
	"end\n"
	"if format == 'table' then rows:print() else rows[format](rows) end\n";

/* The value of option `name` at argv[*i]: "--name=V" or "--name V". */
static const char *opt_value(const char *a, const char *name, int argc, char **argv, int *i, int *bad)
{
	size_t n = strlen(name);
	if (strncmp(a, name, n) != 0)
		return NULL;
	if (a[n] == '=')
		return a + n + 1;
	if (a[n] != '\0')
		return NULL;
	if (*i + 1 >= argc) {
		*bad = 1;
		return NULL;
	}
	return argv[++*i];
}

typedef struct query_args {
	kgc_graph_args ga;
	const char *where, *format, *limit;
	const char **operands; /* the pattern, then the columns (malloc'd) */
	int noperands;
} query_args;

/* Reads argv; -1 when the command is to exit with *status. */
static int parse_args(const kgc_cmd *c, int argc, char **argv, query_args *q, int *status)
{
	q->ga.paths = calloc((size_t)argc + 1, sizeof *q->ga.paths);
	q->operands = calloc((size_t)argc + 1, sizeof *q->operands);
	if (!q->ga.paths || !q->operands) {
		fprintf(stderr, "kg %s: out of memory\n", c->name);
		*status = KG_EXIT_INVALID;
		return -1;
	}
	int rest = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v;
		int bad = 0;
		if (rest || a[0] != '-' || !a[1]) {
			q->operands[q->noperands++] = a;
		} else if (strcmp(a, "--") == 0) {
			rest = 1;
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			kgc_print_help(c, stdout);
			*status = kgc_finish_stdout(KG_EXIT_OK);
			return -1;
		} else if ((v = opt_value(a, "-g", argc, argv, &i, &bad)) ||
			   (v = opt_value(a, "--graph", argc, argv, &i, &bad))) {
			q->ga.paths[q->ga.npaths++] = v;
		} else if ((v = opt_value(a, "-s", argc, argv, &i, &bad)) ||
			   (v = opt_value(a, "--schema", argc, argv, &i, &bad))) {
			if ((*status = kgc_schema_option(c, &q->ga.schema, v)) != KG_EXIT_OK)
				return -1;
		} else if ((v = opt_value(a, "--where", argc, argv, &i, &bad))) {
			q->where = v;
		} else if ((v = opt_value(a, "--format", argc, argv, &i, &bad))) {
			q->format = v;
		} else if ((v = opt_value(a, "--limit", argc, argv, &i, &bad))) {
			q->limit = v;
		} else if ((v = opt_value(a, "--as-of", argc, argv, &i, &bad))) {
			if ((*status = kgc_as_of(c, v, &q->ga.at)) != KG_EXIT_OK)
				return -1;
		} else if (!bad) {
			*status = kgc_usage_error(c, "unknown option '%s'", a);
			return -1;
		}
		if (bad) {
			*status = kgc_usage_error(c, "option '%s' needs an argument", a);
			return -1;
		}
	}
	static const char *const formats[] = {"table", "csv", "tsv", "json", NULL};
	size_t f = 0;
	while (formats[f] && strcmp(formats[f], q->format) != 0)
		f++;
	if (!formats[f]) {
		*status = kgc_usage_error(c, "--format must be table, csv, tsv or json, not '%s'", q->format);
		return -1;
	}
	if (q->limit && kgc_parse_count(q->limit) < 0) {
		*status = kgc_usage_error(c, "--limit must be a whole number, not '%s'", q->limit);
		return -1;
	}
	if (q->ga.npaths == 0) {
		*status = kgc_usage_error(c, "no graph given (-g PATH)");
		return -1;
	}
	if (q->noperands == 0) {
		*status = kgc_usage_error(c, "no pattern given");
		return -1;
	}
	return 0;
}

static int run(int argc, char **argv)
{
	const kgc_cmd *c = &kgc_cmd_query;
	query_args q = {.format = "table", .where = ""};
	int status = KG_EXIT_OK;
	kg_graph *g = NULL;
	lua_State *L = NULL;
	if (parse_args(c, argc, argv, &q, &status) < 0)
		goto done;
	if (!(L = kgc_lua_state(c, &q.ga, &g, &status)))
		goto done;
	if (luaL_loadbufferx(L, driver, sizeof driver - 1, "=query", "t") != LUA_OK) {
		fprintf(stderr, "kg query: %s\n", lua_tostring(L, -1));
		status = KG_EXIT_INVALID;
		goto done;
	}
	lua_pushstring(L, q.operands[0]);
	lua_pushstring(L, q.format);
	lua_pushstring(L, q.limit ? q.limit : "");
	lua_pushstring(L, q.where);
	luaL_checkstack(L, q.noperands, "too many columns");
	for (int i = 1; i < q.noperands; i++)
		lua_pushstring(L, q.operands[i]);
	if (lua_pcall(L, 3 + q.noperands, 0, 0) != LUA_OK) {
		const char *msg = lua_tostring(L, -1);
		if (!msg)
			msg = "(error object is not a string)";
		/* a pattern error carries its own place: pattern:LINE:COL */
		fprintf(stderr, "%s%s\n", strncmp(msg, "pattern:", 8) == 0 ? "" : "kg query: ", msg);
		status = KG_EXIT_INVALID;
	}
done:
	kgl_close_state(&L);
	kg_graph_free(&g);
	free(q.ga.paths);
	free(q.operands);
	return kgc_finish_stdout(status);
}
