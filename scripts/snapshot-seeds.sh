#!/bin/sh
# snapshot-seeds.sh — recompiles the fuzz seeds of the snapshot target
# (tests/fuzz/corpus/snapshot) from their sources, whole and cut short;
# run it whenever the snapshot format changes (KGSN_VERSION), or the
# fuzzer learns nothing past the version check.
# Usage: scripts/snapshot-seeds.sh [KG]   (KG: the kg to use, build/kg)
set -eu
kg=${1:-build/kg}
out=tests/fuzz/corpus/snapshot
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
seed() { # name cut... -- paths
	name=$1
	shift
	cuts=
	while [ "$1" != -- ]; do cuts="$cuts $1"; shift; done
	shift
	"$kg" compile -o "$tmp/$name.kgs" -g "$@" >/dev/null
	cp "$tmp/$name.kgs" "$out/$name.kgs"
	for c in $cuts; do
		head -c "$c" "$tmp/$name.kgs" >"$out/$name-cut$c.kgs"
	done
}
seed tiny 30 300 -- tests/fuzz/corpus-src/tiny
seed lua-data 1000 -- tests/lua/data
ls -l "$out"
