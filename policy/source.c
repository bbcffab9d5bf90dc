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

/* A symlink is followed only to a target inside the root (files.c lists it
 * only then; this closes the race). NULL, or why not. */
static const char *resolve(const char *root, char full[PATH_MAX])
{
	struct stat st;
	char real[PATH_MAX];
	if (lstat(full, &st) != 0 || !S_ISLNK(st.st_mode))
		return NULL;
	size_t n = strlen(root);
	if (!realpath(full, real) || strncmp(real, root, n) != 0 || real[n] != '/')
		return "symlink leaves the repository: not followed";
	memcpy(full, real, strlen(real) + 1);
	return NULL;
}

static int read_worktree(const gl__source *s, const char *rel, size_t max, char **buf,
                         size_t *len, gl_err *err)
{
	char full[PATH_MAX];
	struct stat st;
	int n = snprintf(full, sizeof full, "%s/%s", s->root, rel);
	if (n < 0 || (size_t)n >= sizeof full)
		return gl__err_at(err, rel, 0, 0, "path too long"), -1;
	if (lstat(full, &st) != 0)
		return gl__err_at(err, rel, 0, 0, "no such file"), GL__ABSENT;
	const char *why = resolve(s->root, full);
	if (why)
		return gl__err_at(err, rel, 0, 0, "%s", why), -1;
	gl_err e;
	int rc = gl__read_file(full, max, buf, len, &e);
	if (rc == 0)
		return 0;
	size_t k = strlen(full);   /* "FULL: why" -> "REL: why" */
	gl__err_at(err, rel, 0, 0, "%s", strncmp(e.msg, full, k) == 0 ? e.msg + k + 2 : e.msg);
	return rc == GL_ENOMEM ? GL_ENOMEM : -1;
}

int gl__source_read(const gl__source *s, const char *rel, size_t max, char **buf, size_t *len,
                    gl_err *err)
{
	if (!s->repo || s->src == GL__SRC_WORKTREE)
		return read_worktree(s, rel, max, buf, len, err);
	return gl__repo_read(s->repo, s->src, s->rev, rel, max, buf, len, err);
}

int gl__source_list(const gl__source *s, const char *const *globs, size_t nglobs,
                    gl__filelist *out, gl_err *err)
{
	if (!s->repo || s->src == GL__SRC_WORKTREE)
		return gl__list_files(s->root, globs, nglobs, out, err);
	return gl__repo_list(s->repo, s->src, s->rev, globs, nglobs, out, err);
}

const char *gl__source_why(const char *rel, const gl_err *err)
{
	size_t n = strlen(rel);
	return strncmp(err->msg, rel, n) == 0 && err->msg[n] == ':' ? err->msg + n + 2 : err->msg;
}
