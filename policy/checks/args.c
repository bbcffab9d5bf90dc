/* What predicates share: reading their arguments from a rule, value sets,
 * and recording failures. */
#include "../internal.h"

#include <stdlib.h>
#include <string.h>

int gl__arg_fail(gl__pctx *pc, const gl_node *at, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* Outside a rule (the pack's own keys, a rule without an id) there is
	 * no rule to name: the position says where. */
	gl__err_at(pc->err, pc->file, at ? at->line : 0, at ? at->col : 0, "%s%s%s%s",
	           pc->rule_id ? "rule " : "", pc->rule_id ? pc->rule_id : "",
	           pc->rule_id ? ": " : "", msg);
	return -1;
}

void *gl__arg_alloc(gl__pctx *pc, const gl_node *at, size_t n)
{
	void *p = gl__arena_alloc(pc->arena, n);
	if (!p)
		gl__arg_fail(pc, at, "out of memory");
	return p;
}

const char *gl__scalar_text(const gl_node *n)
{
	return n && n->kind == GL_SCALAR ? n->str : NULL;
}

/* The length of the space at s (UTF-8, NUL-terminated), or 0: Unicode's
 * White_Space (what a reader sees as a gap: tab to CR, space, U+0085,
 * U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F,
 * U+3000) and the zero-width and format spaces a pasted text carries
 * (U+200B-U+200D, U+2060, U+FEFF), which show nothing either. Bytes are
 * compared as written: a NUL ends a sequence before it is read past. */
static size_t space_len(const unsigned char *s)
{
	if (s[0] == ' ' || (s[0] >= '\t' && s[0] <= '\r'))
		return 1;
	switch (s[0]) {
	case 0xC2:   /* U+0085, U+00A0 */
		return s[1] == 0x85 || s[1] == 0xA0 ? 2 : 0;
	case 0xE1:   /* U+1680 */
		return s[1] == 0x9A && s[2] == 0x80 ? 3 : 0;
	case 0xE2:   /* U+2000-U+200D, U+2028, U+2029, U+202F; U+205F, U+2060 */
		if (s[1] == 0x80)
			return (s[2] >= 0x80 && s[2] <= 0x8D) || s[2] == 0xA8 || s[2] == 0xA9 || s[2] == 0xAF ? 3 : 0;
		return s[1] == 0x81 && (s[2] == 0x9F || s[2] == 0xA0) ? 3 : 0;
	case 0xE3:   /* U+3000 */
		return s[1] == 0x80 && s[2] == 0x80 ? 3 : 0;
	case 0xEF:   /* U+FEFF */
		return s[1] == 0xBB && s[2] == 0xBF ? 3 : 0;
	}
	return 0;
}

int gl__blank(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	for (size_t k; *p; p += k)
		if (!(k = space_len(p)))
			return 0;
	return 1;
}

const char *gl__nonblank_text(const gl_node *n)
{
	const char *s = gl__scalar_text(n);
	return s && !gl__blank(s) ? s : NULL;
}

int gl__empty(const gl_node *n)
{
	if (gl__is_null(n))
		return 1;
	if (n->kind == GL_SCALAR)
		return gl__blank(n->str);
	int map = n->kind == GL_MAP;   /* a mapping's keys name what it would hold */
	for (size_t i = map; i < n->n; i += 1 + map)
		if (!gl__empty(n->items[i]))
			return 0;
	return 1;
}

static gl__path *compile_at(gl__pctx *pc, const gl_node *n)
{
	if (!n || n->kind != GL_SCALAR) {
		gl__arg_fail(pc, n, "expected a path");
		return NULL;
	}
	if (pc->at_plan && n->str[0] == '^') {   /* it would reach nothing, and pass */
		gl__arg_fail(pc, n, "'%s' starts at the subject's parent, but the subject here is the "
		             "plan, which has none (start at the plan, or give the rule a for:)", n->str);
		return NULL;
	}
	gl_err e;
	gl__path *p = gl__path_compile(pc->arena, n->str, &e);
	if (!p)
		gl__arg_fail(pc, n, "%s", e.msg);
	return p;
}

gl__path *gl__arg_path(gl__pctx *pc, const gl_node *spec, const char *key, int required)
{
	const gl_node *n = gl_node_get(spec, key);
	if (!n) {
		if (required)
			gl__arg_fail(pc, spec, "missing '%s'", key);
		return NULL;
	}
	return gl__arg_paths(pc, n);
}

gl__path *gl__arg_paths(gl__pctx *pc, const gl_node *spec)
{
	if (!spec || spec->kind != GL_SEQ)
		return compile_at(pc, spec);
	if (spec->n == 0) {
		gl__arg_fail(pc, spec, "expected a path or a non-empty list of paths");
		return NULL;
	}
	gl__path *first = NULL;
	for (size_t i = 0; i < spec->n; i++) {
		gl__path *p = compile_at(pc, spec->items[i]);
		if (!p)
			return NULL;
		first = first ? gl__path_union(first, p) : p;
	}
	if (gl__path_share(pc->arena, first)) {
		gl__arg_fail(pc, spec, "out of memory");
		return NULL;
	}
	return first;
}

const gl__tmpl *gl__arg_template(gl__pctx *pc, const gl_node *n)
{
	gl_err e;
	const gl__tmpl *t = gl__tmpl_compile(pc->arena, n->str, &e);
	if (!t)
		gl__arg_fail(pc, n, "message: %s", e.msg);
	return t;
}

int gl__arg_str(gl__pctx *pc, const gl_node *spec, const char *key, int required, const char **out)
{
	const gl_node *n = gl_node_get(spec, key);
	*out = n && n->kind == GL_SCALAR ? n->str : NULL;
	if (!*out && n)
		return gl__arg_fail(pc, n, "'%s' must be a string", key);
	if (!*out && required)
		return gl__arg_fail(pc, spec, "missing '%s'", key);
	return 0;
}

int gl__arg_check_keys(gl__pctx *pc, const gl_node *spec, const char *const *allowed)
{
	if (!spec || spec->kind != GL_MAP)
		return gl__arg_fail(pc, spec, "expected a mapping of arguments");
	const gl_node *k = gl__unknown_key(spec, allowed);
	return k ? gl__arg_fail(pc, k, "unknown %s '%s'", pc->rule_id ? "argument" : "key",
	                        k->kind == GL_SCALAR ? k->str : "?") : 0;
}

static int read_values(gl__pctx *pc, const gl_node *n, gl__set *out)
{
	if (n->kind != GL_SEQ)
		return gl__arg_fail(pc, n, "'values' must be a list");
	out->values = gl__arena_alloc(pc->arena, (n->n + 1) * sizeof *out->values);
	if (!out->values)
		return gl__arg_fail(pc, n, "out of memory");
	for (size_t i = 0; i < n->n; i++) {
		if (n->items[i]->kind != GL_SCALAR)
			return gl__arg_fail(pc, n->items[i], "'values' holds scalars only");
		out->values[out->nvalues++] = gl__value_text(n->items[i]);
	}
	return 0;
}

int gl__arg_set_fix(gl__pctx *pc, const gl_node *spec, gl__set *out)
{
	size_t nv = out->vocab ? out->vocab->n : 0, n = out->nvalues + nv;
	out->fixed = gl__arena_alloc(pc->arena, (n + 1) * sizeof *out->fixed);
	if (!out->fixed)
		return gl__arg_fail(pc, spec, "out of memory");
	for (size_t i = 0; i < out->nvalues; i++)
		out->fixed[out->nfixed++] = out->values[i];
	for (size_t i = 0; i < nv; i++)
		out->fixed[out->nfixed++] = out->vocab->values[i];
	if (n < GL__LONG_LIST)
		return 0;
	if (!(out->sorted = gl__arena_alloc(pc->arena, n * sizeof *out->sorted)))
		return gl__arg_fail(pc, spec, "out of memory");
	memcpy(out->sorted, out->fixed, n * sizeof *out->sorted);
	qsort(out->sorted, n, sizeof *out->sorted, gl__by_str);
	return 0;
}

int gl__arg_set(gl__pctx *pc, const gl_node *spec, gl__set *out, int required)
{
	memset(out, 0, sizeof *out);
	const gl_node *values = gl_node_get(spec, "values");
	const gl_node *vocab = gl_node_get(spec, "vocab");
	const gl_node *paths = gl_node_get(spec, "paths");
	if (!values && !vocab && !paths) {
		if (required)
			return gl__arg_fail(pc, spec, "needs 'values', 'vocab' or 'paths'");
		return 0;
	}
	if (values && read_values(pc, values, out))
		return -1;
	if (vocab) {
		if (vocab->kind != GL_SCALAR || !(out->vocab = gl__vocab_find(pc->pack, vocab->str)))
			return gl__arg_fail(pc, vocab, "no vocabulary named '%s' in this pack",
			                    vocab->kind == GL_SCALAR ? vocab->str : "?");
	}
	if (paths && !(out->paths = gl__arg_paths(pc, paths)))
		return -1;
	return gl__arg_set_fix(pc, spec, out);
}

static int add_value(gl__ectx *ec, const char ***v, size_t *n, size_t *cap, const char *s)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 16;
		const char **p = gl__arena_alloc(ec->arena, c * sizeof *p);
		if (!p) {
			gl__err_set(ec->err, "out of memory");
			return -1;
		}
		if (*n)
			memcpy(p, *v, *n * sizeof *p);
		*v = p;
		*cap = c;
	}
	(*v)[(*n)++] = s;
	return 0;
}

