#pragma once
// fal's CDN v3 upload protocol as fal's Python client speaks it (docs/files.md, "The two upload
// protocols"): a token from the rest host, then uploads straight to the CDN base the token names. The only
// place that knows these URLs and JSON shapes; storage_protocol.hpp has the initiate protocol's.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "fal/http/transport.hpp"
#include "fal/result.hpp"
#include "storage/storage_protocol.hpp"

namespace fal::internal {

/// A CDN token: a credential. It goes only to `base_url`'s origin, never into a log or a message.
struct CdnToken {
  std::string authorization;  // "<token_type> <token>", the Authorization header value
  std::string base_url;       // without trailing slashes
  std::chrono::system_clock::time_point expires_at;
};

/// {rest}/storage/auth/token?storage_type=fal-cdn-v3
std::string CdnTokenUrl(std::string_view rest_base);

/// {"token", "token_type", "base_url", "expires_at" (ISO 8601)}. A malformed answer is described without
/// its body, which may hold the token.
Result<CdnToken> ParseCdnTokenAnswer(const http::Response& response, std::string_view what);

/// "2026-01-31T12:00:00.123456+00:00" (or "Z", or no offset for UTC) as a point in time.
std::optional<std::chrono::system_clock::time_point> ParseIsoTime(std::string_view text);

/// {base}/files/upload and {base}/files/upload/multipart.
std::string CdnUploadUrl(std::string_view base_url);
std::string CdnMultipartUrl(std::string_view base_url);

/// {"access_url"} of a single upload (and of a complete).
Result<std::string> ParseAccessUrl(const http::Response& response, std::string_view what);

/// {"access_url", "uploadId"} of a multipart create, as a ticket: parts go to
/// {access_url}/multipart/{uploadId}/{n} (PartUrl), the complete to .../complete (CompleteUrl), and the
/// file is access_url.
Result<UploadTicket> ParseCdnMultipartAnswer(const http::Response& response, std::string_view what);

/// Whether `url` is on the CDN base's origin: the only place the token may go.
bool OnCdnBase(std::string_view url, std::string_view base_url);

}  // namespace fal::internal
