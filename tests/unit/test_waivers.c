/*
 * Waivers (policy/waivers.c): which entries are malformed and waive nothing,
 * and what GOV-WVR-001 says of them. Every text is read with the built-in
 * pack and a one-person roster (sam.k, governance-chair) as of 2026-12-01.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "internal.h"

#include "helpers.h"

static const char roster_yaml[] =
	"people: [{id: sam.k, name: Sam Kaur, roles: [governance-chair]}]\n";

/* One waivers.yaml text, read, with the findings about it in `out`, and
 * the output of plan P-1, where findings of it note what they must
 * (gl__waivers_note). */
typedef struct loaded {
	gl_doc *people;
	gl__arena *arena;
	gl__waiver_in in;
	gl__plan_out out, plan;
	gl__waivers *w;
} loaded;

static int setup(void **state)
{
	gl__packset *ps = gl__packset_new();
	gl_err err = {{0}};
	if (!ps || gl__pack_load_builtin(ps, "clinical-imaging", 0, &err) != 0)
		return -1;
	*state = ps;
	return 0;
}

static int teardown(void **state)
{
	gl__packset_free(*state);
	return 0;
}

/* Reads `text` with the config's settings for waivers.yaml (skip and sev
 * per rule index, or NULL: none). */
static void load_with(loaded *l, const gl__packset *ps, const char *text,
                      const unsigned char *skip, const signed char *sev)
{
	static const char *const roles[] = {"governance-chair"};
	l->people = t_parse(roster_yaml);
	l->arena = gl__arena_new();
	const gl__roster *r = gl__roster_build(l->arena, gl_node_get(gl_doc_root(l->people),
	                                                             "people"), NULL);
	l->in = (gl__waiver_in){"waivers.yaml", text, strlen(text), NULL, ps, r, roles, 1,
	                        t_day("2026-12-01"), NULL, 0, skip, sev};
	l->out = (gl__plan_out){0};
	l->out.arena = gl__arena_new();
	l->plan = (gl__plan_out){0};
	l->plan.arena = gl__arena_new();
	l->w = NULL;
	gl_err err = {{0}};
	if (gl__waivers_load(&l->w, &l->in, &l->out, &err) != 0)
		fail_msg("%s", err.msg);
	gl__findings_tidy(&l->out);
}

static void load(loaded *l, const gl__packset *ps, const char *text)
{
	load_with(l, ps, text, NULL, NULL);
}

static void unload(loaded *l)
{
	gl__waivers_free(l->w);
	free(l->out.v);
	gl__arena_free(l->out.arena);
	gl__arena_free(l->plan.arena);
	gl__arena_free(l->arena);
	gl_doc_free(l->people);
}

/* The one finding about the waivers, of `sev`, at line:col (col 0: any),
 * saying `says`. */
static void only(const loaded *l, gl_severity sev, unsigned line, unsigned col, const char *says)
{
	if (l->out.n != 1)
		fail_msg("%zu findings, not 1 (first: %s)", l->out.n,
		         l->out.n ? l->out.v[0].message : "none");
	const gl_finding *f = &l->out.v[0];
	assert_ptr_equal(f->rule, gl__detector(l->in.packs, "waiver"));
	assert_string_equal(f->file, "waivers.yaml");
	assert_int_equal(f->severity, sev);
	assert_int_equal(f->line, line);
	if (col)
		assert_int_equal(f->col, col);
	t_contains(f->message, says);
}

/* A finding about the waivers, as a test expects it. */
typedef struct wanted {
	unsigned line;
	gl_severity sev;
	const char *says;
} wanted;

/* The findings about the waivers, in order, are exactly the n of want. */
static void findings_are(const loaded *l, const wanted *want, size_t n)
{
	assert_int_equal(l->out.n, n);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(l->out.v[i].line, want[i].line);
		assert_int_equal(l->out.v[i].severity, want[i].sev);
		assert_string_equal(l->out.v[i].message, want[i].says);
	}
}

/* The waiver applying to a finding of `rule` on plan P-1 at `path`, whose
 * fingerprint names it `identity`, made as a run makes it, or NULL. */
static const gl_waiver *waived_at(loaded *l, const char *rule, const char *path,
                                  const char *identity)
{
	gl_finding f = {0};
	f.rule = gl__packset_find(l->in.packs, rule);
	assert_non_null(f.rule);
	f.plan = (char *)"P-1";
	f.path = (char *)path;
	assert_int_equal(gl__waivers_note(l->w, &l->plan, &f, identity), 0);
	gl__waivers_apply(l->w, &l->plan, &f);
	assert_int_equal(gl__waivers_covers(l->w, &l->plan, &f), f.waived != NULL);
	return f.waived;
}

/* The same, of a finding with no item named by identity on its path. */
static const gl_waiver *waived(loaded *l, const char *rule, const char *path)
{
	return waived_at(l, rule, path, path);
}

static void judged(loaded *l);

/* A waiver of GOV-WFL-003 for P-1 with `extra` lines after its reason. */
static char *waiver(char *buf, size_t size, const char *reason, const char *extra)
{
	snprintf(buf, size, "waivers:\n  - rule: GOV-WFL-003\n    plan: P-1\n    reason: %s\n"
	                    "    approved_by: sam.k\n    expires: 2027-03-31\n%s", reason, extra);
	return buf;
}

