#pragma once
/// @file
/// fal::CallOptions: what every network call takes (cancellation, a total deadline, a retry policy).

#include <chrono>
#include <optional>

#include "fal/cancellation.hpp"
#include "fal/export.hpp"
#include "fal/retry_policy.hpp"

namespace fal {

/// Options every network call takes.
struct FALCPP_EXPORT CallOptions {
  CancellationToken cancel;  ///< Stops the call promptly, even in a retry backoff.
  /// Deadline of the whole call, retries included. Unset: ClientOptions::control_call_timeout for a control
  /// call (2 min by default); a file transfer has none and fails when it stalls instead.
  std::optional<std::chrono::milliseconds> timeout;
  std::optional<RetryPolicy> retry;  ///< Overrides the client's policy for this operation.
};

}  // namespace fal
