#pragma once
// Render: resolved manuals + theme → pages (output path and bytes). Writes nothing itself.

#include <string>
#include <vector>

#include "generator/resolver.h"
#include "generator/theme.h"

namespace manualgen {

struct Page {
  std::string path;  // relative to the output folder, with '/' separators
  std::string bytes;
};

class SiteRenderer {
 public:
  SiteRenderer(const ResolveContext& ctx, const Theme& theme) : ctx_(ctx), theme_(theme) {}

  /// The site's index of organisations.
  Page index(const std::vector<const Organisation*>& orgs) const;

  /// Every page of one organisation in one locale: landing page, flow pages, manual.html and
  /// links.json.
  std::vector<Page> organisation_locale(const Organisation& org, const std::string& locale) const;

 private:
  const ResolveContext& ctx_;
  const Theme& theme_;
};

}  // namespace manualgen
