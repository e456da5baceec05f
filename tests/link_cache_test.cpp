#include <catch2/catch.hpp>

#include "checks/links/link_cache.h"
#include "test_support.h"

using namespace manualgen;

namespace {

FetchResult answered(const std::string& url, long status) {
  FetchResult r;
  r.url = url;
  r.chain.push_back(Hop{url, "HEAD", status, "20.1.2.3", 1});
  return r;
}

}  // namespace

TEST_CASE("cache: good answers come back while fresh", "[links][cache]") {
  test::TempDir dir;
  std::string path = (dir.path() / "cache.json").string();
  Diagnostics diags;
  auto cache = LinkCache::load(path, 1000, 3600, diags);
  CHECK(cache.size() == 0);
  FetchResult redirected = answered("https://aka.ms/sspr", 301);
  redirected.chain.push_back(Hop{"https://passwordreset.microsoftonline.com/", "HEAD", 200, "", 1});
  cache.store(redirected, 1000);
  cache.store(answered("https://b.example/", 200), 100);
  std::string error;
  REQUIRE(cache.save(path, error));

  auto again = LinkCache::load(path, 2000, 3600, diags);
  CHECK(diags.all().empty());
  const FetchResult* kept = again.find("https://aka.ms/sspr");
  REQUIRE(kept);
  CHECK(kept->cached);
  REQUIRE(kept->chain.size() == 2);
  CHECK(kept->chain[1].url == "https://passwordreset.microsoftonline.com/");
  CHECK(kept->chain[1].attempts == 0);
  // Checked at 100, now 2000, max age 3600: still fresh. At 4000 it is not.
  CHECK(again.find("https://b.example/"));
  CHECK_FALSE(LinkCache::load(path, 4000, 3600, diags).find("https://b.example/"));
  CHECK(LinkCache::load(path, 4000, 3600, diags).find("https://aka.ms/sspr"));
}

TEST_CASE("cache: failures are never kept", "[links][cache]") {
  Diagnostics diags;
  auto cache = LinkCache::load("/nonexistent/cache.json", 0, 60, diags);
  FetchResult failed = answered("https://x.example/", 0);
  failed.outcome = FetchOutcome::network_error;
  cache.store(failed, 0);
  CHECK_FALSE(cache.find("https://x.example/"));
  CHECK(diags.all().empty());
}

TEST_CASE("cache: a file that is not a cache is a warning, and the run goes on", "[links][cache]") {
  test::TempDir dir;
  test::write_text(dir.path() / "cache.json", "{ not json");
  Diagnostics diags;
  auto cache = LinkCache::load((dir.path() / "cache.json").string(), 0, 60, diags);
  CHECK(cache.size() == 0);
  CHECK_FALSE(diags.has_errors());
  CHECK(diags.warning_count() == 1);
}
