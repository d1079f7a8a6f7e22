/* fuzz.h — what the fuzz targets share: the entry point's prototype, a
 * per-process scratch file, and a splitter of the input into strings. */
#ifndef KG_FUZZ_H
#define KG_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Called by libFuzzer, or by replay.c, once per input. Always returns 0. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A scratch file of this process, made on first use under $TMPDIR (else
 * /tmp) with the given suffix and removed at exit. Paths only: the library
 * reads graphs by path. */
typedef struct fz_file {
	char path[512]; /* "" until made */
} fz_file;

#define FZ_MAX_FILES 4
static fz_file *fz_files[FZ_MAX_FILES];

static inline void fz_remove_all(void)
{
	for (int i = 0; i < FZ_MAX_FILES; i++)
		if (fz_files[i] && fz_files[i]->path[0])
			unlink(fz_files[i]->path);
}

/* Replaces the content of f with data[0..size); returns its path, or NULL
 * (after printing why: this is a harness, not the library) on failure. */
static inline const char *fz_write(fz_file *f, const char *suffix, const void *data, size_t size)
{
	if (!f->path[0]) {
		const char *dir = getenv("TMPDIR");
		if (!dir || !*dir)
			dir = "/tmp";
		snprintf(f->path, sizeof f->path, "%s/kg-fuzz-XXXXXX%s", dir, suffix);
		int fd = mkstemps(f->path, (int)strlen(suffix));
		if (fd < 0) {
			perror(f->path);
			f->path[0] = '\0';
			return NULL;
		}
		close(fd);
		int slot = -1;
		for (int i = 0; i < FZ_MAX_FILES; i++) {
			if (fz_files[i] == f)
				break;
			if (!fz_files[i]) {
				slot = i;
				break;
			}
		}
		if (slot == 0)
			atexit(fz_remove_all);
		if (slot >= 0)
			fz_files[slot] = f;
	}
	FILE *fp = fopen(f->path, "wb");
	if (!fp) {
		perror(f->path);
		return NULL;
	}
	size_t w = size ? fwrite(data, 1, size, fp) : 0;
	if (fclose(fp) != 0 || w != size) {
		perror(f->path);
		return NULL;
	}
	return f->path;
}

/* Cuts the input into at most max strings at NUL bytes (or newlines when
 * nl); each is NUL-terminated in *store (malloc'd, the caller frees).
 * Returns the count; missing strings are "". */
static inline size_t fz_split(const uint8_t *data, size_t size, int nl, char **store,
			      const char **out, size_t max)
{
	*store = malloc(size + 1);
	size_t n = 0;
	if (!*store) {
		for (size_t i = 0; i < max; i++)
			out[i] = "";
		return 0;
	}
	memcpy(*store, data, size);
	(*store)[size] = '\0';
	char *s = *store;
	out[n++] = s;
	for (size_t i = 0; i < size && n < max; i++) {
		if ((*store)[i] == '\0' || (nl && (*store)[i] == '\n')) {
			(*store)[i] = '\0';
			out[n++] = *store + i + 1;
		}
	}
	for (size_t i = n; i < max; i++)
		out[i] = "";
	return n;
}

#endif
