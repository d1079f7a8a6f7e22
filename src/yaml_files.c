/* yaml_files.c — a graph's files parsed on two threads and converted in
 * file order by whichever thread is free (see yaml_files.h). */
#include "yaml_files.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Bytes of parsed batches that may wait for their turn before the thread
 * that reads ahead stops reading and converts (or waits). */
#define AHEAD_BYTES ((size_t)16 << 20)
/* Converted batches kept, emptied, for the parsers to fill again: their
 * arenas keep one block each, already faulted in (yaml_stream.c). */
#define SPARES 8

typedef struct qbatch {
	struct qbatch *next;
	kgy_batch b;
} qbatch;

/* The batches of one file, in the order read. */
typedef struct file_q {
	qbatch *head, *tail;
	int parsed; /* its parser has finished with it */
} file_q;

typedef struct sched {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	const char *const *paths;
	size_t n;
	const kg_limits *lim;
	kgyf_convert_fn convert;
	void *ud;
	int solo;           /* one thread does everything */
	file_q *files;      /* n */
	size_t next;        /* the next file to claim for parsing */
	size_t conv;        /* the file whose batches are converted now */
	int conv_busy;      /* a thread is converting */
	size_t queued;      /* bytes of batches waiting */
	int stop;           /* conversion asked to stop, or out of memory */
	int held;           /* threads waiting in take_batch (the read-ahead is full) */
	int idle;           /* threads waiting in work() for something to do */
	int oom;
	qbatch *spare;      /* converted batches to fill again (SPARES at most) */
	int nspare;
} sched;

typedef struct worker {
	sched *s;
	kg_diags *diags;    /* the parse errors of this thread's files */
	size_t file;        /* the file it is parsing */
} worker;

/* With s->mu held: converts the next batch in file order if there is one
 * and nobody else is converting (the lock is let go meanwhile). */
static int try_convert(sched *s)
{
	while (s->conv < s->n && s->files[s->conv].parsed && !s->files[s->conv].head) {
		s->conv++;
		pthread_cond_broadcast(&s->cv);
	}
	if (s->stop || s->conv_busy || s->conv >= s->n || !s->files[s->conv].head)
		return 0;
	file_q *f = &s->files[s->conv];
	qbatch *q = f->head;
	if (!(f->head = q->next))
		f->tail = NULL;
	s->queued -= q->b.arena.total;
	s->conv_busy = 1;
	uint32_t file = (uint32_t)s->conv;
	pthread_mutex_unlock(&s->mu);
	int stop = s->convert(s->ud, file, &q->b);
	kgy_batch_reset(&q->b);
	pthread_mutex_lock(&s->mu);
	s->conv_busy = 0;
	if (s->nspare < SPARES) {
		q->next = s->spare;
		s->spare = q;
		s->nspare++;
	} else {
		kgy_batch_free(&q->b);
		free(q);
	}
	if (stop)
		s->stop = 1;
	/* Waking is for a thread held up by the read-ahead, or an idle one
	 * that now has a batch to convert or a file to read: a thread that
	 * converts its own batches one by one (a file of many small
	 * documents) would otherwise wake the other for nothing each time. */
	if (s->held || (s->idle && (s->stop || s->conv >= s->n || s->files[s->conv].head ||
				    (s->next < s->n && s->queued <= AHEAD_BYTES))))
		pthread_cond_broadcast(&s->cv);
	return 1;
}

/* kgy_batch_fn: queues a parsed batch; a thread far enough ahead helps
 * converting, or waits, before it reads on. */
