/* replay.c — a main() for the fuzz targets without libFuzzer: feeds every
 * file named, or found directly inside the directories named, to
 * LLVMFuzzerTestOneInput once, in sorted order. Exits 1 when no input was
 * found or one could not be read (a crash or sanitizer report ends the
 * process on its own, naming the input last printed with -v). */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int verbose;

/* Runs the target on one file; the buffer has exactly the file's size so
 * that AddressSanitizer sees any read past the input. */
static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	size_t cap = 4096, len = 0;
	uint8_t *buf = malloc(cap);
	size_t r;
	while (buf && (r = fread(buf + len, 1, cap - len, f)) > 0) {
		len += r;
		if (len == cap) {
			uint8_t *nb = realloc(buf, cap *= 2);
			if (!nb) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
		}
	}
	int bad = ferror(f);
	fclose(f);
	if (!buf || bad) {
		fprintf(stderr, "replay: %s: cannot read\n", path);
		free(buf);
		return -1;
	}
	uint8_t *exact = malloc(len ? len : 1);
	if (!exact) {
		free(buf);
		return -1;
	}
	memcpy(exact, buf, len);
	free(buf);
	if (verbose)
		fprintf(stderr, "replay: %s\n", path);
	LLVMFuzzerTestOneInput(exact, len);
	free(exact);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs every regular file directly inside dir; returns how many, or -1. */
static long run_dir(const char *dir)
{
	DIR *dp = opendir(dir);
	if (!dp) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	long rc = 0;
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			char **nn = realloc(names, (cap = cap ? cap * 2 : 64) * sizeof *names);
			if (!nn) {
				rc = -1;
				break;
			}
			names = nn;
		}
		size_t len = strlen(dir) + strlen(de->d_name) + 2;
		if (!(names[n] = malloc(len))) {
			rc = -1;
			break;
		}
		snprintf(names[n++], len, "%s/%s", dir, de->d_name);
	}
	closedir(dp);
	if (n)
		qsort(names, n, sizeof *names, cmp_str);
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		if (rc >= 0 && stat(names[i], &st) == 0 && S_ISREG(st.st_mode))
			rc = run_file(names[i]) < 0 ? -1 : rc + 1;
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	/* Absolute paths, all made before the first run: a target may change
	 * its working directory. */
	char **paths = calloc((size_t)argc, sizeof *paths);
	int npaths = 0, rc = 0;
	if (!paths)
		return 1;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-v") == 0) {
			verbose = 1;
			continue;
		}
		if (!(paths[npaths] = realpath(argv[i], NULL))) {
			fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
			rc = 1;
			break;
		}
		npaths++;
	}
	long total = 0;
	for (int i = 0; i < npaths && rc == 0; i++) {
		struct stat st;
		long k;
		if (stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode))
			k = run_dir(paths[i]);
		else
			k = run_file(paths[i]) < 0 ? -1 : 1;
		if (k < 0)
			rc = 1;
		else
			total += k;
	}
	for (int i = 0; i < npaths; i++)
		free(paths[i]);
	free(paths);
	if (rc == 0 && total == 0) {
		fprintf(stderr, "replay: no inputs\n");
		rc = 1;
	}
	if (rc == 0)
		printf("%ld inputs\n", total);
	return rc;
}
