/*
 * A run: find the repository root, load config, roster and packs once,
 * then check every selected plan (in parallel with --jobs) and keep the
 * findings in file order, so every --jobs value gives the same output.
 */
#include "internal.h"

#include <limits.h>
#include <stdarg.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct gl_run {
	char root[PATH_MAX];
	gl__config cfg;
	gl__packset *packs;
	gl_doc *roster_doc;
	const gl__roster *roster;
	gl__arena *arena;
	char **filters;            /* PATH arguments below the root */
	size_t nfilters;
	gl__filelist files;        /* selected plans */
	gl__plan_out *outs;        /* one per plan, then one for waivers.yaml */
	size_t nouts;
	gl__waivers *waivers;
	gl__waiver_in waiver_in;
	char *waiver_buf;
	unsigned char *waiver_skip;   /* rule_settings for the waivers file */
	gl_finding **findings;     /* all, in order; each in its plan's outs[].v */
	size_t nfindings;
	long today;
	char as_of[24];
	gl_severity fail_on;
	int jobs;
	int no_waivers;
	unsigned omit;             /* GL_OMIT_*: left out of plans and findings */
	gl__repo *repo;            /* git, for --staged, --since, --baseline, a rev */
	gl__source source;         /* where plans, roster, config and packs are read */
	char described[128];       /* the commit read, for report headers */
	const char *config_path;   /* --config */
	const char *baseline;      /* --baseline REV */
	gl__arena **arenas;        /* findings' strings: one arena per worker, then waivers */
	size_t narenas;
	size_t base_unchanged, base_absent;
	uint64_t *unwaived;        /* --baseline: new findings' prints that REV had waived, sorted */
	size_t nunwaived;
	unsigned shard_k, shard_n;
	int partial;               /* some plans of the repository are not checked */
	const char **ids;          /* the checked plans' ids, sorted (after the workers) */
	gl__other_id *others;      /* a partial run's unchecked plans' ids (ids.c sorts them) */
	size_t nothers;
	const char **listed;       /* when PATHs, --since or --shard narrow the run: */
	size_t nlisted;            /* every plan listed before, for their ids (ids.c) */
	gl__filelist changed;      /* --since's diff, when it narrows the plans */
	const char *since;         /* --since REV, when it did */
	int no_plans;              /* the repository has none: checking it is an error */
	gl__repo *traced;          /* the repository sign-offs are traced in, or NULL */
	char *name, *email;        /* the committer identity, for uncommitted lines */
	char **notes;              /* what the run could not do, said once */
	size_t nnotes;
	const gl__plan_out **unread;   /* the plans checked whose rules could not run */
	size_t nunread;
	const gl_run *compared_by; /* a --baseline revision's run: the run comparing with it */
	const char *prefix;        /* the root in its git work tree: "" or "dir/" */
};

static int exists(const char *dir, const char *name)
{
	char p[PATH_MAX];
	struct stat st;
	return snprintf(p, sizeof p, "%s/%s", dir, name) < (int)sizeof p && lstat(p, &st) == 0;
}

/* A config, a roster or plans/: what makes a folder a planning repository. */
static int holds_plans(const char *dir)
{
	return exists(dir, ".govlint.yaml") || exists(dir, "people.yaml") || exists(dir, "plans");
}

static int is_root(const char *dir)
{
	return holds_plans(dir) || exists(dir, ".git");
}

/* `path` made absolute (from the working folder) and lexical: no empty,
 * "." or ".." segment, a ".." taking away the segment before it whether or
 * not that is a symlink (as `cd -L` does). "" is the root folder. */
static int lexical(const char *path, char out[PATH_MAX])
{
	char cwd[PATH_MAX];
	size_t n = 0;
	if (!*path || (*path != '/' && !getcwd(cwd, sizeof cwd)))
		return -1;
	for (const char *part = *path == '/' ? path : cwd;; part = path) {
		for (const char *p = part; *p;) {
			size_t k = strcspn(p, "/");
			if (k == 2 && p[0] == '.' && p[1] == '.')
				while (n && out[--n] != '/')
					;
			else if (k && !(k == 1 && *p == '.')) {
				if (n + 1 + k >= PATH_MAX)
					return -1;
				out[n++] = '/';
				memcpy(out + n, p, k);
				n += k;
			}
			p += k + (p[k] == '/');
		}
		if (part == path)
			break;
	}
	out[n] = '\0';
	return 0;
}

/* The length of the nearest folder holding a planning root: abs cut at
 * `k` (a folder), or one above it; k when there is none. */
static size_t root_len(char *abs, size_t k)
{
	for (size_t i = k;;) {
		char c = abs[i];
		abs[i] = '\0';
		int hit = is_root(i ? abs : "/");
		abs[i] = c;
		if (hit)
			return i;
		if (!i)
			return k;
		while (i && abs[--i] != '/')
			;
	}
}

/* A file PATH keeps its own name: only its folder is resolved, so a plan
 * that is a symlink is judged where it sits, not where it points. */
static int link_name(const char *abs, char real[PATH_MAX])
{
	char parent[PATH_MAX], resolved[PATH_MAX];
	const char *slash = strrchr(abs, '/');
	snprintf(parent, sizeof parent, "%.*s", (int)(slash - abs), abs);
	if (!realpath(*parent ? parent : "/", resolved))
		return -1;
	return snprintf(real, PATH_MAX, "%s/%s", strcmp(resolved, "/") ? resolved : "",
	                slash + 1) >= PATH_MAX ? -1 : 0;
}

/* The planning repository holding `path`: the nearest folder, from path
 * upwards as written (symlinks on the way are not followed to find it),
 * with a config, a roster, plans/ or .git; else path's folder. `rel` is
 * path relative to it ("" for the root itself): a symlink under the root
 * is resolved when it stays inside; one that leaves is judged as the walk
 * judges it: a file is kept under its name (a GOV-YAML-001 finding when
 * read), a folder is not followed (an error). With `absent_ok` (--staged:
 * the index may hold what the work tree lacks) a path that does not exist
 * is a file, looked up where the run reads. */
static int locate(const char *path, int absent_ok, char root[PATH_MAX], char rel[PATH_MAX],
                  gl_err *err)
{
	char abs[PATH_MAX], top[PATH_MAX], real[PATH_MAX], full[PATH_MAX];
	struct stat st;
	if (lexical(path, abs))
		return gl__err_set(err, "%s: no such file or folder", path), -1;
	/* a dangling or looping symlink is a file, judged as the walk judges it */
	int absent = stat(*abs ? abs : "/", &st) != 0 && (lstat(abs, &st) != 0 || !S_ISLNK(st.st_mode));
	if (absent && !(absent_ok && *abs))
		return gl__err_set(err, "%s: no such file or folder", path), -1;
	int dir = !absent && S_ISDIR(st.st_mode);
	size_t k = root_len(abs, dir ? strlen(abs) : (size_t)(strrchr(abs, '/') - abs));
	memcpy(top, abs, k);
	top[k] = '\0';
	if (!realpath(*top ? top : "/", root))
		return gl__err_set(err, "%s: no such file or folder", path), -1;
	const char *below = abs[k] ? abs + k + 1 : "";
	const char *why = *below ? gl__path_why(root, below, full) : NULL;
	if (why && dir)
		return gl__err_set(err, "%s: %s", path, why), -1;
	if (why)
		return snprintf(rel, PATH_MAX, "%s", below), 0;
	if (absent && link_name(abs, real))   /* --staged: its folder too is only in the index */
		return snprintf(rel, PATH_MAX, "%s", below), 0;
	if (dir ? !realpath(*abs ? abs : "/", real) : link_name(abs, real))
		return gl__err_set(err, "%s: no such file or folder", path), -1;
	size_t n = strcmp(root, "/") == 0 ? 0 : strlen(root);
	snprintf(rel, PATH_MAX, "%s", real[n] == '/' ? real + n + 1 : real + n);
	return 0;
}

int gl__planning_root(const char *dir, char root[PATH_MAX], gl_err *err)
{
	char abs[PATH_MAX];
	struct stat st;
	if (lexical(dir, abs) || stat(*abs ? abs : "/", &st) != 0)
		return gl__err_set(err, "%s: no such folder", dir), -1;
	if (!S_ISDIR(st.st_mode))
		return gl__err_set(err, "%s: not a folder", dir), -1;
	abs[root_len(abs, strlen(abs))] = '\0';
	if (!realpath(*abs ? abs : "/", root))
		return gl__err_set(err, "%s: no such folder", dir), -1;
	return holds_plans(root);
}

