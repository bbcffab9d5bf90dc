/* A file's lines traced back to the commits that last changed them: git
 * blame's walk on libgit2's primitives (internal.h says why not
 * git_blame_file).
 *
 * Each line of the file has a suspect: a commit and the file's path and
 * blob there, and the line's number in that blob. The suspect with the
 * newest commit is examined first, so that lines reaching one commit by
 * several ways are examined there together. A parent holding the same blob
 * takes every line; otherwise each parent's blob is diffed against the
 * suspect's, and a line the diff leaves unchanged passes to the first
 * parent that leaves it so. What no parent takes, the suspect wrote. */
#include "internal.h"

#include <git2.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A commit against one of its parents: the paths that differ, and the
 * renames among them, each read the first time a traced file needs them. */
struct change {             /* a path that differs, and its blob in the parent */
	uint64_t hash;            /* of the path */
	size_t name;              /* where the path is in the edge's names */
	git_oid old;              /* zero: the parent has no file there */
};
struct rename {
	char *to, *from;
	git_oid old;              /* from's blob in the parent */
};
struct edge {
	git_oid parent;
	struct node *to;          /* the parent's node, once looked up */
	struct change *changed;   /* sorted by hash */
	size_t nchanged;
	char *names;              /* the paths that differ, each ended by a NUL */
	struct rename *v;         /* sorted by to */
	size_t n;
	int changed_read, renames_read;
};

/* A commit as the walk needs it, read once for every file a tracer
 * traces: a plan's history walks the commits every other plan's walks. */
struct node {
	git_oid id, tree;         /* the commit, and its tree */
	int64_t time;
	struct edge *edges;       /* one per parent; none at a shallow clone's cut */
	unsigned nedges;
	int cut;
};

struct gl__tracer {
	git_repository *git;
	git_oid *cuts;            /* the shallow clone's cut commits */
	size_t ncuts;
	struct node **nodes;      /* open addressing on the id; a node never moves */
	size_t nnodes, cap;
	int by_path;              /* gl__tracer_by_path */
};

/* A commit suspected of lines, with the file as it has it. */
struct suspect {
	struct node *nd;          /* the commit */
	git_oid blob;
	const char *path;         /* one of gl__trace's paths */
	uint64_t hash;            /* of the path */
	git_blob *owner;          /* text's blob; NULL: the caller's text, or not read */
	const char *text;         /* the file's content, once read */
	size_t len, nlines;
	int read;
	size_t *lines, n, cap;    /* the file's lines (from 0) it is suspected of */
};

/* The walk of one file, carried on as its lines are asked for. */
struct walk {
	gl__tracer *t;
	gl__trace *tr;
	unsigned *pos;            /* line of the file -> its line in its suspect's blob */
	struct suspect *q;        /* suspects not examined yet */
	size_t nq, capq;
	gl__blanks blanks;
	int failed;               /* a step failed: the walk stops there for good */
};

struct gl__trace {
	gl__traced_line *at;      /* by line of the file, from 0; .commit NULL: not traced yet */
	size_t nlines;
	git_oid *ids;             /* what at[].commit and .blob point to, two per line */
	char **paths;             /* what the suspects' paths point to */
	size_t npaths;
	struct walk w;
};

static size_t count_lines(const char *s, size_t n)
{
	size_t lines = 0;
	for (const char *p = s, *end = s + n; p < end && (p = memchr(p, '\n', (size_t)(end - p)));
	     p++)
		lines++;
	return lines + (n && s[n - 1] != '\n');
}

/* v (*cap items of `size` bytes) with room for `need` (at least 1): the
 * capacity doubles from `first`. NULL out of memory, v and *cap as they
 * were. */
static void *reserve(void *v, size_t *cap, size_t need, size_t size, size_t first)
{
	if (need <= *cap)
		return v;
	size_t c = *cap ? *cap : first;
	while (c < need)
		c *= 2;
	if (!(v = gl__git_nomem(realloc(v, c * size))))
		return NULL;
	*cap = c;
	return v;
}

/* ---- which lines a diff leaves unchanged -------------------------------- */

struct mapper {
	unsigned *map;
	size_t new_n, old_n;      /* map's bounds */
	size_t base;              /* lines before the part diffed, the same on both sides */
	size_t new_end, old_end;  /* lines up to these are mapped, on each side */
};

/* New lines after new_end up to before_new are unchanged: they pair in
 * order with old lines from old_end + 1. */
static void map_until(struct mapper *m, size_t before_new)
{
	for (size_t n = m->new_end + 1; n <= before_new && n <= m->new_n; n++) {
		size_t o = n - m->new_end + m->old_end;
		m->map[n] = o <= m->old_n ? (unsigned)o : 0;
	}
}

