#include "internal/error_mapping.hpp"

#include <chrono>
#include <nlohmann/json.hpp>

#include "internal/json_fields.hpp"
#include "internal/json_text.hpp"

namespace fal::internal {
namespace {

using nlohmann::json;

ErrorCode CodeForStatus(int status) {
  switch (status) {
    case 400:
    case 409:
    case 413:
    case 415:
    case 422:
      return ErrorCode::kInvalidArgument;
    case 401:
      return ErrorCode::kUnauthenticated;
    case 403:
      return ErrorCode::kPermissionDenied;
    case 404:
    case 410:
      return ErrorCode::kNotFound;
    case 408:
    case 504:
      return ErrorCode::kDeadlineExceeded;
    case 429:
      return ErrorCode::kRateLimited;
    case 499:
      return ErrorCode::kCancelled;
    default:
      break;
  }
  if (status >= 500) return ErrorCode::kUnavailable;
  return ErrorCode::kInvalidArgument;
}

// The hint a status earns when it has no advice of its own (Advice, for the ones a caller words itself).
std::string HintForStatus(int status) {
  switch (status) {
    case 403:
      return "this key may not call this endpoint; check the key's scopes and your fal account";
    case 422:
      return "fix the fields listed below";
    case 429:
      return "fal is rate limiting this key; retry later or lower concurrency";
    default:
      break;
  }
  if (status >= 500) return "fal or a proxy in front of it is unavailable; retry later";
  return "";
}

Advice AdviceForStatus(int status, bool user_timeout, Advice on_404) {
  if (user_timeout) return Advice::kLongerStartTimeout;
  if (status == 401) return Advice::kSetCredentials;
  if (status == 404) return on_404;
  return Advice::kNone;
}

FieldError FieldErrorFromJson(const json& item) {
  FieldError e;
  if (auto loc = item.find("loc"); loc != item.end() && loc->is_array()) {
    for (const json& part : *loc)
      e.loc.push_back(part.is_string() ? part.get<std::string>() : DumpJson(part));
  }
  e.msg = StringMember(item, "msg");
  e.type = StringMember(item, "type");
  if (e.msg.empty() && !item.is_object()) e.msg = DumpJson(item);
  return e;
}

// string_detail_is_field_error: fal sends its validation errors (400, 422) with a string detail too; any
// other status's string detail is the message, not a field's problem.
std::vector<FieldError> FieldErrorsFromJson(const json& body, bool string_detail_is_field_error = true) {
  std::vector<FieldError> out;
  if (!body.is_object()) return out;
  auto detail = body.find("detail");
  if (detail == body.end()) return out;
  if (detail->is_array()) {
    for (const json& item : *detail) out.push_back(FieldErrorFromJson(item));
  } else if (detail->is_string() && !body.contains("error_type") && string_detail_is_field_error) {
    // fal's string variant of a validation error; fal's JS client maps it the same way.
    out.push_back(FieldError{{"body"}, detail->get<std::string>(), "value_error"});
  }
  return out;
}

}  // namespace

// The length of the valid UTF-8 sequence at the start of `s`, or 0 when it does not start with one.
std::size_t Utf8SequenceLength(std::string_view s) {
  const auto byte = [&s](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char c = byte(0);
  std::size_t n = c < 0x80                 ? 1
                  : c >= 0xc2 && c <= 0xdf ? 2
                  : c >= 0xe0 && c <= 0xef ? 3
                  : c >= 0xf0 && c <= 0xf4 ? 4
                                           : 0;
  if (n == 0 || n > s.size()) return 0;
  for (std::size_t i = 1; i < n; ++i) {
    if ((byte(i) & 0xc0) != 0x80) return 0;
  }
  if (n == 3 && ((c == 0xe0 && byte(1) < 0xa0) || (c == 0xed && byte(1) >= 0xa0)))
    return 0;  // overlong, surrogate
  if (n == 4 && ((c == 0xf0 && byte(1) < 0x90) || (c == 0xf4 && byte(1) >= 0x90)))
    return 0;  // overlong, > U+10FFFF
  return n;
}

std::string Excerpt(std::string_view body, std::size_t max) {
  // Valid UTF-8 on one line: a message may end up in a JSON log, a terminal or an exception's what().
  std::string out;
  bool space = false;
  while (!body.empty()) {
    const unsigned char c = static_cast<unsigned char>(body.front());
    std::size_t n = Utf8SequenceLength(body);
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      body.remove_prefix(1);
      continue;
    }
    if (n == 1 && (c < 0x20 || c == 0x7f)) {
      body.remove_prefix(1);
      continue;
    }
    const std::size_t adds = (space ? 1 : 0) + (n == 0 ? 1 : n);
    if (out.size() + adds > max) {
      out += "...";
      break;
    }
    if (space) out += ' ';
    space = false;
    if (n == 0) {
      out += '?';  // a byte that is not UTF-8
      body.remove_prefix(1);
    } else {
      out.append(body.substr(0, n));
      body.remove_prefix(n);
    }
  }
  return out;
}

std::vector<FieldError> FieldErrorsFromBody(std::string_view body) {
  json parsed = json::parse(body, nullptr, /*allow_exceptions=*/false);
  return parsed.is_discarded() ? std::vector<FieldError>{} : FieldErrorsFromJson(parsed);
}

Error ErrorFromResponse(const http::Response& response, std::string_view what, Advice on_404) {
  const int status = response.status;
  const bool user_timeout = IsUserStartTimeout(response);

  std::string detail, error_type;
  std::vector<FieldError> field_errors;
  json body = json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (!body.is_discarded() && body.is_object()) {
    field_errors = FieldErrorsFromJson(body, status == 400 || status == 422);
    error_type = StringMember(body, "error_type");
    if (auto d = body.find("detail"); d != body.end() && d->is_string()) detail = d->get<std::string>();
    if (detail.empty()) detail = StringMember(body, "message");
    if (detail.empty()) detail = StringMember(body, "error");
  } else if (!response.body.empty()) {
    detail = "unexpected non-JSON answer: " + Excerpt(response.body);
  }
  if (error_type.empty()) error_type = response.Header("x-fal-error-type").value_or("");

  std::string message = std::string(what) + " failed with HTTP " + std::to_string(status);
  if (!detail.empty())
    message += ": " + detail;
  else if (!field_errors.empty())
    message += ": " + std::to_string(field_errors.size()) + " field error(s)";
  if (user_timeout)
    message += ": the job did not start within its start timeout and fal did not queue it again";
  const Advice advice = AdviceForStatus(status, user_timeout, on_404);
  std::string hint = advice == Advice::kNone ? HintForStatus(status) : "";
  if (!hint.empty()) message += " (" + hint + ")";

  Error error(user_timeout ? ErrorCode::kDeadlineExceeded : CodeForStatus(status), message);
  error.WithAdvice(advice)
      .WithHttpStatus(status)
      .WithErrorType(error_type)
      .WithFieldErrors(std::move(field_errors));
  if (auto id = response.Header("x-fal-request-id")) error.WithRequestId(*id);
  if (auto retry_after = response.Header("retry-after")) {
    if (auto d = ParseRetryAfter(*retry_after, std::chrono::system_clock::now())) error.WithRetryAfter(*d);
  }
  return error;
}

Error ErrorFromNetwork(const http::NetworkError& error, std::string_view what, Operation op) {
  using Kind = http::NetworkError::Kind;
  std::string reason =
      std::string(ToString(error.kind)) + (error.message.empty() ? "" : ": " + error.message);
  if (op == Operation::kSubmit && error.request_sent && error.kind != Kind::kRejected) {
    std::string how = error.kind == Kind::kCancelled
                          ? "the submit was cancelled after the request was sent"
                          : "the request was sent but no answer came back (" + reason + ")";
    return Error(ErrorCode::kAmbiguousSubmit,
                 std::string(what) + ": " + how +
                     ", so fal may have created the job. It was not resubmitted automatically, to avoid a "
                     "duplicate paid job")
        .WithAdvice(Advice::kCheckBeforeResubmit);
  }
  switch (error.kind) {
    case Kind::kCancelled:
      return Error(ErrorCode::kCancelled, std::string(what) + " was cancelled");
    case Kind::kTimeout:
      return Error(ErrorCode::kDeadlineExceeded, std::string(what) + " timed out (" + reason + ")");
    case Kind::kRejected:
      return Error(ErrorCode::kInvalidArgument, std::string(what) + ": " + error.message);
    case Kind::kBodyRead:
      return Error(ErrorCode::kInvalidArgument, std::string(what) + ": " + reason);
    default:
      return Error(ErrorCode::kUnavailable, std::string(what) + " failed: " + reason +
                                                " (check the network and the base URL; retry later)");
  }
}

Error MalformedResponse(const http::Response& response, std::string_view what, std::string_view problem) {
  Error e(ErrorCode::kMalformedResponse, std::string(what) + ": " + std::string(problem) + " (HTTP " +
                                             std::to_string(response.status) + ", body: \"" +
                                             Excerpt(response.body) + "\")");
  e.WithHttpStatus(response.status);
  if (auto id = response.Header("x-fal-request-id")) e.WithRequestId(*id);
  return e;
}

}  // namespace fal::internal
