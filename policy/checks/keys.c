/* keys: {path, values | vocab | paths [, misspelled: true]}
 *   every key of each mapping at path is one of the set. With misspelled,
 *   only a key a typo away from a member fails (`trail` for `trial`, which
 *   would switch the trial rules off unseen); other keys, a site's own
 *   additions, pass. A value that is no mapping is `type`'s to report. */
#include "../internal.h"

#include <ctype.h>
#include <string.h>

typedef struct args {
	gl__path *path;
	gl__set set;
	int misspelled;
} args;

static int compile(void **out, const gl_node *spec, gl__pctx *pc)
{
	static const char *const keys[] = {"path", "values", "vocab", "paths", "misspelled", NULL};
	args *a = gl__arg_alloc(pc, spec, sizeof *a);
	if (!a || gl__arg_check_keys(pc, spec, keys) ||
	    !(a->path = gl__arg_path(pc, spec, "path", 1)) || gl__arg_set(pc, spec, &a->set, 1))
		return -1;
	const gl_node *m = gl_node_get(spec, "misspelled");
	if (m && gl__node_bool(m, &a->misspelled))
		return gl__arg_fail(pc, m, "'misspelled' is true or false");
	*out = a;
	return 0;
}

/* Keys longer than this are no typo of a member (and cost nothing to skip). */
enum { KEY_MAX = 48 };

static int min3(int a, int b, int c)
{
	return a < b ? (a < c ? a : c) : (b < c ? b : c);
}

/* Edits from a to b, letter case aside: inserting, deleting or changing a
 * byte, or swapping two neighbours (`trail`, `trial`); above `limit` when
 * more than `limit`. */
static int edits(const char *a, const char *b, int limit)
{
	int n = (int)strlen(a), m = (int)strlen(b);
	if (n > KEY_MAX || m > KEY_MAX || n - m > limit || m - n > limit)
		return limit + 1;
	int d[KEY_MAX + 1][KEY_MAX + 1];
	for (int i = 0; i <= n; i++)
		d[i][0] = i;
	for (int j = 0; j <= m; j++)
		d[0][j] = j;
	for (int i = 1; i <= n; i++)
		for (int j = 1; j <= m; j++) {
			int x = tolower((unsigned char)a[i - 1]), y = tolower((unsigned char)b[j - 1]);
			d[i][j] = min3(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (x != y));
			if (i > 1 && j > 1 && x == tolower((unsigned char)b[j - 2]) &&
			    tolower((unsigned char)a[i - 2]) == y && d[i - 2][j - 2] + 1 < d[i][j])
				d[i][j] = d[i - 2][j - 2] + 1;
		}
	return d[n][m];
}

/* The member `key` is likely a typo of: the fewest edits, at most one for a
 * member of six letters or fewer, two for a longer one; else NULL. A key of
 * two letters or fewer is no one's typo (`ip` is one edit from `id`). */
static const char *meant(const gl__lookup *l, const char *key)
{
	const char *best = NULL;
	int fewest = 3;
	if (strlen(key) <= 2)
		return NULL;
	for (size_t i = 0; i < 2; i++)
		for (size_t k = 0; k < l->part[i].n; k++) {
			const char *v = l->part[i].v[k];
			int limit = strlen(v) <= 6 ? 1 : 2, e = edits(key, v, limit);
			if (e <= limit && e < fewest)
				best = v, fewest = e;
		}
	return best;
}

typedef struct run {
	gl__lookup set;
	int misspelled;
} run;

static int one(const gl__match *m, const void *vr, gl__ectx *ec, gl__fails *out)
{
	const run *r = vr;
	if (!m->node || m->node->kind != GL_MAP)
		return 0;
	for (size_t i = 0; i + 1 < m->node->n; i += 2) {
		const gl_node *k = m->node->items[i];
		const char *key = k->kind == GL_SCALAR ? k->str : NULL;   /* ~ and [a] name nothing */
		if (key && gl__lookup_has(&r->set, key))
			continue;
		const char *near = key ? meant(&r->set, key) : NULL;
		if (r->misspelled && !near)
			continue;
		const char *in = gl__ptext(out, ec, m->path);
		in = *in ? in : "the plan";
		if (!key) {
			gl__fails_add(out, k, m->path, NULL, gl__detail(out, ec, "%s has a key that is "
			                                                "not a name (a list, a mapping or "
			                                                "null)", in));
			continue;
		}
		gl__fails_add(out, k, m->path, key,
		              near ? gl__detail(out, ec, "%s has the key '%s': did you mean '%s'?", in,
		                                key, near)
		                   : gl__detail(out, ec, "%s has the key '%s', which is none of the "
		                                         "keys it may have", in, key));
	}
	return 0;
}

static int eval(const void *vargs, gl__ectx *ec, const gl__subject *s, gl__fails *out)
{
	const args *a = vargs;
	run r = {.misspelled = a->misspelled};
	if (gl__lookup_set(&r.set, ec, &a->set, s))
		return -1;
	return gl__each_match(a->path, &r, ec, s, one, out);
}

const gl__check gl__check_keys = {"keys", "every key of a mapping is one of a set (or, with "
                                          "misspelled, none is a typo of one)",
                                  compile, eval};
