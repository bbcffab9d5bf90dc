/* Finding plan files (policy/files.c): globs, and a walk of a temporary
 * tree with hidden folders, submodules, and symlinks that stay in, leave,
 * loop, dangle or lead to a folder. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "internal.h"
#include "helpers.h"

#include <ftw.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct glob_case {
	const char *glob, *path;
	int want;
} glob_case;

static void run_globs(const glob_case *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (gl__glob_match(c[i].glob, c[i].path) != c[i].want)
			fail_msg("glob '%s' on '%s': want %d", c[i].glob, c[i].path, c[i].want);
}

static void test_glob(void **state)
{
	(void)state;
	static const glob_case cases[] = {
		{"plans/**/*.yaml", "plans/a.yaml", 1},
		{"plans/**/*.yaml", "plans/x/y/a.yaml", 1},
		{"plans/**/*.yaml", "plans/a.yml", 0},
		{"plans/**/*.yaml", "other/a.yaml", 0},
		{"plans/**/*.yaml", "plans/x/a.yaml.bak", 0},
		{"plans/**/*.yaml", "plansx/a.yaml", 0},
		{"plans/**/*.y{a,}ml", "plans/a.yml", 1},
		{"plans/**/*.y{a,}ml", "plans/x/y/a.yaml", 1},
		{"plans/**/*.y{a,}ml", "plans/a.ymml", 0},
		{"*.y{a,}ml", "a.yaml", 1},
		{"*.y{a,}ml", "a.yml", 1},
		{"*.y{a,}ml", "dir/a.yaml", 0},       /* `*` does not cross '/' */
		{"plans/*.yaml", "plans/x/a.yaml", 0},
		{"plans/*.yaml", "plans/.yaml", 1},
		{"{plans,drafts}/*.yaml", "drafts/a.yaml", 1},
		{"{plans,drafts}/*.yaml", "other/a.yaml", 0},
		{"plans/?.yaml", "plans/a.yaml", 1},
		{"plans/?.yaml", "plans/ab.yaml", 0},
		{"plans/?.yaml", "plans/.yaml", 0},
		{"a?b", "a/b", 0},
		{"**/*.yaml", "a.yaml", 1},
		{"**/*.yaml", "x/y/a.yaml", 1},
		{"plans/research/**/*.yaml", "plans/research/x.yaml", 1},
		{"plans/research/**/*.yaml", "plans/researcher/x.yaml", 0},
		{"plans/a.yaml", "plans/a.yaml", 1},
		{"plans/a.yaml", "plans/a.yam", 0},
		{"", "", 1},
	};
	run_globs(cases, sizeof cases / sizeof *cases);
}

static void test_glob_trailing_globstar(void **state)
{
	(void)state;
	static const glob_case cases[] = {
		{"plans/research/**", "plans/research/x.yaml", 1},
		{"plans/research/**", "plans/research/a/b.yaml", 1},
		{"plans/research/**", "plans/researcher/x.yaml", 0},
		{"**", "a.yaml", 1},
		{"**", "a/b.yaml", 1},
	};
	run_globs(cases, sizeof cases / sizeof *cases);
}

/* ---- the walk ---------------------------------------------------------- */

typedef struct tree {
	char root[64];       /* /tmp/gl-files-XXXXXX */
	char outside[80];    /* root + "-outside": shares root's name as a prefix */
} tree;

static void put(const char *dir, const char *rel, const char *link)
{
	if (link)
		assert_int_equal(symlink(link, t_path_in(dir, rel)), 0);
	else
		t_puts(dir, rel, "id: x\n");
}

