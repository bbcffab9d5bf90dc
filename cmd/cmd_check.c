/* govlint check [PATH...]: check plans, report findings, exit 0/1/2. */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage[] =
	"usage: govlint check [options] [PATH...]\n"
	"\n"
	"Checks every rollout plan of a planning repository against the active\n"
	"policy rules. PATH is the repository root, a folder or plan files in it\n"
	"(default: the current folder); the root is the nearest folder, from PATH\n"
	"upwards, holding .govlint.yaml, people.yaml, plans/ or .git.\n";

/* A report written over a file the run reads would destroy an input
 * (SPEC 8: govlint never writes to plan files), and one written among
 * git's own files could corrupt the repository (the index --staged reads,
 * the HEAD --since reads). `name` and `sep` say how the user named the
 * target: "--output" " ", "GITHUB_STEP_SUMMARY" "=". */
static int refuse_input(const gl_run *run, const char *name, const char *sep, const char *path)
{
	gl_err err;
	const char *what;
	if (!path || strcmp(path, "-") == 0)
		return 0;
	int rc = gl_run_reads(run, path, &what, &err);
	if (rc < 0)
		return cli_fail("%s", err.msg);
	if (rc)
		return cli_fail("%s%s%s is a file govlint reads (%s); choose another path", name, sep,
		                path, what);
	return gl_run_in_git(run, path, &what)
	           ? cli_fail("%s%s%s is %s, which govlint never writes to; choose another path",
	                      name, sep, path, what)
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
	else if (output && summary && gl_same_target(output, summary))   /* the rename would drop it */
		rc = cli_fail("--output %s is the job summary GITHUB_STEP_SUMMARY names; choose "
		              "another path", output);
	else if (gl_run_check(*run, &err) != 0)
		rc = cli_fail("%s", err.msg);
	if (rc) {
		gl_run_free(*run);
		*run = NULL;
	}
	return rc;
}

/* GitHub keeps a step's summary only up to 1 MiB (the file, with what
 * earlier commands of the step wrote there): a longer gap list is cut at a
 * line, with a note, so the page shows the matrix and the first plans
 * rather than nothing; the note says when not even the matrix's first row
 * fits, and a gap list none of which fits is only a note, or nothing. */
#define SUMMARY_MAX (1u << 20)
enum { NOTE_MAX = 320 };
static const char run_gaps[] = " Run `govlint gaps` for the whole list.*\n";

/* 1 when text[0..keep) ends before the matrix's first row does. */
static int before_first_row(const char *text, size_t keep)
{
	const char *sep = strstr(text, "\n| --- |");
	const char *row = sep ? strchr(sep + 1, '\n') : NULL;
	const char *end = row ? strchr(row + 1, '\n') : NULL;
	return end && (size_t)(end - text) >= keep;
}

/* The note that ends a cut gap list (`row`: cut before the matrix's first
 * row), or stands for a gap list left out, `had` bytes being in the
 * summary before it. */
static void note(char out[NOTE_MAX], int row, int left_out, size_t had)
{
	char already[96] = "";
	if (had)
		snprintf(already, sizeof already, ", and this step had already written %zu bytes to it",
		         had);
	if (left_out)
		snprintf(out, NOTE_MAX, "*govlint's gap list is left out: GitHub keeps at most 1 MiB "
		         "of a job summary%s.%s", already, run_gaps);
	else if (row && !had)
		snprintf(out, NOTE_MAX, "\n*The gap list is cut here, before the first row of its "
		         "matrix: that row alone is longer than the 1 MiB GitHub keeps of a job "
		         "summary.%s", run_gaps);
	else
		snprintf(out, NOTE_MAX, "\n*The gap list is cut here%s: GitHub keeps at most 1 MiB of "
		         "a job summary%s.%s", row ? ", before the first row of its matrix" : "",
		         already, run_gaps);
}

/* Fits the gap list text[0..*len) into the `room` bytes left of a summary
 * holding `had`: whole, cut at a line with a note, a note alone, or
 * nothing (*len 0). What it holds then. */
static gl_job_summary fit(char *text, size_t *len, size_t room, size_t had)
{
	if (*len <= room)
		return GL_JOB_SUMMARY_WHOLE;
	char cut[NOTE_MAX], row[NOTE_MAX];
	note(cut, 0, 0, had);
	note(row, 1, 0, had);
	size_t longest = strlen(cut) > strlen(row) ? strlen(cut) : strlen(row);
	size_t keep = room > longest ? room - longest : 0;
	while (keep && text[keep - 1] != '\n')
		keep--;
	const char *end = before_first_row(text, keep) ? row : cut;
	if (!keep) {
		note(row, 0, 1, had);
		end = strlen(row) <= room ? row : "";
	}
	memcpy(text + keep, end, strlen(end) + 1);   /* keep + the note <= room < *len */
	*len = keep + strlen(end);
	return keep ? GL_JOB_SUMMARY_CUT : GL_JOB_SUMMARY_FULL;
}

