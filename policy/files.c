/*
 * Finding plan files: glob patterns (*, ?, **, {a,b}) over a directory walk
 * that never leaves the repository. Symlinks to files inside the root are
 * read; symlinks that leave it, dangle or loop are reported, never followed;
 * symlinked folders are not entered, so a walk always ends. Nor are other
 * repositories inside it (submodules).
 */
#include "internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- globs ----------------------------------------------------------- */

/* Matching state. Each (glob position, path position) pair is tried at
 * most once: failures are remembered in a bitmap, so a glob of many stars
 * (a run of a hundred) costs |glob| x |path| steps, not exponential time.
 * A step budget bounds what the bitmap cannot (it is skipped for very long
 * globs) and brace expansion: past it, the glob does not match. The config
 * refuses globs with more than 256 brace alternatives (config.c). */
typedef struct gmatch {
	const char *g0, *s0;
	size_t slen;            /* strlen(s0) + 1 */
	unsigned char *failed;  /* bit (g - g0) * slen + (s - s0), or NULL */
	long budget;
} gmatch;

#define GLOB_BUDGET 10000000L

static int match_here(gmatch *m, const char *g, const char *s);

static int match_star(gmatch *m, const char *g, const char *s)
{
	for (;; s++) {
		if (match_here(m, g, s))
			return 1;
		if (!*s || *s == '/')
			return 0;
	}
}

static int match_globstar(gmatch *m, const char *g, const char *s)
{
	/* `**` followed by `/`: zero or more whole folders; at the end: anything */
	if (*g == '\0')
		return 1;
	if (*g == '/')
		g++;
	for (;;) {
		if (match_here(m, g, s))
			return 1;
		const char *slash = strchr(s, '/');
		if (!slash)
			return 0;
		s = slash + 1;
	}
}

static int match_here(gmatch *m, const char *g, const char *s)
{
	if (--m->budget < 0)
		return 0;
	size_t bit = m->failed ? (size_t)(g - m->g0) * m->slen + (size_t)(s - m->s0) : 0;
	if (m->failed && (m->failed[bit / 8] >> (bit % 8) & 1))
		return 0;
	int ok = -1;
	for (; ok < 0 && *g; g++, s++) {
		if (g[0] == '*' && g[1] == '*')
			ok = match_globstar(m, g + 2, s);
		else if (*g == '*')
			ok = match_star(m, g + 1, s);
		else if (*g == '?' ? !*s || *s == '/' : *g != *s)
			ok = 0;
	}
	if (ok < 0)
		ok = *s == '\0';
	if (!ok && m->failed)
		m->failed[bit / 8] |= (unsigned char)(1u << (bit % 8));
	return ok;
}

static int match_glob(const char *glob, const char *path, long *budget)
{
	unsigned char small[2048];
	gmatch m = {glob, path, strlen(path) + 1, NULL, *budget};
	size_t glen = strlen(glob) + 1;
	size_t bytes = glen <= (SIZE_MAX / 8 - 1) / m.slen ? (glen * m.slen + 7) / 8 : 0;
	if (bytes && bytes <= sizeof small)
		m.failed = small;
	else if (bytes && bytes <= (8u << 20))
		m.failed = malloc(bytes);   /* without it, the budget still bounds the time */
	if (m.failed)
		memset(m.failed, 0, bytes);
	int ok = match_here(&m, glob, path);
	if (m.failed != small)
		free(m.failed);
	*budget = m.budget;
	return ok;
}

/* Expands the first {a,b,...} and matches each alternative. */
static int match_braces(const char *glob, const char *path, long *budget)
{
	const char *open = strchr(glob, '{');
	const char *close = open ? strchr(open, '}') : NULL;
	if (!close)
		return match_glob(glob, path, budget);
	size_t pre = (size_t)(open - glob);
	for (const char *alt = open + 1; alt <= close && --*budget >= 0;) {
		const char *end = alt;
		while (end < close && *end != ',')
			end++;
		size_t n = pre + (size_t)(end - alt) + strlen(close + 1) + 1;
		char *g = malloc(n);
		if (!g)
			return 0;
		snprintf(g, n, "%.*s%.*s%s", (int)pre, glob, (int)(end - alt), alt, close + 1);
		int ok = match_braces(g, path, budget);
		free(g);
		if (ok)
			return 1;
		alt = end + 1;
	}
	return 0;
}

int gl__glob_match(const char *glob, const char *path)
{
	long budget = GLOB_BUDGET;
	return match_braces(glob, path, &budget);
}

/* 1 when `glob` could match a file below folder `dir`, segment by segment
 * (a `**` segment matches any folders). */
int gl__glob_enters(const char *glob, const char *dir)
{
	char g[PATH_MAX], d[PATH_MAX];
	while (*dir) {
		size_t gn = strcspn(glob, "/"), dn = strcspn(dir, "/");
		if (gn == 2 && glob[0] == '*' && glob[1] == '*')
			return 1;
		if (!glob[gn] || gn >= sizeof g || dn >= sizeof d)
			return 0;
		snprintf(g, sizeof g, "%.*s", (int)gn, glob);
		snprintf(d, sizeof d, "%.*s", (int)dn, dir);
		if (!gl__glob_match(g, d))
			return 0;
		glob += gn + 1;
		dir += dn + (dir[dn] == '/');
	}
	return 1;
}

/* ---- the walk -------------------------------------------------------- */

/* Folders deeper than this are not entered; one that a plan glob could
 * reach into is reported (docs/limits.md). */
#define MAX_WALK_DEPTH 64
#define STR_(x) #x
#define STR(x) STR_(x)

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

/* 1 when a glob could reach below folder `rel`: its literal start (up to
 * the first wildcard) is a prefix of rel/, or rel/ of it. */
