/* The YAML loader (policy/doc.c): positions, scalar styles, nulls, anchors,
 * merge keys, duplicate keys, syntax and encoding errors, limits; and the
 * tree replayed from recorded events (a built-in pack's) against it. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "internal.h"
#include "helpers.h"
#include "replay.h"

#include <yaml.h>

static void assert_pos(const gl_node *n, gl_node_kind kind, unsigned line, unsigned col)
{
	assert_non_null(n);
	assert_int_equal(n->kind, kind);
	assert_int_equal(n->line, line);
	assert_int_equal(n->col, col);
}

/* The only diagnostic of `d`, which has no usable tree unless `root`. */
static const gl_diag *only_diag(const gl_doc *d, gl_diag_kind kind, unsigned line, unsigned col)
{
	assert_int_equal(gl_doc_ndiags(d), 1);
	const gl_diag *dg = gl_doc_diag(d, 0);
	assert_int_equal(dg->kind, kind);
	assert_int_equal(dg->line, line);
	assert_int_equal(dg->col, col);
	assert_null(gl_doc_diag(d, 1));
	return dg;
}

static void test_positions(void **state)
{
	(void)state;
	gl_doc *d = t_parse("a: 1\n"
	                    "b:\n"
	                    "  - x\n"
	                    "  - {k: v, n: [1, 2]}\n"
	                    "c:\n"
	                    "  d: \"q\"\n");
	const gl_node *r = gl_doc_root(d);
	assert_int_equal(gl_doc_ndiags(d), 0);
	assert_pos(r, GL_MAP, 1, 1);
	assert_int_equal(r->n, 6);
	assert_pos(r->items[0], GL_SCALAR, 1, 1);
	assert_pos(t_get(r, "a"), GL_SCALAR, 1, 4);
	assert_pos(t_get(r, "b"), GL_SEQ, 3, 3);
	assert_pos(t_get(r, "b[0]"), GL_SCALAR, 3, 5);
	assert_pos(t_get(r, "b[1]"), GL_MAP, 4, 5);
	assert_pos(t_get(r, "b[1].k"), GL_SCALAR, 4, 9);
	assert_pos(t_get(r, "b[1].n"), GL_SEQ, 4, 15);
	assert_pos(t_get(r, "b[1].n[1]"), GL_SCALAR, 4, 19);
	assert_pos(t_get(r, "c"), GL_MAP, 6, 3);
	assert_pos(t_get(r, "c.d"), GL_SCALAR, 6, 6);
	assert_string_equal(t_get(r, "c.d")->str, "q");
	assert_int_equal(t_get(r, "c.d")->len, 1);
	gl_doc_free(d);
}

static void test_columns_count_characters(void **state)
{
	(void)state;
	gl_doc *d = t_parse("\xc3\xa9t\xc3\xa9: [\xe2\x82\xac, x]\n");   /* été: [€, x] */
	assert_pos(t_get(gl_doc_root(d), "\xc3\xa9t\xc3\xa9[1]"), GL_SCALAR, 1, 10);
	gl_doc_free(d);
}

static void test_scalar_styles(void **state)
{
	(void)state;
	static const struct {
		const char *key;
		unsigned plain;
		const char *str, *tag;
	} cases[] = {
		{"plain", 1, "word", NULL},
		{"single", 0, "it's", NULL},
		{"double", 0, "tab\there", NULL},
		{"literal", 0, "line 1\nline 2\n", NULL},
		{"folded", 0, "line 1 line 2\n", NULL},
		{"tagged", 0, "12", "tag:yaml.org,2002:str"},
		{"local", 0, "x", "!custom"},
	};
	gl_doc *d = t_parse("plain: word\n"
	                    "single: 'it''s'\n"
	                    "double: \"tab\\there\"\n"
	                    "literal: |\n  line 1\n  line 2\n"
	                    "folded: >\n  line 1\n  line 2\n"
	                    "tagged: !!str 12\n"
	                    "local: !custom x\n");
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const gl_node *n = t_get(gl_doc_root(d), cases[i].key);
		assert_non_null(n);
		assert_int_equal(n->kind, GL_SCALAR);
		assert_int_equal(n->plain, cases[i].plain);
		assert_string_equal(n->str, cases[i].str);
		if (cases[i].tag)
			assert_string_equal(n->tag, cases[i].tag);
		else
			assert_null(n->tag);
	}
	gl_doc_free(d);
}

static void test_nonspecific_tag_is_not_plain(void **state)
{
	(void)state;
	gl_doc *d = t_parse("a: ! 12\n");
	const gl_node *n = t_get(gl_doc_root(d), "a");
	assert_string_equal(n->tag, "!");
	assert_int_equal(n->plain, 0);
	gl_doc_free(d);
}

