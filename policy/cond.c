/*
 * Conditions: a tree of `all`, `any`, `not`, `if`/`then`/`else`, `each` and
 * predicates. A mapping with several predicate keys, or a list, means all
 * of them. `message:` on any node overrides the rule's message for failures
 * found beneath it (beneath `any`, the `any`'s own: see eval_any).
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

typedef enum { C_ALL, C_ANY, C_NOT, C_IF, C_EACH, C_PRED } cond_kind;

struct gl__cond {
	cond_kind kind;
	gl__cond **kids;
	size_t nkids;
	const gl__check *check;
	void *args;
	const gl__tmpl *message;
	gl__path *each;   /* C_EACH: the subjects; kids[0] where (or NULL), kids[1] require */
	gl__path *at;     /* failures beneath point here instead */
};

static gl__cond *new_cond(gl__pctx *pc, cond_kind kind, size_t nkids)
{
	gl__cond *c = gl__arena_alloc(pc->arena, sizeof *c);
	if (c && nkids)
		c->kids = gl__arena_alloc(pc->arena, nkids * sizeof *c->kids);
	if (!c || (nkids && !c->kids)) {
		gl__err_set(pc->err, "out of memory");
		return NULL;
	}
	c->kind = kind;
	return c;
}

/* `message:` beside a condition: a template, compiled; 0 or -1. */
static int read_message(gl__pctx *pc, const gl_node *spec, gl__cond *c)
{
	const gl_node *msg = gl_node_get(spec, "message");
	if (!msg)
		return 0;
	if (!gl__nonblank_text(msg))   /* as a rule's: a finding must say something */
		return gl__arg_fail(pc, msg, "'message' must be non-empty text");
	return (c->message = gl__arg_template(pc, msg)) ? 0 : -1;
}

static gl__cond *compile_list(gl__pctx *pc, const gl_node *list, cond_kind kind)
{
	if (list->kind != GL_SEQ || list->n == 0) {
		gl__arg_fail(pc, list, "expected a non-empty list of conditions");
		return NULL;
	}
	gl__cond *c = new_cond(pc, kind, list->n);
	for (size_t i = 0; c && i < list->n; i++)
		if (!(c->kids[c->nkids++] = gl__cond_compile(pc, list->items[i])))
			return NULL;
	return c;
}

static gl__cond *compile_entry(gl__pctx *pc, const gl_node *key, const gl_node *val)
{
	const char *name = key->str;
	if (strcmp(name, "all") == 0)
		return compile_list(pc, val, C_ALL);
	if (strcmp(name, "any") == 0)
		return compile_list(pc, val, C_ANY);
	if (strcmp(name, "not") == 0) {
		gl__cond *c = new_cond(pc, C_NOT, 1);
		if (c && !(c->kids[c->nkids++] = gl__cond_compile(pc, val)))
			return NULL;
		return c;
	}
	const gl__check *check = gl__check_find(name);
	if (!check) {
		gl__arg_fail(pc, key, "unknown predicate '%s' (see docs/rules-language.md)", name);
		return NULL;
	}
	gl__cond *c = new_cond(pc, C_PRED, 0);
	if (!c)
		return NULL;
	c->check = check;
	if (check->compile(&c->args, val, pc))
		return NULL;
	return c;
}

/* {if: C, then: C, else: C}: kids[0] decides, kids[1] or kids[2] applies. */
static gl__cond *compile_if(gl__pctx *pc, const gl_node *spec)
{
	static const char *const keys[] = {"if", "then", "else", "message", "at", NULL};
	const gl_node *then = gl_node_get(spec, "then"), *els = gl_node_get(spec, "else");
	if (gl__arg_check_keys(pc, spec, keys))
		return NULL;
	if (!then && !els) {
		gl__arg_fail(pc, spec, "'if' needs 'then' or 'else'");
		return NULL;
	}
	gl__cond *c = new_cond(pc, C_IF, 3);
	if (!c || !(c->kids[0] = gl__cond_compile(pc, gl_node_get(spec, "if"))) ||
	    (then && !(c->kids[1] = gl__cond_compile(pc, then))) ||
	    (els && !(c->kids[2] = gl__cond_compile(pc, els))))
		return NULL;
	c->nkids = 3;
	return read_message(pc, spec, c) ? NULL : c;
}

