#include "tests/fuzz/targets.h"

#include <string>

#include "checks/links/link_extractor.h"
#include "generator/build/build_state.h"
#include "generator/load/flow_structure.h"
#include "generator/load/prose_file.h"
#include "generator/load/site_config.h"

namespace manualgen::fuzz {

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

const std::vector<Target>& targets() {
  static const std::vector<Target> all = {{"site_config", site_config},
                                          {"prose", prose},
                                          {"flow_structure", flow_structure},
                                          {"link_extractor", link_extractor},
                                          {"build_state", build_state}};
  return all;
}

}  // namespace manualgen::fuzz
