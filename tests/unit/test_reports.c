/* The CI and committee reports (policy/report_*.c): exact bytes of GitHub
 * and XML escaping, and the structure of every format on the fixture
 * repository tests/reports/fixtures/repo (a plan full of markup and
 * escapes, one with only warnings, one without gaps, one that is not YAML,
 * one with ordinary gaps). Counts come from the run itself, so the tests
 * hold as the pack grows. Run from the repository root. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "internal.h"
#include "helpers.h"

#define FIXTURE "tests/reports/fixtures/repo"
#define AS_OF "2026-12-01"

static const char *const formats[] = {"text", "json", "sarif", "junit", "github", "markdown", "html"};

static gl_run *open_lean(int jobs, unsigned omit)
{
	gl_run_opts o = GL_RUN_OPTS_INIT;
	o.as_of = AS_OF;
	o.jobs = jobs;
	o.omit = omit;
	const char *path = FIXTURE;
	gl_run *run = NULL;
	gl_err err = {{0}};
	if (gl_run_open(&run, &path, 1, &o, &err) != 0 || gl_run_check(run, &err) != 0)
		fail_msg("%s: %s", FIXTURE, err.msg);
	return run;
}

static gl_run *open_fixture(int jobs)
{
	return open_lean(jobs, 0);
}

/* The report as a string (free() it), through the public API. */
static char *render(const gl_run *run, const char *format)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	gl_report_opts ro = {0};
	gl_err err = {{0}};
	if (gl_report(run, format, &ro, f, &err) != 0)
		fail_msg("%s: %s", format, err.msg);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(strlen(text), len);
	return text;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static size_t min10(size_t n)
{
	return n < 10 ? n : 10;
}

/* ---- escaping, byte for byte --------------------------------------- */

static void test_github_escaping(void **state)
{
	(void)state;
	gl_rule rule = {.id = "GOV-T-1", .title = "Title: a, b 100%", .area = "plan"};
	gl_finding f = {.rule = &rule, .severity = GL_SEV_ERROR, .plan = "p", .file = "plans/a,b:c%.yaml",
	                .line = 3, .col = 5, .path = "x", .owner = "o:1,2",
	                .message = "50% done, or: not\r\nyet"};
	gl__buf b = {0};
	gl__github_annotation(&b, "", &f);
	assert_string_equal(b.p, "::error file=plans/a%2Cb%3Ac%25.yaml,line=3,col=5,"
	                         "title=GOV-T-1%3A Title%3A a%2C b 100%25"
	                         "::50%25 done, or: not%0D%0Ayet (owner: o:1,2)\n");
	gl__buf_free(&b);
	f.severity = GL_SEV_INFO;
	f.owner = NULL;
	f.message = "a\nb";
	gl__github_annotation(&b, "", &f);
	assert_string_equal(b.p, "::notice file=plans/a%2Cb%3Ac%25.yaml,line=3,col=5,"
	                         "title=GOV-T-1%3A Title%3A a%2C b 100%25::a%0Ab\n");
	gl__buf_free(&b);	/* other control characters of a file name or an owner: shown, never raw */
	f.file = "plans/e\x1b]0;x\x07\xc2\x9b\x7f\t.yaml";
	f.owner = "o\x1b[2J";
	gl__github_annotation(&b, "", &f);
	assert_string_equal(b.p, "::notice file=plans/e^[]0;x^GM-^[^?\t.yaml,line=3,col=5,"
	                         "title=GOV-T-1%3A Title%3A a%2C b 100%25::a%0Ab (owner: o^[[2J)\n");
	gl__buf_free(&b);
	/* bytes that are not UTF-8 shown as M-%, M-: and M-,: escaped as well */
	f.file = "x\xa5" "0A\xba\xbatitle=\xacy.yaml";
	f.owner = NULL;
	gl__github_annotation(&b, "", &f);
	assert_string_equal(b.p, "::notice file=xM-%250AM-%3AM-%3Atitle=M-%2Cy.yaml,line=3,col=5,"
	                         "title=GOV-T-1%3A Title%3A a%2C b 100%25::a%0Ab\n");
	gl__buf_free(&b);
	/* bidirectional controls (Trojan Source) shown, in every part */
	f.file = "a\xe2\x80\xaelmay.txt.yaml";
	f.message = "status is '\xe2\x81\xa7x\xe2\x81\xa9'";
	f.owner = "o\xd8\x9c";
	gl__github_annotation(&b, "", &f);
	assert_string_equal(b.p, "::notice file=a<U+202E>lmay.txt.yaml,line=3,col=5,"
	                         "title=GOV-T-1%3A Title%3A a%2C b 100%25::status is "
	                         "'<U+2067>x<U+2069>' (owner: o<U+061C>)\n");
	gl__buf_free(&b);
}

