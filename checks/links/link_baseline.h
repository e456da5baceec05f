#pragma once
// Anchor stability: the servicedesk's deep links (`links.json` of an earlier release) must still
// lead to a page and an element with that id in the site being checked.

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "checks/links/link_extractor.h"
#include "checks/report/report.h"
#include "generator/core/diagnostics.h"

namespace manualgen {

struct BaselineEntry {
  std::string flow;
  std::string id;
  std::string url;
  Location where;  // the entry in the baseline file
};

/// Reads a `links.json` as manualgen writes it: a list of { flow, id, title, url }.
std::optional<std::vector<BaselineEntry>> load_baseline(const std::string& path, Diagnostics& diags);

/// The base URLs the site publishes its deep links under (`https://handleidingen.example.nl/`),
/// read from its own `links.json` files.
std::set<std::string> published_bases(const std::filesystem::path& site, Diagnostics& diags);

/// Adds a `baseline-anchor` finding for each entry that no longer resolves to a page and id;
/// returns how many did.
int check_baseline(const std::vector<BaselineEntry>& entries, const std::set<std::string>& bases,
                   const std::map<std::string, ExtractedPage>& pages, const std::string& group, Report& report);

}  // namespace manualgen
