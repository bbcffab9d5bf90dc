#!/bin/sh
# Validates the CI and committee reports with the tools that consume them.
#
#   sh tests/reports/validate.sh GOVLINT
#
# Run from the repository root (a `make` target does); GOVLINT is the binary
# under test, e.g. build/govlint. For examples/ and for the fixture
# repository tests/reports/fixtures/repo it writes sarif, junit, markdown,
# html (and json, for the expected counts) to $GL_REPORTS_OUT (default
# build/reports) and checks:
#
#   sarif     valid against tests/conformance/sarif-schema-2.1.0.json
#             (/usr/bin/python3 -m jsonschema; Debian python3-jsonschema)
#   junit     valid against tests/conformance/junit-10.xsd (xmllint,
#             Debian libxml2-utils)
#   markdown  cmark-gfm (tables, tasklist, autolink: as GitHub renders) gives
#             one table row per plan, one checklist item per finding, no link
#   html      self-contained (no script, no URL, no external asset); no
#             HTML parse error (html5lib, Debian python3-html5lib: skipped
#             with a message when it is missing); in
#             headless Chromium the DOM holds one matrix row per plan and
#             every finding; a screenshot at 1280 px: build/report.png for
#             examples/, $GL_REPORTS_OUT/fixture.png for the fixture; an A4
#             PDF print of examples/
#   all       the same bytes on a second run; no absolute path
#   github    $GITHUB_STEP_SUMMARY gets the markdown appended; an unwritable
#             summary is exit 2
#
# Chromium (Debian package chromium) is optional: without it the browser
# checks are skipped with a message. The other tools are required. The last
# line is `N passed, M failed`; the exit status is 1 when a check failed.

set -u

