/* Findings as a run keeps them (policy/eval.c): shared text, source lines. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "internal.h"
#include "helpers.h"

static const gl_rule *rule(void)
{
	static gl__packset *ps;
	if (!ps)
		assert_non_null(ps = gl__packset_new());
	return gl__detector(ps, "yaml-syntax");   /* any rule will do */
}

static gl_finding *add(gl__plan_out *o, const gl_doc *doc, unsigned line, unsigned col,
                       const char *msg)
{
	gl__finding_at at = {"P-1", "plans/p.yaml", line, col, "x"};
	gl_finding *f = gl__add_finding(o, rule(), GL_SEV_ERROR, &at, NULL, msg, NULL, doc);
	assert_non_null(f);
	return f;
}

/* Lines up to 160 bytes are kept whole; a longer one is cut at 160 bytes,
 * or 80 past the column, and marked " ...". */
static void test_source_lines(void **state)
{
	GL__UNUSED(state);
	char line[400], yaml[512];
	for (size_t i = 0; i < 300; i++)
		line[i] = (char)('a' + i % 26);
	line[300] = '\0';
	snprintf(yaml, sizeof yaml, "short: x\nlong: %s\n", line);
	gl_doc *doc = t_parse(yaml);
	gl__plan_out o = {0};
	assert_non_null(o.arena = gl__arena_new());

	gl_finding *f = add(&o, doc, 1, 8, "m");
	assert_string_equal(f->source, "short: x");
	f = add(&o, doc, 2, 7, "m");
	assert_int_equal(strlen(f->source), 160 + 4);
	assert_memory_equal(f->source, "long: abc", 9);
	assert_string_equal(f->source + 160, " ...");
	const char *first = f->source;
	f = add(&o, doc, 2, 200, "m");   /* byte 199: 80 more are kept */
	assert_int_equal(strlen(f->source), 279 + 4);
	assert_memory_equal(f->source + 199, line + 193, 80);
	f = add(&o, doc, 2, 3, "m");
	assert_ptr_equal(f->source, first);   /* one copy of equal text */
	f = add(&o, doc, 2, 290, "m");   /* near the end: the whole line */
	assert_int_equal(strlen(f->source), 306);
	assert_null(add(&o, doc, 9, 1, "m")->source);   /* no such line */
	gl_doc_free(doc);

	char *big = malloc(2 * 4097 + 8);   /* 4,096 bytes are echoed, 4,097 are not */
	assert_non_null(big);
	memset(big, 'x', 2 * 4097 + 2);
	memcpy(big, "a: ", 3);
	big[4096] = '\n';
	memcpy(big + 4097, "b: ", 3);
	big[4097 + 4097] = '\n';
	big[4097 + 4098] = '\0';
	doc = t_parse(big);
	f = add(&o, doc, 1, 100, "m");
	assert_non_null(f->source);
	assert_string_equal(f->source + strlen(f->source) - 4, " ...");
	assert_null(add(&o, doc, 2, 100, "m")->source);
	free(big);

	free(o.v);
	gl__arena_free(o.arena);
	gl_doc_free(doc);
}

/* A multi-byte character is never split, and control characters show as ^X. */
static void test_source_utf8_and_controls(void **state)
{
	GL__UNUSED(state);
	char yaml[1024] = "k: \"\\e[31m\"\nu: ";
	for (int i = 0; i < 100; i++)
		strcat(yaml, "\xc3\xa9");   /* é: 2 bytes */
	strcat(yaml, "\n");
	gl_doc *doc = t_parse(yaml);
	gl__plan_out o = {0};
	assert_non_null(o.arena = gl__arena_new());
	assert_string_equal(add(&o, doc, 1, 1, "m")->source, "k: \"\\e[31m\"");
	const char *s = add(&o, doc, 2, 1, "m")->source;
	size_t n = strlen(s);
	assert_string_equal(s + n - 4, " ...");
	assert_true(n - 4 <= 160);
	assert_int_equal((n - 4 - 3) % 2, 0);   /* "u: " then whole é's */
	assert_string_equal(add(&o, doc, 2, 1, "a\x1b[2Jb")->message, "a^[[2Jb");
	free(o.v);
	gl__arena_free(o.arena);
	gl_doc_free(doc);
}

/* The text eval.c keeps of a line at byte `at`, built here by hand. */
static char *kept_text(const char *line, size_t at)
{
	size_t len = strlen(line), keep = at + 80 > 160 ? at + 80 : 160;
	char *t = malloc(len + 8);
	assert_non_null(t);
	if (keep >= len) {
		memcpy(t, line, len + 1);
	} else {
		memcpy(t, line, keep);
		memcpy(t + keep, " ...", 5);
	}
	return t;
}

/* Every finding's line hash is GitHub's hash of its line (whatever the
 * column), and its end column is the end of the token: on short lines, on
 * lines cut for the text report, and on lines too long to echo at all
 * (5,000 bytes; 20,000, where marks are kept), found in any order. */
