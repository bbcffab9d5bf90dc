#!/bin/sh
# End-to-end (golden) tests of the govlint command line.
#
#   sh tests/cli/run.sh GOVLINT [CASE...]     run every case (or the named ones)
#   UPDATE=1 sh tests/cli/run.sh GOVLINT      (re)write the expected files
#
# Run from the repository root (`make cli` does). GOVLINT is the binary under
# test, e.g. build/govlint or build/asan/govlint.
#
# A case is a folder tests/cli/cases/NAME/ holding:
#
#   cmd      one shell line, run by /bin/sh. Use $GOVLINT for the binary,
#            $FIXTURES for tests/cli/fixtures and $EXAMPLES for examples/.
#            Every `check` passes --as-of, so no result depends on today.
#   stdout   the expected standard output, compared exactly (diff -u)
#   stderr   the expected standard error; a missing file means "empty"
#   exit     the expected exit status of the cmd line (a number)
#
# Each case runs in a fresh, empty scratch folder (its working directory),
# which holds two symlinks: `fixtures` -> tests/cli/fixtures and `examples`
# -> examples/. $FIXTURES and $EXAMPLES are those relative names, so every
# path govlint prints is relative and stable, and a case may write files
# (--output) into its working directory: the folder is removed afterwards.
# $CASE is the case's own folder, for a case that needs a file of its own.
#
# Environment: LC_ALL=C, TZ=UTC, stdin from /dev/null; NO_COLOR and
# GITHUB_STEP_SUMMARY unset (so a CI runner's job summary is never written);
# stdout is a file, never a terminal, so output has no colour. Each case is
# limited to 60 s (with timeout(1), when installed).
#
# Absolute paths never belong in expected output. Should govlint print one,
# the absolute path of the repository is replaced by <repo> and that of the
# scratch folder by <tmp> before comparing, so the goldens stay portable and
# the leak stays visible in them.
#
# A failing case prints its diffs. The last line is always `N passed, M
# failed`; the exit status is 1 when a case failed, 2 on a harness error.
#
# The hostile-input test (tests/hostile/run.sh) is a separate script; it
# generates large files and takes a few seconds.

set -u

if [ $# -lt 1 ]; then
	echo "usage: sh tests/cli/run.sh GOVLINT [CASE...]" >&2
	exit 2
fi
bin=$1
shift
if [ ! -d tests/cli/cases ] || [ ! -d tests/cli/fixtures ]; then
	echo "run.sh: run me from the repository root (tests/cli/cases not found)" >&2
	exit 2
fi
if [ ! -x "$bin" ]; then
	echo "run.sh: $bin is not an executable (build it with make)" >&2
	exit 2
fi

repo=$(pwd -P)
case $bin in
/*) GOVLINT=$bin ;;
*) GOVLINT=$repo/$bin ;;
esac
export GOVLINT
FIXTURES=fixtures
EXAMPLES=examples
export FIXTURES EXAMPLES
LC_ALL=C
TZ=UTC
export LC_ALL TZ
unset NO_COLOR CLICOLOR_FORCE GITHUB_STEP_SUMMARY 2>/dev/null

if command -v timeout >/dev/null 2>&1; then
	limit="timeout 60"
else
	limit=""
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/govlint-cli.XXXXXX") || exit 2
work=$(cd "$work" && pwd -P)
trap 'rm -rf "$work"' EXIT
trap 'exit 2' HUP INT PIPE TERM

# A sed expression that replaces the text $1 by $2 (both taken literally).
literal() {
	printf '%s' "$1" | sed 's/[]\/$*.^[]/\\&/g'
}
repo_re=$(literal "$repo")

# normalize FILE SCRATCH: absolute paths to <tmp> and <repo>, in place.
normalize() {
	scratch_re=$(literal "$2")
	sed -e "s/$scratch_re/<tmp>/g" -e "s/$repo_re/<repo>/g" "$1" >"$1.n" && mv "$1.n" "$1"
}

# same EXPECTED ACTUAL LABEL: 0 when equal; else prints a diff.
same() {
	if [ -f "$1" ]; then
		exp=$1
	else
		exp=$work/empty
		: >"$exp"
	fi
	if cmp -s "$exp" "$2"; then
		return 0
	fi
	echo "--- $3 differs (- expected, + actual):"
	diff -u "$exp" "$2" | sed '1,2d'
	return 1
}

passed=0
failed=0
cases=
if [ $# -gt 0 ]; then
	for n in "$@"; do
		cases="$cases tests/cli/cases/${n#tests/cli/cases/}"
	done
else
	cases=$(ls -d tests/cli/cases/*/ | sed 's:/$::' | LC_ALL=C sort)
fi

for dir in $cases; do
	dir=${dir%/}
	name=${dir##*/}
	if [ ! -f "$dir/cmd" ] || { [ ! -f "$dir/exit" ] && [ "${UPDATE:-}" != 1 ]; }; then
		echo "FAIL $name: a case needs a cmd and an exit file"
		failed=$((failed + 1))
		continue
	fi
	scratch=$work/case.$name
	mkdir "$scratch" || exit 2
	ln -s "$repo/tests/cli/fixtures" "$scratch/fixtures"
	ln -s "$repo/examples" "$scratch/examples"
	out=$work/$name.stdout
	err=$work/$name.stderr
	CASE=$repo/$dir
	export CASE
	cmd=$(cat "$dir/cmd")
	(cd "$scratch" && exec $limit sh -c "$cmd") <"/dev/null" >"$out" 2>"$err"
	rc=$?
	normalize "$out" "$scratch"
	normalize "$err" "$scratch"
	rm -rf "$scratch"

	if [ "${UPDATE:-}" = 1 ]; then
		cp "$out" "$dir/stdout"
		if [ -s "$err" ]; then cp "$err" "$dir/stderr"; else rm -f "$dir/stderr"; fi
		echo "$rc" >"$dir/exit"
		echo "updated $name (exit $rc)"
		passed=$((passed + 1))
		continue
	fi

	report=$work/$name.report
	: >"$report"
	ok=1
	same "$dir/stdout" "$out" stdout >>"$report" || ok=0
	same "$dir/stderr" "$err" stderr >>"$report" || ok=0
	want=$(tr -d ' \n' <"$dir/exit")
	if [ "$rc" != "$want" ]; then
		echo "--- exit status: expected $want, got $rc" >>"$report"
		ok=0
	fi
	if [ $ok = 1 ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL $name: $cmd"
		cat "$report"
	fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
