// site-config.schema.json and the loader agree. The test walks the schema beside
// tests/site_config_schema/every-field.json (a config that sets every field) and, one change at a
// time, asks the loader: the fields it knows in each object (from its own "allowed here" message
// for an unknown one) are the schema's properties; a required field is missing → refused, an
// optional one → accepted; a value of another type, out of range, empty, not matching the pattern,
// not listed or listed twice → refused, the bounds themselves → accepted. The schema's defaults are
// compared with what the loader fills in for a config without the optional fields.

#include <algorithm>
#include <catch2/catch.hpp>
#include <functional>
#include <regex>
#include <set>

#include "generator/load/site_config.h"
#include "test_support.h"

using namespace manualgen;
using nlohmann::json;

namespace {

const json& schema() {
  static const json s = json::parse(test::read_text(test::source_dir() / "site-config.schema.json"));
  return s;
}

json every_field_config() {
  return json::parse(test::read_text(test::source_dir() / "tests/site_config_schema/every-field.json"));
}

// A property's schema with its "$ref" followed: the definition, with the property's own keywords
// (description, default) over it; `ref` is the name of the definition, or empty.
struct Resolved {
  json node;
  std::string ref;
};

Resolved resolve(const json& node) {
  if (!node.contains("$ref")) return {node, ""};
  const std::string ref = node["$ref"].get<std::string>();
  const std::string prefix = "#/$defs/";
  REQUIRE(ref.rfind(prefix, 0) == 0);
  json out = resolve(schema()["$defs"][ref.substr(prefix.size())]).node;
  for (const auto& [key, value] : node.items())
    if (key != "$ref") out[key] = value;
  return {out, ref.substr(prefix.size())};
}

Diagnostics load(const json& config) {
  Diagnostics diags;
  parse_site_config(config.dump(), "site-config.json", test::source_dir().string(), diags);
  return diags;
}

bool accepted(const json& config) { return !load(config).has_errors(); }

json changed(const json& config, const json::json_pointer& at, const json& value) {
  json out = config;
  out[at] = value;
  return out;
}

json without(const json& config, const json::json_pointer& at) {
  json out = config;
  out[at.parent_pointer()].erase(at.back());
  return out;
}

std::set<std::string> quoted_words(const std::string& text) {
  std::set<std::string> out;
  static const std::regex quoted("\"([^\"]+)\"");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), quoted); it != std::sregex_iterator(); ++it)
    out.insert((*it)[1].str());
  return out;
}

// The fields the loader allows in the object at `at`, from its message for an unknown one.
std::set<std::string> loader_fields(const json& config, const json::json_pointer& at) {
  const std::string unknown = "zzzzzzzzzzzzzzzzzzzz";
  const Diagnostics diags = load(changed(config, at / unknown, 1));
  for (const auto& d : diags.all())
    if (d.message == "unknown field \"" + unknown + "\"") return quoted_words(d.hint);
  FAIL("the loader accepts an unknown field at " << at.to_string());
  return {};
}

// "_comment", which every object of fields may hold and the loader ignores without offering it
// in its hints (kComment in generator/load/site_config.cpp).
const std::string kComment = "_comment";

std::set<std::string> schema_fields(const json& object_schema) {
  std::set<std::string> out;
  for (const auto& [key, unused] : object_schema["properties"].items())
    if (key != kComment) out.insert(key);
  return out;
}

// The property's types: "type" is one name or a list of them.
std::vector<std::string> types_of(const json& property) {
  const json& type = property["type"];
  return type.is_array() ? type.get<std::vector<std::string>>() : std::vector<std::string>{type.get<std::string>()};
}

// A value of none of the JSON types `types`.
json wrong_type(const std::vector<std::string>& types) {
  auto has = [&](const char* t) { return std::find(types.begin(), types.end(), t) != types.end(); };
  return has("integer") ? json("7") : has("string") ? json(true) : json(7);
}

void check_value(const json& config, const json::json_pointer& at, const Resolved& property);

