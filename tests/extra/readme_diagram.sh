#!/bin/sh
# The diagram README.md shows is what kg draws from the example graph today.
set -u
cd "$TOP" || exit 1
out=$(mktemp -d) || exit 1
trap 'rm -rf "$out"' EXIT
"$KG" render -g examples/dprk-trafficking --view examples/dprk-trafficking/views/workers-abroad.lua \
	-o "$out/w.svg" || exit 1
if ! cmp -s "$out/w.svg" examples/dprk-trafficking/diagrams/workers-abroad.svg; then
	echo "examples/dprk-trafficking/diagrams/workers-abroad.svg is stale; redraw it with:"
	echo "  build/kg render -g examples/dprk-trafficking --view examples/dprk-trafficking/views/workers-abroad.lua -o examples/dprk-trafficking/diagrams/workers-abroad.svg"
	exit 1
fi
