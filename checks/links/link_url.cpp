#include "checks/links/link_url.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>

#include "generator/core/text.h"

namespace manualgen {

namespace {

// Other schemes than curl's own (mailto:, tel:) never reach CURLU: the checker excludes them by
// `reference_scheme` first. This flag only lets an unusual `scheme://` through so it can be named.
constexpr unsigned kSetFlags = CURLU_NON_SUPPORT_SCHEME;

// Hostnames are case-insensitive, but CURLU keeps the case as written; one spelling per host
// keeps deduplication and the per-host limits honest.
bool lowercase_host(CURLU* h) {
  char* host = nullptr;
  if (curl_url_get(h, CURLUPART_HOST, &host, 0) != CURLUE_OK) return true;
  std::string original = host;
  curl_free(host);
  std::string lower = ascii_lowercase(original);
  return lower == original || curl_url_set(h, CURLUPART_HOST, lower.c_str(), 0) == CURLUE_OK;
}

void set_error(std::string* error, CURLUcode rc) {
  if (error) *error = curl_url_strerror(rc);
}

}  // namespace

void Url::Deleter::operator()(Curl_URL* handle) const { curl_url_cleanup(handle); }

Url::Url(Curl_URL* handle) : handle_(handle) {}

Url::Url(const Url& other) : handle_(curl_url_dup(other.handle_.get())) {}

Url& Url::operator=(const Url& other) {
  if (this != &other) handle_.reset(curl_url_dup(other.handle_.get()));
  return *this;
}

Url::~Url() = default;

std::optional<Url> Url::parse(std::string_view text, std::string* error) {
  Url url(curl_url());
  std::string s(text);
  if (CURLUcode rc = curl_url_set(url.handle_.get(), CURLUPART_URL, s.c_str(), kSetFlags); rc != CURLUE_OK) {
    set_error(error, rc);
    return std::nullopt;
  }
  if (!lowercase_host(url.handle_.get())) {
    if (error) *error = "bad host name";
    return std::nullopt;
  }
  return url;
}

std::optional<Url> Url::resolve(std::string_view reference, std::string* error) const {
  Url url(*this);
  CURLU* h = url.handle_.get();
  // libcurl 7.88 resolves "#x" and "" against `…/reset/index.html` to `…/reset/#x`, dropping the
  // last segment; RFC 3986 keeps the base's path and query. Those two forms are done here.
  if (reference.empty() || reference.front() == '#') {
    std::string fragment(reference.empty() ? std::string_view{} : reference.substr(1));
    CURLUcode rc = curl_url_set(h, CURLUPART_FRAGMENT, fragment.empty() ? nullptr : fragment.c_str(), 0);
    if (rc != CURLUE_OK) {
      set_error(error, rc);
      return std::nullopt;
    }
    return url;
  }
  std::string s(reference);
  if (CURLUcode rc = curl_url_set(h, CURLUPART_URL, s.c_str(), kSetFlags); rc != CURLUE_OK) {
    set_error(error, rc);
    return std::nullopt;
  }
  if (!lowercase_host(h)) {
    if (error) *error = "bad host name";
    return std::nullopt;
  }
  return url;
}

std::string Url::part(int which, unsigned flags) const {
  char* value = nullptr;
  if (curl_url_get(handle_.get(), static_cast<CURLUPart>(which), &value, flags) != CURLUE_OK || !value) return {};
  std::string out = value;
  curl_free(value);
  return out;
}

std::string Url::str() const { return part(CURLUPART_URL, CURLU_NO_DEFAULT_PORT); }

std::string Url::without_fragment() const {
  Url copy(*this);
  curl_url_set(copy.handle_.get(), CURLUPART_FRAGMENT, nullptr, 0);
  return copy.str();
}

std::string Url::scheme() const { return part(CURLUPART_SCHEME, 0); }
std::string Url::host() const { return part(CURLUPART_HOST, 0); }
std::string Url::path() const { return part(CURLUPART_PATH, CURLU_URLDECODE); }
std::string Url::fragment() const { return part(CURLUPART_FRAGMENT, CURLU_URLDECODE); }

std::string clean_reference(std::string_view written) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; };
  size_t begin = 0, end = written.size();
  while (begin < end && space(written[begin])) ++begin;
  while (end > begin && space(written[end - 1])) --end;
  std::string out;
  for (char c : written.substr(begin, end - begin))
    if (c != '\t' && c != '\n' && c != '\r') out += c;
  return out;
}

std::string reference_scheme(std::string_view reference) {
  if (reference.empty() || !std::isalpha(static_cast<unsigned char>(reference.front()))) return {};
  for (size_t i = 1; i < reference.size(); ++i) {
    char c = reference[i];
    if (c == ':') return ascii_lowercase(reference.substr(0, i));
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return {};
  }
  return {};
}

std::string encode_path(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : path) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || std::string_view("-._~/!$&'()*+,;=:@").find(c) != std::string_view::npos) {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

std::string url_host(std::string_view url) {
  auto parsed = Url::parse(url);
  return parsed ? parsed->host() : std::string();
}

}  // namespace manualgen