static void test_line_hash_and_end_column(void **state)
{
	GL__UNUSED(state);
	static const size_t widths[] = {100, 3000, 5000, 20000};
	for (size_t w = 0; w < sizeof widths / sizeof *widths; w++) {
		size_t n = widths[w];
		char *line = malloc(n + 64), *yaml = malloc(n + 96);
		assert_true(line && yaml);
		int k = snprintf(line, n + 64, "t: {a: \"");
		memset(line + k, 'y', n);
		strcpy(line + k + n, "\", b: TBD, c: [x, 'it''s' ], d: n/a # c}");
		snprintf(yaml, n + 96, "id: p\n%s\n", line);
		gl_doc *doc = t_parse(yaml);
		uint64_t line2;
		unsigned nth;
		assert_int_equal(gl__doc_line_hash(doc, 2, &line2, &nth), 0);
		assert_int_equal(nth, 1);
		gl__plan_out o = {0};
		assert_non_null(o.arena = gl__arena_new());
		size_t tbd = (size_t)(strstr(line, "TBD") - line), its = (size_t)(strstr(line, "'it") - line),
		       na = (size_t)(strstr(line, "n/a") - line);
		static const struct {
			int which;
			unsigned len;
		} order[] = {{2, 7}, {0, 3}, {1, 3}, {0, 3}};   /* 'it''s', TBD, n/a, TBD */
		for (size_t i = 0; i < sizeof order / sizeof *order; i++) {
			size_t at = order[i].which == 0 ? tbd : order[i].which == 1 ? na : its;
			gl_finding *f = add(&o, doc, 2, (unsigned)at + 1, "m");
			assert_int_equal(f->end_col, at + 1 + order[i].len);
			char *t = kept_text(line, at);
			assert_true(f->line_hash == line2);
			assert_int_equal(f->line_hash_n, 1);
			if (n < 4096)
				assert_string_equal(f->source, t);
			else
				assert_null(f->source);   /* not echoed, still hashed */
			free(t);
		}
		/* in block context a token runs to a comment (a mapping's place is
		 * its first key: the region is that key's line) */
		unsigned comment = (unsigned)(strstr(line, " # c}") - line) + 1;
		assert_int_equal(add(&o, doc, 2, 1, "m")->end_col, comment);
		assert_int_equal(add(&o, doc, 2, 4, "m")->end_col, comment);
		free(o.v);
		gl__arena_free(o.arena);
		gl_doc_free(doc);
		free(yaml);
		free(line);
	}
}

/* GitHub hashes the first 100 characters from a line's start: two long
 * lines that differ only past them share a hash, two that differ within
 * them do not. A finding on no line (line 9) has no hash, and ends one past
 * its column. */
static void test_long_lines(void **state)
{
	GL__UNUSED(state);
	static const size_t differ_at[] = {200, 4000, 50};   /* the first is the reference */
	uint64_t h[3];
	for (int i = 0; i < 3; i++) {
		char *yaml = malloc(6000);
		assert_non_null(yaml);
		int k = snprintf(yaml, 6000, "t: {a: \"");
		memset(yaml + k, 'y', 5000);
		yaml[k + differ_at[i]] = 'z';
		strcpy(yaml + k + 5000, "\", b: TBD}\n");
		gl_doc *doc = t_parse(yaml);
		gl__plan_out o = {0};
		assert_non_null(o.arena = gl__arena_new());
		unsigned col = (unsigned)(strstr(yaml, "TBD") - yaml) + 1;
		gl_finding *f = add(&o, doc, 1, col, "m");
		assert_int_equal(f->end_col, col + 3);
		assert_int_equal(f->line_hash_n, 1);
		h[i] = f->line_hash;
		f = add(&o, doc, 9, 4, "m");
		assert_int_equal(f->line_hash_n, 0);
		assert_int_equal(f->end_col, 5);
		free(o.v);
		gl__arena_free(o.arena);
		gl_doc_free(doc);
		free(yaml);
	}
	assert_true(h[0] == h[1]);
	assert_true(h[0] != h[2]);
}

/* GOV-DOC-004 (ids.c): every checked plan sharing its id with another plan,
 * checked or not, gets one finding naming the first other (file order) and
 * how many more there are; a plan whose id is its own gets none. */
static void test_plan_ids(void **state)
{
	GL__UNUSED(state);
	static const struct {
		const char *file, *id;
	} checked[] = {{"plans/b.yaml", "p-1"}, {"plans/d.yaml", "p-1"}, {"plans/e.yaml", "p-2"},
	               {"plans/f.yaml", "p-3"}};
	gl__other_id others[] = {{"p-3", "plans/z.yaml"}, {"p-1", "plans/c.yaml"},
	                         {"p-9", "plans/a.yaml"}, {"p-1", "plans/a.yaml"}};
	gl__plan_out outs[4] = {{0}};
	gl__packset *ps = gl__packset_new();
	assert_non_null(ps);
	for (size_t i = 0; i < 4; i++) {
		assert_non_null(outs[i].arena = gl__arena_new());
		outs[i].plan = (gl_plan){checked[i].file, checked[i].id, NULL, NULL, NULL, 0};
		outs[i].id_line = 3;
		outs[i].id_col = 5;
	}
	assert_int_equal(gl__plan_ids(outs, 4, others, 4, ps, NULL, NULL, NULL), 0);
	assert_int_equal(outs[0].n, 1);
	assert_string_equal(outs[0].v[0].message, "plan id 'p-1' is also the id of plans/a.yaml "
	                    "and 2 more plans: give each plan its own id");
	assert_int_equal(outs[0].v[0].line, 3);
	assert_int_equal(outs[1].n, 1);
	assert_string_equal(outs[1].v[0].message, "plan id 'p-1' is also the id of plans/a.yaml "
	                    "and 2 more plans: give each plan its own id");
	assert_int_equal(outs[2].n, 0);   /* p-2 is its own */
	assert_int_equal(outs[3].n, 1);
	assert_string_equal(outs[3].v[0].message,
	                    "plan id 'p-3' is also the id of plans/z.yaml: give each plan its own id");
	for (size_t i = 0; i < 4; i++) {
		free(outs[i].v);
		gl__arena_free(outs[i].arena);
	}
	gl__packset_free(ps);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_source_lines),
		cmocka_unit_test(test_source_utf8_and_controls),
		cmocka_unit_test(test_line_hash_and_end_column),
		cmocka_unit_test(test_long_lines),
		cmocka_unit_test(test_plan_ids),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
