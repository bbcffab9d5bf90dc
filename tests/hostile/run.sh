#!/bin/sh
# Hostile-input test: govlint must survive a repository built to hurt it.
#
#   sh tests/hostile/run.sh GOVLINT        (from the repository root)
#
# Generates a hostile planning repository (tests/hostile/make-hostile.sh)
# in a temporary folder, runs
#
#   govlint check --as-of 2026-12-01 --format json --jobs 4 ROOT
#
# under `timeout 60` and a 1 GB virtual-memory limit (ulimit -v; skipped for
# AddressSanitizer builds, which reserve terabytes of shadow memory: set
# GL_ASAN=1, or let the script spot the ASan runtime in the binary), and
# asserts that:
#
#   - the exit status is 1 (findings), not 2 (an error), 124 (timeout) or
#     128+N (killed by signal N); standard error holds nothing but
#     govlint's notes (here: sign-offs not traced, the repository is not in git)
#   - every hostile file is reported under its own path, with the rule and
#     message expected for it, and the 5,000 tiny plans each appear
#   - the valid plan was checked: its one deliberate gap is reported
#   - the summary counts every plan; nothing of /etc/passwd is in the report
#   - govlint wrote nothing into the repository
#   - a PATH through plans/etc (a symlink to /etc) stays in the repository:
#     plans/etc/passwd is a GOV-YAML-001 finding, plans/etc an error, and
#     nothing of /etc/passwd is read
#   - the same run in text format (which echoes source lines) and with
#     --jobs 1 also ends with status 1, and --jobs 1 gives the same report;
#     the text report holds no raw control bytes of the hostile files
#   - no other format passes control characters (C0, DEL, C1) raw, even in
#     a file name
#   - SIGTERM while --output is written leaves no temporary file
#
# --jobs is pinned (GL_HOSTILE_JOBS, default 4) rather than left at its
# default of one thread per CPU: each thread reserves address space (stack,
# malloc arena) that counts against ulimit -v, so on a many-core runner the
# default would measure the runner, not govlint.
#
# The elapsed time (target: under 10 s) and, where GNU time is installed,
# the peak memory are printed; they are informational and never fail the
# test. The last line is `N passed, M failed`; the exit status is 1 when an
# assertion failed.

set -u

