#pragma once
/// @file
/// fal::ObjectLifecycle: how long fal keeps a stored object (an upload, generated media) and who may read it.
/// Sent with uploads (UploadOptions::lifecycle) and submits (SubmitOptions::lifecycle).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fal/export.hpp"
#include "fal/result.hpp"

namespace fal {

/// Access decision of fal's object ACLs.
enum class AclDecision { kAllow, kForbid, kHide };
FALCPP_EXPORT std::string_view ToString(
    AclDecision decision);  ///< The wire value: "allow", "forbid" or "hide".

/// How long fal keeps stored objects (uploads, generated media) and who may read them.
struct FALCPP_EXPORT ObjectLifecycle {
  /// Seconds until expiry; nullopt means never expire.
  std::optional<std::int64_t> expiration_seconds;
  std::optional<AclDecision> default_acl;  ///< Access for users without a rule; unset: fal's default.
  /// One user's access.
  struct Rule {
    std::string user;                            ///< The user (fal account) the rule is for.
    AclDecision decision = AclDecision::kAllow;  ///< What that user may do.
  };
  std::vector<Rule> acl_rules;  ///< Per-user access, in order.

  /// "never", "immediate" (60 s: fal treats 0 as no expiry), "1h", "1d", "7d", "30d", "1y", or a positive
  /// number of seconds. Anything else is ErrorCode::kInvalidArgument.
  static Result<ObjectLifecycle> FromPreset(std::string_view preset);
  /// Expiry after `seconds`, default access.
  static ObjectLifecycle ExpiresIn(std::chrono::seconds seconds);
  /// Never expire, default access.
  static ObjectLifecycle Never() { return {}; }
};

}  // namespace fal
