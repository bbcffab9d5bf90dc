/* Git access (policy/repo.c) and the pre-commit hook (policy/hook.c), on
 * real repositories built with libgit2 in temporary folders: the index
 * against the work tree both ways, revisions, renames and deletions since a
 * merge base, a planning root in a subfolder, identity, describe, errors;
 * hook install over a foreign hook, reinstall, uninstall byte for byte,
 * core.hooksPath, and folders the hook cannot be written to. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "internal.h"
#include "helpers.h"

#include <git2.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gitfx.h"

/* ---- reading through gl__repo -------------------------------------------- */

static gl__repo *open_at(const char *root)
{
	gl__repo *r = NULL;
	gl_err err = {{0}};
	if (gl__repo_open(&r, root, &err))
		fail_msg("%s", err.msg);
	return r;
}

/* A handle reads the index once, as a run sees one index: staging after
 * opening one needs another. */
static gl__repo *reopen(gl__repo *r, const char *root)
{
	gl__repo_free(r);
	return open_at(root);
}

static char *rd(gl__repo *r, gl__src src, const char *rev, const char *path)
{
	char *buf = NULL;
	size_t len = 0;
	gl_err err = {{0}};
	unsigned char blob[GL__BLOB_ID];
	git_oid want = {{0}};
	if (gl__repo_read(r, src, rev, path, 1u << 20, &buf, &len, blob, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(strlen(buf), len);
	/* the id of the blob read, as stored; none for the work tree */
	if (src != GL__SRC_WORKTREE)
		OK(git_odb_hash(&want, buf, len, GIT_OBJECT_BLOB));
	assert_memory_equal(blob, want.id, GL__BLOB_ID);
	return buf;
}

static void want_read(gl__repo *r, gl__src src, const char *rev, const char *path,
                      const char *want)
{
	char *got = rd(r, src, rev, path);
	assert_string_equal(got, want);
	free(got);
}

static void want_read_error(gl__repo *r, gl__src src, const char *rev, const char *path,
                            size_t max, const char *msg)
{
	char *buf = NULL;
	size_t len = 0;
	gl_err err = {{0}};
	int want = strstr(msg, "not in ") ? GL__ABSENT : -1;
	unsigned char blob[GL__BLOB_ID], none[GL__BLOB_ID] = {0};
	memset(blob, 0xff, sizeof blob);
	assert_int_equal(gl__repo_read(r, src, rev, path, max, &buf, &len, blob, &err), want);
	assert_null(buf);
	assert_memory_equal(blob, none, GL__BLOB_ID);
	t_contains(err.msg, msg);
}

/* A listing as lines "name" or "name: why". */
static char *lines(const gl__filelist *l)
{
	gl__buf b = {0};
	gl__buf_puts(&b, "");
	for (size_t i = 0; i < l->n; i++)
		gl__buf_printf(&b, "%s%s%s\n", l->v[i], l->why[i] ? ": " : "",
		               l->why[i] ? l->why[i] : "");
	return b.p;
}

static const char *const plan_globs[] = {"plans/**/*.yaml", "people.yaml"};

static void want_list(gl__repo *r, gl__src src, const char *rev, const char *want)
{
	gl__filelist l = {0};
	gl_err err = {{0}};
	if (gl__repo_list(r, src, rev, plan_globs, 2, &l, &err))
		fail_msg("%s", err.msg);
	char *got = lines(&l);
	gl__filelist_free(&l);
	assert_string_equal(got, want);
	free(got);
}

static void want_changed(gl__repo *r, const char *rev, gl__src against, const char *want)
{
	gl__filelist l = {0};
	gl_err err = {{0}};
	if (gl__repo_changed(r, rev, against, &l, &err))
		fail_msg("%s", err.msg);
	char *got = lines(&l);
	gl__filelist_free(&l);
	assert_string_equal(got, want);
	free(got);
}

/* ---- the index and the work tree ----------------------------------------- */

static void test_staged_vs_worktree(void **state)
{
	fx *f = *state;
	put_staged(f, "people.yaml", "people: []\n");
	put_staged(f, "plans/a.yaml", "id: a\nstatus: gap\n");
	commit(f, "alice", "first");
	gl__repo *r = open_at(f->dir);

	/* fixed in the work tree, not staged: the index still has the gap */
	put(f, "plans/a.yaml", "id: a\nstatus: fixed\n");
	want_read(r, GL__SRC_INDEX, NULL, "plans/a.yaml", "id: a\nstatus: gap\n");
	want_read(r, GL__SRC_WORKTREE, NULL, "plans/a.yaml", "id: a\nstatus: fixed\n");
	/* the reverse: the fix staged, a new gap only in the work tree */
	stage(f, "plans/a.yaml");
	put(f, "plans/a.yaml", "id: a\nstatus: gap again\n");
	want_read(r, GL__SRC_INDEX, NULL, "plans/a.yaml", "id: a\nstatus: gap\n");   /* one index a run */
	r = reopen(r, f->dir);
	want_read(r, GL__SRC_INDEX, NULL, "plans/a.yaml", "id: a\nstatus: fixed\n");
	want_read(r, GL__SRC_WORKTREE, NULL, "plans/a.yaml", "id: a\nstatus: gap again\n");
	want_read(r, GL__SRC_REV, NULL, "plans/a.yaml", "id: a\nstatus: gap\n");

	/* staged, untracked, hidden, unmatched and a symlink */
	put_staged(f, "plans/b.yaml", "id: b\n");
	put(f, "plans/c.yaml", "id: c\n");
	put_staged(f, "plans/.hidden.yaml", "id: h\n");
	put_staged(f, "plans/.drafts/d.yaml", "id: d\n");
	put_staged(f, "plans/notes.txt", "notes\n");
	assert_int_equal(symlink("a.yaml", path_in(f, "plans/link.yaml")), 0);
	stage(f, "plans/link.yaml");
	r = reopen(r, f->dir);
	want_list(r, GL__SRC_INDEX, NULL,
	          "people.yaml\nplans/a.yaml\nplans/b.yaml\nplans/link.yaml\n");
	want_list(r, GL__SRC_WORKTREE, NULL,
	          "people.yaml\nplans/a.yaml\nplans/b.yaml\nplans/c.yaml\nplans/link.yaml\n");
	want_list(r, GL__SRC_REV, "HEAD", "people.yaml\nplans/a.yaml\n");

	want_read_error(r, GL__SRC_INDEX, NULL, "plans/c.yaml", 1000,
	                "plans/c.yaml: not in the git index");
	want_read(r, GL__SRC_INDEX, NULL, "plans/link.yaml", "id: a\nstatus: fixed\n");
	want_read_error(r, GL__SRC_INDEX, NULL, "plans", 1000, "plans: a folder, not a file");
	want_read_error(r, GL__SRC_INDEX, NULL, "plans/a.yaml", 10,
	                "plans/a.yaml: file is 20 bytes, over the 10-byte limit");
	want_read_error(r, GL__SRC_REV, NULL, "plans", 1000, "plans: a folder, not a file");
	want_read_error(r, GL__SRC_REV, NULL, "plans/b.yaml", 1000,
	                "plans/b.yaml: not in revision 'HEAD'");

	/* a deletion staged: gone from the index, still in the work tree */
	OK(remove(path_in(f, "plans/b.yaml")));
	stage(f, "plans/b.yaml");
	put(f, "plans/b.yaml", "id: b\n");
	r = reopen(r, f->dir);
	want_list(r, GL__SRC_INDEX, NULL, "people.yaml\nplans/a.yaml\nplans/link.yaml\n");
	gl__repo_free(r);
}

/* The index's content is read from the work tree's file when that file is
 * the staged blob, byte for byte, and from the blob otherwise: an edit of
 * the same length is not taken for the staged text. With the blob's
 * object gone, only the work tree can give it. */
static void test_staged_from_worktree(void **state)
{
	fx *f = *state;
	put_staged(f, "plans/a.yaml", "id: a\nstatus: gap\n");
	gl__repo *r = open_at(f->dir);
	want_read(r, GL__SRC_INDEX, NULL, "plans/a.yaml", "id: a\nstatus: gap\n");
	put(f, "plans/a.yaml", "id: a\nstatus: fix\n");   /* not staged */
	want_read(r, GL__SRC_INDEX, NULL, "plans/a.yaml", "id: a\nstatus: gap\n");

	git_index *idx = index_of(f);
	char hex[GIT_OID_HEXSZ + 1], obj[PATH_MAX];
	git_oid_tostr(hex, sizeof hex, &git_index_get_bypath(idx, "plans/a.yaml", 0)->id);
	git_index_free(idx);
	snprintf(obj, sizeof obj, "%s/.git/objects/%.2s/%s", f->dir, hex, hex + 2);
	OK(remove(obj));
	want_read_error(r, GL__SRC_INDEX, NULL, "plans/a.yaml", 1000,
	                "plans/a.yaml: cannot read the object");
	put(f, "plans/a.yaml", "id: a\nstatus: gap\n");   /* the staged text again */
	want_read(r, GL__SRC_INDEX, NULL, "plans/a.yaml", "id: a\nstatus: gap\n");
	want_read_error(r, GL__SRC_INDEX, NULL, "plans/a.yaml", 10,
	                "plans/a.yaml: cannot read the object");   /* over it: the blob says */
	gl__repo_free(r);
}

/* ---- a peek at another plan's top --------------------------------------- */

static void want_peek(gl__repo *r, const char *path, const char *want)
{
	char *buf = NULL;
	size_t len = 0;
	gl_err err = {{0}};
	if (gl__repo_peek(r, path, 1u << 20, &buf, &len, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(strlen(buf), len);
	assert_string_equal(buf, want);
	free(buf);
}

/* A work-tree file's times set to a second long past: an index written
 * now is not too soon after it for its stat data to vouch for it. */
static void age(const fx *f, const char *rel)
{
	const struct timespec past[2] = {{1700000000, 0}, {1700000000, 0}};
	OK(utimensat(AT_FDCWD, path_in(f, rel), past, 0));
}

static void put_aged(const fx *f, const char *rel, const char *text)
{
	put(f, rel, text);
	age(f, rel);
	stage(f, rel);
}

/* As many bytes written over a file in place, its times kept: size, times
 * and inode as staged (ctime aside, which core.trustctime false ignores),
 * so git's stat data cannot see the edit. */
static void edit_unseen(const fx *f, const char *rel, const char *text)
{
	FILE *fp = fopen(path_in(f, rel), "r+");
	assert_non_null(fp);
	assert_int_equal(fputs(text, fp) >= 0, 1);
	OK(fclose(fp));
	age(f, rel);
}

/* Adds (or replaces) index entry e, and writes the index. */
static void write_entry(const fx *f, const git_index_entry *e)
{
	git_index *idx = index_of(f);
	OK(git_index_add(idx, e));
	OK(git_index_write(idx));
	git_index_free(idx);
}

static void mark_entry(const fx *f, const char *rel, uint16_t flags, uint16_t ext)
{
	git_index *idx = index_of(f);
	git_index_entry e = *git_index_get_bypath(idx, rel, 0);
	git_index_free(idx);
	e.path = rel;   /* the index's own copy may go when it is read again */
	e.flags |= flags;
	e.flags_extended |= ext;
	write_entry(f, &e);
}

/* A peek takes a file git's stat data vouches for without hashing it, as
 * git status trusts it: an edit that data cannot see (same size, same
 * times) is what a peek reads, while a read proves the bytes and takes
 * the blob. An edit git sees, and files git does not look at
 * (assume-unchanged, skip-worktree), are read from their blobs. */
static void test_peek_vouched(void **state)
{
	fx *f = *state;
	set_config(f, "core.trustctime", "false");
	put_aged(f, "plans/a.yaml", "id: a\nstatus: gap\n");
	put_aged(f, "plans/b.yaml", "id: b\n");
	put_aged(f, "plans/c.yaml", "id: c\n");
	put_aged(f, "plans/d.yaml", "id: d\n");
	put_aged(f, "plans/same.yaml", "id: same\n");
	commit(f, "alice", "plans");
	edit_unseen(f, "plans/a.yaml", "id: A\nstatus: gap\n");
	put(f, "plans/b.yaml", "id: bb\n");
	mark_entry(f, "plans/c.yaml", GIT_INDEX_ENTRY_VALID, 0);
	put(f, "plans/c.yaml", "id: cc\n");
	mark_entry(f, "plans/d.yaml", 0, GIT_INDEX_ENTRY_SKIP_WORKTREE);
	put(f, "plans/d.yaml", "id: dd\n");
	gl__repo *r = open_at(f->dir);
	want_peek(r, "plans/a.yaml", "id: A\nstatus: gap\n");
	want_read(r, GL__SRC_INDEX, NULL, "plans/a.yaml", "id: a\nstatus: gap\n");
	want_peek(r, "plans/b.yaml", "id: b\n");
	want_peek(r, "plans/c.yaml", "id: c\n");
	want_peek(r, "plans/d.yaml", "id: d\n");
	want_peek(r, "plans/same.yaml", "id: same\n");
	gl__repo_free(r);
}

/* What git's filters change is read from the blob even when git vouches
 * for the file: line endings (core.autocrlf when the file was staged)
 * and an `ident` attribute's "$Id$", expanded in the work tree by a
 * checkout. */
static void test_peek_filtered(void **state)
{
	fx *f = *state;
	set_config(f, "core.autocrlf", "true");
	put_aged(f, "plans/crlf.yaml", "id: crlf\r\nstatus: gap\r\n");
	put_staged(f, ".gitattributes", "ident.yaml ident\n");
	put_aged(f, "plans/ident.yaml", "id: ident\n# $Id$\n");
	commit(f, "alice", "plans");
	set_config(f, "core.autocrlf", "false");   /* the checkout below keeps "\n" */
	git_checkout_options co = GIT_CHECKOUT_OPTIONS_INIT;
	char *path = "plans/ident.yaml";
	co.checkout_strategy = GIT_CHECKOUT_FORCE | GIT_CHECKOUT_DISABLE_PATHSPEC_MATCH;
	co.paths = (git_strarray){&path, 1};
	OK(remove(path_in(f, path)));
	OK(git_checkout_index(f->git, NULL, &co));
	FILE *fp = fopen(path_in(f, path), "r");
	char line[128] = "";
	assert_non_null(fp);
	assert_non_null(fgets(line, sizeof line, fp) && fgets(line, sizeof line, fp) ? line : NULL);
	OK(fclose(fp));
	t_contains(line, "# $Id: ");   /* expanded */
	gl__repo *r = open_at(f->dir);
	want_peek(r, "plans/crlf.yaml", "id: crlf\nstatus: gap\n");
	want_peek(r, path, "id: ident\n# $Id$\n");
	gl__repo_free(r);
}

/* Who wrote line 2 of the work tree's `rel` as the blame of a plain check
 * (no blob id) sees it: the commit's author, or "(new)". */
static void want_line2_by(gl__repo *r, const fx *f, const char *rel, const char *want)
{
	char *buf = NULL;
	size_t len = 0;
	gl_err err = {{0}};
	gl__blame *b = NULL;
	const unsigned char none[GL__BLOB_ID] = {0};
	OK(gl__read_file(path_in(f, rel), 1u << 20, &buf, &len, &err));
	if (gl__repo_blame(r, NULL, rel, buf, len, none, "carol", "carol@example.org", &b, &err))
		fail_msg("%s", err.msg);
	const gl__line_author *a = NULL;
	if (gl__blame_line(b, 2, &a, &err))
		fail_msg("%s", err.msg);
	assert_non_null(a);
	assert_string_equal(a->commit[0] ? a->name : "(new)", want);
	gl__blame_free(b);
	free(buf);
}

/* A plain check's blame takes a work-tree file that git's stat data
 * vouches for as the blob the index stages, and where HEAD holds that
 * blob, as HEAD's version, unread: an edit that data cannot see (same
 * size, same times) counts as committed, as git status and git diff
 * would see none. Where a filter may make git store other bytes (a
 * carriage return, a `filter` driver, a `working-tree-encoding`), the
 * file is compared with HEAD's blob, and the edit is new. */
static void test_blame_vouched(void **state)
{
	fx *f = *state;
	static const char *const files[] = {"plans/a.yaml", "plans/lfs.yaml", "plans/utf16.yaml"};
	set_config(f, "core.trustctime", "false");
	put_staged(f, ".gitattributes", "lfs.yaml filter=lfs\nutf16.yaml working-tree-encoding=UTF-16\n");
	for (size_t i = 0; i < 3; i++)
		put_aged(f, files[i], "id: a\nsign: alice\n");
	put_aged(f, "plans/crlf.yaml", "id: a\r\nsign: alice\r\n");
	commit(f, "alice", "plans");
	for (size_t i = 0; i < 3; i++)
		edit_unseen(f, files[i], "id: a\nsign: mallo\n");
	edit_unseen(f, "plans/crlf.yaml", "id: a\r\nsign: mallo\r\n");
	gl__repo *r = open_at(f->dir);
	want_line2_by(r, f, "plans/a.yaml", "alice");
	want_line2_by(r, f, "plans/lfs.yaml", "(new)");
	want_line2_by(r, f, "plans/utf16.yaml", "(new)");
	want_line2_by(r, f, "plans/crlf.yaml", "(new)");
	gl__repo_free(r);
}

/* git add -N (intent to add) and a submodule, as index entries. */
static void add_entry(const fx *f, const char *path, unsigned mode, uint16_t ext)
{
	git_index_entry e;
	memset(&e, 0, sizeof e);
	e.path = path;
	e.mode = mode;
	e.flags_extended = ext;
	if (mode == GIT_FILEMODE_COMMIT)
		OK(git_oid_fromstr(&e.id, "0123456789abcdef0123456789abcdef01234567"));
	else
		OK(git_blob_create_from_buffer(&e.id, f->git, "", 0));
	write_entry(f, &e);
}

static void test_special_entries(void **state)
{
	fx *f = *state;
	put_staged(f, "plans/a.yaml", "id: a\n");
	add_entry(f, "plans/sub", GIT_FILEMODE_COMMIT, 0);
	add_entry(f, "vendor/lib", GIT_FILEMODE_COMMIT, 0);
	add_entry(f, "plans/new.yaml", GIT_FILEMODE_BLOB, GIT_INDEX_ENTRY_INTENT_TO_ADD);
	gl__repo *r = open_at(f->dir);
	want_list(r, GL__SRC_INDEX, NULL, "plans/a.yaml\nplans/sub: submodule: not checked\n");
	want_read_error(r, GL__SRC_INDEX, NULL, "plans/sub", 1000,
	                "plans/sub: submodule: not checked");
	want_read_error(r, GL__SRC_INDEX, NULL, "plans/new.yaml", 1000, "not in the git index");
	gl__repo_free(r);
}

/* A merge conflict leaves a path in the index as its sides (stages 1-3),
 * with no stage 0: it is neither read nor taken as absent, directly or
 * through a symlink, and a plan so is listed as such. */
static void test_unmerged(void **state)
{
	fx *f = *state;
	put_staged(f, "plans/a.yaml", "id: a\n");
	assert_int_equal(symlink("../people.yaml", path_in(f, "plans/roster.yaml")), 0);
	stage(f, "plans/roster.yaml");
	git_index *idx = index_of(f);
	static const char *const paths[] = {"people.yaml", "plans/b.yaml"};
	for (size_t i = 0; i < 2; i++) {
		git_index_entry side[3];
		for (int k = 0; k < 3; k++) {
			memset(&side[k], 0, sizeof side[k]);
			side[k].path = paths[i];
			side[k].mode = GIT_FILEMODE_BLOB;
			OK(git_blob_create_from_buffer(&side[k].id, f->git, "x: 1\n", 5));
		}
		OK(git_index_conflict_add(idx, &side[0], &side[1], &side[2]));
	}
	OK(git_index_write(idx));
	git_index_free(idx);
	gl__repo *r = open_at(f->dir);
	want_read_error(r, GL__SRC_INDEX, NULL, "people.yaml", 1000,
	                "people.yaml: unmerged in the index: resolve the conflict, then git add it");
	want_read_error(r, GL__SRC_INDEX, NULL, "plans/roster.yaml", 1000,
	                "plans/roster.yaml: unmerged in the index: resolve the conflict");
	want_list(r, GL__SRC_INDEX, NULL,
	          "people.yaml: unmerged in the index: not checked\nplans/a.yaml\n"
	          "plans/b.yaml: unmerged in the index: not checked\nplans/roster.yaml\n");
	gl__repo_free(r);
}

/* GIT_INDEX_FILE (git sets it for hooks, e.g. `git commit -a`). */
static void test_index_file_env(void **state)
{
	fx *f = *state;
	put_staged(f, "plans/a.yaml", "id: a\nv: 1\n");
	char cmd[PATH_MAX];
	snprintf(cmd, sizeof cmd, "cp %s/.git/index %s/.git/index.other", f->dir, f->dir);
	assert_int_equal(system(cmd), 0);
	put_staged(f, "plans/a.yaml", "id: a\nv: 2\n");
	setenv("GIT_INDEX_FILE", ".git/index.other", 1);   /* relative to the work tree */
	gl__repo *r = open_at(f->dir);
	unsetenv("GIT_INDEX_FILE");
	want_read(r, GL__SRC_INDEX, NULL, "plans/a.yaml", "id: a\nv: 1\n");
	gl__repo_free(r);
	r = open_at(f->dir);
	want_read(r, GL__SRC_INDEX, NULL, "plans/a.yaml", "id: a\nv: 2\n");
	gl__repo_free(r);
}

/* ---- revisions and what changed ------------------------------------------ */

static void test_revisions(void **state)
{
	fx *f = *state;
	put_staged(f, "plans/a.yaml", "id: a\nv: 1\n");
	put_staged(f, "plans/b.yaml", "id: b\n");
	commit(f, "alice", "first");
	put_staged(f, "plans/a.yaml", "id: a\nv: 2\n");
	put_staged(f, "plans/c.yaml", "id: c\n");
	commit(f, "bob", "second");
	gl__repo *r = open_at(f->dir);
	want_read(r, GL__SRC_REV, "HEAD~1", "plans/a.yaml", "id: a\nv: 1\n");
	want_read(r, GL__SRC_REV, "HEAD", "plans/a.yaml", "id: a\nv: 2\n");
	want_list(r, GL__SRC_REV, "HEAD~1", "plans/a.yaml\nplans/b.yaml\n");
	want_list(r, GL__SRC_REV, NULL, "plans/a.yaml\nplans/b.yaml\nplans/c.yaml\n");
	want_read_error(r, GL__SRC_REV, "HEAD~1", "plans/c.yaml", 1000,
	                "plans/c.yaml: not in revision 'HEAD~1'");
	want_read_error(r, GL__SRC_REV, "HEAD~7", "plans/a.yaml", 1000,
	                "unknown revision 'HEAD~7': ");
	gl__filelist l = {0};
	gl_err err = {{0}};
	assert_int_equal(gl__repo_list(r, GL__SRC_REV, "no-such-branch", plan_globs, 2, &l, &err),
	                 -1);
	t_contains(err.msg, "unknown revision 'no-such-branch'");
	gl__filelist_free(&l);
	gl__repo_free(r);
}

/* A revision beyond a shallow clone's cut cannot be found; the message says
 * the clone is shallow (and a repository that is not shallow, nothing of
 * the kind). The clone is made by hand: a `shallow` file naming HEAD~1,
 * and HEAD~2's commit object gone. */
static void test_shallow_revision(void **state)
{
	fx *f = *state;
	for (int i = 0; i < 3; i++) {
		put_staged(f, "plans/a.yaml", i == 0 ? "v: 0\n" : i == 1 ? "v: 1\n" : "v: 2\n");
		commit(f, "alice", "one more");
	}
	gl__repo *r = open_at(f->dir);
	gl__filelist l = {0};
	gl_err err = {{0}};
	assert_int_equal(gl__repo_list(r, GL__SRC_REV, "HEAD~3", plan_globs, 2, &l, &err), -1);
	assert_null(strstr(err.msg, "shallow"));
	gl__repo_free(r);
	git_object *o = NULL;
	char hex[GIT_OID_HEXSZ + 1], p[PATH_MAX];
	OK(git_revparse_single(&o, f->git, "HEAD~1"));
	git_oid_tostr(hex, sizeof hex, git_object_id(o));
	git_object_free(o);
	snprintf(p, sizeof p, "%s\n", hex);
	put(f, ".git/shallow", p);
	OK(git_revparse_single(&o, f->git, "HEAD~2"));
	git_oid_tostr(hex, sizeof hex, git_object_id(o));
	git_object_free(o);
	snprintf(p, sizeof p, "%s/.git/objects/%.2s/%s", f->dir, hex, hex + 2);
	OK(unlink(p));
	r = open_at(f->dir);
	static const char shallow[] = "; the clone is shallow, and its history may stop before it: "
	                              "fetch more history (git fetch --unshallow";
	assert_int_equal(gl__repo_list(r, GL__SRC_REV, "HEAD~2", plan_globs, 2, &l, &err), -1);
	t_contains(err.msg, "unknown revision 'HEAD~2': ");
	t_contains(err.msg, shallow);
	assert_int_equal(gl__repo_changed(r, "HEAD~2", GL__SRC_INDEX, &l, &err), -1);
	t_contains(err.msg, shallow);
	gl__filelist_free(&l);
	gl__repo_free(r);
}

/* A commit whose tree is gone (a broken object store) cannot be read, in
 * libgit2's words: it does not name another kind of object. */
static void test_unreadable_revision(void **state)
{
	fx *f = *state;
	put_staged(f, "plans/a.yaml", "id: a\n");
	commit(f, "alice", "one");
	git_object *head = NULL;
	OK(git_revparse_single(&head, f->git, "HEAD^{tree}"));
	char hex[GIT_OID_HEXSZ + 1], p[PATH_MAX];
	git_oid_tostr(hex, sizeof hex, git_object_id(head));
	git_object_free(head);
	snprintf(p, sizeof p, "%s/.git/objects/%.2s/%s", f->dir, hex, hex + 2);
	OK(unlink(p));
	gl__repo *r = open_at(f->dir);
	gl__filelist l = {0};
	gl_err err = {{0}};
	assert_int_equal(gl__repo_list(r, GL__SRC_REV, "HEAD", plan_globs, 2, &l, &err), -1);
	t_contains(err.msg, "revision 'HEAD' cannot be read: ");
	gl__filelist_free(&l);
	gl__repo_free(r);
}

static void test_changed(void **state)
{
	fx *f = *state;
	put_staged(f, "people.yaml", "people: []\n");
	put_staged(f, "plans/a.yaml", "id: a\n");
	put_staged(f, "plans/b.yaml", "id: b\n");
	put_staged(f, "plans/d.yaml", "id: d\n");
	put_staged(f, ".govlint.yaml", "plans: [plans/**/*.yaml]\n");
	commit(f, "alice", "base");
	make_branch(f, "main", "HEAD");
	/* a side branch moving on: its changes are not HEAD's */
	put_staged(f, "plans/side.yaml", "id: side\n");
	commit_on(f, "refs/heads/main", "bob", "on main, not in HEAD");
	OK(remove(path_in(f, "plans/side.yaml")));   /* and out of HEAD's index */
	stage(f, "plans/side.yaml");

	/* HEAD moves: a rename and a deletion committed */
	char from[PATH_MAX];
	snprintf(from, sizeof from, "%s", path_in(f, "plans/b.yaml"));
	OK(rename(from, path_in(f, "plans/b2.yaml")));
	stage(f, "plans/b.yaml");
	stage(f, "plans/b2.yaml");
	OK(remove(path_in(f, "plans/d.yaml")));
	stage(f, "plans/d.yaml");
	commit(f, "bob", "rename b, delete d");
	/* staged but not committed, then unstaged, then untracked */
	put_staged(f, "plans/a.yaml", "id: a\nv: 2\n");
	put(f, "people.yaml", "people: [x]\n");
	put(f, "plans/new.yaml", "id: new\n");
	put(f, "plans/deep/er/n.yaml", "id: n\n");

	gl__repo *r = open_at(f->dir);
	want_changed(r, "main", GL__SRC_INDEX,
	             "plans/a.yaml\nplans/b.yaml\nplans/b2.yaml\nplans/d.yaml\n");
	want_changed(r, "main", GL__SRC_WORKTREE,
	             "people.yaml\nplans/a.yaml\nplans/b.yaml\nplans/b2.yaml\nplans/d.yaml\n"
	             "plans/deep/er/n.yaml\nplans/new.yaml\n");
	want_changed(r, NULL, GL__SRC_INDEX, "plans/a.yaml\n");
	want_changed(r, "HEAD", GL__SRC_WORKTREE,
	             "people.yaml\nplans/a.yaml\nplans/deep/er/n.yaml\nplans/new.yaml\n");
	put(f, ".govlint.yaml", "plans: [plans/*.yaml]\n");
	want_changed(r, "HEAD", GL__SRC_WORKTREE,
	             ".govlint.yaml\npeople.yaml\nplans/a.yaml\nplans/deep/er/n.yaml\n"
	             "plans/new.yaml\n");
	gl__filelist l = {0};
	gl_err err = {{0}};
	assert_int_equal(gl__repo_changed(r, "nope", GL__SRC_INDEX, &l, &err), -1);
	t_contains(err.msg, "unknown revision 'nope'");
	/* another kind of object: said so, without libgit2's words */
	assert_int_equal(gl__repo_changed(r, "HEAD:plans", GL__SRC_INDEX, &l, &err), -1);
	assert_string_equal(err.msg, "revision 'HEAD:plans' is a folder (tree), not a commit: "
	                             "name a commit (a branch, tag or hash)");
	assert_int_equal(gl__repo_list(r, GL__SRC_REV, "HEAD:plans/a.yaml", plan_globs, 2, &l, &err),
	                 -1);
	assert_string_equal(err.msg, "revision 'HEAD:plans/a.yaml' is a file (blob), not a commit or "
	                             "tree: name a commit (a branch, tag or hash)");
	gl__filelist_free(&l);
	gl__repo_free(r);
}

static void test_empty_repository(void **state)
{
	fx *f = *state;
	put_staged(f, "plans/a.yaml", "id: a\n");
	gl__repo *r = open_at(f->dir);
	want_list(r, GL__SRC_REV, NULL, "");
	want_list(r, GL__SRC_INDEX, NULL, "plans/a.yaml\n");
	want_changed(r, NULL, GL__SRC_INDEX, "plans/a.yaml\n");
	want_read_error(r, GL__SRC_REV, NULL, "plans/a.yaml", 1000, "not in revision 'HEAD'");
	char out[128];
	gl_err err = {{0}};
	OK(gl__repo_describe(r, NULL, out, &err));
	assert_string_equal(out, "(no commits)");
	gl__filelist l = {0};
	assert_int_equal(gl__repo_changed(r, "main", GL__SRC_INDEX, &l, &err), -1);
	t_contains(err.msg, "HEAD has no commits yet");
	gl__filelist_free(&l);
	gl__repo_free(r);
}

/* ---- a planning root below the work tree ---------------------------------- */

/* A symlink in git (a blob naming its target) is followed as the work
 * tree's walk follows one: to a file inside the planning root, through
 * other links (a symlinked folder's too), at most 40 of them; git sources
 * read the target as git holds it, and gl__repo_origin names it. */
static void test_symlinks_in_git(void **state)
{
	fx *f = *state;
	static const struct {
		const char *rel, *target;
	} links[] = {
		{"gov/plans/same.yaml", "a.yaml"},
		{"gov/plans/up.yaml", "../shared/s.yaml"},
		{"gov/plans/chain.yaml", "up.yaml"},
		{"gov/plans/dot.yaml", "./../plans/./a.yaml"},
		{"gov/plans/out.yaml", "../../elsewhere/e.yaml"},
		{"gov/plans/above.yaml", "../../../../etc/passwd"},
		{"gov/plans/abs.yaml", "/etc/passwd"},
		{"gov/plans/gone.yaml", "missing.yaml"},
		{"gov/plans/loop1.yaml", "loop2.yaml"},
		{"gov/plans/loop2.yaml", "loop1.yaml"},
		{"gov/plans/dir.yaml", "../shared"},
		{"gov/lnk", "shared"},                           /* a symlinked folder */
		{"gov/plans/via.yaml", "../lnk/s.yaml"},         /* through it */
		{"gov/plans/viaup.yaml", "../lnk/../plans/a.yaml"},
		{"gov/away", "../elsewhere"},                    /* a folder link leaving the root */
		{"gov/plans/viaaway.yaml", "../away/e.yaml"},
		{"gov/plans/viagone.yaml", "../lnk/missing.yaml"},
	};
	put_staged(f, "gov/plans/a.yaml", "id: a\n");
	put_staged(f, "gov/shared/s.yaml", "id: s\n");
	put_staged(f, "elsewhere/e.yaml", "id: e\n");
	for (size_t i = 0; i < sizeof links / sizeof *links; i++) {
		assert_int_equal(symlink(links[i].target, path_in(f, links[i].rel)), 0);
		stage(f, links[i].rel);
	}
	char abs[PATH_MAX + 32], real[PATH_MAX];
	assert_non_null(realpath(f->dir, real));
	snprintf(abs, sizeof abs, "%s/gov/shared/s.yaml", real);   /* absolute, inside */
	assert_int_equal(symlink(abs, path_in(f, "gov/plans/absin.yaml")), 0);
	stage(f, "gov/plans/absin.yaml");
	commit(f, "alice", "links");
	char root[PATH_MAX];
	snprintf(root, sizeof root, "%s/gov", f->dir);
	gl__repo *r = open_at(root);
	for (gl__src src = GL__SRC_INDEX; src <= GL__SRC_REV; src++) {
		want_read(r, src, NULL, "plans/same.yaml", "id: a\n");
		want_read(r, src, NULL, "plans/up.yaml", "id: s\n");
		want_read(r, src, NULL, "plans/chain.yaml", "id: s\n");
		want_read(r, src, NULL, "plans/dot.yaml", "id: a\n");
		want_read(r, src, NULL, "plans/absin.yaml", "id: s\n");
		want_read(r, src, NULL, "plans/via.yaml", "id: s\n");
		want_read(r, src, NULL, "plans/viaup.yaml", "id: a\n");
		static const char *const leaves[] = {"out", "above", "abs", "viaaway"};
		char rel[64], msg[128];
		for (size_t i = 0; i < 4; i++) {
			snprintf(rel, sizeof rel, "plans/%s.yaml", leaves[i]);
			snprintf(msg, sizeof msg, "%s: symlink leaves the repository: not followed", rel);
			want_read_error(r, src, NULL, rel, 1000, msg);
		}
		want_read_error(r, src, NULL, "plans/gone.yaml", 1000,
		                "plans/gone.yaml: dangling symlink: not followed");
		want_read_error(r, src, NULL, "plans/viagone.yaml", 1000,
		                "plans/viagone.yaml: dangling symlink: not followed");
		want_read_error(r, src, NULL, "plans/loop1.yaml", 1000,
		                "plans/loop1.yaml: symlink loop: not followed");
		want_read_error(r, src, NULL, "plans/dir.yaml", 1000,   /* the index's files below it */
		                "plans/dir.yaml: a folder, not a file");
		char out[PATH_MAX];
		assert_string_equal(gl__repo_origin(r, src, NULL, "plans/chain.yaml", out), "shared/s.yaml");
		assert_string_equal(gl__repo_origin(r, src, NULL, "plans/via.yaml", out), "shared/s.yaml");
		assert_string_equal(gl__repo_origin(r, src, NULL, "plans/a.yaml", out), "plans/a.yaml");
		assert_string_equal(gl__repo_origin(r, src, NULL, "plans/gone.yaml", out), "plans/gone.yaml");
		static const char *const many[] = {"plans/a.yaml", "plans/chain.yaml", "plans/dir.yaml",
		                                   "plans/up.yaml"};
		char *to[4];
		OK(gl__repo_origins(r, src, NULL, many, 4, to));   /* one look for them all */
		assert_null(to[0]);
		assert_string_equal(to[1], "shared/s.yaml");
		assert_null(to[2]);   /* a folder: no file it leads to */
		assert_string_equal(to[3], "shared/s.yaml");
		for (size_t i = 0; i < 4; i++)
			free(to[i]);
	}
	gl__repo_free(r);
}

static void test_subfolder(void **state)
{
	fx *f = *state;
	put_staged(f, "gov/people.yaml", "people: []\n");
	put_staged(f, "gov/plans/a.yaml", "id: a\n");
	put_staged(f, "plans/outside.yaml", "id: o\n");
	put_staged(f, "govx/plans/x.yaml", "id: x\n");
	commit(f, "alice", "first");
	put_staged(f, "gov/plans/a.yaml", "id: a\nv: 2\n");
	put_staged(f, "plans/outside.yaml", "id: o\nv: 2\n");
	put(f, "gov/people.yaml", "people: [x]\n");   /* not staged */
	char root[PATH_MAX];
	snprintf(root, sizeof root, "%s/gov", f->dir);
	gl__repo *r = open_at(root);
	assert_string_equal(gl__repo_prefix(r), "gov");
	char real[PATH_MAX];
	assert_non_null(realpath(f->dir, real));
	assert_string_equal(gl__repo_workdir(r), real);
	want_list(r, GL__SRC_INDEX, NULL, "people.yaml\nplans/a.yaml\n");
	want_list(r, GL__SRC_REV, "HEAD", "people.yaml\nplans/a.yaml\n");
	want_list(r, GL__SRC_WORKTREE, NULL, "people.yaml\nplans/a.yaml\n");
	want_read(r, GL__SRC_INDEX, NULL, "plans/a.yaml", "id: a\nv: 2\n");
	want_read(r, GL__SRC_REV, "HEAD", "plans/a.yaml", "id: a\n");
	want_changed(r, NULL, GL__SRC_INDEX, "plans/a.yaml\n");
	want_peek(r, "people.yaml", "people: []\n");   /* git sees the edit below the root */
	want_peek(r, "plans/a.yaml", "id: a\nv: 2\n");
	gl__repo_free(r);
	/* a planning root not yet in HEAD lists nothing there */
	put_staged(f, "later/plans/l.yaml", "id: l\n");
	snprintf(root, sizeof root, "%s/later", f->dir);
	r = open_at(root);
	want_list(r, GL__SRC_REV, NULL, "");
	want_list(r, GL__SRC_INDEX, NULL, "plans/l.yaml\n");
	gl__repo_free(r);
}

/* ---- identity and describe ------------------------------------------------ */

static void want_identity_error(gl__repo *r, const char *msg)
{
	char *name = NULL, *email = NULL;
	gl_err err = {{0}};
	assert_int_equal(gl__repo_identity(r, &name, &email, &err), -1);
	assert_null(name);
	assert_null(email);
	t_contains(err.msg, msg);
}

static void want_identity(gl__repo *r, const char *name, const char *email)
{
	char *n = NULL, *e = NULL;
	gl_err err = {{0}};
	if (gl__repo_identity(r, &n, &e, &err))
		fail_msg("%s", err.msg);
	assert_string_equal(n, name);
	assert_string_equal(e, email);
	free(n);
	free(e);
}

static void test_identity(void **state)
{
	fx *f = *state;
	gl__repo *r = open_at(f->dir);
	want_identity_error(r, "user.name is not set in git config");
	gl__repo_free(r);
	set_config(f, "user.name", "Alice Lee");
	r = open_at(f->dir);
	want_identity_error(r, "user.email is not set in git config");
	gl__repo_free(r);
	set_config(f, "user.email", "alice@example.org");
	r = open_at(f->dir);
	want_identity(r, "Alice Lee", "alice@example.org");
	gl__repo_free(r);
	set_config(f, "author.email", "alice@hospital.example");
	r = open_at(f->dir);
	want_identity(r, "Alice Lee", "alice@hospital.example");
	/* what git exports to its hooks wins */
	setenv("GIT_AUTHOR_NAME", "Bob Roe", 1);
	want_identity(r, "Bob Roe", "alice@hospital.example");
	unsetenv("GIT_AUTHOR_NAME");
	gl__repo_free(r);
}

static void test_describe(void **state)
{
	fx *f = *state;
	/* 8 + 116 ASCII bytes, then two-byte characters: the 127th byte is the
	 * first half of one, so the header stops before it, at 126 bytes */
	static const char second[] =
		"Second: a summary line that is long enough to be cut somewhere near the end, "
		"as the header takes 127 bytes at most: \xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9";
	put_staged(f, "plans/a.yaml", "id: a\n");
	commit(f, "alice", "First plan\n\nWith a body.\n");
	put_staged(f, "plans/a.yaml", "id: a\nv: 2\n");
	commit(f, "bob", second);
	gl__repo *r = open_at(f->dir);
	git_object *obj = NULL;
	OK(git_revparse_single(&obj, f->git, "HEAD~1"));
	char hex[8], want[128], out[128];
	git_oid_tostr(hex, sizeof hex, git_object_id(obj));
	git_object_free(obj);
	snprintf(want, sizeof want, "%s First plan", hex);
	gl_err err = {{0}};
	OK(gl__repo_describe(r, "HEAD~1", out, &err));
	assert_string_equal(out, want);
	OK(gl__repo_describe(r, NULL, out, &err));
	char full[512];
	OK(git_revparse_single(&obj, f->git, "HEAD"));
	git_oid_tostr(hex, sizeof hex, git_object_id(obj));
	git_object_free(obj);
	snprintf(full, sizeof full, "%s %s", hex, second);
	assert_int_equal(strlen(out), 126);
	assert_memory_equal(out, full, 126);
	assert_int_equal(gl__repo_describe(r, "nope", out, &err), -1);
	t_contains(err.msg, "unknown revision 'nope'");
	gl__repo_free(r);
}

/* ---- errors opening ---------------------------------------------------- */

static void want_open_error(const char *root, const char *msg)
{
	gl__repo *r = NULL;
	gl_err err = {{0}};
	assert_int_equal(gl__repo_open(&r, root, &err), -1);
	assert_null(r);
	t_contains(err.msg, msg);
}

static void test_open_errors(void **state)
{
	fx *f = *state;
	char other[64], p[PATH_MAX];
	snprintf(other, sizeof other, "/tmp/gl-norepo-XXXXXX");
	assert_non_null(mkdtemp(other));
	snprintf(p, sizeof p, "not in a git repository: %s", other);
	want_open_error(other, p);
	snprintf(p, sizeof p, "%s/bare.git", other);
	git_repository *bare = NULL;
	OK(git_repository_init(&bare, p, 1));
	git_repository_free(bare);
	want_open_error(p, "is in a bare git repository, which has no work tree");
	gl_err err = {{0}};
	assert_int_equal(gl_hook_install(p, "govlint", NULL, &err), GL_ERROR);
	t_contains(err.msg, "bare git repository");
	assert_int_equal(gl_hook_install(other, "govlint", NULL, &err), GL_ERROR);
	t_contains(err.msg, "not in a git repository");
	assert_int_equal(gl_hook_uninstall(other, &err), GL_ERROR);
	t_contains(err.msg, "not in a git repository");
	rm_tree(other);
	want_open_error(path_in(f, ".git"), "is inside the .git folder, not the work tree");
}

/* ---- git's config, as git reads it ---------------------------------------- */

static void want_hooks_dir(gl__repo *r, const char *dir, const char *shared)
{
	char *d = NULL;
	const char *from = NULL;
	gl_err err = {{0}};
	if (gl__repo_hooks_dir(r, &d, &from, &err))
		fail_msg("%s", err.msg);
	t_contains(d, dir);
	if (shared)
		assert_string_equal(from, shared);
	else
		assert_null(from);
	free(d);
	gl__repo_free(r);
}

static int count_entry(const git_config_entry *e, void *n)
{
	(void)e;
	++*(int *)n;
	return 0;
}

/* The files GIT_CONFIG_GLOBAL and GIT_CONFIG_SYSTEM name (this unless
 * GIT_CONFIG_NOSYSTEM), and GIT_CONFIG_COUNT's entries over every file:
 * libgit2 1.5 alone reads none of them, git does. */
static void test_env_config(void **state)
{
	fx *f = *state;
	put(f, "shared.cfg", "[user]\n\tname = Alice Lee\n\temail = alice@example.org\n"
	                     "[core]\n\thooksPath = /shared/hooks\n");
	setenv("GIT_CONFIG_GLOBAL", path_in(f, "shared.cfg"), 1);
	gl__repo *r = open_at(f->dir);
	want_identity(r, "Alice Lee", "alice@example.org");
	want_hooks_dir(r, "/shared/hooks", "global (GIT_CONFIG_GLOBAL)");

	/* the environment's entries win, the last of a key; section and name
	 * in any case, the subsection as written */
	setenv("GIT_CONFIG_COUNT", "3", 1);
	setenv("GIT_CONFIG_KEY_0", "user.email", 1);
	setenv("GIT_CONFIG_VALUE_0", "first@example.org", 1);
	setenv("GIT_CONFIG_KEY_1", "User.EMail", 1);
	setenv("GIT_CONFIG_VALUE_1", "bob@example.org", 1);
	setenv("GIT_CONFIG_KEY_2", "Branch.Main.Remote", 1);
	setenv("GIT_CONFIG_VALUE_2", "origin", 1);
	r = open_at(f->dir);
	want_identity(r, "Alice Lee", "bob@example.org");
	gl__repo_free(r);
	git_config *cfg = NULL, *snap = NULL;
	gl_err err = {{0}};
	OK(gl__git_config(&cfg, f->git, &err));
	int n = 0;
	OK(git_config_get_multivar_foreach(cfg, "user.email", NULL, count_entry, &n));
	assert_int_equal(n, 3);   /* the file's and both of the environment's */
	OK(git_config_snapshot(&snap, cfg));
	const char *v = NULL;
	OK(git_config_get_string(&v, snap, "branch.Main.remote"));
	assert_string_equal(v, "origin");
	assert_int_equal(git_config_get_string(&v, snap, "branch.main.remote"), GIT_ENOTFOUND);
	git_config_free(snap);
	git_config_free(cfg);
	setenv("GIT_CONFIG_KEY_2", "core.hooksPath", 1);
	setenv("GIT_CONFIG_VALUE_2", "/env/hooks", 1);
	want_hooks_dir(open_at(f->dir), "/env/hooks", "environment (GIT_CONFIG_COUNT)");

	/* where git stops, so does the run */
	setenv("GIT_CONFIG_COUNT", "4", 1);
	want_open_error(f->dir, "GIT_CONFIG_COUNT is 4, but GIT_CONFIG_KEY_3 is not set");
	setenv("GIT_CONFIG_COUNT", "2x", 1);
	want_open_error(f->dir, "GIT_CONFIG_COUNT=2x is not a number");
	setenv("GIT_CONFIG_COUNT", "1", 1);
	setenv("GIT_CONFIG_KEY_0", "hookspath", 1);
	want_open_error(f->dir, "GIT_CONFIG_KEY_0=hookspath is no git config key");
	unsetenv("GIT_CONFIG_VALUE_0");
	setenv("GIT_CONFIG_KEY_0", "core.9lives", 1);
	want_open_error(f->dir, "GIT_CONFIG_KEY_0=core.9lives is no git config key");
	unset_config_env();

	/* GIT_CONFIG_SYSTEM, unless GIT_CONFIG_NOSYSTEM */
	setenv("GIT_CONFIG_SYSTEM", path_in(f, "shared.cfg"), 1);
	want_hooks_dir(open_at(f->dir), "/shared/hooks", "system (GIT_CONFIG_SYSTEM)");
	setenv("GIT_CONFIG_NOSYSTEM", "yes", 1);
	want_hooks_dir(open_at(f->dir), "/.git/hooks", NULL);
	setenv("GIT_CONFIG_NOSYSTEM", "perhaps", 1);
	want_open_error(f->dir, "GIT_CONFIG_NOSYSTEM=perhaps is not a boolean");
	unset_config_env();
}

/* ---- the pre-commit hook ------------------------------------------------ */

static char *slurp(const char *path, mode_t *mode)
{
	struct stat st;
	assert_int_equal(lstat(path, &st), 0);
	if (mode)
		*mode = st.st_mode & 07777;
	char *buf = NULL;
	size_t len;
	gl_err err;
	if (gl__read_file(path, 1u << 20, &buf, &len, &err))
		fail_msg("%s", err.msg);
	return buf;
}

static int gone(const char *path)
{
	struct stat st;
	return lstat(path, &st) != 0 && errno == ENOENT;
}

/* Runs the hook as git would: from the top of the work tree. */
static int run_hook(const fx *f, const char *hook, const char *out)
{
	char cmd[3 * PATH_MAX];
	snprintf(cmd, sizeof cmd, "cd '%s' && '%s' > '%s' 2>&1", f->dir, hook, out);
	int st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static const char foreign[] = "#!/bin/sh\necho foreign ran >> \"$(dirname \"$0\")/log\"\n"
                              "exit ${FOREIGN_EXIT:-0}\n";

/* The file holds exactly `text`, with `mode` (unless 0). */
static void want_file(const char *path, const char *text, mode_t mode)
{
	mode_t got;
	char *have = slurp(path, &got);
	assert_string_equal(have, text);
	free(have);
	if (mode)
		assert_int_equal(got, mode);
}

typedef struct hookfx {
	char hook[PATH_MAX], chained[PATH_MAX], log[PATH_MAX], out[PATH_MAX];
} hookfx;

/* The work tree's top as a planning repository, which install needs. */
static void planning(const fx *f)
{
	put(f, "people.yaml", "people: []\n");
}

/* A foreign hook (mode 0750), then govlint's installed over it. */
static void over_foreign(const fx *f, hookfx *h, const char *cmd)
{
	planning(f);
	snprintf(h->hook, sizeof h->hook, "%s/.git/hooks/pre-commit", f->dir);
	snprintf(h->chained, sizeof h->chained, "%s/.git/hooks/pre-commit.govlint-chained", f->dir);
	snprintf(h->log, sizeof h->log, "%s/.git/hooks/log", f->dir);
	snprintf(h->out, sizeof h->out, "%s/.git/out", f->dir);
	mkdir(path_in(f, ".git/hooks"), 0755);
	put(f, ".git/hooks/pre-commit", foreign);
	OK(chmod(h->hook, 0750));
	gl_err err = {{0}};
	assert_int_equal(gl_hook_install(f->dir, cmd, NULL, &err), GL_HOOK_CHAINED);
	want_file(h->chained, foreign, 0750);
}

static void test_hook_chain(void **state)
{
	fx *f = *state;
	hookfx h;
	over_foreign(f, &h, "/bin/echo");
	char *text = slurp(h.hook, NULL);
	t_contains(text, "#!/bin/sh\n# govlint pre-commit hook");
	t_contains(text, "exec '/bin/echo' check --staged --since HEAD\n");
	free(text);
	/* the chained hook runs first; its failure stops the commit */
	assert_int_equal(run_hook(f, h.hook, h.out), 0);
	want_file(h.out, "check --staged --since HEAD\n", 0);
	want_file(h.log, "foreign ran\n", 0);
	setenv("FOREIGN_EXIT", "3", 1);
	assert_int_equal(run_hook(f, h.hook, h.out), 3);
	unsetenv("FOREIGN_EXIT");
	want_file(h.out, "", 0);
	want_file(h.log, "foreign ran\nforeign ran\n", 0);
}

static void test_hook_reinstall(void **state)
{
	fx *f = *state;
	hookfx h;
	over_foreign(f, &h, "/bin/echo");
	char *text = slurp(h.hook, NULL);
	struct stat before, after;
	OK(stat(h.hook, &before));
	gl_err err = {{0}};
	assert_int_equal(gl_hook_install(f->dir, "/bin/echo", NULL, &err), GL_HOOK_UNCHANGED);
	OK(stat(h.hook, &after));
	assert_int_equal(before.st_ino, after.st_ino);
	want_file(h.hook, text, 0755);
	free(text);
	/* another command: govlint's hook is rewritten, the chained one kept */
	assert_int_equal(gl_hook_install(f->dir, "/usr/bin/govlint it's", NULL, &err), GL_HOOK_UPDATED);
	text = slurp(h.hook, NULL);
	t_contains(text, "exec '/usr/bin/govlint it'\\''s' check --staged --since HEAD\n");
	free(text);
	want_file(h.chained, foreign, 0750);
}

static void test_hook_uninstall_restores(void **state)
{
	fx *f = *state;
	hookfx h;
	over_foreign(f, &h, "govlint");
	gl_err err = {{0}};
	assert_int_equal(gl_hook_uninstall(f->dir, &err), GL_HOOK_RESTORED);
	want_file(h.hook, foreign, 0750);
	assert_true(gone(h.chained));
	assert_int_equal(gl_hook_uninstall(f->dir, &err), GL_ERROR);
	t_contains(err.msg, "govlint's pre-commit hook is not installed: ");
	t_contains(err.msg, "is another hook, left as it is");
	want_file(h.hook, foreign, 0750);
}

static void test_hook_plain(void **state)
{
	fx *f = *state;
	planning(f);
	char *hook = NULL;
	gl_err err = {{0}};
	OK(gl_hook_file(f->dir, &hook, &err));
	char real[PATH_MAX], want[PATH_MAX + 32];
	assert_non_null(realpath(f->dir, real));
	snprintf(want, sizeof want, "%s/.git/hooks/pre-commit", real);
	assert_string_equal(hook, want);
	assert_int_equal(gl_hook_uninstall(f->dir, &err), GL_ERROR);
	t_contains(err.msg, "govlint's pre-commit hook is not installed: there is no ");
	assert_int_equal(gl_hook_install(f->dir, "govlint", NULL, &err), GL_HOOK_INSTALLED);
	assert_int_equal(gl_hook_install(f->dir, "govlint", NULL, &err), GL_HOOK_UNCHANGED);
	OK(chmod(hook, 0644));   /* no longer runnable: installing again mends it */
	assert_int_equal(gl_hook_install(f->dir, "govlint", NULL, &err), GL_HOOK_UPDATED);
	mode_t mode;
	free(slurp(hook, &mode));
	assert_int_equal(mode, 0755);
	assert_int_equal(gl_hook_uninstall(f->dir, &err), GL_HOOK_REMOVED);
	assert_true(gone(hook));

	/* a foreign hook, and a chained one already there: nothing is touched */
	put(f, ".git/hooks/pre-commit", foreign);
	put(f, ".git/hooks/pre-commit.govlint-chained", "#!/bin/sh\n");
	assert_int_equal(gl_hook_install(f->dir, "govlint", NULL, &err), GL_ERROR);
	t_contains(err.msg, "is not govlint's hook, and ");
	t_contains(err.msg, "pre-commit.govlint-chained exists already");
	char *text = slurp(hook, NULL);
	assert_string_equal(text, foreign);
	free(text);
	free(hook);
}

static void test_hook_subfolder(void **state)
{
	fx *f = *state;
	put(f, "gov/people.yaml", "people: []\n");
	char root[PATH_MAX];
	snprintf(root, sizeof root, "%s/gov", f->dir);
	gl_err err = {{0}};
	assert_int_equal(gl_hook_install(root, "govlint", NULL, &err), GL_HOOK_INSTALLED);
	char *text = slurp(path_in(f, ".git/hooks/pre-commit"), NULL);
	t_contains(text, "cd 'gov' || exit 2\nexec 'govlint' check --staged --since HEAD\n");
	free(text);
	assert_int_equal(gl_hook_uninstall(root, &err), GL_HOOK_REMOVED);
	assert_int_equal(gl_hook_install(path_in(f, "gov/people.yaml"), "govlint", NULL, &err), GL_ERROR);
	t_contains(err.msg, "gov/people.yaml: not a folder");

	/* from a folder below the planning repository: the hook checks all of it */
	put(f, "gov/plans/site-a/a.yaml", "id: a\n");
	char *from = NULL;
	assert_int_equal(gl_hook_install(path_in(f, "gov/plans/site-a"), "govlint", &from, &err),
	                 GL_HOOK_INSTALLED);
	assert_string_equal(from, "gov");
	free(from);
	assert_int_equal(gl_hook_install(root, "govlint", NULL, &err), GL_HOOK_UNCHANGED);
	/* from a folder of no planning repository: refused, the hook left as it was */
	put(f, "docs/README", "x\n");
	assert_int_equal(gl_hook_install(path_in(f, "docs"), "/bin/true", NULL, &err), GL_ERROR);
	t_contains(err.msg, "/docs holds no planning repository, nor does a folder above it");
	text = slurp(path_in(f, ".git/hooks/pre-commit"), NULL);
	t_contains(text, "cd 'gov' || exit 2\nexec 'govlint' check");
	free(text);
}

static void test_hooks_path(void **state)
{
	fx *f = *state;
	planning(f);
	set_config(f, "core.hooksPath", "ci/hooks");
	gl_err err = {{0}};
	assert_int_equal(gl_hook_install(f->dir, "govlint", NULL, &err), GL_HOOK_INSTALLED);
	char *text = slurp(path_in(f, "ci/hooks/pre-commit"), NULL);
	t_contains(text, "# govlint pre-commit hook");
	free(text);
	assert_true(gone(path_in(f, ".git/hooks/pre-commit")));
	char *hook = NULL;
	OK(gl_hook_file(f->dir, &hook, &err));
	t_contains(hook, "/ci/hooks/pre-commit");
	free(hook);
	assert_int_equal(gl_hook_install(f->dir, "govlint", NULL, &err), GL_HOOK_UNCHANGED);
	assert_int_equal(gl_hook_uninstall(f->dir, &err), GL_HOOK_REMOVED);
	assert_true(gone(path_in(f, "ci/hooks")));   /* install made it; nothing else is in it */
	assert_false(gone(path_in(f, "ci")));
	/* a hooks folder that was there, empty, stays */
	OK(mkdir(path_in(f, "ci/hooks"), 0755));
	assert_int_equal(gl_hook_install(f->dir, "govlint", NULL, &err), GL_HOOK_INSTALLED);
	assert_int_equal(gl_hook_uninstall(f->dir, &err), GL_HOOK_REMOVED);
	assert_true(gone(path_in(f, "ci/hooks/pre-commit")));
	assert_false(gone(path_in(f, "ci/hooks")));

	/* absolute; and one that cannot be created (below a file) */
	char abs[PATH_MAX];
	snprintf(abs, sizeof abs, "%s/shared-hooks", f->dir);
	set_config(f, "core.hooksPath", abs);
	assert_int_equal(gl_hook_install(f->dir, "govlint", NULL, &err), GL_HOOK_INSTALLED);
	free(slurp(path_in(f, "shared-hooks/pre-commit"), NULL));
	put(f, "afile", "x\n");
	set_config(f, "core.hooksPath", "afile/hooks");
	assert_int_equal(gl_hook_install(f->dir, "govlint", NULL, &err), GL_ERROR);
	t_contains(err.msg, "/afile/hooks cannot be created: Not a directory");
}

static void test_hooks_read_only(void **state)
{
	fx *f = *state;
	planning(f);
	char dir[PATH_MAX];
	snprintf(dir, sizeof dir, "%s/.git/hooks", f->dir);
	mkdir(dir, 0755);
	OK(chmod(dir, 0555));
	gl_err err = {{0}};
	int rc = gl_hook_install(f->dir, "govlint", NULL, &err);
	if (geteuid() == 0) {
		chmod(dir, 0755);
		print_message("(root writes to read-only folders: the read-only hooks folder "
		              "is checked when not root; test_hooks_path covers a folder that "
		              "cannot be created)\n");
		skip();
	}
	assert_int_equal(rc, GL_ERROR);
	t_contains(err.msg, "is not writable: Permission denied");
	assert_true(gone(path_in(f, ".git/hooks/pre-commit")));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_staged_vs_worktree, setup, teardown),
		cmocka_unit_test_setup_teardown(test_staged_from_worktree, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unreadable_revision, setup, teardown),
		cmocka_unit_test_setup_teardown(test_peek_vouched, setup, teardown),
		cmocka_unit_test_setup_teardown(test_peek_filtered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_blame_vouched, setup, teardown),
		cmocka_unit_test_setup_teardown(test_special_entries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unmerged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_index_file_env, setup, teardown),
		cmocka_unit_test_setup_teardown(test_revisions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shallow_revision, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_repository, setup, teardown),
		cmocka_unit_test_setup_teardown(test_symlinks_in_git, setup, teardown),
		cmocka_unit_test_setup_teardown(test_subfolder, setup, teardown),
		cmocka_unit_test_setup_teardown(test_identity, setup, teardown),
		cmocka_unit_test_setup_teardown(test_describe, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_env_config, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hook_chain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hook_reinstall, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hook_uninstall_restores, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hook_plain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hook_subfolder, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hooks_path, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hooks_read_only, setup, teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
