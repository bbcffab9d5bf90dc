/*
 * The official YAML test suite through gl_doc_parse. Every case must load
 * without a crash or leak (ASan checks that); an invalid case must give a
 * located diagnostic; a valid single-document case with in.json must load
 * into the same tree (YAML 1.2 core typing). Cases libyaml 0.2.5 gets wrong
 * are allow-listed below with the reason; an allow-list entry that is no
 * longer needed fails the test too, so the lists stay true. Every case
 * libyaml parses is also recorded and replayed (tests/unit/replay.h), which
 * must give the same document.
 *
 * The suite is at $GL_YAML_SUITE, else tests/conformance/yaml-test-suite
 * from the repository root. A case is a folder with in.yaml, in.json when
 * the YAML is valid and representable, and `error` when it is invalid; some
 * cases hold numbered sub-cases (SM9W/00, SM9W/01).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "internal.h"
#include "helpers.h"
#include "replay.h"

#include <ctype.h>
#include <dirent.h>
#include <sys/stat.h>

typedef struct allow {
	const char *id, *why;
} allow;

/* Invalid YAML that libyaml 0.2.5 accepts without an error. */
static const allow libyaml_accepts[] = {
	{"9C9N", "libyaml does not check the indentation of flow content (a flow list at column 1)"},
	{"9JBA", "libyaml accepts a comment with no space before it after a flow list's ']'"},
	{"CVW2", "libyaml accepts a comment with no space before it after a flow ','"},
	{"DK95/01", "libyaml accepts a tab indenting a double-quoted continuation line"},
	{"G5U8", "libyaml accepts a lone '-' as a plain scalar in a flow list"},
	{"MUS6/00", "libyaml accepts a comment with no space before it after a %YAML directive"},
	{"QB6E", "libyaml does not check the indentation of a multi-line double-quoted scalar"},
	{"S98Z", "libyaml accepts a block scalar's leading blank line indented deeper than its text"},
	{"SU5Z", "libyaml accepts a comment with no space before it after a double-quoted scalar"},
	{"X4QW", "libyaml accepts a comment with no space before it after a block scalar header"},
	{"Y79Y/003", "libyaml accepts a tab indenting an item of a multi-line flow list"},
	{"YJV2", "libyaml accepts a lone '-' as a plain scalar in a flow list"},
};

/* Valid single-document cases whose loaded tree differs from in.json. */
#define TAGS "explicit !!int/!!bool tags are data only: the scalar types as written (a string)"
#define DIRECTIVE "libyaml rejects a reserved or unknown directive that YAML 1.2 says to ignore"
#define FLOW_COLON "libyaml rejects a flow mapping's ':' on the line after its key"
#define COLON_PLAIN "libyaml rejects a plain scalar starting with ':' in a flow collection"
#define QUESTION "libyaml reads '?' starting a plain scalar in a flow collection as a key indicator"
#define TAB "libyaml rejects a tab YAML 1.2 allows as separation or content (not indentation)"
#define MULTILINE_KEY "libyaml rejects a flow mapping key that spans lines"
#define ZERO_INDENT "libyaml rejects a top-level block scalar with zero indentation"
#define DOC_END "libyaml rejects a stream holding only a document-end marker (...)"
#define TRAILING "libyaml mishandles a block scalar ending in a line of spaces with no line break"
static const allow tree_differs[] = {
	{"2AUY", TAGS}, {"33X3", TAGS}, {"74H7", TAGS}, {"F2C7", TAGS}, {"L94M", TAGS},
	{"2LFX", DIRECTIVE}, {"6LVF", DIRECTIVE}, {"MUS6/05", DIRECTIVE}, {"MUS6/06", DIRECTIVE},
	{"BEC7", "libyaml rejects %YAML 1.3, where YAML 1.2 asks for a warning"},
	{"2SXE", "libyaml ends an anchor name at ':', which YAML 1.2 allows in it"},
	{"Y2GN", "libyaml ends an anchor name at ':', which YAML 1.2 allows in it"},
	{"W5VH", "libyaml rejects ':' and other punctuation YAML 1.2 allows in anchor names"},
	{"8XYN", "libyaml rejects non-ASCII characters in anchor names"},
	{"4MUZ/00", FLOW_COLON}, {"4MUZ/01", FLOW_COLON}, {"4MUZ/02", FLOW_COLON},
	{"5MUD", FLOW_COLON}, {"K3WX", FLOW_COLON}, {"VJP3/01", FLOW_COLON},
	{"58MP", COLON_PLAIN}, {"5T43", COLON_PLAIN}, {"DBG4", COLON_PLAIN},
	{"652Z", QUESTION}, {"HM87/00", QUESTION}, {"HM87/01", QUESTION},
	{"6BCT", TAB}, {"6CA3", TAB}, {"A2M4", TAB}, {"DK95/00", TAB}, {"DK95/03", TAB},
	{"DK95/04", TAB}, {"Q5MG", TAB}, {"Y79Y/001", TAB}, {"Y79Y/010", TAB}, {"96NN/00", TAB},
	{"96NN/01", TAB}, {"R4YG", TAB},
	{"9SA2", MULTILINE_KEY}, {"NJ66", MULTILINE_KEY},
	{"DK3J", ZERO_INDENT}, {"FP8R", ZERO_INDENT},
	{"HWV9", DOC_END}, {"QT73", DOC_END},
	{"JEF9/02", TRAILING}, {"L24T/01", TRAILING},
};