// Required fields are those of "required" and those a present field depends on ("dependentRequired").
bool is_required(const json& object_schema, const json& object, const std::string& key) {
  const json required = object_schema.value("required", json::array());
  for (const auto& r : required)
    if (r == key) return true;
  const json dependent = object_schema.value("dependentRequired", json::object());
  for (const auto& [field, needs] : dependent.items())
    if (object.contains(field))
      for (const auto& n : needs)
        if (n == key) return true;
  return false;
}

void check_object(const json& config, const json::json_pointer& at, const json& object_schema) {
  INFO("object " << at.to_string());
  CHECK(object_schema["additionalProperties"] == false);
  CHECK(loader_fields(config, at) == schema_fields(object_schema));
  // A remark is text anywhere a field may be, for the schema and for the loader.
  REQUIRE(object_schema["properties"].contains(kComment));
  CHECK(object_schema["properties"][kComment]["type"] == "string");
  CHECK(accepted(changed(config, at / kComment, json("a remark"))));
  for (const auto& [key, raw] : object_schema["properties"].items()) {
    if (key == kComment) continue;
    const auto p = at / key;
    INFO("field " << p.to_string());
    REQUIRE(config.contains(p));  // every-field.json sets every field
    Resolved property = resolve(raw);
    CHECK(property.node.contains("description"));
    CHECK(accepted(without(config, p)) == !is_required(object_schema, config[at], key));
    check_value(config, p, property);
  }
}

void check_integer(const json& config, const json::json_pointer& at, const json& property) {
  REQUIRE(property.contains("minimum"));
  REQUIRE(property.contains("maximum"));
  const int min = property["minimum"], max = property["maximum"];
  CHECK(accepted(changed(config, at, min)));
  CHECK(accepted(changed(config, at, max)));
  CHECK_FALSE(accepted(changed(config, at, min - 1)));
  CHECK_FALSE(accepted(changed(config, at, max + 1)));
}

void check_string(const json& config, const json::json_pointer& at, const json& property) {
  if (property.contains("pattern")) {
    const std::string bad = "Not valid!";
    CHECK_FALSE(std::regex_search(bad, std::regex(property["pattern"].get<std::string>())));
    CHECK_FALSE(accepted(changed(config, at, bad)));
  }
  if (property.value("minLength", 0) == 1) CHECK_FALSE(accepted(changed(config, at, "")));
  if (property.contains("maxLength")) {
    const size_t max = property["maxLength"];
    CHECK(accepted(changed(config, at, std::string(max, 'a'))));
    CHECK_FALSE(accepted(changed(config, at, std::string(max + 1, 'a'))));
  }
}

// Methods and flows are the loader's own tables; other lists of values are tried one by one.
void check_enum(const json& config, const json::json_pointer& at, const Resolved& property) {
  const auto values = property.node["enum"].get<std::vector<std::string>>();
  if (property.ref == "method") {
    CHECK(values == all_method_ids());
  } else if (property.ref == "flow") {
    CHECK(values == all_flow_ids());
  } else {
    for (const auto& v : values) CHECK(accepted(changed(config, at, v)));
  }
  CHECK_FALSE(accepted(changed(config, at, "zz-not-listed")));
}

void check_array(const json& config, const json::json_pointer& at, const json& property) {
  if (property.value("minItems", 0) == 1) CHECK_FALSE(accepted(changed(config, at, json::array())));
  const json list = config[at];
  REQUIRE_FALSE(list.empty());
  if (property.value("uniqueItems", false)) {
    json twice = list;
    twice.push_back(list[0]);
    CHECK_FALSE(accepted(changed(config, at, twice)));
  }
  check_value(config, at / 0, resolve(property["items"]));
}

void check_value(const json& config, const json::json_pointer& at, const Resolved& property) {
  const json& p = property.node;
  if (p.contains("enum")) return check_enum(config, at, property);
  const auto types = types_of(p);
  CHECK_FALSE(accepted(changed(config, at, wrong_type(types))));
  // Of a property with several types, the checks of the one every-field.json gives.
  const json& value = config[at];
  for (const auto& type : types) {
    if (type == "integer" && value.is_number_integer()) check_integer(config, at, p);
    if (type == "string" && value.is_string()) check_string(config, at, p);
    if (type == "array" && value.is_array()) check_array(config, at, p);
    if (type == "object" && value.is_object() && p.contains("properties")) check_object(config, at, p);
    // Text per locale: any locale, each a string.
    if (type == "object" && value.is_object() && p["additionalProperties"].is_object())
      for (const auto& [key, unused] : value.items()) CHECK_FALSE(accepted(changed(config, at / key, 7)));
  }
}