typedef struct values {
	const char ***v;
	size_t *n, *cap;
} values;

static int add_reached(const gl__match *m, const void *vv, gl__ectx *ec, gl__fails *out)
{
	GL__UNUSED(out);
	const values *v = vv;
	const char *t = m->node ? gl__value_text(m->node) : NULL;
	return t ? add_value(ec, v->v, v->n, v->cap, t) : 0;
}

/* Appends to out[0..n) the values set's paths reach from s. */
static int reached(const gl__set *set, gl__ectx *ec, const gl__subject *s, const char ***out,
                   size_t *n, size_t *cap)
{
	values v = {out, n, cap};
	gl__fails none = {.decide = 1};
	return gl__each_value(set->paths, &v, ec, s, add_reached, &none);
}

int gl__arg_patterns(gl__pctx *pc, const gl_node *at, const gl__vocab *vocab,
                     const char *pattern, gl__regex **out)
{
	size_t n = vocab ? vocab->n : 1;
	for (size_t i = 0; i < n; i++) {
		gl_err e;
		if (!(out[i] = gl__regex_new(vocab ? vocab->values[i] : pattern, &e)))
			return vocab ? gl__arg_fail(pc, vocab->node->items[i], "vocabulary %s: %s",
			                            vocab->name, e.msg)
			             : gl__arg_fail(pc, at, "%s", e.msg);
		if (gl__pack_keep_regex(pc, out[i]))
			return -1;
	}
	return 0;
}

