#!/bin/sh
# End-to-end test of govlint in git's pre-commit hook, with the git program
# (a test may run git; govlint itself never does).
#
#   sh tests/git/hook.sh GOVLINT        run from the repository root
#
# In throwaway repositories, with no global or system git config:
#   1. `govlint hook install` outside a repository and in a bare one fails
#      clearly; over an existing (foreign) hook it keeps that hook, which
#      runs first; installing again changes nothing; `govlint hook
#      uninstall` puts the foreign hook back byte for byte, mode included.
#   2. Commits through the installed hook: a plan with a blocking gap is
#      rejected with govlint's message; fixing it in the work tree without
#      staging changes nothing; staging the fix lets it through; an
#      unstaged gap does not stop a commit, but `git commit -a` (which
#      stages it) is stopped; a plan copied without a new id is stopped
#      (GOV-DOC-004 against the plans the hook does not check); the foreign
#      hook's failure stops a commit; an expired waiver of another plan
#      does not, one of the plan committed does.
#   3. The same with core.hooksPath, and with the planning repository in a
#      subfolder of the work tree; a global core.hooksPath (every
#      repository's hooks folder) is refused, a repository's own is used.
#   4. The pre-commit framework (Debian package pre-commit) with this
#      repository's .pre-commit-hooks.yaml: the same verdicts.
# Parts 2-4 need `govlint check --staged`; they are skipped, with a message,
# when `govlint check --help` does not mention it. Part 4 is skipped when the
# pre-commit program is not installed. The plans are checked against a
# one-rule local pack (the plan names its owner), so no verdict depends on
# the date or on the built-in packs.
#
# The last line is `N passed, M failed`; the exit status is 1 when a check
# failed, 2 on a harness error.

set -u

