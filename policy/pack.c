/*
 * Rule packs: YAML -> compiled rules. A pack is validated as it loads, so a
 * typo in a predicate, a path or a pattern stops the run with the pack's
 * file:line:col and the rule id, before any plan is read.
 */
#include "internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

struct loaded {
	gl_doc *doc;
	gl__pack_data data;
};

struct ref {   /* a rule id a rule names (findings' except), in load order */
	const gl_node *id;
	const char *file, *rule;
	struct ref *next;
};

struct gl__packset {
	gl__arena *arena;
	struct loaded **packs;   /* each apart: rules point at their pack's data */
	size_t npacks;
	gl_rule **rules;
	size_t nrules, cap;
	gl__regex **regex;
	size_t nregex, regex_cap;
	struct ref *refs, **last_ref;
};

/* Where built-in packs say they come from (their pack_data's file). */
static const char builtin_dir[] = "<builtin>/rules/";

static const char id_chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-";

static const char *const areas[] = {"plan",     "stakeholders", "concerns", "conversations",
                                    "workflow", "validation",   "security", "failure",
                                    "approvals", "signatures",  "trial",    NULL};
static const char *const detectable[] = {"yaml-syntax", "duplicate-key", "waiver", "plan-id",
                                          NULL};

gl__packset *gl__packset_new(void)
{
	gl__packset *ps = calloc(1, sizeof *ps);
	if (ps && !(ps->arena = gl__arena_new())) {
		free(ps);
		return NULL;
	}
	if (ps)
		ps->last_ref = &ps->refs;
	return ps;
}

void gl__packset_free(gl__packset *ps)
{
	if (!ps)
		return;
	for (size_t i = 0; i < ps->npacks; i++) {
		gl_doc_free(ps->packs[i]->doc);
		free(ps->packs[i]);
	}
	for (size_t i = 0; i < ps->nregex; i++)
		gl__regex_free(ps->regex[i]);
	free(ps->regex);
	free(ps->packs);
	free(ps->rules);
	gl__arena_free(ps->arena);
	free(ps);
}

size_t gl__packset_nrules(const gl__packset *ps)
{
	return ps->nrules;
}

gl_rule *gl__packset_rule(const gl__packset *ps, size_t i)
{
	return i < ps->nrules ? ps->rules[i] : NULL;
}

gl_rule *gl__packset_find(const gl__packset *ps, const char *id)
{
	for (size_t i = 0; i < ps->nrules; i++)
		if (strcmp(ps->rules[i]->id, id) == 0)
			return ps->rules[i];
	return NULL;
}

const gl__vocab *gl__vocab_find(const gl__pack_data *p, const char *name)
{
	for (size_t i = 0; p && i < p->nvocabs; i++)
		if (strcmp(p->vocabs[i].name, name) == 0)
			return &p->vocabs[i];
	return NULL;
}

/* Pattern lifetime is the packset's: rules point at them. */
int gl__pack_keep_regex(gl__pctx *pc, gl__regex *re)
{
	gl__packset *ps = pc->packs;
	if (ps->nregex == ps->regex_cap) {
		size_t cap = ps->regex_cap ? ps->regex_cap * 2 : 32;
		gl__regex **v = realloc(ps->regex, cap * sizeof *v);
		if (!v) {
			gl__regex_free(re);
			return gl__arg_fail(pc, NULL, "out of memory");
		}
		ps->regex = v;
		ps->regex_cap = cap;
	}
	ps->regex[ps->nregex++] = re;
	return 0;
}

int gl__pack_refer(gl__pctx *pc, const gl_node *id)
{
	struct ref *r = gl__arg_alloc(pc, id, sizeof *r);
	if (!r)
		return -1;
	*r = (struct ref){id, pc->file, pc->rule_id, NULL};
	*pc->packs->last_ref = r;
	pc->packs->last_ref = &r->next;
	return 0;
}

int gl__packset_check_refs(const gl__packset *ps, gl_err *err)
{
	for (const struct ref *r = ps->refs; r; r = r->next)
		if (!gl__packset_find(ps, r->id->str) && !gl__fallback_id(ps, r->id->str)) {
			gl__err_at(err, r->file, r->id->line, r->id->col, "rule %s: except names rule %s, "
			           "which no active pack defines", r->rule, r->id->str);
			return -1;
		}
	return 0;
}

static int one_of(const char *s, const char *const *set)
{
	for (size_t i = 0; set[i]; i++)
		if (strcmp(s, set[i]) == 0)
			return 1;
	return 0;
}

