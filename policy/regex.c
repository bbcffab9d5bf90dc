/* PCRE2 patterns: the only pcre2 user. Compiled once (UTF, JIT when the
 * platform has it), matched with a match and depth limit so a pattern that
 * backtracks catastrophically ends with an error instead of a hang. A match
 * that outgrows JIT's fixed stack is done again by the interpreter, whose
 * backtracking lives on the heap under the same limits.
 *
 * An anchored pattern (^...) is tried at the start of the value only, so
 * its first byte often settles it: the placeholder vocabulary, matched
 * against every string of every plan, fails on nearly all of them there.
 * Whether any match can start with a given ASCII byte is asked of PCRE2
 * itself, once per pattern and byte, the first time a value starts with
 * it: a hard partial match of that one byte returns "no match" only when
 * every way to match fails before it needs a second byte, so no longer
 * value starting with the byte can match either (pcre2partial(3)).
 *
 * JIT compiling costs more than a few interpreted matches (the built-in
 * pack's patterns took a tenth of a one-plan check's instructions), so a
 * pattern is interpreted at first and JIT-compiled once it has been matched
 * JIT_AFTER times: a large repository gets JIT for every pattern it uses
 * much, a one-plan check none. The JIT code is a copy of the pattern,
 * published once complete, so threads matching with the interpreter
 * meanwhile never see it change. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "internal.h"

#include <pcre2.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#define MATCH_LIMIT 1000000u
#define DEPTH_LIMIT 10000u
#define JIT_AFTER 64u

enum { FIRST_UNKNOWN, FIRST_MAY_MATCH, FIRST_NEVER };

struct gl__regex {
	pcre2_code *code;
	_Atomic(pcre2_code *) jit;   /* the JIT-compiled copy, once made: matched with
	                                pcre2_jit_match, without the checks */
	_Atomic unsigned uses;       /* interpreted matches: JIT at JIT_AFTER */
	pcre2_match_context *mctx;
	int anchored;   /* matches only at the start: `first` applies */
	_Atomic unsigned char first[128];   /* FIRST_*, per ASCII first byte; threads share it */
};

gl__regex *gl__regex_new(const char *pattern, gl_err *err)
{
	int ec;
	PCRE2_SIZE off;
	pcre2_code *code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
	                                 PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &ec, &off, NULL);
	if (!code) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(ec, msg, sizeof msg);
		gl__err_set(err, "invalid pattern at offset %zu: %s", (size_t)off, (char *)msg);
		return NULL;
	}
	gl__regex *re = calloc(1, sizeof *re);
	if (!re || !(re->mctx = pcre2_match_context_create(NULL))) {
		pcre2_code_free(code);
		free(re);
		gl__err_set(err, "out of memory");
		return NULL;
	}
	re->code = code;
	uint32_t opts = 0;
	pcre2_pattern_info(code, PCRE2_INFO_ALLOPTIONS, &opts);
	re->anchored = (opts & PCRE2_ANCHORED) != 0;
	pcre2_set_match_limit(re->mctx, MATCH_LIMIT);
	pcre2_set_depth_limit(re->mctx, DEPTH_LIMIT);
	return re;
}

/* Match data for one pair of offsets, one per thread: govlint only asks
 * whether a pattern matches, so every pattern can share it. */
static pthread_key_t md_key;
static pthread_once_t md_once = PTHREAD_ONCE_INIT;
static _Thread_local pcre2_match_data *md_mine;   /* the key frees it at thread exit */

static void md_free(void *md)
{
	pcre2_match_data_free(md);
}

static void md_init(void)
{
	pthread_key_create(&md_key, md_free);
}

static pcre2_match_data *match_data(void)
{
	if (md_mine)
		return md_mine;
	pthread_once(&md_once, md_init);
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
	if (md && pthread_setspecific(md_key, md)) {
		pcre2_match_data_free(md);
		md = NULL;
	}
	return md_mine = md;
}

