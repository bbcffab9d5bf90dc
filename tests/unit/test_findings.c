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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_source_lines),
		cmocka_unit_test(test_source_utf8_and_controls),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
