/*
 * Waivers (waivers.yaml): time-limited, approved exceptions for soft rules.
 * A valid waiver turns the findings it matches into waived ones (kept in
 * every report, never counted against --fail-on); of several matching a
 * finding, the one expiring last applies (the first in the file on a tie).
 * Everything wrong with a waiver is a finding of the rule that `detects:
 * waiver` (GOV-WVR-001), located in waivers.yaml: a malformed entry (or a
 * top-level key other than `waivers`), an unknown or hard rule, an
 * approver without the role, an expired waiver (whose findings come back,
 * unless a valid waiver covers all it did: then only the entry is stale),
 * a waiver that matches nothing in the plans checked or is superseded
 * there, and, as info, one expiring within 14 days, one not judged, its
 * plan not read (the run says which), and one that waived a finding
 * naming by position an item that has an identity (saying how to name it
 * by that, so it stays with the item). The rule's severity for
 * waivers.yaml, as the config sets it, caps theirs. What is wrong with an
 * entry itself is found as the file is read; its expiry and whether it
 * matches are judgements about its plan, made once the plans are checked
 * and only for the plans the run judges (a run checking plan B leaves an
 * expired waiver of plan A alone).
 * A path may name a list item by position (`monitoring.metrics[0]`), as a
 * finding's path does, or by its identity (`monitoring.metrics[id="MON-1"]`),
 * as the finding's fingerprint does: gl__waivers_note finds, as each finding
 * is made, where such a waiver lies by position in that plan.
 * A waiver is valid through its expiry date and expired the day after.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#define SOON_DAYS 14

struct entry {
	gl_waiver pub;
	char path_in_file[32];   /* waivers[i], the finding's logical path */
	const char *rule, *plan, *path;
	const gl_node *node;
	long expires;
	int valid, expired, used;     /* expired: valid but for the date */
	int by_identity;              /* path names an item by its identity (`[id="C-3"]`) */
	const char *named;            /* path by identity, once it waived a finding whose item
	                                 it names by position has one ("" when it has none) */
	const struct entry *lost_to;  /* applies to a finding this one matches too */
};

/* A waiver's path as one plan spells it otherwise (gl__waivers_note). */
struct gl__wlink {
	struct entry *e;
	const char *path;   /* by position, of a waiver naming by identity; else by identity */
	struct gl__wlink *next;
};

struct gl__waivers {
	gl_doc *doc;
	gl__arena *arena;       /* the entries' paths as findings spell them */
	struct entry *v;
	size_t n;
	struct entry **index;   /* the valid ones by (rule, plan), file order within */
	size_t nindex;
	gl__regex **placeholders;   /* the waiver rule's pack's, which no reason may be */
	size_t nplaceholders;
};

typedef struct ctx {
	gl__waivers *w;
	const gl__waiver_in *in;
	gl__plan_out *out;
	gl_err *err;            /* or NULL: the caller says "out of memory" */
	const struct entry *entry;   /* the entry being read, or NULL: the file's top */
} ctx;

/* A waiver as fingerprints know it: by its rule, plan and path
 * (`waivers[rule="R",plan="P",path="X"]`), not by its place in the file,
 * so inserting or reordering waivers leaves the others' findings as they
 * were. */
static void identity(gl__buf *b, const struct entry *e)
{
	gl__buf_puts(b, "waivers[rule=");
	gl__json_str(b, e->rule);
	gl__buf_puts(b, ",plan=");
	gl__json_str(b, e->plan);
	if (e->path) {
		gl__buf_puts(b, ",path=");
		gl__json_str(b, e->path);
	}
	gl__buf_putc(b, ']');
}

static int vreport(ctx *c, const gl_node *at, gl_severity sev, const struct entry *by,
                   const char *fmt, va_list ap) __attribute__((format(printf, 5, 0)));

/* A GOV-WVR-001 finding at `at` in waivers.yaml about c->entry, of
 * severity `sev` at most the rule's there (the config's overrides for the
 * file apply; none when they disable it); 0, or -1 out of memory (err
 * set). Its fingerprint's value is the message, or when the message names
 * the line of waiver `by`, the wording with `by` known by its identity. */
