#include "generator/build/build_state.h"

#include <algorithm>
#include <climits>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "generator/core/base_layer.h"
#include "generator/core/source_map.h"
#include "generator/core/text.h"
#include "generator/publish/output_path.h"

namespace manualgen {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// More files than any theme has, and few enough that the page count cannot overflow.
constexpr int kMaxSharedFiles = 1000000;

// Reads one record of the output folder, refusing it at the first entry that cannot be trusted:
// one warning per file, naming it and the entry, and what the build does instead (`hint`).
class RecordReader {
 public:
  RecordReader(std::string file, Diagnostics& diags, std::string hint)
      : file_(std::move(file)), diags_(diags), hint_(std::move(hint)) {}

  // The file's JSON; nullopt (refused) when it is not JSON.
  std::optional<json> parse(const std::string& text) {
    try {
      return json::parse(text);
    } catch (const json::parse_error& e) {
      TextPosition at = position_of_offset(text, e.byte > 0 ? e.byte - 1 : 0);
      refuse(Location(file_, at.line, at.column), "the file is not valid JSON");
    } catch (const json::exception&) {
      refuse(Location(file_), "the file holds a number out of range");
    }
    return std::nullopt;
  }

  // `object[key]` when it is there and `is` holds for it; otherwise refused at its pointer.
  const json* get(const json& object, const std::string& pointer, const std::string& key,
                  bool (json::*is)() const noexcept, const char* kind) {
    auto found = object.find(key);
    if (found != object.end() && ((*found).*is)()) return &*found;
    refuse(pointer + "/" + pointer_token(key), "\"" + key + "\" is missing or not " + kind);
    return nullptr;
  }

  // A count from 0 to `max` at `object[key]`.
  std::optional<int> count(const json& object, const std::string& pointer, const std::string& key, int max) {
    const json* value = get(object, pointer, key, &json::is_number_integer, "a whole number");
    if (!value) return std::nullopt;
    if (value->is_number_unsigned() ? value->get<std::uint64_t>() <= static_cast<std::uint64_t>(max)
                                    : value->get<std::int64_t>() >= 0 && value->get<std::int64_t>() <= max)
      return static_cast<int>(value->get<std::int64_t>());
    refuse(pointer + "/" + pointer_token(key), "\"" + key + "\" is out of range");
    return std::nullopt;
  }

  void refuse(const std::string& pointer, const std::string& message) {
    refuse(Location(file_, 0, 0, pointer), message);
  }

 private:
  void refuse(Location at, const std::string& message) {
    if (refused_) return;
    refused_ = true;
    diags_.warning(std::move(at), message, hint_);
  }

  std::string file_;
  Diagnostics& diags_;
  std::string hint_;
  bool refused_ = false;
};

// A JSON value as text for a message, whatever bytes a string holds.
std::string shown(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

// One organisation's entry: a slug id, and files that are plain relative paths in its folder.
std::optional<OrgState> read_org_state(RecordReader& reader, const std::string& id, const json& org) {
  const std::string at = "/organisations/" + pointer_token(id);
  if (!is_slug(id)) {
    reader.refuse(at, shown(json(id)) + " is not an organisation id");
    return std::nullopt;
  }
  if (!org.is_object()) {
    reader.refuse(at, "the entry of organisation \"" + id + "\" is not an object");
    return std::nullopt;
  }
  const json* fingerprint = reader.get(org, at, "fingerprint", &json::is_string, "a string");
  const json* files = reader.get(org, at, "files", &json::is_array, "an array");
  if (!fingerprint || !files) return std::nullopt;
  OrgState state{fingerprint->get<std::string>(), {}};
  for (size_t i = 0; i < files->size(); ++i) {
    const json& file = (*files)[i];
    if (!file.is_string() || !is_output_path(file.get_ref<const std::string&>()) ||
        file.get_ref<const std::string&>().rfind(id + "/", 0) != 0) {
      reader.refuse(at + "/files/" + std::to_string(i),
                    shown(file) + " is not a file organisation \"" + id +
                        "\" could have made: its files are relative paths inside the output folder, under \"" + id +
                        "/\"");
      return std::nullopt;
    }
    state.files.push_back(file.get<std::string>());
  }
  // Kept sorted and each once, as the build writes them: the next build takes set differences.
  std::sort(state.files.begin(), state.files.end());
  state.files.erase(std::unique(state.files.begin(), state.files.end()), state.files.end());
  return state;
}

// The inputs of a record, each inside the folder of `config` (where the build finds content/,
// locales/, the theme and the logos) or inside the base layer, and listed once.
std::optional<std::vector<std::string>> read_inputs(RecordReader& reader, const json& inputs,
                                                    const std::string& config) {
  std::string root = fs::path(config).parent_path().string();
  if (root.empty()) root = ".";
  const std::string base = find_base_layer().dir;
  auto inside = [&](const std::string& path) { return is_inside_folder(path, root) || is_inside_folder(path, base); };
  std::vector<std::string> paths;
  std::set<std::string> seen;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const json& input = inputs[i];
    if (!input.is_string() || !inside(input.get_ref<const std::string&>()) ||
        !seen.insert(input.get<std::string>()).second) {
      reader.refuse("/inputs/" + std::to_string(i), shown(input) + " is not an input a build of \"" + config +
                                                        "\" reads: those are inside \"" + root + "\" or \"" + base +
                                                        "\", each once");
      return std::nullopt;
    }
    paths.push_back(input.get<std::string>());
  }
  return paths;
}

}  // namespace

