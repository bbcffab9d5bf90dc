/* A file's lines traced back through history (policy/history.c), on real
 * repositories built with libgit2 in temporary folders, against what
 * `git blame` says of the same history: linear edits, whitespace-only
 * changes with blanks ignored and in normal form, renames (with and
 * without an edit, two in one commit through one tracer, a chain of
 * seventy), merges (each side's lines, the merge's own, a side holding
 * the merge's very blob), content that comes back, a file added after the
 * root, plans in nested folders, a change 5,000 folders down, a file and a
 * folder swapping names, a mode change, shallow clones' cuts (on one line
 * and on both sides of a merge), a missing object (the walk going only as
 * far as the lines asked for, in either order), determinism; and
 * gl__line_map, the diff beneath it, map by map (fuzz/fuzz_linemap.c
 * checks any pair). test_history_model.c checks histories drawn at random
 * against a model. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "internal.h"
#include "helpers.h"

#include <git2.h>

#include <limits.h>
#include <unistd.h>

#include "gitfx.h"

/* ---- tracing and what is expected of it ----------------------------------- */

static gl__tracer *tracer(const fx *f)
{
	gl__tracer *t = NULL;
	OK(gl__tracer_new(f->git, &t));
	assert_non_null(t);
	return t;
}

/* The blobs whose content traces read, each freed with its trace by
 * untrace: a trace reads its text for as long as it lives. */
static struct kept {
	gl__trace *tr;
	git_object *blob;
} kept[8];

static void untrace(gl__trace *tr)
{
	for (size_t i = 0; tr && i < sizeof kept / sizeof *kept; i++)
		if (kept[i].tr == tr) {
			git_object_free(kept[i].blob);
			kept[i] = (struct kept){NULL, NULL};
		}
	gl__trace_free(tr);
}

static void keep(gl__trace *tr, git_object *blob)
{
	for (size_t i = 0; i < sizeof kept / sizeof *kept; i++)
		if (!kept[i].tr) {
			kept[i] = (struct kept){tr, blob};
			return;
		}
	fail_msg("more than %zu traces at once", sizeof kept / sizeof *kept);
}

/* Line n of tr (NULL past its end), the walk expected to succeed. */
static const gl__traced_line *line_at(gl__trace *tr, size_t n)
{
	const gl__traced_line *l = NULL;
	if (gl__trace_line(tr, n, &l)) {
		const git_error *e = git_error_last();
		fail_msg("line %zu: %s", n, e ? e->message : "out of memory");
	}
	return l;
}

static gl__trace *trace_once(gl__tracer *t, const fx *f, const char *path, gl__blanks blanks)
{
	git_oid head;
	git_object *o = NULL;
	char spec[PATH_MAX];
	OK(git_reference_name_to_id(&head, f->git, "HEAD"));
	snprintf(spec, sizeof spec, "HEAD:%s", path);
	OK(git_revparse_single(&o, f->git, spec));
	const git_blob *b = (const git_blob *)o;
	gl__trace *tr = NULL;
	if (gl__trace_file(t, &head, path, git_object_id(o), git_blob_rawcontent(b),
	                   (size_t)git_blob_rawsize(b), blanks, &tr)) {
		const git_error *e = git_error_last();
		fail_msg("tracing %s: %s", path, e ? e->message : "out of memory");
	}
	assert_non_null(tr);
	keep(tr, o);
	return tr;
}

/* Traces `path` as HEAD has it, as the caller of gl__trace_file would,
 * through t, and again through a tracer of its own that looks each
 * commit's change up along the path (gl__tracer_by_path, the pre-commit
 * hook's), its lines asked for the other way round, last first, so that
 * its walk goes as far as the last line needs first: the two must agree,
 * line for line. t's trace is returned, each of its lines asked for once. */
static gl__trace *trace_head(gl__tracer *t, const fx *f, const char *path, gl__blanks blanks)
{
	gl__tracer *own = tracer(f);
	gl__tracer_by_path(own);
	gl__trace *by_path = trace_once(own, f, path, blanks), *tr = trace_once(t, f, path, blanks);
	size_t n = 1;
	while (line_at(tr, n))
		n++;
	assert_null(line_at(by_path, n));
	while (--n) {
		const gl__traced_line *k = line_at(by_path, n), *l = line_at(tr, n);
		assert_non_null(k);
		if (!git_oid_equal(k->commit, l->commit) || !git_oid_equal(k->blob, l->blob) ||
		    strcmp(k->path, l->path) != 0 || k->line != l->line || k->cut != l->cut)
			fail_msg("%s line %zu: traced by path otherwise", path, n);
	}
	untrace(by_path);
	gl__tracer_free(own);
	return tr;
}

/* A commit as a failure names it: its message (the tests' are "A", "B",
 * ...) and short id. */
static void describe(const fx *f, const git_oid *id, char *buf, size_t n)
{
	char hex[8];
	git_commit *c = NULL;
	git_oid_tostr(hex, sizeof hex, id);
	if (git_commit_lookup(&c, f->git, id) == 0)
		snprintf(buf, n, "'%s' (%s)", git_commit_summary(c), hex);
	else
		snprintf(buf, n, "%s", hex);
	git_commit_free(c);
}

/* Line `n` of the file was last changed by commit `want`, where the file
 * was at `path` (and its blob is the trace's) and the line was line
 * `line`; `cut`: that commit is a shallow clone's cut. */
