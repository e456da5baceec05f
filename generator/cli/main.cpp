// manualgen: the command line. Commands add themselves; this file only parses and returns the
// status the command chose (0 ok, 1 checks found problems, 2 bad input or usage).

#include <CLI/CLI.hpp>

#include "generator/cli/build_command.h"
#include "generator/cli/check_flows_command.h"
#include "generator/cli/check_links_command.h"
#include "generator/cli/init_command.h"
#include "generator/cli/output.h"
#include "generator/cli/override_command.h"
#include "generator/cli/serve_command.h"
#include "generator/cli/version_text.h"

int main(int argc, char** argv) {
  CLI::App app{"manualgen: self-help manuals for Entra ID password self-service, per organisation and locale"};
  app.require_subcommand(1);
  app.set_version_flag("--version", manualgen::version_text());

  int status = manualgen::kExitBadInput;
  manualgen::add_build_command(app, status);
  manualgen::add_serve_command(app, status);
  auto* check = app.add_subcommand("check", "check the manuals: flows against the models, links");
  check->require_subcommand(1);
  manualgen::add_check_flows_command(*check, status);
  manualgen::add_check_links_command(*check, status);
  manualgen::add_init_command(app, status);
  manualgen::add_override_command(app, status);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return manualgen::kExitBadInput;
  }
  return status;
}
