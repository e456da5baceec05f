#include "generator/load/site_config.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "generator/core/fingerprint.h"
#include "generator/core/input_file.h"
#include "generator/core/json_file.h"
#include "generator/core/project_files.h"
#include "generator/core/text.h"
#include "generator/load/contrast.h"
#include "generator/load/logo.h"
#include "generator/load/web_address.h"

namespace manualgen {

namespace fs = std::filesystem;

bool Organisation::publishes(const std::string& flow) const {
  return std::find(flows.begin(), flows.end(), flow) != flows.end();
}

namespace {

// JSON has no comments: every object of the config read as fields (not the texts per locale) takes
// a "_comment" the loader ignores, so a config explains itself and stays JSON for every other tool.
constexpr const char* kComment = "_comment";

// The config grows with the organisations, about 1 KB each, so the 8 MiB of other JSON files
// refused a realistic 10,000. Measured (README, Hardening): a full build of 20,000 organisations
// from a 19 MB config peaks at 253 MiB resident, 500 organisations at 49 MiB, about 11 KB more per
// organisation; 64 MiB (some 65,000 organisations) would need about 0.8 GB. A bigger file is more
// likely a mistake than a customer base.
constexpr size_t kMaxConfigBytes = 64 * 1024 * 1024;

bool is_colour(const std::string& s) {
  if ((s.size() != 4 && s.size() != 7) || s[0] != '#') return false;
  return std::all_of(s.begin() + 1, s.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
}

bool starts_with(const std::string& s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

constexpr const char* kUrlHint =
    "write the address as the browser's address bar shows it; a space or a line break (pasted with it) must not be "
    "in it";

// A locale tag as used for folder names: `nl`, `en`, `nl-BE`.
bool is_locale_tag(const std::string& s) {
  if (s.size() < 2 || s.size() > 12) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; });
}

std::optional<LocalizedText> read_localized(JsonObject& parent, const std::string& key, Need need) {
  auto obj = parent.object(key, need);
  if (!obj) return std::nullopt;
  LocalizedText out;
  for (const auto& item : parent.member(key)->items()) {
    const std::string& locale = item.key();
    if (auto text = obj->string(locale, Need::required)) out[locale] = *text;
  }
  return out;
}

std::vector<Method> read_methods(JsonObject& obj, const std::string& key, Need need) {
  std::vector<Method> out;
  auto ids = obj.strings(key, need);
  if (!ids) return out;
  for (size_t i = 0; i < ids->size(); ++i) {
    const std::string& id = (*ids)[i];
    // Computed only for a message: the source map is scanned when first asked.
    auto where = [&] { return obj.map().at(obj.pointer(key) + "/" + std::to_string(i)); };
    auto m = parse_method(id);
    if (!m) {
      std::string near = closest_match(id, all_method_ids());
      obj.diags().error(where(), "unknown verification method \"" + id + "\"",
                        (near.empty() ? std::string() : "did you mean \"" + near + "\"? ") +
                            "Known methods: " + join_quoted(all_method_ids()));
      continue;
    }
    if (std::find(out.begin(), out.end(), *m) != out.end()) {
      obj.diags().error(where(), "method \"" + id + "\" is listed twice", "remove the second one");
      continue;
    }
    out.push_back(*m);
  }
  return out;
}

// Which methods are enabled and how many a user must pass: enough independent ones for the count.
void read_enabled_methods(JsonObject& p, Policy& policy) {
  policy.methods = read_methods(p, "methods", Need::required);
  if (p.has("methods") && policy.methods.empty() && p.member("methods")->is_array() && p.member("methods")->empty())
    p.diags().error(p.at("methods"), "no verification methods are enabled",
                    "list at least one of " + join_quoted(all_method_ids()));
  if (auto n = p.integer("methods_required", Need::optional, 1, 2)) {
    policy.methods_required = *n;
    int gates = count_gates(policy.methods);
    if (!policy.methods.empty() && gates < *n)
      p.diags().error(p.at("methods_required"),
                      "two methods are required but the enabled methods give only one independent way to verify",
                      "enable another method; sms and call count as one (same phone), as do app_notification and "
                      "app_code (same app)");
  }
}

void read_security_questions(JsonObject& q, Policy& policy) {
  q.reject_unknown({"register", "reset"}, {kComment});
  if (!policy.enabled(Method::questions))
    q.diags().warning(q.location(), "security_questions is set, but \"questions\" is not an enabled method",
                      "add \"questions\" to \"methods\", or remove security_questions: no page shows the counts");
  if (auto n = q.integer("register", Need::optional, 3, 5)) policy.questions_register = *n;
  if (auto n = q.integer("reset", Need::optional, 3, 5)) policy.questions_reset = *n;
  if (policy.questions_reset > policy.questions_register)
    q.diags().error(q.at("reset"),
                    "more security questions asked at reset (" + std::to_string(policy.questions_reset) +
                        ") than registered (" + std::to_string(policy.questions_register) + ")",
                    "Entra requires reset ≤ register");
}

void read_phone_entry(JsonObject& p, Policy& policy) {
  auto s = p.string("phone_entry", Need::optional);
  if (!s) return;
  if (*s == "national")
    policy.phone_entry = PhoneEntry::national;
  else if (*s == "international")
    policy.phone_entry = PhoneEntry::international;
  else
    p.diags().error(p.at("phone_entry"), "phone_entry is \"" + *s + "\"",
                    "use \"international\" (+31 6 …, Microsoft's advice) or \"national\" (06 …)");
}

void read_audience(JsonObject& p, Policy& policy) {
  auto s = p.string("audience", Need::optional);
  if (!s) return;
  if (*s == "administrators")
    policy.administrators = true;
  else if (*s != "users")
    p.diags().error(p.at("audience"), "audience is \"" + *s + "\"",
                    "use \"users\" (the default) or \"administrators\" (a manual for admin roles)");
}

// C19: Microsoft's policy for administrator roles is fixed, so a manual for them that follows
// the organisation's own settings would describe screens its readers never see.
void check_administrator_policy(JsonObject& p, const Policy& policy) {
  if (!policy.administrators) return;
  if (policy.methods_required != 2)
    p.diags().error(p.has("methods_required") ? p.at("methods_required") : p.at("audience"),
                    "a manual for administrators must require two methods: Microsoft's policy for "
                    "administrator roles always asks for two",
                    "set \"methods_required\": 2");
  for (size_t i = 0; i < policy.methods.size(); ++i)
    if (policy.methods[i] == Method::questions)
      p.diags().error(p.map().at(p.pointer("methods") + "/" + std::to_string(i)),
                      "administrators cannot use security questions: Microsoft's policy for administrator "
                      "roles does not offer them",
                      "remove \"questions\" from the methods of this manual");
}

void read_register_first(JsonObject& p, Policy& policy) {
  policy.register_first = read_methods(p, "register_first", Need::optional);
  for (size_t i = 0; i < policy.register_first.size(); ++i) {
    if (!policy.enabled(policy.register_first[i]))
      p.diags().error(p.map().at(p.pointer("register_first") + "/" + std::to_string(i)),
                      "register_first names \"" + std::string(method_id(policy.register_first[i])) +
                          "\", which is not an enabled method",
                      "add it to \"methods\" or remove it here");
  }
}

void read_policy(JsonObject& p, Policy& policy) {
  p.reject_unknown({"methods", "methods_required", "unlock", "min_password_length", "security_questions", "phone_entry",
                    "captcha_hint", "lockout_threshold", "register_first", "audience", "windows_reset"},
                   {kComment});
  read_enabled_methods(p, policy);
  if (auto b = p.boolean("unlock", Need::optional)) policy.unlock = *b;
  if (auto n = p.integer("min_password_length", Need::optional, 8, 256)) policy.min_length = *n;
  if (auto q = p.object("security_questions", Need::optional)) read_security_questions(*q, policy);
  read_phone_entry(p, policy);
  if (auto b = p.boolean("captcha_hint", Need::optional)) policy.captcha_hint = *b;
  if (auto n = p.integer("lockout_threshold", Need::optional, 1, 50)) policy.lockout_threshold = *n;
  if (auto b = p.boolean("windows_reset", Need::optional)) policy.windows_reset = *b;
  read_audience(p, policy);
  check_administrator_policy(p, policy);
  read_register_first(p, policy);
}

void read_servicedesk(JsonObject& s, Servicedesk& desk) {
  s.reject_unknown({"phone", "hours", "email", "url"}, {kComment});
  if (auto v = s.string("phone", Need::optional)) desk.phone = *v;
  if (auto v = read_localized(s, "hours", Need::optional)) desk.hours = *v;
  if (auto v = s.string("email", Need::optional)) {
    if (!is_email_address(*v))
      s.diags().error(s.at("email"), "\"" + *v + "\" is not an e-mail address",
                      "write one address only, e.g. \"servicedesk@example.nl\": letters, digits and . _ + - ' before "
                      "the @, no spaces and nothing after the domain (a ?bcc= would copy every mail to someone)");
    else
      desk.email = *v;
  }
  if (auto v = s.string("url", Need::optional)) {
    std::string problem;
    if (!starts_with(*v, "https://"))
      s.diags().error(s.at("url"), "the servicedesk URL must start with https://",
                      "write the full address, e.g. \"https://servicedesk.example.nl/\"");
    else if (!web_address_host(*v, false, problem))
      s.diags().error(s.at("url"), "the servicedesk URL is not a valid web address: " + problem, kUrlHint);
    else
      desk.url = *v;
  }
  if (desk.phone.empty() && desk.email.empty() && desk.url.empty())
    s.diags().error(s.location(), "the servicedesk has no phone, email or url",
                    "give at least one way to reach the servicedesk");
}

void read_org_id(JsonObject& o, Organisation& org) {
  auto id = o.string("id", Need::required);
  if (!id) return;
  org.id = *id;
  if (!is_slug(*id))
    o.diags().error(o.at("id"), "organisation id \"" + *id + "\" is not a valid folder name",
                    "use lowercase letters, digits and single hyphens, starting with a letter (e.g. "
                    "\"gemeente-lindewijk\"); it becomes the URL path /" +
                        std::string("<id>/"));
  else if (*id == "assets")
    o.diags().error(o.at("id"), "organisation id \"assets\" is taken: the site's assets/ folder has that name",
                    "choose another id, e.g. \"assets-bv\"");
}

void read_locales(JsonObject& o, Organisation& org) {
  auto v = o.strings("locales", Need::required);
  if (!v) return;
  std::set<std::string> seen;
  for (size_t i = 0; i < v->size(); ++i) {
    // Computed only for a message: the source map is scanned when first asked.
    auto where = [&] { return o.map().at(o.pointer("locales") + "/" + std::to_string(i)); };
    const std::string& tag = (*v)[i];
    if (!is_locale_tag(tag))
      o.diags().error(where(), "\"" + tag + "\" is not a locale tag", "use a tag such as \"nl\", \"en\" or \"nl-BE\"");
    else if (!seen.insert(tag).second)
      o.diags().error(where(), "locale \"" + tag + "\" is listed twice");
    else
      org.locales.push_back(tag);
  }
  if (v->empty()) o.diags().error(o.at("locales"), "no locales", "list at least one, e.g. [\"nl\"]");
}

void read_brand_colours(JsonObject& b, Brand& brand) {
  for (auto [key, field] : {std::pair{"primary", &brand.primary}, std::pair{"on_primary", &brand.on_primary},
                            std::pair{"accent", &brand.accent}}) {
    if (auto c = b.string(key, Need::optional)) {
      if (is_colour(*c))
        *field = *c;
      else
        b.diags().error(b.at(key), "\"" + *c + "\" is not a colour", "write it as #rrggbb, e.g. \"#1f4e8c\"");
    }
  }
  for (const auto& p : check_brand_contrast(brand.primary, brand.on_primary, brand.accent))
    b.diags().error(b.has(p.field) ? b.at(p.field) : b.location(), p.message, p.hint);
}

// The logos read so far, by path: organisations often share one, which is then read, checked and
// reported once.
struct Logos {
  std::map<std::string, std::optional<std::string>> bytes;  // nothing for a logo that was refused
};

// The bytes of logo `logo` (relative to the config's folder), or nothing when it may not be
// published: nothing on its way is a link out of the project, it is a regular file of at most
// kMaxLogoBytes, and its bytes pass check_logo.
std::optional<std::string> checked_logo(JsonObject& b, const SiteConfig& config, const std::string& logo) {
  if (auto problem = path_problem(config.dir, logo)) {
    b.diags().error(b.at("logo"), problem->message, problem->hint);
    return std::nullopt;
  }
  const std::string shown = config.dir == "." ? fs::path(logo).lexically_normal().string()
                                              : (fs::path(config.dir) / logo).lexically_normal().string();
  std::string bytes;
  FileRead read = read_regular_file((fs::path(config.dir) / logo).string(), kMaxLogoBytes, bytes);
  if (read.problem == ReadProblem::missing) {
    b.diags().error(b.at("logo"), "logo file \"" + logo + "\" does not exist",
                    "paths are relative to the folder of site-config.json");
    return std::nullopt;
  }
  if (read.problem != ReadProblem::none) {
    report_read_problem(read, shown, kMaxLogoBytes, "logos are shown small: export it at a smaller size, or as an SVG",
                        b.diags());
    return std::nullopt;
  }
  if (auto problem = check_logo(bytes, fs::path(logo).extension().string())) {
    b.diags().error({shown, problem->line, problem->column}, problem->message, problem->hint);
    return std::nullopt;
  }
  return bytes;
}

void read_logo(JsonObject& b, const SiteConfig& config, Logos& logos, Brand& brand) {
  auto logo = b.string("logo", Need::optional);
  if (!logo) return;
  const auto& extensions = logo_extensions();
  if (fs::path(*logo).is_absolute() || logo->find("..") != std::string::npos) {
    b.diags().error(b.at("logo"), "the logo path must be relative to the config folder and stay inside it",
                    "write it as in \"assets/logos/example.svg\"");
  } else if (std::find(extensions.begin(), extensions.end(), fs::path(*logo).extension().string()) ==
             extensions.end()) {
    b.diags().error(b.at("logo"), "the logo must be an image file: " + join_quoted(extensions, " or "),
                    "logos are SVG, PNG, JPEG, GIF or WebP images");
  } else {
    auto [it, first] = logos.bytes.try_emplace(*logo);
    if (first) it->second = checked_logo(b, config, *logo);
    if (it->second) brand.logo = *logo;
  }
}

void read_brand(JsonObject& b, const SiteConfig& config, Logos& logos, Brand& brand) {
  b.reject_unknown({"primary", "on_primary", "accent", "logo"}, {kComment});
  read_brand_colours(b, brand);
  read_logo(b, config, logos, brand);
}

// YYYY-MM-DD with a month 01–12 and a day 01–31: the pages write it out in the reader's language.
bool is_iso_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  int month = std::stoi(s.substr(5, 2));
  int day = std::stoi(s.substr(8, 2));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

void read_document(JsonObject& d, Organisation& org) {
  d.reject_unknown({"version", "date", "owner"}, {kComment});
  if (auto v = d.string("version", Need::optional)) org.version = *v;
  if (auto v = d.string("date", Need::optional)) {
    if (is_iso_date(*v))
      org.date = *v;
    else
      d.diags().error(d.at("date"), "document.date \"" + *v + "\" is not a date written as YYYY-MM-DD",
                      "e.g. \"2026-09-30\"; the pages write it out in each reader's language");
  }
  if (auto v = d.string("owner", Need::optional)) org.owner = *v;
}

// Without "login_example": a made-up name at the domain of the servicedesk's e-mail address, else
// at the host of its web page; empty when it has neither.
std::string derived_login_example(const Servicedesk& desk) {
  if (size_t at = desk.email.find('@'); at != std::string::npos) return "j.devries" + desk.email.substr(at);
  if (desk.url.empty()) return {};
  std::string host = desk.url.substr(8);  // after "https://"
  host = host.substr(0, host.find('/'));
  return host.empty() ? std::string() : "j.devries@" + host;
}

void read_login_example(JsonObject& o, Organisation& org) {
  if (auto v = o.string("login_example", Need::optional)) {
    org.login_example = *v;
    return;
  }
  org.login_example = derived_login_example(org.servicedesk);
  if (org.login_example.empty() && o.has("servicedesk"))
    o.diags().error(o.location(), "no \"login_example\", and none can be made: the servicedesk has no e-mail or url",
                    "add \"login_example\": \"j.devries@example.nl\", the sign-in name the manual shows");
}

// The flows listed, or without a list every flow the policy allows.
void read_flows(JsonObject& o, Organisation& org) {
  auto flows = o.strings("flows", Need::optional);
  if (!flows) {
    for (const auto& f : all_flow_ids())
      if (f != "unlock" || org.policy.unlock) org.flows.push_back(f);
    return;
  }
  for (size_t i = 0; i < flows->size(); ++i) {
    const std::string& f = (*flows)[i];
    // Computed only for a message: the source map is scanned when first asked.
    auto where = [&] { return o.map().at(o.pointer("flows") + "/" + std::to_string(i)); };
    if (std::find(all_flow_ids().begin(), all_flow_ids().end(), f) == all_flow_ids().end()) {
      std::string near = closest_match(f, all_flow_ids());
      o.diags().error(where(), "unknown flow \"" + f + "\"",
                      near.empty() ? "flows are " + join_quoted(all_flow_ids()) : "did you mean \"" + near + "\"?");
    } else if (org.publishes(f)) {
      o.diags().error(where(), "flow \"" + f + "\" is listed twice");
    } else if (f == "unlock" && !org.policy.unlock) {
      o.diags().error(where(), "the unlock flow is published but policy.unlock is false",
                      "set \"unlock\": true in the policy (needs password writeback), or remove \"unlock\" here");
    } else {
      org.flows.push_back(f);
    }
  }
}

// One entry of "notes"; the flows must be read already.
Note read_note(JsonObject& n, const std::string& pointer, const Organisation& org) {
  n.reject_unknown({"flow", "step", "text"}, {kComment});
  Note note;
  note.pointer = pointer;
  if (auto f = n.string("flow", Need::optional)) note.flow = *f;
  if (auto s = n.string("step", Need::optional)) note.step = *s;
  if (auto t = read_localized(n, "text", Need::required)) note.text = *t;
  if (!note.step.empty() && note.flow.empty())
    n.diags().error(n.location(), "a note with a \"step\" needs its \"flow\"");
  else if (!note.flow.empty() && !org.publishes(note.flow))
    n.diags().error(n.at("flow"), "note for flow \"" + note.flow + "\", which this organisation does not publish");
  return note;
}

void read_notes(JsonObject& o, Organisation& org) {
  const auto* notes = o.member("notes");
  if (!notes) return;
  if (!notes->is_array()) {
    o.diags().error(o.at("notes"), "\"notes\" must be a list of {\"flow\", \"step\", \"text\"} objects");
    return;
  }
  for (size_t i = 0; i < notes->size(); ++i) {
    std::string pointer = o.pointer("notes") + "/" + std::to_string(i);
    JsonObject n((*notes)[i], pointer, o.map(), o.diags());
    if (n.ok()) org.notes.push_back(read_note(n, pointer, org));
  }
}

void read_organisation(JsonObject& o, const SiteConfig& config, Logos& logos, Organisation& org) {
  o.reject_unknown({"id", "name", "locales", "brand", "servicedesk", "login_example", "document", "flows", "policy",
                    "notes", "licence_note", "illustrations"},
                   {kComment});
  read_org_id(o, org);
  if (auto v = o.string("name", Need::required)) org.name = *v;
  read_locales(o, org);
  if (auto b = o.object("brand", Need::optional)) read_brand(*b, config, logos, org.brand);
  if (auto s = o.object("servicedesk", Need::required)) read_servicedesk(*s, org.servicedesk);
  read_login_example(o, org);
  if (auto d = o.object("document", Need::optional)) read_document(*d, org);
  org.licence_pointer = o.pointer("licence_note");
  org.hours_pointer = o.pointer("servicedesk") + "/hours";
  if (auto p = o.object("policy", Need::required)) read_policy(*p, org.policy);
  read_flows(o, org);
  read_notes(o, org);
  if (auto v = read_localized(o, "licence_note", Need::optional)) org.licence_note = *v;
  org.illustrations = o.boolean("illustrations", Need::optional).value_or(true);
}

// "title": one string for every locale, or one per locale ({"nl": "…", "en": "…"}).
void read_site_title(JsonObject& s, Site& site) {
  const auto* title = s.member("title");
  if (title && title->is_object()) {
    if (auto t = read_localized(s, "title", Need::required)) site.titles = *t;
    if (site.titles.empty())
      s.diags().error(s.at("title"), "site.title has no text", "write a title, or one per locale");
    return;
  }
  if (auto v = s.string("title", Need::required)) site.title = *v;
}

// Hosts prose images may be loaded from: every reader's browser asks them for each image.
void read_image_hosts(JsonObject& s, Site& site) {
  auto hosts = s.strings("image_hosts", Need::optional);
  if (!hosts) return;
  for (size_t i = 0; i < hosts->size(); ++i) {
    const std::string host = ascii_lowercase((*hosts)[i]);
    if (is_domain_name(host))
      site.image_hosts.push_back(host);
    else
      s.diags().error(s.map().at(s.pointer("image_hosts") + "/" + std::to_string(i)),
                      "\"" + (*hosts)[i] + "\" is not a host name",
                      "write the host only, as in an image's address: \"images.example.nl\"");
  }
}

void read_site(JsonObject& s, Site& site) {
  s.reject_unknown({"title", "base_url", "default_locale", "theme", "image_hosts"}, {kComment});
  read_site_title(s, site);
  if (auto v = s.string("base_url", Need::required)) {
    std::string problem;
    if (!starts_with(*v, "https://") && !starts_with(*v, "http://"))
      s.diags().error(s.at("base_url"), "base_url must be an absolute http(s) URL",
                      "e.g. \"https://handleidingen.example.nl/\"; it makes the servicedesk's deep links absolute");
    else if (!web_address_host(*v, true, problem))
      s.diags().error(s.at("base_url"), "base_url is not a valid web address: " + problem, kUrlHint);
    site.base_url = v->back() == '/' ? *v : *v + "/";
  }
  if (auto v = s.string("default_locale", Need::required)) site.default_locale = *v;
  if (auto v = s.string("theme", Need::optional)) {
    if (is_slug(*v))
      site.theme = *v;
    else
      s.diags().error(s.at("theme"), "theme \"" + *v + "\" is not a folder name under themes/");
  }
  read_image_hosts(s, site);
}

// The "organisations" list, or null (with a message) when there is none to read.
const nlohmann::json* organisation_list(const JsonObject& root) {
  const auto* orgs = root.member("organisations");
  if (!orgs) {
    root.diags().error(root.location(), "missing required field \"organisations\"", "add a list of organisations");
    return nullptr;
  }
  if (!orgs->is_array()) {
    root.diags().error(root.at("organisations"),
                       std::string("\"organisations\" must be a list, not ") + json_type_name(*orgs));
    return nullptr;
  }
  if (orgs->empty()) root.diags().error(root.at("organisations"), "no organisations", "add at least one organisation");
  return orgs;
}

// Of the config entry and the logo's bytes: either changing changes the organisation's pages.
std::string org_fingerprint(const nlohmann::json& entry, const Logos& logos, const Organisation& org) {
  std::string out = fingerprint(entry.dump());
  if (!org.brand.logo.empty()) out = fingerprint_combine(out, *logos.bytes.at(org.brand.logo));
  return out;
}

void read_organisations(const nlohmann::json& orgs, SiteConfig& config, Diagnostics& diags) {
  std::map<std::string, std::string> first_pointer;  // organisation id → pointer of its first entry
  Logos logos;
  for (size_t i = 0; i < orgs.size(); ++i) {
    std::string pointer = "/organisations/" + std::to_string(i);
    JsonObject o(orgs[i], pointer, config.map, diags);
    if (!o.ok()) continue;
    Organisation org;
    org.pointer = pointer;
    read_organisation(o, config, logos, org);
    org.fingerprint = org_fingerprint(orgs[i], logos, org);
    if (!org.id.empty()) {
      auto [it, inserted] = first_pointer.emplace(org.id, pointer);
      if (!inserted) {
        Location first = config.map.at(it->second + "/id");
        diags.error(o.at("id"), "duplicate organisation id \"" + org.id + "\"",
                    "ids must be unique; the first one is at line " + std::to_string(first.line));
        continue;
      }
    }
    config.organisations.push_back(std::move(org));
  }
}

std::optional<SiteConfig> site_config_from(std::optional<JsonFile> file, const std::string& dir, Diagnostics& diags) {
  if (!file) return std::nullopt;
  SiteConfig config;
  config.map = file->map;
  config.dir = dir;

  JsonObject root(file->value, "", config.map, diags);
  if (!root.ok()) return config;
  root.reject_unknown({"$schema", "site", "organisations"}, {kComment});
  // Only for editors (site-config.schema.json), but a string as the schema says.
  root.string("$schema", Need::optional);
  if (const auto* site = root.member("site")) config.site_fingerprint = fingerprint(site->dump());
  if (auto s = root.object("site", Need::required)) read_site(*s, config.site);
  if (const auto* orgs = organisation_list(root)) read_organisations(*orgs, config, diags);
  return config;
}

}  // namespace

std::optional<SiteConfig> load_site_config(const std::string& path, Diagnostics& diags) {
  std::string display = fs::path(path).filename().string() == path ? path : fs::path(path).lexically_normal().string();
  std::string dir = fs::path(path).parent_path().string();
  return site_config_from(read_json_file(path, display, diags, kMaxConfigBytes), dir.empty() ? "." : dir, diags);
}

std::optional<SiteConfig> parse_site_config(std::string text, const std::string& display, const std::string& dir,
                                            Diagnostics& diags) {
  return site_config_from(parse_json_file(std::move(text), display, diags), dir, diags);
}

}  // namespace manualgen
