/* Rules on one plan (policy/eval.c): severities by each pack's own status,
 * message templates. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "internal.h"
#include "helpers.h"

typedef struct result {
	gl__plan_out out;
	gl_doc *doc;
} result;

/* Loads the packs (NULL-ended YAML texts, named p0.yaml, p1.yaml...) in order. */
static gl__packset *packs(const char *const *texts)
{
	gl__packset *ps = gl__packset_new();
	assert_non_null(ps);
	for (size_t i = 0; texts[i]; i++) {
		char file[32];
		gl_err err;
		snprintf(file, sizeof file, "p%zu.yaml", i);
		if (gl__pack_load(ps, file, texts[i], strlen(texts[i]), &err))
			fail_msg("%s", err.msg);
	}
	return ps;
}

static void run(result *r, const gl__packset *ps, const char *plan)
{
	memset(r, 0, sizeof *r);
	r->doc = t_parse(plan);
	assert_non_null(r->out.arena = gl__arena_new());
	gl__plan_in in = {"plan.yaml", r->doc, NULL, ps, NULL, NULL, t_day("2026-06-01")};
	gl_err err = {{0}};
	if (gl__eval_plan(&in, &r->out, &err))
		fail_msg("%s", err.msg);
}

static void done(result *r)
{
	free(r->out.v);
	gl__arena_free(r->out.arena);
	gl_doc_free(r->doc);
}

/* The finding of rule `id` (there must be exactly one). */
static const gl_finding *of(const result *r, const char *id)
{
	const gl_finding *f = NULL;
	for (size_t i = 0; i < r->out.n; i++)
		if (strcmp(gl_rule_id(r->out.v[i].rule), id) == 0) {
			assert_null(f);
			f = &r->out.v[i];
		}
	if (!f)
		fail_msg("no finding of %s", id);
	return f;
}

#define RULE(id, extra)                                                               \
	"  - {id: " id ", title: t, area: plan, severity: error, rationale: r, help: h, " \
	extra "require: {present: nothere}}\n"

static const char builtin_like[] = "pack: a\n"
                                   "severity_by_status: {draft: {error: warning}}\n"
                                   "rules:\n" RULE("A-1", "");
static const char local_state[] = "pack: b\n"
                                  "status_field: meta.state\n"
                                  "severity_by_status: {draft: {error: info}}\n"
                                  "rules:\n" RULE("B-1", "")
                                  RULE("B-2", "severity_by_status: {review: warning}, ");

static void expect(const gl__packset *ps, const char *plan, const char *status,
                   gl_severity a, gl_severity b1, gl_severity b2)
{
	result r;
	run(&r, ps, plan);
	assert_int_equal(of(&r, "A-1")->severity, a);
	assert_int_equal(of(&r, "B-1")->severity, b1);
	assert_int_equal(of(&r, "B-2")->severity, b2);
	assert_string_equal(r.out.plan.status, status);   /* as the first pack reads it */
	done(&r);
}

/* Each rule reads the status through its own pack's status_field (a path),
 * whichever pack comes first. */
static void test_status_per_pack(void **state)
{
	GL__UNUSED(state);
	static const char review_draft[] = "id: p\nstatus: review\nmeta: {state: draft}\n";
	static const char draft_review[] = "id: p\nstatus: draft\nmeta: {state: review}\n";
	const char *const ab[] = {builtin_like, local_state, NULL};
	const char *const ba[] = {local_state, builtin_like, NULL};
	gl__packset *ps = packs(ab);
	expect(ps, review_draft, "review", GL_SEV_ERROR, GL_SEV_INFO, GL_SEV_INFO);
	expect(ps, draft_review, "draft", GL_SEV_WARNING, GL_SEV_ERROR, GL_SEV_WARNING);
	gl__packset_free(ps);
	ps = packs(ba);
	expect(ps, review_draft, "draft", GL_SEV_ERROR, GL_SEV_INFO, GL_SEV_INFO);
	expect(ps, draft_review, "review", GL_SEV_WARNING, GL_SEV_ERROR, GL_SEV_WARNING);
	gl__packset_free(ps);
}

