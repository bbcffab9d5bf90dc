#!/bin/sh
# bench/run.sh: the `make bench` driver (see docs/performance.md).
#
#   sh bench/run.sh [BUILD]
#
# expects BUILD/govlint and BUILD/bench/{gen,floor,timer} (make bench builds
# them). For each N in BENCH_SIZES (default "1000 10000") it generates the
# corpus once (cached in BUILD/bench/corpus-N, regenerated when gen changes;
# checked with BUILD/bench/standalone.govlint.yaml: sign-off tracing off, see
# CONFIG below), then runs each case BENCH_RUNS times (default 5), in
# rounds of every case once, under /usr/bin/time -f '%e %U %S %M', output
# to /dev/null:
#
#   floor          libyaml event parse of the same files (bench/floor.c)
#   j1-text        govlint check -c CONFIG --as-of 2026-12-01 --jobs 1
#   j1-json        ... --jobs 1 --format json
#   jN-text        ... (default jobs: one per CPU)
#   jN-json        ... --format json
#   j1-tree        ... --jobs 1 with TREE_CONFIG: a pack without rules, so
#                  only reading, parsing into trees and the roster remain
#                  (what the rules cost is j1-text's time less this); run
#                  just after the floor in each round
#
# then the start-up case: a one-plan repository (the Northgate example),
# 50 runs timed by BUILD/bench/timer, and last the large-plan case: that
# plan with 1,500 and then 12,000 more concerns and conversations (--jobs
# 1). Every case runs one copy of govlint, taken at the start, so a rebuild
# during the run cannot mix two builds;
# BENCH_GOVLINT=PATH measures another binary (an older build, say).
# The table goes to stdout and to BUILD/bench/results.txt. Exit 0; 1 when a
# tool is missing, govlint fails with exit status 2 (a usage, config or
# I/O error), or its JSON report of a corpus (checked once before the
# rounds) does not count every plan.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-build}
SIZES=${BENCH_SIZES:-1000 10000}
RUNS=${BENCH_RUNS:-5}
GOVLINT=${BENCH_GOVLINT:-$BUILD/govlint}
B=$BUILD/bench
TIME=/usr/bin/time
AS_OF=2026-12-01
OUT=$B/results.txt
TMP=$B/tmp

die() { echo "bench: $*" >&2; exit 1; }

for t in "$GOVLINT" "$B/gen" "$B/floor" "$B/timer"; do
	[ -x "$t" ] || die "$t is missing: run 'make bench'"
done
if ! "$TIME" -f '%e' true >/dev/null 2>&1; then
	die "GNU time ($TIME) is missing: apt-get install time (as root)"
fi
case $RUNS in ''|*[!0-9]*|0) die "BENCH_RUNS must be a positive number, not '$RUNS'" ;; esac
mkdir -p "$TMP"
# Every case runs the same binary, even if build/govlint is rebuilt meanwhile.
cp "$GOVLINT" "$B/govlint-under-test"
GOVLINT=$(cd "$B" && pwd)/govlint-under-test   # absolute: a probe runs in the corpus
REV=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')
if [ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no -- policy cmd include rules 2>/dev/null)" ]; then
	REV="$REV + uncommitted changes"
fi
if [ -n "${BENCH_GOVLINT:-}" ]; then
	REV="BENCH_GOVLINT=$BENCH_GOVLINT"
fi
: > "$TMP/summary"

# ---- helpers ---------------------------------------------------------------

