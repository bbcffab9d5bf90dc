/* covers: {path, values | vocab | paths, at}
 * The values at path (one path or a list of them: list items, map keys with
 * a value, or scalars) include
 * every member of the set. One failure per missing member, located at `at`
 * (a path) when given, else at the first node path reaches. */
#include "../internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct args {
	gl__path *path;
	gl__set set;
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

typedef struct seen {
	const char *text;
	size_t at;
} seen;

static int by_text_then_place(const void *x, const void *y)
{
	const seen *a = x, *b = y;
	int c = strcmp(a->text, b->text);
	return c ? c : (a->at > b->at) - (a->at < b->at);
}

/* first[i]: v[i] (n > 0 of them) is the first of its text in v, so a
 * missing member is reported once; in ec->arena, or NULL (ec->err set) when
 * memory runs out. A long list gathered from the plan is sorted to find
 * them; a short one, or the pack's own, is scanned. */
static const unsigned char *firsts(gl__ectx *ec, const char *const *v, size_t n, int from_plan)
{
	int sort = from_plan && n >= GL__LONG_LIST;
	unsigned char *first = gl__arena_alloc(ec->arena, n);
	seen *order = sort ? malloc(n * sizeof *order) : NULL;
	if (!first || (sort && !order)) {
		free(order);
		gl__err_set(ec->err, "out of memory");
		return NULL;
	}
	for (size_t i = 0; !order && i < n; i++)
		first[i] = !gl__set_has(v, i, v[i]);
	for (size_t i = 0; order && i < n; i++)
		order[i] = (seen){v[i], i};
	if (order)
		qsort(order, n, sizeof *order, by_text_then_place);
	for (size_t i = 0; order && i < n; i++)
		first[order[i].at] = i == 0 || strcmp(order[i].text, order[i - 1].text) != 0;
	free(order);
	return first;
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
	gl__lookup held;
	const unsigned char *first = NULL;
	int from_plan = a->set.paths != NULL;
	if (gl__lookup_make(&held, ec, h.v, h.n, 1) ||
	    (nwant && !(first = firsts(ec, want, nwant, from_plan))))
		return -1;
	for (size_t i = 0; i < nwant; i++)
		if (first[i] && !gl__lookup_has(&held, want[i]))
			gl__fails_add(out, loc, path, want[i],
			              gl__detail(out, ec, "%s lacks '%s'", gl__ptext(out, ec, path), want[i]));
	return 0;
}

const gl__check gl__check_covers = {"covers", "the values include every member of a set",
                                    compile, eval};
