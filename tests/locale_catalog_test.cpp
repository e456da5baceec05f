#include "generator/load/locale_catalog.h"

#include <catch2/catch.hpp>

#include "test_support.h"

using namespace manualgen;

TEST_CASE("the shipped locales have the same screens and label keys", "[locales]") {
  Diagnostics diags;
  auto catalog = LocaleCatalog::load(ProjectFiles(test::source_dir().string(), ""), "locales", diags);
  REQUIRE_FALSE(diags.has_errors());
  const Locale* nl = catalog.get("nl");
  const Locale* en = catalog.get("en");
  REQUIRE(nl);
  REQUIRE(en);
  REQUIRE(nl->ui.size() == en->ui.size());
  for (const auto& [screen, labels] : nl->ui) {
    REQUIRE(en->ui.count(screen));
    for (const auto& [key, label] : labels) {
      INFO(screen << "/" << key);
      CHECK(en->ui.at(screen).count(key));
    }
  }
  CHECK(nl->theme.size() == en->theme.size());
  CHECK(catalog.ui("nl", "RST.Vk.SMS", "button-text").value->text == "Tekst");
  CHECK(catalog.ui("en", "RST.Vk.SMS", "button-text").value->text == "Text");
}

TEST_CASE("lookups follow the fallback chain and say where they found the text", "[locales]") {
  test::TempDir tmp;
  auto dir = tmp.path() / "locales";
  test::write_text(dir / "en/locale.json", R"({"name": "English", "fallback": null})");
  test::write_text(dir / "en/theme.json", R"({"step": "Step", "back": "Back"})");
  test::write_text(dir / "nl/locale.json", R"({"name": "Nederlands", "fallback": "en"})");
  test::write_text(dir / "nl/theme.json", R"({"step": "Stap"})");
  test::write_text(dir / "nl-BE/locale.json", R"J({"name": "Nederlands (België)", "fallback": "nl"})J");
  Diagnostics diags;
  auto catalog = LocaleCatalog::load(ProjectFiles(tmp.path().string(), ""), "locales", diags);
  REQUIRE_FALSE(diags.has_errors());
  CHECK(catalog.chain("nl-BE") == std::vector<std::string>{"nl-BE", "nl", "en"});
  auto step = catalog.theme("nl-BE", "step");
  CHECK(*step.value == "Stap");
  CHECK(step.locale == "nl");
  auto back = catalog.theme("nl-BE", "back");
  CHECK(*back.value == "Back");
  CHECK(back.locale == "en");
  CHECK_FALSE(catalog.theme("nl-BE", "missing"));
}

TEST_CASE("a fallback loop or a missing fallback is an error", "[locales]") {
  test::TempDir tmp;
  auto dir = tmp.path() / "locales";
  test::write_text(dir / "a/locale.json", R"({"name": "A", "fallback": "b"})");
  test::write_text(dir / "b/locale.json", R"({"name": "B", "fallback": "a"})");
  test::write_text(dir / "c/locale.json", R"({"name": "C", "fallback": "zz"})");
  Diagnostics diags;
  LocaleCatalog::load(ProjectFiles(tmp.path().string(), ""), "locales", diags);
  std::string all;
  for (const auto& d : diags.all()) all += d.message + "\n";
  CHECK(all.find("loops back") != std::string::npos);
  CHECK(all.find("fallback locale \"zz\" does not exist") != std::string::npos);
}
