#pragma once
// URLs as the link checker sees them: parsed, resolved against their page and normalised by
// libcurl's URL API (CURLU), so the extractor, the cache and the fetcher agree on what one URL is.

#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct Curl_URL;  // CURLU, from <curl/urlapi.h>

namespace manualgen {

class Url {
 public:
  /// Parses an absolute URL with an authority (`https://host/…`); nullopt and `error` if it is not one.
  static std::optional<Url> parse(std::string_view text, std::string* error = nullptr);

  /// Resolves `reference` (an href as written, cleaned with `clean_reference`) against this URL
  /// as RFC 3986 does; nullopt and `error` if the result is not a URL curl accepts.
  std::optional<Url> resolve(std::string_view reference, std::string* error = nullptr) const;

  Url(const Url& other);
  Url& operator=(const Url& other);
  Url(Url&&) noexcept = default;
  Url& operator=(Url&&) noexcept = default;
  ~Url();

  /// The whole URL, normalised: scheme and host in lowercase, no default port, dot segments removed.
  std::string str() const;
  /// The URL without its `#fragment`: what is requested, cached and deduplicated.
  std::string without_fragment() const;
  std::string scheme() const;
  /// Lowercase; an IPv6 address keeps its brackets (`[::1]`).
  std::string host() const;
  /// The path, percent-decoded (`/org/nl/caf%C3%A9.html` → `/org/nl/café.html`).
  std::string path() const;
  /// The fragment, percent-decoded; empty when there is none or it is empty.
  std::string fragment() const;

 private:
  struct Deleter {
    void operator()(Curl_URL* handle) const;
  };
  explicit Url(Curl_URL* handle);
  std::string part(int which, unsigned flags) const;

  std::unique_ptr<Curl_URL, Deleter> handle_;
};

/// An attribute value as browsers read a URL from it: leading and trailing spaces removed, tabs
/// and newlines inside dropped.
std::string clean_reference(std::string_view written);

/// The lowercase scheme of a reference (`mailto` for `mailto:a@b.nl`); empty for a relative one.
std::string reference_scheme(std::string_view reference);

/// A file path (`org/nl/café.html`) as a URL path: bytes other than unreserved characters, `/` and
/// sub-delimiters percent-encoded.
std::string encode_path(std::string_view path);

/// The host of an absolute URL as `Url::host` gives it; empty if `url` does not parse.
std::string url_host(std::string_view url);

}  // namespace manualgen
