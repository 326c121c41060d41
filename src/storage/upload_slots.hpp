#pragma once
// At most N uploads of typed inputs in flight per client, whatever the number of jobs being prepared:
// a batch of hundreds of jobs with local files uploads several at once without opening hundreds of
// transfers. Waiting never blocks a thread: a waiter starts on the thread that frees a slot.

#include <cstdint>
#include <functional>
#include <list>
#include <mutex>

#include "fal/cancellation.hpp"

namespace fal::internal {

class UploadSlots {
 public:
  explicit UploadSlots(int slots);
  UploadSlots(const UploadSlots&) = delete;
  UploadSlots& operator=(const UploadSlots&) = delete;

  /// Runs `then(true)` once a slot is free: at once on this thread, or later on the thread of the
  /// Release() that frees one; the holder must then call Release() exactly once. Runs `then(false)`
  /// instead (no slot taken) when `cancel` fires first, on the cancelling thread.
  void Acquire(const CancellationToken& cancel, std::function<void(bool granted)> then);
  /// Frees a slot, handing it to the oldest waiter if there is one.
  void Release();

  int in_use() const;  ///< Slots held now (for tests).

 private:
  struct Waiter {
    std::uint64_t id;
    std::function<void(bool)> then;
    CancellationToken cancel;
    std::uint64_t subscription = 0;
  };
  void Cancelled(std::uint64_t id);

  const int slots_;
  mutable std::mutex mu_;
  int in_use_ = 0;
  std::uint64_t next_id_ = 1;
  std::list<Waiter> waiters_;
};

}  // namespace fal::internal
