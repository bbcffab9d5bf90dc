/* govlint check [PATH...]: check plans, report findings, exit 0/1/2. */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
	"usage: govlint check [options] [PATH...]\n"
	"\n"
	"Checks every rollout plan of a planning repository against the active\n"
	"policy rules. PATH is the repository root, a folder or plan files in it\n"
	"(default: the current folder); the root is the nearest folder, from PATH\n"
	"upwards, holding .govlint.yaml, people.yaml, plans/ or .git.\n";

/* A report written over a file the run reads would destroy an input
 * (SPEC 8: govlint never writes to plan files). `name` and `sep` say how
 * the user named the target: "--output" " ", "GITHUB_STEP_SUMMARY" "=". */
static int refuse_input(const gl_run *run, const char *name, const char *sep, const char *path)
{
	gl_err err;
	const char *what;
	if (!path || strcmp(path, "-") == 0)
		return 0;
	int rc = gl_run_reads(run, path, &what, &err);
	if (rc < 0)
		return cli_fail("%s", err.msg);
	return rc ? cli_fail("%s%s%s is a file govlint reads (%s); choose another path", name, sep,
	                     path, what)
	          : 0;
}

int cli_open_run(gl_run **run, char **paths, int npaths, const gl_run_opts *o,
                 const char *output, const char *summary)
{
	gl_err err;
	int rc = 0;
	if (gl_run_open(run, (const char *const *)paths, (size_t)npaths, o, &err) != 0)
		rc = cli_fail("%s", err.msg);
	else if (refuse_input(*run, "--output", " ", output) ||
	         refuse_input(*run, "GITHUB_STEP_SUMMARY", "=", summary))
		rc = EXIT_TROUBLE;
	else if (gl_run_check(*run, &err) != 0)
		rc = cli_fail("%s", err.msg);
	if (rc) {
		gl_run_free(*run);
		*run = NULL;
	}
	return rc;
}

/* GitHub keeps a step's summary only up to 1 MiB: a longer gap list is cut
 * at a line, with a note, so the page shows the matrix and the first plans
 * rather than nothing; the note says when not even the matrix's first row
 * fits. */
#define SUMMARY_MAX (1u << 20)
static const char cut_note[] =
	"\n*The gap list is cut here: GitHub keeps at most 1 MiB of a job summary. "
	"Run `govlint gaps` for the whole list.*\n";
static const char cut_row_note[] =
	"\n*The gap list is cut here, before the first row of its matrix: that row alone is "
	"longer than the 1 MiB GitHub keeps of a job summary. Run `govlint gaps` for the whole "
	"list.*\n";

/* 1 when text[0..keep) ends before the matrix's first row does. */
static int before_first_row(const char *text, size_t keep)
{
	const char *sep = strstr(text, "\n| --- |");
	const char *row = sep ? strchr(sep + 1, '\n') : NULL;
	const char *end = row ? strchr(row + 1, '\n') : NULL;
	return end && (size_t)(end - text) >= keep;
}

/* The markdown gap list, fit for a job summary; malloc'd, NULL with err. */
static char *summary_text(const gl_run *run, size_t *len, gl_err *err)
{
	char *text = NULL;
	FILE *mem = open_memstream(&text, len);
	gl_report_opts ro = {0};
	int rc = mem ? gl_report(run, "markdown", &ro, mem, err) : -1;
	if ((mem && fclose(mem) != 0) || rc) {
		if (!rc)
			snprintf(err->msg, sizeof err->msg, "out of memory");
		free(text);
		return NULL;
	}
	if (*len > SUMMARY_MAX) {
		size_t keep = SUMMARY_MAX - sizeof cut_row_note;   /* the longer note */
		while (keep && text[keep - 1] != '\n')
			keep--;
		const char *note = before_first_row(text, keep) ? cut_row_note : cut_note;
		*len = keep + strlen(note);
		memcpy(text + keep, note, strlen(note) + 1);
	}
	return text;
}

/* The job summary (GitHub Actions), rendered and opened for appending
 * (other steps write to the same file) before the report is written, so
 * that a summary that cannot be opened fails the run with --output left
 * as it was. */
typedef struct step_summary {
	FILE *f;
	char *text;
	size_t len;
} step_summary;

static int summary_open(step_summary *s, const gl_run *run, const char *path)
{
	gl_err err;
	if (!(s->text = summary_text(run, &s->len, &err)))
		return cli_fail("%s: %s", path, err.msg);
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
	if (fd >= 0 && !(s->f = fdopen(fd, "a")))
		close(fd);
	if (s->f)
		return 0;
	int e = errno;
	free(s->text);
	s->text = NULL;
	return cli_fail("%s: cannot append the step summary: %s", path, strerror(e));
}

/* Appends the summary when `write` (the report was written), then closes. */
static int summary_close(step_summary *s, const char *path, int write)
{
	if (!s->f)
		return 0;
	int bad = write && fwrite(s->text, 1, s->len, s->f) != s->len;
	bad |= fclose(s->f) != 0 && write;
	free(s->text);
	return bad ? cli_fail("%s: cannot append the step summary: %s", path, strerror(errno)) : 0;
}

static int write_report(const gl_run *run, const cli_opts *o)
{
	gl_report_opts ro = {0};
	ro.quiet = o->quiet;
	const char *no_color = getenv("NO_COLOR");   /* no-color.org: set and not empty */
	ro.color = !o->no_color && !(no_color && *no_color) && !o->output && isatty(STDOUT_FILENO);
	cli_out out;
	gl_err err;
	int rc = cli_out_open(&out, o->output);
	if (rc == 0 && gl_report(run, o->format, &ro, out.f, &err) != 0) {
		cli_out_abort(&out);
		rc = cli_fail("%s: %s", o->output ? o->output : "standard output", err.msg);
	} else if (rc == 0) {
		rc = cli_out_commit(&out);
	}
	return rc;
}

int cli_check_report(const cli_opts *o, char **paths, int npaths)
{
	const char *summary = getenv("GITHUB_STEP_SUMMARY");
	int with_summary = strcmp(o->format, "github") == 0 && summary && *summary;
	gl_run_opts ro = o->run;   /* the run keeps only what the reports print */
	ro.omit = gl_report_omits(o->format) & (with_summary ? gl_report_omits("markdown") : ~0u);
	gl_run *run;
	if (cli_open_run(&run, paths, npaths, &ro, o->output, with_summary ? summary : NULL))
		return EXIT_TROUBLE;
	for (size_t i = 0; !o->quiet && i < gl_run_nnotes(run); i++)
		fprintf(stderr, "govlint: note: %s\n", gl_run_note(run, i));
	step_summary s = {0};
	int rc = with_summary ? summary_open(&s, run, summary) : 0;
	if (rc == 0)
		rc = write_report(run, o);
	int src = summary_close(&s, summary, rc == 0);
	if (rc == 0)
		rc = src ? src : gl_run_failed(run) ? EXIT_FINDINGS : EXIT_CLEAN;
	gl_run_free(run);
	return rc;
}

int cmd_check(int argc, char **argv)
{
	cli_opts o = {.run = GL_RUN_OPTS_INIT, .format = "text"};
	int rc = cli_parse_opts("check", usage, argc, argv, &o);
	if (rc)
		return rc < 0 ? EXIT_CLEAN : rc;
	return cli_check_report(&o, argv + optind, argc - optind);
}
