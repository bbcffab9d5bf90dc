/* date: {path, before | after | not_before | not_after: REF, days: N}
 * Every date at path is in that relation to every date REF reaches, with N
 * days added to REF. REF is a path or `today` (--as-of). Values that are
 * not dates are skipped here: `type: {is: date}` reports them. Date-times
 * compare by their calendar date. */
#include "../internal.h"

#include <string.h>

typedef enum { BEFORE, AFTER, NOT_BEFORE, NOT_AFTER } rel;
static const char *const rel_names[] = {"before", "after", "not_before", "not_after"};
static const char *const rel_text[] = {"before", "after", "on or after", "on or before"};

typedef struct args {
	gl__path *path;
	gl__path *ref;   /* NULL: today */
	rel r;
	long days;
} args;

typedef struct run {
	const args *a;
	long *refs;
	const char **ref_text;
	size_t n;
} run;

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
		if (ref->kind == GL_SCALAR && strcmp(ref->str, "today") == 0)
			a->ref = NULL;
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

static int one(const gl__match *m, const void *vr, gl__ectx *ec, gl__fails *out)
{
	const run *r = vr;
	long x;
	int t;
	const char *text = m->node ? gl__scalar_text(m->node) : NULL;
	if (!text || gl__parse_date(text, &x, &t))
		return 0;
	for (size_t i = 0; i < r->n; i++) {
		if (holds(r->a->r, x, r->refs[i] + r->a->days))
			continue;
		const char *plus = r->a->days ? gl__arena_printf(ec->arena, " + %ld days", r->a->days) : "";
		gl__fails_add(out, m->node, m->path, text,
		              gl__detail(out, ec, "%s (%s) is not %s %s%s", gl__ptext(out, ec, m->path), text,
		                               rel_text[r->a->r], r->ref_text[i], plus));
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
	long *refs = gl__arena_alloc(ec->arena, (r->n + 1) * sizeof *refs);
	const char **texts = gl__arena_alloc(ec->arena, (r->n + 1) * sizeof *texts);
	if (!refs || !texts) {
		gl__err_set(ec->err, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < r->n; i++) {
		refs[i] = r->refs[i];
		texts[i] = r->ref_text[i];
	}
	refs[r->n] = d;
	texts[r->n++] = gl__arena_printf(ec->arena, "%s (%s)", gl__ptext(out, ec, m->path), text);
	r->refs = refs;
	r->ref_text = texts;
	return 0;
}

static int eval(const void *vargs, gl__ectx *ec, const gl__subject *s, gl__fails *out)
{
	const args *a = vargs;
	run r = {a, NULL, NULL, 0};
	if (!a->ref) {
		char today[24];
		gl__format_date(ec->today, today);
		r.refs = &ec->today;
		r.ref_text = gl__arena_alloc(ec->arena, sizeof *r.ref_text);
		if (!r.ref_text)
			return -1;
		r.ref_text[0] = gl__arena_printf(ec->arena, "today (%s)", today);
		r.n = 1;
	} else if (gl__each_match(a->ref, &r, ec, s, collect, out)) {
		return -1;
	}
	return r.n ? gl__each_match(a->path, &r, ec, s, one, out) : 0;
}

const gl__check gl__check_date = {"date", "dates are ordered against other dates or today",
                                  compile, eval};
