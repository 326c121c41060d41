#include "stats.hpp"

namespace fal::emulator {

void Stats::JobEnded(JobEnd end) {
  switch (end) {
    case JobEnd::kSucceeded:
      Add(jobs_completed_);
      break;
    case JobEnd::kFailed:
      Add(jobs_failed_);
      break;
    case JobEnd::kCancelled:
      Add(jobs_cancelled_);
      break;
    case JobEnd::kNone:
      break;
  }
}

nlohmann::json Stats::ToJson() const {
  nlohmann::json requests = nlohmann::json::object();
  for (std::size_t i = 0; i < kRouteCount; ++i) {
    const auto route = static_cast<Route>(i);
    if (route == Route::kWebhook) continue;  // outgoing; see webhook_attempts
    requests[std::string(RouteName(route))] = requests_[i].load();
  }
  return {
      {"jobs_created", jobs_created_.load()},
      {"jobs_completed", jobs_completed_.load()},
      {"jobs_failed", jobs_failed_.load()},
      {"jobs_cancelled", jobs_cancelled_.load()},
      {"requests", std::move(requests)},
      {"authorization_on_storage", authorization_on_storage_.load()},
      {"cdn_token_off_cdn", cdn_token_off_cdn_.load()},
      {"webhook_attempts", webhook_attempts_.load()},
      {"webhooks_delivered", webhooks_delivered_.load()},
      {"webhooks_failed", webhooks_failed_.load()},
      {"webhooks_refused", webhooks_refused_.load()},
      {"bytes_uploaded", bytes_uploaded_.load()},
      {"bytes_downloaded", bytes_downloaded_.load()},
      {"streams_open", streams_open_.load()},
  };
}

void Stats::Reset() {
  for (auto& counter : requests_) counter.store(0);
  for (Counter* counter : {&authorization_on_storage_, &cdn_token_off_cdn_, &jobs_created_, &jobs_completed_,
                           &jobs_failed_, &jobs_cancelled_, &webhook_attempts_, &webhooks_delivered_,
                           &webhooks_failed_, &webhooks_refused_, &bytes_uploaded_, &bytes_downloaded_}) {
    counter->store(0);
  }
}

}  // namespace fal::emulator
