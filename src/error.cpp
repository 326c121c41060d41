#include "fal/error.hpp"

#include <cstdio>

#include "fal/result.hpp"

namespace fal {

std::string_view ToString(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "invalid_argument";
    case ErrorCode::kUnauthenticated: return "unauthenticated";
    case ErrorCode::kPermissionDenied: return "permission_denied";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kRateLimited: return "rate_limited";
    case ErrorCode::kUnavailable: return "unavailable";
    case ErrorCode::kDeadlineExceeded: return "deadline_exceeded";
    case ErrorCode::kCancelled: return "cancelled";
    case ErrorCode::kJobFailed: return "job_failed";
    case ErrorCode::kAmbiguousSubmit: return "ambiguous_submit";
    case ErrorCode::kMalformedResponse: return "malformed_response";
    case ErrorCode::kInternal: return "internal";
  }
  return "unknown";
}

std::string FieldError::Path() const {
  std::string path;
  for (std::size_t i = 0; i < loc.size(); ++i) {
    if (i == 0 && loc[i] == "body" && loc.size() > 1) continue;
    if (!path.empty()) path += '.';
    path += loc[i];
  }
  return path;
}

std::string Error::ToString() const {
  std::string out(fal::ToString(code_));
  out += ": ";
  out += message_;
  if (http_status_ != 0) out += " [HTTP " + std::to_string(http_status_) + "]";
  if (!error_type_.empty()) out += " [error_type " + error_type_ + "]";
  if (!request_id_.empty()) out += " [request " + request_id_ + "]";
  for (const FieldError& e : field_errors_) {
    out += "\n  " + e.Path() + ": " + e.msg;
    if (!e.type.empty()) out += " (" + e.type + ")";
  }
  return out;
}

namespace internal {

[[noreturn]] void ThrowOrAbort(const Error& error) {
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
  throw Exception(error);
#else
  std::fprintf(stderr, "fal::Result::value() on an error: %s\n", error.ToString().c_str());
  std::abort();
#endif
}

}  // namespace internal
}  // namespace fal
