#include "checks/links/link_checker.h"

#include <map>
#include <set>
#include <unordered_map>

#include "checks/links/link_baseline.h"
#include "checks/links/link_extractor.h"
#include "checks/links/link_url.h"
#include "checks/links/link_verdict.h"
#include "generator/core/text.h"

namespace manualgen {

namespace fs = std::filesystem;

namespace {

const std::vector<RuleInfo> kRules = {
    {"broken-link", "an internal link points to a file the site does not have"},
    {"missing-fragment", "an internal link's #fragment is not an id on the page it points to"},
    {"page-parse", "a page is not well-formed XML, so part of it could not be read"},
    {"bad-url", "a link is not a valid URL"},
    {"local-scheme", "a link reads the reader's own computer or network, or runs code (file:, data:, javascript:, …)"},
    {"http-status", "an external URL answers with a status the rules do not accept"},
    {"network-error", "an external URL gives no answer (DNS, connection, TLS, timeout) after the retries"},
    {"refused-address", "an external URL or one of its redirects leads to a loopback, private or link-local address"},
    {"redirect-loop", "an external URL's redirects lead back to an address already visited"},
    {"too-many-redirects", "an external URL redirects more often than the rules allow"},
    {"bad-redirect", "a redirect without a Location, or to something that is not http(s)"},
    {"redirect-expectation", "a URL with an expected destination ends elsewhere"},
    {"dead-shortlink", "a shortlink redirects to a search engine: the short name does not exist"},
    {"permanent-redirect", "an external URL has moved permanently; link the new address"},
    {"baseline-anchor", "a servicedesk deep link of an earlier release no longer resolves to a page and id"},
};

enum class Kind { internal, external, excluded, unreadable, local };

// Schemes that read the reader's own computer or network, or run code, instead of leading to a
// page. In a published page they are a mistake or an attack, never a link; counting them as
// excluded hid `href="file:///etc/passwd"`.
bool local_scheme(const LinkOccurrence& link) {
  static const std::set<std::string> schemes = {"file", "smb",        "javascript",  "vbscript", "data",
                                                "blob", "filesystem", "view-source", "jar"};
  if (!schemes.count(link.scheme)) return false;
  // An inline raster image is the image itself, as cmark keeps it in prose.
  const std::string written = ascii_lowercase(clean_reference(link.written));
  for (const char* image : {"data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"})
    if (link.element == "img" && written.rfind(image, 0) == 0) return false;
  return true;
}

std::string local_scheme_effect(const std::string& scheme) {
  if (scheme == "javascript" || scheme == "vbscript") return "runs code";
  if (scheme == "data") return "holds a document of its own that can run code";
  return "reads the reader's own computer or network";
}

/// One URL without its fragment, however many links point at it.
struct Target {
  Kind kind = Kind::excluded;
  bool broken = false;
  // internal
  std::string file;   // site-relative page or file it resolves to
  std::string error;  // why it does not resolve
  // external
  Verdict verdict;
  bool cached = false;
};

// The file an internal URL's path names, as a static server would serve it.
void resolve_internal(const fs::path& site, const std::string& url_path, Target& target) {
  fs::path rel = fs::path(url_path.substr(1)).lexically_normal();
  if (!rel.empty() && *rel.begin() == "..") {
    target.error = "it points outside the site";
    return;
  }
  std::error_code ec;  // a loop of links is no folder and no file
  if (rel.empty() || rel.filename().empty() || fs::is_directory(site / rel, ec)) rel /= "index.html";
  target.file = rel.lexically_normal().generic_string();
  if (!fs::is_regular_file(site / rel, ec)) target.error = "there is no file " + target.file;
}

class LinkRun {
 public:
  LinkRun(const LinkCheckOptions& options, const LinkRules& rules, Report& report)
      : options_(options), rules_(rules), report_(report) {}