/* A file the config names could not be read: err's message gets the
 * config's file:line:col of the name (item `i` of a list) before it, and
 * `rel`, the file as read (NULL: the message names no file), is named as
 * the config writes it (`./p/x.yaml`, not `p/x.yaml`). Returns -1; changes
 * nothing when the config does not name the file. */
static int named_in_config(const gl_run *run, const char *key, size_t i, const char *rel,
                           gl_err *err)
{
	const gl_node *n = run->cfg.doc ? gl_node_get(gl_doc_root(run->cfg.doc), key) : NULL;
	if (n && n->kind == GL_SEQ)
		n = i < n->n ? n->items[i] : NULL;
	if (!n)
		return -1;
	char m[sizeof err->msg];
	snprintf(m, sizeof m, "%s", rel ? gl__source_why(rel, err) : err->msg);
	gl__err_at(err, run->cfg.file, n->line, n->col, "%s: %s%s%s", key, rel ? n->str : "",
	           rel ? ": " : "", m);
	return -1;
}

/* Where override i of the config names rule id (its rules: or disable:). */
static const gl_node *id_node(const gl_run *run, size_t i, const char *id)
{
	const gl_node *l = run->cfg.doc ? gl_node_get(gl_doc_root(run->cfg.doc), "overrides") : NULL;
	const gl_node *o = l && l->kind == GL_SEQ && i < l->n ? l->items[i] : NULL;
	static const char *const keys[] = {"rules", "disable"};
	for (size_t k = 0; o && k < 2; k++) {
		const gl_node *ids = gl_node_get(o, keys[k]);
		if (ids && ids->kind == GL_SCALAR && ids->str == id)
			return ids;
		for (size_t j = 0; ids && ids->kind == GL_SEQ && j < ids->n; j++)
			if (ids->items[j]->str == id)
				return ids->items[j];
	}
	return NULL;
}

static int load_packs(gl_run *run, int examples, gl_err *err)
{
	if (!(run->packs = gl__packset_new()))
		return gl__err_set(err, "out of memory"), -1;
	for (size_t i = 0; i < run->cfg.npacks; i++) {
		const char *name = run->cfg.packs[i], *rel = gl__config_pack_file(name);
		if (!rel) {
			if (gl__pack_load_builtin(run->packs, name, examples, err))
				return named_in_config(run, "packs", i, NULL, err);
			continue;
		}
		char *buf;
		size_t len;
		if (gl__source_read(&run->source, rel, 8u << 20, &buf, &len, err))
			return named_in_config(run, "packs", i, rel, err);
		int rc = gl__pack_load(run->packs, name, buf, len, err);
		free(buf);
		if (rc)
			return -1;
	}
	if (gl__detector_ids(run->packs, err) || gl__packset_check_refs(run->packs, err))
		return -1;
	gl__detector_shadows(run->packs);
	for (size_t i = 0; i < run->cfg.noverrides; i++) {
		const gl__override *o = &run->cfg.overrides[i];
		for (size_t j = 0; j < o->nrules + o->ndisable; j++) {
			const char *id = j < o->nrules ? o->rules[j] : o->disable[j - o->nrules];
			const gl_node *at = id_node(run, i, id);
			const gl_rule *r = gl__packset_find(run->packs, id), *by = r ? r->shadowed_by : NULL;
			if (r && !by)
				continue;
			const gl_rule *builtin = gl_run_find_rule(run, id);   /* no pack's rule to set */
			unsigned line = at ? at->line : o->line, col = at ? at->col : o->col;
			if (by)   /* an override of it would change nothing */
				gl__err_at(err, run->cfg.file, line, col, "overrides name rule %s, which never "
				           "reports: %s of pack %s, listed before pack %s in packs:, detects "
				           "%s first; override that rule, or list pack %s first", id, by->id,
				           by->pack_name, r->pack_name, r->detects, r->pack_name);
			else if (builtin)
				gl__err_at(err, run->cfg.file, line, col, "overrides name rule %s, built into "
				           "govlint: to set its severity or switch it off, give a pack a rule "
				           "with 'detects: %s'", id, builtin->detects);
			else
				gl__err_at(err, run->cfg.file, line, col, "overrides name rule %s, which no "
				           "active pack defines", id);
			return -1;
		}
	}
	return 0;
}

static int load_roster(gl_run *run, gl_err *err)
{
	char *buf;
	size_t len;
	int rc = gl__source_read(&run->source, run->cfg.roster, run->cfg.limits.max_bytes, &buf, &len,
	                         err);
	const gl_node *named = run->cfg.doc ? gl_node_get(gl_doc_root(run->cfg.doc), "roster") : NULL;
	if (rc == GL__ABSENT && !named) {   /* no people.yaml: every person reference is a gap */
		run->roster = gl__roster_build(run->arena, NULL, NULL);
		return run->roster ? 0 : -1;
	}
	if (rc)
		return named_in_config(run, "roster", 0, run->cfg.roster, err);
	rc = gl_doc_parse(&run->roster_doc, run->cfg.roster, buf, len, &run->cfg.limits);
	free(buf);
	if (rc < 0)
		return gl__err_set(err, "out of memory"), -1;
	const gl_diag *d = gl_doc_diag(run->roster_doc, 0);
	if (d)
		return gl__err_at(err, run->cfg.roster, d->line, d->col, "%s", d->msg), -1;
	const gl_node *root = gl_doc_root(run->roster_doc);
	const gl_node *people = gl_node_get(root, "people");
	if (!people || people->kind != GL_SEQ) {
		const gl_node *at = people ? people : root;   /* its value, or the top level */
		return gl__err_at(err, run->cfg.roster, at ? at->line : 1, at ? at->col : 1,
		                  "the roster needs a 'people:' list"), -1;
	}
	if (gl__roster_check(people, run->cfg.roster, err))
		return -1;
	run->roster = gl__roster_build(run->arena, people, NULL);
	return run->roster ? 0 : (gl__err_set(err, "out of memory"), -1);
}

static int set_date(gl_run *run, const gl_run_opts *o, gl_err *err)
{
	int has_time;
	if (o->as_of) {
		if (gl__parse_date(o->as_of, &run->today, &has_time) || has_time)
			return gl__err_set(err, "--as-of takes a date as YYYY-MM-DD, not '%s'", o->as_of), -1;
	} else if (gl__today(&run->today)) {
		return gl__err_set(err, "cannot read the clock"), -1;
	}
	gl__format_date(run->today, run->as_of);
	return 0;
}

static int select_root(gl_run *run, const gl_run_opts *o, const char *const *paths, size_t npaths,
                       gl_err *err)
{
	static const char *const here[] = {"."};
	if (!npaths) {
		paths = here;
		npaths = 1;
	}
	run->filters = gl__arena_alloc(run->arena, npaths * sizeof *run->filters);
	if (!run->filters)
		return gl__err_set(err, "out of memory"), -1;
	for (size_t i = 0; i < npaths; i++) {
		char root[PATH_MAX], rel[PATH_MAX];
		if (locate(paths[i], o->staged, root, rel, err))
			return -1;
		if (i && strcmp(root, run->root) != 0)
			return gl__err_set(err, "%s and %s belong to different planning repositories "
			                   "(%s, %s)", paths[0], paths[i], run->root, root), -1;
		snprintf(run->root, sizeof run->root, "%s", root);
		if (*rel && !(run->filters[run->nfilters++] = gl__arena_strdup(run->arena, rel)))
			return gl__err_set(err, "out of memory"), -1;
	}
	return 0;
}

/* The config: --config from disk, else .govlint.yaml from the source. */
static int load_config(gl_run *run, gl_err *err)
{
	if (run->config_path || !run->repo || run->source.src == GL__SRC_WORKTREE)
		return gl__config_load(&run->cfg, run->root, run->config_path, err);
	char *buf = NULL;
	size_t len = 0;
	int rc = gl__source_read(&run->source, ".govlint.yaml", 1u << 20, &buf, &len, err);
	if (rc && rc != GL__ABSENT)
		return -1;
	rc = gl__config_parse(&run->cfg, ".govlint.yaml", buf, len, err);
	free(buf);
	return rc;
}

/* git, when an option reads it; and which tree the run reads. */
static int open_git(gl_run *run, const gl_run_opts *o, gl_err *err)
{
	if (o->staged && o->rev)
		return gl__err_set(err, "--staged reads the index; it cannot be combined with a "
		                   "revision"), -1;
	run->source = (gl__source){run->root, NULL, GL__SRC_WORKTREE, NULL};
	if (!o->staged && !o->since && !o->baseline && !o->rev)
		return 0;
	if (gl__repo_open(&run->repo, run->root, err))
		return -1;
	run->source.repo = run->repo;
	run->source.src = o->staged ? GL__SRC_INDEX : o->rev ? GL__SRC_REV : GL__SRC_WORKTREE;
	run->source.rev = o->rev ? gl__arena_strdup(run->arena, o->rev) : NULL;
	return gl__repo_describe(run->repo, o->rev, run->described, err);
}