if [ $# -ne 1 ]; then
	echo "usage: sh tests/reports/validate.sh GOVLINT" >&2
	exit 2
fi
bin=$1
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
conf=${GL_CONFORMANCE:-tests/conformance}
out=${GL_REPORTS_OUT:-build/reports}
here=tests/reports
asof=2026-12-01
py=/usr/bin/python3
pass=0
fail=0
skip=0

if [ ! -x "$bin" ] || [ ! -f "$here/check.py" ]; then
	echo "validate.sh: run from the repository root with a built govlint ($bin)" >&2
	exit 2
fi
mkdir -p "$out" || exit 2

ok() { pass=$((pass + 1)); echo "ok    $1"; }
bad() {
	fail=$((fail + 1))
	echo "FAIL  $1"
	[ -n "${2:-}" ] && printf '%s\n' "$2" | head -20 | sed 's/^/      /'
	return 0
}
skipped() { skip=$((skip + 1)); echo "skip  $1"; }

# check NAME CMD...: ok when CMD exits 0; its output is shown otherwise.
check() {
	name=$1
	shift
	if msg=$("$@" 2>&1); then ok "$name"; else bad "$name" "$msg"; fi
}

# report REPO NAME FORMAT: writes $out/NAME.FORMAT; exit status 0 or 1 is fine.
report() {
	"$bin" gaps --as-of "$asof" --format "$3" --output "$out/$2.$3" "$1" 2>"$out/$2.$3.err"
	rc=$?
	if [ $rc -gt 1 ]; then
		bad "$2: gaps --format $3 exits $rc" "$(cat "$out/$2.$3.err")"
		return 1
	fi
	return 0
}

deterministic() {
	"$bin" gaps --as-of "$asof" --format "$3" "$1" >"$out/$2.$3.again" 2>/dev/null
	cmp -s "$out/$2.$3" "$out/$2.$3.again" || { echo "second run differs"; return 1; }
	root=$(cd "$1" && pwd -P)
	if grep -qF "$root" "$out/$2.$3"; then echo "holds the absolute path $root"; return 1; fi
	rm -f "$out/$2.$3.again"
}

have() { command -v "$1" >/dev/null 2>&1; }

sarif() {
	$py -m jsonschema -i "$out/$1.sarif" "$conf/sarif-schema-2.1.0.json"
}

junit() {
	xmllint --schema "$conf/junit-10.xsd" --noout "$out/$1.junit"
}

markdown() {
	$py -c 'import sys; open(sys.argv[1], "rb").read().decode("utf-8")' "$out/$1.markdown" &&
		cmark-gfm -e table -e tasklist -e autolink "$out/$1.markdown" >"$out/$1.markdown.html" &&
		$py "$here/check.py" markdown "$out/$1.json" "$out/$1.markdown.html"
}

self_contained() {
	$py "$here/check.py" assets "$out/$1.html"
}

# Parse errors an HTML5 parser reports: a character reference to a
# control (&#13;), a raw noncharacter or control character.
html5() {
	$py - "$out/$1.html" <<'PY'
import sys
import html5lib
p = html5lib.HTMLParser()
p.parse(open(sys.argv[1], "rb").read().decode("utf-8"))
for (line, col), code, data in p.errors:
    print(f"{line}:{col}: {code} {data or ''}")
sys.exit(1 if p.errors else 0)
PY
}

chrome() {
	profile=$(mktemp -d) || return 1
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$profile" "$@" 2>"$out/chromium.log"
	rc=$?
	rm -rf "$profile"
	return $rc
}

dom() {
	chrome --dump-dom "file://$(pwd -P)/$out/$1.html" >"$out/$1.dom.html" || {
		cat "$out/chromium.log"
		return 1
	}
	$py "$here/check.py" dom "$out/$1.json" "$out/$1.dom.html"
}

screenshot() {
	rm -f "$2"
	chrome --screenshot="$(pwd -P)/$2" --window-size=1280,1600 --hide-scrollbars \
		"file://$(pwd -P)/$out/$1.html" >/dev/null || { cat "$out/chromium.log"; return 1; }
	[ -s "$2" ] && [ "$(head -c 4 "$2" | tail -c 3)" = PNG ] || { echo "no PNG written"; return 1; }
}

print_pdf() {
	rm -f "$out/$1.pdf"
	chrome --no-pdf-header-footer --print-to-pdf="$(pwd -P)/$out/$1.pdf" \
		"file://$(pwd -P)/$out/$1.html" >/dev/null || { cat "$out/chromium.log"; return 1; }
	head -c 5 "$out/$1.pdf" | grep -q '%PDF-' || { echo "no PDF written"; return 1; }
}

# An appended job summary, twice, and an unwritable one.
step_summary() {
	s=$out/step-summary.md
	rm -f "$s"
	GITHUB_STEP_SUMMARY=$s "$bin" check --as-of "$asof" --format github examples >/dev/null
	GITHUB_STEP_SUMMARY=$s "$bin" check --as-of "$asof" --format github examples >/dev/null
	rc=$?
	[ $rc -eq 1 ] || { echo "exit $rc, not 1"; return 1; }
	n=$(grep -c '^# Rollout readiness' "$s")
	[ "$n" = 2 ] || { echo "$n summaries appended, not 2"; return 1; }
	GITHUB_STEP_SUMMARY=$out/no/such/folder/summary.md \
		"$bin" check --as-of "$asof" --format github examples >/dev/null 2>"$out/summary.err"
	rc=$?
	[ $rc -eq 2 ] || { echo "unwritable summary: exit $rc, not 2"; return 1; }
	grep -q 'step summary' "$out/summary.err" || { cat "$out/summary.err"; return 1; }
}

validate() {   # REPO NAME
	"$bin" check --as-of "$asof" --format json "$1" >"$out/$2.json" 2>/dev/null
	[ $? -le 1 ] || { bad "$2: check --format json" ""; return; }
	for f in sarif junit markdown html; do
		report "$1" "$2" "$f" || continue
		check "$2: $f is deterministic and relative" deterministic "$1" "$2" "$f"
	done
	check "$2: sarif validates against the SARIF 2.1.0 schema" sarif "$2"
	check "$2: junit validates against junit-10.xsd" junit "$2"
	if have cmark-gfm; then
		check "$2: markdown is UTF-8 and parses (cmark-gfm): a row per plan, an item per gap" \
			markdown "$2"
	else
		bad "$2: markdown: cmark-gfm is not installed (apt-get install cmark-gfm)"
	fi
	check "$2: html is self-contained" self_contained "$2"
	if $py -c 'import html5lib' 2>/dev/null; then
		check "$2: html parses without an error (html5lib)" html5 "$2"
	else
		skipped "$2: html parse errors: html5lib is not installed (apt-get install python3-html5lib)"
	fi
	if have chromium; then
		check "$2: html in Chromium: a matrix row per plan, every gap" dom "$2"
	else
		skipped "$2: html in Chromium: chromium is not installed (apt-get install chromium)"
	fi
}

validate examples examples
validate "$here/fixtures/repo" fixture
validate tests/cli/fixtures/waivers waivers   # waived gaps: sarif suppressions, a waived list

# Plan file names that are markup ("[x]" ticks a task item, even in a code
# span) or not UTF-8, and e-mail-like text whose domain starts with '-',
# '.' or '_': made here, as git cannot hold such names portably.
names() {
	r=$out/names
	rm -rf "$r" && mkdir -p "$r/plans" && cp examples/people.yaml "$r/" &&
		sed 's/^title: /title: Ask ops@-pacs.example.org, a@.b.org or a@_b.org about /' \
			examples/plans/riverbend-cxr-triage.yaml >"$r/plans/[x].yaml" &&
		cp examples/plans/stroke-lvo-alerting.yaml "$r/plans/$(printf 'caf\351').yaml"
}
if names; then validate "$out/names" names; else bad "names: cannot make $out/names"; fi

# Plan text holding CR, LF, tab, C0 and C1 controls and noncharacters
# (U+FDD0, U+FFFE, U+1FFFF), in a title and an owner the reports print
# as they are: each is an HTML parse error when written raw, and CR as
# &#13; too.
controls() {
	r=$out/controls
	chars='CR\\r LF\\n tab\\t ESC\\x1b NEL\\x85 \\uFDD0 \\uFFFE \\U0001FFFF end'
	rm -rf "$r" && mkdir -p "$r/plans" && cp examples/people.yaml examples/.govlint.yaml "$r/" &&
		sed -e "s/^title: .*/title: \"Controls: $chars\"/" \
			-e "s/^owner: .*/owner: \"olivia.grant $chars\"/" \
			examples/plans/northgate-fracture-assist.yaml >"$r/plans/controls.yaml"
}
if controls; then validate "$out/controls" controls; else bad "controls: cannot make $out/controls"; fi
# A shard's SARIF names its category for code scanning.
shard_sarif() {
	"$bin" check --as-of "$asof" --shard 2/3 --format sarif --output "$out/shard.sarif" examples \
		2>/dev/null
	[ $? -le 1 ] || { echo "check --shard 2/3 --format sarif failed"; return 1; }
	grep -q '"automationDetails": {"id": "govlint/shard-2-of-3/"}' "$out/shard.sarif" ||
		{ echo "no automationDetails.id govlint/shard-2-of-3/"; return 1; }
	sarif shard
}
check "examples --shard 2/3: sarif names its category and validates against the schema" \
	shard_sarif
# Two plans sharing an id (GOV-DOC-004): Jenkins merges testsuites of one
# name, so each has its own.
shared_junit() {
	r=$out/shared
	rm -rf "$r" && mkdir -p "$r/plans" && cp examples/people.yaml "$r/" &&
		cp examples/plans/stroke-lvo-alerting.yaml "$r/plans/a.yaml" &&
		cp examples/plans/stroke-lvo-alerting.yaml "$r/plans/b.yaml" || return 1
	report "$r" shared junit && junit shared || return 1
	dup=$(grep -o '<testsuite name="[^"]*"' "$out/shared.junit" | sort | uniq -d)
	[ -z "$dup" ] || { echo "testsuite names used twice: $dup"; return 1; }
}
check "two plans sharing an id: junit names their testsuites apart and validates" shared_junit
if have chromium; then
	check "examples: screenshot at 1280 px (build/report.png)" screenshot examples build/report.png
	check "fixture: screenshot at 1280 px ($out/fixture.png)" screenshot fixture "$out/fixture.png"
	check "examples: prints to PDF ($out/examples.pdf)" print_pdf examples
fi
check "github: appends the markdown to \$GITHUB_STEP_SUMMARY" step_summary

[ $skip -gt 0 ] && echo "($skip skipped: see above)"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
