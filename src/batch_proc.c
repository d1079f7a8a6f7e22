/* batch_proc.c — the batch runner's processes: scripts run in worker
 * processes forked after the graph is loaded (the graph and a snapshot's
 * mapping are shared copy-on-write), one per job; a worker runs one script
 * at a time, each in a fresh Lua state, and closes whatever files a script
 * left open before the next. The parent enforces the limits the kernel
 * can: --timeout with SIGKILL, --memory with RLIMIT_DATA over what the
 * worker starts with; a worker that crashes, hangs in C or in a finalizer
 * is killed or reaped, its script reported, and a fresh worker forked for
 * the scripts left. Results come back over a pipe; the temporary files a
 * script makes are announced on the same pipe first, so that the parent
 * removes them whatever becomes of the worker. (A process per script cost
 * 3-6 ms of faults and page-table copies a script on this machine: the
 * 200-script batch fell from 236x to 14x faster than separate runs.) */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "batch_job.h"
#include "snapshot.h"

/* Room past --memory for what a script's process needs besides its own
 * data: the drawing libraries' plugins and caches, stdio buffers. Under
 * AddressSanitizer its quarantine and redzones need far more. */
#if defined(__SANITIZE_ADDRESS__)
#define HEADROOM ((size_t)1 << 30)
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HEADROOM ((size_t)1 << 30)
#endif
#endif
#ifndef HEADROOM
#define HEADROOM ((size_t)64 << 20)
#endif

/* A child's results may not exceed this on the pipe (message, value and
 * output are each cut to KGB_KEEP_OUTPUT plus a short note). */
#define MAX_RECORD ((size_t)8 << 20)
/* Seconds past --timeout before the process is killed: the in-process
 * hook stops Lua code at the limit with a traceback; this is for C. */
#define GRACE 1.0

/* The record of a result on the pipe: tag 'R', then this, then the
 * message, value and output bytes. A temporary file: tag 'T', a uint32
 * length, the path. */
typedef struct wire {
	int32_t outcome, exit_status;
	double seconds;
	uint64_t msg_len, value_len, output_len, dropped; /* UINT64_MAX: NULL */
} wire;

/* One worker, as the parent sees it. */
typedef struct worker {
	pid_t pid;     /* 0: none */
	int cmd, res;  /* the ends the parent holds: commands to it, what it sends */
	int busy;      /* running script idx */
	int started;   /* it said it began that script */
	size_t idx;
	double start, deadline; /* of the script it runs; deadline 0: none */
	int killed;    /* the parent killed it for the time limit */
	char *buf;     /* what it sent, not yet parsed */
	size_t len, cap;
	char **tmps;   /* temporary files the current script announced */
	size_t ntmps, tmps_cap;
	int broken;    /* it sent something unreadable */
} worker;

static int result_fd = -1; /* in a child: the write end of its pipe */

/* kg_tmp_track's announcement, in a child. */
static void announce_tmp(const char *path)
{
	uint32_t n = (uint32_t)strlen(path);
	char tag = 'T';
	if (result_fd < 0 || kg_out_write(result_fd, &tag, 1) ||
	    kg_out_write(result_fd, &n, sizeof n) || kg_out_write(result_fd, path, n))
		return;
}

static uint64_t len_or_null(const char *s, size_t n)
{
	return s ? (uint64_t)n : UINT64_MAX;
}

static void send_result(int fd, const kgb_result *r)
{
	wire w = {(int32_t)r->outcome, r->exit_status, r->seconds,
		  len_or_null(r->message, r->message ? strlen(r->message) : 0),
		  len_or_null(r->value, r->value ? strlen(r->value) : 0),
		  len_or_null(r->output, r->output_len), (uint64_t)r->output_dropped};
	char tag = 'R';
	if (kg_out_write(fd, &tag, 1) || kg_out_write(fd, &w, sizeof w) ||
	    (r->message && kg_out_write(fd, r->message, (size_t)w.msg_len)) ||
	    (r->value && kg_out_write(fd, r->value, (size_t)w.value_len)))
		return;
	if (r->output)
		kg_out_write(fd, r->output, r->output_len);
}

