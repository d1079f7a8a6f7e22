/* export.h — writing a loaded graph in other programs' formats (`kg
 * export`): the outputs of one export, committed together (export_out.c),
 * the text helpers the writers share, and the writers (export_rdf.c,
 * export_table.c, export_neo4j.c, export_graphml.c). Above the store and
 * the schema model, below the command line; never prints.
 *
 * Every writer streams from the store into buffered outputs: memory stays
 * bounded by the buffers (and, for Kùzu, 8 bytes a relation of the type
 * being written), whatever the size of the graph.
 */
#ifndef KG_EXPORT_H
#define KG_EXPORT_H

#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>

#include "kg.h"

typedef struct kgx_out kgx_out;   /* one output file (or stdout), buffered */
typedef struct kgx_sink kgx_sink; /* every output of one export */

/* An export's outputs. `path` is the -o FILE of a one-file format (NULL:
 * standard output), or the DIR of a folder format (dir true; never NULL).
 * A folder that does not exist is made (its parent must exist); one that
 * exists is written into (the command asks for --force first). Nothing is
 * renamed into place before kgx_sink_end: NULL on out of memory. */
kgx_sink *kgx_sink_new(const char *path, bool dir);
/* Opens an output: for a one-file format, name is NULL; in a folder, name
 * is the file's name in it. NULL when it cannot be made (the problem is
 * kept in the sink, reported by kgx_sink_end). The sink owns the result. */
kgx_out *kgx_open(kgx_sink *s, const char *name);
/* Ends an export: when ok and no output failed, flushes and renames every
 * output into place (0); otherwise removes them all, and the folder if
 * the sink made it (-1, the problem added to d with its file). Frees the
 * sink and clears *s. */
int kgx_sink_end(kgx_sink **s, bool ok, kg_diags *d);
/* A stdio stream writing into o (made on first use, closed with o), for
 * writers that print; NULL on out of memory. */
FILE *kgx_stream(kgx_out *o);
/* Bytes written so far to every output of s. */
uint64_t kgx_sink_bytes(const kgx_sink *s);
/* Counts the outputs opened from now on, and the bytes that reach their
 * files, into pr (files, bytes; relaxed atomic adds), for a progress line;
 * NULL: none. pr outlives the sink's writing. */
void kgx_sink_progress(kgx_sink *s, kg_progress *pr);

/* Buffered writing; the first failure is kept and later writes are
 * dropped (kgx_sink_end reports it). */
void kgx_put(kgx_out *o, const char *s, size_t n);
void kgx_puts(kgx_out *o, const char *s);
void kgx_putc(kgx_out *o, char c);
void kgx_put_u64(kgx_out *o, uint64_t v);
/* How what is written to o is escaped from now on: KGX_RAW not at all,
 * KGX_CSV every '"' twice (the inside of a quoted cell), KGX_XML as XML
 * text (markup escaped; characters XML 1.0 cannot hold as U+FFFD). */
enum { KGX_RAW, KGX_CSV, KGX_XML };
void kgx_escape(kgx_out *o, int mode);
/* ok: nothing has failed on o yet. */
bool kgx_ok(const kgx_out *o);

/* Text of values, as the writers spell them. */
/* A double as the shortest decimal text that reads back the same
 * ("0.1", "1e+300"); "NaN", "INF" or "-INF" when not finite. buf >= 32. */
const char *kgx_number(double d, char *buf);
/* A quantity as one line of text: "30000", "~30000", "60000..65000",
 * ">= 41", with " UNIT" and " (NOTE)" when set. */
void kgx_put_quantity_text(kgx_out *o, const kg_value *v);
/* s as a JSON string (escapes as kg_json_string). */
void kgx_put_json_string(kgx_out *o, const char *s, size_t n);
/* A value as JSON: strings, numbers, booleans, dates as strings,
 * quantities as {"value":..,"approx":..,"min":..,"max":..,"unit":..,
 * "note":..}, lists as arrays; claims as an array of {"value", "rank",
 * "as_of", "note", "sources": [ids]}. */
void kgx_put_json_value(kgx_out *o, const kg_graph *g, const kg_value *v);
/* One CSV cell (RFC 4180): quoted when it holds a comma, a quote, a
 * newline or CR, or leading or trailing space, or when `quote` is set;
 * quotes doubled. */
void kgx_put_csv(kgx_out *o, const char *s, size_t n, bool quote);

/* Attribute numbers (kg_value.name) are per type and name: canon[ix] is
 * the smallest number with the name of ix, for one column or key per
 * name. Malloc'd (the caller frees it), kgsc_attr_count + 1 entries;
 * NULL on out of memory. */
uint32_t *kgx_attr_canon(const kg_schema *sc);

/* One export: what a writer gets. */
typedef struct kgx_job {
	const kg_graph *g;
	kgx_sink *sink;
	const char *base;   /* --base: the IRI every RDF name starts with */
	kg_diags *d;        /* warnings a writer adds (e.g. data a format splits) */
	uint64_t count;     /* what the writer wrote, for -v: triples, rows */
	const char *count_what; /* "triples", "rows", "nodes and edges" */
	/* --as-of DATE: the graph as g:at(DATE) gives it (doc/export.md) */
	kg_date at;             /* year 0: the whole graph */
	const kg_view *at_view; /* kg_view_at(g, at): the entities and relations
				 * valid then; NULL without --as-of */
	kg_value at_value;      /* kgx_value's result (scratch) */
	kg_claim *at_claims;    /* its claims (scratch, grown; freed by the caller) */
	size_t at_cap;
	bool at_oom;            /* the scratch could not grow: the export fails */
} kgx_job;

/* What an export writes, with or without --as-of: the entities and
 * relations of j->at_view (all without it); of an attribute, its claims
 * valid at the date (kg_claim_meets, every rank). */
bool kgx_has_entity(const kgx_job *j, kg_eid e);
bool kgx_has_rel(const kgx_job *j, kg_rid r);
bool kgx_claim_in(const kgx_job *j, const kg_claim *c);
/* The attribute value v as the export writes it: v itself without
 * --as-of or when it has no claims; else its claims valid at the date, in
 * the order written, as a CLAIMS value in j's scratch (valid until the
 * next call), or NULL when none is (the attribute is absent then). NULL
 * for NULL. Sets j->at_oom and gives NULL when the scratch cannot grow. */
const kg_value *kgx_value(kgx_job *j, const kg_value *v);
/* The value a plain read gives: kg_value_best, or with --as-of the value
 * at the date (kg_value_at: NULL when no claim holds then). */
const kg_value *kgx_best(const kgx_job *j, const kg_value *v);

/* A writer: 0, or -1 when it could not finish (out of memory; the
 * problem in j->d). Write failures are the sink's to report. */
typedef int (*kgx_writer)(kgx_job *j);

/* The default --base (doc/export.md). */
#define KGX_DEFAULT_BASE "https://example.org/kg/"

int kgx_write_nquads(kgx_job *j);   /* export_rdf.c */
int kgx_write_ntriples(kgx_job *j);
int kgx_write_turtle(kgx_job *j);
int kgx_write_neo4j(kgx_job *j);    /* export_neo4j.c: a folder */
int kgx_write_kuzu(kgx_job *j);     /* export_neo4j.c: a folder */
int kgx_write_graphml(kgx_job *j);  /* export_graphml.c */
int kgx_write_csv(kgx_job *j);      /* export_table.c: a folder */
int kgx_write_json_job(kgx_job *j); /* export_json.c: node-link JSON */

#endif
