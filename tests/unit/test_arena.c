/* Bump allocation, interning and the growable buffer (policy/arena.c). */
#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include "internal.h"
#include "helpers.h"

/* Strings are packed unaligned; everything else stays aligned for any type
 * and zeroed, whatever came before it in the chunk. */
static void test_alignment_and_zeroing(void **state)
{
	GL__UNUSED(state);
	gl__arena *a = gl__arena_new();
	assert_non_null(a);
	for (size_t i = 0; i < 200; i++) {
		char *s = gl__arena_strndup(a, "abcdefghij", i % 10);
		assert_non_null(s);
		assert_int_equal(strlen(s), i % 10);
		unsigned char *p = gl__arena_alloc(a, 24);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
		for (size_t k = 0; k < 24; k++)
			assert_int_equal(p[k], 0);
		memset(p, 0xAB, 24);
	}
	char *big = gl__arena_alloc(a, 200000);   /* beyond a chunk: its own */
	assert_non_null(big);
	assert_int_equal(big[199999], 0);
	assert_null(gl__arena_alloc(a, SIZE_MAX - 8));   /* refused, not wrapped */
	gl__arena_free(a);
}

/* Equal text gives one copy; the length, not a NUL, ends the text. */
static void test_intern(void **state)
{
	GL__UNUSED(state);
	gl__arena *a = gl__arena_new();
	assert_non_null(a);
	const char *x = gl__arena_intern(a, "status: approved", 16);
	assert_non_null(x);
	assert_ptr_equal(gl__arena_intern(a, "status: approved", 16), x);
	const char *prefix = gl__arena_intern(a, "status: approved", 6);
	assert_string_equal(prefix, "status");
	assert_ptr_not_equal(prefix, x);
	assert_ptr_equal(gl__arena_intern(a, "status", 6), prefix);
	assert_string_equal(gl__arena_intern(a, "", 0), "");
	const char *v[2000];
	char buf[32];
	for (size_t i = 0; i < 2000; i++) {   /* the set grows several times */
		snprintf(buf, sizeof buf, "line %zu", i);
		assert_non_null(v[i] = gl__arena_intern(a, buf, strlen(buf)));
	}
	for (size_t i = 0; i < 2000; i++) {
		snprintf(buf, sizeof buf, "line %zu", i);
		assert_ptr_equal(gl__arena_intern(a, buf, strlen(buf)), v[i]);
	}
	assert_ptr_equal(gl__arena_intern(a, "status: approved", 16), x);
	gl__arena_free(a);
}

/* A rewind forgets what came after the mark, over several chunks, and
 * keeps what came before; not when strings were interned since. */
static void test_rewind(void **state)
{
	GL__UNUSED(state);
	gl__arena *a = gl__arena_new();
	assert_non_null(a);
	char *kept = gl__arena_strdup(a, "kept");
	gl__arena_mark m = gl__arena_mark_now(a);
	char *first = gl__arena_alloc(a, 100);
	for (int i = 0; i < 1000; i++)   /* well past one chunk */
		assert_non_null(gl__arena_alloc(a, 500));
	gl__arena_rewind(a, m);
	assert_ptr_equal(gl__arena_alloc(a, 100), first);   /* the same memory again */
	assert_string_equal(kept, "kept");
	gl__arena_rewind(a, m);
	assert_non_null(gl__arena_intern(a, "interned", 8));
	char *after = gl__arena_alloc(a, 100);
	gl__arena_rewind(a, m);   /* refused: the interned string stays valid */
	assert_ptr_not_equal(gl__arena_alloc(a, 100), after);
	assert_ptr_equal(gl__arena_intern(a, "interned", 8), gl__arena_intern(a, "interned", 8));
	gl__arena_reset(a);
	gl__arena_mark empty = gl__arena_mark_now(a);
	assert_non_null(gl__arena_alloc(a, 200000));   /* a chunk of its own */
	gl__arena_rewind(a, empty);
	gl__arena_free(a);
}

/* gl__buf_uint writes what "%*u" would. */
static void test_buf_uint(void **state)
{
	GL__UNUSED(state);
	static const struct {
		unsigned v;
		size_t width;
	} cases[] = {{0, 0}, {7, 0}, {1234, 0}, {42, 5}, {12345, 5}, {123456, 5}, {0, 3},
	             {4294967295u, 0}, {4294967295u, 12}};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char want[32];
		snprintf(want, sizeof want, "|%*u|", (int)cases[i].width, cases[i].v);
		gl__buf b = {0};
		gl__buf_putc(&b, '|');
		gl__buf_uint(&b, cases[i].v, cases[i].width);
		gl__buf_putc(&b, '|');
		assert_string_equal(b.p, want);
		gl__buf_free(&b);
	}
}

/* The reference: byte by byte. */
static size_t plain_run_slowly(const char *s, size_t n, char x, char y)
{
	size_t i = 0;
	while (i < n && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] <= 0x7e && s[i] != x &&
	       s[i] != y)
		i++;
	return i;
}

/* Every byte value at every place of two 8-byte words and a tail: the run
 * ends where the reference says, and reads nothing past n (ASan). */
static void test_plain_run(void **state)
{
	GL__UNUSED(state);
	static const char stops[][2] = {{'\0', '\0'}, {'"', '\\'}};
	for (size_t n = 0; n <= 19; n++) {
		char *s = malloc(n ? n : 1);
		assert_non_null(s);
		for (size_t at = 0; at < n; at++)
			for (unsigned v = 0; v < 256; v++)
				for (size_t k = 0; k < 2; k++) {
					memset(s, 'a', n);
					s[at] = (char)v;
					assert_int_equal(gl__plain_run(s, n, stops[k][0], stops[k][1]),
					                 plain_run_slowly(s, n, stops[k][0], stops[k][1]));
				}
		free(s);
	}
}

/* Writes past 64 KiB: a buffer with a sink flushes to it, one without
 * grows; either way every byte arrives once, in order. */
static void test_buf_sink(void **state)
{
	GL__UNUSED(state);
	FILE *f = tmpfile();
	assert_non_null(f);
	gl__buf sunk = {.sink = f}, kept = {0};
	static const char text[] = "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqr";
	char piece[100];
	for (size_t i = 0; i < 6000; i++) {
		int len = snprintf(piece, sizeof piece, "%zu:%.*s;", i, (int)(i % 70), text);
		gl__buf_put(&sunk, piece, (size_t)len);
		gl__buf_put(&kept, piece, (size_t)len);
		assert_true(sunk.len <= 65536 + (size_t)len);
	}
	assert_true(kept.len > 3 * 65536);
	assert_int_equal(strlen(kept.p), kept.len);
	assert_int_equal(gl__buf_flush(&sunk), 0);
	assert_int_equal(ftell(f), (long)kept.len);
	rewind(f);
	char *back = malloc(kept.len);
	assert_non_null(back);
	assert_int_equal(fread(back, 1, kept.len, f), kept.len);
	assert_memory_equal(back, kept.p, kept.len);
	free(back);
	fclose(f);
	gl__buf_free(&sunk);
	gl__buf_free(&kept);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alignment_and_zeroing),
		cmocka_unit_test(test_intern),
		cmocka_unit_test(test_rewind),
		cmocka_unit_test(test_buf_uint),
		cmocka_unit_test(test_plain_run),
		cmocka_unit_test(test_buf_sink),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
