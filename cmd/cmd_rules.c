/* govlint rules: the active rules of a planning repository. */
#include "cli.h"

#include <string.h>

static const char help[] =
	"usage: govlint rules [options]\n"
	"\n"
	"Lists the rules active in the planning repository holding the current\n"
	"folder (its root found upwards, as check finds it): the clinical-imaging\n"
	"pack's, or those of the packs its .govlint.yaml lists under packs:. When\n"
	"no pack has a detects: rule for invalid YAML, duplicate keys, waivers or\n"
	"duplicate plan ids, govlint reports them under rules of its own, listed\n"
	"after the packs' and marked (built in). Rules the config switches off, and\n"
	"a detects: rule that an earlier pack's rule detecting the same shadows,\n"
	"are left out (govlint explain RULE-ID says why).\n"
	"Columns: id, area, severity, enforcement, title.\n"
	"\n"
	"Options:\n"
	"  -f, --format FMT    text (default) or markdown: the full rule reference,\n"
	"                      as in docs/rules.md (rationale, help, examples, sources)\n"
	"  -c, --config FILE   use FILE instead of the repository's .govlint.yaml (the\n"
	"                      paths it names are still relative to the repository)\n"
	"  -h, --help          this help\n";

/* The id column as wide as the longest id (at least 13): a local pack's ids
 * may be longer than the built-in ones. Areas are a fixed set. */
static void table(const gl_run *run)
{
	int wid = 13;
	const gl_rule *r;
	for (size_t i = 0; (r = gl_run_listed_rule(run, i)) != NULL; i++)
		if (gl_rule_active(r) && (int)strlen(gl_rule_id(r)) > wid)
			wid = (int)strlen(gl_rule_id(r));
	printf("%-*s %-14s %-8s %-12s %s\n", wid, "ID", "AREA", "SEVERITY", "ENFORCEMENT", "TITLE");
	for (size_t i = 0; (r = gl_run_listed_rule(run, i)) != NULL; i++)
		if (gl_rule_active(r))
			printf("%-*s %-14s %-8s %-12s %s%s\n", wid, gl_rule_id(r), gl_rule_area(r),
			       gl_severity_name(gl_rule_severity(r)),
			       gl_enforcement_name(gl_rule_enforcement(r)), gl_rule_title(r),
			       gl_rule_pack(r) ? "" : " (built in)");
}

int cmd_rules(int argc, char **argv)
{
	gl_run *run;
	int first = 0;
	const char *format = "text";
	int rc = cli_open_rules("rules", help, argc, argv, &run, &first, &format, "markdown");
	if (rc)
		return rc < 0 ? EXIT_CLEAN : rc;
	gl_err err;
	if (argc - first > 0)
		rc = cli_usage("rules", "takes no arguments (run it inside the repository)");
	else if (strcmp(format, "markdown") == 0)
		rc = gl_rules_doc(run, stdout, &err) ? cli_fail("%s", err.msg) : EXIT_CLEAN;
	else if (strcmp(format, "text") == 0)
		table(run);
	else
		rc = cli_usage("rules", "unknown format '%s' (text, markdown)", format);
	gl_run_free(run);
	return rc;
}
