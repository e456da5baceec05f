#include "generator/publish/pdf_publisher.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "generator/core/text.h"
#include "generator/load/site_config.h"
#include "generator/publish/output_path.h"
#include "generator/render/site_renderer.h"

namespace manualgen {

namespace fs = std::filesystem;

namespace {

// Bump when the way PDFs are made changes in a way the inputs do not show.
constexpr const char* kPdfFormat = "manualgen-pdf 2";  // 2: per-flow PDFs titled by their flow

// FNV-1a, 64 bits: the hash only has to notice a change in files we wrote, not resist an attacker.
class Hash {
 public:
  void add(std::string_view bytes) {
    // Length first, so ("ab", "c") and ("a", "bc") differ.
    add_raw(std::to_string(bytes.size()) + ":");
    add_raw(bytes);
  }
  std::string hex() const {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h_));
    return buf;
  }

 private:
  void add_raw(std::string_view bytes) {
    for (unsigned char c : bytes) {
      h_ ^= c;
      h_ *= 0x100000001b3ULL;
    }
  }
  std::uint64_t h_ = 0xcbf29ce484222325ULL;
};

// The local stylesheets and images a page uses, in document order: every `href`/`src` without a
// scheme that names a .css or image file. Links to other pages do not change how this one prints.
std::vector<std::string> local_assets(const std::string& html) {
  static const std::set<std::string> kinds = {".css", ".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp"};
  std::vector<std::string> out;
  for (const char* attr : {" href=\"", " src=\""}) {
    for (size_t pos = html.find(attr); pos != std::string::npos; pos = html.find(attr, pos + 1)) {
      size_t start = pos + std::strlen(attr);
      size_t end = html.find('"', start);
      if (end == std::string::npos) break;
      std::string value = html.substr(start, end - start);
      value = value.substr(0, value.find_first_of("#?"));
      if (value.empty() || value.find(':') != std::string::npos) continue;
      if (kinds.count(fs::path(value).extension().string())) out.push_back(value);
    }
  }
  return out;
}

std::string per_flow_stylesheet(const std::string& flow) {
  return "/* manualgen --pdf-per-flow: only the flow \"" + flow + "\" */\n" +  //
         "section.flow:not(#" + flow + "), .toc > ol > li:not(.toc-" + flow + ") { display: none !important; }\n";
}

// The page a per-flow PDF is made from: manual.html with the flow's heading in front of the
// document title, since WeasyPrint takes the PDF's title metadata from <title> and a PDF of one flow
// should be found by that flow's name. The page is ours (manual.mustache): the flow is
// <section class="flow" id="FLOW"> with <h2 class="flow-title"> inside, both already escaped. A theme
// without them keeps the manual's title.
std::string per_flow_page(const std::string& page, const std::string& flow) {
  const std::string section = "<section class=\"flow\" id=\"" + flow + "\"";
  const std::string heading = "<h2 class=\"flow-title\">";
  size_t at = page.find(section);
  at = at == std::string::npos ? at : page.find(heading, at);
  const size_t title = page.find("<title>");
  if (at == std::string::npos || title == std::string::npos) return page;
  at += heading.size();
  const size_t end = page.find("</h2>", at);
  if (end == std::string::npos) return page;
  std::string out = page;
  out.insert(title + std::strlen("<title>"), page.substr(at, end - at) + " – ");
  return out;
}

// PDF path (relative to the output) → the hash of what it was made from.
using PdfState = std::map<std::string, std::string>;

// The state in the output folder; an entry that is not a path a build could have made inside it is
// left out (its PDF is rendered again).
PdfState read_state(const std::string& out) {
  PdfState state;
  std::string problem;
  std::istringstream in(read_output_file(out, kPdfState, problem).value_or(""));
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    auto space = line.find(' ');
    if (space == std::string::npos) continue;
    std::string rel = line.substr(space + 1);
    if (is_output_path(rel)) state[rel] = line.substr(0, space);
  }
  return state;
}

// Whether `relative` is a regular file of the output, reached through real folders.
bool is_output_file(const std::string& out, const std::string& relative) {
  struct stat st {};
  return folders_are_real(out, relative) && ::lstat((fs::path(out) / relative).c_str(), &st) == 0 &&
         S_ISREG(st.st_mode);
}

// Moves `from` (in the work folder) to `relative` in the output, never through a symbolic link
// planted in it: the rename replaces whatever is at the last component, and every folder on the
// way must be a real one.
bool move_into_output(const std::string& from, const std::string& out, const std::string& relative,
                      std::string& error) {
  if (!folders_are_real(out, relative)) {
    error = "a folder on its way is a symbolic link, which manualgen never follows inside the output";
    return false;
  }
  std::error_code ec;
  fs::rename(from, fs::path(out) / relative, ec);
  if (ec) error = ec.message();
  return !ec;
}

