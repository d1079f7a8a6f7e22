/* fuzz_csv_import.c — fuzz target: `kg import` of a CSV table (and, when
 * the input starts with '{', of kg's JSON export) against the built-in
 * core schema. Whatever the input, the import must not crash, and files it
 * keeps must load again. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "import.h"

static fz_file csv_file, json_file;
static char out_dir[600];

static void import_one(const char *format, const char *path)
{
	const char *inputs[1] = {path};
	kgi_opts o;
	memset(&o, 0, sizeof o);
	o.format = format;
	o.out_dir = out_dir;
	o.inputs = inputs;
	o.ninputs = 1;
	o.force = true;
	kg_load_opts lo;
	kg_load_opts_init(&lo);
	o.limits = lo.limits;
	o.limits.max_scalar_bytes = 4096; /* small limits: the fuzzer reaches them */
	o.limits.max_depth = 16;
	kg_diags *d = kg_diags_new();
	kgi_result r;
	if (!d)
		abort();
	int st = kgi_import(&o, d, &r);
	kg_diags_free(&d);
	if (st == KG_EXIT_OK) {
		const char *paths[1] = {out_dir};
		kg_diags *d2 = kg_diags_new();
		kg_graph *g = kg_graph_load(paths, 1, &lo, d2);
		if (!g || kg_graph_entity_count(g) != r.entities ||
		    kg_graph_relation_count(g) != r.relations)
			abort(); /* what import keeps loads, and is what it said */
		kg_graph_free(&g);
		kg_diags_free(&d2);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!out_dir[0]) {
		const char *dir = getenv("TMPDIR");
		snprintf(out_dir, sizeof out_dir, "%s/kg-fuzz-import-%ld", dir && *dir ? dir : "/tmp",
			 (long)getpid());
	}
	const char *p = fz_write(&csv_file, ".csv", data, size);
	if (p)
		import_one("csv", p);
	if (size && data[0] == '{' && (p = fz_write(&json_file, ".json", data, size)))
		import_one("json", p);
	char f[700];
	snprintf(f, sizeof f, "%s/entities.yaml", out_dir);
	unlink(f);
	snprintf(f, sizeof f, "%s/relations.yaml", out_dir);
	unlink(f);
	rmdir(out_dir);
	return 0;
}
