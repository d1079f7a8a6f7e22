/* snapshot.h — the compiled snapshot format (`kg compile`): a graph written
 * once, then mapped into memory and used without parsing (internal).
 *
 * Layout: a kgsn_header, a kgsn_table (counts and the section list), then
 * the sections, each at an offset aligned to 8. Every pointer in a section
 * is written as KGSN_BASE plus an offset from the start of the file (0 =
 * NULL). Loading maps the file at KGSN_BASE when that address is free, so
 * the pointers hold as written: the file is only checked, read-only, its
 * pages shared with the page cache and nothing copied. Elsewhere (the
 * address taken, another snapshot there) it maps the file privately and
 * moves every pointer by the difference. Entities and relations find
 * their attributes, sources and aliases by start index, as in memory
 * (store.h): the starts must rise, so every item belongs to one record.
 * Arrays a value points to are laid out in the order a linear pass meets
 * them (attributes, claims, then list items breadth first), so the loader
 * checks every reference against a cursor: each array is owned by exactly
 * one value, list items come after the list, and nothing can point back
 * at itself.
 */
#ifndef KG_SNAPSHOT_H
#define KG_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kg.h"

#define KGSN_MAGIC "KGSNAP\0\1"
#define KGSN_MAGIC_LEN 8
#define KGSN_VERSION 5
/* Where snapshots are meant to be mapped: page-aligned, far from where
 * Linux puts the heap, the stack and shared libraries on 64-bit machines. */
#if UINTPTR_MAX > 0xffffffffu
#define KGSN_BASE ((uint64_t)0x2a0000000000ull)
#else
#define KGSN_BASE ((uint64_t)0)
#endif
#define KGSN_BYTEORDER 0x01020304u

/* The sections, in file order. */
enum {
	KGSN_ORIGIN,        /* the schema's origin, NUL-terminated */
	KGSN_SCHEMA,        /* the schema's source text */
	KGSN_FILES,         /* const char *[nfiles] */
	KGSN_ENTS,          /* kgs_entity[nents] */
	KGSN_RELS,          /* kgs_rel[nrels] */
	KGSN_ATTRS,         /* kg_attr: of entities, then of relations */
	KGSN_CLAIMS,        /* kg_claim */
	KGSN_VALUES,        /* kg_value: list items */
	KGSN_QUANTS,        /* union kg_qword: the words of quantities (quantity.h) */
	KGSN_ALIASES,       /* const char *: of entities */
	KGSN_XSTRS,         /* const char *: notes and relation ids (kg_graph.xstrs) */
	KGSN_FILE_FIRST,    /* uint32_t[2 * nfiles]: each file's first entity, then relation */
	KGSN_ECOLS, KGSN_RCOLS, /* kgs_side: far columns of entities, of relations */
	KGSN_RELX,          /* kgs_side: relations' ids and notes (kg_graph.relx) */
	KGSN_SOURCES,       /* kg_eid: of entities, relations, then claims */
	KGSN_IDX,           /* uint64_t[idxcap]: the id hash */
	KGSN_BYTYPE_OFF, KGSN_BYTYPE_ITEMS,   /* the four CSR indexes */
	KGSN_BYRTYPE_OFF, KGSN_BYRTYPE_ITEMS,
	KGSN_OUT_OFF, KGSN_OUT_ITEMS,
	KGSN_IN_OFF, KGSN_IN_ITEMS,
	KGSN_STRINGS,       /* NUL-terminated strings; its last byte is a NUL */
	KGSN_NSECTIONS
};

typedef struct kgsn_header {
	char magic[KGSN_MAGIC_LEN]; /* KGSN_MAGIC */
	uint32_t version;           /* KGSN_VERSION of the writer */
	uint32_t byteorder;         /* KGSN_BYTEORDER as the writer stores it */
	uint32_t ptrsize;           /* sizeof(void *) of the writer */
	uint32_t reserved;          /* 0 */
	uint64_t length;            /* of the whole file */
	uint64_t checksum;          /* kgsn_checksum of bytes [sizeof header, length) */
} kgsn_header;

typedef struct kgsn_section {
	uint64_t off, size; /* bytes; off is a multiple of 8 */
} kgsn_section;

typedef struct kgsn_table {
	uint64_t nents, nrels, nfiles;
	uint64_t idxcap;            /* 0 or a power of two */
	uint64_t ntypes, nrtypes;   /* of the schema, checked once it is parsed again */
	uint64_t levels;            /* nesting of list items below the attributes */
	uint64_t neattrs;           /* attributes of entities (the rest are of relations) */
	uint64_t nesrcs, nrsrcs;    /* sources of entities, of relations (then of claims) */
	kgsn_section sect[KGSN_NSECTIONS];
} kgsn_table;

/* A fast 64-bit hash of p[0..n), eight bytes at a time (not cryptographic:
 * it finds damage, not forgery; the loader checks structure either way). */
uint64_t kgsn_checksum(const void *p, size_t n);

/* Whether path is meant as a snapshot: its name ends in ".kgs", or it is a
 * regular file that starts with KGSN_MAGIC. */
bool kgsn_is_snapshot(const char *path);

/* Maps and checks the snapshot at path. NULL, with the problem in d, when
 * it is not a snapshot, is damaged or truncated, or memory ran out. The
 * graph owns the mapping (kg_graph_free unmaps it). opts may be NULL; a
 * schema_path in it is an error (a snapshot keeps its schema). */
kg_graph *kgsn_load(const char *path, const kg_load_opts *opts, kg_diags *d);

/* A snapshot changed under a running process. Loading maps the file
 * (kgsn_load); when it is truncated while in use, the next read of a page
 * past its new end faults with SIGBUS. The first load installs a SIGBUS
 * handler that looks the fault's address up among the mapped snapshots;
 * for one of them it prints "PATH: error: the snapshot changed while in
 * use ..." on stderr (or calls the hook, when set, with the snapshot's
 * path), then calls kg_tmp_remove_all() and _exit(1). A fault elsewhere
 * gets the action SIGBUS had before. The hook runs in the signal handler:
 * it must be async-signal-safe (write, no stdio, no malloc), and it must
 * not return into the faulting code (it may _exit itself; if it returns,
 * the process ends with status 1 as above). */
typedef void (*kgsn_changed_fn)(const char *path);
void kgsn_set_changed_hook(kgsn_changed_fn fn);
/* Records the mapping of the snapshot at path for the handler; false when
 * more than 128 snapshots are mapped at once (snapshot_guard.c). */
bool kgsn_guard(const char *path, const void *base, size_t len);
/* Forgets a mapping recorded by kgsn_guard and unmaps it; NULL does
 * nothing. */
void kgsn_unmap(void *base, size_t len);

/* Checks that the type, relation-type and adjacency indexes of g (just
 * mapped, their rows in order: snapshot.c) hold exactly what kgs_finish
 * builds from the records (snapshot_check.c). 0 when they do; 1 with the
 * damage in *why; -1 when memory ran out. The adjacency is compared by a
 * random fingerprint (a forgery passes with a chance below 2^-28), or,
 * when exact (and when no random number is to be had), relation by
 * relation, which is slower; either way every item is in range and every
 * row rising, so that nothing a walk reads depends on chance. */
int kgsn_check_indexes(const kg_graph *g, bool exact, const char **why);

#endif
