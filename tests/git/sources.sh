#!/bin/sh
# The work tree, the index (--staged) and a revision (--baseline, --since)
# agree on what is a plan and what is not: a submodule, a symlink to a
# folder, a link to the roster; an unmerged roster or config stops a run;
# a revision beyond a shallow clone's cut is said to be so. Real
# repositories built with the git program (a test may run git; govlint
# never does).
#
#   sh tests/git/sources.sh GOVLINT        run from the repository root
#
# The last line is `N passed, M failed`; the exit status is 1 when a check failed.
set -u
case $1 in /*) gl=$1 ;; *) gl=$(pwd -P)/$1 ;; esac
src=$(pwd -P)
command -v git >/dev/null 2>&1 || { echo "SKIP: git is not installed"; echo "0 passed, 0 failed"; exit 0; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/govlint-sources.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_CEILING_DIRECTORIES 2>/dev/null
export HOME="$tmp/home" GIT_CONFIG_NOSYSTEM=1 LC_ALL=C
mkdir -p "$HOME"
git config --global user.name "Test Author"
git config --global user.email test@example.org
git config --global init.defaultBranch main
git config --global protocol.file.allow always   # submodules from a local folder
pass=0 fail=0
expect() { d=$1; shift; if "$@"; then pass=$((pass + 1)); echo "ok   $d"; else fail=$((fail + 1)); echo "FAIL $d"; fi; }
check() { "$gl" check --as-of 2026-12-01 --no-color "$@"; }
# "new unchanged absent" of a json report's summary.baseline
base_counts() {
	sed -n 's/.*"baseline": {"rev": "[^"]*", "new": \([0-9]*\), "unchanged": \([0-9]*\), "absent": \([0-9]*\).*/\1 \2 \3/p'
}
# SOURCE-OPTIONS...: the findings of the work tree and of the index, which
# must be the same on a clean tree, compared; and --baseline HEAD finds
# nothing new there, nor anything HEAD had that is gone
agree() { # DESCRIPTION
	check -q . > wt.txt 2>&1
	check -q --staged . > idx.txt 2>&1
	expect "$1: the work tree and the index give the same findings" cmp -s wt.txt idx.txt
	check --baseline HEAD --format json . 2>&1 | base_counts > base.txt
	expect "$1: --baseline HEAD on a clean tree: nothing new, nothing absent" \
		sh -c '[ "$(cut -d" " -f1,3 base.txt)" = "0 0" ]'
}
new_repo() { # DIR: a repository holding the examples, committed
	mkdir -p "$1" && cp -r "$src/examples/." "$1/" && cd "$1" || exit 2
	git init -q . && git add -A && git commit -qm plans
}

# ---- a submodule under plans/: listed, not checked, wherever it is read from
vendor=$tmp/vendor
mkdir -p "$vendor/plans" && cd "$vendor" || exit 2
cp "$src/examples/people.yaml" . && cp "$src/examples/plans/stroke-lvo-alerting.yaml" plans/v.yaml
git init -q . && git add -A && git commit -qm vendor
new_repo "$tmp/sub"
git submodule add -q "$vendor" plans/vendor && git commit -qm "vendor plans as a submodule" || exit 2
check . > sub.txt
expect "submodule: the work tree does not enter it" sh -c '! grep -q "^plans/vendor/" sub.txt'
expect "submodule: the work tree lists it as the index does" \
	grep -q '^plans/vendor:1:1: error: cannot read the plan: submodule: not checked \[GOV-YAML-001\]$' sub.txt
agree "submodule"
# libgit2 1.5 diffing a submodule leaks the pcre2 match data of a regex
# search (libgit2#6382, fixed in 1.6): LeakSanitizer would turn exit 1 into its own
ASAN_OPTIONS=detect_leaks=0 check --since HEAD~1 . > since.txt
expect "submodule: --since the commit adding it reports it" \
	sh -c 'grep -q "^1 plan checked" since.txt && grep -q "^plans/vendor:1:1: .*submodule: not checked" since.txt'
# a folder holding .git that git was never told about: another repository all the same
mkdir -p plans/nested && cp "$vendor/plans/v.yaml" plans/nested/n.yaml &&
	(cd plans/nested && git init -q .) || exit 2
