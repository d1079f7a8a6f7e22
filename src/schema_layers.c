/* schema_layers.c — a schema and the schemas it extends, read as layers
 * (schema_layers.h); and kgsc_err, the schema readers' located error. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "schema_find.h" /* kgsf_resolve */
#include "schema_int.h"
#include "schema_layers.h"
#include "spell.h"

void kgsc_err(kg_diags *d, const char *file, const kgy_node *n, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	kg_diags_add(d, KG_ERROR, file, n ? n->line : 0, n ? n->col : 0, "%s", buf);
}

/* One schema file (or buffer) and the layers it extends. */
typedef struct lnode {
	char *file;                 /* its name in messages (malloc'd) */
	char *id;                   /* what makes two the same: a real path (malloc'd) */
	const char *buf;            /* a buffer's text, or NULL: read the file */
	size_t len;
	const kgy_node *root;       /* once read */
	size_t nout;                /* the layers it extends, in the order written */
	uint8_t out[KGSL_MAX_LAYERS];
	const kgy_node *out_at[KGSL_MAX_LAYERS];
} lnode;

typedef struct lstate {
	lnode n[KGSL_MAX_LAYERS];
	size_t count, next, nroots;
	const char *core;
	size_t clen;
	const kg_limits *lim;
	kg_diags *d;
	kgsl_fn fn;
	void *ud;
	bool failed, fixed;
	const uint64_t *freach;     /* fixed layers: their reach */
} lstate;

/* The callback's own: the state and which layer the document is of. */
typedef struct lcur {
	lstate *st;
	size_t ix;
} lcur;

static void read_next(lstate *st);

/* The layer named id, added when new; takes file and id (malloc'd);
 * -1 (reported at `at` of `from`) when there are too many. */
static int add(lstate *st, char *file, char *id, const char *buf, size_t len,
	       const char *from, const kgy_node *at)
{
	for (size_t i = 0; i < st->count; i++)
		if (strcmp(st->n[i].id, id) == 0) {
			free(file);
			free(id);
			return (int)i;
		}
	if (st->count == KGSL_MAX_LAYERS) {
		kgsc_err(st->d, from, at, "more than %d schemas are combined", KGSL_MAX_LAYERS);
		free(file);
		free(id);
		return -1;
	}
	lnode *ln = &st->n[st->count];
	memset(ln, 0, sizeof *ln);
	ln->file = file;
	ln->id = id;
	ln->buf = buf;
	ln->len = len;
	return (int)st->count++;
}

static int oom(lstate *st, const char *file, const kgy_node *at)
{
	kgsc_err(st->d, file, at, "out of memory reading the schema");
	return -1;
}

/* A name (no '/', not ending in .yaml or .yml) is a built-in schema's. */
static bool is_name(const char *s, size_t len)
{
	if (memchr(s, '/', len))
		return false;
	return !((len >= 5 && strcmp(s + len - 5, ".yaml") == 0) ||
		 (len >= 4 && strcmp(s + len - 4, ".yml") == 0));
}

