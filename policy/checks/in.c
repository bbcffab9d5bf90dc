/* in: {path, values | vocab | paths}      every value at path is one of the set
 * not_in: {path, values | vocab | paths}  no value at path is one of the set
 * (absent values pass: presence is `present`'s job). */
#include "../internal.h"

typedef struct args {
	gl__path *path;
	gl__set set;
	int negate;
} args;

typedef struct run {
	gl__lookup set;
	int negate;
} run;

static int compile(void **out, const gl_node *spec, gl__pctx *pc, int negate)
{
	static const char *const keys[] = {"path", "values", "vocab", "paths", NULL};
	args *a = gl__arg_alloc(pc, spec, sizeof *a);
	if (!a || gl__arg_check_keys(pc, spec, keys) ||
	    !(a->path = gl__arg_path(pc, spec, "path", 1)) || gl__arg_set(pc, spec, &a->set, 1))
		return -1;
	a->negate = negate;
	*out = a;
	return 0;
}

static int compile_in(void **out, const gl_node *spec, gl__pctx *pc)
{
	return compile(out, spec, pc, 0);
}

static int compile_not_in(void **out, const gl_node *spec, gl__pctx *pc)
{
	return compile(out, spec, pc, 1);
}

static int one(const gl__match *m, const void *vr, gl__ectx *ec, gl__fails *out)
{
	const run *r = vr;
	if (!m->node || gl__is_null(m->node))
		return 0;
	const char *t = gl__value_text(m->node);
	if (!t)
		gl__fails_add(out, m->node, m->path, NULL,
		              gl__detail(out, ec, "%s must be a single value", gl__ptext(out, ec, m->path)));
	else if (gl__lookup_has(&r->set, t) == r->negate)
		gl__fails_add(out, m->node, m->path, t,
		              gl__detail(out, ec, r->negate ? "%s is '%s', which is not allowed"
		                                                    : "%s is '%s', not one of the allowed values",
		                               gl__ptext(out, ec, m->path), t));
	return 0;
}

static int eval(const void *vargs, gl__ectx *ec, const gl__subject *s, gl__fails *out)
{
	const args *a = vargs;
	run r = {.negate = a->negate};
	if (gl__lookup_set(&r.set, ec, &a->set, s))
		return -1;
	return gl__each_match(a->path, &r, ec, s, one, out);
}

const gl__check gl__check_in = {"in", "every value is one of a set (values, vocab or paths)",
                                compile_in, eval};
const gl__check gl__check_not_in = {"not_in", "no value is one of a set (values, vocab or paths)",
                                    compile_not_in, eval};
