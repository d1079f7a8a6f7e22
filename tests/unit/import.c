/* import.c — kg import's data files continued past a size (a small one
 * here, 256 MiB in use): every file is kept and loads, the loader's errors
 * in a later file are told at their CSV rows, and a smaller import with
 * --force removes the files a bigger one left. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "import.h"
#include "t.h"

static char dir[256];

static int run(const char *csv, size_t file_bytes, bool force, kg_diags *d, kgi_result *r)
{
	char in[300], out[300];
	snprintf(in, sizeof in, "%s/in.csv", dir);
	snprintf(out, sizeof out, "%s/out", dir);
	FILE *f = fopen(in, "w");
	if (!f)
		return -1;
	fputs(csv, f);
	fclose(f);
	const char *inputs[1] = {in};
	kgi_opts o;
	memset(&o, 0, sizeof o);
	kg_load_opts lo;
	kg_load_opts_init(&lo);
	o.format = "csv";
	o.out_dir = out;
	o.inputs = inputs;
	o.ninputs = 1;
	o.force = force;
	o.file_bytes = file_bytes;
	o.limits = lo.limits;
	return kgi_import(&o, d, r);
}

static bool exists(const char *name)
{
	char p[400];
	snprintf(p, sizeof p, "%s/out/%s", dir, name);
	return access(p, F_OK) == 0;
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/kg-import-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return 1;
	/* 40 rows of about 60 bytes of YAML each, in files of 500 bytes */
	char csv[8192] = "id,type,name\n";
	for (int i = 0; i < 40; i++)
		snprintf(csv + strlen(csv), sizeof csv - strlen(csv), "e%d,source,Entity %d\n", i, i);
	kg_diags *d = kg_diags_new();
	kgi_result r;
	/* sources need a title: every row is an error, told at its row */
	CHECK(run(csv, 500, false, d, &r) == KG_EXIT_INVALID);
	CHECK(kg_diags_errors(d) == 40);
	kg_diags_sort(d);
	const kg_diag *last = kg_diags_get(d, kg_diags_count(d) - 1);
	CHECK(last && strstr(last->loc.file, "/in.csv") && last->loc.line == 41 && last->loc.col == 1);
	CHECK(!exists("entities.yaml") && !exists("entities_0002.yaml"));
	kg_diags_free(&d);

	strcpy(csv, "id,type,name\n");
	for (int i = 0; i < 40; i++)
		snprintf(csv + strlen(csv), sizeof csv - strlen(csv), "e%d,country,Entity %d\n", i, i);
	d = kg_diags_new();
	CHECK(run(csv, 500, false, d, &r) == KG_EXIT_OK);
	CHECK(kg_diags_count(d) == 0);
	CHECK(r.entities == 40 && r.files > 3);
	CHECK(exists("entities.yaml") && exists("entities_0002.yaml") && !exists("relations.yaml"));
	size_t files = r.files;
	char p[400];
	snprintf(p, sizeof p, "%s/out", dir);
	const char *paths[1] = {p};
	kg_load_opts lo;
	kg_load_opts_init(&lo);
	kg_graph *g = kg_graph_load(paths, 1, &lo, d);
	CHECK(g && kg_graph_entity_count(g) == 40 && kg_graph_file_count(g) == files);
	CHECK(g && strcmp(kg_entity_id(g, 39), "e39") == 0); /* in order */
	kg_graph_free(&g);
	/* without --force nothing is replaced */
	CHECK(run(csv, 500, false, d, &r) == KG_EXIT_USAGE);
	kg_diags_free(&d);
	/* a smaller import with --force leaves no file of the bigger one */
	d = kg_diags_new();
	CHECK(run("id,type\nx,country\n", 500, true, d, &r) == KG_EXIT_OK);
	CHECK(exists("entities.yaml") && !exists("entities_0002.yaml") && !exists("entities_0003.yaml"));
	g = kg_graph_load(paths, 1, &lo, d);
	CHECK(g && kg_graph_entity_count(g) == 1);
	kg_graph_free(&g);
	kg_diags_free(&d);
	char cmd[400];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	CHECK(system(cmd) == 0);
	return T_DONE();
}
