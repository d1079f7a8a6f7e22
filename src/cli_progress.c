/* cli_progress.c — the progress line on stderr (see cli_progress.h): the
 * drawing every command shares, and the thread that draws the counters of
 * long work (loading, compiling, exporting) ten times a second. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "cli_progress.h"

#define TICK_MS 100          /* redraws: ten a second */
#define AFTER_MS 1000        /* work shorter than this shows nothing */

static size_t shown; /* bytes of the line on the terminal; 0: none */

bool kgc_progress_wanted(void)
{
	const char *v = getenv("KG_PROGRESS");
	return isatty(STDERR_FILENO) && !(v && strcmp(v, "0") == 0);
}

static size_t columns(void)
{
	struct winsize ws;
	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 10)
		return ws.ws_col;
	return 80;
}

/* The line is redrawn over itself with a carriage return, what is left of
 * a longer one blanked with spaces: no escape sequence, so a dumb
 * terminal shows it as well. It stays one column short of the width so
 * that it never wraps. */
void kgc_progress_draw(const char *text)
{
	size_t max = columns() - 1, n = strlen(text);
	if (n > max) {
		n = max;
		while (n && ((unsigned char)text[n] & 0xC0) == 0x80)
			n--; /* not inside a UTF-8 character */
	}
	char line[1024];
	if (n > sizeof line)
		n = sizeof line;
	for (size_t i = 0; i < n; i++)
		line[i] = (unsigned char)text[i] < 0x20 || text[i] == 0x7f ? '?' : text[i];
	fputc('\r', stderr);
	fwrite(line, 1, n, stderr);
	for (size_t i = n; i < shown && i < max; i++)
		fputc(' ', stderr);
	fflush(stderr);
	shown = n;
}

void kgc_progress_clear(void)
{
	if (!shown)
		return;
	fputc('\r', stderr);
	for (size_t i = 0; i < shown; i++)
		fputc(' ', stderr);
	fputc('\r', stderr);
	fflush(stderr);
	shown = 0;
}

/* ---------------------------------------------------------------- */
/* Long work: a thread draws its counters                            */
/* ---------------------------------------------------------------- */

static struct {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_t th;
	bool active, stop, drawn;
	kg_progress pr;
	const char *label;
	struct timespec t0; /* CLOCK_MONOTONIC at begin */
	long after_ms;
} tk = {.mu = PTHREAD_MUTEX_INITIALIZER};

static uint64_t get(const uint64_t *v)
{
	return __atomic_load_n(v, __ATOMIC_RELAXED);
}

static double since(const struct timespec *t0)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

/* A short number: 3 digits or so ("7.5", "36", "412k", "1.2M"), so that
 * the line fits 80 columns. */
static const char *brief(double v, char b[16])
{
	if (v < 10)
		snprintf(b, 16, "%.1f", v);
	else if (v < 10000)
		snprintf(b, 16, "%.0f", v);
	else if (v < 1e6)
		snprintf(b, 16, "%.0fk", v / 1e3);
	else
		snprintf(b, 16, "%.1fM", v / 1e6);
	return b;
}

/* "kg: reading: 12/100 files, 36/300 MB, 25 MB/s, 412k items, 1.4 s":
 * what is unknown or zero is left out. */
static void render(char *buf, size_t sz)
{
	static const char *const phases[] = {
		[KG_PHASE_READ] = "reading", [KG_PHASE_CHECK] = "checking references",
		[KG_PHASE_INDEX] = "indexing", [KG_PHASE_SNAPSHOT] = "reading the snapshot",
	};
	const kg_progress *p = &tk.pr;
	int ph = __atomic_load_n(&p->phase, __ATOMIC_RELAXED);
	uint64_t files = get(&p->files), ftotal = get(&p->files_total);
	uint64_t bytes = get(&p->bytes), btotal = get(&p->bytes_total), items = get(&p->items);
	double secs = since(&tk.t0);
	const char *what = ph > KG_PHASE_NONE && ph <= KG_PHASE_SNAPSHOT ? phases[ph] : tk.label;
	size_t n = (size_t)snprintf(buf, sz, "kg: %s:", what);
	const char *sep = " ";
#define ADD(...)                                                               \
	do {                                                                   \
		if (n < sz)                                                    \
			n += (size_t)snprintf(buf + n, sz - n, __VA_ARGS__);   \
		sep = ", ";                                                    \
	} while (0)
	if (ftotal)
		ADD("%s%llu/%llu files", sep, (unsigned long long)files, (unsigned long long)ftotal);
	else if (files)
		ADD("%s%llu file%s", sep, (unsigned long long)files, files == 1 ? "" : "s");
	char b1[16], b2[16];
	if (btotal)
		ADD("%s%s/%s MB", sep, brief((double)bytes / 1e6, b1), brief((double)btotal / 1e6, b2));
	else if (bytes)
		ADD("%s%s MB", sep, brief((double)bytes / 1e6, b1));
	if (bytes && secs >= 0.25)
		ADD("%s%s MB/s", sep, brief((double)bytes / 1e6 / secs, b1));
	if (items && items < 10000)
		ADD("%s%llu items", sep, (unsigned long long)items);
	else if (items)
		ADD("%s%s items", sep, brief((double)items, b1));
	ADD("%s%s s", sep, brief(secs, b1));
#undef ADD
}