static int on_hunk(const git_diff_delta *d, const git_diff_hunk *h, void *payload)
{
	(void)d;
	struct mapper *m = payload;
	/* An empty side's start is the line before it, as in "@@ -4,0 +5,2 @@". */
	size_t new_before = m->base + (size_t)h->new_start - (h->new_lines ? 1 : 0);
	size_t old_before = m->base + (size_t)h->old_start - (h->old_lines ? 1 : 0);
	map_until(m, new_before);
	m->new_end = new_before + (size_t)h->new_lines;
	m->old_end = old_before + (size_t)h->old_lines;
	return 0;
}

/* Bytes of the first line of s[0..n), and of the last, '\n' included. */
static size_t first_line(const char *s, size_t n)
{
	const char *nl = memchr(s, '\n', n);
	return nl ? (size_t)(nl - s) + 1 : n;
}

static size_t last_line(const char *s, size_t n)
{
	const char *nl = n > 1 ? memrchr(s, '\n', n - 1) : NULL;
	return nl ? n - (size_t)(nl - s) - 1 : n;
}

/* Lines the same at both ends pair with each other, unread by the diff,
 * which then hashes and compares only the lines between: most commits
 * change a few lines of a plan. */
int gl__line_map(const char *old, size_t old_len, size_t old_n, const char *new_,
                 size_t new_len, size_t new_n, int ignore_ws, unsigned *map)
{
	size_t head = 0, start = 0, old_stop = old_len, new_stop = new_len, l, r;
	while (start < old_len && (l = first_line(old + start, old_len - start)) <= new_len - start &&
	       memcmp(old + start, new_ + start, l) == 0 &&
	       (old[start + l - 1] == '\n' || start + l == new_len)) {
		start += l;
		head++;
	}
	while (old_stop > start && new_stop > start &&
	       (l = last_line(old + start, old_stop - start)) ==
	           (r = last_line(new_ + start, new_stop - start)) &&
	       memcmp(old + old_stop - l, new_ + new_stop - r, l) == 0) {
		old_stop -= l;
		new_stop -= r;
	}
	struct mapper m = {map, new_n, old_n, head, 0, 0};
	memset(map, 0, (new_n + 1) * sizeof *map);
	map_until(&m, head);
	m.new_end = m.old_end = head;
	if (old_stop > start || new_stop > start) {
		git_diff_options o = GIT_DIFF_OPTIONS_INIT;
		o.context_lines = 0;
		o.interhunk_lines = 0;
		o.flags = GIT_DIFF_FORCE_TEXT | (ignore_ws ? GIT_DIFF_IGNORE_WHITESPACE : 0);
		if (git_diff_buffers(old + start, old_stop - start, NULL, new_ + start,
		                     new_stop - start, NULL, &o, NULL, NULL, on_hunk, NULL, &m) < 0)
			return -1;
	}
	/* the lines after the last change, then the common tail's (and any
	 * past the last line, which map_until bounds) */
	size_t new_before_tail = head + count_lines(new_ + start, new_stop - start);
	map_until(&m, new_before_tail);
	m.new_end = new_before_tail;
	m.old_end = head + count_lines(old + start, old_stop - start);
	map_until(&m, new_n);
	return 0;
}

int gl__norm_map(const char *old, size_t old_len, size_t old_n, const char *new_,
                 size_t new_len, size_t new_n, unsigned *map)
{
	size_t ol, nl;
	char *o = gl__git_nomem(gl__norm_text(old, old_len, &ol));
	char *n = o ? gl__git_nomem(gl__norm_text(new_, new_len, &nl)) : NULL;
	int rc = n ? gl__line_map(o, ol, old_n, n, nl, new_n, 0, map) : -1;
	free(o);
	free(n);
	return rc;
}

/* ---- the tracer: commits, shallow cuts, changed paths, renames ---------- */

static int read_cuts(gl__tracer *t)
{
	if (git_repository_is_shallow(t->git) != 1)
		return 0;
	char *file = gl__path_join(git_repository_commondir(t->git), "shallow"), line[128];
	if (!file)
		return -1;
	FILE *f = fopen(file, "r");
	free(file);
	int rc = 0;
	while (f && rc == 0 && fgets(line, sizeof line, f)) {
		git_oid id;
		if (git_oid_fromstrn(&id, line, GIT_OID_HEXSZ) < 0)
			continue;
		git_oid *v = gl__git_nomem(realloc(t->cuts, (t->ncuts + 1) * sizeof *v));
		if (!v)
			rc = -1;
		else
			git_oid_cpy(&(t->cuts = v)[t->ncuts++], &id);
	}
	if (f)
		fclose(f);
	git_error_clear();
	return rc;
}

int gl__tracer_new(git_repository *git, gl__tracer **out)
{
	gl__tracer *t = gl__git_nomem(calloc(1, sizeof *t));
	if (!t)
		return -1;
	t->git = git;
	if (read_cuts(t)) {
		gl__tracer_free(t);
		return -1;
	}
	*out = t;
	return 0;
}

