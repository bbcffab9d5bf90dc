/* Scalar typing (YAML 1.2 core schema), dates, times and durations. */
#include "internal.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static int is_int(const char *s)
{
	if (*s == '+' || *s == '-')
		s++;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'o')) {
		int hex = s[1] == 'x';
		s += 2;
		if (!*s)
			return 0;
		for (; *s; s++)
			if (hex ? !isxdigit((unsigned char)*s) : (*s < '0' || *s > '7'))
				return 0;
		return 1;
	}
	if (!isdigit((unsigned char)*s))
		return 0;
	while (isdigit((unsigned char)*s))
		s++;
	return *s == '\0';
}

static int is_float(const char *s)
{
	static const char *const special[] = {".inf", "+.inf", "-.inf", ".Inf", "+.Inf", "-.Inf",
	                                      ".INF", "+.INF", "-.INF", ".nan", ".NaN", ".NAN"};
	const char *dot = s + (*s == '+' || *s == '-');
	for (size_t i = 0; *dot == '.' && !isdigit((unsigned char)dot[1]) &&
	                   i < sizeof special / sizeof *special; i++)
		if (strcmp(s, special[i]) == 0)
			return 1;
	if (*s == '+' || *s == '-')
		s++;
	int digits = 0;
	while (isdigit((unsigned char)*s))
		s++, digits++;
	if (*s == '.') {
		s++;
		while (isdigit((unsigned char)*s))
			s++, digits++;
	}
	if (!digits)
		return 0;
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (!isdigit((unsigned char)*s))
			return 0;
		while (isdigit((unsigned char)*s))
			s++;
	}
	return *s == '\0';
}

gl__stype gl__scalar_type(const gl_node *n)
{
	if (!n || n->kind == GL_NULL)
		return GL_T_NULL;
	if (n->kind != GL_SCALAR)
		return GL_T_STR;
	return n->stype ? (gl__stype)(n->stype - 1) : gl__scalar_type_of(n);
}

/* 1 when s (n bytes) is one of the spellings in v. */
static int spelled(const char *s, size_t n, const char *const *v, size_t nv)
{
	for (size_t i = 0; i < nv; i++)
		if (strlen(v[i]) == n && memcmp(s, v[i], n) == 0)
			return 1;
	return 0;
}

/* Typed by the first character: this runs on every scalar a plan holds. */
gl__stype gl__scalar_type_of(const gl_node *n)
{
	static const char *const nulls[] = {"null", "Null", "NULL"};
	static const char *const bools[] = {"true", "True", "TRUE", "false", "False", "FALSE"};
	if (!n || n->kind == GL_NULL)
		return GL_T_NULL;
	if (n->kind != GL_SCALAR || !n->plain)
		return GL_T_STR;
	const char *s = n->str;
	switch (s[0]) {
	case '\0':
		return GL_T_NULL;
	case '~':
		return n->len == 1 ? GL_T_NULL : GL_T_STR;
	case 'n': case 'N':
		return spelled(s, n->len, nulls, 3) ? GL_T_NULL : GL_T_STR;
	case 't': case 'T': case 'f': case 'F':
		return spelled(s, n->len, bools, 6) ? GL_T_BOOL : GL_T_STR;
	case '-': case '+': case '.':
	case '0': case '1': case '2': case '3': case '4':
	case '5': case '6': case '7': case '8': case '9':
		/* numbers start with a digit, a sign or a dot */
		return is_int(s) ? GL_T_INT : is_float(s) ? GL_T_FLOAT : GL_T_STR;
	default:
		return GL_T_STR;
	}
}

int gl__node_bool(const gl_node *n, int *out)
{
	if (!n || gl__scalar_type(n) != GL_T_BOOL)
		return -1;
	*out = n->str[0] == 't' || n->str[0] == 'T';
	return 0;
}

int gl__node_number(const gl_node *n, double *out)
{
	if (!n)
		return -1;
	gl__stype t = gl__scalar_type(n);
	if (t != GL_T_INT && t != GL_T_FLOAT)
		return -1;
	const char *p = n->str;
	if (strpbrk(p, "nN"))  /* .inf and .nan */
		return -1;
	int neg = *p == '-';
	p += *p == '-' || *p == '+';
	double d;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'o')) {
		d = (double)strtoll(p + 2, NULL, p[1] == 'x' ? 16 : 8);
		d = neg ? -d : d;
	} else {
		d = strtod(n->str, NULL);
	}
	if (!isfinite(d))   /* 1e999: beyond a double, no quantity to compare */
		return -1;
	*out = d;
	return 0;
}

