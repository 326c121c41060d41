// Retry-After as falcpp reads it (src/internal/retry.hpp): delta-seconds or an HTTP-date. Whatever the
// text, the result is absent or a delay between zero and a year (no overflow, no negative sleep).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.hpp"
#include "internal/retry.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  using std::chrono::system_clock;
  // Now, and the ends of what a client clock may read.
  for (auto now : {system_clock::from_time_t(1795000000), system_clock::from_time_t(0),
                   system_clock::from_time_t(4102444800)}) {
    auto delay = fal::internal::ParseRetryAfter(text, now);
    if (!delay) continue;
    FUZZ_CHECK(delay->count() >= 0, "a negative delay");
    FUZZ_CHECK(*delay <= std::chrono::hours(24 * 366), "a delay beyond a year");
  }
  return 0;
}
