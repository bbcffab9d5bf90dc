/* count: {path, min, max, where}
 * The number of nodes path reaches (not null), optionally only those for
 * which the condition `where` holds (evaluated with each node as subject),
 * lies within [min, max]. The failure points at the subject. */
#include "../internal.h"

#include <stdlib.h>

typedef struct args {
	gl__path *path;
	gl__cond *where;
	long min, max;
} args;

static int bound(gl__pctx *pc, const gl_node *spec, const char *key, long *out)
{
	const gl_node *n = gl_node_get(spec, key);
	double d;
	if (!n)
		return 0;
	if (gl__node_number(n, &d) || d < 0 || d != (long)d)
		return gl__arg_fail(pc, n, "'%s' must be a whole number", key);
	*out = (long)d;
	return 0;
}

static int compile(void **out, const gl_node *spec, gl__pctx *pc)
{
	static const char *const keys[] = {"path", "min", "max", "where", NULL};
	args *a = gl__arg_alloc(pc, spec, sizeof *a);
	if (!a || gl__arg_check_keys(pc, spec, keys) || !(a->path = gl__arg_path(pc, spec, "path", 1)))
		return -1;
	a->min = 0;
	a->max = -1;
	if (bound(pc, spec, "min", &a->min) || bound(pc, spec, "max", &a->max))
		return -1;
	if (!gl_node_get(spec, "min") && !gl_node_get(spec, "max"))
		return gl__arg_fail(pc, spec, "count needs 'min' or 'max'");
	if (a->max >= 0 && a->min > a->max)   /* no count could satisfy it */
		return gl__arg_fail(pc, gl_node_get(spec, "max"), "'max' (%ld) is below 'min' (%ld)",
		                    a->max, a->min);
	const gl_node *where = gl_node_get(spec, "where");
	int at_plan = pc->at_plan;
	pc->at_plan = 0;   /* `where` reads each item */
	a->where = where ? gl__cond_compile(pc, where) : NULL;
	pc->at_plan = at_plan;
	if (where && !a->where)
		return -1;
	*out = a;
	return 0;
}

/* "3 at concerns[*], 1 to 2 needed"; with `where`, "1 of 3 at concerns[*]
 * match the condition, at least 2 needed"; with max 0, "none allowed". */
static const char *detail(const args *a, gl__ectx *ec, gl__fails *out, long n, long all)
{
	const char *what = a->max < 0 ? gl__arena_printf(ec->arena, "at least %ld needed", a->min)
	                   : a->max == 0 ? "none allowed"
	                   : a->min == a->max ? gl__arena_printf(ec->arena, "exactly %ld needed", a->min)
	                   : gl__arena_printf(ec->arena, "%ld to %ld needed", a->min, a->max);
	const char *src = gl__path_src(a->path);
	if (!a->where)
		return gl__detail(out, ec, "%ld at %s, %s", n, src, what);
	return gl__detail(out, ec, "%ld of %ld at %s match the condition, %s", n, all, src, what);
}

/* The items counted so far: `all` not null, `n` of them matching. */
typedef struct tally {
	const args *a;
	gl__ectx *ec;
	long n, all;
} tally;

static int count_one(void *ctx, const gl__match *m)
{
	tally *t = ctx;
	if (!m->node || gl__is_null(m->node))
		return 0;
	gl__subject sub = {m->node, m->parent, m->path};
	int ok = t->a->where ? gl__cond_eval(t->a->where, t->ec, &sub, NULL) : 1;
	if (ok < 0)
		return -1;
	t->n += ok > 0;
	t->all++;
	/* with no maximum, reaching the minimum passes whatever comes next, and
	 * only a failure's message tells the totals */
	return t->a->max < 0 && t->n >= t->a->min ? GL__STOP : 0;
}

static int eval(const void *vargs, gl__ectx *ec, const gl__subject *s, gl__fails *out)
{
	const args *a = vargs;
	tally t = {a, ec, 0, 0};
	int rc = gl__path_each(a->path, ec, s, count_one, &t);
	if (rc == GL_ENOMEM)
		gl__err_set(ec->err, "out of memory");
	if (rc < 0 && rc != GL__STOP)
		return -1;
	if (t.n < a->min || (a->max >= 0 && t.n > a->max))
		gl__fails_add(out, s->node, s->path, NULL,   /* the count is no part of the gap's identity */
		              detail(a, ec, out, t.n, t.all));
	return 0;
}

const gl__check gl__check_count = {"count", "how many nodes (matching `where`) a path reaches",
                                   compile, eval};
