// `manualgen build`: options, and the only place that prints the build's diagnostics.

#include "generator/cli/build_command.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <thread>
#include <tuple>

#include "generator/build/build.h"
#include "generator/cli/output.h"
#include "generator/core/base_layer.h"
#include "generator/core/fingerprint.h"
#include "generator/publish/output_lock.h"
#include "generator/publish/output_path.h"
#include "generator/publish/pdf_publisher.h"
#include "generator/render/qr_cache.h"

namespace {

using namespace manualgen;

// Fallbacks are grouped per locale: one line each, the full list only with --verbose.
void print_fallbacks(const std::set<FallbackUse>& fallbacks, bool verbose) {
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> grouped;
  for (const auto& [locale, what, from] : fallbacks) grouped[{locale, from}].push_back(what);
  for (const auto& [key, items] : grouped) {
    std::cerr << "warning: locale " << key.first << ": " << count_of(static_cast<long long>(items.size()), "text")
              << " taken from fallback locale " << key.second << (verbose ? ":" : " (--verbose lists them)") << "\n";
    if (verbose)
      for (const auto& item : items) std::cerr << "  " << item << "\n";
  }
}

void print_pdf_report(const PdfReport& report, bool verbose) {
  auto seconds = [](std::chrono::milliseconds ms) {
    return std::to_string(ms.count() / 1000) + "." + std::to_string(ms.count() % 1000 / 100) + " s";
  };
  int rendered = report.rendered();
  std::cout << "manualgen: PDF: " << rendered << " rendered";
  if (rendered) std::cout << " (" << report.parallel << " at a time)";
  std::cout << ", " << report.items.size() - static_cast<size_t>(rendered) << " unchanged, in " << seconds(report.took)
            << "\n";
  if (verbose)
    for (const auto& item : report.items)
      std::cout << "  " << item.pdf << (item.rendered ? ": rendered in " + seconds(item.took) : ": unchanged") << "\n";
}

// Where each input came from: the project's files (an override, or one the base layer does not
// have) and the shipped ones, each by the path it is read from.
void print_sources(const Project& project) {
  if (project.files.base().empty()) {
    std::cout << "manualgen: every input is the project's own (" << project.files.root()
              << " is manualgen's base layer)\n";
    return;
  }
  const auto sources = input_sources(project);
  const auto from_project = std::count_if(sources.begin(), sources.end(), [](const InputSource& source) {
    return source.found.layer == ProjectFiles::Layer::project;
  });
  const BaseLayer base = find_base_layer();
  std::cout << "manualgen: inputs: " << from_project << " from the project, " << sources.size() - from_project
            << " shipped in " << project.files.base() << " (found through " << base.how << ")\n";
  for (const auto& source : sources)
    std::cout << "  " << (source.found.layer == ProjectFiles::Layer::project ? "project  " : "shipped  ")
              << source.found.shown << "\n";
}

// `out` as the user gave it, whatever folder it resolved to.
void print_summary(const std::string& out, const BuildSummary& summary, std::chrono::steady_clock::time_point start) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
  std::cout << "manualgen: " << count_of(summary.pages, "file") << " in " << out << "/ (" << summary.written
            << " written, " << summary.pages - summary.written << " unchanged, " << summary.removed << " removed), "
            << count_of(summary.organisations, "organisation") << " ("
            << count_of(summary.rendered, "organisation-locale") << " rendered) in " << ms << " ms\n";
}

void print_waiting(const std::string& out, const OutputLock::Holder& holder) {
  std::cerr << "manualgen: waiting for ";
  if (holder.pid > 0)
    std::cerr << "the build of pid " << holder.pid
              << (holder.started.empty() ? "" : ", started " + holder.started + ",");
  else
    std::cerr << "another build";
  std::cerr << " to finish with " << out << "/" << std::endl;
}

int build_failed(const std::string& out, const Diagnostics& diags) {
  const int errors = print_diagnostics(diags);
  std::cerr << "manualgen: build failed with " << count_of(errors, "error") << "; " << out << "/ was left as it was\n";
  return kExitBadInput;
}

// build_site with a progress bar on a terminal when `progress`; the bar is gone when it returns.
bool build_with_progress(const Project& project, const BuildOptions& options, bool progress, Diagnostics& diags,
                         BuildSummary& summary) {
  ProgressLine line;
  BuildOptions with_bar = options;
  if (progress && line.enabled())
    with_bar.progress = [&line](size_t done, size_t total) { line.update(progress_bar(done, total), done == total); };
  return build_site(project, with_bar, diags, summary);
}

