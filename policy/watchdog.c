/* A guard against a git read that never ends. libgit2 1.5 (Debian 12's)
 * loops forever inflating a truncated loose object: zlib's Z_BUF_ERROR is
 * taken for "try again" and nothing more comes (libgit2 issue 7342, fixed
 * upstream in 2026). No call from outside can stop that loop, so while a
 * repository is open a thread watches the run's progress, which the plan
 * loops and the history walk count; when it has not moved for the stall
 * limit, the run says why on stderr and exits 2. Reports are written
 * after the checks, so nothing is half written then.
 *
 * The limit is 60 s, or GOVLINT_GIT_STALL seconds (1 to 86400) from the
 * environment: a single step of a run takes well under a second, even
 * the largest plan the limits allow. */
#include "internal.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static atomic_ulong progress;
static pthread_mutex_t life = PTHREAD_MUTEX_INITIALIZER;   /* begin and end, one at a time */
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;     /* users, and the wait */
static pthread_cond_t wake;
static pthread_t thread;
static unsigned users;        /* repositories open */
static int running;           /* the thread was started and not joined (under life) */
static long limit;            /* seconds; read as the thread starts (under life) */

void gl__progress(void)
{
	atomic_fetch_add_explicit(&progress, 1, memory_order_relaxed);
}

static long stall_limit(void)
{
	const char *v = getenv("GOVLINT_GIT_STALL");
	char *end;
	errno = 0;
	long s = v && *v ? strtol(v, &end, 10) : 0;
	return v && *v && !errno && !*end && s >= 1 && s <= 86400 ? s : 60;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void stalled(long seconds)
{
	char msg[512];
	int n = snprintf(msg, sizeof msg,
	                 "govlint: reading the git repository made no progress for %ld s: "
	                 "it is likely damaged (libgit2 1.5 never finishes reading a truncated "
	                 "object); `git fsck` names what is broken\n", seconds);
	if (n > 0) {
		ssize_t w = write(STDERR_FILENO, msg, (size_t)n);
		(void)w;   /* exit 2 says it either way */
	}
	_exit(2);
}

static void *watch(void *arg)
{
	long seconds = *(const long *)arg;
	pthread_mutex_lock(&mu);
	unsigned long seen = atomic_load_explicit(&progress, memory_order_relaxed);
	double since = now();
	while (users) {
		struct timespec at;
		clock_gettime(CLOCK_MONOTONIC, &at);
		at.tv_nsec += 250000000;   /* a quarter second */
		at.tv_sec += at.tv_nsec / 1000000000;
		at.tv_nsec %= 1000000000;
		pthread_cond_timedwait(&wake, &mu, &at);
		unsigned long p = atomic_load_explicit(&progress, memory_order_relaxed);
		if (p != seen) {
			seen = p;
			since = now();
		} else if (users && now() - since >= (double)seconds)
			stalled(seconds);
	}
	pthread_mutex_unlock(&mu);
	return NULL;
}

/* The condition variable waits on the monotonic clock: a change of the
 * wall clock neither fires nor holds off the watch. */
static void init_wake(void)
{
	pthread_condattr_t a;
	pthread_condattr_init(&a);
	pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
	pthread_cond_init(&wake, &a);
	pthread_condattr_destroy(&a);
}

/* Called as a repository opens: the first starts the watch. Without a
 * thread (none could be made) the run goes on unwatched. */
void gl__watch_begin(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, init_wake);
	pthread_mutex_lock(&life);
	pthread_mutex_lock(&mu);
	if (users++ == 0) {
		limit = stall_limit();
		running = pthread_create(&thread, NULL, watch, &limit) == 0;
	}
	pthread_mutex_unlock(&mu);
	pthread_mutex_unlock(&life);
}

/* Called as a repository closes: the last stops the watch. */
void gl__watch_end(void)
{
	pthread_mutex_lock(&life);   /* no begin while the thread is joined */
	pthread_mutex_lock(&mu);
	int join = --users == 0 && running;
	if (join)
		pthread_cond_signal(&wake);
	pthread_mutex_unlock(&mu);
	if (join)
		pthread_join(thread, NULL);
	running = running && !join;
	pthread_mutex_unlock(&life);
}
