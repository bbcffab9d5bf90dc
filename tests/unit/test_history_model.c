/* Sign-off tracing on histories drawn at random from seeds, against a
 * model that knows who wrote every line (tests/unit/histmodel.h says how):
 * the traces of policy/history.c, and the author policy/repo.c's blame
 * gives each line of a plan as GOV-SIG-001 asks for it, committed, edited
 * in the work tree, or as a revision has it. test_history.c and
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
	snprintf(repo_dir, sizeof repo_dir, "/tmp/gl-model-XXXXXX");
	return group_setup(state) || !mkdtemp(repo_dir) ||
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

/* The author gl__blame_line gives line `line` of `now`, commit `from`'s
 * version as checked (edited in the work tree, or not), against the
 * model's: a line `from` does not hold in normal form is not committed. */
static void want_author(const hm *m, unsigned from, const hm_commit *now, size_t line,
                        const gl__line_author *a, uint64_t seed)
{
	const hm_commit *c = &m->c[from];
	const hm_line *l = &now->l[line - 1];
	int at = hm_find(c, l), cut = 0;
	char want[GIT_OID_HEXSZ + 1] = "", who[16] = "(cut)";
	if (at < 0 || c->l[at].w != l->w)
		snprintf(who, sizeof who, "someone");
	else {
		unsigned by = credited(m, from, &c->l[at], &cut);
		if (!cut) {
			snprintf(who, sizeof who, "c%u", by);
			git_oid_tostr(want, sizeof want, &m->c[by].id);
		}
	}
	assert_non_null(a);
	if (a->cut != cut || (!cut && (strcmp(a->name, who) != 0 ||
	                               strncmp(a->commit, want, strlen(a->commit)) != 0)))
		fail_msg("seed %llu, commit %u's line %zu (c%ul%u, blanks by %u): %s %s (cut %d) "
		         "where the model says %s", (unsigned long long)seed, from, line, l->k,
		         l->j, l->w, a->name, a->commit, a->cut, who);
}

/* Blames commit `from`'s version of the plan: as committed (HEAD's, or
 * `rev` when it is set) or edited in the work tree (`edit`). */
static void blame_commit(hm *m, gl__repo *r, unsigned from, int edit, int rev, uint64_t seed)
{
	static const unsigned char zero[GL__BLOB_ID];
	const hm_commit *c = &m->c[from];
	if (!c->path)
		return;
	hm_commit *now = malloc(sizeof *now);
	char *text = malloc(HM_TEXT), hex[GIT_OID_HEXSZ + 1];
	assert_non_null(now);
	assert_non_null(text);
	*now = *c;
	if (edit)
		hm_edit(m, now, m->nc + 1);   /* as a commit after every other would */
	size_t len = hm_render(now, text);
	gl__blame *b = NULL;
	gl_err err;
	if (gl__repo_blame(r, rev ? git_oid_tostr(hex, sizeof hex, &c->id) : NULL, c->path, text,
	                   len, edit ? zero : c->blob.id, "someone", someone, &b, &err))
		fail_msg("seed %llu: blame of commit %u: %s", (unsigned long long)seed, from, err.msg);
	for (size_t i = now->n; i; i--) {   /* last line first: the walk goes deep at once */
		const gl__line_author *a = NULL;
		if (gl__blame_line(b, (unsigned)i, &a, &err))
			fail_msg("seed %llu: line %zu: %s", (unsigned long long)seed, i, err.msg);
		want_author(m, from, now, i, a, seed);
	}
	gl__blame_free(b);
	free(text);
	free(now);
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

/* A history drawn in a work tree of its own, HEAD its main line's tip, and
 * the plan blamed as HEAD has it, edited in the work tree, and as a
 * revision drawn at random has it. */
static void blame_seed(uint64_t seed)
{
	hm *m = calloc(1, sizeof *m);
	char dir[64], shallow[PATH_MAX];
	git_repository *git = NULL;
	git_odb_backend *objects = NULL;
	gl__repo *r = NULL;
	gl_err err;
	uint64_t first = seed;
	assert_non_null(m);
	snprintf(dir, sizeof dir, "/tmp/gl-model-XXXXXX");
	assert_non_null(mkdtemp(dir));
	OK(in_memory(&git, dir, 0, &objects));
	*m = (hm){.git = git, .draw = draw, .ctx = &seed};
	hm_shallow(m, shallow, sizeof shallow);
	if (hm_history(m) || hm_cuts(m, shallow))
		fail_msg("seed %llu: %s", (unsigned long long)first, m->why);
	write_pack(git, objects, dir);
	OK(git_repository_set_head_detached(git, &m->c[m->main].id));
	if (gl__repo_open(&r, dir, &err))
		fail_msg("seed %llu: %s", (unsigned long long)first, err.msg);
	blame_commit(m, r, m->main, 0, 0, first);
	blame_commit(m, r, m->main, 1, 0, first);
	blame_commit(m, r, 1 + hm_pick(m, m->nc), 0, 1, first);   /* --baseline's revision */
	gl__repo_free(r);
	git_repository_free(git);
	rm_tree(dir);
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
