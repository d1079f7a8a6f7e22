#!/bin/sh
# lua_require.sh — the stock interpreter loads the built kg.so with
# `require "kg"` and queries tests/lua/data through it. Under the sanitizer
# build kg.so needs libasan preloaded; when that is not possible, skip.
set -u
: "${TOP:?run from tests/run.sh}" "${B:?run from tests/run.sh}"
cd "$TOP" || exit 2
command -v lua5.4 >/dev/null 2>&1 || { echo "skip: no lua5.4"; exit 0; }
[ -f "$B/kg.so" ] || { echo "$B/kg.so was not built"; exit 1; }
pre=""
case $B in
*asan*)
	pre=$(${CC:-cc} -print-file-name=libasan.so 2>/dev/null)
	ubsan=$(${CC:-cc} -print-file-name=libubsan.so 2>/dev/null)
	if [ ! -f "$pre" ] || [ ! -f "$ubsan" ]; then
		echo "skip: no libasan to preload for the sanitizer build"
		exit 0
	fi
	pre="$pre $ubsan"
	# the stock interpreter's own allocations are not ours to check
	ASAN_OPTIONS=detect_leaks=0:exitcode=99; export ASAN_OPTIONS
	;;
esac
out=$(LD_PRELOAD="$pre" LUA_CPATH="$TOP/$B/?.so" lua5.4 - <<'LUA' 2>&1
local kg = require "kg"
assert(type(kg.version) == "string", "kg.version")
local g = kg.load("tests/lua/data")
assert(tostring(g) == "kg.Graph: 9 entities, 8 relations", tostring(g))
local a = g:get("alpha")
assert(tostring(a) == "country:alpha" and a.name == "Alphaland", "get")
assert(g:count("country") == 5, "count")
local p = g:path("alpha", "delta")
assert(#p == 2 and p[1].from == a, "path")
assert(g:neighborhood("gamma"):count() == 4, "neighborhood")
local ok, err = pcall(kg.load, "tests/bad/load-dup-id.yaml")
assert(not ok and err:match("^tests/bad/load%-dup%-id%.yaml:%d+:%d+: "), err)
g:close()
assert(not pcall(function() return a.name end), "closed graph")
print("ok")
LUA
)
st=$?
if [ $st -ne 0 ] || [ "$out" != "ok" ]; then
	echo "lua5.4 require \"kg\" failed (status $st):"
	echo "$out"
	exit 1
fi
