/*
 * bench/timer.c: wall time of a short command, for the start-up case of
 * `make bench` (/usr/bin/time only resolves 10 ms).
 *
 *   timer RUNS CMD [ARG...]
 *
 * runs CMD once to warm the page cache, then RUNS times, each with stdout
 * and stderr on /dev/null, timing from just before fork() to just after
 * waitpid() returns with CLOCK_MONOTONIC, and prints
 *
 *   runs R median_ms M min_ms A max_ms B maxrss_kib K
 *
 * (K: the largest peak RSS of a run, from wait4). CMD's exit status is
 * ignored unless it cannot be run at all (exit 2).
 */
#define _DEFAULT_SOURCE

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* Runs argv once; returns the wall time in ms, or a negative value. */
static double run_once(char **argv, long *maxrss)
{
	double t0 = now_ms();
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		if (null >= 0) {
			dup2(null, 1);
			dup2(null, 2);
		}
		execvp(argv[0], argv);
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) != pid)
		return -1;
	double t = now_ms() - t0;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		return -1;
	if (ru.ru_maxrss > *maxrss)
		*maxrss = ru.ru_maxrss;
	return t;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	char *end;
	long runs = argc > 2 ? strtol(argv[1], &end, 10) : 0;
	if (argc < 3 || *end || runs < 1 || runs > 100000) {
		fprintf(stderr, "usage: timer RUNS CMD [ARG...]\n");
		return 2;
	}
	double *t = malloc((size_t)runs * sizeof *t);
	long maxrss = 0, warm = 0;
	if (!t || run_once(argv + 2, &warm) < 0) {
		fprintf(stderr, "timer: cannot run %s\n", argv[2]);
		return 2;
	}
	for (long i = 0; i < runs; i++)
		if ((t[i] = run_once(argv + 2, &maxrss)) < 0) {
			fprintf(stderr, "timer: cannot run %s\n", argv[2]);
			return 2;
		}
	qsort(t, (size_t)runs, sizeof *t, by_value);
	double median = runs % 2 ? t[runs / 2] : (t[runs / 2 - 1] + t[runs / 2]) / 2;
	printf("runs %ld median_ms %.2f min_ms %.2f max_ms %.2f maxrss_kib %ld\n", runs, median, t[0],
	       t[runs - 1], maxrss);
	free(t);
	return 0;
}