static const char *text_field(gl__pctx *pc, const gl_node *rule, const char *key, int required)
{
	const gl_node *n = gl_node_get(rule, key);
	if (!n && !required)
		return NULL;
	if (!gl__nonblank_text(n)) {
		gl__arg_fail(pc, n ? n : rule, "'%s' %s", key,
		             n ? "must be non-empty text" : "is required");
		return NULL;
	}
	return n->str;
}

/* An optional text field: 0 with *out set (NULL when absent), or -1 when
 * it is there but not text. */
static int optional_text(gl__pctx *pc, const gl_node *map, const char *key, const char **out)
{
	*out = text_field(pc, map, key, 0);
	return !*out && gl_node_get(map, key) ? -1 : 0;
}

static int read_vocabs(gl__pctx *pc, gl__pack_data *d, const gl_node *v)
{
	if (!v)
		return 0;
	if (v->kind != GL_MAP)
		return gl__arg_fail(pc, v, "'vocabularies' must map names to lists");
	d->vocabs = gl__arena_alloc(pc->arena, (v->n / 2 + 1) * sizeof *d->vocabs);
	if (!d->vocabs)
		return gl__arg_fail(pc, v, "out of memory");
	for (size_t i = 0; i + 1 < v->n; i += 2) {
		const gl_node *k = v->items[i], *list = v->items[i + 1];
		if (k->kind != GL_SCALAR || list->kind != GL_SEQ)
			return gl__arg_fail(pc, k, "a vocabulary is a name and a list of values");
		gl__vocab *voc = &d->vocabs[d->nvocabs++];
		voc->name = k->str;
		voc->node = list;
		voc->values = gl__arena_alloc(pc->arena, (list->n + 1) * sizeof *voc->values);
		if (!voc->values)
			return gl__arg_fail(pc, v, "out of memory");
		for (size_t j = 0; j < list->n; j++) {
			const char *t = gl__value_text(list->items[j]);
			if (!t)
				return gl__arg_fail(pc, list->items[j], "vocabulary values are scalars");
			voc->values[voc->n++] = t;
		}
	}
	return 0;
}

static int parse_sev(gl__pctx *pc, const gl_node *n, gl_severity *out)
{
	if (!n || n->kind != GL_SCALAR || gl_severity_parse(n->str, out) || *out == GL_SEV_NEVER)
		return gl__arg_fail(pc, n, "severity must be error, warning or info");
	return 0;
}

static int read_status_map(gl__pctx *pc, gl__pack_data *d, const gl_node *m)
{
	if (!m)
		return 0;
	if (m->kind != GL_MAP)
		return gl__arg_fail(pc, m, "'severity_by_status' maps a status to {from: to}");
	size_t cap = 0;
	for (size_t i = 1; i < m->n; i += 2)
		cap += m->items[i]->kind == GL_MAP ? m->items[i]->n / 2 : 0;
	d->smap = gl__arena_alloc(pc->arena, (cap + 1) * sizeof *d->smap);
	if (!d->smap)
		return gl__arg_fail(pc, m, "out of memory");
	for (size_t i = 0; i + 1 < m->n; i += 2) {
		const gl_node *st = m->items[i], *map = m->items[i + 1];
		if (st->kind != GL_SCALAR || map->kind != GL_MAP)
			return gl__arg_fail(pc, st, "'severity_by_status' maps a status to {from: to}");
		for (size_t j = 0; j + 1 < map->n; j += 2) {
			struct gl__status_map *e = &d->smap[d->nsmap++];
			e->status = st->str;
			if (parse_sev(pc, map->items[j], &e->from) || parse_sev(pc, map->items[j + 1], &e->to))
				return -1;
		}
	}
	return 0;
}

static int read_rule_sevmap(gl__pctx *pc, gl_rule *r, const gl_node *m)
{
	if (!m)
		return 0;
	if (m->kind != GL_MAP)
		return gl__arg_fail(pc, m, "'severity_by_status' maps a status to a severity");
	r->sevmap = gl__arena_alloc(pc->arena, (m->n / 2 + 1) * sizeof *r->sevmap);
	if (!r->sevmap)
		return gl__arg_fail(pc, m, "out of memory");
	for (size_t i = 0; i + 1 < m->n; i += 2) {
		gl__sevmap *e = &r->sevmap[r->nsevmap++];
		if (m->items[i]->kind != GL_SCALAR)
			return gl__arg_fail(pc, m->items[i], "a status is a name");
		e->status = m->items[i]->str;
		if (parse_sev(pc, m->items[i + 1], &e->sev))
			return -1;
	}
	return 0;
}

