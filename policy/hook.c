/*
 * govlint's git pre-commit hook: install and uninstall. The hooks folder
 * comes from repo.c (core.hooksPath honoured; one every repository shares
 * is refused); everything else is plain file work. An existing hook is
 * never destroyed: it is renamed to pre-commit.govlint-chained, runs
 * first, and is renamed back (so bytes, mode and even mtime are what they
 * were) on uninstall.
 */
#include "internal.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The second line of govlint's hook; what identifies it as govlint's. */
#define MARKER "# govlint pre-commit hook"
/* A line of the hook when install made the hooks folder: uninstall removes
 * the folder then, if removing the hook leaves it empty, and only then. */
#define MADE "# govlint made this hooks folder"
#define CHAINED "pre-commit.govlint-chained"

typedef struct hookloc {
	char *dir;       /* the hooks folder */
	char *hook;      /* dir/pre-commit */
	char *chained;   /* dir/pre-commit.govlint-chained */
	char *cd;        /* the planning root relative to the work tree, or "" */
} hookloc;

typedef enum { H_ABSENT, H_OURS, H_FOREIGN } hstate;

static int no_memory(gl_err *err)
{
	gl__err_set(err, "out of memory");
	return GL_ENOMEM;
}

static char *path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s/%s", dir, name);
	return p;
}

static void loc_free(hookloc *h)
{
	free(h->dir);
	free(h->hook);
	free(h->chained);
	free(h->cd);
	memset(h, 0, sizeof *h);
}

/* A hooks folder every repository shares is not this repository's to
 * change: commits anywhere would run (or fail on) this one's hook. */
static int refuse_shared(const char *dir, const char *level, gl_err *err)
{
	gl__err_set(err, "core.hooksPath %s comes from the %s git config, so every repository "
	            "runs the hooks there: govlint does not install or remove its hook in it. "
	            "Set core.hooksPath in this repository's own config (git config core.hooksPath "
	            ".git/hooks), unset the shared one, or use the pre-commit framework", dir, level);
	return GL_ERROR;
}

/* *r becomes the repository opened at the planning repository holding path. */
static int planning_repo(const char *path, gl__repo **r, gl_err *err)
{
	char root[PATH_MAX];
	int found = gl__planning_root(path, root, err);
	if (found < 0)
		return -1;
	if (!found)
		return gl__err_set(err, "%s holds no planning repository, nor does a folder above it "
		                   "(a .govlint.yaml, people.yaml or plans/): a hook checking it would "
		                   "refuse every commit. Install from the planning repository, or make "
		                   "one with 'govlint init'",
		                   strcmp(path, ".") == 0 ? "the current folder" : path), -1;
	gl__repo_free(*r);
	*r = NULL;
	return gl__repo_open(r, root, err);
}

/* The hook of the git repository holding `path`. For an install, the
 * planning repository holding path (found upwards, as `check` finds it) is
 * where the hook checks from: a hook left checking a folder without plans
 * would refuse every commit, and one checking a subfolder of the plans
 * would let the others through. */
static int locate(const char *path, int install, hookloc *h, gl_err *err)
{
	memset(h, 0, sizeof *h);
	struct stat st;
	if (stat(path, &st) != 0) {
		gl__err_at(err, path, 0, 0, "%s", strerror(errno));
		return GL_ERROR;
	}
	if (!S_ISDIR(st.st_mode)) {
		gl__err_at(err, path, 0, 0, "not a folder");
		return GL_ERROR;
	}
	gl__repo *r = NULL;
	if (gl__repo_open(&r, path, err))
		return GL_ERROR;
	if (install && planning_repo(path, &r, err)) {
		gl__repo_free(r);
		return GL_ERROR;
	}
	const char *shared = NULL;
	int rc = gl__repo_hooks_dir(r, &h->dir, &shared, err) ? GL_ERROR : 0;
	if (rc == 0 && shared)
		rc = refuse_shared(h->dir, shared, err);
	if (rc == 0) {
		h->cd = strdup(gl__repo_prefix(r));
		h->hook = path_join(h->dir, "pre-commit");
		h->chained = path_join(h->dir, CHAINED);
		if (!h->cd || !h->hook || !h->chained)
			rc = no_memory(err);
	}
	gl__repo_free(r);
	if (rc)
		loc_free(h);
	return rc;
}

/* ---- the script -------------------------------------------------------- */

static void sh_quote(gl__buf *b, const char *s)
{
	gl__buf_putc(b, '\'');
	for (; *s; s++)
		if (*s == '\'')
			gl__buf_puts(b, "'\\''");
		else
			gl__buf_putc(b, *s);
	gl__buf_putc(b, '\'');
}

