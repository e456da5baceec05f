#!/bin/bash
# The installed tool: `cmake --install` into a temporary prefix, then a project made by the
# installed `manualgen init` in a folder outside the source tree, built and checked by the installed
# program with no file copied by hand. Everything else comes from the installed base layer
# (share/manualgen); nothing points back here.
# Usage: install_test.sh CMAKE BUILD_DIR
set -euo pipefail
cmake=$1 build=$2
unset MANUALGEN_BASE
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$cmake" --install "$build" --prefix "$tmp/prefix" >/dev/null
manualgen=$tmp/prefix/bin/manualgen
cd "$tmp"
"$manualgen" init project >/dev/null
cd project
"$manualgen" build -q
"$manualgen" check flows --format json --output flows.json
"$manualgen" check links --offline --format json --output links.json
test -f public/index.html
# The pages came from the installed base layer, the only one there is, and the config names its schema.
grep -q "$tmp/prefix/share/manualgen/content" public/.manualgen-inputs.json
grep -q "\"\$schema\": \"$tmp/prefix/share/manualgen/site-config.schema.json\"" site-config.json
echo "install test: built and checked a project from $tmp/prefix"
