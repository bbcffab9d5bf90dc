/* Every predicate of policy/checks/ and the combinators of policy/cond.c,
 * through conditions compiled from YAML text and evaluated on one plan. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "internal.h"
#include "helpers.h"

static const char plan[] =
	"id: P-1\n"                                                     /* 1 */
	"status: review\n"                                              /* 2 */
	"owner: omar.ali\n"                                             /* 3 */
	"go_live: 2026-03-01\n"                                         /* 4 */
	"revision: 3\n"                                                 /* 5 */
	"max_revision: 5\n"                                             /* 6 */
	"ratio: 0.5\n"                                                  /* 7 */
	"title: TBD\n"                                                  /* 8 */
	"blank: \"  \"\n"                                               /* 9 */
	"reviewer: visiting.rad\n"                                      /* 10 */
	"tags: [ct, mri, ct]\n"                                         /* 11 */
	"context: {clinical_trial: false, retention: 6 months}\n"       /* 12 */
	"people:\n"                                                     /* 13 */
	"  - {id: visiting.rad, roles: [radiologist], groups: [radiology]}\n"
	"stakeholders:\n"                                               /* 15 */
	"  - group: radiology\n"                                        /* 16 */
	"    reps: [omar.ali]\n"                                        /* 17 */
	"  - group: it-security\n"                                      /* 18 */
	"    reps: [li.wei, shared.login]\n"                            /* 19 */
	"concerns:\n"                                                   /* 20 */
	"  - id: C-1\n"                                                 /* 21 */
	"    raised_by: omar.ali\n"                                     /* 22 */
	"    severity: high\n"                                          /* 23 */
	"    raised_on: 2026-01-10\n"                                   /* 24 */
	"    sign_off: {by: omar.ali, role: radiologist, signed_at: \"2026-02-01T10:00:00Z\"}\n"
	"  - id: C-2\n"                                                 /* 26 */
	"    raised_by: li.wei\n"                                       /* 27 */
	"    severity: urgent\n"                                        /* 28 */
	"    raised_on: 2026-04-01\n"                                   /* 29 */
	"  - id: C-1\n"                                                 /* 30 */
	"    raised_by: ghost\n"                                        /* 31 */
	"    severity: low\n"                                           /* 32 */
	"    raised_on: not a date\n"                                   /* 33 */
	"security_review:\n"                                            /* 34 */
	"  scope: {data: done, algorithm: ~}\n"                         /* 35 */
	"  findings: []\n"                                              /* 36 */
	"  notes: {}\n"                                                 /* 37 */
	"forever: .inf\n"                                               /* 38 */
	"never: -.Inf\n"                                                /* 39 */
	"quoted_inf: \".inf\"\n"                                        /* 40 */
	"odd_keys: {~: 1, [a, b]: 2}\n"                                  /* 41 */
	"hollow:\n"                                                    /* 42 */
	"  one_map: [{}]\n"                                            /* 43 */
	"  one_list: [[], [{}], ~]\n"                                  /* 44 */
	"  measure: {source: {}, cadence: [], owner: ~, note: \"\"}\n"  /* 45 */
	"  spaces: \"\\u00a0\\u200b\\u3000\\ufeff\\u2060 \"\n"          /* 46 */
	"  padded: [\"\\u1680\", {a: [\"\\t\\u2028\"]}]\n"              /* 47 */
	"  keyed: {TBD: ~}\n"                                          /* 48 */
	"  deep: [[{}, {a: [x]}]]\n"                                   /* 49 */
	"  falsy: [false, 0]\n"                                        /* 50 */
	"milestones: [2026-02-01, 2026-04-01]\n"                        /* 51 */
	"limits: [2, 10]\n"                                             /* 52 */
	"nan: .nan\n"                                                   /* 53 */
	"huge: 1e999\n";                                                /* 54 */

static const char people[] =
	"people:\n"
	"  - id: omar.ali\n"
	"    name: Omar Ali, MD\n"
	"    roles: [radiologist]\n"
	"    groups: [radiology]\n"
	"  - id: li.wei\n"
	"    roles: [security-officer, it-engineer]\n"
	"    groups: [it-security]\n"
	"  - id: shared.login\n"
	"    name: \"\"\n"
	"    roles: [shared-account]\n"
	"    groups: []\n";

static const char vocab[] =
	"pack: t\n"
	"vocabularies:\n"
	"  placeholders: ['(?i)^\\s*(tbd|todo)\\s*$', '^-$']\n"
	"  severities: [low, medium, high, critical]\n"
	"  levels: [data, algorithm, organization]\n"
	"  signers: [radiologist, clinician]\n"
	"  contact: [name]\n"
	"  honorifics: [', MD$']\n"
	"  many: [m00, m01, m02, m03, m04, m05, m06, m07, m08, m09, m10, m11, m12, m13, m14, m15,\n"
	"         m16, m17, m18, m19]\n"
	"rules:\n"
	"  - {id: T-0, title: t, area: plan, severity: info, rationale: r, help: h,\n"
	"     require: {present: id}}\n"
	"  - {id: T-1, title: t, area: plan, severity: info, rationale: r, help: h,\n"
	"     require: {present: id}}\n"
	"  - {id: X-1, title: t, area: plan, severity: info, rationale: r, help: h,\n"
	"     require: {present: id}}\n";

static int setup(void **state)
{
	t_env *e = malloc(sizeof *e);
	t_env_open(e, plan, people);
	t_env_pack(e, vocab);
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	t_env_close(*state);
	free(*state);
	return 0;
}

/* A condition, how many failures it has on the plan (0: it passes), and the
 * first failure's path, location line, value and a part of its detail. */
typedef struct kase {
	const char *cond;
	size_t n;
	const char *path;
	unsigned line;
	const char *value, *detail;
} kase;

static void run_case(t_env *e, const kase *k)
{
	gl__cond *c = t_cond(e, k->cond);
	if (!c)
		fail_msg("%s: %s", k->cond, e->err.msg);
	int rc = t_eval(e, c);
	const gl__fail *f = e->fails.n ? &e->fails.v[0] : NULL;
	if (rc != (k->n == 0) || e->fails.n != k->n)
		fail_msg("%s: rc %d with %zu failures (first: %s at line %u: %s), want %zu", k->cond,
		         rc, e->fails.n, f ? t_ptext(e->arena, f->path) : "-", f && f->loc ? f->loc->line : 0,
		         f ? f->detail : "-", k->n);
	assert_int_equal(gl__cond_eval(c, &e->ec, &e->subj, NULL), k->n == 0);  /* deciding only */
	if (!f)
		return;
	assert_non_null(f->loc);
	const char *path = t_ptext(e->arena, f->path);
	if (strcmp(path, k->path) != 0 || f->loc->line != k->line)
		fail_msg("%s: first failure at %s line %u, want %s line %u", k->cond, path,
		         f->loc->line, k->path, k->line);
	if (k->value && (!f->value || strcmp(f->value, k->value) != 0))
		fail_msg("%s: value '%s', want '%s'", k->cond, f->value ? f->value : "(null)", k->value);
	if (!k->value && f->value)
		fail_msg("%s: value '%s', want none", k->cond, f->value);
	if (k->detail)
		t_contains(f->detail, k->detail);
}

#define RUN(state, cases)                                          \
	do {                                                           \
		for (size_t i_ = 0; i_ < sizeof cases / sizeof *cases; i_++) \
			run_case(*(state), &cases[i_]);                        \
	} while (0)

static void test_present(void **state)
{
	static const kase cases[] = {
		{"{present: id}", 0, NULL, 0, NULL, NULL},
		{"{present: [id, owner, tags]}", 0, NULL, 0, NULL, NULL},
		{"{present: missing_field}", 1, "missing_field", 1, NULL, "missing_field is missing"},
		{"{present: [id, nope, nope2]}", 2, "nope", 1, NULL, "nope is missing"},
		{"{present: 'concerns[*].sign_off'}", 2, "concerns[1].sign_off", 26, NULL,
		 "concerns[1].sign_off is missing"},
		{"{present: 'concerns[*].sign_off.role'}", 2, "concerns[1].sign_off.role", 26, NULL, NULL},
		{"{present: security_review.scope.algorithm}", 1, "security_review.scope.algorithm", 35,
		 NULL, NULL},
	};
	RUN(state, cases);
}

static void test_nonempty(void **state)
{
	static const kase cases[] = {
		{"{nonempty: title}", 0, NULL, 0, NULL, NULL},
		{"{nonempty: [tags, context, revision]}", 0, NULL, 0, NULL, NULL},
		{"{nonempty: security_review.findings}", 1, "security_review.findings", 36, NULL,
		 "security_review.findings is empty"},
		{"{nonempty: security_review.notes}", 1, "security_review.notes", 37, NULL, "is empty"},
		{"{nonempty: blank}", 1, "blank", 9, NULL, "blank is empty"},
		{"{nonempty: nope}", 1, "nope", 1, NULL, "nope is missing"},
		/* a list or mapping holds something when a value inside it does */
		{"{nonempty: hollow.one_map}", 1, "hollow.one_map", 43, NULL, "hollow.one_map is empty"},
		{"{nonempty: hollow.one_list}", 1, "hollow.one_list", 44, NULL, "is empty"},
		{"{nonempty: hollow.measure}", 1, "hollow.measure", 45, NULL, "is empty"},
		{"{nonempty: hollow.spaces}", 1, "hollow.spaces", 46, NULL, "is empty"},
		{"{nonempty: hollow.padded}", 1, "hollow.padded", 47, NULL, "is empty"},
		{"{nonempty: hollow.keyed}", 1, "hollow.keyed", 48, NULL, "is empty"},
		{"{nonempty: [hollow.deep, hollow.falsy]}", 0, NULL, 0, NULL, NULL},
		{"{nonempty: 'hollow.*'}", 6, "hollow.one_map", 43, NULL, NULL},
	};
	RUN(state, cases);
}

