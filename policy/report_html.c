/* html: the committee gap list as one self-contained page: inline CSS, no
 * scripts, no fonts, images or links outside the file. The matrix is a
 * coloured grid whose cells also carry a symbol and a number, so it reads
 * the same in grey print; @media print lays it out on A4 landscape. */
#include "internal.h"

#define READY "\xE2\x9C\x93"     /* ✓ */
#define BLOCKS "\xE2\x9C\x97"    /* ✗ */
#define OTHER "\xE2\x96\xB3"     /* △ */
#define WAIVED "\xE2\x97\x8B"    /* ○ */
#define DASH "\xE2\x80\x94"      /* — */
#define DOT "\xC2\xB7"           /* · */
#define BOX "\xE2\x98\x90"       /* ☐ */

static const char css[] =
	"*{box-sizing:border-box}\n"
	"body{font:15px/1.45 \"DejaVu Sans\",\"Liberation Sans\",Arial,sans-serif;color:#1a1a1a;"
	"margin:0 auto;max-width:1240px;padding:24px 20px}\n"
	"h1{font-size:26px;margin:0 0 6px}h2{font-size:20px;margin:28px 0 10px;"
	"border-bottom:2px solid #333;padding-bottom:3px}\n"
	"h3{font-size:17px;margin:24px 0 4px}h4{font-size:14px;margin:12px 0 4px}\n"
	".meta{color:#444;margin:2px 0}.caveat{border-left:4px solid #555;padding:6px 10px;"
	"background:#f3f3f3;font-weight:bold}\n"
	"table.matrix{border-collapse:collapse;width:100%;font-size:13px}\n"
	".matrix th,.matrix td{border:1px solid #888;padding:5px 4px;vertical-align:middle}\n"
	".matrix thead th{background:#333;color:#fff;font-size:12px;font-weight:bold}\n"
	".matrix th[scope=row]{text-align:left;font-weight:normal;min-width:200px}\n"
	".matrix th[scope=row] a{font-weight:bold;color:#1a1a1a}\n"
	".matrix .title{color:#444;font-size:12px}\n"
	".matrix td.c{text-align:center;white-space:nowrap;font-weight:bold;font-size:14px}\n"
	".c-ready{background:#dcefdc;color:#1d5a1d}.c-block{background:#f6c9c4;color:#7a1410}\n"
	".c-other{background:#fde9a8;color:#5c4300}.c-waived{background:#d9e6f5;color:#1f4a7a}\n"
	".c-none{background:#ececec;color:#666}\n"
	".legend span{display:inline-block;border:1px solid #888;padding:1px 6px;margin:0 4px 0 12px;"
	"font-weight:bold}.legend span:first-child{margin-left:0}\n"
	"ul.gaps{list-style:none;padding:0;margin:4px 0 8px}\n"
	"li.gap{padding:5px 8px;margin:3px 0;border-left:5px solid #999;background:#fafafa;"
	"break-inside:avoid}\n"
	"li.blocking{border-left-color:#b3261e}li.other{border-left-color:#c79a00}\n"
	".box{font-size:16px;margin-right:4px}.rule{font-weight:bold}.sev{font-style:italic}\n"
	".who,.where{color:#444;white-space:nowrap}code{font:13px \"DejaVu Sans Mono\",monospace}\n"
	"@media print{@page{size:A4 landscape;margin:12mm}body{font-size:10pt;max-width:none;"
	"padding:0}\n"
	"*{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
	".matrix{font-size:8.5pt}.matrix thead{display:table-header-group}"
	".matrix tr{break-inside:avoid}h2,h3,h4{break-after:avoid}a{color:inherit;"
	"text-decoration:none}}\n";

static void esc(gl__buf *b, const char *s)
{
	gl__html_str(b, s);
}

static void code(gl__buf *b, const char *s)
{
	gl__buf_puts(b, "<code>");
	esc(b, s);
	gl__buf_puts(b, "</code>");
}

static void or_dash(gl__buf *b, const char *s)
{
	if (s && *s)
		esc(b, s);
	else
		gl__buf_puts(b, DASH);
}

static void head(gl__buf *b, const gl_run *run)
{
	gl__buf_printf(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	               "<title>Rollout readiness: gap list, as of %s</title>\n<style>\n%s</style>\n"
	               "</head>\n<body>\n", gl_run_as_of(run), css);
}

static void packs(gl__buf *b, const gl__gaps *g)
{
	for (size_t i = 0; i < g->npacks; i++) {
		gl__buf_puts(b, i ? ", <strong>" : "<strong>");
		esc(b, gl_rule_pack(g->packs[i]));
		if (gl_rule_pack_version(g->packs[i])) {
			gl__buf_putc(b, ' ');
			esc(b, gl_rule_pack_version(g->packs[i]));
		}
		gl__buf_puts(b, "</strong>");
	}
	if (!g->npacks)
		gl__buf_puts(b, "(none)");
}

