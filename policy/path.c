/*
 * Paths into a plan: `concerns[*].sign_off.by`, `$.context.go_live`,
 * `stakeholders[group=@group].representatives[*]`, `security_review.scope.*`,
 * `**`, `notes["a.b"]` (a key that is not a plain name). A path starts at
 * the subject (`@`, or no prefix), the plan root
 * (`$`) or the subject's parent (`^`). Evaluation yields every node reached,
 * and for a key that is missing, the place it stops short (node == NULL),
 * so presence checks can point at the parent.
 */
#include "internal.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef enum { S_KEY, S_VALUES, S_DEEP, S_ITEMS, S_INDEX, S_FILTER } step_kind;

struct step {
	step_kind kind;
	const char *key;      /* S_KEY; S_FILTER: the item's field */
	size_t keylen;
	long index;           /* S_INDEX */
	const char *value;    /* S_FILTER: literal */
	const char *literal;  /* S_FILTER: the literal as written (`True` where value is `true`) */
	gl__path *ref;        /* S_FILTER: value taken from this path */
	int negate;           /* S_FILTER: != */
	_Atomic unsigned hint;   /* S_KEY, S_FILTER: where the key was last found (a cache,
	                            written through const paths) */
};

typedef struct share share;

struct gl__path {
	const char *src;
	char root;            /* '@', '$', '^' or '%' (the rule's subject) */
	struct step *steps;
	size_t n;
	int multi;
	int plan_wide;        /* from $, no filter reading the subject: the same places
	                         whatever the subject (on a list's first path: all of it) */
	gl__path *next;       /* alternatives of a path list, evaluated in order */
	share *shared;        /* the list's first path: its steps in common, or NULL */
};

/* Paths next to each other in a list that begin with the same key or index
 * steps share them: `trial.reads.lock.signed` and `trial.reads.blinding`
 * look trial and reads up once, and a plan without trial passes over all of
 * them at one lookup. A node stands for the paths lo, lo->next, ... up to
 * hi (excluded), which agree on their first `depth` steps; its kids split
 * them, in list order, into runs that agree on one more step, or single
 * paths (st NULL) that go on alone. Only steps that reach one node are
 * shared, so every path's places are reached in the list's order, path by
 * path, as walking each path in turn would reach them. */
struct share {
	const gl__path *lo, *hi;
	const struct step *st;   /* the step the run shares after depth; NULL: lo alone */
	size_t depth;
	share *kids;
	size_t nkids;
};

static int name_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '-';
}

static int fail(gl_err *err, const char *src, size_t at, const char *what)
{
	gl__err_set(err, "bad path '%s' at character %zu: %s", src, at + 1, what);
	return -1;
}

/* The text of a quoted key or value at *s (its opening quote): \" (or \')
 * and \\ escape. *s is left at the closing quote, or at the end. NULL out
 * of memory. */
static char *unquote(gl__arena *a, const char **s)
{
	char q = *(*s)++;
	char *out = gl__arena_alloc(a, gl__padded_size(strlen(*s)));   /* zeroed: padded */
	size_t n = 0;
	for (; out && **s && **s != q; (*s)++) {
		if (**s == '\\' && ((*s)[1] == q || (*s)[1] == '\\'))
			(*s)++;
		out[n++] = **s;
	}
	return out;
}

/* The ']' closing a filter's value at s, past brackets and quoted text
 * inside it (a reference such as $.refs[0] or $.notes["a]"]); or the end. */
static const char *value_end(const char *s)
{
	int depth = 0;
	char q = 0;
	for (; *s; s++) {
		if (q && *s == '\\' && s[1])
			s++;
		else if (q)
			q = *s == q ? 0 : q;
		else if (*s == '"' || *s == '\'')
			q = *s;
		else if (*s == '[')
			depth++;
		else if (*s == ']' && depth-- == 0)
			return s;
	}
	return s;
}

static int parse_filter(gl__arena *a, gl__path *p, struct step *st, const char **s, gl_err *err)
{
	const char *start = *s;
	while (name_char(**s))
		(*s)++;
	if (*s == start)
		return fail(err, p->src, (size_t)(*s - p->src), "expected a field name in [field=value]");
	st->keylen = (size_t)(*s - start);
	st->key = gl__arena_padded(a, start, st->keylen);
	if (**s == '!' && (*s)[1] == '=') {
		st->negate = 1;
		(*s)++;
	}
	if (**s != '=')
		return fail(err, p->src, (size_t)(*s - p->src), "expected '=' or '!=' in a filter");
	(*s)++;
	if (**s == '"' || **s == '\'') {   /* quoted text: as written, never a bool */
		const char *q = *s;
		if (!(st->literal = st->value = unquote(a, s)))
			return fail(err, p->src, 0, "out of memory");
		if (**s != *q || (*s)[1] != ']')
			return fail(err, p->src, (size_t)(*s - p->src), "expected a closing quote and ']'");
		*s += 2;
		st->kind = S_FILTER;
		return st->key ? 0 : fail(err, p->src, 0, "out of memory");
	}
	const char *v = *s;   /* a reference runs to its ']', past its own brackets and quotes; */
	int ref = *v == '@' || *v == '$' || *v == '^' || *v == '%';   /* a literal to the first */
	*s = ref ? value_end(v) : v + strcspn(v, "]");
	if (**s != ']')
		return fail(err, p->src, (size_t)(v - p->src), "unterminated '['");
	char *val = gl__arena_strndup(a, v, (size_t)(*s - v));
	if (!val || !st->key)
		return fail(err, p->src, 0, "out of memory");
	if (ref) {
		if (!(st->ref = gl__path_compile(a, val, err)))
			return -1;
	} else {   /* a plain scalar of the path: a bool compares as true or false */
		gl_node lit = {.kind = GL_SCALAR, .plain = 1, .str = val, .len = strlen(val)};
		st->value = gl__value_text(&lit);
		st->literal = val;
	}
	(*s)++;
	st->kind = S_FILTER;
	return 0;
}