/* A rule may not take the id of a built-in stand-in detector while that
 * stand-in reports (no pack has the detects rule); it may once one does. */
static void test_detector_ids(void **state)
{
	GL__UNUSED(state);
	static const char dup[] = "pack: l\nrules:\n" RULE("GOV-YAML-002", "");
	static const char own[] = "pack: o\nrules:\n"
	                          "  - {id: L-DUP, title: t, area: plan, severity: error, "
	                          "rationale: r, help: h, detects: duplicate-key}\n";
	const char *const alone[] = {dup, NULL}, *const with_own[] = {own, dup, NULL};
	gl_err err;
	gl__packset *ps = packs(alone);
	assert_int_equal(gl__detector_ids(ps, &err), -1);
	assert_string_equal(err.msg, "p0.yaml:3:5: rule GOV-YAML-002: the id is already defined by "
	                    "the built-in rule reporting 'duplicate-key' (no pack has a "
	                    "'detects: duplicate-key' rule)");
	gl__packset_free(ps);
	ps = packs(with_own);
	assert_int_equal(gl__detector_ids(ps, &err), 0);
	assert_string_equal(gl__detector(ps, "duplicate-key")->id, "L-DUP");
	gl__packset_free(ps);
}

/* Of two packs' rules detecting one thing, the first in pack order
 * reports it; the other is shadowed (inactive: `rules` leaves it out),
 * whichever pack comes first. */
static void test_detector_shadows(void **state)
{
	GL__UNUSED(state);
	static const char a[] = "pack: a\nrules:\n"
	                        "  - {id: A-DUP, title: t, area: plan, severity: error, "
	                        "rationale: r, help: h, detects: duplicate-key}\n";
	static const char b[] = "pack: b\nrules:\n"
	                        "  - {id: B-DUP, title: t, area: plan, severity: error, "
	                        "rationale: r, help: h, detects: duplicate-key}\n" RULE("B-1", "");
	const char *const ab[] = {a, b, NULL}, *const ba[] = {b, a, NULL};
	const char *const *orders[] = {ab, ba};
	for (size_t i = 0; i < 2; i++) {
		gl__packset *ps = packs(orders[i]);
		gl__detector_shadows(ps);
		const gl_rule *first = gl__packset_find(ps, i ? "B-DUP" : "A-DUP");
		const gl_rule *later = gl__packset_find(ps, i ? "A-DUP" : "B-DUP");
		assert_ptr_equal(gl__detector(ps, "duplicate-key"), first);
		assert_null(gl_rule_shadowed_by(first));
		assert_true(gl_rule_active(first));
		assert_ptr_equal(gl_rule_shadowed_by(later), first);
		assert_false(gl_rule_active(later));
		assert_null(gl_rule_shadowed_by(gl__packset_find(ps, "B-1")));
		gl__packset_free(ps);
	}
}

/* The message of rule M-1, requiring `require`, on plan, from `tmpl`. */
static void message_of(const char *require, const char *tmpl, const char *plan, const char *want)
{
	char pack[512];
	snprintf(pack, sizeof pack, "pack: m\nrules:\n  - {id: M-1, title: t, area: plan, severity: "
	         "error, rationale: r, help: h, message: '%s', require: %s}\n", tmpl, require);
	const char *const texts[] = {pack, NULL};
	gl__packset *ps = packs(texts);
	result r;
	run(&r, ps, plan);
	assert_string_equal(of(&r, "M-1")->message, want);
	done(&r);
	gl__packset_free(ps);
}

/* The message of rule M-1 (a rule needing `nothere`) on plan, from the
 * template `tmpl`. */
static void message_is(const char *tmpl, const char *plan, const char *want)
{
	message_of("{present: nothere}", tmpl, plan, want);
}

/* Placeholders are names or paths compiled at load; a `{` whose text up
 * to the next `}` holds another `{`, or that has no `}`, is text. */
