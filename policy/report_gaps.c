/* The committee view of a run, shared by the markdown and html reports:
 * which findings block, the readiness matrix (plans x areas) and the order
 * of plans (most blocking gaps first, then id). Built in one pass over the
 * findings; each plan's findings stay where the run keeps them. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* Column labels; areas that share a column are listed in area_columns. */
static const char *const labels[GL__NAREAS] = {
	"Document", "Stakeholders", "Concerns", "Conversations", "Workflow",
	"Validation", "Security", "Failure", "Approvals", "Trial",
};

static const struct { const char *area; size_t column; } area_columns[] = {
	{"plan", 0},         {"stakeholders", 1}, {"concerns", 2},   {"conversations", 3},
	{"workflow", 4},     {"validation", 5},   {"monitoring", 5}, {"security", 6},
	{"failure", 7},      {"approvals", 8},    {"signatures", 8}, {"trial", 9},
};

size_t gl__area_column(const char *area)
{
	for (size_t i = 0; area && i < sizeof area_columns / sizeof *area_columns; i++)
		if (strcmp(area_columns[i].area, area) == 0)
			return area_columns[i].column;
	return 0;
}

const char *gl__area_label(size_t column)
{
	return column < GL__NAREAS ? labels[column] : "";
}

static int by_blocking_then_id(const void *pa, const void *pb)
{
	const gl__gap_plan *a = pa, *b = pb;
	if (a->blocking != b->blocking)
		return a->blocking > b->blocking ? -1 : 1;
	int c = strcmp(a->plan->id, b->plan->id);
	if (c)
		return c;
	return strcmp(a->plan->file, b->plan->file);
}

int gl__plan_unreadable(const gl_run *run, size_t first, size_t n)
{
	for (size_t i = first; i < first + n; i++) {
		const gl_rule *r = gl_run_finding(run, i)->rule;
		if (r->detects && strcmp(r->detects, "yaml-syntax") == 0)
			return 1;
	}
	return 0;
}

int gl__rule_reads_waivers(const gl_rule *r)
{
	static const char *const file_rules[] = {"yaml-syntax", "duplicate-key", "waiver"};
	for (size_t i = 0; r->detects && i < sizeof file_rules / sizeof *file_rules; i++)
		if (strcmp(r->detects, file_rules[i]) == 0)
			return 1;
	return 0;
}

/* The areas some rule could report on in the row's file: one the config
 * leaves on for it (the engine's built-in rules included) and, in the
 * waivers file, one that reads it. */
static void note_checked(const gl_run *run, gl__gap_plan *gp)
{
	const gl_rule *r;
	for (size_t i = 0; (r = gl_run_listed_rule(run, i)) != NULL; i++)
		if ((!gp->waivers_file || gl__rule_reads_waivers(r)) &&
		    !gl__rule_off_for(run, r, gp->plan->file))
			gp->checked[gl__area_column(gl_rule_area(r))] = 1;
}

static void count_plan(const gl_run *run, gl__gap_plan *gp)
{
	note_checked(run, gp);
	gp->unreadable = gl__plan_unreadable(run, gp->first, gp->plan->nfindings);
	for (size_t i = gp->first; i < gp->first + gp->plan->nfindings; i++) {
		const gl_finding *f = gl_run_finding(run, i);
		gl__gap_kind k = gl__gap_kind_of(run, f);
		gp->cell[gl__area_column(gl_rule_area(f->rule))][k]++;
		gp->blocking += k == GL__GAP_BLOCKING;
		gp->other += k == GL__GAP_OTHER;
		gp->waived += k == GL__GAP_WAIVED;
	}
}

/* 1 when some cell of the row holds waived gaps and no open one. */
static int waived_cell(const gl__gap_plan *gp)
{
	for (size_t c = 0; c < GL__NAREAS; c++)
		if (gp->cell[c][GL__GAP_WAIVED] && !gp->cell[c][GL__GAP_BLOCKING] &&
		    !gp->cell[c][GL__GAP_OTHER])
			return 1;
	return 0;
}