/* {each: PATH, where: C, require: C}: C must hold for every node PATH
 * reaches from the subject (as the new subject) that `where` keeps. */
static gl__cond *compile_each(gl__pctx *pc, const gl_node *spec)
{
	static const char *const keys[] = {"each", "where", "require", "message", "at", NULL};
	const gl_node *where = gl_node_get(spec, "where"), *req = gl_node_get(spec, "require");
	if (gl__arg_check_keys(pc, spec, keys))
		return NULL;
	if (!req) {
		gl__arg_fail(pc, spec, "'each' needs 'require'");
		return NULL;
	}
	gl__cond *c = new_cond(pc, C_EACH, 2);
	if (!c || !(c->each = gl__arg_path(pc, spec, "each", 1)))
		return NULL;
	int at_plan = pc->at_plan;
	pc->at_plan = 0;   /* below, the subject is what `each` reaches */
	int ok = (!where || (c->kids[0] = gl__cond_compile(pc, where))) &&
	         (c->kids[1] = gl__cond_compile(pc, req));
	pc->at_plan = at_plan;
	if (!ok)
		return NULL;
	c->nkids = 2;
	return read_message(pc, spec, c) ? NULL : c;
}

static gl__cond *compile_node(gl__pctx *pc, const gl_node *spec);

/* Every condition may carry `at: PATH`, placing its failures there. */
gl__cond *gl__cond_compile(gl__pctx *pc, const gl_node *spec)
{
	gl__cond *c = compile_node(pc, spec);
	const gl_node *at = spec && spec->kind == GL_MAP ? gl_node_get(spec, "at") : NULL;
	if (c && at && !(c->at = gl__arg_paths(pc, at)))
		return NULL;
	return c;
}

static gl__cond *compile_node(gl__pctx *pc, const gl_node *spec)
{
	if (spec && spec->kind == GL_MAP && gl_node_get(spec, "each"))
		return compile_each(pc, spec);
	if (spec && spec->kind == GL_MAP && gl_node_get(spec, "if"))
		return compile_if(pc, spec);
	if (!spec || spec->kind == GL_SEQ)
		return spec ? compile_list(pc, spec, C_ALL) : NULL;
	if (spec->kind != GL_MAP || spec->n == 0) {
		gl__arg_fail(pc, spec, "expected a condition (a mapping such as {present: field})");
		return NULL;
	}
	const gl_node *msg = gl_node_get(spec, "message");
	size_t npred = spec->n / 2 - (msg != NULL) - (gl_node_get(spec, "at") != NULL);
	if (npred == 0) {
		gl__arg_fail(pc, spec, "a condition needs a predicate beside 'message'");
		return NULL;
	}
	gl__cond *c = npred > 1 ? new_cond(pc, C_ALL, npred) : NULL;
	if (npred > 1 && !c)
		return NULL;
	for (size_t i = 0; i < spec->n; i += 2) {
		const gl_node *k = spec->items[i];
		if (k->kind != GL_SCALAR) {
			gl__arg_fail(pc, k, "a condition's keys are names");
			return NULL;
		}
		if (strcmp(k->str, "message") == 0 || strcmp(k->str, "at") == 0)
			continue;
		gl__cond *kid = compile_entry(pc, k, spec->items[i + 1]);
		if (!kid)
			return NULL;
		if (!c)
			c = kid;
		else
			c->kids[c->nkids++] = kid;
	}
	return read_message(pc, spec, c) ? NULL : c;
}

