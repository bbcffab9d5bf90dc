#!/bin/sh
# Line coverage of libgovlint and the CLI, from the .gcda files a
# `--coverage` build leaves when its tests run (`make coverage` builds
# build/cov and runs `make check` there first).
#
#   sh tools/coverage.sh BUILD     e.g. build/cov
#
# Prints each source file's executable lines, how many the tests ran and
# the share, then the total; writes every line never run to
# BUILD/uncovered.txt as FILE:LINE: SOURCE, for an editor to jump to. Most
# of those are out-of-memory and I/O-error branches, which `make torture`
# reaches only in part; any other is a behaviour no test pins down.
set -u
if [ $# -ne 1 ] || [ ! -d "$1" ]; then
	echo "usage: sh tools/coverage.sh BUILD (a --coverage build that ran its tests)" >&2
	exit 2
fi
build=$1
command -v gcov >/dev/null 2>&1 || { echo "coverage: gcov not found (it comes with gcc)" >&2; exit 2; }
out=$build/uncovered.txt
: >"$out" || exit 2
printf '%-30s %6s %6s %7s\n' file lines run share
for src in policy/*.c policy/checks/*.c cmd/*.c; do
	# gcov -t writes the annotated source to stdout: "COUNT:LINE:TEXT" per
	# line, COUNT '-' (not code), '#####' (never run) or a number (with a
	# '*' when a block of the line was not run); a section per file the
	# object's code comes from, each opening with "-:0:Source:FILE".
	gcov -t -o "$build/${src%/*}" "$src" 2>/dev/null | awk -v src="$src" -v out="$out" '
		{
			count = $0; sub(/:.*/, "", count); gsub(/ /, "", count)
			rest = substr($0, index($0, ":") + 1)
			line = rest; sub(/:.*/, "", line); gsub(/ /, "", line)
			text = substr(rest, index(rest, ":") + 1)
		}
		line == 0 && text ~ /^Source:/ { mine = (substr(text, 8) == src); next }
		!mine || count == "-" { next }
		{ lines++ }
		count == "#####" || count == "=====" { print src ":" line ": " text >> out; next }
		{ run++ }
		END { printf "%-30s %6d %6d %6.1f%%\n", src, lines, run, lines ? 100 * run / lines : 100 }'
done | awk '{ print; lines += $2; run += $3 }
	END { printf "%-30s %6d %6d %6.1f%%\n", "total", lines, run, lines ? 100 * run / lines : 100 }'
echo "lines never run: $out ($(wc -l <"$out") lines)"
