#include "fal/object_lifecycle.hpp"

#include <charconv>

namespace fal {

std::string_view ToString(AclDecision decision) {
  switch (decision) {
    case AclDecision::kAllow:
      return "allow";
    case AclDecision::kForbid:
      return "forbid";
    case AclDecision::kHide:
      return "hide";
  }
  return "allow";
}

ObjectLifecycle ObjectLifecycle::ExpiresIn(std::chrono::seconds seconds) {
  ObjectLifecycle l;
  l.expiration_seconds = seconds.count();
  return l;
}

Result<ObjectLifecycle> ObjectLifecycle::FromPreset(std::string_view preset) {
  struct Named {
    std::string_view name;
    std::int64_t seconds;
  };
  // "immediate" is 60 s because fal reads 0 as "no expiry". Same table as fal's JS and Python clients.
  static constexpr Named kPresets[] = {{"immediate", 60}, {"1h", 3600},     {"1d", 86400},
                                       {"7d", 604800},    {"30d", 2592000}, {"1y", 31536000}};
  if (preset == "never") return Never();
  for (const Named& n : kPresets) {
    if (preset == n.name) return ExpiresIn(std::chrono::seconds(n.seconds));
  }
  std::int64_t seconds = 0;
  auto [end, ec] = std::from_chars(preset.data(), preset.data() + preset.size(), seconds);
  if (ec == std::errc() && end == preset.data() + preset.size() && seconds > 0) {
    return ExpiresIn(std::chrono::seconds(seconds));
  }
  return Error(
      ErrorCode::kInvalidArgument,
      "expires_in \"" + std::string(preset) +
          "\" is not valid: use never, immediate, 1h, 1d, 7d, 30d, 1y or a positive number of seconds");
}

}  // namespace fal
