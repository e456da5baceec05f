#pragma once
// The external program that turns manual.html into a PDF (WeasyPrint), and running several of
// them at once. Only this file knows the renderer's command line.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "generator/core/diagnostics.h"

namespace manualgen {

/// The Debian package that provides the default renderer; named in every "not found" message.
inline constexpr const char* kPdfRendererPackage = "weasyprint";

/// One PDF to render.
struct PdfJob {
  std::string html;        // input file
  std::string stylesheet;  // extra user stylesheet, may be empty
  std::string base_url;    // what relative addresses in `html` resolve against; empty: `html` itself
  std::string output;      // written by the renderer
  std::string log;         // the renderer's stderr goes here
};

class PdfRenderer {
 public:
  /// Finds `program` (a name looked up in PATH, or a path) and asks it for its version. On failure
  /// reports an error naming the Debian package to install and returns nullopt.
  static std::optional<PdfRenderer> find(const std::string& program, Diagnostics& diags);

  /// The renderer's version and the options it is run with: part of every PDF's content hash,
  /// so a new renderer or new options render the PDFs again.
  const std::string& identity() const { return identity_; }

  std::vector<std::string> command(const PdfJob& job) const;

 private:
  PdfRenderer(std::string path, std::string version, bool tagged);
  std::string path_;
  std::string version_;
  bool tagged_;  // PDF/UA-1 (tagged PDF): WeasyPrint 57 and later
  std::string identity_;
};

struct PdfJobResult {
  bool ok = false;
  std::string error;  // what went wrong, with the end of the renderer's output
  std::chrono::milliseconds took{0};
};

/// Runs every job, at most `parallel` renderer processes at a time; results in job order.
std::vector<PdfJobResult> run_pdf_jobs(const PdfRenderer& renderer, const std::vector<PdfJob>& jobs, int parallel);

}  // namespace manualgen
