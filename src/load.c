/* load.c — reads a graph's YAML files into the store, checking every
 * document against the schema: ids, types, attributes, references and
 * relation endpoints. Nothing is handed on half-loaded. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "schema.h"
#include "snapshot.h"
#include "store.h"
#include "yaml_files.h"
#include "schema_find.h"
#include "yaml_tree.h"

/* A reference by id, resolved once every entity is known. */
typedef struct pending_ref {
	const char *id;   /* interned */
	kg_eid *slot;     /* filled with the entity, or NULL (see pool) */
	kgs_pool *pool;   /* else item `at` of this pool of kg_eid is (it may move) */
	uint32_t at;
	kg_tid must_be;   /* KG_NONE: any type */
	uint32_t file, line, col;
} pending_ref;

/* A relation's end whose entity was not yet loaded when it was read: 16
 * bytes, as a big graph has hundreds of thousands. Its place is kept as
 * lines after the relation's own line and a column, when they fit (they
 * nearly always do); else the relation's place stands for it. */
typedef struct pending_end {
	const char *id;   /* interned */
	kg_rid rel;
	uint32_t where;   /* end (bit 0: 0 from, 1 to) | line delta << 1 (7 bits) | col << 8 (24 bits) */
} pending_end;
#define END_DLINE_MAX 127u
#define END_COL_MAX 0xFFFFFFu

/* Type names found last (direct-mapped; the names are the schema's):
 * most items name one of a few types, which this finds without hashing. */
#define TYPE_CACHE 16
typedef struct type_cache {
	const char *name[TYPE_CACHE];
	uint32_t len[TYPE_CACHE];
	uint32_t id[TYPE_CACHE];
} type_cache;

typedef struct loader {
	kg_graph *g;
	kg_diags *diags;
	const kg_schema *schema;
	kg_tid source_t;        /* the schema's `source` type, or KG_NONE */
	uint32_t file;          /* index of the file being read */
	const char *fname;
	const kgsf_schema *named; /* the schema the data names, checked in each
				  * document; NULL when -s gives it */
	pending_ref *refs;
	size_t nrefs, caprefs;
	pending_end *ends;
	size_t nends, capends;
	kg_attr *attrs;         /* scratch for one entity's or relation's attributes */
	size_t capattrs;
	kgv_ctx vc;
	kga_arena keep;         /* streamed batches that hold anchors, until their document ends */
	uint16_t *types;        /* entity -> type (kgs_type16), beside the graph's
				 * records: the reference checks read it at random,
				 * and at 2 bytes an entity it mostly stays in the cache */
	size_t captypes;
	type_cache etypes, rtypes; /* type names found last */
	int oom;
} loader;

void kg_load_opts_init(kg_load_opts *o)
{
	o->schema_path = NULL;
	o->limits.max_file_bytes = KG_DEFAULT_MAX_FILE_BYTES;
	o->limits.max_depth = KG_DEFAULT_MAX_DEPTH;
	o->limits.max_alias_nodes = KG_DEFAULT_MAX_ALIAS_NODES;
	o->limits.max_scalar_bytes = KG_DEFAULT_MAX_SCALAR_BYTES;
	o->limits.max_documents = KG_DEFAULT_MAX_DOCUMENTS;
}

#define ERR(L, n, ...) kg_diags_add((L)->diags, KG_ERROR, (L)->fname, (n)->line, (n)->col, __VA_ARGS__)
/* At the key of pair pr, where this pair wrote it (key nodes are shared). */
#define ERR_KEY(L, pr, ...) kg_diags_add((L)->diags, KG_ERROR, (L)->fname, (pr)->line, (pr)->col, __VA_ARGS__)

static const char *q(const kgy_node *n, char *buf, size_t sz)
{
	if (n->kind != KGY_SCALAR)
		return kgy_describe(n);
	return kgy_quote(n->u.scalar.s, n->u.scalar.len, buf, sz);
}

/* "a" or "an" before a type name, for messages. */
static const char *article(const char *word)
{
	return strchr("aeiouAEIOU", word[0]) && word[0] ? "an" : "a";
}

/* Entity e, found for a reference written at f:line:col, must be of type
 * must_be (KG_NONE: any). */
static void check_ref_type(loader *L, const char *f, uint32_t line, uint32_t col, const char *id,
			   kg_eid e, kg_tid must_be)
{
	const kg_schema *s = L->schema;
	kg_tid t = kgs_type_of(L->types[e]);
	if (must_be != KG_NONE && t != KG_NONE && !kg_schema_type_is(s, t, must_be))
		kg_diags_add(L->diags, KG_ERROR, f, line, col, "'%s' is %s %s, not %s %s", id,
			     article(kg_schema_type_name(s, t)), kg_schema_type_name(s, t),
			     article(kg_schema_type_name(s, must_be)), kg_schema_type_name(s, must_be));
}

