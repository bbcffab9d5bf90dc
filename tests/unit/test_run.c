/*
 * A run's inputs (policy/run.c): which repository a PATH belongs to, found
 * from the path as written; a PATH through a symlinked folder that leaves
 * the repository, judged as the walk judges it; and gl_run_reads, which
 * tells the CLI that --output would replace one of the run's inputs; the
 * rules a run lists.
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
	t_puts(s->base, rel, text);
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
	put(s, "r/.govlint.yaml", "signoff_provenance: off\n"
	                          "packs: [clinical-imaging, ./rules/local.yaml]\n");
	put(s, "r/rules/local.yaml", "pack: t\nversion: \"1\"\nrules:\n"
	    "  - {id: T-001, title: T, area: plan, severity: info, enforcement: advisory,\n"
	    "     message: m, rationale: r, help: h, require: [{nonempty: title}]}\n");
	put(s, "r/waivers.yaml", "waivers: []\n");
	put(s, "r/plans/b.yaml", "id: b\n");
	put(s, "r/notes.txt", "id: notes\n");
	put(s, "cfg.yaml", "signoff_provenance: off\n");
	put(s, "r/people.yaml", "people: []\n");
	put(s, "r/plans/a.yaml", "id: a\n");
	put(s, "o/x.yaml", "id: x\n");
	link_at(s, "r/plans/sub", "../../o");
	link_at(s, "via", "r");
	*state = s;
	return 0;
}

static int teardown(void **state)
{
	scratch *s = *state;
	t_rm_tree(s->base);
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

/* The run on base/rel checks exactly one plan, `file`, in base/r (then
 * come the findings of waivers.yaml, counted as a plan). */
static gl_run *one_plan(const scratch *s, const char *rel, const char *file)
{
	gl_run *run = NULL;
	gl_err err;
	if (open_on(&run, s, rel, &err) || gl_run_check(run, &err))
		fail_msg("%s: %s", rel, err.msg);
	assert_string_equal(gl_run_root(run), s->root);
	assert_int_equal(gl_run_nplans(run), 2);
	assert_string_equal(gl_run_plan(run, 0)->file, file);
	assert_string_equal(gl_run_plan(run, 1)->file, "waivers.yaml");
	return run;
}

/* A file through r/plans/sub is in r, not in o: a GOV-YAML-001 finding with
 * the walk's message, and nothing of o is read. */
