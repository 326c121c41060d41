#include "fal/ltx/frame_budget.hpp"

namespace fal::ltx {

int RenderToRealMaxFrames(RenderResolution resolution) {
  return resolution == RenderResolution::k480p ? kRenderToRealMaxFrames480p : kRenderToRealMaxFrames720p;
}

bool IsFrameBudgetRejection(const Error& error) {
  if (error.code() != ErrorCode::kInvalidArgument) return false;
  for (const FieldError& e : error.field_errors()) {
    // fal's 422 type string for the budget is not documented, so the field is the signal; a local rejection
    // says so by type.
    if (e.type == "budget_exceeded") return true;
    const std::string path = e.Path();
    if (path == "num_frames" || path == "resolution") return true;
  }
  return false;
}

}  // namespace fal::ltx
