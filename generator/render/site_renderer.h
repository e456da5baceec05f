#pragma once
// Render: resolved manuals + theme → pages (output path and bytes). Writes nothing itself.

#include <map>
#include <string>
#include <vector>

#include "generator/render/qr_cache.h"
#include "generator/render/screen_drawing.h"
#include "generator/render/theme_renderer.h"
#include "generator/resolve/resolver.h"

namespace manualgen {

struct Page {
  std::string path;  // relative to the output folder, with '/' separators
  std::string bytes;
};

/// Which PDFs the build makes beside the pages (`build --pdf`, `--pdf-per-flow`): the pages link
/// exactly those, so a link never points at a PDF that is not made.
struct PdfLinks {
  bool manual = false;  // <org>-<locale>.pdf, linked from the landing page and manual.html
  bool flows = false;   // <org>-<locale>-<flow>.pdf, linked from each flow page
  bool operator==(const PdfLinks&) const = default;
  /// For fingerprints and records: "none", "manual" or "manual+flows".
  std::string name() const { return flows ? "manual+flows" : manual ? "manual" : "none"; }
};

/// The file name of a manual's PDF (`flow` empty) or of one flow's, in the organisation-locale
/// folder beside manual.html: <org>-<locale>.pdf, <org>-<locale>-<flow>.pdf.
std::string pdf_file_name(const std::string& org, const std::string& locale, const std::string& flow = "");

/// Renders pages with one thread's compiled templates; make one per worker thread.
class SiteRenderer {
 public:
  /// `names` (shared by all renderers) collects the names the templates look up; `qr` (shared too)
  /// makes the QR codes of the printable manuals.
  SiteRenderer(const Theme& theme, TemplateNames& names, QrCache& qr, PdfLinks pdf = {})
      : templates_(theme, names), qr_(qr), pdf_(pdf) {}

  /// The site's index of organisations.
  Page index(const ResolveContext& ctx, const std::vector<const Organisation*>& orgs);

  /// Every page of one organisation in one locale: landing page, flow pages, manual.html and
  /// links.json.
  std::vector<Page> organisation_locale(const ResolveContext& ctx, const Organisation& org, const std::string& locale);

 private:
  /// The theme strings of `locale` as template data ({{t.…}}), made once per renderer.
  const TemplateData& theme_strings(const ResolveContext& ctx, const std::string& locale);

  ThemeRenderer templates_;
  ScreenDrawer drawer_;
  QrCache& qr_;
  PdfLinks pdf_;
  struct ThemeStrings {
    std::vector<std::string> keys;  // the names in `data` are views of these
    TemplateData data;
  };
  std::map<std::string, ThemeStrings> theme_strings_;
};

}  // namespace manualgen
