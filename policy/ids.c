/*
 * A plan's id is unique in the repository (SPEC 1.2): waivers, baselines,
 * approvals and reports name a plan by it. Plans are checked one by one,
 * so this is settled after all of them: every plan but the first (in file
 * order) holding an id gets a finding of the rule that `detects: plan-id`,
 * at its id. Only the plans of the run are compared: a check of some plans
 * (a PATH, --since, --shard) sees only their ids.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

static int by_id_then_order(const void *x, const void *y)
{
	const gl__plan_out *a = *(gl__plan_out *const *)x, *b = *(gl__plan_out *const *)y;
	int c = strcmp(a->plan.id, b->plan.id);
	return c ? c : a < b ? -1 : a > b;
}

static int report(gl__plan_out *po, const gl__plan_out *first, const gl_rule *r,
                  gl__doc_fn doc_of, void *ctx)
{
	char msg[512];
	snprintf(msg, sizeof msg, "plan id '%s' is already the id of %s: give each plan its own id",
	         po->plan.id, first->plan.file);
	gl__finding_at at = {po->plan.id, po->plan.file, po->id_line, po->id_col, "id"};
	gl_doc *doc = doc_of ? doc_of(ctx, po) : NULL;
	gl_finding *f = gl__add_finding(po, r, r->severity, &at, po->plan.id, msg, po->plan.owner, doc);
	gl_doc_free(doc);
	if (!f)
		return -1;
	gl__findings_tidy(po);
	po->plan.nfindings = po->n;
	return 0;
}

int gl__plan_ids(gl__plan_out *outs, size_t n, const gl__packset *ps, gl__doc_fn doc_of, void *ctx)
{
	gl__plan_out **v = malloc((n + 1) * sizeof *v);
	if (!v)
		return -1;
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (outs[i].id_line)   /* a plan with an id of its own */
			v[m++] = &outs[i];
	qsort(v, m, sizeof *v, by_id_then_order);
	const gl_rule *r = gl__detector(ps, "plan-id");
	int rc = 0;
	for (size_t i = 1, first = 0; rc == 0 && i < m; i++) {
		if (strcmp(v[i]->plan.id, v[first]->plan.id) != 0)
			first = i;
		else
			rc = report(v[i], v[first], r, doc_of, ctx);
	}
	free(v);
	return rc;
}
