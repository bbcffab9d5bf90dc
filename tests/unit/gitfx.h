/*
 * A git repository per test, built with libgit2 in a temporary folder
 * (the `git` program is never run): write, stage and commit files, on
 * HEAD's branch or another, merges of two commits, branches, config. The
 * group's setup shuts out the environment's repository, identity and
 * config, so every repository is the test's alone. Included by the test
 * binaries that need it after <cmocka.h>, "internal.h", "helpers.h" and
 * <git2.h>; static inline only, so a file uses what it needs.
 */
#ifndef GL_TEST_GITFX_H
#define GL_TEST_GITFX_H

#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct fx {
	char dir[64];            /* /tmp/gl-repo-XXXXXX: the work tree */
	git_repository *git;
	git_time_t when;         /* commit times, a minute apart */
} fx;

static char cfg_home[64];    /* empty folder: no global or system git config */

#define OK(call) assert_int_equal((call), 0)

/* The absolute path of a work-tree file (a static buffer: one at a time). */
static inline char *path_in(const fx *f, const char *rel)
{
	static char p[PATH_MAX];
	snprintf(p, sizeof p, "%s/%s", f->dir, rel);
	return p;
}

/* Writes a work-tree file, creating its folders. */
static inline void put(const fx *f, const char *rel, const char *text)
{
	t_puts(f->dir, rel, text);
}

static inline git_index *index_of(const fx *f)
{
	git_index *idx = NULL;
	OK(git_repository_index(&idx, f->git));
	OK(git_index_read(idx, 1));
	return idx;
}

/* git add REL (or git rm --cached when the file is gone). */
static inline void stage(const fx *f, const char *rel)
{
	git_index *idx = index_of(f);
	struct stat st;
	if (lstat(path_in(f, rel), &st) == 0)
		OK(git_index_add_bypath(idx, rel));
	else
		OK(git_index_remove_bypath(idx, rel));
	OK(git_index_write(idx));
	git_index_free(idx);
}

static inline void put_staged(const fx *f, const char *rel, const char *text)
{
	put(f, rel, text);
	stage(f, rel);
}

/* Commits the index with the commits `revs` names (n of them, which must
 * exist) as parents, in order, moving `ref` (HEAD: its branch); the new
 * commit's id. */
static inline git_oid commit_with(fx *f, const char *ref, const char *const *revs, size_t n,
                                  const char *who, const char *msg)
{
	git_index *idx = index_of(f);
	git_oid tree_id, id;
	OK(git_index_write_tree(&tree_id, idx));
	git_index_free(idx);
	git_tree *tree = NULL;
	OK(git_tree_lookup(&tree, f->git, &tree_id));
	git_object *parent[2] = {NULL, NULL};
	assert_true(n <= 2);
	for (size_t i = 0; i < n; i++)
		OK(git_revparse_single(&parent[i], f->git, revs[i]));
	char email[64];
	snprintf(email, sizeof email, "%s@example.org", who);
	git_signature *sig = NULL;
	OK(git_signature_new(&sig, who, email, f->when += 60, 0));
	const git_commit *parents[2] = {(const git_commit *)parent[0], (const git_commit *)parent[1]};
	OK(git_commit_create(&id, f->git, ref, sig, sig, NULL, msg, tree, n, parents));
	git_signature_free(sig);
	for (size_t i = 0; i < n; i++)
		git_object_free(parent[i]);
	git_tree_free(tree);
	return id;
}

/* Commits the index on HEAD's branch (or on `ref`, HEAD unmoved), its tip
 * the parent (none while the branch is unborn); the new commit's id. */
static inline git_oid commit_on(fx *f, const char *ref, const char *who, const char *msg)
{
	const char *on = ref ? ref : "HEAD";
	git_object *tip = NULL;
	int rc = git_revparse_single(&tip, f->git, on);
	assert_true(rc == 0 || rc == GIT_ENOTFOUND);
	git_object_free(tip);
	return commit_with(f, on, &on, rc == 0 ? 1 : 0, who, msg);
}

