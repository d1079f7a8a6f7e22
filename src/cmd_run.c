/* cmd_run.c — `kg run`: run a Lua script against a loaded graph. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lua_kg.h"

static int run(int argc, char **argv);

const kgc_cmd kgc_cmd_run = {
	"run", run, "Run a Lua script against a graph.",
	"kg run [-g PATH]... [-s SCHEMA] [--as-of DATE] SCRIPT [ARG...]",
	"Loads and validates the graph (every -g PATH together, as `kg validate`\n"
	"does; problems are printed and exit 1), then runs SCRIPT with the globals\n"
	"`graph` (the graph), `kg` (the module) and `arg` (arg[0] = SCRIPT,\n"
	"arg[1..] = the ARGs, also passed as `...`). Options end at SCRIPT, so\n"
	"the ARGs may start with '-'. SCRIPT `-` reads the script from stdin.\n"
	"Without -g, `graph` is nil and the script may call kg.load itself.\n"
	"\n"
	"A script error prints \"SCRIPT:LINE: message\" and a traceback on stderr\n"
	"and exits 1; os.exit(N) exits with N. The Lua API is in doc/lua-api.md.\n"
	"\n"
	"options:\n"
	"  -g, --graph PATH      a graph file or directory (repeatable)\n"
	KGC_SCHEMA_HELP
	KGC_AS_OF_HELP
	"  -h, --help            this help\n"
	"\n"
	"examples:\n"
	"  kg run -g examples/dprk-trafficking examples/dprk-trafficking/queries/workers-abroad.lua\n"
	"  echo 'print(#graph)' | kg run -g examples/dprk-trafficking -\n",
};

static int run(int argc, char **argv)
{
	const kgc_cmd *c = &kgc_cmd_run;
	kgc_graph_args ga;
	int status = KG_EXIT_OK;
	/* options stop at the script name: what follows belongs to the script */
	int i = kgc_graph_options(c, argc, argv, &ga, &status);
	if (i < 0) {
		free(ga.paths);
		return status;
	}
	if (i >= argc) {
		free(ga.paths);
		return kgc_usage_error(c, "no script given");
	}
	const char *script = argv[i];
	FILE *f = strcmp(script, "-") == 0 ? stdin : fopen(script, "rb");
	if (!f) {
		fprintf(stderr, "kg run: cannot open %s: %s\n", script, strerror(errno));
		free(ga.paths);
		return KG_EXIT_USAGE;
	}
	size_t len = 0;
	char *buf = kg_read_all(f, (size_t)1 << 40, &len);
	int rerr = errno;
	if (f != stdin)
		fclose(f);
	if (!buf) {
		fprintf(stderr, "kg run: cannot read %s: %s\n", script, strerror(rerr));
		free(ga.paths);
		return KG_EXIT_USAGE;
	}
	kg_graph *g = NULL;
	lua_State *L = kgc_lua_state(c, &ga, &g, &status);
	if (!L)
		goto done;
	lua_pushfstring(L, strcmp(script, "-") == 0 ? "=stdin" : "@%s", script);
	int nres;
	if (kgl_run_chunk(L, buf, len, lua_tostring(L, -1), argc - i, argv + i, &nres) != LUA_OK) {
		fprintf(stderr, "%s\n", lua_tostring(L, -1));
		status = KG_EXIT_INVALID;
	}
done:
	kgl_close_state(&L);
	kg_graph_free(&g);
	free(buf);
	free(ga.paths);
	return kgc_finish_stdout(status);
}
