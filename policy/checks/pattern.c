/* matches: {path, pattern | vocab}      every value matches a pattern
 * not_matches: {path, pattern | vocab}  no value matches any pattern
 * Patterns are PCRE2; a vocabulary used here is a list of patterns. */
#include "../internal.h"

#include <string.h>

typedef struct args {
	gl__path *path;
	gl__regex **re;
	const char **src;
	size_t n;
	int negate;
} args;

static int compile(void **out, const gl_node *spec, gl__pctx *pc, int negate)
{
	static const char *const keys[] = {"path", "pattern", "vocab", NULL};
	if (gl__arg_check_keys(pc, spec, keys))
		return -1;
	args *a = gl__arg_alloc(pc, spec, sizeof *a);
	if (!a || !(a->path = gl__arg_path(pc, spec, "path", 1)))
		return -1;
	a->negate = negate;
	const char *pattern, *vocab;
	if (gl__arg_str(pc, spec, "pattern", 0, &pattern) || gl__arg_str(pc, spec, "vocab", 0, &vocab))
		return -1;
	const gl__vocab *v = vocab ? gl__vocab_find(pc->pack, vocab) : NULL;
	if (vocab && !v)
		return gl__arg_fail(pc, spec, "no vocabulary named '%s' in this pack", vocab);
	if (!pattern == !vocab)
		return gl__arg_fail(pc, spec, "needs exactly one of 'pattern' or 'vocab'");
	a->n = v ? v->n : 1;
	a->re = gl__arena_alloc(pc->arena, (a->n + 1) * sizeof *a->re);
	a->src = v ? v->values : gl__arena_alloc(pc->arena, sizeof *a->src);
	if (!a->re || !a->src)
		return gl__arg_fail(pc, spec, "out of memory");
	if (!v)
		a->src[0] = pattern;
	if (gl__arg_patterns(pc, gl_node_get(spec, "pattern"), v, pattern, a->re))
		return -1;
	*out = a;
	return 0;
}

static int compile_matches(void **out, const gl_node *spec, gl__pctx *pc)
{
	return compile(out, spec, pc, 0);
}

static int compile_not(void **out, const gl_node *spec, gl__pctx *pc)
{
	return compile(out, spec, pc, 1);
}

/* Whether any of the patterns matches the text of n: 1 or 0; -1 with e
 * set, the pattern's index in *at. */
static int any_matches(const args *a, const gl_node *n, const char *text, gl_err *e, size_t *at)
{
	return gl__regex_any(a->re, a->n, text, text == n->str ? n->len : strlen(text), e, at);
}

static int one(const gl__match *m, const void *vargs, gl__ectx *ec, gl__fails *out)
{
	const args *a = vargs;
	const char *text = m->node ? gl__value_text(m->node) : NULL;
	if (!text)
		return 0;
	gl_err e;
	size_t i;
	int any = any_matches(a, m->node, text, &e, &i);
	if (any < 0) {
		const char *where = gl__lpath_text(ec->arena, m->path);
		gl__err_at(ec->err, ec->file ? ec->file : "plan", m->node->line, m->node->col,
		           "rule %s: pattern '%s' on %s: %s", ec->rule_id, a->src[i],
		           where ? where : "?", e.msg);
		return -1;
	}
	if (any == a->negate)
		gl__fails_add(out, m->node, m->path, text,
		              gl__detail(out, ec, a->negate ? "%s is '%s', which is not allowed"
		                                                    : "%s is '%s', which does not match",
		                               gl__ptext(out, ec, m->path), text));
	return 0;
}

static int eval(const void *vargs, gl__ectx *ec, const gl__subject *s, gl__fails *out)
{
	const args *a = vargs;
	return gl__each_match(a->path, a, ec, s, one, out);
}

static int test(const void *vargs, const gl_node *node)
{
	const args *a = vargs;
	if (!gl__path_is_subject(a->path))
		return GL__ASK;
	const char *text = node ? gl__value_text(node) : NULL;
	if (!text)
		return 1;
	gl_err e;
	size_t i;
	int any = any_matches(a, node, text, &e, &i);
	return any < 0 ? GL__ASK : any != a->negate;   /* an error: eval reports it */
}

const gl__check gl__check_matches = {"matches", "every value matches a PCRE2 pattern",
                                     compile_matches, eval, test};
const gl__check gl__check_not_matches = {"not_matches", "no value matches any of the patterns",
                                         compile_not, eval, test};
