#!/bin/sh
# yaml_chunks.sh — files are read in chunks (libyaml asks for 16 KiB at a
# time) and checked for UTF-8 and NUL bytes as they go: multi-byte
# characters across a chunk's end read whole, bad bytes deep in a file or
# split across a chunk's end are found at their line and column, and the
# tab hint and libyaml's errors past the first chunk keep their place.
# Needs B and TOP ($B/tools/yamlcheck).
set -u
: "${TOP:?}" "${B:?}"
CHECK=$TOP/$B/tools/yamlcheck
[ -x "$CHECK" ] || { echo "yaml_chunks: $CHECK was not built"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$tmp" || exit 1
fail=0

# expect NAME STATUS 'FIRST STDERR LINE' FILE
expect() {
	"$CHECK" "$4" > out 2> err
	st=$?
	got=$(head -n 1 err)
	if [ "$st" != "$2" ] || [ "$got" != "$3" ]; then
		echo "FAIL $1: exit $st, expected $2"
		echo "  expected: $3"
		echo "  got:      $got"
		fail=$((fail + 1))
	fi
}

# pad N: a comment line of N bytes in all, newline included (N >= 3)
pad() {
	awk -v n="$1" 'BEGIN { printf "#"; for (i = 2; i < n; i++) printf "x"; printf "\n" }'
}

# 16380 bytes, then "a: " puts the character's first byte at offset 16383,
# the last of the first chunk: line 2, column 4.
for c in '\303\251' '\342\202\254' '\360\237\230\200'; do
	{ pad 16380; printf "a: $c\n"; } > split-ok.yaml
	expect "valid character split at the chunk end ($c)" 0 "" split-ok.yaml
done
{ pad 16380; printf 'a: \342\050\241\n'; } > split-bad.yaml
expect "bad sequence split at the chunk end" 1 \
	"split-bad.yaml:2:4: error: invalid UTF-8 (byte 0xe2); YAML files must be UTF-8" split-bad.yaml
{ pad 16380; printf 'a: \342\202'; } > cut-end.yaml
expect "unfinished sequence at the end of the file" 1 \
	"cut-end.yaml:2:4: error: invalid UTF-8 (byte 0xe2); YAML files must be UTF-8" cut-end.yaml

# many characters of every width across many chunks
awk 'BEGIN { for (i = 0; i < 20000; i++) printf "k%d: \"e\303\251\342\202\254\360\237\230\200%d\"\n", i, i }' > wide.yaml
expect "20000 lines of wide characters" 0 "" wide.yaml

{ awk 'BEGIN { for (i = 1; i < 5000; i++) printf "k%d: v\n", i }'; printf 'late: x\200y\n'; } > late-bad.yaml
expect "a stray continuation byte on line 5000" 1 \
	"late-bad.yaml:5000:8: error: invalid UTF-8 (byte 0x80); YAML files must be UTF-8" late-bad.yaml
{ awk 'BEGIN { for (i = 1; i < 5000; i++) printf "k%d: v\n", i }'; printf 'late: \303\251x\000y\n'; } > late-nul.yaml
expect "a NUL byte on line 5000" 1 \
	"late-nul.yaml:5000:9: error: NUL byte in file; binary files are not YAML" late-nul.yaml
{ awk 'BEGIN { for (i = 1; i < 5000; i++) printf "k%d: v\n", i }'; printf 'late:\n\t- x\n'; } > late-tab.yaml
"$CHECK" late-tab.yaml > out 2> err
case "$(head -n 1 err)" in
"late-tab.yaml:5001:"*"; YAML indents with spaces, not tabs") ;;
*) echo "FAIL tab on line 5001: $(head -n 1 err)"; fail=$((fail + 1)) ;;
esac
{ awk 'BEGIN { for (i = 1; i < 5000; i++) printf "k%d: v\n", i }'; printf 'late: [a, b\n'; } > late-open.yaml
"$CHECK" late-open.yaml > out 2> err
case "$(head -n 1 err)" in
"late-open.yaml:5001:1: error: expected ',' or ']' in the [...] that starts at 5000:7: "*) ;;
*) echo "FAIL unclosed flow sequence on line 5000: $(head -n 1 err)"; fail=$((fail + 1)) ;;
esac
exit $fail
