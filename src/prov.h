/* prov.h — provenance analysis of a loaded graph: the claims that disagree
 * at the same date (kg conflicts) and how the facts rest on their sources
 * (kg report). Core layer: reads a graph through kg.h and never prints.
 *
 * Ownership: a kgp_conflicts and a kgp_report are malloc'd by their
 * builder and owned by the caller, who frees them with *_free (which takes
 * T ** and clears the pointer; NULL does nothing). They borrow the graph,
 * which must outlive them.
 */
#ifndef KG_PROV_H
#define KG_PROV_H

#include "kg.h"

/* ------------------------------------------------------------------ */
/* The graph at a date                                                 */
/* ------------------------------------------------------------------ */

/* What an analysis looks at: NULL for the whole graph; with a date
 * (`--as-of`, g:at) the entities and relations of `view` (kg_view_at of
 * that date, which the caller owns) and the claims valid then
 * (kg_claim_meets: every rank). */
typedef struct kgp_at {
	kg_date date;
	const kg_view *view;
} kgp_at;

/* ------------------------------------------------------------------ */
/* Facts                                                               */
/* ------------------------------------------------------------------ */

/* A fact: an entity, a relation, or one claim of an attribute of either. */
typedef enum kgp_kind { KGP_ENTITY, KGP_RELATION, KGP_ENTITY_CLAIM, KGP_RELATION_CLAIM } kgp_kind;

typedef struct kgp_fact {
	uint32_t kind;  /* kgp_kind */
	uint32_t rec;   /* the kg_eid or kg_rid that holds it */
	uint32_t attr;  /* claims: index in the record's attributes */
	uint32_t claim; /* claims: index in that attribute's claims */
} kgp_fact;

/* Whether the fact holds to a relation (itself or one of its claims). */
static inline bool kgp_fact_on_rel(const kgp_fact *f)
{
	return f->kind == KGP_RELATION || f->kind == KGP_RELATION_CLAIM;
}
/* The attribute of a claim (NULL for an entity or relation itself). */
const kg_attr *kgp_fact_attr(const kg_graph *g, const kgp_fact *f);
/* The claim itself (NULL for an entity or relation itself). */
const kg_claim *kgp_fact_claim(const kg_graph *g, const kgp_fact *f);
/* Where it was written (a claim: its own place, else its record's). */
kg_loc kgp_fact_loc(const kg_graph *g, const kgp_fact *f);
/* Its sources (a claim: its own, not its record's). */
const kg_eid *kgp_fact_sources(const kg_graph *g, const kgp_fact *f, size_t *n);
/* Its date: a claim's as_of, or the `as_of` date attribute of an entity or
 * relation (the best claim's when it has several); NULL when undated. */
const char *kgp_fact_date(const kg_graph *g, const kgp_fact *f);

/* Orders two ISO dates of the three precisions (2019, 2019-12,
 * 2019-12-22) by the day they begin, a coarser one first when two begin
 * on the same day: dates are checked on load to have four-digit years,
 * so this is the order of their text. NULL (undated) comes first. */
int kgp_date_cmp(const char *a, const char *b);

/* Whether two values say the same thing: numbers by value (an int and a
 * number alike), strings and dates by text, lists item by item,
 * quantities by their numbers and unit (their note is commentary). */
bool kgp_value_same(const kg_value *a, const kg_value *b);

/* ------------------------------------------------------------------ */
/* Conflicts                                                           */
/* ------------------------------------------------------------------ */

/* Whether two claims of one attribute speak of the same time, so that
 * different values disagree: both without a time, or their times overlap
 * (a claim's time is its since..till span, else the days of its as_of:
 * "2016" overlaps "2016-07"). kgp_conflicts_find sorts the claims by
 * where their time begins and groups those that chain into one stretch. */
bool kgp_claims_overlap(const kg_claim *a, const kg_claim *b);

/* One disagreement: claims of one attribute that overlap in time, at
 * least two of them not deprecated and of different values. */
typedef struct kgp_conflict {
	bool rel;          /* held by a relation (else by an entity) */
	bool resolved;     /* the winner is preferred and no preferred claim
			    * of the group says otherwise */
	uint32_t rec;      /* the kg_eid or kg_rid */
	uint32_t attr;     /* index in the record's attributes */
	uint32_t first, n; /* the group's claims: claims[first .. first + n) of
			    * kgp_conflicts, indexes into the attribute's claims,
			    * in the order written */
	uint32_t winner;   /* index into the attribute's claims: the best rank
			    * (preferred over normal; deprecated never), then the
			    * latest as_of, then the first written */
} kgp_conflict;

