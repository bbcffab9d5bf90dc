#!/bin/sh
# --since, --baseline, --shard and --staged on real repositories built with
# the git program (a test may run git; govlint never does).
#
#   sh tests/git/options.sh GOVLINT        run from the repository root
#
# The plans are copies of examples/ (four with gaps, one clean), checked
# with --as-of so nothing depends on today. The last line is
# `N passed, M failed`; the exit status is 1 when a check failed.
set -u
case $1 in /*) gl=$1 ;; *) gl=$(pwd -P)/$1 ;; esac
src=$(pwd -P)
command -v git >/dev/null 2>&1 || { echo "SKIP: git is not installed"; echo "0 passed, 0 failed"; exit 0; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/govlint-git.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL 2>/dev/null
export HOME="$tmp/home" GIT_CONFIG_NOSYSTEM=1 LC_ALL=C
mkdir -p "$HOME"
git config --global user.name "Test Author"
git config --global user.email test@example.org
git config --global init.defaultBranch main
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }
expect() { # description, condition...
	d=$1; shift
	if "$@"; then ok "$d"; else bad "$d"; fi
}
check() { "$gl" check --as-of 2026-12-01 --no-color "$@"; }
ids() { # the rule ids a report names, sorted
	grep -o '\[GOV-[A-Z]*-[0-9]*\]' | sort
}
base_counts() { # "new unchanged absent" of each json report's summary.baseline read
	sed -n 's/.*"baseline": {"rev": "[^"]*", "new": \([0-9]*\), "unchanged": \([0-9]*\), "absent": \([0-9]*\).*/\1 \2 \3/p'
}
shards() { # N OPTIONS...: base_counts of each of N shards' --baseline HEAD runs
	n=$1; shift
	for k in $(seq 1 "$n"); do check --baseline HEAD --shard "$k/$n" --format json "$@" .; done | base_counts
}
whole_vs_shards() { # N OPTIONS...: the whole run's base_counts, then the N shards' summed
	m=$1; shift
	check --baseline HEAD --format json "$@" . | base_counts
	shards "$m" "$@" | awk '{n += $1; u += $2; a += $3} END {print n, u, a}'
}

repo=$tmp/repo
mkdir -p "$repo" && cp -r "$src/examples/." "$repo/" && cd "$repo" || exit 2
git init -q . && git add -A && git commit -qm "plans"

# --since: only what changed, unless what every plan depends on changed
echo "# touched" >> plans/stroke-lvo-alerting.yaml
check --since HEAD . > since.txt
expect "--since checks only the changed plan" \
	sh -c '! grep -v "^plans/stroke-lvo-alerting.yaml" since.txt | grep -q "^plans/"'
expect "--since: 1 plan checked" grep -q "^1 plan checked" since.txt
expect "--since: the text summary says which plans were checked" \
	grep -q "^1 plan checked (changed since HEAD): " since.txt
check --since HEAD --format json . > since.json
expect "--since: JSON's summary says so too" grep -q '"waived": 0, "since": "HEAD"}' since.json
"$gl" gaps --as-of 2026-12-01 --since HEAD . > since.md
expect "--since: and the gap list" grep -q \
	'^\*\*Only the plans selected are checked\*\* (changed since `HEAD`): the list holds no other plan\.$' since.md
check --since HEAD --format github . > since.gh
expect "--since: the github log's last line says so" \
	sh -c 'tail -1 since.gh | grep -q "^govlint (changed since HEAD): "'
check --since HEAD --format junit . > since.xml
expect "--since: every JUnit testsuite has it as a property" \
	grep -q '<property name="since" value="HEAD"/>' since.xml
check --since HEAD --baseline HEAD . > since-base.txt
expect "--since with --baseline: the text summary says both" \
	grep -q "^1 plan checked (changed since HEAD), only findings new since HEAD: 0 errors" since-base.txt
echo "# touched" >> people.yaml
check --since HEAD . > since2.txt
expect "--since after a roster change checks every plan" grep -q "^5 plans checked" since2.txt
expect "... and does not say it checked some" grep -q "^5 plans checked: " since2.txt
check --since HEAD --format json . > since2.json
expect "... nor does JSON's summary" sh -c '! grep -q "\"since\":" since2.json'
git checkout -q -- people.yaml plans/stroke-lvo-alerting.yaml
check --since HEAD . > since0.txt
expect "--since with nothing changed: 0 plans checked, changed since HEAD" \
	grep -q "^0 plans checked (changed since HEAD): 0 errors, 0 warnings, 0 infos (passed: none" since0.txt
mkdir ci && cp .govlint.yaml ci/govlint.yaml
git add ci && git commit -qm "a CI config"
echo "# touched" >> ci/govlint.yaml
check -c ci/govlint.yaml --since HEAD . > since3.txt
expect "--since after a change to the --config file checks every plan" grep -q "^5 plans checked" since3.txt
git checkout -q -- ci/govlint.yaml
mkdir -p ci/rules && printf 'pack: local\nrules: []\n' > ci/rules/local.yaml &&
	printf 'packs: [clinical-imaging, ./ci/rules/local.yaml]\nwaivers: ci/waivers.yaml\n' \
		> ci/packs.yaml && printf 'waivers: []\n' > ci/waivers.yaml &&
	git add ci && git commit -qm "a local pack and a waivers file" || exit 2
echo "# touched" >> ci/rules/local.yaml
check -c ci/packs.yaml --since HEAD . > since3.txt
expect "--since after a change to a local pack checks every plan" grep -q "^5 plans checked" since3.txt
git checkout -q -- ci/rules/local.yaml && echo "# touched" >> ci/waivers.yaml
check -c ci/packs.yaml --since HEAD . > since3.txt
expect "... and so does a change to the waivers file" grep -q "^5 plans checked" since3.txt
check --since HEAD . > since3.txt
expect "... which another config does not name: none checked" grep -q "^0 plans checked" since3.txt
git checkout -q -- ci/waivers.yaml
ln -s ci/govlint.yaml ci-link.yaml && git add ci-link.yaml && git commit -qm "a link to it"
echo "# touched" >> ci/govlint.yaml
check -c ci-link.yaml --since HEAD . > since4.txt
expect "... and so does a change to the file a --config symlink leads to" grep -q "^5 plans checked" since4.txt
git checkout -q -- ci/govlint.yaml
mkdir shared && git mv plans/stroke-lvo-alerting.yaml shared/stroke.yaml &&
	ln -s ../shared/stroke.yaml plans/stroke-lvo-alerting.yaml && git add -A && git commit -qm "shared"