static int reaches(const walker *w, const char *rel)
{
	size_t n = strlen(rel);
	for (size_t i = 0; i < w->nglobs; i++) {
		const char *g = w->globs[i];
		size_t lit = strcspn(g, "*?{");
		if (lit <= n ? g[lit] && strncmp(g, rel, lit) == 0
		             : strncmp(g, rel, n) == 0 && g[n] == '/')
			return 1;
	}
	return 0;
}

const char *gl__link_why(const char *real_root, const char *full, char real[PATH_MAX])
{
	if (!realpath(full, real))
		return errno == ELOOP ? "symlink loop: not followed" : "dangling symlink: not followed";
	size_t n = strcmp(real_root, "/") == 0 ? 0 : strlen(real_root);
	if (strncmp(real, real_root, n) != 0 || (real[n] != '/' && real[n] != '\0'))
		return "symlink leaves the repository: not followed";
	return NULL;
}

const char *gl__path_why(const char *real_root, const char *rel, char full[PATH_MAX])
{
	char real[PATH_MAX];
	struct stat st;
	const char *top = strcmp(real_root, "/") == 0 ? "" : real_root;
	int n = snprintf(full, PATH_MAX, "%s/%s", top, rel);
	if (n < 0 || n >= PATH_MAX)
		return "path too long";
	for (char *s = full + strlen(top) + 1;;) {
		char *slash = strchr(s, '/');
		if (slash)
			*slash = '\0';
		int link = lstat(full, &st) == 0 && S_ISLNK(st.st_mode);
		const char *why = link ? gl__link_why(real_root, full, real) : NULL;
		if (slash)
			*slash = '/';
		if (why)
			return why;
		if (!slash) {   /* the file itself: read where the link pointed when checked */
			if (link)
				memcpy(full, real, strlen(real) + 1);
			return NULL;
		}
		s = slash + 1;
	}
}

/* A symlink to a file inside the root is read; anything else is reported:
 * a link to a folder too, as git's index and trees have it (repo.c), where
 * a link is a file whatever it names. */
static void on_link(walker *w, const char *full, const char *rel)
{
	char real[PATH_MAX];
	struct stat st;
	const char *why = gl__link_why(w->real_root, full, real);
	if (!why && stat(real, &st) == 0 && S_ISDIR(st.st_mode))
		why = "a folder, not a file";
	w->out->links++;
	add(w, rel, why);
}

/* 1 when folder `name` of d holds .git, a file or a folder: another
 * repository, which git does not enter (a submodule). */
static int has_git(DIR *d, const char *name)
{
	char p[NAME_MAX + sizeof "/.git"];
	struct stat st;
	return snprintf(p, sizeof p, "%s/.git", name) < (int)sizeof p &&
	       fstatat(dirfd(d), p, &st, AT_SYMLINK_NOFOLLOW) == 0;
}

/* A submodule is listed, not entered, when a glob could want it, as the
 * index and revisions list a gitlink (repo.c). */
static void on_submodule(walker *w, const char *rel)
{
	for (size_t i = 0; i < w->nglobs; i++)
		if (gl__glob_match(w->globs[i], rel) || gl__glob_enters(w->globs[i], rel)) {
			add(w, rel, GL__SUBMODULE);
			return;
		}
}

/* Whether entry e of folder d is a folder or a symlink: from the directory
 * itself when the file system says (a large repository is listed without
 * a stat per file), else from fstatat, which needs no path that fits
 * PATH_MAX. 0 when it is gone. */
static int entry_kind(DIR *d, const struct dirent *e, int *dir, int *link)
{
#ifdef _DIRENT_HAVE_D_TYPE
	if (e->d_type != DT_UNKNOWN) {
		*dir = e->d_type == DT_DIR;
		*link = e->d_type == DT_LNK;
		return 1;
	}
#endif
	struct stat st;
	if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return 0;
	*dir = S_ISDIR(st.st_mode);
	*link = S_ISLNK(st.st_mode);
	return 1;
}

/* An entry whose path does not fit in PATH_MAX cannot be opened: a plan
 * there, or a folder a glob reaches into, is reported, never skipped. */
static void too_long(walker *w, const char *rel, const char *name, int dir)
{
	size_t n = strlen(rel) + strlen(name) + 2;
	char *child = malloc(n);
	if (!child) {
		w->oom = 1;
		return;
	}
	snprintf(child, n, "%s%s%s", rel, *rel ? "/" : "", name);
	if (dir ? reaches(w, child) : wanted(w, child))
		add(w, child, dir ? "path longer than the system allows (PATH_MAX " STR(PATH_MAX)
		                    "): folder not entered"
		                  : "path longer than the system allows (PATH_MAX " STR(PATH_MAX)
		                    "): not read");
	free(child);
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
		int dir, link;
		if (!entry_kind(d, e, &dir, &link))
			continue;
		char child[PATH_MAX], cfull[PATH_MAX];
		if (snprintf(child, sizeof child, "%s%s%s", rel, *rel ? "/" : "", e->d_name) >= (int)sizeof child ||
		    snprintf(cfull, sizeof cfull, "%s/%s", w->root, child) >= (int)sizeof cfull)
			too_long(w, rel, e->d_name, dir);
		else if (dir && has_git(d, e->d_name))
			on_submodule(w, child);
		else if (dir && depth < MAX_WALK_DEPTH)
			walk(w, child, depth + 1);
		else if (dir && reaches(w, child))
			add(w, child, "folder nested deeper than " STR(MAX_WALK_DEPTH)
			              " levels: not entered");
		else if (dir || !wanted(w, child))
			continue;
		else if (link)
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
