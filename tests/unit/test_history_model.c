/* Sign-off tracing on histories drawn at random from seeds, against a
 * model that knows who wrote every line (tests/unit/histmodel.h says how):
 * the traces of policy/history.c, and the author policy/repo.c's blame
 * gives each line of a plan as GOV-SIG-001 asks for it, committed, edited
 * in the work tree, as a revision has it, renamed in the index, or merged
 * with a branch, the merge not yet committed. test_history.c and
 * test_repo.c hold the cases written by hand; fuzz/fuzz_history.c draws
 * traces from libFuzzer's bytes. A failure names its seed: HISTORY_SEED=N
 * runs that history alone. */
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

/* The commit the blame credits line l of commit `from` with (*cut: a
 * shallow clone's cut): blame's, blanks ignored, unless the line's values
 * differ from that commit's version of it; then the commit that last
 * changed its values, however it was reformatted since. */
static unsigned credited(const hm *m, unsigned from, const hm_line *l, int *cut)
{
	unsigned by = hm_origin(m, from, l, GL__BLANKS_IGNORED, cut);
	int at = hm_find(&m->c[by], l);
	if (at >= 0 && m->c[by].l[at].w != l->w)
		by = hm_origin(m, from, l, GL__BLANKS_NORMAL, cut);
	return by;
}

static const char someone[] = "someone@example.org";   /* who commits next */

/* The author gl__blame_line gives line `line` of `now`, the plan as
 * checked, against the model's: the line is the first committed version's
 * of sides[0..n) (HEAD's or a revision's, then MERGE_HEAD's) that holds it
 * in normal form, and the committer's when none does. */
static void want_author(const hm *m, const unsigned *sides, size_t n, const hm_commit *now,
                        size_t line, const gl__line_author *a, uint64_t seed)
{
	const hm_line *l = &now->l[line - 1];
	unsigned from = 0;
	int at = -1, cut = 0;
	for (size_t i = 0; i < n && at < 0; i++)
		if (hm_holds(&m->c[from = sides[i]], l, GL__BLANKS_NORMAL))
			at = hm_find(&m->c[from], l);
	char want[GIT_OID_HEXSZ + 1] = "", who[16] = "(cut)";
	if (at < 0)
		snprintf(who, sizeof who, "someone");
	else {
		unsigned by = credited(m, from, &m->c[from].l[at], &cut);
		if (!cut) {
			snprintf(who, sizeof who, "c%u", by);
			git_oid_tostr(want, sizeof want, &m->c[by].id);
		}
	}
	assert_non_null(a);
	if (a->cut != cut || (!cut && (strcmp(a->name, who) != 0 ||
	                               strncmp(a->commit, want, strlen(a->commit)) != 0)))
		fail_msg("seed %llu, line %zu (c%ul%u, blanks by %u) against commit %u: %s %s "
		         "(cut %d) where the model says %s", (unsigned long long)seed, line, l->k,
		         l->j, l->w, sides[0], a->name, a->commit, a->cut, who);
}

/* Blames `now`, the plan as checked, against the committed versions
 * sides[0..n), as want_author says; `rev` names sides[0] when it is not
 * HEAD, and blob is now's blob id (zero: the work tree's file). */
