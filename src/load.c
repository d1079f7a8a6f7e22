/* load.c — reads a graph's YAML files into the store, checking every
 * document against the schema: ids, types, attributes, references and
 * relation endpoints. Nothing is handed on half-loaded. The documents and
 * the loading are here; each item is read in load_item.c, the files to
 * read are found in load_paths.c. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "load_int.h"
#include "snapshot.h"
#include "yaml_files.h"

void kg_load_opts_init(kg_load_opts *o)
{
	o->schema_path = NULL;
	o->limits.max_file_bytes = KG_DEFAULT_MAX_FILE_BYTES;
	o->limits.max_depth = KG_DEFAULT_MAX_DEPTH;
	o->limits.max_alias_nodes = KG_DEFAULT_MAX_ALIAS_NODES;
	o->limits.max_scalar_bytes = KG_DEFAULT_MAX_SCALAR_BYTES;
	o->limits.max_documents = KG_DEFAULT_MAX_DOCUMENTS;
	o->progress = NULL;
	o->check_only = false;
}

/* ---------------------------------------------------------------- */
/* Progress (kg_progress: relaxed atomic stores, read by a display)  */
/* ---------------------------------------------------------------- */

static void pr_set(uint64_t *field, uint64_t v)
{
	__atomic_store_n(field, v, __ATOMIC_RELAXED);
}

static void pr_phase(kg_progress *pr, enum kg_phase ph)
{
	if (pr)
		__atomic_store_n(&pr->phase, (int)ph, __ATOMIC_RELAXED);
}

/* The files before `file` are read: their count and bytes. Conversion
 * runs in file order and one batch at a time, so only L's thread of the
 * moment writes. */
static void pr_files_done(loader *L, uint32_t file)
{
	if (!L->pr || file <= L->pr_file)
		return;
	uint64_t bytes = __atomic_load_n(&L->pr->bytes, __ATOMIC_RELAXED);
	for (uint32_t i = L->pr_file; i < file && L->sizes; i++)
		bytes += L->sizes[i];
	L->pr_file = file;
	pr_set(&L->pr->bytes, bytes);
	pr_set(&L->pr->files, file);
}

/* Before reading: the totals, from each file's size (one stat a file,
 * only when progress is asked for). */
static void pr_start(loader *L, const kg_graph *g)
{
	if (!L->pr)
		return;
	uint64_t total = 0;
	struct stat st;
	L->sizes = calloc(g->nfiles ? g->nfiles : 1, sizeof *L->sizes);
	for (size_t i = 0; i < g->nfiles && L->sizes; i++)
		if (stat(g->files[i], &st) == 0 && st.st_size > 0)
			total += L->sizes[i] = (uint64_t)st.st_size;
	pr_set(&L->pr->files_total, g->nfiles);
	pr_set(&L->pr->bytes_total, L->sizes ? total : 0);
	pr_phase(L->pr, KG_PHASE_READ);
}

/* ---------------------------------------------------------------- */
/* Documents and files                                               */
/* ---------------------------------------------------------------- */

static int on_doc(void *ud, const char *file, size_t docno, const kgy_node *root)
{
	loader *L = ud;
	(void)file;
	(void)docno;
	if (kgy_is_null(root))
		return 0;
	if (root->kind != KGY_MAP) {
		ERR(L, root, "a document must be a mapping with the keys schema, entities and relations, got %s",
		    kgy_describe(root));
		return 0;
	}
	for (size_t i = 0; i < root->u.map.n && !L->oom; i++) {
		const kgy_pair *p = &root->u.map.pairs[i];
		const char *k = p->key->u.scalar.s;
		int ents = strcmp(k, "entities") == 0;
		if (strcmp(k, "schema") == 0) {
			/* read before the data (kgsf_find); -s overrides them all */
			if (L->named)
				kgsf_check(L->named, L->fname, p->value, L->diags);
			continue;
		}
		if (!ents && strcmp(k, "relations") != 0) {
			ERR_KEY(L, p, "unknown top-level key '%s'; expected schema, entities or relations", k);
			continue;
		}
		const kgy_node *v = p->value;
		if (kgy_is_null(v) || v->streamed)
			continue; /* streamed: its items came before (on_batch) */
		if (v->kind != KGY_SEQ) {
			ERR(L, v, "'%s' must be a list, got %s", k, kgy_describe(v));
			continue;
		}
		for (size_t j = 0; j < v->u.seq.n && !L->oom; j++) {
			if (ents)
				kgld_entity(L, v->u.seq.items[j]);
			else
				kgld_relation(L, v->u.seq.items[j], NULL, NULL);
		}
	}
	return L->oom;
}

