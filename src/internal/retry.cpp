#include "internal/retry.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>

#include "internal/ascii.hpp"
#include "internal/http_date.hpp"

namespace fal::internal {

std::string_view ToString(Operation op) {
  switch (op) {
    case Operation::kSubmit:
      return "submit";
    case Operation::kStatus:
      return "status";
    case Operation::kResult:
      return "result";
    case Operation::kCancel:
      return "cancel";
    case Operation::kStorage:
      return "storage";
    case Operation::kDownload:
      return "download";
  }
  return "call";
}

bool IsUserStartTimeout(const http::Response& r) {
  if (r.status != 504) return false;
  auto type = r.Header("x-fal-request-timeout-type");
  return type && EqualsIgnoringAsciiCase(*type, "user");
}

namespace {

Verdict ClassifyResponse(Operation op, const http::Response& r) {
  if (IsUserStartTimeout(r)) return Verdict::kFinal;
  if (op == Operation::kSubmit) {
    if (r.status == 429) return Verdict::kRetry;
    bool from_fal = r.Header("x-fal-request-id").has_value();
    if ((r.status == 502 || r.status == 503 || r.status == 504) && !from_fal) return Verdict::kRetry;
    return Verdict::kFinal;
  }
  switch (r.status) {
    case 408:
    case 429:
    case 500:
    case 502:
    case 503:
    case 504:
      return Verdict::kRetry;
    default:
      return Verdict::kFinal;
  }
}

Verdict ClassifyNetworkError(Operation op, const http::NetworkError& e) {
  using Kind = http::NetworkError::Kind;
  switch (e.kind) {
    case Kind::kCancelled:
    case Kind::kRejected:
    case Kind::kTls:
    case Kind::kBodyRead:
      return Verdict::kFinal;
    default:
      break;
  }
  if (op != Operation::kSubmit) return Verdict::kRetry;
  // Only "nothing was sent" makes a submit safe to resend, whatever the failure is called.
  if (!e.request_sent) return Verdict::kRetry;
  return Verdict::kAmbiguous;
}

}  // namespace

Verdict Classify(Operation op, const http::Outcome& outcome) {
  if (outcome.response) return ClassifyResponse(op, *outcome.response);
  if (outcome.error) return ClassifyNetworkError(op, *outcome.error);
  return Verdict::kFinal;
}

// A year is "never" for a client; beyond it a value only risks overflow.
constexpr long long kMaxRetryAfterSeconds = 365LL * 24 * 3600;

std::optional<std::chrono::milliseconds> ParseRetryAfter(std::string_view value,
                                                         std::chrono::system_clock::time_point now) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  if (std::isdigit(static_cast<unsigned char>(value.front()))) {
    long long seconds = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (ec != std::errc() || end != value.data() + value.size() || seconds < 0) return std::nullopt;
    seconds = std::min(seconds, kMaxRetryAfterSeconds);
    return std::chrono::milliseconds(seconds * 1000);
  }
  // IMF-fixdate, the form RFC 9110 requires senders to use: "Sun, 06 Nov 1994 08:49:37 GMT".
  const std::optional<long long> when = ParseHttpDate(value);
  if (!when) return std::nullopt;
  // In whole seconds, clamped like the delta form: a date centuries away must neither overflow the
  // clock's nanoseconds nor become a sleep of centuries.
  const long long now_s = static_cast<long long>(std::chrono::system_clock::to_time_t(now));
  const long long delta = std::clamp(*when - now_s, 0LL, kMaxRetryAfterSeconds);
  return std::chrono::milliseconds(delta * 1000);
}

Backoff::Backoff(const RetryPolicy& policy) : policy_(policy) {}

std::chrono::milliseconds Backoff::Next() {
  if (!engine_) engine_.emplace(policy_.jitter_seed != 0 ? policy_.jitter_seed : std::random_device{}());
  double cap = static_cast<double>(policy_.max_delay.count());
  double ceiling = std::min(cap, static_cast<double>(policy_.base_delay.count()) *
                                     std::pow(std::max(policy_.multiplier, 1.0), retries_));
  ++retries_;
  std::uniform_real_distribution<double> jitter(0.0, std::max(ceiling, 0.0));
  return std::chrono::milliseconds(static_cast<long long>(jitter(*engine_)));
}

}  // namespace fal::internal
