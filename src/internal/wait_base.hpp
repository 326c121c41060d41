#pragma once
// What every way of waiting shares: the deadline, cancellation, the best-effort cancel of a job whose
// wait timed out, and delivering the outcome exactly once.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

#include "fal/queue.hpp"
#include "fal/result.hpp"
#include "internal/client_core.hpp"
#include "internal/deadline.hpp"
#include "internal/job_ops.hpp"

namespace fal::internal {

class WaitBase : public std::enable_shared_from_this<WaitBase> {
 public:
  using Done = std::function<void(Result<JobStatus>)>;
  WaitBase(ClientCore& core, JobRef job, WaitOptions options, Done done);
  virtual ~WaitBase() = default;
  virtual void Start() = 0;

 protected:
  using Clock = std::chrono::steady_clock;

  /// Time left before the wait's deadline; nullopt without one. Never negative.
  std::optional<std::chrono::milliseconds> Remaining() const;
  /// In whole milliseconds, like Remaining(): a status call given 0 ms left must count as late, or its
  /// deadline error would end the wait without the promised cancel of the job.
  bool DeadlinePassed() const { return deadline_.Passed(core_.transport().Now()); }
  bool Cancelled() const { return cancel_.token().IsCancelled(); }
  /// Ends the wait: cancelled, or past the deadline (after a best-effort cancel of the job).
  /// Returns false when neither applies.
  bool EndIfCancelledOrLate();
  void Finish(Result<JobStatus> result);
  bool finished() const { return !done_; }
  /// Cancels the job (best effort) and ends the wait with kDeadlineExceeded.
  void CancelJobAfterTimeout();

  ClientCore& core_;
  InflightGuard guard_;
  JobRef job_;
  WaitOptions options_;
  LinkedCancellation cancel_;  // the caller's token and the client's shutdown

 private:
  Deadline deadline_;
  Done done_;
};

/// Polls status until COMPLETED.
std::shared_ptr<WaitBase> MakePollingWait(ClientCore& core, JobRef job, WaitOptions options,
                                          WaitBase::Done done);
/// Follows the status stream until COMPLETED, falling back to MakePollingWait when streaming fails.
std::shared_ptr<WaitBase> MakeStreamingWait(ClientCore& core, JobRef job, WaitOptions options,
                                            WaitBase::Done done);

}  // namespace fal::internal
