# A repository whose plans each give someone only the plan's own people:
# lists an authority that people.yaml alone may grant. Each plan is an
# example plan with no finding of the rule at hand, changed in one place.
# sh make.sh EXAMPLES DIR
ex=$1 r=$2
mkdir -p $r/plans && cp $ex/people.yaml $r/ && printf 'signoff_provenance: off\n' > $r/.govlint.yaml
ng=$ex/plans/northgate-fracture-assist.yaml
# people ID ENTRY: plans/ID.yaml, a copy of northgate with its own id and a
# people: list of one ENTRY
people() { sed -e "s/^id: northgate-fracture-assist/id: $1/" -e "/^governance:/i people: [$2]" $ng > $r/plans/$1.yaml; }

# GOV-APR-002: one minted approver with all three roles replaces the three approvals
people approver '{id: og.approver, name: Olivia Grant, roles: [radiologist, security-officer, governance-chair]}'
sed -i -e '/^  - {by: helen.park, role: radiologist/d' -e '/^  - {by: aaron.blake, role: security-officer/d' \
    -e 's/{by: robert.hughes, on_behalf_of: ai-committee,/{by: og.approver,/' $r/plans/approver.yaml
# GOV-SEC-002: the owner reviews security under a second id, listed as an it-security representative
people reviewer '{id: o.grant, name: Olivia Grant, roles: [security-officer], groups: [it-security]}'
sed -i -e 's/^  reviewer: aaron.blake/  reviewer: o.grant/' \
    -e 's/representatives: \[aaron.blake\]/representatives: [aaron.blake, o.grant]/' $r/plans/reviewer.yaml
# GOV-OPS-001: whoever is on call may stop the AI
people stopper '{id: on.call, name: Whoever is on call, roles: [radiologist], groups: [radiology]}'
sed -i 's/^  disable_authority: helen.park/  disable_authority: on.call/' $r/plans/stopper.yaml
# GOV-CON-004: an accepted risk owned by a governance-chair of the plan's making
people risk '{id: risk.lead, name: Risk Lead, roles: [governance-chair]}'
sed -i 's/^    risk_owner: aaron.blake/    risk_owner: risk.lead/' $r/plans/risk.yaml
# GOV-TRL-005: a trial signature by someone no one has verified
sed -e '/^governance:/i people: [{id: ext.qa, name: External QA, roles: [quality-assurance]}]' \
    -e 's/^approvals: \[\]/approvals: [{by: ext.qa, role: quality-assurance, signed_at: "2026-11-20T10:00:00Z", meaning: review, scope: pilot, record_ref: {revision: 9}}]/' \
    $ex/plans/meridian-nsclc-trial.yaml > $r/plans/trial-signer.yaml
