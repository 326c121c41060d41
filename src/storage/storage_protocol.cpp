#include "storage/storage_protocol.hpp"

#include <nlohmann/json.hpp>

#include "internal/error_mapping.hpp"
#include "internal/json_text.hpp"
#include "internal/queue_protocol.hpp"
#include "internal/url.hpp"
#include "internal/utf8.hpp"

namespace fal::internal {
namespace {

using nlohmann::json;

// Splits a URL before its query (or fragment), keeping the '?' with the tail.
std::pair<std::string_view, std::string_view> SplitAtQuery(std::string_view url) {
  const std::size_t q = url.find_first_of("?#");
  std::string_view path = url.substr(0, q);
  // A trailing '/' would give "//3": fal's URLs have none, but a proxy might add one.
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  return {path, q == std::string_view::npos ? std::string_view() : url.substr(q)};
}

}  // namespace

std::string InitiateUrl(std::string_view rest_base, bool multipart) {
  return std::string(rest_base) +
         (multipart ? "/storage/upload/initiate-multipart" : "/storage/upload/initiate") +
         "?storage_type=fal-cdn-v3";
}

std::string InitiateBody(std::string_view content_type, std::string_view file_name) {
  // The file name is a label: a Latin-1 name (common on render farms) is sent with U+FFFD in place of each
  // byte that is not UTF-8; the file's bytes are what they are.
  return DumpJson(json{{"content_type", content_type}, {"file_name", file_name}});
}

http::Headers LifecycleHeaders(const ObjectLifecycle& lifecycle) {
  std::string value = LifecycleJson(lifecycle);
  return {{"X-Fal-Object-Lifecycle", value}, {"X-Fal-Object-Lifecycle-Preference", value}};
}

Result<void> CheckLifecycle(const ObjectLifecycle& lifecycle) {
  if (lifecycle.expiration_seconds && *lifecycle.expiration_seconds <= 0) {
    return Error(
        ErrorCode::kInvalidArgument,
        "lifecycle expiration_seconds is " + std::to_string(*lifecycle.expiration_seconds) +
            ": use a positive number of seconds (fal reads 0 as no expiry), or leave it unset to never "
            "expire; ObjectLifecycle::FromPreset(\"immediate\") gives the shortest, 60 s");
  }
  for (const ObjectLifecycle::Rule& rule : lifecycle.acl_rules) {
    if (rule.user.empty()) {
      return Error(ErrorCode::kInvalidArgument,
                   "lifecycle ACL rule has an empty user: name the fal user it applies to");
    }
    if (auto bad = FirstInvalidUtf8(rule.user)) {
      return Error(ErrorCode::kInvalidArgument,
                   "lifecycle ACL rule's user is not valid UTF-8: " + DescribeInvalidUtf8(rule.user, *bad) +
                       "; give the fal user name");
    }
  }
  return {};
}

Result<UploadTicket> ParseInitiateAnswer(const http::Response& response, std::string_view what) {
  json j = json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object())
    return MalformedResponse(response, what, "the answer is not a JSON object");
  UploadTicket t;
  if (auto it = j.find("upload_url"); it != j.end() && it->is_string()) t.upload_url = it->get<std::string>();
  if (auto it = j.find("file_url"); it != j.end() && it->is_string()) t.file_url = it->get<std::string>();
  // The excerpt of a malformed answer would show the signed upload URL: describe it instead.
  auto malformed = [&](const std::string& problem) {
    http::Response shown{response.status, response.headers, ""};
    return MalformedResponse(shown, what, problem);
  };
  if (!ParseUrl(t.upload_url))
    return malformed("the answer has no usable upload_url (an absolute http(s) URL)");
  if (!ParseUrl(t.file_url)) return malformed("the answer has no usable file_url (an absolute http(s) URL)");
  return t;
}

std::string PartUrl(std::string_view upload_url, int part_number) {
  auto [path, query] = SplitAtQuery(upload_url);
  return std::string(path) + "/" + std::to_string(part_number) + std::string(query);
}

std::string CompleteUrl(std::string_view upload_url) {
  auto [path, query] = SplitAtQuery(upload_url);
  return std::string(path) + "/complete" + std::string(query);
}

Result<std::string> ParsePartAnswer(const http::Response& response, int part_number, std::string_view what) {
  json j = json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  std::string etag;
  if (!j.is_discarded() && j.is_object()) {
    if (auto it = j.find("etag"); it != j.end() && it->is_string()) etag = it->get<std::string>();
    if (auto it = j.find("partNumber");
        it != j.end() && it->is_number_integer() && it->get<long long>() != part_number) {
      return MalformedResponse(response, what,
                               "the answer is for part " + std::to_string(it->get<long long>()) +
                                   ", not part " + std::to_string(part_number));
    }
  }
  if (etag.empty()) etag = response.Header("etag").value_or("");
  if (etag.empty()) return MalformedResponse(response, what, "the answer has no etag for the part");
  return etag;
}

std::string CompleteBody(const std::map<int, std::string>& etags) {
  json parts = json::array();
  for (const auto& [number, etag] : etags) parts.push_back({{"partNumber", number}, {"etag", etag}});
  return DumpJson(json{{"parts", std::move(parts)}});
}

}  // namespace fal::internal