static void draw_now(void)
{
	char buf[512];
	render(buf, sizeof buf);
	kgc_progress_draw(buf);
	tk.drawn = true;
}

static void add_ms(struct timespec *t, long ms)
{
	t->tv_sec += ms / 1000;
	t->tv_nsec += (ms % 1000) * 1000000L;
	if (t->tv_nsec >= 1000000000L) {
		t->tv_sec++;
		t->tv_nsec -= 1000000000L;
	}
}

static void *tick(void *ud)
{
	(void)ud;
	struct timespec next = tk.t0;
	add_ms(&next, tk.after_ms > 0 ? tk.after_ms : TICK_MS);
	pthread_mutex_lock(&tk.mu);
	while (!tk.stop) {
		if (pthread_cond_timedwait(&tk.cv, &tk.mu, &next) != ETIMEDOUT)
			continue;
		/* drawn with the lock held: kgc_progress_end waits for a line
		 * being drawn, then clears it */
		draw_now();
		clock_gettime(CLOCK_MONOTONIC, &next);
		add_ms(&next, TICK_MS);
	}
	pthread_mutex_unlock(&tk.mu);
	return NULL;
}

/* KG_PROGRESS_AFTER_MS: a whole number of milliseconds (tests use 0);
 * anything else is the default. */
static long after_ms(void)
{
	const char *v = getenv("KG_PROGRESS_AFTER_MS");
	char *end;
	long ms = v && *v ? strtol(v, &end, 10) : -1;
	return v && *v && !*end && ms >= 0 && ms <= 3600000 ? ms : AFTER_MS;
}

kg_progress *kgc_progress_begin(const char *label)
{
	if (tk.active || !kgc_progress_wanted())
		return NULL;
	memset(&tk.pr, 0, sizeof tk.pr);
	tk.label = label;
	tk.stop = tk.drawn = false;
	tk.after_ms = after_ms();
	pthread_condattr_t ca;
	if (pthread_condattr_init(&ca) != 0)
		return NULL;
	int ok = pthread_condattr_setclock(&ca, CLOCK_MONOTONIC) == 0 &&
		 pthread_cond_init(&tk.cv, &ca) == 0;
	pthread_condattr_destroy(&ca);
	if (!ok)
		return NULL;
	clock_gettime(CLOCK_MONOTONIC, &tk.t0);
	/* with no wait asked for, the first line is drawn before the work
	 * starts, however short it turns out */
	if (tk.after_ms == 0)
		draw_now();
	if (pthread_create(&tk.th, NULL, tick, NULL) != 0) {
		pthread_cond_destroy(&tk.cv);
		kgc_progress_clear();
		return NULL;
	}
	tk.active = true;
	return &tk.pr;
}

void kgc_progress_end(void)
{
	if (!tk.active)
		return;
	pthread_mutex_lock(&tk.mu);
	tk.stop = true;
	pthread_cond_signal(&tk.cv);
	pthread_mutex_unlock(&tk.mu);
	pthread_join(tk.th, NULL);
	pthread_cond_destroy(&tk.cv);
	tk.active = false;
	/* the work's last state, once a line has been shown at all, then
	 * the terminal left clean */
	if (tk.drawn)
		draw_now();
	kgc_progress_clear();
}
