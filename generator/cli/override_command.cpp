// `manualgen override FILE…`: a shipped file copied into the project, to edit there, with the
// version it was copied from recorded in .manualgen-overrides.json (load/overrides.h); the build
// then warns when manualgen ships another version. `--accept FILE…` records the version shipped now
// for files the project already overrides, once the user has compared them.

#include "generator/cli/override_command.h"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <memory>

#include "generator/cli/output.h"
#include "generator/cli/project_edit.h"
#include "generator/core/base_layer.h"
#include "generator/core/version.h"
#include "generator/load/overrides.h"

namespace manualgen {

namespace {

namespace fs = std::filesystem;

struct Options {
  std::string config = "site-config.json";
  std::vector<std::string> files;
  bool accept = false;
};

// `file` as a path below the project, when it names an input the base layer can hold.
std::optional<std::string> input_path(const std::string& file, Diagnostics& diags) {
  const fs::path relative = fs::path(file).lexically_normal();
  const std::string first = relative.empty() ? "" : relative.begin()->string();
  if (relative.is_relative() && (first == "content" || first == "locales" || first == "themes" || first == "checks"))
    return relative.generic_string();
  diags.error({file}, "\"" + file + "\" is not a shipped input",
              "name it as it lies under manualgen's share/manualgen, relative to the project: content/…, "
              "locales/…, themes/… or checks/links.json");
  return std::nullopt;
}

// Copies the shipped `relative` into the project; false, with an error, when it cannot or the
// project has one already.
bool copy_shipped(const ProjectFiles& files, const std::string& relative, Diagnostics& diags) {
  const std::string target = (fs::path(files.root()) / relative).string();
  if (!existing_paths({target}).empty()) {
    diags.error({files.shown(relative)}, "the project already has " + files.shown(relative),
                "to record that it follows the version shipped now: manualgen override --accept " + relative);
    return false;
  }
  auto bytes = read_shipped_file((fs::path(files.base()) / relative).string(), diags);
  return bytes && write_project_file(target, *bytes, diags);
}

// Records the version of `relative` shipped now; false, with an error, when there is nothing to record.
bool record(const ProjectFiles& files, const std::string& relative, const Options& o, Overrides& overrides,
            Diagnostics& diags) {
  auto version = shipped_version(files, relative);
  if (!version) {
    diags.error({relative}, "manualgen ships no " + relative + " (in " + files.base() + ")",
                "a file of the project that overrides nothing needs no record");
    return false;
  }
  if (o.accept && files.find(relative).layer != ProjectFiles::Layer::project) {
    diags.error({files.shown(relative)}, "the project has no " + files.shown(relative) + " to accept",
                "to copy the shipped file into the project: manualgen override " + relative);
    return false;
  }
  if (!o.accept && !copy_shipped(files, relative, diags)) return false;
  overrides[relative] = {*version, kVersion};
  return true;
}

int run(const Options& o) {
  fs::path root = fs::path(o.config).parent_path();
  const ProjectFiles files(root.empty() ? "." : root.string(), find_base_layer().dir);
  Diagnostics diags;
  if (std::error_code ec; !fs::is_regular_file(o.config, ec)) {
    std::cerr << "manualgen override: there is no " << o.config
              << ": run it in the project's folder (manualgen init makes one), or pass --config\n";
    return kExitBadInput;
  }
  if (files.base().empty()) {
    std::cerr << "manualgen override: this project is manualgen's own base layer (" << files.root()
              << "): its files are the shipped ones, there is nothing to override\n";
    return kExitBadInput;
  }
  auto overrides = read_overrides(files, diags);
  std::vector<std::string> done;
  for (const auto& file : o.files)
    if (auto relative = input_path(file, diags);
        relative && overrides && record(files, *relative, o, *overrides, diags))
      done.push_back(*relative);
  if (!done.empty() &&
      !write_project_file((fs::path(files.root()) / kOverridesFile).string(), overrides_text(*overrides), diags))
    done.clear();
  print_diagnostics(diags);
  for (const auto& relative : done)
    std::cout << "manualgen override: " << files.shown(relative)
              << (o.accept ? " now follows the shipped version of " : " is a copy to edit of ")
              << (fs::path(files.base()) / relative).lexically_normal().string() << "\n";
  return diags.has_errors() ? kExitBadInput : kExitOk;
}

}  // namespace

void add_override_command(CLI::App& app, int& status) {
  auto o = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("override", "copy shipped files into the project to edit, remembering their version");
  cmd->add_option("file", o->files, "the shipped file, as a path in the project: content/nl/reset.md")->required();
  cmd->add_option("--config", o->config, "site configuration, in the project's folder")->capture_default_str();
  cmd->add_flag("--accept", o->accept,
                "the project's copy has been compared with the version shipped now: record that version");
  cmd->callback([o, &status] { status = run(*o); });
}

}  // namespace manualgen
