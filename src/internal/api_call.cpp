#include "internal/api_call.hpp"

#include <algorithm>
#include <chrono>
#include <optional>

#include "internal/error_mapping.hpp"
#include "internal/url.hpp"

namespace fal::internal {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Response headers that may be logged. Everything else (cookies, signed locations) stays out of logs.
constexpr const char* kLoggedHeaders[] = {"x-fal-request-id", "content-type", "retry-after", "x-fal-error-type",
                                          "x-fal-request-timeout-type"};

long long Ms(Clock::duration d) { return std::chrono::duration_cast<milliseconds>(d).count(); }

class CallState : public std::enable_shared_from_this<CallState> {
 public:
  CallState(ClientCore& core, ApiCall call, const CallOptions& options,
            std::function<void(Result<http::Response>)> done)
      : core_(core),
        guard_(&core),
        call_(std::move(call)),
        policy_(PolicyFor(core, call_.op, options)),
        backoff_(policy_),
        cancel_(options.cancel, core.shutdown_token()),
        done_(std::move(done)) {
    if (options.timeout) deadline_ = core.transport().Now() + *options.timeout;
    call_.request.headers.emplace_back("User-Agent", core.user_agent());
    if (!http::FindHeader(call_.request.headers, "accept")) {
      call_.request.headers.emplace_back("Accept", "application/json");
    }
    if (call_.authorize && !core.options().credentials.empty()) {
      call_.request.headers.emplace_back("Authorization", core.options().credentials.AuthorizationHeaderValue());
    }
  }

  void Attempt() {
    if (cancel_.token().IsCancelled()) return Finish(Error(ErrorCode::kCancelled, call_.what + " was cancelled"));
    http::Request request = call_.request;
    if (deadline_) {
      auto remaining = std::chrono::duration_cast<milliseconds>(*deadline_ - core_.transport().Now());
      if (remaining <= milliseconds(0)) return FinishDeadline();
      request.timeout = request.timeout.count() == 0 ? remaining : std::min(request.timeout, remaining);
    }
    request.cancel = cancel_.token();
    ++attempt_;
    attempt_started_ = core_.transport().Now();
    if (core_.LogEnabled() && core_.options().log_bodies && !request.body.empty()) {
      core_.Log(LogLevel::kDebug, call_.what + " request body: " + Excerpt(request.body, core_.options().log_body_limit));
    }
    core_.transport().Send(std::move(request),
                           [self = shared_from_this()](http::Outcome outcome) { self->OnOutcome(std::move(outcome)); });
  }

 private:
  void OnOutcome(http::Outcome outcome) {
    LogOutcome(outcome);
    Verdict verdict = Classify(call_.op, outcome);
    if (verdict == Verdict::kAmbiguous && call_.retry_ambiguous) {
      core_.Log(LogLevel::kWarning, call_.what + ": outcome unknown; retrying as configured (a duplicate job is possible)");
      verdict = Verdict::kRetry;
    }
    if (verdict != Verdict::kRetry || attempt_ >= policy_.max_attempts) return FinishWith(outcome);

    milliseconds delay = backoff_.Next();
    if (outcome.response) {
      if (auto header = outcome.response->Header("retry-after")) {
        if (auto server = ParseRetryAfter(*header, std::chrono::system_clock::now())) delay = *server;
      }
    }
    if (deadline_ && core_.transport().Now() + delay >= *deadline_) {
      return Finish(WithNote(ErrorOf(outcome), "not retried: waiting " + std::to_string(delay.count()) +
                                                   " ms would pass the call's deadline"));
    }
    core_.Log(LogLevel::kInfo, "retrying " + call_.what + " in " + std::to_string(delay.count()) + " ms after " +
                                   Describe(outcome) + " (attempt " + std::to_string(attempt_ + 1) + " of " +
                                   std::to_string(policy_.max_attempts) + ")");
    core_.transport().RunAfter(delay, cancel_.token(), [self = shared_from_this()] { self->Attempt(); });
  }

  Error ErrorOf(const http::Outcome& outcome) const {
    if (outcome.response) return ErrorFromResponse(*outcome.response, call_.what);
    return ErrorFromNetwork(*outcome.error, call_.what, call_.op);
  }

  void FinishWith(http::Outcome& outcome) {
    if (outcome.response) return Finish(std::move(*outcome.response));
    Finish(ErrorFromNetwork(*outcome.error, call_.what, call_.op));
  }

  void FinishDeadline() {
    Finish(Error(ErrorCode::kDeadlineExceeded, call_.what + " ran out of time after " + std::to_string(attempt_) +
                                                   " attempt(s); raise CallOptions::timeout or retry later"));
  }

  void Finish(Result<http::Response> result) {
    auto done = std::move(done_);
    done_ = nullptr;
    if (done) done(std::move(result));
  }

  std::string Describe(const http::Outcome& outcome) const {
    if (outcome.response) return "HTTP " + std::to_string(outcome.response->status);
    return std::string(http::ToString(outcome.error->kind));
  }

  void LogOutcome(const http::Outcome& outcome) const {
    if (!core_.LogEnabled()) return;
    std::string line = std::string(http::ToString(call_.request.method)) + " " + StripQuery(call_.request.url) +
                       " -> " + Describe(outcome) + " in " + std::to_string(Ms(core_.transport().Now() - attempt_started_)) +
                       " ms (attempt " + std::to_string(attempt_) + ")";
    if (outcome.response) {
      for (const char* name : kLoggedHeaders) {
        if (auto v = outcome.response->Header(name)) line += " " + std::string(name) + "=" + Excerpt(*v, 100);
      }
    }
    core_.Log(outcome.response && outcome.response->status < 400 ? LogLevel::kDebug : LogLevel::kInfo, line);
    if (core_.options().log_bodies && outcome.response && !call_.request.on_body) {
      core_.Log(LogLevel::kDebug, call_.what + " response body: " + Excerpt(outcome.response->body, core_.options().log_body_limit));
    }
  }

  ClientCore& core_;
  InflightGuard guard_;
  ApiCall call_;
  RetryPolicy policy_;
  Backoff backoff_;
  LinkedCancellation cancel_;
  std::optional<Clock::time_point> deadline_;
  int attempt_ = 0;
  Clock::time_point attempt_started_;
  std::function<void(Result<http::Response>)> done_;
};

}  // namespace

RetryPolicy PolicyFor(const ClientCore& core, Operation op, const CallOptions& options) {
  if (options.retry) return *options.retry;
  const RetryPolicies& p = core.options().retry;
  switch (op) {
    case Operation::kSubmit: return p.submit;
    case Operation::kStatus: return p.status;
    case Operation::kResult: return p.result;
    case Operation::kCancel: return p.cancel;
    case Operation::kStorage:
    case Operation::kDownload: return p.storage;
  }
  return p.status;
}

Error WithNote(const Error& error, const std::string& note) {
  Error out(error.code(), error.message() + " (" + note + ")");
  out.WithHttpStatus(error.http_status()).WithRequestId(error.request_id()).WithErrorType(error.error_type());
  out.WithFieldErrors(error.field_errors());
  if (error.retry_after()) out.WithRetryAfter(*error.retry_after());
  return out;
}

void Execute(ClientCore& core, ApiCall call, const CallOptions& options,
             std::function<void(Result<http::Response>)> done) {
  if (core.config_error()) return done(*core.config_error());
  std::make_shared<CallState>(core, std::move(call), options, std::move(done))->Attempt();
}

}  // namespace fal::internal
