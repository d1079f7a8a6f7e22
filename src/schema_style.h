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
 * This file depends on the C library alone (no Graphviz, no Lua, no store),
 * so that the schema reader can give located errors with it while drawing
 * checks the same table again before any value reaches cgraph. */
#ifndef KG_SCHEMA_STYLE_H
#define KG_SCHEMA_STYLE_H

#include <stddef.h>

/* What a style is for: an entity type draws nodes, a relation type edges. */
enum kgss_attr_on { KGSS_ON_NODE = 1, KGSS_ON_EDGE = 2 };

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

#endif
