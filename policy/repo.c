/*
 * Git access through libgit2. This is the only file of govlint that uses
 * libgit2 (but gitconfig.c, which reads git's config as git does), and
 * govlint never runs the git program: staged content and old
 * revisions are read as git objects, nothing is checked out or written.
 *
 * A gl__repo is a work tree with a planning root inside it (`prefix`, the
 * root relative to the work tree); paths in and out are root-relative.
 * libgit2's index and object caches are not safe to share between threads,
 * so every call takes the repo's mutex; workers that blame plans at the
 * same time each open a gl__repo of their own (run.c, own_handle).
 */
#include "internal.h"

#include <git2.h>
#include <git2/sys/repository.h>

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

struct gl__repo {
	git_repository *git;
	char *workdir;      /* absolute, real, no trailing '/' ("/" alone) */
	char *root;         /* the planning root, absolute, real */
	char *prefix;       /* root relative to workdir: "" or "sub/dir" */
	pthread_mutex_t lock;
	int merging;        /* a merge is being committed (MERGE_HEAD), asked once */
	char **renames;     /* staged renames (git mv), new path then old, read once */
	size_t nrenames;
	int renames_read;
	git_commit *head;   /* HEAD's commit, resolved once (NULL: no commits yet) */
	int head_read;
	int index_read;     /* get_index has read the index file */
	gl__filelist unvouched; /* work-tree paths git's stat data does not vouch for, sorted */
	int vouch_read;     /* 0 not yet; 1 read; -1 cannot be: no file is vouched for */
	gl__tracer *tracer; /* blame's, made when a first plan is blamed */
	int trace_one;      /* gl__repo_trace_one */
};

/* ---- errors and small helpers ------------------------------------------ */

/* libgit2's last message, or NULL: some failures (a revision spec it
 * cannot resolve, as @{-1} without a reflog) set none. */
static const char *git_msg(void)
{
	const git_error *e = git_error_last();
	return e && e->message && *e->message ? e->message : NULL;
}

int gl__git_fail(gl_err *err, const char *fmt, ...)
{
	char what[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	const char *why = git_msg();
	if (why)
		gl__err_set(err, "%s: %s", what, why);
	else
		gl__err_set(err, "%s", what);   /* nothing to add: "unknown libgit2 error" said nothing */
	for (char *c = err ? err->msg : NULL; c && *c; c++)
		if (*c == '\n' || *c == '\r')
			*c = ' ';   /* one line */
	return -1;
}

void *gl__git_nomem(void *p)
{
	if (!p)
		git_error_set_oom();
	return p;
}

static int oom(gl_err *err)
{
	gl__err_set(err, "out of memory");
	return GL_ENOMEM;
}

/* 1 when libgit2's last error says memory ran out: its own allocations,
 * and the blame's (history.c's and this file's set it too). */
static int out_of_memory(void)
{
	const git_error *e = git_error_last();
	return e && e->klass == GIT_ERROR_NOMEMORY;
}

/* "a/b" from a and b; a may be "" (then b). malloc'd. */
char *gl__path_join(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	char *p = malloc(na + nb + 2);
	if (!p)
		return NULL;
	memcpy(p, a, na);
	size_t k = na;
	if (na && a[na - 1] != '/')
		p[k++] = '/';
	memcpy(p + k, b, nb + 1);
	return p;
}

/* Length of `base` when `p` is base itself or below it, else -1. */
static long below(const char *base, const char *p)
{
	size_t n = strlen(base);
	if (n == 1 && base[0] == '/')
		return p[0] == '/' ? 0 : -1;
	if (strncmp(p, base, n) != 0 || (p[n] != '/' && p[n] != '\0'))
		return -1;
	return (long)n;
}

static int is_head(const char *rev)
{
	return !rev || strcmp(rev, "HEAD") == 0;
}

/* ---- the file list ----------------------------------------------------- */

static int list_add(gl__filelist *l, const char *path, const char *why)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		char **v = realloc(l->v, cap * sizeof *v);
		if (!v)
			return -1;
		l->v = v;
		char **y = realloc(l->why, cap * sizeof *y);
		if (!y)
			return -1;
		l->why = y;
		l->cap = cap;
	}
	char *p = strdup(path), *w = why ? strdup(why) : NULL;
	if (!p || (why && !w)) {
		free(p);
		free(w);
		return -1;
	}
	l->v[l->n] = p;
	l->why[l->n++] = w;
	return 0;
}

typedef struct pair {
	char *v, *why;
} pair;

static int pair_cmp(const void *a, const void *b)
{
	return strcmp(((const pair *)a)->v, ((const pair *)b)->v);
}

/* Sorts by name and drops repeated names (keeping the first). */
static int list_sort(gl__filelist *l)
{
	pair *p = malloc((l->n + 1) * sizeof *p);
	if (!p)
		return -1;
	for (size_t i = 0; i < l->n; i++)
		p[i] = (pair){l->v[i], l->why[i]};
	qsort(p, l->n, sizeof *p, pair_cmp);
	size_t k = 0;
	for (size_t i = 0; i < l->n; i++) {
		if (k && strcmp(l->v[k - 1], p[i].v) == 0) {
			free(p[i].v);
			free(p[i].why);
			continue;
		}
		l->v[k] = p[i].v;
		l->why[k++] = p[i].why;
	}
	l->n = k;
	free(p);
	return 0;
}

/* ---- opening ----------------------------------------------------------- */

/* Work tree, root and prefix of a freshly opened repository. */
static int locate(gl__repo *r, const char *root, gl_err *err)
{
	char real[PATH_MAX], wd[PATH_MAX], gd[PATH_MAX];
	const char *w = git_repository_workdir(r->git);
	if (!realpath(root, real) || !w || !realpath(w, wd) ||
	    !realpath(git_repository_path(r->git), gd)) {
		gl__err_at(err, root, 0, 0, "cannot resolve the git work tree: %s", strerror(errno));
		return -1;
	}
	if (below(gd, real) >= 0) {
		gl__err_set(err, "%s is inside the .git folder, not the work tree", root);
		return -1;
	}
	long n = below(wd, real);
	if (n < 0) {
		gl__err_set(err, "%s is outside the work tree of the git repository at %s", root, wd);
		return -1;
	}
	const char *rest = real + n;
	r->workdir = strdup(wd);
	r->root = strdup(real);
	r->prefix = strdup(rest + (*rest == '/'));
	return r->workdir && r->root && r->prefix ? 0 : oom(err);
}

/* Uses $GIT_INDEX_FILE as the index when it is set. */
static int env_index(gl__repo *r, gl_err *err)
{
	const char *f = getenv("GIT_INDEX_FILE");
	if (!f || !*f)
		return 0;
	char *path = f[0] == '/' ? strdup(f) : gl__path_join(r->workdir, f);
	if (!path)
		return oom(err);
	git_index *idx = NULL;
	int rc = git_index_open(&idx, path);
	if (rc == 0)
		rc = git_repository_set_index(r->git, idx);
	if (rc < 0)
		gl__git_fail(err, "GIT_INDEX_FILE %s: cannot open the index", path);
	git_index_free(idx);
	free(path);
	return rc < 0 ? -1 : 0;
}

/* 1 when the repository's config sets core.worktree. */
static int has_core_worktree(gl__repo *r)
{
	git_config *cfg = NULL;
	git_config_entry *e = NULL;
	int set = git_repository_config_snapshot(&cfg, r->git) == 0 &&
	          git_config_get_entry(&e, cfg, "core.worktree") == 0;
	git_config_entry_free(e);
	git_config_free(cfg);
	git_error_clear();
	return set;
}

/* The work tree under $GIT_DIR, as git takes it: $GIT_WORK_TREE (relative
 * to the current folder; libgit2 1.5 refuses it under
 * GIT_REPOSITORY_OPEN_FROM_ENV, so it is set here), else core.worktree or a
 * linked worktree's own (libgit2 knows those), else the current folder. */
static int env_worktree(gl__repo *r, int git_dir, gl_err *err)
{
	const char *w = getenv("GIT_WORK_TREE");
	char real[PATH_MAX];
	if ((!w || !*w) && git_dir && !git_repository_is_bare(r->git) &&
	    !git_repository_is_worktree(r->git) && !has_core_worktree(r))
		w = ".";
	if (!w || !*w)
		return 0;
	if (!realpath(w, real)) {
		gl__err_set(err, "GIT_WORK_TREE %s: %s", w, strerror(errno));
		return -1;
	}
	if (git_repository_set_workdir(r->git, real, 0) < 0)
		return gl__git_fail(err, "GIT_WORK_TREE %s: cannot use it as the work tree", w);
	return 0;
}

/* The config git reads (gitconfig.c), where libgit2 1.5 knows only the
 * usual files: a hooks folder or an e-mail set through GIT_CONFIG_GLOBAL
 * and the like is the one git uses. */
static int env_config(gl__repo *r, gl_err *err)
{
	git_config *cfg;
	int rc = gl__git_config(&cfg, r->git, err);
	if (rc)
		return rc;
	rc = git_repository_set_config(r->git, cfg);
	git_config_free(cfg);
	return rc < 0 ? gl__git_fail(err, "cannot use the git config") : 0;
}

/* The repository at $GIT_DIR when it is set (as git, no search; its work
 * tree as env_worktree says), else the one holding root. */