static void header(gl__buf *b, const gl_run *run, const gl__gaps *g)
{
	gl__buf_printf(b, "<header>\n<h1>Rollout readiness: gap list</h1>\n<p class=\"meta\">As of "
	               "<strong>%s</strong> " DOT " policy ", gl_run_as_of(run));
	packs(b, g);
	gl__buf_printf(b, " " DOT " govlint %s", GL_VERSION);
	const char *commit, *source = gl_run_source(run, &commit);
	if (*commit) {
		gl__buf_printf(b, " " DOT " %s at ", source);
		code(b, commit);
	}
	gl__buf_puts(b, "</p>\n<p class=\"caveat\">This is an evidence check of what the rollout plans "
	                "record, not a compliance certification.</p>\n");
	if (gl_run_fail_on(run) == GL_SEV_NEVER)
		gl__buf_puts(b, "<p>No gap is blocking in this run (<code>--fail-on never</code>).</p>\n");
	else
		gl__buf_printf(b, "<p>A gap is <em>blocking</em> when its severity is %s or above and "
		               "its rule is not advisory: it fails <code>govlint check</code>.</p>\n",
		               gl_severity_name(gl_run_fail_on(run)));
	gl__buf_puts(b, "<p class=\"totals\">");
	gl__gaps_totals(b, g);   /* digits and words only: nothing to escape */
	gl__buf_puts(b, "</p>\n");
	gl__report_selection(b, run, "<p class=\"selection\"><strong>Only the plans selected are checked"
	                     "</strong> (", "): the list holds no other plan.</p>\n", code);
	if (g->base_rev) {
		gl__buf_puts(b, "<p class=\"baseline\"><strong>Only new gaps are listed</strong>: ");
		gl__gaps_baseline(b, g, code);
		gl__buf_puts(b, "</p>\n");
	}
	gl__buf_puts(b, "</header>\n");
}

static void cell(gl__buf *b, const gl__gaps *g, const gl__gap_plan *gp, size_t col)
{
	size_t nb = gp->cell[col][GL__GAP_BLOCKING], no = gp->cell[col][GL__GAP_OTHER];
	size_t nw = gp->cell[col][GL__GAP_WAIVED];
	const char *label = gl__area_label(col);
	if (!nb && !no && gp->unreadable)
		gl__buf_printf(b, "<td class=\"c c-none\" title=\"%s: not checked\">?</td>", label);
	else if (!nb && !no && nw)
		gl__buf_printf(b, "<td class=\"c c-waived\" title=\"%s: %zu waived\">" WAIVED
		               " %zu</td>", label, nw, nw);
	else if (!nb && !no && gp->checked[col])
		gl__buf_printf(b, "<td class=\"c c-ready\" title=\"%s: %s\">" READY "</td>", label,
		               gl__gaps_none(g, 0));
	else if (!nb && !no)
		gl__buf_printf(b, "<td class=\"c c-none\" title=\"%s: no rule\">" DASH "</td>", label);
	else if (nb && no)
		gl__buf_printf(b, "<td class=\"c c-block\" title=\"%s: %zu blocking, %zu other\">" BLOCKS
		               " %zu " DOT " " OTHER " %zu</td>", label, nb, no, nb, no);
	else if (nb)
		gl__buf_printf(b, "<td class=\"c c-block\" title=\"%s: %zu blocking\">" BLOCKS " %zu</td>",
		               label, nb, nb);
	else
		gl__buf_printf(b, "<td class=\"c c-other\" title=\"%s: %zu other\">" OTHER " %zu</td>",
		               label, no, no);
}

static void row(gl__buf *b, const gl__gaps *g, size_t i)
{
	const gl__gap_plan *gp = &g->plans[i];
	gl__buf_printf(b, "<tr class=\"plan\"><th scope=\"row\"><a href=\"#plan-%zu\">", i + 1);
	esc(b, gp->plan->id);
	gl__buf_puts(b, "</a>");
	if (gp->plan->title) {
		gl__buf_puts(b, "<br><span class=\"title\">");   /* a line of its own, CSS or not */
		esc(b, gp->plan->title);
		gl__buf_puts(b, "</span>");
	}
	gl__buf_puts(b, "</th><td>");
	or_dash(b, gp->plan->status);
	gl__buf_puts(b, "</td><td>");
	or_dash(b, gp->plan->owner);
	gl__buf_puts(b, "</td>");
	for (size_t c = 0; c < GL__NAREAS; c++)
		cell(b, g, gp, c);
	gl__buf_puts(b, "</tr>\n");
}