/* 1 when no match of an anchored pattern can start with the ASCII byte c. */
static int never_starts(const gl__regex *re, unsigned char c, pcre2_match_data *md)
{
	_Atomic unsigned char *known = (_Atomic unsigned char *)&re->first[c];
	unsigned char k = atomic_load_explicit(known, memory_order_relaxed);
	if (k == FIRST_UNKNOWN) {   /* two threads may both ask: same answer */
		int rc = pcre2_match(re->code, (PCRE2_SPTR)&c, 1, 0, PCRE2_PARTIAL_HARD | PCRE2_NO_JIT,
		                     md, re->mctx);
		k = rc == PCRE2_ERROR_NOMATCH ? FIRST_NEVER : FIRST_MAY_MATCH;
		atomic_store_explicit(known, k, memory_order_relaxed);
	}
	return k == FIRST_NEVER;
}

/* The pattern's JIT code, or NULL while it is interpreted: made by the
 * thread whose match is the JIT_AFTER-th. Without JIT (a platform without
 * it, or memory short) the interpreter goes on matching, and the count,
 * past JIT_AFTER, is no longer written: threads do not contend for it. */
static pcre2_code *jit_code(const gl__regex *re)
{
	gl__regex *r = (gl__regex *)re;   /* its caches are written through const */
	pcre2_code *jit = atomic_load_explicit(&r->jit, memory_order_acquire);
	if (jit || atomic_load_explicit(&r->uses, memory_order_relaxed) > JIT_AFTER ||
	    atomic_fetch_add_explicit(&r->uses, 1, memory_order_relaxed) != JIT_AFTER)
		return jit;
	if ((jit = pcre2_code_copy(re->code)) && pcre2_jit_compile(jit, PCRE2_JIT_COMPLETE) != 0) {
		pcre2_code_free(jit);
		jit = NULL;
	}
	atomic_store_explicit(&r->jit, jit, memory_order_release);
	return jit;
}

int gl__regex_jitted(const gl__regex *re)
{
	return atomic_load_explicit(&((gl__regex *)re)->jit, memory_order_acquire) != NULL;
}

int gl__regex_match(const gl__regex *re, const char *s, size_t len, gl_err *err)
{
	pcre2_match_data *md = match_data();
	if (!md) {
		gl__err_set(err, "out of memory");
		return -1;
	}
	if (re->anchored && len && (unsigned char)s[0] < 0x80 && never_starts(re, (unsigned char)s[0], md))
		return 0;
	pcre2_code *jit = jit_code(re);
	int rc = jit ? pcre2_jit_match(jit, (PCRE2_SPTR)s, len, 0, 0, md, re->mctx)
	             : pcre2_match(re->code, (PCRE2_SPTR)s, len, 0, 0, md, re->mctx);
	if (rc == PCRE2_ERROR_JIT_STACKLIMIT)   /* JIT's stack is 32 KiB: a long value's */
		rc = pcre2_match(re->code, (PCRE2_SPTR)s, len, 0, PCRE2_NO_JIT, md, re->mctx);   /* on the heap */
	if (rc >= 0)   /* 0: matched, with more groups than the one pair kept */
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	PCRE2_UCHAR msg[256];
	pcre2_get_error_message(rc, msg, sizeof msg);
	gl__err_set(err, "pattern could not be matched: %s", (char *)msg);
	return -1;
}

int gl__regex_any(gl__regex *const *re, size_t n, const char *s, size_t len, gl_err *err,
                  size_t *at)
{
	for (*at = 0; *at < n; ++*at) {
		int rc = gl__regex_match(re[*at], s, len, err);
		if (rc)
			return rc;
	}
	return 0;
}

void gl__regex_free(gl__regex *re)
{
	if (!re)
		return;
	pcre2_code_free(re->code);
	pcre2_code_free(atomic_load_explicit(&re->jit, memory_order_acquire));
	pcre2_match_context_free(re->mctx);
	free(re);
}
