#!/bin/sh
# install-consumers.sh — the programs that load kg's exports in make test
# (tests/extra/export_*.sh), installed only when missing: rapper, rdflib and
# NetworkX from Debian (through install-deps.sh), Oxigraph and Kùzu from npm
# into NPM_DIR (default build/npm; never committed). npm 11 leaves Kùzu's
# install script unrun, so it is run here.
# Usage: sh scripts/install-consumers.sh [NPM_DIR]
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
npm_dir=${1:-$top/build/npm}
extra="raptor2-utils python3-rdflib python3-networkx"
command -v node > /dev/null 2>&1 || extra="$extra nodejs"
command -v npm > /dev/null 2>&1 || extra="$extra npm"
KG_DEPS_EXTRA=$extra sh "$top/scripts/install-deps.sh" || exit 1
mkdir -p "$npm_dir" || exit 1
cd "$npm_dir" || exit 1
[ -f package.json ] || echo '{"private": true}' > package.json
if ! [ -d node_modules/oxigraph ] || ! [ -d node_modules/kuzu ]; then
	echo "kg: installing oxigraph and kuzu with npm into $npm_dir" >&2
	npm install --no-audit --no-fund --loglevel=error oxigraph kuzu >&2 || {
		echo "kg: npm install oxigraph kuzu failed" >&2
		exit 1
	}
fi
if ! node -e 'require("./node_modules/kuzu")' > /dev/null 2>&1; then
	(cd node_modules/kuzu && node install.js > /dev/null) || {
		echo "kg: node node_modules/kuzu/install.js failed" >&2
		exit 1
	}
fi
node -e 'require("./node_modules/kuzu"); require("./node_modules/oxigraph")' || exit 1