/* The longest condition text kept for explain and the rule reference. */
enum { FLOW_MAX = 1000 };

/* n as one line of flow YAML ({a: b, c: [d, e]}): scalars as written, in
 * single quotes when they were quoted. Stops soon after FLOW_MAX bytes (an
 * alias may expand a node many times over). */
static void flow(gl__buf *b, const gl_node *n)
{
	if (n->kind == GL_SEQ || n->kind == GL_MAP) {
		int map = n->kind == GL_MAP;
		gl__buf_putc(b, map ? '{' : '[');
		for (size_t i = 0; i < n->n && b->len <= FLOW_MAX; i++) {
			gl__buf_puts(b, !i ? "" : map && i % 2 ? ": " : ", ");
			flow(b, n->items[i]);
		}
		gl__buf_putc(b, map ? '}' : ']');
		return;
	}
	if (n->plain || n->kind == GL_NULL) {
		gl__buf_puts(b, n->len ? n->str : "null");
		return;
	}
	gl__buf_putc(b, '\'');
	for (const char *c = n->str; *c; c++) {
		if (*c == '\'')
			gl__buf_putc(b, '\'');   /* YAML doubles a quote inside single quotes */
		gl__buf_putc(b, *c);
	}
	gl__buf_putc(b, '\'');
}

/* flow(n) in the pack's arena, cut at FLOW_MAX bytes with " ..."; NULL
 * when memory runs out. */
static const char *flow_text(gl__pctx *pc, const gl_node *n)
{
	gl__buf b = {0};
	flow(&b, n);
	size_t keep = b.len > FLOW_MAX ? FLOW_MAX : b.len;
	while (keep < b.len && keep && ((unsigned char)b.p[keep] & 0xC0) == 0x80)
		keep--;   /* not inside a UTF-8 sequence */
	const char *t = b.oom ? NULL : gl__arena_printf(pc->arena, "%.*s%s", (int)keep, b.p,
	                                                keep < b.len ? " ..." : "");
	gl__buf_free(&b);
	return t;
}

/* escalate: {when: COND, to: SEVERITY}: on plans where COND holds the
 * rule's findings take that severity (e.g. error for trial plans). */
static int read_escalate(gl__pctx *pc, gl_rule *r, const gl_node *e)
{
	static const char *const keys[] = {"when", "to", NULL};
	if (!e)
		return 0;
	if (gl__arg_check_keys(pc, e, keys))
		return -1;
	const gl_node *when = gl_node_get(e, "when"), *to = gl_node_get(e, "to");
	if (!when || !to)
		return gl__arg_fail(pc, e, "escalate needs 'when' and 'to'");
	if (parse_sev(pc, to, &r->escalate_to))
		return -1;
	if (r->escalate_to < r->severity)
		return gl__arg_fail(pc, to, "escalate's 'to' (%s) is below the rule's severity (%s): "
		                    "escalate only raises it", gl_severity_name(r->escalate_to),
		                    gl_severity_name(r->severity));
	if (!(r->escalate_text = flow_text(pc, when)))
		return gl__arg_fail(pc, e, "out of memory");
	pc->at_plan = 1;
	return (r->escalate_when = gl__cond_compile(pc, when)) ? 0 : -1;
}

static int read_examples(gl__pctx *pc, gl_rule *r, const gl_node *ex)
{
	if (!ex)
		return 0;
	static const char *const keys[] = {"pass", "fail", NULL};
	if (gl__arg_check_keys(pc, ex, keys))
		return -1;
	for (int k = 0; k < 2; k++) {
		const gl_node *list = gl_node_get(ex, keys[k]);
		if (!list)
			continue;
		if (list->kind != GL_SEQ)
			return gl__arg_fail(pc, list, "examples.%s is a list of YAML texts", keys[k]);
		const char **v = gl__arena_alloc(pc->arena, (list->n + 1) * sizeof *v);
		if (!v)
			return gl__arg_fail(pc, list, "out of memory");
		for (size_t i = 0; i < list->n; i++)
			if (!(v[i] = gl__scalar_text(list->items[i])))
				return gl__arg_fail(pc, list->items[i], "an example is a YAML text (use |)");
		*(k ? &r->fail : &r->pass) = v;
		*(k ? &r->nfail : &r->npass) = list->n;
	}
	return 0;
}

