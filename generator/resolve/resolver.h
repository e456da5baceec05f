#pragma once
// Resolve: (organisation, locale, flow) → Manual. Applies conditions, fills placeholders, picks
// UI labels from the locale chain and records every fallback it used.

#include <map>
#include <set>
#include <string>
#include <tuple>

#include "generator/load/content.h"
#include "generator/load/locale_catalog.h"
#include "generator/load/site_config.h"
#include "generator/resolve/manual.h"

namespace manualgen {

/// How links between parts are written: between the per-flow pages, or inside the one-page
/// manual.html where every id is prefixed with its flow.
enum class LinkStyle { pages, single_page };

/// A key that was missing in a locale and taken from a fallback: (locale, what, found in).
using FallbackUse = std::tuple<std::string, std::string, std::string>;

struct ResolveContext {
  const SiteConfig& config;
  const Content& content;
  const LocaleCatalog& locales;
  Diagnostics& diags;
  std::set<FallbackUse>& fallbacks;
  // The screen model per flow, to choose the screens each part draws; null: none are drawn.
  const std::map<std::string, FlowModel>* screens = nullptr;
};

Manual resolve_manual(const ResolveContext& ctx, const Organisation& org, const std::string& locale,
                      const std::string& flow, LinkStyle style);

/// `manual` with its links between parts written in `style`: the texts holding such links are
/// filled again, all else is copied. Same result as resolve_manual with `style`, for a fraction of
/// the work (few texts link to other parts).
Manual restyle_manual(const ResolveContext& ctx, const Manual& manual, LinkStyle style);

/// The anchor of part `id` of `flow` in the given link style.
std::string anchor_id(const std::string& flow, const std::string& id, LinkStyle style);

/// A theme string in the locale chain of `locale`; records a fallback, reports a missing key.
std::string theme_string(const ResolveContext& ctx, const std::string& locale, const std::string& key);

/// A text of the config given per locale (servicedesk hours, notes, the licence note, the site
/// title) in the locale chain of `locale`: nl-BE takes nl's, and the fallback is recorded as
/// `what`. Empty when the chain has none (loading made sure a published locale has one).
std::string_view config_text(const ResolveContext& ctx, const LocalizedText& text, const std::string& locale,
                             const std::string& what);

/// The site's title in `locale`: one string for all, or the one of the locale chain.
std::string_view site_title(const ResolveContext& ctx, const std::string& locale);

/// A YYYY-MM-DD date written out in the reader's language ("30 september 2026"), with the theme
/// strings `date-format` and `month-1` … `month-12`.
std::string written_date(const ResolveContext& ctx, const std::string& locale, const std::string& iso);

}  // namespace manualgen