/* Blank is Unicode's White_Space and the zero-width and format spaces,
 * read from UTF-8 without reading past the end of a cut sequence. */
static void test_blank(void **state)
{
	(void)state;
	static const char *const blank[] = {
		"", " \t\n\v\f\r", "\xC2\x85", "\xC2\xA0", "\xE1\x9A\x80", "\xE2\x80\x80",
		"\xE2\x80\x8A", "\xE2\x80\x8B\xE2\x80\x8C\xE2\x80\x8D", "\xE2\x80\xA8\xE2\x80\xA9",
		"\xE2\x80\xAF", "\xE2\x81\x9F", "\xE2\x81\xA0", "\xE3\x80\x80", "\xEF\xBB\xBF",
		" \xC2\xA0 \xE2\x80\x8B ",
	};
	static const char *const text[] = {
		"x", " x ", "\xC2\xA0TBD\xC2\xA0", "TBD\xE2\x80\x8B", "\xC2\xA1", "\xC3\xA9",
		"\xE2\x80\x8E",   /* U+200E, a direction mark: not a space */
		"\xE2\x80\xB0", "\xE2\x81\xA1", "\xE3\x80\x81", "\xEF\xBB\xBE", "\xEF\xBC\xB4",
		"\xC2", "\xE2", "\xE2\x80", "\xE2\x81", "\xE3\x80", "\xEF\xBB", " \xE2\x80",
		"\x80", "\xFF",
	};
	for (size_t i = 0; i < sizeof blank / sizeof *blank; i++)
		if (!gl__blank(blank[i]))
			fail_msg("blank[%zu] is not blank", i);
	for (size_t i = 0; i < sizeof text / sizeof *text; i++)
		if (gl__blank(text[i]))
			fail_msg("text[%zu] is blank", i);
}

/* gl__empty on the plan's nodes: nulls, blanks and collections of them. */
static void test_empty(void **state)
{
	const gl_node *root = gl_doc_root(((t_env *)*state)->plan);
	static const char *const empty[] = {"hollow.one_map", "hollow.one_list", "hollow.measure",
	                                    "hollow.spaces", "hollow.padded", "hollow.keyed",
	                                    "blank", "security_review.findings",
	                                    "security_review.notes", "security_review.scope.algorithm"};
	static const char *const full[] = {"hollow.deep", "hollow.falsy", "hollow", "title",
	                                   "revision", "context", "security_review", "odd_keys"};
	assert_true(gl__empty(NULL));
	for (size_t i = 0; i < sizeof empty / sizeof *empty; i++)
		if (!gl__empty(t_get(root, empty[i])))
			fail_msg("%s is not empty", empty[i]);
	for (size_t i = 0; i < sizeof full / sizeof *full; i++)
		if (gl__empty(t_get(root, full[i])))
			fail_msg("%s is empty", full[i]);
}

static void test_matches(void **state)
{
	static const kase cases[] = {
		{"{matches: {path: id, pattern: '^P-[0-9]+$'}}", 0, NULL, 0, NULL, NULL},
		{"{matches: {path: 'concerns[*].id', pattern: '^C-[0-9]$'}}", 0, NULL, 0, NULL, NULL},
		{"{matches: {path: nope, pattern: x}}", 0, NULL, 0, NULL, NULL},
		{"{matches: {path: context.clinical_trial, pattern: '^false$'}}", 0, NULL, 0, NULL, NULL},
		{"{matches: {path: owner, pattern: '^[a-z]+$'}}", 1, "owner", 3, "omar.ali",
		 "owner is 'omar.ali', which does not match"},
		{"{matches: {path: 'concerns[*].severity', vocab: severities}}", 1,
		 "concerns[1].severity", 28, "urgent", NULL},
	};
	RUN(state, cases);
}

static void test_not_matches(void **state)
{
	static const kase cases[] = {
		{"{not_matches: {path: id, vocab: placeholders}}", 0, NULL, 0, NULL, NULL},
		{"{not_matches: {path: nope, vocab: placeholders}}", 0, NULL, 0, NULL, NULL},
		{"{not_matches: {path: title, vocab: placeholders}}", 1, "title", 8, "TBD",
		 "title is 'TBD', which is not allowed"},
		{"{not_matches: {path: 'concerns[*].id', pattern: '^C-2$'}}", 1, "concerns[1].id", 26,
		 "C-2", NULL},
	};
	RUN(state, cases);
}

static void test_in(void **state)
{
	static const kase cases[] = {
		{"{in: {path: status, values: [draft, review]}}", 0, NULL, 0, NULL, NULL},
		{"{in: {path: nope, values: [a]}}", 0, NULL, 0, NULL, NULL},
		{"{in: {path: security_review.scope.algorithm, values: [a]}}", 0, NULL, 0, NULL, NULL},
		{"{in: {path: context.clinical_trial, values: ['false']}}", 0, NULL, 0, NULL, NULL},
		{"{in: {path: 'concerns[*].severity', vocab: severities, values: [urgent]}}", 0, NULL, 0,
		 NULL, NULL},
		{"{in: {path: 'concerns[*].severity', vocab: severities}}", 1, "concerns[1].severity", 28,
		 "urgent", "concerns[1].severity is 'urgent', not one of: low, medium, high, critical"},
		{"{in: {path: status, values: [draft, Review]}}", 1, "status", 2, "review",
		 "status is 'review': write 'Review' (letter case counts)"},
		{"{in: {path: status, values: [a, b, c, d, e, f, g, h, i, j, k, l, m]}}", 1, "status", 2,
		 "review", "status is 'review', not one of the allowed values"},
		{"{in: {path: status, values: [a, b, c, d, e, f, g, h, i, j, k, l]}}", 1, "status", 2,
		 "review", "status is 'review', not one of: a, b, c, d, e, f, g, h, i, j, k, l"},   /* 12 */
		{"{in: {path: 'concerns[*].raised_by', paths: ['stakeholders[*].reps[*]']}}", 1,
		 "concerns[2].raised_by", 31, "ghost", NULL},
		{"{in: {path: context, values: [x]}}", 1, "context", 12, NULL,
		 "context must be a single value"},
	};
	RUN(state, cases);
}

/* keys: every key one of a set; with misspelled, only typos of one fail. */
static void test_keys(void **state)
{
	static const kase cases[] = {
		{"{keys: {path: security_review, values: [scope, findings, notes]}}", 0, NULL, 0, NULL,
		 NULL},
		{"{keys: {path: [status, nope], values: [a]}}", 0, NULL, 0, NULL, NULL},
		{"{keys: {path: security_review, values: [scope, findings]}}", 1, "security_review", 37,
		 "notes", "security_review has the key 'notes', which is none of the keys it may have"},
		{"{keys: {path: security_review, values: [scope, findings], misspelled: true}}", 0, NULL,
		 0, NULL, NULL},
		{"{keys: {path: security_review, values: [scope, findigns, notes], misspelled: true}}", 1,
		 "security_review", 36, "findings",
		 "security_review has the key 'findings': did you mean 'findigns'?"},
		{"{keys: {path: context, values: [Clinical_trial, retention], misspelled: true}}", 1,
		 "context", 12, "clinical_trial",
		 "context has the key 'clinical_trial': did you mean 'Clinical_trial'?"},
		/* two letters more or fewer than a long member: still two edits */
		{"{keys: {path: context, values: [clinical_tri, retention], misspelled: true}}", 1,
		 "context", 12, "clinical_trial",
		 "context has the key 'clinical_trial': did you mean 'clinical_tri'?"},
		{"{keys: {path: context, values: [clinical_trial_x, retention], misspelled: true}}", 1,
		 "context", 12, "clinical_trial",
		 "context has the key 'clinical_trial': did you mean 'clinical_trial_x'?"},
		/* two members one edit away: the first listed is named */
		{"{keys: {path: security_review, values: [scope, findings, note, nodes]}}", 1,
		 "security_review", 37, "notes", "security_review has the key 'notes': did you mean 'note'?"},
		/* a member of four letters or fewer is one edit away at most */
		{"{keys: {path: security_review, values: [scope, findings, note]}}", 1,
		 "security_review", 37, "notes", "security_review has the key 'notes': did you mean 'note'?"},
		{"{keys: {path: security_review, values: [scope, findings, nut], misspelled: true}}", 0,
		 NULL, 0, NULL, NULL},
		{"{keys: {path: '@', values: [id, status, owner, go_live, revision, max_revision, ratio, "
		 "title, blank, reviewer, tags, context, people, stakeholders, concerns, security_review, "
		 "forever, never, quoted_info, odd_keys, hollow], misspelled: true}}", 1, "", 40, "quoted_inf",
		 "the plan has the key 'quoted_inf': did you mean 'quoted_info'?"},
		/* no typo: a key of two letters (id against ip), two edits from a member of six */
		{"{keys: {path: '@', values: [ip, stylus, owner, go_live, revision, max_revision, ratio, "
		 "title, blank, reviewer, tags, context, people, stakeholders, concerns, security_review, "
		 "forever, never, quoted_inf, odd_keys, hollow], misspelled: true}}", 0, NULL, 0, NULL, NULL},
		/* a key that is no name: only the strict form reports it */
		{"{keys: {path: odd_keys, values: [a]}}", 2, "odd_keys", 41, NULL,
		 "odd_keys has a key that is not a name (a list, a mapping or null)"},
		{"{keys: {path: odd_keys, values: [a], misspelled: true}}", 0, NULL, 0, NULL, NULL},
	};
	RUN(state, cases);
}

