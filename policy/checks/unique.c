/* unique: PATH | [PATH...]   no value repeats across everything the paths
 * reach; each repeat is reported where it occurs. */
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

static int eval(const void *vargs, gl__ectx *ec, const gl__subject *s, gl__fails *out)
{
	const args *a = vargs;
	gl__matches m = {0};
	gl__path_eval(a->paths, ec, s, &m);
	seen *v = m.n ? malloc(m.n * sizeof *v) : NULL;
	if (m.oom || (m.n && !v)) {
		free(v);
		gl__matches_free(&m);
		gl__err_set(ec->err, "out of memory");
		return -1;
	}
	size_t n = 0;
	for (size_t i = 0; i < m.n; i++) {
		const char *t = m.v[i].node ? gl__value_text(m.v[i].node) : NULL;
		if (t)
			v[n++] = (seen){t, m.v[i].node, m.v[i].path};
	}
	if (n)
		qsort(v, n, sizeof *v, by_text);
	for (size_t i = 1, first = 0; i < n; i++) {   /* sorted: a value's first use leads */
		if (strcmp(v[i].text, v[first].text) != 0) {
			first = i;
			continue;
		}
		gl__fails_add(out, v[i].node, v[i].path, v[i].text,
		              gl__detail(out, ec, "'%s' is used again (first at line %u)",
		                               v[i].text, v[first].node->line));
	}
	free(v);
	gl__matches_free(&m);
	return 0;
}

const gl__check gl__check_unique = {"unique", "no value repeats", compile, eval};
