#!/bin/sh
# Sign-off provenance (GOV-SIG-001) on real repositories with two people,
# built with the git program (a test may run git; govlint never does).
#
#   sh tests/git/provenance.sh GOVLINT        run from the repository root
#
# The last line is `N passed, M failed`; the exit status is 1 when a check failed.
set -u
case $1 in /*) gl=$1 ;; *) gl=$(pwd -P)/$1 ;; esac
command -v git >/dev/null 2>&1 || { echo "SKIP: git is not installed"; echo "0 passed, 0 failed"; exit 0; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/govlint-prov.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL \
	GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL 2>/dev/null
export HOME="$tmp/home" GIT_CONFIG_NOSYSTEM=1 LC_ALL=C
mkdir -p "$HOME" && git config --global init.defaultBranch main
pass=0 fail=0
expect() { d=$1; shift; if "$@"; then pass=$((pass + 1)); echo "ok   $d"; else fail=$((fail + 1)); echo "FAIL $d"; fi; }
sig() { # SIG-001 lines of a check of the repository
	"$gl" check --as-of 2026-12-01 --no-color -q "$@" . 2>/dev/null | grep 'GOV-SIG-001' || true
}
says() { # TEXT [OPTION...]: a SIG-001 finding of a check of the repository says TEXT
	t=$1
	shift
	sig "$@" | grep -qF -- "$t"
}
as() { # NAME EMAIL git-args...: a git command as that person
	n=$1 e=$2; shift 2
	git -c user.name="$n" -c user.email="$e" "$@"
}
omar="Omar Ali" omar_mail=omar.ali@example.org
pat="Pat Director" pat_mail=pat.director@example.org

new_repo() { # a repository with the roster and a plan whose concern C-1 awaits a sign-off
	rm -rf "$tmp/repo" && mkdir -p "$tmp/repo/plans" && cd "$tmp/repo" || exit 2
	cat > people.yaml <<YAML
people:
  - {id: omar.ali, name: "Omar Ali, MD", emails: [$omar_mail], roles: [radiologist], groups: [radiology]}
  - {id: pat.director, name: Pat Director, emails: [$pat_mail], roles: [administrator], groups: [administration]}
  - {id: no.mail, name: No Mail, roles: [radiologist], groups: [radiology]}
YAML
	cat > plans/plan.yaml <<YAML
id: P-1
title: Sign-off provenance
status: review
owner: pat.director
concerns:
  - id: C-1
    raised_by: omar.ali
    group: radiology
    status: open
YAML
	git init -q . && as "$pat" "$pat_mail" add -A && as "$pat" "$pat_mail" commit -qm "plan"
}
sign() { # [PLAN]: appends omar.ali's sign-off to the plan (in the work tree)
	sed -i 's/    status: open/    status: resolved\n    sign_off: {by: omar.ali, role: radiologist, signed_at: "2026-11-12T16:40:00Z", meaning: concern-resolved}/' "${1:-plans/plan.yaml}"
}

new_repo; sign
as "$omar" "$omar_mail" commit -qam "C-1 resolved"
expect "the clinician committing their own sign-off passes" [ -z "$(sig)" ]

new_repo; sign
as "$pat" "$pat_mail" commit -qam "C-1 resolved"
out=$(sig)
expect "the owner committing the clinician's sign-off fails" [ -n "$out" ]
expect "... naming the owner as the one who wrote it" sh -c "echo '$out' | grep -q 'written by Pat Director <$pat_mail> in commit'"
expect "... as a warning by default" sh -c "echo '$out' | grep -q ': warning: '"

new_repo; sign
as "$pat" "$pat_mail" commit -qam "C-1 resolved

Signed-off-by: $omar <$omar_mail>"
expect "the same with the clinician's Signed-off-by trailer passes" [ -z "$(sig)" ]

new_repo; sign
as "$omar" "$omar_mail" commit -qam "C-1 resolved"
sed -i 's/^    sign_off: {by: omar.ali,/    sign_off: {by:   omar.ali,/' plans/plan.yaml
as "$pat" "$pat_mail" commit -qam "reformat"
expect "a later whitespace-only reformat by someone else still passes" [ -z "$(sig)" ]

new_repo; sign
as "$omar" "$omar_mail" commit -qam "C-1 resolved"
sed -i 's/by: omar.ali, role: radiologist/by: omar.ali, role: radiologist (lead)/' plans/plan.yaml
as "$pat" "$pat_mail" commit -qam "edit"
expect "a real edit of the sign-off line by someone else fails" [ -n "$(sig)" ]

# Only whitespace that cannot change a value is a reformat: a space put
# inside a value is an edit (blame alone, which ignores every space, saw none)
new_repo; sign
as "$omar" "$omar_mail" commit -qam "C-1 resolved"
sed -i 's/^    sign_off: {by: omar.ali, role: radiologist, /    sign_off: { by:  omar.ali ,role:\tradiologist,  /; s/concern-resolved}/concern-resolved }  /' plans/plan.yaml
as "$pat" "$pat_mail" commit -qam "reformat around the flow punctuation"
expect "a reformat around a flow mapping's punctuation by someone else passes" [ -z "$(sig)" ]
sed -i 's/radiologist,/radio logist,/' plans/plan.yaml
expect "a space put inside a value of the sign-off line, not committed, is the committer's" \
	says 'not committed yet'
as "$pat" "$pat_mail" commit -qam "a space inside the role"
expect "... and once committed by someone else, it is theirs" \
	says 'written by Pat Director'
sed -i 's/radio logist,/radiologist,/' plans/plan.yaml
as "$pat" "$pat_mail" commit -qam "the space taken out again"
expect "... while the value as its signer wrote it is the signer's again" [ -z "$(sig)" ]

# ... and a reformat after such an edit is not the edit: the line stays
# the editor's, even when its signer is the one who reformats it
new_repo; sign
as "$omar" "$omar_mail" commit -qam "C-1 resolved"
sed -i 's/radiologist,/radio logist,/' plans/plan.yaml
as "$pat" "$pat_mail" commit -qam "a space inside the role"
sed -i 's/^    sign_off: {by: omar.ali,/    sign_off: {by:   omar.ali,/' plans/plan.yaml
as "$omar" "$omar_mail" commit -qam "reformat"
expect "a space put inside a value by someone else, then reformatted by the signer, is still theirs" \
	says 'written by Pat Director'

# A sign-off written as the file's last line, without a newline: a line
# added after it gives it one, whitespace that changes no value, as a
# reformat; so the pre-commit hook of the one who adds it passes
new_repo; sign
printf '%s' "$(cat plans/plan.yaml)" > last.yaml && mv last.yaml plans/plan.yaml
as "$omar" "$omar_mail" commit -qam "C-1 resolved, no newline at the end"
printf '\n%s\n' '  - id: C-2' '    raised_by: pat.director' '    group: radiology' >> plans/plan.yaml
git config user.name "$pat" && git config user.email "$pat_mail"
expect "a line added after a sign-off that ended the file without a newline leaves it the signer's" \
	[ -z "$(sig)" ]
git add plans/plan.yaml
expect "... staged, as the pre-commit hook checks it" [ -z "$(sig --staged)" ]
as "$pat" "$pat_mail" commit -qm "C-2 raised"
expect "... and committed" [ -z "$(sig)" ]

# A sign-off line moved among the others (concerns reordered) is the
# mover's, as git blame without -M says: moved, it may sign something else
new_repo; sign
printf '%s\n' '  - id: C-2' '    raised_by: pat.director' '    group: radiology' \
	'    category: workload' '    severity: low' '    text: Reads per hour' '    status: open' \
	>> plans/plan.yaml
as "$omar" "$omar_mail" commit -qam "C-1 resolved, C-2 raised"
awk '/^  - id: C-1/ { c1 = 1 } /^  - id: C-2/ { c1 = 0 }
	c1 { held = held $0 "\n"; next } { print } END { printf "%s", held }' plans/plan.yaml > moved.yaml
mv moved.yaml plans/plan.yaml
as "$pat" "$pat_mail" commit -qam "C-2 first"
expect "a sign-off line moved by someone else (concerns reordered) is theirs" \
	says 'written by Pat Director'
as "$pat" "$pat_mail" commit -q --amend -m "C-2 first

Signed-off-by: $omar <$omar_mail>"
expect "... unless the signer signs the move off" [ -z "$(sig)" ]

new_repo; sign
git add plans/plan.yaml
git config user.name "$pat" && git config user.email "$pat_mail"
out=$(sig --staged)
printf '%s\n' "$out" > staged-sig.txt
expect "a staged, uncommitted sign-off counts as the author's (wrong one fails, saying what to do)" \
	grep -qF "not committed yet and the commit's author is Pat Director <pat.director@example.org>, not omar.ali (commit it as omar.ali, or with git commit --author)" staged-sig.txt
rm staged-sig.txt
git config user.name "$omar" && git config user.email "$omar_mail"
expect "... and the right committer passes" [ -z "$(sig --staged)" ]
"$gl" hook install > /dev/null
git config user.name "$pat" && git config user.email "$pat_mail"
cat > sig.yaml <<YAML
pack: sig-only   # the provenance rule alone: the plan's other gaps do not block here
rules:
  - {id: SIG, title: Sign-offs committed by their signers, area: signatures, severity: error,
     rationale: r, help: h, require: {provenance: 'concerns[*].sign_off.by'}}
YAML
printf 'signoff_provenance: require\npacks: [./sig.yaml]\n' > .govlint.yaml
git add .govlint.yaml sig.yaml
expect "the pre-commit hook stops the wrong committer's sign-off (require)" \
	sh -c '! git commit -qm "C-1 resolved" > /dev/null 2>&1'
git config user.name "$omar" && git config user.email "$omar_mail"
expect "... and lets the signer's own commit through" sh -c 'git commit -qm "C-1 resolved" > /dev/null 2>&1'

new_repo; sign
as "$pat" "$pat_mail" commit -qam "C-1 resolved"
printf 'signoff_provenance: require\n' > .govlint.yaml
expect "signoff_provenance: require makes it an error" says ': error: '
printf 'signoff_provenance: off\n' > .govlint.yaml
expect "signoff_provenance: off checks nothing" [ -z "$(sig)" ]
rm .govlint.yaml
printf 'trial: {protocol_id: T-1}\n' >> plans/plan.yaml
as "$pat" "$pat_mail" commit -qam "trial"
expect "a trial plan makes it an error by default" says ': error: '

new_repo
sed -i 's/    status: open/    status: resolved\n    sign_off: {by: no.mail, role: radiologist, signed_at: "2026-11-12T16:40:00Z", meaning: concern-resolved}/' plans/plan.yaml
as "$omar" "$omar_mail" commit -qam "C-1 resolved"
expect "a signer without an e-mail gets a specific message" sh -c "'$gl' check --as-of 2026-12-01 -q . 2>/dev/null | grep -q 'no.mail has no e-mail in people.yaml'"

# A signer only the plan lists has no e-mail in people.yaml, whatever the
# plan's own entry says: its author cannot vouch for himself
new_repo
sed -i 's/    status: open/    status: resolved\n    sign_off: {by: ext.rad, role: radiologist, signed_at: "2026-11-12T16:40:00Z", meaning: concern-resolved}/' plans/plan.yaml
printf 'people:\n  - {id: ext.rad, name: External Reader, emails: [%s], roles: [radiologist]}\n' "$pat_mail" >> plans/plan.yaml
as "$pat" "$pat_mail" commit -qam "C-1 resolved by a reader the plan defines"
expect "a plan's own people: cannot supply the e-mail a sign-off is traced to" \
	says 'ext.rad has no e-mail in people.yaml'

new_repo; sign
expect "an uncommitted sign-off without a git identity says git has none" \
	says 'not committed yet and git has no user.name/user.email to attribute it to'
# ... the identity as git reads its config: from the file GIT_CONFIG_GLOBAL
# names (instead of ~/.gitconfig), or GIT_CONFIG_COUNT's entries over it
git add plans/plan.yaml
printf '[user]\n\tname = %s\n\temail = %s\n' "$omar" "$omar_mail" > "$tmp/omar.cfg"
out=$(GIT_CONFIG_GLOBAL=$tmp/omar.cfg "$gl" check --as-of 2026-12-01 -q --staged . 2>/dev/null |
	grep GOV-SIG-001)
expect "a staged sign-off: the committer GIT_CONFIG_GLOBAL's file names is the signer: passes" [ -z "$out" ]
out=$(GIT_CONFIG_GLOBAL=$tmp/omar.cfg GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=user.email \
	GIT_CONFIG_VALUE_0=$pat_mail "$gl" check --as-of 2026-12-01 -q --staged . 2>/dev/null |
	grep GOV-SIG-001)
printf '%s\n' "$out" > "$tmp/id.txt"
expect "... and an e-mail GIT_CONFIG_COUNT's entries set over it is the committer's" \
	grep -qF "the commit's author is Omar Ali <$pat_mail>" "$tmp/id.txt"

new_repo; sign
as "$omar" "$omar_mail" commit -qam "C-1 resolved"
cd "$tmp" && rm -rf shallow && git clone -q --depth 1 "file://$tmp/repo" shallow 2>/dev/null && cd shallow
"$gl" check --as-of 2026-12-01 . > /dev/null 2> "$tmp/shallow.err"
expect "a shallow clone is noted" grep -q "the clone is shallow" "$tmp/shallow.err"
git config user.name "$omar" && git config user.email "$omar_mail"
expect "... and a sign-off cut off from its history is not traced, not passed as the committer's" \
	says "the shallow clone's history stops before line 10 was written"
# Blame stops at the clone's oldest commit, line by line: a sign-off written
# after that commit is traced, one written at or before it is not
shallow() { # DEPTH: a fresh clone of the repository, in $tmp/shallow
	cd "$tmp" && rm -rf shallow && git clone -q --depth "$1" "file://$tmp/repo" shallow 2>/dev/null &&
		cd shallow
}
cd "$tmp/repo" && echo "# note" >> people.yaml && as "$pat" "$pat_mail" commit -qam note
sed -i 's/^title: Sign-off provenance/title: Provenance/' plans/plan.yaml
as "$pat" "$pat_mail" commit -qam title
shallow 2
expect "a shallow clone: a sign-off older than the clone is not traced" \
	says 'stops before line 10 was written'
cd "$tmp/repo" && sed -i 's/16:40:00Z/16:41:00Z/' plans/plan.yaml
as "$omar" "$omar_mail" commit -qam "C-1: time"
shallow 2
expect "... while one written inside the clone's history is traced (no finding)" [ -z "$(sig)" ]

# A clone cut in two places (--depth 1 --no-single-branch over a side
# branch): the trace stops at either cut, so Pat's forgery of Omar's
# sign-off, older than both, is not traced, never credited to the author of
# the commit the clone starts at. Which cut the shallow file lists first
# varies with the commit ids: retried until it is HEAD's, the case that
# credited Omar (a forged sign-off passed `require`) when libgit2's blame
# could stop at one cut only.
for try in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do
	new_repo; sign
	sed -i "s/^title: .*/title: Try $try/" plans/plan.yaml
	as "$pat" "$pat_mail" commit -qam "C-1 resolved (by Pat)"
	git checkout -qb side && echo "# side" >> people.yaml && as "$pat" "$pat_mail" commit -qam side &&
		git checkout -q main
	sed -i 's/^title: .*/title: Provenance/' plans/plan.yaml && as "$omar" "$omar_mail" commit -qam title
	cd "$tmp" && rm -rf shallow && git clone -q --depth 1 --no-single-branch "file://$tmp/repo" shallow &&
		cd shallow || exit 2
	[ "$(head -1 .git/shallow)" = "$(git rev-parse HEAD)" ] && break
