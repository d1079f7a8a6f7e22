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

# A copy with hostile names, a javascript: url (its schema's url pattern
# removed) and a relation that ended.
mkdir -p "$t/x/examples" "$t/x/schema" && cp -r $G "$t/x/examples/" &&
	sed "s/url: {type: string, pattern: '^https?:\/\/', /url: {type: string, /" schema/core.yaml > "$t/x/schema/core.yaml" ||
	fail "copy the example"
sed -i 's|^extends: core$|extends: ../../schema/core.yaml|' "$t/x/examples/dprk-trafficking/schema.yaml" ||
	fail "point the example's schema at the copy of core"
grep -q "url: {type: string, doc" "$t/x/schema/core.yaml" || fail "the url pattern is still in the schema copy"
hostile='<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>'
long=$(awk 'BEGIN { for (i = 0; i < 1000; i++) printf "Long name "; }')
cat > "$t/x/examples/dprk-trafficking/hostile.yaml" <<YAML
entities:
  - id: hostile-person
    type: person
    name: '$hostile'
    aliases: ['</svg><script>window.__pwned=1</script>', "{{constructor.constructor('window.__pwned=1')()}}"]
    description: 'javascript:window.__pwned=1 "quotes" and '' apostrophes </script><!--'
    sources: [hostile-source, good-source]
  - id: rtl-person
    type: person
    name: "\u202eevil\u200b\u200dname\u2066 \u0627\u0644\u0639\u0631\u0628\u064a\u0629"
  - id: long-person
    type: person
    name: '$long'
  - id: hostile-source
    type: report
    name: Hostile source
    title: '<b>bold</b>'
    url: 'javascript:window.__pwned=1'
  - id: good-source
    type: report
    name: Good source
    title: A good one
    url: 'https://example.org/report'
relations:
  - {from: hostile-person, type: leads, to: dprk, since: 1994, till: 2011, sources: [hostile-source]}
  - {from: rtl-person, type: leads, to: dprk, since: 2012}
  - {from: long-person, type: leads, to: dprk}
YAML
"$KG" render -g "$t/x/examples/dprk-trafficking" -o "$t/hostile.html" || fail "render the hostile copy"
check hostile "$t/hostile.html" "$shots" "$hostile"

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
