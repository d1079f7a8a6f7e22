#!/bin/sh
# import_csv_1g.sh — kg import streams a CSV of 1 GiB from a pipe (nothing
# seekable, so nothing read twice or held whole), and its check keeps ids,
# not texts: a million rows of 1 KiB import in at most 192 MiB of peak RSS
# (104 MB measured; 1.1 GB when the check kept every text; doc/limits.md). The sanitizer build, whose memory is not the program's,
# imports 16 MiB of the same rows and checks the result only. Needs KG, TOP, B.
set -u
cd "$TOP" || exit 1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
rows=1000000
case "$B" in *asan*) rows=16000 ;; esac
# rows of about 1,070 bytes: id, type, name, a quoted note with a comma
awk -v n=$rows 'BEGIN { pad = sprintf("%1000s", ""); gsub(/ /, "x", pad)
	print "id,type,name,notes"
	for (i = 0; i < n; i++) printf "c%d,country,Country %d,\"%s, %d\"\n", i, i, pad, i }' |
	/usr/bin/time -f %M -o "$tmp/rss" "$KG" import -f csv -s tests/lua/data/schema.yaml -o "$tmp/out" - > "$tmp/msg" 2>&1
st=$?
[ "$st" = 0 ] || { echo "import failed ($st): $(head -5 "$tmp/msg")"; exit 1; }
got=$("$KG" stats -g "$tmp/out" -s tests/lua/data/schema.yaml --json | tr -d ' \n' | grep -o '"entities":[0-9]*')
[ "$got" = "\"entities\":$rows" ] || { echo "read back: $got, expected $rows entities"; exit 1; }
last=$((rows - 1))
n=$("$KG" eval -g "$tmp/out" -s tests/lua/data/schema.yaml "return #graph:get('c$last').notes")
[ "$n" = "$((1002 + ${#last}))" ] || { echo "last row's note: $n bytes"; exit 1; }
case "$B" in *asan*) exit 0 ;; esac
rss_kb=$(tail -1 "$tmp/rss")
yaml_kb=$(du -sk "$tmp/out" | cut -f1)
[ "$yaml_kb" -gt 1000000 ] || { echo "wrote only $yaml_kb KiB"; exit 1; }
[ "$rss_kb" -le 196608 ] ||
	{ echo "peak RSS $rss_kb KiB for $yaml_kb KiB of YAML: more than 192 MiB"; exit 1; }
exit 0