static int vreport(ctx *c, const gl_node *at, gl_severity sev, const struct entry *by,
                   const char *fmt, va_list ap)
{
	const gl_rule *r = gl__detector(c->in->packs, "waiver");
	int top = gl__detector_severity(c->in->packs, c->in->skip, c->in->sev, r, NULL);
	if (top < 0)
		return 0;
	char msg[512];
	vsnprintf(msg, sizeof msg, fmt, ap);
	gl__buf id = {0}, value = {0};
	if (c->entry)
		identity(&id, c->entry);
	if (by) {
		gl__buf_puts(&value, fmt);
		identity(&value, by);
	}
	gl__finding_at at_ = {c->in->file, c->in->file, at->line, at->col,
	                      c->entry ? c->entry->path_in_file : "", id.p};
	int ok = !id.oom && !value.oom &&
	         gl__add_finding(c->out, r, (int)sev < top ? sev : (gl_severity)top, &at_,
	                         by ? value.p : msg, msg, NULL, c->w->doc);
	gl__buf_free(&id);
	gl__buf_free(&value);
	return ok ? 0 : (gl__err_set(c->err, "out of memory"), -1);
}

static int report(ctx *c, const gl_node *at, gl_severity sev, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int report(ctx *c, const gl_node *at, gl_severity sev, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = vreport(c, at, sev, NULL, fmt, ap);
	va_end(ap);
	return rc;
}

static int report_naming(ctx *c, const gl_node *at, gl_severity sev, const struct entry *by,
                         const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* report(), of a message naming the line of waiver `by`. */
static int report_naming(ctx *c, const gl_node *at, gl_severity sev, const struct entry *by,
                         const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = vreport(c, at, sev, by, fmt, ap);
	va_end(ap);
	return rc;
}

static const char *field(const gl_node *e, const char *key)
{
	const gl_node *n = gl_node_get(e, key);
	return n && n->kind == GL_SCALAR && n->len ? n->str : NULL;
}

/* The rule's waiver_approvers when it has them, else the config's. */
static int holds_role(ctx *c, const gl_rule *r, const gl__person *p)
{
	const char *const *roles = r->nwaiver_roles ? r->waiver_roles : c->in->roles;
	size_t n = r->nwaiver_roles ? r->nwaiver_roles : c->in->nroles;
	for (size_t i = 0; i < n; i++)
		if (gl__person_has(p->roles, p->nroles, roles[i]))
			return 1;
	return 0;
}

/* Why `id` cannot approve a waiver of r (the end of "who ..."), or NULL;
 * `why` holds the text when it has to be made. */
static const char *approver_problem(ctx *c, const gl_rule *r, const char *id, char why[160])
{
	const gl__person *p = gl__roster_find(c->in->roster, id);
	if (!p)
		return "is not in people.yaml";
	for (size_t i = 0; i < c->in->nnever; i++)   /* a team login signs for nobody */
		if (gl__person_has(p->roles, p->nroles, c->in->never[i])) {
			snprintf(why, 160, "holds the role %s, which can never sign (see never_sign)",
			         c->in->never[i]);
			return why;
		}
	if (!holds_role(c, r, p))
		return r->nwaiver_roles ? "does not hold a role the rule's waiver_approvers name"
		                        : "does not hold a waiver-approving role (see waiver_approvers)";
	return NULL;
}

static const char *key_text(const gl_node *k)
{
	return k->kind == GL_SCALAR ? k->str : "?";
}

/* A reason, reference or path is prose or a path, never a bool or a
 * number: `reason: true` is no reason. The ids (rule, plan, approved_by)
 * are compared as the pack, plan or roster spells them (`id: 42`), and
 * expires must be a date anyway. */
static int prose(const char *key)
{
	return strcmp(key, "reason") == 0 || strcmp(key, "reference") == 0 ||
	       strcmp(key, "path") == 0;
}

/* What value v of `key` is when it is not non-blank text, or NULL when it
 * is; `buf` holds the text when it has to be made. */
static const char *not_text(const char *key, const gl_node *v, char buf[96])
{
	if (v->kind == GL_SEQ)
		return "a list";
	if (v->kind == GL_MAP)
		return "a mapping";
	if (v->kind == GL_NULL || v->len == 0)
		return "empty";
	gl__stype t = gl__scalar_type(v);
	if (prose(key) && t != GL_T_STR) {
		snprintf(buf, 96, "the %s %.40s (quote it to mean the text)",
		         t == GL_T_BOOL ? "boolean" : "number", v->str);
		return buf;
	}
	return v->str[strspn(v->str, " \t\r\n")] ? NULL : "blank";
}

/* Every key known, the required ones there, and each value non-blank text
 * (a `path:` that is not must not waive the whole plan, nor a `reference:`
 * be lost from the record): 1, 0 reported as a finding, -1 out of memory. */
static int check_keys(ctx *c, const gl_node *n)
{
	static const char *const keys[] = {"rule", "plan", "path", "reason", "approved_by",
	                                   "expires", "reference", NULL};
	const gl_node *unknown = gl__unknown_key(n, keys);   /* a mistyped `path:` waives the plan */
	if (unknown)
		return report(c, unknown, GL_SEV_ERROR, "waiver with unknown key '%s' (it has rule, "
		              "plan, path, reason, approved_by, expires, reference): it waives nothing",
		              key_text(unknown));
	for (size_t i = 0; keys[i]; i++) {
		const gl_node *v = gl_node_get(n, keys[i]);
		int path = strcmp(keys[i], "path") == 0;
		char buf[96];
		const char *what = v ? not_text(keys[i], v, buf) : NULL;
		if (!v && !path && strcmp(keys[i], "reference") != 0)
			return report(c, n, GL_SEV_ERROR, "waiver without '%s': it waives nothing", keys[i]);
		if (what)
			return report(c, v, GL_SEV_ERROR, "waiver '%s' must be %s, not %s: it waives nothing",
			              keys[i], path ? "a text path inside the plan (leave it out to waive "
			                              "the whole plan)" : "text", what);
	}
	return 1;
}

/* A placeholder for a reason (TBD, N/A, ...: the pack's vocabulary) is
 * reported: 1 it is not one, 0 reported, -1 error (err set). */
static int check_reason(ctx *c, const gl_node *reason)
{
	for (size_t i = 0; i < c->w->nplaceholders; i++) {
		gl_err e;
		int rc = gl__regex_match(c->w->placeholders[i], reason->str, reason->len, &e);
		if (rc < 0)
			return gl__err_at(c->err, c->in->file, reason->line, reason->col, "reason: %s",
			                  e.msg), -1;
		if (rc)
			return report(c, reason, GL_SEV_ERROR, "waiver reason '%s' is a placeholder, not a "
			              "reason: it waives nothing", reason->str);
	}
	return 1;
}

/* A path is one as findings write theirs, by position or by rule r's
 * pack's identity keys, kept as they spell it (a finding's path is
 * compared as text); one that is not is malformed, with the path parser's
 * message, not a waiver matching nothing: 1 it is, 0 reported, -1 error
 * (err set). */
static int check_path(ctx *c, struct entry *e, const gl_rule *r)
{
	static const char oom[] = "out of memory";
	gl_err why;
	const char *const *keys = r->pack ? (const char *const *)r->pack->identity_keys : NULL;
	const char *path = gl__lpath_parse(c->w->arena, e->path, keys, &e->by_identity, &why);
	size_t n = path ? 0 : strlen(why.msg);
	if (path)
		return e->path = path, 1;
	if (n >= sizeof oom - 1 && strcmp(why.msg + n - (sizeof oom - 1), oom) == 0)
		return gl__err_set(c->err, oom), -1;
	return report(c, gl_node_get(e->node, "path"), GL_SEV_ERROR, "waiver 'path' is not a path "
	              "inside the plan as findings write it (%s): it waives nothing", why.msg) ? -1 : 0;
}

/* Checks one entry; 1 valid, 0 reported as a finding, -1 error (err set). */
static int validate(ctx *c, struct entry *e)
{
	const gl_node *n = e->node;
	int ok = check_keys(c, n);
	if (ok > 0)
		ok = check_reason(c, gl_node_get(n, "reason"));
	if (ok <= 0)
		return ok;
	const gl_rule *r = gl__packset_find(c->in->packs, e->rule);
	int has_time;
	if (!r)
		return report(c, gl_node_get(n, "rule"), GL_SEV_ERROR,
		              "waiver for %s, which no active rule has as its id", e->rule) ? -1 : 0;
	if (r->enforcement == GL_ENF_HARD)
		return report(c, gl_node_get(n, "rule"), GL_SEV_ERROR,
		              "%s is a hard rule: it can never be waived", e->rule) ? -1 : 0;
	if (e->path && (ok = check_path(c, e, r)) <= 0)   /* its pack's identity keys name items */
		return ok;
	if (gl__parse_date(e->pub.expires, &e->expires, &has_time) || has_time)
		return report(c, gl_node_get(n, "expires"), GL_SEV_ERROR,
		              "expires '%s' is not a date (YYYY-MM-DD)", e->pub.expires) ? -1 : 0;
	char text[160];
	const char *why = approver_problem(c, r, e->pub.approved_by, text);
	if (why)
		return report(c, gl_node_get(n, "approved_by"), GL_SEV_ERROR, "waiver approved by %s, "
		              "who %s", e->pub.approved_by, why) ? -1 : 0;
	if (e->expires < c->in->today)
		return e->expired = 1, 0;   /* judged with the plans (gl__waivers_expiry) */
	return 1;
}

static void read_entry(struct entry *e, const gl_node *n)
{
	e->node = n;
	e->rule = field(n, "rule");
	e->plan = field(n, "plan");
	e->path = field(n, "path");
	e->pub.reason = field(n, "reason");
	e->pub.approved_by = field(n, "approved_by");
	e->pub.expires = field(n, "expires");
	e->pub.reference = field(n, "reference");
}

/* A waiver's path covers the finding's path and everything below it. */
static int covers(const char *waiver, const char *path)
{
	size_t n = strlen(waiver);
	return strncmp(waiver, path, n) == 0 && (path[n] == '\0' || path[n] == '.' || path[n] == '[');
}

/* Orders entries by (rule, plan), then by place in the file. */
static int entry_cmp(const struct entry *e, const char *rule, const char *plan)
{
	int c = strcmp(e->rule, rule);
	return c ? c : strcmp(e->plan, plan);
}

static int by_rule_plan(const void *a, const void *b)
{
	const struct entry *x = *(struct entry *const *)a, *y = *(struct entry *const *)b;
	int c = entry_cmp(x, y->rule, y->plan);
	return c ? c : (x > y) - (x < y);
}

/* Indexes the valid waivers, so that matching a finding looks only at
 * those of its rule and plan: n log n, not findings x waivers. */
static int index_valid(gl__waivers *w)
{
	if (!(w->index = malloc((w->n + 1) * sizeof *w->index)))
		return -1;
	for (size_t i = 0; i < w->n; i++)
		if (w->v[i].valid)
			w->index[w->nindex++] = &w->v[i];
	qsort(w->index, w->nindex, sizeof *w->index, by_rule_plan);
	return 0;
}

/* The valid waivers of `rule` for `plan`, in file order: *n of them. */
static struct entry *const *candidates(const gl__waivers *w, const char *rule, const char *plan,
                                       size_t *n)
{
	*n = 0;
	if (!w || !w->index)
		return NULL;
	size_t lo = 0, hi = w->nindex;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (entry_cmp(w->index[mid], rule, plan) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (lo + *n < w->nindex && entry_cmp(w->index[lo + *n], rule, plan) == 0)
		++*n;
	return w->index + lo;
}

/* Calls fn(e, arg) for each valid waiver e of `rule` for `plan` whose path
 * covers `path` ("": the whole plan) in plan output o: one naming items by
 * identity where gl__waivers_note found it lies by position there (maybe
 * twice: two items of one identity), the others as written; without o (a
 * waiver compared with another), every path as written. Linear in the
 * waivers of rule and plan and in o's links, not their product. */
static void each_covering(const gl__waivers *w, const gl__plan_out *o, const char *rule,
                          const char *plan, const char *path,
                          void (*fn)(struct entry *e, void *arg), void *arg)
{
	size_t n;
	struct entry *const *c = candidates(w, rule, plan, &n);
	for (size_t i = 0; i < n; i++)
		if (!c[i]->path || ((!c[i]->by_identity || !o) && covers(c[i]->path, path)))
			fn(c[i], arg);
	for (const struct gl__wlink *l = o && n ? o->wlinks : NULL; l; l = l->next)
		if (l->e->by_identity && entry_cmp(l->e, rule, plan) == 0 && covers(l->path, path))
			fn(l->e, arg);
}

/* Keeps in *arg the waiver expiring last, the first in the file on a tie
 * (a renewal added below the entry it renews applies). */
static void keep_latest(struct entry *e, void *arg)
{
	struct entry **best = arg;
	if (!*best || e->expires > (*best)->expires || (e->expires == (*best)->expires && e < *best))
		*best = e;
}

/* The waiver each_covering finds that applies, or NULL when none does. */
static struct entry *applying(const gl__waivers *w, const gl__plan_out *o, const char *rule,
                              const char *plan, const char *path)
{
	struct entry *best = NULL;
	each_covering(w, o, rule, plan, path, keep_latest, &best);
	return best;
}

/* An expired waiver's findings count again, unless a valid waiver covers
 * all it did: then only the entry is stale, and a warning says which
 * waiver took over. */
static int report_expired(ctx *c, const struct entry *x)
{
	const struct entry *by = applying(c->w, NULL, x->rule, x->plan, x->path ? x->path : "");
	const gl_node *at = gl_node_get(x->node, "expires");
	if (by)
		return report_naming(c, at, GL_SEV_WARNING, by, "waiver of %s for %s expired on %s; the "
		                     "waiver at line %u now covers its findings: remove this entry",
		                     x->rule, x->plan, x->pub.expires, by->node->line);
	return report(c, at, GL_SEV_ERROR, "waiver of %s for %s expired on %s: its findings count "
	              "again", x->rule, x->plan, x->pub.expires);
}

static int load_entries(ctx *c, const gl_node *root)
{
	static const char *const top[] = {"waivers", NULL};
	const gl_node *unknown = gl__unknown_key(root, top);   /* `waviers:` waives nothing */
	if (unknown && report(c, unknown, GL_SEV_ERROR, "%s has an unknown key '%s' (its only key is "
	                      "waivers)", c->in->file, key_text(unknown)))
		return -1;
	const gl_node *list = gl_node_get(root, "waivers");
	if (!list || list->kind != GL_SEQ)
		return report(c, root, GL_SEV_ERROR, "%s needs a 'waivers:' list", c->in->file);
	c->w->v = calloc(list->n + 1, sizeof *c->w->v);
	if (!c->w->v)
		return gl__err_set(c->err, "out of memory"), -1;
	for (size_t i = 0; i < list->n; i++) {
		struct entry *e = &c->w->v[c->w->n++];
		snprintf(e->path_in_file, sizeof e->path_in_file, "waivers[%zu]", i);
		c->entry = e;
		if (list->items[i]->kind != GL_MAP) {
			if (report(c, list->items[i], GL_SEV_ERROR, "a waiver is a mapping (rule, plan, "
			           "reason, approved_by, expires)"))
				return -1;
			continue;
		}
		read_entry(e, list->items[i]);
		int rc = validate(c, e);
		if (rc < 0)
			return -1;
		e->valid = rc;
	}
	if (index_valid(c->w))
		return gl__err_set(c->err, "out of memory"), -1;
	return 0;
}

/* The vocabulary `placeholders` of the waiver rule's pack, when it has one:
 * the patterns (whole-value: TBD, N/A, ...) GOV-DOC-002 rejects in plans. */
static int compile_placeholders(gl__waivers *w, const gl__packset *ps, gl_err *err)
{
	const gl_rule *r = gl__detector(ps, "waiver");
	const gl__vocab *v = gl__vocab_find(r->pack, "placeholders");
	if (!v)
		return 0;
	if (!(w->placeholders = calloc(v->n + 1, sizeof *w->placeholders)))
		return gl__err_set(err, "out of memory"), -1;
	for (size_t i = 0; i < v->n; i++) {
		gl_err e;
		if (!(w->placeholders[i] = gl__regex_new(v->values[i], &e)))
			return gl__err_set(err, "%s: vocabulary placeholders: %s", r->pack->file, e.msg), -1;
		w->nplaceholders++;
	}
	return 0;
}

int gl__waivers_load(gl__waivers **out, const gl__waiver_in *in, gl__plan_out *po, gl_err *err)
{
	*out = calloc(1, sizeof **out);
	if (!*out || !((*out)->arena = gl__arena_new()) ||
	    gl_doc_parse(&(*out)->doc, in->file, in->buf, in->len, in->limits) < 0)
		return gl__err_set(err, "out of memory"), -1;
	const gl_diag *d = gl_doc_diag((*out)->doc, 0);
	if (d)
		return gl__err_at(err, in->file, d->line, d->col, "%s", d->msg), -1;
	ctx c = {*out, in, po, err, NULL};
	const gl_node *root = gl_doc_root((*out)->doc);
	if (!root)
		return 0;   /* an empty file waives nothing */
	return compile_placeholders(*out, in->packs, err) || load_entries(&c, root) ? -1 : 0;
}

/* Notes in o that waiver e's path is spelled there as the first len
 * bytes of `path` (once); -1 out of memory (o->oom set). */
static int add_link(gl__plan_out *o, struct entry *e, const char *path, size_t len)
{
	for (const struct gl__wlink *l = o->wlinks; l; l = l->next)
		if (l->e == e && strncmp(l->path, path, len) == 0 && !l->path[len])
			return 0;
	struct gl__wlink *l = gl__arena_alloc(o->arena, sizeof *l);
	char *text = gl__arena_strndup(o->arena, path, len);
	if (!l || !text)
		return o->oom = 1, -1;
	*l = (struct gl__wlink){e, text, o->wlinks};
	o->wlinks = l;
	return 0;
}

int gl__waivers_note(const gl__waivers *w, gl__plan_out *o, const gl_finding *f,
                     const char *identity)
{
	size_t n;
	struct entry *const *c = candidates(w, gl_rule_id(f->rule), f->plan, &n);
	for (size_t i = 0; i < n; i++) {
		struct entry *e = c[i];
		const char *as = e->by_identity ? identity : f->path;   /* as e spells it */
		const char *other = e->by_identity ? f->path : identity;
		if (!e->path || !covers(e->path, as))
			continue;
		size_t len = gl__lpath_along(other, e->path);
		if (!e->by_identity && strncmp(other, e->path, len) == 0 && !e->path[len])
			continue;   /* no item on its way has an identity */
		if (add_link(o, e, other, len))
			return -1;
	}
	return 0;
}

int gl__waivers_covers(const gl__waivers *w, const gl__plan_out *o, const gl_finding *f)
{
	return applying(w, o, gl_rule_id(f->rule), f->plan, f->path) != NULL;
}

/* The identity of the item positional waiver e names in o, or "". */
static const char *named_in(const gl__plan_out *o, const struct entry *e)
{
	for (const struct gl__wlink *l = o ? o->wlinks : NULL; l; l = l->next)
		if (l->e == e)
			return l->path;
	return "";
}

/* Another waiver matching a finding that went to waiver `arg` loses it. */
static void lose_to(struct entry *e, void *arg)
{
	if (e != arg && !e->lost_to)
		e->lost_to = arg;
}

void gl__waivers_apply(gl__waivers *w, const gl__plan_out *o, gl_finding *f)
{
	const char *rule = gl_rule_id(f->rule);
	struct entry *e = applying(w, o, rule, f->plan, f->path);
	if (!e)
		return;
	f->waived = &e->pub;
	e->used = 1;
	if (!e->by_identity && !e->named)
		e->named = named_in(o, e);
	each_covering(w, o, rule, f->plan, f->path, lose_to, e);
}

/* A valid waiver in its last SOON_DAYS days, today included: an info. */
static int report_soon(ctx *c, const struct entry *e)
{
	long left = e->expires - c->in->today;
	const gl_node *at = gl_node_get(e->node, "expires");
	if (left == 0)
		return report(c, at, GL_SEV_INFO, "waiver of %s for %s expires today (%s), its last "
		              "valid day", e->rule, e->plan, e->pub.expires);
	if (left <= SOON_DAYS)
		return report(c, at, GL_SEV_INFO, "waiver of %s for %s expires on %s, in %ld day%s",
		              e->rule, e->plan, e->pub.expires, left, left == 1 ? "" : "s");
	return 0;
}

int gl__waivers_expiry(gl__waivers *w, const gl__waiver_in *in, gl__plan_out *po,
                       gl__waiver_judge_fn judge, void *ctx_)
{
	ctx c = {w, in, po, NULL, NULL};
	for (size_t i = 0; w && i < w->n; i++) {
		const struct entry *e = &w->v[i];
		const char *file;
		if ((!e->valid && !e->expired) ||
		    (judge && judge(ctx_, e->plan, &file) == GL__WAIVER_LEAVE))
			continue;   /* malformed (reported as read), or of a plan not checked */
		c.entry = e;
		if (e->expired ? report_expired(&c, e) : report_soon(&c, e))
			return -1;
	}
	return 0;
}

/* A valid waiver no finding went to: superseded when the ones it matched
 * went to others, else stale. */
static int report_unused(ctx *c, const struct entry *e)
{
	const char *at = e->path ? " at " : "", *path = e->path ? e->path : "";
	const struct entry *by = e->lost_to;
	if (by)
		return report_naming(c, e->node, GL_SEV_WARNING, by, "waiver of %s for %s%s%s is "
		                     "superseded by the waiver at line %u, which %s: remove it", e->rule,
		                     e->plan, at, path, by->node->line,
		                     by->expires > e->expires ? "expires later"
		                                              : "expires the same day and comes first");
	return report(c, e->node, GL_SEV_WARNING, "waiver of %s for %s%s%s matches no finding: "
	              "remove it", e->rule, e->plan, at, path);
}

/* A waiver that waived a finding naming by position an item with an
 * identity: named by it, it would stay with that item when the list
 * changes, not move to whatever comes to stand in its place. */
static int report_named(ctx *c, const struct entry *e)
{
	return report(c, gl_node_get(e->node, "path"), GL_SEV_INFO, "waiver of %s for %s names %s "
	              "by position: write %s so that it stays with that item when the list changes",
	              e->rule, e->plan, e->path, e->named);
}

/* A valid waiver whose plan was not read, or may not have been: whether it
 * matches is unknown, and "remove it" would lose it once the plan reads. */
static int report_unjudged(ctx *c, const struct entry *e, gl__waiver_judge j, const char *file)
{
	const char *at = e->path ? " at " : "", *path = e->path ? e->path : "";
	if (j == GL__WAIVER_UNREAD)
		return report(c, e->node, GL_SEV_INFO, "waiver of %s for %s%s%s not judged: its plan, "
		              "%s, could not be read; keep the waiver, it is judged once the plan reads",
		              e->rule, e->plan, at, path, file);
	return report(c, e->node, GL_SEV_INFO, "waiver of %s for %s%s%s not judged: no plan read "
	              "has the id %s, and %s, whose id could not be read, may be its plan; keep the "
	              "waiver until that plan reads", e->rule, e->plan, at, path, e->plan, file);
}

int gl__waivers_unused(gl__waivers *w, const gl__waiver_in *in, gl__plan_out *po,
                       gl__waiver_judge_fn judge, void *ctx_)
{
	ctx c = {w, in, po, NULL, NULL};
	for (size_t i = 0; w && i < w->n; i++) {
		const struct entry *e = &w->v[i];
		const char *file = NULL;
		gl__waiver_judge j = GL__WAIVER_JUDGE;
		if (!e->valid || (e->used && !(e->named && *e->named)) ||
		    (judge && (j = judge(ctx_, e->plan, &file)) == GL__WAIVER_LEAVE))
			continue;   /* (a --baseline REV's run leaves those of plans not compared) */
		c.entry = e;
		if (e->used ? report_named(&c, e)
		    : j == GL__WAIVER_JUDGE ? report_unused(&c, e) : report_unjudged(&c, e, j, file))
			return -1;
	}
	return 0;
}

void gl__waivers_free(gl__waivers *w)
{
	if (!w)
		return;
	for (size_t i = 0; i < w->nplaceholders; i++)
		gl__regex_free(w->placeholders[i]);
	free(w->placeholders);
	free(w->index);
	free(w->v);
	gl_doc_free(w->doc);
	gl__arena_free(w->arena);
	free(w);
}
