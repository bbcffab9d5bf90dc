/*
 * A model of a history of plans in which every line says who wrote it, to
 * check sign-off tracing (policy/history.c) on histories no one wrote by
 * hand: tests/unit/test_history_model.c draws them from seeds,
 * fuzz/fuzz_history.c from libFuzzer's bytes.
 *
 * A history of up to HM_COMMITS commits of one to HM_PLANS plans is
 * drawn, commit by commit, on a main line and at times a side branch
 * merged back, either side first: each plan's lines inserted, deleted,
 * re-blanked and reformatted; each plan renamed (now and then with an
 * edit small enough for git to find the rename), deleted and written
 * again, within paths of its own that share folders with the others';
 * another file changed and moved beside them; commit times in order,
 * equal or skewed. A commit changes any number of the plans, and may
 * rename several. Every line the history writes is new and unique:
 * "c<K>l<J>", the J-th line of the history, written by commit K, with W-K
 * blanks inside once commit W has re-blanked it, and blanks before and
 * after it that a reformat changes, as it changes a line's CR LF ending
 * and whether the last line ends with a newline. A diff of two versions
 * then has one answer, the lines both hold, so git blame's answer is known
 * without running git: blanks ignored, a line traces to commit K, where
 * its line is its place in K's version; in normal form (gl__norm_line's),
 * to commit W. Merges interleave both sides' lines in both sides' order.
 * Now and then a commit or two are a shallow clone's cuts, and a line that
 * reaches one traces to it, by the route blame takes.
 *
 * Then every plan is traced from the main line's tip and from a commit
 * drawn at random, through one tracer shared by every trace and through
 * one that looks each change up by path (gl__tracer_by_path), all plans'
 * traces open at once and their lines asked for in one order drawn at
 * random, both ways of comparing lines; every answer is compared with
 * the model's.
 *
 * No cmocka: hm_run returns 0, or 1 with the first difference in m->why
 * (-1: libgit2 failed building the history), for its caller to report.
 * Objects are written to the repository the caller gives; commit i's
 * author is c<i>, so that no two commits the model draws alike are one
 * object to git.
 */
#ifndef GL_TEST_HISTMODEL_H
#define GL_TEST_HISTMODEL_H

#include "internal.h"

#include <git2.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HM_COMMITS 40
#define HM_PLANS 3
#define HM_LINES 160
#define HM_TEXT (HM_LINES * 64)
#define HM_SIMILAR 4           /* lines a plan renamed with an edit has at least */

/* A number in [0, n), n >= 1, from the caller's source of draws. */
typedef unsigned (*hm_draw)(void *ctx, unsigned n);

typedef struct hm_line {
	unsigned k, j;          /* the line commit k wrote, the j-th of the history */
	unsigned w;             /* the commit that last put blanks inside it (k: none) */
	unsigned char indent, trail;   /* blanks before and after it: a reformat */
	unsigned char cr;              /* ended by CR LF: a reformat too */
} hm_line;

typedef struct hm_plan {       /* one plan as a commit has it */
	const char *path;       /* NULL: not in the commit */
	git_oid blob;
	hm_line l[HM_LINES];
	size_t n;
	int bare;               /* its last line without a newline */
	int exec;               /* its mode executable: a change of mode alone */
} hm_plan;

typedef struct hm_commit {
	git_oid id;
	hm_plan p[HM_PLANS];
	const char *opath;      /* the other file's path */
	unsigned over;          /* and its version */
	int64_t time;
	unsigned parent[2], np;
} hm_commit;

typedef struct hm {
	git_repository *git;
	hm_draw draw;
	void *ctx;
	hm_commit c[HM_COMMITS + 1];   /* commits 1 to nc */
	unsigned nc, main, side;       /* the branches' tips; side 0: none open */
	unsigned plans;                /* plans 0 to plans-1 are drawn, the others never written */
	unsigned serial;               /* the last line number given */
	unsigned char cut[HM_COMMITS + 1];   /* a shallow clone's cuts */
	char why[512];
} hm;

