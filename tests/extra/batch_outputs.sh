#!/bin/sh
# batch_outputs.sh — kg batch's files: written whole or not at all, no
# temporary files left, stale outputs replaced, a failed script's
# kg.output files never appear, symbolic links do not lead out of the
# sandbox, the output directory is made when missing.
set -u
KG=${KG:-build/kg}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
bad() { echo "FAIL: $*"; fail=1; }

out=$tmp/out
mkdir -p "$out" "$tmp/s"
echo stale > "$out/04-print.out"
echo old > "$out/partial.csv"
"$KG" batch -g tests/batch/graph -j 3 -o "$out" tests/batch/basic > "$tmp/report" 2>&1
[ $? = 1 ] || bad "basic: status"
ls -A "$out" | grep '\.tmp\.' && bad "temporary files left"
grep -q stale "$out/04-print.out" && bad "stale NAME.out not replaced"
[ "$(cat "$out/partial.csv")" = old ] || bad "a failed script replaced partial.csv"
[ -f "$out/countries.csv" ] || bad "kg.output file missing"
[ "$(wc -l < "$out/countries.csv")" = 3 ] || bad "countries.csv is not whole"

# a missing output directory is made; a file in its place is refused
"$KG" batch -g tests/batch/graph -o "$tmp/new" tests/batch/basic/01-pass.lua > /dev/null || bad "-o new dir"
[ -f "$tmp/new/01-pass.out" ] || bad "no 01-pass.out in the new directory"
"$KG" batch -g tests/batch/graph -o "$tmp/report" tests/batch/basic/01-pass.lua > /dev/null 2>&1
[ $? = 2 ] || bad "-o FILE: status"

# symbolic links inside the sandbox's directory lead nowhere
box=$tmp/box
mkdir -p "$box"
ln -s /etc/passwd "$box/link"
ln -s /etc "$box/etcdir"
cat > "$tmp/s/links.lua" <<'LUA'
local function refused(f, ...) local ok, a, b = pcall(f, ...) return not ok or (a == nil and b) end
assert(refused(io.open, "link"), "link opened")
assert(refused(io.open, "etcdir/passwd"), "etcdir/passwd opened")
assert(refused(io.lines, "link"), "link read")
assert(refused(dofile, "link"), "dofile link")
assert(refused(os.remove, "etcdir/hostname"), "os.remove through a link")
assert(refused(os.rename, "link", "etcdir/x"), "os.rename through a link")
local dir = "@BOX@" -- (os.getenv is refused in the sandbox)
local f = assert(io.open(dir .. "/abs.txt", "w"))
f:write("absolute inside\n")
f:close()
assert(refused(io.open, dir .. "/../escape.txt", "w"), "absolute .. escape")
assert(refused(io.open, dir .. "x/escape.txt", "w"), "prefix-sharing sibling")
return "links refused"
LUA
mkdir -p "${box}x"
sed -i "s|@BOX@|$box|" "$tmp/s/links.lua"
"$KG" batch -g tests/batch/graph --sandbox -o "$box" "$tmp/s/links.lua" > "$tmp/report" 2>&1 ||
	{ bad "links"; cat "$tmp/report"; }
[ -f "$box/abs.txt" ] || bad "absolute path inside the directory refused"
[ -e "$tmp/escape.txt" ] || [ -e "${box}x/escape.txt" ] && bad "escaped the directory"
[ "$(cat "$box/link" | head -1)" = "$(head -1 /etc/passwd)" ] || bad "the link's target changed"

# without -o nothing is written anywhere
cd "$tmp" || exit 1
"$KG" batch -g "$OLDPWD/tests/batch/graph" "$OLDPWD/tests/batch/basic/04-print.lua" > "$tmp/report" 2>&1 || bad "no -o"
[ -e "$tmp/04-print.out" ] && bad "stdout written without -o"
exit $fail