/* ---- a tiny JSON reader: objects, arrays, strings, numbers, literals ---- */

typedef enum { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ } jkind;

typedef struct jv {
	jkind kind;
	int b;
	double num;
	char *s;              /* J_STR (UTF-8, may hold NUL: see len) */
	size_t len;
	struct jv **items;    /* J_ARR values; J_OBJ: keys (J_STR) and values */
	size_t n;
} jv;

typedef struct jreader {
	const char *p, *end;
	gl__arena *a;
} jreader;

static void jspace(jreader *r)
{
	while (r->p < r->end && isspace((unsigned char)*r->p))
		r->p++;
}

static void put_utf8(gl__buf *b, unsigned long c)
{
	char u[4];
	size_t n = 0;
	if (c < 0x80) {
		u[n++] = (char)c;
	} else if (c < 0x800) {
		u[n++] = (char)(0xC0 | (c >> 6));
		u[n++] = (char)(0x80 | (c & 0x3F));
	} else if (c < 0x10000) {
		u[n++] = (char)(0xE0 | (c >> 12));
		u[n++] = (char)(0x80 | ((c >> 6) & 0x3F));
		u[n++] = (char)(0x80 | (c & 0x3F));
	} else {
		u[n++] = (char)(0xF0 | (c >> 18));
		u[n++] = (char)(0x80 | ((c >> 12) & 0x3F));
		u[n++] = (char)(0x80 | ((c >> 6) & 0x3F));
		u[n++] = (char)(0x80 | (c & 0x3F));
	}
	gl__buf_put(b, u, n);
}

static unsigned long hex4(jreader *r)
{
	char h[5] = {0};
	if (r->end - r->p < 4)
		return 0xFFFFFFFFul;
	memcpy(h, r->p, 4);
	r->p += 4;
	return strtoul(h, NULL, 16);
}

static jv *jstring(jreader *r, jv *v)
{
	static const char esc[] = "\"\"\\\\//b\bf\fn\nr\rt\t";
	gl__buf b = {0};
	gl__buf_puts(&b, "");
	for (r->p++; r->p < r->end && *r->p != '"'; r->p++) {
		if (*r->p != '\\') {
			gl__buf_putc(&b, *r->p);
			continue;
		}
		char c = *++r->p;
		const char *e = c == 'u' ? NULL : strchr(esc, c);
		if (e && (e - esc) % 2 == 0) {
			gl__buf_putc(&b, e[1]);
			continue;
		}
		r->p++;
		unsigned long u = hex4(r);
		if (u >= 0xD800 && u < 0xDC00 && r->p + 1 < r->end && r->p[0] == '\\' && r->p[1] == 'u') {
			r->p += 2;
			u = 0x10000 + ((u - 0xD800) << 10) + (hex4(r) - 0xDC00);
		}
		put_utf8(&b, u);
		r->p--;
	}
	r->p++;
	v->kind = J_STR;
	v->len = b.len;
	v->s = gl__arena_strndup(r->a, b.p, b.len);
	gl__buf_free(&b);
	return v;
}

