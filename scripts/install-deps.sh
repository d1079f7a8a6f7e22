#!/bin/sh
# Installs the Debian packages kg needs to build and test, only when missing.
# Called by the Makefile before every build; does nothing when all is present.
set -u

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
# the JSON export's checks (tests/extra/import_json_roundtrip.sh)
python3 -c 'import jsonschema' 2>/dev/null || need="$need python3-jsonschema"
python3 -c 'import networkx' 2>/dev/null || need="$need python3-networkx"
if [ "${KG_DEPS_EXTRA:-}" != "" ]; then
	for p in $KG_DEPS_EXTRA; do
		dpkg -s "$p" >/dev/null 2>&1 || need="$need $p"
	done
fi

need=$(echo "$need" | tr ' ' '\n' | sort -u | tr '\n' ' ' | sed 's/^ *//; s/ *$//')
[ -z "$need" ] && exit 0

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