static void note_packs(const gl_run *run, gl__gaps *g)
{
	for (size_t i = 0; i < gl_run_nrules(run); i++) {
		const gl_rule *r = gl_run_rule(run, i);
		if (!gl_rule_active(r))
			continue;
		const char *pack = gl_rule_pack(r);
		if (!pack || (g->npacks && strcmp(gl_rule_pack(g->packs[g->npacks - 1]), pack) == 0))
			continue;
		if (g->npacks < sizeof g->packs / sizeof *g->packs)
			g->packs[g->npacks++] = r;
	}
}

int gl__gaps_build(const gl_run *run, gl__gaps *g)
{
	memset(g, 0, sizeof *g);
	note_packs(run, g);
	size_t n = gl_run_nplans(run);
	if (n && !(g->plans = calloc(n, sizeof *g->plans)))
		return -1;
	gl__summary sum;
	gl__run_summary(run, &sum);
	g->real = sum.plans;   /* the plans come first, then waivers.yaml */
	size_t first = 0;
	for (size_t i = 0; i < n; i++) {
		gl__gap_plan *gp = &g->plans[i];
		gp->plan = gl_run_plan(run, i);
		gp->first = first;
		gp->waivers_file = i >= g->real;
		first += gp->plan->nfindings;
		count_plan(run, gp);
		g->unreadable |= gp->unreadable;
		g->waived_cell |= waived_cell(gp);
		g->blocking += gp->blocking;
		g->other += gp->other;
		g->waived += gp->waived;
		g->blocked += i < g->real && gp->blocking > 0;
		g->waived_only += i < g->real && gp->blocking + gp->other == 0 && gp->waived > 0;
		g->clean += i < g->real && gp->blocking + gp->other + gp->waived == 0;
		g->file_blocking += i >= g->real ? gp->blocking : 0;
		g->file_other += i >= g->real ? gp->other : 0;
	}
	g->nplans = n;
	if (n)
		qsort(g->plans, n, sizeof *g->plans, by_blocking_then_id);
	if (!gl_run_baseline(run, &g->base_rev, &g->base_new, &g->base_known, &g->base_gone))
		g->base_rev = NULL;
	g->base_unwaived = gl_run_unwaived(run);
	return 0;
}

static const char *plural(size_t n)
{
	return n == 1 ? "" : "s";
}

void gl__gaps_totals(gl__buf *b, const gl__gaps *g)
{
	const char *nw = g->base_rev ? "new " : "";
	gl__buf_printf(b, "%zu plan%s: %zu with %sblocking gaps, %zu with other %sgaps only, ", g->real,
	               plural(g->real), g->blocked, nw,
	               g->real - g->blocked - g->waived_only - g->clean, nw);
	if (g->waived)
		gl__buf_printf(b, "%zu with waived %sgaps only, ", g->waived_only, nw);
	gl__buf_printf(b, "%zu without %sgaps. %zu %sblocking gap%s, %zu other %sgap%s", g->clean, nw,
	               g->blocking, nw, plural(g->blocking), g->other, nw, plural(g->other));
	if (g->waived)
		gl__buf_printf(b, ", %zu waived %sgap%s", g->waived, nw, plural(g->waived));
	if (g->file_blocking + g->file_other)
		gl__buf_printf(b, " (the waivers file: %zu blocking, %zu other)", g->file_blocking,
		               g->file_other);
	gl__buf_putc(b, '.');
}

void gl__gaps_baseline(gl__buf *b, const gl__gaps *g, void (*rev)(gl__buf *b, const char *s))
{
	if (!g->base_rev)
		return;
	gl__buf_puts(b, "compared with ");
	rev(b, g->base_rev);
	gl__buf_printf(b, ", %zu gap%s %s new", g->base_new, plural(g->base_new),
	               g->base_new == 1 ? "is" : "are");
	if (g->base_unwaived)
		gl__buf_printf(b, " (%zu no longer waived)", g->base_unwaived);
	gl__buf_printf(b, "; %zu gap%s that ", g->base_known, plural(g->base_known));
	rev(b, g->base_rev);
	gl__buf_printf(b, " already had %s not shown, and %zu that it had %s gone.",
	               g->base_known == 1 ? "is" : "are", g->base_gone,
	               g->base_gone == 1 ? "is" : "are");
}

