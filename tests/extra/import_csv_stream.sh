#!/bin/sh
# import_csv_stream.sh — kg import reads CSV a row at a time, within its
# limits (doc/limits.md): a generated table of 20,000 entities and 20,000
# relations imports whole; a field past --max-scalar, a row of more than
# 4,096 fields and a table cut inside a quoted field give located errors
# and leave nothing behind. Needs KG, TOP.
set -u
cd "$TOP" || exit 1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
awk 'BEGIN { print "id,type,name,population,languages"
	for (i = 0; i < 20000; i++) printf "c%d,country,\"Country %d, \"\"the\"\" %d\",%d,a;b\r\n", i, i, i, i * 7 }' > "$tmp/e.csv"
awk 'BEGIN { print "from,to,type"
	for (i = 0; i < 20000; i++) printf "c%d,c%d,borders\n", i, (i * 13 + 1) % 20000 }' > "$tmp/r.csv"
out=$("$KG" import -v -f csv -s tests/lua/data/schema.yaml -o "$tmp/out" "$tmp/e.csv" "$tmp/r.csv" 2>&1)
[ "$out" = "wrote $tmp/out: 20000 entities, 20000 relations in 2 files" ] ||
	{ echo "big table: $out"; fail=1; }
n=$("$KG" eval -g "$tmp/out" -s tests/lua/data/schema.yaml 'return graph:get("c19999").name .. "|" .. graph:get("c19999").population')
[ "$n" = 'Country 19999, "the" 19999|139993' ] || { echo "big table read back: $n"; fail=1; }

# one quoted field of 8 MiB, past a 64 KiB scalar limit
{ printf 'id,type,name\nc1,country,"'; head -c 8388608 /dev/zero | tr '\0' a; printf '"\n'; } > "$tmp/long.csv"
out=$("$KG" import -f csv --max-scalar 64K -o "$tmp/o2" "$tmp/long.csv" 2>&1); st=$?
[ "$st" = 1 ] && [ "$out" = "$tmp/long.csv:2:12: error: a field longer than the scalar limit (--max-scalar)" ] ||
	{ echo "long field: status $st: $out"; fail=1; }
# a row of 5,000 fields
awk 'BEGIN { printf "id"; for (i = 1; i < 5000; i++) printf ",a%d", i; print "" }' > "$tmp/wide.csv"
out=$("$KG" import -f csv -o "$tmp/o2" "$tmp/wide.csv" 2>&1); st=$?
[ "$st" = 1 ] && [ "$out" = "$tmp/wide.csv:1:23467: error: more than 4096 fields in a row (doc/limits.md)" ] ||
	{ echo "wide row: status $st: $out"; fail=1; }
# cut inside a quoted field
head -n 1000 "$tmp/e.csv" > "$tmp/cut.csv"; printf 'x,country,"open' >> "$tmp/cut.csv"
out=$("$KG" import -f csv -o "$tmp/o2" "$tmp/cut.csv" 2>&1); st=$?
case $st:$out in 1:*"error: a quoted field without its closing quote") ;; *) echo "cut: $st: $out"; fail=1 ;; esac
[ -e "$tmp/o2" ] && { echo "a failed import left $tmp/o2"; ls -la "$tmp/o2"; fail=1; }
exit $fail
