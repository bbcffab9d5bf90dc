/* The options check and gaps share: one parser, one help text. */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void help(FILE *f, const char *usage, const char *default_format)
{
	fputs(usage, f);
	fprintf(f,
	        "\n"
	        "Options:\n"
	        "  -f, --format FMT     text, json, sarif, junit, github, markdown, html\n"
	        "                       (default: %s)\n"
	        "  -o, --output FILE    write the report to FILE (replaced atomically); never\n"
	        "                       over a file the run reads (plan, roster, config, ...)\n"
	        "                       nor in the git directory\n"
	        "  -c, --config FILE    use FILE instead of ROOT/.govlint.yaml (the paths it\n"
	        "                       names are still relative to ROOT, not to FILE)\n"
	        "      --fail-on SEV    exit 1 on findings at or above error (default),\n"
	        "                       warning or info; never: always exit 0\n"
	        "      --as-of DATE     evaluate dates against DATE (YYYY-MM-DD), not today\n"
	        "      --no-waivers     ignore waivers.yaml: every gap as if none were waived\n"
	        "      --staged         check what is staged in the git index (plans, roster,\n"
	        "                       config, waivers; a file PATH too), not the working tree\n"
	        "      --since REV      only plans changed since the merge base of REV and HEAD\n"
	        "                       (all plans when the roster, config, waivers or a pack\n"
	        "                       changed)\n"
	        "      --baseline REV   report only gaps REV did not have, or had only waived\n"
	        "                       (same rule, plan, place and value: moved lines and\n"
	        "                       reordered list items do not make a gap new)\n"
	        "      --shard K/N      check part K of N (a stable split by path, for CI\n"
	        "                       matrices: the N parts together check every plan once)\n"
	        "  -j, --jobs N         check N plans at a time (default: one per CPU, at most 8)\n"
	        "  -q, --quiet          no summary line (text) and no notes on stderr\n"
	        "      --no-color       no colour, even on a terminal (also NO_COLOR=1)\n"
	        "  -h, --help           this help\n"
	        "\n"
	        "With --format github and $GITHUB_STEP_SUMMARY set, the markdown gap list\n"
	        "is also appended to that file (the job summary).\n"
	        "\n"
	        "Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it;\n"
	        "2 usage, config, rule-pack or I/O error.\n",
	        default_format);
}

enum { O_FAIL_ON = 256, O_AS_OF, O_NO_COLOR, O_NO_WAIVERS, O_STAGED, O_SINCE, O_BASELINE,
       O_SHARD };

static const struct option longs[] = {
	{"format", required_argument, NULL, 'f'}, {"output", required_argument, NULL, 'o'},
	{"config", required_argument, NULL, 'c'}, {"fail-on", required_argument, NULL, O_FAIL_ON},
	{"as-of", required_argument, NULL, O_AS_OF}, {"jobs", required_argument, NULL, 'j'},
	{"quiet", no_argument, NULL, 'q'},        {"no-color", no_argument, NULL, O_NO_COLOR},
	{"help", no_argument, NULL, 'h'},         {"no-waivers", no_argument, NULL, O_NO_WAIVERS},
	{"staged", no_argument, NULL, O_STAGED},  {"since", required_argument, NULL, O_SINCE},
	{"baseline", required_argument, NULL, O_BASELINE},
	{"shard", required_argument, NULL, O_SHARD},
	{NULL, 0, NULL, 0},
};

/* Digits only (no sign, space or wrap-around), at most max; advances *s.
 * 0, or -1 when there are no digits or the number is above max. */
static int whole(const char **s, unsigned long max, unsigned long *v)
{
	const char *p = *s;
	for (*v = 0; *p >= '0' && *p <= '9'; p++) {
		*v = *v * 10 + (unsigned long)(*p - '0');
		if (*v > max)
			return -1;
	}
	if (p == *s)
		return -1;
	*s = p;
	return 0;
}

