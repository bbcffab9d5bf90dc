/* junit: JUnit XML as Jenkins (xUnit, junit-10.xsd) and GitLab read it.
 * A testsuite per plan, a testcase per active rule, a failure per gap;
 * waived gaps, with their waivers, in the testcase's system-out.
 * No timestamps or durations: the output depends on the input and
 * --as-of only. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

static void attr(gl__buf *b, const char *name, const char *value)
{
	gl__buf_printf(b, " %s=\"", name);
	gl__xml_str(b, value);
	gl__buf_putc(b, '"');
}

typedef struct suite {
	const gl_run *run;
	const gl_plan *plan;
	size_t first;            /* its first finding */
	int skip;                /* rules not evaluated */
	int waivers_file;        /* waivers.yaml, not a plan */
	size_t failures, skipped;
	gl__arena *arena;        /* for waiver texts */
} suite;

/* The plan's findings of rule r: not waived (failures), or waived. */
static size_t count_of(const suite *s, const gl_rule *r, int waived)
{
	size_t n = 0;
	for (size_t i = s->first; i < s->first + s->plan->nfindings; i++) {
		const gl_finding *f = gl_run_finding(s->run, i);
		n += f->rule == r && !f->waived == !waived;
	}
	return n;
}

/* Whether r is a testcase of the suite: every rule is of a plan's; of the
 * waivers file, only those that read it (YAML validity, duplicate keys,
 * the waivers' own rule) and any that found something in it. */
static int applies(const suite *s, const gl_rule *r)
{
	return !s->waivers_file || gl__rule_reads_waivers(r) ||
	       count_of(s, r, 0) + count_of(s, r, 1) > 0;
}

/* Why a testcase without failures is skipped, if it is. */
typedef enum { RAN, NOT_EVALUATED, DISABLED, WAIVED } outcome;

static outcome outcome_of(const suite *s, const gl_rule *r, size_t failures, size_t waived)
{
	if (failures)
		return RAN;
	if (s->skip)
		return NOT_EVALUATED;
	if (gl__rule_off_for(s->run, r, s->plan->file))
		return DISABLED;
	return waived ? WAIVED : RAN;
}

/* A gap as a failure's text shows it: where, what, rule, owner, path. */
static void gap_text(gl__buf *b, const gl_run *run, const gl_finding *f)
{
	gl__xml_str(b, f->file);
	gl__buf_printf(b, ":%u:%u: ", f->line, f->col);
	gl__xml_str(b, f->message);
	gl__buf_puts(b, "\nrule: ");
	gl__xml_str(b, gl_rule_id(f->rule));
	gl__buf_printf(b, " (%s, %s, %s)\nowner: ", gl_severity_name(f->severity),
	               gl_enforcement_name(gl_rule_enforcement(f->rule)),
	               f->waived ? "waived" : gl_finding_blocks(run, f) ? "blocking" : "not blocking");
	gl__xml_str(b, f->owner ? f->owner : "(none)");
	gl__buf_puts(b, "\npath: ");
	gl__xml_str(b, f->path && *f->path ? f->path : "(the plan)");
}

static void failure(gl__buf *b, const gl_run *run, const gl_finding *f)
{
	gl__buf_puts(b, "      <failure");
	attr(b, "message", f->message);
	attr(b, "type", gl_severity_name(f->severity));
	gl__buf_putc(b, '>');
	gap_text(b, run, f);
	gl__buf_puts(b, "</failure>\n");
}

/* "N gaps waived (see FILE)", FILE the waivers file the config names. */
static void waived_count(gl__buf *b, const gl_run *run, size_t n)
{
	gl__buf_printf(b, "%zu gap%s waived (see ", n, n == 1 ? "" : "s");
	gl__xml_str(b, gl__run_waivers_file(run));
	gl__buf_putc(b, ')');
}

/* The waived gaps of rule r, each as a failure shows a gap, then its
 * waiver: until when, by whom, why. */
static void waived_gaps(gl__buf *b, const suite *s, const gl_rule *r, size_t n)
{
	gl__buf_puts(b, "      <system-out>");
	waived_count(b, s->run, n);
	gl__buf_putc(b, ':');
	for (size_t i = s->first; i < s->first + s->plan->nfindings; i++) {
		const gl_finding *f = gl_run_finding(s->run, i);
		if (f->rule != r || !f->waived)
			continue;
		gl__buf_puts(b, "\n\n");
		gap_text(b, s->run, f);
		gl__buf_putc(b, '\n');
		char *why = gl__waiver_text(s->arena, f->waived);
		gl__xml_str(b, why ? why : "waived");
		b->oom |= !why;
	}
	gl__buf_puts(b, "</system-out>\n");
}

