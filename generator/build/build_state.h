#pragma once
// The two records a build keeps in the output folder for the next one:
//  - `.manualgen-state.json` (BuildState): the fingerprint of the shared inputs and, per
//    organisation, the fingerprint of its inputs and the files it produced. The next build renders
//    only what changed and removes the files no longer produced.
//  - `.manualgen-inputs.json` (InputsRecord): every input the build read and one fingerprint of all
//    their bytes, so that a build with nothing to do need not load the project (site_up_to_date).
// Both are input to the next build, and the output folder may come from a CI cache or a synced
// folder: a record is used only when every path in it is one the build that wrote it could have
// named, otherwise it is ignored (everything is built, or loaded, again) with a warning that names
// the file and the entry.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "generator/core/diagnostics.h"

namespace manualgen {

inline constexpr const char* kStateFile = ".manualgen-state.json";
inline constexpr const char* kInputsFile = ".manualgen-inputs.json";

/// What the previous build of this output folder made for one organisation.
struct OrgState {
  std::string fingerprint;         // empty after a build of some of its locales only
  std::vector<std::string> files;  // the files the build wrote for it, sorted
  bool operator==(const OrgState&) const = default;
};

struct BuildState {
  std::string fingerprint;               // of the shared inputs
  std::map<std::string, OrgState> orgs;  // id → what its pages were made from
  int shared_files = 0;                  // index, assets, logos
  /// Every file of the site: the shared ones and each organisation's.
  int pages() const;
};

/// The state in `out`; an empty one (build everything) when there is none, and when it cannot be
/// trusted (with a warning): it does not parse, or an organisation id is not a slug, or a file of
/// an organisation is not a plain relative path under that organisation's folder.
BuildState read_build_state(const std::string& out, Diagnostics& diags);
/// The same from the file's text; `file` names it in the warning.
BuildState parse_build_state(const std::string& text, const std::string& file, Diagnostics& diags);
std::string build_state_text(const BuildState& state);

/// What a complete build without warnings read, and what it made of it.
struct InputsRecord {
  std::string config;     // --config
  std::string pdf_links;  // PdfLinks::name(): which PDFs the pages link
  std::vector<std::string> inputs;
  std::string fingerprint;  // of all the inputs' bytes and the program
  int pages = 0;
  int organisations = 0;
};

/// The record in `out`; nullopt when there is none or the build that wrote it recorded nothing,
/// and when it cannot be trusted (with a warning): it does not parse, or an input is not inside
/// the folder of the config it names, or is listed twice.
std::optional<InputsRecord> read_inputs_record(const std::string& out, Diagnostics& diags);
/// The same from the file's text; `file` names it in the warning.
std::optional<InputsRecord> parse_inputs_record(const std::string& text, const std::string& file, Diagnostics& diags);
/// The file's text; for nullopt, one that records nothing, so the next build loads everything.
std::string inputs_record_text(const std::optional<InputsRecord>& record);

}  // namespace manualgen
