/* govlint: a table of subcommands; each lives in cmd_<name>.c. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

typedef struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
} command;

static const command commands[] = {
	{"check", cmd_check, "check plans against the policy rules"},
	{"gaps", cmd_gaps, "the committee gap list (markdown, html or any check format)"},
	{"rules", cmd_rules, "list the active rules"},
	{"explain", cmd_explain, "show one rule's rationale, help and examples"},
	{"init", cmd_init, "scaffold a planning repository (config, roster, template plan)"},
	{"hook", cmd_hook, "install or remove the git pre-commit hook"},
	{"schema", cmd_schema, "print the JSON Schema of a plan, for editors"},
	{"version", cmd_version, "print the version"},
	{NULL, NULL, NULL},
};

static void usage(FILE *f)
{
	fprintf(f, "usage: govlint <command> [options] [args]\n\n"
	           "govlint checks AI rollout plans for clinical imaging against governance\n"
	           "rules: every concern signed off by who raised it, security reviewed at the\n"
	           "data, algorithm and organisation levels, success measured for every group.\n\n"
	           "Commands:\n");
	for (const command *c = commands; c->name; c++)
		fprintf(f, "  %-10s %s\n", c->name, c->summary);
	fprintf(f, "\nRun 'govlint <command> --help' for a command's options.\n"
	           "Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage,\n"
	           "config, rule-pack or I/O error.\n");
}

int cli_fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("govlint: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return EXIT_TROUBLE;
}

int cli_asks_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			return 1;
	return 0;
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "govlint %s: ", cmd);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\nRun 'govlint %s --help' for usage.\n", cmd);
	va_end(ap);
	return EXIT_TROUBLE;
}

/* Whatever a command printed to stdout must have arrived: `govlint rules >
 * /dev/full` is an I/O error, not a success. */
static int finish(int rc)
{
	if (rc != EXIT_TROUBLE && (fflush(stdout) != 0 || ferror(stdout)))
		return cli_fail("cannot write to standard output: %s", strerror(errno));
	return rc;
}

static int run(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_TROUBLE;
	}
	/* `govlint help CMD` is `govlint CMD --help` */
	const char *name = strcmp(argv[1], "help") == 0 && argc > 2 ? argv[2] : argv[1];
	if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0 || strcmp(name, "help") == 0) {
		usage(stdout);
		return EXIT_CLEAN;
	}
	char *help[] = {(char *)name, "--help", NULL};
	if (strcmp(name, "--version") == 0)
		return name == argv[1] ? cmd_version(argc - 1, argv + 1) : cmd_version(1, help);
	for (const command *c = commands; c->name; c++)
		if (strcmp(name, c->name) == 0)
			return name == argv[1] ? c->fn(argc - 1, argv + 1) : c->fn(2, help);
	fprintf(stderr, "govlint: unknown command '%s'\n\n", name);
	usage(stderr);
	return EXIT_TROUBLE;
}

int main(int argc, char **argv)
{
	return finish(run(argc, argv));
}
