/*
 * Finding plan files: glob patterns (*, ?, **, {a,b}) over a directory walk
 * that never leaves the repository. Symlinks to files inside the root are
 * read; symlinks that leave it, dangle or loop are reported, never followed;
 * symlinked folders are not entered, so a walk always ends.
 */
#include "internal.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- globs ----------------------------------------------------------- */

static int match_here(const char *g, const char *s);

static int match_star(const char *g, const char *s)
{
	for (;; s++) {
		if (match_here(g, s))
			return 1;
		if (!*s || *s == '/')
			return 0;
	}
}

static int match_globstar(const char *g, const char *s)
{
	/* `**` followed by `/`: zero or more whole folders; at the end: anything */
	if (*g == '\0')
		return 1;
	if (*g == '/')
		g++;
	for (;;) {
		if (match_here(g, s))
			return 1;
		const char *slash = strchr(s, '/');
		if (!slash)
			return 0;
		s = slash + 1;
	}
}

static int match_here(const char *g, const char *s)
{
	for (; *g; g++, s++) {
		if (g[0] == '*' && g[1] == '*')
			return match_globstar(g + 2, s);
		if (*g == '*')
			return match_star(g + 1, s);
		if (*g == '?') {
			if (!*s || *s == '/')
				return 0;
			continue;
		}
		if (*g != *s)
			return 0;
	}
	return *s == '\0';
}

/* Expands the first {a,b,...} and matches each alternative. */
int gl__glob_match(const char *glob, const char *path)
{
	const char *open = strchr(glob, '{');
	const char *close = open ? strchr(open, '}') : NULL;
	if (!close)
		return match_here(glob, path);
	size_t pre = (size_t)(open - glob);
	for (const char *alt = open + 1; alt <= close;) {
		const char *end = alt;
		while (end < close && *end != ',')
			end++;
		size_t n = pre + (size_t)(end - alt) + strlen(close + 1) + 1;
		char *g = malloc(n);
		if (!g)
			return 0;
		snprintf(g, n, "%.*s%.*s%s", (int)pre, glob, (int)(end - alt), alt, close + 1);
		int ok = gl__glob_match(g, path);
		free(g);
		if (ok)
			return 1;
		alt = end + 1;
	}
	return 0;
}

/* ---- the walk -------------------------------------------------------- */

typedef struct walker {
	const char *root;
	char real_root[PATH_MAX];
	const char *const *globs;
	size_t nglobs;
	gl__filelist *out;
	int oom;
} walker;

static void add(walker *w, const char *rel, const char *why)
{
	gl__filelist *l = w->out;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		char **v = realloc(l->v, cap * sizeof *v);
		char **y = v ? realloc(l->why, cap * sizeof *y) : NULL;
		if (v)
			l->v = v;
		if (!y) {
			w->oom = 1;
			return;
		}
		l->why = y;
		l->cap = cap;
	}
	l->v[l->n] = strdup(rel);
	l->why[l->n] = why ? strdup(why) : NULL;
	if (!l->v[l->n] || (why && !l->why[l->n])) {
		free(l->v[l->n]);
		free(l->why[l->n]);
		w->oom = 1;
		return;
	}
	l->n++;
}

static int wanted(const walker *w, const char *rel)
{
	for (size_t i = 0; i < w->nglobs; i++)
		if (gl__glob_match(w->globs[i], rel))
			return 1;
	return 0;
}

/* A symlink to a file inside the root is read; anything else is reported. */
static void on_link(walker *w, const char *full, const char *rel)
{
	char real[PATH_MAX];
	struct stat st;
	if (!realpath(full, real)) {
		add(w, rel, errno == ELOOP ? "symlink loop: not followed"
		                           : "dangling symlink: not followed");
		return;
	}
	size_t n = strlen(w->real_root);
	if (strncmp(real, w->real_root, n) != 0 || (real[n] != '/' && real[n] != '\0')) {
		add(w, rel, "symlink leaves the repository: not followed");
		return;
	}
	if (stat(real, &st) == 0 && S_ISREG(st.st_mode))
		add(w, rel, NULL);
}

static void walk(walker *w, const char *rel, int depth)
{
	char full[PATH_MAX];
	snprintf(full, sizeof full, "%s%s%s", w->root, *rel ? "/" : "", rel);
	DIR *d = opendir(full);
	if (!d) {
		if (*rel)
			add(w, rel, "folder cannot be read");
		return;
	}
	struct dirent *e;
	while (!w->oom && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;   /* ., .., .git and other hidden entries */
		char child[PATH_MAX], cfull[PATH_MAX];
		if (snprintf(child, sizeof child, "%s%s%s", rel, *rel ? "/" : "", e->d_name) >= (int)sizeof child ||
		    snprintf(cfull, sizeof cfull, "%s/%s", w->root, child) >= (int)sizeof cfull)
			continue;
		struct stat st;
		if (lstat(cfull, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode) && depth < 64)
			walk(w, child, depth + 1);
		else if (!wanted(w, child))
			continue;
		else if (S_ISLNK(st.st_mode))
			on_link(w, cfull, child);
		else
			add(w, child, NULL);
	}
	closedir(d);
}

typedef struct entry {
	char *name, *why;
} entry;

static int by_name(const void *a, const void *b)
{
	return strcmp(((const entry *)a)->name, ((const entry *)b)->name);
}

int gl__filelist_sort(gl__filelist *l)
{
	entry *e = malloc((l->n + 1) * sizeof *e);
	if (!e)
		return -1;
	for (size_t i = 0; i < l->n; i++)
		e[i] = (entry){l->v[i], l->why[i]};
	qsort(e, l->n, sizeof *e, by_name);
	for (size_t i = 0; i < l->n; i++) {
		l->v[i] = e[i].name;
		l->why[i] = e[i].why;
	}
	free(e);
	return 0;
}

int gl__list_files(const char *root, const char *const *globs, size_t nglobs,
                   gl__filelist *out, gl_err *err)
{
	walker w = {.root = root, .globs = globs, .nglobs = nglobs, .out = out};
	if (!realpath(root, w.real_root)) {
		gl__err_at(err, root, 0, 0, "cannot open the repository: %s", strerror(errno));
		return -1;
	}
	walk(&w, "", 0);
	if (w.oom || gl__filelist_sort(out)) {
		gl__err_set(err, "out of memory");
		return -1;
	}
	return 0;
}

void gl__filelist_free(gl__filelist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i]);
		free(l->why[i]);
	}
	free(l->v);
	free(l->why);
	memset(l, 0, sizeof *l);
}

char *gl__display_path(gl__arena *a, const char *abs)
{
	char cwd[PATH_MAX];
	size_t n = getcwd(cwd, sizeof cwd) ? strlen(cwd) : 0;
	if (n && strncmp(abs, cwd, n) == 0 && abs[n] == '/')
		return gl__arena_strdup(a, abs + n + 1);
	return gl__arena_strdup(a, abs);
}
