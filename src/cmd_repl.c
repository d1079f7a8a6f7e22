/* cmd_repl.c — `kg repl`: interactive Lua with the graph loaded (libedit
 * line editing, history and completion on a terminal; plain lines when
 * stdin is not one, so it can be scripted and tested). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <editline/readline.h>

#include "cli.h"
#include "lua_kg.h"

static int run(int argc, char **argv);

const kgc_cmd kgc_cmd_repl = {
	"repl", run, "Interactive Lua with a graph loaded.",
	"kg repl [-g PATH]... [-s SCHEMA] [--as-of DATE]",
	"Loads the graph (every -g PATH together) and reads Lua from the terminal\n"
	"with the globals `graph`, `kg` and `arg`. As in `lua -i`, an expression is\n"
	"printed without `return` (as `kg eval` prints: entities as type:id,\n"
	"tables readably), and an unfinished statement continues on the next line\n"
	"(prompt \">>\"). TAB completes global names, method names after ':' or\n"
	"'.', and entity ids inside quotes. History is kept in ~/.kg_history.\n"
	"Ctrl-D ends. When stdin is not a terminal, lines are read without\n"
	"prompts; the exit status is 1 if any chunk failed.\n"
	"\n"
	"options:\n"
	"  -g, --graph PATH      a graph file or directory (repeatable)\n"
	KGC_SCHEMA_HELP
	KGC_AS_OF_HELP
	"  -h, --help            this help\n"
	"\n"
	"example:\n"
	"  kg repl -g examples/dprk-trafficking\n"
	"  > graph:get(\"dprk\")\n"
	"  country:dprk\n"
	"  > for r in graph:get(\"dprk\"):outgoing() do print(r) end\n",
};

/* ------------------------------------------------------------------ */
/* Completion (terminal only)                                          */
/* ------------------------------------------------------------------ */

static lua_State *comp_L;    /* the state being edited */
static const kg_graph *comp_g; /* its graph, or NULL */

static const char *const method_names[] = {
	"get", "entities", "relations", "count", "stats", "path", "neighborhood", "view", "close",
	"id", "type", "name", "aliases", "sources", "notes", "loc", "attributes", "claims", "is",
	"outgoing", "incoming", "from", "to", "load", "version", "dot", "render", NULL,
};

/* The candidates of one completion, gathered at state 0. */
static char **cands;
static size_t ncands, candpos;

static void cands_clear(void)
{
	for (size_t i = 0; i < ncands; i++)
		free(cands[i]);
	free(cands);
	cands = NULL;
	ncands = candpos = 0;
}

static void cand_add(const char *prefix, size_t plen, const char *word, const char *text)
{
	size_t tl = strlen(text) - plen;
	if (strncmp(word, text + plen, tl) != 0)
		return;
	char **more = realloc(cands, (ncands + 1) * sizeof *cands);
	if (!more)
		return;
	cands = more;
	size_t wl = strlen(word);
	char *s = malloc(plen + wl + 1);
	if (!s)
		return;
	memcpy(s, prefix, plen);
	memcpy(s + plen, word, wl + 1);
	cands[ncands++] = s;
}

static char *generate(const char *text, int state)
{
	if (state == 0) {
		cands_clear();
		int start = (int)(rl_line_buffer ? strlen(rl_line_buffer) : 0) - (int)strlen(text);
		char before = start > 0 ? rl_line_buffer[start - 1] : 0;
		const char *sep = strrchr(text, ':');
		const char *dot = strrchr(text, '.');
		if (dot > sep)
			sep = dot;
		if ((before == '"' || before == '\'') && comp_g) {
			size_t n = kg_graph_entity_count(comp_g);
			for (kg_eid e = 0; e < n; e++)
				cand_add("", 0, kg_entity_id(comp_g, e), text);
		} else if (sep) {
			for (const char *const *m = method_names; *m; m++)
				cand_add(text, (size_t)(sep - text) + 1, *m, text);
		} else {
			lua_pushglobaltable(comp_L);
			lua_pushnil(comp_L);
			while (lua_next(comp_L, -2)) {
				if (lua_type(comp_L, -2) == LUA_TSTRING)
					cand_add("", 0, lua_tostring(comp_L, -2), text);
				lua_pop(comp_L, 1);
			}
			lua_pop(comp_L, 1);
		}
	}
	if (candpos < ncands) {
		char *s = cands[candpos];
		cands[candpos++] = NULL; /* readline frees what we return */
		return s;
	}
	cands_clear();
	return NULL;
}

static char **complete(const char *text, int start, int end)
{
	(void)start;
	(void)end;
	rl_attempted_completion_over = 1; /* no file name completion */
	return rl_completion_matches(text, generate);
}

/* ------------------------------------------------------------------ */
/* Reading and running                                                 */
/* ------------------------------------------------------------------ */

