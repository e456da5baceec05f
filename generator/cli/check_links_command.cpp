// `manualgen check links`: options, the progress line, output and exit status (0 nothing broken,
// 1 broken links, 2 bad input).

#include "generator/cli/check_links_command.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>

#include "checks/links/link_checker.h"
#include "generator/cli/output.h"
#include "generator/core/base_layer.h"
#include "generator/core/project_lookup.h"
#include "generator/core/text.h"

namespace manualgen {

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string site = "public";
  std::string rules;  // default: checks/links.json of the project in the current folder, or the shipped one
  std::string format = "text";
  std::string output;
  std::string cache;
  std::vector<std::string> baselines;
  bool offline = false;
  bool allow_loopback = false;
};

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// Checks the site with the fetcher (none with --offline) while a progress line counts the URLs.
Report check_with_progress(const Options& o, const LinkRules& rules, const LinkCheckOptions& options, LinkCache* cache,
                           LinkCheckStats& stats, Diagnostics& diags) {
  ProgressLine progress;
  FetchOptions fetch;
  fetch.allow_loopback = o.allow_loopback;
  fetch.progress = [&progress](const FetchProgress& p) {
    progress.update("checking links: " + std::to_string(p.done) + "/" + std::to_string(p.total) + " URLs, " +
                        count_of(p.requests, "request"),
                    p.done == p.total);
  };
  CurlFetcher fetcher(rules, fetch);
  return check_links(options, rules, o.offline ? nullptr : &fetcher, cache, stats, diags);
}

std::vector<SummaryCount> summary_of(const LinkCheckStats& stats, Clock::duration took) {
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.2f", std::chrono::duration<double>(took).count());
  return {{"pages", std::to_string(stats.pages), "page"},
          {"links found", std::to_string(stats.links), "link found"},
          {"unique URLs", std::to_string(stats.unique), "unique URL"},
          {"requests made", std::to_string(stats.requests), "request made"},
          {"ok", std::to_string(stats.ok), ""},
          {"redirected", std::to_string(stats.redirected), ""},
          {"broken", std::to_string(stats.broken), ""},
          {"excluded", std::to_string(stats.excluded), ""},
          {"cached", std::to_string(stats.cached), ""},
          {"seconds", seconds, ""}};
}

int run(const Options& o) {
  auto start = Clock::now();
  ReportFormat format;
  if (!parse_format_or_complain("manualgen check links", o.format, format)) return kExitBadInput;
  Diagnostics diags;
  const auto found = o.rules.empty() ? ProjectFiles(".", find_base_layer().dir).find("checks/links.json")
                                     : ProjectFiles::Found{o.rules, o.rules};
  auto rules = load_link_rules(found.path, found.shown, diags);
  if (!rules) {
    print_diagnostics(diags);
    std::cerr << "manualgen check links: cannot read the rules " << found.shown
              << " (run from the project folder, or pass --rules FILE)\n";
    return kExitBadInput;
  }
  LinkCheckOptions options{o.site, o.site, o.baselines, unix_now()};
  std::optional<LinkCache> cache;
  if (!o.cache.empty() && !o.offline) cache = LinkCache::load(o.cache, options.now, rules->cache_max_age_s, diags);

  LinkCheckStats stats;
  Report report = check_with_progress(o, *rules, options, cache ? &*cache : nullptr, stats, diags);
  if (diags.has_errors()) return cannot_check("manualgen check links", diags);
  print_diagnostics(diags);
  std::string error;
  if (cache && !cache->save(o.cache, error)) std::cerr << "manualgen check links: warning: " << error << "\n";
  report.summary = summary_of(stats, Clock::now() - start);
  return publish_report(report, format, o.output);
}

}  // namespace

void add_check_links_command(CLI::App& check, int& status) {
  auto o = std::make_shared<Options>();
  auto* cmd = check.add_subcommand("links", "check the links of the written site: internal, fragments, external URLs");
  cmd->add_option("--site", o->site, "the folder manualgen build wrote")->capture_default_str();
  cmd->add_flag("--offline", o->offline, "check internal links and fragments only; ask no server");
  cmd->add_option("--format", o->format, report_format_names())->capture_default_str();
  cmd->add_option("--output", o->output, "write the report to this file (the summary line still goes to stderr)");
  cmd->add_option("--rules", o->rules,
                  "the link checker's settings (limits, hosts, redirect expectations; default: checks/links.json of "
                  "the project, else the shipped one)");
  cmd->add_option("--cache", o->cache, "keep good answers in this file and reuse them while fresh");
  cmd->add_option("--baseline", o->baselines,
                  "links.json of an earlier release: its deep links must still resolve (repeatable)");
  cmd->add_flag("--allow-loopback", o->allow_loopback, "allow 127.0.0.0/8 and ::1 (local test servers)");
  cmd->callback([o, &status] { status = run(*o); });
}

}  // namespace manualgen