static int setup(void **state)
{
	tree *t = calloc(1, sizeof *t);
	snprintf(t->root, sizeof t->root, "/tmp/gl-files-XXXXXX");
	if (!mkdtemp(t->root))
		return -1;
	snprintf(t->outside, sizeof t->outside, "%s-outside", t->root);
	mkdir(t->outside, 0755);
	char secret[PATH_MAX];
	snprintf(secret, sizeof secret, "%s/secret.yaml", t->outside);
	put(t->outside, "secret.yaml", NULL);
	put(t->root, "plans/a.yaml", NULL);
	put(t->root, "plans/b.yml", NULL);
	put(t->root, "plans/notes.txt", NULL);
	put(t->root, "plans/x/y/c.yaml", NULL);
	put(t->root, "plans/.hidden/h.yaml", NULL);
	put(t->root, "plans/.h.yaml", NULL);
	put(t->root, "data/real.yaml", NULL);
	put(t->root, "other.yaml", NULL);
	put(t->root, "plans/link-in.yaml", "../data/real.yaml");
	put(t->root, "plans/link-out.yaml", secret);
	put(t->root, "plans/loop.yaml", "loop.yaml");
	put(t->root, "plans/dangling.yaml", "nowhere.yaml");
	put(t->root, "plans/dir-link.yaml", "x");      /* a folder: listed, not entered */
	put(t->root, "plans/x-link", "x");
	put(t->root, "plans/out-dir", t->outside);      /* a folder that leaves */
	put(t->root, "plans/sub/.git", NULL);           /* submodules: a .git file ... */
	put(t->root, "plans/sub/s.yaml", NULL);
	put(t->root, "plans/nested.yaml/.git/HEAD", NULL);   /* ... or folder, named like a plan */
	put(t->root, "plans/nested.yaml/n.yaml", NULL);
	put(t->root, "vendor/lib/.git", NULL);          /* where no glob reaches */
	put(t->root, "vendor/lib/v.yaml", NULL);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	tree *t = *state;
	t_rm_tree(t->root);
	t_rm_tree(t->outside);
	free(t);
	return 0;
}

/* The listing as lines "name" or "name: why". */
static char *listing(const char *root, const char *const *globs, size_t n)
{
	gl__filelist l = {0};
	gl_err err;
	if (gl__list_files(root, globs, n, &l, &err))
		fail_msg("%s", err.msg);
	gl__buf b = {0};
	gl__buf_puts(&b, "");
	for (size_t i = 0; i < l.n; i++)
		gl__buf_printf(&b, "%s%s%s\n", l.v[i], l.why[i] ? ": " : "", l.why[i] ? l.why[i] : "");
	gl__filelist_free(&l);
	assert_null(l.v);
	return b.p;
}

static void test_list_files(void **state)
{
	tree *t = *state;
	static const char *const globs[] = {"plans/**/*.yaml", "plans/**/*.yml"};
	static const char want[] =
		"plans/a.yaml\n"
		"plans/b.yml\n"
		"plans/dangling.yaml: dangling symlink: not followed\n"
		"plans/dir-link.yaml: a folder, not a file\n"
		"plans/link-in.yaml\n"
		"plans/link-out.yaml: symlink leaves the repository: not followed\n"
		"plans/loop.yaml: symlink loop: not followed\n"
		"plans/nested.yaml: submodule: not checked\n"
		"plans/sub: submodule: not checked\n"
		"plans/x/y/c.yaml\n";
	char *got = listing(t->root, globs, 2);
	assert_string_equal(got, want);
	free(got);

	/* the same tree reached through a symlink to its root */
	char via[PATH_MAX];
	snprintf(via, sizeof via, "%s/root-link", t->outside);
	assert_int_equal(symlink(t->root, via), 0);
	got = listing(via, globs, 2);
	assert_string_equal(got, want);
	free(got);
}

static void test_list_files_globs(void **state)
{
	tree *t = *state;
	static const char *const top[] = {"*.yaml"};
	char *got = listing(t->root, top, 1);
	assert_string_equal(got, "other.yaml\n");
	free(got);
	static const char *const none[] = {"nothing/*.yaml"};
	got = listing(t->root, none, 1);
	assert_string_equal(got, "");
	free(got);
	static const char *const flat[] = {"plans/*.txt", "data/*.yaml"};
	got = listing(t->root, flat, 2);
	assert_string_equal(got, "data/real.yaml\nplans/notes.txt\n");
	free(got);
	static const char *const one[] = {"plans/*.yaml"};   /* a submodule it names */
	got = listing(t->root, one, 1);
	t_contains(got, "plans/nested.yaml: submodule: not checked\n");
	assert_null(strstr(got, "plans/sub"));   /* ... not one it cannot reach into */
	free(got);
}

