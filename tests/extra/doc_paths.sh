#!/bin/sh
# doc_paths.sh — every example file that `kg help`, README.md and doc/ name
# exists (a help text once cited queries/workers.lua, which did not).
cd "$TOP" || exit 1
fail=0
for c in $("$KG" help | awk '/^  [a-z]/ {print $1}'); do "$KG" help "$c"; done > "$B/doc_paths.help" 2>&1
# (a path followed by ":LINE" is a made-up error message, not a file to open)
for f in $(cat "$B/doc_paths.help" README.md doc/*.md | grep -o 'examples/[A-Za-z0-9/_.-]*\.\(lua\|yaml\)\($\|[^:]\)' |
	sed 's/[^a-z]$//' | sort -u); do
	[ -f "$f" ] || { echo "named but missing: $f"; fail=1; }
done
n=$(grep -c 'examples/' "$B/doc_paths.help")
[ "$n" -gt 5 ] || { echo "kg help names only $n example paths: the listing changed?"; fail=1; }
exit $fail
