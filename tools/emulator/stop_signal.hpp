// One shutdown flag that sleeping code can wait on, so a stall fault, a slow-bandwidth body or a webhook
// backoff never holds up SIGTERM.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace fal::emulator {

class StopSignal {
 public:
  void Trigger() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopped_ = true;
    }
    wake_.notify_all();
  }

  bool stopped() const { return stopped_.load(); }

  // Sleeps for `duration` unless the signal fires first. Returns false when it fired.
  template <typename Rep, typename Period>
  bool SleepFor(std::chrono::duration<Rep, Period> duration) const {
    std::unique_lock<std::mutex> lock(mutex_);
    return !wake_.wait_for(lock, duration, [this] { return stopped_.load(); });
  }

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable wake_;
  std::atomic<bool> stopped_{false};
};

}  // namespace fal::emulator