/* VmData of this process in bytes (private writable memory), 0 if unknown. */
static size_t vm_data(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	if (!f)
		return 0;
	char line[256];
	size_t kb = 0;
	while (fgets(line, sizeof line, f))
		if (strncmp(line, "VmData:", 7) == 0) {
			kb = strtoul(line + 7, NULL, 10);
			break;
		}
	fclose(f);
	return kb << 10;
}

/* In a worker, when its snapshot is truncated under it (the SIGBUS
 * handler of snapshot_guard.c calls this, then ends the worker): the
 * script's result, an error naming the file. Async-signal-safe: fixed
 * storage and write(2) only. */
static void snapshot_changed(const char *path)
{
	static char msg[4352];
	static const char *const parts[] = {
		"the snapshot ", NULL, " changed while in use (truncated or rewritten in place); "
		"replace a snapshot by renaming a new file over it, as kg compile does"};
	size_t n = 0;
	for (int k = 0; k < 3; k++)
		for (const char *c = parts[k] ? parts[k] : path; *c && n < sizeof msg - 1; c++)
			msg[n++] = *c;
	wire w = {KGB_ERROR, -1, 0, n, UINT64_MAX, UINT64_MAX, 0};
	char tag = 'R';
	if (result_fd >= 0 && !kg_out_write(result_fd, &tag, 1) && !kg_out_write(result_fd, &w, sizeof w))
		kg_out_write(result_fd, msg, n);
}

/* LeakSanitizer's check, when the program was built with it. */
extern int __lsan_do_recoverable_leak_check(void) __attribute__((weak));

/* The file descriptors a worker starts with (the rest are a script's). */
typedef struct fdset {
	unsigned char open[1024];
} fdset;

static void fds_now(fdset *s)
{
	memset(s, 0, sizeof *s);
	DIR *d = opendir("/proc/self/fd");
	if (!d)
		return;
	int self = dirfd(d);
	struct dirent *e;
	while ((e = readdir(d))) {
		long fd = strtol(e->d_name, NULL, 10);
		if (e->d_name[0] >= '0' && e->d_name[0] <= '9' && fd != self && fd < 1024)
			s->open[fd] = 1;
	}
	closedir(d);
}

/* Closes what the last script left open (a file kept from its finalizer,
 * say), so that the next one starts with the worker's own descriptors. */
static void close_leftovers(const fdset *base)
{
	fdset now;
	fds_now(&now);
	for (int fd = 0; fd < 1024; fd++)
		if (now.open[fd] && !base->open[fd])
			close(fd);
	close_range(1024, ~0U, 0);
}

static int read_full(int fd, void *p, size_t n)
{
	char *b = p;
	while (n) {
		ssize_t r = read(fd, b, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		b += r;
		n -= (size_t)r;
	}
	return 0;
}

/* A worker: reads script indexes from cmd, runs each, sends its result on
 * res; ends when cmd closes. */
static _Noreturn void worker_main(const kgb_pool *p, int cmd, int res, pid_t parent,
				  size_t data_base)
{
	kg_tmp_forget_children();
	signal(SIGPIPE, SIG_DFL);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent) /* the parent is gone already */
		_exit(111);
	struct rlimit rl = {0, 0};
	setrlimit(RLIMIT_CORE, &rl);
	if (p->o->memory_limit && data_base) {
		size_t lim = data_base + p->o->memory_limit + HEADROOM;
		rl.rlim_cur = rl.rlim_max = lim;
		setrlimit(RLIMIT_DATA, &rl);
	}
	result_fd = res;
	kg_tmp_set_announce(announce_tmp);
	kgsn_set_changed_hook(snapshot_changed);
	fdset base;
	fds_now(&base);
	uint64_t i;
	while (read_full(cmd, &i, sizeof i) == 0 && i < p->n) {
		char began = 'S';
		if (kg_out_write(res, &began, 1))
			break;
		p->run(p->ctx, (size_t)i);
		kgb_result *r = &p->results[i];
		close_leftovers(&base);
		if (__lsan_do_recoverable_leak_check && __lsan_do_recoverable_leak_check() &&
		    r->outcome == KGB_PASS) {
			r->outcome = KGB_CRASH;
			free(r->message);
			r->message = strdup("LeakSanitizer found a leak (see stderr)");
		}
		send_result(res, r);
		free(r->message);
		free(r->value);
		free(r->output);
		r->message = r->value = r->output = NULL;
#ifdef __GLIBC__
		malloc_trim(0);
#endif
	}
	_exit(0);
}