# median of the numbers on stdin
median() { sort -g | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
minmax() { sort -g | awk 'NR == 1 {lo = $1} {hi = $1} END {printf "%s-%s", lo, hi}'; }

# corpus N: generate once, cached by N; regenerated when gen is newer
corpus() {
	dir=$B/corpus-$1
	if [ ! -f "$dir/.complete" ] || [ -n "$(find "$B/gen" -newer "$dir/.complete")" ]; then
		echo "generating $1 plans in $dir ..." >&2
		rm -rf "$dir"
		"$B/gen" "$dir" "$1"
		: > "$dir/.complete"
	fi
	echo "$dir"
}

# By default the corpora sit inside govlint's own git work tree, untracked, so tracing
# sign-offs to git history (GOV-SIG-001, on by default) would report every
# sign-off as not committed and measure libgit2 rather than checking.
# bench/git.sh measures that; here every check reads this config instead of
# ROOT/.govlint.yaml, and the corpus is a plain planning repository.
CONFIG=$B/standalone.govlint.yaml
printf '%s\n' '# bench/run.sh: the corpus is not a git repository of its own' \
	'signoff_provenance: off' > "$CONFIG"
# (a build older than sign-off tracing rejects the key: then no config;
# `rules` reads the config without needing plans)
COPT="-c $CONFIG"
"$GOVLINT" rules -c "$CONFIG" >/dev/null 2>&1 || COPT=""
# TREE_CONFIG's pack is written into each corpus (pack paths are the
# repository's); a build that cannot read it skips the j1-tree case
TREE_CONFIG=$(cd "$B" && pwd)/tree.govlint.yaml
printf '%s\n' '# bench/run.sh: the tree alone, no rule' 'signoff_provenance: off' \
	'packs: [./.bench/no-rules.yaml]' > "$TREE_CONFIG"

# plans_read N CONFIG DIR: dies unless `check -c CONFIG --format json DIR`
# reports N plans checked. Exit status 0 or 1 alone is no proof that a
# build read the plans (BENCH_GOVLINT=/bin/false exits 1 at once).
plans_read() {
	# shellcheck disable=SC2086 # the config option is empty or two words
	got=$("$GOVLINT" check ${2:+-c "$2"} --as-of "$AS_OF" --format json "$3" 2>/dev/null |
		sed -n 's/.*"summary": *{ *"plans": *\([0-9][0-9]*\).*/\1/p' | head -n 1) || true
	[ "$got" = "$1" ] || die "$GOVLINT${2:+ -c $2} checked ${got:-no} plans of the $1 in $3"
}

# measure CASE N CMD...: one run, its '%e %U %S %M' line appended to
# $TMP/CASE-N; checks the exit status (0 or 1 are results, anything else is not)
measure() {
	name=$1 n=$2
	shift 2
	rc=0
	"$TIME" -o "$TMP/one" -f '%e %U %S %M' "$@" >/dev/null 2>"$TMP/stderr" || rc=$?
	if [ "$rc" -gt 1 ]; then
		cat "$TMP/stderr" >&2
		die "$name on $n plans exited with status $rc"
	fi
	tail -n 1 "$TMP/one" >> "$TMP/$name-$n"
}

# row CASE N: one table line from $TMP/CASE-N; also appends
# "CASE N wall-median peak-rss-kib cpu-median" to $TMP/summary for the targets
row() {
	f=$TMP/$1-$2
	wall=$(cut -d' ' -f1 "$f" | median)
	range=$(cut -d' ' -f1 "$f" | minmax)
	cpu=$(awk '{printf "%.2f\n", $2 + $3}' "$f" | median)
	rss=$(cut -d' ' -f4 "$f" | sort -g | tail -n 1)
	floor=$(cut -d' ' -f1 "$TMP/floor-$2" | median)
	echo "$1 $2 $wall $rss $cpu" >> "$TMP/summary"
	awk -v c="$1" -v n="$2" -v mb="$MB" -v w="$wall" -v r="$range" -v cpu="$cpu" -v rss="$rss" -v fl="$floor" 'BEGIN {
		mbs = w > 0 ? sprintf("%.1f", mb / w) : "-"
		ratio = fl > 0 ? sprintf("%.2fx", w / fl) : "-"
		printf "%-8s %6d %7.1f  %-20s %7.2f %8.1f %7s %7s\n", c, n, mb, sprintf("%.2f (%s)", w, r), cpu, rss / 1024, mbs, ratio
	}'
}