static int open_git(gl__repo *r, const char *root, gl_err *err)
{
	const char *dir = getenv("GIT_DIR");
	int rc = dir && *dir ? git_repository_open_ext(&r->git, dir, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL)
	                     : git_repository_open_ext(&r->git, root, 0,
	                                               getenv("GIT_CEILING_DIRECTORIES"));
	if (rc == GIT_ENOTFOUND && dir && *dir)
		return gl__err_set(err, "GIT_DIR %s is not a git repository", dir), -1;
	if (rc == GIT_ENOTFOUND) {
		gl__err_set(err, "not in a git repository: %s", root);
		return -1;
	}
	if (rc < 0)
		return gl__git_fail(err, "%s: cannot open the git repository", dir && *dir ? dir : root);
	if (env_worktree(r, dir && *dir, err))
		return -1;
	if (git_repository_is_bare(r->git)) {
		gl__err_set(err, "%s is in a bare git repository, which has no work tree", root);
		return -1;
	}
	return 0;
}

int gl__repo_open(gl__repo **out, const char *root, gl_err *err)
{
	*out = NULL;
	gl__repo *r = calloc(1, sizeof *r);
	if (!r)
		return oom(err);
	if (git_libgit2_init() < 0) {
		free(r);
		return gl__git_fail(err, "cannot initialise libgit2");
	}
	/* libgit2 caches trees only up to 4 KiB: a plans/ folder of a thousand
	 * plans (a 40 KB tree) was inflated again for every plan. */
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, (size_t)1 << 20);
	/* ... but not every tree a run reads: tracing sign-offs diffs each
	 * commit's tree once (history.c), and 256 MiB, libgit2's default, kept
	 * them all (a 2,000-commit history of 1,000 plans peaked at 200 MB; at
	 * 8 MiB 57 MB, in the same time). */
	git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)8 << 20);
	/* Objects are read as the git program reads them, without hashing each
	 * again: a hook that reads the ids of a thousand plans spent a sixth of
	 * its time re-verifying blobs (`git fsck` is the integrity check). */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	if (pthread_mutex_init(&r->lock, NULL) != 0) {
		git_libgit2_shutdown();
		free(r);
		return oom(err);
	}
	gl__watch_begin();
	int rc = open_git(r, root, err);
	if (rc || (rc = locate(r, root, err)) || (rc = env_index(r, err)) ||
	    (rc = env_config(r, err))) {
		gl__repo_free(r);
		return rc;
	}
	r->merging = git_repository_state(r->git) == GIT_REPOSITORY_STATE_MERGE;
	*out = r;
	return 0;
}

void gl__repo_free(gl__repo *r)
{
	if (!r)
		return;
	git_repository_free(r->git);
	free(r->workdir);
	free(r->root);
	free(r->prefix);
	for (size_t i = 0; i < r->nrenames; i++)
		free(r->renames[i]);
	free(r->renames);
	gl__filelist_free(&r->unvouched);
	git_commit_free(r->head);
	gl__tracer_free(r->tracer);
	pthread_mutex_destroy(&r->lock);
	free(r);
	gl__watch_end();
	git_libgit2_shutdown();
}

const char *gl__repo_workdir(const gl__repo *r)
{
	return r->workdir;
}

const char *gl__repo_prefix(const gl__repo *r)
{
	return r->prefix;
}

void gl__repo_git_paths(gl__repo *r, const char **dir, const char **common, const char **index)
{
	git_index *idx = NULL;   /* the repository keeps it loaded, and its path */
	pthread_mutex_lock(&r->lock);
	*dir = git_repository_path(r->git);
	*common = git_repository_commondir(r->git);
	*index = git_repository_index(&idx, r->git) == 0 ? git_index_path(idx) : NULL;
	git_index_free(idx);
	git_error_clear();
	pthread_mutex_unlock(&r->lock);
}

/* The work-tree path of a root-relative one. malloc'd. */
static char *full_path(const gl__repo *r, const char *rel)
{
	return gl__path_join(r->prefix, rel);
}

/* The root-relative part of a work-tree path, or NULL when outside root. */
static const char *rel_path(const gl__repo *r, const char *full)
{
	size_t n = strlen(r->prefix);
	if (!n)
		return full;
	if (strncmp(full, r->prefix, n) != 0 || full[n] != '/')
		return NULL;
	return full + n + 1;
}

/* ---- objects ----------------------------------------------------------- */

/* The index, brought up to date with the file on disk once per handle: a
 * run reads one index, and each file read from it does not cost five
 * system calls to learn that the file has not changed. Under r->lock. */
/* Why the index cannot be used. libgit2 calls an index that is there but
 * that it cannot parse one that "no longer exists": say what it is first. */
static int index_fail(gl__repo *r, const char *what, gl_err *err)
{
	char *path = gl__path_join(git_repository_path(r->git), "index");
	int rc = path && access(path, F_OK) == 0
	             ? gl__git_fail(err, "%s %s, which is damaged or no git index", what, path)
	             : gl__git_fail(err, "%s", what);
	free(path);
	return rc;
}

static int get_index(gl__repo *r, git_index **idx, gl_err *err)
{
	if (git_repository_index(idx, r->git) < 0)
		return index_fail(r, "cannot open the git index", err);
	if (!r->index_read && git_index_read(*idx, 0) < 0) {
		git_index_free(*idx);
		*idx = NULL;
		return index_fail(r, "cannot read the git index", err);
	}
	r->index_read = 1;
	return 0;
}

/* A revision that cannot be peeled to `want` (rc, git_object_peel's): one
 * naming another kind of object (HEAD:plans, a tree) said in git's words,
 * not libgit2's; any other failure (an object missing) as libgit2 says it. */
static void not_a(gl_err *err, const char *spec, const git_object *obj, int rc, const char *want)
{
	if (rc != GIT_EPEEL && rc != GIT_EINVALIDSPEC) {
		gl__git_fail(err, "revision '%s' cannot be read", spec);
		return;
	}
	git_object_t t = git_object_type(obj);
	const char *is = t == GIT_OBJECT_TREE ? "a folder (tree)"
	               : t == GIT_OBJECT_BLOB ? "a file (blob)"
	               : t == GIT_OBJECT_TAG  ? "a tag of no commit"
	                                      : "another kind of object";
	gl__err_set(err, "revision '%s' is %s, not %s: name a commit (a branch, tag or hash)", spec,
	            is, want);
	git_error_clear();
}

static const char fetch_more[] = "fetch more history (git fetch --unshallow, or fetch-depth: 0 "
                                 "in actions/checkout)";

/* A revision git_revparse_single could not find: in a shallow clone it may
 * lie beyond the history the clone holds, so that is said too. */
static int unknown_rev(gl__repo *r, const char *spec, gl_err *err)
{
	gl__git_fail(err, "unknown revision '%s'", spec);
	if (git_repository_is_shallow(r->git) == 1) {
		size_t n = strlen(err->msg);
		snprintf(err->msg + n, sizeof err->msg - n, "; the clone is shallow, and its history "
		         "may stop before it: %s", fetch_more);
	}
	return -1;
}

/* HEAD's commit, NULL when it has none yet. Resolved once per handle: a
 * traced check asked for it three times a plan, each reading .git/HEAD and
 * the branch's ref again; now every blame through the handle starts at the
 * same commit. */
static int head_commit(gl__repo *r, const git_commit **out, gl_err *err)
{
	if (!r->head_read) {
		git_object *obj = NULL;
		int unborn = git_repository_head_unborn(r->git);
		if (unborn != 1 && git_revparse_single(&obj, r->git, "HEAD") < 0)
			return unknown_rev(r, "HEAD", err);
		int rc = obj ? git_object_peel((git_object **)&r->head, obj, GIT_OBJECT_COMMIT) : 0;
		if (rc < 0)
			not_a(err, "HEAD", obj, rc, "a commit");
		git_object_free(obj);
		if (rc < 0)
			return -1;
		r->head_read = 1;
	}
	*out = r->head;
	return 0;
}

/* The tree of a revision; NULL for HEAD of a repository without commits. */
static int rev_tree(gl__repo *r, const char *rev, git_tree **out, gl_err *err)
{
	const char *spec = rev ? rev : "HEAD";
	git_object *obj = NULL;
	*out = NULL;
	if (is_head(spec)) {
		const git_commit *head;
		if (head_commit(r, &head, err))
			return -1;
		int rc = head ? git_commit_tree(out, head) : 0;
		if (rc < 0)
			not_a(err, spec, (const git_object *)head, rc, "a commit or tree");
		return rc < 0 ? -1 : 0;
	}
	int rc = git_revparse_single(&obj, r->git, spec);
	if (rc < 0)
		return unknown_rev(r, spec, err);
	rc = git_object_peel((git_object **)out, obj, GIT_OBJECT_TREE);
	if (rc < 0)
		not_a(err, spec, obj, rc, "a commit or tree");
	git_object_free(obj);
	return rc < 0 ? -1 : 0;
}

static int rev_commit(gl__repo *r, const char *spec, git_commit **out, gl_err *err)
{
	git_object *obj = NULL;
	*out = NULL;
	if (git_revparse_single(&obj, r->git, spec) < 0)
		return unknown_rev(r, spec, err);
	int rc = git_object_peel((git_object **)out, obj, GIT_OBJECT_COMMIT);
	if (rc < 0)
		not_a(err, spec, obj, rc, "a commit");
	git_object_free(obj);
	return rc < 0 ? -1 : 0;
}

/* ---- listing ----------------------------------------------------------- */

typedef struct lister {
	const char *const *globs;
	size_t nglobs;
	gl__filelist *out;
	int oom;
} lister;

static int hidden(const char *rel)
{
	return rel[0] == '.' || strstr(rel, "/.") != NULL;
}

