#!/bin/sh
# make-hostile.sh DIR: writes a hostile planning repository into DIR (which
# must be empty or missing). Everything is generated here, at test time, and
# deterministically (no /dev/urandom, no clock): nothing large is checked in.
#
#   people.yaml                  a valid roster (tests/cli/fixtures/clean's)
#   plans/valid.yaml             a valid plan with exactly one gap, GOV-DOC-002
#                                at governance.inventory_id: proof that it was
#                                checked (the clean fixture plan, in review)
#   plans/alias-bomb.yaml        billion laughs: 9 levels of 10 aliases
#   plans/deep-nesting.yaml      10,000 nested flow sequences [[[[...]]]]
#   plans/huge.yaml              20 MB (over the default 8 MB size limit)
#   plans/long-line.yaml         one line of 2 MB (a 2 MB scalar)
#   plans/invalid-utf8.yaml      a Latin-1 byte in a scalar
#   plans/nul-bytes.yaml         NUL bytes inside the text
#   plans/control-chars.yaml     raw ESC and BEL bytes (terminal escapes)
#   plans/binary.yaml            4 KiB of pseudo-random bytes (fixed seed)
#   plans/unreadable.yaml        chmod 000 (root can still read it)
#   plans/passwd-link.yaml       symlink to /etc/passwd (leaves the repo)
#   plans/loop-a.yaml, loop-b.yaml   a symlink loop
#   plans/dangling.yaml          symlink to a file that does not exist
#   plans/etc                    symlink to the folder /etc (leaves the repo;
#                                run.sh also names plans/etc/passwd as a PATH)
#   plans/duplicate-key.yaml     a key twice in one mapping
#   plans/crlf.yaml              a small plan with CRLF line ends
#   plans/bom.yaml               a small plan starting with a UTF-8 BOM
#   plans/empty.yaml             0 bytes
#   plans/multi-doc.yaml         two YAML documents
#   plans/top-list.yaml          the top level is a list, not a mapping
#   plans/merge-keys.yaml        15 merge keys (<<) of one 100,000-key mapping
#                                (1.2 MB: minutes when merging was quadratic)
#   plans/modalities.yaml        10,000 modalities in use against 10,000 the
#                                system is for, none of them alike (60 KB:
#                                GOV-SYS-002 took 17 s and 6.5 GB when each
#                                in-use modality gathered the system's again)
#   plans/fifo.yaml              a named pipe (reading it must not block)
#   plans/name-ESC...yaml        a tiny plan whose file name holds ESC, BEL,
#                                CSI (U+009B) and LF, then a forged finding
#   plans/many/pNNNN.yaml        5,000 tiny plans, each with gaps
#
# The small plans (crlf, bom, merge-keys, unreadable, many/*) are valid YAML
# on purpose: each lacks stakeholders and a security review, so each has
# findings of its own and shows up in the report under its own path.
#
# tests/hostile/run.sh lists the same files (keep the two in step).

set -eu

if [ $# -ne 1 ]; then
	echo "usage: sh tests/hostile/make-hostile.sh DIR" >&2
	exit 2
fi
dir=$1
here=$(cd "$(dirname "$0")" && pwd -P)
mkdir -p "$dir/plans/many"
if [ -n "$(ls -A "$dir/plans/many")" ]; then
	echo "make-hostile.sh: $dir is not empty" >&2
	exit 2
fi
cd "$dir"

# The roster and the valid plan come from the CLI fixtures: the clean plan,
# in status review, with one placeholder (GOV-DOC-002 at governance.inventory_id).
fixtures=$here/../cli/fixtures/clean
cp "$fixtures/people.yaml" people.yaml
sed -e 's/^id: clean-plan$/id: valid-plan/' -e 's/^status: approved$/status: review/' \
	-e 's/^  inventory_id: .*/  inventory_id: TBD/' "$fixtures/plans/clean.yaml" >plans/valid.yaml
grep -q '^  inventory_id: TBD$' plans/valid.yaml

# A tiny valid plan with gaps (no stakeholders, no security review).
tiny() {
	printf 'apiVersion: govlint/v1\nkind: RolloutPlan\nid: %s\ntitle: Tiny plan %s\nstatus: review\nowner: olivia.grant\nrevision: 1\n' "$1" "$1"
}

# ---- billion laughs ------------------------------------------------------
{
	echo 'id: alias-bomb'
	echo 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'
	i=1
	while [ $i -le 9 ]; do
		p=$((i - 1))
		echo "a$i: &a$i [*a$p,*a$p,*a$p,*a$p,*a$p,*a$p,*a$p,*a$p,*a$p,*a$p]"
		i=$((i + 1))
	done
	echo 'title: *a9'
} >plans/alias-bomb.yaml

# ---- 10,000-deep nesting --------------------------------------------------
awk 'BEGIN { printf "id: deep\nlevels: "; for (i = 0; i < 10000; i++) printf "[";
             for (i = 0; i < 10000; i++) printf "]"; printf "\n" }' >plans/deep-nesting.yaml

