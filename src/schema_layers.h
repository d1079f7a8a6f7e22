/* schema_layers.h — a schema and the schemas it extends (`extends: core`,
 * `extends: PATH`, or a list), read as layers to be combined; and the
 * schema reader's one located-error helper (schema_layers.c). Internal to
 * the schema readers (schema.c, schema_style.c).
 *
 * Every file is read once (the same file reached twice is one layer);
 * the layers come extended-first: a layer after every layer it extends,
 * the roots' chains in the order the roots were given. A cycle of
 * extends, a target that cannot be read, a name that is no built-in
 * schema (with "did you mean") are errors located at the extends item.
 */
#ifndef KG_SCHEMA_LAYERS_H
#define KG_SCHEMA_LAYERS_H

#include "kg.h"
#include "yaml_tree.h"

/* At most this many schema files are combined (doc/limits.md). */
#define KGSL_MAX_LAYERS 32

typedef struct kgsl_layer {
	const char *file;     /* its name in messages: a path, or "<core>" */
	const kgy_node *root; /* its document */
	uint64_t reach;       /* bit i: it extends layer i, directly or not */
} kgsl_layer;

/* Where a root schema is read from: a path, else buf[0..len) named name. */
typedef struct kgsl_source {
	const char *name, *path, *buf;
	size_t len;
} kgsl_source;

/* Called once with every layer when all were read without an error; the
 * trees and names live until it returns. */
typedef void (*kgsl_fn)(void *ud, const kgsl_layer *layers, size_t n);

/* Reads the roots and, following their `extends`, every schema they build
 * on; then calls fn. Problems go to d. The built-in schema is core[0..clen). */
void kgsl_read(const kgsl_source *roots, size_t nroots, const char *core, size_t clen,
	       const kg_limits *lim, kg_diags *d, kgsl_fn fn, void *ud);

/* Reads fixed layers, each a piece of one buffer, in the order given (a
 * snapshot's bundle: schema.c); their `extends` are not followed. */
void kgsl_read_fixed(const kgsl_source *layers, const uint64_t *reach, size_t n,
		     const kg_limits *lim, kg_diags *d, kgsl_fn fn, void *ud);

/* A snapshot keeps a schema of several layers as one text, a bundle: a
 * header naming each layer, its reach and where its text lies, then the
 * texts as read (kgsl_bundle_text). kgsl_bundle_read takes a buffer
 * root apart: false when it is no bundle (or a broken one: reported). */
typedef struct kgsl_bundle {
	kgsl_source layers[KGSL_MAX_LAYERS]; /* names malloc'd; texts point into the buffer */
	uint64_t reach[KGSL_MAX_LAYERS];
	size_t n;
} kgsl_bundle;

bool kgsl_bundle_read(kgsl_bundle *b, const kgsl_source *src, const kg_limits *lim,
		      kg_diags *d);
void kgsl_bundle_free(kgsl_bundle *b);
/* The bundle of the n layers named files (reach as in kgsl_layer), each
 * read again from its file (the built-in one from core); malloc'd, NULL
 * with errno set when a file cannot be read (its name in *bad). */
char *kgsl_bundle_text(const char *const *files, const uint64_t *reach, size_t n,
		       const char *core, size_t clen, size_t *len, const char **bad);

/* An error at node n (line and column 0 without one) of file. */
__attribute__((format(printf, 4, 5)))
void kgsc_err(kg_diags *d, const char *file, const kgy_node *n, const char *fmt, ...);

#endif
