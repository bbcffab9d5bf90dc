# A repository whose plans name representatives the roster does not put in
# their group. Each plan is an example plan changed in one place or two.
# sh make.sh EXAMPLES DIR
ex=$1 r=$2
mkdir -p $r/plans && cp $ex/people.yaml $r/ && printf 'signoff_provenance: off\n' > $r/.govlint.yaml
ng=$ex/plans/northgate-fracture-assist.yaml
# Scenario C: the owner who signed off the radiologist's concern C-1 lists
# herself as a radiology representative; GOV-CON-003 stays
sed 's/^    representatives: \[jonas.weber, anna.lindqvist\]/    representatives: [jonas.weber, anna.lindqvist, marta.kowalska]/' \
    $ex/plans/eu-mammo-second-reader.yaml > $r/plans/scenario-c.yaml
# The owner, listed as an it-security representative, raises and signs off
# C-4 for it-security: GOV-CON-001
sed -e 's/^id: northgate-fracture-assist/id: owner-raises/' \
    -e 's/^    representatives: \[aaron.blake\]/    representatives: [aaron.blake, olivia.grant]/' \
    -e '/^  - id: C-4/,/^  - id: C-5/s/aaron.blake/olivia.grant/' $ng > $r/plans/owner-raises.yaml
# A radiology representative who is in radiology in people.yaml signs off
# another radiologist's concern: no finding
sed -e 's/^id: northgate-fracture-assist/id: member-signs/' \
    -e '/^  - id: C-1/,/^  - id: C-2/s/sign_off: {by: helen.park/sign_off: {by: luis.garcia/' $ng > $r/plans/member-signs.yaml
