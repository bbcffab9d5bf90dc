/*
 * A text's recorded events (tools/record.c, as embed -x records the
 * built-in packs) replayed into a document (gl__doc_replay) must give what
 * parsing the text gives. Included after helpers.h by the tests linked with
 * build/tools/record.o.
 */
#ifndef GL_TEST_REPLAY_H
#define GL_TEST_REPLAY_H

#include "record.h"

/* Parses text (len bytes, NUL-terminated) and replays its events, both
 * with lim: NULL when the two documents are the same, else the first
 * difference (in buf, n bytes). A text libyaml cannot parse, or not UTF-8,
 * is not recorded: NULL, and *replayed is 0. */
static inline const char *t_replay_differs(const char *text, size_t len, const gl_limits *lim,
                                           int *replayed, char *buf, size_t n)
{
	recorded r;
	*replayed = record(&r, (const unsigned char *)text, len) == 0;
	const char *why = NULL;
	if (*replayed) {
		gl__recording rec = recorded_events(&r);
		gl_doc *parsed = t_parse_n(text, len, lim), *replayed_doc = NULL;
		assert_int_equal(gl__doc_replay(&replayed_doc, "plan.yaml", text, len, &rec, lim), 0);
		why = t_doc_differs(parsed, replayed_doc, buf, n);
		gl_doc_free(parsed);
		gl_doc_free(replayed_doc);
	}
	recorded_free(&r);
	return why;
}

#endif
