#!/bin/sh
# tools/embed.c's lean texts (embed -x), on packs written in every style
# the packs may use: block and flow rules, examples first, last or between
# keys, comments in and after them, non-ASCII text, CRLF line ends. And
# what must fail the build: a pack libyaml cannot parse, an alias to an
# anchor inside examples, a pack not in UTF-8. (The lean texts' recorded
# events are checked against their parse by the unit tests: test_doc,
# test_yaml_suite, and test_pack for the built-in packs.)
# usage: sh tests/embed/run.sh build/embed
set -u
embed=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok: $1"; }
bad() { fail=$((fail + 1)); echo "FAILED: $1"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1

cat > block.yaml <<'YAML'
pack: block # é
rules:
  - examples:   # first
      pass:
        - |
          id: P-1   # not a comment: the example's text
      fail: [x, "é"]
    id: A
    title: T

  - id: B
    title: "é"
    examples: &ex
      pass: [a]
    # a comment at the examples' indentation
    severity: info
  - id: C
    examples: {pass: [a], fail: [b]}  # after
  - id: D
    examples:
      fail:
        - "x"
# a comment before the next key
version: "1"
YAML
cat > flow.yaml <<'YAML'
pack: flow
rules:
  - {id: A, examples: {pass: ["é"]}, title: "é T"}
  - {id: B, title: T, examples: x}
  - {examples: [a,
       b], id: C}
YAML
printf 'pack: crlf\r\nrules:\r\n  - id: A\r\n    examples:\r\n      pass: [a]\r\n    title: T\r\n' > crlf.yaml
if "$embed" -x out.c S ./ block.yaml flow.yaml crlf.yaml && /usr/bin/python3 "$here/check_lean.py" out.c; then
	ok "lean texts: no examples, every other node where it was"
else
	bad "lean texts: no examples, every other node where it was"
fi

# fails FILE MESSAGE WHAT: embed -x FILE fails, printing MESSAGE (a grep
# pattern) and leaving no output.
fails() {
	if "$embed" -x out2.c S ./ "$1" 2> err; then
		bad "$3"
	elif grep -q "$2" err && [ ! -e out2.c ]; then
		ok "$3"
	else
		bad "$3: $(cat err)"
	fi
}
printf 'pack: x\nrules: [a\n' > broken.yaml
fails broken.yaml "^broken.yaml:3:1: did not find expected ',' or ']'$" \
	"a pack libyaml cannot parse fails the build, located, with no output left"
printf 'rules:\n  - id: A\n    examples: &a {pass: [x]}\n  - id: B\n    note: *a\n' > alias.yaml
fails alias.yaml "^alias.yaml:5:11: alias \*a names an anchor inside a rule's examples" \
	"an alias to an anchor inside examples fails the build"

printf '\377\376p\000a\000c\000k\000:\000 \000x\000\n\000' > wide.yaml
fails wide.yaml "^wide.yaml:1:1: not UTF-8 (the text without examples)$" \
	"a pack not in UTF-8 fails the build: its events are recorded as UTF-8"

echo "embed: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
