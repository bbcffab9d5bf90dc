/* .govlint.yaml (policy/config.c): defaults without a file, the SPEC
 * section 4 example, and errors located at file:line:col. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "internal.h"
#include "helpers.h"

#include <limits.h>
#include <unistd.h>

typedef struct dir {
	char root[64];
	char file[96];    /* root/.govlint.yaml */
} dir;

static int setup(void **state)
{
	dir *d = calloc(1, sizeof *d);
	snprintf(d->root, sizeof d->root, "/tmp/gl-config-XXXXXX");
	if (!mkdtemp(d->root))
		return -1;
	snprintf(d->file, sizeof d->file, "%s/.govlint.yaml", d->root);
	*state = d;
	return 0;
}

static int teardown(void **state)
{
	dir *d = *state;
	unlink(d->file);
	rmdir(d->root);
	free(d);
	return 0;
}

static void write_config(const dir *d, const char *text)
{
	FILE *f = fopen(d->file, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* Writes the config and loads it, which must succeed. */
static void load_ok(const dir *d, const char *text, gl__config *c)
{
	write_config(d, text);
	gl_err err;
	if (gl__config_load(c, d->root, NULL, &err))
		fail_msg("%s", err.msg);
}

static void test_defaults(void **state)
{
	dir *d = *state;
	gl__config c;
	gl_err err;
	assert_int_equal(gl__config_load(&c, d->root, NULL, &err), 0);
	assert_null(c.file);
	assert_int_equal(c.nplans, 2);
	assert_string_equal(c.plans[0], "plans/**/*.yaml");
	assert_string_equal(c.plans[1], "plans/**/*.yml");
	assert_string_equal(c.roster, "people.yaml");
	assert_int_equal(c.npacks, 1);
	assert_string_equal(c.packs[0], "clinical-imaging");
	assert_int_equal(c.noverrides, 0);
	assert_int_equal(c.fail_on, GL_SEV_ERROR);
	const gl_limits def = GL_LIMITS_INIT;
	assert_memory_equal(&c.limits, &def, sizeof def);
	gl__config_free(&c);

	/* an empty file, or one holding only comments, is the defaults too */
	static const char *const empty[] = {"", "# nothing yet\n"};
	for (size_t i = 0; i < 2; i++) {
		write_config(d, empty[i]);
		assert_int_equal(gl__config_load(&c, d->root, NULL, &err), 0);
		assert_string_equal(c.file, d->file);
		assert_string_equal(c.roster, "people.yaml");
		assert_int_equal(c.nplans, 2);
		gl__config_free(&c);
	}
}

static void test_spec_example(void **state)
{
	dir *d = *state;
	gl__config c;
	load_ok(d, "plans: [\"plans/**/*.yaml\", \"plans/**/*.yml\"]\n"
	           "roster: people.yaml\n"
	           "packs: [clinical-imaging, ./policy-rules/local.yaml]   # built-in names or paths\n"
	           "overrides:\n"
	           "  - rules: [GOV-WFL-003]\n"
	           "    severity: warning\n"
	           "  - files: [\"plans/research/**\"]\n"
	           "    disable: [GOV-SEC-005]\n"
	           "waivers: waivers.yaml\n"
	           "signoff_provenance: warn     # off | warn | require (section 7)\n"
	           "fail_on: error\n", &c);
	assert_string_equal(c.file, d->file);
	assert_int_equal(c.nplans, 2);
	assert_string_equal(c.plans[1], "plans/**/*.yml");
	assert_string_equal(c.roster, "people.yaml");
	assert_int_equal(c.npacks, 2);
	assert_string_equal(c.packs[0], "clinical-imaging");
	assert_string_equal(c.packs[1], "./policy-rules/local.yaml");
	assert_int_equal(c.noverrides, 2);
	const gl__override *o = &c.overrides[0];
	assert_int_equal(o->nrules, 1);
	assert_string_equal(o->rules[0], "GOV-WFL-003");
	assert_int_equal(o->has_sev, 1);
	assert_int_equal(o->sev, GL_SEV_WARNING);
	assert_int_equal(o->nfiles + o->ndisable, 0);
	o = &c.overrides[1];
	assert_int_equal(o->has_sev, 0);
	assert_int_equal(o->nrules, 0);
	assert_int_equal(o->nfiles, 1);
	assert_string_equal(o->files[0], "plans/research/**");
	assert_int_equal(o->ndisable, 1);
	assert_string_equal(o->disable[0], "GOV-SEC-005");
	assert_int_equal(c.fail_on, GL_SEV_ERROR);
	gl__config_free(&c);
}

static void test_values(void **state)
{
	dir *d = *state;
	gl__config c;
	load_ok(d, "plans: plans/*.yaml\n"
	           "packs: local.yaml\n"
	           "roster: team/people.yaml\n"
	           "fail_on: never\n"
	           "limits: {max_file_bytes: 1000, max_depth: 10, max_nodes: 100,\n"
	           "         max_alias_nodes: 200, max_scalar_bytes: 50,\n"
	           "         max_findings_per_rule: 7}\n", &c);
	assert_int_equal(c.nplans, 1);
	assert_string_equal(c.plans[0], "plans/*.yaml");
	assert_int_equal(c.npacks, 1);
	assert_string_equal(c.packs[0], "local.yaml");
	assert_string_equal(c.roster, "team/people.yaml");
	assert_int_equal(c.fail_on, GL_SEV_NEVER);
	const gl_limits want = {1000, 10, 100, 200, 50, 7};
	assert_memory_equal(&c.limits, &want, sizeof want);
	gl__config_free(&c);
	/* 256 {a,b} alternatives are the most a glob may expand to (test_errors: 320) */
	load_ok(d, "plans: [\"plans/{a,b,c,d}{a,b,c,d}{a,b,c,d}{a,b,c,d}.yaml\"]\n", &c);
	assert_int_equal(c.nplans, 1);
	gl__config_free(&c);
}

/* never_sign adds to shared-account, which can never sign whatever the
 * config lists; listing it too changes nothing. */
static void test_never_sign_adds(void **state)
{
	dir *d = *state;
	static const char *const texts[] = {"never_sign: [vendor]\n", "never_sign: vendor\n",
	                                    "never_sign: [vendor, shared-account]\n"};
	for (size_t i = 0; i < 3; i++) {
		gl__config c;
		load_ok(d, texts[i], &c);
		assert_int_equal(c.nnever_sign, 2);
		int shared = 0, vendor = 0;
		for (size_t k = 0; k < 2; k++) {
			shared += strcmp(c.never_sign[k], "shared-account") == 0;
			vendor += strcmp(c.never_sign[k], "vendor") == 0;
		}
		assert_true(shared == 1 && vendor == 1);
		gl__config_free(&c);
	}
}

/* Packs are the same when their paths are, segment by segment; names that
 * only share a prefix, or a built-in name and a file, are not. */
static void test_pack_spellings(void **state)
{
	dir *d = *state;
	gl__config c;
	load_ok(d, "packs: [p/a.yaml, p/ab.yaml, a.yaml, pa.yaml, p/a.yaml/x, local,\n"
	           "        ./local, local.yaml]\n", &c);
	assert_int_equal(c.npacks, 8);
	gl__config_free(&c);
}

static void test_explicit_path(void **state)
{
	dir *d = *state;
	write_config(d, "fail_on: warning\n");
	gl__config c;
	gl_err err;
	assert_int_equal(gl__config_load(&c, "/nonexistent-root", d->file, &err), 0);
	assert_int_equal(c.fail_on, GL_SEV_WARNING);
	gl__config_free(&c);

	char missing[PATH_MAX];
	snprintf(missing, sizeof missing, "%s/other.yaml", d->root);
	assert_int_equal(gl__config_load(&c, d->root, missing, &err), -1);
	t_contains(err.msg, "other.yaml: cannot open: ");
	gl__config_free(&c);
}

static void test_errors(void **state)
{
	dir *d = *state;
	static const struct {
		const char *text, *err;   /* err follows "<file>:" */
	} cases[] = {
		{"plans: [a]\ncolour: red\n", "2:1: unknown config key 'colour'"},
		{"fail_on: fatal\n", "1:10: fail_on must be error, warning, info or never"},
		{"fail_on: [error]\n", "1:10: fail_on must be error, warning, info or never"},
		{"roster: [a, b]\n", "1:9: 'roster' is a file name"},
		{"plans: {a: 1}\n", "1:8: 'plans' must be a non-empty list of strings"},
		{"packs: [a, [b]]\n", "1:12: 'packs' must be a list of strings"},
		{"plans: [1]\n", "1:9: 'plans' must be a list of strings, not '1'"},
		{"plans: [\"*.yaml\", true]\n", "1:19: 'plans' must be a list of strings, not 'true'"},
		{"never_sign: 2\n", "1:13: 'never_sign' must be a non-empty list of strings, not '2'"},
		{"packs:\n  - clinical-imaging\n  - ./local.yaml\n  - clinical-imaging\n",
		 "4:5: 'packs' lists 'clinical-imaging' twice (first at line 2)"},
		{"packs: [./p/d2.yaml, p/d2.yaml]\n", "1:22: 'packs' lists 'p/d2.yaml' twice (first at line 1)"},
		{"packs: [p/./d2.yaml, x.yaml, .//p//d2.yaml]\n",
		 "1:30: 'packs' lists './/p//d2.yaml' twice (first at line 1)"},
		{"never_sign: [vendor, vendor]\n", "1:22: 'never_sign' lists 'vendor' twice (first at line 1)"},
		{"waiver_approvers: [\"\"]\n",
		 "1:20: 'waiver_approvers' must be a list of non-blank strings"},
		{"waiver_approvers: \"  \"\n",
		 "1:19: 'waiver_approvers' must be a list of non-blank strings"},
		{"never_sign: [vendor, \" \"]\n", "1:22: 'never_sign' must be a list of non-blank strings"},
		{"plans: [\"\"]\n", "1:9: 'plans' must be a list of non-blank strings"},
		{"waiver_approvers: [governance-chair, shared-account]\n",
		 "1:38: 'waiver_approvers' lists 'shared-account', a role that can never sign (see "
		 "never_sign): nobody holding it can approve a waiver"},
		{"waiver_approvers: [vendor]\nnever_sign: vendor\n",
		 "1:20: 'waiver_approvers' lists 'vendor', a role that can never sign"},
		{"waivers: [a, b]\n", "1:10: 'waivers' is a file name"},
		{"signoff_provenance: maybe\n", "1:21: signoff_provenance must be off, warn or require"},
		{"plans: [\"plans/{a,b,c,d}{a,b,c,d}{a,b,c,d}{a,b,c,d,e}.yaml\"]\n",
		 "1:9: 'plans': a glob expands to at most 256 {a,b} alternatives"},
		{"waivers: people.yaml\n", "1:10: 'waivers' names people.yaml, the roster: the waivers "
		                          "file is a file of its own"},
		{"waivers: ./.govlint.yaml\n", "1:10: 'waivers' names .govlint.yaml, the configuration: "
		                              "the waivers file is a file of its own"},
		{"roster: team/people.yaml\nwaivers: team/people.yaml\n",
		 "2:10: 'waivers' names team/people.yaml, the roster"},
		{"packs: [clinical-imaging, ./local.yaml]\nwaivers: local.yaml\n",
		 "2:10: 'waivers' names local.yaml, a rule pack"},
		{"overrides: {rules: [X]}\n", "1:12: 'overrides' must be a list"},
		{"overrides:\n  - [X]\n", "2:5: an override is a mapping (rules/files, severity, disable)"},
		{"overrides:\n  - rules: [X]\n", "2:5: an override sets 'severity' or 'disable'"},
		{"overrides:\n  - severity: warning\n", "2:5: an override with 'severity' names its 'rules'"},
		{"overrides:\n  - {rule: X, severity: warning}\n", "2:6: unknown override key 'rule'"},
		{"overrides:\n  - {rules: [X], severity: fatal}\n",
		 "2:28: severity must be error, warning or info"},
		{"overrides:\n  - {rules: [X], severity: never}\n",
		 "2:28: severity must be error, warning or info"},
		{"plans: [\"plans/{n,{s,e}}*.yaml\"]\n",
		 "1:9: 'plans': a {a,b} group inside another is not supported"},
		{"overrides:\n  - {files: [\"/etc/**\"], disable: [X]}\n",
		 "2:14: '/etc/**' leaves the repository"},
		{"overrides:\n  - {files: [\"../x/**\"], disable: [X]}\n",
		 "2:14: '../x/**' leaves the repository"},
		{"packs: [p/a.yaml, /p/a.yaml]\n", "1:19: '/p/a.yaml' leaves the repository"},
		{"limits: {max_depth: 0}\n", "1:21: limits.max_depth must be a positive whole number"},
		{"limits: {max_depth: 4097}\n", "1:21: limits.max_depth is at most 4096"},
		{"limits: {max_nodes: 1.5}\n", "1:21: limits.max_nodes must be a positive whole number"},
		{"limits: {max_file_bytes: lots}\n",
		 "1:26: limits.max_file_bytes must be a positive whole number"},
		{"limits: {max_dept: 5}\n", "1:10: unknown limit 'max_dept'"},
		{"limits: [1]\n", "1:9: 'limits' must be a mapping"},
		{"- a\n", "1:1: the config must be a YAML mapping, but its top level is a list"},
		{"fail_on error\n",
		 "1:1: the config must be a YAML mapping, but its top level is a scalar"},
		{"plans: [a\n", "1:10: invalid YAML: "},   /* at the end of the last line */
		{"fail_on: error\nfail_on: info\n", "2:1: duplicate key 'fail_on'"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		write_config(d, cases[i].text);
		gl__config c;
		gl_err err;
		assert_int_not_equal(gl__config_load(&c, d->root, NULL, &err), 0);
		char want[512];
		snprintf(want, sizeof want, "%s:%s", d->file, cases[i].err);
		if (strncmp(err.msg, want, strlen(want)) != 0)
			fail_msg("'%s':\n  got  %s\n  want %s", cases[i].text, err.msg, want);
		gl__config_free(&c);
	}
}

static void test_error_is_negative(void **state)
{
	dir *d = *state;
	write_config(d, "plans: {a: 1}\n");
	gl__config c;
	gl_err err;
	assert_int_equal(gl__config_load(&c, d->root, NULL, &err), -1);
	gl__config_free(&c);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_defaults), T(test_spec_example), T(test_values), T(test_pack_spellings),
		T(test_never_sign_adds),
		T(test_explicit_path),
		T(test_errors), T(test_error_is_negative),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