static void free_renames(struct edge *e)
{
	for (size_t k = 0; k < e->n; k++) {
		free(e->v[k].to);
		free(e->v[k].from);
	}
	free(e->v);
	e->v = NULL;
	e->n = 0;
}

static void node_free(struct node *nd)
{
	for (unsigned i = 0; i < nd->nedges; i++) {
		free(nd->edges[i].changed);
		free(nd->edges[i].names);
		free_renames(&nd->edges[i]);
	}
	free(nd->edges);
	free(nd);
}

void gl__tracer_by_path(gl__tracer *t)
{
	t->by_path = 1;
}

void gl__tracer_free(gl__tracer *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->cap; i++)
		if (t->nodes[i])
			node_free(t->nodes[i]);
	free(t->nodes);
	free(t->cuts);
	free(t);
}

static int is_cut(const gl__tracer *t, const git_oid *id)
{
	for (size_t i = 0; i < t->ncuts; i++)
		if (git_oid_equal(&t->cuts[i], id))
			return 1;
	return 0;
}

/* The slot of commit id: its node, or the empty slot to fill. */
static struct node **slot(gl__tracer *t, const git_oid *id)
{
	size_t h;
	memcpy(&h, id->id, sizeof h);
	for (size_t i = h & (t->cap - 1);; i = (i + 1) & (t->cap - 1))
		if (!t->nodes[i] || git_oid_equal(&t->nodes[i]->id, id))
			return &t->nodes[i];
}

static int grow(gl__tracer *t)
{
	size_t cap = t->cap ? t->cap * 2 : 256, old_cap = t->cap;
	struct node **old = t->nodes, **v = gl__git_nomem(calloc(cap, sizeof *v));
	if (!v)
		return -1;
	t->nodes = v;
	t->cap = cap;
	for (size_t i = 0; i < old_cap; i++)
		if (old[i])
			*slot(t, &old[i]->id) = old[i];
	free(old);
	return 0;
}

/* Commit id's node, read the first time; NULL with libgit2's error, or
 * out of memory. */
static struct node *node(gl__tracer *t, const git_oid *id)
{
	if ((t->nnodes + 1) * 2 > t->cap && grow(t))
		return NULL;
	struct node **at = slot(t, id), *nd;
	if (*at)
		return *at;
	git_commit *c = NULL;
	gl__progress();   /* a commit read, once per tracer (watchdog.c) */
	if (git_commit_lookup(&c, t->git, id) < 0)
		return NULL;
	if (!(nd = gl__git_nomem(calloc(1, sizeof *nd)))) {
		git_commit_free(c);
		return NULL;
	}
	nd->time = git_commit_time(c);
	nd->cut = is_cut(t, id);
	git_oid_cpy(&nd->id, id);
	git_oid_cpy(&nd->tree, git_commit_tree_id(c));
	nd->nedges = nd->cut ? 0 : git_commit_parentcount(c);
	nd->edges = nd->nedges ? gl__git_nomem(calloc(nd->nedges, sizeof *nd->edges)) : NULL;
	for (unsigned i = 0; nd->edges && i < nd->nedges; i++)
		git_oid_cpy(&nd->edges[i].parent, git_commit_parent_id(c, i));
	git_commit_free(c);
	if (nd->nedges && !nd->edges) {
		free(nd);
		return NULL;
	}
	t->nnodes++;
	return *at = nd;
}

/* The node of e's parent. */
static struct node *parent_node(gl__tracer *t, struct edge *e)
{
	return e->to ? e->to : (e->to = node(t, &e->parent));
}

static int by_to(const void *a, const void *b)
{
	return strcmp(((const struct rename *)a)->to, ((const struct rename *)b)->to);
}

static int by_hash(const void *a, const void *b)
{
	uint64_t x = ((const struct change *)a)->hash, y = ((const struct change *)b)->hash;
	return (x > y) - (x < y);
}

