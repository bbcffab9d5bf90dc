/* libyaml's events for a text, kept as the tree builder reads them: embed
 * -x records each built-in pack's lean text at build time, and govlint
 * replays the events into the pack's tree (gl__doc_replay) instead of
 * parsing the text at every start. Parsing the default pack was half of a
 * one-plan check's instructions.
 *
 * Each event keeps what the builder reads (gl__event): its type,
 * libyaml's start mark, and for a scalar its text, length, anchor, tag,
 * style and plain_implicit flag (an alias: its anchor; a collection's
 * start: anchor and tag). The strings go into a pool, each
 * NUL-terminated; an event holds their offsets. The stream and document
 * ends are left out: the builder ignores them. */
#include "record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

static int fail(recorded *r, yaml_mark_t m, const char *problem)
{
	snprintf(r->err, sizeof r->err, "%zu:%zu: %s", m.line + 1, m.column + 1, problem);
	return -1;
}

/* Appends s (len bytes, then a NUL) to the pool: 0 with its offset in *at
 * (GL__NO_STR for NULL); -1 when memory or the 32-bit offsets run out. */
static int pooled(recorded *r, const yaml_char_t *s, size_t len, unsigned *at)
{
	*at = GL__NO_STR;
	if (!s)
		return 0;
	if (len >= GL__NO_STR - 1 - r->npool)
		return -1;
	if (r->npool + len + 1 > r->pool_cap) {
		size_t cap = 2 * (r->npool + len + 1);
		char *v = realloc(r->pool, cap);
		if (!v)
			return -1;
		r->pool = v;
		r->pool_cap = cap;
	}
	memcpy(r->pool + r->npool, s, len);
	r->pool[r->npool + len] = '\0';
	*at = (unsigned)r->npool;
	r->npool += len + 1;
	return 0;
}

static int pooled_str(recorded *r, const yaml_char_t *s, unsigned *at)
{
	return pooled(r, s, s ? strlen((const char *)s) : 0, at);
}

/* The strings of e into the pool and ev. */
static int strings(recorded *r, const yaml_event_t *e, gl__event *ev)
{
	switch (e->type) {
	case YAML_SCALAR_EVENT:
		ev->length = (unsigned)e->data.scalar.length;
		ev->style = (unsigned char)e->data.scalar.style;
		ev->plain_implicit = (unsigned char)e->data.scalar.plain_implicit;
		return pooled(r, e->data.scalar.value, e->data.scalar.length, &ev->value) ||
		       pooled_str(r, e->data.scalar.anchor, &ev->anchor) ||
		       pooled_str(r, e->data.scalar.tag, &ev->tag) ? -1 : 0;
	case YAML_ALIAS_EVENT:
		return pooled_str(r, e->data.alias.anchor, &ev->value);
	case YAML_MAPPING_START_EVENT:
		return pooled_str(r, e->data.mapping_start.anchor, &ev->anchor) ||
		       pooled_str(r, e->data.mapping_start.tag, &ev->tag) ? -1 : 0;
	case YAML_SEQUENCE_START_EVENT:
		return pooled_str(r, e->data.sequence_start.anchor, &ev->anchor) ||
		       pooled_str(r, e->data.sequence_start.tag, &ev->tag) ? -1 : 0;
	default:
		return 0;
	}
}

static int add(void *ctx, const yaml_event_t *e)
{
	recorded *r = ctx;
	if (e->type == YAML_STREAM_START_EVENT && e->data.stream_start.encoding != YAML_UTF8_ENCODING)
		return fail(r, e->start_mark, "not UTF-8");
	if (e->type == YAML_STREAM_START_EVENT || e->type == YAML_STREAM_END_EVENT ||
	    e->type == YAML_DOCUMENT_END_EVENT)
		return 0;
	if (e->start_mark.line >= GL__NO_STR || e->start_mark.column >= GL__NO_STR)
		return fail(r, e->start_mark, "a line or column past 32 bits");
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 1024;
		gl__event *v = realloc(r->v, cap * sizeof *v);
		if (!v)
			return fail(r, e->start_mark, "out of memory");
		r->v = v;
		r->cap = cap;
	}
	gl__event *ev = &r->v[r->n++];
	*ev = (gl__event){.type = (unsigned char)e->type, .line = (unsigned)e->start_mark.line,
	                  .column = (unsigned)e->start_mark.column, .value = GL__NO_STR,
	                  .anchor = GL__NO_STR, .tag = GL__NO_STR};
	return strings(r, e, ev) ? fail(r, e->start_mark, "out of memory, or strings over 4 GiB")
	                         : 0;
}

int each_event(const unsigned char *text, size_t len, int (*fn)(void *, const yaml_event_t *),
               void *ctx, yaml_mark_t *at, const char **problem)
{
	yaml_parser_t p;
	*at = (yaml_mark_t){0};
	*problem = "out of memory";
	if (!yaml_parser_initialize(&p))
		return 1;
	yaml_parser_set_input_string(&p, text, len);
	int rc = 0, done = 0;
	while (!done && rc == 0) {
		yaml_event_t e;
		if (!yaml_parser_parse(&p, &e)) {
			*at = p.problem_mark;
			*problem = p.problem ? p.problem : "not valid YAML";
			rc = 1;
			break;
		}
		done = e.type == YAML_STREAM_END_EVENT;
		rc = fn(ctx, &e);
		yaml_event_delete(&e);
	}
	yaml_parser_delete(&p);
	return rc;
}

int record(recorded *r, const unsigned char *text, size_t len)
{
	*r = (recorded){0};
	yaml_mark_t at;
	const char *problem;
	int rc = each_event(text, len, add, r, &at, &problem);
	return rc > 0 ? fail(r, at, problem) : rc;
}

void recorded_free(recorded *r)
{
	free(r->v);
	free(r->pool);
	*r = (recorded){0};
}
