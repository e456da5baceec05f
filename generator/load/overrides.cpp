#include "generator/load/overrides.h"

#include <filesystem>
#include <nlohmann/json.hpp>

#include "generator/core/fingerprint.h"
#include "generator/core/input_file.h"
#include "generator/core/json_file.h"

namespace manualgen {

namespace fs = std::filesystem;

namespace {

constexpr const char* kComment =
    "Written by manualgen override: the version of the shipped file each of these files of the project was copied "
    "from. manualgen build warns when manualgen ships another version; manualgen override --accept FILE records it "
    "once your copy has what it needs of it.";

std::optional<Override> read_override(JsonObject& entry) {
  entry.reject_unknown({"shipped", "release"});
  auto shipped = entry.string("shipped", Need::required);
  if (!shipped) return std::nullopt;
  return Override{*shipped, entry.string("release", Need::optional).value_or("")};
}

}  // namespace

std::optional<Overrides> read_overrides(const ProjectFiles& files, Diagnostics& diags) {
  const std::string path = (fs::path(files.root()) / kOverridesFile).string();
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(path, ec))) return Overrides{};
  auto file = read_json_file(path, files.shown(kOverridesFile), diags);
  if (!file) return std::nullopt;
  JsonObject root(file->value, "", file->map, diags);
  if (!root.ok()) return std::nullopt;
  root.reject_unknown({"overrides"}, {"_comment"});
  auto list = root.object("overrides", Need::required);
  if (!list) return std::nullopt;
  Overrides overrides;
  for (const auto& item : file->value["overrides"].items())
    if (auto entry = list->object(item.key(), Need::required))
      if (auto one = read_override(*entry)) overrides[item.key()] = std::move(*one);
  return overrides;
}

std::string overrides_text(const Overrides& overrides) {
  nlohmann::ordered_json list = nlohmann::ordered_json::object();
  for (const auto& [relative, one] : overrides) list[relative] = {{"shipped", one.shipped}, {"release", one.release}};
  nlohmann::ordered_json record = {{"_comment", kComment}, {"overrides", list}};
  return record.dump(2) + "\n";
}

std::optional<std::string> shipped_version(const ProjectFiles& files, const std::string& relative) {
  if (files.base().empty()) return std::nullopt;
  std::string bytes;
  // The limit of the largest shipped input; a file over it is no shipped file.
  constexpr size_t kLimit = size_t{64} << 20;
  if (read_regular_file((fs::path(files.base()) / relative).string(), kLimit, bytes).problem != ReadProblem::none)
    return std::nullopt;
  return fingerprint(bytes);
}

void check_overrides(const ProjectFiles& files, Diagnostics& diags) {
  if (files.base().empty()) return;
  auto overrides = read_overrides(files, diags);
  if (!overrides) return;
  std::error_code ec;
  for (const auto& [relative, one] : *overrides) {
    const auto found = files.find(relative);
    if (found.layer != ProjectFiles::Layer::project || !fs::exists(found.path, ec)) continue;
    const std::string shipped = (fs::path(files.base()) / relative).lexically_normal().string();
    auto now = shipped_version(files, relative);
    if (!now)
      diags.warning({found.shown}, relative + " overrides a file manualgen no longer ships (" + shipped + ")",
                    "if the project still needs it, see what replaced it; else remove it and its entry in " +
                        std::string(kOverridesFile));
    else if (*now != one.shipped)
      diags.warning({found.shown},
                    relative + " overrides an older version of the shipped file; compare with " + shipped,
                    "take what changed into your copy, then: manualgen override --accept " + relative);
  }
}

}  // namespace manualgen