echo "# touched" >> shared/stroke.yaml
check --since HEAD . > since5.txt
expect "--since checks a symlinked plan whose target changed" \
	sh -c 'grep -q "^1 plan checked" since5.txt && grep -q "^plans/stroke-lvo-alerting.yaml" since5.txt'
git add shared/stroke.yaml
check --staged --since HEAD . > since6.txt
check . > linked.txt
expect "--staged reads a symlinked plan through the link in the index, as the work tree does" \
	sh -c 'grep -q "^1 plan checked" since6.txt && ! grep -q GOV-YAML-001 since6.txt &&
	       [ "$(grep -c "^plans/stroke-lvo-alerting.yaml:" since6.txt)" = "$(grep -c "^plans/stroke-lvo-alerting.yaml:" linked.txt)" ]'
git reset -q
git checkout -q -- shared/stroke.yaml && git rm -q plans/stroke-lvo-alerting.yaml &&
	git mv shared/stroke.yaml plans/stroke-lvo-alerting.yaml && git commit -qm "unshared"

# --baseline: moved lines keep old gaps old; a new gap is new
check --format json . > before.json
python3 - plans/eu-mammo-second-reader.yaml <<'PY' || exit 2
import sys
p = sys.argv[1]
s = open(p).read()
s = s.replace("apiVersion:", "# a comment that moves every line down\n\n\napiVersion:", 1)
s = s.replace("title: ", "title: TBD\n_old_title: ", 1)
open(p, "w").write(s)
PY
check --baseline HEAD . > base.txt
expect "--baseline reports the new gap" grep -q "holds placeholder text 'TBD'" base.txt
for opt in --since --baseline; do
	check $opt nosuch . > /dev/null 2> rev.txt
	expect "$opt with an unknown revision: exit 2, naming the option" \
		sh -c "[ $? = 2 ] && grep -q \"^govlint: $opt nosuch: unknown revision 'nosuch'\" rev.txt"
done
check --since '@{-1}' . > /dev/null 2> rev.txt   # no branch checked out before: libgit2 says nothing
expect "--since @{-1} without a previous branch: exit 2, and no 'unknown libgit2 error'" \
	sh -c "[ $? = 2 ] && [ \"\$(cat rev.txt)\" = \"govlint: --since @{-1}: unknown revision '@{-1}'\" ]"
expect "--baseline drops the gaps HEAD had, though their lines moved" \
	sh -c '[ "$(grep -c "^plans/" base.txt)" = 1 ]'
expect "--baseline: the text summary says what it left out" grep -q \
	"^5 plans checked, only findings new since HEAD: 1 error, .*; [1-9][0-9]* findings HEAD already had not shown (failed" base.txt
"$gl" gaps --as-of 2026-12-01 --baseline HEAD . > base.md
expect "--baseline: the gap list names the revision and what it left out" grep -q \
	'^\*\*Only new gaps are listed\*\*: compared with `HEAD`, 1 gap is new; [1-9][0-9]* gaps that `HEAD` already had are not shown, and 0 that it had are gone\.$' base.md
expect "--baseline: the gap list counts new gaps" \
	grep -q '^5 plans: 1 with new blocking gaps, 0 with other new gaps only, 4 without new gaps\. 1 new blocking gap, 0 other new gaps\.$' base.md
expect "--baseline: no plan is said to have no gaps, only no new ones" \
	sh -c '! grep -qi "no gaps found" base.md && grep -q "^No new gaps found\.$" base.md'
"$gl" gaps --as-of 2026-12-01 --baseline HEAD --format html . > base.html
expect "--baseline: the html gap list says so too" sh -c \
	'grep -q "<strong>Only new gaps are listed</strong>: compared with <code>HEAD</code>, 1 gap is new" base.html && ! grep -qi "no gaps found" base.html'
check --baseline HEAD --format github . > base.gh
expect "--baseline: the github summary line says the findings are the new ones" grep -q \
	"^govlint: 1 new finding, all annotated ([1-9][0-9]* findings HEAD already had, not annotated)$" base.gh
check --baseline HEAD --format junit . > base.junit
expect "--baseline: junit says so in its properties" sh -c \
	'grep -q "<property name=\"baseline\" value=\"HEAD\"/>" base.junit && grep -q "<property name=\"baseline-not-shown\" value=\"[1-9][0-9]*\"/>" base.junit'
check --baseline HEAD --format json . > base.json
expect "json summary has the baseline counts" grep -q '"baseline": {"rev": "HEAD", "new": 1, "unchanged": ' base.json
# a plan of REV that cannot be read (its blob damaged, in a copy of the
# repository: a local clone would share the object's file)
git clone -q --no-hardlinks . "$tmp/damaged" && (
	cd "$tmp/damaged" || exit 2
	blob=$(git rev-parse HEAD:plans/riverbend-cxr-triage.yaml) &&
	obj=.git/objects/$(echo "$blob" | cut -c1-2)/$(echo "$blob" | cut -c3-) &&
	chmod u+w "$obj" && printf 'garbage' > "$obj"
) || exit 2
(cd "$tmp/damaged" && check --baseline HEAD . > base.txt 2> err.txt)
expect "--baseline: a plan REV holds but cannot be read is named, and its gaps count as new" sh -c \
	"grep -q '^govlint: note: --baseline HEAD: plans/riverbend-cxr-triage.yaml cannot be read there (cannot read the object: .*), so its gaps there are not known and each of its gaps counts as new$' '$tmp/damaged/err.txt' &&
	grep -q '^plans/riverbend-cxr-triage.yaml:' '$tmp/damaged/base.txt'"
# an index libgit2 cannot parse, which it calls one that "no longer exists"
(cd "$tmp/damaged" && printf 'DIRC\000\000\000\002garbage' > .git/index &&
	check --staged . > /dev/null 2> err.txt; echo $? > rc.txt)