static int note(gl_run *run, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Something the run could not do, for the CLI to say once (not a finding). */
static int note(gl_run *run, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	char **v = gl__arena_alloc(run->arena, (run->nnotes + 1) * sizeof *v);
	if (!v || !(v[run->nnotes] = gl__arena_strdup(run->arena, msg)))
		return -1;
	if (run->nnotes)
		memcpy(v, run->notes, run->nnotes * sizeof *v);
	run->notes = v;
	run->nnotes++;
	return 0;
}

/* 1 when root is (probably) in a git work tree: a .git above it, or
 * GIT_DIR set. Spares a non-git run libgit2's start-up. */
static int in_git(const char *root)
{
	char dir[PATH_MAX];
	if (getenv("GIT_DIR"))
		return 1;
	snprintf(dir, sizeof dir, "%s", root);
	for (char *slash;; *slash = '\0') {
		if (exists(*dir ? dir : "/", ".git"))
			return 1;
		if (!(slash = strrchr(dir, '/')))
			return 0;
	}
}

/* Sign-off provenance needs git history; without it the run says so once. */
static int open_provenance(gl_run *run)
{
	int wanted = 0;
	for (size_t i = 0; i < gl__packset_nrules(run->packs); i++) {
		gl_rule *r = gl__packset_rule(run->packs, i);
		wanted |= r->provenance;
		r->disabled |= r->provenance && run->cfg.provenance == 0;   /* off: not active */
	}
	if (!wanted || run->cfg.provenance == 0)
		return 0;
	gl_err e;
	if (!run->repo && !in_git(run->root))
		return note(run, "sign-offs were not traced to git history: not in a git repository: "
		            "%s", run->root);
	int rc = run->repo ? 0 : gl__repo_open(&run->repo, run->root, &e);
	if (rc)
		return rc == GL_ENOMEM ? -1 : note(run, "sign-offs were not traced to git history: %s",
		                                   e.msg);
	run->traced = run->repo;
	if (!run->described[0] && gl__repo_describe(run->repo, NULL, run->described, &e))
		run->described[0] = '\0';
	if (gl__repo_shallow(run->repo) &&
	    note(run, "the clone is shallow: sign-offs on lines written at or before its oldest "
	         "commit cannot be traced; fetch the full history (git fetch --unshallow) to trace "
	         "them"))
		return -1;
	if ((rc = gl__repo_identity(run->repo, &run->name, &run->email, &e)) == 0)
		return 0;
	if (rc == GL_ENOMEM)
		return -1;
	run->name = run->email = NULL;
	return note(run, "git has no user.name and user.email: sign-offs not committed yet "
	            "cannot be attributed");
}

/* The root's place in its git work tree, for reports whose file names
 * GitHub resolves from the checkout's root (gl_run_opts.worktree_paths). */
static int find_worktree(gl_run *run, const gl_run_opts *o)
{
	run->prefix = "";
	if (!o->worktree_paths || (!run->repo && !in_git(run->root)))
		return 0;
	gl_err e;
	if (!run->repo && gl__repo_open(&run->repo, run->root, &e))
		return note(run, "file names in the report are relative to %s, not to the git work "
		            "tree: %s", run->root, e.msg);
	const char *p = gl__repo_prefix(run->repo);
	run->prefix = *p ? gl__arena_printf(run->arena, "%s/", p) : "";
	return run->prefix ? 0 : -1;
}

/* Keeps the names of the plans listed (that can be read), before a PATH,
 * --since or --shard narrows them: their ids still count (ids.c). */
static int keep_listed(gl_run *run)
{
	run->listed = gl__arena_alloc(run->arena, (run->files.n + 1) * sizeof *run->listed);
	for (size_t i = 0; run->listed && i < run->files.n; i++)
		if (!run->files.why[i] &&
		    !(run->listed[run->nlisted++] = gl__arena_strdup(run->arena, run->files.v[i])))
			return -1;
	return run->listed ? 0 : -1;
}

/* The plans to check: listed, narrowed to PATHs, to --since, to a shard. */
static int select_plans(gl_run *run, const gl_run_opts *o, gl_err *err)
{
	if (gl__source_list(&run->source, run->cfg.plans, run->cfg.nplans, &run->files, err))
		return GL_ERROR;
	if (gl__select_plans_only(&run->files, &run->cfg, &run->source))
		return gl__err_set(err, "out of memory"), GL_ENOMEM;
	/* Checking a repository without a plan is an error (a mistyped plans:
	 * glob must not pass a gate); --since with nothing changed is not, nor
	 * a baseline revision from before the first plan. */
	run->no_plans = !run->files.n && !run->nfilters && !o->since && !o->rev;
	if ((run->nfilters || o->since || o->shard_n > 1) && keep_listed(run))
		return gl__err_set(err, "out of memory"), GL_ENOMEM;
	gl__selection s = {&run->files, (const char *const *)run->filters, run->nfilters, &run->cfg,
	                   &run->source};
	int rc = gl__select_paths(&s, err);
	run->partial = run->nfilters > 0 || o->shard_n > 1;
	if (rc || !o->since)
		return rc ? rc : gl__select_shard(&run->files, o->shard_k, o->shard_n) ? GL_ENOMEM : 0;
	gl__src against = o->staged ? GL__SRC_INDEX : GL__SRC_WORKTREE;
	gl_err e = {{0}};
	if (gl__repo_changed(run->repo, o->since, against, &run->changed, &e))
		return gl__err_set(err, "--since %s: %s", o->since, e.msg), GL_ERROR;
	size_t listed = run->files.n;
	rc = gl__select_since(&run->files, &run->changed, &run->cfg, &run->source);
	int narrowed = run->files.n < listed;   /* a plan it deletes is in the change too */
	run->partial |= narrowed;
	if (narrowed && !(run->since = gl__arena_strdup(run->arena, o->since)))
		rc = -1;
	rc = rc || gl__select_shard(&run->files, o->shard_k, o->shard_n);
	return rc ? (gl__err_set(err, "out of memory"), GL_ENOMEM) : 0;
}

static int listed(const char *const *ids, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(ids[i], id) == 0)
			return 1;
	return 0;
}

/* What the config says of a rule for every plan, so `rules`, `explain`
 * and SARIF's rule list show it: switched off by an override without
 * files:, its severity from such an override or from signoff_provenance.
 * (Checking applies overrides per file: rule_settings.) */
static void settle_rules(gl_run *run)
{
	for (size_t k = 0; k < gl__packset_nrules(run->packs); k++) {
		gl_rule *r = gl__packset_rule(run->packs, k);
		if (r->provenance && run->cfg.provenance > 0)
			r->config_sev = run->cfg.provenance == 2 ? GL_SEV_ERROR : GL_SEV_WARNING;
		for (size_t i = 0; i < run->cfg.noverrides; i++) {
			const gl__override *o = &run->cfg.overrides[i];
			if (o->nfiles)
				continue;
			r->disabled |= listed(o->disable, o->ndisable, r->id);
			if (o->has_sev && listed(o->rules, o->nrules, r->id))
				r->config_sev = (int)o->sev;
		}
	}
}

int gl_run_open(gl_run **out, const char *const *paths, size_t npaths, const gl_run_opts *o,
                gl_err *err)
{
	*out = NULL;
	err->msg[0] = '\0';
	gl_run *run = calloc(1, sizeof *run);
	if (!run || !(run->arena = gl__arena_new())) {
		free(run);
		return gl__err_set(err, "out of memory"), GL_ENOMEM;
	}
	*out = run;
	run->jobs = o->jobs;
	run->no_waivers = o->no_waivers;
	run->omit = o->omit;
	run->config_path = o->config;
	run->baseline = o->baseline;
	run->shard_k = o->shard_k;
	run->shard_n = o->shard_n;
	if (o->shard_n > 1 && (o->shard_k < 1 || o->shard_k > o->shard_n))
		return gl__err_set(err, "shard %u/%u: K runs from 1 to N", o->shard_k, o->shard_n),
		       GL_ERROR;
	if (set_date(run, o, err) || select_root(run, o, paths, npaths, err) || open_git(run, o, err) ||
	    load_config(run, err) || load_packs(run, o->want_examples, err) || load_roster(run, err))
		return GL_ERROR;
	if (open_provenance(run) || find_worktree(run, o))
		return gl__err_set(err, "out of memory"), GL_ENOMEM;
	settle_rules(run);
	run->fail_on = o->fail_on != GL_FAIL_ON_UNSET ? o->fail_on : run->cfg.fail_on;
	return select_plans(run, o, err);
}

