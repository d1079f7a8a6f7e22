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

#endif
