#include "generator/build/build.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <iterator>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "generator/core/fingerprint.h"
#include "generator/core/project_files.h"
#include "generator/core/text.h"
#include "generator/publish/output_dir.h"
#include "generator/render/site_renderer.h"

namespace manualgen {

namespace fs = std::filesystem;

namespace {

constexpr const char* kStateFile = ".manualgen-state.json";
constexpr const char* kInputsFile = ".manualgen-inputs.json";

// The record site_up_to_date reads: what this build read, or nothing when the next build must
// load everything (a partial build, or one with warnings to show again).
std::string inputs_text(const Project& project, const BuildOptions& options, bool complete, int pages,
                        int organisations) {
  if (!complete) return "{\"recorded\": false}\n";
  nlohmann::json j = {{"recorded", true},
                      {"config", options.config},
                      {"pdf_links", options.pdf_links.name()},
                      {"inputs", project.inputs},
                      {"fingerprint", project.inputs_fingerprint},
                      {"pages", pages},
                      {"organisations", organisations}};
  return j.dump(1) + "\n";
}

// What the previous build of this output folder was made from.
struct OrgState {
  std::string fingerprint;         // empty after a build of some of its locales only
  std::vector<std::string> files;  // the files the build wrote for it, sorted
  bool operator==(const OrgState&) const = default;
};

struct BuildState {
  std::string fingerprint;
  std::map<std::string, OrgState> orgs;  // id → what its pages were made from
  int shared_files = 0;                  // index, assets, logos
};

BuildState read_state(const std::string& out) {
  BuildState state;
  std::string text;
  if (!read_file((fs::path(out) / kStateFile).string(), text)) return state;
  try {
    auto j = nlohmann::json::parse(text);
    state.fingerprint = j.value("fingerprint", "");
    state.shared_files = j.value("shared_files", 0);
    for (const auto& [id, org] : j.at("organisations").items())
      state.orgs[id] = {org.at("fingerprint").get<std::string>(), org.at("files").get<std::vector<std::string>>()};
  } catch (const nlohmann::json::exception&) {
    state = {};  // unreadable: build everything
  }
  return state;
}

std::string state_text(const BuildState& state) {
  nlohmann::json orgs = nlohmann::json::object();
  for (const auto& [id, org] : state.orgs) orgs[id] = {{"fingerprint", org.fingerprint}, {"files", org.files}};
  nlohmann::json j = {
      {"fingerprint", state.fingerprint}, {"shared_files", state.shared_files}, {"organisations", orgs}};
  return j.dump(1) + "\n";
}

// One organisation × locale to render, and what came of it.
struct Task {
  const Organisation* org;
  std::string locale;
  std::vector<std::string> paths;  // pages produced
  int written = 0;
  bool failed = false;
  Diagnostics diags;
  std::set<FallbackUse> fallbacks;
  bool copy_logo = false;  // the organisation's first task also publishes its logo
};

// A build with errors in the config stops before rendering, but the organisations those errors do
// not point into can still be rendered, in memory with nothing written, so that mistakes in the
// prose and the theme (an unknown placeholder, a template name no page has) are reported in the
// same run. Only when every error is in the config: after an error in content/, locales/ or the
// theme, rendering would mostly report that error's consequences again.
void report_render_errors(const Project& project, const BuildOptions& options, Diagnostics& diags) {
  const SiteConfig& config = project.config;
  const auto& found = diags.all();
  auto error_in = [&](auto&& where) {
    return std::any_of(found.begin(), found.end(),
                       [&](const Diagnostic& d) { return d.severity == Severity::error && where(d.where); });
  };
  if (error_in([&](const Location& at) { return at.file != config.map.file(); })) return;
  std::vector<const Organisation*> orgs;
  for (const auto& org : config.organisations) {
    if (options.selection.includes_org(org.id) && !error_in([&](const Location& at) {
          return at.pointer == org.pointer || at.pointer.rfind(org.pointer + "/", 0) == 0;
        }))
      orgs.push_back(&org);
  }
  if (orgs.empty()) return;
  Diagnostics rendering;
  TemplateNames names;
  {
    QrCache qr(options.cache_dir);  // read, not saved: this build publishes nothing
    SiteRenderer renderer(*project.theme, names, qr, options.pdf_links);
    std::set<FallbackUse> fallbacks;
    ResolveContext ctx{config, project.content, project.locales, rendering, fallbacks};
    renderer.index(ctx, orgs);
    for (const Organisation* org : orgs)
      for (const auto& locale : org->locales)
        if (project.locales.has(locale)) renderer.organisation_locale(ctx, *org, locale);
  }  // the renderer hands the names its templates looked up to the theme
  check_template_names(*project.theme, names, rendering);
  for (const auto& d : rendering.all())
    if (d.severity == Severity::error) diags.add(d);
}

}  // namespace

bool site_up_to_date(const BuildOptions& options, BuildSummary& summary,
                     std::map<std::string, std::string>& fingerprints) {
  if (!options.selection.everything()) return false;
  std::error_code ec;
  if (!fs::exists(fs::path(options.out) / kOutputMarker, ec)) return false;
  std::string text;
  if (!read_file((fs::path(options.out) / kInputsFile).string(), text)) return false;
  try {
    auto j = nlohmann::json::parse(text);
    if (!j.value("recorded", false) || j.at("config").get<std::string>() != options.config ||
        j.value("pdf_links", "") != options.pdf_links.name())
      return false;
    std::vector<std::string> each;
    for (const auto& path : j.at("inputs").get<std::vector<std::string>>())
      each.push_back(fingerprints[path] = fingerprint_path(path));
    if (fingerprint_all(each) != j.at("fingerprint").get<std::string>()) return false;
    summary = {};
    summary.pages = j.at("pages").get<int>();
    summary.organisations = j.at("organisations").get<int>();
    return true;
  } catch (const nlohmann::json::exception&) {
    return false;  // unreadable: load and compare everything
  }
}

bool build_site(const Project& project, const BuildOptions& options, Diagnostics& diags, BuildSummary& summary) {
  if (!project.theme) return false;
  if (diags.has_errors()) {
    report_render_errors(project, options, diags);
    return false;
  }
  const SiteConfig& config = project.config;

  if (!options.selection.validate(project, diags)) return false;

  // What needs rendering: organisations asked for by name, and otherwise those whose inputs
  // (or the shared inputs) changed since the output was last built.
  const BuildState previous = read_state(options.out);
  // Whether the pages link PDFs changes every organisation's pages, as a theme change would.
  const std::string shared_fingerprint = project.fingerprint + " pdf:" + options.pdf_links.name();
  const bool same_inputs = previous.fingerprint == shared_fingerprint;
  BuildState next;
  next.fingerprint = shared_fingerprint;
  std::vector<Task> tasks;
  std::vector<const Organisation*> all;
  for (const auto& org : config.organisations) {
    all.push_back(&org);
    bool chosen = options.selection.includes_org(org.id);
    if (chosen) ++summary.organisations;
    auto old = previous.orgs.find(org.id);
    bool unchanged = same_inputs && old != previous.orgs.end() && old->second.fingerprint == org.fingerprint;
    // Organisations named with --org are rebuilt even when unchanged: that is what was asked.
    bool render = chosen && (!unchanged || !options.selection.orgs.empty());
    if (!render) {
      if (old != previous.orgs.end()) {
        OrgState& kept = next.orgs[org.id] = old->second;  // its pages are still the old ones
        // Left out by --org while the shared inputs changed: its pages were made from the old ones,
        // so it keeps no fingerprint and the next build renders it.
        if (!same_inputs) kept.fingerprint.clear();
      }
      continue;
    }
    // With --locale an organisation is only partly rebuilt: it keeps no fingerprint, so the
    // next full build renders all of it.
    // Its other locales' files stay as they were.
    OrgState state{options.selection.locales.empty() ? org.fingerprint : "", {}};
    if (old != previous.orgs.end())
      for (const auto& file : old->second.files) {
        std::string locale = file.substr(org.id.size() + 1, file.find('/', org.id.size() + 1) - org.id.size() - 1);
        if (!options.selection.includes_locale(locale)) state.files.push_back(file);
      }
    next.orgs[org.id] = std::move(state);
    bool first = true;
    for (const auto& locale : org.locales)
      if (options.selection.includes_locale(locale)) {
        tasks.push_back({&org, locale, {}, 0, false, {}, {}, first && !org.brand.logo.empty()});
        first = false;
      }
  }
  std::vector<std::string> gone;  // organisations removed from the config since the last build
  for (const auto& [id, state] : previous.orgs)
    if (!std::any_of(all.begin(), all.end(), [&](const Organisation* o) { return o->id == id; })) gone.push_back(id);

  const auto complete = [&] {
    return options.selection.everything() && diags.warning_count() == 0 && summary.fallbacks.empty();
  };
  // Nothing changed since the last build: nothing to do, and the output is not touched (unless
  // only the record of the inputs is out of date, say after an edit that changed no page).
  if (tasks.empty() && gone.empty() && same_inputs && previous.orgs == next.orgs && previous.shared_files > 0 &&
      fs::exists(fs::path(options.out) / kOutputMarker)) {
    summary.pages = previous.shared_files;
    for (const auto& [id, org] : previous.orgs) summary.pages += static_cast<int>(org.files.size());
    std::string recorded;
    read_file((fs::path(options.out) / kInputsFile).string(), recorded);
    if (recorded == inputs_text(project, options, complete(), summary.pages, summary.organisations)) return true;
  }

  auto out = OutputDir::begin(options.out, diags);
  if (!out) return false;
  QrCache qr_cache(options.cache_dir);
  TemplateNames names;

  // Files shared by all: the index and the theme's assets.
  std::atomic<int> written{0};
  auto count = [&](OutputDir::Outcome o) {
    if (o == OutputDir::Outcome::written) ++written;
    ++next.shared_files;
    return o != OutputDir::Outcome::failed;
  };
  {
    std::set<FallbackUse> fallbacks;
    ResolveContext ctx{config, project.content, project.locales, diags, fallbacks};
    SiteRenderer renderer(*project.theme, names, qr_cache, options.pdf_links);
    Page index = renderer.index(ctx, all);
    if (!count(out->write(index.path, index.bytes, diags))) return false;
    summary.fallbacks.insert(fallbacks.begin(), fallbacks.end());
  }
  for (const auto& [rel, source] : project.theme->static_files())
    if (!count(out->copy_file("assets/" + rel, source, diags))) return false;
  for (const auto& id : gone) summary.removed += out->remove(previous.orgs.at(id).files);

  // Render and write in parallel, one organisation × locale at a time per thread, each thread
  // with its own compiled templates, diagnostics and fallbacks (merged in a fixed order after).
  int jobs = options.jobs > 0 ? options.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  jobs = std::min<int>(jobs, std::max<int>(1, static_cast<int>(tasks.size())));
  std::atomic<size_t> next_task{0};
  std::atomic<size_t> finished{0};
  std::mutex progress_mutex;
  auto work = [&] {
    SiteRenderer renderer(*project.theme, names, qr_cache, options.pdf_links);
    for (size_t i; (i = next_task++) < tasks.size();) {
      Task& task = tasks[i];
      ResolveContext ctx{config, project.content, project.locales, task.diags, task.fallbacks};
      // Logos belong to their organisation's files (removed with it); copied here, in parallel.
      if (task.copy_logo) {
        std::string logo = task.org->id + "/logo" + fs::path(task.org->brand.logo).extension().string();
        auto outcome = out->copy_file(logo, (fs::path(config.dir) / task.org->brand.logo).string(), task.diags);
        if (outcome == OutputDir::Outcome::failed) task.failed = true;
        if (outcome == OutputDir::Outcome::written) ++task.written;
        task.paths.push_back(std::move(logo));
      }
      for (auto& page : renderer.organisation_locale(ctx, *task.org, task.locale)) {
        // Nothing is written once a problem is known: staging is dropped then anyway.
        if (task.diags.has_errors()) break;
        auto outcome = out->write(page.path, page.bytes, task.diags);
        if (outcome == OutputDir::Outcome::failed) task.failed = true;
        if (outcome == OutputDir::Outcome::written) ++task.written;
        task.paths.push_back(std::move(page.path));
      }
      size_t done = ++finished;
      if (options.progress) {
        std::lock_guard<std::mutex> lock(progress_mutex);
        options.progress(done, tasks.size());
      }
    }
  };
  std::vector<std::thread> threads;
  for (int t = 1; t < jobs; ++t) threads.emplace_back(work);
  work();
  for (auto& t : threads) t.join();
  summary.qr_encoded = qr_cache.misses();
  summary.qr_cached = qr_cache.hits();
  if (std::string error; !qr_cache.save(error))
    diags.warning({qr_cache.file()}, "the QR code cache was not saved: " + error,
                  "the site is complete; the next build encodes its QR codes again. Use --cache-dir to choose "
                  "another folder, or --no-cache");
  // Every kind of page was rendered (the renderers are gone, their logs merged): names a
  // template looked up that no page has are mistakes in the theme.
  if (!tasks.empty()) check_template_names(*project.theme, names, diags);

  for (auto& task : tasks) {
    diags.append(task.diags);
    summary.fallbacks.insert(task.fallbacks.begin(), task.fallbacks.end());
    written += task.written;
    if (task.failed) return false;
  }
  if (diags.has_errors()) return false;
  // Files a rebuilt organisation no longer has (a flow it stopped publishing). Only files this
  // build made before are removed: the PDFs beside them belong to the PDF step.
  for (const auto& task : tasks) {
    auto& files = next.orgs[task.org->id].files;
    files.insert(files.end(), task.paths.begin(), task.paths.end());
  }
  for (auto& [id, state] : next.orgs) {
    std::sort(state.files.begin(), state.files.end());
    auto old = previous.orgs.find(id);
    if (old == previous.orgs.end()) continue;
    std::vector<std::string> stale;
    std::set_difference(old->second.files.begin(), old->second.files.end(), state.files.begin(), state.files.end(),
                        std::back_inserter(stale));
    summary.removed += out->remove(stale);
  }
  summary.rendered = static_cast<int>(tasks.size());

  summary.pages = next.shared_files;
  for (const auto& [id, org] : next.orgs) summary.pages += static_cast<int>(org.files.size());
  summary.written = written;
  if (out->write(kStateFile, state_text(next), diags) == OutputDir::Outcome::failed) return false;
  auto inputs =
      out->write(kInputsFile, inputs_text(project, options, complete(), summary.pages, summary.organisations), diags);
  if (inputs == OutputDir::Outcome::failed) return false;
  // Same bytes everywhere: keep the output as it is, untouched.
  if (summary.written == 0 && summary.removed == 0 && previous.fingerprint == next.fingerprint &&
      previous.orgs == next.orgs && inputs == OutputDir::Outcome::unchanged) {
    out->discard();
    return true;
  }
  return out->commit(diags);
}

}  // namespace manualgen
