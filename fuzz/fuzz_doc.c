/*
 * libFuzzer target: the YAML loader (gl_doc_parse) with small limits, then a
 * walk of the whole tree (aliases make it a DAG: the walk is bounded by the
 * alias-expansion limit) reading every scalar the ways the rules do; and
 * the id read without the tree (gl__doc_top_scalar) against the tree's.
 */
#include "fuzz_common.h"

static size_t walk(const gl_node *n, unsigned depth)
{
	if (!n)
		return 0;
	if (depth > 64)   /* max_depth below is 32: deeper is a loader bug */
		abort();
	size_t sum = (size_t)n->line + n->col + (n->tag ? strlen(n->tag) : 0);
	switch (n->kind) {
	case GL_NULL:
		return sum + (size_t)gl_node_is_null(n);
	case GL_SCALAR: {
		if (!n->str || strlen(n->str) != n->len)
			abort();   /* NUL inside a scalar must be a diagnostic */
		double d;
		int b, has_time;
		long days;
		sum += (size_t)gl__scalar_type(n) + (size_t)gl__node_number(n, &d) +
		       (size_t)gl__node_bool(n, &b) + (size_t)gl__parse_date(n->str, &days, &has_time) +
		       (size_t)gl__parse_duration(n->str, &d) +
		       (size_t)gl__is_datetime_offset(n->str);
		const char *t = gl__value_text(n);
		return sum + (t ? strlen(t) : 0);
	}
	case GL_SEQ:
	case GL_MAP:
		if (n->kind == GL_MAP && n->n % 2)
			abort();
		for (size_t i = 0; i < n->n; i++)
			sum += walk(n->items[i], depth + 1);
		if (n->kind == GL_MAP && n->n)
			sum += gl_node_get(n, n->items[0]->str ? n->items[0]->str : "") != NULL;
		return sum;
	}
	return sum;
}

/* The id a partial check reads from the top of a file it does not check
 * (ids.c) is the id the full loader gives, whenever the file loads clean. */
static size_t same_id(const gl_doc *doc, const char *data, size_t size, const gl_limits *lim)
{
	int oom;
	char *top = gl__doc_top_scalar(data, size, "id", lim->max_depth, &oom);
	const gl_node *root = gl_doc_root(doc);
	if (top && !gl_doc_ndiags(doc) && root && root->kind == GL_MAP) {
		const char *full = gl__scalar_text(gl_node_get(root, "id"));
		if (!full || strcmp(full, top) != 0)
			abort();
	}
	size_t n = top ? strlen(top) : 0;
	free(top);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* small limits, so the fuzzer reaches each of them */
	const gl_limits lim = {48u << 10, 32, 5000, 20000, 4096};
	gl_doc *doc = NULL;
	if (gl_doc_parse(&doc, "fuzz.yaml", (const char *)data, size, &lim) < 0)
		return 0;   /* out of memory: nothing allocated is left */
	size_t sum = walk(gl_doc_root(doc), 0);
	for (size_t i = 0; i < gl_doc_ndiags(doc); i++) {
		const gl_diag *d = gl_doc_diag(doc, i);
		sum += strlen(d->msg) + d->line + d->col;
		size_t len;
		const char *line = gl_doc_line(doc, d->line, &len);
		if (line)
			sum += len ? (unsigned char)line[len - 1] : 0;
	}
	for (unsigned l = 1; l < 4; l++) {
		size_t len;
		if (gl_doc_line(doc, l, &len))
			sum += len;
	}
	sum += same_id(doc, (const char *)data, size, &lim);
	gl_doc_free(doc);
	return sum == (size_t)-1;
}
