/* govlint check [PATH...]: check plans, report findings, exit 0/1/2. */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char help[] =
	"usage: govlint check [options] [PATH...]\n"
	"\n"
	"Checks every rollout plan of a planning repository against the active\n"
	"policy rules. PATH is the repository root, a folder or plan files in it\n"
	"(default: the current folder); the root is the nearest folder, from PATH\n"
	"upwards, holding .govlint.yaml, people.yaml, plans/ or .git.\n"
	"\n"
	"Options:\n"
	"  -f, --format FMT     text (default) or json\n"
	"  -o, --output FILE    write the report to FILE (replaced atomically)\n"
	"  -c, --config FILE    use FILE instead of ROOT/.govlint.yaml\n"
	"      --fail-on SEV    exit 1 on findings at or above error (default),\n"
	"                       warning or info; never: always exit 0\n"
	"      --as-of DATE     evaluate dates against DATE (YYYY-MM-DD), not today\n"
	"  -j, --jobs N         check N plans at a time (default: one per CPU)\n"
	"  -q, --quiet          text: no summary line\n"
	"      --no-color       no colour, even on a terminal (also NO_COLOR=1)\n"
	"  -h, --help           this help\n"
	"\n"
	"Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it;\n"
	"2 usage, config, rule-pack or I/O error.\n";

typedef struct opts {
	gl_run_opts run;
	const char *format, *output;
	int quiet, no_color;
} opts;

enum { O_FAIL_ON = 256, O_AS_OF, O_NO_COLOR };

static int parse(int argc, char **argv, opts *o)
{
	static const struct option longs[] = {
		{"format", required_argument, NULL, 'f'}, {"output", required_argument, NULL, 'o'},
		{"config", required_argument, NULL, 'c'}, {"fail-on", required_argument, NULL, O_FAIL_ON},
		{"as-of", required_argument, NULL, O_AS_OF}, {"jobs", required_argument, NULL, 'j'},
		{"quiet", no_argument, NULL, 'q'},        {"no-color", no_argument, NULL, O_NO_COLOR},
		{"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
	};
	opterr = 0;
	optind = 1;
	int c;
	while ((c = getopt_long(argc, argv, ":f:o:c:j:qh", longs, NULL)) != -1) {
		char *end;
		switch (c) {
		case 'f': o->format = optarg; break;
		case 'o': o->output = optarg; break;
		case 'c': o->run.config = optarg; break;
		case 'q': o->quiet = 1; break;
		case O_NO_COLOR: o->no_color = 1; break;
		case O_AS_OF: o->run.as_of = optarg; break;
		case 'h': fputs(help, stdout); return -1;
		case O_FAIL_ON:
			if (gl_severity_parse(optarg, &o->run.fail_on))
				return cli_usage("check", "--fail-on takes error, warning, info or never, not '%s'", optarg);
			break;
		case 'j':
			o->run.jobs = (int)strtol(optarg, &end, 10);
			if (*end || o->run.jobs < 1 || o->run.jobs > 1024)
				return cli_usage("check", "--jobs takes a number from 1 to 1024, not '%s'", optarg);
			break;
		case ':': return cli_usage("check", "%s needs a value", argv[optind - 1]);
		default: return cli_usage("check", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (!gl_report_known(o->format))
		return cli_usage("check", "unknown format '%s' (text, json)", o->format);
	return 0;
}

int cli_open_run(gl_run **run, char **paths, int npaths, const gl_run_opts *o)
{
	gl_err err;
	if (gl_run_open(run, (const char *const *)paths, (size_t)npaths, o, &err) != 0 ||
	    gl_run_check(*run, &err) != 0) {
		gl_run_free(*run);
		*run = NULL;
		return cli_fail("%s", err.msg);
	}
	return 0;
}

int cmd_check(int argc, char **argv)
{
	opts o = {.run = GL_RUN_OPTS_INIT, .format = "text"};
	int rc = parse(argc, argv, &o);
	if (rc)
		return rc < 0 ? EXIT_CLEAN : rc;
	gl_run *run;
	if (cli_open_run(&run, argv + optind, argc - optind, &o.run))
		return EXIT_TROUBLE;
	gl_report_opts ro = {0};
	ro.quiet = o.quiet;
	ro.color = !o.no_color && !getenv("NO_COLOR") && !o.output && isatty(STDOUT_FILENO);
	cli_out out;
	gl_err err;
	rc = cli_out_open(&out, o.output);
	if (rc == 0 && gl_report(run, o.format, &ro, out.f, &err) != 0) {
		cli_out_abort(&out);
		rc = cli_fail("%s", err.msg);
	} else if (rc == 0) {
		rc = cli_out_commit(&out);
	}
	if (rc == 0)
		rc = gl_run_failed(run) ? EXIT_FINDINGS : EXIT_CLEAN;
	gl_run_free(run);
	return rc;
}
