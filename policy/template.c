/*
 * Message templates: "concern {id}: {detail}". A placeholder is one of the
 * names detail, value, path, plan and rule, or a path from the subject,
 * compiled when the pack loads, so a bad one stops the run there. A `{`
 * without a closing `}`, or whose text up to it holds another `{`, is
 * printed as it is.
 */
#include "internal.h"

#include <string.h>

enum { MAX_NAME = 200 };   /* a longer {...} is text */

static const char *const names[] = {"detail", "value", "path", "plan", "rule"};

static gl__tpart *add(gl__tmpl *t, gl__tpart_kind kind, const char *s, size_t len)
{
	if (t->n && kind == GL__T_TEXT && t->v[t->n - 1].kind == GL__T_TEXT &&
	    t->v[t->n - 1].text + t->v[t->n - 1].len == s) {   /* text runs on */
		t->v[t->n - 1].len += len;
		return &t->v[t->n - 1];
	}
	gl__tpart *p = &t->v[t->n++];
	*p = (gl__tpart){kind, s, len, NULL};
	return p;
}

/* The placeholder {name} at s (name is s[1..len)), compiled into t. */
static int placeholder(gl__arena *a, gl__tmpl *t, const char *s, size_t len, gl_err *err)
{
	for (size_t k = 0; k < sizeof names / sizeof *names; k++)
		if (strlen(names[k]) == len && memcmp(s + 1, names[k], len) == 0) {
			add(t, (gl__tpart_kind)(GL__T_DETAIL + k), s, len + 2);
			return 0;
		}
	char *src = gl__arena_strndup(a, s + 1, len);
	gl__path *p = src ? gl__path_compile(a, src, err) : NULL;
	if (!src)
		gl__err_set(err, "out of memory");
	if (!p)
		return -1;
	add(t, GL__T_FIELD, s, len + 2)->path = p;
	return 0;
}

gl__tmpl *gl__tmpl_compile(gl__arena *a, const char *src, gl_err *err)
{
	gl__tmpl *t = gl__arena_alloc(a, sizeof *t);
	size_t cap = 1;   /* text runs between placeholders: 2 parts a '{' at most */
	for (const char *s = src; (s = strchr(s, '{')) != NULL; s++)
		cap += 2;
	if (!t || !(t->v = gl__arena_alloc(a, cap * sizeof *t->v))) {
		gl__err_set(err, "out of memory");
		return NULL;
	}
	for (const char *s = src; *s; s++) {
		const char *end = *s == '{' ? strchr(s + 1, '}') : NULL;
		size_t len = end ? (size_t)(end - s - 1) : 0;
		if (!end || len > MAX_NAME || memchr(s + 1, '{', len)) {
			add(t, GL__T_TEXT, s, 1);
			continue;
		}
		if (placeholder(a, t, s, len, err))
			return NULL;
		s = end;
	}
	return t;
}

const gl__tmpl *gl__tmpl_detail(void)
{
	static const char text[] = "{detail}";
	static gl__tpart part = {GL__T_DETAIL, text, sizeof text - 1, NULL};
	static const gl__tmpl t = {&part, 1};
	return &t;
}
