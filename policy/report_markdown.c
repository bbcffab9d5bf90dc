/* markdown: the committee gap list (GitHub-flavoured Markdown). A header
 * (date, policy packs, what "blocking" means, the evidence-check caveat),
 * the readiness matrix (plans x areas), then per plan its blocking gaps and
 * the rest as a checklist. Plans with the most blocking gaps come first.
 * Text from plans is escaped, so it cannot turn into markup. */
#include "internal.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

#define READY "\xE2\x9C\x93"     /* ✓ */
#define BLOCKS "\xE2\x9C\x97"    /* ✗ */
#define OTHER "\xE2\x96\xB3"     /* △ */
#define WAIVED "\xE2\x97\x8B"    /* ○ */
#define DASH "\xE2\x80\x94"      /* — */
#define DOT "\xC2\xB7"           /* · */

static int alnum(char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* 1 when p starts what GitHub's autolink extension would turn into a link:
 * the ':' of "scheme://", the '.' of a word-initial "www.". */
static int link_start(const char *s, const char *p)
{
	if (*p == ':')
		return p[1] == '/' && p[2] == '/';
	return *p == '.' && p - s >= 3 && strncasecmp(p - 3, "www", 3) == 0 &&
	       (p - s == 3 || !alnum(p[-4]));
}

/* Inline text: characters that could open markup get a backslash, and ']'
 * too (cmark-gfm 0.29 ticks a task item whose text holds "[x]"); '_'
 * inside a word cannot emphasise and stays; '&' before a would-be entity
 * is escaped; controls (tab and C1 too) become spaces. Bare links cannot
 * form either: a backslash breaks "http://" and "www.", and every '@' gets
 * a zero-width space after it (GitHub links an e-mail address through
 * escapes, and its domain may start with '-', '.' or '_'). */
static void text(gl__buf *b, const char *s)
{
	for (const char *p = s ? s : ""; *p;) {
		int inword = *p == '_' && p > s && alnum(p[-1]) && alnum(p[1]);
		char shown[5], bidi[9];
		uint32_t cp;
		size_t n = (unsigned char)*p < 0x80 ? 1 : gl__utf8_decode((const unsigned char *)p, &cp);
		if (!n) {   /* not UTF-8: U+FFFD, as the other formats, so the list stays UTF-8 */
			gl__buf_puts(b, "\xEF\xBF\xBD");
			n = 1;
		} else if (*p == '\t' || (gl__visible_at(p, n, shown) && *shown))
			gl__buf_putc(b, ' ');
		else if (gl__bidi_at(p, n, bidi))   /* \<U+202E\>: it cannot reorder the line */
			gl__buf_printf(b, "\\<%.*s\\>", (int)strlen(bidi) - 2, bidi + 1);
		else if ((strchr("\\`*_[]<>|~#", *p) && !inword) ||
		         (*p == '&' && (alnum(p[1]) || p[1] == '#')) || link_start(s, p))
			gl__buf_printf(b, "\\%c", *p);
		else if (*p == '@')
			gl__buf_puts(b, "@\xE2\x80\x8B");   /* U+200B */
		else
			gl__buf_put(b, p, n);
		p += n;
	}
}

/* 1 when s can be a code span: not empty, valid UTF-8 without controls
 * (C1 and bidirectional ones included), no '`', no '|' (tables split on
 * it even there), no '[' or ']' (cmark-gfm ticks a task item whose code
 * span holds "[x]"). */
static int code_safe(const char *s)
{
	uint32_t cp;
	size_t n = 1;
	for (const char *p = s; p && *p; p += n) {
		if ((unsigned char)*p >= 0x80) {
			char bidi[9];
			n = gl__utf8_decode((const unsigned char *)p, &cp);
			n = n && (cp < 0x80 || cp > 0x9F) && !gl__bidi_at(p, n, bidi) ? n : 0;
		} else
			n = !strchr("`|[]", *p) && (unsigned char)*p >= 0x20 && *p != 0x7f;
		if (!n)
			return 0;
	}
	return s && *s;
}

/* A code span when s is safe in one, else escaped text. */
static void code(gl__buf *b, const char *s)
{
	if (code_safe(s))
		gl__buf_printf(b, "`%s`", s);
	else
		text(b, s);
}

static void or_dash(gl__buf *b, const char *s)
{
	if (s && *s)
		text(b, s);
	else
		gl__buf_puts(b, DASH);
}

static void header(gl__buf *b, const gl_run *run, const gl__gaps *g)
{
	gl__buf_printf(b, "# Rollout readiness: gap list\n\nAs of **%s** " DOT " policy ",
	               gl_run_as_of(run));
	for (size_t i = 0; i < g->npacks; i++) {
		gl__buf_puts(b, i ? ", **" : "**");
		text(b, gl_rule_pack(g->packs[i]));
		if (gl_rule_pack_version(g->packs[i])) {
			gl__buf_putc(b, ' ');
			text(b, gl_rule_pack_version(g->packs[i]));
		}
		gl__buf_puts(b, "**");
	}
	gl__buf_printf(b, "%s " DOT " govlint %s", g->npacks ? "" : "(none)", GL_VERSION);
	const char *commit, *source = gl_run_source(run, &commit);
	if (*commit) {
		gl__buf_printf(b, " " DOT " %s at ", source);
		code(b, commit);
	}
	gl__buf_puts(b, "\n\n");
	gl__buf_puts(b, "This is an evidence check of what the rollout plans record, not a compliance "
	                "certification.\n\n");
	if (gl_run_fail_on(run) == GL_SEV_NEVER)
		gl__buf_puts(b, "No gap is blocking in this run (`--fail-on never`).\n\n");
	else
		gl__buf_printf(b, "A gap is *blocking* when its severity is %s or above and its rule is "
		               "not advisory: it fails `govlint check`.\n\n",
		               gl_severity_name(gl_run_fail_on(run)));
}

static void totals(gl__buf *b, const gl_run *run, const gl__gaps *g)
{
	gl__gaps_totals(b, g);
	gl__buf_puts(b, "\n\n");
	gl__report_selection(b, run, "**Only the plans selected are checked** (",
	                     "): the list holds no other plan.\n\n", code);
	if (!g->base_rev)
		return;
	gl__buf_puts(b, "**Only new gaps are listed**: ");
	gl__gaps_baseline(b, g, code);
	gl__buf_puts(b, "\n\n");
}

static void cell(gl__buf *b, const gl__gap_plan *gp, size_t col)
{
	size_t nb = gp->cell[col][GL__GAP_BLOCKING], no = gp->cell[col][GL__GAP_OTHER];
	size_t nw = gp->cell[col][GL__GAP_WAIVED];
	if (!nb && !no && gp->unreadable)
		gl__buf_puts(b, " ? |");
	else if (!nb && !no && nw)
		gl__buf_printf(b, " " WAIVED " %zu |", nw);
	else if (!nb && !no)
		gl__buf_puts(b, gp->checked[col] ? " " READY " |" : " " DASH " |");
	else if (nb && no)
		gl__buf_printf(b, " " BLOCKS " %zu " DOT " " OTHER " %zu |", nb, no);
	else
		gl__buf_printf(b, nb ? " " BLOCKS " %zu |" : " " OTHER " %zu |", nb ? nb : no);
}

static void matrix(gl__buf *b, const gl__gaps *g)
{
	gl__buf_puts(b, "## Readiness matrix\n\n| Plan | Title | Status | Owner |");
	for (size_t c = 0; c < GL__NAREAS; c++)
		gl__buf_printf(b, " %s |", gl__area_label(c));
	gl__buf_puts(b, "\n| --- | --- | --- | --- |");
	for (size_t c = 0; c < GL__NAREAS; c++)
		gl__buf_puts(b, " :-: |");
	for (size_t i = 0; i < g->nplans; i++) {
		const gl__gap_plan *gp = &g->plans[i];
		gl__buf_puts(b, "\n| ");
		code(b, gp->plan->id);
		gl__buf_puts(b, " | ");
		or_dash(b, gp->plan->title);
		gl__buf_puts(b, " | ");
		or_dash(b, gp->plan->status);
		gl__buf_puts(b, " | ");
		or_dash(b, gp->plan->owner);
		gl__buf_puts(b, " |");
		for (size_t c = 0; c < GL__NAREAS; c++)
			cell(b, gp, c);
	}
	gl__buf_printf(b, "\n\n" READY " %s " DOT " " BLOCKS " *n* blocking gaps " DOT " " OTHER
	               " *n* other gaps (warnings, info, advisory rules) " DOT " ", gl__gaps_none(g, 0));
	if (g->waived_cell)
		gl__buf_printf(b, WAIVED " *n* %s " DOT " ", gl__gaps_waived_key(g));
	gl__buf_puts(b, DASH " no active rule checks this area");
	if (g->unreadable)
		gl__buf_puts(b, " " DOT " ? not checked: the file is not a readable plan");
	gl__buf_puts(b, "\n\n*Document* is the plan file itself: valid YAML, no placeholder text, "
	                "complete and consistent. *Approvals* includes sign-off provenance. "
	                "*Validation* includes monitoring.\n\n");
}

static void item(gl__buf *b, const gl_finding *f, int blocking)
{
	gl__buf_puts(b, "- [ ] **");
	text(b, gl_rule_id(f->rule));
	gl__buf_puts(b, "** ");
	if (!blocking)
		gl__buf_printf(b, "(%s%s) ", gl_severity_name(f->severity),
		               gl_rule_enforcement(f->rule) == GL_ENF_ADVISORY ? ", advisory" : "");
	text(b, f->message);
	if (f->owner) {
		gl__buf_puts(b, " " DASH " owner: ");
		text(b, f->owner);
	} else {
		gl__buf_puts(b, " " DASH " no owner named");   /* "owner: —" read as a stray dash */
	}
	gl__buf_puts(b, " " DASH " ");
	gl__buf pos = {0};
	gl__buf_printf(&pos, "%s:%u", f->file, f->line);
	code(b, pos.oom ? f->file : pos.p);
	b->oom |= pos.oom;
	gl__buf_free(&pos);
	gl__buf_putc(b, '\n');
}

/* A waived gap: what was accepted, by whom, until when, and why. */
static void waived_item(gl__buf *b, const gl_finding *f, const char *why)
{
	gl__buf_puts(b, "- **");
	text(b, gl_rule_id(f->rule));
	gl__buf_puts(b, "** ");
	text(b, f->message);
	gl__buf_puts(b, " " DASH " ");
	text(b, why);
	gl__buf_putc(b, '\n');
}

static void list_open(gl__buf *b, gl__gap_kind kind, size_t n)
{
	gl__buf_printf(b, "**%s (%zu)**\n\n", gl__gap_label(kind), n);
}

static const gl__gap_style style = {list_open, item, waived_item, "\n"};

static void plan(gl__buf *b, const gl_run *run, const gl__gaps *g, const gl__gap_plan *gp)
{
	gl__buf_puts(b, "### ");
	text(b, gp->plan->id);
	if (gp->plan->title) {
		gl__buf_puts(b, " " DASH " ");
		text(b, gp->plan->title);
	}
	gl__buf_puts(b, "\n\nStatus: ");
	or_dash(b, gp->plan->status);
	gl__buf_puts(b, " " DOT " Owner: ");
	or_dash(b, gp->plan->owner);
	gl__buf_puts(b, " " DOT " File: ");
	code(b, gp->plan->file);
	gl__buf_puts(b, "\n\n");
	if (!gp->blocking && !gp->other) {
		gl__gaps_plan_none(b, g, gp);
		gl__buf_puts(b, "\n\n");
	}
	gl__gaps_lists(b, run, gp, &style);
}

int gl__report_markdown(const gl_run *run, const gl_report_opts *o, gl__buf *b)
{
	GL__UNUSED(o);
	gl__gaps g;
	if (gl__gaps_build(run, &g) != 0)
		return GL_ENOMEM;
	header(b, run, &g);
	totals(b, run, &g);
	if (g.nplans) {
		matrix(b, &g);
		gl__buf_puts(b, "## Gaps by plan\n\n");
	} else {   /* an empty shard, or --since with no plan changed */
		gl__buf_puts(b, "No plan was checked in this run.\n");
	}
	for (size_t i = 0; i < g.nplans; i++)
		plan(b, run, &g, &g.plans[i]);
	gl__gaps_free(&g);
	return 0;
}