static jv *jvalue(jreader *r);

/* Items of an array, or alternating keys and values of an object. */
static jv *jlist(jreader *r, jv *v, char close)
{
	jv *tmp[4096];
	v->kind = close == ']' ? J_ARR : J_OBJ;
	r->p++;
	for (jspace(r); r->p < r->end && *r->p != close; jspace(r)) {
		if (v->n + 2 > sizeof tmp / sizeof *tmp || !(tmp[v->n++] = jvalue(r)))
			return NULL;
		jspace(r);
		if (close == '}') {
			if (*r->p++ != ':' || !(tmp[v->n++] = jvalue(r)))
				return NULL;
			jspace(r);
		}
		if (*r->p == ',')
			r->p++;
	}
	r->p++;
	v->items = gl__arena_alloc(r->a, (v->n + 1) * sizeof *v->items);
	memcpy(v->items, tmp, v->n * sizeof *v->items);
	return v;
}

static jv *jvalue(jreader *r)
{
	jspace(r);
	jv *v = gl__arena_alloc(r->a, sizeof *v);
	if (r->p >= r->end)
		return NULL;
	static const struct { const char *word; jkind kind; int b; } words[] = {
		{"null", J_NULL, 0}, {"true", J_BOOL, 1}, {"false", J_BOOL, 0},
	};
	for (size_t i = 0; i < 3; i++)
		if ((size_t)(r->end - r->p) >= strlen(words[i].word) &&
		    strncmp(r->p, words[i].word, strlen(words[i].word)) == 0) {
			r->p += strlen(words[i].word);
			v->kind = words[i].kind;
			v->b = words[i].b;
			return v;
		}
	if (*r->p == '"')
		return jstring(r, v);
	if (*r->p == '[' || *r->p == '{')
		return jlist(r, v, *r->p == '[' ? ']' : '}');
	char *end;
	v->kind = J_NUM;
	v->num = strtod(r->p, &end);
	if (end == r->p)
		return NULL;
	r->p = end;
	return v;
}

/* Reads the JSON values of a stream (one per YAML document); -1 if bad. */
static long jstream(gl__arena *a, const char *text, size_t len, jv **first)
{
	jreader r = {text, text + len, a};
	long n = 0;
	*first = NULL;
	for (jspace(&r); r.p < r.end; jspace(&r)) {
		jv *v = jvalue(&r);
		if (!v)
			return -1;
		if (!n++)
			*first = v;
	}
	return n;
}

/* ---- comparing a loaded tree with JSON ---------------------------------- */

/* Why `n` differs from `v`, or NULL when they agree. */
static const char *differs(const gl_node *n, const jv *v, gl__arena *a)
{
	double d;
	int b;
	switch (v->kind) {
	case J_NULL:
		return gl_node_is_null(n) ? NULL : "null expected";
	case J_BOOL:
		return gl__node_bool(n, &b) == 0 && b == v->b ? NULL : "bool expected";
	case J_NUM:
		return gl__node_number(n, &d) == 0 && d == v->num ? NULL : "number expected";
	case J_STR:
		if (!n || n->kind != GL_SCALAR || n->len != v->len || memcmp(n->str, v->s, v->len))
			return gl__arena_printf(a, "string '%s' expected", v->s);
		return gl__scalar_type(n) == GL_T_STR ? NULL : "string typed as non-string";
	case J_ARR:
		if (!n || n->kind != GL_SEQ || n->n != v->n)
			return "list expected";
		for (size_t i = 0; i < v->n; i++) {
			const char *why = differs(n->items[i], v->items[i], a);
			if (why)
				return why;
		}
		return NULL;
	case J_OBJ:
		if (!n || n->kind != GL_MAP || n->n != v->n)
			return "mapping expected";
		for (size_t i = 0; i < v->n; i += 2) {
			const jv *k = v->items[i];
			const gl_node *got = NULL;
			for (size_t j = 0; j < n->n && !got; j += 2)
				if (n->items[j]->str && n->items[j]->len == k->len &&
				    memcmp(n->items[j]->str, k->s, k->len) == 0)
					got = n->items[j + 1];
			const char *why = got ? differs(got, v->items[i + 1], a)
			                      : gl__arena_printf(a, "key '%s' missing", k->s);
			if (why)
				return why;
		}
		return NULL;
	}
	return "?";
}

