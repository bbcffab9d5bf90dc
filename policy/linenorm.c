/*
 * A YAML line with the whitespace that cannot change a parsed value taken
 * out, so that sign-off provenance can tell a reformat from an edit: two
 * versions of a line with the same normal form hold the same values.
 *
 * Left out: indentation, trailing space (and a CR), space next to flow
 * punctuation ({ } [ ] , inside a flow collection begun on the line); in
 * a whole text, whether its last line ends with a newline.
 * Made one space: the space after an indicator (`:` before a value, `-` or
 * `?` starting a node) and before a comment, and every run in a comment.
 * Kept as it is: everything else, above all the space between two
 * characters of a scalar (`appro val` is not `approval`), and a quoted
 * scalar whole. Each line is read alone, as written, so a line that
 * continues a flow collection or a quoted scalar keeps more than it needs:
 * a doubt counts as a change, never the other way.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

static int blank(char c)
{
	return c == ' ' || c == '\t';
}

static int in(char c, const char *set)
{
	return c && strchr(set, c);
}

/* A comment, from its '#': each run of blanks made one space. */
static size_t comment(const char *s, size_t n, char *out)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!blank(s[i]))
			out[k++] = s[i];
		else if (i + 1 < n && !blank(s[i + 1]))
			out[k++] = ' ';
	return k;
}

size_t gl__norm_line(const char *s, size_t n, char *out)
{
	size_t i = 0, k = 0;
	int depth = 0, start = 1;   /* flow nesting; a node may start here */
	char spaced = 0;            /* the indicator the blanks before i follow, if any */
	while (n && (s[n - 1] == '\r' || blank(s[n - 1])))
		n--;
	while (i < n && blank(s[i]))
		i++;
	while (i < n) {
		size_t j = i;
		while (j < n && blank(s[j]))
			j++;
		if (j > i) {   /* blanks, then s[j], which is no blank and not the end */
			char prev = k ? out[k - 1] : 0;
			int flow = depth > 0 && (in(prev, "[{,") || in(s[j], "]},"));
			if (s[j] == '#' || (!flow && spaced))
				out[k++] = ' ';
			else if (!flow)
				while (i < j)
					out[k++] = s[i++];
			i = j;
			continue;
		}
		char c = s[i];
		int after_blank = i > 0 && blank(s[i - 1]);
		int ends = i + 1 == n || blank(s[i + 1]);
		spaced = 0;
		if (c == '#' && (k == 0 || after_blank))
			return k + comment(s + i, n - i, out + k);
		if ((c == '"' || c == '\'') && (start || after_blank)) {
			size_t q = gl__quoted_len(s + i, n - i);
			memcpy(out + k, s + i, q);
			k += q;
			i += q;
			start = 0;
			continue;
		}
		if (start && (c == '[' || c == '{'))
			depth++;
		else if (depth && (c == ']' || c == '}'))
			depth--;
		if (c == ':' && (ends || (depth && in(s[i + 1], ",]}"))))
			spaced = ':';
		else if (start && (c == '-' || c == '?') && ends)
			spaced = c;
		start = spaced || (depth && in(c, "[{,"));
		out[k++] = c;
		i++;
	}
	return k;
}

char *gl__norm_text(const char *s, size_t n, size_t *len)
{
	char *out = malloc(n + 2);   /* a '\n' after the last line too, and the NUL */
	size_t k = 0;
	for (size_t i = 0; out && i < n;) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t end = nl ? (size_t)(nl - s) : n;
		k += gl__norm_line(s + i, end - i, out + k);
		out[k++] = '\n';
		i = end + 1;
	}
	if (out)
		out[k] = '\0';
	*len = k;
	return out;
}