static void test_not_in(void **state)
{
	static const kase cases[] = {
		{"{not_in: {path: status, values: [draft, live]}}", 0, NULL, 0, NULL, NULL},
		{"{not_in: {path: nope, values: [a]}}", 0, NULL, 0, NULL, NULL},
		{"{not_in: {path: title, vocab: severities}}", 0, NULL, 0, NULL, NULL},
		{"{not_in: {path: 'concerns[*].severity', values: [urgent, critical]}}", 1,
		 "concerns[1].severity", 28, "urgent", "concerns[1].severity is 'urgent', which is not allowed"},
		{"{not_in: {path: 'stakeholders[*].reps[*]', paths: ['concerns[*].raised_by']}}", 2,
		 "stakeholders[0].reps[0]", 17, "omar.ali", NULL},
		{"{not_in: {path: context, values: [x]}}", 1, "context", 12, NULL,
		 "context must be a single value"},
	};
	RUN(state, cases);
}

static void test_covers(void **state)
{
	static const kase cases[] = {
		{"{covers: {path: 'stakeholders[*].group', values: [radiology, it-security]}}", 0, NULL,
		 0, NULL, NULL},
		{"{covers: {path: tags, values: [ct, mri]}}", 0, NULL, 0, NULL, NULL},
		/* a path reaching nothing (no list before [*]): the subject lacks them */
		{"{covers: {path: 'nope[*].group', values: [radiology]}}", 1, "", 1, "radiology",
		 "nope[*].group lacks 'radiology'"},
		{"{covers: {path: security_review.nope, values: [data]}}", 1, "security_review.nope", 35,
		 "data", "security_review.nope lacks 'data'"},
		{"{covers: {path: status, values: [review]}}", 0, NULL, 0, NULL, NULL},
		{"{covers: {path: 'stakeholders[*].group', values: [radiology, administration, sponsor]},"
		 " at: stakeholders}", 2, "stakeholders", 16, "administration",
		 "stakeholders[0].group lacks 'administration'"},
		{"{covers: {path: 'stakeholders[*].group', values: [administration]}}", 1,
		 "stakeholders[0].group", 16, "administration", NULL},
		{"{covers: {path: security_review.scope, vocab: levels}}", 2, "security_review.scope", 35,
		 "algorithm", "security_review.scope lacks 'algorithm'"},
		{"{covers: {path: 'stakeholders[*].reps[*]', paths: ['concerns[*].raised_by']}}", 1,
		 "stakeholders[0].reps[0]", 17, "ghost", NULL},
		{"{covers: {path: tags, values: [us, us]}}", 1, "tags", 11, "us", NULL},
		{"{covers: {path: tags, values: [x]}, at: nothing.here}", 1, "nothing.here", 1, "x", NULL},
		{"{covers: {path: nope, values: [a]}}", 1, "nope", 1, "a", NULL},
	};
	RUN(state, cases);
}

static void test_type(void **state)
{
	static const kase cases[] = {
		{"{type: {path: id, is: string}}", 0, NULL, 0, NULL, NULL},
		{"{type: {path: revision, is: string}}", 1, "revision", 5, "3",
		 "revision is '3', not a string"},
		{"{type: {path: blank, is: string}}", 0, NULL, 0, NULL, NULL},
		{"{type: {path: ratio, is: number}}", 0, NULL, 0, NULL, NULL},
		{"{type: {path: status, is: number}}", 1, "status", 2, "review", NULL},
		{"{type: {path: revision, is: integer}}", 0, NULL, 0, NULL, NULL},
		{"{type: {path: ratio, is: integer}}", 1, "ratio", 7, "0.5", NULL},
		/* YAML floats, but no quantity a rule can compare */
		{"{type: {path: forever, is: number}}", 1, "forever", 38, ".inf",
		 "forever is '.inf', not a number"},
		{"{type: {path: nan, is: number}}", 1, "nan", 53, ".nan", NULL},
		{"{type: {path: huge, is: number}}", 1, "huge", 54, "1e999", NULL},
		{"{type: {path: never, is: integer}}", 1, "never", 39, "-.Inf", NULL},
		{"{type: {path: context.clinical_trial, is: bool}}", 0, NULL, 0, NULL, NULL},
		{"{type: {path: status, is: bool}}", 1, "status", 2, "review", NULL},
		{"{type: {path: go_live, is: date}}", 0, NULL, 0, NULL, NULL},
		{"{type: {path: 'concerns[*].raised_on', is: date}}", 1, "concerns[2].raised_on", 33,
		 "not a date", NULL},
		{"{type: {path: 'concerns[0].sign_off.signed_at', is: date}}", 1,
		 "concerns[0].sign_off.signed_at", 25, "2026-02-01T10:00:00Z", NULL},
		{"{type: {path: 'concerns[0].sign_off.signed_at', is: datetime}}", 0, NULL, 0, NULL, NULL},
		{"{type: {path: go_live, is: datetime}}", 1, "go_live", 4, "2026-03-01", NULL},
		{"{type: {path: tags, is: list}}", 0, NULL, 0, NULL, NULL},
		{"{type: {path: context, is: list}}", 1, "context", 12, NULL, "context is not a list"},
		{"{type: {path: context, is: map}}", 0, NULL, 0, NULL, NULL},
		{"{type: {path: tags, is: map}}", 1, "tags", 11, NULL, "tags is not a map"},
		{"{type: {path: 'tags[*]', is: scalar}}", 0, NULL, 0, NULL, NULL},
		{"{type: {path: tags, is: scalar}}", 1, "tags", 11, NULL, NULL},
		{"{type: {path: security_review.scope.algorithm, is: map}}", 0, NULL, 0, NULL, NULL},
		{"{type: {path: nope, is: map}}", 0, NULL, 0, NULL, NULL},
	};
	RUN(state, cases);
}

static void test_count(void **state)
{
	static const kase cases[] = {
		{"{count: {path: 'concerns[*]', min: 1, max: 3}}", 0, NULL, 0, NULL, NULL},
		{"{count: {path: 'concerns[*]', max: 2}}", 1, "", 1, NULL,
		 "3 at concerns[*], 0 to 2 needed"},
		{"{count: {path: 'concerns[*]', min: 4}}", 1, "", 1, NULL,
		 "3 at concerns[*], at least 4 needed"},
		{"{count: {path: 'concerns[*]', where: {equals: {path: severity, value: high}}, min: 1,"
		 " max: 1}}", 0, NULL, 0, NULL, NULL},
		{"{count: {path: 'concerns[*]', where: {present: sign_off}, min: 2}}", 1, "", 1, NULL,
		 "1 of 3 at concerns[*] match the condition, at least 2 needed"},
		{"{count: {path: tags, min: 2, max: 2}}", 1, "", 1, NULL,
		 "1 at tags, exactly 2 needed"},
		{"{count: {path: 'security_review.scope.*', min: 2}}", 1, "", 1, NULL, NULL},
		{"{count: {path: nope, max: 0}}", 0, NULL, 0, NULL, NULL},
		{"{count: {path: 'concerns[*]', max: 0}}", 1, "", 1, NULL,
		 "3 at concerns[*], none allowed"},
		{"{count: {path: 'concerns[*]', where: {present: sign_off}, max: 0}}", 1, "", 1, NULL,
		 "1 of 3 at concerns[*] match the condition, none allowed"},
		/* items with content: `nonempty: '@'` in where ([{}] counts as one without it) */
		{"{count: {path: 'hollow.one_map[*]', min: 1}}", 0, NULL, 0, NULL, NULL},
		{"{count: {path: 'hollow.one_map[*]', where: {nonempty: '@'}, min: 1}}", 1, "", 1, NULL,
		 "0 of 1 at hollow.one_map[*] match the condition, at least 1 needed"},
		{"{count: {path: 'hollow.deep[*][*]', where: {nonempty: '@'}, min: 1, max: 1}}", 0,
		 NULL, 0, NULL, NULL},
		{"{count: {path: 'hollow.*', where: {nonempty: '@'}, min: 3}}", 1, "", 1, NULL,
		 "2 of 8 at hollow.* match the condition, at least 3 needed"},
	};
	RUN(state, cases);
}

