#include "checks/links/link_rules.h"

#include <algorithm>
#include <charconv>

#include "checks/links/link_url.h"
#include "generator/core/json_file.h"

namespace manualgen {

bool host_matches(std::string_view pattern, std::string_view host) {
  if (pattern.substr(0, 2) == "*.") {
    std::string_view suffix = pattern.substr(1);  // ".microsoft.com"
    return host.size() > suffix.size() && host.substr(host.size() - suffix.size()) == suffix;
  }
  return pattern == host;
}

bool host_matches_any(const std::vector<std::string>& patterns, std::string_view host) {
  return std::any_of(patterns.begin(), patterns.end(), [&](const std::string& p) { return host_matches(p, host); });
}

const HostRule* LinkRules::host_rule(std::string_view host) const {
  const HostRule* best = nullptr;
  for (const auto& rule : hosts) {
    if (!host_matches(rule.pattern, host)) continue;
    if (rule.pattern == host) return &rule;
    if (!best || rule.pattern.size() > best->pattern.size()) best = &rule;
  }
  return best;
}

int LinkRules::connections_for(std::string_view host) const {
  const HostRule* rule = host_rule(host);
  return rule && rule->connections ? *rule->connections : connections_per_host;
}

int LinkRules::min_interval_for(std::string_view host) const {
  const HostRule* rule = host_rule(host);
  return rule && rule->min_interval_ms ? *rule->min_interval_ms : min_interval_ms;
}

bool LinkRules::get_first(std::string_view host) const {
  const HostRule* rule = host_rule(host);
  return rule && rule->get_first.value_or(false);
}

bool LinkRules::accepts(std::string_view host, long status) const {
  const HostRule* rule = host_rule(host);
  const auto& ranges = rule && !rule->accept.empty() ? rule->accept : accept;
  return std::any_of(ranges.begin(), ranges.end(),
                     [&](const StatusRange& r) { return status >= r.low && status <= r.high; });
}

bool LinkRules::excluded(std::string_view url, std::string_view host) const {
  return host_matches_any(exclude_hosts, host) ||
         std::any_of(exclude.begin(), exclude.end(),
                     [&](const std::string& p) { return url.substr(0, p.size()) == p; });
}

const RedirectExpectation* LinkRules::expectation_for(std::string_view url) const {
  for (const auto& e : expectations)
    if (e.url == url) return &e;
  return nullptr;
}

namespace {

using nlohmann::json;

bool valid_host_pattern(std::string_view p) {
  std::string_view name = p.substr(0, 2) == "*." ? p.substr(2) : p;
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == ':' || c == '[' || c == ']';
  });
}

std::optional<std::vector<std::string>> host_patterns(JsonObject& o, const std::string& key) {
  auto list = o.strings(key, Need::optional);
  if (!list) return std::nullopt;
  for (size_t i = 0; i < list->size(); ++i) {
    if (!valid_host_pattern((*list)[i]))
      o.diags().error(o.map().at(o.pointer(key) + "/" + std::to_string(i)),
                      "\"" + (*list)[i] + "\" is not a host name pattern",
                      "write a lowercase host (`aka.ms`) or `*.` and a domain (`*.bing.com`)");
  }
  return list;
}

// `[200, "300-399"]`: status codes and inclusive ranges.
std::optional<std::vector<StatusRange>> status_ranges(JsonObject& o, const std::string& key) {
  const json* value = o.member(key);
  if (!value) return std::nullopt;
  Location where = o.at(key);
  if (!value->is_array() || value->empty()) {
    o.diags().error(where, "\"" + key + "\" must be a non-empty list of status codes and ranges",
                    "for example [200, \"300-399\"]");
    return std::nullopt;
  }
  std::vector<StatusRange> out;
  for (size_t i = 0; i < value->size(); ++i) {
    const json& item = (*value)[i];
    StatusRange r;
    bool good = false;
    if (item.is_number_integer()) {
      r.low = r.high = item.get<int>();
      good = true;
    } else if (item.is_string()) {
      std::string s = item.get<std::string>();
      const char* end = s.data() + s.size();
      auto [low_end, low_error] = std::from_chars(s.data(), end, r.low);
      r.high = r.low;
      good = low_error == std::errc();
      if (good && low_end != end) {
        auto [high_end, high_error] = *low_end == '-' ? std::from_chars(low_end + 1, end, r.high)
                                                      : std::from_chars_result{low_end, std::errc::invalid_argument};
        good = high_error == std::errc() && high_end == end;
      }
    }
    if (!good || r.low < 100 || r.high > 599 || r.low > r.high) {
      o.diags().error(o.map().at(o.pointer(key) + "/" + std::to_string(i)),
                      "not a status code or range: " + item.dump(), "write 200 or \"200-299\" (100 to 599)");
      return std::nullopt;
    }
    out.push_back(r);
  }
  return out;
}

template <class T>
void take(std::optional<T> value, T& into) {
  if (value) into = *value;
}

enum class Entries { by_name, by_index };  // a JSON object's members, or a list's items

// Calls `read` with the name (for a list, the index) and the object of each entry of `root`'s
// member `key`. An entry that is not an object is reported and skipped; a member of the other
// kind is the error `wrong_kind`.
template <class Read>
void read_entries(JsonObject& root, const std::string& key, Entries kind, const std::string& wrong_kind, Read read) {
  const json* entries = root.member(key);
  if (!entries) return;
  if (kind == Entries::by_name ? !entries->is_object() : !entries->is_array()) {
    root.diags().error(root.at(key), wrong_kind);
    return;
  }
  for (const auto& [name, value] : entries->items()) {
    JsonObject o(value, root.pointer(key) + "/" + pointer_token(name), root.map(), root.diags());
    if (o.ok()) read(name, o);
  }
}

