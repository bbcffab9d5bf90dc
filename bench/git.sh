#!/bin/sh
# bench/git.sh: the git cases of `make bench` (see docs/performance.md).
#
#   sh bench/git.sh [BUILD]
#
# 1. The pre-commit hook in a repository of one plan (the Northgate
#    example, as in bench/run.sh's start-up case), that plan edited and
#    staged: the start-up of a run that opens git.
# 2. The pre-commit hook: a repository of the 1,000 generated plans
#    (BUILD/bench/corpus-1000, made by bench/run.sh or BUILD/bench/gen), one
#    plan edited and staged; `govlint check --staged --since HEAD` (what the
#    hook runs) and, for comparison, a full `--staged` check; then a plain
#    `govlint check` of that work tree, as a CI job checks its checkout
#    (sign-offs traced to git, the default), at default jobs and --jobs 1.
# 3. Sign-off provenance: 200 of those plans with 50 commits each (every
#    commit edits every plan: 50 commits, each plan 50 deep in history);
#    `govlint check` with signoff_provenance warn, at default jobs and at
#    --jobs 1 (blaming the plans is most of it, spread over the workers),
#    then off.
# 4. A long history: the 1,000 plans committed, then 2,000 commits that
#    each append a note to one plan, in turn (written by git fast-import
#    from one awk stream); `govlint check` tracing sign-offs (the default)
#    at default jobs and at --jobs 1, then the hook with one plan edited
#    and staged. Every plan's trace walks all 2,000 commits back to the
#    first, where its sign-offs were written.
# 5. The same history signed late: each plan's sign-offs written by its
#    second edit, in the last 1,000 commits, as plans are drafted first
#    and signed later. A trace walks only as far back as its sign-offs.
# Each case runs once with its exit status and its count of plans checked
# (the JSON report's) checked, then under
# BUILD/bench/timer (fork to wait, CLOCK_MONOTONIC: /usr/bin/time resolves
# only 10 ms) BENCH_RUNS times (default 5), the cases under 0.2 s 4 x
# BENCH_RUNS times and case 1 50 times, as this machine kind's short runs
# swing: the median wall time in ms, its range and the largest peak RSS go
# to stdout and to BUILD/bench/git-results.txt. The git program builds the
# repositories (a benchmark may; govlint never runs git).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-build}
RUNS=${BENCH_RUNS:-5}
GL=$(cd "$BUILD" && pwd)/govlint
B=$(cd "$BUILD" && pwd)/bench
CORPUS=$B/corpus-1000
OUT=$B/git-results.txt
command -v git >/dev/null || { echo "bench/git.sh: git is not installed" >&2; exit 1; }
case $RUNS in ''|*[!0-9]*|0) echo "bench/git.sh: BENCH_RUNS must be a positive number, not '$RUNS'" >&2; exit 1 ;; esac
[ -x "$B/timer" ] || { echo "bench/git.sh: $B/timer is missing: run 'make bench'" >&2; exit 1; }
[ -d "$CORPUS/plans" ] || "$B/gen" "$CORPUS" 1000 > /dev/null
export GIT_CONFIG_NOSYSTEM=1 HOME="$B/git-home" LC_ALL=C
mkdir -p "$HOME"
git config --global user.name "Bench Author"
git config --global user.email bench@example.org
git config --global init.defaultBranch main

# edit DIR PLAN: PLAN's title edited and staged in repository DIR, as a
# commit in the making (the plan still valid YAML, so that the hook runs
# every rule on it)
edit() {
	(cd "$1" && sed -i '0,/^title: /s/^title: /title: Edited, /' "$2" && git add "$2")
}

# staged DIR PLAN: DIR made a repository of its files, then PLAN edited
staged() {
	(cd "$1" && git init -q . && git add -A && git commit -qm plans) && edit "$1" "$2"
}

# measure LABEL RUNS PLANS DIR ARGS...: one run whose exit status and
# report are checked (a status other than 0 or 1, a usage, config or I/O
# error, stops the bench, as does a JSON report that does not count PLANS
# plans checked or finds a plan that is not YAML), then RUNS timed runs of
# `govlint check ARGS` in DIR.
measure() {
	label=$1 runs=$2 plans=$3 dir=$4; shift 4
	rc=0
	(cd "$dir" && "$GL" check --as-of 2026-12-01 --format json "$@" . > "$B/git-report" \
		2> "$B/git-stderr") || rc=$?
	if [ "$rc" -gt 1 ]; then
		cat "$B/git-stderr" >&2
		echo "bench/git.sh: $label: govlint exited with status $rc" >&2
		exit 1
	fi
	got=$(sed -n 's/.*"summary": *{ *"plans": *\([0-9][0-9]*\).*/\1/p' "$B/git-report" | head -n 1)
	if [ "$got" != "$plans" ]; then
		echo "bench/git.sh: $label: govlint checked ${got:-no} plans, not $plans" >&2
		exit 1
	fi
	if grep -q '"rule": "GOV-YAML-001"' "$B/git-report"; then
		echo "bench/git.sh: $label: a plan is not valid YAML, so its rules would not run" >&2
		exit 1
	fi
	t=$(cd "$dir" && "$B/timer" "$runs" "$GL" check --as-of 2026-12-01 -q "$@" .) ||
		{ echo "bench/git.sh: $label: bench/timer could not run govlint" >&2; exit 1; }
	echo "$t" | awk -v l="$label" '{printf "%-46s %8.1f ms (%.1f-%.1f) %6.1f MiB\n", l, $4, $6, $8, $10 / 1024}' |
		tee -a "$OUT"
}

