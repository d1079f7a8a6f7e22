/* measure.c — runs a command and reports its wall time, CPU time and peak RSS (wait4), for scripts/bench.sh. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char usage[] =
	"usage: measure [-o FILE] [-q] [--] COMMAND [ARG...]\n"
	"Runs COMMAND and prints one line:\n"
	"  wall_s=SECONDS user_s=SECONDS sys_s=SECONDS maxrss_kb=KB status=N\n"
	"on stderr, or appended to FILE with -o. -q sends the command's stdout to\n"
	"/dev/null. Exits with the command's status (128+N when killed by signal N,\n"
	"127 when it could not be started, 2 on wrong usage).\n";

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double tv_seconds(struct timeval tv)
{
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

int main(int argc, char **argv)
{
	const char *outpath = NULL;
	int quiet = 0, i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		} else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
			outpath = argv[++i];
		} else if (strcmp(argv[i], "-q") == 0) {
			quiet = 1;
		} else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			fputs(usage, stdout);
			return 0;
		} else {
			fputs(usage, stderr);
			return 2;
		}
	}
	if (i >= argc) {
		fputs(usage, stderr);
		return 2;
	}

	double t0 = now();
	pid_t pid = fork();
	if (pid < 0) {
		fprintf(stderr, "measure: fork: %s\n", strerror(errno));
		return 127;
	}
	if (pid == 0) {
		if (quiet) {
			int fd = open("/dev/null", O_WRONLY);
			if (fd >= 0) {
				dup2(fd, 1);
				close(fd);
			}
		}
		execvp(argv[i], argv + i);
		fprintf(stderr, "measure: %s: %s\n", argv[i], strerror(errno));
		_exit(127);
	}

	int st = 0;
	struct rusage ru;
	memset(&ru, 0, sizeof ru);
	pid_t w;
	do
		w = wait4(pid, &st, 0, &ru);
	while (w < 0 && errno == EINTR);
	double wall = now() - t0;
	if (w < 0) {
		fprintf(stderr, "measure: wait4: %s\n", strerror(errno));
		return 127;
	}
	int status = WIFEXITED(st) ? WEXITSTATUS(st) : WIFSIGNALED(st) ? 128 + WTERMSIG(st) : 127;

	FILE *out = stderr;
	if (outpath) {
		out = fopen(outpath, "a");
		if (!out) {
			fprintf(stderr, "measure: %s: %s\n", outpath, strerror(errno));
			return 127;
		}
	}
	fprintf(out, "wall_s=%.6f user_s=%.6f sys_s=%.6f maxrss_kb=%ld status=%d\n", wall,
		tv_seconds(ru.ru_utime), tv_seconds(ru.ru_stime), ru.ru_maxrss, status);
	if (outpath && fclose(out) != 0) {
		fprintf(stderr, "measure: %s: %s\n", outpath, strerror(errno));
		return 127;
	}
	return status;
}
