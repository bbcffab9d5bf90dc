/*
 * Allocation-failure torture: every allocation along the loading and
 * checking path of a representative plan fails once, and each time the
 * library must end with a clean error: no crash, no abort, no leak, and no
 * silently different result.
 *
 * Linked with -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup,
 * --wrap=strndup,--wrap=free: every call that libgovlint (and this file)
 * makes to those goes through __wrap_X below. Allocations that happen
 * inside shared libraries are NOT wrapped: libyaml's parser and event
 * buffers, pcre2's compiled patterns and match data, libgit2, and libc's
 * own (realpath, opendir, open_memstream, qsort) are made in code the
 * linker does not see, so they never fail here. The wrap catches
 * govlint's own allocations, which is what this test is about.
 *
 * Scenarios, each swept for N = 1, 2, 3 ... until a run completes without
 * reaching allocation N:
 *
 *   pack   loading the built-in pack and the roster examples/people.yaml;
 *   eval   gl_doc_parse + gl__eval_plan on
 *          examples/plans/northgate-fracture-assist.yaml, on the scenario
 *          plan examples/plans/stroke-lvo-alerting.yaml (it has a people:
 *          list of its own) and on tests/torture/long-lists.yaml (lists
 *          long enough to be indexed), with the pack and roster loaded
 *          once before;
 *   run    gl_run_open + gl_run_check + gl_report(json, into a memory FILE)
 *          on examples/ (as of 2026-12-01, one job);
 *   waive  the same on tests/cli/fixtures/waivers (waivers.yaml);
 *   prov   the same on a git repository made here through libgit2, its
 *          sign-offs traced (signoff_provenance: warn) through three
 *          commits: one written by its signer, one by someone else, one
 *          whose value a later commit puts a blank inside (traced again
 *          in normal form).
 *
 * For every N that was reached, the run must either fail with an error
 * containing "out of memory" or succeed with exactly the output of the run
 * without failures (an allocation whose failure is survivable, e.g. a cache);
 * and every allocation wrapped here must have been freed when the scenario
 * has freed what it opened (the wrap keeps a set of live blocks). Built
 * with ASan, LeakSanitizer checks the whole process at exit, which also
 * sees libyaml's and pcre2's allocations; TORTURE_LSAN_EACH=1 runs it after
 * every N instead (slow: about 0.1 s each), to tell which N leaked.
 *
 *   build/tests/torture [SCENARIO...]     run from the repository root
 *   TORTURE_N=k build/tests/torture run   only N = k, verbose: prints the
 *                                         stack of the failing allocation
 *   TORTURE_STRIDE=k                      only N = 1, 1+k, 1+2k, ... (the
 *                                         default is 1, and 5 in an ASan
 *                                         build, which runs ~5x slower)
 *
 * The last line is `N passed, M failed` over the values of N exercised.
 */
#include "internal.h"

#include <git2.h>

#include <execinfo.h>
#include <ftw.h>
#include <sys/stat.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define TORTURE_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TORTURE_LSAN 1
#endif
#endif
#ifdef TORTURE_LSAN
#include <sanitizer/common_interface_defs.h>
#include <sanitizer/lsan_interface.h>
#endif

void *__real_malloc(size_t n);
void *__real_calloc(size_t k, size_t n);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
void __real_free(void *p);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t k, size_t n);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);
void __wrap_free(void *p);

/* ---- the allocator wrap ----------------------------------------------- */

static atomic_long count;        /* wrapped allocations so far */
static atomic_long fail_at;      /* fail this one (1-based); 0: never */
static atomic_int hit;           /* the failure happened */
static int tracking;             /* record live blocks */
static int verbose;              /* TORTURE_N or TORTURE_VERBOSE set */

/* Live blocks allocated through the wrap: an open-addressing set. */
typedef struct live { void *p; long serial; void *caller; } live;
#define LIVE_CAP (1u << 20)
static live *table;
static size_t nlive;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static size_t slot_of(const void *p)
{
	uintptr_t h = (uintptr_t)p;
	h ^= h >> 17;
	h *= 0x9E3779B97F4A7C15u;
	return (size_t)(h >> 7) & (LIVE_CAP - 1);
}

