#include "checks/links/link_cache.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "generator/core/text.h"

namespace manualgen {

namespace {

using nlohmann::json;

constexpr int kCacheFormat = 1;

}  // namespace

LinkCache LinkCache::load(const std::string& path, std::int64_t now, int max_age_s, Diagnostics& diags) {
  LinkCache cache;
  std::string text;
  if (!std::filesystem::exists(path)) return cache;
  if (!read_file(path, text)) {
    diags.warning({path}, "cannot read the link cache; checking every URL", "check the file's permissions");
    return cache;
  }
  try {
    json root = json::parse(text);
    if (root.value("version", 0) != kCacheFormat) throw std::runtime_error("unknown version");
    for (const auto& [url, value] : root.at("results").items()) {
      Entry entry;
      entry.checked = value.at("checked").get<std::int64_t>();
      if (entry.checked > now || now - entry.checked > max_age_s) continue;
      entry.result.url = url;
      entry.result.cached = true;
      for (const auto& hop : value.at("chain"))
        entry.result.chain.push_back(Hop{hop.at("url").get<std::string>(), hop.value("method", ""),
                                         hop.at("status").get<long>(), hop.value("address", ""), 0});
      if (entry.result.chain.empty()) continue;
      cache.entries_.emplace(url, std::move(entry));
    }
  } catch (const std::exception& e) {
    cache.entries_.clear();
    diags.warning(
        {path},
        std::string("the link cache is not a cache file manualgen wrote (") + e.what() + "); checking every URL",
        "delete it; the next run writes a new one");
  }
  return cache;
}

const FetchResult* LinkCache::find(const std::string& url) const {
  auto it = entries_.find(url);
  return it == entries_.end() ? nullptr : &it->second.result;
}

void LinkCache::store(const FetchResult& result, std::int64_t now) {
  if (result.cached || result.outcome != FetchOutcome::answered) return;
  Entry entry{now, result};
  entry.result.cached = true;
  for (auto& hop : entry.result.chain) hop.attempts = 0;
  entries_[result.url] = std::move(entry);
}

bool LinkCache::save(const std::string& path, std::string& error) const {
  json results = json::object();
  for (const auto& [url, entry] : entries_) {
    json chain = json::array();
    for (const auto& hop : entry.result.chain)
      chain.push_back({{"url", hop.url}, {"method", hop.method}, {"status", hop.status}, {"address", hop.address}});
    results[url] = {{"checked", entry.checked}, {"chain", chain}};
  }
  json root = {{"version", kCacheFormat}, {"results", results}};
  std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << root.dump(1) << "\n";
    if (!out) {
      error = "cannot write " + temporary;
      return false;
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    error = "cannot rename " + temporary + " to " + path;
    return false;
  }
  return true;
}

}  // namespace manualgen