/* ["key"] or ['key']: a key that is not a plain name (a dot, a space, a
 * letter outside ASCII), as logical paths write it; \" and \\ escape. */
static int parse_quoted(gl__arena *a, gl__path *p, struct step *st, const char **s, gl_err *err)
{
	char q = **s;
	char *key = unquote(a, s);
	if (!key)
		return fail(err, p->src, 0, "out of memory");
	if (**s != q || (*s)[1] != ']')
		return fail(err, p->src, (size_t)(*s - p->src), "expected a closing quote and ']'");
	*s += 2;
	st->kind = S_KEY;
	st->key = key;
	st->keylen = strlen(key);
	return 0;
}

static int parse_bracket(gl__arena *a, gl__path *p, struct step *st, const char **s, gl_err *err)
{
	(*s)++;
	if (**s == '"' || **s == '\'')
		return parse_quoted(a, p, st, s, err);
	if ((*s)[0] == '*' && (*s)[1] == ']') {
		st->kind = S_ITEMS;
		*s += 2;
		return 0;
	}
	if (isdigit((unsigned char)**s)) {
		char *end;
		st->kind = S_INDEX;
		st->index = strtol(*s, &end, 10);
		if (*end != ']')
			return fail(err, p->src, (size_t)(end - p->src), "expected ']' after an index");
		*s = end + 1;
		return 0;
	}
	return parse_filter(a, p, st, s, err);
}

static int parse_dotted(gl__arena *a, gl__path *p, struct step *st, const char **s, gl_err *err)
{
	if ((*s)[0] == '*' && (*s)[1] == '*') {
		st->kind = S_DEEP;
		*s += 2;
		return 0;
	}
	if (**s == '*') {
		st->kind = S_VALUES;
		(*s)++;
		return 0;
	}
	const char *start = *s;
	while (name_char(**s))
		(*s)++;
	if (*s == start && **s == '^')   /* `^.^` */
		return fail(err, p->src, (size_t)(start - p->src),
		            "only one '^.' level is allowed: '^' only starts a path");
	if (*s == start && **s && strchr("@$%", **s)) {   /* `a.$.b` */
		char what[48];
		snprintf(what, sizeof what, "'%c' only starts a path", **s);
		return fail(err, p->src, (size_t)(start - p->src), what);
	}
	if (*s == start && **s == '[')   /* `^.[*]`, `concerns.[0]` */
		return fail(err, p->src, (size_t)(start - p->src), "expected a field name after '.' "
		            "(a bracket follows what it applies to directly: '^[*]', 'concerns[0]')");
	if (*s == start)
		return fail(err, p->src, (size_t)(start - p->src), "expected a field name");
	st->kind = S_KEY;
	st->keylen = (size_t)(*s - start);
	if (!(st->key = gl__arena_padded(a, start, st->keylen)))
		return fail(err, p->src, 0, "out of memory");
	return 0;
}

gl__path *gl__path_compile(gl__arena *a, const char *src, gl_err *err)
{
	gl__path *p = gl__arena_alloc(a, sizeof *p);
	size_t cap = strlen(src) + 1;   /* never more steps than characters */
	if (!p || !(p->src = gl__arena_strdup(a, src)) ||
	    !(p->steps = gl__arena_alloc(a, cap * sizeof *p->steps))) {
		gl__err_set(err, "out of memory");
		return NULL;
	}
	const char *s = p->src;   /* positions are measured in this copy */
	p->root = '@';
	if (*s == '@' || *s == '$' || *s == '^' || *s == '%')
		p->root = *s++;   /* `@group` is short for `@.group` */
	int first = 1;
	while (*s) {
		struct step *st = &p->steps[p->n];
		int rc;
		if (*s == '[') {
			rc = parse_bracket(a, p, st, &s, err);
		} else if (*s == '.' || first) {
			s += *s == '.';
			rc = parse_dotted(a, p, st, &s, err);
		} else {
			rc = fail(err, p->src, (size_t)(s - p->src), "expected '.' or '['");
		}
		if (rc)
			return NULL;
		p->multi |= st->kind != S_KEY && st->kind != S_INDEX;
		p->n++;
		first = 0;
	}
	p->plan_wide = p->root == '$';
	for (size_t i = 0; i < p->n; i++)
		if (p->steps[i].ref && !p->steps[i].ref->plan_wide)
			p->plan_wide = 0;
	return p;
}

static int one_node_step(const gl__path *p, size_t i)
{
	return i < p->n && (p->steps[i].kind == S_KEY || p->steps[i].kind == S_INDEX);
}

static int same_step(const gl__path *p, const gl__path *q, size_t i)
{
	const struct step *a = &p->steps[i], *b = &q->steps[i];
	return one_node_step(q, i) && a->kind == b->kind &&
	       (a->kind == S_KEY ? a->keylen == b->keylen && memcmp(a->key, b->key, a->keylen) == 0
	                         : a->index == b->index);
}

/* t's kids: runs of its paths that agree on step t->depth, each split in
 * turn. 1 when a run holds two paths or more; -1 out of memory. */