check -q . > nested.txt
expect "a nested repository: not entered" sh -c '! grep -q "^plans/nested/" nested.txt'
expect "... and listed as a submodule" grep -q '^plans/nested:1:1: .*submodule: not checked' nested.txt
rm -rf plans/nested

# ---- a symlink to a folder, named like a plan: a finding in every source
new_repo "$tmp/dirlink"
mkdir archive && echo keep > archive/README && ln -s ../archive plans/old.yaml &&
	git add -A && git commit -qm "a link to a folder" || exit 2
check . > dirlink.txt
expect "a link to a folder: the work tree reports it" \
	grep -q '^plans/old.yaml:1:1: error: cannot read the plan: a folder, not a file \[GOV-YAML-001\]$' dirlink.txt
expect "... and counts it as a plan" grep -q '^6 plans checked' dirlink.txt
agree "a link to a folder"

# ---- a link to the roster (or a hard link, in the work tree) is no plan
new_repo "$tmp/roster"
ln -s ../people.yaml plans/people.yaml && ln -s ../people.yaml plans/team.yaml &&
	git add -A && git commit -qm "the roster beside the plans" || exit 2
check . > roster.txt
expect "a link to the roster: not checked as a plan" \
	sh -c '! grep -q "^plans/people.yaml\|^plans/team.yaml" roster.txt'
expect "... 5 plans checked, not 6" grep -q '^5 plans checked' roster.txt
agree "a link to the roster"
mv plans/people.yaml people.link   # else plans/, holding a people.yaml, is the root of a PATH in it
for opt in "" --staged; do
	check $opt plans/team.yaml > /dev/null 2> err.txt
	expect "... named as a PATH (${opt:-the work tree}) it is refused as the roster (exit 2)" \
		sh -c "[ $? = 2 ] && grep -q '^govlint: plans/team.yaml is the roster, not a plan$' err.txt"
done
mv people.link plans/people.yaml
check -o plans/people.yaml . > /dev/null 2> err.txt
expect "... and -o says it is the roster" grep -q "is a file govlint reads (the roster)" err.txt
ln people.yaml plans/copy.yaml
check . > hard.txt
expect "a hard link to the roster in the work tree: no plan" \
	sh -c '! grep -q "^plans/copy.yaml" hard.txt && grep -q "^5 plans checked" hard.txt'
rm plans/copy.yaml
# the roster itself a link, and a plan linking to the same file
mkdir data && git mv people.yaml data/people.yaml && ln -s data/people.yaml people.yaml &&
	rm plans/people.yaml plans/team.yaml && ln -s ../data/people.yaml plans/people.yaml &&
	git add -A && git commit -qm "the roster in data/" || exit 2
agree "a link to the file the roster links to"
expect "... which is no plan" sh -c '! grep -q "^plans/people.yaml" idx.txt'
# the roster a link to a file among the plans, none of which is a link:
# that file is the roster, not a plan (the listing is not stat'ed file by
# file, but the roster is seen to be another name)
(new_repo "$tmp/roster-in-plans"
git mv people.yaml plans/team.yaml && ln -s plans/team.yaml people.yaml &&
	git add -A && git commit -qm "the roster among the plans" || exit 2
check . > inplans.txt
expect "the roster a link to a file among the plans: that file is no plan" \
	sh -c '! grep -q "^plans/team.yaml" inplans.txt && grep -q "^5 plans checked" inplans.txt'
agree "the roster a link to a file among the plans"
echo "$pass $fail" > "$tmp/counts") || exit 2
read pass fail < "$tmp/counts"
# a link to the waivers file and to the config
ln -s ../.govlint.yaml plans/config.yaml && printf 'waivers: []\n' > waivers.yaml &&
	ln -s ../waivers.yaml plans/waivers.yaml && git add -A && git commit -qm "more links" || exit 2
agree "links to the config and the waivers file"
expect "... which are no plans" sh -c '! grep -q "^plans/config.yaml\|^plans/waivers.yaml" idx.txt'