typedef struct kgp_conflicts {
	kgp_conflict *items; /* entities' first (by entity), then relations' */
	size_t n;
	uint32_t *claims;    /* the groups' claim indexes (see kgp_conflict) */
	size_t nclaims;
	size_t unresolved;   /* items whose resolved is false */
	size_t attrs;        /* attributes with several claims, looked at */
} kgp_conflicts;

/* Every conflict of g, or of g at a date (at: the claims valid then, of
 * the entities and relations valid then); NULL when memory ran out. */
kgp_conflicts *kgp_conflicts_find(const kg_graph *g, const kgp_at *at);
void kgp_conflicts_free(kgp_conflicts **c);
/* The attribute a conflict is about. */
const kg_attr *kgp_conflict_attr(const kg_graph *g, const kgp_conflict *c);

/* ------------------------------------------------------------------ */
/* Source coverage                                                     */
/* ------------------------------------------------------------------ */

/* The three kinds of facts counted apart in the report. */
enum { KGP_N_ENTITIES, KGP_N_RELATIONS, KGP_N_CLAIMS, KGP_N_KINDS };

/* One source: the facts that cite it. */
typedef struct kgp_source {
	kg_eid id;
	uint32_t cites[KGP_N_KINDS]; /* facts citing it, by kind */
	uint32_t sole;               /* facts citing it and no other source */
} kgp_source;

/* One entity or relation type: its records and their claims. */
typedef struct kgp_type {
	uint32_t count;      /* records of exactly this type */
	uint32_t claims;     /* claims of their attributes */
	uint32_t unsourced;  /* records and claims without a source (sources
			      * themselves are not asked for one) */
	uint32_t single;     /* records and claims citing exactly one source */
	uint32_t dated;      /* records and claims with a date (kgp_fact_date) */
	const char *oldest;  /* the earliest of those dates (kgp_date_cmp), or NULL */
	kgp_fact oldest_fact; /* the first fact written with that date */
} kgp_type;

typedef struct kgp_report {
	size_t facts[KGP_N_KINDS];     /* entities, relations, claims */
	size_t sourced[KGP_N_KINDS];   /* of those, citing at least one source */
	size_t single[KGP_N_KINDS];    /* citing exactly one */
	size_t unsourced_n[KGP_N_KINDS]; /* unsourced, by kind (the list's counts) */
	size_t nsource_entities;       /* entities of type source or a subtype */
	size_t sources_unsourced;      /* of those, citing no source (which they
					* need not: not in unsourced_n) */
	kgp_source *sources;           /* every source entity and every entity
					* cited: most cited first, then by id */
	size_t nsources;
	kgp_fact *unsourced;           /* the first `keep` facts without a source (of
					* unsourced_n's), in graph order: entities
					* then relations, each followed by its claims */
	size_t nunsourced;
	kg_eid *uncited;               /* source entities nothing cites, by id */
	size_t nuncited;
	kgp_type *etypes;              /* by kg_tid (schema entity type count) */
	kgp_type *rtypes;              /* by kg_rtid */
} kgp_report;

/* The coverage report of g (or of g at a date: the facts valid then, and
 * the source entities in existence then), listing at most `keep`
 * unsourced facts (SIZE_MAX: all of them; the counts are whole either
 * way); NULL when memory ran out. */
kgp_report *kgp_report_build(const kg_graph *g, size_t keep, const kgp_at *at);
void kgp_report_free(kgp_report **r);

/* ------------------------------------------------------------------ */
/* What one source supports (kg sources)                               */
/* ------------------------------------------------------------------ */

typedef struct kgp_support {
	kgp_fact *facts;             /* every fact citing the source, in graph order:
				      * entities, each followed by its claims, then
				      * relations, likewise */
	bool *alone;                 /* per fact: the source is its only one */
	size_t n, alone_cap;
	size_t count[KGP_N_KINDS];   /* entities, relations, claims */
	size_t nalone;               /* facts resting on the source alone */
} kgp_support;

/* Every fact (entity, relation, claim) whose own sources include src: a
 * retracted report's reach (at a date: of the facts valid then). NULL
 * when memory ran out. */
kgp_support *kgp_supported_by(const kg_graph *g, kg_eid src, const kgp_at *at);
void kgp_support_free(kgp_support **s);

#endif
