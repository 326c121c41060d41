// The non-template steps of fal::PrepareInput (fal/prepare.hpp): reading the clip, the estimate and the
// cost limit.
#include "fal/prepare.hpp"

#include "platform/file_io.hpp"

namespace fal::internal {

std::optional<ClipInfo> ReadClip(const File& file, const char* field, const ClipProbe& probe,
                                 ValidationReport& report) {
  if (file.kind() != File::Kind::kPath || !probe) return std::nullopt;
  const std::string path = platform::PathToUtf8(file.path());  // what the probe (FFmpeg) opens: UTF-8
  Result<ClipInfo> clip = probe(path);
  if (clip) return std::move(*clip);
  report.findings.push_back(
      {Severity::kError, FieldError{{"body", field},
                                    "cannot read the clip " + path + " (" + clip.error().message() +
                                        "): give a whole, readable video file, or a URL",
                                    "clip_unreadable"}});
  return std::nullopt;
}

ltx::CostEstimate EstimateAndGuard(const char* endpoint_id, const std::string& body,
                                   const std::optional<ClipInfo>& clip, const PrepareSettings& settings,
                                   ValidationReport& report) {
  const std::string_view priced =
      settings.endpoint_id.empty() ? std::string_view(endpoint_id) : std::string_view(settings.endpoint_id);
  ltx::CostEstimate cost = ltx::EstimateCost(priced, body, settings.prices, clip);
  if (settings.max_cost_usd && settings.validation != ValidationMode::kOff) {
    if (std::optional<FieldError> over =
            ltx::CheckCostLimit(cost, *settings.max_cost_usd, "the request", settings.max_cost_name))
      report.findings.push_back({Severity::kError, std::move(*over)});
  }
  return cost;
}

void Append(ValidationReport& to, ValidationReport&& from) {
  for (Finding& f : from.findings) to.findings.push_back(std::move(f));
}

}  // namespace fal::internal
