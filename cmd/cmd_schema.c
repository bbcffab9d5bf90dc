/* govlint schema: the JSON Schema of a plan, for editors. */
#include "cli.h"

static const char help[] =
	"usage: govlint schema [options]\n"
	"\n"
	"Prints the JSON Schema (draft 2020-12) of a rollout plan, so editors\n"
	"complete and explain plan fields. The allowed values (statuses, roles, ...)\n"
	"are the vocabularies of the first pack in packs: that has each; the\n"
	"built-in clinical-imaging pack must be among the packs. For\n"
	"yaml-language-server (VS Code's YAML extension), save it and point plans\n"
	"at it:\n"
	"\n"
	"  govlint schema > plan.schema.json\n"
	"  # yaml-language-server: $schema=../plan.schema.json   (first line of a plan)\n"
	"\n"
	"Options:\n"
	"  -c, --config FILE   use FILE instead of the repository's .govlint.yaml (the\n"
	"                      paths it names are still relative to the repository)\n"
	"  -h, --help          this help\n";

int cmd_schema(int argc, char **argv)
{
	gl_run *run;
	int first = 0;
	int rc = cli_open_rules("schema", help, argc, argv, &run, &first, NULL, NULL);
	if (rc)
		return rc < 0 ? EXIT_CLEAN : rc;
	gl_err err;
	if (argc - first > 0)
		rc = cli_usage("schema", "takes no arguments");
	else if (gl_schema(run, stdout, &err) != 0)
		rc = cli_fail("%s", err.msg);
	gl_run_free(run);
	return rc;
}