static uint64_t path_hash(const char *s)
{
	uint64_t h = 14695981039346656037u;   /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

/* The trees of commit nd and of e's parent, *pt and *ct. */
static int trees_of(gl__tracer *t, const struct node *nd, struct edge *e, git_tree **pt,
                    git_tree **ct)
{
	const struct node *parent = parent_node(t, e);
	if (parent && git_tree_lookup(pt, t->git, &parent->tree) == 0 &&
	    git_tree_lookup(ct, t->git, &nd->tree) == 0)
		return 0;
	git_tree_free(*pt);
	*pt = NULL;
	return -1;
}

/* The diff of e's parent's tree to commit nd's, with renames found. */
static int diff_renames(gl__tracer *t, const struct node *nd, struct edge *e, git_diff **diff)
{
	git_tree *ct = NULL, *pt = NULL;
	git_diff_find_options fo = GIT_DIFF_FIND_OPTIONS_INIT;
	fo.flags = GIT_DIFF_FIND_RENAMES;
	int rc = trees_of(t, nd, e, &pt, &ct) ||
	                 git_diff_tree_to_tree(diff, t->git, pt, ct, NULL) < 0 ||
	                 git_diff_find_similar(*diff, &fo) < 0
	             ? -1 : 0;
	git_tree_free(ct);
	git_tree_free(pt);
	return rc;
}

/* Two trees compared into an edge's changed paths. git_diff_tree_to_tree
 * would give the same paths, but at a cost per entry of the folders that
 * differ, some 1,100 instructions: a commit touching one plan of a folder
 * of 1,000 cost 1.8 M, and a walk reads every commit's. The folders being
 * compared are a stack of their own, not a recursion: git's fsck rejects
 * trees nested deeper than core.maxTreeDepth (4,096), but a repository
 * can still hold them, and a deep recursion would overflow a thread. */
struct folder {               /* a folder on one side or both; NULL: absent */
	git_tree *old, *new_;
	size_t i, j;              /* their next entries */
	size_t len;               /* the length of the path above it */
};
struct differ {
	gl__tracer *t;
	struct edge *e;
	size_t cap, used, room;   /* e->changed's capacity; e->names' bytes used and room */
	char *dir;                /* the folder compared, "" or ending in '/' */
	size_t len, dir_cap;
	struct folder *st;        /* the folders open, the innermost last */
	size_t nst, st_cap;
};

static int is_file(const git_tree_entry *ent)
{
	git_filemode_t m = git_tree_entry_filemode(ent);
	return m == GIT_FILEMODE_BLOB || m == GIT_FILEMODE_BLOB_EXECUTABLE || m == GIT_FILEMODE_LINK;
}

static int is_tree(const git_tree_entry *ent)
{
	return ent && git_tree_entry_type(ent) == GIT_OBJECT_TREE;
}

/* Records `name`, in the folder compared, as a changed path; old is the
 * parent's entry there (NULL: none, or a folder). */
static int add_change(struct differ *d, const char *name, const git_tree_entry *old)
{
	struct edge *e = d->e;
	size_t nlen = strlen(name), bytes = d->len + nlen + 1;
	struct change *v = reserve(e->changed, &d->cap, e->nchanged + 1, sizeof *v, 8);
	if (v)
		e->changed = v;
	char *names = v ? reserve(e->names, &d->room, d->used + bytes, 1, 256) : NULL;
	if (!names)
		return -1;
	e->names = names;
	char *path = e->names + d->used;
	memcpy(path, d->dir, d->len);
	memcpy(path + d->len, name, nlen + 1);
	struct change *ch = &e->changed[e->nchanged++];
	ch->hash = path_hash(path);
	ch->name = d->used;
	if (old && is_file(old))
		git_oid_cpy(&ch->old, git_tree_entry_id(old));
	else
		memset(&ch->old, 0, sizeof ch->old);
	d->used += bytes;
	return 0;
}

/* Opens the folder `name` inside the one compared (or the root, ""), to
 * compare its two sides, old and new_ (NULL: absent there), which it
 * takes. */
static int open_folder(struct differ *d, const char *name, git_tree *old, git_tree *new_)
{
	size_t nlen = strlen(name), len = d->len;
	struct folder *st = reserve(d->st, &d->st_cap, d->nst + 1, sizeof *st, 8);
	if (st)
		d->st = st;
	char *dir = st ? reserve(d->dir, &d->dir_cap, len + nlen + 2, 1, 64) : NULL;
	if (!dir) {
		git_tree_free(old);
		git_tree_free(new_);
		return -1;
	}
	d->dir = dir;
	d->st[d->nst++] = (struct folder){old, new_, 0, 0, len};
	if (nlen) {
		memcpy(d->dir + len, name, nlen);
		d->dir[len + nlen] = '/';
		d->len = len + nlen + 1;
	}
	d->dir[d->len] = '\0';
	return 0;
}

static void close_folder(struct differ *d)
{
	struct folder *f = &d->st[--d->nst];
	git_tree_free(f->old);
	git_tree_free(f->new_);
	d->dir[d->len = f->len] = '\0';
}

/* One name where the open folder's two sides differ: old and new_ its
 * entries (NULL where a side has none). A file on either side is a
 * changed path; a folder on either side is opened, to be compared with
 * what the other side has there. */
static int differs(struct differ *d, const git_tree_entry *old, const git_tree_entry *new_)
{
	int old_tree = is_tree(old), new_tree = is_tree(new_), rc = 0;
	const char *name = git_tree_entry_name(new_ ? new_ : old);
	if ((old && !old_tree) || (new_ && !new_tree))
		rc = add_change(d, name, old_tree ? NULL : old);
	if (rc || !(old_tree || new_tree))
		return rc;
	git_tree *a = NULL, *b = NULL;
	if ((old_tree && git_tree_lookup(&a, d->t->git, git_tree_entry_id(old)) < 0) ||
	    (new_tree && git_tree_lookup(&b, d->t->git, git_tree_entry_id(new_)) < 0)) {
		git_tree_free(a);
		return -1;
	}
	return open_folder(d, name, a, b);
}

/* Compares the open folders' entries in their common order, the
 * innermost first, opening only folders whose ids differ. */
static int compare(struct differ *d)
{
	int rc = 0;
	while (rc == 0 && d->nst) {
		struct folder *f = &d->st[d->nst - 1];
		size_t no = f->old ? git_tree_entrycount(f->old) : 0;
		size_t nn = f->new_ ? git_tree_entrycount(f->new_) : 0;
		if (f->i == no && f->j == nn) {
			close_folder(d);
			continue;
		}
		const git_tree_entry *a = f->i < no ? git_tree_entry_byindex(f->old, f->i) : NULL;
		const git_tree_entry *b = f->j < nn ? git_tree_entry_byindex(f->new_, f->j) : NULL;
		int c = !a ? 1 : !b ? -1 : git_tree_entry_cmp(a, b);
		f->i += c <= 0;
		f->j += c >= 0;
		if (c == 0 && git_tree_entry_filemode(a) == git_tree_entry_filemode(b) &&
		    git_oid_equal(git_tree_entry_id(a), git_tree_entry_id(b)))
			continue;
		rc = differs(d, c <= 0 ? a : NULL, c >= 0 ? b : NULL);
	}
	return rc;
}

/* The paths that differ between commit nd and e's parent, with their
 * blobs in the parent, into e. */
static int read_changed(gl__tracer *t, const struct node *nd, struct edge *e)
{
	git_tree *ct = NULL, *pt = NULL;
	struct differ d = {.t = t, .e = e};
	gl__progress();
	int rc = trees_of(t, nd, e, &pt, &ct);
	if (rc == 0)
		rc = open_folder(&d, "", pt, ct) || compare(&d) ? -1 : 0;   /* it takes the trees */
	if (rc == 0 && e->nchanged > 1)
		qsort(e->changed, e->nchanged, sizeof *e->changed, by_hash);
	if (rc) {   /* read again by the next walk that needs it */
		free(e->changed);
		free(e->names);
		e->changed = NULL;
		e->names = NULL;
		e->nchanged = 0;
	}
	e->changed_read = rc == 0;
	while (d.nst)
		close_folder(&d);
	free(d.st);
	free(d.dir);
	return rc;
}

/* The renames of commit nd against e's parent, into e. */
static int read_renames(gl__tracer *t, const struct node *nd, struct edge *e)
{
	git_diff *diff = NULL;
	int rc = diff_renames(t, nd, e, &diff);
	size_t n = rc ? 0 : git_diff_num_deltas(diff);
	if (n && !(e->v = gl__git_nomem(calloc(n, sizeof *e->v))))
		rc = -1;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		if (d->status != GIT_DELTA_RENAMED)
			continue;
		struct rename *r = &e->v[e->n++];
		r->to = gl__git_nomem(strdup(d->new_file.path));
		r->from = gl__git_nomem(strdup(d->old_file.path));
		git_oid_cpy(&r->old, &d->old_file.id);
		rc = r->to && r->from ? 0 : -1;
	}
	if (rc == 0 && e->n > 1)
		qsort(e->v, e->n, sizeof *e->v, by_to);
	if (rc)
		free_renames(e);
	e->renames_read = rc == 0;
	git_diff_free(diff);
	return rc;
}