/* ---- checking ---------------------------------------------------------- */

static int file_matches(const char *const *globs, size_t n, const char *file)
{
	for (size_t i = 0; i < n; i++)
		if (gl__glob_match(globs[i], file))
			return 1;
	return 0;
}

/* What the config says of each rule for one file: skipped (`disable` with
 * matching `files`) and severity (-1: the rule's own), on top of what it
 * says for every plan (settle_rules: r->disabled, r->config_sev). One
 * allocation: the skip flags, then the severities. */
static unsigned char *rule_settings(const gl_run *run, const char *file, signed char **sev)
{
	size_t n = gl__packset_nrules(run->packs);
	unsigned char *skip = calloc(2 * n + 1, 1);
	if (!skip)
		return NULL;
	*sev = (signed char *)skip + n;
	for (size_t k = 0; k < n; k++)
		(*sev)[k] = (signed char)gl__packset_rule(run->packs, k)->config_sev;
	for (size_t i = 0; i < run->cfg.noverrides; i++) {
		const gl__override *o = &run->cfg.overrides[i];
		if (!o->nfiles || !file_matches(o->files, o->nfiles, file))
			continue;
		for (size_t k = 0; k < n; k++) {
			const char *id = gl_rule_id(gl__packset_rule(run->packs, k));
			skip[k] |= listed(o->disable, o->ndisable, id);
			if (o->has_sev && listed(o->rules, o->nrules, id))
				(*sev)[k] = (signed char)o->sev;
		}
	}
	return skip;
}

int gl__rule_off_for(const gl_run *run, const gl_rule *r, const char *file)
{
	if (!gl_rule_active(r))
		return 1;
	for (size_t i = 0; i < run->cfg.noverrides; i++) {
		const gl__override *o = &run->cfg.overrides[i];
		if (o->nfiles && listed(o->disable, o->ndisable, r->id) &&
		    file_matches(o->files, o->nfiles, file))
			return 1;
	}
	return 0;
}

/* A plan that cannot be read is a finding of the yaml-syntax rule. */
static int unreadable(const gl_run *run, const char *file, const char *why, gl__plan_out *po,
                      gl_err *err)
{
	gl_doc *doc;
	po->unread = 1;
	po->unreadable = why;   /* in po->arena, or the listing's */
	if (gl_doc_parse(&doc, file, "", 0, NULL) < 0)
		return gl__err_set(err, "out of memory"), -1;
	gl__plan_in in = {file, doc, run->roster, run->packs, NULL, NULL, run->today, NULL};
	int rc = gl__eval_plan(&in, po, err);   /* "holds no plan": reworded below */
	if (rc == 0 && po->n == 1 &&
	    !(po->v[0].message = gl__arena_printf(po->arena, "cannot read the plan: %s", why)))
		rc = -1;
	if (rc == 0 && po->n == 1) {   /* no line was read: none to echo or hash */
		po->v[0].source = NULL;
		po->v[0].line_hash_n = 0;
	}
	gl_doc_free(doc);
	return rc;
}

/* Reads plan i into a malloc'd buf: NULL, or why it cannot be read. *oom
 * is set when memory ran out: an error that stops the run, not a finding. */
static const char *read_plan(const gl_run *run, size_t i, gl__plan_out *po, char **buf,
                             size_t *len, unsigned char *blob, int *oom)
{
	gl_err e;
	*oom = 0;
	if (run->files.why[i])
		return run->files.why[i];
	int rc = gl__source_read_blob(&run->source, run->files.v[i], run->cfg.limits.max_bytes, buf,
	                              len, blob, &e);
	if (!rc)
		return NULL;
	const char *why = rc == GL_ENOMEM ? NULL
	                  : gl__arena_strdup(po->arena, gl__source_why(run->files.v[i], &e));
	*oom = !why;
	return why;
}

/* A plan that is no YAML mapping runs no rule: the id at its top, when
 * one can be read, still says which plan its waivers are for. 0, or -1
 * out of memory. */
static int unread_id(const gl_run *run, gl__plan_out *po, const char *buf, size_t len)
{
	int oom = 0;
	char *id = gl__doc_top_scalar(buf, len, "id", (unsigned)run->cfg.limits.max_depth, &oom);
	po->unread = 1;
	po->top_id = id ? gl__arena_strdup(po->arena, id) : NULL;
	int bad = oom || (id && !po->top_id);
	free(id);
	return bad ? -1 : 0;
}

/* Checks plan i: its findings go to `arena`; parsing and evaluation use
 * `scratch`, which the worker resets for the next plan; sign-offs are
 * traced in `traced` (the worker's handle on run->traced, or NULL). */
static int check_one(const gl_run *run, size_t i, gl__arena *arena, gl__arena *scratch,
                     gl__repo *traced, gl_err *err)
{
	const char *file = run->files.v[i];
	gl__plan_out *po = &run->outs[i];
	po->arena = arena;   /* the worker's: plans' findings share its chunks */
	po->omit = run->omit;
	char *buf;
	size_t len;
	unsigned char blob[GL__BLOB_ID];
	int oom;
	const char *why = read_plan(run, i, po, &buf, &len, blob, &oom);
	if (oom)
		return gl__err_set(err, "%s: out of memory", file), -1;
	if (why)
		return unreadable(run, file, why, po, err);
	gl_doc *doc;
	int rc = gl__doc_parse_in(&doc, scratch, file, buf, len, &run->cfg.limits, 1);
	const gl_node *root = rc < 0 ? NULL : gl_doc_root(doc);
	if (rc < 0 || ((!root || root->kind != GL_MAP) && unread_id(run, po, buf, len))) {
		if (rc == 0)
			gl_doc_free(doc);
		free(buf);
		return gl__err_set(err, "out of memory"), -1;
	}
	signed char *sev = NULL;
	unsigned char *skip = rule_settings(run, file, &sev);
	char origin[PATH_MAX];
	gl__prov prov = {traced, run->source.src == GL__SRC_REV ? run->source.rev : NULL,
	                 traced ? gl__source_origin(&run->source, file, origin) : file,
	                 buf, len, blob, run->name, run->email, NULL, ""};
	gl__plan_in in = {file, doc, run->roster, run->packs, skip, sev, run->today, &prov,
	                  run->cfg.limits.max_findings, run->waivers, scratch, run->omit};
	rc = skip ? gl__eval_plan(&in, po, err) : (gl__err_set(err, "out of memory"), -1);
	if (rc < 0 && !strstr(err->msg, file)) {
		char m[sizeof err->msg];
		snprintf(m, sizeof m, "%s", err->msg);
		gl__err_set(err, "%s: %s", file, m);
	}
	gl__blame_free(prov.blame);
	free(skip);
	free(buf);
	gl_doc_free(doc);
	return rc;
}

typedef struct pool {
	gl_run *run;
	atomic_size_t next;
	atomic_int failed;
	pthread_mutex_t lock;
	gl_err err;
} pool;

typedef struct job {
	pool *pool;
	gl__arena *arena;
	gl__repo *traced;   /* run->traced, or a handle of its own on that repository */
} job;

static void fail(pool *p, const gl_err *err)
{
	pthread_mutex_lock(&p->lock);
	if (!atomic_exchange(&p->failed, 1))
		p->err = *err;
	pthread_mutex_unlock(&p->lock);
}

static void *worker(void *arg)
{
	job *j = arg;
	pool *p = j->pool;
	gl__arena *scratch = gl__arena_new();
	if (!scratch) {
		gl_err err = {{0}};
		gl__err_set(&err, "out of memory");
		fail(p, &err);
	}
	for (;;) {
		size_t i = atomic_fetch_add(&p->next, 1);
		if (i >= p->run->files.n || atomic_load(&p->failed)) {
			gl__arena_free(scratch);
			return NULL;
		}
		gl_err err = {{0}};
		gl__progress();
		if (check_one(p->run, i, j->arena, scratch, j->traced, &err) < 0)
			fail(p, &err);
		gl__arena_reset(scratch);
	}
}

/* Worker i's handle on the repository sign-offs are traced in. Blaming a
 * plan is most of a traced check, and libgit2 objects cannot be shared
 * between threads: on run->traced alone, its lock would take the blames
 * one at a time. So with several workers each opens the repository again,
 * up to one per CPU (a handle keeps an object cache of about 1 MiB, and
 * more blames at once than CPUs gain nothing); the others, and one that
 * cannot open it, share run->traced, under its lock. */