/* One batch of a streamed file: its items, then, at the document's end,
 * the rest of the document. Memory that later items may point into waits
 * in L->keep until the document ends. */
static void on_batch(loader *L, kgy_batch *b)
{
	/* The strings of a group of items are fetched in two steps, their
	 * slots two groups ahead of the conversion, the strings one group
	 * ahead, so that each step has a group's work to arrive in. */
	enum { GROUP = 16 };
	const kga_strtab *t = &L->g->strings;
	kgy_prefetch(t, b, 0, 2 * GROUP, 0);
	kgy_prefetch(t, b, 0, GROUP, 1);
	for (size_t i = 0; i < b->n && !L->oom && !L->vc.oom; i++) {
		if (i % GROUP == 0) {
			kgy_prefetch(t, b, i + 2 * GROUP, GROUP, 0);
			kgy_prefetch(t, b, i + GROUP, GROUP, 1);
		}
		if (b->entries[i].relation)
			kgld_relation(L, b->entries[i].node, NULL, NULL);
		else
			kgld_entity(L, b->entries[i].node);
	}
	if (b->doc_end && b->root && !L->oom && !L->vc.oom)
		on_doc(L, L->fname, b->docno, b->root);
	if (b->keep)
		kga_arena_adopt(&L->keep, &b->arena);
	if (b->doc_end)
		kga_arena_free(&L->keep);
	kgy_batch_reset(b);
}


/* Unknown ids that get a "did you mean" (each scans every id), and the
 * graphs small enough for it. */
#define SUGGEST_MAX 20

/* Reports an id that names no entity: with the nearest id for the first
 * few; only counted when a file could not be read (the id may be there). */
static void unknown_id(loader *L, size_t *suggested, size_t *unchecked, const char *f, uint32_t line,
		       uint32_t col, const char *what, const char *id, const char *where)
{
	if (kg_diags_unreadable(L->diags)) {
		++*unchecked;
		return;
	}
	const char *near = NULL;
	if (*suggested < SUGGEST_MAX && L->g->nents <= KG_NEAR_MAX_ENTITIES) {
		++*suggested;
		near = kg_graph_id_near(L->g, id);
	}
	if (near)
		kg_diags_add(L->diags, KG_ERROR, f, line, col, "unknown %s '%s'%s (did you mean '%s'?)", what,
			     id, where, near);
	else
		kg_diags_add(L->diags, KG_ERROR, f, line, col, "unknown %s '%s'%s", what, id, where);
}