/* A `path:` that is not non-blank text is malformed: it waives nothing,
 * least of all the whole plan. */
static void path_not_text(void **state)
{
	static const char *const values[] = {"[workflow.training]", "\"\"", "", "~", "null",
	                                     "{a: workflow.training}", "\"   \""};
	static const char *const kinds[] = {"a list", "empty", "empty", "empty", "empty",
	                                    "a mapping", "blank"};
	for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
		char extra[96], text[512];
		snprintf(extra, sizeof extra, "    path: %s\n", values[i]);
		loaded l;
		load(&l, *state, waiver(text, sizeof text, "training booked", extra));
		char says[160];
		snprintf(says, sizeof says, "waiver 'path' must be a text path inside the plan (leave "
		         "it out to waive the whole plan), not %s: it waives nothing", kinds[i]);
		only(&l, GL_SEV_ERROR, 7, *values[i] ? 11 : 10, says);
		assert_null(waived(&l, "GOV-WFL-003", ""));
		assert_null(waived(&l, "GOV-WFL-003", "workflow.training[0]"));
		unload(&l);
	}
}

/* A `path:` that is no logical path (as findings write theirs) is
 * malformed at the path, with the path parser's message: it matches
 * nothing, and "remove it" would be the wrong advice. */
static void path_not_a_path(void **state)
{
	static const struct {
		const char *path, *says;
	} cases[] = {
		{"\"workflow[\"", "waiver 'path' is not a path inside the plan as findings write it "
		                  "(bad path 'workflow[' at character 10: expected a field name in "
		                  "[field=value]): it waives nothing"},
		{"workflow..training", "(bad path 'workflow..training' at character 10: expected a "
		                       "field name): it waives nothing"},
		{"\"concerns[*].sign_off\"", "(bad path 'concerns[*].sign_off': [*], * or ** names "
		                             "many places; a finding's path names one): it waives "
		                             "nothing"},
		{"\"stakeholders[name=radiology]\"", "(bad path 'stakeholders[name=radiology]': a "
		 "finding's path names an item by its position ([2]) or by an identity key of the "
		 "rule's pack (id, group, category), not by 'name'): it waives nothing"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char extra[96], text[512];
		snprintf(extra, sizeof extra, "    path: %s\n", cases[i].path);
		loaded l;
		load(&l, *state, waiver(text, sizeof text, "training booked", extra));
		only(&l, GL_SEV_ERROR, 7, 11, cases[i].says);
		assert_null(waived(&l, "GOV-WFL-003", ""));
		judged(&l);
		assert_int_equal(l.out.n, 1);   /* not "matches no finding" besides */
		unload(&l);
	}
}

/* A path is compared as findings spell theirs: a quoted plain key, or a
 * key quoted with ', names what the finding's path names. */
static void path_spelled_otherwise(void **state)
{
	static const char *const paths[] = {"\"workflow['training'][0]\"",
	                                    "'workflow[\"training\"]'"};
	for (size_t i = 0; i < 2; i++) {
		char extra[96], text[512];
		snprintf(extra, sizeof extra, "    path: %s\n", paths[i]);
		loaded l;
		load(&l, *state, waiver(text, sizeof text, "training booked", extra));
		assert_int_equal(l.out.n, 0);
		assert_non_null(waived(&l, "GOV-WFL-003", "workflow.training[0]"));
		assert_null(waived(&l, "GOV-WFL-003", "workflow.trainings"));
		unload(&l);
	}
}

/* A path naming a list item by its identity (as fingerprints do; quoted
 * or not) covers the findings whose identity is that path or lies below
 * it, wherever the item stands: a MON-0 inserted above MON-1 takes none of
 * MON-1's waiver, and neither does MON-10. */
static void identity_path(void **state)
{
	static const char *const paths[] = {"'monitoring.metrics[id=\"MON-1\"]'",
	                                    "monitoring.metrics[id=MON-1]",
	                                    "\"monitoring.metrics[id='MON-1']\""};
	for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
		char extra[96], text[512];
		snprintf(extra, sizeof extra, "    path: %s\n", paths[i]);
		loaded l;
		load(&l, *state, waiver(text, sizeof text, "threshold agreed in December", extra));
		assert_int_equal(l.out.n, 0);
		assert_null(waived_at(&l, "GOV-WFL-003", "monitoring.metrics[0].owner",
		                      "monitoring.metrics[id=\"MON-0\"].owner"));
		assert_non_null(waived_at(&l, "GOV-WFL-003", "monitoring.metrics[1].owner",
		                          "monitoring.metrics[id=\"MON-1\"].owner"));
		assert_non_null(waived_at(&l, "GOV-WFL-003", "monitoring.metrics[1]",
		                          "monitoring.metrics[id=\"MON-1\"]"));
		assert_null(waived_at(&l, "GOV-WFL-003", "monitoring.metrics[2].owner",
		                      "monitoring.metrics[id=\"MON-10\"].owner"));
		assert_null(waived_at(&l, "GOV-WFL-003", "monitoring.metrics", "monitoring.metrics"));
		assert_null(waived_at(&l, "GOV-SEC-006", "monitoring.metrics[1].owner",
		                      "monitoring.metrics[id=\"MON-1\"].owner"));
		judged(&l);
		assert_int_equal(l.out.n, 0);
		unload(&l);
	}
}

