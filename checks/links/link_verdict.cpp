#include "checks/links/link_verdict.h"

#include "checks/links/link_url.h"

namespace manualgen {

namespace {

Verdict broken(std::string rule, std::string message) {
  return {LinkState::broken, std::move(rule), Severity::error, std::move(message)};
}

std::string status_text(long status) { return status ? std::to_string(status) : std::string("no answer"); }

}  // namespace

std::string chain_text(const FetchResult& result) {
  std::string out;
  for (size_t i = 0; i < result.chain.size(); ++i) {
    const Hop& hop = result.chain[i];
    out += hop.url;
    if (i + 1 < result.chain.size())
      out += " → " + status_text(hop.status) + " → ";
    else
      out += hop.attempts || hop.status ? " (" + status_text(hop.status) + ")" : " (not requested)";
  }
  return out;
}

Verdict judge(const LinkRules& rules, const FetchResult& result) {
  switch (result.outcome) {
    case FetchOutcome::network_error:
      return broken("network-error", result.error);
    case FetchOutcome::refused:
      return broken("refused-address", result.error +
                                           " (a published manual should link public addresses; add an intranet "
                                           "host to \"exclude_hosts\" in the rules to leave it unchecked)");
    case FetchOutcome::redirect_loop:
      return broken("redirect-loop", result.error + ": " + chain_text(result));
    case FetchOutcome::too_many_redirects:
      return broken("too-many-redirects", result.error + ": " + chain_text(result));
    case FetchOutcome::bad_redirect:
      return broken("bad-redirect", result.error + ": " + chain_text(result));
    case FetchOutcome::answered:
      break;
  }
  if (result.chain.empty()) return broken("network-error", result.url + ": no answer");
  const Hop& last = result.chain.back();
  std::string final_host = url_host(last.url);
  bool redirected = result.chain.size() > 1;

  // aka.ms answers an unknown name with a 302 to a Bing search for it, which then answers 200.
  if (redirected && host_matches_any(rules.shortlink_hosts, url_host(result.url))) {
    for (size_t i = 1; i < result.chain.size(); ++i) {
      if (host_matches_any(rules.search_engine_hosts, url_host(result.chain[i].url)))
        return broken("dead-shortlink",
                      "dead shortlink: " + result.url +
                          " redirects to a search engine, so the short name does not exist: " + chain_text(result));
    }
  }
  const RedirectExpectation* expectation = rules.expectation_for(result.url);
  if (expectation && !host_matches_any(expectation->final_hosts, final_host)) {
    std::string expected;
    for (const auto& h : expectation->final_hosts) expected += (expected.empty() ? "" : " or ") + h;
    return broken("redirect-expectation", result.url + " must end on " + expected + " but ends on " +
                                              (final_host.empty() ? last.url : final_host) + ": " + chain_text(result));
  }
  if (!rules.accepts(final_host, last.status)) {
    std::string message = "HTTP " + status_text(last.status) + ": " + chain_text(result);
    if (!result.error.empty()) message += " (" + result.error + ")";
    return broken("http-status", message);
  }
  if (!redirected) return {};
  long first = result.chain.front().status;
  if ((first == 301 || first == 308) && !expectation && !host_matches_any(rules.shortlink_hosts, url_host(result.url)))
    return {LinkState::redirected, "permanent-redirect", Severity::warning,
            "moved permanently; link the new address: " + chain_text(result)};
  return {LinkState::redirected, "", Severity::warning, ""};
}

}  // namespace manualgen