static int split(gl__arena *a, share *t)
{
	size_t n = 0;
	for (const gl__path *p = t->lo; p != t->hi; p = p->next)
		n++;
	if (!(t->kids = gl__arena_alloc(a, n * sizeof *t->kids)))
		return -1;
	int shared = 0;
	for (const gl__path *p = t->lo, *q; p != t->hi; p = q) {
		q = p->next;
		while (one_node_step(p, t->depth) && q != t->hi && same_step(p, q, t->depth))
			q = q->next;
		share *k = &t->kids[t->nkids++];
		*k = (share){p, q, NULL, t->depth, NULL, 0};
		if (q == p->next)
			continue;   /* a path alone */
		k->st = &p->steps[t->depth];
		k->depth++;
		shared = 1;
		if (split(a, k) < 0)
			return -1;
	}
	return shared;
}

int gl__path_share(gl__arena *a, gl__path *list)
{
	for (const gl__path *p = list->next; p; p = p->next)
		if (p->root != list->root)
			return 0;   /* walks from different places */
	share *t = gl__arena_alloc(a, sizeof *t);
	if (!t)
		return -1;
	*t = (share){list, NULL, NULL, 0, NULL, 0};
	int rc = split(a, t);
	if (rc > 0)
		list->shared = t;
	return rc < 0 ? -1 : 0;
}

gl__path *gl__path_union(gl__path *first, gl__path *then)
{
	gl__path *p = first;
	while (p->next)
		p = p->next;
	p->next = then;
	first->multi = 1;
	first->plan_wide &= then->plan_wide;   /* then's head holds its list's */
	return first;
}

const char *gl__path_src(const gl__path *p)
{
	return p->src;
}

int gl__path_multi(const gl__path *p)
{
	return p->multi;
}

int gl__path_plan_wide(const gl__path *p)
{
	return p->plan_wide;
}

int gl__path_is_subject(const gl__path *p)
{
	return p->root == '@' && p->n == 0 && !p->next;
}

/* ---- evaluation ----------------------------------------------------- */

typedef struct walk {
	const gl__path *p;
	gl__ectx *ec;         /* the plan (root), arena and filter indexes */
	const gl__subject *subj;
	gl__matches *out;     /* what the walk reached; its oom flag stops the walk */
	gl__path_fn fn;       /* or, when set, called for each place instead */
	void *ctx;
	int rc;               /* fn's negative return, which stopped the walk */
	const gl__cond *skip; /* places whose node it rejects are not reached */
} walk;

static void push(walk *w, const gl_node *node, const gl_node *loc, const gl_node *parent,
                 const gl__lpath *path)
{
	gl__matches *m = w->out;
	if (m->oom || (w->skip && node && gl__cond_rejects(w->skip, node)))
		return;
	if (w->fn) {
		gl__match one = {node, loc, parent, path};
		if ((w->rc = w->fn(w->ctx, &one)) < 0)
			m->oom = 1;   /* stops the walk */
		return;
	}
	if (!m->cap) {
		m->v = m->small;
		m->cap = sizeof m->small / sizeof *m->small;
	}
	if (m->n == m->cap) {
		size_t cap = m->cap * 2;
		gl__match *v = m->v == m->small ? malloc(cap * sizeof *v) : realloc(m->v, cap * sizeof *v);
		if (!v) {
			m->oom = 1;
			return;
		}
		if (m->v == m->small)
			memcpy(v, m->small, sizeof m->small);
		m->v = v;
		m->cap = cap;
	}
	m->v[m->n++] = (gl__match){node, loc, parent, path};
}

/* One step below `up`: a key, or (key NULL) item i, which is `item` when
 * the walk reached it. NULL when out of memory. */
static const gl__lpath *down(walk *w, const gl__lpath *up, const char *key, size_t i,
                             const gl_node *item)
{
	gl__lpath *p = gl__arena_alloc_raw(w->ec->arena, sizeof *p);
	if (!p) {
		w->out->oom = 1;
		return NULL;
	}
	*p = (gl__lpath){up, key, i, item};
	return p;
}

static size_t ndigits(size_t i)
{
	size_t n = 1;
	while (i /= 10)
		n++;
	return n;
}

/* 1 when a key is written as it is (`a.key`), 0 when it needs ["..."]: a
 * dot or a bracket in it would make two paths read the same. */
static int plain_key(const char *k)
{
	if (!*k)
		return 0;
	for (; *k; k++)
		if (!name_char(*k))
			return 0;
	return 1;
}

/* Length of a quoted text's body ("..." escapes '"' and '\\'). */
static size_t quoted_len(const char *t)
{
	size_t n = 0;
	for (; *t; t++)
		n += 1 + (*t == '"' || *t == '\\');
	return n;
}

static char *put_quoted(char *o, const char *t)
{
	*o++ = '"';
	for (; *t; t++) {
		if (*t == '"' || *t == '\\')
			*o++ = '\\';
		*o++ = *t;
	}
	*o++ = '"';
	return o;
}

/* One step of a logical path: a key, or an item known by its position or,
 * when `id` is set, by its identity key and value (`[id="C-3"]`). */
typedef struct lstep {
	const gl__lpath *q;
	const char *id, *value;
} lstep;

/* Length of a step's text, and whether it is written after a '.'. */
static size_t step_len(const lstep *st, int after)
{
	if (st->id)
		return strlen(st->id) + quoted_len(st->value) + 5;   /* [k="v"] */
	if (!st->q->key)
		return ndigits(st->q->index) + 2;
	if (plain_key(st->q->key))
		return strlen(st->q->key) + (after != 0);
	return quoted_len(st->q->key) + 4;   /* [""] */
}

