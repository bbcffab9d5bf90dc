/* Scalar typing (YAML 1.2 core schema), dates, durations (policy/value.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "internal.h"
#include "helpers.h"

#include <math.h>

/* Parses "v: <text>" and hands the value node to `fn` with the case index. */
static void with_value(const char *text, void (*fn)(const gl_node *, size_t), size_t i)
{
	char yaml[256];
	snprintf(yaml, sizeof yaml, "v: %s\n", text);
	gl_doc *d = t_parse(yaml);
	const gl_node *n = gl_node_get(gl_doc_root(d), "v");
	if (!n)
		fail_msg("no value parsed from '%s'", text);
	fn(n, i);
	gl_doc_free(d);
}

static const struct {
	const char *text;
	gl__stype type;
} types[] = {
	{"on", GL_T_STR},         {"yes", GL_T_STR},        {"No", GL_T_STR},
	{"\"true\"", GL_T_STR},   {"'1'", GL_T_STR},        {"!!str 12", GL_T_STR},
	{"true", GL_T_BOOL},      {"False", GL_T_BOOL},     {"TRUE", GL_T_BOOL},
	{"tRUE", GL_T_STR},       {"0x1F", GL_T_INT},       {"0o17", GL_T_INT},
	{"0x", GL_T_STR},         {"0o8", GL_T_STR},        {"0b101", GL_T_STR},
	{"-12", GL_T_INT},        {"+3", GL_T_INT},         {"007", GL_T_INT},
	{"1_000", GL_T_STR},      {"1.5", GL_T_FLOAT},      {".5", GL_T_FLOAT},
	{"5.", GL_T_FLOAT},       {"1e3", GL_T_FLOAT},      {"-2.5E-3", GL_T_FLOAT},
	{"1e", GL_T_STR},         {".", GL_T_STR},          {".inf", GL_T_FLOAT},
	{"-.Inf", GL_T_FLOAT},    {".NaN", GL_T_FLOAT},     {".nAn", GL_T_STR},
	{"~", GL_T_NULL},         {"null", GL_T_NULL},      {"'null'", GL_T_STR},
	{"2024-01-01", GL_T_STR}, {"12:30", GL_T_STR},
};

static void check_type(const gl_node *n, size_t i)
{
	if (gl__scalar_type(n) != types[i].type)
		fail_msg("'%s' typed %d, want %d", types[i].text, gl__scalar_type(n), types[i].type);
}

static void test_scalar_type(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof types / sizeof *types; i++)
		with_value(types[i].text, check_type, i);
}

static const struct {
	const char *text;
	int rc;
	double value;
} numbers[] = {
	{"0x1F", 0, 31},   {"0o17", 0, 15},   {"-12", 0, -12},   {"+7", 0, 7},
	{"1.5", 0, 1.5},   {"1e3", 0, 1000},  {"0", 0, 0},
	{".inf", -1, 0},   {".nan", -1, 0},   {"abc", -1, 0},    {"\"12\"", -1, 0},
	{"1e999", -1, 0},  {"-1e999", -1, 0}, {"1e308", 0, 1e308},
	{"true", -1, 0},   {"~", -1, 0},      {"{a: 1}", -1, 0},
};

static void check_number(const gl_node *n, size_t i)
{
	double d = -999;
	int rc = gl__node_number(n, &d);
	if (rc != numbers[i].rc || (rc == 0 && d != numbers[i].value))
		fail_msg("'%s': rc %d value %g", numbers[i].text, rc, d);
}

static void test_node_number(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof numbers / sizeof *numbers; i++)
		with_value(numbers[i].text, check_number, i);
	double d;
	assert_int_equal(gl__node_number(NULL, &d), -1);
}

static const struct {
	const char *text;
	int rc, value;
} bools[] = {
	{"true", 0, 1}, {"True", 0, 1}, {"FALSE", 0, 0}, {"false", 0, 0},
	{"yes", -1, 0}, {"'true'", -1, 0}, {"1", -1, 0}, {"~", -1, 0},
};

