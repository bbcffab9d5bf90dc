/* github: GitHub Actions workflow commands, one annotation per finding:
 *   ::error file=F,line=L,col=C,title=RULE%3A TITLE::MESSAGE (owner: X)
 * F is relative to the git work tree's root, where GitHub resolves it.
 * GitHub shows at most 10 annotations of each kind per step, so the most
 * important come first (errors, then warnings, then notices; blocking before
 * not blocking; file order within that), each kind stops at 10, and a last
 * plain line says how many were left out and where the full list is, and
 * which plans a partial run checked ("govlint (shard 2 of 3): ..."). */
#include "internal.h"

#include <string.h>

enum { SHOWN_PER_KIND = 10 };

static const char *kind(gl_severity s)
{
	return s == GL_SEV_ERROR ? "error" : s == GL_SEV_WARNING ? "warning" : "notice";
}

/* One byte c as @actions/core escapes it: '%', CR and LF always; ':' and
 * ',' also in property values, where they would end the value. */
static void escape_byte(gl__buf *b, char c, int property)
{
	const char *e = c == '%'    ? "%25"
	                : c == '\r' ? "%0D"
	                : c == '\n' ? "%0A"
	                : !property  ? NULL
	                : c == ':'   ? "%3A"
	                : c == ','   ? "%2C"
	                             : NULL;
	if (e)
		gl__buf_puts(b, e);
	else
		gl__buf_putc(b, c);
}

/* s escaped. A character a terminal could act on (from a plan's file name
 * or owner: ESC, BEL, U+009B, a byte that is not UTF-8) is first shown as
 * text shows it (^[, ^G, M-^[, M-,: gl__visible_at), so none reaches the
 * log raw, and that form is escaped too (0xAC is M-, whose ',' would end a
 * property); so is a bidirectional control (<U+202E>: gl__bidi_at), which
 * would reorder the annotation as GitHub shows it. CR and LF are escaped,
 * not shown. */
static void escape(gl__buf *b, const char *s, int property)
{
	s = s ? s : "";
	char shown[9];
	for (size_t i = 0, n = strlen(s); i < n;) {
		int crlf = s[i] == '\r' || s[i] == '\n';
		size_t used = crlf ? 1 : gl__bidi_at(s + i, n - i, shown);
		if (!used)
			used = gl__visible_at(s + i, n - i, shown);
		const char *out = crlf || !*shown ? s + i : shown;
		size_t len = out == shown ? strlen(shown) : used;
		for (size_t k = 0; k < len; k++)
			escape_byte(b, out[k], property);
		i += used;
	}
}

void gl__github_annotation(gl__buf *b, const char *prefix, const gl_finding *f)
{
	gl__buf_printf(b, "::%s file=", kind(f->severity));
	escape(b, prefix, 1);
	escape(b, f->file, 1);
	if (f->line)
		gl__buf_printf(b, ",line=%u", f->line);
	if (f->line && f->col)
		gl__buf_printf(b, ",col=%u", f->col);
	gl__buf_puts(b, ",title=");
	escape(b, gl_rule_id(f->rule), 1);
	gl__buf_puts(b, "%3A ");
	escape(b, gl_rule_title(f->rule), 1);
	gl__buf_puts(b, "::");
	escape(b, f->message, 0);
	if (f->owner) {
		gl__buf_puts(b, " (owner: ");
		escape(b, f->owner, 0);
		gl__buf_putc(b, ')');
	}
	gl__buf_putc(b, '\n');
}

/* One pass per (severity, blocking) class, most important first. */
static size_t annotate(gl__buf *b, const gl_run *run, gl_severity sev, size_t *shown)
{
	size_t hidden = 0;
	for (int blocking = 1; blocking >= 0; blocking--) {
		for (size_t i = 0; i < gl_run_nfindings(run); i++) {
			const gl_finding *f = gl_run_finding(run, i);
			if (!f->waived && f->severity == sev && gl_finding_blocks(run, f) == blocking) {
				if (*shown < SHOWN_PER_KIND) {
					gl__github_annotation(b, gl_run_worktree_prefix(run), f);
					++*shown;
				} else {
					hidden++;
				}
			}
		}
	}
	return hidden;
}

/* A revision or path, as a plain log line shows it safely. */
static void plain(gl__buf *b, const char *s)
{
	escape(b, s, 0);
}

/* Where the findings left out can be read: the job summary only when it
 * holds the gap list. */
static const char *elsewhere(gl_job_summary js)
{
	return js == GL_JOB_SUMMARY_WHOLE ? "see the job summary, or run"
	       : js == GL_JOB_SUMMARY_CUT ? "see the job summary (its gap list is cut at the 1 MiB "
	                                    "GitHub keeps), or run"
	       : js == GL_JOB_SUMMARY_FULL ? "the job summary had no room left for the gap list "
	                                     "(GitHub keeps 1 MiB), so run"
	                                   : "run";
}

int gl__report_github(const gl_run *run, const gl_report_opts *o, gl__buf *b)
{
	static const gl_severity order[] = {GL_SEV_ERROR, GL_SEV_WARNING, GL_SEV_INFO};
	size_t shown[3] = {0}, hidden = 0;
	for (size_t k = 0; k < 3; k++)
		hidden += annotate(b, run, order[k], &shown[k]);
	size_t n = shown[0] + shown[1] + shown[2], waived = 0;
	for (size_t i = 0; i < gl_run_nfindings(run); i++)
		waived += gl_run_finding(run, i)->waived != NULL;
	char also[160] = "";   /* waived findings are never annotated */
	if (waived)
		snprintf(also, sizeof also, " (%zu waived, not annotated)", waived);
	const char *rev, *fresh_only = "";
	size_t fresh, known, gone;
	if (gl_run_baseline(run, &rev, &fresh, &known, &gone)) {   /* what --baseline left out */
		snprintf(also + strlen(also), sizeof also - strlen(also),
		         " (%zu finding%s %.40s already had, not annotated)", known,
		         known == 1 ? "" : "s", rev);
		fresh_only = "new ";
	}
	gl__summary sum;   /* its plans: waivers.yaml is not one */
	gl__run_summary(run, &sum);
	const char *full = o->job_summary == GL_JOB_SUMMARY_FULL
	                       ? "; the job summary had no room left for the gap list (GitHub keeps "
	                         "1 MiB)" : "";
	gl__buf_puts(b, "govlint");
	gl__report_selection(b, run, " (", ")", plain);   /* a partial run says so */
	if (n == 0)
		gl__buf_printf(b, ": no %sfindings in %zu plan%s", fresh_only, sum.plans,
		               sum.plans == 1 ? "" : "s");
	else if (hidden == 0)
		gl__buf_printf(b, ": %zu %sfinding%s, all annotated", n, fresh_only,
		               n == 1 ? "" : "s");
	else
		gl__buf_printf(b, ": %zu more finding%s not annotated (GitHub shows %d per kind "
		               "per step)", hidden, hidden == 1 ? "" : "s", SHOWN_PER_KIND);
	if (hidden == 0 || n == 0)
		gl__buf_printf(b, "%s%s\n", also, full);
	else
		gl__buf_printf(b, "%s; %s govlint with --format sarif or --format markdown for the "
		               "full list\n", also, elsewhere(o->job_summary));
	return 0;
}