/* git runs pre-commit hooks from the top of the work tree. */
static void script(gl__buf *b, const char *cmd, const char *cd, int made)
{
	gl__buf_puts(b, "#!/bin/sh\n" MARKER ": installed by `govlint hook install`.\n"
	                "# `govlint hook uninstall` removes it and puts back any hook that was\n"
	                "# here before (kept meanwhile as " CHAINED ", which runs first).\n");
	if (made)
		gl__buf_puts(b, MADE ", and removes it when it leaves it empty.\n");
	gl__buf_puts(b, "chained=\"$(dirname \"$0\")/" CHAINED "\"\n"
	                "if [ -x \"$chained\" ]; then\n"
	                "\t\"$chained\" \"$@\" || exit $?\n"
	                "fi\n");
	if (*cd) {   /* git exports GIT_DIR to hooks (a separate git folder, a linked
		              * worktree): the work tree is here, not where govlint runs */
		gl__buf_puts(b, "if [ -n \"$GIT_DIR\" ] && [ -z \"$GIT_WORK_TREE\" ]; then\n"
		                "\tGIT_WORK_TREE=$(pwd -P); export GIT_WORK_TREE\n"
		                "fi\n");
		gl__buf_puts(b, "cd ");
		sh_quote(b, cd);
		gl__buf_puts(b, " || exit 2\n");
	}
	gl__buf_puts(b, "exec ");
	sh_quote(b, cmd);
	/* What the commit changes: the plans it stages, or all of them when it
	 * stages the roster, config, waivers or a pack (see --since). */
	gl__buf_puts(b, " check --staged --since HEAD\n");
}

/* What is at `file`; for a regular file, its text in *text (malloc'd) and
 * whether its owner may run it in *exec. */
static int hook_state(const char *file, char **text, int *exec, gl_err *err)
{
	struct stat st;
	*text = NULL;
	*exec = 0;
	if (lstat(file, &st) != 0) {
		if (errno == ENOENT)
			return H_ABSENT;
		gl__err_at(err, file, 0, 0, "%s", strerror(errno));
		return GL_ERROR;
	}
	if (S_ISDIR(st.st_mode)) {
		gl__err_at(err, file, 0, 0, "a folder where the hook should be");
		return GL_ERROR;
	}
	size_t len;
	gl_err ignored;
	if (!S_ISREG(st.st_mode) || gl__read_file(file, 1u << 20, text, &len, &ignored))
		return H_FOREIGN;   /* a symlink, or nothing govlint writes */
	*exec = (st.st_mode & S_IXUSR) != 0;
	const char *nl = strchr(*text, '\n');
	return nl && strncmp(nl + 1, MARKER, strlen(MARKER)) == 0 ? H_OURS : H_FOREIGN;
}

/* ---- files ------------------------------------------------------------- */

static int dir_error(const char *dir, int e, const char *what, gl_err *err)
{
	if (e == EACCES || e == EPERM || e == EROFS)
		gl__err_set(err, "the hooks folder %s is not writable: %s", dir, strerror(e));
	else
		gl__err_set(err, "the hooks folder %s %s: %s", dir, what, strerror(e));
	return GL_ERROR;
}

/* mkdir -p */
static int ensure_dir(const char *dir, gl_err *err)
{
	char *p = strdup(dir);
	if (!p)
		return no_memory(err);
	int rc = 0;
	for (char *s = p + 1; rc == 0; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, 0755) != 0 && errno != EEXIST)
			rc = dir_error(dir, errno, "cannot be created", err);
		*s = c;
		if (!c)
			break;
	}
	free(p);
	struct stat st;
	if (rc == 0 && (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)))
		rc = dir_error(dir, ENOTDIR, "cannot be created", err);
	return rc;
}

static int write_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

/* The hook's text in a new executable file of the hooks folder. */
static int write_tmp(const char *dir, const char *text, char **tmp, gl_err *err)
{
	*tmp = path_join(dir, "pre-commit.govlint-XXXXXX");
	if (!*tmp)
		return no_memory(err);
	int fd = mkstemp(*tmp);
	if (fd < 0) {
		free(*tmp);
		*tmp = NULL;
		return dir_error(dir, errno, "cannot be written to", err);
	}
	int bad = write_all(fd, text, strlen(text)) || fchmod(fd, 0755) || fsync(fd);
	int e = errno;
	if (close(fd) != 0 && !bad) {
		bad = 1;
		e = errno;
	}
	if (bad) {
		unlink(*tmp);
		free(*tmp);
		*tmp = NULL;
		return dir_error(dir, e, "cannot be written to", err);
	}
	return 0;
}

/* ---- install and uninstall ---------------------------------------------- */

