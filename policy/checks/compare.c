/* compare: {path, op: lt|le|gt|ge|eq|ne, value | to, as: number|duration}
 * Every number (or duration such as 90d, 6 months, 7y) at path compares
 * so with the value, or with every value at path `to` (a list's items, on
 * either side). Values that are not numbers are skipped (`type` reports
 * them), .nan and .inf too, as `type` does not take them for numbers; with
 * `as: duration` a value that is not a duration fails, as no `type` tells
 * one, and .inf is a duration: kept forever. Months and years are calendar
 * averages (value.c). */
#include "../internal.h"

#include <math.h>
#include <string.h>

typedef enum { LT, LE, GT, GE, EQ, NE } op;
static const char *const ops[] = {"lt", "le", "gt", "ge", "eq", "ne", NULL};
static const char *const op_text[] = {"less than", "at most", "more than", "at least",
                                      "equal to", "different from"};

typedef struct args {
	gl__path *path, *to;
	op op;
	int duration;
	double value;
	const char *value_text;
} args;

/* 1 for YAML 1.2's .inf and +.inf (any spelling): the floats spelled with
 * an n, an i and no minus. */
static int infinite(const gl_node *n)
{
	return gl__scalar_type(n) == GL_T_FLOAT && *n->str != '-' && strpbrk(n->str, "iI");
}

/* A duration is spelled or ISO 8601, or .inf, longer than any other: a
 * duration is never negative, nor .nan. */
static int read_num(const gl_node *n, int duration, double *out)
{
	if (!n)
		return -1;
	if (!duration)
		return gl__node_number(n, out);
	if (infinite(n))
		return *out = INFINITY, 0;
	return n->kind == GL_SCALAR ? gl__parse_duration(n->str, out) : -1;
}

static int compile(void **out, const gl_node *spec, gl__pctx *pc)
{
	static const char *const keys[] = {"path", "op", "value", "to", "as", NULL};
	args *a = gl__arg_alloc(pc, spec, sizeof *a);
	if (!a || gl__arg_check_keys(pc, spec, keys) || !(a->path = gl__arg_path(pc, spec, "path", 1)))
		return -1;
	const char *o, *as;
	if (gl__arg_str(pc, spec, "op", 1, &o))
		return -1;
	for (a->op = 0; ops[a->op] && strcmp(ops[a->op], o); a->op++)
		;
	if (!ops[a->op])
		return gl__arg_fail(pc, spec, "unknown op '%s' (lt, le, gt, ge, eq, ne)", o);
	if (gl__arg_str(pc, spec, "as", 0, &as))
		return -1;
	if (as && strcmp(as, "number") && strcmp(as, "duration"))
		return gl__arg_fail(pc, spec, "'as' is number or duration");
	a->duration = as && strcmp(as, "duration") == 0;
	const gl_node *value = gl_node_get(spec, "value");
	if (!value == !gl_node_get(spec, "to"))
		return gl__arg_fail(pc, spec, "compare needs exactly one of 'value' or 'to'");
	if (value) {
		if (read_num(value, a->duration, &a->value))
			return gl__arg_fail(pc, value, "'value' must be a %s",
			                    a->duration ? "duration such as 6 months" : "number");
		a->value_text = value->str;
	} else if (!(a->to = gl__arg_path(pc, spec, "to", 1))) {
		return -1;
	}
	*out = a;
	return 0;
}

static int holds(op o, double x, double y)
{
	switch (o) {
	case LT: return x < y;
	case LE: return x <= y;
	case GT: return x > y;
	case GE: return x >= y;
	case EQ: return x == y;
	case NE: return x != y;
	}
	return 0;
}

typedef struct run {
	const args *a;
	double ref;
	const char *ref_text;
} run;

static int one(const gl__match *m, const void *vr, gl__ectx *ec, gl__fails *out)
{
	const run *r = vr;
	double x;
	if (!m->node || gl__is_null(m->node))
		return 0;
	if (read_num(m->node, r->a->duration, &x)) {   /* no `type` tells a duration */
		if (r->a->duration && m->node->kind == GL_SCALAR)
			gl__fails_add(out, m->node, m->path, m->node->str,
			              gl__detail(out, ec, "%s is '%s', not a duration such as 6 months or "
			                         "P6M", gl__ptext(out, ec, m->path), m->node->str));
		return 0;
	}
	if (holds(r->a->op, x, r->ref))
		return 0;
	gl__fails_add(out, m->node, m->path, m->node->str,
	              gl__detail(out, ec, "%s is %s, not %s %s", gl__ptext(out, ec, m->path), m->node->str,
	                               op_text[r->a->op], r->ref_text));
	return 0;
}

static int against(const gl__match *m, const void *vr, gl__ectx *ec, gl__fails *out)
{
	const run *base = vr;
	run r = *base;
	if (!m->node || read_num(m->node, base->a->duration, &r.ref))
		return 0;
	r.ref_text = gl__arena_printf(ec->arena, "%s (%s)", gl__ptext(out, ec, m->path), m->node->str);
	return gl__each_value(base->a->path, &r, ec, ec->subject, one, out);
}

static int eval(const void *vargs, gl__ectx *ec, const gl__subject *s, gl__fails *out)
{
	const args *a = vargs;
	run r = {a, a->value, a->value_text};
	if (!a->to)
		return gl__each_value(a->path, &r, ec, s, one, out);
	const gl__subject *saved = ec->subject;
	ec->subject = s;
	int rc = gl__each_value(a->to, &r, ec, s, against, out);
	ec->subject = saved;
	return rc;
}

const gl__check gl__check_compare = {"compare", "numbers or durations compared with a value",
                                     compile, eval};