static int read_enforcement(gl__pctx *pc, gl_rule *r, const gl_node *rule)
{
	const char *e;
	r->enforcement = GL_ENF_SOFT;
	if (optional_text(pc, rule, "enforcement", &e))
		return -1;
	if (!e)
		return 0;
	for (int i = GL_ENF_HARD; i <= GL_ENF_ADVISORY; i++)
		if (strcmp(e, gl_enforcement_name((gl_enforcement)i)) == 0) {
			r->enforcement = (gl_enforcement)i;
			return 0;
		}
	return gl__arg_fail(pc, gl_node_get(rule, "enforcement"),
	                    "enforcement must be hard, soft or advisory");
}

/* waiver_approvers: [ROLE...] or a vocabulary name: the roles one of which
 * a waiver's approver must hold for this rule, instead of the config's. */
static int read_approvers(gl__pctx *pc, gl_rule *r, const gl_node *n)
{
	if (!n)
		return 0;
	if (r->enforcement != GL_ENF_SOFT)
		return gl__arg_fail(pc, n, "waiver_approvers on a rule that is not soft: it is never "
		                    "waived");
	if (n->kind == GL_SCALAR && n->len) {
		const gl__vocab *v = gl__vocab_find(pc->pack, n->str);
		if (!v)
			return gl__arg_fail(pc, n, "no vocabulary named '%s' in this pack", n->str);
		r->waiver_roles = v->values;
		r->nwaiver_roles = v->n;
		return 0;
	}
	if (n->kind != GL_SEQ || !n->n)
		return gl__arg_fail(pc, n, "waiver_approvers is a list of roles or a vocabulary name");
	const char **v = gl__arena_alloc(pc->arena, n->n * sizeof *v);
	if (!v)
		return gl__arg_fail(pc, n, "out of memory");
	for (size_t i = 0; i < n->n; i++)
		if (!(v[i] = gl__scalar_text(n->items[i])) || !*v[i])
			return gl__arg_fail(pc, n->items[i], "a role is a name");
	r->waiver_roles = v;
	r->nwaiver_roles = n->n;
	return 0;
}

/* The rule of pack p read so far that detects `what`, or NULL. */
static const gl_rule *pack_detector(const gl__packset *ps, const gl__pack_data *p,
                                    const char *what)
{
	for (size_t i = 0; i < gl__packset_nrules(ps); i++) {
		const gl_rule *r = gl__packset_rule(ps, i);
		if (r->pack == p && r->detects && strcmp(r->detects, what) == 0)
			return r;
	}
	return NULL;
}

static int read_logic(gl__pctx *pc, gl_rule *r, const gl_node *rule)
{
	const gl_node *n;
	pc->at_plan = 1;   /* for and when start at the plan; the rest at the subject */
	if ((n = gl_node_get(rule, "for")) && !(r->subjects = gl__arg_path(pc, rule, "for", 1)))
		return -1;
	if ((n = gl_node_get(rule, "when")) && !(r->when = gl__cond_compile(pc, n)))
		return -1;
	pc->at_plan = !r->subjects;
	if ((n = gl_node_get(rule, "owner")) && !(r->owner = gl__arg_path(pc, rule, "owner", 1)))
		return -1;
	if ((n = gl_node_get(rule, "where")) && !(r->where = gl__cond_compile(pc, n)))
		return -1;
	const gl_node *req = gl_node_get(rule, "require");
	const char *detects;
	if (optional_text(pc, rule, "detects", &detects))
		return -1;
	if (detects && !one_of(detects, detectable))
		return gl__arg_fail(pc, gl_node_get(rule, "detects"),
		                    "detects is yaml-syntax, duplicate-key, waiver or plan-id");
	r->detects = detects;
	const gl_rule *twin = detects ? pack_detector(pc->packs, pc->pack, detects) : NULL;
	if (twin)   /* only the first in pack order reports: no config could make this one */
		return gl__arg_fail(pc, gl_node_get(rule, "detects"), "%s (line %u) of this pack detects "
		                    "%s already, and only the first such rule reports",
		                    twin->id, twin->line, detects);
	static const char *const not_detected[] = {"message", "for", "when", "where", "escalate"};
	for (size_t i = 0; detects && i < sizeof not_detected / sizeof *not_detected; i++)
		if ((n = gl_node_get(rule, not_detected[i])))   /* they would be silently ignored */
			return gl__arg_fail(pc, n, "a detects rule takes no '%s' (it reports what the "
			                    "engine finds, wherever and in the engine's words)",
			                    not_detected[i]);
	if (req && detects)
		return gl__arg_fail(pc, gl_node_get(rule, "detects"),
		                    "a rule has 'require' or 'detects', not both");
	if (!req && !detects)
		return gl__arg_fail(pc, rule, "a rule needs 'require' (or 'detects' for loader rules)");
	if (!req)
		return 0;
	if (req->kind == GL_SEQ && req->n == 0)   /* a rule that could never fail */
		return gl__arg_fail(pc, req, "expected a non-empty list of conditions");
	size_t n_req = req->kind == GL_SEQ ? req->n : 1;
	r->require = gl__arena_alloc(pc->arena, (n_req + 1) * sizeof *r->require);
	if (!r->require)
		return gl__arg_fail(pc, req, "out of memory");
	for (size_t i = 0; i < n_req; i++) {
		const gl_node *c = req->kind == GL_SEQ ? req->items[i] : req;
		if (!(r->require[r->nrequire++] = gl__cond_compile(pc, c)))
			return -1;
	}
	return 0;
}