/* Entity e may be end k (0 from, 1 to) of a relation of type rt. */
static void check_endpoint(loader *L, const char *f, uint32_t line, uint32_t col, kg_rtid rt,
			   int k, const char *id, kg_eid e)
{
	const kg_schema *s = L->schema;
	kg_tid t = kgs_type_of(L->types[e]);
	if (rt == KG_NONE || t == KG_NONE)
		return;
	int ok = k ? kgsc_rtype_allows_to(s, rt, t) : kgsc_rtype_allows_from(s, rt, t);
	char buf[128];
	if (!ok)
		kg_diags_add(L->diags, KG_ERROR, f, line, col,
			     "relation '%s' cannot %s '%s' (%s %s): expected %s",
			     kg_schema_rtype_name(s, rt), k ? "go to" : "come from", id,
			     article(kg_schema_type_name(s, t)), kg_schema_type_name(s, t),
			     kgsc_rtype_endpoints(s, rt, k, buf, sizeof buf));
}

static bool types_reserve(loader *L, kg_eid e)
{
	if (e < L->captypes)
		return true;
	size_t ncap = L->captypes ? L->captypes * 2 : 1024;
	uint16_t *nt = realloc(L->types, ncap * sizeof *nt);
	if (!nt)
		return false;
	L->types = nt;
	L->captypes = ncap;
	return true;
}

/* The keys kg reads itself; every other key of an entity or a relation
 * is an attribute of its type. */
typedef enum key_kind {
	K_ATTR, K_ID, K_TYPE, K_NAME, K_NOTES, K_ALIASES, K_SOURCES, K_RELATIONS, K_FROM, K_TO
} key_kind;

static key_kind key_of(const kgy_node *k)
{
	const char *s = k->u.scalar.s;
#define IS(lit) (memcmp(s, lit, sizeof lit - 1) == 0)
	switch (k->u.scalar.len) {
	case 2:
		return IS("id") ? K_ID : IS("to") ? K_TO : K_ATTR;
	case 4:
		return IS("type") ? K_TYPE : IS("name") ? K_NAME : IS("from") ? K_FROM : K_ATTR;
	case 5:
		return IS("notes") ? K_NOTES : K_ATTR;
	case 7:
		return IS("aliases") ? K_ALIASES : IS("sources") ? K_SOURCES : K_ATTR;
	case 9:
		return IS("relations") ? K_RELATIONS : K_ATTR;
	default:
		return K_ATTR;
	}
#undef IS
}

/* The type (rel: relation type) named by scalar n, or KG_NONE. */
static uint32_t type_named(loader *L, const kgy_node *n, int rel)
{
	const char *s = n->u.scalar.s;
	size_t len = n->u.scalar.len;
	type_cache *c = rel ? &L->rtypes : &L->etypes;
	size_t k = len ? (len * 7 + (unsigned char)s[0] + (unsigned char)s[len - 1]) % TYPE_CACHE : 0;
	if (c->name[k] && c->len[k] == len && memcmp(c->name[k], s, len) == 0)
		return c->id[k];
	uint32_t t = rel ? kg_schema_rtype_find(L->schema, s) : kg_schema_type_find(L->schema, s);
	if (t != KG_NONE && len < UINT32_MAX) {
		c->name[k] = rel ? kg_schema_rtype_name(L->schema, t) : kg_schema_type_name(L->schema, t);
		c->len[k] = (uint32_t)len;
		c->id[k] = t;
	}
	return t;
}

static const char *intern_scalar(loader *L, const kgy_node *n)
{
	const char *s = kgy_intern(&L->g->strings, n);
	if (!s)
		L->oom = 1;
	return s;
}

/* What byte c may be in an id: 1 anywhere (a letter or a digit), 2 after
 * the first byte only (_ . : -), 0 nowhere; a table of all 256. */
#define ID_BYTE(c) ((((c) | 0x20) >= 'a' && ((c) | 0x20) <= 'z') || ((c) >= '0' && (c) <= '9') ? 1 \
		    : (c) == '-' || (c) == '_' || (c) == '.' || (c) == ':' ? 2 : 0)
#define ID4(c) ID_BYTE(c), ID_BYTE((c) + 1), ID_BYTE((c) + 2), ID_BYTE((c) + 3)
#define ID16(c) ID4(c), ID4((c) + 4), ID4((c) + 8), ID4((c) + 12)
#define ID64(c) ID16(c), ID16((c) + 16), ID16((c) + 32), ID16((c) + 48)
static const uint8_t id_bytes[256] = {ID64(0), ID64(64), ID64(128), ID64(192)};
#undef ID64
#undef ID16
#undef ID4
#undef ID_BYTE