static void want_line(const fx *f, gl__trace *tr, size_t n, const git_oid *want,
                      const char *path, unsigned line, int cut)
{
	const gl__traced_line *l = line_at(tr, n);
	if (!l)
		fail_msg("line %zu: no such line in the trace", n);
	char got_c[96], want_c[96];
	describe(f, l->commit, got_c, sizeof got_c);
	describe(f, want, want_c, sizeof want_c);
	if (!git_oid_equal(l->commit, want))
		fail_msg("line %zu: traced to %s, want %s", n, got_c, want_c);
	if (!l->path || strcmp(l->path, path) != 0)
		fail_msg("line %zu (%s): path '%s', want '%s'", n, want_c,
		         l->path ? l->path : "(null)", path);
	if (l->line != line)
		fail_msg("line %zu (%s): line %u there, want %u", n, want_c, l->line, line);
	if (l->cut != cut)
		fail_msg("line %zu (%s): cut %d, want %d", n, want_c, l->cut, cut);
	char spec[GIT_OID_HEXSZ + PATH_MAX + 2], hex[GIT_OID_HEXSZ + 1];
	git_object *blob = NULL;
	snprintf(spec, sizeof spec, "%s:%s", git_oid_tostr(hex, sizeof hex, want), path);
	OK(git_revparse_single(&blob, f->git, spec));
	if (!l->blob || !git_oid_equal(l->blob, git_object_id(blob)))
		fail_msg("line %zu (%s): not the blob %s has", n, want_c, spec);
	git_object_free(blob);
}

/* The file has exactly n lines. */
static void want_lines(gl__trace *tr, size_t n)
{
	assert_non_null(line_at(tr, n));
	assert_null(line_at(tr, n + 1));
}

/* Frees the repository and opens it again: a fresh handle caches no
 * object, so one removed from disk is really gone. */
static void reopen(fx *f)
{
	git_repository_free(f->git);
	f->git = NULL;
	OK(git_repository_open(&f->git, f->dir));
}

/* Removes an object's loose file, as a damaged or shallow clone lacks it. */
static void drop_object(const fx *f, const git_oid *id)
{
	char hex[GIT_OID_HEXSZ + 1], p[PATH_MAX];
	git_oid_tostr(hex, sizeof hex, id);
	snprintf(p, sizeof p, "%s/.git/objects/%.2s/%s", f->dir, hex, hex + 2);
	OK(unlink(p));
}

/* Writes the shallow file naming the n commits, as a shallow clone has it. */
static void write_shallow(const fx *f, const git_oid *ids, size_t n)
{
	char text[4 * (GIT_OID_HEXSZ + 1) + 1] = "";
	assert_true(n <= 4);
	for (size_t i = 0; i < n; i++) {
		char hex[GIT_OID_HEXSZ + 1];
		git_oid_tostr(hex, sizeof hex, &ids[i]);
		strcat(strcat(text, hex), "\n");
	}
	put(f, ".git/shallow", text);
}

/* ---- linear history -------------------------------------------------------- */

/* A writes three lines, B edits the second and adds a fourth: the unchanged
 * lines are A's, at their numbers in A's version, the others B's. */
static void test_linear(void **state)
{
	fx *f = *state;
	put_staged(f, "plans/a.yaml", "id: a\nstatus: gap\nowner: alice\n");
	git_oid a = commit(f, "alice", "A");
	put_staged(f, "plans/a.yaml", "id: a\nstatus: fixed\nowner: alice\nreviewed: yes\n");
	git_oid b = commit(f, "bob", "B");
	gl__tracer *t = tracer(f);
	gl__trace *tr = trace_head(t, f, "plans/a.yaml", GL__BLANKS_NORMAL);
	want_line(f, tr, 1, &a, "plans/a.yaml", 1, 0);
	want_line(f, tr, 2, &b, "plans/a.yaml", 2, 0);
	want_line(f, tr, 3, &a, "plans/a.yaml", 3, 0);
	want_line(f, tr, 4, &b, "plans/a.yaml", 4, 0);
	want_lines(tr, 4);
	untrace(tr);
	gl__tracer_free(t);
}

/* Line numbers move: lines inserted above an old line and one deleted
 * above another leave each at its own number in the commit that wrote it. */
static void test_line_numbers_move(void **state)
{
	fx *f = *state;
	put_staged(f, "p.yaml", "one\ntwo\nthree\nfour\nfive\n");
	git_oid a = commit(f, "alice", "A");
	put_staged(f, "p.yaml", "new top\none\nthree\nfour\nnew mid\nfive\n");
	git_oid b = commit(f, "bob", "B");
	gl__tracer *t = tracer(f);
	gl__trace *tr = trace_head(t, f, "p.yaml", GL__BLANKS_NORMAL);
	want_line(f, tr, 1, &b, "p.yaml", 1, 0);
	want_line(f, tr, 2, &a, "p.yaml", 1, 0);
	want_line(f, tr, 3, &a, "p.yaml", 3, 0);
	want_line(f, tr, 4, &a, "p.yaml", 4, 0);
	want_line(f, tr, 5, &b, "p.yaml", 5, 0);
	want_line(f, tr, 6, &a, "p.yaml", 5, 0);
	want_lines(tr, 6);
	untrace(tr);
	gl__tracer_free(t);
}

/* A file added after the root commit: the commit that added it wrote every
 * line, though it has a parent. */
static void test_added_later(void **state)
{
	fx *f = *state;
	put_staged(f, "people.yaml", "people: []\n");
	commit(f, "alice", "A");
	put_staged(f, "plans/b.yaml", "id: b\nstatus: gap\n");
	git_oid b = commit(f, "bob", "B");
	put_staged(f, "people.yaml", "people: [alice]\n");
	commit(f, "carol", "C");   /* touches another file only */
	gl__tracer *t = tracer(f);
	gl__trace *tr = trace_head(t, f, "plans/b.yaml", GL__BLANKS_NORMAL);
	want_line(f, tr, 1, &b, "plans/b.yaml", 1, 0);
	want_line(f, tr, 2, &b, "plans/b.yaml", 2, 0);
	want_lines(tr, 2);
	untrace(tr);
	gl__tracer_free(t);
}

/* A -> B -> C where C puts back A's text: C changed those lines last,
 * against its parent, as git blame has it (it does not look past B). */
