#!/bin/sh
# Installs what govlint needs from Debian's packages: `deps.sh build` for
# building (make deps), `deps.sh test` adds the tools the tests check
# reports with. As root it installs what is missing with apt-get; otherwise
# it names the packages to install and fails.
set -u
need=""
has_pkg() { # pkg-config module
	command -v pkg-config >/dev/null 2>&1 && pkg-config --exists "$1"
}
want() { # test, Debian package
	eval "$1" >/dev/null 2>&1 || need="$need $2"
}
want "command -v pkg-config" pkg-config
want "has_pkg yaml-0.1" libyaml-dev
want "has_pkg libpcre2-8" libpcre2-dev
want "has_pkg libgit2" libgit2-dev
want "has_pkg cmocka" libcmocka-dev
if [ "${1:-build}" = test ]; then
	want "/usr/bin/python3 -c 'import jsonschema'" python3-jsonschema
	want "/usr/bin/python3 -c 'import yaml'" python3-yaml
	want "/usr/bin/python3 -c 'import html5lib'" python3-html5lib
	want "command -v xmllint" libxml2-utils
	want "command -v cmark-gfm" cmark-gfm
	want "command -v chromium" chromium
	want "command -v pre-commit" pre-commit
fi
[ -n "$need" ] || exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "deps: installing$need" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2 || { echo "deps: apt-get update failed" >&2; exit 1; }
	# shellcheck disable=SC2086
	apt-get install -y -qq $need >/dev/null || {
		echo "deps: could not install:$need" >&2; exit 1; }
	exit 0
fi
echo "deps: missing packages. Install them with:" >&2
echo "  sudo apt-get install$need" >&2
exit 1