static int valid_id(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	if (len == 0 || id_bytes[u[0]] != 1)
		return 0;
	for (size_t i = 1; i < len; i++)
		if (!id_bytes[u[i]])
			return 0;
	return 1;
}

/* Whether n is an id: a scalar matching the id pattern; reports it when
 * not. `what` names the key for messages. */
static int id_node(loader *L, const kgy_node *n, const char *what)
{
	char buf[96];
	if (n->kind != KGY_SCALAR || kgy_is_null(n)) {
		ERR(L, n, "'%s' must be an id, got %s", what, kgy_describe(n));
		return 0;
	}
	if (!valid_id(n->u.scalar.s, n->u.scalar.len)) {
		ERR(L, n, "bad id %s in '%s': ids are letters, digits and _.:- and start with a letter or digit",
		    q(n, buf, sizeof buf), what);
		return 0;
	}
	return 1;
}

/* An id node's interned text, or NULL (reported) when it is no id. */
static const char *check_id(loader *L, const kgy_node *n, const char *what)
{
	return id_node(L, n, what) ? intern_scalar(L, n) : NULL;
}

/* Where a reference's entity goes: a fixed slot (in the arena), an item
 * of a growing pool, or nowhere (both NULL). */
typedef struct ref_slot {
	kg_eid *slot;
	kgs_pool *pool;
	uint32_t at;
} ref_slot;

static void add_ref(loader *L, const char *id, uint32_t line, uint32_t col, ref_slot rs,
		    kg_tid must_be)
{
	if (L->nrefs == L->caprefs) {
		size_t ncap = L->caprefs ? L->caprefs * 2 : 256;
		pending_ref *nr = realloc(L->refs, ncap * sizeof *nr);
		if (!nr) {
			L->oom = 1;
			return;
		}
		L->refs = nr;
		L->caprefs = ncap;
	}
	pending_ref *p = &L->refs[L->nrefs++];
	p->id = id;
	p->slot = rs.slot;
	p->pool = rs.pool;
	p->at = rs.at;
	p->must_be = must_be;
	p->file = L->file;
	p->line = line;
	p->col = col;
}

/* A reference to the entity whose id is s (interned): checked and filled
 * in now when the entity is already loaded (most are: kgs_entity_of),
 * else remembered for resolve(). */
static void ref_now_or_later(loader *L, const char *s, uint32_t line, uint32_t col,
			     ref_slot rs, kg_tid must_be)
{
	kg_eid e = kgs_entity_of(s);
	if (e != KG_NONE) {
		check_ref_type(L, L->fname, line, col, s, e, must_be);
		if (rs.pool)
			((kg_eid *)rs.pool->items)[rs.at] = e;
		else if (rs.slot)
			*rs.slot = e;
		return;
	}
	add_ref(L, s, line, col, rs, must_be);
}

/* The kgv_ref_fn the value checker calls for claim sources and refs. */
static void on_value_ref(void *ud, const char *id, uint32_t line, uint32_t col, kg_eid *slot,
			 kg_tid must_be)
{
	ref_now_or_later(ud, id, line, col, (ref_slot){slot, NULL, 0}, must_be);
}

/* `sources: [id, ...]` (or one id), appended to pool (esrcs or rsrcs);
 * items whose entity is not loaded yet are filled at resolution. */
static void read_sources(loader *L, const kgy_node *n, kgs_pool *pool)
{
	if (kgy_is_null(n))
		return;
	const kgy_node *one = n;
	kgy_node *const *items = (kgy_node *const *)&one;
	size_t k = 1;
	if (n->kind == KGY_SEQ) {
		items = n->u.seq.items;
		k = n->u.seq.n;
	} else if (n->kind != KGY_SCALAR) {
		ERR(L, n, "'sources' must be a list of source ids, got %s", kgy_describe(n));
		return;
	}
	if (L->source_t == KG_NONE && k) {
		ERR(L, n, "the schema has no 'source' type, so nothing can cite sources");
		return;
	}
	for (size_t i = 0; i < k; i++) {
		const kgy_node *it = items[i];
		if (!id_node(L, it, "sources"))
			continue;
		const char *s = intern_scalar(L, it);
		kg_eid *slot = s ? kgs_pool_push(pool, 1, sizeof *slot) : NULL;
		if (!slot) {
			L->oom = 1;
			return;
		}
		*slot = KG_NONE;
		ref_now_or_later(L, s, it->line, it->col,
				 (ref_slot){NULL, pool, (uint32_t)(slot - (kg_eid *)pool->items)},
				 L->source_t);
	}
}

/* A name, note or alias: copied, not interned, since such texts rarely
 * repeat and nothing looks them up (the intern table stays half as big). */