static void test_content_returns(void **state)
{
	fx *f = *state;
	put_staged(f, "p.yaml", "id: p\nstatus: gap\n");
	git_oid a = commit(f, "alice", "A");
	put_staged(f, "p.yaml", "id: p\nstatus: fixed\n");
	commit(f, "bob", "B");
	put_staged(f, "p.yaml", "id: p\nstatus: gap\n");
	git_oid c = commit(f, "carol", "C");
	gl__tracer *t = tracer(f);
	gl__trace *tr = trace_head(t, f, "p.yaml", GL__BLANKS_NORMAL);
	want_line(f, tr, 1, &a, "p.yaml", 1, 0);
	want_line(f, tr, 2, &c, "p.yaml", 2, 0);
	want_lines(tr, 2);
	untrace(tr);
	gl__tracer_free(t);
}

/* ---- folders: the paths a commit changed ----------------------------------- */

/* Plans two folders deep: a commit that changes a sibling folder, or
 * another file of the plan's own folder, leaves the plan's lines to
 * older commits; the one that edits the plan, three levels down, wrote
 * its line. */
static void test_nested_folders(void **state)
{
	fx *f = *state;
	put_staged(f, "people.yaml", "people: []\n");
	put_staged(f, "plans/site-a/x.yaml", "id: x\nstatus: gap\nowner: alice\n");
	put_staged(f, "plans/site-a/w.yaml", "id: w\n");
	put_staged(f, "plans/site-b/y.yaml", "id: y\nstatus: gap\n");
	git_oid a = commit(f, "alice", "A");
	put_staged(f, "plans/site-b/y.yaml", "id: y\nstatus: fixed\n");
	put_staged(f, "plans/site-a/w.yaml", "id: w\nstatus: new\n");
	put_staged(f, "people.yaml", "people: [alice]\n");
	git_oid b = commit(f, "bob", "B");
	put_staged(f, "plans/site-a/x.yaml", "id: x\nstatus: fixed\nowner: alice\n");
	git_oid c = commit(f, "carol", "C");
	put_staged(f, "plans/site-c/deep/z.yaml", "id: z\n");
	git_oid d = commit(f, "dave", "D");
	gl__tracer *t = tracer(f);
	gl__trace *tr = trace_head(t, f, "plans/site-a/x.yaml", GL__BLANKS_NORMAL);
	want_line(f, tr, 1, &a, "plans/site-a/x.yaml", 1, 0);
	want_line(f, tr, 2, &c, "plans/site-a/x.yaml", 2, 0);
	want_line(f, tr, 3, &a, "plans/site-a/x.yaml", 3, 0);
	want_lines(tr, 3);
	untrace(tr);
	/* the same tracer: B's paths read once */
	tr = trace_head(t, f, "plans/site-b/y.yaml", GL__BLANKS_NORMAL);
	want_line(f, tr, 1, &a, "plans/site-b/y.yaml", 1, 0);
	want_line(f, tr, 2, &b, "plans/site-b/y.yaml", 2, 0);
	want_lines(tr, 2);
	untrace(tr);
	tr = trace_head(t, f, "plans/site-c/deep/z.yaml", GL__BLANKS_NORMAL);
	want_line(f, tr, 1, &d, "plans/site-c/deep/z.yaml", 1, 0);
	want_lines(tr, 1);
	untrace(tr);
	gl__tracer_free(t);
}

/* A file and a folder of the same name take each other's place: the plan
 * under the new folder was written by the commit that made the folder,
 * and a folder replaced by a file does not disturb the plan's trace. */
static void test_file_becomes_folder(void **state)
{
	fx *f = *state;
	put_staged(f, "plans", "not yet a folder\n");
	put_staged(f, "old/notes.yaml", "a: 1\n");
	commit(f, "alice", "A");
	OK(unlink(path_in(f, "plans")));
	stage(f, "plans");
	put_staged(f, "plans/p.yaml", "id: p\nstatus: gap\n");
	git_oid b = commit(f, "bob", "B");
	OK(unlink(path_in(f, "old/notes.yaml")));
	stage(f, "old/notes.yaml");
	OK(rmdir(path_in(f, "old")));
	put_staged(f, "old", "now a file\n");
	commit(f, "carol", "C");
	put_staged(f, "plans/p.yaml", "id: p\nstatus: fixed\n");
	git_oid d = commit(f, "dave", "D");
	gl__tracer *t = tracer(f);
	gl__trace *tr = trace_head(t, f, "plans/p.yaml", GL__BLANKS_NORMAL);
	want_line(f, tr, 1, &b, "plans/p.yaml", 1, 0);
	want_line(f, tr, 2, &d, "plans/p.yaml", 2, 0);
	want_lines(tr, 2);
	untrace(tr);
	gl__tracer_free(t);
}

/* A commit that only makes the plan executable changes no line of it, as
 * git blame has it: its blob is its parent's. */
static void test_mode_change(void **state)
{
	fx *f = *state;
	put_staged(f, "p.yaml", "id: p\nstatus: gap\n");
	git_oid a = commit(f, "alice", "A");
	OK(chmod(path_in(f, "p.yaml"), 0755));
	stage(f, "p.yaml");
	commit(f, "bob", "B");
	put_staged(f, "p.yaml", "id: p\nstatus: fixed\n");
	git_oid c = commit(f, "carol", "C");
	gl__tracer *t = tracer(f);
	gl__trace *tr = trace_head(t, f, "p.yaml", GL__BLANKS_NORMAL);
	want_line(f, tr, 1, &a, "p.yaml", 1, 0);
	want_line(f, tr, 2, &c, "p.yaml", 2, 0);
	want_lines(tr, 2);
	untrace(tr);
	gl__tracer_free(t);
}

