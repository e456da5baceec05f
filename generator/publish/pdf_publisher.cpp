#include "generator/publish/pdf_publisher.h"

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

std::string read_all(const fs::path& p, bool& ok) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  ok = static_cast<bool>(in) || in.eof();
  return s.str();
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

bool safe_relative(const std::string& rel) {
  fs::path p(rel);
  return !rel.empty() && p.is_relative() && rel.find("..") == std::string::npos;
}

std::map<std::string, std::string> read_state(const fs::path& file) {
  std::map<std::string, std::string> state;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    auto space = line.find(' ');
    if (space == std::string::npos) continue;
    std::string rel = line.substr(space + 1);
    if (safe_relative(rel)) state[rel] = line.substr(0, space);
  }
  return state;
}

std::string work_folder(const std::string& out) {
  fs::path target = fs::path(out).lexically_normal();
  if (target.filename().empty()) target = target.parent_path();
  fs::path parent = target.parent_path();
  if (parent.empty()) parent = ".";
  return (parent / ("." + target.filename().string() + ".pdf-work-" + std::to_string(::getpid()))).string();
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
    : out_(std::move(out)), options_(std::move(options)), renderer_(std::move(renderer)), work_(work_folder(out_)) {}

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
  for (const auto& [rel, hash] : read_state(fs::path(out) / kPdfState)) {
    fs::path pdf = fs::path(out) / rel;
    if (!fs::is_regular_file(pdf, ec)) continue;
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
  const fs::path out(out_);
  // What each PDF there was made from: as held before the build, and as the site now says (the
  // build may have kept or replaced the state file); entries for PDFs that are gone drop out below.
  auto state = read_state(out / kPdfState);
  for (const auto& [rel, held] : held_) state.emplace(rel, held.hash);

  std::vector<PdfJob> jobs;
  std::vector<size_t> job_target;
  std::vector<std::string> hashes(targets.size());
  bool ok = true;
  for (size_t i = 0; i < targets.size(); ++i) {
    const PdfTarget& t = targets[i];
    const fs::path html = out / t.html;
    bool read = false;
    std::string page = read_all(html, read);
    if (!read) {
      diags.error({html.string()}, "cannot read the page to render as PDF");
      ok = false;
      continue;
    }
    std::string stylesheet = t.flow.empty() ? "" : per_flow_stylesheet(t.flow);
    Hash hash;
    hash.add(kPdfFormat);
    hash.add(renderer_.identity());
    hash.add(page);
    hash.add(stylesheet);
    for (const auto& asset : local_assets(page)) {
      bool asset_read = false;
      hash.add(asset);
      hash.add(read_all(html.parent_path() / asset, asset_read));
    }
    hashes[i] = hash.hex();

    auto held = held_.find(t.pdf);
    if (held != held_.end() && held->second.hash == hashes[i]) {
      fs::rename(held->second.file, out / t.pdf, ec);
      if (!ec) {
        state[t.pdf] = hashes[i];
        report.items.push_back({t.pdf, false, {}});
        continue;
      }
    }
    PdfJob job;
    job.html = html.string();
    job.output = (out / t.pdf).string() + ".tmp-" + std::to_string(::getpid());
    job.log = (fs::path(work_) / "logs" / (std::to_string(i) + ".log")).string();
    if (!t.flow.empty()) {
      job.stylesheet = (fs::path(work_) / ("flow-" + t.flow + ".css")).string();
      std::ofstream(job.stylesheet) << stylesheet;
      // Rendered from a retitled copy; relative addresses still resolve against the real page.
      job.base_url = job.html;
      job.html = (fs::path(work_) / ("page-" + std::to_string(i) + ".html")).string();
      std::ofstream copy(job.html, std::ios::binary);
      copy << per_flow_page(page, t.flow);
      if (!copy.flush()) {
        diags.error({job.html}, "cannot write the per-flow page to render", "check free space and permissions");
        ok = false;
        continue;
      }
    }
    jobs.push_back(std::move(job));
    job_target.push_back(i);
  }

  int parallel =
      options_.jobs > 0 ? options_.jobs : std::clamp(static_cast<int>(std::thread::hardware_concurrency()), 1, 4);
  parallel = std::min(parallel, std::max(1, static_cast<int>(jobs.size())));
  report.parallel = parallel;
  auto results = run_pdf_jobs(renderer_, jobs, parallel);
  for (size_t j = 0; j < jobs.size(); ++j) {
    const PdfTarget& t = targets[job_target[j]];
    const fs::path final_path = out / t.pdf;
    if (results[j].ok) {
      fs::rename(jobs[j].output, final_path, ec);
      if (!ec) {
        state[t.pdf] = hashes[job_target[j]];
        report.items.push_back({t.pdf, true, results[j].took});
        continue;
      }
      results[j].error = "cannot move it into place: " + ec.message();
    }
    fs::remove(jobs[j].output, ec);
    state.erase(t.pdf);
    diags.error({final_path.string()}, "cannot render the PDF from " + t.html + ": " + results[j].error,
                "the HTML site is published; the next build with --pdf renders this PDF again");
    ok = false;
  }

  // The state lists exactly the PDFs that are there.
  std::string text =
      "# manualgen build --pdf: hash of what each PDF was made from; unchanged ones are not rendered again\n";
  for (const auto& [rel, hash] : state)
    if (fs::is_regular_file(out / rel, ec)) text += hash + " " + rel + "\n";
  const fs::path tmp = out / (std::string(kPdfState) + ".tmp");
  {
    std::ofstream f(tmp, std::ios::binary);
    f << text;
    f.close();
    if (!f) {
      diags.error({tmp.string()}, "cannot write the PDF state file", "check free space and permissions");
      return false;
    }
  }
  fs::rename(tmp, out / kPdfState, ec);
  report.took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  return ok;
}

}  // namespace manualgen