static long days_from_civil(long y, unsigned m, unsigned d)
{
	y -= m <= 2;
	const long era = (y >= 0 ? y : y - 399) / 400;
	const unsigned yoe = (unsigned)(y - era * 400);
	const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

static int digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

static int days_in_month(int y, int m)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : dm[m - 1];
}

/* Parses YYYY-MM-DD at s; 0 ok. */
static int parse_ymd(const char *s, long *days)
{
	int y, m, d;
	if (digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &m) || s[7] != '-' ||
	    digits(s + 8, 2, &d))
		return -1;
	if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return -1;
	*days = days_from_civil(y, (unsigned)m, (unsigned)d);
	return 0;
}

/* Parses hh:mm:ss[.frac] at s; returns the number of bytes read or -1. */
static int parse_time(const char *s)
{
	int h, mi, se;
	if (digits(s, 2, &h) || s[2] != ':' || digits(s + 3, 2, &mi) || s[5] != ':' ||
	    digits(s + 6, 2, &se) || h > 23 || mi > 59 || se > 60)
		return -1;
	int n = 8;
	if (s[n] == '.') {
		n++;
		if (!isdigit((unsigned char)s[n]))
			return -1;
		while (isdigit((unsigned char)s[n]))
			n++;
	}
	return n;
}

/* Parses Z or +hh:mm / -hh:mm at s; returns bytes read or -1. */
static int parse_offset(const char *s)
{
	if (*s == 'Z' || *s == 'z')
		return 1;
	int h, m;
	if ((*s != '+' && *s != '-') || digits(s + 1, 2, &h) || s[3] != ':' ||
	    digits(s + 4, 2, &m) || h > 23 || m > 59)
		return -1;
	return 6;
}

int gl__parse_date(const char *s, long *days, int *has_time)
{
	if (!s || parse_ymd(s, days))
		return -1;
	*has_time = 0;
	if (s[10] == '\0')
		return 0;
	if (s[10] != 'T' && s[10] != 't' && s[10] != ' ')
		return -1;
	int n = parse_time(s + 11);
	if (n < 0)
		return -1;
	const char *rest = s + 11 + n;
	if (*rest) {
		int o = parse_offset(rest);
		if (o < 0 || rest[o] != '\0')
			return -1;
	}
	*has_time = 1;
	return 0;
}

int gl__is_datetime_offset(const char *s)
{
	long d;
	if (!s || parse_ymd(s, &d) || (s[10] != 'T' && s[10] != 't'))
		return 0;
	int n = parse_time(s + 11);
	if (n < 0)
		return 0;
	int o = parse_offset(s + 11 + n);
	return o > 0 && s[11 + n + o] == '\0';
}

/* Days in a calendar unit: a year is the Gregorian average, a month its
 * twelfth, so 12 months are a year and 6 months a little over 182 days. */
#define YEAR_DAYS 365.2425

/* A plain decimal number (12, 0.5) at s; characters read, 0 when none. */
static size_t decimal(const char *s, double *v)
{
	const char *p = s;
	*v = 0;
	while (isdigit((unsigned char)*p))
		*v = *v * 10 + (*p++ - '0');
	if (p == s)
		return 0;
	if (*p == '.' && isdigit((unsigned char)p[1]))
		for (double f = 0.1; isdigit((unsigned char)*++p); f /= 10)
			*v += (*p - '0') * f;
	return (size_t)(p - s);
}

/* One "N unit" of a spelled duration ("6 months", "90d"); the number of
 * characters read, 0 when s does not start with one. */