done
expect "a clone cut in two places: an older forged sign-off is not traced, not passed" \
	says 'stops before line 10 was written'

# Uncommitted edits elsewhere in the plan move lines; blame must follow them
# (libgit2 1.5's git_blame_buffer misplaced lines after an edit)
new_repo; sign
as "$omar" "$omar_mail" commit -qam "C-1 resolved"
sed -i 's/^title: Sign-off provenance/title: Sign-off provenance, edited/' plans/plan.yaml
git add plans/plan.yaml
expect "a staged edit above a committed sign-off leaves it the signer's" [ -z "$(sig --staged)" ]
sed -i '/^status: review/d' plans/plan.yaml
git add plans/plan.yaml
expect "... and so does a staged deletion that moves it up a line" [ -z "$(sig --staged)" ]
git reset -q --hard
sed -i 's/16:40:00Z/16:41:00Z/' plans/plan.yaml
as "$pat" "$pat_mail" commit -qam "C-1: time"
sed -i '/^status: review/d' plans/plan.yaml
git add plans/plan.yaml
expect "... while a rewrite by someone else stays reported after the lines move" \
	says 'written by Pat Director' --staged
git reset -q --hard

new_repo; sign
as "$omar" "$omar_mail" commit -qam "C-1 resolved"
git mv plans/plan.yaml plans/renamed.yaml
expect "a staged rename keeps every sign-off its signer's" [ -z "$(sig --staged)" ]

