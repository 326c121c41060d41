#pragma once
// Which failures are retried, for which operation, and how long to wait: the one place for these rules.

#include <chrono>
#include <optional>
#include <random>
#include <string_view>

#include "fal/http/transport.hpp"
#include "fal/retry_policy.hpp"

namespace fal::internal {

enum class Operation {
  kSubmit,    // POST a job: not idempotent
  kStatus,    // GET status
  kResult,    // GET result
  kCancel,    // PUT cancel: idempotent
  kStorage,   // initiate, upload PUT, parts, complete: idempotent (the same bytes to the same URL)
  kDownload,  // GET a file
};

std::string_view ToString(Operation op);

enum class Verdict {
  kFinal,      // deliver the outcome as it is
  kRetry,      // worth another attempt
  kAmbiguous,  // a submit that may have created a job: do not retry unless the caller opted in
};

/// The retry rule. Reads, cancel and storage retry on network errors and on 408, 429, 500, 502, 503, 504.
/// A submit retries only when no job can exist: nothing was sent, or 429, or a 502/503/504 that did not
/// come from fal (no x-fal-request-id). A 504 whose X-Fal-Request-Timeout-Type is "user" (the start
/// timeout expired) is never retried. Cancellation, refused URLs, TLS failures and body read errors are
/// final.
Verdict Classify(Operation op, const http::Outcome& outcome);

/// A 504 whose X-Fal-Request-Timeout-Type is "user" (any case): the request's start timeout expired. The
/// one test of it, for the retry rule and the error mapping alike.
bool IsUserStartTimeout(const http::Response& response);

/// Retry-After as delta-seconds ("120") or an HTTP-date ("Wed, 21 Oct 2026 07:28:00 GMT"), relative to
/// `now`. A date in the past is zero. nullopt when unparseable.
std::optional<std::chrono::milliseconds> ParseRetryAfter(std::string_view value,
                                                         std::chrono::system_clock::time_point now);

/// Exponential backoff with full jitter from a seeded engine.
class Backoff {
 public:
  explicit Backoff(const RetryPolicy& policy);
  /// The delay before the next retry; each call advances the exponent.
  std::chrono::milliseconds Next();

 private:
  RetryPolicy policy_;
  int retries_ = 0;
  // Seeded at the first retry: every call makes a Backoff and almost none retries, and seeding from
  // std::random_device executes cpuid, which a VM traps (it was 9 % of a 1,000-job bench's client CPU).
  std::optional<std::mt19937_64> engine_;
};

}  // namespace fal::internal
