/* Paths into a plan (policy/path.c): compile errors, steps, filters, roots,
 * missing keys and the logical paths of matches. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "internal.h"
#include "helpers.h"

static const char plan[] =
	"id: P-1\n"                                        /* 1 */
	"owner: omar\n"                                    /* 2 */
	"groups:\n"                                        /* 3 */
	"  radiology: {lead: a}\n"                         /* 4 */
	"  it: {lead: b}\n"                                /* 5 */
	"concerns:\n"                                      /* 6 */
	"  - id: C-1\n"                                    /* 7 */
	"    group: radiology\n"                           /* 8 */
	"    sign_off: {by: omar, role: radiologist}\n"    /* 9 */
	"  - id: C-2\n"                                    /* 10 */
	"    group: it\n"                                  /* 11 */
	"  - id: C-3\n"                                    /* 12 */
	"    group: radiology\n"                           /* 13 */
	"    sign_off: {by: li}\n"                         /* 14 */
	"stakeholders:\n"                                  /* 15 */
	"  - group: radiology\n"                           /* 16 */
	"    reps: [omar]\n"                               /* 17 */
	"  - group: it\n"                                  /* 18 */
	"    reps: [li, sam]\n";                           /* 19 */

typedef struct fixture {
	gl_doc *doc;
	gl__arena *arena;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	f->doc = t_parse(plan);
	f->arena = gl__arena_new();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	gl_doc_free(f->doc);
	gl__arena_free(f->arena);
	free(f);
	return 0;
}

/* Every match of `p` as "path=value" (a scalar), "path={}" / "path=[]" (a
 * collection) or "path?L:C" (missing; L:C of loc), joined by spaces. */
static const char *render_path(fixture *f, const gl__path *p, const gl__subject *s)
{
	gl__matches m = {0};
	gl__ectx ec = {.root = gl_doc_root(f->doc), .arena = f->arena};
	gl__path_eval(p, &ec, s, &m);
	assert_false(m.oom);
	gl__buf b = {0};
	gl__buf_puts(&b, "");
	for (size_t i = 0; i < m.n; i++) {
		const gl_node *n = m.v[i].node;
		gl__buf_printf(&b, "%s%s", i ? " " : "", t_ptext(f->arena, m.v[i].path));
		if (!n)
			gl__buf_printf(&b, "?%u:%u", m.v[i].loc->line, m.v[i].loc->col);
		else
			gl__buf_printf(&b, "=%s", n->kind == GL_MAP ? "{}" : n->kind == GL_SEQ ? "[]" : n->str);
		assert_ptr_equal(m.v[i].loc, n ? n : m.v[i].loc);
	}
	const char *out = gl__arena_strdup(f->arena, b.p);
	gl__buf_free(&b);
	gl__matches_free(&m);
	return out;
}

static gl__path *compile(fixture *f, const char *src)
{
	gl_err err;
	gl__path *p = gl__path_compile(f->arena, src, &err);
	if (!p)
		fail_msg("'%s': %s", src, err.msg);
	return p;
}

static const char *render(fixture *f, const char *src, const gl__subject *s)
{
	return render_path(f, compile(f, src), s);
}

typedef struct kase {
	const char *src, *want;
} kase;

static void run_cases(fixture *f, const gl__subject *s, const kase *k, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *got = render(f, k[i].src, s);
		if (strcmp(got, k[i].want) != 0)
			fail_msg("'%s':\n  got  %s\n  want %s", k[i].src, got, k[i].want);
	}
}

static const kase compile_errors[] = {
	{"a..b", "bad path 'a..b' at character 3: expected a field name"},
	{"a.", "bad path 'a.' at character 3: expected a field name"},
	{"a b", "bad path 'a b' at character 2: expected '.' or '['"},
	{"a[1x]", "bad path 'a[1x]' at character 4: expected ']' after an index"},
	{"a[=1]", "bad path 'a[=1]' at character 3: expected a field name in [field=value]"},
	{"a[k~1]", "bad path 'a[k~1]' at character 4: expected '=' or '!=' in a filter"},
	{"a[k=1", "bad path 'a[k=1' at character 5: unterminated '['"},
	{"a[k=@x y]", "bad path '@x y' at character 3: expected '.' or '['"},
	{"$.", "bad path '$.' at character 3: expected a field name"},
	{"^.^", "bad path '^.^' at character 3: only one '^.' level is allowed: '^' only starts a "
	        "path"},
	{"^.^.id", "bad path '^.^.id' at character 3: only one '^.' level is allowed: '^' only "
	           "starts a path"},
	{"a.$.b", "bad path 'a.$.b' at character 3: '$' only starts a path"},
	{"^.[*]", "bad path '^.[*]' at character 3: expected a field name after '.' (a bracket "
	          "follows what it applies to directly: '^[*]', 'concerns[0]')"},
};

/* The message names the path and what is wrong (the character number is
 * checked by test_compile_error_positions). */
static void test_compile_errors(void **state)
{
	fixture *f = *state;
	for (size_t i = 0; i < sizeof compile_errors / sizeof *compile_errors; i++) {
		const char *want = compile_errors[i].want;
		gl_err err = {{0}};
		assert_null(gl__path_compile(f->arena, compile_errors[i].src, &err));
		const char *at = strstr(want, " at character ");
		assert_memory_equal(err.msg, want, (size_t)(at - want) + 14);
		t_contains(err.msg, strchr(at + 14, ':'));
	}
}

static void test_compile_error_positions(void **state)
{
	fixture *f = *state;
	for (size_t i = 0; i < sizeof compile_errors / sizeof *compile_errors; i++) {
		gl_err err = {{0}};
		assert_null(gl__path_compile(f->arena, compile_errors[i].src, &err));
		assert_string_equal(err.msg, compile_errors[i].want);
	}
}

