/* draw_disc.c — the cgraph ID discipline kg's drawings are built and read
 * back with: named objects numbered in the order they are made, so the
 * drawing is the same every run.
 *
 * cgraph's own discipline makes a name's ID the address of its copy in
 * the string pool, and orders subgraphs (clusters) by ID: their order, and
 * with it the DOT text and the layout, would follow whatever the heap
 * looked like, which depends on how the loading threads happened to share
 * their work. Here a name gets the next even number the first time it is
 * seen (odd numbers stay cgraph's anonymous IDs, as in its own discipline).
 * The names are the graph's own pooled copies (agstrdup: cgraph reads
 * flags kept before them), freed with its string pool; the table is freed
 * when the graph closes. */
#include "draw_disc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct names {
	Agraph_t *g;        /* the root graph, whose string pool holds the names */
	char **by_num;      /* name of ID 2 * (i + 1) */
	size_t n, cap;
	uint32_t *slots;    /* open addressing: index + 1 into by_num, 0 empty */
	size_t nslots;      /* a power of two, at least twice n */
	IDTYPE anon;        /* the next anonymous (odd) ID */
} names;

static void *ids_open(Agraph_t *g, Agdisc_t *disc)
{
	(void)disc;
	names *t = calloc(1, sizeof *t);
	if (t) {
		t->g = g;
		t->anon = 1;
	}
	return t;
}

static size_t hash(const char *s)
{
	size_t h = 1469598103934665603ull & SIZE_MAX;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static uint32_t *slot_of(names *t, const char *s)
{
	size_t mask = t->nslots - 1;
	for (size_t i = hash(s) & mask;; i = (i + 1) & mask)
		if (!t->slots[i] || strcmp(t->by_num[t->slots[i] - 1], s) == 0)
			return &t->slots[i];
}

static int grow(names *t)
{
	size_t ncap = t->cap ? t->cap * 2 : 256;
	char **nb = realloc(t->by_num, ncap * sizeof *nb);
	if (!nb)
		return -1;
	t->by_num = nb;
	t->cap = ncap;
	uint32_t *ns = calloc(ncap * 2, sizeof *ns);
	if (!ns)
		return -1;
	free(t->slots);
	t->slots = ns;
	t->nslots = ncap * 2;
	for (size_t i = 0; i < t->n; i++)
		*slot_of(t, t->by_num[i]) = (uint32_t)(i + 1);
	return 0;
}

static long ids_map(void *state, int objtype, char *str, IDTYPE *id, int createflag)
{
	(void)objtype;
	names *t = state;
	if (!str) { /* anonymous */
		*id = t->anon;
		t->anon += 2;
		return 1;
	}
	if (t->nslots) {
		uint32_t *sl = slot_of(t, str);
		if (*sl) {
			*id = (IDTYPE)*sl * 2;
			return 1;
		}
	}
	if (!createflag)
		return 0;
	if (t->n == UINT32_MAX - 1 || (t->n == t->cap && grow(t) < 0))
		return 0;
	char *copy = agstrdup(t->g, str);
	if (!copy)
		return 0;
	t->by_num[t->n++] = copy;
	*slot_of(t, copy) = (uint32_t)t->n;
	*id = (IDTYPE)t->n * 2;
	return 1;
}

static long ids_alloc(void *state, int objtype, IDTYPE request)
{
	(void)state;
	(void)objtype;
	(void)request;
	return 0; /* as cgraph's own: no IDs chosen from outside */
}

static void ids_free(void *state, int objtype, IDTYPE id)
{
	(void)state;
	(void)objtype;
	(void)id; /* names stay until the graph closes */
}

static char *ids_print(void *state, int objtype, IDTYPE id)
{
	(void)objtype;
	names *t = state;
	if (id % 2 || id == 0 || id / 2 > t->n)
		return NULL; /* anonymous: cgraph names it */
	return t->by_num[id / 2 - 1];
}

static void ids_close(void *state)
{
	names *t = state;
	free(t->by_num);
	free(t->slots);
	free(t);
}

static void ids_register(void *state, int objtype, void *obj)
{
	(void)state;
	(void)objtype;
	(void)obj;
}

static Agiddisc_t id_disc = {ids_open, ids_map, ids_alloc, ids_free, ids_print, ids_close,
			     ids_register};

/* ---- reading a graph back from its DOT text ---- */

typedef struct text_chan {
	const char *s;
	size_t len, at;
} text_chan;

/* A line at a time, as cgraph's own agmemread reads. */
static int text_read(void *chan, char *buf, int bufsize)
{
	text_chan *t = chan;
	int n = 0;
	while (n < bufsize && t->at < t->len) {
		char c = t->s[t->at++];
		buf[n++] = c;
		if (c == '\n')
			break;
	}
	return n;
}

/* The graph keeps pointers to its disciplines: they must outlive it. */
static Agiodisc_t text_io;

Agraph_t *kgd_graph_open(const char *name)
{
	Agdisc_t disc = {&AgMemDisc, &id_disc, &AgIoDisc};
	return agopen((char *)(uintptr_t)name, Agdirected, &disc);
}

Agraph_t *kgd_graph_read(const char *text, size_t len)
{
	text_io = AgIoDisc;
	text_io.afread = text_read;
	Agdisc_t disc = {&AgMemDisc, &id_disc, &text_io};
	text_chan t = {text, len, 0};
	return agread(&t, &disc);
}
