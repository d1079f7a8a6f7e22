#!/bin/sh
# install.sh — `make install` into a temporary prefix: the installed kg
# runs, the installed module loads in the stock lua5.4, the manual pages
# (made from `kg help`) format without a warning and carry every
# command's usage, and the bash completion completes commands, options
# and option values from the installed kg.
cd "$TOP" || exit 1
W=$B/install
rm -rf "$W" && mkdir -p "$W" || exit 1
fail() { echo "FAIL: $*"; exit 1; }
P=$W/prefix
make -s install PREFIX="$P" > "$W/make.log" 2>&1 || { cat "$W/make.log"; fail "make install"; }

"$P/bin/kg" validate -v examples/dprk-trafficking | grep -q '^ok: 80 entities' || fail "installed kg"
n=$(LUA_CPATH="$P/lib/lua/5.4/?.so" lua5.4 -e 'local kg = require "kg"; print(#kg.load("examples/dprk-trafficking"))') ||
	fail "installed module"
[ "$n" = 80 ] || fail "installed module counts $n entities"

M=$P/share/man/man1
cmds=$("$P/bin/kg" help | awk '/^commands:/ {on = 1; next} on && /^  [a-z]/ {print $1} on && /^$/ {exit}')
[ -n "$cmds" ] || fail "no commands in kg help"
for c in $cmds; do
	[ -f "$M/kg-$c.1" ] || fail "no manual page kg-$c.1"
	w=$(groff -man -Tutf8 -ww -z "$M/kg-$c.1" 2>&1) || fail "groff kg-$c.1"
	[ -z "$w" ] || fail "groff warns on kg-$c.1: $w"
	u=$("$P/bin/kg" help "$c" | head -1 | sed 's/^usage: //')
	groff -man -Tascii -P-cbou "$M/kg.1" 2>/dev/null | tr -s ' ' | grep -qF "$(echo "$u" | tr -s ' ')" ||
		fail "kg.1 lacks the usage of $c: $u"
done
w=$(groff -man -Tutf8 -ww -z "$M/kg.1" 2>&1)
[ -z "$w" ] || fail "groff warns on kg.1: $w"

C=$P/share/bash-completion/completions/kg
out=$(PATH="$P/bin:$PATH" bash -c '
	. "$1"
	t() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=(); _kg; echo "${COMPREPLY[*]}"; }
	t kg qu; t kg batch --form; t kg batch --format ""; t kg render -K ""; t kg query --format c' _ "$C")
want="query
--format
text tap junit json
dot neato fdp sfdp circo twopi
csv"
[ "$out" = "$want" ] || fail "completion gave:
$out
want:
$want"
exit 0