if [ $# -ne 1 ]; then
	echo "usage: sh tests/hostile/run.sh GOVLINT" >&2
	exit 2
fi
case $1 in
/*) bin=$1 ;;
*) bin=$(pwd -P)/$1 ;;
esac
here=$(cd "$(dirname "$0")" && pwd -P)
if [ ! -x "$bin" ]; then
	echo "hostile/run.sh: $1 is not an executable (build it with make)" >&2
	exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/govlint-hostile.XXXXXX") || exit 2
cleanup() {
	chmod -R u+rwx "$work" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 2' HUP INT PIPE TERM
repo=$work/repo
out=$work/report.json
err=$work/stderr

passed=0
failed=0
ok() {
	passed=$((passed + 1))
	echo "ok   $1"
}
bad() {
	failed=$((failed + 1))
	echo "FAIL $1"
}
check() { # check DESCRIPTION COMMAND...
	d=$1
	shift
	if "$@"; then ok "$d"; else bad "$d"; fi
}

if ! sh "$here/make-hostile.sh" "$repo"; then
	echo "hostile/run.sh: make-hostile.sh failed" >&2
	exit 2
fi
: >"$work/marker"
sleep 1 # so that a write during the run gets a later mtime than the marker

asan=${GL_ASAN:-0}
if [ "$asan" != 1 ] && grep -q __asan_init "$bin" 2>/dev/null; then
	asan=1
fi
if [ "$asan" = 1 ]; then
	limit=":"
	echo "note: ASan build: no virtual-memory limit"
else
	limit="ulimit -v 1048576"
fi
if command -v timeout >/dev/null 2>&1; then
	to="timeout 60"
else
	to=""
	echo "note: timeout(1) not installed: no time limit"
fi

now() { # milliseconds, where date has %N; else seconds * 1000
	t=$(date +%s%N 2>/dev/null)
	case $t in
	*N | "") echo $(($(date +%s) * 1000)) ;;
	*) echo $((t / 1000000)) ;;
	esac
}

# run FORMAT JOBS OUTPUT: govlint on the repo; prints the exit status.
timing=$work/time
run() {
	jobs_opt=
	[ "$2" = default ] || jobs_opt="--jobs $2"
	gnu_time=
	if /usr/bin/time -f %M -o "$timing" true >/dev/null 2>&1; then
		gnu_time="/usr/bin/time -f %M -o $timing"
	fi
	(cd "$work" && $gnu_time sh -c "$limit; exec $to \"\$0\" check --as-of 2026-12-01 \
		--format $1 $jobs_opt repo" "$bin" >"$3" 2>"$err")
	echo $?
}

start=$(now)
jobs=${GL_HOSTILE_JOBS:-4}
rc=$(run json "$jobs" "$out")
end=$(now)
ms=$((end - start))
mem=
[ -s "$timing" ] && mem=$(tail -n 1 "$timing")

# ---- exit status and stderr ------------------------------------------------
case $rc in
1) ok "exit status 1 (findings)" ;;
124) bad "exit status 124: timed out after 60 s" ;;
2) bad "exit status 2 (error): $(head -c 300 "$err")" ;;
*) if [ "$rc" -gt 128 ]; then
	bad "exit status $rc: killed by signal $((rc - 128))"
else
	bad "exit status $rc, expected 1"
fi ;;
esac
if grep -v '^govlint: note: ' "$err" | grep -q .; then
	bad "standard error holds only notes; it holds:"
	head -c 2000 "$err" | sed 's/^/     /'
else
	ok "standard error holds only notes"
fi

# ---- every hostile file, under its own path ------------------------------
# The JSON is pretty-printed one field per line; a finding is the block of
# lines from "rule" to "fingerprint". Here it becomes one line per finding:
#   RULE<TAB>FILE<TAB>LINE:COL<TAB>PLAN<TAB>MESSAGE<TAB>PATH
flat=$work/findings.tsv
awk '
	function val(s) { sub(/^[^:]*: /, "", s); sub(/,$/, "", s); gsub(/^"|"$/, "", s); return s }
	/^      "rule": /    { r = val($0) }
	/^      "plan": /    { p = val($0) }
	/^      "file": /    { f = val($0) }
	/^      "line": /    { l = val($0) }
	/^      "column": /  { c = val($0) }
	/^      "path": /    { q = val($0) }
	/^      "message": / { m = val($0) }
	/^      "fingerprint": / { printf "%s\t%s\t%s:%s\t%s\t%s\t%s\n", r, f, l, c, p, m, q }
' "$out" >"$flat"

# expect FILE RULE MESSAGE-PART: a finding of RULE for FILE whose message
# contains MESSAGE-PART (a fixed string; "" for any).
expect() {
	if awk -F '\t' -v f="$1" -v r="$2" -v m="$3" \
		'$1 == r && $2 == f && index($5, m) { found = 1 } END { exit !found }' "$flat"; then
		ok "$1: $2 ${3:+($3)}"
	else
		bad "$1: expected $2 ${3:+with '$3'}; its findings:"
		awk -F '\t' -v f="$1" '$2 == f' "$flat" | head -5 | sed 's/^/     /'
	fi
}

expect plans/alias-bomb.yaml GOV-YAML-001 "aliases expand"
expect plans/deep-nesting.yaml GOV-YAML-001 "nesting deeper"
expect plans/huge.yaml GOV-YAML-001 "limit"
expect plans/long-line.yaml GOV-YAML-001 "scalar longer"
expect plans/invalid-utf8.yaml GOV-YAML-001 "UTF-8"
expect plans/nul-bytes.yaml GOV-YAML-001 "0x00"
expect plans/control-chars.yaml GOV-YAML-001 "0x1b"
expect plans/binary.yaml GOV-YAML-001 ""
expect plans/passwd-link.yaml GOV-YAML-001 "leaves the repository"
expect plans/loop-a.yaml GOV-YAML-001 "loop"
expect plans/loop-b.yaml GOV-YAML-001 "loop"
expect plans/dangling.yaml GOV-YAML-001 "dangling"
expect plans/fifo.yaml GOV-YAML-001 "not a regular file"
expect plans/duplicate-key.yaml GOV-YAML-002 "status"
expect plans/empty.yaml GOV-YAML-001 ""
expect plans/multi-doc.yaml GOV-YAML-001 "document"
expect plans/top-list.yaml GOV-YAML-001 "mapping"
expect plans/modalities.yaml GOV-SYS-002 "outside the system's intended modality"

# Valid YAML despite CRLF, BOM and merge keys: parsed, so the plan id is known.
for f in crlf bom merge-keys; do
	if awk -F '\t' -v f="plans/$f.yaml" -v p="$f-plan" \
		'$2 == f && $4 == p && $1 != "GOV-YAML-001" { found = 1 } END { exit !found }' "$flat"; then
		ok "plans/$f.yaml: parsed (plan $f-plan has rule findings)"
	else
		bad "plans/$f.yaml: expected rule findings for plan $f-plan; its findings:"
		awk -F '\t' -v f="plans/$f.yaml" '$2 == f' "$flat" | head -5 | sed 's/^/     /'
	fi
done

# chmod 000: as root it is still read; otherwise it cannot be opened.
if [ "$(id -u)" = 0 ]; then
	expect plans/unreadable.yaml GOV-STK-001 ""
else
	expect plans/unreadable.yaml GOV-YAML-001 "ermission"
fi

n=$(awk -F '\t' '$2 ~ /^plans\/many\/p[0-9][0-9][0-9][0-9]\.yaml$/ { print $2 }' "$flat" | sort -u | wc -l)
check "plans/many: all 5000 tiny plans reported ($((n)) found)" [ "$n" -eq 5000 ]

# ---- the valid plan ----------------------------------------------------------
if awk -F '\t' '$2 == "plans/valid.yaml" { n++; ok = $1 == "GOV-DOC-002" && $4 == "valid-plan" &&
	$6 == "governance.inventory_id" } END { exit !(n == 1 && ok) }' "$flat"; then
	ok "plans/valid.yaml: checked, its one gap reported (GOV-DOC-002 at governance.inventory_id)"
else
	bad "plans/valid.yaml: expected exactly GOV-DOC-002 at governance.inventory_id; its findings:"
	awk -F '\t' '$2 == "plans/valid.yaml"' "$flat" | head -5 | sed 's/^/     /'
fi

# ---- whole report -------------------------------------------------------------
nplans=$(($(find "$repo/plans" \( -type f -o -type l -o -type p \) -name '*.yaml' \
	-exec sh -c 'for f; do echo; done' sh {} + | wc -l)))   # a name may hold LF
check "summary counts all $nplans plans" grep -q "\"summary\": {\"plans\": $nplans," "$out"
check "no file outside plans/ reported" \
	awk -F '\t' '$2 !~ /^plans\// { bad = 1 } END { exit bad }' "$flat"
check "nothing of /etc/passwd in the report" sh -c '! grep -q "root:.*:0:0:" "$1"' sh "$out"
if command -v python3 >/dev/null 2>&1; then
	check "the report is valid JSON (python3)" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$out" 2>/dev/null
fi
written=$(find "$repo" -newer "$work/marker" | head -5)
check "nothing written into the repository${written:+: $written}" [ -z "$written" ]

# ---- the same input, other paths through the code --------------------------------
rc2=$(run text "$jobs" "$work/report.txt")
check "text format: exit status 1 (got $rc2)" [ "$rc2" = 1 ]
check "text format: standard error holds only notes" sh -c "! grep -v '^govlint: note: ' '$err' | grep -q ."
# Source lines are echoed; raw control bytes (ESC, BEL, NUL, CR, ...) from a
# hostile plan must not reach a terminal or a CI log.
ctl=$(LC_ALL=C tr -cd '\000-\010\013-\037\177' <"$work/report.txt" | wc -c)
check "text format: no raw control bytes in the report ($((ctl)) found)" [ "$ctl" -eq 0 ]
# No format passes a control character of a file name (or a plan) raw:
# C0 but tab and LF, DEL, and C1 (UTF-8 C2 80..C2 9F).
c1=$(printf '\302[\200-\237]')
for f in github junit markdown html sarif json; do
	rcf=$(run $f "$jobs" "$work/report.$f")
	ctl=$(LC_ALL=C tr -cd '\000-\010\013-\037\177' <"$work/report.$f" | wc -c)
	n1=$(LC_ALL=C grep -c "$c1" "$work/report.$f")
	check "$f format: exit status 1 (got $rcf), no raw control bytes ($((ctl)) C0, $((n1)) lines with C1)" \
		test "$rcf" = 1 -a "$ctl" -eq 0 -a "$n1" -eq 0
done
rc3=$(run json 1 "$work/report-j1.json")
check "--jobs 1: exit status 1 (got $rc3)" [ "$rc3" = 1 ]
check "--jobs 1: same report as --jobs $jobs" cmp -s "$out" "$work/report-j1.json"

# ---- SIGTERM while --output is written -------------------------------------------
# Once the temporary report exists, SIGTERM: the run ends by the signal and
# leaves neither a temporary file nor a report (the write of this ~100 MB
# report lasts long enough; tests/cli's check-output-signal-removes-temp
# tests the same deterministically, with SIGXFSZ).
mkdir "$work/sig"
(cd "$work" && exec "$bin" check --as-of 2026-12-01 --format json --jobs "$jobs" \
	--output sig/report.json repo 2>/dev/null) &
pid=$!
while [ -z "$(ls -A "$work/sig")" ] && kill -0 "$pid" 2>/dev/null; do :; done
kill -TERM "$pid" 2>/dev/null
{ wait "$pid"; } 2>/dev/null   # without the shell's "Terminated"
rc6=$?
left=$(ls -A "$work/sig")
if [ "$rc6" = 1 ]; then
	echo "note: SIGTERM: the report was written before the signal; not tested"
else
	check "SIGTERM while writing: ended by the signal (got $rc6)" [ "$rc6" = 143 ]
	check "SIGTERM while writing: no file left${left:+: $left}" [ -z "$left" ]
fi

# The same at the worst moment: mkstemp has made the file, the process has
# not yet marked it as its own. A shim (LD_PRELOAD) holds mkstemp's return
# for 0.3 s; the signal must still remove the file. Needs a C compiler.
if command -v cc >/dev/null 2>&1 &&
	printf '%s\n' '#define _GNU_SOURCE' '#include <dlfcn.h>' '#include <unistd.h>' \
		'int mkstemp(char *t) { int (*real)(char *) = (int (*)(char *))dlsym(RTLD_NEXT, "mkstemp");' \
		'	int fd = real(t); usleep(300000); return fd; }' > "$work/slow-mkstemp.c" &&
	cc -shared -fPIC -o "$work/slow-mkstemp.so" "$work/slow-mkstemp.c" -ldl 2>/dev/null; then
	mkdir "$work/sig2"
	(cd "$work" && LD_PRELOAD=$work/slow-mkstemp.so ASAN_OPTIONS=verify_asan_link_order=0 \
		exec "$bin" check --as-of 2026-12-01 --output sig2/report.txt "$here/../../examples" \
		2>/dev/null) &
	pid=$!
	while [ -z "$(ls -A "$work/sig2")" ] && kill -0 "$pid" 2>/dev/null; do :; done
	kill -TERM "$pid" 2>/dev/null
	{ wait "$pid"; } 2>/dev/null
	rc7=$?
	left=$(ls -A "$work/sig2")
	check "SIGTERM as the temporary file is made: ended by the signal (got $rc7)" [ "$rc7" = 143 ]
	check "SIGTERM as the temporary file is made: no file left${left:+: $left}" [ -z "$left" ]
else
	echo "note: no C compiler: SIGTERM as the temporary file is made: not tested"
fi

# ---- a PATH through a symlinked folder that leaves the repository ----------------
# The repository root is found from the path as written, so the plan is
# judged inside repo (not as a plan of /etc), the walk's way: not followed.
path_out=$work/path.txt
(cd "$work" && $to "$bin" check --as-of 2026-12-01 repo/plans/etc/passwd >"$path_out" 2>"$err")
rc4=$?
check "PATH plans/etc/passwd: exit status 1 (got $rc4)" [ "$rc4" = 1 ]
check "PATH plans/etc/passwd: a GOV-YAML-001 finding, not followed" grep -q \
	'^plans/etc/passwd:1:1: error: cannot read the plan: symlink leaves the repository: not followed \[GOV-YAML-001\]$' "$path_out"
check "PATH plans/etc/passwd: nothing of /etc/passwd in the report" \
	sh -c '! grep -q "root:" "$1"' sh "$path_out"
(cd "$work" && $to "$bin" check --as-of 2026-12-01 repo/plans/etc >"$path_out" 2>"$err")
rc5=$?
check "PATH plans/etc: exit status 2 (got $rc5)" [ "$rc5" = 2 ]
check "PATH plans/etc: the folder is not followed" grep -qx \
	'govlint: repo/plans/etc: symlink leaves the repository: not followed' "$err"

# ---- informational ------------------------------------------------------------
secs=$((ms / 1000)).$(printf '%03d' $((ms % 1000)))
if [ "$ms" -le 10000 ]; then verdict="under the 10 s target"; else verdict="OVER the 10 s target"; fi
echo "time: $secs s for $nplans plans, json, --jobs $jobs ($verdict; informational)"
[ -n "$mem" ] && echo "peak memory: $((mem / 1024)) MB resident (informational)"
[ "$asan" = 1 ] || echo "virtual memory limit: 1 GB (ulimit -v 1048576)"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