static void test_json_escaping(void **state)
{
	(void)state;
	gl__buf b = {0};
	gl__json_str(&b, "plain é✓");
	gl__json_str(&b, "\"q\" \\ a\tb\nc\rd\x01" "e\x7f\x1b[31m");
	gl__json_str(&b, "");
	gl__json_str(&b, NULL);
	gl__json_str(&b, "bad\xff|\xe2\x82|\xed\xa0\x80.yaml");   /* not UTF-8: U+FFFD each byte */
	gl__json_str(&b, "c1\xc2\x9b|\xc2\x85|\xc2\xa0");   /* C1 controls escaped, NBSP kept */
	assert_string_equal(b.p, "\"plain é✓\""
	                         "\"\\\"q\\\" \\\\ a\\tb\\nc\\rd\\u0001e\\u007f\\u001b[31m\""
	                         "\"\"null"
	                         "\"bad\\ufffd|\\ufffd\\ufffd|\\ufffd\\ufffd\\ufffd.yaml\""
	                         "\"c1\\u009b|\\u0085|\xc2\xa0\"");
	gl__buf_free(&b);
}

static void test_xml_escaping(void **state)
{
	(void)state;
	gl__buf b = {0};
	gl__xml_str(&b, "<a href=\"x\">&'</a>\t\n\r|\x01|\x7f|\xc2\x85|\xff|\xe2\x82|\xef\xbf\xbe|é✓");
	assert_string_equal(b.p, "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;&#9;&#10;&#13;"
	                         "|\xEF\xBF\xBD|\xEF\xBF\xBD|\xEF\xBF\xBD|\xEF\xBF\xBD|\xEF\xBF\xBD"
	                         "\xEF\xBF\xBD|\xEF\xBF\xBD|é✓");
	gl__buf_free(&b);
	gl__xml_str(&b, "\xed\xa0\x80|\xc0\xaf");   /* a surrogate, an overlong '/' */
	assert_string_equal(b.p, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD|\xEF\xBF\xBD\xEF\xBF\xBD");
	gl__buf_free(&b);
	gl__xml_str(&b, "\xef\xb7\x90|\xf0\x9f\xbf\xbf");   /* U+FDD0, U+1FFFF: XML 1.0 chars */
	assert_string_equal(b.p, "\xef\xb7\x90|\xf0\x9f\xbf\xbf");
	gl__buf_free(&b);
}

/* HTML: tab, LF, CR as spaces (&#13; is a parse error), noncharacters as
 * U+FFFD (U+FDD0, U+FDEF, U+FFFF, U+1FFFF; U+FDCF is none), as controls. */
static void test_html_escaping(void **state)
{
	(void)state;
	gl__buf b = {0};
	gl__html_str(&b, "<a>&'\"\t\n\r|\x01|\xc2\x85|\xef\xb7\x90|\xef\xb7\xaf|\xef\xbf\xbf|"
	                 "\xf0\x9f\xbf\xbf|\xef\xb7\x8f|\xff|é✓");
	assert_string_equal(b.p, "&lt;a&gt;&amp;&#39;&quot;   |\xEF\xBF\xBD|\xEF\xBF\xBD|\xEF\xBF\xBD|"
	                         "\xEF\xBF\xBD|\xEF\xBF\xBD|\xEF\xBF\xBD|\xef\xb7\x8f|\xEF\xBF\xBD|é✓");
	gl__buf_free(&b);
}

/* Controls made visible: C0 and DEL as ^X, C1 (UTF-8) as M-^X; a byte
 * that is not UTF-8 as cat -v shows it (a lone 0x9B is CSI to an 8-bit
 * terminal: M-^[); tab and other UTF-8, up to 4 bytes, as they are. */
static void test_visible(void **state)
{
	(void)state;
	static const char in[] = "a\tb\x1b[2J\r\n\x7f|\xc2\x9b" "31m|\xc2\x80\xc2\x9f\xc2\xa0é€\xf0\x9f\x98\x80"
	                         "|\x9b|\xe9t\xe9|\xe2\x82|\xed\xa0\x80|\xff|\xc2";
	gl__buf b = {0};
	gl__buf_visible(&b, in, sizeof in - 1, 0);
	assert_string_equal(b.p, "a\tb^[[2J^M^J^?|M-^[31m|M-^@M-^_\xc2\xa0é€\xf0\x9f\x98\x80"
	                         "|M-^[|M-itM-i|M-bM-^B|M-mM- M-^@|M-^?|M-B");
	gl__buf_free(&b);
}

/* Bidirectional controls (U+061C, U+200E, U+200F, U+202A..U+202E,
 * U+2066..U+2069) shown as <U+202E> and so on when asked (text, github), left as
 * they are when not (the message every format shares); their neighbours
 * (U+061B, U+061D, U+200D, U+2029, U+202F, U+2065, U+206A) and a cut
 * sequence are not bidirectional controls. */
static void test_visible_bidi(void **state)
{
	(void)state;
	static const char in[] = "\xd8\x9c\xe2\x80\x8e\xe2\x80\x8f\xe2\x80\xaa\xe2\x80\xab"
	                         "\xe2\x80\xac\xe2\x80\xad\xe2\x80\xae\xe2\x81\xa6\xe2\x81\xa7"
	                         "\xe2\x81\xa8\xe2\x81\xa9|\xd8\x9b\xd8\x9d\xe2\x80\x8d\xe2\x80\xa9"
	                         "\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xaa|\x1b\xe2\x80";
	gl__buf b = {0};
	gl__buf_visible(&b, in, sizeof in - 1, 1);
	assert_string_equal(b.p, "<U+061C><U+200E><U+200F><U+202A><U+202B><U+202C><U+202D><U+202E>"
	                         "<U+2066><U+2067><U+2068><U+2069>|\xd8\x9b\xd8\x9d\xe2\x80\x8d"
	                         "\xe2\x80\xa9\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xaa|^[M-bM-^@");
	gl__buf_free(&b);
	gl__buf_visible(&b, "a\xe2\x80\xae\x1b", 5, 0);
	assert_string_equal(b.p, "a\xe2\x80\xae^[");
	gl__buf_free(&b);
}

/* text: a file name cannot inject escapes or start a line of its own. */
static void test_text_file_name(void **state)
{
	(void)state;
	gl_rule rule = {.id = "GOV-T-1", .title = "t", .area = "plan"};
	gl_finding f = {.rule = &rule, .severity = GL_SEV_ERROR, .plan = "p", .line = 1, .col = 1,
	                .file = "x\x1b]0;t\x07\nplans:1:1: error: forged\xc2\x9b.yaml",
	                .path = "", .message = "m"};
	gl__buf b = {0};
	gl__text_finding(&b, &f, 0);
	assert_string_equal(b.p, "x^[]0;t^G^Jplans:1:1: error: forgedM-^[.yaml:1:1: error: m [GOV-T-1]\n");
	gl__buf_free(&b);
}

/* text: bidirectional controls in the file name, message and source line
 * shown as <U+202E>, and the caret still under the column past them. */
static void test_text_bidi(void **state)
{
	(void)state;
	gl_rule rule = {.id = "GOV-T-1", .title = "t", .area = "plan"};
	gl_finding f = {.rule = &rule, .severity = GL_SEV_ERROR, .plan = "p", .line = 1, .col = 9,
	                .file = "a\xe2\x80\xaelmay.txt.yaml", .path = "",
	                .message = "status is '\xe2\x80\xaex'",
	                .source = "a: \xe2\x80\xae\xe2\x81\xa6" "b:\tc"};
	gl__buf b = {0};
	gl__text_finding(&b, &f, 0);
	assert_string_equal(b.p, "a<U+202E>lmay.txt.yaml:1:9: error: status is '<U+202E>x' "
	                         "[GOV-T-1]\n    1 | a: <U+202E><U+2066>b:\tc\n"
	                         "      | " "   " "        " "        " "  " "\t^\n");
	gl__buf_free(&b);
}

/* A control character before the column is as wide as it is shown (^[ two,
 * M-^[ four), so the caret stands under the column's character. */
static void test_text_caret_after_controls(void **state)
{
	(void)state;
	gl_rule rule = {.id = "GOV-T-1", .title = "t", .area = "plan"};
	gl_finding f = {.rule = &rule, .severity = GL_SEV_ERROR, .plan = "p", .line = 1, .col = 5,
	                .file = "p.yaml", .path = "", .message = "m",
	                .source = "a\x1b\xc2\x9b\x7fX"};
	gl__buf b = {0};
	gl__text_finding(&b, &f, 0);
	assert_string_equal(b.p, "p.yaml:1:5: error: m [GOV-T-1]\n    1 | a^[M-^[^?X\n"
	                         "      | " "         " "^\n");
	gl__buf_free(&b);
}

/* ---- GitHub's line hashes (policy/linehash.c) -------------------------- */

/* A text with a byte-order mark, CRLF, a CR alone, blank and blank-looking
 * lines, tabs, é, an emoji (a surrogate pair to JavaScript), invalid UTF-8
 * (a lone E9, a cut E2 82, an overlong C0 80, a surrogate ED A0 80), a line
 * over 100 characters, twenty pairs of lines that differ only in tabs and
 * line ends (so equal to GitHub), and no line end at the end. */
static char *hash_text(size_t *len)
{
	gl__buf b = {0};
	gl__buf_puts(&b, "\xEF\xBB\xBFid: p\r\n\r\ntitle:\t\"caf\xC3\xA9 \xF0\x9F\x98\x80\"\n");
	for (int i = 0; i < 20; i++)
		gl__buf_puts(&b, "- a\n\t-\ta\r\n");
	gl__buf_puts(&b, "x\ry\n  \t \nbad: \xE9 \xE2\x82 \xC0\x80 \xED\xA0\x80\nlong: ");
	for (int i = 0; i < 120; i++)
		gl__buf_putc(&b, 'z');
	gl__buf_puts(&b, "\n- a\n- a\n- a");
	assert_false(b.oom);
	*len = b.len;
	return b.p;
}

/* primaryLocationLineHash of every line of hash_text, as codeql-action's
 * upload computes it (the values come from a port of its hash() to
 * JavaScript, run by node on the same bytes). Lines 4 to 10 share a hash:
 * the 100 characters from each are the same. Line 40's has 15 digits. */
static const char *const gh_hashes[] = {
	"79531912c8a10f9c:1", "5698dbe07f23d398:1", "8bf7a16c610d02bb:1", "5642277b1d0603b1:1",
	"5642277b1d0603b1:2", "5642277b1d0603b1:3", "5642277b1d0603b1:4", "5642277b1d0603b1:5",
	"5642277b1d0603b1:6", "5642277b1d0603b1:7", "5642277b1d0603fc:1", "5642277b1d3e3a19:1",
	"564227a68f693f26:1", "5663bc033972777d:1", "4a8c1edb213eddf8:1", "2579989e878ffd27:1",
	"e32f140a431869bc:1", "50d4875b236ee533:1", "4a6650cf5b1a5119:1", "ed47a8fa541e74a7:1",
	"f2a9d7b37c0d6c3d:1", "2660a945d9df96bb:1", "7a7936d393013b81:1", "f89979a348d8d86f:1",
	"addcfde22fbe77e5:1", "1dea8fde37aeeec3:1", "4af8888d1dbe6269:1", "f066ce939d13f6b7:1",
	"9c7c422c6515040d:1", "acf59ef9dd40b54b:1", "4a24d9d43a5d6dd1:1", "5434b1fdb627d77f:1",
	"353a3a105737f8b5:1", "b8b70816cbb33253:1", "45ffdb4c2d6a85b9:1", "486644939bdb02c7:1",
	"29d31f3a8332bddd:1", "890e5156bce72ddb:1", "4cb84c1c67da5221:1", "46fe54e16aa808f:1",
	"e6d260b8341d3b85:1", "1ecf93fcea07efe3:1", "4cd8b64b9271fb09:1", "1221dbcc9091d8d7:1",
	"a72e5084a0522599:1", "872056877880e7b6:1", "8f8c5b8e6b80eb5e:1", "fed1cdb748e05e20:1",
	"6ee2c46d4d9a50dd:1", "31b003f12c6d7655:1", "4ec05341048a26ed:1",
};

static void test_github_line_hashes(void **state)
{
	(void)state;
	size_t len, n = sizeof gh_hashes / sizeof *gh_hashes;
	char *text = hash_text(&len);
	gl_doc *doc = t_parse_n(text, len, NULL);   /* not YAML: its text is kept */
	for (unsigned line = (unsigned)n; line >= 1; line--) {   /* hashed once, in any order */
		uint64_t h;
		unsigned nth;
		char got[40];
		assert_int_equal(gl__doc_line_hash(doc, line, &h, &nth), 0);
		snprintf(got, sizeof got, "%llx:%u", (unsigned long long)h, nth);
		assert_string_equal(got, gh_hashes[line - 1]);
	}
	uint64_t h;
	unsigned nth = 9;
	assert_int_equal(gl__doc_line_hash(doc, (unsigned)n + 1, &h, &nth), 0);
	assert_int_equal(nth, 0);   /* no such line */
	assert_int_equal(gl__doc_line_hash(NULL, 1, &h, &nth), 0);
	assert_int_equal(nth, 0);
	gl_doc_free(doc);
	free(text);
}

/* 200,000 lines repeating every five: so do the 100 characters from each
 * line (33 lines), and a line's count is its rank among the lines of its
 * hash, up to 40,000. Asking for every line hashes the file once (per line,
 * this would take hours). */
static void test_github_line_counts(void **state)
{
	(void)state;
	enum { N = 200000 };
	gl__buf b = {0};
	for (unsigned i = 0; i < N; i++)
		gl__buf_printf(&b, "- %u\n", i % 5);
	assert_false(b.oom);
	gl_doc *doc = t_parse_n(b.p, b.len, NULL);
	uint64_t first[5];
	for (unsigned line = 1; line + 40 < N; line++) {   /* the last 33 see the end */
		uint64_t h;
		unsigned nth;
		assert_int_equal(gl__doc_line_hash(doc, line, &h, &nth), 0);
		if (line <= 5)
			first[line - 1] = h;
		assert_true(h == first[(line - 1) % 5]);
		assert_int_equal(nth, (line - 1) / 5 + 1);
	}
	gl_doc_free(doc);
	gl__buf_free(&b);
}

/* ---- every format on the fixture ------------------------------------ */

static void test_known_formats(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof formats / sizeof *formats; i++)
		assert_true(gl_report_known(formats[i]));
	assert_false(gl_report_known("xml"));
}