static void test_nulls(void **state)
{
	(void)state;
	static const struct {
		const char *key;
		int is_null;
		gl_node_kind kind;
	} cases[] = {
		{"tilde", 1, GL_NULL},    {"word", 1, GL_NULL},     {"title", 1, GL_NULL},
		{"upper", 1, GL_NULL},    {"empty", 1, GL_NULL},    {"quoted", 0, GL_SCALAR},
		{"squoted", 0, GL_SCALAR}, {"nil", 0, GL_SCALAR},   {"nULL", 0, GL_SCALAR},
		{"blank", 0, GL_SCALAR},  {"list", 0, GL_SEQ},
	};
	gl_doc *d = t_parse("tilde: ~\nword: null\ntitle: Null\nupper: NULL\nempty:\n"
	                    "quoted: \"null\"\nsquoted: '~'\nnil: nil\nnULL: nULL\nblank: ''\n"
	                    "list: []\n");
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const gl_node *n = t_get(gl_doc_root(d), cases[i].key);
		assert_non_null(n);
		assert_int_equal(gl_node_is_null(n), cases[i].is_null);
		assert_int_equal(n->kind, cases[i].kind);
	}
	assert_true(gl_node_is_null(NULL));
	gl_doc_free(d);
}

static void test_anchors_share_nodes(void **state)
{
	(void)state;
	gl_doc *d = t_parse("base: &b {x: 1, y: 2}\n"
	                    "copy: *b\n"
	                    "list: [*b, *b]\n"
	                    "s: &s text\n"
	                    "t: *s\n");
	const gl_node *r = gl_doc_root(d);
	assert_int_equal(gl_doc_ndiags(d), 0);
	const gl_node *base = t_get(r, "base");
	assert_ptr_equal(t_get(r, "copy"), base);
	assert_ptr_equal(t_get(r, "list[0]"), base);
	assert_ptr_equal(t_get(r, "list[1]"), base);
	assert_ptr_equal(t_get(r, "t"), t_get(r, "s"));
	assert_int_equal(base->weight, 5);                  /* map, 2 keys, 2 values */
	assert_int_equal(t_get(r, "list")->weight, 11);
	assert_int_equal(r->weight, 1 + 5 + (5 + 5 + 11 + 1 + 1));   /* root, 5 keys, values */
	gl_doc_free(d);
}

static void test_anchor_redefined_shadows(void **state)
{
	(void)state;
	gl_doc *d = t_parse("a: &x one\nb: &x two\nc: *x\n");
	assert_string_equal(t_get(gl_doc_root(d), "c")->str, "two");
	gl_doc_free(d);
}

static void test_merge_keys(void **state)
{
	(void)state;
	gl_doc *d = t_parse("a: &a {x: 1, y: 2}\n"
	                    "b: &b {y: 3, z: 4}\n"
	                    "one:\n"
	                    "  <<: *a\n"
	                    "  x: 9\n"
	                    "two:\n"
	                    "  w: 0\n"
	                    "  <<: [*a, *b]\n");
	const gl_node *r = gl_doc_root(d);
	assert_int_equal(gl_doc_ndiags(d), 0);
	static const struct {
		const char *path, *value;
	} want[] = {
		{"one.x", "9"}, {"one.y", "2"}, {"two.w", "0"}, {"two.x", "1"}, {"two.y", "2"},
		{"two.z", "4"},
	};
	for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
		const gl_node *n = t_get(r, want[i].path);
		assert_non_null(n);
		assert_string_equal(n->str, want[i].value);
	}
	assert_int_equal(t_get(r, "one")->n, 4);   /* x, y: no "<<" left */
	assert_int_equal(t_get(r, "two")->n, 8);
	assert_null(t_get(r, "one.<<"));
	assert_ptr_equal(t_get(r, "one.y"), t_get(r, "a.y"));
	gl_doc_free(d);
}

static void test_merge_of_a_scalar_is_an_error(void **state)
{
	(void)state;
	gl_doc *d = t_parse("a:\n  <<: 1\n  b: 2\n");
	const gl_diag *dg = only_diag(d, GL_DIAG_SYNTAX, 2, 3);   /* at the << */
	t_contains(dg->msg, "a merge key (<<) takes a mapping");
	assert_null(gl_doc_root(d));
	gl_doc_free(d);
	d = t_parse("s: &s str\nx: 1\nm: {<<: *s}\n");   /* through an alias: at the <<, not &s */
	only_diag(d, GL_DIAG_SYNTAX, 3, 5);
	gl_doc_free(d);
}

