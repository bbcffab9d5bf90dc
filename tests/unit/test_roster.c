/* The roster: lookups by id, people.yaml over a plan's people (policy/roster.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "internal.h"
#include "helpers.h"

static const gl_node *people(const gl_doc *d)
{
	return gl_node_get(gl_doc_root(d), "people");
}

static void test_find(void **state)
{
	GL__UNUSED(state);
	gl__arena *a = gl__arena_new();
	gl_doc *base = t_parse("people:\n"
	                       "  - {id: ana, name: Ana, roles: [radiologist], groups: [radiology]}\n"
	                       "  - {id: ben, role: ciso, email: ben@example.org}\n"
	                       "  - {name: no id, roles: [x]}\n"
	                       "  - {id: ana, name: Second Ana}\n");
	const gl__roster *r = gl__roster_build(a, people(base), NULL);
	assert_non_null(r);
	const gl__person *p = gl__roster_find(r, "ana");
	assert_non_null(p);
	assert_string_equal(p->name, "Ana");   /* an id listed twice (a plan's people): the first */
	assert_int_equal(p->nroles, 1);
	assert_string_equal(p->roles[0], "radiologist");
	p = gl__roster_find(r, "ben");
	assert_non_null(p);
	assert_string_equal(p->roles[0], "ciso");   /* role: as a one-item list */
	assert_string_equal(p->emails[0], "ben@example.org");
	assert_null(gl__roster_find(r, "no id"));
	assert_null(gl__roster_find(r, "carl"));
	assert_null(gl__roster_find(r, NULL));

	/* a plan's people add to the roster, never redefine someone in it */
	gl_doc *plan = t_parse("people:\n  - {id: ana, name: Plan Ana, roles: [governance-chair]}\n"
	                       "  - {id: dee, roles: [ciso], emails: [dee@example.org]}\n");
	const gl__roster *merged = gl__roster_build(a, people(plan), r);
	assert_string_equal(gl__roster_find(merged, "ana")->name, "Ana");
	assert_string_equal(gl__roster_find(merged, "ana")->roles[0], "radiologist");
	p = gl__roster_find(merged, "dee");
	assert_non_null(p);
	assert_string_equal(p->roles[0], "ciso");
	assert_int_equal(p->nemails, 0);   /* only people.yaml vouches for e-mails */
	assert_non_null(gl__roster_find(merged, "ben"));
	assert_null(gl__roster_find(r, "dee"));
	/* people.yaml alone: the plan's own entries are not asked */
	assert_null(gl__roster_find_base(merged, "dee"));
	assert_string_equal(gl__roster_find_base(merged, "ana")->name, "Ana");
	assert_ptr_equal(gl__roster_find_base(r, "ben"), gl__roster_find(r, "ben"));
	assert_null(gl__roster_find_base(NULL, "ben"));
	gl_doc *none = t_parse("title: no people\n");
	assert_ptr_equal(gl__roster_build(a, people(none), r), r);
	gl_doc_free(none);
	gl_doc_free(plan);
	gl_doc_free(base);
	gl__arena_free(a);
}

/* Thousands of people: every one is found, no stranger is. */
static void test_large(void **state)
{
	GL__UNUSED(state);
	gl__buf b = {0};
	gl__buf_puts(&b, "people:\n");
	for (int i = 0; i < 5000; i++)
		gl__buf_printf(&b, "  - {id: p%d, name: Person %d}\n", i, i);
	gl_doc *d = t_parse(b.p);
	gl__arena *a = gl__arena_new();
	const gl__roster *r = gl__roster_build(a, people(d), NULL);
	assert_non_null(r);
	char id[32], name[32];
	for (int i = 0; i < 5000; i++) {
		snprintf(id, sizeof id, "p%d", i);
		snprintf(name, sizeof name, "Person %d", i);
		const gl__person *p = gl__roster_find(r, id);
		assert_non_null(p);
		assert_string_equal(p->name, name);
	}
	assert_null(gl__roster_find(r, "p5000"));
	assert_null(gl__roster_find(r, "p"));
	gl__arena_free(a);
	gl_doc_free(d);
	gl__buf_free(&b);
}

/* people.yaml is checked before it is built: each bad shape is an error
 * at the node that is wrong, and a good roster passes. */
