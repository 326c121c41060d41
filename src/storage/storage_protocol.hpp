#pragma once
// fal's storage protocol as fal's JS client speaks it (fal-protocol.md section 6.1): the URLs, headers and
// JSON of initiate, upload, parts and complete. The only place that knows these shapes.

#include <map>
#include <string>
#include <string_view>

#include "fal/http/transport.hpp"
#include "fal/queue.hpp"
#include "fal/result.hpp"

namespace fal::internal {

/// {rest}/storage/upload/initiate[-multipart]?storage_type=fal-cdn-v3
std::string InitiateUrl(std::string_view rest_base, bool multipart);

/// {"content_type": ..., "file_name": ...}
std::string InitiateBody(std::string_view content_type, std::string_view file_name);

/// The lifecycle headers of an initiate. Both names carry the same JSON: fal's JS client sends
/// X-Fal-Object-Lifecycle, and fal's Python client adds the -Preference form because, per its comments,
/// storage initiate reads that one.
http::Headers LifecycleHeaders(const ObjectLifecycle& lifecycle);

/// Errors: kInvalidArgument for a lifecycle fal would reject or misread (expiry of zero or less, an ACL
/// rule without a user).
Result<void> CheckLifecycle(const ObjectLifecycle& lifecycle);

struct UploadTicket {
  std::string upload_url;  // signed: its query must never be logged or put in a message
  std::string file_url;
};

/// {"upload_url", "file_url"}; both must be absolute http(s) URLs.
Result<UploadTicket> ParseInitiateAnswer(const http::Response& response, std::string_view what);

/// Part `n` of a multipart upload: the part number goes at the end of the path, before the query:
/// https://h/u/abc?sig=1 -> https://h/u/abc/3?sig=1
std::string PartUrl(std::string_view upload_url, int part_number);

/// https://h/u/abc?sig=1 -> https://h/u/abc/complete?sig=1
std::string CompleteUrl(std::string_view upload_url);

/// The etag of a part's answer {"partNumber", "etag"} (falling back to an ETag header).
Result<std::string> ParsePartAnswer(const http::Response& response, int part_number, std::string_view what);

/// {"parts":[{"partNumber":1,"etag":"..."},...]} in ascending part order.
std::string CompleteBody(const std::map<int, std::string>& etags);

}  // namespace fal::internal
