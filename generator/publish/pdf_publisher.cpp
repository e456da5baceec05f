#include "generator/publish/pdf_publisher.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "generator/core/fingerprint.h"
#include "generator/core/text.h"
#include "generator/load/site_config.h"
#include "generator/publish/output_path.h"
#include "generator/render/site_renderer.h"

namespace manualgen {

namespace fs = std::filesystem;

namespace {

// Bump when the way PDFs are made changes in a way the inputs do not show.
constexpr const char* kPdfFormat = "manualgen-pdf 3";  // 3: rendered by pdf_worker.py

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

// The first `count` - 1 words of `line` and the rest of it as the last field (a path, which may
// hold spaces); nothing when it has fewer words.
std::vector<std::string> fields(const std::string& line, size_t count) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (out.size() + 1 < count) {
    size_t space = line.find(' ', pos);
    if (space == std::string::npos) return {};
    out.push_back(line.substr(pos, space - pos));
    pos = space + 1;
  }
  out.push_back(line.substr(pos));
  return out;
}

// Reads what `write_state` wrote. A state of another format (an older manualgen's) counts as none:
// its PDFs are made again; an entry that is not a path a build could have made inside the output is
// left out (its PDF is rendered again).
PdfState read_state(const std::string& out) {
  PdfState state;
  bool format = false;
  std::string problem;
  std::istringstream in(read_output_file(out, kPdfState, problem).value_or(""));
  for (std::string line; std::getline(in, line);) {
    if (line == std::string("format ") + kPdfFormat) format = true;
    if (line == "complete") state.complete = true;
    if (auto f = fields(line, 2); f.size() == 2 && f[0] == "renderer") state.renderer.identity = f[1];
    if (auto f = fields(line, 3); f.size() == 3 && f[0] == "probe") state.renderer.files.emplace_back(f[2], f[1]);
    if (auto f = fields(line, 3); f.size() == 3 && f[0] == "asset" && is_output_path(f[2])) state.assets[f[2]] = f[1];
    if (auto f = fields(line, 5); f.size() == 5 && f[0] == "pdf" && is_output_path(f[3]) && is_output_path(f[4]))
      state.pdfs[f[4]] = {f[1], f[2], f[3]};
  }
  return format ? state : PdfState{};
}

// The state file: its format (kPdfFormat), the renderer (its identity and its files' signatures),
// the signature of every asset the pages used, "complete" when it holds, and per PDF that exists
// the hash it was made from, its page's signature then, the page and the PDF.
bool write_state(const std::string& out, const std::string& work, const PdfState& state, Diagnostics& diags) {
  std::string text = "# manualgen build --pdf: what each PDF was made from; unchanged ones are not rendered again\n";
  text += std::string("format ") + kPdfFormat + "\n";
  text += "renderer " + state.renderer.identity + "\n";
  for (const auto& [path, signature] : state.renderer.files) text += "probe " + signature + " " + path + "\n";
  for (const auto& [path, signature] : state.assets) text += "asset " + signature + " " + path + "\n";
  if (state.complete) text += "complete\n";
  for (const auto& [pdf, made] : state.pdfs)
    if (is_output_file(out, pdf)) text += "pdf " + made.hash + " " + made.page + " " + made.html + " " + pdf + "\n";
  // Written in the work folder and renamed into the site: nothing in the output is opened for writing.
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
  if (move_into_output(tmp.string(), out, kPdfState, error)) return true;
  diags.error({(fs::path(out) / kPdfState).string()}, "cannot put the PDF state file in place: " + error);
  return false;
}

// Whether every asset the pages used when the state was written is the same file still.
bool assets_unchanged(const fs::path& out, const PdfState& state) {
  for (const auto& [path, signature] : state.assets)
    if (signature.empty() || file_signature((out / path).string()) != signature) return false;
  return true;
}

// The hashes of the assets, read once however many pages use them, and their signatures as read.
struct AssetHashes {
  std::map<std::string, std::string> hashes;  // path relative to the output → fingerprint
  std::map<std::string, std::string> signatures;

