/* Rule packs (policy/pack.c): loading, validation errors located at
 * file:line:col with the rule id, the built-in pack, severity maps. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "internal.h"
#include "helpers.h"

static const char local_pack[] =
	"pack: local\n"                                        /* 1 */
	"version: \"2\"\n"                                     /* 2 */
	"status_field: phase\n"                                /* 3 */
	"severity_by_status:\n"                                /* 4 */
	"  draft: {error: warning, warning: info}\n"           /* 5 */
	"vocabularies:\n"                                      /* 6 */
	"  levels: [a, b, 3, true]\n"                          /* 7 */
	"sources: {S1: ACR ARCH-AI}\n"                         /* 8 */
	"rules:\n"                                             /* 9 */
	"  - id: L-1\n"                                        /* 10 */
	"    title: Plans have an id\n"
	"    area: plan\n"
	"    severity: error\n"
	"    rationale: Because.\n"
	"    help: Add an id.\n"
	"    require: {present: id}\n"
	"  - id: L-2\n"                                        /* 17 */
	"    title: Each concern is signed\n"
	"    area: concerns\n"
	"    severity: warning\n"
	"    enforcement: advisory\n"
	"    rationale: R.\n"
	"    help: H.\n"
	"    message: \"concern {id} is unsigned\"\n"
	"    owner: raised_by\n"
	"    when: {equals: {path: status, value: live}}\n"
	"    for: 'concerns[*]'\n"
	"    where: {present: id}\n"
	"    severity_by_status: {draft: info, live: error}\n"
	"    require:\n"
	"      - present: sign_off\n"
	"      - in: {path: level, vocab: levels}\n"
	"    examples:\n"
	"      pass: [\"concerns: []\\n\"]\n"
	"      fail: [x, y]\n"
	"  - id: L-YAML\n"
	"    title: T\n"
	"    area: plan\n"
	"    severity: error\n"
	"    enforcement: hard\n"
	"    detects: yaml-syntax\n"
	"    rationale: R.\n"
	"    help: H.\n";

static gl__packset *load(const char *file, const char *text, gl_err *err)
{
	gl__packset *ps = gl__packset_new();
	assert_non_null(ps);
	err->msg[0] = '\0';
	if (gl__pack_load(ps, file, text, strlen(text), err)) {
		gl__packset_free(ps);
		return NULL;
	}
	return ps;
}

static void test_load_valid(void **state)
{
	(void)state;
	gl_err err;
	gl__packset *ps = load("local.yaml", local_pack, &err);
	if (!ps)
		fail_msg("%s", err.msg);
	assert_int_equal(gl__packset_nrules(ps), 3);
	assert_null(gl__packset_rule(ps, 3));
	assert_null(gl__packset_find(ps, "L-3"));

	const gl_rule *r1 = gl__packset_rule(ps, 0), *r2 = gl__packset_find(ps, "L-2");
	assert_string_equal(gl_rule_id(r1), "L-1");
	assert_string_equal(gl_rule_title(r1), "Plans have an id");
	assert_string_equal(gl_rule_area(r1), "plan");
	assert_int_equal(gl_rule_severity(r1), GL_SEV_ERROR);
	assert_int_equal(gl_rule_enforcement(r1), GL_ENF_SOFT);   /* the default */
	assert_string_equal(gl_rule_rationale(r1), "Because.");
	assert_string_equal(gl_rule_help(r1), "Add an id.");
	assert_string_equal(gl_rule_pack(r1), "local");
	assert_string_equal(gl_rule_pack_version(r1), "2");
	assert_null(r1->message);
	assert_null(r1->subjects);
	assert_int_equal(r1->nrequire, 1);
	assert_int_equal(r1->line, 10);
	assert_int_equal(r1->col, 5);

	assert_non_null(r2);
	assert_int_equal(gl_rule_severity(r2), GL_SEV_WARNING);
	assert_int_equal(gl_rule_enforcement(r2), GL_ENF_ADVISORY);
	assert_int_equal(r2->message->n, 3);   /* "concern ", {id}, " is unsigned" */
	assert_int_equal(r2->message->v[1].kind, GL__T_FIELD);
	assert_string_equal(gl__path_src(r2->message->v[1].path), "id");
	assert_non_null(r2->owner);
	assert_string_equal(gl__path_src(r2->owner), "raised_by");
	assert_non_null(r2->when);
	assert_non_null(r2->where);
	assert_string_equal(gl__path_src(r2->subjects), "concerns[*]");
	assert_int_equal(r2->nrequire, 2);
	assert_int_equal(r2->line, 17);
	assert_int_equal(r2->nsevmap, 2);
	assert_string_equal(r2->sevmap[0].status, "draft");
	assert_int_equal(r2->sevmap[0].sev, GL_SEV_INFO);
	assert_string_equal(r2->sevmap[1].status, "live");
	assert_int_equal(r2->sevmap[1].sev, GL_SEV_ERROR);
	gl_severity sev;
	assert_string_equal(gl_rule_status_severity(r2, 1, &sev), "live");
	assert_int_equal(sev, GL_SEV_ERROR);
	assert_null(gl_rule_status_severity(r2, 2, &sev));
	assert_null(gl_rule_status_severity(r1, 0, &sev));
	gl_severity from;   /* the pack's map: draft's error -> warning reaches L-1 */
	assert_string_equal(gl_rule_pack_status_severity(r1, 0, &from, &sev), "draft");
	assert_int_equal(from, GL_SEV_ERROR);
	assert_int_equal(sev, GL_SEV_WARNING);
	assert_null(gl_rule_pack_status_severity(r1, 1, &from, &sev));   /* warning: no L-1 finding */
	assert_null(gl_rule_pack_status_severity(r2, 0, &from, &sev));   /* its own map has draft */
	assert_null(gl_rule_waiver_approver(r1, 0));
	assert_string_equal(gl_rule_example(r2, "pass", 0), "concerns: []\n");
	assert_null(gl_rule_example(r2, "pass", 1));
	assert_string_equal(gl_rule_example(r2, "fail", 1), "y");
	assert_null(gl_rule_example(r2, "fail", 2));
	assert_null(gl_rule_example(r1, "pass", 0));

	const gl_rule *ry = gl__packset_find(ps, "L-YAML");
	assert_string_equal(ry->detects, "yaml-syntax");
	assert_int_equal(ry->nrequire, 0);
	assert_int_equal(gl_rule_enforcement(ry), GL_ENF_HARD);

	const gl__pack_data *d = r1->pack;
	assert_ptr_equal(r2->pack, d);
	assert_string_equal(d->name, "local");
	assert_string_equal(d->version, "2");
	assert_string_equal(d->file, "local.yaml");
	assert_string_equal(d->status_path, "phase");
	assert_string_equal(gl_rule_source(r1, "S1"), "ACR ARCH-AI");
	assert_null(gl_rule_source(r1, "S2"));
	assert_int_equal(d->nsmap, 2);
	assert_string_equal(d->smap[1].status, "draft");
	assert_int_equal(d->smap[0].from, GL_SEV_ERROR);
	assert_int_equal(d->smap[0].to, GL_SEV_WARNING);
	assert_int_equal(d->smap[1].from, GL_SEV_WARNING);
	assert_int_equal(d->smap[1].to, GL_SEV_INFO);
	const gl__vocab *v = gl__vocab_find(d, "levels");
	assert_non_null(v);
	assert_int_equal(v->n, 4);
	assert_string_equal(v->values[2], "3");
	assert_string_equal(v->values[3], "true");
	assert_null(gl__vocab_find(d, "level"));
	assert_null(gl__vocab_find(NULL, "levels"));
	gl__packset_free(ps);
}

