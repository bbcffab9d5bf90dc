/* sarif: SARIF 2.1.0 for code scanning (GitHub, GitLab, Azure DevOps).
 * One run; the driver lists every active rule; each finding is a result
 * with a physical location relative to %SRCROOT% (the root of the git work
 * tree holding the planning repository, or outside git the planning root;
 * left unresolved so the file holds no absolute path) and two
 * fingerprints. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* No public home page exists yet; SARIF wants an absolute URI here. */
#define INFO_URI "https://govlint.invalid/"
#define SCHEMA_URI \
	"https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

static const char *level(gl_severity s)
{
	return s == GL_SEV_ERROR ? "error" : s == GL_SEV_WARNING ? "warning" : "note";
}

static int is_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 0x80;
}

/* "Resolutions are signed off" -> "ResolutionsAreSignedOff"; the id when
 * the title has no letters. */
static void camel(gl__buf *b, const char *title, const char *id)
{
	gl__buf name = {0};
	int start = 1;
	for (const unsigned char *p = (const unsigned char *)(title ? title : ""); *p; p++) {
		if (!is_alnum(*p)) {
			start = 1;
			continue;
		}
		gl__buf_putc(&name, (char)(start && *p >= 'a' && *p <= 'z' ? *p - 32 : *p));
		start = 0;
	}
	gl__json_str(b, name.len ? name.p : id);
	if (name.oom)
		b->oom = 1;
	gl__buf_free(&name);
}

/* A relative path as a URI reference: unreserved characters and '/' as
 * they are, every other byte of UTF-8 percent-encoded (so ':' cannot read
 * as a scheme and spaces survive). A byte that is not UTF-8 (a file named
 * in Latin-1) is U+FFFD's, %EF%BF%BD, as JSON writes it: consumers decode
 * the URI as UTF-8, and codeql-action's decodeURIComponent refuses the
 * whole result's location otherwise. */
static void uri(gl__buf *b, const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)path; *p;) {
		uint32_t cp;
		size_t n = *p < 0x80 ? 1 : gl__utf8_decode(p, &cp);
		if (!n) {
			gl__buf_puts(b, "%EF%BF%BD");
			p++;
		}
		for (; n; n--, p++) {
			if ((is_alnum(*p) && *p < 0x80) || strchr("-._~/", *p))
				gl__buf_putc(b, (char)*p);
			else
				gl__buf_printf(b, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
		}
	}
}

/* A JSON string of s without trailing whitespace (YAML block scalars end
 * with a newline). */
