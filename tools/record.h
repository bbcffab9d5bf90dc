/* tools/record.c: libyaml's events for a text, as the tree builder reads
 * them (gl__event), for embed -x to write into the binary and for the
 * tests to replay against a parse. */
#ifndef GOVLINT_TOOLS_RECORD_H
#define GOVLINT_TOOLS_RECORD_H

#include "internal.h"

#include <yaml.h>

typedef struct recorded {
	gl__event *v;      /* malloc'd, n events */
	size_t n, cap;
	char *pool;        /* the events' strings, each NUL-terminated */
	size_t npool, pool_cap;
	char err[256];     /* why record failed: "LINE:COL: problem" */
} recorded;

/* Calls fn(ctx, e) on each of libyaml's events for text (len bytes) until
 * one returns non-zero, which stops the parse: -1 is fn's failure. 0 when
 * every event was seen, fn's value when it stopped, 1 when libyaml could
 * not parse text or ran out of memory (*at and *problem say where and
 * why). */
int each_event(const unsigned char *text, size_t len, int (*fn)(void *, const yaml_event_t *),
               void *ctx, yaml_mark_t *at, const char **problem);

/* Records libyaml's events for text (len bytes) into *r (zeroed first);
 * -1 with r->err when libyaml cannot parse it, it is not UTF-8, or
 * memory runs out. recorded_free in either case. */
int record(recorded *r, const unsigned char *text, size_t len);
void recorded_free(recorded *r);

/* What gl__doc_replay reads of r (valid until recorded_free). */
static inline gl__recording recorded_events(const recorded *r)
{
	return (gl__recording){r->v, r->n, r->pool};
}

#endif
