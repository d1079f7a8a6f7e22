#!/bin/sh
# gen-man.sh — the manual pages, made from the same text as `kg help`:
# kg.1 (every command as a section) and kg-COMMAND.1 (one a command), so
# `man kg` and `kg help` can never disagree. The help text is kept as it
# is laid out (no-fill), escaped for roff.
#
#   sh scripts/gen-man.sh KG OUTDIR
set -eu
KG=${1:?usage: gen-man.sh KG OUTDIR} OUT=${2:?usage: gen-man.sh KG OUTDIR}
mkdir -p "$OUT"
VERSION=$("$KG" --version | awk '{print $NF}')
DATE=$(date -u -d "@${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}" +%Y-%m-%d)
COMMANDS=$("$KG" help | awk '/^commands:/ {on = 1; next} on && /^  [a-z]/ {print $1} on && /^$/ {exit}')

# roff-escape stdin: backslashes, minus signs, lines that start with a
# control character, and characters past ASCII as \[uXXXX] (an en dash in
# "(2015–2018)"), which groff reads in any locale (perl-base is Essential).
esc() { sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^\\([.']\\)/\\\\\\&\\1/" |
	perl -CS -pe 's/([^\x00-\x7f])/sprintf("\\[u%04X]", ord($1))/ge'; }

# head NAME SUMMARY: the title and NAME section.
head_() {
	printf '.TH %s 1 "%s" "kg %s" "kg manual"\n' "$(echo "$1" | tr a-z A-Z)" "$DATE" "$VERSION"
	printf '.SH NAME\n%s \\- %s\n' "$(printf '%s' "$1" | esc)" "$(printf '%s' "$2" | esc)"
}

# body CMD: SYNOPSIS and DESCRIPTION of one command from `kg help CMD`.
body() {
	"$KG" help "$1" > "$OUT/.help"
	echo ".SH SYNOPSIS"
	echo ".nf"
	awk '/^$/ {exit} {sub(/^usage: /, ""); print}' "$OUT/.help" | esc
	echo ".fi"
	echo ".SH DESCRIPTION"
	echo ".nf"
	awk 'f {print} /^$/ && !f {f = 1}' "$OUT/.help" | esc
	echo ".fi"
}

summary() { "$KG" help | awk -v c="$1" '$1 == c {$1 = ""; sub(/^ +/, ""); print}'; }

{
	head_ kg "a Lua-scriptable knowledge-graph toolkit"
	echo ".SH SYNOPSIS"
	echo ".B kg"
	echo "COMMAND [OPTIONS] [ARGS]"
	echo ".SH DESCRIPTION"
	echo ".nf"
	"$KG" help | awk 'f {print} /^$/ && !f {f = 1}' | esc
	echo ".fi"
	echo ".SH COMMANDS"
	for c in $COMMANDS; do
		printf '.SS kg %s\n' "$c"
		echo ".nf"
		"$KG" help "$c" | esc
		echo ".fi"
	done
	echo ".SH SEE ALSO"
	for c in $COMMANDS; do printf '.BR kg\\-%s (1),\n' "$c"; done
	echo "README.md and doc/ in the kg sources."
} > "$OUT/kg.1"

for c in $COMMANDS; do
	{
		head_ "kg-$c" "$(summary "$c")"
		body "$c"
		echo ".SH SEE ALSO"
		echo ".BR kg (1)"
	} > "$OUT/kg-$c.1"
done
rm -f "$OUT/.help"
