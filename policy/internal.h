/*
 * Cross-file internals of libgovlint (prefix gl__). Not installed.
 */
#ifndef GL_INTERNAL_H
#define GL_INTERNAL_H

#include "govlint.h"
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#define GL__UNUSED(x) ((void)(x))

/* ---- memory: one arena per document, pack or run (arena.c) ---------- */

typedef struct gl__arena gl__arena;
gl__arena *gl__arena_new(void);
void *gl__arena_alloc(gl__arena *a, size_t n);         /* zeroed; NULL on OOM */
void *gl__arena_alloc_raw(gl__arena *a, size_t n);     /* not zeroed: set every byte */
char *gl__arena_strndup(gl__arena *a, const char *s, size_t n);
/* n bytes of s, aligned and padded with zeros to a 16-byte boundary: a
 * scalar's text (PCRE2's JIT reads a subject in aligned blocks, past its
 * end) and a path's key, which lookups compare 8 bytes at a time. */
char *gl__arena_padded(gl__arena *a, const char *s, size_t n);
/* The bytes gl__arena_padded takes for n: room for the NUL, then zeros up
 * to a 16-byte boundary. */
static inline size_t gl__padded_size(size_t n)
{
	return (n + 16) & ~(size_t)15;
}
char *gl__arena_strdup(gl__arena *a, const char *s);
char *gl__arena_printf(gl__arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
char *gl__arena_vprintf(gl__arena *a, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* The one copy of s[0..n) this arena holds for everyone who asks: findings
 * repeat messages, paths and source lines across plans. NULL on OOM. */
const char *gl__arena_intern(gl__arena *a, const char *s, size_t n);
/* Forgets everything allocated, keeping up to 1 MiB of chunks for what
 * comes next (a worker's next plan). */
void gl__arena_reset(gl__arena *a);
void gl__arena_free(gl__arena *a);
/* A point to come back to: gl__arena_rewind forgets what was allocated
 * since (a plan's rules each leave their walks' scratch behind), keeping
 * chunks as reset does. Nothing is forgotten when strings were interned
 * since the mark. */
typedef struct gl__arena_mark {
	void *head;
	size_t used, setn;
} gl__arena_mark;
gl__arena_mark gl__arena_mark_now(const gl__arena *a);
void gl__arena_rewind(gl__arena *a, gl__arena_mark m);

/* A growable byte buffer. Always NUL-terminated once anything is added.
 * With a sink, it is written out whenever it passes 64 KiB (reports stream
 * instead of being held whole); `werr` records a failed write. */
typedef struct gl__buf {
	char *p;
	size_t len, cap;
	int oom;
	FILE *sink;
	int werr;   /* errno of the first failed write to sink, or 0 */
} gl__buf;
/* Writes what a sinked buffer still holds; -1 when any write failed. */
int gl__buf_flush(gl__buf *b);
/* Ends a buffer written to `sink`: writes what it still holds and frees it.
 * On failure sets err, "out of memory" (GL_ENOMEM) or "cannot write WHAT:
 * reason" (GL_ERROR). */
int gl__buf_finish(gl__buf *b, FILE *sink, const char *what, gl_err *err);
/* gl__buf_put when s does not fit (or the buffer failed): grows the
 * buffer, or flushes it to its sink past 64 KiB. */
void gl__buf_put_slow(gl__buf *b, const char *s, size_t n);
/* Appends s[0..n), keeping the text NUL-terminated. Inline: the reports
 * write a finding in dozens of short pieces, most of them literals. */
static inline void gl__buf_put(gl__buf *b, const char *s, size_t n)
{
	if (!b->oom && n < b->cap - b->len && (b->len + n <= 65536 || !b->sink)) {
		memcpy(b->p + b->len, s, n);
		b->len += n;
		b->p[b->len] = '\0';
		return;
	}
	gl__buf_put_slow(b, s, n);
}
static inline void gl__buf_puts(gl__buf *b, const char *s)
{
	gl__buf_put(b, s, strlen(s));
}
static inline void gl__buf_putc(gl__buf *b, char c)
{
	gl__buf_put(b, &c, 1);
}
/* v in decimal, at least `width` characters wide (padded with spaces on
 * the left): "%*u" without a printf. */
void gl__buf_uint(gl__buf *b, unsigned v, size_t width);
void gl__buf_printf(gl__buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void gl__buf_free(gl__buf *b);

void gl__err_set(gl_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void gl__err_at(gl_err *err, const char *file, unsigned line, unsigned col,
                const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Reads a whole file up to `max` bytes. 0, or -1 with err set; GL_ENOMEM
 * (err "PATH: out of memory") when memory runs out. */
int gl__read_file(const char *path, size_t max, char **buf, size_t *len, gl_err *err);
/* gl__read_file on an open file, which it closes; `path` names it in err. */
int gl__read_fd(int fd, const char *path, size_t max, char **buf, size_t *len, gl_err *err);

/* gl_doc_parse into `arena` (NULL: its own): the document's nodes and text
 * live there, and gl_doc_free leaves the arena to its owner. With
 * `borrow`, buf (NUL-terminated at len) outlives the document and is used
 * as its text instead of a copy. */
int gl__doc_parse_in(gl_doc **out, gl__arena *arena, const char *name, const char *buf,
                     size_t len, const gl_limits *lim, int borrow);

/* One libyaml event, as tools/record.c records a built-in pack's lean text
 * at build time (embed -x): the fields of yaml_event_t the tree builder
 * reads, the start mark libyaml's (0-based, in characters), the strings
 * offsets into the recording's pool (GL__NO_STR: none). Stream and
 * document ends, which the builder ignores, are left out. */
typedef struct gl__event {
	unsigned char type, style, plain_implicit;   /* yaml_event_type_t, yaml_scalar_style_t */
	unsigned line, column;
	unsigned value, length;   /* a scalar's text; an alias's anchor (value) */
	unsigned anchor, tag;
} gl__event;
#define GL__NO_STR 0xFFFFFFFFu
typedef struct gl__recording {
	const gl__event *v;
	size_t n;
	const char *pool;
} gl__recording;
/* The document libyaml's events `rec` build from `buf` (len bytes, which
 * they were recorded from, NUL-terminated, outliving the document): what
 * gl_doc_parse gives for buf, without parsing it again. */
int gl__doc_replay(gl_doc **out, const char *name, const char *buf, size_t len,
                   const gl__recording *rec, const gl_limits *lim);
/* gl_node_get with the key's length known (compiled paths know it). */
const gl_node *gl__node_get_n(const gl_node *map, const char *key, size_t klen);
/* The same for a compiled path's key step: `key` padded (gl__arena_padded),
 * *hint the pair where it was found last (a cache threads share). */
const gl_node *gl__node_get_hinted(const gl_node *map, const char *key, size_t klen,
                                   _Atomic unsigned *hint);
/* The first key of mapping `map` that is not one of `keys` (NULL-ended),
 * or NULL: every reader of a YAML mapping refuses keys it does not know. */
const gl_node *gl__unknown_key(const gl_node *map, const char *const *keys);

/* gl_node_is_null, inline for the loader's nodes (typed as they load):
 * rules ask it of every subject. */
static inline int gl__is_null(const gl_node *n)
{
	return !n || n->kind == GL_NULL || (n->kind == GL_SCALAR && !n->stype && gl_node_is_null(n));
}

/* Indexes a document's lines for gl_doc_line (once; parsing does not):
 * 0, or GL_ENOMEM. */
int gl__doc_index_lines(const gl_doc *doc);
/* The text of the root mapping's first `key`, when a scalar that is
 * neither empty nor null, read with libyaml's event API no further than it
 * and no deeper than max_depth (for the ids of plans a run does not
 * check); malloc'd, NULL when there is none or the YAML breaks first. An
 * alias or a merge key is not followed. *oom set out of memory. */
char *gl__doc_top_scalar(const char *buf, size_t len, const char *key, unsigned max_depth,
                         int *oom);

/* ---- a finding's source line (srcline.c) ---------------------------- */

/* The length of the character at s[0..n) (n >= 1; a byte that does not
 * start valid UTF-8 there is one character) and, in `shown`, how text shows
 * it: "" when as it is, else a visible form, when a terminal could act on
 * it. A byte 0x01..0x1F but tab is ^ and the byte plus 64 (ESC ^[, LF ^J),
 * DEL ^?; a C1 control U+0080..U+009F (UTF-8 C2 80..C2 9F) is M- and the
 * caret form of its low five bits (CSI U+009B M-^[), as cat -v shows the
 * byte; so is a byte that is not UTF-8 (a file name's lone 0x9B, CSI to an
 * 8-bit terminal, is M-^[; 0xE9 is M-i). Valid UTF-8 stays valid. */
size_t gl__visible_at(const char *s, size_t n, char shown[5]);
/* The length of the bidirectional control at s[0..n) (U+061C, U+200E,
 * U+200F, U+202A..U+202E, U+2066..U+2069), which makes a terminal or
 * GitHub's log show the text around it in another order (Trojan Source,
 * CVE-2021-42574), and in `shown` its visible form, "<U+202E>"; 0 when s
 * does not start with one. Valid UTF-8 only: another byte is not one. */
size_t gl__bidi_at(const char *s, size_t n, char shown[9]);
/* s[0..n) with every control character in its visible form (above) and,
 * when `bidi`, every bidirectional control as gl__bidi_at shows it. */
void gl__buf_visible(gl__buf *b, const char *s, size_t n, int bidi);
/* The length of the run at the start of s[0..n) of printable ASCII
 * (0x20-0x7e) other than x and y (NUL for none): text a report copies as
 * it is. */
size_t gl__plain_run(const char *s, size_t n, char x, char y);

/* The column of the first character of `line` (s[0..len)): 0 when it is
 * line 1 and starts with a byte-order mark, which libyaml does not count
 * (its columns start after it), else 1. */
static inline unsigned gl__first_col(unsigned line, const char *s, size_t len)
{
	return line == 1 && len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 0 : 1;
}

/* Marks on a document's long lines, kept with it (gl_doc_free frees them). */
typedef struct gl__linememo gl__linememo;
gl__linememo **gl__doc_memo(const gl_doc *doc);
void gl__linememo_free(gl__linememo *m);
/* Bytes of the quoted scalar starting at s[0] (a ' or "), quotes
 * included; n when it runs past s[0..n). */
size_t gl__quoted_len(const char *s, size_t n);
/* For a finding at line:col of doc (may be NULL), read from the raw line
 * of any length: *end_col, the column just past the YAML token there (a
 * scalar, a quoted string, a flow item; col + 1 when there is none; col +
 * 1 without the line). 0, or GL_ENOMEM. Not concurrently on one doc. */
int gl__srcline_place(const gl_doc *doc, unsigned line, unsigned col, unsigned *end_col);

/* ---- GitHub's line hashes (linehash.c) ------------------------------ */

/* Called for every line of a text, in order, with its line number (from
 * 1) and its hash. */
typedef void gl__line_hash_fn(void *arg, size_t line, uint64_t hash);
/* The hash codeql-action's upload gives each line of text[0..len) (NUL
 * at len), GitHub's primaryLocationLineHash without its ":N". */
void gl__github_line_hashes(const char *text, size_t len, gl__line_hash_fn *emit, void *arg);
typedef struct gl__linehashes gl__linehashes;
gl__linehashes **gl__doc_hashes(const gl_doc *doc);
void gl__linehashes_free(gl__linehashes *h);
/* The text of doc as it was read, whatever its encoding, and its number of
 * lines (gl_doc_line's); NULL out of memory. */
const char *gl__doc_text(const gl_doc *doc, size_t *len, size_t *nlines);
/* GitHub's hash of line `line` of doc and, in *nth, which line of the
 * document with that hash it is (from 1): primaryLocationLineHash is the
 * hash in lowercase hex without leading zeros, ':' and nth. The whole
 * document is hashed on the first call. *nth 0 when doc is NULL or has no
 * such line. 0, or GL_ENOMEM. Not concurrently on one doc. */
int gl__doc_line_hash(const gl_doc *doc, unsigned line, uint64_t *hash, unsigned *nth);

/* ---- scalar values (value.c) ---------------------------------------- */

typedef enum { GL_T_NULL, GL_T_BOOL, GL_T_INT, GL_T_FLOAT, GL_T_STR } gl__stype;
gl__stype gl__scalar_type(const gl_node *n);  /* YAML 1.2 core schema, as the loader set it */
gl__stype gl__scalar_type_of(const gl_node *n);  /* computed: the loader's, once per scalar */
int gl__node_bool(const gl_node *n, int *out);          /* 0 ok, -1 not a bool */
/* 0 ok; -1 not a number, or none that compares: .nan, .inf, 1e999 */
int gl__node_number(const gl_node *n, double *out);
/* Days since 1970-01-01 of YYYY-MM-DD, or of the date part of an RFC 3339
 * date-time. `has_time` tells which. 0 ok, -1 not a date. */
int gl__parse_date(const char *s, long *days, int *has_time);
/* 1 when s is an RFC 3339 date-time with a time zone offset or Z. */
int gl__is_datetime_offset(const char *s);
/* A duration in days: 90d, 6 months, 1 year 6 months, 7y, ISO 8601 P6M,
 * P1Y6M, PT36H. Months and years are calendar averages (12 months are a
 * year). 0 ok, -1 not one (negative durations are not). */
int gl__parse_duration(const char *s, double *days);
int gl__today(long *days);
void gl__format_date(long days, char out[24]);
/* Case-insensitive, whitespace-trimmed equality of two strings. */
int gl__streq_loose(const char *a, const char *b);
/* qsort/bsearch order of an array of strings (const char *), by strcmp. */
int gl__by_str(const void *a, const void *b);
/* A text and where it stands (an item, a place in a list), ordered by text,
 * then place: sorted, the first of each text leads its run. */
typedef struct gl__text_at {
	const char *text;
	size_t at;
} gl__text_at;
int gl__by_text_at(const void *a, const void *b);

/* ---- patterns: the only pcre2 user (regex.c) ------------------------ */

typedef struct gl__regex gl__regex;
/* Compiles with UTF and JIT. NULL with err naming the offset on failure. */
gl__regex *gl__regex_new(const char *pattern, gl_err *err);
/* 1 match, 0 no match, -1 match limit hit (err set). */
int gl__regex_match(const gl__regex *re, const char *s, size_t len, gl_err *err);
/* Whether any of re[0..n) matches: 1 (*at its index), 0, or -1 as
 * gl__regex_match (*at the index of the pattern that failed). */
int gl__regex_any(gl__regex *const *re, size_t n, const char *s, size_t len, gl_err *err,
                  size_t *at);
/* 1 once the pattern is JIT-compiled: after it has been matched a few
 * dozen times, where the platform has JIT (the interpreter before). */
int gl__regex_jitted(const gl__regex *re);
void gl__regex_free(gl__regex *re);

/* ---- paths like concerns[*].sign_off.by (path.c) -------------------- */

typedef struct gl__path gl__path;

/* A logical path such as concerns[2].sign_off.by, as a chain from the last
 * step up. Walks make one for every node they reach, so it is spelled out
 * only when a finding or message needs the text. NULL is the plan itself. */
typedef struct gl__lpath {
	const struct gl__lpath *up;
	const char *key;        /* a mapping key; NULL: an item of a list */
	size_t index;
	const gl_node *item;    /* that item, when a walk reached it; else NULL */
} gl__lpath;
/* The text of p in arena a ("" for NULL); NULL when memory runs out. */
const char *gl__lpath_text(gl__arena *a, const gl__lpath *p);
/* The logical path `src` names (a waiver's path:), spelled as
 * gl__lpath_text spells a finding's: keys, quoted keys and [N] indexes
 * from the plan (`notes['a.b']` is notes["a.b"], `a["b"]` a.b), or as
 * gl__lpath_identity does, items named by one of `keys` (`[id=C-3]`,
 * `[id='C-3']` and `[id="C-3"]` are [id="C-3"]), *named then 1 (else 0);
 * NULL with err when src is no path, names many places (a wildcard, a
 * filter by another key, != or a reference) or starts elsewhere. */
const char *gl__lpath_parse(gl__arena *a, const char *src, const char *const *keys,
                            int *named, gl_err *err);
/* The length of the first steps of logical path text `path`, as many as
 * `like` has (all of path when it has fewer): where a path spelled by
 * gl__lpath_text and the same place's identity, step for step alike, cut. */
size_t gl__lpath_along(const char *path, const char *like);

/* One place a path reached, or failed to reach (node == NULL). */
typedef struct gl__match {
	const gl_node *node;    /* NULL: the path stops short here */
	const gl_node *loc;     /* node to point at: node, or deepest parent */
	const gl_node *parent;  /* collection holding node, or NULL */
	const gl__lpath *path;  /* logical path (arena, or the subject's) */
} gl__match;

typedef struct gl__matches {
	gl__match *v;          /* `small` until more are needed */
	size_t n, cap;
	int oom;
	gl__match small[4];    /* most paths reach a node or two: no malloc */
} gl__matches;

typedef struct gl__subject {
	const gl_node *node;
	const gl_node *parent;
	const gl__lpath *path;  /* logical path of node */
} gl__subject;

/* From this many items on, a list that is searched once per subject (a
 * filter's list, a set of values) is indexed or sorted instead of scanned,
 * so that a plan with thousands of concerns is checked in O(n log n). */
enum { GL__LONG_LIST = 16 };

typedef struct gl__ectx gl__ectx;   /* the plan a walk runs over (below) */
typedef struct gl__filter_cache gl__filter_cache;

/* Compiles a path; NULL with err (position inside the string) on error. */
gl__path *gl__path_compile(gl__arena *a, const char *src, gl_err *err);
/* Chains `then` after `first` (a path list): evaluation yields the matches
 * of each in order. Returns first. */
gl__path *gl__path_union(gl__path *first, gl__path *then);
/* Lets the paths of a list that begin alike (`a.b.c`, `a.b.d`) walk their
 * common steps once, when they are next to each other; the places reached
 * and their order are the same. Call it on a complete list. -1 out of
 * memory. */
int gl__path_share(gl__arena *a, gl__path *list);
const char *gl__path_src(const gl__path *p);
/* 1 when the path can yield more than one node ([*], *, **, filters). */
int gl__path_multi(const gl__path *p);
/* 1 when every path of the list starts at the plan's root ($) and no
 * filter of it reads the subject ([id=@ref]): it reaches the same places
 * whatever the subject. */
int gl__path_plan_wide(const gl__path *p);
/* 1 when the path is `@` alone: it yields the subject itself. */
int gl__path_is_subject(const gl__path *p);
/* Appends what `p` reaches from subject `s` in the plan ec->root; logical
 * paths go to ec->arena. A filter ([field=value]) indexes a long list the
 * second time it filters it (ec->filters), so a rule that filters the same
 * list for every concern stays linear; gl__filters_free drops the indexes
 * (after each rule: they point into the plan). */
void gl__path_eval(const gl__path *p, gl__ectx *ec, const gl__subject *s, gl__matches *out);
/* Frees what a rule kept for its subjects: the filter indexes, the items'
 * identities and the plan-wide sets (gl__sets_free). */
void gl__filters_free(gl__ectx *ec);
/* A logical path as gl__lpath_text writes it (in ec->arena), with each list item a walk reached (its `item`)
 * that holds one of `keys` (NULL-terminated) as a scalar named by the first
 * it holds (`concerns[id="C-3"].sign_off`) instead of its position: what
 * identifies a finding's place when items are reordered or inserted. An
 * item's identity is found once per rule (ec->idcache). */
const char *gl__lpath_identity(gl__ectx *ec, const gl__lpath *p, const char *const *keys);
/* Calls fn for each place `p` reaches, in the order gl__path_eval lists
 * them, as the walk goes (nothing is collected). Stops at fn's first
 * negative return and returns it (GL__STOP when fn has seen enough, no
 * error); GL_ENOMEM when a step cannot be made. */
typedef int (*gl__path_fn)(void *ctx, const gl__match *m);
enum { GL__STOP = -4 };
int gl__path_each(const gl__path *p, gl__ectx *ec, const gl__subject *s, gl__path_fn fn,
                  void *ctx);
typedef struct gl__cond gl__cond;   /* conditions: cond.c */
/* gl__path_each without the places whose node `skip` rejects (a rule's
 * where:, told from the node alone): a `**` walk does not even name them. */
int gl__path_each_but(const gl__path *p, gl__ectx *ec, const gl__subject *s, gl__path_fn fn,
                      void *ctx, const gl__cond *skip);
void gl__matches_reset(gl__matches *m);
void gl__matches_free(gl__matches *m);

/* ---- roster (roster.c) ---------------------------------------------- */

typedef struct gl__person {
	const char *id, *name;
	const char **emails, **roles, **groups;
	size_t nemails, nroles, ngroups;
	const gl_node *node;
} gl__person;

typedef struct gl__roster gl__roster;
/* A roster from a `people:` list, with `base` (may be NULL) under it: an id
 * the list lacks is looked up in base. Without a list, base itself.
 * Entries without an id are skipped. A list over a base is a plan's own:
 * its entries keep no e-mails (those prove authorship, GOV-SIG-001, and
 * only people.yaml, the base, may state them). */
const gl__roster *gl__roster_build(gl__arena *a, const gl_node *people, const gl__roster *base);
const gl__person *gl__roster_find(const gl__roster *r, const char *id);
/* The entry of id in the roster under r (people.yaml), never one the plan's
 * own `people:` adds; r itself when it has no base. NULL when none. */
const gl__person *gl__roster_find_base(const gl__roster *r, const char *id);
/* Checks people.yaml's `people:` list before it is built: every entry a
 * mapping with a non-empty id, `name` text, `emails`, `roles` and `groups`
 * lists of names (`email`, `role`, `group` also one name), no id twice (a
 * sign-off check would not know which entry is meant). 0; -1 with err
 * naming file:line:col of the first offending node; GL_ENOMEM. */
int gl__roster_check(const gl_node *people, const char *file, gl_err *err);
int gl__person_has(const char *const *list, size_t n, const char *v);

/* ---- evaluation context --------------------------------------------- */

typedef struct gl__pack_data gl__pack_data;

enum { GL__BLOB_ID = 20 };   /* bytes of a git object id */

/* What the provenance predicate needs of one plan (git blame). */
typedef struct gl__prov {
	struct gl__repo *repo;        /* NULL: not traced (no git, or provenance off) */
	const char *rev;              /* the revision the plan is read from, or NULL */
	const char *file;             /* root-relative */
	const char *buf;              /* the content being checked */
	size_t len;
	const unsigned char *blob;    /* the blob buf is (GL__BLOB_ID bytes), when read from git;
	                               * all zero when read from the work tree */
	const char *name, *email;     /* the committer identity, for uncommitted lines */
	struct gl__blame *blame;      /* made on first use, freed with the plan */
	char failed[1024];            /* why blame could not be made, once it failed */
} gl__prov;

typedef struct gl__ectx {
	const gl_node *root;          /* the plan */
	const gl__roster *people;     /* roster merged with the plan's people */
	const gl__pack_data *pack;    /* vocabularies */
	long today;                   /* --as-of, in days */
	gl__arena *arena;             /* scratch for this plan */
	gl_err *err;                  /* set when returning < 0 */
	const char *rule_id;
	const gl__subject *subject;   /* scratch for predicates that nest walks */
	const gl__subject *outer;     /* the rule's subject (`%` paths), or NULL: the plan */
	gl__filter_cache *filters;    /* the walks' indexes of long lists (malloc'd) */
	struct gl__idcache *idcache;  /* items' identities (malloc'd) */
	struct gl__setcache *sets;    /* plan-wide sets for lookups (malloc'd); all three freed per rule */
	const struct gl__plan_out *found;  /* the plan's findings so far */
	const struct gl__waivers *waivers; /* which of them are waived, or NULL */
	gl__prov *prov;               /* git blame of the plan, or NULL */
	const char *file;             /* the plan's file, for located errors */
} gl__ectx;

/* A failed requirement: where, and the value it is about. */
typedef struct gl__fail {
	const gl_node *loc;
	const gl__lpath *path;
	const char *value;   /* {value} in messages, may be NULL */
	const char *detail;  /* {detail}: what the predicate found wrong */
	const struct gl__tmpl *message; /* template of the failing condition, or NULL */
	gl__subject subject; /* what {field} in the message reads from (each) */
	int has_subject;
	const gl_node *whole; /* {value} without a value: this node, as {field} shows it
	                         ("(a mapping)"); a failure of the node as a whole */
} gl__fail;

typedef struct gl__fails {
	gl__fail *v;
	size_t n, cap;
	int oom;
	int decide;   /* the caller only decides pass/fail: no detail text */
} gl__fails;
/* The text of path p for a detail message: "" when `out` only decides, and
 * when memory runs out (out->oom set). */
const char *gl__ptext(gl__fails *out, gl__ectx *ec, const gl__lpath *p);
/* The detail text of a failure, or NULL when `out` only decides. */
const char *gl__detail(const gl__fails *out, gl__ectx *ec, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void gl__fails_add(gl__fails *f, const gl_node *loc, const gl__lpath *path, const char *value,
                   const char *detail);
/* A failure of node n as a whole, which holds no single value (a list or
 * a mapping where one is wanted, a `not:`'s subject): {value} shows n. */
void gl__fails_add_whole(gl__fails *f, const gl_node *n, const gl__lpath *path,
                         const char *detail);
void gl__fails_push(gl__fails *f, const gl__fail *x);
void gl__fails_free(gl__fails *f);

/* ---- predicates: one file each in checks/, one row in checks/table.c - */

typedef struct gl__pctx {
	gl__arena *arena;
	const char *file;       /* pack file, for messages */
	const char *rule_id;
	gl__pack_data *pack;
	gl_err *err;
	struct gl__packset *packs;   /* owns compiled patterns */
	int late;                    /* set by predicates that read other findings */
	int provenance;              /* set by the provenance predicate */
	int at_plan;                 /* paths compiled now start at the plan: '^' reaches nothing */
} gl__pctx;

typedef struct gl__check {
	const char *name;
	const char *summary;
	/* Reads the predicate's arguments from `spec`; -1 with err on error. */
	int (*compile)(void **args, const gl_node *spec, gl__pctx *pc);
	/* Appends failures to `out`. Returns 0, or -1 with ec->err set. */
	int (*eval)(const void *args, gl__ectx *ec, const gl__subject *s, gl__fails *out);
	/* Optional, for deciding (where:, if:, an any's later alternatives):
	 * the answer eval would give on a subject that is `node`, 1 passes or
	 * 0 fails, when the path is `@`; GL__ASK when it cannot tell from the
	 * node alone (another path, an error eval must report). The rule-wide
	 * `**` walks call it on every node of every plan: no walk, no failure
	 * kept, no text. */
	int (*test)(const void *args, const gl_node *node);
} gl__check;

enum { GL__ASK = 2 };

const gl__check *gl__check_find(const char *name);
const gl__check *const *gl__checks(void);

/* Shared argument helpers for predicates (checks/args.c). */
/* The path under `key`: one path, or a list of them evaluated in order. */
gl__path *gl__arg_path(gl__pctx *pc, const gl_node *spec, const char *key, int required);
/* `spec` itself is a path string, or a list of them (evaluated in order). */
gl__path *gl__arg_paths(gl__pctx *pc, const gl_node *spec);
/* The text under `key` in *out (NULL when absent); -1 with err set when it
 * is a list or a mapping, or absent though required. */
int gl__arg_str(gl__pctx *pc, const gl_node *spec, const char *key, int required, const char **out);
/* The message template of scalar n, compiled; NULL with err at n. */
const struct gl__tmpl *gl__arg_template(gl__pctx *pc, const gl_node *n);
int gl__arg_check_keys(gl__pctx *pc, const gl_node *spec, const char *const *allowed);
struct gl__vocab;
/* Compiles the patterns of `vocab`, or the one `pattern` (at `at`) when
 * vocab is NULL, into out[], kept by the packset; -1 with the error at the
 * bad pattern ("vocabulary NAME: ..." at its item in the vocabulary). */
int gl__arg_patterns(gl__pctx *pc, const gl_node *at, const struct gl__vocab *vocab,
                     const char *pattern, gl__regex **out);
int gl__arg_fail(gl__pctx *pc, const gl_node *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Zeroed memory from the pack's arena; NULL with err "out of memory". */
void *gl__arg_alloc(gl__pctx *pc, const gl_node *at, size_t n);

/* Hands a compiled pattern to the pack, which frees it with the pack. */
int gl__pack_keep_regex(gl__pctx *pc, gl__regex *re);
/* Notes that the rule being compiled names rule `id` (a scalar of its
 * pack, kept with the set), which gl__packset_check_refs looks up once
 * every pack is loaded: a later pack's rule may be named. 0, or -1 with
 * pc->err set. */
int gl__pack_refer(gl__pctx *pc, const gl_node *id);

/* A set of strings named by `values:`, `vocab:` or `paths:`. */
typedef struct gl__set {
	const char **values; size_t nvalues;
	gl__path *paths;      /* values these reach from the subject, or NULL */
	const struct gl__vocab *vocab;   /* found in the rule's pack when it compiled */
	/* the fixed members (values, then the vocabulary's), and sorted when
	 * there are GL__LONG_LIST or more (else NULL): made once */
	const char **fixed; size_t nfixed;
	const char **sorted;
} gl__set;
/* Reads the set from the keys of `spec`; -1 on error; 0 with an empty set
 * when none of the keys is present and !required. */
int gl__arg_set(gl__pctx *pc, const gl_node *spec, gl__set *out, int required);
/* Makes a set's fixed members from its values and vocabulary (sorted when
 * many), once: gl__arg_set does; a check that fills a set itself calls it. */
int gl__arg_set_fix(gl__pctx *pc, const gl_node *spec, gl__set *out);
/* Materialises the set for one subject (strings in ec->arena; a fixed set
 * is the pack's own array): a list a path reaches adds its scalar items. */
int gl__set_values(const gl__set *set, gl__ectx *ec, const gl__subject *s,
                   const char ***out, size_t *n);
int gl__set_has(const char *const *v, size_t n, const char *s);
/* Strings to look values up in, in two parts: a long part is also sorted,
 * so that checking every value of a list against it stays O(n log n). */
typedef struct gl__lookup {
	struct gl__lookup_part {
		const char *const *v;
		size_t n;
		const char **sorted;   /* v sorted, or NULL for a short list */
	} part[2];
} gl__lookup;
/* The values v[0..n) gathered from the plan (sorted here when many, a copy
 * in ec->arena). 0, or -1 with ec->err set when memory runs out. */
int gl__lookup_array(gl__lookup *l, gl__ectx *ec, const char *const *v, size_t n);
/* The members of `set` for subject s: its fixed members, sorted when the
 * pack compiled (never copied: a vocabulary may be long), and what its
 * paths reach: gathered (and sorted) once per rule when they are
 * plan-wide, so a rule checking every item of a list against another
 * list of the plan stays O(n log n). 0, or -1 with ec->err set. */
int gl__lookup_set(gl__lookup *l, gl__ectx *ec, const gl__set *set, const gl__subject *s);
/* Frees the sets gl__lookup_set gathered once for a rule: those whose
 * paths are plan-wide (gl__path_plan_wide), the same for every subject.
 * gl__filters_free calls it. */
void gl__sets_free(gl__ectx *ec);
/* How many members l has, and the first of them (NULL when none). */
size_t gl__lookup_size(const gl__lookup *l);
const char *gl__lookup_first(const gl__lookup *l);
/* first[i]: v[i] is the first of its text in v (n > 0), in arena a; NULL
 * when memory runs out. A long list is sorted to find them. */
unsigned char *gl__firsts(gl__arena *a, const char *const *v, size_t n);
int gl__lookup_has(const gl__lookup *l, const char *s);

/* Calls fn for every place `p` reaches from `s`; stops at the first
 * negative return. */
typedef int (*gl__match_fn)(const gl__match *m, const void *args, gl__ectx *ec,
                            gl__fails *out);
int gl__each_match(const gl__path *p, const void *args, gl__ectx *ec,
                   const gl__subject *s, gl__match_fn fn, gl__fails *out);
/* gl__each_match for the values `p` reaches: a list reached stands for its
 * items, each at its own logical path (`milestones[0]`), as `[*]` would
 * reach them; docs/rules-language.md, "Lists". */
int gl__each_value(const gl__path *p, const void *args, gl__ectx *ec,
                   const gl__subject *s, gl__match_fn fn, gl__fails *out);
/* The text of a scalar for comparisons: bools (true, True, TRUE, false...)
 * as true or false, anything else as written; NULL for collections and
 * nulls. Plan values and rule literals (values, equals, filters, sets)
 * alike go through it, so both sides compare the same way. */
const char *gl__value_text(const gl_node *n);

/* Scalars a path reaches that are strings/numbers/bools (text form). */
const char *gl__scalar_text(const gl_node *n);
/* The same, when it holds more than blanks (a name, a message, a
 * rationale); else NULL. */
const char *gl__nonblank_text(const gl_node *n);
/* 1 when text s holds nothing but blanks: Unicode White_Space and the
 * zero-width and format spaces (U+200B-U+200D, U+2060, U+FEFF); "" too. */
int gl__blank(const char *s);
/* 1 when n holds nothing: null, blank text, or a list or mapping with
 * nothing but such values inside, however deep ([{}], {a: [], b: ~});
 * false and 0 are values. */
int gl__empty(const gl_node *n);

/* ---- message templates (template.c) ---------------------------------- */

/* A template is text and placeholders, in order: each part spells its
 * source text[0..len) (the text itself for GL__T_TEXT). */
typedef enum {
	GL__T_TEXT, GL__T_DETAIL, GL__T_VALUE, GL__T_PATH, GL__T_PLAN, GL__T_RULE, GL__T_FIELD
} gl__tpart_kind;
typedef struct gl__tpart {
	gl__tpart_kind kind;
	const char *text;
	size_t len;
	gl__path *path;   /* GL__T_FIELD: the path from the subject */
} gl__tpart;
typedef struct gl__tmpl {
	gl__tpart *v;
	size_t n;
} gl__tmpl;
/* Compiles a template in arena a (it points into src, which must outlive
 * it); NULL with err ("bad path ...") when a placeholder is a bad path. */
gl__tmpl *gl__tmpl_compile(gl__arena *a, const char *src, gl_err *err);
/* "{detail}", the message of a rule without one. */
const gl__tmpl *gl__tmpl_detail(void);

/* ---- conditions (cond.c) -------------------------------------------- */

gl__cond *gl__cond_compile(gl__pctx *pc, const gl_node *spec);
/* Appends failures of `c` for subject `s`; with out == NULL only decides.
 * Returns 1 pass, 0 fail, -1 error. */
int gl__cond_eval(const gl__cond *c, gl__ectx *ec, const gl__subject *s, gl__fails *out);
/* 1 when c fails on a subject that is `node`, told by its first predicates'
 * test hooks alone (c a predicate, or a list starting with them); 0 when
 * it may hold or only evaluating it can tell. */
int gl__cond_rejects(const gl__cond *c, const gl_node *node);

/* ---- packs and rules (pack.c) --------------------------------------- */

typedef struct gl__vocab {
	const char *name;
	const char **values;
	size_t n;
	const gl_node *node;   /* the list, for errors at its items */
} gl__vocab;

struct gl__pack_data {
	const char *name, *version, *file;
	gl__vocab *vocabs;
	size_t nvocabs;
	const char *status_path;        /* status_field as written */
	gl__path *status;               /* status_field compiled: one value from the plan */
	/* status -> (from severity -> to severity) */
	struct gl__status_map { const char *status; gl_severity from, to; } *smap;
	size_t nsmap;
	const char *membership_roster;  /* roster field listing a person's groups */
	const gl_node *sources;         /* id -> citation, or NULL */
	const char **identity_keys;     /* what names a list item in fingerprints (NULL-terminated), or NULL */
};

const gl__vocab *gl__vocab_find(const gl__pack_data *p, const char *name);

typedef struct gl__sevmap { const char *status; gl_severity sev; } gl__sevmap;
/* The entry of the rule's own severity_by_status for `status` (NULL: none,
 * or no status), which wins over escalate and the pack's map. */
const gl__sevmap *gl__rule_own_status(const gl_rule *r, const char *status);

struct gl_rule {
	const char *id, *title, *area, *rationale, *help, *pack_name;
	const struct gl__tmpl *message;   /* NULL: {detail} */
	gl_severity severity;
	gl_enforcement enforcement;
	const gl__pack_data *pack;
	gl__path *owner;
	gl__cond *when;
	gl__path *subjects;    /* NULL: the plan itself */
	gl__cond *where;
	gl__cond **require;
	size_t nrequire;
	gl__sevmap *sevmap;    /* severity by plan status, overrides the pack's */
	size_t nsevmap;
	const char *detects;   /* loader diagnostic this rule reports, or NULL */
	const gl_rule *shadowed_by;   /* the rule of an earlier pack detecting the same, which
	                                 reports it instead: this one never does (eval.c) */
	const char **pass, **fail;  /* example plans (YAML text) */
	size_t npass, nfail;
	unsigned line, col;
	int disabled;
	int config_sev;        /* the config's severity for every plan, or -1 (run.c) */
	int late;              /* reads other rules' findings: runs after them */
	int provenance;        /* traces git authorship: config signoff_provenance applies */
	gl__cond *escalate_when;   /* escalate: the severity becomes escalate_to */
	gl_severity escalate_to;
	const char *escalate_text; /* escalate's `when` as flow YAML (pack.c), or NULL */
	const char *const *waiver_roles;   /* waiver_approvers: who may waive it, or NULL */
	size_t nwaiver_roles;
};

typedef struct gl__packset gl__packset;
/* Loads a pack from a buffer; -1 with err (file:line:col, rule id). */
int gl__pack_load(gl__packset *ps, const char *file, const char *buf, size_t len, gl_err *err);
/* Loads built-in pack `name`: with its rules' examples (gl_rule_example)
 * when `examples`, else from the text without them, which loads faster
 * and is otherwise the same, line for line (tools/embed.c). */
int gl__pack_load_builtin(gl__packset *ps, const char *name, int examples, gl_err *err);
gl__packset *gl__packset_new(void);
size_t gl__packset_nrules(const gl__packset *ps);
gl_rule *gl__packset_rule(const gl__packset *ps, size_t i);
gl_rule *gl__packset_find(const gl__packset *ps, const char *id);
/* After the last pack loads: every id gl__pack_refer noted names a rule
 * of the set or a built-in stand-in (gl__fallback_id); else -1 with err
 * at the first that does not. */
int gl__packset_check_refs(const gl__packset *ps, gl_err *err);
void gl__packset_free(gl__packset *ps);

/* The embedded files (generated at build time by tools/embed.c): a pack's
 * text whole (data) and without its rules' examples (lean, with libyaml's
 * events for it: a check replays them instead of parsing the text; NULL
 * and empty for a template). */
typedef struct gl__embedded {
	const char *name;
	const char *data;
	size_t len;
	const char *lean;
	size_t lean_len;
	gl__recording events;
} gl__embedded;
extern const gl__embedded gl__embedded_packs[];      /* rules/NAME.yaml */
extern const gl__embedded gl__embedded_templates[];  /* templates/: init/..., plan-schema.yaml */

/* ---- evaluating rules on one plan (eval.c) -------------------------- */

typedef struct gl__plan_out {
	gl_finding *v;
	size_t n, cap;
	int oom;
	gl__arena *arena;       /* owns the findings' strings */
	gl_plan plan;           /* strings in arena; findings share its file and id */
	unsigned id_line, id_col;   /* where the plan's `id` is; 0 when it has none */
	const char *id_status;      /* the status as the plan-id detector's pack reads it */
	int unread;                 /* no rule ran: the file is no plan mapping, or unreadable */
	const char *unreadable;     /* why the file could not be read at all, or NULL */
	const char *top_id;         /* then the id at its top, when one can be read, else NULL */
	unsigned omit;              /* the run's GL_OMIT_*: with GL_OMIT_LINE_HASH no file is hashed */
	struct gl__wlink *wlinks;   /* waivers' paths as this plan spells them otherwise
	                               (gl__waivers_note), in arena; NULL: none */
} gl__plan_out;

typedef struct gl__plan_in {
	const char *file;       /* relative path; outlives `out` (its plan and findings point at it) */
	const gl_doc *doc;
	const gl__roster *roster;
	const gl__packset *packs;
	const unsigned char *skip;  /* per rule index: disabled for this file */
	const signed char *sev;     /* per rule index: the config's severity, or -1 */
	long today;
	gl__prov *prov;             /* git blame for provenance, or NULL */
	size_t max_findings;        /* per rule in this plan; 0: no cap */
	const struct gl__waivers *waivers; /* for rules reading findings: waived ones do not count */
	gl__arena *scratch;         /* for evaluation (left to the caller), or NULL: its own */
	unsigned omit;              /* GL_OMIT_*: what the plan and findings leave out */
} gl__plan_in;

/* Where a finding points. */
typedef struct gl__finding_at {
	const char *plan, *file;
	unsigned line, col;
	const char *path;
	const char *identity;   /* the path as the fingerprint reads it, or NULL: path */
} gl__finding_at;

/* Appends a finding to `o` (strings copied into o->arena; the source line,
 * end column and line hash taken from `doc` when not NULL, the line hash
 * unless o->omit has GL_OMIT_LINE_HASH). NULL when memory runs out (o->oom
 * set). */
gl_finding *gl__add_finding(gl__plan_out *o, const gl_rule *r, gl_severity sev,
                            const gl__finding_at *at, const char *value, const char *message,
                            const char *owner, const gl_doc *doc);
/* Sorts a plan's findings by position and drops exact repeats (same rule,
 * place and message). */
void gl__findings_tidy(gl__plan_out *o);
/* Each plan of outs[0..n) whose id another plan also holds, among them and
 * the plans the run did not check (others, which it sorts), gets a finding
 * of the rule that detects plan-id (ids.c). doc_of, when not NULL, gives a
 * plan's document for the finding's source line (freed after); sev_of, when
 * not NULL, the rule's severity for that plan (the config's overrides and
 * the status maps), negative when the config disables it there. -1 out of
 * memory. */
typedef gl_doc *(*gl__doc_fn)(void *ctx, const gl__plan_out *po);
typedef int (*gl__sev_fn)(void *ctx, const gl__plan_out *po, const gl_rule *r);
typedef struct gl__other_id {
	const char *id, *file;
} gl__other_id;
int gl__plan_ids(gl__plan_out *outs, size_t n, gl__other_id *others, size_t nothers,
                 const gl__packset *ps, gl__doc_fn doc_of, gl__sev_fn sev_of, void *ctx);
/* 1 when one of others (sorted by gl__plan_ids) holds `id`. */
int gl__other_has_id(const gl__other_id *others, size_t nothers, const char *id);
/* A rule's severity on a plan with `status`, raised by its escalate when
 * `escalated` (eval.c; the config's overrides come first, elsewhere). */
gl_severity gl__rule_severity(const gl_rule *r, const char *status, int escalated);
/* A detector rule's severity on a plan with `status`, as any rule's but
 * without escalate, given the config's settings for the plan's file (skip
 * and sev per rule index, as run.c's rule_settings makes them; NULL for
 * none); -1 when the config disables it there. */
int gl__detector_severity(const gl__packset *ps, const unsigned char *skip,
                          const signed char *sev, const gl_rule *r, const char *status);
/* The rule that reports what the engine itself detects: "yaml-syntax",
 * "duplicate-key", "waiver" or "plan-id"; a built-in stand-in when no pack
 * has one. */
const gl_rule *gl__detector(const gl__packset *ps, const char *what);
/* The i-th built-in stand-in that gl__detector returns for these packs
 * (none has a rule detecting what it reports), or NULL past the last. */
const gl_rule *gl__builtin_rule(const gl__packset *ps, size_t i);
/* After the last pack loads: -1 with err (the rule's file:line:col) when a
 * rule has the id of a built-in stand-in that gl__detector returns, which
 * would make two rules of one id. */
int gl__detector_ids(const gl__packset *ps, gl_err *err);
/* After the last pack loads: marks each `detects:` rule that a rule of an
 * earlier pack detecting the same shadows (r->shadowed_by): gl__detector
 * never returns it, so it never reports. */
void gl__detector_shadows(gl__packset *ps);
/* 1 when id is that of a built-in stand-in these packs report under
 * (GOV-YAML-001, GOV-YAML-002, GOV-WVR-001, GOV-DOC-004, each while no
 * pack's rule detects what it reports: gl__builtin_rule). */
int gl__fallback_id(const gl__packset *ps, const char *id);

/* Evaluates every rule on one parsed plan; -1 with err on a broken rule. */
int gl__eval_plan(const gl__plan_in *in, gl__plan_out *out, gl_err *err);
/* Rule, plan id, logical path and the offending value (may be NULL). */
void gl__finding_fingerprint(gl_finding *f, const char *identity, const char *value);

/* ---- waivers (waivers.c) ------------------------------------------- */

typedef struct gl__waivers gl__waivers;
typedef struct gl__waiver_in {
	const char *file;          /* relative to the root, for findings */
	const char *buf;
	size_t len;
	const gl_limits *limits;
	const gl__packset *packs;
	const gl__roster *roster;
	const char *const *roles;  /* roles that may approve a waiver */
	size_t nroles;
	long today;
	const char *const *never;  /* roles that can never sign, so never approve one */
	size_t nnever;
	const unsigned char *skip; /* per rule index: disabled for the waivers file, or NULL */
	const signed char *sev;    /* per rule index: the config's severity there (-1: none) */
} gl__waiver_in;

/* Reads and validates waivers; what is wrong with an entry itself becomes
 * a finding in `po` (its dates and matches are judged with the plans:
 * gl__waivers_expiry, gl__waivers_unused). -1 with err when the file is
 * not YAML (exit 2) or memory runs out. */
int gl__waivers_load(gl__waivers **out, const gl__waiver_in *in, gl__plan_out *po, gl_err *err);
/* Notes, as finding f of plan output o is made (its path `identity` as
 * gl__lpath_identity spells it), what of the waivers of its rule and plan
 * o must know: for one naming items by identity that covers `identity`,
 * the same place by position (so the waiver covers f and whatever else
 * lies there); for one naming by position an item with an identity that
 * covers f's path, the item's identity (for the info saying to name it
 * so). Reads w only (workers call it). -1 out of memory (o->oom set). */
int gl__waivers_note(const gl__waivers *w, gl__plan_out *o, const gl_finding *f,
                     const char *identity);
/* 1 when a valid waiver matches f, of plan output o (what
 * gl__waivers_note noted there); changes nothing (workers ask it). */
int gl__waivers_covers(const gl__waivers *w, const gl__plan_out *o, const gl_finding *f);
/* Marks f, of plan output o, waived when a valid waiver matches it: by the
 * one of them that expires last (the first in the file on a tie). */
void gl__waivers_apply(gl__waivers *w, const gl__plan_out *o, gl_finding *f);
/* What a run says of a valid waiver of a plan that no finding went to:
 * judge it (stale or superseded), leave it (a plan the run does not
 * check), or say it could not be judged: its plan, *file, was not read,
 * or no plan read has its id and *file, whose id could not be read
 * either, may be its plan. */
typedef enum {
	GL__WAIVER_JUDGE, GL__WAIVER_LEAVE, GL__WAIVER_UNREAD, GL__WAIVER_MAYBE
} gl__waiver_judge;
/* What the run says of the waivers of plan id `plan` (*file: see above). */
typedef gl__waiver_judge (*gl__waiver_judge_fn)(void *ctx, const char *plan, const char **file);
/* Reports the expired waivers (error: their findings count again; a
 * warning when a valid waiver covers all they did) and, as info, those
 * expiring within 14 days, of the plans `judge` does not leave (every one
 * when it is NULL): like whether a waiver matches, a judgement of a
 * waiver of a plan, so a run checking only other plans leaves it. -1 out
 * of memory. */
int gl__waivers_expiry(gl__waivers *w, const gl__waiver_in *in, gl__plan_out *po,
                       gl__waiver_judge_fn judge, void *ctx);
/* Reports valid waivers no finding went to (superseded when the findings
 * they matched went to others), as `judge` says (every one judged when it
 * is NULL), and, as info, those that waived a finding naming by position
 * an item with an identity. */
int gl__waivers_unused(gl__waivers *w, const gl__waiver_in *in, gl__plan_out *po,
                       gl__waiver_judge_fn judge, void *ctx);
void gl__waivers_free(gl__waivers *w);

/* ---- config (config.c) ---------------------------------------------- */

typedef struct gl__override {
	const char **rules; size_t nrules;
	const char **files; size_t nfiles;
	const char **disable; size_t ndisable;
	int has_sev;
	gl_severity sev;
	unsigned line, col;   /* in the config, for messages */
} gl__override;

#define GL__MAX_DEPTH 4096   /* the highest limits.max_depth a config may set */

typedef struct gl__config {
	gl__arena *arena;
	gl_doc *doc;
	const char *file;             /* NULL when defaults */
	/* The config's name relative to the root (.govlint.yaml, or --config's
	 * when inside the repository, where a plans glob or a git change may
	 * list it), NULL when it lies outside. */
	const char *rel;
	const char *rel_target;   /* where rel leads when it is a symlink inside, else NULL */
	const char **plans; size_t nplans;
	const char *roster;
	const char **packs; size_t npacks;
	gl__override *overrides; size_t noverrides;
	gl_severity fail_on;
	gl_limits limits;
	int provenance;                   /* signoff_provenance: -1 unset, 0 off, 1 warn, 2 require */
	const char *waivers;              /* file name; default waivers.yaml */
	int waivers_explicit;             /* named in the config: must exist */
	const char **waiver_roles; size_t nwaiver_roles;
	const char **never_sign; size_t nnever_sign;   /* roles whose holders cannot approve */
} gl__config;

int gl__config_load(gl__config *c, const char *root, const char *explicit_path, gl_err *err);
/* The defaults, then the config in buf (NULL: none) named `name` in messages. */
int gl__config_parse(gl__config *c, const char *name, const char *buf, size_t len, gl_err *err);
void gl__config_free(gl__config *c);
/* The root-relative file of a `packs:` entry, or NULL for a built-in name. */
const char *gl__config_pack_file(const char *name);
/* 1 when root-relative rel is the config: .govlint.yaml, or --config's
 * name or the file it links to, inside the repository. */
int gl__config_is_self(const gl__config *c, const char *rel);
/* What root-relative rel is among the files a run reads that are no plan
 * ("the roster", "the configuration", "a rule pack", "the waivers file"),
 * or NULL. */
const char *gl__config_role(const gl__config *c, const char *rel);

/* ---- finding plans in a repository (files.c) ------------------------ */

/* 1 when `path` (with '/' separators) matches `glob` (*, ?, **, {a,b}). */
int gl__glob_match(const char *glob, const char *path);
/* 1 when `glob` could match a file below folder `dir`, segment by segment
 * (a `**` segment matches any folders). */
int gl__glob_enters(const char *glob, const char *dir);
/* Why a submodule is listed and not read, wherever it is listed from. */
#define GL__SUBMODULE "submodule: not checked"
/* Lists the files below root matching any glob, sorted. An entry with a
 * non-NULL why[i] was not followed (a symlink that leaves root, loops or
 * dangles, or leads to a folder; a folder that cannot be read) and says
 * why. A folder holding .git (a file or a folder) is another repository,
 * a submodule: it is not entered, and is listed, why[i] GL__SUBMODULE, when
 * a glob matches it or could match a file in it, as gl__repo_list lists a
 * gitlink. */
typedef struct gl__filelist {
	char **v, **why;
	size_t n, cap;
	size_t links;   /* entries the work tree's walk found as symlinks */
} gl__filelist;
int gl__list_files(const char *root, const char *const *globs, size_t nglobs,
                   gl__filelist *out, gl_err *err);
/* The walk's verdict on the symlink at `full`: NULL when its target is
 * inside real_root (the repository root, absolute and real), with that
 * target in `real`; else why it is not followed ("symlink leaves the
 * repository: not followed", "symlink loop: ...", "dangling symlink: ..."). */
const char *gl__link_why(const char *real_root, const char *full, char real[PATH_MAX]);
/* The same verdict on real_root/rel: on the first symlink along rel, a
 * folder or the file itself. NULL when every one stays inside; `full` is
 * then real_root/rel, or the target when the file itself is a symlink. */
const char *gl__path_why(const char *real_root, const char *rel, char full[PATH_MAX]);
/* The planning repository holding the folder `dir`, as `check dir` finds
 * it (the nearest folder, from dir upwards as written, with a config, a
 * roster, plans/ or .git), real, in `root`. 1 when it holds a config, a
 * roster or plans/; 0 when only .git (or nothing) was found; -1 with err
 * when dir is no folder. (run.c) */
int gl__planning_root(const char *dir, char root[PATH_MAX], gl_err *err);
/* `abs` relative to the working folder when below it, for messages. */
char *gl__display_path(gl__arena *a, const char *abs);
/* Sorts by name, carrying each reason along; -1 out of memory. */
int gl__filelist_sort(gl__filelist *l);
void gl__filelist_free(gl__filelist *l);

/* ---- git (repo.c): the only libgit2 user ----------------------------- */

/* A git work tree with a planning root inside it. Nothing here writes to
 * the repository or checks anything out. Calls on one gl__repo are
 * serialised, so a run's worker threads may share it. GIT_INDEX_FILE (set
 * by git for hooks, e.g. during `git commit -a`) names the index to read;
 * a relative one is relative to the work tree, as in git. */
typedef struct gl__repo gl__repo;
typedef enum { GL__SRC_WORKTREE, GL__SRC_INDEX, GL__SRC_REV } gl__src;
/* Opens the git repository holding `root` (discovering .git upwards, not
 * past $GIT_CEILING_DIRECTORIES). -1 with err when there is none ("not in a
 * git repository: PATH"), when it is bare, when root is inside .git, etc.;
 * GL_ENOMEM out of memory. `root` is the planning repository's path: file paths in the calls below
 * are relative to it (it may be a subfolder of the git work tree). */
int gl__repo_open(gl__repo **out, const char *root, gl_err *err);
/* Files of the index (GL__SRC_INDEX) or of revision `rev` (GL__SRC_REV: any
 * revspec; NULL means HEAD) below root that match one of the globs
 * (gl__glob_match on the root-relative path), sorted, into `out` (why[i]
 * NULL). As in gl__list_files, names starting with '.' are skipped at every
 * level. Submodules (gitlinks) and unmerged paths are listed with why[i]
 * set ("submodule: not checked", "unmerged in the index: not checked"); a
 * submodule is listed when a glob could match a file in it. Intent-to-add
 * entries (git add -N) are not staged content and are skipped. HEAD of a
 * repository without commits lists nothing. GL__SRC_WORKTREE is
 * gl__list_files on root. */
int gl__repo_list(gl__repo *r, gl__src src, const char *rev, const char *const *globs,
                  size_t nglobs, gl__filelist *out, gl_err *err);
/* Reads one root-relative file from the index or a revision (NULL: HEAD)
 * into a malloc'd, NUL-terminated buffer; refuses (err) above `max` bytes
 * without reading it all (the size comes from the object header), and
 * refuses submodules and folders. A symlink blob (mode 120000) is followed
 * as the work tree's walk follows one: to a file inside the root, at most
 * 40 links ("symlink leaves the repository: not followed", "dangling
 * symlink: ...", "symlink loop: ..."). A file that is simply not there
 * returns GL__ABSENT (negative; err says "PATH: not in the git index" or
 * "not in revision 'REV'"), so an optional file (config, waivers) can be
 * told from a broken one; other errors return -1. GL__SRC_WORKTREE is
 * gl__read_file on root/path. Content is the blob as stored (no filters);
 * `blob`, when not NULL, receives its id (GL__BLOB_ID bytes). */
enum { GL__ABSENT = -3 };
/* The root-relative path of the file gl__repo_read reads for `path` (the
 * file a symlink leads to), in `out`; path itself when it is no symlink or
 * cannot be followed. */
const char *gl__repo_origin(gl__repo *r, gl__src src, const char *rev, const char *path,
                            char out[PATH_MAX]);
/* gl__repo_origin of each of n paths, in one look at the index or the
 * revision: out[i] malloc'd (the caller frees each), or NULL when it is
 * paths[i] itself. -1 out of memory. */
int gl__repo_origins(gl__repo *r, gl__src src, const char *rev, const char *const *paths,
                     size_t n, char **out);
int gl__repo_read(gl__repo *r, gl__src src, const char *rev, const char *path, size_t max,
                  char **buf, size_t *len, unsigned char *blob, gl_err *err);
/* gl__repo_read from the index, for a look at a file's top (another plan's
 * id): a work-tree file that git's stat data vouches for, as `git status`
 * trusts it, is taken without hashing it to prove it the staged blob
 * (unless it holds a carriage return or "$Id", which git's filters would
 * change). A filter driver that git runs and libgit2 does not (git-lfs,
 * git-crypt) is the exception: there the work tree's file is taken. */
int gl__repo_peek(gl__repo *r, const char *path, size_t max, char **buf, size_t *len,
                  gl_err *err);
/* Root-relative paths that differ between the merge base of `rev` (NULL:
 * HEAD) and HEAD, and `against` (GL__SRC_INDEX: the index; GL__SRC_WORKTREE:
 * the work tree, staged or not, including untracked files that are not
 * ignored), including renames (both old and new paths) and deletions,
 * sorted and unique, into out (why[i] NULL). Hidden files (.govlint.yaml)
 * are listed. Without commits, everything in the index or work tree. */
int gl__repo_changed(gl__repo *r, const char *rev, gl__src against, gl__filelist *out,
                     gl_err *err);
/* Who authors the next commit, for sign-offs that are staged but not
 * committed: $GIT_AUTHOR_NAME / $GIT_AUTHOR_EMAIL (git exports them to its
 * hooks), else git config author.name / author.email, else user.name /
 * user.email. malloc'd; -1 with err when unset, GL_ENOMEM out of memory. */
int gl__repo_identity(gl__repo *r, char **name, char **email, gl_err *err);
/* Short id (7 hex) and summary line of a revision, for report headers;
 * HEAD when rev is NULL. "(no commits)" for HEAD of an empty repository. */
int gl__repo_describe(gl__repo *r, const char *rev, char out[128], gl_err *err);
/* The work tree (absolute, real, no trailing '/'; "/" for the root folder)
 * and the planning root relative to it ("" or "sub/dir", no trailing '/'). */
const char *gl__repo_workdir(const gl__repo *r);
const char *gl__repo_prefix(const gl__repo *r);
/* git's own files, which a report must never replace: the git folder (a
 * linked worktree's own), the common one (objects, refs, config: the git
 * folder itself outside a linked worktree) and the index file
 * ($GIT_INDEX_FILE when set; NULL when there is none). Absolute, valid
 * while r is open. */
void gl__repo_git_paths(gl__repo *r, const char **dir, const char **common, const char **index);
/* The folder git runs hooks from: core.hooksPath (~ expanded; a relative
 * one is relative to the work tree) or the repository's hooks folder.
 * malloc'd, absolute, no trailing '/'. It need not exist. *shared names
 * the config (static text) when core.hooksPath comes from one that every
 * repository reads (global, XDG, system, the environment's
 * GIT_CONFIG_COUNT), else is NULL. */
int gl__repo_hooks_dir(gl__repo *r, char **dir, const char **shared, gl_err *err);
void gl__repo_free(gl__repo *r);

/* git's config as the git program reads it (gitconfig.c), which gl__repo_open
 * gives libgit2: the system file unless GIT_CONFIG_NOSYSTEM (the file
 * GIT_CONFIG_SYSTEM names instead of /etc/gitconfig), the XDG and global
 * files (the one GIT_CONFIG_GLOBAL names instead of both), the
 * repository's, then the entries GIT_CONFIG_COUNT, GIT_CONFIG_KEY_<n> and
 * GIT_CONFIG_VALUE_<n> set. -1 with err where git would stop (a bad
 * GIT_CONFIG_COUNT entry or GIT_CONFIG_NOSYSTEM, a file it cannot read),
 * GL_ENOMEM out of memory. The caller frees *out (git_config_free). */
struct git_config;
struct git_repository;
int gl__git_config(struct git_config **out, struct git_repository *repo, gl_err *err);
/* Sets err to the formatted text, then ": " and libgit2's last error, on
 * one line; returns -1. (repo.c, for gitconfig.c too) */
int gl__git_fail(gl_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* p, from an allocation of govlint's git code: when it is NULL, libgit2's
 * last error says out of memory (GIT_ERROR_NOMEMORY), so that whoever
 * reads it after a failed walk or blame tells memory running out from a
 * history git cannot give. (repo.c, for history.c too) */
void *gl__git_nomem(void *p);
/* Where a config level read everywhere comes from, for a message ("global
 * (~/.gitconfig)", "environment (GIT_CONFIG_COUNT)", ...); NULL for the
 * repository's own. Static text. */
const char *gl__git_config_shared(int level);
/* "a/b" from a and b; a may be "" (then b), and a's trailing "/" is not
 * doubled. malloc'd; NULL out of memory. (repo.c) */
char *gl__path_join(const char *a, const char *b);
/* 1 when the clone is shallow: history, and so authorship, is cut off. */
int gl__repo_shallow(gl__repo *r);

/* A guard against a git read that never ends (watchdog.c): while a
 * repository is open (gl__watch_begin at each open, gl__watch_end at each
 * close), a run whose progress stands still for the stall limit (60 s, or
 * GOVLINT_GIT_STALL seconds) is ended with exit 2 and a message. Long
 * loops count their steps with gl__progress (any thread, lock-free). */
void gl__watch_begin(void);
void gl__watch_end(void);
void gl__progress(void);

/* A YAML line (s[0..n), no '\n') in a form that leaves out only the
 * whitespace that cannot change a parsed value (linenorm.c): indentation,
 * trailing blanks and a CR, blanks next to flow punctuation; the blanks
 * after an indicator (": ", "- ", "? ") and before a comment made one
 * space. Blanks inside a scalar and quoted scalars are kept, so two lines
 * with one form hold the same values. Writes at most n bytes to out (no
 * NUL) and returns how many. */
size_t gl__norm_line(const char *s, size_t n, char *out);
/* Every line of s[0..n) as gl__norm_line makes it, one '\n' after each,
 * the last too (a newline at the end of a file is whitespace that changes
 * no value): as many lines. malloc'd and NUL-terminated, its length in
 * *len; NULL out of memory. */
char *gl__norm_text(const char *s, size_t n, size_t *len);

/* ---- a file's lines traced back through history (history.c) --------- */

/* git blame's walk on libgit2's primitives. libgit2 1.5's git_blame_file
 * diffs a commit's whole tree against its parent's, with rename detection,
 * at every commit that changed the file, so blaming each of N plans through
 * commits that touch them all costs N x N. A tracer reads each commit's
 * parents, and the paths it changed with their blobs in each parent, once
 * for every file it traces, so a walk reads no tree; it diffs two blobs
 * only where the file changed, and looks for a rename only where its path
 * is absent from a parent. A tracer belongs to one thread. */
typedef struct gl__tracer gl__tracer;
typedef struct gl__trace gl__trace;
struct git_oid;
typedef struct gl__traced_line {   /* where one line of the file came from */
	const struct git_oid *commit;  /* the commit that wrote it */
	const struct git_oid *blob;    /* the file's blob in that commit */
	const char *path;              /* the file's path in that commit */
	unsigned line;                 /* the line's number there, from 1 */
	int cut;                       /* 1: traced to a commit a shallow clone cuts at
	                                  (written there or before, by whom unknown) */
} gl__traced_line;
/* How a trace compares two versions of a line. */
typedef enum gl__blanks {
	GL__BLANKS_IGNORED,   /* a change of blanks alone changes no line (git blame -w) */
	GL__BLANKS_NORMAL     /* lines compared in gl__norm_line's form: a reformat
	                       * changes no line, a blank put inside a value does */
} gl__blanks;
/* A tracer for repository git (it stays the caller's), with the commits a
 * shallow clone cuts at read from its `shallow` file. -1 out of memory. */
int gl__tracer_new(struct git_repository *git, gl__tracer **out);
void gl__tracer_free(gl__tracer *t);
/* t looks each commit's change to a file up along the file's path, rather
 * than reading every path the commit changed, shared by all the files t
 * traces: for a tracer of one file (the pre-commit hook's one staged plan),
 * where comparing whole folders of plans was a sixth of a long history's
 * trace. For more files it costs more: each walk reads the trees again. */
void gl__tracer_by_path(gl__tracer *t);
/* A trace of each line of `path` as commit `newest` has it (blob `blob`,
 * whose content is text[0..len), which must stay valid until
 * gl__trace_free) to the commit that last changed it, following every
 * parent of a merge and a rename where the path is absent from a parent,
 * lines compared as `blanks` says. The history is walked as lines are
 * asked for (gl__trace_line), newest commit first, and only as far back
 * as the oldest line asked for was written. -1 with
 * libgit2's error set (commit `newest` cannot be read, or memory ran out:
 * GIT_ERROR_NOMEMORY, as for every failed allocation of the walk). */
int gl__trace_file(gl__tracer *t, const struct git_oid *newest, const char *path,
                   const struct git_oid *blob, const char *text, size_t len, gl__blanks blanks,
                   gl__trace **out);
/* Line `line` (from 1) of the traced file into *out (NULL past its last
 * line), valid until gl__trace_free; the same whatever lines were asked
 * for before. -1 with libgit2's error set when the walk it takes fails (a
 * missing object, a parent a damaged clone lacks) or out of memory; the
 * walk stops there, and every line not traced by then fails too, with no
 * error set again. t's thread only. */
int gl__trace_line(gl__trace *tr, size_t line, const gl__traced_line **out);
void gl__trace_free(gl__trace *tr);
/* For each line n (1..new_n) of new, map[n] = its line in old when a diff
 * of the two leaves it unchanged, else 0 (lines past old_n are 0 too);
 * ignore_ws: blanks alone do not change a line. -1 with libgit2's error. */
int gl__line_map(const char *old, size_t old_len, size_t old_n, const char *new_,
                 size_t new_len, size_t new_n, int ignore_ws, unsigned *map);
/* gl__line_map of the two texts with each line in gl__norm_line's form
 * (GL__BLANKS_NORMAL's comparison). -1 with libgit2's error. */
int gl__norm_map(const char *old, size_t old_len, size_t old_n, const char *new_,
                 size_t new_len, size_t new_n, unsigned *map);

/* Who wrote a line (blame), for sign-off provenance. */
typedef struct gl__line_author {
	char commit[8];          /* short id; "" for a line not yet committed */
	char *name, *email;      /* the commit's author, or the committer identity */
	char date[11];           /* YYYY-MM-DD of the commit, "" when not committed */
	char **signed_off;       /* e-mails of the commit's Signed-off-by trailers */
	size_t nsigned;
	int cut;                 /* 1: written at or before a shallow clone's oldest
	                          * commit, by no one known (the rest is empty) */
} gl__line_author;
typedef struct gl__blame gl__blame;
/* r will blame one plan (the pre-commit hook's staged plan): its history
 * is walked by the plan's path alone (gl__tracer_by_path). Before r's
 * first blame, which makes its tracer. */
void gl__repo_trace_one(gl__repo *r);
/* Blames root-relative `path` as it is in `buf` (the content being checked,
 * staged or in the work tree) against HEAD, or against revision `rev` when
 * buf is the file as rev has it (history after rev does not count):
 * committed lines by their commit's author, a change that keeps a line's
 * gl__norm_line form (a reformat) not counting, one that puts a blank
 * inside a value counting; lines not yet committed by name/email (the
 * committer identity). In a shallow clone, a line written at or before a
 * commit the clone is cut at has an author with `cut` set. `blob`,
 * GL__BLOB_ID bytes, is the blob buf was read from (all zero: the work
 * tree's, taken for the blob the index stages when git's stat data
 * vouches for the file and no filter applies), so that a committed
 * version that is the same blob is not read again. The history is walked
 * as gl__blame_line asks for lines, and no further. -1 with err when git
 * cannot give the blame (a missing object, a shallow cut), GL_ENOMEM out
 * of memory. */
int gl__repo_blame(gl__repo *r, const char *rev, const char *path, const char *buf, size_t len,
                   const unsigned char *blob, const char *name, const char *email,
                   gl__blame **out, gl_err *err);
/* The author of 1-based `line` into *out, NULL when it has none (past the
 * end). The history is walked as far as the line needs (gl__trace_line):
 * -1 with err saying why when it cannot be (and so for every line not
 * traced before the walk failed), GL_ENOMEM out of memory. Not
 * thread-safe per gl__blame. */
int gl__blame_line(gl__blame *b, unsigned line, const gl__line_author **out, gl_err *err);
void gl__blame_free(gl__blame *b);

/* ---- where a run reads from (source.c) and what it checks (select.c) - */

typedef struct gl__source {
	const char *root;      /* the planning repository, absolute */
	gl__repo *repo;        /* NULL: the work tree */
	gl__src src;
	const char *rev;       /* GL__SRC_REV: the revision */
} gl__source;

/* Reads root-relative `rel`; GL__ABSENT when the source lacks it, -1 with
 * err ("REL: why") when it cannot be read, GL_ENOMEM when memory runs out
 * reading the work tree. */
int gl__source_read(const gl__source *s, const char *rel, size_t max, char **buf, size_t *len,
                    gl_err *err);
/* gl__source_read for a look at the file's top (another plan's id): from
 * the index, gl__repo_peek. */
int gl__source_peek(const gl__source *s, const char *rel, size_t max, char **buf, size_t *len,
                    gl_err *err);
/* gl__source_read, with the id of the blob read in `blob` (GL__BLOB_ID
 * bytes; all zero when the source is the work tree). */
int gl__source_read_blob(const gl__source *s, const char *rel, size_t max, char **buf,
                         size_t *len, unsigned char *blob, gl_err *err);
int gl__source_list(const gl__source *s, const char *const *globs, size_t nglobs,
                    gl__filelist *out, gl_err *err);
/* Where git history holds what was read at `rel`: when rel is a symlink to
 * a file inside the root, that file's root-relative path (a symlinked
 * plan's lines were committed there, not at the link), in `out`; else rel. */
const char *gl__source_origin(const gl__source *s, const char *rel, char out[PATH_MAX]);
/* Which of the n root-relative paths are, in the source, the same file as
 * one of the m others, by its name or another: in the work tree, the same
 * device and inode (a symlink or a hard link to it); in git, which has no
 * hard links, the same file once symlinks are followed (gl__source_origin).
 * same[i] is the index of that other, or m when there is none. -1 out of
 * memory. `direct`: no path is a symlink or below one (a walk's listing
 * that found none, gl__filelist.links): in the work tree, unless an other
 * is reached through a symlink or has another name (a hard link), none is
 * then the same file, and no path is stat'ed. */
int gl__source_same(const gl__source *s, const char *const *paths, size_t n,
                    const char *const *others, size_t m, size_t *same, int direct);
/* The "why" of a gl__source_read error, without the leading "REL: ". */
const char *gl__source_why(const char *rel, const gl_err *err);

typedef struct gl__selection {
	gl__filelist *files;
	const char *const *filters;   /* root-relative PATH arguments */
	size_t nfilters;
	const gl__config *cfg;
	const gl__source *src;
} gl__selection;
/* Drops what the plans globs list but is no plan: the config, the roster,
 * the waivers file, a local pack, named so or the same file in src under
 * another name (gl__source_same). -1 out of memory. */
int gl__select_plans_only(gl__filelist *files, const gl__config *cfg, const gl__source *src);
/* Narrows files to the PATH filters (see select.c). */
int gl__select_paths(const gl__selection *s, gl_err *err);
/* Keeps the files in `changed`, or whose symlink's target is (read from
 * src), unless config, roster, waivers or a local pack changed: then all.
 * -1 out of memory. */
int gl__select_since(gl__filelist *files, const gl__filelist *changed, const gl__config *cfg,
                     const gl__source *src);
/* Keeps shard k (1-based) of n, by a hash of each path. */
int gl__select_shard(gl__filelist *files, unsigned k, unsigned n);
/* 1 when `path` falls in shard k of n (always when n <= 1). */
int gl__in_shard(const char *path, unsigned k, unsigned n);
/* 1 when a plan the source no longer has, at `rel`, falls in what a run
 * selects: under one of the PATH filters (when there are any), in
 * `changed` (--since's diff, when it narrowed the plans; else NULL) and in
 * shard k of n. */
int gl__selects_gone(const char *rel, const char *const *filters, size_t nfilters,
                     const gl__filelist *changed, unsigned k, unsigned n);

/* ---- reports ---------------------------------------------------------- */

int gl__report_text(const gl_run *run, const gl_report_opts *o, gl__buf *b);
int gl__report_json(const gl_run *run, const gl_report_opts *o, gl__buf *b);
int gl__report_sarif(const gl_run *run, const gl_report_opts *o, gl__buf *b);
int gl__report_junit(const gl_run *run, const gl_report_opts *o, gl__buf *b);
int gl__report_github(const gl_run *run, const gl_report_opts *o, gl__buf *b);
int gl__report_markdown(const gl_run *run, const gl_report_opts *o, gl__buf *b);
int gl__report_html(const gl_run *run, const gl_report_opts *o, gl__buf *b);
void gl__json_str(gl__buf *b, const char *s);
/* XML text or attribute value: & < > " ' escaped; characters XML 1.0
 * forbids (controls, invalid UTF-8) become U+FFFD; tab, LF, CR as &#N;. */
void gl__xml_str(gl__buf *b, const char *s);
/* The same for HTML, where &#13; and noncharacters are parse errors: tab,
 * LF and CR become spaces (as markdown writes controls), noncharacters
 * (U+FDD0 to U+FDEF, U+FFFE, U+FFFF, U+1FFFE...) U+FFFD as well. */
void gl__html_str(gl__buf *b, const char *s);
/* Length of the UTF-8 sequence at p and its code point; 0 when invalid. */
size_t gl__utf8_decode(const unsigned char *p, uint32_t *cp);
/* When the run checks only some plans, `open`, what chose them, `close`:
 * "in the path given" (or "paths"), "changed since REV", "shard K of N",
 * joined by ", ", with REV written by rev(); nothing when it checks all. */
void gl__report_selection(gl__buf *b, const gl_run *run, const char *open, const char *close,
                          void (*rev)(gl__buf *b, const char *s));
/* One GitHub workflow command (a line) for f, escaped as GitHub requires;
 * its file is f's with prefix before it (gl_run_worktree_prefix). */
void gl__github_annotation(gl__buf *b, const char *prefix, const gl_finding *f);
/* A finding as text prints it: its line, then its source line and caret. */
void gl__text_finding(gl__buf *b, const gl_finding *f, int color);

/* The committee view shared by markdown and html (report_gaps.c). */
enum { GL__NAREAS = 10 };
/* The rules a report lists: the active ones in run order, then any rule a
 * finding names that is not among them (a built-in loader rule). A new
 * array in *out (free() it); returns the count, or -1 out of memory. */
long gl__report_rules(const gl_run *run, const gl_rule ***out);
/* Index of r in rules[0..n), or -1. */
long gl__rule_index(const gl_rule *const *rules, size_t n, const gl_rule *r);
/* The matrix column of an area (unknown areas go to column 0, "plan"). */
size_t gl__area_column(const char *area);
const char *gl__area_label(size_t column);
/* Where a finding goes in a plan's checklist, in this order. */
typedef enum { GL__GAP_BLOCKING, GL__GAP_OTHER, GL__GAP_WAIVED, GL__GAP_KINDS } gl__gap_kind;
typedef struct gl__gap_plan {
	const gl_plan *plan;
	size_t first;                    /* index of its first finding in the run */
	size_t blocking, other, waived;
	size_t cell[GL__NAREAS][GL__GAP_KINDS];   /* [column][kind]: gaps of each kind */
	int checked[GL__NAREAS];         /* some rule the config leaves on checks the area here */
	int unreadable;                  /* not a plan: only loader rules ran */
	int waivers_file;                /* the waivers file, not a plan */
} gl__gap_plan;
typedef struct gl__gaps {
	gl__gap_plan *plans;             /* by blocking gaps (desc), then id */
	size_t nplans, blocking, other, waived;
	size_t real, blocked, waived_only, clean;   /* plans (not waivers.yaml): all, with blocking
	                                             * gaps, with waived gaps only, with none */
	size_t file_blocking, file_other;   /* the gaps of the waivers file */
	int unreadable;                  /* some plan is unreadable */
	int waived_cell;                 /* some cell holds waived gaps only */
	const gl_rule *packs[16];        /* first rule of each pack, in order */
	size_t npacks;
	const char *base_rev;            /* --baseline REV: only gaps new since REV, else NULL */
	size_t base_new, base_known, base_gone;   /* new, REV had (not listed), REV had and gone */
	size_t base_unwaived;            /* of the new, those REV had waived and no longer are */
} gl__gaps;
int gl__gaps_build(const gl_run *run, gl__gaps *g);   /* -1 out of memory */
/* "5 plans: 3 with blocking gaps, 1 with other gaps only, 1 without gaps.
 * 9 blocking gaps, 4 other gaps." (plain text, no markup); when a gap is
 * waived, also "N with waived gaps only" and ", N waived gaps"; with a
 * baseline, "... with new blocking gaps ...". */
void gl__gaps_totals(gl__buf *b, const gl__gaps *g);
/* With a baseline: "compared with REV, N gaps are new (U no longer
 * waived); K gaps that REV already had are not shown, and A that it had
 * are gone." (the parenthesis only when U is not 0; plain text,
 * `rev` writing REV escaped for the format). Nothing without one. */
void gl__gaps_baseline(gl__buf *b, const gl__gaps *g, void (*rev)(gl__buf *b, const char *s));
/* What a plan or cell without gaps shows: "no gaps found", or with a
 * baseline "no new gaps found"; `sentence`: capitalised, with a full stop. */
const char *gl__gaps_none(const gl__gaps *g, int sentence);
/* What a plan without open gaps says above its lists: gl__gaps_none's
 * sentence, or when some are waived "No open gaps; N waived." ("No new
 * open gaps; ..." with a baseline). Plain text. */
void gl__gaps_plan_none(gl__buf *b, const gl__gaps *g, const gl__gap_plan *gp);
/* What a cell whose gaps are all waived means, for the legend: "gaps, all
 * waived" ("new gaps, all waived" with a baseline). */
const char *gl__gaps_waived_key(const gl__gaps *g);
gl__gap_kind gl__gap_kind_of(const gl_run *run, const gl_finding *f);
size_t gl__gap_count(const gl__gap_plan *gp, gl__gap_kind k);
const char *gl__gap_label(gl__gap_kind k);   /* "Blocking", "Not blocking", "Waived" */
/* How the gap list's formats (report_markdown.c, report_html.c) write a
 * plan's lists: the label of a list of n gaps of a kind, a gap (blocking
 * or not), a waived gap with why it is waived (the waiver's text, or
 * "waived"), and what closes a list. */
typedef struct gl__gap_style {
	void (*open)(gl__buf *b, gl__gap_kind kind, size_t n);
	void (*item)(gl__buf *b, const gl_finding *f, int blocking);
	void (*waived)(gl__buf *b, const gl_finding *f, const char *why);
	const char *close;
} gl__gap_style;
/* The plan's findings as lists, blocking, other and waived, in the
 * plan's order, each under its label; a kind without gaps has none. */
void gl__gaps_lists(gl__buf *b, const gl_run *run, const gl__gap_plan *gp,
                    const gl__gap_style *style);
/* "waived until DATE by WHO: REASON (REFERENCE)", for the report to escape;
 * in arena a, NULL when memory runs out. */
char *gl__waiver_text(gl__arena *a, const gl_waiver *w);
/* 1 when r is a rule that reads the waivers file (YAML validity, duplicate
 * keys, the waivers themselves), not only plans. */
int gl__rule_reads_waivers(const gl_rule *r);
/* 1 when the n findings from `first` say the file is not a usable plan
 * (a yaml-syntax finding), so no other rule ran on it. */
int gl__plan_unreadable(const gl_run *run, size_t first, size_t n);
void gl__gaps_free(gl__gaps *g);

typedef struct gl__summary { size_t plans, errors, warnings, infos, waived; } gl__summary;
void gl__run_summary(const gl_run *run, gl__summary *s);
/* The waivers file as the config names it (relative to the root). */
const char *gl__run_waivers_file(const gl_run *run);
/* 1 when another plan of the repository, checked or not, has plan id `id`
 * (as GOV-DOC-004 finds, whether or not a rule reports it). */
int gl__run_id_shared(const gl_run *run, const char *id);
/* 1 when the config switches rule r off for `file` (a plan or the waivers
 * file, as the run names it): for the whole run, or by an override whose
 * files: match it. */
int gl__rule_off_for(const gl_run *run, const gl_rule *r, const char *file);

#endif