static void track_add(void *p, long serial, void *caller)
{
	if (!p || !tracking)
		return;
	pthread_mutex_lock(&lock);
	size_t i = slot_of(p);
	while (table[i].p && table[i].p != (void *)1)
		i = (i + 1) & (LIVE_CAP - 1);
	table[i] = (live){p, serial, caller};
	nlive++;
	pthread_mutex_unlock(&lock);
}

static void track_del(void *p)
{
	if (!p || !tracking)
		return;
	pthread_mutex_lock(&lock);
	for (size_t i = slot_of(p); table[i].p; i = (i + 1) & (LIVE_CAP - 1))
		if (table[i].p == p) {
			table[i].p = (void *)1;   /* tombstone */
			nlive--;
			break;
		}
	pthread_mutex_unlock(&lock);
}

/* 1 when this allocation is the one to fail. */
static long next(int *failing)
{
	long serial = atomic_fetch_add(&count, 1) + 1;
	*failing = serial == atomic_load(&fail_at);
	if (*failing) {
		atomic_store(&hit, 1);
		if (verbose) {   /* where it failed: addr2line -f -i -e BINARY OFFSET... */
			void *frames[24];
			fprintf(stderr, "allocation #%ld fails here:\n", serial);
			backtrace_symbols_fd(frames, backtrace(frames, 24), 2);
		}
	}
	return serial;
}

void *__wrap_malloc(size_t n)
{
	int failing;
	long serial = next(&failing);
	if (failing)
		return NULL;
	void *p = __real_malloc(n);
	track_add(p, serial, __builtin_return_address(0));
	return p;
}

void *__wrap_calloc(size_t k, size_t n)
{
	int failing;
	long serial = next(&failing);
	if (failing)
		return NULL;
	void *p = __real_calloc(k, n);
	track_add(p, serial, __builtin_return_address(0));
	return p;
}

void *__wrap_realloc(void *p, size_t n)
{
	int failing;
	long serial = next(&failing);
	if (failing)
		return NULL;   /* p stays valid, as with a real failure */
	track_del(p);
	void *q = __real_realloc(p, n);
	track_add(q ? q : p, serial, __builtin_return_address(0));
	return q;
}

char *__wrap_strdup(const char *s)
{
	int failing;
	long serial = next(&failing);
	if (failing)
		return NULL;
	char *p = __real_strdup(s);
	track_add(p, serial, __builtin_return_address(0));
	return p;
}

char *__wrap_strndup(const char *s, size_t n)
{
	int failing;
	long serial = next(&failing);
	if (failing)
		return NULL;
	char *p = __real_strndup(s, n);
	track_add(p, serial, __builtin_return_address(0));
	return p;
}

void __wrap_free(void *p)
{
	track_del(p);   /* blocks of libraries (realpath, ...) are simply not found */
	__real_free(p);
}

/* ---- scenarios -------------------------------------------------------- */

#define AS_OF "2026-12-01"

/* A scenario returns 0 with its output in *out (malloc'd), or -1 with err. */
typedef int (*scenario_fn)(char **out, gl_err *err);

static long current_n;
static int lsan_each;   /* TORTURE_LSAN_EACH: LeakSanitizer after every N */
static const char *current_name;

/* Findings as text, for comparing a run that survived with the baseline. */
static int digest(const gl__plan_out *o, FILE *f)
{
	for (size_t i = 0; i < o->n; i++) {
		const gl_finding *x = &o->v[i];
		fprintf(f, "%s:%u:%u %s %s %s [%s] %s | %s | %016llx\n", x->file, x->line, x->col,
		        gl_severity_name(x->severity), x->plan, x->path, gl_rule_id(x->rule),
		        x->message, x->source ? x->source : "-", (unsigned long long)x->fingerprint);
	}
	const gl_plan *p = &o->plan;
	fprintf(f, "plan %s %s %s %s %zu\n", p->id, p->title ? p->title : "-",
	        p->status ? p->status : "-", p->owner ? p->owner : "-", p->nfindings);
	return 0;
}