/* A tree of `depth` folders named d, the innermost holding leaf.txt. */
static git_oid deep_tree(fx *f, const char *leaf, int depth)
{
	git_oid id, tree;
	git_treebuilder *tb = NULL;
	OK(git_blob_create_from_buffer(&id, f->git, leaf, strlen(leaf)));
	for (int i = 0; i <= depth; i++) {
		OK(git_treebuilder_new(&tb, f->git, NULL));
		OK(git_treebuilder_insert(NULL, tb, i ? "d" : "leaf.txt", i ? &tree : &id,
		                          i ? GIT_FILEMODE_TREE : GIT_FILEMODE_BLOB));
		OK(git_treebuilder_write(&tree, tb));
		git_treebuilder_free(tb);
	}
	return tree;
}

/* Commits a root of d (deep) and p.yaml (text) on HEAD, without the index:
 * a path 5,000 folders deep is no work-tree file. */
static git_oid commit_deep(fx *f, const git_oid *deep, const char *text, const char *msg)
{
	git_oid blob, root, id;
	git_treebuilder *tb = NULL;
	OK(git_blob_create_from_buffer(&blob, f->git, text, strlen(text)));
	OK(git_treebuilder_new(&tb, f->git, NULL));
	OK(git_treebuilder_insert(NULL, tb, "d", deep, GIT_FILEMODE_TREE));
	OK(git_treebuilder_insert(NULL, tb, "p.yaml", &blob, GIT_FILEMODE_BLOB));
	OK(git_treebuilder_write(&root, tb));
	git_treebuilder_free(tb);
	git_tree *tree = NULL;
	git_object *head = NULL;
	git_signature *sig = NULL;
	OK(git_tree_lookup(&tree, f->git, &root));
	int rc = git_revparse_single(&head, f->git, "HEAD");
	assert_true(rc == 0 || rc == GIT_ENOTFOUND);
	OK(git_signature_new(&sig, msg, "someone@example.org", f->when += 60, 0));
	const git_commit *parents[1] = {(const git_commit *)head};
	OK(git_commit_create(&id, f->git, "HEAD", sig, sig, NULL, msg, tree, head ? 1 : 0, parents));
	git_signature_free(sig);
	git_object_free(head);
	git_tree_free(tree);
	return id;
}

/* A commit that changes a file 5,000 folders down, deeper than git's fsck
 * accepts (core.maxTreeDepth, 4,096), is walked like any other: the
 * folders are compared on a stack of their own, not on the thread's. */
static void test_deep_folders(void **state)
{
	fx *f = *state;
	git_oid deep = deep_tree(f, "one\n", 5000);
	git_oid a = commit_deep(f, &deep, "id: p\nstatus: gap\n", "A");
	git_oid deeper = deep_tree(f, "two\n", 5000);
	commit_deep(f, &deeper, "id: p\nstatus: gap\n", "B");
	git_oid c = commit_deep(f, &deeper, "id: p\nstatus: fixed\n", "C");
	gl__tracer *t = tracer(f);
	gl__trace *tr = trace_head(t, f, "p.yaml", GL__BLANKS_NORMAL);
	want_line(f, tr, 1, &a, "p.yaml", 1, 0);
	want_line(f, tr, 2, &c, "p.yaml", 2, 0);
	want_lines(tr, 2);
	untrace(tr);
	gl__tracer_free(t);
}

/* ---- whitespace ------------------------------------------------------------- */

/* C re-indents line 2; D puts a space inside line 1's value ("ab" -> "a b").
 * Blanks ignored, as git blame -w, sees neither: every line is A's (git's
 * -w ignores all blanks, even where the other line has none). In normal
 * form the re-indent is a reformat, line 2 stays A's, and D wrote line 1. */
static void test_ignore_ws(void **state)
{
	fx *f = *state;
	put_staged(f, "p.yaml", "key: ab\nitem: x\nend: y\n");
	git_oid a = commit(f, "alice", "A");
	put_staged(f, "p.yaml", "key: ab\n    item: x\nend: y\n");
	commit(f, "carol", "C");
	put_staged(f, "p.yaml", "key: a b\n    item: x\nend: y\n");
	git_oid d = commit(f, "dave", "D");
	gl__tracer *t = tracer(f);
	gl__trace *tr = trace_head(t, f, "p.yaml", GL__BLANKS_IGNORED);
	want_line(f, tr, 1, &a, "p.yaml", 1, 0);
	want_line(f, tr, 2, &a, "p.yaml", 2, 0);
	want_line(f, tr, 3, &a, "p.yaml", 3, 0);
	want_lines(tr, 3);
	untrace(tr);

	tr = trace_head(t, f, "p.yaml", GL__BLANKS_NORMAL);   /* the same tracer */
	want_line(f, tr, 1, &d, "p.yaml", 1, 0);
	want_line(f, tr, 2, &a, "p.yaml", 2, 0);
	want_line(f, tr, 3, &a, "p.yaml", 3, 0);
	want_lines(tr, 3);
	untrace(tr);
	gl__tracer_free(t);
}

/* ---- renames ---------------------------------------------------------------- */

/* A adds plans/old.yaml, B moves it (same content), C edits a line: the
 * lines C left are A's, under the old name. */
static void test_rename(void **state)
{
	fx *f = *state;
	put_staged(f, "people.yaml", "people: []\n");
	put_staged(f, "plans/old.yaml", "id: p\nstatus: gap\nowner: alice\n");
	git_oid a = commit(f, "alice", "A");
	OK(unlink(path_in(f, "plans/old.yaml")));
	stage(f, "plans/old.yaml");
	put_staged(f, "plans/new.yaml", "id: p\nstatus: gap\nowner: alice\n");
	commit(f, "bob", "B");
	put_staged(f, "plans/new.yaml", "id: p\nstatus: fixed\nowner: alice\n");
	git_oid c = commit(f, "carol", "C");
	gl__tracer *t = tracer(f);
	gl__trace *tr = trace_head(t, f, "plans/new.yaml", GL__BLANKS_NORMAL);
	want_line(f, tr, 1, &a, "plans/old.yaml", 1, 0);
	want_line(f, tr, 2, &c, "plans/new.yaml", 2, 0);
	want_line(f, tr, 3, &a, "plans/old.yaml", 3, 0);
	want_lines(tr, 3);
	untrace(tr);
	gl__tracer_free(t);
}

