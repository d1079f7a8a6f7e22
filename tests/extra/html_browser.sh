#!/bin/sh
# tests/extra/html_browser.sh — `kg render -T html` pages in a real browser:
# Debian's headless Chromium driven by playwright-core (tests/browser/,
# installed by `sh scripts/install-deps.sh --browser`, which make test runs).
# The example's overview: no network request, search by alias centres,
# the panel, neighbour classes, type filters, the year slider; a copy with
# hostile names and urls: nothing runs, names show as text, an ended
# relation disappears; a generated 2,000-entity / 5,000-relation graph laid
# out by sfdp: the times to interactive and to search-and-centre, printed,
# never asserted (plain build only: the sanitizer build is slower). Screen
# shots go to build/test/html/. Without Chromium or playwright-core it
# prints SKIP and the reason, and fails: a skipped browser test is not a pass.
set -u
cd "$TOP" || exit 2
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fail() { echo "html_browser: $*" >&2; exit 1; }
PW=$TOP/build/browser/node_modules
[ -x /usr/bin/chromium ] || fail "SKIP: no /usr/bin/chromium (sh scripts/install-deps.sh --browser installs it); counted as failed"
command -v node >/dev/null 2>&1 || fail "SKIP: no node (apt-get install nodejs); counted as failed"
[ -d "$PW/playwright-core" ] || fail "SKIP: no playwright-core in $PW (sh scripts/install-deps.sh --browser); counted as failed"
shots=$TOP/build/test/html
mkdir -p "$shots" || fail "cannot create $shots"
check() { NODE_PATH=$PW timeout 600 node tests/browser/html_check.js "$@" > "$t/out" 2>&1; rc=$?
	cat "$t/out"; [ $rc = 0 ] || fail "$1: see above"; }
G=examples/dprk-trafficking

# The example's overview.
"$KG" render -g $G --view $G/views/overview.lua -o "$t/overview.html" || fail "render overview"
check example "$t/overview.html" "$shots"

# A copy with hostile names, a javascript: url and a relation that ended.
sh tests/browser/hostile_page.sh "$t" || fail "the hostile page"
check hostile "$t/hostile.html" "$shots" "$(cat "$t/hostile-name")"

# The 2,000 / 5,000 graph with sfdp: figures only, on the plain build.
case "$B" in */asan*) echo "html_browser: the timing run is for the plain build only"; exit 0 ;; esac
command -v lua5.4 >/dev/null 2>&1 || fail "no lua5.4 for scripts/gen-graph.lua"
lua5.4 scripts/gen-graph.lua --entities 2000 --relations 5000 --seed 1 --out "$t/big" > /dev/null || fail "gen-graph"
timeout 600 "$KG" render -g "$t/big/data" -K sfdp -o "$t/big.html" 2> "$t/err" || fail "render big: $(cat "$t/err")"
name=$(NODE_PATH=$PW node -e '
const s = require("fs").readFileSync(process.argv[1], "utf8");
const j = s.slice(s.indexOf("<script id=\"kg-data\" type=\"application/json\">") + 46, s.indexOf("</script>", s.indexOf("kg-data")));
const d = JSON.parse(j); console.log(d.entities[Math.floor(d.entities.length * 0.37)].name);' "$t/big.html") || fail "read a name from the big page"
echo "big page: $(wc -c < "$t/big.html") bytes; searching for $name"
check big "$t/big.html" "$shots" "$name"
