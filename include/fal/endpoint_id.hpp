#pragma once
/// @file
/// fal endpoint ids ("fal-ai/ltx-2.3-quality/render-to-real"), parsed exactly as fal's own clients do.

#include <string>
#include <string_view>

#include "fal/export.hpp"
#include "fal/result.hpp"

namespace fal {

/// A parsed endpoint id: [namespace/]owner/alias[/path].
///
/// - Two or more '/'-separated segments are used as written.
/// - A single segment of the form "123-my-app" is a legacy numeric id and becomes "123/my-app".
/// - A first segment "workflows" or "comfy" is a namespace.
///
/// Submit uses the full id; status, result and cancel use only [namespace/]owner/alias.
///
/// @par Thread safety
/// A plain value.
class FALCPP_EXPORT EndpointId {
 public:
  /// Parses `id`; an empty, malformed or unsafe id is ErrorCode::kInvalidArgument.
  static Result<EndpointId> Parse(std::string_view id);

  const std::string& ns() const { return ns_; }        ///< The namespace ("workflows", "comfy"), or empty.
  const std::string& owner() const { return owner_; }  ///< The owner, e.g. "fal-ai".
  const std::string& alias() const { return alias_; }  ///< The app, e.g. "ltx-2.3-quality".
  /// The path after the app, e.g. "render-to-real"; may be empty.
  const std::string& path() const { return path_; }

  /// The full id, normalised: "workflows/acme/flow/sub", "123/my-app".
  std::string Full() const;
  /// The part that addresses requests: "[namespace/]owner/alias".
  std::string App() const;

 private:
  std::string ns_, owner_, alias_, path_;
};

}  // namespace fal
