/* provenance: PATH | [PATH...]
 * A signature is a claim; git history says who made it. Every value at
 * path names a signer (a person id); the line holding it must have been
 * committed by one of the signer's e-mails in people.yaml, or by a commit
 * carrying a Signed-off-by trailer with one. In a mapping that is the
 * key's line (`by: *anchor` is written there, not at the anchor), and the
 * value's too when it sits on a line of its own below the key. A line not yet committed
 * counts as the committer's (git config). Outside git the predicate holds:
 * the run says, once, that provenance was not traced. */
#include "../internal.h"

#include <string.h>
#include <strings.h>

typedef struct args {
	gl__path *paths;
} args;

static int compile(void **out, const gl_node *spec, gl__pctx *pc)
{
	args *a = gl__arg_alloc(pc, spec, sizeof *a);
	if (!a || !(a->paths = gl__arg_paths(pc, spec)))
		return -1;
	pc->provenance = 1;
	*out = a;
	return 0;
}

static int has_email(const gl__person *p, const char *email)
{
	for (size_t i = 0; email && i < p->nemails; i++)
		if (strcasecmp(p->emails[i], email) == 0)
			return 1;
	return 0;
}

static int signed_off(const gl__person *p, const gl__line_author *a)
{
	for (size_t i = 0; i < a->nsigned; i++)
		if (has_email(p, a->signed_off[i]))
			return 1;
	return 0;
}

/* The blame of the plan, made on first use, into *b: NULL with
 * prov->failed set when git cannot give it. -1 out of memory. */
static int blame(gl__prov *prov, gl__blame **b)
{
	gl_err e;
	int rc = 0;
	if (!prov->blame && !prov->failed[0] &&
	    (rc = gl__repo_blame(prov->repo, prov->rev, prov->file, prov->buf, prov->len, prov->blob,
	                         prov->name, prov->email, &prov->blame, &e)) &&
	    rc != GL_ENOMEM)
		snprintf(prov->failed, sizeof prov->failed, "%s", e.msg);
	*b = prov->blame;
	return rc == GL_ENOMEM ? -1 : 0;
}

static const char *mismatch(gl__ectx *ec, const char *id, const gl__line_author *a)
{
	if (!a->commit[0] && !*a->email)
		return gl__arena_printf(ec->arena, "sign-off by %s is not committed yet and git has no "
		                        "user.name/user.email to attribute it to", id);
	if (!a->commit[0])   /* a hook runs before the message: no trailer can vouch yet */
		return gl__arena_printf(ec->arena, "sign-off by %s is not committed yet and the "
		                        "commit's author is %s <%s>, not %s (commit it as %s, or with "
		                        "git commit --author)", id, a->name, a->email, id, id);
	return gl__arena_printf(ec->arena, "sign-off by %s was written by %s <%s> in commit %s "
	                        "(%s), not by %s", id, a->name, a->email, a->commit, a->date, id);
}

/* The key a mapping holds `value` under, or NULL (a list item, the root). */
static const gl_node *key_of(const gl_node *parent, const gl_node *value)
{
	for (size_t i = 0; parent && parent->kind == GL_MAP && i + 1 < parent->n; i += 2)
		if (parent->items[i + 1] == value)
			return parent->items[i];
	return NULL;
}

/* Why the signer p did not write `line` into *why (NULL: they did). -1 out
 * of memory. */
static int check_line(gl__ectx *ec, const gl__person *p, const char *id, unsigned line,
                      const char **why)
{
	const gl__line_author *a;
	gl_err e;
	int rc = gl__blame_line(ec->prov->blame, line, &a, &e);
	*why = NULL;
	if (rc == GL_ENOMEM)
		return -1;
	if (rc)
		*why = gl__arena_printf(ec->arena, "who committed this sign-off cannot be traced: %s",
		                        e.msg);
	else if (!a)
		*why = gl__arena_printf(ec->arena, "line %u is not in the blame of %s", line,
		                        ec->prov->file);
	else if (a->cut)
		*why = gl__arena_printf(ec->arena, "who committed this sign-off cannot be traced: the "
		                        "shallow clone's history stops before line %u was written "
		                        "(git fetch --unshallow)", line);
	else if (has_email(p, a->email) || signed_off(p, a))
		return 0;
	else
		*why = mismatch(ec, id, a);
	return *why ? 0 : -1;
}

static int one(const gl__match *m, const void *vargs, gl__ectx *ec, gl__fails *out)
{
	GL__UNUSED(vargs);
	const char *id = m->node ? gl__scalar_text(m->node) : NULL;
	const gl__person *p = id ? gl__roster_find(ec->people, id) : NULL;
	if (!p)
		return 0;   /* an unknown signer is another rule's finding */
	const gl_node *key = key_of(m->parent, m->node);
	const gl_node *at = key && key->line > m->node->line ? key : m->node;   /* an alias */
	const char *why = NULL;
	gl__blame *b = NULL;
	if (!p->nemails) {
		why = gl__arena_printf(ec->arena, "%s has no e-mail in people.yaml, so who committed "
		                       "this sign-off cannot be traced", id);
	} else {
		if (blame(ec->prov, &b))
			return -1;
		if (!b)
			why = gl__arena_printf(ec->arena, "who committed this sign-off cannot be traced: %s",
			                       ec->prov->failed);
		else if (check_line(ec, p, id, key ? key->line : m->node->line, &why) ||
		         (!why && key && m->node->line > key->line &&
		          check_line(ec, p, id, m->node->line, &why)))
			return -1;
		else if (!why)
			return 0;   /* the signer wrote it */
	}
	if (!why)
		return -1;   /* out of memory */
	gl__fails_add(out, at, m->path, id, why);
	return 0;
}

static int eval(const void *vargs, gl__ectx *ec, const gl__subject *s, gl__fails *out)
{
	const args *a = vargs;
	if (!ec->prov || !ec->prov->repo)
		return 0;
	return gl__each_match(a->paths, a, ec, s, one, out);
}

const gl__check gl__check_provenance = {"provenance",
                                        "the git author of a sign-off's line is the signer",
                                        compile, eval};
