/* Report dispatch: every format renders into a buffer in one pass over the
 * findings, and the caller writes it out whole. Also what formats share:
 * XML and HTML escaping, UTF-8 decoding, controls made visible. */
#include "internal.h"

#include <string.h>

typedef struct format {
	const char *name;
	int (*render)(const gl_run *run, const gl_report_opts *o, gl__buf *b);
	unsigned omits;   /* what it never prints */
	int worktree;     /* names files from the git work tree's root (GitHub) */
} format;

enum { SRC = GL_OMIT_SOURCE, TITLE = GL_OMIT_TITLE, HASH = GL_OMIT_LINE_HASH };

static const format formats[] = {
	{"text", gl__report_text, TITLE | HASH, 0},
	{"json", gl__report_json, SRC | TITLE | HASH, 0},
	{"sarif", gl__report_sarif, TITLE, 1},   /* the source gives regions and line hashes */
	{"junit", gl__report_junit, SRC | HASH, 0},
	{"github", gl__report_github, SRC | TITLE | HASH, 1},
	{"markdown", gl__report_markdown, SRC | HASH, 0},
	{"html", gl__report_html, SRC | HASH, 0},
	{NULL, NULL, 0, 0},
};

static const format *find(const char *name)
{
	for (const format *f = formats; f->name; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

int gl_report_known(const char *name)
{
	return find(name) != NULL;
}

unsigned gl_report_omits(const char *name)
{
	const format *f = find(name);
	return f ? f->omits : 0;
}

int gl_report_worktree_paths(const char *name)
{
	const format *f = find(name);
	return f && f->worktree;
}

int gl_report(const gl_run *run, const char *name, const gl_report_opts *o, FILE *out, gl_err *err)
{
	const format *f = find(name);
	if (!f)
		return gl__err_set(err, "unknown format '%s'", name), GL_ERROR;
	gl__buf b = {.sink = out};   /* streamed: a report is never held whole */
	if (f->render(run, o, &b))
		b.oom = 1;   /* a format fails only for want of memory */
	return gl__buf_finish(&b, out, "the report", err);
}

void gl__report_selection(gl__buf *b, const gl_run *run, const char *open, const char *close,
                          void (*rev)(gl__buf *b, const char *s))
{
	size_t npaths;
	unsigned k, n;
	gl_run_paths(run, &npaths);
	const char *since = gl_run_since(run), *sep = "";
	int shard = gl_run_shard(run, &k, &n);
	if (!npaths && !since && !shard)
		return;
	gl__buf_puts(b, open);
	if (npaths) {
		gl__buf_puts(b, npaths == 1 ? "in the path given" : "in the paths given");
		sep = ", ";
	}
	if (since) {
		gl__buf_printf(b, "%schanged since ", sep);
		rev(b, since);
		sep = ", ";
	}
	if (shard)
		gl__buf_printf(b, "%sshard %u of %u", sep, k, n);
	gl__buf_puts(b, close);
}

/* Characters XML 1.0 forbids or that are C0/C1 controls; in HTML also
 * every noncharacter (U+FDD0 to U+FDEF, the last two of each plane), a
 * parse error there. */
static int forbidden(uint32_t c, int html)
{
	int nonchar = (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE;
	return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c <= 0x9F) ||
	       (html ? nonchar : c == 0xFFFE || c == 0xFFFF);
}

static const char *entity(unsigned char c, int html)
{
	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return "&quot;";
	case '\'': return "&#39;";
	case '\t': return html ? " " : "&#9;";
	case '\n': return html ? " " : "&#10;";
	case '\r': return html ? " " : "&#13;";
	default: return NULL;
	}
}

static void markup_str(gl__buf *b, const char *s, int html)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	while (*p) {
		uint32_t cp = 0;
		size_t n = gl__utf8_decode(p, &cp);
		if (n == 0 || forbidden(cp, html)) {
			gl__buf_puts(b, "\xEF\xBF\xBD");   /* U+FFFD */
			p += n ? n : 1;
			continue;
		}
		const char *e = n == 1 ? entity(*p, html) : NULL;
		char shown[9];
		if (e)
			gl__buf_puts(b, e);
		else if (html && gl__bidi_at((const char *)p, n, shown))   /* &lt;U+202E&gt; */
			gl__buf_printf(b, "&lt;%.*s&gt;", (int)strlen(shown) - 2, shown + 1);
		else
			gl__buf_put(b, (const char *)p, n);
		p += n;
	}
}

void gl__xml_str(gl__buf *b, const char *s)
{
	markup_str(b, s, 0);
}

void gl__html_str(gl__buf *b, const char *s)
{
	markup_str(b, s, 1);
}

/* Length of the UTF-8 sequence at p and its code point; 0 when invalid. */
size_t gl__utf8_decode(const unsigned char *p, uint32_t *cp)
{
	size_t n = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3
	         : (*p & 0xF8) == 0xF0 ? 4 : 0;
	static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
	if (n == 0)
		return 0;
	uint32_t c = n == 1 ? *p : *p & (0x7Fu >> n);
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3Fu);
	}
	if (c < min[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

size_t gl__visible_at(const char *s, size_t n, char shown[5])
{
	unsigned char c = (unsigned char)s[0];
	size_t k = 0, used = 1;
	shown[0] = '\0';
	if (c >= 0x80) {
		unsigned char q[5] = {0};   /* s[0..n), at most 4 bytes, NUL-ended */
		uint32_t cp;
		memcpy(q, s, n < 4 ? n : 4);
		used = gl__utf8_decode(q, &cp);
		if (used && (cp < 0x80 || cp > 0x9F))
			return used;
		c = (unsigned char)((used ? cp : c) - 0x80);
		used = used ? used : 1;
		shown[k++] = 'M';
		shown[k++] = '-';
		if (c >= 0x20 && c != 0x7f) {
			shown[k++] = (char)c;
			shown[k] = '\0';
			return used;
		}
	} else if (!(c < 0x20 && c != '\t') && c != 0x7f) {
		return used;
	}
	shown[k++] = '^';
	shown[k++] = c == 0x7f ? '?' : (char)(c + 64);
	shown[k] = '\0';
	return used;
}

size_t gl__bidi_at(const char *s, size_t n, char shown[9])
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t cp;
	size_t len;
	if (n >= 2 && p[0] == 0xD8 && p[1] == 0x9C) {
		cp = 0x061C;
		len = 2;
	} else if (n >= 3 && p[0] == 0xE2 && (p[1] == 0x80 || p[1] == 0x81) && (p[2] & 0xC0) == 0x80) {
		cp = 0x2000 | (p[1] & 0x3Fu) << 6 | (p[2] & 0x3Fu);
		len = 3;
	} else {
		return 0;
	}
	if (cp != 0x061C && cp != 0x200E && cp != 0x200F && !(cp >= 0x202A && cp <= 0x202E) &&
	    !(cp >= 0x2066 && cp <= 0x2069))
		return 0;
	snprintf(shown, 9, "<U+%04X>", (unsigned)cp);
	return len;
}
