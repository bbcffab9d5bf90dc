/* The form of a YAML line that sign-off provenance compares (policy/
 * linenorm.c): a reformat keeps it, an edit of a value changes it. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "internal.h"
#include "helpers.h"

#include <stdlib.h>

static void want_form(const char *line, const char *form)
{
	size_t n = strlen(line);
	char *out = malloc(n + 1);
	assert_non_null(out);
	size_t k = gl__norm_line(line, n, out);
	assert_true(k <= n);
	out[k] = '\0';
	if (strcmp(out, form) != 0)
		fail_msg("'%s':\n  got  '%s'\n  want '%s'", line, out, form);
	free(out);
}

static void same(const char *a, const char *b)
{
	char fa[256], fb[256];
	fa[gl__norm_line(a, strlen(a), fa)] = '\0';
	fb[gl__norm_line(b, strlen(b), fb)] = '\0';
	if (strcmp(fa, fb) != 0)
		fail_msg("a reformat counts as an edit:\n  '%s' -> '%s'\n  '%s' -> '%s'", a, fa, b, fb);
}

static void differ(const char *a, const char *b)
{
	char fa[256], fb[256];
	fa[gl__norm_line(a, strlen(a), fa)] = '\0';
	fb[gl__norm_line(b, strlen(b), fb)] = '\0';
	if (strcmp(fa, fb) == 0)
		fail_msg("an edit counts as a reformat: '%s' and '%s' are both '%s'", a, b, fa);
}

static const char signed_line[] =
	"  - {by: helen.park, role: radiologist, signed_at: 2026-10-05, meaning: approval, "
	"scope: pilot}";

static void test_forms(void **state)
{
	GL__UNUSED(state);
	want_form(signed_line, "- {by: helen.park,role: radiologist,signed_at: 2026-10-05,"
	                       "meaning: approval,scope: pilot}");
	want_form("    owner:   olivia.grant   \r", "owner: olivia.grant");
	want_form("title: A  rollout\t# the  pilot  ", "title: A  rollout # the pilot");
	want_form("- [ a , 'b  c' ,\"d , e\" ]", "- [a,'b  c',\"d , e\"]");
	want_form("# a   whole-line comment", "# a whole-line comment");
	want_form("url: http://example.org/a  b", "url: http://example.org/a  b");
	want_form("", "");
	want_form(" \t \r", "");
}

/* Whitespace that cannot change a value: a reformat. */
static void test_reformats(void **state)
{
	GL__UNUSED(state);
	same(signed_line, "- {by: helen.park, role: radiologist, signed_at: 2026-10-05, "
	                  "meaning: approval, scope: pilot}");   /* indentation */
	same(signed_line, "  - { by:   helen.park ,role:\tradiologist,  signed_at: 2026-10-05, "
	                  "meaning: approval,scope: pilot }   ");
	same("  - {by: helen.park}", "  -   {by: helen.park}");   /* after a "- " */
	same("key: value", "key:    value");
	same("key: value  # signed", "key: value # signed");
	same("- [a, b]", "- [ a,b ]");
	same("? complex", "?   complex");
	same("key: value\r", "key: value");   /* a CRLF checkout */
}

/* Whitespace inside a value, or that makes or unmakes an indicator: an edit. */
static void test_edits(void **state)
{
	GL__UNUSED(state);
	differ(signed_line, "  - {by: helen.park, role: radiologist, signed_at: 2026-10-05, "
	                    "meaning: appro val, scope: pilot}");
	differ(signed_line, "  - {by: helen.park, role: radiologist, signed_at: 2026-10-05, "
	                    "meaning: approval, scope: pi lot}");
	differ("notes: a b", "notes: a  b");
	differ("notes: a, b", "notes: a,b");   /* a comma is text outside a flow collection */
	differ("notes: see [1]", "notes: see[1]");
	differ("- {by: helen.park}", "- {by:helen.park}");   /* "by:helen.park" is one scalar */
	differ("- item", "-item");
	differ("range: 1 - 2", "range: 1 -2");
	differ("note: 'a  b'", "note: 'a b'");
	differ("note: \"a , b\"", "note: \"a, b\"");
	differ("- ['a ,b']", "- ['a , b']");
	differ("note: it's  fine", "note: it's fine");
	differ("key: value", "key : value");   /* a doubt counts as an edit */
}

/* Every line keeps its place: as many lines, each in its form and ended
 * by a newline, whether the text ends with one or not. */
static void test_text(void **state)
{
	GL__UNUSED(state);
	static const char text[] = "a:  1\r\n\n  b: [ x ]  \nlast:   line";
	size_t len = 0;
	char *out = gl__norm_text(text, sizeof text - 1, &len);
	assert_non_null(out);
	assert_string_equal(out, "a: 1\n\nb: [x]\nlast: line\n");
	assert_int_equal(len, strlen(out));
	free(out);
	out = gl__norm_text("x\n", 2, &len);
	assert_string_equal(out, "x\n");
	free(out);
	out = gl__norm_text("x", 1, &len);   /* no blank to drop: one byte more */
	assert_string_equal(out, "x\n");
	assert_int_equal(len, 2);
	free(out);
	out = gl__norm_text("", 0, &len);
	assert_string_equal(out, "");
	assert_int_equal(len, 0);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_reformats),
		cmocka_unit_test(test_edits),
		cmocka_unit_test(test_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
