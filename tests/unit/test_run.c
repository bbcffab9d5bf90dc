/*
 * A run's inputs (policy/run.c): which repository a PATH belongs to, found
 * from the path as written, and a PATH through a symlinked folder that
 * leaves the repository, judged as the walk judges it.
 */
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

/* base/r: a planning repository; base/o: a folder outside it, reached
 * through the symlink r/plans/sub; base/via: a symlink to r. */
typedef struct scratch {
	char base[PATH_MAX];   /* real */
	char root[PATH_MAX];   /* base/r */
} scratch;

static void put(const scratch *s, const char *rel, const char *text)
{
	char p[PATH_MAX];
	assert_true(snprintf(p, sizeof p, "%s/%s", s->base, rel) < (int)sizeof p);
	for (char *slash = strchr(p + strlen(s->base) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(p, 0755);
		*slash = '/';
	}
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static void link_at(const scratch *s, const char *rel, const char *target)
{
	char p[PATH_MAX];
	assert_true(snprintf(p, sizeof p, "%s/%s", s->base, rel) < (int)sizeof p);
	assert_int_equal(symlink(target, p), 0);
}

static int setup(void **state)
{
	scratch *s = calloc(1, sizeof *s);
	const char *tmp = getenv("TMPDIR");
	char dir[PATH_MAX];
	snprintf(dir, sizeof dir, "%s/govlint-run.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!s || !mkdtemp(dir) || !realpath(dir, s->base) ||
	    snprintf(s->root, sizeof s->root, "%s/r", s->base) >= (int)sizeof s->root) {
		free(s);
		return -1;
	}
	put(s, "r/.govlint.yaml", "signoff_provenance: off\n");
	put(s, "r/people.yaml", "people: []\n");
	put(s, "r/plans/a.yaml", "id: a\n");
	put(s, "o/x.yaml", "id: x\n");
	link_at(s, "r/plans/sub", "../../o");
	link_at(s, "via", "r");
	*state = s;
	return 0;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int teardown(void **state)
{
	scratch *s = *state;
	nftw(s->base, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(s);
	return 0;
}

/* Opens a run on base/rel (not checked); its return code. */
static int open_on(gl_run **run, const scratch *s, const char *rel, gl_err *err)
{
	char p[PATH_MAX];
	assert_true(snprintf(p, sizeof p, "%s/%s", s->base, rel) < (int)sizeof p);
	gl_run_opts o = GL_RUN_OPTS_INIT;
	o.as_of = "2026-12-01";
	o.jobs = 1;
	const char *paths[] = {p};
	return gl_run_open(run, paths, 1, &o, err);
}

/* The run on base/rel checks exactly one plan, `file`, in base/r. */
static gl_run *one_plan(const scratch *s, const char *rel, const char *file)
{
	gl_run *run = NULL;
	gl_err err;
	if (open_on(&run, s, rel, &err) || gl_run_check(run, &err))
		fail_msg("%s: %s", rel, err.msg);
	assert_string_equal(gl_run_root(run), s->root);
	assert_int_equal(gl_run_nplans(run), 1);
	assert_string_equal(gl_run_plan(run, 0)->file, file);
	return run;
}

/* A file through r/plans/sub is in r, not in o: a GOV-YAML-001 finding with
 * the walk's message, and nothing of o is read. */
static void path_file_through_leaving_folder(void **state)
{
	gl_run *run = one_plan(*state, "r/plans/sub/x.yaml", "plans/sub/x.yaml");
	assert_int_equal(gl_run_nfindings(run), 1);
	const gl_finding *f = gl_run_finding(run, 0);
	assert_string_equal(gl_rule_id(f->rule), "GOV-YAML-001");
	t_contains(f->message, "symlink leaves the repository: not followed");
	gl_run_free(run);
}

/* The folder itself is not followed: an error, with the walk's message. */
static void path_folder_leaving(void **state)
{
	scratch *s = *state;
	gl_run *run = NULL;
	gl_err err;
	assert_int_equal(open_on(&run, s, "r/plans/sub", &err), GL_ERROR);
	char want[PATH_MAX + 64];
	snprintf(want, sizeof want, "%s/r/plans/sub: symlink leaves the repository: not followed",
	         s->base);
	assert_string_equal(err.msg, want);
	gl_run_free(run);
}

/* ".." is taken from the path as written: sub/.. is r/plans, not base. */
static void path_dotdot_after_link(void **state)
{
	gl_run_free(one_plan(*state, "r/plans/sub/../a.yaml", "plans/a.yaml"));
	gl_run_free(one_plan(*state, "r/./plans//a.yaml", "plans/a.yaml"));
}

/* A symlink above the root is the user's own business: followed. */
static void path_link_above_root(void **state)
{
	gl_run_free(one_plan(*state, "via/plans/a.yaml", "plans/a.yaml"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(path_file_through_leaving_folder, setup, teardown),
		cmocka_unit_test_setup_teardown(path_folder_leaving, setup, teardown),
		cmocka_unit_test_setup_teardown(path_dotdot_after_link, setup, teardown),
		cmocka_unit_test_setup_teardown(path_link_above_root, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
