#!/bin/sh
# The benchmark corpus is what docs/performance.md says it is.
#
#   sh tests/corpus/run.sh GOVLINT GEN        (from the repository root)
#
# GEN is bench/gen.c built (build/bench/gen). `make bench` measures govlint
# on its corpora, and the figures only mean something if the generated plans
# are shaped as documented: a plan marked "Complete" passes every rule of
# the built-in pack, and a plan with deliberate gaps gets, for each gap its
# header names, a finding of the rule that gap is made for. When the pack
# learns a new check, this test says which generated plans it now flags
# (fix bench/gen.c, not the test). Also: the same arguments give the same
# bytes. N plans (default 400; GL_CORPUS_N) are generated into a temporary
# folder and checked with sign-off tracing off, as the bench does.
# The last line is `N passed, M failed`; the exit status is 1 when an
# assertion failed. Every format at --jobs 4 gives --jobs 1's bytes.
set -u

if [ $# -ne 2 ]; then
	echo "usage: sh tests/corpus/run.sh GOVLINT GEN" >&2
	exit 2
fi
gl=$1 gen=$2 n=${GL_CORPUS_N:-400}
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$gen" "$tmp/a" "$n" && "$gen" "$tmp/b" "$n" || { echo "FAIL $gen could not write a corpus"; exit 1; }
if diff -r "$tmp/a" "$tmp/b" > /dev/null; then
	ok "the generator is deterministic ($n plans twice, the same bytes)"
else
	bad "the generator is deterministic ($n plans twice, the same bytes)"
fi

printf 'signoff_provenance: off\n' > "$tmp/config.yaml"
"$gl" check -q -c "$tmp/config.yaml" --as-of 2026-12-01 --jobs 1 "$tmp/a" > "$tmp/report.txt" 2> "$tmp/stderr.txt"
rc=$?
if [ $rc -eq 1 ] && [ ! -s "$tmp/stderr.txt" ]; then
	ok "the corpus has gaps (exit 1) and nothing goes wrong on stderr"
else
	bad "the corpus has gaps (exit 1) and nothing goes wrong on stderr (exit $rc)"
	cat "$tmp/stderr.txt"
fi

# Each plan's header (bench/gen.c) against the rules that fired on it. A gap
# passes when any rule mapped to it fired (gen.c's enum says which).
(cd "$tmp/a" && grep -H -m 2 -e '^# Complete' -e '^# Deliberate gaps:' plans/*.yaml) |
awk -v report="$tmp/report.txt" '
BEGIN {
	want["placeholder"] = "GOV-DOC-002"
	want["no-sign-off"] = "GOV-CON-003"
	want["date-order"] = "GOV-DOC-003"
	want["unknown-person"] = "GOV-DOC-001"
	want["open-high-concern"] = "GOV-CON-004"
	want["no-alert-threshold"] = "GOV-VAL-002"
	want["vendor-sign-off"] = "GOV-CON-003"
	want["version-range"] = "GOV-SYS-001"
	want["missing-approver"] = "GOV-APR-002 GOV-APR-001 GOV-TRL-004"
	want["no-agreement"] = "GOV-SEC-004"
	want["training-topic"] = "GOV-WFL-003"
	want["stop-criterion-unknown-monitor"] = "GOV-DOC-001"
	want["unknown-group"] = "GOV-DOC-001 GOV-CNV-002"
	want["stale-signature"] = "GOV-TRL-005"
	while ((getline line < report) > 0) {
		if (line !~ /^plans\/[^:]+:[0-9]+:[0-9]+: /)
			continue
		split(line, f, ":")
		rule = line
		sub(/.*\[/, "", rule)
		sub(/\]$/, "", rule)
		fired[f[1], rule] = 1
		any[f[1]]++
	}
}
{
	file = $0
	sub(/:.*/, "", file)
	if ($0 ~ /# Complete/) {
		complete++
		if (any[file]) {
			extra++
			if (extra <= 10)
				print "     " file " is marked Complete but has " any[file] " finding(s)"
		}
		next
	}
	gaps = $0
	sub(/.*# Deliberate gaps: */, "", gaps)
	sub(/\.$/, "", gaps)
	ngap = split(gaps, g, /, */)
	planned++
	for (i = 1; i <= ngap; i++) {
		if (!(g[i] in want)) {
			unknown++
			print "     " file ": gap \"" g[i] "\" is not in this test'"'"'s table"
			continue
		}
		nr = split(want[g[i]], r, " ")
		hit = 0
		for (k = 1; k <= nr; k++)
			hit = hit || ((file, r[k]) in fired)
		if (!hit) {
			missed++
			if (missed <= 10)
				print "     " file ": gap " g[i] " got no " want[g[i]] " finding"
		}
	}
}
END {
	printf "%d %d %d %d %d\n", complete, extra, planned, missed, unknown > "/dev/stderr"
}' 2> "$tmp/counts" > "$tmp/details"
read -r complete extra planned missed unknown < "$tmp/counts"
if [ "${complete:-0}" -gt 0 ] && [ "${extra:-1}" -eq 0 ]; then
	ok "every plan marked Complete passes every rule ($complete plans)"
else
	bad "every plan marked Complete passes every rule ($extra of ${complete:-0} have findings)"
fi
if [ "${planned:-0}" -gt 0 ] && [ "${missed:-1}" -eq 0 ] && [ "${unknown:-1}" -eq 0 ]; then
	ok "every deliberate gap gets a finding of its rule ($planned plans with gaps)"
else
	bad "every deliberate gap gets a finding of its rule (${missed:-?} missed, ${unknown:-?} unknown gap names)"
fi
cat "$tmp/details"

# Parallel checking changes nothing: each format's bytes and exit code at
# --jobs 4 are --jobs 1's (the CLI goldens run on a few plans; here 400
# plans keep four threads busy, and `make tsan` runs this under TSan).
for f in text json sarif junit github markdown html; do
	"$gl" check -c "$tmp/config.yaml" --as-of 2026-12-01 --format $f --jobs 1 "$tmp/a" \
		> "$tmp/j1" 2> "$tmp/j1.err"
	rc1=$?
	"$gl" check -c "$tmp/config.yaml" --as-of 2026-12-01 --format $f --jobs 4 "$tmp/a" \
		> "$tmp/j4" 2> "$tmp/j4.err"
	rc4=$?
	if [ $rc1 -eq 1 ] && [ $rc4 -eq 1 ] && [ -s "$tmp/j1" ] && cmp -s "$tmp/j1" "$tmp/j4" &&
	   cmp -s "$tmp/j1.err" "$tmp/j4.err"; then
		ok "$f: --jobs 4 writes --jobs 1's bytes and exit code"
	else
		bad "$f: --jobs 4 writes --jobs 1's bytes and exit code (exit $rc1 and $rc4)"
		head -5 "$tmp/j4.err"
	fi
done

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
