/* load_paths.c — the paths given to kg_graph_load expanded into the files
 * to read: directories walked (hidden entries skipped, loops refused),
 * their YAML files sorted by name. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "load_int.h"

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

void kgld_list_free(file_list *fl)
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
int kgld_collect_files(const char *const *paths, size_t npaths, file_list *fl, kg_diags *d)
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
