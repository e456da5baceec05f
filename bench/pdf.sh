#!/usr/bin/env bash
# PDFs at managed-service-provider scale (README, "Speed"): on the 500-organisation site of
# bench/make-large-site.py, in hyperfine runs,
#   1. per PDF: manualgen's workers against one `weasyprint` process per manual, and against warm
#      headless Chromium (bench/chromium-pdf.mjs, the renderer a user would otherwise pick), on the
#      same sample of manuals, two at a time each (one per core), in one hyperfine run;
#   2. `build --pdf` of the whole site (about 1,000 PDFs), with the peak memory of manualgen and
#      its workers together;
#   3. a rebuild with nothing changed, against a full HTML build, in one hyperfine run;
#   4. a rebuild with one organisation changed (its two PDFs).
# Usage: bench/pdf.sh [--orgs 500] [--sample-orgs 10] [--runs 5] [--full-runs 1] [--out-dir DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
orgs=500
sample_orgs=10
runs=5
full_runs=1
out_dir=bench/out
while (($#)); do
  case $1 in
    --orgs) orgs=$2; shift 2 ;;
    --sample-orgs) sample_orgs=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --full-runs) full_runs=$2; shift 2 ;;
    --out-dir) out_dir=$2; shift 2 ;;
    *) echo "usage: bench/pdf.sh [--orgs N] [--sample-orgs N] [--runs N] [--full-runs N] [--out-dir DIR]" >&2; exit 2 ;;
  esac
done
source bench/common.sh
bench_require "hyperfine weasyprint time chromium nodejs" hyperfine python3 weasyprint /usr/bin/time chromium node
bench_site "$orgs"
out=$out_dir/pdf-public
export MANUALGEN_CACHE_DIR=$(realpath -m bench/out/cache)
rm -rf "$out"
$mg build -q --config $config --out "$out"

echo "== per PDF: manualgen's workers against a weasyprint process per manual and warm Chromium ($((sample_orgs * 2)) manuals, 2 at a time)"
sample=$(seq -f "org-%03g" 0 $((sample_orgs - 1)))
org_args=$(printf -- " --org %s" $sample)
pages=$(for o in $sample; do ls "$out/$o"/*/manual.html; done)
remove_sample_pdfs="rm -f $(for o in $sample; do printf '%s ' "$out/$o/*/*.pdf"; done)"
hyperfine --warmup 1 --runs "$runs" --export-json bench/out/pdf-sample.json \
  --prepare "$remove_sample_pdfs" "$mg build -q --pdf --pdf-jobs 2 $org_args --config $config --out $out" \
  --prepare "$remove_sample_pdfs" \
  "printf '%s\n' $(echo $pages) | xargs -P 2 -I {} weasyprint -q --pdf-variant pdf/ua-1 {} {}.pdf" \
  --prepare "$remove_sample_pdfs" "node bench/chromium-pdf.mjs 2 $(echo $pages)"
python3 - "$((sample_orgs * 2))" <<'PY'
import json, sys
n = int(sys.argv[1])
workers, processes, chromium = json.load(open("bench/out/pdf-sample.json"))["results"]
# CPU (user + system) as well as wall time: on a machine shared with others the wall time of one
# command can stretch while the other's does not.
cpu = lambda r: r["user"] + r["system"]
wall = lambda r: f"{r['mean'] / n * 1000:.0f} ms ± {r['stddev'] / n * 1000:.0f} per PDF (wall, 2 at a time)"
for name, r in (("workers", workers), ("a process per PDF", processes)):
    print(f"{name + ':':20s}{wall(r)}, {cpu(r) / n * 1000:.0f} ms CPU per PDF")
# Not Chromium's CPU time: hyperfine counts only the processes that are waited for, and most of
# Chromium's work is done in helper processes that are not.
print(f"{'warm Chromium:':20s}{wall(chromium)}")
print(f"workers are {processes['mean'] / workers['mean']:.2f}x faster per PDF in wall time, "
      f"{cpu(processes) / cpu(workers):.2f}x in CPU time")
print(f"warm Chromium is {workers['mean'] / chromium['mean']:.2f}x as fast as the workers in wall time, without "
      f"page numbers in the contents, running headers or PDF/UA (README, \"Speed → PDFs\")")
PY

echo "== build --pdf of the whole site, and peak memory (manualgen and its workers together)"
# The build runs under a sampler that adds up the resident memory of manualgen and its workers
# twice a second and keeps the largest sum.
cat > bench/out/peak-memory.sh <<'SH'
#!/usr/bin/env bash
"$@" &
pid=$!
peak=0
while kill -0 $pid 2>/dev/null; do
  rss=$(ps -o rss= --pid $pid --ppid $pid 2>/dev/null | awk '{ s += $1 } END { print s + 0 }')
  ((rss > peak)) && peak=$rss
  sleep 0.5
done
wait $pid
echo $peak >> bench/out/peak-memory.txt
SH
chmod +x bench/out/peak-memory.sh
rm -f bench/out/peak-memory.txt
hyperfine --runs "$full_runs" --export-json bench/out/pdf-full.json \
  --prepare "rm -f $out/org-*/*/*.pdf $out/.manualgen-pdf" \
  "bench/out/peak-memory.sh $mg build -q --pdf --config $config --out $out"
pdfs=$(find "$out" -name '*.pdf' | wc -l)
python3 - "$pdfs" <<'PY'
import json, sys
pdfs = int(sys.argv[1])
peak = max(int(line) for line in open("bench/out/peak-memory.txt"))
r = json.load(open("bench/out/pdf-full.json"))["results"][0]
spread = f" ± {r['stddev']:.1f}" if r.get("stddev") else ""
print(f"build --pdf: {r['mean']:.1f} s{spread} for {pdfs} PDFs = {r['mean'] / pdfs * 1000:.0f} ms per PDF; "
      f"CPU {r['user'] + r['system']:.0f} s (on 2 idle cores at least {(r['user'] + r['system']) / 2:.0f} s); "
      f"peak memory {peak / 1024:.0f} MB")
PY

echo "== rebuild with nothing changed, against a full HTML build"
html_out=$out_dir/pdf-html-only
hyperfine --warmup 1 --runs "$runs" --export-json bench/out/pdf-nochange.json \
  "$mg build -q --pdf --config $config --out $out" \
  --prepare "rm -rf $html_out" "$mg build -q --config $config --out $html_out"
python3 - <<'PY'
import json
nochange, html = json.load(open("bench/out/pdf-nochange.json"))["results"]
print(f"no-change build --pdf: {nochange['mean'] * 1000:.0f} ms = {100 * nochange['mean'] / html['mean']:.1f}% "
      f"of a full HTML build ({html['mean'] * 1000:.0f} ms)")
PY

echo "== one organisation changed (its two PDFs)"
# Each run renames organisation 007 back and forth, so each run has one organisation to rebuild.
toggle="sed -i 's/\"Organisatie 007\"/\"Organisatie 007 \"/; t; s/\"Organisatie 007 \"/\"Organisatie 007\"/' $config"
hyperfine --runs "$runs" --export-json bench/out/pdf-oneorg.json --prepare "$toggle" \
  "$mg build -q --pdf --config $config --out $out"
eval "$toggle"
$mg build -v --pdf --config $config --out "$out" | grep "PDF:"
