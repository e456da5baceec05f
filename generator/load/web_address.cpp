#include "generator/load/web_address.h"

#include <curl/curl.h>

#include <algorithm>
#include <memory>

#include "generator/core/text.h"

namespace manualgen {

namespace {

struct UrlDeleter {
  void operator()(CURLU* h) const { curl_url_cleanup(h); }
};

// A part of a parsed URL, empty when it has none.
std::string part(CURLU* h, CURLUPart which) {
  char* value = nullptr;
  if (curl_url_get(h, which, &value, 0) != CURLUE_OK || !value) return {};
  std::string out = value;
  curl_free(value);
  return out;
}

bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

}  // namespace

bool is_domain_name(std::string_view domain) {
  if (domain.empty() || domain.size() > 253) return false;
  size_t labels = 0;
  bool last_numeric = true;
  for (size_t start = 0; start <= domain.size(); ++labels) {
    size_t end = std::min(domain.find('.', start), domain.size());
    std::string_view label = domain.substr(start, end - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    last_numeric = true;
    for (char c : label) {
      if (!is_alnum(c) && c != '-') return false;
      last_numeric = last_numeric && c >= '0' && c <= '9';
    }
    start = end + 1;
  }
  return labels >= 2 && !last_numeric;
}

std::optional<std::string> web_address_host(std::string_view url, bool allow_http, std::string& problem) {
  const std::string text(url);
  const std::string scheme = ascii_lowercase(text.substr(0, text.find(':')));
  if (scheme != "https" && !(allow_http && scheme == "http")) {
    problem = allow_http ? "not an http or https address" : "not an https address";
    return std::nullopt;
  }
  std::unique_ptr<CURLU, UrlDeleter> h(curl_url());
  if (CURLUcode rc = curl_url_set(h.get(), CURLUPART_URL, text.c_str(), 0); rc != CURLUE_OK) {
    problem = ascii_lowercase(curl_url_strerror(rc));
    return std::nullopt;
  }
  const size_t authority = text.find("://");
  if (authority != scheme.size() || text.compare(authority + 3, 1, "/") == 0) {
    problem = "no host name after the //";  // libcurl takes "https:///path" for host "path"
  } else if (!part(h.get(), CURLUPART_USER).empty() || !part(h.get(), CURLUPART_PASSWORD).empty()) {
    problem = "it holds a user name or password";
  } else if (std::string host = part(h.get(), CURLUPART_HOST); host.empty()) {
    problem = "no host name";
  } else {
    return ascii_lowercase(host);
  }
  return std::nullopt;
}

bool is_email_address(std::string_view address) {
  const size_t at = address.find('@');
  if (at == std::string_view::npos || address.find('@', at + 1) != std::string_view::npos) return false;
  std::string_view local = address.substr(0, at);
  if (local.empty() || local.size() > 64 || local.front() == '.' || local.back() == '.' ||
      local.find("..") != std::string_view::npos)
    return false;
  for (char c : local)
    if (!is_alnum(c) && std::string_view("._+-'").find(c) == std::string_view::npos) return false;
  return is_domain_name(address.substr(at + 1));
}

}  // namespace manualgen
