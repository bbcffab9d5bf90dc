/* in: {path, values | vocab | paths}      every value at path is one of the set
 * not_in: {path, values | vocab | paths}  no value at path is one of the set
 * (absent values pass: presence is `present`'s job). */
#include "../internal.h"

#include <strings.h>

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

/* A set of at most this many members is named in full in a failure, and
 * searched for a member that differs from the value only in letter case. */
enum { SHOWN = 12 };

/* The detail of value t at m, not in the set: "status is 'Approved': write
 * 'approved'" when only the case differs, "status is 'ready', not one of:
 * draft, review, ..." for a short set, else "... not one of the allowed
 * values". */
static const char *not_member(const gl__match *m, const gl__lookup *l, gl__ectx *ec,
                              gl__fails *out, const char *t)
{
	const char *where = gl__ptext(out, ec, m->path);
	if (out->decide || gl__lookup_size(l) > SHOWN)
		return gl__detail(out, ec, "%s is '%s', not one of the allowed values", where, t);
	gl__buf list = {0};
	for (size_t i = 0; i < 2; i++)
		for (size_t k = 0; k < l->part[i].n; k++) {
			const char *v = l->part[i].v[k];
			if (strcasecmp(v, t) == 0) {
				gl__buf_free(&list);
				return gl__detail(out, ec, "%s is '%s': write '%s' (letter case counts)", where, t, v);
			}
			gl__buf_printf(&list, "%s%s", list.len ? ", " : "", v);
		}
	const char *d = list.oom ? NULL
	                         : gl__detail(out, ec, "%s is '%s', not one of: %s", where, t,
	                                      list.len ? list.p : "(none)");
	gl__buf_free(&list);
	return d;
}

static int one(const gl__match *m, const void *vr, gl__ectx *ec, gl__fails *out)
{
	const run *r = vr;
	if (!m->node || gl__is_null(m->node))
		return 0;
	const char *t = gl__value_text(m->node);
	if (!t)
		gl__fails_add_whole(out, m->node, m->path,
		                    gl__detail(out, ec, "%s must be a single value",
		                               gl__ptext(out, ec, m->path)));
	else if (gl__lookup_has(&r->set, t) == r->negate)
		gl__fails_add(out, m->node, m->path, t,
		              r->negate ? gl__detail(out, ec, "%s is '%s', which is not allowed",
		                                     gl__ptext(out, ec, m->path), t)
		                        : not_member(m, &r->set, ec, out, t));
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
