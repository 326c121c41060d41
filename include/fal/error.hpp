#pragma once
/// @file
/// The error model of falcpp: one small set of actionable codes, and an Error value that carries everything
/// fal said about a failure (HTTP status, request id, error_type, field errors, Retry-After).

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fal/export.hpp"

namespace fal {

/// What went wrong, in terms a caller can act on.
enum class ErrorCode {
  kInvalidArgument,    ///< The request is wrong (local validation, 400, 422): fix the input.
  kUnauthenticated,    ///< 401: no key, or a wrong one.
  kPermissionDenied,   ///< 403: the key may not do this.
  kNotFound,           ///< 404: unknown endpoint or request id.
  kRateLimited,        ///< 429: slow down; retry_after() says when.
  kUnavailable,        ///< 5xx or a network failure: worth retrying later.
  kDeadlineExceeded,   ///< A timeout or the call's deadline ran out.
  kCancelled,          ///< The caller cancelled.
  kJobFailed,          ///< The job completed with an error.
  kAmbiguousSubmit,    ///< A submit may or may not have created a job: check before resubmitting.
  kMalformedResponse,  ///< The server answered something falcpp could not parse.
  kInternal,           ///< A bug or an unexpected condition in falcpp itself.
};

/// The stable name of a code, such as "invalid_argument".
FALCPP_EXPORT std::string_view ToString(ErrorCode code);

/// The fix a message ends with, as a value: a program that speaks to its own users (a command line tool,
/// a UI) words the fix in its own terms from this, and shows Error::summary() or FieldError::Summary()
/// with it instead of the message, whose fix is worded for a C++ caller (AdviceText).
enum class Advice {
  kNone,                  ///< The message says all there is to say.
  kSetCredentials,        ///< No key or a wrong one: give the API key.
  kCredentialsNotHeader,  ///< An Authorization header was passed by hand: give the key as credentials.
  kCheckRequestId,        ///< A job call got a 404: check the endpoint id and the request id.
  kCheckEndpointId,       ///< A submit got a 404: check the endpoint id.
  kCheckFileUrl,          ///< A download or upload URL got a 404: check the URL.
  kCheckBeforeResubmit,   ///< An ambiguous submit: the job may exist; look before submitting again.
  kLongerStartTimeout,    ///< The start timeout is too short, or it passed: raise it or submit later.
  kGiveFileOrUrl,         ///< A file field needs an https:// URL, a data URI or a local file.
  kPathLooksLikeUrl,      ///< A local path that is written like a URL: pass the URL as a URL.
  kGiveRegularFile,       ///< A path that is a directory, pipe or device: give a regular file.
  kWarnModeForNewValue,   ///< An enum value falcpp does not know: send it anyway with warn mode.
  kAddTrigger,            ///< A 3DREAL LoRA without the trigger: start the prompt with "3DREAL. ".
  kFixBaseUrl,            ///< A base URL override is not an absolute http(s) URL.
  kWaitForCompletion,     ///< A result asked for before the job finished: wait for it first.
  kAllowOverwrite,        ///< A download target exists: allow overwriting, or choose another path.
  kRaiseWaitTimeout,      ///< A wait's timeout passed (the job was cancelled): wait longer next time.
  kSetOnce,               ///< A field set by its typed member and by an extra field: set it once.
};

/// The C++ wording of an advice, as Error::message() and FieldError::msg end with it ("; " + text).
/// Empty for Advice::kNone.
std::string_view AdviceText(Advice advice);

/// One problem with one field, in fal's 422 shape. Local validation findings use the same shape.
struct FALCPP_EXPORT FieldError {
  std::vector<std::string> loc;   ///< Location, e.g. {"body", "num_frames"}.
  std::string msg;                ///< Human-readable: what was given, the limit, the fix.
  std::string type;               ///< Machine-readable kind, e.g. "less_than_equal" or "value_error".
  Advice advice = Advice::kNone;  ///< The fix msg ends with, as a value (kNone for fal's own field errors).

  /// The location joined with dots, without the leading "body": "num_frames", "loras.0.scale".
  std::string Path() const;
  /// msg without its C++-worded fix (the "; " + AdviceText(advice) it ends with); msg when advice is kNone.
  std::string Summary() const;
  /// Equal when loc, msg and type are.
  friend bool operator==(const FieldError& a, const FieldError& b) {
    return a.loc == b.loc && a.msg == b.msg && a.type == b.type;
  }
};

/// A failure, as a value. Never contains the API key, an Authorization header or a signed URL's query.
///
/// @par Thread safety
/// A plain value: safe to copy and read from many threads; not synchronised for concurrent writes.
class FALCPP_EXPORT Error {
 public:
  Error() = default;
  /// An error with a code and a message (what was wrong, the value, the fix).
  Error(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}

  ErrorCode code() const { return code_; }                 ///< What went wrong, as an actionable code.
  const std::string& message() const { return message_; }  ///< What went wrong and how to fix it.
  /// The fix message() ends with, as a value; kNone when the message has no such fix.
  Advice advice() const { return advice_; }
  /// message() without its C++-worded fix: what went wrong, for a caller that words the fix itself
  /// from advice(). message() when advice() is kNone.
  std::string summary() const { return message_.substr(0, summary_size_); }
  /// The HTTP status of the answer that caused the error; 0 when there was none.
  int http_status() const { return http_status_; }
  /// fal's x-fal-request-id, or the job's request id; empty when unknown.
  const std::string& request_id() const { return request_id_; }
  /// fal's error_type (body or X-Fal-Error-Type header), e.g. "runner_disconnected"; empty when none.
  const std::string& error_type() const { return error_type_; }
  /// fal's 422 detail list, or local validation findings.
  const std::vector<FieldError>& field_errors() const { return field_errors_; }
  /// The server's Retry-After, when it sent one.
  std::optional<std::chrono::milliseconds> retry_after() const { return retry_after_; }

  /// Replaces the message, keeping everything else: how falcpp adds context to an error it passes on.
  Error& WithMessage(std::string message) {
    message_ = std::move(message);
    return *this;
  }
  /// Sets http_status(); returns *this for chaining.
  Error& WithHttpStatus(int status) {
    http_status_ = status;
    return *this;
  }
  /// Sets advice() and ends message() with its C++ wording ("; " + AdviceText(advice)); returns *this.
  /// Call it once, after the message is complete.
  Error& WithAdvice(Advice advice);
  /// Sets request_id(); returns *this.
  Error& WithRequestId(std::string id) {
    request_id_ = std::move(id);
    return *this;
  }
  /// Sets error_type(); returns *this.
  Error& WithErrorType(std::string type) {
    error_type_ = std::move(type);
    return *this;
  }
  /// Sets field_errors(); returns *this.
  Error& WithFieldErrors(std::vector<FieldError> errors) {
    field_errors_ = std::move(errors);
    return *this;
  }
  /// Sets retry_after(); returns *this.
  Error& WithRetryAfter(std::chrono::milliseconds d) {
    retry_after_ = d;
    return *this;
  }

  /// One line for logs and exceptions: code, message, status, request id, error_type and field errors.
  std::string ToString() const;

 private:
  ErrorCode code_ = ErrorCode::kInternal;
  std::string message_;
  std::size_t summary_size_ = std::string::npos;
  Advice advice_ = Advice::kNone;
  int http_status_ = 0;
  std::string request_id_;
  std::string error_type_;
  std::vector<FieldError> field_errors_;
  std::optional<std::chrono::milliseconds> retry_after_;
};

}  // namespace fal
