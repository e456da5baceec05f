#include "generator/build/build_state.h"

#include <filesystem>
#include <nlohmann/json.hpp>

#include "generator/core/text.h"

namespace manualgen {

namespace fs = std::filesystem;

int BuildState::pages() const {
  int pages = shared_files;
  for (const auto& [id, org] : orgs) pages += static_cast<int>(org.files.size());
  return pages;
}

BuildState read_build_state(const std::string& out) {
  BuildState state;
  std::string text;
  if (!read_file((fs::path(out) / kStateFile).string(), text)) return state;
  try {
    auto j = nlohmann::json::parse(text);
    state.fingerprint = j.value("fingerprint", "");
    state.shared_files = j.value("shared_files", 0);
    for (const auto& [id, org] : j.at("organisations").items())
      state.orgs[id] = {org.at("fingerprint").get<std::string>(), org.at("files").get<std::vector<std::string>>()};
  } catch (const nlohmann::json::exception&) {
    state = {};  // unreadable: build everything
  }
  return state;
}

std::string build_state_text(const BuildState& state) {
  nlohmann::json orgs = nlohmann::json::object();
  for (const auto& [id, org] : state.orgs) orgs[id] = {{"fingerprint", org.fingerprint}, {"files", org.files}};
  nlohmann::json j = {
      {"fingerprint", state.fingerprint}, {"shared_files", state.shared_files}, {"organisations", orgs}};
  return j.dump(1) + "\n";
}

std::optional<InputsRecord> read_inputs_record(const std::string& out) {
  std::string text;
  if (!read_file((fs::path(out) / kInputsFile).string(), text)) return std::nullopt;
  try {
    auto j = nlohmann::json::parse(text);
    if (!j.value("recorded", false)) return std::nullopt;
    return InputsRecord{j.at("config").get<std::string>(),
                        j.value("pdf_links", ""),
                        j.at("inputs").get<std::vector<std::string>>(),
                        j.at("fingerprint").get<std::string>(),
                        j.at("pages").get<int>(),
                        j.at("organisations").get<int>()};
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;  // unreadable: load and compare everything
  }
}

std::string inputs_record_text(const std::optional<InputsRecord>& record) {
  if (!record) return "{\"recorded\": false}\n";
  nlohmann::json j = {{"recorded", true},
                      {"config", record->config},
                      {"pdf_links", record->pdf_links},
                      {"inputs", record->inputs},
                      {"fingerprint", record->fingerprint},
                      {"pages", record->pages},
                      {"organisations", record->organisations}};
  return j.dump(1) + "\n";
}

}  // namespace manualgen
