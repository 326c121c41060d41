#pragma once
// Progress reporting for uploads and downloads: counts bytes from any thread, and calls the user's
// callback serially and not for every 16 KiB chunk (a 1 GiB transfer would otherwise make ~65,000 calls).

#include <atomic>
#include <cstdint>
#include <mutex>

#include "fal/http/transport.hpp"
#include "fal/storage.hpp"

namespace fal::internal {

class ProgressMeter {
 public:
  /// Report at least every kStep bytes (and always at the total).
  static constexpr std::uint64_t kStep = 256 * 1024;

  ProgressMeter(ProgressCallback callback, std::uint64_t total)
      : callback_(std::move(callback)), total_(total) {}

  bool enabled() const { return static_cast<bool>(callback_); }
  void SetTotal(std::uint64_t total) { total_.store(total, std::memory_order_relaxed); }

  /// Adds bytes (uploads: several parts add at once).
  void Add(std::uint64_t delta) { Report(done_.fetch_add(delta, std::memory_order_relaxed) + delta, false); }
  /// Sets the count (downloads: a retried download starts again from zero).
  void Set(std::uint64_t value) {
    done_.store(value, std::memory_order_relaxed);
    Report(value, false);
  }
  /// Reports the current count if it was not reported yet.
  void Flush() { Report(done_.load(std::memory_order_relaxed), true); }

  /// Wraps a request body so that bytes count as they are handed to the transport. A re-sent body counts
  /// only past the furthest point it reached before, so the count never goes back.
  http::BodySource Metered(http::BodySource body, std::shared_ptr<ProgressMeter> self) {
    if (!enabled()) return body;
    auto furthest = std::make_shared<std::atomic<std::uint64_t>>(0);
    body.read = [read = std::move(body.read), furthest, self](std::uint64_t at, char* buffer,
                                                              std::size_t max) -> std::int64_t {
      const std::int64_t n = read(at, buffer, max);
      if (n > 0) {
        const std::uint64_t end = at + static_cast<std::uint64_t>(n);
        std::uint64_t old = furthest->load(std::memory_order_relaxed);
        while (end > old && !furthest->compare_exchange_weak(old, end, std::memory_order_relaxed)) {
        }
        if (end > old) self->Add(end - old);
      }
      return n;
    };
    return body;
  }

 private:
  void Report(std::uint64_t now, bool force) {
    if (!callback_) return;
    const std::uint64_t total = total_.load(std::memory_order_relaxed);
    const std::uint64_t last = last_.load(std::memory_order_relaxed);
    if (!force && now != total && (now > last ? now - last : last - now) < kStep) return;
    std::lock_guard<std::mutex> lock(mu_);
    // Another thread may have reported a later count while this one waited: report only what is news.
    const std::uint64_t current = done_.load(std::memory_order_relaxed);
    if (reported_once_ && current == last_.load(std::memory_order_relaxed)) return;
    last_.store(current, std::memory_order_relaxed);
    reported_once_ = true;
    callback_(current, total_.load(std::memory_order_relaxed));
  }

  ProgressCallback callback_;
  std::atomic<std::uint64_t> total_;
  std::atomic<std::uint64_t> done_{0};
  std::atomic<std::uint64_t> last_{0};
  std::mutex mu_;
  bool reported_once_ = false;
};

}  // namespace fal::internal
