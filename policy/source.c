/*
 * Where a run reads the planning repository from: the work tree, the git
 * index (--staged) or a revision (--baseline). Plans, roster, config, local
 * packs and waivers all come through here, so a staged check never mixes
 * staged plans with an unstaged roster.
 */
#include "internal.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#if defined(__linux__) && defined(__has_include)
#if __has_include(<linux/openat2.h>)
#define HAVE_OPENAT2 1
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdatomic.h>
#include <sys/syscall.h>
#include <unistd.h>
#ifndef SYS_openat2   /* the header without the system call's number */
#undef HAVE_OPENAT2
#endif
#endif
#endif

/* The file at absolute path `full` opened in one call when no part of the
 * path is a symlink (Linux's openat2, since 5.6), so the checks of
 * read_worktree are not needed; -1 in every other case, where they are:
 * a symlink on the way, no such file, or a kernel (or seccomp filter)
 * without openat2, which is then not tried again. Valgrind 3.19 has no
 * openat2 either, so `make valgrind` runs the CLI goldens through those
 * checks, and the other suites through openat2. */
static int open_linkless(const char *full)
{
#ifdef HAVE_OPENAT2
	static atomic_int missing;
	if (atomic_load_explicit(&missing, memory_order_relaxed))
		return -1;
	struct open_how how = {.flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK,
	                       .resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS};
	int fd = (int)syscall(SYS_openat2, AT_FDCWD, full, &how, sizeof how);
	if (fd < 0 && (errno == ENOSYS || errno == EPERM))
		atomic_store_explicit(&missing, 1, memory_order_relaxed);
	return fd;
#else
	(void)full;
	return -1;
#endif
}

/* A symlink on the way, a folder or the file itself, is followed only to a
 * target inside the root, as the walk (files.c) lists it: checked again at
 * reading, so a link swapped in between, or a PATH or config name through
 * a symlinked folder, never reads outside the repository. The root is a
 * real path (no symlink in it), so a path opened with no symlink at all
 * is inside it. */
static int read_worktree(const gl__source *s, const char *rel, size_t max, char **buf,
                         size_t *len, gl_err *err)
{
	char full[PATH_MAX];
	struct stat st;
	int n = snprintf(full, sizeof full, "%s/%s", s->root, rel);
	if (n < 0 || (size_t)n >= sizeof full)
		return gl__err_at(err, rel, 0, 0, "path too long"), -1;
	gl_err e;
	int rc, fd = open_linkless(full);
	if (fd >= 0) {
		rc = gl__read_fd(fd, full, max, buf, len, &e);
	} else {
		if (lstat(full, &st) != 0)
			return gl__err_at(err, rel, 0, 0, "no such file"), GL__ABSENT;
		const char *why = gl__path_why(s->root, rel, full);
		if (why)
			return gl__err_at(err, rel, 0, 0, "%s", why), -1;
		rc = gl__read_file(full, max, buf, len, &e);
	}
	if (rc == 0)
		return 0;
	size_t k = strlen(full);   /* "FULL: why" -> "REL: why" */
	gl__err_at(err, rel, 0, 0, "%s", strncmp(e.msg, full, k) == 0 ? e.msg + k + 2 : e.msg);
	return rc == GL_ENOMEM ? GL_ENOMEM : -1;
}

int gl__source_read_blob(const gl__source *s, const char *rel, size_t max, char **buf,
                         size_t *len, unsigned char *blob, gl_err *err)
{
	if (!s->repo || s->src == GL__SRC_WORKTREE) {
		if (blob)
			memset(blob, 0, GL__BLOB_ID);
		return read_worktree(s, rel, max, buf, len, err);
	}
	return gl__repo_read(s->repo, s->src, s->rev, rel, max, buf, len, blob, err);
}

int gl__source_read(const gl__source *s, const char *rel, size_t max, char **buf, size_t *len,
                    gl_err *err)
{
	return gl__source_read_blob(s, rel, max, buf, len, NULL, err);
}

int gl__source_peek(const gl__source *s, const char *rel, size_t max, char **buf, size_t *len,
                    gl_err *err)
{
	if (s->repo && s->src == GL__SRC_INDEX)
		return gl__repo_peek(s->repo, rel, max, buf, len, err);
	return gl__source_read(s, rel, max, buf, len, err);
}

int gl__source_list(const gl__source *s, const char *const *globs, size_t nglobs,
                    gl__filelist *out, gl_err *err)
{
	if (!s->repo || s->src == GL__SRC_WORKTREE)
		return gl__list_files(s->root, globs, nglobs, out, err);
	return gl__repo_list(s->repo, s->src, s->rev, globs, nglobs, out, err);
}