/* One option with a value that needs checking; 0 or an exit code. */
static int valued(const char *cmd, int c, cli_opts *o)
{
	const char *p = optarg;
	unsigned long k, n;
	if (c == O_AS_OF && !gl_date_valid(optarg))
		return cli_usage(cmd, "--as-of takes a date as YYYY-MM-DD, not '%s'", optarg);
	if (c == O_AS_OF)
		o->run.as_of = optarg;
	if (c == O_SHARD) {
		if (whole(&p, 10000, &k) || *p++ != '/' || whole(&p, 10000, &n) || *p || k < 1 || k > n)
			return cli_usage(cmd, "--shard takes K/N with 1 <= K <= N <= 10000, not '%s'",
			                 optarg);
		o->run.shard_k = (unsigned)k;
		o->run.shard_n = (unsigned)n;
	}
	if (c == O_FAIL_ON && gl_severity_parse(optarg, &o->run.fail_on))
		return cli_usage(cmd, "--fail-on takes error, warning, info or never, not '%s'", optarg);
	if (c == 'j') {
		if (whole(&p, 1024, &n) || *p || n < 1)
			return cli_usage(cmd, "--jobs takes a number from 1 to 1024, not '%s'", optarg);
		o->run.jobs = (int)n;
	}
	return 0;
}

/* The long name of option c of `opts` when it was given an empty value
 * (-o "", --since=), or NULL. */
static const char *empty_value(const struct option *opts, int c)
{
	if (!optarg || *optarg)
		return NULL;
	for (size_t i = 0; opts[i].name; i++)
		if (opts[i].val == c)
			return opts[i].name;
	return NULL;
}

int cli_parse_opts(const char *cmd, const char *usage, int argc, char **argv, cli_opts *o)
{
	const char *default_format = o->format;
	opterr = 0;
	optind = 1;
	int c, rc;
	while ((c = getopt_long(argc, argv, ":f:o:c:j:qh", longs, NULL)) != -1) {
		const char *empty = empty_value(longs, c);
		if (empty)
			return cli_usage(cmd, "--%s needs a value, not an empty one", empty);
		switch (c) {
		case 'f': o->format = optarg; break;
		case 'o': o->output = optarg; break;
		case 'c': o->run.config = optarg; break;
		case 'q': o->quiet = 1; break;
		case O_NO_COLOR: o->no_color = 1; break;
		case O_NO_WAIVERS: o->run.no_waivers = 1; break;
		case O_STAGED: o->run.staged = 1; break;
		case O_SINCE: o->run.since = optarg; break;
		case O_BASELINE: o->run.baseline = optarg; break;
		case 'h': help(stdout, usage, default_format); return -1;
		case O_AS_OF:
		case O_SHARD:
		case O_FAIL_ON:
		case 'j':
			if ((rc = valued(cmd, c, o)))
				return rc;
			break;
		case ':': return cli_usage(cmd, "%s needs a value", argv[optind - 1]);
		default: return cli_usage(cmd, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (!gl_report_known(o->format))
		return cli_usage(cmd, "unknown format '%s' (%s)", o->format, CLI_FORMATS);
	return 0;
}

int cli_open_rules(const char *cmd, const char *usage_text, int argc, char **argv, gl_run **run,
                   int *first_arg, const char **format, const char *examples)
{
	static const struct option opts[] = {
		{"config", required_argument, NULL, 'c'}, {"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0}};
	gl_run_opts o = GL_RUN_OPTS_INIT;
	opterr = 0;
	optind = 1;
	int c;
	while ((c = getopt_long(argc, argv, format ? ":c:f:h" : ":c:h", opts, NULL)) != -1) {
		const char *empty = c != 'f' || format ? empty_value(opts, c) : NULL;
		if (empty)
			return cli_usage(cmd, "--%s needs a value, not an empty one", empty);
		if (c == 'c')
			o.config = optarg;
		else if (c == 'f' && format)
			*format = optarg;
		else if (c == 'h')
			return fputs(usage_text, stdout), -1;
		else if (c == ':')
			return cli_usage(cmd, "%s needs a value", argv[optind - 1]);
		else if (c == 'f')   /* a command with one output (schema, explain) */
			return cli_usage(cmd, "unknown option '--format'");
		else
			return cli_usage(cmd, "unknown option '%s'", argv[optind - 1]);
	}
	*first_arg = optind;
	o.want_examples = examples && strcmp(format ? *format : "text", examples) == 0;
	gl_err err;
	const char *here = ".";
	if (gl_run_open(run, &here, 1, &o, &err) != 0) {
		gl_run_free(*run);
		return cli_fail("%s", err.msg);
	}
	return 0;
}
