/* schema_value.h — a YAML node checked against an attribute definition and
 * made a kg_value (schema_value.c), for the loader. */
#ifndef KG_SCHEMA_VALUE_H
#define KG_SCHEMA_VALUE_H

#include "schema.h"
#include "yaml_tree.h"

/* ---------------------------------------------------------------- */
/* Values: a YAML node checked against an attribute definition.      */
/* ---------------------------------------------------------------- */

/* A reference to an entity by id (interned in the strings), to be
 * resolved once every entity is known: the loader stores the id and fills *slot (when not NULL) with the
 * entity, checking that its type is must_be or a subtype (KG_NONE: any). */
typedef void (*kgv_ref_fn)(void *ud, const char *id, uint32_t line, uint32_t col,
			   kg_eid *slot, kg_tid must_be);

typedef struct kgv_ctx {
	const kg_schema *schema;
	kga_arena *arena;     /* values are allocated here (the graph's) */
	kga_strtab *strings;  /* strings are interned here (the graph's) */
	kg_diags *diags;
	const char *file;     /* for diagnostics */
	kgv_ref_fn ref;
	void *ud;
	bool oom;             /* set when memory ran out */
	bool no_text;         /* kg_load_opts.check_only: string values and notes
			       * are checked, then read "" (refs and dates kept) */
} kgv_ctx;

/* Converts n to a value of definition a (claims included: a sequence of
 * mappings with `value`, each checked value by value). Reports every
 * problem to c->diags and returns false when there was one. */
bool kgv_convert(kgv_ctx *c, const kgsc_attr *a, const kgy_node *n, kg_value *out);

#endif
