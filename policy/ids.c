/*
 * A plan's id is unique in the repository (SPEC 1.2): waivers, baselines,
 * approvals and reports name a plan by it. Plans are checked one by one,
 * so this is settled after all of them: every checked plan whose id
 * another plan of the repository also holds gets a finding of the rule
 * that `detects: plan-id`, at its id, naming the other plan (the first in
 * file order) and how many more there are. Neither plan is more right
 * than the other, and a check of some plans (a PATH, --since, the
 * pre-commit hook, --shard) compares them with the ids of the plans it
 * does not check, read from the top of each file (gl__doc_top_scalar), so
 * the shards of a repository together report what one whole check does
 * for every id written once as a scalar: an id reached through an alias or
 * a merge key is not seen there, and the first of two `id` keys is (the
 * loader keeps the last); a file that breaks after its id, or holds a
 * second document, has none in a whole check. Each of these files gets a
 * GOV-YAML finding of its own when it is checked.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

static int by_id_then_file(const char *ida, const char *fa, const char *idb, const char *fb)
{
	int c = strcmp(ida, idb);
	return c ? c : strcmp(fa, fb);
}

static int outs_order(const void *x, const void *y)
{
	const gl__plan_out *a = *(gl__plan_out *const *)x, *b = *(gl__plan_out *const *)y;
	return by_id_then_file(a->plan.id, a->plan.file, b->plan.id, b->plan.file);
}

static int others_order(const void *x, const void *y)
{
	const gl__other_id *a = x, *b = y;
	return by_id_then_file(a->id, a->file, b->id, b->file);
}

typedef struct hooks {
	const gl_rule *rule;
	gl__doc_fn doc_of;
	gl__sev_fn sev_of;
	void *ctx;
} hooks;

static int report(gl__plan_out *po, const char *other, size_t more, const hooks *h)
{
	int sev = h->sev_of ? h->sev_of(h->ctx, po, h->rule) : (int)h->rule->severity;
	if (sev < 0)
		return 0;   /* disabled for this plan by the config */
	char msg[512], and[48] = "";
	if (more)
		snprintf(and, sizeof and, " and %zu more plan%s", more, more == 1 ? "" : "s");
	snprintf(msg, sizeof msg, "plan id '%s' is also the id of %s%s: give each plan its own id",
	         po->plan.id, other, and);
	gl__finding_at at = {po->plan.id, po->plan.file, po->id_line, po->id_col, "id"};
	gl_doc *doc = h->doc_of ? h->doc_of(h->ctx, po) : NULL;
	gl_finding *f = gl__add_finding(po, h->rule, (gl_severity)sev, &at, po->plan.id, msg,
	                                po->plan.owner, doc);
	gl_doc_free(doc);
	if (!f)
		return -1;
	gl__findings_tidy(po);
	po->plan.nfindings = po->n;
	return 0;
}

/* The unchecked plans holding `id`: *n of them from the first, in file order. */
static const gl__other_id *others_with(const gl__other_id *o, size_t n_o, const char *id,
                                       size_t *n)
{
	*n = 0;
	if (!n_o)
		return o;   /* none unchecked (o may be NULL) */
	size_t lo = 0, hi = n_o;
	while (lo < hi) {   /* the first at or after id */
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(o[mid].id, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (*n = 0; lo + *n < n_o && strcmp(o[lo + *n].id, id) == 0; (*n)++)
		;
	return o + lo;
}

/* Reports the checked plans v[0..n), which share one id, against each
 * other and the k unchecked plans o[0..k) holding it. */
static int report_group(gl__plan_out **v, size_t n, const gl__other_id *o, size_t k,
                        const hooks *h)
{
	for (size_t i = 0; i < n; i++) {
		const char *first = i ? v[0]->plan.file : n > 1 ? v[1]->plan.file : NULL;
		if (k && (!first || strcmp(o[0].file, first) < 0))
			first = o[0].file;
		if (report(v[i], first, n + k - 2, h))
			return -1;
	}
	return 0;
}

int gl__other_has_id(const gl__other_id *others, size_t nothers, const char *id)
{
	size_t n;
	others_with(others, nothers, id, &n);
	return n > 0;
}

int gl__plan_ids(gl__plan_out *outs, size_t n, gl__other_id *others, size_t nothers,
                 const gl__packset *ps, gl__doc_fn doc_of, gl__sev_fn sev_of, void *ctx)
{
	gl__plan_out **v = malloc((n + 1) * sizeof *v);
	if (!v)
		return -1;
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (outs[i].id_line)   /* a plan with an id of its own */
			v[m++] = &outs[i];
	qsort(v, m, sizeof *v, outs_order);
	if (nothers)
		qsort(others, nothers, sizeof *others, others_order);
	const hooks h = {gl__detector(ps, "plan-id"), doc_of, sev_of, ctx};
	int rc = 0;
	for (size_t i = 0, end; rc == 0 && i < m; i = end) {
		for (end = i + 1; end < m && strcmp(v[end]->plan.id, v[i]->plan.id) == 0; end++)
			;
		size_t k;
		const gl__other_id *o = others_with(others, nothers, v[i]->plan.id, &k);
		if (end - i + k > 1)
			rc = report_group(v + i, end - i, o, k, &h);
	}
	free(v);
	return rc;
}