/* Writes a step at o (`.key`, `["k.y"]`, `[2]`, `[id="C-3"]`); returns the end. */
static char *put_step(char *o, int first, const lstep *st)
{
	const char *key = st->q->key;
	if (st->id) {
		*o++ = '[';
		memcpy(o, st->id, strlen(st->id));
		o += strlen(st->id);
		*o++ = '=';
		o = put_quoted(o, st->value);
		*o++ = ']';
	} else if (!key) {
		size_t n = ndigits(st->q->index), v = st->q->index;
		*o++ = '[';
		for (size_t d = n; d-- > 0; v /= 10)
			o[d] = (char)('0' + v % 10);
		o += n;
		*o++ = ']';
	} else if (plain_key(key)) {
		if (!first)
			*o++ = '.';
		memcpy(o, key, strlen(key));
		o += strlen(key);
	} else {
		*o++ = '[';
		o = put_quoted(o, key);
		*o++ = ']';
	}
	return o;
}

/* The first of `keys` that item (a mapping) holds as a scalar, with its
 * value in *value; NULL when it holds none. */
static const char *identity_of(const gl_node *item, const char *const *keys, const char **value)
{
	for (size_t i = 0; keys && keys[i] && item && item->kind == GL_MAP; i++) {
		const gl_node *v = gl_node_get(item, keys[i]);
		if (v && v->kind == GL_SCALAR) {
			*value = v->str;
			return keys[i];
		}
	}
	return NULL;
}

/* Items' identities, found once per rule: many findings may lie below one
 * item, and finding an identity reads the item's keys. */
struct gl__idcache {
	struct idslot {
		const gl_node *item;   /* NULL: a free slot */
		const char *key, *value;
	} *slot;
	size_t cap, n;   /* cap: 0 or a power of two */
};

static struct idslot *idslot_of(struct gl__idcache *c, const gl_node *item)
{
	size_t i = ((uintptr_t)item >> 4) * 0x9E3779B97F4A7C15u & (c->cap - 1);
	while (c->slot[i].item && c->slot[i].item != item)
		i = (i + 1) & (c->cap - 1);
	return &c->slot[i];
}

/* Room for one more item; -1 when memory runs out. */
static int idcache_room(gl__ectx *ec)
{
	struct gl__idcache *c = ec->idcache;
	if (!c && !(c = ec->idcache = calloc(1, sizeof *c)))
		return -1;
	if (2 * (c->n + 1) <= c->cap)
		return 0;
	struct gl__idcache grown = {calloc(c->cap ? 2 * c->cap : 16, sizeof *c->slot),
	                            c->cap ? 2 * c->cap : 16, c->n};
	if (!grown.slot)
		return -1;
	for (size_t i = 0; i < c->cap; i++)
		if (c->slot[i].item)
			*idslot_of(&grown, c->slot[i].item) = c->slot[i];
	free(c->slot);
	*c = grown;
	return 0;
}

/* identity_of(item), once per item while the cache has room. */
static const char *cached_identity(gl__ectx *ec, const gl_node *item, const char *const *keys,
                                   const char **value)
{
	if (!item || idcache_room(ec))
		return identity_of(item, keys, value);
	struct idslot *s = idslot_of(ec->idcache, item);
	if (!s->item) {
		s->item = item;
		s->key = identity_of(item, keys, &s->value);
		ec->idcache->n++;
	}
	*value = s->value;
	return s->key;
}

/* The text of the steps in arena a ("" for none); NULL out of memory. */
static const char *chain_text(gl__arena *a, const lstep *chain, size_t depth)
{
	size_t len = 0;
	if (!depth)
		return "";
	for (size_t i = 0; i < depth; i++)
		len += step_len(&chain[i], len != 0);   /* a key gets a '.' when text precedes it */
	char *s = gl__arena_alloc(a, len + 1), *o = s;
	for (size_t i = 0; s && i < depth; i++)
		o = put_step(o, o == s, &chain[i]);
	if (s)
		*o = '\0';
	return s;
}

/* p as text in arena a; with keys, items named by their identity (ec's). */
static const char *lpath_text(gl__arena *a, const gl__lpath *p, gl__ectx *ec,
                              const char *const *keys)
{
	size_t depth = 0;
	for (const gl__lpath *q = p; q; q = q->up)
		depth++;
	if (!depth)
		return "";
	lstep *chain = gl__arena_alloc(a, depth * sizeof *chain);
	if (!chain)
		return NULL;
	size_t k = depth;
	for (const gl__lpath *q = p; q; q = q->up) {
		lstep *st = &chain[--k];
		*st = (lstep){q, NULL, NULL};
		if (!q->key && keys)
			st->id = cached_identity(ec, q->item, keys, &st->value);
	}
	return chain_text(a, chain, depth);
}

const char *gl__lpath_text(gl__arena *a, const gl__lpath *p)
{
	return lpath_text(a, p, NULL, NULL);
}

/* 0 when step st of src (a waiver's path) names one place: a key, an
 * index, or an item by one of `keys` equal to a literal; else -1, err set. */
