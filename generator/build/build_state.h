#pragma once
// The two records a build keeps in the output folder for the next one:
//  - `.manualgen-state.json` (BuildState): the fingerprint of the shared inputs and, per
//    organisation, the fingerprint of its inputs and the files it produced. The next build renders
//    only what changed and removes the files no longer produced.
//  - `.manualgen-inputs.json` (InputsRecord): every input the build read and one fingerprint of all
//    their bytes, so that a build with nothing to do need not load the project (site_up_to_date).

#include <map>
#include <optional>
#include <string>
#include <vector>

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

/// The state in `out`; an empty one (build everything) when there is none or it does not parse.
BuildState read_build_state(const std::string& out);
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

/// The record in `out`; nullopt when there is none, it does not parse, or the build that wrote
/// it recorded nothing.
std::optional<InputsRecord> read_inputs_record(const std::string& out);
/// The file's text; for nullopt, one that records nothing, so the next build loads everything.
std::string inputs_record_text(const std::optional<InputsRecord>& record);

}  // namespace manualgen