expect "--staged with a damaged index: exit 2, saying the index is there but damaged" sh -c \
	"[ \$(cat '$tmp/damaged/rc.txt') = 2 ] &&
	grep -q '^govlint: cannot open the git index .*/.git/index, which is damaged or no git index: ' '$tmp/damaged/err.txt'"
check --baseline HEAD --format sarif . > base.sarif
expect "sarif marks results new" grep -q '"baselineState": "new"' base.sarif
if /usr/bin/python3 -c "import jsonschema" 2>/dev/null; then
	expect "baseline sarif validates" /usr/bin/python3 -c "
import json, jsonschema
jsonschema.validate(json.load(open('base.sarif')), json.load(open('$src/tests/conformance/sarif-schema-2.1.0.json')))"
fi
git checkout -q -- plans/eu-mammo-second-reader.yaml

# --baseline: a new gap that is waived is counted as a new gap, and as waived
sed -i 's/, sampling: enriched//' plans/northgate-fracture-assist.yaml
cat > waivers.yaml <<'YAML'
waivers:
  - {rule: GOV-VAL-001, plan: northgate-fracture-assist, path: validation.dataset.sampling,
     reason: sampling described in protocol v3, approved_by: robert.hughes, expires: 2027-03-31}
YAML
"$gl" gaps --as-of 2026-12-01 --baseline HEAD . > base-waived.md
expect "--baseline: the gap list's totals count a waived new gap as new and waived" grep -q \
	'^5 plans: 0 with new blocking gaps, 0 with other new gaps only, 1 with waived new gaps only, 4 without new gaps\. 0 new blocking gaps, 0 other new gaps, 1 waived new gap\.$' base-waived.md
expect "... as the baseline line does" grep -q 'compared with `HEAD`, 1 gap is new;' base-waived.md
expect "... and its plan says it has no new open gaps, not none at all" \
	sh -c 'grep -q "^No new open gaps; 1 waived\.$" base-waived.md && grep -q "| ○ 1 |" base-waived.md'
rm waivers.yaml && git checkout -q -- plans/northgate-fracture-assist.yaml

# --baseline: list items holding an identity key (id, group) are known by
# it, so swapping two stakeholder groups and moving the last concern first
# leave every old gap old (by position they were new)
python3 - plans/riverbend-cxr-triage.yaml <<'PY' || exit 2
import re, sys
p = sys.argv[1]
s = open(p).read()
def reorder(s, block, item, how):
    head, rest = s.split("\n" + block + ":\n", 1)
    end = re.search(r"(?m)^\S", rest).start()
    body, tail = rest[:end], rest[end:]
    items = re.split(r"(?m)^(?=  - " + item + ": )", body)
    assert items[0] == "" and len(items) >= 4, items[:2]
    return head + "\n" + block + ":\n" + "".join(how(items[1:])) + tail
s = reorder(s, "stakeholders", "group", lambda v: [v[1], v[0]] + v[2:])
s = reorder(s, "concerns", "id", lambda v: v[-1:] + v[:-1])
open(p, "w").write(s)
PY
git diff --quiet plans/riverbend-cxr-triage.yaml && { echo "the plan did not change"; exit 2; }
check --format json . > moved-all.json
expect "reordering items changes positions (the case means something)" \
	sh -c '! cmp -s before.json moved-all.json'
check --baseline HEAD --format json . > moved.json
expect "--baseline: reordered items keep their gaps old" \
	grep -q '"baseline": {"rev": "HEAD", "new": 0,' moved.json
git checkout -q -- plans/riverbend-cxr-triage.yaml

# --baseline: a renamed plan keeps its gaps, a deleted plan's gaps are
# absent, and waivers.yaml's own gaps are old gaps too
git mv plans/stroke-lvo-alerting.yaml plans/stroke-renamed.yaml
check --baseline HEAD --format json . > ren.json
expect "--baseline: a renamed plan's gaps are not new" grep -q '"baseline": {"rev": "HEAD", "new": 0,' ren.json
git reset -q --hard
git rm -q plans/stroke-lvo-alerting.yaml
check --baseline HEAD --format json . > del.json
expect "--baseline: a deleted plan's gaps are absent" \
	grep -q '"new": 0, "unchanged": [0-9]*, "absent": [1-9]' del.json
# ... in every run whose selection the plan falls in: --since (the diff
# deletes it), its path's shard, a PATH folder holding it; not another
gone=$(base_counts < del.json | cut -d' ' -f3)
check --baseline HEAD --since HEAD --format json . | base_counts > del-since.txt
expect "--baseline --since: a plan the diff deletes has its gaps absent" \
	[ "$(cat del-since.txt)" = "0 0 $gone" ]
