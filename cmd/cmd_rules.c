/* govlint rules [PATH]: the active rules of a planning repository. */
#include "cli.h"

#include <getopt.h>
#include <string.h>

static const char help[] =
	"usage: govlint rules [options] [PATH]\n"
	"\n"
	"Lists the rules active in the planning repository at PATH (default: the\n"
	"current folder): the built-in pack and any packs its .govlint.yaml adds.\n"
	"Columns: id, area, severity, enforcement, title.\n"
	"\n"
	"Options:\n"
	"  -c, --config FILE   use FILE instead of ROOT/.govlint.yaml\n"
	"  -h, --help          this help\n";

int cli_open_rules(const char *cmd, const char *usage_text, int argc, char **argv, gl_run **run,
                   int *first_arg)
{
	static const struct option longs[] = {
		{"config", required_argument, NULL, 'c'}, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
	gl_run_opts o = GL_RUN_OPTS_INIT;
	opterr = 0;
	optind = 1;
	int c;
	while ((c = getopt_long(argc, argv, ":c:h", longs, NULL)) != -1) {
		if (c == 'c')
			o.config = optarg;
		else if (c == 'h')
			return fputs(usage_text, stdout), -1;
		else if (c == ':')
			return cli_usage(cmd, "%s needs a value", argv[optind - 1]);
		else
			return cli_usage(cmd, "unknown option '%s'", argv[optind - 1]);
	}
	*first_arg = optind;
	gl_err err;
	const char *here = ".";
	if (gl_run_open(run, &here, 1, &o, &err) != 0) {
		gl_run_free(*run);
		return cli_fail("%s", err.msg);
	}
	return 0;
}

int cmd_rules(int argc, char **argv)
{
	gl_run *run;
	int first;
	int rc = cli_open_rules("rules", help, argc, argv, &run, &first);
	if (rc)
		return rc < 0 ? EXIT_CLEAN : rc;
	if (argc - first > 0) {
		gl_run_free(run);
		return cli_usage("rules", "takes no arguments (run it inside the repository)");
	}
	printf("%-13s %-14s %-8s %-12s %s\n", "ID", "AREA", "SEVERITY", "ENFORCEMENT", "TITLE");
	for (size_t i = 0; i < gl_run_nrules(run); i++) {
		const gl_rule *r = gl_run_rule(run, i);
		printf("%-13s %-14s %-8s %-12s %s\n", gl_rule_id(r), gl_rule_area(r),
		       gl_severity_name(gl_rule_severity(r)), gl_enforcement_name(gl_rule_enforcement(r)),
		       gl_rule_title(r));
	}
	gl_run_free(run);
	return EXIT_CLEAN;
}
