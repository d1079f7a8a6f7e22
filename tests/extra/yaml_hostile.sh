#!/bin/sh
# yaml_hostile.sh — hostile inputs (deep nesting, alias bombs, huge scalars and files, NUL
# bytes, bad UTF-8, devices, FIFOs, directories) must each be refused by the YAML
# loader ($B/tools/yamlcheck) with the expected first message, in bounded memory.
set -u
: "${TOP:?}" "${B:?}"
CHECK=$TOP/$B/tools/yamlcheck
[ -x "$CHECK" ] || { echo "yaml_hostile: $CHECK was not built"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$tmp" || exit 1
fail=0

# Memory bound: ASan reserves terabytes of address space, so only the plain build
# runs under ulimit -v. The timeout only guards against hangs.
case "$B" in
*asan*) LIMIT_V="" ;;
*) LIMIT_V="ulimit -v 409600;" ;;
esac

# expect NAME 'FIRST STDERR LINE' [yamlcheck options...] FILE
expect() {
	name=$1 want=$2
	shift 2
	sh -c "$LIMIT_V exec timeout 10 \"\$@\"" sh "$CHECK" "$@" > out 2> err
	st=$?
	got=$(head -n 1 err)
	if [ "$st" != 1 ] || [ "$got" != "$want" ]; then
		echo "FAIL $name: exit $st, expected 1"
		echo "  expected: $want"
		echo "  got:      $got"
		fail=$((fail + 1))
	fi
}

# repeat TEXT N: TEXT written N times, without a newline
repeat() {
	awk -v s="$1" -v n="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'
}

repeat '[' 100000 > deep-flow-seq.yaml
expect "100k [" "deep-flow-seq.yaml:1:65: error: nesting deeper than 64 levels" deep-flow-seq.yaml

{ printf 'a: '; repeat '{' 100000; } > deep-flow-map.yaml
expect "100k {" "deep-flow-map.yaml:1:67: error: nesting deeper than 64 levels" deep-flow-map.yaml

repeat '- ' 100000 > deep-block-seq.yaml
expect "100k - " "deep-block-seq.yaml:1:129: error: nesting deeper than 64 levels" deep-block-seq.yaml

awk 'BEGIN { for (i = 0; i < 1000; i++) { for (j = 0; j < i; j++) printf " "; printf "k%d:\n", i } }' > deep-block-map.yaml
expect "1000 indented mappings" "deep-block-map.yaml:65:65: error: nesting deeper than 64 levels" deep-block-map.yaml

# billion laughs: nine levels of ten aliases each
awk 'BEGIN {
	printf "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
	split("a b c d e f g h i", v, " ")
	for (i = 2; i <= 9; i++) {
		printf "%s: &%s [", v[i], v[i]
		for (j = 0; j < 10; j++) printf "%s*%s", j ? ", " : "", v[i-1]
		printf "]\n"
	}
}' > laughs.yaml
expect "billion laughs" "laughs.yaml:6:40: error: aliases expand to more than 1048576 nodes" laughs.yaml

# a merge bomb: 2000 maps each merging the same 1000 keys
awk 'BEGIN {
	printf "base: &b {"
	for (i = 0; i < 1000; i++) printf "%sk%d: v", i ? ", " : "", i
	printf "}\nlist:\n"
	for (i = 0; i < 2000; i++) printf "  - {<<: *b, own: %d}\n", i
}' > merges.yaml
expect "merge bomb" "merges.yaml:527:10: error: aliases expand to more than 1048576 nodes" merges.yaml

{ printf 'a: '; repeat 'xxxxxxxxxxxxxxxx' 131072; printf '\n'; } > scalar.yaml
expect "2 MB scalar" "scalar.yaml:1:4: error: scalar of 2097152 bytes is over the limit of 1048576 bytes" scalar.yaml

if truncate -s 600M big.yaml 2> /dev/null; then
	expect "600 MB file" "big.yaml: error: file too large (629145600 bytes; the limit is 536870912)" big.yaml
	rm -f big.yaml
fi
printf 'a: 1\nb: 2\n' > small.yaml
expect "lowered file limit" "small.yaml: error: file too large (10 bytes; the limit is 9)" --max-file-bytes 9 small.yaml

printf 'a: 1\nb: x\000y\n' > nul.yaml
expect "NUL byte" "nul.yaml:2:5: error: NUL byte in file; binary files are not YAML" nul.yaml
head -c 4096 "$CHECK" > binary.yaml
expect "binary file" "binary.yaml:1:8: error: NUL byte in file; binary files are not YAML" binary.yaml

printf 'a: caf\303\251\nb: \303(\n' > utf8.yaml
expect "invalid UTF-8" "utf8.yaml:2:4: error: invalid UTF-8 (byte 0xc3); YAML files must be UTF-8" utf8.yaml
printf 'a: \355\240\200\n' > surrogate.yaml
expect "UTF-8 surrogate" "surrogate.yaml:1:4: error: invalid UTF-8 (byte 0xed); YAML files must be UTF-8" surrogate.yaml
printf '\377\376a\000:\000 \0001\000\n\000' > utf16.yaml
expect "UTF-16" "utf16.yaml:1:1: error: invalid UTF-8 (byte 0xff); YAML files must be UTF-8" utf16.yaml

expect "/dev/zero" "/dev/zero: error: is a device, not a regular file" /dev/zero
mkdir dir.yaml
expect "directory" "dir.yaml: error: is a directory, not a YAML file" dir.yaml
if mkfifo fifo.yaml 2> /dev/null; then
	expect "FIFO" "fifo.yaml: error: is a FIFO, not a regular file" fifo.yaml
fi

# (a lowered limit: 100,001 documents take seconds under ASan)
repeat 'a: 1\n---\n' 1001 > docs.yaml
expect "1001 documents" "docs.yaml:2000:1: error: more than 1000 documents in one file" --max-documents 1000 docs.yaml

repeat 'a: 1\n' 50000 > dupes.yaml
expect "50k duplicate keys" "dupes.yaml:2:1: error: duplicate key 'a' (first at 1:1)" dupes.yaml
n=$(wc -l < err)
[ "$n" = 49999 ] || { echo "FAIL 50k duplicate keys: $n errors, expected 49999"; fail=$((fail + 1)); }

# and a big, valid map goes through (the hash path for duplicate keys)
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "k%d: %d\n", i, i }' > wide.yaml
sh -c "$LIMIT_V exec timeout 10 \"\$@\"" sh "$CHECK" wide.yaml > out 2> err ||
	{ echo "FAIL wide map: $(head -n 3 err)"; fail=$((fail + 1)); }

if [ "$fail" -gt 0 ]; then
	echo "yaml_hostile: $fail failed"
	exit 1
fi
echo "yaml_hostile: all refused as expected"
