// Reading members of JSON that came over the wire. nlohmann's json::value() and get<>() throw on a member
// of another type, and answers, webhooks and JWKS documents are untrusted: these never throw.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace fal::internal {

/// `object[key]` when it is a string, else "" (absent, null, a number, ...).
inline std::string StringMember(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace fal::internal
