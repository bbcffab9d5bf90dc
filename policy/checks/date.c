/* date: {path, before | after | not_before | not_after: REF, days: N}
 * Every date at path is in that relation to every date REF reaches (a
 * list's items, on either side), with N days added to REF. REF is a path,
 * `today` (--as-of) or a date written YYYY-MM-DD (that date, never a key
 * named so). Values that are not dates are skipped here: `type: {is:
 * date}` reports them. Date-times compare by their calendar date. */
#include "../internal.h"

#include <ctype.h>
#include <string.h>

typedef enum { BEFORE, AFTER, NOT_BEFORE, NOT_AFTER } rel;
static const char *const rel_names[] = {"before", "after", "not_before", "not_after"};
static const char *const rel_text[] = {"before", "after", "on or after", "on or before"};

typedef struct args {
	gl__path *path;
	gl__path *ref;   /* NULL: today, or the date `fixed` */
	const char *fixed;
	long fixed_day;
	rel r;
	long days;
} args;

/* The reference dates of one subject: days, and where each came from (the
 * text for a failure's detail is made only when a failure needs it). */
typedef struct refdate {
	long day;
	const gl__lpath *path;
	const char *text;
	enum { IN_PLAN, TODAY, IN_RULE } from;   /* the last two: not a date in the plan */
} refdate;

typedef struct run {
	const args *a;
	refdate *v;
	size_t n, cap;
	refdate fixed;
} run;

/* 1 when s starts as a date does (four digits and '-'): meant as one, never
 * a key, so when it is no valid date it is an error, not a path. */
static int date_like(const char *s)
{
	for (int i = 0; i < 4; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return s[4] == '-';
}

static int compile(void **out, const gl_node *spec, gl__pctx *pc)
{
	static const char *const keys[] = {"path", "before", "after", "not_before", "not_after",
	                                   "days", NULL};
	args *a = gl__arg_alloc(pc, spec, sizeof *a);
	if (!a || gl__arg_check_keys(pc, spec, keys) || !(a->path = gl__arg_path(pc, spec, "path", 1)))
		return -1;
	int found = 0;
	for (int r = 0; r < 4; r++) {
		const gl_node *ref = gl_node_get(spec, rel_names[r]);
		if (!ref)
			continue;
		found++;
		a->r = (rel)r;
		int t;
		if (ref->kind == GL_SCALAR && strcmp(ref->str, "today") == 0)
			a->ref = NULL;
		else if (ref->kind == GL_SCALAR && !gl__parse_date(ref->str, &a->fixed_day, &t) && !t)
			a->fixed = ref->str;
		else if (ref->kind == GL_SCALAR && date_like(ref->str))   /* 2026-02-30, 2026-8-2 */
			return gl__arg_fail(pc, ref, "'%s' is not a valid date (YYYY-MM-DD)", ref->str);
		else if (!(a->ref = gl__arg_path(pc, spec, rel_names[r], 1)))
			return -1;
	}
	if (found != 1)
		return gl__arg_fail(pc, spec, "date needs exactly one of before, after, not_before, "
		                    "not_after");
	const gl_node *days = gl_node_get(spec, "days");
	double d;
	if (days && (gl__node_number(days, &d) || d != (long)d))
		return gl__arg_fail(pc, days, "'days' must be a whole number");
	a->days = days ? (long)d : 0;
	*out = a;
	return 0;
}

static int holds(rel r, long x, long ref)
{
	switch (r) {
	case BEFORE: return x < ref;
	case AFTER: return x > ref;
	case NOT_BEFORE: return x >= ref;
	case NOT_AFTER: return x <= ref;
	}
	return 0;
}

/* "PATH (DATE)", "today (DATE)" or "DATE", for a failure's detail. */
static const char *ref_text(gl__ectx *ec, gl__fails *out, const refdate *f)
{
	if (out->decide)
		return "";
	const char *t = f->from == IN_RULE ? f->text
	                : f->from == TODAY ? gl__arena_printf(ec->arena, "today (%s)", f->text)
	                                   : gl__arena_printf(ec->arena, "%s (%s)",
	                                                      gl__ptext(out, ec, f->path), f->text);
	if (!t)
		out->oom = 1;
	return t ? t : "";
}

static int one(const gl__match *m, const void *vr, gl__ectx *ec, gl__fails *out)
{
	const run *r = vr;
	long x;
	int t;
	const char *text = m->node ? gl__scalar_text(m->node) : NULL;
	if (!text || gl__parse_date(text, &x, &t))
		return 0;
	for (size_t i = 0; i < r->n; i++) {
		if (holds(r->a->r, x, r->v[i].day + r->a->days))
			continue;
		long days = r->a->days;
		const char *plus = days && !out->decide
		                       ? gl__arena_printf(ec->arena, " %c %ld days", days < 0 ? '-' : '+',
		                                          days < 0 ? -days : days) : "";
		if (!plus) {
			out->oom = 1;
			plus = "";
		}
		gl__fails_add(out, m->node, m->path, text,
		              gl__detail(out, ec, "%s (%s) is not %s %s%s", gl__ptext(out, ec, m->path),
		                         text, rel_text[r->a->r], ref_text(ec, out, &r->v[i]), plus));
		break;
	}
	return 0;
}

static int collect(const gl__match *m, const void *vr, gl__ectx *ec, gl__fails *out)
{
	GL__UNUSED(out);
	run *r = (run *)vr;
	long d;
	int t;
	const char *text = m->node ? gl__scalar_text(m->node) : NULL;
	if (!text || gl__parse_date(text, &d, &t))
		return 0;
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 8;
		refdate *v = gl__arena_alloc_raw(ec->arena, cap * sizeof *v);
		if (!v) {
			gl__err_set(ec->err, "out of memory");
			return -1;
		}
		if (r->n)
			memcpy(v, r->v, r->n * sizeof *v);
		r->v = v;
		r->cap = cap;
	}
	r->v[r->n++] = (refdate){d, m->path, text, IN_PLAN};
	return 0;
}

static int eval(const void *vargs, gl__ectx *ec, const gl__subject *s, gl__fails *out)
{
	const args *a = vargs;
	run r = {a, NULL, 0, 0, {ec->today, NULL, NULL, TODAY}};
	if (a->fixed) {
		r.fixed = (refdate){a->fixed_day, NULL, a->fixed, IN_RULE};
		r.v = &r.fixed;
		r.n = 1;
	} else if (!a->ref) {
		char today[24];
		if (!out->decide) {   /* the date, for a failure's detail */
			gl__format_date(ec->today, today);
			if (!(r.fixed.text = gl__arena_strdup(ec->arena, today)))
				return gl__err_set(ec->err, "out of memory"), -1;
		}
		r.v = &r.fixed;
		r.n = 1;
	} else if (gl__each_value(a->ref, &r, ec, s, collect, out)) {
		return -1;
	}
	return r.n ? gl__each_value(a->path, &r, ec, s, one, out) : 0;
}

const gl__check gl__check_date = {"date", "dates are ordered against other dates or today",
                                  compile, eval};
