// fal-ltx's exit codes, and the one place that maps a fal::Error to a code and to the one or two lines
// printed for it.
#pragma once

#include <string_view>

#include "console.hpp"
#include "fal/error.hpp"

namespace fal::cli {

enum ExitCode : int {
  kExitOk = 0,
  kExitInternal = 1,       // a bug in fal-ltx or falcpp (ErrorCode::kInternal)
  kExitInvalidInput = 2,   // a bad flag, a validation finding, a 400/422 from fal
  kExitApiError = 3,       // fal answered with an HTTP error (401, 403, 404, 429, 5xx) or an unreadable body
  kExitJobFailed = 4,      // the job ran and failed
  kExitNetwork = 5,        // fal could not be reached, or a timeout
  kExitNotReady = 6,       // `result ID` without --wait on a job that has not finished: ask again later
  kExitInterrupted = 130,  // Ctrl-C (the job was cancelled on the server first)
};

// The exit code for an error.
int ExitCodeFor(const fal::Error& error);

// Prints `error` as "fal-ltx: <message>" (in flag wording: messages.hpp) and, when there is more to say, a
// second line (HTTP status, request id, a hint) or the field errors one per line. Returns ExitCodeFor(error).
int ReportError(Console& console, const fal::Error& error);

}  // namespace fal::cli