static void test_messages(void **state)
{
	GL__UNUSED(state);
	static const char plan[] = "id: p-1\nname: x\nlist: [a, b]\n";
	message_is("{rule} on {plan}: {detail} ({path}, {value})", plan,
	           "M-1 on p-1: nothere is missing (nothere, (none))");
	message_is("open { brace then {detail} and {id", plan,
	           "open { brace then nothere is missing and {id");
	message_is("{{name}} {list} {$.id} {nope} {}", plan, "{x} a, b p-1 (none) (a mapping)");
	static const char bad[] = "pack: m\nrules:\n" RULE("M-1", "message: 'typo {a..b}', ");
	gl__packset *ps = gl__packset_new();
	gl_err err;
	assert_int_equal(gl__pack_load(ps, "m.yaml", bad, strlen(bad), &err), -1);
	assert_string_equal(err.msg, "m.yaml:3:86: rule M-1: message: bad path 'a..b' at character 3: "
	                    "expected a field name");
	gl__packset_free(ps);
}

/* {value} of a node failing as a whole (a `not:`'s subject, a list where
 * one value is wanted) shows it as {field} would; {path} of the plan
 * itself names it. */
static void test_whole_values(void **state)
{
	GL__UNUSED(state);
	static const char plan[] = "id: p-1\nlist: [a, b]\nmap: {k: v}\nlists: [[a]]\n";
	message_of("{not: {present: id}}", "{value} at {path}", plan, "(a mapping) at the plan");
	message_of("{in: {path: list, values: [a]}}", "{value} at {path}", plan, "a, b at list");
	message_of("{in: {path: map, values: [a]}}", "{value}", plan, "(a mapping)");
	message_of("{in: {path: lists, values: [a]}}", "{value}", plan, "(a list)");
	message_of("{equals: {path: list, value: a}}", "{value}", plan, "a, b");
	message_of("{person: map}", "{value}: {detail}", plan, "(a mapping): map must be a person id");
	message_of("{equals: {path: nope, value: a}}", "{value} at {path}", plan,
	           "(none) at nope");   /* absent: nothing to show */
}

/* The owner of rule O-1's finding (owner: who) on plan, and the plan's. */
static void owners_are(const char *plan, const char *finding, const char *of_plan)
{
	static const char pack[] = "pack: o\nrules:\n" RULE("O-1", "owner: who, ");
	const char *const texts[] = {pack, NULL};
	gl__packset *ps = packs(texts);
	result r;
	run(&r, ps, plan);
	const gl_finding *f = of(&r, "O-1");
	if (finding)
		assert_string_equal(f->owner, finding);
	else
		assert_null(f->owner);
	if (of_plan)
		assert_string_equal(r.out.plan.owner, of_plan);
	else
		assert_null(r.out.plan.owner);
	done(&r);
	gl__packset_free(ps);
}

/* An owner is a scalar holding more than whitespace: an empty, blank or
 * null value, a mapping or a list names no one, so the rule's owner falls
 * back to the plan's, and that to none. */
static void test_owners(void **state)
{
	GL__UNUSED(state);
	owners_are("id: p\nowner: pat\nwho: ana\n", "ana", "pat");
	owners_are("id: p\nowner: pat\nwho: 12\n", "12", "pat");
	owners_are("id: p\nowner: pat\n", "pat", "pat");
	owners_are("id: p\nowner: pat\nwho: ''\n", "pat", "pat");
	owners_are("id: p\nowner: pat\nwho: '  '\n", "pat", "pat");
	owners_are("id: p\nowner: pat\nwho: ~\n", "pat", "pat");
	owners_are("id: p\nowner: pat\nwho: {name: ana}\n", "pat", "pat");
	owners_are("id: p\nowner: pat\nwho: [ana, bo]\n", "pat", "pat");
	owners_are("id: p\nowner: ''\nwho: ''\n", NULL, NULL);
	owners_are("id: p\nowner: {name: pat}\nwho: [ana]\n", NULL, NULL);
	owners_are("id: p\nowner: null\n", NULL, NULL);
}

/* How many findings rule G-1 (findings: {severity: error, max: MAX}) counts
 * on a plan where two conditions of L-1 report one gap: once, as every
 * report shows it. */
