// How jobs end when they do not succeed, in the shapes fal's queue uses: the job still ends COMPLETED,
// its status carries error and error_type, and its result answers the error body with its HTTP status.
#pragma once

#include <string>

#include "fault_plan.hpp"
#include "job.hpp"
#include "ltx_input_rules.hpp"

namespace fal::emulator {

// The model rejected its input: result 422 with {"detail":[...]}.
JobOutcome ValidationFailure(const InputCheck& check);
// submit:fail[(error_type=...,status=...)]: result {"detail": ..., "error_type": ...}, default
// runner_disconnected / 503.
JobOutcome InjectedFailure(const Fault& fault);
// PUT .../cancel: error_type client_cancelled, result 499.
JobOutcome Cancelled();
// Still queued when the start timeout expired: 504 with X-Fal-Request-Timeout-Type: user.
JobOutcome StartTimeout();

// fal's error types by HTTP status, for injected error answers: 500 internal_error,
// 502 runner_incomplete_response, 503 runner_scheduling_failure, 504 request_timeout; else empty.
std::string DefaultErrorType(int http_status);

}  // namespace fal::emulator