// What a PDF is made from: its page, the stylesheet of a per-flow PDF, and the hash of those with
// the local assets the page uses, the renderer and kPdfFormat.
struct PdfSource {
  std::string page;
  std::string stylesheet;
  std::string hash;
};

std::optional<PdfSource> read_source(const std::string& out, const PdfTarget& target, const std::string& renderer,
                                     Diagnostics& diags) {
  std::string problem;
  auto page = read_output_file(out, target.html, problem);
  if (!page) {
    diags.error({(fs::path(out) / target.html).string()},
                "cannot read the page to render as PDF" + (problem.empty() ? std::string() : ": " + problem));
    return std::nullopt;
  }
  PdfSource source{std::move(*page), target.flow.empty() ? "" : per_flow_stylesheet(target.flow), ""};
  Hash hash;
  hash.add(kPdfFormat);
  hash.add(renderer);
  hash.add(source.page);
  hash.add(source.stylesheet);
  const fs::path folder = fs::path(target.html).parent_path();
  for (const auto& asset : local_assets(source.page)) {
    hash.add(asset);
    // An asset outside the output, or one that is missing or a link, counts as empty.
    const std::string relative = (folder / asset).lexically_normal().string();
    hash.add(is_output_path(relative) ? read_output_file(out, relative, problem).value_or("") : "");
  }
  source.hash = hash.hex();
  return source;
}

// The renderer job for target number `index`: into a temporary name beside the PDF, its log in the
// work folder. A per-flow PDF is rendered from a retitled copy of the page, in the work folder.
std::optional<PdfJob> make_job(const fs::path& out, const std::string& work, const PdfTarget& target,
                               const PdfSource& source, size_t index, Diagnostics& diags) {
  PdfJob job;
  job.html = (out / target.html).string();
  // Into the work folder, and renamed into the site once whole: nothing in the output is opened
  // for writing (see output_dir.h).
  job.output = (fs::path(work) / ("pdf-" + std::to_string(index) + ".pdf")).string();
  job.log = (fs::path(work) / "logs" / (std::to_string(index) + ".log")).string();
  if (target.flow.empty()) return job;
  job.stylesheet = (fs::path(work) / ("flow-" + target.flow + ".css")).string();
  std::ofstream(job.stylesheet) << source.stylesheet;
  // Relative addresses in the copy still resolve against the real page.
  job.base_url = job.html;
  job.html = (fs::path(work) / ("page-" + std::to_string(index) + ".html")).string();
  std::ofstream copy(job.html, std::ios::binary);
  copy << per_flow_page(source.page, target.flow);
  if (!copy.flush()) {
    diags.error({job.html}, "cannot write the per-flow page to render", "check free space and permissions");
    return std::nullopt;
  }
  return job;
}

// A PDF to render again: its target, the hash it is made from, and the renderer's job.
struct ChangedPdf {
  const PdfTarget* target;
  std::string hash;
  PdfJob job;
};

// Renderer processes at once: --pdf-jobs, else one per core and at most 4; never more than jobs.
int renderer_processes(int option, size_t jobs) {
  int parallel = option > 0 ? option : std::clamp(static_cast<int>(std::thread::hardware_concurrency()), 1, 4);
  return std::min(parallel, std::max(1, static_cast<int>(jobs)));
}

// Renders the changed PDFs and moves each into place; a failed one is reported and dropped from
// the state, so that the next build renders it again.
bool render_changed(const PdfRenderer& renderer, int parallel, const std::string& out,
                    const std::vector<ChangedPdf>& changed, PdfState& state, Diagnostics& diags, PdfReport& report) {
  std::vector<PdfJob> jobs;
  for (const auto& c : changed) jobs.push_back(c.job);
  auto results = run_pdf_jobs(renderer, jobs, parallel);
  bool ok = true;
  for (size_t j = 0; j < changed.size(); ++j) {
    const PdfTarget& t = *changed[j].target;
    const fs::path final_path = fs::path(out) / t.pdf;
    std::error_code ec;
    if (std::string error; results[j].ok) {
      if (move_into_output(jobs[j].output, out, t.pdf, error)) {
        state[t.pdf] = changed[j].hash;
        report.items.push_back({t.pdf, true, results[j].took});
        continue;
      }
      results[j].error = "cannot move it into place: " + error;
    }
    fs::remove(jobs[j].output, ec);
    state.erase(t.pdf);
    diags.error({final_path.string()}, "cannot render the PDF from " + t.html + ": " + results[j].error,
                "the HTML site is published; the next build with --pdf renders this PDF again");
    ok = false;
  }
  return ok;
}

// Records the hash of every PDF the site holds, and of no other: the state lists exactly the PDFs
// that are there.
bool write_state(const std::string& out, const std::string& work, const PdfState& state, Diagnostics& diags) {
  std::string text =
      "# manualgen build --pdf: hash of what each PDF was made from; unchanged ones are not rendered again\n";
  for (const auto& [rel, hash] : state)
    if (is_output_file(out, rel)) text += hash + " " + rel + "\n";
  const fs::path tmp = fs::path(work) / kPdfState;
  {
    std::ofstream f(tmp, std::ios::binary);
    f << text;
    f.close();
    if (!f) {
      diags.error({tmp.string()}, "cannot write the PDF state file", "check free space and permissions");
      return false;
    }
  }
  std::string error;
  return move_into_output(tmp.string(), out, kPdfState, error);
}

}  // namespace

