#!/bin/sh
# The CLI golden tests (tests/cli/run.sh) under valgrind memcheck.
#
#   sh tests/valgrind.sh GOVLINT [CASE...]     (from the repository root)
#
# GOVLINT is a normal (not sanitizer) build, e.g. build/govlint. Every case
# runs through a generated wrapper that execs
#
#   valgrind --error-exitcode=99 --leak-check=full
#            --errors-for-leak-kinds=definite,indirect --track-fds=no
#            --log-file=LOGDIR/%p.log GOVLINT ARGS...
#
# so a memory error or a definite/indirect leak in any run makes that case
# exit 99 (the case fails on its exit status) and leaves a non-empty log,
# which is printed. Valgrind writes to its log file, never to the case's
# stderr, so the goldens are compared as usual. Still-reachable memory
# (libgit2's and the loader's globals) is not an error.
#
# Needs valgrind (Debian package valgrind): as root with apt-get it is
# installed when missing; otherwise the script fails saying so. Cases run
# in two halves side by side (run.sh's 60 s per case still applies:
# valgrind slows govlint down 20-50x); the 204 cases (366 govlint runs)
# took 450 s one after another on a 2-core machine.
# The last line is `N passed, M failed`.
set -u

if [ $# -lt 1 ]; then
	echo "usage: sh tests/valgrind.sh GOVLINT [CASE...]" >&2
	exit 2
fi
bin=$1
shift
if [ ! -f tests/cli/run.sh ]; then
	echo "valgrind.sh: run me from the repository root" >&2
	exit 2
fi
if [ ! -x "$bin" ]; then
	echo "valgrind.sh: $bin is not an executable (build it with make)" >&2
	exit 2
fi
if strings "$bin" 2>/dev/null | grep -q '__asan_init\|AddressSanitizer'; then
	echo "valgrind.sh: $bin is an AddressSanitizer build; valgrind needs a plain one (build/govlint)" >&2
	exit 2
fi

if ! command -v valgrind >/dev/null 2>&1; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "valgrind.sh: installing valgrind with apt-get" >&2
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq >&2 || { echo "valgrind.sh: apt-get update failed" >&2; exit 1; }
		apt-get install -y -qq valgrind >/dev/null ||
			{ echo "valgrind.sh: could not install valgrind" >&2; exit 1; }
	else
		echo "valgrind.sh: FAILED: valgrind is not installed (Debian: sudo apt-get install valgrind)" >&2
		exit 1
	fi
fi

case $bin in
/*) real=$bin ;;
*) real=$(pwd -P)/$bin ;;
esac
work=$(mktemp -d "${TMPDIR:-/tmp}/govlint-vg.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
trap 'exit 2' HUP INT PIPE TERM
mkdir "$work/logs"
# The wrapper is named govlint, so anything that prints argv[0] prints the
# same name as without valgrind.
mkdir "$work/bin"
wrapper=$work/bin/govlint
cat >"$wrapper" <<EOF
#!/bin/sh
exec valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \\
	--show-leak-kinds=definite,indirect --track-fds=no --num-callers=30 \\
	--log-file="$work/logs/%p.log" "$real" "\$@"
EOF
chmod +x "$wrapper"

# The cases in two halves side by side (every other case each): valgrind
# runs one CPU per govlint run, and a machine with two has room for both.
[ $# -gt 0 ] || set -- $(ls tests/cli/cases | LC_ALL=C sort)
odd= even= i=0
for c in "$@"; do
	if [ $((i % 2)) = 0 ]; then odd="$odd $c"; else even="$even $c"; fi
	i=$((i + 1))
done
start=$(date +%s)
# shellcheck disable=SC2086
sh tests/cli/run.sh "$wrapper" $odd >"$work/cli1.out" 2>&1 &
first=$!
rc=0
if [ -n "$even" ]; then
	# shellcheck disable=SC2086
	sh tests/cli/run.sh "$wrapper" $even >"$work/cli2.out" 2>&1 || rc=$?
fi
wait "$first" || rc=$?
end=$(date +%s)
# One report: each half's lines but its last, then the sum of the two
# `N passed, M failed` lines.
: >"$work/cli.out"
passed=0 failed=0
for h in "$work/cli1.out" "$work/cli2.out"; do
	[ -f "$h" ] || continue
	sed '$d' "$h" >>"$work/cli.out"
	set -- $(tail -n 1 "$h")
	passed=$((passed + ${1:-0})) failed=$((failed + ${3:-0}))
done
echo "$passed passed, $failed failed" >>"$work/cli.out"

# Logs with anything in them are valgrind's reports (with --log-file and no
# --quiet a clean run still writes a header: keep only those with errors).
bad=0
for log in "$work"/logs/*.log; do
	[ -f "$log" ] || continue
	if grep -q 'ERROR SUMMARY: [1-9]\|definitely lost: [1-9]\|indirectly lost: [1-9]\|Invalid \|uninitialised\|Mismatched' "$log"; then
		bad=$((bad + 1))
		echo "---- valgrind report $(basename "$log"):"
		grep -v '^==[0-9]*== *$' "$log" | sed -n '1,80p'
	fi
done
echo "valgrind: $(find "$work/logs" -name '*.log' | wc -l) govlint runs, $bad with errors, $((end - start)) s"
cat "$work/cli.out"   # ends with run.sh's `N passed, M failed`
if [ "$rc" != 0 ] || [ "$bad" != 0 ]; then
	[ "$rc" != 0 ] && [ "$bad" = 0 ] && echo "valgrind: a golden case failed (above)"
	exit 1
fi
exit 0
