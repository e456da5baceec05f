#include "generator/cli/output.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <set>
#include <tuple>
#include <vector>

namespace manualgen {

// The same problem found once per organisation is one problem to fix: print it once.
// Sorted by file and line, so an editor's reader works down the file.
int print_diagnostics(const Diagnostics& diags) {
  std::vector<Diagnostic> sorted = diags.all();
  std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.where.file, a.where.line) < std::tie(b.where.file, b.where.line);
  });
  std::set<std::string> printed;
  int errors = 0;
  for (const auto& d : sorted) {
    std::string line = format_diagnostic(d);
    if (!printed.insert(line).second) continue;
    std::cerr << line << "\n";
    if (d.severity == Severity::error) ++errors;
  }
  return errors;
}

int publish_report(const Report& report, ReportFormat format, const std::string& output) {
  std::string rendered = render_report(report, format);
  if (output.empty()) {
    std::cout << rendered;
  } else {
    // Through a temporary file, so a CI system never reads half a report.
    std::string tmp = output + ".tmp";
    {
      std::ofstream out(tmp, std::ios::binary);
      out << rendered;
      if (!out) {
        std::cerr << report.tool << ": cannot write " << output << "\n";
        return 2;
      }
    }
    if (std::rename(tmp.c_str(), output.c_str()) != 0) {
      std::cerr << report.tool << ": cannot write " << output << "\n";
      return 2;
    }
    std::string text = render_report(report, ReportFormat::text);
    text.pop_back();
    std::cerr << text.substr(text.rfind('\n') + 1) << "\n";
  }
  return report.errors() > 0 ? 1 : 0;
}

bool parse_format_or_complain(const std::string& tool, const std::string& name, ReportFormat& format) {
  if (parse_report_format(name, format)) return true;
  std::cerr << tool << ": unknown --format " << name << " (" << report_format_names() << ")\n";
  return false;
}

int cannot_check(const std::string& tool, const Diagnostics& diags) {
  print_diagnostics(diags);
  std::cerr << tool << ": cannot check, the input has " << count_of(diags.error_count(), "error") << "\n";
  return kExitBadInput;
}

ProgressLine::ProgressLine() : enabled_(isatty(STDERR_FILENO) == 1) {}

ProgressLine::~ProgressLine() {
  if (shown_) std::cerr << "\r\033[K" << std::flush;
}

void ProgressLine::update(const std::string& text, bool last) {
  auto now = std::chrono::steady_clock::now();
  if (!enabled_ || (!last && now - last_ < std::chrono::milliseconds(100))) return;
  last_ = now;
  shown_ = true;
  std::cerr << "\r\033[K" << text << std::flush;
}

std::string progress_bar(size_t done, size_t total) {
  const size_t width = 30;
  size_t filled = total ? width * done / total : width;
  return "[" + std::string(filled, '#') + std::string(width - filled, ' ') + "] " + std::to_string(done) + "/" +
         std::to_string(total);
}

}  // namespace manualgen