  const std::string& of(const fs::path& out, const std::string& path) {
    auto [it, added] = hashes.try_emplace(path);
    if (added) {
      signatures[path] = file_signature((out / path).string());
      // An asset outside the output, or one that is missing or a link, counts as empty.
      std::string problem;
      it->second = fingerprint(is_output_path(path) ? read_output_file(out.string(), path, problem).value_or("") : "");
    }
    return it->second;
  }
};

// What a PDF is made from: its page, the stylesheet of a per-flow PDF, and the hash of those with
// the local assets the page uses, the renderer and kPdfFormat.
struct PdfSource {
  std::string page;
  std::string stylesheet;
  std::string hash;
};

std::optional<PdfSource> read_source(const fs::path& out, const PdfTarget& target, const std::string& renderer,
                                     AssetHashes& assets, Diagnostics& diags) {
  std::string problem;
  auto page = read_output_file(out.string(), target.html, problem);
  if (!page) {
    diags.error({(out / target.html).string()},
                "cannot read the page to render as PDF" + (problem.empty() ? std::string() : ": " + problem));
    return std::nullopt;
  }
  PdfSource source{std::move(*page), target.flow.empty() ? "" : per_flow_stylesheet(target.flow), ""};
  std::string hash = fingerprint(std::string(kPdfFormat) + "\n" + renderer + "\n" + source.stylesheet);
  hash = fingerprint_combine(hash, source.page);
  for (const auto& asset : local_assets(source.page)) {
    const std::string path = (fs::path(target.html).parent_path() / asset).lexically_normal().string();
    hash = fingerprint_combine(fingerprint_combine(hash, asset), assets.of(out, path));
  }
  source.hash = hash;
  return source;
}

// The job for target number `index`: into the work folder, renamed into the site once whole
// (nothing in the output is opened for writing, see output_dir.h). A per-flow PDF is rendered
// from a retitled copy of the page, in the work folder.
std::optional<PdfJob> make_job(const fs::path& out, const std::string& work, const PdfTarget& target,
                               const PdfSource& source, size_t index, Diagnostics& diags) {
  PdfJob job;
  job.html = (out / target.html).string();
  job.output = (fs::path(work) / ("pdf-" + std::to_string(index) + ".pdf")).string();
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

// A PDF to render again: its target, what it is made from, and the worker's job.
struct ChangedPdf {
  const PdfTarget* target;
  PdfState::Made made;
  PdfJob job;
};

// Workers at once: --pdf-jobs, else one per core and at most 4; never more than jobs.
int worker_count(int option, size_t jobs) {
  int parallel = option > 0 ? option : std::clamp(static_cast<int>(std::thread::hardware_concurrency()), 1, 4);
  return std::min(parallel, std::max(1, static_cast<int>(jobs)));
}

// Renders the changed PDFs and moves each into place; a failed one is reported and dropped from
// the state, so that the next build renders it again.
bool render_changed(PdfRenderer& renderer, int parallel, const fs::path& out, const std::string& logs,
                    const std::vector<ChangedPdf>& changed, PdfState& state, Diagnostics& diags, PdfReport& report) {
  std::vector<PdfJob> jobs;
  for (const auto& c : changed) jobs.push_back(c.job);
  auto results = jobs.empty() ? std::vector<PdfJobResult>{} : renderer.run(jobs, parallel, logs);
  bool ok = true;
  for (size_t j = 0; j < changed.size(); ++j) {
    const PdfTarget& t = *changed[j].target;
    const fs::path final_path = out / t.pdf;
    std::error_code ec;
    if (std::string error; results[j].ok) {
      if (move_into_output(jobs[j].output, out.string(), t.pdf, error)) {
        state.pdfs[t.pdf] = changed[j].made;
        report.items.push_back({t.pdf, true, results[j].took});
        continue;
      }
      results[j].error = "cannot move it into place: " + error;
    }
    fs::remove(jobs[j].output, ec);
    state.pdfs.erase(t.pdf);
    diags.error({final_path.string()}, "cannot render the PDF from " + t.html + ": " + results[j].error,
                "the HTML site is published; the next build with --pdf renders this PDF again");
    ok = false;
  }
  return ok;
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
      previous_(std::move(other.previous_)),
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
  auto renderer = PdfRenderer::find(options.worker, diags);
  if (!renderer) return std::nullopt;
  PdfPublisher publisher(out, options, std::move(*renderer));
  const fs::path logs = fs::path(publisher.work_) / "logs";
  std::error_code ec;
  fs::create_directories(logs, ec);
  if (ec) {
    diags.error({logs.string()}, "cannot create the PDF work folder: " + ec.message(),
                "check free space and permissions");
    return std::nullopt;
  }
  publisher.previous_ = read_state(out);
  if (!publisher.renderer_.recognise(publisher.previous_.renderer) && !publisher.renderer_.start(logs, diags))
    return std::nullopt;
  // Keep the current PDFs while the site is built: a hard link costs nothing and leaves the
  // published site untouched if the build fails.
  int n = 0;
  for (const auto& [rel, made] : publisher.previous_.pdfs) {
    fs::path pdf = fs::path(out) / rel;
    if (!is_output_file(out, rel)) continue;
    fs::path held = fs::path(publisher.work_) / "held" / (std::to_string(n++) + ".pdf");
    fs::create_directories(held.parent_path(), ec);
    fs::create_hard_link(pdf, held, ec);
    if (!ec) publisher.held_[rel] = held.string();
  }
  // Until this build's PDFs are made, the site may have pages they are not made from yet.
  if (publisher.previous_.complete) {
    PdfState incomplete = publisher.previous_;
    incomplete.complete = false;
    if (!write_state(out, publisher.work_, incomplete, diags)) return std::nullopt;
  }
  return publisher;
}

bool PdfPublisher::up_to_date(const std::string& out, const PdfOptions& options, PdfReport& report) {
  Diagnostics ignored;
  auto renderer = PdfRenderer::find(options.worker, ignored);
  const fs::path site(out);
  PdfState state = read_state(out);
  if (!renderer || !state.complete || !renderer->recognise(state.renderer) || !assets_unchanged(site, state))
    return false;
  for (const auto& [pdf, made] : state.pdfs)
    if (file_signature((site / pdf).string()).empty() || file_signature((site / made.html).string()) != made.page)
      return false;
  report = {};
  for (const auto& [pdf, made] : state.pdfs) report.items.push_back({pdf, false, {}});
  return true;
}

bool PdfPublisher::publish(const std::vector<PdfTarget>& targets, bool whole_site, Diagnostics& diags,
                           PdfReport& report) {
  const auto start = std::chrono::steady_clock::now();
  const fs::path out(out_);
  // PDFs whose page has its recorded signature need not be read when no asset changed either.
  const std::string& identity = renderer_.record().identity;
  const bool assets_same = previous_.renderer.identity == identity && assets_unchanged(out, previous_);
  PdfState state = previous_;
  state.renderer = renderer_.record();
  AssetHashes assets;

  bool ok = true;
  std::vector<ChangedPdf> changed;
  for (size_t i = 0; i < targets.size(); ++i) {
    const PdfTarget& target = targets[i];
    const std::string page = file_signature((out / target.html).string());
    auto before = previous_.pdfs.find(target.pdf);
    if (assets_same && before != previous_.pdfs.end() && !page.empty() && before->second.page == page &&
        before->second.html == target.html && restore_held(target.pdf, before->second.hash)) {
      report.items.push_back({target.pdf, false, {}});
      continue;
    }
    auto source = read_source(out, target, identity, assets, diags);
    if (!source) {
      ok = false;
      continue;
    }
    PdfState::Made made{source->hash, page, target.html};
    if (restore_held(target.pdf, source->hash)) {
      state.pdfs[target.pdf] = made;
      report.items.push_back({target.pdf, false, {}});
    } else if (auto job = make_job(out, work_, target, *source, i, diags)) {
      changed.push_back({&target, made, std::move(*job)});
    } else {
      ok = false;
    }
  }
  report.parallel = worker_count(options_.jobs, changed.size());
  ok = render_changed(renderer_, report.parallel, out, (fs::path(work_) / "logs").string(), changed, state, diags,
                      report) &&
       ok;
  for (const auto& [path, signature] : assets.signatures) state.assets[path] = signature;
  std::erase_if(state.assets, [](const auto& asset) { return asset.second.empty(); });
  state.complete = (whole_site || previous_.complete) && ok;
  if (!write_state(out_, work_, state, diags)) return false;
  report.took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  return ok;
}

bool PdfPublisher::restore_held(const std::string& pdf, const std::string& hash) {
  auto held = held_.find(pdf);
  auto made = previous_.pdfs.find(pdf);
  if (held == held_.end() || made == previous_.pdfs.end() || made->second.hash != hash) return false;
  std::string error;
  return move_into_output(held->second, out_, pdf, error);
}

}  // namespace manualgen
