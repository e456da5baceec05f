#include "generator/render/site_renderer.h"

#include <deque>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "generator/core/text.h"
#include "generator/render/screen_drawing.h"

namespace manualgen {

std::string pdf_file_name(const std::string& org, const std::string& locale, const std::string& flow) {
  return org + "-" + locale + (flow.empty() ? "" : "-" + flow) + ".pdf";
}

namespace {

using D = TemplateData;

std::string logo_file(const Organisation& org) {
  return org.brand.logo.empty() ? "" : "logo" + std::filesystem::path(org.brand.logo).extension().string();
}

D org_data(const ResolveContext& ctx, const Organisation& org, const std::string& locale) {
  const Servicedesk& d = org.servicedesk;
  D notes = D::list();
  for (const Note& n : org.notes)
    if (n.flow.empty()) notes.add(D::view(config_text(ctx, n.text, locale, "note " + n.pointer + " of " + org.id)));
  D desk = D::object();
  desk.set("phone", D::optional(d.phone));
  desk.set("tel", D::text(tel_uri(d.phone)));
  desk.set("hours", D::optional(config_text(ctx, d.hours, locale, "servicedesk.hours of " + org.id)));
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
  o.set("date_text", org.date.empty() ? D() : D::text(written_date(ctx, locale, org.date)));
  o.set("owner", D::optional(org.owner));
  o.set("login_example", D::view(org.login_example));
  o.set("desk", std::move(desk));
  o.set("licence_note", D::optional(config_text(ctx, org.licence_note, locale, "licence_note of " + org.id)));
  o.set("has_notes", notes.size() > 0);
  o.set("notes", std::move(notes));
  return o;
}

// The locale switcher, one per page: the same page in every locale.
D locale_links(const ResolveContext& ctx, const Organisation& org, const std::string& current, const std::string& root,
               std::string_view page) {
  D out = D::list();
  for (const auto& tag : org.locales) {
    const Locale* l = ctx.locales.get(tag);
    std::string url = root + org.id + "/" + tag + "/";
    url += page;
    D& link = out.add(D::object());
    link.set("tag", D::view(tag));
    link.set("name", D::view(l ? l->name : tag));
    link.set("url", D::text(std::move(url)));
    link.set("current", tag == current);
  }
  return out;
}

// The pages of one organisation in one locale: a flow page per published flow, the landing page,
// manual.html and links.json. What they share is built once, in the constructor; each page type
// is one function, called from `render`.
class OrgLocalePages {
 public:
  OrgLocalePages(ThemeRenderer& templates, ScreenDrawer& drawer, QrCache& qr, PdfLinks pdf, const ResolveContext& ctx,
                 const Organisation& org, const std::string& locale, const TemplateData& theme_strings)
      : templates_(templates),
        drawer_(drawer),
        qr_(qr),
        pdf_(pdf),
        ctx_(ctx),
        org_(org),
        locale_(locale),
        base_path_(org.id + "/" + locale + "/"),
        logo_url_(org.brand.logo.empty() ? "" : org.id + "/" + logo_file(org)),
        manual_pdf_(pdf.manual ? pdf_file_name(org.id, locale) : ""),
        base_(base_data(theme_strings)),
        desk_(templates_.fragment("desk", base_, D::object())) {}

  std::vector<Page> render() {
    std::vector<Page> pages;
    // The landing page and manual.html are rendered after the loop, from views of these.
    std::deque<Flow> flows;
    for (const auto& flow : all_flow_ids()) {
      if (!org_.publishes(flow)) continue;
      Flow& f = flows.emplace_back();
      f.manual = resolve_manual(ctx_, org_, locale_, flow, LinkStyle::pages);
      pages.push_back(flow_page(f.manual));
      f.single_page = restyle_manual(ctx_, f.manual, LinkStyle::single_page);
      f.online_url = ctx_.config.site.base_url + base_path_ + flow + "/";
    }
    pages.push_back(landing_page(flows));
    pages.push_back(manual_page(flows));
    pages.push_back(servicedesk_page(flows));
    pages.push_back(links_json(flows));
    return pages;
  }