/* ---- the run ------------------------------------------------------------ */

typedef struct counts {
	size_t cases, errors, located, valid, json, matched, multi, allowed, replayed;
	gl__buf problems;                 /* one line per unexpected result */
	unsigned char used_accepts[sizeof libyaml_accepts / sizeof *libyaml_accepts];
	unsigned char used_differs[sizeof tree_differs / sizeof *tree_differs];
} counts;

static long allowed(const allow *list, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (list[i].id && strcmp(list[i].id, id) == 0)
			return (long)i;
	return -1;
}

static int has_file(const char *dir, const char *name)
{
	char p[4400];
	struct stat st;
	snprintf(p, sizeof p, "%s/%s", dir, name);
	return stat(p, &st) == 0;
}

static char *slurp(const char *dir, const char *name, size_t *len)
{
	char p[4400], *buf;
	gl_err err;
	snprintf(p, sizeof p, "%s/%s", dir, name);
	if (gl__read_file(p, 1u << 24, &buf, len, &err))
		fail_msg("%s", err.msg);
	return buf;
}

static void check_error_case(counts *c, const char *id, const gl_doc *doc, size_t nlines)
{
	c->errors++;
	const gl_diag *dg = gl_doc_diag(doc, 0);
	long k = allowed(libyaml_accepts, sizeof libyaml_accepts / sizeof *libyaml_accepts, id);
	if (!dg) {
		if (k >= 0) {
			c->used_accepts[k] = 1;
			c->allowed++;
		} else {
			gl__buf_printf(&c->problems, "%s: invalid YAML loaded without a diagnostic\n", id);
		}
		return;
	}
	if (k >= 0)
		gl__buf_printf(&c->problems, "%s: now rejected; drop it from libyaml_accepts\n", id);
	if (dg->line < 1 || dg->col < 1 || dg->line > nlines + 1)
		gl__buf_printf(&c->problems, "%s: diagnostic at %u:%u\n", id, dg->line, dg->col);
	else
		c->located++;
}

static void check_json_case(counts *c, const char *id, const gl_doc *doc, const char *json,
                            size_t len, gl__arena *a)
{
	jv *v;
	long ndocs = jstream(a, json, len, &v);
	if (ndocs < 0) {
		gl__buf_printf(&c->problems, "%s: in.json unreadable by the test's reader\n", id);
		return;
	}
	if (ndocs > 1) {   /* the loader reports a second document by design */
		c->multi++;
		return;
	}
	c->json++;
	const gl_node *root = gl_doc_root(doc);
	const char *why = gl_doc_ndiags(doc) ? gl_doc_diag(doc, 0)->msg
	                  : ndocs == 0 ? (root && root->kind != GL_NULL ? "empty stream expected" : NULL)
	                               : differs(root, v, a);
	long k = allowed(tree_differs, sizeof tree_differs / sizeof *tree_differs, id);
	if (!why && k >= 0)
		gl__buf_printf(&c->problems, "%s: now matches; drop it from tree_differs\n", id);
	else if (!why)
		c->matched++;
	else if (k < 0)
		gl__buf_printf(&c->problems, "%s: %s\n", id, why);
	else {
		c->used_differs[k] = 1;
		c->allowed++;
	}
}

