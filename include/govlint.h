/*
 * govlint: governance-as-code checks for AI rollouts in clinical imaging.
 *
 * The public API of libgovlint. The library never prints and never exits:
 * results come back as data, and errors as one line of text on a gl_err
 * ("file:line:col: what is wrong" where a location exists).
 *
 * Ownership: a `**out` argument hands the caller a new object, freed with the
 * matching _free(). Getters return borrowed pointers that live as long as the
 * object they came from. Every _free(NULL) is a no-op.
 */
#ifndef GOVLINT_H
#define GOVLINT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define GL_VERSION "0.1.0"
#define GL_JSON_VERSION 1

/* Return codes: 0 ok, negative: could not evaluate (exit 2 in the CLI). */
enum { GL_OK = 0, GL_ERROR = -1, GL_ENOMEM = -2 };

typedef struct gl_err {
	char msg[1024];
} gl_err;

/* ---- YAML documents (policy/doc.c) ---------------------------------- */

typedef enum { GL_NULL, GL_SCALAR, GL_SEQ, GL_MAP } gl_node_kind;

/*
 * A node of a parsed document. Read-only for callers. A mapping stores its
 * pairs flat: items[2*i] is the key, items[2*i+1] the value; n counts
 * items (twice the pairs). Aliases share the anchored node, so a document is
 * a DAG; `weight` is the number of nodes of the expanded subtree.
 */
typedef struct gl_node gl_node;
struct gl_node {
	gl_node_kind kind;
	unsigned line, col;  /* 1-based, of the node's first character */
	unsigned plain : 1;  /* a plain (unquoted, untagged) scalar */
	unsigned stype : 3;  /* the loader's YAML 1.2 type of a scalar, + 1 (0: not typed) */
	const char *tag;     /* explicit tag or NULL; data only */
	const char *str;     /* scalar text, NUL-terminated */
	size_t len;
	gl_node **items;
	size_t n;
	size_t weight;
};

typedef enum {
	GL_DIAG_SYNTAX,     /* not valid YAML, or not a single mapping */
	GL_DIAG_DUPLICATE,  /* a key repeated in one mapping */
	GL_DIAG_LIMIT       /* a size, depth, node or alias limit was hit */
} gl_diag_kind;

typedef struct gl_diag {
	gl_diag_kind kind;
	unsigned line, col;
	char *msg;
} gl_diag;

typedef struct gl_limits {
	size_t max_bytes;        /* file size */
	size_t max_depth;        /* nesting of collections */
	size_t max_nodes;        /* nodes created by the parser */
	size_t max_weight;       /* nodes after alias expansion */
	size_t max_scalar;       /* bytes of one scalar */
	size_t max_findings;     /* findings of one rule in one plan (0: no cap) */
} gl_limits;

#define GL_LIMITS_INIT {8u << 20, 256, 1000000, 4000000, 1u << 20, 1000}

typedef struct gl_doc gl_doc;

/*
 * Parses one YAML document from a buffer. Problems in the input (syntax,
 * duplicate keys, limits) do not fail the call: they are diagnostics on the
 * document, and root is NULL when no usable tree exists. Returns GL_ENOMEM
 * only when memory runs out. `name` is used in messages and copied.
 */
int gl_doc_parse(gl_doc **out, const char *name, const char *buf, size_t len,
                 const gl_limits *lim);
const gl_node *gl_doc_root(const gl_doc *doc);
size_t gl_doc_ndiags(const gl_doc *doc);
const gl_diag *gl_doc_diag(const gl_doc *doc, size_t i);
/* The text of 1-based line `line` (without its newline), or NULL. The
 * first call indexes the lines: calls on one doc must not run concurrently. */
const char *gl_doc_line(const gl_doc *doc, unsigned line, size_t *len);
void gl_doc_free(gl_doc *doc);

/* Map lookup by key; NULL when absent or when `map` is not a mapping. */
const gl_node *gl_node_get(const gl_node *map, const char *key);
/* True for a null node or a plain scalar spelling YAML 1.2 null. */
int gl_node_is_null(const gl_node *n);

/* ---- Findings ------------------------------------------------------- */

typedef enum { GL_SEV_INFO = 0, GL_SEV_WARNING = 1, GL_SEV_ERROR = 2, GL_SEV_NEVER = 3 } gl_severity;
typedef enum { GL_ENF_HARD, GL_ENF_SOFT, GL_ENF_ADVISORY } gl_enforcement;

