# The governance chair of the example roster also holds the other two
# approver roles. One signature still counts for one required role, and the
# three are signed by three people.
# sh make.sh EXAMPLES DIR
ex=$1 r=$2
mkdir -p $r/plans && printf 'signoff_provenance: off\n' > $r/.govlint.yaml
sed '/^  - id: robert.hughes/,/groups:/s/roles: \[governance-chair\]/roles: [radiologist, security-officer, governance-chair]/' \
    $ex/people.yaml > $r/people.yaml
ng=$ex/plans/northgate-fracture-assist.yaml
# as the examples have it: three people sign
cp $ng $r/plans/three.yaml
# he signs once, as governance-chair, in place of all three
sed -e 's/^id: northgate-fracture-assist/id: once/' -e '/^  - {by: helen.park, role: radiologist/d' \
    -e '/^  - {by: aaron.blake, role: security-officer/d' $ng > $r/plans/once.yaml
# he signs three times, once in each role
sed -e 's/^id: northgate-fracture-assist/id: thrice/' -e 's/^  - {by: helen.park, role: radiologist/  - {by: robert.hughes, role: radiologist/' \
    -e 's/^  - {by: aaron.blake, role: security-officer/  - {by: robert.hughes, role: security-officer/' $ng > $r/plans/thrice.yaml