/* A pack t whose one rule R-1 has these fields; `key` names the field that
 * `line` replaces ("" drops it; "pack" the header, lines 1-5), `extra` is
 * appended. Lines: 6 id, 7 title, 8 area, 9 severity, 10 rationale, 11
 * help, 12 require, 13 extra. */
static char *rule_pack(const char *key, const char *line, const char *extra)
{
	static const char *const fields[][2] = {
		{"pack", "pack: t\nversion: \"1\"\nvocabularies:\n  levels: [a, b]\nrules:\n"},
		{"id", "  - id: R-1\n"},         {"title", "    title: T\n"},
		{"area", "    area: plan\n"},    {"severity", "    severity: error\n"},
		{"rationale", "    rationale: because\n"}, {"help", "    help: fix it\n"},
		{"require", "    require: {present: id}\n"},
	};
	gl__buf b = {0};
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
		gl__buf_puts(&b, key && strcmp(key, fields[i][0]) == 0 ? line : fields[i][1]);
	gl__buf_puts(&b, extra ? extra : "");
	return b.p;
}

static void test_rule_errors(void **state)
{
	(void)state;
	static const struct {
		const char *key, *line, *extra, *err;
	} cases[] = {
		{"require", "    require: {presnt: id}\n", NULL,
		 "bad.yaml:12:15: rule R-1: unknown predicate 'presnt'"},
		{"require", "    require: {present: 'a b'}\n", NULL,
		 "bad.yaml:12:24: rule R-1: bad path 'a b' at character 2: expected '.' or '['"},
		{"require", "    require: {matches: {path: id, pattern: 'a(b'}}\n", NULL,
		 "bad.yaml:12:44: rule R-1: invalid pattern at offset 3: missing closing parenthesis"},

		{"require", "    require: {in: {path: id, vocab: level}}\n", NULL,
		 "bad.yaml:12:37: rule R-1: no vocabulary named 'level' in this pack"},
		/* an argument of the wrong shape is named, never taken for absent */
		{"require", "    require: {compare: {path: id, op: lt, value: 3, as: [duration]}}\n", NULL,
		 "bad.yaml:12:57: rule R-1: 'as' must be a string"},
		{"require", "    require: {compare: {path: id, value: 3}}\n", NULL,
		 "bad.yaml:12:24: rule R-1: missing 'op'"},
		{"require", "    require: {matches: {path: id, pattern: [a]}}\n", NULL,
		 "bad.yaml:12:44: rule R-1: 'pattern' must be a string"},
		{"require", "    require: {matches: {path: id, vocab: [levels]}}\n", NULL,
		 "bad.yaml:12:42: rule R-1: 'vocab' must be a string"},
		{"require", "    require: {type: {path: id, is: {a: b}}}\n", NULL,
		 "bad.yaml:12:36: rule R-1: 'is' must be a string"},
		{"require", "    require: {person: {path: owner, unfilled: [levels]}}\n", NULL,
		 "bad.yaml:12:47: rule R-1: 'unfilled' must be a string"},
		{"require", "    require: {person: {path: owner, roles: [a, [b]]}}\n", NULL,
		 "bad.yaml:12:48: rule R-1: a role is a name"},
		{"require", "    require: {person: {path: owner, skip_unknown: maybe}}\n", NULL,
		 "bad.yaml:12:51: rule R-1: 'skip_unknown' is true or false"},
		{"require", "    require: {present: []}\n", NULL,
		 "bad.yaml:12:24: rule R-1: expected a path or a non-empty list of paths"},
		{"require", "    require: {equals: x}\n", NULL,
		 "bad.yaml:12:23: rule R-1: expected a mapping of arguments"},
		{"require", "    require: {in: {path: id, values: [a, [b]]}}\n", NULL,
		 "bad.yaml:12:42: rule R-1: 'values' holds scalars only"},
		{"require", "    require: {[a]: x}\n", NULL,
		 "bad.yaml:12:15: rule R-1: a condition's keys are names"},
		{NULL, NULL, "    waiver_approvers: [a, [b]]\n", "bad.yaml:13:27: rule R-1: a role is a name"},
		{NULL, NULL, "    severity_by_status: {[a]: error}\n",
		 "bad.yaml:13:26: rule R-1: a status is a name"},
		{"require", "", NULL,
		 "bad.yaml:6:5: rule R-1: a rule needs 'require' (or 'detects' for loader rules)"},
		{"require", "    require: []\n", NULL,
		 "bad.yaml:12:14: rule R-1: expected a non-empty list of conditions"},
		{"area", "    area: plans\n", NULL, "bad.yaml:8:11: rule R-1: unknown area 'plans'"},
		{"rationale", "", NULL, "bad.yaml:6:5: rule R-1: 'rationale' is required"},
		{"rationale", "    rationale: See [sic] and [L9] (a [b c] is no citation).\n", NULL,
		 "bad.yaml:10:16: rule R-1: the rationale cites [L9], which is not one of the pack's "
		 "sources"},
		{"help", "    help: [a]\n", NULL, "bad.yaml:11:11: rule R-1: 'help' must be non-empty text"},
		{"title", "    title: \"\"\n", NULL, "bad.yaml:7:12: rule R-1: 'title' must be non-empty text"},
		{"title", "    title: \"\\t \"\n", NULL,
		 "bad.yaml:7:12: rule R-1: 'title' must be non-empty text"},
		{"rationale", "    rationale: \"  \"\n", NULL,
		 "bad.yaml:10:16: rule R-1: 'rationale' must be non-empty text"},
		{"help", "    help: \" \"\n", NULL, "bad.yaml:11:11: rule R-1: 'help' must be non-empty text"},
		{NULL, NULL, "    message: \"  \"\n",
		 "bad.yaml:13:14: rule R-1: 'message' must be non-empty text"},
		{"id", "  - id: [x]\n", NULL, "bad.yaml:6:9: 'id' must be non-empty text"},
		{"id", "  - id: LOCAL 001\n", NULL,
		 "bad.yaml:6:9: 'id' may hold only letters, digits, '.', '_' and '-'"},
		{"id", "  - id: \"L-1\\t\"\n", NULL,
		 "bad.yaml:6:9: 'id' may hold only letters, digits, '.', '_' and '-'"},
		{"id", "  - id: R/1\n", NULL, "bad.yaml:6:9: 'id' may hold only letters, digits"},
		{"id", "  - id: \"R\\u00e91\"\n", NULL, "bad.yaml:6:9: 'id' may hold only letters, digits"},
		{"severity", "    severity: fatal\n", NULL,
		 "bad.yaml:9:15: rule R-1: severity must be error, warning or info"},
		{"severity", "    severity: never\n", NULL,
		 "bad.yaml:9:15: rule R-1: severity must be error, warning or info"},
		{NULL, NULL, "    enforcement: strict\n",
		 "bad.yaml:13:18: rule R-1: enforcement must be hard, soft or advisory"},
		{NULL, NULL, "    requires: {present: id}\n", "bad.yaml:13:5: rule R-1: unknown key 'requires'"},
		{"require", "    detects: duplicate-key\n    message: dup\n", NULL,
		 "bad.yaml:13:14: rule R-1: a detects rule takes no 'message' (it reports what the "
		 "engine finds, wherever and in the engine's words)"},
		{"require", "    detects: yaml-syntax\n    for: concerns[*]\n", NULL,
		 "bad.yaml:13:10: rule R-1: a detects rule takes no 'for'"},
		{"require", "    detects: yaml-syntax\n    escalate: {when: {present: trial}, to: error}\n",
		 NULL, "bad.yaml:13:15: rule R-1: a detects rule takes no 'escalate'"},
		{NULL, NULL, "    detects: [yaml-syntax]\n",
		 "bad.yaml:13:14: rule R-1: 'detects' must be non-empty text"},
		{NULL, NULL, "    detects: yaml-typo\n",
		 "bad.yaml:13:14: rule R-1: detects is yaml-syntax, duplicate-key, waiver or plan-id"},
		{NULL, NULL, "    for: 'a[x'\n", "bad.yaml:13:10: rule R-1: bad path 'a[x' at character"},
		{NULL, NULL, "    enforcement: hard\n    waiver_approvers: [security-officer]\n",
		 "bad.yaml:14:23: rule R-1: waiver_approvers on a rule that is not soft: it is never "
		 "waived"},
		{NULL, NULL, "    waiver_approvers: []\n",
		 "bad.yaml:13:23: rule R-1: waiver_approvers is a list of roles or a vocabulary name"},
		{NULL, NULL, "    waiver_approvers: roles\n",
		 "bad.yaml:13:23: rule R-1: no vocabulary named 'roles' in this pack"},
		{NULL, NULL, "    when: {presnt: x}\n", "bad.yaml:13:12: rule R-1: unknown predicate 'presnt'"},
		{NULL, NULL, "    escalate: {when: {present: trial}, to: info}\n",
		 "bad.yaml:13:44: rule R-1: escalate's 'to' (info) is below the rule's severity (error)"},
		{NULL, NULL, "    escalate: {when: {present: trial}}\n",
		 "bad.yaml:13:15: rule R-1: escalate needs 'when' and 'to'"},
		{NULL, NULL, "    severity_by_status: {draft: fatal}\n",
		 "bad.yaml:13:33: rule R-1: severity must be error, warning or info"},
		{NULL, NULL, "    severity_by_status: [draft]\n",
		 "bad.yaml:13:25: rule R-1: 'severity_by_status' maps a status to a severity"},
		{NULL, NULL, "    examples: {pass: x}\n",
		 "bad.yaml:13:22: rule R-1: examples.pass is a list of YAML texts"},
		{NULL, NULL, "    examples: {good: []}\n", "bad.yaml:13:16: rule R-1: unknown argument 'good'"},
		{NULL, NULL, "    examples: {fail: [{a: 1}]}\n",
		 "bad.yaml:13:23: rule R-1: an example is a YAML text (use |)"},
		{NULL, NULL, "  - id: R-2\n    title: T\n    area: plan\n    severity: info\n"
		             "    rationale: r\n    help: h\n    require: {present: id}\n  - id: R-1\n",
		 "bad.yaml:20:5: rule R-1: the id is already defined by an earlier rule (first at "
		 "bad.yaml:6:5)"},
		{NULL, NULL, "  - just text\n", "bad.yaml:13:5: a rule is a mapping"},
		{NULL, NULL, "    detects: plan-id\n",
		 "bad.yaml:13:14: rule R-1: a rule has 'require' or 'detects', not both"},
		{"require", "    detects: waiver\n", "  - {id: R-2, title: T, area: plan, severity: info, "
		 "rationale: r, help: h, detects: waiver}\n",
		 "bad.yaml:13:85: rule R-2: R-1 (line 6) of this pack detects waiver already, and only "
		 "the first such rule reports"},
		{"require", "    require: {present: '^.x'}\n", NULL,
		 "bad.yaml:12:24: rule R-1: '^.x' starts at the subject's parent, but the subject "
		 "here is the plan, which has none (start at the plan, or give the rule a for:)"},
		{"require", "    require: {in: {path: id, paths: [a, '^.x']}}\n", NULL,
		 "bad.yaml:12:41: rule R-1: '^.x' starts at the subject's parent"},
		{NULL, NULL, "    owner: '^.x'\n", "bad.yaml:13:12: rule R-1: '^.x' starts at the "},
		{NULL, NULL, "    for: 'a[*]'\n    when: {present: '^.x'}\n",
		 "bad.yaml:14:21: rule R-1: '^.x' starts at the subject's parent"},
		{NULL, NULL, "    for: 'a[*]'\n    escalate: {when: {nonempty: '^.x'}, to: error}\n",
		 "bad.yaml:14:33: rule R-1: '^.x' starts at the subject's parent"},
		{NULL, NULL, "    for: '^[*]'\n", "bad.yaml:13:10: rule R-1: '^[*]' starts at the "},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *text = rule_pack(cases[i].key, cases[i].line, cases[i].extra);
		gl_err err;
		gl__packset *ps = load("bad.yaml", text, &err);
		if (ps)
			fail_msg("case %zu loaded:\n%s", i, text);
		if (strncmp(err.msg, cases[i].err, strlen(cases[i].err)) != 0)
			fail_msg("case %zu:\n  got  %s\n  want %s", i, err.msg, cases[i].err);
		free(text);
	}
}