static void test_unique(void **state)
{
	static const kase cases[] = {
		{"{unique: 'stakeholders[*].group'}", 0, NULL, 0, NULL, NULL},
		{"{unique: 'concerns[*].id'}", 1, "concerns[2].id", 30, "C-1",
		 "'C-1' is used again (first at line 21)"},
		{"{unique: 'tags[*]'}", 1, "tags[2]", 11, "ct", "(first at line 11)"},
		/* a list's items count; a node reached twice is one use */
		{"{unique: tags}", 1, "tags[2]", 11, "ct", "'ct' is used again (first at line 11)"},
		{"{unique: [tags, 'tags[*]']}", 1, "tags[2]", 11, "ct", "(first at line 11)"},
		/* across two paths; the repeat is the later one in the file */
		{"{unique: ['concerns[*].raised_by', 'stakeholders[0].reps[*]']}", 1,
		 "concerns[0].raised_by", 22, "omar.ali", "'omar.ali' is used again (first at line 17)"},
	};
	RUN(state, cases);
	/* a third use also names the first, not the second */
	t_env *e = *state;
	gl__cond *c = t_cond(e, "{unique: ['concerns[0].sign_off.by', 'stakeholders[0].reps[*]', "
	                        "'concerns[0].raised_by']}");
	assert_non_null(c);
	assert_int_equal(t_eval(e, c), 0);
	assert_int_equal(e->fails.n, 2);
	t_contains(e->fails.v[1].detail, "'omar.ali' is used again (first at line 17)");
}

static void test_date(void **state)
{
	static const kase cases[] = {
		{"{date: {path: 'concerns[*].raised_on', before: go_live}}", 1, "concerns[1].raised_on",
		 29, "2026-04-01", "concerns[1].raised_on (2026-04-01) is not before go_live (2026-03-01)"},
		{"{date: {path: go_live, after: 'concerns[0].raised_on', days: 30}}", 0, NULL, 0, NULL,
		 NULL},
		{"{date: {path: go_live, after: 'concerns[0].raised_on', days: 60}}", 1, "go_live", 4,
		 "2026-03-01", "is not after concerns[0].raised_on (2026-01-10) + 60 days"},
		{"{date: {path: go_live, not_before: go_live}}", 0, NULL, 0, NULL, NULL},
		{"{date: {path: go_live, not_after: go_live}}", 0, NULL, 0, NULL, NULL},
		{"{date: {path: go_live, before: go_live}}", 1, "go_live", 4, "2026-03-01", NULL},
		{"{date: {path: go_live, after: go_live}}", 1, "go_live", 4, "2026-03-01", NULL},
		{"{date: {path: go_live, not_after: 'concerns[*].raised_on'}}", 1, "go_live", 4,
		 "2026-03-01", "is not on or before concerns[0].raised_on (2026-01-10)"},
		{"{date: {path: go_live, after: today}}", 0, NULL, 0, NULL, NULL},
		{"{date: {path: 'concerns[*].raised_on', not_after: today}}", 1, "concerns[1].raised_on",
		 29, "2026-04-01", "is not on or before today (2026-02-15)"},
		{"{date: {path: 'concerns[0].raised_on', not_before: today, days: -60}}", 0, NULL, 0,
		 NULL, NULL},
		{"{date: {path: 'concerns[0].sign_off.signed_at', before: go_live}}", 0, NULL, 0, NULL,
		 NULL},
		{"{date: {path: go_live, before: nope}}", 0, NULL, 0, NULL, NULL},
		{"{date: {path: go_live, not_after: 'concerns[0].raised_on', days: -30}}", 1, "go_live",
		 4, "2026-03-01", "is not on or before concerns[0].raised_on (2026-01-10) - 30 days"},
		{"{date: {path: go_live, not_after: 2026-02-28}}", 1, "go_live", 4, "2026-03-01",
		 "go_live (2026-03-01) is not on or before 2026-02-28"},
		{"{date: {path: go_live, not_after: '2026-02-28', days: 1}}", 0, NULL, 0, NULL, NULL},
		/* a list reached, either side, stands for its items */
		{"{date: {path: go_live, not_after: milestones}}", 1, "go_live", 4, "2026-03-01",
		 "go_live (2026-03-01) is not on or before milestones[0] (2026-02-01)"},
		{"{date: {path: go_live, not_after: '$.milestones'}}", 1, "go_live", 4, "2026-03-01",
		 "is not on or before milestones[0] (2026-02-01)"},
		{"{date: {path: milestones, not_before: go_live}}", 1, "milestones[0]", 51, "2026-02-01",
		 "milestones[0] (2026-02-01) is not on or after go_live (2026-03-01)"},
		{"{date: {path: milestones, not_after: milestones}}", 1, "milestones[1]", 51,
		 "2026-04-01", "is not on or before milestones[0] (2026-02-01)"},
		{"{date: {path: tags, not_after: today}}", 0, NULL, 0, NULL, NULL},   /* no dates */
	};
	RUN(state, cases);
}

static void test_person(void **state)
{
	static const kase cases[] = {
		{"{person: owner}", 0, NULL, 0, NULL, NULL},
		{"{person: 'concerns[*].raised_by'}", 1, "concerns[2].raised_by", 31, "ghost",
		 "concerns[2].raised_by: 'ghost' is not in people.yaml or the plan's people"},
		{"{person: {path: owner, roles: signers}}", 0, NULL, 0, NULL, NULL},
		{"{person: {path: 'stakeholders[1].reps[*]', roles: [security-officer]}}", 1,
		 "stakeholders[1].reps[1]", 19, "shared.login",
		 "shared.login does not hold the role security-officer"},
		{"{person: {path: 'stakeholders[1].reps[0]', roles: signers}}", 1,
		 "stakeholders[1].reps[0]", 19, "li.wei",
		 "li.wei does not hold the role radiologist or clinician"},
		{"{person: {path: 'stakeholders[*].reps[*]', not_roles: [shared-account]}}", 1,
		 "stakeholders[1].reps[1]", 19, "shared.login", "shared.login holds the role shared-account"},
		{"{person: {path: 'concerns[0].sign_off.by', member_of: 'stakeholders[0].group'}}", 0,
		 NULL, 0, NULL, NULL},
		{"{person: {path: 'stakeholders[1].reps[0]', member_of: 'stakeholders[0].group'}}", 1,
		 "stakeholders[1].reps[0]", 19, "li.wei", "li.wei is not a member of radiology"},
		{"{person: {path: owner, member_of: nope}}", 1, "owner", 3, "omar.ali",
		 "omar.ali is not a member of the named group"},
		{"{person: {path: 'stakeholders[*].reps[*]', has: [name]}}", 2, "stakeholders[1].reps[0]",
		 19, "li.wei", "li.wei has no name in the roster"},
		{"{person: {path: 'stakeholders[*].reps[*]', has: contact}}", 2, "stakeholders[1].reps[0]",
		 19, "li.wei", "li.wei has no name in the roster"},
		{"{person: {path: owner, has: [name], unfilled: placeholders}}", 0, NULL, 0, NULL, NULL},
		/* a list field has something when it is a list of something */
		{"{person: {path: owner, has: [roles]}}", 0, NULL, 0, NULL, NULL},
		{"{person: {path: 'stakeholders[1].reps[1]', has: [groups]}}", 1, "stakeholders[1].reps[1]",
		 19, "shared.login", "shared.login has no groups in the roster"},
		{"{person: {path: owner, has: [name], unfilled: honorifics}}", 1, "owner", 3, "omar.ali",
		 "owner: the name given for omar.ali is 'Omar Ali, MD', a placeholder"},
		/* the plan's own people: list */
		{"{person: {path: reviewer, roles: [radiologist], member_of: 'stakeholders[0].group'}}", 0,
		 NULL, 0, NULL, NULL},
		{"{person: {path: reviewer, roles: [radiologist], from: plan}}", 0, NULL, 0, NULL, NULL},
		/* from: roster: only people.yaml's people, whatever the plan's own say of them */
		{"{person: {path: reviewer, roles: [radiologist], from: roster}}", 1, "reviewer", 10,
		 "visiting.rad", "reviewer: visiting.rad is only in the plan's own people, not in people.yaml"},
		{"{person: {path: reviewer, from: roster, skip_unknown: true}}", 1, "reviewer", 10,
		 "visiting.rad", "not in people.yaml"},
		{"{person: {path: 'concerns[*].raised_by', from: roster, skip_unknown: true}}", 0, NULL, 0,
		 NULL, NULL},
		{"{person: {path: owner, roles: signers, member_of: 'stakeholders[0].group', from: roster}}",
		 0, NULL, 0, NULL, NULL},
		{"{person: {path: 'stakeholders[1].reps[0]', roles: signers, from: roster}}", 1,
		 "stakeholders[1].reps[0]", 19, "li.wei",
		 "li.wei does not hold the role radiologist or clinician"},
	};
	RUN(state, cases);
}