/* Every [ID] a rationale cites (an id of letters, digits, '_' or '-', as
 * `govlint explain` reads it, with no lower-case letter: [S12], [GK], not
 * an editorial [sic]) is one of its pack's sources. */
static int check_citations(gl__pctx *pc, const gl_rule *r, const gl_node *rule)
{
	for (const char *p = r->rationale; (p = strchr(p, '[')) != NULL; p++) {
		size_t n = 0;
		int lower = 0;
		for (; isalnum((unsigned char)p[1 + n]) || p[1 + n] == '_' || p[1 + n] == '-'; n++)
			lower |= islower((unsigned char)p[1 + n]) != 0;
		if (n && !lower && p[1 + n] == ']' && !gl__node_get_n(pc->pack->sources, p + 1, n))
			return gl__arg_fail(pc, gl_node_get(rule, "rationale"), "the rationale cites [%.*s], "
			                    "which is not one of the pack's sources", (int)n, p + 1);
	}
	return 0;
}

static int builtin(const gl__pack_data *d)
{
	return strncmp(d->file, builtin_dir, sizeof builtin_dir - 1) == 0;
}

/* An id taken by `first`: say where, or, for a built-in rule (no file to
 * edit), how to replace it. */
static int id_taken(gl__pctx *pc, const gl_node *rule, const gl_rule *first)
{
	if (builtin(first->pack))
		return gl__arg_fail(pc, rule, "the id is already defined by the built-in pack %s's rule; "
		                    "disable it in the config's overrides and give yours a new id",
		                    first->pack->name);
	return gl__arg_fail(pc, rule, "the id is already defined by an earlier rule (first at %s:%u:%u)",
	                    first->pack->file, first->line, first->col);
}

static const char *const rule_keys[] = {
	"id", "title", "area", "severity", "enforcement", "rationale", "help", "message", "owner",
	"when", "for", "where", "require", "severity_by_status", "escalate", "detects", "examples",
	"waiver_approvers", NULL};

static gl_rule *read_rule(gl__pctx *pc, gl__packset *ps, const gl_node *rule)
{
	gl_rule *r = gl__arena_alloc(pc->arena, sizeof *r);
	if (!r) {
		gl__arg_fail(pc, rule, "out of memory");
		return NULL;
	}
	pc->rule_id = NULL;
	if (rule->kind != GL_MAP || !(r->id = text_field(pc, rule, "id", 1)))
		return rule->kind != GL_MAP ? (gl__arg_fail(pc, rule, "a rule is a mapping"), NULL) : NULL;
	if (r->id[strspn(r->id, id_chars)]) {   /* reports, waivers and SARIF quote it as is */
		gl__arg_fail(pc, gl_node_get(rule, "id"), "'id' may hold only letters, digits, '.', '_' "
		             "and '-'");
		return NULL;
	}
	pc->rule_id = r->id;
	pc->late = pc->provenance = 0;
	const gl_node *k = gl__unknown_key(rule, rule_keys);
	if (k) {   /* a rule's own keys, not a predicate's arguments */
		gl__arg_fail(pc, k, "unknown key '%s'", k->kind == GL_SCALAR ? k->str : "?");
		return NULL;
	}
	const gl_rule *first = gl__packset_find(ps, r->id);
	if (first) {
		id_taken(pc, rule, first);
		return NULL;
	}
	r->config_sev = -1;
	r->line = rule->line;
	r->col = rule->col;
	r->pack = pc->pack;
	r->pack_name = pc->pack->name;
	if (!(r->title = text_field(pc, rule, "title", 1)) ||
	    !(r->area = text_field(pc, rule, "area", 1)) ||
	    !(r->rationale = text_field(pc, rule, "rationale", 1)) ||
	    !(r->help = text_field(pc, rule, "help", 1)))
		return NULL;
	if (check_citations(pc, r, rule))
		return NULL;
	if (!one_of(r->area, areas)) {
		gl__arg_fail(pc, gl_node_get(rule, "area"), "unknown area '%s'", r->area);
		return NULL;
	}
	const char *message;
	if (optional_text(pc, rule, "message", &message) ||
	    (message && !(r->message = gl__arg_template(pc, gl_node_get(rule, "message")))) ||
	    parse_sev(pc, gl_node_get(rule, "severity") ? gl_node_get(rule, "severity") : rule,
	              &r->severity) ||
	    read_enforcement(pc, r, rule) ||
	    read_rule_sevmap(pc, r, gl_node_get(rule, "severity_by_status")) ||
	    read_escalate(pc, r, gl_node_get(rule, "escalate")) ||
	    read_approvers(pc, r, gl_node_get(rule, "waiver_approvers")) ||
	    read_examples(pc, r, gl_node_get(rule, "examples")) || read_logic(pc, r, rule))
		return NULL;
	r->late = pc->late;
	r->provenance = pc->provenance;
	return r;
}