static void json_trimmed(gl__buf *b, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	while (n && (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	gl__buf t = {0};
	gl__buf_put(&t, s ? s : "", n);
	gl__json_str(b, t.oom ? "" : t.p);
	b->oom |= t.oom;
	gl__buf_free(&t);
}

static void text_field(gl__buf *b, const char *name, const char *text, const char *fallback)
{
	gl__buf_printf(b, "\"%s\": {\"text\": ", name);
	json_trimmed(b, text && *text ? text : fallback);
	gl__buf_putc(b, '}');
}

static void rule_help(gl__buf *b, const gl_rule *r)
{
	const char *why = gl_rule_rationale(r), *fix = gl_rule_help(r);
	gl__buf md = {0};
	gl__buf_puts(&md, "**Why:** ");
	gl__buf_puts(&md, why ? why : "");
	while (md.len && (md.p[md.len - 1] == '\n' || md.p[md.len - 1] == ' '))
		md.p[--md.len] = '\0';
	gl__buf_puts(&md, "\n\n**How to fix:** ");
	gl__buf_puts(&md, fix ? fix : "");
	gl__buf_puts(b, "\"help\": {\"text\": ");
	json_trimmed(b, fix ? fix : gl_rule_title(r));
	gl__buf_puts(b, ", \"markdown\": ");
	json_trimmed(b, md.oom ? "" : md.p);
	gl__buf_putc(b, '}');
	if (md.oom)
		b->oom = 1;
	gl__buf_free(&md);
}

static void rule(gl__buf *b, const gl_rule *r, int last)
{
	gl__buf_puts(b, "            {\n              \"id\": ");
	gl__json_str(b, gl_rule_id(r));
	gl__buf_puts(b, ",\n              \"name\": ");
	camel(b, gl_rule_title(r), gl_rule_id(r));
	gl__buf_puts(b, ",\n              ");
	text_field(b, "shortDescription", gl_rule_title(r), gl_rule_id(r));
	gl__buf_puts(b, ",\n              ");
	text_field(b, "fullDescription", gl_rule_rationale(r), gl_rule_title(r));
	gl__buf_puts(b, ",\n              ");
	rule_help(b, r);
	gl__buf_printf(b, ",\n              \"defaultConfiguration\": {\"level\": \"%s\"},\n",
	               level(gl_rule_severity(r)));
	gl__buf_puts(b, "              \"properties\": {\"tags\": [");
	gl__json_str(b, gl_rule_area(r) ? gl_rule_area(r) : "plan");
	gl__buf_printf(b, "], \"enforcement\": \"%s\", \"pack\": ",
	               gl_enforcement_name(gl_rule_enforcement(r)));
	gl__json_str(b, gl_rule_pack(r));
	gl__buf_puts(b, ", \"packVersion\": ");
	gl__json_str(b, gl_rule_pack_version(r));
	gl__buf_puts(b, last ? "}\n            }\n" : "}\n            },\n");
}

/* ---- where a finding points ----------------------------------------- */

static void region(gl__buf *b, const gl_finding *f)
{
	if (!f->line)
		return;
	gl__buf_printf(b, ",\n              \"region\": {\"startLine\": %u", f->line);
	if (f->col)
		gl__buf_printf(b, ", \"startColumn\": %u, \"endLine\": %u, \"endColumn\": %u", f->col,
		               f->line, f->end_col > f->col ? f->end_col : f->col + 1);
	gl__buf_putc(b, '}');
}

/* ---- results ---------------------------------------------------------- */

typedef struct ctx {
	const gl_run *run;
	const gl_rule **rules;
	size_t nrules;
	const char *prefix;   /* the planning root in the git work tree: "" or "dir/" */
} ctx;

static void logical(gl__buf *b, const gl_finding *f)
{
	gl__buf fq = {0};
	gl__buf_puts(&fq, f->plan);
	if (f->path && *f->path)
		gl__buf_printf(&fq, "/%s", f->path);
	gl__buf_puts(b, ",\n            \"logicalLocations\": [{\"fullyQualifiedName\": ");
	gl__json_str(b, fq.oom ? "" : fq.p);
	gl__buf_puts(b, "}]");
	if (fq.oom)
		b->oom = 1;
	gl__buf_free(&fq);
}

static void location(gl__buf *b, const char *prefix, const gl_finding *f)
{
	gl__buf_puts(b, "          \"locations\": [{\n            \"physicalLocation\": {\n"
	                "              \"artifactLocation\": {\"uri\": \"");
	uri(b, prefix);
	uri(b, f->file);
	gl__buf_puts(b, "\", \"uriBaseId\": \"%SRCROOT%\"}");
	region(b, f);
	gl__buf_puts(b, "\n            }");
	logical(b, f);
	gl__buf_puts(b, "\n          }],\n");
}

static void properties(gl__buf *b, const gl_run *run, const gl_finding *f)
{
	gl__buf_puts(b, "          \"properties\": {\"plan\": ");
	gl__json_str(b, f->plan);
	gl__buf_puts(b, ", \"path\": ");
	gl__json_str(b, f->path);
	gl__buf_puts(b, ", \"owner\": ");
	gl__json_str(b, f->owner);
	gl__buf_puts(b, ", \"area\": ");
	gl__json_str(b, gl_rule_area(f->rule));
	gl__buf_printf(b, ", \"enforcement\": \"%s\", \"blocking\": %s}\n",
	               gl_enforcement_name(gl_rule_enforcement(f->rule)),
	               gl_finding_blocks(run, f) ? "true" : "false");
}

static void first_line(void *arg, size_t line, uint64_t hash)
{
	if (line == 1)
		*(uint64_t *)arg = hash;
}

/* govlint's own fingerprint, and GitHub's line hash. A finding whose line
 * was not read (its file unreadable, or too big) gets the hash of an empty
 * file's first line, as every result carries one: where codeql-action's
 * upload can read the file, it computes its own. */
static void fingerprints(gl__buf *b, const gl_finding *f)
{
	uint64_t hash = f->line_hash;
	if (!f->line_hash_n)
		gl__github_line_hashes("", 0, first_line, &hash);
	gl__buf_printf(b, "          \"partialFingerprints\": {\"govlint/v2\": \"%016llx\", "
	               "\"primaryLocationLineHash\": \"%llx:%u\"},\n",
	               (unsigned long long)f->fingerprint, (unsigned long long)hash,
	               f->line_hash_n ? (unsigned)f->line_hash_n : 1u);
}

/* A waived finding is kept, marked as an accepted external suppression. */
static void suppression(gl__buf *b, const gl_finding *f)
{
	if (!f->waived)
		return;
	gl__buf_puts(b, "          \"suppressions\": [{\"kind\": \"external\", \"status\": \"accepted\", "
	                "\"justification\": ");
	gl__json_str(b, f->waived->reason);
	gl__buf_puts(b, ", \"properties\": {\"approved_by\": ");
	gl__json_str(b, f->waived->approved_by);
	gl__buf_puts(b, ", \"expires\": ");
	gl__json_str(b, f->waived->expires);
	gl__buf_puts(b, ", \"reference\": ");
	gl__json_str(b, f->waived->reference);
	gl__buf_puts(b, "}}],\n");
}

static void result(gl__buf *b, const ctx *c, size_t i, int last)
{
	const gl_finding *f = gl_run_finding(c->run, i);
	gl__buf_puts(b, "        {\n          \"ruleId\": ");
	gl__json_str(b, gl_rule_id(f->rule));
	long index = gl__rule_index(c->rules, c->nrules, f->rule);
	if (index >= 0)
		gl__buf_printf(b, ",\n          \"ruleIndex\": %ld", index);
	gl__buf_printf(b, ",\n          \"level\": \"%s\",\n          \"message\": {\"text\": ",
	               level(f->severity));
	gl__json_str(b, f->message);
	gl__buf_puts(b, "},\n");
	location(b, c->prefix, f);
	fingerprints(b, f);
	suppression(b, f);
	const char *rev;
	size_t fresh, unchanged, absent;
	if (gl_run_baseline(c->run, &rev, &fresh, &unchanged, &absent))   /* updated: REV had it, */
		gl__buf_printf(b, "          \"baselineState\": \"%s\",\n",   /* waived (suppressed) */
		               gl_finding_unwaived(c->run, f) ? "updated" : "new");
	properties(b, c->run, f);
	gl__buf_puts(b, last ? "        }\n" : "        },\n");
}

static void results(gl__buf *b, const ctx *c)
{
	size_t n = gl_run_nfindings(c->run);
	gl__buf_puts(b, n ? "      \"results\": [\n" : "      \"results\": []\n");
	for (size_t i = 0; i < n; i++)
		result(b, c, i, i + 1 == n);
	if (n)
		gl__buf_puts(b, "      ]\n");
}

static void driver(gl__buf *b, const ctx *c)
{
	gl__buf_printf(b, "      \"tool\": {\n        \"driver\": {\n          \"name\": \"govlint\",\n"
	               "          \"version\": \"%s\",\n          \"semanticVersion\": \"%s\",\n"
	               "          \"informationUri\": \"%s\",\n", GL_VERSION, GL_VERSION, INFO_URI);
	gl__buf_puts(b, c->nrules ? "          \"rules\": [\n" : "          \"rules\": []\n");
	for (size_t i = 0; i < c->nrules; i++)
		rule(b, c->rules[i], i + 1 == c->nrules);
	gl__buf_puts(b, c->nrules ? "          ]\n        }\n      },\n" : "        }\n      },\n");
}

/* A shard's category on GitHub code scanning, which reads it from the id
 * up to its last '/': N shards uploaded under one tool and one category
 * would replace each other's alerts. */
static void automation(gl__buf *b, const gl_run *run)
{
	unsigned k, n;
	if (gl_run_shard(run, &k, &n))
		gl__buf_printf(b, "      \"automationDetails\": {\"id\": \"govlint/shard-%u-of-%u/\"},\n",
		               k, n);
}

/* What %SRCROOT% stands for. */
static void base(gl__buf *b, const char *prefix)
{
	gl__buf root = {0};
	if (*prefix)
		gl__buf_printf(&root, "The root of the git work tree; the planning repository is %s in it.",
		               prefix);
	gl__buf_puts(b, "      \"originalUriBaseIds\": {\"%SRCROOT%\": {\"description\": {\"text\": ");
	gl__json_str(b, root.len ? root.p : "The root of the planning repository.");
	gl__buf_puts(b, "}}},\n      \"columnKind\": \"unicodeCodePoints\",\n");
	b->oom |= root.oom;
	gl__buf_free(&root);
}

int gl__report_sarif(const gl_run *run, const gl_report_opts *o, gl__buf *b)
{
	GL__UNUSED(o);
	ctx c = {.run = run, .prefix = gl_run_worktree_prefix(run)};
	long n = gl__report_rules(run, &c.rules);
	if (n < 0)
		return GL_ENOMEM;
	c.nrules = (size_t)n;
	gl__buf_printf(b, "{\n  \"$schema\": \"%s\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n",
	               SCHEMA_URI);
	driver(b, &c);
	automation(b, run);
	base(b, c.prefix);
	gl__buf_printf(b, "      \"properties\": {\"asOf\": \"%s\", \"failOn\": \"%s\"},\n",
	               gl_run_as_of(run), gl_severity_name(gl_run_fail_on(run)));
	results(b, &c);
	gl__buf_puts(b, "    }\n  ]\n}\n");
	free(c.rules);
	return 0;
}
