#pragma once
// The retry loop: every request falcpp makes to fal goes through Execute, which adds the standard
// headers, applies the operation's retry rule and policy, honours Retry-After and the call's deadline,
// stops at once on cancellation, and logs without secrets.

#include <functional>
#include <future>
#include <memory>
#include <string>

#include "fal/http/transport.hpp"
#include "fal/queue.hpp"
#include "fal/result.hpp"
#include "internal/client_core.hpp"
#include "internal/retry.hpp"

namespace fal::internal {

struct ApiCall {
  Operation op = Operation::kStatus;
  http::Request request;
  /// Send Authorization. True only for fal's API hosts (queue, run, rest); never for upload, CDN or
  /// download URLs.
  bool authorize = true;
  /// The answer carries a credential (a CDN token): its body is never logged, whatever log_bodies says.
  bool secret_answer = false;
  /// Retry a submit whose outcome is unknown (the caller accepted a possible duplicate).
  bool retry_ambiguous = false;
  /// Names the call in messages and logs: "status of fal-ai/x request R". Never holds a query string.
  std::string what;
  /// For reads: what is wrong with a 2xx answer the caller could not use (a garbled or cut body that still
  /// came with a success status), or "" when it is usable. Such an answer is retried like a transient
  /// failure; after the last attempt it is delivered as it is, for the caller to report. Never used for
  /// submits: a 2xx submit created a job, and sending it again would create another.
  std::function<std::string(const http::Response&)> check_answer;
  /// Adjusts each attempt's request just before it is sent (a download that resumes with a Range header
  /// from the bytes the previous attempts kept).
  std::function<void(http::Request& request)> prepare_attempt;
};

/// Delivers the final response (any status; the caller maps non-2xx answers), or an Error for a network
/// failure, cancellation, an exhausted deadline or an ambiguous submit. `done` runs once, on a transport
/// thread (or on the calling thread when the call ends before anything is sent).
void Execute(ClientCore& core, ApiCall call, const CallOptions& options,
             std::function<void(Result<http::Response>)> done);

/// The policy for `op`: the call's override, else the client's.
RetryPolicy PolicyFor(const ClientCore& core, Operation op, const CallOptions& options);

/// A copy of `error` with `note` appended to its message.
Error WithNote(const Error& error, const std::string& note);

/// Runs an asynchronous operation and waits for it. Refuses (kInternal) on a transport thread, where
/// waiting would block the loop that has to finish the operation.
template <class T>
Result<T> Await(ClientCore& core, const std::function<void(std::function<void(Result<T>)>)>& start) {
  if (core.transport().IsLoopThread()) {
    return Error(ErrorCode::kInternal,
                 "a blocking falcpp call was made from a falcpp callback, which would deadlock the engine; "
                 "use the Async form of the call inside callbacks");
  }
  auto promise = std::make_shared<std::promise<Result<T>>>();
  std::future<Result<T>> future = promise->get_future();
  start([promise](Result<T> r) { promise->set_value(std::move(r)); });
  return future.get();
}

}  // namespace fal::internal