static void check_bool(const gl_node *n, size_t i)
{
	int b = -1;
	int rc = gl__node_bool(n, &b);
	if (rc != bools[i].rc || (rc == 0 && b != bools[i].value))
		fail_msg("'%s': rc %d value %d", bools[i].text, rc, b);
}

static void test_node_bool(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bools / sizeof *bools; i++)
		with_value(bools[i].text, check_bool, i);
	int b;
	assert_int_equal(gl__node_bool(NULL, &b), -1);
}

static void test_parse_date(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		int rc;
		long days;
		int has_time;
	} cases[] = {
		{"1970-01-01", 0, 0, 0},
		{"2024-01-01", 0, 19723, 0},
		{"2000-03-01", 0, 11017, 0},
		{"1969-12-31", 0, -1, 0},
		{"2024-02-29", 0, 19782, 0},
		{"2000-02-29", 0, 11016, 0},
		{"2023-02-29", -1, 0, 0},
		{"1900-02-29", -1, 0, 0},
		{"2024-13-01", -1, 0, 0},
		{"2024-00-10", -1, 0, 0},
		{"2024-04-31", -1, 0, 0},
		{"2024-04-00", -1, 0, 0},
		{"2024-1-01", -1, 0, 0},
		{"24-01-01", -1, 0, 0},
		{"2024/01/01", -1, 0, 0},
		{"2024-01-01x", -1, 0, 0},
		{"", -1, 0, 0},
		{"2024-01-01T10:00:00Z", 0, 19723, 1},
		{"2024-01-01t10:00:00z", 0, 19723, 1},
		{"2024-01-01T23:59:60+02:00", 0, 19723, 1},
		{"2024-01-01T10:00:00.123456-05:30", 0, 19723, 1},
		{"2024-01-01 10:00:00", 0, 19723, 1},
		{"2024-01-01T10:00:00", 0, 19723, 1},
		{"2024-01-01T24:00:00Z", -1, 0, 0},
		{"2024-01-01T10:60:00Z", -1, 0, 0},
		{"2024-01-01T10:00Z", -1, 0, 0},
		{"2024-01-01T10:00:00.Z", -1, 0, 0},
		{"2024-01-01T10:00:00+2:00", -1, 0, 0},
		{"2024-01-01T10:00:00+24:00", -1, 0, 0},
		{"2024-01-01T10:00:00Zjunk", -1, 0, 0},
		{"2024-01-01T", -1, 0, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		long days = 12345;
		int has_time = 7;
		int rc = gl__parse_date(cases[i].s, &days, &has_time);
		if (rc != cases[i].rc)
			fail_msg("'%s': rc %d, want %d", cases[i].s, rc, cases[i].rc);
		if (rc == 0 && (days != cases[i].days || has_time != cases[i].has_time))
			fail_msg("'%s': days %ld has_time %d", cases[i].s, days, has_time);
	}
	long d;
	int t;
	assert_int_equal(gl__parse_date(NULL, &d, &t), -1);
}