static int add_rule(gl__packset *ps, gl_rule *r)
{
	if (ps->nrules == ps->cap) {
		size_t cap = ps->cap ? ps->cap * 2 : 64;
		gl_rule **v = realloc(ps->rules, cap * sizeof *v);
		if (!v)
			return -1;
		ps->rules = v;
		ps->cap = cap;
	}
	ps->rules[ps->nrules++] = r;
	return 0;
}

/* identity_keys: [id, group]: the keys that name a list item in fingerprints. */
static int read_identity_keys(gl__pctx *pc, gl__pack_data *d, const gl_node *v)
{
	if (!v)
		return 0;
	if (v->kind != GL_SEQ || v->n == 0)
		return gl__arg_fail(pc, v, "'identity_keys' must be a list of key names");
	d->identity_keys = gl__arena_alloc(pc->arena, (v->n + 1) * sizeof *d->identity_keys);
	if (!d->identity_keys)
		return gl__arg_fail(pc, v, "out of memory");
	for (size_t i = 0; i < v->n; i++) {
		const gl_node *k = v->items[i];
		if (!gl__nonblank_text(k))
			return gl__arg_fail(pc, k, "an identity key is a key name");
		d->identity_keys[i] = k->str;
	}
	return 0;
}

/* sources: {ID: citation}: both non-empty text (reports print them). */
static int read_sources(gl__pctx *pc, gl__pack_data *d, const gl_node *m)
{
	if (m && m->kind != GL_MAP)
		return gl__arg_fail(pc, m, "'sources' maps ids (S1) to citations");
	for (size_t i = 0; m && i < m->n; i++)   /* ids and citations */
		if (!gl__nonblank_text(m->items[i]))
			return gl__arg_fail(pc, m->items[i], "'sources' maps ids (S1) to citations");
	d->sources = m;
	return 0;
}

/* status_field: a path from the plan's root to one value (default status),
 * compiled once: each rule reads the status through its own pack's. */
static int read_status_field(gl__pctx *pc, gl__pack_data *d, const gl_node *root)
{
	const gl_node *n = gl_node_get(root, "status_field");
	d->status_path = n ? text_field(pc, root, "status_field", 0) : "status";
	if (!d->status_path)
		return -1;
	gl_err e;
	if (!(d->status = gl__path_compile(pc->arena, d->status_path, &e)))
		return gl__arg_fail(pc, n, "%s", e.msg);
	if (gl__path_multi(d->status))
		return gl__arg_fail(pc, n, "'status_field' is a path to one value, without [*], *, ** "
		                    "or filters");
	return 0;
}

/* A pack's name is its own: reports (JSON tool.packs) and `explain` tell
 * packs apart by it. */
static int name_free(gl__pctx *pc, const gl__packset *ps, const gl_node *root)
{
	for (size_t i = 0; i < ps->npacks; i++) {
		const gl__pack_data *d = &ps->packs[i]->data;
		if (d != pc->pack && d->name && strcmp(d->name, pc->pack->name) == 0)
			return gl__arg_fail(pc, gl_node_get(root, "pack"), "pack name '%s' is already taken "
			                    "by an earlier pack (%s)", d->name,
			                    builtin(d) ? "built-in" : d->file);
	}
	return 0;
}

