/*
 * Shared helpers of the unit tests: parse YAML text, find a node by a simple
 * path, evaluate conditions of the rule language on a plan, and compare two
 * documents. Included by
 * every test binary after <cmocka.h> and "internal.h"; static inline only.
 */
#ifndef GL_TEST_HELPERS_H
#define GL_TEST_HELPERS_H

#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Parses YAML text with the default limits; the test fails on ENOMEM. */
static inline gl_doc *t_parse_n(const char *yaml, size_t len, const gl_limits *lim)
{
	gl_doc *d = NULL;
	assert_int_equal(gl_doc_parse(&d, "plan.yaml", yaml, len, lim), 0);
	assert_non_null(d);
	return d;
}

static inline gl_doc *t_parse(const char *yaml)
{
	return t_parse_n(yaml, strlen(yaml), NULL);
}

/* The node at `path` ("a.b[2].c": keys and indexes only), or NULL. */
static inline const gl_node *t_get(const gl_node *n, const char *path)
{
	char key[128];
	while (n && *path) {
		if (*path == '[') {
			char *end;
			size_t i = strtoul(path + 1, &end, 10);
			n = n->kind == GL_SEQ && i < n->n ? n->items[i] : NULL;
			path = *end == ']' ? end + 1 : end;
		} else {
			size_t k = strcspn(path, ".[");
			snprintf(key, sizeof key, "%.*s", (int)k, path);
			n = gl_node_get(n, key);
			path += k;
		}
		path += *path == '.';
	}
	return n;
}

/* Days since 1970 of a YYYY-MM-DD date. */
static inline long t_day(const char *ymd)
{
	long d;
	int has_time;
	assert_int_equal(gl__parse_date(ymd, &d, &has_time), 0);
	return d;
}

/* The logical path spelled `text` ("concerns[1].sign_off"; "" is NULL, the
 * plan), built in arena a as walks build it. */
static inline const gl__lpath *t_lpath(gl__arena *a, const char *text)
{
	const gl__lpath *up = NULL;
	for (const char *s = text; *s;) {
		gl__lpath *p = gl__arena_alloc(a, sizeof *p);
		assert_non_null(p);
		p->up = up;
		if (*s == '[') {
			char *end;
			p->index = strtoul(s + 1, &end, 10);
			assert_true(*end == ']');
			s = end + 1;
		} else {
			s += *s == '.';
			size_t n = strcspn(s, ".[");
			p->key = gl__arena_strndup(a, s, n);
			s += n;
		}
		up = p;
	}
	return up;
}

/* The text of a logical path, for assertions. */
static inline const char *t_ptext(gl__arena *a, const gl__lpath *p)
{
	const char *t = gl__lpath_text(a, p);
	assert_non_null(t);
	return t;
}

/* A plan, its roster and the vocabularies, ready to evaluate conditions. */
typedef struct t_env {
	gl__packset *ps;      /* owns compiled patterns and the vocabulary pack */
	gl__arena *arena;     /* compiled conditions, scratch of evaluation */
	gl_doc *plan, *people;
	gl_doc *specs[128];   /* condition texts, alive as long as their conditions */
	size_t nspecs;
	gl__pack_data *pack;
	gl_err err;
	gl__ectx ec;
	gl__subject subj;     /* the plan root */
	gl__fails fails;      /* of the last t_eval */
} t_env;

/* Opens a plan (and roster YAML with a `people:` list, or NULL); today is
 * 2026-02-15. */
static inline void t_env_open(t_env *e, const char *plan, const char *people)
{
	memset(e, 0, sizeof *e);
	assert_non_null(e->ps = gl__packset_new());
	assert_non_null(e->arena = gl__arena_new());
	e->plan = t_parse(plan);
	const gl_node *root = gl_doc_root(e->plan);
	const gl__roster *base = NULL;
	if (people) {
		e->people = t_parse(people);
		base = gl__roster_build(e->arena, gl_node_get(gl_doc_root(e->people), "people"), NULL);
	}
	e->ec.root = root;
	e->ec.people = gl__roster_build(e->arena, gl_node_get(root, "people"), base);
	e->ec.today = t_day("2026-02-15");
	e->ec.arena = e->arena;
	e->ec.err = &e->err;
	e->ec.rule_id = "T-1";
	e->subj = (gl__subject){root, NULL, NULL};
}

/* Loads a pack (YAML text with at least one rule) whose vocabularies the
 * conditions compiled next may name. */
static inline void t_env_pack(t_env *e, const char *pack)
{
	if (gl__pack_load(e->ps, "vocab.yaml", pack, strlen(pack), &e->err))
		fail_msg("vocabulary pack: %s", e->err.msg);
	size_t n = gl__packset_nrules(e->ps);
	assert_true(n > 0);
	e->pack = (gl__pack_data *)gl__packset_rule(e->ps, n - 1)->pack;
	e->ec.pack = e->pack;
}

/* Compiles a condition from YAML text as rule T-1 of pack.yaml; NULL with
 * e->err set on a compile error. */
