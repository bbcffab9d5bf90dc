/*
 * Which plans a run checks: the PATH arguments, --since (only what changed
 * since a revision) and --shard (a deterministic part, for CI matrices).
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

static int under(const char *rel, const char *filter)
{
	size_t n = strlen(filter);
	return n == 0 || (strncmp(rel, filter, n) == 0 && (rel[n] == '\0' || rel[n] == '/'));
}

/* Keeps entry i of l when keep(i); frees the others. */
static void keep_only(gl__filelist *l, const unsigned char *keep)
{
	size_t k = 0;
	for (size_t i = 0; i < l->n; i++) {
		if (keep[i]) {
			l->why[k] = l->why[i];
			l->v[k++] = l->v[i];
		} else {
			free(l->v[i]);
			free(l->why[i]);
		}
	}
	l->n = k;
}

static int append(gl__filelist *l, const char *rel)
{
	char **v = realloc(l->v, (l->n + 1) * sizeof *v);
	if (v)
		l->v = v;
	char **y = v ? realloc(l->why, (l->n + 1) * sizeof *y) : NULL;
	if (y)
		l->why = y;
	if (!y || !(v[l->n] = strdup(rel)))
		return -1;
	y[l->n] = NULL;
	l->cap = ++l->n;
	return 0;
}

/* The config, roster, waivers file and local packs, by name: *n of them,
 * malloc'd; NULL out of memory. */
static const char **inputs_of(const gl__config *cfg, size_t *n)
{
	const char *fixed[] = {".govlint.yaml", cfg->rel, cfg->roster, cfg->waivers};
	size_t nfixed = sizeof fixed / sizeof *fixed;
	const char **v = malloc((nfixed + cfg->npacks) * sizeof *v);
	*n = 0;
	for (size_t i = 0; v && i < nfixed + cfg->npacks; i++) {
		const char *rel = i < nfixed ? fixed[i] : gl__config_pack_file(cfg->packs[i - nfixed]);
		if (rel)
			v[(*n)++] = rel;
	}
	return v;
}

/* roles[i]: what paths[i] is among the files a run reads besides plans
 * (gl__config_role), by name or the same file under another name (a
 * symlink; in the work tree, a hard link too), or NULL. -1 out of memory. */
static int roles_of(const gl__config *cfg, const gl__source *src, const char *const *paths,
                    size_t n, const char **roles, int direct)
{
	size_t m;
	const char **in = inputs_of(cfg, &m);
	size_t *same = in ? calloc(n + 1, sizeof *same) : NULL;
	int rc = same ? gl__source_same(src, paths, n, in, m, same, direct) : -1;
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (!(roles[i] = gl__config_role(cfg, paths[i])) && same[i] < m)
			roles[i] = gl__config_role(cfg, in[same[i]]);
	free(same);
	free(in);
	return rc;
}

int gl__select_plans_only(gl__filelist *files, const gl__config *cfg, const gl__source *src)
{
	const char **roles = calloc(files->n + 1, sizeof *roles);
	unsigned char *keep = roles ? calloc(files->n + 1, 1) : NULL;
	int rc = keep ? roles_of(cfg, src, (const char *const *)files->v, files->n, roles, !files->links) : -1;
	for (size_t i = 0; rc == 0 && i < files->n; i++)
		keep[i] = !roles[i];
	if (rc == 0)
		keep_only(files, keep);
	free(keep);
	free(roles);
	return rc;
}

/* A PATH no listed plan is under: a file outside the plans globs is
 * checked all the same (unless it is the roster, config or waivers); a
 * folder, or a file the source lacks, is an error, so a mistyped path never
 * passes a CI gate silently. */