static void test_findings_counted_once(void **state)
{
	GL__UNUSED(state);
	static const char pack[] =
		"pack: f\nrules:\n"
		"  - {id: L-1, title: t, area: plan, severity: error, rationale: r, help: h,\n"
		"     for: 'concerns[*]', require: [{present: sign_off}, {nonempty: sign_off}]}\n"
		"  - {id: G-1, title: t, area: plan, severity: error, rationale: r, help: h,\n"
		"     require: {findings: {severity: error, max: 1}}}\n"
		"  - {id: G-0, title: t, area: plan, severity: error, rationale: r, help: h,\n"
		"     require: {findings: {severity: error, max: 0, except: [G-1]}}}\n";
	const char *const texts[] = {pack, NULL};
	gl__packset *ps = packs(texts);
	result r;
	run(&r, ps, "id: p\nconcerns:\n  - id: C-1\n");
	assert_int_equal(r.out.n, 2);   /* L-1's one gap, and G-0 */
	assert_string_equal(of(&r, "L-1")->message, "concerns[0].sign_off is missing");
	assert_string_equal(of(&r, "G-0")->message, "the plan has 1 error finding (first: L-1)");
	done(&r);
	gl__packset_free(ps);
}

/* A set read from the plan whatever the subject ($ paths) is gathered once
 * per rule and kept (policy/checks/args.c): each subject still gets its own
 * answer, two such sets of one rule stay apart, a set whose filter reads
 * the subject is gathered per subject, and the next rule starts afresh. */
static void test_plan_wide_sets(void **state)
{
	GL__UNUSED(state);
	static const char pack[] =
		"pack: s\nrules:\n"
		"  - {id: S-1, title: t, area: plan, severity: error, rationale: r, help: h,\n"
		"     for: 'items[*]', require: [{in: {path: id, paths: ['$.refs[*]']}},\n"
		"                                {in: {path: tag, paths: ['$.tags[*]']}}]}\n"
		"  - {id: S-2, title: t, area: plan, severity: error, rationale: r, help: h,\n"
		"     for: 'items[*]', require: {in: {path: id,\n"
		"                                     paths: ['$.groups[name=@group].members[*]']}}}\n"
		"  - {id: S-3, title: t, area: plan, severity: error, rationale: r, help: h,\n"
		"     for: 'items[*]', require: {not_in: {path: id, paths: ['$.refs[*]']}}}\n";
	const char *const texts[] = {pack, NULL};
	gl__packset *ps = packs(texts);
	result r;   /* refs: 18 of them, long enough to be sorted */
	run(&r, ps, "refs: [a, b, r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, r10, r11, r12, r13, r14, r15]\n"
	            "tags: [x, y]\n"
	            "groups: [{name: g1, members: [a]}, {name: g2, members: [b]}]\n"
	            "items:\n"
	            "  - {id: a, tag: x, group: g1}\n"
	            "  - {id: b, tag: z, group: g1}\n"
	            "  - {id: q, tag: y, group: g2}\n"
	            "  - {id: b, tag: y, group: g2}\n");
	static const char *const want[] = {   /* by line and column, then rule */
		"S-3 items[0].id", "S-2 items[1].id", "S-3 items[1].id", "S-1 items[1].tag",
		"S-1 items[2].id", "S-2 items[2].id", "S-3 items[3].id",
	};
	assert_int_equal(r.out.n, sizeof want / sizeof *want);
	for (size_t i = 0; i < r.out.n; i++) {
		char got[64];
		snprintf(got, sizeof got, "%s %s", gl_rule_id(r.out.v[i].rule), r.out.v[i].path);
		assert_string_equal(got, want[i]);
	}
	done(&r);
	gl__packset_free(ps);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_per_pack),
		cmocka_unit_test(test_detector_ids),
		cmocka_unit_test(test_detector_shadows),
		cmocka_unit_test(test_messages),
		cmocka_unit_test(test_owners),
		cmocka_unit_test(test_findings_counted_once),
		cmocka_unit_test(test_plan_wide_sets),
		cmocka_unit_test(test_whole_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
