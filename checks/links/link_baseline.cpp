#include "checks/links/link_baseline.h"

#include <algorithm>

#include "checks/links/link_url.h"
#include "generator/core/json_file.h"
#include "generator/core/project_files.h"

namespace manualgen {

namespace fs = std::filesystem;

std::optional<std::vector<BaselineEntry>> load_baseline(const std::string& path, Diagnostics& diags) {
  auto file = read_json_file(path, path, diags);
  if (!file) return std::nullopt;
  if (!file->value.is_array()) {
    diags.error(file->map.at(""), "a baseline is a links.json as manualgen writes it: a list of steps",
                "pass the links.json of an earlier release");
    return std::nullopt;
  }
  Diagnostics found;
  std::vector<BaselineEntry> entries;
  for (size_t i = 0; i < file->value.size(); ++i) {
    JsonObject o(file->value[i], "/" + std::to_string(i), file->map, found);
    if (!o.ok()) continue;
    BaselineEntry e;
    e.where = o.location();
    auto flow = o.string("flow", Need::required);
    auto id = o.string("id", Need::required);
    auto url = o.string("url", Need::required);
    if (!flow || !id || !url) continue;
    e.flow = *flow;
    e.id = *id;
    e.url = *url;
    entries.push_back(std::move(e));
  }
  bool failed = found.has_errors();
  diags.append(found);
  if (failed) return std::nullopt;
  return entries;
}

std::set<std::string> published_bases(const fs::path& site, Diagnostics& diags) {
  std::set<std::string> bases;
  for (const FolderEntry& file : walk_folder(site.string())) {
    const fs::path relative = file.relative;
    if (file.kind != FolderEntry::Kind::file || relative.filename() != "links.json") continue;
    std::string folder = "/" + encode_path(relative.parent_path().generic_string()) + "/";
    Diagnostics ignored;  // the site's own files: a bad one only means fewer bases known
    auto json = read_json_file((site / relative).string(), (site / relative).string(), ignored);
    if (!json || !json->value.is_array()) continue;
    for (const auto& entry : json->value) {
      if (!entry.is_object() || !entry.contains("url") || !entry["url"].is_string()) continue;
      auto url = Url::parse(entry["url"].get<std::string>());
      if (!url) continue;
      std::string s = url->without_fragment();
      size_t authority = s.find("://");
      size_t at = s.find(folder, authority == std::string::npos ? 0 : authority + 3);
      if (at != std::string::npos) bases.insert(s.substr(0, at + 1));
    }
  }
  if (bases.empty())
    diags.error({site.string()}, "the site has no links.json to compare the baseline with",
                "check --site: it must be a site manualgen built");
  return bases;
}

int check_baseline(const std::vector<BaselineEntry>& entries, const std::set<std::string>& bases,
                   const std::map<std::string, ExtractedPage>& pages, const std::string& group, Report& report) {
  std::vector<std::string> longest_first(bases.begin(), bases.end());
  std::sort(longest_first.begin(), longest_first.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  int broken = 0;
  auto fail = [&](const BaselineEntry& e, const std::string& message) {
    report.findings.push_back({"baseline-anchor", Severity::error,
                               "servicedesk link " + e.url + " (" + e.flow + ", step \"" + e.id + "\") " + message,
                               e.where, group, e.url});
    ++broken;
  };
  for (const auto& e : entries) {
    auto base = std::find_if(longest_first.begin(), longest_first.end(),
                             [&](const std::string& b) { return e.url.compare(0, b.size(), b) == 0; });
    if (base == longest_first.end()) {
      fail(e, "is not under the site's address " + (longest_first.empty() ? std::string("?") : longest_first.back()));
      continue;
    }
    auto url = Url::parse(std::string(kSiteOrigin) + "/" + e.url.substr(base->size()));
    if (!url) {
      fail(e, "is not a URL");
      continue;
    }
    std::string page = url->path().substr(1);
    if (page.empty() || page.back() == '/') page += "index.html";
    std::string id = url->fragment();
    auto found = pages.find(page);
    if (found == pages.end())
      fail(e, "no longer resolves: there is no page " + page);
    else if (!id.empty() && !found->second.ids.count(id))
      fail(e, "no longer resolves: " + page + " has no element with id \"" + id + "\"");
  }
  return broken;
}

}  // namespace manualgen