/* The paths each plan can have: its own, in folders the others share. */
static const char *const hm_paths[HM_PLANS][4] = {
	{"plan.yaml", "plans/plan.yaml", "plans/deep/er/plan.yaml", "p/q/plan.yaml"},
	{"b.yaml", "plans/b.yaml", "plans/deep/er/b.yaml", "p/b.yaml"},
	{"plans/c.yaml", "c.yaml", "p/q/c.yaml", "plans/deep/c.yaml"},
};
static const char *const hm_opaths[] = {"other.txt", "plans/other.txt", "x/other.txt"};

#define HM_N(a) (sizeof (a) / sizeof *(a))

static inline unsigned hm_pick(hm *m, unsigned n)
{
	return n > 1 ? m->draw(m->ctx, n) : 0;
}

static inline int hm_fail(hm *m, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static inline int hm_fail(hm *m, int rc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(m->why, sizeof m->why, fmt, ap);
	va_end(ap);
	return rc;
}

static inline int hm_git_fail(hm *m, const char *what)
{
	const git_error *e = git_error_last();
	return hm_fail(m, -1, "%s: %s", what, e ? e->message : "failed");
}

/* ---- versions ------------------------------------------------------------------ */

/* The place of line (k, j) in version v, or -1. */
static inline int hm_find(const hm_plan *v, const hm_line *l)
{
	for (size_t i = 0; i < v->n; i++)
		if (v->l[i].k == l->k && v->l[i].j == l->j)
			return (int)i;
	return -1;
}

static inline size_t hm_render(const hm_plan *v, char *buf)
{
	size_t len = 0;
	for (size_t i = 0; i < v->n; i++)
		len += (size_t)snprintf(buf + len, HM_TEXT - len, "%*sc%u%*sl%u%*s%s\n",
		                        v->l[i].indent, "", v->l[i].k, (int)(v->l[i].w - v->l[i].k),
		                        "", v->l[i].j, v->l[i].trail, "", v->l[i].cr ? "\r" : "");
	return v->bare && len ? len - 1 : len;
}

/* One to `most` new lines by commit `at`, together at a place drawn. */
static inline void hm_insert(hm *m, hm_plan *v, unsigned at, unsigned most)
{
	size_t pos = hm_pick(m, (unsigned)v->n + 1), count = 1 + hm_pick(m, most);
	if (count > HM_LINES - v->n)
		count = HM_LINES - v->n;
	memmove(&v->l[pos + count], &v->l[pos], (v->n - pos) * sizeof *v->l);
	for (size_t i = 0; i < count; i++)
		v->l[pos + i] = (hm_line){at, ++m->serial, at, (unsigned char)hm_pick(m, 3), 0};
	v->n += count;
}

static inline void hm_delete(hm *m, hm_plan *v)
{
	if (!v->n)
		return;
	size_t pos = hm_pick(m, (unsigned)v->n), count = 1 + hm_pick(m, 3);
	if (count > v->n - pos)
		count = v->n - pos;
	memmove(&v->l[pos], &v->l[pos + count], (v->n - pos - count) * sizeof *v->l);
	v->n -= count;
}

static inline void hm_reblank(hm *m, hm_plan *v, unsigned at)
{
	if (v->n)
		v->l[hm_pick(m, (unsigned)v->n)].w = at;
}

/* A reformat: blanks before or after a line, which its normal form drops,
 * a CR before its newline, or the newline after the last line: whitespace
 * to git blame -w and to the normal form alike. */
static inline void hm_reformat(hm *m, hm_plan *v)
{
	hm_line *l = v->n ? &v->l[hm_pick(m, (unsigned)v->n)] : NULL;
	if (!hm_pick(m, 4))
		v->bare = !v->bare;
	else if (l && !hm_pick(m, 3))
		l->cr = !l->cr;
	else if (l && hm_pick(m, 2))
		l->indent = (unsigned char)((l->indent + 1 + hm_pick(m, 3)) % 4);
	else if (l)
		l->trail = (unsigned char)((l->trail + 1) % 3);
}

/* One to five edits of version v by commit `at`: the plan grows. */
static inline void hm_edit(hm *m, hm_plan *v, unsigned at)
{
	for (unsigned e = 1 + hm_pick(m, 5); e; e--) {
		unsigned op = hm_pick(m, 6);
		if (op < 2)
			hm_insert(m, v, at, 6);
		else if (op == 2)
			hm_delete(m, v);
		else if (op == 5)
			hm_reformat(m, v);
		else
			hm_reblank(m, v, at);
	}
}

/* Merge version v from x's and y's (x the first parent's): both sides'
 * lines in both sides' order, each dropped now and then; a line both
 * hold (written before the branch) as either side has it. 1 when the
 * sides order their shared lines differently (the model's fault). */
static inline int hm_interleave(hm *m, hm_plan *v, const hm_plan *x, const hm_plan *y)
{
	size_t i = 0, j = 0;
	v->n = 0;
	while (i < x->n || j < y->n) {
		int xs = i < x->n && hm_find(y, &x->l[i]) >= 0, ys = j < y->n && hm_find(x, &y->l[j]) >= 0;
		const hm_line *l;
		if (i < x->n && !xs && (j == y->n || ys || hm_pick(m, 2)))
			l = &x->l[i++];
		else if (j < y->n && !ys)
			l = &y->l[j++];
		else if (i < x->n && j < y->n && x->l[i].k == y->l[j].k && x->l[i].j == y->l[j].j) {
			l = hm_pick(m, 2) ? &x->l[i] : &y->l[j];
			i++;
			j++;
		} else
			return 1;
		if (hm_pick(m, 8) && v->n < HM_LINES)
			v->l[v->n++] = *l;
	}
	return 0;
}

/* ---- commits ------------------------------------------------------------------ */

struct hm_entry {
	const char *path;
	git_oid id;
	git_filemode_t mode;
};

/* The tree of the files below folder `dir` ("" or ending in '/'). */
static inline int hm_tree(hm *m, const struct hm_entry *fs, size_t n, const char *dir,
                          git_oid *out)
{
	git_treebuilder *b = NULL;
	size_t dlen = strlen(dir);
	int rc = git_treebuilder_new(&b, m->git, NULL);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		if (strncmp(fs[i].path, dir, dlen) != 0)
			continue;   /* not in this folder */
		const char *rest = fs[i].path + dlen, *slash = strchr(rest, '/');
		if (!slash) {
			rc = git_treebuilder_insert(NULL, b, rest, &fs[i].id, fs[i].mode);
			continue;
		}
		char name[64], sub[128];
		git_oid id;
		snprintf(name, sizeof name, "%.*s", (int)(slash - rest), rest);
		snprintf(sub, sizeof sub, "%.*s/", (int)(slash - fs[i].path), fs[i].path);
		if (git_treebuilder_get(b, name))
			continue;   /* the folder is written already */
		rc = hm_tree(m, fs, n, sub, &id) ||
		     git_treebuilder_insert(NULL, b, name, &id, GIT_FILEMODE_TREE);
	}
	if (rc == 0)
		rc = git_treebuilder_write(out, b);
	git_treebuilder_free(b);
	return rc;
}

