/*
 * libFuzzer target: gl__line_map, the diff beneath sign-off tracing
 * (policy/history.c), which pairs the lines two versions of a plan share
 * and so decides which commit a sign-off's line is credited to. The input
 * is a flags byte, then the old text and the new one, split at the first
 * NUL. Whatever the texts, the map must pair a new line only with an old
 * line of the same text (the same once blanks are dropped, with
 * ignore_ws), in order, never past old_n, and write nothing past new_n;
 * and a text against itself must map every line to itself.
 */
#include "internal.h"

#include <git2.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CANARY 0xa5a5a5a5u

/* Lines of s[0..n): as the tracer counts them (a last line without a
 * newline is one), or, `plus_one`, as blame's pairing does (one more than
 * the newlines: the empty line after a last newline counts). */
static size_t lines(const char *s, size_t n, int plus_one)
{
	size_t nl = 0;
	for (size_t i = 0; i < n; i++)
		nl += s[i] == '\n';
	return plus_one ? nl + 1 : nl + (n && s[n - 1] != '\n');
}

/* Line `at` (from 1) of s[0..n) without its newline, in *len; an empty
 * line past the last. */
static const char *line(const char *s, size_t n, size_t at, size_t *len)
{
	const char *p = s, *end = s + n;
	for (size_t i = 1; i < at && p < end; i++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		p = nl ? nl + 1 : end;
	}
	const char *nl = p < end ? memchr(p, '\n', (size_t)(end - p)) : NULL;
	*len = nl ? (size_t)(nl - p) : (size_t)(end - p);
	return p;
}

static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* a and b are the same line: byte for byte, or, ignore_ws, once every
 * blank is dropped. */
static int same(const char *a, size_t an, const char *b, size_t bn, int ignore_ws)
{
	if (!ignore_ws)
		return an == bn && memcmp(a, b, an) == 0;
	size_t i = 0, k = 0;
	for (;;) {
		while (i < an && blank(a[i]))
			i++;
		while (k < bn && blank(b[k]))
			k++;
		if (i == an || k == bn)
			return i == an && k == bn;
		if (a[i++] != b[k++])
			return 0;
	}
}

/* Maps old against new and checks every pair the map makes. */
static void check(const char *old, size_t old_len, const char *new_, size_t new_len,
                  int ignore_ws, int old_plus, int new_plus, int identity)
{
	size_t old_n = lines(old, old_len, old_plus), new_n = lines(new_, new_len, new_plus);
	unsigned *map = malloc((new_n + 2) * sizeof *map);
	if (!map)
		abort();
	for (size_t i = 0; i < new_n + 2; i++)
		map[i] = CANARY;
	if (gl__line_map(old, old_len, old_n, new_, new_len, new_n, ignore_ws, map) == 0) {
		if (map[0] != 0 || map[new_n + 1] != CANARY)
			abort();   /* map[0] unused and 0; nothing past new_n */
		unsigned last = 0;
		for (size_t n = 1; n <= new_n; n++) {
			if (!map[n]) {
				if (identity)
					abort();   /* a text against itself keeps every line */
				continue;
			}
			if (map[n] > old_n || map[n] <= last || (identity && map[n] != n))
				abort();   /* in order, within old */
			last = map[n];
			size_t a, b;
			const char *pa = line(old, old_len, map[n], &a), *pb = line(new_, new_len, n, &b);
			if (!same(pa, a, pb, b, ignore_ws))
				abort();   /* paired with another text */
		}
	}
	git_error_clear();
	free(map);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	if (!ready) {
		if (git_libgit2_init() < 0)
			abort();
		ready = 1;
	}
	if (size < 1)
		return 0;
	uint8_t flags = data[0];
	const char *text = (const char *)data + 1;
	size_t len = size - 1;
	const char *nul = memchr(text, '\0', len);
	size_t old_len = nul ? (size_t)(nul - text) : len;
	const char *new_ = nul ? nul + 1 : text + len;
	size_t new_len = nul ? len - old_len - 1 : 0;
	int ignore_ws = flags & 1, old_plus = (flags >> 1) & 1, new_plus = (flags >> 2) & 1;
	check(text, old_len, new_, new_len, ignore_ws, old_plus, new_plus, 0);
	check(new_, new_len, text, old_len, ignore_ws, new_plus, old_plus, 0);
	check(text, old_len, text, old_len, ignore_ws, old_plus, old_plus, 1);
	return 0;
}
