/* Build tool: turns data files (rule packs, templates) into a C array, so
 * the binary carries them and needs no install step. Usage:
 *   embed [-x] OUT.c SYMBOL PREFIX FILE...
 * writes `const gl__embedded SYMBOL[]`, naming each file by its path with
 * PREFIX removed, ended by a row of NULLs.
 *
 * With -x (rule packs), each file is embedded twice: whole (`data`), and
 * `lean`, in which the `examples:` entry of every item of the top-level
 * `rules:` list (its key through its value, comments in between included)
 * is blanked: replaced by the line breaks it spanned and, when what follows
 * it shares its last line, spaces up to that column. Every other node keeps
 * its line and column (but a rule whose first key is examples, which then
 * starts at its next key), so a pack's messages read the same from either
 * text; a check, which never shows examples, parses the lean one. In a flow
 * rule, the cut takes the comma after the entry with it. The entries are
 * found with libyaml's events, as govlint reads the pack; a file libyaml
 * cannot parse fails the build, as does an alias outside the cuts to an
 * anchor inside one. The lean text's events are recorded too
 * (tools/record.c), for a check to build the pack's tree from them
 * without parsing. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "record.h"

/* A cut: libyaml's marks (line, column and index count characters) and
 * the byte offsets of its ends. */
typedef struct {
	yaml_mark_t from, to;
	size_t from_byte, to_byte;
} cut;

/* What an open collection is to the walk: a rule is a mapping item of the
 * list under the top-level mapping's `rules` key. */
enum role { OTHER, ROOT, RULES, RULE };

typedef struct {
	enum role role;
	int map, flow, key;   /* a mapping; flow style; its next node is a key */
} frame;

typedef struct {
	const char *path;
	frame *stack;
	int depth, cap;      /* open collections */
	int cutting;         /* depth of the rule whose examples value is open, or 0 */
	int open_cut;        /* a flow rule's cut that ends at its next key, if any */
	int rules_next;      /* the top-level mapping's `rules` key was just read */
	cut *cuts;
	size_t ncuts;
	char **anchors;      /* anchors defined inside a cut */
	size_t nanchors;
} walk;

