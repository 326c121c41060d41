#include "storage/upload_slots.hpp"

#include <algorithm>
#include <utility>

namespace fal::internal {

UploadSlots::UploadSlots(int slots) : slots_(std::max(1, slots)) {}

void UploadSlots::Acquire(const CancellationToken& cancel, std::function<void(bool)> then) {
  if (cancel.IsCancelled()) return then(false);
  std::uint64_t id = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (in_use_ < slots_) {
      ++in_use_;
    } else {
      id = next_id_++;
      waiters_.push_back(Waiter{id, std::move(then), cancel});
    }
  }
  if (id == 0) return then(true);

  // Subscribed outside the lock: an already cancelled token runs Cancelled at once, which takes it.
  const std::uint64_t subscription = cancel.Subscribe([this, id] { Cancelled(id); });
  bool still_waiting = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = std::find_if(waiters_.begin(), waiters_.end(), [id](const Waiter& w) { return w.id == id; });
    if (it != waiters_.end()) {
      it->subscription = subscription;
      still_waiting = true;
    }
  }
  // Granted (or cancelled) between the push and the subscription: the subscription is no longer needed.
  if (!still_waiting) cancel.Unsubscribe(subscription);
}

void UploadSlots::Release() {
  Waiter next{0, nullptr, CancellationToken()};
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (waiters_.empty()) {
      --in_use_;
      return;
    }
    next = std::move(waiters_.front());
    waiters_.pop_front();
  }
  // The slot passes to `next` without being counted free in between.
  if (next.subscription != 0) next.cancel.Unsubscribe(next.subscription);
  next.then(true);
}

void UploadSlots::Cancelled(std::uint64_t id) {
  std::function<void(bool)> then;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = std::find_if(waiters_.begin(), waiters_.end(), [id](const Waiter& w) { return w.id == id; });
    if (it == waiters_.end()) return;  // granted first
    then = std::move(it->then);
    waiters_.erase(it);
  }
  then(false);
}

int UploadSlots::in_use() const {
  std::lock_guard<std::mutex> lock(mu_);
  return in_use_;
}

}  // namespace fal::internal