static int explicit_path(const gl__selection *s, const char *rel, gl_err *err)
{
	const char *role;
	if (roles_of(s->cfg, s->src, &rel, 1, &role, 0))
		return gl__err_set(err, "out of memory"), GL_ENOMEM;
	if (role)
		return gl__err_set(err, "%s is %s, not a plan", rel, role), GL_ERROR;
	char *buf = NULL;
	size_t len;
	gl_err e;
	int rc = gl__source_read(s->src, rel, s->cfg->limits.max_bytes, &buf, &len, &e);
	free(buf);
	if (rc == GL__ABSENT && s->src->src == GL__SRC_INDEX)
		return gl__err_set(err, "%s is not in the git index (--staged checks staged content: "
		                   "git add it)", rel), GL_ERROR;
	if (rc == GL__ABSENT ||
	    (rc == -1 && (strstr(e.msg, "not a regular file") || strstr(e.msg, "a folder, not a file"))))
		return gl__err_set(err, "%s holds no plan (the plans are %s%s in %s)", rel,
		                   s->cfg->plans[0], s->cfg->nplans > 1 ? ", ..." : "",
		                   s->src->root), GL_ERROR;
	return append(s->files, rel) ? (gl__err_set(err, "out of memory"), GL_ENOMEM) : 0;
}

int gl__select_paths(const gl__selection *s, gl_err *err)
{
	gl__filelist *l = s->files;
	if (!s->nfilters)
		return 0;
	unsigned char *keep = calloc(l->n + 1, 1);
	if (!keep)
		return gl__err_set(err, "out of memory"), GL_ENOMEM;
	for (size_t i = 0; i < l->n; i++)
		for (size_t j = 0; j < s->nfilters && !keep[i]; j++)
			keep[i] = (unsigned char)under(l->v[i], s->filters[j]);
	keep_only(l, keep);
	free(keep);
	for (size_t j = 0; j < s->nfilters; j++) {
		size_t found = 0;
		for (size_t i = 0; i < l->n; i++)
			found += under(l->v[i], s->filters[j]);
		int rc = found ? 0 : explicit_path(s, s->filters[j], err);
		if (rc)
			return rc;
	}
	return gl__filelist_sort(l) ? (gl__err_set(err, "out of memory"), GL_ENOMEM) : 0;
}

static int listed(const gl__filelist *l, const char *rel)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], rel) == 0)
			return 1;
	return 0;
}

/* A change to what every plan is checked against means every plan. */
static int changes_everything(const gl__config *cfg, const gl__filelist *changed)
{
	for (size_t i = 0; i < changed->n; i++)
		if (gl__config_is_self(cfg, changed->v[i]))
			return 1;
	if (listed(changed, cfg->roster) || listed(changed, cfg->waivers))
		return 1;
	for (size_t i = 0; i < cfg->npacks; i++) {
		const char *pack = gl__config_pack_file(cfg->packs[i]);
		if (pack && listed(changed, pack))
			return 1;
	}
	return 0;
}

int gl__select_since(gl__filelist *files, const gl__filelist *changed, const gl__config *cfg,
                     const gl__source *src)
{
	if (changes_everything(cfg, changed))
		return 0;
	unsigned char *keep = calloc(files->n + 1, 1);
	if (!keep)
		return -1;
	size_t plans = 0;
	for (size_t i = 0; i < files->n; i++)
		plans += keep[i] = (unsigned char)listed(changed, files->v[i]);
	char origin[PATH_MAX];   /* a changed file that is no plan: a symlinked plan's target? */
	for (size_t i = 0; plans < changed->n && i < files->n; i++)
		keep[i] = keep[i] || listed(changed, gl__source_origin(src, files->v[i], origin));
	keep_only(files, keep);
	free(keep);
	return 0;
}

int gl__selects_gone(const char *rel, const char *const *filters, size_t nfilters,
                     const gl__filelist *changed, unsigned k, unsigned n)
{
	int in = !nfilters;
	for (size_t j = 0; j < nfilters && !in; j++)
		in = under(rel, filters[j]);
	return in && (!changed || listed(changed, rel)) && gl__in_shard(rel, k, n);
}

/* FNV-1a of the path: the same plan lands in the same shard everywhere. */
static unsigned long long path_hash(const char *s)
{
	unsigned long long h = 14695981039346656037ull;
	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return h;
}

int gl__in_shard(const char *path, unsigned k, unsigned n)
{
	return n <= 1 || path_hash(path) % n == k - 1;
}

int gl__select_shard(gl__filelist *files, unsigned k, unsigned n)
{
	if (n <= 1)
		return 0;
	unsigned char *keep = calloc(files->n + 1, 1);
	if (!keep)
		return -1;
	for (size_t i = 0; i < files->n; i++)
		keep[i] = (unsigned char)gl__in_shard(files->v[i], k, n);
	keep_only(files, keep);
	free(keep);
	return 0;
}
