/* cmd_eval.c — `kg eval`: run one Lua chunk, print what it returns. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lua_kg.h"

static int run(int argc, char **argv);

const kgc_cmd kgc_cmd_eval = {
	"eval", run, "Run a Lua chunk against a graph and print what it returns.",
	"kg eval [-g PATH]... [-s SCHEMA] [--as-of DATE] 'LUA CHUNK' [ARG...]",
	"Loads the graph (every -g PATH together), runs the chunk with the globals\n"
	"`graph`, `kg` and `arg` (arg[1..] = the ARGs, also `...`), and prints each\n"
	"value it returns on its own line: strings as they are, entities as\n"
	"type:id, relations as type:from->to, tables readably with sorted keys.\n"
	"As in `lua -i`, an expression needs no `return`: the chunk is first tried\n"
	"as `return CHUNK`. An error prints \"eval:LINE: message\" and a traceback\n"
	"on stderr and exits 1.\n"
	"\n"
	"options:\n"
	"  -g, --graph PATH      a graph file or directory (repeatable)\n"
	KGC_SCHEMA_HELP
	KGC_AS_OF_HELP
	"  -h, --help            this help\n"
	"\n"
	"examples:\n"
	"  kg eval -g examples/dprk-trafficking 'graph:get(\"dprk\").name'\n"
	"  kg eval -g examples/dprk-trafficking 'graph:count(\"country\")'\n"
	"  kg eval -g examples/dprk-trafficking 'graph:path(\"dprk\", \"russia\", {direction = \"both\"})'\n"
	"  kg eval -g examples/dprk-trafficking 'graph:stats()'\n",
};

/* Formats and prints every argument, one a line (run under pcall: a
 * __tostring may raise). */
static int run(int argc, char **argv)
{
	const kgc_cmd *c = &kgc_cmd_eval;
	kgc_graph_args ga;
	int status = KG_EXIT_OK;
	int i = kgc_graph_options(c, argc, argv, &ga, &status);
	if (i < 0) {
		free(ga.paths);
		return status;
	}
	if (i >= argc) {
		free(ga.paths);
		return kgc_usage_error(c, "no chunk given");
	}
	const char *chunk = argv[i];
	kg_graph *g = NULL;
	lua_State *L = kgc_lua_state(c, &ga, &g, &status);
	if (!L)
		goto done;
	/* an expression first, as lua -i does; else the chunk as written */
	lua_pushfstring(L, "return %s", chunk);
	size_t len;
	const char *code = lua_tolstring(L, -1, &len);
	int expr = luaL_loadbufferx(L, code, len, "=eval", "t") == LUA_OK;
	lua_pop(L, 1); /* the "return" string stays: code points into it */
	if (!expr) {
		code = chunk;
		len = strlen(chunk);
	}
	int top = lua_gettop(L), nres;
	static char name[] = "eval";
	argv[i] = name; /* arg[0]: the chunk has no file name */
	if (kgl_run_chunk(L, code, len, "=eval", argc - i, argv + i, &nres) != LUA_OK) {
		const char *msg = lua_tostring(L, -1);
		fprintf(stderr, "%s\n", msg ? msg : "(error object is not a string)");
		status = KG_EXIT_INVALID;
		goto done;
	}
	lua_pushcfunction(L, kgl_print_values);
	lua_insert(L, top + 1);
	if (lua_pcall(L, nres, 0, 0) != LUA_OK) {
		const char *msg = lua_tostring(L, -1);
		fprintf(stderr, "kg eval: %s\n", msg ? msg : "cannot print a result");
		status = KG_EXIT_INVALID;
	}
done:
	kgl_close_state(&L);
	kg_graph_free(&g);
	free(ga.paths);
	return kgc_finish_stdout(status);
}
