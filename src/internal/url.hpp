#pragma once
// URL helpers: parsing just enough to compare origins, loopback checks, form encoding, and stripping the
// query (which may hold a signature) from anything that is logged or put into an error message.

#include <optional>
#include <string>
#include <string_view>

namespace fal::internal {

struct Url {
  std::string scheme;  // lower-case
  std::string host;    // lower-case, without brackets for IPv6
  int port = 0;        // explicit or the scheme's default
  std::string path;    // starts with '/' (or empty)
  std::string query;   // without '?'
};

/// Parses an absolute http(s) URL; nullopt for anything else.
std::optional<Url> ParseUrl(std::string_view url);

/// 127.0.0.0/8, ::1 and localhost.
bool IsLoopbackHost(std::string_view host);

/// Same scheme, host and port.
bool SameOrigin(const Url& a, const Url& b);

/// application/x-www-form-urlencoded, as fal's clients encode query values: space is '+', and every
/// byte but ALPHA / DIGIT / "-" / "." / "_" / "*" is %XX.
std::string FormEncode(std::string_view value);

/// The URL without its query string and fragment: safe to log.
std::string StripQuery(std::string_view url);

/// `base` without trailing slashes.
std::string TrimTrailingSlashes(std::string base);

}  // namespace fal::internal