static const char *read_text(loader *L, const kgy_node *n, const char *what)
{
	if (n->kind != KGY_SCALAR || kgy_is_null(n)) {
		ERR(L, n, "'%s' must be a string, got %s", what, kgy_describe(n));
		return NULL;
	}
	const char *s = kga_strndup(&L->g->arena, n->u.scalar.s, n->u.scalar.len);
	if (!s)
		L->oom = 1;
	return s;
}

static int push_attr(loader *L, size_t i, uint16_t name, const kg_value *v)
{
	if (i == L->capattrs) {
		size_t ncap = L->capattrs ? L->capattrs * 2 : 16;
		kg_attr *na = realloc(L->attrs, ncap * sizeof *na);
		if (!na) {
			L->oom = 1;
			return -1;
		}
		L->attrs = na;
		L->capattrs = ncap;
	}
	L->attrs[i].value = *v;
	L->attrs[i].value.name = name;
	return 0;
}

/* Appends the n scratch attributes to pool (eattrs or rattrs). */
static void keep_attrs(loader *L, size_t n, kgs_pool *pool)
{
	if (!n)
		return;
	kg_attr *a = kgs_pool_push(pool, n, sizeof *a);
	if (!a) {
		L->oom = 1;
		return;
	}
	memcpy(a, L->attrs, n * sizeof *a);
}

/* Appends strings to g->xstrs; 1 + the index of the first, or 0 on OOM. */
static uint32_t keep_xstrs(loader *L, const char *a, const char *b, size_t n)
{
	const char **x = kgs_pool_push(&L->g->xstrs, n, sizeof *x);
	if (!x) {
		L->oom = 1;
		return 0;
	}
	x[0] = a;
	if (n > 1)
		x[1] = b;
	return (uint32_t)(x - (const char **)L->g->xstrs.items) + 1;
}

/* Checks one attribute and appends it to the scratch list; returns the new count. */
static size_t read_attr(loader *L, const kgsc_attr *def, const kgy_pair *p, size_t nattrs)
{
	kg_value v;
	memset(&v, 0, sizeof v);
	if (!kgv_convert(&L->vc, def, p->value, &v))
		return nattrs;
	if (push_attr(L, nattrs, def->ix, &v) < 0)
		return nattrs;
	return nattrs + 1;
}

static int has_key(const kgy_node *map, const char *name)
{
	return kgy_map_get(map, name) != NULL;
}

/* Every required attribute of `all` must be among the keys of n. */
static void check_required(loader *L, const kgy_node *n, const kgsc_attr *const *all, size_t nall,
			   const char *what, const char *tname)
{
	for (size_t i = 0; i < nall; i++)
		if (all[i]->required && !has_key(n, all[i]->name))
			ERR(L, n, "%s of type '%s' lacks the required attribute '%s'", what, tname,
			    all[i]->name);
}

/* ---------------------------------------------------------------- */
/* Relations                                                         */
/* ---------------------------------------------------------------- */

/* End k (0 from, 1 to) of relation x (number rid) is the entity id
 * (interned): set now when it is loaded, else when every entity is. */
static void end_now_or_later(loader *L, kgs_rel *x, kg_rid rid, int k, const char *id,
			     uint32_t line, uint32_t col)
{
	kg_eid e = kgs_entity_of(id);
	if (e != KG_NONE) {
		*(k ? &x->to : &x->from) = e;
		check_endpoint(L, L->fname, line, col, kgs_type_of(x->type), k, id, e);
		return;
	}
	if (L->nends == L->capends) {
		size_t ncap = L->capends ? L->capends * 2 : 256;
		pending_end *ne = realloc(L->ends, ncap * sizeof *ne);
		if (!ne) {
			L->oom = 1;
			return;
		}
		L->ends = ne;
		L->capends = ncap;
	}
	uint32_t where = (uint32_t)k;
	if (line >= x->line && line - x->line <= END_DLINE_MAX && col <= END_COL_MAX)
		where |= (line - x->line) << 1 | col << 8;
	L->ends[L->nends++] = (pending_end){id, rid, where};
}

