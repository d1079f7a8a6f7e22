#!/bin/sh
# tests/extra/render_ended_svg.sh — an ended relation's edge carries the
# class kg-ended in the SVG (and so in the HTML page), written by Graphviz
# as kg&#45;ended; a drawing at a date has none. (Laid out, so not a cli
# golden: those also run under valgrind, where Graphviz's layouts leak.)
set -u
cd "$TOP" || exit 2
fail() { echo "render_ended_svg: $*" >&2; exit 1; }
g=tests/render/ended
n=$("$KG" render -g $g -T svg | grep -c 'class="edge kg&#45;ended"')
[ "$n" = 4 ] || fail "undated: $n edges of class kg-ended, expected 4"
n=$("$KG" render -g $g --as-of 2016 -T svg | grep -c 'kg&#45;ended')
[ "$n" = 0 ] || fail "--as-of 2016: $n edges of class kg-ended, expected none"
n=$("$KG" render -g $g -T html | grep -o 'class="edge kg&#45;ended"' | wc -l)
[ "$n" = 4 ] || fail "html: $n edges of class kg-ended, expected 4"
exit 0