int gl__set_values(const gl__set *set, gl__ectx *ec, const gl__subject *s,
                   const char ***out, size_t *n)
{
	*out = set->fixed;   /* without paths: the pack's own list */
	*n = set->nfixed;
	if (!set->paths)
		return 0;
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	for (size_t i = 0; i < set->nfixed; i++)
		if (add_value(ec, out, n, &cap, set->fixed[i]))
			return -1;
	return reached(set, ec, s, out, n, &cap);
}

/* The first byte first: most words of a short set differ there, and a
 * call to strcmp costs more than the comparison. */
int gl__set_has(const char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (v[i][0] == s[0] && strcmp(v[i], s) == 0)
			return 1;
	return 0;
}

int gl__lookup_array(gl__lookup *l, gl__ectx *ec, const char *const *v, size_t n)
{
	*l = (gl__lookup){{{v, n, NULL}, {NULL, 0, NULL}}};
	if (n < GL__LONG_LIST)
		return 0;
	const char **sorted = gl__arena_alloc_raw(ec->arena, n * sizeof *sorted);
	if (!sorted) {
		gl__err_set(ec->err, "out of memory");
		return -1;
	}
	memcpy(sorted, v, n * sizeof *sorted);
	qsort(sorted, n, sizeof *sorted, gl__by_str);
	l->part[0].sorted = sorted;
	return 0;
}

/* The sets a rule has gathered from plan-wide paths, kept until it ends:
 * the values (strings of the plan or literals) and their sorted copy. */
struct gl__setcache {
	struct cached_set {
		const gl__set *set;
		struct gl__lookup_part part;
	} *v;
	size_t n, cap;
};