/* One relation: a mapping; `from_id` is set for inline relations. */
static void do_relation(loader *L, const kgy_node *n, const char *from_id, const kgy_node *owner)
{
	char buf[96];
	if (n->kind != KGY_MAP) {
		ERR(L, n, "a relation must be a mapping with from, type and to, got %s", kgy_describe(n));
		return;
	}
	const kgy_node *tn = NULL;
	bool has_from = false, has_to = false;
	for (size_t i = 0; i < n->u.map.n; i++) {
		key_kind kk = key_of(n->u.map.pairs[i].key);
		if (kk == K_TYPE)
			tn = n->u.map.pairs[i].value;
		has_from |= kk == K_FROM;
		has_to |= kk == K_TO;
	}
	kg_rtid rt = KG_NONE;
	const char *tname = NULL;
	if (!tn) {
		ERR(L, n, "relation has no 'type'");
	} else if (tn->kind != KGY_SCALAR || kgy_is_null(tn)) {
		ERR(L, tn, "relation 'type' must be a relation type name, got %s", kgy_describe(tn));
	} else {
		rt = type_named(L, tn, 1);
		if (rt == KG_NONE)
			ERR(L, tn, "unknown relation type %s", q(tn, buf, sizeof buf));
		else
			tname = kg_schema_rtype_name(L->schema, rt);
	}
	const kgy_node *endn[2] = {NULL, NULL}; /* from and to as written */
	const char *id = NULL, *notes = NULL;
	uint32_t src0 = L->g->rsrcs.n; /* its sources are appended as they are read */
	size_t nattrs = 0;
	for (size_t i = 0; i < n->u.map.n; i++) {
		const kgy_pair *p = &n->u.map.pairs[i];
		const char *k = p->key->u.scalar.s;
		key_kind kk = key_of(p->key);
		if (kk == K_TYPE) {
			continue;
		} else if (kk == K_FROM) {
			if (from_id) {
				ERR_KEY(L, p, "an inline relation takes 'from' from its entity; remove 'from'");
				continue;
			}
			if (id_node(L, p->value, "from"))
				endn[0] = p->value;
		} else if (kk == K_TO) {
			if (id_node(L, p->value, "to"))
				endn[1] = p->value;
		} else if (kk == K_ID) {
			id = check_id(L, p->value, "id");
			if (id && !kgs_mark_relid(id)) {
				ERR(L, p->value, "duplicate relation id '%s'", id);
				id = NULL;
			}
		} else if (kk == K_SOURCES) {
			read_sources(L, p->value, &L->g->rsrcs);
		} else if (kk == K_NOTES) {
			notes = read_text(L, p->value, "notes");
		} else if (rt != KG_NONE) {
			const kgsc_attr *def = kgsc_rel_attr(L->schema, rt, k);
			if (!def)
				ERR_KEY(L, p, "unknown attribute '%s' for relation type '%s'", k, tname);
			else
				nattrs = read_attr(L, def, p, nattrs);
		}
	}
	if (!endn[0] && !from_id && !has_from)
		ERR(L, n, "relation has no 'from'");
	if (!has_to)
		ERR(L, n, "relation has no 'to'");
	if (rt != KG_NONE) {
		const kgsc_rtype *r = kgsc_get_rtype(L->schema, rt);
		for (size_t i = 0; i < r->nattrs; i++)
			if (r->attrs[i].required && !has_key(n, r->attrs[i].name))
				ERR(L, n, "relation of type '%s' lacks the required attribute '%s'", tname,
				    r->attrs[i].name);
	}
	kg_rid rid = kgs_add_rel(L->g);
	if (rid == KG_NONE) {
		L->oom = 1;
		return;
	}
	kgs_rel *x = &L->g->rels[rid];
	x->type = kgs_type16(rt);
	x->from = x->to = KG_NONE;
	x->src0 = src0;
	if (kgs_set_place(L->g, 1, rid, n->line, n->col) < 0) {
		L->oom = 1;
		return;
	}
	/* Endpoints already loaded are settled now; the others wait for resolve(). */
	if (from_id && *from_id)
		end_now_or_later(L, x, rid, 0, from_id, owner->line, owner->col);
	for (int k = 0; k < 2; k++) {
		const kgy_node *en = endn[k];
		if (!en)
			continue;
		const char *eid = intern_scalar(L, en);
		if (!eid)
			return;
		end_now_or_later(L, x, rid, k, eid, en->line, en->col);
	}
	if (id || notes) {
		kgs_side *sx = kgs_pool_push(&L->g->relx, 1, sizeof *sx);
		if (!sx)
			L->oom = 1;
		else
			*sx = (kgs_side){rid, keep_xstrs(L, id, notes, 2)};
	}
	keep_attrs(L, nattrs, &L->g->rattrs);
}

/* ---------------------------------------------------------------- */
/* Entities                                                          */
/* ---------------------------------------------------------------- */

/* `aliases: [text, ...]` (or one), appended to g->ealiases. */
static void read_aliases(loader *L, const kgy_node *n)
{
	if (kgy_is_null(n))
		return;
	const kgy_node *one = n;
	kgy_node *const *items = (kgy_node *const *)&one;
	size_t k = 1;
	if (n->kind == KGY_SEQ) {
		items = n->u.seq.items;
		k = n->u.seq.n;
	} else if (n->kind != KGY_SCALAR) {
		ERR(L, n, "'aliases' must be a list of strings, got %s", kgy_describe(n));
		return;
	}
	for (size_t i = 0; i < k; i++) {
		const char *s = read_text(L, items[i], "aliases");
		const char **a = s ? kgs_pool_push(&L->g->ealiases, 1, sizeof *a) : NULL;
		if (a)
			*a = s;
		else if (s)
			L->oom = 1;
	}
}

