/* The predicates of the rule language: a new predicate is one file in
 * checks/ and one row here. */
#include "../internal.h"

#include <string.h>

extern const gl__check gl__check_present, gl__check_nonempty, gl__check_matches,
	gl__check_not_matches, gl__check_in, gl__check_covers, gl__check_type,
	gl__check_count, gl__check_unique, gl__check_date, gl__check_person,
	gl__check_equals, gl__check_compare, gl__check_not_in, gl__check_findings,
	gl__check_provenance, gl__check_keys;

static const gl__check *const table[] = {
	&gl__check_present, &gl__check_nonempty, &gl__check_matches, &gl__check_not_matches,
	&gl__check_in,      &gl__check_covers,   &gl__check_type,    &gl__check_count,
	&gl__check_unique,  &gl__check_date,     &gl__check_person,  &gl__check_equals,
	&gl__check_compare, &gl__check_not_in, &gl__check_findings, &gl__check_provenance,
	&gl__check_keys,    NULL,
};

const gl__check *gl__check_find(const char *name)
{
	for (size_t i = 0; table[i]; i++)
		if (strcmp(table[i]->name, name) == 0)
			return table[i];
	return NULL;
}

const gl__check *const *gl__checks(void)
{
	return table;
}
