#pragma once
/// @file
/// The value types of fal's queue API: submit options, job status, cancel outcome, wait options.
/// (CallOptions, which every network call takes, is in fal/call_options.hpp; ObjectLifecycle, the
/// expiry and access of stored objects, in fal/object_lifecycle.hpp.)

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fal/call_options.hpp"
#include "fal/cancellation.hpp"
#include "fal/export.hpp"
#include "fal/http/transport.hpp"
#include "fal/object_lifecycle.hpp"
#include "fal/result.hpp"
#include "fal/retry_policy.hpp"
#include "fal/validation.hpp"

namespace fal {

/// fal's queue priority. It can only lower a request's priority.
enum class Priority { kNormal, kLow };
FALCPP_EXPORT std::string_view ToString(Priority priority);  ///< The wire value: "normal" or "low".

/// Options of a submit.
struct FALCPP_EXPORT SubmitOptions {
  std::string webhook_url;           ///< fal POSTs the result here (?fal_webhook=).
  std::optional<Priority> priority;  ///< x-fal-queue-priority; unset leaves fal's default (normal).
  std::string hint;                  ///< x-fal-runner-hint: same hint, same runner when possible.
  /// Deadline for the job to *start*; fal answers 504 (never retried) when it passes.
  std::optional<std::chrono::milliseconds> start_timeout;
  std::optional<ObjectLifecycle> lifecycle;  ///< x-fal-object-lifecycle-preference for generated media.
  bool no_retry = false;                     ///< X-Fal-No-Retry: no server-side retries.
  std::optional<bool> store_io;              ///< X-Fal-Store-IO: false stops fal storing the payloads.
  http::Headers extra_headers;               ///< Sent as written; the named options above win on a clash.
  /// Retry a submit whose outcome is unknown (connection lost after the body was sent). This may create a
  /// duplicate paid job. Unset: the client's ClientOptions::retry_ambiguous_submits.
  std::optional<bool> retry_ambiguous;
  /// Validation of typed inputs for this call. Unset: the client's ClientOptions::validation.
  std::optional<ValidationMode> validation;
  /// Typed submits: the cost limit of this request in dollars (fal/ltx/cost.hpp, docs/cost.md). Unset:
  /// the client's ClientOptions::max_cost_usd. Applied as a validation finding, so the mode decides.
  std::optional<double> max_cost_usd;
  /// Typed submits: called once per finding that did not stop the request (every warning, and the errors
  /// sent anyway under ValidationMode::kWarn), on the calling thread, before anything is uploaded or sent.
  /// The same findings are on TypedJob::warnings(); with Subscribe, this is the way to see them. No log
  /// sink is needed (ClientOptions::log also gets them, when set).
  std::function<void(const FieldError& finding)> on_warning;
  CallOptions call;  ///< Cancellation, deadline and retry policy of the submit.
};

/// Whether a status request asks for the job's log lines (JobHandle::Status).
enum class Logs { kOmit, kInclude };

/// A job's state. fal has no FAILED state: a failed job is kCompleted with JobStatus::error set.
enum class JobState { kInQueue, kInProgress, kCompleted, kUnknown };
/// The wire value: "IN_QUEUE", "IN_PROGRESS", "COMPLETED"; "UNKNOWN" for kUnknown.
FALCPP_EXPORT std::string_view ToString(JobState state);

/// One log line of a job.
struct FALCPP_EXPORT LogEntry {
  std::string message;    ///< The line's text.
  std::string level;      ///< STDOUT, STDERR, INFO, WARN, ERROR, DEBUG (kept as sent).
  std::string source;     ///< e.g. USER.
  std::string timestamp;  ///< ISO 8601, as sent.
};

/// One answer of the status endpoint.
struct FALCPP_EXPORT JobStatus {
  JobState state = JobState::kUnknown;  ///< The state; kUnknown for a status fal added later (see raw_state).
  std::string raw_state;                ///< The status string as sent, e.g. "IN_QUEUE".
  std::optional<int> queue_position;    ///< Requests ahead of this one (IN_QUEUE only).
  std::vector<LogEntry> logs;           ///< With logs requested; in a wait, all lines so far.
  std::map<std::string, double> metrics;  ///< Numeric metrics, e.g. inference_time.
  std::string error;                      ///< Set on a completed job that failed.
  std::string error_type;                 ///< fal's category for `error`, e.g. "runner_disconnected".
  std::string request_id;                 ///< The job's request id.
  std::string raw_json;                   ///< The whole answer.

  /// True for a completed job that failed (`error` says why).
  bool failed() const { return state == JobState::kCompleted && !error.empty(); }
};

/// What a cancel achieved.
enum class CancelOutcome { kCancellationRequested, kAlreadyCompleted, kNotFound };
/// The name: "cancellation_requested", "already_completed", "not_found".
FALCPP_EXPORT std::string_view ToString(CancelOutcome outcome);

/// A job's output as JSON text, with the request id it belongs to.
struct FALCPP_EXPORT RawOutput {
  std::string json;        ///< The output JSON as received.
  std::string request_id;  ///< The job it belongs to.
};

/// How a wait learns about status changes.
enum class WaitMode {
  /// Server-sent events on status/stream: completion is noticed at once, with one open connection per job.
  /// A stream that ends early, errs or stays silent reconnects with backoff; after repeated failures, or
  /// when the server does not offer streaming (remembered per client), the wait falls back to polling.
  kStreaming,
  /// A status request every poll_interval.
  kPolling,
};

/// Options of JobHandle::Wait.
struct FALCPP_EXPORT WaitOptions {
  WaitMode mode = WaitMode::kStreaming;  ///< Streaming (the default) or polling.
  /// Pause between status polls, measured from the previous answer. The first poll is immediate.
  std::chrono::milliseconds poll_interval{250};
  /// A status stream with no event and no keep-alive for this long is treated as dropped (fal sends a
  /// keep-alive comment every 15 s).
  std::chrono::milliseconds stream_idle_timeout{45000};
  bool with_logs = false;  ///< Ask for log lines; on_update then sees all lines so far.
  /// Called with every status, on a transport thread, serially for this job. Must not block.
  std::function<void(const JobStatus&)> on_update;
  /// How long to wait for completion. When it passes, the job is cancelled (best effort) and the wait
  /// returns ErrorCode::kDeadlineExceeded.
  std::optional<std::chrono::milliseconds> timeout;
  /// Stops waiting promptly with ErrorCode::kCancelled. The job itself keeps running: call Cancel() for that.
  CancellationToken cancel;
};

}  // namespace fal
