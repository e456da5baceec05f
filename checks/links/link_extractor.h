#pragma once
// Reads written pages with pugixml (manualgen writes polyglot HTML5, well-formed XML) and collects
// every link with the page and line it is on, and every id a fragment can point at.

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace manualgen {

/// Pages are given URLs on this origin (`https://site.manualgen.invalid/org/nl/index.html`) so
/// relative links resolve as a browser resolves them on the published site; a resolved link on
/// this origin is internal. `.invalid` is reserved (RFC 2606): no real link can point there.
inline constexpr std::string_view kSiteOrigin = "https://site.manualgen.invalid";

/// One link as written in one place.
struct LinkOccurrence {
  std::string page;      // site-relative path of the page, `/`-separated
  int line = 0;          // line of the element's start tag
  std::string element;   // `a`, `link`, `img`, `script`, `source`
  std::string written;   // the attribute value as written
  std::string scheme;    // lowercase scheme of the reference, or of the resolved URL
  std::string url;       // resolved absolute URL with fragment; empty for mailto:, tel:, … and errors
  std::string target;    // `url` without its fragment: what is requested and deduplicated
  std::string fragment;  // percent-decoded; empty when there is none
  std::string error;     // why the reference could not be resolved
};

struct ExtractedPage {
  std::string path;                     // site-relative, `/`-separated
  std::unordered_set<std::string> ids;  // every `id`, and `name` of `<a>`
  std::vector<LinkOccurrence> links;
  std::string parse_error;  // set when the page is not well-formed XML
  int parse_error_line = 0;
};

/// Extracts `a[href]`, `link[href]`, `img[src]`, `script[src]` and `source[src]` from pages;
/// `<base href>` is honoured. Keeps what it resolved for the next pages: a site links the same
/// few dozen addresses from every page, and resolving is most of the work.
class LinkExtractor {
 public:
  LinkExtractor();
  ~LinkExtractor();
  LinkExtractor(const LinkExtractor&) = delete;
  LinkExtractor& operator=(const LinkExtractor&) = delete;

  ExtractedPage extract(std::string_view html, const std::string& page_path);

 private:
  struct Memo;
  std::unique_ptr<Memo> memo_;
};

/// One page on its own.
ExtractedPage extract_links(std::string_view html, const std::string& page_path);

/// Every `.html` file below `site`, site-relative with `/`, sorted (the report's order).
std::vector<std::string> find_pages(const std::filesystem::path& site);

}  // namespace manualgen