static void test_datetime_offset(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		int want;
	} cases[] = {
		{"2024-01-01", 0},
		{"2024-01-01T10:00:00", 0},
		{"2024-01-01T10:00:00Z", 1},
		{"2024-01-01T10:00:00.5z", 1},
		{"2024-01-01T10:00:00+05:30", 1},
		{"2024-01-01T10:00:00-00:00", 1},
		{"2024-01-01T10:00:00+25:00", 0},
		{"2024-01-01T10:00:00Z ", 0},
		{"2024-02-30T10:00:00Z", 0},
		{"2024-01-01T10:00Z", 0},
		{"not a date", 0},
		{NULL, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		if (gl__is_datetime_offset(cases[i].s) != cases[i].want)
			fail_msg("'%s': want %d", cases[i].s ? cases[i].s : "(null)", cases[i].want);
}

static void test_parse_duration(void **state)
{
	(void)state;
	const double y = 365.2425, m = 365.2425 / 12;   /* calendar averages */
	const struct {
		const char *s;
		int rc;
		double days;
	} cases[] = {
		{"90d", 0, 90},        {"1 day", 0, 1},          {"6 months", 0, 6 * m},
		{"6 Months", 0, 6 * m}, {"1mo", 0, m},           {"7y", 0, 7 * y},
		{"2 years", 0, 2 * y}, {"1yr", 0, y},            {"P6M", 0, 6 * m},
		{"p1y", 0, y},         {"P2W", 0, 14},           {"2 weeks", 0, 14},
		{"3w", 0, 21},         {"0d", 0, 0},             {"12 months", 0, y},
		{"P1Y6M", 0, y + 6 * m}, {"P2M15D", 0, 2 * m + 15}, {"PT36H", 0, 1.5},
		{"P1DT12H", 0, 1.5},   {"P0.5Y", 0, y / 2},      {"1 year 6 months", 0, y + 6 * m},
		{"1 year, 6 months", 0, y + 6 * m},
		{"5 yrs", 0, 5 * y},    {"3 mos", 0, 3 * m},      {"2 wks", 0, 14},
		{"garbage", -1, 0},    {"", -1, 0},              {"d", -1, 0},
		{"5", -1, 0},          {"-5d", -1, 0},           {"5 fortnights", -1, 0},
		{"5d ", -1, 0},        {"P", -1, 0},             {"PT", -1, 0},
		{"P1M1Y", -1, 0},      {"P1Y1Y", -1, 0},         {"P-1Y", -1, 0},
		{"-12 months", -1, 0}, {"1e3d", -1, 0},          {"P1X", -1, 0},
		{"forever", -1, 0},    {"100001y", -1, 0},       {"5 dayss", -1, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		double days = -7;
		int rc = gl__parse_duration(cases[i].s, &days);
		if (rc != cases[i].rc || (rc == 0 && fabs(days - cases[i].days) > 1e-9))
			fail_msg("'%s': rc %d days %f", cases[i].s, rc, days);
	}
	double days;
	assert_int_equal(gl__parse_duration(NULL, &days), -1);
}

static void test_format_date(void **state)
{
	(void)state;
	static const struct {
		long days;
		const char *text;
	} cases[] = {
		{0, "1970-01-01"}, {-1, "1969-12-31"}, {19723, "2024-01-01"},
		{11016, "2000-02-29"}, {19782, "2024-02-29"}, {2932896, "9999-12-31"},
	};
	char out[24];
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		gl__format_date(cases[i].days, out);
		assert_string_equal(out, cases[i].text);
	}
	for (long d = -719528; d < 2932897; d += 997) {   /* 0000-01-01 to 9999-12-31 */
		long back;
		int has_time;
		gl__format_date(d, out);
		if (gl__parse_date(out, &back, &has_time) || back != d)
			fail_msg("day %ld formats as %s", d, out);
	}
}

static void test_today(void **state)
{
	(void)state;
	long today;
	assert_int_equal(gl__today(&today), 0);
	assert_true(today > t_day("2025-01-01"));
	assert_true(today < t_day("2100-01-01"));
}

static void test_streq_loose(void **state)
{
	(void)state;
	static const struct {
		const char *a, *b;
		int want;
	} cases[] = {
		{"Radiology", "radiology", 1}, {"  it-security\t", "IT-Security", 1},
		{"", "  ", 1},                 {"a b", "a  b", 0},
		{"abc", "abcd", 0},            {"x", "", 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		assert_int_equal(gl__streq_loose(cases[i].a, cases[i].b), cases[i].want);
		assert_int_equal(gl__streq_loose(cases[i].b, cases[i].a), cases[i].want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scalar_type),
		cmocka_unit_test(test_node_number),
		cmocka_unit_test(test_node_bool),
		cmocka_unit_test(test_parse_date),
		cmocka_unit_test(test_datetime_offset),
		cmocka_unit_test(test_parse_duration),
		cmocka_unit_test(test_format_date),
		cmocka_unit_test(test_today),
		cmocka_unit_test(test_streq_loose),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