# A symlinked plan: its lines were committed at the file it points to, and
# are traced there (they were all "not committed yet" at the link)
new_repo
mkdir shared && git mv plans/plan.yaml shared/plan.yaml && ln -s ../shared/plan.yaml plans/plan.yaml
git add plans/plan.yaml && as "$pat" "$pat_mail" commit -qm "the plan, shared"
sign shared/plan.yaml
as "$omar" "$omar_mail" commit -qam "C-1 resolved"
expect "a symlinked plan: the signer's own commit of the file it points to passes" [ -z "$(sig)" ]
sed -i 's/16:40:00Z/16:41:00Z/' shared/plan.yaml
as "$pat" "$pat_mail" commit -qam "C-1: time"
expect "... and someone else's rewrite of it is reported" \
	says 'written by Pat Director'
expect "... also by --staged, which follows the link in the index" \
	says 'written by Pat Director' --staged

# A merge being committed brings lines its branch already committed
new_repo
git checkout -qb side
sign
as "$omar" "$omar_mail" commit -qam "C-1 resolved on a branch"
git checkout -q main
echo "# roster note" >> people.yaml
as "$pat" "$pat_mail" commit -qam "roster note"
git config user.name "$pat" && git config user.email "$pat_mail"
git merge -q --no-commit side > /dev/null 2>&1
expect "git merge --no-commit leaves a merge in progress" test -f .git/MERGE_HEAD
expect "a merge in progress keeps the branch's sign-offs their signers'" [ -z "$(sig --staged)" ]
git merge --abort

