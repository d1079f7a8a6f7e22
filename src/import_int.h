/* import_int.h — what the importers share (internal to import*.c): the
 * YAML sink that writes kg data files and remembers, for every line it
 * writes, the place in the input it came from, so that the loader's
 * problems with the output are reported at the input. */
#ifndef KG_IMPORT_INT_H
#define KG_IMPORT_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "import.h"
#include "schema_model.h"

/* One output file: written to tmp (kg_out_open), renamed to final once
 * the whole import has loaded. map holds 12 bytes for each line written:
 * the input's index, line and column (an unlinked temporary file, so the
 * map takes no memory however big the input). */
typedef struct kgi_file {
	char *tmp, *final; /* malloc'd */
	FILE *map;
} kgi_file;

/* The data files of one kind ("entities" or "relations") in DIR: NAME.yaml,
 * then NAME_0002.yaml and on when a file passes KGI_FILE_BYTES. */
#define KGI_FILE_BYTES ((uint64_t)256 << 20)

typedef struct kgi_sink {
	const char *dir, *kind;
	const char *head;   /* written first in the first file (schema:), or NULL */
	uint64_t file_bytes; /* continue in a new file past this many bytes */
	kgi_file *files;    /* malloc'd; files[n-1] is the one open */
	size_t n, cap;
	FILE *f;            /* the open file's stream, or NULL */
	uint32_t line;      /* lines written to it so far */
	uint64_t bytes;     /* bytes written to it so far (at the last item) */
	uint32_t in, in_line, in_col; /* the input place the next lines come from */
	size_t items;
	size_t in_file;     /* items in the open file */
	int err;            /* first errno of a failed write, or 0 */
	bool bad_utf8;      /* a string given to kgi_str was not UTF-8 */
	bool first;         /* the next key is the item's first (after "- ") */
	kg_progress *pr;    /* kgi_opts.progress: items counted here, or NULL */
} kgi_sink;

/* Everything an importer is given: the options, the schema to check
 * types against, the two sinks and where problems go. */
typedef struct kgi_ctx {
	const kgi_opts *o;
	const kg_schema *schema;
	kgi_sink ents, rels;
	kg_diags *d;
	uint32_t in;        /* the input being read (index in o->inputs) */
} kgi_ctx;

/* The CSV mapping (import_map.c): for each table, where each part of an
 * entity or relation comes from: a column, or a value for every row. */
enum { KGI_F_ID, KGI_F_TYPE, KGI_F_NAME, KGI_F_ALIASES, KGI_F_NOTES, KGI_F_SOURCES,
       KGI_F_FROM, KGI_F_TO, KGI_NFIELDS };
extern const char *const kgi_field_names[KGI_NFIELDS];

typedef struct kgi_field {
	char *column;          /* malloc'd, or NULL */
	char *value;           /* malloc'd, or NULL */
	uint32_t line, col;    /* in the mapping */
	size_t ix;             /* the column's index in the table, once known */
} kgi_field;

typedef struct kgi_table {
	char *file;            /* an input's last path component (malloc'd) */
	kgi_field f[KGI_NFIELDS];
	char **anames;         /* attribute names, malloc'd */
	kgi_field *attrs;      /* where each comes from */
	size_t nattrs;
	bool attrs_given;      /* `attributes:` named them: no other column is one */
	uint32_t line, col;
} kgi_table;

struct kgi_map {
	char *path;            /* malloc'd */
	char sep;              /* between the items of aliases, sources and lists */
	kgi_table *t;
	size_t n;
};

/* Starts an item ("- ") in s, opening a file first when none is open or
 * the open one is full. 0, or -1 with s->err set. */
int kgi_item(kgi_sink *s);
/* Opens the first file unless one was: an empty graph has one file. */
int kgi_sink_open(kgi_sink *s);
/* Ends the writing: closes the open file. Returns 0 or an errno. */
int kgi_sink_close(kgi_sink *s);
/* Where the lines written next come from. */
static inline void kgi_at(kgi_sink *s, uint32_t line, uint32_t col)
{
	s->in_line = line;
	s->in_col = col;
}
/* Ends a line (and maps it to the place set by kgi_at). */
void kgi_nl(kgi_sink *s);
/* Writes "  KEY: " (the key plain when it may be, else quoted). */
void kgi_key(kgi_sink *s, const char *key, size_t len);
/* Writes s[0..len) as a double-quoted YAML scalar. */
void kgi_str(kgi_sink *s, const char *str, size_t len);
/* Writes str as a plain scalar when plain_ok and it reads back as the same
 * number or boolean; otherwise quoted. */
void kgi_scalar(kgi_sink *s, const char *str, size_t len, bool plain_ok);
void kgi_raw(kgi_sink *s, const char *text);
/* Whether values of attribute a (NULL: unknown) may be written plain. */
bool kgi_plain_type(const kgsc_attr *a);

/* "did you mean 'x'?" for a misspelt entity (rel false) or relation type:
 * " (did you mean 'x'?)" in buf, or "" when nothing is near. */
const char *kgi_type_hint(const kg_schema *s, bool rel, const char *name, char *buf, size_t bufsz);

/* The importers: read input o->inputs[c->in] into the sinks. Problems go
 * to c->d, located in the input. 0 when all is well. */
int kgi_read_json(kgi_ctx *c, FILE *in);
int kgi_read_csv(kgi_ctx *c, FILE *in, const struct kgi_map *m);

#endif
