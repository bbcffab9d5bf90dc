/* govlint version */
#include "cli.h"

#include <string.h>

int cmd_version(int argc, char **argv)
{
	if (cli_asks_help(argc, argv)) {
		puts("usage: govlint version\n\nPrints govlint's version and its built-in rule packs.");
		return EXIT_CLEAN;
	}
	if (argc > 1 && argv[1][0] == '-')
		return cli_usage("version", "unknown option '%s'", argv[1]);
	if (argc > 1)
		return cli_usage("version", "takes no arguments");
	printf("govlint %s\n", GL_VERSION);
	for (const char *const *p = gl_builtin_packs(); *p; p++)
		printf("built-in pack: %s\n", *p);
	return EXIT_CLEAN;
}
