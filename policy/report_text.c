/* text: compiler-style lines (file:line:col: severity: message [RULE]),
 * the source line with a caret under the column, and a summary line.
 * Colour only when asked (the CLI asks on a terminal). */
#include "internal.h"

#include <string.h>

static const char *sev_color(gl_severity s)
{
	return s == GL_SEV_ERROR ? "\033[1;31m" : s == GL_SEV_WARNING ? "\033[1;35m" : "\033[1;36m";
}

/* Spaces up to the column (tabs kept, so the caret lines up). */
static void caret(gl__buf *b, const char *src, unsigned col)
{
	unsigned c = 1;
	for (const char *p = src; *p && c < col; p++) {
		if (((unsigned char)*p & 0xC0) == 0x80)
			continue;
		gl__buf_putc(b, *p == '\t' ? '\t' : ' ');
		c++;
	}
	gl__buf_putc(b, '^');
}

static void one(gl__buf *b, const gl_finding *f, int color)
{
	const char *bold = color ? "\033[1m" : "", *reset = color ? "\033[0m" : "";
	gl__buf_printf(b, "%s%s:%u:%u:%s %s%s:%s %s [%s]\n", bold, f->file, f->line, f->col, reset,
	               color ? sev_color(f->severity) : "", gl_severity_name(f->severity), reset,
	               f->message, gl_rule_id(f->rule));
	if (!f->source)
		return;
	gl__buf_printf(b, "%5u | %s\n      | %s", f->line, f->source, color ? "\033[1;32m" : "");
	caret(b, f->source, f->col);
	gl__buf_printf(b, "%s\n", reset);
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

int gl__report_text(const gl_run *run, const gl_report_opts *o, gl__buf *b)
{
	for (size_t i = 0; i < gl_run_nfindings(run); i++)
		if (!gl_run_finding(run, i)->waived)   /* waived gaps: json, sarif, gaps */
			one(b, gl_run_finding(run, i), o->color);
	if (o->quiet)
		return 0;
	gl__summary s;
	gl__run_summary(run, &s);
	gl__buf_printf(b, "%zu %s checked: %zu %s, %zu %s, %zu %s", s.plans,
	               plural(s.plans, "plan", "plans"), s.errors, plural(s.errors, "error", "errors"),
	               s.warnings, plural(s.warnings, "warning", "warnings"), s.infos,
	               plural(s.infos, "info", "infos"));
	if (s.waived)
		gl__buf_printf(b, ", %zu waived", s.waived);
	if (gl_run_fail_on(run) == GL_SEV_NEVER)
		gl__buf_puts(b, " (--fail-on never)\n");
	else
		gl__buf_printf(b, " (%s at or above %s)\n", gl_run_failed(run) ? "failed:" : "passed: none",
		               gl_severity_name(gl_run_fail_on(run)));
	return 0;
}
