/* Sign-off tracing on histories drawn at random from seeds, against a
 * model that knows who wrote every line (tests/unit/histmodel.h says how):
 * the traces of policy/history.c, and the author policy/repo.c's blame
 * gives each line of up to HM_PLANS plans blamed through one handle, as
 * GOV-SIG-001 asks for them: committed, edited in the work tree or new
 * there, as a revision has them, renamed in the index, or merged with a
 * branch, the merge not yet committed. test_history.c and test_repo.c
 * hold the cases written by hand; fuzz/fuzz_history.c draws traces from
 * libFuzzer's bytes. A failure names its seed: HISTORY_SEED=N runs that
 * history alone. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "internal.h"
#include "helpers.h"

#include <git2.h>
#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>
#include <git2/sys/repository.h>

#include "gitfx.h"
#include "histmodel.h"

#define SEEDS 1000
#define BLAME_SEEDS 200

static char repo_dir[64];
/* The blame seed's work tree: the teardown removes it too, should a seed
 * fail in it. */
static char blame_dir[64];
static git_repository *repo;
static git_odb_backend *mempack;
static const unsigned char worktree[GL__BLOB_ID];   /* all zero: the work tree's file */

/* A new folder for a repository, in /tmp as gitfx.h's are (the group's
 * setup puts the ceiling of git's discovery there). */
static char *temp_dir(char dir[64])
{
	snprintf(dir, 64, "/tmp/gl-model-XXXXXX");
	return mkdtemp(dir);
}