static void testcase(gl__buf *b, suite *s, const gl_rule *r)
{
	gl__buf_puts(b, "    <testcase");
	gl__buf name = {0};
	gl__buf_printf(&name, "%s: %s", gl_rule_id(r), gl_rule_title(r) ? gl_rule_title(r) : "");
	attr(b, "name", name.oom ? gl_rule_id(r) : name.p);
	gl__buf_free(&name);
	attr(b, "classname", s->plan->id);
	size_t n = count_of(s, r, 0), waived = count_of(s, r, 1);
	outcome o = outcome_of(s, r, n, waived);
	if (!n && !waived && o == RAN) {
		gl__buf_puts(b, "/>\n");
		return;
	}
	gl__buf_puts(b, ">\n");
	if (o == NOT_EVALUATED)
		gl__buf_puts(b, "      <skipped message=\"not evaluated: the file is not a valid plan\"/>\n");
	else if (o == DISABLED)
		gl__buf_puts(b, "      <skipped message=\"disabled by the config for this file\"/>\n");
	else if (o == WAIVED) {
		gl__buf_puts(b, "      <skipped message=\"");
		waived_count(b, s->run, waived);
		gl__buf_puts(b, "\"/>\n");
	}
	for (size_t i = s->first; i < s->first + s->plan->nfindings; i++)
		if (gl_run_finding(s->run, i)->rule == r && !gl_run_finding(s->run, i)->waived)
			failure(b, s->run, gl_run_finding(s->run, i));
	if (waived)
		waived_gaps(b, s, r, waived);
	gl__buf_puts(b, "    </testcase>\n");
}

static void property(gl__buf *b, const char *name, const char *value)
{
	if (!value)
		return;
	gl__buf_printf(b, "      <property name=\"%s\"", name);
	attr(b, "value", value);
	gl__buf_puts(b, "/>\n");
}

/* The plan id, with the file when another plan has it too: Jenkins merges
 * testsuites of the same name, the two plans' gaps with them. */
static void suite_name(gl__buf *b, const suite *s)
{
	if (!gl__run_id_shared(s->run, s->plan->id)) {
		attr(b, "name", s->plan->id);
		return;
	}
	gl__buf_puts(b, " name=\"");
	gl__xml_str(b, s->plan->id);
	gl__buf_puts(b, " (");
	gl__xml_str(b, s->plan->file);
	gl__buf_puts(b, ")\"");
}

static void suite_open(gl__buf *b, const suite *s, size_t tests)
{
	gl__buf_puts(b, "  <testsuite");
	suite_name(b, s);
	gl__buf_printf(b, " tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\"", tests,
	               s->failures, s->skipped);
	attr(b, "file", s->plan->file);
	gl__buf_puts(b, ">\n    <properties>\n");
	property(b, "title", s->plan->title);
	property(b, "status", s->plan->status);
	property(b, "owner", s->plan->owner);
	property(b, "as-of", gl_run_as_of(s->run));
	property(b, "fail-on", gl_severity_name(gl_run_fail_on(s->run)));
	if (gl_run_since(s->run))   /* a partial run: which plans it chose */
		property(b, "since", gl_run_since(s->run));
	unsigned k, of;
	if (gl_run_shard(s->run, &k, &of)) {
		char shard[32];
		snprintf(shard, sizeof shard, "%u/%u", k, of);
		property(b, "shard", shard);
	}
	const char *rev;
	size_t fresh, known, gone;
	if (gl_run_baseline(s->run, &rev, &fresh, &known, &gone)) {   /* failures: new gaps only */
		char n[32];
		snprintf(n, sizeof n, "%zu", known);
		property(b, "baseline", rev);
		property(b, "baseline-not-shown", n);
	}
	gl__buf_puts(b, "    </properties>\n");
}

/* Writes the suite; returns its number of testcases. */
static size_t testsuite(gl__buf *b, suite *s, const gl_rule *const *rules, size_t nrules)
{
	s->skip = gl__plan_unreadable(s->run, s->first, s->plan->nfindings);
	size_t tests = 0;
	for (size_t i = 0; i < nrules; i++) {
		if (!applies(s, rules[i]))
			continue;
		size_t n = count_of(s, rules[i], 0);
		s->failures += n > 0;
		s->skipped += outcome_of(s, rules[i], n, count_of(s, rules[i], 1)) != RAN;
		tests++;
	}
	suite_open(b, s, tests);
	for (size_t i = 0; i < nrules; i++)
		if (applies(s, rules[i]))
			testcase(b, s, rules[i]);
	gl__buf_puts(b, "  </testsuite>\n");
	return tests;
}

int gl__report_junit(const gl_run *run, const gl_report_opts *o, gl__buf *b)
{
	GL__UNUSED(o);
	const gl_rule **rules;
	long nrules = gl__report_rules(run, &rules);
	if (nrules < 0)
		return GL_ENOMEM;
	gl__arena *arena = gl__arena_new();
	if (!arena)
		return free(rules), GL_ENOMEM;
	gl__buf body = {0};
	size_t tests = 0, failures = 0, first = 0;
	gl__summary sum;
	gl__run_summary(run, &sum);   /* the plans come first, then waivers.yaml */
	for (size_t p = 0; p < gl_run_nplans(run); p++) {
		suite s = {.run = run, .plan = gl_run_plan(run, p), .first = first,
		           .waivers_file = p >= sum.plans, .arena = arena};
		tests += testsuite(&body, &s, rules, (size_t)nrules);
		first += s.plan->nfindings;
		failures += s.failures;
	}
	gl__buf_printf(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	               "<testsuites name=\"govlint\" tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n",
	               tests, failures);
	if (body.len)
		gl__buf_put(b, body.p, body.len);
	gl__buf_puts(b, "</testsuites>\n");
	if (body.oom)
		b->oom = 1;
	gl__buf_free(&body);
	gl__arena_free(arena);
	free(rules);
	return 0;
}
