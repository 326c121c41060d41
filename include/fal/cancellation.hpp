#pragma once
/// @file
/// Cooperative cancellation: a CancellationSource cancels, every CancellationToken copied from it sees it.
/// Any blocking or asynchronous falcpp call that takes a token stops promptly when it is cancelled,
/// including one sleeping in a retry backoff or a poll interval.

#include <cstdint>
#include <functional>
#include <memory>

#include "fal/export.hpp"

namespace fal {

namespace internal {
struct CancellationState;
}

/// A read-only view of a cancellation flag. A default-constructed token is never cancelled.
///
/// @par Thread safety
/// All member functions are safe to call from any thread.
class FALCPP_EXPORT CancellationToken {
 public:
  CancellationToken() = default;

  bool IsCancelled() const;  ///< True once the source has cancelled.

  /// Runs `callback` once when the token is cancelled (at once, on this thread, if it already is).
  /// Returns an id for Unsubscribe; 0 when the callback already ran or the token can never be cancelled.
  std::uint64_t Subscribe(std::function<void()> callback) const;
  /// Removes a callback that has not run yet. Safe to call with an id that already ran.
  void Unsubscribe(std::uint64_t id) const;

 private:
  friend class CancellationSource;
  explicit CancellationToken(std::shared_ptr<internal::CancellationState> state) : state_(std::move(state)) {}
  std::shared_ptr<internal::CancellationState> state_;
};

/// The owner of a cancellation flag.
///
/// @code
/// fal::CancellationSource cancel;
/// std::thread ui([&] { WaitForEscapeKey(); cancel.Cancel(); });
/// fal::WaitOptions wait;
/// wait.cancel = cancel.Token();
/// auto result = job->Wait(wait);  // returns ErrorCode::kCancelled promptly
/// @endcode
///
/// @par Thread safety
/// All member functions are safe to call from any thread.
class FALCPP_EXPORT CancellationSource {
 public:
  CancellationSource();
  /// A token that sees this source's cancellation.
  CancellationToken Token() const { return CancellationToken(state_); }
  /// Cancels, and runs every subscribed callback once. Later calls do nothing.
  void Cancel();
  bool IsCancelled() const;  ///< True once Cancel() has run.

 private:
  std::shared_ptr<internal::CancellationState> state_;
};

}  // namespace fal