/* The build's error, at a place in the pack. */
static int fail(const walk *w, yaml_mark_t m, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(const walk *w, yaml_mark_t m, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s:%zu:%zu: ", w->path, m.line + 1, m.column + 1);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

static int note_anchor(walk *w, const yaml_char_t *anchor)
{
	size_t n = strlen((const char *)anchor) + 1;
	char **v = realloc(w->anchors, (w->nanchors + 1) * sizeof *v);
	if (v)
		w->anchors = v;
	if (!v || !(v[w->nanchors] = malloc(n)))
		return -1;
	memcpy(v[w->nanchors++], anchor, n);
	return 0;
}

/* An alias outside every cut must not name an anchor defined inside one:
 * the lean text would not have it. */
static int check_alias(const walk *w, const yaml_event_t *e)
{
	for (size_t i = 0; i < w->nanchors; i++)
		if (strcmp(w->anchors[i], (const char *)e->data.alias.anchor) == 0)
			return fail(w, e->start_mark, "alias *%s names an anchor inside a rule's "
			            "examples, which the lean text leaves out", w->anchors[i]);
	return 0;
}

/* A node starts: a key, a value or an item of the innermost collection.
 * Returns the role a collection starting here takes. */
static enum role node_start(walk *w, const yaml_event_t *e)
{
	frame *up = w->depth ? &w->stack[w->depth - 1] : NULL;
	int is_key = up && up->map && up->key;
	enum role role = OTHER;
	if (!up)
		role = ROOT;
	else if (up->role == ROOT && !is_key && w->rules_next)
		role = RULES;
	else if (up->role == RULES)
		role = RULE;
	w->rules_next = 0;
	if (up && up->map)
		up->key = !up->key;
	if (w->open_cut) {   /* a flow rule's next key: the cut takes the comma before it */
		w->cuts[w->ncuts - 1].to = e->start_mark;
		w->open_cut = 0;
	}
	int scalar = e->type == YAML_SCALAR_EVENT;
	const char *text = scalar ? (const char *)e->data.scalar.value : "";
	if (is_key && scalar && up->role == ROOT && strcmp(text, "rules") == 0)
		w->rules_next = 1;
	return role;
}

static int push(walk *w, const yaml_event_t *e, enum role role, int map)
{
	if (w->depth == w->cap) {
		frame *v = realloc(w->stack, (w->cap = 2 * w->cap + 8) * sizeof *v);
		if (!v)
			return fail(w, e->start_mark, "out of memory");
		w->stack = v;
	}
	frame *f = &w->stack[w->depth++];
	f->role = role;
	f->map = map;
	f->key = 1;
	f->flow = map ? e->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE
	              : e->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
	return 0;
}

/* A value of a rule ends at `to`, the end of the node: if it is the
 * examples entry's, so does the cut (a flow rule's, at its next key). */
static void node_end(walk *w, yaml_mark_t to)
{
	if (!w->cutting || w->depth != w->cutting)
		return;
	w->cuts[w->ncuts - 1].to = to;
	w->open_cut = w->stack[w->depth - 1].flow;
	w->cutting = 0;
}

static int start_cut(walk *w, const yaml_event_t *e)
{
	cut *v = realloc(w->cuts, (w->ncuts + 1) * sizeof *v);
	if (!v)
		return fail(w, e->start_mark, "out of memory");
	w->cuts = v;
	w->cuts[w->ncuts++] = (cut){e->start_mark, e->end_mark, 0, 0};
	w->cutting = w->depth;
	return 0;
}

static int event(void *ctx, const yaml_event_t *e)
{
	walk *w = ctx;
	const frame *up = w->depth ? &w->stack[w->depth - 1] : NULL;
	int key = up && up->map && up->key, map = e->type == YAML_MAPPING_START_EVENT;
	const yaml_char_t *anchor = NULL;
	enum role role;
	switch (e->type) {
	case YAML_SCALAR_EVENT:
	case YAML_ALIAS_EVENT:
		node_start(w, e);
		if (e->type == YAML_ALIAS_EVENT && !w->cutting && check_alias(w, e))
			return -1;
		if (e->type == YAML_SCALAR_EVENT) {
			anchor = e->data.scalar.anchor;
			if (key && up->role == RULE && !w->cutting &&
			    strcmp((const char *)e->data.scalar.value, "examples") == 0 && start_cut(w, e))
				return -1;
		}
		if (anchor && w->cutting && note_anchor(w, anchor))
			return fail(w, e->start_mark, "out of memory");
		if (!key)
			node_end(w, e->end_mark);
		return 0;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		role = node_start(w, e);
		anchor = map ? e->data.mapping_start.anchor : e->data.sequence_start.anchor;
		if (push(w, e, role, map))
			return -1;
		if (anchor && w->cutting && note_anchor(w, anchor))
			return fail(w, e->start_mark, "out of memory");
		return 0;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		w->depth--;
		w->open_cut = 0;
		node_end(w, e->end_mark);
		return 0;
	default:
		return 0;
	}
}

/* The cuts of the text: the examples entry of every rule, in order. */
static int find_cuts(walk *w, const unsigned char *text, size_t len)
{
	yaml_mark_t at;
	const char *problem;
	int rc = each_event(text, len, event, w, &at, &problem);
	return rc > 0 ? fail(w, at, "%s", problem) : rc;
}

static void bytes(FILE *out, const char *name, int index, const unsigned char *s, size_t len)
{
	fprintf(out, "static const char %s%d[] = {", name, index);
	for (size_t i = 0; i < len; i++)
		fprintf(out, "%s%d,", i % 20 ? "" : "\n\t", s[i]);
	fprintf(out, "\n\t0};\n");
}

/* The byte offsets of the cuts' ends: libyaml counts characters, UTF-8
 * here, after a byte order mark it skips. */
static void byte_offsets(walk *w, const unsigned char *s, size_t len)
{
	size_t at = len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0, chars = 0;
	for (size_t i = 0; i < 2 * w->ncuts; i++) {
		cut *c = &w->cuts[i / 2];
		for (size_t to = (i % 2 ? c->to : c->from).index; chars < to && at < len; chars++)
			for (at++; at < len && (s[at] & 0xC0) == 0x80; at++)
				;
		*(i % 2 ? &c->to_byte : &c->from_byte) = at;
	}
}

/* The lean text (*n bytes, never more than len): in place of each cut,
 * its line breaks, then spaces to the column of what follows it on its
 * last line. NULL when memory runs out. */
static unsigned char *lean(const unsigned char *s, size_t len, const walk *w, size_t *n)
{
	unsigned char *t = malloc(len + 1);
	size_t at = 0;
	*n = 0;
	for (size_t c = 0; t && c <= w->ncuts; c++) {
		size_t upto = c < w->ncuts ? w->cuts[c].from_byte : len;
		memcpy(t + *n, s + at, upto - at);
		*n += upto - at;
		if (c == w->ncuts)
			break;
		const cut *k = &w->cuts[c];
		size_t lines = k->to.line - k->from.line;
		size_t col = lines ? k->to.column : k->to.column - k->from.column;
		for (size_t i = 0; i < lines + col; i++)
			t[(*n)++] = i < lines ? '\n' : ' ';
		at = k->to_byte;
	}
	return t;
}

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *in = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t cap = 0;
	*len = 0;
	if (!in) {
		perror(path);
		return NULL;
	}
	for (;;) {
		if (*len == cap) {
			unsigned char *b = realloc(buf, cap = cap ? 2 * cap : 65536);
			if (!b)
				break;
			buf = b;
		}
		size_t got = fread(buf + *len, 1, cap - *len, in);
		*len += got;
		if (got == 0)
			break;
	}
	int bad = ferror(in) || *len == cap;   /* full: realloc failed */
	fclose(in);
	if (bad) {
		fprintf(stderr, "%s: cannot read it\n", path);
		free(buf);
		return NULL;
	}
	return buf;
}

/* The events of the lean text t (n bytes) as `eventsINDEX`, ended by a
 * zero row: type, style, plain_implicit, line, column, value, length,
 * anchor, tag (gl__event); their strings as `poolINDEX`. */
static int events(FILE *out, const char *path, int index, const unsigned char *t, size_t n)
{
	recorded r;
	if (record(&r, t, n) < 0) {
		fprintf(stderr, "%s:%s (the text without examples)\n", path, r.err);
		recorded_free(&r);
		return -1;
	}
	fprintf(out, "static const gl__event events%d[] = {\n", index);
	for (size_t i = 0; i < r.n; i++) {
		const gl__event *e = &r.v[i];
		fprintf(out, "\t{%d,%d,%d,%u,%u,%uu,%u,%uu,%uu},\n", e->type, e->style,
		        e->plain_implicit, e->line, e->column, e->value, e->length, e->anchor, e->tag);
	}
	fprintf(out, "\t{0}};\n");
	bytes(out, "pool", index, (const unsigned char *)r.pool, r.npool);
	recorded_free(&r);
	return 0;
}

static int emit_lean(FILE *out, const char *path, int index, const unsigned char *text,
                     size_t len, const walk *w)
{
	size_t n;
	unsigned char *t = lean(text, len, w, &n);
	if (!t)
		return fail(w, (yaml_mark_t){0}, "out of memory");
	bytes(out, "lean", index, t, n);
	int rc = events(out, path, index, t, n);
	free(t);
	return rc;
}

static int emit(FILE *out, const char *path, int index, int examples_cut)
{
	size_t len;
	unsigned char *text = slurp(path, &len);
	if (!text)
		return -1;
	walk w = {.path = path};
	int rc = examples_cut ? find_cuts(&w, text, len) : 0;
	if (rc == 0) {
		byte_offsets(&w, text, len);
		bytes(out, "data", index, text, len);
	}
	if (rc == 0 && examples_cut)
		rc = emit_lean(out, path, index, text, len, &w);
	for (size_t i = 0; i < w.nanchors; i++)
		free(w.anchors[i]);
	free(w.anchors);
	free(w.cuts);
	free(w.stack);
	free(text);
	return rc;
}

int main(int argc, char **argv)
{
	int x = argc > 1 && strcmp(argv[1], "-x") == 0;
	argv += x;
	argc -= x;
	if (argc < 4) {
		fprintf(stderr, "usage: embed [-x] OUT.c SYMBOL PREFIX FILE...\n");
		return 2;
	}
	FILE *out = fopen(argv[1], "w");
	if (!out) {
		perror(argv[1]);
		return 2;
	}
	size_t strip = strlen(argv[3]);
	fprintf(out, "/* Generated by tools/embed.c: do not edit. */\n#include \"internal.h\"\n\n");
	for (int i = 4; i < argc; i++)
		if (emit(out, argv[i], i, x) != 0) {
			fclose(out);
			remove(argv[1]);
			return 2;
		}
	fprintf(out, "\nconst gl__embedded %s[] = {\n", argv[2]);
	for (int i = 4; i < argc; i++) {
		const char *name = strncmp(argv[i], argv[3], strip) == 0 ? argv[i] + strip : argv[i];
		fprintf(out, "\t{\"%s\", data%d, sizeof data%d - 1, ", name, i, i);
		if (x)
			fprintf(out, "lean%d, sizeof lean%d - 1,\n\t "
			        "{events%d, sizeof events%d / sizeof *events%d - 1, pool%d}},\n",
			        i, i, i, i, i, i);
		else
			fprintf(out, "NULL, 0, {NULL, 0, NULL}},\n");
	}
	fprintf(out, "\t{NULL, NULL, 0, NULL, 0, {NULL, 0, NULL}},\n};\n");
	if (fclose(out) != 0) {
		remove(argv[1]);
		return 2;
	}
	return 0;
}
