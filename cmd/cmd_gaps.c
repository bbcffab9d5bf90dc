/* govlint gaps [PATH]: the committee gap list of one planning repository
 * (markdown by default, html for a printable page); exit codes as check. */
#include "cli.h"

#include <getopt.h>

static const char usage[] =
	"usage: govlint gaps [options] [PATH]\n"
	"\n"
	"Writes the gap list a governance committee reads before it approves a\n"
	"rollout: a readiness matrix (plans x areas), then each plan's blocking\n"
	"gaps and the rest as a checklist with who must act and where. PATH is\n"
	"the planning repository (default: the current folder). It is an evidence\n"
	"check, not a compliance certification.\n"
	"\n"
	"  govlint gaps --as-of 2026-12-01 > gaps.md\n"
	"  govlint gaps --format html --output readiness.html\n";

int cmd_gaps(int argc, char **argv)
{
	cli_opts o = {.run = GL_RUN_OPTS_INIT, .format = "markdown"};
	int rc = cli_parse_opts("gaps", usage, argc, argv, &o);
	if (rc)
		return rc < 0 ? EXIT_CLEAN : rc;
	if (argc - optind > 1)
		return cli_usage("gaps", "takes one PATH (the planning repository), not %d",
		                 argc - optind);
	return cli_check_report(&o, argv + optind, argc - optind);
}
