/* schema_model.h — the schema as kg holds it: entity and relation types,
 * attribute definitions, styles (internal; kg.h has the public readers;
 * schema.h reads one from YAML). No YAML here.
 *
 * A kg_schema owns everything it points to (its own arena). Lookup tables
 * are built once at load; a loaded schema is immutable.
 */
#ifndef KG_SCHEMA_MODEL_H
#define KG_SCHEMA_MODEL_H

#include "arena.h"
#include "kg.h"
#include "schema_pattern.h"

typedef enum kg_atype {
	KG_AT_STRING, KG_AT_TEXT, KG_AT_INT, KG_AT_NUMBER, KG_AT_BOOL, KG_AT_DATE,
	KG_AT_QUANTITY, KG_AT_ENUM, KG_AT_REF, KG_AT_LIST
} kg_atype;

typedef struct kgsc_attr kgsc_attr;
struct kgsc_attr {
	const char *name;
	uint16_t ix;             /* an attribute of a type: its number (kgsc_attr_name), from 1;
				  * 0 for the item definition of a list */
	kg_atype type;
	bool required;
	bool has_min, has_max;   /* int, number, quantity (each bound), list length */
	double min, max;
	const char *pattern;     /* string/text: a PCRE2 pattern (schema_pattern.h), or NULL */
	const kgsc_pattern *re;  /* compiled pattern, owned by the schema */
	const char **values;     /* enum */
	size_t nvalues;
	kg_tid ref_to;           /* ref: the entity type referred to */
	kgsc_attr *of;           /* list: the item definition */
	const char *doc;         /* or NULL */
	kg_loc loc;
};

typedef struct kgsc_etype {
	const char *name;
	kg_tid parent;           /* KG_NONE for a root */
	bool abstract;
	const char *doc;
	kgsc_attr *own;          /* attributes declared on this type */
	size_t nown;
	const kgsc_attr **all;   /* own and inherited, nearest type first */
	size_t nall;
	/* `existence`: the date attributes that bound its entities' existence
	 * (declared here or inherited; NULL: open at that end) */
	const char *exist_since, *exist_till;
	uint16_t since_ix, till_ix; /* their numbers (kg_value.name) for this type; 0: none */
	bool exist_own;          /* declared on this type (else inherited) */
	kg_loc exist_at[2];      /* where its since and till were written */
	kg_loc loc;
} kgsc_etype;

typedef struct kgsc_rtype {
	const char *name;
	kg_tid *from, *to;       /* allowed endpoint types (subtypes accepted) */
	size_t nfrom, nto;       /* 0: any entity */
	bool symmetric;
	const char *doc;
	const char *label;       /* words for edge labels ("sends workers to") */
	kgsc_attr *attrs;        /* `since` and `till` (dates) always among them */
	size_t nattrs;
	uint16_t since_ix, till_ix; /* their numbers (kg_value.name) */
	kg_loc loc;
} kgsc_rtype;

void kgsc_free(kg_schema **s);

/* The schema files combined into s (`extends`, and a graph's schema with
 * -s), extended ones first ("<core>" for the built-in one); the last is
 * kg_schema_origin. */
size_t kgsc_layer_count(const kg_schema *s);
const char *kgsc_layer_file(const kg_schema *s, size_t i);

const kgsc_etype *kgsc_get_etype(const kg_schema *s, kg_tid t);
const kgsc_rtype *kgsc_get_rtype(const kg_schema *s, kg_rtid rt);
/* An attribute of type t, own or inherited; NULL when unknown. */
/* The name of attribute number ix (kgsc_attr.ix, kg_value.name); NULL when
 * there is none. Numbers run from 1 to kgsc_attr_count(s). */
const char *kgsc_attr_name(const kg_schema *s, uint32_t ix);
size_t kgsc_attr_count(const kg_schema *s);
/* Attributes a schema may declare: their numbers fit kg_value.name. */
#define KGSC_MAX_ATTRS 65535
/* Entity types, and relation types, a schema may declare: a stored record
 * keeps its type in 16 bits, 0xffff meaning none (store.h). */
#define KGSC_MAX_TYPES 65534
const kgsc_attr *kgsc_entity_attr(const kg_schema *s, kg_tid t, const char *name);
const kgsc_attr *kgsc_rel_attr(const kg_schema *s, kg_rtid rt, const char *name);
/* Whether a relation of type rt may go from an entity of type `from` to one
 * of type `to` (subtypes accepted). */
bool kgsc_rtype_allows_from(const kg_schema *s, kg_rtid rt, kg_tid from);
bool kgsc_rtype_allows_to(const kg_schema *s, kg_rtid rt, kg_tid to);
/* "country or region" / "any entity": the allowed endpoint types, for messages. */
const char *kgsc_rtype_endpoints(const kg_schema *s, kg_rtid rt, bool to, char *buf, size_t bufsz);

#endif
