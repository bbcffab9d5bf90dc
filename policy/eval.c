/*
 * Rules x one plan -> findings. Loader diagnostics become findings of the
 * rules that declare `detects:`; every other rule runs when/for/where/require
 * on the plan's tree. Severity follows the plan's status (pack or rule map).
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

static gl_rule fallback_syntax = {
	.id = "GOV-YAML-001", .title = "The file is valid YAML holding one plan mapping",
	.area = "plan", .severity = GL_SEV_ERROR, .enforcement = GL_ENF_HARD,
	.rationale = "A plan that cannot be read cannot be checked.",
	.help = "Fix the YAML at the reported position.", .detects = "yaml-syntax", .config_sev = -1,
};
static gl_rule fallback_waiver = {
	.id = "GOV-WVR-001", .title = "Waivers are valid, current and used",
	.area = "plan", .severity = GL_SEV_ERROR, .enforcement = GL_ENF_HARD,
	.rationale = "A waiver is a governance record: approved, time-limited, for a soft rule.",
	.help = "Fix, renew or remove the waiver.", .detects = "waiver", .config_sev = -1,
};
static gl_rule fallback_duplicate = {
	.id = "GOV-YAML-002", .title = "No key appears twice in one mapping",
	.area = "plan", .severity = GL_SEV_ERROR, .enforcement = GL_ENF_HARD,
	.rationale = "Tools disagree on which of two equal keys wins.",
	.help = "Keep one of the keys.", .detects = "duplicate-key", .config_sev = -1,
};

static gl_rule fallback_plan_id = {
	.id = "GOV-DOC-004", .title = "Every plan has an id of its own",
	.area = "plan", .severity = GL_SEV_ERROR, .enforcement = GL_ENF_HARD,
	.rationale = "Waivers, baselines and reports name a plan by its id.",
	.help = "Give the plan an id no other plan has.", .detects = "plan-id", .config_sev = -1,
};

typedef struct plan {
	const gl__plan_in *in;
	gl__plan_out *out;
	gl__ectx ec;
	const char *id, *status, *owner;
	const gl__pack_data *status_pack;   /* whose status_field pack_status was read by */
	const char *pack_status;
	int override;   /* the config's severity for the rule running, or -1 */
	int escalated;  /* the running rule's escalate holds on this plan */
	size_t listed, dropped;   /* the running rule's findings: kept, past the cap */
	gl__finding_at first_dropped;
} plan;

/* The stand-ins, in the order docs/rules-language.md names them. */
static const gl_rule *const fallbacks[] = {&fallback_syntax, &fallback_duplicate, &fallback_waiver,
                                           &fallback_plan_id};


const gl_rule *gl__detector(const gl__packset *ps, const char *what)
{
	for (size_t i = 0; i < gl__packset_nrules(ps); i++) {
		const gl_rule *r = gl__packset_rule(ps, i);
		if (r->detects && strcmp(r->detects, what) == 0)
			return r;
	}
	for (size_t i = 0; i < sizeof fallbacks / sizeof *fallbacks; i++)
		if (strcmp(fallbacks[i]->detects, what) == 0)
			return fallbacks[i];
	return &fallback_syntax;
}

const gl_rule *gl__builtin_rule(const gl__packset *ps, size_t i)
{
	for (size_t k = 0; k < sizeof fallbacks / sizeof *fallbacks; k++)
		if (gl__detector(ps, fallbacks[k]->detects) == fallbacks[k] && i-- == 0)
			return fallbacks[k];
	return NULL;
}

int gl__fallback_id(const gl__packset *ps, const char *id)
{
	const gl_rule *f;
	for (size_t i = 0; (f = gl__builtin_rule(ps, i)) != NULL; i++)
		if (strcmp(f->id, id) == 0)
			return 1;
	return 0;
}

void gl__detector_shadows(gl__packset *ps)
{
	for (size_t i = 0; i < gl__packset_nrules(ps); i++) {
		gl_rule *r = gl__packset_rule(ps, i);
		const gl_rule *first = r->detects ? gl__detector(ps, r->detects) : r;
		r->shadowed_by = first != r ? first : NULL;
	}
}

