#!/bin/bash
# The installed tool: `cmake --install` into a temporary prefix, then a project in a folder outside
# the source tree, holding only its config and logos, built and checked by the installed program.
# Everything else comes from the installed base layer (share/manualgen); nothing points back here.
# Usage: install_test.sh CMAKE BUILD_DIR SOURCE_DIR
set -euo pipefail
cmake=$1 build=$2 source=$3
unset MANUALGEN_BASE
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$cmake" --install "$build" --prefix "$tmp/prefix" >/dev/null
mkdir -p "$tmp/project/assets"
cp "$source/site-config.json" "$tmp/project/"
cp -r "$source/assets/logos" "$tmp/project/assets/"
cd "$tmp/project"
manualgen=$tmp/prefix/bin/manualgen
"$manualgen" build -q
"$manualgen" check flows --format json --output flows.json
"$manualgen" check links --offline --format json --output links.json
test -f public/index.html
# The pages came from the installed base layer, the only one there is.
grep -q "$tmp/prefix/share/manualgen/content" public/.manualgen-inputs.json
echo "install test: built and checked a project from $tmp/prefix"
