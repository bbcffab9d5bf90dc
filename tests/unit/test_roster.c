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
	assert_string_equal(p->name, "Ana");   /* an id listed twice: the first entry */
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
	                       "  - {id: dee}\n");
	const gl__roster *merged = gl__roster_build(a, people(plan), r);
	assert_string_equal(gl__roster_find(merged, "ana")->name, "Ana");
	assert_string_equal(gl__roster_find(merged, "ana")->roles[0], "radiologist");
	assert_non_null(gl__roster_find(merged, "dee"));
	assert_non_null(gl__roster_find(merged, "ben"));
	assert_null(gl__roster_find(r, "dee"));
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_large),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