static int eval_one(const char *path, const gl__packset *ps, const gl__roster *roster,
                    long today, FILE *f, gl_err *err)
{
	char *buf = NULL;
	size_t len = 0;
	if (gl__read_file(path, 8u << 20, &buf, &len, err))
		return -1;
	gl_doc *doc = NULL;
	int rc = gl_doc_parse(&doc, path, buf, len, NULL);
	free(buf);
	if (rc < 0)
		return gl__err_set(err, "%s: out of memory", path), -1;
	gl__plan_out out = {0};
	if (!(out.arena = gl__arena_new())) {
		gl_doc_free(doc);
		return gl__err_set(err, "out of memory"), -1;
	}
	gl__plan_in in = {path, doc, roster, ps, NULL, NULL, today};
	rc = gl__eval_plan(&in, &out, err);
	if (rc == 0)
		digest(&out, f);
	free(out.v);
	gl__arena_free(out.arena);
	gl_doc_free(doc);
	return rc;
}

/* The built-in pack and the roster examples/people.yaml. */
typedef struct loaded {
	gl__packset *ps;
	gl__arena *a;
	gl_doc *people;
	const gl__roster *roster;
} loaded;

static void unload(loaded *l)
{
	gl_doc_free(l->people);
	gl__arena_free(l->a);
	gl__packset_free(l->ps);
	memset(l, 0, sizeof *l);
}

static int load(loaded *l, gl_err *err)
{
	char *buf = NULL;
	size_t len;
	memset(l, 0, sizeof *l);
	if (!(l->ps = gl__packset_new()) || !(l->a = gl__arena_new()))
		return gl__err_set(err, "out of memory"), -1;
	if (gl__pack_load_builtin(l->ps, "clinical-imaging", 1, err) ||
	    gl__read_file("examples/people.yaml", 8u << 20, &buf, &len, err))
		return -1;
	int rc = gl_doc_parse(&l->people, "people.yaml", buf, len, NULL);
	free(buf);
	if (rc < 0)
		return gl__err_set(err, "people.yaml: out of memory"), -1;
	l->roster = gl__roster_build(l->a, gl_node_get(gl_doc_root(l->people), "people"), NULL);
	if (!l->roster)
		return gl__err_set(err, "roster: out of memory"), -1;
	return 0;
}

static int scenario_pack(char **out, gl_err *err)
{
	size_t size = 0;
	FILE *f = open_memstream(out, &size);
	if (!f)
		return gl__err_set(err, "open_memstream failed"), -2;
	loaded l;
	int rc = load(&l, err);
	for (size_t i = 0; rc == 0 && i < gl__packset_nrules(l.ps); i++) {
		const gl_rule *r = gl__packset_rule(l.ps, i);
		fprintf(f, "%s %s %u:%u %zu %zu\n", r->id, r->title, r->line, r->col, r->npass,
		        r->nfail);
	}
	if (rc == 0)
		fprintf(f, "roster: %s\n", gl__roster_find(l.roster, "robert.hughes") ? "ok" : "?");
	unload(&l);
	fclose(f);
	return rc;
}

static loaded fixture;   /* for eval: loaded once, before the sweep counts */

static int scenario_eval(char **out, gl_err *err)
{
	size_t size = 0;
	FILE *f = open_memstream(out, &size);
	if (!f)
		return gl__err_set(err, "open_memstream failed"), -2;
	long today;
	int has_time;
	gl__parse_date(AS_OF, &today, &has_time);
	int rc = eval_one("examples/plans/northgate-fracture-assist.yaml", fixture.ps,
	                  fixture.roster, today, f, err) ||
	         eval_one("examples/plans/stroke-lvo-alerting.yaml", fixture.ps, fixture.roster,
	                  today, f, err) ||
	         eval_one("tests/torture/long-lists.yaml", fixture.ps, fixture.roster, today, f, err)
	             ? -1 : 0;
	fclose(f);
	return rc;
}

