/* tmpfiles.c — the temporary files kg writes outputs through (then renames
 * into place), remembered so that an interrupted run removes them: an
 * output appears whole or not at all, even on SIGINT or SIGTERM. */
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "kg.h"

#define SLOTS 256

/* Fixed storage, so the signal handler reads it without locks or malloc. */
static char paths[SLOTS][PATH_MAX];
static volatile sig_atomic_t used[SLOTS];
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

void kg_tmp_track(const char *path)
{
	size_t len = strlen(path);
	if (len >= PATH_MAX)
		return;
	pthread_mutex_lock(&mu);
	for (int i = 0; i < SLOTS; i++)
		if (!used[i]) {
			memcpy(paths[i], path, len + 1);
			used[i] = 1;
			break;
		}
	pthread_mutex_unlock(&mu);
}

void kg_tmp_untrack(const char *path)
{
	pthread_mutex_lock(&mu);
	for (int i = 0; i < SLOTS; i++)
		if (used[i] && strcmp(paths[i], path) == 0) {
			used[i] = 0;
			break;
		}
	pthread_mutex_unlock(&mu);
}

void kg_tmp_remove_all(void)
{
	for (int i = 0; i < SLOTS; i++)
		if (used[i])
			unlink(paths[i]);
}

/* Async-signal-safe: unlink and raise only. */
static void on_signal(int sig)
{
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