/* How path changed between commit nd and e's parent, looked up along the
 * path itself in the two trees: as change_of. */
static int change_at(gl__tracer *t, const struct node *nd, struct edge *e, const char *path,
                     int *changed, git_oid *old)
{
	git_tree *pt = NULL, *ct = NULL;
	git_tree_entry *a = NULL, *b = NULL;
	if (trees_of(t, nd, e, &pt, &ct))
		return -1;
	int ra = git_tree_entry_bypath(&a, pt, path), rb = git_tree_entry_bypath(&b, ct, path);
	int rc = (ra < 0 && ra != GIT_ENOTFOUND) || (rb < 0 && rb != GIT_ENOTFOUND) ? -1 : 0;
	int fa = ra == 0 && is_file(a), fb = rb == 0 && is_file(b);
	/* a mode changed alone keeps the blob, and with it every line */
	int same = fa && fb && git_oid_equal(git_tree_entry_id(a), git_tree_entry_id(b));
	*changed = (fa || fb) && !same;
	if (fa)
		git_oid_cpy(old, git_tree_entry_id(a));
	else
		memset(old, 0, sizeof *old);
	git_tree_entry_free(a);
	git_tree_entry_free(b);
	git_tree_free(pt);
	git_tree_free(ct);
	return rc;
}

