#!/bin/sh
# progress_tty.sh — loading a graph, kg compile, kg export and kg import show one
# progress line on stderr when stderr is a terminal (script(1) gives it
# one) and leave it cleared; with stderr a file, stderr stays byte-empty.
# KG_PROGRESS_AFTER_MS=0 shows the line from the start, however short the
# work: no timing is assumed.
set -u
KG=${KG:-build/kg}
case $KG in /*) ;; *) KG=$(pwd)/$KG ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
G=examples/dprk-trafficking
export KG_PROGRESS_AFTER_MS=0
unset KG_PROGRESS

# Not a terminal: nothing at all on stderr, for each kind of work.
"$KG" stats -g "$G" > "$tmp/stats.out" 2> "$tmp/e1" &&
	"$KG" compile -g "$G" -o "$tmp/g.kgs" 2> "$tmp/e2" &&
	"$KG" export -g "$G" -f ntriples -o "$tmp/g.nt" 2> "$tmp/e3" &&
	"$KG" export -g "$tmp/g.kgs" -f csv -o "$tmp/csv" 2> "$tmp/e4" ||
	{ echo "FAIL: a command failed without a terminal"; cat "$tmp"/e*; fail=1; }
for e in "$tmp"/e1 "$tmp"/e2 "$tmp"/e3 "$tmp"/e4; do
	[ -s "$e" ] && { echo "FAIL: stderr not empty without a terminal ($e)"; od -c "$e" | head; fail=1; }
done

command -v script > /dev/null 2>&1 || { echo "skip: no script(1)"; exit $fail; }

# Runs a shell line with stderr on a terminal; what the terminal got is in $tmp/NAME.tty.
tty_run() {
	script -qc "$2" /dev/null > "$tmp/$1.tty" < /dev/null
}
# The terminal's text ends with the line cleared: a carriage return, spaces, a carriage return.
cleared() {
	[ "$(tail -c 1 "$tmp/$1.tty" | od -An -c | tr -d ' ')" = '\r' ] &&
		tr '\r' '\n' < "$tmp/$1.tty" | tail -n 1 | grep -q '^  *$' ||
		{ echo "FAIL: $1: the progress line is not cleared at the end"; od -c "$tmp/$1.tty" | tail -5; fail=1; }
}
has() {
	grep -q "$2" "$tmp/$1.tty" || { echo "FAIL: $1: no '$2' on the terminal"; od -c "$tmp/$1.tty" | head -20; fail=1; }
}

# A load: the line names the phase and counts the graph's 7 files.
tty_run load "\"$KG\" stats -g $G > \"$tmp/tty-stats.out\""
has load 'kg: loading the graph'
has load 'indexing: 7/7 files, .* MB, .* items'
cleared load
diff "$tmp/stats.out" "$tmp/tty-stats.out" > /dev/null || { echo "FAIL: stdout differs on a terminal"; fail=1; }

# kg compile: the load, then writing the snapshot.
tty_run compile "\"$KG\" compile -g $G -o \"$tmp/t.kgs\""
has compile 'indexing: 7/7 files'
has compile 'kg: writing the snapshot'
cleared compile
cmp -s "$tmp/g.kgs" "$tmp/t.kgs" || { echo "FAIL: the snapshot differs on a terminal"; fail=1; }

# kg export from the snapshot: its load, then the outputs and their bytes.
tty_run export "\"$KG\" export -g \"$tmp/g.kgs\" -f ntriples -o \"$tmp/t.nt\""
has export 'kg: reading the snapshot: 1/1 files'
has export 'kg: exporting: 1 file, [0-9.]* MB'
cleared export
cmp -s "$tmp/g.nt" "$tmp/t.nt" || { echo "FAIL: the export differs on a terminal"; fail=1; }
tty_run folder "\"$KG\" export -g $G -f csv -o \"$tmp/tcsv\""
has folder 'kg: exporting: [2-9] files'
cleared folder

# kg import: the items it writes, then the check's load of them.
"$KG" export -g $G -f json -o "$tmp/g.json" 2> /dev/null || { echo "FAIL: export json"; fail=1; }
"$KG" import -f json -s $G/schema.yaml -o "$tmp/imp1" "$tmp/g.json" 2> "$tmp/e5" || { echo "FAIL: import"; fail=1; }
[ -s "$tmp/e5" ] && { echo "FAIL: stderr not empty without a terminal (import)"; fail=1; }
tty_run import "\"$KG\" import -f json -s $G/schema.yaml -o \"$tmp/imp2\" \"$tmp/g.json\""
has import 'kg: importing'
has import ': 2/2 files, .* items'
cleared import

# Diagnostics start on a clean line: nothing of the progress line before them.
mkdir "$tmp/bad"
printf 'entities:\n  - id: a\n    type: nosuchtype\n' > "$tmp/bad/bad.yaml"
tty_run bad "\"$KG\" validate \"$tmp/bad\""
has bad 'kg: loading the graph'
tr '\r' '\n' < "$tmp/bad.tty" | grep 'error:' | grep -v '^[^ ]*bad.yaml:3:11: error:' &&
	{ echo "FAIL: a diagnostic shares its line with the progress line"; fail=1; }
grep -q 'bad.yaml:3:11: error:' "$tmp/bad.tty" || { echo "FAIL: no diagnostic"; cat "$tmp/bad.tty"; fail=1; }

# KG_PROGRESS=0 turns it off on a terminal too.
(KG_PROGRESS=0 && export KG_PROGRESS && tty_run off "\"$KG\" stats -g $G > /dev/null")
[ -s "$tmp/off.tty" ] && { echo "FAIL: KG_PROGRESS=0 still drew a line"; od -c "$tmp/off.tty" | head; fail=1; }
exit $fail
