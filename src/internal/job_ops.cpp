#include "internal/job_ops.hpp"

#include <memory>
#include <optional>

#include "internal/api_call.hpp"
#include "internal/error_mapping.hpp"
#include "internal/queue_protocol.hpp"
#include "internal/retry.hpp"

namespace fal::internal {
namespace {

std::string Describe(const JobRef& job, const char* operation) {
  return std::string(operation) + " of " + job.endpoint.Full() + " request " + job.request_id;
}

ApiCall Get(Operation op, std::string url, const ClientCore& core, std::string what) {
  ApiCall call;
  call.op = op;
  call.request.method = http::Method::kGet;
  call.request.url = std::move(url);
  call.request.timeout = core.options().request_timeout;
  call.request.connect_timeout = core.options().connect_timeout;
  call.what = std::move(what);
  return call;
}

Error JobFailed(const JobRef& job, const JobStatus& status, const http::Response* result) {
  std::string message = "job " + job.request_id + " on " + job.endpoint.Full() +
                        " failed: " + (status.error.empty() ? "the result is an error" : status.error);
  // A job cancelled on the server ends COMPLETED with error_type client_cancelled: say so with the code.
  // A start timeout (a 504 marked "user") is the caller's deadline, not the model failing.
  const bool start_timeout = result != nullptr && IsUserStartTimeout(*result);
  Error e(status.error_type == "client_cancelled" ? ErrorCode::kCancelled
          : start_timeout                         ? ErrorCode::kDeadlineExceeded
                                                  : ErrorCode::kJobFailed,
          start_timeout ? message + ": it did not start within its start timeout" : message);
  e.WithRequestId(job.request_id).WithErrorType(status.error_type);
  if (result != nullptr) {
    Error detail = ErrorFromResponse(*result, "result");
    e.WithHttpStatus(result->status).WithFieldErrors(detail.field_errors());
    if (status.error_type.empty()) e.WithErrorType(detail.error_type());
    if (status.error.empty() && !detail.field_errors().empty()) {
      e = WithNote(e, std::to_string(detail.field_errors().size()) + " field error(s), listed below");
    }
    if (start_timeout) e.WithAdvice(Advice::kLongerStartTimeout);
  }
  return e;
}

// Decides what a non-2xx result answer means, given the job's status.
Error ExplainFailedResult(const JobRef& job, const JobStatus& status, const http::Response& result) {
  if (status.state == JobState::kCompleted) {
    bool api_problem = result.status == 401 || result.status == 403 || result.status == 429;
    // A job fal reports as a success, whose result stayed unreachable through every retry (a 503 from a
    // gateway), did not fail: say "unavailable, fetch the result again", not "the job failed" (which
    // invites a paid resubmit).
    bool transient =
        !status.failed() && Classify(Operation::kResult, http::Outcome::Of(result)) == Verdict::kRetry;
    if (status.failed() || !(api_problem || transient)) return JobFailed(job, status, &result);
    return ErrorFromResponse(result, Describe(job, "result"));
  }
  if (status.state == JobState::kInQueue || status.state == JobState::kInProgress) {
    return Error(ErrorCode::kInvalidArgument,
                 "the result of request " + job.request_id + " is not ready: the job is " + status.raw_state)
        .WithAdvice(Advice::kWaitForCompletion)
        .WithRequestId(job.request_id);
  }
  return ErrorFromResponse(result, Describe(job, "result"));
}

}  // namespace

JobRef MakeJobRef(const ClientCore& core, EndpointId endpoint, std::string request_id,
                  const std::string& status_url, const std::string& response_url,
                  const std::string& cancel_url) {
  const std::string& q = core.options().queue_url;
  JobRef ref{std::move(endpoint), std::move(request_id), "", "", ""};
  ref.status_url = PreferServerUrl(q, status_url, RequestUrl(q, ref.endpoint, ref.request_id, "/status"));
  ref.response_url = PreferServerUrl(q, response_url, RequestUrl(q, ref.endpoint, ref.request_id, ""));
  ref.cancel_url = PreferServerUrl(q, cancel_url, RequestUrl(q, ref.endpoint, ref.request_id, "/cancel"));
  return ref;
}

void FetchStatus(ClientCore& core, const JobRef& job, bool with_logs, const CallOptions& options,
                 std::function<void(Result<JobStatus>)> done) {
  std::string what = Describe(job, "status");
  ApiCall call = Get(Operation::kStatus, job.status_url + (with_logs ? "?logs=1" : "?logs=0"), core, what);
  // Parsed once: the check of a 2xx answer keeps its parse. The loop checks every 2xx answer it delivers,
  // last, so the kept parse is of the answer that comes back (both run on the call's transport thread).
  auto parsed = std::make_shared<std::optional<Result<JobStatus>>>();
  call.check_answer = [parsed, what](const http::Response& answer) {
    std::string problem;
    *parsed = ParseStatus(answer, what, &problem);
    return problem;
  };
  Execute(core, std::move(call), options, [what, parsed, done = std::move(done)](Result<http::Response> r) {
    if (!r) return done(r.error());
    if (r->status < 200 || r->status >= 300) return done(ErrorFromResponse(*r, what));
    done(parsed->has_value() ? std::move(**parsed) : ParseStatus(*r, what));
  });
}

void FetchResult(ClientCore& core, const JobRef& job, std::optional<JobStatus> known,
                 const CallOptions& options, std::function<void(Result<RawOutput>)> done) {
  std::string what = Describe(job, "result");
  ApiCall call = Get(Operation::kResult, job.response_url, core, what);
  // Read once here (a result can be 256 MiB): the check's verdict on the delivered answer is kept, as above.
  auto problem = std::make_shared<std::optional<std::string>>();
  call.check_answer = [problem](const http::Response& answer) {
    *problem = ResultAnswerProblem(answer);
    return **problem;
  };
  ClientCore* c = &core;
  Execute(core, std::move(call), options,
          [c, job, known = std::move(known), options, problem,
           done = std::move(done)](Result<http::Response> r) mutable {
            if (!r) return done(r.error());
            if (r->status >= 200 && r->status < 300) {
              if (known && known->failed()) return done(JobFailed(job, *known, nullptr));
              return done(ParseResultAnswer(std::move(*r), Describe(job, "result"), job.request_id,
                                            problem->has_value() ? &**problem : nullptr));
            }
            if (known) return done(ExplainFailedResult(job, *known, *r));
            auto response = std::make_shared<http::Response>(std::move(*r));
            FetchStatus(*c, job, false, options,
                        [job, response, done = std::move(done)](Result<JobStatus> s) {
                          if (!s) return done(ErrorFromResponse(*response, Describe(job, "result")));
                          done(ExplainFailedResult(job, *s, *response));
                        });
          });
}

void RequestCancel(ClientCore& core, const JobRef& job, const CallOptions& options,
                   std::function<void(Result<CancelOutcome>)> done) {
  std::string what = Describe(job, "cancel");
  ApiCall call = Get(Operation::kCancel, job.cancel_url, core, what);
  call.request.method = http::Method::kPut;
  Execute(core, std::move(call), options, [what, done = std::move(done)](Result<http::Response> r) {
    if (!r) return done(r.error());
    done(ParseCancelAnswer(*r, what));
  });
}

}  // namespace fal::internal
