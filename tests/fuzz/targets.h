#pragma once
// What each fuzz target does with one input. Shared by the libFuzzer programs (tests/fuzz/*.cpp,
// built by scripts/fuzz) and by fuzz_regression_test.cpp, which replays every input kept in
// tests/fuzz/regressions/<target>/ through the same function.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace manualgen::fuzz {

/// What a target made of an input: the fuzzer only needs it not to crash or hang; the regression
/// test also checks that a bad input is refused with errors that say where.
struct Outcome {
  int errors = 0;     // for the state files, warnings: a state that is refused is ignored, not an error
  int unlocated = 0;  // errors without a file and line (for the state files: without a file)
};

/// site-config.json: load_site_config.
Outcome site_config(const uint8_t* data, size_t size);
/// content/<locale>/<flow>.md: parse_prose (which prepares every section's Markdown) and filling
/// in the placeholders.
Outcome prose(const uint8_t* data, size_t size);
/// content/flows/<flow>.json: load_flow_structure.
Outcome flow_structure(const uint8_t* data, size_t size);
/// A written page: the link checker's extract_links (which reports nothing: it takes any bytes).
Outcome link_extractor(const uint8_t* data, size_t size);
/// `.manualgen-state.json` and `.manualgen-inputs.json` of an output folder: parse_build_state and
/// parse_inputs_record, and writing back what they kept, as the next build does.
Outcome build_state(const uint8_t* data, size_t size);
/// JSON text: parse_json_file (depth limit, repeated member names), then the source map of the
/// bytes, whether they parsed or not. Every pointer of a parsed value must have a line: a pointer
/// the map does not know aborts, as a crash would.
Outcome source_map(const uint8_t* data, size_t size);
/// A project folder of folders, files and symbolic links (loops, links up, out of the project, to
/// /dev/zero) made from the input's bytes, two per step: check_links_stay_inside, walk_folder,
/// path_problem and fingerprint_path on it must end, and never throw.
Outcome project_files(const uint8_t* data, size_t size);
/// A logo's bytes: check_logo as an .svg and as a .png.
Outcome logo(const uint8_t* data, size_t size);

/// The targets by name, as scripts/fuzz and the regression test know them.
struct Target {
  const char* name;
  Outcome (*run)(const uint8_t*, size_t);
};
const std::vector<Target>& targets();

}  // namespace manualgen::fuzz
