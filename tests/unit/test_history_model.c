/* Sign-off tracing (policy/history.c) on histories drawn at random from
 * seeds, against a model that knows who wrote every line
 * (tests/unit/histmodel.h says how). test_history.c holds the cases
 * written by hand; fuzz/fuzz_history.c draws from libFuzzer's bytes.
 * A failure names its seed: HISTORY_SEED=N runs that history alone. */
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

#include "gitfx.h"
#include "histmodel.h"

#define SEEDS 1000

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

static int model_setup(void **state)
{
	git_odb *odb = NULL;
	snprintf(repo_dir, sizeof repo_dir, "/tmp/gl-model-XXXXXX");
	int rc = group_setup(state) || !mkdtemp(repo_dir) ||
	         git_repository_init(&repo, repo_dir, 1) < 0 ||
	         git_repository_odb(&odb, repo) < 0 || git_mempack_new(&mempack) < 0 ||
	         git_odb_add_backend(odb, mempack, 1000) < 0;   /* first: objects stay in memory */
	git_odb_free(odb);
	return rc ? -1 : 0;
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

static void test_drawn_histories(void **state)
{
	(void)state;
	const char *one = getenv("HISTORY_SEED");
	if (one && *one) {
		run_seed(strtoull(one, NULL, 10));
		return;
	}
	for (uint64_t seed = 1; seed <= SEEDS; seed++)
		run_seed(seed);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_drawn_histories),
	};
	return cmocka_run_group_tests(tests, model_setup, model_teardown);
}
