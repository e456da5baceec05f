// `Selection`: which organisations and locales `--org`/`--locale` ask for, and its checks on them.

#include "generator/load/selection.h"

#include <catch2/catch.hpp>

#include "generator/load/project.h"
#include "test_support.h"

using namespace manualgen;

TEST_CASE("an empty selection includes everything, a named one only what it names", "[selection]") {
  Selection all;
  CHECK(all.everything());
  CHECK(all.includes_org("gemeente-lindewijk"));
  CHECK(all.includes_locale("nl"));

  Selection some{{"gemeente-lindewijk"}, {"en"}};
  CHECK_FALSE(some.everything());
  CHECK(some.includes_org("gemeente-lindewijk"));
  CHECK_FALSE(some.includes_org("zorggroep-noorderlicht"));
  CHECK(some.includes_locale("en"));
  CHECK_FALSE(some.includes_locale("nl"));
  CHECK_FALSE(Selection{{}, {"nl"}}.everything());
}

TEST_CASE("validate names each unknown organisation and locale, with the nearest id", "[selection]") {
  Diagnostics load;
  auto project = load_project((test::source_dir() / "site-config.json").string(), load);
  REQUIRE(project);
  REQUIRE_FALSE(load.has_errors());
  const std::string file = project->config.map.file();

  Diagnostics known;
  CHECK(Selection{{"gemeente-lindewijk", "zorggroep-noorderlicht"}, {"nl", "en"}}.validate(*project, known));
  CHECK(known.all().empty());

  Diagnostics diags;
  CHECK_FALSE(Selection{{"gemeente-lindewyk", "nosuch"}, {"xx"}}.validate(*project, diags));
  REQUIRE(diags.error_count() == 3);
  const auto& found = diags.all();
  CHECK(found[0].message == "--org gemeente-lindewyk: no such organisation in " + file);
  CHECK(found[0].hint == "did you mean \"gemeente-lindewijk\"?");
  CHECK(found[1].message == "--org nosuch: no such organisation in " + file);
  CHECK(found[1].hint ==
        "organisations: \"gemeente-lindewijk\", \"ziekenhuis-rivierenland\" and \"zorggroep-noorderlicht\"");
  CHECK(found[2].message == "--locale xx: no such locale");
  CHECK(found[2].hint == "locales are the folders of locales/");
}
