/* Report dispatch: every format renders into a buffer in one pass over the
 * findings, and the caller writes it out whole. */
#include "internal.h"

#include <errno.h>
#include <string.h>

typedef struct format {
	const char *name;
	int (*render)(const gl_run *run, const gl_report_opts *o, gl__buf *b);
	unsigned omits;   /* what it never prints */
} format;

enum { SRC = GL_OMIT_SOURCE, TITLE = GL_OMIT_TITLE };

static const format formats[] = {
	{"text", gl__report_text, TITLE},
	{"json", gl__report_json, SRC | TITLE},
	{"sarif", gl__report_sarif, TITLE},   /* the source gives regions and line hashes */
	{"junit", gl__report_junit, SRC},
	{"github", gl__report_github, SRC | TITLE},
	{"markdown", gl__report_markdown, SRC},
	{"html", gl__report_html, SRC},
	{NULL, NULL, 0},
};

static const format *find(const char *name)
{
	for (const format *f = formats; f->name; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

int gl_report_known(const char *name)
{
	return find(name) != NULL;
}

unsigned gl_report_omits(const char *name)
{
	const format *f = find(name);
	return f ? f->omits : 0;
}

int gl_report(const gl_run *run, const char *name, const gl_report_opts *o, FILE *out, gl_err *err)
{
	const format *f = find(name);
	if (!f)
		return gl__err_set(err, "unknown format '%s'", name), GL_ERROR;
	gl__buf b = {.sink = out};   /* streamed: a report is never held whole */
	int rc = f->render(run, o, &b);
	if (rc == 0 && b.oom)
		rc = GL_ENOMEM;
	if (rc == 0 && gl__buf_flush(&b))
		rc = GL_ERROR;
	if (rc == GL_ENOMEM)
		gl__err_set(err, "out of memory");
	else if (rc)
		gl__err_set(err, "cannot write the report: %s", strerror(b.werr ? b.werr : EIO));
	gl__buf_free(&b);
	return rc;
}