static void test_from_root(void **state)
{
	fixture *f = *state;
	const gl__subject root = {gl_doc_root(f->doc), NULL, NULL};
	static const kase cases[] = {
		{"id", "id=P-1"},
		{"@", "={}"},
		{"$.owner", "owner=omar"},
		{"groups.it.lead", "groups.it.lead=b"},
		{"concerns[2].id", "concerns[2].id=C-3"},
		{"concerns[*].id", "concerns[0].id=C-1 concerns[1].id=C-2 concerns[2].id=C-3"},
		{"concerns[group=radiology].id", "concerns[0].id=C-1 concerns[2].id=C-3"},
		{"concerns[group!=radiology].id", "concerns[1].id=C-2"},
		{"concerns[group=nobody].id", ""},
		{"stakeholders[reps=li].group", "stakeholders[1].group=it"},   /* a list field */
		{"stakeholders[reps!=li].group", "stakeholders[0].group=radiology"},
		{"groups.*.lead", "groups.radiology.lead=a groups.it.lead=b"},
		{"groups.*", "groups.radiology={} groups.it={}"},
		{"stakeholders[*].reps[*]",
		 "stakeholders[0].reps[0]=omar stakeholders[1].reps[0]=li stakeholders[1].reps[1]=sam"},
		{"groups.**", "groups.radiology={} groups.radiology.lead=a groups.it={} groups.it.lead=b"},
		{"stakeholders[1].**", "stakeholders[1].group=it stakeholders[1].reps=[] "
		                       "stakeholders[1].reps[0]=li stakeholders[1].reps[1]=sam"},
		{"concerns.*", ""},          /* `*` takes the values of a mapping */
		{"groups[*]", ""},           /* `[*]` takes the items of a list */
		{"owner.**", ""},
		{"stakeholders[1].reps.**", "stakeholders[1].reps[0]=li stakeholders[1].reps[1]=sam"},
		{"^.id", ""},                /* the root has no parent */
	};
	run_cases(f, &root, cases, sizeof cases / sizeof *cases);
}

/* A key step first tries the pair where it last found its key (plans
 * written alike keep their keys in the same order); one compiled path on
 * mappings of other orders and sizes still finds each key, or none. */
