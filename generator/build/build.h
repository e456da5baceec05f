#pragma once
// The whole pipeline behind `manualgen build`: load → validate → resolve → render → write.

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "generator/load/project.h"
#include "generator/load/selection.h"
#include "generator/render/site_renderer.h"
#include "generator/resolve/resolver.h"

namespace manualgen {

struct BuildOptions {
  std::string config = "site-config.json";
  std::string out = "public";
  Selection selection;  // --org, --locale
  int jobs = 0;         // render threads; 0: one per core
  // Called as organisation-locales finish (from the render threads, one call at a time): the
  // command shows a progress bar.
  std::function<void(size_t done, size_t total)> progress;
  std::string cache_dir;  // QR codes kept between builds (QrCache); empty: none
  PdfLinks pdf_links;     // the PDFs this build makes (build --pdf), which the pages link
};

struct BuildSummary {
  int pages = 0;          // pages and files the site consists of after the build
  int written = 0;        // of those, written by this build
  int removed = 0;        // files no longer part of the site
  int organisations = 0;  // organisations selected
  int rendered = 0;       // organisation × locale renders (the others were unchanged)
  int qr_encoded = 0;     // QR codes encoded by this build (the others came from the cache)
  int qr_cached = 0;
  std::set<FallbackUse> fallbacks;
};

/// True when `options.out` holds a whole site that a build without warnings made from inputs
/// byte for byte the same as now: the build has nothing to do, and nothing needs loading. Like
/// make and ninja, but by content: the last build recorded what it read (`.manualgen-inputs.json`)
/// and the fingerprint of those bytes. Fills `summary` from that record. A build of some
/// organisations or locales, or one with warnings, records nothing, so the next build loads
/// everything again (and shows its warnings again).
/// The inputs it hashed go to `fingerprints`, for load_project. A record that cannot be trusted
/// is a warning in `diags`, and the answer is no.
bool site_up_to_date(const BuildOptions& options, BuildSummary& summary,
                     std::map<std::string, std::string>& fingerprints, Diagnostics& diags);

/// Builds the site; on any error writes nothing and leaves `options.out` as it was. Renders only
/// organisations whose inputs changed since the last build (their fingerprints are kept in the
/// output's .manualgen-state.json) and writes only files whose bytes changed.
bool build_site(const Project& project, const BuildOptions& options, Diagnostics& diags, BuildSummary& summary);

}  // namespace manualgen
