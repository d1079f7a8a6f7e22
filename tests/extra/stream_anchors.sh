#!/bin/sh
# stream_anchors.sh — big documents are converted a batch of items at a
# time (kgy_parse_file_stream): anchors defined in early items, aliased and
# merged in items many batches later, must read the same as in a small
# file, through the sequential path (one file) and the reader thread (two
# files); an error late in a big document is reported with nothing lost.
set -u
KG=${KG:-build/kg}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
N=12000 # entities: several batches of items (of 512 KiB, yaml_stream.c)

# gen FILE: N organizations; the first defines the anchors, the rest use them
gen() {
	awk -v n="$N" 'BEGIN {
		print "entities:"
		print "  - {id: src-1, type: source, title: One}"
		print "  - {id: src-2, type: source, title: Two}"
		print "  - id: org-0"
		print "    type: ngo"
		print "    sources: &s [src-1, src-2]"
		print "    notes: &base_note shared by every other org"
		for (i = 1; i < n; i++) {
			print "  - id: org-" i
			print "    type: ngo"
			print "    sources: *s"
			print "    notes: *base_note"
			print "    name: &nm" i " Org " i
		}
		print "relations:"
		print "  - &rel {from: org-1, type: part_of, to: org-0, sources: *s}"
		print "  - {<<: *rel, from: org-" n - 1 "}"
	}' > "$1"
}

check() { # check WHAT EXPECTED ACTUAL
	if [ "$2" != "$3" ]; then
		echo "FAIL: $1: expected '$2', got '$3'"
		fail=1
	fi
}

mkdir -p "$tmp/one" "$tmp/two"
gen "$tmp/one/big.yaml"
cp "$tmp/one/big.yaml" "$tmp/two/a.yaml"
printf 'entities:\n  - {id: extra, type: ngo}\n' > "$tmp/two/b.yaml"
q='local o = graph:get("org-'$((N - 1))'")
local n = 0
for _ in o:outgoing() do n = n + 1 end
return #o.sources .. " " .. o.sources[2].id .. " " .. o.notes .. " " .. o.name .. " " .. n .. " " .. graph:count("ngo")'
for d in one two; do
	out=$("$KG" eval -g "$tmp/$d" "$q" 2>&1)
	want="2 src-2 shared by every other org Org $((N - 1)) 1 $N"
	[ "$d" = two ] && want="2 src-2 shared by every other org Org $((N - 1)) 1 $((N + 1))"
	check "$d file(s)" "$want" "$out"
done

# a syntax error at the end of a big document: located, exit 1
cp "$tmp/one/big.yaml" "$tmp/bad.yaml"
printf '  - {from: org-1, type: part_of, to: [\n' >> "$tmp/bad.yaml"
"$KG" validate "$tmp/bad.yaml" > "$tmp/out" 2>&1
check "syntax error status" 1 $?
grep -q "^$tmp/bad.yaml:$((N * 5 + 7)):" "$tmp/out" || {
	echo "FAIL: syntax error not located"; cat "$tmp/out"; fail=1; }

# an error in an early item and one in a late one: both reported
awk -v n="$N" 'NR == 9 { sub(/type: ngo/, "type: nosuchtype") } { print }
	END { print "  - {from: org-1, type: nosuchrel, to: org-2}" }' "$tmp/one/big.yaml" > "$tmp/bad2.yaml"
"$KG" validate "$tmp/bad2.yaml" > "$tmp/out" 2>&1
check "schema errors status" 1 $?
check "schema errors" 2 "$(grep -c 'unknown' "$tmp/out")"
exit $fail