static void do_entity(loader *L, const kgy_node *n)
{
	char buf[96];
	if (n->kind != KGY_MAP) {
		ERR(L, n, "an entity must be a mapping with id and type, got %s", kgy_describe(n));
		return;
	}
	const kgy_node *idn = NULL, *tn = NULL;
	for (size_t i = 0; i < n->u.map.n; i++) {
		key_kind kk = key_of(n->u.map.pairs[i].key);
		if (kk == K_ID)
			idn = n->u.map.pairs[i].value;
		else if (kk == K_TYPE)
			tn = n->u.map.pairs[i].value;
	}
	const char *id = NULL;
	if (!idn)
		ERR(L, n, "entity has no 'id'");
	else
		id = check_id(L, idn, "id");
	kg_tid t = KG_NONE;
	if (!tn) {
		ERR(L, n, "entity %s%s%shas no 'type'", id ? "'" : "", id ? id : "", id ? "' " : "");
	} else if (tn->kind != KGY_SCALAR || kgy_is_null(tn)) {
		ERR(L, tn, "entity 'type' must be an entity type name, got %s", kgy_describe(tn));
	} else {
		t = type_named(L, tn, 0);
		if (t == KG_NONE) {
			if (kg_schema_rtype_find(L->schema, tn->u.scalar.s) != KG_NONE)
				ERR(L, tn, "%s is a relation type, not an entity type", q(tn, buf, sizeof buf));
			else
				ERR(L, tn, "unknown entity type %s", q(tn, buf, sizeof buf));
		} else if (kg_schema_type_abstract(L->schema, t)) {
			ERR(L, tn, "entity type '%s' is abstract; use one of its subtypes",
			    kg_schema_type_name(L->schema, t));
			t = KG_NONE;
		}
	}
	kg_eid e = KG_NONE;
	if (id) {
		kg_eid prev = kgs_entity_of(id);
		if (prev != KG_NONE) {
			kg_loc pl = kg_entity_loc(L->g, prev);
			ERR(L, idn, "duplicate id '%s' (first defined at %s:%u:%u)", id,
			    pl.file ? pl.file : "?", pl.line, pl.col);
		} else if ((e = kgs_add_entity(L->g, id)) == KG_NONE || !types_reserve(L, e)) {
			L->oom = 1;
			return;
		} else {
			L->types[e] = kgs_type16(t); /* its references may be checked before it is done */
		}
	}
	const char *tname = t != KG_NONE ? kg_schema_type_name(L->schema, t) : NULL;
	/* Its parts are appended to the pools as they are read. An entity that
	 * is not added (no id, a duplicate: errors) leaves its parts to the one
	 * before it, harmless since a graph with errors is never handed on. */
	kgs_entity x;
	if (e != KG_NONE)
		x = L->g->ents[e];
	else
		memset(&x, 0, sizeof x);
	x.id = id;
	x.name = id;
	x.type = kgs_type16(t);
	size_t nattrs = 0;
	const kgy_node *rels = NULL;
	for (size_t i = 0; i < n->u.map.n; i++) {
		const kgy_pair *p = &n->u.map.pairs[i];
		const char *k = p->key->u.scalar.s;
		key_kind kk = key_of(p->key);
		if (kk == K_ID || kk == K_TYPE) {
			continue;
		} else if (kk == K_NAME) {
			const char *s = read_text(L, p->value, "name");
			if (s)
				x.name = s;
		} else if (kk == K_NOTES) {
			const char *s = read_text(L, p->value, "notes");
			if (s)
				x.notes = keep_xstrs(L, s, NULL, 1);
		} else if (kk == K_ALIASES) {
			read_aliases(L, p->value);
		} else if (kk == K_SOURCES) {
			read_sources(L, p->value, &L->g->esrcs);
		} else if (kk == K_RELATIONS) {
			rels = p->value;
		} else if (t != KG_NONE) {
			const kgsc_attr *def = kgsc_entity_attr(L->schema, t, k);
			if (!def)
				ERR_KEY(L, p, "unknown attribute '%s' for entity type '%s'", k, tname);
			else
				nattrs = read_attr(L, def, p, nattrs);
		}
	}
	if (t != KG_NONE) {
		const kgsc_etype *et = kgsc_get_etype(L->schema, t);
		check_required(L, n, et->all, et->nall, "entity", tname);
	}
	keep_attrs(L, nattrs, &L->g->eattrs);
	if (e != KG_NONE) {
		L->g->ents[e] = x;
		if (kgs_set_place(L->g, 0, e, n->line, n->col) < 0)
			L->oom = 1;
	}
	if (rels && !kgy_is_null(rels)) {
		if (rels->kind != KGY_SEQ) {
			ERR(L, rels, "'relations' must be a list of relations, got %s", kgy_describe(rels));
			return;
		}
		for (size_t i = 0; i < rels->u.seq.n && !L->oom; i++)
			do_relation(L, rels->u.seq.items[i], id ? id : "", idn ? idn : n);
	}
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
				do_entity(L, v->u.seq.items[j]);
			else
				do_relation(L, v->u.seq.items[j], NULL, NULL);
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
			do_relation(L, b->entries[i].node, NULL, NULL);
		else
			do_entity(L, b->entries[i].node);
	}
	if (b->doc_end && b->root && !L->oom && !L->vc.oom)
		on_doc(L, L->fname, b->docno, b->root);
	if (b->keep)
		kga_arena_adopt(&L->keep, &b->arena);
	if (b->doc_end)
		kga_arena_free(&L->keep);
	kgy_batch_reset(b);
}