static void blame_check(hm *m, gl__repo *r, const hm_commit *now, const unsigned *sides,
                        size_t n, int rev, const unsigned char *blob, uint64_t seed)
{
	char *text = malloc(HM_TEXT), hex[GIT_OID_HEXSZ + 1];
	assert_non_null(text);
	size_t len = hm_render(now, text);
	gl__blame *b = NULL;
	gl_err err;
	if (gl__repo_blame(r, rev ? git_oid_tostr(hex, sizeof hex, &m->c[sides[0]].id) : NULL,
	                   now->path, text, len, blob, "someone", someone, &b, &err))
		fail_msg("seed %llu: blame against commit %u: %s", (unsigned long long)seed, sides[0],
		         err.msg);
	for (size_t i = now->n; i; i--) {   /* last line first: the walk goes deep at once */
		const gl__line_author *a = NULL;
		if (gl__blame_line(b, (unsigned)i, &a, &err))
			fail_msg("seed %llu: line %zu: %s", (unsigned long long)seed, i, err.msg);
		want_author(m, sides, n, now, i, a, seed);
	}
	gl__blame_free(b);
	free(text);
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

/* The plan blamed as HEAD has it, edited in the work tree (new,
 * re-blanked and reformatted lines), and as a revision drawn at random
 * has it (--baseline's); and edited again through a handle that walks the
 * history by the plan's path, as the pre-commit hook's does. */
static void blame_versions(hm *m, const char *dir, hm_commit *now, uint64_t seed)
{
	unsigned head = m->main, any = 1 + hm_pick(m, m->nc);
	gl__repo *r = open_repo(dir, seed), *hook = open_repo(dir, seed);
	gl__repo_trace_one(hook);
	if (m->c[head].path) {
		blame_check(m, r, &m->c[head], &head, 1, 0, m->c[head].blob.id, seed);
		*now = m->c[head];
		hm_edit(m, now, m->nc + 1);   /* as a commit after every other would */
		blame_check(m, r, now, &head, 1, 0, worktree, seed);
		blame_check(m, hook, now, &head, 1, 0, worktree, seed);
	}
	if (m->c[any].path)
		blame_check(m, r, &m->c[any], &any, 1, 1, m->c[any].blob.id, seed);
	gl__repo_free(hook);
	gl__repo_free(r);
}

/* The plan renamed in the index (git mv), not yet committed, and checked
 * as staged (its blob, as --staged reads it) or edited in the work tree:
 * its lines keep their authors under the old name. */
static void blame_renamed(hm *m, const char *dir, hm_commit *now, uint64_t seed)
{
	unsigned head = m->main;
	const hm_commit *c = &m->c[head];
	git_index *idx = NULL;
	git_commit *tip = NULL;
	git_tree *tree = NULL;
	char file[PATH_MAX];
	if (!c->path)
		return;
	*now = *c;
	now->path = hm_move(m, c->path);
	git_index_entry e = {.mode = GIT_FILEMODE_BLOB, .id = c->blob, .path = now->path};
	OK(git_repository_index(&idx, m->git));
	OK(git_commit_lookup(&tip, m->git, &c->id));
	OK(git_commit_tree(&tree, tip));
	OK(git_index_read_tree(idx, tree));
	OK(git_index_remove_bypath(idx, c->path));
	OK(git_index_add(idx, &e));
	OK(git_index_write(idx));
	git_tree_free(tree);
	git_commit_free(tip);
	git_index_free(idx);
	gl__repo *r = open_repo(dir, seed);
	int edit = hm_pick(m, 2);
	if (edit)
		hm_edit(m, now, m->nc + 1);
	blame_check(m, r, now, &head, 1, 0, edit ? worktree : c->blob.id, seed);
	gl__repo_free(r);
	snprintf(file, sizeof file, "%s/.git/index", dir);
	remove(file);
}

/* A merge of the side branch being committed (MERGE_HEAD its tip): its
 * lines are the first side's holding them, HEAD's, then MERGE_HEAD's. */
static void blame_merging(hm *m, const char *dir, hm_commit *now, uint64_t seed)
{
	const unsigned sides[2] = {m->main, m->side};
	char file[PATH_MAX], hex[GIT_OID_HEXSZ + 1];
	if (!m->side || !m->c[m->main].path)
		return;   /* no branch open, or the plan on neither */
	*now = m->c[m->main];
	if (hm_interleave(m, now, &m->c[m->main], &m->c[m->side]))
		fail_msg("seed %llu: %s", (unsigned long long)seed, "model: the sides disagree");
	if (hm_pick(m, 2))
		hm_edit(m, now, m->nc + 1);
	snprintf(file, sizeof file, "%s/.git/MERGE_HEAD", dir);
	git_oid_tostr(hex, sizeof hex, &m->c[m->side].id);
	t_puts(dir, ".git/MERGE_HEAD", hex);
	gl__repo *r = open_repo(dir, seed);   /* it reads the merge state as it opens */
	blame_check(m, r, now, sides, 2, 0, worktree, seed);
	gl__repo_free(r);
	remove(file);
}

/* A history drawn in a work tree of its own, HEAD its main line's tip. */
static void blame_seed(uint64_t seed)
{
	hm *m = calloc(1, sizeof *m);
	hm_commit *now = malloc(sizeof *now);
	char dir[64];
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
