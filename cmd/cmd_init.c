/* govlint init [DIR]: scaffold a planning repository. */
#include "cli.h"

#include <string.h>

static const char help[] =
	"usage: govlint init [DIR]\n"
	"\n"
	"Creates a planning repository in DIR (default: the current folder):\n"
	"  .govlint.yaml             the configuration, with every default spelled out\n"
	"  people.yaml               a roster of placeholder people to replace\n"
	"  plans/rollout-plan.yaml   a template plan, every block explained\n"
	"  .gitignore                ignores generated reports\n"
	"It never overwrites: if any of the first three exists, nothing is written;\n"
	"a .gitignore already there is kept as it is (add /reports/ to it), and a\n"
	"plans/ that is a symlink stops it (check would not enter it).\n"
	"Then replace each TBD; `govlint check` lists what is still missing.\n";

int cmd_init(int argc, char **argv)
{
	if (cli_asks_help(argc, argv)) {
		fputs(help, stdout);
		return EXIT_CLEAN;
	}
	for (int i = 1; i < argc; i++)   /* an option after the folder is still an option */
		if (argv[i][0] == '-' && argv[i][1])
			return cli_usage("init", "unknown option '%s'", argv[i]);
	if (argc > 2)
		return cli_usage("init", "takes one folder");
	const char *dir = argc > 1 ? argv[1] : ".";
	gl_err err = {{0}};
	int rc = gl_init(dir, &err);
	if (rc < 0)
		return cli_fail("%s", err.msg);
	int kept = rc == GL_INIT_KEPT_GITIGNORE;
	printf("Created a planning repository in %s: .govlint.yaml, people.yaml,\n"
	       "plans/rollout-plan.yaml%s. Replace each TBD, then run:\n"
	       "  govlint check %s\n", dir, kept ? "" : ", .gitignore", dir);
	if (kept)
		printf("The .gitignore there is kept as it was; add /reports/ to it to keep\n"
		       "generated reports out of git.\n");
	return EXIT_CLEAN;
}
