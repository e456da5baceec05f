#include "generator/render/site_renderer.h"

#include <deque>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "generator/core/text.h"

namespace manualgen {

std::string pdf_file_name(const std::string& org, const std::string& locale, const std::string& flow) {
  return org + "-" + locale + (flow.empty() ? "" : "-" + flow) + ".pdf";
}

namespace {

using D = TemplateData;

std::string logo_file(const Organisation& org) {
  return org.brand.logo.empty() ? "" : "logo" + std::filesystem::path(org.brand.logo).extension().string();
}

// The text of `locale` in a per-locale map, or "".
std::string_view in_locale(const std::map<std::string, std::string>& texts, const std::string& locale) {
  auto it = texts.find(locale);
  return it == texts.end() ? std::string_view() : std::string_view(it->second);
}

D org_data(const Organisation& org, const std::string& locale) {
  const Servicedesk& d = org.servicedesk;
  D notes = D::list();
  for (const Note& n : org.notes)
    if (n.flow.empty()) notes.add(D::view(n.text.at(locale)));
  D desk = D::object();
  desk.set("phone", D::optional(d.phone));
  desk.set("tel", D::text(tel_uri(d.phone)));
  desk.set("hours", D::optional(in_locale(d.hours, locale)));
  desk.set("email", D::optional(d.email));
  desk.set("url", D::optional(d.url));
  D o = D::object();
  o.set("id", D::view(org.id));
  o.set("name", D::view(org.name));
  o.set("primary", D::view(org.brand.primary));
  o.set("on_primary", D::view(org.brand.on_primary));
  o.set("accent", D::view(org.brand.accent));
  o.set("version", D::optional(org.version));
  o.set("date", D::optional(org.date));
  o.set("login_example", D::view(org.login_example));
  o.set("desk", std::move(desk));
  o.set("licence_note", D::optional(in_locale(org.licence_note, locale)));
  o.set("has_notes", notes.size() > 0);
  o.set("notes", std::move(notes));
  return o;
}

// The locale switcher: the same page (and, for `fragment`, the same step) in every locale.
D locale_links(const ResolveContext& ctx, const Organisation& org, const std::string& current, const std::string& root,
               std::string_view page, std::string_view fragment = {}, bool others_only = false) {
  D out = D::list();
  for (const auto& tag : org.locales) {
    if (others_only && tag == current) continue;
    const Locale* l = ctx.locales.get(tag);
    std::string url = root + org.id + "/" + tag + "/";
    url += page;
    if (!fragment.empty()) (url += '#') += fragment;
    D& link = out.add(D::object());
    link.set("tag", D::view(tag));
    link.set("name", D::view(l ? l->name : tag));
    link.set("url", D::text(std::move(url)));
    link.set("current", tag == current);
  }
  return out;
}

}  // namespace

const TemplateData& SiteRenderer::theme_strings(const ResolveContext& ctx, const std::string& locale) {
  auto it = theme_strings_.find(locale);
  if (it != theme_strings_.end()) return it->second.data;
  // Fallbacks and missing strings are recorded by the first render of the locale; the build
  // merges what every render recorded.
  ThemeStrings& t = theme_strings_[locale];
  t.keys = ctx.locales.theme_keys(locale);
  t.data = D::object();
  for (const auto& key : t.keys) t.data.set(key, D::text(theme_string(ctx, locale, key)));
  return t.data;
}

Page SiteRenderer::index(const ResolveContext& ctx, const std::vector<const Organisation*>& orgs) {
  const std::string& locale = ctx.config.site.default_locale;
  D list = D::list();
  for (const Organisation* org : orgs) {
    D locales = D::list();
    for (const auto& tag : org->locales) {
      const Locale* l = ctx.locales.get(tag);
      D& item = locales.add(D::object());
      item.set("tag", D::view(tag));
      item.set("name", D::view(l ? l->name : tag));
      item.set("url", D::text(org->id + "/" + tag + "/index.html"));
    }
    D& item = list.add(D::object());
    item.set("id", D::view(org->id));
    item.set("name", D::view(org->name));
    item.set("url", D::text(org->id + "/" + org->locales.front() + "/index.html"));
    item.set("locales", std::move(locales));
  }
  D base = D::object();
  base.set("lang", D::view(locale));
  base.set("site_title", D::view(ctx.config.site.title));
  base.set("org", D());
  base.set("t", D::refer(theme_strings(ctx, locale)));
  D page = D::object();
  page.set("root", D::view(""));
  page.set("page_title", D::view(ctx.config.site.title));
  page.set("organisations", std::move(list));
  return {"index.html", templates_.page("index", base, page)};
}

std::vector<Page> SiteRenderer::organisation_locale(const ResolveContext& ctx, const Organisation& org,
                                                    const std::string& locale) {
  std::vector<Page> pages;
  const std::string base_path = org.id + "/" + locale + "/";
  D base = D::object();
  base.set("lang", D::view(locale));
  base.set("site_title", D::view(ctx.config.site.title));
  base.set("t", D::refer(theme_strings(ctx, locale)));
  base.set("org", org_data(org, locale));
  const std::string desk = templates_.fragment("desk", base, D::object());

  // One step (with its choices and tips) as HTML, via the step fragment.
  auto step_block = [&](const ResolvedPart& step, const std::string& flow, LinkStyle style, const std::string& root) {
    auto part = [&](const ResolvedPart& p) {
      D tips = D::list();
      for (const auto& t : p.tips) {
        D& tip = tips.add(D::object());
        tip.set("id", D::view(t.id));
        tip.set("html", D::view(t.html));
      }
      D other = style == LinkStyle::pages ? locale_links(ctx, org, locale, root, flow + "/index.html", p.id, true)
                                          : D::list();
      D aliases = D::list();
      for (const auto& former : p.former_ids) aliases.add(D::text(anchor_id(flow, former, style)));
      D notes = D::list();
      for (const auto& n : p.notes) notes.add(D::view(n));
      D d = D::object();
      d.set("id", D::view(p.id));
      d.set("anchor", D::text(anchor_id(flow, p.id, style)));
      d.set("aliases", std::move(aliases));
      d.set("number", D::text(std::to_string(p.number)));
      d.set("title", D::view(p.title));
      d.set("html", D::view(p.html));
      d.set("notes", std::move(notes));
      d.set("has_other_locales", other.size() > 0);
      d.set("tips", std::move(tips));
      d.set("other_locales", std::move(other));
      return d;
    };
    D data = part(step);
    D choices = D::list();
    for (const auto& c : step.choices) choices.add(part(c));
    data.set("has_choices", choices.size() > 0);
    data.set("choices", std::move(choices));
    data.set("h_step", D::view(style == LinkStyle::pages ? "h2" : "h3"));
    data.set("h_choice", D::view(style == LinkStyle::pages ? "h3" : "h4"));
    return templates_.fragment("step", base, data);
  };
  auto flow_data = [&](const Manual& m, LinkStyle style, const std::string& root) {
    D steps = D::list();
    for (const auto& s : m.steps) {
      D& step = steps.add(D::object());
      step.set("id", D::view(s.id));
      step.set("anchor", D::text(anchor_id(m.flow, s.id, style)));
      step.set("title", D::view(s.title));
      step.set("block", D::text(step_block(s, m.flow, style, root)));
    }
    D f = D::object();
    f.set("id", D::view(m.flow));
    f.set("title", D::view(m.title));
    f.set("intro", D::view(m.intro_html));
    f.set("summary", D::view(m.summary_html));
    f.set("url", D::text(m.flow + "/index.html"));
    f.set("steps", std::move(steps));
    return f;
  };
  const std::string logo_url = org.brand.logo.empty() ? "" : org.id + "/" + logo_file(org);
  auto page_data = [&](const std::string& root, std::string title, std::string_view page) {
    D p = D::object();
    p.set("root", D::view(root));
    p.set("page_title", D::text(std::move(title)));
    p.set("home", D::text(root + base_path + "index.html"));
    p.set("logo_url", logo_url.empty() ? D() : D::text(root + logo_url));
    p.set("desk", D::view(desk));
    p.set("locales", locale_links(ctx, org, locale, root, page));
    return p;
  };

  // The manual page and the landing page are rendered after the loop, from views of these.
  std::deque<Manual> manuals;
  std::deque<std::string> page_urls;
  nlohmann::json links = nlohmann::json::array();
  D landing_flows = D::list();
  D manual_flows = D::list();
  const std::string flow_root = "../../../";
  const std::string org_root = "../../";
  for (const auto& flow : all_flow_ids()) {
    if (!org.publishes(flow)) continue;
    const Manual& m = manuals.emplace_back(resolve_manual(ctx, org, locale, flow, LinkStyle::pages));
    {
      D data = page_data(flow_root, m.title + " – " + org.name, flow + "/index.html");
      data.set("flow", flow_data(m, LinkStyle::pages, flow_root));
      data.set("pdf_url", pdf_.flows ? D::text("../" + pdf_file_name(org.id, locale, flow)) : D());
      pages.push_back({base_path + flow + "/index.html", templates_.page("flow", base, data)});
    }

    D& landing_flow = landing_flows.add(D::object());
    landing_flow.set("id", D::view(m.flow));
    landing_flow.set("title", D::view(m.title));
    landing_flow.set("summary", D::view(m.summary_html));
    landing_flow.set("url", D::text(flow + "/index.html"));
    const std::string& page_url = page_urls.emplace_back(ctx.config.site.base_url + base_path + flow + "/");
    for (const auto& s : m.steps) {
      links.push_back({{"id", s.id}, {"flow", flow}, {"title", s.title}, {"url", page_url + "#" + s.id}});
      for (const auto& c : s.choices)
        links.push_back({{"id", c.id}, {"flow", flow}, {"title", c.title}, {"url", page_url + "#" + c.id}});
    }
    const Manual& single = manuals.emplace_back(restyle_manual(ctx, m, LinkStyle::single_page));
    D& manual_flow = manual_flows.add(flow_data(single, LinkStyle::single_page, org_root));
    // A printed manual leads back to the live one: a QR code beside each flow's heading.
    manual_flow.set("online_url", D::view(page_url));
    manual_flow.set("qr", D::text(qr_.svg(page_url, page_url)));
  }

  D landing = page_data(org_root, org.name, "index.html");
  landing.set("flows", std::move(landing_flows));
  landing.set("manual_url", D::view("manual.html"));
  const std::string manual_pdf = pdf_.manual ? pdf_file_name(org.id, locale) : "";
  landing.set("pdf_url", manual_pdf.empty() ? D() : D::view(manual_pdf));
  pages.push_back({base_path + "index.html", templates_.page("landing", base, landing)});

  D manual = page_data(org_root, theme_string(ctx, locale, "manual-title") + " – " + org.name, "manual.html");
  manual.set("flows", std::move(manual_flows));
  manual.set("manual", true);
  manual.set("pdf_url", manual_pdf.empty() ? D() : D::view(manual_pdf));
  const std::string online_url = ctx.config.site.base_url + base_path;
  manual.set("online_url", D::view(online_url));
  manual.set("qr", D::text(qr_.svg(online_url, online_url)));
  pages.push_back({base_path + "manual.html", templates_.page("manual", base, manual)});
  pages.push_back({base_path + "links.json", links.dump(2) + "\n"});
  return pages;
}

}  // namespace manualgen