static inline int hm_write(hm *m, hm_commit *c)
{
	char text[HM_TEXT];
	struct hm_entry fs[HM_PLANS + 1];
	size_t nf = 0;
	git_oid tree_id;
	for (hm_plan *v = c->p; v < c->p + HM_PLANS; v++) {
		if (!v->path)
			continue;
		size_t len = hm_render(v, text);
		if (git_blob_create_from_buffer(&v->blob, m->git, text, len) < 0)
			return hm_git_fail(m, "blob");
		fs[nf++] = (struct hm_entry){v->path, v->blob,
		                             v->exec ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB};
	}
	int olen = snprintf(text, sizeof text, "other file\nversion %u\n", c->over);
	if (git_blob_create_from_buffer(&fs[nf].id, m->git, text, (size_t)olen) < 0)
		return hm_git_fail(m, "blob");
	fs[nf].mode = GIT_FILEMODE_BLOB;
	fs[nf++].path = c->opath;
	if (hm_tree(m, fs, nf, "", &tree_id))
		return hm_git_fail(m, "tree");
	git_tree *tree = NULL;
	git_commit *parents[2] = {NULL, NULL};
	git_signature *sig = NULL;
	char name[16], email[32];   /* commit i's author is c<i> */
	snprintf(name, sizeof name, "c%u", (unsigned)(c - m->c));
	snprintf(email, sizeof email, "%s@example.org", name);
	int rc = git_tree_lookup(&tree, m->git, &tree_id) ||
	         git_signature_new(&sig, name, email, c->time, 0);
	for (unsigned i = 0; rc == 0 && i < c->np; i++)
		rc = git_commit_lookup(&parents[i], m->git, &m->c[c->parent[i]].id);
	if (rc == 0)
		rc = git_commit_create(&c->id, m->git, NULL, sig, sig, NULL, "model", tree, c->np,
		                       (const git_commit **)parents);
	git_commit_free(parents[0]);
	git_commit_free(parents[1]);
	git_signature_free(sig);
	git_tree_free(tree);
	return rc ? hm_git_fail(m, "commit") : 0;
}