static void test_equals(void **state)
{
	static const kase cases[] = {
		{"{equals: {path: status, value: review}}", 0, NULL, 0, NULL, NULL},
		{"{equals: {path: status, value: draft}}", 1, "status", 2, "review",
		 "status is 'review', not draft"},
		{"{equals: {path: context.clinical_trial, value: false}}", 0, NULL, 0, NULL, NULL},
		{"{equals: {path: revision, value: 3}}", 0, NULL, 0, NULL, NULL},
		{"{equals: {path: status, values: [draft, live]}}", 1, "status", 2, "review",
		 "status is 'review', not one of the expected values"},
		{"{equals: {path: 'concerns[0].sign_off.by', to: 'concerns[0].raised_by'}}", 0, NULL, 0,
		 NULL, NULL},
		{"{equals: {path: 'concerns[1].raised_by', to: owner}}", 1, "concerns[1].raised_by", 27,
		 "li.wei", "concerns[1].raised_by is 'li.wei', not omar.ali"},
		{"{equals: {path: nope, value: x}}", 1, "nope", 1, NULL, "nope is not x"},
		{"{equals: {path: security_review.scope.algorithm, value: x}}", 1,
		 "security_review.scope.algorithm", 35, NULL, "is not x"},
		{"{equals: {path: 'security_review.findings[*]', value: x}}", 1, "", 1, NULL,
		 "security_review.findings[*] is absent"},
	};
	RUN(state, cases);
}

/* The failures of a condition, as "path=value" joined by spaces. */
static const char *fails_text(t_env *e, const char *cond)
{
	if (t_check(e, cond) < 0)
		fail_msg("%s: %s", cond, e->err.msg);
	gl__buf b = {0};
	gl__buf_puts(&b, "");
	for (size_t i = 0; i < e->fails.n; i++)
		gl__buf_printf(&b, "%s%s=%s", i ? " " : "", t_ptext(e->arena, e->fails.v[i].path),
		               e->fails.v[i].value ? e->fails.v[i].value : "-");
	const char *t = gl__arena_strdup(e->arena, b.p);
	gl__buf_free(&b);
	return t;
}

/* Sets gathered by paths from a plan, short (scanned) and long (sorted,
 * policy/checks/args.c and covers.c): the same failures, in the same order. */
static void test_long_sets(void **state)
{
	GL__UNUSED(state);
	for (size_t n = 6; n <= 60; n += 54) {   /* below and above GL__LONG_LIST */
		gl__buf b = {0};
		/* people p0..p(n-1); concerns raised by each, and by x0 and x1 (not
		 * people); tags name every second person, twice */
		gl__buf_puts(&b, "reps: [");
		for (size_t i = 0; i < n; i++)
			gl__buf_printf(&b, "%sp%zu", i ? ", " : "", i);
		gl__buf_puts(&b, "]\ntags: [");
		for (size_t i = 0; i < n; i += 2)
			gl__buf_printf(&b, "%sp%zu, p%zu", i ? ", " : "", i, i);
		gl__buf_puts(&b, "]\nconcerns:\n");
		for (size_t i = 0; i < n; i++)
			gl__buf_printf(&b, "  - {raised_by: %s}\n", i == 2 ? "x1" : i == n - 1 ? "x0" : "p");
		gl__buf_puts(&b, "owner: p1\n");
		t_env e;
		t_env_open(&e, b.p, NULL);
		gl__buf_free(&b);
		char want[256];
		snprintf(want, sizeof want, "concerns[2].raised_by=x1 concerns[%zu].raised_by=x0", n - 1);
		assert_string_equal(fails_text(&e, "{in: {path: 'concerns[*].raised_by', paths: "
		                                   "['reps[*]', 'concerns[0].raised_by']}}"), want);
		assert_string_equal(fails_text(&e, "{not_in: {path: 'concerns[*].raised_by', paths: "
		                                   "['reps[*]']}}"), "");
		assert_string_equal(fails_text(&e, "{equals: {path: owner, to: 'reps[*]'}}"), "");
		assert_string_equal(fails_text(&e, "{equals: {path: owner, to: 'tags[*]'}}"),
		                    "owner=p1");
		/* every odd person is missing from tags, once each, in the order of reps */
		gl__buf m = {0};
		gl__buf_puts(&m, "");
		for (size_t i = 1; i < n; i += 2)
			gl__buf_printf(&m, "%stags=p%zu", i > 1 ? " " : "", i);
		assert_string_equal(fails_text(&e, "{covers: {path: tags, paths: ['reps[*]', 'reps[*]']}}"),
		                    m.p);
		gl__buf_free(&m);
		t_env_close(&e);
	}
}

/* A bool is true or false however it is spelled (YAML 1.2 core schema), in
 * the plan and in the rule alike: values, equals, to, covers, filters,
 * sets reached through paths. A quoted "True" stays text. */
static void test_booleans(void **state)
{
	GL__UNUSED(state);
	static const char *const hold[] = {
		"{in: {path: [a, b, c], values: [True]}}",
		"{equals: {path: c, values: [TRUE, false]}}",
		"{equals: {path: c, to: ref}}",
		"{equals: {path: b, value: true}}",
		"{not_in: {path: s, values: [True]}}",
		"{covers: {path: l, values: [True]}}",
		"{in: {path: b, paths: [ref]}}",
		"{count: {path: 'ms[active=true]', min: 3, max: 3}}",
		"{count: {path: 'ms[active=FALSE]', min: 1, max: 1}}",
		"{count: {path: 'ms[active=@ref]', min: 3, max: 3}}",
		"{count: {path: 'ms[tags=True]', min: 1, max: 1}}",
		"{matches: {path: b, pattern: '^true$'}}",
	};
	static const char *const fail[] = {
		"{not_in: {path: c, values: [TRUE]}}",
		"{in: {path: s, values: [true]}}",
	};
	t_env e;
	t_env_open(&e, "a: true\nb: True\nc: TRUE\nref: TRUE\ns: \"True\"\nl: [TRUE]\n"
	           "ms: [{active: true}, {active: True}, {active: TRUE}, {active: false},\n"
	           "     {tags: [x, true]}]\n", NULL);
	for (size_t i = 0; i < sizeof hold / sizeof *hold; i++)
		if (t_check(&e, hold[i]) != 1)
			fail_msg("%s fails: %s", hold[i], e.fails.n ? e.fails.v[0].detail : "-");
	for (size_t i = 0; i < sizeof fail / sizeof *fail; i++)
		if (t_check(&e, fail[i]) != 0)
			fail_msg("%s holds", fail[i]);
	t_env_close(&e);
}

/* A list that `paths:` (or `to:`) reaches adds its scalar items to the set,
 * as a filter counts them: '$.declared' is the same set as '$.declared[*]'. */
static void test_set_paths_reach_lists(void **state)
{
	GL__UNUSED(state);
	t_env e;
	t_env_open(&e, "declared: [radiology, it-security, {x: 1}]\nparticipants: [radiology]\n"
	           "lead: radiology\n", NULL);
	assert_int_equal(t_check(&e, "{covers: {path: participants, paths: ['$.declared']}}"), 0);
	assert_string_equal(e.fails.v[0].value, "it-security");
	assert_int_equal(e.fails.n, 1);
	assert_int_equal(t_check(&e, "{in: {path: 'participants[*]', paths: ['$.declared']}}"), 1);
	assert_int_equal(t_check(&e, "{not_in: {path: lead, paths: [declared]}}"), 0);
	assert_int_equal(t_check(&e, "{equals: {path: lead, to: declared}}"), 1);
	assert_int_equal(t_check(&e, "{covers: {path: declared, paths: [participants, lead]}}"), 1);
	t_env_close(&e);
}

/* A set of fixed members (a long vocabulary, sorted once when the pack
 * compiled) and paths: a value is a member when either part holds it; the
 * fixed part is never copied per subject. */
