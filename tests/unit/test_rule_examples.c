/*
 * Every rule of every built-in pack ships at least one passing and one
 * failing example plan; this runs them all. A passing example must give no
 * finding of its rule, a failing one at least one. Rules are run alone, so
 * an example only needs the fields its rule reads. The waiver rule's
 * examples are waivers.yaml texts, with their roster in `people:`; the
 * plan-id rule's are lists of plans.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "internal.h"

#include <stdlib.h>
#include <string.h>

#define AS_OF "2026-12-01"

static size_t examples_run;

/* Findings of a `detects: waiver` rule on a waivers.yaml text, whose own
 * `people:` list, before `waivers:`, is the roster (and no part of the
 * waivers file, where it would be an unknown key): the file's and its
 * waivers' dates, not whether they match (the example has no plans). */
static long waiver_findings(const gl__packset *ps, const char *text, long today)
{
	gl_doc *doc;
	assert_int_equal(gl_doc_parse(&doc, "waivers.yaml", text, strlen(text), NULL), 0);
	gl__arena *a = gl__arena_new();
	const gl__roster *people = gl__roster_build(a, gl_node_get(gl_doc_root(doc), "people"), NULL);
	static const char *const roles[] = {"governance-chair"};
	const char *from = strstr(text, "waivers:");
	assert_non_null(from);
	gl__waiver_in in = {"waivers.yaml", from, strlen(from), NULL, ps, people, roles, 1, today};
	gl__plan_out out = {0};
	out.arena = gl__arena_new();
	gl__waivers *w = NULL;
	gl_err err = {{0}};
	long n = gl__waivers_load(&w, &in, &out, &err) < 0 ||
	         gl__waivers_expiry(w, &in, &out, NULL, NULL) < 0 ? -1 : (long)out.n;
	gl__waivers_free(w);
	free(out.v);
	gl__arena_free(out.arena);
	gl__arena_free(a);
	gl_doc_free(doc);
	return n;
}

/* Findings of a `detects: plan-id` rule on a list of plans (a repository's
 * plans, in file order). */
static long plan_id_findings(const gl__packset *ps, const char *text)
{
	gl_doc *doc;
	assert_int_equal(gl_doc_parse(&doc, "plans.yaml", text, strlen(text), NULL), 0);
	const gl_node *list = gl_doc_root(doc);
	assert_true(list && list->kind == GL_SEQ);
	gl__plan_out *outs = calloc(list->n + 1, sizeof *outs);
	assert_non_null(outs);
	gl__arena *a = gl__arena_new();
	for (size_t i = 0; i < list->n; i++) {
		const gl_node *id = gl_node_get(list->items[i], "id");
		outs[i].arena = a;
		outs[i].plan.file = gl__arena_printf(a, "plans/plan-%zu.yaml", i + 1);
		outs[i].plan.id = id ? id->str : outs[i].plan.file;
		outs[i].id_line = id ? id->line : 0;
		outs[i].id_col = id ? id->col : 0;
	}
	long n = gl__plan_ids(outs, list->n, NULL, 0, ps, NULL, NULL, NULL) < 0 ? -1 : 0;
	for (size_t i = 0; i < list->n; i++) {
		n += n >= 0 ? (long)outs[i].n : 0;
		free(outs[i].v);
	}
	free(outs);
	gl__arena_free(a);
	gl_doc_free(doc);
	return n;
}

/* Findings of rule `index` alone on `text`; -1 when evaluation failed. */
static long findings_of(const gl__packset *ps, size_t index, const char *text)
{
	size_t n = gl__packset_nrules(ps);
	unsigned char *skip = malloc(n);
	assert_non_null(skip);
	memset(skip, 1, n);
	skip[index] = 0;
	gl_doc *doc;
	assert_int_equal(gl_doc_parse(&doc, "example.yaml", text, strlen(text), NULL), 0);
	long today;
	int has_time;
	assert_int_equal(gl__parse_date(AS_OF, &today, &has_time), 0);
	const gl_rule *rule = gl__packset_rule(ps, index);
	if (rule->detects && strcmp(rule->detects, "waiver") == 0) {
		free(skip);
		gl_doc_free(doc);
		return waiver_findings(ps, text, today);
	}
	if (rule->detects && strcmp(rule->detects, "plan-id") == 0) {
		free(skip);
		gl_doc_free(doc);
		return plan_id_findings(ps, text);
	}
	gl__plan_out out = {0};
	out.arena = gl__arena_new();
	gl__plan_in in = {"example.yaml", doc, NULL, ps, skip, NULL, today};
	gl_err err = {{0}};
	long count = gl__eval_plan(&in, &out, &err) < 0 ? -1 : 0;
	for (size_t i = 0; count >= 0 && i < out.n; i++)
		count += out.v[i].rule == rule;
	if (count < 0)
		print_error("%s: %s\n", rule->id, err.msg);
	free(out.v);
	gl__arena_free(out.arena);
	gl_doc_free(doc);
	free(skip);
	return count;
}

static void check_rule(const gl__packset *ps, size_t index)
{
	const gl_rule *r = gl__packset_rule(ps, index);
	if (r->provenance && r->nfail == 0)   /* needs git history: tests/git/provenance.sh */
		print_message("%s: failing cases need git history; tests/git/provenance.sh has them\n",
		              r->id);
	else if (r->npass == 0 || r->nfail == 0)
		fail_msg("%s has %zu passing and %zu failing examples; it needs at least one of each",
		         r->id, r->npass, r->nfail);
	for (size_t i = 0; i < r->npass; i++, examples_run++) {
		long n = findings_of(ps, index, r->pass[i]);
		if (n != 0)
			fail_msg("%s: passing example %zu gives %ld findings", r->id, i + 1, n);
	}
	for (size_t i = 0; i < r->nfail; i++, examples_run++) {
		long n = findings_of(ps, index, r->fail[i]);
		if (n < 1)
			fail_msg("%s: failing example %zu gives no finding", r->id, i + 1);
	}
}

static void builtin_examples(void **state)
{
	(void)state;
	for (const char *const *name = gl_builtin_packs(); *name; name++) {
		gl__packset *ps = gl__packset_new();
		gl_err err = {{0}};
		if (gl__pack_load_builtin(ps, *name, 1, &err) != 0)
			fail_msg("%s", err.msg);
		for (size_t i = 0; i < gl__packset_nrules(ps); i++)
			check_rule(ps, i);
		print_message("pack %s: %zu rules, %zu examples run\n", *name,
		              gl__packset_nrules(ps), examples_run);
		gl__packset_free(ps);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(builtin_examples),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
