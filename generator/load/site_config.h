#pragma once
// site-config.json: the site and the organisations with their branding, contacts and policy.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "generator/core/diagnostics.h"
#include "generator/core/source_map.h"
#include "generator/model/method.h"
#include "generator/model/policy.h"

namespace manualgen {

/// Text given once per locale: {"nl": "…", "en": "…"}.
using LocalizedText = std::map<std::string, std::string>;

inline const std::vector<std::string>& all_flow_ids() {
  static const std::vector<std::string> ids = {"register", "reset", "unlock", "change"};
  return ids;
}

struct Brand {
  std::string primary = "#1f4e8c";     // header and buttons
  std::string on_primary = "#ffffff";  // text drawn on `primary`
  std::string accent = "#e8eef7";      // tip boxes and highlights
  std::string logo;                    // path relative to the config file's folder; may be empty
};

struct Servicedesk {
  std::string phone;
  LocalizedText hours;
  std::string email;
  std::string url;
};

/// Free text an organisation adds to a step of a flow (or, without a step, to its landing page).
struct Note {
  std::string flow;
  std::string step;
  LocalizedText text;
  std::string pointer;  // where in site-config.json, for messages (SourceMap::at)
};

struct Organisation {
  std::string id;
  std::string name;
  std::vector<std::string> locales;
  Brand brand;
  Servicedesk servicedesk;
  std::string login_example;
  std::string version;
  std::string date;   // YYYY-MM-DD
  std::string owner;  // who keeps the manual (document.owner); may be empty
  std::vector<std::string> flows;
  Policy policy;
  std::vector<Note> notes;
  LocalizedText licence_note;
  std::string licence_pointer;  // JSON pointers of the per-locale texts, for messages
  std::string hours_pointer;
  bool illustrations = true;  // the steps show the screens drawn from the model
  std::string pointer;        // JSON pointer of this organisation in the config
  std::string fingerprint;    // of its config entry and logo: unchanged means its pages are too

  bool publishes(const std::string& flow) const;
};

struct Site {
  std::string title;     // for every locale, when given as one string
  LocalizedText titles;  // per locale, when given as an object; looked up along the locale chain
  std::string base_url;  // always ends with '/'
  std::string default_locale;
  std::string theme = "default";
  std::vector<std::string> image_hosts;  // lowercase; prose may show images from these hosts
};

struct SiteConfig {
  Site site;
  std::vector<Organisation> organisations;
  std::string dir;  // folder of the config file; relative paths in it start here
  SourceMap map;
  std::string site_fingerprint;  // of the "site" object
};

/// Loads and validates `path`. Problems go to `diags`; the result is empty only when the file
/// could not be read as JSON at all. Locale names are checked later against `locales/`.
std::optional<SiteConfig> load_site_config(const std::string& path, Diagnostics& diags);
/// The same for the bytes of a config shown as `display` whose relative paths start at `dir`
/// (the fuzz target: no file between the fuzzer and the loader).
std::optional<SiteConfig> parse_site_config(std::string text, const std::string& display, const std::string& dir,
                                            Diagnostics& diags);

}  // namespace manualgen
