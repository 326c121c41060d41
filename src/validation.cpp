#include "fal/validation.hpp"

namespace fal {

bool ValidationReport::HasErrors() const {
  for (const Finding& f : findings) {
    if (f.severity == Severity::kError) return true;
  }
  return false;
}

static std::vector<FieldError> Select(const std::vector<Finding>& findings, Severity severity) {
  std::vector<FieldError> out;
  for (const Finding& f : findings) {
    if (f.severity == severity) out.push_back(f.error);
  }
  return out;
}

std::vector<FieldError> ValidationReport::Errors() const { return Select(findings, Severity::kError); }
std::vector<FieldError> ValidationReport::Warnings() const { return Select(findings, Severity::kWarning); }

void ValidationReport::Append(ValidationReport&& other) {
  for (Finding& finding : other.findings) findings.push_back(std::move(finding));
}

std::string ValidationReport::ToString() const {
  std::string out;
  for (const Finding& f : findings) {
    out += f.severity == Severity::kError ? "error: " : "warning: ";
    out += f.error.Path() + ": " + f.error.msg + "\n";
  }
  return out;
}

Result<void> ApplyValidationMode(const ValidationReport& report, ValidationMode mode) {
  if (mode != ValidationMode::kStrict || !report.HasErrors()) return {};
  std::vector<FieldError> errors = report.Errors();
  std::string message = "the request was not sent (nothing was uploaded or queued): ";
  if (errors.size() == 1) {
    message += errors.front().Path() + ": " + errors.front().msg;
  } else {
    // The headline names the fields; each finding is in the list that follows it (field_errors).
    message += std::to_string(errors.size()) + " problems, in ";
    for (std::size_t i = 0; i < errors.size(); ++i) {
      message += (i == 0 ? "" : i + 1 == errors.size() ? " and " : ", ") + errors[i].Path();
    }
  }
  return Error(ErrorCode::kInvalidArgument, std::move(message)).WithFieldErrors(std::move(errors));
}

ValidationReport ReportFromError(const Error& error) {
  ValidationReport report;
  for (const FieldError& e : error.field_errors()) report.findings.push_back({Severity::kError, e});
  return report;
}

}  // namespace fal