static gl__repo *own_handle(const gl_run *run, size_t jobs, size_t cpus, size_t i)
{
	gl__repo *r;
	gl_err e;
	if (!run->traced || jobs < 2 || i >= cpus || gl__repo_open(&r, run->root, &e))
		return run->traced;
	return r;
}

/* Indexes every finding in run order (plans in file order, each plan's
 * findings by position) without moving them: a copy would double the
 * memory that findings take. */
static int gather(gl_run *run)
{
	size_t n = 0, nouts = run->nouts;
	for (size_t i = 0; i < nouts; i++)
		n += run->outs[i].n;
	run->findings = malloc((n ? n : 1) * sizeof *run->findings);
	if (!run->findings)
		return -1;
	for (size_t i = 0; i < nouts; i++)
		for (size_t k = 0; k < run->outs[i].n; k++)
			run->findings[run->nfindings++] = &run->outs[i].v[k];
	return 0;
}

/* The run whose selection decides which waivers are judged: this one, or
 * for a --baseline revision's run the run comparing with it, so that both
 * sides judge the same waivers. */
static const gl_run *judging(const gl_run *run)
{
	return run->compared_by ? run->compared_by : run;
}

/* 1 when run reports what is wrong with waivers.yaml itself: under
 * --shard, the one shard its path falls in. */
static int reports_waivers(const gl_run *run)
{
	return gl__in_shard(run->cfg.waivers, run->shard_k, run->shard_n);
}

/* Reads waivers.yaml (unless --no-waivers) into the last output slot,
 * before any plan is checked: a rule reading findings skips waived ones.
 * Under --shard, what is wrong with waivers.yaml itself is reported by the
 * one shard its path falls in, as if it were a plan. */
static int load_waivers(gl_run *run, gl_err *err)
{
	size_t len;
	const char *file = run->cfg.waivers;
	if (run->no_waivers)
		return 0;
	int rc = gl__source_read(&run->source, file, run->cfg.limits.max_bytes, &run->waiver_buf,
	                         &len, err);
	if (rc == GL__ABSENT && !run->cfg.waivers_explicit) {
		err->msg[0] = '\0';   /* no waivers: not an error */
		return 0;
	}
	if (rc)
		return named_in_config(run, "waivers", 0, file, err);
	gl__plan_out *po = &run->outs[run->nouts++];
	po->arena = run->arenas[run->narenas - 1];
	po->omit = run->omit;
	po->plan = (gl_plan){file, file, "Waivers", NULL, NULL, 0};
	signed char *sev;
	if (!(run->waiver_skip = rule_settings(run, file, &sev)))   /* its findings' file */
		return gl__err_set(err, "out of memory"), -1;
	run->waiver_in = (gl__waiver_in){file, run->waiver_buf, len, &run->cfg.limits, run->packs,
	                                 run->roster, run->cfg.waiver_roles,
	                                 run->cfg.nwaiver_roles, run->today, run->cfg.never_sign,
	                                 run->cfg.nnever_sign, run->waiver_skip, sev};
	rc = gl__waivers_load(&run->waivers, &run->waiver_in, po, err);
	if (rc == 0 && !reports_waivers(judging(run)))
		po->n = 0;
	return rc;
}

/* The ids of the plans checked, sorted, in run->arena; NULL out of memory. */
static const char **plan_ids(gl_run *run)
{
	const char **ids = gl__arena_alloc(run->arena, (run->files.n + 1) * sizeof *ids);
	for (size_t i = 0; ids && i < run->files.n; i++)
		ids[i] = run->outs[i].plan.id ? run->outs[i].plan.id : "";
	if (ids)
		qsort(ids, run->files.n, sizeof *ids, gl__by_str);
	return ids;
}

/* 1 when a partial run judges the waivers of plan id `plan`: it checked
 * that plan, or no plan of the repository has the id (a deleted or renamed
 * plan: a problem of waivers.yaml itself, judged by the run, or the shard,
 * that reports the file's). */
static int checked(void *ctx, const char *plan)
{
	const gl_run *run = ctx;
	if (bsearch(&plan, run->ids, run->files.n, sizeof *run->ids, gl__by_str))
		return 1;
	if (gl__other_has_id(run->others, run->nothers, plan) ||
	    bsearch(&plan, run->listed, run->nlisted, sizeof *run->listed, gl__by_str))
		return 0;   /* a plan not checked here, by id or (a plan without one) by file */
	return reports_waivers(run);
}

/* What this run says of a valid waiver of plan id `plan` no finding went
 * to: not judged when its plan, checked here, was not read (the id at its
 * top is `plan`), or when no plan has the id and one checked here whose
 * id could not be read may be it; else judged, when the run judges that
 * plan's waivers (checked). */
static gl__waiver_judge judge(void *ctx, const char *plan, const char **file)
{
	const gl_run *run = ctx, *j = judging(run);
	const char *maybe = NULL;
	for (size_t i = 0; i < run->nunread; i++) {
		const gl__plan_out *po = run->unread[i];
		if (po->top_id && strcmp(po->top_id, plan) == 0)
			return *file = po->plan.file, GL__WAIVER_UNREAD;
		if (!po->top_id && !maybe)
			maybe = po->plan.file;
	}
	if (j->partial && !checked((void *)j, plan))
		return GL__WAIVER_LEAVE;
	if (bsearch(&plan, run->ids, run->files.n, sizeof *run->ids, gl__by_str))
		return GL__WAIVER_JUDGE;
	return maybe ? (*file = maybe, GL__WAIVER_MAYBE) : GL__WAIVER_JUDGE;
}

/* Marks waived findings, then reports the waivers expired or expiring
 * soon and those that matched nothing (when only some plans are checked,
 * by this run or by the run comparing with this baseline, of those naming
 * one of them or a plan that does not exist; not judged whether they
 * match, those of a plan not read). */
static int apply_waivers(gl_run *run)
{
	if (!run->waivers)
		return 0;
	if (!(run->unread = gl__arena_alloc(run->arena, (run->files.n + 1) * sizeof *run->unread)))
		return -1;
	for (size_t i = 0; i < run->files.n; i++) {
		if (run->outs[i].unread)
			run->unread[run->nunread++] = &run->outs[i];
		for (size_t k = 0; k < run->outs[i].n; k++)
			gl__waivers_apply(run->waivers, &run->outs[i], &run->outs[i].v[k]);
	}
	gl__plan_out *po = &run->outs[run->nouts - 1];
	int rc = gl__waivers_expiry(run->waivers, &run->waiver_in, po, judge, run) ||
	         gl__waivers_unused(run->waivers, &run->waiver_in, po, judge, run) ? -1 : 0;
	gl__findings_tidy(po);
	po->plan.nfindings = po->n;
	return rc;
}

/* Whether REV's finding f, of a plan, is about what this run checks:
 * anything, when it checks every plan (a deleted plan's gaps are then
 * gone, a renamed plan's the same); else a plan it checks, by file or by
 * id (renamed), or a plan gone under both that falls in what this run
 * selects (under a PATH, deleted by --since's diff, in the shard of its
 * path), as it would were it there. */
static int in_scope(const gl_run *run, const gl_finding *f)
{
	const char *file = f->file, *plan = f->plan;
	if (!run->partial)
		return 1;
	if (bsearch(&file, run->files.v, run->files.n, sizeof *run->files.v, gl__by_str) ||
	    bsearch(&plan, run->ids, run->files.n, sizeof *run->ids, gl__by_str))
		return 1;
	if (bsearch(&file, run->listed, run->nlisted, sizeof *run->listed, gl__by_str) ||
	    gl__other_has_id(run->others, run->nothers, plan))
		return 0;   /* a plan this run does not check */
	return gl__selects_gone(file, (const char *const *)run->filters, run->nfilters,
	                        run->since ? &run->changed : NULL, run->shard_k, run->shard_n);
}

static int by_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* One of REV's findings, as --baseline compares it. */
typedef struct rev_print {
	uint64_t print;        /* its fingerprint */
	unsigned char waived;  /* REV had it waived */
	unsigned char seen;    /* a finding of this run matched it */
} rev_print;

static int by_print(const void *a, const void *b)
{
	const rev_print *x = a, *y = b;
	return (x->print > y->print) - (x->print < y->print);
}

