/*
 * libFuzzer target: sign-off tracing (policy/history.c) on a history of
 * up to HM_PLANS plans the input draws: each byte (two for a larger
 * choice) picks the next edit, merge, rename or commit time of
 * tests/unit/histmodel.h's model, whose lines say who wrote them, and the
 * order the plans' lines are traced in; an input that runs out draws
 * zeros. Every line must trace to the commit the model says wrote it,
 * blanks ignored and in normal form, through a shared tracer and one that
 * looks changes up by path; a difference aborts.
 * The objects live in memory (a mempack), for a bare repository made in
 * $TMPDIR (else /tmp) on the first input (its `shallow` file names the
 * cuts) and removed at exit.
 */
#include "../tests/unit/histmodel.h"

#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>
#include <git2/sys/repository.h>

#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct bytes {
	const uint8_t *p;
	size_t n;
};

static unsigned draw(void *ctx, unsigned n)
{
	struct bytes *b = ctx;
	unsigned v = 0;
	for (unsigned want = n > 256 ? 2 : 1; want; want--) {
		v = v << 8 | (b->n ? *b->p : 0);
		if (b->n) {
			b->p++;
			b->n--;
		}
	}
	return v % n;
}

static char dir[PATH_MAX];
static git_repository *repo;
static git_odb_backend *mempack;

static int unlink_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void cleanup(void)
{
	git_repository_free(repo);
	nftw(dir, unlink_one, 16, FTW_DEPTH | FTW_PHYS);
	git_libgit2_shutdown();
}

static void open_repo(void)
{
	const char *tmp = getenv("TMPDIR");
	git_odb *odb = NULL;
	snprintf(dir, sizeof dir, "%s/govlint-fuzz-history.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	/* objects in memory alone: none is looked for on disk, as every write
	 * would (to freshen it) */
	if (git_libgit2_init() < 0 || !mkdtemp(dir) || git_repository_init(&repo, dir, 1) < 0 ||
	    git_odb_new(&odb) < 0 || git_mempack_new(&mempack) < 0 ||
	    git_odb_add_backend(odb, mempack, 1) < 0 || git_repository_set_odb(repo, odb) < 0) {
		fprintf(stderr, "fuzz_history: cannot make a repository in %s\n", dir);
		abort();
	}
	git_odb_free(odb);
	/* as a run's (run.c): the default 256 MiB would keep every input's trees */
	git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)8 << 20);
	atexit(cleanup);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static hm m;
	struct bytes b = {data, size};
	if (!repo)
		open_repo();
	m.git = repo;
	m.draw = draw;
	m.ctx = &b;
	int rc = hm_run(&m);
	git_mempack_reset(mempack);
	if (rc) {
		fprintf(stderr, "fuzz_history: %u commits: %s\n", m.nc, m.why);
		abort();
	}
	return 0;
}
