/*
 * libFuzzer target: rule packs (gl__pack_load). A pack that loads is then
 * run on a small fixed plan, so compiled paths, conditions, predicates and
 * patterns from fuzzed text are evaluated too.
 */
#include "fuzz_common.h"

static const char plan_yaml[] =
	"id: fuzz-plan\n"
	"title: A small plan\n"
	"status: draft\n"
	"owner: omar.ali\n"
	"go_live: 2027-01-15\n"
	"stakeholders:\n"
	"  - group: radiology\n"
	"    representatives: [omar.ali]\n"
	"concerns:\n"
	"  - id: C1\n"
	"    raised_by: omar.ali\n"
	"    text: \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\"\n"
	"    sign_off: {by: robert.hughes, date: 2026-10-01, role: governance-chair}\n"
	"  - {id: C2, raised_by: nobody, severity: high, tags: [x, y, x]}\n"
	"approvals:\n"
	"  - {by: helen.park, role: security-officer, date: 2026-11-01}\n"
	"numbers: [1, 2.5, -3, 1e3, .inf, 0x1f]\n"
	"flags: {a: true, b: no, c: null}\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const fuzz_env *env = fuzz_env_get();
	gl__packset *ps = gl__packset_new();
	if (!ps)
		return 0;
	gl_err err = {{0}};
	if (gl__pack_load(ps, "fuzz-pack.yaml", (const char *)data, size, &err) == 0 &&
	    gl__packset_nrules(ps)) {
		gl_doc *doc = NULL;
		if (gl_doc_parse(&doc, "plans/fuzz.yaml", plan_yaml, sizeof plan_yaml - 1, NULL) == 0) {
			gl__plan_out out = {0};
			out.arena = gl__arena_new();
			gl__plan_in in = {"plans/fuzz.yaml", doc, env->roster, ps, NULL, NULL, FUZZ_TODAY};
			gl_err e = {{0}};
			if (out.arena && gl__eval_plan(&in, &out, &e) == 0)
				(void)fuzz_touch_findings(&out);
			fuzz_out_free(&out);
		}
		gl_doc_free(doc);
		for (size_t i = 0; i < gl__packset_nrules(ps); i++) {
			const gl_rule *r = gl__packset_rule(ps, i);
			(void)gl_rule_source(r, "S1");
			(void)gl_rule_example(r, "pass", 0);
		}
	}
	if (strlen(err.msg) >= sizeof err.msg)
		abort();
	gl__packset_free(ps);
	return 0;
}