static void run_case(counts *c, const char *dir, const char *id)
{
	size_t len, jlen;
	char *yaml = slurp(dir, "in.yaml", &len);
	gl_doc *doc = t_parse_n(yaml, len, NULL);
	char why[512];
	int replayed;
	const char *differs_replayed = t_replay_differs(yaml, len, NULL, &replayed, why, sizeof why);
	if (differs_replayed)
		gl__buf_printf(&c->problems, "%s: replayed events: %s\n", id, differs_replayed);
	c->replayed += replayed;
	size_t nlines = 1;
	for (size_t i = 0; i < len; i++)
		nlines += yaml[i] == '\n';
	c->cases++;
	if (has_file(dir, "error")) {
		check_error_case(c, id, doc, nlines);
	} else {
		c->valid++;
		if (has_file(dir, "in.json")) {
			gl__arena *a = gl__arena_new();
			char *json = slurp(dir, "in.json", &jlen);
			check_json_case(c, id, doc, json, jlen, a);
			free(json);
			gl__arena_free(a);
		}
	}
	gl_doc_free(doc);
	free(yaml);
}

static int by_name(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The sorted entries of a folder (no hidden ones), NULL-terminated. */
static char **entries(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return NULL;
	size_t n = 0, cap = 64;
	char **v = malloc(cap * sizeof *v);
	for (struct dirent *e; (e = readdir(d));) {
		if (e->d_name[0] == '.')
			continue;
		if (n + 1 == cap)
			v = realloc(v, (cap *= 2) * sizeof *v);
		v[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(v, n, sizeof *v, by_name);
	v[n] = NULL;
	return v;
}

static void free_entries(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

static void walk_suite(counts *c, const char *suite)
{
	char **top = entries(suite);
	if (!top)
		fail_msg("no YAML test suite at %s (set GL_YAML_SUITE)", suite);
	for (size_t i = 0; top[i]; i++) {
		char dir[4096], sub[4200], id[512];
		if (snprintf(dir, sizeof dir, "%s/%s", suite, top[i]) >= (int)sizeof dir)
			fail_msg("path too long: %s", top[i]);
		if (has_file(dir, "in.yaml")) {
			run_case(c, dir, top[i]);
			continue;
		}
		char **subs = entries(dir);
		for (size_t j = 0; subs && subs[j]; j++) {
			if (snprintf(sub, sizeof sub, "%s/%s", dir, subs[j]) >= (int)sizeof sub ||
			    snprintf(id, sizeof id, "%s/%s", top[i], subs[j]) >= (int)sizeof id)
				fail_msg("path too long: %s", subs[j]);
			if (has_file(sub, "in.yaml"))
				run_case(c, sub, id);
		}
		free_entries(subs);
	}
	free_entries(top);
}

static void test_yaml_suite(void **state)
{
	(void)state;
	const char *suite = getenv("GL_YAML_SUITE");
	if (!suite || !*suite)
		suite = "tests/conformance/yaml-test-suite";
	counts c = {0};
	gl__buf_puts(&c.problems, "");
	walk_suite(&c, suite);
	for (size_t i = 0; i < sizeof libyaml_accepts / sizeof *libyaml_accepts; i++)
		if (libyaml_accepts[i].id && !c.used_accepts[i])
			gl__buf_printf(&c.problems, "%s: libyaml_accepts entry not needed\n",
			               libyaml_accepts[i].id);
	for (size_t i = 0; i < sizeof tree_differs / sizeof *tree_differs; i++)
		if (tree_differs[i].id && !c.used_differs[i])
			gl__buf_printf(&c.problems, "%s: tree_differs entry not needed\n", tree_differs[i].id);
	print_message("yaml-test-suite: %zu cases run; %zu invalid, %zu of them located; %zu valid, "
	              "%zu single-document with JSON, %zu of them matched, %zu multi-document "
	              "skipped; %zu allow-listed; %zu replayed from recorded events as parsed\n",
	              c.cases, c.errors, c.located, c.valid, c.json, c.matched, c.multi, c.allowed,
	              c.replayed);
	if (c.problems.len) {
		print_error("unexpected results:\n");
		for (char *line = strtok(c.problems.p, "\n"); line; line = strtok(NULL, "\n"))
			print_error("  %s\n", line);
		fail_msg("%s", "some cases gave unexpected results (listed above)");
	}
	gl__buf_free(&c.problems);
	assert_true(c.cases >= 300);
	assert_true(c.replayed >= 250);   /* 273: those libyaml parses, but UTF-16 */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_yaml_suite),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
