// `manualgen init [DIR]`: writes a project (a commented site-config.json with one fictional
// organisation, a placeholder logo, a README, CI examples) from the base layer's project-template/.
// It adds files only: when any of them is already there it writes nothing and names them.

#include "generator/cli/init_command.h"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <memory>

#include "generator/cli/output.h"
#include "generator/cli/project_edit.h"
#include "generator/core/base_layer.h"
#include "generator/core/project_files.h"

namespace manualgen {

namespace {

namespace fs = std::filesystem;

// The template's placeholder for the config schema's path, for editors that complete the config.
constexpr const char* kSchemaPlaceholder = "@SCHEMA@";

struct TemplateFile {
  std::string from;  // in the template
  std::string to;    // in the new project
};

// The files of `template_dir`, each with its place in `dir`.
std::vector<TemplateFile> template_files(const fs::path& template_dir, const fs::path& dir) {
  std::vector<TemplateFile> files;
  for (const FolderEntry& entry : walk_folder(template_dir.string()))
    if (entry.kind == FolderEntry::Kind::file)
      files.push_back({(template_dir / entry.relative).string(), (dir / entry.relative).lexically_normal().string()});
  return files;
}

// The template's bytes as the project gets them: the config names the installed schema.
std::string filled(std::string text, const std::string& schema) {
  for (size_t at; (at = text.find(kSchemaPlaceholder)) != std::string::npos;)
    text.replace(at, std::string_view(kSchemaPlaceholder).size(), schema);
  return text;
}

int refuse_existing(const std::vector<std::string>& paths) {
  std::cerr << "manualgen init: these files are already there and stay as they are, so nothing was written:\n";
  for (const auto& path : paths) std::cerr << "  " << path << "\n";
  std::cerr << "  hint: run manualgen init in a new or empty folder, or move these away first\n";
  return kExitBadInput;
}

int run(const std::string& dir) {
  const BaseLayer base = find_base_layer();
  const fs::path template_dir = fs::path(base.dir) / "project-template";
  const auto files = template_files(template_dir, dir);
  if (files.empty()) {
    std::cerr << "manualgen init: the project template " << template_dir.string()
              << " is missing (the base layer was found through " << base.how
              << "); reinstall manualgen, or set MANUALGEN_BASE to its share/manualgen folder\n";
    return kExitBadInput;
  }
  std::vector<std::string> targets;
  for (const auto& file : files) targets.push_back(file.to);
  if (auto there = existing_paths(targets); !there.empty()) return refuse_existing(there);

  Diagnostics diags;
  const std::string schema = (fs::path(base.dir) / "site-config.schema.json").string();
  for (const auto& file : files)
    if (auto text = read_shipped_file(file.from, diags)) write_project_file(file.to, filled(*text, schema), diags);
  if (diags.has_errors()) {
    print_diagnostics(diags);
    return kExitBadInput;
  }
  std::cout << "manualgen init: wrote " << count_of(static_cast<long long>(files.size()), "file") << " in " << dir
            << "/; next: cd " << dir << " && manualgen build\n";
  return kExitOk;
}

}  // namespace

void add_init_command(CLI::App& app, int& status) {
  auto dir = std::make_shared<std::string>(".");
  auto* cmd = app.add_subcommand("init", "write a new project: site-config.json, a placeholder logo, a README, CI");
  cmd->add_option("dir", *dir, "the project's folder (made if missing)")->capture_default_str();
  cmd->callback([dir, &status] { status = run(*dir); });
}

}  // namespace manualgen
