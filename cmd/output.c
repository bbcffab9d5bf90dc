/* Writing a report: to stdout, or atomically to --output. A device or a
 * FIFO (/dev/null, a named pipe) is written in place: it cannot be
 * replaced, and renaming a file over it would destroy it. */
#include "cli.h"

#include <errno.h>
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

int cli_out_open(cli_out *o, const char *path)
{
	memset(o, 0, sizeof *o);
	if (!path || strcmp(path, "-") == 0) {
		o->f = stdout;
		return 0;
	}
	struct stat st;
	int in_place = stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
	size_t n = strlen(path) + 16;
	o->path = strdup(path);
	o->tmp = in_place ? NULL : malloc(n);
	if (!o->path || (!in_place && !o->tmp)) {
		cli_out_abort(o);
		return cli_fail("out of memory");
	}
	if (in_place) {
		if ((o->f = fopen(path, "w")))
			return 0;
		int e = errno;
		cli_out_abort(o);
		return cli_fail("%s: cannot write: %s", path, strerror(e));
	}
	snprintf(o->tmp, n, "%s.tmpXXXXXX", path);
	int fd = mkstemp(o->tmp);
	if (fd < 0) {
		int e = errno;
		free(o->tmp);
		o->tmp = NULL;
		cli_out_abort(o);
		return cli_fail("%s: cannot write: %s", path, strerror(e));
	}
	if (fchmod(fd, mode_for(path)) != 0 || !(o->f = fdopen(fd, "w"))) {
		close(fd);
		cli_out_abort(o);
		return cli_fail("%s: cannot write: %s", path, strerror(errno));
	}
	return 0;
}

int cli_out_commit(cli_out *o)
{
	if (o->f == stdout) {
		int rc = fflush(stdout) == 0 && !ferror(stdout)
		             ? 0 : cli_fail("cannot write to standard output: %s", strerror(errno));
		o->f = NULL;
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
	free(o->tmp);
	o->tmp = NULL;
	free(o->path);
	o->path = NULL;
	return 0;
}

void cli_out_abort(cli_out *o)
{
	if (o->f && o->f != stdout)
		fclose(o->f);
	if (o->tmp)
		unlink(o->tmp);
	free(o->tmp);
	free(o->path);
	memset(o, 0, sizeof *o);
}