const char *gl__gaps_none(const gl__gaps *g, int sentence)
{
	if (g->base_rev)
		return sentence ? "No new gaps found." : "no new gaps found";
	return sentence ? "No gaps found." : "no gaps found";
}

void gl__gaps_plan_none(gl__buf *b, const gl__gaps *g, const gl__gap_plan *gp)
{
	if (!gp->waived)
		gl__buf_puts(b, gl__gaps_none(g, 1));
	else
		gl__buf_printf(b, "No %sopen gaps; %zu waived.", g->base_rev ? "new " : "", gp->waived);
}

const char *gl__gaps_waived_key(const gl__gaps *g)
{
	return g->base_rev ? "new gaps, all waived" : "gaps, all waived";
}

void gl__gaps_free(gl__gaps *g)
{
	free(g->plans);
	memset(g, 0, sizeof *g);
}

long gl__rule_index(const gl_rule *const *rules, size_t n, const gl_rule *r)
{
	for (size_t i = 0; i < n; i++)
		if (rules[i] == r)
			return (long)i;
	return -1;
}

long gl__report_rules(const gl_run *run, const gl_rule ***out)
{
	size_t cap = gl_run_nrules(run) + 4, n = 0;
	const gl_rule **v = malloc(cap * sizeof *v);
	if (!v)
		return -1;
	for (size_t i = 0; i < gl_run_nrules(run); i++)
		if (gl_rule_active(gl_run_rule(run, i)))
			v[n++] = gl_run_rule(run, i);
	for (size_t i = 0; i < gl_run_nfindings(run); i++) {
		const gl_rule *r = gl_run_finding(run, i)->rule;
		if (gl__rule_index(v, n, r) >= 0)
			continue;
		if (n == cap) {
			const gl_rule **w = realloc(v, (cap *= 2) * sizeof *v);
			if (!w)
				return free(v), -1;
			v = w;
		}
		v[n++] = r;
	}
	*out = v;
	return (long)n;
}

gl__gap_kind gl__gap_kind_of(const gl_run *run, const gl_finding *f)
{
	return f->waived ? GL__GAP_WAIVED : gl_finding_blocks(run, f) ? GL__GAP_BLOCKING : GL__GAP_OTHER;
}

size_t gl__gap_count(const gl__gap_plan *gp, gl__gap_kind k)
{
	return k == GL__GAP_BLOCKING ? gp->blocking : k == GL__GAP_OTHER ? gp->other : gp->waived;
}

const char *gl__gap_label(gl__gap_kind k)
{
	static const char *const kinds[] = {"Blocking", "Not blocking", "Waived"};
	return kinds[k];
}

void gl__gaps_lists(gl__buf *b, const gl_run *run, const gl__gap_plan *gp,
                    const gl__gap_style *style)
{
	gl__arena *a = gl__arena_new();
	for (int k = GL__GAP_BLOCKING; k <= GL__GAP_WAIVED; k++) {
		size_t n = gl__gap_count(gp, (gl__gap_kind)k);
		if (!n)
			continue;
		style->open(b, (gl__gap_kind)k, n);
		for (size_t i = gp->first; i < gp->first + gp->plan->nfindings; i++) {
			const gl_finding *f = gl_run_finding(run, i);
			if (gl__gap_kind_of(run, f) != (gl__gap_kind)k)
				continue;
			if (k == GL__GAP_WAIVED) {
				const char *why = gl__waiver_text(a, f->waived);
				style->waived(b, f, why ? why : "waived");
			} else {
				style->item(b, f, k == GL__GAP_BLOCKING);
			}
		}
		gl__buf_puts(b, style->close);
	}
	gl__arena_free(a);
}

char *gl__waiver_text(gl__arena *a, const gl_waiver *w)
{
	return gl__arena_printf(a, "waived until %s by %s: %s%s%s%s", w->expires, w->approved_by,
	                        w->reason, w->reference ? " (" : "",
	                        w->reference ? w->reference : "", w->reference ? ")" : "");
}
