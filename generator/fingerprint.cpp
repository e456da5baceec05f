#include "generator/fingerprint.h"

#include <xxhash.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "generator/text.h"

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

std::string fingerprint_inputs(const std::vector<std::string>& folders) {
  XXH3_state_t* state = XXH3_createState();
  XXH3_64bits_reset(state);
  std::string bytes;
  // The program by size and modification time (reading all of it costs more than the rest).
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  std::string program = exe.string() + "\n" + std::to_string(fs::file_size(exe, ec)) + "\n" +
                        std::to_string(fs::last_write_time(exe, ec).time_since_epoch().count());
  XXH3_64bits_update(state, program.data(), program.size());
  for (const auto& folder : folders) {
    if (fs::is_regular_file(folder, ec)) {  // a single file: its path and its bytes
      XXH3_64bits_update(state, folder.data(), folder.size() + 1);
      if (read_file(folder, bytes)) XXH3_64bits_update(state, bytes.data(), bytes.size());
      continue;
    }
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(folder, fs::directory_options::follow_directory_symlink, ec))
      if (e.is_regular_file()) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      std::string name = fs::relative(f, folder).generic_string();
      XXH3_64bits_update(state, name.data(), name.size() + 1);  // with its terminating NUL as separator
      if (read_file(f.string(), bytes)) XXH3_64bits_update(state, bytes.data(), bytes.size());
    }
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(XXH3_64bits_digest(state)));
  XXH3_freeState(state);
  return hex;
}

}  // namespace manualgen
