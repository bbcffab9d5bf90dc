/* present: PATH | [PATH...]   the field exists and is not null
 * nonempty: PATH | [PATH...]  ... and holds more than blanks: not blank text,
 *                             nor a list or mapping of nothing but nulls,
 *                             blank text and such lists and mappings ([{}]) */
#include "../internal.h"

typedef struct args {
	gl__path *paths;
	int nonempty;
} args;

static int compile(void **out, const gl_node *spec, gl__pctx *pc, int nonempty)
{
	args *a = gl__arg_alloc(pc, spec, sizeof *a);
	if (!a)
		return gl__arg_fail(pc, spec, "out of memory");
	a->nonempty = nonempty;
	if (!(a->paths = gl__arg_paths(pc, spec)))
		return -1;
	*out = a;
	return 0;
}

static int compile_present(void **out, const gl_node *spec, gl__pctx *pc)
{
	return compile(out, spec, pc, 0);
}

static int compile_nonempty(void **out, const gl_node *spec, gl__pctx *pc)
{
	return compile(out, spec, pc, 1);
}

static int one(const gl__match *m, const void *vargs, gl__ectx *ec, gl__fails *out)
{
	const args *a = vargs;
	if (!m->node || gl__is_null(m->node)) {
		gl__fails_add(out, m->loc, m->path, NULL,
		              gl__detail(out, ec, "%s is missing", gl__ptext(out, ec, m->path)));
	} else if (a->nonempty && gl__empty(m->node)) {
		gl__fails_add(out, m->loc, m->path, NULL,
		              gl__detail(out, ec, "%s is empty", gl__ptext(out, ec, m->path)));
	}
	return 0;
}

static int eval(const void *vargs, gl__ectx *ec, const gl__subject *s, gl__fails *out)
{
	const args *a = vargs;
	return gl__each_match(a->paths, a, ec, s, one, out);
}

const gl__check gl__check_present = {"present", "the field exists and is not null",
                                     compile_present, eval};
const gl__check gl__check_nonempty = {"nonempty", "the field exists and is not blank or empty",
                                      compile_nonempty, eval};
