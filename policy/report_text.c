/* text: compiler-style lines (file:line:col: severity: message [RULE]),
 * the source line with a caret under the column, and a summary line.
 * Colour only when asked (the CLI asks on a terminal). Control characters
 * are shown as ^X, M-^X, the file name's too, so a finding stays one line
 * and plan text cannot drive the terminal; bidirectional controls as
 * <U+202E>, so plan text cannot reorder what the line shows. */
#include "internal.h"

#include <string.h>

static const char *sev_color(gl_severity s)
{
	return s == GL_SEV_ERROR ? "\033[1;31m" : s == GL_SEV_WARNING ? "\033[1;35m" : "\033[1;36m";
}

/* How wide the character at s[0..n), not printable ASCII, is shown (^[
 * and M-^[ for controls, <U+202E> for a bidirectional one), for the caret
 * to line up. */
static size_t shown_width(const char *s, size_t n)
{
	char shown[9];
	if (gl__bidi_at(s, n, shown) || (gl__visible_at(s, n, shown) && *shown))
		return strlen(shown);
	return 1;
}

/* n spaces. */
static void spaces(gl__buf *b, size_t n)
{
	static const char blank[] = "                                                                ";
	for (; n > sizeof blank - 1; n -= sizeof blank - 1)
		gl__buf_put(b, blank, sizeof blank - 1);
	gl__buf_put(b, blank, n);
}

/* Spaces up to the column (tabs kept, and a control character as wide as
 * it is shown, so the caret lines up): a run of printable ASCII, nearly
 * every line up to its column, at once. */
static void caret(gl__buf *b, const char *src, unsigned col)
{
	size_t len = strlen(src), i = 0;
	unsigned c = 1;
	while (i < len && c < col) {
		size_t run = gl__plain_run(src + i, len - i, '\0', '\0');
		if (run > col - c)
			run = col - c;
		spaces(b, run);
		i += run;
		c += (unsigned)run;
		if (i == len || c == col)
			break;
		unsigned char ch = (unsigned char)src[i++];
		if (ch == '\t')
			gl__buf_putc(b, '\t');
		else if ((ch & 0xC0) == 0x80)
			continue;   /* inside a UTF-8 character */
		else
			spaces(b, shown_width(src + i - 1, len - i + 1));
		c++;
	}
	gl__buf_putc(b, '^');
}

/* s as text shows it: see the top of the file. */
static void visible(gl__buf *b, const char *s)
{
	gl__buf_visible(b, s, strlen(s), 1);
}

void gl__text_finding(gl__buf *b, const gl_finding *f, int color)
{
	const char *bold = color ? "\033[1m" : "", *reset = color ? "\033[0m" : "";
	gl__buf_puts(b, bold);   /* file:line:col: severity: message [RULE] */
	visible(b, f->file);   /* a name cannot start a line */
	gl__buf_putc(b, ':');
	gl__buf_uint(b, f->line, 0);
	gl__buf_putc(b, ':');
	gl__buf_uint(b, f->col, 0);
	gl__buf_putc(b, ':');
	gl__buf_puts(b, reset);
	gl__buf_putc(b, ' ');
	gl__buf_puts(b, color ? sev_color(f->severity) : "");
	gl__buf_puts(b, gl_severity_name(f->severity));
	gl__buf_putc(b, ':');
	gl__buf_puts(b, reset);
	gl__buf_putc(b, ' ');
	visible(b, f->message);
	gl__buf_puts(b, " [");
	gl__buf_puts(b, gl_rule_id(f->rule));
	gl__buf_puts(b, "]\n");
	if (!f->source)
		return;
	gl__buf_uint(b, f->line, 5);
	gl__buf_puts(b, " | ");
	visible(b, f->source);
	gl__buf_puts(b, "\n      | ");
	gl__buf_puts(b, color ? "\033[1;32m" : "");
	caret(b, f->source, f->col);
	gl__buf_puts(b, reset);
	gl__buf_putc(b, '\n');
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* "5 plans checked: 1 error, ... (failed: at or above error)", or "passed:
 * none" or "passed: only advisory findings" at or above it; when only some
 * plans are checked, what chose them ("3 plans checked (shard 2 of 3)");
 * with a baseline it says the findings REV had are left out, and how many,
 * and how many of the new ones REV had waived and are no longer. */
static void summary(gl__buf *b, const gl_run *run)
{
	gl__summary s;
	gl__run_summary(run, &s);
	const char *rev;
	size_t fresh, known, gone;
	int base = gl_run_baseline(run, &rev, &fresh, &known, &gone);
	gl__buf_printf(b, "%zu %s checked", s.plans, plural(s.plans, "plan", "plans"));
	gl__report_selection(b, run, " (", ")", visible);
	if (base) {
		gl__buf_puts(b, ", only findings new since ");
		visible(b, rev);
	}
	gl__buf_printf(b, ": %zu %s, %zu %s, %zu %s", s.errors, plural(s.errors, "error", "errors"),
	               s.warnings, plural(s.warnings, "warning", "warnings"), s.infos,
	               plural(s.infos, "info", "infos"));
	if (base && gl_run_unwaived(run))
		gl__buf_printf(b, " (%zu no longer waived)", gl_run_unwaived(run));
	if (s.waived)
		gl__buf_printf(b, ", %zu waived", s.waived);
	if (base) {
		gl__buf_printf(b, "; %zu %s ", known, plural(known, "finding", "findings"));
		visible(b, rev);
		gl__buf_puts(b, " already had not shown");
	}
	gl_severity on = gl_run_fail_on(run);
	size_t at_or_above = s.errors + (on <= GL_SEV_WARNING ? s.warnings : 0) +
	                     (on == GL_SEV_INFO ? s.infos : 0);
	if (on == GL_SEV_NEVER)
		gl__buf_puts(b, " (--fail-on never)\n");
	else
		gl__buf_printf(b, " (%s at or above %s)\n",
		               gl_run_failed(run) ? "failed:" : at_or_above ? "passed: only advisory findings"
		                                                            : "passed: none",
		               gl_severity_name(on));
}

int gl__report_text(const gl_run *run, const gl_report_opts *o, gl__buf *b)
{
	for (size_t i = 0; i < gl_run_nfindings(run); i++)
		if (!gl_run_finding(run, i)->waived)   /* waived gaps: json, sarif, gaps */
			gl__text_finding(b, gl_run_finding(run, i), o->color);
	if (!o->quiet)
		summary(b, run);
	return 0;
}
