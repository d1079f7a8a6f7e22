/* yaml_stream.c — the streamed items of a data file: the batches they are
 * handed over in, and the document's end (yaml_tree.h, kgy_batch). */
#include "yaml_tree_int.h"

#include <stdlib.h>
#include <string.h>

/* Items using this much of a batch's arena go out together. Measured on
 * the 100k/300k graph (20 interleaved pairs each): against 256 KiB, 64 KiB
 * took 0.17 s more CPU on one core and 128 KiB 0.06 s more, 512 KiB 0.07
 * to 0.22 s less (0.1 s less wall on two cores), 1 MiB the same as 512. */
#define BATCH_BYTES ((size_t)512 << 10)
/* A batch's arena asks for blocks this big: one holds a batch, and being
 * over malloc's mmap threshold (main.c), it goes back to the system as
 * soon as the batch is converted; smaller ones, freed by the converting
 * thread into the reading thread's heap, left the heaps of two loading
 * threads holding from 51 to 65 MB for the same graph. */
#define BATCH_BLOCK (BATCH_BYTES + ((size_t)32 << 10))

void kgy_batch_init(kgy_batch *b)
{
	memset(b, 0, sizeof *b);
	kga_arena_init(&b->arena);
	b->arena.block_min = BATCH_BLOCK;
}

void kgy_batch_free(kgy_batch *b)
{
	kga_arena_free(&b->arena);
	free(b->entries);
	free(b->hashes);
	kgy_batch_init(b);
}

void kgy_batch_reset(kgy_batch *b)
{
	kga_arena_reset(&b->arena);
	b->n = b->nh = 0;
	b->keep = b->doc_end = false;
	b->root = NULL;
}

static void flush(yt *p)
{
	p->bcur = p->bend = NULL;
	p->batch.docno = p->docno;
	if (p->stream(p->ud, &p->batch))
		p->stop = true;
}

void kgyt_emit_item(yt *p, const kgy_node *n, bool relation)
{
	if (p->doc_errors)
		return; /* the document is not converted past its first error */
	kgy_batch *b = &p->batch;
	if (b->n == b->cap) {
		size_t ncap = b->cap ? b->cap * 2 : 256;
		kgy_entry *ne = realloc(b->entries, ncap * sizeof *ne);
		if (!ne) {
			kgyt_oom(p);
			return;
		}
		b->entries = ne;
		b->cap = ncap;
	}
	b->entries[b->n].node = n;
	b->entries[b->n].hend = (uint32_t)b->nh;
	b->entries[b->n].relation = relation;
	b->n++;
	if (b->arena.used >= BATCH_BYTES)
		flush(p);
}

void kgyt_stream_doc_end(yt *p)
{
	if (!p->docopen)
		return;
	p->docopen = false;
	kgy_batch *b = &p->batch;
	b->root = p->doc_errors ? NULL : p->root;
	b->doc_end = true;
	kga_arena_adopt(&b->arena, &p->arena);
	p->cur = p->end = NULL;
	flush(p);
}

int kgyt_stream_list(const yt *p, const char *tag, const yaml_char_t *anc)
{
	if (!p->stream || p->depth != 1 || tag || anc)
		return -1;
	const frame *r = &p->frames[0];
	const kgy_node *k = r->key;
	if (r->node->kind != KGY_MAP || !k || r->key_is_bad || r->key_is_merge ||
	    k->kind != KGY_SCALAR || k->style != KGY_PLAIN || k->tag)
		return -1;
	if (k->u.scalar.len == 8 && memcmp(k->u.scalar.s, "entities", 8) == 0)
		return 0;
	if (k->u.scalar.len == 9 && memcmp(k->u.scalar.s, "relations", 9) == 0)
		return 1;
	return -1;
}
