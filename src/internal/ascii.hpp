#pragma once
// ASCII case-insensitive comparison, for the protocol's names (HTTP header names, header values like
// "user"): locale-independent, unlike strcasecmp, and the same on every OS.

#include <string_view>

namespace fal::internal {

constexpr char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

constexpr bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

}  // namespace fal::internal