: > "$OUT"
echo "govlint bench (git), $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, runs per case: $RUNS (the fast ones: $((RUNS * 4)); the one-plan hook: 50)" | tee -a "$OUT"
printf '%-46s %8s    %s %9s\n' case "median" "(min-max)" "peak RSS" | tee -a "$OUT"

one=$B/git-one-plan
rm -rf "$one" && mkdir -p "$one/plans"
cp "$ROOT/examples/people.yaml" "$one/"
cp "$ROOT/examples/plans/northgate-fracture-assist.yaml" "$one/plans/"
staged "$one" plans/northgate-fracture-assist.yaml
measure "hook: 1 plan, staged (--staged --since)" 50 1 "$one" --staged --since HEAD

hook=$B/git-hook
rm -rf "$hook" && cp -r "$CORPUS" "$hook"
staged "$hook" plans/plan-00500.yaml
measure "hook: 1,000 plans, 1 staged (--staged --since)" $((RUNS * 4)) 1 "$hook" --staged --since HEAD
measure "full: 1,000 plans, --staged" "$RUNS" 1000 "$hook" --staged
measure "CI: 1,000 plans, the work tree" "$RUNS" 1000 "$hook"
measure "CI, --jobs 1" "$RUNS" 1000 "$hook" --jobs 1

prov=$B/git-prov
rm -rf "$prov" && mkdir -p "$prov/plans" && cp "$CORPUS/people.yaml" "$prov/"
find "$CORPUS/plans" -name '*.yaml' | sort | head -n 200 | while read -r f; do cp "$f" "$prov/plans/"; done
(cd "$prov" && git init -q . && git add -A && git commit -qm plans &&
	c=1 && while [ "$c" -lt 50 ]; do
		for f in plans/*.yaml; do printf '# revision note %d\n' "$c" >> "$f"; done
		git commit -qam "edit $c"
		c=$((c + 1))
	done)
printf 'signoff_provenance: warn\n' > "$prov/.govlint.yaml"
measure "provenance warn: 200 plans x 50 commits" "$RUNS" 200 "$prov"
measure "provenance warn, --jobs 1: 200 x 50 commits" "$RUNS" 200 "$prov" --jobs 1
printf 'signoff_provenance: off\n' > "$prov/.govlint.yaml"
measure "provenance off: 200 plans x 50 commits" $((RUNS * 4)) 200 "$prov"

# history DIR LATE: DIR a repository of the 1,000 plans, then 2,000
# commits that each append a note to one plan, in turn (written by git
# fast-import from one awk stream). LATE=1: the plans are first committed
# with every sign-off's line dated otherwise (signed_at 19xx), and each
# plan's second edit (commits 1,000 to 1,999) writes its sign-offs as the
# corpus has them, so that they are as old as the second half of the
# history; the plans checked are the same.
history() {
	rm -rf "$1" && cp -r "$CORPUS" "$1"
	if [ "$2" = 1 ]; then
		find "$1/plans" -name '*.yaml' -exec sed -i '/{by:/s/signed_at: 20/signed_at: 19/' {} +
	fi
	(cd "$1" && git init -q . && git add -A && git commit -qm plans &&
	find plans -name '*.yaml' | sort |
	awk -v commits=2000 -v t0=1767225600 -v late="$2" -v corpus="$CORPUS" '
	function text(f,    line, body) {   # the file as first read
		if (!(f in kept)) {
			while ((getline line < f) > 0)
				body = body line "\n"
			close(f)
			kept[f] = body
		}
		return kept[f]
	}
	{ plan[n++] = $0 }
	END {
		for (c = 0; c < commits; c++) {
			f = plan[c % n]
			notes[f] = notes[f] sprintf("# revision note %d\n", c)
			body = text(late && c >= n ? corpus "/" f : f) notes[f]
			printf "commit refs/heads/main\ncommitter Bench Author <bench@example.org> %d +0000\n", t0 + c
			printf "data 5\nedit\n%s", c == 0 ? "from refs/heads/main^0\n" : ""
			printf "M 100644 inline %s\ndata %d\n%s\n", f, length(body), body
		}
	}' | git fast-import --quiet && git reset -q --hard)
}

# long DIR LATE NAME: the cases of history DIR LATE, named NAME: a full
# check at both job counts, then the hook with one plan edited
long() {
	history "$1" "$2"
	measure "$3: 1,000 plans, 2,000 commits" "$RUNS" 1000 "$1"
	measure "$3, --jobs 1" "$RUNS" 1000 "$1" --jobs 1
	edit "$1" plans/plan-00500.yaml
	measure "hook: $3, 1 staged" "$RUNS" 1 "$1" --staged --since HEAD
}
long "$B/git-deep" 0 "long history"
long "$B/git-late" 1 "signed late"
