/* person: {path, roles: [..], not_roles: [..], member_of: PATH, has: [..],
 *          unfilled: VOCAB, skip_unknown: bool, from: roster | plan}
 * Every value at path (one path or a list) is the id of a person in
 * people.yaml or the plan's `people:` (with skip_unknown, ids that do not
 * resolve are left to another rule); with from: roster, in people.yaml
 * itself (a person only the plan's own `people:` adds fails: a plan cannot
 * grant itself authority); with roles, holding at least one of them; with not_roles,
 * holding none; with member_of, listing the group member_of names (a path
 * from the subject) among the person's roster groups; with has, whose
 * roster entry fills those fields (e.g. name, the printed name), a value
 * matching a pattern of the vocabulary `unfilled` names (placeholders: TBD)
 * filling nothing. roles and not_roles take a list or a vocabulary name. */
#include "../internal.h"

#include <string.h>

typedef struct args {
	gl__path *paths;
	gl__set roles, not_roles, has;
	gl__path *member_of;
	gl__regex **unfilled;   /* the patterns of the vocabulary `unfilled` names */
	size_t nunfilled;
	int skip_unknown;
	int roster_only;        /* from: roster */
} args;

typedef struct run {
	const args *a;
	const char **roles, **not_roles, **has;
	size_t nroles, nnot, nhas;
	const char *group;
} run;

static int role_set(gl__pctx *pc, const gl_node *spec, const char *key, gl__set *out)
{
	const gl_node *n = gl_node_get(spec, key);
	memset(out, 0, sizeof *out);
	if (!n)
		return 0;
	if (n->kind == GL_SCALAR && n->str[0] != '\0') {   /* the name of a vocabulary */
		if (!(out->vocab = gl__vocab_find(pc->pack, n->str)))
			return gl__arg_fail(pc, n, "no vocabulary named '%s' in this pack", n->str);
		return gl__arg_set_fix(pc, n, out);
	}
	if (n->kind != GL_SEQ)
		return gl__arg_fail(pc, n, "'%s' must be a list of roles or a vocabulary name", key);
	out->values = gl__arena_alloc(pc->arena, (n->n + 1) * sizeof *out->values);
	if (!out->values)
		return gl__arg_fail(pc, n, "out of memory");
	for (size_t i = 0; i < n->n; i++) {
		if (n->items[i]->kind != GL_SCALAR)
			return gl__arg_fail(pc, n->items[i], "a role is a name");
		out->values[out->nvalues++] = n->items[i]->str;
	}
	return gl__arg_set_fix(pc, n, out);
}

/* The patterns of the vocabulary `unfilled` names, compiled once. */
static int unfilled(gl__pctx *pc, const gl_node *spec, args *a)
{
	const gl_node *at = gl_node_get(spec, "unfilled");
	const char *name;
	if (gl__arg_str(pc, spec, "unfilled", 1, &name))
		return -1;
	const gl__vocab *v = gl__vocab_find(pc->pack, name);
	if (!v)
		return gl__arg_fail(pc, at, "no vocabulary named '%s' in this pack", name);
	if (!(a->unfilled = gl__arena_alloc(pc->arena, (v->n + 1) * sizeof *a->unfilled)))
		return gl__arg_fail(pc, at, "out of memory");
	a->nunfilled = v->n;
	return gl__arg_patterns(pc, at, v, NULL, a->unfilled);
}

static int compile(void **out, const gl_node *spec, gl__pctx *pc)
{
	args *a = gl__arg_alloc(pc, spec, sizeof *a);
	if (!a)
		return gl__arg_fail(pc, spec, "out of memory");
	if (spec && spec->kind != GL_MAP) {   /* person: PATH | [PATH...] */
		if (!(a->paths = gl__arg_paths(pc, spec)))
			return -1;
		*out = a;
		return 0;
	}
	static const char *const keys[] = {"path", "roles", "not_roles", "member_of", "has",
	                                   "unfilled", "skip_unknown", "from", NULL};
	const gl_node *skip = gl_node_get(spec, "skip_unknown");
	const gl_node *from = gl_node_get(spec, "from");
	if (gl__arg_check_keys(pc, spec, keys) || !(a->paths = gl__arg_path(pc, spec, "path", 1)) ||
	    role_set(pc, spec, "roles", &a->roles) || role_set(pc, spec, "not_roles", &a->not_roles) ||
	    role_set(pc, spec, "has", &a->has))
		return -1;
	if (skip && gl__node_bool(skip, &a->skip_unknown))
		return gl__arg_fail(pc, skip, "'skip_unknown' is true or false");
	if (from && (from->kind != GL_SCALAR ||
	             (strcmp(from->str, "roster") != 0 && strcmp(from->str, "plan") != 0)))
		return gl__arg_fail(pc, from, "'from' is roster (people.yaml only) or plan "
		                    "(people.yaml and the plan's own people)");
	a->roster_only = from && strcmp(from->str, "roster") == 0;
	if (gl_node_get(spec, "member_of") && !(a->member_of = gl__arg_path(pc, spec, "member_of", 1)))
		return -1;
	if (gl_node_get(spec, "unfilled") && unfilled(pc, spec, a))
		return -1;
	*out = a;
	return 0;
}

static int any_of(const gl__person *p, const char *const *set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (gl__person_has(p->roles, p->nroles, set[i]))
			return 1;
	return 0;
}

/* 1 when the scalar v matches one of a's unfilled patterns, 0 when not,
 * -1 with ec->err set when PCRE2 cannot tell. */