static void test_list_files_missing_root(void **state)
{
	tree *t = *state;
	char missing[PATH_MAX];
	snprintf(missing, sizeof missing, "%s/no-such-folder", t->root);
	static const char *const globs[] = {"*"};
	gl__filelist l = {0};
	gl_err err;
	assert_int_equal(gl__list_files(missing, globs, 1, &l, &err), -1);
	t_contains(err.msg, "no-such-folder: cannot open the repository: ");
	gl__filelist_free(&l);
}

/* ---- the verdict on one symlink, and on every one along a path ------------ */

static const char leaves[] = "symlink leaves the repository: not followed";

static void test_link_why(void **state)
{
	tree *t = *state;
	static const struct {
		const char *rel, *why, *target;
	} cases[] = {
		{"plans/link-in.yaml", NULL, "/data/real.yaml"},
		{"plans/x-link", NULL, "/plans/x"},
		{"plans/link-out.yaml", leaves, NULL},   /* root-outside shares root's name */
		{"plans/out-dir", leaves, NULL},
		{"plans/loop.yaml", "symlink loop: not followed", NULL},
		{"plans/dangling.yaml", "dangling symlink: not followed", NULL},
	};
	char root[PATH_MAX], full[PATH_MAX], real[PATH_MAX], want[PATH_MAX];
	assert_non_null(realpath(t->root, root));
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		assert_true(snprintf(full, sizeof full, "%s/%s", root, cases[i].rel) < (int)sizeof full);
		const char *why = gl__link_why(root, full, real);
		if (cases[i].why ? !why || strcmp(why, cases[i].why) : why != NULL)
			fail_msg("%s: got '%s', want '%s'", cases[i].rel, why ? why : "(followed)",
			         cases[i].why ? cases[i].why : "(followed)");
		if (why)
			continue;
		assert_true(snprintf(want, sizeof want, "%s%s", root, cases[i].target) < (int)sizeof want);
		assert_string_equal(real, want);
	}
	assert_true(snprintf(full, sizeof full, "%s/plans/link-out.yaml", root) < (int)sizeof full);
	assert_null(gl__link_why("/", full, real));   /* "/" as the root holds everything */
}

static void test_path_why(void **state)
{
	tree *t = *state;
	static const struct {
		const char *rel, *why, *full;
	} cases[] = {
		{"plans/a.yaml", NULL, "/plans/a.yaml"},
		{"plans/link-in.yaml", NULL, "/data/real.yaml"},   /* the file's link: resolved */
		{"plans/x-link/y/c.yaml", NULL, "/plans/x-link/y/c.yaml"},   /* a folder inside */
		{"plans/nothing/z.yaml", NULL, "/plans/nothing/z.yaml"},   /* left to the reader */
		{"plans/out-dir/secret.yaml", leaves, NULL},
		{"plans/out-dir", leaves, NULL},
		{"plans/link-out.yaml", leaves, NULL},
		{"plans/dangling.yaml", "dangling symlink: not followed", NULL},
	};
	char root[PATH_MAX], full[PATH_MAX], want[PATH_MAX];
	assert_non_null(realpath(t->root, root));
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const char *why = gl__path_why(root, cases[i].rel, full);
		if (cases[i].why ? !why || strcmp(why, cases[i].why) : why != NULL)
			fail_msg("%s: got '%s', want '%s'", cases[i].rel, why ? why : "(read)",
			         cases[i].why ? cases[i].why : "(read)");
		if (why)
			continue;
		assert_true(snprintf(want, sizeof want, "%s%s", root, cases[i].full) < (int)sizeof want);
		assert_string_equal(full, want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_glob),
		cmocka_unit_test(test_glob_trailing_globstar),
		cmocka_unit_test_setup_teardown(test_list_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_files_globs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_files_missing_root, setup, teardown),
		cmocka_unit_test_setup_teardown(test_link_why, setup, teardown),
		cmocka_unit_test_setup_teardown(test_path_why, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