  void read_pages(const std::vector<std::string>& paths, Diagnostics& diags) {
    LinkExtractor extractor;
    for (const auto& path : paths) {
      std::string html;
      if (!read_file((options_.site / path).string(), html)) {
        diags.error({shown(path)}, "cannot read the page");
        continue;
      }
      pages_.emplace(path, extractor.extract(html, path));
    }
  }

  // Every link's target, once per URL without fragment.
  void classify(bool online) {
    const std::string internal_prefix = std::string(kSiteOrigin) + "/";
    for (const auto& [path, page] : pages_) {
      for (const auto& link : page.links) {
        ++links_;
        const std::string& key = key_of(link);
        auto [it, added] = targets_.try_emplace(key);
        if (!added) continue;
        Target& t = it->second;
        if (local_scheme(link)) {
          t.kind = Kind::local;
          t.broken = true;
        } else if (!link.error.empty()) {
          t.kind = Kind::unreadable;
          t.broken = true;
        } else if (link.url.empty()) {
          t.kind = Kind::excluded;  // mailto:, tel:
        } else if (key.compare(0, internal_prefix.size(), internal_prefix) == 0) {
          t.kind = Kind::internal;
          resolve_internal(options_.site, Url::parse(key)->path(), t);
          t.broken = !t.error.empty();
        } else if ((link.scheme == "http" || link.scheme == "https") && online &&
                   !rules_.excluded(key, url_host(key))) {
          t.kind = Kind::external;
          external_.push_back(key);
        } else {
          t.kind = Kind::excluded;
        }
      }
    }
  }

  void check_external(UrlFetcher& fetcher, LinkCache* cache) {
    std::vector<std::string> ask;
    for (const auto& url : external_) {
      Target& t = targets_[url];
      if (const FetchResult* kept = cache ? cache->find(url) : nullptr) {
        Verdict v = judge(rules_, *kept);
        if (v.state != LinkState::broken) {  // judged again: the rules may have changed
          t.verdict = v;
          t.cached = true;
          continue;
        }
      }
      ask.push_back(url);
    }
    auto results = fetcher.fetch(ask);
    for (const auto& result : results) {
      Target& t = targets_[result.url];
      t.verdict = judge(rules_, result);
      t.broken = t.verdict.state == LinkState::broken;
      if (cache && !t.broken) cache->store(result, options_.now);
    }
  }

  // Findings in page order, each occurrence at its line.
  void report_links(bool online) {
    for (const auto& [path, page] : pages_) {
      report_.runs.push_back({path, "broken-link"});
      report_.runs.push_back({path, "missing-fragment"});
      if (online) report_.runs.push_back({path, "http-status"});
      if (!page.parse_error.empty())
        add(page, page.parse_error_line, "page-parse", Severity::error, "",
            "not well-formed XML: " + page.parse_error + "; the rest of the page was not read");
      for (const auto& link : page.links) report_link(page, link);
    }
  }

  void check_baselines(const std::vector<std::pair<std::string, std::vector<BaselineEntry>>>& baselines,
                       const std::set<std::string>& bases) {
    for (const auto& [file, entries] : baselines) {
      report_.runs.push_back({file, "baseline-anchor"});
      check_baseline(entries, bases, pages_, file, report_);
    }
  }

  void count(LinkCheckStats& stats) const {
    stats.pages = pages_.size();
    stats.links = links_;
    stats.unique = targets_.size();
    for (const auto& [key, t] : targets_) {
      if (t.kind == Kind::excluded)
        ++stats.excluded;
      else if (t.broken)
        ++stats.broken;
      else if (t.kind == Kind::external && t.verdict.state == LinkState::redirected)
        ++stats.redirected;
      else
        ++stats.ok;
      if (t.cached) ++stats.cached;
    }
  }

  const std::map<std::string, ExtractedPage>& pages() const { return pages_; }

 private:
  static const std::string& key_of(const LinkOccurrence& link) { return link.url.empty() ? link.written : link.target; }