static int exists(const char *file)
{
	struct stat st;
	return lstat(file, &st) == 0;
}

/* Puts the new hook in place, keeping a foreign one as the chained hook. */
static int replace(const hookloc *h, const char *tmp, int foreign, gl_err *err)
{
	if (foreign && rename(h->hook, h->chained) != 0) {
		gl__err_set(err, "cannot keep the existing hook as %s: %s", h->chained, strerror(errno));
		return GL_ERROR;
	}
	if (rename(tmp, h->hook) == 0)
		return 0;
	gl__err_set(err, "cannot put the hook in place at %s: %s", h->hook, strerror(errno));
	if (foreign)
		rename(h->chained, h->hook);
	return GL_ERROR;
}

/* Writes `want` over what st (hook_state's) found at h->hook. */
static int write_hook(const hookloc *h, const char *want, int st, gl_err *err)
{
	char *tmp = NULL;
	if (st == H_FOREIGN && exists(h->chained)) {
		gl__err_set(err, "%s is not govlint's hook, and %s exists already: move one of them "
		            "away, then install again", h->hook, h->chained);
		return GL_ERROR;
	}
	if (write_tmp(h->dir, want, &tmp, err))
		return GL_ERROR;
	int rc = replace(h, tmp, st == H_FOREIGN, err);
	if (rc)
		unlink(tmp);
	free(tmp);
	if (rc)
		return rc;
	return st == H_ABSENT ? GL_HOOK_INSTALLED : st == H_OURS ? GL_HOOK_UPDATED : GL_HOOK_CHAINED;
}

/* The hook running `cmd`, unless the same is there already. It records
 * that install made the hooks folder (absent now, or recorded by the hook
 * there: installing again keeps the line), which uninstall may then remove. */
static int install_at(const hookloc *h, const char *cmd, gl_err *err)
{
	struct stat dir;
	int made = stat(h->dir, &dir) != 0;
	if (ensure_dir(h->dir, err))
		return GL_ERROR;
	char *have = NULL;
	int exec = 0;
	int st = hook_state(h->hook, &have, &exec, err);
	gl__buf want = {0};
	if (st >= 0)
		script(&want, cmd, h->cd, made || (st == H_OURS && strstr(have, MADE)));
	int same = st == H_OURS && exec && !want.oom && strcmp(have, want.p) == 0;
	free(have);
	int rc = st < 0     ? GL_ERROR
	         : want.oom ? no_memory(err)
	         : same     ? GL_HOOK_UNCHANGED
	                    : write_hook(h, want.p, st, err);
	gl__buf_free(&want);
	return rc;
}

int gl_hook_install(const char *path, const char *govlint_cmd, char **from, gl_err *err)
{
	hookloc h;
	if (locate(path, 1, &h, err))
		return GL_ERROR;
	int rc = install_at(&h, govlint_cmd, err);
	if (rc >= 0 && from) {
		*from = h.cd;
		h.cd = NULL;
	}
	loc_free(&h);
	return rc;
}

static int uninstall_at(const hookloc *h, gl_err *err)
{
	char *have = NULL;
	int exec;
	int st = hook_state(h->hook, &have, &exec, err);
	int made = st == H_OURS && strstr(have, MADE);
	free(have);
	if (st == H_ABSENT)
		gl__err_set(err, "govlint's pre-commit hook is not installed: there is no %s", h->hook);
	if (st == H_FOREIGN)
		gl__err_set(err, "govlint's pre-commit hook is not installed: %s is another hook, "
		            "left as it is", h->hook);
	if (st != H_OURS)
		return GL_ERROR;
	if (exists(h->chained)) {
		if (rename(h->chained, h->hook) == 0)
			return GL_HOOK_RESTORED;
		gl__err_set(err, "cannot put back %s as %s: %s", h->chained, h->hook, strerror(errno));
		return GL_ERROR;
	}
	if (unlink(h->hook) == 0) {
		if (made)
			rmdir(h->dir);   /* fails, and the folder stays, when something else is in it */
		return GL_HOOK_REMOVED;
	}
	return dir_error(h->dir, errno, "cannot be changed", err);
}

int gl_hook_uninstall(const char *path, gl_err *err)
{
	hookloc h;
	if (locate(path, 0, &h, err))
		return GL_ERROR;
	int rc = uninstall_at(&h, err);
	loc_free(&h);
	return rc;
}

int gl_hook_file(const char *path, char **out, gl_err *err)
{
	hookloc h;
	*out = NULL;
	if (locate(path, 0, &h, err))
		return GL_ERROR;
	*out = h.hook;
	h.hook = NULL;
	loc_free(&h);
	return 0;
}
