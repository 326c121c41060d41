#include "exit_codes.hpp"

#include <cstdlib>
#include <string>

#include "messages.hpp"

namespace fal::cli {
namespace {

using fal::ErrorCode;

// The base URL override, since a wrong one is the usual cause of "could not connect".
std::string BaseUrlNote() {
  const char* base = std::getenv("FAL_BASE_URL");
  return base != nullptr && *base != '\0' ? std::string("FAL_BASE_URL is ") + base : "";
}

// A hint for the second line, when the message's own advice (messages.cpp) did not already give one.
std::string Hint(const fal::Error& e) {
  if (e.advice() != fal::Advice::kNone) return "";
  switch (e.code()) {
    case ErrorCode::kPermissionDenied:
      return "the key in FAL_KEY may not do this: check its scope";
    case ErrorCode::kUnavailable:
      return e.http_status() == 0 ? BaseUrlNote() : "";
    case ErrorCode::kDeadlineExceeded:
      return "give it more time (--timeout)";
    default:
      return "";
  }
}

}  // namespace

int ExitCodeFor(const fal::Error& error) {
  if (error.advice() == fal::Advice::kWaitForCompletion) return kExitNotReady;
  switch (error.code()) {
    case ErrorCode::kInvalidArgument:
      return kExitInvalidInput;
    case ErrorCode::kJobFailed:
      return kExitJobFailed;
    case ErrorCode::kCancelled:
      // Without an HTTP status it was our own cancellation (Ctrl-C); with one, fal reports a job that
      // someone cancelled, which is a job that did not succeed.
      return error.http_status() == 0 ? kExitInterrupted : kExitJobFailed;
    case ErrorCode::kDeadlineExceeded:
    case ErrorCode::kAmbiguousSubmit:
      return kExitNetwork;
    case ErrorCode::kUnavailable:
      // 5xx after retries is fal answering badly; no answer at all is the network.
      return error.http_status() == 0 ? kExitNetwork : kExitApiError;
    case ErrorCode::kUnauthenticated:
    case ErrorCode::kPermissionDenied:
    case ErrorCode::kNotFound:
    case ErrorCode::kRateLimited:
    case ErrorCode::kMalformedResponse:
      return kExitApiError;
    case ErrorCode::kInternal:
      break;
  }
  return kExitInternal;
}

int ReportError(Console& console, const fal::Error& error) {
  const std::string message = CliText(error);
  console.Err("fal-ltx: " + message);
  for (const fal::FieldError& f : error.field_errors()) {
    // A headline that already quotes its only finding does not list it again.
    if (error.field_errors().size() == 1 && error.message().find(f.msg) != std::string::npos) break;
    console.Err("  " + (f.Path().empty() ? std::string() : f.Path() + ": ") + CliText(f));
  }
  // The second line adds what the message does not already say.
  auto said = [&message](const std::string& text) { return message.find(text) != std::string::npos; };
  std::string detail;
  auto add = [&detail](const std::string& part) { detail += (detail.empty() ? "" : ", ") + part; };
  if (error.http_status() != 0 && !said("HTTP " + std::to_string(error.http_status()))) {
    add("HTTP " + std::to_string(error.http_status()));
  }
  if (!error.error_type().empty() && !said(error.error_type())) add(error.error_type());
  if (!error.request_id().empty() && !said(error.request_id())) add("request " + error.request_id());
  const std::string hint = Hint(error);
  if (!hint.empty()) detail += (detail.empty() ? "" : "; ") + std::string(hint);
  if (!detail.empty()) console.Err("  " + detail);
  return ExitCodeFor(error);
}

}  // namespace fal::cli
