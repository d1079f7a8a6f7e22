#!/bin/sh
# tests/extra/html_page.sh — the page of `kg render -T html`, without a
# browser (tests/extra/html_browser.sh runs it in one): -o x.html picks it,
# one file with the SVG, the JSON and three scripts and nothing to fetch
# (no src= or external href, a Content-Security-Policy of default-src 'none'),
# hostile names never close or open a tag, the same bytes every run, whole
# or not at all, and kg.render(view, {format = "html"}) from Lua.
set -u
cd "$TOP" || exit 2
t=$(mktemp -d); trap 'chmod -R u+w "$t"; rm -rf "$t"' EXIT
fail() { echo "html_page: $*" >&2; exit 1; }
G=examples/dprk-trafficking

"$KG" render -g $G -o "$t/a.html" || fail "render -o a.html"
"$KG" render -g $G -T html > "$t/b.html" || fail "render -T html"
cmp -s "$t/a.html" "$t/b.html" || fail "-o x.html and -T html differ, or two runs differ"
head -c 15 "$t/a.html" | grep -q '^<!DOCTYPE html>' || fail "not an HTML page"
tail -c 9 "$t/a.html" | grep -q '</html>' || fail "the page does not end with </html>"
grep -q "content=\"default-src 'none'; script-src 'nonce-kg[0-9a-f]*'; style-src 'unsafe-inline'\"" "$t/a.html" ||
	fail "no Content-Security-Policy that blocks the network"
[ "$(grep -c '<script' "$t/a.html")" = 3 ] || fail "not 3 <script> tags"
[ "$(grep -c '</script>' "$t/a.html")" = 3 ] || fail "not 3 </script> tags"
[ "$(grep -c '<svg' "$t/a.html")" = 1 ] || fail "not one <svg>"
grep -q '<?xml\|<!DOCTYPE svg' "$t/a.html" && fail "the SVG's XML prologue is inlined"
grep -q 'svg-pan-zoom v3.6.2' "$t/a.html" || fail "svg-pan-zoom is not embedded"
grep -Eiq '(src|href)="(https?:)?//' "$t/a.html" && fail "the page refers to the network: $(grep -Eio '(src|href)="(https?:)?//[^"]*' "$t/a.html" | head -1)"
grep -Eiq '@import|url\(' "$t/a.html" && fail "the page's style fetches something"
grep -q '"name":"North Korea"' "$t/a.html" || fail "no data for North Korea"

# Hostile names: '<' only ever escaped in the JSON, and no tag made of data.
mkdir -p "$t/h" || exit 2
cat > "$t/h/g.yaml" <<'YAML'
entities:
  - id: x1
    type: person
    name: '</script><script>window.__pwned=1</script><!--'
    aliases: ['</svg><img src=x onerror=alert(1)>', '{{x}}', "\u202eevil\u200b"]
  - id: x2
    type: agency
    name: '"quotes" and '' and javascript:alert(1)'
YAML
awk 'BEGIN { printf "  - id: x3\n    type: person\n    name: "; for (i = 0; i < 1000; i++) printf "LongName. "; printf "\n" }' >> "$t/h/g.yaml"
printf 'relations:\n  - {from: x1, type: member_of, to: x2}\n' >> "$t/h/g.yaml"
"$KG" render -g "$t/h" --isolated -o "$t/h.html" || fail "render hostile names"
[ "$(grep -c '<script' "$t/h.html")" = 3 ] || fail "a hostile name made a <script> tag"
[ "$(grep -c '</script' "$t/h.html")" = 3 ] || fail "a hostile name closed a script"
grep -q '<img' "$t/h.html" && fail "a hostile name made an <img> tag"
[ "$(grep -c '</svg' "$t/h.html")" = 1 ] || fail "a hostile name closed the SVG"
sed -n '/<script id="kg-data"/,/<\/script>/p' "$t/h.html" | sed '1d;$d' > "$t/h.json"
grep -q '<' "$t/h.json" && fail "a '<' left unescaped in the JSON"
grep -q '\\u003c/script>\\u003cscript>window.__pwned=1' "$t/h.json" || fail "the hostile name is not in the JSON, escaped"
if command -v node >/dev/null 2>&1; then
	node -e 'const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
		if (d.entities[0].name !== "</script><script>window.__pwned=1</script><!--") process.exit(1);
		if (d.entities.find((e) => e.id === "x3").name.length < 9000) process.exit(1);' "$t/h.json" ||
		fail "the JSON does not read back to the names"
fi

# Whole or not at all: an unwritable directory leaves nothing behind.
mkdir "$t/ro" && chmod a-w "$t/ro"
if [ "$(id -u)" != 0 ]; then
	"$KG" render -g $G -o "$t/ro/x.html" 2> "$t/err" && fail "wrote into a read-only directory"
	[ -z "$(ls -A "$t/ro")" ] || fail "left a file behind: $(ls -A "$t/ro")"
fi
"$KG" render -g $G -T html -K nosuch -o "$t/bad.html" 2> /dev/null && fail "an unknown layout was accepted"
[ -e "$t/bad.html" ] && fail "a failed render left $t/bad.html"

# From Lua: format = "html", output = "x.html", and the bytes.
cat > "$t/r.lua" <<LUA
local v = graph:view({where = function(e) return not e:is("source") end}, {induced = true})
assert(kg.render(v, {format = "html", output = "$t/l.html"}))
assert(kg.render(v, {output = "$t/m.html"}))
local page = assert(kg.render(v, {format = "html"}))
assert(page:sub(1, 15) == "<!DOCTYPE html>", page:sub(1, 40))
local ok, err = pcall(kg.render, v, {format = "htm"})
assert(not ok and err:find("svg, png, pdf, dot, canon, xdot, json, html", 1, true), err)
LUA
"$KG" run -g $G "$t/r.lua" || fail "kg.render format html from Lua"
cmp -s "$t/l.html" "$t/m.html" || fail "Lua: format = html and output = x.html differ"
"$KG" render -g $G --view $G/views/overview.lua -T html > "$t/o.html" || fail "render overview"
cmp -s "$t/l.html" "$t/o.html" || fail "Lua's page differs from the command line's"
exit 0
