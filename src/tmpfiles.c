/* tmpfiles.c — how kg writes every output file: to a temporary file beside
 * it, renamed into place (kg_out_*), the temporary files remembered so
 * that an interrupted run removes them: an output appears whole or not at
 * all, even on SIGINT or SIGTERM. Also the child processes of a batch run,
 * which an interrupted run stops first, and reading a whole file
 * (kg_read_all) for scripts and schemas. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kg.h"

/* The tracked paths: a list that only grows, of nodes never freed, so the
 * signal handler walks it without locks or malloc. A node whose path was
 * untracked is marked unused and reused for a path that fits. Nodes are
 * published (head) only after they are filled in; `used` is set last. */
typedef struct tnode {
	struct tnode *next;
	volatile sig_atomic_t used;
	size_t cap;
	char path[];
} tnode;

static tnode *_Atomic head;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER; /* guards changes, not reads */

/* Child processes to stop before the files are removed (a batch run). */
#define MAX_CHILDREN 512
static volatile pid_t children[MAX_CHILDREN];

static void (*announce)(const char *path);

void kg_tmp_set_announce(void (*fn)(const char *path))
{
	announce = fn;
}

void kg_tmp_track(const char *path)
{
	size_t len = strlen(path);
	if (announce)
		announce(path);
	pthread_mutex_lock(&mu);
	tnode *n = NULL;
	for (tnode *t = head; t; t = t->next)
		if (!t->used && t->cap > len) {
			n = t;
			break;
		}
	if (!n) {
		size_t cap = len < 200 ? 256 : len + 1;
		n = malloc(sizeof *n + cap);
		if (!n) { /* nothing to remove it by: it may be left on a signal */
			pthread_mutex_unlock(&mu);
			return;
		}
		n->used = 0;
		n->cap = cap;
		memcpy(n->path, path, len + 1);
		n->next = head;
		__atomic_store_n(&n->used, 1, __ATOMIC_RELEASE);
		head = n;
	} else {
		memcpy(n->path, path, len + 1);
		__atomic_store_n(&n->used, 1, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&mu);
}

void kg_tmp_untrack(const char *path)
{
	pthread_mutex_lock(&mu);
	for (tnode *t = head; t; t = t->next)
		if (t->used && strcmp(t->path, path) == 0) {
			__atomic_store_n(&t->used, 0, __ATOMIC_RELEASE);
			break;
		}
	pthread_mutex_unlock(&mu);
}

void kg_tmp_remove_all(void)
{
	for (tnode *t = head; t; t = t->next)
		if (__atomic_load_n(&t->used, __ATOMIC_ACQUIRE))
			unlink(t->path);
}

int kg_tmp_track_child(pid_t pid)
{
	for (int i = 0; i < MAX_CHILDREN; i++)
		if (__sync_bool_compare_and_swap(&children[i], 0, pid))
			return 0;
	return -1;
}

void kg_tmp_untrack_child(pid_t pid)
{
	for (int i = 0; i < MAX_CHILDREN; i++)
		if (children[i] == pid) {
			children[i] = 0;
			return;
		}
}

void kg_tmp_forget_children(void)
{
	for (int i = 0; i < MAX_CHILDREN; i++)
		children[i] = 0;
}

/* Passes sig on to the tracked children and waits for them (each removes
 * its own files), at most about two seconds; then kills what is left.
 * Async-signal-safe. */
static void stop_children(int sig)
{
	int any = 0;
	for (int i = 0; i < MAX_CHILDREN; i++)
		if (children[i] > 0 && kill(children[i], sig) == 0)
			any = 1;
	for (int round = 0; any && round < 200; round++) {
		any = 0;
		for (int i = 0; i < MAX_CHILDREN; i++) {
			pid_t p = children[i];
			if (p <= 0)
				continue;
			pid_t w = waitpid(p, NULL, WNOHANG);
			if (w == p || (w < 0 && errno == ECHILD))
				children[i] = 0;
			else
				any = 1;
		}
		struct timespec ts = {0, 10 * 1000 * 1000};
		if (any)
			nanosleep(&ts, NULL);
	}
	for (int i = 0; i < MAX_CHILDREN; i++)
		if (children[i] > 0) {
			kill(children[i], SIGKILL);
			waitpid(children[i], NULL, 0);
			children[i] = 0;
		}
}

/* Async-signal-safe: kill, waitpid, nanosleep, unlink and raise only. */
static void on_signal(int sig)
{
	stop_children(sig);
	kg_tmp_remove_all();
	signal(sig, SIG_DFL);
	raise(sig);
}

void kg_tmp_on_signals(void)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
	for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_signal;
		sigemptyset(&sa.sa_mask);
		/* a signal already ignored (nohup) stays ignored */
		struct sigaction old;
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
}

/* ------------------------------------------------------------------ */
/* Writing an output whole or not at all                               */
/* ------------------------------------------------------------------ */

int kg_out_open(const char *final, char **tmp)
{
	static unsigned counter; /* only makes names differ; O_EXCL guards */
	const char *slash = strrchr(final, '/');
	size_t dl = slash ? (size_t)(slash - final) + 1 : 0, len = strlen(final) + 64;
	char *t = malloc(len);
	if (!t) {
		errno = ENOMEM;
		return -1;
	}
	/* same directory, so the rename is atomic; O_EXCL makes the file ours
	 * alone, and open's mode lets the umask apply as for any new file */
	for (int try = 0; try < 100; try++) {
		snprintf(t, len, "%.*s.%s.tmp.%ld.%u", (int)dl, final, final + dl, (long)getpid(),
			 __atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED));
		kg_tmp_track(t); /* before it exists: a signal then removes it */
		int fd = open(t, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd >= 0) {
			*tmp = t;
			return fd;
		}
		kg_tmp_untrack(t);
		if (errno != EEXIST)
			break;
	}
	int e = errno;
	free(t);
	errno = e;
	return -1;
}

int kg_out_write(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	while (len) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return w < 0 ? errno : EIO;
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

int kg_out_close(int fd, char *tmp, const char *final, int err, int sync)
{
	if (fd >= 0 && !err && sync && fsync(fd) < 0)
		err = errno;
	if (fd >= 0 && close(fd) < 0 && !err)
		err = errno;
	if (!err && rename(tmp, final) < 0)
		err = errno;
	if (err)
		unlink(tmp);
	kg_tmp_untrack(tmp);
	free(tmp);
	return err;
}

int kg_out_write_file(const char *final, const void *buf, size_t len, int sync)
{
	char *tmp;
	int fd = kg_out_open(final, &tmp);
	if (fd < 0)
		return errno ? errno : EIO;
	return kg_out_close(fd, tmp, final, kg_out_write(fd, buf, len), sync);
}

char *kg_read_all(FILE *f, size_t max, size_t *len)
{
	size_t cap = 1 << 14, n = 0;
	char *buf = malloc(cap + 1);
	while (buf) {
		n += fread(buf + n, 1, cap - n, f);
		if (n < cap || ferror(f))
			break;
		char *bigger = cap < max ? realloc(buf, cap * 2 + 1) : NULL;
		if (!bigger) {
			free(buf);
			buf = NULL;
			errno = cap < max ? ENOMEM : EFBIG;
			break;
		}
		buf = bigger;
		cap *= 2;
	}
	if (buf && ferror(f)) {
		free(buf);
		buf = NULL;
		errno = EIO;
	}
	if (buf) {
		buf[n] = '\0';
		*len = n;
	}
	return buf;
}
