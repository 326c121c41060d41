#include "job_outcomes.hpp"

#include <nlohmann/json.hpp>

namespace fal::emulator {
namespace {

struct KnownErrorType {
  const char* type;
  int status;
  const char* message;
};

// fal's request-error table (fal-protocol.md 4.2).
constexpr KnownErrorType kKnownErrorTypes[] = {
    {"request_timeout", 504, "Request timed out"},
    {"startup_timeout", 504, "Runner startup timed out"},
    {"runner_scheduling_failure", 503, "Could not schedule a runner"},
    {"runner_connection_timeout", 503, "Runner connection timed out"},
    {"runner_disconnected", 503, "Runner disconnected"},
    {"runner_connection_refused", 503, "Runner connection refused"},
    {"runner_connection_error", 503, "Runner connection error"},
    {"runner_incomplete_response", 502, "Runner sent an incomplete response"},
    {"runner_server_error", 500, "Runner server error"},
    {"client_disconnected", 499, "Client disconnected"},
    {"client_cancelled", 499, "Request was cancelled"},
    {"bad_request", 400, "Bad request"},
    {"internal_error", 500, "Internal server error"},
};

JobOutcome ErrorOutcome(JobEnd end, int status, const std::string& message, const std::string& error_type) {
  JobOutcome outcome;
  outcome.end = end;
  outcome.result.http_status = status;
  outcome.result.body = nlohmann::json{{"detail", message}, {"error_type", error_type}}.dump();
  outcome.result.headers.emplace_back("X-Fal-Error-Type", error_type);
  outcome.error = message;
  outcome.error_type = error_type;
  return outcome;
}

}  // namespace

JobOutcome ValidationFailure(const InputCheck& check) {
  JobOutcome outcome;
  outcome.end = JobEnd::kFailed;
  outcome.result.http_status = 422;
  outcome.result.body = check.DetailBody().dump();
  outcome.error = "Invalid status code: 422";
  outcome.error_type = "validation_error";
  return outcome;
}

JobOutcome InjectedFailure(const Fault& fault) {
  const std::string type = fault.error_type.empty() ? "runner_disconnected" : fault.error_type;
  int status = 500;
  std::string message = "Injected failure (" + type + ")";
  for (const auto& known : kKnownErrorTypes) {
    if (type == known.type) {
      status = known.status;
      message = known.message;
    }
  }
  if (fault.status > 0) status = fault.status;
  return ErrorOutcome(JobEnd::kFailed, status, message, type);
}

JobOutcome Cancelled() {
  return ErrorOutcome(JobEnd::kCancelled, 499, "Request was cancelled", "client_cancelled");
}

JobOutcome StartTimeout() {
  JobOutcome outcome = ErrorOutcome(JobEnd::kFailed, 504, "Request timed out", "request_timeout");
  outcome.result.headers.emplace_back("X-Fal-Request-Timeout-Type", "user");
  return outcome;
}

std::string DefaultErrorType(int http_status) {
  switch (http_status) {
    case 500:
      return "internal_error";
    case 502:
      return "runner_incomplete_response";
    case 503:
      return "runner_scheduling_failure";
    case 504:
      return "request_timeout";
    default:
      return "";
  }
}

}  // namespace fal::emulator
