#include "generator/output_dir.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace manualgen {

namespace fs = std::filesystem;

std::optional<OutputDir> OutputDir::begin(const std::string& out, bool keep_existing, Diagnostics& diags) {
  std::error_code ec;
  fs::path target = fs::path(out).lexically_normal();
  if (target.empty() || target == "." || target == "/" || target == "..") {
    diags.error({out}, "refusing to use \"" + out + "\" as the output folder", "pass a subfolder, e.g. --out public");
    return std::nullopt;
  }
  bool exists = fs::exists(target, ec);
  if (exists && !fs::is_directory(target, ec)) {
    diags.error({out}, "the output path exists and is not a folder", "remove it or choose another --out");
    return std::nullopt;
  }
  if (exists && !fs::is_empty(target, ec) && !fs::exists(target / kOutputMarker, ec)) {
    diags.error({out}, "the output folder exists and was not made by manualgen; refusing to replace it",
                "choose an empty or new folder with --out, or remove this one yourself");
    return std::nullopt;
  }
  fs::path parent = target.parent_path();
  if (parent.empty()) parent = ".";
  fs::create_directories(parent, ec);
  std::string staging = (parent / ("." + target.filename().string() + ".staging-" + std::to_string(getpid()))).string();
  fs::remove_all(staging, ec);
  if (exists && keep_existing) {
    fs::copy(target, staging, fs::copy_options::recursive | fs::copy_options::create_hard_links, ec);
  } else {
    fs::create_directories(staging, ec);
  }
  if (ec) {
    diags.error({staging}, "cannot create the staging folder: " + ec.message(), "check free space and permissions");
    return std::nullopt;
  }
  OutputDir dir(target.string(), staging);
  if (!dir.write(kOutputMarker, "This folder is written by manualgen build; it replaces it as a whole.\n", diags))
    return std::nullopt;
  return dir;
}

OutputDir::OutputDir(OutputDir&& other) noexcept
    : out_(std::move(other.out_)), staging_(std::move(other.staging_)), done_(other.done_) {
  other.done_ = true;
}

OutputDir::~OutputDir() {
  if (done_) return;
  std::error_code ec;
  fs::remove_all(staging_, ec);
}

bool OutputDir::write(const std::string& relative, const std::string& bytes, Diagnostics& diags) {
  fs::path path = fs::path(staging_) / relative;
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  // Staging may share inodes with the live site (hard links): replace, never modify in place.
  fs::remove(path, ec);
  std::ofstream f(path, std::ios::binary);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  f.close();
  if (!f) {
    diags.error({path.string()}, "cannot write the file", "check free space and permissions");
    return false;
  }
  return true;
}

bool OutputDir::copy_file(const std::string& relative, const std::string& source, Diagnostics& diags) {
  fs::path path = fs::path(staging_) / relative;
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  fs::remove(path, ec);
  fs::copy_file(source, path, ec);
  if (ec) {
    diags.error({source}, "cannot copy to " + path.string() + ": " + ec.message());
    return false;
  }
  return true;
}

void OutputDir::remove(const std::string& relative) {
  std::error_code ec;
  fs::remove_all(fs::path(staging_) / relative, ec);
}

bool OutputDir::commit(Diagnostics& diags) {
  std::error_code ec;
  if (!fs::exists(out_, ec)) {
    if (::rename(staging_.c_str(), out_.c_str()) != 0) {
      diags.error({out_}, std::string("cannot move the new site into place: ") + std::strerror(errno));
      return false;
    }
    done_ = true;
    return true;
  }
  // Exchange both folders in one step where the file system can, so there is no moment without a site.
  if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, out_.c_str(), RENAME_EXCHANGE) != 0) {
    std::string old = staging_ + ".old";
    if (::rename(out_.c_str(), old.c_str()) != 0 || ::rename(staging_.c_str(), out_.c_str()) != 0) {
      diags.error({out_}, std::string("cannot move the new site into place: ") + std::strerror(errno));
      return false;
    }
    fs::remove_all(old, ec);
  } else {
    fs::remove_all(staging_, ec);  // now holds the previous site
  }
  done_ = true;
  return true;
}

}  // namespace manualgen