static void test_quoted_merge_key_is_a_key(void **state)
{
	(void)state;
	gl_doc *d = t_parse("a: {'<<': 1}\n");
	assert_string_equal(t_get(gl_doc_root(d), "a.<<")->str, "1");
	gl_doc_free(d);
}

static void test_duplicate_keys(void **state)
{
	(void)state;
	gl_doc *d = t_parse("a: 1\n"
	                    "b:\n"
	                    "  c: x\n"
	                    "  c: y\n"
	                    "a: 3\n");
	const gl_node *r = gl_doc_root(d);
	assert_non_null(r);   /* a duplicate is reported, the tree is kept */
	assert_int_equal(gl_doc_ndiags(d), 2);
	const gl_diag *inner = gl_doc_diag(d, 0), *outer = gl_doc_diag(d, 1);
	assert_int_equal(inner->kind, GL_DIAG_DUPLICATE);
	assert_int_equal(inner->line, 4);
	assert_int_equal(inner->col, 3);
	assert_string_equal(inner->msg, "duplicate key 'c' (first at line 3)");
	assert_int_equal(outer->kind, GL_DIAG_DUPLICATE);
	assert_int_equal(outer->line, 5);
	assert_int_equal(outer->col, 1);
	assert_string_equal(outer->msg, "duplicate key 'a' (first at line 1)");
	assert_int_equal(r->n, 4);
	assert_string_equal(t_get(r, "a")->str, "3");     /* the later value wins */
	assert_string_equal(t_get(r, "b.c")->str, "y");
	gl_doc_free(d);
}

/* Mappings of more than 32 keys look keys up through a hash table. */
static void test_duplicate_keys_in_a_large_mapping(void **state)
{
	(void)state;
	gl__buf b = {0};
	for (int i = 0; i < 40; i++)
		gl__buf_printf(&b, "k%d: %d\n", i, i);
	gl__buf_puts(&b, "k7: again\n");
	gl_doc *d = t_parse(b.p);
	const gl_diag *dg = only_diag(d, GL_DIAG_DUPLICATE, 41, 1);
	assert_string_equal(dg->msg, "duplicate key 'k7' (first at line 8)");
	assert_int_equal(gl_doc_root(d)->n, 80);
	assert_string_equal(t_get(gl_doc_root(d), "k7")->str, "again");
	assert_string_equal(t_get(gl_doc_root(d), "k39")->str, "39");
	gl_doc_free(d);
	gl__buf_free(&b);
}

