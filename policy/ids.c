/*
 * A plan's id is unique in the repository (SPEC 1.2): waivers, baselines,
 * approvals and reports name a plan by it. Plans are checked one by one,
 * so this is settled after all of them: every checked plan whose id
 * another plan of the repository also holds gets a finding of the rule
 * that `detects: plan-id`, at its id, naming the other plan (the first in
 * file order) and how many more there are. Neither plan is more right
 * than the other, and a check of some plans (a PATH, --since, the
 * pre-commit hook, --shard) compares them with the ids of the plans it
 * does not check, so the shards of a repository together report what one
 * whole check does.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct holder {
	const char *id, *file;
	gl__plan_out *po;   /* NULL: a plan the run does not check */
} holder;

static int by_id_then_file(const void *x, const void *y)
{
	const holder *a = x, *b = y;
	int c = strcmp(a->id, b->id);
	return c ? c : strcmp(a->file, b->file);
}

static int report(gl__plan_out *po, const char *other, size_t more, const gl_rule *r,
                  gl__doc_fn doc_of, void *ctx)
{
	char msg[512], and[48] = "";
	if (more)
		snprintf(and, sizeof and, " and %zu more plan%s", more, more == 1 ? "" : "s");
	snprintf(msg, sizeof msg, "plan id '%s' is also the id of %s%s: give each plan its own id",
	         po->plan.id, other, and);
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

/* Reports each checked plan of v[0..n), one id's holders sorted by file. */
static int report_group(holder *v, size_t n, const gl_rule *r, gl__doc_fn doc_of, void *ctx)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].po && report(v[i].po, v[i ? 0 : 1].file, n - 2, r, doc_of, ctx))
			return -1;
	return 0;
}

int gl__plan_ids(gl__plan_out *outs, size_t n, const gl__other_id *others, size_t nothers,
                 const gl__packset *ps, gl__doc_fn doc_of, void *ctx)
{
	holder *v = malloc((n + nothers + 1) * sizeof *v);
	if (!v)
		return -1;
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (outs[i].id_line)   /* a plan with an id of its own */
			v[m++] = (holder){outs[i].plan.id, outs[i].plan.file, &outs[i]};
	for (size_t i = 0; i < nothers; i++)
		v[m++] = (holder){others[i].id, others[i].file, NULL};
	qsort(v, m, sizeof *v, by_id_then_file);
	const gl_rule *r = gl__detector(ps, "plan-id");
	int rc = 0;
	for (size_t i = 0, end; rc == 0 && i < m; i = end) {
		for (end = i + 1; end < m && strcmp(v[end].id, v[i].id) == 0; end++)
			;
		if (end - i > 1)
			rc = report_group(v + i, end - i, r, doc_of, ctx);
	}
	free(v);
	return rc;
}