# Committed history the trace follows back to the signer's commit: a merge
# and a rename with an edit, each committed by someone else
new_repo
git checkout -qb side
sign
as "$omar" "$omar_mail" commit -qam "C-1 resolved on a branch"
git checkout -q main
sed -i 's/^title: .*/title: Merged/' plans/plan.yaml
as "$pat" "$pat_mail" commit -qam "retitle"
as "$pat" "$pat_mail" merge -q --no-edit side > /dev/null 2>&1
expect "git merged the branch cleanly" [ "$(git rev-list --count --merges HEAD)" = 1 ]
expect "a merge someone else committed keeps the branch's sign-off its signer's" [ -z "$(sig)" ]
git mv plans/plan.yaml plans/renamed.yaml && sed -i 's/^status: review/status: draft/' plans/renamed.yaml
as "$pat" "$pat_mail" commit -qam "rename, back to draft"
expect "... and so does a rename with an edit after it" [ -z "$(sig)" ]
sed -i 's/16:40:00Z/16:41:00Z/' plans/renamed.yaml
as "$pat" "$pat_mail" commit -qam "C-1: time"
expect "... while a rewrite of the sign-off after both is reported" \
	says 'written by Pat Director'

# An alias on the sign-off line: blame the line holding by:, not the anchor
new_repo; sign
sed -i 's/    raised_by: omar.ali/    raised_by: \&who omar.ali/' plans/plan.yaml
as "$omar" "$omar_mail" commit -qam "C-1 resolved"
sed -i 's/sign_off: {by: omar.ali,/sign_off: {by: *who,/' plans/plan.yaml
as "$pat" "$pat_mail" commit -qam "C-1: signed through an alias"
expect "a sign-off written as an alias by someone else is reported" \
	says 'written by Pat Director'