/* Items named by identity at two levels, and one by position below: the
 * prefix rule holds at every step (radio is not radiology, SM-2 not
 * SM-20, [1] not [10]). */
static void identity_path_nested(void **state)
{
	char text[512];
	loaded l;
	load(&l, *state, waiver(text, sizeof text, "measures agreed", "    path: "
	                        "stakeholders[group=radiology].success_measures[id=SM-2].steps[1]\n"));
	assert_int_equal(l.out.n, 0);
	static const struct {
		const char *path, *identity;
		int waived;
	} cases[] = {
		{"stakeholders[3].success_measures[0].steps[1].by",
		 "stakeholders[group=\"radiology\"].success_measures[id=\"SM-2\"].steps[1].by", 1},
		{"stakeholders[3].success_measures[0].steps[10]",
		 "stakeholders[group=\"radiology\"].success_measures[id=\"SM-2\"].steps[10]", 0},
		{"stakeholders[3].success_measures[1].steps[1]",
		 "stakeholders[group=\"radiology\"].success_measures[id=\"SM-20\"].steps[1]", 0},
		{"stakeholders[2].success_measures[0].steps[1]",
		 "stakeholders[group=\"radio\"].success_measures[id=\"SM-2\"].steps[1]", 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		assert_int_equal(waived_at(&l, "GOV-WFL-003", cases[i].path, cases[i].identity) != NULL,
		                 cases[i].waived);
	unload(&l);
}

/* A path naming by identity an item no finding has matches nothing, and
 * is reported as such, by the identity it names. */
static void identity_path_wrong_id(void **state)
{
	char text[512];
	loaded l;
	load(&l, *state, waiver(text, sizeof text, "threshold agreed in December",
	                        "    path: monitoring.metrics[id=MON-9]\n"));
	assert_null(waived_at(&l, "GOV-WFL-003", "monitoring.metrics[0].owner",
	                      "monitoring.metrics[id=\"MON-1\"].owner"));
	judged(&l);
	only(&l, GL_SEV_WARNING, 2, 5, "waiver of GOV-WFL-003 for P-1 at monitoring.metrics"
	     "[id=\"MON-9\"] matches no finding: remove it");
	assert_string_equal(l.out.v[0].message, "waiver of GOV-WFL-003 for P-1 at monitoring.metrics"
	                    "[id=\"MON-9\"] matches no finding: remove it");
	unload(&l);
}

/* A path naming by position an item that has an identity still waives
 * what lies there, and once it did, an info at the path says how to name
 * the item so the waiver stays with it; a positional path through items
 * without one, or one that waived nothing, gets none. */
static void positional_path_named(void **state)
{
	static const struct {
		const char *path, *finding, *identity, *says;
	} cases[] = {
		{"\"monitoring.metrics[0]\"", "monitoring.metrics[0].owner",
		 "monitoring.metrics[id=\"MON-1\"].owner", "waiver of GOV-WFL-003 for P-1 names "
		 "monitoring.metrics[0] by position: write monitoring.metrics[id=\"MON-1\"] so that it "
		 "stays with that item when the list changes"},
		{"\"stakeholders[3].success_measures[0].by\"", "stakeholders[3].success_measures[0].by",
		 "stakeholders[group=\"radiology\"].success_measures[0].by", "waiver of GOV-WFL-003 for "
		 "P-1 names stakeholders[3].success_measures[0].by by position: write stakeholders"
		 "[group=\"radiology\"].success_measures[0].by so that it stays with that item when the "
		 "list changes"},
		{"\"workflow.training[0]\"", "workflow.training[0].module", "workflow.training[0].module",
		 NULL},
		{"\"monitoring.metrics[1]\"", "monitoring.metrics[0].owner",
		 "monitoring.metrics[id=\"MON-1\"].owner",
		 "waiver of GOV-WFL-003 for P-1 at monitoring.metrics[1] matches no finding: remove it"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char extra[96], text[512];
		snprintf(extra, sizeof extra, "    path: %s\n", cases[i].path);
		loaded l;
		load(&l, *state, waiver(text, sizeof text, "threshold agreed in December", extra));
		int matches = !strstr(cases[i].says ? cases[i].says : "", "matches no finding");
		assert_int_equal(waived_at(&l, "GOV-WFL-003", cases[i].finding, cases[i].identity) != NULL,
		                 matches);
		judged(&l);
		if (!cases[i].says)
			assert_int_equal(l.out.n, 0);
		else if (matches)
			only(&l, GL_SEV_INFO, 7, 11, cases[i].says);
		else
			only(&l, GL_SEV_WARNING, 2, 5, cases[i].says);
		if (cases[i].says)
			assert_string_equal(l.out.v[0].message, cases[i].says);
		unload(&l);
	}
}

/* A `reference:` that is not text would lose the audit link: malformed. */
static void reference_not_text(void **state)
{
	static const char *const values[] = {"[AI committee minutes, item 4]", "{a: 1}", "\"\""};
	static const char *const kinds[] = {"a list", "a mapping", "empty"};
	for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
		char extra[96], text[512], says[96];
		snprintf(extra, sizeof extra, "    reference: %s\n", values[i]);
		loaded l;
		load(&l, *state, waiver(text, sizeof text, "training booked", extra));
		snprintf(says, sizeof says, "waiver 'reference' must be text, not %s: it waives nothing",
		         kinds[i]);
		only(&l, GL_SEV_ERROR, 7, 16, says);
		assert_null(waived(&l, "GOV-WFL-003", ""));
		unload(&l);
	}
}

/* A reason, reference or path that YAML 1.2 reads as a bool or a number is
 * malformed (`reason: true` is no reason); quoted, the same text is text. */
static void text_typed_yaml(void **state)
{
	static const struct {
		const char *key, *value, *says;
	} cases[] = {
		{"reason", "true", "waiver 'reason' must be text, not the boolean true (quote it to "
		                   "mean the text): it waives nothing"},
		{"reason", "False", "waiver 'reason' must be text, not the boolean False"},
		{"reason", "42", "waiver 'reason' must be text, not the number 42 (quote it to mean "
		                 "the text): it waives nothing"},
		{"reason", "-4.5e3", "waiver 'reason' must be text, not the number -4.5e3"},
		{"reason", ".inf", "waiver 'reason' must be text, not the number .inf"},
		{"reference", "42", "waiver 'reference' must be text, not the number 42"},
		{"path", "7", "waiver 'path' must be a text path inside the plan (leave it out to "
		              "waive the whole plan), not the number 7"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char text[512], extra[64];
		int reason = strcmp(cases[i].key, "reason") == 0;
		snprintf(extra, sizeof extra, "    %s: %s\n", cases[i].key, cases[i].value);
		loaded l;
		load(&l, *state, waiver(text, sizeof text, reason ? cases[i].value : "training booked",
		                        reason ? "" : extra));
		only(&l, GL_SEV_ERROR, reason ? 4 : 7, reason ? 13 : (unsigned)strlen(cases[i].key) + 7,
		     cases[i].says);
		assert_null(waived(&l, "GOV-WFL-003", ""));
		unload(&l);
	}
	static const char *const quoted[] = {"\"42\"", "'true'", "! 42"};
	for (size_t i = 0; i < sizeof quoted / sizeof *quoted; i++) {
		char text[512];
		loaded l;
		load(&l, *state, waiver(text, sizeof text, quoted[i], ""));
		assert_int_equal(l.out.n, 0);
		assert_non_null(waived(&l, "GOV-WFL-003", ""));
		unload(&l);
	}
}

/* An id may be spelled as a number, as the plan or roster spells it
 * (`id: 42`): a waiver's rule, plan and approver are compared as text. */
static void id_spelled_as_number(void **state)
{
	loaded l;
	load(&l, *state, "waivers:\n  - {rule: GOV-WFL-003, plan: 42, reason: r, approved_by: "
	                 "sam.k, expires: 2027-03-31}\n");
	assert_int_equal(l.out.n, 0);
	gl_finding f = {0};
	f.rule = gl__packset_find(l.in.packs, "GOV-WFL-003");
	f.plan = (char *)"42";
	f.path = (char *)"";
	gl__waivers_apply(l.w, &l.plan, &f);
	assert_non_null(f.waived);
	unload(&l);
}

/* A key that is there with a list is not "without" the key. */
static void key_not_text(void **state)
{
	loaded l;
	load(&l, *state, "waivers:\n  - {rule: [GOV-WFL-003, GOV-SEC-006], plan: P-1, reason: r,\n"
	                 "     approved_by: sam.k, expires: 2027-03-31}\n");
	only(&l, GL_SEV_ERROR, 2, 12, "waiver 'rule' must be text, not a list: it waives nothing");
	assert_null(strstr(l.out.v[0].message, "without"));
	unload(&l);
}

/* A reason blank after trimming is no reason. */
static void blank_reason(void **state)
{
	char text[512];
	loaded l;
	load(&l, *state, waiver(text, sizeof text, "\"  \\t \"", ""));
	only(&l, GL_SEV_ERROR, 4, 13, "waiver 'reason' must be text, not blank: it waives nothing");
	assert_null(waived(&l, "GOV-WFL-003", ""));
	unload(&l);
}

/* The file's only key is `waivers`: a misspelled second list is reported
 * at its key (and waives nothing), the real list still read. */
static void unknown_top_level_key(void **state)
{
	char text[512];
	loaded l;
	load(&l, *state, strcat(waiver(text, sizeof text, "training booked", ""),
	                        "waviers:\n  - {rule: GOV-SEC-006, plan: P-1}\n"));
	only(&l, GL_SEV_ERROR, 7, 1,
	     "waivers.yaml has an unknown key 'waviers' (its only key is waivers)");
	assert_non_null(waived(&l, "GOV-WFL-003", ""));
	assert_null(waived(&l, "GOV-SEC-006", ""));
	unload(&l);
}

/* An empty file, or one of comments, waives nothing and is no finding (a
 * waivers file not started yet); a document without the list is one. */
static void empty_file(void **state)
{
	static const char *const texts[] = {"", "# no waivers yet\n", "---\n", "waivers:\n"};
	for (size_t i = 0; i < 4; i++) {
		loaded l;
		load(&l, *state, texts[i]);
		if (i < 2)
			assert_int_equal(l.out.n, 0);
		else
			only(&l, GL_SEV_ERROR, i == 2 ? 2 : 1, 1, "waivers.yaml needs a 'waivers:' list");
		unload(&l);
	}
}

/* A reason that is a placeholder, the whole value trimmed and in any case
 * (the pack's vocabulary, as GOV-DOC-002 judges a plan's values), is no
 * reason; one that only starts with such a word is. */
static void placeholder_reason(void **state)
{
	static const char *const holders[] = {"TBD", "tbc", "TODO", "FIXME", "XXX", "\"???\"",
	                                      "N/A", "\"-\"", "To be determined", "pending",
	                                      "none yet", "Lorem ipsum dolor", "\"<reason>\"",
	                                      "\"  tbd \""};
	for (size_t i = 0; i < sizeof holders / sizeof *holders; i++) {
		char text[512];
		loaded l;
		load(&l, *state, waiver(text, sizeof text, holders[i], ""));
		only(&l, GL_SEV_ERROR, 4, 13, "is a placeholder, not a reason: it waives nothing");
		assert_null(waived(&l, "GOV-WFL-003", ""));
		unload(&l);
	}
	static const char *const reasons[] = {"TBD by March, the module is booked", "pending review",
	                                      "n/a until go-live"};
	for (size_t i = 0; i < sizeof reasons / sizeof *reasons; i++) {
		char text[512];
		loaded l;
		load(&l, *state, waiver(text, sizeof text, reasons[i], ""));
		assert_int_equal(l.out.n, 0);
		assert_non_null(waived(&l, "GOV-WFL-003", ""));
		unload(&l);
	}
}

/* The placeholders are those of the waiver rule's own pack, not a list of
 * the code's: a local pack with its own vocabulary gets its own. */
static void placeholder_of_the_pack(void **state)
{
	(void)state;
	static const char pack[] =
		"pack: t\nversion: \"1\"\nvocabularies:\n  placeholders: ['(?i)^\\s*later\\s*$']\n"
		"rules:\n"
		"  - {id: T-WVR, title: W, area: plan, severity: error, enforcement: hard,\n"
		"     detects: waiver, rationale: r, help: h}\n"
		"  - {id: T-001, title: T, area: plan, severity: error, enforcement: soft,\n"
		"     message: m, rationale: r, help: h, require: [{nonempty: title}]}\n";
	gl__packset *ps = gl__packset_new();
	gl_err err = {{0}};
	if (gl__pack_load(ps, "t.yaml", pack, strlen(pack), &err))
		fail_msg("%s", err.msg);
	static const char *const texts[] = {
		"waivers:\n  - {rule: T-001, plan: P-1, reason: Later, approved_by: sam.k,\n"
		"     expires: 2027-03-31}\n",
		"waivers:\n  - {rule: T-001, plan: P-1, reason: TBD, approved_by: sam.k,\n"
		"     expires: 2027-03-31}\n"};
	for (size_t i = 0; i < 2; i++) {
		loaded l;
		load(&l, ps, texts[i]);
		assert_int_equal(l.out.n, i == 0);
		if (i == 0)
			only(&l, GL_SEV_ERROR, 2, 38, "waiver reason 'Later' is a placeholder");
		assert_true((waived(&l, "T-001", "") != NULL) == (i == 1));
		unload(&l);
	}
	gl__packset_free(ps);
}

/* Judges every waiver as a run checking all plans does after applying
 * them: the expired and expiring ones, then the valid ones no finding
 * went to; the findings in order. */
static void judged(loaded *l)
{
	assert_int_equal(gl__waivers_expiry(l->w, &l->in, &l->out, NULL, NULL), 0);
	assert_int_equal(gl__waivers_unused(l->w, &l->in, &l->out, NULL, NULL), 0);
	gl__findings_tidy(&l->out);
}

/* Two waivers of GOV-WFL-003 for P-1, at lines 2 and 3. */
static char *two(char *buf, size_t size, const char *path1, const char *expires1,
                 const char *path2, const char *expires2)
{
	snprintf(buf, size, "waivers:\n"
	         "  - {rule: GOV-WFL-003, plan: P-1, %s reason: first, approved_by: sam.k, expires: %s}\n"
	         "  - {rule: GOV-WFL-003, plan: P-1, %s reason: renewed, approved_by: sam.k, expires: %s}\n",
	         path1, expires1, path2, expires2);
	return buf;
}

/* Of two valid waivers of one finding, the one expiring last applies, even
 * below the other, the first in the file on a tie; the other is superseded
 * (not "matches no finding"), naming the one that applies. A narrower one
 * whose findings all go to a wider one is superseded too. */
static void latest_applies(void **state)
{
	static const struct {
		const char *path1, *expires1, *expires2, *finding, *reason;
		unsigned line;
		const char *says;
	} cases[] = {
		{"", "2027-01-31", "2027-03-31", "workflow.training[0]", "renewed", 2,
		 "waiver of GOV-WFL-003 for P-1 is superseded by the waiver at line 3, which expires "
		 "later: remove it"},
		{"", "2027-03-31", "2027-03-31", "", "first", 3,
		 "waiver of GOV-WFL-003 for P-1 is superseded by the waiver at line 2, which expires "
		 "the same day and comes first: remove it"},
		{"path: workflow.training,", "2027-01-31", "2027-03-31", "workflow.training[1]",
		 "renewed", 2, "waiver of GOV-WFL-003 for P-1 at workflow.training is superseded by "
		 "the waiver at line 3, which expires later: remove it"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char text[512];
		loaded l;
		load(&l, *state, two(text, sizeof text, cases[i].path1, cases[i].expires1, "",
		                     cases[i].expires2));
		const gl_waiver *by = waived(&l, "GOV-WFL-003", cases[i].finding);
		assert_non_null(by);
		assert_string_equal(by->reason, cases[i].reason);
		assert_string_equal(by->expires, cases[i].reason[0] == 'r' ? cases[i].expires2
		                                                           : cases[i].expires1);
		judged(&l);
		only(&l, GL_SEV_WARNING, cases[i].line, 5, cases[i].says);
		unload(&l);
	}
}

/* A path by position and one by identity naming the same item compete as
 * any two waivers of a finding do: the one expiring last applies, and the
 * other is superseded (no info for a positional one that waived nothing). */
static void identity_and_position_compete(void **state)
{
	static const char *const by_position = "path: \"monitoring.metrics[1]\",",
	                         *const by_identity = "path: 'monitoring.metrics[id=\"MON-1\"]',";
	static const struct {
		const char *path1, *path2, *says;
	} cases[] = {
		{by_position, by_identity, "waiver of GOV-WFL-003 for P-1 at monitoring.metrics[1] is "
		 "superseded by the waiver at line 3, which expires later: remove it"},
		{by_identity, by_position, "waiver of GOV-WFL-003 for P-1 at monitoring.metrics"
		 "[id=\"MON-1\"] is superseded by the waiver at line 3, which expires later: remove it"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char text[512];
		loaded l;
		load(&l, *state, two(text, sizeof text, cases[i].path1, "2027-01-31", cases[i].path2,
		                     "2027-03-31"));
		const gl_waiver *by = waived_at(&l, "GOV-WFL-003", "monitoring.metrics[1].owner",
		                                "monitoring.metrics[id=\"MON-1\"].owner");
		assert_non_null(by);
		assert_string_equal(by->reason, "renewed");
		judged(&l);
		if (i == 0)
			only(&l, GL_SEV_WARNING, 2, 5, cases[i].says);
		else {   /* and the positional one that applies says how to name the item */
			assert_int_equal(l.out.n, 2);
			assert_string_equal(l.out.v[0].message, cases[i].says);
			t_contains(l.out.v[1].message, "names monitoring.metrics[1] by position: write "
			           "monitoring.metrics[id=\"MON-1\"]");
		}
		unload(&l);
	}
}

/* 60,000 waivers, each of its own plan, and a finding of each plan: each
 * finding gets its plan's waiver, none is unused. Matching is indexed by
 * rule and plan: a scan of every waiver per finding (3.6e9 comparisons)
 * took minutes here. */
static void many_waivers(void **state)
{
	enum { N = 60000 };
	gl__buf text = {0};
	gl__buf_puts(&text, "waivers:\n");
	for (int i = N - 1; i >= 0; i--)   /* the index cannot rely on the file's order */
		gl__buf_printf(&text, "  - {rule: GOV-WFL-003, plan: P-%d, reason: paperwork %d, "
		               "approved_by: sam.k, expires: 2027-03-31}\n", i, i);
	loaded l;
	load(&l, *state, text.p);
	gl_finding f = {0};
	f.rule = gl__packset_find(l.in.packs, "GOV-WFL-003");
	f.path = (char *)"workflow.training";
	char plan[32], reason[32];
	for (int i = 0; i < N; i++) {
		snprintf(plan, sizeof plan, "P-%d", i);
		snprintf(reason, sizeof reason, "paperwork %d", i);
		f.plan = plan;
		f.waived = NULL;
		gl__waivers_apply(l.w, &l.plan, &f);
		assert_non_null(f.waived);
		assert_string_equal(f.waived->reason, reason);
	}
	judged(&l);
	assert_int_equal(l.out.n, 0);
	unload(&l);
	free(text.p);
}

/* 3,000 waivers of one rule and plan, each naming an item by identity,
 * and a finding below each item: each gets its item's waiver, none is
 * unused, in half a second. The plan's notes of where such waivers lie
 * are read once per finding, not once per waiver of its rule and plan
 * (3,000 x 3,000 x 3,000 steps: 41 s here). */
static void many_identity_waivers(void **state)
{
	enum { N = 3000 };
	gl__buf text = {0};
	gl__buf_puts(&text, "waivers:\n");
	for (int i = 0; i < N; i++)
		gl__buf_printf(&text, "  - {rule: GOV-WFL-003, plan: P-1, path: 'm[id=\"I-%d\"]', "
		               "reason: paperwork %d, approved_by: sam.k, expires: 2027-03-31}\n", i, i);
	loaded l;
	load(&l, *state, text.p);
	assert_int_equal(l.out.n, 0);
	char path[32], identity[32], reason[32];
	for (int i = N - 1; i >= 0; i--) {   /* the item at position i has the id I-(N-1-i) */
		snprintf(path, sizeof path, "m[%d].x", N - 1 - i);
		snprintf(identity, sizeof identity, "m[id=\"I-%d\"].x", i);
		snprintf(reason, sizeof reason, "paperwork %d", i);
		const gl_waiver *by = waived_at(&l, "GOV-WFL-003", path, identity);
		assert_non_null(by);
		assert_string_equal(by->reason, reason);
	}
	judged(&l);
	assert_int_equal(l.out.n, 0);
	unload(&l);
	free(text.p);
}

/* P-1's plan was not read; P-2 is the id of no plan read, and a plan
 * whose id could not be read either may be P-2's; P-3's was checked. */
static gl__waiver_judge judge_unread(void *ctx, const char *plan, const char **file)
{
	(void)ctx;
	*file = strcmp(plan, "P-1") == 0 ? "plans/p1.yaml" : "plans/broken.yaml";
	return strcmp(plan, "P-1") == 0 ? GL__WAIVER_UNREAD
	       : strcmp(plan, "P-2") == 0 ? GL__WAIVER_MAYBE : GL__WAIVER_JUDGE;
}

/* A waiver of a plan that could not be read is not judged: "matches no
 * finding: remove it" would have a valid waiver deleted before the plan
 * is fixed. An info says so, and to keep it. */
static void plan_not_read(void **state)
{
	loaded l;
	load(&l, *state, "waivers:\n"
	                 "  - {rule: GOV-WFL-003, plan: P-1, reason: r, approved_by: sam.k, "
	                 "expires: 2027-03-31}\n"
	                 "  - {rule: GOV-WFL-003, plan: P-2, path: workflow, reason: r, "
	                 "approved_by: sam.k, expires: 2027-03-31}\n"
	                 "  - {rule: GOV-WFL-003, plan: P-3, reason: r, approved_by: sam.k, "
	                 "expires: 2027-03-31}\n");
	assert_int_equal(gl__waivers_unused(l.w, &l.in, &l.out, judge_unread, NULL), 0);
	gl__findings_tidy(&l.out);
	static const wanted want[] = {
		{2, GL_SEV_INFO, "waiver of GOV-WFL-003 for P-1 not judged: its plan, plans/p1.yaml, "
		                 "could not be read; keep the waiver, it is judged once the plan reads"},
		{3, GL_SEV_INFO, "waiver of GOV-WFL-003 for P-2 at workflow not judged: no plan read "
		                 "has the id P-2, and plans/broken.yaml, whose id could not be read, may "
		                 "be its plan; keep the waiver until that plan reads"},
		{4, GL_SEV_WARNING, "waiver of GOV-WFL-003 for P-3 matches no finding: remove it"},
	};
	findings_are(&l, want, 3);
	unload(&l);
}

/* An expired waiver that a valid one wholly covers (a renewal; path
 * included) is stale, a warning naming the renewal; one covered in part,
 * or not at all, is an error: its findings count again. */
static void expired(void **state)
{
	static const char renewed[] = "waiver of GOV-WFL-003 for P-1 expired on 2026-11-30; the "
	                              "waiver at line 3 now covers its findings: remove this entry";
	static const char again[] = "waiver of GOV-WFL-003 for P-1 expired on 2026-11-30: its "
	                            "findings count again";
	static const struct {
		const char *path1, *path2;
		gl_severity sev;
	} cases[] = {
		{"", "", GL_SEV_WARNING},
		{"path: \"workflow.training[0]\",", "", GL_SEV_WARNING},
		{"path: workflow,", "path: workflow,", GL_SEV_WARNING},
		{"path: \"workflow.training[0]\",", "path: workflow,", GL_SEV_WARNING},
		{"", "path: \"workflow.training[0]\",", GL_SEV_ERROR},
		{"path: workflow,", "path: workflow.training,", GL_SEV_ERROR},
		{"path: workflow,", "path: workflowx,", GL_SEV_ERROR},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char text[512];
		loaded l;
		load(&l, *state, two(text, sizeof text, cases[i].path1, "2026-11-30", cases[i].path2,
		                     "2027-03-31"));
		assert_int_equal(l.out.n, 0);   /* judged with the plans, not as the file is read */
		assert_int_equal(gl__waivers_expiry(l.w, &l.in, &l.out, NULL, NULL), 0);
		only(&l, cases[i].sev, 2, 0, cases[i].sev == GL_SEV_WARNING ? renewed : again);
		unload(&l);
	}
}

/* P-1's plan is checked and was not read; P-2's is not checked. */
static gl__waiver_judge judge_p1(void *ctx, const char *plan, const char **file)
{
	(void)ctx;
	*file = "plans/p1.yaml";
	return strcmp(plan, "P-1") == 0 ? GL__WAIVER_UNREAD : GL__WAIVER_LEAVE;
}

/* Expiry is a judgement of a waiver of a plan, as whether it matches is:
 * a run checking only P-1 reports P-1's expired and expiring waivers,
 * whether or not the plan could be read (the date says it, not the plan),
 * and leaves P-2's, whose plan it does not check (a commit touching only
 * P-1 was refused for P-2's expired waiver); what is wrong with P-2's
 * entries themselves is waivers.yaml's, reported as the file is read. */
static void expiry_of_plans_checked(void **state)
{
	loaded l;
	load(&l, *state, "waivers:\n"
	                 "  - {rule: GOV-WFL-003, plan: P-2, reason: r, approved_by: sam.k, "
	                 "expires: 2026-11-30}\n"
	                 "  - {rule: GOV-SEC-006, plan: P-2, reason: r, approved_by: sam.k, "
	                 "expires: 2026-12-01}\n"
	                 "  - {rule: GOV-WFL-003, plan: P-1, reason: r, approved_by: sam.k, "
	                 "expires: 2026-11-30}\n"
	                 "  - {rule: GOV-SEC-006, plan: P-1, reason: r, approved_by: sam.k, "
	                 "expires: 2026-12-02}\n"
	                 "  - {rule: GOV-SEC-006, plan: P-2, reason: r, approved_by: pat.d, "
	                 "expires: 2027-03-31}\n");
	assert_int_equal(gl__waivers_expiry(l.w, &l.in, &l.out, judge_p1, NULL), 0);
	gl__findings_tidy(&l.out);
	static const wanted want[] = {
		{4, GL_SEV_ERROR, "waiver of GOV-WFL-003 for P-1 expired on 2026-11-30: its findings "
		                  "count again"},
		{5, GL_SEV_INFO, "waiver of GOV-SEC-006 for P-1 expires on 2026-12-02, in 1 day"},
		{6, GL_SEV_ERROR, "waiver approved by pat.d, who is not in people.yaml"},
	};
	findings_are(&l, want, 3);
	unload(&l);
}

/* An approver without the role (error), a waiver expiring in 4 days
 * (info), one matching nothing (warning), with the config's severity for
 * GOV-WVR-001 on waivers.yaml (-1: none); the severities they get. */
static void severities(const gl__packset *ps, int config, const gl_severity want[3])
{
	static const char text[] =
		"waivers:\n"
		"  - {rule: GOV-WFL-003, plan: P-1, reason: r, approved_by: pat.d, expires: 2027-03-31}\n"
		"  - {rule: GOV-WFL-003, plan: P-1, reason: r, approved_by: sam.k, expires: 2026-12-05}\n"
		"  - {rule: GOV-SEC-006, plan: P-1, reason: r, approved_by: sam.k, expires: 2027-03-31}\n";
	size_t n = gl__packset_nrules(ps);
	unsigned char *skip = calloc(2 * n, 1);
	assert_non_null(skip);
	signed char *sev = (signed char *)skip + n;
	memset(sev, -1, n);
	for (size_t i = 0; i < n; i++)
		if (gl__packset_rule(ps, i) == gl__detector(ps, "waiver"))
			sev[i] = (signed char)config;
	loaded l;
	load_with(&l, ps, text, skip, sev);
	assert_non_null(waived(&l, "GOV-WFL-003", ""));
	judged(&l);
	assert_int_equal(l.out.n, 3);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(l.out.v[i].line, i + 2);
		assert_int_equal(l.out.v[i].severity, want[i]);
	}
	unload(&l);
	free(skip);
}

/* The config's severity for GOV-WVR-001 is that of its gravest findings:
 * it lowers them, and none of the others rises above it. */
static void config_severity(void **state)
{
	static const gl_severity own[3] = {GL_SEV_ERROR, GL_SEV_INFO, GL_SEV_WARNING};
	static const gl_severity warning[3] = {GL_SEV_WARNING, GL_SEV_INFO, GL_SEV_WARNING};
	static const gl_severity info[3] = {GL_SEV_INFO, GL_SEV_INFO, GL_SEV_INFO};
	severities(*state, -1, own);
	severities(*state, GL_SEV_ERROR, own);
	severities(*state, GL_SEV_WARNING, warning);
	severities(*state, GL_SEV_INFO, info);
}

/* Disabled for waivers.yaml, GOV-WVR-001 reports nothing, and a waiver
 * that is not valid still waives nothing. */
static void config_disables(void **state)
{
	const gl__packset *ps = *state;
	size_t n = gl__packset_nrules(ps);
	unsigned char *skip = calloc(2 * n, 1);
	assert_non_null(skip);
	memset(skip + n, 0xff, n);
	for (size_t i = 0; i < n; i++)
		skip[i] = gl__packset_rule(ps, i) == gl__detector(ps, "waiver");
	loaded l;
	load_with(&l, ps, "waivers:\n  - {rule: GOV-WFL-003, plan: P-1, reason: r, approved_by: "
	                  "pat.d, expires: 2027-03-31}\n", skip, (signed char *)skip + n);
	judged(&l);
	assert_int_equal(l.out.n, 0);
	assert_null(waived(&l, "GOV-WFL-003", ""));
	unload(&l);
	free(skip);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(path_not_text),
		cmocka_unit_test(path_not_a_path),
		cmocka_unit_test(path_spelled_otherwise),
		cmocka_unit_test(identity_path),
		cmocka_unit_test(identity_path_nested),
		cmocka_unit_test(identity_path_wrong_id),
		cmocka_unit_test(positional_path_named),
		cmocka_unit_test(identity_and_position_compete),
		cmocka_unit_test(reference_not_text),
		cmocka_unit_test(text_typed_yaml),
		cmocka_unit_test(id_spelled_as_number),
		cmocka_unit_test(key_not_text),
		cmocka_unit_test(blank_reason),
		cmocka_unit_test(unknown_top_level_key),
		cmocka_unit_test(empty_file),
		cmocka_unit_test(placeholder_reason),
		cmocka_unit_test(placeholder_of_the_pack),
		cmocka_unit_test(latest_applies),
		cmocka_unit_test(many_waivers),
		cmocka_unit_test(many_identity_waivers),
		cmocka_unit_test(plan_not_read),
		cmocka_unit_test(expired),
		cmocka_unit_test(expiry_of_plans_checked),
		cmocka_unit_test(config_severity),
		cmocka_unit_test(config_disables),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
