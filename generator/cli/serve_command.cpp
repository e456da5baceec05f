// `manualgen serve`. The build and the watch loop are `build --watch`'s (build_command.h); this
// file adds the server: the built files as they are on disk, and in every HTML page one script tag
// (added as the page is sent, never written to the output) that listens for build events.

#include "generator/cli/serve_command.h"

#include <httplib.h>

#include <CLI/CLI.hpp>
#include <condition_variable>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "generator/cli/build_command.h"
#include "generator/cli/output.h"
#include "generator/core/input_file.h"
#include "generator/render/qr_cache.h"

namespace {

using namespace manualgen;
namespace fs = std::filesystem;

// The largest file served: the PDFs of a long manual are the biggest files of a site.
constexpr size_t kMaxServedBytes = 256 * 1024 * 1024;
constexpr const char* kEvents = "/__manualgen/events";
constexpr const char* kScript = "/__manualgen/live.js";

// Served pages load it with the build they came from (?generation=N). On every event, which says
// the latest build and its errors: errors are shown over the page (text only, never as HTML), a
// good build newer than the page reloads it.
constexpr const char* kLiveScript = R"JS((() => {
  const generation = Number(new URL(document.currentScript.src).searchParams.get('generation'));
  const OVERLAY = 'manualgen-error-overlay';
  function show(errors) {
    const box = document.createElement('div');
    box.id = OVERLAY;
    box.setAttribute('role', 'alert');
    box.style.cssText = 'position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:2rem;' +
      'background:#1b1b1b;color:#fff;font:15px/1.5 monospace;white-space:pre-wrap';
    const title = document.createElement('h2');
    title.textContent = 'manualgen: the build failed with ' + (errors.length === 1 ? '1 error' : errors.length + ' errors') +
      '; the page is the last good build';
    box.append(title);
    for (const e of errors) {
      const p = document.createElement('p');
      p.textContent = e.text;
      box.append(p);
    }
    document.body.append(box);
  }
  new EventSource('/__manualgen/events').onmessage = (event) => {
    const state = JSON.parse(event.data);
    document.getElementById(OVERLAY)?.remove();
    if (state.errors.length) show(state.errors);
    else if (state.generation !== generation) location.reload();
  };
})();
)JS";

// The latest build, shared by the watch loop (which writes it) and the server's threads.
class BuildState {
 public:
  void finished(const Diagnostics& diags) {
    nlohmann::json errors = nlohmann::json::array();
    std::set<std::string> seen;
    for (const auto& d : diags.all()) {
      if (d.severity != Severity::error) continue;
      std::string text = format_diagnostic(d);
      if (seen.insert(text).second)
        errors.push_back({{"file", d.where.file}, {"line", d.where.line}, {"text", std::move(text)}});
    }
    std::lock_guard lock(mutex_);
    ++generation_;
    event_ = nlohmann::json{{"generation", generation_}, {"errors", std::move(errors)}}.dump();
    changed_.notify_all();
  }
  int generation() {
    std::lock_guard lock(mutex_);
    return generation_;
  }
  // The next event for a listener that has seen `seen`: the state at once if it is newer, else
  // the next build's, or a comment after a while (keeps the connection, finds a closed one).
  std::string next_event(int& seen) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, std::chrono::seconds(15), [&] { return generation_ != seen; });
    if (generation_ == seen) return ": still here\n\n";
    seen = generation_;
    return "data: " + event_ + "\n\n";
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int generation_ = 0;
  std::string event_;
};

const std::map<std::string, std::string>& content_types() {
  static const std::map<std::string, std::string> types = {{".html", "text/html; charset=utf-8"},
                                                           {".css", "text/css"},
                                                           {".js", "text/javascript"},
                                                           {".svg", "image/svg+xml"},
                                                           {".png", "image/png"},
                                                           {".jpg", "image/jpeg"},
                                                           {".jpeg", "image/jpeg"},
                                                           {".gif", "image/gif"},
                                                           {".webp", "image/webp"},
                                                           {".json", "application/json"},
                                                           {".pdf", "application/pdf"},
                                                           {".txt", "text/plain; charset=utf-8"},
                                                           {".xml", "application/xml"},
                                                           {".ico", "image/x-icon"}};
  return types;
}

// The file under `root` that `path` (as requested) names, or nothing for a path that would leave it.
std::optional<fs::path> requested_file(const fs::path& root, const std::string& path) {
  const fs::path relative = fs::path(path).relative_path().lexically_normal();
  if (!relative.empty() && *relative.begin() == "..") return std::nullopt;
  fs::path file = root / relative;
  if (path.empty() || path.back() == '/') file /= "index.html";
  return file;
}