int BuildState::pages() const {
  int pages = shared_files;
  for (const auto& [id, org] : orgs) pages += static_cast<int>(org.files.size());
  return pages;
}

BuildState parse_build_state(const std::string& text, const std::string& file, Diagnostics& diags) {
  RecordReader reader(file, diags,
                      "the output folder may come from a cache, so manualgen trusts no path in it: the state is "
                      "ignored, every organisation is built again and the build writes a new state");
  auto j = reader.parse(text);
  if (!j) return {};
  if (!j->is_object()) {
    reader.refuse("", "the file is not a JSON object");
    return {};
  }
  const json* fingerprint = reader.get(*j, "", "fingerprint", &json::is_string, "a string");
  auto shared_files = reader.count(*j, "", "shared_files", kMaxSharedFiles);
  const json* orgs = reader.get(*j, "", "organisations", &json::is_object, "an object");
  if (!fingerprint || !shared_files || !orgs) return {};
  BuildState state{fingerprint->get<std::string>(), {}, *shared_files};
  for (const auto& [id, org] : orgs->items()) {
    auto org_state = read_org_state(reader, id, org);
    if (!org_state) return {};
    state.orgs[id] = std::move(*org_state);
  }
  return state;
}

BuildState read_build_state(const std::string& out, Diagnostics& diags) {
  const std::string file = (fs::path(out) / kStateFile).string();
  std::string problem;
  auto text = read_output_file(out, kStateFile, problem);
  if (!problem.empty())
    diags.warning({file}, "the build state cannot be read: " + problem, "every organisation is built again");
  return text ? parse_build_state(*text, file, diags) : BuildState{};
}

std::string build_state_text(const BuildState& state) {
  json orgs = json::object();
  for (const auto& [id, org] : state.orgs) orgs[id] = {{"fingerprint", org.fingerprint}, {"files", org.files}};
  json j = {{"fingerprint", state.fingerprint}, {"shared_files", state.shared_files}, {"organisations", orgs}};
  return j.dump(1) + "\n";
}

std::optional<InputsRecord> parse_inputs_record(const std::string& text, const std::string& file, Diagnostics& diags) {
  RecordReader reader(file, diags,
                      "the output folder may come from a cache, so manualgen trusts no path in it: the record is "
                      "ignored, the build loads and compares every input and writes a new record");
  auto j = reader.parse(text);
  if (!j) return std::nullopt;
  if (!j->is_object()) {
    reader.refuse("", "the file is not a JSON object");
    return std::nullopt;
  }
  const json* recorded = reader.get(*j, "", "recorded", &json::is_boolean, "true or false");
  if (!recorded || !recorded->get<bool>()) return std::nullopt;
  const json* config = reader.get(*j, "", "config", &json::is_string, "a string");
  const json* pdf_links = reader.get(*j, "", "pdf_links", &json::is_string, "a string");
  const json* inputs = reader.get(*j, "", "inputs", &json::is_array, "an array");
  const json* fingerprint = reader.get(*j, "", "fingerprint", &json::is_string, "a string");
  auto pages = reader.count(*j, "", "pages", INT_MAX);
  auto organisations = reader.count(*j, "", "organisations", INT_MAX);
  if (!config || !pdf_links || !inputs || !fingerprint || !pages || !organisations) return std::nullopt;
  auto paths = read_inputs(reader, *inputs, config->get<std::string>());
  if (!paths) return std::nullopt;
  return InputsRecord{config->get<std::string>(),
                      pdf_links->get<std::string>(),
                      std::move(*paths),
                      fingerprint->get<std::string>(),
                      *pages,
                      *organisations};
}

std::optional<InputsRecord> read_inputs_record(const std::string& out, Diagnostics& diags) {
  const std::string file = (fs::path(out) / kInputsFile).string();
  std::string problem;
  auto text = read_output_file(out, kInputsFile, problem);
  if (!problem.empty())
    diags.warning({file}, "the record of the inputs cannot be read: " + problem, "every input is loaded again");
  return text ? parse_inputs_record(*text, file, diags) : std::nullopt;
}

std::string inputs_record_text(const std::optional<InputsRecord>& record) {
  if (!record) return "{\"recorded\": false}\n";
  json j = {{"recorded", true},
            {"config", record->config},
            {"pdf_links", record->pdf_links},
            {"inputs", record->inputs},
            {"fingerprint", record->fingerprint},
            {"pages", record->pages},
            {"organisations", record->organisations}};
  return j.dump(1) + "\n";
}

}  // namespace manualgen
