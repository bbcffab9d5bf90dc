/*
 * libFuzzer target: waivers.yaml (gl__waivers_load) with a tiny fixed
 * roster and the built-in pack; valid waivers are then applied to a few
 * findings and the expired, expiring and unused ones reported, as a run
 * does.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const fuzz_env *env = fuzz_env_get();
	static const char *const roles[] = {"governance-chair"};
	const gl_limits lim = {1u << 20, 32, 20000, 80000, 4096};
	gl__waiver_in in = {"waivers.yaml", (const char *)data, size, &lim, env->packs,
	                    env->roster, roles, 1, FUZZ_TODAY};
	gl__plan_out out = {0};
	out.arena = gl__arena_new();
	gl__waivers *w = NULL;
	gl_err err = {{0}};
	if (out.arena && gl__waivers_load(&w, &in, &out, &err) == 0 && w) {
		/* findings of three rules on two plans, at a few paths (one by
		 * identity too), each noted as it is made, as a run does */
		static const char *const ids[] = {"GOV-WFL-003", "GOV-SEC-006", "GOV-CON-003",
		                                  "GOV-WFL-003"};
		static const char *const plans[] = {"clean-plan", "other"};
		static const char *const where[] = {"", "workflow.training[0]", "workflow",
		                                    "monitoring.metrics[1].owner"};
		static const char *const identity[] = {"", "workflow.training[0]", "workflow",
		                                       "monitoring.metrics[id=\"MON-1\"].owner"};
		gl__plan_out plan = {0};
		if (!(plan.arena = gl__arena_new()))
			abort();
		for (size_t i = 0; i < 4; i++) {
			const gl_rule *r = gl__packset_find(env->packs, ids[i]);
			if (!r)
				abort();
			gl_finding f = {0};
			f.rule = r;
			f.plan = (char *)plans[i % 2];
			f.path = (char *)where[i];
			if (gl__waivers_note(w, &plan, &f, identity[i]))
				abort();
			gl__waivers_apply(w, &plan, &f);
			if (f.waived && (!f.waived->reason || !f.waived->approved_by || !f.waived->expires))
				abort();
		}
		(void)gl__waivers_expiry(w, &in, &out, NULL, NULL);
		(void)gl__waivers_unused(w, &in, &out, NULL, NULL);
		gl__arena_free(plan.arena);
		gl__findings_tidy(&out);
		(void)fuzz_touch_findings(&out);
	}
	gl__waivers_free(w);
	fuzz_out_free(&out);
	return 0;
}