static int one_place(const struct step *st, const char *src, const char *const *keys,
                     gl_err *err)
{
	if (st->kind == S_KEY || st->kind == S_INDEX)
		return 0;
	if (st->kind != S_FILTER)
		return gl__err_set(err, "bad path '%s': [*], * or ** names many places; a finding's "
		                   "path names one", src), -1;
	if (st->negate || st->ref)
		return gl__err_set(err, "bad path '%s': a filter with != or a reference names many "
		                   "places; a finding's path names an item by its position ([2]) or "
		                   "its identity ([%s=\"...\"])", src, st->key), -1;
	char names[256] = "";
	for (size_t i = 0; keys && keys[i]; i++) {
		if (strcmp(keys[i], st->key) == 0)
			return 0;
		size_t n = strlen(names);
		snprintf(names + n, sizeof names - n, "%s%s", i ? ", " : "", keys[i]);
	}
	if (!*names)
		return gl__err_set(err, "bad path '%s': the rule's pack has no identity_keys, so a "
		                   "finding's path names an item by its position ([2]), not by '%s'",
		                   src, st->key), -1;
	return gl__err_set(err, "bad path '%s': a finding's path names an item by its position "
	                   "([2]) or by an identity key of the rule's pack (%s), not by '%s'", src,
	                   names, st->key), -1;
}

const char *gl__lpath_parse(gl__arena *a, const char *src, const char *const *keys,
                            int *named, gl_err *err)
{
	gl__path *p = gl__path_compile(a, src, err);
	if (!p)
		return NULL;
	if (*src && strchr("@$^%", *src))
		return gl__err_set(err, "bad path '%s': a finding's path starts at the plan, without "
		                   "'%c'", src, *src), NULL;
	gl__lpath *l = gl__arena_alloc(a, (p->n + 1) * sizeof *l);
	lstep *chain = gl__arena_alloc(a, (p->n + 1) * sizeof *chain);
	if (!l || !chain)
		return gl__err_set(err, "out of memory"), NULL;
	*named = 0;
	for (size_t i = 0; i < p->n; i++) {
		const struct step *st = &p->steps[i];
		if (one_place(st, src, keys, err))
			return NULL;
		l[i] = (gl__lpath){NULL, st->kind == S_KEY ? st->key : NULL, (size_t)st->index, NULL};
		chain[i] = (lstep){&l[i], st->kind == S_FILTER ? st->key : NULL, st->literal};
		*named |= st->kind == S_FILTER;
	}
	const char *text = chain_text(a, chain, p->n);
	return text ? text : (gl__err_set(err, "out of memory"), NULL);
}

/* Past the step of a logical path's text at s (spelled as chain_text
 * spells it: `key`, `.key`, `[2]`, `["k.y"]`, `[id="C-3"]`). */
static const char *step_end(const char *s)
{
	if (*s == '[') {
		for (s++; *s && *s != ']'; s++)
			if (*s == '"') {   /* a quoted key or value: \" and \\ escape */
				for (s++; *s && *s != '"'; s++)
					s += *s == '\\' && s[1];
				if (!*s)
					return s;
			}
		return *s ? s + 1 : s;
	}
	s += *s == '.';
	return s + strcspn(s, ".[");
}

size_t gl__lpath_along(const char *path, const char *like)
{
	const char *p = path;
	while (*p && *like) {
		p = step_end(p);
		like = step_end(like);
	}
	return (size_t)(p - path);
}

const char *gl__lpath_identity(gl__ectx *ec, const gl__lpath *p, const char *const *keys)
{
	return lpath_text(ec->arena, p, ec, keys);
}

/* 1 when a step from i on can yield many nodes: a missing container before
 * one means "no items", not a missing field. */
static int multi_from(const gl__path *p, size_t i)
{
	for (; i < p->n; i++)
		if (p->steps[i].kind != S_KEY && p->steps[i].kind != S_INDEX)
			return 1;
	return 0;
}

/* The logical path the remaining steps would have reached. */
static const gl__lpath *rest_path(walk *w, size_t i, const gl__lpath *path)
{
	for (; i < w->p->n && !w->out->oom; i++) {
		const struct step *st = &w->p->steps[i];
		if (st->kind == S_KEY)
			path = down(w, path, st->key, 0, NULL);
		else if (st->kind == S_INDEX)
			path = down(w, path, NULL, (size_t)st->index, NULL);
		else
			break;
	}
	return path;
}

static void step(walk *w, size_t i, const gl_node *node, const gl_node *parent,
                 const gl__lpath *path);

/* A node's scalar values: itself, or the scalar items of a list. */
static int has_value(const gl_node *n, const char *v)
{
	if (!n)
		return 0;
	if (n->kind == GL_SCALAR)
		return strcmp(gl__value_text(n), v) == 0;
	for (size_t i = 0; n->kind == GL_SEQ && i < n->n; i++)
		if (n->items[i]->kind == GL_SCALAR && strcmp(gl__value_text(n->items[i]), v) == 0)
			return 1;
	return 0;
}

/* [key=value] keeps items whose field (a scalar, or a list holding it)
 * equals the literal, or any scalar the reference path reaches. */
static int filter_ok(const struct step *st, const gl__matches *want, const gl_node *item)
{
	const gl_node *f = gl__node_get_hinted(item, st->key, st->keylen,
	                                       (_Atomic unsigned *)&st->hint);
	int eq = 0;
	if (!st->ref)
		eq = has_value(f, st->value);
	for (size_t i = 0; want && !eq && i < want->n; i++) {
		const gl_node *w = want->v[i].node;
		eq = w && (w->kind == GL_SCALAR ? has_value(f, gl__value_text(w)) : 0);
		for (size_t j = 0; w && !eq && w->kind == GL_SEQ && j < w->n; j++)
			eq = w->items[j]->kind == GL_SCALAR && has_value(f, gl__value_text(w->items[j]));
	}
	return st->negate ? !eq : eq;
}

/* ---- filters over long lists: indexes, per rule ----------------------- */

/* A list a rule filtered by a field and, once it is filtered again (or
 * for many values at once), its index. Keys are copies: a path compiled
 * for a message lives in the scratch arena, which is rewound after every
 * subject. */