# --baseline: a sign-off rewritten after REV is new, though REV's line was fine
new_repo; sign
as "$omar" "$omar_mail" commit -qam "C-1 resolved"
git branch base
sed -i 's/16:40:00Z/16:45:00Z/' plans/plan.yaml
as "$pat" "$pat_mail" commit -qam "C-1: time corrected"
expect "--baseline reports a sign-off rewritten since REV by someone else" \
	says 'written by Pat Director' --baseline base
expect "... and REV's own sign-offs are blamed as of REV (no gap in REV)" \
	sh -c "'$gl' check --as-of 2026-12-01 --format json --baseline base . 2>/dev/null | grep -q '\"new\": 1,'"
# Several plans blamed at once: each worker traces in a handle of its own
# on the repository, and the report is --jobs 1's, byte for byte. Plans 1,
# 3 and 5 are signed off in the signer's own commit, 2 and 4 by Pat, 6 not
# committed yet; then plan 3 is renamed and plan 5 edited in the index.
new_repo
for i in 1 2 3 4 5 6; do sed "s/^id: P-1/id: P-$i/" plans/plan.yaml > "plans/plan-$i.yaml"; done
git rm -q plans/plan.yaml && as "$pat" "$pat_mail" add -A && as "$pat" "$pat_mail" commit -qm "six plans"
for i in 1 3 5; do sign "plans/plan-$i.yaml"; done
as "$omar" "$omar_mail" commit -qam "C-1 resolved in plans 1, 3 and 5"
for i in 2 4; do sign "plans/plan-$i.yaml"; done
as "$pat" "$pat_mail" commit -qam "C-1 resolved in plans 2 and 4"
sign plans/plan-6.yaml
git config user.name "$pat" && git config user.email "$pat_mail"
both_jobs() { # FORMAT [ARGS]: --jobs 4 writes --jobs 1's bytes and exit code
	f=$1; shift
	"$gl" check --as-of 2026-12-01 --format "$f" --jobs 1 "$@" . > "$tmp/j1" 2>&1; rc1=$?
	"$gl" check --as-of 2026-12-01 --format "$f" --jobs 4 "$@" . > "$tmp/j4" 2>&1; rc4=$?
	[ "$rc1" = "$rc4" ] && cmp -s "$tmp/j1" "$tmp/j4"
}
sigs() { "$gl" check --as-of 2026-12-01 -q --jobs 4 "$@" . 2>/dev/null | grep 'GOV-SIG-001'; }
expect "six plans traced at --jobs 4: Pat's sign-offs in plans 2 and 4 are reported" \
	[ "$(sigs | grep -c 'plan-[24].yaml:.*written by Pat Director')" = 2 ]