static void test_check(void **state)
{
	GL__UNUSED(state);
	static const struct {
		const char *yaml, *err;   /* err NULL: passes */
	} cases[] = {
		{"people:\n  - id: aaron.blake\n    roles: [radiologist]\n  - id: li.wei\n"
		 "  - id: aaron.blake\n    roles: [governance-chair]\n",
		 "people.yaml:5:5: person 'aaron.blake' is listed twice (first at 2:5)"},
		{"people:\n  - &a {id: ana}\n  - *a\n",
		 "people.yaml:2:5: person 'ana' is listed twice: entry 2 of people repeats entry 1 "
		 "through an alias"},
		{"people:\n  - {id: ana}\n  - name: No Id\n    roles: [clinician]\n",
		 "people.yaml:3:5: entry 2 of people has no 'id' (plans name people by id)"},
		{"people:\n  - {id: ana, roles: radiologist}\n",
		 "people.yaml:2:22: person 'ana': 'roles' is a list: write roles: [radiologist]"},
		{"people:\n  - {id: ana, emails: ana@example.org}\n",
		 "people.yaml:2:23: person 'ana': 'emails' is a list: write emails: [ana@example.org]"},
		{"people:\n  - {id: ana, groups: {radiology: 1}}\n",
		 "people.yaml:2:23: person 'ana': 'groups' is a list of names, not a mapping"},
		{"people:\n  - {id: ana, roles: [[radiologist]]}\n",
		 "people.yaml:2:23: person 'ana': each item of 'roles' is one name, not a list"},
		{"people:\n  - {id: ana, roles: [radiologist, ~]}\n",
		 "people.yaml:2:36: person 'ana': 'roles' has an empty item"},
		{"people:\n  - {id: ana, name: [Ana]}\n",
		 "people.yaml:2:21: person 'ana': 'name' is text, not a list"},
		{"people:\n  - {id: \"\"}\n", "people.yaml:2:10: entry 1 of people has an empty 'id'"},
		{"people:\n  - id:\n    name: Ana\n", "people.yaml:2:8: entry 1 of people has an empty 'id'"},
		{"people:\n  - {id: [ana]}\n",
		 "people.yaml:2:10: entry 1 of people: 'id' is one name, not a list"},
		{"people:\n  - ana\n",
		 "people.yaml:2:5: entry 1 of people is text, not a person (a mapping with at least an id)"},
		{"people:\n  - {id: \"a\\nb\"}\n  - {id: \"a\\nb\"}\n",
		 "people.yaml:3:5: person 'a?b' is listed twice (first at 2:5)"},
		{"people:\n  - {id: ana}\n  -\n",
		 "people.yaml:3:4: entry 2 of people is empty, not a person (a mapping with at least an id)"},
		/* a long id is cut to 64 bytes, never inside a UTF-8 character */
		{"people:\n  - {id: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\u00e9bbb, name: [x]}\n",
		 "people.yaml:2:85: person 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...': 'name' is text, not a list"},
		{"people: []\n", NULL},
		{"people:\n  - {id: ana, email: ana@example.org, role: radiologist, group: radiology}\n"
		 "  - {id: ben, name: ~, emails: [], roles: ~, groups: [it]}\n  - {id: 42, title: x}\n",
		 NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		gl_doc *d = t_parse(cases[i].yaml);
		gl_err err = {{0}};
		int rc = gl__roster_check(people(d), "people.yaml", &err);
		if (cases[i].err) {
			assert_int_equal(rc, -1);
			assert_string_equal(err.msg, cases[i].err);
		} else {
			assert_int_equal(rc, 0);
		}
		gl_doc_free(d);
	}
}

/* Many people, one repeated at the end: found through the hash table. */
static void test_check_large(void **state)
{
	GL__UNUSED(state);
	gl__buf b = {0};
	gl__buf_puts(&b, "people:\n");
	for (int i = 0; i < 5000; i++)
		gl__buf_printf(&b, "  - {id: p%d}\n", i);
	gl_err err = {{0}};
	gl_doc *d = t_parse(b.p);
	assert_int_equal(gl__roster_check(people(d), "people.yaml", &err), 0);
	gl_doc_free(d);
	gl__buf_puts(&b, "  - {id: p1234}\n");
	d = t_parse(b.p);
	assert_int_equal(gl__roster_check(people(d), "people.yaml", &err), -1);
	assert_string_equal(err.msg, "people.yaml:5002:5: person 'p1234' is listed twice (first at 1236:5)");
	gl_doc_free(d);
	gl__buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_large),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_check_large),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
