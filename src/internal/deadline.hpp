// A call's deadline on the transport's clock: the one place that turns a time budget into a point in time
// and back into what is left (the retry loop, waits, uploads).
#pragma once

#include <algorithm>
#include <chrono>
#include <optional>

namespace fal::internal {

class Deadline {
 public:
  using Clock = std::chrono::steady_clock;

  Deadline() = default;  ///< No deadline.
  /// `budget` from `now`; no deadline when `budget` is unset.
  static Deadline In(Clock::time_point now, std::optional<std::chrono::milliseconds> budget) {
    Deadline d;
    if (budget) d.at_ = now + *budget;
    return d;
  }

  explicit operator bool() const { return at_.has_value(); }  ///< True when there is a deadline.

  /// Whole milliseconds left at `now`, never negative; nullopt without a deadline.
  std::optional<std::chrono::milliseconds> Remaining(Clock::time_point now) const {
    if (!at_) return std::nullopt;
    return std::max(std::chrono::duration_cast<std::chrono::milliseconds>(*at_ - now),
                    std::chrono::milliseconds(0));
  }
  /// True when it has passed at `now` (less than a whole millisecond left counts as passed).
  bool Passed(Clock::time_point now) const { return at_ && Remaining(now)->count() == 0; }
  /// True when waiting `delay` from `now` would reach it.
  bool ReachedAfter(Clock::time_point now, std::chrono::milliseconds delay) const {
    return at_ && now + delay >= *at_;
  }

 private:
  std::optional<Clock::time_point> at_;
};

}  // namespace fal::internal