// The build once it holds the output's lock; `options.out` is the resolved folder, `shown` the
// --out the user gave.
int build_locked(const BuildOptions& options, const std::string& shown, const PdfOptions& pdf_options,
                 const BuildPrinting& printing, std::vector<std::string>& inputs, Diagnostics& diags) {
  const bool verbose = printing.verbose, quiet = printing.quiet;
  auto start = std::chrono::steady_clock::now();
  // The PDF step needs the project loaded; a plain build whose inputs are all as they were when
  // the site was made needs nothing loaded at all.
  std::map<std::string, std::string> fingerprints;
  PdfReport pdf_report;
  if (BuildSummary summary; site_up_to_date(options, summary, fingerprints, diags) &&
                            (!pdf_options.enabled || PdfPublisher::up_to_date(options.out, pdf_options, pdf_report))) {
    inputs.clear();
    for (const auto& [path, fingerprint] : fingerprints) inputs.push_back(path);
    if (!quiet) print_summary(shown, summary, start);
    if (verbose)
      std::cout << "manualgen: every input is as the last build read it (" << shown
                << "/.manualgen-inputs.json): nothing was loaded\n";
    if (!quiet && pdf_options.enabled) print_pdf_report(pdf_report, verbose);
    return kExitOk;
  }
  // Before the build: a missing renderer fails it with nothing written (see pdf_publisher.h).
  auto pdf = pdf_options.enabled ? PdfPublisher::prepare(options.out, pdf_options, diags) : std::nullopt;
  auto project = load_project(options.config, diags, fingerprints);
  if (project) inputs = project->inputs;
  BuildSummary summary;
  bool ok = project && build_with_progress(*project, options, printing.progress, diags, summary);
  bool pdf_ok = !ok || !pdf ||
                pdf->publish(pdf_targets(project->config, options.selection, pdf_options.per_flow),
                             options.selection.everything(), diags, pdf_report);
  start += pdf_report.took;  // the site's time; the PDFs report their own
  if (!ok) return build_failed(shown, diags);
  const int errors = print_diagnostics(diags);
  print_fallbacks(summary.fallbacks, verbose);
  if (!quiet) {
    if (verbose) print_sources(*project);
    print_summary(shown, summary, start);
    if (verbose && summary.qr_encoded + summary.qr_cached > 0)
      std::cout << "manualgen: QR codes: " << summary.qr_encoded << " encoded, " << summary.qr_cached << " from "
                << (options.cache_dir.empty() ? "the cache" : options.cache_dir) << "\n";
    if (pdf) print_pdf_report(pdf_report, verbose);
  }
  if (!pdf_ok) {
    std::cerr << "manualgen: the site was published, but " << count_of(errors, "PDF") << " could not be rendered\n";
    return kExitBadInput;
  }
  return kExitOk;
}

// The state of the inputs --watch polls: one fingerprint of all their bytes.
std::string inputs_state(const std::vector<std::string>& inputs) {
  std::vector<std::string> each;
  for (const auto& path : inputs) each.push_back(fingerprint_path(path));
  return fingerprint_all(each);
}

}  // namespace