static int read_header(gl__pctx *pc, gl__pack_data *d, const gl_node *root)
{
	static const char *const keys[] = {"pack", "version", "description", "status_field",
	                                   "severity_by_status", "identity_keys", "vocabularies",
	                                   "sources", "rules", NULL};
	if (gl__arg_check_keys(pc, root, keys))
		return -1;
	if (!(d->name = text_field(pc, root, "pack", 1)) || name_free(pc, pc->packs, root))
		return -1;
	const char *description;
	if (optional_text(pc, root, "version", &d->version) ||
	    optional_text(pc, root, "description", &description))
		return -1;
	return read_sources(pc, d, gl_node_get(root, "sources")) ||
	       read_status_field(pc, d, root) ||
	       read_identity_keys(pc, d, gl_node_get(root, "identity_keys")) ||
	       read_vocabs(pc, d, gl_node_get(root, "vocabularies")) ||
	       read_status_map(pc, d, gl_node_get(root, "severity_by_status"));
}

static int load_rules(gl__pctx *pc, gl__packset *ps, const gl_node *root)
{
	const gl_node *rules = gl_node_get(root, "rules");
	if (!rules || rules->kind != GL_SEQ)
		return gl__arg_fail(pc, rules ? rules : root, "'rules' must be a list");
	for (size_t i = 0; i < rules->n; i++) {
		gl_rule *r = read_rule(pc, ps, rules->items[i]);
		if (!r)
			return -1;
		if (add_rule(ps, r))
			return gl__arg_fail(pc, rules->items[i], "out of memory");
	}
	return 0;
}

static int doc_problem(const gl_doc *doc, const char *file, gl_err *err)
{
	const gl_diag *dg = gl_doc_diag(doc, 0);
	if (dg) {
		gl__err_at(err, file, dg->line, dg->col, "%s", dg->msg);
		return -1;
	}
	const gl_node *root = gl_doc_root(doc);
	if (!root || root->kind != GL_MAP) {
		gl__err_at(err, file, root ? root->line : 1, root ? root->col : 1,
		           "a rule pack is a YAML mapping with 'pack' and 'rules'");
		return -1;
	}
	return 0;
}

/* gl__pack_load, from libyaml's events for buf when rec is not NULL. */
static int load(gl__packset *ps, const char *file, const char *buf, size_t len,
                const gl__recording *rec, gl_err *err)
{
	struct loaded **v = realloc(ps->packs, (ps->npacks + 1) * sizeof *v);
	struct loaded *l = v ? calloc(1, sizeof *l) : NULL;
	if (v)
		ps->packs = v;
	if (!l) {
		gl__err_set(err, "out of memory");
		return -1;
	}
	gl_limits lim = GL_LIMITS_INIT;
	ps->packs[ps->npacks++] = l;
	if ((rec ? gl__doc_replay(&l->doc, file, buf, len, rec, &lim)
	         : gl_doc_parse(&l->doc, file, buf, len, &lim)) < 0) {
		gl__err_set(err, "out of memory");
		return -1;
	}
	if (doc_problem(l->doc, file, err))
		return -1;
	l->data.file = gl__arena_strdup(ps->arena, file);
	gl__pctx pc = {ps->arena, l->data.file, NULL, &l->data, err, ps};
	const gl_node *root = gl_doc_root(l->doc);
	return read_header(&pc, &l->data, root) || load_rules(&pc, ps, root) ? -1 : 0;
}

int gl__pack_load(gl__packset *ps, const char *file, const char *buf, size_t len, gl_err *err)
{
	return load(ps, file, buf, len, NULL, err);
}

/* Built-in packs are rules/NAME.yaml, embedded as "NAME.yaml". */
static int is_pack(const gl__embedded *e, const char *name)
{
	size_t n = strlen(name);
	return strncmp(e->name, name, n) == 0 && strcmp(e->name + n, ".yaml") == 0;
}

int gl__pack_load_builtin(gl__packset *ps, const char *name, int examples, gl_err *err)
{
	for (const gl__embedded *e = gl__embedded_packs; e->name; e++)
		if (is_pack(e, name)) {
			char *file = gl__arena_printf(ps->arena, "%s%s", builtin_dir, e->name);
			if (!file)
				return gl__err_set(err, "out of memory"), -1;
			return examples ? load(ps, file, e->data, e->len, NULL, err)
			                : load(ps, file, e->lean, e->lean_len, &e->events, err);
		}
	gl__err_set(err, "no built-in pack named '%s'", name);
	return -1;
}