typedef struct filter_slot {
	const gl_node *list;   /* NULL: a free slot */
	char *key;
	size_t keylen;
	gl__text_at *v;        /* postings (value, item), sorted; NULL until indexed */
	size_t n;
} filter_slot;

/* Every (list, field) a rule filtered, by hash: a list holds its index
 * until the rule ends, however many others are filtered in between. The
 * indexes together hold at most one posting per value of the plan, as
 * aliases expand it (limits.max_weight), per field name the rule's
 * filters use. */
struct gl__filter_cache {
	filter_slot *slot;
	size_t cap, n;   /* cap: 0 or a power of two */
};

/* The scalar values a field holds (itself, or a list's scalar items: what
 * has_value compares), written to out unless it is NULL; returns how many. */
static size_t field_values(const gl_node *f, gl__text_at *out, size_t item)
{
	size_t n = 0;
	if (f && f->kind == GL_SCALAR) {
		if (out)
			out[n] = (gl__text_at){gl__value_text(f), item};
		n++;
	}
	for (size_t i = 0; f && f->kind == GL_SEQ && i < f->n; i++)
		if (f->items[i]->kind == GL_SCALAR) {
			if (out)
				out[n] = (gl__text_at){gl__value_text(f->items[i]), item};
			n++;
		}
	return n;
}

/* Makes slot s's index of its list; -1 when memory runs out. */
static int index_list(filter_slot *s)
{
	const gl_node *list = s->list;
	size_t n = 0;
	for (size_t k = 0; k < list->n; k++)
		n += field_values(gl__node_get_n(list->items[k], s->key, s->keylen), NULL, k);
	if (!(s->v = malloc((n ? n : 1) * sizeof *s->v)))
		return -1;
	for (size_t k = 0, at = 0; k < list->n; k++)
		at += field_values(gl__node_get_n(list->items[k], s->key, s->keylen), s->v + at, k);
	qsort(s->v, n, sizeof *s->v, gl__by_text_at);
	s->n = n;
	return 0;
}

static size_t slot_hash(const gl_node *list, const char *key, size_t keylen)
{
	size_t h = (size_t)(uintptr_t)list * 0x9E3779B97F4A7C15u;
	for (size_t i = 0; i < keylen; i++)
		h = (h ^ (unsigned char)key[i]) * 1099511628211u;
	return h ^ (h >> 29);
}

/* The slot of (list, key) in c, or the free one where it goes. */
static filter_slot *slot_of(const gl__filter_cache *c, const gl_node *list, const char *key,
                            size_t keylen)
{
	for (size_t i = slot_hash(list, key, keylen) & (c->cap - 1);; i = (i + 1) & (c->cap - 1)) {
		filter_slot *s = &c->slot[i];
		if (!s->list ||
		    (s->list == list && s->keylen == keylen && memcmp(s->key, key, keylen) == 0))
			return s;
	}
}

/* Room for one more slot (at most 3/4 full); -1 when memory runs out. */
static int cache_room(gl__filter_cache *c)
{
	if (4 * (c->n + 1) <= 3 * c->cap)
		return 0;
	gl__filter_cache bigger = {calloc(c->cap ? 2 * c->cap : 16, sizeof *c->slot),
	                           c->cap ? 2 * c->cap : 16, c->n};
	if (!bigger.slot)
		return -1;
	for (size_t i = 0; i < c->cap; i++)
		if (c->slot[i].list)
			*slot_of(&bigger, c->slot[i].list, c->slot[i].key, c->slot[i].keylen) = c->slot[i];
	free(c->slot);
	*c = bigger;
	return 0;
}

/* The index of `list` by the field of filter step st, in *out, for
 * `nwant` wanted values; NULL (scan it) the first time the rule filters
 * that list by that field for a few values: a list filtered once is not
 * worth sorting, unless the scan would compare every item with many
 * values. -1 when memory runs out. The cache lives in ec->filters until
 * gl__filters_free. */
static int filter_index(walk *w, const gl_node *list, const struct step *st, size_t nwant,
                        const filter_slot **out)
{
	*out = NULL;
	gl__filter_cache *c = w->ec->filters;
	if (!c && !(c = w->ec->filters = calloc(1, sizeof *c)))
		return -1;
	if (cache_room(c) < 0)
		return -1;
	filter_slot *s = slot_of(c, list, st->key, st->keylen);
	if (!s->list) {
		char *key = malloc(st->keylen + 1);
		if (!key)
			return -1;
		memcpy(key, st->key, st->keylen);
		key[st->keylen] = '\0';
		*s = (filter_slot){list, key, st->keylen, NULL, 0};
		c->n++;
		if (nwant < GL__LONG_LIST)
			return 0;
	}
	if (!s->v && index_list(s) < 0)
		return -1;
	*out = s;
	return 0;
}

void gl__filters_free(gl__ectx *ec)
{
	gl__sets_free(ec);
	if (ec->idcache)
		free(ec->idcache->slot);
	free(ec->idcache);
	ec->idcache = NULL;
	gl__filter_cache *c = ec->filters;
	for (size_t i = 0; c && i < c->cap; i++) {
		free(c->slot[i].key);
		free(c->slot[i].v);
	}
	if (c)
		free(c->slot);
	free(c);
	ec->filters = NULL;
}

static int by_item(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;
	return (a > b) - (a < b);
}

