#include "generator/core/fingerprint.h"

#include <xxhash.h>

#include <cstdio>
#include <filesystem>

#include "generator/core/input_file.h"
#include "generator/core/project_files.h"

namespace manualgen {

namespace fs = std::filesystem;

std::string fingerprint(std::string_view bytes) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(XXH3_64bits(bytes.data(), bytes.size())));
  return hex;
}

std::string fingerprint_combine(const std::string& fp, std::string_view more) {
  return fingerprint(fp + '\0' + std::string(more));
}

namespace {
std::string hex_digest(XXH3_state_t* state) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(XXH3_64bits_digest(state)));
  XXH3_freeState(state);
  return hex;
}

XXH3_state_t* new_state() {
  XXH3_state_t* state = XXH3_createState();
  XXH3_64bits_reset(state);
  return state;
}
}  // namespace

std::string fingerprint_path(const std::string& path) {
  XXH3_state_t* state = new_state();
  std::string bytes;
  // Files over the largest input limit are refused by their loader; their bytes do not matter here.
  constexpr size_t kLimit = 256 * 1024 * 1024;
  auto add_name = [&](const std::string& name) {
    XXH3_64bits_update(state, name.data(), name.size() + 1);  // with its terminating NUL as separator
  };
  auto add = [&](const std::string& name, const std::string& file) {
    add_name(name);
    if (read_regular_file(file, kLimit, bytes).problem == ReadProblem::none)
      XXH3_64bits_update(state, bytes.data(), bytes.size());
  };
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) {
    add(path, path);
    return hex_digest(state);
  }
  // Links to folders are followed when they stay inside the folder holding `path`, the project's
  // for content/ and locales/ (content/en may be a link to a folder of the project), each real
  // folder once; one out of the project is refused by the load, which this runs before. What
  // cannot be read is part of the fingerprint: a loop made since the last build makes it differ,
  // and the load then reports it.
  const fs::path parent = fs::path(path).parent_path();
  for (const FolderEntry& entry : walk_folder(path, parent.empty() ? "." : parent.string())) {
    if (entry.kind == FolderEntry::Kind::file) add(entry.relative, (fs::path(path) / entry.relative).string());
    if (!entry.error.empty()) add_name(entry.relative + "\n" + entry.error);
  }
  return hex_digest(state);
}

std::string fingerprint_all(const std::vector<std::string>& path_fingerprints) {
  // The program by path, size and modification time (reading all of it costs more than the rest).
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  std::string all = exe.string() + "\n" + std::to_string(fs::file_size(exe, ec)) + "\n" +
                    std::to_string(fs::last_write_time(exe, ec).time_since_epoch().count());
  for (const auto& fp : path_fingerprints) all += "\n" + fp;
  return fingerprint(all);
}

}  // namespace manualgen