static size_t spelled_part(const char *s, double *days)
{
	static const struct { const char *unit; double days; } units[] = {
		{"days", 1}, {"day", 1}, {"d", 1}, {"weeks", 7}, {"week", 7}, {"wks", 7}, {"wk", 7},
		{"w", 7}, {"months", YEAR_DAYS / 12}, {"month", YEAR_DAYS / 12},
		{"mos", YEAR_DAYS / 12}, {"mo", YEAR_DAYS / 12}, {"m", YEAR_DAYS / 12},
		{"years", YEAR_DAYS}, {"year", YEAR_DAYS}, {"yrs", YEAR_DAYS}, {"yr", YEAR_DAYS},
		{"y", YEAR_DAYS},
	};
	double n;
	size_t k = decimal(s, &n);
	if (!k)
		return 0;
	const char *u = s + k;
	while (*u == ' ')
		u++;
	for (size_t i = 0; i < sizeof units / sizeof *units; i++) {
		size_t len = strlen(units[i].unit);
		if (strncasecmp(u, units[i].unit, len) == 0 && !isalpha((unsigned char)u[len])) {
			*days += n * units[i].days;
			return (size_t)(u + len - s);
		}
	}
	return 0;
}

/* ISO 8601: PnYnMnWnDTnHnMnS, every part optional but one; 0 or -1. */
static int iso_duration(const char *s, double *days)
{
	static const char date_units[] = "YMWD", time_units[] = "HMS";
	static const double date_days[] = {YEAR_DAYS, YEAR_DAYS / 12, 7, 1};
	static const double time_days[] = {1.0 / 24, 1.0 / 1440, 1.0 / 86400};
	int time = 0, parts = 0;
	size_t next = 0;   /* units come in order, each once */
	while (*s) {
		if ((*s == 'T' || *s == 't') && !time) {
			time = 1, next = 0, s++;
			continue;
		}
		double n;
		size_t k = decimal(s, &n);
		const char *end = s + k;
		if (!k)
			return -1;
		const char *units = time ? time_units : date_units;
		const char *u = *end ? strchr(units + next, toupper((unsigned char)*end)) : NULL;
		if (!u)
			return -1;
		*days += n * (time ? time_days : date_days)[u - units];
		next = (size_t)(u - units) + 1;
		s = end + 1;
		parts++;
	}
	return parts ? 0 : -1;
}

int gl__parse_duration(const char *s, double *days)
{
	if (!s || !*s)
		return -1;
	*days = 0;
	if (*s == 'P' || *s == 'p')
		return iso_duration(s + 1, days) || *days > 100000 * YEAR_DAYS ? -1 : 0;
	size_t parts = 0;
	while (*s) {   /* "1 year 6 months", "1 year, 6 months" */
		size_t n = spelled_part(s, days);
		if (!n)
			return -1;
		s += n;
		parts++;
		if (*s == ',')
			s++;
		while (*s == ' ' && s[1])
			s++;
		if (*s == ' ')
			return -1;   /* a trailing blank */
	}
	return parts && *days <= 100000 * YEAR_DAYS ? 0 : -1;
}

int gl__today(long *days)
{
	time_t t = time(NULL);
	struct tm tm;
	if (!gmtime_r(&t, &tm))
		return -1;
	*days = days_from_civil(tm.tm_year + 1900L, (unsigned)tm.tm_mon + 1, (unsigned)tm.tm_mday);
	return 0;
}

void gl__format_date(long z, char out[24])
{
	z += 719468;
	const long era = (z >= 0 ? z : z - 146096) / 146097;
	const unsigned doe = (unsigned)(z - era * 146097);
	const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	const long y = (long)yoe + era * 400;
	const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	const unsigned mp = (5 * doy + 2) / 153;
	const unsigned d = doy - (153 * mp + 2) / 5 + 1;
	const unsigned m = mp < 10 ? mp + 3 : mp - 9;
	long year = y + (m <= 2);
	snprintf(out, 24, "%04d-%02u-%02u", (int)(year < 0 ? 0 : year > 9999 ? 9999 : year), m % 100,
	         d % 100);
}

int gl__by_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int gl__by_text_at(const void *x, const void *y)
{
	const gl__text_at *a = x, *b = y;
	int c = strcmp(a->text, b->text);
	return c ? c : (a->at > b->at) - (a->at < b->at);
}

int gl__streq_loose(const char *a, const char *b)
{
	while (isspace((unsigned char)*a))
		a++;
	while (isspace((unsigned char)*b))
		b++;
	size_t la = strlen(a), lb = strlen(b);
	while (la && isspace((unsigned char)a[la - 1]))
		la--;
	while (lb && isspace((unsigned char)b[lb - 1]))
		lb--;
	return la == lb && strncasecmp(a, b, la) == 0;
}

int gl_date_valid(const char *s)
{
	long days;
	int has_time;
	return s && gl__parse_date(s, &days, &has_time) == 0 && !has_time;
}