/* The layer extends item `it` of layer `from` names; -1 when reported. */
static int target(lstate *st, size_t from, const kgy_node *it)
{
	const char *file = st->n[from].file, *s = it->u.scalar.s;
	size_t len = it->u.scalar.len;
	char q[80];
	if (is_name(s, len)) {
		if (strcmp(s, "core") == 0) {
			char *f = strdup("<core>"), *id = strdup("<core>");
			if (!f || !id) {
				free(f);
				free(id);
				return oom(st, file, it);
			}
			return add(st, f, id, st->core, st->clen, file, it);
		}
		kgsp_near near;
		kgsp_near_init(&near, s);
		kgsp_near_try(&near, "core");
		kgy_quote(s, len, q, sizeof q);
		if (near.word)
			kgsc_err(st->d, file, it, "unknown built-in schema %s (did you mean '%s'?)", q,
				 near.word);
		else
			kgsc_err(st->d, file, it, "unknown built-in schema %s; the built-in one is "
				 "'core', and a path holds a '/' or ends in .yaml", q);
		return -1;
	}
	char *path = kgsf_resolve(file, s, len);
	if (!path)
		return oom(st, file, it);
	char *real = realpath(path, NULL);
	if (!real) {
		kgsc_err(st->d, file, it, "cannot read the schema %s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	return add(st, path, real, NULL, 0, file, it);
}

/* Records the layers that `extends` value v of layer ix names. */
static void follow(lstate *st, size_t ix, const kgy_node *v)
{
	const char *file = st->n[ix].file;
	if (!v)
		return;
	size_t cnt = v->kind == KGY_SEQ ? v->u.seq.n : 1;
	for (size_t i = 0; i < cnt; i++) {
		const kgy_node *it = v->kind == KGY_SEQ ? v->u.seq.items[i] : v;
		if (it->kind != KGY_SCALAR || kgy_is_null(it) || it->u.scalar.len == 0) {
			kgsc_err(st->d, file, it, "'extends' names a schema (core, or a path "
				 "ending in .yaml) or a list of them, got %s", kgy_describe(it));
			st->failed = true;
			continue;
		}
		int to = target(st, ix, it);
		if (to < 0) {
			st->failed = true;
			continue;
		}
		lnode *ln = &st->n[ix];
		bool twice = false;
		for (size_t k = 0; k < ln->nout; k++)
			twice |= ln->out[k] == (uint8_t)to;
		if (twice) {
			char q[80];
			kgsc_err(st->d, file, it, "'extends' names %s twice",
				 kgy_quote(it->u.scalar.s, it->u.scalar.len, q, sizeof q));
			st->failed = true;
			continue;
		}
		ln->out_at[ln->nout] = it;
		ln->out[ln->nout++] = (uint8_t)to;
	}
}

static int on_doc(void *ud, const char *file, size_t docno, const kgy_node *root)
{
	lcur *c = ud;
	lstate *st = c->st;
	if (docno > 0) {
		kgsc_err(st->d, file, root, "a schema file holds one YAML document; this is another");
		st->failed = true;
		return 1;
	}
	st->n[c->ix].root = root;
	if (!st->fixed)
		follow(st, c->ix, kgy_map_get(root, "extends"));
	read_next(st); /* the next layers are read while this tree lives */
	return 0;
}

/* Depth first from u: the layers it extends before it (post-order into
 * order[]); a cycle is reported at the extends item that closes it. */
static void visit(lstate *st, size_t u, uint8_t *state, size_t *path, size_t depth,
		  size_t *order, size_t *norder)
{
	state[u] = 1;
	path[depth] = u;
	lnode *ln = &st->n[u];
	for (size_t k = 0; k < ln->nout; k++) {
		size_t v = ln->out[k];
		if (state[v] == 0) {
			visit(st, v, state, path, depth + 1, order, norder);
			continue;
		}
		if (state[v] != 1)
			continue;
		char msg[900];
		size_t len = 0, from = 0;
		while (path[from] != v)
			from++;
		for (size_t i = from; i <= depth && len < sizeof msg; i++)
			len += (size_t)snprintf(msg + len, sizeof msg - len, "%s -> ",
						st->n[path[i]].file);
		if (len < sizeof msg)
			snprintf(msg + len, sizeof msg - len, "%s", st->n[v].file);
		kgsc_err(st->d, ln->file, ln->out_at[k], "extends cycle: %s", msg);
		st->failed = true;
	}
	state[u] = 2;
	order[(*norder)++] = u;
}

/* Every layer was read: orders them and hands them over. */
static void finish(lstate *st)
{
	if (st->failed)
		return;
	size_t order[KGSL_MAX_LAYERS], norder = 0, path[KGSL_MAX_LAYERS];
	size_t pos[KGSL_MAX_LAYERS];
	uint8_t state[KGSL_MAX_LAYERS] = {0};
	kgsl_layer layers[KGSL_MAX_LAYERS];
	if (st->fixed) {
		for (size_t i = 0; i < st->count; i++)
			order[norder++] = i;
	} else {
		for (size_t r = 0; r < st->nroots; r++)
			if (state[r] == 0)
				visit(st, r, state, path, 0, order, &norder);
		if (st->failed)
			return;
	}
	for (size_t i = 0; i < norder; i++)
		pos[order[i]] = i;
	for (size_t i = 0; i < norder; i++) {
		const lnode *ln = &st->n[order[i]];
		uint64_t reach = st->fixed ? st->freach[i] : 0;
		for (size_t k = 0; k < ln->nout; k++)
			reach |= ((uint64_t)1 << pos[ln->out[k]]) | layers[pos[ln->out[k]]].reach;
		layers[i] = (kgsl_layer){ln->file, ln->root, reach};
	}
	st->fn(st->ud, layers, norder);
}

static void read_next(lstate *st)
{
	if (st->next == st->count) {
		finish(st);
		return;
	}
	lcur c = {st, st->next++};
	lnode *ln = &st->n[c.ix];
	size_t before = kg_diags_errors(st->d);
	if (ln->buf)
		kgy_parse_buffer(ln->file, ln->buf, ln->len, st->lim, st->d, on_doc, &c);
	else
		kgy_parse_file(ln->file, st->lim, st->d, on_doc, &c);
	if (ln->root)
		return;
	/* no document came (errors, or an empty file): read the others, for
	 * their errors, and combine none */
	if (kg_diags_errors(st->d) == before)
		kg_diags_add(st->d, KG_ERROR, ln->file, 1, 1,
			     "the schema is empty; expected a mapping with 'kg_schema: 1'");
	st->failed = true;
	read_next(st);
}

static void state_free(lstate *st)
{
	for (size_t i = 0; i < st->count; i++) {
		free(st->n[i].file);
		free(st->n[i].id);
	}
	free(st);
}

static lstate *state_new(const kg_limits *lim, kg_diags *d, kgsl_fn fn, void *ud)
{
	lstate *st = calloc(1, sizeof *st);
	if (!st) {
		kg_diags_add(d, KG_ERROR, NULL, 0, 0, "out of memory reading the schema");
		return NULL;
	}
	st->lim = lim;
	st->d = d;
	st->fn = fn;
	st->ud = ud;
	return st;
}

/* Adds a root source; false when reported. */
static bool add_root(lstate *st, const kgsl_source *r)
{
	const char *name = r->path ? r->path : r->name;
	char *file = strdup(name), *id = r->path ? realpath(r->path, NULL) : NULL;
	if (!id)
		id = strdup(name); /* the parser says what is wrong with the path */
	if (!file || !id) {
		free(file);
		free(id);
		oom(st, name, NULL);
		return false;
	}
	return add(st, file, id, r->path ? NULL : r->buf, r->len, name, NULL) >= 0;
}

void kgsl_read(const kgsl_source *roots, size_t nroots, const char *core, size_t clen,
	       const kg_limits *lim, kg_diags *d, kgsl_fn fn, void *ud)
{
	lstate *st = state_new(lim, d, fn, ud);
	if (!st)
		return;
	st->core = core;
	st->clen = clen;
	for (size_t i = 0; i < nroots && !st->failed; i++)
		st->failed = !add_root(st, &roots[i]);
	st->nroots = st->count; /* two roots that are one file are one */
	if (!st->failed)
		read_next(st);
	state_free(st);
}

void kgsl_read_fixed(const kgsl_source *layers, const uint64_t *reach, size_t n,
		     const kg_limits *lim, kg_diags *d, kgsl_fn fn, void *ud)
{
	lstate *st = state_new(lim, d, fn, ud);
	if (!st)
		return;
	st->fixed = true;
	st->freach = reach;
	for (size_t i = 0; i < n && !st->failed; i++) {
		char *file = strdup(layers[i].name), *id = malloc(32);
		if (id)
			snprintf(id, 32, "%zu", i);
		if (!file || !id) {
			free(file);
			free(id);
			oom(st, layers[i].name, NULL);
			break;
		}
		st->failed = add(st, file, id, layers[i].buf, layers[i].len, layers[i].name,
				 NULL) < 0;
	}
	if (!st->failed)
		read_next(st);
	state_free(st);
}

/* ---------------------------------------------------------------- */
/* Bundles                                                           */
/* ---------------------------------------------------------------- */

static const char bundle_magic[] = "# kg schema bundle";
static const char bundle_end[] = "\n...\n";

typedef struct bread {
	kgsl_bundle *b;
	kg_diags *d;
	size_t textlen; /* of the texts after the header */
	const char *texts;
	bool ok;
} bread;

static bool bundle_int(const kgy_node *n, uint64_t max, uint64_t *out)
{
	int64_t v;
	if (!kgy_as_int(n, &v) || v < 0 || (uint64_t)v > max)
		return false;
	*out = (uint64_t)v;
	return true;
}

static int on_bundle(void *ud, const char *file, size_t docno, const kgy_node *root)
{
	bread *br = ud;
	kgsl_bundle *b = br->b;
	const kgy_node *v = kgy_map_get(root, "kg_bundle");
	if (docno > 0 || !v || v->kind != KGY_SEQ || v->u.seq.n == 0 ||
	    v->u.seq.n > KGSL_MAX_LAYERS) {
		kgsc_err(br->d, file, root, "a damaged schema bundle: expected 'kg_bundle' with 1 "
			 "to %d layers", KGSL_MAX_LAYERS);
		return 1;
	}
	for (size_t i = 0; i < v->u.seq.n; i++) {
		const kgy_node *it = v->u.seq.items[i];
		uint64_t reach, off, len;
		if (it->kind != KGY_SEQ || it->u.seq.n != 4 || it->u.seq.items[0]->kind != KGY_SCALAR ||
		    !bundle_int(it->u.seq.items[1], i ? ((uint64_t)1 << i) - 1 : 0, &reach) ||
		    !bundle_int(it->u.seq.items[2], br->textlen, &off) ||
		    !bundle_int(it->u.seq.items[3], br->textlen - off, &len)) {
			kgsc_err(br->d, file, it, "a damaged schema bundle: expected [NAME, REACH, "
				 "OFFSET, LENGTH] within the text");
			return 1;
		}
		if (!(b->layers[i].name = strdup(it->u.seq.items[0]->u.scalar.s))) {
			kgsc_err(br->d, file, it, "out of memory reading the schema");
			return 1;
		}
		b->layers[i].buf = br->texts + off;
		b->layers[i].len = (size_t)len;
		b->reach[i] = reach;
		b->n = i + 1;
	}
	br->ok = true;
	return 1;
}

bool kgsl_bundle_read(kgsl_bundle *b, const kgsl_source *src, const kg_limits *lim,
		      kg_diags *d)
{
	memset(b, 0, sizeof *b);
	size_t m = sizeof bundle_magic - 1, e = sizeof bundle_end - 1;
	if (src->len < m || memcmp(src->buf, bundle_magic, m) != 0)
		return false;
	const char *end = NULL;
	for (const char *c = src->buf; !end && c + e <= src->buf + src->len; c++) {
		c = memchr(c, '\n', (size_t)(src->buf + src->len - c));
		if (!c)
			break;
		if ((size_t)(src->buf + src->len - c) >= e && memcmp(c, bundle_end, e) == 0)
			end = c;
	}
	bread br = {b, d, 0, NULL, false};
	if (end) {
		br.texts = end + e;
		br.textlen = (size_t)(src->buf + src->len - br.texts);
		kgy_parse_buffer(src->name, src->buf, (size_t)(end - src->buf) + 1, lim, d,
				 on_bundle, &br);
	} else {
		kg_diags_add(d, KG_ERROR, src->name, 1, 1, "a damaged schema bundle: no end of "
			     "its header");
	}
	if (!br.ok)
		kgsl_bundle_free(b);
	return br.ok;
}

void kgsl_bundle_free(kgsl_bundle *b)
{
	for (size_t i = 0; i < b->n; i++)
		free((char *)b->layers[i].name);
	memset(b, 0, sizeof *b);
}

char *kgsl_bundle_text(const char *const *files, const uint64_t *reach, size_t n,
		       const char *core, size_t clen, size_t *len, const char **bad)
{
	char *texts[KGSL_MAX_LAYERS] = {0};
	size_t lens[KGSL_MAX_LAYERS] = {0};
	char *out = NULL;
	size_t outlen = 0;
	int err = 0;
	*bad = NULL;
	for (size_t i = 0; i < n && i < KGSL_MAX_LAYERS && !*bad; i++) {
		if (strcmp(files[i], "<core>") == 0)
			continue;
		FILE *f = fopen(files[i], "rb");
		texts[i] = f ? kg_read_all(f, (size_t)1 << 30, &lens[i]) : NULL;
		err = errno;
		if (f)
			fclose(f);
		if (!texts[i])
			*bad = files[i];
	}
	FILE *m = *bad ? NULL : open_memstream(&out, &outlen);
	if (m) {
		fprintf(m, "%s: the schemas a graph was compiled with, combined in this "
			   "order\nkg_bundle:\n", bundle_magic);
		size_t off = 0;
		for (size_t i = 0; i < n; i++) {
			size_t l = texts[i] ? lens[i] : clen;
			fputs("  - [", m);
			kg_json_string(m, files[i], strlen(files[i]));
			fprintf(m, ", %llu, %zu, %zu]\n", (unsigned long long)reach[i], off, l);
			off += l;
		}
		fputs(bundle_end + 1, m);
		for (size_t i = 0; i < n; i++)
			fwrite(texts[i] ? texts[i] : core, 1, texts[i] ? lens[i] : clen, m);
		if (fclose(m) != 0) {
			err = errno;
			free(out);
			out = NULL;
		}
	} else if (!*bad) {
		err = errno;
	}
	for (size_t i = 0; i < n && i < KGSL_MAX_LAYERS; i++)
		free(texts[i]);
	errno = err;
	if (out)
		*len = outlen;
	return out;
}