/* Adds a root-relative path of the given mode when a glob wants it. */
static void consider(lister *ls, const char *rel, git_filemode_t mode, const char *why)
{
	int want = 0;
	for (size_t i = 0; i < ls->nglobs && !want; i++)
		want = gl__glob_match(ls->globs[i], rel) ||
		       (mode == GIT_FILEMODE_COMMIT && gl__glob_enters(ls->globs[i], rel));
	if (!want || hidden(rel))
		return;
	if (!why && mode == GIT_FILEMODE_COMMIT)
		why = GL__SUBMODULE;
	if (list_add(ls->out, rel, why))
		ls->oom = 1;
}

static int list_index(gl__repo *r, lister *ls, gl_err *err)
{
	git_index *idx = NULL;
	if (get_index(r, &idx, err))
		return -1;
	const char *last = "";
	size_t n = git_index_entrycount(idx);
	for (size_t i = 0; i < n && !ls->oom; i++) {
		const git_index_entry *e = git_index_get_byindex(idx, i);
		if (!e || (e->flags_extended & GIT_INDEX_ENTRY_INTENT_TO_ADD))
			continue;
		int conflict = git_index_entry_is_conflict(e);
		if (conflict && strcmp(last, e->path) == 0)
			continue;
		last = e->path;
		const char *rel = rel_path(r, e->path);
		if (rel)
			consider(ls, rel, (git_filemode_t)e->mode,
			         conflict ? "unmerged in the index: not checked" : NULL);
	}
	git_index_free(idx);
	return 0;
}

static int walk_cb(const char *dir, const git_tree_entry *e, void *payload)
{
	lister *ls = payload;
	const char *name = git_tree_entry_name(e);
	if (git_tree_entry_type(e) == GIT_OBJECT_TREE)
		return name[0] == '.';   /* 1: do not enter hidden folders */
	char *rel = gl__path_join(dir, name);
	if (!rel) {
		ls->oom = 1;
		return -1;
	}
	consider(ls, rel, git_tree_entry_filemode(e), NULL);
	free(rel);
	return ls->oom ? -1 : 0;
}

/* The tree at the planning root inside `top`, or NULL when there is none. */
static int root_tree(gl__repo *r, git_tree *top, git_tree **out, gl_err *err)
{
	*out = NULL;
	if (!*r->prefix)
		return git_tree_dup(out, top) < 0 ? gl__git_fail(err, "cannot copy a tree") : 0;
	git_tree_entry *e = NULL;
	int rc = git_tree_entry_bypath(&e, top, r->prefix);
	if (rc == GIT_ENOTFOUND)
		return 0;
	if (rc < 0)
		return gl__git_fail(err, "%s: cannot read the tree", r->prefix);
	if (git_tree_entry_type(e) == GIT_OBJECT_TREE &&
	    git_tree_lookup(out, r->git, git_tree_entry_id(e)) < 0)
		rc = gl__git_fail(err, "%s: cannot read the tree", r->prefix);
	git_tree_entry_free(e);
	return rc < 0 ? -1 : 0;
}

static int list_rev(gl__repo *r, const char *rev, lister *ls, gl_err *err)
{
	git_tree *top = NULL, *tree = NULL;
	if (rev_tree(r, rev, &top, err))
		return -1;
	int rc = top ? root_tree(r, top, &tree, err) : 0;
	if (rc == 0 && tree && git_tree_walk(tree, GIT_TREEWALK_PRE, walk_cb, ls) < 0 && !ls->oom)
		rc = gl__git_fail(err, "cannot walk the tree of '%s'", rev ? rev : "HEAD");
	git_tree_free(tree);
	git_tree_free(top);
	return rc;
}

int gl__repo_list(gl__repo *r, gl__src src, const char *rev, const char *const *globs,
                  size_t nglobs, gl__filelist *out, gl_err *err)
{
	if (src == GL__SRC_WORKTREE)
		return gl__list_files(r->root, globs, nglobs, out, err);
	lister ls = {globs, nglobs, out, 0};
	pthread_mutex_lock(&r->lock);
	int rc = src == GL__SRC_INDEX ? list_index(r, &ls, err) : list_rev(r, rev, &ls, err);
	pthread_mutex_unlock(&r->lock);
	if (rc == 0 && (ls.oom || list_sort(out)))
		return oom(err);
	return rc;
}

/* ---- reading ----------------------------------------------------------- */

/* Refuses what is not a regular file. */
static int check_mode(const char *path, unsigned mode, gl_err *err)
{
	const char *why = mode == GIT_FILEMODE_COMMIT   ? GL__SUBMODULE
	                : mode == GIT_FILEMODE_TREE     ? "a folder, not a file"
	                                                : NULL;
	if (why)
		gl__err_at(err, path, 0, 0, "%s", why);
	return why ? -1 : 0;
}

/* What git holds for a path: the index, or a revision's tree (NULL: a
 * repository without commits, which holds nothing). */
typedef struct holder {
	git_index *idx;
	git_tree *tree;
} holder;

static int holder_open(gl__repo *r, gl__src src, const char *rev, holder *h, gl_err *err)
{
	*h = (holder){NULL, NULL};
	return src == GL__SRC_INDEX ? get_index(r, &h->idx, err) : rev_tree(r, rev, &h->tree, err);
}

static void holder_close(holder *h)
{
	git_index_free(h->idx);
	git_tree_free(h->tree);
}

/* 1 when the index holds a file below the folder `full`. */
static int index_folder(git_index *idx, const char *full)
{
	char prefix[PATH_MAX];
	size_t at;
	int n = snprintf(prefix, sizeof prefix, "%s/", full);
	return n > 0 && (size_t)n < sizeof prefix && git_index_find_prefix(&at, idx, prefix) == 0;
}

/* A path the index holds only as a merge conflict's sides (stages 1-3):
 * neither there nor absent, so not read as either. */
enum { UNMERGED = -4 };
static const char unmerged_why[] = "unmerged in the index: resolve the conflict, then git add it";

static int conflicted(git_index *idx, const char *full)
{
	for (int stage = 1; stage <= 3; stage++)
		if (git_index_get_bypath(idx, full, stage))
			return 1;
	return 0;
}

/* The mode and object at work-tree path `full`: 0, GL__ABSENT, UNMERGED or
 * -1. The index holds no folders: one with files below it is taken as a
 * tree is. */
static int entry_at(const holder *h, const char *full, unsigned *mode, git_oid *id)
{
	if (h->idx) {
		const git_index_entry *e = git_index_get_bypath(h->idx, full, 0);
		if (!e && conflicted(h->idx, full))
			return UNMERGED;
		if (!e && index_folder(h->idx, full)) {
			*mode = GIT_FILEMODE_TREE;
			return 0;
		}
		if (!e || (e->flags_extended & GIT_INDEX_ENTRY_INTENT_TO_ADD))
			return GL__ABSENT;
		*mode = e->mode;
		git_oid_cpy(id, &e->id);
		return 0;
	}
	git_tree_entry *e = NULL;
	int rc = h->tree ? git_tree_entry_bypath(&e, h->tree, full) : GIT_ENOTFOUND;
	if (rc < 0)
		return rc == GIT_ENOTFOUND ? GL__ABSENT : -1;
	*mode = git_tree_entry_filemode(e);
	git_oid_cpy(id, git_tree_entry_id(e));
	git_tree_entry_free(e);
	return 0;
}

/* A work-tree-relative path without empty, "." or ".." segments, in place
 * (a ".." takes away the segment before it); NULL when one climbs above
 * the top. */
static char *normal_path(char *p)
{
	size_t n = 0;
	for (const char *q = p; *q;) {
		size_t k = strcspn(q, "/");
		if (k == 2 && q[0] == '.' && q[1] == '.') {
			if (!n)
				return NULL;
			while (n && p[--n] != '/')
				;
		} else if (k && !(k == 1 && *q == '.')) {
			if (n)
				p[n++] = '/';
			memmove(p + n, q, k);
			n += k;
		}
		q += k + (q[k] == '/');
	}
	p[n] = '\0';
	return n ? p : NULL;
}

/* The work-tree path a symlink at `from` (its blob `id`) names, made
 * canonical; NULL when it leaves the work tree (or is unreadable, or
 * memory runs out: *oom). */
static char *link_target(gl__repo *r, const char *from, const git_oid *id, int *oom_)
{
	git_blob *blob = NULL;
	if (git_blob_lookup(&blob, r->git, id) < 0)
		return NULL;
	size_t n = (size_t)git_blob_rawsize(blob);
	const char *t = git_blob_rawcontent(blob);
	size_t wd = strcmp(r->workdir, "/") == 0 ? 0 : strlen(r->workdir);
	char *out = NULL;
	if (n && n < PATH_MAX && !memchr(t, '\0', n)) {
		int abs = t[0] == '/';   /* absolute: inside the work tree, or it leaves */
		if (abs && (n <= wd || strncmp(t, r->workdir, wd) != 0 || t[wd] != '/'))
			goto done;
		const char *dir_end = strrchr(from, '/');
		size_t dn = abs ? 0 : dir_end ? (size_t)(dir_end - from) : 0;
		char *p = malloc(dn + n + 2);
		if (!(*oom_ = !p)) {
			snprintf(p, dn + n + 2, "%.*s%s%.*s", (int)dn, from, dn ? "/" : "",
			         (int)(abs ? n - wd - 1 : n), abs ? t + wd + 1 : t);
			if (!(out = normal_path(p)))   /* `..` above the top, or nothing left */
				free(p);
		}
	}
done:
	git_blob_free(blob);
	return out;
}

