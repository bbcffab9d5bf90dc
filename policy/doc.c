/*
 * YAML -> node tree. The only libyaml user. Every node carries its 1-based
 * position; anchors are shared nodes; merge keys are resolved when their
 * mapping closes; every input dimension has a cap that ends the parse with
 * a located diagnostic instead of consuming the machine.
 */
#include "internal.h"

#include <stdint.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

struct gl_doc {
	gl__arena *arena;
	int borrowed;         /* the arena is the caller's: gl_doc_free leaves it */
	char *name;
	const gl_node *root;
	gl_diag *diags;
	size_t ndiags, cap;
	const char *text;     /* the input (a copy, or the caller's), for source lines */
	size_t len;
	size_t *lines;        /* offsets of line starts */
	size_t nlines;
	gl__linememo *memo;   /* srcline.c's marks on long lines, or NULL */
	gl__linehashes *hashes;   /* linehash.c's hash of every line, or NULL */
	int wide;             /* UTF-16 (libyaml decodes it): its lines are not shown */
};

struct anchor {
	const char *name;
	gl_node *node;
	struct anchor *next;
};

struct frame {
	gl_node *node;
	size_t base;          /* its children start at kids[base] of the builder */
	const char *anchor;
};

#define NBUCKETS 256

typedef struct builder {
	gl_doc *doc;
	const gl_limits *lim;
	struct frame *stack;
	size_t depth, stack_cap;
	gl_node **kids;       /* children of every open collection, innermost last */
	size_t nkids, kids_cap;
	struct anchor *anchors[NBUCKETS];
	size_t nodes, weight;
	int ndocs, stop, oom;
	size_t *ystarts;      /* where libyaml's lines start, when they are not the file's */
	size_t nystarts;
} builder;

