#pragma once
/// @file
/// How falcpp retries: a policy per operation (attempts, exponential backoff with full jitter).

#include <chrono>
#include <cstdint>

#include "fal/export.hpp"

namespace fal {

/// Exponential backoff with full jitter: before retry k (0-based), sleep a uniformly random time in
/// [0, min(max_delay, base_delay * multiplier^k)]. A server's Retry-After replaces the computed delay.
/// No sleep ever goes past the call's deadline (CallOptions::timeout, else
/// ClientOptions::control_call_timeout for control calls): when it would, the call returns its last error
/// instead.
///
/// @par Thread safety
/// A plain value; each call takes its own copy.
struct FALCPP_EXPORT RetryPolicy {
  int max_attempts = 4;                        ///< Total attempts, the first included; 1 disables retries.
  std::chrono::milliseconds base_delay{500};   ///< The ceiling of the first retry's delay.
  std::chrono::milliseconds max_delay{20000};  ///< The largest ceiling.
  double multiplier = 2.0;                     ///< How the ceiling grows per retry.
  /// Seed of the jitter engine; 0 seeds it from std::random_device. Set it for reproducible delays.
  std::uint64_t jitter_seed = 0;
};

/// The policy of each operation. Which failures are retried is fixed by the operation's semantics (see
/// docs/errors-and-retries.md); the policies say how often and how long.
struct FALCPP_EXPORT RetryPolicies {
  RetryPolicy submit{};  ///< Only provably-unsent submits.
  /// Status polls: 6 attempts from 250 ms.
  RetryPolicy status{6, std::chrono::milliseconds(250), std::chrono::milliseconds(10000), 2.0, 0};
  RetryPolicy result{};   ///< Result fetches.
  RetryPolicy cancel{};   ///< Cancels.
  RetryPolicy storage{};  ///< Upload initiate, each part, complete; downloads.
};

}  // namespace fal