/* When a folder on *full's way is a symlink in git (git holds no entry
 * below it), *full through that link's target: 1; 0 when none is; -1 when
 * the link leaves the work tree (or memory ran out: *oom). */
static int folder_link(gl__repo *r, const holder *h, char **full, int *oom_)
{
	for (char *slash = strchr(*full, '/'); slash; slash = strchr(slash + 1, '/')) {
		unsigned mode = 0;
		git_oid id;
		*slash = '\0';
		int rc = entry_at(h, *full, &mode, &id);
		char *target = rc == 0 && mode == GIT_FILEMODE_LINK ? link_target(r, *full, &id, oom_) : NULL;
		*slash = '/';
		if (rc != 0 || mode != GIT_FILEMODE_LINK)
			continue;
		if (!target)
			return -1;   /* it leaves, or *oom */
		char *next = gl__path_join(target, slash + 1);
		free(target);
		if (!next)
			return *oom_ = 1, -1;
		if (!normal_path(next))   /* the rest's `..` climbs above the top */
			return free(next), -1;
		free(*full);
		*full = next;
		return 1;
	}
	return 0;
}

/* Follows git's symlinks from the entry at *full (mode, id), as the work
 * tree's walk does: through other links, a folder's too, at most 40, to a
 * file inside the planning root; *full becomes the file's path. NULL, or
 * why it is not followed. */
static const char *follow(gl__repo *r, const holder *h, char **full, unsigned *mode, git_oid *id,
                          int *oom_)
{
	static const char leaves[] = "symlink leaves the repository: not followed";
	for (int hops = 0; *mode == GIT_FILEMODE_LINK;) {
		char *next = link_target(r, *full, id, oom_);
		if (!next)
			return *oom_ ? NULL : leaves;
		free(*full);
		*full = next;
		int rc;
		while ((rc = entry_at(h, *full, mode, id)) == GL__ABSENT) {
			int k = folder_link(r, h, full, oom_);
			if (k <= 0)
				return *oom_ ? NULL : k ? leaves : "dangling symlink: not followed";
			if (++hops == 40)
				return "symlink loop: not followed";
		}
		if (rc < 0)
			return rc == UNMERGED ? unmerged_why : "cannot read the link's target";
		if (++hops == 40 && *mode == GIT_FILEMODE_LINK)
			return "symlink loop: not followed";
	}
	return rel_path(r, *full) ? NULL : leaves;
}

/* The object h holds for root-relative `path` (a symlink followed to its
 * file), and in *full that file's work-tree path; 0, GL__ABSENT or -1. */
static int locate_in(gl__repo *r, const holder *h, gl__src src, const char *rev,
                     const char *path, char **full, git_oid *id, gl_err *err)
{
	unsigned mode = 0;
	int rc = entry_at(h, *full, &mode, id), oom_ = 0;
	if (rc == GL__ABSENT)
		gl__err_at(err, path, 0, 0, src == GL__SRC_INDEX ? "not in the git index"
		                                                 : "not in revision '%s'", rev ? rev : "HEAD");
	else if (rc == UNMERGED)
		rc = (gl__err_at(err, path, 0, 0, "%s", unmerged_why), -1);
	else if (rc < 0)
		gl__git_fail(err, "%s: cannot read revision '%s'", path, rev ? rev : "HEAD");
	const char *why = rc == 0 ? follow(r, h, full, &mode, id, &oom_) : NULL;
	if (oom_)
		rc = oom(err);
	else if (why)
		rc = (gl__err_at(err, path, 0, 0, "%s", why), -1);
	else if (rc == 0)
		rc = check_mode(path, mode, err);
	return rc;
}

static int locate_blob(gl__repo *r, gl__src src, const char *rev, const char *path, char **full,
                       git_oid *id, gl_err *err)
{
	holder h;
	if (holder_open(r, src, rev, &h, err))
		return -1;
	int rc = locate_in(r, &h, src, rev, path, full, id, err);
	holder_close(&h);
	return rc;
}

/* Reads a blob, checking its size in the object header first. */
static int read_blob(gl__repo *r, const char *path, const git_oid *id, size_t max,
                     char **buf, size_t *len, gl_err *err)
{
	git_odb *odb = NULL;
	git_object_t type;
	size_t size = 0;
	if (git_repository_odb(&odb, r->git) < 0)
		return gl__git_fail(err, "%s: cannot open the object database", path);
	int rc = git_odb_read_header(&size, &type, odb, id);
	git_odb_free(odb);
	if (rc < 0)
		return gl__git_fail(err, "%s: cannot read the object", path);
	if (size > max) {
		gl__err_at(err, path, 0, 0, "file is %zu bytes, over the %zu-byte limit", size, max);
		return -1;
	}
	git_blob *blob = NULL;
	if (git_blob_lookup(&blob, r->git, id) < 0)
		return gl__git_fail(err, "%s: cannot read the object", path);
	size = (size_t)git_blob_rawsize(blob);
	char *p = malloc(size + 1);
	if (p) {
		memcpy(p, git_blob_rawcontent(blob), size);
		p[size] = '\0';
	}
	git_blob_free(blob);
	if (!p)
		return oom(err);
	*buf = p;
	*len = size;
	return 0;
}

/* ---- files git's stat data vouches for --------------------------------- */

/* A file compared (the stall watch's progress: a work tree git has to
 * hash file by file takes a while). */
static int diff_step(const git_diff *d, const char *from, const char *to, void *payload)
{
	GL__UNUSED(d);
	GL__UNUSED(from);
	GL__UNUSED(to);
	GL__UNUSED(payload);
	gl__progress();
	return 0;
}

/* Reads, once, the files below the planning root that git's stat data
 * does not vouch for: those git_diff_index_to_workdir finds changed (it
 * compares each file's size, times, inode and mode with what the index
 * recorded when it was staged, and hashes the file only when they differ
 * or the index was written too soon after it to tell, as `git status`
 * does), and those the index marks assume-unchanged or skip-worktree,
 * whose work-tree files git does not look at. Under r->lock. */
static void read_unvouched(gl__repo *r)
{
	git_diff_options o = GIT_DIFF_OPTIONS_INIT;
	git_diff *diff = NULL;
	git_index *idx = NULL;
	char *spec = r->prefix;
	o.flags = GIT_DIFF_SKIP_BINARY_CHECK | GIT_DIFF_DISABLE_PATHSPEC_MATCH;
	o.ignore_submodules = GIT_SUBMODULE_IGNORE_ALL;
	o.progress_cb = diff_step;
	if (*spec)
		o.pathspec = (git_strarray){&spec, 1};
	int ok = git_repository_index(&idx, r->git) == 0 &&
	         git_diff_index_to_workdir(&diff, r->git, idx, &o) == 0;
	for (size_t i = 0, n = ok ? git_diff_num_deltas(diff) : 0; ok && i < n; i++)
		ok = list_add(&r->unvouched, git_diff_get_delta(diff, i)->new_file.path, NULL) == 0;
	for (size_t i = 0, n = ok ? git_index_entrycount(idx) : 0; ok && i < n; i++) {
		const git_index_entry *e = git_index_get_byindex(idx, i);
		if ((e->flags & GIT_INDEX_ENTRY_VALID) ||
		    (e->flags_extended & GIT_INDEX_ENTRY_SKIP_WORKTREE))
			ok = list_add(&r->unvouched, e->path, NULL) == 0;
	}
	git_diff_free(diff);
	git_index_free(idx);
	git_error_clear();
	r->vouch_read = ok && gl__filelist_sort(&r->unvouched) == 0 ? 1 : -1;
}

/* 1 when git's stat data vouches for the work tree's file at work-tree
 * path `full`: it is what the index staged, as git stores it (through any
 * filter git would apply). */
static int vouched_locked(gl__repo *r, const char *full)
{
	if (!r->vouch_read)
		read_unvouched(r);
	const gl__filelist *l = &r->unvouched;
	return r->vouch_read == 1 &&
	       !(l->n && bsearch(&full, l->v, l->n, sizeof *l->v, gl__by_str));
}

static int vouched(gl__repo *r, const char *full)
{
	pthread_mutex_lock(&r->lock);
	int v = vouched_locked(r, full);
	pthread_mutex_unlock(&r->lock);
	return v;
}

/* 1 when bytes git vouches for are the blob itself: git's two filters
 * (libgit2's too) change nothing in them. Line endings are converted only
 * at a carriage return, and an `ident` attribute expands only "$Id". */
static int unfiltered(const char *buf, size_t len)
{
	if (memchr(buf, '\r', len))
		return 0;
	for (const char *p = buf, *end = buf + len; (p = memchr(p, '$', (size_t)(end - p))); p++)
		if (end - p >= 3 && p[1] == 'I' && p[2] == 'd')
			return 0;
	return 1;
}

/* 1, with its bytes, when the work tree's file at work-tree path `full`
 * is blob `id`, byte for byte: as the index's plans that a commit does not
 * touch are. Reading and hashing the file takes less time than inflating
 * the blob (the pre-commit hook reads the ids of every other plan: 90 ms
 * to 65 ms on 1,000 plans). With `peek`, a file git's stat data vouches
 * for is taken without hashing when filters cannot have changed it (for a
 * look at another plan's id: hashing was most of the hook's time). 0 for
 * anything else (no such file, other bytes, a symlink, over `max`, a file
 * git filters): then the blob is read, and tells what is wrong. Locks r
 * only to learn, once, what git vouches for. */
