#pragma once
// The PDF renderer: long-lived WeasyPrint workers (pdf_worker.py, shipped beside manualgen) that
// are fed one document after another over a socket, at most one per core. Only this file and the
// worker know their protocol (described at the top of pdf_worker.py).

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "generator/core/diagnostics.h"

namespace manualgen {

/// The Debian package that provides WeasyPrint; named in every "not installed" message.
inline constexpr const char* kPdfRendererPackage = "weasyprint";

/// The file name of the worker, beside the manualgen program or in the source tree.
inline constexpr const char* kPdfWorkerName = "pdf_worker.py";

/// One PDF to render.
struct PdfJob {
  std::string html;        // input file
  std::string stylesheet;  // extra user stylesheet, may be empty
  std::string base_url;    // what relative addresses in `html` resolve against; empty: `html` itself
  std::string output;      // written by the worker
};

struct PdfJobResult {
  bool ok = false;
  std::string error;  // what went wrong, with the end of the worker's output when it died
  std::chrono::milliseconds took{0};
};

/// Inode, size and modification time of a file, or "" when it does not exist: what tells that a
/// file is the same as when it was recorded without reading it. (A file manualgen replaces gets a
/// new inode; one it leaves alone keeps all three.)
std::string file_signature(const std::string& path);

/// What the renderer is, as recorded with the PDFs: the worker's own words for what it renders
/// with (part of every PDF's hash) and the files it is made of with their signatures, so that a
/// later build knows it unchanged without starting Python.
struct PdfRendererRecord {
  std::string identity;
  std::vector<std::pair<std::string, std::string>> files;  // path, file_signature; the worker first
};

struct PdfWorker;

class PdfRenderer {
 public:
  /// Finds the worker: `program` when given, else pdf_worker.py beside the running manualgen or,
  /// for a build tree, in the source tree.
  static std::optional<PdfRenderer> find(const std::string& program, Diagnostics& diags);

  PdfRenderer(PdfRenderer&&) noexcept;
  PdfRenderer& operator=(PdfRenderer&&) noexcept;
  ~PdfRenderer();  // ends the workers

  /// Takes the identity from `recorded` when it was made by this worker and none of its files
  /// changed since: no process is started.
  bool recognise(const PdfRendererRecord& recorded);
  /// Starts a worker (its stderr in `log_folder`) and reads its greeting. An error naming the
  /// Debian package when WeasyPrint is missing. The worker is kept for `run`.
  bool start(const std::string& log_folder, Diagnostics& diags);

  const PdfRendererRecord& record() const { return record_; }

  /// Renders every job on at most `parallel` workers (their stderr in `log_folder`); results in job
  /// order. A worker that dies fails the document it had and is replaced for the others; no other
  /// document is lost.
  std::vector<PdfJobResult> run(const std::vector<PdfJob>& jobs, int parallel, const std::string& log_folder);

 private:
  explicit PdfRenderer(std::string program);
  std::string program_;
  PdfRendererRecord record_;
  std::unique_ptr<PdfWorker> started_;  // by `start`, until `run` takes it
};

}  // namespace manualgen
