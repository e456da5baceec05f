#include "checks/links/link_extractor.h"

#include <algorithm>
#include <pugixml.hpp>
#include <unordered_map>

#include "checks/links/link_url.h"
#include "generator/core/project_files.h"
#include "generator/core/text.h"

namespace manualgen {

namespace {

// Which attribute of which element is a link.
const char* link_attribute(std::string_view element) {
  if (element == "a" || element == "link") return "href";
  if (element == "img" || element == "script" || element == "source") return "src";
  return nullptr;
}

std::string lowercase(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Depth-first over the elements, in document order, without recursion (pages can nest deeply).
template <class Visit>
void for_each_element(const pugi::xml_node& root, Visit visit) {
  std::vector<pugi::xml_node> stack;
  for (auto child = root.last_child(); child; child = child.previous_sibling()) stack.push_back(child);
  while (!stack.empty()) {
    pugi::xml_node node = stack.back();
    stack.pop_back();
    if (node.type() != pugi::node_element) continue;
    visit(node);
    for (auto child = node.last_child(); child; child = child.previous_sibling()) stack.push_back(child);
  }
}

}  // namespace

/// Resolved references by base and reference. A reference's result depends on the base's
/// folder only, unless it is empty or starts with `#` or `?`; absolute ones depend on nothing.
struct LinkExtractor::Memo {
  struct Resolved {
    std::string scheme, url, target, fragment, error;
  };
  std::unordered_map<std::string, Resolved> resolved;

  const Resolved& resolve(const Url& base, const std::string& base_text, const std::string& reference,
                          const std::string& scheme) {
    std::string key;
    if (scheme.empty()) {
      bool whole_base = reference.empty() || reference.front() == '#' || reference.front() == '?';
      key = whole_base ? base_text : base_text.substr(0, base_text.rfind('/') + 1);
    }
    key += '\n';
    key += reference;
    auto [it, added] = resolved.try_emplace(std::move(key));
    if (!added) return it->second;
    Resolved& r = it->second;
    r.scheme = scheme;
    if (auto url = base.resolve(reference, &r.error)) {
      r.url = url->str();
      r.target = url->without_fragment();
      r.fragment = url->fragment();
      r.scheme = url->scheme();
    }
    return r;
  }
};

LinkExtractor::LinkExtractor() : memo_(std::make_unique<Memo>()) {}
LinkExtractor::~LinkExtractor() = default;

ExtractedPage extract_links(std::string_view html, const std::string& page_path) {
  return LinkExtractor().extract(html, page_path);
}

ExtractedPage LinkExtractor::extract(std::string_view html, const std::string& page_path) {
  ExtractedPage page;
  page.path = page_path;
  LineIndex lines(html);
  pugi::xml_document doc;
  // No encoding conversion: offsets, and so line numbers, stay those of the file.
  pugi::xml_parse_result parsed = doc.load_buffer(html.data(), html.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    page.parse_error = parsed.description();
    page.parse_error_line = lines.line_of(parsed.offset);
    // What was read before the error is still checked: its links are as real as the error.
  }

  auto page_url = Url::parse(std::string(kSiteOrigin) + "/" + encode_path(page_path));
  if (!page_url) return page;
  Url base = *page_url;
  if (auto node = doc.select_node("//*[local-name()='base'][@href]")) {
    if (auto resolved = page_url->resolve(clean_reference(node.node().attribute("href").value()))) base = *resolved;
  }
  const std::string base_text = base.str();

  for_each_element(doc, [&](const pugi::xml_node& element) {
    std::string name = lowercase(element.name());
    if (auto id = element.attribute("id")) page.ids.insert(id.value());
    if (name == "a")
      if (auto anchor_name = element.attribute("name")) page.ids.insert(anchor_name.value());
    const char* attribute = link_attribute(name);
    if (!attribute) return;
    pugi::xml_attribute value = element.attribute(attribute);
    if (!value) return;
    LinkOccurrence link;
    link.page = page_path;
    link.line = lines.line_of(element.offset_debug());
    link.element = name;
    link.written = value.value();
    std::string reference = clean_reference(link.written);
    link.scheme = reference_scheme(reference);
    // Only URLs with an authority are resolved; mailto:, tel:, javascript:, data: are kept with
    // their scheme so the checker can count them as excluded.
    if (link.scheme.empty() || link.scheme == "http" || link.scheme == "https" ||
        reference.compare(link.scheme.size(), 3, "://") == 0) {
      const auto& r = memo_->resolve(base, base_text, reference, link.scheme);
      link.scheme = r.scheme;
      link.url = r.url;
      link.target = r.target;
      link.fragment = r.fragment;
      link.error = r.error;
    }
    page.links.push_back(std::move(link));
  });
  return page;
}

std::vector<std::string> find_pages(const std::filesystem::path& site) {
  std::vector<std::string> pages;
  // The walker throws nothing and never loops, whatever links the folder holds.
  for (const FolderEntry& entry : walk_folder(site.string()))
    if (entry.kind == FolderEntry::Kind::file && std::filesystem::path(entry.relative).extension() == ".html")
      pages.push_back(entry.relative);
  std::sort(pages.begin(), pages.end());
  return pages;
}

}  // namespace manualgen
