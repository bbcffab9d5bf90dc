/* The people who can raise, own and sign: people.yaml, merged per plan with
 * the plan's own `people:` list. Lookups go through a hash index (a plan
 * names hundreds of people; a roster holds thousands). */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

struct gl__roster {
	gl__person *v;            /* in file order */
	size_t n;
	size_t *slots;            /* open addressing: index into v + 1; 0 is empty */
	size_t mask;
	const gl__roster *base;   /* asked when v lacks an id (people.yaml under a plan's) */
};

static size_t hash(const char *s)
{
	size_t h = 1469598103934665603u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

/* The slot holding `id`, or the empty slot where it would go. */
static size_t *slot_of(const gl__roster *r, const char *id)
{
	for (size_t i = hash(id) & r->mask;; i = (i + 1) & r->mask)
		if (!r->slots[i] || strcmp(r->v[r->slots[i] - 1].id, id) == 0)
			return &r->slots[i];
}

/* A scalar or a list of scalars as a string vector. */
static const char **strings(gl__arena *a, const gl_node *n, size_t *count)
{
	*count = 0;
	if (!n || gl__is_null(n))
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
	size_t size = 16;
	while (size < 2 * r->n)
		size *= 2;
	if (!(r->slots = gl__arena_alloc(a, size * sizeof *r->slots)))
		return NULL;
	r->mask = size - 1;
	for (size_t i = 0; i < r->n; i++) {
		size_t *slot = slot_of(r, r->v[i].id);
		if (!*slot)   /* an id listed twice: the first entry counts */
			*slot = i + 1;
	}
	r->base = base;   /* people.yaml first; the plan's entries add the others */
	return r;
}

/* people.yaml wins: a plan's own people: can add people, never change the
 * roles or e-mails of someone people.yaml has (it would clear the rules
 * that read them, a shared account's ban on signing among them). */
const gl__person *gl__roster_find(const gl__roster *r, const char *id)
{
	if (!r || !id)
		return NULL;
	const gl__person *p = gl__roster_find(r->base, id);
	if (p)
		return p;
	size_t k = *slot_of(r, id);
	return k ? &r->v[k - 1] : NULL;
}

int gl__person_has(const char *const *list, size_t n, const char *v)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], v) == 0)
			return 1;
	return 0;
}