int gl__detector_ids(const gl__packset *ps, gl_err *err)
{
	const gl_rule *f, *r;
	for (size_t i = 0; (f = gl__builtin_rule(ps, i)) != NULL; i++)
		if ((r = gl__packset_find(ps, f->id)) != NULL) {
			gl__err_at(err, r->pack->file, r->line, r->col, "rule %s: the id is already defined "
			           "by the built-in rule reporting '%s' (no pack has a 'detects: %s' rule)",
			           r->id, f->detects, f->detects);
			return -1;
		}
	return 0;
}

/* The rule's map for the status; else the rule's severity, raised by
 * `escalate` where its condition holds, then mapped by the pack's map for
 * the status (so a draft downgrades an escalated error too). */
gl_severity gl__rule_severity(const gl_rule *r, const char *status, int escalated)
{
	const gl__sevmap *own = gl__rule_own_status(r, status);
	if (own)
		return own->sev;
	gl_severity sev = escalated ? r->escalate_to : r->severity;
	for (size_t i = 0; status && r->pack && i < r->pack->nsmap; i++)
		if (strcmp(r->pack->smap[i].status, status) == 0 && r->pack->smap[i].from == sev)
			return r->pack->smap[i].to;
	return sev;
}

static const char *status_of(plan *p, const gl__pack_data *pack);

/* The config's override for this plan, else gl__rule_severity. */
static gl_severity severity(plan *p, const gl_rule *r)
{
	if (p->override >= 0)
		return (gl_severity)p->override;
	return gl__rule_severity(r, status_of(p, r->pack), p->escalated);
}

