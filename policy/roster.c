/* The people who can raise, own and sign: people.yaml, merged per plan with
 * the plan's own `people:` list. Lookups go through a sorted index. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

struct gl__roster {
	gl__person *v;   /* sorted by id */
	size_t n;
	const gl__roster *base;   /* asked when v lacks an id (people.yaml under a plan's) */
};

/* A scalar or a list of scalars as a string vector. */
static const char **strings(gl__arena *a, const gl_node *n, size_t *count)
{
	*count = 0;
	if (!n || gl_node_is_null(n))
		return NULL;
	size_t cap = n->kind == GL_SEQ ? n->n : 1;
	const char **v = gl__arena_alloc(a, (cap ? cap : 1) * sizeof *v);
	if (!v)
		return NULL;
	if (n->kind == GL_SCALAR) {
		v[(*count)++] = n->str;
	} else if (n->kind == GL_SEQ) {
		for (size_t i = 0; i < n->n; i++)
			if (n->items[i]->kind == GL_SCALAR)
				v[(*count)++] = n->items[i]->str;
	}
	return v;
}

static int by_id(const void *a, const void *b)
{
	return strcmp(((const gl__person *)a)->id, ((const gl__person *)b)->id);
}

static int read_person(gl__arena *a, const gl_node *e, gl__person *p)
{
	const gl_node *id = gl_node_get(e, "id");
	if (!id || id->kind != GL_SCALAR)
		return 0;
	const gl_node *name = gl_node_get(e, "name");
	memset(p, 0, sizeof *p);
	p->id = id->str;
	p->name = name && name->kind == GL_SCALAR ? name->str : NULL;
	p->emails = strings(a, gl_node_get(e, "emails"), &p->nemails);
	if (!p->nemails)
		p->emails = strings(a, gl_node_get(e, "email"), &p->nemails);
	p->roles = strings(a, gl_node_get(e, "roles"), &p->nroles);
	if (!p->nroles)   /* POLICY.md section 4 sketches `role:` in plans */
		p->roles = strings(a, gl_node_get(e, "role"), &p->nroles);
	p->groups = strings(a, gl_node_get(e, "groups"), &p->ngroups);
	if (!p->ngroups)
		p->groups = strings(a, gl_node_get(e, "group"), &p->ngroups);
	p->node = e;
	return 1;
}

const gl__roster *gl__roster_build(gl__arena *a, const gl_node *people, const gl__roster *base)
{
	size_t own = people && people->kind == GL_SEQ ? people->n : 0;
	if (!own && base)
		return base;   /* no people of its own: the roster as it is */
	gl__roster *r = gl__arena_alloc(a, sizeof *r);
	if (!r || !(r->v = gl__arena_alloc(a, (own + 1) * sizeof *r->v)))
		return NULL;
	for (size_t i = 0; i < own; i++)
		r->n += (size_t)read_person(a, people->items[i], &r->v[r->n]);
	qsort(r->v, r->n, sizeof *r->v, by_id);
	r->base = base;   /* the plan's entries win; the rest come from the roster */
	return r;
}

const gl__person *gl__roster_find(const gl__roster *r, const char *id)
{
	gl__person key = {.id = id};
	for (; r && id; r = r->base) {
		const gl__person *p = bsearch(&key, r->v, r->n, sizeof *r->v, by_id);
		if (p)
			return p;
	}
	return NULL;
}

int gl__person_has(const char *const *list, size_t n, const char *v)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], v) == 0)
			return 1;
	return 0;
}