static int same_in_worktree(gl__repo *r, const char *full, const git_oid *id, size_t max,
                            int peek, char **buf, size_t *len)
{
	char *p = gl__path_join(r->workdir, full);
	gl_err ignored;
	git_oid got;
	int same = p && gl__read_file(p, max, buf, len, &ignored) == 0;
	free(p);
	if (!same)
		return 0;
	if (peek && unfiltered(*buf, *len) && vouched(r, full))
		return 1;
	if (git_odb_hash(&got, *buf, *len, GIT_OBJECT_BLOB) == 0 && git_oid_equal(&got, id))
		return 1;
	free(*buf);
	*buf = NULL;
	*len = 0;
	return 0;
}

/* Locks r for libgit2's objects, not for the work tree's read. The index
 * is read from the work tree where it can be; a revision, whose files
 * differ from the work tree's more often, from its blobs. */
static int repo_read(gl__repo *r, gl__src src, const char *rev, const char *path, size_t max,
                     int peek, char **buf, size_t *len, unsigned char *blob, gl_err *err)
{
	char *full = full_path(r, path);
	if (!full)
		return oom(err);
	git_oid id;
	pthread_mutex_lock(&r->lock);
	int rc = locate_blob(r, src, rev, path, &full, &id, err);
	pthread_mutex_unlock(&r->lock);
	if (rc == 0 &&
	    (src != GL__SRC_INDEX || !same_in_worktree(r, full, &id, max, peek, buf, len))) {
		pthread_mutex_lock(&r->lock);
		rc = read_blob(r, path, &id, max, buf, len, err);
		pthread_mutex_unlock(&r->lock);
	}
	if (rc == 0 && blob)
		memcpy(blob, id.id, GL__BLOB_ID);
	free(full);
	return rc;
}

int gl__repo_origins(gl__repo *r, gl__src src, const char *rev, const char *const *paths,
                     size_t n, char **out)
{
	holder h;
	gl_err e;
	int rc = 0;
	memset(out, 0, n * sizeof *out);
	pthread_mutex_lock(&r->lock);
	int held = holder_open(r, src, rev, &h, &e) == 0;   /* else each path is itself */
	for (size_t i = 0; held && rc == 0 && i < n; i++) {
		char *full = full_path(r, paths[i]);
		git_oid id;
		const char *rel = full && locate_in(r, &h, src, rev, paths[i], &full, &id, &e) == 0
		                      ? rel_path(r, full) : NULL;
		if (!full || (rel && strcmp(rel, paths[i]) != 0 && !(out[i] = strdup(rel))))
			rc = -1;
		free(full);
	}
	if (held)
		holder_close(&h);
	git_error_clear();
	pthread_mutex_unlock(&r->lock);
	return rc;
}

const char *gl__repo_origin(gl__repo *r, gl__src src, const char *rev, const char *path,
                            char out[PATH_MAX])
{
	char *to = NULL;
	if (gl__repo_origins(r, src, rev, &path, 1, &to) == 0 && to && strlen(to) < PATH_MAX)
		path = memcpy(out, to, strlen(to) + 1);
	free(to);
	return path;
}

int gl__repo_read(gl__repo *r, gl__src src, const char *rev, const char *path, size_t max,
                  char **buf, size_t *len, unsigned char *blob, gl_err *err)
{
	*buf = NULL;
	*len = 0;
	if (blob)
		memset(blob, 0, GL__BLOB_ID);
	if (src == GL__SRC_WORKTREE) {
		char *p = gl__path_join(r->root, path);
		int rc = p ? gl__read_file(p, max, buf, len, err) : oom(err);
		free(p);
		return rc;
	}
	return repo_read(r, src, rev, path, max, 0, buf, len, blob, err);
}

int gl__repo_peek(gl__repo *r, const char *path, size_t max, char **buf, size_t *len,
                  gl_err *err)
{
	*buf = NULL;
	*len = 0;
	return repo_read(r, GL__SRC_INDEX, NULL, path, max, 1, buf, len, NULL, err);
}

/* ---- what changed ------------------------------------------------------ */

/* The tree of the merge base of rev and HEAD; NULL when HEAD has no
 * commits and rev is HEAD. */
/* 1 when `to` is `from` or one of its ancestors within the first
 * SHALLOW_WALK commits, walking parents breadth-first (a parent a shallow
 * clone lacks ends that branch of the walk); 0 otherwise, -1 out of memory. */
enum { SHALLOW_WALK = 2048 };
static int reaches(gl__repo *r, const git_oid *from, const git_oid *to)
{
	git_oid *seen = malloc(SHALLOW_WALK * sizeof *seen);
	if (!seen)
		return -1;
	size_t n = 0, next = 0;
	git_oid_cpy(&seen[n++], from);
	int found = 0;
	while (!found && next < n) {
		git_commit *c = NULL;
		if (git_oid_equal(&seen[next], to))
			found = 1;
		else if (git_commit_lookup(&c, r->git, &seen[next]) == 0)
			for (unsigned i = 0; i < git_commit_parentcount(c) && n < SHALLOW_WALK; i++) {
				const git_oid *p = git_commit_parent_id(c, i);
				size_t k = 0;
				while (k < n && !git_oid_equal(&seen[k], p))
					k++;
				if (k == n)
					git_oid_cpy(&seen[n++], p);
			}
		git_commit_free(c);
		next++;
	}
	git_error_clear();
	free(seen);
	return found;
}

/* In a shallow clone, libgit2 1.5's git_merge_base fails when its walk
 * meets the cut, even when the base is on this side of it (REV an earlier
 * commit of HEAD's branch, the cut commit itself with --depth 2 and
 * --since HEAD~1): the base is then whichever of a and b the other
 * reaches. GIT_ENOTFOUND when neither does, -1 out of memory. */
static int shallow_base(gl__repo *r, const git_oid *a, const git_oid *b, git_oid *out)
{
	int rc = reaches(r, b, a);
	if (rc == 1)
		git_oid_cpy(out, a);
	else if (rc == 0 && (rc = reaches(r, a, b)) == 1)
		git_oid_cpy(out, b);
	return rc < 0 ? -1 : rc ? 0 : GIT_ENOTFOUND;
}

static int base_tree(gl__repo *r, const char *rev, git_tree **out, gl_err *err)
{
	*out = NULL;
	if (is_head(rev))
		return rev_tree(r, "HEAD", out, err);
	if (git_repository_head_unborn(r->git) == 1) {
		gl__err_set(err, "HEAD has no commits yet: nothing to compare with '%s'", rev);
		return -1;
	}
	git_commit *a = NULL, *b = NULL, *base = NULL;
	git_oid id;
	int rc = rev_commit(r, rev, &a, err) || rev_commit(r, "HEAD", &b, err) ? -1 : 0;
	int mb = rc ? 0 : git_merge_base(&id, r->git, git_commit_id(a), git_commit_id(b));
	if (mb < 0 && git_repository_is_shallow(r->git) == 1 &&
	    shallow_base(r, git_commit_id(a), git_commit_id(b), &id) == 0)
		mb = 0;
	if (mb < 0 && git_repository_is_shallow(r->git) == 1)   /* the walk met the cut */
		gl__err_set(err, "cannot find the merge base of '%s' and HEAD: the clone is shallow; %s",
		            rev, fetch_more);
	else if (mb == GIT_ENOTFOUND)
		gl__err_set(err, "'%s' and HEAD have no common ancestor", rev);
	else if (mb < 0)
		gl__git_fail(err, "cannot find the merge base of '%s' and HEAD", rev);
	if (mb < 0)
		rc = -1;
	if (rc == 0 && git_commit_lookup(&base, r->git, &id) < 0)
		rc = gl__git_fail(err, "cannot read the merge base of '%s' and HEAD", rev);
	if (rc == 0 && git_commit_tree(out, base) < 0)
		rc = gl__git_fail(err, "cannot read the tree of the merge base of '%s'", rev);
	git_commit_free(a);
	git_commit_free(b);
	git_commit_free(base);
	return rc;
}

static int diff_paths(gl__repo *r, git_diff *d, gl__filelist *out)
{
	size_t n = git_diff_num_deltas(d);
	for (size_t i = 0; i < n; i++) {
		const git_diff_delta *dl = git_diff_get_delta(d, i);
		const char *paths[2] = {dl->old_file.path, dl->new_file.path};
		for (int k = 0; k < 2; k++) {
			const char *rel = paths[k] ? rel_path(r, paths[k]) : NULL;
			if (rel && list_add(out, rel, NULL))
				return -1;
		}
	}
	return 0;
}

/* A rename is a deletion and an addition: both paths are listed either
 * way, so no rename detection is needed. */
static int repo_changed(gl__repo *r, const char *rev, gl__src against, gl__filelist *out,
                        gl_err *err)
{
	git_tree *base = NULL;
	git_index *idx = NULL;
	git_diff *d = NULL;
	git_diff_options o = GIT_DIFF_OPTIONS_INIT;
	if (base_tree(r, rev, &base, err))
		return -1;
	int rc = 0;
	if (against == GL__SRC_INDEX) {
		if ((rc = get_index(r, &idx, err)) == 0 &&
		    git_diff_tree_to_index(&d, r->git, base, idx, &o) < 0)
			rc = gl__git_fail(err, "cannot compare the index with '%s'", rev ? rev : "HEAD");
	} else {
		o.flags |= GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS;
		if (git_diff_tree_to_workdir_with_index(&d, r->git, base, &o) < 0)
			rc = gl__git_fail(err, "cannot compare the work tree with '%s'", rev ? rev : "HEAD");
	}
	if (rc == 0 && diff_paths(r, d, out))
		rc = oom(err);
	git_diff_free(d);
	git_index_free(idx);
	git_tree_free(base);
	return rc;
}

