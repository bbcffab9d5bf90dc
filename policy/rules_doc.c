/* The rule reference (docs/rules.md) rendered from the active packs, so the
 * documentation is generated from the same YAML the checker runs; rules the
 * config switches off, or that an earlier pack's `detects:` rule shadows,
 * are left out, severities are the config's. The
 * engine's built-in rules the run reports under come last. */
#include "internal.h"

#include <string.h>

/* Text in a table cell: a '|' would end the cell. */
static void cell(gl__buf *b, const char *s)
{
	for (size_t n; *s; s += n) {
		n = strcspn(s, "|");
		gl__buf_put(b, s, n);
		if (s[n] == '|')
			gl__buf_puts(b, "\\|"), n++;
	}
}

static void table(gl__buf *b, const gl_run *run)
{
	gl__buf_puts(b, "| id | area | severity | enforcement | title |\n|---|---|---|---|---|\n");
	const gl_rule *r;
	for (size_t i = 0; (r = gl_run_listed_rule(run, i)) != NULL; i++) {
		if (!gl_rule_active(r))
			continue;
		gl__buf_printf(b, "| [%s](#%s) | %s | %s | %s | ", r->id, r->id, r->area,
		               gl_severity_name(gl_rule_severity(r)), gl_enforcement_name(r->enforcement));
		cell(b, r->title);
		gl__buf_puts(b, r->pack_name ? " |\n" : " (built in) |\n");
	}
}

static void code(gl__buf *b, const char *title, const char *yaml)
{
	gl__buf_printf(b, "\n%s:\n\n```yaml\n%s", title, yaml);
	if (!*yaml || yaml[strlen(yaml) - 1] != '\n')
		gl__buf_putc(b, '\n');
	gl__buf_puts(b, "```\n");
}

/* After the severity: that the config sets it, and what the pack says
 * (its severity, by plan status), in one parenthesis. */
static void severity_note(gl__buf *b, const gl_rule *r)
{
	int config = r->config_sev >= 0, other = config && (gl_severity)r->config_sev != r->severity;
	if (!config && !r->nsevmap)
		return;
	gl__buf_puts(b, config ? " (set by the config" : " (");
	if (other)
		gl__buf_printf(b, "; %s in the pack", gl_severity_name(r->severity));
	if (r->nsevmap)
		gl__buf_puts(b, other ? " and by plan status:" : config ? "; in the pack by plan status:"
		                                                        : "by plan status:");
	for (size_t i = 0; i < r->nsevmap; i++)
		gl__buf_printf(b, "%s %s: %s", i ? "," : "", r->sevmap[i].status,
		               gl_severity_name(r->sevmap[i].sev));
	gl__buf_puts(b, ")");
}

static void escalation(gl__buf *b, const gl_rule *r)
{
	if (r->escalate_text)
		gl__buf_printf(b, " Escalated to **%s** on plans where `%s`%s.",
		               gl_severity_name(r->escalate_to), r->escalate_text,
		               r->config_sev >= 0 ? " (the config's severity replaces it)" : "");
}

static void status_map(gl__buf *b, const gl_rule *r)
{
	gl_severity from, to;
	const char *s;
	for (size_t i = 0; (s = gl_rule_pack_status_severity(r, i, &from, &to)) != NULL; i++)
		gl__buf_printf(b, " On plans whose status is `%s`, %s findings are reported as **%s** "
		               "(the pack's `severity_by_status`%s).", s, gl_severity_name(from),
		               gl_severity_name(to),
		               r->config_sev >= 0 ? "; the config's severity replaces it" : "");
}

static void approvers(gl__buf *b, const gl_rule *r)
{
	for (size_t i = 0; i < r->nwaiver_roles; i++)
		gl__buf_printf(b, "%s%s", i ? ", " : " Waiver approvers: ", r->waiver_roles[i]);
	if (r->nwaiver_roles)
		gl__buf_puts(b, " (instead of the config's `waiver_approvers`).");
}

/* Length of s without its trailing white space (folded YAML ends in \n). */
static int trimmed(const char *s)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
		n--;
	return (int)n;
}

static void rule(gl__buf *b, const gl_rule *r)
{
	gl__buf_printf(b, "\n<a id=\"%s\"></a>\n### %s: %s\n\n", r->id, r->id, r->title);
	gl__buf_printf(b, "Area **%s**, severity **%s**", r->area,
	               gl_severity_name(gl_rule_severity(r)));
	severity_note(b, r);
	gl__buf_printf(b, ", enforcement **%s**, ", gl_enforcement_name(r->enforcement));
	if (r->pack_name)
		gl__buf_printf(b, "pack %s.", r->pack_name);
	else
		gl__buf_printf(b, "built into govlint (no active pack has a `detects: %s` rule).",
		               r->detects);
	escalation(b, r);
	status_map(b, r);
	approvers(b, r);
	gl__buf_puts(b, "\n\n");
	gl__buf_printf(b, "**Why.** %.*s\n\n**How to fix.** %.*s\n", trimmed(r->rationale),
	               r->rationale, trimmed(r->help), r->help);
	for (size_t i = 0; i < r->npass; i++)
		code(b, "Passes", r->pass[i]);
	for (size_t i = 0; i < r->nfail; i++)
		code(b, "Fails", r->fail[i]);
}

static void sources(gl__buf *b, const gl_run *run)
{
	const gl__pack_data *last = NULL;
	for (size_t i = 0; i < gl_run_nrules(run); i++) {
		const gl__pack_data *p = gl_run_rule(run, i)->pack;
		if (!p || p == last || !p->sources)
			continue;
		last = p;
		gl__buf_printf(b, "\n## Sources of the %s pack\n\n", p->name);
		for (size_t k = 0; k + 1 < p->sources->n; k += 2)
			gl__buf_printf(b, "- **[%s]** %s\n", gl__scalar_text(p->sources->items[k]),
			               gl__scalar_text(p->sources->items[k + 1]));
	}
}

int gl_rules_doc(const gl_run *run, FILE *f, gl_err *err)
{
	gl__buf b = {0};
	gl__buf_puts(&b, "# Rule reference\n\n"
	                 "Generated by `govlint rules --format markdown` from the active rule packs:\n"
	                 "do not edit; change the pack's YAML and regenerate (`make docs`).\n"
	                 "govlint checks evidence written in plans; it does not certify compliance.\n\n");
	table(&b, run);
	const gl_rule *r;
	for (size_t i = 0; (r = gl_run_listed_rule(run, i)) != NULL; i++)
		if (gl_rule_active(r))   /* the rules that report, as the config leaves them */
			rule(&b, r);
	sources(&b, run);
	return gl__buf_finish(&b, f, "the rule reference", err);   /* written whole once built */
}
