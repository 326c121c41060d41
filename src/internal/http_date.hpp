#pragma once
// HTTP dates (RFC 9110 section 5.6.7), parsed without strptime or timegm, which Windows lacks.

#include <optional>
#include <string_view>

namespace fal::internal {

/// Seconds since 1970-01-01T00:00:00Z for an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT", the form
/// senders must use), or nullopt for anything else (the obsolete forms included).
std::optional<long long> ParseHttpDate(std::string_view text);

}  // namespace fal::internal