/* How path (h its hash) changed between commit nd and e's parent: *changed
 * 1, with the parent's blob there in *old (zero: it has no file there), or
 * 0 when the path is the same in both. Read from all the paths the commit
 * changed, once for every file the tracer traces, or, by_path, looked up
 * along the path itself. */
static int change_of(gl__tracer *t, const struct node *nd, struct edge *e, const char *path,
                     uint64_t h, int *changed, git_oid *old)
{
	*changed = 0;
	if (t->by_path)
		return change_at(t, nd, e, path, changed, old);
	if (!e->changed_read && read_changed(t, nd, e))
		return -1;
	size_t lo = 0, hi = e->nchanged;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (e->changed[mid].hash < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < e->nchanged && e->changed[lo].hash == h && !*changed; lo++)
		if (strcmp(e->names + e->changed[lo].name, path) == 0) {
			*changed = 1;
			git_oid_cpy(old, &e->changed[lo].old);
		}
	return 0;
}

/* The rename by which commit nd made `path` from a file of e's parent:
 * *out, or NULL. */
static int renamed_from(gl__tracer *t, const struct node *nd, struct edge *e, const char *path,
                        const struct rename **out)
{
	if (!e->renames_read && read_renames(t, nd, e))
		return -1;
	struct rename key = {(char *)path, NULL, {{0}}};
	*out = e->n ? bsearch(&key, e->v, e->n, sizeof *e->v, by_to) : NULL;
	return 0;
}

/* ---- the walk ----------------------------------------------------------- */

/* Appends lines[0..n) to s's. */
static int add_lines(struct suspect *s, const size_t *lines, size_t n)
{
	if (!n)
		return 0;
	size_t *v = reserve(s->lines, &s->cap, s->n + n, sizeof *v, 16);
	if (!v)
		return -1;
	memcpy((s->lines = v) + s->n, lines, n * sizeof *lines);
	s->n += n;
	return 0;
}

/* The queued suspect for (commit nd, path), or NULL. */
static struct suspect *queued(struct walk *w, const struct node *nd, const char *path)
{
	for (size_t i = 0; i < w->nq; i++)
		if (w->q[i].nd == nd && strcmp(w->q[i].path, path) == 0)
			return &w->q[i];
	return NULL;
}

/* The queued suspect for (commit nd, path) with blob, made when there is
 * none; NULL when nd is (its commit could not be read) or out of memory. */
static struct suspect *suspect(struct walk *w, struct node *nd, const char *path,
                               const git_oid *blob)
{
	struct suspect *s = nd ? queued(w, nd, path) : NULL;
	if (s || !nd)
		return s;
	struct suspect *q = reserve(w->q, &w->capq, w->nq + 1, sizeof *q, 8);
	if (!q)
		return NULL;
	s = &(w->q = q)[w->nq++];
	memset(s, 0, sizeof *s);
	s->nd = nd;
	git_oid_cpy(&s->blob, blob);
	s->path = path;
	s->hash = path_hash(path);
	return s;
}

static void suspect_free(struct suspect *s)
{
	git_blob_free(s->owner);
	free(s->lines);
}

/* s takes blob b, of nlines lines, as its content; b is freed when s has
 * its content already. */
static void take_blob(struct suspect *s, git_blob *b, size_t nlines)
{
	if (s->read) {
		git_blob_free(b);
		return;
	}
	s->owner = b;
	s->text = git_blob_rawcontent(b);
	s->len = (size_t)git_blob_rawsize(b);
	s->nlines = nlines;
	s->read = 1;
}

/* Reads the content of s's blob, when s has none yet. */
static int read_text(struct walk *w, struct suspect *s)
{
	git_blob *b = NULL;
	if (s->read)
		return 0;
	if (git_blob_lookup(&b, w->t->git, &s->blob) < 0)
		return -1;
	take_blob(s, b, count_lines(git_blob_rawcontent(b), (size_t)git_blob_rawsize(b)));
	return 0;
}

/* Lines of s the commit wrote: their trace ends there. */
static void convict(struct walk *w, const struct suspect *s, int cut)
{
	for (size_t i = 0; i < s->n; i++) {
		size_t l = s->lines[i];
		git_oid *ids = &w->tr->ids[2 * l];
		git_oid_cpy(&ids[0], &s->nd->id);
		git_oid_cpy(&ids[1], &s->blob);
		w->tr->at[l] = (gl__traced_line){&ids[0], &ids[1], s->path, w->pos[l], cut};
	}
}

/* The trace's copy of path, made when it has none. */
static const char *keep_path(gl__trace *tr, const char *path)
{
	for (size_t i = 0; i < tr->npaths; i++)
		if (strcmp(tr->paths[i], path) == 0)
			return tr->paths[i];
	char **v = gl__git_nomem(realloc(tr->paths, (tr->npaths + 1) * sizeof *v));
	if (!v)
		return NULL;
	tr->paths = v;
	if (!(tr->paths[tr->npaths] = gl__git_nomem(strdup(path))))
		return NULL;
	return tr->paths[tr->npaths++];
}