# ---- --staged during a conflicted merge: an unmerged roster or config stops
# the run (the roster not named in the config: it was read as absent)
conflict() { # FILE: a merge leaving FILE unmerged in the index
	new_repo "$tmp/merge-$(echo "$1" | tr -d .)"
	sed -i '/^roster:/d' .govlint.yaml && git commit -qam "the roster by default" || exit 2
	git checkout -qb side && echo "# side" >> "$1" && git commit -qam side &&
		git checkout -q main && echo "# main" >> "$1" && git commit -qam main || exit 2
	git merge -q side > /dev/null 2>&1
	[ "$(git ls-files -u "$1" | wc -l)" = 3 ] || exit 2
}
for f in people.yaml .govlint.yaml; do
	conflict "$f"
	check --staged . > out.txt 2> err.txt
	rc=$?
	expect "an unmerged $f: --staged stops with exit 2" [ "$rc" = 2 ]
	expect "... naming the file" \
		grep -q "^govlint: $f: unmerged in the index: resolve the conflict, then git add it$" err.txt
	expect "... and reports nothing" [ ! -s out.txt ]
done

# ---- a revision beyond a shallow clone's cut
new_repo "$tmp/deep"
for i in 1 2 3; do echo "# $i" >> plans/stroke-lvo-alerting.yaml && git commit -qam "n$i"; done
cd "$tmp" && git clone -q --depth 2 "file://$tmp/deep" shallow && cd shallow || exit 2
for opt in --since --baseline; do
	check $opt HEAD~3 . > /dev/null 2> err.txt
	rc=$?
	expect "$opt beyond the shallow cut: exit 2" [ "$rc" = 2 ]
	expect "... saying the clone is shallow and how to fetch more" \
		grep -q "^govlint: $opt HEAD~3: unknown revision 'HEAD~3': .*; the clone is shallow, and its history may stop before it: fetch more history (git fetch --unshallow, or fetch-depth: 0 in actions/checkout)$" err.txt
done
cd "$tmp/deep" || exit 2
check --since nosuch . > /dev/null 2> err.txt
expect "an unknown revision in a full clone: not said to be shallow" \
	sh -c "grep -q \"unknown revision 'nosuch'\" err.txt && ! grep -q shallow err.txt"

# The pre-commit hook checks the one staged plan and reads the others' ids
# from the index, several threads at once: 40 plans, two of the unstaged
# ones sharing ids with others, at --jobs 1 and 4
cd "$tmp" && rm -rf ids && mkdir -p ids/plans && cd ids || exit 2
cp "$src/examples/people.yaml" . && printf 'signoff_provenance: off\n' > .govlint.yaml
for i in $(seq 10 49); do
	sed "s/^id: northgate-fracture-assist/id: plan-$i/" "$src/examples/plans/northgate-fracture-assist.yaml" > "plans/p$i.yaml"
done
sed -i 's/^id: plan-44/id: plan-15/' plans/p44.yaml && sed -i 's/^id: plan-33/id: plan-20/' plans/p33.yaml
git init -q . && git add -A && git commit -qm plans
sed -i 's/^title: /title: Edited, /' plans/p15.yaml plans/p20.yaml && git add plans/p15.yaml plans/p20.yaml
check -q --jobs 1 --staged --since HEAD . > j1.txt 2>&1
check -q --jobs 4 --staged --since HEAD . > j4.txt 2>&1
expect "the hook reads the other plans' ids from the index: both duplicates reported" \
	sh -c "grep -q \"plans/p15.yaml:.*'plan-15' is also the id of plans/p44.yaml\" j1.txt &&
		grep -q \"plans/p20.yaml:.*'plan-20' is also the id of plans/p33.yaml\" j1.txt"
expect "... and --jobs 4 writes --jobs 1's bytes" cmp -s j1.txt j4.txt
# ... and not the work tree's, where p44's id is unique again and p45 takes
# plan-20, neither staged
sed -i 's/^id: plan-15/id: plan-44/' plans/p44.yaml && sed -i 's/^id: plan-45/id: plan-20/' plans/p45.yaml
check -q --staged --since HEAD . > unstaged.txt 2>&1
expect "... not their unstaged edits" cmp -s j1.txt unstaged.txt

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
