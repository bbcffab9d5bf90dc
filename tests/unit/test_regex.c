/* policy/regex.c: an anchored pattern is settled by the first byte of a
 * value when PCRE2 says no match can start with it. That shortcut must
 * never change an answer: every pattern here is matched by govlint and by
 * PCRE2 directly (compiled again, no shortcut) on values starting with
 * every ASCII byte, and the answers compared. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <pcre2.h>
#include <string.h>

#include "internal.h"

static const char *const patterns[] = {
	/* the default pack's placeholder vocabulary */
	"(?i)^\\s*+(?=[ntfxpl?<-]|$)(?:n/a|tbd|tbc|todo|fixme|xxx|\\?\\?\\?|to be determined|"
	"to be confirmed|pending|none yet|-|lorem(?:\\s++ipsum.*+)?|<[^<>]*+>)?\\s*+$",
	"(?i)^\\s*+n/a\\s*+$",
	"^P-[0-9]+$",
	"^$",
	"^x?",                 /* matches the empty start of anything */
	"^(?=[a-c])",
	"^(?!abc)",
	"\\A\\s*[xyz]",
	"^.{3,}$",
	"^(?:abc|\\s*$)",
	"^(?<!q)b",            /* a lookbehind at the start */
	"^\\w+@\\w+$",
	"^é",                  /* a non-ASCII first character */
	"^\\x{85}x",           /* NEL: \s in UTF mode, a two-byte character */
	"(?m)^foo",            /* multi-line: not anchored */
	"[0-9]$",              /* not anchored */
	"(?i)^(latest|current)\\b",
};

static const char *const tails[] = {
	"", "bc", " ", "  TBD  ", "BD", "/a", "/A ", "one yet", "é", "123", "-1", "@x", "oo",
	"atest", "ATEST more", "\n", "\t-", "<x>", "??", "orem ipsum dolor", "\xc2\x85x",
};

static int direct(pcre2_code *code, const char *s, size_t len)
{
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
	assert_non_null(md);
	int rc = pcre2_match(code, (PCRE2_SPTR)s, len, 0, 0, md, NULL);
	pcre2_match_data_free(md);
	assert_true(rc >= 0 || rc == PCRE2_ERROR_NOMATCH);
	return rc >= 0;
}

static void test_first_byte_never_changes_an_answer(void **state)
{
	(void)state;
	char s[64];
	for (size_t p = 0; p < sizeof patterns / sizeof *patterns; p++) {
		gl_err err;
		gl__regex *re = gl__regex_new(patterns[p], &err);
		assert_non_null(re);
		int ec;
		PCRE2_SIZE off;
		pcre2_code *code = pcre2_compile((PCRE2_SPTR)patterns[p], PCRE2_ZERO_TERMINATED,
		                                 PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &ec, &off, NULL);
		assert_non_null(code);
		size_t matched = 0;
		for (size_t t = 0; t < sizeof tails / sizeof *tails; t++)
			for (int c = 1; c < 0x80; c++) {
				int n = snprintf(s, sizeof s, "%c%s", c, tails[t]);
				int want = direct(code, s, (size_t)n);
				int got = gl__regex_match(re, s, (size_t)n, &err);
				if (got != want)
					fail_msg("pattern %zu on \"%s\": %d, PCRE2 says %d", p, s, got, want);
				matched += (size_t)want;
			}
		for (size_t t = 0; t < sizeof tails / sizeof *tails; t++) {   /* "" and non-ASCII too */
			size_t n = strlen(tails[t]);
			int want = direct(code, tails[t], n);
			if (gl__regex_match(re, tails[t], n, &err) != want)
				fail_msg("pattern %zu on \"%s\": PCRE2 says %d", p, tails[t], want);
			matched += (size_t)want;
		}
		if (!matched)
			fail_msg("pattern %zu matched nothing: the test tells nothing of it", p);
		pcre2_code_free(code);
		gl__regex_free(re);
	}
}

/* The placeholders are told apart at their first byte and still found. */
static void test_placeholders(void **state)
{
	(void)state;
	gl_err err;
	gl__regex *re = gl__regex_new(patterns[0], &err);
	assert_non_null(re);
	static const char *const yes[] = {"TBD", " tbd ", "N/A", "-", "", "  ", "<name>", "???",
	                                  "Lorem ipsum", "pending", "None yet", "\tTODO"};
	static const char *const no[] = {"Omar Ali", "2026-01-01", "n/a because", "TBD later",
	                                 "radiology", "é", "12"};
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
		assert_int_equal(gl__regex_match(re, yes[i], strlen(yes[i]), &err), 1);
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		assert_int_equal(gl__regex_match(re, no[i], strlen(no[i]), &err), 0);
	gl__regex_free(re);
}

/* A pattern is interpreted at first and JIT-compiled once it has been
 * matched a few dozen times: every answer, a long value that outgrows
 * JIT's stack and a match that hits the match limit are the same before
 * and after. */
static void test_jit_later(void **state)
{
	(void)state;
	uint32_t has_jit = 0;
	pcre2_config(PCRE2_CONFIG_JIT, &has_jit);
	gl_err err;
	gl__regex *version = gl__regex_new("^\\d+(\\.\\d+)*$", &err);
	gl__regex *slow = gl__regex_new("(a+)+$", &err);
	assert_non_null(version);
	assert_non_null(slow);
	char longer[4096] = "1";
	for (size_t i = 1; i + 2 < sizeof longer; i += 2)
		memcpy(longer + i, ".1", 3);
	const char *catastrophic = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaab";
	int jit_seen = 0;
	for (int i = 0; i < 200; i++) {
		assert_int_equal(gl__regex_match(version, "1.22.3", 6, &err), 1);
		assert_int_equal(gl__regex_match(version, "1.x", 3, &err), 0);
		assert_int_equal(gl__regex_match(version, longer, strlen(longer), &err), 1);
		if (i % 20 == 0) {   /* the limit, before JIT and after */
			assert_int_equal(gl__regex_match(slow, catastrophic, strlen(catastrophic), &err), -1);
			assert_non_null(strstr(err.msg, "limit"));
		} else {
			assert_int_equal(gl__regex_match(slow, "aaa", 3, &err), 1);
		}
		if (i == 0)
			assert_false(gl__regex_jitted(version));
		jit_seen |= gl__regex_jitted(version) && gl__regex_jitted(slow);
	}
	assert_int_equal(jit_seen, has_jit != 0);
	gl__regex_free(version);
	gl__regex_free(slow);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_byte_never_changes_an_answer),
		cmocka_unit_test(test_placeholders),
		cmocka_unit_test(test_jit_later),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
