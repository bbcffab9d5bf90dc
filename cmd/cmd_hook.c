/* govlint hook install|uninstall [PATH]: the git pre-commit hook. */
#include "cli.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char help[] =
	"usage: govlint hook install|uninstall [PATH]\n"
	"\n"
	"  install    writes a git pre-commit hook that runs `govlint check --staged\n"
	"             --since HEAD` (the plans the commit changes, as they stand in the\n"
	"             index; all of them when it changes the roster, config, waivers\n"
	"             or a pack) in the git repository holding PATH (default: the\n"
	"             current folder).\n"
	"             The hook checks the planning repository holding PATH, found\n"
	"             upwards as 'check' finds it (a folder with .govlint.yaml,\n"
	"             people.yaml or plans/; it may be a subfolder of the work tree);\n"
	"             without one, install refuses. core.hooksPath is honoured when the\n"
	"             repository's own config sets it; one from the global or system\n"
	"             config (also GIT_CONFIG_GLOBAL's, GIT_CONFIG_SYSTEM's or\n"
	"             GIT_CONFIG_COUNT's), a folder every repository runs hooks from,\n"
	"             is refused.\n"
	"             An existing pre-commit hook is never overwritten: it is kept as\n"
	"             pre-commit.govlint-chained and runs first; a commit goes through\n"
	"             only when both pass. Installing again changes nothing.\n"
	"  uninstall  removes govlint's hook and puts back, byte for byte, the hook that\n"
	"             was there before, if any (and the hooks folder, if install made\n"
	"             it and nothing else is in it).\n"
	"\n"
	"The hook runs this govlint binary by its absolute path. Users of the\n"
	"pre-commit framework add govlint from its .pre-commit-hooks.yaml instead.\n"
	"Exit codes: 0 done (or nothing to do), 2 not in a git repository, no\n"
	"planning repository (install), a bare repository, a shared (global or\n"
	"system) core.hooksPath, an unwritable hooks folder, or not installed\n"
	"(uninstall).\n";

/* The absolute path of this binary, or "govlint" (found on PATH). */
static const char *self(char *buf, size_t n)
{
	ssize_t k = readlink("/proc/self/exe", buf, n - 1);
	if (k <= 0 || (size_t)k >= n - 1)
		return "govlint";
	buf[k] = '\0';
	if (buf[0] != '/' || access(buf, X_OK) != 0)
		return "govlint";   /* e.g. "/path (deleted)" after a rebuild */
	return buf;
}

static int install(const char *path)
{
	char exe[PATH_MAX];
	const char *cmd = self(exe, sizeof exe);
	gl_err err = {{0}};
	char *from = NULL, *file = NULL;
	int rc = gl_hook_install(path, cmd, &from, &err);
	if (rc < 0 || gl_hook_file(path, &file, &err) < 0) {
		free(from);
		return cli_fail("%s", err.msg);
	}
	char where[PATH_MAX + 64];
	snprintf(where, sizeof where, *from ? "in %s/" : "at the top of the work tree", from);
	if (rc == GL_HOOK_UNCHANGED)
		printf("govlint's pre-commit hook is already installed: %s (it runs %s)\n", file,
		       where);
	else
		printf("%s the pre-commit hook %s: it runs '%s check --staged --since HEAD' %s.\n",
		       rc == GL_HOOK_UPDATED ? "Updated" : "Installed", file, cmd, where);
	free(from);
	if (rc == GL_HOOK_CHAINED)
		printf("The hook that was there is kept as pre-commit.govlint-chained and runs "
		       "first;\n'govlint hook uninstall' puts it back.\n");
	free(file);
	return EXIT_CLEAN;
}

static int uninstall(const char *path)
{
	gl_err err = {{0}};
	char *file = NULL;
	if (gl_hook_file(path, &file, &err) < 0)
		return cli_fail("%s", err.msg);
	int rc = gl_hook_uninstall(path, &err);
	if (rc < 0) {
		free(file);
		return cli_fail("%s", err.msg);
	}
	if (rc == GL_HOOK_RESTORED)
		printf("Removed govlint's pre-commit hook; the hook that was there before is back: "
		       "%s\n", file);
	else
		printf("Removed govlint's pre-commit hook %s\n", file);
	free(file);
	return EXIT_CLEAN;
}

int cmd_hook(int argc, char **argv)
{
	if (cli_asks_help(argc, argv)) {
		fputs(help, stdout);
		return EXIT_CLEAN;
	}
	for (int i = 1; i < argc; i++)
		if (argv[i][0] == '-' && argv[i][1])
			return cli_usage("hook", "unknown option '%s'", argv[i]);
	if (argc < 2)
		return cli_usage("hook", "say install or uninstall");
	if (argc > 3)
		return cli_usage("hook", "takes one folder");
	const char *path = argc > 2 ? argv[2] : ".";
	if (strcmp(argv[1], "install") == 0)
		return install(path);
	if (strcmp(argv[1], "uninstall") == 0)
		return uninstall(path);
	return cli_usage("hook", "unknown action '%s': say install or uninstall", argv[1]);
}