int gl__repo_changed(gl__repo *r, const char *rev, gl__src against, gl__filelist *out,
                     gl_err *err)
{
	if (against == GL__SRC_REV) {
		gl__err_set(err, "changes can be compared with the index or the work tree only");
		return -1;
	}
	pthread_mutex_lock(&r->lock);
	int rc = repo_changed(r, rev, against, out, err);
	pthread_mutex_unlock(&r->lock);
	if (rc == 0 && list_sort(out))
		return oom(err);
	return rc;
}

/* ---- identity, description, hooks -------------------------------------- */

/* The first of $env, config key1, config key2 that is set and not empty. */
static int ident_part(git_config *cfg, const char *env, const char *k1, const char *k2,
                      char **out, gl_err *err)
{
	const char *v = getenv(env);
	const char *keys[2] = {k1, k2};
	for (int i = 0; i < 2 && (!v || !*v); i++) {
		int rc = git_config_get_string(&v, cfg, keys[i]);
		if (rc < 0 && rc != GIT_ENOTFOUND)
			return gl__git_fail(err, "cannot read %s from git config", keys[i]);
		if (rc < 0)
			v = NULL;
	}
	if (!v || !*v) {
		gl__err_set(err, "%s is not set in git config (git config %s 'YOUR %s')", k2, k2,
		            strcmp(k2, "user.name") == 0 ? "NAME" : "EMAIL");
		return -1;
	}
	*out = strdup(v);
	return *out ? 0 : oom(err);
}

static int repo_identity(gl__repo *r, char **name, char **email, gl_err *err)
{
	git_config *cfg = NULL;
	if (git_repository_config_snapshot(&cfg, r->git) < 0)
		return gl__git_fail(err, "cannot read git config");
	int rc = ident_part(cfg, "GIT_AUTHOR_NAME", "author.name", "user.name", name, err);
	if (rc == 0)
		rc = ident_part(cfg, "GIT_AUTHOR_EMAIL", "author.email", "user.email", email, err);
	git_config_free(cfg);
	return rc;
}

int gl__repo_identity(gl__repo *r, char **name, char **email, gl_err *err)
{
	*name = *email = NULL;
	pthread_mutex_lock(&r->lock);
	int rc = repo_identity(r, name, email, err);
	pthread_mutex_unlock(&r->lock);
	if (rc) {
		free(*name);
		*name = NULL;
	}
	return rc;
}

/* Cuts s to at most n bytes without splitting a UTF-8 sequence. */
static void utf8_cut(char *s, size_t n)
{
	if (strlen(s) <= n)
		return;
	while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	s[n] = '\0';
}

static int repo_describe(gl__repo *r, const char *rev, char out[128], gl_err *err)
{
	const char *spec = rev ? rev : "HEAD";
	if (is_head(spec) && git_repository_head_unborn(r->git) == 1) {
		snprintf(out, 128, "(no commits)");
		return 0;
	}
	git_commit *c = NULL;
	if (rev_commit(r, spec, &c, err))
		return -1;
	char hex[8];
	git_oid_tostr(hex, sizeof hex, git_commit_id(c));
	const char *summary = git_commit_summary(c);
	char line[512];
	snprintf(line, sizeof line, "%s %s", hex, summary ? summary : "");
	git_commit_free(c);
	utf8_cut(line, 127);
	memcpy(out, line, strlen(line) + 1);
	return 0;
}

int gl__repo_describe(gl__repo *r, const char *rev, char out[128], gl_err *err)
{
	out[0] = '\0';
	pthread_mutex_lock(&r->lock);
	int rc = repo_describe(r, rev, out, err);
	pthread_mutex_unlock(&r->lock);
	return rc;
}

/* The default hooks folder, without its trailing '/'. */
static int default_hooks(gl__repo *r, char **dir, gl_err *err)
{
	git_buf b = GIT_BUF_INIT;
	if (git_repository_item_path(&b, r->git, GIT_REPOSITORY_ITEM_HOOKS) < 0)
		return gl__git_fail(err, "cannot find the git hooks folder");
	while (b.size > 1 && b.ptr[b.size - 1] == '/')
		b.ptr[--b.size] = '\0';
	*dir = strdup(b.ptr);
	git_buf_dispose(&b);
	return *dir ? 0 : oom(err);
}

/* The config that set core.hooksPath when it is one every repository
 * reads (global, XDG, system, the environment's), or NULL. */
static const char *shared_level(git_config *cfg)
{
	git_config_entry *e = NULL;
	if (git_config_get_entry(&e, cfg, "core.hooksPath") < 0) {
		git_error_clear();
		return NULL;
	}
	git_config_level_t level = e->level;
	git_config_entry_free(e);
	return gl__git_config_shared(level);
}

static int hooks_dir(gl__repo *r, char **dir, const char **shared, gl_err *err)
{
	git_config *cfg = NULL;
	git_buf b = GIT_BUF_INIT;
	if (git_repository_config_snapshot(&cfg, r->git) < 0)
		return gl__git_fail(err, "cannot read git config");
	int rc = git_config_get_path(&b, cfg, "core.hooksPath");
	*shared = rc == 0 && b.size ? shared_level(cfg) : NULL;
	git_config_free(cfg);
	if (rc == GIT_ENOTFOUND || (rc == 0 && b.size == 0)) {
		git_buf_dispose(&b);
		return default_hooks(r, dir, err);
	}
	if (rc < 0)
		return gl__git_fail(err, "cannot read core.hooksPath from git config");
	while (b.size > 1 && b.ptr[b.size - 1] == '/')
		b.ptr[--b.size] = '\0';
	*dir = b.ptr[0] == '/' ? strdup(b.ptr) : gl__path_join(r->workdir, b.ptr);
	git_buf_dispose(&b);
	return *dir ? 0 : oom(err);
}

int gl__repo_hooks_dir(gl__repo *r, char **dir, const char **shared, gl_err *err)
{
	*dir = NULL;
	*shared = NULL;
	pthread_mutex_lock(&r->lock);
	int rc = hooks_dir(r, dir, shared, err);
	pthread_mutex_unlock(&r->lock);
	return rc;
}

/* ---- blame, for sign-off provenance ------------------------------------ */

/* A committed version of the file: HEAD's (or the revision's), and during
 * a merge MERGE_HEAD's, whose lines the merge brings in already written. */
struct side {
	gl__trace *trace;       /* blanks ignored */
	gl__trace *normal;      /* lines in normal form (a blank inside a value counts),
	                           made when a line needs it */
	int normal_failed;
	char *failed;           /* why trace's walk failed, once it has */
	git_oid newest;         /* the commit traced from */
	char *path;             /* the work-tree path blamed */
	char *text;             /* that version's content */
	size_t text_len;
	git_oid text_id;        /* its blob */
	unsigned *map;          /* line of the content checked -> its line, 0: not there */
	size_t nmap;
};

struct gl__blame {
	gl__repo *r;
	char *path;             /* root-relative, as messages name it */
	struct side sides[2];
	size_t nsides;
	gl__line_author uncommitted;
	gl__line_author cut;    /* a line as old as the shallow clone's oldest commit */
	struct seen { git_oid id; gl__line_author a; } *seen;
	size_t nseen, cap;
	git_blob *written;      /* a version a line's commit wrote, read when no side holds
	                           it, kept for the next line (most often of the same commit) */
	git_oid checked;        /* the blob the content checked is; zero: the work tree's */
};

int gl__repo_shallow(gl__repo *r)
{
	pthread_mutex_lock(&r->lock);
	int rc = git_repository_is_shallow(r->git) == 1;
	pthread_mutex_unlock(&r->lock);
	return rc;
}

/* The e-mail inside "Name <email>", *len bytes; NULL when there is none. */
static const char *trailer_email(const char *value, size_t *len)
{
	const char *lt = strrchr(value, '<'), *gt = lt ? strchr(lt, '>') : NULL;
	*len = gt ? (size_t)(gt - lt - 1) : 0;
	return gt ? lt + 1 : NULL;
}

/* Author, date and Signed-off-by e-mails of a commit, into a. */
static int author_of(git_commit *c, gl__line_author *a)
{
	const git_signature *s = git_commit_author(c);
	git_oid_tostr(a->commit, sizeof a->commit, git_commit_id(c));
	a->name = strdup(s && s->name ? s->name : "");
	a->email = strdup(s && s->email ? s->email : "");
	time_t t = s ? (time_t)s->when.time : 0;
	struct tm tm;
	if (gmtime_r(&t, &tm))
		strftime(a->date, sizeof a->date, "%Y-%m-%d", &tm);
	git_message_trailer_array arr = {0};
	int ok = a->name && a->email;
	if (ok && git_message_trailers(&arr, git_commit_message(c)) == 0) {
		ok = (a->signed_off = calloc(arr.count + 1, sizeof *a->signed_off)) != NULL;
		for (size_t i = 0; ok && i < arr.count; i++) {
			size_t n;
			const char *m = trailer_email(arr.trailers[i].value, &n);
			if (!m || strcasecmp(arr.trailers[i].key, "Signed-off-by") != 0)
				continue;
			ok = (a->signed_off[a->nsigned] = strndup(m, n)) != NULL;
			a->nsigned += ok;
		}
		git_message_trailer_array_free(&arr);
	}
	if (!ok)
		git_error_set_oom();
	return ok ? 0 : -1;
}

static void author_free(gl__line_author *a)
{
	free(a->name);
	free(a->email);
	for (size_t i = 0; i < a->nsigned; i++)
		free(a->signed_off[i]);
	free(a->signed_off);
}