/* A parent's version of the file: path (s's, or the one s's commit
 * renamed it from) holds blob there. */
struct parent {
	struct edge *e;           /* NULL: the parent has no version */
	const char *path;
	git_oid blob;
	int diff;                 /* 1: a blob no earlier parent has, to diff */
};

/* Parent e's version of s's file into pa: 1, or 0 when it has none. No
 * tree is read: the commit's diff against e's parent says it all. */
static int parent_file(struct walk *w, const struct suspect *s, struct edge *e,
                       struct parent *pa)
{
	const struct rename *rn;
	git_oid old;
	int changed;
	pa->e = e;
	pa->path = s->path;
	if (change_of(w->t, s->nd, e, s->path, s->hash, &changed, &old))
		return -1;
	if (!changed || !git_oid_is_zero(&old)) {   /* the same blob, or the one it changed */
		git_oid_cpy(&pa->blob, changed ? &old : &s->blob);
		return 1;
	}
	if (renamed_from(w->t, s->nd, e, s->path, &rn))
		return -1;
	if (!rn)
		return 0;
	git_oid_cpy(&pa->blob, &rn->old);
	return (pa->path = keep_path(w->tr, rn->from)) ? 1 : -1;
}

/* Passes the lines of q[at] that a diff against parent pa's version leaves
 * unchanged to pa's suspect; the others stay. */
static int pass_unchanged(struct walk *w, size_t at, const struct parent *pa)
{
	git_blob *pb = NULL;
	struct suspect *s = &w->q[at], *ps = NULL;
	if (read_text(w, s) || git_blob_lookup(&pb, w->t->git, &pa->blob) < 0)
		return -1;
	const char *pt = git_blob_rawcontent(pb);
	size_t plen = (size_t)git_blob_rawsize(pb), pn = count_lines(pt, plen), kept = 0;
	unsigned *map = gl__git_nomem(malloc((s->nlines + 1) * sizeof *map));
	int rc = -1;
	if (map && w->blanks == GL__BLANKS_NORMAL)
		rc = gl__norm_map(pt, plen, pn, s->text, s->len, s->nlines, map);
	else if (map)
		rc = gl__line_map(pt, plen, pn, s->text, s->len, s->nlines, 1, map);
	for (size_t i = 0; rc == 0 && i < w->q[at].n; i++) {
		size_t l = w->q[at].lines[i];
		unsigned to = map[w->pos[l]];
		if (!to) {
			w->q[at].lines[kept++] = l;
			continue;
		}
		if (!ps) {   /* made on the first line passed; the queue may move */
			if (!(ps = suspect(w, parent_node(w->t, pa->e), pa->path, &pa->blob))) {
				rc = -1;
				break;
			}
			take_blob(ps, pb, pn);
			pb = NULL;
		}
		w->pos[l] = to;
		rc = add_lines(ps, &l, 1);
	}
	if (rc == 0)
		w->q[at].n = kept;
	free(map);
	git_blob_free(pb);
	return rc;
}

/* Hands all lines of q[at] to parent pa's suspect: the same blob. 1 when
 * q[at] became that suspect itself, there being none yet: it stays queued.
 * (A queued suspect holds lines and its text: pass_unchanged makes one
 * with both, and this moves one whole.) */
static int pass_all(struct walk *w, size_t at, const struct parent *pa)
{
	struct node *nd = parent_node(w->t, pa->e);
	struct suspect *ps = nd ? queued(w, nd, pa->path) : NULL, *s = &w->q[at];
	if (!nd)
		return -1;
	if (!ps) {   /* most often: the suspect moves on whole, its content with it */
		s->nd = nd;
		if (s->path != pa->path)
			s->hash = path_hash(s->path = pa->path);
		return 1;
	}
	if (add_lines(ps, s->lines, s->n))   /* a merge's two sides meet again */
		return -1;
	s->n = 0;
	return 0;
}

/* The parents' versions of q[at]'s file into pa: pa[i].e NULL for one
 * without it. 1 when one has the very blob, at *same. */
static int read_parents(struct walk *w, size_t at, struct edge *edges, unsigned n,
                        struct parent *pa, unsigned *same)
{
	for (unsigned i = 0; i < n; i++) {
		int found = parent_file(w, &w->q[at], &edges[i], &pa[i]);
		if (found < 0)
			return -1;
		if (!found) {
			pa[i].e = NULL;
			continue;
		}
		if (git_oid_equal(&pa[i].blob, &w->q[at].blob)) {
			*same = i;
			return 1;
		}
		pa[i].diff = 1;
		for (unsigned k = 0; k < i; k++)
			if (pa[k].e && git_oid_equal(&pa[k].blob, &pa[i].blob))
				pa[i].diff = 0;   /* diffing it again would pass nothing more */
	}
	return 0;
}

