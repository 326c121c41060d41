#pragma once
/// @file
/// fal::TypedJob<Output>: a JobHandle whose FetchResult() and Wait() give the endpoint's typed output.

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "fal/job.hpp"

namespace fal {

/// A queued request of a typed endpoint (see Client::Submit(const Input&)). Cheap to copy.
///
/// @par Thread safety
/// All member functions are const and safe to call from many threads at once.
template <class Output>
class TypedJob {
 public:
  /// Parses the output JSON (EndpointTraits<Input>::ParseOutput).
  using Parser = fal::Result<Output> (*)(const std::string& json);

  /// Made by Client::Submit(input) and Client::Job<Input>(id).
  TypedJob(JobHandle job, Parser parse, std::vector<FieldError> warnings = {})
      : job_(std::move(job)), parse_(parse), warnings_(std::move(warnings)) {}

  const JobHandle& handle() const { return job_; }  ///< The untyped handle (for WaitFuture, the Async forms).
  const std::string& request_id() const { return job_.request_id(); }  ///< fal's request id.
  /// The validation findings that did not stop the submit: warnings (num_frames not 8k+1, a missing
  /// trigger), and errors sent anyway under ValidationMode::kWarn. Empty for a job rebuilt by Client::Job.
  const std::vector<FieldError>& warnings() const { return warnings_; }

  /// As JobHandle::Status().
  fal::Result<JobStatus> Status(Logs logs = Logs::kOmit, CallOptions options = {}) const {
    return job_.Status(logs, std::move(options));
  }
  /// As JobHandle::Cancel().
  fal::Result<CancelOutcome> Cancel(CallOptions options = {}) const {
    return job_.Cancel(std::move(options));
  }

  /// The typed output; errors as JobHandle::FetchResult(), plus kMalformedResponse when it does not parse.
  fal::Result<Output> FetchResult(CallOptions options = {}) const {
    return Parse(job_.FetchResult(std::move(options)));
  }
  /// Waits for completion, then returns the typed output; errors as JobHandle::Wait().
  fal::Result<Output> Wait(WaitOptions options = {}) const { return Parse(job_.Wait(std::move(options))); }
  /// The callback form of Wait: `done` runs once, on an engine thread.
  void WaitAsync(WaitOptions options, std::function<void(fal::Result<Output>)> done) const {
    Parser parse = parse_;
    job_.WaitAsync(std::move(options), [parse, done = std::move(done)](fal::Result<RawOutput> raw) {
      done(ParseWith(parse, std::move(raw)));
    });
  }

 private:
  fal::Result<Output> Parse(fal::Result<RawOutput> raw) const { return ParseWith(parse_, std::move(raw)); }
  static fal::Result<Output> ParseWith(Parser parse, fal::Result<RawOutput> raw) {
    if (!raw) return raw.error();
    fal::Result<Output> out = parse(raw->json);
    if (!out) {
      Error e = out.error();
      return e.WithRequestId(raw->request_id);
    }
    return out;
  }

  JobHandle job_;
  Parser parse_;
  std::vector<FieldError> warnings_;
};

}  // namespace fal
