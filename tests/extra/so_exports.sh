#!/bin/sh
# so_exports.sh — kg.so exports luaopen_kg and nothing else: kg's internals
# and the static libyaml's yaml_* stay local (the Makefile's version
# script). Then the stock lua5.4 loads it with another library preloaded
# that defines kg_graph_load and, in the plain build, yaml_parser_parse of
# its own, as a user's other C module might: kg.so must still use its own.
set -u
: "${TOP:?run from tests/run.sh}" "${B:?run from tests/run.sh}"
cd "$TOP" || exit 2
so=$B/kg.so
[ -f "$so" ] || { echo "$so was not built"; exit 1; }
command -v nm >/dev/null 2>&1 || { echo "skip: no nm"; exit 0; }

# The linker's own symbols, if a toolchain adds them, are not kg's.
extra=$(nm -D --defined-only "$so" | awk '{print $NF}' |
	grep -v -x -e luaopen_kg -e _init -e _fini -e _edata -e _end -e __bss_start)
if [ -n "$extra" ]; then
	echo "$so exports more than luaopen_kg ($(printf '%s\n' "$extra" | wc -l) more):"
	printf '%s\n' "$extra" | head -20
	exit 1
fi
nm -D --defined-only "$so" | awk '{print $NF}' | grep -q -x luaopen_kg ||
	{ echo "$so does not export luaopen_kg"; exit 1; }

command -v lua5.4 >/dev/null 2>&1 || { echo "skip: no lua5.4"; exit 0; }
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
# A library whose same-named symbols would abort if kg.so called them.
yaml_clash=""
case $B in *asan*) ;; *) yaml_clash="int yaml_parser_parse(void *p, void *e) { (void)p; (void)e; abort(); }" ;; esac
cat > "$tmp/clash.c" <<C
#include <stdlib.h>
void *kg_graph_load(void);
void *kg_graph_load(void) { abort(); }
int kgs_new(void);
int kgs_new(void) { abort(); }
$yaml_clash
C
${CC:-cc} -shared -fPIC -w -o "$tmp/libclash.so" "$tmp/clash.c" || { echo "cannot build the clash library"; exit 1; }

pre="$tmp/libclash.so"
case $B in
*asan*)
	asan=$(${CC:-cc} -print-file-name=libasan.so 2>/dev/null)
	ubsan=$(${CC:-cc} -print-file-name=libubsan.so 2>/dev/null)
	if [ ! -f "$asan" ] || [ ! -f "$ubsan" ]; then
		echo "skip: no libasan to preload for the sanitizer build"
		exit 0
	fi
	pre="$asan $ubsan $pre"
	# the stock interpreter's own allocations are not ours to check
	ASAN_OPTIONS=detect_leaks=0:exitcode=99; export ASAN_OPTIONS
	;;
esac
out=$(LD_PRELOAD="$pre" LUA_CPATH="$TOP/$B/?.so" lua5.4 - <<'LUA' 2>&1
local kg = require "kg"
local g = kg.load("tests/lua/data")
assert(tostring(g) == "kg.Graph: 9 entities, 8 relations", tostring(g))
assert(g:get("alpha").name == "Alphaland", "get")
g:close()
print("ok")
LUA
)
st=$?
if [ $st -ne 0 ] || [ "$out" != "ok" ]; then
	echo "lua5.4 with a clashing library preloaded: require \"kg\" failed (status $st):"
	echo "$out"
	exit 1
fi
