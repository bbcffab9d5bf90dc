#!/bin/sh
# libFuzzer over the buffer APIs of libgovlint.
#
#   sh fuzz/run.sh [SECONDS]      (from the repository root; `make fuzz`)
#
# 1. builds every target fuzz/fuzz_*.c with clang (-fsanitize=fuzzer,
#    address,undefined) into build/fuzz/, over all of policy/ and the
#    generated build/gen/packs.c and templates.c (made by `make` first);
# 2. replays every file of fuzz/regressions/TARGET/ through its target: each
#    is an input that once crashed, leaked or hung, and must not any more;
# 3. builds seed corpora in build/fuzz/corpus/TARGET/ from examples/,
#    tests/ fixtures, rules/ and tests/conformance/yaml-test-suite;
# 4. fuzzes each target for SECONDS (default 60) with -max_len=65536
#    -timeout=10 -rss_limit_mb=2048, FUZZ_JOBS targets at a time (default:
#    the number of CPUs, at most 2), and prints per target the executions
#    run and whether anything was found. A crash, leak, timeout or
#    out-of-memory input is copied to fuzz/regressions/TARGET/ (commit it:
#    it is replayed from then on) and the script fails.
#
# Needs clang with libFuzzer (Debian: clang, libclang-rt-NN-dev). As root on
# Debian it installs them with apt-get when missing; otherwise it fails
# saying what to install. FUZZ_TARGETS="doc plan" limits the targets.
# The last line is `N passed, M failed` (one per target, replay included).
set -u

secs=${1:-60}
case $secs in
'' | *[!0-9]*) echo "usage: sh fuzz/run.sh [SECONDS]" >&2; exit 2 ;;
esac
if [ ! -f fuzz/run.sh ] || [ ! -d policy ]; then
	echo "fuzz/run.sh: run me from the repository root" >&2
	exit 2
fi
CC=${FUZZ_CC:-clang}
out=build/fuzz
targets=${FUZZ_TARGETS:-"doc pack config waivers plan linemap history"}

# ---- clang with libFuzzer ---------------------------------------------------

have_libfuzzer() {
	command -v "$CC" >/dev/null 2>&1 || return 1
	mkdir -p "$out" || return 1
	printf '%s\n' '#include <stdint.h>' '#include <stddef.h>' \
		'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);' \
		'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; return (int)(n & 0); }' \
		>"$out/probe.c"
	"$CC" -fsanitize=fuzzer,address,undefined "$out/probe.c" -o "$out/probe" >/dev/null 2>&1
}

if ! have_libfuzzer; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "fuzz: installing clang (libFuzzer) with apt-get" >&2
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq >&2 || { echo "fuzz: apt-get update failed" >&2; exit 1; }
		apt-get install -y -qq clang >/dev/null || { echo "fuzz: could not install clang" >&2; exit 1; }
		if ! have_libfuzzer; then   # libFuzzer is a Recommends of clang: install it by name
			major=$(clang -dumpversion 2>/dev/null | cut -d. -f1)
			apt-get install -y -qq "libclang-rt-$major-dev" >/dev/null 2>&1
		fi
	fi
	if ! have_libfuzzer; then
		echo "fuzz: FAILED: '$CC' with libFuzzer (-fsanitize=fuzzer) is needed." >&2
		echo "  On Debian: sudo apt-get install clang libclang-rt-14-dev" >&2
		exit 1
	fi
fi

# ---- build -------------------------------------------------------------------

if [ ! -f build/gen/packs.c ] || [ ! -f build/gen/templates.c ]; then
	make --no-print-directory build/gen/packs.c build/gen/templates.c >&2 || exit 1
fi
PKGS="yaml-0.1 libpcre2-8 libgit2"
# shellcheck disable=SC2086
cflags="-std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer \
 -fsanitize=address,undefined -fno-sanitize-recover=all -Iinclude -Ipolicy \
 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wformat=2 -Wmissing-prototypes -Wno-missing-field-initializers -Werror $(pkg-config --cflags $PKGS)"