static int is_unfilled(const args *a, gl__ectx *ec, const gl_node *v)
{
	gl_err e;
	size_t i;
	int rc = v->kind == GL_SCALAR ? gl__regex_any(a->unfilled, a->nunfilled, v->str, v->len, &e, &i)
	                              : 0;
	if (rc < 0)   /* the person may be people.yaml's or the plan's: no file to name */
		gl__err_set(ec->err, "rule %s: an unfilled pattern on a person's roster entry (line %u): %s",
		            ec->rule_id, v->line, e.msg);
	return rc;
}

/* The first of `fields` the person's roster entry leaves empty (*value
 * NULL) or fills with a placeholder (*value it), or NULL; -1 in *rc when
 * PCRE2 fails. */
static const char *lacks(const args *a, gl__ectx *ec, const gl__person *p,
                         const char *const *fields, size_t n, const char **value, int *rc)
{
	*value = NULL;
	for (size_t i = 0; i < n; i++) {
		const gl_node *v = gl_node_get(p->node, fields[i]);
		if (!v || gl__is_null(v) || (v->kind != GL_SCALAR ? v->n == 0 : v->len == 0))
			return fields[i];
		if ((*rc = is_unfilled(a, ec, v)) != 0) {
			*value = v->str;
			return *rc < 0 ? NULL : fields[i];
		}
	}
	return NULL;
}

/* "a, b or c", for a detail: "" when `out` only decides, and with out->oom
 * set when memory runs out. */
static const char *join(gl__ectx *ec, gl__fails *out, const char *const *v, size_t n)
{
	if (out->decide)
		return "";
	gl__buf b = {0};
	for (size_t i = 0; i < n; i++) {
		gl__buf_puts(&b, i ? (i + 1 == n ? " or " : ", ") : "");
		gl__buf_puts(&b, v[i]);
	}
	const char *s = b.oom ? NULL : gl__arena_strdup(ec->arena, b.p ? b.p : "");
	gl__buf_free(&b);
	if (!s)
		out->oom = 1;
	return s ? s : "";
}

static int one(const gl__match *m, const void *vr, gl__ectx *ec, gl__fails *out)
{
	const run *r = vr;
	if (!m->node || gl__is_null(m->node))
		return 0;
	const char *id = gl__scalar_text(m->node);
	const gl__person *p = id ? gl__roster_find(ec->people, id) : NULL;
	const char *why = NULL, *field = NULL, *filler = NULL;
	const gl__lpath *at = m->path;
	int bad = 1, rc = 0;   /* the detail is made only when a report needs it */
	if (!id)
		why = gl__detail(out, ec, "%s must be a person id", gl__ptext(out, ec, at));
	else if (!p && r->a->skip_unknown)
		return 0;
	else if (!p)
		why = gl__detail(out, ec, "%s: '%s' is not in people.yaml or the plan's people",
		                 gl__ptext(out, ec, at), id);
	else if (r->a->roster_only && !gl__roster_find_base(ec->people, id))
		why = gl__detail(out, ec, "%s: %s is only in the plan's own people, not in people.yaml",
		                 gl__ptext(out, ec, at), id);
	else if (r->nroles && !any_of(p, r->roles, r->nroles))
		why = gl__detail(out, ec, "%s: %s does not hold the role %s", gl__ptext(out, ec, at), id,
		                 join(ec, out, r->roles, r->nroles));
	else if (r->nnot && any_of(p, r->not_roles, r->nnot))
		why = gl__detail(out, ec, "%s: %s holds the role %s", gl__ptext(out, ec, at), id,
		                 join(ec, out, r->not_roles, r->nnot));
	else if (r->a->member_of && (!r->group || !gl__person_has(p->groups, p->ngroups, r->group)))
		why = gl__detail(out, ec, "%s: %s is not a member of %s", gl__ptext(out, ec, at), id,
		                 r->group ? r->group : "the named group");
	else if ((field = lacks(r->a, ec, p, r->has, r->nhas, &filler, &rc)) && filler)
		why = gl__detail(out, ec, "%s: the %s given for %s is '%s', a placeholder",
		                 gl__ptext(out, ec, at), field, id, filler);
	else if (field)
		why = gl__detail(out, ec, "%s: %s has no %s in the roster", gl__ptext(out, ec, at), id,
		                 field);
	else if (rc < 0)
		return -1;
	else
		bad = 0;
	if (bad && !id)
		gl__fails_add_whole(out, m->node, m->path, why);
	else if (bad)
		gl__fails_add(out, m->node, m->path, id, why);
	return 0;
}

static int eval(const void *vargs, gl__ectx *ec, const gl__subject *s, gl__fails *out)
{
	const args *a = vargs;
	run r = {a, NULL, NULL, NULL, 0, 0, 0, NULL};
	if (gl__set_values(&a->roles, ec, s, &r.roles, &r.nroles) ||
	    gl__set_values(&a->not_roles, ec, s, &r.not_roles, &r.nnot) ||
	    gl__set_values(&a->has, ec, s, &r.has, &r.nhas))
		return -1;
	if (a->member_of) {
		gl__matches m = {0};
		gl__path_eval(a->member_of, ec, s, &m);
		r.group = m.n && m.v[0].node ? gl__scalar_text(m.v[0].node) : NULL;
		int oom = m.oom;
		gl__matches_free(&m);
		if (oom)
			return gl__err_set(ec->err, "out of memory"), -1;
	}
	return gl__each_match(a->paths, &r, ec, s, one, out);
}

const gl__check gl__check_person = {"person", "a person id that resolves, with role constraints",
                                    compile, eval};
