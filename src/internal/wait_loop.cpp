#include "internal/wait_loop.hpp"

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>

#include "internal/api_call.hpp"

namespace fal::internal {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// How long the best-effort cancel after a wait timeout may take: the caller is already past its deadline.
constexpr milliseconds kTimeoutCancelBudget{5000};

class PollLoop : public std::enable_shared_from_this<PollLoop> {
 public:
  PollLoop(ClientCore& core, JobRef job, WaitOptions options, std::function<void(Result<JobStatus>)> done)
      : core_(core),
        guard_(&core),
        job_(std::move(job)),
        options_(std::move(options)),
        cancel_(options_.cancel, core.shutdown_token()),
        done_(std::move(done)) {
    if (options_.timeout) deadline_ = core.transport().Now() + *options_.timeout;
  }

  void Poll() {
    if (cancel_.token().IsCancelled()) return Finish(Cancelled());
    CallOptions call;
    call.cancel = cancel_.token();
    if (deadline_) {
      auto remaining = std::chrono::duration_cast<milliseconds>(*deadline_ - core_.transport().Now());
      if (remaining <= milliseconds(0)) return CancelAfterTimeout();
      call.timeout = remaining;
    }
    FetchStatus(core_, job_, options_.with_logs, call,
                [self = shared_from_this()](Result<JobStatus> s) { self->OnStatus(std::move(s)); });
  }

 private:
  void OnStatus(Result<JobStatus> status) {
    if (!status) {
      if (cancel_.token().IsCancelled()) return Finish(Cancelled());
      if (deadline_ && core_.transport().Now() >= *deadline_) return CancelAfterTimeout();
      return Finish(status.error());
    }
    if (options_.on_update) options_.on_update(*status);
    if (status->state == JobState::kCompleted) return Finish(std::move(*status));

    milliseconds pause = options_.poll_interval;
    if (deadline_) {
      auto remaining = std::chrono::duration_cast<milliseconds>(*deadline_ - core_.transport().Now());
      pause = std::clamp(remaining, milliseconds(0), pause);
    }
    core_.transport().RunAfter(pause, cancel_.token(), [self = shared_from_this()] { self->Poll(); });
  }

  Error Cancelled() const {
    return Error(ErrorCode::kCancelled, "waiting for request " + job_.request_id +
                                            " was cancelled (the job itself keeps running; "
                                            "JobHandle::Cancel stops it)")
        .WithRequestId(job_.request_id);
  }

  void CancelAfterTimeout() {
    CallOptions call;
    call.timeout = kTimeoutCancelBudget;
    call.cancel = core_.shutdown_token();
    RetryPolicy once;
    once.max_attempts = 1;
    call.retry = once;
    std::string waited = std::to_string(options_.timeout->count()) + " ms";
    RequestCancel(core_, job_, call, [self = shared_from_this(), waited](Result<CancelOutcome> outcome) {
      std::string what = outcome ? "cancel: " + std::string(ToString(*outcome)) : "cancel failed: " + outcome.error().message();
      self->Finish(Error(ErrorCode::kDeadlineExceeded, "request " + self->job_.request_id +
                                                            " did not complete within " + waited + " (" + what +
                                                            "); raise WaitOptions::timeout to wait longer")
                       .WithRequestId(self->job_.request_id));
    });
  }

  void Finish(Result<JobStatus> result) {
    auto done = std::move(done_);
    done_ = nullptr;
    if (done) done(std::move(result));
  }

  ClientCore& core_;
  InflightGuard guard_;
  JobRef job_;
  WaitOptions options_;
  LinkedCancellation cancel_;
  std::optional<Clock::time_point> deadline_;
  std::function<void(Result<JobStatus>)> done_;
};

}  // namespace

void WaitForCompletion(ClientCore& core, JobRef job, WaitOptions options,
                       std::function<void(Result<JobStatus>)> done) {
  std::make_shared<PollLoop>(core, std::move(job), std::move(options), std::move(done))->Poll();
}

}  // namespace fal::internal
