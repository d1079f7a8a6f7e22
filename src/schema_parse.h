/* schema_parse.h — the state of one schema read, shared by its reader
 * (schema.c) and what is derived once every type is read
 * (schema_derive.c); internal to them. */
#ifndef KG_SCHEMA_PARSE_H
#define KG_SCHEMA_PARSE_H

#include "schema_int.h"
#include "schema_layers.h"

typedef struct sc_parse {
	kg_schema *s;
	kg_diags *d;
	const char *file; /* of the layer being read: for messages */
	bool oom;         /* reported once */
	/* While parsing: the YAML node of each type's is_a. */
	const kgy_node **isa;
	const kgsl_layer *layers; /* the schemas combined, extended ones first */
	size_t nlayers;
	const kgy_pair **tdef, **rdef; /* each type's definition, */
	uint8_t *tlayer, *rlayer;      /* and the layer it is in */
	uint16_t validity_ix[2]; /* the numbers of the since and till added to relation types */
} sc_parse;

/* n zeroed items of `size` bytes in the schema's arena; NULL when out of
 * memory (reported once). */
void *kgsc_alloc(sc_parse *p, size_t n, size_t size);

/* Once every type is read: is_a cycles broken and reported, attributes
 * flattened (an override that does not narrow the inherited definition
 * reported), existence bounds resolved, ancestor sets built. */
void kgsc_derive(sc_parse *p);

#endif