  std::string shown(const std::string& page) const { return (fs::path(options_.site_shown) / page).generic_string(); }

  void add(const ExtractedPage& page, int line, const std::string& rule, Severity severity, const std::string& subject,
           const std::string& message) {
    report_.findings.push_back({rule, severity, message, Location(shown(page.path), line), page.path, subject});
  }

  void report_link(const ExtractedPage& page, const LinkOccurrence& link) {
    const std::string& key = key_of(link);
    Target& t = targets_[key];
    switch (t.kind) {
      case Kind::excluded:
        return;
      case Kind::unreadable:
        add(page, link.line, "bad-url", Severity::error, link.written,
            "\"" + link.written + "\" is not a URL (" + link.error + ")");
        return;
      case Kind::local:
        add(page, link.line, "local-scheme", Severity::error, link.written,
            "<" + link.element + "> leads to \"" + link.written.substr(0, 80) + "\", a " + link.scheme +
                ": address, which " + local_scheme_effect(link.scheme) + "; a published page must not link to one");
        return;
      case Kind::internal: {
        if (!t.error.empty()) {
          add(page, link.line, "broken-link", Severity::error, link.url, link.written + ": " + t.error);
          return;
        }
        const std::string& fragment = link.fragment;
        auto target = pages_.find(t.file);
        // "#top" scrolls to the top in every browser without an element of that id.
        if (fragment.empty() || fragment == "top" || target == pages_.end()) return;
        if (!target->second.ids.count(fragment)) {
          t.broken = true;
          add(page, link.line, "missing-fragment", Severity::error, link.url,
              link.written + ": " + t.file + " has no element with id \"" + fragment + "\"");
        }
        return;
      }
      case Kind::external:
        if (!t.verdict.rule.empty()) add(page, link.line, t.verdict.rule, t.verdict.severity, key, t.verdict.message);
        return;
    }
  }

  const LinkCheckOptions& options_;
  const LinkRules& rules_;
  Report& report_;
  std::map<std::string, ExtractedPage> pages_;
  std::unordered_map<std::string, Target> targets_;
  std::vector<std::string> external_;  // in order of first link
  size_t links_ = 0;
};

}  // namespace

Report check_links(const LinkCheckOptions& options, const LinkRules& rules, UrlFetcher* fetcher, LinkCache* cache,
                   LinkCheckStats& stats, Diagnostics& diags) {
  Report report;
  report.tool = "manualgen check links";
  report.rules = kRules;
  if (std::error_code ec; !fs::is_directory(options.site, ec)) {
    diags.error({options.site_shown}, "there is no site folder here",
                "build the site first (manualgen build --out " + options.site_shown + ") or pass --site");
    return report;
  }
  std::vector<std::string> paths = find_pages(options.site);
  if (paths.empty()) {
    diags.error({options.site_shown}, "the folder has no .html pages", "pass the folder manualgen build wrote");
    return report;
  }
  // Bad input is found before a long run, not after it.
  std::vector<std::pair<std::string, std::vector<BaselineEntry>>> baselines;
  for (const auto& file : options.baselines)
    if (auto entries = load_baseline(file, diags)) baselines.emplace_back(file, std::move(*entries));
  std::set<std::string> bases;
  if (!options.baselines.empty()) bases = published_bases(options.site, diags);
  if (diags.has_errors()) return report;

  LinkRun run(options, rules, report);
  run.read_pages(paths, diags);
  run.classify(fetcher != nullptr);
  int requests_before = fetcher ? fetcher->requests_made() : 0;
  if (fetcher) run.check_external(*fetcher, cache);
  run.report_links(fetcher != nullptr);
  run.check_baselines(baselines, bases);
  run.count(stats);
  stats.requests = fetcher ? fetcher->requests_made() - requests_before : 0;
  return report;
}

}  // namespace manualgen