void gl__sets_free(gl__ectx *ec)
{
	struct gl__setcache *c = ec->sets;
	for (size_t i = 0; c && i < c->n; i++) {
		free((void *)c->v[i].part.v);
		free(c->v[i].part.sorted);
	}
	if (c)
		free(c->v);
	free(c);
	ec->sets = NULL;
}

/* A malloc'd copy of l's part 0, kept in ec->sets for `set`; -1 out of memory. */
static int keep_set(gl__ectx *ec, const gl__set *set, const gl__lookup *l)
{
	struct gl__setcache *c = ec->sets;
	if (!c && !(c = ec->sets = calloc(1, sizeof *c)))
		return -1;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 4;
		struct cached_set *v = realloc(c->v, cap * sizeof *v);
		if (!v)
			return -1;
		c->v = v;
		c->cap = cap;
	}
	const struct gl__lookup_part *p = &l->part[0];
	size_t bytes = (p->n ? p->n : 1) * sizeof *p->v;
	const char **v = malloc(bytes), **sorted = p->sorted ? malloc(bytes) : NULL;
	if (!v || (p->sorted && !sorted)) {
		free(v);
		return -1;
	}
	if (p->n)   /* v is NULL when the paths reach nothing */
		memcpy(v, p->v, p->n * sizeof *p->v);
	if (sorted)
		memcpy(sorted, p->sorted, p->n * sizeof *p->sorted);
	c->v[c->n++] = (struct cached_set){set, {v, p->n, sorted}};
	return 0;
}

static const struct gl__lookup_part *kept_set(const gl__ectx *ec, const gl__set *set)
{
	for (size_t i = 0; ec->sets && i < ec->sets->n; i++)
		if (ec->sets->v[i].set == set)
			return &ec->sets->v[i].part;
	return NULL;
}

int gl__lookup_set(gl__lookup *l, gl__ectx *ec, const gl__set *set, const gl__subject *s)
{
	const struct gl__lookup_part *kept = set->paths ? kept_set(ec, set) : NULL;
	if (kept) {
		l->part[1] = *kept;
	} else {
		const char **v = NULL;
		size_t n = 0, cap = 0;
		if (set->paths && reached(set, ec, s, &v, &n, &cap))
			return -1;
		if (gl__lookup_array(l, ec, v, n))
			return -1;
		if (set->paths && gl__path_plan_wide(set->paths) && keep_set(ec, set, l))
			return gl__err_set(ec->err, "out of memory"), -1;
		l->part[1] = l->part[0];
	}
	l->part[0] = (struct gl__lookup_part){set->fixed, set->nfixed, set->sorted};
	return 0;
}

int gl__lookup_has(const gl__lookup *l, const char *s)
{
	for (size_t i = 0; i < 2; i++) {
		const struct gl__lookup_part *p = &l->part[i];
		if (p->sorted ? bsearch(&s, p->sorted, p->n, sizeof *p->sorted, gl__by_str) != NULL
		              : gl__set_has(p->v, p->n, s))
			return 1;
	}
	return 0;
}

size_t gl__lookup_size(const gl__lookup *l)
{
	return l->part[0].n + l->part[1].n;
}

const char *gl__lookup_first(const gl__lookup *l)
{
	return l->part[0].n ? l->part[0].v[0] : l->part[1].n ? l->part[1].v[0] : NULL;
}

unsigned char *gl__firsts(gl__arena *a, const char *const *v, size_t n)
{
	unsigned char *first = gl__arena_alloc(a, n);
	gl__text_at *order = n >= GL__LONG_LIST ? malloc(n * sizeof *order) : NULL;
	if (!first || (n >= GL__LONG_LIST && !order)) {
		free(order);
		return NULL;
	}
	for (size_t i = 0; !order && i < n; i++)
		first[i] = !gl__set_has(v, i, v[i]);
	for (size_t i = 0; order && i < n; i++)
		order[i] = (gl__text_at){v[i], i};
	if (order)
		qsort(order, n, sizeof *order, gl__by_text_at);
	for (size_t i = 0; order && i < n; i++)
		first[order[i].at] = i == 0 || strcmp(order[i].text, order[i - 1].text) != 0;
	free(order);
	return first;
}

