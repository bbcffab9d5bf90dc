/* equals: {path, value | values | to}   the field exists and equals the
 * value (one of values; or the value at path `to`). Unlike `in`, an absent
 * field fails, which makes `equals` the filter for `where` and `when`. */
#include "../internal.h"

#include <string.h>

typedef struct args {
	gl__path *path;
	gl__set set;   /* values, or paths via `to` */
} args;

typedef struct run {
	gl__lookup set;
} run;

static int compile(void **out, const gl_node *spec, gl__pctx *pc)
{
	static const char *const keys[] = {"path", "value", "values", "to", NULL};
	args *a = gl__arg_alloc(pc, spec, sizeof *a);
	if (!a || gl__arg_check_keys(pc, spec, keys) || !(a->path = gl__arg_path(pc, spec, "path", 1)))
		return -1;
	const gl_node *value = gl_node_get(spec, "value");
	const gl_node *values = gl_node_get(spec, "values");
	const gl_node *to = gl_node_get(spec, "to");
	if ((value != NULL) + (values != NULL) + (to != NULL) != 1)
		return gl__arg_fail(pc, spec, "equals needs exactly one of value, values, to");
	if (values && gl__arg_set(pc, spec, &a->set, 1))
		return -1;
	if (value) {
		const char *t = gl__value_text(value);
		if (!t)
			return gl__arg_fail(pc, value, "'value' must be a scalar");
		a->set.values = gl__arg_alloc(pc, value, sizeof *a->set.values);
		if (!a->set.values)
			return -1;
		a->set.values[0] = t;
		a->set.nvalues = 1;
		if (gl__arg_set_fix(pc, spec, &a->set))
			return -1;
	}
	if (to && !(a->set.paths = gl__arg_paths(pc, to)))
		return -1;
	*out = a;
	return 0;
}

static int one(const gl__match *m, const void *vr, gl__ectx *ec, gl__fails *out)
{
	const run *r = vr;
	const char *t = m->node ? gl__value_text(m->node) : NULL;
	if (t && gl__lookup_has(&r->set, t))
		return 0;
	const char *want = gl__lookup_size(&r->set) == 1 ? gl__lookup_first(&r->set)
	                                                  : "one of the expected values";
	const char *where = gl__ptext(out, ec, m->path);
	const char *d = t ? gl__detail(out, ec, "%s is '%s', not %s", where, t, want)
	                  : gl__detail(out, ec, "%s is not %s", where, want);
	if (!t && m->node)   /* a list, a mapping or null */
		gl__fails_add_whole(out, m->node, m->path, d);
	else
		gl__fails_add(out, m->node ? m->node : m->loc, m->path, t, d);
	return 0;
}

static int eval(const void *vargs, gl__ectx *ec, const gl__subject *s, gl__fails *out)
{
	const args *a = vargs;
	run r;
	if (gl__lookup_set(&r.set, ec, &a->set, s))
		return -1;
	gl__matches m = {0};
	gl__path_eval(a->path, ec, s, &m);
	int empty = m.n == 0, oom = m.oom;
	gl__matches_free(&m);
	if (oom)
		return gl__err_set(ec->err, "out of memory"), -1;
	if (empty) {   /* nothing reached at all: the value is not there */
		gl__fails_add(out, s->node, s->path, NULL,
		              gl__detail(out, ec, "%s is absent", gl__path_src(a->path)));
		return 0;
	}
	return gl__each_match(a->path, &r, ec, s, one, out);
}

const gl__check gl__check_equals = {"equals", "the field exists and equals a value",
                                    compile, eval};
