/* covers: {path, values | vocab | paths, at}
 * The values at path (one path or a list of them: list items, map keys with
 * a value, or scalars) include
 * every member of the set. One failure per missing member, located at `at`
 * (a path) when given, else at the first node path reaches (the subject
 * when it reaches none). */
#include "../internal.h"

typedef struct args {
	gl__path *path;
	gl__set set;
	const unsigned char *first;   /* gl__firsts of a set without paths */
} args;

typedef struct have {
	const char **v;
	size_t n, cap;
	const gl_node *loc;
	const gl__lpath *path;
	int oom;
} have;

static int compile(void **out, const gl_node *spec, gl__pctx *pc)
{
	static const char *const keys[] = {"path", "values", "vocab", "paths", NULL};
	args *a = gl__arg_alloc(pc, spec, sizeof *a);
	if (!a || gl__arg_check_keys(pc, spec, keys) ||
	    !(a->path = gl__arg_path(pc, spec, "path", 1)) || gl__arg_set(pc, spec, &a->set, 1))
		return -1;
	if (!a->set.paths && a->set.nfixed &&
	    !(a->first = gl__firsts(pc->arena, (const char *const *)a->set.fixed, a->set.nfixed)))
		return gl__arg_fail(pc, spec, "out of memory");
	*out = a;
	return 0;
}

static void add(have *h, gl__ectx *ec, const char *s)
{
	if (!s || h->oom)
		return;
	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 16;
		const char **v = gl__arena_alloc(ec->arena, cap * sizeof *v);
		if (!v) {
			h->oom = 1;
			return;
		}
		for (size_t i = 0; i < h->n; i++)
			v[i] = h->v[i];
		h->v = v;
		h->cap = cap;
	}
	h->v[h->n++] = s;
}

static int collect(const gl__match *m, const void *vh, gl__ectx *ec, gl__fails *out)
{
	GL__UNUSED(out);
	have *h = (have *)vh;
	if (!h->loc) {
		h->loc = m->node ? m->node : m->loc;
		h->path = m->path;
	}
	const gl_node *n = m->node;
	if (!n || gl__is_null(n))
		return 0;
	if (n->kind == GL_SCALAR)
		add(h, ec, gl__value_text(n));
	for (size_t i = 0; n->kind == GL_SEQ && i < n->n; i++)
		add(h, ec, gl__value_text(n->items[i]));
	for (size_t i = 0; n->kind == GL_MAP && i + 1 < n->n; i += 2)
		if (!gl__is_null(n->items[i + 1]))
			add(h, ec, gl__value_text(n->items[i]));
	return 0;
}

static int eval(const void *vargs, gl__ectx *ec, const gl__subject *s, gl__fails *out)
{
	const args *a = vargs;
	const char **want;
	size_t nwant;
	have h = {0};
	if (gl__set_values(&a->set, ec, s, &want, &nwant) ||
	    gl__each_match(a->path, &h, ec, s, collect, out))
		return -1;
	if (h.oom) {
		gl__err_set(ec->err, "out of memory");
		return -1;
	}
	const gl_node *loc = h.loc ? h.loc : s->node;
	const gl__lpath *path = h.loc ? h.path : s->path;
	/* reaching nothing (a missing list before [*]), the subject lacks them:
	 * the detail names the path as written, as count's does */
	const char *lacking = h.loc ? NULL : gl__path_src(a->path);
	gl__lookup held;   /* a member repeated in the set is missed once */
	const unsigned char *first = a->set.paths ? NULL : a->first;
	if (gl__lookup_array(&held, ec, h.v, h.n))
		return -1;
	if (nwant && !first && !(first = gl__firsts(ec->arena, want, nwant))) {
		gl__err_set(ec->err, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < nwant; i++)
		if (first[i] && !gl__lookup_has(&held, want[i]))
			gl__fails_add(out, loc, path, want[i],
			              gl__detail(out, ec, "%s lacks '%s'",
			                         lacking ? lacking : gl__ptext(out, ec, path), want[i]));
	return 0;
}

const gl__check gl__check_covers = {"covers", "the values include every member of a set",
                                    compile, eval};