/* Ten lines: similar enough after one edit for rename detection (git's
 * default is 50%). */
static const char ten[] = "id: p\ntitle: Ten lines\nstatus: gap\nowner: alice\nrisk: low\n"
                          "due: 2026-03-01\nsystem: billing\nvendor: acme\nregion: eu\nend: yes\n";

/* B moves the file and edits line 5 in the same commit: the other nine
 * lines are still A's, under the old name. */
static void test_rename_with_edit(void **state)
{
	fx *f = *state;
	put_staged(f, "plans/old.yaml", ten);
	git_oid a = commit(f, "alice", "A");
	OK(unlink(path_in(f, "plans/old.yaml")));
	stage(f, "plans/old.yaml");
	char edited[sizeof ten + 8];
	snprintf(edited, sizeof edited, "%s", ten);
	memcpy(strstr(edited, "risk: low"), "risk: mid", 9);
	put_staged(f, "plans/new.yaml", edited);
	git_oid b = commit(f, "bob", "B");
	gl__tracer *t = tracer(f);
	gl__trace *tr = trace_head(t, f, "plans/new.yaml", GL__BLANKS_NORMAL);
	for (unsigned n = 1; n <= 10; n++)
		if (n == 5)
			want_line(f, tr, n, &b, "plans/new.yaml", n, 0);
		else
			want_line(f, tr, n, &a, "plans/old.yaml", n, 0);
	want_lines(tr, 10);
	untrace(tr);
	gl__tracer_free(t);
}

/* B renames two files (a -> z, b -> y: the new names sort the other way
 * round from the old), C edits one line of each; one tracer traces both,
 * the second through the renames it found for the first. */
static void test_two_renames(void **state)
{
	fx *f = *state;
	put_staged(f, "plans/a.yaml", "id: alpha\nstatus: gap\nowner: alice\nrisk: high\n");
	put_staged(f, "plans/b.yaml", "name: beta\nphase: two\nlead: bob\nbudget: 100\n");
	git_oid a = commit(f, "alice", "A");
	OK(unlink(path_in(f, "plans/a.yaml")));
	OK(unlink(path_in(f, "plans/b.yaml")));
	stage(f, "plans/a.yaml");
	stage(f, "plans/b.yaml");
	put_staged(f, "plans/z.yaml", "id: alpha\nstatus: gap\nowner: alice\nrisk: high\n");
	put_staged(f, "plans/y.yaml", "name: beta\nphase: two\nlead: bob\nbudget: 100\n");
	commit(f, "bob", "B");
	put_staged(f, "plans/z.yaml", "id: alpha\nstatus: fixed\nowner: alice\nrisk: high\n");
	put_staged(f, "plans/y.yaml", "name: beta\nphase: two\nlead: bob\nbudget: 200\n");
	git_oid c = commit(f, "carol", "C");
	gl__tracer *t = tracer(f);
	gl__trace *z = trace_head(t, f, "plans/z.yaml", GL__BLANKS_NORMAL);
	gl__trace *y = trace_head(t, f, "plans/y.yaml", GL__BLANKS_NORMAL);
	for (unsigned n = 1; n <= 4; n++) {
		if (n == 2)
			want_line(f, z, n, &c, "plans/z.yaml", n, 0);
		else
			want_line(f, z, n, &a, "plans/a.yaml", n, 0);
		if (n == 4)
			want_line(f, y, n, &c, "plans/y.yaml", n, 0);
		else
			want_line(f, y, n, &a, "plans/b.yaml", n, 0);
	}
	want_lines(z, 4);
	want_lines(y, 4);
	untrace(z);
	untrace(y);
	gl__tracer_free(t);
}

/* The file renamed in each of 70 commits, line 2 edited in the 35th: more
 * commits with a rename than the tracer's first table of them (64) holds,
 * so it must grow on the way. */
static void test_rename_chain(void **state)
{
	fx *f = *state;
	char from[32], to[32], msg[8];
	put_staged(f, "plans/p00.yaml", "id: p\nstatus: gap\nowner: alice\nrisk: low\n");
	git_oid a = commit(f, "alice", "A"), edit = a;
	for (int i = 1; i <= 70; i++) {
		snprintf(from, sizeof from, "plans/p%02d.yaml", i - 1);
		snprintf(to, sizeof to, "plans/p%02d.yaml", i);
		snprintf(msg, sizeof msg, "R%d", i);
		OK(unlink(path_in(f, from)));
		stage(f, from);
		put_staged(f, to, i < 35 ? "id: p\nstatus: gap\nowner: alice\nrisk: low\n"
		                         : "id: p\nstatus: fixed\nowner: alice\nrisk: low\n");
		git_oid id = commit(f, "bob", msg);
		if (i == 35)
			edit = id;
	}
	gl__tracer *t = tracer(f);
	gl__trace *tr = trace_head(t, f, "plans/p70.yaml", GL__BLANKS_NORMAL);
	want_line(f, tr, 1, &a, "plans/p00.yaml", 1, 0);
	want_line(f, tr, 2, &edit, "plans/p35.yaml", 2, 0);
	want_line(f, tr, 3, &a, "plans/p00.yaml", 3, 0);
	want_line(f, tr, 4, &a, "plans/p00.yaml", 4, 0);
	want_lines(tr, 4);
	untrace(tr);
	gl__tracer_free(t);
}

/* ---- merges ------------------------------------------------------------------ */

static const char base5[] = "one\ntwo\nthree\nfour\nfive\n";

/* The history every merge test starts from: base, then Y on HEAD's branch
 * editing line 3 and X on branch x editing line 1; ids into *base, *x, *y. */