static uint64_t fnv(uint64_t h, const char *s)
{
	for (; s && *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return (h ^ 0xff) * 1099511628211u;
}

/* A run keeps every finding (20,572 on the bench's 10,000 plans), and peak
 * memory may grow with them by no more than issue 8's 1.5x: keep them small. */
_Static_assert(sizeof(void *) != 8 || sizeof(gl_finding) <= 96, "gl_finding grew past 96 bytes");

void gl__finding_fingerprint(gl_finding *f, const char *identity, const char *value)
{
	uint64_t h = 14695981039346656037u;
	h = fnv(h, f->rule ? gl_rule_id(f->rule) : "");
	h = fnv(h, f->plan);
	h = fnv(h, identity);
	h = fnv(h, value);
	f->fingerprint = h;
}

/* Text with control characters (terminal escapes) made visible
 * (gl__visible_at), in the arena's one copy when it has none. */
static const char *clean_line(gl__arena *a, const char *s, size_t n)
{
	char shown[5];
	size_t i = 0;
	while (i < n) {
		size_t used = gl__visible_at(s + i, n - i, shown);
		if (*shown)
			break;
		i += used;
	}
	if (i == n)
		return gl__arena_intern(a, s, n);
	gl__buf b = {0};
	gl__buf_visible(&b, s, n, 0);
	const char *o = b.oom ? NULL : gl__arena_strndup(a, b.p, b.len);
	gl__buf_free(&b);
	return o;
}

/* s in o's arena: the plan's own copy (of its id or file) when equal. */
static const char *shared(gl__plan_out *o, const char **cache, const char *s)
{
	if (*cache && strcmp(*cache, s) == 0)
		return *cache;
	const char *copy = gl__arena_strdup(o->arena, s);
	if (!*cache)
		*cache = copy;
	return copy;
}

/* A long source line is kept to SOURCE_KEEP bytes, or SOURCE_AFTER past
 * the finding's column when that is further, and marked cut with " ...":
 * the caret and the text under it stay, and a run holding thousands of
 * findings on long flow-style lines does not keep every byte of them. */
enum { SOURCE_MAX = 4096, SOURCE_KEEP = 160, SOURCE_AFTER = 80 };
static const char cut_mark[] = " ...";

/* t, or NULL with o->oom set: a missing source line must not pass unseen. */
static const char *kept(gl__plan_out *o, const char *t)
{
	if (!t)
		o->oom = 1;
	return t;
}

/* The displayable source line `line` of doc for a finding at `col`, in the
 * arena's one copy; NULL when there is none (or it is over SOURCE_MAX). */
static const char *source_line(gl__plan_out *o, const gl_doc *doc, unsigned line, unsigned col)
{
	size_t len = 0;
	if (doc && gl__doc_index_lines(doc) < 0) {
		o->oom = 1;
		return NULL;
	}
	const char *src = doc ? gl_doc_line(doc, line, &len) : NULL;
	if (!src || len > SOURCE_MAX)
		return NULL;
	if (len <= SOURCE_KEEP)
		return kept(o, clean_line(o->arena, src, len));
	size_t at = 0;   /* byte offset of the column */
	for (unsigned c = gl__first_col(line, src, len); at < len && c < col; at++)
		c += ((unsigned char)src[at + 1] & 0xC0) != 0x80;
	size_t keep = at + SOURCE_AFTER;
	if (keep < SOURCE_KEEP)
		keep = SOURCE_KEEP;
	if (keep >= len)
		return kept(o, clean_line(o->arena, src, len));
	while (keep && ((unsigned char)src[keep] & 0xC0) == 0x80)
		keep--;   /* not inside a UTF-8 sequence */
	char text[SOURCE_MAX + sizeof cut_mark];
	memcpy(text, src, keep);
	memcpy(text + keep, cut_mark, sizeof cut_mark - 1);
	return kept(o, clean_line(o->arena, text, keep + sizeof cut_mark - 1));
}

gl_finding *gl__add_finding(gl__plan_out *o, const gl_rule *r, gl_severity sev,
                            const gl__finding_at *at, const char *value, const char *message,
                            const char *owner, const gl_doc *doc)
{
	if (o->n == o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 4;   /* most plans have a few findings */
		gl_finding *v = realloc(o->v, cap * sizeof *v);
		if (!v)
			return o->oom = 1, NULL;
		o->v = v;
		o->cap = cap;
	}
	gl_finding *f = &o->v[o->n];
	memset(f, 0, sizeof *f);
	f->rule = r;
	f->severity = sev;
	f->line = at->line ? at->line : 1;
	f->col = at->col ? at->col : 1;
	f->plan = (char *)shared(o, &o->plan.id, at->plan);
	f->file = (char *)shared(o, &o->plan.file, at->file);
	const char *path = at->path ? at->path : "";
	f->path = (char *)gl__arena_intern(o->arena, path, strlen(path));
	f->message = message ? (char *)clean_line(o->arena, message, strlen(message)) : NULL;
	f->owner = owner ? (char *)gl__arena_intern(o->arena, owner, strlen(owner)) : NULL;
	f->source = (char *)source_line(o, doc, f->line, f->col);
	unsigned nth = 0;
	if (gl__srcline_place(doc, f->line, f->col, &f->end_col) < 0 ||
	    gl__doc_line_hash(o->omit & GL_OMIT_LINE_HASH ? NULL : doc, f->line, &f->line_hash,
	                      &nth) < 0)
		o->oom = 1;
	f->line_hash_n = nth < 1u << 30 ? nth : 0;   /* past 2^30 lines (a 1 GiB plan): none */
	if (!f->plan || !f->file || !f->path || !f->message || (owner && !f->owner) || o->oom) {
		o->oom = 1;
		return NULL;
	}
	gl__finding_fingerprint(f, at->identity ? at->identity : f->path, value);
	o->n++;
	return f;
}

/* Where findings take their source lines from: none when no report prints them. */
static const gl_doc *source_doc(const plan *p)
{
	return p->in->omit & GL_OMIT_SOURCE ? NULL : p->in->doc;
}

static gl_finding *add(plan *p, const gl_rule *r, gl_severity sev, unsigned line, unsigned col,
                       const char *path, const char *identity, const char *value,
                       const char *message, const char *owner)
{
	gl__finding_at at = {p->id, p->in->file, line, col, path, identity};
	gl_finding *f = gl__add_finding(p->out, r, sev, &at, value, message, owner, source_doc(p));
	if (f && identity && p->in->waivers &&
	    gl__waivers_note(p->in->waivers, p->out, f, identity))   /* a waiver's place by position */
		return NULL;
	return f;
}

int gl__detector_severity(const gl__packset *ps, const unsigned char *skip,
                          const signed char *sev, const gl_rule *r, const char *status)
{
	if (r->disabled)
		return -1;
	for (size_t i = 0; i < gl__packset_nrules(ps); i++)
		if (gl__packset_rule(ps, i) == r) {
			if (skip && skip[i])
				return -1;
			if (sev && sev[i] >= 0)
				return sev[i];
		}
	return (int)gl__rule_severity(r, status, 0);
}

static int loader_finding(plan *p, const char *what, const gl_node *at, const gl_diag *d,
                          const char *msg)
{
	const gl_rule *r = gl__detector(p->in->packs, what);
	int sev = gl__detector_severity(p->in->packs, p->in->skip, p->in->sev, r,
	                                status_of(p, r->pack));
	unsigned line = d ? d->line : at ? at->line : 1, col = d ? d->col : at ? at->col : 1;
	return sev < 0 || add(p, r, (gl_severity)sev, line, col, "", NULL, d ? d->msg : NULL, msg,
	                      d ? p->owner : NULL) ? 0 : -1;
}

static int loader_findings(plan *p)
{
	const gl_doc *doc = p->in->doc;
	for (size_t i = 0; i < gl_doc_ndiags(doc); i++) {
		const gl_diag *d = gl_doc_diag(doc, i);
		if (loader_finding(p, d->kind == GL_DIAG_DUPLICATE ? "duplicate-key" : "yaml-syntax",
		                   NULL, d, d->msg))
			return -1;
	}
	const gl_node *root = gl_doc_root(doc);
	if (gl_doc_ndiags(doc) == 0 && (!root || root->kind != GL_MAP))
		return loader_finding(p, "yaml-syntax", root, NULL,
		                      !root || root->kind == GL_NULL
		                          ? "the file holds no plan: a plan is a YAML mapping"
		                          : "a plan is a YAML mapping, but this file's top level is a "
		                            "list or a scalar");
	return 0;
}

/* A node as a message shows it: a scalar's text, a list of scalars joined
 * by ", ", "(a list)" or "(a mapping)" otherwise; NULL for nothing. */
static const char *shown(plan *p, const gl_node *n)
{
	if (n->kind == GL_MAP)
		return "(a mapping)";
	if (n->kind != GL_SEQ)
		return gl__value_text(n);
	gl__buf b = {0};
	for (size_t i = 0; i < n->n; i++) {
		const char *t = gl__value_text(n->items[i]);
		if (!t) {
			gl__buf_free(&b);
			return "(a list)";
		}
		gl__buf_puts(&b, i ? ", " : "");
		gl__buf_puts(&b, t);
	}
	const char *out = b.oom ? NULL : gl__arena_strdup(p->ec.arena, b.p ? b.p : "");
	gl__buf_free(&b);
	if (!out)
		p->out->oom = 1;
	return out;
}

typedef const char *(*text_fn)(plan *p, const gl_node *n);

/* The first text `text` makes of what path reaches from s, or NULL. */
static const char *first_text(plan *p, const gl__subject *s, const gl__path *path, text_fn text)
{
	gl__matches m = {0};
	gl__path_eval(path, &p->ec, s, &m);
	if (m.oom)
		p->out->oom = 1;
	const char *t = NULL;
	for (size_t i = 0; i < m.n && !t; i++)
		t = m.v[i].node ? text(p, m.v[i].node) : NULL;
	gl__matches_free(&m);
	return t;
}

static const char *scalar(plan *p, const gl_node *n)
{
	GL__UNUSED(p);
	return gl__scalar_text(n);
}

/* Who an owner value names: a scalar holding more than whitespace; an
 * empty, blank or null value, a list or a mapping names no one. */
static const char *owner_text(plan *p, const gl_node *n)
{
	GL__UNUSED(p);
	return gl_node_is_null(n) ? NULL : gl__nonblank_text(n);
}

/* The plan's status as `pack` reads it (its status_field), or NULL. The
 * rules of one pack come together: the last pack's is kept. */
static const char *status_of(plan *p, const gl__pack_data *pack)
{
	if (!pack || !p->ec.root)
		return NULL;
	if (pack != p->status_pack) {
		gl__subject root = {p->ec.root, NULL, NULL};
		p->status_pack = pack;
		p->pack_status = first_text(p, &root, pack->status, scalar);
	}
	return p->pack_status;
}

/* {value}: the failure's value; for a node failing as a whole (a `not:`'s
 * subject, a list where one value is wanted), that node as {field} shows it. */
static const char *value_text(plan *p, const gl__fail *f)
{
	return f->value || !f->whole ? f->value : shown(p, f->whole);
}

/* A message: the template with its placeholders filled in. */
static char *render(plan *p, const gl_rule *r, const gl__tmpl *t, const gl__subject *s,
                    const gl__fail *f, const char *path)
{
	gl__buf b = {0};
	for (size_t i = 0; i < t->n; i++) {
		const gl__tpart *part = &t->v[i];
		if (part->kind == GL__T_TEXT) {
			gl__buf_put(&b, part->text, part->len);
			continue;
		}
		const char *v = part->kind == GL__T_DETAIL  ? f->detail
		                : part->kind == GL__T_VALUE ? value_text(p, f)
		                : part->kind == GL__T_PATH  ? (*path ? path : "the plan")
		                : part->kind == GL__T_PLAN  ? p->id
		                : part->kind == GL__T_RULE  ? r->id
		                                            : first_text(p, s, part->path, shown);
		gl__buf_puts(&b, v ? v : "(none)");
	}
	if (b.oom || p->out->oom) {
		gl__buf_free(&b);
		return NULL;
	}
	char *out = gl__arena_strdup(p->ec.arena, b.p ? b.p : "");
	gl__buf_free(&b);
	return out;
}

static int report(plan *p, const gl_rule *r, const gl__subject *s, const gl__fails *fails)
{
	gl_severity sev = severity(p, r);
	const char *owner = r->owner ? first_text(p, s, r->owner, owner_text) : NULL;
	if (!owner)
		owner = p->owner;
	for (size_t i = 0; i < fails->n; i++) {
		const gl__fail *f = &fails->v[i];
		const gl_node *loc = f->loc ? f->loc : s->node;
		const char *path = gl__lpath_text(p->ec.arena, f->path);
		if (!path)
			return -1;
		if (p->in->max_findings && p->listed >= p->in->max_findings) {
			if (!p->dropped++) {   /* past the cap: counted, and told once */
				const char *kept = gl__arena_intern(p->out->arena, path, strlen(path));
				if (!kept)   /* (the scratch arena is rewound after each subject) */
					return -1;
				p->first_dropped = (gl__finding_at){p->id, p->in->file, loc->line, loc->col,
				                                    kept};
			}
			continue;
		}
		p->listed++;
		const char *const *keys = r->pack ? r->pack->identity_keys : NULL;
		const char *identity = keys ? gl__lpath_identity(&p->ec, f->path, keys) : path;
		if (!identity)
			return -1;
		const gl__tmpl *tmpl = f->message ? f->message : r->message ? r->message
		                                                                  : gl__tmpl_detail();
		char *msg = render(p, r, tmpl, f->has_subject ? &f->subject : s, f, path);
		if (!msg || !add(p, r, sev, loc->line, loc->col, path, identity, f->value, msg, owner))
			return -1;
	}
	return 0;
}

static int check_subject(plan *p, const gl_rule *r, const gl__subject *s)
{
	if (r->where) {
		int ok = gl__cond_eval(r->where, &p->ec, s, NULL);
		if (ok <= 0)
			return ok;
	}
	for (size_t i = 0; i < r->nrequire; i++) {
		gl__fails fails = {0};
		int rc = gl__cond_eval(r->require[i], &p->ec, s, &fails);
		if (rc >= 0 && fails.oom)
			rc = -1;
		if (rc == 0 && report(p, r, s, &fails))
			rc = -1;
		gl__fails_free(&fails);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* Checks one subject of rule r; `%` paths beneath read from it. */
static int run_subject(plan *p, const gl_rule *r, const gl__subject *s)
{
	if (!s->node || gl__is_null(s->node))
		return 0;
	const gl__subject *outer = p->ec.outer;
	p->ec.outer = s;
	int rc = check_subject(p, r, s);
	p->ec.outer = outer;
	return rc;
}

static int evaluate_rule(plan *p, const gl_rule *r);

typedef struct subjects {
	plan *p;
	const gl_rule *r;
} subjects;

/* A rule's subjects are checked as the walk reaches them. What checking
 * one leaves in the scratch arena (sets, messages, nested walks) is
 * forgotten after it: its findings are copied out, and a subject that
 * gathers thousands of values does not keep them for the next. */
static int one_subject(void *ctx, const gl__match *m)
{
	subjects *e = ctx;
	gl__subject s = {m->node, m->parent, m->path};
	gl__arena_mark mark = gl__arena_mark_now(e->p->ec.arena);
	int rc = run_subject(e->p, e->r, &s);
	gl__arena_rewind(e->p->ec.arena, mark);
	return rc;
}

/* One finding for what the cap left out, where the first of it was. */
static int report_dropped(plan *p, const gl_rule *r)
{
	if (!p->dropped)
		return 0;
	char *msg = gl__arena_printf(p->ec.arena, "%zu more findings of %s in this plan are not "
	                             "listed (limits: max_findings_per_rule is %zu)", p->dropped,
	                             r->id, p->in->max_findings);
	return msg && gl__add_finding(p->out, r, severity(p, r), &p->first_dropped, NULL, msg,
	                              p->owner, source_doc(p)) ? 0 : -1;
}

/* Whether r's escalate holds on the plan: once per rule, on the plan as
 * `when` is (`%` is the plan there, not a subject). */
static int escalates(plan *p, const gl_rule *r)
{
	if (!r->escalate_when)
		return 0;
	gl__subject root = {p->ec.root, NULL, NULL};
	const gl__subject *outer = p->ec.outer;
	p->ec.outer = NULL;
	int rc = gl__cond_eval(r->escalate_when, &p->ec, &root, NULL);
	p->ec.outer = outer;
	return rc == 1;
}

static int run_rule(plan *p, const gl_rule *r)
{
	p->listed = p->dropped = 0;
	p->escalated = escalates(p, r);
	int rc = evaluate_rule(p, r);
	return rc == 0 ? report_dropped(p, r) : rc;
}

static int evaluate_rule(plan *p, const gl_rule *r)
{
	const gl_node *root = gl_doc_root(p->in->doc);
	gl__subject plan_subject = {root, NULL, NULL};
	p->ec.rule_id = r->id;
	if (r->when) {
		int ok = gl__cond_eval(r->when, &p->ec, &plan_subject, NULL);
		if (ok <= 0)
			return ok;
	}
	if (!r->subjects)
		return run_subject(p, r, &plan_subject);
	subjects each = {p, r};
	int rc = gl__path_each_but(r->subjects, &p->ec, &plan_subject, one_subject, &each, r->where);
	return rc < 0 ? -1 : 0;
}

static int by_position(const void *x, const void *y)
{
	const gl_finding *a = x, *b = y;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	int c = strcmp(gl_rule_id(a->rule), gl_rule_id(b->rule));
	return c ? c : strcmp(a->message, b->message);
}

void gl__findings_tidy(gl__plan_out *o)
{
	if (o->n)
		qsort(o->v, o->n, sizeof *o->v, by_position);
	size_t k = 0;
	for (size_t i = 0; i < o->n; i++)
		if (k == 0 || by_position(&o->v[k - 1], &o->v[i]) != 0)
			o->v[k++] = o->v[i];
	o->n = k;
	gl_finding *v = k < o->cap ? realloc(o->v, (k ? k : 1) * sizeof *v) : NULL;
	if (v) {   /* kept until the run ends: no room to spare (or keep it, if refused) */
		o->v = v;
		o->cap = k ? k : 1;
	}
}

static const char *keep(gl__arena *a, const char *s)
{
	return s ? gl__arena_strdup(a, s) : NULL;
}

static const char *keep_shared(gl__arena *a, const char *s)
{
	return s ? gl__arena_intern(a, s, strlen(s)) : NULL;
}

/* What reports say of the plan: file, id, title, status, owner. Its
 * findings share the file and id; statuses and owners repeat across plans. */
static void describe(plan *p)
{
	gl_plan *d = &p->out->plan;
	gl__arena *a = p->out->arena;
	const gl_node *root = gl_doc_root(p->in->doc);
	d->file = p->in->file;
	d->id = p->id == p->in->file ? d->file : keep(a, p->id);
	d->status = keep_shared(a, p->status);
	d->owner = keep_shared(a, p->owner);
	const char *title = p->in->omit & GL_OMIT_TITLE ? NULL
	                                                : gl__scalar_text(gl_node_get(root, "title"));
	d->title = keep(a, title);
	if (!d->id || (p->status && !d->status) || (p->owner && !d->owner) || (title && !d->title))
		p->out->oom = 1;
}

/* Reports show the status as the first pack reads it. */
static void identify(plan *p, const gl_node *root)
{
	const gl__pack_data *pack = NULL;
	if (gl__packset_nrules(p->in->packs))
		pack = gl__packset_rule(p->in->packs, 0)->pack;
	p->ec.root = root;
	const gl_node *id_node = gl_node_get(root, "id");
	const char *id = gl__scalar_text(id_node);
	p->id = id && *id ? id : p->in->file;
	if (id && *id) {   /* for ids.c: no two plans of a run share one */
		p->out->id_line = id_node->line;
		p->out->id_col = id_node->col;
		const char *st = status_of(p, gl__detector(p->in->packs, "plan-id")->pack);
		if (st && !(p->out->id_status = keep_shared(p->out->arena, st)))
			p->out->oom = 1;
	}
	p->status = pack ? status_of(p, pack) : gl__scalar_text(gl_node_get(root, "status"));
	p->owner = owner_text(p, gl_node_get(root, "owner"));
	p->ec.pack = pack;
}

int gl__eval_plan(const gl__plan_in *in, gl__plan_out *out, gl_err *err)
{
	plan p = {.in = in, .out = out};
	p.id = in->file;
	p.ec.err = err;
	p.ec.today = in->today;
	p.ec.prov = in->prov;
	p.ec.file = in->file;
	if (!(p.ec.arena = in->scratch ? in->scratch : gl__arena_new()))
		return gl__err_set(err, "out of memory"), -1;
	const gl_node *root = gl_doc_root(in->doc);
	int rc = 0;
	if (root && root->kind == GL_MAP) {
		identify(&p, root);
		p.ec.root = root;
		p.ec.people = gl__roster_build(p.ec.arena, gl_node_get(root, "people"), in->roster);
		if (!p.ec.people)
			rc = -1;
	}
	describe(&p);
	if (rc == 0)
		rc = loader_findings(&p);
	p.ec.found = out;
	p.ec.waivers = in->waivers;
	size_t nrules = gl__packset_nrules(in->packs);
	/* what a rule leaves in the scratch arena (its walks' logical paths,
	 * messages) is forgotten after it, and its filter indexes freed: its
	 * findings are copied to the output arena, and a large plan's scratch
	 * stays the size of one rule's */
	gl__arena_mark before_rules = gl__arena_mark_now(p.ec.arena);
	size_t tidied = (size_t)-1;   /* out->n when last tidied */
	for (int late = 0; late < 2; late++)   /* rules reading findings run last */
		for (size_t i = 0; rc == 0 && root && root->kind == GL_MAP && i < nrules; i++) {
			const gl_rule *r = gl__packset_rule(in->packs, i);
			if (r->detects || r->disabled || r->late != late || (in->skip && in->skip[i]))
				continue;
			if (late && out->n != tidied) {   /* they count findings as reports show them: */
				gl__findings_tidy(out);        /* two conditions' equal ones are one */
				tidied = out->n;
			}
			p.ec.pack = r->pack;
			p.override = in->sev ? in->sev[i] : -1;
			rc = run_rule(&p, r);
			gl__filters_free(&p.ec);
			gl__arena_rewind(p.ec.arena, before_rules);
		}
	gl__findings_tidy(out);
	out->plan.nfindings = out->n;
	if (rc == 0 && out->oom)
		rc = -1;
	if (rc < 0 && (out->oom || !err->msg[0]))
		gl__err_set(err, "out of memory");
	if (!in->scratch)
		gl__arena_free(p.ec.arena);
	return rc;
}
