#include "internal/api_call.hpp"

#include <algorithm>
#include <chrono>
#include <optional>

#include "internal/deadline.hpp"
#include "internal/error_mapping.hpp"
#include "internal/once.hpp"
#include "internal/url.hpp"

namespace fal::internal {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Response headers that may be logged. Everything else (cookies, signed locations) stays out of logs.
constexpr const char* kLoggedHeaders[] = {"x-fal-request-id", "content-type", "retry-after",
                                          "x-fal-error-type", "x-fal-request-timeout-type"};

long long Ms(Clock::duration d) { return std::chrono::duration_cast<milliseconds>(d).count(); }

// An answer body, collected up to a limit. Shared with the transport's body callback, which may outlive
// the attempt by a moment on another thread's stack; it is only touched by the attempt's transport thread.
class AnswerBuffer {
 public:
  explicit AnswerBuffer(std::size_t limit) : limit_(limit) {}
  bool Append(std::string_view chunk) {
    if (chunk.size() > limit_ - std::min(limit_, data_.size())) {
      overflowed_ = true;
      data_.clear();
      data_.shrink_to_fit();
      return false;  // aborts the transfer
    }
    data_.append(chunk);
    return true;
  }
  bool overflowed() const { return overflowed_; }
  std::size_t limit() const { return limit_; }
  std::string Take() { return std::move(data_); }