/* ------------------------------------------------------------------ */
/* The parent's side                                                   */
/* ------------------------------------------------------------------ */

static void set_message(kgb_result *r, kgb_outcome why, const char *msg)
{
	r->outcome = why;
	free(r->message);
	r->message = strdup(msg);
}

/* Takes the records complete in c->buf; returns 1 when the result came. */
static int parse_records(worker *c, kgb_result *r, int *got)
{
	size_t off = 0;
	while (off < c->len && !c->broken) {
		char tag = c->buf[off];
		if (tag == 'S') { /* it began the script it was given */
			off++;
			c->started = 1;
		} else if (tag == 'T') {
			uint32_t n;
			if (c->len - off < 1 + sizeof n)
				break;
			memcpy(&n, c->buf + off + 1, sizeof n);
			if (n == 0 || n > 65536) {
				c->broken = 1;
				break;
			}
			if (c->len - off < 1 + sizeof n + n)
				break;
			char *path = malloc((size_t)n + 1);
			if (c->ntmps == c->tmps_cap) {
				size_t cap = c->tmps_cap ? 2 * c->tmps_cap : 8;
				char **t = realloc(c->tmps, cap * sizeof *t);
				if (t) {
					c->tmps = t;
					c->tmps_cap = cap;
				}
			}
			if (path && c->ntmps < c->tmps_cap) {
				memcpy(path, c->buf + off + 1 + sizeof n, n);
				path[n] = '\0';
				kg_tmp_track(path);
				c->tmps[c->ntmps++] = path;
			} else {
				free(path);
			}
			off += 1 + sizeof n + n;
		} else if (tag == 'R') {
			wire w;
			if (c->len - off < 1 + sizeof w)
				break;
			memcpy(&w, c->buf + off + 1, sizeof w);
			uint64_t need = 0;
			uint64_t parts[3] = {w.msg_len, w.value_len, w.output_len};
			for (int k = 0; k < 3; k++)
				if (parts[k] != UINT64_MAX) {
					if (parts[k] > MAX_RECORD)
						c->broken = 1;
					else
						need += parts[k];
				}
			if (c->broken || w.outcome < KGB_PASS || w.outcome > KGB_CRASH)
				return c->broken = 1, 0;
			if ((uint64_t)(c->len - off - 1 - sizeof w) < need)
				break;
			const char *d = c->buf + off + 1 + sizeof w;
			char **dst[3] = {&r->message, &r->value, &r->output};
			for (int k = 0; k < 3; k++) {
				free(*dst[k]);
				*dst[k] = NULL;
				if (parts[k] == UINT64_MAX)
					continue;
				if ((*dst[k] = malloc((size_t)parts[k] + 1))) {
					memcpy(*dst[k], d, (size_t)parts[k]);
					(*dst[k])[parts[k]] = '\0';
				}
				d += parts[k];
			}
			r->outcome = (kgb_outcome)w.outcome;
			r->exit_status = w.exit_status;
			r->seconds = w.seconds;
			r->output_len = r->output ? (size_t)w.output_len : 0;
			r->output_dropped = (size_t)w.dropped;
			if (w.msg_len != UINT64_MAX && !r->message)
				set_message(r, KGB_MEMORY, "out of memory");
			*got = 1;
			off = (size_t)(d - c->buf);
		} else {
			c->broken = 1;
		}
	}
	memmove(c->buf, c->buf + off, c->len - off);
	c->len -= off;
	return *got;
}

