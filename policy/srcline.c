/*
 * What SARIF needs of a finding's source line, read from the raw line while
 * the plan's document is open: where the YAML token at the finding's column
 * ends. It needs no copy of the line, so a line too long to echo still gets
 * it (its line hash is linehash.c's).
 *
 * A line of megabytes (a plan written as one line of JSON) is walked once,
 * leaving a mark every 4 KiB in a memo kept with the document; each finding
 * on it then walks at most 4 KiB more, so the cost stays linear in the plan
 * whatever the number of findings.
 */
#include "internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { STRIDE = 4096 };

/* The walk's state at a character of a line. */
typedef struct mark {
	size_t off;      /* byte offset of the character */
	unsigned col;    /* its 1-based column */
	int depth;       /* '{' and '[' before it, less '}' and ']' (outside quotes) */
	char quote;      /* the quote it is inside, or 0 */
} mark;

/* The marks of one long line, and the last token measured on it. */
typedef struct memo_line {
	unsigned line;
	mark *marks;     /* marks[k] at the first character at or past byte k * STRIDE */
	size_t n;
	size_t tok_at;   /* byte offset of the last token measured, SIZE_MAX: none */
	unsigned tok_points;
} memo_line;

struct gl__linememo {
	memo_line *v;
	size_t n, cap;
};

/* Moves m past the character at m->off of s[0..len) (a byte that is not
 * UTF-8 is one, as gl__visible_at counts). */
static void advance(mark *m, const char *s, size_t len)
{
	char shown[5];
	size_t used = gl__visible_at(s + m->off, len - m->off, shown);
	unsigned char c = (unsigned char)s[m->off];
	if (m->quote)
		m->quote = c == (unsigned char)m->quote ? 0 : m->quote;
	else if (c == '"' || c == '\'')
		m->quote = (char)c;
	else
		m->depth += (c == '{' || c == '[') - (c == '}' || c == ']');
	m->off += used;
	m->col++;
}

size_t gl__quoted_len(const char *s, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		if (*s == '"' && s[i] == '\\' && i + 1 < n)
			i++;
		else if (*s == '\'' && s[i] == '\'' && i + 1 < n && s[i + 1] == '\'')
			i++;
		else if (s[i] == *s)
			return i + 1;
	}
	return n;
}

/* Bytes of the YAML token starting at s[0]: a quoted scalar to its closing
 * quote; in flow context up to , ] } or ": "; else to the end of the line
 * without a trailing comment or spaces. */
static size_t token_len(const char *s, size_t n, int flow)
{
	if (n && (*s == '"' || *s == '\''))
		return gl__quoted_len(s, n);
	size_t i = 0;
	for (; i < n; i++) {
		if (flow && (s[i] == ',' || s[i] == ']' || s[i] == '}'))
			break;
		if ((flow && s[i] == ':' && (i + 1 == n || s[i + 1] == ' ')) ||
		    (s[i] == '#' && i && (s[i - 1] == ' ' || s[i - 1] == '\t')))
			break;
	}
	while (i && (s[i - 1] == ' ' || s[i - 1] == '\t'))
		i--;
	return i;
}

static unsigned points(const char *s, size_t n)
{
	unsigned k = 0;
	for (size_t i = 0; i < n; i++)
		k += ((unsigned char)s[i] & 0xC0) != 0x80;
	return k;
}

/* ---- the memo of long lines ------------------------------------------- */

void gl__linememo_free(gl__linememo *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++)
		free(m->v[i].marks);
	free(m->v);
	free(m);
}

/* Walks line s[0..len) once, leaving a mark every STRIDE bytes. */
static int mark_line(memo_line *ml, const char *s, size_t len)
{
	size_t n = len / STRIDE + 1;
	ml->marks = malloc(n * sizeof *ml->marks);
	if (!ml->marks)
		return GL_ENOMEM;
	mark m = {0, gl__first_col(ml->line, s, len), 0, 0};
	ml->marks[ml->n++] = m;
	while (m.off < len) {
		advance(&m, s, len);
		if (m.off >= ml->n * STRIDE && ml->n < n)
			ml->marks[ml->n++] = m;
	}
	return 0;
}

/* The memo of line `line` (s[0..len)) of doc, made on first use; NULL out
 * of memory. */
static memo_line *memo_of(const gl_doc *doc, unsigned line, const char *s, size_t len)
{
	gl__linememo **slot = gl__doc_memo(doc), *m = *slot;
	for (size_t i = 0; m && i < m->n; i++)
		if (m->v[i].line == line)
			return &m->v[i];
	if (!m && !(m = *slot = calloc(1, sizeof *m)))
		return NULL;
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 4;
		memo_line *v = realloc(m->v, cap * sizeof *v);
		if (!v)
			return NULL;
		m->v = v;
		m->cap = cap;
	}
	memo_line *ml = &m->v[m->n];
	*ml = (memo_line){line, NULL, 0, SIZE_MAX, 0};
	if (mark_line(ml, s, len) < 0)
		return NULL;
	m->n++;
	return ml;
}

/* The last mark of ml at or before column col. */
static mark start_for(const memo_line *ml, unsigned col)
{
	size_t lo = 0, hi = ml->n;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		*(ml->marks[mid].col <= col ? &lo : &hi) = mid;
	}
	return ml->marks[lo];
}

/* ---- one finding's place ---------------------------------------------- */

/* Code points of the token at byte `at` of s[0..len); a long line's memo
 * remembers the last one (a JSON plan's root mapping at 1:1 is the place
 * of every missing top-level field, and its token runs to the line's end). */
static unsigned token_points(memo_line *ml, const char *s, size_t len, size_t at, int flow)
{
	if (ml && ml->tok_at == at)
		return ml->tok_points;
	unsigned tok = points(s + at, token_len(s + at, len - at, flow));
	if (ml) {
		ml->tok_at = at;
		ml->tok_points = tok;
	}
	return tok;
}

int gl__srcline_place(const gl_doc *doc, unsigned line, unsigned col, unsigned *end_col)
{
	*end_col = col + 1;
	size_t len = 0;
	if (doc && gl__doc_index_lines(doc) < 0)
		return GL_ENOMEM;
	const char *s = doc ? gl_doc_line(doc, line, &len) : NULL;
	if (!s)
		return 0;
	memo_line *ml = NULL;
	if (len > 2 * STRIDE && !(ml = memo_of(doc, line, s, len)))
		return GL_ENOMEM;
	mark m = ml ? start_for(ml, col) : (mark){0, gl__first_col(line, s, len), 0, 0};
	while (m.off < len && m.col < col)
		advance(&m, s, len);
	unsigned tok = token_points(ml, s, len, m.off, m.depth > 0);
	*end_col = col + (tok ? tok : 1);
	return 0;
}