static int add_diag(gl_doc *d, gl_diag_kind kind, unsigned line, unsigned col,
                    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* libyaml's end of the stream, in a file ending in a line break, is the
 * start of a line after the last, which no editor, GitHub annotation or
 * SARIF region has: a position there moves to the end of the last line,
 * just past its last character (col may be NULL). */
static int clamp_to_text(const gl_doc *d, unsigned *line, unsigned *col)
{
	if (*line < 2 || d->wide)
		return 0;
	if (gl__doc_index_lines(d) < 0)
		return GL_ENOMEM;
	if (*line != d->nlines || d->lines[*line - 1] != d->len)
		return 0;
	size_t len = 0;
	const char *s = gl_doc_line(d, --*line, &len);
	unsigned c = gl__first_col(*line, s, len);
	for (size_t i = 0; i < len; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	if (col)
		*col = c;
	return 0;
}

static int add_diag(gl_doc *d, gl_diag_kind kind, unsigned line, unsigned col,
                    const char *fmt, ...)
{
	if (clamp_to_text(d, &line, &col) < 0)
		return GL_ENOMEM;
	if (d->ndiags == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 8;
		gl_diag *v = realloc(d->diags, cap * sizeof *v);
		if (!v)
			return GL_ENOMEM;
		d->diags = v;
		d->cap = cap;
	}
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	char *m = gl__arena_strdup(d->arena, msg);
	if (!m)
		return GL_ENOMEM;
	d->diags[d->ndiags++] = (gl_diag){kind, line, col, m};
	return 0;
}

static unsigned hash(const char *s)
{
	unsigned h = 2166136261u;
	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static gl_node *anchor_find(builder *b, const char *name)
{
	for (struct anchor *a = b->anchors[hash(name) % NBUCKETS]; a; a = a->next)
		if (strcmp(a->name, name) == 0)
			return a->node;
	return NULL;
}

static int anchor_set(builder *b, const char *name, gl_node *node)
{
	struct anchor *a = gl__arena_alloc(b->doc->arena, sizeof *a);
	if (!a || !(a->name = gl__arena_strdup(b->doc->arena, name)))
		return GL_ENOMEM;
	unsigned h = hash(name) % NBUCKETS;
	a->node = node;
	a->next = b->anchors[h];   /* a redefined anchor shadows the old one */
	b->anchors[h] = a;
	return 0;
}

/* libyaml (YAML 1.1) also breaks lines at NEL, LS and PS; editors and
 * GitHub break them only at LF, CRLF and CR (as libyaml does too). In a
 * plan holding one (text pasted from a word processor) every later mark
 * would be lines off, so its marks go through the byte offset: where
 * libyaml's line starts, plus the characters of its column. */
static int has_odd_break(const char *buf, size_t len)
{
	const char *e = buf + len;   /* memchr: a plan is mostly ASCII, checked at memory speed */
	for (const char *p = buf; (p = memchr(p, 0xC2, (size_t)(e - p))) != NULL; p++)
		if (e - p > 1 && (unsigned char)p[1] == 0x85)
			return 1;
	for (const char *p = buf; (p = memchr(p, 0xE2, (size_t)(e - p))) != NULL; p++)
		if (e - p > 2 && (unsigned char)p[1] == 0x80 &&
		    ((unsigned char)p[2] == 0xA8 || (unsigned char)p[2] == 0xA9))
			return 1;
	return 0;
}

/* 1 when a line break ends at text[i]: LF, or a CR not followed by LF
 * (CRLF breaks at its LF), as libyaml counts them. */
static int break_at(const char *text, size_t len, size_t i)
{
	return text[i] == '\n' || (text[i] == '\r' && (i + 1 == len || text[i + 1] != '\n'));
}

/* A growing list of byte offsets (line starts). */
typedef struct offsets {
	size_t *v, n, cap;
} offsets;

/* Appends off; -1 when memory runs out (the list is then freed). */
static int add_offset(offsets *o, size_t off)
{
	if (o->n == o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 16;
		size_t *v = realloc(o->v, cap * sizeof *v);
		if (!v) {
			free(o->v);
			*o = (offsets){0};
			return -1;
		}
		o->v = v;
		o->cap = cap;
	}
	o->v[o->n++] = off;
	return 0;
}

static int odd_breaks(builder *b, const char *buf, size_t len)
{
	if (!has_odd_break(buf, len))
		return 0;
	offsets o = {0};
	if (gl__doc_index_lines(b->doc) < 0 ||
	    add_offset(&o, len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0))   /* past a BOM */
		return GL_ENOMEM;
	for (size_t i = 0; i < len; i++) {
		const unsigned char *c = (const unsigned char *)buf + i;
		size_t w = break_at(buf, len, i) ? 1
		           : *c == 0xC2 && i + 1 < len && c[1] == 0x85 ? 2
		           : *c == 0xE2 && i + 2 < len && c[1] == 0x80 && (c[2] == 0xA8 || c[2] == 0xA9)
		               ? 3 : 0;
		if (!w)
			continue;
		if (add_offset(&o, i + w))   /* the next line starts after the break */
			return GL_ENOMEM;
		i += w - 1;
	}
	b->ystarts = o.v;
	b->nystarts = o.n;
	return 0;
}

/* The byte offset of libyaml's mark m in the text: libyaml's own line
 * starts when they are not the file's (b->ystarts), else the file's (a
 * BOM, which libyaml does not count, skipped); d->len when unknown. */
static size_t mark_offset(const builder *b, const yaml_mark_t *m)
{
	const gl_doc *d = b->doc;
	size_t off = d->len;
	if (b->ystarts)
		off = m->line < b->nystarts ? b->ystarts[m->line] : d->len;
	else if (gl__doc_index_lines(d) == 0 && m->line < d->nlines)
		off = d->lines[m->line] + (m->line == 0 && gl__first_col(1, d->text, d->len) == 0 ? 3 : 0);
	for (size_t c = 0; c < m->column && off < d->len; c++)
		do
			off++;
		while (off < d->len && ((unsigned char)d->text[off] & 0xC0) == 0x80);
	return off;
}

/* A mark's 1-based line and column in the file as editors number it. */
static void pos(const builder *b, const yaml_mark_t *m, unsigned *line, unsigned *col)
{
	*line = (unsigned)m->line + 1;
	*col = (unsigned)m->column + 1;
	if (!b->ystarts)
		return;
	const gl_doc *d = b->doc;
	size_t off = mark_offset(b, m);
	size_t lo = 0, hi = d->nlines;   /* the last line starting at or before off */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		*(d->lines[mid] <= off ? &lo : &hi) = mid;
	}
	*line = (unsigned)lo + 1;
	*col = 1;
	for (size_t i = lo ? d->lines[lo] : b->ystarts[0]; i < off; i++)   /* past a BOM */
		*col += ((unsigned char)d->text[i] & 0xC0) != 0x80;
}

static int limit(builder *b, const yaml_mark_t *m, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int limit(builder *b, const yaml_mark_t *m, const char *fmt, ...)
{
	b->stop = 1;
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	unsigned line, col;
	pos(b, m, &line, &col);
	return add_diag(b->doc, GL_DIAG_LIMIT, line, col, "%s", msg);
}

static gl_node *new_node(builder *b, gl_node_kind kind, const yaml_mark_t *m,
                         const yaml_char_t *tag)
{
	if (++b->nodes > b->lim->max_nodes) {
		limit(b, m, "document has more than %zu nodes", b->lim->max_nodes);
		return NULL;
	}
	gl_node *n = gl__arena_alloc_raw(b->doc->arena, sizeof *n);
	if (!n) {
		b->oom = 1;
		return NULL;
	}
	*n = (gl_node){.kind = kind, .weight = 1};
	pos(b, m, &n->line, &n->col);
	if (tag && !(n->tag = gl__arena_strdup(b->doc->arena, (const char *)tag)))
		b->oom = 1;
	return n;
}

/* b->weight, the nodes of the document with its aliases expanded, has
 * passed the limit at m, the node that crossed it: parsing stops there. */
static int too_heavy(builder *b, const yaml_mark_t *m)
{
	return limit(b, m, "aliases expand the document beyond %zu nodes", b->lim->max_weight);
}

/* Adds a finished node to the open collection (or makes it the root). */
static int attach(builder *b, gl_node *n, const yaml_mark_t *m)
{
	b->weight += n->weight;
	if (b->weight > b->lim->max_weight)
		return too_heavy(b, m);
	if (b->depth == 0) {
		if (!b->doc->root)
			b->doc->root = n;
		return 0;
	}
	if (b->nkids == b->kids_cap) {
		size_t cap = b->kids_cap ? b->kids_cap * 2 : 256;
		gl_node **v = realloc(b->kids, cap * sizeof *v);
		if (!v)
			return b->oom = 1, GL_ENOMEM;
		b->kids = v;
		b->kids_cap = cap;
	}
	b->kids[b->nkids++] = n;
	b->stack[b->depth - 1].node->weight += n->weight;
	return 0;
}

static int open_collection(builder *b, gl_node_kind kind, const yaml_event_t *ev,
                           const yaml_char_t *anchor, const yaml_char_t *tag)
{
	if (b->depth >= b->lim->max_depth)
		return limit(b, &ev->start_mark, "nesting deeper than %zu levels",
		             b->lim->max_depth);
	gl_node *n = new_node(b, kind, &ev->start_mark, tag);
	if (!n)
		return b->oom ? GL_ENOMEM : 0;
	if (++b->weight > b->lim->max_weight)   /* counted as it opens, not once it closes */
		return too_heavy(b, &ev->start_mark);
	if (b->depth == b->stack_cap) {
		size_t cap = b->stack_cap ? b->stack_cap * 2 : 16;
		struct frame *s = realloc(b->stack, cap * sizeof *s);
		if (!s)
			return b->oom = 1, GL_ENOMEM;
		b->stack = s;
		b->stack_cap = cap;
	}
	struct frame *f = &b->stack[b->depth++];
	f->node = n;
	f->base = b->nkids;
	f->anchor = NULL;
	if (anchor && !(f->anchor = gl__arena_strdup(b->doc->arena, (const char *)anchor)))
		return b->oom = 1, GL_ENOMEM;
	return 0;
}

/* 1 when scalar k's text is `key`, which is padded (gl__arena_padded), as
 * a scalar's text is: the two compare 8 bytes at a time, up to and with
 * the NUL, without a call. */
static int padded_key_is(const gl_node *k, const char *key, size_t klen)
{
	if (k->len != klen || k->kind != GL_SCALAR)
		return 0;
	for (size_t i = 0; i <= klen; i += 8) {   /* within both paddings */
		uint64_t x, y;
		memcpy(&x, k->str + i, 8);
		memcpy(&y, key + i, 8);
		if (x != y)
			return 0;
	}
	return 1;
}

/* Two keys the parser made: both scalars' texts, so both padded. */
static int key_eq(const gl_node *a, const gl_node *b)
{
	return b->kind == GL_SCALAR && padded_key_is(a, b->str, b->len);
}

static int is_merge_key(const gl_node *k)
{
	return k->kind == GL_SCALAR && k->plain && k->len == 2 && k->str[0] == '<' && k->str[1] == '<';
}

/* Index of key `k` among the first `n` keys of the pairs in `v`, or -1. */
static long find_key(gl_node **v, size_t n, const gl_node *k)
{
	for (size_t i = 0; i < n; i += 2)
		if (key_eq(v[i], k))
			return (long)i;
	return -1;
}

/* The keys of a mapping being built: few are searched linearly, many
 * through a temporary hash table, so building one stays linear. */
typedef struct keyset {
	long *slots;          /* NULL: search linearly */
	size_t mask;
} keyset;

/* A set for up to `nkeys` keys; -1 when memory runs out. */
static int keyset_init(keyset *ks, size_t nkeys)
{
	*ks = (keyset){NULL, 0};
	if (nkeys <= 16)
		return 0;
	size_t size = 64;
	while (size < nkeys * 4)
		size *= 2;
	ks->slots = malloc(size * sizeof *ks->slots);
	if (!ks->slots)
		return -1;
	memset(ks->slots, 0xff, size * sizeof *ks->slots);
	ks->mask = size - 1;
	return 0;
}

static size_t node_hash(const gl_node *k)
{
	size_t h = 1469598103934665603u;
	for (size_t i = 0; i < k->len; i++)
		h = (h ^ (unsigned char)k->str[i]) * 1099511628211u;
	return h;
}

/* The index in `v` of an earlier key equal to v[at] (a pair's key; the
 * keys before it are those of v[0..at)), or -1 after adding v[at] to the
 * set. A key that is no scalar equals no other. */
static long keyset_find_or_add(keyset *ks, gl_node **v, size_t at)
{
	const gl_node *k = v[at];
	if (k->kind != GL_SCALAR)
		return -1;
	if (!ks->slots)
		return find_key(v, at, k);
	for (size_t i = node_hash(k) & ks->mask;; i = (i + 1) & ks->mask) {
		if (ks->slots[i] < 0) {
			ks->slots[i] = (long)at;
			return -1;
		}
		if (key_eq(v[ks->slots[i]], k))
			return ks->slots[i];
	}
}

/* Drops duplicate keys (the later value wins, as most loaders do) and
 * reports each at the repeated key. Returns the new item count. */
static size_t dedupe(builder *b, gl_node **v, size_t n)
{
	keyset ks;
	if (keyset_init(&ks, n / 2) < 0) {
		b->oom = 1;
		return n;
	}
	size_t out = 0;
	for (size_t i = 0; i + 1 < n; i += 2) {
		v[out] = v[i];
		v[out + 1] = v[i + 1];
		long j = -1;
		if (!is_merge_key(v[out]))
			j = keyset_find_or_add(&ks, v, out);
		if (j < 0) {
			out += 2;
			continue;
		}
		if (add_diag(b->doc, GL_DIAG_DUPLICATE, v[out]->line, v[out]->col,
		             "duplicate key '%s' (first at line %u)", v[out]->str,
		             v[j]->line) < 0)
			b->oom = 1;
		v[j + 1] = v[out + 1];
	}
	free(ks.slots);
	return out;
}

/* A mapping with merge keys being resolved: its pairs so far (v[0..n)) and
 * the set of their keys. */
typedef struct merging {
	gl_node **v;
	size_t n, cap;
	keyset keys;
} merging;

/* Appends the pairs of `src` whose keys `m` lacks (explicit keys win).
 * A src that is no mapping is an error at the merge key `at` (src may be
 * an alias of a node written anywhere). */
static int merge_from(builder *b, merging *m, const gl_node *src, const gl_node *at)
{
	if (src->kind != GL_MAP) {
		b->stop = 1;
		return add_diag(b->doc, GL_DIAG_SYNTAX, at->line, at->col,
		                "a merge key (<<) takes a mapping or a list of mappings");
	}
	for (size_t i = 0; i + 1 < src->n; i += 2) {
		m->v[m->n] = src->items[i];   /* room was made for every pair */
		if (keyset_find_or_add(&m->keys, m->v, m->n) >= 0)
			continue;
		m->v[m->n + 1] = src->items[i + 1];
		m->n += 2;
	}
	return 0;
}

/* How many items the pairs of kids[0..nk) bring at most once their merge
 * keys are resolved. */
static size_t merged_size(gl_node **kids, size_t nk)
{
	size_t size = nk;
	for (size_t i = 0; i + 1 < nk; i += 2) {
		const gl_node *src = kids[i + 1];
		if (!is_merge_key(kids[i]))
			continue;
		if (src->kind == GL_MAP)
			size += src->n;
		for (size_t j = 0; src->kind == GL_SEQ && j < src->n; j++)
			size += src->items[j]->kind == GL_MAP ? src->items[j]->n : 0;
	}
	return size;
}

/* The pairs of kids[0..nk) with merge keys (<<) replaced by the pairs they
 * bring, in a new array (*out, free() it). */
static int resolve_merges(builder *b, gl_node **kids, size_t nk, gl_node ***out, size_t *nout)
{
	merging m = {.cap = merged_size(kids, nk)};
	if (!(m.v = malloc(m.cap * sizeof *m.v)) || keyset_init(&m.keys, m.cap / 2) < 0) {
		free(m.v);
		return b->oom = 1, GL_ENOMEM;
	}
	for (size_t i = 0; i + 1 < nk; i += 2)
		if (!is_merge_key(kids[i])) {   /* deduplicated: each key is new */
			m.v[m.n] = kids[i];
			m.v[m.n + 1] = kids[i + 1];
			keyset_find_or_add(&m.keys, m.v, m.n);
			m.n += 2;
		}
	int rc = 0;
	for (size_t i = 0; rc == 0 && i + 1 < nk; i += 2) {
		if (!is_merge_key(kids[i]))
			continue;
		const gl_node *src = kids[i + 1];
		if (src->kind == GL_SEQ)
			for (size_t j = 0; rc == 0 && j < src->n; j++)
				rc = merge_from(b, &m, src->items[j], kids[i]);
		else
			rc = merge_from(b, &m, src, kids[i]);
	}
	free(m.keys.slots);
	*out = m.v;
	*nout = m.n;
	return rc;
}

static int close_collection(builder *b, const yaml_mark_t *m)
{
	struct frame *f = &b->stack[b->depth - 1];
	gl_node *n = f->node;
	gl_node **kids = b->kids ? b->kids + f->base : NULL, **merged = NULL;   /* {} first: none yet */
	size_t nk = b->nkids - f->base;
	if (n->kind == GL_MAP) {
		nk = dedupe(b, kids, nk);
		for (size_t i = 0; i < nk; i += 2)
			if (is_merge_key(kids[i])) {
				int rc = resolve_merges(b, kids, nk, &merged, &nk);
				kids = merged;
				if (rc < 0) {
					free(merged);
					return GL_ENOMEM;
				}
				break;
			}
	}
	if (nk && !(n->items = gl__arena_alloc(b->doc->arena, nk * sizeof *n->items))) {
		free(merged);
		return b->oom = 1, GL_ENOMEM;
	}
	if (nk)
		memcpy(n->items, kids, nk * sizeof *n->items);
	n->n = nk;
	free(merged);
	b->nkids = f->base;
	const char *anchor = f->anchor;
	b->depth--;
	b->weight -= n->weight;   /* it and its children were counted: attach counts them again */
	if (anchor && anchor_set(b, anchor, n) < 0)
		return b->oom = 1, GL_ENOMEM;
	return attach(b, n, m);
}

static int on_scalar(builder *b, const yaml_event_t *ev)
{
	const yaml_mark_t *m = &ev->start_mark;
	if (ev->data.scalar.length > b->lim->max_scalar)
		return limit(b, m, "a scalar longer than %zu bytes", b->lim->max_scalar);
	gl_node *n = new_node(b, GL_SCALAR, m, ev->data.scalar.tag);
	if (!n)
		return b->oom ? GL_ENOMEM : 0;
	n->str = gl__arena_padded(b->doc->arena, (const char *)ev->data.scalar.value,
	                          ev->data.scalar.length);
	if (!n->str)
		return b->oom = 1, GL_ENOMEM;
	n->len = ev->data.scalar.length;
	/* plain: untagged and unquoted (`! 12` is the string "12" in YAML 1.2) */
	n->plain = ev->data.scalar.plain_implicit && ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	           !ev->data.scalar.tag;
	gl__stype t = gl__scalar_type_of(n);
	n->stype = (unsigned)t + 1;   /* 0: not typed yet */
	if (t == GL_T_NULL)
		n->kind = GL_NULL;
	if (ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE &&   /* only "\0" makes one */
	    memchr(n->str, '\0', n->len))
		return limit(b, m, "a scalar holds a NUL character at byte %zu of its text",
		             strlen(n->str));
	if (ev->data.scalar.anchor &&
	    anchor_set(b, (const char *)ev->data.scalar.anchor, n) < 0)
		return b->oom = 1, GL_ENOMEM;
	return attach(b, n, m);
}

static int on_alias(builder *b, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	gl_node *n = anchor_find(b, name);
	if (!n) {
		unsigned line, col;
		pos(b, &ev->start_mark, &line, &col);
		b->stop = 1;
		return add_diag(b->doc, GL_DIAG_SYNTAX, line, col, "alias *%s names no earlier anchor",
		                name);
	}
	return attach(b, n, &ev->start_mark);
}

static int on_event(builder *b, const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++b->ndocs > 1) {
			unsigned line, col;
			pos(b, &ev->start_mark, &line, &col);
			b->stop = 1;
			return add_diag(b->doc, GL_DIAG_SYNTAX, line, col,
			                "a second YAML document starts here; one file holds one document");
		}
		return 0;
	case YAML_MAPPING_START_EVENT:
		return open_collection(b, GL_MAP, ev, ev->data.mapping_start.anchor,
		                       ev->data.mapping_start.tag);
	case YAML_SEQUENCE_START_EVENT:
		return open_collection(b, GL_SEQ, ev, ev->data.sequence_start.anchor,
		                       ev->data.sequence_start.tag);
	case YAML_MAPPING_END_EVENT:
	case YAML_SEQUENCE_END_EVENT:
		return close_collection(b, &ev->start_mark);
	case YAML_SCALAR_EVENT:
		return on_scalar(b, ev);
	case YAML_ALIAS_EVENT:
		return on_alias(b, ev);
	default:
		return 0;
	}
}

/* Line and column (1-based, in characters) of a byte offset. */
static void offset_pos(const char *buf, size_t len, size_t off, unsigned *line, unsigned *col)
{
	unsigned l = 1, c = 1;
	for (size_t i = 0; i < off && i < len; i++) {
		if (break_at(buf, len, i)) {
			l++;
			c = 1;
		} else if (((unsigned char)buf[i] & 0xC0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}

static int parser_error(builder *b, const yaml_parser_t *p, const char *buf, size_t len)
{
	unsigned line, col;
	const char *problem = p->problem ? p->problem : "unknown problem";
	if (p->error == YAML_READER_ERROR) {
		offset_pos(buf, len, p->problem_offset, &line, &col);
		/* libyaml's value is the byte, or the code point (a surrogate, one
		 * past U+10FFFF) for "invalid Unicode character" */
		if (p->problem_value > 0xFF)
			return add_diag(b->doc, GL_DIAG_SYNTAX, line, col, "invalid YAML: %s (U+%04X)",
			                problem, (unsigned)p->problem_value);
		if (p->problem_value != -1)
			return add_diag(b->doc, GL_DIAG_SYNTAX, line, col,
			                "invalid YAML: %s (byte 0x%02x)", problem,
			                (unsigned)p->problem_value);
		return add_diag(b->doc, GL_DIAG_SYNTAX, line, col, "invalid YAML: %s", problem);
	}
	if (p->error == YAML_MEMORY_ERROR)
		return b->oom = 1, GL_ENOMEM;
	pos(b, &p->problem_mark, &line, &col);
	unsigned cline, ccol;
	pos(b, &p->context_mark, &cline, &ccol);
	if (clamp_to_text(b->doc, &cline, NULL) < 0)
		return GL_ENOMEM;
	size_t at = mark_offset(b, &p->problem_mark);
	const char *tab = at < b->doc->len && b->doc->text[at] == '\t' && !strstr(problem, "tab")
	                      ? ": it is a tab, and YAML indents with spaces, never tabs" : "";
	if (p->context)
		return add_diag(b->doc, GL_DIAG_SYNTAX, line, col, "invalid YAML: %s %s (line %u)%s",
		                problem, p->context, cline, tab);
	return add_diag(b->doc, GL_DIAG_SYNTAX, line, col, "invalid YAML: %s%s", problem, tab);
}

int gl__doc_index_lines(const gl_doc *doc)
{
	gl_doc *d = (gl_doc *)doc;   /* the index is a cache, built on first use */
	if (d->lines)
		return 0;
	offsets o = {0};
	if (add_offset(&o, 0))
		return GL_ENOMEM;
	const char *end = d->text + d->len;
	if (!memchr(d->text, '\r', d->len)) {   /* LF only: at memory speed */
		for (const char *p = d->text; (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
			if (add_offset(&o, (size_t)(p - d->text) + 1))
				return GL_ENOMEM;
	} else {
		for (size_t i = 0; i < d->len; i++)
			if (break_at(d->text, d->len, i) && add_offset(&o, i + 1))
				return GL_ENOMEM;
	}
	d->lines = o.v;
	d->nlines = o.n;
	return 0;
}

static int run_parser(builder *b, const char *buf, size_t len)
{
	yaml_parser_t p;
	if (odd_breaks(b, buf, len) < 0 || !yaml_parser_initialize(&p))
		return GL_ENOMEM;
	yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
	int rc = 0, done = 0;
	while (!done && !b->stop && rc == 0) {
		yaml_event_t ev;
		int ok = yaml_parser_parse(&p, &ev);
		b->doc->wide = p.encoding == YAML_UTF16LE_ENCODING || p.encoding == YAML_UTF16BE_ENCODING;
		if (!ok) {
			rc = parser_error(b, &p, buf, len);
			b->doc->root = NULL;
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		rc = on_event(b, &ev);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	if (b->oom)
		rc = GL_ENOMEM;
	return rc;
}

/* A recorded event (gl__event) as libyaml gave it. Its strings point into
 * the pool: yaml_event_t's are not const, and the builder only reads them. */
static yaml_char_t *pool_str(const char *pool, unsigned at)
{
	return at == GL__NO_STR ? NULL : (yaml_char_t *)(uintptr_t)(pool + at);
}

static void event_of(const gl__event *r, const char *pool, yaml_event_t *ev)
{
	*ev = (yaml_event_t){.type = (yaml_event_type_t)r->type,
	                     .start_mark = {.line = r->line, .column = r->column}};
	if (r->type == YAML_SCALAR_EVENT) {
		ev->data.scalar.value = pool_str(pool, r->value);
		ev->data.scalar.length = r->length;
		ev->data.scalar.anchor = pool_str(pool, r->anchor);
		ev->data.scalar.tag = pool_str(pool, r->tag);
		ev->data.scalar.plain_implicit = r->plain_implicit;
		ev->data.scalar.style = (yaml_scalar_style_t)r->style;
	} else if (r->type == YAML_ALIAS_EVENT) {
		ev->data.alias.anchor = pool_str(pool, r->value);
	} else if (r->type == YAML_MAPPING_START_EVENT) {
		ev->data.mapping_start.anchor = pool_str(pool, r->anchor);
		ev->data.mapping_start.tag = pool_str(pool, r->tag);
	} else if (r->type == YAML_SEQUENCE_START_EVENT) {
		ev->data.sequence_start.anchor = pool_str(pool, r->anchor);
		ev->data.sequence_start.tag = pool_str(pool, r->tag);
	}
}

/* run_parser, with the events recorded from the text (tools/record.c). */
static int replay(builder *b, const gl__recording *rec)
{
	if (odd_breaks(b, b->doc->text, b->doc->len) < 0)
		return GL_ENOMEM;
	int rc = 0;
	for (size_t i = 0; i < rec->n && !b->stop && rc == 0; i++) {
		yaml_event_t ev;
		event_of(&rec->v[i], rec->pool, &ev);
		rc = on_event(b, &ev);
	}
	return b->oom ? GL_ENOMEM : rc;
}

/* The document of buf, from libyaml's parse or from rec, its recording. */
static int build(gl_doc **out, gl__arena *arena, const char *name, const char *buf,
                 size_t len, const gl_limits *lim, int borrow, const gl__recording *rec)
{
	static const gl_limits defaults = GL_LIMITS_INIT;
	*out = NULL;
	gl_doc *d = calloc(1, sizeof *d);
	if (d) {
		d->borrowed = arena != NULL;
		d->arena = arena ? arena : gl__arena_new();
	}
	if (d && d->arena && borrow)
		d->text = (char *)buf;
	if (!d || !d->arena || !(d->name = gl__arena_strdup(d->arena, name ? name : "<input>")) ||
	    (!d->text && !(d->text = gl__arena_strndup(d->arena, buf, len)))) {
		gl_doc_free(d);
		return GL_ENOMEM;
	}
	d->len = len;
	builder b = {.doc = d, .lim = lim ? lim : &defaults};
	int rc = 0;
	if (len > b.lim->max_bytes) {
		rc = add_diag(d, GL_DIAG_LIMIT, 1, 1, "file is %zu bytes, over the %zu-byte limit",
		              len, b.lim->max_bytes);
	} else {
		rc = rec ? replay(&b, rec) : run_parser(&b, d->text, len);
	}
	free(b.kids);
	free(b.stack);
	free(b.ystarts);
	if (rc < 0) {
		gl_doc_free(d);
		return rc;
	}
	if (b.stop || b.depth)
		d->root = NULL;
	*out = d;
	return 0;
}

int gl_doc_parse(gl_doc **out, const char *name, const char *buf, size_t len,
                 const gl_limits *lim)
{
	return build(out, NULL, name, buf, len, lim, 0, NULL);
}

int gl__doc_parse_in(gl_doc **out, gl__arena *arena, const char *name, const char *buf,
                     size_t len, const gl_limits *lim, int borrow)
{
	return build(out, arena, name, buf, len, lim, borrow, NULL);
}

int gl__doc_replay(gl_doc **out, const char *name, const char *buf, size_t len,
                   const gl__recording *rec, const gl_limits *lim)
{
	return build(out, NULL, name, buf, len, lim, 1, rec);
}

const gl_node *gl_doc_root(const gl_doc *doc)
{
	return doc->root;
}

size_t gl_doc_ndiags(const gl_doc *doc)
{
	return doc->ndiags;
}

const gl_diag *gl_doc_diag(const gl_doc *doc, size_t i)
{
	return i < doc->ndiags ? &doc->diags[i] : NULL;
}

const char *gl_doc_line(const gl_doc *doc, unsigned line, size_t *len)
{
	if (doc->wide || gl__doc_index_lines(doc) < 0 || line == 0 || line > doc->nlines)
		return NULL;
	size_t start = doc->lines[line - 1];
	size_t end = line < doc->nlines ? doc->lines[line] - 1 : doc->len;
	if (end > start && doc->text[end - 1] == '\r')
		end--;
	*len = end - start;
	return doc->text + start;
}

gl__linememo **gl__doc_memo(const gl_doc *doc)
{
	return &((gl_doc *)doc)->memo;   /* a cache, like the line index */
}

gl__linehashes **gl__doc_hashes(const gl_doc *doc)
{
	return &((gl_doc *)doc)->hashes;   /* a cache, like the line index */
}

const char *gl__doc_text(const gl_doc *doc, size_t *len, size_t *nlines)
{
	if (gl__doc_index_lines(doc) < 0)
		return NULL;
	*len = doc->len;
	*nlines = doc->nlines;
	return doc->text;
}

void gl_doc_free(gl_doc *doc)
{
	if (!doc)
		return;
	free(doc->diags);
	free(doc->lines);
	gl__linememo_free(doc->memo);
	gl__linehashes_free(doc->hashes);
	if (!doc->borrowed)
		gl__arena_free(doc->arena);
	free(doc);
}

static int key_is(const gl_node *k, const char *key, size_t klen)
{
	return k->len == klen && k->kind == GL_SCALAR && (!klen || k->str[0] == key[0]) &&
	       memcmp(k->str, key, klen) == 0;
}

const gl_node *gl__node_get_n(const gl_node *map, const char *key, size_t klen)
{
	if (!map || map->kind != GL_MAP)
		return NULL;
	for (size_t i = 0; i + 1 < map->n; i += 2)
		if (key_is(map->items[i], key, klen))
			return map->items[i + 1];
	return NULL;
}

/* gl__node_get_n for a padded key, trying first the pair where the key was
 * found last (*hint, which a compiled path keeps per key step): plans
 * written alike keep their keys in the same order, so most lookups visit
 * one key. */
const gl_node *gl__node_get_hinted(const gl_node *map, const char *key, size_t klen,
                                   _Atomic unsigned *hint)
{
	if (!map || map->kind != GL_MAP)
		return NULL;
	size_t h = atomic_load_explicit(hint, memory_order_relaxed) & ~(size_t)1;   /* a key's */
	if (h + 1 < map->n && padded_key_is(map->items[h], key, klen))
		return map->items[h + 1];
	for (size_t i = 0; i + 1 < map->n; i += 2)
		if (padded_key_is(map->items[i], key, klen)) {
			atomic_store_explicit(hint, (unsigned)i, memory_order_relaxed);   /* threads share it */
			return map->items[i + 1];
		}
	return NULL;
}

const gl_node *gl__unknown_key(const gl_node *map, const char *const *keys)
{
	for (size_t i = 0; map && map->kind == GL_MAP && i + 1 < map->n; i += 2) {
		const char *k = gl__scalar_text(map->items[i]);
		size_t j = 0;
		while (k && keys[j] && strcmp(keys[j], k) != 0)
			j++;
		if (!k || !keys[j])
			return map->items[i];
	}
	return NULL;
}

const gl_node *gl_node_get(const gl_node *map, const char *key)
{
	return gl__node_get_n(map, key, strlen(key));
}

int gl_node_is_null(const gl_node *n)
{
	if (!n || n->kind == GL_NULL)
		return 1;
	if (n->kind != GL_SCALAR || !n->plain)
		return 0;
	if (n->stype)
		return n->stype == GL_T_NULL + 1;   /* typed by the loader */
	switch (n->len) {
	case 0: return 1;
	case 1: return n->str[0] == '~';
	case 4: return strcmp(n->str, "null") == 0 || strcmp(n->str, "Null") == 0 ||
	               strcmp(n->str, "NULL") == 0;
	default: return 0;
	}
}

/* A reader of top-level keys (gl__doc_top_scalar): libyaml's parser, the
 * loader's depth limit (libyaml slows down with nesting: a file of 160,000
 * nested brackets took 40 s) and whether memory ran out. */
typedef struct top_reader {
	yaml_parser_t p;
	unsigned max_depth;
	int oom;
} top_reader;

/* The next event: 1, or 0 when the YAML breaks (or memory runs out). */
static int next_event(top_reader *r, yaml_event_t *ev)
{
	if (yaml_parser_parse(&r->p, ev))
		return 1;
	r->oom |= r->p.error == YAML_MEMORY_ERROR;
	return 0;
}

/* Skips one node below the root mapping whose first event was `first` (a
 * collection's end included); 0, or -1 when the YAML breaks first or the
 * node nests deeper than the limit. */
static int skip_node(top_reader *r, const yaml_event_t *first)
{
	if (first->type != YAML_MAPPING_START_EVENT && first->type != YAML_SEQUENCE_START_EVENT)
		return 0;
	for (size_t depth = 2; depth > 1;) {   /* the root mapping is depth 1 */
		yaml_event_t ev;
		if (depth > r->max_depth || !next_event(r, &ev))
			return -1;
		if (ev.type == YAML_MAPPING_START_EVENT || ev.type == YAML_SEQUENCE_START_EVENT)
			depth++;
		else if (ev.type == YAML_MAPPING_END_EVENT || ev.type == YAML_SEQUENCE_END_EVENT)
			depth--;
		int end = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
		if (end)
			return -1;
	}
	return 0;
}

/* Reads events up to the root mapping's first node (0), or -1 when the
 * root is not a mapping or the YAML breaks first. */
static int to_root_mapping(top_reader *r)
{
	for (;;) {
		yaml_event_t ev;
		if (!next_event(r, &ev))
			return -1;
		yaml_event_type_t t = ev.type;
		yaml_event_delete(&ev);
		if (t == YAML_MAPPING_START_EVENT)
			return 0;
		if (t != YAML_STREAM_START_EVENT && t != YAML_DOCUMENT_START_EVENT)
			return -1;
	}
}

/* The next key of the mapping being read: 1 with *match set when it is a
 * scalar equal to key, 0 at the mapping's end, -1 when the YAML breaks. */
static int next_key(top_reader *r, const char *key, int *match)
{
	yaml_event_t ev;
	if (!next_event(r, &ev))
		return -1;
	int rc = ev.type == YAML_MAPPING_END_EVENT ? 0 : 1;
	*match = ev.type == YAML_SCALAR_EVENT &&
	         strcmp((const char *)ev.data.scalar.value, key) == 0;
	if (rc && skip_node(r, &ev))
		rc = -1;
	yaml_event_delete(&ev);
	return rc;
}

/* A plain scalar that YAML 1.2 reads as null: no id (as gl_node_is_null). */
static int plain_null(const yaml_event_t *ev)
{
	const char *v = (const char *)ev->data.scalar.value;
	return ev->data.scalar.plain_implicit &&
	       (!*v || !strcmp(v, "~") || !strcmp(v, "null") || !strcmp(v, "Null") ||
	        !strcmp(v, "NULL"));
}

typedef struct chunks {
	const char *at;
	size_t left;
} chunks;

/* Hands libyaml the text 512 bytes at a time: given it whole, it decodes
 * all of it before the first event, and the key is near the top. */
static int read_chunk(void *data, unsigned char *out, size_t size, size_t *n)
{
	chunks *c = data;
	*n = c->left < size ? c->left : size;
	if (*n > 512)
		*n = 512;
	memcpy(out, c->at, *n);
	c->at += *n;
	c->left -= *n;
	return 1;
}

char *gl__doc_top_scalar(const char *buf, size_t len, const char *key, unsigned max_depth,
                         int *oom)
{
	top_reader r = {.max_depth = max_depth ? max_depth : 1};
	chunks c = {buf, len};
	if (!yaml_parser_initialize(&r.p))
		return *oom = 1, NULL;
	yaml_parser_set_input(&r.p, read_chunk, &c);
	char *out = NULL;
	int match = 0, rc = to_root_mapping(&r);
	while (rc == 0 && !out && next_key(&r, key, &match) == 1) {
		yaml_event_t ev;
		if (!next_event(&r, &ev))
			break;
		if (match && ev.type == YAML_SCALAR_EVENT && ev.data.scalar.length && !plain_null(&ev) &&
		    !(out = strdup((const char *)ev.data.scalar.value)))
			r.oom = 1;
		rc = match ? -1 : skip_node(&r, &ev);   /* the first `key` decides */
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&r.p);
	*oom = r.oom;
	if (r.oom) {
		free(out);
		out = NULL;
	}
	return out;
}