std::vector<PdfTarget> pdf_targets(const SiteConfig& config, const Selection& selection, bool per_flow) {
  std::vector<PdfTarget> targets;
  for (const auto& org : config.organisations) {
    if (!selection.includes_org(org.id)) continue;
    for (const auto& locale : org.locales) {
      if (!selection.includes_locale(locale)) continue;
      const std::string folder = org.id + "/" + locale + "/";
      targets.push_back({folder + "manual.html", folder + pdf_file_name(org.id, locale), ""});
      if (per_flow)
        for (const auto& flow : org.flows)
          targets.push_back({folder + "manual.html", folder + pdf_file_name(org.id, locale, flow), flow});
    }
  }
  return targets;
}

int PdfReport::rendered() const {
  return static_cast<int>(std::count_if(items.begin(), items.end(), [](const Item& i) { return i.rendered; }));
}

PdfPublisher::PdfPublisher(std::string out, PdfOptions options, PdfRenderer renderer)
    : out_(std::move(out)),
      options_(std::move(options)),
      renderer_(std::move(renderer)),
      work_(work_folder_beside(out_, kPdfWorkKind)) {}

PdfPublisher::PdfPublisher(PdfPublisher&& other) noexcept
    : out_(std::move(other.out_)),
      options_(std::move(other.options_)),
      renderer_(std::move(other.renderer_)),
      work_(std::move(other.work_)),
      held_(std::move(other.held_)) {
  other.work_.clear();
}

PdfPublisher::~PdfPublisher() {
  if (work_.empty()) return;
  std::error_code ec;
  fs::remove_all(work_, ec);
}

std::optional<PdfPublisher> PdfPublisher::prepare(const std::string& out, const PdfOptions& options,
                                                  Diagnostics& diags) {
  auto renderer = PdfRenderer::find(options.renderer, diags);
  if (!renderer) return std::nullopt;
  PdfPublisher publisher(out, options, std::move(*renderer));
  // Keep the current PDFs: the build is about to replace the folder they are in. A hard link costs
  // nothing and leaves the published site untouched if the build fails.
  std::error_code ec;
  int n = 0;
  for (const auto& [rel, hash] : read_state(out)) {
    fs::path pdf = fs::path(out) / rel;
    if (!is_output_file(out, rel)) continue;
    fs::path held = fs::path(publisher.work_) / "held" / (std::to_string(n++) + ".pdf");
    fs::create_directories(held.parent_path(), ec);
    fs::create_hard_link(pdf, held, ec);
    if (!ec) publisher.held_[rel] = {hash, held.string()};
  }
  return publisher;
}

bool PdfPublisher::publish(const std::vector<PdfTarget>& targets, Diagnostics& diags, PdfReport& report) {
  const auto start = std::chrono::steady_clock::now();
  std::error_code ec;
  fs::create_directories(fs::path(work_) / "logs", ec);
  if (ec) {
    diags.error({work_}, "cannot create the PDF work folder: " + ec.message(), "check free space and permissions");
    return false;
  }
  // What each PDF there was made from: as held before the build, and as the site now says (the
  // build may have kept or replaced the state file); entries for PDFs that are gone drop out when
  // it is written.
  PdfState state = read_state(out_);
  for (const auto& [rel, held] : held_) state.emplace(rel, held.hash);

  // Hash each target; keep those made from the same, and make a renderer job for the rest.
  bool ok = true;
  std::vector<ChangedPdf> changed;
  for (size_t i = 0; i < targets.size(); ++i) {
    const PdfTarget& target = targets[i];
    auto source = read_source(out_, target, renderer_.identity(), diags);
    if (!source) {
      ok = false;
    } else if (restore_held(target.pdf, source->hash)) {
      state[target.pdf] = source->hash;
      report.items.push_back({target.pdf, false, {}});
    } else if (auto job = make_job(out_, work_, target, *source, i, diags)) {
      changed.push_back({&target, source->hash, std::move(*job)});
    } else {
      ok = false;
    }
  }
  report.parallel = renderer_processes(options_.jobs, changed.size());
  ok = render_changed(renderer_, report.parallel, out_, changed, state, diags, report) && ok;
  if (!write_state(out_, work_, state, diags)) return false;
  report.took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  return ok;
}

bool PdfPublisher::restore_held(const std::string& pdf, const std::string& hash) {
  auto held = held_.find(pdf);
  if (held == held_.end() || held->second.hash != hash) return false;
  std::string error;
  return move_into_output(held->second.file, out_, pdf, error);
}

}  // namespace manualgen