/* 1, with its blob's id, when revision rev (HEAD when NULL) has a file at
 * work-tree path `full`; 0 when it has none; -1 out of memory. */
static int id_at(gl__repo *r, const char *rev, const char *full, git_oid *id)
{
	gl_err e;
	char *at = strdup(full);
	if (!at)
		return -1;
	int found = locate_blob(r, GL__SRC_REV, rev, full, &at, id, &e) == 0;
	free(at);
	git_error_clear();
	return found;
}

/* The renames the index stages against HEAD (`git mv`), read once per run:
 * a diff of the whole tree, wanted only when a plan is new to HEAD. */
static void read_renames(gl__repo *r)
{
	git_tree *head;
	git_diff *diff = NULL;
	gl_err e;
	r->renames_read = 1;
	if (rev_tree(r, NULL, &head, &e) || !head) {
		git_error_clear();
		return;
	}
	git_diff_find_options fo = GIT_DIFF_FIND_OPTIONS_INIT;
	fo.flags = GIT_DIFF_FIND_RENAMES;
	if (git_diff_tree_to_index(&diff, r->git, head, NULL, NULL) == 0 &&
	    git_diff_find_similar(diff, &fo) == 0) {
		size_t n = git_diff_num_deltas(diff);
		r->renames = calloc(2 * n + 1, sizeof *r->renames);
		for (size_t i = 0; r->renames && i < n; i++) {
			const git_diff_delta *d = git_diff_get_delta(diff, i);
			if (d->status != GIT_DELTA_RENAMED)
				continue;
			char *to = strdup(d->new_file.path), *from = strdup(d->old_file.path);
			if (!to || !from) {
				free(to);
				free(from);
				break;
			}
			r->renames[r->nrenames++] = to;
			r->renames[r->nrenames++] = from;
		}
	}
	git_diff_free(diff);
	git_tree_free(head);
	git_error_clear();
}

/* Where a file new to HEAD came from when the index stages it as a rename:
 * its old path, malloc'd, or NULL. */
static char *renamed_from(gl__repo *r, const char *full)
{
	git_index *index = NULL;   /* the repository keeps it loaded */
	int staged = git_repository_index(&index, r->git) == 0 &&
	             git_index_get_bypath(index, full, 0) != NULL;
	git_index_free(index);
	git_error_clear();
	if (!staged)
		return NULL;   /* untracked: not a rename */
	if (!r->renames_read)
		read_renames(r);
	for (size_t i = 0; i + 1 < r->nrenames; i += 2)
		if (strcmp(r->renames[i], full) == 0)
			return strdup(r->renames[i + 1]);
	return NULL;
}

/* 0 when the object database has no object `id` (a damaged repository,
 * or a partial clone without it); 1 when it has, or cannot tell. */
static int object_exists(gl__repo *r, const git_oid *id)
{
	git_odb *odb = NULL;
	int has = git_repository_odb(&odb, r->git) < 0 || git_odb_exists(odb, id);
	git_odb_free(odb);
	return has;
}

/* Side sd's version of the file, blob `id`, into sd->text: the content
 * checked itself when that was read from git as the same blob (a plan
 * staged, or read from a revision, as HEAD has it), else the blob, read. */
static int side_text(const gl__blame *b, struct side *sd, const git_oid *id, const char *buf,
                     size_t len)
{
	git_blob *blob = NULL;
	git_oid_cpy(&sd->text_id, id);
	if (!git_oid_equal(id, &b->checked)) {
		if (git_blob_lookup(&blob, b->r->git, id) < 0)
			return -1;
		buf = git_blob_rawcontent(blob);
		len = (size_t)git_blob_rawsize(blob);
	}
	sd->text_len = len;
	if ((sd->text = gl__git_nomem(malloc(len + 1)))) {
		memcpy(sd->text, buf, len);
		sd->text[len] = '\0';
	}
	git_blob_free(blob);
	return sd->text ? 0 : -1;
}

/* Pairs each line of the content checked with its committed line: the
 * lines a diff of the two adds are new, the others keep their order. The
 * lines are compared in gl__norm_line's form, so that a reformat keeps a
 * line and a space put inside a value makes it new. Content checked as it
 * was committed, as in CI, pairs each line with itself, unread. */
static int map_lines(struct side *sd, const char *buf, size_t len)
{
	size_t old_n = 1, new_n = 1;
	for (size_t i = 0; i < len; i++)
		new_n += buf[i] == '\n';
	if (!(sd->map = gl__git_nomem(calloc(new_n + 1, sizeof *sd->map))))
		return -1;
	sd->nmap = new_n;
	if (len == sd->text_len && memcmp(buf, sd->text, len) == 0) {
		for (size_t n = 1; n <= new_n; n++)
			sd->map[n] = (unsigned)n;
		return 0;
	}
	for (size_t i = 0; i < sd->text_len; i++)
		old_n += sd->text[i] == '\n';
	int rc = gl__norm_map(sd->text, sd->text_len, old_n, buf, len, new_n, sd->map);
	if (rc)
		sd->nmap = 0;
	return rc;
}

/* The tracer of r's handle, made on first use. */
static gl__tracer *tracer(gl__repo *r)
{
	if (r->tracer)
		return r->tracer;
	if (gl__tracer_new(r->git, &r->tracer))
		git_error_set_oom();
	else if (r->trace_one)
		gl__tracer_by_path(r->tracer);
	return r->tracer;
}

void gl__repo_trace_one(gl__repo *r)
{
	r->trace_one = 1;
}

/* Traces side sd's version, lines compared as `blanks` says. */
static int trace(gl__repo *r, struct side *sd, gl__blanks blanks, gl__trace **out)
{
	gl__tracer *t = tracer(r);
	return t ? gl__trace_file(t, &sd->newest, sd->path, &sd->text_id, sd->text, sd->text_len,
	                          blanks, out)
	         : -1;
}

/* Why the history of root-relative `path`, committed as blob `id`, cannot
 * be walked, into err, from the walk's libgit2 error: -1, or GL_ENOMEM
 * when memory ran out. */
static int untraceable(gl__repo *r, const char *path, const git_oid *id, gl_err *err)
{
	if (out_of_memory())
		return oom(err);
	/* The walk's error, kept: the checks below call libgit2, which may clear it. */
	const git_error *e = git_error_last();
	int klass = e ? e->klass : GIT_ERROR_NONE;
	char why[512];
	snprintf(why, sizeof why, "%s", git_msg() ? git_msg() : "unknown libgit2 error");
	if (!object_exists(r, id)) {
		char hex[8];
		git_error_clear();
		return gl__err_set(err, "%s: git lacks the object of the committed version (%s), so "
		                   "it cannot be blamed; git fsck tells what else is missing", path,
		                   git_oid_tostr(hex, sizeof hex, id)), -1;
	}
	int shallow = git_repository_is_shallow(r->git) == 1;
	git_error_set_str(klass == GIT_ERROR_NONE ? GIT_ERROR_INVALID : klass, why);
	if (shallow)
		return gl__git_fail(err, "%s: the shallow clone lacks history that blame needs (git "
		                    "fetch --unshallow)", path);
	if (klass == GIT_ERROR_ODB)   /* an object of an older version, or of a tree */
		return gl__git_fail(err, "%s: git lacks an object of the plan's history, so it cannot "
		                    "be blamed (git fsck tells what else is missing)", path);
	return gl__git_fail(err, "%s: cannot blame", path);
}

/* One committed version of path (rev; HEAD when NULL), paired with buf. */
static int open_side(gl__blame *b, const char *rev, const char *path, const char *buf,
                     size_t len, gl_err *err)
{
	gl__repo *r = b->r;
	git_oid newest;
	if (rev) {   /* history up to rev only: later commits did not write rev's lines */
		git_commit *c;
		if (rev_commit(r, rev, &c, err))
			return -1;
		git_oid_cpy(&newest, git_commit_id(c));
		git_commit_free(c);
	} else {
		const git_commit *head;
		if (head_commit(r, &head, err))
			return -1;
		if (!head)
			return 0;   /* nothing committed: every line is the committer's */
		git_oid_cpy(&newest, git_commit_id(head));
	}
	char *full = full_path(r, path);
	git_oid id;
	int found = full ? id_at(r, rev, full, &id) : -1;
	if (found == 0 && !rev) {   /* not in HEAD: maybe renamed in the index */
		char *from = renamed_from(r, full);
		if (from) {
			free(full);
			full = from;
			found = id_at(r, rev, full, &id);
		}
	}
	if (found <= 0)
		free(full);
	if (found < 0)
		return oom(err);
	if (!found)
		return 0;   /* a new file: its lines are the committer's */
	struct side *sd = &b->sides[b->nsides++];
	sd->path = full;
	git_oid_cpy(&sd->newest, &newest);
	if (side_text(b, sd, &id, buf, len) || trace(r, sd, GL__BLANKS_IGNORED, &sd->trace))
		return untraceable(r, path, &id, err);
	if (map_lines(sd, buf, len) == 0)
		return 0;
	return out_of_memory() ? oom(err)
	                       : gl__git_fail(err, "%s: cannot compare with the committed file", path);
}

static int blame_open(gl__blame *b, const char *rev, const char *path, const char *buf,
                      size_t len, gl_err *err)
{
	int rc = open_side(b, rev, path, buf, len, err);
	if (rc || rev || !b->r->merging)
		return rc;
	return open_side(b, "MERGE_HEAD", path, buf, len, err);   /* a merge being committed */
}