/* What goes before the gap list so that it starts a block of its own: a
 * blank line, unless the summary (fd, `had` bytes) is empty or ends with
 * one already (as far as it can be read). */
static const char *separator(int fd, size_t had)
{
	char tail[2];
	if (!had)
		return "";
	ssize_t n = pread(fd, tail, had < 2 ? had : 2, had < 2 ? 0 : (off_t)had - 2);
	if (n < 1 || tail[n - 1] != '\n')
		return "\n\n";
	return n == 1 || tail[0] == '\n' ? "" : "\n";
}

/* The job summary (GitHub Actions), opened for appending (other commands
 * of the step write to the same file) and rendered to fit what it holds, before the
 * report is written, so that a summary that cannot be opened fails the
 * run with --output left as it was. */
typedef struct step_summary {
	FILE *f;
	const char *sep;       /* written before text */
	char *text;
	size_t len;
	gl_job_summary holds;  /* what text holds of the gap list */
	off_t had;             /* a file's size before: a failed append is cut back to it */
	int file;              /* a regular file (not a device) */
} step_summary;

/* The markdown gap list into s->text, fit for the summary s->f. */
static int summary_text(step_summary *s, const gl_run *run, gl_err *err)
{
	struct stat st;
	int fd = fileno(s->f);
	s->file = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
	size_t had = s->file ? (size_t)st.st_size : 0;
	s->had = (off_t)had;
	s->sep = separator(fd, had);
	size_t used = had + strlen(s->sep);
	FILE *mem = open_memstream(&s->text, &s->len);
	gl_report_opts ro = {0};
	int rc = mem ? gl_report(run, "markdown", &ro, mem, err) : -1;
	if ((mem && fclose(mem) != 0) || rc) {
		if (!mem || !rc)
			snprintf(err->msg, sizeof err->msg, "out of memory");
		return -1;
	}
	s->holds = fit(s->text, &s->len, used < SUMMARY_MAX ? SUMMARY_MAX - used : 0, had);
	if (!s->len)
		s->sep = "";
	return 0;
}

static int summary_open(step_summary *s, const gl_run *run, const char *path)
{
	/* read: its end. Never blocking on open, a FIFO would block on write
	 * once its buffer filled, with no reader: the summary is a file. */
	int fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC | O_NONBLOCK, 0666);
	if (fd < 0 && errno == EACCES)   /* one it may only write: its end unread */
		fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NONBLOCK, 0666);
	struct stat st;
	if (fd >= 0 && fstat(fd, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISCHR(st.st_mode)) {
		close(fd);
		return cli_fail("%s: cannot append the step summary: not a regular file", path);
	}
	if (fd >= 0 && (fcntl(fd, F_SETFL, O_APPEND) != 0 || !(s->f = fdopen(fd, "a"))))
		close(fd);
	if (!s->f)
		return cli_fail("%s: cannot append the step summary: %s", path, strerror(errno));
	gl_err err;
	if (summary_text(s, run, &err) == 0)
		return 0;
	fclose(s->f);
	s->f = NULL;
	free(s->text);
	s->text = NULL;
	return cli_fail("%s: %s", path, err.msg);
}

/* Appends the summary when `write` (the report was written), then closes;
 * an append that fails is cut back, so no part of the gap list is left. */
static int summary_close(step_summary *s, const char *path, int write)
{
	if (!s->f)
		return 0;
	int bad = write && (fputs(s->sep, s->f) < 0 || fwrite(s->text, 1, s->len, s->f) != s->len ||
	                    fflush(s->f) != 0);
	int e = errno, fd = bad && s->file ? dup(fileno(s->f)) : -1;
	if (fclose(s->f) != 0 && write && !bad)
		bad = 1, e = errno;
	if (fd >= 0) {   /* after fclose, which may write what stdio still held */
		(void)!ftruncate(fd, s->had);
		close(fd);
	}
	free(s->text);
	return bad ? cli_fail("%s: cannot append the step summary: %s", path, strerror(e)) : 0;
}

static int write_report(const gl_run *run, const cli_opts *o, gl_job_summary js)
{
	gl_report_opts ro = {0};
	ro.quiet = o->quiet;
	ro.job_summary = js;
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
	ro.worktree_paths = gl_report_worktree_paths(o->format);
	gl_run *run;
	if (cli_open_run(&run, paths, npaths, &ro, o->output, with_summary ? summary : NULL))
		return EXIT_TROUBLE;
	for (size_t i = 0; !o->quiet && i < gl_run_nnotes(run); i++)
		fprintf(stderr, "govlint: note: %s\n", gl_run_note(run, i));
	step_summary s = {0};
	int rc = with_summary ? summary_open(&s, run, summary) : 0;
	if (rc == 0)
		rc = write_report(run, o, s.holds);
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