static int take_batch(void *ud, kgy_batch *b)
{
	worker *w = ud;
	sched *s = w->s;
	pthread_mutex_lock(&s->mu);
	qbatch *q = s->stop ? NULL : s->spare;
	kgy_batch fresh;
	if (q) {
		s->spare = q->next;
		s->nspare--;
		fresh = q->b; /* emptied by try_convert */
	} else if (!s->stop && (q = malloc(sizeof *q)) != NULL) {
		kgy_batch_init(&fresh);
	}
	if (q) {
		q->next = NULL;
		q->b = *b;
		*b = fresh;
		file_q *f = &s->files[w->file];
		if (f->tail)
			f->tail->next = q;
		else
			f->head = q;
		f->tail = q;
		s->queued += q->b.arena.total;
		/* The thread reading the file being converted converts its
		 * own batch at once, its tree still in the cache, unless the
		 * other thread is converting; otherwise the batch waits. */
		if (w->file != s->conv || s->conv_busy || !try_convert(s))
			pthread_cond_broadcast(&s->cv);
	} else {
		if (!s->stop)
			s->oom = s->stop = 1;
		kgy_batch_reset(b);
	}
	while (!s->stop && (s->solo || s->queued > AHEAD_BYTES)) {
		if (try_convert(s))
			continue;
		/* the file being converted is held up only while another
		 * thread converts (its batches are the ones everybody waits
		 * for); without that, one file read faster than it is
		 * converted, say of many small documents, queued without
		 * bound */
		if (s->solo || (w->file == s->conv && !s->conv_busy))
			break;
		s->held++;
		pthread_cond_wait(&s->cv, &s->mu);
		s->held--;
	}
	int stop = s->stop;
	pthread_mutex_unlock(&s->mu);
	return stop;
}

static void *work(void *ud)
{
	worker *w = ud;
	sched *s = w->s;
	pthread_mutex_lock(&s->mu);
	for (;;) {
		if (s->stop)
			break;
		if (try_convert(s))
			continue;
		if (s->conv >= s->n)
			break;
		if (s->next < s->n && (s->queued <= AHEAD_BYTES || s->next == s->conv)) {
			w->file = s->next++;
			pthread_mutex_unlock(&s->mu);
			kgy_parse_file_stream(s->paths[w->file], s->lim, w->diags, take_batch, w);
			pthread_mutex_lock(&s->mu);
			s->files[w->file].parsed = 1;
			pthread_cond_broadcast(&s->cv);
			continue;
		}
		s->idle++;
		pthread_cond_wait(&s->cv, &s->mu);
		s->idle--;
	}
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
	return NULL;
}

int kgyf_read(const char *const *paths, size_t n, const kg_limits *lim, int threads,
	      kg_diags *diags, kgyf_convert_fn convert, void *ud)
{
	sched s;
	memset(&s, 0, sizeof s);
	s.paths = paths;
	s.n = n;
	s.lim = lim;
	s.convert = convert;
	s.ud = ud;
	worker w[2];
	memset(w, 0, sizeof w);
	int ok = (s.files = calloc(n ? n : 1, sizeof *s.files)) != NULL;
	for (int i = 0; i < 2 && ok; i++) {
		w[i].s = &s;
		ok = (w[i].diags = kg_diags_new()) != NULL;
	}
	int have_mu = ok && pthread_mutex_init(&s.mu, NULL) == 0;
	if (!have_mu || pthread_cond_init(&s.cv, NULL) != 0) {
		if (have_mu)
			pthread_mutex_destroy(&s.mu);
		free(s.files);
		kg_diags_free(&w[0].diags);
		kg_diags_free(&w[1].diags);
		kg_diags_add(diags, KG_ERROR, NULL, 0, 0, "out of memory while loading the graph");
		return -1;
	}
	pthread_t th;
	int two = threads > 1 && n > 0 && pthread_create(&th, NULL, work, &w[1]) == 0;
	if (!two)
		s.solo = 1; /* no other thread runs: no lock needed */
	work(&w[0]);
	if (two)
		pthread_join(th, NULL);
	/* batches left after a stop, and the spares */
	for (qbatch *q = s.spare, *next; q; q = next) {
		next = q->next;
		kgy_batch_free(&q->b);
		free(q);
	}
	for (size_t i = 0; i < n; i++) {
		for (qbatch *q = s.files[i].head, *next; q; q = next) {
			next = q->next;
			kgy_batch_free(&q->b);
			free(q);
		}
	}
	free(s.files);
	pthread_cond_destroy(&s.cv);
	pthread_mutex_destroy(&s.mu);
	for (int i = 0; i < 2; i++) {
		kg_diags_merge(diags, w[i].diags);
		kg_diags_free(&w[i].diags);
	}
	if (s.oom) {
		kg_diags_add(diags, KG_ERROR, NULL, 0, 0, "out of memory while loading the graph");
		return -1;
	}
	return 0;
}