/* REV's findings about what this run checks, by fingerprint. */
static int baseline_prints(gl_run *run, rev_print **out, size_t *n, gl_err *err)
{
	gl_run_opts bo = GL_RUN_OPTS_INIT;
	bo.as_of = run->as_of;
	bo.rev = run->baseline;
	bo.config = run->config_path;
	bo.jobs = run->jobs;
	bo.no_waivers = run->no_waivers;
	bo.omit = GL_OMIT_SOURCE | GL_OMIT_TITLE | GL_OMIT_LINE_HASH;   /* only fingerprints are read */
	const char *root = run->root;
	gl_run *base = NULL;
	gl_err e = {{0}};
	int rc = gl_run_open(&base, &root, 1, &bo, &e);
	if (base)
		base->compared_by = run;   /* its waivers judged on this run's plans */
	if (rc || gl_run_check(base, &e)) {
		gl_run_free(base);
		return gl__err_set(err, "--baseline %s: %s", run->baseline, e.msg), -1;
	}
	rev_print *v = gl__arena_alloc(run->arena, (base->nfindings + 1) * sizeof *v);
	int noted = 0;
	for (size_t i = 0; v && i < base->nouts; i++) {   /* waivers.yaml's last, judged as here */
		const gl__plan_out *po = &base->outs[i];
		for (size_t k = 0; k < po->n; k++) {
			const gl_finding *f = &po->v[k];
			if (i >= base->files.n || in_scope(run, f))
				v[(*n)++] = (rev_print){f->fingerprint, f->waived != NULL, 0};
		}
		/* REV's gaps of a plan it holds but cannot be read (a damaged
		 * object, a file over the limit there) are not known: say why
		 * each of the plan's gaps now counts as new */
		if (po->unreadable && po->n && in_scope(run, &po->v[0]) &&
		    note(run, "--baseline %s: %s cannot be read there (%s), so its gaps there are "
		         "not known and each of its gaps counts as new", run->baseline,
		         base->files.v[i], po->unreadable))
			noted = -1;
	}
	gl_run_free(base);
	if (!v || noted)
		return gl__err_set(err, "out of memory"), -1;
	qsort(v, *n, sizeof *v, by_print);
	*out = v;
	return 0;
}

/* REV's finding that f is: one of f's fingerprint that no finding matched
 * yet before one that some did (REV's two findings of one fingerprint are
 * two findings), waived or not as f is before otherwise; NULL when REV has
 * none. */
static rev_print *match(rev_print *v, size_t n, const gl_finding *f)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].print < f->fingerprint)
			lo = mid + 1;
		else
			hi = mid;
	}
	rev_print *best = NULL;
	int score = -1;
	for (size_t i = lo; i < n && v[i].print == f->fingerprint; i++) {
		int s = 2 * !v[i].seen + (v[i].waived == (f->waived != NULL));
		if (s > score)
			score = s, best = &v[i];
	}
	return best;
}

/* Keeps po's findings that are new since REV: REV did not have them, or
 * had them only waived and they no longer are (they block again: their
 * fingerprints go to run->unwaived); counts the others. */
static void keep_new(gl_run *run, gl__plan_out *po, rev_print *prints, size_t n)
{
	size_t k = 0;
	for (size_t j = 0; j < po->n; j++) {
		const gl_finding *f = &po->v[j];
		rev_print *hit = match(prints, n, f);
		int unwaived = hit && hit->waived && !f->waived;
		if (hit)
			hit->seen = 1;
		if (hit && !unwaived) {
			run->base_unchanged++;
			continue;
		}
		if (unwaived)
			run->unwaived[run->nunwaived++] = f->fingerprint;
		po->v[k++] = *f;
	}
	po->n = po->plan.nfindings = k;
}

/* --baseline REV: keeps only the findings REV did not have (by fingerprint,
 * so moved lines do not make old gaps new) or had waived and no longer
 * are, and counts the ones now gone. */
static int apply_baseline(gl_run *run, gl_err *err)
{
	rev_print *prints = NULL;
	size_t n = 0, total = 0;
	if (!run->baseline || baseline_prints(run, &prints, &n, err))
		return run->baseline ? -1 : 0;
	for (size_t i = 0; i < run->nouts; i++)
		total += run->outs[i].n;
	if (!(run->unwaived = gl__arena_alloc(run->arena, (total + 1) * sizeof *run->unwaived)))
		return gl__err_set(err, "out of memory"), -1;
	for (size_t i = 0; i < run->nouts; i++)
		keep_new(run, &run->outs[i], prints, n);
	qsort(run->unwaived, run->nunwaived, sizeof *run->unwaived, by_u64);
	for (size_t i = 0; i < n; i++)
		run->base_absent += !prints[i].seen;
	return 0;
}

static int new_arenas(gl_run *run, size_t n)
{
	if (!(run->arenas = calloc(n, sizeof *run->arenas)))
		return -1;
	for (; run->narenas < n; run->narenas++)
		if (!(run->arenas[run->narenas] = gl__arena_new()))
			return -1;
	return 0;
}

/* Runs fn on n threads, the calling one too: thread k gets arg + k * size
 * (size 0: every thread arg). A thread that cannot be created leaves its
 * share to the others, which all take work from one counter. */
static void on_threads(size_t n, void *(*fn)(void *), void *arg, size_t size)
{
	pthread_t *t = n > 1 ? calloc(n - 1, sizeof *t) : NULL;
	size_t started = 0;
	while (t && started + 1 < n &&
	       pthread_create(&t[started], NULL, fn, (char *)arg + (started + 1) * size) == 0)
		started++;
	fn(arg);
	for (size_t i = 0; i < started; i++)
		pthread_join(t[i], NULL);
	free(t);
}

/* The plans listed but not checked: their ids, read by several threads. */
typedef struct id_pool {
	const gl_run *run;
	const char **checked;   /* the plans checked, sorted */
	char **ids;             /* listed plan i's top-level id, malloc'd; NULL: none */
	atomic_size_t next;
	atomic_int oom;
} id_pool;

/* Listed plan i's top-level id into p->ids[i], unless it was checked or
 * has none (unreadable: no id to compare). -1 out of memory. */
static int read_id(id_pool *p, size_t i)
{
	const gl_run *run = p->run;
	const char *file = run->listed[i];
	char *buf = NULL;
	size_t len;
	gl_err e;
	int oom = 0;
	if (bsearch(&file, p->checked, run->files.n, sizeof *p->checked, gl__by_str))
		return 0;
	int rc = gl__source_peek(&run->source, file, run->cfg.limits.max_bytes, &buf, &len, &e);
	if (rc)
		return rc == GL_ENOMEM ? -1 : 0;
	p->ids[i] = gl__doc_top_scalar(buf, len, "id", run->cfg.limits.max_depth, &oom);
	free(buf);
	return oom ? -1 : 0;
}

static void *id_worker(void *arg)
{
	id_pool *p = arg;
	for (size_t i; !atomic_load(&p->oom) && (i = atomic_fetch_add(&p->next, 1)) < p->run->nlisted;) {
		gl__progress();
		if (read_id(p, i) < 0)
			atomic_store(&p->oom, 1);
	}
	return NULL;
}

/* Reads the listed plans' ids on `jobs` threads, the calling one too: the
 * pre-commit hook checks one plan and reads a thousand others' ids. */
static void read_ids(id_pool *p, size_t jobs)
{
	size_t most = p->run->nlisted / 16 + 1;   /* a thread per 16 plans, 8 at most */
	if (most > 8)
		most = 8;
	on_threads(jobs < most ? jobs : most, id_worker, p, 0);
}

/* The ids of the plans listed but not checked, each read no further than
 * its top-level id; *n set. NULL with *n 0 when there are none; -1 in *n
 * out of memory. */
static gl__other_id *other_ids(gl_run *run, size_t jobs, size_t *n)
{
	*n = 0;
	if (!run->nlisted)
		return NULL;   /* every plan listed is checked */
	gl__other_id *v = gl__arena_alloc(run->arena, run->nlisted * sizeof *v);
	id_pool p = {.run = run};
	p.checked = gl__arena_alloc(run->arena, (run->files.n + 1) * sizeof *p.checked);
	p.ids = calloc(run->nlisted, sizeof *p.ids);
	if (!v || !p.checked || !p.ids) {
		free(p.ids);
		return *n = (size_t)-1, NULL;
	}
	memcpy(p.checked, run->files.v, run->files.n * sizeof *p.checked);
	qsort(p.checked, run->files.n, sizeof *p.checked, gl__by_str);
	read_ids(&p, jobs);
	int oom = atomic_load(&p.oom);
	for (size_t i = 0; i < run->nlisted; i++) {
		if (p.ids[i] && !oom) {
			v[*n].file = run->listed[i];
			oom = !(v[(*n)++].id = gl__arena_strdup(run->arena, p.ids[i]));
		}
		free(p.ids[i]);
	}
	free(p.ids);
	return oom ? (*n = (size_t)-1, NULL) : v;
}