/* Appends to *items the items whose field holds `text`; -1 out of memory. */
static int lookup(const filter_slot *x, const char *text, size_t **items, size_t *n,
                  size_t *cap)
{
	size_t lo = 0, hi = x->n;
	while (lo < hi) {   /* the first posting not below text */
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(x->v[mid].text, text) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < x->n && strcmp(x->v[lo].text, text) == 0; lo++) {
		if (*n == *cap) {
			size_t c = *cap ? *cap * 2 : 16;
			size_t *p = realloc(*items, c * sizeof *p);
			if (!p)
				return -1;
			*items = p;
			*cap = c;
		}
		(*items)[(*n)++] = x->v[lo].at;
	}
	return 0;
}

/* [key=value] over a long list: the same items, in the same order, as
 * filter_ok() keeps scanning it, found through the list's index x for the
 * distinct wanted texts (so an item is collected at most once per posting). */
static void filter_indexed(walk *w, size_t i, const gl_node *node, const gl__lpath *path,
                           const filter_slot *x, const char *const *texts, size_t ntexts)
{
	size_t *items = NULL, n = 0, cap = 0;
	int rc = 0;
	for (size_t j = 0; rc == 0 && j < ntexts; j++)
		rc = lookup(x, texts[j], &items, &n, &cap);
	if (rc < 0)
		w->out->oom = 1;
	if (n > 1)
		qsort(items, n, sizeof *items, by_item);
	for (size_t j = 0; !w->out->oom && j < n; j++)
		if (j == 0 || items[j] != items[j - 1])
			step(w, i + 1, node->items[items[j]], node,
			     down(w, path, NULL, items[j], node->items[items[j]]));
	free(items);
}

/* The distinct values a filter by reference wants (each scalar it reached,
 * and the scalar items of each list), sorted, in *out (malloc'd, or NULL
 * when there are none); -1 when memory runs out. */
static int wanted(const gl__matches *want, const char ***out, size_t *n)
{
	size_t cap = 0;
	for (size_t j = 0; j < want->n; j++) {
		const gl_node *wn = want->v[j].node;
		cap += wn && wn->kind == GL_SEQ ? wn->n : 1;
	}
	*n = 0;
	if (!(*out = cap ? malloc(cap * sizeof **out) : NULL))
		return cap ? -1 : 0;
	for (size_t j = 0; j < want->n; j++) {
		const gl_node *wn = want->v[j].node;
		if (wn && wn->kind == GL_SCALAR)
			(*out)[(*n)++] = gl__value_text(wn);
		for (size_t k = 0; wn && wn->kind == GL_SEQ && k < wn->n; k++)
			if (wn->items[k]->kind == GL_SCALAR)
				(*out)[(*n)++] = gl__value_text(wn->items[k]);
	}
	qsort(*out, *n, sizeof **out, gl__by_str);
	size_t k = 0;
	for (size_t j = 0; j < *n; j++)
		if (k == 0 || strcmp((*out)[j], (*out)[k - 1]) != 0)
			(*out)[k++] = (*out)[j];
	*n = k;
	return 0;
}

/* 1 when a scan of `list` by st's field would be long: 16 items or more,
 * or fewer items one of which holds a list of 16 or more values there (a
 * conversation addressing every concern of the plan). */
static int long_scan(const gl_node *list, const struct step *st)
{
	if (list->n >= GL__LONG_LIST)
		return 1;
	for (size_t k = 0; k < list->n; k++) {
		const gl_node *f = gl__node_get_n(list->items[k], st->key, st->keylen);
		if (f && f->kind == GL_SEQ && f->n >= GL__LONG_LIST)
			return 1;
	}
	return 0;
}

static void filter(walk *w, size_t i, const gl_node *node, const gl__lpath *path)
{
	const struct step *st = &w->p->steps[i];
	gl__matches want = {0};
	if (st->ref)
		gl__path_eval(st->ref, w->ec, w->subj, &want);
	if (want.oom)
		w->out->oom = 1;
	const filter_slot *x = NULL;
	const char **texts = NULL;
	size_t ntexts = 1;
	if (!st->negate && !w->out->oom && long_scan(node, st) &&
	    ((st->ref && wanted(&want, &texts, &ntexts) < 0) ||
	     filter_index(w, node, st, ntexts, &x) < 0))
		w->out->oom = 1;
	if (x)
		filter_indexed(w, i, node, path, x, st->ref ? texts : &st->value, ntexts);
	for (size_t k = 0; !x && !w->out->oom && k < node->n; k++)
		if (filter_ok(st, st->ref ? &want : NULL, node->items[k]))
			step(w, i + 1, node->items[k], node, down(w, path, NULL, k, node->items[k]));
	free(texts);
	gl__matches_free(&want);
}

static void deep(walk *w, size_t i, const gl_node *node, const gl__lpath *path)
{
	int map = node->kind == GL_MAP;
	for (size_t k = map; k < node->n && !w->out->oom; k += 1 + map) {
		const gl_node *kid = node->items[k];
		int leaf = kid->kind != GL_MAP && kid->kind != GL_SEQ;
		if (leaf && w->skip && i + 1 == w->p->n && gl__cond_rejects(w->skip, kid))
			continue;   /* not a subject, and nothing below it */
		const gl__lpath *kp = map ? down(w, path, node->items[k - 1]->kind == GL_SCALAR
		                                             ? node->items[k - 1]->str : "?", 0, NULL)
		                          : down(w, path, NULL, k, kid);
		step(w, i + 1, kid, node, kp);
		if (!leaf)
			deep(w, i, kid, kp);
	}
}