static void two_sides(fx *f, git_oid *base, git_oid *x, git_oid *y)
{
	put_staged(f, "p.yaml", base5);
	*base = commit(f, "alice", "base");
	make_branch(f, "x", "HEAD");
	put_staged(f, "p.yaml", "one\ntwo\nthree by Y\nfour\nfive\n");
	*y = commit(f, "yves", "Y");
	put_staged(f, "p.yaml", "one by X\ntwo\nthree\nfour\nfive\n");
	*x = commit_on(f, "refs/heads/x", "xena", "X");
}

/* M combines both sides: each side's line is that side's, the rest the
 * base's; M itself wrote nothing. */
static void test_merge(void **state)
{
	fx *f = *state;
	git_oid base, x, y;
	two_sides(f, &base, &x, &y);
	put_staged(f, "p.yaml", "one by X\ntwo\nthree by Y\nfour\nfive\n");
	commit_merge(f, "refs/heads/x", "mona", "M");
	gl__tracer *t = tracer(f);
	gl__trace *tr = trace_head(t, f, "p.yaml", GL__BLANKS_NORMAL);
	want_line(f, tr, 1, &x, "p.yaml", 1, 0);
	want_line(f, tr, 2, &base, "p.yaml", 2, 0);
	want_line(f, tr, 3, &y, "p.yaml", 3, 0);
	want_line(f, tr, 4, &base, "p.yaml", 4, 0);
	want_line(f, tr, 5, &base, "p.yaml", 5, 0);
	want_lines(tr, 5);
	untrace(tr);
	gl__tracer_free(t);
}

/* A merge that changes a line neither side has (an "evil merge"): that
 * line is M's. */
static void test_merge_own_change(void **state)
{
	fx *f = *state;
	git_oid base, x, y;
	two_sides(f, &base, &x, &y);
	put_staged(f, "p.yaml", "one by X\ntwo\nthree by Y\nfour\nfive by M\n");
	git_oid m = commit_merge(f, "refs/heads/x", "mona", "M");
	gl__tracer *t = tracer(f);
	gl__trace *tr = trace_head(t, f, "p.yaml", GL__BLANKS_NORMAL);
	want_line(f, tr, 1, &x, "p.yaml", 1, 0);
	want_line(f, tr, 2, &base, "p.yaml", 2, 0);
	want_line(f, tr, 3, &y, "p.yaml", 3, 0);
	want_line(f, tr, 4, &base, "p.yaml", 4, 0);
	want_line(f, tr, 5, &m, "p.yaml", 5, 0);
	want_lines(tr, 5);
	untrace(tr);
	gl__tracer_free(t);
}

/* Both sides write the same line 2; Y also edits line 3, and M takes X's
 * file whole. A parent holding M's very blob takes every line, before any
 * other parent is diffed (git blame's pass_whole_blame), so line 2 is X's,
 * though Y, the first parent, has it unchanged too. */
static void test_merge_takes_side_whole(void **state)
{
	fx *f = *state;
	put_staged(f, "p.yaml", "a\nb\nc\n");
	git_oid base = commit(f, "alice", "base");
	make_branch(f, "x", "HEAD");
	put_staged(f, "p.yaml", "a\nB\nby Y\n");
	commit(f, "yves", "Y");
	put_staged(f, "p.yaml", "a\nB\nc\n");
	git_oid x = commit_on(f, "refs/heads/x", "xena", "X");
	commit_merge(f, "refs/heads/x", "mona", "M");   /* the index is X's */
	gl__tracer *t = tracer(f);
	gl__trace *tr = trace_head(t, f, "p.yaml", GL__BLANKS_NORMAL);
	want_line(f, tr, 1, &base, "p.yaml", 1, 0);
	want_line(f, tr, 2, &x, "p.yaml", 2, 0);
	want_line(f, tr, 3, &base, "p.yaml", 3, 0);
	want_lines(tr, 3);
	untrace(tr);
	gl__tracer_free(t);
}

/* ---- shallow clones ----------------------------------------------------------- */

/* A -> B -> C, cloned shallow at B (its shallow file names B, and A's
 * commit is not there): C's line is C's; the lines from A or B are B's,
 * cut: written there or before. */
static void test_shallow_cut(void **state)
{
	fx *f = *state;
	put_staged(f, "p.yaml", "id: p\nstatus: gap\nowner: alice\n");
	git_oid a = commit(f, "alice", "A");
	put_staged(f, "p.yaml", "id: p\nstatus: fixed\nowner: alice\n");
	git_oid b = commit(f, "bob", "B");
	put_staged(f, "p.yaml", "id: p\nstatus: fixed\nowner: carol\n");
	git_oid c = commit(f, "carol", "C");
	write_shallow(f, &b, 1);
	drop_object(f, &a);
	reopen(f);
	gl__tracer *t = tracer(f);
	gl__trace *tr = trace_head(t, f, "p.yaml", GL__BLANKS_NORMAL);
	want_line(f, tr, 1, &b, "p.yaml", 1, 1);
	want_line(f, tr, 2, &b, "p.yaml", 2, 1);
	want_line(f, tr, 3, &c, "p.yaml", 3, 0);
	want_lines(tr, 3);
	untrace(tr);
	gl__tracer_free(t);
}

/* A merge whose two sides are both cuts (the base is not there): M's own
 * line is M's; every other line comes back cut at the side it came
 * through, the base's through the first parent. */
static void test_shallow_merge(void **state)
{
	fx *f = *state;
	git_oid base, sides[2];
	two_sides(f, &base, &sides[0], &sides[1]);
	put_staged(f, "p.yaml", "one by X\ntwo\nthree by Y\nfour by M\nfive\n");
	git_oid m = commit_merge(f, "refs/heads/x", "mona", "M");
	write_shallow(f, sides, 2);
	drop_object(f, &base);
	reopen(f);
	const git_oid *x = &sides[0], *y = &sides[1];
	gl__tracer *t = tracer(f);
	gl__trace *tr = trace_head(t, f, "p.yaml", GL__BLANKS_NORMAL);
	want_line(f, tr, 1, x, "p.yaml", 1, 1);
	want_line(f, tr, 2, y, "p.yaml", 2, 1);
	want_line(f, tr, 3, y, "p.yaml", 3, 1);
	want_line(f, tr, 4, &m, "p.yaml", 4, 0);
	want_line(f, tr, 5, y, "p.yaml", 5, 1);
	want_lines(tr, 5);
	untrace(tr);
	gl__tracer_free(t);
}

