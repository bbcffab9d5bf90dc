/* Writing a report: to stdout, or atomically to --output. A device or a
 * FIFO (/dev/null, a named pipe) is written in place: it cannot be
 * replaced, and renaming a file over it would destroy it. So is a symbolic
 * link to the file standard output or error already writes (-o /dev/stdout
 * > report.txt): replacing /dev/stdout would leave report.txt empty. The
 * file itself named (-o report.txt > report.txt) is replaced as any is. */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The report keeps the mode of the file it replaces, or gets the usual
 * 0666 less the umask (mkstemp alone would leave 0600). */
static mode_t mode_for(const char *path)
{
	struct stat st;
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
		return st.st_mode & 07777;
	mode_t mask = umask(0);
	umask(mask);
	return 0666 & ~mask;
}

/* The temporary report, named in a static buffer so that a signal that
 * ends the process while it is written can remove it (unlink is
 * async-signal-safe). One report is written at a time. */
static char tmp_name[PATH_MAX];
static volatile sig_atomic_t tmp_live;   /* tmp_name exists: the handlers remove it */
static int armed;                          /* the handlers are installed */
static const int fatal[] = {SIGHUP, SIGINT, SIGTERM, SIGXFSZ};
#define NFATAL (sizeof fatal / sizeof *fatal)
static struct sigaction saved[NFATAL];

static void on_fatal(int sig)
{
	if (tmp_live)
		unlink(tmp_name);
	raise(sig);   /* SA_RESETHAND: once this returns, the default action ends the process */
}

/* Arms the handlers before tmp_name is made (tmp_live says once it is,
 * so that a signal never removes a name this process did not create); an
 * ignored signal stays ignored. */
static void guard_tmp(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_fatal;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	armed = 1;
	for (size_t i = 0; i < NFATAL; i++)
		if (sigaction(fatal[i], NULL, &saved[i]) == 0 && saved[i].sa_handler != SIG_IGN)
			sigaction(fatal[i], &sa, NULL);
}

/* Puts back what guard_tmp replaced, if it ran (a device or FIFO written
 * in place has no temporary file, and its handlers are left alone). */
static void unguard_tmp(void)
{
	tmp_live = 0;
	for (size_t i = 0; armed && i < NFATAL; i++)
		if (saved[i].sa_handler != SIG_IGN)
			sigaction(fatal[i], &saved[i], NULL);
	armed = 0;
}

/* Creates tmp_name with the fatal signals held back until tmp_live says
 * it exists: one arriving in between would leave the file behind. */
static int make_tmp(void)
{
	sigset_t set, was;
	sigemptyset(&set);
	for (size_t i = 0; i < NFATAL; i++)
		sigaddset(&set, fatal[i]);
	pthread_sigmask(SIG_BLOCK, &set, &was);
	int fd = mkstemp(tmp_name);
	tmp_live = fd >= 0;
	pthread_sigmask(SIG_SETMASK, &was, NULL);
	return fd;
}

/* The temporary file's name: in the target's folder, so that renaming it
 * stays on one file system, and short, not the target's name with a
 * suffix, so that a target name as long as the file system allows fits. */
static int tmp_template(const char *path)
{
	const char *slash = strrchr(path, '/');
	int dir = slash ? (int)(slash - path + 1) : 0;
	int n = snprintf(tmp_name, sizeof tmp_name, "%.*s.govlint-XXXXXX", dir, path);
	return n < 0 || n >= (int)sizeof tmp_name ? -1 : 0;
}

/* stdout or stderr when st is the file one of them writes, else NULL. */
static FILE *open_std(const struct stat *st)
{
	static const int fds[] = {STDOUT_FILENO, STDERR_FILENO};
	for (size_t i = 0; i < sizeof fds / sizeof fds[0]; i++) {
		struct stat o;
		if (fstat(fds[i], &o) == 0 && o.st_dev == st->st_dev && o.st_ino == st->st_ino)
			return fds[i] == STDOUT_FILENO ? stdout : stderr;
	}
	return NULL;
}

/* 1 when f is a standard stream, which is flushed, never closed. */
static int is_std(const FILE *f)
{
	return f == stdout || f == stderr;
}

int cli_out_open(cli_out *o, const char *path)
{
	memset(o, 0, sizeof *o);
	if (!path || strcmp(path, "-") == 0) {
		o->f = stdout;
		return 0;
	}
	if (!(o->path = strdup(path)))
		return cli_fail("out of memory");
	struct stat st, lst;
	int found = stat(path, &st) == 0;
	int link = lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode);   /* /dev/stdout, /proc/self/fd/1 */
	if (found && link && (o->f = open_std(&st)))
		return 0;
	if (found && S_ISDIR(st.st_mode)) {   /* plans/, ., ..: renaming over it fails otherwise */
		cli_out_abort(o);
		return cli_fail("%s: cannot write: %s", path, strerror(EISDIR));
	}
	if (found && !S_ISREG(st.st_mode)) {
		if ((o->f = fopen(path, "w")))
			return 0;
		int e = errno;
		cli_out_abort(o);
		return cli_fail("%s: cannot write: %s", path, strerror(e));
	}
	if (tmp_template(path)) {
		cli_out_abort(o);
		return cli_fail("%s: cannot write: %s", path, strerror(ENAMETOOLONG));
	}
	guard_tmp();
	o->tmp = tmp_name;
	int fd = make_tmp();
	if (fd < 0) {
		int e = errno;
		o->tmp = NULL;
		unguard_tmp();
		cli_out_abort(o);
		return cli_fail("%s: cannot write: %s", path, strerror(e));
	}
	if (fchmod(fd, mode_for(path)) != 0 || !(o->f = fdopen(fd, "w"))) {
		int e = errno;
		close(fd);
		cli_out_abort(o);
		return cli_fail("%s: cannot write: %s", path, strerror(e));
	}
	return 0;
}

int cli_out_commit(cli_out *o)
{
	if (is_std(o->f)) {
		FILE *f = o->f;
		int rc = fflush(f) == 0 && !ferror(f)
		             ? 0 : cli_fail("cannot write to standard %s: %s", f == stdout ? "output" : "error",
		                            strerror(errno));
		o->f = NULL;
		free(o->path);
		o->path = NULL;
		return rc;
	}
	int bad = ferror(o->f) | fflush(o->f) | (o->tmp && fsync(fileno(o->f)));
	bad |= fclose(o->f);
	o->f = NULL;
	if (bad || (o->tmp && rename(o->tmp, o->path) != 0)) {
		int rc = cli_fail("%s: cannot write: %s", o->path, strerror(errno));
		cli_out_abort(o);
		return rc;
	}
	unguard_tmp();
	o->tmp = NULL;
	free(o->path);
	o->path = NULL;
	return 0;
}

void cli_out_abort(cli_out *o)
{
	if (o->f && !is_std(o->f))
		fclose(o->f);
	if (o->tmp) {
		unlink(o->tmp);
		unguard_tmp();
	}
	free(o->path);
	memset(o, 0, sizeof *o);
}