static void test_syntax_errors(void **state)
{
	(void)state;
	static const struct {
		const char *yaml;
		unsigned line, col;
		const char *msg;
	} cases[] = {
		{"a: b: c\n", 1, 5, "mapping values are not allowed in this context"},
		{"a: [1, 2\nb: 3\n", 2, 2, "did not find expected ',' or ']'"},
		/* the end of the stream after a last line break: the end of that line */
		{"a: 'open\n", 1, 9, "found unexpected end of stream while scanning a quoted scalar (line 1)"},
		{"a: 'open", 1, 9, "found unexpected end of stream"},
		{"a: 1\r\nb: \"\xc3\xa9t\xc3\xa9\r\n", 2, 8, "found unexpected end of stream"},
		{"a: 1\rb: 'x\r", 2, 6, "found unexpected end of stream"},   /* CR alone */
		{"\xef\xbb\xbf" "a: 'open\n", 1, 9, "found unexpected end of stream"},   /* past a BOM */
		{"a: 'open\n\n\n", 3, 1, "found unexpected end of stream"},
		{"a: [\n", 1, 5, "while parsing a flow node (line 1)"},   /* its line too */
		{"a:\n  - x\n  y: 1\n", 3, 3, "did not find expected '-' indicator"},
		{"a: \"\\q\"\n", 1, 5, "found unknown escape character"},
		{"\tb: 1\n", 1, 1, "found character that cannot start any token"},
		{"a:\n\tb: 1\n", 2, 1, "(line 2): it is a tab, and YAML indents with spaces, never tabs"},
		{"\xef\xbb\xbf\tb: 1\n", 1, 1, "(line 1): it is a tab, and YAML"},   /* past a BOM */
		{"a: 1\n\tb: 2\n", 2, 1, "found a tab character that violates indentation while"},
		{"a: 1\n...\nb: 2\n", 3, 1, "did not find expected <document start>"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		gl_doc *d = t_parse(cases[i].yaml);
		const gl_diag *dg = only_diag(d, GL_DIAG_SYNTAX, cases[i].line, cases[i].col);
		t_contains(dg->msg, cases[i].msg);
		assert_null(gl_doc_root(d));
		gl_doc_free(d);
	}
}

static void test_undefined_alias(void **state)
{
	(void)state;
	gl_doc *d = t_parse("a: 1\nb: *nope\n");
	const gl_diag *dg = only_diag(d, GL_DIAG_SYNTAX, 2, 4);
	assert_string_equal(dg->msg, "alias *nope names no earlier anchor");
	assert_null(gl_doc_root(d));
	gl_doc_free(d);
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	static const struct {
		const char *yaml;
		unsigned line, col;
		const char *msg;
	} cases[] = {
		{"a: ok\nb: \xff\n", 2, 4, "(byte 0xff)"},
		{"a: ok\nb: x\xc3(\n", 2, 6, "invalid trailing UTF-8 octet (byte 0x28)"},
		{"a: \xc3\xa9\xed\xa0\x80\n", 1, 5, "invalid Unicode character (U+D800)"},
		{"a: \xf4\x90\x80\x80\n", 1, 4, "invalid Unicode character (U+110000)"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		gl_doc *d = t_parse(cases[i].yaml);
		const gl_diag *dg = only_diag(d, GL_DIAG_SYNTAX, cases[i].line, cases[i].col);
		t_contains(dg->msg, "invalid YAML: ");
		t_contains(dg->msg, cases[i].msg);
		assert_null(gl_doc_root(d));
		gl_doc_free(d);
	}
}

static void test_nul_bytes(void **state)
{
	(void)state;
	static const char raw[] = "a: x\0y\n";   /* a NUL in the file */
	gl_doc *d = t_parse_n(raw, sizeof raw - 1, NULL);
	const gl_diag *dg = only_diag(d, GL_DIAG_SYNTAX, 1, 5);
	t_contains(dg->msg, "control characters are not allowed");
	assert_null(gl_doc_root(d));
	gl_doc_free(d);

	d = t_parse("a: ok\nb: \"x\\0y\"\n");        /* a NUL through an escape */
	dg = only_diag(d, GL_DIAG_LIMIT, 2, 4);
	assert_string_equal(dg->msg, "a scalar holds a NUL character at byte 1 of its text");
	assert_null(gl_doc_root(d));
	gl_doc_free(d);
}

static void test_bom_and_crlf(void **state)
{
	(void)state;
	gl_doc *d = t_parse("\xef\xbb\xbf" "a: 1\r\nb:\r\n  - x\r\n");
	const gl_node *r = gl_doc_root(d);
	assert_int_equal(gl_doc_ndiags(d), 0);
	assert_pos(r->items[0], GL_SCALAR, 1, 1);
	assert_string_equal(t_get(r, "a")->str, "1");
	assert_pos(t_get(r, "b"), GL_SEQ, 3, 3);
	assert_pos(t_get(r, "b[0]"), GL_SCALAR, 3, 5);
	assert_string_equal(t_get(r, "b[0]")->str, "x");
	size_t len;
	const char *line = gl_doc_line(d, 2, &len);
	assert_non_null(line);
	assert_int_equal(len, 2);
	assert_memory_equal(line, "b:", 2);
	gl_doc_free(d);
}

/* A UTF-16 file is read (libyaml decodes it) with its positions, but its
 * bytes are no text to show: it has no source lines. */
static void test_utf16_no_source_lines(void **state)
{
	(void)state;
	static const char le[] = "\xff\xfe" "a\0:\0 \0" "1\0\n\0" "b\0:\0 \0" "x\0\n\0";
	gl_doc *d = t_parse_n(le, sizeof le - 1, NULL);
	const gl_node *r = gl_doc_root(d);
	assert_int_equal(gl_doc_ndiags(d), 0);
	assert_string_equal(t_get(r, "b")->str, "x");
	assert_pos(t_get(r, "b"), GL_SCALAR, 2, 4);
	size_t len;
	assert_null(gl_doc_line(d, 1, &len));
	assert_null(gl_doc_line(d, 2, &len));
	gl_doc_free(d);
}

/* libyaml breaks lines at NEL, LS and PS too; positions are the file's
 * lines (LF), as editors and GitHub number them. */
static void test_unicode_line_breaks(void **state)
{
	(void)state;
	gl_doc *d = t_parse("\xef\xbb\xbf" "id: p\n\xc2\x85" "d: 1\n\xe2\x80\xa8" "e: [x, y]\n"
	                    "f: \"a\xe2\x80\xa9z\"\ng: 2\n");
	const gl_node *r = gl_doc_root(d);
	assert_int_equal(gl_doc_ndiags(d), 0);
	assert_pos(t_get(r, "id"), GL_SCALAR, 1, 5);
	assert_pos(t_get(r, "d"), GL_SCALAR, 2, 5);
	assert_pos(t_get(r, "e[1]"), GL_SCALAR, 3, 9);
	assert_pos(t_get(r, "g"), GL_SCALAR, 5, 4);
	gl_doc_free(d);
	d = t_parse("a: 1\n\xe2\x80\xa8" "b: [\n");   /* a syntax error after one */
	assert_int_equal(gl_doc_ndiags(d), 1);
	assert_int_equal(gl_doc_diag(d, 0)->line, 2);   /* the end of the last line */
	assert_int_equal(gl_doc_diag(d, 0)->col, 6);
	gl_doc_free(d);
}

static void test_doc_line(void **state)
{
	(void)state;
	static const struct {
		unsigned line;
		const char *text;   /* NULL: no such line */
	} cases[] = {
		{0, NULL}, {1, "a: 1"}, {2, ""}, {3, "b: [x,"}, {4, "  y]"}, {5, ""}, {6, NULL},
	};
	gl_doc *d = t_parse("a: 1\n\nb: [x,\r\n  y]\n");
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		size_t len = 99;
		const char *s = gl_doc_line(d, cases[i].line, &len);
		if (!cases[i].text) {
			assert_null(s);
			continue;
		}
		assert_non_null(s);
		assert_int_equal(len, strlen(cases[i].text));
		assert_memory_equal(s, cases[i].text, len);
	}
	gl_doc_free(d);
}

/* A CR alone ends a line, as libyaml (and most editors) count it: the
 * lines gl_doc_line gives are those the marks are numbered by, for CR-only,
 * CRLF and mixed files, and with a NEL (remapped marks) among them. */
static void test_cr_line_ends(void **state)
{
	(void)state;
	static const struct {
		const char *yaml;
		const char *lines[6];   /* gl_doc_line 1..; NULL: no such line */
	} cases[] = {
		{"id: w\rtitle: TBD\r", {"id: w", "title: TBD", "", NULL}},
		{"id: w\r\ntitle: TBD\r\n", {"id: w", "title: TBD", "", NULL}},
		{"id: w\rtitle: [a,\r\n  b]\n\rx: 1", {"id: w", "title: [a,", "  b]", "", "x: 1", NULL}},
		{"id: w\r\rtitle: TBD", {"id: w", "", "title: TBD", NULL}},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		gl_doc *d = t_parse(cases[i].yaml);
		assert_int_equal(gl_doc_ndiags(d), 0);
		for (unsigned k = 0; k < 6; k++) {
			size_t len = 99;
			const char *s = gl_doc_line(d, k + 1, &len);
			if (!cases[i].lines[k]) {
				assert_null(s);
				break;
			}
			assert_non_null(s);
			assert_int_equal(len, strlen(cases[i].lines[k]));
			assert_memory_equal(s, cases[i].lines[k], len);
		}
		const gl_node *title = t_get(gl_doc_root(d), "title");   /* its mark is on its line */
		size_t len;
		const char *s = gl_doc_line(d, title->line, &len);
		assert_non_null(s);
		assert_true(title->col <= len);
		assert_int_equal(strncmp(s + title->col - 1, title->kind == GL_SCALAR ? "TBD" : "[a,", 3), 0);
		gl_doc_free(d);
	}
	gl_doc *d = t_parse("id: w\r\xc2\x85" "a: 1\rb: 2\n");   /* a NEL: marks are remapped */
	assert_pos(t_get(gl_doc_root(d), "b"), GL_SCALAR, 3, 4);
	gl_doc_free(d);
	d = t_parse("a: ok\rb: \xff\r");   /* a reader error, located by byte offset */
	only_diag(d, GL_DIAG_SYNTAX, 2, 4);
	gl_doc_free(d);
}

static void test_empty_inputs(void **state)
{
	(void)state;
	static const char *const inputs[] = {"", "\n\n", "# only a comment\n", "---\n", "--- ~\n"};
	for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++) {
		gl_doc *d = t_parse(inputs[i]);
		assert_int_equal(gl_doc_ndiags(d), 0);
		const gl_node *r = gl_doc_root(d);
		assert_true(r == NULL || r->kind == GL_NULL);
		gl_doc_free(d);
	}
}