static int attr_set(const char *value)
{
	git_attr_value_t t = git_attr_value(value);
	return t != GIT_ATTR_VALUE_UNSPECIFIED && t != GIT_ATTR_VALUE_FALSE;
}

/* The content checked, read from the work tree at root-relative `path`,
 * is the blob the index stages there when git's stat data vouches for the
 * file and no filter can make git store other bytes: neither its bytes
 * (a carriage return, "$Id") nor its attributes (a `filter` driver such
 * as git-lfs, which libgit2 does not run; a `working-tree-encoding`). Then
 * that blob's id goes to *id, and where HEAD holds the same blob, as a CI
 * job's checkout does, it is not read again. Under r->lock. */
static void worktree_blob(gl__repo *r, const char *path, const char *buf, size_t len,
                          git_oid *id)
{
	static const char *names[] = {"filter", "working-tree-encoding"};
	const char *values[2] = {NULL, NULL};
	git_index *idx = NULL;
	gl_err ignored;
	char *full = full_path(r, path);
	const git_index_entry *e;
	if (full && unfiltered(buf, len) && get_index(r, &idx, &ignored) == 0 &&
	    (e = git_index_get_bypath(idx, full, 0)) &&
	    (e->mode == GIT_FILEMODE_BLOB || e->mode == GIT_FILEMODE_BLOB_EXECUTABLE) &&
	    vouched_locked(r, full) &&
	    git_attr_get_many(values, r->git, GIT_ATTR_CHECK_FILE_THEN_INDEX, full, 2, names) == 0 &&
	    !attr_set(values[0]) && !attr_set(values[1]))
		git_oid_cpy(id, &e->id);
	git_index_free(idx);
	git_error_clear();
	free(full);
}

int gl__repo_blame(gl__repo *r, const char *rev, const char *path, const char *buf, size_t len,
                   const unsigned char *blob, const char *name, const char *email,
                   gl__blame **out, gl_err *err)
{
	gl__blame *b = calloc(1, sizeof *b);
	if (!b)
		return oom(err);
	b->r = r;
	b->path = strdup(path);
	b->uncommitted.name = strdup(name ? name : "");
	b->uncommitted.email = strdup(email ? email : "");
	b->cut.cut = 1;
	git_oid_fromraw(&b->checked, blob);
	if (!b->path || !b->uncommitted.name || !b->uncommitted.email) {
		gl__blame_free(b);
		return oom(err);
	}
	pthread_mutex_lock(&r->lock);
	git_error_clear();   /* so that out of memory is told from an error of before */
	if (git_oid_is_zero(&b->checked))
		worktree_blob(r, path, buf, len, &b->checked);
	int rc = blame_open(b, rev, path, buf, len, err);
	pthread_mutex_unlock(&r->lock);
	if (rc) {
		gl__blame_free(b);
		return rc;
	}
	*out = b;
	return 0;
}

static const gl__line_author *commit_author(gl__blame *b, const git_oid *id)
{
	for (size_t i = 0; i < b->nseen; i++)
		if (git_oid_equal(&b->seen[i].id, id))
			return &b->seen[i].a;
	if (b->nseen == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 8;
		struct seen *v = gl__git_nomem(realloc(b->seen, cap * sizeof *v));
		if (!v)
			return NULL;
		b->seen = v;
		b->cap = cap;
	}
	git_commit *c = NULL;
	struct seen *s = &b->seen[b->nseen];
	memset(s, 0, sizeof *s);
	git_oid_cpy(&s->id, id);
	if (git_commit_lookup(&c, b->r->git, id) < 0 || author_of(c, &s->a) < 0) {
		git_commit_free(c);
		author_free(&s->a);
		return NULL;
	}
	git_commit_free(c);
	return &b->seen[b->nseen++].a;
}

/* Line `at` (from 1) of s[0..n), its length in *len; NULL past the end. */
static const char *line_of(const char *s, size_t n, size_t at, size_t *len)
{
	const char *p = s, *end = s + n, *nl;
	for (size_t i = 1; i < at; i++) {
		if (!(nl = memchr(p, '\n', (size_t)(end - p))))
			return NULL;
		p = nl + 1;
	}
	nl = memchr(p, '\n', (size_t)(end - p));
	*len = nl ? (size_t)(nl - p) : (size_t)(end - p);
	return p;
}

/* The file as the commit of line h wrote it, *len its length; NULL when it
 * cannot be read. Side sd's own content when that is the same blob, as it
 * is for each line a plan kept since: no blob read again. */
static const char *written_text(gl__blame *b, const struct side *sd, const gl__traced_line *h,
                                size_t *len)
{
	if (git_oid_equal(h->blob, &sd->text_id)) {
		*len = sd->text_len;
		return sd->text;
	}
	if (!b->written || !git_oid_equal(git_blob_id(b->written), h->blob)) {
		git_blob_free(b->written);
		if (git_blob_lookup(&b->written, b->r->git, h->blob) < 0) {
			b->written = NULL;
			git_error_clear();
			return NULL;
		}
	}
	*len = (size_t)git_blob_rawsize(b->written);
	return git_blob_rawcontent(b->written);
}

/* 1 when line `at` of sd's version holds other values than it did as the
 * commit of line h wrote it, 0 when not, -1 out of memory. Blame ignores
 * every space, so a later commit that only put one inside a value ("appro
 * val") is not credited with the line; gl__norm_line's form tells that
 * from a reformat. */
static int reworded(gl__blame *b, const struct side *sd, const gl__traced_line *h, size_t at)
{
	size_t now_len, then_len, written_len;
	const char *written = written_text(b, sd, h, &written_len);
	if (written == sd->text && h->line == at)
		return 0;   /* the same line of the same text, as in a plan unchanged since */
	const char *now = line_of(sd->text, sd->text_len, at, &now_len);
	const char *then = written ? line_of(written, written_len, h->line, &then_len) : NULL;
	if (!now || !then || (now_len == then_len && memcmp(now, then, now_len) == 0))
		return 0;   /* nothing to compare, or the same bytes: blame's word stands */
	char *now_form = malloc(now_len + 1), *then_form = malloc(then_len + 1);
	size_t n = now_form ? gl__norm_line(now, now_len, now_form) : 0;
	int differs = !now_form || !then_form ? -1
	              : gl__norm_line(then, then_len, then_form) != n ||
	                    memcmp(now_form, then_form, n) != 0;
	free(now_form);
	free(then_form);
	return differs;
}

/* Where line `at` came from when a blank inside a value counts and a
 * reformat does not (traced again, once per side, in gl__norm_line's
 * form), into *x: NULL when that trace fails. GL_ENOMEM when memory ran
 * out. */
static int normal_line(gl__repo *r, struct side *sd, size_t at, const gl__traced_line **x,
                       gl_err *err)
{
	*x = NULL;
	git_error_clear();
	if (!sd->normal && !sd->normal_failed)
		sd->normal_failed = trace(r, sd, GL__BLANKS_NORMAL, &sd->normal) < 0;
	if (sd->normal && gl__trace_line(sd->normal, at, x))
		*x = NULL;
	int rc = out_of_memory() ? oom(err) : 0;
	git_error_clear();
	return rc;
}

/* Where line `at` of sd's version came from, blanks ignored, into *h:
 * -1 with err when its history cannot be walked (the same why for every
 * line after), GL_ENOMEM when memory ran out. */
static int side_line(gl__blame *b, struct side *sd, size_t at, const gl__traced_line **h,
                     gl_err *err)
{
	git_error_clear();
	if (gl__trace_line(sd->trace, at, h) == 0)
		return 0;
	if (!sd->failed) {
		gl_err why;
		if (untraceable(b->r, b->path, &sd->text_id, &why) == GL_ENOMEM ||
		    !(sd->failed = strdup(why.msg)))
			return oom(err);
	}
	return gl__err_set(err, "%s", sd->failed), -1;
}

int gl__blame_line(gl__blame *b, unsigned line, const gl__line_author **out, gl_err *err)
{
	struct side *sd = NULL;   /* the first committed version holding the line */
	for (size_t i = 0; !sd && i < b->nsides; i++)
		if (line <= b->sides[i].nmap && b->sides[i].map[line])
			sd = &b->sides[i];
	*out = NULL;
	if (!sd) {
		*out = b->nsides && line > b->sides[0].nmap ? NULL : &b->uncommitted;
		return 0;
	}
	pthread_mutex_lock(&b->r->lock);
	size_t at = sd->map[line];
	const gl__traced_line *h = NULL, *x;
	int rc = side_line(b, sd, at, &h, err), changed = 0;
	if (rc == 0 && h && (changed = reworded(b, sd, h, at)) < 0)
		rc = oom(err);
	if (rc == 0 && changed && (rc = normal_line(b->r, sd, at, &x, err)) == 0 && x)
		h = x;   /* credited to the commit that last changed its values, not to a
		            later reformat */
	if (rc == 0 && h && !(*out = h->cut ? &b->cut : commit_author(b, h->commit)) &&
	    out_of_memory())
		rc = oom(err);
	pthread_mutex_unlock(&b->r->lock);
	return rc;
}

void gl__blame_free(gl__blame *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->nsides; i++) {
		gl__trace_free(b->sides[i].trace);
		gl__trace_free(b->sides[i].normal);
		free(b->sides[i].failed);
		free(b->sides[i].path);
		free(b->sides[i].text);
		free(b->sides[i].map);
	}
	git_blob_free(b->written);
	free(b->path);
	author_free(&b->uncommitted);
	author_free(&b->cut);
	for (size_t i = 0; i < b->nseen; i++)
		author_free(&b->seen[i].a);
	free(b->seen);
	free(b);
}