/* Resolves every pending reference and relation endpoint. */
static void resolve(loader *L)
{
	kg_graph *g = L->g;
	size_t suggested = 0, unchecked = 0;
	for (size_t i = 0; i < L->nrefs; i++) {
		pending_ref *p = &L->refs[i];
		const char *f = g->files[p->file];
		kg_eid e = kgs_entity_of(p->id);
		int is_src = p->must_be != KG_NONE && p->must_be == L->source_t;
		if (e == KG_NONE) {
			unknown_id(L, &suggested, &unchecked, f, p->line, p->col, is_src ? "source" : "entity",
				   p->id, "");
			continue;
		}
		kgld_check_ref_type(L, f, p->line, p->col, p->id, e, p->must_be);
		if (p->pool && p->at < p->pool->n)
			((kg_eid *)p->pool->items)[p->at] = e;
		else if (p->slot)
			*p->slot = e;
	}
	for (size_t i = 0; i < L->nends; i++) {
		const pending_end *p = &L->ends[i];
		kgs_rel *x = &g->rels[p->rel];
		int end = (int)(p->where & 1);
		kg_loc rl = kg_rel_loc(g, p->rel);
		uint32_t col = p->where >> 8, line = col ? rl.line + (p->where >> 1 & END_DLINE_MAX) : rl.line;
		if (!col)
			col = rl.col;
		const char *f = rl.file;
		kg_eid e = kgs_entity_of(p->id);
		if (e == KG_NONE) {
			unknown_id(L, &suggested, &unchecked, f, line, col, "entity", p->id,
				   end ? " in 'to'" : " in 'from'");
			continue;
		}
		*(end ? &x->to : &x->from) = e;
		kgld_check_endpoint(L, f, line, col, kgs_type_of(x->type), end, p->id, e);
	}
	if (unchecked)
		kg_diags_add(L->diags, KG_ERROR, NULL, 0, 0,
			     "%zu reference%s to ids not found %s not checked: they may be in a file "
			     "that could not be read (its error is first above)",
			     unchecked, unchecked == 1 ? "" : "s", unchecked == 1 ? "was" : "were");
}

/* ---------------------------------------------------------------- */
/* Loading                                                           */
/* ---------------------------------------------------------------- */

/* kgyf_convert_fn: one batch of file `file`, in file order. */
static int convert_batch(void *ud, uint32_t file, kgy_batch *b)
{
	loader *L = ud;
	if (!L->oom && !L->vc.oom) {
		L->file = file;
		L->fname = L->g->files[file];
		kgs_begin_file(L->g, file);
		L->vc.file = L->fname;
		on_batch(L, b);
		if (L->pr) {
			pr_files_done(L, file);
			pr_set(&L->pr->items, (uint64_t)L->g->nents + L->g->nrels);
		}
	}
	return L->oom || L->vc.oom;
}

/* Threads for reading: 2 unless KG_LOAD_THREADS=1 asks for one (to
 * measure, or on a machine shared with other work). */
static int load_threads(void)
{
	const char *v = getenv("KG_LOAD_THREADS");
	return v && strcmp(v, "1") == 0 ? 1 : 2;
}

/* Frees what only loading needs; may be called again. */
static void loader_free(loader *L)
{
	free(L->types);
	free(L->refs);
	free(L->ends);
	free(L->attrs);
	free(L->sizes);
	L->sizes = NULL;
	L->types = NULL;
	L->refs = NULL;
	L->ends = NULL;
	L->attrs = NULL;
	L->captypes = L->caprefs = L->capends = L->capattrs = 0;
	L->nrefs = L->nends = 0;
	kga_arena_free(&L->keep);
}

