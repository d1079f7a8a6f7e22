/* snapmut.c — crafts a damaged snapshot for tests/extra/snapshot_crafted.sh:
 * changes one item of one index of a good snapshot, then fixes the
 * checksum, so that only the loader's structure checks stand between the
 * file and the walks over it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kg.h"
#include "snapshot.h"

static const char usage[] =
	"usage: snapmut IN OUT CHANGE...\n"
	"Writes OUT: the snapshot IN with each CHANGE made (at most 8), and the\n"
	"checksum made to match. A CHANGE, INDEX KEY POS ITEM, replaces item POS\n"
	"(from 0) of KEY's row in INDEX; INDEX and its KEY and ITEM:\n"
	"  out ENTITY POS FROM TO   the relation FROM -> TO (entity ids; the first such)\n"
	"  in  ENTITY POS FROM TO\n"
	"  rtype RTYPE POS FROM TO  (RTYPE: a relation type's name)\n"
	"  type TYPE POS ENTITY     (TYPE: an entity type's name)\n"
	"  off ENTITY POS FROM TO   out's offset of ENTITY + 1 (POS: a delta\n"
	"                           added to it; FROM, TO unused)\n"
	"Exits 1 when IN does not load or a name is not found, 2 on wrong usage.\n";

static char *slurp(const char *p, size_t *n)
{
	FILE *f = fopen(p, "rb");
	if (!f)
		return NULL;
	char *b = NULL;
	long len;
	if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (b = malloc((size_t)len)) != NULL && fread(b, 1, (size_t)len, f) != (size_t)len) {
		free(b);
		b = NULL;
	}
	*n = b ? (size_t)len : 0;
	fclose(f);
	return b;
}

static kg_eid entity(const kg_graph *g, const char *id)
{
	kg_eid e = kg_graph_find(g, id);
	if (e == KG_NONE) {
		fprintf(stderr, "snapmut: no entity %s\n", id);
		exit(1);
	}
	return e;
}

static kg_rid relation(const kg_graph *g, const char *from, const char *to)
{
	kg_eid f = entity(g, from), t = entity(g, to);
	for (kg_rid r = 0; r < kg_graph_relation_count(g); r++)
		if (kg_rel_from(g, r) == f && kg_rel_to(g, r) == t)
			return r;
	fprintf(stderr, "snapmut: no relation %s -> %s\n", from, to);
	exit(1);
}

/* One change: the words of section sect (an index's offsets, when off)
 * at key k and position pos set to item (off: moved by pos). */
typedef struct change {
	int sect, off;
	uint32_t k, item;
	long pos;
} change;

/* Reads the change at argv[0..); the words it took, 0 on wrong usage. */
static int parse(const kg_graph *g, char **argv, int argc, change *c)
{
	const kg_schema *s = kg_graph_schema(g);
	const char *index = argv[0];
	int want = strcmp(index, "type") == 0 ? 4 : 5;
	if (argc < want)
		return 0;
	c->pos = strtol(argv[2], NULL, 10);
	c->off = strcmp(index, "off") == 0;
	if (strcmp(index, "out") == 0 || strcmp(index, "in") == 0 || c->off) {
		c->sect = index[0] == 'i' ? KGSN_IN_OFF : KGSN_OUT_OFF;
		c->k = entity(g, argv[1]);
		c->item = relation(g, argv[3], argv[4]);
	} else if (strcmp(index, "rtype") == 0) {
		c->sect = KGSN_BYRTYPE_OFF;
		c->k = kg_schema_rtype_find(s, argv[1]);
		c->item = relation(g, argv[3], argv[4]);
	} else if (strcmp(index, "type") == 0) {
		c->sect = KGSN_BYTYPE_OFF;
		c->k = kg_schema_type_find(s, argv[1]);
		c->item = entity(g, argv[3]);
	} else {
		return 0;
	}
	if (c->k == KG_NONE) {
		fprintf(stderr, "snapmut: no type %s\n", argv[1]);
		exit(1);
	}
	return want;
}

#define MAX_CHANGES 8

int main(int argc, char **argv)
{
	if (argc < 4) {
		fputs(usage, stderr);
		return 2;
	}
	const char *in = argv[1], *out = argv[2];
	kg_diags *d = kg_diags_new();
	kg_graph *g = kg_graph_load(&in, 1, NULL, d);
	if (!g) {
		fprintf(stderr, "snapmut: %s does not load\n", in);
		return 1;
	}
	change ch[MAX_CHANGES];
	int nch = 0;
	for (int i = 3; i < argc;) {
		int used = nch < MAX_CHANGES ? parse(g, argv + i, argc - i, &ch[nch]) : 0;
		if (!used) {
			fputs(usage, stderr);
			return 2;
		}
		i += used;
		nch++;
	}
	kg_graph_free(&g);
	kg_diags_free(&d);

	size_t len;
	char *b = slurp(in, &len);
	if (!b || len < sizeof(kgsn_header) + sizeof(kgsn_table)) {
		fprintf(stderr, "snapmut: cannot read %s\n", in);
		return 1;
	}
	kgsn_header h;
	kgsn_table t;
	memcpy(&h, b, sizeof h);
	memcpy(&t, b + sizeof h, sizeof t);
	for (int i = 0; i < nch; i++) {
		const change *c = &ch[i];
		uint32_t *offsets = (uint32_t *)(void *)(b + t.sect[c->sect].off);
		uint32_t *items = (uint32_t *)(void *)(b + t.sect[c->sect + 1].off);
		if (c->off) {
			offsets[c->k + 1] = (uint32_t)((long)offsets[c->k + 1] + c->pos);
		} else if (c->pos < 0 || offsets[c->k] + (uint32_t)c->pos >= offsets[c->k + 1]) {
			fprintf(stderr, "snapmut: change %d: the row has no item %ld\n", i + 1, c->pos);
			return 1;
		} else {
			items[offsets[c->k] + (uint32_t)c->pos] = c->item;
		}
	}
	h.checksum = kgsn_checksum(b + sizeof h, len - sizeof h);
	memcpy(b, &h, sizeof h);
	FILE *f = fopen(out, "wb");
	if (!f || fwrite(b, 1, len, f) != len || fclose(f) != 0) {
		fprintf(stderr, "snapmut: cannot write %s\n", out);
		return 1;
	}
	free(b);
	return 0;
}