typedef struct gl_rule gl_rule;

/* The waiver that turned a finding into a waived one. */
typedef struct gl_waiver {
	const char *reason, *approved_by, *expires, *reference;   /* reference may be NULL */
} gl_waiver;

typedef struct gl_finding {   /* 96 bytes: a run keeps every one */
	const gl_rule *rule;
	char *plan;               /* plan id, or the file name when unknown */
	char *file;               /* relative to the repository root */
	char *path;               /* logical path, e.g. concerns[2].sign_off */
	char *message;
	char *owner;              /* who must act, or NULL */
	char *source;             /* the source line, for display, or NULL (also over 4,096 bytes) */
	const gl_waiver *waived;  /* non-NULL: waived, never counted against fail-on */
	uint64_t line_hash;       /* GitHub's hash of the line (SARIF primaryLocationLineHash) */
	uint64_t fingerprint;     /* of rule, plan, path and value; shown as 16 hex digits */
	unsigned line, col;
	unsigned end_col;         /* just past the YAML token at col (when the source is kept) */
	unsigned severity : 2;    /* a gl_severity, after status mapping and overrides */
	unsigned line_hash_n : 30;   /* which line of the file with line_hash it is; 0: none */
} gl_finding;

const char *gl_severity_name(gl_severity s);
/* 1 when s is a calendar date written YYYY-MM-DD. */
int gl_date_valid(const char *s);
int gl_severity_parse(const char *s, gl_severity *out);
const char *gl_enforcement_name(gl_enforcement e);

/* ---- Rules ---------------------------------------------------------- */

typedef struct gl_pack gl_pack;

const char *gl_rule_id(const gl_rule *r);
const char *gl_rule_title(const gl_rule *r);
const char *gl_rule_area(const gl_rule *r);
/* The severity the rule reports at: the config's when it sets one for
 * every plan (an override without files:, signoff_provenance), else the
 * pack's (which severity by plan status may still change). */
gl_severity gl_rule_severity(const gl_rule *r);
/* The severity the rule's pack gives it. */
gl_severity gl_rule_pack_severity(const gl_rule *r);
/* 1 when the config sets the rule's severity for every plan: the pack's
 * severity_by_status, status map and escalate then do not apply. */
int gl_rule_severity_by_config(const gl_rule *r);
gl_enforcement gl_rule_enforcement(const gl_rule *r);
const char *gl_rule_rationale(const gl_rule *r);
const char *gl_rule_help(const gl_rule *r);
/* The rule's pack, or NULL for a built-in rule of the engine (see
 * gl_run_listed_rule). */
const char *gl_rule_pack(const gl_rule *r);
/* What the engine itself finds that the rule reports: "yaml-syntax",
 * "duplicate-key", "waiver" or "plan-id" (`detects:`), else NULL. */
const char *gl_rule_detects(const gl_rule *r);
/* The rule's `escalate`: its `when` as one line of flow YAML (cut with
 * " ..." past 1,000 bytes) and, in *to, the severity it raises findings
 * to; NULL when the rule has none. */
const char *gl_rule_escalate(const gl_rule *r, gl_severity *to);
/* The i-th status of the rule's own `severity_by_status` and, in *sev,
 * its severity; NULL past the last. */
const char *gl_rule_status_severity(const gl_rule *r, size_t i, gl_severity *sev);
/* The i-th status of the pack's `severity_by_status` that can change the
 * rule's findings and, in *from and *to, the severity it changes: from is
 * the rule's severity or escalate's; a status the rule's own map lists is
 * left out, as the rule's map wins. NULL past the last. */
const char *gl_rule_pack_status_severity(const gl_rule *r, size_t i, gl_severity *from,
                                         gl_severity *to);
/* The i-th role of the rule's `waiver_approvers`, NULL past the last (a
 * rule without them takes the config's waiver_approvers). */
const char *gl_rule_waiver_approver(const gl_rule *r, size_t i);
/* 0 when the config switches the rule off for the whole run, or when
 * gl_rule_shadowed_by names a rule reporting instead of it. */