for n in 2 3; do
	whole_vs_shards "$n" > "del-shards$n.txt"
	shards "$n" > "del-parts$n.txt"
	expect "--baseline --shard $n: a deleted plan's gaps are absent in one shard, as in the whole run" \
		sh -c "[ \"\$(sed -n 1p del-shards$n.txt)\" = \"\$(sed -n 2p del-shards$n.txt)\" ] &&
		       [ \"\$(grep -c ' $gone\$' del-parts$n.txt)\" = 1 ]"
done
check --baseline HEAD --format json plans | base_counts > del-path.txt
check --baseline HEAD --format json plans/riverbend-cxr-triage.yaml | base_counts > del-path2.txt
expect "--baseline PATH: a deleted plan's gaps are absent under a folder that held it, not a file" \
	sh -c "[ \"\$(cut -d' ' -f3 del-path.txt)\" = $gone ] && [ \"\$(cut -d' ' -f3 del-path2.txt)\" = 0 ]"
git reset -q --hard
printf 'waivers:\n  - {rule: GOV-STK-004, plan: riverbend-cxr-triage, reason: x, approved_by: sam.kaur, expires: 2026-01-01}\n' > waivers.yaml
git add waivers.yaml && git commit -qm "an expired waiver"
check --baseline HEAD --format json . > wv.json
expect "--baseline: the gaps of waivers.yaml that HEAD had are not new" grep -q '"new": 0,' wv.json
git reset -q --hard HEAD~1

# --baseline: a waiver's findings are known by its rule, plan and path, not
# by its place in waivers.yaml: reordering the waivers and inserting one
# above leaves the others' findings old (a superseded waiver's message
# names a line; two same waivers are two findings)
cat > waivers.yaml <<'W'
waivers:
  - {rule: GOV-SEC-005, plan: riverbend-cxr-triage, reason: testing booked, approved_by: sam.kaur, expires: 2027-02-28}
  - {rule: GOV-SEC-005, plan: riverbend-cxr-triage, reason: testing booked, approved_by: sam.kaur, expires: 2027-02-28}
  - {rule: GOV-STK-004, plan: riverbend-cxr-triage, reason: measured elsewhere, approved_by: sam.kaur, expires: 2027-02-28}
  - {rule: GOV-STK-004, plan: riverbend-cxr-triage, reason: renewed, approved_by: sam.kaur, expires: 2027-03-31}
W
git add waivers.yaml && git commit -qm "stale and superseded waivers"
wvr_prints() { # the fingerprints of waivers.yaml's findings in json, then in sarif, sorted
	check --format json . | python3 -c 'import json, sys
print(sorted(f["fingerprint"] for f in json.load(sys.stdin)["findings"] if f["file"] == "waivers.yaml"))'
	check --format sarif . | python3 -c 'import json, sys
r = json.load(sys.stdin)["runs"][0]["results"]
print(sorted(x["partialFingerprints"]["govlint/v2"] for x in r
             if x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "waivers.yaml"))'
}
wvr_prints > wvr-before.txt
python3 - waivers.yaml <<'PY' || exit 2
import sys
p = sys.argv[1]
head, *items = open(p).read().split("\n  - ")
items[-1] = items[-1].rstrip("\n")
items.reverse()
items.insert(0, "{rule: GOV-STK-001, plan: riverbend-cxr-triage, reason: ED joins in January, approved_by: sam.kaur, expires: 2027-03-31}")
open(p, "w").write(head + "".join("\n  - " + i for i in items) + "\n")
PY
wvr_prints > wvr-after.txt
check --format json . > wvr-all.json
expect "waivers: the reordered file still has its stale and superseded findings" \
	sh -c 'grep -c "matches no finding" wvr-all.json | grep -qx 2 && grep -q "is superseded by the waiver at line" wvr-all.json'
expect "waivers: reordering and inserting waivers keeps their findings' json and sarif fingerprints" \
	sh -c '[ "$(sed -n 1p wvr-before.txt)" = "$(sed -n 1p wvr-after.txt)" ] &&
	       [ "$(sed -n 2p wvr-before.txt)" = "$(sed -n 2p wvr-after.txt)" ] && [ "$(sed -n 1p wvr-after.txt)" != "[]" ]'
check --baseline HEAD --format json . | base_counts > wvr-moved.txt
expect "--baseline: reordering and inserting waivers makes no waiver finding new or absent" \
	grep -q '^0 [1-9][0-9]* 0$' wvr-moved.txt
check -q --baseline HEAD --fail-on warning . > /dev/null
expect "--baseline --fail-on warning: ... so the gate passes" [ $? = 0 ]
git reset -q --hard HEAD~1

# --baseline: a gap HEAD had only waived that no longer is (its waiver
# removed, or its expiry brought forward) is new, as it blocks again, and
# every report says so; one that expires by the --as-of date is not: HEAD,
# judged at the same date, has it unwaived too
printf 'waivers:\n  - {rule: GOV-STK-001, plan: riverbend-cxr-triage, reason: ED joins in January, approved_by: sam.kaur, expires: 2027-03-31}\n' > waivers.yaml
git add waivers.yaml && git commit -qm "a waiver"
git rm -q waivers.yaml
check --baseline HEAD . > unw.txt
expect "--baseline: a gap whose waiver was removed is new and fails the gate" sh -c \
	"[ $? = 1 ] && grep -q '^plans/riverbend-cxr-triage.yaml:.*emergency-medicine .*\[GOV-STK-001\]' unw.txt &&
	 grep -q '^5 plans checked, only findings new since HEAD: 1 error, 0 warnings, 0 infos (1 no longer waived); [1-9][0-9]* findings HEAD already had not shown (failed' unw.txt"
check --baseline HEAD --format json . > unw.json
expect "--baseline: json marks it no_longer_waived and counts it" sh -c \
	"grep -q '\"baseline\": {\"rev\": \"HEAD\", \"new\": 1, \"unchanged\": [0-9]*, \"absent\": 0, \"no_longer_waived\": 1}' unw.json &&
	 grep -q '\"no_longer_waived\": true' unw.json"
check --baseline HEAD --format sarif . > unw.sarif
expect "--baseline: sarif gives it baselineState updated (HEAD had it suppressed)" sh -c \
	"grep -q '\"baselineState\": \"updated\"' unw.sarif && ! grep -q '\"baselineState\": \"new\"' unw.sarif"
if /usr/bin/python3 -c "import jsonschema" 2>/dev/null; then
	expect "... and validates" /usr/bin/python3 -c "
import json, jsonschema
jsonschema.validate(json.load(open('unw.sarif')), json.load(open('$src/tests/conformance/sarif-schema-2.1.0.json')))"
fi
"$gl" gaps --as-of 2026-12-01 --baseline HEAD . > unw.md
expect "--baseline: the gap list says it is no longer waived" grep -q \
	'^\*\*Only new gaps are listed\*\*: compared with `HEAD`, 1 gap is new (1 no longer waived); ' unw.md
git reset -q --hard
sed -i 's/expires: 2027-03-31/expires: 2026-11-30/' waivers.yaml
check --baseline HEAD --format json . | base_counts > unw-expired.txt
check -q --baseline HEAD . > /dev/null
expect "--baseline: ... as is one whose waiver's expiry was brought forward past the date" \
	sh -c "[ $? = 1 ] && grep -q '^2 ' unw-expired.txt"
git reset -q --hard
"$gl" check --as-of 2027-04-01 -q . > /dev/null
expired=$?
"$gl" check --as-of 2027-04-01 -q --baseline HEAD . > unw-later.txt
expect "--baseline: a waiver expiring by the --as-of date makes nothing new (HEAD expired too)" \
	sh -c "[ $? = 0 ] && [ $expired = 1 ] && [ ! -s unw-later.txt ]"
git reset -q --hard HEAD~1

# --baseline: a waiver naming a list item by its identity stays with that
# item: MON-0 inserted above MON-1 brings its own gaps, open and new, while
# MON-1's stay waived, neither new nor "no longer waived" (by position,
# the waiver moved to MON-0's gaps and MON-1's came back)
cat > waivers.yaml <<'W'
waivers:
  - rule: GOV-VAL-002
    plan: stroke-lvo-alerting
    path: monitoring.metrics[id="MON-1"]
    reason: LVO sensitivity threshold agreed at December committee
    approved_by: sam.kaur
    expires: 2027-03-31
W
git add waivers.yaml && git commit -qm "a waiver of MON-1, by identity"
sed -i 's/^    - id: MON-1$/    - id: MON-0\n      metric: Alert delivery failures\n      method: App logs\n      sample: all alerts\n      cadence: weekly\n      action: Page IT\n&/' \
	plans/stroke-lvo-alerting.yaml
check --format json plans/stroke-lvo-alerting.yaml | python3 -c 'import json, sys
for f in json.load(sys.stdin)["findings"]:
    if f["rule"] in ("GOV-VAL-002", "GOV-WVR-001"):
        print(f["path"], "waived" if "waived" in f else "open")' > ident.txt
expect "waivers: a path naming MON-1 by identity still waives its gaps, not those of MON-0 inserted above" \
	sh -c "printf '%s\n' 'monitoring.metrics[0].alert_threshold open' 'monitoring.metrics[0].owner open' \
	       'monitoring.metrics[1].alert_threshold waived' 'monitoring.metrics[1].owner waived' | cmp -s - ident.txt"
check --baseline HEAD --format json . > ident.json
expect "--baseline: ... so MON-0's two gaps are new, and none is no longer waived" \
	grep -q '"baseline": {"rev": "HEAD", "new": 2, "unchanged": [0-9]*, "absent": 0, "no_longer_waived": 0}' ident.json
git reset -q --hard HEAD~1

# --shard: the parts together are the whole, each plan once
check . | grep "^plans/" | sort > all.txt
: > parts.txt
for k in 1 2 3; do check --shard "$k/3" . | grep "^plans/" >> parts.txt; done
sort parts.txt -o parts.txt
expect "3 shards together give the unsharded findings" cmp -s all.txt parts.txt
n=0
for k in 1 2 3; do n=$((n + $(check --shard "$k/3" . | sed -n 's/^\([0-9]*\) plans* checked.*/\1/p'))); done
expect "3 shards check 5 plans in all" [ "$n" = 5 ]

# --shard: a waiver naming a plan that no longer exists is a problem of
# waivers.yaml itself, reported by exactly one shard, as by the whole run
printf 'waivers:\n  - {rule: GOV-WFL-003, plan: retired-plan, reason: training booked, approved_by: sam.kaur, expires: 2027-01-01}\n' > waivers.yaml
check -c .govlint.yaml --format json . | grep -c 'for retired-plan matches no finding' > whole.txt
: > wparts.txt
for n in 2 3; do
	for k in $(seq 1 $n); do check --shard "$k/$n" . | grep 'for retired-plan matches no finding'; done > "w$n.txt"
	expect "--shard $n: one shard reports the waiver of a deleted plan" [ "$(wc -l < "w$n.txt")" = 1 ]
done
expect "the whole run reports it too" [ "$(cat whole.txt)" = 1 ]
check --shard 1/1 plans/stroke-lvo-alerting.yaml | grep -c 'for retired-plan matches no finding' > path.txt
expect "a PATH run reports it (waivers.yaml's own problem)" [ "$(cat path.txt)" = 1 ]
# ... but a plan without an id is named by its file, and exists: a waiver of
# it is no partial run's to call stale
grep -v '^id:' plans/eu-mammo-second-reader.yaml > plans/noid.yaml
printf 'waivers:\n  - {rule: GOV-WFL-003, plan: plans/noid.yaml, reason: training booked, approved_by: sam.kaur, expires: 2027-12-31}\n' > waivers.yaml
check . | grep -c 'matches no finding' > idless-whole.txt
check plans/stroke-lvo-alerting.yaml | grep -c 'matches no finding' > idless-path.txt
for k in 1 2 3; do check --shard "$k/3" .; done | grep -c 'matches no finding' > idless-shards.txt
expect "a waiver of a plan without an id: not stale in a whole, a PATH or sharded run" \
	sh -c '[ "$(cat idless-whole.txt)$(cat idless-path.txt)$(cat idless-shards.txt)" = 000 ]'
rm waivers.yaml plans/noid.yaml

# An expired or expiring waiver is judged with its plan, as whether it
# matches is: --since, and the pre-commit hook's --staged --since HEAD,
# after a change to another plan leave riverbend's (a commit touching only
# northgate was refused for it); a change to riverbend reports them; each
# is in the one shard of its plan, and the shards add up to the whole run
printf 'waivers:\n  - {rule: GOV-STK-001, plan: riverbend-cxr-triage, reason: ED group is being formed, approved_by: sam.kaur, expires: 2026-11-10}\n' > waivers.yaml
printf '  - {rule: GOV-SEC-005, plan: riverbend-cxr-triage, reason: testing booked, approved_by: sam.kaur, expires: 2026-12-05}\n' >> waivers.yaml
git add waivers.yaml && git commit -qm "an expired and an expiring waiver of riverbend"
echo "# touched" >> plans/northgate-fracture-assist.yaml
check --since HEAD --fail-on info . > exp-since.txt; rc=$?
expect "--since: another plan's expired and expiring waivers do not fail the run" \
	sh -c "[ $rc = 0 ] && ! grep -q '^waivers.yaml' exp-since.txt"
git add plans/northgate-fracture-assist.yaml
check --staged --since HEAD --fail-on info . > exp-staged.txt; rc=$?
expect "--staged --since HEAD (the hook): nor a commit of another plan" \
	sh -c "[ $rc = 0 ] && ! grep -q '^waivers.yaml' exp-staged.txt"
echo "# touched" >> plans/riverbend-cxr-triage.yaml && git add plans/riverbend-cxr-triage.yaml
check --staged --since HEAD . > exp-own.txt; rc=$?
expect "--staged --since HEAD: a commit of the plan reports its expired and expiring waivers" \
	sh -c "[ $rc = 1 ] && grep -q 'for riverbend-cxr-triage expired on 2026-11-10' exp-own.txt &&
	       grep -q 'for riverbend-cxr-triage expires on 2026-12-05, in 4 days' exp-own.txt"
git reset -q --hard
check . | grep '^waivers.yaml' | sort > exp-whole.txt
for k in 1 2 3; do check --shard "$k/3" . | grep '^waivers.yaml'; done | sort > exp-shards.txt
expect "--shard: the shards report the expired and expiring waivers once, as the whole run does" \
	sh -c "[ \"\$(wc -l < exp-whole.txt)\" = 3 ] && cmp -s exp-whole.txt exp-shards.txt"
whole_vs_shards 3 > exp-bsum.txt
expect "--baseline --shard: with them, the shards still add up to the whole run" \
	sh -c "[ \"\$(sed -n 1p exp-bsum.txt)\" = \"\$(sed -n 2p exp-bsum.txt)\" ]"
git reset -q --hard HEAD~1

# --baseline --shard: both sides judge the same waivers (those of the
# shard's plans, and waivers.yaml's own problems in one shard), so no shard
# of an unchanged repository has a new or absent finding, a shard fails
# --fail-on warning only when the whole run does, and the shards add up
# (the info on a waiver naming an item by position is the shard's that
# checks its plan, and REV's run leaves it for the others too)
printf 'waivers:\n  - {rule: GOV-SEC-005, plan: riverbend-cxr-triage, reason: testing booked, approved_by: sam.kaur, expires: 2027-02-28}\n' > waivers.yaml
printf '  - {rule: GOV-VAL-002, plan: stroke-lvo-alerting, path: "monitoring.metrics[0]", reason: threshold agreed in December, approved_by: sam.kaur, expires: 2027-03-31}\n' >> waivers.yaml
git add waivers.yaml && git commit -qm "a stale waiver, and one naming an item by position"
n=$(for k in 1 2 3; do check --shard "$k/3" .; done | grep -c 'names monitoring.metrics\[0\] by position: write monitoring.metrics\[id="MON-1"\]')
expect "--shard: one shard says how to name the item a waiver names by position" [ "$n" = 1 ]
for n in 2 3 5; do
	shards "$n" > "bshard$n.txt"
	expect "--baseline --shard $n: an unchanged repository's shards have nothing new or absent" \
		sh -c "[ \"\$(wc -l < bshard$n.txt)\" = $n ] && ! grep -qv '^0 [0-9]* 0\$' bshard$n.txt"
	whole_vs_shards "$n" > "bsum$n.txt"
	expect "--baseline --shard $n: the shards add up to the whole run" \
		sh -c "[ \"\$(sed -n 1p bsum$n.txt)\" = \"\$(sed -n 2p bsum$n.txt)\" ]"
done
gated=0
for k in 1 2 3; do check -q --baseline HEAD --shard "$k/3" --fail-on warning . > /dev/null || gated=1; done
expect "--baseline --shard --fail-on warning: no shard fails when nothing changed" [ "$gated" = 0 ]
printf '  - {rule: GOV-STK-004, plan: stroke-lvo-alerting, reason: workload measured elsewhere, approved_by: sam.kaur, expires: 2027-02-28}\n' >> waivers.yaml
sed -i 's/rule: GOV-SEC-005, plan: riverbend-cxr-triage/rule: GOV-SEC-005, plan: eu-mammo-second-reader/' waivers.yaml
for n in 2 3; do
	whole_vs_shards "$n" > "bsumw$n.txt"
	expect "--baseline --shard $n: after a waivers change too, the shards add up to the whole run" \
		sh -c "[ \"\$(sed -n 1p bsumw$n.txt)\" = \"\$(sed -n 2p bsumw$n.txt)\" ] && ! grep -q '^0 [0-9]* 0\$' bsumw$n.txt"
done
git reset -q --hard HEAD~1

# --staged: the index, both ways; a deletion; a rename
cp plans/northgate-fracture-assist.yaml plans/extra.yaml
sed -i 's/^id: northgate-fracture-assist/id: extra/' plans/extra.yaml
git add plans/extra.yaml
sed -i 's/^title: .*/title: TBD/' plans/extra.yaml
check --staged plans/extra.yaml > staged1.txt
expect "--staged: an unstaged gap is not reported" sh -c '! grep -q TBD staged1.txt'
git add plans/extra.yaml
sed -i 's/^title: TBD/title: Extra plan/' plans/extra.yaml
check --staged plans/extra.yaml > staged2.txt
expect "--staged: a staged gap is reported though the work tree is fixed" grep -q "placeholder text 'TBD'" staged2.txt
rm plans/extra.yaml
check --staged plans/extra.yaml > staged5.txt 2>&1
expect "--staged PATH: a file staged but gone from the work tree is read from the index" \
	grep -q "placeholder text 'TBD'" staged5.txt
mkdir plans/gone && git show :plans/extra.yaml > plans/gone/extra.yaml && git add plans/gone && rm -r plans/gone
check --staged plans/gone/extra.yaml > staged7.txt 2>&1
expect "--staged PATH: ... and so is one whose folder is gone from the work tree too" \
	grep -q "^plans/gone/extra.yaml:.*placeholder text 'TBD'" staged7.txt
git rm -q --cached -f plans/extra.yaml plans/gone/extra.yaml
git show HEAD:plans/northgate-fracture-assist.yaml | sed 's/^id: .*/id: untracked/' > plans/untracked.yaml
check --staged plans/untracked.yaml > /dev/null 2> staged6.txt
expect "--staged PATH: an untracked file is not in the git index" \
	grep -q "plans/untracked.yaml is not in the git index (--staged checks staged content" staged6.txt
rm plans/untracked.yaml
mkdir -p notes && echo "minutes" > notes/README && git add notes/README
check --staged notes > /dev/null 2> staged8.txt
expect "--staged PATH: a staged folder without plans holds no plan (was: not in the git index)" \
	grep -q "^govlint: notes holds no plan (the plans are" staged8.txt
git rm -q --cached notes/README && rm -r notes
check --staged . > staged3.txt
expect "--staged: a plan removed from the index is not checked" sh -c '! grep -q "plans/extra.yaml" staged3.txt'
git mv plans/stroke-lvo-alerting.yaml plans/stroke.yaml
check --staged . > staged4.txt
expect "--staged: a renamed plan is checked under its new name" grep -q "^plans/stroke.yaml:" staged4.txt
expect "--staged: and not under its old one" sh -c '! grep -q "^plans/stroke-lvo-alerting.yaml" staged4.txt'

# errors
cd "$tmp" && mkdir plain && cp -r "$src/examples/." plain/
"$gl" check --staged plain > /dev/null 2> err.txt
expect "--staged outside git: exit 2, a clear message" grep -q "not in a git repository" err.txt
"$gl" check --shard 4/3 "$repo" > /dev/null 2> err2.txt
expect "--shard 4/3 is a usage error" grep -q -- "--shard takes K/N" err2.txt

# a malformed roster is an exit-2 error in every mode, read from where the
# mode reads (work tree, index, revision), and nothing is written
roster=$tmp/roster
mkdir -p "$roster" && cp -r "$src/examples/." "$roster/" && cd "$roster" || exit 2
git init -q . && git add -A && git commit -qm "plans"
cp people.yaml good.yaml
printf '  - id: sam.kaur\n    roles: [radiologist]\n' >> people.yaml
dup="people.yaml:$(grep -c '' good.yaml | awk '{print $1 + 1}'):5: person 'sam.kaur' is listed twice"
roster_err() { # description, expected exit, args...
	d=$1 want=$2; shift 2
	"$gl" check --as-of 2026-12-01 --output out.txt "$@" > /dev/null 2> err.txt
	rc=$?
	if [ "$want" = 2 ]; then
		expect "$d" sh -c "[ $rc = 2 ] && grep -q \"$dup\" err.txt && [ ! -e out.txt ]"
	else
		expect "$d" sh -c "[ $rc = $want ] && ! grep -q 'listed twice' err.txt"
	fi
	rm -f out.txt
}
roster_err "roster: a duplicate id in the work tree is exit 2" 2 .
roster_err "roster: --since HEAD reads the work tree's roster" 2 --since HEAD .
roster_err "roster: --staged reads the index, where the roster is still good" 1 --staged .
git add people.yaml
roster_err "roster: --staged with the duplicate staged is exit 2" 2 --staged .
git commit -qm "a duplicate person"
cp good.yaml people.yaml
roster_err "roster: --baseline HEAD reads HEAD's roster from git" 2 --baseline HEAD .
expect "roster: the baseline's error names the revision" grep -q "^govlint: --baseline HEAD: people.yaml:" err.txt
roster_err "roster: a good work tree over a bad HEAD, --since HEAD" 1 --since HEAD .
cd "$tmp" || exit 2

# --since in a shallow clone whose history stops before the merge base
sh_src=$tmp/shallow-src
mkdir -p "$sh_src" && cp -r "$src/examples/." "$sh_src/" && cd "$sh_src" || exit 2
git init -q . && git add -A && git commit -qm plans &&
	git checkout -qb feature && echo "# f" >> plans/stroke-lvo-alerting.yaml && git commit -qam f &&
	git checkout -q main && echo "# m" >> plans/riverbend-cxr-triage.yaml && git commit -qam m || exit 2
cd "$tmp" && git clone -q --depth 1 --branch feature "file://$sh_src" ci && cd ci || exit 2
git fetch -q --depth 1 origin main:refs/remotes/origin/main || exit 2
# libgit2 1.5's git_merge_base leaks 64 bytes when it meets the cut (so
# at 4947cec too): LeakSanitizer would turn exit 2 into its own
ASAN_OPTIONS=detect_leaks=0 check --since origin/main . > /dev/null 2> err.txt
rc=$?
expect "--since in a shallow clone: exit 2 with how to fetch the history" \
	sh -c "[ $rc = 2 ] && grep -q 'the clone is shallow; fetch more history (git fetch --unshallow, or fetch-depth: 0' err.txt"
# ... but a base the clone holds is found, even the cut commit itself
# (fetch-depth: 2 and --since HEAD~1, the usual CI set-up)
cd "$sh_src" && git checkout -q feature && echo "# g" >> plans/eu-mammo-second-reader.yaml &&
	git commit -qam g || exit 2
cd "$tmp" && git clone -q --depth 2 --branch feature "file://$sh_src" ci2 && cd ci2 || exit 2
ASAN_OPTIONS=detect_leaks=0 check --since HEAD~1 . > since2.txt 2> err.txt
expect "--since HEAD~1 in a depth-2 clone checks the plan the last commit changed" \
	sh -c "grep -q '^1 plan checked' since2.txt && ! grep -v '^plans/eu-mammo-second-reader.yaml' since2.txt | grep -q '^plans/'"
cd "$tmp" || exit 2

# GIT_DIR and GIT_WORK_TREE, as git takes them: a git folder apart from its
# work tree (dotfile set-ups, tools that export them)
sep=$tmp/sep
mkdir -p "$sep/wt" && cp -r "$src/examples/." "$sep/wt/" && git init -q --bare "$sep/repo.git"
(
	export GIT_DIR="$sep/repo.git" GIT_WORK_TREE="$sep/wt"
	git config core.bare false && cd "$sep/wt" && git add -A && git commit -qm plans &&
	echo "# touched" >> plans/stroke-lvo-alerting.yaml && git add plans/stroke-lvo-alerting.yaml
) || exit 2
cd "$sep/wt" || exit 2
GIT_DIR=$sep/repo.git GIT_WORK_TREE=$sep/wt check --staged --since HEAD . > sep.txt 2> err.txt
expect "GIT_DIR/GIT_WORK_TREE: --staged --since HEAD reads that repository" \
	grep -q "^1 plan checked" sep.txt
GIT_DIR=$sep/repo.git GIT_WORK_TREE=. check --since HEAD plans > sep.txt 2> err.txt
expect "... and a relative GIT_WORK_TREE is the current folder's" grep -q "^1 plan checked" sep.txt
GIT_DIR=$sep/repo.git GIT_WORK_TREE=$sep/wt "$gl" hook install > /dev/null 2> err.txt
expect "... hook install writes that repository's hook" test -x "$sep/repo.git/hooks/pre-commit"
GIT_DIR=$sep/nowhere check --staged . > /dev/null 2> err.txt
expect "... a GIT_DIR that is no repository is named" grep -q "GIT_DIR $sep/nowhere is not a git repository" err.txt
GIT_DIR=$sep/repo.git GIT_WORK_TREE=$sep/gone check --staged . > /dev/null 2> err.txt
expect "... a GIT_WORK_TREE that does not exist is named (exit 2)" \
	sh -c "[ $? = 2 ] && grep -q '^govlint: GIT_WORK_TREE $sep/gone: No such file or directory' err.txt"
GIT_DIR=$sep/repo.git GIT_WORK_TREE=$sep/wt GIT_INDEX_FILE=$sep/wt/people.yaml check --staged . \
	> /dev/null 2> err.txt
expect "... a GIT_INDEX_FILE that is no index is named (exit 2)" \
	sh -c "[ $? = 2 ] && grep -q '^govlint: GIT_INDEX_FILE $sep/wt/people.yaml: cannot open the index' err.txt"
cd "$tmp" || exit 2

# --output and GITHUB_STEP_SUMMARY never land among git's own files: the
# index --staged reads, the HEAD --since reads, anything in the git folder
gd=$tmp/gitdir
mkdir -p "$gd" && cp -r "$src/examples/." "$gd/" && cd "$gd" || exit 2
git init -q . && git add -A && git commit -qm plans || exit 2
cp .git/index "$tmp/index.before" && cp .git/HEAD "$tmp/HEAD.before"
refused() { # description, target, args...: exit 2, the message, the index and HEAD intact
	d=$1 t=$2; shift 2
	"$gl" check --as-of 2026-12-01 -q -o "$t" "$@" > /dev/null 2> err.txt
	rc=$?
	expect "$d" sh -c "[ $rc = 2 ] && grep -q 'which govlint never writes to; choose another path' err.txt &&
		cmp -s .git/index '$tmp/index.before' && cmp -s .git/HEAD '$tmp/HEAD.before' &&
		git status --short >/dev/null 2>&1"
}
refused "-o .git/index with --staged: refused, the index intact" .git/index --staged .
expect "... the message says it is the index" grep -q "^govlint: --output .git/index is the repository's git index" err.txt
refused "-o .git/HEAD with --since HEAD: refused, HEAD intact" .git/HEAD --since HEAD .
expect "... the message says it is in the git directory" \
	grep -q "^govlint: --output .git/HEAD is in the repository's git directory, which" err.txt
refused "-o a new file in .git, no git option: refused" .git/report.txt .
expect "... and nothing is written" test ! -e .git/report.txt
refused "-o into .git through another spelling (plans/../.git/refs/...)" plans/../.git/refs/heads/main .
ln -s .git gitlink && ln -s .git/index indexlink
refused "-o through a symlink to the .git folder" gitlink/report.txt .
refused "-o a symlink to the index (--staged)" indexlink --staged .
rm gitlink indexlink
cp .git/index "$tmp/other-index"
GIT_INDEX_FILE=$tmp/other-index "$gl" check --as-of 2026-12-01 -q --staged -o "$tmp/other-index" . \
	> /dev/null 2> err.txt
expect "-o the index GIT_INDEX_FILE names, outside .git: refused" sh -c \
	"[ $? = 2 ] && grep -q \"is the repository's git index\" err.txt && cmp -s '$tmp/other-index' .git/index"
mkdir -p "$tmp/idx-dir"
GIT_INDEX_FILE=$tmp/idx-dir/new-index "$gl" check --as-of 2026-12-01 -q \
	-o "$tmp/idx-dir/../idx-dir/new-index" . > /dev/null 2> err.txt
expect "-o the index GIT_INDEX_FILE names, not there yet (another spelling): refused" sh -c \
	"[ $? = 2 ] && grep -q \"is the repository's git index\" err.txt && [ ! -e '$tmp/idx-dir/new-index' ]"
GITHUB_STEP_SUMMARY=.git/index "$gl" check --as-of 2026-12-01 -q --staged --format github . \
	> /dev/null 2> err.txt
expect "GITHUB_STEP_SUMMARY=.git/index: refused, the index intact" sh -c \
	"[ $? = 2 ] && grep -q '^govlint: GITHUB_STEP_SUMMARY=.git/index is the repository' err.txt &&
	cmp -s .git/index '$tmp/index.before'"
"$gl" check --as-of 2026-12-01 -q -o report.txt --staged . > /dev/null 2> err.txt
expect "-o a file of the work tree is still written" sh -c "[ $? = 1 ] && [ -s report.txt ]"
git worktree add -q "$tmp/gitdir-wt" && cd "$tmp/gitdir-wt" || exit 2
cp .git "$tmp/dotgit.before"
"$gl" check --as-of 2026-12-01 -q -o .git . > /dev/null 2> err.txt
expect "a linked worktree: -o its .git file is refused" sh -c \
	"[ $? = 2 ] && grep -q \"is the work tree's .git file\" err.txt && cmp -s .git '$tmp/dotgit.before'"
"$gl" check --as-of 2026-12-01 -q --since HEAD -o "$gd/.git/HEAD" . > /dev/null 2> err.txt
expect "a linked worktree: -o into the common git folder is refused" sh -c \
	"[ $? = 2 ] && cmp -s '$gd/.git/HEAD' '$tmp/HEAD.before'"
"$gl" check --as-of 2026-12-01 -q --staged -o "$gd/.git/worktrees/gitdir-wt/index" . \
	> /dev/null 2> err.txt
expect "a linked worktree: -o its own index is refused" grep -q "is the repository's git index" err.txt
cd "$tmp" || exit 2

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
