// manualgen: the command line. The only place that prints diagnostics and picks exit codes:
// 0 ok, 1 checks found problems, 2 bad input or usage.

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <iostream>
#include <algorithm>
#include <map>
#include <tuple>
#include <set>

#include "generator/build.h"

namespace {

using namespace manualgen;

constexpr int kExitOk = 0;
constexpr int kExitBadInput = 2;

// The same problem found once per organisation is one problem to fix: print it once.
// Sorted by file and line, so an editor's reader works down the file.
void print_diagnostics(const Diagnostics& diags) {
  std::vector<Diagnostic> sorted = diags.all();
  std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.where.file, a.where.line) < std::tie(b.where.file, b.where.line);
  });
  std::set<std::string> printed;
  for (const auto& d : sorted) {
    std::string line = format_diagnostic(d);
    if (printed.insert(line).second) std::cerr << line << "\n";
  }
}

// Fallbacks are grouped per locale: one line each, the full list only with --verbose.
void print_fallbacks(const std::set<FallbackUse>& fallbacks, bool verbose) {
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> grouped;
  for (const auto& [locale, what, from] : fallbacks) grouped[{locale, from}].push_back(what);
  for (const auto& [key, items] : grouped) {
    std::cerr << "warning: locale " << key.first << ": " << items.size() << " text" << (items.size() == 1 ? "" : "s")
              << " taken from fallback locale " << key.second << (verbose ? ":" : " (--verbose lists them)") << "\n";
    if (verbose)
      for (const auto& item : items) std::cerr << "  " << item << "\n";
  }
}

int run_build(const BuildOptions& options, bool verbose, bool quiet) {
  auto start = std::chrono::steady_clock::now();
  Diagnostics diags;
  auto project = load_project(options.config, diags);
  BuildSummary summary;
  bool ok = project && build_site(*project, options, diags, summary);
  print_diagnostics(diags);
  if (!ok) {
    std::cerr << "manualgen: build failed with " << diags.error_count() << " error"
              << (diags.error_count() == 1 ? "" : "s") << "; " << options.out << "/ was left as it was\n";
    return kExitBadInput;
  }
  print_fallbacks(summary.fallbacks, verbose);
  if (!quiet) {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    std::cout << "manualgen: wrote " << summary.pages << " pages for " << summary.organisations << " organisation"
              << (summary.organisations == 1 ? "" : "s") << " to " << options.out << "/ in " << ms << " ms\n";
  }
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"manualgen: self-help manuals for Entra ID password self-service, per organisation and locale"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "manualgen 0.1.0");

  BuildOptions build;
  bool verbose = false;
  bool quiet = false;
  auto* cmd = app.add_subcommand("build", "publish the manual site for every organisation in the config");
  cmd->add_option("--config", build.config, "site configuration")->capture_default_str();
  cmd->add_option("--out", build.out, "output folder, replaced as a whole on success")->capture_default_str();
  cmd->add_option("--org", build.orgs, "build only this organisation (repeatable)");
  cmd->add_option("--locale", build.locales, "build only this locale (repeatable)");
  cmd->add_flag("-v,--verbose", verbose, "list every text taken from a fallback locale");
  cmd->add_flag("-q,--quiet", quiet, "print only problems");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitBadInput;
  }
  if (cmd->parsed()) return run_build(build, verbose, quiet);
  return kExitBadInput;
}