/* Same bytes for every --jobs, no absolute path, no clock. */
static void test_deterministic(void **state)
{
	(void)state;
	gl_run *one = open_fixture(1), *many = open_fixture(4);
	for (size_t i = 0; i < sizeof formats / sizeof *formats; i++) {
		char *a = render(one, formats[i]), *b = render(many, formats[i]);
		assert_string_equal(a, b);
		if (strstr(a, gl_run_root(one)))
			fail_msg("%s output holds the absolute path %s", formats[i], gl_run_root(one));
		free(a);
		free(b);
	}
	gl_run_free(one);
	gl_run_free(many);
}

/* A run that leaves out what a format never prints gives that format the
 * same bytes; and what is left out is really not kept. */
static void test_omit(void **state)
{
	(void)state;
	gl_run *full = open_fixture(1);
	for (size_t i = 0; i < sizeof formats / sizeof *formats; i++) {
		gl_run *lean = open_lean(1, gl_report_omits(formats[i]));
		char *a = render(full, formats[i]), *b = render(lean, formats[i]);
		assert_string_equal(a, b);
		free(a);
		free(b);
		gl_run_free(lean);
	}
	assert_int_equal(gl_report_omits("text"), GL_OMIT_TITLE | GL_OMIT_LINE_HASH);
	assert_int_equal(gl_report_omits("markdown"), GL_OMIT_SOURCE | GL_OMIT_LINE_HASH);
	assert_int_equal(gl_report_omits("sarif"), GL_OMIT_TITLE);
	assert_int_equal(gl_report_omits("xml"), 0);
	gl_run *bare = open_lean(2, GL_OMIT_SOURCE | GL_OMIT_TITLE | GL_OMIT_LINE_HASH);
	assert_int_equal(gl_run_nfindings(bare), gl_run_nfindings(full));
	size_t sources = 0, titles = 0, hashes = 0;
	for (size_t i = 0; i < gl_run_nfindings(full); i++) {
		assert_null(gl_run_finding(bare, i)->source);
		assert_int_equal(gl_run_finding(bare, i)->line_hash_n, 0);
		sources += gl_run_finding(full, i)->source != NULL;
		hashes += gl_run_finding(full, i)->line_hash_n != 0;
	}
	for (size_t i = 0; i < gl_run_nplans(full); i++) {
		assert_null(gl_run_plan(bare, i)->title);
		titles += gl_run_plan(full, i)->title != NULL;
	}
	assert_true(sources > 0 && titles > 0 && hashes > 0);   /* the fixture has all three */
	gl_run_free(bare);
	gl_run_free(full);
}

