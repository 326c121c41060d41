// The one way falcpp serialises JSON. nlohmann's dump() with its default (strict) handler throws on a
// string that is not UTF-8, and aborts when built with JSON_NOEXCEPTION: this never does. Text that must
// not change is checked first (internal/utf8.hpp); here an invalid byte that got this far becomes U+FFFD.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace fal::internal {

/// Compact JSON text of `j`; never throws.
inline std::string DumpJson(const nlohmann::json& j) {
  return j.dump(-1, ' ', /*ensure_ascii=*/false, nlohmann::json::error_handler_t::replace);
}

}  // namespace fal::internal
