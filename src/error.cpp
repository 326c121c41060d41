#include "fal/error.hpp"

#include <cstdio>

#include "fal/result.hpp"

namespace fal {

std::string_view ToString(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return "invalid_argument";
    case ErrorCode::kUnauthenticated:
      return "unauthenticated";
    case ErrorCode::kPermissionDenied:
      return "permission_denied";
    case ErrorCode::kNotFound:
      return "not_found";
    case ErrorCode::kRateLimited:
      return "rate_limited";
    case ErrorCode::kUnavailable:
      return "unavailable";
    case ErrorCode::kDeadlineExceeded:
      return "deadline_exceeded";
    case ErrorCode::kCancelled:
      return "cancelled";
    case ErrorCode::kJobFailed:
      return "job_failed";
    case ErrorCode::kAmbiguousSubmit:
      return "ambiguous_submit";
    case ErrorCode::kMalformedResponse:
      return "malformed_response";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "unknown";
}

std::string_view AdviceText(Advice advice) {
  switch (advice) {
    case Advice::kNone:
      return "";
    case Advice::kSetCredentials:
      return "set FAL_KEY, or ClientOptions::credentials";
    case Advice::kCredentialsNotHeader:
      return "pass the key as ClientOptions::credentials";
    case Advice::kCheckRequestId:
      return "check the endpoint id and the request id";
    case Advice::kCheckEndpointId:
      return "check the endpoint id";
    case Advice::kCheckFileUrl:
      return "check the URL";
    case Advice::kCheckBeforeResubmit:
      return "check your fal requests (or your webhook) before submitting again, or set "
             "SubmitOptions::retry_ambiguous to accept a possible duplicate";
    case Advice::kLongerStartTimeout:
      return "raise SubmitOptions::start_timeout, or submit again later";
    case Advice::kGiveFileOrUrl:
      return "give an https:// URL, a base64 data URI (data:<type>;base64,<data>), or "
             "fal::File::FromPath(...) to upload a local file";
    case Advice::kPathLooksLikeUrl:
      return "pass a URL as fal::File(\"https://...\"), not File::FromPath";
    case Advice::kGiveRegularFile:
      return "give a regular file; for a pipe use Storage::UploadStream";
    case Advice::kWarnModeForNewValue:
      return "use one of them, or ValidationMode::kWarn to send a value fal added after this falcpp release";
    case Advice::kAddTrigger:
      return "start the prompt with \"3DREAL. \" (fal::ltx::EnsureTrigger does)";
    case Advice::kFixBaseUrl:
      return "set ClientOptions' base URLs (or FAL_BASE_URL) to an absolute URL such as "
             "https://queue.fal.run "
             "or http://127.0.0.1:8080";
    case Advice::kWaitForCompletion:
      return "wait for COMPLETED (JobHandle::Wait) first";
    case Advice::kAllowOverwrite:
      return "set DownloadOptions::overwrite to replace it, or choose another path";
    case Advice::kRaiseWaitTimeout:
      return "raise WaitOptions::timeout to wait longer";
    case Advice::kSetOnce:
      return "remove it from extra_json, or leave the typed field unset";
  }
  return "";
}

namespace {
// text without the "; " + AdviceText(advice) it ends with.
std::string WithoutAdvice(const std::string& text, Advice advice) {
  if (advice == Advice::kNone) return text;
  const std::string suffix = "; " + std::string(AdviceText(advice));
  if (text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0)
    return text.substr(0, text.size() - suffix.size());
  return text;
}
}  // namespace

std::string FieldError::Summary() const { return WithoutAdvice(msg, advice); }

Error& Error::WithAdvice(Advice advice) {
  message_ = WithoutAdvice(message_, advice_);
  advice_ = advice;
  summary_size_ = message_.size();
  if (advice != Advice::kNone) message_ += "; " + std::string(AdviceText(advice));
  return *this;
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