const char *const *gl_builtin_packs(void)
{
	static char names[16][64];
	static const char *list[16];
	size_t n = 0;
	for (const gl__embedded *e = gl__embedded_packs; e->name && n < 15; e++, n++) {
		snprintf(names[n], sizeof names[n], "%.*s", (int)strcspn(e->name, "."), e->name);
		list[n] = names[n];
	}
	list[n] = NULL;
	return list;
}

/* ---- public rule getters --------------------------------------------- */

const char *gl_rule_id(const gl_rule *r) { return r->id; }
const char *gl_rule_title(const gl_rule *r) { return r->title; }
const char *gl_rule_area(const gl_rule *r) { return r->area; }
gl_severity gl_rule_severity(const gl_rule *r)
{
	return r->config_sev >= 0 ? (gl_severity)r->config_sev : r->severity;
}
gl_severity gl_rule_pack_severity(const gl_rule *r) { return r->severity; }
int gl_rule_severity_by_config(const gl_rule *r) { return r->config_sev >= 0; }
gl_enforcement gl_rule_enforcement(const gl_rule *r) { return r->enforcement; }
const char *gl_rule_rationale(const gl_rule *r) { return r->rationale; }
const char *gl_rule_help(const gl_rule *r) { return r->help; }
const char *gl_rule_pack(const gl_rule *r) { return r->pack_name; }
const char *gl_rule_detects(const gl_rule *r) { return r->detects; }

const char *gl_rule_escalate(const gl_rule *r, gl_severity *to)
{
	*to = r->escalate_to;
	return r->escalate_text;
}

const char *gl_rule_status_severity(const gl_rule *r, size_t i, gl_severity *sev)
{
	if (i >= r->nsevmap)
		return NULL;
	*sev = r->sevmap[i].sev;
	return r->sevmap[i].status;
}

const gl__sevmap *gl__rule_own_status(const gl_rule *r, const char *status)
{
	for (size_t i = 0; status && i < r->nsevmap; i++)
		if (strcmp(r->sevmap[i].status, status) == 0)
			return &r->sevmap[i];
	return NULL;
}

const char *gl_rule_pack_status_severity(const gl_rule *r, size_t i, gl_severity *from,
                                         gl_severity *to)
{
	for (size_t k = 0; r->pack && k < r->pack->nsmap; k++) {
		const struct gl__status_map *e = &r->pack->smap[k];
		int reaches = e->from == r->severity || (r->escalate_when && e->from == r->escalate_to);
		if (!reaches || gl__rule_own_status(r, e->status) || i--)
			continue;
		*from = e->from;
		*to = e->to;
		return e->status;
	}
	return NULL;
}

const char *gl_rule_waiver_approver(const gl_rule *r, size_t i)
{
	return i < r->nwaiver_roles ? r->waiver_roles[i] : NULL;
}
int gl_rule_active(const gl_rule *r) { return r && !r->disabled && !r->shadowed_by; }
const gl_rule *gl_rule_shadowed_by(const gl_rule *r) { return r->shadowed_by; }
const char *gl_rule_pack_version(const gl_rule *r) { return r->pack ? r->pack->version : NULL; }

const char *gl_rule_source(const gl_rule *r, const char *id)
{
	return r->pack ? gl__scalar_text(gl_node_get(r->pack->sources, id)) : NULL;
}

const char *gl_rule_example(const gl_rule *r, const char *kind, size_t i)
{
	int fail = strcmp(kind, "fail") == 0;
	size_t n = fail ? r->nfail : r->npass;
	return i < n ? (fail ? r->fail : r->pass)[i] : NULL;
}

const char *gl_severity_name(gl_severity s)
{
	static const char *const names[] = {"info", "warning", "error", "never"};
	return s <= GL_SEV_NEVER ? names[s] : "?";
}

int gl_severity_parse(const char *s, gl_severity *out)
{
	for (int i = GL_SEV_INFO; i <= GL_SEV_NEVER; i++)
		if (strcmp(s, gl_severity_name((gl_severity)i)) == 0) {
			*out = (gl_severity)i;
			return 0;
		}
	return -1;
}

const char *gl_enforcement_name(gl_enforcement e)
{
	static const char *const names[] = {"hard", "soft", "advisory"};
	return e <= GL_ENF_ADVISORY ? names[e] : "?";
}