const char *gl__source_origin(const gl__source *s, const char *rel, char out[PATH_MAX])
{
	char full[PATH_MAX];
	struct stat st;
	if (s->repo && s->src != GL__SRC_WORKTREE)
		return gl__repo_origin(s->repo, s->src, s->rev, rel, out);
	int n = snprintf(full, sizeof full, "%s/%s", s->root, rel);
	size_t k = strcmp(s->root, "/") == 0 ? 0 : strlen(s->root);
	if (n < 0 || (size_t)n >= sizeof full || lstat(full, &st) != 0 || !S_ISLNK(st.st_mode) ||
	    !realpath(full, out) ||
	    strncmp(out, s->root, k) != 0 || out[k] != '/')
		return rel;
	return out + k + 1;
}

/* stat of root-relative rel in the work tree, its path in `full`; -1
 * when it is not there. */
static int stat_at(const char *root, const char *rel, char full[PATH_MAX], struct stat *st)
{
	int n = snprintf(full, PATH_MAX, "%s/%s", root, rel);
	return n < 0 || n >= PATH_MAX || stat(full, st) != 0 ? -1 : 0;
}

/* The device and inode of root-relative rel in the work tree; inode 0
 * (no file's) when it is not there. */
static struct stat ident(const char *root, const char *rel)
{
	char full[PATH_MAX];
	struct stat st;
	if (stat_at(root, rel, full, &st))
		st.st_dev = st.st_ino = 0;
	return st;
}

/* 1 when the file at root-relative rel may have another name: rel passes
 * through a symlink, or the file has more than one hard link. */
static int aliased(const char *root, const char *real_root, const char *rel)
{
	char full[PATH_MAX], real[PATH_MAX];
	struct stat st;
	if (stat_at(root, rel, full, &st))
		return 0;   /* not there: nothing is the same file */
	size_t k = strlen(real_root);
	return st.st_nlink > 1 || !realpath(full, real) || strncmp(real, real_root, k) != 0 ||
	       real[k] != '/' || strcmp(real + k + 1, rel) != 0;
}

static int same_in_worktree(const char *root, const char *const *paths, size_t n,
                            const char *const *others, size_t m, size_t *same, int direct)
{
	char real_root[PATH_MAX];
	int any = !direct || !realpath(root, real_root);
	for (size_t j = 0; !any && j < m; j++)
		any = aliased(root, strcmp(real_root, "/") == 0 ? "" : real_root, others[j]);
	for (size_t i = 0; !any && i < n; i++)
		same[i] = m;   /* a large listing is not stat'ed file by file */
	if (!any)
		return 0;
	struct stat *o = malloc((m + 1) * sizeof *o);
	if (!o)
		return -1;
	for (size_t j = 0; j < m; j++)
		o[j] = ident(root, others[j]);
	for (size_t i = 0; i < n; i++) {
		struct stat st = ident(root, paths[i]);
		for (same[i] = 0; same[i] < m; same[i]++)
			if (st.st_ino && st.st_dev == o[same[i]].st_dev && st.st_ino == o[same[i]].st_ino)
				break;
	}
	free(o);
	return 0;
}

static int same_in_git(const gl__source *s, const char *const *paths, size_t n,
                       const char *const *others, size_t m, size_t *same)
{
	char **to = calloc(n + m + 1, sizeof *to);   /* others', then paths' origins */
	int rc = !to || gl__repo_origins(s->repo, s->src, s->rev, others, m, to) ||
	                 gl__repo_origins(s->repo, s->src, s->rev, paths, n, to + m) ? -1 : 0;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		const char *p = to[m + i] ? to[m + i] : paths[i];
		for (same[i] = 0; same[i] < m; same[i]++)
			if (strcmp(p, to[same[i]] ? to[same[i]] : others[same[i]]) == 0)
				break;
	}
	for (size_t k = 0; to && k < n + m; k++)
		free(to[k]);
	free(to);
	return rc;
}

int gl__source_same(const gl__source *s, const char *const *paths, size_t n,
                    const char *const *others, size_t m, size_t *same, int direct)
{
	if (s->repo && s->src != GL__SRC_WORKTREE)
		return same_in_git(s, paths, n, others, m, same);
	return same_in_worktree(s->root, paths, n, others, m, same, direct);
}

const char *gl__source_why(const char *rel, const gl_err *err)
{
	size_t n = strlen(rel);
	return strncmp(err->msg, rel, n) == 0 && err->msg[n] == ':' ? err->msg + n + 2 : err->msg;
}