static inline git_oid commit(fx *f, const char *who, const char *msg)
{
	return commit_on(f, NULL, who, msg);
}

/* A merge of `other` (a revision) into HEAD's branch: the index's tree,
 * HEAD the first parent, as `git merge` records it. */
static inline git_oid commit_merge(fx *f, const char *other, const char *who, const char *msg)
{
	const char *const revs[2] = {"HEAD", other};
	return commit_with(f, "HEAD", revs, 2, who, msg);
}

/* git branch NAME REV. */
static inline void make_branch(fx *f, const char *name, const char *rev)
{
	git_object *obj = NULL;
	git_reference *ref = NULL;
	OK(git_revparse_single(&obj, f->git, rev));
	OK(git_branch_create(&ref, f->git, name, (git_commit *)obj, 0));
	git_reference_free(ref);
	git_object_free(obj);
}

static inline void set_config(const fx *f, const char *key, const char *value)
{
	git_config *cfg = NULL;
	OK(git_repository_config(&cfg, f->git));
	OK(git_config_set_string(cfg, key, value));
	git_config_free(cfg);
}

static inline int open_up(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_D || flag == FTW_DNR)
		chmod(path, 0755);   /* a read-only folder left by a test */
	return 0;
}

static inline void rm_tree(const char *dir)
{
	chmod(dir, 0755);
	nftw(dir, open_up, 16, FTW_PHYS);
	t_rm_tree(dir);
}

/* The variables through which git (and govlint, as git does) takes config
 * from the environment. */
static const char *const config_env[] = {
	"GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM", "GIT_CONFIG_NOSYSTEM", "GIT_CONFIG_COUNT",
	"GIT_CONFIG_KEY_0", "GIT_CONFIG_VALUE_0", "GIT_CONFIG_KEY_1", "GIT_CONFIG_VALUE_1",
	"GIT_CONFIG_KEY_2", "GIT_CONFIG_VALUE_2"};

static inline void unset_config_env(void)
{
	for (size_t i = 0; i < sizeof config_env / sizeof *config_env; i++)
		unsetenv(config_env[i]);
}

static inline int group_setup(void **state)
{
	(void)state;
	/* Nothing from the environment: no outer repository, index, identity or config. */
	static const char *const unset[] = {"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE",
	                                    "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL",
	                                    "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR"};
	for (size_t i = 0; i < sizeof unset / sizeof *unset; i++)
		unsetenv(unset[i]);
	unset_config_env();
	setenv("GIT_CEILING_DIRECTORIES", "/tmp", 1);
	snprintf(cfg_home, sizeof cfg_home, "/tmp/gl-gitcfg-XXXXXX");
	if (!mkdtemp(cfg_home) || git_libgit2_init() < 0)
		return -1;
	static const int levels[] = {GIT_CONFIG_LEVEL_SYSTEM, GIT_CONFIG_LEVEL_XDG,
	                             GIT_CONFIG_LEVEL_GLOBAL, GIT_CONFIG_LEVEL_PROGRAMDATA};
	for (size_t i = 0; i < sizeof levels / sizeof *levels; i++)
		if (git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, levels[i], cfg_home) < 0)
			return -1;
	return 0;
}

static inline int group_teardown(void **state)
{
	(void)state;
	rm_tree(cfg_home);
	git_libgit2_shutdown();
	return 0;
}

static inline int setup(void **state)
{
	fx *f = calloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/gl-repo-XXXXXX");
	if (!mkdtemp(f->dir) || git_repository_init(&f->git, f->dir, 0) < 0)
		return -1;
	f->when = 1767225600;   /* 2026-01-01 */
	*state = f;
	return 0;
}

static inline int teardown(void **state)
{
	fx *f = *state;
	git_repository_free(f->git);
	rm_tree(f->dir);
	free(f);
	return 0;
}

#endif