# shellcheck disable=SC2086
libs="$(pkg-config --libs $PKGS) -lpthread"
mkdir -p "$out/obj" || exit 2
objs=
for src in policy/*.c policy/checks/*.c build/gen/packs.c build/gen/templates.c; do
	obj=$out/obj/$(echo "$src" | tr / _ | sed 's/\.c$/.o/')
	objs="$objs $obj"
	if [ ! -f "$obj" ] || [ -n "$(find "$src" policy/internal.h include/govlint.h -newer "$obj" 2>/dev/null)" ]; then
		# shellcheck disable=SC2086
		$CC $cflags -fsanitize=fuzzer-no-link -c "$src" -o "$obj" || { echo "fuzz: build failed: $src" >&2; exit 1; }
	fi
done
for t in $targets; do
	# shellcheck disable=SC2086
	$CC $cflags -fsanitize=fuzzer "fuzz/fuzz_$t.c" $objs $libs -o "$out/fuzz_$t" ||
		{ echo "fuzz: build failed: fuzz_$t" >&2; exit 1; }
done

# ---- regressions ------------------------------------------------------------

passed=0
failed=0
regress_fail=
for t in $targets; do
	dir=fuzz/regressions/$t
	[ -d "$dir" ] || continue
	n=0
	bad=0
	for f in "$dir"/*; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		if ! "$out/fuzz_$t" -timeout=10 -rss_limit_mb=2048 "$f" >"$out/replay.log" 2>&1; then
			echo "REGRESSION fuzz_$t: $f"
			grep -E 'ERROR|SUMMARY|#[0-9]+ ' "$out/replay.log" | head -20
			bad=$((bad + 1))
		fi
	done
	echo "replay fuzz_$t: $n regression inputs, $bad failing"
	[ "$bad" = 0 ] || regress_fail="$regress_fail $t"
done

# ---- seed corpora ---------------------------------------------------------------

corpus=$out/corpus
seed() { # TARGET FILE...
	d=$corpus/$1
	shift
	mkdir -p "$d"
	for f in "$@"; do
		[ -f "$f" ] || continue
		# one copy per content; the name says where it came from
		cp "$f" "$d/$(cksum <"$f" | cut -d' ' -f1)-$(basename "$f")"
	done
}
rm -rf "$corpus"
suite=tests/conformance/yaml-test-suite
yaml_files=$(find examples tests rules templates -type f \( -name '*.yaml' -o -name '*.yml' \) 2>/dev/null | LC_ALL=C sort)
suite_files=$(ls "$suite"/*/in.yaml 2>/dev/null)
# shellcheck disable=SC2086
seed doc $yaml_files $suite_files
# shellcheck disable=SC2046
seed plan examples/plans/*.yaml $(find tests/cli/fixtures tests/schema -path '*plans*' -name '*.y*ml' 2>/dev/null)
# shellcheck disable=SC2046
seed config $(find examples tests templates -name '.govlint.yaml' 2>/dev/null)
# shellcheck disable=SC2046
seed waivers $(find examples tests -name 'waivers*.yaml' 2>/dev/null)
# shellcheck disable=SC2046
seed pack rules/*.yaml $(find tests -path '*policy-rules*' -name '*.yaml' 2>/dev/null)
# The built-in pack is longer than -max_len: also one pack per rule (the
# header, then that rule alone), and its rules' examples as plan seeds
# (waivers seeds for the waiver rule).
for pack in rules/*.yaml; do
	awk -v dir="$corpus/pack" -v base="$(basename "$pack" .yaml)" '
		!inrules { head = head $0 "\n"; if ($0 ~ /^rules:/) inrules = 1; next }
		/^  - id:/ { if (n) close(f); n++; f = sprintf("%s/%s-rule%02d.yaml", dir, base, n); printf "%s", head > f }
		n { print > f }' "$pack"
done
if /usr/bin/python3 -c 'import yaml' 2>/dev/null; then
	/usr/bin/python3 - "$corpus" rules/*.yaml <<'PY'
import os, sys, yaml
corpus = sys.argv[1]
for pack in sys.argv[2:]:
    with open(pack) as f:
        doc = yaml.safe_load(f)
    for rule in doc.get("rules") or []:
        for kind in ("pass", "fail"):
            for i, text in enumerate((rule.get("examples") or {}).get(kind) or []):
                # the waiver rule's examples are waivers.yaml texts
                out = corpus + ("/waivers" if rule.get("detects") == "waiver" else "/plan")
                name = "%s/%s-%s%d.yaml" % (out, rule.get("id", "rule"), kind, i + 1)
                with open(name, "w") as f:
                    f.write(text)
PY
fi
# line maps: each example plan against the next (flags 0 to 7 in turn),
# and a few small pairs of texts
prev=
i=0
for f in examples/plans/*.yaml tests/cli/fixtures/*/plans/*.yaml; do
	[ -f "$f" ] || continue
	if [ -n "$prev" ] && [ "$i" -lt 24 ]; then
		mkdir -p "$corpus/linemap"
		{ printf "\\$(printf '%03o' $((i % 8)))"; cat "$prev"; printf '\000'; cat "$f"; } \
			>"$corpus/linemap/pair-$i"
		i=$((i + 1))
	fi
	prev=$f
done
printf '\001a\n b\nc\000a\nb \nc\n' >"$corpus/linemap/seed-ws"
printf '\006a\na\n\000a\n' >"$corpus/linemap/seed-repeat"
printf '\000x\ny\000x\ny\nz' >"$corpus/linemap/seed-tail"
# histories: any bytes draw one; the example plans are bytes enough
seed history examples/plans/*.yaml
# a few hand-written seeds for what the fixtures do not cover
printf 'a: &x [1, 2]\nb: *x\nc: {<<: {d: 1}, e: 2}\n' >"$corpus/doc/seed-alias.yaml"
printf 'plans: "plans/**/*.{yaml,yml}"\noverrides:\n  - files: ["plans/research/**"]\n    disable: [GOV-SEC-005]\n  - rules: [GOV-WFL-003]\n    severity: warning\nlimits: {max_depth: 10, max_nodes: 100, max_alias_nodes: 1000, max_scalar_bytes: 64, max_file_bytes: 4096}\nwaiver_approvers: [governance-chair]\nsignoff_provenance: warn\nfail_on: warning\n' >"$corpus/config/seed-full.yaml"
for t in $targets; do
	mkdir -p "$corpus/$t"
	[ -d "fuzz/regressions/$t" ] && cp fuzz/regressions/"$t"/* "$corpus/$t/" 2>/dev/null
done

# ---- fuzz ------------------------------------------------------------------------

jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}
[ "$jobs" -gt 2 ] && jobs=2
[ "$jobs" -ge 1 ] || jobs=1
fuzz_one() { # TARGET
	t=$1
	art=$out/artifacts/$t
	rm -rf "$art" "$out/work/$t"
	mkdir -p "$art" "$out/work/$t"
	# a scratch corpus, so the seeds stay the seeds
	"$out/fuzz_$t" "$out/work/$t" "$corpus/$t" -dict=fuzz/yaml.dict \
		-max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix="$art/" -print_final_stats=1 \
		>"$out/$t.log" 2>&1
	echo $? >"$out/$t.rc"
}
running=0
for t in $targets; do
	fuzz_one "$t" &
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		wait
		running=0
	fi
done
wait

for t in $targets; do
	rc=$(cat "$out/$t.rc" 2>/dev/null || echo 99)
	execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$out/$t.log" | grep -o '[0-9]*$' | tail -1)
	found=
	for a in "$out/artifacts/$t"/*; do
		[ -f "$a" ] || continue
		mkdir -p "fuzz/regressions/$t"
		cp "$a" "fuzz/regressions/$t/"
		found="$found ${a##*/}"
	done
	if [ "$rc" = 0 ] && [ -z "$found" ]; then
		verdict="nothing found"
	else
		verdict="FOUND:${found:- (exit $rc, see $out/$t.log)}"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$out/$t.log" | head -5 | sed 's/^/    /'
	fi
	case " $regress_fail " in
	*" $t "*) verdict="$verdict; a regression input fails" ;;
	esac
	printf 'fuzz_%-8s %10s executions in %ss: %s\n' "$t" "${execs:-?}" "$secs" "$verdict"
	case $verdict in
	"nothing found") passed=$((passed + 1)) ;;
	*) failed=$((failed + 1)) ;;
	esac
done
[ "$failed" = 0 ] || echo "fuzz: new inputs are in fuzz/regressions/ (commit them); logs in $out/"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
