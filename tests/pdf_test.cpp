// `manualgen build --pdf`: the example PDFs read back with poppler (pdftotext, pdfinfo, pdftoppm),
// the renderer missing, and rendering only what changed (with a stand-in renderer that counts).
// The example site with PDFs is built once by the CTest fixture `pdf_site` (tests/CMakeLists.txt).

#include <sys/stat.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <regex>
#include <set>

#include "generator/publish/pdf_renderer.h"
#include "test_support.h"

using namespace manualgen;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const fs::path kSite = MANUALGEN_PDF_SITE;
const fs::path kArtifacts = MANUALGEN_ARTIFACTS;

// Runs a shell command; returns its exit status and fills `output` with stdout and (unless
// `stdout_only`) stderr.
int run(const std::string& command, std::string& output, bool stdout_only = false) {
  test::TempDir tmp;
  const fs::path file = tmp.path() / "output";
  int status = std::system((command + " > '" + file.string() + "'" + (stdout_only ? " 2>/dev/null" : " 2>&1")).c_str());
  output = test::read_text(file);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string command_line(const std::string& args) { return std::string(MANUALGEN_BINARY) + " " + args; }

// The shared example site; built here too when the test runs outside CTest's fixture.
const fs::path& site() {
  if (!fs::exists(kSite / ".manualgen-pdf")) {
    std::string output;
    int status = run(command_line("build --pdf -q --config " + (test::source_dir() / "site-config.json").string() +
                                  " --out " + kSite.string()),
                     output);
    INFO(output);
    REQUIRE(status == 0);
  }
  return kSite;
}

std::string tool(const std::string& command, bool stdout_only = false) {
  std::string output;
  int status = run(command, output, stdout_only);
  INFO(command << "\n" << output);
  REQUIRE(status == 0);
  return output;
}

// Text with every run of white space made one space: a title may wrap in the PDF.
std::string flat(const std::string& text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string pdf_text(const fs::path& pdf, int first = 0, int last = 0) {
  std::string range = first ? " -f " + std::to_string(first) + " -l " + std::to_string(last) : "";
  return tool("pdftotext" + range + " '" + pdf.string() + "' -");
}

std::string info_field(const std::string& info, const std::string& field) {
  std::smatch m;
  if (!std::regex_search(info, m, std::regex(field + ":\\s*([^\\n]*)"))) return "";
  return m.str(1);
}

struct ExamplePdf {
  std::string org, locale, name, phone, date;
  fs::path pdf() const { return site() / org / locale / (org + "-" + locale + ".pdf"); }
  std::string base() const { return "https://handleidingen.example.nl/" + org + "/" + locale + "/"; }
};

std::vector<ExamplePdf> example_manuals() {
  std::vector<ExamplePdf> out;
  const json config = test::example_config();
  for (const auto& org : config["organisations"])
    for (const auto& locale : org["locales"])
      out.push_back({org["id"], locale, org["name"], org["servicedesk"]["phone"], org["document"]["date"]});
  return out;
}

// A stand-in for pdf_worker.py that speaks its protocol without WeasyPrint: it writes a minimal
// PDF and counts its renders and its starts. A file in its folder changes what it does: `fail`
// (it answers that the document failed), `crash` holding part of a page's path (on that page it
// writes half a PDF and kills itself), `garbage` (it answers something that is not a reply).
struct FakeWorker {
  test::TempDir dir;
  fs::path program = dir.path() / "fake-worker";
  FakeWorker() {
    test::write_text(program,
                     "#!/usr/bin/python3 -S\n"
                     "import json, os, signal, sys\n"
                     "DIR = " +
                         json(dir.path().string()).dump() + "\n" + R"(
def flag(name):
    try:
        return open(os.path.join(DIR, name)).read().strip()
    except OSError:
        return None
def count(name, text):
    with open(os.path.join(DIR, name), "a") as f:
        f.write(text + "\n")
count("starts", "start")
print(json.dumps({"renderer": "fake worker 1", "files": []}), flush=True)
for line in sys.stdin:
    job = json.loads(line)
    crash = flag("crash")
    if crash and crash in job["html"]:
        open(job["output"], "w").write("%PDF-1.7 half of it")
        print("fake worker: crashing on " + job["html"], file=sys.stderr, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    count("renders", job["html"])
    if flag("garbage") is not None:
        print("Traceback (most recent call last):", flush=True)
    elif flag("fail") is not None:
        print(json.dumps({"ok": False, "error": "renderer log line"}), flush=True)
    else:
        open(job["output"], "w").write("%PDF-1.7\n%%fake\n")
        print(json.dumps({"ok": True, "pages": 1}), flush=True)
)");
    fs::permissions(program, fs::perms::owner_all);
  }
  void set(const std::string& flag, const std::string& value = "") { test::write_text(dir.path() / flag, value); }
  void clear(const std::string& flag) { fs::remove(dir.path() / flag); }
  int lines(const std::string& file) const {
    std::string text = fs::exists(dir.path() / file) ? test::read_text(dir.path() / file) : "";
    return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
  }
  int renders() const { return lines("renders"); }
  int starts() const { return lines("starts"); }
};

}  // namespace

TEST_CASE("every example PDF holds the organisation, its servicedesk phone and every step title", "[pdf]") {
  for (const ExamplePdf& m : example_manuals()) {
    INFO(m.pdf());
    REQUIRE(fs::exists(m.pdf()));
    std::string text = flat(pdf_text(m.pdf()));
    CHECK(text.find(m.name) != std::string::npos);
    CHECK(text.find(m.phone) != std::string::npos);
    auto links = json::parse(test::read_text(site() / m.org / m.locale / "links.json"));
    REQUIRE(links.size() > 10);
    for (const auto& link : links) {
      INFO(link["url"]);
      CHECK(text.find(flat(link["title"].get<std::string>())) != std::string::npos);
    }
    // Print CSS hides the navigation: no skip link, no language switcher, no permalinks.
    for (const char* nav : {"Naar de inhoud", "Skip to content", "Deze stap in een andere taal", "Link naar deze stap"})
      CHECK(text.find(nav) == std::string::npos);
  }
}

TEST_CASE("the PDFs are A4, tagged, with title, author, language, date and a sane page count", "[pdf]") {
  for (const ExamplePdf& m : example_manuals()) {
    INFO(m.pdf());
    std::string info = tool("pdfinfo -isodates '" + m.pdf().string() + "'");
    int pages = std::stoi(info_field(info, "Pages"));
    CHECK(pages >= 8);
    CHECK(pages <= 40);
    CHECK(info_field(info, "Page size").find("595.276 x 841.89") != std::string::npos);  // A4 in points
    CHECK(info_field(info, "Tagged") == "yes");
    CHECK(info_field(info, "Author") == m.name);
    CHECK(info_field(info, "Title").find(m.name) != std::string::npos);
    CHECK(info_field(info, "CreationDate") == m.date + "T00:00:00Z");
    CHECK(test::read_text(m.pdf()).find("/Lang (" + m.locale + ")") != std::string::npos);
    // The running header: the organisation and the manual's title, from page 2 on.
    const std::string header = flat(pdf_text(m.pdf(), 3, 3));
    CHECK(header.rfind(m.name + " ", 0) == 0);
    CHECK(header.find(m.locale == "nl" ? "Handleiding wachtwoord en account" : "Password and account manual") !=
          std::string::npos);
    // The footer says "page X of Y" in the manual's language; the title page has none.
    std::string footer = m.locale == "nl" ? "Pagina 2 van " : "Page 2 of ";
    CHECK(flat(pdf_text(m.pdf(), 2, 2)).find(footer + std::to_string(pages)) != std::string::npos);
    CHECK(flat(pdf_text(m.pdf(), 1, 1)).find(footer.substr(0, footer.size() - 6)) == std::string::npos);
    // The servicedesk is on the last page.
    CHECK(flat(pdf_text(m.pdf(), pages, pages)).find(m.phone) != std::string::npos);
  }
}

TEST_CASE("the contents give the page each flow starts on", "[pdf]") {
  const ExamplePdf m{"zorggroep-noorderlicht", "nl", "Zorggroep Noorderlicht", "050 555 0177", ""};
  std::string contents = pdf_text(m.pdf(), 2, 2);
  int checked = 0;
  for (const auto& [title, flow] :
       std::vector<std::pair<std::string, std::string>>{{"Eerst registreren", "register"},
                                                        {"Wachtwoord vergeten", "reset"},
                                                        {"Account geblokkeerd", "unlock"},
                                                        {"Wachtwoord wijzigen", "change"}}) {
    std::smatch match;
    INFO(title << "\n" << contents);
    REQUIRE(std::regex_search(contents, match, std::regex(title + " \\.{3,}\\s*(\\d+)")));
    int page = std::stoi(match.str(1));
    // That page opens the flow: its "these steps online" line with the flow's address.
    CHECK(flat(pdf_text(m.pdf(), page, page)).find(m.base() + flow + "/") != std::string::npos);
    ++checked;
  }
  CHECK(checked == 4);
}

TEST_CASE("links in the PDF are clickable, the QR codes among them", "[pdf]") {
  const ExamplePdf m{"ziekenhuis-rivierenland", "en", "Ziekenhuis Rivierenland", "0344 555 0190", ""};
  std::string bytes = test::read_text(m.pdf());
  for (const char* flow : {"register", "reset", "change"})
    CHECK(bytes.find("/URI (" + m.base() + flow + "/)") != std::string::npos);
  CHECK(bytes.find("/URI (https://aka.ms/sspr)") != std::string::npos);
  CHECK(bytes.find("/Outlines") != std::string::npos);  // bookmarks
}

TEST_CASE("page 1 of each PDF as PNG for the artifacts, its QR code readable", "[pdf]") {
  fs::create_directories(kArtifacts / "pdf");
  bool zbar = std::system("command -v zbarimg >/dev/null 2>&1") == 0;
  for (const ExamplePdf& m : example_manuals()) {
    fs::path stem = kArtifacts / "pdf" / (m.org + "-" + m.locale + "-page1");
    tool("pdftoppm -png -r 100 -f 1 -l 1 -singlefile '" + m.pdf().string() + "' '" + stem.string() + "'");
    fs::path png = stem.string() + ".png";
    INFO(png);
    REQUIRE(fs::exists(png));
    CHECK(fs::file_size(png) > 10000);
    // The title page's QR code leads to the organisation's live manual in this language.
    if (zbar) CHECK(flat(tool("zbarimg --quiet --raw '" + png.string() + "'", true)) == m.base());
  }
  if (!zbar) FAIL("zbarimg is missing: apt-get install zbar-tools (scripts/setup does)");
}

TEST_CASE("one PDF per flow with only that flow (--pdf-per-flow)", "[pdf]") {
  test::TempDir tmp;
  std::string output;
  int status = run(
      command_line("build --pdf-per-flow -v --org gemeente-lindewijk --config " +
                   (test::source_dir() / "site-config.json").string() + " --out " + (tmp.path() / "public").string()),
      output);
  INFO(output);
  REQUIRE(status == 0);
  CHECK(output.find("PDF: 4 rendered") != std::string::npos);
  const fs::path folder = tmp.path() / "public/gemeente-lindewijk/nl";
  std::string reset = flat(pdf_text(folder / "gemeente-lindewijk-nl-reset.pdf"));
  CHECK(reset.find("Wachtwoord vergeten") != std::string::npos);
  CHECK(reset.find("Kies een nieuw wachtwoord") != std::string::npos);
  CHECK(reset.find("Eerst registreren ....") == std::string::npos);  // not in its contents
  // Rendered from a retitled copy of the page: the theme's print CSS still applies (the dotted
  // leaders in the contents come from it) and the PDF is titled by its flow.
  CHECK(reset.find("Kies een nieuw wachtwoord ....") != std::string::npos);
  auto title = [&](const fs::path& pdf) { return info_field(tool("pdfinfo '" + pdf.string() + "'"), "Title"); };
  CHECK(title(folder / "gemeente-lindewijk-nl-reset.pdf") ==
        "Wachtwoord vergeten \u2013 Handleiding wachtwoord en account \u2013 Gemeente Lindewijk");
  CHECK(title(folder / "gemeente-lindewijk-nl-register.pdf").rfind("Eerst registreren \u2013 ", 0) == 0);
  CHECK(title(folder / "gemeente-lindewijk-nl.pdf") == "Handleiding wachtwoord en account \u2013 Gemeente Lindewijk");
  CHECK(reset.find("/gemeente-lindewijk/nl/change/") == std::string::npos);
  CHECK(reset.find("0800 555 0142") != std::string::npos);
  auto pages = [&](const fs::path& pdf) {
    return std::stoi(info_field(tool("pdfinfo '" + pdf.string() + "'"), "Pages"));
  };
  CHECK(pages(folder / "gemeente-lindewijk-nl-reset.pdf") < pages(folder / "gemeente-lindewijk-nl.pdf"));
  for (const char* flow : {"register", "change"})
    CHECK(fs::exists(folder / ("gemeente-lindewijk-nl-" + std::string(flow) + ".pdf")));
  CHECK_FALSE(fs::exists(folder / "gemeente-lindewijk-nl-unlock.pdf"));
}

TEST_CASE("without WeasyPrint the build exits 2, names the Debian package and writes nothing", "[pdf][cli]") {
  test::TempDir tmp;
  const std::string config = (test::source_dir() / "site-config.json").string();
  const fs::path out = tmp.path() / "public";
  // The shipped worker, run by a Python that does not look in dist-packages (-S): as on a machine
  // without python3-weasyprint.
  const fs::path worker = tmp.path() / "pdf_worker.py";
  std::string text = test::read_text(test::source_dir() / "generator/publish/pdf_worker.py");
  test::write_text(worker, "#!/usr/bin/python3 -S" + text.substr(text.find('\n')));
  fs::permissions(worker, fs::perms::owner_all);
  std::string output;
  CHECK(run(command_line("build --pdf --pdf-worker " + worker.string() + " --config " + config + " --out " +
                         out.string()),
            output) == 2);
  CHECK(output.find("WeasyPrint, which renders the PDFs, is not installed: No module named 'weasyprint'") !=
        std::string::npos);
  CHECK(output.find("apt-get install weasyprint") != std::string::npos);
  CHECK_FALSE(fs::exists(out));

  CHECK(run(command_line("build --pdf --pdf-worker /no/such/worker --config " + config + " --out " + out.string()),
            output) == 2);
  CHECK(output.find("\"/no/such/worker\" does not exist") != std::string::npos);
  CHECK(output.find("apt-get install weasyprint") != std::string::npos);
  CHECK_FALSE(fs::exists(out));
  for (const auto& e : fs::directory_iterator(tmp.path()))
    CHECK(e.path().filename().string().find("pdf-work") == std::string::npos);
}

TEST_CASE("a PDF is rendered again only when what it is made of changed", "[pdf][cli]") {
  FakeWorker fake;
  test::TempDir tmp;
  json config = test::example_config();
  test::ProjectFixture fixture(config);
  const fs::path out = tmp.path() / "public";
  const std::string build = command_line("build -v --pdf --pdf-worker " + fake.program.string() + " --config " +
                                         fixture.config_path() + " --out " + out.string());
  std::string output;
  REQUIRE(run(build, output) == 0);
  CHECK(fake.renders() == 5);
  CHECK(output.find("PDF: 5 rendered (2 at a time), 0 unchanged") != std::string::npos);
  const fs::path town = out / "gemeente-lindewijk/nl/gemeente-lindewijk-nl.pdf";
  const fs::path hospital = out / "ziekenhuis-rivierenland/en/ziekenhuis-rivierenland-en.pdf";
  struct stat before {};
  REQUIRE(::stat(town.c_str(), &before) == 0);

  // Nothing changed: nothing is loaded, no worker is started, every PDF stays.
  const int starts = fake.starts();
  REQUIRE(run(build, output) == 0);
  CHECK(fake.renders() == 5);
  CHECK(fake.starts() == starts);
  CHECK(output.find("nothing was loaded") != std::string::npos);
  CHECK(output.find("PDF: 0 rendered, 5 unchanged") != std::string::npos);
  struct stat after {};
  REQUIRE(::stat(town.c_str(), &after) == 0);
  CHECK(after.st_ino == before.st_ino);

  // A PDF that went missing is made again, and only that one.
  fs::remove(hospital);
  REQUIRE(run(build, output) == 0);
  CHECK(fake.renders() == 6);
  CHECK(output.find("PDF: 1 rendered (1 at a time), 4 unchanged") != std::string::npos);
  REQUIRE(::stat(town.c_str(), &after) == 0);
  CHECK(after.st_ino == before.st_ino);  // the same file, moved back, not a copy

  // The hospital's document version is on its title pages: its two PDFs change, the others do not.
  config["organisations"][1]["document"]["version"] = "1.4";
  test::write_text(fixture.config_path(), config.dump(2));
  REQUIRE(run(build, output) == 0);
  CHECK(fake.renders() == 8);
  CHECK(output.find("PDF: 2 rendered (2 at a time), 3 unchanged") != std::string::npos);

  // A build of one organisation keeps the others' PDFs and renders none of them.
  REQUIRE(run(build + " --org zorggroep-noorderlicht", output) == 0);
  CHECK(fake.renders() == 8);
  CHECK(fs::exists(town));
  CHECK(fs::exists(hospital));
  std::string state = test::read_text(out / ".manualgen-pdf");
  std::regex pdf_line("\\npdf ");
  CHECK(std::distance(std::sregex_iterator(state.begin(), state.end(), pdf_line), std::sregex_iterator()) == 5);
  // The print stylesheet, which every page uses, changed: every PDF is rendered.
  const fs::path print_css = fixture.dir() / "themes/default/static/print.css";
  test::write_text(print_css, test::read_text(print_css) + "/* edited */\n");
  REQUIRE(run(build, output) == 0);
  CHECK(output.find("PDF: 5 rendered (2 at a time), 0 unchanged") != std::string::npos);
  CHECK(fake.renders() == 13);
  for (const auto& e : fs::directory_iterator(tmp.path()))
    CHECK(e.path().filename().string().find("pdf-work") == std::string::npos);
}

TEST_CASE("the pages link the PDFs the build makes, and only those", "[pdf][cli]") {
  FakeWorker fake;
  test::TempDir tmp;
  test::ProjectFixture fixture(test::example_config());
  const fs::path out = tmp.path() / "public";
  const std::string args = " --config " + fixture.config_path() + " --out " + out.string();
  const std::string pdf = " --pdf-worker " + fake.program.string();
  // Every href to a PDF on every page, as path of the PDF relative to the site.
  auto pdf_links = [&] {
    std::set<std::string> links;
    const std::regex href("href=\"([^\"]+\\.pdf)\"");
    for (const auto& e : fs::recursive_directory_iterator(out)) {
      if (e.path().extension() != ".html") continue;
      const std::string page = test::read_text(e.path());
      for (std::sregex_iterator m(page.begin(), page.end(), href), end; m != end; ++m)
        links.insert(fs::relative((e.path().parent_path() / m->str(1)).lexically_normal(), out).string());
    }
    return links;
  };
  std::string output;

  REQUIRE(run(command_line("build -v --pdf-per-flow" + pdf + args), output) == 0);
  std::set<std::string> links = pdf_links();
  CHECK(links.count("gemeente-lindewijk/nl/gemeente-lindewijk-nl.pdf"));
  CHECK(links.count("gemeente-lindewijk/nl/gemeente-lindewijk-nl-reset.pdf"));
  CHECK(links.count("zorggroep-noorderlicht/en/zorggroep-noorderlicht-en-unlock.pdf"));
  CHECK_FALSE(links.count("ziekenhuis-rivierenland/en/ziekenhuis-rivierenland-en-unlock.pdf"));  // no unlock there
  CHECK(static_cast<int>(links.size()) == fake.renders());  // one link target per PDF made
  for (const auto& link : links) {
    INFO(link);
    CHECK(fs::exists(out / link));
  }
  const std::string landing = test::read_text(out / "gemeente-lindewijk/nl/index.html");
  CHECK(landing.find(
            "<a href=\"gemeente-lindewijk-nl.pdf\" type=\"application/pdf\">Download de handleiding als pdf</a>") !=
        std::string::npos);
  CHECK(test::read_text(out / "ziekenhuis-rivierenland/en/reset/index.html")
            .find("<a href=\"../ziekenhuis-rivierenland-en-reset.pdf\" type=\"application/pdf\">These instructions as "
                  "PDF</a>") != std::string::npos);

  // The manual's PDF only: the flow pages lose their links.
  REQUIRE(run(command_line("build --pdf" + pdf + args), output) == 0);
  links = pdf_links();
  CHECK(links.size() == 5);
  CHECK(links.count("zorggroep-noorderlicht/en/zorggroep-noorderlicht-en.pdf"));

  // Without --pdf no page links a PDF (the PDFs made before stay, unlinked), and the no-change
  // shortcut does not keep the pages of the --pdf build.
  REQUIRE(run(command_line("build -v" + args), output) == 0);
  CHECK(output.find("nothing was loaded") == std::string::npos);
  CHECK(pdf_links().empty());
  CHECK(fs::exists(out / "gemeente-lindewijk/nl/gemeente-lindewijk-nl.pdf"));
  REQUIRE(run(command_line("build -v" + args), output) == 0);
  CHECK(output.find("nothing was loaded") != std::string::npos);
}

TEST_CASE("a renderer that fails: exit 2 with its message, the site published, the PDF next time", "[pdf][cli]") {
  FakeWorker fake;
  fake.set("fail");
  test::TempDir tmp;
  const fs::path out = tmp.path() / "public";
  const std::string build =
      command_line("build --pdf --pdf-worker " + fake.program.string() + " --org gemeente-lindewijk --config " +
                   (test::source_dir() / "site-config.json").string() + " --out " + out.string());
  std::string output;
  CHECK(run(build, output) == 2);
  CHECK(output.find("cannot render the PDF from gemeente-lindewijk/nl/manual.html: the renderer failed: renderer log "
                    "line") != std::string::npos);
  CHECK(fs::exists(out / "gemeente-lindewijk/nl/manual.html"));
  CHECK_FALSE(fs::exists(out / "gemeente-lindewijk/nl/gemeente-lindewijk-nl.pdf"));

  // The same build again, with a worker that works now: the PDF that failed is made.
  fake.clear("fail");
  CHECK(run(build, output) == 0);
  CHECK(fake.renders() == 2);
  CHECK(fs::exists(out / "gemeente-lindewijk/nl/gemeente-lindewijk-nl.pdf"));
}

TEST_CASE("the PDF step never writes or reads through a symbolic link planted in the output", "[pdf][cli]") {
  FakeWorker fake;
  test::TempDir tmp;
  const fs::path out = tmp.path() / "public";
  const std::string build =
      command_line("build --pdf --pdf-worker " + fake.program.string() + " --org " + "gemeente-lindewijk --config " +
                   (test::source_dir() / "site-config.json").string() + " --out " + out.string());
  std::string output;
  REQUIRE(run(build, output) == 0);
  // The state a link to a file outside, and the name it was once written under first, too.
  const fs::path victim = tmp.path() / "victim.txt";
  test::write_text(victim, "not the site's\n");
  fs::remove(out / ".manualgen-pdf");
  fs::create_symlink(victim, out / ".manualgen-pdf");
  fs::create_symlink(victim, out / ".manualgen-pdf.tmp");

  REQUIRE(run(build, output) == 0);
  INFO(output);
  CHECK(test::read_text(victim) == "not the site's\n");
  CHECK(fake.renders() == 2);  // the state was not read: the PDF is rendered again
  CHECK_FALSE(fs::is_symlink(out / ".manualgen-pdf"));
  CHECK(test::read_text(out / ".manualgen-pdf").find(" gemeente-lindewijk/nl/gemeente-lindewijk-nl.pdf\n") !=
        std::string::npos);
}

TEST_CASE("a worker that dies mid-document: that PDF is reported and not published, the others are made",
          "[pdf][cli]") {
  FakeWorker fake;
  fake.set("crash", "ziekenhuis-rivierenland/nl/");
  test::TempDir tmp;
  const fs::path out = tmp.path() / "public";
  const std::string build =
      command_line("build --pdf --pdf-jobs 1 --pdf-worker " + fake.program.string() + " --config " +
                   (test::source_dir() / "site-config.json").string() + " --out " + out.string());
  std::string output;
  CHECK(run(build, output) == 2);
  CHECK(output.find("cannot render the PDF from ziekenhuis-rivierenland/nl/manual.html: the PDF worker was killed by "
                    "signal 9 while rendering it") != std::string::npos);
  CHECK(output.find("fake worker: crashing on") != std::string::npos);
  CHECK(output.find("1 PDF could not be rendered") != std::string::npos);
  const fs::path folder = out / "ziekenhuis-rivierenland/nl";
  CHECK_FALSE(fs::exists(folder / "ziekenhuis-rivierenland-nl.pdf"));
  for (const auto& e : fs::directory_iterator(folder)) CHECK(e.path().string().find(".tmp-") == std::string::npos);
  // A new worker took over: the documents after the one it died on were made.
  CHECK(fake.renders() == 4);
  CHECK(fake.starts() == 2);
  CHECK(fs::exists(out / "zorggroep-noorderlicht/en/zorggroep-noorderlicht-en.pdf"));
}

TEST_CASE("a second real --pdf build with no change renders nothing", "[pdf][cli]") {
  test::TempDir tmp;
  const std::string build =
      command_line("build --pdf --org gemeente-lindewijk --config " +
                   (test::source_dir() / "site-config.json").string() + " --out " + (tmp.path() / "public").string());
  std::string output;
  REQUIRE(run(build, output) == 0);
  CHECK(output.find("PDF: 1 rendered") != std::string::npos);
  const fs::path pdf = tmp.path() / "public/gemeente-lindewijk/nl/gemeente-lindewijk-nl.pdf";
  auto mtime = fs::last_write_time(pdf);
  REQUIRE(run(build, output) == 0);
  CHECK(output.find("PDF: 0 rendered, 1 unchanged") != std::string::npos);
  CHECK(fs::last_write_time(pdf) == mtime);
}

// The same pages make the same PDFs: the date in a PDF is the manual's, and a font cut keeps the
// font's own timestamp, not the time it was cut. fontTools takes that time from SOURCE_DATE_EPOCH
// when it is set, so two builds with two different ones show that no clock reaches the PDF.
TEST_CASE("two builds of the same pages make the same PDFs, byte for byte", "[pdf][cli]") {
  test::TempDir tmp;
  const std::string config = (test::source_dir() / "site-config.json").string();
  std::string output;
  for (const char* epoch : {"1000000000", "2000000000"}) {
    const std::string out = (tmp.path() / epoch).string();
    INFO(output);
    REQUIRE(run("SOURCE_DATE_EPOCH=" + std::string(epoch) + " " +
                    command_line("build -q --pdf --org zorggroep-noorderlicht --config " + config + " --out " + out),
                output) == 0);
  }
  size_t compared = 0;
  for (const auto& entry : fs::recursive_directory_iterator(tmp.path() / "1000000000")) {
    if (entry.path().extension() != ".pdf") continue;
    const fs::path other = tmp.path() / "2000000000" / fs::relative(entry.path(), tmp.path() / "1000000000");
    INFO(other);
    CHECK(test::read_text(entry.path()) == test::read_text(other));
    ++compared;
  }
  CHECK(compared == 2);  // the organisation's nl and en manuals
}

// The worker protocol itself, through PdfRenderer: no build, no timing.

namespace {

PdfRenderer started(const std::string& program, const fs::path& logs) {
  Diagnostics diags;
  auto renderer = PdfRenderer::find(program, diags);
  REQUIRE(renderer);
  REQUIRE(renderer->start(logs.string(), diags));
  return std::move(*renderer);
}

bool is_pdf(const fs::path& file) { return fs::exists(file) && test::read_text(file).rfind("%PDF-", 0) == 0; }

}  // namespace

TEST_CASE("the shipped worker renders document after document, and a bad one fails alone", "[pdf][worker]") {
  test::TempDir tmp;
  test::write_text(tmp.path() / "one.html", "<html lang=\"en\"><title>One</title><p>First document</p></html>");
  // A linked stylesheet that is missing is WeasyPrint's warning, as it was for the weasyprint program.
  test::write_text(tmp.path() / "two.html",
                   "<html lang=\"en\"><link rel=\"stylesheet\" href=\"gone.css\" />"
                   "<title>Two</title><p>Second document</p></html>");
  PdfRenderer renderer = started("", tmp.path());  // found in the source tree: the tests are not beside it
  CHECK(renderer.record().identity.rfind("WeasyPrint ", 0) == 0);
  const std::vector<PdfJob> jobs = {{(tmp.path() / "one.html").string(), "", "", (tmp.path() / "one.pdf").string()},
                                    {(tmp.path() / "none.html").string(), "", "", (tmp.path() / "none.pdf").string()},
                                    {(tmp.path() / "two.html").string(), "", "", (tmp.path() / "two.pdf").string()}};
  auto results = renderer.run(jobs, 1, tmp.path().string());
  REQUIRE(results.size() == 3);
  CHECK(results[0].ok);
  CHECK_FALSE(results[1].ok);
  CHECK(results[1].error.find("the renderer failed: FileNotFoundError") != std::string::npos);
  CHECK(results[2].ok);
  CHECK(flat(pdf_text(tmp.path() / "two.pdf")) == "Second document");
  CHECK(info_field(tool("pdfinfo '" + (tmp.path() / "one.pdf").string() + "'"), "Title") == "One");
  CHECK_FALSE(fs::exists(tmp.path() / "none.pdf"));
  CHECK_FALSE(fs::exists(tmp.path() / "worker-0.log"));  // the worker that start() made did all three
}

// The worker keeps each font's cut to a set of glyphs for later documents (SubsetCache in
// pdf_worker.py). With the page's dates fixed WeasyPrint writes the same bytes for the same page, so
// each PDF a worker makes after other documents must be the one a new worker makes of that page
// alone: a cut served for another set of glyphs, larger or smaller, would change the embedded font.
TEST_CASE("a worker's PDFs are byte for byte those of a new worker for each page alone", "[pdf][worker]") {
  test::TempDir tmp;
  auto page = [&](const std::string& name, const std::string& text) {
    test::write_text(tmp.path() / (name + ".html"),
                     "<html lang=\"nl\"><head><title>" + name +
                         "</title><meta name=\"dcterms.created\" content=\"2026-01-01\" />"
                         "<meta name=\"dcterms.modified\" content=\"2026-01-01\" /></head><body><p>" +
                         text + "</p><p><b>" + text + "</b></p></body></html>");
    return (tmp.path() / (name + ".html")).string();
  };
  const std::string few = page("few", "Wachtwoord vergeten");
  const std::string more = page("more", "Wachtwoord vergeten? Bel 020 123 4567, of kijk op QR-code: xyz");
  const std::string other = page("other", "Jouw account is vergrendeld");
  const std::string same_glyphs = page("same", "vergeten Wachtwoord");  // the glyphs of `few`
  const std::vector<std::string> order = {more, few, other, few, same_glyphs, more};
  std::vector<PdfJob> warm;
  for (size_t i = 0; i < order.size(); ++i)
    warm.push_back({order[i], "", "", (tmp.path() / ("warm-" + std::to_string(i) + ".pdf")).string()});
  PdfRenderer renderer = started("", tmp.path());
  for (const auto& result : renderer.run(warm, 1, tmp.path().string())) REQUIRE(result.ok);
  for (size_t i = 0; i < order.size(); ++i) {
    INFO("document " << i << ": " << order[i]);
    const fs::path alone = tmp.path() / ("alone-" + std::to_string(i) + ".pdf");
    PdfRenderer fresh = started("", tmp.path());
    REQUIRE(fresh.run({{order[i], "", "", alone.string()}}, 1, tmp.path().string())[0].ok);
    CHECK(test::read_text(warm[i].output) == test::read_text(alone));
  }
}

TEST_CASE("a worker killed mid-document fails that document, and a new one renders the rest", "[pdf][worker]") {
  FakeWorker fake;
  fake.set("crash", "b.html");
  test::TempDir tmp;
  PdfRenderer renderer = started(fake.program.string(), tmp.path());
  std::vector<PdfJob> jobs;
  for (const char* name : {"a", "b", "c", "d"})
    jobs.push_back({(tmp.path() / (std::string(name) + ".html")).string(), "", "",
                    (tmp.path() / (std::string(name) + ".pdf")).string()});
  auto results = renderer.run(jobs, 1, tmp.path().string());
  CHECK(results[0].ok);
  CHECK_FALSE(results[1].ok);
  CHECK(results[1].error.find("the PDF worker was killed by signal 9 while rendering it") != std::string::npos);
  CHECK(results[1].error.find("fake worker: crashing on " + jobs[1].html) != std::string::npos);
  CHECK(results[2].ok);
  CHECK(results[3].ok);
  CHECK(fake.starts() == 2);
  CHECK(fake.renders() == 3);
  CHECK(is_pdf(tmp.path() / "d.pdf"));
}

TEST_CASE("a worker that answers something else than a reply fails that document and is replaced", "[pdf][worker]") {
  FakeWorker fake;
  test::TempDir tmp;
  PdfRenderer renderer = started(fake.program.string(), tmp.path());
  fake.set("garbage");
  const std::vector<PdfJob> jobs = {{"a.html", "", "", (tmp.path() / "a.pdf").string()},
                                    {"b.html", "", "", (tmp.path() / "b.pdf").string()}};
  auto results = renderer.run(jobs, 2, tmp.path().string());
  for (const auto& result : results) {
    CHECK_FALSE(result.ok);
    CHECK(result.error.find("answered something else than a reply: Traceback") != std::string::npos);
  }
  fake.clear("garbage");
  CHECK(renderer.run({{"c.html", "", "", (tmp.path() / "c.pdf").string()}}, 1, tmp.path().string())[0].ok);
}
