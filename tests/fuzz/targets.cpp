#include "tests/fuzz/targets.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iterator>
#include <string>

#include "checks/links/link_extractor.h"
#include "generator/build/build_state.h"
#include "generator/core/fingerprint.h"
#include "generator/core/json_file.h"
#include "generator/core/project_files.h"
#include "generator/load/flow_structure.h"
#include "generator/load/logo.h"
#include "generator/load/prose_file.h"
#include "generator/load/site_config.h"

namespace manualgen::fuzz {

namespace fs = std::filesystem;

namespace {
Outcome outcome_of(const Diagnostics& diags) {
  Outcome out;
  for (const auto& d : diags.all()) {
    (void)format_diagnostic(d);
    if (d.severity != Severity::error) continue;
    ++out.errors;
    if (d.where.file.empty() || d.where.line <= 0) ++out.unlocated;
  }
  return out;
}
}  // namespace

Outcome site_config(const uint8_t* data, size_t size) {
  Diagnostics diags;
  // In memory, as the loader gets a file's bytes: no file between the fuzzer and the parser.
  auto config =
      parse_site_config(std::string(reinterpret_cast<const char*>(data), size), "site-config.json", ".", diags);
  return outcome_of(diags);
}

Outcome prose(const uint8_t* data, size_t size) {
  Diagnostics diags;
  ProseFile file = parse_prose(std::string(reinterpret_cast<const char*>(data), size), "fuzz.md", diags);
  auto resolve = [](const std::string& name) {
    if (name.rfind("link.", 0) == 0) return Expansion::link(name, "https://example.nl/?q=<\"&'>");
    if (name.rfind("ui.", 0) == 0) return Expansion::ui("<b>" + name + "</b>");
    if (name.rfind("bad.", 0) == 0) return Expansion::fail("unknown " + name);
    return Expansion::sequence({Expansion::plain(name), Expansion::link("x", "mailto:a@b.nl")});
  };
  (void)file.intro_html.fill(resolve, diags);
  (void)file.summary_html.fill(resolve, diags);
  for (const auto& section : file.sections) (void)section.html.fill(resolve, diags);
  return outcome_of(diags);
}

Outcome flow_structure(const uint8_t* data, size_t size) {
  Diagnostics diags;
  auto flow = parse_flow_structure(std::string(reinterpret_cast<const char*>(data), size), "flow.json", "reset", diags);
  if (flow) for_each_part(flow->steps, [](const Part& p, const Part*) { (void)p.id.size(); });
  return outcome_of(diags);
}

Outcome link_extractor(const uint8_t* data, size_t size) {
  ExtractedPage page =
      extract_links(std::string_view(reinterpret_cast<const char*>(data), size), "org/nl/reset/index.html");
  (void)page.links.size();
  return {};
}

Outcome build_state(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  Diagnostics diags;
  (void)build_state_text(parse_build_state(text, "public/.manualgen-state.json", diags));
  (void)inputs_record_text(parse_inputs_record(text, "public/.manualgen-inputs.json", diags));
  Outcome out;
  for (const auto& d : diags.all()) {
    (void)format_diagnostic(d);
    ++out.errors;
    if (d.where.file.empty()) ++out.unlocated;
  }
  return out;
}

namespace {

// Every JSON pointer of `value`, `pointer` included.
void pointers_of(const nlohmann::json& value, const std::string& pointer, std::vector<std::string>& out) {
  out.push_back(pointer);
  if (value.is_object())
    for (const auto& [key, member] : value.items()) pointers_of(member, pointer + "/" + pointer_token(key), out);
  else if (value.is_array())
    for (size_t i = 0; i < value.size(); ++i) pointers_of(value[i], pointer + "/" + std::to_string(i), out);
}

}  // namespace

Outcome source_map(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  Diagnostics diags;
  if (auto file = parse_json_file(text, "fuzz.json", diags)) {
    std::vector<std::string> pointers;
    pointers_of(file->value, "", pointers);
    for (const auto& pointer : pointers)
      if (file->map.at(pointer).line <= 0) std::abort();  // the map and the parser disagree
  }
  SourceMap raw("raw.json", text);  // any bytes: the scan must end, whatever it finds
  (void)raw.at("/a/0/b");
  (void)raw.duplicates();
  return outcome_of(diags);
}

namespace {

// The project folder an input describes, below `project`: steps of (operation, argument) bytes.
void make_tree(const uint8_t* data, size_t size, const fs::path& project) {
  static const char* const names[] = {"a", "b", "en", "c.md"};
  static const char* const targets[] = {".",         "..",   "../..", "a",        "b",    "a/b",         "/",
                                        "/dev/zero", "c.md", "loop",  "../../..", "../p", "/nonexistent"};
  const fs::path content = project / "content";
  fs::path here = content;
  std::error_code ec;
  fs::create_directories(content, ec);
  for (size_t i = 0; i + 1 < size && i < 64; i += 2) {
    const uint8_t argument = data[i + 1];
    const fs::path entry = here / names[argument % 4];
    switch (data[i] % 4) {
      case 0:
        fs::create_directory(entry, ec);
        break;
      case 1:
        if (FILE* f = std::fopen(entry.c_str(), "wx")) std::fclose(f);
        break;
      case 2:
        fs::create_symlink(targets[argument / 4 % std::size(targets)], entry, ec);
        break;
      default:
        if (argument % 2 && here != content)
          here = here.parent_path();
        else if (fs::is_directory(fs::symlink_status(entry, ec)))
          here = entry;
    }
  }
}

}  // namespace

Outcome project_files(const uint8_t* data, size_t size) {
  char folder[] = "/tmp/manualgen-fuzz-XXXXXX";
  if (!mkdtemp(folder)) return {};
  const fs::path project = fs::path(folder) / "p";
  make_tree(data, size, project);
  Diagnostics diags;
  check_links_stay_inside(project.string(), {{"content", {}}, {"content/a/b", {}}}, diags);
  for (const auto& within : {std::string(), project.string()})
    for (const FolderEntry& entry : walk_folder((project / "content").string(), within)) (void)entry.relative.size();
  (void)path_problem(project.string(), "content/en/a/c.md");
  (void)fingerprint_path((project / "content").string());
  std::error_code ec;
  fs::remove_all(folder, ec);
  return outcome_of(diags);
}

Outcome logo(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)check_logo(bytes, ".png");
  // A problem about the whole file (line 0) is located at the file, as the loader reports it.
  return {check_logo(bytes, ".svg") ? 1 : 0, 0};
}

const std::vector<Target>& targets() {
  static const std::vector<Target> all = {{"site_config", site_config},       {"prose", prose},
                                          {"flow_structure", flow_structure}, {"link_extractor", link_extractor},
                                          {"build_state", build_state},       {"source_map", source_map},
                                          {"project_files", project_files},   {"logo", logo}};
  return all;
}

}  // namespace manualgen::fuzz
