/* import.c — `kg import`'s driver: reads every input into the YAML sinks,
 * loads what was written with the schema, reports the loader's problems at
 * the input places they came from, and keeps the files only when the
 * whole graph loads (doc/import.md). */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "import_int.h"
#include "json.h"
#include "schema.h"

/* The path of target relative to directory dir (both made absolute):
 * malloc'd, or NULL. */
static char *relative(const char *target, const char *dir)
{
	char *t = realpath(target, NULL), *d = realpath(dir, NULL), *out = NULL;
	if (t && d) {
		size_t i = 0, common = 0;
		while (t[i] && t[i] == d[i]) {
			if (t[i] == '/')
				common = i;
			i++;
		}
		if (!d[i] && t[i] == '/')
			common = i;
		size_t ups = 0;
		for (const char *p = d + common; *p; p++)
			ups += *p == '/';
		if (!d[common] || (d[common] == '/' && !d[common + 1]))
			ups = 0;
		const char *rest = t + common + 1;
		size_t len = ups * 3 + strlen(rest) + 1;
		if ((out = malloc(len))) {
			out[0] = '\0';
			for (size_t k = 0; k < ups; k++)
				strcat(out, "../");
			strcat(out, rest);
		}
	}
	free(t);
	free(d);
	return out;
}

/* The input place of line `line` of output file k ("no place": false). */
static bool place(const kgi_file *k, uint32_t line, uint32_t rec[3])
{
	if (!line || fseeko(k->map, (off_t)(line - 1) * 12, SEEK_SET) != 0 ||
	    fread(rec, 12, 1, k->map) != 1)
		return false;
	return rec[0] != UINT32_MAX;
}

static const kgi_file *file_of(const kgi_ctx *c, const char *path)
{
	const kgi_sink *s[2] = {&c->ents, &c->rels};
	for (int i = 0; i < 2 && path; i++)
		for (size_t k = 0; k < s[i]->n; k++)
			if (strcmp(s[i]->files[k].tmp, path) == 0)
				return &s[i]->files[k];
	return NULL;
}

/* msg with every "TMP:LINE:COL" of an output file told as its input place. */
static void retell(const kgi_ctx *c, const char *msg, char *out, size_t outsz)
{
	const kgi_sink *s[2] = {&c->ents, &c->rels};
	size_t o = 0;
	while (*msg && o + 1 < outsz) {
		const kgi_file *hit = NULL;
		for (int i = 0; i < 2 && !hit; i++)
			for (size_t k = 0; k < s[i]->n && !hit; k++)
				if (strncmp(msg, s[i]->files[k].tmp, strlen(s[i]->files[k].tmp)) == 0)
					hit = &s[i]->files[k];
		unsigned long line = 0, col = 0;
		int used = 0;
		uint32_t rec[3];
		if (hit && sscanf(msg + strlen(hit->tmp), ":%lu:%lu%n", &line, &col, &used) == 2 &&
		    line <= UINT32_MAX) {
			if (place(hit, (uint32_t)line, rec))
				o += (size_t)snprintf(out + o, outsz - o, "%s:%u:%u",
						      c->o->inputs[rec[0]], rec[1], rec[2]);
			else
				o += (size_t)snprintf(out + o, outsz - o, "%s:%lu:%lu", hit->final,
						      line, col);
			msg += strlen(hit->tmp) + (size_t)used;
			continue;
		}
		out[o++] = *msg++;
	}
	out[o < outsz ? o : outsz - 1] = '\0';
}

/* The loader's problems with the output, told at the input. */
static void translate(const kgi_ctx *c, const kg_diags *ld)
{
	char msg[2048];
	for (size_t i = 0; i < kg_diags_count(ld); i++) {
		const kg_diag *x = kg_diags_get(ld, i);
		const kgi_file *k = file_of(c, x->loc.file);
		retell(c, x->msg, msg, sizeof msg);
		uint32_t rec[3];
		if (k && place(k, x->loc.line, rec))
			kg_diags_add(c->d, x->sev, c->o->inputs[rec[0]], rec[1], rec[2], "%s", msg);
		else
			kg_diags_add(c->d, x->sev, k ? k->final : x->loc.file, x->loc.line,
				     x->loc.col, "%s", msg);
	}
	size_t lost = kg_diags_errors(ld), kept = 0;
	for (size_t i = 0; i < kg_diags_count(ld); i++)
		kept += kg_diags_get(ld, i)->sev == KG_ERROR;
	if (lost > kept)
		kg_diags_add(c->d, KG_ERROR, NULL, 0, 0, "%zu more errors", lost - kept);
}