static void test_set_fixed_and_reached(void **state)
{
	GL__UNUSED(state);
	t_env e;
	t_env_open(&e, "a: m07\nb: extra\nc: nope\nd: [m19, extra]\nrefs: [extra, more]\n", NULL);
	t_env_pack(&e, vocab);
	static const struct {
		const char *check;
		size_t fails;
	} cases[] = {
		{"{in: {path: a, vocab: many, paths: [refs]}}", 0},          /* fixed part */
		{"{in: {path: b, vocab: many, paths: [refs]}}", 0},          /* reached part */
		{"{in: {path: c, vocab: many, paths: [refs]}}", 1},
		{"{in: {path: 'd[*]', vocab: many, paths: [refs]}}", 0},
		{"{not_in: {path: 'd[*]', vocab: many, paths: [refs]}}", 2},
		{"{in: {path: c, vocab: many}}", 1},
		{"{in: {path: b, paths: [refs]}}", 0},
		{"{equals: {path: b, to: 'refs[0]'}}", 0},
		{"{equals: {path: c, to: 'refs[0]'}}", 1},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		if (t_check(&e, cases[i].check) != (cases[i].fails == 0) || e.fails.n != cases[i].fails)
			fail_msg("%s: %zu failures, want %zu", cases[i].check, e.fails.n, cases[i].fails);
	assert_int_equal(t_check(&e, "{equals: {path: c, to: 'refs[0]'}}"), 0);
	assert_string_equal(e.fails.v[0].detail, "c is 'nope', not extra");   /* its one member */
	t_env_close(&e);
}

static void test_compare(void **state)
{
	static const kase cases[] = {
		{"{compare: {path: revision, op: lt, value: 3}}", 1, "revision", 5, "3",
		 "revision is 3, not less than 3"},
		{"{compare: {path: revision, op: le, value: 3}}", 0, NULL, 0, NULL, NULL},
		{"{compare: {path: revision, op: gt, value: 3}}", 1, "revision", 5, "3",
		 "revision is 3, not more than 3"},
		{"{compare: {path: revision, op: ge, value: 3}}", 0, NULL, 0, NULL, NULL},
		{"{compare: {path: revision, op: eq, value: 3}}", 0, NULL, 0, NULL, NULL},
		{"{compare: {path: revision, op: ne, value: 3}}", 1, "revision", 5, "3",
		 "revision is 3, not different from 3"},
		{"{compare: {path: ratio, op: lt, value: 1}}", 0, NULL, 0, NULL, NULL},
		{"{compare: {path: revision, op: lt, to: max_revision}}", 0, NULL, 0, NULL, NULL},
		{"{compare: {path: revision, op: gt, to: max_revision}}", 1, "revision", 5, "3",
		 "revision is 3, not more than max_revision (5)"},
		{"{compare: {path: context.retention, op: ge, value: 90d, as: duration}}", 0, NULL, 0,
		 NULL, NULL},
		{"{compare: {path: context.retention, op: ge, value: 1y, as: duration}}", 1,
		 "context.retention", 12, "6 months", "context.retention is 6 months, not at least 1y"},
		{"{compare: {path: context.retention, op: eq, value: P0.5Y, as: duration}}", 0, NULL, 0,
		 NULL, NULL},   /* 6 months are half a year */
		{"{compare: {path: context.retention, op: gt, value: 180d, as: duration}}", 0, NULL, 0,
		 NULL, NULL},   /* ... a little over 180 days */
		{"{compare: {path: title, op: ge, value: 1y, as: duration}}", 1, "title", 8, "TBD",
		 "title is 'TBD', not a duration such as 6 months or P6M"},
		/* YAML 1.2's .inf is a duration longer than any other; -.inf, or a
		 * quoted ".inf" (text), is none */
		{"{compare: {path: forever, op: ge, value: 6 months, as: duration}}", 0, NULL, 0, NULL,
		 NULL},
		{"{compare: {path: forever, op: lt, value: 1000y, as: duration}}", 1, "forever", 38,
		 ".inf", "forever is .inf, not less than 1000y"},
		{"{compare: {path: context.retention, op: lt, to: forever, as: duration}}", 0, NULL, 0,
		 NULL, NULL},
		{"{compare: {path: forever, op: eq, to: forever, as: duration}}", 0, NULL, 0, NULL, NULL},
		{"{compare: {path: never, op: le, value: 1d, as: duration}}", 1, "never", 39, "-.Inf",
		 "never is '-.Inf', not a duration"},
		{"{compare: {path: quoted_inf, op: ge, value: 1d, as: duration}}", 1, "quoted_inf", 40,
		 ".inf", "not a duration"},
		/* as numbers, .inf and .nan are none: skipped, as `type` reports them */
		{"{compare: {path: forever, op: lt, value: 1}}", 0, NULL, 0, NULL, NULL},
		{"{compare: {path: never, op: gt, value: 1}}", 0, NULL, 0, NULL, NULL},
		{"{compare: {path: nan, op: eq, value: 1}}", 0, NULL, 0, NULL, NULL},
		{"{compare: {path: revision, op: lt, to: nan}}", 0, NULL, 0, NULL, NULL},
		{"{compare: {path: id, op: eq, value: 1}}", 0, NULL, 0, NULL, NULL},
		{"{compare: {path: nope, op: eq, value: 1}}", 0, NULL, 0, NULL, NULL},
		/* a list reached, either side, stands for its items */
		{"{compare: {path: revision, op: le, to: limits}}", 1, "revision", 5, "3",
		 "revision is 3, not at most limits[0] (2)"},
		{"{compare: {path: limits, op: lt, value: 5}}", 1, "limits[1]", 52, "10",
		 "limits[1] is 10, not less than 5"},
	};
	RUN(state, cases);
}

static void test_combinators(void **state)
{
	static const kase cases[] = {
		{"{all: [{present: id}, {present: nope}]}", 1, "nope", 1, NULL, NULL},
		{"[{present: nope}, {present: nope2}]", 2, "nope", 1, NULL, NULL},
		{"{present: nope, nonempty: title}", 1, "nope", 1, NULL, NULL},
		{"{any: [{present: nope}, {present: id}]}", 0, NULL, 0, NULL, NULL},
		{"{any: [{present: nope}, {present: nope2}]}", 1, "nope", 1, NULL, "nope is missing"},
		{"{not: {present: id}}", 1, "", 1, NULL, "a condition that must not hold holds"},
		{"{not: {present: nope}}", 0, NULL, 0, NULL, NULL},
		{"{not: {not: {present: id}}}", 0, NULL, 0, NULL, NULL},
		{"{if: {equals: {path: status, value: review}}, then: {present: nope}}", 1, "nope", 1,
		 NULL, NULL},
		{"{if: {equals: {path: status, value: draft}}, then: {present: nope}}", 0, NULL, 0, NULL,
		 NULL},
		{"{if: {equals: {path: status, value: draft}}, then: {present: id}, else: {present: nope}}",
		 1, "nope", 1, NULL, NULL},
		{"{if: {equals: {path: status, value: draft}}, else: {present: id}}", 0, NULL, 0, NULL,
		 NULL},
		{"{if: {any: [{present: nope}, {equals: {path: status, value: review}}]},"
		 " then: {all: [{present: id}, {not: {present: owner}}]}}", 1, "", 1, NULL, NULL},
	};
	RUN(state, cases);
}

/* `at:` on any condition places its failures at a path from the subject. */
static void test_at(void **state)
{
	static const kase cases[] = {
		{"{present: nope, at: stakeholders}", 1, "stakeholders", 16, NULL, "nope is missing"},
		{"{all: [{present: nope}, {present: nope2}], at: security_review}", 2, "security_review",
		 35, NULL, NULL},
		{"{present: nope, at: nothing.there}", 1, "nothing.there", 1, NULL, NULL},
		{"{present: nope, at: 'nope[*]'}", 1, "nope", 1, NULL, NULL},   /* reaches nothing */
		{"{if: {present: id}, then: {present: nope}, at: 'concerns[2]'}", 1, "concerns[2]", 30,
		 NULL, NULL},
		{"{present: id, at: stakeholders}", 0, NULL, 0, NULL, NULL},
	};
	RUN(state, cases);
}

static void test_each(void **state)
{
	static const kase cases[] = {
		{"{each: 'concerns[*]', require: {present: sign_off}}", 2, "concerns[1].sign_off", 26,
		 NULL, "concerns[1].sign_off is missing"},
		{"{each: 'concerns[*]', require: [{present: raised_on}, {person: raised_by}]}", 1,
		 "concerns[2].raised_by", 31, "ghost", NULL},
		{"{each: 'stakeholders[*]', require: {person: 'reps[*]'}}", 0, NULL, 0, NULL, NULL},
		{"{each: 'stakeholders[*]', require: {equals: {path: 'reps[0]', to: '$.owner'}}}", 1,
		 "stakeholders[1].reps[0]", 19, "li.wei", NULL},
		{"{each: nope, require: {present: x}}", 0, NULL, 0, NULL, NULL},
		{"{each: 'security_review.scope.*', require: {matches: {path: '@', pattern: done}}}", 0,
		 NULL, 0, NULL, NULL},   /* the null value of algorithm is no subject */
		{"{each: ['concerns[0]', 'concerns[1]'], require: {present: sign_off}}", 1,
		 "concerns[1].sign_off", 26, NULL, NULL},
		{"{not: {each: 'concerns[*]', require: {present: id}}}", 1, "", 1, NULL, NULL},
	};
	RUN(state, cases);

	/* each failure remembers its subject, for {field} in messages */
	t_env *e = *state;
	assert_int_equal(t_check(e, "{each: 'concerns[*]', require: {present: sign_off}}"), 0);
	assert_int_equal(e->fails.n, 2);
	assert_true(e->fails.v[1].has_subject);
	assert_string_equal(t_ptext(e->arena, e->fails.v[1].subject.path), "concerns[2]");
	assert_ptr_equal(e->fails.v[1].subject.node, t_get(gl_doc_root(e->plan), "concerns[2]"));
}

static void test_each_where(void **state)
{
	static const kase cases[] = {
		{"{each: 'concerns[*]', where: {equals: {path: severity, value: high}},"
		 " require: {present: sign_off}}", 0, NULL, 0, NULL, NULL},
		{"{each: 'concerns[*]', where: {equals: {path: severity, value: low}},"
		 " require: {present: sign_off}}", 1, "concerns[2].sign_off", 30, NULL, NULL},
	};
	RUN(state, cases);
}

/* A predicate on `@` is decided (where:, if:) by its check's test hook,
 * without a walk; evaluated (require:) by its eval. The two must agree on
 * every node: of `each: '**'` subjects, as many fail in require as the
 * where drops. */
static void test_decided_at_agrees(void **state)
{
	t_env *e = *state;
	static const char *const preds[] = {
		"{type: {path: '@', is: string}}",   "{type: {path: '@', is: date}}",
		"{type: {path: '@', is: integer}}",  "{type: {path: '@', is: bool}}",
		"{type: {path: '@', is: map}}",      "{type: {path: '@', is: scalar}}",
		"{type: {path: '@', is: datetime}}", "{matches: {path: '@', vocab: placeholders}}",
		"{matches: {path: '@', pattern: '^[a-z]'}}", "{matches: {path: '@', pattern: '[0-9]$'}}",
		"{not_matches: {path: '@', vocab: placeholders}}",
		"{not_matches: {path: '@', pattern: '^C-'}}",
	};
	char spec[256];
	for (size_t i = 0; i < sizeof preds / sizeof *preds; i++) {
		snprintf(spec, sizeof spec, "{each: '**', require: %s}", preds[i]);
		assert_int_not_equal(t_check(e, spec), -1);
		size_t failed = e->fails.n;
		snprintf(spec, sizeof spec, "{each: '**', where: %s, require: {present: nope}}", preds[i]);
		assert_int_not_equal(t_check(e, spec), -1);
		size_t passed = e->fails.n;
		assert_int_equal(t_check(e, "{each: '**', require: {present: nope}}"), 0);
		if (failed + passed != e->fails.n || !failed || !passed)
			fail_msg("%s: %zu fail when evaluated, %zu pass when decided, of %zu", preds[i],
			         failed, passed, e->fails.n);
	}
}

/* A rule's subjects walk (gl__path_each_but) leaves out the places its
 * where: rejects from the node alone, and only those: the places it
 * reaches are those a full walk reaches on which the where holds. */
typedef struct reached {
	t_env *e;
	gl__buf b;
	const gl__cond *where;   /* only places where it holds are noted */
	size_t calls;
} reached;

static int note_place(void *ctx, const gl__match *m)
{
	reached *r = ctx;
	gl__subject s = {m->node, m->parent, m->path};
	r->calls++;
	if (r->where && gl__cond_eval(r->where, &r->e->ec, &s, NULL) != 1)
		return 0;
	gl__buf_printf(&r->b, "%s ", t_ptext(r->e->arena, m->path));
	return 0;
}

static void test_walk_skips_what_where_rejects(void **state)
{
	t_env *e = *state;
	static const char *const wheres[] = {
		"{type: {path: '@', is: string}}",
		"[{type: {path: '@', is: string}}, {matches: {path: '@', vocab: placeholders}}]",
		"[{matches: {path: '@', pattern: '^C-'}}, {present: nope}]",
		"{not_matches: {path: '@', pattern: '[a-z]'}}",
		"[{present: id}, {type: {path: '@', is: map}}]",   /* no test first: all walked */
	};
	static const char *const paths[] = {"**", "concerns[*].*", "concerns[*]"};
	gl_err err;
	for (size_t i = 0; i < sizeof wheres / sizeof *wheres; i++)
		for (size_t j = 0; j < sizeof paths / sizeof *paths; j++) {
			gl__cond *c = t_cond(e, wheres[i]);
			gl__path *p = gl__path_compile(e->arena, paths[j], &err);
			assert_non_null(c);
			assert_non_null(p);
			reached all = {e, {0}, c, 0}, kept = {e, {0}, c, 0};
			gl__buf_puts(&all.b, "");
			gl__buf_puts(&kept.b, "");
			assert_int_equal(gl__path_each(p, &e->ec, &e->subj, note_place, &all), 0);
			assert_int_equal(gl__path_each_but(p, &e->ec, &e->subj, note_place, &kept, c), 0);
			if (strcmp(all.b.p, kept.b.p) != 0)
				fail_msg("%s on %s:\n  walked  %s\n  skipped %s", wheres[i], paths[j], all.b.p,
				         kept.b.p);
			if (j == 0 && (i + 1 < sizeof wheres / sizeof *wheres) != (kept.calls < all.calls))
				fail_msg("%s on **: %zu places reached, %zu without skipping", wheres[i],
				         kept.calls, all.calls);
			gl__buf_free(&all.b);
			gl__buf_free(&kept.b);
		}
}

/* findings: how many findings other rules gave the plan so far. */
static void test_findings(void **state)
{
	t_env *e = *state;
	gl_finding found[] = {
		{.rule = gl__packset_find(e->ps, "T-0"), .severity = GL_SEV_ERROR},
		{.rule = gl__packset_find(e->ps, "X-1"), .severity = GL_SEV_WARNING},
		{.rule = gl__packset_find(e->ps, "T-1"), .severity = GL_SEV_ERROR},   /* its own */
	};
	gl__plan_out out = {.v = found, .n = 3, .cap = 3};
	static const kase none[] = {
		{"{findings: {severity: info}}", 0, NULL, 0, NULL, NULL},
	};
	RUN(state, none);
	e->ec.found = &out;
	static const kase cases[] = {
		{"{findings: {severity: error, max: 0}}", 1, "", 1, NULL,
		 "the plan has 1 error finding (first: T-0)"},
		{"{findings: {severity: warning, max: 1}}", 1, "", 1, NULL,
		 "the plan has 2 findings at or above warning (first: T-0)"},
		{"{findings: {severity: warning, max: 2}}", 0, NULL, 0, NULL, NULL},
		{"{findings: {severity: error, except: [T-0]}}", 0, NULL, 0, NULL, NULL},
		{"{findings: {severity: info}}", 1, "", 1, NULL, NULL},
	};
	RUN(state, cases);
	e->ec.found = NULL;
}

/* `message:` on a condition stamps the failures beneath it that have none. */
static void test_messages(void **state)
{
	t_env *e = *state;
	static const struct {
		const char *cond, *message;
	} cases[] = {
		{"{present: nope}", NULL},
		{"{present: nope, message: custom}", "custom"},
		{"{all: [{present: nope, message: inner}], message: outer}", "inner"},
		{"{all: [{present: nope}], message: outer}", "outer"},
		{"[{present: nope, message: one}]", "one"},
		{"{if: {present: id}, then: {present: nope}, message: cond}", "cond"},
		{"{if: {present: id}, then: {present: nope, message: inner}, message: cond}", "inner"},
		{"{any: [{present: nope, message: inner}, {present: nope2}], message: outer}", "outer"},
		{"{any: [{present: nope, message: inner}, {present: nope2}]}", NULL},
		{"{not: {present: id}, message: never}", "never"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		assert_int_equal(t_check(e, cases[i].cond), 0);
		assert_int_equal(e->fails.n, 1);
		char text[64] = "";   /* the template as written */
		const gl__tmpl *t = e->fails.v[0].message;
		for (size_t k = 0; t && k < t->n; k++)
			snprintf(text + strlen(text), sizeof text - strlen(text), "%.*s", (int)t->v[k].len,
			         t->v[k].text);
		const char *m = t ? text : NULL;
		if (cases[i].message ? !m || strcmp(m, cases[i].message) : m != NULL)
			fail_msg("%s: message '%s', want '%s'", cases[i].cond, m ? m : "(null)",
			         cases[i].message ? cases[i].message : "(null)");
	}
}

/* A subject other than the plan: paths are relative to it. */
static void test_subject(void **state)
{
	t_env *e = *state;
	const gl_node *root = gl_doc_root(e->plan);
	gl__subject s = {t_get(root, "concerns[1]"), t_get(root, "concerns"),
	                 t_lpath(e->arena, "concerns[1]")};
	gl__cond *c = t_cond(e, "[{present: sign_off}, {person: raised_by},"
	                        " {compare: {path: '$.revision', op: lt, to: '$.max_revision'}}]");
	assert_non_null(c);
	gl__fails_free(&e->fails);
	assert_int_equal(gl__cond_eval(c, &e->ec, &s, &e->fails), 0);
	assert_int_equal(e->fails.n, 1);
	assert_string_equal(t_ptext(e->arena, e->fails.v[0].path), "concerns[1].sign_off");
	assert_int_equal(e->fails.v[0].loc->line, 26);
}

static void test_compile_errors(void **state)
{
	t_env *e = *state;
	static const struct {
		const char *cond, *err;
	} cases[] = {
		{"{nosuch: id}", "pack.yaml:1:2: rule T-1: unknown predicate 'nosuch'"},
		{"{present: x, message: 'bad={a..b}'}",
		 "pack.yaml:1:23: rule T-1: message: bad path 'a..b' at character 3"},
		{"{if: {present: id}, then: {present: x}, message: [oops]}",
		 "pack.yaml:1:50: rule T-1: 'message' must be non-empty text"},
		{"{each: 'a[*]', require: {present: x}, message: {a: 1}}",
		 "pack.yaml:1:48: rule T-1: 'message' must be non-empty text"},
		{"all:\n  - present: id\n  - presnt: x\n", "pack.yaml:3:5: rule T-1: unknown predicate 'presnt'"},
		{"{matches: {pth: id, pattern: x}}", "pack.yaml:1:12: rule T-1: unknown argument 'pth'"},
		{"{matches: {pattern: x}}", "pack.yaml:1:11: rule T-1: missing 'path'"},
		{"{matches: {path: id, pattern: '(['}}", "pack.yaml:1:31: rule T-1: invalid pattern at offset 2"},
		{"{keys: {path: id, values: [a], misspelled: maybe}}",
		 "pack.yaml:1:44: rule T-1: 'misspelled' is true or false"},
		{"{matches: {path: id}}", "pack.yaml:1:11: rule T-1: needs exactly one of 'pattern' or 'vocab'"},
		{"{matches: {path: id, vocab: nope}}", "pack.yaml:1:11: rule T-1: no vocabulary named 'nope' in this pack"},
		{"{present: 'a b'}", "pack.yaml:1:11: rule T-1: bad path 'a b' at character 2"},
		{"{present: {a: 1}}", "pack.yaml:1:11: rule T-1: expected a path"},
		{"{in: {path: id, vocab: nope}}", "pack.yaml:1:24: rule T-1: no vocabulary named 'nope'"},
		{"{in: {path: id}}", "pack.yaml:1:6: rule T-1: needs 'values', 'vocab' or 'paths'"},
		{"{in: {path: id, values: x}}", "pack.yaml:1:25: rule T-1: 'values' must be a list"},
		{"{type: {path: id, is: thing}}", "pack.yaml:1:8: rule T-1: unknown type 'thing'"},
		{"{count: {path: x}}", "pack.yaml:1:9: rule T-1: count needs 'min' or 'max'"},
		{"{count: {path: x, min: 3, max: 1}}", "pack.yaml:1:32: rule T-1: 'max' (1) is below 'min' (3)"},
		{"{count: {path: x, min: 1, max: 0}}", "pack.yaml:1:32: rule T-1: 'max' (0) is below 'min' (1)"},
		{"{count: {path: x, min: -1}}", "pack.yaml:1:24: rule T-1: 'min' must be a whole number"},
		{"{date: {path: x}}", "pack.yaml:1:8: rule T-1: date needs exactly one of before, after"},
		{"{date: {path: x, before: y, after: z}}", "pack.yaml:1:8: rule T-1: date needs exactly one"},
		{"{date: {path: x, before: 2026-02-30}}",
		 "pack.yaml:1:26: rule T-1: '2026-02-30' is not a valid date (YYYY-MM-DD)"},
		{"{date: {path: x, not_after: 2026-8-2}}",
		 "pack.yaml:1:29: rule T-1: '2026-8-2' is not a valid date (YYYY-MM-DD)"},
		{"{date: {path: x, before: today, days: 1.5}}", "pack.yaml:1:39: rule T-1: 'days' must be a whole number"},
		{"{equals: {path: x}}", "pack.yaml:1:10: rule T-1: equals needs exactly one of value, values, to"},
		{"{equals: {path: x, value: [1]}}", "pack.yaml:1:27: rule T-1: 'value' must be a scalar"},
		{"{compare: {path: x, op: xx, value: 1}}", "pack.yaml:1:11: rule T-1: unknown op 'xx'"},
		{"{compare: {path: x, op: lt}}", "pack.yaml:1:11: rule T-1: compare needs exactly one of 'value' or 'to'"},
		{"{compare: {path: x, op: lt, value: soon, as: duration}}",
		 "pack.yaml:1:36: rule T-1: 'value' must be a duration such as 6 months"},
		{"{compare: {path: x, op: lt, value: 1, as: text}}", "pack.yaml:1:11: rule T-1: 'as' is number or duration"},
		{"{compare: {path: x, op: lt, value: .nan}}", "pack.yaml:1:36: rule T-1: 'value' must be a number"},
		{"{person: {path: x, roles: nosuch}}", "pack.yaml:1:27: rule T-1: no vocabulary named 'nosuch'"},
		{"{person: {path: x, unfilled: nosuch}}", "pack.yaml:1:30: rule T-1: no vocabulary named 'nosuch'"},
		{"{person: {path: x, roles: {a: 1}}}",
		 "pack.yaml:1:27: rule T-1: 'roles' must be a list of roles or a vocabulary name"},
		{"{person: {path: x, from: people}}",
		 "pack.yaml:1:26: rule T-1: 'from' is roster (people.yaml only) or plan"},
		{"{person: {path: x, from: [roster]}}",
		 "pack.yaml:1:26: rule T-1: 'from' is roster (people.yaml only) or plan"},
		{"{all: []}", "pack.yaml:1:7: rule T-1: expected a non-empty list of conditions"},
		{"{any: x}", "pack.yaml:1:7: rule T-1: expected a non-empty list of conditions"},
		{"{message: hi}", "pack.yaml:1:1: rule T-1: a condition needs a predicate beside 'message'"},
		{"{present: id, message: [x]}", "pack.yaml:1:24: rule T-1: 'message' must be non-empty text"},
		{"{present: nope, message: \"\"}", "pack.yaml:1:26: rule T-1: 'message' must be non-empty text"},
		{"{present: nope, message: \"  \"}", "pack.yaml:1:26: rule T-1: 'message' must be non-empty text"},
		{"{any: [{present: x}], message: \" \"}",
		 "pack.yaml:1:32: rule T-1: 'message' must be non-empty text"},
		{"{present: x, message: }", "pack.yaml:1:23: rule T-1: 'message' must be non-empty text"},
		{"{if: {present: id}}", "pack.yaml:1:1: rule T-1: 'if' needs 'then' or 'else'"},
		{"{if: {present: id}, then: {present: id}, otherwise: x}",
		 "pack.yaml:1:42: rule T-1: unknown argument 'otherwise'"},
		{"{not_in: {path: id}}", "pack.yaml:1:10: rule T-1: needs 'values', 'vocab' or 'paths'"},
		{"{each: 'concerns[*]'}", "pack.yaml:1:1: rule T-1: 'each' needs 'require'"},
		{"{each: 'a b', require: {present: x}}", "pack.yaml:1:8: rule T-1: bad path 'a b'"},
		{"{each: x, require: {present: x}, wher: y}", "pack.yaml:1:34: rule T-1: unknown argument 'wher'"},
		{"{present: id, at: 'a b'}", "pack.yaml:1:19: rule T-1: bad path 'a b'"},
		{"{findings: {severity: fatal}}", "pack.yaml:1:12: rule T-1: 'severity' is error, warning or info"},
		{"{findings: {severity: error, max: -1}}", "pack.yaml:1:35: rule T-1: 'max' must be a whole number"},
		{"{findings: {severity: error, except: x}}", "pack.yaml:1:38: rule T-1: 'except' is a list of rule ids"},
		{"{findings: {severity: error, except: [[x]]}}", "pack.yaml:1:39: rule T-1: a rule id is a name"},
		{"just text", "pack.yaml:1:1: rule T-1: expected a condition"},
		{"{}", "pack.yaml:1:1: rule T-1: expected a condition"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		if (t_cond(e, cases[i].cond))
			fail_msg("%s compiled", cases[i].cond);
		t_contains(e->err.msg, cases[i].err);
	}
}

/* Every predicate of the table has a name, a summary and both functions. */
static void test_table(void **state)
{
	(void)state;
	static const char *const names[] = {"present", "nonempty", "matches", "not_matches", "in",
	                                    "covers", "type", "count", "unique", "date", "person",
	                                    "equals", "compare", "not_in", "findings", "provenance",
	                                    "keys"};
	size_t n = 0;
	for (const gl__check *const *c = gl__checks(); *c; c++, n++) {
		assert_non_null((*c)->summary);
		assert_non_null((*c)->compile);
		assert_non_null((*c)->eval);
		assert_ptr_equal(gl__check_find((*c)->name), *c);
	}
	assert_int_equal(n, sizeof names / sizeof *names);
	for (size_t i = 0; i < n; i++)
		assert_non_null(gl__check_find(names[i]));
	assert_null(gl__check_find("all"));
	assert_null(gl__check_find("Present"));
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_present),  T(test_nonempty), cmocka_unit_test(test_blank), T(test_empty),
		T(test_matches),  T(test_not_matches),
		T(test_in),       T(test_keys),     T(test_not_in),   T(test_covers),     T(test_type),
		cmocka_unit_test(test_long_sets), cmocka_unit_test(test_booleans),
		cmocka_unit_test(test_set_paths_reach_lists),
		cmocka_unit_test(test_set_fixed_and_reached),
		T(test_count),    T(test_unique),   T(test_date),       T(test_person),
		T(test_equals),   T(test_compare),  T(test_combinators), T(test_at),
		T(test_each),     T(test_each_where), T(test_decided_at_agrees),
		T(test_walk_skips_what_where_rejects), T(test_findings), T(test_messages),
		T(test_subject),  T(test_compile_errors), cmocka_unit_test(test_table),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