static void add_fail(gl__fails *f, const gl_node *loc, const gl__lpath *path, const char *value,
                     const char *detail, const gl_node *whole)
{
	gl__fail x = {loc, path, value, detail, NULL, {NULL, NULL, NULL}, 0, whole};
	if (!detail && !f->decide)   /* its text could not be made */
		f->oom = 1;
	gl__fails_push(f, &x);
}

void gl__fails_add(gl__fails *f, const gl_node *loc, const gl__lpath *path, const char *value,
                   const char *detail)
{
	add_fail(f, loc, path, value, detail, NULL);
}

void gl__fails_add_whole(gl__fails *f, const gl_node *n, const gl__lpath *path,
                         const char *detail)
{
	add_fail(f, n, path, NULL, detail, n);
}

void gl__fails_push(gl__fails *f, const gl__fail *x)
{
	if (f->oom)
		return;
	if (f->decide) {   /* only the count matters */
		f->n++;
		return;
	}
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 8;
		gl__fail *v = realloc(f->v, cap * sizeof *v);
		if (!v) {
			f->oom = 1;
			return;
		}
		f->v = v;
		f->cap = cap;
	}
	f->v[f->n++] = *x;
}

void gl__fails_free(gl__fails *f)
{
	free(f->v);
	f->v = NULL;
	f->n = f->cap = 0;
}

typedef struct each {
	gl__match_fn fn;
	const void *args;
	gl__ectx *ec;
	gl__fails *out;
} each;

static int each_one(void *ctx, const gl__match *m)
{
	const each *e = ctx;
	return e->fn(m, e->args, e->ec, e->out);
}

int gl__each_match(const gl__path *p, const void *args, gl__ectx *ec,
                   const gl__subject *s, gl__match_fn fn, gl__fails *out)
{
	if (gl__path_is_subject(p)) {   /* `@`: no walk */
		if (!s->node)
			return 0;
		gl__match one = {s->node, s->node, s->parent, s->path};
		int rc = fn(&one, args, ec, out);
		return rc < 0 ? rc : 0;
	}
	each e = {fn, args, ec, out};   /* called as the walk goes: nothing collected */
	int rc = gl__path_each(p, ec, s, each_one, &e);
	if (rc == GL_ENOMEM)
		gl__err_set(ec->err, "out of memory");
	return rc < 0 ? rc : 0;
}

typedef struct items {
	gl__match_fn fn;
	const void *args;
} items;

/* fn on m, or on each item when m reached a list. */
static int each_item(const gl__match *m, const void *vi, gl__ectx *ec, gl__fails *out)
{
	const items *it = vi;
	const gl_node *list = m->node;
	if (!list || list->kind != GL_SEQ)
		return it->fn(m, it->args, ec, out);
	for (size_t k = 0; k < list->n; k++) {
		gl__lpath *path = gl__arena_alloc_raw(ec->arena, sizeof *path);
		if (!path)
			return gl__err_set(ec->err, "out of memory"), -1;
		*path = (gl__lpath){m->path, NULL, k, list->items[k]};
		gl__match item = {list->items[k], list->items[k], list, path};
		int rc = it->fn(&item, it->args, ec, out);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int gl__each_value(const gl__path *p, const void *args, gl__ectx *ec,
                   const gl__subject *s, gl__match_fn fn, gl__fails *out)
{
	items it = {fn, args};
	return gl__each_match(p, &it, ec, s, each_item, out);
}

const char *gl__value_text(const gl_node *n)
{
	if (!n || n->kind != GL_SCALAR)
		return NULL;
	int b;
	if (gl__node_bool(n, &b) == 0)
		return b ? "true" : "false";
	return n->str;
}

const char *gl__ptext(gl__fails *out, gl__ectx *ec, const gl__lpath *p)
{
	if (out->decide)
		return "";
	const char *t = gl__lpath_text(ec->arena, p);
	if (!t)
		out->oom = 1;
	return t ? t : "";
}

const char *gl__detail(const gl__fails *out, gl__ectx *ec, const char *fmt, ...)
{
	if (out->decide)
		return NULL;
	va_list ap;
	va_start(ap, fmt);
	const char *p = gl__arena_vprintf(ec->arena, fmt, ap);
	va_end(ap);
	return p;
}
