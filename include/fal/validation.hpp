#pragma once
/// @file
/// Client-side validation: modes and findings. Findings use fal's 422 shape (fal::FieldError), so a local
/// rejection and a server 422 are handled with one code path.

#include <string>
#include <vector>

#include "fal/error.hpp"
#include "fal/export.hpp"
#include "fal/result.hpp"

namespace fal {

/// How strictly a typed request is checked before anything is uploaded or sent.
enum class ValidationMode {
  kStrict,  ///< Errors fail the call locally (ErrorCode::kInvalidArgument, with field errors). The default.
  kWarn,    ///< Errors are logged as warnings and the request is sent as written.
  kOff,     ///< No checks; the request is sent as written.
};

/// Whether a finding blocks a Strict call (kError) or is only reported (kWarning).
enum class Severity { kError, kWarning };

/// One finding: where, what, and whether it blocks a Strict call.
struct FALCPP_EXPORT Finding {
  Severity severity = Severity::kError;  ///< Error or warning.
  FieldError error;                      ///< loc, msg (what was given, the limit, the fix) and type.
};

/// All findings for one request, in the order the rules ran.
struct FALCPP_EXPORT ValidationReport {
  std::vector<Finding> findings;  ///< Every finding, in the order the rules ran.

  bool HasErrors() const;                    ///< True when a finding has severity error.
  std::vector<FieldError> Errors() const;    ///< The findings of severity error.
  std::vector<FieldError> Warnings() const;  ///< The findings of severity warning.
  /// One line per finding, "error: num_frames: ..." / "warning: ...".
  std::string ToString() const;
  /// Moves `other`'s findings to the end of this report, keeping their order.
  void Append(ValidationReport&& other);
};

/// Applies `mode` to `report`, purely (no logging, no I/O):
/// - kStrict: an error with ErrorCode::kInvalidArgument when the report has errors, carrying report.Errors()
///   as field errors and naming the first one in the message; ok when it has only warnings or nothing.
/// - kWarn, kOff: always ok. (Under kWarn the caller logs report.findings; under kOff it need not validate.)
///
/// @par Thread safety
/// A pure function.
FALCPP_EXPORT Result<void> ApplyValidationMode(const ValidationReport& report, ValidationMode mode);

/// The field errors of `error` (say, a server 422, or a local Strict rejection) as a report of error
/// findings, so local and server findings go through one code path. Empty when the error has none.
///
/// @par Thread safety
/// A pure function.
FALCPP_EXPORT ValidationReport ReportFromError(const Error& error);

}  // namespace fal
