#pragma once
/// @file
/// fal::JobHandle: one queued request. Status, result, cancel and wait, in blocking, callback and future
/// forms, all on the client's engine.

#include <functional>
#include <future>
#include <memory>
#include <string>

#include "fal/endpoint_id.hpp"
#include "fal/export.hpp"
#include "fal/queue.hpp"
#include "fal/result.hpp"

namespace fal {

namespace internal {
class ClientOwner;
}

/// A queued request on one endpoint. Cheap to copy; copies keep the client's engine alive.
///
/// The request id is all that identifies a job: store it, and rebuild the handle later (even in another
/// process) with Client::Job(endpoint_id, request_id).
///
/// @code
/// auto job = client.Submit("fal-ai/ltx-2.3-quality/render-to-real", body);
/// fal::WaitOptions wait;
/// wait.with_logs = true;
/// wait.on_update = [](const fal::JobStatus& s) { Show(s); };
/// auto out = job->Wait(wait);
/// @endcode
///
/// @par Thread safety
/// All member functions are const and safe to call from many threads at once.
class FALCPP_EXPORT JobHandle {
 public:
  const EndpointId& endpoint() const { return endpoint_; }  ///< The endpoint the job was submitted to.
  /// fal's request id: all that identifies the job.
  const std::string& request_id() const { return request_id_; }

  /// One status request (retried on transient failures).
  /// Errors: kNotFound for an unknown request id, network and server errors as usual.
  /// Logs::kInclude asks for the job's log lines (JobStatus::logs).
  fal::Result<JobStatus> Status(Logs logs = Logs::kOmit, CallOptions options = {}) const;
  /// The callback form of Status: `done` runs once, on an engine thread.
  void StatusAsync(Logs logs, CallOptions options, std::function<void(fal::Result<JobStatus>)> done) const;

  /// The job's output. A job that completed with an error gives ErrorCode::kJobFailed carrying fal's error,
  /// error_type and the result body's field errors; a job still running gives kInvalidArgument.
  fal::Result<RawOutput> FetchResult(CallOptions options = {}) const;
  /// The callback form of FetchResult: `done` runs once, on an engine thread.
  void FetchResultAsync(CallOptions options, std::function<void(fal::Result<RawOutput>)> done) const;

  /// Asks fal to cancel the job. Cancelling a finished job is kAlreadyCompleted, not an error.
  fal::Result<CancelOutcome> Cancel(CallOptions options = {}) const;
  /// The callback form of Cancel: `done` runs once, on an engine thread.
  void CancelAsync(CallOptions options, std::function<void(fal::Result<CancelOutcome>)> done) const;

  /// Waits for completion, then fetches the output. By default it follows the job's status stream
  /// (WaitMode::kStreaming, falling back to polling when the stream is refused or drops); WaitMode::kPolling
  /// polls every WaitOptions::poll_interval (250 ms).
  /// Errors: kJobFailed, kDeadlineExceeded (a WaitOptions::timeout, after one best-effort cancel; or fal's
  /// start timeout), kCancelled (the token, or a job cancelled on fal), and those of FetchResult().
  /// Must not be called from a transport callback (it would block the loop): use WaitAsync there.
  fal::Result<RawOutput> Wait(WaitOptions options = {}) const;
  /// The callback form of Wait: `done` runs once, on an engine thread.
  void WaitAsync(WaitOptions options, std::function<void(fal::Result<RawOutput>)> done) const;
  /// Wait as a std::future; get() it from any thread but an engine thread.
  std::future<fal::Result<RawOutput>> WaitFuture(WaitOptions options = {}) const;

 private:
  friend class Client;  // handles are made by Client::Submit and Client::Job
  JobHandle(std::shared_ptr<internal::ClientOwner> owner, EndpointId endpoint, std::string request_id,
            std::string status_url = "", std::string response_url = "", std::string cancel_url = "");

  std::shared_ptr<internal::ClientOwner> owner_;
  EndpointId endpoint_;
  std::string request_id_;
  std::string status_url_, response_url_, cancel_url_;  // as the server returned them, when usable
};

}  // namespace fal