expect "... the uncommitted one in plan 6 too, and no other" \
	[ "$(sigs | grep -c 'plan-6.yaml:.*not committed yet')$(sigs | wc -l)" = 13 ]
expect "... and the text report is --jobs 1's" both_jobs text
expect "... and so is the JSON report" both_jobs json
git mv plans/plan-3.yaml plans/renamed-3.yaml
sed -i 's/^title: Sign-off provenance/title: Edited/' plans/plan-5.yaml && git add -A
expect "--staged, with a rename and an edit staged: --jobs 4's JSON report is --jobs 1's" \
	both_jobs json --staged
expect "... and it reports plans 2, 4 and 6, and no other" \
	[ "$(sigs --staged | grep -c 'plan-[246].yaml:')$(sigs --staged | wc -l)" = 33 ]
git reset -q --hard

# A committed version whose object git lacks (a damaged repository): the
# work tree's file stands for it while git's stat data vouches for it as
# staged; once it is edited, its sign-offs cannot be traced, and are not
# taken for uncommitted lines
new_repo; sign
as "$omar" "$omar_mail" commit -qam "C-1 resolved"
blob=$(git rev-parse HEAD:plans/plan.yaml)
rm -f ".git/objects/$(echo "$blob" | cut -c1-2)/$(echo "$blob" | cut -c3-)"
"$gl" check --as-of 2026-12-01 -q . > "$tmp/out" 2>&1; rc=$?
expect "a committed version git lacks, its file as staged: traced from the file" \
	sh -c "[ $rc = 1 ] && grep -q GOV-CON-002 '$tmp/out' && ! grep -q GOV-SIG-001 '$tmp/out'"
