# Shared by bench/run.sh and bench/pdf.sh, sourced from the repository's top folder.

# bench_require PACKAGES TOOL…: stops with the packages to install when a tool or manualgen is missing.
bench_require() {
  local packages=$1 tool
  shift
  for tool; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is missing: apt-get install $packages" >&2; exit 2; }
  done
  [[ -x build/generator/manualgen ]] || { echo "bench: build manualgen first (scripts/setup)" >&2; exit 2; }
}

# bench_site ORGS: the benchmark site in bench/out, and a copy of manualgen there, so a rebuild of
# the tree during the run cannot change what is measured ($mg; it finds its PDF worker in the source
# tree); $config is the site's configuration.
bench_site() {
  bench/make-large-site.py --orgs "$1"
  cp build/generator/manualgen bench/out/manualgen-bin
  mg=bench/out/manualgen-bin
  config=bench/out/manualgen/site-config.json
}