# get CASE N wall|rss|cpu: a value from $TMP/summary
get() { awk -v c="$1" -v n="$2" -v k="$3" '$1 == c && $2 == n {print (k == "wall") ? $3 : (k == "rss") ? $4 : $5}' "$TMP/summary"; }

# ---- the runs ----------------------------------------------------------------

CPU=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //' || echo unknown)
{
	echo "govlint bench, $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "machine: $(nproc) CPUs, ${CPU:-unknown}; $(uname -sr)"
	echo "govlint: $("$GOVLINT" version 2>/dev/null | head -n 1) at $REV; libyaml $(pkg-config --modversion yaml-0.1 2>/dev/null || echo '?')"
	load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo 0)
	echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
	if awk -v l="$load" -v c="$(nproc)" 'BEGIN {exit !(l > c / 4)}'; then
		echo "WARNING: the CPUs were busy before the run; if other work goes on, wall times are inflated"
		echo "(a --jobs 1 case whose wall time is well above its CPU time waited for a CPU)"
	fi
	echo "runs per case: $RUNS (wall: median (min-max) s; CPU: median user+sys s; RSS: largest peak)"
	echo
	printf "%-8s %6s %7s  %-20s %7s %8s %7s %7s\n" case N MB "wall s (min-max)" "CPU s" "RSS MiB" "MB/s" "/floor"
} > "$OUT"
cat "$OUT"

# shellcheck disable=SC2086 # COPT is empty or two words
for n in $SIZES; do
	case $n in ''|*[!0-9]*) die "BENCH_SIZES holds '$n', not a number" ;; esac
	dir=$(corpus "$n")
	bytes=$("$B/floor" "$dir" | awk '{print $4}')
	MB=$(awk -v b="$bytes" 'BEGIN {printf "%.1f", b / 1e6}')
	mkdir -p "$dir/.bench"
	printf '%s\n' 'pack: no-rules' 'version: "1"' 'description: the tree alone' 'rules: []' \
		> "$dir/.bench/no-rules.yaml"
	cases="floor j1-text j1-json jN-text jN-json j1-tree"
	# `rules` reads the config and its pack without checking the plans
	if ! (cd "$dir" && "$GOVLINT" rules -c "$TREE_CONFIG") >/dev/null 2>&1; then
		cases="floor j1-text j1-json jN-text jN-json"
		echo "bench: $GOVLINT cannot check with a pack of its own: no j1-tree case" >&2
	fi
	# once a corpus, with the bench's config (the tree's reads the same
	# plans: the probe above has shown the build reads that config)
	plans_read "$n" "${COPT#-c }" "$dir"
	for c in $cases; do
		: > "$TMP/$c-$n"
	done
	# round by round, every case once a round: a machine that slows down
	# for a while slows all the cases, not the ones that happened to run then
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		measure floor "$n" "$B/floor" "$dir"
		case $cases in *j1-tree*)   # beside the floor: the pair the split line reads
			measure j1-tree "$n" "$GOVLINT" check -c "$TREE_CONFIG" --as-of "$AS_OF" --jobs 1 "$dir" ;;
		esac
		measure j1-text "$n" "$GOVLINT" check $COPT --as-of "$AS_OF" --jobs 1 "$dir"
		measure j1-json "$n" "$GOVLINT" check $COPT --as-of "$AS_OF" --jobs 1 --format json "$dir"
		measure jN-text "$n" "$GOVLINT" check $COPT --as-of "$AS_OF" "$dir"
		measure jN-json "$n" "$GOVLINT" check $COPT --as-of "$AS_OF" --format json "$dir"
		i=$((i + 1))
	done
	for c in $cases; do
		row "$c" "$n" | tee -a "$OUT"
	done
done