kg_graph *kg_graph_load(const char *const *paths, size_t npaths, const kg_load_opts *opts,
			kg_diags *diags)
{
	kg_load_opts defaults;
	if (!opts) {
		kg_load_opts_init(&defaults);
		opts = &defaults;
	}
	/* A compiled snapshot (`kg compile`) is mapped, not parsed. */
	if (npaths == 1 && kgsn_is_snapshot(paths[0])) {
		struct stat st;
		if (opts->progress && stat(paths[0], &st) == 0) {
			pr_set(&opts->progress->files_total, 1);
			pr_set(&opts->progress->bytes_total, (uint64_t)st.st_size);
			pr_phase(opts->progress, KG_PHASE_SNAPSHOT);
		}
		kg_graph *g = kgsn_load(paths[0], opts, diags);
		if (g && opts->progress) {
			pr_set(&opts->progress->files, 1);
			pr_set(&opts->progress->bytes, opts->progress->bytes_total);
			pr_set(&opts->progress->items, (uint64_t)g->nents + g->nrels);
		}
		return g;
	}
	size_t errors0 = kg_diags_errors(diags);
	file_list fl = {NULL, 0, 0};
	kg_graph *g = NULL;
	loader L;
	memset(&L, 0, sizeof L);
	kgsf_schema named; /* the schema the data names (kgsf_find) */
	memset(&named, 0, sizeof named);
	if (kgld_collect_files(paths, npaths, &fl, diags) < 0)
		goto oom;

	/* The schema: the one the data names and -s, combined as one schema
	 * that extends both (a type in both is an error naming both places);
	 * the built-in core when neither is given. */
	kg_schema *schema = NULL;
	struct stat st;
	if (kgsf_find((const char *const *)fl.paths, fl.n, &opts->limits, diags, &named) < 0) {
		kgsf_free(&named);
		goto oom;
	}
	L.named = &named; /* every document's `schema` is checked against it */
	if (named.path && stat(named.path, &st) < 0) {
		kg_diags_add(diags, KG_ERROR, named.file, named.line, named.col,
			     "cannot read the schema %s: %s", named.path, strerror(errno));
	} else if (named.path || opts->schema_path) {
		const char *both[2];
		size_t n = 0;
		if (named.path)
			both[n++] = named.path;
		if (opts->schema_path)
			both[n++] = opts->schema_path;
		schema = kgsc_load_files(both, n, &opts->limits, diags);
	} else {
		/* the built-in schema is ours: the default limits, whatever
		 * the data is held to */
		kg_load_opts dflt;
		kg_load_opts_init(&dflt);
		schema = kgsc_load_core(&dflt.limits, diags);
	}
	if (!schema || kg_diags_errors(diags) > errors0) {
		kgsc_free(&schema);
		kgsf_free(&named);
		kgld_list_free(&fl);
		return NULL;
	}
	/* A schema kept beside the data (a graph directory holding its own
	 * schema.yaml, and those it extends) is not data: leave it out of the
	 * files to read. */
	for (size_t k = 0; k < kgsc_layer_count(schema); k++) {
		char *sreal = realpath(kgsc_layer_file(schema, k), NULL);
		if (!sreal)
			continue;
		size_t keep = 0;
		for (size_t i = 0; i < fl.n; i++) {
			char *r = realpath(fl.paths[i], NULL);
			int same = r && strcmp(r, sreal) == 0;
			free(r);
			if (same)
				free(fl.paths[i]);
			else
				fl.paths[keep++] = fl.paths[i];
		}
		fl.n = keep;
		free(sreal);
	}
	if (!(g = kgs_new())) {
		kgsc_free(&schema);
		goto oom;
	}
	g->schema = schema;
	L.g = g;
	L.diags = diags;
	L.schema = schema;
	L.source_t = kg_schema_type_find(schema, "source");
	L.vc.schema = schema;
	L.vc.arena = &g->arena;
	L.vc.strings = &g->strings;
	L.vc.diags = diags;
	L.vc.ref = kgld_on_value_ref;
	L.vc.ud = &L;
	L.pr = opts->progress;
	L.vc.no_text = opts->check_only;

	for (size_t i = 0; i < fl.n; i++)
		if (kgs_add_file(g, fl.paths[i]) == UINT32_MAX)
			goto oom;
	pr_start(&L, g);
	if (kgyf_read(g->files, g->nfiles, &opts->limits, load_threads(), diags, convert_batch,
		      &L) < 0)
		goto fail;
	if (L.oom || L.vc.oom)
		goto oom;
	kgs_begin_file(g, g->nfiles); /* the files that added nothing at the end */
	pr_files_done(&L, (uint32_t)g->nfiles);
	pr_phase(L.pr, KG_PHASE_CHECK);
	resolve(&L);
	if (kg_diags_errors(diags) > errors0)
		goto fail;
	/* Before the indexes are built, which is when memory peaks: the
	 * loader's lists, and the intern table (the strings stay; ids are
	 * found through the graph's own index from now on). */
	loader_free(&L);
	kga_intern_free(&g->strings);
	pr_phase(L.pr, KG_PHASE_INDEX);
	if (kgs_finish(g) < 0)
		goto oom;
	kgld_list_free(&fl);
	kgsf_free(&named);
	return g;
oom:
	kg_diags_add(diags, KG_ERROR, NULL, 0, 0, "out of memory while loading the graph");
fail:
	loader_free(&L);
	kgld_list_free(&fl);
	kgsf_free(&named);
	kg_graph_free(&g);
	return NULL;
}