// The page with the live script before its `</body>` (or at its end).
std::string with_live_script(std::string html, int generation) {
  const std::string tag =
      std::string("<script src=\"") + kScript + "?generation=" + std::to_string(generation) + "\"></script>";
  const size_t body = html.rfind("</body>");
  html.insert(body == std::string::npos ? html.size() : body, tag);
  return html;
}

void serve_file(const fs::path& root, BuildState& state, const httplib::Request& req, httplib::Response& res) {
  auto file = requested_file(root, req.path);
  std::error_code ec;
  if (file && fs::is_directory(*file, ec)) {
    res.set_redirect(req.path + "/");
    return;
  }
  std::string bytes;
  if (!file || read_regular_file(file->string(), kMaxServedBytes, bytes).problem != ReadProblem::none) {
    res.status = 404;
    res.set_content("not found: " + req.path + "\n", "text/plain; charset=utf-8");
    return;
  }
  const auto type = content_types().find(file->extension().string());
  const std::string content_type = type == content_types().end() ? "application/octet-stream" : type->second;
  if (file->extension() == ".html") bytes = with_live_script(std::move(bytes), state.generation());
  res.set_header("Cache-Control", "no-store");
  res.set_content(std::move(bytes), content_type);
}

void add_routes(httplib::Server& server, const fs::path& root, BuildState& state) {
  server.Get(kScript, [](const httplib::Request&, httplib::Response& res) {
    res.set_header("Cache-Control", "no-store");
    res.set_content(kLiveScript, "text/javascript");
  });
  server.Get(kEvents, [&state](const httplib::Request&, httplib::Response& res) {
    res.set_header("Cache-Control", "no-store");
    res.set_chunked_content_provider("text/event-stream", [&state, seen = 0](size_t, httplib::DataSink& sink) mutable {
      const std::string event = state.next_event(seen);
      return sink.write(event.data(), event.size());
    });
  });
  server.Get(
      ".*", [root, &state](const httplib::Request& req, httplib::Response& res) { serve_file(root, state, req, res); });
}

struct ServeOptions {
  BuildOptions build;
  PdfOptions pdf;
  bool verbose = false;
  bool quiet = false;
  int port = 1313;
  int interval_ms = 300;
};

int serve(const ServeOptions& options) {
  BuildState state;
  httplib::Server server;
  // httplib's default also sets SO_REUSEPORT, with which a second serve on the same port starts
  // and takes half the requests; SO_REUSEADDR alone still lets a restarted serve have the port at once.
  server.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  add_routes(server, fs::absolute(options.build.out), state);
  if (!server.bind_to_port("127.0.0.1", options.port)) {
    std::cerr << "manualgen: cannot serve on 127.0.0.1:" << options.port
              << ": the port is taken (another manualgen serve?); choose another with --port\n";
    return kExitBadInput;
  }
  std::thread listening([&server] { server.listen_after_bind(); });
  listening.detach();
  std::cout << "manualgen: serving " << options.build.out << "/ at http://127.0.0.1:" << options.port
            << "/ (Ctrl-C stops)" << std::endl;
  const BuildPrinting printing{options.verbose, options.quiet, false};
  watch_inputs(options.build.config, options.interval_ms, [&](std::vector<std::string>& inputs) {
    Diagnostics diags;
    run_build(options.build, options.pdf, printing, inputs, diags);
    state.finished(diags);
  });
}

}  // namespace

namespace manualgen {

void add_serve_command(CLI::App& app, int& status) {
  auto options = std::make_shared<ServeOptions>();
  options->build.cache_dir = QrCache::default_dir();
  auto* cmd = app.add_subcommand("serve", "build, serve the site on 127.0.0.1, and rebuild and reload on every change");
  cmd->add_option("--config", options->build.config, "site configuration")->capture_default_str();
  cmd->add_option("--out", options->build.out, "output folder, replaced as a whole by each good build")
      ->capture_default_str();
  cmd->add_option("--port", options->port, "port on 127.0.0.1")->capture_default_str()->check(CLI::Range(1, 65535));
  cmd->add_option("--org", options->build.selection.orgs, "build only this organisation (repeatable)");
  cmd->add_option("--locale", options->build.selection.locales, "build only this locale (repeatable)");
  cmd->add_option("--interval", options->interval_ms, "milliseconds between looks at the inputs")
      ->capture_default_str()
      ->check(CLI::Range(10, 60000));
  cmd->add_flag("-v,--verbose", options->verbose, "list every text taken from a fallback locale");
  cmd->add_flag("-q,--quiet", options->quiet, "print only problems");
  cmd->callback([options, &status] { status = serve(*options); });
}

}  // namespace manualgen
