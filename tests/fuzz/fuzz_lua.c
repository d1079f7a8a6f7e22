/* fuzz_lua.c — fuzz target: the input run as a Lua chunk in a fresh
 * sandboxed state (64 MB, 1 s) over a small fixed graph loaded once; its
 * results are formatted as `kg eval` prints them.
 *
 * The sandbox has no output directory, so a script must not create any
 * file: the process works in an empty directory of its own, and a file
 * appearing there (a relative path written) ends the run as a crash. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "lua_kg.h"

/* The graph every script sees: a bit of every value kind of the core schema. */
static const char graph_yaml[] =
	"entities:\n"
	"  - id: dprk\n"
	"    type: country\n"
	"    name: North Korea\n"
	"    aliases: [DPRK, \"Democratic People's Republic of Korea\"]\n"
	"    sources: [wp]\n"
	"    notes: free text\n"
	"    iso3: PRK\n"
	"    population:\n"
	"      - {value: 25000000, sources: [wp], as_of: 2020, rank: preferred}\n"
	"      - {value: 24000000, as_of: 2010-05, note: older}\n"
	"    relations:\n"
	"      - {type: party_to, to: palermo, negated: true}\n"
	"      - {type: borders, to: china, length_km: 1416.5}\n"
	"  - {id: russia, type: country, iso3: RUS}\n"
	"  - {id: china, type: country, iso3: CHN}\n"
	"  - {id: siberia, type: region, kind: province}\n"
	"  - {id: palermo, type: treaty}\n"
	"  - {id: camp-1, type: camp, kind: logging, population: {approx: 200},\n"
	"     capacity: {min: 100, max: 300}}\n"
	"  - {id: wp, type: article, title: Human trafficking in North Korea, year: 2020,\n"
	"     authors: [a, b], language: en}\n"
	"relations:\n"
	"  - {from: dprk, type: sends_workers_to, to: russia, id: w1, sources: [wp],\n"
	"     workers: {approx: 30000, note: tens of thousands}, as_of: 2019}\n"
	"  - {from: siberia, type: located_in, to: russia}\n"
	"  - {from: camp-1, type: located_in, to: siberia}\n";

static fz_file graph_file;
static kg_graph *graph;
static char workdir[512]; /* the empty directory scripts run in */

static void remove_workdir(void)
{
	if (workdir[0])
		rmdir(workdir);
}

/* Makes the empty working directory under $TMPDIR (else /tmp) and enters it. */
static void enter_workdir(void)
{
	const char *tmp = getenv("TMPDIR");
	char *dir = realpath(tmp && *tmp ? tmp : "/tmp", NULL);
	if (!dir)
		abort();
	snprintf(workdir, sizeof workdir, "%s/kg-fuzz-lua-XXXXXX", dir);
	free(dir);
	if (!mkdtemp(workdir) || chdir(workdir) != 0) {
		perror(workdir);
		abort();
	}
	atexit(remove_workdir);
}

/* Aborts when the last script left a file in the working directory. */
static void check_workdir(void)
{
	DIR *dp = opendir(workdir);
	if (!dp)
		abort();
	int found = 0;
	struct dirent *de;
	while ((de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		fprintf(stderr, "fuzz_lua: a sandboxed script created %s/%s\n", workdir, de->d_name);
		unlinkat(dirfd(dp), de->d_name, 0);
		found = 1;
	}
	closedir(dp);
	if (found)
		abort();
}

/* Loads the graph on first use; it lives as long as the process. */
static kg_graph *the_graph(void)
{
	if (graph)
		return graph;
	const char *path = fz_write(&graph_file, ".yaml", graph_yaml, sizeof graph_yaml - 1);
	kg_diags *d = kg_diags_new();
	if (!path || !d)
		abort();
	graph = kg_graph_load(&path, 1, NULL, d);
	if (!graph) {
		for (size_t i = 0; i < kg_diags_count(d); i++)
			fprintf(stderr, "fuzz_lua: graph: %s\n", kg_diags_get(d, i)->msg);
		abort();
	}
	kg_diags_free(&d);
	enter_workdir(); /* after the load: $TMPDIR may be a relative path */
	return graph;
}

/* Formats the n values below it (protected: a __tostring may fail). */
static int format_all(lua_State *L)
{
	int n = (int)lua_tointeger(L, 1);
	for (int i = 2; i <= n + 1; i++) {
		kgl_format_value(L, i);
		if (!lua_isstring(L, i))
			abort(); /* the formatter leaves a string */
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	kgl_state_opts o = {1, NULL, (size_t)64 << 20, 1.0, {0, 0, 0}};
	lua_State *L = kgl_new_state(the_graph(), &o);
	if (!L)
		return 0;
	char *argv[] = {"fuzz.lua", NULL};
	int nres = 0;
	int top = lua_gettop(L);
	if (kgl_run_chunk(L, (const char *)data, size, "=fuzz", 1, argv, &nres) == 0) {
		if (lua_gettop(L) != top + nres)
			abort();
		lua_pushcfunction(L, format_all);
		lua_insert(L, top + 1);
		lua_pushinteger(L, nres);
		lua_insert(L, top + 2);
		(void)lua_pcall(L, nres + 1, 0, 0);
	} else if (lua_gettop(L) != top + 1 || !lua_isstring(L, -1)) {
		abort(); /* an error leaves one string */
	}
	kgl_close_state(&L);
	if (L)
		abort();
	check_workdir();
	return 0;
}
