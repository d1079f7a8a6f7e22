/* json_export.c — the JSON export (src/export_json.c) of a graph on
 * stdout, for the import tests until `kg export -f json` calls it:
 *   json_export [--no-loc] [-s SCHEMA] PATH...
 * Problems loading go to stderr as FILE:LINE:COL: error: MESSAGE; exit 1. */
#include <stdio.h>
#include <string.h>

#include "export_json.h"
#include "kg.h"

int main(int argc, char **argv)
{
	kg_load_opts o;
	kg_load_opts_init(&o);
	unsigned flags = 0;
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--no-loc") == 0)
			flags |= KGX_JSON_NO_LOC;
		else if (strcmp(argv[i], "-s") == 0 && i + 1 < argc)
			o.schema_path = argv[++i];
		else
			break;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: json_export [--no-loc] [-s SCHEMA] PATH...\n");
		return 2;
	}
	kg_diags *d = kg_diags_new();
	kg_graph *g = d ? kg_graph_load((const char *const *)argv + i, (size_t)(argc - i), &o, d) : NULL;
	for (size_t k = 0; d && k < kg_diags_count(d); k++) {
		const kg_diag *x = kg_diags_get(d, k);
		fprintf(stderr, "%s:%u:%u: %s: %s\n", x->loc.file ? x->loc.file : "-",
			(unsigned)x->loc.line, (unsigned)x->loc.col,
			x->sev == KG_ERROR ? "error" : "warning", x->msg);
	}
	int rc = g && kgx_write_json(g, stdout, flags) == 0 ? 0 : 1;
	kg_graph_free(&g);
	kg_diags_free(&d);
	return rc;
}
