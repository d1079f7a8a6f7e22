#!/bin/sh
# Installs the Debian packages kg needs to build and test, only when missing.
# Called by the Makefile before every build; does nothing when all is present.
# With --browser (make test), also what the browser tests of `-T html` pages
# need: Debian's chromium, firefox-esr, nodejs and npm, then playwright-core
# (drives Chromium) and puppeteer-core (drives Firefox over WebDriver BiDi)
# at the versions tests/browser/package-lock.json pins, from npm into
# build/browser/ (npm ci; not committed). Exits non-zero when any of it
# cannot be installed.
set -u
browser=0
[ "${1:-}" = --browser ] && browser=1
TOP=$(cd "$(dirname "$0")/.." && pwd)

# pkg-config module -> Debian package that provides it
need=""
have_pc() { command -v pkg-config >/dev/null 2>&1 && pkg-config --exists "$1" 2>/dev/null; }
command -v pkg-config >/dev/null 2>&1 || need="$need pkg-config"
have_pc lua5.4    || need="$need liblua5.4-dev"
have_pc yaml-0.1  || need="$need libyaml-dev"
have_pc libcgraph || need="$need libgraphviz-dev"
have_pc libgvc    || need="$need libgraphviz-dev"
have_pc libedit   || need="$need libedit-dev"
have_pc libpcre2-8 || need="$need libpcre2-dev"
# programs the tests use: the stock interpreter and Graphviz's dot (tests only)
command -v lua5.4 >/dev/null 2>&1 || need="$need lua5.4"
command -v dot    >/dev/null 2>&1 || need="$need graphviz"
command -v valgrind >/dev/null 2>&1 || need="$need valgrind"
command -v groff  >/dev/null 2>&1 || need="$need groff-base" # the manual pages check (tests only)
if [ $browser = 1 ]; then
	[ -x /usr/bin/chromium ] || need="$need chromium"
	[ -x /usr/bin/firefox-esr ] || need="$need firefox-esr"
	command -v node >/dev/null 2>&1 || need="$need nodejs"
	command -v npm >/dev/null 2>&1 || need="$need npm"
fi
# the JSON export's checks (tests/extra/import_json_roundtrip.sh)
/usr/bin/python3 -c 'import jsonschema' 2>/dev/null || need="$need python3-jsonschema"
/usr/bin/python3 -c 'import networkx' 2>/dev/null || need="$need python3-networkx"
if [ "${KG_DEPS_EXTRA:-}" != "" ]; then
	for p in $KG_DEPS_EXTRA; do
		dpkg -s "$p" >/dev/null 2>&1 || need="$need $p"
	done
fi

# playwright-core and puppeteer-core into build/browser/node_modules, when
# the versions package.json pins are not both there yet.
browser_npm() {
	[ $browser = 1 ] || return 0
	dir=$TOP/build/browser
	want="" missing=""
	for m in playwright-core puppeteer-core; do
		v=$(sed -n "s/^ *\"$m\": \"\(.*\)\",*$/\1/p" "$TOP/tests/browser/package.json")
		have=$(sed -n 's/^ *"version": "\(.*\)",$/\1/p' "$dir/node_modules/$m/package.json" 2>/dev/null | head -1)
		want="$want $m@$v"
		{ [ -n "$v" ] && [ "$v" = "$have" ]; } || missing=1
	done
	[ -z "$missing" ] && return 0
	mkdir -p "$dir" && cp "$TOP/tests/browser/package.json" "$TOP/tests/browser/package-lock.json" "$dir/" || return 1
	echo "kg: installing$want from npm into $dir" >&2
	(cd "$dir" && npm ci --no-audit --no-fund --ignore-scripts >&2) || {
		echo "kg: npm ci failed in $dir" >&2
		return 1
	}
}

need=$(echo "$need" | tr ' ' '\n' | sort -u | tr '\n' ' ' | sed 's/^ *//; s/ *$//')
if [ -z "$need" ]; then
	browser_npm
	exit
fi

echo "kg: missing Debian packages: $need" >&2
if ! command -v apt-get >/dev/null 2>&1; then
	echo "kg: no apt-get on this machine; install the equivalents of: $need" >&2
	exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "kg: not root; run as root, or: sudo apt-get install $need" >&2
	exit 1
fi
echo "kg: installing with apt-get: $need" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2 || { echo "kg: apt-get update failed" >&2; exit 1; }
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $need >&2 || {
	echo "kg: apt-get install failed; install by hand: apt-get install $need" >&2
	exit 1
}
echo "kg: installed: $need" >&2
browser_npm
