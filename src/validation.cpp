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

std::string ValidationReport::ToString() const {
  std::string out;
  for (const Finding& f : findings) {
    out += f.severity == Severity::kError ? "error: " : "warning: ";
    out += f.error.Path() + ": " + f.error.msg + "\n";
  }
  return out;
}

}  // namespace fal