sed -i 's/^title: /title: Edited, /' plans/plan.yaml
out=$(sig)
expect "... that file edited: the sign-off cannot be traced, saying why" \
	sh -c "echo '$out' | grep -qF \"cannot be traced: plans/plan.yaml: git lacks the object of the committed version ($(echo "$blob" | cut -c1-7))\""
expect "... and is not called uncommitted" sh -c "! echo '$out' | grep -q 'not committed yet'"

# An older version's folder whose object git lacks: the walk says which
# object, not "unknown libgit2 error" (the error outlives the checks after it)
new_repo; sign
as "$omar" "$omar_mail" commit -qam "C-1 resolved"
tree=$(git rev-parse HEAD~1:plans)
rm -f ".git/objects/$(echo "$tree" | cut -c1-2)/$(echo "$tree" | cut -c3-)"
sig > "$tmp/sig"
expect "an older folder git lacks: the sign-off cannot be traced, naming the object" \
	grep -qF "cannot be traced: plans/plan.yaml: git lacks an object of the plan's history, so it cannot be blamed (git fsck tells what else is missing): object not found - no match for id ($tree)" "$tmp/sig"

# The history is walked only as far back as the sign-offs were written: an
# older version's object git lacks does not stop a later sign-off's trace
new_repo
first=$(git rev-parse HEAD:plans/plan.yaml)
sed -i 's/^title: .*/title: Retitled/' plans/plan.yaml
as "$pat" "$pat_mail" commit -qam "retitle"
sign
as "$omar" "$omar_mail" commit -qam "C-1 resolved"
rm -f ".git/objects/$(echo "$first" | cut -c1-2)/$(echo "$first" | cut -c3-)"
"$gl" check --as-of 2026-12-01 --no-color . > "$tmp/out" 2>&1; rc=$?
expect "an older version git lacks, the sign-off written after it: traced, and it passes" \
	sh -c "[ $rc = 1 ] && grep -q GOV-CON-002 '$tmp/out' && ! grep -q GOV-SIG-001 '$tmp/out'"
sed -i 's/^    sign_off: {by: omar.ali,/    sign_off: {by: pat.director,/' plans/plan.yaml
as "$omar" "$omar_mail" commit -qam "re-sign"
out=$(sig)
expect "... and a sign-off by someone else written after it is reported, naming who wrote it" \
	sh -c "echo '$out' | grep -q 'sign-off by pat.director was written by $omar <$omar_mail> in commit'"

# A truncated loose object: libgit2 1.5 would read it forever (its issue
# 7342); the run stops with exit 2 once it has made no progress for
# GOVLINT_GIT_STALL seconds, says why, and writes no report
cut_object() { # OBJECT-ID: keeps the first half of its file (past the header)
	o=".git/objects/$(echo "$1" | cut -c1-2)/$(echo "$1" | cut -c3-)"
	head -c $(($(wc -c < "$o") / 2)) "$o" > "$tmp/cut" && chmod u+w "$o" && cat "$tmp/cut" > "$o"
}
stalls() { # [ARGS]: exit 2 within the timeout, the message, no report
	GOVLINT_GIT_STALL=1 timeout 60 "$gl" check --as-of 2026-12-01 "$@" . > "$tmp/out" 2> "$tmp/err"
	[ $? = 2 ] && [ ! -s "$tmp/out" ] &&
		grep -q "^govlint: reading the git repository made no progress for 1 s: it is likely damaged" "$tmp/err"
}
new_repo; sign
as "$omar" "$omar_mail" commit -qam "C-1 resolved"
cut_object "$(git rev-parse HEAD~1:plans)"
expect "a truncated folder in the history: exit 2 and why, not a hang" stalls
new_repo; sign
git add plans/plan.yaml
cut_object "$(git rev-parse :plans/plan.yaml)"
rm plans/plan.yaml   # else the work-tree file, the same blob, is read instead
expect "a truncated staged plan, checked --staged: the same" stalls --staged
new_repo

cd "$tmp" && rm -rf plain && cp -r repo plain && rm -rf plain/.git
"$gl" check --as-of 2026-12-01 plain > /dev/null 2> "$tmp/plain.err"
expect "a plan outside git is noted, not silently passed" grep -q "sign-offs were not traced to git history: not in a git repository" "$tmp/plain.err"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