int gl_rule_active(const gl_rule *r);
/* For a `detects:` rule, the rule of a pack listed before its own that
 * detects the same, which reports it instead (only the first in pack order
 * does): r never reports anything. NULL otherwise. */
const gl_rule *gl_rule_shadowed_by(const gl_rule *r);
const char *gl_rule_pack_version(const gl_rule *r);   /* or NULL */
/* The citation the rule's pack gives for a source id such as "S12", or NULL. */
const char *gl_rule_source(const gl_rule *r, const char *id);
/* The YAML text of example `i` of kind "pass" or "fail", or NULL. A
 * built-in pack's rules have them only in a run opened with
 * gl_run_opts.want_examples (a local pack's always). */
const char *gl_rule_example(const gl_rule *r, const char *kind, size_t i);

/* Scaffolds a planning repository in `dir` (created if missing): config,
 * roster, a template plan, .gitignore. Writes nothing when the config,
 * roster or plan exists already (GL_ERROR); a .gitignore there is kept, and
 * the return value is then GL_INIT_KEPT_GITIGNORE, else 0. `err` must start
 * empty. */
enum { GL_INIT_KEPT_GITIGNORE = 1 };
int gl_init(const char *dir, gl_err *err);

/* Names of the packs built into the binary, NULL-terminated. */
const char *const *gl_builtin_packs(void);

/* ---- A run ---------------------------------------------------------- */

typedef struct gl_run_opts {
	int version;
	const char *config;       /* explicit --config, or NULL to look in the root */
	const char *as_of;        /* YYYY-MM-DD, or NULL for today (UTC) */
	gl_severity fail_on;      /* GL_SEV_NEVER + 1 means "from config" */
	int jobs;                 /* 0: one per CPU */
	int no_waivers;           /* ignore waivers.yaml: the full picture */
	int staged;               /* read the git index, not the work tree */
	const char *since;        /* only plans changed since the merge base with this rev */
	const char *baseline;     /* report only findings this revision did not have */
	const char *rev;          /* read everything from this git revision */
	unsigned shard_k, shard_n;   /* check shard k (1-based) of n; n 0 or 1: all */
	unsigned omit;            /* GL_OMIT_*: what no report of this run prints is not kept */
	int worktree_paths;       /* find the root's place in its git work tree (gl_report_worktree_paths) */
	int want_examples;        /* load the built-in packs' rule examples (gl_rule_example); a
	                             check needs none, and parses the packs faster without */
} gl_run_opts;

/* Parts of a finding or plan a run need not keep (see gl_report_omits). */
enum {
	GL_OMIT_SOURCE = 1,   /* gl_finding.source stays NULL */
	GL_OMIT_TITLE = 2,    /* gl_plan.title stays NULL */
	GL_OMIT_LINE_HASH = 4   /* gl_finding.line_hash and line_hash_n stay 0 (no file is hashed) */
};

#define GL_RUN_OPTS_VERSION 1
#define GL_FAIL_ON_UNSET ((gl_severity)(GL_SEV_NEVER + 1))
#define GL_RUN_OPTS_INIT {GL_RUN_OPTS_VERSION, NULL, NULL, GL_FAIL_ON_UNSET, 0, 0, 0, NULL, NULL, NULL, 0, 0, 0, 0, 0}

typedef struct gl_run gl_run;

/*
 * Opens a run on the planning repository holding `paths` (the nearest
 * folder upwards, from each path as written, with .govlint.yaml,
 * people.yaml, plans/ or .git; no paths means "."). Paths below that root
 * narrow the check to those files and folders; one through a symlink that
 * leaves the root is not followed (a file: a GOV-YAML-001 finding; a
 * folder: GL_ERROR). Loads config, roster and packs; on error returns
 * GL_ERROR with err set, and *out must still be freed.
 */
int gl_run_open(gl_run **out, const char *const *paths, size_t npaths,
                const gl_run_opts *opts, gl_err *err);
/* Checks every selected plan. Negative on an error that stops the run. */
int gl_run_check(gl_run *run, gl_err *err);
/* Whether `path` is a file the run reads, so that a report written there
 * would replace an input: the config (.govlint.yaml or --config), the
 * roster, the waivers file, a local rule pack or a plan (one checked, or
 * any other of the repository's work tree). Compared by identity (device
 * and inode), so a symlink, a hard link or a `..` path to it counts. 1 with
 * *what set ("the config", "the roster", "the waivers file", "a rule pack",
 * "a plan"); 0 when it is none of them or does not exist; negative with err
 * when the plans cannot be listed. Call it after gl_run_open. */
