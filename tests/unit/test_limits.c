/*
 * Every limit of docs/limits.md, hit through the real API, with the located
 * message it ends with: file size, nesting depth, nodes, alias expansion,
 * scalar length, the PCRE2 match limit, the config and rule-pack file
 * sizes, the folder depth and path length of the plan walk. Also: the text
 * report neutralises terminal escape sequences that come from plan values.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "internal.h"

#include "helpers.h"

#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- a scratch planning repository ------------------------------------ */

static char *t_mkdtemp(void)
{
	const char *tmp = getenv("TMPDIR");
	char *dir = malloc(PATH_MAX);
	assert_non_null(dir);
	snprintf(dir, PATH_MAX, "%s/govlint-limits.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(dir));
	return dir;
}

static void t_rmtree(char *dir)
{
	t_rm_tree(dir);
	free(dir);
}

/* Opens and checks a run on `dir` as of 2026-12-01: 0, or the error. */
static int t_run(gl_run **run, const char *dir, gl_err *err)
{
	gl_run_opts o = GL_RUN_OPTS_INIT;
	o.as_of = "2026-12-01";
	o.jobs = 1;
	const char *paths[] = {dir};
	err->msg[0] = '\0';
	int rc = gl_run_open(run, paths, 1, &o, err);
	return rc ? rc : gl_run_check(*run, err);
}

/* The one finding of `rule` in `file`; fails the test when there is none. */
static const gl_finding *t_finding(const gl_run *run, const char *file, const char *rule)
{
	for (size_t i = 0; i < gl_run_nfindings(run); i++) {
		const gl_finding *f = gl_run_finding(run, i);
		if (strcmp(f->file, file) == 0 && strcmp(gl_rule_id(f->rule), rule) == 0)
			return f;
	}
	fail_msg("no %s finding in %s", rule, file);
	return NULL;
}

/* The single diagnostic of parsing `yaml` with `lim`: kind, place, text. */
static void t_diag(const char *yaml, const gl_limits *lim, unsigned line, unsigned col,
                   const char *msg)
{
	gl_doc *d = t_parse_n(yaml, strlen(yaml), lim);
	if (gl_doc_ndiags(d) != 1)
		fail_msg("%zu diagnostics for a limit, expected 1", gl_doc_ndiags(d));
	const gl_diag *dg = gl_doc_diag(d, 0);
	assert_int_equal(dg->kind, GL_DIAG_LIMIT);
	if (dg->line != line || dg->col != col || strcmp(dg->msg, msg) != 0)
		fail_msg("got %u:%u: %s; expected %u:%u: %s", dg->line, dg->col, dg->msg, line, col,
		         msg);
	assert_null(gl_doc_root(d));   /* no partial tree is checked */
	gl_doc_free(d);
}

static const gl_limits defaults = GL_LIMITS_INIT;

/* ---- YAML limits (GL_LIMITS_INIT, `limits:` in the config) ------------ */

static void file_size(void **state)
{
	(void)state;
	gl_limits lim = defaults;
	lim.max_bytes = 64;
	char text[101];
	memset(text, '#', 100);
	text[100] = '\0';
	t_diag(text, &lim, 1, 1, "file is 100 bytes, over the 64-byte limit");
	assert_int_equal(defaults.max_bytes, 8u << 20);
}

/* The same limit in a run: max_file_bytes from the config; the plan is not
 * read, and the finding is located at 1:1 of the plan. */
static void file_size_run(void **state)
{
	(void)state;
	char *dir = t_mkdtemp();
	t_puts(dir, ".govlint.yaml", "limits: {max_file_bytes: 200}\nsignoff_provenance: off\n");
	char big[301];
	memset(big, '#', 300);
	big[300] = '\n';
	t_write(dir, "plans/big.yaml", big, sizeof big);
	gl_run *run = NULL;
	gl_err err;
	assert_int_equal(t_run(&run, dir, &err), 0);
	const gl_finding *f = t_finding(run, "plans/big.yaml", "GOV-YAML-001");
	assert_int_equal(f->line, 1);
	assert_int_equal(f->col, 1);
	assert_string_equal(f->message,
	                    "cannot read the plan: file is 301 bytes, over the 200-byte limit");
	gl_run_free(run);

	/* gl__read_file itself, as every reader uses it */
	char path[PATH_MAX], *buf = NULL, want[PATH_MAX + 64];
	size_t len;
	snprintf(path, sizeof path, "%s/plans/big.yaml", dir);
	assert_int_equal(gl__read_file(path, 300, &buf, &len, &err), -1);
	assert_null(buf);
	snprintf(want, sizeof want, "%s: file is 301 bytes, over the 300-byte limit", path);
	assert_string_equal(err.msg, want);
	assert_int_equal(gl__read_file(path, 301, &buf, &len, &err), 0);
	assert_int_equal(len, 301);
	free(buf);
	t_rmtree(dir);
}

static void depth(void **state)
{
	(void)state;
	gl_limits lim = defaults;
	lim.max_depth = 3;
	t_diag("a:\n  b:\n    c: [1]\n", &lim, 3, 8, "nesting deeper than 3 levels");
	t_diag("x: [[[[1]]]]\n", &lim, 1, 6, "nesting deeper than 3 levels");
	assert_int_equal(defaults.max_depth, 256);
	/* one level less passes */
	gl_doc *d = t_parse_n("x: [[1]]\n", 9, &lim);
	assert_int_equal(gl_doc_ndiags(d), 0);
	gl_doc_free(d);
}

static void nodes(void **state)
{
	(void)state;
	gl_limits lim = defaults;
	lim.max_nodes = 5;   /* the map, then a, 1, b, 2: c is the sixth */
	t_diag("a: 1\nb: 2\nc: 3\n", &lim, 3, 1, "document has more than 5 nodes");
	assert_int_equal(defaults.max_nodes, 1000000);
}

static void alias_expansion(void **state)
{
	(void)state;
	gl_limits lim = defaults;
	/* the map 1, a + [1,2,3] = 6, b + *x = 11, c = 12, the second *x = 16 */
	lim.max_weight = 12;
	t_diag("a: &x [1, 2, 3]\nb: *x\nc: *x\n", &lim, 3, 4,
	       "aliases expand the document beyond 12 nodes");
	assert_int_equal(defaults.max_weight, 4000000);
	/* Stopped at the very node that crosses the limit, a collection counted
	 * as it opens (until 2026-11-29 a collection counted once it closed, so
	 * an open one made the limit trip late): the map 1, id 2, a 3, x 4, the
	 * list 5 (at its anchor), its items 6 to 8, y 9, *A 13, z 14, 1 15. */
	static const char plan[] = "id: a\nx: &A [1, 2, 3]\ny: *A\nz: 1\n";
	static const struct { size_t max; unsigned line, col; } at[] = {
		{1, 1, 1}, {2, 1, 5}, {3, 2, 1}, {4, 2, 4}, {5, 2, 8}, {6, 2, 11}, {7, 2, 14},
		{8, 3, 1}, {9, 3, 4}, {12, 3, 4}, {13, 4, 1}, {14, 4, 4},
	};
	for (size_t i = 0; i < sizeof at / sizeof *at; i++) {
		char msg[64];
		lim.max_weight = at[i].max;
		snprintf(msg, sizeof msg, "aliases expand the document beyond %zu nodes", at[i].max);
		t_diag(plan, &lim, at[i].line, at[i].col, msg);
	}
	lim.max_weight = 15;
	gl_doc *ok = t_parse_n(plan, strlen(plan), &lim);
	assert_int_equal(gl_doc_ndiags(ok), 0);
	assert_non_null(gl_doc_root(ok));
	gl_doc_free(ok);

	/* a real bomb with the defaults: nine levels of ten aliases each */
	gl__buf b = {0};
	gl__buf_puts(&b, "l0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
	for (int i = 1; i < 9; i++)
		gl__buf_printf(&b, "l%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, "
		               "*a%d]\n", i, i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1,
		               i - 1, i - 1, i - 1);
	assert_false(b.oom);
	gl_doc *d = t_parse_n(b.p, b.len, NULL);
	assert_int_equal(gl_doc_ndiags(d), 1);
	const gl_diag *dg = gl_doc_diag(d, 0);
	assert_int_equal(dg->kind, GL_DIAG_LIMIT);
	assert_string_equal(dg->msg, "aliases expand the document beyond 4000000 nodes");
	assert_int_equal(dg->line, 7);   /* l6 is 10^7 nodes */
	gl_doc_free(d);
	gl__buf_free(&b);
}

static void scalar_length(void **state)
{
	(void)state;
	gl_limits lim = defaults;
	lim.max_scalar = 8;
	t_diag("a: 12345678\nb: 123456789\n", &lim, 2, 4, "a scalar longer than 8 bytes");
	t_diag("- |\n  123456789\n", &lim, 1, 3, "a scalar longer than 8 bytes");
	assert_int_equal(defaults.max_scalar, 1u << 20);
}

/* ---- PCRE2: a catastrophic pattern ends fast, naming the rule --------- */

static const char catastrophic_pack[] =
	"pack: limits\n"
	"rules:\n"
	"  - id: LIM-001\n"
	"    title: Titles are runs of a\n"
	"    area: plan\n"
	"    severity: error\n"
	"    rationale: A pattern that backtracks catastrophically.\n"
	"    help: None.\n"
	"    require:\n"
	"      - matches: {path: title, pattern: '(a+)+$'}\n";

static double seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A plan whose title the catastrophic pattern backtracks on. */
static void slow_plan(gl__buf *plan)
{
	gl__buf_puts(plan, "id: slow\ntitle: ");
	for (int i = 0; i < 5000; i++)
		gl__buf_putc(plan, 'a');
	gl__buf_puts(plan, "b\n");
}

/* One plan (YAML text) checked as `file` with one pack (text). */
typedef struct one_plan {
	gl__packset *ps;
	gl_doc *doc;
	gl__plan_out out;
	gl_err err;
} one_plan;

static int one_plan_eval(one_plan *p, const char *pack, size_t packlen, const char *file,
                         const gl__buf *text)
{
	memset(p, 0, sizeof *p);
	p->ps = gl__packset_new();
	if (gl__pack_load(p->ps, "limits.yaml", pack, packlen, &p->err))
		fail_msg("%s", p->err.msg);
	p->doc = t_parse_n(text->p, text->len, NULL);
	assert_non_null(p->out.arena = gl__arena_new());
	gl__plan_in in = {file, p->doc, NULL, p->ps, NULL, NULL, 0};
	return gl__eval_plan(&in, &p->out, &p->err);
}

static void one_plan_free(one_plan *p)
{
	free(p->out.v);
	gl__arena_free(p->out.arena);
	gl_doc_free(p->doc);
	gl__packset_free(p->ps);
}

static void pcre2_match_limit(void **state)
{
	(void)state;
	gl__buf plan = {0};
	slow_plan(&plan);
	one_plan p;
	double t0 = seconds();
	int rc = one_plan_eval(&p, catastrophic_pack, sizeof catastrophic_pack - 1, "plans/slow.yaml",
	                       &plan);
	double took = seconds() - t0;
	assert_int_equal(rc, -1);
	t_contains(p.err.msg, "plans/slow.yaml:2:8: rule LIM-001: pattern '(a+)+$' on title: ");
	t_contains(p.err.msg, "limit");   /* "match limit exceeded" */
	/* Informational only (no timed assertions in tests): the match limit,
	 * not the clock, is what bounds the work (the pack's load included). */
	print_message("catastrophic pattern stopped after %.3f s\n", took);
	one_plan_free(&p);
	gl__buf_free(&plan);
}

/* A long value outgrows the JIT's 32 KiB stack on an ordinary pattern: the
 * interpreter finishes the match instead of the run stopping. */
static void pcre2_long_value(void **state)
{
	(void)state;
	static const char pack[] =
		"pack: limits\nrules:\n"
		"  - id: LIM-002\n    title: t\n    area: plan\n    severity: error\n"
		"    rationale: r\n    help: h\n"
		"    require: {matches: {path: version, pattern: '^\\d+(\\.\\d+)*$'}}\n";
	gl__buf plan = {0};
	gl__buf_puts(&plan, "id: long\nversion: \"1");
	for (int i = 0; i < 1000; i++)
		gl__buf_puts(&plan, ".1");
	gl__buf_puts(&plan, "\"\n");
	one_plan p;
	if (one_plan_eval(&p, pack, sizeof pack - 1, "plans/long.yaml", &plan) != 0)
		fail_msg("%s", p.err.msg);
	assert_int_equal(p.out.n, 0);   /* it matches */
	one_plan_free(&p);
	gl__buf_free(&plan);
}

/* Through a run, the error also names the plan. */
static void pcre2_match_limit_run(void **state)
{
	(void)state;
	char *dir = t_mkdtemp();
	t_puts(dir, ".govlint.yaml", "packs: [./limits.yaml]\nsignoff_provenance: off\n");
	t_puts(dir, "limits.yaml", catastrophic_pack);
	gl__buf plan = {0};
	slow_plan(&plan);
	t_write(dir, "plans/slow.yaml", plan.p, plan.len);
	gl__buf_free(&plan);
	gl_run *run = NULL;
	gl_err err;
	assert_true(t_run(&run, dir, &err) < 0);
	t_contains(err.msg, "plans/slow.yaml:2:8: ");
	t_contains(err.msg, "rule LIM-001: pattern '(a+)+$' on title: ");
	gl_run_free(run);
	t_rmtree(dir);
}

/* ---- fixed file sizes: config 1 MiB, rule pack 8 MiB ------------------ */

static void config_size(void **state)
{
	(void)state;
	char *dir = t_mkdtemp();
	size_t n = (1u << 20) + 1;
	char *text = malloc(n);
	assert_non_null(text);
	memset(text, '#', n);
	text[n - 1] = '\n';
	t_write(dir, ".govlint.yaml", text, n);
	free(text);
	gl__config cfg;
	gl_err err;
	assert_int_equal(gl__config_load(&cfg, dir, NULL, &err), -1);
	t_contains(err.msg, ".govlint.yaml: file is 1048577 bytes, over the 1048576-byte limit");
	gl__config_free(&cfg);
	t_rmtree(dir);
}

static void pack_size(void **state)
{
	(void)state;
	char *dir = t_mkdtemp();
	t_puts(dir, ".govlint.yaml", "packs: [./big-pack.yaml]\nsignoff_provenance: off\n");
	size_t n = (8u << 20) + 1;
	char *text = malloc(n);
	assert_non_null(text);
	memset(text, '#', n);
	text[n - 1] = '\n';
	t_write(dir, "big-pack.yaml", text, n);
	free(text);
	gl_run *run = NULL;
	gl_err err;
	assert_int_equal(t_run(&run, dir, &err), GL_ERROR);
	const char *at = strstr(err.msg, ".govlint.yaml:1:9: packs: ");   /* where it is named */
	assert_non_null(at);
	assert_string_equal(at, ".govlint.yaml:1:9: packs: ./big-pack.yaml: file is 8388609 bytes, "
	                        "over the 8388608-byte limit");
	gl_run_free(run);
	t_rmtree(dir);
}

/* ---- the plan walk: folders deeper than 64 levels ---------------------- */

static void walk_depth(void **state)
{
	(void)state;
	char *dir = t_mkdtemp();
	t_puts(dir, ".govlint.yaml", "signoff_provenance: off\n");
	char rel[PATH_MAX] = "plans";   /* plans/d/.../d: 64 folders below the root */
	for (int i = 1; i < 64; i++)
		strcat(rel, "/d");
	char deep[PATH_MAX + 16], deeper[PATH_MAX + 16];   /* rel is ~200 bytes */
	snprintf(deep, sizeof deep, "%s/ok.yaml", rel);
	snprintf(deeper, sizeof deeper, "%s/d/lost.yaml", rel);
	t_puts(dir, deep, "id: ok\n");
	t_puts(dir, deeper, "id: lost\n");
	gl_run *run = NULL;
	gl_err err;
	assert_int_equal(t_run(&run, dir, &err), 0);
	char folder[PATH_MAX + 16];
	snprintf(folder, sizeof folder, "%s/d", rel);
	const gl_finding *f = t_finding(run, folder, "GOV-YAML-001");
	assert_int_equal(f->line, 1);
	assert_int_equal(f->col, 1);
	assert_string_equal(f->message,
	                    "cannot read the plan: folder nested deeper than 64 levels: not entered");
	int checked = 0;
	for (size_t i = 0; i < gl_run_nplans(run); i++)
		checked += strcmp(gl_run_plan(run, i)->file, deep) == 0;
	assert_int_equal(checked, 1);
	gl_run_free(run);
	t_rmtree(dir);
}

/* ---- the plan walk: a path longer than PATH_MAX ------------------------ */

#define LONG_NAME_LEVELS 21   /* of 200-byte names: a path of ~4,200 bytes */

/* Makes (with `fill`) or removes (without) plans/N/N/.../N/hidden.yaml
 * below dir, through file descriptors: the path is too long to name. */
static void long_chain(const char *dir, const char *name, int fill)
{
	int fds[LONG_NAME_LEVELS + 1];
	char plans[PATH_MAX];
	snprintf(plans, sizeof plans, "%s/plans", dir);
	mkdir(plans, 0755);
	fds[0] = open(plans, O_RDONLY | O_DIRECTORY);
	assert_true(fds[0] >= 0);
	for (int i = 1; i <= LONG_NAME_LEVELS; i++) {
		if (fill)
			assert_int_equal(mkdirat(fds[i - 1], name, 0755), 0);
		fds[i] = openat(fds[i - 1], name, O_RDONLY | O_DIRECTORY);
		assert_true(fds[i] >= 0);
	}
	int top = fds[LONG_NAME_LEVELS];
	if (fill) {
		int f = openat(top, "hidden.yaml", O_WRONLY | O_CREAT | O_TRUNC, 0644);
		assert_true(f >= 0 && write(f, "id: hidden\n", 11) == 11);
		close(f);
	} else {
		unlinkat(top, "hidden.yaml", 0);
	}
	for (int i = LONG_NAME_LEVELS; i >= 1; i--) {
		close(fds[i]);
		if (!fill)
			unlinkat(fds[i - 1], name, AT_REMOVEDIR);
	}
	close(fds[0]);
}

static void walk_path_max(void **state)
{
	(void)state;
	char *dir = t_mkdtemp();
	t_puts(dir, ".govlint.yaml", "signoff_provenance: off\n");
	t_puts(dir, "plans/visible.yaml", "id: visible\n");
	char name[201];
	memset(name, 'd', 200);
	name[200] = '\0';
	long_chain(dir, name, 1);
	gl_run *run = NULL;
	gl_err err;
	assert_int_equal(t_run(&run, dir, &err), 0);
	gl__buf file = {0};   /* hidden.yaml's, or a folder's on its way (TMPDIR's length) */
	gl__buf_puts(&file, "plans");
	for (int i = 0; i < LONG_NAME_LEVELS; i++)
		gl__buf_printf(&file, "/%s", name);
	gl__buf_puts(&file, "/hidden.yaml");
	const gl_finding *f = NULL;
	for (size_t i = 0; !f && i < gl_run_nfindings(run); i++) {
		const gl_finding *g = gl_run_finding(run, i);
		if (strncmp(file.p, g->file, strlen(g->file)) == 0 && strlen(g->file) > PATH_MAX / 2)
			f = g;
	}
	assert_non_null(f);
	assert_string_equal(gl_rule_id(f->rule), "GOV-YAML-001");
	t_contains(f->message, "cannot read the plan: path longer than the system allows (PATH_MAX ");
	t_contains(f->message, strcmp(f->file, file.p) ? "): folder not entered" : "): not read");
	free(file.p);
	gl_run_free(run);
	long_chain(dir, name, 0);
	t_rmtree(dir);
}

/* ---- terminal escapes from plan values are neutralised ---------------- */

static void text_neutralises_escapes(void **state)
{
	(void)state;
	char *dir = t_mkdtemp();
	t_puts(dir, ".govlint.yaml", "packs: [./esc.yaml]\nsignoff_provenance: off\n");
	t_puts(dir, "esc.yaml",
	       "pack: esc\n"
	       "rules:\n"
	       "  - id: ESC-001\n"
	       "    title: Titles are plain words\n"
	       "    area: plan\n"
	       "    severity: error\n"
	       "    rationale: Values are echoed in messages.\n"
	       "    help: None.\n"
	       "    message: \"title is {value}\"\n"
	       "    require:\n"
	       "      - matches: {path: title, pattern: '^[a-z ]*$'}\n");
	/* ESC [2J (clear screen), an OSC window title ended by BEL, a DEL */
	t_puts(dir, "plans/esc.yaml",
	       "id: esc\ntitle: \"\\e[2J\\e]0;owned\\a red \\x7f \\e[31mX\"\n");
	gl_run *run = NULL;
	gl_err err;
	assert_int_equal(t_run(&run, dir, &err), 0);
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);
	assert_non_null(f);
	gl_report_opts ro = {0, 0};
	assert_int_equal(gl_report(run, "text", &ro, f, &err), 0);
	fclose(f);
	for (size_t i = 0; i < size; i++)
		if ((unsigned char)text[i] < 0x20 && text[i] != '\n' && text[i] != '\t')
			fail_msg("raw control byte 0x%02x at %zu in: %s", (unsigned char)text[i], i, text);
	t_contains(text, "plans/esc.yaml:2:8: error: title is ^[[2J^[]0;owned^G red ^? ^[[31mX "
	                 "[ESC-001]");
	free(text);
	gl_run_free(run);
	t_rmtree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(file_size),
		cmocka_unit_test(file_size_run),
		cmocka_unit_test(depth),
		cmocka_unit_test(nodes),
		cmocka_unit_test(alias_expansion),
		cmocka_unit_test(scalar_length),
		cmocka_unit_test(pcre2_match_limit),
		cmocka_unit_test(pcre2_match_limit_run),
		cmocka_unit_test(config_size),
		cmocka_unit_test(pack_size),
		cmocka_unit_test(pcre2_long_value),
		cmocka_unit_test(walk_depth),
		cmocka_unit_test(walk_path_max),
		cmocka_unit_test(text_neutralises_escapes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
