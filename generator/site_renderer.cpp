#include "generator/site_renderer.h"

#include <filesystem>
#include <nlohmann/json.hpp>

#include "generator/text.h"

namespace manualgen {

using nlohmann::json;

namespace {

std::string logo_name(const Organisation& org) {
  return org.brand.logo.empty() ? "" : "logo" + std::filesystem::path(org.brand.logo).extension().string();
}

json theme_strings(const ResolveContext& ctx, const std::string& locale) {
  json t = json::object();
  for (const auto& key : ctx.locales.theme_keys(locale)) t[key] = theme_string(ctx, locale, key);
  return t;
}

json org_data(const Organisation& org, const std::string& locale, const std::string& root) {
  const Servicedesk& d = org.servicedesk;
  json o = {
      {"id", org.id},
      {"name", org.name},
      {"primary", org.brand.primary},
      {"on_primary", org.brand.on_primary},
      {"accent", org.brand.accent},
      {"logo", org.brand.logo.empty() ? json(nullptr) : json(root + org.id + "/" + logo_name(org))},
      {"version", org.version.empty() ? json(nullptr) : json(org.version)},
      {"date", org.date.empty() ? json(nullptr) : json(org.date)},
      {"login_example", org.login_example},
      {"desk",
       {{"phone", d.phone.empty() ? json(nullptr) : json(d.phone)},
        {"tel", tel_uri(d.phone)},
        {"hours", d.hours.count(locale) ? json(d.hours.at(locale)) : json(nullptr)},
        {"email", d.email.empty() ? json(nullptr) : json(d.email)},
        {"url", d.url.empty() ? json(nullptr) : json(d.url)}}},
      {"licence_note", org.licence_note.count(locale) ? json(org.licence_note.at(locale)) : json(nullptr)},
  };
  json notes = json::array();
  for (const Note& n : org.notes)
    if (n.flow.empty()) notes.push_back(n.text.at(locale));
  o["has_notes"] = !notes.empty();
  o["notes"] = notes;
  return o;
}

// The locale switcher: the same page (and, for `fragment`, the same step) in every locale.
json locale_links(const ResolveContext& ctx, const Organisation& org, const std::string& current,
                  const std::string& root, const std::string& page, const std::string& fragment = "") {
  json out = json::array();
  for (const auto& tag : org.locales) {
    const Locale* l = ctx.locales.get(tag);
    out.push_back({{"tag", tag},
                   {"name", l ? l->name : tag},
                   {"url", root + org.id + "/" + tag + "/" + page + (fragment.empty() ? "" : "#" + fragment)},
                   {"current", tag == current}});
  }
  return out;
}

json part_data(const ResolvedPart& p, const ResolveContext& ctx, const Organisation& org, const std::string& locale,
               const std::string& flow, LinkStyle style, const std::string& root) {
  std::string anchor = anchor_id(flow, p.id, style);
  json tips = json::array();
  for (const auto& t : p.tips) tips.push_back({{"id", t.id}, {"html", t.html}});
  json choices = json::array();
  for (const auto& c : p.choices) choices.push_back(part_data(c, ctx, org, locale, flow, style, root));
  json other = json::array();
  if (style == LinkStyle::pages)
    for (auto& l : locale_links(ctx, org, locale, root, flow + "/index.html", p.id))
      if (!l["current"].get<bool>()) other.push_back(l);
  return {{"id", p.id},
          {"anchor", anchor},
          {"number", p.number},
          {"title", p.title},
          {"html", p.html},
          {"notes", p.notes},
          {"tips", tips},
          {"choices", choices},
          {"has_choices", !choices.empty()},
          {"other_locales", other},
          {"has_other_locales", !other.empty()}};
}

json flow_data(const Manual& m, const ResolveContext& ctx, LinkStyle style, const std::string& root) {
  json steps = json::array();
  for (const auto& s : m.steps) steps.push_back(part_data(s, ctx, *m.org, m.locale, m.flow, style, root));
  return {{"id", m.flow},
          {"title", m.title},
          {"intro", m.intro_html},
          {"summary", m.summary_html},
          {"url", m.flow + "/index.html"},
          {"steps", steps}};
}

json page_base(const ResolveContext& ctx, const Organisation& org, const std::string& locale, const std::string& root) {
  return {{"lang", locale},
          {"root", root},
          {"site_title", ctx.config.site.title},
          {"org", org_data(org, locale, root)},
          {"t", theme_strings(ctx, locale)},
          {"home", root + org.id + "/" + locale + "/index.html"}};
}

}  // namespace

Page SiteRenderer::index(const std::vector<const Organisation*>& orgs) const {
  const std::string& locale = ctx_.config.site.default_locale;
  json list = json::array();
  for (const Organisation* org : orgs) {
    json locales = json::array();
    for (const auto& tag : org->locales) {
      const Locale* l = ctx_.locales.get(tag);
      locales.push_back({{"tag", tag}, {"name", l ? l->name : tag}, {"url", org->id + "/" + tag + "/index.html"}});
    }
    list.push_back({{"id", org->id},
                    {"name", org->name},
                    {"url", org->id + "/" + org->locales.front() + "/index.html"},
                    {"locales", locales}});
  }
  json data = {{"lang", locale},
               {"root", ""},
               {"site_title", ctx_.config.site.title},
               {"page_title", ctx_.config.site.title},
               {"t", theme_strings(ctx_, locale)},
               {"organisations", list},
               {"org", nullptr}};
  return {"index.html", theme_.render("index", data)};
}

std::vector<Page> SiteRenderer::organisation_locale(const Organisation& org, const std::string& locale) const {
  std::vector<Page> pages;
  const std::string base = org.id + "/" + locale + "/";
  std::vector<Manual> manuals;
  for (const auto& flow : all_flow_ids())
    if (org.publishes(flow)) manuals.push_back(resolve_manual(ctx_, org, locale, flow, LinkStyle::pages));

  json links = json::array();
  json flows = json::array();
  for (const Manual& m : manuals) {
    const std::string root = "../../../";
    json data = page_base(ctx_, org, locale, root);
    data["flow"] = flow_data(m, ctx_, LinkStyle::pages, root);
    data["page_title"] = m.title + " – " + org.name;
    data["h_step"] = "h2";
    data["h_choice"] = "h3";
    data["locales"] = locale_links(ctx_, org, locale, root, m.flow + "/index.html");
    pages.push_back({base + m.flow + "/index.html", theme_.render("flow", data)});

    flows.push_back(flow_data(m, ctx_, LinkStyle::pages, "../../"));
    std::string page_url = ctx_.config.site.base_url + base + m.flow + "/";
    auto add_link = [&](const ResolvedPart& p) {
      links.push_back({{"id", p.id}, {"flow", m.flow}, {"title", p.title}, {"url", page_url + "#" + p.id}});
    };
    for (const auto& s : m.steps) {
      add_link(s);
      for (const auto& c : s.choices) add_link(c);
    }
  }

  {
    const std::string root = "../../";
    json data = page_base(ctx_, org, locale, root);
    data["flows"] = flows;
    data["page_title"] = org.name;
    data["locales"] = locale_links(ctx_, org, locale, root, "index.html");
    data["manual_url"] = "manual.html";
    pages.push_back({base + "index.html", theme_.render("landing", data)});
  }
  {
    const std::string root = "../../";
    json data = page_base(ctx_, org, locale, root);
    json all = json::array();
    for (const auto& flow : all_flow_ids())
      if (org.publishes(flow))
        all.push_back(flow_data(resolve_manual(ctx_, org, locale, flow, LinkStyle::single_page), ctx_,
                                LinkStyle::single_page, root));
    data["flows"] = all;
    data["page_title"] = theme_string(ctx_, locale, "manual-title") + " – " + org.name;
    data["locales"] = locale_links(ctx_, org, locale, root, "manual.html");
    data["manual"] = true;
    data["h_step"] = "h3";
    data["h_choice"] = "h4";
    pages.push_back({base + "manual.html", theme_.render("manual", data)});
  }
  pages.push_back({base + "links.json", links.dump(2) + "\n"});
  return pages;
}

}  // namespace manualgen
