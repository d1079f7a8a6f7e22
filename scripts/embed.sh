#!/bin/sh
# Prints a C file that holds FILE's bytes as `const char NAME[]` and
# `const unsigned long NAME_len`, so the built-in schema needs no install path.
set -eu
name=$1 file=$2
echo "/* generated from $file by scripts/embed.sh; do not edit */"
echo "const unsigned long ${name}_len = $(wc -c < "$file");"
echo "const char ${name}[] = {"
od -An -v -tx1 "$file" | sed 's/[0-9a-f][0-9a-f]/0x&,/g'
echo "0x00 };"