# ---- 20 MB ----------------------------------------------------------------
yes '  - padding line of a very large plan file' | head -c 20971520 >plans/huge.yaml

# ---- one 2 MB line ----------------------------------------------------------
{
	printf 'id: long-line\ntitle: '
	head -c 2097152 /dev/zero | tr '\000' x
	printf '\n'
} >plans/long-line.yaml

# ---- bad bytes ------------------------------------------------------------
printf 'id: invalid-utf8\ntitle: caf\351 \377\376 na\357ve\nstatus: review\n' >plans/invalid-utf8.yaml
printf 'id: nul-bytes\ntitle: before\000after\nstatus: re\000view\n' >plans/nul-bytes.yaml
printf 'id: control-chars\ntitle: a\033[2Jb\033]0;title\007\n' >plans/control-chars.yaml

# 4 KiB from a fixed-seed linear congruential generator (exact in awk's
# doubles), written through printf's octal escapes (each line read below is a
# printf format on purpose).
# shellcheck disable=SC2059
awk 'BEGIN { x = 20240611; for (i = 0; i < 4096; i++) {
               x = (x * 75 + 74) % 65537; printf "\\%03o", x % 256;
               if (i % 64 == 63) printf "\n" } }' |
	while IFS= read -r line; do printf "$line"; done >plans/binary.yaml

# ---- permissions and links ------------------------------------------------
tiny unreadable-plan >plans/unreadable.yaml
chmod 000 plans/unreadable.yaml
ln -s /etc/passwd plans/passwd-link.yaml
ln -s loop-b.yaml plans/loop-a.yaml
ln -s loop-a.yaml plans/loop-b.yaml
ln -s does-not-exist.yaml plans/dangling.yaml
ln -s /etc plans/etc
mkfifo plans/fifo.yaml

# ---- YAML shapes ------------------------------------------------------------
{ tiny duplicate-key-plan; echo 'status: approved'; } >plans/duplicate-key.yaml
tiny crlf-plan | sed 's/$/\r/' >plans/crlf.yaml
{ printf '\357\273\277'; tiny bom-plan; } >plans/bom.yaml
: >plans/empty.yaml
{ echo '---'; tiny multi-doc-one; echo '---'; tiny multi-doc-two; } >plans/multi-doc.yaml
printf -- '- id: top-list\n- title: a list, not a plan\n' >plans/top-list.yaml
{
	tiny merge-keys-plan
	echo 'base: &a'
	awk 'BEGIN { for (i = 0; i < 100000; i++) printf "  k%d: 1\n", i;
	             for (c = 0; c < 15; c++) printf "c%d:\n  <<: *a\n", c }'
} >plans/merge-keys.yaml

{
	tiny modalities-plan
	awk 'BEGIN { printf "system:\n  modality: ["; for (i = 0; i < 10000; i++) printf "%sDX", i ? "," : "";
	             printf "]\ncontext:\n  modality: ["; for (i = 0; i < 10000; i++) printf "%sCT", i ? "," : "";
	             print "]" }'
} >plans/modalities.yaml

tiny name-plan >"plans/$(printf 'name-\033]0;x\007\302\233\nFORGED.yaml:1:1: note: all clear.yaml')"

# ---- 5,000 tiny plans --------------------------------------------------------
# One awk process writes them all (a shell loop of 5,000 redirections is slow).
awk 'BEGIN { for (i = 1; i <= 5000; i++) {
               f = sprintf("plans/many/p%04d.yaml", i);
               printf "apiVersion: govlint/v1\nkind: RolloutPlan\nid: many-%04d\ntitle: Tiny plan %d\nstatus: review\nowner: olivia.grant\nrevision: 1\n", i, i > f;
               close(f) } }'
