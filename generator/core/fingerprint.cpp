#include "generator/core/fingerprint.h"

#include <xxhash.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "generator/core/text.h"

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
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) {
    XXH3_64bits_update(state, path.data(), path.size() + 1);
    if (read_file(path, bytes)) XXH3_64bits_update(state, bytes.data(), bytes.size());
    return hex_digest(state);
  }
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(path, fs::directory_options::follow_directory_symlink, ec))
    if (e.is_regular_file()) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::string name = fs::relative(f, path).generic_string();
    XXH3_64bits_update(state, name.data(), name.size() + 1);  // with its terminating NUL as separator
    if (read_file(f.string(), bytes)) XXH3_64bits_update(state, bytes.data(), bytes.size());
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
