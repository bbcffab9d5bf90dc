/*
 * libFuzzer target, end to end: the input is a plan, checked by the
 * built-in clinical-imaging pack (gl__eval_plan) with a fixed roster, with
 * the default limits a run uses.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const fuzz_env *env = fuzz_env_get();
	gl_doc *doc = NULL;
	if (gl_doc_parse(&doc, "plans/fuzz.yaml", (const char *)data, size, NULL) < 0)
		return 0;
	gl__plan_out out = {0};
	out.arena = gl__arena_new();
	gl__plan_in in = {"plans/fuzz.yaml", doc, env->roster, env->packs, NULL, NULL, FUZZ_TODAY};
	gl_err err = {{0}};
	if (out.arena) {
		if (gl__eval_plan(&in, &out, &err) == 0)
			(void)fuzz_touch_findings(&out);
		else if (!err.msg[0])
			abort();   /* an error always says what is wrong */
	}
	fuzz_out_free(&out);
	gl_doc_free(doc);
	return 0;
}