/* The plan-id detector's severity on checked plan po (ids.c), as the
 * workers set every detector's. */
static int severity_on(void *ctx, const gl__plan_out *po, const gl_rule *r)
{
	const gl_run *run = ctx;
	signed char *sev = NULL;
	unsigned char *skip = rule_settings(run, po->plan.file, &sev);   /* NULL: no overrides */
	int s = gl__detector_severity(run->packs, skip, skip ? sev : NULL, r, po->id_status);
	free(skip);
	return s;
}

/* A checked plan's document again, for the source line of a finding made
 * after the workers (a repeated plan id: rare); NULL when it cannot be. */
static gl_doc *reread(void *ctx, const gl__plan_out *po)
{
	const gl_run *run = ctx;
	char *buf = NULL;
	size_t len;
	gl_err e;
	gl_doc *doc = NULL;
	if (gl__source_read(&run->source, po->plan.file, run->cfg.limits.max_bytes, &buf, &len,
	                    &e) == 0 &&
	    gl_doc_parse(&doc, po->plan.file, buf, len, &run->cfg.limits) < 0)
		doc = NULL;
	free(buf);
	return doc;
}

int gl_run_check(gl_run *run, gl_err *err)
{
	if (run->no_plans) {
		gl__err_set(err, "no plan in %s matches %s%s", run->root, run->cfg.plans[0],
		            run->cfg.nplans > 1 ? " or the other plans globs" : "");
		return named_in_config(run, "plans", 0, NULL, err), GL_ERROR;
	}
	run->outs = calloc(run->files.n + 2, sizeof *run->outs);
	if (!run->outs)
		return gl__err_set(err, "out of memory"), GL_ENOMEM;
	run->nouts = run->files.n;
	long online = sysconf(_SC_NPROCESSORS_ONLN);
	size_t cpus = online > 0 ? (size_t)online : 1;   /* by default at most 8: each */
	size_t asked = run->jobs > 0 ? (size_t)run->jobs   /* thread reserves a malloc arena */
	               : cpus > 8 ? 8 : cpus;
	size_t jobs = asked;
	if (jobs > run->files.n)
		jobs = run->files.n ? run->files.n : 1;
	if (new_arenas(run, jobs + 1))   /* one per worker, one for waivers */
		return gl__err_set(err, "out of memory"), GL_ENOMEM;
	if (load_waivers(run, err))
		return err->msg[0] ? GL_ERROR : (gl__err_set(err, "out of memory"), GL_ENOMEM);
	if (run->traced && run->files.n == 1)
		gl__repo_trace_one(run->traced);   /* the hook's one staged plan */
	pool p = {.run = run};
	pthread_mutex_init(&p.lock, NULL);
	job *jv = calloc(jobs, sizeof *jv);
	for (size_t i = 0; jv && i < jobs; i++)
		jv[i] = (job){&p, run->arenas[i], own_handle(run, jobs, cpus, i)};
	if (jv)
		on_threads(jobs, worker, jv, sizeof *jv);
	else
		worker(&(job){&p, run->arenas[0], run->traced});
	for (size_t i = 0; jv && i < jobs; i++)
		if (jv[i].traced != run->traced)
			gl__repo_free(jv[i].traced);
	free(jv);
	pthread_mutex_destroy(&p.lock);
	if (atomic_load(&p.failed)) {
		*err = p.err;
		return GL_ERROR;
	}
	if (!(run->ids = plan_ids(run)))
		return gl__err_set(err, "out of memory"), GL_ENOMEM;
	run->others = other_ids(run, asked, &run->nothers);
	if (run->nothers == (size_t)-1)
		return gl__err_set(err, "out of memory"), GL_ENOMEM;
	if (gl__plan_ids(run->outs, run->files.n, run->others, run->nothers, run->packs,
	                 run->omit & GL_OMIT_SOURCE ? NULL : reread, severity_on, run) ||
	    apply_waivers(run) || apply_baseline(run, err) || gather(run))
		return err->msg[0] ? GL_ERROR : (gl__err_set(err, "out of memory"), GL_ENOMEM);
	return 0;
}

/* ---- what a run reads ---------------------------------------------------- */

typedef int (*stat_fn)(const char *, struct stat *);

/* 1 when dir/rel (rel alone when dir is NULL), as `how` sees it (stat: the
 * file; lstat: a symlink itself), is `t`. */
static int same_as(const struct stat *t, stat_fn how, const char *dir, const char *rel)
{
	char p[PATH_MAX];
	struct stat st;
	return rel && snprintf(p, sizeof p, "%s%s%s", dir ? dir : "", dir ? "/" : "", rel) <
	                      (int)sizeof p &&
	       how(p, &st) == 0 && st.st_dev == t->st_dev && st.st_ino == t->st_ino;
}

static int same_file(const struct stat *t, const char *dir, const char *rel)
{
	return same_as(t, stat, dir, rel);
}

/* What `t` is among the files every run of this repository reads: the
 * config (the repository's and --config), roster, waivers and local packs
 * (whether or not this run reads waivers.yaml), or NULL. */
static const char *input_role(const gl_run *run, const struct stat *t)
{
	const char *root = run->root;
	if (same_file(t, root, ".govlint.yaml") || same_file(t, NULL, run->config_path))
		return "the config";
	if (same_file(t, root, run->cfg.roster))
		return "the roster";
	if (same_file(t, root, run->cfg.waivers))
		return "the waivers file";
	for (size_t i = 0; i < run->cfg.npacks; i++)
		if (same_file(t, root, gl__config_pack_file(run->cfg.packs[i])))
			return "a rule pack";
	return NULL;
}

/* 1 when `t` is a plan: one this run checks (a PATH outside the plans
 * globs included) or any other in the work tree; -1 with err. With lstat,
 * `t` is a symlink, and the plans not followed (leaving the repository,
 * dangling, looping) count too: a report written there would replace the
 * plan entry, or land outside the repository. */
static int is_plan(const gl_run *run, const struct stat *t, stat_fn how, gl_err *err)
{
	for (size_t i = 0; i < run->files.n; i++)
		if ((how == lstat || !run->files.why[i]) && same_as(t, how, run->root, run->files.v[i]))
			return 1;
	gl__filelist all = {0};
	int hit = 0;
	if (gl__list_files(run->root, run->cfg.plans, run->cfg.nplans, &all, err) == 0)
		for (size_t i = 0; i < all.n && !hit; i++)
			hit = (how == lstat || !all.why[i]) && same_as(t, how, run->root, all.v[i]);
	else
		hit = -1;
	gl__filelist_free(&all);
	return hit;
}

/* The folder a file written at `path` lands in (real, absolute) into
 * `real`; -1 when it is not there. */
static int landing(const char *path, char real[PATH_MAX])
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	int n = slash ? (int)(slash - path) : 1;
	return snprintf(dir, sizeof dir, "%.*s", n, slash ? (n ? path : "/") : ".") < (int)sizeof dir &&
	               realpath(dir, real)
	           ? 0 : -1;
}

int gl_same_target(const char *a, const char *b)
{
	struct stat sa, sb;
	int ta = stat(a, &sa) == 0, tb = stat(b, &sb) == 0;
	if (ta || tb)
		return ta && tb && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	char da[PATH_MAX], db[PATH_MAX];
	const char *na = strrchr(a, '/'), *nb = strrchr(b, '/');
	na = na ? na + 1 : a;
	nb = nb ? nb + 1 : b;
	return strcmp(na, nb) == 0 && landing(a, da) == 0 && landing(b, db) == 0 &&
	       strcmp(da, db) == 0;
}

/* 1 when `path` (a file to be written, there or not) lies in the
 * repository where a plans glob matches it: the next run would check the
 * report as a plan. */
static int plan_to_be(const gl_run *run, const char *path)
{
	char real[PATH_MAX], root[PATH_MAX];
	const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
	if (landing(path, real) || !realpath(run->root, root))
		return 0;
	size_t k = strcmp(root, "/") == 0 ? 0 : strlen(root);
	if (strncmp(real, root, k) != 0 || (real[k] != '/' && real[k] != '\0'))
		return 0;
	char rel[PATH_MAX];
	const char *under = real[k] ? real + k + 1 : "";
	if (snprintf(rel, sizeof rel, "%s%s%s", under, *under ? "/" : "", base) >= (int)sizeof rel)
		return 0;
	if (rel[0] == '.' || strstr(rel, "/."))
		return 0;   /* the walk of the plans skips hidden entries */
	return file_matches(run->cfg.plans, run->cfg.nplans, rel);
}

