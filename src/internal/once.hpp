// Completion callbacks run at most once. The callback is moved out and cleared before it runs: a second
// finish finds nothing to run, and a callback that releases the object holding it does not run from a
// member that is being destroyed.
#pragma once

#include <utility>

namespace fal::internal {

/// Runs `callback(args...)` if it is set, leaving it empty.
template <class Callback, class... Args>
void RunOnce(Callback& callback, Args&&... args) {
  Callback taken = std::move(callback);
  callback = nullptr;
  if (taken) taken(std::forward<Args>(args)...);
}

}  // namespace fal::internal