static void test_scalar_and_list_roots(void **state)
{
	(void)state;
	gl_doc *d = t_parse("- a\n- b\n");
	assert_pos(gl_doc_root(d), GL_SEQ, 1, 1);
	gl_doc_free(d);
	d = t_parse("  just text\n");
	assert_pos(gl_doc_root(d), GL_SCALAR, 1, 3);
	gl_doc_free(d);
}

/* Empty collections, alone and nested, some closing before any node was
 * added anywhere (the loader's stack of children still empty). clang's
 * UBSan caught a null offset there; fuzz/regressions replays that input. */
static void test_empty_collections_first(void **state)
{
	(void)state;
	static const char *const docs[] = {"{}", "[]", "[{}]", "{a: []}", "- {}\n- []\n"};
	for (size_t i = 0; i < sizeof docs / sizeof *docs; i++) {
		gl_doc *d = t_parse(docs[i]);
		const gl_node *r = gl_doc_root(d);
		assert_non_null(r);
		assert_int_equal(gl_doc_ndiags(d), 0);
		assert_true(r->kind == GL_MAP || r->kind == GL_SEQ);
		gl_doc_free(d);
	}
}

static void test_second_document(void **state)
{
	(void)state;
	static const struct {
		const char *yaml;
		unsigned line, col;
	} cases[] = {
		{"a: 1\n---\nb: 2\n", 2, 1},
		{"---\na: 1\n...\n---\nb: 2\n", 4, 1},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		gl_doc *d = t_parse(cases[i].yaml);
		const gl_diag *dg = only_diag(d, GL_DIAG_SYNTAX, cases[i].line, cases[i].col);
		t_contains(dg->msg, "a second YAML document starts here");
		assert_null(gl_doc_root(d));
		gl_doc_free(d);
	}
}

