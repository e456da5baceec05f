#include "generator/site_renderer.h"

#include <filesystem>
#include <nlohmann/json.hpp>

#include "generator/text.h"

namespace manualgen {

using nlohmann::json;

namespace {

json optional_text(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

std::string logo_file(const Organisation& org) {
  return org.brand.logo.empty() ? "" : "logo" + std::filesystem::path(org.brand.logo).extension().string();
}

json org_data(const Organisation& org, const std::string& locale) {
  const Servicedesk& d = org.servicedesk;
  json notes = json::array();
  for (const Note& n : org.notes)
    if (n.flow.empty()) notes.push_back(n.text.at(locale));
  json o = {{"id", org.id},
            {"name", org.name},
            {"primary", org.brand.primary},
            {"on_primary", org.brand.on_primary},
            {"accent", org.brand.accent},
            {"version", optional_text(org.version)},
            {"date", optional_text(org.date)},
            {"login_example", org.login_example},
            {"desk",
             {{"phone", optional_text(d.phone)},
              {"tel", tel_uri(d.phone)},
              {"hours", optional_text(d.hours.count(locale) ? d.hours.at(locale) : "")},
              {"email", optional_text(d.email)},
              {"url", optional_text(d.url)}}},
            {"licence_note", optional_text(org.licence_note.count(locale) ? org.licence_note.at(locale) : "")},
            {"has_notes", !notes.empty()}};
  o["notes"] = std::move(notes);
  return o;
}

// The locale switcher: the same page (and, for `fragment`, the same step) in every locale.
json locale_links(const ResolveContext& ctx, const Organisation& org, const std::string& current,
                  const std::string& root, const std::string& page, const std::string& fragment = "",
                  bool others_only = false) {
  json out = json::array();
  for (const auto& tag : org.locales) {
    if (others_only && tag == current) continue;
    const Locale* l = ctx.locales.get(tag);
    out.push_back({{"tag", tag},
                   {"name", l ? l->name : tag},
                   {"url", root + org.id + "/" + tag + "/" + page + (fragment.empty() ? "" : "#" + fragment)},
                   {"current", tag == current}});
  }
  return out;
}

}  // namespace

const json& SiteRenderer::theme_strings(const ResolveContext& ctx, const std::string& locale) {
  auto it = theme_strings_.find(locale);
  if (it != theme_strings_.end()) return it->second;
  // Fallbacks and missing strings are recorded by the first render of the locale; the build
  // merges what every render recorded.
  json t = json::object();
  for (const auto& key : ctx.locales.theme_keys(locale)) t[key] = theme_string(ctx, locale, key);
  return theme_strings_.emplace(locale, std::move(t)).first->second;
}

Page SiteRenderer::index(const ResolveContext& ctx, const std::vector<const Organisation*>& orgs) {
  const std::string& locale = ctx.config.site.default_locale;
  json list = json::array();
  for (const Organisation* org : orgs) {
    json locales = json::array();
    for (const auto& tag : org->locales) {
      const Locale* l = ctx.locales.get(tag);
      locales.push_back({{"tag", tag}, {"name", l ? l->name : tag}, {"url", org->id + "/" + tag + "/index.html"}});
    }
    list.push_back({{"id", org->id},
                    {"name", org->name},
                    {"url", org->id + "/" + org->locales.front() + "/index.html"},
                    {"locales", std::move(locales)}});
  }
  json base = {{"lang", locale}, {"site_title", ctx.config.site.title}, {"org", nullptr}};
  base["t"] = theme_strings(ctx, locale);
  json page = {{"root", ""}, {"page_title", ctx.config.site.title}};
  page["organisations"] = std::move(list);
  return {"index.html", templates_.page("index", base, page)};
}

std::vector<Page> SiteRenderer::organisation_locale(const ResolveContext& ctx, const Organisation& org,
                                                    const std::string& locale) {
  std::vector<Page> pages;
  const std::string base_path = org.id + "/" + locale + "/";
  json base = {{"lang", locale}, {"site_title", ctx.config.site.title}};
  base["t"] = theme_strings(ctx, locale);
  base["org"] = org_data(org, locale);
  const std::string desk = templates_.fragment("desk", base, json::object());

  // One step (with its choices and tips) as HTML, via the step fragment.
  auto step_block = [&](const ResolvedPart& step, const std::string& flow, LinkStyle style, const std::string& root) {
    auto part = [&](const ResolvedPart& p) {
      json tips = json::array();
      for (const auto& t : p.tips) tips.push_back({{"id", t.id}, {"html", t.html}});
      json other = style == LinkStyle::pages ? locale_links(ctx, org, locale, root, flow + "/index.html", p.id, true)
                                             : json::array();
      json aliases = json::array();
      for (const auto& former : p.former_ids) aliases.push_back(anchor_id(flow, former, style));
      json d = {{"id", p.id},         {"anchor", anchor_id(flow, p.id, style)},
                {"aliases", aliases}, {"number", p.number},
                {"title", p.title},   {"html", p.html},
                {"notes", p.notes},   {"has_other_locales", !other.empty()}};
      d["tips"] = std::move(tips);
      d["other_locales"] = std::move(other);
      return d;
    };
    json data = part(step);
    json choices = json::array();
    for (const auto& c : step.choices) choices.push_back(part(c));
    data["has_choices"] = !choices.empty();
    data["choices"] = std::move(choices);
    data["h_step"] = style == LinkStyle::pages ? "h2" : "h3";
    data["h_choice"] = style == LinkStyle::pages ? "h3" : "h4";
    return templates_.fragment("step", base, data);
  };
  auto flow_data = [&](const Manual& m, LinkStyle style, const std::string& root) {
    json steps = json::array();
    for (const auto& s : m.steps)
      steps.push_back({{"id", s.id},
                       {"anchor", anchor_id(m.flow, s.id, style)},
                       {"title", s.title},
                       {"block", step_block(s, m.flow, style, root)}});
    json f = {{"id", m.flow},
              {"title", m.title},
              {"intro", m.intro_html},
              {"summary", m.summary_html},
              {"url", m.flow + "/index.html"}};
    f["steps"] = std::move(steps);
    return f;
  };
  auto page_data = [&](const std::string& root, const std::string& title, const std::string& page) {
    json p = {{"root", root},
              {"page_title", title},
              {"home", root + base_path + "index.html"},
              {"logo_url", optional_text(org.brand.logo.empty() ? "" : root + org.id + "/" + logo_file(org))},
              {"desk", desk}};
    p["locales"] = locale_links(ctx, org, locale, root, page);
    return p;
  };

  json links = json::array();
  json landing_flows = json::array();
  json manual_flows = json::array();
  for (const auto& flow : all_flow_ids()) {
    if (!org.publishes(flow)) continue;
    Manual m = resolve_manual(ctx, org, locale, flow, LinkStyle::pages);
    const std::string root = "../../../";
    json data = page_data(root, m.title + " – " + org.name, flow + "/index.html");
    data["flow"] = flow_data(m, LinkStyle::pages, root);
    pages.push_back({base_path + flow + "/index.html", templates_.page("flow", base, data)});

    landing_flows.push_back(
        {{"id", flow}, {"title", m.title}, {"summary", m.summary_html}, {"url", flow + "/index.html"}});
    const std::string page_url = ctx.config.site.base_url + base_path + flow + "/";
    for (const auto& s : m.steps) {
      links.push_back({{"id", s.id}, {"flow", flow}, {"title", s.title}, {"url", page_url + "#" + s.id}});
      for (const auto& c : s.choices)
        links.push_back({{"id", c.id}, {"flow", flow}, {"title", c.title}, {"url", page_url + "#" + c.id}});
    }
    Manual single = restyle_manual(ctx, m, LinkStyle::single_page);
    manual_flows.push_back(flow_data(single, LinkStyle::single_page, "../../"));
    // A printed manual leads back to the live one: a QR code beside each flow's heading.
    manual_flows.back()["online_url"] = page_url;
    manual_flows.back()["qr"] = qr_.svg(page_url, page_url);
  }

  json landing = page_data("../../", org.name, "index.html");
  landing["flows"] = std::move(landing_flows);
  landing["manual_url"] = "manual.html";
  pages.push_back({base_path + "index.html", templates_.page("landing", base, landing)});

  json manual = page_data("../../", theme_string(ctx, locale, "manual-title") + " – " + org.name, "manual.html");
  manual["flows"] = std::move(manual_flows);
  manual["manual"] = true;
  const std::string online_url = ctx.config.site.base_url + base_path;
  manual["online_url"] = online_url;
  manual["qr"] = qr_.svg(online_url, online_url);
  pages.push_back({base_path + "manual.html", templates_.page("manual", base, manual)});
  pages.push_back({base_path + "links.json", links.dump(2) + "\n"});
  return pages;
}

}  // namespace manualgen