/* Removes KIND_NNNN.yaml files past those just written, left by an
 * earlier, bigger import (--force). */
static void remove_stale(const kgi_sink *s)
{
	char p[PATH_MAX];
	for (size_t k = s->n + 1; k < 10000; k++) {
		if (k == 1)
			snprintf(p, sizeof p, "%s/%s.yaml", s->dir, s->kind);
		else
			snprintf(p, sizeof p, "%s/%s_%04zu.yaml", s->dir, s->kind, k);
		if (unlink(p) != 0 && k > 1)
			break;
	}
}

/* Renames (keep) or removes every output file; frees the sink's files. */
static int finish(kgi_sink *s, bool keep)
{
	int err = 0;
	kgi_sink_close(s);
	if (keep)
		remove_stale(s);
	for (size_t k = 0; k < s->n; k++) {
		kgi_file *f = &s->files[k];
		int e = kg_out_close(-1, f->tmp, f->final, keep && !err ? 0 : ECANCELED, 0);
		if (keep && e && !err)
			err = e;
		if (f->map)
			fclose(f->map);
		free(f->final);
	}
	free(s->files);
	s->files = NULL;
	s->n = s->cap = 0;
	return err;
}

static int check_out(const kgi_opts *o, kg_diags *d, bool *created)
{
	struct stat st;
	*created = false;
	if (stat(o->out_dir, &st) != 0) {
		if (errno != ENOENT || mkdir(o->out_dir, 0777) != 0) {
			kg_diags_add(d, KG_ERROR, o->out_dir, 0, 0, "cannot create the directory: %s",
				     strerror(errno));
			return KG_EXIT_USAGE;
		}
		*created = true;
		return KG_EXIT_OK;
	}
	if (!S_ISDIR(st.st_mode)) {
		kg_diags_add(d, KG_ERROR, o->out_dir, 0, 0, "not a directory");
		return KG_EXIT_USAGE;
	}
	static const char *const names[] = {"entities.yaml", "relations.yaml", "entities_0002.yaml",
					    "relations_0002.yaml"};
	for (int i = 0; i < 4 && !o->force; i++) {
		char p[PATH_MAX];
		snprintf(p, sizeof p, "%s/%s", o->out_dir, names[i]);
		if (access(p, F_OK) == 0) {
			kg_diags_add(d, KG_ERROR, p, 0, 0, "exists already (--force replaces it)");
			return KG_EXIT_USAGE;
		}
	}
	return KG_EXIT_OK;
}

/* `schema: "PATH"` for the first data file: the schema relative to DIR. */
static char *schema_head(const kgi_opts *o)
{
	char *rel = relative(o->schema_path, o->out_dir), *buf = NULL;
	size_t len = 0;
	FILE *m = rel ? open_memstream(&buf, &len) : NULL;
	if (m) {
		fputs("schema: ", m);
		kg_json_string(m, rel, strlen(rel)); /* JSON's escapes are YAML's */
		if (fclose(m) != 0) {
			free(buf);
			buf = NULL;
		}
	}
	free(rel);
	return buf;
}

static int read_inputs(kgi_ctx *c, const struct kgi_map *map)
{
	int rc = 0;
	for (size_t i = 0; i < c->o->ninputs; i++) {
		const char *path = c->o->inputs[i];
		bool std = strcmp(path, "-") == 0;
		FILE *in = std ? stdin : fopen(path, "rb");
		if (!in) {
			kg_diags_add(c->d, KG_ERROR, path, 0, 0, "cannot read: %s", strerror(errno));
			rc = -1;
			continue;
		}
		c->in = (uint32_t)i;
		c->ents.in = c->rels.in = (uint32_t)i;
		if (strcmp(c->o->format, "json") == 0)
			rc |= kgi_read_json(c, in);
		else
			rc |= kgi_read_csv(c, in, map);
		if (ferror(in)) {
			kg_diags_add(c->d, KG_ERROR, path, 0, 0, "read error: %s", strerror(errno));
			rc = -1;
		}
		if (!std)
			fclose(in);
	}
	return rc;
}

