#include "router.hpp"

#include <vector>

namespace fal::emulator {
namespace {

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> segments;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t slash = path.find('/', start);
    const std::size_t end = slash == std::string_view::npos ? path.size() : slash;
    if (end > start) segments.push_back(path.substr(start, end - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return segments;
}

std::string Join(const std::vector<std::string_view>& segments, std::size_t count) {
  std::string joined;
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) joined += '/';
    joined += segments[i];
  }
  return joined;
}

bool ParsePartNumber(std::string_view text, int& out) {
  if (text.empty() || text.size() > 5) return false;
  int n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    n = n * 10 + (c - '0');
  }
  if (n < 1) return false;
  out = n;
  return true;
}

// Queue paths: [namespace/]owner/alias/requests/{id}[/status[/stream]|/cancel]. fal's namespaces
// (workflows, comfy) add one leading segment, so "requests" sits at index 2 or 3.
bool MatchQueuePath(std::string_view method, const std::vector<std::string_view>& s, RouteMatch& m) {
  const bool namespaced = !s.empty() && (s[0] == "workflows" || s[0] == "comfy");
  const std::size_t at = namespaced ? 3 : 2;
  if (s.size() < at + 2 || s[at] != "requests") return false;
  const std::size_t rest = s.size() - (at + 2);
  m.app_id = Join(s, at);
  m.request_id = std::string(s[at + 1]);
  if (rest == 0 && method == "GET") {
    m.route = Route::kResult;
  } else if (rest == 1 && s[at + 2] == "status" && method == "GET") {
    m.route = Route::kStatus;
  } else if (rest == 2 && s[at + 2] == "status" && s[at + 3] == "stream" && method == "GET") {
    m.route = Route::kStream;
  } else if (rest == 1 && s[at + 2] == "cancel" && method == "PUT") {
    m.route = Route::kCancel;
  } else {
    return false;
  }
  return true;
}

}  // namespace

std::string_view RouteName(Route route) {
  static constexpr std::array<std::string_view, kRouteCount> kNames = {
      "submit",       "status",   "stream", "result",  "cancel",     "initiate",      "upload",
      "part",         "complete", "file",   "token",   "cdn-upload", "cdn-multipart", "cdn-part",
      "cdn-complete", "webhook",  "jwks",   "control", "unknown"};
  return kNames[static_cast<std::size_t>(route)];
}

const std::array<Route, 16>& FaultableRoutes() {
  static constexpr std::array<Route, 16> kRoutes = {
      Route::kSubmit,       Route::kStatus,   Route::kStream,      Route::kResult,
      Route::kCancel,       Route::kInitiate, Route::kUpload,      Route::kPart,
      Route::kComplete,     Route::kFile,     Route::kCdnToken,    Route::kCdnUpload,
      Route::kCdnMultipart, Route::kCdnPart,  Route::kCdnComplete, Route::kWebhook};
  return kRoutes;
}

bool IsQueueRoute(Route route) {
  return route == Route::kSubmit || route == Route::kStatus || route == Route::kStream ||
         route == Route::kResult || route == Route::kCancel;
}

bool IsStorageRoute(Route route) {
  return route == Route::kUpload || route == Route::kPart || route == Route::kComplete ||
         route == Route::kFile;
}

bool IsCdnRoute(Route route) {
  return route == Route::kCdnUpload || route == Route::kCdnMultipart || route == Route::kCdnPart ||
         route == Route::kCdnComplete;
}

RouteMatch MatchRoute(std::string_view method, std::string_view path) {
  RouteMatch m;
  const auto s = SplitPath(path);
  if (s.empty()) return m;

  if (s[0] == "_emulator") {
    m.route = Route::kControl;
    m.control = Join(std::vector<std::string_view>(s.begin() + 1, s.end()), s.size() - 1);
    return m;
  }
  if (s.size() == 2 && s[0] == ".well-known" && s[1] == "jwks.json") {
    if (method == "GET") m.route = Route::kJwks;
    return m;
  }
  if (s[0] == "storage") {
    if (method == "POST" && s.size() == 3 && s[1] == "upload" &&
        (s[2] == "initiate" || s[2] == "initiate-multipart")) {
      m.route = Route::kInitiate;
      m.multipart = s[2] == "initiate-multipart";
    } else if (method == "POST" && s.size() == 3 && s[1] == "auth" && s[2] == "token") {
      m.route = Route::kCdnToken;
    }
    return m;
  }
  if (s[0] == "uploads") {
    if (s.size() == 2 && method == "PUT") {
      m.route = Route::kUpload;
      m.upload_id = std::string(s[1]);
    } else if (s.size() == 3 && method == "POST" && s[2] == "complete") {
      m.route = Route::kComplete;
      m.upload_id = std::string(s[1]);
    } else if (s.size() == 3 && method == "PUT" && ParsePartNumber(s[2], m.part_number)) {
      m.route = Route::kPart;
      m.upload_id = std::string(s[1]);
    }
    return m;
  }
  if (s[0] == "files") {
    if (method == "POST" && s.size() == 2 && s[1] == "upload") {
      m.route = Route::kCdnUpload;
    } else if (method == "POST" && s.size() == 3 && s[1] == "upload" && s[2] == "multipart") {
      m.route = Route::kCdnMultipart;
    } else if (s.size() == 6 && s[3] == "multipart" && (method == "PUT" || method == "POST")) {
      // {access_url}/multipart/{uploadId}/{n} and .../complete, where access_url is /files/{id}/{name}
      m.upload_id = std::string(s[1]);
      m.cdn_upload_id = std::string(s[4]);
      if (method == "POST" && s[5] == "complete") {
        m.route = Route::kCdnComplete;
      } else if (method == "PUT" && ParsePartNumber(s[5], m.part_number)) {
        m.route = Route::kCdnPart;
      }
    } else if (s.size() >= 2 && (method == "GET" || method == "HEAD")) {
      m.route = Route::kFile;
      m.file_id = std::string(s[1]);
    }
    return m;
  }
  if (MatchQueuePath(method, s, m)) return m;
  RouteMatch other;
  if (method == "POST" && s.size() >= 2) {
    other.route = Route::kSubmit;
    other.endpoint_id = Join(s, s.size());
  }
  return other;
}

}  // namespace fal::emulator