/* ---- errors and determinism ---------------------------------------------------- */

/* A wrote the file, B changed its second line and C added a third, and
 * A's version is gone. The walk goes only as far as the line asked for:
 * C's line is traced, asked for first or last; B's and A's lines need A's
 * version, and fail with libgit2's error, then without one, C's line
 * still traced. */
static void test_missing_object(void **state)
{
	fx *f = *state;
	static const char v1[] = "id: p\nstatus: gap\n";
	put_staged(f, "p.yaml", v1);
	commit(f, "alice", "A");
	put_staged(f, "p.yaml", "id: p\nstatus: fixed\n");
	commit(f, "bob", "B");
	put_staged(f, "p.yaml", "id: p\nstatus: fixed\napproved: carol\n");
	git_oid c = commit(f, "carol", "C");
	git_oid blob;   /* A's blob, hashed rather than read: nothing caches it */
	OK(git_odb_hash(&blob, v1, sizeof v1 - 1, GIT_OBJECT_BLOB));
	drop_object(f, &blob);
	reopen(f);

	for (int c_first = 1; c_first >= 0; c_first--) {
		gl__tracer *t = tracer(f);
		gl__trace *tr = trace_once(t, f, "p.yaml", GL__BLANKS_NORMAL);
		const gl__traced_line *l = NULL;
		if (c_first)
			want_line(f, tr, 3, &c, "p.yaml", 3, 0);
		git_error_clear();
		assert_int_equal(gl__trace_line(tr, 1, &l), -1);
		const git_error *e = git_error_last();
		assert_non_null(e);
		assert_non_null(e->message);
		assert_true(e->message[0] != '\0');
		git_error_clear();
		assert_int_equal(gl__trace_line(tr, 2, &l), -1);
		want_line(f, tr, 3, &c, "p.yaml", 3, 0);
		untrace(tr);
		gl__tracer_free(t);
	}
}

/* Two traces, field by field. */
static void want_same(gl__trace *p, gl__trace *q, size_t n)
{
	for (size_t i = 1; i <= n; i++) {
		const gl__traced_line *a = line_at(p, i), *b = line_at(q, i);
		assert_non_null(a);
		assert_non_null(b);
		assert_true(git_oid_equal(a->commit, b->commit));
		assert_string_equal(a->path, b->path);
		assert_int_equal(a->line, b->line);
		assert_int_equal(a->cut, b->cut);
	}
	assert_null(line_at(p, n + 1));
	assert_null(line_at(q, n + 1));
}

/* A merge of a renamed side, traced three times: twice through one tracer
 * (the second time from its cached renames) and once through a new one,
 * alike. */
static void test_deterministic(void **state)
{
	fx *f = *state;
	git_oid base, x, y;
	two_sides(f, &base, &x, &y);
	OK(unlink(path_in(f, "p.yaml")));
	stage(f, "p.yaml");
	put_staged(f, "q.yaml", "one by X\ntwo\nthree by Y\nfour\nfive\nsix\n");
	commit_merge(f, "refs/heads/x", "mona", "M");
	gl__tracer *t = tracer(f), *t2 = tracer(f);
	gl__trace *p = trace_head(t, f, "q.yaml", GL__BLANKS_NORMAL);
	gl__trace *q = trace_head(t, f, "q.yaml", GL__BLANKS_NORMAL);
	gl__trace *r = trace_head(t2, f, "q.yaml", GL__BLANKS_NORMAL);
	want_line(f, p, 1, &x, "p.yaml", 1, 0);
	want_line(f, p, 3, &y, "p.yaml", 3, 0);
	want_same(p, q, 6);
	want_same(p, r, 6);
	untrace(p);
	untrace(q);
	untrace(r);
	gl__tracer_free(t);
	gl__tracer_free(t2);
}

/* ---- gl__line_map ---------------------------------------------------------------- */

/* Lines of a text as the tracer counts them: a last line without a
 * newline is a line. */
static size_t nlines(const char *s)
{
	size_t n = 0, len = strlen(s);
	for (size_t i = 0; i < len; i++)
		n += s[i] == '\n';
	return n + (len && s[len - 1] != '\n');
}

#define NORMAL_FORM 2   /* want_map_n's how: gl__norm_map, not gl__line_map */

/* gl__line_map of old (its first old_n lines) against new, ignore_ws as
 * `how` says (or gl__norm_map, how NORMAL_FORM), is want (new's line
 * count + 1 entries, the first 0), entry for entry. */
static void want_map_n(const char *old, size_t old_n, const char *new_, int how,
                       const unsigned *want)
{
	static const char *const hows[] = {"", " (ignore_ws)", " (normal form)"};
	size_t new_n = nlines(new_);
	unsigned map[32];
	assert_true(new_n + 1 < sizeof map / sizeof *map);
	memset(map, 0xa5, sizeof map);   /* every entry must be written */
	if (how == NORMAL_FORM)
		OK(gl__norm_map(old, strlen(old), old_n, new_, strlen(new_), new_n, map));
	else
		OK(gl__line_map(old, strlen(old), old_n, new_, strlen(new_), new_n, how, map));
	for (size_t n = 0; n <= new_n; n++)
		if (map[n] != want[n])
			fail_msg("\"%s\" -> \"%s\"%s: map[%zu] is %u, want %u", old, new_, hows[how], n,
			         map[n], want[n]);
	assert_int_equal(map[new_n + 1], 0xa5a5a5a5u);   /* and nothing past it */
}

static void want_map(const char *old, const char *new_, int how, const unsigned *want)
{
	want_map_n(old, nlines(old), new_, how, want);
}