/* '^' is refused only where the subject is the plan: below a for, an
 * each or a count's where, the subject has a parent. */
static void test_parent_paths_below_the_plan(void **state)
{
	(void)state;
	static const char *const requires[] = {
		"    require: {each: 'a[*]', where: {present: '^.x'}, require: {present: '^.y'}}\n",
		"    require: {count: {path: 'a[*]', where: {present: '^.x'}, min: 1}}\n",
		"    for: 'a[*]'\n    owner: '^.o'\n    where: {present: '^.w'}\n"
		"    require: {present: '^.x'}\n",
	};
	for (size_t i = 0; i < sizeof requires / sizeof *requires; i++) {
		char *text = rule_pack("require", requires[i], NULL);
		gl_err err;
		gl__packset *ps = load("ok.yaml", text, &err);
		if (!ps)
			fail_msg("case %zu: %s", i, err.msg);
		gl__packset_free(ps);
		free(text);
	}
}

static void test_missing_severity_is_located(void **state)
{
	(void)state;
	char *text = rule_pack("severity", "", NULL);
	gl_err err;
	assert_null(load("bad.yaml", text, &err));
	t_contains(err.msg, "bad.yaml:6:5: rule R-1: ");
	free(text);
}

static void test_header_errors(void **state)
{
	(void)state;
	static const struct {
		const char *text, *err;
	} cases[] = {
		{"pack: t\npacks: x\nrules: []\n", "bad.yaml:2:1: unknown key 'packs'"},
		{"version: \"1\"\nrules: []\n", "bad.yaml:1:1: 'pack' is required"},
		{"pack: t\n", "bad.yaml:1:1: 'rules' must be a list"},
		{"pack: t\nrules: {}\n", "bad.yaml:2:8: 'rules' must be a list"},
		{"pack: t\nvocabularies: [a]\nrules: []\n",
		 "bad.yaml:2:15: 'vocabularies' must map names to lists"},
		{"pack: t\nvocabularies: {a: b}\nrules: []\n",
		 "bad.yaml:2:16: a vocabulary is a name and a list of values"},
		{"pack: t\nvocabularies: {a: [[x]]}\nrules: []\n",
		 "bad.yaml:2:20: vocabulary values are scalars"},
		/* a vocabulary's bad pattern: at the pattern, naming the vocabulary */
		{"pack: t\nvocabularies: {v: [a, 'b(']}\nrules:\n  - {id: R-1, title: T, area: plan, "
		 "severity: error, rationale: r, help: h, require: {matches: {path: id, vocab: v}}}\n",
		 "bad.yaml:2:23: rule R-1: vocabulary v: invalid pattern at offset 2: missing closing "
		 "parenthesis"},
		{"pack: t\nseverity_by_status: {draft: warning}\nrules: []\n",
		 "bad.yaml:2:22: 'severity_by_status' maps a status to {from: to}"},
		{"pack: t\nseverity_by_status: [draft]\nrules: []\n",
		 "bad.yaml:2:21: 'severity_by_status' maps a status to {from: to}"},
		{"pack: t\nseverity_by_status: {draft: {error: fatal}}\nrules: []\n",
		 "bad.yaml:2:37: severity must be error, warning or info"},
		{"pack: t\nstatus_field: 'meta[*]'\nrules: []\n",
		 "bad.yaml:2:15: 'status_field' is a path to one value"},
		{"pack: t\nstatus_field: a..b\nrules: []\n", "bad.yaml:2:15: bad path 'a..b'"},
		{"pack: t\nsources: {L1: [not, text]}\nrules: []\n",
		 "bad.yaml:2:15: 'sources' maps ids (S1) to citations"},
		{"pack: t\nsources: {L1: ok, L2: {a: b}}\nrules: []\n",
		 "bad.yaml:2:23: 'sources' maps ids (S1) to citations"},
		{"pack: t\nsources: {L1: \"\"}\nrules: []\n",
		 "bad.yaml:2:15: 'sources' maps ids (S1) to citations"},
		{"pack: t\nsources: {L1: \" \"}\nrules: []\n",
		 "bad.yaml:2:15: 'sources' maps ids (S1) to citations"},
		{"pack: \"  \"\nrules: []\n", "bad.yaml:1:7: 'pack' must be non-empty text"},
		{"pack: t\nversion: {a: 1}\nrules: []\n", "bad.yaml:2:10: 'version' must be non-empty text"},
		{"pack: t\ndescription: [x]\nrules: []\n",
		 "bad.yaml:2:14: 'description' must be non-empty text"},
		{"pack: t\nstatus_field: [x]\nrules: []\n",
		 "bad.yaml:2:15: 'status_field' must be non-empty text"},
		{"pack: t\nsources: [S1]\nrules: []\n",
		 "bad.yaml:2:10: 'sources' maps ids (S1) to citations"},
		{"pack: t\nidentity_keys: id\nrules: []\n",
		 "bad.yaml:2:16: 'identity_keys' must be a list of key names"},
		{"pack: t\nidentity_keys: []\nrules: []\n",
		 "bad.yaml:2:16: 'identity_keys' must be a list of key names"},
		{"pack: t\nidentity_keys: [id, [group]]\nrules: []\n",
		 "bad.yaml:2:21: an identity key is a key name"},
		{"pack: t\nidentity_keys: [id, \"\"]\nrules: []\n",
		 "bad.yaml:2:21: an identity key is a key name"},
		{"pack: t\nidentity_keys: [id, \" \"]\nrules: []\n",
		 "bad.yaml:2:21: an identity key is a key name"},
		{"pack: [\n", "bad.yaml:1:8: invalid YAML: did not find expected node content while "
		               "parsing a flow node (line 1)"},   /* not line 2: there is none */
		{"pack: t\npack: u\nrules: []\n", "bad.yaml:2:1: duplicate key 'pack' (first at line 1)"},
		{"- a\n", "bad.yaml:1:1: a rule pack is a YAML mapping with 'pack' and 'rules'"},
		{"", "bad.yaml:1:1: a rule pack is a YAML mapping with 'pack' and 'rules'"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		gl_err err;
		assert_null(load("bad.yaml", cases[i].text, &err));
		if (strncmp(err.msg, cases[i].err, strlen(cases[i].err)) != 0)
			fail_msg("'%s':\n  got  %s\n  want %s", cases[i].text, err.msg, cases[i].err);
	}
}

/* Rule ids are unique across every pack of a set. */
static void test_two_packs(void **state)
{
	(void)state;
	gl_err err;
	gl__packset *ps = load("local.yaml", local_pack, &err);
	assert_non_null(ps);
	char *text = rule_pack("id", "  - id: L-2\n", NULL);
	assert_int_equal(gl__pack_load(ps, "second.yaml", text, strlen(text), &err), -1);
	assert_string_equal(err.msg, "second.yaml:6:5: rule L-2: the id is already defined by an "
	                             "earlier rule (first at local.yaml:17:5)");
	free(text);
	text = rule_pack("pack", "pack: local\nrules:\n", NULL);
	assert_int_equal(gl__pack_load(ps, "same-name.yaml", text, strlen(text), &err), -1);
	assert_string_equal(err.msg, "same-name.yaml:1:7: pack name 'local' is already taken by an "
	                             "earlier pack (local.yaml)");
	free(text);
	text = rule_pack("pack", "pack: u\nrules:\n", NULL);
	assert_int_equal(gl__pack_load(ps, "third.yaml", text, strlen(text), &err), 0);
	assert_int_equal(gl__packset_nrules(ps), 4);
	const gl_rule *r = gl__packset_find(ps, "R-1");
	assert_string_equal(gl_rule_pack(r), "u");
	assert_string_equal(r->pack->file, "third.yaml");
	assert_string_equal(r->pack->status_path, "status");   /* the default */
	free(text);
	gl__packset_free(ps);
}

/* An id findings' except names is a rule of some pack, a later one's too,
 * or a built-in stand-in's: looked up once every pack is loaded. */
static void test_except_ids(void **state)
{
	(void)state;
	gl_err err;
	char *text = rule_pack("require", "    require: {findings: {severity: error, except: [L-2, "
	                                  "GOV-WVR-001, NOPE-1]}}\n", NULL);
	gl__packset *ps = load("first.yaml", text, &err);
	if (!ps)
		fail_msg("%s", err.msg);
	assert_int_equal(gl__packset_check_refs(ps, &err), -1);
	assert_string_equal(err.msg, "first.yaml:12:52: rule R-1: except names rule L-2, which no "
	                             "active pack defines");
	assert_int_equal(gl__pack_load(ps, "local.yaml", local_pack, strlen(local_pack), &err), 0);
	assert_int_equal(gl__packset_check_refs(ps, &err), -1);
	assert_string_equal(err.msg, "first.yaml:12:70: rule R-1: except names rule NOPE-1, which no "
	                             "active pack defines");
	gl__packset_free(ps);
	free(text);
	text = rule_pack("require", "    require: {findings: {severity: error, except: [R-1]}}\n",
	                 NULL);
	assert_non_null(ps = load("self.yaml", text, &err));
	assert_int_equal(gl__packset_check_refs(ps, &err), 0);
	gl__packset_free(ps);
	free(text);
	/* a built-in id names nothing once a pack's rule detects what it reports */
	text = rule_pack("require", "    require: {findings: {severity: error, except: [GOV-YAML-001]}}\n",
	                 "  - {id: MY-YAML, title: T, area: plan, severity: error, rationale: r, "
	                 "help: h, detects: yaml-syntax}\n");
	assert_non_null(ps = load("mine.yaml", text, &err));
	assert_int_equal(gl__packset_check_refs(ps, &err), -1);
	t_contains(err.msg, "except names rule GOV-YAML-001, which no active pack defines");
	gl__packset_free(ps);
	free(text);
}

static void test_builtin(void **state)
{
	(void)state;
	gl__packset *ps = gl__packset_new();
	gl_err err;
	if (gl__pack_load_builtin(ps, "clinical-imaging", 1, &err))
		fail_msg("%s", err.msg);
	size_t n = gl__packset_nrules(ps);
	assert_true(n >= 9);
	for (size_t i = 0; i < n; i++) {
		const gl_rule *r = gl__packset_rule(ps, i);
		const char *fields[] = {gl_rule_id(r), gl_rule_title(r), gl_rule_area(r),
		                        gl_rule_rationale(r), gl_rule_help(r)};
		for (size_t f = 0; f < sizeof fields / sizeof *fields; f++)
			if (!fields[f] || !*fields[f])
				fail_msg("rule %zu (%s): field %zu is empty", i, gl_rule_id(r), f);
		assert_string_equal(gl_rule_pack(r), "clinical-imaging");
		assert_true(r->detects || r->nrequire > 0);
		for (size_t k = 0; !r->detects && k < r->npass + r->nfail; k++) {
			const char *ex = k < r->npass ? r->pass[k] : r->fail[k - r->npass];
			gl_doc *d = t_parse(ex);
			if (gl_doc_ndiags(d))
				fail_msg("%s example %zu: %s", gl_rule_id(r), k, gl_doc_diag(d, 0)->msg);
			gl_doc_free(d);
		}
	}
	const gl_rule *y = gl__packset_find(ps, "GOV-YAML-001");
	assert_non_null(y);
	assert_string_equal(y->detects, "yaml-syntax");
	assert_string_equal(gl__packset_find(ps, "GOV-YAML-002")->detects, "duplicate-key");
	const gl__pack_data *d = y->pack;
	assert_string_equal(d->name, "clinical-imaging");
	assert_string_equal(d->file, "<builtin>/rules/clinical-imaging.yaml");
	assert_non_null(gl__vocab_find(d, "placeholders"));
	assert_int_equal(d->nsmap, 1);
	assert_string_equal(d->smap[0].status, "draft");
	assert_int_equal(d->smap[0].from, GL_SEV_ERROR);
	assert_int_equal(d->smap[0].to, GL_SEV_WARNING);
	/* a built-in rule's id: the message says how to replace the rule */
	char *text = rule_pack("id", "  - id: GOV-CON-003\n", NULL);
	assert_int_equal(gl__pack_load(ps, "mine.yaml", text, strlen(text), &err), -1);
	assert_string_equal(err.msg, "mine.yaml:6:5: rule GOV-CON-003: the id is already defined by "
	                             "the built-in pack clinical-imaging's rule; disable it in the "
	                             "config's overrides and give yours a new id");
	free(text);
	/* loading it twice: the second takes the first's name */
	assert_int_equal(gl__pack_load_builtin(ps, "clinical-imaging", 1, &err), -1);
	assert_string_equal(err.msg, "<builtin>/rules/clinical-imaging.yaml:11:7: pack name "
	                             "'clinical-imaging' is already taken by an earlier pack "
	                             "(built-in)");
	assert_int_equal(gl__pack_load_builtin(ps, "nope", 1, &err), -1);
	assert_string_equal(err.msg, "no built-in pack named 'nope'");
	gl__packset_free(ps);

	const char *const *names = gl_builtin_packs();
	size_t k = 0;
	while (names[k] && strcmp(names[k], "clinical-imaging") != 0)
		k++;
	assert_non_null(names[k]);
}

/* Line `i` (from 1) of text: its start, and its length in *n. */
static const char *line_of(const char *text, size_t i, size_t *n)
{
	while (--i && (text = strchr(text, '\n')) != NULL)
		text++;
	*n = text ? strcspn(text, "\n") : 0;
	return text;
}

/* The line after the examples entry at pair k of rule i: where the rule's
 * next key, the next rule, or what follows `rules:` starts (0: the end). */
static unsigned after_examples(const gl_node *root, const gl_node *rules, size_t i, size_t k)
{
	const gl_node *rule = rules->items[i];
	if (2 * k + 2 < rule->n)
		return rule->items[2 * k + 2]->line;
	if (i + 1 < rules->n)
		return rules->items[i + 1]->line;
	for (size_t j = 0; j + 2 < root->n; j += 2)
		if (root->items[j + 1] == rules)
			return root->items[j + 2]->line;
	return 0;
}

/* Each built-in pack is embedded twice (tools/embed.c): the lean text, which
 * a check loads, has no rule's examples, the same lines, and every line
 * outside an examples entry as the whole text has it, so every other node
 * keeps its line and column. Its embedded events, which a check replays,
 * give the tree it parses into. Loading either text gives the same rules. */
static void test_builtin_lean(void **state)
{
	(void)state;
	for (const gl__embedded *e = gl__embedded_packs; e->name; e++) {
		gl_doc *full = t_parse_n(e->data, e->len, NULL), *lean = t_parse_n(e->lean, e->lean_len, NULL);
		assert_int_equal(gl_doc_ndiags(lean), 0);
		const gl_node *root = gl_doc_root(full), *rules = gl_node_get(root, "rules");
		const gl_node *lrules = gl_node_get(gl_doc_root(lean), "rules");
		assert_int_equal(lrules->n, rules->n);
		size_t lines = 1, ncut = 0;
		for (const char *p = e->data; (p = strchr(p, '\n')) != NULL; p++)
			lines++;
		unsigned char *cut = calloc(lines + 1, 1);   /* by line: in an examples entry */
		assert_non_null(cut);
		for (size_t i = 0; i < rules->n; i++) {
			if (gl_node_get(lrules->items[i], "examples"))
				fail_msg("%s: rule %s keeps its examples in the lean text", e->name,
				         gl_node_get(rules->items[i], "id")->str);
			for (size_t k = 0; k < rules->items[i]->n / 2; k++) {
				const gl_node *key = rules->items[i]->items[2 * k];
				unsigned end = after_examples(root, rules, i, k);
				for (size_t l = key->line; strcmp(key->str, "examples") == 0 &&
				                           l < (end ? end : lines + 1); l++, ncut++)
					cut[l] = 1;
			}
		}
		assert_true(ncut > 0);
		size_t n, ln;
		assert_null(line_of(e->lean, lines + 1, &ln));
		for (size_t l = 1; l <= lines; l++) {
			const char *a = line_of(e->data, l, &n), *b = line_of(e->lean, l, &ln);
			assert_non_null(b);
			if (!cut[l] && (n != ln || memcmp(a, b, n) != 0))
				fail_msg("%s:%zu: the lean text has '%.*s', the whole '%.*s'", e->name, l,
				         (int)ln, b, (int)n, a);
		}
		free(cut);
		gl_doc *replayed;   /* what a check loads: the lean text's events, embedded */
		assert_int_equal(gl__doc_replay(&replayed, "p.yaml", e->lean, e->lean_len, &e->events,
		                                NULL), 0);
		char why[512];
		if (t_doc_differs(lean, replayed, why, sizeof why))
			fail_msg("%s: the embedded events give another tree: %s", e->name, why);
		assert_true(e->events.n > 1000);
		gl_doc_free(replayed);
		gl_doc_free(full);
		gl_doc_free(lean);
		gl__packset *ps[2] = {gl__packset_new(), gl__packset_new()};
		gl_err err;
		char name[64];
		snprintf(name, sizeof name, "%.*s", (int)strcspn(e->name, "."), e->name);
		for (int x = 0; x < 2; x++)
			if (gl__pack_load_builtin(ps[x], name, x, &err))
				fail_msg("%s", err.msg);
		assert_int_equal(gl__packset_nrules(ps[0]), gl__packset_nrules(ps[1]));
		for (size_t i = 0; i < gl__packset_nrules(ps[0]); i++) {
			const gl_rule *a = gl__packset_rule(ps[0], i), *b = gl__packset_rule(ps[1], i);
			assert_string_equal(a->id, b->id);
			assert_int_equal(a->npass + a->nfail, 0);
			assert_true(b->npass + b->nfail > 0);
		}
		gl__packset_free(ps[0]);
		gl__packset_free(ps[1]);
	}
}

/* R-1, a warning, escalated to error where `when` holds; its when as
 * gl_rule_escalate gives it (the rule must load). */
static void escalate_text(const char *when, char out[1100])
{
	gl__buf e = {0};
	gl__buf_printf(&e, "    escalate: {when: %s, to: error}\n", when);
	char *text = rule_pack("severity", "    severity: warning\n", e.p);
	gl_err err;
	gl__packset *ps = load("esc.yaml", text, &err);
	if (!ps)
		fail_msg("%s", err.msg);
	gl_severity to;
	snprintf(out, 1100, "%s", gl_rule_escalate(gl__packset_rule(ps, 0), &to));
	assert_int_equal(to, GL_SEV_ERROR);
	gl__packset_free(ps);
	free(text);
	gl__buf_free(&e);
}

/* escalate's `when` as one line of flow YAML, as explain and the rule
 * reference show it: quoted scalars stay quoted, a long text is cut. */
static void test_escalate_text(void **state)
{
	(void)state;
	char got[1100];
	escalate_text("{present: trial}", got);
	assert_string_equal(got, "{present: trial}");
	escalate_text("{any: [{present: \"x\"}, {equals: {path: x, values: ['it''s', 3]}}]}", got);
	assert_string_equal(got, "{any: [{present: 'x'}, {equals: {path: x, values: ['it''s', 3]}}]}");
	gl__buf w = {0};   /* one 100-byte item and ten aliases of it */
	gl__buf_printf(&w, "{all: [&c {present: '%0100d'}", 0);
	for (int i = 0; i < 10; i++)
		gl__buf_puts(&w, ", *c");
	gl__buf_puts(&w, "]}");
	escalate_text(w.p, got);
	assert_int_equal(strlen(got), 1004);
	assert_string_equal(got + 1000, " ...");
	assert_memory_equal(got, "{all: [{present: '0000", 22);
	gl__buf_free(&w);
	w = (gl__buf){0};   /* two-byte letters across the cut: never half of one */
	gl__buf_puts(&w, "{equals: {path: x, value: '");
	for (int i = 0; i < 600; i++)
		gl__buf_puts(&w, "\xC3\xA9");
	gl__buf_puts(&w, "'}}");
	escalate_text(w.p, got);
	assert_int_equal(strlen(got), 999 + 4);   /* 27 bytes + 486 letters, then " ..." */
	assert_string_equal(got + 999, " ...");
	gl__buf_free(&w);
	gl_rule r = {0};
	gl_severity sev;
	assert_null(gl_rule_escalate(&r, &sev));
}

/* Of the pack's status map, what can change a rule's findings: entries
 * from its severity or escalate's, in the pack's order, unless the rule's
 * own map lists the status. */
static void test_pack_status_map_per_rule(void **state)
{
	(void)state;
	static const char pack[] =
		"pack: p\n"
		"severity_by_status:\n"
		"  draft: {error: warning, info: warning}\n"
		"  review: {error: info}\n"
		"rules:\n"
		"  - {id: A, title: T, area: plan, severity: warning, rationale: R, help: H,\n"
		"     escalate: {when: {present: trial}, to: error}, require: {present: id}}\n"
		"  - {id: B, title: T, area: plan, severity: info, rationale: R, help: H,\n"
		"     require: {present: id}}\n"
		"  - {id: C, title: T, area: plan, severity: info, rationale: R, help: H,\n"
		"     severity_by_status: {review: error},\n"
		"     escalate: {when: {present: trial}, to: error}, require: {present: id}}\n";
	gl_err err;
	gl__packset *ps = load("p.yaml", pack, &err);
	assert_non_null(ps);
	static const struct {
		const char *rule, *status[3];
		gl_severity from[2], to[2];
	} want[] = {
		{"A", {"draft", "review", NULL}, {GL_SEV_ERROR, GL_SEV_ERROR}, {GL_SEV_WARNING, GL_SEV_INFO}},
		{"B", {"draft", NULL}, {GL_SEV_INFO}, {GL_SEV_WARNING}},
		{"C", {"draft", "draft", NULL}, {GL_SEV_ERROR, GL_SEV_INFO}, {GL_SEV_WARNING, GL_SEV_WARNING}},
	};
	for (size_t k = 0; k < sizeof want / sizeof *want; k++) {
		const gl_rule *r = gl__packset_find(ps, want[k].rule);
		gl_severity from, to;
		size_t i = 0;
		for (; want[k].status[i]; i++) {
			assert_string_equal(gl_rule_pack_status_severity(r, i, &from, &to), want[k].status[i]);
			assert_int_equal(from, want[k].from[i]);
			assert_int_equal(to, want[k].to[i]);
		}
		assert_null(gl_rule_pack_status_severity(r, i, &from, &to));
	}
	gl__packset_free(ps);
}

static void test_severity_names(void **state)
{
	(void)state;
	static const char *const sev[] = {"info", "warning", "error", "never"};
	for (int i = GL_SEV_INFO; i <= GL_SEV_NEVER; i++) {
		gl_severity s;
		assert_string_equal(gl_severity_name((gl_severity)i), sev[i]);
		assert_int_equal(gl_severity_parse(sev[i], &s), 0);
		assert_int_equal(s, i);
	}
	gl_severity s;
	assert_int_equal(gl_severity_parse("Error", &s), -1);
	assert_int_equal(gl_severity_parse("", &s), -1);
	assert_string_equal(gl_enforcement_name(GL_ENF_HARD), "hard");
	assert_string_equal(gl_enforcement_name(GL_ENF_SOFT), "soft");
	assert_string_equal(gl_enforcement_name(GL_ENF_ADVISORY), "advisory");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_valid),
		cmocka_unit_test(test_rule_errors),
		cmocka_unit_test(test_parent_paths_below_the_plan),
		cmocka_unit_test(test_missing_severity_is_located),
		cmocka_unit_test(test_header_errors),
		cmocka_unit_test(test_two_packs),
		cmocka_unit_test(test_except_ids),
		cmocka_unit_test(test_builtin),
		cmocka_unit_test(test_builtin_lean),
		cmocka_unit_test(test_escalate_text),
		cmocka_unit_test(test_pack_status_map_per_rule),
		cmocka_unit_test(test_severity_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
