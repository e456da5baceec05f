#include "generator/build/build.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <iterator>
#include <mutex>
#include <thread>

#include "generator/build/build_plan.h"
#include "generator/build/build_state.h"
#include "generator/core/fingerprint.h"
#include "generator/publish/output_dir.h"
#include "generator/publish/output_path.h"
#include "generator/render/qr_cache.h"

namespace manualgen {

namespace fs = std::filesystem;

namespace {

// What every renderer of one build shares: the names its templates look up (checked once every
// renderer is gone) and the QR codes.
struct RenderShared {
  RenderShared(const Project& p, const BuildOptions& options)
      : project(p), pdf_links(options.pdf_links), qr(options.cache_dir) {}
  SiteRenderer renderer() { return SiteRenderer(*project.theme, names, qr, pdf_links); }
  ResolveContext context(Diagnostics& diags, std::set<FallbackUse>& fallbacks) const {
    return {project.config, project.content, project.locales, diags, fallbacks, &project.screens};
  }

  const Project& project;
  PdfLinks pdf_links;
  TemplateNames names;
  QrCache qr;
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
  RenderShared shared(project, options);  // its QR cache is read, not saved: this build publishes nothing
  {
    SiteRenderer renderer = shared.renderer();
    std::set<FallbackUse> fallbacks;
    ResolveContext ctx = shared.context(rendering, fallbacks);
    renderer.index(ctx, orgs);
    for (const Organisation* org : orgs)
      for (const auto& locale : org->locales)
        if (project.locales.has(locale)) renderer.organisation_locale(ctx, *org, locale);
  }  // the renderer hands the names its templates looked up to the theme
  check_template_names(*project.theme, shared.names, rendering);
  for (const auto& d : rendering.all())
    if (d.severity == Severity::error) diags.add(d);
}

// What the next build's site_up_to_date compares with; nothing when it must load everything: after
// a partial build, or one with warnings to show again.
std::optional<InputsRecord> inputs_record(const Project& project, const BuildOptions& options, const Diagnostics& diags,
                                          const BuildSummary& summary) {
  if (!options.selection.everything() || diags.warning_count() > 0 || !summary.fallbacks.empty()) return std::nullopt;
  return InputsRecord{options.config, options.pdf_links.name(), project.inputs, project.inputs_fingerprint,
                      summary.pages,  summary.organisations};
}

// Nothing changed since the last build: nothing to do, and the output is not touched (unless
// only the record of the inputs is out of date, say after an edit that changed no page).
bool nothing_changed(const Project& project, const BuildOptions& options, const BuildPlan& plan,
                     const Diagnostics& diags, BuildSummary& summary) {
  if (!plan.tasks.empty() || !plan.gone.empty() || !plan.same_inputs || plan.previous.orgs != plan.next.orgs ||
      plan.previous.shared_files == 0 || !fs::exists(fs::path(options.out) / kOutputMarker))
    return false;
  summary.pages = plan.previous.pages();
  std::string problem;
  auto recorded = read_output_file(options.out, kInputsFile, problem);
  return recorded && *recorded == inputs_record_text(inputs_record(project, options, diags, summary));
}

// The index and the theme's assets: the files all organisations share.
bool write_shared_files(RenderShared& shared, BuildPlan& plan, OutputDir& out, Diagnostics& diags,
                        BuildSummary& summary) {
  auto count = [&](OutputDir::Outcome o) {
    if (o == OutputDir::Outcome::written) ++summary.written;
    ++plan.next.shared_files;
    return o != OutputDir::Outcome::failed;
  };
  {
    std::set<FallbackUse> fallbacks;
    SiteRenderer renderer = shared.renderer();
    Page index = renderer.index(shared.context(diags, fallbacks), plan.all);
    if (!count(out.write(index.path, index.bytes, diags))) return false;
    summary.fallbacks.insert(fallbacks.begin(), fallbacks.end());
  }
  for (const auto& [rel, source] : shared.project.theme->static_files())
    if (!count(out.copy_file("assets/" + rel, source, diags))) return false;
  return true;
}

// One organisation × locale: its pages, and its logo with the first of its locales.
void render_task(const RenderShared& shared, SiteRenderer& renderer, RenderTask& task, OutputDir& out) {
  auto record = [&](OutputDir::Outcome outcome, std::string path) {
    if (outcome == OutputDir::Outcome::failed) task.failed = true;
    if (outcome == OutputDir::Outcome::written) ++task.written;
    task.paths.push_back(std::move(path));
  };
  const Project& project = shared.project;
  ResolveContext ctx = shared.context(task.diags, task.fallbacks);
  // Logos belong to their organisation's files (removed with it); copied here, in parallel.
  if (task.copy_logo) {
    std::string logo = task.org->id + "/logo" + fs::path(task.org->brand.logo).extension().string();
    auto source = (fs::path(project.config.dir) / task.org->brand.logo).string();
    auto outcome = out.copy_file(logo, source, task.diags);
    record(outcome, std::move(logo));
  }
  for (auto& page : renderer.organisation_locale(ctx, *task.org, task.locale)) {
    // Nothing is written once a problem is known: staging is dropped then anyway.
    if (task.diags.has_errors()) break;
    auto outcome = out.write(page.path, page.bytes, task.diags);
    record(outcome, std::move(page.path));
  }
}

// Renders and writes the tasks in parallel, one at a time per thread, each thread with its own
// compiled templates and each task with its own diagnostics and fallbacks (merged in a fixed order
// after, so that any -j gives the same output).
void render_tasks(RenderShared& shared, std::vector<RenderTask>& tasks, OutputDir& out, const BuildOptions& options) {
  int jobs = options.jobs > 0 ? options.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  jobs = std::min<int>(jobs, std::max<int>(1, static_cast<int>(tasks.size())));
  std::atomic<size_t> next_task{0};
  std::atomic<size_t> finished{0};
  std::mutex progress_mutex;
  auto work = [&] {
    SiteRenderer renderer = shared.renderer();
    for (size_t i; (i = next_task++) < tasks.size();) {
      render_task(shared, renderer, tasks[i], out);
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
}

void save_qr_cache(QrCache& qr, Diagnostics& diags, BuildSummary& summary) {
  summary.qr_encoded = qr.misses();
  summary.qr_cached = qr.hits();
  if (std::string error; !qr.save(error))
    diags.warning({qr.file()}, "the QR code cache was not saved: " + error,
                  "the site is complete; the next build encodes its QR codes again. Use --cache-dir to choose "
                  "another folder, or --no-cache");
}

// Each task's diagnostics, fallbacks and files, in task order; false if one failed.
bool merge_tasks(BuildPlan& plan, Diagnostics& diags, BuildSummary& summary) {
  for (auto& task : plan.tasks) {
    diags.append(task.diags);
    summary.fallbacks.insert(task.fallbacks.begin(), task.fallbacks.end());
    summary.written += task.written;
    if (task.failed) return false;
  }
  if (diags.has_errors()) return false;
  for (const auto& task : plan.tasks) {
    auto& files = plan.next.orgs[task.org->id].files;
    files.insert(files.end(), task.paths.begin(), task.paths.end());
  }
  for (auto& [id, state] : plan.next.orgs) std::sort(state.files.begin(), state.files.end());
  summary.rendered = static_cast<int>(plan.tasks.size());
  return true;
}

// Render: the shared files, then every planned organisation × locale, into staging.
bool render_site(const Project& project, const BuildOptions& options, BuildPlan& plan, OutputDir& out,
                 Diagnostics& diags, BuildSummary& summary) {
  RenderShared shared(project, options);
  if (!write_shared_files(shared, plan, out, diags, summary)) return false;
  render_tasks(shared, plan.tasks, out, options);
  save_qr_cache(shared.qr, diags, summary);
  // Every kind of page was rendered (the renderers are gone, their logs merged): names a
  // template looked up that no page has are mistakes in the theme.
  if (!plan.tasks.empty()) check_template_names(*project.theme, shared.names, diags);
  return merge_tasks(plan, diags, summary);
}

// The files of organisations no longer in the config, and those a rebuilt organisation no longer
// has (a flow it stopped publishing). Only files this build made before are removed: the PDFs
// beside them belong to the PDF step. Returns how many there were.
int remove_stale_files(const BuildPlan& plan, OutputDir& out) {
  int removed = 0;
  for (const auto& id : plan.gone) removed += out.remove(plan.previous.orgs.at(id).files);
  for (const auto& [id, state] : plan.next.orgs) {
    auto old = plan.previous.orgs.find(id);
    if (old == plan.previous.orgs.end()) continue;
    std::vector<std::string> stale;
    std::set_difference(old->second.files.begin(), old->second.files.end(), state.files.begin(), state.files.end(),
                        std::back_inserter(stale));
    removed += out.remove(stale);
  }
  return removed;
}

// Organisations with a file that someone replaced by a symbolic link, which the new site leaves
// out: the state keeps no fingerprint for them, so the next build renders them again.
void forget_left_out(BuildPlan& plan, const std::vector<std::string>& left_out) {
  for (const auto& path : left_out)
    if (auto org = plan.next.orgs.find(path.substr(0, path.find('/'))); org != plan.next.orgs.end())
      org->second.fingerprint.clear();
}

// Record: both state files, staged with the site. Returns the outcome for the inputs record
// (failed also when the state could not be written).
OutputDir::Outcome record_state(const Project& project, const BuildOptions& options, const BuildPlan& plan,
                                OutputDir& out, Diagnostics& diags, BuildSummary& summary) {
  summary.pages = plan.next.pages();
  if (out.write(kStateFile, build_state_text(plan.next), diags) == OutputDir::Outcome::failed)
    return OutputDir::Outcome::failed;
  return out.write(kInputsFile, inputs_record_text(inputs_record(project, options, diags, summary)), diags);
}

// Puts the staged site in place; when it has the same bytes everywhere, keeps the output as it
// is, untouched.
bool commit_or_discard(const BuildPlan& plan, OutputDir::Outcome inputs, const BuildSummary& summary, OutputDir& out,
                       Diagnostics& diags) {
  if (summary.written == 0 && summary.removed == 0 && plan.previous.fingerprint == plan.next.fingerprint &&
      plan.previous.orgs == plan.next.orgs && inputs == OutputDir::Outcome::unchanged) {
    out.discard();
    return true;
  }
  return out.commit(diags);
}

}  // namespace

bool site_up_to_date(const BuildOptions& options, BuildSummary& summary,
                     std::map<std::string, std::string>& fingerprints, Diagnostics& diags) {
  if (!options.selection.everything()) return false;
  std::error_code ec;
  if (!fs::exists(fs::path(options.out) / kOutputMarker, ec)) return false;
  auto record = read_inputs_record(options.out, diags);
  if (!record || record->config != options.config || record->pdf_links != options.pdf_links.name()) return false;
  std::vector<std::string> each;
  for (const auto& path : record->inputs) each.push_back(fingerprints[path] = fingerprint_path(path));
  if (fingerprint_all(each) != record->fingerprint) return false;
  summary = {};
  summary.pages = record->pages;
  summary.organisations = record->organisations;
  return true;
}

bool build_site(const Project& project, const BuildOptions& options, Diagnostics& diags, BuildSummary& summary) {
  if (!project.theme) return false;
  if (diags.has_errors()) {
    report_render_errors(project, options, diags);
    return false;
  }
  if (!options.selection.validate(project, diags)) return false;

  // Plan: what to render, from the previous build's state and the options.
  BuildPlan plan = plan_build(project, options, diags);
  summary.organisations = plan.organisations;
  if (nothing_changed(project, options, plan, diags, summary)) return true;

  // Render into staging: nothing of the published site changes until the commit.
  auto out = OutputDir::begin(options.out, diags);
  if (!out) return false;
  if (!render_site(project, options, plan, *out, diags, summary)) return false;

  // Publish: drop what the site no longer has, keep the rest, record what it was made from, put it
  // in place.
  summary.removed += remove_stale_files(plan, *out);
  if (!out->complete(diags)) return false;
  forget_left_out(plan, out->left_out());
  auto inputs = record_state(project, options, plan, *out, diags, summary);
  if (inputs == OutputDir::Outcome::failed) return false;
  return commit_or_discard(plan, inputs, summary, *out, diags);
}

}  // namespace manualgen
