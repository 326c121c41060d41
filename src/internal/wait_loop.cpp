#include "internal/wait_loop.hpp"

#include <algorithm>

#include "internal/api_call.hpp"
#include "internal/once.hpp"
#include "internal/wait_base.hpp"

namespace fal::internal {
namespace {

using std::chrono::milliseconds;

// How long the best-effort cancel after a wait timeout may take: the caller is already past its deadline.
constexpr milliseconds kTimeoutCancelBudget{5000};
// A status call that timed out this close to the wait's deadline was stopped by that deadline.
constexpr milliseconds kDeadlineSlack{250};

// What the best-effort cancel after a timeout did, in words.
std::string CancelReport(const Result<CancelOutcome>& outcome) {
  if (!outcome) return "cancelling it failed: " + outcome.error().summary();
  switch (*outcome) {
    case CancelOutcome::kCancellationRequested:
      return "it was cancelled on fal";
    case CancelOutcome::kAlreadyCompleted:
      return "it had completed by the time it was cancelled";
    case CancelOutcome::kNotFound:
      return "fal no longer knows it";
  }
  return "";
}

// The one polling loop: first poll at once, then poll_interval after each answer.
class PollLoop : public WaitBase {
 public:
  using WaitBase::WaitBase;

  void Start() override {
    if (EndIfCancelledOrLate()) return;
    CallOptions call;
    call.cancel = cancel_.token();
    call.timeout = Remaining();
    auto self = std::static_pointer_cast<PollLoop>(shared_from_this());
    FetchStatus(core_, job_, options_.with_logs, call,
                [self](Result<JobStatus> s) { self->OnStatus(std::move(s)); });
  }

 private:
  void OnStatus(Result<JobStatus> status) {
    if (!status) {
      if (EndIfCancelledOrLate()) return;
      // The status call had the wait's remaining time; when it ran out of it a moment before the deadline
      // (timers are not exact), the wait's deadline is what passed: cancel the job as documented.
      if (status.error().code() == ErrorCode::kDeadlineExceeded && Remaining() &&
          *Remaining() <= kDeadlineSlack) {
        return CancelJobAfterTimeout();
      }
      return Finish(status.error());
    }
    if (options_.on_update) options_.on_update(*status);
    if (status->state == JobState::kCompleted) return Finish(std::move(*status));
    milliseconds pause = std::min(options_.poll_interval, Remaining().value_or(options_.poll_interval));
    auto self = shared_from_this();
    core_.transport().RunAfter(pause, cancel_.token(), [self] { self->Start(); });
  }
};

}  // namespace

WaitBase::WaitBase(ClientCore& core, JobRef job, WaitOptions options, Done done)
    : core_(core),
      guard_(&core),
      job_(std::move(job)),
      options_(std::move(options)),
      cancel_(options_.cancel, core.shutdown_token()),
      done_(std::move(done)) {
  deadline_ = Deadline::In(core.transport().Now(), options_.timeout);
}

std::optional<milliseconds> WaitBase::Remaining() const {
  return deadline_.Remaining(core_.transport().Now());
}

bool WaitBase::EndIfCancelledOrLate() {
  if (finished()) return true;
  if (Cancelled()) {
    Finish(Error(ErrorCode::kCancelled,
                 "waiting for request " + job_.request_id +
                     " was cancelled (the job itself keeps running; JobHandle::Cancel stops it)")
               .WithRequestId(job_.request_id));
    return true;
  }
  if (DeadlinePassed()) {
    CancelJobAfterTimeout();
    return true;
  }
  return false;
}

void WaitBase::CancelJobAfterTimeout() {
  CallOptions call;
  call.timeout = kTimeoutCancelBudget;
  call.cancel = core_.shutdown_token();
  RetryPolicy once;
  once.max_attempts = 1;
  call.retry = once;
  std::string waited = std::to_string(options_.timeout->count()) + " ms";
  auto self = shared_from_this();
  RequestCancel(core_, job_, call, [self, waited](Result<CancelOutcome> outcome) {
    self->Finish(Error(ErrorCode::kDeadlineExceeded, "request " + self->job_.request_id +
                                                         " did not complete within " + waited + "; " +
                                                         CancelReport(outcome))
                     .WithAdvice(Advice::kRaiseWaitTimeout)
                     .WithRequestId(self->job_.request_id));
  });
}

void WaitBase::Finish(Result<JobStatus> result) { RunOnce(done_, std::move(result)); }

std::shared_ptr<WaitBase> MakePollingWait(ClientCore& core, JobRef job, WaitOptions options,
                                          WaitBase::Done done) {
  return std::make_shared<PollLoop>(core, std::move(job), std::move(options), std::move(done));
}

void WaitForCompletion(ClientCore& core, JobRef job, WaitOptions options,
                       std::function<void(Result<JobStatus>)> done) {
  bool stream = options.mode == WaitMode::kStreaming && !core.streaming_unsupported();
  auto wait = stream ? MakeStreamingWait(core, std::move(job), std::move(options), std::move(done))
                     : MakePollingWait(core, std::move(job), std::move(options), std::move(done));
  // Start on an engine thread: everything the wait does next (requests, timers, callbacks) then stays on
  // that one loop, so its state is never touched by two threads and its callbacks run serially.
  core.transport().RunAfter(milliseconds(0), CancellationToken(), [wait] { wait->Start(); });
}

void WaitForOutput(ClientCore& core, JobRef job, WaitOptions options,
                   std::function<void(Result<RawOutput>)> done) {
  CallOptions fetch;
  fetch.cancel = options.cancel;
  ClientCore* engine = &core;  // alive here: the wait that calls back still counts as in flight
  WaitForCompletion(core, job, std::move(options),
                    [engine, job, fetch, done = std::move(done)](Result<JobStatus> status) mutable {
                      if (!status) return done(status.error());
                      FetchResult(*engine, job, std::move(*status), fetch, std::move(done));
                    });
}

}  // namespace fal::internal