static void step(walk *w, size_t i, const gl_node *node, const gl_node *parent,
                 const gl__lpath *path)
{
	if (w->out->oom)   /* a path step could not be made */
		return;
	if (i == w->p->n) {
		push(w, node, node, parent, path);   /* paths live in the arena or the subject */
		return;
	}
	const struct step *st = &w->p->steps[i];
	switch (st->kind) {
	case S_KEY: {
		const gl_node *kid = gl__node_get_hinted(node, st->key, st->keylen,
		                                         (_Atomic unsigned *)&st->hint);
		if (!kid && i && w->p->steps[i - 1].kind == S_DEEP)
			return;   /* `**.key`: the keys that exist below, nothing else */
		if (kid)
			step(w, i + 1, kid, node, down(w, path, st->key, 0, NULL));
		else if (!multi_from(w->p, i + 1))
			push(w, NULL, node, parent, rest_path(w, i, path));
		return;
	}
	case S_INDEX:
		if (node->kind == GL_SEQ && (size_t)st->index < node->n)
			step(w, i + 1, node->items[st->index], node,
			     down(w, path, NULL, (size_t)st->index, node->items[st->index]));
		else if (!multi_from(w->p, i + 1))
			push(w, NULL, node, parent, rest_path(w, i, path));
		return;
	case S_ITEMS:
		if (node->kind != GL_SEQ)
			return;
		for (size_t k = 0; k < node->n; k++)
			step(w, i + 1, node->items[k], node, down(w, path, NULL, k, node->items[k]));
		return;
	case S_FILTER:
		if (node->kind == GL_SEQ)
			filter(w, i, node, path);
		return;
	case S_VALUES:
		if (node->kind != GL_MAP)
			return;
		for (size_t k = 0; k + 1 < node->n; k += 2)
			if (node->items[k]->kind == GL_SCALAR)
				step(w, i + 1, node->items[k + 1], node, down(w, path, node->items[k]->str, 0, NULL));
		return;
	case S_DEEP:
		if (node->kind == GL_MAP || node->kind == GL_SEQ)
			deep(w, i, node, path);
		return;
	}
}

/* Where w->p starts from the subject; 0 when it starts nowhere. */
static int start_of(const walk *w, const gl_node **start, const gl_node **parent,
                    const gl__lpath **path)
{
	const gl__subject *s = w->p->root == '%' ? w->ec->outer : w->subj;
	*start = w->ec->root;
	*parent = NULL;
	*path = NULL;
	if ((w->p->root == '@' || w->p->root == '%') && s) {
		*start = s->node;
		*parent = s->parent;
		*path = s->path;
	} else if (w->p->root == '^' && s) {
		if (!s->parent)
			return 0;
		*start = s->parent;
		*path = s->path ? s->path->up : NULL;
	}
	return *start != NULL;
}

/* The paths of t from `node`, which their first t->depth steps reached. */
static void walk_shared(walk *w, const share *t, const gl_node *node, const gl_node *parent,
                        const gl__lpath *path)
{
	for (size_t c = 0; c < t->nkids && !w->out->oom; c++) {
		const share *k = &t->kids[c];
		if (!k->st) {
			w->p = k->lo;
			step(w, t->depth, node, parent, path);
			continue;
		}
		const struct step *st = k->st;
		const gl_node *kid = st->kind == S_KEY
		                         ? gl__node_get_hinted(node, st->key, st->keylen,
		                                               (_Atomic unsigned *)&st->hint)
		                     : node->kind == GL_SEQ && (size_t)st->index < node->n
		                         ? node->items[st->index] : NULL;
		if (kid) {
			walk_shared(w, k, kid, node, st->kind == S_KEY ? down(w, path, st->key, 0, NULL)
			                                               : down(w, path, NULL, (size_t)st->index, kid));
			continue;
		}
		for (w->p = k->lo; w->p != k->hi && !w->out->oom; w->p = w->p->next)
			if (!multi_from(w->p, t->depth + 1))   /* as step() tells a missing key */
				push(w, NULL, node, parent, rest_path(w, t->depth, path));
	}
}

/* Every path of list w->p in turn, or their shared steps once (all of a
 * shared list's paths start from the same place). */
static void eval_list(walk *w)
{
	const gl_node *start, *parent;
	const gl__lpath *path;
	const share *t = w->p->shared;
	if (t) {
		if (start_of(w, &start, &parent, &path))
			walk_shared(w, t, start, parent, path);
		return;
	}
	for (const gl__path *p = w->p; p && !w->out->oom; p = p->next) {
		w->p = p;
		if (start_of(w, &start, &parent, &path))
			step(w, 0, start, parent, path);
	}
}

void gl__path_eval(const gl__path *p, gl__ectx *ec, const gl__subject *s, gl__matches *out)
{
	walk w = {p, ec, s, out, NULL, NULL, 0, NULL};
	eval_list(&w);
}

int gl__path_each(const gl__path *p, gl__ectx *ec, const gl__subject *s, gl__path_fn fn,
                  void *ctx)
{
	return gl__path_each_but(p, ec, s, fn, ctx, NULL);
}

int gl__path_each_but(const gl__path *p, gl__ectx *ec, const gl__subject *s, gl__path_fn fn,
                      void *ctx, const gl__cond *skip)
{
	gl__matches stop;   /* only its oom flag: fn takes every place (small is not zeroed) */
	stop.v = NULL;
	stop.n = stop.cap = 0;
	stop.oom = 0;
	walk w = {p, ec, s, &stop, fn, ctx, 0, skip};
	eval_list(&w);
	if (w.rc < 0)
		return w.rc;
	return stop.oom ? GL_ENOMEM : 0;
}

void gl__matches_reset(gl__matches *m)
{
	m->n = 0;
	m->oom = 0;
}

void gl__matches_free(gl__matches *m)
{
	if (m->v != m->small)
		free(m->v);
	m->v = NULL;
	m->n = m->cap = 0;
}
