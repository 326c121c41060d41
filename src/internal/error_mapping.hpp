#pragma once
// Turns fal's answers and network failures into fal::Error: the one place that reads error bodies.

#include <string>
#include <string_view>
#include <vector>

#include "fal/error.hpp"
#include "fal/http/transport.hpp"
#include "internal/retry.hpp"

namespace fal::internal {

/// A non-2xx answer as an Error. `what` names the call ("submit to fal-ai/x"). Reads, in this order:
/// a 422-style detail list (field errors), a string detail, {detail, error_type}, the X-Fal-Error-Type
/// header, x-fal-request-id, Retry-After; a body that is not JSON (an HTML 502 from a proxy) gives the
/// status and a short excerpt. `on_404` is the advice a 404 gets: a submit's is kCheckEndpointId, a
/// download's kCheckFileUrl, a job call's kCheckRequestId.
Error ErrorFromResponse(const http::Response& response, std::string_view what,
                        Advice on_404 = Advice::kCheckRequestId);

/// A network failure as an Error. Submits whose outcome is unknown become kAmbiguousSubmit.
Error ErrorFromNetwork(const http::NetworkError& error, std::string_view what, Operation op);

/// A 2xx answer falcpp could not understand.
Error MalformedResponse(const http::Response& response, std::string_view what, std::string_view problem);

/// fal's field errors in a body: a detail list, or a string detail as one error at ["body"].
std::vector<FieldError> FieldErrorsFromBody(std::string_view body);

/// At most `max` bytes of `body` (then "..."), on one line, control characters dropped and bytes that are not
/// UTF-8 shown as '?': safe for a message, a terminal or a JSON log.
std::string Excerpt(std::string_view body, std::size_t max = 200);

}  // namespace fal::internal
