#pragma once
// What the answer for one external URL means under the rules: good, good after redirects, or
// broken — and why, in words a manual's editor can act on.

#include <string>

#include "checks/links/link_fetcher.h"
#include "checks/links/link_rules.h"

namespace manualgen {

enum class LinkState { ok, redirected, broken };

struct Verdict {
  LinkState state = LinkState::ok;
  std::string rule;  // empty when there is nothing to say
  Severity severity = Severity::error;
  std::string message;  // for a finding
};

Verdict judge(const LinkRules& rules, const FetchResult& result);

/// `https://aka.ms/sspr → 301 → https://passwordreset.microsoftonline.com/ (200)`.
std::string chain_text(const FetchResult& result);

}  // namespace manualgen
