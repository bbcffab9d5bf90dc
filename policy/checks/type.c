/* type: {path, is: string|number|integer|bool|date|datetime|list|map|scalar}
 * `datetime` is RFC 3339 with a time zone offset (or Z). A `number` is one
 * `compare` can compare: YAML's .nan and .inf are floats but none (a
 * guardrail of .nan is never crossed). */
#include "../internal.h"

#include <string.h>

typedef enum { T_STRING, T_NUMBER, T_INTEGER, T_BOOL, T_DATE, T_DATETIME, T_LIST, T_MAP, T_SCALAR } want;

static const char *const names[] = {"string", "number", "integer", "bool", "date",
                                    "datetime", "list", "map", "scalar", NULL};
static const char *const articles[] = {"a", "a", "an", "a", "a", "a", "a", "a", "a"};

typedef struct args {
	gl__path *path;
	want is;
} args;

static int compile(void **out, const gl_node *spec, gl__pctx *pc)
{
	static const char *const keys[] = {"path", "is", NULL};
	args *a = gl__arg_alloc(pc, spec, sizeof *a);
	if (!a || gl__arg_check_keys(pc, spec, keys) || !(a->path = gl__arg_path(pc, spec, "path", 1)))
		return -1;
	const char *is;
	if (gl__arg_str(pc, spec, "is", 1, &is))
		return -1;
	for (a->is = 0; names[a->is] && strcmp(names[a->is], is); a->is++)
		;
	if (!names[a->is])
		return gl__arg_fail(pc, spec, "unknown type '%s' (string, number, integer, bool, "
		                    "date, datetime, list, map, scalar)", is);
	*out = a;
	return 0;
}

static int holds(want is, const gl_node *n)
{
	gl__stype t = gl__scalar_type(n);
	long d;
	double x;
	int has_time;
	switch (is) {
	case T_STRING: return n->kind == GL_SCALAR && t == GL_T_STR;
	case T_NUMBER: return gl__node_number(n, &x) == 0;
	case T_INTEGER: return t == GL_T_INT;
	case T_BOOL: return t == GL_T_BOOL;
	case T_DATE: return n->kind == GL_SCALAR && gl__parse_date(n->str, &d, &has_time) == 0 && !has_time;
	case T_DATETIME: return n->kind == GL_SCALAR && gl__is_datetime_offset(n->str);
	case T_LIST: return n->kind == GL_SEQ;
	case T_MAP: return n->kind == GL_MAP;
	case T_SCALAR: return n->kind == GL_SCALAR;
	}
	return 0;
}

static int one(const gl__match *m, const void *vargs, gl__ectx *ec, gl__fails *out)
{
	const args *a = vargs;
	if (!m->node || gl__is_null(m->node) || holds(a->is, m->node))
		return 0;
	const char *t = gl__value_text(m->node);
	const char *at = gl__ptext(out, ec, m->path);
	gl__fails_add(out, m->node, m->path, t,
	              t ? gl__detail(out, ec, "%s is '%s', not %s %s", at, t, articles[a->is],
	                             names[a->is])
	                : gl__detail(out, ec, "%s is not %s %s", at, articles[a->is], names[a->is]));
	return 0;
}

static int eval(const void *vargs, gl__ectx *ec, const gl__subject *s, gl__fails *out)
{
	return gl__each_match(((const args *)vargs)->path, vargs, ec, s, one, out);
}

static int test(const void *vargs, const gl_node *node)
{
	const args *a = vargs;
	if (!gl__path_is_subject(a->path))
		return GL__ASK;
	return !node || gl__is_null(node) || holds(a->is, node);
}

const gl__check gl__check_type = {"type", "every value has a type", compile, eval, test};
