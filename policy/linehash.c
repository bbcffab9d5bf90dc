/*
 * primaryLocationLineHash as GitHub computes it (codeql-action's upload
 * fills it in for results that lack it, and warns of every value that
 * differs from its own): a rolling hash of the 100 characters from the
 * start of each line, spaces and tabs left out, CR and CRLF read as LF,
 * running on into the lines below; then `:` and how many lines of the
 * file, that one included, had that hash so far.
 *
 * The hash is a polynomial in base 37 modulo 2^64 over the characters as
 * JavaScript reads the file: UTF-16 code units of its UTF-8 decoding (a
 * character past U+FFFF is two, a surrogate pair), each invalid sequence
 * replaced by one U+FFFD as the WHATWG decoder does (Node's). The text is
 * hashed as it is, whatever its encoding: a UTF-16 plan as Node would read
 * it too. After the text come a 65535 (JavaScript's end-of-file mark) and
 * enough zeros for the last lines' windows.
 *
 * A document's lines are hashed once, the first time a finding asks for
 * one, and kept with it (gl_doc_free frees them).
 */
#include "internal.h"

#include <stdlib.h>

enum { WINDOW = 100, BASE = 37, END_OF_FILE = 0xFFFF, REPLACEMENT = 0xFFFD };

typedef struct roller {
	uint16_t win[WINDOW];      /* the last WINDOW characters hashed */
	size_t starts[WINDOW];     /* the line starting at that character, or 0 */
	size_t at;                 /* the oldest character's slot */
	uint64_t hash, oldest;     /* oldest: BASE^WINDOW, the weight leaving the window */
	size_t lines;
	int line_start, after_cr;
	gl__line_hash_fn *emit;
	void *arg;
} roller;

/* The window is full past the line starting at the oldest slot: that
 * line's hash is complete. */
static void complete(roller *r)
{
	if (r->starts[r->at]) {
		r->emit(r->arg, r->starts[r->at], r->hash);
		r->starts[r->at] = 0;
	}
}

static void roll(roller *r, unsigned c)
{
	r->hash = r->hash * BASE + c - r->oldest * r->win[r->at];
	r->win[r->at] = (uint16_t)c;
	r->at = r->at + 1 == WINDOW ? 0 : r->at + 1;
}

/* One UTF-16 code unit of the text. */
static void feed(roller *r, unsigned c)
{
	if (c == ' ' || c == '\t' || (r->after_cr && c == '\n')) {
		r->after_cr = 0;
		return;
	}
	r->after_cr = c == '\r';
	c = c == '\r' ? '\n' : c;
	complete(r);
	if (r->line_start)
		r->starts[r->at] = ++r->lines;
	r->line_start = c == '\n';
	roll(r, c);
}

/* Bytes of the invalid sequence at p[0..n) that the WHATWG decoder takes
 * for one U+FFFD: its lead byte and the continuation bytes that could
 * still have completed a character. */
static size_t invalid_len(const unsigned char *p, size_t n)
{
	unsigned char c = p[0];
	size_t need = c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2
	            : c >= 0xF0 && c <= 0xF4 ? 3 : 0;
	unsigned char lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
	unsigned char hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
	size_t i = 1;
	for (; i <= need && i < n && p[i] >= lo && p[i] <= hi; i++) {
		lo = 0x80;
		hi = 0xBF;
	}
	return i;
}

/* The code units of the character at s[0..n), fed to r: its length. */
static size_t feed_char(roller *r, const unsigned char *s, size_t n)
{
	uint32_t cp;
	size_t used = s[0] < 0x80 ? (cp = s[0], 1) : gl__utf8_decode(s, &cp);
	if (!used) {
		feed(r, REPLACEMENT);
		return invalid_len(s, n);
	}
	if (cp > 0xFFFF) {
		feed(r, 0xD800 + ((cp - 0x10000) >> 10));
		feed(r, 0xDC00 + (cp & 0x3FF));
	} else {
		feed(r, cp);
	}
	return used;
}

void gl__github_line_hashes(const char *text, size_t len, gl__line_hash_fn *emit, void *arg)
{
	roller r = {.line_start = 1, .oldest = 1, .emit = emit, .arg = arg};
	for (int i = 0; i < WINDOW; i++)
		r.oldest *= BASE;
	const unsigned char *s = (const unsigned char *)text;
	for (size_t i = 0; i < len;)
		i += feed_char(&r, s + i, len - i);
	feed(&r, END_OF_FILE);
	for (int i = 0; i < WINDOW; i++) {
		complete(&r);
		roll(&r, 0);
	}
}

/* ---- a document's lines ------------------------------------------------- */

typedef struct line_hash {
	uint64_t hash;
	unsigned nth;   /* lines so far with this hash, this one included */
} line_hash;

struct gl__linehashes {
	line_hash *v;   /* v[i] is line i + 1 */
	size_t n;
};

void gl__linehashes_free(gl__linehashes *h)
{
	if (h)
		free(h->v);
	free(h);
}

/* How many lines had each hash so far, as the lines come in order: open
 * addressing (Fibonacci hashing on the hash); a slot counting 0 is free. */
typedef struct tally {
	line_hash *slots;
	unsigned bits;   /* 2^bits slots, at least twice the lines */
	gl__linehashes *out;
} tally;

static void keep(void *arg, size_t line, uint64_t hash)
{
	tally *t = arg;
	size_t mask = ((size_t)1 << t->bits) - 1;
	size_t i = (size_t)((hash * 0x9E3779B97F4A7C15u) >> (64 - t->bits));
	while (t->slots[i].nth && t->slots[i].hash != hash)
		i = (i + 1) & mask;
	t->slots[i].hash = hash;
	t->slots[i].nth++;
	if (line <= t->out->n)   /* the index and the hash count the same breaks */
		t->out->v[line - 1] = t->slots[i];
}

/* Every line's hash, and its rank among the lines sharing it. */
static gl__linehashes *hash_lines(const char *text, size_t len, size_t nlines)
{
	tally t = {NULL, 4, calloc(1, sizeof *t.out)};
	while (((size_t)1 << t.bits) < 2 * nlines)
		t.bits++;
	if (t.out && (t.out->v = calloc(nlines ? nlines : 1, sizeof *t.out->v)) &&
	    (t.slots = calloc((size_t)1 << t.bits, sizeof *t.slots))) {
		t.out->n = nlines;
		gl__github_line_hashes(text, len, keep, &t);
		free(t.slots);
		return t.out;
	}
	gl__linehashes_free(t.out);
	return NULL;
}

int gl__doc_line_hash(const gl_doc *doc, unsigned line, uint64_t *hash, unsigned *nth)
{
	*hash = 0;
	*nth = 0;
	size_t len, nlines;
	const char *text = doc ? gl__doc_text(doc, &len, &nlines) : NULL;
	if (!text)
		return doc ? GL_ENOMEM : 0;
	gl__linehashes **slot = gl__doc_hashes(doc);
	if (!*slot && !(*slot = hash_lines(text, len, nlines)))
		return GL_ENOMEM;
	if (line == 0 || line > (*slot)->n)
		return 0;
	*hash = (*slot)->v[line - 1].hash;
	*nth = (*slot)->v[line - 1].nth;
	return 0;
}