# the start-up case: one plan, 50 runs
one=$B/one
rm -rf "$one"
mkdir -p "$one/plans"
cp "$ROOT/examples/people.yaml" "$one/"
cp "$ROOT/examples/plans/northgate-fracture-assist.yaml" "$one/plans/"
plans_read 1 "${COPT#-c }" "$one"
summary() { awk '{printf "median %s ms (min %s, max %s), peak RSS %.1f MiB", $4, $6, $8, $10 / 1024}'; }
# shellcheck disable=SC2086
start=$("$B/timer" 50 "$GOVLINT" check $COPT --as-of "$AS_OF" "$one") || die "the start-up case failed"
start_ms=$(echo "$start" | awk '{print $4}')
# and with the default config: sign-offs traced to git (govlint's own work tree)
traced=$("$B/timer" 50 "$GOVLINT" check --as-of "$AS_OF" "$one") || die "the start-up case failed"
{
	echo
	echo "start-up: 1 plan (examples/plans/northgate-fracture-assist.yaml), default jobs, 50 runs after"
	echo "1 warm-up, fork-to-wait wall time by bench/timer.c (CLOCK_MONOTONIC):"
	echo "  signoff_provenance off:                  $(echo "$start" | summary)"
	echo "  default (sign-offs traced to git):       $(echo "$traced" | summary)"
} | tee -a "$OUT"

# the large-plan case: one plan with C concerns, each addressed by its own
# conversation (the Northgate example, C of each added), for C = 1,500 and
# 12,000 (6.9 MB, under the 8 MiB file limit): rules that look up, for every
# concern, the conversations that address it must not cost C x C.
large_plan() {
	dir=$B/large-$1
	rm -rf "$dir"
	mkdir -p "$dir/plans"
	cp "$ROOT/examples/people.yaml" "$dir/"
	awk -v c="$1" '
	{ print }
	$0 == "concerns:" {
		for (i = 0; i < c; i++)
			printf "  - id: X-%d\n    raised_by: helen.park\n    group: radiology\n    raised_on: 2026-08-31\n    category: workload\n    severity: low\n    text: Synthetic concern %d.\n    status: resolved\n    response: Handled.\n    sign_off: {by: helen.park, role: radiologist, signed_at: 2026-10-05T16:20:00Z, meaning: concern-resolved}\n", i, i
	}
	$0 == "conversations:" {
		for (i = 0; i < c; i++)
			printf "  - id: XCV-%d\n    held_on: 2026-09-10\n    purpose: Concern X-%d\n    owner: helen.park\n    addresses: [X-%d]\n    participants: [radiology, emergency-medicine]\n    outcomes:\n      - {decision: Handled, owner: helen.park, due: 2026-11-30}\n", i, i, i
	}' "$ROOT/examples/plans/northgate-fracture-assist.yaml" > "$dir/plans/large.yaml"
	echo "$dir"
}
# shellcheck disable=SC2086
for c in 1500 12000; do
	dir=$(large_plan "$c")
	rc=0
	"$GOVLINT" check $COPT --as-of "$AS_OF" --jobs 1 "$dir" > "$TMP/large.out" 2>&1 || rc=$?
	if [ "$rc" -gt 1 ] || grep -q 'GOV-YAML-001' "$TMP/large.out"; then
		die "the large plan ($c concerns) was not checked: $(head -n 3 "$TMP/large.out")"
	fi
	"$B/timer" "$RUNS" "$GOVLINT" check $COPT --as-of "$AS_OF" --jobs 1 "$dir" > "$TMP/large-$c" ||
		die "the large-plan case failed"
done
lms() { awk '{print $4}' "$TMP/large-$1"; }
{
	echo
	echo "large plan: examples/plans/northgate-fracture-assist.yaml with C more concerns, each addressed by"
	echo "a conversation of its own, --jobs 1, $RUNS runs after 1 warm-up, timed by bench/timer.c:"
	for c in 1500 12000; do
		awk -v c="$c" -v mb="$(wc -c < "$B/large-$c/plans/large.yaml")" '{
			printf "  %5d concerns (%3.1f MB): median %7.1f ms (min %s, max %s), %5.1f us a concern, peak RSS %.1f MiB\n", c, mb / 1e6, $4, $6, $8, $4 * 1e3 / c, $10 / 1024
		}' "$TMP/large-$c"
	done
} | tee -a "$OUT"

