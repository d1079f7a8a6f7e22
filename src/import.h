/* import.h — `kg import`: kg's JSON export, or CSV tables described by a
 * mapping file, to kg YAML data files that load (doc/import.md). */
#ifndef KG_IMPORT_H
#define KG_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "kg.h"

typedef struct kgi_opts {
	const char *format;        /* "json" or "csv" */
	const char *map_path;      /* csv: the mapping file, or NULL */
	const char *schema_path;   /* NULL: the built-in core schema */
	const char *out_dir;       /* created when missing */
	const char *const *inputs; /* files to read; "-" is stdin */
	size_t ninputs;
	bool force;                /* replace entities.yaml / relations.yaml in out_dir */
	size_t file_bytes;         /* a data file is continued in the next past this; 0: 256 MiB */
	kg_limits limits;
	kg_progress *progress;     /* NULL, or counts items written, then the check's load (not owned) */
} kgi_opts;

/* What an import wrote. */
typedef struct kgi_result {
	size_t entities, relations, files;
} kgi_result;

/* Reads the inputs, writes DIR/entities.yaml and DIR/relations.yaml (and
 * NAME_0002.yaml on past 256 MiB), loads them with the schema, and keeps
 * them only when they load without error: otherwise nothing is left. Every
 * problem goes to d located in the inputs (or the mapping, or the schema).
 * Returns enum kg_exit: KG_EXIT_USAGE for a missing input or an output
 * that exists without force. */
int kgi_import(const kgi_opts *o, kg_diags *d, kgi_result *r);

/* The CSV mapping (import_map.c). */
struct kgi_map;
struct kgi_map *kgi_map_load(const char *path, const kg_limits *lim, kg_diags *d);
void kgi_map_free(struct kgi_map **m);

#endif
