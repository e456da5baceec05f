#include "generator/core/base_layer.h"

#include <cstdlib>
#include <filesystem>

namespace manualgen {

namespace fs = std::filesystem;

namespace {

// A base layer holds at least the shipped content.
bool holds_base_layer(const fs::path& dir) {
  std::error_code ec;
  return fs::is_directory(dir / "content", ec);
}

// Whether `path` lies inside folder `dir` (both real paths).
bool inside(const fs::path& path, const fs::path& dir) {
  const fs::path relative = path.lexically_relative(dir);
  return !relative.empty() && *relative.begin() != "..";
}

}  // namespace

BaseLayer find_base_layer() {
  if (const char* env = std::getenv("MANUALGEN_BASE"); env && *env) return {env, "$MANUALGEN_BASE"};
  std::error_code ec;
  const fs::path exe = fs::canonical("/proc/self/exe", ec);
  if (!ec) {
    const fs::path beside = (exe.parent_path().parent_path() / "share" / "manualgen").lexically_normal();
    if (holds_base_layer(beside)) return {beside.string(), "share/manualgen beside the program's folder"};
    const fs::path build_tree = fs::weakly_canonical(MANUALGEN_BUILD_DIR, ec);
    if (!ec && inside(exe, build_tree)) return {MANUALGEN_SOURCE_DIR, "the source tree of this build"};
  }
  return {MANUALGEN_DATADIR, "the install prefix manualgen was built for"};
}

}  // namespace manualgen