 private:
  std::size_t limit_;
  std::string data_;
  bool overflowed_ = false;
};

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
    // Every control call has a total budget; a transfer (no per-request limit: a file part, a download, a
    // status stream) has none and fails when it stalls instead.
    const milliseconds budget = core.options().control_call_timeout;
    const bool transfer = call_.request.timeout.count() == 0;
    if (options.timeout) {
      deadline_ = Deadline::In(core.transport().Now(), options.timeout);
    } else if (!transfer && budget.count() > 0) {
      deadline_ = Deadline::In(core.transport().Now(), budget);
    }
    call_.request.headers.emplace_back("User-Agent", core.user_agent());
    if (!http::FindHeader(call_.request.headers, "accept")) {
      call_.request.headers.emplace_back("Accept", "application/json");
    }
    if (call_.authorize && !core.options().credentials.empty()) {
      call_.request.headers.emplace_back("Authorization",
                                         core.options().credentials.AuthorizationHeaderValue());
    }
  }

  void Attempt() {
    if (cancel_.token().IsCancelled())
      return Finish(Error(ErrorCode::kCancelled, call_.what + " was cancelled"));
    http::Request request = call_.request;
    if (deadline_) {
      const milliseconds remaining = *deadline_.Remaining(core_.transport().Now());
      if (remaining <= milliseconds(0)) return FinishDeadline();
      request.timeout = request.timeout.count() == 0 ? remaining : std::min(request.timeout, remaining);
    }
    request.cancel = cancel_.token();
    if (call_.prepare_attempt) call_.prepare_attempt(request);
    if (!request.on_body) {
      // Collect the answer ourselves, so that no server (or proxy) can make us hold more than the cap.
      answer_ = std::make_shared<AnswerBuffer>(core_.options().max_answer_bytes);
      request.on_body = [answer = answer_](std::string_view chunk) { return answer->Append(chunk); };
    }
    ++attempt_;
    attempt_started_ = core_.transport().Now();
    if (core_.LogEnabled() && core_.options().log_bodies && !request.body.empty()) {
      core_.Log(LogLevel::kDebug,
                call_.what + " request body: " + Excerpt(request.body, core_.options().log_body_limit));
    }
    core_.transport().Send(std::move(request), [self = shared_from_this()](http::Outcome outcome) {
      self->OnOutcome(std::move(outcome));
    });
  }

 private:
  void OnOutcome(http::Outcome outcome) {
    if (answer_) {
      std::shared_ptr<AnswerBuffer> answer = std::move(answer_);
      if (answer->overflowed()) return Finish(TooLarge(answer->limit()));
      if (outcome.response && outcome.response->body.empty()) outcome.response->body = answer->Take();
    }
    LogOutcome(outcome);
    Verdict verdict = Classify(call_.op, outcome);
    if (verdict == Verdict::kFinal && UnusableAnswer(outcome)) verdict = Verdict::kRetry;
    if (verdict == Verdict::kAmbiguous && call_.retry_ambiguous) {
      core_.Log(LogLevel::kWarning,
                call_.what + ": outcome unknown; retrying as configured (a duplicate job is possible)");
      verdict = Verdict::kRetry;
    }
    if (verdict != Verdict::kRetry || attempt_ >= policy_.max_attempts) return FinishWith(outcome);

    milliseconds delay = backoff_.Next();
    bool server_asked = false;
    if (outcome.response) {
      if (auto header = outcome.response->Header("retry-after")) {
        if (auto server = ParseRetryAfter(*header, std::chrono::system_clock::now())) {
          delay = *server;
          server_asked = true;
        }
      }
    }
    if (deadline_.ReachedAfter(core_.transport().Now(), delay)) {
      return Finish(WithNote(ErrorOf(outcome), "not retried: waiting " + std::to_string(delay.count()) +
                                                   " ms would pass the call's deadline"));
    }
    // The policy bounds every sleep, the server's too: a "Retry-After: 86400" must not hold a call (or a
    // thread blocked on it) for a day. The caller gets the error, with retry_after(), to decide.
    if (server_asked && delay > policy_.max_delay) {
      return Finish(WithNote(ErrorOf(outcome), "not retried: the server asked to wait " +
                                                   std::to_string(delay.count()) +
                                                   " ms, more than RetryPolicy::max_delay (" +
                                                   std::to_string(policy_.max_delay.count()) + " ms)"));
    }
    core_.Log(LogLevel::kInfo, "retrying " + call_.what + " in " + std::to_string(delay.count()) +
                                   " ms after " + Describe(outcome) + " (attempt " +
                                   std::to_string(attempt_ + 1) + " of " +
                                   std::to_string(policy_.max_attempts) + ")");
    core_.transport().RunAfter(delay, cancel_.token(), [self = shared_from_this()] { self->Attempt(); });
  }

  // A 2xx read whose body the caller could not use: worth another attempt, like a 503.
  bool UnusableAnswer(const http::Outcome& outcome) const {
    if (call_.op == Operation::kSubmit || !call_.check_answer || !outcome.response) return false;
    const int status = outcome.response->status;
    if (status < 200 || status >= 300) return false;
    std::string problem = call_.check_answer(*outcome.response);
    if (problem.empty()) return false;
    core_.Log(LogLevel::kWarning, call_.what + ": unusable answer (" + problem + ")");
    return true;
  }

  Error TooLarge(std::size_t limit) const {
    const std::string why = "the answer is larger than " + std::to_string(limit) +
                            " bytes (ClientOptions::max_answer_bytes) and was not read";
    // A submit's answer that was cut off may still have created a job: that is an ambiguous submit.
    if (call_.op == Operation::kSubmit) {
      return ErrorFromNetwork(http::NetworkError{http::NetworkError::Kind::kOther, why, true}, call_.what,
                              call_.op);
    }
    return Error(ErrorCode::kMalformedResponse, call_.what + ": " + why);
  }

  Error ErrorOf(const http::Outcome& outcome) const {
    if (outcome.response) {
      const Advice on_404 = call_.op == Operation::kSubmit     ? Advice::kCheckEndpointId
                            : call_.op == Operation::kDownload ? Advice::kCheckFileUrl
                            : call_.op == Operation::kStorage  ? Advice::kNone
                                                               : Advice::kCheckRequestId;
      return ErrorFromResponse(*outcome.response, call_.what, on_404);
    }
    return ErrorFromNetwork(*outcome.error, call_.what, call_.op);
  }

  void FinishWith(http::Outcome& outcome) {
    if (outcome.response) return Finish(std::move(*outcome.response));
    Finish(ErrorFromNetwork(*outcome.error, call_.what, call_.op));
  }

  void FinishDeadline() {
    Finish(Error(ErrorCode::kDeadlineExceeded, call_.what + " ran out of time after " +
                                                   std::to_string(attempt_) +
                                                   " attempt(s); raise CallOptions::timeout (default "
                                                   "ClientOptions::control_call_timeout) or retry later"));
  }

  void Finish(Result<http::Response> result) { RunOnce(done_, std::move(result)); }

  std::string Describe(const http::Outcome& outcome) const {
    if (outcome.response) return "HTTP " + std::to_string(outcome.response->status);
    return std::string(http::ToString(outcome.error->kind));
  }

  void LogOutcome(const http::Outcome& outcome) const {
    if (!core_.LogEnabled()) return;
    std::string line = std::string(http::ToString(call_.request.method)) + " " +
                       StripQuery(call_.request.url) + " -> " + Describe(outcome) + " in " +
                       std::to_string(Ms(core_.transport().Now() - attempt_started_)) + " ms (attempt " +
                       std::to_string(attempt_) + ")";
    if (outcome.response) {
      for (const char* name : kLoggedHeaders) {
        if (auto v = outcome.response->Header(name)) line += " " + std::string(name) + "=" + Excerpt(*v, 100);
      }
    }
    core_.Log(outcome.response && outcome.response->status < 400 ? LogLevel::kDebug : LogLevel::kInfo, line);
    if (core_.options().log_bodies && outcome.response && !call_.request.on_body && !call_.secret_answer) {
      core_.Log(LogLevel::kDebug, call_.what + " response body: " +
                                      Excerpt(outcome.response->body, core_.options().log_body_limit));
    }
  }

  ClientCore& core_;
  InflightGuard guard_;
  ApiCall call_;
  RetryPolicy policy_;
  Backoff backoff_;
  LinkedCancellation cancel_;
  Deadline deadline_;
  int attempt_ = 0;
  Clock::time_point attempt_started_;
  std::function<void(Result<http::Response>)> done_;
  std::shared_ptr<AnswerBuffer> answer_;  // the current attempt's answer, when we collect it
};

}  // namespace

RetryPolicy PolicyFor(const ClientCore& core, Operation op, const CallOptions& options) {
  if (options.retry) return *options.retry;
  const RetryPolicies& p = core.options().retry;
  switch (op) {
    case Operation::kSubmit:
      return p.submit;
    case Operation::kStatus:
      return p.status;
    case Operation::kResult:
      return p.result;
    case Operation::kCancel:
      return p.cancel;
    case Operation::kStorage:
    case Operation::kDownload:
      return p.storage;
  }
  return p.status;
}

Error WithNote(const Error& error, const std::string& note) {
  // The note goes before the advice, so that the message still ends with the advice's wording.
  Error out(error.code(), error.summary() + " (" + note + ")");
  out.WithAdvice(error.advice())
      .WithHttpStatus(error.http_status())
      .WithRequestId(error.request_id())
      .WithErrorType(error.error_type());
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
