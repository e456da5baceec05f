#pragma once
// `manualgen build --pdf`: every manual.html of the built site as a PDF beside it, rendered in
// parallel, and only when what it is made of changed.
//
// The site build keeps the files of the old site it does not remove, the PDFs among them (hard
// links into the new site, output_dir.h). The PDF step works around the site build:
//   prepare  (before the build)  finds the renderer — a missing one fails the build before
//            anything is written — and hard-links the current PDFs into a work folder beside the
//            output, with the content hash each was made from (`.manualgen-pdf` in the output), a
//            safety net that costs a link per PDF;
//   publish  (after the swap)    hashes each manual.html with the stylesheets and images it uses;
//            a PDF whose hash is unchanged is kept (or moves back from the work folder), the others
//            are rendered into the work folder and then renamed into the site, so a PDF is never
//            seen half-written and nothing in the output is opened for writing. A per-flow PDF is
//            rendered from a copy of the page titled by its flow, with a stylesheet that hides the
//            other flows. The pages, stylesheets and images read from the output are regular files
//            reached through real folders: a symbolic link planted in the output is not followed.
// So the HTML is published first and the PDFs follow within seconds; a PDF that fails to render
// is reported (exit 2) and is missing until a later build renders it.

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "generator/core/diagnostics.h"
#include "generator/load/selection.h"
#include "generator/publish/pdf_renderer.h"

namespace manualgen {

struct SiteConfig;

struct PdfOptions {
  bool enabled = false;
  bool per_flow = false;  // also one PDF per flow
  int jobs = 0;           // renderer processes at once; 0: one per core, at most 4
  std::string renderer = kPdfRendererPackage;
};

/// One PDF of the site; paths relative to the output folder.
struct PdfTarget {
  std::string html;  // <org>/<locale>/manual.html
  std::string pdf;   // <org>/<locale>/<org>-<locale>.pdf, or …-<flow>.pdf
  std::string flow;  // empty: the whole manual
};

/// The PDFs for the organisations and locales a build writes.
std::vector<PdfTarget> pdf_targets(const SiteConfig& config, const Selection& selection, bool per_flow);

struct PdfReport {
  struct Item {
    std::string pdf;
    bool rendered = false;  // false: unchanged, kept
    std::chrono::milliseconds took{0};
  };
  std::vector<Item> items;
  int parallel = 0;
  std::chrono::milliseconds took{0};
  int rendered() const;
};

/// Name of the state file in the output folder: one `<hash> <pdf path>` line per PDF.
inline constexpr const char* kPdfState = ".manualgen-pdf";

class PdfPublisher {
 public:
  /// Before the site is built. Nullopt (with an error) when the renderer is missing.
  static std::optional<PdfPublisher> prepare(const std::string& out, const PdfOptions& options, Diagnostics& diags);

  PdfPublisher(PdfPublisher&& other) noexcept;
  PdfPublisher& operator=(PdfPublisher&&) = delete;
  PdfPublisher(const PdfPublisher&) = delete;
  ~PdfPublisher();  // removes the work folder

  /// After the site was swapped in: renders the `targets` whose inputs changed.
  bool publish(const std::vector<PdfTarget>& targets, Diagnostics& diags, PdfReport& report);

 private:
  PdfPublisher(std::string out, PdfOptions options, PdfRenderer renderer);
  /// Moves the held copy of `pdf` back into the site if it was made from `hash`.
  bool restore_held(const std::string& pdf, const std::string& hash);
  struct Held {
    std::string hash;
    std::string file;  // hard link in the work folder; empty if the PDF was missing
  };
  std::string out_;
  PdfOptions options_;
  PdfRenderer renderer_;
  std::string work_;
  std::map<std::string, Held> held_;  // by PDF path relative to the output
};

}  // namespace manualgen