/* Examines the suspect at q[at]: passes its lines to its commit's
 * parents, convicts the rest. A shallow clone's cut has no parents here.
 * 1 when q[at] moved on to a parent whole and stays queued. */
static int examine(struct walk *w, size_t at)
{
	const struct node *nd = w->q[at].nd;
	struct edge *edges = nd->edges;
	unsigned n = nd->nedges, same = 0;
	int cut = nd->cut;
	struct parent two[2] = {{0}}, *pa = n <= 2 ? two : gl__git_nomem(calloc(n, sizeof *pa));
	int rc = !pa ? -1 : n ? read_parents(w, at, edges, n, pa, &same) : 0;
	if (rc == 1)
		rc = pass_all(w, at, &pa[same]);
	else
		for (unsigned i = 0; rc == 0 && i < n && w->q[at].n; i++)
			if (pa[i].diff)
				rc = pass_unchanged(w, at, &pa[i]);
	if (rc == 0)
		convict(w, &w->q[at], cut);
	if (pa != two)
		free(pa);
	return rc;
}

/* The queued suspect with the newest commit. */
static size_t newest(const struct walk *w)
{
	size_t best = 0;
	for (size_t i = 1; i < w->nq; i++)
		if (w->q[i].nd->time > w->q[best].nd->time)
			best = i;
	return best;
}

/* The walk's first suspect: commit head holds every line of the file as
 * text[0..len), blob `blob` at path. */
static int walk_start(struct walk *w, const git_oid *head, const char *path,
                      const git_oid *blob, const char *text, size_t len)
{
	struct suspect *s = suspect(w, node(w->t, head), path, blob);
	if (!s)
		return -1;
	s->text = text;
	s->len = len;
	s->nlines = w->tr->nlines;
	s->read = 1;
	if (!(s->lines = gl__git_nomem(malloc((w->tr->nlines + 1) * sizeof *s->lines))))
		return -1;
	s->cap = w->tr->nlines + 1;
	for (size_t l = 0; l < w->tr->nlines; l++) {
		w->pos[l] = (unsigned)(l + 1);
		s->lines[s->n++] = l;
	}
	return 0;
}

/* Examines suspects, newest first, until line l (from 0) is traced: the
 * history older than the commit that wrote it is not read. */
static int walk_to(struct walk *w, size_t l)
{
	while (!w->tr->at[l].commit && w->nq) {
		size_t at = newest(w);
		int rc = w->q[at].n ? examine(w, at) : 0;
		if (rc < 0) {
			w->failed = 1;
			return -1;
		}
		if (rc == 1)
			continue;
		suspect_free(&w->q[at]);
		w->q[at] = w->q[--w->nq];
	}
	return 0;
}

int gl__trace_file(gl__tracer *t, const git_oid *newest_id, const char *path,
                   const git_oid *blob, const char *text, size_t len, gl__blanks blanks,
                   gl__trace **out)
{
	gl__trace *tr = gl__git_nomem(calloc(1, sizeof *tr));
	if (!tr)
		return -1;
	tr->w = (struct walk){.t = t, .tr = tr, .blanks = blanks};
	tr->nlines = count_lines(text, len);
	tr->at = gl__git_nomem(calloc(tr->nlines + 1, sizeof *tr->at));
	tr->ids = gl__git_nomem(calloc(2 * tr->nlines + 1, sizeof *tr->ids));
	tr->paths = gl__git_nomem(malloc(sizeof *tr->paths));
	tr->w.pos = gl__git_nomem(calloc(tr->nlines + 1, sizeof *tr->w.pos));
	tr->npaths = tr->at && tr->ids && tr->paths && tr->w.pos &&
	             (tr->paths[0] = gl__git_nomem(strdup(path)));
	if (!tr->npaths || walk_start(&tr->w, newest_id, tr->paths[0], blob, text, len)) {
		gl__trace_free(tr);
		return -1;
	}
	*out = tr;
	return 0;
}

int gl__trace_line(gl__trace *tr, size_t line, const gl__traced_line **out)
{
	*out = NULL;
	if (line < 1 || line > tr->nlines)
		return 0;
	if (!tr->at[line - 1].commit && (tr->w.failed || walk_to(&tr->w, line - 1)))
		return -1;
	*out = tr->at[line - 1].commit ? &tr->at[line - 1] : NULL;
	return 0;
}

void gl__trace_free(gl__trace *tr)
{
	if (!tr)
		return;
	for (size_t i = 0; i < tr->w.nq; i++)
		suspect_free(&tr->w.q[i]);
	free(tr->w.q);
	free(tr->w.pos);
	for (size_t i = 0; i < tr->npaths; i++)
		free(tr->paths[i]);
	free(tr->paths);
	free(tr->ids);
	free(tr->at);
	free(tr);
}
