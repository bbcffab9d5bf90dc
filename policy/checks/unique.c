/* unique: PATH | [PATH...]   no value repeats across everything the paths
 * reach (a list's items each count); each repeat is reported where it
 * occurs. */
#include "../internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct args {
	gl__path *paths;
} args;

typedef struct seen {
	const char *text;
	const gl_node *node;
	const gl__lpath *path;
} seen;

static int compile(void **out, const gl_node *spec, gl__pctx *pc)
{
	args *a = gl__arg_alloc(pc, spec, sizeof *a);
	if (!a || !(a->paths = gl__arg_paths(pc, spec)))
		return -1;
	*out = a;
	return 0;
}

static int by_text(const void *x, const void *y)
{
	const seen *a = x, *b = y;
	int c = strcmp(a->text, b->text);
	if (c)
		return c;
	if (a->node->line != b->node->line)
		return a->node->line < b->node->line ? -1 : 1;
	return (a->node->col > b->node->col) - (a->node->col < b->node->col);
}

typedef struct all {
	seen *v;
	size_t n, cap;
} all;

static int add(const gl__match *m, const void *va, gl__ectx *ec, gl__fails *out)
{
	GL__UNUSED(out);
	all *a = (all *)va;
	const char *t = m->node ? gl__value_text(m->node) : NULL;
	if (!t)
		return 0;
	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 16;
		seen *v = realloc(a->v, cap * sizeof *v);
		if (!v)
			return gl__err_set(ec->err, "out of memory"), -1;
		a->v = v;
		a->cap = cap;
	}
	a->v[a->n++] = (seen){t, m->node, m->path};
	return 0;
}

static int eval(const void *vargs, gl__ectx *ec, const gl__subject *s, gl__fails *out)
{
	const args *a = vargs;
	all v = {0};
	if (gl__each_value(a->paths, &v, ec, s, add, out)) {
		free(v.v);
		return -1;
	}
	if (v.n)
		qsort(v.v, v.n, sizeof *v.v, by_text);
	for (size_t i = 1, first = 0; i < v.n; i++) {   /* sorted: a value's first use leads */
		if (strcmp(v.v[i].text, v.v[first].text) != 0) {
			first = i;
			continue;
		}
		if (v.v[i].node == v.v[i - 1].node)   /* reached twice (`tags`, `tags[*]`): one use */
			continue;
		gl__fails_add(out, v.v[i].node, v.v[i].path, v.v[i].text,
		              gl__detail(out, ec, "'%s' is used again (first at line %u)",
		                         v.v[i].text, v.v[first].node->line));
	}
	free(v.v);
	return 0;
}

const gl__check gl__check_unique = {"unique", "no value repeats", compile, eval};
