/* schema.h — reading a schema from YAML into the model of
 * schema_model.h (schema.c). */
#ifndef KG_SCHEMA_H
#define KG_SCHEMA_H

#include "schema_model.h"

/* Loads a schema. NULL when it has any error (all reported to diags). */
kg_schema *kgsc_load_file(const char *path, const kg_limits *lim, kg_diags *diags);
kg_schema *kgsc_load_buffer(const char *name, const char *buf, size_t len,
			    const kg_limits *lim, kg_diags *diags);
/* The built-in schema (schema/core.yaml compiled into the program). */
kg_schema *kgsc_load_core(const kg_limits *lim, kg_diags *diags);
/* Several schemas combined as one that extends them all (doc/schema.md):
 * a graph's own schema and -s; the same file given twice is read once. */
kg_schema *kgsc_load_files(const char *const *paths, size_t n, const kg_limits *lim,
			   kg_diags *diags);

/* The text a snapshot keeps of a schema of more than one layer (a bundle,
 * which kgsc_load_buffer reads back): malloc'd, *len its length; NULL
 * with errno set when a file cannot be read again (its name in *bad). */
char *kgsc_bundle(const kg_schema *s, size_t *len, const char **bad);

#endif