static void test_sarif(void **state)
{
	(void)state;
	gl_run *run = open_fixture(0);
	char *s = render(run, "sarif");
	size_t n = gl_run_nfindings(run);
	assert_true(n > 10);
	assert_non_null(strstr(s, "\"version\": \"2.1.0\""));
	assert_non_null(strstr(s, "\"name\": \"govlint\""));
	assert_int_equal(count(s, "\"ruleId\""), n);
	assert_int_equal(count(s, "\"ruleIndex\""), n);
	assert_int_equal(count(s, "\"uriBaseId\": \"%SRCROOT%\""), n);
	assert_int_equal(count(s, "\"primaryLocationLineHash\""), n);
	assert_int_equal(count(s, "\"startLine\""), n);
	/* the three findings on one line share its hash and occurrence */
	assert_non_null(strstr(s, "\"name\": \"ResolutionsAreSignedOffByThoseWhoRaisedThem\""));
	assert_non_null(strstr(s, "\"region\": {\"startLine\": 45, \"startColumn\": 20, "
	                          "\"endLine\": 45, \"endColumn\": 29}"));
	assert_non_null(strstr(s, "\"fullyQualifiedName\": \"a-special/concerns[0].sign_off.by\""));
	free(s);
	gl_run_free(run);
}

static void test_junit(void **state)
{
	(void)state;
	gl_run *run = open_fixture(0);
	char *s = render(run, "junit");
	const gl_rule **rules;
	long nrules = gl__report_rules(run, &rules);
	assert_true(nrules > 0);
	free(rules);
	assert_int_equal(count(s, "<testsuite "), gl_run_nplans(run));
	assert_int_equal(count(s, "<testcase "), gl_run_nplans(run) * (size_t)nrules);
	assert_int_equal(count(s, "<failure "), gl_run_nfindings(run));
	/* d-broken.yaml is not YAML: every rule but the syntax one is skipped */
	assert_int_equal(count(s, "<skipped "), (size_t)nrules - 1);
	assert_non_null(strstr(s, "<property name=\"title\" value=\"Chest &lt;X-ray&gt; &amp; "
	                          "&quot;ED&quot; triage | night_shift *beta* [v2] `100%`, "
	                          "really: yes, see http://evil.example/x, www.evil.example or "
	                          "ops@evil.example\"/>"));
	assert_non_null(strstr(s, "ed|night &lt;b&gt;on-call&lt;/b&gt; &amp; *triage*"));
	assert_null(strstr(s, "<b>"));
	assert_null(strstr(s, "timestamp"));
	free(s);
	gl_run_free(run);
}

