// Upper bounds widened under sanitizers. ASan and TSan slow every thread (the emulator's too) and ASan keeps
// freed blocks in a quarantine, so a bound that is tight in a normal build would fail correct code there.
// Lower bounds (a Retry-After waited for) and exact counts are never widened.
#pragma once

#include <cstdint>

namespace fal::test_support {

/// A time bound in milliseconds: x5 under ThreadSanitizer, x2 under AddressSanitizer.
constexpr long long Slack(long long ms) {
#if defined(__SANITIZE_THREAD__)
  return ms * 5;
#elif defined(__SANITIZE_ADDRESS__)
  return ms * 2;
#else
  return ms;
#endif
}

/// A memory-growth bound: x4 under ThreadSanitizer (shadow memory and its history of accesses), x3 under
/// AddressSanitizer (quarantine, redzones and shadow memory). Still far below what an unbounded buffer takes.
constexpr std::uint64_t MemorySlack(std::uint64_t bytes) {
#if defined(__SANITIZE_THREAD__)
  return bytes * 4;
#elif defined(__SANITIZE_ADDRESS__)
  return bytes * 3;
#else
  return bytes;
#endif
}

}  // namespace fal::test_support
