/*
 * Conditions: a tree of `all`, `any`, `not`, `if`/`then`/`else` and
 * predicates. A mapping with several predicate keys, or a list, means all
 * of them. `message:` on any node overrides the rule's message for failures
 * found beneath it.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

typedef enum { C_ALL, C_ANY, C_NOT, C_IF, C_PRED } cond_kind;

struct gl__cond {
	cond_kind kind;
	gl__cond **kids;
	size_t nkids;
	const gl__check *check;
	void *args;
	const char *message;
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
	static const char *const keys[] = {"if", "then", "else", "message", NULL};
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
	c->message = gl__scalar_text(gl_node_get(spec, "message"));
	return c;
}

gl__cond *gl__cond_compile(gl__pctx *pc, const gl_node *spec)
{
	if (spec && spec->kind == GL_MAP && gl_node_get(spec, "if"))
		return compile_if(pc, spec);
	if (!spec || spec->kind == GL_SEQ)
		return spec ? compile_list(pc, spec, C_ALL) : NULL;
	if (spec->kind != GL_MAP || spec->n == 0) {
		gl__arg_fail(pc, spec, "expected a condition (a mapping such as {present: field})");
		return NULL;
	}
	const gl_node *msg = gl_node_get(spec, "message");
	size_t npred = spec->n / 2 - (msg != NULL);
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
		if (strcmp(k->str, "message") == 0)
			continue;
		gl__cond *kid = compile_entry(pc, k, spec->items[i + 1]);
		if (!kid)
			return NULL;
		if (!c)
			c = kid;
		else
			c->kids[c->nkids++] = kid;
	}
	if (msg && !(c->message = gl__scalar_text(msg))) {
		gl__arg_fail(pc, msg, "'message' must be a string");
		return NULL;
	}
	return c;
}

/* Moves failures from `from` to `out`, stamping an unset message. */
static void take(gl__fails *out, gl__fails *from, const char *message)
{
	for (size_t i = 0; out && i < from->n; i++) {
		gl__fail f = from->v[i];
		gl__fails_add(out, f.loc, f.path, f.value, f.detail);
		if (!out->oom)
			out->v[out->n - 1].message = f.message ? f.message : message;
	}
}

static int eval_pred(const gl__cond *c, gl__ectx *ec, const gl__subject *s, gl__fails *out)
{
	gl__fails mine = {0};
	int rc = c->check->eval(c->args, ec, s, &mine);
	if (rc == 0 && mine.oom) {
		gl__err_set(ec->err, "out of memory");
		rc = -1;
	}
	if (rc == 0) {
		rc = mine.n == 0;
		take(out, &mine, c->message);
	}
	gl__fails_free(&mine);
	return rc;
}

static int eval_any(const gl__cond *c, gl__ectx *ec, const gl__subject *s, gl__fails *out)
{
	gl__fails first = {0};
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < c->nkids; i++) {
		gl__fails tmp = {0};
		rc = gl__cond_eval(c->kids[i], ec, s, i == 0 ? &first : &tmp);
		gl__fails_free(&tmp);
	}
	if (rc == 0) {
		if (first.n == 0)   /* the first alternative failed without a place */
			gl__fails_add(&first, s->node, s->path, NULL, "no alternative holds");
		for (size_t i = 0; i < first.n; i++)
			first.v[i].message = NULL;  /* the alternatives' texts do not apply */
		take(out, &first, c->message);
	}
	gl__fails_free(&first);
	return rc;
}

int gl__cond_eval(const gl__cond *c, gl__ectx *ec, const gl__subject *s, gl__fails *out)
{
	switch (c->kind) {
	case C_PRED:
		return eval_pred(c, ec, s, out);
	case C_ANY:
		return eval_any(c, ec, s, out);
	case C_IF: {
		int rc = gl__cond_eval(c->kids[0], ec, s, NULL);
		const gl__cond *branch = rc < 0 ? NULL : c->kids[rc ? 1 : 2];
		if (rc < 0 || !branch)
			return rc < 0 ? rc : 1;
		gl__fails mine = {0};
		rc = gl__cond_eval(branch, ec, s, &mine);
		take(out, &mine, c->message);
		gl__fails_free(&mine);
		return rc;
	}
	case C_NOT: {
		int rc = gl__cond_eval(c->kids[0], ec, s, NULL);
		if (rc == 1 && out) {
			gl__fails_add(out, s->node, s->path, NULL, "a condition that must not hold holds");
			if (!out->oom)
				out->v[out->n - 1].message = c->message;
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
			if (!ok && !out)
				break;   /* deciding only: the first failure settles it */
		}
		take(out, &mine, c->message);
		gl__fails_free(&mine);
		return ok;
	}
	}
	return -1;
}