static void test_key_order_varies(void **state)
{
	fixture *f = *state;
	gl__path *p = compile(f, "x.y");
	gl__path *q = compile(f, "l[k=v].id");
	static const struct {
		const char *doc, *y, *filtered;
	} cases[] = {
		{"x: {y: 1, z: 2}\nl: [{k: v, id: A}]\n", "x.y=1", "l[0].id=A"},
		{"x: {z: 2, a: 0, y: 3}\nl: [{id: B, k: v}, {k: w, id: C}]\n", "x.y=3", "l[0].id=B"},
		{"x: {y: 4}\nl: [{k: v}, {id: D, a: 1, k: v}]\n", "x.y=4", "l[0].id?2:5 l[1].id=D"},
		{"x: {a: 1, yy: 2, c: 3}\nl: [{id: E, k: vv}]\n", "x.y?1:4", ""},
		{"x: {a: 1, b: 2, y: 5}\nl: []\n", "x.y=5", ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		gl_doc *d = t_parse(cases[i].doc);
		gl_doc *keep = f->doc;
		f->doc = d;
		const gl__subject root = {gl_doc_root(d), NULL, NULL};
		const char *got = render_path(f, p, &root);
		const char *got_q = render_path(f, q, &root);
		f->doc = keep;
		gl_doc_free(d);
		if (strcmp(got, cases[i].y) != 0 || strcmp(got_q, cases[i].filtered) != 0)
			fail_msg("doc %zu: got '%s' and '%s', want '%s' and '%s'", i, got, got_q,
			         cases[i].y, cases[i].filtered);
	}
}

/* A missing key is a match without a node, located at the deepest node that
 * exists, with the full logical path the rule asked for. */
static void test_missing(void **state)
{
	fixture *f = *state;
	const gl__subject root = {gl_doc_root(f->doc), NULL, NULL};
	static const kase cases[] = {
		{"nope", "nope?1:1"},
		{"nope.deeper[3].x", "nope.deeper[3].x?1:1"},
		{"concerns[1].sign_off.role", "concerns[1].sign_off.role?10:5"},
		{"concerns[*].sign_off.role", "concerns[0].sign_off.role=radiologist "
		                              "concerns[1].sign_off.role?10:5 "
		                              "concerns[2].sign_off.role?14:15"},
		{"concerns[7].id", "concerns[7].id?7:3"},
		{"concerns[3].id", "concerns[3].id?7:3"},   /* one past the last */
		{"owner.name", "owner.name?2:8"},      /* a key below a scalar */
		{"owner[0]", "owner[0]?2:8"},          /* an index into a non-list */
		/* a missing container before a wildcard means no items, not a gap */
		{"concerns[*].sign_off.*",
		 "concerns[0].sign_off.by=omar concerns[0].sign_off.role=radiologist "
		 "concerns[2].sign_off.by=li"},
		{"nope[*].x", ""},
		{"concerns[*].nope[*]", ""},
	};
	run_cases(f, &root, cases, sizeof cases / sizeof *cases);
}

static void test_from_subject(void **state)
{
	fixture *f = *state;
	const gl_node *r = gl_doc_root(f->doc);
	const gl__subject c2 = {t_get(r, "concerns[1]"), t_get(r, "concerns"),
	                        t_lpath(f->arena, "concerns[1]")};
	static const kase cases[] = {
		{"id", "concerns[1].id=C-2"},
		{"@", "concerns[1]={}"},
		{"@id", "concerns[1].id=C-2"},
		{"@.group", "concerns[1].group=it"},
		{"$.id", "id=P-1"},
		{"^", "concerns=[]"},
		{"^[0].id", "concerns[0].id=C-1"},
		{"sign_off.by", "concerns[1].sign_off.by?10:5"},
		{"$.stakeholders[group=@group].reps[*]",
		 "stakeholders[1].reps[0]=li stakeholders[1].reps[1]=sam"},
		{"$.stakeholders[group!=@.group].group", "stakeholders[0].group=radiology"},
		{"$.stakeholders[group=@nothing].group", ""},
		{"$.stakeholders[group=$.groups.it.lead].group", ""},
	};
	run_cases(f, &c2, cases, sizeof cases / sizeof *cases);

	const gl__subject so = {t_get(r, "concerns[0].sign_off"), t_get(r, "concerns[0]"),
	                        t_lpath(f->arena, "concerns[0].sign_off")};
	static const kase parent[] = {
		{"^.id", "concerns[0].id=C-1"},
		{"^", "concerns[0]={}"},
		{"by", "concerns[0].sign_off.by=omar"},
	};
	run_cases(f, &so, parent, sizeof parent / sizeof *parent);
}

/* Logical paths are chains spelled out on demand, as the walks used to
 * join them: a key after text gets a '.', an item is [N]. */
static void test_lpath_text(void **state)
{
	fixture *f = *state;
	assert_string_equal(t_ptext(f->arena, NULL), "");
	static const char *const texts[] = {
		"id", "concerns[0]", "concerns[10].sign_off.by", "a[0][123].b", "[7].x",
	};
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
		assert_string_equal(t_ptext(f->arena, t_lpath(f->arena, texts[i])), texts[i]);
	gl__lpath a = {NULL, "a", 0}, item = {&a, NULL, 4};
	assert_string_equal(t_ptext(f->arena, &item), "a[4]");
	/* keys that are not plain names are quoted, so no two paths read alike */
	gl__lpath dotted = {NULL, "a.b", 0}, under = {&dotted, "c", 0}, quote = {&under, "q\"\\", 0};
	gl__lpath empty = {&a, "", 0}, sp = {&item, "x y", 0};
	assert_string_equal(t_ptext(f->arena, &under), "[\"a.b\"].c");
	assert_string_equal(t_ptext(f->arena, &quote), "[\"a.b\"].c[\"q\\\"\\\\\"]");
	assert_string_equal(t_ptext(f->arena, &empty), "a[\"\"]");
	assert_string_equal(t_ptext(f->arena, &sp), "a[4][\"x y\"]");
}

/* A logical path read from text (a waiver's path:) is spelled as findings
 * spell theirs, by position or, with an identity key, as fingerprints name
 * items (quoted or not, the value as written); text that is no path, or
 * names many places or starts elsewhere than at the plan, is refused with
 * the parser's message. */
static void test_lpath_parse(void **state)
{
	fixture *f = *state;
	static const char *const keys[] = {"id", "group", NULL};
	static const kase ok[] = {
		{"workflow.training[0]", "workflow.training[0]"},
		{"notes['a.b'].c", "notes[\"a.b\"].c"},
		{"workflow[\"training\"][01]", "workflow.training[1]"},
		{"[7].x", "[7].x"},
		{"monitoring.metrics[id=\"MON-1\"]", "monitoring.metrics[id=\"MON-1\"]"},
		{"monitoring.metrics[id=MON-1]", "monitoring.metrics[id=\"MON-1\"]"},
		{"monitoring.metrics[id='MON-1'].owner", "monitoring.metrics[id=\"MON-1\"].owner"},
		{"stakeholders[group=radiology].success_measures[id=SM-2]",
		 "stakeholders[group=\"radiology\"].success_measures[id=\"SM-2\"]"},
		{"v[id='a\"b'].n", "v[id=\"a\\\"b\"].n"},
		{"v[id=True]", "v[id=\"True\"]"},   /* as written: the plan's `id: True` */
		{"v[id=\"x].y\"][3]", "v[id=\"x].y\"][3]"},
	};
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
		gl_err err = {{0}};
		int named = -1;
		const char *got = gl__lpath_parse(f->arena, ok[i].src, keys, &named, &err);
		if (!got || strcmp(got, ok[i].want) != 0)
			fail_msg("'%s': got %s, want %s", ok[i].src, got ? got : err.msg, ok[i].want);
		assert_int_equal(named, strchr(ok[i].src, '=') != NULL);
	}
	static const struct {
		const char *src;
		const char *const *keys;
		const char *want;
	} bad[] = {
		{"workflow[", keys, "bad path 'workflow[' at character 10: expected a field name in "
		                    "[field=value]"},
		{"workflow..training", keys, "bad path 'workflow..training' at character 10: "
		                             "expected a field name"},
		{"stakeholders[name=radiology]", keys, "bad path 'stakeholders[name=radiology]': a "
		 "finding's path names an item by its position ([2]) or by an identity key of the "
		 "rule's pack (id, group), not by 'name'"},
		{"stakeholders[group=radiology]", NULL, "bad path 'stakeholders[group=radiology]': the "
		 "rule's pack has no identity_keys, so a finding's path names an item by its position "
		 "([2]), not by 'group'"},
		{"stakeholders[group!=radiology]", keys, "bad path 'stakeholders[group!=radiology]': a "
		 "filter with != or a reference names many places; a finding's path names an item by "
		 "its position ([2]) or its identity ([group=\"...\"])"},
		{"stakeholders[group=@group]", keys, "bad path 'stakeholders[group=@group]': a filter "
		 "with != or a reference names many places"},
		{"concerns[*].sign_off", keys, "bad path 'concerns[*].sign_off': [*], * or ** names "
		                               "many places; a finding's path names one"},
		{"$.workflow", keys, "bad path '$.workflow': a finding's path starts at the plan, "
		                     "without '$'"},
		{"@", keys, "bad path '@': a finding's path starts at the plan, without '@'"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		gl_err err = {{0}};
		int named;
		assert_null(gl__lpath_parse(f->arena, bad[i].src, bad[i].keys, &named, &err));
		t_contains(err.msg, bad[i].want);
	}
}

/* A path cut after as many steps as another has: the same place by
 * position and by identity cut alike, past brackets, dots and escaped
 * quotes inside quoted keys and values. */
static void test_lpath_along(void **state)
{
	(void)state;
	static const struct {
		const char *path, *like;
		size_t want;
	} cases[] = {
		{"monitoring.metrics[1].owner", "monitoring.metrics[id=\"MON-1\"]", 21},
		{"monitoring.metrics[id=\"MON-1\"].owner", "monitoring.metrics[1]", 30},
		{"a[id=\"x].y\"].b", "a[0]", 12},
		{"a[id=\"x\\\"].\"].b", "a[0]", 13},
		{"notes[\"a.b\"].c[2]", "notes.c.d", 14},
		{"[7].x", "[id=\"q\"]", 3},
		{"a", "a.b.c", 1},
		{"", "a", 0},
		{"a.b", "", 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		if (gl__lpath_along(cases[i].path, cases[i].like) != cases[i].want)
			fail_msg("'%s' along '%s': %zu, not %zu", cases[i].path, cases[i].like,
			         gl__lpath_along(cases[i].path, cases[i].like), cases[i].want);
}

/* The identity of the place a walk reached from doc's root by `path`, by
 * `keys` (NULL: the plain text). */
static const char *identity(fixture *f, const gl_doc *doc, const char *path,
                            const char *const *keys)
{
	gl__matches m = {0};
	gl__ectx ec = {.root = gl_doc_root(doc), .arena = f->arena};
	gl__path_eval(compile(f, path), &ec, NULL, &m);
	assert_false(m.oom);
	assert_true(m.n > 0);
	const char *t = gl__lpath_identity(&ec, m.v[0].path, keys);
	gl__matches_free(&m);
	gl__filters_free(&ec);
	return t;
}

/* The identity of a place: items a walk reached named by the first
 * identity key they hold as a scalar, positions otherwise (an item not
 * there, or one the walk did not reach, as a path built from text). */
static void test_lpath_identity(void **state)
{
	fixture *f = *state;
	static const char *const keys[] = {"id", "group", NULL};
	static const struct {
		const char *path, *want;
	} cases[] = {
		{"concerns[2].sign_off.by", "concerns[id=\"C-3\"].sign_off.by"},
		{"concerns[*].sign_off.by", "concerns[id=\"C-1\"].sign_off.by"},
		{"stakeholders[group=it].reps[0]", "stakeholders[group=\"it\"].reps[0]"},
		{"groups.it.lead", "groups.it.lead"},
		{"concerns[7].id", "concerns[7].id"},       /* no such item */
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		assert_string_equal(identity(f, f->doc, cases[i].path, keys), cases[i].want);
		assert_string_equal(identity(f, f->doc, cases[i].path, NULL),
		                    strchr(cases[i].path, '*') ? "concerns[0].sign_off.by"
		                    : strchr(cases[i].path, '=') ? "stakeholders[1].reps[0]"
		                                                 : cases[i].path);
	}
	gl__ectx ec = {.root = gl_doc_root(f->doc), .arena = f->arena};
	assert_string_equal(gl__lpath_identity(&ec, t_lpath(f->arena, "concerns[2]"), keys),
	                    "concerns[2]");   /* not reached by a walk: its position */
	assert_string_equal(gl__lpath_identity(&ec, NULL, keys), "");
	gl__filters_free(&ec);
	/* the first key of the list that the item holds wins; quotes are escaped */
	static const char *const by_group[] = {"group", "id", NULL};
	assert_string_equal(identity(f, f->doc, "concerns[1]", by_group), "concerns[group=\"it\"]");
	gl_doc *d = t_parse("v:\n  - {id: 'a\"b', n: 1}\n  - {id: [x], group: g}\n");
	assert_string_equal(identity(f, d, "v[0].n", keys), "v[id=\"a\\\"b\"].n");
	assert_string_equal(identity(f, d, "v[1]", keys),
	                    "v[group=\"g\"]");   /* an id that is a list does not name it */
	gl_doc_free(d);
}

/* ["key"] and ['key'] name keys that are not plain names. */
static void test_quoted_keys(void **state)
{
	fixture *f = *state;
	gl_doc *doc = t_parse("\"a.b\": 1\na: {b: 2}\n\"q'\\\"x\": 3\nn: {\"sp ace\": 4, 'ü': 5}\n"
	                      "\"b\\\\\": 6\n");   /* the key b\ */
	const gl__subject root = {gl_doc_root(doc), NULL, NULL};
	static const kase cases[] = {
		{"[\"a.b\"]", "[\"a.b\"]=1"},
		{"a.b", "a.b=2"},
		{"['q\\'\"x']", "[\"q'\\\"x\"]=3"},
		{"n[\"sp ace\"]", "n[\"sp ace\"]=4"},
		{"n['ü']", "n[\"ü\"]=5"},
		{"n.*", "n[\"sp ace\"]=4 n[\"ü\"]=5"},
		{"[\"b\\\\\"]", "[\"b\\\\\"]=6"},   /* \\ before the closing quote */
	};
	run_cases(f, &root, cases, sizeof cases / sizeof *cases);
	gl_err err = {{0}};
	assert_null(gl__path_compile(f->arena, "n[\"open", &err));
	t_contains(err.msg, "expected a closing quote and ']'");
	gl_doc_free(doc);
}

/* Keys are compared 8 bytes at a time (padded texts): keys of one length
 * that differ only in their last byte, in the first, second or third
 * eight bytes, are told apart, quoted or in a filter's field too. */
static void test_keys_alike(void **state)
{
	fixture *f = *state;
	gl_doc *doc = t_parse("k:\n"
	                      "  abcdefg1: a\n  abcdefg2: b\n"
	                      "  abcdefgh1: c\n  abcdefgh2: d\n"
	                      "  abcdefghijklmno1: e\n  abcdefghijklmno2: f\n"
	                      "  abcdefghijklmnop1: g\n  abcdefghijklmnop2: h\n"
	                      "  \"sp ace x1\": i\n  \"sp ace x2\": j\n"
	                      "l: [{abcdefghijklmnop2: x, id: A}, {abcdefghijklmnop1: x, id: B}]\n");
	const gl__subject root = {gl_doc_root(doc), NULL, NULL};
	static const kase cases[] = {
		{"k.abcdefg2", "k.abcdefg2=b"},
		{"k.abcdefgh2", "k.abcdefgh2=d"},
		{"k.abcdefghijklmno2", "k.abcdefghijklmno2=f"},
		{"k.abcdefghijklmnop2", "k.abcdefghijklmnop2=h"},
		{"k.abcdefghijklmnop1", "k.abcdefghijklmnop1=g"},
		{"k[\"sp ace x2\"]", "k[\"sp ace x2\"]=j"},
		{"k.abcdefgh3", "k.abcdefgh3?2:3"},
		{"l[abcdefghijklmnop1=x].id", "l[1].id=B"},
	};
	run_cases(f, &root, cases, sizeof cases / sizeof *cases);
	gl_doc_free(doc);
}

/* A filter's value may be quoted (as written, the way logical paths print
 * it), and a reference may hold brackets (an index, a quoted key). */
static void test_filter_values(void **state)
{
	fixture *f = *state;
	gl_doc *doc = t_parse("a: [{key: x y, n: 1}, {key: 'q\"]', n: 2}, {key: True, n: 3},\n"
	                      "    {key: \"O'Brien\", n: 4}, {key: 'say \"hi', n: 5}]\n"
	                      "refs: [x y, r]\nitems: [{id: r}]\nnotes: {\"k]\": r, \"k]]x\": r}\n");
	const gl__subject root = {gl_doc_root(doc), NULL, NULL};
	static const kase cases[] = {
		{"a[key=\"x y\"].n", "a[0].n=1"},
		{"a[key='q\"]'].n", "a[1].n=2"},
		{"a[key=\"q\\\"]\"].n", "a[1].n=2"},
		{"a[key=TRUE].n", "a[2].n=3"},
		{"items[id=@.refs[1]].id", "items[0].id=r"},
		{"a[key=@.refs[0]].n", "a[0].n=1"},
		{"items[id=@.notes[\"k]\"]].id", "items[0].id=r"},
		{"items[id=@.notes[\"k]]x\"]].id", "items[0].id=r"},
		{"a[key=O'Brien].n", "a[3].n=4"},   /* a plain literal ends at the first ']' */
		{"a[key=say \"hi].n", "a[4].n=5"},
	};
	run_cases(f, &root, cases, sizeof cases / sizeof *cases);
	gl_err err = {{0}};
	assert_null(gl__path_compile(f->arena, "a[key=\"x y]", &err));
	t_contains(err.msg, "expected a closing quote and ']'");
	gl_doc_free(doc);
}

static void test_match_parent(void **state)
{
	fixture *f = *state;
	const gl_node *r = gl_doc_root(f->doc);
	const gl__subject root = {r, NULL, NULL};
	gl__ectx ec = {.root = r, .arena = f->arena};
	gl_err err;
	gl__path *p = gl__path_compile(f->arena, "concerns[*].sign_off.role", &err);
	assert_non_null(p);
	gl__matches m = {0};
	gl__path_eval(p, &ec, &root, &m);
	assert_int_equal(m.n, 3);
	assert_ptr_equal(m.v[0].parent, t_get(r, "concerns[0].sign_off"));
	assert_ptr_equal(m.v[0].node, t_get(r, "concerns[0].sign_off.role"));
	assert_null(m.v[1].node);
	assert_ptr_equal(m.v[1].loc, t_get(r, "concerns[1]"));
	assert_ptr_equal(m.v[2].loc, t_get(r, "concerns[2].sign_off"));
	/* matches accumulate until reset */
	gl__path_eval(p, &ec, &root, &m);
	assert_int_equal(m.n, 6);
	gl__matches_reset(&m);
	assert_int_equal(m.n, 0);
	gl__path_eval(p, &ec, &root, &m);
	assert_int_equal(m.n, 3);
	gl__matches_free(&m);
	assert_null(m.v);
}

static void test_globstar_then_key(void **state)
{
	fixture *f = *state;
	const gl__subject root = {gl_doc_root(f->doc), NULL, NULL};
	static const kase cases[] = {
		{"**.lead", "groups.radiology.lead=a groups.it.lead=b"},
		{"**.by", "concerns[0].sign_off.by=omar concerns[2].sign_off.by=li"},
	};
	run_cases(f, &root, cases, sizeof cases / sizeof *cases);
}

/* ---- filters over long lists ----------------------------------------- */

/* Item i of a generated list: its field k is absent, a scalar, a list of
 * values, null, a quoted scalar or a mapping (by i % 6), with value
 * v0, v1 or v2 (by i / 6 % 3); j alternates. */
static void put_item(gl__buf *b, size_t i)
{
	gl__buf_printf(b, "  - name: n%zu\n    j: x%zu\n", i, i % 2);
	size_t v = i / 6 % 3;
	switch (i % 6) {
	case 1: gl__buf_printf(b, "    k: v%zu\n", v); break;
	case 2: gl__buf_printf(b, "    k: [v%zu, w, v%zu]\n", v, (v + 1) % 3); break;
	case 3: gl__buf_puts(b, "    k: ~\n"); break;
	case 4: gl__buf_printf(b, "    k: \"v%zu\"\n", v); break;
	case 5: gl__buf_puts(b, "    k: {a: v1}\n"); break;
	default: break;
	}
}

/* 1 when item i's field k holds one of the values (the filter's meaning). */
static int holds(size_t i, const char *const *values)
{
	char own[8], next[8];
	snprintf(own, sizeof own, "v%zu", i / 6 % 3);
	snprintf(next, sizeof next, "v%zu", (i / 6 + 1) % 3);
	for (const char *const *v = values; *v; v++) {
		if ((i % 6 == 1 || i % 6 == 4 || i % 6 == 2) && strcmp(*v, own) == 0)
			return 1;
		if (i % 6 == 2 && (strcmp(*v, next) == 0 || strcmp(*v, "w") == 0))
			return 1;
	}
	return 0;
}

/* What `list[filter]` reaches, as item numbers "3 5 ...", against the
 * expectation. */
static void expect_items(gl__ectx *ec, const char *path, const char *const *values, int negate,
                         size_t n)
{
	const gl__subject root = {ec->root, NULL, NULL};
	gl_err err;
	gl__path *p = gl__path_compile(ec->arena, path, &err);
	if (!p)
		fail_msg("%s: %s", path, err.msg);
	gl__matches m = {0};
	gl__path_eval(p, ec, &root, &m);
	assert_false(m.oom);
	gl__buf got = {0}, want = {0};
	gl__buf_puts(&got, "");
	gl__buf_puts(&want, "");
	for (size_t i = 0; i < m.n; i++) {
		const gl__lpath *q = m.v[i].path;
		while (q && q->key && q->up && q->up->up)   /* up to the item of the list */
			q = q->up;
		gl__buf_printf(&got, "%s%zu", i ? " " : "", q->index);
	}
	for (size_t i = 0, k = 0; i < n; i++)
		if (holds(i, values) != negate)
			gl__buf_printf(&want, "%s%zu", k++ ? " " : "", i);
	if (strcmp(got.p, want.p) != 0)
		fail_msg("%s: items %s, want %s", path, got.p, want.p);
	gl__buf_free(&got);
	gl__buf_free(&want);
	gl__matches_free(&m);
}

/* A long list is filtered through an index (policy/path.c), a short one
 * scanned: both keep the same items, in list order, once each. */
static void test_filter_long_lists(void **state)
{
	GL__UNUSED(state);
	static const char *const v1[] = {"v1", NULL}, *const v02[] = {"v0", "v2", NULL},
	                         *const w[] = {"w", NULL}, *const none[] = {NULL},
	                         *const many[] = {"z0", "z1", "z2", "z3", "z4", "z5", "z6", "z7", "z8",
	                                          "z9", "z10", "z11", "z12", "z13", "z14", "v2", "w",
	                                          NULL};
	for (size_t n = 10; n <= 40; n += 30) {   /* below and above GL__LONG_LIST */
		gl__buf b = {0};
		gl__buf_puts(&b, "many: [z0, z1, z2, z3, z4, z5, z6, z7, z8, z9, z10, z11, z12, z13, "
		                 "z14, v2, w]\n");
		gl__buf_puts(&b, "one: v1\nwanted: [v0, v2, v0]\nempty: []\nitems:\n");
		for (size_t i = 0; i < n; i++)
			put_item(&b, i);
		gl_doc *doc = t_parse(b.p);
		gl__arena *a = gl__arena_new();
		gl__ectx ec = {.root = gl_doc_root(doc), .arena = a};
		expect_items(&ec, "items[j=$.many]", none, 0, n);   /* many values: indexed at once */
		expect_items(&ec, "items[k=$.many]", many, 0, n);
		expect_items(&ec, "items[k=v1]", v1, 0, n);
		expect_items(&ec, "items[k=$.one]", v1, 0, n);
		expect_items(&ec, "items[k=$.wanted]", v02, 0, n);   /* a list: any of it, once */
		expect_items(&ec, "items[k=w]", w, 0, n);
		expect_items(&ec, "items[k=$.nothing]", none, 0, n);
		expect_items(&ec, "items[k=$.empty]", none, 0, n);
		expect_items(&ec, "items[k=a]", none, 0, n);         /* a mapping holds no value */
		expect_items(&ec, "items[k!=v1]", v1, 1, n);
		expect_items(&ec, "items[k=v1].name", v1, 0, n);
		expect_items(&ec, "items[k=$.one]", v1, 0, n);       /* the index again */
		if (n >= GL__LONG_LIST)
			assert_non_null(ec.filters);
		else
			assert_null(ec.filters);
		gl__filters_free(&ec);
		assert_null(ec.filters);
		gl__arena_free(a);
		gl_doc_free(doc);
		gl__buf_free(&b);
	}
}

/* A short list whose items hold long lists in the filtered field (one
 * conversation addressing 2,000 concerns) is indexed too: filtering it
 * once per concern would otherwise compare every concern with every value. */
static void test_filter_long_field(void **state)
{
	GL__UNUSED(state);
	gl__buf b = {0};
	gl__buf_puts(&b, "items:\n  - {id: a, k: [");
	for (size_t i = 0; i < 40; i++)
		gl__buf_printf(&b, "%sv%zu", i ? ", " : "", i);
	gl__buf_puts(&b, "]}\n  - {id: b, k: [v3, w]}\n  - {id: c, k: v39}\n  - {id: d}\n");
	gl_doc *doc = t_parse(b.p);
	gl__arena *a = gl__arena_new();
	gl__ectx ec = {.root = gl_doc_root(doc), .arena = a};
	static const struct {
		const char *path, *ids;
	} cases[] = {{"items[k=v3].id", "a b"}, {"items[k=v39].id", "a c"}, {"items[k=w].id", "b"},
	             {"items[k=v40].id", ""}, {"items[k=v3].id", "a b"}};   /* the index again */
	const gl__subject root = {ec.root, NULL, NULL};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		gl_err err;
		gl__path *p = gl__path_compile(a, cases[i].path, &err);
		assert_non_null(p);
		gl__matches m = {0};
		gl__path_eval(p, &ec, &root, &m);
		gl__buf got = {0};
		gl__buf_puts(&got, "");
		for (size_t j = 0; j < m.n; j++)
			gl__buf_printf(&got, "%s%s", j ? " " : "", m.v[j].node->str);
		assert_string_equal(got.p, cases[i].ids);
		gl__buf_free(&got);
		gl__matches_free(&m);
	}
	assert_non_null(ec.filters);   /* indexed, though the list has 4 items */
	gl__filters_free(&ec);
	gl__arena_free(a);
	gl_doc_free(doc);
	gl__buf_free(&b);
}

/* `%` starts at the rule's subject (ec->outer), whatever the subject of the
 * walk; without one, at the plan. */
static void test_outer_subject(void **state)
{
	GL__UNUSED(state);
	gl_doc *doc = t_parse("id: plan\nconcerns: [{id: C-1, raised_on: 2026-01-02}]\n"
	                      "conversations: [{id: CV-1, addresses: [C-1]}]\n");
	gl__arena *a = gl__arena_new();
	gl__ectx ec = {.root = gl_doc_root(doc), .arena = a};
	const gl_node *concern = t_get(ec.root, "concerns[0]");
	const gl_node *conv = t_get(ec.root, "conversations[0]");
	gl__subject outer = {concern, t_get(ec.root, "concerns"), NULL};
	gl__subject inner = {conv, t_get(ec.root, "conversations"), NULL};
	gl_err err;
	gl__path *p = gl__path_compile(a, "%.raised_on", &err);
	assert_non_null(p);
	gl__matches m = {0};
	gl__path_eval(p, &ec, &inner, &m);   /* no rule subject: the plan has none */
	assert_int_equal(m.n, 1);
	assert_null(m.v[0].node);
	gl__matches_free(&m);
	ec.outer = &outer;
	gl__path_eval(p, &ec, &inner, &m);
	assert_int_equal(m.n, 1);
	assert_string_equal(m.v[0].node->str, "2026-01-02");
	gl__matches_free(&m);
	p = gl__path_compile(a, "$.conversations[addresses=%id].id", &err);   /* in a filter */
	assert_non_null(p);
	gl__path_eval(p, &ec, &inner, &m);
	assert_int_equal(m.n, 1);
	assert_string_equal(m.v[0].node->str, "CV-1");
	gl__matches_free(&m);
	gl__arena_free(a);
	gl_doc_free(doc);
}

/* A filter's cache copies the field name: a path compiled for a message
 * lives in the scratch arena, which is rewound after every subject, and the
 * next path's text can land on the same bytes (a name, here "j", where "k"
 * was). */
static void test_filter_cache_keys(void **state)
{
	GL__UNUSED(state);
	gl__buf b = {0};
	gl__buf_puts(&b, "items:\n");
	for (size_t i = 0; i < 20; i++)
		put_item(&b, i);
	gl_doc *doc = t_parse(b.p);
	gl__buf_free(&b);
	gl__arena *a = gl__arena_new();
	gl__ectx ec = {.root = gl_doc_root(doc), .arena = a};
	const gl__subject root = {ec.root, NULL, NULL};
	assert_non_null(gl__arena_alloc(a, 1));   /* the mark inside a chunk, as in a plan */
	gl__arena_mark mark = gl__arena_mark_now(a);
	gl_err err;
	for (int round = 0; round < 2; round++) {   /* the second time through the index */
		gl__path *p = gl__path_compile(a, "items[k=w].name", &err);
		assert_non_null(p);
		gl__matches m = {0};
		gl__path_eval(p, &ec, &root, &m);
		assert_int_equal(m.n, 3);   /* items 2, 8 and 14 */
		gl__matches_free(&m);
		gl__arena_rewind(a, mark);
	}
	gl__path *p = gl__path_compile(a, "items[j=w].name", &err);   /* the same layout */
	assert_non_null(p);
	gl__matches m = {0};
	gl__path_eval(p, &ec, &root, &m);
	assert_int_equal(m.n, 0);   /* no item's j is w (k's index would give 3) */
	p = gl__path_compile(a, "items[j=x1].name", &err);
	assert_non_null(p);
	for (int round = 0; round < 2; round++)
		gl__path_eval(p, &ec, &root, &m);
	assert_int_equal(m.n, 20);   /* the 10 odd items, twice */
	for (size_t i = 0; i < m.n; i++) {
		char want[8];
		snprintf(want, sizeof want, "n%zu", 2 * (i % 10) + 1);
		assert_string_equal(m.v[i].node->str, want);
	}
	gl__matches_free(&m);
	gl__filters_free(&ec);
	gl__arena_free(a);
	gl_doc_free(doc);
}

/* A path list evaluates each path in turn. */
static void test_union(void **state)
{
	fixture *f = *state;
	const gl__subject root = {gl_doc_root(f->doc), NULL, NULL};
	gl__path *first = compile(f, "id");
	assert_int_equal(gl__path_multi(first), 0);
	gl__path *u = gl__path_union(first, compile(f, "concerns[*].id"));
	u = gl__path_union(u, compile(f, "nope"));
	assert_ptr_equal(u, first);
	assert_int_equal(gl__path_multi(u), 1);
	assert_string_equal(gl__path_src(u), "id");
	assert_string_equal(render_path(f, u, &root),
	                    "id=P-1 concerns[0].id=C-1 concerns[1].id=C-2 concerns[2].id=C-3 nope?1:1");
}

/* A list whose neighbours begin alike walks their common steps once
 * (gl__path_share): the places, their order and the places where a path
 * stops short are those of each path walked in turn. */
static const char *const shared_list[] = {
	"concerns[0].sign_off.by", "concerns[0].sign_off.role", "concerns[0].sign_off.nope.x",
	"concerns[0]", "concerns[0].nope[*]", "concerns[*].id", "concerns[5].id", "concerns[5].x",
	"concerns[3].id", "concerns[3].x",   /* one past the last concern */
	"groups.radiology.lead", "groups.it.lead", "groups.*.lead", "groups.nope.lead",
	"groups.nope.deeper[*]", "groups.nope[*]", "groups.nope.more", "owner", "groups.it.lead", "missing.a",
	"missing.b[0]", "missing.c[*].d", "missing[*]", "stakeholders[*].reps[*]", "stakeholders[*].group",
};

static gl__path *list_of(fixture *f, const char *const *src, size_t n, const char *prefix)
{
	gl__path *u = NULL;
	for (size_t i = 0; i < n; i++) {
		char p[64];
		snprintf(p, sizeof p, "%s%s", prefix, src[i]);
		gl__path *one = compile(f, p);
		u = u ? gl__path_union(u, one) : one;
	}
	return u;
}

typedef struct stopper {
	int seen, at;
} stopper;

static int stop_at(void *ctx, const gl__match *m)
{
	stopper *s = ctx;
	(void)m;
	return ++s->seen == s->at ? -7 : 0;
}

static void test_union_shared(void **state)
{
	fixture *f = *state;
	const gl__subject root = {gl_doc_root(f->doc), NULL, NULL};
	size_t n = sizeof shared_list / sizeof *shared_list;
	for (int from_root = 0; from_root < 2; from_root++) {
		const char *prefix = from_root ? "$." : "";
		gl__path *alone = list_of(f, shared_list, n, prefix);
		gl__path *shared = list_of(f, shared_list, n, prefix);
		assert_int_equal(gl__path_share(f->arena, shared), 0);
		const char *want = render_path(f, alone, &root);
		assert_string_equal(render_path(f, shared, &root), want);
		assert_non_null(strstr(want, "concerns[0].sign_off.by=omar concerns[0].sign_off.role="
		                             "radiologist concerns[0].sign_off.nope.x?9:15 concerns[0]={}"));
		assert_non_null(strstr(want, "concerns[5].id?7:3 concerns[5].x?7:3 concerns[3].id?7:3 "
		                             "concerns[3].x?7:3 groups.radiology.lead=a"));
		assert_non_null(strstr(want, "groups.nope.lead?4:3 groups.nope.more?4:3 owner=omar "
		                             "groups.it.lead=b missing.a?1:1 missing.b[0]?1:1 "
		                             "stakeholders[0].reps[0]=omar"));
		/* a callback's negative return stops the walk there, and is returned */
		for (int at = 1; at <= 30; at++) {
			stopper a = {0, at}, b = {0, at};
			gl__ectx ec = {.root = gl_doc_root(f->doc), .arena = f->arena};
			int ra = gl__path_each(alone, &ec, &root, stop_at, &a);
			int rb = gl__path_each(shared, &ec, &root, stop_at, &b);
			assert_int_equal(ra, rb);
			assert_int_equal(a.seen, b.seen);
		}
	}
	/* paths from different places are walked one by one */
	gl__path *mixed = gl__path_union(compile(f, "groups.it.lead"), compile(f, "$.groups.it.lead"));
	assert_int_equal(gl__path_share(f->arena, mixed), 0);
	assert_string_equal(render_path(f, mixed, &root), "groups.it.lead=b groups.it.lead=b");
}

static void test_multi_and_src(void **state)
{
	fixture *f = *state;
	static const struct {
		const char *src;
		int multi;
	} cases[] = {
		{"a", 0},      {"a.b", 0},   {"a[2].b", 0}, {"$.a", 0},   {"^.a", 0},
		{"@", 0},      {"a[*]", 1},  {"a.*", 1},    {"**", 1},    {"a[k=v]", 1},
		{"a[k!=@x]", 1},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		gl_err err;
		gl__path *p = gl__path_compile(f->arena, cases[i].src, &err);
		assert_non_null(p);
		assert_int_equal(gl__path_multi(p), cases[i].multi);
		assert_string_equal(gl__path_src(p), cases[i].src);
	}
}

/* What reaches the same places whatever the subject: from $, with no
 * filter reading the subject, itself or through a nested reference. */
static void test_plan_wide(void **state)
{
	fixture *f = *state;
	static const struct {
		const char *src;
		int plan_wide;
	} cases[] = {
		{"$.a", 1}, {"$.a[*].b", 1}, {"$.**", 1}, {"$.a[k=v]", 1}, {"$.a[k=$.b]", 1},
		{"$.a[k=$.b[j=$.c]]", 1}, {"a", 0}, {"@", 0}, {"@.a", 0}, {"^.a", 0}, {"%.a", 0},
		{"$.a[k=@x]", 0}, {"$.a[k!=%.x]", 0}, {"$.a[k=^.x]", 0}, {"$.a[k=$.b[j=@c]]", 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		assert_int_equal(gl__path_plan_wide(compile(f, cases[i].src)), cases[i].plan_wide);
	/* a list is plan-wide when every path of it is */
	assert_int_equal(gl__path_plan_wide(gl__path_union(compile(f, "$.a"), compile(f, "$.b"))), 1);
	assert_int_equal(gl__path_plan_wide(gl__path_union(compile(f, "$.a"), compile(f, "b"))), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_plan_wide, setup, teardown),
		cmocka_unit_test_setup_teardown(test_compile_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_compile_error_positions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_from_root, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filter_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_key_order_varies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_from_subject, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lpath_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lpath_identity, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lpath_parse, setup, teardown),
		cmocka_unit_test(test_lpath_along),
		cmocka_unit_test_setup_teardown(test_quoted_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keys_alike, setup, teardown),
		cmocka_unit_test_setup_teardown(test_match_parent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_globstar_then_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_union, setup, teardown),
		cmocka_unit_test_setup_teardown(test_union_shared, setup, teardown),
		cmocka_unit_test(test_filter_long_lists),
		cmocka_unit_test(test_filter_long_field),
		cmocka_unit_test(test_outer_subject),
		cmocka_unit_test(test_filter_cache_keys),
		cmocka_unit_test_setup_teardown(test_multi_and_src, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