/* Commit i's time: a minute after its first parent's, or the same, or
 * earlier (a skewed clock). */
static inline void hm_time(hm *m, hm_commit *c, unsigned i)
{
	int64_t base = c->np ? m->c[c->parent[0]].time : 1700000000;
	unsigned how = hm_pick(m, 8);
	c->time = how == 0 ? base : how == 1 ? base - 1 - hm_pick(m, 600) : base + 60 * (int64_t)i;
}

/* Another of the paths plan q can have. */
static inline const char *hm_move(hm *m, unsigned q, const char *path)
{
	size_t at = 0, n = HM_N(hm_paths[q]);
	while (at < n && hm_paths[q][at] != path)
		at++;
	return hm_paths[q][(at + 1 + hm_pick(m, (unsigned)n - 1)) % n];
}

/* Plan q written anew by commit `at`, at one of its paths. */
static inline void hm_create(hm *m, hm_plan *v, unsigned q, unsigned at)
{
	v->path = hm_paths[q][hm_pick(m, HM_N(hm_paths[q]))];
	v->n = 0;
	hm_insert(m, v, at, 6);
}

/* Plan q renamed by commit `at`, and now and then edited a little: a
 * line put in or re-blanked where it has HM_SIMILAR lines or more, so
 * that git's rename detection (50% alike) finds it all the same. */
static inline void hm_rename(hm *m, hm_plan *v, unsigned q, unsigned at)
{
	v->path = hm_move(m, q, v->path);
	unsigned how = v->n >= HM_SIMILAR ? hm_pick(m, 3) : 0;
	if (how == 1)
		hm_insert(m, v, at, 1);
	else if (how == 2)
		hm_reblank(m, v, at);
}

/* Plan q's version v changed by commit i: edited, its mode changed, or
 * left as it is, or (unless `fixed`) renamed, deleted, written again. */
static inline void hm_change_plan(hm *m, hm_plan *v, unsigned q, unsigned i, int fixed)
{
	unsigned what = hm_pick(m, 12);
	if (!v->path) {
		if (!fixed && what < 4)
			hm_create(m, v, q, i);
	} else if (what == 0 && !fixed && !hm_pick(m, 3))
		v->path = NULL;
	else if (what == 1 && !fixed)
		hm_rename(m, v, q, i);
	else if (what == 2 && !hm_pick(m, 2))
		v->exec = !v->exec;   /* its mode alone: every line stays */
	else if (what > 3)
		hm_edit(m, v, i);
}

/* Commit i of one parent, on the side branch or the main line: each plan
 * changed or not, the other file changed or moved now and then. */