 private:
  // One published flow, in both link styles.
  struct Flow {
    Manual manual;       // for its own page
    Manual single_page;  // for manual.html
    std::string online_url;
  };

  D base_data(const TemplateData& theme_strings) const {
    D base = D::object();
    base.set("lang", D::view(locale_));
    base.set("site_title", D::view(site_title(ctx_, locale_)));
    base.set("t", D::refer(theme_strings));
    base.set("org", org_data(ctx_, org_, locale_));
    return base;
  }

  Page flow_page(const Manual& m) {
    D data = page_data(flow_root_, m.title + " – " + org_.name, m.flow + "/index.html");
    data.set("flow", flow_data(m, LinkStyle::pages));
    data.set("pdf_url", pdf_.flows ? D::text("../" + pdf_file_name(org_.id, locale_, m.flow)) : D());
    return {base_path_ + m.flow + "/index.html", templates_.page("flow", base_, data)};
  }

  Page landing_page(const std::deque<Flow>& flows) {
    D list = D::list();
    for (const Flow& f : flows) {
      D& item = list.add(D::object());
      item.set("id", D::view(f.manual.flow));
      item.set("title", D::view(f.manual.title));
      item.set("summary", D::view(f.manual.summary_html));
      item.set("url", D::text(f.manual.flow + "/index.html"));
    }
    D landing = page_data(org_root_, org_.name, "index.html");
    landing.set("flows", std::move(list));
    landing.set("manual_url", D::view("manual.html"));
    landing.set("pdf_url", manual_pdf_.empty() ? D() : D::view(manual_pdf_));
    return {base_path_ + "index.html", templates_.page("landing", base_, landing)};
  }

  Page manual_page(const std::deque<Flow>& flows) {
    D list = D::list();
    for (const Flow& f : flows) {
      D& item = list.add(flow_data(f.single_page, LinkStyle::single_page));
      // A printed manual leads back to the live one: a QR code beside each flow's heading.
      item.set("online_url", D::view(f.online_url));
      item.set("qr", D::text(qr_.svg(f.online_url, f.online_url)));
    }
    D manual = page_data(org_root_, theme_string(ctx_, locale_, "manual-title") + " – " + org_.name, "manual.html");
    manual.set("flows", std::move(list));
    manual.set("manual", true);
    manual.set("pdf_url", manual_pdf_.empty() ? D() : D::view(manual_pdf_));
    const std::string online_url = ctx_.config.site.base_url + base_path_;
    manual.set("online_url", D::view(online_url));
    manual.set("qr", D::text(qr_.svg(online_url, online_url)));
    return {base_path_ + "manual.html", templates_.page("manual", base_, manual)};
  }

  // For the servicedesk, linked from no employee page: every step and choice of every flow with
  // its address and a message to paste into a ticket, a mail or a chat.
  Page servicedesk_page(const std::deque<Flow>& flows) {
    D list = D::list();
    for (const Flow& f : flows) {
      D links = D::list();
      for (const auto& s : f.manual.steps) {
        links.add(desk_link(f, s, nullptr));
        for (const auto& c : s.choices) links.add(desk_link(f, c, &s));
      }
      D& item = list.add(D::object());
      item.set("id", D::view(f.manual.flow));
      item.set("title", D::view(f.manual.title));
      item.set("links", std::move(links));
    }
    D page = page_data(flow_root_, t("desk-page-title") + " – " + org_.name, "servicedesk/index.html");
    page.set("flows", std::move(list));
    return {base_path_ + "servicedesk/index.html", templates_.page("servicedesk", base_, page)};
  }

