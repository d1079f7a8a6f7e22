#!/bin/sh
# tests/extra/render_lua.sh — kg.dot and kg.render from a script run by kg.
set -u
cd "$TOP" || exit 2
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
"$KG" run -g tests/render/small tests/render/draw.lua "$t"
