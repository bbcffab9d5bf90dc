/* `govlint init`: writes the scaffold of a planning repository (config,
 * roster, a commented template plan, .gitignore) from templates/init/. It
 * never overwrites: when any file exists already, nothing is written. */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PREFIX "init/"

static int target(const char *dir, const gl__embedded *t, char out[PATH_MAX])
{
	int n = snprintf(out, PATH_MAX, "%s/%s", dir, t->name + strlen(PREFIX));
	return n > 0 && n < PATH_MAX ? 0 : -1;
}

static int is_init(const gl__embedded *t)
{
	return strncmp(t->name, PREFIX, strlen(PREFIX)) == 0;
}

/* Creates the folders above `path` (below dir, which must exist). */
static int make_parents(char *path, size_t from)
{
	for (char *p = path + from; (p = strchr(p + 1, '/')) != NULL;) {
		*p = '\0';
		int rc = mkdir(path, 0777);
		*p = '/';
		if (rc != 0 && errno != EEXIST)
			return -1;
	}
	return 0;
}

static int write_one(const char *path, const gl__embedded *t, gl_err *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);
	if (fd < 0)
		return gl__err_set(err, "%s: cannot create: %s", path, strerror(errno)), -1;
	size_t done = 0;
	while (done < t->len) {
		ssize_t w = write(fd, t->data + done, t->len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		done += (size_t)w;
	}
	if (close(fd) != 0 || done != t->len)
		return gl__err_set(err, "%s: cannot write", path), -1;
	return 0;
}

/* A .gitignore is the repository's own: one already there is kept (most
 * repositories have one), where the scaffold's other files stop init. */
static int optional(const gl__embedded *t)
{
	return strcmp(t->name, PREFIX ".gitignore") == 0;
}

/* 0 when the folders of `path` below dir (plans/) are none, or real
 * folders: through a symlink the file would land elsewhere, maybe outside
 * dir, and check, which enters no symlinked folder, would not find it. */
static int no_link_above(char *path, size_t from, gl_err *err)
{
	struct stat st;
	for (char *p = path + from; (p = strchr(p + 1, '/')) != NULL;) {
		*p = '\0';
		int link = lstat(path, &st) == 0 && S_ISLNK(st.st_mode);
		if (link)
			gl__err_set(err, "%s is a symlink: govlint init writes only into real folders "
			            "(check does not enter a symlinked one)", path);
		*p = '/';
		if (link)
			return -1;
	}
	return 0;
}

/* Every file init writes is absent, or an optional one (*kept set). */
static int all_absent(const char *dir, int *kept, gl_err *err)
{
	char path[PATH_MAX];
	struct stat st;
	for (const gl__embedded *t = gl__embedded_templates; t->name; t++) {
		if (!is_init(t))
			continue;
		if (target(dir, t, path))
			return gl__err_set(err, "%s: path too long", dir), -1;
		if (no_link_above(path, strlen(dir), err))
			return -1;
		int there = lstat(path, &st) == 0;
		if (there && optional(t))
			*kept = 1;
		else if (there)
			return gl__err_set(err, "%s exists already; govlint init writes nothing over "
			                   "existing files", path), -1;
		else if (errno != ENOENT)   /* e.g. a file where a folder must go */
			return gl__err_set(err, "%s: cannot create: %s", path, strerror(errno)), -1;
	}
	return 0;
}

static int writes(const gl__embedded *t, int kept)
{
	return is_init(t) && !(kept && optional(t));
}

int gl_init(const char *dir, gl_err *err)
{
	struct stat st;
	char path[PATH_MAX];
	int kept = 0;
	if (stat(dir, &st) != 0 && mkdir(dir, 0777) != 0)
		return gl__err_set(err, "%s: cannot create the folder: %s", dir, strerror(errno)), GL_ERROR;
	if (all_absent(dir, &kept, err))
		return GL_ERROR;
	const gl__embedded *t = gl__embedded_templates;
	for (; t->name; t++) {
		if (!writes(t, kept))
			continue;
		err->msg[0] = '\0';
		if (target(dir, t, path) || make_parents(path, strlen(dir)) || write_one(path, t, err))
			break;
	}
	if (!t->name)
		return kept ? GL_INIT_KEPT_GITIGNORE : 0;
	if (!err->msg[0])
		gl__err_set(err, "%s: cannot create: %s", path, strerror(errno));
	for (const gl__embedded *u = gl__embedded_templates; u != t; u++)   /* all or nothing */
		if (writes(u, kept) && target(dir, u, path) == 0)
			unlink(path);
	return GL_ERROR;
}
