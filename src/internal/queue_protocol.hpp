#pragma once
// fal's queue protocol: URLs, submit headers and the JSON of submit, status and cancel answers
// (fal-protocol.md sections 1.3, 2.2 and 3).

#include <string>
#include <string_view>

#include "fal/endpoint_id.hpp"
#include "fal/http/transport.hpp"
#include "fal/queue.hpp"
#include "fal/result.hpp"

namespace fal::internal {

/// {queue}/{full id}[?fal_webhook=...]
std::string SubmitUrl(std::string_view queue_base, const EndpointId& endpoint, std::string_view webhook_url);

/// {queue}/{[ns/]owner/alias}/requests/{id}{suffix}; suffix is "", "/status", "/status/stream" or "/cancel".
std::string RequestUrl(std::string_view queue_base, const EndpointId& endpoint, std::string_view request_id,
                       std::string_view suffix);

/// `server_url` (a status_url, response_url or cancel_url from fal) when it is on the queue host, else
/// `built`. fal's own URLs are right for namespaces the client may not know; a foreign host is never trusted
/// with the key.
std::string PreferServerUrl(std::string_view queue_base, const std::string& server_url, std::string built);

/// Request ids go into URL paths: letters, digits, '-' and '_' only.
Result<void> CheckRequestId(std::string_view request_id);
/// A caller's extra header: a token name, and a value without CR, LF or NUL (kInvalidArgument otherwise).
Result<void> CheckHeader(std::string_view name, std::string_view value);

/// The headers a submit carries for `options` (priority, hint, start timeout, lifecycle, switches, extras).
Result<http::Headers> SubmitHeaders(const SubmitOptions& options);

/// The JSON of an object lifecycle preference.
std::string LifecycleJson(const ObjectLifecycle& lifecycle);

struct SubmitAnswer {
  std::string request_id;
  std::string status_url, response_url, cancel_url;
};
/// A 2xx submit answer. One that cannot be read is kAmbiguousSubmit, not kMalformedResponse: fal accepted
/// the request, so the job exists, and a caller who resubmitted would pay for it twice. The error carries
/// x-fal-request-id when the answer had one.
Result<SubmitAnswer> ParseSubmitAnswer(const http::Response& response, std::string_view what);
/// A 2xx status answer. `problem`, when given, gets what is wrong with it in a few words ("" when nothing):
/// the retry loop's check_answer keeps the parse, so that an answer is parsed once.
Result<JobStatus> ParseStatus(const http::Response& response, std::string_view what,
                              std::string* problem = nullptr);
/// Status JSON text, as carried by a status stream event.
Result<JobStatus> ParseStatusJson(std::string_view json);
Result<CancelOutcome> ParseCancelAnswer(const http::Response& response, std::string_view what);
/// A 2xx result answer: the output, which must be JSON (a garbled or cut body is kMalformedResponse, never
/// an output). `problem`: what ResultAnswerProblem already said of this answer, so it is not read again.
Result<RawOutput> ParseResultAnswer(http::Response response, std::string_view what, std::string request_id,
                                    const std::string* problem = nullptr);

/// What is wrong with a 2xx result answer, or "": the result's ApiCall::check_answer.
std::string ResultAnswerProblem(const http::Response& response);

}  // namespace fal::internal