static int run_on(const char *dir, char **out, gl_err *err)
{
	size_t size = 0;
	FILE *f = open_memstream(out, &size);
	if (!f)
		return gl__err_set(err, "open_memstream failed"), -2;
	gl_run_opts opts = GL_RUN_OPTS_INIT;
	opts.as_of = AS_OF;
	opts.jobs = 1;   /* one thread: the same allocation order every time */
	gl_run *run = NULL;
	gl_report_opts ro = {0, 0};
	int rc = gl_run_open(&run, &dir, 1, &opts, err);
	if (rc == 0)
		rc = gl_run_check(run, err);
	if (rc == 0)
		rc = gl_report(run, "json", &ro, f, err);
	if (rc == 0)
		fprintf(f, "\nfailed=%d\n", gl_run_failed(run));
	gl_run_free(run);
	fclose(f);
	return rc < 0 ? -1 : 0;
}

static int scenario_run(char **out, gl_err *err)
{
	return run_on("examples", out, err);
}

static int scenario_waive(char **out, gl_err *err)
{
	return run_on("tests/cli/fixtures/waivers", out, err);
}

/* ---- a planning repository with history, for prov ---------------------- */

static char repo_dir[PATH_MAX];   /* mkdtemp's template, then the folder it made */

/* repo_dir/rel (a static buffer: one at a time); NULL when too long. */
static const char *in_repo(const char *rel)
{
	static char path[PATH_MAX];
	int n = snprintf(path, sizeof path, "%s/%s", repo_dir, rel);
	return n >= 0 && (size_t)n < sizeof path ? path : NULL;
}

static int put(const char *rel, const char *text)
{
	const char *path = in_repo(rel);
	FILE *f = path ? fopen(path, "w") : NULL;
	int ok = f && fputs(text, f) >= 0;
	return (f && fclose(f) == 0 && ok) ? 0 : -1;
}

/* Stages every file and commits it as `who` <who@example.org>. */
static int commit_as(git_repository *git, const char *who, const char *msg)
{
	git_index *idx = NULL;
	git_oid tree_id, id, parent_id;
	git_tree *tree = NULL;
	git_commit *parent = NULL;
	git_signature *sig = NULL;
	char email[64];
	snprintf(email, sizeof email, "%s@example.org", who);
	static git_time_t when = 1767225600;
	const char *all[] = {"*"};
	git_strarray paths = {(char **)all, 1};
	int rc = git_repository_index(&idx, git) || git_index_add_all(idx, &paths, 0, NULL, NULL) ||
	         git_index_write(idx) || git_index_write_tree(&tree_id, idx) ||
	         git_tree_lookup(&tree, git, &tree_id) ||
	         git_signature_new(&sig, who, email, when += 3600, 0);
	int has_parent = rc == 0 && git_reference_name_to_id(&parent_id, git, "HEAD") == 0;
	if (rc == 0 && has_parent)
		rc = git_commit_lookup(&parent, git, &parent_id);
	const git_commit *parents[] = {parent};
	if (rc == 0)
		rc = git_commit_create(&id, git, "HEAD", sig, sig, NULL, msg, tree, has_parent ? 1 : 0,
		                       parents);
	git_commit_free(parent);
	git_signature_free(sig);
	git_tree_free(tree);
	git_index_free(idx);
	return rc ? -1 : 0;
}

#define PLAN_HEAD                                                                          \
	"id: P-1\ntitle: Provenance\nstatus: review\nowner: pat.director\nconcerns:\n"          \
	"  - id: C-1\n    raised_by: omar.ali\n    group: radiology\n    status: resolved\n"
#define SIGN_OFF(at)                                                                       \
	"    sign_off: {by: omar.ali, role: radiologist, signed_at: \"" at "\", "              \
	"meaning: concern-resolved}\n"
#define APPROVAL                                                                           \
	"approvals:\n  - {by: omar.ali, role: radiologist, signed_at: \"2026-11-20T10:00:00Z\", " \
	"meaning: approval, scope: pilot}\n"

/* The repository of prov: omar commits his sign-off; pat commits an
 * approval in omar's name, then puts a blank inside omar's value. */
