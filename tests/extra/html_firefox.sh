#!/bin/sh
# tests/extra/html_firefox.sh — `kg render -T html` pages in Firefox:
# Debian's firefox-esr, headless, driven by puppeteer-core over WebDriver
# BiDi (tests/browser/html_firefox.js; both installed by
# `sh scripts/install-deps.sh --browser`, which make test runs). The key
# checks of tests/extra/html_browser.sh (Chromium): the example's overview
# from file:// with no network request, search "DPRK" centres North Korea,
# a click opens the panel with a source and a file:line, a relation type
# turned off hides its edges; the hostile copy runs no script. Screenshots:
# build/test/html/firefox-*.png. Without Firefox or puppeteer-core it prints
# SKIP and the reason, and fails: a skipped browser test is not a pass.
set -u
cd "$TOP" || exit 2
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fail() { echo "html_firefox: $*" >&2; exit 1; }
NM=$TOP/build/browser/node_modules
[ -x /usr/bin/firefox-esr ] || fail "SKIP: no /usr/bin/firefox-esr (sh scripts/install-deps.sh --browser installs it); counted as failed"
command -v node >/dev/null 2>&1 || fail "SKIP: no node (apt-get install nodejs); counted as failed"
[ -d "$NM/puppeteer-core" ] || fail "SKIP: no puppeteer-core in $NM (sh scripts/install-deps.sh --browser); counted as failed"
shots=$TOP/build/test/html
mkdir -p "$shots" || fail "cannot create $shots"
check() { NODE_PATH=$NM timeout 600 node tests/browser/html_firefox.js "$@" > "$t/out" 2>&1; rc=$?
	cat "$t/out"; [ $rc = 0 ] || fail "$1: see above"; }
G=examples/dprk-trafficking

"$KG" render -g $G --view $G/views/overview.lua -o "$t/overview.html" || fail "render overview"
check example "$t/overview.html" "$shots"

sh tests/browser/hostile_page.sh "$t" || fail "the hostile page"
check hostile "$t/hostile.html" "$shots" "$(cat "$t/hostile-name")"