  // One entry of the servicedesk page: "Stap 3 – Met een sms", its addresses and the message.
  D desk_link(const Flow& f, const ResolvedPart& part, const ResolvedPart* step) const {
    const ResolvedPart& numbered = step ? *step : part;
    const std::string number = std::to_string(numbered.number);
    const std::string url = f.online_url + "#" + part.id;
    std::string label = part.title;
    if (numbered.number > 0) label = t("step") + " " + number + " – " + (step ? step->title + " – " : "") + part.title;
    std::string message = t(numbered.number == 0 ? "desk-message-part"
                            : step               ? "desk-message-choice"
                                                 : "desk-message-step");
    for (auto [slot, value] :
         {std::pair{"{number}", number}, std::pair{"{title}", part.title}, std::pair{"{url}", url}})
      if (size_t at = message.find(slot); at != std::string::npos) message.replace(at, std::string(slot).size(), value);
    D d = D::object();
    d.set("flow", D::view(f.manual.flow));
    d.set("id", D::view(part.id));
    d.set("choice", step != nullptr);
    d.set("label", D::text(std::move(label)));
    d.set("href", D::text("../" + f.manual.flow + "/index.html#" + part.id));
    d.set("url", D::text(url));
    d.set("message", D::text(std::move(message)));
    return d;
  }

  std::string t(const std::string& key) const { return theme_string(ctx_, locale_, key); }

  // Every step and choice with its live address, for the servicedesk's deep links.
  Page links_json(const std::deque<Flow>& flows) const {
    nlohmann::json links = nlohmann::json::array();
    for (const Flow& f : flows) {
      const std::string& flow = f.manual.flow;
      for (const auto& s : f.manual.steps) {
        links.push_back({{"id", s.id}, {"flow", flow}, {"title", s.title}, {"url", f.online_url + "#" + s.id}});
        for (const auto& c : s.choices)
          links.push_back({{"id", c.id}, {"flow", flow}, {"title", c.title}, {"url", f.online_url + "#" + c.id}});
      }
    }
    return {base_path_ + "links.json", links.dump(2) + "\n"};
  }

  // What every page template gets: its place in the site, the header and the locale switcher.
  D page_data(const std::string& root, std::string title, std::string_view page) const {
    D p = D::object();
    p.set("root", D::view(root));
    p.set("page_title", D::text(std::move(title)));
    p.set("home", D::text(root + base_path_ + "index.html"));
    p.set("logo_url", logo_url_.empty() ? D() : D::text(root + logo_url_));
    p.set("desk", D::view(desk_));
    p.set("locales", locale_links(ctx_, org_, locale_, root, page));
    return p;
  }

  // The flow's parts: numbered steps in `steps`, the parts that are not steps before or after them
  // (`before`, `after`), and all of them in order in `parts` (the contents of manual.html).
  D flow_data(const Manual& m, LinkStyle style) {
    D steps = D::list();
    D before = D::list();
    D after = D::list();
    D parts = D::list();
    for (const auto& s : m.steps) {
      D& list = s.number > 0 ? steps : steps.size() == 0 ? before : after;
      std::string anchor = anchor_id(m.flow, s.id, style);
      D& part = parts.add(D::object());
      part.set("anchor", D::text(anchor));
      part.set("title", D::view(s.title));
      D& step = list.add(D::object());
      step.set("id", D::view(s.id));
      step.set("anchor", D::text(std::move(anchor)));
      step.set("title", D::view(s.title));
      step.set("block", D::text(step_block(s, m.flow, style)));
    }
    D f = D::object();
    f.set("id", D::view(m.flow));
    f.set("title", D::view(m.title));
    f.set("intro", D::view(m.intro_html));
    D notes = D::list();
    for (const auto& n : m.notes) notes.add(D::view(n));
    f.set("has_notes", notes.size() > 0);
    f.set("notes", std::move(notes));
    f.set("summary", D::view(m.summary_html));
    f.set("url", D::text(m.flow + "/index.html"));
    f.set("steps", std::move(steps));
    f.set("before", std::move(before));
    f.set("after", std::move(after));
    f.set("parts", std::move(parts));
    return f;
  }