static int make_repo(void)
{
	git_repository *git = NULL;
	const char *tmp = getenv("TMPDIR");
	int n = snprintf(repo_dir, sizeof repo_dir, "%s/govlint-torture.XXXXXX",
	                 tmp && *tmp ? tmp : "/tmp");
	if (n < 0 || (size_t)n >= sizeof repo_dir || !mkdtemp(repo_dir))
		return -1;
	const char *plans = in_repo("plans");
	int rc = !plans || mkdir(plans, 0755) || put(".govlint.yaml", "signoff_provenance: warn\n") ||
	         put("people.yaml",
	             "people:\n"
	             "  - {id: omar.ali, name: Omar Ali, emails: [omar@example.org], roles: "
	             "[radiologist], groups: [radiology]}\n"
	             "  - {id: pat.director, name: Pat Director, emails: [pat@example.org], roles: "
	             "[governance-chair], groups: [administration]}\n") ||
	         put("plans/p.yaml", PLAN_HEAD SIGN_OFF("2026-11-12T16:40:00Z")) ||
	         git_repository_init(&git, repo_dir, 0) || commit_as(git, "omar", "C-1 resolved") ||
	         put("plans/p.yaml", PLAN_HEAD SIGN_OFF("2026-11-12T16:40:00Z") APPROVAL) ||
	         commit_as(git, "pat", "approval") ||
	         put("plans/p.yaml", PLAN_HEAD SIGN_OFF("2026-11-12T16:40:00 Z") APPROVAL) ||
	         commit_as(git, "pat", "edit");
	git_repository_free(git);
	return rc ? -1 : 0;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

static int scenario_prov(char **out, gl_err *err)
{
	return run_on(repo_dir, out, err);
}

/* ---- the sweep -------------------------------------------------------- */

static void report_leaks(void)
{
	size_t shown = 0;
	for (size_t i = 0; i < LIVE_CAP && shown < 8; i++)
		if (table[i].p && table[i].p != (void *)1) {
			fprintf(stderr, "    leaked: allocation #%ld, called from %p\n", table[i].serial,
			        table[i].caller);
			shown++;
		}
}

static void clear_live(void)
{
	memset(table, 0, LIVE_CAP * sizeof *table);
	nlive = 0;
}

static void on_crash(int sig)
{
	char msg[160];
	int n = snprintf(msg, sizeof msg, "\ntorture: signal %d in scenario %s at N=%ld\n", sig,
	                 current_name ? current_name : "?", current_n);
	if (n > 0)
		(void)!write(2, msg, (size_t)n);
	signal(sig, SIG_DFL);
	raise(sig);
}

#ifdef TORTURE_LSAN
static void on_death(void)
{
	fprintf(stderr, "torture: died in scenario %s at N=%ld\n",
	        current_name ? current_name : "?", current_n);
}
#endif

/* One run with allocation n failing (0: none). 1 clean, 0 not; *reached
 * says whether allocation n was reached. */
static int one(const char *name, scenario_fn fn, long n, const char *baseline, int *reached,
               long *total)
{
	current_n = n;
	current_name = name;
	clear_live();
	atomic_store(&count, 0);
	atomic_store(&hit, 0);
	atomic_store(&fail_at, n);
	tracking = 1;
	char *out = NULL;
	gl_err err = {{0}};
	int rc = fn(&out, &err);
	tracking = 0;
	atomic_store(&fail_at, 0);
	*reached = atomic_load(&hit);
	if (total)
		*total = atomic_load(&count);
	int ok = 1;
	if (rc == -2) {
		fprintf(stderr, "%s: %s\n", name, err.msg);
		ok = 0;
	} else if (n == 0) {
		if (rc != 0) {
			fprintf(stderr, "%s: fails without any allocation failure: %s\n", name, err.msg);
			ok = 0;
		}
	} else if (*reached) {
		if (rc < 0 && !strstr(err.msg, "out of memory")) {
			fprintf(stderr, "FAIL %s N=%ld: error without \"out of memory\": %s\n", name, n,
			        err.msg);
			ok = 0;
		} else if (rc == 0 && strcmp(out ? out : "", baseline ? baseline : "") != 0) {
			fprintf(stderr, "FAIL %s N=%ld: succeeded with a different result\n", name, n);
			if (verbose)
				fprintf(stderr, "---- got:\n%s\n---- expected:\n%s\n", out, baseline);
			ok = 0;
		}
	}
	if (nlive) {
		fprintf(stderr, "FAIL %s N=%ld: %zu block%s not freed (rc %d: %s)\n", name, n, nlive,
		        nlive == 1 ? "" : "s", rc, err.msg);
		report_leaks();
		ok = 0;
	}
#ifdef TORTURE_LSAN
	if (lsan_each && __lsan_do_recoverable_leak_check()) {
		fprintf(stderr, "FAIL %s N=%ld: LeakSanitizer found leaks (above)\n", name, n);
		ok = 0;
	}
#endif
	if (verbose)
		fprintf(stderr, "%s N=%ld: rc %d, reached %d: %s\n", name, n, rc, *reached, err.msg);
	free(out);
	return ok;
}

static long passed, failed;

static long stride = 1;   /* TORTURE_STRIDE: every k-th N only */

static void sweep(const char *name, scenario_fn fn, long only)
{
	int reached;
	long total = 0;
	char *baseline = NULL;
	/* the baseline: nothing fails */
	current_n = 0;
	current_name = name;
	size_t size = 0;
	clear_live();
	atomic_store(&count, 0);
	atomic_store(&fail_at, 0);
	gl_err err = {{0}};
	if (fn(&baseline, &err) != 0) {
		fprintf(stderr, "%s: the run fails without any allocation failure: %s\n", name, err.msg);
		failed++;
		free(baseline);
		return;
	}
	total = atomic_load(&count);
	(void)size;
	long exercised = 0, bad = 0;
	for (long n = only ? only : 1;; n += stride) {
		int ok = one(name, fn, n, baseline, &reached, NULL);
		if (!reached && ok)
			break;   /* completed without reaching allocation n */
		exercised++;
		bad += !ok;
		if (only)
			break;
	}
	free(baseline);
	if (stride > 1)
		printf("%-6s %ld allocations in a full run; %ld values of N exercised (every %ld-th), "
		       "%ld failing\n", name, total, exercised, stride, bad);
	else
		printf("%-6s %ld allocations in a full run; N = 1..%ld exercised, %ld failing\n", name,
		       total, exercised, bad);
	passed += exercised - bad;
	failed += bad;
}

int main(int argc, char **argv)
{
	static const struct { const char *name; scenario_fn fn; } all[] = {
		{"pack", scenario_pack}, {"eval", scenario_eval}, {"run", scenario_run},
		{"waive", scenario_waive}, {"prov", scenario_prov}};
	const char *only_s = getenv("TORTURE_N");
	long only = only_s ? atol(only_s) : 0;
	verbose = only > 0 || getenv("TORTURE_VERBOSE") != NULL;
	lsan_each = getenv("TORTURE_LSAN_EACH") != NULL;
#ifdef TORTURE_LSAN
	stride = 5;   /* ASan makes each run ~5x slower: the same time budget */
#endif
	if (getenv("TORTURE_STRIDE") && atol(getenv("TORTURE_STRIDE")) > 0)
		stride = atol(getenv("TORTURE_STRIDE"));
	table = __real_calloc(LIVE_CAP, sizeof *table);
	void *warm[2];
	backtrace(warm, 2);   /* loads libgcc_s now, not inside a wrapped call */
	if (!table)
		return 2;
	signal(SIGSEGV, on_crash);
	signal(SIGABRT, on_crash);
	signal(SIGBUS, on_crash);
#ifdef TORTURE_LSAN
	__sanitizer_set_death_callback(on_death);
#endif
	setvbuf(stdout, NULL, _IONBF, 0);
	gl_err err = {{0}};
	if (load(&fixture, &err)) {
		fprintf(stderr, "torture: cannot load the pack and roster: %s\n", err.msg);
		return 2;
	}
	if (git_libgit2_init() < 0 || make_repo()) {
		const git_error *e = git_error_last();
		fprintf(stderr, "torture: cannot make the git repository: %s\n",
		        e ? e->message : "out of memory");
		return 2;
	}
	for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
		int want = argc < 2;
		for (int k = 1; k < argc; k++)
			want |= strcmp(argv[k], all[i].name) == 0;
		if (want)
			sweep(all[i].name, all[i].fn, only);
	}
	unload(&fixture);
	nftw(repo_dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	git_libgit2_shutdown();
	printf("%ld passed, %ld failed\n", passed, failed);
	return failed ? 1 : 0;
}
