#pragma once
// `manualgen build --pdf`: every manual.html of the built site as a PDF beside it, rendered by
// long-lived WeasyPrint workers in parallel (pdf_renderer.h), and only when what it is made of
// changed.
//
// The site build keeps the files of the old site it does not remove, the PDFs among them (hard
// links into the new site, output_dir.h). The PDF step works around the site build:
//   prepare  (before the build)  finds the worker and knows what it renders with — from the state
//            file when its files are unchanged, else by starting one, so a missing WeasyPrint fails
//            the build before anything is written — and hard-links the current PDFs into a work
//            folder beside the output, with the content hash each was made from (`.manualgen-pdf`
//            in the output), a safety net that costs a link per PDF;
//   publish  (after the swap)    keeps a PDF whose page and assets are the files they were (same
//            signature) or hash to what it was made from, and renders the others into the work
//            folder, then renames them into the site, so a PDF is never seen half-written and
//            nothing in the output is opened for writing. A per-flow PDF is rendered from a copy of
//            the page titled by its flow, with a stylesheet that hides the other flows. The pages,
//            stylesheets and images read from the output are regular files reached through real
//            folders: a symbolic link planted in the output is not followed.
// So the HTML is published first and the PDFs follow; a PDF that fails to render is reported
// (exit 2) and is missing until a later build renders it. `up_to_date` lets a build whose site is
// unchanged skip all of it.

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
  int jobs = 0;           // workers at once; 0: one per core, at most 4
  std::string worker;     // the worker program; empty: pdf_worker.py, shipped with manualgen
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

/// Name of the state file in the output folder: the renderer, the assets the pages use, and per
/// PDF the hash and the page's file signature it was made from (pdf_publisher.cpp, `write_state`).
inline constexpr const char* kPdfState = ".manualgen-pdf";

/// What the state file says: see `write_state`.
struct PdfState {
  struct Made {
    std::string hash;  // of everything the PDF is made from
    std::string page;  // file_signature of its page then
    std::string html;  // its page, relative to the output
  };
  PdfRendererRecord renderer;
  std::map<std::string, std::string> assets;  // path relative to the output → file_signature
  bool complete = false;                      // every PDF of the whole site was made, and none failed since
  std::map<std::string, Made> pdfs;           // by PDF path relative to the output
};

class PdfPublisher {
 public:
  /// Before the site is built. Nullopt (with an error) when the renderer is missing.
  static std::optional<PdfPublisher> prepare(const std::string& out, const PdfOptions& options, Diagnostics& diags);

  /// True when a build whose site is as the last whole build left it has no PDF to make: the
  /// last whole build made every PDF, none failed since, and the renderer, every page and every
  /// asset are the files they were. Reads the state file and looks at file signatures only; no
  /// page is read and no worker started. Fills `report` with the PDFs kept.
  static bool up_to_date(const std::string& out, const PdfOptions& options, PdfReport& report);

  PdfPublisher(PdfPublisher&& other) noexcept;
  PdfPublisher& operator=(PdfPublisher&&) = delete;
  PdfPublisher(const PdfPublisher&) = delete;
  ~PdfPublisher();  // removes the work folder

  /// After the site was swapped in: renders the `targets` whose inputs changed. `whole_site`:
  /// they are every PDF of the site (no --org or --locale).
  bool publish(const std::vector<PdfTarget>& targets, bool whole_site, Diagnostics& diags, PdfReport& report);

 private:
  PdfPublisher(std::string out, PdfOptions options, PdfRenderer renderer);
  /// Moves the held copy of `pdf` back into the site if it was made from `hash`.
  bool restore_held(const std::string& pdf, const std::string& hash);
  std::string out_;
  PdfOptions options_;
  PdfRenderer renderer_;
  std::string work_;
  PdfState previous_;                        // the state file as prepare found it
  std::map<std::string, std::string> held_;  // PDF path relative to the output → hard link in the work folder
};

}  // namespace manualgen