static inline gl__cond *t_cond(t_env *e, const char *yaml)
{
	assert_true(e->nspecs < sizeof e->specs / sizeof *e->specs);
	gl_doc *d = e->specs[e->nspecs++] = t_parse(yaml);
	assert_int_equal(gl_doc_ndiags(d), 0);
	gl__pctx pc = {.arena = e->arena, .file = "pack.yaml", .rule_id = "T-1", .pack = e->pack,
	               .err = &e->err, .packs = e->ps};
	e->err.msg[0] = '\0';
	return gl__cond_compile(&pc, gl_doc_root(d));
}

/* Evaluates a condition on the plan root: 1 pass, 0 fail (failures in
 * e->fails), -1 error. */
static inline int t_eval(t_env *e, const gl__cond *c)
{
	gl__fails_free(&e->fails);
	return gl__cond_eval(c, &e->ec, &e->subj, &e->fails);
}

/* Compiles (which must succeed) and evaluates. */
static inline int t_check(t_env *e, const char *yaml)
{
	gl__cond *c = t_cond(e, yaml);
	if (!c)
		fail_msg("%s: %s", yaml, e->err.msg);
	return t_eval(e, c);
}

static inline void t_env_close(t_env *e)
{
	gl__fails_free(&e->fails);
	gl__filters_free(&e->ec);
	for (size_t i = 0; i < e->nspecs; i++)
		gl_doc_free(e->specs[i]);
	gl_doc_free(e->plan);
	gl_doc_free(e->people);
	gl__arena_free(e->arena);
	gl__packset_free(e->ps);
}

/* dir/rel, with the folders on the way made; a static buffer. */
static inline const char *t_path_in(const char *dir, const char *rel)
{
	static char p[PATH_MAX];
	assert_true(snprintf(p, sizeof p, "%s/%s", dir, rel) < (int)sizeof p);
	for (char *s = strchr(p + strlen(dir) + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		mkdir(p, 0755);
		*s = '/';
	}
	return p;
}

/* Writes `len` bytes of `text` to dir/rel, making its folders. */
static inline void t_write(const char *dir, const char *rel, const char *text, size_t len)
{
	FILE *f = fopen(t_path_in(dir, rel), "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static inline void t_puts(const char *dir, const char *rel, const char *text)
{
	t_write(dir, rel, text, strlen(text));
}

static inline int t_rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Removes dir and everything below it (a symlink, not what it points at). */
static inline void t_rm_tree(const char *dir)
{
	nftw(dir, t_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Asserts that `hay` contains `needle`, showing both when it does not. */
static inline void t_contains(const char *hay, const char *needle)
{
	if (!hay || !strstr(hay, needle))
		fail_msg("expected \"%s\" in \"%s\"", needle, hay ? hay : "(null)");
}

/* The first difference between the trees at a and b, written into buf
 * (n bytes): every node's kind, position, text, flags, tag, weight and
 * items, in order; NULL when they are the same. */
static inline const char *t_tree_differs(const gl_node *a, const gl_node *b, char *buf, size_t n)
{
	if (!a || !b) {
		if (a == b)
			return NULL;
		snprintf(buf, n, "one root is NULL, the other at %u:%u", (a ? a : b)->line,
		         (a ? a : b)->col);
		return buf;
	}
	if (a->kind != b->kind || a->line != b->line || a->col != b->col || a->plain != b->plain ||
	    a->stype != b->stype || a->len != b->len || a->n != b->n || a->weight != b->weight ||
	    !a->str != !b->str || (a->str && memcmp(a->str, b->str, a->len + 1) != 0) ||
	    !a->tag != !b->tag || (a->tag && strcmp(a->tag, b->tag) != 0)) {
		snprintf(buf, n, "the node at %u:%u ('%.40s') differs from the one at %u:%u ('%.40s')",
		         a->line, a->col, a->str ? a->str : "", b->line, b->col, b->str ? b->str : "");
		return buf;
	}
	for (size_t i = 0; i < a->n; i++) {
		const char *why = t_tree_differs(a->items[i], b->items[i], buf, n);
		if (why)
			return why;
	}
	return NULL;
}

/* The same for two documents: their trees, then their diagnostics. */
static inline const char *t_doc_differs(const gl_doc *a, const gl_doc *b, char *buf, size_t n)
{
	const char *why = t_tree_differs(gl_doc_root(a), gl_doc_root(b), buf, n);
	if (why)
		return why;
	if (gl_doc_ndiags(a) != gl_doc_ndiags(b)) {
		snprintf(buf, n, "%zu diagnostics against %zu", gl_doc_ndiags(a), gl_doc_ndiags(b));
		return buf;
	}
	for (size_t i = 0; i < gl_doc_ndiags(a); i++) {
		const gl_diag *x = gl_doc_diag(a, i), *y = gl_doc_diag(b, i);
		if (x->kind != y->kind || x->line != y->line || x->col != y->col ||
		    strcmp(x->msg, y->msg) != 0) {
			snprintf(buf, n, "%u:%u: %s, against %u:%u: %s", x->line, x->col, x->msg, y->line,
			         y->col, y->msg);
			return buf;
		}
	}
	return NULL;
}

#endif
