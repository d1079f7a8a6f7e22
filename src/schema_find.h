/* schema_find.h — the schema a graph's files name (`schema: PATH`), found
 * before the data is read (internal to the loader).
 *
 * kgsf_find reads the files in order only as far as the first document key
 * `schema` at the top level: a line starting with "schema:" marks the
 * files worth reading, and an event scan stops at the key, so the data is
 * not parsed twice. The loader then checks the `schema` key of every
 * document it reads against the one found (kgsf_check).
 */
#ifndef KG_SCHEMA_FIND_H
#define KG_SCHEMA_FIND_H

#include "kg.h"
#include "yaml_tree.h"

typedef struct kgsf_schema {
	char *path;        /* resolved against the naming file's directory;
			    * NULL when no file names one (all malloc'd) */
	char *where;       /* "FILE:LINE:COL" of it */
	char *file;        /* the file that names it */
	uint32_t line, col;
} kgsf_schema;

/* Finds the first schema the files name. Problems (a value that is no
 * path, YAML errors before the key) go to d; -1 when out of memory. */
int kgsf_find(const char *const *paths, size_t n, const kg_limits *lim, kg_diags *d,
	      kgsf_schema *out);
/* Checks the `schema` value v of a document of file against the one found:
 * a value that is no path, or that names another schema, is an error. */
void kgsf_check(const kgsf_schema *s, const char *file, const kgy_node *v, kg_diags *d);
void kgsf_free(kgsf_schema *s);
/* The path s[0..len) names, relative to the directory of file (as is
 * when absolute); malloc'd, NULL on OOM. */
char *kgsf_resolve(const char *file, const char *s, size_t len);

#endif