/* Reads what the child sent; 0 at EOF or on a read error. */
static int read_child(worker *c, kgb_result *r, int *got)
{
	if (c->cap - c->len < 65536) {
		size_t cap = c->cap ? 2 * c->cap : 131072;
		char *b = c->len + 65536 <= MAX_RECORD * 3 + 65536 ? realloc(c->buf, cap) : NULL;
		if (!b) {
			c->broken = 1;
			return 0;
		}
		c->buf = b;
		c->cap = cap;
	}
	ssize_t n = read(c->res, c->buf + c->len, c->cap - c->len);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 1;
	if (n <= 0)
		return 0;
	c->len += (size_t)n;
	parse_records(c, r, got);
	return !c->broken;
}

static const char *signal_name(int sig)
{
	switch (sig) {
	case SIGSEGV: return "SIGSEGV";
	case SIGBUS: return "SIGBUS";
	case SIGABRT: return "SIGABRT";
	case SIGFPE: return "SIGFPE";
	case SIGILL: return "SIGILL";
	case SIGKILL: return "SIGKILL";
	case SIGTERM: return "SIGTERM";
	case SIGPIPE: return "SIGPIPE";
	case SIGXCPU: return "SIGXCPU";
	}
	return "a signal";
}

/* The result of a child that sent none, from how it ended. */
static void describe_death(const kgb_opts *o, const worker *c, int status, const struct rusage *ru,
			   kgb_result *r)
{
	char msg[512];
	double mb = (double)ru->ru_maxrss / 1024.0;
	if (c->killed) {
		snprintf(msg, sizeof msg, "timed out after %g s (--timeout); its process was killed",
			 o->timeout);
		set_message(r, KGB_TIMEOUT, msg);
	} else if (WIFSIGNALED(status)) {
		int sig = WTERMSIG(status);
		snprintf(msg, sizeof msg, "crashed: its process died of signal %d (%s: %s)%s", sig,
			 signal_name(sig), strsignal(sig),
			 o->memory_limit ? "; it may have run out of memory (--memory)" : "");
		set_message(r, KGB_CRASH, msg);
		(void)mb;
	} else if (WIFEXITED(status) && WEXITSTATUS(status) == 99) {
		set_message(r, KGB_CRASH, "its process found a memory error or leak (sanitizer exit 99)");
	} else {
		snprintf(msg, sizeof msg, "its process ended without a result (exit status %d)%s",
			 WIFEXITED(status) ? WEXITSTATUS(status) : -1,
			 c->broken ? "; it sent an unreadable result" : "");
		set_message(r, KGB_CRASH, msg);
	}
}

static double now(void)
{
	return kgl_now();
}


/* Removes what a script left of its temporary files (all of them were
 * renamed or removed if it ended well); the worker's pid, part of each
 * temporary name, is not yet free for another process. */
static void drop_tmps(worker *w)
{
	for (size_t k = 0; k < w->ntmps; k++) {
		unlink(w->tmps[k]);
		kg_tmp_untrack(w->tmps[k]);
		free(w->tmps[k]);
	}
	w->ntmps = 0;
}

/* A worker's script is done (res: its result, complete). */
static void script_done(const kgb_pool *p, worker *w, size_t *done)
{
	drop_tmps(w);
	kgb_result *r = &p->results[w->idx];
	if (r->seconds <= 0)
		r->seconds = now() - w->start;
	w->busy = 0;
	(*done)++;
	if (p->o->progress)
		p->o->progress(p->o->progress_ud, *done, p->n, r);
}

