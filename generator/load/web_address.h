#pragma once
// Addresses from the config and content that end up in an href or src: checked strictly, so a
// pasted line break or a query smuggled into an e-mail address never reaches a page.

#include <optional>
#include <string>
#include <string_view>

namespace manualgen {

/// The host (lowercase) of `url` when it is a web address pages may link to: an absolute URL
/// that libcurl's URL parser accepts (so no spaces, line breaks or control characters), `https`
/// (or `http` when `allow_http`), with a host and without a user name or password. Otherwise
/// nullopt, and `problem` says why.
std::optional<std::string> web_address_host(std::string_view url, bool allow_http, std::string& problem);

/// Whether `name` is a domain name: at least two labels of letters, digits and inner hyphens,
/// the last not all digits ("handleidingen.example.nl").
bool is_domain_name(std::string_view name);

/// Whether `address` is one plain e-mail address, safe after `mailto:`: one `@`; before it
/// letters, digits and `.` `_` `+` `-` `'` (no `?`, `&` or `%`, which would add a query such as
/// `?bcc=` to the mail); after it a domain of at least two labels of letters, digits and hyphens.
bool is_email_address(std::string_view address);

}  // namespace manualgen
