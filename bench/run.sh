#!/usr/bin/env bash
# Speed at managed-service-provider scale: manualgen against Hugo on the same site, in one
# hyperfine run, plus manualgen's no-change rebuild, one-organisation rebuild, check flows and
# peak memory. Usage: bench/run.sh [--orgs 500] [--runs 5] [--out-dir DIR]
# --out-dir puts both tools' output elsewhere, e.g. /dev/shm to measure without the disk.
set -euo pipefail
cd "$(dirname "$0")/.."
orgs=500
runs=5
out_dir=bench/out
while (($#)); do
  case $1 in
    --orgs) orgs=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --out-dir) out_dir=$2; shift 2 ;;
    *) echo "usage: bench/run.sh [--orgs N] [--runs N]" >&2; exit 2 ;;
  esac
done
source bench/common.sh
bench_require "hyperfine hugo python3 time" hyperfine hugo python3 /usr/bin/time
bench_site "$orgs"
out=$out_dir/public
hugo_out=$(realpath -m "$out_dir/hugo-public")

echo "== full build: manualgen vs Hugo (same pages, same Markdown, comparable template)"
# A full build starts from an empty output folder. manualgen keeps the site's QR codes in its
# cache (outside the output, like Hugo's resource cache); it is measured with that cache as every
# build after the first finds it, and with --no-cache, as a first build on a new machine.
export MANUALGEN_CACHE_DIR=$(realpath -m bench/out/cache)
hyperfine --warmup 1 --runs "$runs" --export-json bench/out/full.json \
  --prepare "rm -rf $out" "$mg build -q --config $config --out $out" \
  --prepare "rm -rf $out" "$mg build -q --no-cache --config $config --out $out" \
  --prepare "rm -rf $hugo_out" "hugo --quiet -s bench/out/hugo -d $hugo_out"

manualgen_files=$(find "$out" -type f -name '*.html' | wc -l)
hugo_files=$(find "$hugo_out" -type f -name '*.html' | wc -l)
python3 - "$manualgen_files" "$hugo_files" <<'PY'
import json, sys
results = json.load(open("bench/out/full.json"))["results"]
mg, cold, hugo = (r["mean"] for r in results)
pages_mg, pages_hugo = int(sys.argv[1]), int(sys.argv[2])
for name, t in (("manualgen", mg), ("manualgen --no-cache", cold)):
    print(f"{name + ':':22s}{t*1000:.0f} ms for {pages_mg} HTML pages = {t*1000/pages_mg:.3f} ms/page; "
          f"Hugo / manualgen per page: {(hugo/pages_hugo)/(t/pages_mg):.2f}x")
print(f"{'hugo:':22s}{hugo*1000:.0f} ms for {pages_hugo} HTML pages = {hugo*1000/pages_hugo:.3f} ms/page")
PY

echo "== no-change rebuild, and one organisation changed"
$mg build -q --config $config --out $out
hyperfine --warmup 1 --runs "$runs" --export-json bench/out/nochange.json "$mg build -q --config $config --out $out"
# Each run renames organisation 007 back and forth, so each run has one organisation to rebuild.
toggle="sed -i 's/\"Organisatie 007\"/\"Organisatie 007 \"/; t; s/\"Organisatie 007 \"/\"Organisatie 007\"/' $config"
hyperfine --warmup 1 --runs "$runs" --export-json bench/out/oneorg.json --prepare "$toggle" \
  "$mg build -q --config $config --out $out"
python3 - <<'PY'
import json
full = json.load(open("bench/out/full.json"))["results"][0]["mean"]  # with the QR cache, as rebuilds are
nochange = json.load(open("bench/out/nochange.json"))["results"][0]["mean"]
one = json.load(open("bench/out/oneorg.json"))["results"][0]["mean"]
print(f"no-change rebuild: {nochange*1000:.0f} ms = {100*nochange/full:.1f}% of a full build")
print(f"one organisation changed: {one*1000:.0f} ms = {100*one/full:.1f}% of a full build")
PY

echo "== peak memory of a full build"
rm -rf "$out"
/usr/bin/time -f "peak memory: %M KiB" $mg build -q --config $config --out $out

echo "== check flows on the whole site"
hyperfine --runs "$runs" -i "$mg check flows --config $config --format json --output bench/out/flows.json"