int gl_run_reads(const gl_run *run, const char *path, const char **what, gl_err *err);
/* Whether a file written at `path` (there or not) would land among git's
 * own files of the repository holding the run's root, which hold what a
 * run reads from git (index, HEAD, refs, objects): in its git directory,
 * or the common one of a linked worktree (folders compared by device and
 * inode, also where a symlink at `path` leads), on the index file
 * ($GIT_INDEX_FILE when set), or on the .git file of a linked worktree or
 * submodule. 1 with *what set ("in the repository's git directory", "the
 * repository's git index", "the work tree's .git file (...)"); 0 when
 * not, or when the root is in no git repository. Call it after
 * gl_run_open. */
int gl_run_in_git(const gl_run *run, const char *path, const char **what);
/* 1 when writing a file at `a` would write file `b`: the same file (device
 * and inode), or, when neither is there yet, the same name in the same
 * real folder. */
int gl_same_target(const char *a, const char *b);

size_t gl_run_nrules(const gl_run *run);
const gl_rule *gl_run_rule(const gl_run *run, size_t i);
/* The rules `govlint rules` lists, i from 0 (NULL past the last): the
 * packs' (gl_run_rule, switched off ones included), then the engine's
 * built-in rules the run reports under, those of GOV-YAML-001,
 * GOV-YAML-002, GOV-WVR-001 and GOV-DOC-004 whose findings no pack's
 * `detects:` rule takes (gl_rule_pack NULL). */
const gl_rule *gl_run_listed_rule(const gl_run *run, size_t i);
/* The listed rule with this id, or NULL. */
const gl_rule *gl_run_find_rule(const gl_run *run, const char *id);
/* A checked plan, in file order (unreadable files included). */
typedef struct gl_plan {
	const char *file;    /* relative to the repository root */
	const char *id;      /* the plan's id, or its file when it has none */
	const char *title, *status, *owner;   /* NULL when absent */
	size_t nfindings;    /* how many of the run's findings are this plan's */
} gl_plan;

size_t gl_run_nplans(const gl_run *run);
const gl_plan *gl_run_plan(const gl_run *run, size_t i);
/* The repository root (absolute). */
const char *gl_run_root(const gl_run *run);
/* What the run could not do and says once, not as a finding (e.g. sign-offs
 * not traced: not in a git repository). */
size_t gl_run_nnotes(const gl_run *run);
const char *gl_run_note(const gl_run *run, size_t i);
/* What was read: "working tree", "index" or "REV", and for git sources the
 * commit (short id and summary) in `described`, else "". */
const char *gl_run_source(const gl_run *run, const char **described);
/* With --baseline: 1 and the revision and counts of findings that are new
 * (reported), unchanged (dropped) and absent (fixed since). Else 0. */
int gl_run_baseline(const gl_run *run, const char **rev, size_t *fresh, size_t *unchanged,
                    size_t *absent);
/* With --baseline: how many of the new findings REV had, but only waived,
 * and no longer are (the waiver removed or changed): they block again. */
size_t gl_run_unwaived(const gl_run *run);
/* With --baseline: 1 when f is one of those. */
int gl_finding_unwaived(const gl_run *run, const gl_finding *f);
/* With --shard K/N (N > 1): 1 and K and N. Else 0. */
int gl_run_shard(const gl_run *run, unsigned *k, unsigned *n);
/* With --since REV, when it narrowed the plans checked to those changed
 * since (not when every plan changed, or the roster, config, waivers or a
 * local pack did): REV. Else NULL. */
const char *gl_run_since(const gl_run *run);
/* The paths below the root that narrow the plans checked (the run's
 * `paths` as the root names them, "plans/a.yaml"), *n of them; *n is 0
 * when the run checks every plan the config lists. */
const char *const *gl_run_paths(const gl_run *run, size_t *n);
/* The planning root's path in the git work tree holding it, with a
 * trailing '/' ("governance/"), when the run was opened with
 * worktree_paths and the root is below the work tree's root; else "". */
