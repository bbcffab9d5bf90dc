/*
 * `govlint schema`: the JSON Schema of a plan, from templates/plan-schema.yaml
 * (embedded) with the active packs' vocabularies filled in, so editors
 * complete the same values the rules accept.
 */
#include "internal.h"

#include <string.h>

typedef struct emitter {
	const gl_run *run;
	gl__buf *b;
	gl_err *err;
} emitter;

static const gl__vocab *vocab(const gl_run *run, const char *name)
{
	for (size_t i = 0; i < gl_run_nrules(run); i++) {
		const gl__vocab *v = gl__vocab_find(gl_run_rule(run, i)->pack, name);
		if (v)
			return v;
	}
	return NULL;
}

static void indent(gl__buf *b, int depth)
{
	gl__buf_putc(b, '\n');
	for (int i = 0; i < depth; i++)
		gl__buf_puts(b, "  ");
}

static int node(emitter *e, const gl_node *n, int depth);

/* `"enum": [...]`, or with `open`, `"anyOf": [{"enum": [...]}, {"type": "string"}]`. */
static int enum_of(emitter *e, const gl_node *name, int open)
{
	const gl__vocab *v = name->kind == GL_SCALAR ? vocab(e->run, name->str) : NULL;
	if (!v) {   /* the schema describes the built-in pack's plans */
		gl__err_set(e->err, "the plan schema needs the vocabulary '%s' of the built-in pack "
		            "clinical-imaging, which packs: in the config leaves out",
		            name->str ? name->str : "?");
		return -1;
	}
	gl__buf_puts(e->b, open ? "\"anyOf\": [{\"enum\": [" : "\"enum\": [");
	for (size_t i = 0; i < v->n; i++) {
		gl__buf_puts(e->b, i ? ", " : "");
		gl__json_str(e->b, v->values[i]);
	}
	gl__buf_puts(e->b, open ? "]}, {\"type\": \"string\"}]" : "]");
	return 0;
}

static int map(emitter *e, const gl_node *n, int depth)
{
	gl__buf_putc(e->b, '{');
	for (size_t i = 0; i + 1 < n->n; i += 2) {
		const char *k = gl__scalar_text(n->items[i]);
		gl__buf_puts(e->b, i ? "," : "");
		indent(e->b, depth + 1);
		int open = k && strcmp(k, "$suggest") == 0;
		if (k && (open || strcmp(k, "$vocab") == 0)) {
			if (enum_of(e, n->items[i + 1], open))
				return -1;
			continue;
		}
		gl__json_str(e->b, k ? k : "");
		gl__buf_puts(e->b, ": ");
		if (node(e, n->items[i + 1], depth + 1))
			return -1;
	}
	indent(e->b, depth);
	gl__buf_putc(e->b, '}');
	return 0;
}

static int seq(emitter *e, const gl_node *n, int depth)
{
	gl__buf_putc(e->b, '[');
	for (size_t i = 0; i < n->n; i++) {
		gl__buf_puts(e->b, i ? ", " : "");
		if (node(e, n->items[i], depth + 1))
			return -1;
	}
	gl__buf_putc(e->b, ']');
	return 0;
}

static int node(emitter *e, const gl_node *n, int depth)
{
	switch (n->kind) {
	case GL_MAP: return map(e, n, depth);
	case GL_SEQ: return seq(e, n, depth);
	case GL_NULL: gl__buf_puts(e->b, "null"); return 0;
	case GL_SCALAR: break;
	}
	gl__stype t = gl__scalar_type(n);
	if (t == GL_T_INT || t == GL_T_FLOAT || t == GL_T_BOOL)
		gl__buf_puts(e->b, gl__value_text(n));
	else
		gl__json_str(e->b, n->str);
	return 0;
}

static const gl__embedded *template_file(const char *name)
{
	for (const gl__embedded *t = gl__embedded_templates; t->name; t++)
		if (strcmp(t->name, name) == 0)
			return t;
	return NULL;
}

int gl_schema(const gl_run *run, FILE *f, gl_err *err)
{
	const gl__embedded *t = template_file("plan-schema.yaml");
	gl_doc *doc = NULL;
	if (!t || gl_doc_parse(&doc, "templates/plan-schema.yaml", t->data, t->len, NULL) < 0)
		return gl__err_set(err, t ? "out of memory" : "the schema template is missing"), GL_ERROR;
	gl__buf b = {0};
	emitter e = {run, &b, err};
	const gl_node *root = gl_doc_root(doc);
	int rc = root ? node(&e, root, 0) : (gl__err_set(err, "the schema template is empty"), -1);
	gl__buf_putc(&b, '\n');
	if (rc == 0)   /* written whole once built */
		rc = gl__buf_finish(&b, f, "the schema", err);
	gl__buf_free(&b);
	gl_doc_free(doc);
	return rc < 0 ? GL_ERROR : 0;
}