int gl_run_reads(const gl_run *run, const char *path, const char **what, gl_err *err)
{
	struct stat t, l;
	*what = NULL;
	int rc = 0, there = stat(path, &t) == 0;
	if (there && S_ISREG(t.st_mode) && (*what = input_role(run, &t)))
		return 1;   /* a link to one is no plan either (gl__select_plans_only) */
	if (lstat(path, &l) == 0 && S_ISLNK(l.st_mode))
		rc = is_plan(run, &l, lstat, err);   /* the plan entry is the link itself */
	if (rc == 0 && there && S_ISREG(t.st_mode))
		rc = is_plan(run, &t, stat, err);
	/* else not there yet, or no file a run reads (a device, a FIFO) */
	if (rc == 0 && (!there || S_ISREG(t.st_mode)) && plan_to_be(run, path)) {
		*what = "a plan: the plans globs match it";
		return 1;
	}
	*what = rc > 0 ? "a plan" : NULL;
	return rc < 0 ? GL_ERROR : rc;
}

/* 1 when the real folder `dir` is folder `top` or lies below it: each
 * folder from dir up to / compared with top by device and inode, so that
 * however top is spelt (a symlink, a bind mount) it is found. */
static int within(const char *dir, const struct stat *top)
{
	char p[PATH_MAX];
	struct stat st;
	if (snprintf(p, sizeof p, "%s", dir) >= (int)sizeof p)
		return 0;
	for (char *slash;; *slash = '\0') {
		if (stat(*p ? p : "/", &st) == 0 && st.st_dev == top->st_dev && st.st_ino == top->st_ino)
			return 1;
		if (!*p || !(slash = strrchr(p, '/')))
			return 0;
	}
}

/* 1 when a file written at `path` lands in folder `top`: where the name
 * is, or where it leads (a symlink to a file there). */
static int lands_in(const char *path, const char *top)
{
	char dir[PATH_MAX], real[PATH_MAX];
	struct stat t;
	if (!top || stat(top, &t) != 0)
		return 0;
	if (landing(path, dir) == 0 && within(dir, &t))
		return 1;
	return realpath(path, real) && landing(real, dir) == 0 && within(dir, &t);
}

int gl_run_in_git(const gl_run *run, const char *path, const char **what)
{
	gl__repo *r = run->repo;
	gl_err e;
	*what = NULL;
	if (!r && (!in_git(run->root) || gl__repo_open(&r, run->root, &e)))
		return 0;   /* in no repository git can open: no git files to keep */
	const char *dir, *common, *index;
	gl__repo_git_paths(r, &dir, &common, &index);
	struct stat t;
	int there = stat(path, &t) == 0;
	if (index && gl_same_target(path, index))   /* GIT_INDEX_FILE may name one not there yet */
		*what = "the repository's git index";
	else if (there && same_file(&t, gl__repo_workdir(r), ".git"))
		*what = "the work tree's .git file (the link to its git directory)";
	else if (lands_in(path, dir) || lands_in(path, common))
		*what = "in the repository's git directory";
	if (r != run->repo)
		gl__repo_free(r);
	return *what != NULL;
}

/* ---- results ------------------------------------------------------------ */

size_t gl_run_nrules(const gl_run *run) { return gl__packset_nrules(run->packs); }
const gl_rule *gl_run_rule(const gl_run *run, size_t i) { return gl__packset_rule(run->packs, i); }

const gl_rule *gl_run_listed_rule(const gl_run *run, size_t i)
{
	size_t n = gl__packset_nrules(run->packs);
	return i < n ? gl__packset_rule(run->packs, i) : gl__builtin_rule(run->packs, i - n);
}

const gl_rule *gl_run_find_rule(const gl_run *run, const char *id)
{
	const gl_rule *r;
	for (size_t i = 0; (r = gl_run_listed_rule(run, i)) != NULL; i++)
		if (strcmp(r->id, id) == 0)
			return r;
	return NULL;
}

size_t gl_run_nplans(const gl_run *run) { return run->outs ? run->nouts : run->files.n; }
size_t gl_run_nfindings(const gl_run *run) { return run->nfindings; }
gl_severity gl_run_fail_on(const gl_run *run) { return run->fail_on; }
const char *gl_run_as_of(const gl_run *run) { return run->as_of; }

const char *gl_run_worktree_prefix(const gl_run *run) { return run->prefix ? run->prefix : ""; }

int gl_run_shard(const gl_run *run, unsigned *k, unsigned *n)
{
	*k = run->shard_k;
	*n = run->shard_n;
	return run->shard_n > 1;
}

const char *gl_run_since(const gl_run *run) { return run->since; }

const char *const *gl_run_paths(const gl_run *run, size_t *n)
{
	*n = run->nfilters;
	return (const char *const *)run->filters;
}

const char *gl_run_root(const gl_run *run) { return run->root; }

size_t gl_run_nnotes(const gl_run *run) { return run->nnotes; }
const char *gl_run_note(const gl_run *run, size_t i) { return i < run->nnotes ? run->notes[i] : NULL; }

const char *gl_run_source(const gl_run *run, const char **described)
{
	if (described)
		*described = run->described;
	return run->source.src == GL__SRC_INDEX ? "index"
	       : run->source.src == GL__SRC_REV ? run->source.rev
	                                        : "working tree";
}

int gl_run_baseline(const gl_run *run, const char **rev, size_t *fresh, size_t *unchanged,
                    size_t *absent)
{
	if (!run->baseline)
		return 0;
	*rev = run->baseline;
	*fresh = run->nfindings;
	*unchanged = run->base_unchanged;
	*absent = run->base_absent;
	return 1;
}

size_t gl_run_unwaived(const gl_run *run)
{
	return run->nunwaived;
}

int gl_finding_unwaived(const gl_run *run, const gl_finding *f)
{
	return !f->waived && run->nunwaived &&
	       bsearch(&f->fingerprint, run->unwaived, run->nunwaived, sizeof *run->unwaived, by_u64);
}

const gl_plan *gl_run_plan(const gl_run *run, size_t i)
{
	return i < gl_run_nplans(run) && run->outs ? &run->outs[i].plan : NULL;
}

const gl_finding *gl_run_finding(const gl_run *run, size_t i)
{
	return i < run->nfindings ? run->findings[i] : NULL;
}

int gl_finding_blocks(const gl_run *run, const gl_finding *f)
{
	return !f->waived && run->fail_on != GL_SEV_NEVER && f->severity >= run->fail_on &&
	       gl_rule_enforcement(f->rule) != GL_ENF_ADVISORY;
}

int gl_run_failed(const gl_run *run)
{
	for (size_t i = 0; i < run->nfindings; i++)
		if (gl_finding_blocks(run, run->findings[i]))
			return 1;
	return 0;
}

void gl__run_summary(const gl_run *run, gl__summary *s)
{
	memset(s, 0, sizeof *s);
	s->plans = run->files.n;   /* waivers.yaml is not a plan */
	for (size_t i = 0; i < run->nfindings; i++) {
		gl_severity sev = run->findings[i]->severity;
		if (run->findings[i]->waived) {
			s->waived++;
			continue;
		}
		s->errors += sev == GL_SEV_ERROR;
		s->warnings += sev == GL_SEV_WARNING;
		s->infos += sev == GL_SEV_INFO;
	}
}

const char *gl__run_waivers_file(const gl_run *run)
{
	return run->cfg.waivers;
}

int gl__run_id_shared(const gl_run *run, const char *id)
{
	const char **v = run->ids, **at = NULL;
	size_t n = run->files.n;
	if (v && n)
		at = bsearch(&id, v, n, sizeof *v, gl__by_str);
	if (at && ((at > v && strcmp(at[-1], id) == 0) || (at + 1 < v + n && strcmp(at[1], id) == 0)))
		return 1;
	return gl__other_has_id(run->others, run->nothers, id);
}

void gl_run_free(gl_run *run)
{
	if (!run)
		return;
	for (size_t i = 0; run->outs && i < run->nouts; i++)
		free(run->outs[i].v);
	free(run->outs);
	free(run->findings);
	gl__waivers_free(run->waivers);
	free(run->waiver_buf);
	free(run->waiver_skip);
	gl__repo_free(run->repo);
	for (size_t i = 0; i < run->narenas; i++)
		gl__arena_free(run->arenas[i]);
	free(run->name);
	free(run->email);
	free(run->arenas);
	gl__filelist_free(&run->files);
	gl__filelist_free(&run->changed);
	gl__packset_free(run->packs);
	gl_doc_free(run->roster_doc);
	gl__config_free(&run->cfg);
	gl__arena_free(run->arena);
	free(run);
}