static inline void hm_change(hm *m, hm_commit *c, unsigned i)
{
	unsigned *tip = m->side && hm_pick(m, 2) ? &m->side : &m->main;
	*c = m->c[*tip];
	c->parent[0] = *tip;
	c->np = 1;
	*tip = i;
	for (unsigned q = 0; q < m->plans; q++)   /* a merge's sides hold a plan at one path, or none */
		hm_change_plan(m, &c->p[q], q, i, m->side != 0);
	if (hm_pick(m, 2))
		c->over = i;
	if (!hm_pick(m, 6))
		c->opath = hm_opaths[hm_pick(m, HM_N(hm_opaths))];
}

/* Commit i merges the side branch into the main line, either first: of
 * each plan, the first parent's version, the second's, or both
 * interleaved and edited. */
static inline int hm_merge(hm *m, hm_commit *c, unsigned i)
{
	unsigned first = hm_pick(m, 2) ? m->main : m->side;
	unsigned second = first == m->main ? m->side : m->main;
	const hm_commit *x = &m->c[first], *y = &m->c[second];
	*c = *x;
	c->parent[0] = first;
	c->parent[1] = second;
	c->np = 2;
	m->main = i;
	m->side = 0;
	for (unsigned q = 0; q < m->plans; q++) {
		hm_plan *v = &c->p[q];
		unsigned how = hm_pick(m, 8);
		if (!v->path || how == 0)
			continue;
		if (how == 1) {
			memcpy(v->l, y->p[q].l, y->p[q].n * sizeof *v->l);
			v->n = y->p[q].n;
			continue;
		}
		if (hm_interleave(m, v, &x->p[q], &y->p[q]))
			return hm_fail(m, 1, "model: the sides of merge %u order plan %u's lines "
			               "differently", i, q);
		if (hm_pick(m, 2))
			hm_edit(m, v, i);
	}
	return 0;
}

/* The repository's `shallow` file, which tracers read: malloc'd. */
static inline char *hm_shallow(const hm *m)
{
	return gl__path_join(git_repository_commondir(m->git), "shallow");
}

/* Now and then, one or two commits a shallow clone is cut at, written to
 * the `shallow` file. */
static inline int hm_cuts(hm *m)
{
	memset(m->cut, 0, sizeof m->cut);
	if (hm_pick(m, 3))
		return 0;
	char *file = hm_shallow(m);
	FILE *f = file ? fopen(file, "w") : NULL;
	for (unsigned n = 1 + hm_pick(m, 2); f && n; n--) {
		char hex[GIT_OID_HEXSZ + 1];
		unsigned at = 1 + hm_pick(m, m->nc);
		m->cut[at] = 1;
		fprintf(f, "%s\n", git_oid_tostr(hex, sizeof hex, &m->c[at].id));
	}
	int rc = f && fclose(f) == 0 ? 0 : hm_fail(m, -1, "cannot write %s", file ? file : "shallow");
	free(file);
	return rc;
}

/* Draws a history, with its cuts now and then. */
static inline int hm_history(hm *m)
{
	hm_commit *root = &m->c[1];
	memset(root, 0, sizeof *root);
	m->nc = m->main = 1;
	m->side = m->serial = 0;
	m->plans = 1 + hm_pick(m, HM_PLANS);
	root->opath = hm_opaths[0];
	root->time = 1700000000;
	for (unsigned q = 0; q < m->plans; q++) {
		if (!hm_pick(m, 6))
			continue;
		hm_create(m, &root->p[q], q, 1);
		for (unsigned k = hm_pick(m, 4); k; k--)
			hm_insert(m, &root->p[q], 1, 6);
	}
	int rc = hm_write(m, root);
	for (unsigned n = 2 + hm_pick(m, HM_COMMITS - 1); rc == 0 && m->nc < n;) {
		unsigned i = ++m->nc, what = hm_pick(m, 10);
		hm_commit *c = &m->c[i];
		if (m->side && what < 2)
			rc = hm_merge(m, c, i);
		else {
			if (!m->side && what < 2)
				m->side = m->main;   /* a branch: its first commit follows */
			hm_change(m, c, i);
		}
		if (rc == 0) {
			hm_time(m, c, i);
			rc = hm_write(m, c);
		}
	}
	return rc ? rc : hm_cuts(m);
}