/* Resolves every pending reference and relation endpoint. */
static void resolve(loader *L)
{
	kg_graph *g = L->g;
	for (size_t i = 0; i < L->nrefs; i++) {
		pending_ref *p = &L->refs[i];
		const char *f = g->files[p->file];
		kg_eid e = kgs_entity_of(p->id);
		int is_src = p->must_be != KG_NONE && p->must_be == L->source_t;
		if (e == KG_NONE) {
			kg_diags_add(L->diags, KG_ERROR, f, p->line, p->col, "unknown %s '%s'",
				     is_src ? "source" : "entity", p->id);
			continue;
		}
		check_ref_type(L, f, p->line, p->col, p->id, e, p->must_be);
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
			kg_diags_add(L->diags, KG_ERROR, f, line, col,
				     "unknown entity '%s' in '%s'", p->id, end ? "to" : "from");
			continue;
		}
		*(end ? &x->to : &x->from) = e;
		check_endpoint(L, f, line, col, kgs_type_of(x->type), end, p->id, e);
	}
}

/* ---- the list of files -------------------------------------------- */

typedef struct file_list {
	char **paths; /* malloc'd */
	size_t n, cap;
} file_list;

static int list_push(file_list *fl, const char *path)
{
	if (fl->n == fl->cap) {
		size_t ncap = fl->cap ? fl->cap * 2 : 32;
		char **np = realloc(fl->paths, ncap * sizeof *np);
		if (!np)
			return -1;
		fl->paths = np;
		fl->cap = ncap;
	}
	if (!(fl->paths[fl->n] = strdup(path)))
		return -1;
	fl->n++;
	return 0;
}

