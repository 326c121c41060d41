#include "fal/endpoint_id.hpp"

#include <cctype>
#include <vector>

namespace fal {
namespace {

std::vector<std::string> Split(std::string_view id) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t slash = id.find('/', start);
    parts.emplace_back(
        id.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return parts;
}

// Characters that may stand in a URL path segment unescaped. Anything else (spaces, '?', '#', '%', '..')
// would change the URL the id is put into, so it is refused rather than escaped.
bool IsSafeSegment(const std::string& s) {
  if (s.empty() || s == "." || s == "..") return false;
  for (unsigned char c : s) {
    if (!(std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~')) return false;
  }
  return true;
}

Error InvalidId(std::string_view id, const std::string& why) {
  return Error(ErrorCode::kInvalidArgument,
               "invalid endpoint id \"" + std::string(id) + "\": " + why +
                   "; expected owner/alias[/path], e.g. \"fal-ai/ltx-2.3-quality/render-to-real\"");
}

}  // namespace

Result<EndpointId> EndpointId::Parse(std::string_view id) {
  if (id.empty()) return InvalidId(id, "it is empty");
  std::vector<std::string> parts = Split(id);
  if (parts.size() == 1) {
    // Legacy numeric app ids: "123-my-app" -> "123/my-app", split at the first dash.
    const std::string& s = parts[0];
    std::size_t dash = s.find('-');
    bool numeric = dash != std::string::npos && dash > 0;
    for (std::size_t i = 0; numeric && i < dash; ++i)
      numeric = std::isdigit(static_cast<unsigned char>(s[i]));
    if (!numeric || dash + 1 >= s.size())
      return InvalidId(id, "a single segment must be a legacy id like 123-my-app");
    parts = {s.substr(0, dash), s.substr(dash + 1)};
  }
  while (parts.size() > 2 && parts.back().empty()) parts.pop_back();  // "a/b/" has no path
  for (const std::string& p : parts) {
    if (!IsSafeSegment(p))
      return InvalidId(id, "segment \"" + p + "\" is empty or has characters not allowed in a URL path");
  }
  EndpointId out;
  std::size_t first = 0;
  if (parts[0] == "workflows" || parts[0] == "comfy") {
    if (parts.size() < 3) return InvalidId(id, "namespace \"" + parts[0] + "\" needs owner/alias after it");
    out.ns_ = parts[0];
    first = 1;
  }
  out.owner_ = parts[first];
  out.alias_ = parts[first + 1];
  for (std::size_t i = first + 2; i < parts.size(); ++i) {
    if (!out.path_.empty()) out.path_ += '/';
    out.path_ += parts[i];
  }
  return out;
}

std::string EndpointId::App() const { return (ns_.empty() ? "" : ns_ + "/") + owner_ + "/" + alias_; }

std::string EndpointId::Full() const { return path_.empty() ? App() : App() + "/" + path_; }

}  // namespace fal
