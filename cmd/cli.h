/* The command-line tool: one file per subcommand, all on the public API. */
#ifndef GL_CLI_H
#define GL_CLI_H

#include "govlint.h"

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_TROUBLE = 2 };

int cmd_check(int argc, char **argv);
int cmd_gaps(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_schema(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_hook(int argc, char **argv);

/* Prints "govlint: msg" to stderr; returns EXIT_TROUBLE. */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* 1 when any of argv[1..argc) is -h or --help: help wins wherever it is. */
int cli_asks_help(int argc, char **argv);
/* Prints the usage error and a pointer to --help; returns EXIT_TROUBLE. */
int cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Output to stdout, or to a file replaced atomically (temp file + rename,
 * never following a symlink at the destination), but written in place when
 * it is a device, a FIFO, or a link to the file stdout or stderr writes. While the temp file
 * exists, SIGHUP, SIGINT, SIGTERM and SIGXFSZ remove it before they end
 * the process. */
typedef struct cli_out {
	FILE *f;
	char *path;
	const char *tmp;   /* the temp file's name (a static buffer), or NULL */
} cli_out;
int cli_out_open(cli_out *o, const char *path);
int cli_out_commit(cli_out *o);   /* 0 ok; on failure the destination is untouched */
void cli_out_abort(cli_out *o);

/* The common options of check and gaps (options.c). */
#define CLI_FORMATS "text, json, sarif, junit, github, markdown or html"
typedef struct cli_opts {
	gl_run_opts run;
	const char *format, *output;   /* format: the command's default on entry */
	int quiet, no_color;
} cli_opts;
/* Parses argv into o; `usage` opens --help. Returns 0 (PATHs start at
 * optind), -1 after printing --help, or an exit code after a usage error. */
int cli_parse_opts(const char *cmd, const char *usage, int argc, char **argv, cli_opts *o);
/* Checks the plans at paths and writes the report (cmd_check.c); with
 * --format github and $GITHUB_STEP_SUMMARY set, appends the markdown gap
 * list there too. Returns the exit code. */
int cli_check_report(const cli_opts *o, char **paths, int npaths);

/* Opens a run on the given paths with the common options and checks it;
 * prints errors. Before checking, refuses (exit 2, nothing written) when
 * `output` (--output) or `summary` ($GITHUB_STEP_SUMMARY), when not NULL,
 * names a file the run reads: a plan, the roster, the config, ... */
int cli_open_run(gl_run **run, char **paths, int npaths, const gl_run_opts *o,
                 const char *output, const char *summary);

/* rules, explain and schema: -c/-h (and -f when `format` is not NULL), then
 * a run on "." that is opened, not checked; with the built-in packs' rule
 * examples when the output's format (a command without -f: "text") is
 * `examples`, the one that shows them (NULL: none does). Returns 0, -1
 * after printing --help, or an exit code. */
int cli_open_rules(const char *cmd, const char *usage_text, int argc, char **argv, gl_run **run,
                   int *first_arg, const char **format, const char *examples);

#endif