static void matrix(gl__buf *b, const gl__gaps *g)
{
	gl__buf_puts(b, "<section>\n<h2>Readiness matrix</h2>\n<table class=\"matrix\">\n<thead><tr>"
	                "<th>Plan</th><th>Status</th><th>Owner</th>");
	for (size_t c = 0; c < GL__NAREAS; c++)
		gl__buf_printf(b, "<th>%s</th>", gl__area_label(c));
	gl__buf_puts(b, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < g->nplans; i++)
		row(b, g, i);
	/* words between the keys, as the markdown legend has, for a reader without CSS */
	gl__buf_printf(b, "</tbody>\n</table>\n<p class=\"legend\">"
	               "<span class=\"c-ready\">" READY "</span> %s " DOT " ", gl__gaps_none(g, 0));
	gl__buf_puts(b, "<span class=\"c-block\">" BLOCKS " n</span> blocking gaps " DOT " "
	                "<span class=\"c-other\">" OTHER " n</span> other gaps (warnings, info, "
	                "advisory rules) " DOT " ");
	if (g->waived_cell)
		gl__buf_printf(b, "<span class=\"c-waived\">" WAIVED " n</span> %s " DOT " ",
		               gl__gaps_waived_key(g));
	gl__buf_puts(b, "<span class=\"c-none\">" DASH "</span> no active rule checks this area");
	if (g->unreadable)
		gl__buf_puts(b, " " DOT " <span class=\"c-none\">?</span> not checked: the file is "
		                "not a readable plan");
	gl__buf_puts(b, "</p>\n<p class=\"meta\"><em>Document</em> is the plan file itself: "
	                "valid YAML, no placeholder text, complete and consistent. <em>Approvals</em> "
	                "includes sign-off provenance. <em>Validation</em> includes monitoring.</p>\n"
	                "</section>\n");
}

static void item(gl__buf *b, const gl_finding *f, int blocking)
{
	gl__buf_printf(b, "<li class=\"gap %s\"><span class=\"box\">" BOX "</span> "
	               "<span class=\"rule\">", blocking ? "blocking" : "other");
	esc(b, gl_rule_id(f->rule));
	gl__buf_puts(b, "</span> ");
	if (!blocking)
		gl__buf_printf(b, "<span class=\"sev\">(%s%s)</span> ", gl_severity_name(f->severity),
		               gl_rule_enforcement(f->rule) == GL_ENF_ADVISORY ? ", advisory" : "");
	esc(b, f->message);
	gl__buf_puts(b, " " DASH " <span class=\"who\">");
	if (f->owner) {
		gl__buf_puts(b, "owner: ");
		esc(b, f->owner);
	} else {
		gl__buf_puts(b, "no owner named");   /* "owner: —" read as a stray dash */
	}
	gl__buf_puts(b, "</span> " DASH " <code class=\"where\">");
	esc(b, f->file);
	gl__buf_printf(b, ":%u</code></li>\n", f->line);
}

/* A waived gap: what was accepted, by whom, until when, and why. */
static void waived_item(gl__buf *b, const gl_finding *f, const char *why)
{
	gl__buf_puts(b, "<li><span class=\"rule\">");
	esc(b, gl_rule_id(f->rule));
	gl__buf_puts(b, "</span> ");
	esc(b, f->message);
	gl__buf_puts(b, " " DASH " ");
	esc(b, why);
	gl__buf_puts(b, "</li>\n");
}

static void list_open(gl__buf *b, gl__gap_kind kind, size_t n)
{
	gl__buf_printf(b, "<h4>%s (%zu)</h4>\n<ul class=\"%s\">\n", gl__gap_label(kind), n,
	               kind == GL__GAP_WAIVED ? "waived" : "gaps");
}

static const gl__gap_style style = {list_open, item, waived_item, "</ul>\n"};

static void plan(gl__buf *b, const gl_run *run, const gl__gaps *g, size_t i)
{
	const gl__gap_plan *gp = &g->plans[i];
	gl__buf_printf(b, "<section class=\"plan\" id=\"plan-%zu\">\n<h3>", i + 1);
	esc(b, gp->plan->id);
	if (gp->plan->title) {
		gl__buf_puts(b, " " DASH " ");
		esc(b, gp->plan->title);
	}
	gl__buf_puts(b, "</h3>\n<p class=\"meta\">Status: ");
	or_dash(b, gp->plan->status);
	gl__buf_puts(b, " " DOT " Owner: ");
	or_dash(b, gp->plan->owner);
	gl__buf_puts(b, " " DOT " File: ");
	code(b, gp->plan->file);
	gl__buf_puts(b, "</p>\n");
	if (!gp->blocking && !gp->other) {
		gl__buf_puts(b, "<p>");
		gl__gaps_plan_none(b, g, gp);   /* digits and words only: nothing to escape */
		gl__buf_puts(b, "</p>\n");
	}
	gl__gaps_lists(b, run, gp, &style);
	gl__buf_puts(b, "</section>\n");
}

int gl__report_html(const gl_run *run, const gl_report_opts *o, gl__buf *b)
{
	GL__UNUSED(o);
	gl__gaps g;
	if (gl__gaps_build(run, &g) != 0)
		return GL_ENOMEM;
	head(b, run);
	header(b, run, &g);
	if (g.nplans) {
		matrix(b, &g);
		gl__buf_puts(b, "<h2>Gaps by plan</h2>\n");
	} else {   /* an empty shard, or --since with no plan changed */
		gl__buf_puts(b, "<p>No plan was checked in this run.</p>\n");
	}
	for (size_t i = 0; i < g.nplans; i++)
		plan(b, run, &g, i);
	gl__buf_puts(b, "</body>\n</html>\n");
	gl__gaps_free(&g);
	return 0;
}