  // One step (with its choices and tips) as HTML, via the step fragment.
  std::string step_block(const ResolvedPart& step, const std::string& flow, LinkStyle style) {
    D data = part_data(step, flow, style);
    D choices = D::list();
    for (const auto& c : step.choices) choices.add(part_data(c, flow, style));
    data.set("has_choices", choices.size() > 0);
    data.set("choices", std::move(choices));
    data.set("h_step", D::view(style == LinkStyle::pages ? "h2" : "h3"));
    data.set("h_choice", D::view(style == LinkStyle::pages ? "h3" : "h4"));
    return templates_.fragment("step", base_, data);
  }

  // The screens the part shows, drawn from the model: a view of the drawer's picture for one screen
  // (the drawer keeps it for the thread's every page), the pictures joined for more.
  D drawings(const ResolvedPart& p, const std::string& flow) const {
    if (p.illustrations.empty() || !ctx_.screens) return D::optional({});
    auto model = ctx_.screens->find(flow);
    if (model == ctx_.screens->end()) return D::optional({});
    if (p.illustrations.size() == 1)
      return D::optional(drawer_.draw(ctx_, org_, locale_, model->second, p.illustrations.front()));
    std::string out;
    for (const auto& illustration : p.illustrations)
      out += drawer_.draw(ctx_, org_, locale_, model->second, illustration);
    return D::text(std::move(out));
  }

  D part_data(const ResolvedPart& p, const std::string& flow, LinkStyle style) const {
    D tips = D::list();
    for (const auto& t : p.tips) {
      D& tip = tips.add(D::object());
      tip.set("id", D::view(t.id));
      tip.set("html", D::view(t.html));
    }
    D aliases = D::list();
    for (const auto& former : p.former_ids) aliases.add(D::text(anchor_id(flow, former, style)));
    D notes = D::list();
    for (const auto& n : p.notes) notes.add(D::view(n));
    D d = D::object();
    d.set("id", D::view(p.id));
    d.set("anchor", D::text(anchor_id(flow, p.id, style)));
    d.set("aliases", std::move(aliases));
    d.set("number", D::text(std::to_string(p.number)));
    d.set("numbered", p.number > 0);
    d.set("title", D::view(p.title));
    d.set("html", D::view(p.html));
    D screens = drawings(p, flow);
    d.set("has_screens", !screens.str().empty());
    d.set("screens", std::move(screens));
    d.set("notes", std::move(notes));
    d.set("tips", std::move(tips));
    return d;
  }

  ThemeRenderer& templates_;
  ScreenDrawer& drawer_;
  QrCache& qr_;
  PdfLinks pdf_;
  const ResolveContext& ctx_;
  const Organisation& org_;
  const std::string& locale_;
  // The site's root seen from the landing page and manual.html (in <org>/<locale>/) and from the
  // flow pages, one folder deeper. Members, because the page data holds views of them.
  const std::string org_root_ = "../../";
  const std::string flow_root_ = "../../../";
  const std::string base_path_;  // <org>/<locale>/
  const std::string logo_url_;   // from the site's root; empty without a logo
  const std::string manual_pdf_;
  const D base_;
  const std::string desk_;
};

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
  base.set("site_title", D::view(site_title(ctx, locale)));
  base.set("org", D());
  base.set("t", D::refer(theme_strings(ctx, locale)));
  D page = D::object();
  page.set("root", D::view(""));
  page.set("page_title", D::view(site_title(ctx, locale)));
  page.set("organisations", std::move(list));
  return {"index.html", templates_.page("index", base, page)};
}

std::vector<Page> SiteRenderer::organisation_locale(const ResolveContext& ctx, const Organisation& org,
                                                    const std::string& locale) {
  return OrgLocalePages(templates_, drawer_, qr_, pdf_, ctx, org, locale, theme_strings(ctx, locale)).render();
}

}  // namespace manualgen