# ---- the targets of issue 8 ------------------------------------------------------

# pairs CASE N: CASE's wall time over the floor's run just before it, one
# line a round (a slower spell of the machine slows both)
pairs() {
	paste -d' ' "$TMP/floor-$2" "$TMP/$1-$2" | awk '{printf "%.3f\n", $5 / $1}'
}
verdict() { awk -v v="$1" -v lim="$2" 'BEGIN {print (v <= lim) ? "met" : "MISSED"}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
{
	echo
	echo "targets (issue 8):"
	big=$(echo "$SIZES" | tr ' ' '\n' | sort -n | tail -n 1)
	small=$(echo "$SIZES" | tr ' ' '\n' | sort -n | head -n 1)
	fl=$(get floor "$big" wall)
	for c in j1-text j1-json; do
		r=$(ratio "$(get "$c" "$big" wall)" "$fl")
		echo "  --jobs 1 ${c#*-} on $big plans at most 1.25x the floor: ${r}x, $(verdict "$r" 1.25)"
	done
	tree=$(get j1-tree "$big" wall)
	if [ -n "$tree" ]; then
		rt=$(ratio "$tree" "$fl")
		rr=$(awk -v t="$(get j1-text "$big" wall)" -v w="$tree" -v f="$fl" 'BEGIN {printf "%.2f", (t - w) / f}')
		pairs j1-tree "$big" > "$TMP/pairs"
		echo "    of which reading and parsing into trees, no rule run (j1-tree): ${rt}x (per round $(median < "$TMP/pairs")x, $(minmax < "$TMP/pairs")); the rules: ${rr}x"
	fi
	for c in jN-text jN-json; do
		r=$(ratio "$(get "$c" "$big" wall)" "$fl")
		pairs "$c" "$big" > "$TMP/pairs"
		pm=$(median < "$TMP/pairs")
		# met when the medians say so and so do the rounds' pairs
		v=$(verdict "$r" 0.999)
		[ "$(verdict "$pm" 0.999)" = met ] || v=MISSED
		echo "  default jobs ($(nproc) CPUs) ${c#*-} on $big plans faster than the floor: ${r}x, $v"
		echo "    faster than the floor in $(awk '$1 < 1' "$TMP/pairs" | wc -l) of $(wc -l < "$TMP/pairs") rounds; per round ${pm}x ($(minmax < "$TMP/pairs"))"
		# the same work on more threads: CPU seconds against --jobs 1's
		cj=$(get "$c" "$big" cpu) c1=$(get "j1-${c#*-}" "$big" cpu)
		echo "    CPU ${cj} s against ${c1} s at --jobs 1: $(ratio "$cj" "$c1")x (above 1.00x, the threads ran slower than one alone)"
	done
	for c in j1-text j1-json jN-text jN-json; do
		rb=$(get "$c" "$big" rss)
		mib=$(awk -v b="$rb" 'BEGIN {printf "%.1f", b / 1024}')
		line="  $c peak RSS on $big plans:"
		if [ "$big" != "$small" ]; then
			r=$(ratio "$rb" "$(get "$c" "$small" rss)")
			line="$line ${r}x that on $small (at most 1.5x: $(verdict "$r" 1.5)),"
		fi
		echo "$line $mib MiB (under 32 MiB: $(verdict "$mib" 31.999))"
	done
	echo "  one-plan start-up under 10 ms: $start_ms ms, $(verdict "$start_ms" 9.999)"
	r=$(ratio "$(lms 12000)" "$(lms 1500)")
	echo "  no quadratic work in the number of concerns: 8x the concerns take ${r}x the time (linear: 8x; at most 12x: $(verdict "$r" 12), quadratic would be about 64x)"
} | tee -a "$OUT"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')" | tee -a "$OUT"
echo
echo "written to $OUT"
exit 0
