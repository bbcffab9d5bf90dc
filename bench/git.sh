#!/bin/sh
# bench/git.sh: the git cases of `make bench` (see docs/performance.md).
#
#   sh bench/git.sh [BUILD]
#
# 1. The pre-commit hook: a repository of the 1,000 generated plans
#    (BUILD/bench/corpus-1000, made by bench/run.sh or BUILD/bench/gen), one
#    plan edited and staged; `govlint check --staged --since HEAD` (what the
#    hook runs) and, for comparison, a full `--staged` check.
# 2. Sign-off provenance: 200 of those plans with 50 commits each (every
#    commit edits every plan: 50 commits, each plan 50 deep in history);
#    `govlint check` with signoff_provenance warn, then off.
# Each case runs BENCH_RUNS times (default 5): the median wall time and peak
# RSS go to stdout and to BUILD/bench/git-results.txt. The git program builds
# the repositories (a benchmark may; govlint never runs git).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-build}
RUNS=${BENCH_RUNS:-5}
GL=$(cd "$BUILD" && pwd)/govlint
B=$(cd "$BUILD" && pwd)/bench
CORPUS=$B/corpus-1000
OUT=$B/git-results.txt
command -v git >/dev/null || { echo "bench/git.sh: git is not installed" >&2; exit 1; }
[ -d "$CORPUS/plans" ] || "$B/gen" "$CORPUS" 1000 > /dev/null
export GIT_CONFIG_NOSYSTEM=1 HOME="$B/git-home" LC_ALL=C
mkdir -p "$HOME"
git config --global user.name "Bench Author"
git config --global user.email bench@example.org
git config --global init.defaultBranch main

median() { sort -g | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
# measure LABEL DIR ARGS...: median wall s and largest peak RSS of RUNS runs.
# GNU time adds "Command exited with non-zero status 1" to its output file
# when govlint finds gaps, so each run's figures are the file's last line;
# a status other than 0 or 1 (a usage, config or I/O error) stops the bench.
measure() {
	label=$1 dir=$2; shift 2
	: > "$B/git-times"
	i=0
	while [ $i -lt "$RUNS" ]; do
		rc=0
		(cd "$dir" && /usr/bin/time -f '%e %M' -o "$B/git-one" "$GL" check --as-of 2026-12-01 -q "$@" . > /dev/null 2> "$B/git-stderr") || rc=$?
		if [ "$rc" -gt 1 ]; then
			cat "$B/git-stderr" >&2
			echo "bench/git.sh: $label: govlint exited with status $rc" >&2
			exit 1
		fi
		tail -n 1 "$B/git-one" >> "$B/git-times"
		i=$((i + 1))
	done
	wall=$(cut -d' ' -f1 "$B/git-times" | median)
	rss=$(cut -d' ' -f2 "$B/git-times" | sort -n | tail -1)
	printf '%-46s %8s s %8.1f MiB\n' "$label" "$wall" "$(echo "$rss" | awk '{print $1 / 1024}')" | tee -a "$OUT"
}

: > "$OUT"
echo "govlint bench (git), $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, runs per case: $RUNS" | tee -a "$OUT"

hook=$B/git-hook
rm -rf "$hook" && cp -r "$CORPUS" "$hook"
(cd "$hook" && git init -q . && git add -A && git commit -qm plans &&
	sed -i '0,/^title: /s/^title: /title: Edited: /' plans/plan-00500.yaml && git add plans/plan-00500.yaml)
measure "hook: 1,000 plans, 1 staged (--staged --since)" "$hook" --staged --since HEAD
measure "full: 1,000 plans, --staged" "$hook" --staged

prov=$B/git-prov
rm -rf "$prov" && mkdir -p "$prov/plans" && cp "$CORPUS/people.yaml" "$prov/"
(cd "$CORPUS/plans" && ls | head -200 | while read -r f; do cp "$f" "$prov/plans/"; done)
(cd "$prov" && git init -q . && git add -A && git commit -qm plans &&
	c=1 && while [ $c -lt 50 ]; do
		for f in plans/*.yaml; do printf '# revision note %d\n' "$c" >> "$f"; done
		git commit -qam "edit $c"
		c=$((c + 1))
	done)
printf 'signoff_provenance: warn\n' > "$prov/.govlint.yaml"
measure "provenance warn: 200 plans x 50 commits" "$prov"
printf 'signoff_provenance: off\n' > "$prov/.govlint.yaml"
measure "provenance off: 200 plans x 50 commits" "$prov"