/* Lines of s that start with prefix. */
static size_t lines_starting(const char *s, const char *prefix)
{
	size_t n = 0;
	for (const char *p = s; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		n += strncmp(p, prefix, strlen(prefix)) == 0;
	return n;
}

static void test_github(void **state)
{
	(void)state;
	gl_run *run = open_fixture(0);
	gl__summary sum;
	gl__run_summary(run, &sum);
	char *s = render(run, "github");
	size_t shown = min10(sum.errors) + min10(sum.warnings) + min10(sum.infos);
	assert_true(shown < gl_run_nfindings(run));   /* the fixture has > 10 errors */
	assert_int_equal(lines_starting(s, "::error "), min10(sum.errors));
	assert_int_equal(lines_starting(s, "::warning "), min10(sum.warnings));
	assert_int_equal(lines_starting(s, "::notice "), min10(sum.infos));
	assert_int_equal(count(s, "\n"), shown + 1);
	/* errors come first; the last line says how many are not shown */
	assert_int_equal(strncmp(s, "::error ", 8), 0);
	char last[160];
	snprintf(last, sizeof last, "govlint: %zu more findings not annotated",
	         gl_run_nfindings(run) - shown);
	const char *tail = s + strlen(s) - 1;
	while (tail > s && tail[-1] != '\n')
		tail--;
	assert_int_equal(strncmp(tail, last, strlen(last)), 0);
	free(s);
	gl_run_free(run);
}

static void test_gap_order(void **state)
{
	(void)state;
	gl_run *run = open_fixture(0);
	gl__gaps g;
	assert_int_equal(gl__gaps_build(run, &g), 0);
	assert_int_equal(g.nplans, gl_run_nplans(run));
	for (size_t i = 1; i < g.nplans; i++) {
		const gl__gap_plan *a = &g.plans[i - 1], *b = &g.plans[i];
		assert_true(a->blocking > b->blocking ||
		            (a->blocking == b->blocking && strcmp(a->plan->id, b->plan->id) < 0));
	}
	assert_int_equal(g.blocking + g.other + g.waived, gl_run_nfindings(run));
	for (size_t i = 0; i < g.nplans; i++)
		if (strcmp(g.plans[i].plan->id, "b-draft") == 0)
			assert_int_equal(g.plans[i].blocking, 0);
	gl__gaps_free(&g);
	gl_run_free(run);
}

static void test_markdown(void **state)
{
	(void)state;
	gl_run *run = open_fixture(0);
	char *s = render(run, "markdown");
	assert_int_equal(count(s, "\n- [ ] **"), gl_run_nfindings(run));
	assert_int_equal(count(s, "\n| `"), gl_run_nplans(run));
	t_contains(s, "not a compliance certification");
	t_contains(s, "As of **2026-12-01**");
	t_contains(s, "| Chest \\<X-ray\\> & \"ED\" triage \\| night_shift \\*beta\\* \\[v2\\] "
	              "\\`100%\\`, really: yes, see http\\://evil.example/x, www\\.evil.example or "
	              "ops@\xE2\x80\x8B" "evil.example |");   /* no autolink: \\:, \\., U+200B */
	t_contains(s, "ed\\|night \\<b\\>on-call\\</b\\> & \\*triage\\* \\[x\\](y)");
	t_contains(s, "workflow.output_recipients");   /* '_' inside a word stays */
	t_contains(s, "| `plans/d-broken.yaml` | \xE2\x80\x94 |");
	t_contains(s, "\n### c-ready \xE2\x80\x94 Fracture detection assist on extremity radiographs, "
	              "Northgate General Hospital\n");
	free(s);
	gl_run_free(run);
}

static void test_html(void **state)
{
	(void)state;
	gl_run *run = open_fixture(0);
	char *s = render(run, "html");
	assert_int_equal(strncmp(s, "<!DOCTYPE html>\n", 16), 0);
	assert_int_equal(count(s, "<tr class=\"plan\">"), gl_run_nplans(run));
	assert_int_equal(count(s, "<li class=\"gap "), gl_run_nfindings(run));
	assert_int_equal(count(s, "<section class=\"plan\""), gl_run_nplans(run));
	t_contains(s, "Chest &lt;X-ray&gt; &amp; &quot;ED&quot; triage");
	t_contains(s, "@media print");
	assert_null(strstr(s, "<b>"));
	assert_null(strstr(s, "<script"));
	assert_null(strstr(s, "href=\"http"));   /* the title's URL is text, never a link */
	assert_null(strstr(s, "src="));
	assert_null(strstr(s, "url("));
	free(s);
	gl_run_free(run);
}

static void test_unknown_format(void **state)
{
	(void)state;
	gl_run *run = open_fixture(0);
	gl_err err = {{0}};
	gl_report_opts ro = {0};
	assert_int_equal(gl_report(run, "xml", &ro, stdout, &err), GL_ERROR);
	t_contains(err.msg, "unknown format 'xml'");
	gl_run_free(run);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_github_escaping), cmocka_unit_test(test_xml_escaping),
		cmocka_unit_test(test_html_escaping),
		cmocka_unit_test(test_json_escaping),   cmocka_unit_test(test_visible),
		cmocka_unit_test(test_visible_bidi),    cmocka_unit_test(test_text_bidi),
		cmocka_unit_test(test_text_caret_after_controls),
		cmocka_unit_test(test_text_file_name),  cmocka_unit_test(test_github_line_hashes),
		cmocka_unit_test(test_github_line_counts),
		cmocka_unit_test(test_known_formats),   cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_sarif),           cmocka_unit_test(test_junit),
		cmocka_unit_test(test_github),          cmocka_unit_test(test_gap_order),
		cmocka_unit_test(test_markdown),        cmocka_unit_test(test_html),
		cmocka_unit_test(test_unknown_format), cmocka_unit_test(test_omit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
