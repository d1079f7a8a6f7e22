/* schema_style.h — the drawing attributes a style may set, each with the
 * values it takes (schema_style.c; internal).
 *
 * Styles come from a schema's `style:` section and from Lua's `styles`
 * option, and Graphviz runs in kg's process: a value it takes at its word
 * (peripheries = 1e9, minlen = 1e9, sides = 1e8, a 400-inch node in a PNG)
 * crashes it, hangs it or takes gigabytes. So a style may name only the
 * attributes listed here, each value well-formed and inside its documented
 * range (doc/drawing-attributes.md); anything else is refused, never
 * clamped, so a drawing never silently differs from what was written.
 *
 * The allow list depends on the C library alone (no Graphviz, no Lua, no
 * store), so that the schema reader can give located errors with it while
 * drawing checks the same table again before any value reaches cgraph. The
 * style section's reader (kgss_parse_section) lives here too, beside it. */
#ifndef KG_SCHEMA_STYLE_H
#define KG_SCHEMA_STYLE_H

#include <stdbool.h>
#include <stddef.h>

#include "kg.h"

/* What a style is for: an entity type draws nodes, a relation type edges;
 * the `graph` entry of the style section (and --graph-attr) the drawing. */
enum kgss_attr_on { KGSS_ON_NODE = 1, KGSS_ON_EDGE = 2, KGSS_ON_GRAPH = 4 };

/* kgss_attr_check's answers: the value names which part of key: value to
 * point an error at. */
enum kgss_attr_verdict { KGSS_ATTR_OK = 0, KGSS_ATTR_BAD_KEY, KGSS_ATTR_BAD_VALUE };

/* Checks one attribute of a style for `on` (one of kgss_attr_on). Returns
 * KGSS_ATTR_OK, or another verdict with why[] set to a sentence naming the
 * attribute and what it takes ("'peripheries' must be a whole number from
 * 0 to 4, got '1000000000'"; "unknown attribute 'colour' (did you mean
 * 'color'?)"). The value is quoted shortened and with control bytes
 * escaped. No side effects beyond why. */
int kgss_attr_check(const char *key, const char *value, unsigned on, char *why, size_t whysz);

/* ---------------------------------------------------------------- */
/* Styles with conditions (the list form of a type's style)          */
/* ---------------------------------------------------------------- */

/* What a condition compares: the attribute's value as a bool, a number or
 * text (string, text, enum, date and ref attributes). */
enum kgss_cond_kind { KGSS_COND_BOOL, KGSS_COND_NUM, KGSS_COND_TEXT };

/* `attr: value` or `attr: [v1, v2]` of a `when`: true when the element's
 * attribute (its best claim) equals one of the values. */
typedef struct kgss_cond {
	const char *attr;
	int kind;             /* enum kgss_cond_kind */
	size_t n;
	const char **text;    /* KGSS_COND_TEXT; "true"/"false" for KGSS_COND_BOOL */
	const double *num;    /* KGSS_COND_NUM */
} kgss_cond;

/* One item of the list: its attributes apply when every condition holds
 * (no condition: always). */
typedef struct kgss_rule {
	const kgss_cond *when;
	size_t nwhen;
	const kg_style_kv *kv;
	size_t nkv;
} kgss_rule;

typedef struct kgy_node kgy_node;

/* Reads the `style:` section n of layer `layer` of a schema into s
 * (schema.c calls it, for each of the schemas combined, once the types and
 * their attributes are read): per type a mapping of attributes, or a list
 * of `{when: {ATTR: VALUE...}, style: {...}}` items; `graph:` the
 * drawing's own attributes. A type styled by a schema this layer extends
 * (bit i of reach: layer i) is styled anew; styled by any other, it is an
 * error naming both places. Every problem goes to d, located in `file`;
 * *oom is set when memory ran out (reported once). */
void kgss_parse_section(kg_schema *s, kg_diags *d, const char *file, const kgy_node *n,
			unsigned layer, uint64_t reach, bool *oom);

/* The rules of one entity or relation type (in the order written), and the
 * schema's graph attributes; NULL with *n = 0 when none. */
const kgss_rule *kgss_type_rules(const kg_schema *s, kg_tid t, size_t *n);
const kgss_rule *kgss_rtype_rules(const kg_schema *s, kg_rtid rt, size_t *n);
const kg_style_kv *kgss_graph_style(const kg_schema *s, size_t *n);

#endif