static void list_free(file_list *fl)
{
	for (size_t i = 0; i < fl->n; i++)
		free(fl->paths[i]);
	free(fl->paths);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_yaml_name(const char *name)
{
	size_t n = strlen(name);
	return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) || (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

/* The directories being walked, to refuse a symlink cycle. */
typedef struct walk_stack {
	dev_t dev[64];
	ino_t ino[64];
	size_t n;
} walk_stack;

#define MAX_WALK_DEPTH 64

/* Adds every *.yaml / *.yml below dir (not sorted yet). */
static int walk(const char *dir, file_list *fl, walk_stack *ws, kg_diags *d)
{
	struct stat st;
	if (stat(dir, &st) < 0) {
		kg_diags_add(d, KG_ERROR, dir, 0, 0, "%s", strerror(errno));
		return 0;
	}
	for (size_t i = 0; i < ws->n; i++)
		if (ws->dev[i] == st.st_dev && ws->ino[i] == st.st_ino) {
			kg_diags_add(d, KG_ERROR, dir, 0, 0, "directory loop (a link back to a directory above it)");
			return 0;
		}
	if (ws->n >= MAX_WALK_DEPTH) {
		kg_diags_add(d, KG_ERROR, dir, 0, 0, "directories nested deeper than %d", MAX_WALK_DEPTH);
		return 0;
	}
	DIR *dh = opendir(dir);
	if (!dh) {
		kg_diags_add(d, KG_ERROR, dir, 0, 0, "cannot read directory: %s", strerror(errno));
		return 0;
	}
	ws->dev[ws->n] = st.st_dev;
	ws->ino[ws->n] = st.st_ino;
	ws->n++;
	int rc = 0;
	struct dirent *de;
	while (rc == 0 && (de = readdir(dh)) != NULL) {
		if (de->d_name[0] == '.')
			continue; /* ., .., and hidden files such as .git */
		size_t len = strlen(dir) + strlen(de->d_name) + 2;
		char *p = malloc(len);
		if (!p) {
			rc = -1;
			break;
		}
		snprintf(p, len, "%s/%s", dir, de->d_name);
		struct stat cs;
		if (stat(p, &cs) < 0) {
			if (is_yaml_name(de->d_name) || errno == ELOOP)
				kg_diags_add(d, KG_ERROR, p, 0, 0, "%s", strerror(errno));
		} else if (S_ISDIR(cs.st_mode)) {
			rc = walk(p, fl, ws, d);
		} else if (is_yaml_name(de->d_name)) {
			rc = list_push(fl, p);
		}
		free(p);
	}
	closedir(dh);
	ws->n--;
	return rc;
}

/* Expands the paths given into the files to read. */
static int collect_files(const char *const *paths, size_t npaths, file_list *fl, kg_diags *d)
{
	for (size_t i = 0; i < npaths; i++) {
		char *p = strdup(paths[i]);
		if (!p)
			return -1;
		size_t len = strlen(p);
		while (len > 1 && p[len - 1] == '/')
			p[--len] = '\0';
		struct stat st;
		int rc = 0;
		if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
			size_t first = fl->n;
			walk_stack ws;
			ws.n = 0;
			rc = walk(p, fl, &ws, d);
			if (rc == 0)
				qsort(fl->paths + first, fl->n - first, sizeof *fl->paths, cmp_str);
		} else {
			rc = list_push(fl, p); /* the parser reports what is wrong with it */
		}
		free(p);
		if (rc < 0)
			return -1;
	}
	return 0;
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
	if (npaths == 1 && kgsn_is_snapshot(paths[0]))
		return kgsn_load(paths[0], opts, diags);
	size_t errors0 = kg_diags_errors(diags);
	file_list fl = {NULL, 0, 0};
	kg_graph *g = NULL;
	loader L;
	memset(&L, 0, sizeof L);
	kgsf_schema named; /* the schema the data names (kgsf_find) */
	memset(&named, 0, sizeof named);
	if (collect_files(paths, npaths, &fl, diags) < 0)
		goto oom;

	/* The schema: -s wins, else the one the data names, else the core. */
	kg_schema *schema;
	if (opts->schema_path) {
		schema = kgsc_load_file(opts->schema_path, &opts->limits, diags);
	} else {
		struct stat st;
		if (kgsf_find((const char *const *)fl.paths, fl.n, &opts->limits, diags, &named) < 0) {
			kgsf_free(&named);
			goto oom;
		}
		if (named.path && stat(named.path, &st) < 0) {
			kg_diags_add(diags, KG_ERROR, named.file, named.line, named.col,
				     "cannot read the schema %s: %s", named.path, strerror(errno));
			schema = NULL;
		} else if (named.path) {
			schema = kgsc_load_file(named.path, &opts->limits, diags);
		} else {
			/* the built-in schema is ours: the default limits, whatever
			 * the data is held to */
			kg_load_opts dflt;
			kg_load_opts_init(&dflt);
			schema = kgsc_load_core(&dflt.limits, diags);
		}
		L.named = &named; /* every document's `schema` is checked against it */
	}
	if (!schema || kg_diags_errors(diags) > errors0) {
		kgsc_free(&schema);
		kgsf_free(&named);
		list_free(&fl);
		return NULL;
	}
	/* A schema kept beside the data (a graph directory holding its own
	 * schema.yaml) is not data: leave it out of the files to read. */
	const char *sp = kg_schema_origin(schema);
	char *sreal = sp ? realpath(sp, NULL) : NULL;
	if (sreal) {
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
	L.vc.ref = on_value_ref;
	L.vc.ud = &L;

	for (size_t i = 0; i < fl.n; i++)
		if (kgs_add_file(g, fl.paths[i]) == UINT32_MAX)
			goto oom;
	if (kgyf_read(g->files, g->nfiles, &opts->limits, load_threads(), diags, convert_batch,
		      &L) < 0)
		goto fail;
	if (L.oom || L.vc.oom)
		goto oom;
	kgs_begin_file(g, g->nfiles); /* the files that added nothing at the end */
	resolve(&L);
	if (kg_diags_errors(diags) > errors0)
		goto fail;
	/* Before the indexes are built, which is when memory peaks: the
	 * loader's lists, and the intern table (the strings stay; ids are
	 * found through the graph's own index from now on). */
	loader_free(&L);
	kga_intern_free(&g->strings);
	if (kgs_finish(g) < 0)
		goto oom;
	list_free(&fl);
	kgsf_free(&named);
	return g;
oom:
	kg_diags_add(diags, KG_ERROR, NULL, 0, 0, "out of memory while loading the graph");
fail:
	loader_free(&L);
	list_free(&fl);
	kgsf_free(&named);
	kg_graph_free(&g);
	return NULL;
}
