/* The guard against a git read that never ends (policy/watchdog.c), each
 * case in a child process, since the guard ends its process: a run that
 * stands still while a repository is open is ended with exit 2 and the
 * message; one that makes progress, or has no repository open, runs on;
 * opens and closes nest, and the last close stops the watch. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "internal.h"
#include "helpers.h"

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void nap_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) != 0)
		;
}

/* Runs body in a child with GOVLINT_GIT_STALL=1; its exit status, and
 * what it wrote to stderr into err. */
static int in_child(void (*body)(void), char *err, size_t n)
{
	int fd[2];
	assert_int_equal(pipe(fd), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fd[0]);
		dup2(fd[1], STDERR_FILENO);
		setenv("GOVLINT_GIT_STALL", "1", 1);
		body();
		_exit(0);
	}
	close(fd[1]);
	size_t got = 0;
	ssize_t r;
	while (got + 1 < n && (r = read(fd[0], err + got, n - 1 - got)) > 0)
		got += (size_t)r;
	err[got] = '\0';
	close(fd[0]);
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	return WEXITSTATUS(st);
}

static void stand_still(void)
{
	gl__watch_begin();
	nap_ms(3000);   /* the watch ends the process after 1 s */
	_exit(7);
}

static void keep_going(void)
{
	gl__watch_begin();
	for (int i = 0; i < 25; i++) {   /* 2.5 s, progress every 0.1 s */
		gl__progress();
		nap_ms(100);
	}
	gl__watch_end();
}

static void nested(void)
{
	gl__watch_begin();
	gl__watch_begin();   /* a worker's own handle */
	gl__watch_end();
	nap_ms(3000);        /* still watched: one repository is open */
	_exit(7);
}

static void closed(void)
{
	gl__watch_begin();
	gl__watch_end();
	nap_ms(2000);        /* nothing open: nothing watched */
	if (write(STDERR_FILENO, "alive\n", 6) != 6)
		_exit(8);
	gl__watch_begin();   /* and a second run is watched again */
	nap_ms(3000);
	_exit(7);
}

static const char *const message =
	"govlint: reading the git repository made no progress for 1 s: it is likely "
	"damaged (libgit2 1.5 never finishes reading a truncated object); `git fsck` names "
	"what is broken\n";

/* body's child exits 2, having written `before` and then the message. */
static void want_stall(void (*body)(void), const char *before)
{
	char err[512];
	size_t n = strlen(before);
	assert_int_equal(in_child(body, err, sizeof err), 2);
	assert_true(strncmp(err, before, n) == 0);
	assert_string_equal(err + n, message);
}

static void test_still_run_ends(void **state)
{
	(void)state;
	want_stall(stand_still, "");
}

static void test_progress_keeps_it(void **state)
{
	(void)state;
	char err[512];
	assert_int_equal(in_child(keep_going, err, sizeof err), 0);
	assert_string_equal(err, "");
}

static void test_opens_nest(void **state)
{
	(void)state;
	want_stall(nested, "");
}

static void test_last_close_stops(void **state)
{
	(void)state;
	want_stall(closed, "alive\n");   /* the second run's watch, not the first's */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_still_run_ends),
		cmocka_unit_test(test_progress_keeps_it),
		cmocka_unit_test(test_opens_nest),
		cmocka_unit_test(test_last_close_stops),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
