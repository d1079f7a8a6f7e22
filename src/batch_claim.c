/* batch_claim.c — the output namespace of a batch run: its paths, and
 * which script owns which file of the output directory. A table in memory shared by the
 * runner and every script's process (mapped before they are forked);
 * a file is claimed by the first script that writes it, and no other
 * script may then write, replace or remove it. Entries are added with
 * compare-and-swap, so a script's process that is killed midway leaves
 * no lock held. */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "batch_job.h"

#define SLOTS ((size_t)1 << 20) /* a power of two */

struct kgb_claims {
	uint64_t key[SLOTS];   /* 0: free; else the path's hash, low bit set */
	uint32_t owner[SLOTS]; /* script index + 1; 0 while being written */
};

kgb_claims *kgb_claims_new(void)
{
	void *m = mmap(NULL, sizeof(kgb_claims), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	return m == MAP_FAILED ? NULL : m;
}

void kgb_claims_free(kgb_claims *c)
{
	if (c)
		munmap(c, sizeof *c);
}

/* FNV-1a, 64 bits. Two paths of one hash count as one file: a collision
 * can only refuse a write, never allow one. */
static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h | 1;
}

/* The path with its directory resolved (symbolic links, '.', '//'), so
 * that two spellings of one file are one claim. malloc'd; a copy of path
 * when its directory does not resolve. */
static char *canonical(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? strndup(path, (size_t)(slash - path) + (slash == path)) : strdup(".");
	char *real = dir ? realpath(dir, NULL) : NULL;
	free(dir);
	if (!real)
		return strdup(path);
	const char *base = slash ? slash + 1 : path;
	size_t rl = strlen(real), bl = strlen(base);
	char *out = malloc(rl + bl + 2);
	if (out) {
		memcpy(out, real, rl);
		out[rl] = '/';
		memcpy(out + rl + 1, base, bl + 1);
	}
	free(real);
	return out;
}

long kgb_claim(kgb_claims *c, const char *path, size_t owner, int take)
{
	char *canon = canonical(path);
	if (!canon)
		return KGB_CLAIM_NOMEM;
	uint64_t h = hash(canon);
	free(canon);
	size_t i = (size_t)(h >> 1) & (SLOTS - 1);
	for (size_t probe = 0; probe < SLOTS / 2; probe++, i = (i + 1) & (SLOTS - 1)) {
		uint64_t k = __atomic_load_n(&c->key[i], __ATOMIC_ACQUIRE);
		if (k == 0 && !take)
			return KGB_CLAIM_OURS; /* nobody's: free to change */
		if (k == 0) {
			uint64_t zero = 0;
			if (__atomic_compare_exchange_n(&c->key[i], &zero, h, 0, __ATOMIC_ACQ_REL,
							__ATOMIC_ACQUIRE)) {
				__atomic_store_n(&c->owner[i], (uint32_t)(owner + 1), __ATOMIC_RELEASE);
				return KGB_CLAIM_OURS;
			}
			k = zero; /* another process took the slot: see whose */
		}
		if (k != h)
			continue;
		uint32_t o = 0;
		for (int spin = 0; spin < 1000000 && !(o = __atomic_load_n(&c->owner[i], __ATOMIC_ACQUIRE)); spin++)
			;
		if (o == owner + 1)
			return KGB_CLAIM_OURS;
		return o ? (long)(o - 1) : KGB_CLAIM_FULL;
	}
	return KGB_CLAIM_FULL;
}

char *kgb_path_join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = b ? strlen(b) : 0;
	char *p = malloc(la + lb + 2);
	if (!p)
		return NULL;
	memcpy(p, a, la);
	if (b) {
		p[la] = '/';
		memcpy(p + la + 1, b, lb);
		la += lb + 1;
	}
	p[la] = '\0';
	return p;
}