HostRule read_host(const std::string& pattern, JsonObject& o) {
  if (!valid_host_pattern(pattern))
    o.diags().error(o.location(), "\"" + pattern + "\" is not a host name pattern",
                    "write a lowercase host (`aka.ms`) or `*.` and a domain (`*.microsoft.com`)");
  HostRule rule;
  rule.pattern = pattern;
  rule.connections = o.integer("connections", Need::optional, 1, 64);
  rule.min_interval_ms = o.integer("min_interval_ms", Need::optional, 0, 60000);
  if (auto method = o.string("method", Need::optional)) {
    if (*method != "HEAD" && *method != "GET")
      o.diags().error(o.at("method"), "\"method\" must be \"HEAD\" or \"GET\", not \"" + *method + "\"");
    rule.get_first = *method == "GET";
  }
  take(status_ranges(o, "accept"), rule.accept);
  o.reject_unknown({"connections", "min_interval_ms", "method", "accept"});
  return rule;
}

RedirectExpectation read_expectation(JsonObject& o) {
  RedirectExpectation e;
  e.where = o.location();
  if (auto url = o.string("url", Need::required)) {
    std::string error;
    if (auto parsed = Url::parse(*url, &error))
      e.url = parsed->without_fragment();
    else
      o.diags().error(o.at("url"), "not a URL: " + error);
  }
  if (const json* hosts = o.member("final_host"); hosts && hosts->is_string()) {
    e.final_hosts = {hosts->get<std::string>()};
    if (!valid_host_pattern(e.final_hosts.front()))
      o.diags().error(o.at("final_host"), "\"" + e.final_hosts.front() + "\" is not a host name pattern");
  } else if (auto patterns = host_patterns(o, "final_host")) {
    e.final_hosts = *patterns;
  } else if (!hosts) {
    o.diags().error(o.location(), "missing required field \"final_host\"",
                    "name the host the redirects must end on, or a list of them");
  }
  o.reject_unknown({"url", "final_host"});
  return e;
}

void read_hosts(JsonObject& root, LinkRules& rules) {
  read_entries(root, "hosts", Entries::by_name, "\"hosts\" must be an object of host patterns",
               [&](const std::string& pattern, JsonObject& o) { rules.hosts.push_back(read_host(pattern, o)); });
}

void read_expectations(JsonObject& root, LinkRules& rules) {
  read_entries(root, "expectations", Entries::by_index,
               "\"expectations\" must be a list of { \"url\", \"final_host\" }",
               [&](const std::string&, JsonObject& o) { rules.expectations.push_back(read_expectation(o)); });
}

}  // namespace

std::optional<LinkRules> load_link_rules(const std::string& path, const std::string& display, Diagnostics& diags) {
  auto file = read_json_file(path, display, diags);
  if (!file) return std::nullopt;
  Diagnostics found;
  JsonObject root(file->value, "", file->map, found);
  LinkRules rules;
  if (root.ok()) {
    take(root.string("user_agent", Need::optional), rules.user_agent);
    take(root.integer("concurrency", Need::optional, 1, 256), rules.concurrency);
    if (auto o = root.object("per_host", Need::optional)) {
      take(o->integer("connections", Need::optional, 1, 64), rules.connections_per_host);
      take(o->integer("min_interval_ms", Need::optional, 0, 60000), rules.min_interval_ms);
      o->reject_unknown({"connections", "min_interval_ms"});
    }
    if (auto o = root.object("timeouts", Need::optional)) {
      take(o->integer("connect_ms", Need::optional, 1, 300000), rules.connect_timeout_ms);
      take(o->integer("total_ms", Need::optional, 1, 600000), rules.total_timeout_ms);
      o->reject_unknown({"connect_ms", "total_ms"});
    }
    if (auto o = root.object("retries", Need::optional)) {
      take(o->integer("max", Need::optional, 0, 10), rules.max_retries);
      take(o->integer("backoff_ms", Need::optional, 0, 60000), rules.backoff_ms);
      take(o->integer("retry_after_cap_ms", Need::optional, 0, 600000), rules.retry_after_cap_ms);
      o->reject_unknown({"max", "backoff_ms", "retry_after_cap_ms"});
    }
    take(root.integer("max_redirects", Need::optional, 0, 50), rules.max_redirects);
    take(root.integer("max_body_bytes", Need::optional, 0, 64 * 1024 * 1024), rules.max_body_bytes);
    take(root.integer("cache_max_age_s", Need::optional, 0, 365 * 24 * 3600), rules.cache_max_age_s);
    take(status_ranges(root, "accept"), rules.accept);
    take(root.strings("exclude", Need::optional), rules.exclude);
    take(host_patterns(root, "exclude_hosts"), rules.exclude_hosts);
    read_hosts(root, rules);
    if (auto o = root.object("shortlinks", Need::optional)) {
      take(host_patterns(*o, "hosts"), rules.shortlink_hosts);
      take(host_patterns(*o, "search_engines"), rules.search_engine_hosts);
      o->reject_unknown({"hosts", "search_engines"});
    }
    read_expectations(root, rules);
    root.reject_unknown({"user_agent", "concurrency", "per_host", "timeouts", "retries", "max_redirects",
                         "max_body_bytes", "cache_max_age_s", "accept", "exclude", "exclude_hosts", "hosts",
                         "shortlinks", "expectations"});
  }
  bool failed = found.has_errors() || !root.ok();
  diags.append(found);
  if (failed) return std::nullopt;
  return rules;
}

}  // namespace manualgen