int kgi_import(const kgi_opts *o, kg_diags *d, kgi_result *r)
{
	memset(r, 0, sizeof *r);
	for (size_t i = 0; i < o->ninputs; i++) {
		struct stat st;
		if (strcmp(o->inputs[i], "-") != 0 && stat(o->inputs[i], &st) != 0) {
			kg_diags_add(d, KG_ERROR, o->inputs[i], 0, 0, "%s", strerror(errno));
			return KG_EXIT_USAGE;
		}
	}
	size_t errs0 = kg_diags_errors(d);
	kg_schema *schema = o->schema_path ? kgsc_load_file(o->schema_path, &o->limits, d)
					   : kgsc_load_core(&o->limits, d);
	struct kgi_map *map = NULL;
	if (schema && o->map_path)
		map = kgi_map_load(o->map_path, &o->limits, d);
	if (!schema || (o->map_path && !map)) {
		kgsc_free(&schema);
		return KG_EXIT_INVALID;
	}
	bool created;
	int status = check_out(o, d, &created);
	char *head = NULL;
	if (status == KG_EXIT_OK && o->schema_path && !(head = schema_head(o))) {
		kg_diags_add(d, KG_ERROR, o->schema_path, 0, 0, "cannot resolve the path");
		status = KG_EXIT_INVALID;
	}
	kgi_ctx c = {.o = o, .schema = schema, .d = d};
	c.ents.dir = c.rels.dir = o->out_dir;
	c.ents.kind = "entities";
	c.rels.kind = "relations";
	c.ents.head = head;
	c.ents.file_bytes = c.rels.file_bytes = o->file_bytes;
	c.ents.pr = c.rels.pr = o->progress;
	if (status == KG_EXIT_OK) {
		read_inputs(&c, map);
		kgi_sink_open(&c.ents); /* an empty graph is still a graph */
		int e = kgi_sink_close(&c.ents);
		e = e ? e : kgi_sink_close(&c.rels);
		if (e)
			kg_diags_add(d, KG_ERROR, o->out_dir, 0, 0, "cannot write: %s", strerror(e));
		if (kg_diags_errors(d) > errs0)
			status = KG_EXIT_INVALID;
	}
	bool keep = false;
	if (status == KG_EXIT_OK) {
		size_t np = c.ents.n + c.rels.n, k = 0;
		const char **paths = malloc(np * sizeof *paths);
		kg_diags *ld = kg_diags_new();
		if (paths && ld) {
			for (size_t i = 0; i < c.ents.n; i++)
				paths[k++] = c.ents.files[i].tmp;
			for (size_t i = 0; i < c.rels.n; i++)
				paths[k++] = c.rels.files[i].tmp;
			kg_load_opts lo;
			kg_load_opts_init(&lo);
			lo.schema_path = o->schema_path;
			lo.limits = o->limits;
			lo.check_only = true; /* only the problems and counts are used */
			lo.progress = o->progress;
			kg_graph *g = kg_graph_load(paths, np, &lo, ld);
			translate(&c, ld);
			if (g) {
				keep = true;
				r->entities = kg_graph_entity_count(g);
				r->relations = kg_graph_relation_count(g);
				r->files = np;
			}
			kg_graph_free(&g);
		} else {
			kg_diags_add(d, KG_ERROR, NULL, 0, 0, "out of memory");
		}
		free(paths);
		kg_diags_free(&ld);
		status = keep ? KG_EXIT_OK : KG_EXIT_INVALID;
	}
	int e = finish(&c.ents, keep);
	int e2 = finish(&c.rels, keep && !e);
	if (keep && (e || e2)) {
		kg_diags_add(d, KG_ERROR, o->out_dir, 0, 0, "cannot write: %s", strerror(e ? e : e2));
		status = KG_EXIT_INVALID;
	}
	if (status != KG_EXIT_OK && created)
		rmdir(o->out_dir);
	free(head);
	kgi_map_free(&map);
	kgsc_free(&schema);
	return status;
}
