#!/bin/sh
# govlint schema and govlint init, end to end:
# - the schema is valid JSON Schema and every example plan validates against it;
# - the pack's key vocabularies (plan_keys, ...) are the schema's properties,
#   GOV-DOC-001 reads each where the schema puts that mapping, and every
#   field a rule reads is in the schema, offering only values the rules accept;
# - every field the schema types as one value is held to one (a list or
#   mapping there is reported), every number and integer to one;
# - an agreement is what the schema and GOV-SEC-004 both say it is;
# - init scaffolds a repository that checks with warnings only (placeholders),
#   refuses to run twice, and once its TBDs are filled passes every rule.
# usage: sh tests/schema/run.sh build/govlint
set -u
gl=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok: $1"; }
bad() { fail=$((fail + 1)); echo "FAILED: $1"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$gl" schema > "$tmp/plan.schema.json" && ok "schema prints" || bad "schema prints"
if /usr/bin/python3 "$here/check_plans.py" "$tmp/plan.schema.json" examples/plans/*.yaml; then
	ok "every example plan validates against the schema"
else
	bad "every example plan validates against the schema"
fi

if /usr/bin/python3 "$here/check_keys.py" rules/clinical-imaging.yaml "$tmp/plan.schema.json"; then
	ok "every mapping of the schema has a key vocabulary of its properties, checked where it is"
else
	bad "every mapping of the schema has a key vocabulary of its properties, checked where it is"
fi
if /usr/bin/python3 "$here/check_types.py" rules/clinical-imaging.yaml "$tmp/plan.schema.json"; then
	ok "every one-value field of the schema is held to one value, every number to a number"
else
	bad "every one-value field of the schema is held to one value, every number to a number"
fi
if /usr/bin/python3 "$here/check_fields.py" rules/clinical-imaging.yaml "$tmp/plan.schema.json"; then
	ok "every field a rule reads is in the schema, offering only values the rules accept"
else
	bad "every field a rule reads is in the schema, offering only values the rules accept"
fi

# The schema and GOV-SEC-004 agree on what an agreement is: {type, ref}
# clears the missing-agreement gap of a plan whose PHI leaves the enclave,
# a plain string is neither valid to the schema nor an agreement to the rule.
# agreement FORM: the stroke plan with that agreements list: its schema
# status (0 valid, 1 not) and its count of missing-agreement findings.
agreement() {
	sed "s/^  agreements: \[\]\$/  agreements: $1/" examples/plans/stroke-lvo-alerting.yaml > "$tmp/agreement.yaml"
	/usr/bin/python3 "$here/check_plans.py" "$tmp/plan.schema.json" "$tmp/agreement.yaml" > /dev/null
	echo "$? $("$gl" check -q --as-of 2026-12-01 "$tmp/agreement.yaml" | grep -c 'without an agreement')"
}
if [ "$(agreement '[{type: BAA, ref: LSN-BAA-2026-07}]')" = "0 0" ] &&
   [ "$(agreement '[LSN-BAA-2026-07]')" = "1 1" ]; then
	ok "an agreement is {type, ref} to the schema and to GOV-SEC-004, never a plain string"
else
	bad "an agreement is {type, ref} to the schema and to GOV-SEC-004, never a plain string"
fi

"$gl" init "$tmp/repo" > /dev/null && ok "init creates a repository" || bad "init creates a repository"
"$gl" check --as-of 2026-12-01 -q "$tmp/repo" > "$tmp/first.txt"
rc=$?
if [ $rc -eq 0 ] && grep -q 'GOV-DOC-002' "$tmp/first.txt" && ! grep -q ': error:' "$tmp/first.txt"; then
	ok "the unfilled template gives placeholder warnings, no error (exit $rc)"
else
	bad "the unfilled template gives placeholder warnings, no error (exit $rc)"
fi
"$gl" init "$tmp/repo" > /dev/null 2> "$tmp/again.txt"
if [ $? -eq 2 ] && grep -q 'exists already' "$tmp/again.txt"; then
	ok "init refuses to overwrite"
else
	bad "init refuses to overwrite"
fi

# an existing repository's .gitignore is kept; its roster stops init
mkdir -p "$tmp/own" && printf '*.o\n' > "$tmp/own/.gitignore"
if "$gl" init "$tmp/own" > "$tmp/own.txt" && [ "$(cat "$tmp/own/.gitignore")" = '*.o' ] &&
	[ -f "$tmp/own/plans/rollout-plan.yaml" ] && grep -q 'add /reports/ to it' "$tmp/own.txt"; then
	ok "init keeps a .gitignore there, writes the rest and says so"
else
	bad "init keeps a .gitignore there, writes the rest and says so"
fi
mkdir -p "$tmp/own2" && printf '*.o\n' > "$tmp/own2/.gitignore" && printf 'people: []\n' > "$tmp/own2/people.yaml"
"$gl" init "$tmp/own2" > /dev/null 2>&1
if [ $? -eq 2 ] && [ "$(ls -A "$tmp/own2" | tr '\n' ' ')" = '.gitignore people.yaml ' ]; then
	ok "init beside a roster writes nothing, .gitignore or not"
else
	bad "init beside a roster writes nothing, .gitignore or not"
fi

/usr/bin/python3 "$here/fill_template.py" "$tmp/repo"
"$gl" check --as-of 2026-12-01 --fail-on info "$tmp/repo" > "$tmp/filled.txt"
rc=$?
if [ $rc -eq 0 ] && grep -q '0 errors, 0 warnings, 0 infos' "$tmp/filled.txt"; then
	ok "the filled template passes every rule, in review"
else
	cat "$tmp/filled.txt"
	bad "the filled template passes every rule, in review (exit $rc)"
fi
echo "schema/init: $pass passed, $fail failed"
[ $fail -eq 0 ]