/* Reaps a worker that ended or is to end (killed first unless it exited);
 * its script, if any, gets how it died. */
/* The scripts given back to the queue: given to a worker that died before
 * it began them (it had ended its last script and was on its way out). */
typedef struct requeue {
	size_t *v, n;
	unsigned char *tries; /* by script: each is given back once at most */
} requeue;

static void reap(const kgb_pool *p, worker *w, size_t *done, requeue *q)
{
	if (w->res >= 0)
		close(w->res);
	if (w->cmd >= 0)
		close(w->cmd);
	kill(w->pid, SIGKILL); /* it may still run (closed its pipe) */
	int status = 0;
	struct rusage ru;
	memset(&ru, 0, sizeof ru);
	while (wait4(w->pid, &status, 0, &ru) < 0 && errno == EINTR)
		;
	kg_tmp_untrack_child(w->pid);
	if (w->busy && !w->started && !w->killed && q->tries && !q->tries[w->idx]) {
		drop_tmps(w);
		q->tries[w->idx] = 1;
		q->v[q->n++] = w->idx;
	} else if (w->busy) {
		kgb_result *r = &p->results[w->idx];
		free(r->value);
		r->value = NULL;
		r->exit_status = -1;
		describe_death(p->o, w, status, &ru, r);
		r->seconds = now() - w->start;
		script_done(p, w, done);
	}
	free(w->buf);
	free(w->tmps);
	memset(w, 0, sizeof *w);
	w->cmd = w->res = -1;
}

static int spawn(const kgb_pool *p, worker *ws, size_t nws, worker *w, size_t data_base)
{
	int cmd[2], res[2];
	if (pipe2(cmd, O_CLOEXEC) != 0)
		return -1;
	if (pipe2(res, O_CLOEXEC) != 0) {
		close(cmd[0]);
		close(cmd[1]);
		return -1;
	}
	fflush(NULL); /* nothing buffered is written twice */
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid < 0) {
		int e = errno;
		close(cmd[0]), close(cmd[1]), close(res[0]), close(res[1]);
		errno = e;
		return -1;
	}
	if (pid == 0) {
		close(cmd[1]);
		close(res[0]);
		for (size_t k = 0; k < nws; k++)
			if (ws[k].pid > 0) {
				close(ws[k].cmd);
				close(ws[k].res);
			}
		worker_main(p, cmd[0], res[1], parent, data_base);
	}
	close(cmd[0]);
	close(res[1]);
	kg_tmp_track_child(pid);
	memset(w, 0, sizeof *w);
	w->pid = pid;
	w->cmd = cmd[1];
	w->res = res[0];
	return 0;
}

/* Reads what a worker sent; 0 at EOF or on a read error. */
static int read_worker(const kgb_pool *p, worker *w, size_t *done)
{
	int got = 0;
	int alive = read_child(w, &p->results[w->idx], &got);
	if (got && w->busy && !w->killed)
		script_done(p, w, done);
	return alive && (!got || w->len == 0);
}

