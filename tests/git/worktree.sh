#!/bin/sh
# The file names github annotations and SARIF give when the planning
# repository is a folder of a git checkout: GitHub resolves them from the
# checkout's root, so they start with the folder; every other format names
# files from the planning root. Real repositories built with the git
# program (a test may run git; govlint never does).
#
#   sh tests/git/worktree.sh GOVLINT        run from the repository root
#
# The last line is `N passed, M failed`; the exit status is 1 when a check failed.
set -u
case $1 in /*) gl=$1 ;; *) gl=$(pwd -P)/$1 ;; esac
src=$(pwd -P)
command -v git >/dev/null 2>&1 || { echo "SKIP: git is not installed"; echo "0 passed, 0 failed"; exit 0; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/govlint-worktree.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_CEILING_DIRECTORIES 2>/dev/null
export HOME="$tmp/home" GIT_CONFIG_NOSYSTEM=1 LC_ALL=C
mkdir -p "$HOME"
git config --global user.name "Test Author"
git config --global user.email test@example.org
git config --global init.defaultBranch main
pass=0 fail=0
expect() { d=$1; shift; if "$@"; then pass=$((pass + 1)); echo "ok   $d"; else fail=$((fail + 1)); echo "FAIL $d"; fi; }
check() { "$gl" check --as-of 2026-12-01 --no-color "$@" 2>/dev/null; }
# The files a report names, one a line, sorted and unique.
gh_files() { sed -n 's/^::[a-z]* file=\([^,]*\),.*/\1/p' "$1" | sort -u; }
sarif_uris() { sed -n 's/.*"uri": "\([^"]*\)".*/\1/p' "$1" | sort -u; }
json_files() { sed -n 's/.*"file": "\([^"]*\)".*/\1/p' "$1" | sort -u; }
# 1 when every line of file $1 starts with $2, and there is one.
all_start() { [ -s "$1" ] && ! grep -v "^$2" "$1" >/dev/null; }
# 1 when every file listed in $1 exists under folder $2.
all_exist() { [ -s "$1" ] && while read -r f; do [ -f "$2/$f" ] || return 1; done < "$1"; }

# A checkout whose planning repository is its folder governance/
co=$tmp/checkout
mkdir -p "$co" && cp -r "$src/examples" "$co/governance" && cd "$co" || exit 2
echo "# CI" > README.md
git init -q . && git add -A && git commit -qm "plans"

check --format github governance > gh.txt
gh_files gh.txt > gh.files
expect "github: every file= starts with governance/" all_start gh.files governance/
expect "github: every file= names a file of the checkout" all_exist gh.files "$co"
check --format sarif governance > out.sarif
sarif_uris out.sarif > sarif.files
expect "sarif: every uri starts with governance/" all_start sarif.files governance/
expect "sarif: every uri names a file of the checkout" all_exist sarif.files "$co"
expect "sarif: %SRCROOT% is said to be the work tree's root" \
	grep -q '"text": "The root of the git work tree; the planning repository is governance/ in it."' out.sarif
(cd governance && check --format github .) > gh-inside.txt
expect "github from inside the planning root: the same annotations" cmp -s gh.txt gh-inside.txt
check --staged --format sarif governance > staged.sarif
sarif_uris staged.sarif > staged.files
expect "sarif with --staged (git opened for it): the same uris" cmp -s sarif.files staged.files

# the other formats keep paths relative to the planning root
check --format json governance > out.json
json_files out.json > json.files
expect "json: files relative to the planning root (plans/...)" all_start json.files 'plans/\|waivers.yaml'
expect "json: none starts with governance/" sh -c '! grep -q "^governance/" json.files'
check governance > text.txt
expect "text: plans/... lines" grep -q '^plans/eu-mammo-second-reader.yaml:' text.txt
expect "text: no governance/ prefix" sh -c '! grep -q "^governance/" text.txt'
check --format junit governance > out.junit
expect "junit: file=\"plans/...\"" grep -q 'file="plans/eu-mammo-second-reader.yaml"' out.junit
GITHUB_STEP_SUMMARY=$co/summary.md check --format github governance > /dev/null
expect "the job summary (markdown): plans/... as the gap list has them" \
	grep -q '`plans/eu-mammo-second-reader.yaml:' summary.md
expect "the job summary: no governance/ prefix" sh -c '! grep -q "governance/plans" summary.md'

# GIT_DIR and GIT_WORK_TREE name the work tree as git takes them
(cd "$tmp" && GIT_DIR=$co/.git GIT_WORK_TREE=$co check --format github "$co/governance") > gh-env.txt
expect "GIT_DIR and GIT_WORK_TREE: the same annotations" cmp -s gh.txt gh-env.txt

# a folder name GitHub's escaping and a URI must encode
mkdir -p "$co/a b,c" && git mv governance "a b,c/gov" && git commit -qm "moved"
check --format github "a b,c/gov" > gh-odd.txt
expect "github: the folder's ',' escaped as %2C" grep -q '^::error file=a b%2Cc/gov/plans/' gh-odd.txt
check --format sarif "a b,c/gov" > odd.sarif
expect "sarif: the folder percent-encoded" grep -q '"uri": "a%20b%2Cc/gov/plans/' odd.sarif

# a planning root that is the work tree's root: nothing changes
top=$tmp/top
mkdir -p "$top" && cp -r "$src/examples/." "$top/" && cd "$top" || exit 2
git init -q . && git add -A && git commit -qm "plans"
check --format github . > gh-top.txt
gh_files gh-top.txt > gh-top.files
expect "root = work tree root: github file= plans/... as before" all_start gh-top.files 'plans/\|waivers.yaml'
expect "root = work tree root: the same annotations as in governance/" \
	sh -c "sed 's/file=governance\//file=/' '$co/gh.txt' | cmp -s - gh-top.txt"
check --format sarif . > top.sarif
sarif_uris top.sarif > top.files
expect "root = work tree root: sarif uris plans/... as before" all_start top.files 'plans/\|waivers.yaml'
expect "root = work tree root: %SRCROOT% is the planning repository's root" \
	grep -q '"text": "The root of the planning repository."' top.sarif

# outside git: nothing changes
plain=$tmp/plain
mkdir -p "$plain" && cp -r "$src/examples/." "$plain/"
check --format github "$plain" > gh-plain.txt
expect "outside git: the same annotations as at a work tree's root" cmp -s gh-top.txt gh-plain.txt

# a .git libgit2 cannot open: paths as outside git, and a note says why
broken=$tmp/broken
mkdir -p "$broken" && cp -r "$src/examples" "$broken/governance" && : > "$broken/.git"
"$gl" check --as-of 2026-12-01 --format github "$broken/governance" > gh-broken.txt 2> broken.err
expect "an unreadable .git: the annotations of a run outside git" cmp -s gh-plain.txt gh-broken.txt
expect "... and a note that names are relative to the planning root" \
	grep -q 'note: file names in the report are relative to .*, not to the git work tree' broken.err

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
