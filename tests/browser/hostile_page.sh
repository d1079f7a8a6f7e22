#!/bin/sh
# tests/browser/hostile_page.sh DIR — for the browser tests: a copy of the
# example with hostile names (markup, script, quotes, {{, right-to-left and
# zero-width characters, 10 KB), a source whose url is javascript: (the
# schema copy's url pattern removed) and a relation that ended, rendered to
# DIR/hostile.html; the hostile name goes to DIR/hostile-name. KG and TOP
# are set as for tests/extra/*.sh.
set -u
cd "$TOP" || exit 2
t=$1
fail() { echo "hostile_page: $*" >&2; exit 1; }
G=examples/dprk-trafficking
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
printf '%s' "$hostile" > "$t/hostile-name"
