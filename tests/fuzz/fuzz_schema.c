/* fuzz_schema.c — fuzz target: the schema loader (kgsc_load_buffer) over
 * arbitrary bytes; a schema that loads is read back through every reader. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "schema.h"

/* Reads everything a loaded schema offers, as the loader and drawing do. */
static void read_schema(const kg_schema *s)
{
	char buf[256];
	size_t nt = kg_schema_type_count(s), nr = kg_schema_rtype_count(s);
	(void)kg_schema_origin(s);
	for (kg_tid t = 0; t < nt; t++) {
		const char *name = kg_schema_type_name(s, t);
		if (!name || kg_schema_type_find(s, name) != t)
			abort();
		kg_tid p = kg_schema_type_parent(s, t);
		if (p != KG_NONE && (p >= nt || !kg_schema_type_is(s, t, p)))
			abort();
		(void)kg_schema_type_abstract(s, t);
		(void)kg_schema_type_doc(s, t);
		size_t nkv;
		const kg_style_kv *kv = kg_schema_style(s, name, &nkv);
		for (size_t i = 0; kv && i < nkv; i++)
			if (!kv[i].key || !kv[i].value)
				abort();
		const kgsc_etype *et = kgsc_get_etype(s, t);
		for (size_t i = 0; et && i < et->nall; i++)
			if (kgsc_entity_attr(s, t, et->all[i]->name) == NULL)
				abort();
		for (kg_rtid r = 0; r < nr; r++) {
			(void)kgsc_rtype_allows_from(s, r, t);
			(void)kgsc_rtype_allows_to(s, r, t);
		}
	}
	for (kg_rtid r = 0; r < nr; r++) {
		const char *name = kg_schema_rtype_name(s, r);
		if (!name || kg_schema_rtype_find(s, name) != r)
			abort();
		(void)kg_schema_rtype_symmetric(s, r);
		(void)kg_schema_rtype_doc(s, r);
		(void)kgsc_rtype_endpoints(s, r, false, buf, sizeof buf);
		(void)kgsc_rtype_endpoints(s, r, true, buf, sizeof buf);
		if (strlen(buf) >= sizeof buf)
			abort();
		const kgsc_rtype *rt = kgsc_get_rtype(s, r);
		for (size_t i = 0; rt && i < rt->nattrs; i++)
			if (kgsc_rel_attr(s, r, rt->attrs[i].name) == NULL)
				abort();
	}
	(void)kg_schema_type_find(s, "no-such-type");
	(void)kg_schema_rtype_find(s, "no-such-type");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	kg_load_opts o;
	kg_load_opts_init(&o);
	kg_diags *d = kg_diags_new();
	if (!d)
		return 0;
	kg_schema *s = kgsc_load_buffer("fuzz-schema.yaml", (const char *)data, size, &o.limits, d);
	if (s) {
		if (kg_diags_errors(d) != 0)
			abort(); /* a schema is never handed out with errors */
		read_schema(s);
	} else if (kg_diags_errors(d) == 0) {
		abort(); /* refused without saying why */
	}
	kgsc_free(&s);
	if (s)
		abort();
	kg_diags_free(&d);
	return 0;
}
