/* findings: {severity: error, max: 0, except: [RULE-ID...]}
 * How many findings the plan already has at or above `severity` (after
 * severity by status), other rules' only, is at most `max`: counted as
 * reports show them, each once (eval.c tidies the list first). Advisory
 * findings and waived ones do not count: neither fails a run. A rule using it
 * runs after every rule that does not, so it sees their findings: this is
 * how "an approved plan has no error" is written. */
#include "../internal.h"

#include <string.h>

typedef struct args {
	gl_severity sev;
	long max;
	gl__set except;
} args;

/* except: [RULE-ID...], each looked up once every pack is loaded, so a
 * mistyped id is an error rather than a finding silently counted. */
static int read_except(gl__pctx *pc, args *a, const gl_node *except)
{
	if (except->kind != GL_SEQ)
		return gl__arg_fail(pc, except, "'except' is a list of rule ids");
	a->except.values = gl__arg_alloc(pc, except, (except->n + 1) * sizeof *a->except.values);
	if (!a->except.values)
		return -1;
	for (size_t i = 0; i < except->n; i++) {
		const gl_node *id = except->items[i];
		if (!(a->except.values[a->except.nvalues++] = gl__scalar_text(id)))
			return gl__arg_fail(pc, id, "a rule id is a name");
		if (gl__pack_refer(pc, id))
			return -1;
	}
	return 0;
}

static int compile(void **out, const gl_node *spec, gl__pctx *pc)
{
	static const char *const keys[] = {"severity", "max", "except", NULL};
	args *a = gl__arg_alloc(pc, spec, sizeof *a);
	if (!a || gl__arg_check_keys(pc, spec, keys))
		return -1;
	const char *sev;
	if (gl__arg_str(pc, spec, "severity", 1, &sev) || gl_severity_parse(sev, &a->sev) ||
	    a->sev == GL_SEV_NEVER)
		return gl__arg_fail(pc, spec, "'severity' is error, warning or info");
	const gl_node *max = gl_node_get(spec, "max");
	double d = 0;
	if (max && (gl__node_number(max, &d) || d < 0 || d != (long)d))
		return gl__arg_fail(pc, max, "'max' must be a whole number");
	a->max = (long)d;
	const gl_node *except = gl_node_get(spec, "except");
	if (except && read_except(pc, a, except))
		return -1;
	pc->late = 1;
	*out = a;
	return 0;
}

static int eval(const void *vargs, gl__ectx *ec, const gl__subject *s, gl__fails *out)
{
	const args *a = vargs;
	long n = 0;
	const char *first = NULL;
	for (size_t i = 0; ec->found && i < ec->found->n; i++) {
		const gl_finding *f = &ec->found->v[i];
		const char *id = gl_rule_id(f->rule);
		if (f->severity < a->sev || strcmp(id, ec->rule_id) == 0 ||
		    f->rule->enforcement == GL_ENF_ADVISORY ||
		    gl__set_has(a->except.values, a->except.nvalues, id) ||
		    gl__waivers_covers(ec->waivers, ec->found, f))
			continue;
		if (!first)
			first = id;
		n++;
	}
	if (n <= a->max)
		return 0;
	/* counted at or above sev: below error, "N warning findings" would hide the errors */
	int top = a->sev == GL_SEV_ERROR;
	gl__fails_add(out, s->node, s->path, NULL,   /* the count is no part of the gap's identity */
	              gl__detail(out, ec, "the plan has %ld %sfinding%s%s%s (first: %s)", n,
	                         top ? "error " : "", n == 1 ? "" : "s", top ? "" : " at or above ",
	                         top ? "" : gl_severity_name(a->sev), first));
	return 0;
}

const gl__check gl__check_findings = {"findings", "how many findings of other rules the plan has",
                                      compile, eval};