#define MAP(...) ((const unsigned[]){0, __VA_ARGS__})

static void test_line_map_insert(void **state)
{
	(void)state;
	want_map("a\nb\n", "a\nb\n", 0, MAP(1, 2));
	want_map("a\nb\n", "x\na\nb\n", 0, MAP(0, 1, 2));            /* at the top */
	want_map("a\nb\nc\n", "a\nx\ny\nb\nc\n", 0, MAP(1, 0, 0, 2, 3));   /* in the middle */
	want_map("a\nb\n", "a\nb\nx\n", 0, MAP(1, 2, 0));            /* at the end */
}

static void test_line_map_delete_replace(void **state)
{
	(void)state;
	want_map("a\nb\nc\n", "a\nc\n", 0, MAP(1, 3));
	want_map("a\nb\nc\nd\n", "d\n", 0, MAP(4));
	want_map("a\nb\nc\n", "a\nB\nc\n", 0, MAP(1, 0, 3));
	want_map("a\nb\nc\n", "a\nB1\nB2\nc\n", 0, MAP(1, 0, 0, 3));   /* one by two */
	want_map("a\nb\nc\nd\n", "a\nX\nd\n", 0, MAP(1, 0, 4));       /* two by one */
	want_map("a\nb\nc\nd\ne\n", "A\nb\nc\nD\ne\nf\n", 0, MAP(0, 2, 3, 0, 5, 0));
}

static void test_line_map_empty(void **state)
{
	(void)state;
	want_map("", "a\nb\n", 0, MAP(0, 0));
	want_map("a\nb\n", "", 0, (const unsigned[]){0});
	want_map("", "", 0, (const unsigned[]){0});
}

/* A last line without a newline: a line like any other, but not the same
 * line as its text with one (git blame gives the last line to the commit
 * that adds or removes the newline). */
static void test_line_map_no_newline(void **state)
{
	(void)state;
	want_map("a\nb", "a\nb", 0, MAP(1, 2));
	want_map("a\nb", "a\nc", 0, MAP(1, 0));
	want_map("a\nb", "x\na\nb", 0, MAP(0, 1, 2));
	want_map("a\nb", "a\nb\n", 0, MAP(1, 0));
	want_map("a\nb\n", "a\nb", 0, MAP(1, 0));
	want_map("a", "a", 0, MAP(1));
}

/* In normal form the newline at a file's end is whitespace, as it is to
 * git blame -w: a last line keeps its place whether or not it ends with
 * one, as when a sign-off written last gets a line after it. */
static void test_norm_map_no_newline(void **state)
{
	(void)state;
	want_map("a: 1\nb: 2", "a: 1\nb: 2\nc: 3\n", 1, MAP(1, 2, 0));   /* -w agrees */
	want_map("a: 1\nb: 2", "a: 1\nb: 2\nc: 3\n", NORMAL_FORM, MAP(1, 2, 0));
	want_map("a: 1\nb: 2\n", "a: 1\nb:  2", NORMAL_FORM, MAP(1, 2));
	want_map("b: 2", "  b: 2 \n", NORMAL_FORM, MAP(1));
	want_map("a: 1\nb: 2", "a: 1\nb: 3\n", NORMAL_FORM, MAP(1, 0));   /* an edit is one */
	want_map("a: 1\nb: 2", "a: 1\nb: 2 x\n", NORMAL_FORM, MAP(1, 0));
	want_map("", "a: 1", NORMAL_FORM, MAP(0));
}

/* ignore_ws both ways: indentation, blanks inside a line ("ab" and "a b",
 * as git -w) and trailing blanks are no change with it and a change
 * without; a change of letters is one either way. */
static void test_line_map_ignore_ws(void **state)
{
	(void)state;
	static const char old[] = "k: 1\n  v: ab\nend\n";
	want_map(old, "k: 1\n    v: ab\nend\n", 1, MAP(1, 2, 3));
	want_map(old, "k: 1\n    v: ab\nend\n", 0, MAP(1, 0, 3));
	want_map(old, "k: 1\n  v: a b\nend\n", 1, MAP(1, 2, 3));
	want_map(old, "k: 1\n  v: a b\nend\n", 0, MAP(1, 0, 3));
	want_map(old, "k: 1 \n  v: ab\nend\n", 1, MAP(1, 2, 3));
	want_map(old, "k: 1 \n  v: ab\nend\n", 0, MAP(0, 2, 3));
	want_map(old, "k: 1\n  v: ac\nend\n", 1, MAP(1, 0, 3));
}

/* Old lines past old_n are not matched: a new line equal to one is 0. */
static void test_line_map_past_old_n(void **state)
{
	(void)state;
	want_map_n("a\nb\nc\n", 2, "a\nb\nc\n", 0, MAP(1, 2, 0));
	want_map_n("a\nb\nc\nd\n", 3, "x\na\nb\nc\nd\n", 0, MAP(0, 1, 2, 3, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_linear, setup, teardown),
		cmocka_unit_test_setup_teardown(test_line_numbers_move, setup, teardown),
		cmocka_unit_test_setup_teardown(test_added_later, setup, teardown),
		cmocka_unit_test_setup_teardown(test_content_returns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nested_folders, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_becomes_folder, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mode_change, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deep_folders, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ignore_ws, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rename, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rename_with_edit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_renames, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rename_chain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_merge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_merge_own_change, setup, teardown),
		cmocka_unit_test_setup_teardown(test_merge_takes_side_whole, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shallow_cut, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shallow_merge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_object, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deterministic, setup, teardown),
		cmocka_unit_test(test_line_map_insert),
		cmocka_unit_test(test_line_map_delete_replace),
		cmocka_unit_test(test_line_map_empty),
		cmocka_unit_test(test_line_map_no_newline),
		cmocka_unit_test(test_line_map_ignore_ws),
		cmocka_unit_test(test_norm_map_no_newline),
		cmocka_unit_test(test_line_map_past_old_n),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
