#!/bin/sh
# Installs what govlint needs to build and test, from Debian's packages.
# Run as root it installs what is missing with apt-get; otherwise it names
# the packages to install and fails.
set -u
need=""
command -v pkg-config >/dev/null 2>&1 || need="pkg-config"
check() { # pkg-config module, Debian package
	if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists "$1"; then
		need="$need $2"
	fi
}
check yaml-0.1 libyaml-dev
check libpcre2-8 libpcre2-dev
check libgit2 libgit2-dev
check cmocka libcmocka-dev
[ -n "$need" ] || exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "deps: installing$need" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2 || { echo "deps: apt-get update failed" >&2; exit 1; }
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $need >&2 || {
		echo "deps: could not install:$need" >&2; exit 1; }
	exit 0
fi
echo "deps: missing build dependencies. Install them with:" >&2
echo "  sudo apt-get install$need" >&2
exit 1