const char *gl_run_worktree_prefix(const gl_run *run);
size_t gl_run_nfindings(const gl_run *run);
const gl_finding *gl_run_finding(const gl_run *run, size_t i);
gl_severity gl_run_fail_on(const gl_run *run);
const char *gl_run_as_of(const gl_run *run);
/* 1 when the finding counts against fail_on: at or above it, not from an
 * advisory rule, not waived. */
int gl_finding_blocks(const gl_run *run, const gl_finding *f);
/* 1 when some finding blocks. */
int gl_run_failed(const gl_run *run);
void gl_run_free(gl_run *run);

/* ---- Reports -------------------------------------------------------- */

/* What the job summary of a github report ($GITHUB_STEP_SUMMARY) holds
 * of the gap list, for the report's last line to say. */
typedef enum {
	GL_JOB_SUMMARY_NONE,    /* no job summary is written */
	GL_JOB_SUMMARY_WHOLE,   /* the whole gap list */
	GL_JOB_SUMMARY_CUT,     /* its start: GitHub keeps 1 MiB of a step's summary */
	GL_JOB_SUMMARY_FULL     /* none of it: earlier writes left no room */
} gl_job_summary;

typedef struct gl_report_opts {
	int color;   /* ANSI colour in text output */
	int quiet;   /* text: findings only, no summary line */
	gl_job_summary job_summary;   /* github */
} gl_report_opts;

/* Writes the report of `format` (text, json, sarif, junit, github, markdown,
 * html) to `f`. */
int gl_report(const gl_run *run, const char *format, const gl_report_opts *o,
              FILE *f, gl_err *err);
/* Writes the JSON Schema of a plan, with the run's vocabularies as enums. */
int gl_schema(const gl_run *run, FILE *f, gl_err *err);

/* Writes the Markdown rule reference of the rules gl_run_listed_rule lists
 * that are active (docs/rules.md). */
int gl_rules_doc(const gl_run *run, FILE *f, gl_err *err);

/* 1 when `format` names a known report. */
int gl_report_known(const char *format);
/* 1 when a report in `format` names files from the root of the git work
 * tree holding the planning root, as GitHub resolves them (github, sarif):
 * open its run with gl_run_opts.worktree_paths. */
int gl_report_worktree_paths(const char *format);
/* GL_OMIT_* flags for what a report in `format` never prints: a run that
 * only writes such reports can leave them out and hold less memory. */
unsigned gl_report_omits(const char *format);

/* ---- git hooks (policy/hook.c) -------------------------------------- */

/* What gl_hook_install did (a return value >= 0), or GL_ERROR with err. */
enum {
	GL_HOOK_INSTALLED = 0,  /* there was no pre-commit hook */
	GL_HOOK_CHAINED = 1,    /* a foreign hook was kept, renamed, and runs first */
	GL_HOOK_UNCHANGED = 2,  /* govlint's hook was there already, as it would be written */
	GL_HOOK_UPDATED = 3     /* govlint's hook was there, with another command or folder */
};
/* Installs a pre-commit hook running `govlint check --staged` in the git
 * repository holding the folder `path`. The hook checks from the planning
 * repository holding path (found upwards, as `check` finds it; it may be a
 * subfolder of the work tree), which must have a config, a roster or
 * plans/; when `from` is not NULL, *from becomes that folder relative to the
 * work tree ("" for its top; free it). core.hooksPath is honoured. An
 * existing hook that is not govlint's is kept: it is renamed to
 * pre-commit.govlint-chained and called first from govlint's hook (its exit
 * status is honoured). Installing twice changes nothing. `govlint_cmd` is
 * how the hook runs govlint ("govlint", or an absolute path). */
int gl_hook_install(const char *path, const char *govlint_cmd, char **from, gl_err *err);

enum {
	GL_HOOK_REMOVED = 0,    /* govlint's hook removed; there was none before */
	GL_HOOK_RESTORED = 1    /* the hook that was there before is back */
};
/* Removes govlint's hook and restores exactly what was there before (byte
 * for byte, mode included); the hooks folder too, when install made it and
 * it is left empty. Not installed: GL_ERROR saying so. */
int gl_hook_uninstall(const char *path, gl_err *err);
/* The pre-commit hook file of the git repository holding `path` (whether
 * or not it exists), absolute, into *out (malloc'd: free() it). */
int gl_hook_file(const char *path, char **out, gl_err *err);

#endif