static void path_file_through_leaving_folder(void **state)
{
	gl_run *run = one_plan(*state, "r/plans/sub/x.yaml", "plans/sub/x.yaml");
	assert_int_equal(gl_run_plan(run, 0)->nfindings, 1);
	const gl_finding *f = gl_run_finding(run, 0);
	assert_string_equal(f->file, "plans/sub/x.yaml");
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

/* ---- gl_run_reads --------------------------------------------------------- */

/* What gl_run_reads says of base/target for a run opened on base/on with
 * `config` (NULL: the repository's): the role, or "" for none. */
static const char *reads(const scratch *s, const char *on, const char *config, const char *target)
{
	char on_path[PATH_MAX], cfg[PATH_MAX], p[PATH_MAX];
	assert_true(snprintf(on_path, sizeof on_path, "%s/%s", s->base, on) < (int)sizeof on_path);
	assert_true(snprintf(cfg, sizeof cfg, "%s/%s", s->base, config ? config : "") <
	            (int)sizeof cfg);
	assert_true(snprintf(p, sizeof p, "%s%s%s", *target == '/' ? "" : s->base,
	                     *target == '/' ? "" : "/", target) < (int)sizeof p);
	gl_run_opts o = GL_RUN_OPTS_INIT;
	o.config = config ? cfg : NULL;
	const char *paths[] = {on_path}, *what = NULL;
	gl_run *run = NULL;
	gl_err err;
	if (gl_run_open(&run, paths, 1, &o, &err))
		fail_msg("%s", err.msg);
	int rc = gl_run_reads(run, p, &what, &err);
	gl_run_free(run);
	assert_int_equal(rc, what != NULL);
	return what ? what : "";
}

static void reads_inputs(void **state)
{
	scratch *s = *state;
	char p[PATH_MAX], q[PATH_MAX];
	assert_true(snprintf(p, sizeof p, "%s/r/plans/b.yaml", s->base) < (int)sizeof p);
	assert_true(snprintf(q, sizeof q, "%s/hard.yaml", s->base) < (int)sizeof q);
	assert_int_equal(link(p, q), 0);
	link_at(s, "soft.yaml", "r/plans/b.yaml");
	static const struct {
		const char *on, *config, *target, *what;
	} cases[] = {
		{"r", NULL, "r/plans/a.yaml", "a plan"},
		{"r/plans/a.yaml", NULL, "r/plans/b.yaml", "a plan"},   /* not checked: a plan all the same */
		{"r/plans/a.yaml", NULL, "r/plans/../plans/b.yaml", "a plan"},
		{"r/plans/a.yaml", NULL, "r/plans/sub/../b.yaml", ""},   /* the OS reads it: base/b.yaml */
		{"r/plans/a.yaml", NULL, "hard.yaml", "a plan"},
		{"r/plans/a.yaml", NULL, "soft.yaml", "a plan"},
		{"r/notes.txt", NULL, "r/notes.txt", "a plan"},   /* a PATH outside the plans globs */
		{"r", NULL, "r/people.yaml", "the roster"},
		{"r", NULL, "r/.govlint.yaml", "the config"},
		{"r", "cfg.yaml", "cfg.yaml", "the config"},
		{"r", "cfg.yaml", "r/.govlint.yaml", "the config"},   /* not read; still not replaced */
		{"r", NULL, "r/waivers.yaml", "the waivers file"},
		{"r", NULL, "r/rules/local.yaml", "a rule pack"},
		{"r", NULL, "r/notes.txt", ""},   /* not a plan of this run */
		{"r", NULL, "o/x.yaml", ""},      /* outside, reached only by a symlink */
		{"r", NULL, "r/report.txt", ""},  /* not there yet */
		{"r", NULL, "r/plans", ""},       /* a folder */
		{"r", NULL, "/dev/null", ""},     /* a device */
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const char *got = reads(s, cases[i].on, cases[i].config, cases[i].target);
		if (strcmp(got, cases[i].what) != 0)
			fail_msg("run on %s, --output %s: got '%s', want '%s'", cases[i].on,
			         cases[i].target, got, cases[i].what);
	}
}

/* A run on base/r opened (not checked) with the config base/cfg, the
 * built-in packs' examples loaded when `examples`. */
static gl_run *open_configured(const scratch *s, const char *cfg, int examples)
{
	char path[PATH_MAX];
	assert_true(snprintf(path, sizeof path, "%s/%s", s->base, cfg) < (int)sizeof path);
	gl_run_opts o = GL_RUN_OPTS_INIT;
	o.config = path;
	o.want_examples = examples;
	const char *paths[] = {s->root};
	gl_run *run = NULL;
	gl_err err;
	if (gl_run_open(&run, paths, 1, &o, &err))
		fail_msg("%s", err.msg);
	return run;
}

/* With custom packs only, the engine's built-in rules the run reports
 * under are listed after the packs' rules and found by id, all but the
 * one a pack's `detects:` rule takes (here the waivers'). */
static void listed_builtin_rules(void **state)
{
	scratch *s = *state;
	put(s, "w.yaml", "packs: [./rules/w.yaml]\n");
	put(s, "r/rules/w.yaml", "pack: w\nrules:\n"
	    "  - {id: W-1, title: W, area: plan, severity: warning, rationale: r, help: h,\n"
	    "     detects: waiver}\n");
	gl_run *run = open_configured(s, "w.yaml", 0);
	static const char *const want[] = {"W-1", "GOV-YAML-001", "GOV-YAML-002", "GOV-DOC-004"};
	for (size_t i = 0; i < 4; i++) {
		const gl_rule *r = gl_run_listed_rule(run, i);
		assert_non_null(r);
		assert_string_equal(gl_rule_id(r), want[i]);
		assert_ptr_equal(gl_run_find_rule(run, want[i]), r);
		assert_true(i ? gl_rule_pack(r) == NULL : strcmp(gl_rule_pack(r), "w") == 0);
	}
	assert_null(gl_run_listed_rule(run, 4));
	assert_string_equal(gl_rule_detects(gl_run_find_rule(run, "GOV-DOC-004")), "plan-id");
	assert_null(gl_run_find_rule(run, "GOV-WVR-001"));
	gl_run_free(run);
}

/* A built-in pack's rules have their examples, as the pack's whole text
 * gives them, in a run opened with want_examples (explain, the rule
 * reference) and none in one without (a check); a local pack's rules have
 * theirs either way. */
static void examples_when_wanted(void **state)
{
	scratch *s = *state;
	put(s, "x.yaml", "signoff_provenance: off\npacks: [clinical-imaging, ./rules/x.yaml]\n");
	put(s, "r/rules/x.yaml", "pack: x\nrules:\n"
	    "  - {id: X-1, title: X, area: plan, severity: info, rationale: r, help: h,\n"
	    "     require: [{present: id}], examples: {pass: [\"id: a\\n\"]}}\n");
	gl__packset *whole = gl__packset_new();
	gl_err err;
	if (!whole || gl__pack_load_builtin(whole, "clinical-imaging", 1, &err))
		fail_msg("%s", err.msg);
	static const char *const kinds[] = {"pass", "fail"};
	for (int want = 0; want < 2; want++) {
		gl_run *run = open_configured(s, "x.yaml", want);
		for (size_t i = 0; i < gl__packset_nrules(whole); i++) {
			const gl_rule *w = gl__packset_rule(whole, i), *r = gl_run_find_rule(run, w->id);
			assert_non_null(r);
			for (size_t k = 0; k < 2; k++) {
				const char *ex;
				size_t j = 0;
				for (; (ex = gl_rule_example(w, kinds[k], j)) != NULL; j++)
					if (want)
						assert_string_equal(gl_rule_example(r, kinds[k], j), ex);
				assert_null(gl_rule_example(r, kinds[k], want ? j : 0));
			}
		}
		assert_string_equal(gl_rule_example(gl_run_find_rule(run, "X-1"), "pass", 0), "id: a\n");
		gl_run_free(run);
	}
	gl__packset_free(whole);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(path_file_through_leaving_folder, setup, teardown),
		cmocka_unit_test_setup_teardown(path_folder_leaving, setup, teardown),
		cmocka_unit_test_setup_teardown(path_dotdot_after_link, setup, teardown),
		cmocka_unit_test_setup_teardown(path_link_above_root, setup, teardown),
		cmocka_unit_test_setup_teardown(reads_inputs, setup, teardown),
		cmocka_unit_test_setup_teardown(listed_builtin_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(examples_when_wanted, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