/* 10,000 nested flow sequences against the default depth limit (256). */
static void test_limit_depth(void **state)
{
	(void)state;
	size_t n = 10000;
	char *s = malloc(2 * n + 1);
	assert_non_null(s);
	memset(s, '[', n);
	memset(s + n, ']', n);
	s[2 * n] = '\0';
	gl_doc *d = t_parse(s);
	const gl_diag *dg = only_diag(d, GL_DIAG_LIMIT, 1, 257);
	assert_string_equal(dg->msg, "nesting deeper than 256 levels");
	assert_null(gl_doc_root(d));
	gl_doc_free(d);
	free(s);
}

/* Each alias of level N repeats level N-1 ten times: 10^7 nodes at g. */
static void test_limit_alias_bomb(void **state)
{
	(void)state;
	gl_doc *d = t_parse("a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	                    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
	                    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
	                    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
	                    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
	                    "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
	                    "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n");
	const gl_diag *dg = only_diag(d, GL_DIAG_LIMIT, 7, 16);
	assert_string_equal(dg->msg, "aliases expand the document beyond 4000000 nodes");
	assert_null(gl_doc_root(d));
	gl_doc_free(d);
}

static void test_limits(void **state)
{
	(void)state;
	static const struct {
		size_t max_bytes, max_depth, max_nodes, max_weight, max_scalar;
		const char *yaml;
		unsigned line, col;
		const char *msg;
	} cases[] = {
		{0, 0, 0, 0, 0, "a: [1, 2]\n", 0, 0, NULL},   /* the defaults */
		{9, 0, 0, 0, 0, "a: [1, 2]\n", 1, 1, "file is 10 bytes, over the 9-byte limit"},
		{0, 2, 0, 0, 0, "a: {b: [1]}\n", 1, 8, "nesting deeper than 2 levels"},
		{0, 3, 0, 0, 0, "a: {b: [1]}\n", 0, 0, NULL},
		{0, 0, 6, 0, 0, "a: [1, 2]\nb: [3, 4]\n", 2, 4, "document has more than 6 nodes"},
		/* the map 1, a 2, the list 3 to 5, b 6, *x 9, c 10: stopped at c */
		{0, 0, 0, 9, 0, "a: &x [1, 2]\nb: *x\nc: *x\n", 3, 1,
		 "aliases expand the document beyond 9 nodes"},
		{0, 0, 0, 10, 0, "a: &x [1, 2]\nb: *x\nc: *x\n", 3, 4,
		 "aliases expand the document beyond 10 nodes"},
		{0, 0, 0, 0, 4, "a: four\nb: fives\n", 2, 4, "a scalar longer than 4 bytes"},
		{0, 0, 0, 0, 5, "a: four\nb: fives\n", 0, 0, NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		gl_limits lim = GL_LIMITS_INIT;
		if (cases[i].max_bytes) lim.max_bytes = cases[i].max_bytes;
		if (cases[i].max_depth) lim.max_depth = cases[i].max_depth;
		if (cases[i].max_nodes) lim.max_nodes = cases[i].max_nodes;
		if (cases[i].max_weight) lim.max_weight = cases[i].max_weight;
		if (cases[i].max_scalar) lim.max_scalar = cases[i].max_scalar;
		gl_doc *d = t_parse_n(cases[i].yaml, strlen(cases[i].yaml), &lim);
		if (!cases[i].msg) {
			assert_int_equal(gl_doc_ndiags(d), 0);
			assert_non_null(gl_doc_root(d));
		} else {
			const gl_diag *dg = only_diag(d, GL_DIAG_LIMIT, cases[i].line, cases[i].col);
			assert_string_equal(dg->msg, cases[i].msg);
			assert_null(gl_doc_root(d));
		}
		gl_doc_free(d);
	}
}

/* Replaying a text's recorded events (gl__doc_replay, as a check loads a
 * built-in pack) gives the document parsing it gives: tree, positions
 * (odd line breaks, CRLF, CR, a BOM, characters after non-ASCII ones),
 * styles, tags, anchors, merge keys, and every diagnostic the builder
 * makes, limits included. */
static void test_replay_matches_parse(void **state)
{
	(void)state;
	static const char *const texts[] = {
		"a: 1\nb: [x, 'y', \"z\", ~, null, 1.5, true]\nc: {d: e}\n",
		"- &a {k: v}\n- *a\n- <<: *a\n  k2: w\n- <<: [*a, {m: n}]\n",
		"t: !!str 12\nu: ! 12\nv: !local {x: 1}\nw: !!seq [1]\n",
		"f: |\n  one\n  two\ng: >-\n  folded\n  text\nh: \"esc\\t\\u00e9\"\n",
		"é: ü\nnext: \"é\" # ü\n",
		"a: 1\r\nb:\r\n  - x\r\n",
		"a: 1\rb: 2\r",
		"\xEF\xBB\xBF" "a: 1\nb: 2\n",
		"a: \"x\xC2\x85y\"\nb: 1\nc: \"p\xE2\x80\xA8q\"\nd: 2\n",
		"a: 1\na: 2\nb: {c: 1, c: 2}\n",
		"m: &s 1\n<<: *s\n",
		"a: \"x\\0y\"\n",
		"a: 1\n---\nb: 2\n",
		"a: *nowhere\n",
		"",
		"# only a comment\n",
		"- [[[[[[deep]]]]]]\n",
		"a: &x [1, 2, 3]\nb: [*x, *x, *x]\nc: [*x, *x, *x]\n",
	};
	gl_limits tight = GL_LIMITS_INIT;
	tight.max_depth = 4;
	tight.max_nodes = 12;
	tight.max_weight = 20;
	tight.max_scalar = 8;
	char why[512];
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
		for (int t = 0; t < 2; t++) {
			int replayed;
			const char *d = t_replay_differs(texts[i], strlen(texts[i]), t ? &tight : NULL,
			                                 &replayed, why, sizeof why);
			if (d)
				fail_msg("text %zu%s: %s", i, t ? " (tight limits)" : "", d);
			assert_true(replayed);
		}
	int replayed;
	const char *wide = "\xFF\xFE" "a\0:\0 \0" "1\0\n\0";   /* UTF-16: not recorded */
	assert_null(t_replay_differs(wide, 12, NULL, &replayed, why, sizeof why));
	assert_false(replayed);
	assert_null(t_replay_differs("a: [1\n", 6, NULL, &replayed, why, sizeof why));
	assert_false(replayed);
}

/* The comparison can fail: a recording with a node's mark moved, or a
 * scalar's style changed, gives another document. (The marks of the
 * document start and of the ends are read only by diagnostics.) */
static void test_replay_differs_when_events_do(void **state)
{
	(void)state;
	const char *text = "a: 1\nb: '2'\nc: [x]\n";
	recorded r;
	assert_int_equal(record(&r, (const unsigned char *)text, strlen(text)), 0);
	gl__recording rec = recorded_events(&r);
	gl_doc *parsed = t_parse(text);
	char why[512];
	size_t changed = 0;
	for (size_t i = 0; i < r.n; i++)
		for (int k = 0; k < 2; k++) {
			gl__event saved = r.v[i];
			int scalar = r.v[i].type == YAML_SCALAR_EVENT;
			if (k == 0 && (scalar || r.v[i].type == YAML_MAPPING_START_EVENT ||
			               r.v[i].type == YAML_SEQUENCE_START_EVENT)) {
				r.v[i].column++;
			} else if (k == 1 && scalar) {   /* plain <-> quoted, as libyaml reports them */
				int quoted = r.v[i].style != YAML_PLAIN_SCALAR_STYLE;
				r.v[i].plain_implicit = (unsigned char)quoted;
				r.v[i].style = quoted ? YAML_PLAIN_SCALAR_STYLE : YAML_SINGLE_QUOTED_SCALAR_STYLE;
			} else {
				continue;
			}
			gl_doc *d;
			assert_int_equal(gl__doc_replay(&d, "plan.yaml", text, strlen(text), &rec, NULL), 0);
			if (!t_doc_differs(parsed, d, why, sizeof why))
				fail_msg("event %zu (type %d) changed, the same document", i, r.v[i].type);
			gl_doc_free(d);
			r.v[i] = saved;
			changed++;
		}
	assert_int_equal(changed, 14);   /* 8 nodes' marks, 6 scalars' styles */
	gl_doc *same;
	assert_int_equal(gl__doc_replay(&same, "plan.yaml", text, strlen(text), &rec, NULL), 0);
	assert_null(t_doc_differs(parsed, same, why, sizeof why));
	gl_doc_free(same);
	gl_doc_free(parsed);
	recorded_free(&r);
}

static void test_node_get(void **state)
{
	(void)state;
	gl_doc *d = t_parse("ab: 1\na: 2\n3: three\nl: [a]\n");
	const gl_node *r = gl_doc_root(d);
	assert_string_equal(gl_node_get(r, "a")->str, "2");
	assert_string_equal(gl_node_get(r, "ab")->str, "1");
	assert_string_equal(gl_node_get(r, "3")->str, "three");
	assert_null(gl_node_get(r, "b"));
	assert_null(gl_node_get(r, ""));
	assert_null(gl_node_get(gl_node_get(r, "l"), "a"));   /* not a mapping */
	assert_null(gl_node_get(gl_node_get(r, "a"), "a"));
	assert_null(gl_node_get(NULL, "a"));
	gl_doc_free(d);
}

/* A plan's id without its tree: the root mapping's first `id`, when a
 * scalar that is not empty, read no further than it. */
static void test_top_scalar(void **state)
{
	GL__UNUSED(state);
	static const struct {
		const char *yaml, *id;
	} cases[] = {
		{"id: p-1\ntitle: T\n", "p-1"},
		{"%YAML 1.2\n---\nid: \"p 2\"\n", "p 2"},
		{"title: {id: inner, x: [1, {id: deep}]}\n? [complex, key]\n: v\nid: p-3\n", "p-3"},
		{"id: p-4\nid: p-5\n", "p-4"},                  /* the first decides */
		{"id: {a: 1}\nx: 1\nid: p-6\n", NULL},          /* ... even a mapping */
		{"id: ''\n", NULL},
		{"title: T\n", NULL},
		{"- id: p-7\n", NULL},                           /* the root is a list */
		{"title: [unclosed\nid: p-8\n", NULL},          /* broken before the id */
		{"id: p-9\ntitle: [unclosed\n", "p-9"},         /* broken after: not read */
		{"", NULL},
		{"id: ~\n", NULL}, {"id: null\n", NULL}, {"id: 'null'\n", "null"},   /* null: no id */
		{"a: [[[[x]]]]\nid: p-10\n", NULL},            /* deeper than the limit (4) */
		{"a: [[[x]]]\nid: p-11\n", "p-11"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		int oom = -1;
		char *id = gl__doc_top_scalar(cases[i].yaml, strlen(cases[i].yaml), "id", 4, &oom);
		assert_int_equal(oom, 0);
		if (cases[i].id)
			assert_string_equal(id, cases[i].id);
		else
			assert_null(id);
		free(id);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_positions),
		cmocka_unit_test(test_utf16_no_source_lines),
		cmocka_unit_test(test_columns_count_characters),
		cmocka_unit_test(test_scalar_styles),
		cmocka_unit_test(test_nonspecific_tag_is_not_plain),
		cmocka_unit_test(test_nulls),
		cmocka_unit_test(test_anchors_share_nodes),
		cmocka_unit_test(test_anchor_redefined_shadows),
		cmocka_unit_test(test_merge_keys),
		cmocka_unit_test(test_merge_of_a_scalar_is_an_error),
		cmocka_unit_test(test_quoted_merge_key_is_a_key),
		cmocka_unit_test(test_duplicate_keys),
		cmocka_unit_test(test_duplicate_keys_in_a_large_mapping),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_empty_collections_first),
		cmocka_unit_test(test_undefined_alias),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_nul_bytes),
		cmocka_unit_test(test_bom_and_crlf),
		cmocka_unit_test(test_unicode_line_breaks),
		cmocka_unit_test(test_doc_line),
		cmocka_unit_test(test_cr_line_ends),
		cmocka_unit_test(test_empty_inputs),
		cmocka_unit_test(test_scalar_and_list_roots),
		cmocka_unit_test(test_second_document),
		cmocka_unit_test(test_limit_depth),
		cmocka_unit_test(test_limit_alias_bomb),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_replay_matches_parse),
		cmocka_unit_test(test_replay_differs_when_events_do),
		cmocka_unit_test(test_node_get),
		cmocka_unit_test(test_top_scalar),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
