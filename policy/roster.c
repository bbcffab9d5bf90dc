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

/* Reads e-mails only when `emails`: people.yaml alone says who commits as
 * whom (SPEC section 7); a plan's author could otherwise give a signer of
 * his own making his own e-mail and pass GOV-SIG-001. */
static int read_person(gl__arena *a, const gl_node *e, int emails, gl__person *p)
{
	const gl_node *id = gl_node_get(e, "id");
	if (!id || id->kind != GL_SCALAR)
		return 0;
	const gl_node *name = gl_node_get(e, "name");
	memset(p, 0, sizeof *p);
	p->id = id->str;
	p->name = name && name->kind == GL_SCALAR ? name->str : NULL;
	if (emails)
		p->emails = strings(a, gl_node_get(e, "emails"), &p->nemails);
	if (emails && !p->nemails)
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
		r->n += (size_t)read_person(a, people->items[i], !base, &r->v[r->n]);
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

const gl__person *gl__roster_find_base(const gl__roster *r, const char *id)
{
	while (r && r->base)
		r = r->base;
	return gl__roster_find(r, id);
}

/* ---- checking people.yaml ------------------------------------------- */

/* s as a message quotes it: control bytes as '?', at most 64 bytes. */
static const char *shown(const char *s, char out[72])
{
	size_t n = 0;
	for (; s[n] && n < 64; n++)
		out[n] = (unsigned char)s[n] < 0x20 || s[n] == 0x7f ? '?' : s[n];
	if (s[n]) {
		while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;   /* not inside a UTF-8 sequence */
		memcpy(out + n, "...", 3);
		n += 3;
	}
	out[n] = '\0';
	return out;
}

static const char *what(const gl_node *n)
{
	if (gl__is_null(n))
		return "empty";
	return n->kind == GL_SEQ ? "a list" : n->kind == GL_MAP ? "a mapping" : "text";
}

/* A field of names: a list of them; `single` (role, email, group) may
 * also be one name. Absent or empty is no names. */
static int check_names(const char *file, const char *who, const gl_node *v, const char *key,
                       int single, gl_err *err)
{
	char who_buf[72], value_buf[72];
	if (gl__is_null(v) || (single && v->kind == GL_SCALAR))
		return 0;
	if (v->kind == GL_SCALAR)
		return gl__err_at(err, file, v->line, v->col, "person '%s': '%s' is a list: write %s: [%s]",
		                  shown(who, who_buf), key, key, shown(v->str, value_buf)), -1;
	if (v->kind == GL_MAP)
		return gl__err_at(err, file, v->line, v->col, "person '%s': '%s' is a list of names, "
		                  "not a mapping", shown(who, who_buf), key), -1;
	for (size_t i = 0; i < v->n; i++) {
		const gl_node *item = v->items[i];
		if (gl__is_null(item))
			return gl__err_at(err, file, item->line, item->col, "person '%s': '%s' has an "
			                  "empty item", shown(who, who_buf), key), -1;
		if (item->kind != GL_SCALAR)
			return gl__err_at(err, file, item->line, item->col, "person '%s': each item of "
			                  "'%s' is one name, not %s", shown(who, who_buf), key, what(item)), -1;
	}
	return 0;
}

/* The id of entry i of people, or NULL with err set. */
static const char *check_id(const char *file, size_t i, const gl_node *e, gl_err *err)
{
	if (e->kind != GL_MAP)
		return gl__err_at(err, file, e->line, e->col, "entry %zu of people is %s, not a person "
		                  "(a mapping with at least an id)", i + 1, what(e)), NULL;
	const gl_node *id = gl_node_get(e, "id");
	if (!id)
		return gl__err_at(err, file, e->line, e->col, "entry %zu of people has no 'id' "
		                  "(plans name people by id)", i + 1), NULL;
	if (gl__is_null(id) || (id->kind == GL_SCALAR && !id->len))
		return gl__err_at(err, file, id->line, id->col, "entry %zu of people has an empty 'id'",
		                  i + 1), NULL;
	if (id->kind != GL_SCALAR)
		return gl__err_at(err, file, id->line, id->col, "entry %zu of people: 'id' is one name, "
		                  "not %s", i + 1, what(id)), NULL;
	return id->str;
}

/* Entry i of people: a mapping with a non-empty id, a name that is text
 * and lists of names where lists belong. */
static int check_person(const char *file, size_t i, const gl_node *e, gl_err *err)
{
	static const struct {
		const char *key;
		int single;
	} names[] = {{"emails", 0}, {"email", 1}, {"roles", 0}, {"role", 1}, {"groups", 0}, {"group", 1}};
	const char *id = check_id(file, i, e, err);
	if (!id)
		return -1;
	const gl_node *name = gl_node_get(e, "name");
	char shown_id[72];
	if (!gl__is_null(name) && name->kind != GL_SCALAR)
		return gl__err_at(err, file, name->line, name->col, "person '%s': 'name' is text, not %s",
		                  shown(id, shown_id), what(name)), -1;
	for (size_t k = 0; k < sizeof names / sizeof *names; k++)
		if (check_names(file, id, gl_node_get(e, names[k].key), names[k].key, names[k].single,
		                err))
			return -1;
	return 0;
}

int gl__roster_check(const gl_node *people, const char *file, gl_err *err)
{
	size_t n = people && people->kind == GL_SEQ ? people->n : 0, size = 16;
	while (size < 2 * n)
		size *= 2;
	size_t *seen = calloc(size, sizeof *seen);   /* entry index + 1 by id; 0 is empty */
	if (!seen)
		return gl__err_set(err, "out of memory"), GL_ENOMEM;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		const gl_node *e = people->items[i];
		if ((rc = check_person(file, i, e, err)) != 0)
			break;
		const char *id = gl_node_get(e, "id")->str;
		size_t s = hash(id) & (size - 1);
		while (seen[s] && strcmp(gl_node_get(people->items[seen[s] - 1], "id")->str, id) != 0)
			s = (s + 1) & (size - 1);
		if (!seen[s]) {
			seen[s] = i + 1;
			continue;
		}
		const gl_node *first = people->items[seen[s] - 1];
		char shown_id[72];
		if (first == e)   /* `- *anchor`: an alias has no place of its own */
			gl__err_at(err, file, e->line, e->col, "person '%s' is listed twice: entry %zu of "
			           "people repeats entry %zu through an alias", shown(id, shown_id), i + 1,
			           seen[s]);
		else
			gl__err_at(err, file, e->line, e->col, "person '%s' is listed twice (first at %u:%u)",
			           shown(id, shown_id), first->line, first->col);
		rc = -1;
	}
	free(seen);
	return rc;
}

int gl__person_has(const char *const *list, size_t n, const char *v)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], v) == 0)
			return 1;
	return 0;
}