// Every property with a "default" in the schema, beside what the loader fills in without it.
std::map<std::string, json> loaded_defaults(const SiteConfig& c) {
  const Organisation& o = c.organisations.at(0);
  const Policy& p = o.policy;
  return {
      {"/$defs/site/properties/theme", c.site.theme},
      {"/$defs/site/properties/image_hosts", c.site.image_hosts},
      {"/$defs/organisation/properties/notes", json::array_t(o.notes.size())},
      {"/$defs/organisation/properties/illustrations", o.illustrations},
      {"/$defs/brand/properties/primary", o.brand.primary},
      {"/$defs/brand/properties/on_primary", o.brand.on_primary},
      {"/$defs/brand/properties/accent", o.brand.accent},
      {"/$defs/policy/properties/methods_required", p.methods_required},
      {"/$defs/policy/properties/unlock", p.unlock},
      {"/$defs/policy/properties/windows_reset", p.windows_reset},
      {"/$defs/policy/properties/min_password_length", p.min_length},
      {"/$defs/policy/properties/phone_entry", p.phone_entry == PhoneEntry::national ? "national" : "international"},
      {"/$defs/policy/properties/captcha_hint", p.captcha_hint},
      {"/$defs/policy/properties/register_first", json::array_t(p.register_first.size())},
      {"/$defs/policy/properties/audience", p.administrators ? "administrators" : "users"},
      {"/$defs/securityQuestions/properties/register", p.questions_register},
      {"/$defs/securityQuestions/properties/reset", p.questions_reset},
  };
}

void collect_defaults(const json& node, const json::json_pointer& at, std::set<std::string>& out) {
  if (!node.is_object()) return;
  if (node.contains("default")) out.insert(at.to_string());
  for (const auto& [key, value] : node.items()) collect_defaults(value, at / key, out);
}

}  // namespace

TEST_CASE("every field the loader reads is in the schema with its type, range and need, and the reverse") {
  const json config = every_field_config();
  const Diagnostics diags = load(config);
  INFO(test::messages(diags));
  REQUIRE_FALSE(diags.has_errors());
  check_object(config, json::json_pointer(), schema());
}

TEST_CASE("the schema's servicedesk needs one way to reach it, as the loader does") {
  json config = every_field_config();
  json::json_pointer desk("/organisations/0/servicedesk");
  for (const char* key : {"phone", "email", "url"}) config[desk].erase(key);
  CHECK_FALSE(accepted(config));
  for (const auto& way : schema()["$defs"]["servicedesk"]["anyOf"]) {
    const std::string key = way["required"][0];
    CHECK(accepted(changed(config, desk / key, every_field_config()[desk / key])));
  }
}

TEST_CASE("the schema's defaults are what the loader fills in") {
  json config = every_field_config();
  auto& org = config["organisations"][0];
  config["site"].erase("theme");
  config["site"].erase("image_hosts");
  for (const char* key : {"brand", "notes", "illustrations"}) org.erase(key);
  for (const char* key : {"methods_required", "unlock", "min_password_length", "phone_entry", "captcha_hint",
                          "register_first", "audience", "windows_reset"})
    org["policy"].erase(key);
  org["policy"]["security_questions"] = json::object();
  Diagnostics diags;
  auto loaded = parse_site_config(config.dump(), "site-config.json", test::source_dir().string(), diags);
  INFO(test::messages(diags));
  REQUIRE_FALSE(diags.has_errors());
  const auto defaults = loaded_defaults(*loaded);
  std::set<std::string> with_default;
  collect_defaults(schema(), json::json_pointer(), with_default);
  std::set<std::string> compared;
  for (const auto& [pointer, value] : defaults) {
    INFO(pointer);
    compared.insert(pointer);
    CHECK(schema()[json::json_pointer(pointer + "/default")] == value);
  }
  CHECK(compared == with_default);
}