/* splitmix64: the seed's stream of draws. */
static unsigned draw(void *ctx, unsigned n)
{
	uint64_t *s = ctx, z = (*s += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return (unsigned)((z ^ (z >> 31)) % n);
}

/* git's repository at dir made, its objects in memory alone (*objects):
 * none is looked for on disk, as every write would (to freshen it). */
static int in_memory(git_repository **git, const char *dir, int bare, git_odb_backend **objects)
{
	git_odb *odb = NULL;
	int rc = git_repository_init(git, dir, bare) < 0 || git_odb_new(&odb) < 0 ||
	         git_mempack_new(objects) < 0 || git_odb_add_backend(odb, *objects, 1) < 0 ||
	         git_repository_set_odb(*git, odb) < 0;
	git_odb_free(odb);
	return rc ? -1 : 0;
}

static int model_setup(void **state)
{
	return group_setup(state) || !temp_dir(repo_dir) ||
	               in_memory(&repo, repo_dir, 1, &mempack)
	           ? -1 : 0;
}

static int model_teardown(void **state)
{
	git_repository_free(repo);   /* frees the odb and its backends */
	rm_tree(repo_dir);
	if (*blame_dir)
		rm_tree(blame_dir);
	return group_teardown(state);
}

static void run_seed(uint64_t seed)
{
	hm *m = calloc(1, sizeof *m);
	assert_non_null(m);
	m->git = repo;
	m->draw = draw;
	m->ctx = &seed;
	uint64_t first = seed;
	int rc = hm_run(m);
	if (rc)
		fail_msg("seed %llu (%u commits): %s", (unsigned long long)first, m->nc, m->why);
	free(m);
	git_mempack_reset(mempack);
}

/* Runs each seed up to n, or HISTORY_SEED's alone. */
static void each_seed(void (*run)(uint64_t), uint64_t n)
{
	const char *one = getenv("HISTORY_SEED");
	if (one && *one)
		n = strtoull(one, NULL, 10);
	for (uint64_t seed = one && *one ? n : 1; seed <= n; seed++)
		run(seed);
}

static void test_drawn_histories(void **state)
{
	(void)state;
	each_seed(run_seed, SEEDS);
}

/* ---- the author of each line, as GOV-SIG-001 asks for it -------------------- */

/* The commit the blame credits line l of plan q at commit `from` with
 * (*cut: a shallow clone's cut): blame's, blanks ignored, unless the
 * line's values differ from that commit's version of it; then the commit
 * that last changed its values, however it was reformatted since. */
static unsigned credited(const hm *m, unsigned from, unsigned q, const hm_line *l, int *cut)
{
	unsigned by = hm_origin(m, from, q, l, GL__BLANKS_IGNORED, cut);
	int at = hm_find(&m->c[by].p[q], l);
	if (at >= 0 && m->c[by].p[q].l[at].w != l->w)
		by = hm_origin(m, from, q, l, GL__BLANKS_NORMAL, cut);
	return by;
}

static const char someone[] = "someone@example.org";   /* who commits next */

/* The author gl__blame_line gives the line `ask` names, of a plan of
 * `now`, the plans as checked, against the model's: the line is the first committed
 * version's of sides[0..n) (HEAD's or a revision's, then MERGE_HEAD's)
 * that holds it in normal form, and the committer's when none does. */
static void want_author(const hm *m, const unsigned *sides, size_t n, const hm_commit *now,
                        const struct hm_ask *ask, const gl__line_author *a, uint64_t seed)
{
	unsigned q = ask->q, from = 0;
	const hm_line *l = &now->p[q].l[ask->line - 1];
	int at = -1, cut = 0;
	for (size_t i = 0; i < n && at < 0; i++)
		if (hm_holds(&m->c[from = sides[i]].p[q], l, GL__BLANKS_NORMAL))
			at = hm_find(&m->c[from].p[q], l);
	char want[GIT_OID_HEXSZ + 1] = "", who[16] = "(cut)";
	if (at < 0)
		snprintf(who, sizeof who, "someone");
	else {
		unsigned by = credited(m, from, q, &m->c[from].p[q].l[at], &cut);
		if (!cut) {
			snprintf(who, sizeof who, "c%u", by);
			git_oid_tostr(want, sizeof want, &m->c[by].id);
		}
	}
	assert_non_null(a);
	if (a->cut != cut || (!cut && (strcmp(a->name, who) != 0 ||
	                               strncmp(a->commit, want, strlen(a->commit)) != 0)))
		fail_msg("seed %llu, %s line %zu (c%ul%u, blanks by %u) against commit %u: %s %s "
		         "(cut %d) where the model says %s", (unsigned long long)seed,
		         now->p[q].path, ask->line, l->k, l->j, l->w, sides[0], a->name, a->commit,
		         a->cut, who);
}

/* Blames every plan of `now`, the plans as checked, against the committed
 * versions sides[0..n), through r, all blames open at once and their
 * lines asked for in one order drawn at random, as want_author says;
 * `rev` names sides[0] when it is not HEAD. `edited`: now's plans are
 * the work tree's files (the blob id all zero), else the blobs they hold. */
static void blame_check(hm *m, gl__repo *r, const hm_commit *now, const unsigned *sides,
                        size_t n, int rev, int edited, uint64_t seed)
{
	char *text = malloc(HM_PLANS * HM_TEXT), hex[GIT_OID_HEXSZ + 1];
	gl__blame *b[HM_PLANS] = {NULL};
	struct hm_ask order[HM_PLANS * HM_LINES];
	gl_err err;
	assert_non_null(text);
	for (unsigned q = 0; q < HM_PLANS; q++) {
		const hm_plan *v = &now->p[q];
		char *mine = text + (size_t)q * HM_TEXT;
		if (!v->path)
			continue;
		if (gl__repo_blame(r, rev ? git_oid_tostr(hex, sizeof hex, &m->c[sides[0]].id) : NULL,
		                   v->path, mine, hm_render(v, mine), edited ? worktree : v->blob.id,
		                   "someone", someone, &b[q], &err))
			fail_msg("seed %llu: blame of %s against commit %u: %s",
			         (unsigned long long)seed, v->path, sides[0], err.msg);
	}
	for (size_t i = 0, asks = hm_order(m, now, order); i < asks; i++) {
		const gl__line_author *a = NULL;
		if (gl__blame_line(b[order[i].q], (unsigned)order[i].line, &a, &err))
			fail_msg("seed %llu: %s line %zu: %s", (unsigned long long)seed,
			         now->p[order[i].q].path, order[i].line, err.msg);
		want_author(m, sides, n, now, &order[i], a, seed);
	}
	for (unsigned q = 0; q < HM_PLANS; q++)
		gl__blame_free(b[q]);
	free(text);
}

/* Every plan of `now` edited (new, re-blanked and reformatted lines), as
 * by a commit after every other, and now and then a plan it lacks
 * written new, which git has never seen. */
static void edit_all(hm *m, hm_commit *now)
{
	unsigned at = m->nc + 1;
	for (unsigned q = 0; q < m->plans; q++) {
		hm_plan *v = &now->p[q];
		if (v->path)
			hm_edit(m, v, at);
		else if (hm_pick(m, 2))
			hm_create(m, v, q, at);
	}
}

/* 1 when commit c holds any plan. */
static int any_plan(const hm_commit *c)
{
	for (unsigned q = 0; q < HM_PLANS; q++)
		if (c->p[q].path)
			return 1;
	return 0;
}

/* The objects of the history in memory, written to the repository at dir
 * as one pack, where a gl__repo of its own reads them. */
static void write_pack(git_repository *git, git_odb_backend *objects, const char *dir)
{
	git_buf pack = {0};
	git_repository *disk = NULL;
	git_odb *odb = NULL;
	git_odb_writepack *w = NULL;
	git_indexer_progress stats;
	OK(git_mempack_dump(&pack, git, objects));
	OK(git_repository_open(&disk, dir));
	OK(git_repository_odb(&odb, disk));
	OK(git_odb_write_pack(&w, odb, NULL, NULL));
	OK(w->append(w, pack.ptr, pack.size, &stats));
	OK(w->commit(w, &stats));
	w->free(w);
	git_odb_free(odb);
	git_repository_free(disk);
	git_buf_dispose(&pack);
}

static gl__repo *open_repo(const char *dir, uint64_t seed)
{
	gl__repo *r = NULL;
	gl_err err;
	if (gl__repo_open(&r, dir, &err))
		fail_msg("seed %llu: %s", (unsigned long long)seed, err.msg);
	return r;
}

/* The plans blamed as HEAD has them, edited in the work tree, and as a
 * revision drawn at random has them (--baseline's); and edited again
 * through a handle that walks the history by each plan's path, as the
 * pre-commit hook's does for its one plan. */
static void blame_versions(hm *m, const char *dir, hm_commit *now, uint64_t seed)
{
	unsigned head = m->main, any = 1 + hm_pick(m, m->nc);
	gl__repo *r = open_repo(dir, seed), *hook = open_repo(dir, seed);
	gl__repo_trace_one(hook);
	blame_check(m, r, &m->c[head], &head, 1, 0, 0, seed);
	*now = m->c[head];
	edit_all(m, now);
	blame_check(m, r, now, &head, 1, 0, 1, seed);
	blame_check(m, hook, now, &head, 1, 0, 1, seed);
	blame_check(m, r, &m->c[any], &any, 1, 1, 0, seed);
	gl__repo_free(hook);
	gl__repo_free(r);
}

/* Plans renamed in the index (git mv), not yet committed, now and then
 * with a small edit staged too, and the plans checked as staged (their
 * blobs, as --staged reads them) or edited in the work tree: a renamed
 * plan's lines keep their authors under its old name. Plan q is renamed
 * when HEAD holds it, each other plan now and then. */
static void blame_renamed(hm *m, const char *dir, hm_commit *now, uint64_t seed)
{
	unsigned head = m->main, q = hm_pick(m, HM_PLANS);
	git_repository *disk = NULL;   /* where a staged blob is written, for r to read */
	git_index *idx = NULL;
	git_commit *tip = NULL;
	git_tree *tree = NULL;
	char file[PATH_MAX], text[HM_TEXT];
	if (!m->c[head].p[q].path)
		return;
	*now = m->c[head];
	OK(git_repository_open(&disk, dir));
	OK(git_repository_index(&idx, m->git));
	OK(git_commit_lookup(&tip, m->git, &m->c[head].id));
	OK(git_commit_tree(&tree, tip));
	OK(git_index_read_tree(idx, tree));
	for (unsigned i = 0; i < HM_PLANS; i++) {
		hm_plan *v = &now->p[i];
		if (!v->path || (i != q && hm_pick(m, 2)))
			continue;
		OK(git_index_remove_bypath(idx, v->path));
		hm_rename(m, v, i, m->nc + 1);
		size_t len = hm_render(v, text);   /* the index's objects must exist, in both */
		OK(git_blob_create_from_buffer(&v->blob, disk, text, len));
		OK(git_blob_create_from_buffer(&v->blob, m->git, text, len));
		git_index_entry e = {.mode = GIT_FILEMODE_BLOB, .id = v->blob, .path = v->path};
		OK(git_index_add(idx, &e));
	}
	OK(git_index_write(idx));
	git_tree_free(tree);
	git_commit_free(tip);
	git_index_free(idx);
	git_repository_free(disk);
	gl__repo *r = open_repo(dir, seed);
	int edit = hm_pick(m, 2);
	if (edit)
		edit_all(m, now);
	blame_check(m, r, now, &head, 1, 0, edit, seed);
	gl__repo_free(r);
	snprintf(file, sizeof file, "%s/.git/index", dir);
	remove(file);
}

/* A merge of the side branch being committed (MERGE_HEAD its tip): each
 * plan's lines are the first side's holding them, HEAD's, then
 * MERGE_HEAD's. */
static void blame_merging(hm *m, const char *dir, hm_commit *now, uint64_t seed)
{
	const unsigned sides[2] = {m->main, m->side};
	char file[PATH_MAX], hex[GIT_OID_HEXSZ + 1];
	if (!m->side || !any_plan(&m->c[m->main]))
		return;   /* no branch open, or no plan on either side */
	*now = m->c[m->main];
	for (unsigned q = 0; q < HM_PLANS; q++) {
		if (!now->p[q].path)
			continue;
		if (hm_interleave(m, &now->p[q], &m->c[m->main].p[q], &m->c[m->side].p[q]))
			fail_msg("seed %llu: %s", (unsigned long long)seed, "model: the sides disagree");
		if (hm_pick(m, 2))
			hm_edit(m, &now->p[q], m->nc + 1);
	}
	snprintf(file, sizeof file, "%s/.git/MERGE_HEAD", dir);
	git_oid_tostr(hex, sizeof hex, &m->c[m->side].id);
	t_puts(dir, ".git/MERGE_HEAD", hex);
	gl__repo *r = open_repo(dir, seed);   /* it reads the merge state as it opens */
	blame_check(m, r, now, sides, 2, 0, 1, seed);
	gl__repo_free(r);
	remove(file);
}

/* A history drawn in a work tree of its own, HEAD its main line's tip. */
static void blame_seed(uint64_t seed)
{
	hm *m = calloc(1, sizeof *m);
	hm_commit *now = malloc(sizeof *now);
	char *dir = blame_dir;
	git_repository *git = NULL;
	git_odb_backend *objects = NULL;
	uint64_t first = seed;
	assert_non_null(m);
	assert_non_null(now);
	assert_non_null(temp_dir(dir));
	OK(in_memory(&git, dir, 0, &objects));
	*m = (hm){.git = git, .draw = draw, .ctx = &seed};
	if (hm_history(m))
		fail_msg("seed %llu: %s", (unsigned long long)first, m->why);
	write_pack(git, objects, dir);
	OK(git_repository_set_head_detached(git, &m->c[m->main].id));
	blame_versions(m, dir, now, first);
	blame_renamed(m, dir, now, first);
	blame_merging(m, dir, now, first);
	git_repository_free(git);
	rm_tree(dir);
	*dir = '\0';
	free(now);
	free(m);
}

static void test_drawn_blames(void **state)
{
	(void)state;
	each_seed(blame_seed, BLAME_SEEDS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_drawn_histories),
		cmocka_unit_test(test_drawn_blames),
	};
	return cmocka_run_group_tests(tests, model_setup, model_teardown);
}