/* Moves failures from `from` to `out`, stamping an unset message. */
static void take(gl__fails *out, gl__fails *from, const gl__tmpl *message)
{
	if (out && from->oom)
		out->oom = 1;
	if (from->decide) {   /* counted, not kept: out only decides too */
		if (out)
			out->n += from->n;
		return;
	}
	for (size_t i = 0; out && i < from->n; i++) {
		gl__fail f = from->v[i];
		if (!f.message)
			f.message = message;
		gl__fails_push(out, &f);
	}
}

/* Points the failures of `c` at its `at:` path, evaluated from `s`. */
static void relocate(const gl__cond *c, gl__ectx *ec, const gl__subject *s, gl__fails *f)
{
	if (!c->at || !f->n)
		return;
	gl__matches m = {0};
	gl__path_eval(c->at, ec, s, &m);
	if (m.oom)
		f->oom = 1;
	for (size_t i = 0; m.n && i < f->n; i++) {
		f->v[i].loc = m.v[0].node ? m.v[0].node : m.v[0].loc;
		f->v[i].path = m.v[0].path;
	}
	gl__matches_free(&m);
}

/* Runs a predicate into f: 1 pass, 0 fail, -1 error (out of memory too). */
static int run_pred(const gl__cond *c, gl__ectx *ec, const gl__subject *s, gl__fails *f)
{
	int rc = c->check->eval(c->args, ec, s, f);
	if (rc == 0 && f->oom) {
		gl__err_set(ec->err, "out of memory");
		rc = -1;
	}
	return rc < 0 ? rc : f->n == 0;
}

static int eval_pred(const gl__cond *c, gl__ectx *ec, const gl__subject *s, gl__fails *out)
{
	gl__fails mine = {.decide = out->decide};
	int rc = run_pred(c, ec, s, &mine);
	if (rc >= 0)
		take(out, &mine, c->message);
	gl__fails_free(&mine);
	return rc;
}

static int decide(const gl__cond *c, gl__ectx *ec, const gl__subject *s);

/* Only the first alternative's failures are told, and only when out wants
 * them: the others are only decided (a list stops at its first failure). */
static int eval_any(const gl__cond *c, gl__ectx *ec, const gl__subject *s, gl__fails *out)
{
	gl__fails first = {.decide = !out || out->decide};
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < c->nkids; i++)
		rc = i == 0 && out ? gl__cond_eval(c->kids[i], ec, s, &first) : decide(c->kids[i], ec, s);
	if (rc == 0) {
		if (first.n == 0)   /* the first alternative failed without a place */
			gl__fails_add(&first, s->node, s->path, NULL, "no alternative holds");
		for (size_t i = 0; first.v && i < first.n; i++)
			first.v[i].message = NULL;  /* the alternatives' texts do not apply */
		take(out, &first, c->message);
	}
	gl__fails_free(&first);
	return rc;
}

static int eval_each(const gl__cond *c, gl__ectx *ec, const gl__subject *s, gl__fails *out)
{
	gl__matches m = {0};
	gl__path_eval(c->each, ec, s, &m);
	gl__fails mine = {0};
	int rc = m.oom ? -1 : 1;
	for (size_t i = 0; rc >= 0 && i < m.n; i++) {
		gl__subject sub = {m.v[i].node, m.v[i].parent, m.v[i].path};
		if (!sub.node || gl__is_null(sub.node))
			continue;
		int keep = c->kids[0] ? gl__cond_eval(c->kids[0], ec, &sub, NULL) : 1;
		size_t before = mine.n;
		int ok = keep > 0 ? gl__cond_eval(c->kids[1], ec, &sub, out ? &mine : NULL)
		                  : keep;   /* a subject `where` drops passes */
		if (keep == 0)
			ok = 1;
		for (size_t j = before; j < mine.n; j++)
			if (!mine.v[j].has_subject) {
				mine.v[j].subject = sub;
				mine.v[j].has_subject = 1;
			}
		rc = ok < 0 ? -1 : rc && ok;
		if (rc == 0 && !out)
			break;
	}
	if (m.oom)
		gl__err_set(ec->err, "out of memory");
	gl__matches_free(&m);
	if (rc >= 0)
		take(out, &mine, c->message);
	gl__fails_free(&mine);
	return rc;
}

