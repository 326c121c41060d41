#include "webhooks.hpp"

#include <httplib.h>

#include <algorithm>
#include <cstdlib>

#include "crypto.hpp"

namespace fal::emulator {
namespace {

constexpr auto kMaxBackoff = std::chrono::minutes(5);
constexpr std::int64_t kStaleTimestampAgeS = 600;

bool IsLoopbackHost(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

}  // namespace

std::optional<LoopbackTarget> ParseLoopbackUrl(const std::string& url) {
  const std::string scheme = "http://";
  if (url.compare(0, scheme.size(), scheme) != 0) return std::nullopt;
  const auto path_start = url.find_first_of("/?#", scheme.size());
  const std::string authority = url.substr(
      scheme.size(), path_start == std::string::npos ? std::string::npos : path_start - scheme.size());
  if (authority.empty() || authority.find('@') != std::string::npos) return std::nullopt;
  LoopbackTarget target;
  std::string port_text;
  if (authority[0] == '[') {
    const auto close = authority.find(']');
    if (close == std::string::npos) return std::nullopt;
    target.host = authority.substr(1, close - 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return std::nullopt;
      port_text = authority.substr(close + 2);
    }
  } else {
    const auto colon = authority.find(':');
    target.host = authority.substr(0, colon);
    if (colon != std::string::npos) port_text = authority.substr(colon + 1);
  }
  if (!port_text.empty()) {
    char* end = nullptr;
    const long port = std::strtol(port_text.c_str(), &end, 10);
    if (*end != '\0' || port < 1 || port > 65535) return std::nullopt;
    target.port = static_cast<int>(port);
  }
  if (!IsLoopbackHost(target.host)) return std::nullopt;
  target.path_and_query = path_start == std::string::npos ? "/" : url.substr(path_start);
  if (target.path_and_query[0] != '/') target.path_and_query = "/" + target.path_and_query;
  const auto fragment = target.path_and_query.find('#');
  if (fragment != std::string::npos) target.path_and_query.resize(fragment);
  return target;
}

WebhookDispatcher::WebhookDispatcher(WebhookSettings settings, const WebhookSigner& signer,
                                     FaultInjector& faults, Stats& stats, Journal* journal,
                                     const StopSignal& stop)
    : settings_(std::move(settings)),
      signer_(signer),
      faults_(faults),
      stats_(stats),
      journal_(journal),
      stop_(stop) {}

WebhookDispatcher::~WebhookDispatcher() { Stop(); }

void WebhookDispatcher::Start() {
  wrong_signer_ = WebhookSigner::Generate(nullptr);
  thread_ = std::thread([this] { Loop(); });
}

void WebhookDispatcher::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool WebhookDispatcher::Deliver(const std::string& url, const std::string& request_id, std::string body) {
  auto target = ParseLoopbackUrl(url);
  if (!target) {
    stats_.WebhookRefused();
    return false;
  }
  Delivery delivery{std::move(*target), request_id,
                    std::move(body),    0,
                    SteadyClock::now(), faults_.Decide(Route::kWebhook)};
  if (delivery.fault && delivery.fault->action == FaultAction::kStall) {
    delivery.due += std::chrono::milliseconds(delivery.fault->amount);
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    pending_.push_back(std::move(delivery));
  }
  wake_.notify_all();
  return true;
}

void WebhookDispatcher::Clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  pending_.clear();
}

int WebhookDispatcher::Send(const Delivery& delivery) {
  const FaultAction action = delivery.fault ? delivery.fault->action : FaultAction::kStall;
  std::int64_t timestamp = UnixSecondsNow();
  if (delivery.fault && action == FaultAction::kWebhookStaleTimestamp) timestamp -= kStaleTimestampAgeS;
  const std::string timestamp_text = std::to_string(timestamp);
  const WebhookSigner& signer = delivery.fault && action == FaultAction::kWebhookBadSignature && wrong_signer_
                                    ? *wrong_signer_
                                    : signer_;
  const std::string signature = signer.SignHex(
      WebhookSignedMessage(delivery.request_id, settings_.user_id, timestamp_text, delivery.body));

  httplib::Headers headers = {{"X-Fal-Webhook-Request-Id", delivery.request_id},
                              {"X-Fal-Webhook-User-Id", settings_.user_id},
                              {"X-Fal-Webhook-Timestamp", timestamp_text},
                              {"X-Fal-Webhook-Signature", signature},
                              {"User-Agent", "fal-emulator-webhooks"}};
  httplib::Client client(delivery.target.host, delivery.target.port);
  client.set_connection_timeout(std::chrono::seconds(5));
  client.set_read_timeout(std::chrono::seconds(10));
  client.set_write_timeout(std::chrono::seconds(10));
  stats_.WebhookAttempt();
  auto response = client.Post(delivery.target.path_and_query, headers, delivery.body, "application/json");
  const int status = response ? response->status : 0;

  if (journal_) {
    JournalEntry entry;
    entry.direction = "out";
    entry.method = "POST";
    const auto query = delivery.target.path_and_query.find('?');
    entry.path = delivery.target.path_and_query.substr(0, query);
    if (query != std::string::npos) entry.query = delivery.target.path_and_query.substr(query + 1);
    entry.route = "webhook";
    entry.headers.assign(headers.begin(), headers.end());
    entry.body_size = delivery.body.size();
    entry.body_sha256 = Sha256Hex(delivery.body);
    entry.status = status;
    if (delivery.fault) entry.fault = delivery.fault->text;
    entry.request_id = delivery.request_id;
    journal_->Write(entry);
  }
  return status;
}

void WebhookDispatcher::Loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    if (pending_.empty()) {
      wake_.wait(lock, [this] { return stopping_ || !pending_.empty(); });
      continue;
    }
    auto next = std::min_element(pending_.begin(), pending_.end(),
                                 [](const Delivery& a, const Delivery& b) { return a.due < b.due; });
    if (next->due > SteadyClock::now()) {
      const SteadyTime due = next->due;
      wake_.wait_until(lock, due, [this] { return stopping_; });
      continue;
    }
    Delivery delivery = std::move(*next);
    pending_.erase(next);
    lock.unlock();

    const int status = Send(delivery);
    const bool delivered = status >= 200 && status < 300;
    if (delivered) {
      stats_.WebhookDelivered();
      if (delivery.fault && delivery.fault->action == FaultAction::kWebhookDuplicate) {
        // The duplicate is a second, identical delivery, as a receiver sees after fal's own retries.
        Delivery again = delivery;
        again.fault.reset();
        if (Send(again) / 100 == 2) stats_.WebhookDelivered();
      }
    }
    lock.lock();
    if (delivered) continue;
    ++delivery.attempt;
    if (delivery.attempt >= settings_.attempts || stop_.stopped()) {
      stats_.WebhookGaveUp();
      continue;
    }
    auto delay = settings_.backoff * (1LL << std::min(delivery.attempt - 1, 20));
    delivery.due = SteadyClock::now() + std::min<SteadyClock::duration>(delay, kMaxBackoff);
    pending_.push_back(std::move(delivery));
  }
}

}  // namespace fal::emulator
