// Counters behind GET /_emulator/stats. Plain atomics: the hot status path adds one relaxed increment.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "job.hpp"
#include "router.hpp"

namespace fal::emulator {

class Stats {
 public:
  void CountRequest(Route route) { Add(requests_[static_cast<std::size_t>(route)]); }
  void CountAuthorizationOnStorage() { Add(authorization_on_storage_); }
  void CountCdnTokenOffCdn() { Add(cdn_token_off_cdn_); }
  void JobCreated() { Add(jobs_created_); }
  void JobEnded(JobEnd end);
  void WebhookAttempt() { Add(webhook_attempts_); }
  void WebhookDelivered() { Add(webhooks_delivered_); }
  void WebhookGaveUp() { Add(webhooks_failed_); }
  void WebhookRefused() { Add(webhooks_refused_); }
  void BytesUploaded(std::uint64_t n) { Add(bytes_uploaded_, n); }
  void BytesDownloaded(std::uint64_t n) { Add(bytes_downloaded_, n); }
  void StreamOpened() { Add(streams_open_); }
  void StreamClosed() { streams_open_.fetch_sub(1, std::memory_order_relaxed); }

  // jobs_*, requests (per route), authorization_on_storage, cdn_token_off_cdn, webhooks_*, bytes_*,
  // streams_open.
  nlohmann::json ToJson() const;
  // Zeroes everything but streams_open, which counts connections still open.
  void Reset();

 private:
  using Counter = std::atomic<std::uint64_t>;
  static void Add(Counter& counter, std::uint64_t n = 1) { counter.fetch_add(n, std::memory_order_relaxed); }

  std::array<Counter, kRouteCount> requests_{};
  Counter authorization_on_storage_{0};
  Counter cdn_token_off_cdn_{0};  // a CDN token sent to a route that is not a CDN route
  Counter jobs_created_{0};
  Counter jobs_completed_{0};
  Counter jobs_failed_{0};
  Counter jobs_cancelled_{0};
  Counter webhook_attempts_{0};
  Counter webhooks_delivered_{0};
  Counter webhooks_failed_{0};
  Counter webhooks_refused_{0};
  Counter bytes_uploaded_{0};
  Counter bytes_downloaded_{0};
  Counter streams_open_{0};
};

}  // namespace fal::emulator