/* ---- traces against the model -------------------------------------------------- */

/* 1 when version v holds line l, compared as `blanks` says. */
static inline int hm_holds(const hm_plan *v, const hm_line *l, gl__blanks blanks)
{
	int at = v->path ? hm_find(v, l) : -1;
	return at >= 0 && (blanks == GL__BLANKS_IGNORED || v->l[at].w == l->w);
}

/* The commit git blame takes line l of plan q at commit `at` to, *cut 1
 * when that is a shallow clone's cut: a parent holding the very blob
 * takes every line, else the first parent holding the line takes it.
 * Without cuts that is the commit the line says wrote it: K with blanks
 * ignored, W in normal form (a reformat is neither's). */
static inline unsigned hm_origin(const hm *m, unsigned at, unsigned q, const hm_line *l,
                                 gl__blanks blanks, int *cut)
{
	for (unsigned next = 1; next && !m->cut[at];) {
		const hm_commit *c = &m->c[at];
		next = 0;
		for (unsigned i = 0; i < c->np && !next; i++) {
			const hm_plan *p = &m->c[c->parent[i]].p[q];
			if (p->path && git_oid_equal(&p->blob, &c->p[q].blob))
				next = c->parent[i];
		}
		for (unsigned i = 0; i < c->np && !next; i++)
			if (hm_holds(&m->c[c->parent[i]].p[q], l, blanks))
				next = c->parent[i];
		at = next ? next : at;
	}
	*cut = m->cut[at];
	return at;
}

static inline int hm_want(hm *m, unsigned from, unsigned q, size_t line, gl__blanks blanks,
                          const gl__traced_line *got)
{
	const hm_line *l = &m->c[from].p[q].l[line - 1];
	int cut, ignored = blanks == GL__BLANKS_IGNORED;
	unsigned by = hm_origin(m, from, q, l, blanks, &cut);
	const hm_plan *w = &m->c[by].p[q];
	int at = hm_find(w, l);
	char g[GIT_OID_HEXSZ + 1], e[GIT_OID_HEXSZ + 1];
	if (at < 0 || (!cut && by != (ignored ? l->k : l->w)))
		return hm_fail(m, 1, "model: line c%ul%u (blanks by %u) taken to commit %u", l->k,
		               l->j, l->w, by);
	if (!got)
		return hm_fail(m, 1, "plan %u, line %zu (c%ul%u) not traced", q, line, l->k, l->j);
	if (!git_oid_equal(got->commit, &m->c[by].id)) {
		unsigned was = 0;
		for (unsigned i = 1; i <= m->nc; i++)
			was = git_oid_equal(got->commit, &m->c[i].id) ? i : was;
		git_oid_tostr(g, sizeof g, got->commit);
		git_oid_tostr(e, sizeof e, &m->c[by].id);
		return hm_fail(m, 1, "plan %u, line %zu (c%ul%u, blanks by %u), blanks %s: commit %u "
		               "(%.8s) where %u (%.8s) wrote it", q, line, l->k, l->j, l->w,
		               ignored ? "ignored" : "normal", was, g, by, e);
	}
	if (got->line != (unsigned)at + 1 || strcmp(got->path, w->path) != 0 ||
	    !git_oid_equal(got->blob, &w->blob) || got->cut != cut)
		return hm_fail(m, 1, "plan %u, line %zu (c%ul%u), blanks %s: line %u of %s (cut %d) "
		               "where commit %u has it at line %d of %s (cut %d)", q, line, l->k, l->j,
		               ignored ? "ignored" : "normal", got->line, got->path, got->cut, by,
		               at + 1, w->path, cut);
	return 0;
}

