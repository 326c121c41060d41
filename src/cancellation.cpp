#include "fal/cancellation.hpp"

#include <map>
#include <mutex>
#include <vector>

namespace fal {
namespace internal {

struct CancellationState {
  std::mutex mu;
  bool cancelled = false;
  std::uint64_t next_id = 1;
  std::map<std::uint64_t, std::function<void()>> callbacks;
};

}  // namespace internal

bool CancellationToken::IsCancelled() const {
  if (!state_) return false;
  std::lock_guard<std::mutex> lock(state_->mu);
  return state_->cancelled;
}

std::uint64_t CancellationToken::Subscribe(std::function<void()> callback) const {
  if (!state_) return 0;
  {
    std::lock_guard<std::mutex> lock(state_->mu);
    if (!state_->cancelled) {
      std::uint64_t id = state_->next_id++;
      state_->callbacks.emplace(id, std::move(callback));
      return id;
    }
  }
  callback();  // already cancelled: run now, outside the lock
  return 0;
}

void CancellationToken::Unsubscribe(std::uint64_t id) const {
  if (!state_ || id == 0) return;
  std::lock_guard<std::mutex> lock(state_->mu);
  state_->callbacks.erase(id);
}

CancellationSource::CancellationSource() : state_(std::make_shared<internal::CancellationState>()) {}

void CancellationSource::Cancel() {
  std::map<std::uint64_t, std::function<void()>> callbacks;
  {
    std::lock_guard<std::mutex> lock(state_->mu);
    if (state_->cancelled) return;
    state_->cancelled = true;
    callbacks.swap(state_->callbacks);
  }
  // Outside the lock, so that a callback may subscribe, unsubscribe or cancel other sources.
  for (auto& [id, callback] : callbacks) callback();
}

bool CancellationSource::IsCancelled() const { return CancellationToken(state_).IsCancelled(); }

}  // namespace fal
