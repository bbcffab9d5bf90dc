/* govlint explain RULE-ID: why a rule exists, how to fix it, examples. */
#include "cli.h"

#include <string.h>
#include <strings.h>

static const char help[] =
	"usage: govlint explain [options] RULE-ID\n"
	"\n"
	"Prints a rule's title, area, severity and enforcement, what changes its\n"
	"severity by plan (severity_by_status, escalate) and who may approve a\n"
	"waiver of it (waiver_approvers), when its pack says so, its rationale (why\n"
	"a committee should care), how to fix a finding, and the rule's passing and\n"
	"failing example plans.\n"
	"\n"
	"Options:\n"
	"  -c, --config FILE   use FILE instead of the repository's .govlint.yaml (the\n"
	"                      paths it names are still relative to the repository)\n"
	"  -h, --help          this help\n";

/* Prints text indented, wrapped at 76 columns. */
static void para(const char *text)
{
	size_t col = 0;
	for (const char *p = text; *p;) {
		size_t w = strcspn(p, " \n");
		if (col && col + 1 + w > 76) {
			fputs("\n", stdout);
			col = 0;
		}
		printf("%s%.*s", col ? " " : "  ", (int)w, p);
		col += w + (col ? 1 : 2);
		p += w;
		if (*p == '\n' && p[1] == '\n') {
			fputs("\n\n", stdout);
			col = 0;
		}
		while (*p == ' ' || *p == '\n')
			p++;
	}
	fputs("\n", stdout);
}

static void examples(const gl_rule *r, const char *kind, const char *title)
{
	for (size_t i = 0; gl_rule_example(r, kind, i); i++) {
		printf("\n%s:\n", title);
		const char *ex = gl_rule_example(r, kind, i);
		for (const char *line = ex; *line;) {
			size_t n = strcspn(line, "\n");
			printf("    %.*s\n", (int)n, line);
			line += n + (line[n] == '\n');
		}
	}
}

/* The sources a rationale cites as [S12] or [GK], once each, in order. */
static void sources(const gl_rule *r)
{
	const char *seen[32];
	size_t n = 0;
	for (const char *p = gl_rule_rationale(r); (p = strchr(p, '[')) != NULL; p++) {
		char id[16];
		size_t len = strcspn(p + 1, " ]");
		if (len == 0 || len >= sizeof id)
			continue;
		memcpy(id, p + 1, len);
		id[len] = '\0';
		const char *cite = gl_rule_source(r, id);
		int dup = 0;
		for (size_t i = 0; i < n; i++)
			dup |= seen[i] == cite;
		if (!cite || dup || n == 32)
			continue;
		if (n == 0)
			printf("\nSources:\n");
		seen[n++] = cite;
		printf("  [%s] %s\n", id, cite);
	}
}

/* The active rule whose id is `id` but for case (ids are exact), or NULL. */
static const gl_rule *like(const gl_run *run, const char *id)
{
	const gl_rule *r;
	for (size_t i = 0; (r = gl_run_listed_rule(run, i)) != NULL; i++)
		if (gl_rule_active(r) && strcasecmp(gl_rule_id(r), id) == 0)
			return r;
	return NULL;
}

/* The rule's id and title, then its area, severity, enforcement and origin,
 * and for a `detects:` rule that never reports, which rule does instead. */
static void heading(const gl_rule *r)
{
	printf("%s: %s\n", gl_rule_id(r), gl_rule_title(r));
	printf("  area: %s, severity: %s", gl_rule_area(r), gl_severity_name(gl_rule_severity(r)));
	if (gl_rule_severity(r) != gl_rule_pack_severity(r))
		printf(" (set by the config; %s in the pack)",
		       gl_severity_name(gl_rule_pack_severity(r)));
	else if (gl_rule_severity_by_config(r))
		printf(" (set by the config)");
	printf(", enforcement: %s, ", gl_enforcement_name(gl_rule_enforcement(r)));
	const gl_rule *by = gl_rule_shadowed_by(r);
	if (gl_rule_pack(r))
		printf("pack: %s%s\n", gl_rule_pack(r),
		       gl_rule_active(r) || by ? "" : " (switched off by the config)");
	else
		printf("built into govlint (no active pack has a 'detects: %s' rule)\n",
		       gl_rule_detects(r));
	if (by) {
		char line[600];
		snprintf(line, sizeof line, "never reports: %s of pack %s, listed before pack %s in "
		         "packs:, detects %s first (only the first such rule in pack order reports); "
		         "list pack %s first to use this rule", gl_rule_id(by), gl_rule_pack(by),
		         gl_rule_pack(r), gl_rule_detects(r), gl_rule_pack(r));
		para(line);
	}
}

/* What the pack says changes the rule's severity from plan to plan (the
 * rule's map, escalate, the pack's map, in the order they apply; and that a
 * severity the config sets replaces them), and who may approve a waiver of
 * it: one line each. */
static void settings(const gl_rule *r)
{
	const char *replaced = gl_rule_severity_by_config(r) ? " (the config's severity replaces it)" : "";
	gl_severity sev;
	const char *s;
	for (size_t i = 0; (s = gl_rule_status_severity(r, i, &sev)) != NULL; i++)
		printf("%s%s: %s", i ? ", " : "  severity by plan status: ", s, gl_severity_name(sev));
	if (gl_rule_status_severity(r, 0, &sev))
		printf("%s\n", replaced);
	if ((s = gl_rule_escalate(r, &sev)) != NULL) {
		char line[1200];
		snprintf(line, sizeof line, "escalates to %s on plans where: %s%s", gl_severity_name(sev),
		         s, replaced);
		para(line);
	}
	gl_severity from;
	for (size_t i = 0; (s = gl_rule_pack_status_severity(r, i, &from, &sev)) != NULL; i++)
		printf("%s%s: %s -> %s", i ? ", " : "  the pack's severity by plan status: ", s,
		       gl_severity_name(from), gl_severity_name(sev));
	if (gl_rule_pack_status_severity(r, 0, &from, &sev))
		printf("%s\n", replaced);
	for (size_t i = 0; (s = gl_rule_waiver_approver(r, i)) != NULL; i++)
		printf("%s%s", i ? ", " : "  waiver approvers: ", s);
	if (gl_rule_waiver_approver(r, 0))
		fputs(" (instead of the config's)\n", stdout);
}

int cmd_explain(int argc, char **argv)
{
	gl_run *run;
	int first = 0;
	int rc = cli_open_rules("explain", help, argc, argv, &run, &first, NULL, "text");
	if (rc)
		return rc < 0 ? EXIT_CLEAN : rc;
	if (argc - first != 1) {
		gl_run_free(run);
		return cli_usage("explain", "takes one rule id, e.g. govlint explain GOV-CON-003");
	}
	const gl_rule *r = gl_run_find_rule(run, argv[first]);
	if (!r) {
		const gl_rule *near = like(run, argv[first]);
		if (near)
			rc = cli_fail("no active rule has the id '%s'; did you mean %s?", argv[first],
			              gl_rule_id(near));
		else
			rc = cli_fail("no active rule has the id '%s' (see 'govlint rules')", argv[first]);
		gl_run_free(run);
		return rc;
	}
	heading(r);
	settings(r);
	printf("\nWhy:\n");
	para(gl_rule_rationale(r));
	sources(r);
	printf("\nHow to fix:\n");
	para(gl_rule_help(r));
	examples(r, "pass", "Passes");
	examples(r, "fail", "Fails");
	gl_run_free(run);
	return EXIT_CLEAN;
}