/* A line of one of the plans: the order in which lines are asked for. */
struct hm_ask {
	unsigned q;
	size_t line;
};

/* Every line of commit c's plans, in one order drawn at random (Fisher
 * and Yates, inside out): the order they are asked for in. Returns how
 * many. */
static inline size_t hm_order(hm *m, const hm_commit *c, struct hm_ask *order)
{
	size_t n = 0;
	for (unsigned q = 0; q < HM_PLANS; q++)
		for (size_t line = 1; c->p[q].path && line <= c->p[q].n; line++, n++) {
			size_t k = hm_pick(m, (unsigned)n + 1);
			order[n] = order[k];
			order[k] = (struct hm_ask){q, line};
		}
	return n;
}

/* Every plan of commit `from` traced through t, all traces open at once,
 * their lines asked for in one order drawn at random, each twice (the
 * second answer kept from the first), then the lines past each end. */
static inline int hm_trace(hm *m, gl__tracer *t, unsigned from, gl__blanks blanks)
{
	const hm_commit *c = &m->c[from];
	char *text = malloc(HM_PLANS * HM_TEXT);
	gl__trace *tr[HM_PLANS] = {NULL};
	struct hm_ask order[HM_PLANS * HM_LINES];
	int rc = text ? 0 : hm_fail(m, -1, "out of memory");
	for (unsigned q = 0; rc == 0 && q < HM_PLANS; q++) {
		const hm_plan *v = &c->p[q];
		char *mine = text + (size_t)q * HM_TEXT;
		if (v->path && gl__trace_file(t, &c->id, v->path, &v->blob, mine, hm_render(v, mine),
		                              blanks, &tr[q]))
			rc = hm_git_fail(m, "gl__trace_file");
	}
	size_t n = rc ? 0 : hm_order(m, c, order);
	for (size_t pass = 0; rc == 0 && pass < 2 * n; pass++) {
		const struct hm_ask *a = &order[pass % n];
		const gl__traced_line *got = NULL;
		rc = gl__trace_line(tr[a->q], a->line, &got) ? hm_git_fail(m, "gl__trace_line")
		                                              : hm_want(m, from, a->q, a->line, blanks, got);
	}
	for (unsigned q = 0; rc == 0 && q < HM_PLANS; q++) {
		const gl__traced_line *before = NULL, *past = NULL;
		if (tr[q] && (gl__trace_line(tr[q], 0, &before) ||
		              gl__trace_line(tr[q], c->p[q].n + 1, &past) || before || past))
			rc = hm_fail(m, 1, "plan %u: a line past its %zu traced", q, c->p[q].n);
	}
	for (unsigned q = 0; q < HM_PLANS; q++)
		gl__trace_free(tr[q]);
	free(text);
	return rc;
}

/* Draws a history and checks the traces of it: 0, or 1 with m->why (-1:
 * libgit2 failed). m->git, m->draw and m->ctx set by the caller. */
static inline int hm_run(hm *m)
{
	gl__tracer *shared = NULL, *by_path = NULL;
	int rc = hm_history(m);
	if (rc == 0 && (gl__tracer_new(m->git, &shared) || gl__tracer_new(m->git, &by_path)))
		rc = hm_fail(m, -1, "out of memory");
	if (by_path)
		gl__tracer_by_path(by_path);
	unsigned any = 1 + hm_pick(m, m->nc);
	static const gl__blanks both[] = {GL__BLANKS_IGNORED, GL__BLANKS_NORMAL};
	for (size_t i = 0; rc == 0 && i < HM_N(both); i++) {
		if ((rc = hm_trace(m, shared, m->main, both[i])) == 0)
			rc = hm_trace(m, by_path, m->main, both[i]);
		if (rc == 0)
			rc = hm_trace(m, shared, any, both[i]);
	}
	gl__tracer_free(shared);
	gl__tracer_free(by_path);
	char *shallow = hm_shallow(m);   /* the next history's cuts are its own */
	if (shallow)
		remove(shallow);
	free(shallow);
	return rc;
}

#endif
