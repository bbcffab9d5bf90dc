/* json: the versioned document of docs/json-output.md. */
#include "internal.h"

#include <string.h>

void gl__json_str(gl__buf *b, const char *s)
{
	if (!s) {
		gl__buf_puts(b, "null");
		return;
	}
	gl__buf_putc(b, '"');
	size_t n = strlen(s), i = 0, plain = 0;   /* s[plain..i) not yet written */
	while ((i += gl__plain_run(s + i, n - i, '"', '\\')) < n) {
		const unsigned char *p = (const unsigned char *)s + i;
		uint32_t cp = *p;
		size_t len = *p < 0x80 ? 1 : gl__utf8_decode(p, &cp);
		int c1 = len == 2 && cp <= 0x9F;   /* a C1 control: escaped, as C0 ones are */
		if (len > 1 && !c1) {   /* a valid sequence, copied as it is */
			i += len;
			continue;
		}
		const char *esc = !len        ? "\\ufffd"   /* not UTF-8, which JSON must be */
		                  : *p == '"'  ? "\\\""
		                  : *p == '\\' ? "\\\\"
		                  : *p == '\n' ? "\\n"
		                  : *p == '\r' ? "\\r"
		                  : *p == '\t' ? "\\t"
		                               : NULL;
		if (!esc && !c1 && *p >= 0x20 && *p != 0x7f) {
			i++;
			continue;
		}
		gl__buf_put(b, s + plain, i - plain);
		if (esc)
			gl__buf_puts(b, esc);
		else
			gl__buf_printf(b, "\\u%04x", (unsigned)cp);
		plain = i += 1 + (size_t)c1;
	}
	gl__buf_put(b, s + plain, n - plain);
	gl__buf_putc(b, '"');
}

static void packs(gl__buf *b, const gl_run *run)
{
	const char *seen[64];
	size_t n = 0;
	gl__buf_puts(b, "\"packs\": [");
	for (size_t i = 0; i < gl_run_nrules(run) && n < 64; i++) {
		const gl_rule *r = gl_run_rule(run, i);
		if (n && strcmp(seen[n - 1], r->pack_name) == 0)
			continue;
		gl__buf_puts(b, n ? ", {\"name\": " : "{\"name\": ");
		gl__json_str(b, r->pack_name);
		gl__buf_puts(b, ", \"version\": ");
		gl__json_str(b, r->pack ? r->pack->version : NULL);
		gl__buf_putc(b, '}');
		seen[n++] = r->pack_name;
	}
	gl__buf_puts(b, "]");
}

static void field(gl__buf *b, const char *name, const char *value, int last)
{
	gl__buf_puts(b, "      \"");
	gl__buf_puts(b, name);
	gl__buf_puts(b, "\": ");
	gl__json_str(b, value);
	gl__buf_puts(b, last ? "\n" : ",\n");
}

static void finding(gl__buf *b, const gl_run *run, const gl_finding *f, int last)
{
	int unwaived = gl_finding_unwaived(run, f);
	gl__buf_puts(b, "    {\n");
	field(b, "rule", gl_rule_id(f->rule), 0);
	field(b, "severity", gl_severity_name(f->severity), 0);
	field(b, "enforcement", gl_enforcement_name(gl_rule_enforcement(f->rule)), 0);
	field(b, "area", gl_rule_area(f->rule), 0);
	field(b, "plan", f->plan, 0);
	field(b, "file", f->file, 0);
	gl__buf_puts(b, "      \"line\": ");
	gl__buf_uint(b, f->line, 0);
	gl__buf_puts(b, ",\n      \"column\": ");
	gl__buf_uint(b, f->col, 0);
	gl__buf_puts(b, ",\n");
	field(b, "path", f->path, 0);
	field(b, "message", f->message, 0);
	field(b, "owner", f->owner, 0);
	char print[17];
	snprintf(print, sizeof print, "%016llx", (unsigned long long)f->fingerprint);
	field(b, "fingerprint", print, !f->waived && !unwaived);
	if (unwaived)   /* REV had it waived: new as it blocks again */
		gl__buf_puts(b, "      \"no_longer_waived\": true\n");
	if (f->waived) {
		gl__buf_puts(b, "      \"waived\": {\"reason\": ");
		gl__json_str(b, f->waived->reason);
		gl__buf_puts(b, ", \"approved_by\": ");
		gl__json_str(b, f->waived->approved_by);
		gl__buf_puts(b, ", \"expires\": ");
		gl__json_str(b, f->waived->expires);
		gl__buf_puts(b, ", \"reference\": ");
		gl__json_str(b, f->waived->reference);
		gl__buf_puts(b, "}\n");
	}
	gl__buf_puts(b, last ? "    }\n" : "    },\n");
}

/* What chose the plans, when not every plan is checked. */
static void selection(gl__buf *b, const gl_run *run)
{
	size_t npaths;
	const char *const *paths = gl_run_paths(run, &npaths);
	for (size_t i = 0; i < npaths; i++) {
		gl__buf_puts(b, i ? ", " : ", \"paths\": [");
		gl__json_str(b, paths[i]);
	}
	gl__buf_puts(b, npaths ? "]" : "");
	if (gl_run_since(run)) {
		gl__buf_puts(b, ", \"since\": ");
		gl__json_str(b, gl_run_since(run));
	}
	unsigned k, n;
	if (gl_run_shard(run, &k, &n))
		gl__buf_printf(b, ", \"shard\": {\"k\": %u, \"n\": %u}", k, n);
}

int gl__report_json(const gl_run *run, const gl_report_opts *o, gl__buf *b)
{
	GL__UNUSED(o);
	gl__summary s;
	gl__run_summary(run, &s);
	gl__buf_printf(b, "{\n  \"version\": %d,\n  \"tool\": {\"name\": \"govlint\", \"version\": \"%s\", ",
	               GL_JSON_VERSION, GL_VERSION);
	packs(b, run);
	gl__buf_printf(b, "},\n  \"as_of\": \"%s\",\n  \"fail_on\": \"%s\",\n", gl_run_as_of(run),
	               gl_severity_name(gl_run_fail_on(run)));
	gl__buf_printf(b, "  \"summary\": {\"plans\": %zu, \"errors\": %zu, \"warnings\": %zu, "
	               "\"infos\": %zu, \"waived\": %zu", s.plans, s.errors, s.warnings, s.infos,
	               s.waived);
	selection(b, run);
	const char *rev;
	size_t fresh, unchanged, absent;
	if (gl_run_baseline(run, &rev, &fresh, &unchanged, &absent)) {
		gl__buf_puts(b, ", \"baseline\": {\"rev\": ");
		gl__json_str(b, rev);
		gl__buf_printf(b, ", \"new\": %zu, \"unchanged\": %zu, \"absent\": %zu, "
		               "\"no_longer_waived\": %zu}", fresh, unchanged, absent,
		               gl_run_unwaived(run));
	}
	gl__buf_puts(b, "},\n");
	size_t n = gl_run_nfindings(run);
	gl__buf_puts(b, n ? "  \"findings\": [\n" : "  \"findings\": []\n");
	for (size_t i = 0; i < n; i++)
		finding(b, run, gl_run_finding(run, i), i + 1 == n);
	gl__buf_puts(b, n ? "  ]\n}\n" : "}\n");
	return 0;
}
