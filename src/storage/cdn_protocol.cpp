#include "storage/cdn_protocol.hpp"

#include <nlohmann/json.hpp>

#include "internal/error_mapping.hpp"
#include "internal/url.hpp"

namespace fal::internal {
namespace {

using nlohmann::json;

std::string StringField(const json& j, const char* name) {
  auto it = j.find(name);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool ReadNumber(std::string_view text, std::size_t& pos, std::size_t digits, int& out) {
  if (pos + digits > text.size()) return false;
  int value = 0;
  for (std::size_t i = 0; i < digits; ++i) {
    const char c = text[pos + i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  pos += digits;
  out = value;
  return true;
}

bool Expect(std::string_view text, std::size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm): portable, unlike timegm.
long long DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const long long yoe = y - era * 400;
  const long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

json ParseObject(const http::Response& response) {
  json j = json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  return !j.is_discarded() && j.is_object() ? j : json();
}

}  // namespace

std::string CdnTokenUrl(std::string_view rest_base) {
  return std::string(rest_base) + "/storage/auth/token?storage_type=fal-cdn-v3";
}

std::optional<std::chrono::system_clock::time_point> ParseIsoTime(std::string_view text) {
  std::size_t pos = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!ReadNumber(text, pos, 4, year) || !Expect(text, pos, '-') || !ReadNumber(text, pos, 2, month) ||
      !Expect(text, pos, '-') || !ReadNumber(text, pos, 2, day)) {
    return std::nullopt;
  }
  if (pos >= text.size() || (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ')) return std::nullopt;
  ++pos;
  if (!ReadNumber(text, pos, 2, hour) || !Expect(text, pos, ':') || !ReadNumber(text, pos, 2, minute) ||
      !Expect(text, pos, ':') || !ReadNumber(text, pos, 2, second)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  long long micros = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    long long scale = 100000;
    const std::size_t start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      micros += (text[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start) return std::nullopt;
  }
  long long offset_seconds = 0;  // no offset: fal's timestamps are UTC
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    int oh = 0, om = 0;
    if (!ReadNumber(text, pos, 2, oh)) return std::nullopt;
    if (pos < text.size() && text[pos] == ':') ++pos;
    if (!ReadNumber(text, pos, 2, om)) return std::nullopt;
    offset_seconds = sign * (oh * 3600LL + om * 60LL);
  }
  if (pos != text.size()) return std::nullopt;
  const long long seconds =
      DaysFromCivil(year, month, day) * 86400LL + hour * 3600LL + minute * 60LL + second - offset_seconds;
  return std::chrono::system_clock::time_point(
      std::chrono::duration_cast<std::chrono::system_clock::duration>(std::chrono::seconds(seconds) +
                                                                      std::chrono::microseconds(micros)));
}

Result<CdnToken> ParseCdnTokenAnswer(const http::Response& response, std::string_view what) {
  // The body holds the token: every message describes the answer without it.
  auto malformed = [&](const std::string& problem) {
    http::Response shown{response.status, response.headers, ""};
    return MalformedResponse(shown, what, problem);
  };
  const json j = ParseObject(response);
  if (!j.is_object()) return malformed("the answer is not a JSON object");
  const std::string token = StringField(j, "token");
  std::string type = StringField(j, "token_type");
  if (token.empty()) return malformed("the answer has no token");
  if (type.empty()) type = "Bearer";
  CdnToken t;
  t.authorization = type + " " + token;
  t.base_url = TrimTrailingSlashes(StringField(j, "base_url"));
  if (!ParseUrl(t.base_url)) return malformed("the answer has no usable base_url (an absolute http(s) URL)");
  auto expires = ParseIsoTime(StringField(j, "expires_at"));
  if (!expires) return malformed("the answer has no usable expires_at (an ISO 8601 time)");
  t.expires_at = *expires;
  return t;
}

std::string CdnUploadUrl(std::string_view base_url) { return std::string(base_url) + "/files/upload"; }

std::string CdnMultipartUrl(std::string_view base_url) {
  return std::string(base_url) + "/files/upload/multipart";
}

Result<std::string> ParseAccessUrl(const http::Response& response, std::string_view what) {
  const std::string url = StringField(ParseObject(response), "access_url");
  if (!ParseUrl(url))
    return MalformedResponse(response, what, "the answer has no usable access_url (an absolute http(s) URL)");
  return url;
}

Result<UploadTicket> ParseCdnMultipartAnswer(const http::Response& response, std::string_view what) {
  const json j = ParseObject(response);
  const std::string access_url = TrimTrailingSlashes(StringField(j, "access_url"));
  const std::string upload_id = StringField(j, "uploadId");
  if (!ParseUrl(access_url)) {
    return MalformedResponse(response, what, "the answer has no usable access_url (an absolute http(s) URL)");
  }
  if (upload_id.empty() || upload_id.find_first_of("/?#") != std::string::npos) {
    return MalformedResponse(response, what, "the answer has no usable uploadId");
  }
  return UploadTicket{access_url + "/multipart/" + upload_id, access_url};
}

bool OnCdnBase(std::string_view url, std::string_view base_url) {
  auto a = ParseUrl(url);
  auto b = ParseUrl(base_url);
  return a && b && SameOrigin(*a, *b);
}

}  // namespace fal::internal
