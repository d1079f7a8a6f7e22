/* snapshot_guard.c — the snapshots mapped in this process, kept in fixed
 * storage for a SIGBUS handler. A snapshot truncated while it is in use
 * makes the next read of a page past its new end fault with SIGBUS; the
 * handler turns that into a clear error and exit status 1 instead of a
 * crash (a fault anywhere else keeps its usual effect). */
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "snapshot.h"

#define SLOTS 128      /* snapshots mapped at once */
#define PATH_KEPT 1024 /* bytes of a path kept for the message */

/* Written under mu, then published by used (release); the handler reads
 * used (acquire) and then the rest: no lock, no malloc. */
static struct slot {
	uintptr_t lo, hi;     /* the mapping, whole pages */
	char path[PATH_KEPT]; /* NUL-terminated, cut short when longer */
	atomic_int used;
} slots[SLOTS];
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static _Atomic(kgsn_changed_fn) hook;
static struct sigaction previous; /* SIGBUS's action before ours */

void kgsn_set_changed_hook(kgsn_changed_fn fn) { atomic_store(&hook, fn); }

static void say(const char *s) { (void)!write(2, s, strlen(s)); }

static void on_sigbus(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	uintptr_t a = (uintptr_t)si->si_addr;
	for (int i = 0; i < SLOTS; i++) {
		struct slot *s = &slots[i];
		if (!atomic_load_explicit(&s->used, memory_order_acquire) || a < s->lo || a >= s->hi)
			continue;
		kgsn_changed_fn fn = atomic_load(&hook);
		if (fn) {
			fn(s->path);
		} else {
			say(s->path);
			say(": error: the snapshot changed while in use (truncated or rewritten in "
			    "place); replace a snapshot by renaming a new file over it, as kg compile "
			    "does\n");
		}
		kg_tmp_remove_all();
		_exit(KG_EXIT_INVALID);
	}
	/* Not a snapshot's: the action before ours takes it. A fault comes
	 * back when the instruction runs again; a sent signal is sent again. */
	sigaction(SIGBUS, &previous, NULL);
	if (si->si_code <= 0)
		raise(sig);
}

static void install(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_sigbus;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, &previous);
}

bool kgsn_guard(const char *path, const void *base, size_t len)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, install);
	long page = sysconf(_SC_PAGESIZE);
	size_t pg = page > 0 ? (size_t)page : 4096;
	bool ok = false;
	pthread_mutex_lock(&mu);
	for (int i = 0; i < SLOTS && !ok; i++) {
		struct slot *s = &slots[i];
		if (atomic_load(&s->used))
			continue;
		s->lo = (uintptr_t)base;
		s->hi = s->lo + (len + pg - 1) / pg * pg;
		size_t n = strlen(path);
		if (n >= PATH_KEPT) { /* the end of a path says most */
			memcpy(s->path, "...", 3);
			memcpy(s->path + 3, path + n - (PATH_KEPT - 4), PATH_KEPT - 4);
			s->path[PATH_KEPT - 1] = '\0';
		} else {
			memcpy(s->path, path, n + 1);
		}
		atomic_store_explicit(&s->used, 1, memory_order_release);
		ok = true;
	}
	pthread_mutex_unlock(&mu);
	return ok;
}

void kgsn_unmap(void *base, size_t len)
{
	if (!base)
		return;
	pthread_mutex_lock(&mu);
	for (int i = 0; i < SLOTS; i++)
		if (atomic_load(&slots[i].used) && slots[i].lo == (uintptr_t)base) {
			atomic_store(&slots[i].used, 0);
			break;
		}
	pthread_mutex_unlock(&mu);
	munmap(base, len);
}