if [ $# -ne 1 ]; then
	echo "usage: sh tests/git/hook.sh GOVLINT" >&2
	exit 2
fi
case $1 in
/*) GOVLINT=$1 ;;
*) GOVLINT=$(pwd -P)/$1 ;;
esac
if [ ! -x "$GOVLINT" ]; then
	echo "hook.sh: $1 is not an executable (build it with make)" >&2
	exit 2
fi
src=$(cd "$(dirname "$0")/../.." && pwd -P)
if ! command -v git >/dev/null 2>&1; then
	echo "SKIP: the git program is not installed (apt-get install git)"
	echo "0 passed, 0 failed"
	exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/govlint-hook.XXXXXX") || exit 2
tmp=$(cd "$tmp" && pwd -P)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT PIPE TERM

# Nothing from the caller's git setup.
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY GIT_COMMON_DIR \
	GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_AUTHOR_DATE GIT_COMMITTER_NAME \
	GIT_COMMITTER_EMAIL GIT_COMMITTER_DATE PRE_COMMIT_HOME 2>/dev/null
HOME=$tmp/home
XDG_CONFIG_HOME=$tmp/home/.config
GIT_CONFIG_NOSYSTEM=1
GIT_CEILING_DIRECTORIES=$tmp
LC_ALL=C
TZ=UTC
export HOME XDG_CONFIG_HOME GIT_CONFIG_NOSYSTEM GIT_CEILING_DIRECTORIES LC_ALL TZ
mkdir -p "$HOME" || exit 2
git config --global init.defaultBranch main
git config --global user.name "Olivia Grant"
git config --global user.email olivia.grant@example.org

passed=0
failed=0
out=$tmp/out

# check LABEL CMD...: one assertion; on failure, the last output is shown.
check() {
	label=$1
	shift
	if "$@"; then
		passed=$((passed + 1))
		echo "ok   $label"
	else
		failed=$((failed + 1))
		echo "FAIL $label"
		[ -s "$out" ] && sed 's/^/     | /' "$out"
	fi
}

# run CMD...: runs CMD with output to $out; its exit status in $rc.
run() {
	"$@" >"$out" 2>&1
	rc=$?
}
status_is() { [ "$rc" = "$1" ]; }
status_not() { [ "$rc" != "$1" ]; }
says() { grep -q -- "$1" "$out"; }
lacks() { ! grep -q -- "$1" "$2"; }
same_file() { cmp -s "$1" "$2"; }
mode_of() { stat -c %a "$1"; }

# A planning repository: config, roster, a one-rule pack. plan FILE ok|gap.
planning() {
	mkdir -p "$1/plans" "$1/policy-rules" || exit 2
	printf 'packs: [./policy-rules/gate.yaml]\n' >"$1/.govlint.yaml"
	printf 'people:\n  - {id: olivia.grant, name: Olivia Grant, email: olivia.grant@example.org}\n' \
		>"$1/people.yaml"
	cat >"$1/policy-rules/gate.yaml" <<'EOF'
pack: hook-test
version: "1"
rules:
  - id: HOOK-001
    title: Every plan names its owner
    area: plan
    severity: error
    enforcement: hard
    message: "the plan names no owner"
    rationale: Someone must answer for the rollout.
    help: Set owner to a person of people.yaml.
    require:
      - nonempty: owner
EOF
}
plan() {
	if [ "$2" = ok ]; then
		printf 'id: p1\ntitle: A rollout\nowner: olivia.grant\n' >"$1"
	else
		printf 'id: p1\ntitle: A rollout\n' >"$1"
	fi
}

# new_repo DIR [SUBFOLDER]: a repository with a committed planning repo.
new_repo() {
	git init -q "$1" || exit 2
	planning "$1/${2:-.}"
	(cd "$1" && git add -A && git commit -q -m base) || exit 2
}

# commit_in DIR MSG [git commit options]: commits, output in $out.
commit_in() {
	d=$1
	m=$2
	shift 2
	run git -C "$d" commit -m "$m" "$@"
}

# ---- 1. install and uninstall --------------------------------------------

mkdir "$tmp/norepo"
run sh -c "cd '$tmp/norepo' && exec '$GOVLINT' hook install"
check "install outside a repository: exit 2" status_is 2
check "install outside a repository: says so" says "not in a git repository"
git init -q --bare "$tmp/bare.git" || exit 2
run "$GOVLINT" hook install "$tmp/bare.git"
check "install in a bare repository: exit 2" status_is 2
check "install in a bare repository: says so" says "bare git repository"
new_repo "$tmp/dirhook"
mkdir -p "$tmp/dirhook/.git/hooks/pre-commit/kept"
run "$GOVLINT" hook install "$tmp/dirhook"
check "install where pre-commit is a folder: exit 2" status_is 2
check "install where pre-commit is a folder: says so" \
	says "hooks/pre-commit: a folder where the hook should be"
check "install where pre-commit is a folder: leaves it" test -d "$tmp/dirhook/.git/hooks/pre-commit/kept"

r=$tmp/repo
new_repo "$r"
hooks=$r/.git/hooks
mkdir -p "$hooks"
cat >"$hooks/pre-commit" <<'EOF'
#!/bin/sh
# a foreign hook: logs that it ran; fails when FOREIGN_FAIL is set
echo foreign >>"$(git rev-parse --git-dir)/foreign.log"
[ -z "${FOREIGN_FAIL:-}" ]
EOF
chmod 750 "$hooks/pre-commit"
cp -p "$hooks/pre-commit" "$tmp/foreign.orig"

run sh -c "cd '$r' && exec '$GOVLINT' hook install"
check "install over a foreign hook: exit 0" status_is 0
check "install over a foreign hook: keeps it" says "kept as pre-commit.govlint-chained"
check "the foreign hook is kept byte for byte" same_file "$hooks/pre-commit.govlint-chained" \
	"$tmp/foreign.orig"
check "govlint's hook runs check --staged" grep -q "check --staged" "$hooks/pre-commit"
cp -p "$hooks/pre-commit" "$tmp/ours"
run sh -c "cd '$r' && exec '$GOVLINT' hook install"
check "install again: exit 0" status_is 0
check "install again: already installed" says "already installed"
check "install again: the hook is unchanged" same_file "$hooks/pre-commit" "$tmp/ours"

# ---- 2. commits through the hook ----------------------------------------

staged=0
if "$GOVLINT" check --help 2>/dev/null | grep -q -- --staged; then
	staged=1
else
	echo "SKIP: commits through the hook: 'govlint check --help' does not mention --staged"
fi

if [ $staged = 1 ]; then
	plan "$r/plans/p1.yaml" gap
	git -C "$r" add plans/p1.yaml
	commit_in "$r" "add a plan with a gap"
	check "a plan with a blocking gap: commit rejected" status_not 0
	check "a plan with a blocking gap: govlint says why" says "HOOK-001"
	check "the chained foreign hook ran first" grep -q foreign "$r/.git/foreign.log"

	plan "$r/plans/p1.yaml" ok
	commit_in "$r" "fixed, not staged"
	check "fixed in the work tree only: still rejected" status_not 0
	check "fixed in the work tree only: govlint says why" says "HOOK-001"

	git -C "$r" add plans/p1.yaml
	commit_in "$r" "fixed and staged"
	check "fix staged: commit goes through" status_is 0

	# A copy keeps its twin's id: the hook checks the copy alone, against
	# the ids of the plans it does not check (the twin sorts after it).
	cp "$r/plans/p1.yaml" "$r/plans/a-copy.yaml"
	git -C "$r" add plans/a-copy.yaml
	commit_in "$r" "a copied plan keeps the id p1"
	check "a plan copied without a new id: commit rejected" status_not 0
	check "a plan copied without a new id: govlint names the twin" \
		says "plan id 'p1' is also the id of plans/p1.yaml"
	git -C "$r" rm -q --cached plans/a-copy.yaml
	rm "$r/plans/a-copy.yaml"

	plan "$r/plans/p1.yaml" gap
	echo notes >"$r/notes.txt"
	git -C "$r" add notes.txt
	commit_in "$r" "unrelated, with an unstaged gap"
	check "an unstaged gap does not stop a commit" status_is 0
	echo more >>"$r/notes.txt"
	commit_in "$r" "commit -a stages the gap" -a
	check "git commit -a with the gap: rejected" status_not 0
	git -C "$r" checkout -q -- notes.txt plans/p1.yaml

	echo change >>"$r/notes.txt"
	git -C "$r" add notes.txt
	FOREIGN_FAIL=1
	export FOREIGN_FAIL
	commit_in "$r" "the foreign hook fails"
	unset FOREIGN_FAIL
	check "the foreign hook's failure stops the commit" status_not 0
	git -C "$r" reset -q --hard

	# An expired waiver is judged with its plan: a commit of another plan
	# goes through (it was refused for p1's expired waiver), one of p1 not.
	cat >>"$r/policy-rules/gate.yaml" <<'EOF'
  - id: HOOK-002
    title: Every plan has a title
    area: plan
    severity: warning
    enforcement: soft
    message: "the plan has no title"
    rationale: A plan is found by its title.
    help: Set title.
    require:
      - nonempty: title
EOF
	printf 'people:\n  - {id: olivia.grant, name: Olivia Grant, email: olivia.grant@example.org, roles: [governance-chair]}\n' \
		>"$r/people.yaml"
	printf 'waivers:\n  - {rule: HOOK-002, plan: p1, reason: the title is being agreed, approved_by: olivia.grant, expires: 2020-01-31}\n' \
		>"$r/waivers.yaml"
	plan "$r/plans/p2.yaml" ok
	sed -i 's/^id: p1/id: p2/' "$r/plans/p2.yaml"
	git -C "$r" add -A && git -C "$r" commit -q --no-verify -m "an expired waiver of p1" || exit 2
	echo "# reviewed" >>"$r/plans/p2.yaml"
	git -C "$r" add plans/p2.yaml
	commit_in "$r" "p2 only"
	check "another plan's expired waiver does not stop a commit" status_is 0
	echo "# reviewed" >>"$r/plans/p1.yaml"
	git -C "$r" add plans/p1.yaml
	commit_in "$r" "p1"
	check "the committed plan's expired waiver stops the commit" status_not 0
	check "the committed plan's expired waiver: govlint says why" \
		says "waiver of HOOK-002 for p1 expired on 2020-01-31"
	git -C "$r" reset -q --hard
fi

run sh -c "cd '$r' && exec '$GOVLINT' hook uninstall"
check "uninstall: exit 0" status_is 0
check "uninstall: the foreign hook is back byte for byte" same_file "$hooks/pre-commit" \
	"$tmp/foreign.orig"
check "uninstall: with its mode (750)" test "$(mode_of "$hooks/pre-commit")" = 750
check "uninstall: no chained hook is left" test ! -e "$hooks/pre-commit.govlint-chained"
run sh -c "cd '$r' && exec '$GOVLINT' hook uninstall"
check "uninstall again: exit 2" status_is 2
check "uninstall again: not installed" says "not installed"

# ---- 3. core.hooksPath, and a planning repository in a subfolder ----------

r2=$tmp/repo2
new_repo "$r2" gov
git -C "$r2" config core.hooksPath .githooks
run "$GOVLINT" hook install "$r2/gov"
check "core.hooksPath: install exit 0" status_is 0
check "core.hooksPath: the hook is there" test -x "$r2/.githooks/pre-commit"
check "core.hooksPath: not in .git/hooks" test ! -e "$r2/.git/hooks/pre-commit"
if [ $staged = 1 ]; then
	plan "$r2/gov/plans/p1.yaml" gap
	git -C "$r2" add gov/plans/p1.yaml
	commit_in "$r2" "a gap in the subfolder"
	check "subfolder: a blocking gap is rejected" status_not 0
	check "subfolder: govlint says why" says "HOOK-001"
	plan "$r2/gov/plans/p1.yaml" ok
	git -C "$r2" add gov/plans/p1.yaml
	commit_in "$r2" "fixed in the subfolder"
	check "subfolder: the staged fix goes through" status_is 0
	# installed from below the planning repository: the hook checks all of it
	# (it checked only plans/site-a, and a gap beside it went through)
	mkdir -p "$r2/gov/plans/site-a" "$r2/docs"
	run sh -c "cd '$r2/gov/plans/site-a' && exec '$GOVLINT' hook install"
	check "from a plans subfolder: install exit 0" status_is 0
	check "from a plans subfolder: installed already, checking gov/" says "already installed: .*/repo2/.githooks/pre-commit (it runs in gov/)$"
	plan "$r2/gov/plans/p2.yaml" gap
	sed -i 's/^id: p1/id: p2/' "$r2/gov/plans/p2.yaml"
	git -C "$r2" add gov/plans/p2.yaml
	commit_in "$r2" "a gap beside the folder install ran in"
	check "from a plans subfolder: a gap elsewhere in the plans is rejected" status_not 0
	check "from a plans subfolder: govlint says why" says "p2.yaml.*HOOK-001"
	git -C "$r2" reset -q gov/plans/p2.yaml && rm "$r2/gov/plans/p2.yaml"
	# from a folder of no planning repository: refused, the hook left as it was
	cp "$r2/.githooks/pre-commit" "$tmp/hook-before"
	run sh -c "cd '$r2/docs' && exec '$GOVLINT' hook install"
	check "from outside the plans: install exit 2" status_is 2
	check "from outside the plans: says why" says "the current folder holds no planning repository, nor does a folder above it"
	check "from outside the plans: the hook unchanged" same_file "$tmp/hook-before" "$r2/.githooks/pre-commit"
fi
run "$GOVLINT" hook uninstall "$r2/gov"
check "core.hooksPath: uninstall removes the hook" test ! -e "$r2/.githooks/pre-commit"
check "core.hooksPath: and the hooks folder install made" test ! -e "$r2/.githooks"

# A git folder apart from the work tree (git init --separate-git-dir): git
# exports GIT_DIR to the hook, with no GIT_WORK_TREE; the work tree is where
# git runs the hook, also when the planning repository is in a subfolder
# (0 plans were checked and the gap went through)
if [ $staged = 1 ]; then
	r5=$tmp/repo5
	git init -q --separate-git-dir "$tmp/repo5.git" "$r5" && planning "$r5/gov" &&
		(cd "$r5" && git add -A && git commit -q -m base) || exit 2
	run "$GOVLINT" hook install "$r5/gov"
	plan "$r5/gov/plans/p1.yaml" gap
	git -C "$r5" add gov/plans/p1.yaml
	commit_in "$r5" "a gap, git folder apart"
	check "separate git folder: a blocking gap is rejected" status_not 0
	check "separate git folder: govlint says why" says "HOOK-001"
	run sh -c "cd '$r5' && GIT_DIR='$tmp/repo5.git' exec '$GOVLINT' check --staged gov"
	check "GIT_DIR alone: the work tree is the current folder's, as git takes it" says "HOOK-001"
fi

# A global core.hooksPath is every repository's hooks folder: not touched.
# This repository's own core.hooksPath (over the global one) still works.
git config --global core.hooksPath "$tmp/global-hooks"
r4=$tmp/repo4
new_repo "$r4"
run "$GOVLINT" hook install "$r4"
check "global core.hooksPath: install exit 2" status_is 2
check "global core.hooksPath: says why and what to do" \
	says "comes from the global (~/.gitconfig) git config, so every repository runs the hooks there"
check "global core.hooksPath: nothing written there" test ! -e "$tmp/global-hooks/pre-commit"
mkdir -p "$tmp/global-hooks" && printf '#!/bin/sh\n# govlint pre-commit hook: an older install\n' \
	> "$tmp/global-hooks/pre-commit"
run "$GOVLINT" hook uninstall "$r4"
check "global core.hooksPath: uninstall exit 2, even govlint's hook there left alone" \
	sh -c "[ $rc = 2 ] && [ -f '$tmp/global-hooks/pre-commit' ]"
git -C "$r4" config core.hooksPath .githooks
run "$GOVLINT" hook install "$r4"
check "a repository's own core.hooksPath over the global one: installed there" \
	sh -c "[ $rc = 0 ] && [ -x '$r4/.githooks/pre-commit' ]"
git config --global --unset core.hooksPath

# The same where git finds the setting through its environment: the file
# GIT_CONFIG_GLOBAL or GIT_CONFIG_SYSTEM names, or GIT_CONFIG_COUNT's entries
# (libgit2 alone reads none of them, and a hook in .git/hooks would never run)
printf '[core]\n\thooksPath = %s\n' "$tmp/global-hooks" >"$tmp/shared.cfg"
r6=$tmp/repo6
new_repo "$r6"
run env GIT_CONFIG_GLOBAL="$tmp/shared.cfg" "$GOVLINT" hook install "$r6"
check "GIT_CONFIG_GLOBAL's core.hooksPath: install exit 2" status_is 2
check "... says where it comes from" says "comes from the global (GIT_CONFIG_GLOBAL) git config"
check "... no hook in .git/hooks, which git would not run" test ! -e "$r6/.git/hooks/pre-commit"
run env GIT_CONFIG_NOSYSTEM=0 GIT_CONFIG_SYSTEM="$tmp/shared.cfg" "$GOVLINT" hook install "$r6"
check "GIT_CONFIG_SYSTEM's core.hooksPath: install exit 2" status_is 2
check "... says where it comes from" says "comes from the system (GIT_CONFIG_SYSTEM) git config"
shared_env() { # CMD...: with core.hooksPath in GIT_CONFIG_COUNT's entries
	env GIT_CONFIG_COUNT=2 GIT_CONFIG_KEY_0=user.name GIT_CONFIG_VALUE_0=x \
		GIT_CONFIG_KEY_1=Core.HooksPath GIT_CONFIG_VALUE_1="$tmp/global-hooks" "$@"
}
run shared_env "$GOVLINT" hook install "$r6"
check "GIT_CONFIG_COUNT's core.hooksPath: install exit 2" status_is 2
check "... says where it comes from" says "comes from the environment (GIT_CONFIG_COUNT) git config"
run shared_env "$GOVLINT" hook uninstall "$r6"
check "... uninstall exit 2 too" status_is 2
git -C "$r6" config core.hooksPath .githooks
run shared_env "$GOVLINT" hook install "$r6"
check "... over the repository's own core.hooksPath too, as in git" status_is 2
git -C "$r6" config --unset core.hooksPath
run env GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=core.hooksPath "$GOVLINT" hook install "$r6"
check "GIT_CONFIG_COUNT with an entry missing: exit 2, as git stops" \
	sh -c "[ $rc = 2 ] && grep -q 'GIT_CONFIG_VALUE_0 is not set' '$out'"
run env GIT_CONFIG_SYSTEM="$tmp/shared.cfg" "$GOVLINT" hook install "$r6"
check "GIT_CONFIG_NOSYSTEM=1: the system file is not read, the hook goes in .git/hooks" \
	sh -c "[ $rc = 0 ] && [ -x '$r6/.git/hooks/pre-commit' ]"

# ---- 4. the pre-commit framework -----------------------------------------

if [ $staged = 1 ] && ! command -v pre-commit >/dev/null 2>&1; then
	echo "SKIP: the pre-commit framework: pre-commit is not installed (apt-get install pre-commit)"
elif [ $staged = 1 ]; then
	# this repository's hook definition, served from a throwaway git repository
	h=$tmp/hooks-repo
	git init -q "$h" && cp "$src/.pre-commit-hooks.yaml" "$h/" &&
		git -C "$h" add -A && git -C "$h" commit -q -m hooks || exit 2
	rev=$(git -C "$h" rev-parse HEAD)
	mkdir -p "$tmp/bin" && ln -s "$GOVLINT" "$tmp/bin/govlint"
	PATH=$tmp/bin:$PATH
	PRE_COMMIT_HOME=$tmp/pre-commit-home
	export PATH PRE_COMMIT_HOME
	r3=$tmp/repo3
	git init -q "$r3" || exit 2
	planning "$r3"
	printf 'repos:\n  - repo: %s\n    rev: %s\n    hooks:\n      - id: govlint\n' \
		"$h" "$rev" >"$r3/.pre-commit-config.yaml"
	(cd "$r3" && git add -A && git commit -q -m base) || exit 2
	run sh -c "cd '$r3' && exec pre-commit install"
	check "pre-commit install: exit 0" status_is 0
	plan "$r3/plans/p1.yaml" gap
	git -C "$r3" add plans/p1.yaml
	commit_in "$r3" "framework: a gap"
	check "framework: a blocking gap is rejected" status_not 0
	check "framework: govlint says why" says "HOOK-001"
	plan "$r3/plans/p1.yaml" ok
	commit_in "$r3" "framework: fixed, not staged"
	check "framework: fixed in the work tree only: still rejected" status_not 0
	git -C "$r3" add plans/p1.yaml
	commit_in "$r3" "framework: fixed and staged"
	check "framework: the staged fix goes through" status_is 0
	plan "$r3/plans/p1.yaml" gap
	echo notes >"$r3/notes.txt"
	git -C "$r3" add notes.txt
	commit_in "$r3" "framework: an unstaged gap"
	check "framework: an unstaged gap does not stop a commit" status_is 0
	check "framework: the unstaged gap is still in the work tree" lacks owner "$r3/plans/p1.yaml"
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
