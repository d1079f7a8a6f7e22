/* cmd_help.c — `kg help [COMMAND]`: the list of commands, or one's help. */
#include <stdio.h>

#include "cli.h"

static int run(int argc, char **argv);

const kgc_cmd kgc_cmd_help = {
	"help", run, "Show the commands, or the help of one command.",
	"kg help [COMMAND]",
	"",
};

static int run(int argc, char **argv)
{
	if (argc > 2)
		return kgc_usage_error(&kgc_cmd_help, "too many arguments");
	if (argc == 2 && argv[1][0] != '-') {
		const kgc_cmd *c = kgc_find(argv[1]);
		if (!c)
			return kgc_usage_error(&kgc_cmd_help, "no command '%s'", argv[1]);
		kgc_print_help(c, stdout);
		return kgc_finish_stdout(KG_EXIT_OK);
	}
	printf("kg %s — a Lua-scriptable knowledge-graph toolkit\n\n"
	       "usage: kg COMMAND [OPTIONS] [ARGS]\n\ncommands:\n", KG_VERSION);
	for (size_t i = 0; kgc_commands[i]; i++)
		printf("  %-9s %s\n", kgc_commands[i]->name, kgc_commands[i]->summary);
	printf("\n`kg help COMMAND` or `kg COMMAND --help` explains one; `kg --version` prints the version.\n"
	       "Exit status: 0 success, 1 invalid data or a failed script, 2 wrong usage.\n"
	       "\nenvironment:\n"
	       "  KG_MAX_FILE_SIZE, KG_MAX_DEPTH, KG_MAX_ALIAS_NODES, KG_MAX_SCALAR, KG_MAX_DOCUMENTS\n"
	       "                    limits against hostile input (see `kg help validate`)\n"
	       "  KG_LOAD_THREADS=1 read a graph's YAML on one thread (default: two)\n"
	       "  KG_PROGRESS=0     no progress line on a terminal for long work (doc/design.md)\n"
	       "\ntime: relations and claims may carry since/till (2019, 2019-07, 2019-07-22;\n"
	       "till exclusive); stats, query, conflicts, report, sources, run, eval,\n"
	       "repl, render, export and batch take --as-of DATE, the graph as it was\n"
	       "then (graph:at(DATE) in Lua); timeline --as-of DATE lists the dates up\n"
	       "to it; validate and compile check and keep every date and refuse it.\n"
	       "See doc/time.md.\n"
	       "\nschemas: a graph's files may name one (`schema: PATH`) and -s SCHEMA names\n"
	       "another; both are combined, a type defined in both is an error naming both\n"
	       "places (no last-one-wins). A schema may say `extends: core` (the built-in\n"
	       "one), `extends: PATH` (relative to it) or a list, and `add_attributes` to\n"
	       "their types. See doc/schema.md.\n");
	return kgc_finish_stdout(KG_EXIT_OK);
}