int kgb_run_pool(kgb_pool *p)
{
	size_t n = p->n, jobs = p->o->jobs ? p->o->jobs : 1;
	if (jobs > KGB_MAX_JOBS)
		jobs = KGB_MAX_JOBS;
	if (jobs > n)
		jobs = n;
	worker ws[KGB_MAX_JOBS];
	struct pollfd pfd[KGB_MAX_JOBS];
	for (size_t k = 0; k < KGB_MAX_JOBS; k++) {
		memset(&ws[k], 0, sizeof ws[k]);
		ws[k].cmd = ws[k].res = -1;
	}
	size_t data_base = p->o->memory_limit ? vm_data() : 0;
	size_t next = 0, done = 0;
	requeue q = {malloc(n * sizeof(size_t) + 1), 0, calloc(n + 1, 1)};
	if (!q.v || !q.tries) { /* then a script whose worker dies early fails */
		free(q.v), free(q.tries);
		q.v = NULL, q.tries = NULL;
	}
	int start_err = 0;
	/* a worker that died idle must not take the runner with it */
	struct sigaction ign, old_pipe;
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &ign, &old_pipe);
	while (done < n) {
		/* give each idle worker (forked when missing) the next script */
		for (size_t k = 0; k < jobs && (next < n || q.n); k++) {
			worker *w = &ws[k];
			if (w->busy)
				continue;
			if (!w->pid && spawn(p, ws, jobs, w, data_base) != 0) {
				start_err = errno ? errno : EAGAIN;
				continue;
			}
			uint64_t i = q.n ? q.v[--q.n] : next++;
			w->busy = 1;
			w->started = 0;
			w->idx = (size_t)i;
			w->killed = 0;
			w->start = now();
			w->deadline = p->o->timeout > 0 ? w->start + p->o->timeout + GRACE : 0;
			if (kg_out_write(w->cmd, &i, sizeof i)) /* it died idle: requeued, refork */
				reap(p, w, &done, &q);
		}
		size_t busy = 0;
		for (size_t k = 0; k < jobs; k++)
			busy += ws[k].busy;
		if (busy == 0 && (next < n || q.n) && start_err) { /* no process can be made */
			char msg[256];
			snprintf(msg, sizeof msg, "cannot start a process for it: %s", strerror(start_err));
			while (next < n || q.n) {
				size_t i = q.n ? q.v[--q.n] : next++;
				set_message(&p->results[i], KGB_CRASH, msg);
				done++;
				if (p->o->progress)
					p->o->progress(p->o->progress_ud, done, n, &p->results[i]);
			}
			break;
		}
		double t = now(), wait = -1;
		size_t np = 0;
		for (size_t k = 0; k < jobs; k++) {
			worker *w = &ws[k];
			if (!w->busy)
				continue;
			if (w->deadline > 0) {
				double left = w->deadline - t;
				if (left <= 0 && !w->killed) {
					w->killed = 1;
					kill(w->pid, SIGKILL);
				}
				if (left < 0)
					left = 0;
				if (wait < 0 || left < wait)
					wait = left;
			}
			pfd[np].fd = w->res;
			pfd[np].events = POLLIN;
			pfd[np].revents = 0;
			np++;
		}
		if (np == 0)
			continue;
		int ms = wait < 0 ? -1 : (int)(wait * 1000.0) + 1;
		if (poll(pfd, np, ms) < 0 && errno != EINTR) {
			int e = errno;
			for (size_t k = 0; k < jobs; k++)
				if (ws[k].pid)
					reap(p, &ws[k], &done, &q);
			sigaction(SIGPIPE, &old_pipe, NULL);
			free(q.v), free(q.tries);
			errno = e;
			return -1;
		}
		np = 0;
		for (size_t k = 0; k < jobs; k++) {
			worker *w = &ws[k];
			if (!w->busy)
				continue;
			short ev = pfd[np++].revents;
			if ((ev & (POLLIN | POLLHUP | POLLERR)) && !read_worker(p, w, &done))
				reap(p, w, &done, &q);
		}
	}
	/* the workers end when their command pipes close */
	for (size_t k = 0; k < jobs; k++)
		if (ws[k].pid) {
			close(ws[k].cmd);
			ws[k].cmd = -1;
		}
	for (size_t k = 0; k < jobs; k++)
		if (ws[k].pid) {
			int status;
			while (waitpid(ws[k].pid, &status, 0) < 0 && errno == EINTR)
				;
			kg_tmp_untrack_child(ws[k].pid);
			close(ws[k].res);
			free(ws[k].buf);
			free(ws[k].tmps);
		}
	sigaction(SIGPIPE, &old_pipe, NULL);
	free(q.v), free(q.tries);
	return 0;
}