namespace manualgen {

// Holds the output folder's lock from before it reads the folder until after its PDFs, so two
// builds into one folder run one after the other (output_lock.h).
int run_build(const BuildOptions& options, const PdfOptions& pdf_options, const BuildPrinting& printing,
              std::vector<std::string>& inputs, Diagnostics& diags) {
  auto folder = resolve_output_folder(options.out, diags);
  auto waiting = [&](const OutputLock::Holder& holder) { print_waiting(options.out, holder); };
  auto lock = folder ? OutputLock::acquire(*folder, waiting, diags) : std::nullopt;
  if (!lock) return build_failed(options.out, diags);
  BuildOptions locked = options;
  locked.out = *folder;
  return build_locked(locked, options.out, pdf_options, printing, inputs, diags);
}

void watch_inputs(const std::string& config, int interval_ms,
                  const std::function<void(std::vector<std::string>&)>& build) {
  // Until a build reads the config, the config and the project's folders are what can change.
  const std::filesystem::path dir = std::filesystem::path(config).parent_path();
  std::vector<std::string> inputs = {config};
  for (const char* folder : {"content", "locales", "themes"}) inputs.push_back((dir / folder).string());
  const auto interval = std::chrono::milliseconds(interval_ms);
  for (;;) {
    // The state is taken before the build reads the inputs: an edit saved while it runs (or just
    // after it wrote the pages) then differs from it and is built next.
    const std::vector<std::string> before = inputs;
    std::string built = inputs_state(inputs);
    build(inputs);
    if (inputs != before) built = inputs_state(inputs);  // the build named other inputs to watch
    std::cout << "manualgen: watching " << count_of(static_cast<long long>(inputs.size()), "input") << " of " << config
              << " for changes (Ctrl-C stops)" << std::endl;
    std::string now = built;
    while (now == built) {
      std::this_thread::sleep_for(interval);
      now = inputs_state(inputs);
    }
    // An editor may save in several writes: build once the inputs hold still for one interval.
    for (std::string settled; (settled = inputs_state(inputs)) != now;) {
      now = settled;
      std::this_thread::sleep_for(interval);
    }
  }
}

void add_build_command(CLI::App& app, int& status) {
  struct State {
    BuildOptions options;
    PdfOptions pdf;
    bool verbose = false;
    bool quiet = false;
    bool no_cache = false;
    bool watch = false;
    int interval_ms = 300;
  };
  auto state = std::make_shared<State>();
  auto* cmd = app.add_subcommand("build", "publish the manual site for every organisation in the config");
  cmd->add_option("--config", state->options.config, "site configuration")->capture_default_str();
  cmd->add_option("--out", state->options.out, "output folder, replaced as a whole on success")->capture_default_str();
  cmd->add_option("--org", state->options.selection.orgs, "build only this organisation (repeatable)");
  cmd->add_option("--locale", state->options.selection.locales, "build only this locale (repeatable)");
  cmd->add_option("-j,--jobs", state->options.jobs, "render threads (default: one per core)")
      ->check(CLI::Range(1, 256));
  cmd->add_flag("--pdf", state->pdf.enabled,
                "also write <org>/<locale>/<org>-<locale>.pdf from manual.html (WeasyPrint)");
  cmd->add_flag("--pdf-per-flow", state->pdf.per_flow, "--pdf, and also one PDF per flow: <org>-<locale>-<flow>.pdf");
  cmd->add_option("--pdf-jobs", state->pdf.jobs, "PDF workers run at once (default: one per core, at most 4)")
      ->check(CLI::Range(1, 64));
  cmd->add_option("--pdf-worker", state->pdf.worker,
                  "the program that renders the PDFs (default: pdf_worker.py, shipped beside manualgen)");
  state->options.cache_dir = QrCache::default_dir();
  cmd->add_option("--cache-dir", state->options.cache_dir,
                  "keep QR codes here between builds (default: $MANUALGEN_CACHE_DIR, $XDG_CACHE_HOME/manualgen or "
                  "~/.cache/manualgen)");
  cmd->add_flag("--no-cache", state->no_cache, "encode every QR code, keep none");
  cmd->add_flag("-v,--verbose", state->verbose,
                "say where each input came from (the project or the shipped files); list every text taken from a "
                "fallback locale, and every PDF");
  cmd->add_flag("-q,--quiet", state->quiet, "print only problems");
  cmd->add_flag("-w,--watch", state->watch, "after the build, build again whenever an input changes, until Ctrl-C");
  cmd->add_option("--interval", state->interval_ms, "--watch: milliseconds between looks at the inputs")
      ->capture_default_str()
      ->check(CLI::Range(10, 60000));
  cmd->callback([state, &status] {
    if (state->no_cache) state->options.cache_dir.clear();
    state->pdf.enabled = state->pdf.enabled || state->pdf.per_flow;
    state->options.pdf_links = {state->pdf.enabled, state->pdf.per_flow};
    if (state->watch) {
      // No progress bar: it would mix with the messages of builds to come; a line each is enough.
      const BuildPrinting printing{state->verbose, state->quiet, false};
      watch_inputs(state->options.config, state->interval_ms, [&](std::vector<std::string>& inputs) {
        Diagnostics diags;
        run_build(state->options, state->pdf, printing, inputs, diags);
      });
    }
    std::vector<std::string> inputs;
    Diagnostics diags;
    status = run_build(state->options, state->pdf, {state->verbose, state->quiet, !state->quiet}, inputs, diags);
  });
}

}  // namespace manualgen