/* One line without its newline (malloc'd), or NULL at the end. */
static char *read_line(int tty, const char *prompt)
{
	if (tty)
		return readline(prompt);
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = getline(&line, &cap, stdin);
	if (n < 0) {
		free(line);
		return NULL;
	}
	if (n > 0 && line[n - 1] == '\n')
		line[n - 1] = '\0';
	return line;
}

/* Whether a load error says the chunk only needs more lines. */
static int incomplete(lua_State *L)
{
	size_t n;
	const char *msg = lua_tolstring(L, -1, &n);
	return msg && n >= 5 && strcmp(msg + n - 5, "<eof>") == 0;
}

/* Runs the chunk in the buffer at the top of the stack (popped). Returns
 * 1 when more lines are needed, 0 when it ran (or failed), setting *failed. */
static int eval_chunk(lua_State *L, int *failed)
{
	size_t len;
	const char *chunk = lua_tolstring(L, -1, &len);
	lua_pushfstring(L, "return %s", chunk);
	size_t rlen;
	const char *expr = lua_tolstring(L, -1, &rlen);
	int isexpr = luaL_loadbufferx(L, expr, rlen, "=stdin", "t") == LUA_OK;
	lua_pop(L, 1);
	if (!isexpr) {
		if (luaL_loadbufferx(L, chunk, len, "=stdin", "t") != LUA_OK && incomplete(L)) {
			lua_pop(L, 3);
			return 1;
		}
		lua_pop(L, 1);
	}
	int top = lua_gettop(L), nres;
	static char name[] = "repl";
	char *av[] = {name};
	if (kgl_run_chunk(L, isexpr ? expr : chunk, isexpr ? rlen : len, "=stdin", 1, av, &nres) != LUA_OK) {
		const char *msg = lua_tostring(L, -1);
		fprintf(stderr, "%s\n", msg ? msg : "(error object is not a string)");
		*failed = 1;
		lua_settop(L, top - 2);
		return 0;
	}
	lua_pushcfunction(L, kgl_print_values);
	lua_insert(L, top + 1);
	if (lua_pcall(L, nres, 0, 0) != LUA_OK) {
		const char *msg = lua_tostring(L, -1);
		fprintf(stderr, "%s\n", msg ? msg : "cannot print a result");
		*failed = 1;
	}
	lua_settop(L, top - 2);
	return 0;
}

static char *history_path(void)
{
	const char *home = getenv("HOME");
	if (!home || !*home)
		return NULL;
	size_t n = strlen(home) + sizeof "/.kg_history";
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s/.kg_history", home);
	return p;
}

static int run(int argc, char **argv)
{
	const kgc_cmd *c = &kgc_cmd_repl;
	kgc_graph_args ga;
	int status = KG_EXIT_OK, failed = 0;
	int i = kgc_graph_options(c, argc, argv, &ga, &status);
	if (i < 0) {
		free(ga.paths);
		return status;
	}
	if (i < argc) {
		free(ga.paths);
		return kgc_usage_error(c, "unexpected argument '%s'", argv[i]);
	}
	kg_graph *g = NULL;
	char *hist = NULL;
	int tty = isatty(STDIN_FILENO);
	lua_State *L = kgc_lua_state(c, &ga, &g, &status);
	if (!L)
		goto done;
	if (tty) {
		comp_L = L;
		comp_g = g;
		rl_readline_name = "kg";
		rl_attempted_completion_function = complete;
		using_history();
		stifle_history(1000);
		hist = history_path();
		if (hist)
			read_history(hist); /* best effort: a missing file is fine */
		printf("kg %s, Lua %s.%s — Ctrl-D to quit\n", KG_VERSION, LUA_VERSION_MAJOR, LUA_VERSION_MINOR);
	}
	lua_pushliteral(L, "");
	for (;;) {
		int more = lua_rawlen(L, -1) > 0;
		char *line = read_line(tty, more ? ">> " : "> ");
		if (!line)
			break;
		if (tty && *line)
			add_history(line);
		if (more)
			lua_pushfstring(L, "%s\n%s", lua_tostring(L, -1), line);
		else
			lua_pushstring(L, line);
		free(line);
		lua_remove(L, -2);
		if (!more && lua_rawlen(L, -1) == 0)
			continue;
		lua_pushvalue(L, -1);
		if (!eval_chunk(L, &failed)) {
			lua_pop(L, 1);
			lua_pushliteral(L, "");
		}
	}
	if (lua_rawlen(L, -1) > 0) { /* input ended inside a statement: say why */
		if (luaL_loadbufferx(L, lua_tostring(L, -1), lua_rawlen(L, -1), "=stdin", "t") != LUA_OK) {
			fprintf(stderr, "%s\n", lua_tostring(L, -1));
			failed = 1;
		}
	}
	if (tty) {
		putchar('\n');
		if (hist)
			write_history(hist);
	}
	status = failed ? KG_EXIT_INVALID : KG_EXIT_OK;
done:
	cands_clear();
	free(hist);
	kgl_close_state(&L);
	kg_graph_free(&g);
	free(ga.paths);
	return kgc_finish_stdout(status);
}