static int eval_node(const gl__cond *c, gl__ectx *ec, const gl__subject *s, gl__fails *out);

/* Deciding only (where:, when:, if:), for every subject a rule visits: a
 * predicate's failures are counted, a list stops at its first failure. */
static int decide(const gl__cond *c, gl__ectx *ec, const gl__subject *s)
{
	if (c->kind == C_ALL) {
		for (size_t i = 0; i < c->nkids; i++) {
			int rc = decide(c->kids[i], ec, s);
			if (rc <= 0)
				return rc;
		}
		return 1;
	}
	if (c->kind != C_PRED)
		return eval_node(c, ec, s, NULL);
	int rc = c->check->test ? c->check->test(c->args, s->node) : GL__ASK;
	if (rc != GL__ASK)
		return rc;
	gl__fails counted = {.decide = 1};   /* keeps nothing: no free */
	return run_pred(c, ec, s, &counted);
}

int gl__cond_rejects(const gl__cond *c, const gl_node *node)
{
	if (c->kind == C_PRED)
		return c->check->test && c->check->test(c->args, node) == 0;
	for (size_t i = 0; c->kind == C_ALL && i < c->nkids; i++) {
		const gl__cond *k = c->kids[i];
		if (k->kind != C_PRED || !k->check->test)
			return 0;   /* only evaluating it tells (an error, say, which stands) */
		int rc = k->check->test(k->args, node);
		if (rc != 1)
			return rc == 0;
	}
	return 0;
}

int gl__cond_eval(const gl__cond *c, gl__ectx *ec, const gl__subject *s, gl__fails *out)
{
	if (!out)
		return decide(c, ec, s);
	if (!c->at)
		return eval_node(c, ec, s, out);
	gl__fails mine = {0};
	int rc = eval_node(c, ec, s, &mine);
	relocate(c, ec, s, &mine);
	take(out, &mine, NULL);
	gl__fails_free(&mine);
	return rc;
}

/* out is NULL only for any, each, not and if (decide() takes predicates
 * and lists itself). */
static int eval_node(const gl__cond *c, gl__ectx *ec, const gl__subject *s, gl__fails *out)
{
	switch (c->kind) {
	case C_PRED:
		return eval_pred(c, ec, s, out);
	case C_ANY:
		return eval_any(c, ec, s, out);
	case C_EACH:
		return eval_each(c, ec, s, out);
	case C_IF: {
		int rc = gl__cond_eval(c->kids[0], ec, s, NULL);
		const gl__cond *branch = rc < 0 ? NULL : c->kids[rc ? 1 : 2];
		if (rc < 0 || !branch)
			return rc < 0 ? rc : 1;
		if (!out)   /* deciding: the branch only decides too */
			return decide(branch, ec, s);
		gl__fails mine = {0};
		rc = gl__cond_eval(branch, ec, s, &mine);
		take(out, &mine, c->message);
		gl__fails_free(&mine);
		return rc;
	}
	case C_NOT: {
		int rc = gl__cond_eval(c->kids[0], ec, s, NULL);
		if (rc == 1 && out) {
			gl__fail f = {s->node, s->path, NULL, "a condition that must not hold holds",
			              c->message, {NULL, NULL, NULL}, 0, s->node};
			gl__fails_push(out, &f);
		}
		return rc < 0 ? rc : !rc;
	}
	case C_ALL: {
		gl__fails mine = {0};
		int ok = 1;
		for (size_t i = 0; i < c->nkids; i++) {
			int rc = gl__cond_eval(c->kids[i], ec, s, &mine);
			if (rc < 0) {
				gl__fails_free(&mine);
				return rc;
			}
			ok &= rc;
		}
		take(out, &mine, c->message);
		gl__fails_free(&mine);
		return ok;
	}
	}
	return -1;
}
