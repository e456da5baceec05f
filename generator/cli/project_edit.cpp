#include "generator/cli/project_edit.h"

#include <filesystem>
#include <fstream>

#include "generator/core/input_file.h"

namespace manualgen {

namespace fs = std::filesystem;

std::vector<std::string> existing_paths(const std::vector<std::string>& paths) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& path : paths)
    if (fs::exists(fs::symlink_status(path, ec))) out.push_back(path);
  return out;
}

bool write_project_file(const std::string& path, const std::string& bytes, Diagnostics& diags) {
  std::error_code ec;
  if (const fs::path folder = fs::path(path).parent_path(); !folder.empty()) fs::create_directories(folder, ec);
  std::ofstream out(path, std::ios::binary);
  if (!ec && out.write(bytes.data(), static_cast<std::streamsize>(bytes.size())) && out.flush()) return true;
  diags.error({path}, "cannot write \"" + path + "\"" + (ec ? ": " + ec.message() : std::string()),
              "check that the folder exists and may be written");
  return false;
}

std::optional<std::string> read_shipped_file(const std::string& path, Diagnostics& diags) {
  // A shipped file is a page of prose, a template or a catalogue of labels; the limit is the
  // largest any loader allows.
  constexpr size_t kLimit = size_t{64} << 20;
  return read_input_file(path, path, kLimit, "is manualgen's base layer intact?", diags);
}

}  // namespace manualgen
